/* veil-pixel-cleaner.c: rendering, OCR and matching per image (see veil-pixel-cleaner.h). */

#include "veil-pixel-cleaner.h"

#include "veil-pixel-j2k.h"
#include "veil-pixel-ocr.h"
#include "veil-pixel-risk.h"

#include <gio/gio.h>
#include <string.h>

static void read_frame (gpointer data, gpointer user_data);

struct _VeilPixelCleaner
{
  VeilPixelOcr *ocr;
  VeilPixelMatcher *matcher;

  GThreadPool *pool;   /* reads frames, for every image being searched */

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
  /* One OCR engine per core, shared by every image: the export's own threads render and
   * wait, so OCR never runs on more threads than there are cores whatever the caller's
   * parallelism. */
  self->pool = g_thread_pool_new (read_frame, self, (int) MAX (g_get_num_processors (), 1u), FALSE,
                                  NULL);
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
  g_thread_pool_free (self->pool, FALSE, TRUE);
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
account_time (VeilPixelCleaner *self, guint frames, gint64 microseconds)
{
  g_mutex_lock (&self->lock);
  self->n_frames += frames;
  self->microseconds += microseconds;
  g_mutex_unlock (&self->lock);
}

/* The frames of one image in flight on the shared pool. */
typedef struct {
  const VeilDcmPixelInfo *info;
  const VeilPixelMatcher *own;
  GMutex lock;
  GCond done;
  guint pending;
  GPtrArray **found; /* per frame: VeilPixelRegion*, or NULL if not read */
  GError *error;
} Batch;

typedef struct {
  Batch *batch;
  guint frame;
  guint8 *grey;
} Job;

/* Runs on the cleaner's pool: OCR and matching of one rendered frame. */
static void
read_frame (gpointer data, gpointer user_data)
{
  Job *job = data;
  VeilPixelCleaner *self = user_data;
  Batch *batch = job->batch;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();

  GPtrArray *regions = NULL;
  g_autoptr (GPtrArray) words = veil_pixel_ocr_read (self->ocr, job->grey, batch->info->columns,
                                                     batch->info->rows, &error);
  if (words != NULL)
    regions = veil_pixel_matcher_find (self->matcher, batch->own, words, job->frame,
                                       batch->info->columns, batch->info->rows);
  account_time (self, 0, g_get_monotonic_time () - start);

  g_mutex_lock (&batch->lock);
  batch->found[job->frame] = regions;
  if (error != NULL && batch->error == NULL)
    batch->error = g_steal_pointer (&error);
  batch->pending--;
  g_cond_signal (&batch->done);
  g_mutex_unlock (&batch->lock);

  g_clear_error (&error);
  g_free (job->grey);
  g_free (job);
}

/* Renders every frame here (DCMTK reads one data set from one thread) and reads them on the
 * pool, a bounded number in flight, so a long cine uses every core and memory stays at a
 * few frames. */
static GPtrArray *
read_frames (VeilPixelCleaner *self, VeilDcmFile *file, const VeilDcmPixelInfo *info,
             const VeilPixelMatcher *own, GError **error)
{
  /* JPEG 2000 has no DCMTK decoder here: OpenJPEG renders it. */
  gboolean j2k = info->encapsulated && veil_pixel_j2k_is_syntax (veil_dcm_file_get_transfer_syntax (file));
  g_autoptr (VeilDcmRenderer) renderer = j2k ? NULL : veil_dcm_renderer_new (file, error);
  if (!j2k && renderer == NULL)
    return NULL;

  gsize n_pixels = (gsize) info->rows * info->columns;
  guint max_in_flight = (guint) g_thread_pool_get_max_threads (self->pool) + 1;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  Batch batch = { .info = info, .own = own };
  gboolean rendered = TRUE;

  g_mutex_init (&batch.lock);
  g_cond_init (&batch.done);
  batch.found = g_new0 (GPtrArray *, info->n_frames);

  for (guint frame = 0; frame < info->n_frames && rendered; frame++)
    {
      gint64 start = g_get_monotonic_time ();
      guint8 *grey = g_malloc (n_pixels);
      rendered = j2k ? veil_pixel_j2k_render_frame (file, info, frame, grey, error)
                     : veil_dcm_renderer_render_frame (renderer, frame, grey, error);
      account_time (self, rendered ? 1 : 0, g_get_monotonic_time () - start);

      if (!rendered)
        {
          g_free (grey);
          continue;
        }
      gint64 *digest = g_new (gint64, 1);
      *digest = (gint64) frame_digest (grey, n_pixels);
      if (!g_hash_table_add (seen, digest))
        {
          g_free (grey);
          continue;
        }

      Job *job = g_new0 (Job, 1);
      job->batch = &batch;
      job->frame = frame;
      job->grey = grey;
      g_mutex_lock (&batch.lock);
      while (batch.pending >= max_in_flight)
        g_cond_wait (&batch.done, &batch.lock);
      batch.pending++;
      g_mutex_unlock (&batch.lock);
      g_thread_pool_push (self->pool, job, NULL);
    }

  g_mutex_lock (&batch.lock);
  while (batch.pending > 0)
    g_cond_wait (&batch.done, &batch.lock);
  g_mutex_unlock (&batch.lock);

  GPtrArray *found = NULL;
  if (rendered && batch.error != NULL)
    g_propagate_error (error, g_steal_pointer (&batch.error));
  else if (rendered)
    {
      found = veil_pixel_regions_new ();
      for (guint frame = 0; frame < info->n_frames; frame++)
        for (guint i = 0; batch.found[frame] != NULL && i < batch.found[frame]->len; i++)
          {
            VeilPixelRegion *region
                = veil_pixel_region_copy (g_ptr_array_index (batch.found[frame], i));
            /* Burned-in overlays stay put while the picture under them moves: text read in
             * one frame is blacked out in all of them, which also covers frames where OCR
             * missed it. */
            if (info->n_frames > 1)
              {
                char *reason = g_strdup_printf ("%s in frame %u", region->reason, frame + 1);
                g_free (region->reason);
                region->reason = reason;
                region->frame = VEIL_PIXEL_ALL_FRAMES;
              }
            g_ptr_array_add (found, region);
          }
    }

  for (guint frame = 0; frame < info->n_frames; frame++)
    if (batch.found[frame] != NULL)
      g_ptr_array_unref (batch.found[frame]);
  g_free (batch.found);
  g_clear_error (&batch.error);
  g_cond_clear (&batch.done);
  g_mutex_clear (&batch.lock);
  return found;
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

guint8 *
veil_pixel_render_frame (VeilDcmFile *file, guint frame, guint *columns, guint *rows,
                         guint *n_frames, GError **error)
{
  VeilDcmPixelInfo info;

  if (!veil_dcm_file_get_pixel_info (file, &info))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "the file has no image to show");
      return NULL;
    }
  if (!check_limits (&info, error))
    return NULL;
  if (frame >= info.n_frames)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "frame %u does not exist (the image has %u)", frame + 1, info.n_frames);
      return NULL;
    }

  g_autofree guint8 *grey = g_malloc ((gsize) info.rows * info.columns);
  gboolean rendered;
  if (info.encapsulated && veil_pixel_j2k_is_syntax (veil_dcm_file_get_transfer_syntax (file)))
    rendered = veil_pixel_j2k_render_frame (file, &info, frame, grey, error);
  else
    {
      g_autoptr (VeilDcmRenderer) renderer = veil_dcm_renderer_new (file, error);
      rendered = renderer != NULL && veil_dcm_renderer_render_frame (renderer, frame, grey, error);
    }
  if (!rendered)
    return NULL;
  *columns = info.columns;
  *rows = info.rows;
  if (n_frames != NULL)
    *n_frames = info.n_frames;
  return g_steal_pointer (&grey);
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
