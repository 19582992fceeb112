/* veil-pixel-region.h: a rectangle of an image to black out, and why.
 *
 * Regions are what the reviewer sees and edits (accept, move, add, remove) and what the
 * redactor fills. Coordinates are pixels of the stored image (column x, row y), the same in
 * every frame.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A region for every frame of the image (templates, and text seen in any frame of a cine,
 * whose overlays do not move). */
#define VEIL_PIXEL_ALL_FRAMES G_MAXUINT

typedef struct {
  guint frame;  /* 0-based frame, or VEIL_PIXEL_ALL_FRAMES */
  int x, y, width, height;
  char *reason; /* "OCR read \"SMITH\" (patient name)", "template SIEMMENS (CTP)" */
} VeilPixelRegion;

VeilPixelRegion *veil_pixel_region_new (guint frame, int x, int y, int width, int height,
                                        const char *reason);
VeilPixelRegion *veil_pixel_region_copy (const VeilPixelRegion *region);
void veil_pixel_region_free (VeilPixelRegion *region);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilPixelRegion, veil_pixel_region_free)

/* An empty array that frees its regions. */
GPtrArray *veil_pixel_regions_new (void);

/* Cuts the region to a `columns` × `rows` image; FALSE if nothing of it is left. */
gboolean veil_pixel_region_clip (VeilPixelRegion *region, guint columns, guint rows);

/* TRUE if the region covers the pixel (x, y) of `frame`. */
gboolean veil_pixel_region_covers (const VeilPixelRegion *region, guint frame, int x, int y);

/* Folds regions that another region of the same frame (or of every frame) already contains
 * into it, and regions that overlap mostly (their intersection is at least half of the
 * smaller) into their union, so a word read in several passes or frames is one box with
 * one reason. Order is kept otherwise. */
void veil_pixel_regions_merge (GPtrArray *regions);

G_END_DECLS
