/* veil-recent-case.c: a case the reviewer worked on before, to resume
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case the window opens has its own mapping store in the user's data
 * folder, and the store records the case's inputs, preset and accession list
 * (engine/veil-case-record.h). Listing the folder is therefore the list of
 * recent cases: nothing else needs to remember them, and a case whose store
 * was deleted is gone from the list too. Reading the stores opens SQLite
 * files, so the list is made in a worker thread.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-case-record.h"
#include "veil-recent-case.h"

struct _VeilRecentCase
{
  GObject  parent_instance;

  char    *path;
  char    *title;
  char    *subtitle;
  gint64   saved;
};

G_DEFINE_FINAL_TYPE (VeilRecentCase, veil_recent_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TITLE,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
veil_recent_case_finalize (GObject *object)
{
  VeilRecentCase *self = (VeilRecentCase *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (veil_recent_case_parent_class)->finalize (object);
}

static void
veil_recent_case_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VeilRecentCase *self = VEIL_RECENT_CASE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_recent_case_class_init (VeilRecentCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = veil_recent_case_finalize;
  object_class->get_property = veil_recent_case_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
veil_recent_case_init (VeilRecentCase *self)
{
}

/* "CT head study", "CT head study and 2 more": the first input names the
 * case as the reviewer chose it. */
static char *
title_for (const VeilCaseRecord *record)
{
  g_autofree char *first = g_path_get_basename (record->inputs[0]);
  guint n_more = g_strv_length (record->inputs) - 1;

  if (n_more == 0)
    return g_steal_pointer (&first);

  /* Translators: a recent case named by its first input, "scans and 2 more" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more", "%s and %u more", n_more),
                          first, n_more);
}

static char *
subtitle_for (const VeilCaseRecord *record)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (record->saved);
  g_autofree char *date = when ? g_date_time_format (when, "%e %b %Y, %H:%M") : g_strdup ("");

  if (record->preset == NULL)
    return g_strstrip (g_steal_pointer (&date));

  /* Translators: when a recent case was last opened, and its preset: "24 Nov 2026, 14:05 · litigation" */
  return g_strdup_printf (_("%s · %s"), g_strstrip (date), record->preset);
}

static VeilRecentCase *
recent_case_new (const char           *path,
                 const VeilCaseRecord *record)
{
  VeilRecentCase *self = g_object_new (VEIL_TYPE_RECENT_CASE, NULL);

  self->path = g_strdup (path);
  self->title = title_for (record);
  self->subtitle = subtitle_for (record);
  self->saved = record->saved;

  return self;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  gint64 sa = VEIL_RECENT_CASE (*(gpointer *)a)->saved;
  gint64 sb = VEIL_RECENT_CASE (*(gpointer *)b)->saved;

  return (sa < sb) - (sa > sb);
}

typedef struct {
  char  *folder;
  guint  max_cases;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->folder);
  g_free (data);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListData *data = task_data;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDir) dir = g_dir_open (data->folder, 0, NULL);
  GListStore *store = g_list_store_new (VEIL_TYPE_RECENT_CASE);
  const char *name;

  /* No folder yet: no case was ever opened, and the list is empty. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(VeilCaseRecord) record = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (!g_str_has_suffix (name, ".veil"))
        continue;

      path = g_build_filename (data->folder, name, NULL);
      /* A store that cannot be read, or holds no case, is not offered. */
      record = veil_case_record_read_file (path, NULL);
      if (record != NULL)
        g_ptr_array_add (found, recent_case_new (path, record));
    }

  g_ptr_array_sort (found, compare_newest_first);
  for (guint i = 0; i < found->len && i < data->max_cases; i++)
    g_list_store_append (store, found->pdata[i]);

  g_task_return_pointer (task, store, g_object_unref);
}

/**
 * veil_recent_case_list_async:
 * @folder: the folder of case stores
 * @max_cases: how many to list at most (the newest)
 *
 * Lists the cases whose stores are in @folder, newest first, in a worker
 * thread.
 */
void
veil_recent_case_list_async (const char          *folder,
                             guint                max_cases,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  data->folder = g_strdup (folder);
  data->max_cases = max_cases;
  g_task_set_source_tag (task, veil_recent_case_list_async);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);
  g_task_run_in_thread (task, list_thread);
}

/**
 * veil_recent_case_list_finish:
 *
 * Returns: (transfer full): a #GListModel of #VeilRecentCase
 */
GListModel *
veil_recent_case_list_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
veil_recent_case_get_path (VeilRecentCase *self)
{
  g_return_val_if_fail (VEIL_IS_RECENT_CASE (self), NULL);
  return self->path;
}

const char *
veil_recent_case_get_title (VeilRecentCase *self)
{
  g_return_val_if_fail (VEIL_IS_RECENT_CASE (self), NULL);
  return self->title;
}

const char *
veil_recent_case_get_subtitle (VeilRecentCase *self)
{
  g_return_val_if_fail (VEIL_IS_RECENT_CASE (self), NULL);
  return self->subtitle;
}

gint64
veil_recent_case_get_saved (VeilRecentCase *self)
{
  g_return_val_if_fail (VEIL_IS_RECENT_CASE (self), 0);
  return self->saved;
}
