/* veil-pixel-cleaner.h: finding the identifying text burned into an image.
 *
 * One cleaner serves a whole case. It holds what the case knows about its people (names,
 * IDs, accession numbers, dates, addresses, institutions: add every file's subject after
 * veil_case_load) and a pool of OCR engines, and is then used from any number of threads,
 * one file per call.
 *
 * For each file, veil_pixel_find_regions() renders every frame (DCMTK, all transfer syntaxes
 * it can decode), reads it with Tesseract, and returns the boxes to black out: every phrase
 * that holds a known identifier or a date/ID by its shape, plus the rectangles the burned-in
 * library knows for the device. Text seen in any frame of a multi-frame image is blacked out
 * in every frame (burned-in overlays do not move). The file's own header values are matched
 * as well as the case's, so call it before the header is de-identified.
 *
 * Regions found for one instance also concern its siblings: veil_pixel_cleaner_get_series_regions()
 * gives the union over every instance of a series with the same geometry seen so far, so an
 * export that first finds regions for every file, then redacts, applies a box OCR found on
 * one instance to all of them.
 *
 * Fail closed: an image that cannot be rendered or read (no decoder for its transfer
 * syntax, too large, OCR unavailable) gives an error, never an empty list. The caller
 * refuses it when veil_pixel_risk_assess() says HIGH (and should for LOW).
 */
#pragma once

#include "veil-dicom-bridge.h"
#include "veil-dicom-subject.h"
#include "veil-pixel-matcher.h"
#include "veil-pixel-region.h"

G_BEGIN_DECLS

/* Decoded pixel data larger than this is refused (frames × rows × columns × samples ×
 * bytes per sample), as are images with more frames or a larger side than below. */
#define VEIL_PIXEL_MAX_DECODED_BYTES ((guint64) 2 << 30)
#define VEIL_PIXEL_MAX_FRAMES 20000
#define VEIL_PIXEL_MAX_SIDE 32768

typedef struct _VeilPixelCleaner VeilPixelCleaner;

/* Loads the OCR engine; fails if Tesseract or its English model is missing. */
VeilPixelCleaner *veil_pixel_cleaner_new (GError **error);
void veil_pixel_cleaner_free (VeilPixelCleaner *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilPixelCleaner, veil_pixel_cleaner_free)

/* Adds what a file's header says about its people; call for every file of the case before
 * the first find (adding is not thread-safe). */
void veil_pixel_cleaner_add_subject (VeilPixelCleaner *self, const VeilDicomSubject *subject);
/* The known values, for adding others (a reviewer's list of names, a report's identifiers). */
VeilPixelMatcher *veil_pixel_cleaner_get_matcher (VeilPixelCleaner *self);

/* The regions to black out in `file` (VeilPixelRegion*; empty if it has no pixel data or
 * nothing identifying was read), or NULL with `error` set if the image could not be read. */
GPtrArray *veil_pixel_find_regions (VeilPixelCleaner *self, VeilDcmFile *file, GError **error);

/* Every region found so far in instances of `series_uid` that are `columns` × `rows`
 * (copies, merged), for applying to each instance of the series. */
GPtrArray *veil_pixel_cleaner_get_series_regions (VeilPixelCleaner *self, const char *series_uid,
                                                  guint columns, guint rows);

/* Renders frame `frame` of `file` as 8-bit grey (what OCR reads, and what the reviewer sees
 * under the boxes): `*columns` × `*rows` bytes, or NULL with `error` set. Same limits as
 * veil_pixel_find_regions(). */
guint8 *veil_pixel_render_frame (VeilDcmFile *file, guint frame, guint *columns, guint *rows,
                                 guint *n_frames, GError **error);

/* Work done so far, over every thread: frames read and the wall time spent on them
 * (rendering and OCR, summed over threads). */
void veil_pixel_cleaner_get_stats (VeilPixelCleaner *self, guint64 *n_frames, double *seconds);

G_END_DECLS
