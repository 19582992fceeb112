/* veil-tag-table.c: what the export changes in one DICOM instance
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows one instance of a series at a time: the engine's list of changes
 * (VeilDicomChange, filled by the scan) as a GtkColumnView that can be
 * filtered and sorted. Moving between instances is what the next/previous
 * shortcuts do, so a 700-slice series is one sidebar row, not 700.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-format.h"
#include "veil-tag-row.h"
#include "veil-tag-table.h"
#include "veil-thumbnail.h"

struct _VeilTagTable
{
  AdwBin              parent_instance;

  VeilReview         *review;
  VeilCaseNode       *node;     /* what the sidebar selected */
  VeilCaseNode       *series;   /* the series shown: node, or its first series */
  guint               position;
  GListStore         *rows;
  VeilCaseItem       *shown;    /* identity only, never dereferenced */
  VeilCaseNode       *watched;  /* the series whose picture is shown */
  gboolean            whole_series; /* overrides apply to every instance */

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *message_page;
  GtkLabel           *title_label;
  GtkLabel           *instance_label;
  GtkLabel           *output_label;
  GtkLabel           *count_label;
  GtkSearchEntry     *search_entry;
  GtkColumnView      *column_view;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  VeilThumbnail      *thumbnail;
};

G_DEFINE_FINAL_TYPE (VeilTagTable, veil_tag_table, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REVIEW,
  PROP_NODE,
  PROP_POSITION,
  PROP_N_INSTANCES,
  PROP_WHOLE_SERIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Cells -------------------------------------------------------------------- */

static const char *action_classes[] = { "removed", "replaced", "cleaned", "uid", "added", "overridden" };

static void
setup_action_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 VeilTagTable             *self)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "xalign", 0.0f, NULL);

  gtk_widget_add_css_class (label, "tag-action");
  gtk_list_item_set_child (item, label);
}

static void
bind_action_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                VeilTagTable             *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  VeilTagRow *row = gtk_list_item_get_item (item);
  const char *action = veil_tag_row_get_action (row);
  const char *css_class;
  g_autofree char *tooltip = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (action_classes); i++)
    gtk_widget_remove_css_class (label, action_classes[i]);

  if (action[0] == '+')
    css_class = "added";
  else if (action[0] == '!')
    css_class = "overridden";
  else if (veil_tag_row_get_removed (row))
    css_class = "removed";
  else if (action[0] == 'U')
    css_class = "uid";
  else if (action[0] == 'C')
    css_class = "cleaned";
  else
    css_class = "replaced";

  gtk_widget_add_css_class (label, css_class);
  gtk_label_set_text (GTK_LABEL (label), veil_tag_row_get_action_label (row));

  if (action[0] == '!')
    tooltip = g_strdup (_("The reviewer's decision, not the profile's"));
  else
    /* Translators: tooltip of the action column; %s is the code from DICOM
     * PS3.15 Table E.1-1, such as "X/Z/D" */
    tooltip = g_strdup_printf (_("Table E.1-1 action %s"), action);
  gtk_widget_set_tooltip_text (label, tooltip);
}

static void
setup_value_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                VeilTagTable             *self)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "xalign", 0.0f,
                                   "ellipsize", PANGO_ELLIPSIZE_END,
                                   NULL);

  gtk_list_item_set_child (item, label);
}

static void
bind_value_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               VeilTagTable             *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  VeilTagRow *row = gtk_list_item_get_item (item);

  if (veil_tag_row_get_removed (row))
    {
      /* Not an empty string: the reader must see that nothing is written. */
      gtk_label_set_text (GTK_LABEL (label), C_("new value", "removed"));
      gtk_widget_add_css_class (label, "tag-value-removed");
      gtk_widget_set_tooltip_text (label, _("The attribute is left out of the export"));
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (label), veil_tag_row_get_replacement (row));
      gtk_widget_remove_css_class (label, "tag-value-removed");
      gtk_widget_set_tooltip_text (label, veil_tag_row_get_replacement (row));
    }
}

/* Overrides --------------------------------------------------------------- */

static void
setup_override_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   VeilTagTable             *self)
{
  GtkWidget *button = g_object_new (GTK_TYPE_MENU_BUTTON,
                                    "icon-name", "document-edit-symbolic",
                                    "tooltip-text", _("Choose what the export does with this attribute"),
                                    "halign", GTK_ALIGN_CENTER,
                                    NULL);

  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Override attribute"),
                                  -1);
  gtk_list_item_set_child (item, button);
}

static void
append_override (GMenu      *menu,
                 const char *label,
                 const char *path,
                 const char *action)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, "tags.override", "(sss)", path, action, "");
  g_menu_append_item (menu, item);
}

static void
bind_override_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  VeilTagTable             *self)
{
  GtkWidget *button = gtk_list_item_get_child (item);
  VeilTagRow *row = gtk_list_item_get_item (item);
  const char *path = veil_tag_row_get_path (row);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) set_item = g_menu_item_new (_("Set Value…"), NULL);
  g_autofree char *label = NULL;

  /* Per row, so each menu names its attribute in its targets; only rows
   * in view are bound. */
  append_override (menu, _("Keep Original"), path, "keep");
  append_override (menu, _("Remove"), path, "remove");
  g_menu_item_set_action_and_target (set_item, "tags.edit-value", "s", path);
  g_menu_append_item (menu, set_item);
  if (veil_tag_row_get_action (row)[0] == '!')
    append_override (menu, _("Use the Profile's Action"), path, "none");

  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));

  /* Translators: accessible name of the button that overrides an attribute */
  label = g_strdup_printf (_("Override %s"), path);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static VeilCaseItem *
current_item (VeilTagTable *self)
{
  const guint *indices;
  GPtrArray *items;
  VeilCase *kase;
  guint n_instances;

  if (self->series == NULL || self->review == NULL ||
      !(kase = veil_review_get_case (self->review)))
    return NULL;

  indices = veil_case_node_get_items (self->series, &n_instances);
  items = veil_case_get_items (kase);
  if (self->position >= n_instances || indices[self->position] >= items->len)
    return NULL;

  return g_ptr_array_index (items, indices[self->position]);
}

/**
 * veil_tag_table_override:
 * @self: a #VeilTagTable
 * @path: an attribute of the instance shown
 * @action: "keep", "remove", "set" or "none"
 * @value: (nullable): the new value, for "set"
 *
 * The reviewer's decision for @path in the instance shown, or in every
 * instance of its series when #VeilTagTable:whole-series is set. The case
 * is scanned again, and the table shows the result when that is done.
 */
gboolean
veil_tag_table_override (VeilTagTable  *self,
                         const char    *path,
                         const char    *action,
                         const char    *value,
                         GError       **error)
{
  VeilOverrideAction override;
  VeilCaseItem *item;
  const char *scope;

  g_return_val_if_fail (VEIL_IS_TAG_TABLE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!veil_override_action_from_string (action, &override))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown override “%s”"), action);
      return FALSE;
    }

  if (!(item = current_item (self)) || item->subject == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("No instance is shown"));
      return FALSE;
    }

  scope = self->whole_series ? item->subject->series_uid : item->subject->sop_instance_uid;

  return veil_review_set_attribute_override (self->review, scope, path, override,
                                             override == VEIL_OVERRIDE_SET ? value : NULL,
                                             error);
}

static void
show_toast (VeilTagTable *self,
            const char   *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
}

static void
override_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VeilTagTable *self = VEIL_TAG_TABLE (widget);
  g_autoptr(GError) error = NULL;
  const char *path;
  const char *action;
  const char *value;

  g_variant_get (parameter, "(&s&s&s)", &path, &action, &value);

  if (!veil_tag_table_override (self, path, action, value, &error))
    show_toast (self, error->message);
}

static void
edit_value_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        VeilTagTable     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "veil-entry");
  const char *path = g_object_get_data (G_OBJECT (dialog), "veil-path");
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "set") &&
      !veil_tag_table_override (self, path, "set", gtk_editable_get_text (entry), &error))
    show_toast (self, error->message);
}

static VeilTagRow *
find_row (VeilTagTable *self,
          const char   *path)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->rows)); i++)
    {
      g_autoptr(VeilTagRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      if (g_str_equal (veil_tag_row_get_path (row), path))
        return row;
    }

  return NULL;
}

static void
edit_value_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VeilTagTable *self = VEIL_TAG_TABLE (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  VeilTagRow *row = find_row (self, path);
  GtkWidget *entry;
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Set a New Value"), NULL));
  adw_message_dialog_format_body (dialog,
                                  self->whole_series
                                    /* Translators: %s is an attribute such as PatientComments */
                                    ? _("%s will be written with this value in every instance of the series.")
                                    : _("%s will be written with this value in this instance."),
                                  path);

  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  if (row != NULL && veil_tag_row_get_replacement (row) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), veil_tag_row_get_replacement (row));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New value"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, entry);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "set", _("_Set Value"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "set");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data (G_OBJECT (dialog), "veil-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "veil-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_value_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Thumbnail ---------------------------------------------------------------- */

static void
update_thumbnail (VeilTagTable *self)
{
  VeilCaseNode *series = self->watched;

  /* Gone with the template, while the widget is disposed. */
  if (self->thumbnail == NULL)
    return;

  veil_thumbnail_set_paintable (self->thumbnail,
                                series ? GDK_PAINTABLE (veil_case_node_get_thumbnail (series)) : NULL);
  veil_thumbnail_set_error (self->thumbnail,
                            series ? veil_case_node_get_thumbnail_error (series) : NULL);
}

static void
series_thumbnail_notify_cb (VeilTagTable *self,
                            GParamSpec   *pspec,
                            VeilCaseNode *series)
{
  update_thumbnail (self);
}

/* The series node is owned by the sidebar's tree, which @node (held) keeps
 * alive; its picture arrives later from the loader. */
static void
watch_series (VeilTagTable *self,
              VeilCaseNode *series)
{
  if (self->watched == series)
    return;

  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_func (self->watched, series_thumbnail_notify_cb, self);
  g_set_object (&self->watched, series);
  if (series != NULL)
    {
      g_signal_connect_object (series, "notify::thumbnail",
                               G_CALLBACK (series_thumbnail_notify_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (series, "notify::thumbnail-error",
                               G_CALLBACK (series_thumbnail_notify_cb), self,
                               G_CONNECT_SWAPPED);
    }
  update_thumbnail (self);
}

/* Refresh ----------------------------------------------------------------- */

static VeilCaseNode *
first_series (VeilCaseNode *node)
{
  GListStore *children;

  if (node == NULL)
    return NULL;

  if (veil_case_node_get_kind (node) == VEIL_CASE_NODE_SERIES)
    return node;

  if (!(children = veil_case_node_get_children (node)))
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (children)); i++)
    {
      g_autoptr(VeilCaseNode) child = g_list_model_get_item (G_LIST_MODEL (children), i);
      VeilCaseNode *found = first_series (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
update_count (VeilTagTable *self)
{
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *text = NULL;

  if (n_shown == n_rows)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u attribute changes",
                                         "%u attributes change",
                                         n_rows),
                            n_rows);
  else
    /* Translators: shown while filtering the tag table */
    text = g_strdup_printf (_("%u of %u changes"), n_shown, n_rows);

  gtk_label_set_text (self->count_label, text);
}

static void
show_message (VeilTagTable *self,
              const char   *icon_name,
              const char   *title,
              const char   *description)
{
  adw_status_page_set_icon_name (self->message_page, icon_name);
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, description);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
veil_tag_table_refresh (VeilTagTable *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *instance = NULL;
  g_autofree char *title = NULL;
  g_autofree char *output = NULL;
  const char *subtitle;
  const guint *indices;
  VeilCaseItem *item;
  VeilCase *kase;
  GPtrArray *items;
  guint n_instances;

  g_assert (VEIL_IS_TAG_TABLE (self));

  if (self->node == NULL)
    {
      g_list_store_remove_all (self->rows);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  switch (veil_case_node_get_kind (self->node))
    {
    case VEIL_CASE_NODE_REFUSAL:
      g_list_store_remove_all (self->rows);
      show_message (self, "action-unavailable-symbolic",
                    veil_case_node_get_title (self->node),
                    veil_case_node_get_subtitle (self->node));
      return;

    case VEIL_CASE_NODE_REPORT:
      g_list_store_remove_all (self->rows);
      show_message (self, "x-office-document-symbolic",
                    veil_case_node_get_title (self->node),
                    _("Report review arrives with the report engine."));
      return;

    case VEIL_CASE_NODE_ACCESSION:
      g_list_store_remove_all (self->rows);
      show_message (self, "view-list-symbolic",
                    veil_case_node_get_title (self->node),
                    veil_case_node_get_subtitle (self->node));
      return;

    case VEIL_CASE_NODE_SECTION:
    case VEIL_CASE_NODE_PATIENT:
    case VEIL_CASE_NODE_STUDY:
    case VEIL_CASE_NODE_SERIES:
    default:
      break;
    }

  if (self->series == NULL)
    {
      g_list_store_remove_all (self->rows);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* While the engine re-scans, its items are being rewritten: keep showing
   * the last copy, and refresh on ::changed. */
  if (self->review == NULL || !(kase = veil_review_get_case (self->review)))
    return;

  if (veil_case_node_get_generation (self->series) != veil_review_get_generation (self->review))
    {
      g_list_store_remove_all (self->rows);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  indices = veil_case_node_get_items (self->series, &n_instances);
  items = veil_case_get_items (kase);

  if (n_instances == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->position = MIN (self->position, n_instances - 1);
  g_return_if_fail (indices[self->position] < items->len);
  item = g_ptr_array_index (items, indices[self->position]);

  subtitle = veil_case_node_get_subtitle (self->series);
  if (subtitle != NULL)
    /* Translators: "Series 2 · CT" */
    title = g_strdup_printf (_("%s · %s"), veil_case_node_get_title (self->series), subtitle);
  else
    title = g_strdup (veil_case_node_get_title (self->series));
  gtk_label_set_text (self->title_label, title);

  basename = veil_format_basename (item->display_name);
  /* Translators: "Instance 3 of 700 · CT_ax_3.dcm" */
  instance = g_strdup_printf (_("Instance %u of %u · %s"), self->position + 1, n_instances, basename);
  gtk_label_set_text (self->instance_label, instance);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->instance_label), item->display_name);

  if (item->refusal != NULL)
    /* Translators: %s is the engine's reason */
    output = g_strdup_printf (_("Not exported: %s"), item->refusal);
  else if (item->output_path != NULL)
    /* Translators: %s is a relative path inside the export folder */
    output = g_strdup_printf (_("Exported as %s"), item->output_path);
  gtk_label_set_text (self->output_label, output ? output : "");
  gtk_widget_set_visible (GTK_WIDGET (self->output_label), output != NULL);

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; item->changes != NULL && i < item->changes->len; i++)
    g_ptr_array_add (rows, veil_tag_row_new (g_ptr_array_index (item->changes, i)));

  /* Another instance starts at its first attribute; the same one after a
   * re-scan stays where the reviewer was reading. */
  if (item != self->shown)
    {
      GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

      /* Before the rows change, and only in a view that is shown with rows
       * in it: the list cannot scroll within nothing (it warns). An emptied
       * view is back at the top anyway. */
      if (vadjustment != NULL &&
          gtk_adjustment_get_value (vadjustment) > 0.0 &&
          gtk_widget_get_mapped (GTK_WIDGET (self->column_view)) &&
          g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0)
        gtk_adjustment_set_value (vadjustment, 0.0);
      self->shown = item;
    }

  /* One splice, so the view and the count update once. */
  g_list_store_splice (self->rows,
                       0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata,
                       rows->len);


  gtk_stack_set_visible_child_name (self->stack, "table");
}

static void
review_changed_cb (VeilTagTable *self,
                   VeilReview   *review)
{
  veil_tag_table_refresh (self);
}

static void
filter_items_changed_cb (VeilTagTable *self,
                         guint         position,
                         guint         removed,
                         guint         added,
                         GListModel   *model)
{
  update_count (self);
}

static void
search_stop_cb (VeilTagTable   *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* GObject ----------------------------------------------------------------- */

static void
veil_tag_table_dispose (GObject *object)
{
  VeilTagTable *self = (VeilTagTable *)object;

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_clear_object (&self->review);

  /* AdwBin unparents its child in its own dispose; the template's root is
   * that child, so it is let go here first rather than twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_TAG_TABLE);

  watch_series (self, NULL);
  g_clear_object (&self->node);
  self->series = NULL;
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (veil_tag_table_parent_class)->dispose (object);
}

static void
veil_tag_table_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VeilTagTable *self = VEIL_TAG_TABLE (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      g_value_set_object (value, self->review);
      break;

    case PROP_NODE:
      g_value_set_object (value, self->node);
      break;

    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case PROP_N_INSTANCES:
      g_value_set_uint (value, veil_tag_table_get_n_instances (self));
      break;

    case PROP_WHOLE_SERIES:
      g_value_set_boolean (value, self->whole_series);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_tag_table_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VeilTagTable *self = VEIL_TAG_TABLE (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      veil_tag_table_set_review (self, g_value_get_object (value));
      break;

    case PROP_NODE:
      veil_tag_table_set_node (self, g_value_get_object (value));
      break;

    case PROP_POSITION:
      veil_tag_table_set_position (self, g_value_get_uint (value));
      break;

    case PROP_WHOLE_SERIES:
      if (self->whole_series != g_value_get_boolean (value))
        {
          self->whole_series = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_tag_table_class_init (VeilTagTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_tag_table_dispose;
  object_class->get_property = veil_tag_table_get_property;
  object_class->set_property = veil_tag_table_set_property;

  properties[PROP_REVIEW] =
    g_param_spec_object ("review", NULL, NULL,
                         VEIL_TYPE_REVIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NODE] =
    g_param_spec_object ("node", NULL, NULL,
                         VEIL_TYPE_CASE_NODE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_INSTANCES] =
    g_param_spec_uint ("n-instances", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether the reviewer's overrides apply to every instance of the series
   * rather than the one shown. */
  properties[PROP_WHOLE_SERIES] =
    g_param_spec_boolean ("whole-series", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "tags.whole-series", "whole-series");
  gtk_widget_class_install_action (widget_class, "tags.override", "(sss)", override_action);
  gtk_widget_class_install_action (widget_class, "tags.edit-value", "s", edit_value_action);

  g_type_ensure (VEIL_TYPE_THUMBNAIL);

  /* The builder factories in the template look the row type up by name. */
  g_type_ensure (VEIL_TYPE_TAG_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/veil/Veil/ui/veil-tag-table.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, message_page);
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, title_label);
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, instance_label);
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, output_label);
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, count_label);
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, filter_model);
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, sort_model);
  gtk_widget_class_bind_template_child (widget_class, VeilTagTable, thumbnail);
  gtk_widget_class_bind_template_callback (widget_class, setup_action_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_action_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_value_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_value_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_override_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_override_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
}

static void
veil_tag_table_init (VeilTagTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_list_store_new (VEIL_TYPE_TAG_ROW);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->rows));

  /* Unsorted is the engine's order, which follows the file; a click on a
   * column header sorts by it. */
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));

  g_signal_connect_object (self->filter_model,
                           "items-changed",
                           G_CALLBACK (filter_items_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  update_count (self);
}

/* Public API -------------------------------------------------------------- */

VeilReview *
veil_tag_table_get_review (VeilTagTable *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_TABLE (self), NULL);

  return self->review;
}

void
veil_tag_table_set_review (VeilTagTable *self,
                           VeilReview   *review)
{
  g_return_if_fail (VEIL_IS_TAG_TABLE (self));
  g_return_if_fail (!review || VEIL_IS_REVIEW (review));

  if (self->review == review)
    return;

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);

  g_set_object (&self->review, review);

  if (review != NULL)
    g_signal_connect_object (review, "changed",
                             G_CALLBACK (review_changed_cb), self,
                             G_CONNECT_SWAPPED);

  veil_tag_table_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW]);
}

/**
 * veil_tag_table_get_node:
 * @self: a #VeilTagTable
 *
 * Returns: (transfer none) (nullable): the node shown
 */
VeilCaseNode *
veil_tag_table_get_node (VeilTagTable *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_TABLE (self), NULL);

  return self->node;
}

/**
 * veil_tag_table_set_node:
 * @self: a #VeilTagTable
 * @node: (nullable): a series, or a patient or study (whose first series is
 *   shown), a refused file or a report (whose status is shown)
 *
 * Shows the first instance of @node.
 */
void
veil_tag_table_set_node (VeilTagTable *self,
                         VeilCaseNode *node)
{
  g_return_if_fail (VEIL_IS_TAG_TABLE (self));
  g_return_if_fail (!node || VEIL_IS_CASE_NODE (node));

  if (self->node == node)
    return;

  g_set_object (&self->node, node);
  self->series = first_series (node);
  self->position = 0;
  watch_series (self, self->series);

  veil_tag_table_refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INSTANCES]);
}

guint
veil_tag_table_get_position (VeilTagTable *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_TABLE (self), 0);

  return self->position;
}

void
veil_tag_table_set_position (VeilTagTable *self,
                             guint         position)
{
  guint n_instances;

  g_return_if_fail (VEIL_IS_TAG_TABLE (self));

  n_instances = veil_tag_table_get_n_instances (self);
  position = n_instances > 0 ? MIN (position, n_instances - 1) : 0;

  if (position == self->position)
    return;

  self->position = position;
  veil_tag_table_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

guint
veil_tag_table_get_n_instances (VeilTagTable *self)
{
  guint n_instances = 0;

  g_return_val_if_fail (VEIL_IS_TAG_TABLE (self), 0);

  if (self->series != NULL)
    veil_case_node_get_items (self->series, &n_instances);

  return n_instances;
}

/**
 * veil_tag_table_move:
 * @self: a #VeilTagTable
 * @direction: 1 for the next instance, -1 for the previous one
 *
 * Returns: %TRUE if there was an instance to move to in this series
 */
gboolean
veil_tag_table_move (VeilTagTable *self,
                     int           direction)
{
  guint n_instances;

  g_return_val_if_fail (VEIL_IS_TAG_TABLE (self), FALSE);

  n_instances = veil_tag_table_get_n_instances (self);

  if (direction > 0 && self->position + 1 < n_instances)
    veil_tag_table_set_position (self, self->position + 1);
  else if (direction < 0 && self->position > 0)
    veil_tag_table_set_position (self, self->position - 1);
  else
    return FALSE;

  return TRUE;
}

/**
 * veil_tag_table_get_rows:
 * @self: a #VeilTagTable
 *
 * Returns: (transfer none): every #VeilTagRow of the instance shown
 */
GListModel *
veil_tag_table_get_rows (VeilTagTable *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_TABLE (self), NULL);

  return G_LIST_MODEL (self->rows);
}

/**
 * veil_tag_table_get_visible_rows:
 * @self: a #VeilTagTable
 *
 * Returns: (transfer none): the rows the filter lets through, in view order
 */
GListModel *
veil_tag_table_get_visible_rows (VeilTagTable *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_TABLE (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

void
veil_tag_table_set_filter_text (VeilTagTable *self,
                                const char   *text)
{
  g_return_if_fail (VEIL_IS_TAG_TABLE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
}

void
veil_tag_table_focus_search (VeilTagTable *self)
{
  g_return_if_fail (VEIL_IS_TAG_TABLE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
