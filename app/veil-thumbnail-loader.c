/* veil-thumbnail-loader.c: series thumbnails, rendered off the main thread
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine renders (veil-dicom-thumbnail.h); this decides when. Rows ask
 * as they are bound, so only series the reviewer can see are rendered, and
 * at most a couple at a time: a study of thousands of images is a few
 * dozen series, and decoding must not take every core from the scan. Each
 * series is rendered once per case (the cache is keyed by series UID), and
 * the picture or the reason there is none is set on the series node.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-dicom-thumbnail.h"
#include "veil-thumbnail-loader.h"

/* Two: the machine may have few cores, and reading the case needs them. */
#define MAX_RUNNING 2

struct _VeilThumbnailLoader
{
  GObject       parent_instance;

  guint         size;
  GCancellable *cancellable;  /* replaced by reset() */
  GHashTable   *cache;        /* key → Entry, finished renders */
  GHashTable   *waiting;      /* key → GPtrArray of nodes, queued or running */
  GQueue        queue;        /* Job*, not yet started */
  guint         n_running;
};

G_DEFINE_FINAL_TYPE (VeilThumbnailLoader, veil_thumbnail_loader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GdkTexture *texture;
  char       *error;
} Entry;

typedef struct
{
  char         *key;
  GStrv         paths;
  guint         size;
  GCancellable *cancellable;
} Job;

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->texture);
  g_free (entry->error);
  g_free (entry);
}

static void
job_free (Job *job)
{
  g_free (job->key);
  g_strfreev (job->paths);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static void
apply_entry (VeilCaseNode *node,
             const Entry  *entry)
{
  g_autofree char *why = NULL;

  if (entry->error != NULL)
    /* Translators: tooltip of a series without a picture; %s is the
     * engine's reason, e.g. "CT1.dcm: no decoder for pixel data in JPEG 2000" */
    why = g_strdup_printf (_("No preview: %s"), entry->error);

  veil_case_node_set_thumbnail (node, G_OBJECT (entry->texture), why);
}

/* Worker ------------------------------------------------------------------- */

typedef struct
{
  guint   width;
  guint   height;
  GBytes *rgb;
} Rendered;

static void
rendered_free (Rendered *rendered)
{
  g_bytes_unref (rendered->rgb);
  g_free (rendered);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(VeilDicomThumbnail) thumbnail = NULL;
  g_autoptr(GError) error = NULL;
  Rendered *rendered;
  const guint8 *pixels;
  guint8 *rgb;
  gsize n_pixels;

  thumbnail = veil_dicom_thumbnail_render_series ((const char * const *)job->paths,
                                                  g_strv_length (job->paths),
                                                  job->size, cancellable, &error);
  if (thumbnail == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* GTK 4.8 has no 8-bit grey memory format: grey becomes RGB here, off
   * the main thread. */
  n_pixels = (gsize)thumbnail->width * thumbnail->height;
  pixels = g_bytes_get_data (thumbnail->pixels, NULL);
  if (thumbnail->channels == 3)
    rgb = g_memdup2 (pixels, n_pixels * 3);
  else
    {
      rgb = g_malloc (n_pixels * 3);
      for (gsize i = 0; i < n_pixels; i++)
        rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[i];
    }

  rendered = g_new0 (Rendered, 1);
  rendered->width = thumbnail->width;
  rendered->height = thumbnail->height;
  rendered->rgb = g_bytes_new_take (rgb, n_pixels * 3);
  g_task_return_pointer (task, rendered, (GDestroyNotify)rendered_free);
}

/* Queue -------------------------------------------------------------------- */

static void start_jobs (VeilThumbnailLoader *self);

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VeilThumbnailLoader *self = VEIL_THUMBNAIL_LOADER (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Rendered *rendered;
  GPtrArray *nodes;
  Entry *entry;

  self->n_running--;
  rendered = g_task_propagate_pointer (G_TASK (result), &error);

  /* A reset since: the case changed, and so may the nodes. */
  if (g_cancellable_is_cancelled (job->cancellable))
    {
      g_clear_pointer (&rendered, rendered_free);
      start_jobs (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
      return;
    }

  entry = g_new0 (Entry, 1);
  if (rendered != NULL)
    {
      entry->texture = gdk_memory_texture_new (rendered->width, rendered->height,
                                               GDK_MEMORY_R8G8B8, rendered->rgb,
                                               (gsize)rendered->width * 3);
      rendered_free (rendered);
    }
  else
    {
      g_debug ("No thumbnail for %s: %s", job->key, error->message);
      entry->error = g_strdup (error->message);
    }
  g_hash_table_replace (self->cache, g_strdup (job->key), entry);

  if ((nodes = g_hash_table_lookup (self->waiting, job->key)))
    for (guint i = 0; i < nodes->len; i++)
      apply_entry (g_ptr_array_index (nodes, i), entry);
  g_hash_table_remove (self->waiting, job->key);

  start_jobs (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

static void
start_jobs (VeilThumbnailLoader *self)
{
  while (self->n_running < MAX_RUNNING && !g_queue_is_empty (&self->queue))
    {
      Job *job = g_queue_pop_head (&self->queue);
      g_autoptr(GTask) task = g_task_new (self, job->cancellable, render_done_cb, NULL);

      g_task_set_source_tag (task, start_jobs);
      g_task_set_task_data (task, job, (GDestroyNotify)job_free);
      /* A cancelled render is not an error anyone reads: the callback
       * checks the job's cancellable itself. */
      g_task_set_check_cancellable (task, FALSE);
      self->n_running++;
      g_task_run_in_thread (task, render_thread);
    }
}

/**
 * veil_thumbnail_loader_request:
 * @self: a #VeilThumbnailLoader
 * @node: the series node that shows the picture
 * @key: what identifies the series in this case (its UID)
 * @paths: the series' instances in order
 *
 * Sets the picture on @node now if it was rendered before, else renders it
 * in the background (at most a few at a time) and sets it when done.
 */
void
veil_thumbnail_loader_request (VeilThumbnailLoader *self,
                               VeilCaseNode        *node,
                               const char          *key,
                               const char * const  *paths)
{
  GPtrArray *nodes;
  Entry *entry;
  Job *job;

  g_return_if_fail (VEIL_IS_THUMBNAIL_LOADER (self));
  g_return_if_fail (VEIL_IS_CASE_NODE (node));
  g_return_if_fail (key != NULL);

  if ((entry = g_hash_table_lookup (self->cache, key)))
    {
      apply_entry (node, entry);
      return;
    }

  if ((nodes = g_hash_table_lookup (self->waiting, key)))
    {
      if (!g_ptr_array_find (nodes, node, NULL))
        g_ptr_array_add (nodes, g_object_ref (node));
      return;
    }

  nodes = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (nodes, g_object_ref (node));
  g_hash_table_insert (self->waiting, g_strdup (key), nodes);

  job = g_new0 (Job, 1);
  job->key = g_strdup (key);
  job->paths = g_strdupv ((GStrv)paths);
  job->size = self->size;
  job->cancellable = g_object_ref (self->cancellable);
  g_queue_push_tail (&self->queue, job);

  start_jobs (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

/**
 * veil_thumbnail_loader_reset:
 * @self: a #VeilThumbnailLoader
 *
 * Forgets every picture and cancels what is rendering: for a new case.
 */
void
veil_thumbnail_loader_reset (VeilThumbnailLoader *self)
{
  Job *job;

  g_return_if_fail (VEIL_IS_THUMBNAIL_LOADER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  while ((job = g_queue_pop_head (&self->queue)))
    job_free (job);
  g_hash_table_remove_all (self->waiting);
  g_hash_table_remove_all (self->cache);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

/**
 * veil_thumbnail_loader_get_n_pending:
 * @self: a #VeilThumbnailLoader
 *
 * Returns: how many series are queued or rendering
 */
guint
veil_thumbnail_loader_get_n_pending (VeilThumbnailLoader *self)
{
  g_return_val_if_fail (VEIL_IS_THUMBNAIL_LOADER (self), 0);

  return g_hash_table_size (self->waiting);
}

/* GObject ------------------------------------------------------------------ */

static void
veil_thumbnail_loader_dispose (GObject *object)
{
  VeilThumbnailLoader *self = (VeilThumbnailLoader *)object;
  Job *job;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  while ((job = g_queue_pop_head (&self->queue)))
    job_free (job);

  G_OBJECT_CLASS (veil_thumbnail_loader_parent_class)->dispose (object);
}

static void
veil_thumbnail_loader_finalize (GObject *object)
{
  VeilThumbnailLoader *self = (VeilThumbnailLoader *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->waiting, g_hash_table_unref);

  G_OBJECT_CLASS (veil_thumbnail_loader_parent_class)->finalize (object);
}

static void
veil_thumbnail_loader_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VeilThumbnailLoader *self = VEIL_THUMBNAIL_LOADER (object);

  switch (prop_id)
    {
    case PROP_N_PENDING:
      g_value_set_uint (value, veil_thumbnail_loader_get_n_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_thumbnail_loader_class_init (VeilThumbnailLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = veil_thumbnail_loader_dispose;
  object_class->finalize = veil_thumbnail_loader_finalize;
  object_class->get_property = veil_thumbnail_loader_get_property;

  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
veil_thumbnail_loader_init (VeilThumbnailLoader *self)
{
  self->size = VEIL_DICOM_THUMBNAIL_SIZE;
  self->cancellable = g_cancellable_new ();
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)entry_free);
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_ptr_array_unref);
  g_queue_init (&self->queue);
}

/**
 * veil_thumbnail_loader_new:
 * @size: the longest side of a picture, in pixels (0 for the default)
 */
VeilThumbnailLoader *
veil_thumbnail_loader_new (guint size)
{
  VeilThumbnailLoader *self = g_object_new (VEIL_TYPE_THUMBNAIL_LOADER, NULL);

  if (size > 0)
    self->size = MIN (size, VEIL_DICOM_THUMBNAIL_MAX_SIZE);

  return self;
}
