/* veil-format.c: how engine values are shown to a person
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These only rearrange strings the engine already decoded; nothing here
 * reads DICOM or documents.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "veil-format.h"

/**
 * veil_format_person_name:
 * @pn: a DICOM person name as the engine gives it ("FAMILY^Given^Middle^Prefix^Suffix")
 *
 * Returns: the name as a records officer writes it in a register,
 *   "FAMILY, Given Middle (Prefix)", or a copy of @pn if it has no carets.
 */
char *
veil_format_person_name (const char *pn)
{
  g_auto(GStrv) parts = NULL;
  GString *out;
  guint n;

  if (pn == NULL || *pn == '\0')
    return g_strdup ("");

  /* Only the alphabetic group: ideographic and phonetic groups after '='
   * are rare in UK records and would make the sidebar unreadable. */
  parts = g_strsplit (pn, "=", 2);
  if (strchr (parts[0], '^') == NULL)
    return g_strdup (parts[0]);

  {
    g_auto(GStrv) comps = g_strsplit (parts[0], "^", 5);
    const char *family;
    const char *given;
    const char *middle;
    const char *prefix;
    const char *suffix;

    n = g_strv_length (comps);
    family = n > 0 ? comps[0] : "";
    given = n > 1 ? comps[1] : "";
    middle = n > 2 ? comps[2] : "";
    prefix = n > 3 ? comps[3] : "";
    suffix = n > 4 ? comps[4] : "";

    out = g_string_new (family);
    if (*given || *middle)
      {
        if (out->len > 0)
          g_string_append (out, ", ");
        g_string_append (out, given);
        if (*given && *middle)
          g_string_append_c (out, ' ');
        g_string_append (out, middle);
      }
    if (*suffix)
      g_string_append_printf (out, " %s", suffix);
    if (*prefix)
      g_string_append_printf (out, " (%s)", prefix);
  }

  return g_string_free (out, FALSE);
}

/**
 * veil_format_da:
 * @da: a DICOM date, "YYYYMMDD"
 *
 * Returns: the date in the UK's written form ("15 Jan 2024"), or %NULL if
 *   @da is not a date.
 */
char *
veil_format_da (const char *da)
{
  g_autoptr(GDateTime) date = NULL;
  int year;
  int month;
  int day;

  if (da == NULL || strlen (da) < 8)
    return NULL;

  for (guint i = 0; i < 8; i++)
    if (!g_ascii_isdigit (da[i]))
      return NULL;

  year = (da[0] - '0') * 1000 + (da[1] - '0') * 100 + (da[2] - '0') * 10 + (da[3] - '0');
  month = (da[4] - '0') * 10 + (da[5] - '0');
  day = (da[6] - '0') * 10 + (da[7] - '0');

  if (!g_date_valid_dmy (day, month, year))
    return NULL;

  date = g_date_time_new_utc (year, month, day, 0, 0, 0);
  if (date == NULL)
    return NULL;

  /* Translators: a study date, see the strftime() manual page. UK style,
   * day first: "15 Jan 2024". */
  return g_date_time_format (date, _("%-d %b %Y"));
}

char *
veil_format_size (guint64 bytes)
{
  return g_format_size (bytes);
}

/**
 * veil_format_is_report:
 * @display_name: an input's name as the engine reports it
 *
 * Documents are told apart from images by name only: the app must not open
 * them, and the report engine will classify them properly when it lands.
 *
 * Returns: %TRUE if the input looks like a report or request form
 */
gboolean
veil_format_is_report (const char *display_name)
{
  static const char *suffixes[] = { ".pdf", ".docx", ".doc", ".odt", ".rtf", ".txt" };
  g_autofree char *lower = NULL;

  if (display_name == NULL)
    return FALSE;

  lower = g_utf8_strdown (display_name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;

  return FALSE;
}

/**
 * veil_format_basename:
 * @display_name: a path, or a zip member such as "study.zip!/IMG/0001"
 *
 * Returns: the last component, for a row title; the full name goes in the
 *   tooltip.
 */
char *
veil_format_basename (const char *display_name)
{
  const char *slash;

  if (display_name == NULL)
    return g_strdup ("");

  slash = strrchr (display_name, '/');
  if (slash != NULL && slash[1] != '\0')
    return g_strdup (slash + 1);

  return g_strdup (display_name);
}
