/* veil-pixel-cleaner.c: rendering, OCR and matching per image (see veil-pixel-cleaner.h). */

#include "veil-pixel-cleaner.h"

#include "veil-pixel-ocr.h"
#include "veil-pixel-risk.h"

#include <gio/gio.h>
#include <string.h>

struct _VeilPixelCleaner
{
  VeilPixelOcr *ocr;
  VeilPixelMatcher *matcher;

  GMutex lock;         /* guards the members below */
  GHashTable *series;  /* "UID|columns|rows" → GPtrArray of VeilPixelRegion* */
  guint64 n_frames;
  gint64 microseconds;
};

VeilPixelCleaner *
veil_pixel_cleaner_new (GError **error)
{
  VeilPixelOcr *ocr = veil_pixel_ocr_new (error);
  if (ocr == NULL)
    return NULL;

  VeilPixelCleaner *self = g_new0 (VeilPixelCleaner, 1);
  self->ocr = ocr;
  self->matcher = veil_pixel_matcher_new ();
  g_mutex_init (&self->lock);
  self->series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  return self;
}

void
veil_pixel_cleaner_free (VeilPixelCleaner *self)
{
  if (self == NULL)
    return;
  veil_pixel_ocr_free (self->ocr);
  veil_pixel_matcher_free (self->matcher);
  g_hash_table_unref (self->series);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
veil_pixel_cleaner_add_subject (VeilPixelCleaner *self, const VeilDicomSubject *subject)
{
  veil_pixel_matcher_add_subject (self->matcher, subject);
}

VeilPixelMatcher *
veil_pixel_cleaner_get_matcher (VeilPixelCleaner *self)
{
  return self->matcher;
}

static char *
series_key (const char *series_uid, guint columns, guint rows)
{
  return g_strdup_printf ("%s|%u|%u", series_uid, columns, rows);
}

/* Refuses what would take unbounded memory or time before anything is decoded. */
static gboolean
check_limits (const VeilDcmPixelInfo *info, GError **error)
{
  guint bytes = MAX (info->bits_allocated, 8u) / 8;
  guint64 decoded = (guint64) info->rows * info->columns * info->n_frames
                    * MAX (info->samples_per_pixel, 1u) * bytes;

  if (info->rows == 0 || info->columns == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the image has no rows or columns");
      return FALSE;
    }
  if (info->rows > VEIL_PIXEL_MAX_SIDE || info->columns > VEIL_PIXEL_MAX_SIDE
      || info->n_frames > VEIL_PIXEL_MAX_FRAMES || decoded > VEIL_PIXEL_MAX_DECODED_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "the image is too large to read (%u frames of %u × %u, %.1f GiB decoded)",
                   info->n_frames, info->columns, info->rows,
                   (double) decoded / (1u << 30));
      return FALSE;
    }
  return TRUE;
}

/* A frame that is byte for byte one already read needs no second reading (still frames of a
 * cine, repeated captures). */
static guint64
frame_digest (const guint8 *grey, gsize n)
{
  guint64 hash = 1469598103934665603ull;
  for (gsize i = 0; i < n; i++)
    hash = (hash ^ grey[i]) * 1099511628211ull;
  return hash;
}

static void
account_frame (VeilPixelCleaner *self, gint64 start)
{
  g_mutex_lock (&self->lock);
  self->n_frames++;
  self->microseconds += g_get_monotonic_time () - start;
  g_mutex_unlock (&self->lock);
}

static GPtrArray *
read_frames (VeilPixelCleaner *self, VeilDcmFile *file, const VeilDcmPixelInfo *info,
             const VeilPixelMatcher *own, GError **error)
{
  g_autoptr (VeilDcmRenderer) renderer = veil_dcm_renderer_new (file, error);
  if (renderer == NULL)
    return NULL;

  g_autoptr (GPtrArray) found = veil_pixel_regions_new ();
  gsize n_pixels = (gsize) info->rows * info->columns;
  g_autofree guint8 *grey = g_malloc (n_pixels);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint frame = 0; frame < info->n_frames; frame++)
    {
      gint64 start = g_get_monotonic_time ();
      if (!veil_dcm_renderer_render_frame (renderer, frame, grey, error))
        return NULL;

      gint64 *digest = g_new (gint64, 1);
      *digest = (gint64) frame_digest (grey, n_pixels);
      if (!g_hash_table_add (seen, digest))
        {
          account_frame (self, start);
          continue;
        }

      g_autoptr (GPtrArray) words = veil_pixel_ocr_read (self->ocr, grey, info->columns,
                                                         info->rows, error);
      if (words == NULL)
        return NULL;
      g_autoptr (GPtrArray) regions = veil_pixel_matcher_find (self->matcher, own, words, frame,
                                                               info->columns, info->rows);
      for (guint i = 0; i < regions->len; i++)
        {
          VeilPixelRegion *region = g_ptr_array_index (regions, i);
          /* Burned-in overlays stay put while the picture under them moves: text read in one
           * frame is blacked out in all of them, which also covers frames where OCR missed
           * it. */
          if (info->n_frames > 1)
            {
              char *reason = g_strdup_printf ("%s in frame %u", region->reason, frame + 1);
              g_free (region->reason);
              region->reason = reason;
              region->frame = VEIL_PIXEL_ALL_FRAMES;
            }
          g_ptr_array_add (found, veil_pixel_region_copy (region));
        }
      account_frame (self, start);
    }
  return g_steal_pointer (&found);
}

GPtrArray *
veil_pixel_find_regions (VeilPixelCleaner *self, VeilDcmFile *file, GError **error)
{
  VeilDcmPixelInfo info;

  if (!veil_dcm_file_get_pixel_info (file, &info))
    {
      if (info.has_float_data)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "floating-point pixel data cannot be read for burned-in text");
          return NULL;
        }
      return veil_pixel_regions_new ();
    }
  if (!check_limits (&info, error))
    return NULL;

  /* The file's own values count as much as the case's: its header may name a person no
   * other file does (a referring physician, an operator). */
  g_autoptr (VeilDicomSubject) subject = veil_dicom_subject_read (file);
  g_autoptr (VeilPixelMatcher) own = veil_pixel_matcher_new ();
  veil_pixel_matcher_add_subject (own, subject);

  g_autoptr (GPtrArray) read = read_frames (self, file, &info, own, error);
  if (read == NULL)
    return NULL;

  GPtrArray *regions = veil_pixel_risk_template_regions (file);
  for (guint i = 0; i < read->len; i++)
    g_ptr_array_add (regions, veil_pixel_region_copy (g_ptr_array_index (read, i)));
  veil_pixel_regions_merge (regions);

  if (subject->series_uid != NULL && *subject->series_uid)
    {
      g_autofree char *key = series_key (subject->series_uid, info.columns, info.rows);
      g_mutex_lock (&self->lock);
      GPtrArray *known = g_hash_table_lookup (self->series, key);
      if (known == NULL)
        {
          known = veil_pixel_regions_new ();
          g_hash_table_insert (self->series, g_steal_pointer (&key), known);
        }
      for (guint i = 0; i < regions->len; i++)
        {
          VeilPixelRegion *copy = veil_pixel_region_copy (g_ptr_array_index (regions, i));
          /* A region of one frame of one instance says nothing about another instance's
           * frame with that number; a series-wide region covers every frame. */
          copy->frame = VEIL_PIXEL_ALL_FRAMES;
          g_ptr_array_add (known, copy);
        }
      veil_pixel_regions_merge (known);
      g_mutex_unlock (&self->lock);
    }
  return regions;
}

GPtrArray *
veil_pixel_cleaner_get_series_regions (VeilPixelCleaner *self, const char *series_uid,
                                       guint columns, guint rows)
{
  GPtrArray *regions = veil_pixel_regions_new ();
  g_autofree char *key = series_key (series_uid ? series_uid : "", columns, rows);

  g_mutex_lock (&self->lock);
  GPtrArray *known = g_hash_table_lookup (self->series, key);
  for (guint i = 0; known != NULL && i < known->len; i++)
    g_ptr_array_add (regions, veil_pixel_region_copy (g_ptr_array_index (known, i)));
  g_mutex_unlock (&self->lock);
  return regions;
}

void
veil_pixel_cleaner_get_stats (VeilPixelCleaner *self, guint64 *n_frames, double *seconds)
{
  g_mutex_lock (&self->lock);
  if (n_frames != NULL)
    *n_frames = self->n_frames;
  if (seconds != NULL)
    *seconds = (double) self->microseconds / G_USEC_PER_SEC;
  g_mutex_unlock (&self->lock);
}
