/* veil-datetime.c: DICOM DA/DT/TM values — validation, whole-day shifting, written forms.
 *
 * All calendar work is plain integer arithmetic on the proleptic Gregorian calendar (Howard
 * Hinnant's days_from_civil / civil_from_days). Nothing here consults the locale, the time
 * zone database or GDateTime: a shift must give the same answer on every machine, and a DT's
 * UTC offset is carried through as text rather than interpreted.
 */
#include "veil-datetime.h"

#include <gio/gio.h>
#include <string.h>

#define MIN_YEAR 1
#define MAX_YEAR 9999

static const char *const month_abbrev[12] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static const char *const month_name[12] = {
  "January", "February", "March",     "April",   "May",      "June",
  "July",    "August",   "September", "October", "November", "December",
};

/* Days since 1970-01-01 of a civil date. Valid for any y; m in 1..12, d in 1..31. */
static gint64
days_from_civil (gint64 y, unsigned m, unsigned d)
{
  gint64 era;
  unsigned yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

static void
civil_from_days (gint64 z, gint64 *out_y, unsigned *out_m, unsigned *out_d)
{
  gint64 era;
  unsigned doe, yoe, doy, mp, m;
  gint64 y;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = (gint64) yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  m = mp < 10 ? mp + 3 : mp - 9;

  *out_y = y + (m <= 2);
  *out_m = m;
  *out_d = doy - (153 * mp + 2) / 5 + 1;
}

static gboolean
is_leap_year (unsigned y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
days_in_month (unsigned y, unsigned m)
{
  static const unsigned dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m == 2 && is_leap_year (y))
    return 29;
  return dim[m - 1];
}

static gboolean
date_is_valid (unsigned y, unsigned m, unsigned d)
{
  return y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 && d >= 1
         && d <= days_in_month (y, m);
}

/* Exactly n ASCII digits (g_ascii_isdigit, so no locale and no sign or space). */
static gboolean
parse_digits (const char *s, gsize n, unsigned *out)
{
  unsigned v = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (unsigned) (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

static gsize
count_digits (const char *s, gsize len)
{
  gsize n = 0;

  while (n < len && g_ascii_isdigit (s[n]))
    n++;
  return n;
}

/* YYYYMMDD, or the legacy (pre-1993) YYYY.MM.DD. */
static gboolean
parse_da (const char *s, gsize len, gint64 *out_days)
{
  unsigned y, m, d;

  if (len == 8)
    {
      if (!parse_digits (s, 4, &y) || !parse_digits (s + 4, 2, &m) || !parse_digits (s + 6, 2, &d))
        return FALSE;
    }
  else if (len == 10 && s[4] == '.' && s[7] == '.')
    {
      if (!parse_digits (s, 4, &y) || !parse_digits (s + 5, 2, &m) || !parse_digits (s + 8, 2, &d))
        return FALSE;
    }
  else
    return FALSE;

  if (!date_is_valid (y, m, d))
    return FALSE;
  *out_days = days_from_civil (y, m, d);
  return TRUE;
}

static void
set_invalid_error (GError **error, const char *vr, const char *value)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Invalid %s value “%s”", vr, value);
}

/* Shifts `days` by `shift` and returns the civil date, or FALSE when the result leaves the
 * years DICOM can write (0001–9999). */
static gboolean
shift_to_civil (gint64 days, int shift, unsigned *out_y, unsigned *out_m, unsigned *out_d)
{
  gint64 y;

  civil_from_days (days + shift, &y, out_m, out_d);
  if (y < MIN_YEAR || y > MAX_YEAR)
    return FALSE;
  *out_y = (unsigned) y;
  return TRUE;
}

static void
set_range_error (GError **error, const char *vr, const char *value, int days)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "Shifting %s value “%s” by %d days leaves the years 0001–9999", vr, value, days);
}

/* One date of a DA (never empty here). Appends the shifted YYYYMMDD to out. */
static gboolean
shift_one_da (const char *s, gsize len, int shift, GString *out, GError **error)
{
  g_autofree char *text = g_strndup (s, len);
  gint64 days;
  unsigned y, m, d;

  if (!parse_da (s, len, &days))
    {
      set_invalid_error (error, "DA", text);
      return FALSE;
    }
  if (!shift_to_civil (days, shift, &y, &m, &d))
    {
      set_range_error (error, "DA", text, shift);
      return FALSE;
    }
  g_string_append_printf (out, "%04u%02u%02u", y, m, d);
  return TRUE;
}

char *
veil_da_shift (const char *value, int days, GError **error)
{
  g_auto (GStrv) values = NULL;
  g_autoptr (GString) out = NULL;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_string_new (NULL);
  values = g_strsplit (value, "\\", -1);
  for (guint i = 0; values[i] != NULL; i++)
    {
      /* DICOM pads DA with trailing spaces; tolerate padding either side. */
      char *v = g_strstrip (values[i]);
      const char *dash = strchr (v, '-');

      if (i > 0)
        g_string_append_c (out, '\\');
      if (*v == '\0')
        continue;

      if (dash == NULL)
        {
          if (!shift_one_da (v, strlen (v), days, out, error))
            return NULL;
          continue;
        }

      /* A range: "A-B", "-B" or "A-". A date never contains '-', so the first one splits. */
      if (strchr (dash + 1, '-') != NULL || (dash == v && dash[1] == '\0'))
        {
          set_invalid_error (error, "DA", v);
          return NULL;
        }
      if (dash > v && !shift_one_da (v, (gsize) (dash - v), days, out, error))
        return NULL;
      g_string_append_c (out, '-');
      if (dash[1] != '\0' && !shift_one_da (dash + 1, strlen (dash + 1), days, out, error))
        return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* One DT value (stripped, non-empty). The date digits are rewritten; everything after them
 * (time, fraction, offset) is validated and then copied byte for byte. */
static gboolean
shift_one_dt (const char *v, int shift, GString *out, GError **error)
{
  gsize len = strlen (v);
  gsize n = count_digits (v, len);
  gsize pos = n;
  unsigned y = 0, m = 1, d = 1, hh = 0, mm = 0, ss = 0;
  gint64 days;

  if (n != 4 && n != 6 && n != 8 && n != 10 && n != 12 && n != 14)
    goto invalid;

  parse_digits (v, 4, &y);
  if (n >= 6)
    parse_digits (v + 4, 2, &m);
  if (n >= 8)
    parse_digits (v + 6, 2, &d);
  if (n >= 10)
    parse_digits (v + 8, 2, &hh);
  if (n >= 12)
    parse_digits (v + 10, 2, &mm);
  if (n >= 14)
    parse_digits (v + 12, 2, &ss);

  if (!date_is_valid (y, m, d) || hh > 23 || mm > 59 || ss > 60) /* 60: leap second */
    goto invalid;

  if (pos < len && v[pos] == '.')
    {
      gsize f = count_digits (v + pos + 1, len - pos - 1);

      if (n != 14 || f < 1 || f > 6)
        goto invalid;
      pos += 1 + f;
    }

  if (pos < len && (v[pos] == '+' || v[pos] == '-'))
    {
      unsigned zz, xx;

      /* DICOM offsets run from -1200 to +1400. */
      if (len - pos != 5 || !parse_digits (v + pos + 1, 2, &zz)
          || !parse_digits (v + pos + 3, 2, &xx) || zz > 14 || xx > 59)
        goto invalid;
      pos += 5;
    }

  if (pos != len)
    goto invalid;

  days = days_from_civil (y, m, d);
  if (!shift_to_civil (days, shift, &y, &m, &d))
    {
      set_range_error (error, "DT", v, shift);
      return FALSE;
    }

  /* A year or year-month DT was shifted through its first day; write back only the
   * precision it had. */
  g_string_append_printf (out, "%04u", y);
  if (n >= 6)
    g_string_append_printf (out, "%02u", m);
  if (n >= 8)
    g_string_append_printf (out, "%02u", d);
  g_string_append (out, v + MIN (n, 8));
  return TRUE;

invalid:
  set_invalid_error (error, "DT", v);
  return FALSE;
}

char *
veil_dt_shift (const char *value, int days, GError **error)
{
  g_auto (GStrv) values = NULL;
  g_autoptr (GString) out = NULL;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* DT ranges (query-only in DICOM) are not accepted: "A-B" cannot be told apart from a
   * value with a negative UTC offset, so such a value is reported invalid. */
  out = g_string_new (NULL);
  values = g_strsplit (value, "\\", -1);
  for (guint i = 0; values[i] != NULL; i++)
    {
      char *v = g_strstrip (values[i]);

      if (i > 0)
        g_string_append_c (out, '\\');
      if (*v != '\0' && !shift_one_dt (v, days, out, error))
        return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* HH[MM[SS[.F{1-6}]]] or the legacy HH:MM[:SS[.F{1-6}]]; trailing space padding allowed. */
static gboolean
tm_value_is_valid (const char *v, gsize len)
{
  unsigned hh = 0, mm = 0, ss = 0;
  gsize pos;
  gboolean have_seconds;

  while (len > 0 && v[len - 1] == ' ')
    len--;

  if (len >= 5 && v[2] == ':')
    {
      /* Legacy ACR-NEMA form. */
      if (!parse_digits (v, 2, &hh) || !parse_digits (v + 3, 2, &mm))
        return FALSE;
      pos = 5;
      have_seconds = FALSE;
      if (pos < len && v[pos] == ':')
        {
          if (len < 8 || !parse_digits (v + 6, 2, &ss))
            return FALSE;
          pos = 8;
          have_seconds = TRUE;
        }
    }
  else
    {
      gsize n = count_digits (v, len);

      if (n != 2 && n != 4 && n != 6)
        return FALSE;
      parse_digits (v, 2, &hh);
      if (n >= 4)
        parse_digits (v + 2, 2, &mm);
      if (n >= 6)
        parse_digits (v + 4, 2, &ss);
      pos = n;
      have_seconds = n == 6;
    }

  if (hh > 23 || mm > 59 || ss > 60) /* 60: leap second */
    return FALSE;

  if (pos < len && v[pos] == '.')
    {
      gsize f = count_digits (v + pos + 1, len - pos - 1);

      if (!have_seconds || f < 1 || f > 6)
        return FALSE;
      pos += 1 + f;
    }

  return pos == len;
}

gboolean
veil_tm_is_valid (const char *value)
{
  const char *p;

  if (value == NULL)
    return FALSE;

  /* Multi-valued TM: every value must be valid. An empty value (zero-length TM, or an empty
   * slot in a list) is not wrong, so it passes. */
  p = value;
  for (;;)
    {
      const char *end = strchr (p, '\\');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
      gsize blank = 0;

      while (blank < len && p[blank] == ' ')
        blank++;
      if (blank < len && !tm_value_is_valid (p, len))
        return FALSE;
      if (end == NULL)
        break;
      p = end + 1;
    }
  return TRUE;
}

gboolean
veil_da_is_valid (const char *value)
{
  gint64 days;

  return veil_da_to_days (value, &days);
}

gboolean
veil_da_to_days (const char *da, gint64 *out_days)
{
  gint64 days;

  /* Strictly YYYYMMDD: the legacy dotted form is accepted only by veil_da_shift(). */
  if (da == NULL || strlen (da) != 8 || !parse_da (da, 8, &days))
    return FALSE;
  if (out_days != NULL)
    *out_days = days;
  return TRUE;
}

char *
veil_days_to_da (gint64 days)
{
  gint64 y;
  unsigned m, d;

  /* Keep the arithmetic far from overflow; anything this far out is out of range anyway. */
  if (days < -(G_GINT64_CONSTANT (1) << 40) || days > G_GINT64_CONSTANT (1) << 40)
    return NULL;
  civil_from_days (days, &y, &m, &d);
  if (y < MIN_YEAR || y > MAX_YEAR)
    return NULL;
  return g_strdup_printf ("%04u%02u%02u", (unsigned) y, m, d);
}

static const char *
ordinal_suffix (unsigned d)
{
  if (d % 100 >= 11 && d % 100 <= 13)
    return "th";
  switch (d % 10)
    {
    case 1:
      return "st";
    case 2:
      return "nd";
    case 3:
      return "rd";
    default:
      return "th";
    }
}

static void
add_form (GPtrArray *forms, char *form)
{
  for (guint i = 0; i < forms->len; i++)
    {
      if (strcmp (g_ptr_array_index (forms, i), form) == 0)
        {
          g_free (form);
          return;
        }
    }
  g_ptr_array_add (forms, form);
}

char **
veil_da_written_forms (const char *da)
{
  GPtrArray *forms;
  g_autofree char *upper = NULL;
  unsigned y, m, d, yy;
  const char *mon, *month;
  gint64 days, year;

  if (!veil_da_to_days (da, &days))
    return NULL;
  civil_from_days (days, &year, &m, &d);
  y = (unsigned) year;
  yy = y % 100;
  mon = month_abbrev[m - 1];
  month = month_name[m - 1];
  upper = g_ascii_strup (mon, -1);

  /* Padded and unpadded variants are both generated and the duplicates dropped, so a day or
   * month >= 10 yields one form and 1 January yields both "01 Jan" and "1 Jan". */
  forms = g_ptr_array_new ();
  add_form (forms, g_strdup_printf ("%04u%02u%02u", y, m, d));
  add_form (forms, g_strdup_printf ("%04u-%02u-%02u", y, m, d));
  add_form (forms, g_strdup_printf ("%02u/%02u/%04u", d, m, y));
  add_form (forms, g_strdup_printf ("%u/%u/%04u", d, m, y));
  add_form (forms, g_strdup_printf ("%02u.%02u.%04u", d, m, y));
  add_form (forms, g_strdup_printf ("%u.%u.%04u", d, m, y));
  add_form (forms, g_strdup_printf ("%02u-%02u-%04u", d, m, y));
  add_form (forms, g_strdup_printf ("%02u.%02u.%02u", d, m, yy));
  add_form (forms, g_strdup_printf ("%02u/%02u/%02u", d, m, yy));
  add_form (forms, g_strdup_printf ("%u.%u.%02u", d, m, yy));
  add_form (forms, g_strdup_printf ("%u/%u/%02u", d, m, yy));
  add_form (forms, g_strdup_printf ("%u %s %04u", d, mon, y));
  add_form (forms, g_strdup_printf ("%02u %s %04u", d, mon, y));
  add_form (forms, g_strdup_printf ("%u %s %04u", d, month, y));
  add_form (forms, g_strdup_printf ("%02u %s %04u", d, month, y));
  add_form (forms, g_strdup_printf ("%u%s %s %04u", d, ordinal_suffix (d), month, y));
  add_form (forms, g_strdup_printf ("%u-%s-%04u", d, mon, y));
  add_form (forms, g_strdup_printf ("%02u-%s-%04u", d, mon, y));
  add_form (forms, g_strdup_printf ("%u %s %04u", d, upper, y));
  add_form (forms, g_strdup_printf ("%02u %s %04u", d, upper, y));
  add_form (forms, g_strdup_printf ("%02u/%02u/%04u", m, d, y)); /* US order */
  add_form (forms, g_strdup_printf ("%04u.%02u.%02u", y, m, d));
  add_form (forms, g_strdup_printf ("%04u/%02u/%02u", y, m, d));
  g_ptr_array_add (forms, NULL);

  return (char **) g_ptr_array_free (forms, FALSE);
}
