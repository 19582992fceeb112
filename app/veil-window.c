/* veil-window.c: the review window of one case
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages: an empty state, a progress page while the case is first read, and
 * the review: a leaflet with the case sidebar and a view stack of the images'
 * tag tables, reports (text, findings and PDF pages), people
 * and export. The window owns the list of inputs and hands it to its
 * VeilReview, which does the work off the main thread.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-window.h"

struct _VeilWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GListStore           *inputs;
  GtkNativeDialog      *chooser;
  VeilReview           *review;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *simple_header;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  AdwStatusPage        *loading_page;
  GtkProgressBar       *loading_bar;
  AdwStatusPage        *failed_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_pane;
  GtkWidget            *content_pane;
  AdwWindowTitle       *case_title;
  VeilCaseSidebar      *sidebar;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  AdwViewStack         *view_stack;
  VeilTagTable         *tag_table;
  VeilReportView       *report_view;
  VeilPeoplePage       *people_page;
  VeilExportPage       *export_page;
  VeilRecentCases      *recent_cases;
  VeilPixelReview      *pixel_review;
};

G_DEFINE_FINAL_TYPE (VeilWindow, veil_window, ADW_TYPE_APPLICATION_WINDOW)

/* State ------------------------------------------------------------------- */

static void
veil_window_set_page (VeilWindow *self,
                      const char *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  /* The review has a header in each leaflet pane. */
  gtk_widget_set_visible (GTK_WIDGET (self->simple_header), !g_str_equal (page, "review"));
}

static void
veil_window_update_subtitle (VeilWindow *self)
{
  g_autofree char *subtitle = NULL;
  VeilCase *kase = veil_review_get_case (self->review);

  if (kase != NULL)
    {
      guint n_patients = veil_case_sidebar_count_nodes (self->sidebar, VEIL_CASE_NODE_PATIENT);
      guint n_studies = veil_case_sidebar_count_nodes (self->sidebar, VEIL_CASE_NODE_STUDY);
      guint n_files = veil_case_get_items (kase)->len;
      g_autofree char *patients = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u patient", "%u patients", n_patients), n_patients);
      g_autofree char *studies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u study", "%u studies", n_studies), n_studies);
      g_autofree char *files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files", n_files), n_files);

      /* Translators: the case's subtitle, "2 patients · 3 studies · 12 files" */
      subtitle = g_strdup_printf (_("%s · %s · %s"), patients, studies, files);
    }

  adw_window_title_set_subtitle (self->case_title, subtitle);
}

static void
veil_window_update_state (VeilWindow *self)
{
  VeilReviewState state = veil_review_get_state (self->review);
  guint n_inputs = g_list_model_get_n_items (G_LIST_MODEL (self->inputs));
  gboolean exporting = state == VEIL_REVIEW_STATE_EXPORTING;
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  g_assert (VEIL_IS_WINDOW (self));

  gtk_window_set_title (GTK_WINDOW (self), n_inputs > 0 ? _("New Case") : "Veil");

  switch (state)
    {
    case VEIL_REVIEW_STATE_EMPTY:
      /* A case just closed is now one to resume. */
      if (!g_str_equal (page, "empty"))
        veil_recent_cases_refresh (self->recent_cases);
      veil_window_set_page (self, "empty");
      break;

    case VEIL_REVIEW_STATE_LOADING:
      /* A case read again (another preset, more files) keeps the review in
       * view with a thin progress bar; only the first read has a page. */
      if (!g_str_equal (page, "review"))
        veil_window_set_page (self, "loading");
      break;

    case VEIL_REVIEW_STATE_FAILED:
      adw_status_page_set_description (self->failed_page, veil_review_get_error_message (self->review));
      veil_window_set_page (self, "failed");
      break;

    case VEIL_REVIEW_STATE_SCANNING:
    case VEIL_REVIEW_STATE_EXPORTING:
    case VEIL_REVIEW_STATE_READY:
    default:
      veil_window_set_page (self, "review");
      break;
    }

  gtk_revealer_set_reveal_child (self->progress_revealer,
                                 state == VEIL_REVIEW_STATE_SCANNING ||
                                 (state == VEIL_REVIEW_STATE_LOADING && g_str_equal (page, "review")));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-case", n_inputs > 0 && !exporting);
  /* Files added during an export would cancel it: the case is read again. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-files", !exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-folder", !exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", n_inputs > 0);
}

static void
review_notify_state_cb (VeilWindow *self,
                        GParamSpec *pspec,
                        VeilReview *review)
{
  veil_window_update_state (self);
}

static void
review_notify_progress_cb (VeilWindow *self,
                           GParamSpec *pspec,
                           VeilReview *review)
{
  double fraction = veil_review_get_progress (review);
  const char *text = veil_review_get_progress_text (review);

  gtk_progress_bar_set_fraction (self->loading_bar, fraction);
  adw_status_page_set_description (self->loading_page, text);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->progress_bar), text);
}

static void
review_changed_cb (VeilWindow *self,
                   VeilReview *review)
{
  veil_window_update_subtitle (self);
}

static void
inputs_items_changed_cb (VeilWindow *self,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListModel *model)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint n_inputs = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_inputs; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (model, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);

  veil_review_set_inputs (self->review, (const char * const *)paths->pdata);
  veil_window_update_state (self);
}

static gboolean
file_equal_func (gconstpointer a,
                 gconstpointer b)
{
  return g_file_equal ((GFile *)a, (GFile *)b);
}

static void
show_toast (VeilWindow *self,
            const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Sidebar and views ------------------------------------------------------- */

static void
sidebar_selected_cb (VeilWindow      *self,
                     GParamSpec      *pspec,
                     VeilCaseSidebar *sidebar)
{
  VeilCaseNode *node = veil_case_sidebar_get_selected_node (sidebar);
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean from_user;

  veil_tag_table_set_node (self->tag_table, node);
  veil_report_view_set_node (self->report_view, node);

  if (node == NULL)
    return;

  /* A click in the sidebar shows what was clicked; a selection made for the
   * user (the first series after reading) must not pull them away from the
   * People or Export page. */
  from_user = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (sidebar));

  if (from_user || g_strcmp0 (view, "images") == 0 || g_strcmp0 (view, "reports") == 0)
    {
      if (veil_case_node_get_kind (node) == VEIL_CASE_NODE_REPORT)
        adw_view_stack_set_visible_child_name (self->view_stack, "reports");
      else
        adw_view_stack_set_visible_child_name (self->view_stack, "images");
    }

  if (from_user && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
}

static void
leaflet_folded_cb (VeilWindow *self,
                   GParamSpec *pspec,
                   AdwLeaflet *leaflet)
{
  /* Folded, the content is what the user came for; the back button
   * returns to the case. */
  if (adw_leaflet_get_folded (leaflet))
    adw_leaflet_set_visible_child (leaflet, self->content_pane);
}

static void
veil_window_move (VeilWindow *self,
                  int         direction)
{
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (view, "images") == 0 && veil_tag_table_move (self->tag_table, direction))
    return;

  if (veil_case_sidebar_select_adjacent (self->sidebar, direction))
    {
      /* Entering a series backwards starts at its last instance, so that
       * previous-item walks the whole case in reverse. */
      if (direction < 0)
        veil_tag_table_set_position (self->tag_table, G_MAXUINT);
      return;
    }

  gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
next_item_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  veil_window_move (VEIL_WINDOW (widget), 1);
}

static void
previous_item_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  veil_window_move (VEIL_WINDOW (widget), -1);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VeilWindow *self = VEIL_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "export");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VeilWindow *self = VEIL_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "images");
  veil_tag_table_focus_search (self->tag_table);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VeilWindow *self = VEIL_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_pane);
}

static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  show_toast (VEIL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  veil_window_set_view (VEIL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Burned-in text ------------------------------------------------------------ */

/* The tab shows how many high-risk images wait for a reviewer, and the export
 * page counts them again after every decision. */
static void
pixel_review_unreviewed_cb (VeilWindow      *self,
                            GParamSpec      *pspec,
                            VeilPixelReview *pixel_review)
{
  guint n = veil_pixel_review_get_n_unreviewed (pixel_review);
  AdwViewStackPage *page = adw_view_stack_get_page (self->view_stack, GTK_WIDGET (pixel_review));

  adw_view_stack_page_set_badge_number (page, n);
  adw_view_stack_page_set_needs_attention (page, n > 0);
  veil_export_page_update_pixel_risks (self->export_page);
}

static void
veil_window_init_pixel_review (VeilWindow *self)
{
  g_signal_connect_object (self->pixel_review, "notify::n-unreviewed",
                           G_CALLBACK (pixel_review_unreviewed_cb), self,
                           G_CONNECT_SWAPPED);
  veil_pixel_review_set_review (self->pixel_review, self->review);
}

/* Opening and dropping ----------------------------------------------------- */

static void
chooser_response_cb (VeilWindow           *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GtkNativeDialog) owned = NULL;

  g_assert (VEIL_IS_WINDOW (self));
  g_assert (GTK_IS_FILE_CHOOSER_NATIVE (chooser));

  owned = g_steal_pointer (&self->chooser);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);
      guint n_files = g_list_model_get_n_items (files);

      for (guint i = 0; i < n_files; i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));

      veil_window_add_inputs (self, (GFile **)array->pdata, array->len);
    }
}

static void
veil_window_choose (VeilWindow           *self,
                    GtkFileChooserAction  action,
                    const char           *title)
{
  GtkFileChooserNative *chooser;

  g_assert (VEIL_IS_WINDOW (self));

  /* One chooser per window: a second Ctrl+O while one is open is ignored
   * rather than stacking modal dialogs. */
  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (title,
                                         GTK_WINDOW (self),
                                         action,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      g_autoptr(GtkFileFilter) supported = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (supported, _("DICOM Files, Reports and Archives"));
      gtk_file_filter_add_mime_type (supported, "application/dicom");
      gtk_file_filter_add_mime_type (supported, "application/pdf");
      gtk_file_filter_add_mime_type (supported,
                                     "application/vnd.openxmlformats-officedocument"
                                     ".wordprocessingml.document");
      gtk_file_filter_add_mime_type (supported, "text/plain");
      gtk_file_filter_add_mime_type (supported, "application/zip");
      /* DICOM files from PACS exports often have no extension at all, or
       * names like IM0001; "All Files" is needed for those. */
      gtk_file_filter_add_suffix (supported, "dcm");

      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), supported);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    }

  g_signal_connect_object (chooser,
                           "response",
                           G_CALLBACK (chooser_response_cb),
                           self,
                           G_CONNECT_SWAPPED);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
veil_window_open_files_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  veil_window_choose (VEIL_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN, _("Open Files"));
}

static void
veil_window_open_folder_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  veil_window_choose (VEIL_WINDOW (widget),
                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                      _("Open Folders"));
}

static void
veil_window_close_case_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  veil_window_clear_inputs (VEIL_WINDOW (widget));
}

static gboolean
drop_target_drop_cb (VeilWindow    *self,
                     const GValue  *value,
                     double         x,
                     double         y,
                     GtkDropTarget *target)
{
  g_autoptr(GPtrArray) array = NULL;
  GSList *files;

  g_assert (VEIL_IS_WINDOW (self));

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  if (veil_review_get_state (self->review) == VEIL_REVIEW_STATE_EXPORTING)
    {
      show_toast (self, _("Wait for the export to finish before adding files"));
      return FALSE;
    }

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  array = g_ptr_array_new ();
  for (const GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (array, l->data);
  g_slist_free (files);

  if (array->len == 0)
    return FALSE;

  veil_window_add_inputs (self, (GFile **)array->pdata, array->len);

  return TRUE;
}

/* GObject ----------------------------------------------------------------- */

static gboolean
veil_window_close_request (GtkWindow *window)
{
  VeilWindow *self = (VeilWindow *)window;
  int width;
  int height;

  g_assert (VEIL_IS_WINDOW (self));

  /* The default size is the unmaximised size, which is what should come
   * back when the window is next opened unmaximised. */
  gtk_window_get_default_size (window, &width, &height);

  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  /* Whatever the engine is doing for this case is no longer wanted; an
   * export in progress is abandoned and leaves nothing behind. */
  veil_review_cancel (self->review);

  return GTK_WINDOW_CLASS (veil_window_parent_class)->close_request (window);
}

static void
recent_case_activated_cb (VeilWindow *self,
                          const char *store_path)
{
  veil_window_resume_case (self, store_path);
}

static void
veil_window_dispose (GObject *object)
{
  VeilWindow *self = (VeilWindow *)object;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  if (self->review != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->review, self);
      veil_review_cancel (self->review);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_WINDOW);

  g_clear_object (&self->review);
  g_clear_object (&self->inputs);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (veil_window_parent_class)->dispose (object);
}

static void
veil_window_class_init (VeilWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = veil_window_dispose;

  window_class->close_request = veil_window_close_request;

  /* Types named in the template are looked up by name, which a static
   * executable cannot do without help. */
  g_type_ensure (VEIL_TYPE_CASE_SIDEBAR);
  g_type_ensure (VEIL_TYPE_TAG_TABLE);
  g_type_ensure (VEIL_TYPE_REPORT_VIEW);
  g_type_ensure (VEIL_TYPE_PEOPLE_PAGE);
  g_type_ensure (VEIL_TYPE_EXPORT_PAGE);
  g_type_ensure (VEIL_TYPE_RECENT_CASES);
  g_type_ensure (VEIL_TYPE_PIXEL_REVIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/veil/Veil/ui/veil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, simple_header);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, loading_bar);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, case_title);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, tag_table);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, report_view);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, people_page);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, export_page);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, recent_cases);
  gtk_widget_class_bind_template_callback (widget_class, recent_case_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, pixel_review);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  gtk_widget_class_install_action (widget_class, "win.open-files", NULL,
                                   veil_window_open_files_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL,
                                   veil_window_open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.close-case", NULL,
                                   veil_window_close_case_action);
  gtk_widget_class_install_action (widget_class, "win.next-item", NULL, next_item_action);
  gtk_widget_class_install_action (widget_class, "win.previous-item", NULL, previous_item_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
}

static void
veil_window_init (VeilWindow *self)
{
  g_autofree char *preset = NULL;
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->review = veil_review_new ();
  preset = g_settings_get_string (self->settings, "default-preset");
  veil_review_set_preset (self->review, preset);

  g_signal_connect_object (self->review, "notify::state",
                           G_CALLBACK (review_notify_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review, "notify::progress",
                           G_CALLBACK (review_notify_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review, "notify::progress-text",
                           G_CALLBACK (review_notify_progress_cb), self,
                           G_CONNECT_SWAPPED);

  veil_case_sidebar_set_review (self->sidebar, self->review);
  veil_tag_table_set_review (self->tag_table, self->review);
  veil_report_view_set_review (self->report_view, self->review);
  veil_people_page_set_review (self->people_page, self->review);
  veil_export_page_set_review (self->export_page, self->review);
  veil_window_init_pixel_review (self);

  /* After the pages, so the subtitle counts the rebuilt sidebar. */
  g_signal_connect_object (self->review, "changed",
                           G_CALLBACK (review_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->inputs = g_list_store_new (G_TYPE_FILE);
  g_signal_connect_object (self->inputs,
                           "items-changed",
                           G_CALLBACK (inputs_items_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  veil_export_page_set_inputs (self->export_page, G_LIST_MODEL (self->inputs));

  /* Dropping anywhere on the window adds to this case, on any page. */
  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target,
                           "drop",
                           G_CALLBACK (drop_target_drop_cb),
                           self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));

  veil_recent_cases_refresh (self->recent_cases);
  veil_window_update_state (self);
}

/* Public API -------------------------------------------------------------- */

/**
 * veil_window_resume_case:
 * @self: a #VeilWindow
 * @store_path: the store of a case reviewed before
 *
 * Closes the open case and takes up the one recorded in @store_path with its
 * inputs, preset, accession list and the reviewer's decisions.
 *
 * Returns: %FALSE (and a toast says why) when the case cannot be resumed
 */
gboolean
veil_window_resume_case (VeilWindow *self,
                         const char *store_path)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) inputs = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (VEIL_IS_WINDOW (self), FALSE);

  veil_window_clear_inputs (self);

  if (!(inputs = veil_review_resume (self->review, store_path, &error)))
    {
      show_toast (self, error->message);
      return FALSE;
    }

  for (guint i = 0; inputs[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (inputs[i]));
  veil_window_add_inputs (self, (GFile **)files->pdata, files->len);

  return TRUE;
}

/**
 * veil_window_get_recent_cases:
 *
 * Returns: (transfer none): the recent-cases list of the empty page
 */
VeilRecentCases *
veil_window_get_recent_cases (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return self->recent_cases;
}

VeilWindow *
veil_window_new (VeilApplication *application)
{
  g_return_val_if_fail (VEIL_IS_APPLICATION (application), NULL);

  return g_object_new (VEIL_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * veil_window_get_inputs:
 * @self: a #VeilWindow
 *
 * Returns: (transfer none): a #GListModel of #GFile, the files and folders
 *   chosen for this case, in the order they were added.
 */
GListModel *
veil_window_get_inputs (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->inputs);
}

gboolean
veil_window_has_inputs (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), FALSE);

  return g_list_model_get_n_items (G_LIST_MODEL (self->inputs)) > 0;
}

/**
 * veil_window_add_inputs:
 * @self: a #VeilWindow
 * @files: (array length=n_files): files or folders to add to the case
 * @n_files: the number of @files
 *
 * Adds @files to the case, skipping any that are already in it, and reads
 * the case (again) in the background.
 */
void
veil_window_add_inputs (VeilWindow  *self,
                        GFile      **files,
                        guint        n_files)
{
  g_autoptr(GPtrArray) added = NULL;
  guint n_remote = 0;

  g_return_if_fail (VEIL_IS_WINDOW (self));
  g_return_if_fail (files != NULL || n_files == 0);

  added = g_ptr_array_new ();

  /* The same folder given twice (or dropped after being opened) would make
   * the engine read every file in it twice. */
  for (guint i = 0; i < n_files; i++)
    {
      gboolean seen = FALSE;

      g_return_if_fail (G_IS_FILE (files[i]));

      /* The engine reads local paths; a remote location has none. */
      if (!g_file_is_native (files[i]))
        {
          n_remote++;
          continue;
        }

      for (guint j = 0; j < added->len && !seen; j++)
        seen = g_file_equal (files[i], added->pdata[j]);

      if (!seen &&
          !g_list_store_find_with_equal_func (self->inputs, files[i], file_equal_func, NULL))
        g_ptr_array_add (added, files[i]);
    }

  if (n_remote > 0)
    show_toast (self, _("Files on remote locations cannot be added: copy them to this computer first"));

  if (added->len == 0)
    return;

  /* One splice, so the case is read once for the whole batch. */
  g_list_store_splice (self->inputs,
                       g_list_model_get_n_items (G_LIST_MODEL (self->inputs)),
                       0,
                       added->pdata,
                       added->len);
}

void
veil_window_clear_inputs (VeilWindow *self)
{
  g_return_if_fail (VEIL_IS_WINDOW (self));

  g_list_store_remove_all (self->inputs);
}

/**
 * veil_window_get_review:
 * @self: a #VeilWindow
 *
 * Returns: (transfer none): the window's case
 */
VeilReview *
veil_window_get_review (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return self->review;
}

/**
 * veil_window_get_page:
 * @self: a #VeilWindow
 *
 * Returns: "empty", "loading", "failed" or "review"
 */
const char *
veil_window_get_page (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * veil_window_get_view:
 * @self: a #VeilWindow
 *
 * Returns: the review's view: "images", "reports", "people" or "export"
 */
const char *
veil_window_get_view (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
veil_window_set_view (VeilWindow *self,
                      const char *name)
{
  g_return_if_fail (VEIL_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

VeilCaseSidebar *
veil_window_get_sidebar (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return self->sidebar;
}

VeilTagTable *
veil_window_get_tag_table (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return self->tag_table;
}

VeilPeoplePage *
veil_window_get_people_page (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return self->people_page;
}

VeilPixelReview *
veil_window_get_pixel_review (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return self->pixel_review;
}

VeilExportPage *
veil_window_get_export_page (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return self->export_page;
}

/**
 * veil_window_get_report_view:
 * @self: a #VeilWindow
 *
 * Returns: (transfer none): the review's report view
 */
VeilReportView *
veil_window_get_report_view (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);

  return self->report_view;
}
