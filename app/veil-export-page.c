/* veil-export-page.c: preset, destination, summary, progress and result
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The export is the step a records officer answers for, so this page says
 * before it starts what will be written and where, refuses destinations that
 * would mix the export with its inputs or put personal data inside it, and
 * afterwards proves what it can: the engine's residual scan over every byte
 * written, and the accession-list check.
 *
 * The mapping store: the engine writes pseudonyms into the case's own store
 * (see VeilReview), and this page saves a copy of it where the user asks,
 * beside the export by default and never inside it.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-dicom-deidentifier.h"
#include "veil-export-page.h"
#include "veil-mapping-csv.h"
#include "veil-format.h"
#include "veil-profile.h"

struct _VeilExportPage
{
  AdwBin            parent_instance;

  VeilReview       *review;
  GListModel       *inputs;
  GSettings        *settings;
  GFile            *folder;        /* what the user chose */
  GFile            *output;        /* the folder the export becomes */
  GFile            *mapping;       /* where the store's copy goes */
  GtkNativeDialog  *chooser;
  GCancellable     *cancellable;
  VeilVerifyReport *report;
  char             *problem;
  char             *mapping_error;
  guint             pulse_id;
  guint             n_exported;
  guint             updating_preset : 1;
  guint             mapping_chosen : 1;
  guint             pixel_risks_accepted : 1; /* "Export anyway" for this case */
  guint             pixel_generation;         /* the case that was accepted */
  guint             n_unreviewed_pixels;

  /* Template widgets */
  GtkStack         *stack;
  AdwPreferencesGroup *preset_group;
  AdwComboRow      *preset_row;
  AdwActionRow     *folder_row;
  AdwActionRow     *mapping_row;
  AdwActionRow     *problem_row;
  AdwEntryRow      *accessions_row;
  GtkLabel         *files_label;
  GtkLabel         *changes_label;
  GtkLabel         *people_label;
  GtkLabel         *refused_label;
  AdwActionRow     *unreviewed_row;
  AdwActionRow     *pixel_row;
  GtkButton        *export_button;
  AdwStatusPage    *progress_page;
  GtkProgressBar   *progress_bar;
  GtkImage         *result_icon;
  GtkLabel         *result_title;
  GtkLabel         *result_description;
  GtkLabel         *exported_label;
  AdwActionRow     *result_folder_row;
  AdwActionRow     *result_mapping_row;
  AdwActionRow     *residual_row;
  GtkListBox       *hits_list;
  AdwPreferencesGroup *refusals_group;
  GtkListBox       *refusals_list;
  AdwPreferencesGroup *accession_group;
  GtkListBox       *accession_list;
};

G_DEFINE_FINAL_TYPE (VeilExportPage, veil_export_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REVIEW,
  PROP_PROBLEM,
  PROP_STAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* At most this many residual hits are listed; the rest are counted. */
#define MAX_HITS_SHOWN 50

static void veil_export_page_validate (VeilExportPage *self);

/* Helpers ----------------------------------------------------------------- */

static void
show_toast (VeilExportPage *self,
            const char     *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
}

static void
set_stage (VeilExportPage *self,
           const char     *stage)
{
  gtk_stack_set_visible_child_name (self->stack, stage);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

static void
list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

static GtkWidget *
info_row_new (const char *title,
              const char *subtitle,
              const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);

  return row;
}

static char *
file_display (GFile *file)
{
  return file ? g_file_get_parse_name (file) : NULL;
}

static gboolean
file_is_within (GFile *file,
                GFile *folder)
{
  return g_file_equal (file, folder) || g_file_has_prefix (file, folder);
}

static gboolean
folder_is_empty_or_missing (GFile *folder)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GFileInfo) info = NULL;

  enumerator = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (enumerator == NULL)
    return !g_file_query_exists (folder, NULL);

  info = g_file_enumerator_next_file (enumerator, NULL, NULL);

  return info == NULL;
}

/* Destination ------------------------------------------------------------- */

/* A chosen folder that already holds files gets a new dated folder inside
 * it: the engine writes only into an empty or new folder, and "choose an
 * empty folder" is a chore nobody should need to know about. */
static GFile *
output_for_folder (GFile *folder)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;

  if (folder_is_empty_or_missing (folder))
    return g_object_ref (folder);

  now = g_date_time_new_now_local ();
  date = g_date_time_format (now, "%Y-%m-%d");

  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GFile) candidate = NULL;

      if (i == 1)
        /* Translators: the name of a new export folder; %s is today's date */
        name = g_strdup_printf (_("Veil export %s"), date);
      else
        /* Translators: the same, when that name is taken */
        name = g_strdup_printf (_("Veil export %s (%u)"), date, i);

      candidate = g_file_get_child (folder, name);
      if (!g_file_query_exists (candidate, NULL))
        return g_steal_pointer (&candidate);
    }

  return g_object_ref (folder);
}

static GFile *
mapping_beside (GFile *output)
{
  g_autoptr(GFile) parent = g_file_get_parent (output);
  g_autofree char *basename = g_file_get_basename (output);
  g_autofree char *name = NULL;

  if (parent == NULL)
    return NULL;

  /* Translators: file name of the mapping store saved beside an export
   * folder; %s is the folder's name */
  name = g_strdup_printf (_("%s mapping.veil"), basename);

  return g_file_get_child (parent, name);
}

static void
update_destination_rows (VeilExportPage *self)
{
  g_autofree char *output = file_display (self->output);
  g_autofree char *mapping = file_display (self->mapping);

  adw_action_row_set_subtitle (self->folder_row, output ? output : _("Not chosen yet"));
  adw_action_row_set_subtitle (self->mapping_row,
                               mapping ? mapping : _("Beside the export folder"));
}

/**
 * veil_export_page_set_folder:
 * @self: a #VeilExportPage
 * @folder: (nullable): the folder the user chose: the export goes into it
 *   if it is empty, or into a new dated folder inside it
 */
void
veil_export_page_set_folder (VeilExportPage *self,
                             GFile          *folder)
{
  g_return_if_fail (VEIL_IS_EXPORT_PAGE (self));
  g_return_if_fail (!folder || G_IS_FILE (folder));

  g_set_object (&self->folder, folder);
  g_clear_object (&self->output);

  if (folder != NULL)
    self->output = output_for_folder (folder);

  if (!self->mapping_chosen)
    {
      g_clear_object (&self->mapping);
      if (self->output != NULL)
        self->mapping = mapping_beside (self->output);
    }

  update_destination_rows (self);
  veil_export_page_validate (self);
}

/**
 * veil_export_page_set_mapping_file:
 * @self: a #VeilExportPage
 * @file: (nullable): where to save the mapping store, or %NULL for beside
 *   the export
 */
void
veil_export_page_set_mapping_file (VeilExportPage *self,
                                   GFile          *file)
{
  g_return_if_fail (VEIL_IS_EXPORT_PAGE (self));
  g_return_if_fail (!file || G_IS_FILE (file));

  self->mapping_chosen = file != NULL;
  g_clear_object (&self->mapping);

  if (file != NULL)
    self->mapping = g_object_ref (file);
  else if (self->output != NULL)
    self->mapping = mapping_beside (self->output);

  update_destination_rows (self);
  veil_export_page_validate (self);
}

static void
veil_export_page_set_problem (VeilExportPage *self,
                              const char     *problem)
{
  if (g_strcmp0 (problem, self->problem) == 0)
    return;

  g_free (self->problem);
  self->problem = g_strdup (problem);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->problem_row), problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_row), problem != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* Why the export cannot start, in the user's words, or NULL. */
static char *
find_problem (VeilExportPage *self)
{
  if (self->output == NULL)
    return NULL; /* nothing chosen yet is not a problem to shout about */

  if (!g_file_is_native (self->output))
    return g_strdup (_("Choose a folder on this computer: the export cannot be written to a remote location"));

  for (guint i = 0; self->inputs != NULL && i < g_list_model_get_n_items (self->inputs); i++)
    {
      g_autoptr(GFile) input = g_list_model_get_item (self->inputs, i);

      if (file_is_within (self->output, input))
        return g_strdup (_("The export folder cannot be inside one of the case’s inputs: choose another folder"));
      if (file_is_within (input, self->output))
        return g_strdup (_("The export folder cannot contain one of the case’s inputs: choose another folder"));
    }

  if (self->mapping == NULL)
    return g_strdup (_("Choose where to save the mapping store"));

  if (file_is_within (self->mapping, self->output))
    return g_strdup (_("The mapping store holds the original identifiers, so it cannot be saved inside the export"));

  if (g_file_query_exists (self->mapping, NULL))
    {
      g_autofree char *name = g_file_get_basename (self->mapping);

      /* Translators: %s is a file name */
      return g_strdup_printf (_("“%s” already exists: choose another name for the mapping store"), name);
    }

  return NULL;
}

static void
veil_export_page_validate (VeilExportPage *self)
{
  g_autofree char *problem = find_problem (self);
  gboolean ready;

  veil_export_page_set_problem (self, problem);

  ready = problem == NULL &&
          (self->n_unreviewed_pixels == 0 || self->pixel_risks_accepted) &&
          self->output != NULL &&
          self->review != NULL &&
          veil_review_get_case (self->review) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.start", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-folder",
                                 self->chooser == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-mapping",
                                 self->chooser == NULL && self->output != NULL);
}

/* Choosers ---------------------------------------------------------------- */

static void
folder_chooser_response_cb (VeilExportPage       *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  g_autoptr(GtkNativeDialog) owned = g_steal_pointer (&self->chooser);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      veil_export_page_set_folder (self, folder);
    }

  veil_export_page_validate (self);
}

static void
mapping_chooser_response_cb (VeilExportPage       *self,
                             int                   response,
                             GtkFileChooserNative *chooser)
{
  g_autoptr(GtkNativeDialog) owned = g_steal_pointer (&self->chooser);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      veil_export_page_set_mapping_file (self, file);
    }

  veil_export_page_validate (self);
}

static GtkFileChooserNative *
new_chooser (VeilExportPage       *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title,
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action,
                                         accept,
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  return chooser;
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VeilExportPage *self = VEIL_EXPORT_PAGE (widget);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  chooser = new_chooser (self, _("Choose Where to Export"),
                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"));
  gtk_file_chooser_set_create_folders (GTK_FILE_CHOOSER (chooser), TRUE);
  if (self->folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), self->folder, NULL);

  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (folder_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
  veil_export_page_validate (self);
}

static void
choose_mapping_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VeilExportPage *self = VEIL_EXPORT_PAGE (widget);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL || self->mapping == NULL)
    return;

  chooser = new_chooser (self, _("Save the Mapping Store"),
                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));

  {
    g_autoptr(GFile) parent = g_file_get_parent (self->mapping);
    g_autofree char *name = g_file_get_basename (self->mapping);

    if (parent != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), parent, NULL);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  }

  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (mapping_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
  veil_export_page_validate (self);
}

/* Preset ------------------------------------------------------------------ */

static void
update_preset_subtitle (VeilExportPage *self)
{
  gsize n_presets;
  const VeilPreset *presets = veil_presets_get_all (&n_presets);
  guint selected = adw_combo_row_get_selected (self->preset_row);

  /* In the group, not the row: a row subtitle this long squeezes the
   * preset's name to a few letters. */
  adw_preferences_group_set_description (self->preset_group,
                                         selected < n_presets ? presets[selected].description : NULL);
}

static void
preset_selected_cb (VeilExportPage *self,
                    GParamSpec     *pspec,
                    AdwComboRow    *row)
{
  gsize n_presets;
  const VeilPreset *presets = veil_presets_get_all (&n_presets);
  guint selected = adw_combo_row_get_selected (row);

  update_preset_subtitle (self);

  if (self->updating_preset || selected >= n_presets || self->review == NULL)
    return;

  /* Another preset means reading the case again with other options. */
  veil_review_set_preset (self->review, presets[selected].name);
  g_settings_set_string (self->settings, "default-preset", presets[selected].name);
}

static void
sync_preset_from_review (VeilExportPage *self)
{
  gsize n_presets;
  const VeilPreset *presets = veil_presets_get_all (&n_presets);
  const char *name = self->review ? veil_review_get_preset (self->review) : NULL;

  for (gsize i = 0; i < n_presets; i++)
    {
      if (g_strcmp0 (presets[i].name, name) == 0)
        {
          self->updating_preset = TRUE;
          adw_combo_row_set_selected (self->preset_row, (guint)i);
          self->updating_preset = FALSE;
          break;
        }
    }

  update_preset_subtitle (self);
}

/* Accession list ---------------------------------------------------------- */

static void
accessions_changed_cb (VeilExportPage *self,
                       AdwEntryRow    *row)
{
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->review == NULL)
    return;

  /* Requests arrive as spreadsheet columns, comma lists or prose: any run
   * of spaces, commas or semicolons separates two numbers. */
  words = g_regex_split_simple ("[\\s,;]+", text, 0, 0);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (listed, g_strdup (words[i]));
  g_ptr_array_add (listed, NULL);

  veil_review_set_accessions (self->review, (const char * const *)listed->pdata);
}

/* Summary ----------------------------------------------------------------- */

static void
set_number (GtkLabel *label,
            guint     number)
{
  g_autofree char *text = g_strdup_printf ("%u", number);

  gtk_label_set_text (label, text);
}

static void
veil_export_page_update_summary (VeilExportPage *self)
{
  g_autofree char *changes = NULL;
  g_autofree char *people = NULL;
  g_autofree char *unreviewed = NULL;
  VeilMappingStore *store;
  GPtrArray *refusals;
  GPtrArray *items;
  VeilCase *kase;
  guint n_files = 0;
  guint n_changed = 0;
  guint n_removed = 0;
  guint n_reports = 0;
  guint n_patients;
  guint n_people;

  if (self->review == NULL || !(kase = veil_review_get_case (self->review)))
    return;

  items = veil_case_get_items (kase);
  for (guint i = 0; i < items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (items, i);

      if (item->refusal != NULL && item->subject != NULL && item->subject->has_encapsulated_document)
        n_reports++;

      /* Items without a DICOM subject are documents the engine cleans as
       * text: they are exported too. */
      if (item->refusal != NULL || (item->subject != NULL && item->subject->is_directory))
        continue;

      n_files++;
      for (guint j = 0; item->changes != NULL && j < item->changes->len; j++)
        {
          VeilDicomChange *change = g_ptr_array_index (item->changes, j);

          if (change->replacement == NULL)
            n_removed++;
          else
            n_changed++;
        }
    }

  refusals = veil_case_get_refusals (kase);
  for (guint i = 0; i < refusals->len; i++)
    if (veil_format_is_report (((VeilRefusal *)g_ptr_array_index (refusals, i))->display_name))
      n_reports++;

  store = veil_review_get_store (self->review);
  n_patients = veil_mapping_store_count (store, VEIL_MAPPING_PATIENT);
  n_people = veil_mapping_store_count (store, VEIL_MAPPING_PERSON);

  set_number (self->files_label, n_files);
  set_number (self->refused_label, refusals->len);

  /* Translators: summary of the tag tables of the whole case */
  changes = g_strdup_printf (_("%u replaced, %u removed"), n_changed, n_removed);
  gtk_label_set_text (self->changes_label, changes);

  /* Translators: "2 patients, 7 others" */
  people = g_strdup_printf (_("%u patients, %u others"), n_patients, n_people);
  gtk_label_set_text (self->people_label, people);

  if (n_reports > 0)
    unreviewed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u report waits for the report engine and is not exported.",
                                               "%u reports wait for the report engine and are not exported.",
                                               n_reports),
                                  n_reports);
  gtk_widget_set_visible (GTK_WIDGET (self->unreviewed_row), unreviewed != NULL);
  if (unreviewed != NULL)
    adw_action_row_set_subtitle (self->unreviewed_row, unreviewed);

  veil_export_page_update_pixel_risks (self);
}

/* Burned-in text ---------------------------------------------------------- */

/**
 * veil_export_page_update_pixel_risks:
 *
 * Counts the high-risk images no reviewer has decided about: while there are
 * any, Export waits for the review or for "Export Anyway".
 */
void
veil_export_page_update_pixel_risks (VeilExportPage *self)
{
  VeilCase *kase = self->review != NULL ? veil_review_get_case (self->review) : NULL;
  guint generation = self->review != NULL ? veil_review_get_generation (self->review) : 0;

  /* "Export anyway" was said about one case, not the next one read. */
  if (generation != self->pixel_generation)
    self->pixel_risks_accepted = FALSE;
  self->pixel_generation = generation;
  self->n_unreviewed_pixels = kase != NULL ? veil_case_count_unreviewed_pixel_risks (kase) : 0;

  if (self->n_unreviewed_pixels > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u high-risk image not reviewed",
                                                             "%u high-risk images not reviewed",
                                                             self->n_unreviewed_pixels),
                                                self->n_unreviewed_pixels);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pixel_row), title);
      adw_action_row_set_subtitle (self->pixel_row,
                                   self->pixel_risks_accepted
                                   ? _("You chose to export them with the boxes Veil found.")
                                   : _("They may show names, IDs or dates in their pixels. Check the boxes Veil will black out before exporting."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pixel_row), self->n_unreviewed_pixels > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.accept-pixel-risks",
                                 self->n_unreviewed_pixels > 0 && !self->pixel_risks_accepted);
  veil_export_page_validate (self);
}

guint
veil_export_page_get_n_unreviewed_images (VeilExportPage *self)
{
  g_return_val_if_fail (VEIL_IS_EXPORT_PAGE (self), 0);

  return self->n_unreviewed_pixels;
}

gboolean
veil_export_page_get_can_export (VeilExportPage *self)
{
  g_return_val_if_fail (VEIL_IS_EXPORT_PAGE (self), FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->export_button));
}

/**
 * veil_export_page_accept_pixel_risks:
 *
 * The reviewer's "Export Anyway": the unreviewed images go out with the boxes
 * Veil found.
 */
void
veil_export_page_accept_pixel_risks (VeilExportPage *self)
{
  g_return_if_fail (VEIL_IS_EXPORT_PAGE (self));

  self->pixel_risks_accepted = TRUE;
  veil_export_page_update_pixel_risks (self);
}

static void
accept_pixel_risks_response_cb (VeilExportPage   *self,
                                const char       *response,
                                AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "export") == 0)
    veil_export_page_accept_pixel_risks (self);
}

static void
accept_pixel_risks_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  VeilExportPage *self = VEIL_EXPORT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u image with a high risk of burned-in names, IDs or dates has not been reviewed. "
                                       "It will be exported with only the boxes Veil found blacked out.",
                                       "%u images with a high risk of burned-in names, IDs or dates have not been reviewed. "
                                       "They will be exported with only the boxes Veil found blacked out.",
                                       self->n_unreviewed_pixels),
                          self->n_unreviewed_pixels);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Export Without Reviewing?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Export Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (accept_pixel_risks_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
review_changed_cb (VeilExportPage *self,
                   VeilReview     *review)
{
  veil_export_page_update_summary (self);
}

static void
review_notify_busy_cb (VeilExportPage *self,
                       GParamSpec     *pspec,
                       VeilReview     *review)
{
  veil_export_page_validate (self);
}

static void
review_notify_preset_cb (VeilExportPage *self,
                         GParamSpec     *pspec,
                         VeilReview     *review)
{
  sync_preset_from_review (self);
}

static void
review_notify_progress_cb (VeilExportPage *self,
                           GParamSpec     *pspec,
                           VeilReview     *review)
{
  if (veil_review_get_state (review) != VEIL_REVIEW_STATE_EXPORTING)
    return;

  gtk_progress_bar_set_fraction (self->progress_bar, veil_review_get_progress (review));
  adw_status_page_set_description (self->progress_page, veil_review_get_progress_text (review));
}

/* Result ------------------------------------------------------------------ */

static void
add_accession_rows (VeilExportPage *self)
{
  const char * const *listed = veil_review_get_accessions (self->review);
  g_autoptr(VeilAccessionReport) report = NULL;
  VeilCase *kase = veil_review_get_case (self->review);
  struct {
    GPtrArray *values;
    const char *title;
    const char *icon;
  } parts[3];

  list_box_clear (self->accession_list);
  gtk_widget_set_visible (GTK_WIDGET (self->accession_group), listed != NULL && kase != NULL);

  if (listed == NULL || kase == NULL)
    return;

  report = veil_case_check_accessions (kase, (GStrv)listed);
  parts[0].values = report->found;
  parts[0].title = _("Found in the case");
  parts[0].icon = "emblem-ok-symbolic";
  parts[1].values = report->missing;
  parts[1].title = _("Listed but missing");
  parts[1].icon = "dialog-warning-symbolic";
  parts[2].values = report->unlisted;
  parts[2].title = _("In the case but not listed");
  parts[2].icon = "dialog-warning-symbolic";

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr(GString) list = g_string_new (NULL);
      g_autofree char *title = NULL;

      for (guint j = 0; j < parts[i].values->len; j++)
        {
          if (j > 0)
            g_string_append (list, ", ");
          g_string_append (list, g_ptr_array_index (parts[i].values, j));
        }

      /* Translators: "Listed but missing: 2" */
      title = g_strdup_printf (_("%s: %u"), parts[i].title, parts[i].values->len);
      gtk_list_box_append (self->accession_list,
                           info_row_new (title,
                                         list->len ? list->str : NULL,
                                         parts[i].values->len > 0 || i == 0 ? parts[i].icon : "emblem-ok-symbolic"));
    }
}

static void
veil_export_page_show_result (VeilExportPage *self,
                              const GError   *verify_error)
{
  g_autofree char *description = NULL;
  g_autofree char *output = file_display (self->output);
  g_autofree char *mapping = file_display (self->mapping);
  GPtrArray *refusals = NULL;
  VeilCase *kase = veil_review_get_case (self->review);
  guint n_hits = self->report ? self->report->hits->len : 0;
  gboolean clean;

  g_clear_handle_id (&self->pulse_id, g_source_remove);

  set_number (self->exported_label, self->n_exported);
  adw_action_row_set_subtitle (self->result_folder_row, output);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.open-folder", self->n_exported > 0);

  if (self->mapping_error != NULL)
    {
      g_autofree char *subtitle = NULL;

      /* Translators: %s is the reason; the case keeps the mapping itself */
      subtitle = g_strdup_printf (_("Not saved: %s. Use “Save Mapping Table as CSV…” to keep it."),
                                  self->mapping_error);
      adw_action_row_set_subtitle (self->result_mapping_row, subtitle);
      adw_action_row_set_icon_name (self->result_mapping_row, "dialog-warning-symbolic");
    }
  else
    {
      adw_action_row_set_subtitle (self->result_mapping_row, mapping);
      adw_action_row_set_icon_name (self->result_mapping_row, NULL);
    }

  /* The residual scan. */
  list_box_clear (self->hits_list);
  gtk_widget_set_visible (GTK_WIDGET (self->hits_list), n_hits > 0);

  if (self->n_exported == 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->residual_row),
                                     _("Nothing to check"));
      adw_action_row_set_subtitle (self->residual_row, _("No files were written"));
      adw_action_row_set_icon_name (self->residual_row, "dialog-information-symbolic");
    }
  else if (self->report == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->residual_row),
                                     _("The residual scan did not run"));
      adw_action_row_set_subtitle (self->residual_row,
                                   verify_error ? verify_error->message : NULL);
      adw_action_row_set_icon_name (self->residual_row, "dialog-warning-symbolic");
    }
  else
    {
      g_autofree char *bytes = veil_format_size (self->report->n_bytes);
      g_autofree char *pixel_bytes = veil_format_size (self->report->n_pixel_bytes);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (n_hits == 0)
        title = g_strdup (_("No original identifiers found"));
      else
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u original identifier found",
                                              "%u original identifiers found",
                                              n_hits),
                                 n_hits);

      /* Translators: details of the residual scan. The pixel data is not
       * searched: text burned into images needs OCR or a person. */
      subtitle = g_strdup_printf (_("Searched %u files (%s) for %u forms of the case’s original values. "
                                    "Pixel data (%s) was not searched: check images for burned-in text."),
                                  self->report->n_files, bytes, self->report->n_patterns, pixel_bytes);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->residual_row), title);
      adw_action_row_set_subtitle (self->residual_row, subtitle);
      adw_action_row_set_icon_name (self->residual_row,
                                    n_hits == 0 ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

      for (guint i = 0; i < n_hits && i < MAX_HITS_SHOWN; i++)
        {
          VeilResidualHit *hit = g_ptr_array_index (self->report->hits, i);
          g_autofree char *where = NULL;

          if (hit->offset == G_MAXUINT64)
            /* Translators: a residual identifier found in a file's name */
            where = g_strdup_printf (_("%s (file name) · %s"), hit->file, hit->kind);
          else
            /* Translators: a residual identifier found inside a file */
            where = g_strdup_printf (_("%s at byte %" G_GUINT64_FORMAT " · %s"),
                                     hit->file, hit->offset, hit->kind);

          gtk_list_box_append (self->hits_list, info_row_new (hit->value, where, NULL));
        }

      if (n_hits > MAX_HITS_SHOWN)
        {
          g_autofree char *more = g_strdup_printf (_("… and %u more"), n_hits - MAX_HITS_SHOWN);

          gtk_list_box_append (self->hits_list, info_row_new (more, NULL, NULL));
        }
    }

  /* What was not exported, and why. */
  list_box_clear (self->refusals_list);
  if (kase != NULL)
    {
      refusals = veil_case_get_refusals (kase);
      for (guint i = 0; i < refusals->len; i++)
        {
          VeilRefusal *refusal = g_ptr_array_index (refusals, i);
          g_autofree char *basename = veil_format_basename (refusal->display_name);
          GtkWidget *row = info_row_new (basename, refusal->reason, NULL);

          gtk_widget_set_tooltip_text (row, refusal->display_name);
          gtk_list_box_append (self->refusals_list, row);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->refusals_group), refusals != NULL && refusals->len > 0);

  add_accession_rows (self);

  clean = self->n_exported > 0 && self->report != NULL && n_hits == 0 && self->mapping_error == NULL;

  gtk_image_set_from_icon_name (self->result_icon,
                                clean ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  if (clean)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), "warning");
    }

  if (self->n_exported == 0)
    gtk_label_set_text (self->result_title, _("Nothing Was Exported"));
  else if (clean)
    gtk_label_set_text (self->result_title, _("Export Complete"));
  else
    gtk_label_set_text (self->result_title, _("Export Needs Attention"));

  if (self->n_exported == 0)
    description = g_strdup (_("Every file of the case was refused. The reasons are listed below."));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u file was written with pseudonyms.",
                                                "%u files were written with pseudonyms.",
                                                self->n_exported),
                                   self->n_exported);
  gtk_label_set_text (self->result_description, description);

  set_stage (self, "result");
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VeilExportPage) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->report, veil_verify_report_free);
  self->report = veil_review_verify_finish (VEIL_REVIEW (object), result, &error);

  if (self->report != NULL)
    g_debug ("Residual scan: %u hits in %u files", self->report->hits->len, self->report->n_files);

  veil_export_page_show_result (self, error);
}

static gboolean
pulse_cb (gpointer user_data)
{
  VeilExportPage *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static void
start_verify (VeilExportPage *self)
{
  g_autofree char *path = NULL;

  if (self->n_exported == 0)
    {
      veil_export_page_show_result (self, NULL);
      return;
    }

  adw_status_page_set_title (self->progress_page, _("Checking the Export"));
  adw_status_page_set_description (self->progress_page,
                                   _("Searching every file written for the case’s original identifiers"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  self->pulse_id = g_timeout_add (100, pulse_cb, self);

  path = g_file_get_path (self->output);
  veil_review_verify_async (self->review, path, self->cancellable, verify_cb, g_object_ref (self));
}

static void
copy_mapping_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VeilExportPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (object), result, &error))
    self->mapping_error = g_strdup (error->message);

  start_verify (self);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VeilExportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) store_file = NULL;
  VeilCase *kase;

  if (!veil_review_export_finish (VEIL_REVIEW (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Export cancelled: nothing was written"));
      else
        {
          /* Translators: %s is the engine's reason */
          g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);

          show_toast (self, message);
        }

      set_stage (self, "setup");
      veil_export_page_validate (self);
      return;
    }

  kase = veil_review_get_case (self->review);
  self->n_exported = kase ? veil_case_get_n_exported (kase) : 0;

  if (self->n_exported == 0)
    {
      veil_export_page_show_result (self, NULL);
      return;
    }

  /* The engine flushed the case's store before the export appeared; the
   * copy is the one that goes with this disclosure. Private mode: the
   * store is personal data. */
  store_file = g_file_new_for_path (veil_review_get_store_path (self->review));
  g_file_copy_async (store_file,
                     self->mapping,
                     G_FILE_COPY_NONE,
                     G_PRIORITY_DEFAULT,
                     self->cancellable,
                     NULL, NULL,
                     copy_mapping_cb,
                     g_object_ref (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VeilExportPage *self = VEIL_EXPORT_PAGE (widget);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  veil_export_page_validate (self);
  if (self->problem != NULL || self->output == NULL || self->review == NULL ||
      veil_review_get_case (self->review) == NULL ||
      (self->n_unreviewed_pixels > 0 && !self->pixel_risks_accepted))
    return;

  /* The folder might have filled up since it was chosen. */
  if (self->output == self->folder && !folder_is_empty_or_missing (self->output))
    {
      veil_export_page_set_folder (self, self->folder);
      if (self->problem != NULL)
        return;
    }

  path = g_file_get_path (self->output);
  uri = g_file_get_uri (self->folder);
  g_settings_set_string (self->settings, "last-output-folder", uri);

  g_clear_pointer (&self->report, veil_verify_report_free);
  g_clear_pointer (&self->mapping_error, g_free);
  self->n_exported = 0;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  adw_status_page_set_title (self->progress_page, _("Exporting"));
  adw_status_page_set_description (self->progress_page, NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_stage (self, "progress");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.start", FALSE);

  veil_review_export_async (self->review, path, self->cancellable, export_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VeilExportPage *self = VEIL_EXPORT_PAGE (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
new_export_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VeilExportPage *self = VEIL_EXPORT_PAGE (widget);

  /* The last export now fills its folder: the next one needs a new one. */
  veil_export_page_set_mapping_file (self, NULL);
  veil_export_page_set_folder (self, self->folder);
  set_stage (self, "setup");
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VeilExportPage *self = VEIL_EXPORT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *uri = NULL;

  if (self->output == NULL)
    return;

  uri = g_file_get_uri (self->output);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* CSV --------------------------------------------------------------------- */

static GBytes *
build_csv (VeilExportPage *self)
{
  return veil_mapping_csv_build (veil_review_get_store (self->review), NULL);
}

static gboolean
csv_location_allowed (VeilExportPage  *self,
                      GFile           *file,
                      GError         **error)
{
  if (self->output != NULL && file_is_within (file, self->output))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The mapping table holds the original identifiers, so it cannot be saved inside the export"));
      return FALSE;
    }

  return TRUE;
}

/**
 * veil_export_page_save_csv:
 * @self: a #VeilExportPage
 * @file: where to write the table
 *
 * Writes the case's mapping table (every original with its pseudonym) as
 * CSV, readable only by the user.
 */
gboolean
veil_export_page_save_csv (VeilExportPage  *self,
                           GFile           *file,
                           GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (VEIL_IS_EXPORT_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!csv_location_allowed (self, file, error))
    return FALSE;

  bytes = build_csv (self);

  return g_file_replace_contents (file,
                                  g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes),
                                  NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

static void
csv_saved_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VeilExportPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the mapping table: %s"), error->message);

      show_toast (self, message);
      return;
    }

  show_toast (self, _("Mapping table saved"));
}

static void
csv_chooser_response_cb (VeilExportPage       *self,
                         int                   response,
                         GtkFileChooserNative *chooser)
{
  g_autoptr(GtkNativeDialog) owned = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  veil_export_page_validate (self);

  if (response != GTK_RESPONSE_ACCEPT)
    return;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (!csv_location_allowed (self, file, &error))
    {
      show_toast (self, error->message);
      return;
    }

  bytes = build_csv (self);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, csv_saved_cb, g_object_ref (self));
}

static void
save_csv_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VeilExportPage *self = VEIL_EXPORT_PAGE (widget);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL || self->review == NULL)
    return;

  chooser = new_chooser (self, _("Save Mapping Table as CSV"),
                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));

  if (self->output != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (self->output);
      g_autofree char *basename = g_file_get_basename (self->output);
      /* Translators: file name of the mapping table; %s is the export folder's name */
      g_autofree char *name = g_strdup_printf (_("%s mapping.csv"), basename);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), parent, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }

  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (csv_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* GObject ----------------------------------------------------------------- */

static void
veil_export_page_dispose (GObject *object)
{
  VeilExportPage *self = (VeilExportPage *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  g_clear_handle_id (&self->pulse_id, g_source_remove);

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_clear_object (&self->review);

  /* AdwBin unparents its child in its own dispose; the template's root is
   * that child, so it is let go here first rather than twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_EXPORT_PAGE);

  g_clear_object (&self->inputs);
  g_clear_object (&self->settings);
  g_clear_object (&self->folder);
  g_clear_object (&self->output);
  g_clear_object (&self->mapping);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, veil_verify_report_free);

  G_OBJECT_CLASS (veil_export_page_parent_class)->dispose (object);
}

static void
veil_export_page_finalize (GObject *object)
{
  VeilExportPage *self = (VeilExportPage *)object;

  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->mapping_error, g_free);

  G_OBJECT_CLASS (veil_export_page_parent_class)->finalize (object);
}

static void
veil_export_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VeilExportPage *self = VEIL_EXPORT_PAGE (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      g_value_set_object (value, self->review);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    case PROP_STAGE:
      g_value_set_string (value, veil_export_page_get_stage (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_export_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VeilExportPage *self = VEIL_EXPORT_PAGE (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      veil_export_page_set_review (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_export_page_class_init (VeilExportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_export_page_dispose;
  object_class->finalize = veil_export_page_finalize;
  object_class->get_property = veil_export_page_get_property;
  object_class->set_property = veil_export_page_set_property;

  properties[PROP_REVIEW] =
    g_param_spec_object ("review", NULL, NULL,
                         VEIL_TYPE_REVIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STAGE] =
    g_param_spec_string ("stage", NULL, NULL,
                         "setup",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/veil/Veil/ui/veil-export-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, preset_group);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, preset_row);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, folder_row);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, mapping_row);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, problem_row);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, pixel_row);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, accessions_row);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, files_label);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, changes_label);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, people_label);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, refused_label);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, unreviewed_row);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, progress_page);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, result_icon);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, result_title);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, result_description);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, exported_label);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, result_folder_row);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, result_mapping_row);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, residual_row);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, hits_list);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, refusals_group);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, refusals_list);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, accession_group);
  gtk_widget_class_bind_template_child (widget_class, VeilExportPage, accession_list);
  gtk_widget_class_bind_template_callback (widget_class, preset_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, accessions_changed_cb);

  gtk_widget_class_install_action (widget_class, "export.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "export.choose-mapping", NULL, choose_mapping_action);
  gtk_widget_class_install_action (widget_class, "export.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "export.accept-pixel-risks", NULL, accept_pixel_risks_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "export.new", NULL, new_export_action);
  gtk_widget_class_install_action (widget_class, "export.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "export.save-csv", NULL, save_csv_action);
}

static void
veil_export_page_init (VeilExportPage *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autofree char *last = NULL;
  gsize n_presets;
  const VeilPreset *presets = veil_presets_get_all (&n_presets);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);

  for (gsize i = 0; i < n_presets; i++)
    gtk_string_list_append (titles, presets[i].title);
  self->updating_preset = TRUE;
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (titles));
  self->updating_preset = FALSE;
  update_preset_subtitle (self);

  /* Offer the last export's parent folder: disclosures for one requester
   * tend to go to one place. */
  last = g_settings_get_string (self->settings, "last-output-folder");
  if (last != NULL && *last != '\0')
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (last);

      if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
        veil_export_page_set_folder (self, folder);
    }

  update_destination_rows (self);
  veil_export_page_validate (self);
}

/* Public API -------------------------------------------------------------- */

VeilReview *
veil_export_page_get_review (VeilExportPage *self)
{
  g_return_val_if_fail (VEIL_IS_EXPORT_PAGE (self), NULL);

  return self->review;
}

void
veil_export_page_set_review (VeilExportPage *self,
                             VeilReview     *review)
{
  g_return_if_fail (VEIL_IS_EXPORT_PAGE (self));
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
      g_signal_connect_object (review, "notify::busy",
                               G_CALLBACK (review_notify_busy_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (review, "notify::preset",
                               G_CALLBACK (review_notify_preset_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (review, "notify::progress",
                               G_CALLBACK (review_notify_progress_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (review, "notify::progress-text",
                               G_CALLBACK (review_notify_progress_cb), self,
                               G_CONNECT_SWAPPED);
      /* Another preset reads the case again, which must not cancel an
       * export under way. */
      g_object_bind_property (review, "busy", self->preset_row, "sensitive",
                              G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
      sync_preset_from_review (self);
    }

  veil_export_page_update_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW]);
}

/**
 * veil_export_page_set_inputs:
 * @self: a #VeilExportPage
 * @inputs: (nullable): a #GListModel of #GFile, the case's inputs, so that
 *   an export folder inside one can be refused before the engine is asked
 */
void
veil_export_page_set_inputs (VeilExportPage *self,
                             GListModel     *inputs)
{
  g_return_if_fail (VEIL_IS_EXPORT_PAGE (self));

  g_set_object (&self->inputs, inputs);
  veil_export_page_validate (self);
}

/**
 * veil_export_page_get_output_folder:
 * @self: a #VeilExportPage
 *
 * Returns: (transfer none) (nullable): the folder the export will become
 */
GFile *
veil_export_page_get_output_folder (VeilExportPage *self)
{
  g_return_val_if_fail (VEIL_IS_EXPORT_PAGE (self), NULL);

  return self->output;
}

/**
 * veil_export_page_get_mapping_file:
 * @self: a #VeilExportPage
 *
 * Returns: (transfer none) (nullable): where the mapping store is saved
 */
GFile *
veil_export_page_get_mapping_file (VeilExportPage *self)
{
  g_return_val_if_fail (VEIL_IS_EXPORT_PAGE (self), NULL);

  return self->mapping;
}

/**
 * veil_export_page_get_problem:
 * @self: a #VeilExportPage
 *
 * Returns: (nullable): why the export cannot start, or %NULL
 */
const char *
veil_export_page_get_problem (VeilExportPage *self)
{
  g_return_val_if_fail (VEIL_IS_EXPORT_PAGE (self), NULL);

  return self->problem;
}

/**
 * veil_export_page_get_stage:
 * @self: a #VeilExportPage
 *
 * Returns: "setup", "progress" or "result"
 */
const char *
veil_export_page_get_stage (VeilExportPage *self)
{
  g_return_val_if_fail (VEIL_IS_EXPORT_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * veil_export_page_get_residual_hits:
 * @self: a #VeilExportPage
 *
 * Returns: how many original identifiers the last residual scan found, or
 *   %G_MAXUINT if none has run
 */
guint
veil_export_page_get_residual_hits (VeilExportPage *self)
{
  g_return_val_if_fail (VEIL_IS_EXPORT_PAGE (self), G_MAXUINT);

  return self->report ? self->report->hits->len : G_MAXUINT;
}
