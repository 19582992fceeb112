/* veil-dicom-thumbnail.c: series thumbnails (see veil-dicom-thumbnail.h). */

#include "config.h"

#include "veil-dicom-thumbnail.h"

#include "veil-dicom-bridge.h"
#include "veil-dicom-prescan.h"
#include "veil-pixel-j2k.h"

/* Values longer than this stay in the file: the pixel data is read by the decoder, one frame
 * at a time, not with the header. */
#define LAZY_THRESHOLD 8192

void
veil_dicom_thumbnail_free (VeilDicomThumbnail *thumbnail)
{
  if (thumbnail == NULL)
    return;
  g_bytes_unref (thumbnail->pixels);
  g_free (thumbnail);
}

static VeilDicomThumbnail *
thumbnail_new (guint width, guint height, guint channels, guint8 *pixels, guint frame,
               guint n_frames)
{
  VeilDicomThumbnail *thumbnail = g_new0 (VeilDicomThumbnail, 1);
  thumbnail->width = width;
  thumbnail->height = height;
  thumbnail->channels = channels;
  thumbnail->stride = (gsize) width * channels;
  thumbnail->pixels = g_bytes_new_take (pixels, thumbnail->stride * height);
  thumbnail->frame = frame;
  thumbnail->n_frames = n_frames;
  return thumbnail;
}

/* DCMTK here cannot decode JPEG 2000; OpenJPEG can (veil-pixel-j2k.h), as grey over the
 * frame's own range, which is then averaged down to the thumbnail's size. */
static VeilDicomThumbnail *
render_j2k (VeilDcmFile *file, const VeilDcmPixelInfo *info, guint frame, guint max_size,
            GError **error)
{
  if (frame >= info->n_frames)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "frame %u of %u", frame,
                   info->n_frames);
      return NULL;
    }
  g_autofree guint8 *grey = g_try_malloc ((gsize) info->rows * info->columns);
  if (grey == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while rendering");
      return NULL;
    }
  if (!veil_pixel_j2k_render_frame (file, info, frame, grey, error))
    return NULL;

  double scale = MIN (1.0, (double) max_size / MAX (info->rows, info->columns));
  guint width = MAX (1u, (guint) (info->columns * scale + 0.5));
  guint height = MAX (1u, (guint) (info->rows * scale + 0.5));
  guint8 *pixels = g_malloc ((gsize) width * height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        /* the source box this pixel covers */
        guint x0 = (guint) ((guint64) x * info->columns / width);
        guint x1 = MAX (x0 + 1, (guint) ((guint64) (x + 1) * info->columns / width));
        guint y0 = (guint) ((guint64) y * info->rows / height);
        guint y1 = MAX (y0 + 1, (guint) ((guint64) (y + 1) * info->rows / height));
        guint64 sum = 0;
        for (guint sy = y0; sy < y1; sy++)
          for (guint sx = x0; sx < x1; sx++)
            sum += grey[(gsize) sy * info->columns + sx];
        pixels[(gsize) y * width + x] = (guint8) (sum / ((guint64) (x1 - x0) * (y1 - y0)));
      }
  return thumbnail_new (width, height, 1, pixels, frame, info->n_frames);
}

static VeilDicomThumbnail *
render (const char *path, guint frame, guint max_size, GCancellable *cancellable, GError **error)
{
  VeilPrescanInfo info;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* DCMTK has no nesting limit of its own: every file is walked first (veil-dicom-prescan.h). */
  if (!veil_dicom_prescan_file (path, VEIL_PRESCAN_DEFAULT_MAX_DEPTH, &info, error))
    return NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (path, info.deflated ? 0 : LAZY_THRESHOLD,
                                                     error);
  if (file == NULL)
    return NULL;

  VeilDcmPixelInfo pixel_info;
  if (!veil_dcm_file_get_pixel_info (file, &pixel_info))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           pixel_info.has_float_data ? "floating-point pixel data is not shown"
                                                     : "no image in this file");
      return NULL;
    }
  if (pixel_info.rows == 0 || pixel_info.columns == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the image has no rows or columns");
      return NULL;
    }
  if (pixel_info.encapsulated && veil_pixel_j2k_is_syntax (veil_dcm_file_get_transfer_syntax (file)))
    return render_j2k (file, &pixel_info, frame, max_size, error);
  g_autoptr (VeilDcmRenderer) renderer = veil_dcm_renderer_new (file, error);
  if (renderer == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  guint width = 0, height = 0, channels = 0;
  guint8 *pixels = veil_dcm_renderer_render_preview (renderer, frame, max_size, &width, &height,
                                                     &channels, error);
  if (pixels == NULL)
    return NULL;

  return thumbnail_new (width, height, channels, pixels, frame, pixel_info.n_frames);
}

VeilDicomThumbnail *
veil_dicom_thumbnail_render (const char *path, guint frame, guint max_size,
                             GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_size > 0 && max_size <= VEIL_DICOM_THUMBNAIL_MAX_SIZE, NULL);

  GError *local = NULL;
  VeilDicomThumbnail *thumbnail = render (path, frame, max_size, cancellable, &local);
  if (thumbnail == NULL)
    {
      /* Say which file: a series thumbnail's tooltip is read without the path beside it. */
      g_autofree char *name = g_path_get_basename (path);
      g_propagate_prefixed_error (error, local, "%s: ", name);
    }
  return thumbnail;
}

VeilDicomThumbnail *
veil_dicom_thumbnail_render_series (const char *const *paths, guint n_paths, guint max_size,
                                    GCancellable *cancellable, GError **error)
{
  if (n_paths == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the series has no images");
      return NULL;
    }
  return veil_dicom_thumbnail_render (paths[n_paths / 2], 0, max_size, cancellable, error);
}
