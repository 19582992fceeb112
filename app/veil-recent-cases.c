/* veil-recent-cases.c: the list of cases to resume, on the empty page
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the newest cases from the folder of case stores; activating one
 * emits ::case-activated with the store's path, and the window resumes it.
 * Hidden while there is nothing to resume, so a first start shows only the
 * invitation to open files.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "veil-recent-case.h"
#include "veil-recent-cases.h"
#include "veil-review.h"

#define MAX_RECENT_CASES 8

struct _VeilRecentCases
{
  GtkWidget     parent_instance;

  GListModel   *model;
  GCancellable *cancellable;

  /* Template widgets */
  GtkWidget    *box;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (VeilRecentCases, veil_recent_cases, GTK_TYPE_WIDGET)

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  VeilRecentCase *recent = VEIL_RECENT_CASE (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), veil_recent_case_get_title (recent));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), veil_recent_case_get_subtitle (recent));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, veil_recent_case_get_path (recent));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Resume this case"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  return row;
}

static void
list_row_activated_cb (VeilRecentCases *self,
                       GtkListBoxRow   *row,
                       GtkListBox      *list)
{
  g_autoptr(VeilRecentCase) recent = NULL;

  recent = g_list_model_get_item (self->model, gtk_list_box_row_get_index (row));
  if (recent != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, veil_recent_case_get_path (recent));
}

static void
list_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VeilRecentCases) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = veil_recent_case_list_finish (result, &error);

  if (model == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot list recent cases: %s", error->message);
      return;
    }

  g_set_object (&self->model, model);
  gtk_list_box_bind_model (self->list, self->model, create_row, NULL, NULL);
  gtk_widget_set_visible (self->box, g_list_model_get_n_items (self->model) > 0);
}

/**
 * veil_recent_cases_refresh:
 *
 * Lists the cases again (in the background): one closed or exported since
 * the last look is offered too.
 */
void
veil_recent_cases_refresh (VeilRecentCases *self)
{
  g_autofree char *folder = NULL;

  g_return_if_fail (VEIL_IS_RECENT_CASES (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  folder = veil_review_get_cases_folder ();
  veil_recent_case_list_async (folder, MAX_RECENT_CASES, self->cancellable,
                               list_ready_cb, g_object_ref (self));
}

/**
 * veil_recent_cases_get_model:
 *
 * Returns: (transfer none): the #VeilRecentCase shown, newest first
 */
GListModel *
veil_recent_cases_get_model (VeilRecentCases *self)
{
  g_return_val_if_fail (VEIL_IS_RECENT_CASES (self), NULL);

  return self->model;
}

static void
veil_recent_cases_dispose (GObject *object)
{
  VeilRecentCases *self = (VeilRecentCases *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_RECENT_CASES);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (veil_recent_cases_parent_class)->dispose (object);
}

static void
veil_recent_cases_class_init (VeilRecentCasesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_recent_cases_dispose;

  /**
   * VeilRecentCases::case-activated:
   * @path: the case's store
   */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/veil/Veil/ui/veil-recent-cases.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, VeilRecentCases, box);
  gtk_widget_class_bind_template_child (widget_class, VeilRecentCases, list);
  gtk_widget_class_bind_template_callback (widget_class, list_row_activated_cb);
}

static void
veil_recent_cases_init (VeilRecentCases *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
