/* test-review.c: a real case through the review window, under Xvfb
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the synthetic sample study (two patients, three studies, a PDF and
 * an encapsulated report) with `veil FOLDER`, as a user would, and walks
 * the review: the sidebar, a tag table, a pseudonym changed on the People
 * page and seen again in the tag table, then an export whose residual scan
 * must find nothing. Screenshots of each view go to $VEIL_SCREENSHOT_DIR.
 *
 * With VEIL_BENCH_STUDY=FOLDER (a study made by tests/bench/make-ct-study.sh)
 * it also measures how long opening that study takes, and how long the main
 * loop ever stalls meanwhile.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "pixel-check.h"
#include "ui-test-utils.h"
#include "veil-application.h"
#include "veil-person.h"
#include "veil-tag-row.h"
#include "veil-window.h"

#define NEW_PSEUDONYM "Testname-1A^Patient"

typedef void (*CheckFunc) (VeilWindow *window, gpointer data);

typedef struct
{
  const char *folder;
  CheckFunc   check;
  gpointer    data;
  gboolean    checked;
} RunState;

static char *
sample_folder (void)
{
  const char *shared = g_getenv ("VEIL_SHARED_DIR");

  if (shared == NULL)
    return NULL;

  return g_build_filename (shared, "dicom-samples", "synthetic", "out", NULL);
}

static gboolean
run_check (gpointer user_data)
{
  RunState *state = user_data;
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  GtkWindow *window = gtk_application_get_active_window (app);

  g_assert_true (VEIL_IS_WINDOW (window));

  state->check (VEIL_WINDOW (window), state->data);
  state->checked = TRUE;

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
app_open_cb (GApplication  *app,
             GFile        **files,
             int            n_files,
             const char    *hint,
             RunState      *state)
{
  g_idle_add (run_check, state);
}

/* Runs the real application with FOLDER as its argument, then @check from
 * the main loop once the window exists. */
static void
run_application (const char *folder,
                 CheckFunc   check,
                 gpointer    data)
{
  g_autoptr(VeilApplication) app = veil_application_new ();
  RunState state = { folder, check, data, FALSE };
  char *argv[] = { (char *)"veil", (char *)folder, NULL };
  int status;

  /* Not unique: the test must neither talk to a Veil the developer has open
   * nor depend on owning the bus name. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "open", G_CALLBACK (app_open_cb), &state);

  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (state.checked);
}

static gboolean
review_ready (VeilWindow *window)
{
  return veil_review_get_state (veil_window_get_review (window)) == VEIL_REVIEW_STATE_READY;
}

static VeilTagRow *
find_row (GListModel *rows,
          const char *path)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(VeilTagRow) row = g_list_model_get_item (rows, i);

      if (g_str_equal (veil_tag_row_get_path (row), path))
        return row;
    }

  return NULL;
}

static GtkWidget *
find_entry_row_with_text (GtkWidget  *widget,
                          const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_ENTRY_ROW (child) &&
          g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (child)), text) == 0)
        return child;

      if ((found = find_entry_row_with_text (child, text)))
        return found;
    }

  return NULL;
}

static guint
count_files (const char *folder,
             const char *suffix)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint count = 0;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        count += count_files (path, suffix);
      else if (g_str_has_suffix (name, suffix))
        count++;
    }

  return count;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

/* Burned-in text ------------------------------------------------------------ */

static int
find_image (VeilPixelReview *pixels,
            const char      *suffix)
{
  GListModel *images = veil_pixel_review_get_images (pixels);

  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    if (g_str_has_suffix (gtk_string_list_get_string (GTK_STRING_LIST (images), i), suffix))
      return (int)i;

  return -1;
}

/* The synthetic ultrasound is listed with the boxes OCR found; the reviewer
 * adds one, moves it, accepts, and every other high-risk image too. Export
 * is possible only then. Returns the boxes accepted for the ultrasound. */
static GPtrArray *
review_burned_in_text (VeilWindow     *window,
                       VeilExportPage *export)
{
  VeilPixelReview *pixels = veil_window_get_pixel_review (window);
  GPtrArray *accepted = veil_pixel_regions_new ();
  GPtrArray *boxes;
  int position;
  guint n_found;
  guint guard = 0;

  g_assert_cmpuint (veil_export_page_get_n_unreviewed_images (export), >=, 1);
  g_assert_false (veil_export_page_get_can_export (export));
  g_assert_true (ui_test_has_label_suffix (GTK_WIDGET (export), "not reviewed"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "burned-in"));
  g_assert_cmpstr (veil_window_get_view (window), ==, "burned-in");
  position = find_image (pixels, "US_burned_in.dcm");
  g_assert_cmpint (position, >=, 0);
  veil_pixel_review_select (pixels, (guint)position);
  wait_until (veil_pixel_review_get_rendered (pixels));
  g_assert_true (ui_test_has_label (GTK_WIDGET (pixels), "US_burned_in.dcm") ||
                 ui_test_has_label_suffix (GTK_WIDGET (pixels), "US_burned_in.dcm"));

  /* OCR found the name line and the date line. */
  boxes = veil_pixel_review_get_boxes (pixels);
  n_found = boxes->len;
  g_assert_cmpuint (n_found, >=, 2);

  /* A box added, then moved with the keyboard's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pixels), "pixels.add-box", NULL));
  g_assert_cmpuint (boxes->len, ==, n_found + 1);
  g_assert_cmpint (veil_pixel_review_get_selected_box (pixels), ==, (int)n_found);
  {
    VeilPixelRegion *added = g_ptr_array_index (boxes, n_found);
    int x = added->x, y = added->y;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pixels), "pixels.move-box", "(ii)", 10, -5));
    g_assert_cmpint (added->x, ==, x + 10);
    g_assert_cmpint (added->y, ==, y - 5);
  }
  wait_until (ui_test_has_label_suffix (GTK_WIDGET (pixels), "(edited, not yet accepted)"));
  ui_test_run_for (200);
  ui_test_screenshot (GTK_WIDGET (window), "review-burned-in");

  for (guint i = 0; i < boxes->len; i++)
    g_ptr_array_add (accepted, veil_pixel_region_copy (g_ptr_array_index (boxes, i)));

  /* Accept; the view moves on to the next unreviewed image, if any, and
   * each of those is accepted as found. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pixels), "pixels.accept", NULL));
  while (veil_pixel_review_get_n_unreviewed (pixels) > 0 && guard++ < 50)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pixels), "pixels.accept", NULL));
  g_assert_cmpuint (veil_pixel_review_get_n_unreviewed (pixels), ==, 0);
  g_assert_cmpuint (veil_export_page_get_n_unreviewed_images (export), ==, 0);

  /* The reviewed list says so. */
  veil_pixel_review_select (pixels, (guint)position);
  wait_until (veil_pixel_review_get_rendered (pixels));
  g_assert_cmpuint (veil_pixel_review_get_boxes (pixels)->len, ==, accepted->len);
  wait_until (ui_test_has_label_suffix (GTK_WIDGET (pixels), "Reviewed · 3 boxes") ||
              ui_test_has_label_suffix (GTK_WIDGET (pixels), "boxes"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "export"));
  return accepted;
}

/* The exported 320 × 240 RGB image (the synthetic ultrasound), or NULL. */
static char *
find_ultrasound (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(VeilDcmFile) file = NULL;
      VeilDcmPixelInfo info;
      char *found;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if ((found = find_ultrasound (path)) != NULL)
            return found;
          continue;
        }
      file = veil_dcm_file_load (path, 8192, NULL);
      if (file != NULL && veil_dcm_file_get_pixel_info (file, &info) &&
          info.columns == 320 && info.rows == 240 && info.samples_per_pixel == 3)
        return g_steal_pointer (&path);
    }

  return NULL;
}

/* The ultrasound as exported: every accepted box is black, the one the
 * reviewer added included. */
static void
check_exported_ultrasound (const char *output,
                           GPtrArray  *boxes)
{
  g_autofree char *path = find_ultrasound (output);
  g_autoptr(GError) error = NULL;
  Pixels cleaned;
  gint64 fill[3];

  g_assert_nonnull (path);
  g_assert_true (pixels_load (path, &cleaned, &error));
  g_assert_no_error (error);
  pixels_expected_fill (&cleaned, 0, fill);
  for (guint i = 0; i < boxes->len; i++)
    {
      const VeilPixelRegion *r = g_ptr_array_index (boxes, i);

      g_assert_cmpuint (pixels_count_unfilled (&cleaned, 0, r->x, r->y, r->width, r->height, fill), ==, 0);
    }
  pixels_clear (&cleaned);
}

/* The synthetic study ------------------------------------------------------ */

static void
check_synthetic (VeilWindow *window,
                 gpointer    data)
{
  VeilReview *review = veil_window_get_review (window);
  VeilCaseSidebar *sidebar = veil_window_get_sidebar (window);
  VeilTagTable *table = veil_window_get_tag_table (window);
  VeilPeoplePage *people = veil_window_get_people_page (window);
  VeilExportPage *export = veil_window_get_export_page (window);
  g_autofree char *old_pseudonym = NULL;
  g_autofree char *workdir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) accepted_boxes = NULL;
  g_autoptr(GFile) csv_file = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *entry_row;
  VeilTagRow *row;
  guint generation;

  /* Reading and the first scan run off the main thread. */
  wait_until (review_ready (window));
  g_assert_cmpstr (veil_window_get_page (window), ==, "review");
  g_assert_cmpstr (veil_window_get_view (window), ==, "images");

  /* The sidebar: patient → study → series, and the reports. */
  g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_PATIENT), ==, 2);
  g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_STUDY), ==, 3);
  g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_SERIES), >=, 3);
  g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_REPORT), ==, 2);
  g_assert_true (ui_test_has_label (GTK_WIDGET (sidebar), "Studies"));
  g_assert_true (ui_test_has_label (GTK_WIDGET (sidebar), "Reports"));
  g_assert_true (ui_test_has_label (GTK_WIDGET (sidebar), "report.pdf"));
  g_assert_true (ui_test_has_label (GTK_WIDGET (window), "2 patients · 3 studies · 12 files"));

  /* The first series is selected for the user, and its first instance has a
   * PatientName row whose new value is a patient pseudonym. */
  g_assert_nonnull (veil_case_sidebar_get_selected_node (sidebar));
  g_assert_cmpuint (veil_tag_table_get_n_instances (table), >=, 1);
  row = find_row (veil_tag_table_get_rows (table), "PatientName");
  g_assert_nonnull (row);
  g_assert_true (g_str_has_suffix (veil_tag_row_get_replacement (row), "^Patient"));
  old_pseudonym = g_strdup (veil_tag_row_get_replacement (row));

  ui_test_screenshot (GTK_WIDGET (window), "review-images");
  ui_test_force_dark (TRUE);
  ui_test_screenshot (GTK_WIDGET (window), "review-images-dark");
  ui_test_force_dark (FALSE);

  /* Filtering shows it on screen. */
  veil_tag_table_set_filter_text (table, "PatientName");
  wait_until (g_list_model_get_n_items (veil_tag_table_get_visible_rows (table)) >= 1);
  wait_until (ui_test_has_label (GTK_WIDGET (table), old_pseudonym));
  veil_tag_table_set_filter_text (table, NULL);

  /* Next item walks the instances of a series, then on to the next series;
   * previous item comes back. */
  {
    VeilCaseNode *before = veil_tag_table_get_node (table);
    guint n_before = veil_tag_table_get_n_instances (table);

    g_assert_cmpuint (veil_tag_table_get_position (table), ==, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-item", NULL));
    if (n_before > 1)
      {
        g_assert_true (veil_tag_table_get_node (table) == before);
        g_assert_cmpuint (veil_tag_table_get_position (table), ==, 1);
      }
    else
      {
        g_assert_true (veil_tag_table_get_node (table) != before);
        g_assert_cmpuint (veil_tag_table_get_position (table), ==, 0);
      }
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-item", NULL));
    g_assert_true (veil_tag_table_get_node (table) == before);
    g_assert_cmpuint (veil_tag_table_get_position (table), ==, 0);
  }

  /* People: the patient of that instance, renamed the way a reviewer does
   * it: edit the row and press Enter (the row's ::apply). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "people"));
  g_assert_cmpstr (veil_window_get_view (window), ==, "people");
  g_assert_cmpuint (g_list_model_get_n_items (veil_people_page_get_patients (people)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (veil_people_page_get_others (people)), >=, 1);
  ui_test_screenshot (GTK_WIDGET (window), "review-people");

  entry_row = find_entry_row_with_text (GTK_WIDGET (people), old_pseudonym);
  g_assert_nonnull (entry_row);
  generation = veil_review_get_generation (review);
  gtk_editable_set_text (GTK_EDITABLE (entry_row), NEW_PSEUDONYM);
  g_signal_emit_by_name (entry_row, "apply");

  /* The re-scan runs in the background; the case is not read again. */
  wait_until (review_ready (window));
  g_assert_cmpuint (veil_review_get_generation (review), ==, generation);

  /* Every occurrence: the tag table's PatientName, and descriptions that
   * quoted the patient's name now quote the new family name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "images"));
  row = find_row (veil_tag_table_get_rows (table), "PatientName");
  g_assert_nonnull (row);
  g_assert_cmpstr (veil_tag_row_get_replacement (row), ==, NEW_PSEUDONYM);
  row = find_row (veil_tag_table_get_rows (table), "StudyDescription");
  if (row != NULL)
    g_assert_nonnull (strstr (veil_tag_row_get_replacement (row), "Testname-1A"));
  veil_tag_table_set_filter_text (table, "PatientName");
  wait_until (ui_test_has_label (GTK_WIDGET (table), NEW_PSEUDONYM));
  veil_tag_table_set_filter_text (table, "Testname");
  ui_test_screenshot (GTK_WIDGET (window), "review-images-renamed");
  veil_tag_table_set_filter_text (table, NULL);

  /* A pseudonym another patient already has is refused, and nothing changes. */
  {
    g_autoptr(VeilPerson) first = g_list_model_get_item (veil_people_page_get_patients (people), 0);
    g_autoptr(VeilPerson) second = g_list_model_get_item (veil_people_page_get_patients (people), 1);

    g_assert_false (veil_people_page_rename (people,
                                             veil_person_get_kind (second),
                                             veil_person_get_key (second),
                                             veil_person_get_pseudonym (first),
                                             &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  /* Another preset reads the case again with other options; the reviewer's
   * decision survives, because the case keeps its mapping store. */
  {
    AdwComboRow *preset = ADW_COMBO_ROW (ui_test_find_descendant (GTK_WIDGET (export), ADW_TYPE_COMBO_ROW));

    g_assert_nonnull (preset);
    generation = veil_review_get_generation (review);
    adw_combo_row_set_selected (preset, 2);
    g_assert_cmpstr (veil_review_get_preset (review), ==, "teaching");
    wait_until (review_ready (window) && veil_review_get_generation (review) > generation);
    row = find_row (veil_tag_table_get_rows (table), "PatientName");
    g_assert_nonnull (row);
    g_assert_cmpstr (veil_tag_row_get_replacement (row), ==, NEW_PSEUDONYM);

    generation = veil_review_get_generation (review);
    adw_combo_row_set_selected (preset, 0);
    g_assert_cmpstr (veil_review_get_preset (review), ==, "second-opinion");
    wait_until (review_ready (window) && veil_review_get_generation (review) > generation);
    g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_STUDY), ==, 3);
  }

  /* Export into an empty temporary folder. */
  workdir = g_dir_make_tmp ("veil-export-XXXXXX", &error);
  g_assert_no_error (error);
  output = g_build_filename (workdir, "disclosure", NULL);
  g_assert_cmpint (g_mkdir (output, 0700), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  g_assert_cmpstr (veil_window_get_view (window), ==, "export");
  {
    g_autoptr(GFile) folder = g_file_new_for_path (output);
    g_autoptr(GFile) input = g_file_new_for_path (data);

    /* A folder inside an input is refused before the engine is asked. */
    veil_export_page_set_folder (export, input);
    g_assert_nonnull (veil_export_page_get_problem (export));
    gtk_widget_activate_action (GTK_WIDGET (export), "export.start", NULL);
    g_assert_cmpstr (veil_export_page_get_stage (export), ==, "setup");

    veil_export_page_set_folder (export, folder);
    g_assert_null (veil_export_page_get_problem (export));
    g_assert_true (g_file_equal (veil_export_page_get_output_folder (export), folder));

    /* The ultrasound's burned-in text holds the export until reviewed. */
    accepted_boxes = review_burned_in_text (window, export);
    g_assert_true (veil_export_page_get_can_export (export));
  }
  wait_until (ui_test_has_label (GTK_WIDGET (export), "11"));

  /* The request's accession list, typed or pasted into the export page:
   * one listed study is in the case, one is not, and two studies of the
   * case were not asked for. The sidebar shows the check at once. */
  {
    GtkWidget *accessions = ui_test_find_descendant (GTK_WIDGET (export), ADW_TYPE_ENTRY_ROW);

    g_assert_nonnull (accessions);
    gtk_editable_set_text (GTK_EDITABLE (accessions), "RXA00012345, RXA99999999");
    g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_ACCESSION), ==, 3);
    wait_until (ui_test_has_label (GTK_WIDGET (sidebar), "Listed but Missing"));
    wait_until (ui_test_has_label (GTK_WIDGET (sidebar), "RXA99999999"));
    g_assert_cmpstr (veil_window_get_view (window), ==, "export");
  }
  ui_test_screenshot (GTK_WIDGET (window), "review-export");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (export), "export.start", NULL));
  wait_until_timeout (g_str_equal (veil_export_page_get_stage (export), "result"), 120);

  g_assert_cmpuint (count_files (output, ".dcm"), ==, 10);
  check_exported_ultrasound (output, accepted_boxes);
  g_assert_true (g_file_query_exists (veil_export_page_get_mapping_file (export), NULL));
  g_assert_cmpuint (veil_export_page_get_residual_hits (export), ==, 0);
  wait_until (ui_test_has_label (GTK_WIDGET (export), "No original identifiers found"));
  wait_until (ui_test_has_label (GTK_WIDGET (export), "Export Complete"));
  wait_until (ui_test_has_label (GTK_WIDGET (export), "Listed but missing: 1"));
  ui_test_screenshot (GTK_WIDGET (window), "review-result");
  ui_test_force_dark (TRUE);
  ui_test_screenshot (GTK_WIDGET (window), "review-result-dark");
  ui_test_force_dark (FALSE);

  /* The mapping table as CSV: never inside the export, and it has the
   * reviewer's decision. */
  {
    g_autofree char *inside = g_build_filename (output, "mapping.csv", NULL);
    g_autoptr(GFile) inside_file = g_file_new_for_path (inside);

    g_assert_false (veil_export_page_save_csv (export, inside_file, &error));
    g_clear_error (&error);
  }
  csv_path = g_build_filename (workdir, "mapping.csv", NULL);
  csv_file = g_file_new_for_path (csv_path);
  g_assert_true (veil_export_page_save_csv (export, csv_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "kind,original,pseudonym,entity\r\n"));
  g_assert_nonnull (strstr (csv, "\"" NEW_PSEUDONYM "\""));

  remove_tree (workdir);

  /* Narrow, the leaflet folds: the content with a back button to the case.
   * Animations back on for this: with them off, libadwaita 1.2's view
   * switcher bar allocates its revealer at a height of -1 and GTK warns. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 720);
  wait_until (gtk_widget_get_width (GTK_WIDGET (window)) < 600);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "images"));
  ui_test_run_for (800);
  ui_test_screenshot (GTK_WIDGET (window), "review-narrow");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));
  ui_test_run_for (800);
  ui_test_screenshot (GTK_WIDGET (window), "review-narrow-sidebar");
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
test_review_synthetic (void)
{
  g_autofree char *folder = sample_folder ();

  run_application (folder, check_synthetic, folder);
}

/* Opening a big study ----------------------------------------------------- */

typedef struct
{
  gint64 last;
  gint64 max_gap;
} StallProbe;

static gboolean
probe_cb (gpointer user_data)
{
  StallProbe *probe = user_data;
  gint64 now = g_get_monotonic_time ();

  probe->max_gap = MAX (probe->max_gap, now - probe->last);
  probe->last = now;

  return G_SOURCE_CONTINUE;
}

static void
check_bench (VeilWindow *window,
             gpointer    data)
{
  gint64 *started = data;
  StallProbe probe = { g_get_monotonic_time (), 0 };
  gint64 responsive;
  gint64 ready;
  guint probe_id;
  VeilCaseSidebar *sidebar = veil_window_get_sidebar (window);

  /* The window is up and drawing while the engine reads. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  responsive = g_get_monotonic_time ();

  /* The progress page, for the record (taken outside the stall probe:
   * rendering a screenshot is the test's work, not the app's). */
  if (g_str_equal (veil_window_get_page (window), "loading"))
    ui_test_screenshot (GTK_WIDGET (window), "bench-loading");

  probe.last = g_get_monotonic_time ();
  probe_id = g_timeout_add (5, probe_cb, &probe);
  wait_until_timeout (review_ready (window), 600);
  ready = g_get_monotonic_time ();
  g_source_remove (probe_id);

  g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_SERIES), >=, 1);
  ui_test_screenshot (GTK_WIDGET (window), "bench-review");

  g_printerr ("# open: window drawn after %.3f s; case read and scanned after %.3f s; "
              "longest main-loop stall while reading %.1f ms\n",
              (responsive - *started) / (double)G_USEC_PER_SEC,
              (ready - *started) / (double)G_USEC_PER_SEC,
              probe.max_gap / 1000.0);

  /* A reviewer's decision on the whole study: every instance is scanned
   * again in the background. */
  {
    VeilPeoplePage *people = veil_window_get_people_page (window);
    g_autoptr(VeilPerson) patient = g_list_model_get_item (veil_people_page_get_patients (people), 0);
    g_autoptr(GError) error = NULL;
    gint64 renamed = g_get_monotonic_time ();

    g_assert_nonnull (patient);
    probe.max_gap = 0;
    probe.last = renamed;
    probe_id = g_timeout_add (5, probe_cb, &probe);
    g_assert_true (veil_people_page_rename (people, veil_person_get_kind (patient),
                                            veil_person_get_key (patient),
                                            NEW_PSEUDONYM, &error));
    g_assert_no_error (error);
    wait_until_timeout (review_ready (window), 600);
    g_source_remove (probe_id);

    g_printerr ("# rename: every instance re-scanned after %.3f s; longest main-loop stall %.1f ms\n",
                (g_get_monotonic_time () - renamed) / (double)G_USEC_PER_SEC,
                probe.max_gap / 1000.0);
  }
}

static void
test_review_open_time (void)
{
  const char *folder = g_getenv ("VEIL_BENCH_STUDY");
  gint64 started = g_get_monotonic_time ();

  run_application (folder, check_bench, &started);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *folder = NULL;

  if (!ui_test_have_display ())
    {
      g_printerr ("No display (DISPLAY, WAYLAND_DISPLAY or GDK_BACKEND=broadway); skipping\n");
      return 77;
    }

  folder = sample_folder ();
  if (folder == NULL || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("No synthetic sample (set VEIL_SHARED_DIR); skipping\n");
      return 77;
    }

  /* Each test gets its own XDG folders: the case's mapping store is created
   * in the user data folder. */
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ui_test_init ();
  ui_test_force_dark (FALSE);

  g_test_add_func ("/ui/review/synthetic", test_review_synthetic);
  if (g_getenv ("VEIL_BENCH_STUDY") != NULL)
    g_test_add_func ("/ui/review/open-time", test_review_open_time);

  return g_test_run ();
}
