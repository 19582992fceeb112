/* test-pixel-region.c: clipping, coverage and merging of regions to black out. */

#include "veil-pixel-region.h"

#include <string.h>

static void
test_clip (void)
{
  g_autoptr (VeilPixelRegion) inside = veil_pixel_region_new (0, 10, 20, 30, 40, "a");
  g_assert_true (veil_pixel_region_clip (inside, 100, 100));
  g_assert_cmpint (inside->x, ==, 10);
  g_assert_cmpint (inside->width, ==, 30);

  g_autoptr (VeilPixelRegion) across = veil_pixel_region_new (0, -5, 90, 20, 40, "b");
  g_assert_true (veil_pixel_region_clip (across, 100, 100));
  g_assert_cmpint (across->x, ==, 0);
  g_assert_cmpint (across->y, ==, 90);
  g_assert_cmpint (across->width, ==, 15);
  g_assert_cmpint (across->height, ==, 10);

  g_autoptr (VeilPixelRegion) outside = veil_pixel_region_new (0, 200, 0, 10, 10, "c");
  g_assert_false (veil_pixel_region_clip (outside, 100, 100));
  g_autoptr (VeilPixelRegion) empty = veil_pixel_region_new (0, 0, 0, 0, 10, "d");
  g_assert_false (veil_pixel_region_clip (empty, 100, 100));
  /* Values a reviewer's file could hold must not overflow. */
  g_autoptr (VeilPixelRegion) huge = veil_pixel_region_new (0, G_MAXINT - 1, G_MAXINT - 1, G_MAXINT,
                                                            G_MAXINT, "e");
  g_assert_false (veil_pixel_region_clip (huge, 100, 100));
  g_autoptr (VeilPixelRegion) wide = veil_pixel_region_new (0, G_MININT, G_MININT, G_MAXINT,
                                                            G_MAXINT, "f");
  g_assert_false (veil_pixel_region_clip (wide, 100, 100));
}

static void
test_covers (void)
{
  g_autoptr (VeilPixelRegion) one = veil_pixel_region_new (2, 10, 10, 5, 5, "a");
  g_autoptr (VeilPixelRegion) all = veil_pixel_region_new (VEIL_PIXEL_ALL_FRAMES, 10, 10, 5, 5, "b");

  g_assert_true (veil_pixel_region_covers (one, 2, 10, 10));
  g_assert_true (veil_pixel_region_covers (one, 2, 14, 14));
  g_assert_false (veil_pixel_region_covers (one, 2, 15, 14));
  g_assert_false (veil_pixel_region_covers (one, 1, 12, 12));
  g_assert_true (veil_pixel_region_covers (all, 7, 12, 12));
}

static void
test_merge (void)
{
  g_autoptr (GPtrArray) regions = veil_pixel_regions_new ();
  /* The same word read twice, slightly offset; a region inside another; a separate one; and
   * the same box in another frame, which must stay separate. */
  g_ptr_array_add (regions, veil_pixel_region_new (0, 10, 10, 40, 10, "OCR read \"SMITH\""));
  g_ptr_array_add (regions, veil_pixel_region_new (0, 12, 11, 40, 10, "OCR read \"SM1TH\""));
  g_ptr_array_add (regions, veil_pixel_region_new (0, 0, 0, 100, 30, "template"));
  g_ptr_array_add (regions, veil_pixel_region_new (0, 10, 60, 10, 10, "OCR read \"1945\""));
  g_ptr_array_add (regions, veil_pixel_region_new (1, 10, 10, 40, 10, "OCR read \"SMITH\""));
  veil_pixel_regions_merge (regions);

  g_assert_cmpuint (regions->len, ==, 3);
  VeilPixelRegion *first = g_ptr_array_index (regions, 0);
  g_assert_cmpint (first->x, ==, 0);
  g_assert_cmpint (first->width, ==, 100);
  g_assert_nonnull (strstr (first->reason, "SMITH"));
  g_assert_nonnull (strstr (first->reason, "SM1TH"));
  g_assert_nonnull (strstr (first->reason, "template"));
  g_assert_cmpuint (((VeilPixelRegion *) g_ptr_array_index (regions, 2))->frame, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pixel-region/clip", test_clip);
  g_test_add_func ("/pixel-region/covers", test_covers);
  g_test_add_func ("/pixel-region/merge", test_merge);
  return g_test_run ();
}
