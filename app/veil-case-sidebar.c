/* veil-case-sidebar.c: the case as a tree of patients, studies and series
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GtkListView over a GtkTreeListModel whose top level is a handful of
 * section nodes (Studies, Reports, Not Exported, Accession List). One view
 * rather than a list per section keeps rows recycled for a study of
 * thousands of images, and keyboard navigation continuous.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-case-sidebar.h"
#include "veil-format.h"
#include "veil-thumbnail.h"
#include "veil-thumbnail-loader.h"

struct _VeilCaseSidebar
{
  AdwBin              parent_instance;

  VeilReview         *review;
  GListStore         *sections;
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
  VeilCaseNode       *selected_node;
  VeilCaseNode       *accession_section;
  guint               generation;
  guint               n_refusals;
  VeilThumbnailLoader *thumbnails;

  /* Template widgets */
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (VeilCaseSidebar, veil_case_sidebar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REVIEW,
  PROP_SELECTED_NODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows -------------------------------------------------------------------- */

typedef struct
{
  GtkTreeExpander *expander;
  GtkImage        *icon;
  VeilThumbnail   *thumbnail;
  GtkLabel        *title;
  GtkLabel        *subtitle;
  GtkLabel        *badge;
} RowWidgets;

static void
row_widgets_free (gpointer data)
{
  g_free (data);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              VeilCaseSidebar          *self)
{
  RowWidgets *w = g_new0 (RowWidgets, 1);
  GtkWidget *box;
  GtkWidget *labels;

  w->expander = GTK_TREE_EXPANDER (gtk_tree_expander_new ());

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);

  w->icon = GTK_IMAGE (gtk_image_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (w->icon));

  /* Series show their picture instead of the icon. */
  w->thumbnail = VEIL_THUMBNAIL (veil_thumbnail_new (40));
  gtk_widget_add_css_class (GTK_WIDGET (w->thumbnail), "sidebar-thumbnail");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (w->thumbnail));

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), labels);

  w->title = g_object_new (GTK_TYPE_LABEL,
                           "xalign", 0.0f,
                           "ellipsize", PANGO_ELLIPSIZE_END,
                           NULL);
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (w->title));

  w->subtitle = g_object_new (GTK_TYPE_LABEL,
                              "xalign", 0.0f,
                              "ellipsize", PANGO_ELLIPSIZE_END,
                              NULL);
  gtk_widget_add_css_class (GTK_WIDGET (w->subtitle), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (w->subtitle), "dim-label");
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (w->subtitle));

  w->badge = g_object_new (GTK_TYPE_LABEL,
                           "valign", GTK_ALIGN_CENTER,
                           NULL);
  gtk_widget_add_css_class (GTK_WIDGET (w->badge), "sidebar-badge");
  gtk_widget_add_css_class (GTK_WIDGET (w->badge), "numeric");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (w->badge));

  gtk_tree_expander_set_child (w->expander, box);
  gtk_list_item_set_child (item, GTK_WIDGET (w->expander));

  g_object_set_data_full (G_OBJECT (item), "veil-row-widgets", w, row_widgets_free);
}

static void
row_update (GtkListItem  *item,
            VeilCaseNode *node)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "veil-row-widgets");
  const char *subtitle = veil_case_node_get_subtitle (node);
  const char *badge = veil_case_node_get_badge (node);
  const char *icon_name = veil_case_node_get_icon_name (node);
  gboolean section = veil_case_node_get_kind (node) == VEIL_CASE_NODE_SECTION;
  gboolean series = veil_case_node_get_kind (node) == VEIL_CASE_NODE_SERIES;

  gtk_label_set_text (w->title, veil_case_node_get_title (node));

  gtk_label_set_text (w->subtitle, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (w->subtitle), subtitle != NULL && *subtitle != '\0');

  gtk_label_set_text (w->badge, badge ? badge : "");
  gtk_widget_set_visible (GTK_WIDGET (w->badge), badge != NULL && *badge != '\0');

  gtk_image_set_from_icon_name (w->icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (w->icon), icon_name != NULL && !series);
  gtk_widget_set_visible (GTK_WIDGET (w->thumbnail), series);
  veil_thumbnail_set_paintable (w->thumbnail,
                                GDK_PAINTABLE (veil_case_node_get_thumbnail (node)));
  veil_thumbnail_set_error (w->thumbnail, veil_case_node_get_thumbnail_error (node));

  if (section)
    {
      gtk_widget_add_css_class (GTK_WIDGET (w->title), "heading");
      gtk_widget_add_css_class (GTK_WIDGET (w->title), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (w->title), "heading");
      gtk_widget_remove_css_class (GTK_WIDGET (w->title), "dim-label");
    }

  if (veil_case_node_get_warning (node))
    gtk_widget_add_css_class (GTK_WIDGET (w->icon), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (w->icon), "warning");

  gtk_widget_set_tooltip_text (GTK_WIDGET (w->expander), veil_case_node_get_tooltip (node));

  /* Sections only group; selecting one would leave the content empty. */
  gtk_list_item_set_selectable (item, !section);
}

static void
node_notify_cb (VeilCaseNode *node,
                GParamSpec   *pspec,
                GtkListItem  *item)
{
  row_update (item, node);
}

/**
 * veil_case_sidebar_request_thumbnail:
 * @self: a #VeilCaseSidebar
 * @node: a node of the sidebar
 *
 * Has a series' picture rendered in the background (once per case) if it
 * has none yet; does nothing for other nodes.
 */
void
veil_case_sidebar_request_thumbnail (VeilCaseSidebar *self,
                                     VeilCaseNode    *node)
{
  g_autoptr(GPtrArray) paths = NULL;
  const guint *indices;
  GPtrArray *items;
  VeilCase *kase;
  guint n_indices;

  g_return_if_fail (VEIL_IS_CASE_SIDEBAR (self));

  if (node == NULL ||
      veil_case_node_get_kind (node) != VEIL_CASE_NODE_SERIES ||
      veil_case_node_get_thumbnail (node) != NULL ||
      veil_case_node_get_thumbnail_error (node) != NULL ||
      self->review == NULL ||
      !(kase = veil_review_get_case (self->review)) ||
      veil_case_node_get_generation (node) != veil_review_get_generation (self->review))
    return;

  /* In the sidebar's order (InstanceNumber): the engine takes the middle. */
  indices = veil_case_node_get_items (node, &n_indices);
  items = veil_case_get_items (kase);
  paths = g_ptr_array_new_full (n_indices + 1, NULL);
  for (guint i = 0; i < n_indices; i++)
    if (indices[i] < items->len)
      g_ptr_array_add (paths, ((VeilCaseItem *)g_ptr_array_index (items, indices[i]))->path);
  g_ptr_array_add (paths, NULL);

  veil_thumbnail_loader_request (self->thumbnails, node, veil_case_node_get_key (node),
                                 (const char * const *)paths->pdata);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             VeilCaseSidebar          *self)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "veil-row-widgets");
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  VeilCaseNode *node = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (w->expander, row);
  row_update (item, node);

  /* Only rows in view are bound: a series is rendered when first seen. */
  veil_case_sidebar_request_thumbnail (self, node);

  /* Subtitles follow the reviewer's decisions (a patient's pseudonym). */
  g_signal_connect_object (node, "notify", G_CALLBACK (node_notify_cb), item, 0);
  g_object_set_data_full (G_OBJECT (item), "veil-node", node, g_object_unref);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               VeilCaseSidebar          *self)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "veil-row-widgets");
  VeilCaseNode *node = g_object_get_data (G_OBJECT (item), "veil-node");

  if (node != NULL)
    g_signal_handlers_disconnect_by_func (node, node_notify_cb, item);
  g_object_set_data (G_OBJECT (item), "veil-node", NULL);
  gtk_tree_expander_set_list_row (w->expander, NULL);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GListStore *children = veil_case_node_get_children (item);

  return children ? g_object_ref (G_LIST_MODEL (children)) : NULL;
}

/* Building the tree ------------------------------------------------------- */

typedef struct
{
  GPtrArray *items;
} SortContext;

static int
compare_instances (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  SortContext *context = user_data;
  const VeilCaseItem *x = g_ptr_array_index (context->items, *(const guint *)a);
  const VeilCaseItem *y = g_ptr_array_index (context->items, *(const guint *)b);
  int c;

  c = (x->subject->instance_number > y->subject->instance_number) -
      (x->subject->instance_number < y->subject->instance_number);
  if (c == 0)
    c = g_strcmp0 (x->display_name, y->display_name);

  return c;
}

static void
sort_series_items (VeilCaseNode *node,
                   SortContext  *context)
{
  GListStore *children = veil_case_node_get_children (node);

  if (veil_case_node_get_kind (node) == VEIL_CASE_NODE_SERIES)
    veil_case_node_sort_items (node, compare_instances, context);

  if (children == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (children)); i++)
    {
      g_autoptr(VeilCaseNode) child = g_list_model_get_item (G_LIST_MODEL (children), i);

      sort_series_items (child, context);
    }
}

static char *
patient_subtitle (VeilReview *review,
                  const char *key)
{
  VeilMappingStore *store = veil_review_get_store (review);
  g_autofree char *pseudonym = NULL;

  if (store == NULL || key == NULL)
    return NULL;

  if (!(pseudonym = veil_mapping_store_lookup (store, VEIL_MAPPING_PATIENT, key)))
    return NULL;

  /* Written as the export writes it (and the tag table and People page
   * show it), carets and all, so the three can be compared at a glance. */
  /* Translators: the subtitle of a patient in the sidebar: the pseudonym
   * the export gives them. */
  return g_strdup_printf (_("Becomes %s"), pseudonym);
}

static VeilCaseNode *
get_patient (VeilCaseSidebar   *self,
             VeilCaseNode      *section,
             GHashTable        *patients,
             const VeilDicomSubject *subject)
{
  VeilCaseNode *node = g_hash_table_lookup (patients, subject->patient_key);

  if (node == NULL)
    {
      g_autofree char *name = veil_format_person_name (subject->patient_name);
      g_autofree char *subtitle = patient_subtitle (self->review, subject->patient_key);
      g_autofree char *tooltip = NULL;

      if (*subject->patient_id)
        /* Translators: tooltip of a patient in the sidebar */
        tooltip = g_strdup_printf (_("Patient ID %s"), subject->patient_id);

      node = veil_case_node_new (VEIL_CASE_NODE_PATIENT,
                                 *name ? name : _("Unnamed Patient"),
                                 "avatar-default-symbolic");
      veil_case_node_set_key (node, subject->patient_key);
      veil_case_node_set_subtitle (node, subtitle);
      veil_case_node_set_tooltip (node, tooltip);
      veil_case_node_append_child (section, node);
      g_hash_table_insert (patients, g_strdup (subject->patient_key), node);
      g_object_unref (node); /* the section holds it */
    }

  return node;
}

static VeilCaseNode *
get_study (VeilCaseNode           *patient,
           GHashTable             *studies,
           const VeilDicomSubject *subject)
{
  g_autofree char *key = g_strconcat (subject->patient_key, "\n", subject->study_uid, NULL);
  VeilCaseNode *node = g_hash_table_lookup (studies, key);

  if (node == NULL)
    {
      g_autofree char *date = veil_format_da (subject->study_date);
      g_autofree char *sort_key = NULL;
      g_autofree char *subtitle = NULL;

      if (*subject->accession)
        /* Translators: the subtitle of a study in the sidebar */
        subtitle = g_strdup_printf (_("Accession %s"), subject->accession);

      node = veil_case_node_new (VEIL_CASE_NODE_STUDY,
                                 date ? date : _("Undated Study"),
                                 "folder-symbolic");
      sort_key = g_strdup_printf ("%s %s %s", subject->study_date, subject->study_time,
                                  subject->study_uid);
      veil_case_node_set_key (node, subject->study_uid);
      veil_case_node_set_sort_key (node, sort_key);
      veil_case_node_set_subtitle (node, subtitle);
      veil_case_node_set_tooltip (node, subject->study_uid);
      veil_case_node_append_child (patient, node);
      g_hash_table_insert (studies, g_steal_pointer (&key), node);
      g_object_unref (node);
    }

  return node;
}

static VeilCaseNode *
get_series (VeilCaseNode           *study,
            GHashTable             *series_table,
            const VeilDicomSubject *subject,
            guint                   generation)
{
  g_autofree char *key = g_strconcat (subject->study_uid, "\n", subject->series_uid, NULL);
  VeilCaseNode *node = g_hash_table_lookup (series_table, key);

  if (node == NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *sort_key = NULL;

      if (subject->series_number >= 0)
        /* Translators: a series of images, by its number in the study */
        title = g_strdup_printf (_("Series %d"), subject->series_number);
      else
        title = g_strdup (_("Unnumbered Series"));

      node = veil_case_node_new (VEIL_CASE_NODE_SERIES, title, "image-x-generic-symbolic");
      sort_key = g_strdup_printf ("%012d %s", subject->series_number + 1000000, subject->series_uid);
      veil_case_node_set_key (node, subject->series_uid);
      veil_case_node_set_sort_key (node, sort_key);
      veil_case_node_set_subtitle (node, *subject->modality ? subject->modality : NULL);
      veil_case_node_set_tooltip (node, subject->series_uid);
      veil_case_node_set_generation (node, generation);
      veil_case_node_append_child (study, node);
      g_hash_table_insert (series_table, g_steal_pointer (&key), node);
      g_object_unref (node);
    }

  return node;
}

static void
update_series_badges (VeilCaseNode *node)
{
  GListStore *children = veil_case_node_get_children (node);

  if (veil_case_node_get_kind (node) == VEIL_CASE_NODE_SERIES)
    {
      g_autofree char *badge = NULL;
      g_autofree char *tooltip = NULL;
      guint n_items;

      veil_case_node_get_items (node, &n_items);
      badge = g_strdup_printf ("%u", n_items);
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u instance", "%u instances", n_items),
                                 n_items);
      veil_case_node_set_badge (node, badge);
      veil_case_node_set_tooltip (node, tooltip);
    }

  if (children == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (children)); i++)
    {
      g_autoptr(VeilCaseNode) child = g_list_model_get_item (G_LIST_MODEL (children), i);

      update_series_badges (child);
    }
}

static char *
join_array (GPtrArray *array)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < array->len; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (array, i));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_accession_node (VeilCaseNode *section,
                    const char   *title,
                    const char   *icon_name,
                    GPtrArray    *values,
                    gboolean      warning)
{
  g_autoptr(VeilCaseNode) node = NULL;
  g_autofree char *badge = NULL;
  g_autofree char *list = NULL;

  if (values->len == 0 && warning)
    return;

  node = veil_case_node_new (VEIL_CASE_NODE_ACCESSION, title, icon_name);
  badge = g_strdup_printf ("%u", values->len);
  list = join_array (values);
  veil_case_node_set_badge (node, badge);
  veil_case_node_set_subtitle (node, list);
  veil_case_node_set_tooltip (node, list);
  veil_case_node_set_warning (node, warning);
  veil_case_node_append_child (section, node);
}

static void
veil_case_sidebar_update_accessions (VeilCaseSidebar *self)
{
  const char * const *listed;
  VeilCase *kase;
  guint position;

  g_assert (VEIL_IS_CASE_SIDEBAR (self));

  if (self->accession_section != NULL &&
      g_list_store_find (self->sections, self->accession_section, &position))
    g_list_store_remove (self->sections, position);
  g_clear_object (&self->accession_section);

  if (self->review == NULL ||
      !(kase = veil_review_get_case (self->review)) ||
      !(listed = veil_review_get_accessions (self->review)))
    return;

  {
    g_autoptr(VeilAccessionReport) report = NULL;

    report = veil_case_check_accessions (kase, (GStrv)listed);

    self->accession_section = veil_case_node_new (VEIL_CASE_NODE_SECTION,
                                                  _("Accession List"), NULL);
    add_accession_node (self->accession_section, _("Found"),
                        "emblem-ok-symbolic", report->found, FALSE);
    add_accession_node (self->accession_section, _("Listed but Missing"),
                        "dialog-warning-symbolic", report->missing, TRUE);
    add_accession_node (self->accession_section, _("In the Case but Not Listed"),
                        "dialog-warning-symbolic", report->unlisted, TRUE);
    g_list_store_append (self->sections, self->accession_section);
  }
}

static void update_report_node (VeilCase *kase, VeilCaseNode *node);

static void
veil_case_sidebar_rebuild (VeilCaseSidebar *self)
{
  g_autoptr(GHashTable) patients = NULL;
  g_autoptr(GHashTable) studies = NULL;
  g_autoptr(GHashTable) series_table = NULL;
  g_autoptr(GHashTable) documents = NULL;
  g_autoptr(VeilCaseNode) studies_section = NULL;
  g_autoptr(VeilCaseNode) reports_section = NULL;
  g_autoptr(VeilCaseNode) refused_section = NULL;
  g_autoptr(GPtrArray) sections = NULL;
  SortContext context;
  GPtrArray *refusals;
  GPtrArray *items;
  VeilCase *kase;
  guint generation;

  g_assert (VEIL_IS_CASE_SIDEBAR (self));

  g_clear_object (&self->accession_section);
  g_list_store_remove_all (self->sections);
  self->n_refusals = 0;

  if (self->review == NULL || !(kase = veil_review_get_case (self->review)))
    return;

  generation = veil_review_get_generation (self->review);
  items = veil_case_get_items (kase);

  /* Another case: its series are other pictures. */
  if (generation != self->generation)
    veil_thumbnail_loader_reset (self->thumbnails);

  patients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  studies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  series_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  documents = g_hash_table_new (g_str_hash, g_str_equal);

  studies_section = veil_case_node_new (VEIL_CASE_NODE_SECTION, _("Studies"), NULL);
  reports_section = veil_case_node_new (VEIL_CASE_NODE_SECTION, _("Reports"), NULL);
  refused_section = veil_case_node_new (VEIL_CASE_NODE_SECTION, _("Not Exported"), NULL);

  for (guint i = 0; i < items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (items, i);
      VeilCaseNode *patient;
      VeilCaseNode *study;
      VeilCaseNode *series;

      /* An item without a DICOM subject is a report (text, PDF, DOCX) the
       * report engine reads; the report view shows its findings. */
      if (item->subject == NULL && item->refusal == NULL)
        {
          g_autoptr(VeilCaseNode) node = NULL;
          g_autofree char *basename = veil_format_basename (item->display_name);

          node = veil_case_node_new (VEIL_CASE_NODE_REPORT, basename, "x-office-document-symbolic");
          veil_case_node_set_key (node, item->display_name);
          veil_case_node_set_tooltip (node, item->display_name);
          veil_case_node_add_item (node, i);
          update_report_node (kase, node);
          veil_case_node_append_child (reports_section, node);
          continue;
        }

      if (item->subject == NULL || item->subject->is_directory)
        continue;

      /* Encapsulated PDFs and CDA are reports wrapped in DICOM: they belong
       * with the reports, which the report engine will clean. */
      if (item->subject->has_encapsulated_document)
        {
          if (item->refusal == NULL)
            {
              g_autoptr(VeilCaseNode) node = NULL;
              g_autofree char *basename = veil_format_basename (item->display_name);

              node = veil_case_node_new (VEIL_CASE_NODE_REPORT, basename, "x-office-document-symbolic");
              veil_case_node_set_subtitle (node, _("PDF inside a DICOM file; cleaned as text"));
              veil_case_node_set_key (node, item->display_name);
              veil_case_node_set_tooltip (node, item->display_name);
              veil_case_node_append_child (reports_section, node);
            }
          else
            g_hash_table_add (documents, item->display_name);
          continue;
        }

      if (item->refusal != NULL)
        continue;

      patient = get_patient (self, studies_section, patients, item->subject);
      study = get_study (patient, studies, item->subject);
      series = get_series (study, series_table, item->subject, generation);
      veil_case_node_add_item (series, i);
    }

  refusals = veil_case_get_refusals (kase);
  for (guint i = 0; i < refusals->len; i++)
    {
      VeilRefusal *refusal = g_ptr_array_index (refusals, i);
      g_autoptr(VeilCaseNode) node = NULL;
      g_autofree char *basename = veil_format_basename (refusal->display_name);
      g_autofree char *tooltip = NULL;

      tooltip = g_strdup_printf ("%s\n%s", refusal->display_name, refusal->reason);

      if (g_hash_table_contains (documents, refusal->display_name) ||
          veil_format_is_report (refusal->display_name))
        {
          node = veil_case_node_new (VEIL_CASE_NODE_REPORT, basename, "x-office-document-symbolic");
          /* A report the engine could not read or clean is left out. */
          veil_case_node_set_subtitle (node, refusal->reason);
          veil_case_node_set_warning (node, TRUE);
          veil_case_node_append_child (reports_section, node);
        }
      else
        {
          node = veil_case_node_new (VEIL_CASE_NODE_REFUSAL, basename, "action-unavailable-symbolic");
          veil_case_node_set_subtitle (node, refusal->reason);
          veil_case_node_set_warning (node, TRUE);
          veil_case_node_append_child (refused_section, node);
        }

      veil_case_node_set_key (node, refusal->display_name);
      veil_case_node_set_tooltip (node, tooltip);
      self->n_refusals++;
    }

  context.items = items;
  veil_case_node_sort_children (studies_section);
  sort_series_items (studies_section, &context);
  update_series_badges (studies_section);

  /* Empty sections are left out rather than shown with nothing under them. */
  sections = g_ptr_array_new ();
  if (veil_case_node_get_children (studies_section))
    g_ptr_array_add (sections, studies_section);
  if (veil_case_node_get_children (reports_section))
    g_ptr_array_add (sections, reports_section);
  if (veil_case_node_get_children (refused_section))
    g_ptr_array_add (sections, refused_section);

  g_list_store_splice (self->sections, 0, 0, sections->pdata, sections->len);

  veil_case_sidebar_update_accessions (self);

  self->generation = generation;

  veil_case_sidebar_select_first (self, VEIL_CASE_NODE_SERIES);
}

/* A report's subtitle: how many of its findings wait for review. */
static void
update_report_node (VeilCase     *kase,
                    VeilCaseNode *node)
{
  const guint *indexes;
  guint n_indexes = 0;
  GPtrArray *items = veil_case_get_items (kase);
  VeilCaseItem *item;
  g_autofree char *subtitle = NULL;
  g_autofree char *badge = NULL;
  guint n, pending;

  indexes = veil_case_node_get_items (node, &n_indexes);
  if (n_indexes == 0 || indexes[0] >= items->len)
    return;

  item = g_ptr_array_index (items, indexes[0]);
  n = item->findings ? item->findings->len : 0;
  pending = veil_case_count_pending (kase, item);

  if (n == 0)
    subtitle = g_strdup (_("No identifiers found"));
  else if (pending == 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u finding reviewed",
                                             "All %u findings reviewed", n), n);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u finding waits for review",
                                             "%u findings wait for review", pending), pending);
  if (pending > 0)
    badge = g_strdup_printf ("%u", pending);

  /* A request form seeds the case: its patient and requester are known in every file. */
  if (item->is_request_form)
    {
      g_autofree char *form = g_steal_pointer (&subtitle);

      /* Translators: a request form's subtitle in the sidebar, "Request form · 3 findings wait for review" */
      subtitle = g_strdup_printf (_("Request form · %s"), form);
    }

  veil_case_node_set_subtitle (node, subtitle);
  veil_case_node_set_badge (node, badge);
}

static void
update_report_nodes (VeilCase   *kase,
                     GListModel *model)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VeilCaseNode) node = g_list_model_get_item (model, i);
      GListStore *children = veil_case_node_get_children (node);

      if (veil_case_node_get_kind (node) == VEIL_CASE_NODE_REPORT)
        update_report_node (kase, node);
      else if (children != NULL)
        update_report_nodes (kase, G_LIST_MODEL (children));
    }
}

static void
update_patient_subtitles (VeilCaseSidebar *self,
                          GListModel      *model)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VeilCaseNode) node = g_list_model_get_item (model, i);
      GListStore *children = veil_case_node_get_children (node);

      if (veil_case_node_get_kind (node) == VEIL_CASE_NODE_PATIENT)
        {
          g_autofree char *subtitle = patient_subtitle (self->review, veil_case_node_get_key (node));

          veil_case_node_set_subtitle (node, subtitle);
        }
      else if (veil_case_node_get_kind (node) == VEIL_CASE_NODE_SECTION && children != NULL)
        update_patient_subtitles (self, G_LIST_MODEL (children));
    }
}

static void
review_changed_cb (VeilCaseSidebar *self,
                   VeilReview      *review)
{
  VeilCase *kase = veil_review_get_case (review);

  g_assert (VEIL_IS_CASE_SIDEBAR (self));

  /* A re-scan after a decision keeps the tree (and the reviewer's place in
   * it); only a case read anew, or files refused during an export, need a
   * new one. */
  if (kase != NULL &&
      self->generation == veil_review_get_generation (review) &&
      self->n_refusals == veil_case_get_refusals (kase)->len &&
      g_list_model_get_n_items (G_LIST_MODEL (self->sections)) > 0)
    {
      update_patient_subtitles (self, G_LIST_MODEL (self->sections));
      update_report_nodes (kase, G_LIST_MODEL (self->sections));
      veil_case_sidebar_update_accessions (self);
      return;
    }

  veil_case_sidebar_rebuild (self);
}

static void
review_notify_accessions_cb (VeilCaseSidebar *self,
                             GParamSpec      *pspec,
                             VeilReview      *review)
{
  veil_case_sidebar_update_accessions (self);
}

/* Selection --------------------------------------------------------------- */

static void
selection_changed_cb (VeilCaseSidebar    *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
  VeilCaseNode *node = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (node == self->selected_node)
    {
      g_clear_object (&node);
      return;
    }

  g_clear_object (&self->selected_node);
  self->selected_node = node;
  /* The series overview shows it even if its row is scrolled away. */
  veil_case_sidebar_request_thumbnail (self, node);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
}

static gboolean
node_is_leaf_item (VeilCaseNode *node)
{
  switch (veil_case_node_get_kind (node))
    {
    case VEIL_CASE_NODE_SERIES:
    case VEIL_CASE_NODE_REPORT:
    case VEIL_CASE_NODE_REFUSAL:
      return TRUE;

    case VEIL_CASE_NODE_SECTION:
    case VEIL_CASE_NODE_PATIENT:
    case VEIL_CASE_NODE_STUDY:
    case VEIL_CASE_NODE_ACCESSION:
    default:
      return FALSE;
    }
}

static VeilCaseNode *
node_at (VeilCaseSidebar *self,
         guint            position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);

  return row ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
select_position (VeilCaseSidebar *self,
                 guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/**
 * veil_case_sidebar_select_first:
 * @self: a #VeilCaseSidebar
 * @kind: the kind of node to look for
 *
 * Returns: %TRUE if a node of @kind was found (and selected)
 */
gboolean
veil_case_sidebar_select_first (VeilCaseSidebar  *self,
                                VeilCaseNodeKind  kind)
{
  guint n_items;

  g_return_val_if_fail (VEIL_IS_CASE_SIDEBAR (self), FALSE);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->tree));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(VeilCaseNode) node = node_at (self, i);

      if (veil_case_node_get_kind (node) == kind)
        {
          select_position (self, i);
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * veil_case_sidebar_select_adjacent:
 * @self: a #VeilCaseSidebar
 * @direction: 1 for the next series, report or refused file, -1 for the previous
 *
 * Returns: %TRUE if the selection moved
 */
gboolean
veil_case_sidebar_select_adjacent (VeilCaseSidebar *self,
                                   int              direction)
{
  guint n_items;
  guint position;
  gint64 i;

  g_return_val_if_fail (VEIL_IS_CASE_SIDEBAR (self), FALSE);
  g_return_val_if_fail (direction == 1 || direction == -1, FALSE);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->tree));
  position = gtk_single_selection_get_selected (self->selection);

  if (position == GTK_INVALID_LIST_POSITION)
    i = direction > 0 ? 0 : (gint64)n_items - 1;
  else
    i = (gint64)position + direction;

  for (; i >= 0 && i < n_items; i += direction)
    {
      g_autoptr(VeilCaseNode) node = node_at (self, (guint)i);

      if (node_is_leaf_item (node))
        {
          select_position (self, (guint)i);
          return TRUE;
        }
    }

  return FALSE;
}

static guint
count_nodes (GListModel       *model,
             VeilCaseNodeKind  kind)
{
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VeilCaseNode) node = g_list_model_get_item (model, i);
      GListStore *children = veil_case_node_get_children (node);

      if (veil_case_node_get_kind (node) == kind)
        count++;
      if (children != NULL)
        count += count_nodes (G_LIST_MODEL (children), kind);
    }

  return count;
}

/**
 * veil_case_sidebar_count_nodes:
 * @self: a #VeilCaseSidebar
 * @kind: a kind of node
 *
 * Returns: how many nodes of @kind the sidebar holds, collapsed or not
 */
guint
veil_case_sidebar_count_nodes (VeilCaseSidebar  *self,
                               VeilCaseNodeKind  kind)
{
  g_return_val_if_fail (VEIL_IS_CASE_SIDEBAR (self), 0);

  return count_nodes (G_LIST_MODEL (self->sections), kind);
}

/* GObject ----------------------------------------------------------------- */

static void
veil_case_sidebar_dispose (GObject *object)
{
  VeilCaseSidebar *self = (VeilCaseSidebar *)object;

  veil_case_sidebar_set_review (self, NULL);

  /* AdwBin unparents its child in its own dispose; the template's root is
   * that child, so it is let go here first rather than twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_CASE_SIDEBAR);

  g_clear_object (&self->selected_node);
  g_clear_object (&self->accession_section);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->sections);
  if (self->thumbnails != NULL)
    veil_thumbnail_loader_reset (self->thumbnails);
  g_clear_object (&self->thumbnails);

  G_OBJECT_CLASS (veil_case_sidebar_parent_class)->dispose (object);
}

static void
veil_case_sidebar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VeilCaseSidebar *self = VEIL_CASE_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      g_value_set_object (value, self->review);
      break;

    case PROP_SELECTED_NODE:
      g_value_set_object (value, self->selected_node);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_case_sidebar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VeilCaseSidebar *self = VEIL_CASE_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      veil_case_sidebar_set_review (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_case_sidebar_class_init (VeilCaseSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_case_sidebar_dispose;
  object_class->get_property = veil_case_sidebar_get_property;
  object_class->set_property = veil_case_sidebar_set_property;

  properties[PROP_REVIEW] =
    g_param_spec_object ("review", NULL, NULL,
                         VEIL_TYPE_REVIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED_NODE] =
    g_param_spec_object ("selected-node", NULL, NULL,
                         VEIL_TYPE_CASE_NODE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/veil/Veil/ui/veil-case-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilCaseSidebar, list_view);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_row_cb);
}

static void
veil_case_sidebar_init (VeilCaseSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->thumbnails = veil_thumbnail_loader_new (0);
  self->sections = g_list_store_new (VEIL_TYPE_CASE_NODE);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->sections)),
                                        FALSE,
                                        TRUE, /* a case opens with everything in view */
                                        create_children_cb,
                                        NULL,
                                        NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection,
                           "notify::selected-item",
                           G_CALLBACK (selection_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

/* Public API -------------------------------------------------------------- */

VeilReview *
veil_case_sidebar_get_review (VeilCaseSidebar *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_SIDEBAR (self), NULL);

  return self->review;
}

void
veil_case_sidebar_set_review (VeilCaseSidebar *self,
                              VeilReview      *review)
{
  g_return_if_fail (VEIL_IS_CASE_SIDEBAR (self));
  g_return_if_fail (!review || VEIL_IS_REVIEW (review));

  if (self->review == review)
    return;

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);

  g_set_object (&self->review, review);

  if (review != NULL)
    {
      g_signal_connect_object (review, "changed",
                               G_CALLBACK (review_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (review, "notify::accessions",
                               G_CALLBACK (review_notify_accessions_cb), self,
                               G_CONNECT_SWAPPED);
    }

  veil_case_sidebar_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW]);
}

/**
 * veil_case_sidebar_get_selected_node:
 * @self: a #VeilCaseSidebar
 *
 * Returns: (transfer none) (nullable): the selected node
 */
VeilCaseNode *
veil_case_sidebar_get_selected_node (VeilCaseSidebar *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_SIDEBAR (self), NULL);

  return self->selected_node;
}

/**
 * veil_case_sidebar_get_thumbnail_loader:
 * @self: a #VeilCaseSidebar
 *
 * Returns: (transfer none): what renders the series' pictures
 */
VeilThumbnailLoader *
veil_case_sidebar_get_thumbnail_loader (VeilCaseSidebar *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_SIDEBAR (self), NULL);

  return self->thumbnails;
}
