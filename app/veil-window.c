/* veil-window.c
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
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

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkListView          *inputs_view;
};

G_DEFINE_FINAL_TYPE (VeilWindow, veil_window, ADW_TYPE_APPLICATION_WINDOW)

/* Attributes shown for each input. The display name matters inside Flatpak:
 * files chosen through the portal live under /run/user/…/doc/<id>/, and
 * that path means nothing to the user. */
#define INPUT_ROW_ATTRIBUTES                                                                       \
  G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_SYMBOLIC_ICON

#define INPUT_ROW_CANCELLABLE_KEY "veil-input-row-cancellable"

static void
veil_window_update_state (VeilWindow *self)
{
  guint n_inputs;

  g_assert (VEIL_IS_WINDOW (self));

  n_inputs = g_list_model_get_n_items (G_LIST_MODEL (self->inputs));

  if (n_inputs == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_window_set_title (GTK_WINDOW (self), "Veil");
      adw_window_title_set_subtitle (self->window_title, NULL);
    }
  else
    {
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u input", "%u inputs", n_inputs),
                                  n_inputs);

      gtk_stack_set_visible_child_name (self->stack, "inputs");
      gtk_window_set_title (GTK_WINDOW (self), _("New Case"));
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-case", n_inputs > 0);
}

static void
inputs_items_changed_cb (VeilWindow *self,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListModel *model)
{
  veil_window_update_state (self);
}

static gboolean
file_equal_func (gconstpointer a,
                 gconstpointer b)
{
  return g_file_equal ((GFile *)a, (GFile *)b);
}

/* Input rows ---------------------------------------------------------------
 *
 * A row is a box of [icon | title over subtitle]. The children are found by
 * position, which keeps the row free of its own type until the review window
 * needs richer rows.
 */

static void
input_row_get_children (GtkWidget  *row,
                        GtkImage  **icon,
                        GtkLabel  **title,
                        GtkLabel  **subtitle)
{
  GtkWidget *labels;

  *icon = GTK_IMAGE (gtk_widget_get_first_child (row));
  labels = gtk_widget_get_next_sibling (GTK_WIDGET (*icon));
  *title = GTK_LABEL (gtk_widget_get_first_child (labels));
  *subtitle = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (*title)));
}

static void
input_row_cancel (gpointer data)
{
  GCancellable *cancellable = data;

  g_cancellable_cancel (cancellable);
  g_object_unref (cancellable);
}

static void
input_row_query_info_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GtkImage *icon;
  GtkLabel *title;
  GtkLabel *subtitle;
  GIcon *gicon;

  info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (info == NULL)
    {
      /* Cancelled means the row was unbound or recycled. Any other error
       * (say, the file was moved away) keeps the name already shown: missing
       * inputs are reported when the case is read, not here. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not query input: %s", error->message);
      return;
    }

  input_row_get_children (row, &icon, &title, &subtitle);

  if ((gicon = g_file_info_get_symbolic_icon (info)))
    gtk_image_set_from_gicon (icon, gicon);

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME))
    gtk_label_set_text (title, g_file_info_get_display_name (info));
}

static void
inputs_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 VeilWindow               *self)
{
  GtkWidget *row;
  GtkWidget *icon;
  GtkWidget *labels;
  GtkWidget *title;
  GtkWidget *subtitle;

  row = g_object_new (GTK_TYPE_BOX,
                      "orientation", GTK_ORIENTATION_HORIZONTAL,
                      "spacing", 12,
                      "margin-top", 9,
                      "margin-bottom", 9,
                      "margin-start", 12,
                      "margin-end", 12,
                      NULL);

  icon = gtk_image_new_from_icon_name ("text-x-generic-symbolic");
  gtk_box_append (GTK_BOX (row), icon);

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (row), labels);

  title = g_object_new (GTK_TYPE_LABEL,
                        "xalign", 0.0f,
                        "ellipsize", PANGO_ELLIPSIZE_MIDDLE,
                        NULL);
  gtk_box_append (GTK_BOX (labels), title);

  subtitle = g_object_new (GTK_TYPE_LABEL,
                           "xalign", 0.0f,
                           "ellipsize", PANGO_ELLIPSIZE_START,
                           NULL);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (labels), subtitle);

  gtk_list_item_set_child (item, row);
}

static void
inputs_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                VeilWindow               *self)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *location = NULL;
  GCancellable *cancellable;
  GtkWidget *row;
  GtkImage *icon;
  GtkLabel *title;
  GtkLabel *subtitle;
  GFile *file;

  file = gtk_list_item_get_item (item);
  row = gtk_list_item_get_child (item);
  input_row_get_children (row, &icon, &title, &subtitle);

  /* Show something at once without touching the disk; the query below
   * refines the name and icon when it completes. */
  basename = g_file_get_basename (file);
  display_name = g_filename_display_name (basename);
  gtk_label_set_text (title, display_name);
  gtk_image_set_from_icon_name (icon, "text-x-generic-symbolic");

  if ((parent = g_file_get_parent (file)))
    location = g_file_get_parse_name (parent);
  gtk_label_set_text (subtitle, location ? location : "");
  gtk_widget_set_visible (GTK_WIDGET (subtitle), location != NULL);

  /* Stored on the row so unbind (or the row's destruction) cancels a query
   * that would otherwise update a row that now shows another file. */
  cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (row),
                          INPUT_ROW_CANCELLABLE_KEY,
                          g_object_ref (cancellable),
                          input_row_cancel);

  g_file_query_info_async (file,
                           INPUT_ROW_ATTRIBUTES,
                           G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT,
                           cancellable,
                           input_row_query_info_cb,
                           g_object_ref (row));

  g_object_unref (cancellable);
}

static void
inputs_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  VeilWindow               *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (row), INPUT_ROW_CANCELLABLE_KEY, NULL);
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

  return GTK_WINDOW_CLASS (veil_window_parent_class)->close_request (window);
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

  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_WINDOW);

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

  gtk_widget_class_set_template_from_resource (widget_class, "/org/veil/Veil/ui/veil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, inputs_view);
  gtk_widget_class_bind_template_callback (widget_class, inputs_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, inputs_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, inputs_unbind_cb);

  gtk_widget_class_install_action (widget_class, "win.open-files", NULL,
                                   veil_window_open_files_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL,
                                   veil_window_open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.close-case", NULL,
                                   veil_window_close_case_action);
}

static void
veil_window_init (VeilWindow *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->inputs = g_list_store_new (G_TYPE_FILE);
  g_signal_connect_object (self->inputs,
                           "items-changed",
                           G_CALLBACK (inputs_items_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  /* No selection: the list only confirms what is in the case. */
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->inputs)));
  gtk_list_view_set_model (self->inputs_view, GTK_SELECTION_MODEL (selection));

  /* Dropping anywhere on the window adds to this case, on either page. */
  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target,
                           "drop",
                           G_CALLBACK (drop_target_drop_cb),
                           self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));

  veil_window_update_state (self);
}

/* Public API -------------------------------------------------------------- */

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
 * Adds @files to the case, skipping any that are already in it, and shows
 * the inputs page.
 */
void
veil_window_add_inputs (VeilWindow  *self,
                        GFile      **files,
                        guint        n_files)
{
  g_autoptr(GPtrArray) added = NULL;

  g_return_if_fail (VEIL_IS_WINDOW (self));
  g_return_if_fail (files != NULL || n_files == 0);

  added = g_ptr_array_new ();

  /* The same folder given twice (or dropped after being opened) would make
   * the engine read every file in it twice. */
  for (guint i = 0; i < n_files; i++)
    {
      gboolean seen = FALSE;

      g_return_if_fail (G_IS_FILE (files[i]));

      for (guint j = 0; j < added->len && !seen; j++)
        seen = g_file_equal (files[i], added->pdata[j]);

      if (!seen &&
          !g_list_store_find_with_equal_func (self->inputs, files[i], file_equal_func, NULL))
        g_ptr_array_add (added, files[i]);
    }

  /* One splice, so the list and the page update once for the whole batch. */
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
