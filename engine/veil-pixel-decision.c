/* veil-pixel-decision.c: the stored form of a reviewer's boxes (see veil-pixel-decision.h). */

#include "veil-pixel-decision.h"

#include "veil-pixel-region.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#define REVIEWER_REASON "reviewer's box"

char *
veil_pixel_decision_to_string (VeilPixelDecision decision, GPtrArray *regions)
{
  switch (decision)
    {
    case VEIL_PIXEL_DECISION_ACCEPT:
      return g_strdup ("accept");
    case VEIL_PIXEL_DECISION_NO_TEXT:
      return g_strdup ("no-text");
    case VEIL_PIXEL_DECISION_BOXES:
      break;
    case VEIL_PIXEL_DECISION_NONE:
    default:
      return NULL;
    }

  GString *text = g_string_new ("boxes:");
  for (guint i = 0; regions != NULL && i < regions->len; i++)
    {
      const VeilPixelRegion *r = g_ptr_array_index (regions, i);
      if (i > 0)
        g_string_append_c (text, ';');
      if (r->frame == VEIL_PIXEL_ALL_FRAMES)
        g_string_append_c (text, '*');
      else
        g_string_append_printf (text, "%u", r->frame);
      g_string_append_printf (text, ",%d,%d,%d,%d", r->x, r->y, r->width, r->height);
    }
  return g_string_free (text, FALSE);
}

static gboolean
parse_int (const char *text, gint64 max, gint64 *out)
{
  char *end = NULL;
  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  gint64 value = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || value < 0 || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

static VeilPixelRegion *
parse_box (const char *entry)
{
  g_auto (GStrv) parts = g_strsplit (entry, ",", -1);
  gint64 frame = VEIL_PIXEL_ALL_FRAMES, v[4];

  if (g_strv_length (parts) != 5)
    return NULL;
  if (!g_str_equal (parts[0], "*") && !parse_int (parts[0], G_MAXUINT - 1, &frame))
    return NULL;
  for (guint i = 0; i < 4; i++)
    if (!parse_int (parts[i + 1], G_MAXINT / 2, &v[i]))
      return NULL;
  if (v[2] == 0 || v[3] == 0)
    return NULL;
  return veil_pixel_region_new ((guint) frame, (int) v[0], (int) v[1], (int) v[2], (int) v[3],
                                REVIEWER_REASON);
}

gboolean
veil_pixel_decision_parse (const char *text, VeilPixelDecision *decision, GPtrArray **regions,
                           GError **error)
{
  if (regions != NULL)
    *regions = NULL;
  if (g_strcmp0 (text, "accept") == 0)
    {
      *decision = VEIL_PIXEL_DECISION_ACCEPT;
      return TRUE;
    }
  if (g_strcmp0 (text, "no-text") == 0)
    {
      *decision = VEIL_PIXEL_DECISION_NO_TEXT;
      return TRUE;
    }
  if (text == NULL || !g_str_has_prefix (text, "boxes:"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "unknown burned-in text decision “%s”", text ? text : "");
      return FALSE;
    }

  g_autoptr (GPtrArray) boxes = veil_pixel_regions_new ();
  const char *list = text + strlen ("boxes:");
  g_auto (GStrv) entries = *list ? g_strsplit (list, ";", VEIL_PIXEL_DECISION_MAX_BOXES + 1)
                                 : g_new0 (char *, 1);
  if (g_strv_length (entries) > VEIL_PIXEL_DECISION_MAX_BOXES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "a burned-in text decision has more than %u boxes",
                   VEIL_PIXEL_DECISION_MAX_BOXES);
      return FALSE;
    }
  for (guint i = 0; entries[i] != NULL; i++)
    {
      VeilPixelRegion *box = parse_box (entries[i]);
      if (box == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "a burned-in text decision has a malformed box “%s”", entries[i]);
          return FALSE;
        }
      g_ptr_array_add (boxes, box);
    }
  *decision = VEIL_PIXEL_DECISION_BOXES;
  if (regions != NULL)
    *regions = g_steal_pointer (&boxes);
  return TRUE;
}
