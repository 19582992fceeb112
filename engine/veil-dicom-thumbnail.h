/* veil-dicom-thumbnail.h: small pictures of DICOM images for a person to recognise a series.
 *
 * No GTK: the app wraps the 8-bit pixels in a texture. Rendering reads one file and decodes
 * one frame; it may run on any thread (one call per thread at a time per file).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The size the app asks for: big enough for a sidebar row and a series overview. */
#define VEIL_DICOM_THUMBNAIL_SIZE 128
/* The most any caller may ask for: a preview is never a full-resolution copy. */
#define VEIL_DICOM_THUMBNAIL_MAX_SIZE 1024

typedef struct {
  guint width;
  guint height;
  guint channels;     /* 1: 8-bit grey; 3: 8-bit RGB */
  gsize stride;       /* width × channels: rows are packed */
  GBytes *pixels;
  guint frame;        /* which frame of how many was rendered */
  guint n_frames;
} VeilDicomThumbnail;

void veil_dicom_thumbnail_free (VeilDicomThumbnail *thumbnail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilDicomThumbnail, veil_dicom_thumbnail_free)

/* Renders `frame` of the image at `path`, scaled to fit max_size × max_size (never enlarged),
 * with the file's own window (WindowCenter/Width or VOI LUT) or else a histogram window.
 * JPEG 2000, which DCMTK here cannot decode, goes through OpenJPEG and comes out grey over
 * the frame's own range. Fails with the file and the reason: not DICOM, no pixel data, no
 * decoder for its transfer syntax (video), corrupt pixel data. */
VeilDicomThumbnail *veil_dicom_thumbnail_render (const char *path, guint frame, guint max_size,
                                                 GCancellable *cancellable, GError **error);

/* The series' representative picture: the first frame of its middle instance. `paths` are the
 * series' instances in their order (InstanceNumber). */
VeilDicomThumbnail *veil_dicom_thumbnail_render_series (const char *const *paths, guint n_paths,
                                                        guint max_size, GCancellable *cancellable,
                                                        GError **error);

G_END_DECLS
