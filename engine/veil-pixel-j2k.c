/* veil-pixel-j2k.c: JPEG 2000 decoding with OpenJPEG (see veil-pixel-j2k.h). */

#include "veil-pixel-j2k.h"

#include "veil-pixel-cleaner.h"

#include <gio/gio.h>
#include <openjpeg.h>
#include <string.h>

static const char *const j2k_syntaxes[] = {
  "1.2.840.10008.1.2.4.90", /* JPEG 2000 Image Compression (Lossless Only) */
  "1.2.840.10008.1.2.4.91", /* JPEG 2000 Image Compression */
};

gboolean
veil_pixel_j2k_is_syntax (const char *transfer_syntax)
{
  for (gsize i = 0; i < G_N_ELEMENTS (j2k_syntaxes); i++)
    if (g_strcmp0 (transfer_syntax, j2k_syntaxes[i]) == 0)
      return TRUE;
  return FALSE;
}

/* OpenJPEG reads through callbacks; the codestream is already in memory. */
typedef struct {
  const guint8 *data;
  gsize size;
  gsize offset;
} Source;

static OPJ_SIZE_T
source_read (void *buffer, OPJ_SIZE_T n, void *user_data)
{
  Source *source = user_data;
  if (source->offset >= source->size)
    return (OPJ_SIZE_T) -1;
  n = MIN (n, source->size - source->offset);
  memcpy (buffer, source->data + source->offset, n);
  source->offset += n;
  return n;
}

static OPJ_OFF_T
source_skip (OPJ_OFF_T n, void *user_data)
{
  Source *source = user_data;
  if (n < 0)
    n = -(OPJ_OFF_T) MIN ((gsize) -n, source->offset);
  else
    n = (OPJ_OFF_T) MIN ((gsize) n, source->size - source->offset);
  source->offset += n;
  return n;
}

static OPJ_BOOL
source_seek (OPJ_OFF_T position, void *user_data)
{
  Source *source = user_data;
  if (position < 0 || (guint64) position > source->size)
    return OPJ_FALSE;
  source->offset = (gsize) position;
  return OPJ_TRUE;
}

static void
note_error (const char *message, void *user_data)
{
  GString *errors = user_data;
  if (errors->len < 512)
    g_string_append (errors, message);
}

static void
ignore_message (const char *message, void *user_data)
{
}

static opj_image_t *
decode_codestream (GBytes *bytes, GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  Source source = { data, size, 0 };
  static const guint8 jp2_signature[] = { 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ' };
  gboolean jp2 = size >= sizeof jp2_signature && memcmp (data, jp2_signature, sizeof jp2_signature) == 0;
  g_autoptr (GString) errors = g_string_new (NULL);
  opj_image_t *image = NULL;

  opj_codec_t *codec = opj_create_decompress (jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
  opj_stream_t *stream = opj_stream_create (64 * 1024, OPJ_TRUE);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters (&parameters);
  opj_set_error_handler (codec, note_error, errors);
  opj_set_warning_handler (codec, ignore_message, NULL);
  opj_set_info_handler (codec, ignore_message, NULL);
  opj_stream_set_read_function (stream, source_read);
  opj_stream_set_skip_function (stream, source_skip);
  opj_stream_set_seek_function (stream, source_seek);
  opj_stream_set_user_data (stream, &source, NULL);
  opj_stream_set_user_data_length (stream, size);

  /* One thread per frame: the cleaner already reads frames and files in parallel. */
  gboolean ok = opj_setup_decoder (codec, &parameters) && opj_codec_set_threads (codec, 1)
                && opj_read_header (stream, codec, &image) && opj_decode (codec, stream, image)
                && opj_end_decompress (codec, stream);
  opj_stream_destroy (stream);
  opj_destroy_codec (codec);
  if (!ok)
    {
      if (image != NULL)
        opj_image_destroy (image);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot decode the JPEG 2000 frame%s%s",
                   errors->len ? ": " : "", g_strstrip (errors->str));
      return NULL;
    }
  return image;
}

guint8 *
veil_pixel_j2k_decode_frame (VeilDcmFile *file, const VeilDcmPixelInfo *info, guint frame,
                             gsize *length, GError **error)
{
  g_autoptr (GBytes) bytes = veil_dcm_file_get_compressed_frame (file, frame, error);
  if (bytes == NULL)
    return NULL;
  opj_image_t *image = decode_codestream (bytes, error);
  if (image == NULL)
    return NULL;

  guint samples = MAX (info->samples_per_pixel, 1u);
  guint bytes_per_sample = info->bits_allocated <= 8 ? 1 : 2;
  gsize pixels = (gsize) info->rows * info->columns;
  gboolean fits = image->numcomps >= samples && info->bits_allocated <= 16;
  for (guint c = 0; fits && c < samples; c++)
    fits = image->comps[c].w == info->columns && image->comps[c].h == info->rows
           && image->comps[c].data != NULL && image->comps[c].prec <= info->bits_allocated;
  if (!fits)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "frame %u decodes to %u components of %u × %u, not the %u × %u × %u the header says",
                   frame, image->numcomps, image->numcomps ? image->comps[0].w : 0,
                   image->numcomps ? image->comps[0].h : 0, info->columns, info->rows, samples);
      opj_image_destroy (image);
      return NULL;
    }

  *length = pixels * samples * bytes_per_sample;
  guint8 *out = g_malloc (*length);
  for (guint c = 0; c < samples; c++)
    {
      const OPJ_INT32 *component = image->comps[c].data;
      for (gsize i = 0; i < pixels; i++)
        {
          gsize index = i * samples + c;
          if (bytes_per_sample == 1)
            out[index] = (guint8) component[i];
          else
            {
              /* Two's complement for signed samples, as the stored cell holds them. */
              guint16 v = (guint16) component[i];
              memcpy (out + 2 * index, &v, 2);
            }
        }
    }
  opj_image_destroy (image);
  return out;
}

gboolean
veil_pixel_j2k_render_frame (VeilDcmFile *file, const VeilDcmPixelInfo *info, guint frame,
                             guint8 *grey, GError **error)
{
  gsize length;
  g_autofree guint8 *native = veil_pixel_j2k_decode_frame (file, info, frame, &length, error);
  if (native == NULL)
    return FALSE;

  guint samples = MAX (info->samples_per_pixel, 1u);
  gsize pixels = (gsize) info->rows * info->columns;
  gboolean two = info->bits_allocated > 8;
  /* Without a colour transform the first channel of YBR is the brightness. */
  gboolean luma_only = g_str_has_prefix (info->photometric, "YBR")
                       && !g_str_equal (info->photometric, "YBR_ICT")
                       && !g_str_equal (info->photometric, "YBR_RCT");
  guint channels = samples == 1 || luma_only ? 1 : samples;
  g_autofree gint64 *values = g_new (gint64, pixels);
  gint64 low = G_MAXINT64, high = G_MININT64;

  for (gsize i = 0; i < pixels; i++)
    {
      gint64 best = G_MININT64;
      for (guint c = 0; c < channels; c++)
        {
          gsize index = i * samples + c;
          gint64 v;
          if (two)
            {
              guint16 cell;
              memcpy (&cell, native + 2 * index, 2);
              v = info->is_signed ? (gint64) (gint16) cell : (gint64) cell;
            }
          else
            v = info->is_signed ? (gint64) (gint8) native[index] : (gint64) native[index];
          best = MAX (best, v);
        }
      values[i] = best;
      low = MIN (low, best);
      high = MAX (high, best);
    }
  /* The whole value range, as the bridge's renderer windows monochrome frames. */
  gboolean inverted = g_str_equal (info->photometric, "MONOCHROME1");
  double range = high > low ? (double) (high - low) : 1.0;
  for (gsize i = 0; i < pixels; i++)
    {
      guint8 level = (guint8) ((double) (values[i] - low) * 255.0 / range + 0.5);
      grey[i] = inverted ? 255 - level : level;
    }
  return TRUE;
}

gboolean
veil_pixel_j2k_decode_in_place (VeilDcmFile *file, GError **error)
{
  VeilDcmPixelInfo info;

  if (!veil_dcm_file_get_pixel_info (file, &info))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the file has no pixel data");
      return FALSE;
    }
  guint samples = MAX (info.samples_per_pixel, 1u);
  guint64 total = (guint64) info.rows * info.columns * samples * (info.bits_allocated <= 8 ? 1 : 2)
                  * info.n_frames;
  if (total > VEIL_PIXEL_MAX_DECODED_BYTES || info.n_frames > VEIL_PIXEL_MAX_FRAMES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "the image is too large to decode");
      return FALSE;
    }

  g_autofree guint8 *all = g_malloc (MAX (total, 1));
  gsize offset = 0;
  for (guint frame = 0; frame < info.n_frames; frame++)
    {
      gsize length;
      g_autofree guint8 *one = veil_pixel_j2k_decode_frame (file, &info, frame, &length, error);
      if (one == NULL)
        return FALSE;
      memcpy (all + offset, one, length);
      offset += length;
    }

  /* OpenJPEG undoes the colour transform; a YBR label without one stays (the samples are
   * then Y, Cb, Cr at full resolution). */
  const char *photometric = info.photometric;
  if (g_str_equal (photometric, "YBR_ICT") || g_str_equal (photometric, "YBR_RCT"))
    photometric = "RGB";
  else if (g_str_has_prefix (photometric, "YBR_FULL"))
    photometric = "YBR_FULL";
  return veil_dcm_file_set_native_pixels (file, all, offset, photometric, error);
}
