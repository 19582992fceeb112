/* veil-review.c: one case under review, driven off the main thread
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VeilReview is the only app object that calls VeilCase. It runs one step at
 * a time (load and first scan, a re-scan after a decision, an export) on the
 * engine's GTask API and exposes what the window shows: a state, a progress
 * fraction and text, and a ::changed signal when the case's items may be
 * read again.
 *
 * The rule the widgets rely on: while a step runs, worker threads write the
 * case's items (changes, refusals), so nothing may read them.
 * veil_review_get_case() returns %NULL while busy; widgets keep their own
 * copies of what they show and refresh them on ::changed.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>

#include "veil-case-record.h"
#include "veil-profile.h"
#include "veil-review.h"

/* Progress reports come from the engine's worker threads, up to one per 16
 * files per thread. A relay keeps the latest and dispatches at most one idle
 * callback at a time to the review's main context, so a 5,000-file study
 * cannot flood the main loop. The relay belongs to its case (object data),
 * because the case calls it until the case is finalised, which may be after
 * the review is gone. */
typedef struct
{
  GWeakRef      review;
  GMainContext *context;
  GMutex        lock;
  VeilCasePhase phase;
  guint         done;
  guint         total;
  gboolean      scheduled;
} ProgressRelay;

struct _VeilReview
{
  GObject          parent_instance;

  GMainContext    *context;
  GStrv            inputs;
  char            *preset;
  GStrv            accessions;
  char            *store_path;
  VeilMappingStore *store;
  VeilCase        *kase;
  ProgressRelay   *relay;
  GCancellable    *cancellable;
  GApplication    *held;

  VeilReviewState  state;
  double           progress;
  char            *progress_text;
  char            *error_message;
  guint            generation;
  gint64           step_started;

  guint            reload_pending : 1;
  guint            rescan_pending : 1;
  guint            exported : 1;
  guint            recorded : 1;
};

G_DEFINE_FINAL_TYPE (VeilReview, veil_review, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (VeilReviewState, veil_review_state,
                    G_DEFINE_ENUM_VALUE (VEIL_REVIEW_STATE_EMPTY, "empty"),
                    G_DEFINE_ENUM_VALUE (VEIL_REVIEW_STATE_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (VEIL_REVIEW_STATE_SCANNING, "scanning"),
                    G_DEFINE_ENUM_VALUE (VEIL_REVIEW_STATE_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (VEIL_REVIEW_STATE_EXPORTING, "exporting"),
                    G_DEFINE_ENUM_VALUE (VEIL_REVIEW_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_BUSY,
  PROP_PROGRESS,
  PROP_PROGRESS_TEXT,
  PROP_ERROR_MESSAGE,
  PROP_GENERATION,
  PROP_PRESET,
  PROP_ACCESSIONS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void veil_review_start_load (VeilReview *self);
static void veil_review_start_scan (VeilReview *self);

/* Progress ---------------------------------------------------------------- */

static ProgressRelay *
progress_relay_new (VeilReview *self)
{
  ProgressRelay *relay = g_atomic_rc_box_new0 (ProgressRelay);

  g_weak_ref_init (&relay->review, self);
  g_mutex_init (&relay->lock);
  relay->context = g_main_context_ref (self->context);

  return relay;
}

static void
progress_relay_clear (ProgressRelay *relay)
{
  g_weak_ref_clear (&relay->review);
  g_mutex_clear (&relay->lock);
  g_main_context_unref (relay->context);
}

static void
progress_relay_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify)progress_relay_clear);
}

static const char *
phase_text (VeilCasePhase phase)
{
  switch (phase)
    {
    case VEIL_CASE_PHASE_COLLECT:
      return _("Finding files…");
    case VEIL_CASE_PHASE_READ:
      return _("Reading files");
    case VEIL_CASE_PHASE_SCAN:
      return _("Working out what will change");
    case VEIL_CASE_PHASE_EXPORT:
      return _("Writing the export");
    default:
      return "";
    }
}

static void
veil_review_set_progress (VeilReview    *self,
                          VeilCasePhase  phase,
                          guint          done,
                          guint          total)
{
  g_autofree char *text = NULL;
  double fraction;

  g_assert (VEIL_IS_REVIEW (self));

  fraction = total > 0 ? (double)done / total : 0.0;

  if (phase == VEIL_CASE_PHASE_COLLECT || total == 0)
    text = g_strdup (phase_text (phase));
  else
    /* Translators: "Reading files — 120 of 700" */
    text = g_strdup_printf (_("%s — %u of %u"), phase_text (phase), done, total);

  if (fraction != self->progress)
    {
      self->progress = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }

  if (g_strcmp0 (text, self->progress_text) != 0)
    {
      g_free (self->progress_text);
      self->progress_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TEXT]);
    }
}

static gboolean
progress_relay_dispatch (gpointer data)
{
  ProgressRelay *relay = data;
  g_autoptr(VeilReview) self = NULL;
  VeilCasePhase phase;
  guint done;
  guint total;

  g_mutex_lock (&relay->lock);
  phase = relay->phase;
  done = relay->done;
  total = relay->total;
  relay->scheduled = FALSE;
  g_mutex_unlock (&relay->lock);

  /* A relay of a case the review has dropped (a reload replaced it) must
   * not move the progress bar of the new one. */
  self = g_weak_ref_get (&relay->review);
  if (self != NULL && self->relay == relay && self->state != VEIL_REVIEW_STATE_READY)
    veil_review_set_progress (self, phase, done, total);

  return G_SOURCE_REMOVE;
}

/* Called from the engine's worker threads. */
static void
progress_relay_report (VeilCasePhase phase,
                       guint         done,
                       guint         total,
                       gpointer      user_data)
{
  ProgressRelay *relay = user_data;
  gboolean schedule;

  g_mutex_lock (&relay->lock);
  relay->phase = phase;
  relay->done = done;
  relay->total = total;
  schedule = !relay->scheduled;
  relay->scheduled = TRUE;
  g_mutex_unlock (&relay->lock);

  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source,
                             progress_relay_dispatch,
                             g_atomic_rc_box_acquire (relay),
                             progress_relay_unref);
      g_source_set_static_name (source, "[veil] progress");
      g_source_attach (source, relay->context);
    }
}

/* State ------------------------------------------------------------------- */

static gboolean
state_is_busy (VeilReviewState state)
{
  return state == VEIL_REVIEW_STATE_LOADING ||
         state == VEIL_REVIEW_STATE_SCANNING ||
         state == VEIL_REVIEW_STATE_EXPORTING;
}

static void
veil_review_set_state (VeilReview      *self,
                       VeilReviewState  state)
{
  gboolean was_busy;

  g_assert (VEIL_IS_REVIEW (self));

  if (self->state == state)
    return;

  was_busy = state_is_busy (self->state);
  self->state = state;

  if (state_is_busy (state))
    self->step_started = g_get_monotonic_time ();

  /* The application stays up while a step runs, even when its window has
   * closed and cancelled it: a cancelled export removes its half-written
   * folder, and it needs the process for that. */
  if (state_is_busy (state) && !was_busy && self->held == NULL)
    {
      GApplication *app = g_application_get_default ();

      if (app != NULL)
        {
          self->held = g_object_ref (app);
          g_application_hold (app);
        }
    }
  else if (!state_is_busy (state) && self->held != NULL)
    {
      g_application_release (self->held);
      g_clear_object (&self->held);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_busy != state_is_busy (state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
veil_review_set_error_message (VeilReview *self,
                               const char *message)
{
  if (g_strcmp0 (message, self->error_message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

/* Runs whatever was asked for while a step was running. A reload wins over
 * a re-scan: it scans anyway. */
static void
veil_review_run_pending (VeilReview *self)
{
  if (self->reload_pending)
    veil_review_start_load (self);
  else if (self->rescan_pending)
    veil_review_start_scan (self);
}

/* Store ------------------------------------------------------------------- */

/**
 * veil_review_get_cases_folder:
 *
 * Returns: (transfer full): the folder of the window's case stores. They are
 *   personal data, so they live in the user's private data folder, never
 *   beside the inputs.
 */
char *
veil_review_get_cases_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "veil", "cases", NULL);
}

/* Records what the case is made of in its store, so it can be resumed. */
static void
veil_review_save_record (VeilReview *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->inputs == NULL || self->inputs[0] == NULL)
    return;

  if (!veil_case_record_save (self->store,
                              (const char * const *)self->inputs,
                              self->preset,
                              (const char * const *)self->accessions,
                              &error))
    {
      g_warning ("Cannot record the case in %s: %s", self->store_path, error->message);
      return;
    }

  self->recorded = TRUE;
}

/* The case's store is let go (closing the case): the next case gets its own.
 * A store that recorded a case stays on disk, to be resumed. */
static void
veil_review_release_store (VeilReview *self)
{
  g_clear_object (&self->store);

  if (self->store_path != NULL && !self->exported && !self->recorded)
    g_unlink (self->store_path);

  g_clear_pointer (&self->store_path, g_free);
  self->exported = FALSE;
  self->recorded = FALSE;
}

static gboolean
veil_review_ensure_store (VeilReview  *self,
                          GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;

  if (self->store != NULL)
    return TRUE;

  /* The case's own store: it holds the key every pseudonym comes from and the
   * reviewer's decisions, so a review keeps its pseudonyms across reloads
   * (a preset change, added inputs). It is personal data, so it lives in the
   * user's private data folder, never beside the inputs; the export page
   * saves a copy where the user asks. */
  dir = veil_review_get_cases_folder ();
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder for case data %s: %s"),
                   dir, g_strerror (saved));
      return FALSE;
    }

  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  name = g_strdup_printf ("case-%s-%08x.veil", stamp, g_random_int ());
  self->store_path = g_build_filename (dir, name, NULL);

  self->store = veil_mapping_store_open (self->store_path, error);
  if (self->store == NULL)
    {
      g_clear_pointer (&self->store_path, g_free);
      return FALSE;
    }

  g_chmod (self->store_path, 0600);

  return TRUE;
}

/* Scan -------------------------------------------------------------------- */

static void
veil_review_scan_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VeilReview) self = user_data;
  g_autoptr(GError) error = NULL;
  VeilCase *kase = VEIL_CASE (object);
  gboolean was_loading;

  g_assert (VEIL_IS_REVIEW (self));

  was_loading = self->state == VEIL_REVIEW_STATE_LOADING;

  if (!veil_case_scan_finish (kase, result, &error))
    {
      if (was_loading)
        {
          /* A case read but not scanned has no tag table to show. */
          g_clear_object (&self->kase);
          self->relay = NULL;
          self->generation++;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);
          veil_review_set_state (self, VEIL_REVIEW_STATE_EMPTY);
        }
      else
        veil_review_set_state (self, VEIL_REVIEW_STATE_READY);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          veil_review_set_error_message (self, error->message);
          veil_review_set_state (self, VEIL_REVIEW_STATE_FAILED);
        }

      g_signal_emit (self, signals[CHANGED], 0);
      veil_review_run_pending (self);
      return;
    }

  g_debug ("%s %u items in %.2f s",
           was_loading ? "Read and scanned" : "Re-scanned",
           veil_case_get_items (kase)->len,
           seconds_since (self->step_started));

  if (was_loading)
    {
      self->generation++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);
    }

  veil_review_set_state (self, VEIL_REVIEW_STATE_READY);
  g_signal_emit (self, signals[CHANGED], 0);

  veil_review_run_pending (self);
}

static void
veil_review_start_scan (VeilReview *self)
{
  g_assert (VEIL_IS_REVIEW (self));
  g_assert (self->kase != NULL);
  g_assert (!state_is_busy (self->state));

  self->rescan_pending = FALSE;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  veil_review_set_state (self, VEIL_REVIEW_STATE_SCANNING);
  veil_review_set_progress (self, VEIL_CASE_PHASE_SCAN, 0, 0);

  veil_case_scan_async (self->kase,
                        self->cancellable,
                        veil_review_scan_cb,
                        g_object_ref (self));
}

/* Load -------------------------------------------------------------------- */

static void
veil_review_load_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VeilReview) self = user_data;
  g_autoptr(GError) error = NULL;
  VeilCase *kase = VEIL_CASE (object);

  g_assert (VEIL_IS_REVIEW (self));
  g_assert (kase == self->kase);

  if (!veil_case_load_finish (kase, result, &error))
    {
      g_clear_object (&self->kase);
      self->relay = NULL;
      self->generation++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        veil_review_set_state (self, VEIL_REVIEW_STATE_EMPTY);
      else
        {
          veil_review_set_error_message (self, error->message);
          veil_review_set_state (self, VEIL_REVIEW_STATE_FAILED);
        }

      g_signal_emit (self, signals[CHANGED], 0);
      veil_review_run_pending (self);
      return;
    }

  g_debug ("Read %u items in %.2f s",
           veil_case_get_items (kase)->len,
           seconds_since (self->step_started));

  /* Loading is not over until the first scan has filled the tag tables;
   * the state stays LOADING so the window keeps its progress page. */
  veil_case_scan_async (kase,
                        self->cancellable,
                        veil_review_scan_cb,
                        g_object_ref (self));
}

static void
veil_review_start_load (VeilReview *self)
{
  g_autoptr(GError) error = NULL;
  const VeilPreset *preset;

  g_assert (VEIL_IS_REVIEW (self));

  if (state_is_busy (self->state))
    {
      /* The running step is cancelled and this runs again when it has
       * finished: the engine's case cannot be read twice at once. */
      self->reload_pending = TRUE;
      g_cancellable_cancel (self->cancellable);
      return;
    }

  self->reload_pending = FALSE;
  self->rescan_pending = FALSE;
  veil_review_set_error_message (self, NULL);

  g_clear_object (&self->kase);
  self->relay = NULL;

  if (self->inputs == NULL || self->inputs[0] == NULL)
    {
      self->generation++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);
      veil_review_set_state (self, VEIL_REVIEW_STATE_EMPTY);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  if (!veil_review_ensure_store (self, &error))
    {
      veil_review_set_error_message (self, error->message);
      veil_review_set_state (self, VEIL_REVIEW_STATE_FAILED);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  veil_review_save_record (self);

  if (!(preset = veil_preset_lookup (self->preset)))
    preset = veil_preset_lookup (VEIL_DEFAULT_PRESET);
  g_assert (preset != NULL);

  self->kase = veil_case_new (self->store, preset->options);
  for (guint i = 0; self->inputs[i] != NULL; i++)
    veil_case_add_input (self->kase, self->inputs[i]);

  self->relay = progress_relay_new (self);
  veil_case_set_progress_func (self->kase, progress_relay_report, self->relay);
  g_object_set_data_full (G_OBJECT (self->kase),
                          "veil-progress-relay",
                          self->relay,
                          progress_relay_unref);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  veil_review_set_state (self, VEIL_REVIEW_STATE_LOADING);
  veil_review_set_progress (self, VEIL_CASE_PHASE_COLLECT, 0, 0);

  veil_case_load_async (self->kase,
                        self->cancellable,
                        veil_review_load_cb,
                        g_object_ref (self));
}

/* Export ------------------------------------------------------------------ */

static void
veil_review_export_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VeilReview *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean ok;

  ok = veil_case_export_finish (VEIL_CASE (object), result, &error);

  g_debug ("Export %s after %.2f s", ok ? "finished" : "stopped", seconds_since (self->step_started));

  if (ok && veil_case_get_n_exported (VEIL_CASE (object)) > 0)
    self->exported = TRUE;

  veil_review_set_state (self, VEIL_REVIEW_STATE_READY);
  /* Files refused while writing are now refusals of the case. */
  g_signal_emit (self, signals[CHANGED], 0);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);

  veil_review_run_pending (self);
}

/**
 * veil_review_export_async:
 * @self: a #VeilReview that is not busy
 * @out_dir: a folder that does not exist, or is empty
 *
 * Writes the export with the engine (all or nothing). The case's mapping
 * store is flushed by the engine before the files appear.
 */
void
veil_review_export_async (VeilReview          *self,
                          const char          *out_dir,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VEIL_IS_REVIEW (self));
  g_return_if_fail (out_dir != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, veil_review_export_async);

  if (self->kase == NULL || state_is_busy (self->state))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The case is not ready to export"));
      return;
    }

  /* Kept so veil_review_cancel() (the window closing) stops an export too. */
  g_clear_object (&self->cancellable);
  self->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();

  veil_review_set_state (self, VEIL_REVIEW_STATE_EXPORTING);
  veil_review_set_progress (self, VEIL_CASE_PHASE_EXPORT, 0, 0);

  veil_case_export_async (self->kase,
                          out_dir,
                          self->cancellable,
                          veil_review_export_cb,
                          g_steal_pointer (&task));
}

gboolean
veil_review_export_finish (VeilReview    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Verify ------------------------------------------------------------------ */

typedef struct
{
  VeilMappingStore *store;
  char *folder;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_clear_object (&data->store);
  g_free (data->folder);
  g_free (data);
}

static void
veil_review_verify_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  VerifyData *data = task_data;
  VeilVerifyReport *report;
  GError *error = NULL;

  /* Only the store is used here: it is thread-safe, and the review itself
   * belongs to the main thread. */
  report = veil_verify_folder (data->store, data->folder, cancellable, &error);

  if (report != NULL)
    g_task_return_pointer (task, report, (GDestroyNotify)veil_verify_report_free);
  else
    g_task_return_error (task, error);
}

/**
 * veil_review_verify_async:
 * @self: a #VeilReview
 * @folder: an export of this case
 *
 * Runs the residual scan (veil_verify_folder()) over @folder on a worker
 * thread, against every original the case's store holds.
 */
void
veil_review_verify_async (VeilReview          *self,
                          const char          *folder,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyData *data;

  g_return_if_fail (VEIL_IS_REVIEW (self));
  g_return_if_fail (folder != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, veil_review_verify_async);

  if (self->store == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The case has no mapping store"));
      return;
    }

  data = g_new0 (VerifyData, 1);
  data->store = g_object_ref (self->store);
  data->folder = g_strdup (folder);
  g_task_set_task_data (task, data, (GDestroyNotify)verify_data_free);
  g_task_run_in_thread (task, veil_review_verify_thread);
}

VeilVerifyReport *
veil_review_verify_finish (VeilReview    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GObject ----------------------------------------------------------------- */

static void
veil_review_dispose (GObject *object)
{
  VeilReview *self = (VeilReview *)object;

  /* Steps hold a reference, so this runs only once they have finished; the
   * cancel is for a review disposed explicitly (g_object_run_dispose). */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  g_clear_object (&self->kase);
  self->relay = NULL;
  g_clear_object (&self->cancellable);

  /* A store that neither recorded a case nor was exported with holds only
   * its key: the pseudonyms it would give are worth nothing to anyone, and a
   * folder of them is clutter. One that holds a case (to be resumed) or was
   * exported with (the record of a disclosure) stays. */
  veil_review_release_store (self);

  if (self->held != NULL)
    {
      g_application_release (self->held);
      g_clear_object (&self->held);
    }

  G_OBJECT_CLASS (veil_review_parent_class)->dispose (object);
}

static void
veil_review_finalize (GObject *object)
{
  VeilReview *self = (VeilReview *)object;

  g_clear_pointer (&self->inputs, g_strfreev);
  g_clear_pointer (&self->accessions, g_strfreev);
  g_clear_pointer (&self->preset, g_free);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->progress_text, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (veil_review_parent_class)->finalize (object);
}

static void
veil_review_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VeilReview *self = VEIL_REVIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, veil_review_get_busy (self));
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_PROGRESS_TEXT:
      g_value_set_string (value, self->progress_text);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_GENERATION:
      g_value_set_uint (value, self->generation);
      break;

    case PROP_PRESET:
      g_value_set_string (value, self->preset);
      break;

    case PROP_ACCESSIONS:
      g_value_set_boxed (value, self->accessions);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_review_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  VeilReview *self = VEIL_REVIEW (object);

  switch (prop_id)
    {
    case PROP_PRESET:
      veil_review_set_preset (self, g_value_get_string (value));
      break;

    case PROP_ACCESSIONS:
      veil_review_set_accessions (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_review_class_init (VeilReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = veil_review_dispose;
  object_class->finalize = veil_review_finalize;
  object_class->get_property = veil_review_get_property;
  object_class->set_property = veil_review_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       VEIL_TYPE_REVIEW_STATE,
                       VEIL_REVIEW_STATE_EMPTY,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROGRESS_TEXT] =
    g_param_spec_string ("progress-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Changes each time the case is read anew (new inputs, another preset):
   * item positions from an older generation mean nothing any more. */
  properties[PROP_GENERATION] =
    g_param_spec_uint ("generation", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRESET] =
    g_param_spec_string ("preset", NULL, NULL,
                         VEIL_DEFAULT_PRESET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCESSIONS] =
    g_param_spec_boxed ("accessions", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VeilReview::changed:
   *
   * The case's items may be read again: a load, scan or export finished (or
   * the case was closed). Widgets refresh their copies here.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
veil_review_init (VeilReview *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->preset = g_strdup (VEIL_DEFAULT_PRESET);
}

/* Public API -------------------------------------------------------------- */

VeilReview *
veil_review_new (void)
{
  return g_object_new (VEIL_TYPE_REVIEW, NULL);
}

VeilReviewState
veil_review_get_state (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), VEIL_REVIEW_STATE_EMPTY);

  return self->state;
}

gboolean
veil_review_get_busy (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), FALSE);

  return state_is_busy (self->state);
}

double
veil_review_get_progress (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), 0.0);

  return self->progress;
}

const char *
veil_review_get_progress_text (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), NULL);

  return self->progress_text;
}

const char *
veil_review_get_error_message (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), NULL);

  return self->error_message;
}

guint
veil_review_get_generation (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), 0);

  return self->generation;
}

const char *
veil_review_get_preset (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), NULL);

  return self->preset;
}

/**
 * veil_review_set_preset:
 * @self: a #VeilReview
 * @name: a preset name from veil_presets_get_all()
 *
 * The engine fixes a case's options when it is created, so another preset
 * means reading the case again (with the same store, so the pseudonyms and
 * the reviewer's decisions stay).
 */
void
veil_review_set_preset (VeilReview *self,
                        const char *name)
{
  const VeilPreset *old_preset;
  const VeilPreset *new_preset;

  g_return_if_fail (VEIL_IS_REVIEW (self));

  if (name == NULL || veil_preset_lookup (name) == NULL)
    name = VEIL_DEFAULT_PRESET;

  if (g_strcmp0 (name, self->preset) == 0)
    return;

  old_preset = veil_preset_lookup (self->preset);
  new_preset = veil_preset_lookup (name);

  g_free (self->preset);
  self->preset = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESET]);

  if (self->kase != NULL && (old_preset == NULL || old_preset->options != new_preset->options))
    veil_review_start_load (self);
}

const char * const *
veil_review_get_accessions (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), NULL);

  return (const char * const *)self->accessions;
}

/**
 * veil_review_set_accessions:
 * @self: a #VeilReview
 * @accessions: (nullable): the accession numbers the request listed, or
 *   %NULL (or empty) when no list was given
 */
void
veil_review_set_accessions (VeilReview         *self,
                            const char * const *accessions)
{
  g_return_if_fail (VEIL_IS_REVIEW (self));

  if (accessions != NULL && accessions[0] == NULL)
    accessions = NULL;

  if (accessions == NULL && self->accessions == NULL)
    return;
  if (accessions != NULL && self->accessions != NULL &&
      g_strv_equal (accessions, (const char * const *)self->accessions))
    return;

  g_strfreev (self->accessions);
  self->accessions = g_strdupv ((char **)accessions);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSIONS]);

  veil_review_save_record (self);
}

/**
 * veil_review_set_inputs:
 * @self: a #VeilReview
 * @paths: (nullable): the case's files and folders, as local paths
 *
 * Reads the case again from @paths (the engine takes inputs only before a
 * case is read). An empty list closes the case.
 */
void
veil_review_set_inputs (VeilReview         *self,
                        const char * const *paths)
{
  g_return_if_fail (VEIL_IS_REVIEW (self));

  g_strfreev (self->inputs);
  self->inputs = g_strdupv ((char **)paths);

  /* Closing the case lets its store go: files opened next are a new case. */
  if (self->inputs == NULL || self->inputs[0] == NULL)
    veil_review_release_store (self);

  veil_review_start_load (self);
}

/**
 * veil_review_resume:
 * @self: a #VeilReview with no inputs (a closed case)
 * @store_path: the store of a case opened before
 * @error: return location for an error
 *
 * Takes up the case recorded in @store_path: its store (so its pseudonyms
 * and the reviewer's decisions), its preset and its accession list. The
 * caller then gives the returned inputs back through
 * veil_review_set_inputs(), which reads the case.
 *
 * Returns: (transfer full) (nullable): the case's inputs, or %NULL with
 *   @error set when the store cannot be read or holds no case
 */
char **
veil_review_resume (VeilReview  *self,
                    const char  *store_path,
                    GError     **error)
{
  g_autoptr(VeilMappingStore) store = NULL;
  g_autoptr(VeilCaseRecord) record = NULL;

  g_return_val_if_fail (VEIL_IS_REVIEW (self), NULL);
  g_return_val_if_fail (store_path != NULL, NULL);

  if (!(store = veil_mapping_store_open (store_path, error)))
    return NULL;

  if (!(record = veil_case_record_load (store)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s does not hold a case Veil can resume"), store_path);
      return NULL;
    }

  veil_review_release_store (self);
  self->store = g_steal_pointer (&store);
  self->store_path = g_strdup (store_path);
  self->recorded = TRUE;

  veil_review_set_preset (self, record->preset);
  veil_review_set_accessions (self, (const char * const *)record->accessions);

  return g_steal_pointer (&record->inputs);
}

void
veil_review_cancel (VeilReview *self)
{
  g_return_if_fail (VEIL_IS_REVIEW (self));

  self->reload_pending = FALSE;
  self->rescan_pending = FALSE;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/**
 * veil_review_get_case:
 * @self: a #VeilReview
 *
 * Returns: (transfer none) (nullable): the case, or %NULL while a step is
 *   running (its items are being written) or when no case is open.
 */
VeilCase *
veil_review_get_case (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), NULL);

  if (state_is_busy (self->state))
    return NULL;

  return self->kase;
}

/**
 * veil_review_get_store:
 * @self: a #VeilReview
 *
 * Returns: (transfer none) (nullable): the case's mapping store; it is
 *   thread-safe, so it may be read while a step runs.
 */
VeilMappingStore *
veil_review_get_store (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), NULL);

  return self->store;
}

const char *
veil_review_get_store_path (VeilReview *self)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), NULL);

  return self->store_path;
}

/**
 * veil_review_set_pseudonym:
 * @self: a #VeilReview that is ready
 * @kind: %VEIL_MAPPING_PATIENT or %VEIL_MAPPING_PERSON, or another kind
 * @original: the entity's key (or the original value)
 * @pseudonym: what it is to become everywhere
 *
 * Records the reviewer's decision and re-scans, so every tag table and
 * description shows it. Fails (and changes nothing) while a step runs or
 * when another entity of @kind already has @pseudonym.
 */
gboolean
veil_review_set_pseudonym (VeilReview  *self,
                           const char  *kind,
                           const char  *original,
                           const char  *pseudonym,
                           GError     **error)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (original != NULL, FALSE);
  g_return_val_if_fail (pseudonym != NULL, FALSE);

  if (self->kase == NULL || state_is_busy (self->state))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("The case is being updated; try again when it is ready"));
      return FALSE;
    }

  if (*pseudonym == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A pseudonym cannot be empty"));
      return FALSE;
    }

  if (!veil_case_set_pseudonym (self->kase, kind, original, pseudonym, error))
    return FALSE;

  veil_review_start_scan (self);

  return TRUE;
}

/**
 * veil_review_set_attribute_override:
 * @self: a #VeilReview that is ready
 * @scope_uid: the SOP Instance UID of one instance, or the Series Instance
 *   UID of every instance of a series
 * @path: the attribute, as the tag table names it
 * @action: keep, remove, set, or none (the profile decides again)
 * @value: (nullable): the value for %VEIL_OVERRIDE_SET
 *
 * Records the reviewer's decision in the case's mapping store and
 * re-scans, so the tag table shows it and the export writes it. Fails (and
 * changes nothing) while a step runs.
 */
gboolean
veil_review_set_attribute_override (VeilReview          *self,
                                    const char          *scope_uid,
                                    const char          *path,
                                    VeilOverrideAction   action,
                                    const char          *value,
                                    GError             **error)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), FALSE);

  if (self->kase == NULL || state_is_busy (self->state))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("The case is being updated; try again when it is ready"));
      return FALSE;
    }

  if (!veil_case_set_attribute_override (self->kase, scope_uid, path, action, value, error))
    return FALSE;

  veil_review_start_scan (self);

  return TRUE;
}

/* A reviewer's decisions on report findings -------------------------------- */

static gboolean
veil_review_check_ready (VeilReview  *self,
                         GError     **error)
{
  if (self->kase == NULL || state_is_busy (self->state))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("The case is being updated; try again when it is ready"));
      return FALSE;
    }

  return TRUE;
}

/**
 * veil_review_mark_not_identifier:
 * @self: a #VeilReview that is ready
 * @text: text a finding took for an identifier
 *
 * Keeps @text as written in every report of the case (recorded in the
 * mapping store, so veil-cli honours it too) and re-scans.
 */
gboolean
veil_review_mark_not_identifier (VeilReview  *self,
                                 const char  *text,
                                 GError     **error)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!veil_review_check_ready (self, error) ||
      !veil_case_mark_not_identifier (self->kase, text, error))
    return FALSE;

  veil_review_start_scan (self);

  return TRUE;
}

/**
 * veil_review_add_identifier:
 * @self: a #VeilReview that is ready
 * @kind: what the text is
 * @text: an identifier the recognisers missed
 *
 * Replaces @text wherever it is written in the case, reports and DICOM
 * free text alike, and re-scans.
 */
gboolean
veil_review_add_identifier (VeilReview    *self,
                            VeilTextKind   kind,
                            const char    *text,
                            GError       **error)
{
  g_return_val_if_fail (VEIL_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!veil_review_check_ready (self, error) ||
      !veil_case_add_identifier (self->kase, kind, text, error))
    return FALSE;

  veil_review_start_scan (self);

  return TRUE;
}

/**
 * veil_review_accept_finding:
 * @self: a #VeilReview that is ready
 * @item_index: the report's position in the case's items
 * @finding_index: the finding's position in the report's findings
 *
 * Records that the reviewer checked the finding. Nothing is re-scanned;
 * ::changed is emitted so that counts of findings waiting are updated.
 */
gboolean
veil_review_accept_finding (VeilReview  *self,
                            guint        item_index,
                            guint        finding_index,
                            GError     **error)
{
  GPtrArray *items;
  VeilCaseItem *item;

  g_return_val_if_fail (VEIL_IS_REVIEW (self), FALSE);

  if (!veil_review_check_ready (self, error))
    return FALSE;

  items = veil_case_get_items (self->kase);
  item = item_index < items->len ? g_ptr_array_index (items, item_index) : NULL;
  if (item == NULL || item->findings == NULL || finding_index >= item->findings->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The finding is no longer in the report"));
      return FALSE;
    }

  if (!veil_case_accept_finding (self->kase, item,
                                 g_ptr_array_index (item->findings, finding_index), error))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}
