/* veil-pixel-redactor.h: blacking out regions in the pixel data itself.
 *
 * The regions are filled in every frame they apply to, in the stored values (not a
 * presentation state, not an overlay): the darkest value the image can show (0 for
 * MONOCHROME2 and RGB, the largest stored value for MONOCHROME1, the image's own extreme for
 * signed data, black for YBR and palette colour). Pixels outside the regions keep their exact
 * values.
 *
 * Compressed images stay compressed where the round trip is lossless (RLE, JPEG lossless,
 * JPEG-LS lossless): they are decoded, filled and encoded again in their own transfer syntax.
 * Lossy ones (JPEG baseline/extended, JPEG-LS near-lossless) cannot be re-encoded without a
 * second loss, so they are written as Explicit VR Little Endian, LossyImageCompression stays
 * "01", and the result says so. Transfer syntaxes this DCMTK cannot decode (JPEG 2000,
 * video) fail.
 *
 * Overlay planes (60xx) are removed, whether their bitmap is in (60xx,3000) or in unused
 * bits of the pixel cells (those bits are cleared): they are where consoles draw names and
 * arrows, and Basic Profile removes them. The Icon Image Sequence (a thumbnail with the same
 * burned-in text) is removed. When pixels were filled, BurnedInAnnotation becomes NO; the
 * caller adds CID 7050 code 113101 (Clean Pixel Data) through the de-identifier.
 */
#pragma once

#include "veil-dicom-bridge.h"
#include "veil-pixel-region.h"

G_BEGIN_DECLS

typedef struct {
  gboolean cleaned;           /* pixel values were filled: record Clean Pixel Data (113101) */
  gboolean pixels_rewritten;  /* the pixel data is now in memory, changed or re-encoded: it
                               * must be written from the data set, never copied from the
                               * input file */
  gboolean recompressed;      /* decoded and encoded again, losslessly, in its own syntax */
  gboolean changed_syntax;    /* now written as Explicit VR Little Endian (was lossy) */
  char *transfer_syntax;      /* the UID the file will be written in */
  char *note;                 /* for the reviewer: what was done, e.g. "2 regions in 27
                               * frames; JPEG Baseline written as Explicit VR Little Endian" */
  guint n_regions;            /* regions applied (after clipping) */
  guint n_frames;
  guint64 n_pixels;           /* pixels filled, summed over frames */
  guint n_overlays_removed;
  gboolean icon_removed;
  gint64 fill_value;          /* the stored value written (monochrome), or the first sample */
} VeilPixelRedaction;

void veil_pixel_redaction_clear (VeilPixelRedaction *redaction);

/* Fills `regions` (VeilPixelRegion*; may be empty: then only overlays and the icon go) in
 * `file`. On failure nothing may be written from `file`: the pixel data may be half decoded. */
gboolean veil_pixel_redact (VeilDcmFile *file, GPtrArray *regions, VeilPixelRedaction *out,
                            GError **error);

G_END_DECLS
