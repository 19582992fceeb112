/* veil-pixel-region.c: rectangles to black out (see veil-pixel-region.h). */

#include "veil-pixel-region.h"

#include <string.h>

/* Reasons of merged regions are joined up to this length; a region read in every frame of a
 * long cine would otherwise carry the same words hundreds of times. */
#define MAX_REASON 512

VeilPixelRegion *
veil_pixel_region_new (guint frame, int x, int y, int width, int height, const char *reason)
{
  VeilPixelRegion *region = g_new0 (VeilPixelRegion, 1);
  region->frame = frame;
  region->x = x;
  region->y = y;
  region->width = width;
  region->height = height;
  region->reason = g_strdup (reason ? reason : "");
  return region;
}

VeilPixelRegion *
veil_pixel_region_copy (const VeilPixelRegion *region)
{
  return veil_pixel_region_new (region->frame, region->x, region->y, region->width,
                                region->height, region->reason);
}

void
veil_pixel_region_free (VeilPixelRegion *region)
{
  if (region == NULL)
    return;
  g_free (region->reason);
  g_free (region);
}

GPtrArray *
veil_pixel_regions_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) veil_pixel_region_free);
}

gboolean
veil_pixel_region_clip (VeilPixelRegion *region, guint columns, guint rows)
{
  /* 64-bit arithmetic: a region read from a reviewer's file may hold any int. */
  gint64 x0 = MAX ((gint64) region->x, 0);
  gint64 y0 = MAX ((gint64) region->y, 0);
  gint64 x1 = MIN ((gint64) region->x + region->width, (gint64) columns);
  gint64 y1 = MIN ((gint64) region->y + region->height, (gint64) rows);

  if (region->width <= 0 || region->height <= 0 || x1 <= x0 || y1 <= y0)
    {
      region->width = region->height = 0;
      return FALSE;
    }
  region->x = (int) x0;
  region->y = (int) y0;
  region->width = (int) (x1 - x0);
  region->height = (int) (y1 - y0);
  return TRUE;
}

gboolean
veil_pixel_region_covers (const VeilPixelRegion *region, guint frame, int x, int y)
{
  if (region->frame != VEIL_PIXEL_ALL_FRAMES && region->frame != frame)
    return FALSE;
  return x >= region->x && (gint64) x < (gint64) region->x + region->width && y >= region->y
         && (gint64) y < (gint64) region->y + region->height;
}

static gint64
intersection_area (const VeilPixelRegion *a, const VeilPixelRegion *b)
{
  gint64 x0 = MAX (a->x, b->x), y0 = MAX (a->y, b->y);
  gint64 x1 = MIN ((gint64) a->x + a->width, (gint64) b->x + b->width);
  gint64 y1 = MIN ((gint64) a->y + a->height, (gint64) b->y + b->height);
  return x1 > x0 && y1 > y0 ? (x1 - x0) * (y1 - y0) : 0;
}

/* Whether `b` can be folded into `a`: same frame (or `a` covers every frame and `b` is then
 * redundant only if contained), and enough overlap. */
static gboolean
can_fold (const VeilPixelRegion *a, const VeilPixelRegion *b)
{
  if (a->frame != b->frame)
    return FALSE;
  gint64 area_a = (gint64) a->width * a->height, area_b = (gint64) b->width * b->height;
  gint64 common = intersection_area (a, b);
  return common > 0 && 2 * common >= MIN (area_a, area_b);
}

void
veil_pixel_regions_merge (GPtrArray *regions)
{
  gboolean changed = TRUE;

  /* Folding grows a region, which may let it swallow one it did not reach before; the loop
   * runs until nothing folds, at most n times (each fold removes a region). */
  while (changed)
    {
      changed = FALSE;
      for (guint i = 0; i < regions->len; i++)
        {
          VeilPixelRegion *a = g_ptr_array_index (regions, i);
          for (guint j = i + 1; j < regions->len;)
            {
              VeilPixelRegion *b = g_ptr_array_index (regions, j);
              if (!can_fold (a, b))
                {
                  j++;
                  continue;
                }
              int x0 = MIN (a->x, b->x), y0 = MIN (a->y, b->y);
              int x1 = MAX (a->x + a->width, b->x + b->width);
              int y1 = MAX (a->y + a->height, b->y + b->height);
              a->x = x0;
              a->y = y0;
              a->width = x1 - x0;
              a->height = y1 - y0;
              if (strstr (a->reason, b->reason) == NULL && strlen (a->reason) < MAX_REASON)
                {
                  char *joined = g_strdup_printf ("%s; %s", a->reason, b->reason);
                  g_free (a->reason);
                  a->reason = joined;
                }
              g_ptr_array_remove_index (regions, j);
              changed = TRUE;
            }
        }
    }
}
