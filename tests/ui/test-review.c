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
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "pixel-check.h"
#include "ui-test-utils.h"
#include "veil-application.h"
#include "veil-person.h"
#include "veil-report-view.h"
#include "veil-tag-row.h"
#include "veil-thumbnail.h"
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

/* The series nodes of the sidebar, from the list view's own model. */
static GPtrArray *
series_nodes (VeilCaseSidebar *sidebar)
{
  GtkWidget *list_view = ui_test_find_descendant (GTK_WIDGET (sidebar), GTK_TYPE_LIST_VIEW);
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  GPtrArray *nodes = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      VeilCaseNode *node = gtk_tree_list_row_get_item (row);

      if (veil_case_node_get_kind (node) == VEIL_CASE_NODE_SERIES)
        g_ptr_array_add (nodes, node);
      else
        g_object_unref (node);
    }

  return nodes;
}

/* Every series has its picture, or the reason it has none. */
static gboolean
thumbnails_done (VeilCaseSidebar *sidebar)
{
  g_autoptr(GPtrArray) nodes = series_nodes (sidebar);

  for (guint i = 0; i < nodes->len; i++)
    {
      VeilCaseNode *node = g_ptr_array_index (nodes, i);

      if (veil_case_node_get_thumbnail (node) == NULL &&
          veil_case_node_get_thumbnail_error (node) == NULL)
        return FALSE;
    }

  return nodes->len > 0;
}

/* Thumbnail widgets on screen showing a picture. */
static guint
count_pictures (GtkWidget *widget)
{
  guint n = 0;

  if (VEIL_IS_THUMBNAIL (widget) && gtk_widget_get_mapped (widget) &&
      veil_thumbnail_get_paintable (VEIL_THUMBNAIL (widget)) != NULL)
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_pictures (child);

  return n;
}

/* What dcmdump shows for @tag ("0008,0020") in @file, or NULL if absent. */
static char *
dcmdump_value (const char *file,
               const char *tag)
{
  const char *argv[] = { "dcmdump", "-q", "+P", tag, file, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  char *open;
  char *close;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  if (!(open = strchr (out, '[')) || !(close = strchr (open, ']')))
    return NULL;

  return g_strndup (open + 1, close - open - 1);
}

/* The DICOM view ----------------------------------------------------------- */

#define OVERRIDE_VALUE "20000101"
#define SERIES_VALUE "20010101"

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
check_dicom_view (VeilWindow *window,
                  gpointer    data)
{
  VeilReview *review = veil_window_get_review (window);
  VeilCaseSidebar *sidebar = veil_window_get_sidebar (window);
  VeilTagTable *table = veil_window_get_tag_table (window);
  VeilExportPage *export = veil_window_get_export_page (window);
  g_autoptr(GPtrArray) nodes = NULL;
  g_autofree char *workdir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *overridden_uid = NULL;
  g_autoptr(GError) error = NULL;
  VeilCaseNode *ct = NULL;
  VeilTagRow *row;
  guint n_pictures = 0;
  guint n_missing = 0;
  guint n_rows;

  wait_until (review_ready (window));

  /* Pictures arrive in the background, one per series; the RT structure
   * set has none, and says why. */
  wait_until_timeout (thumbnails_done (sidebar), 60);
  nodes = series_nodes (sidebar);
  g_assert_cmpuint (nodes->len, ==, 3);
  for (guint i = 0; i < nodes->len; i++)
    {
      VeilCaseNode *node = g_ptr_array_index (nodes, i);
      GObject *thumbnail = veil_case_node_get_thumbnail (node);
      guint n_items;

      veil_case_node_get_items (node, &n_items);
      if (thumbnail != NULL)
        {
          g_assert_true (GDK_IS_TEXTURE (thumbnail));
          g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (thumbnail)), <=, 128);
          g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (thumbnail)), <=, 128);
          n_pictures++;
        }
      else
        {
          g_assert_nonnull (strstr (veil_case_node_get_thumbnail_error (node), "RT.dcm"));
          n_missing++;
        }
      if (n_items == 3)
        ct = node;
    }
  g_assert_cmpuint (n_pictures, ==, 2);
  g_assert_cmpuint (n_missing, ==, 1);
  g_assert_nonnull (ct);
  g_assert_cmpuint (veil_thumbnail_loader_get_n_pending (veil_case_sidebar_get_thumbnail_loader (sidebar)), ==, 0);

  /* The three-slice CT in the overview, with its picture. */
  veil_tag_table_set_node (table, ct);
  wait_until (count_pictures (GTK_WIDGET (sidebar)) == 2);
  wait_until (count_pictures (GTK_WIDGET (table)) == 1);
  g_assert_cmpuint (veil_tag_table_get_n_instances (table), ==, 3);
  ui_test_screenshot (GTK_WIDGET (window), "dicom-view");
  ui_test_force_dark (TRUE);
  ui_test_screenshot (GTK_WIDGET (window), "dicom-view-dark");
  ui_test_force_dark (FALSE);

  /* The filter matches tags, keywords and values. */
  n_rows = g_list_model_get_n_items (veil_tag_table_get_rows (table));
  veil_tag_table_set_filter_text (table, "Date");
  wait_until (g_list_model_get_n_items (veil_tag_table_get_visible_rows (table)) < n_rows);
  g_assert_cmpuint (g_list_model_get_n_items (veil_tag_table_get_visible_rows (table)), >=, 2);
  for (guint i = 0; i < g_list_model_get_n_items (veil_tag_table_get_visible_rows (table)); i++)
    {
      g_autoptr(VeilTagRow) visible = g_list_model_get_item (veil_tag_table_get_visible_rows (table), i);
      const char *action_label = veil_tag_row_get_action_label (visible);

      g_assert_true (strstr (veil_tag_row_get_path (visible), "Date") ||
                     strstr (veil_tag_row_get_original (visible), "Date") ||
                     strstr (action_label, "Date") ||
                     (veil_tag_row_get_replacement (visible) &&
                      strstr (veil_tag_row_get_replacement (visible), "Date")));
    }
  veil_tag_table_set_filter_text (table, "(0008,0020)");
  wait_until (g_list_model_get_n_items (veil_tag_table_get_visible_rows (table)) == 1);
  wait_until (ui_test_has_label (GTK_WIDGET (table), "StudyDate"));

  /* Override StudyDate in the instance shown, from the row's menu action. */
  row = find_row (veil_tag_table_get_rows (table), "StudyDate");
  g_assert_nonnull (row);
  g_assert_cmpstr (veil_tag_row_get_replacement (row), !=, OVERRIDE_VALUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "tags.override", "(sss)",
                                             "StudyDate", "set", OVERRIDE_VALUE));
  wait_until (review_ready (window));
  row = find_row (veil_tag_table_get_rows (table), "StudyDate");
  g_assert_nonnull (row);
  g_assert_cmpstr (veil_tag_row_get_action (row), ==, "!S");
  g_assert_cmpstr (veil_tag_row_get_replacement (row), ==, OVERRIDE_VALUE);
  wait_until (ui_test_has_label (GTK_WIDGET (table), "Set by you"));
  ui_test_screenshot (GTK_WIDGET (window), "dicom-view-override");
  {
    VeilCase *kase = veil_review_get_case (review);
    guint n_items;
    const guint *indices = veil_case_node_get_items (ct, &n_items);
    VeilCaseItem *item = g_ptr_array_index (veil_case_get_items (kase), indices[0]);

    overridden_uid = g_strdup (item->subject->sop_instance_uid);
  }

  /* The next instance keeps the profile's date. */
  veil_tag_table_set_position (table, 1);
  row = find_row (veil_tag_table_get_rows (table), "StudyDate");
  g_assert_nonnull (row);
  g_assert_cmpstr (veil_tag_row_get_action (row), !=, "!S");
  g_assert_cmpstr (veil_tag_row_get_replacement (row), !=, OVERRIDE_VALUE);
  veil_tag_table_set_filter_text (table, NULL);

  /* The whole series, through the Set Value dialog: SeriesDate in every
   * instance. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "tags.whole-series", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "tags.edit-value", "s", "SeriesDate"));
  {
    AdwMessageDialog *dialog = NULL;
    GtkWidget *entry;

    wait_until ((dialog = find_message_dialog ()) != NULL);
    entry = adw_message_dialog_get_extra_child (dialog);
    g_assert_true (GTK_IS_ENTRY (entry));
    gtk_editable_set_text (GTK_EDITABLE (entry), SERIES_VALUE);
    adw_message_dialog_response (dialog, "set");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  wait_until (review_ready (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  for (guint i = 0; i < 3; i++)
    {
      /* One instance per frame, as a reviewer steps through them: the
       * table scrolls back to the top of each, which needs a layout. */
      veil_tag_table_set_position (table, i);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      row = find_row (veil_tag_table_get_rows (table), "SeriesDate");
      g_assert_nonnull (row);
      g_assert_cmpstr (veil_tag_row_get_action (row), ==, "!S");
      g_assert_cmpstr (veil_tag_row_get_replacement (row), ==, SERIES_VALUE);
    }
  veil_tag_table_set_position (table, 0);

  /* Export, and read the files back with DCMTK. */
  workdir = g_dir_make_tmp ("veil-dicom-view-XXXXXX", &error);
  g_assert_no_error (error);
  output = g_build_filename (workdir, "disclosure", NULL);
  g_assert_cmpint (g_mkdir (output, 0700), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  {
    g_autoptr(GFile) folder = g_file_new_for_path (output);

    veil_export_page_set_folder (export, folder);
    g_assert_null (veil_export_page_get_problem (export));
  }
  /* CT01 is a DERIVED\SECONDARY image: high risk of burned-in text, so the
   * export waits until the reviewer has looked at it. */
  {
    VeilPixelReview *pixels = veil_window_get_pixel_review (window);
    guint guard = 0;

    g_assert_false (veil_export_page_get_can_export (export));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "burned-in"));
    veil_pixel_review_select (pixels, 0);
    wait_until (veil_pixel_review_get_rendered (pixels));
    while (veil_pixel_review_get_n_unreviewed (pixels) > 0 && guard++ < 10)
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pixels), "pixels.accept", NULL));
    g_assert_true (veil_export_page_get_can_export (export));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "export"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (export), "export.start", NULL));
  wait_until_timeout (g_str_equal (veil_export_page_get_stage (export), "result"), 120);
  g_assert_cmpuint (count_files (output, ".dcm"), ==, 5);
  {
    VeilCase *kase = veil_review_get_case (review);
    const guint *indices;
    guint n_items;
    guint n_overridden = 0;

    indices = veil_case_node_get_items (ct, &n_items);
    for (guint i = 0; i < n_items; i++)
      {
        VeilCaseItem *item = g_ptr_array_index (veil_case_get_items (kase), indices[i]);
        g_autofree char *file = g_build_filename (output, item->output_path, NULL);
        g_autofree char *date = dcmdump_value (file, "0008,0020");
        g_autofree char *series_date = dcmdump_value (file, "0008,0021");

        g_assert_cmpstr (series_date, ==, SERIES_VALUE);
        g_assert_nonnull (date);
        if (g_str_equal (item->subject->sop_instance_uid, overridden_uid))
          {
            g_assert_cmpstr (date, ==, OVERRIDE_VALUE);
            n_overridden++;
          }
        else
          g_assert_cmpstr (date, !=, OVERRIDE_VALUE);
      }
    g_assert_cmpuint (n_overridden, ==, 1);
  }

  remove_tree (workdir);
}

/* A CT of three slices and an RT study (CT and structure set), copied
 * together into one folder: three series, one without pixels. */
static char *
make_dicom_view_case (void)
{
  const char *shared = g_getenv ("VEIL_SHARED_DIR");
  const char *files[] = {
    "dicom-test-files/dcmqi/segmentations/ct-3slice/01.dcm",
    "dicom-test-files/dcmqi/segmentations/ct-3slice/02.dcm",
    "dicom-test-files/dcmqi/segmentations/ct-3slice/03.dcm",
    "orthanc-tests/HierarchicalAnonymization/RTH/CT01.dcm",
    "orthanc-tests/HierarchicalAnonymization/RTH/RT.dcm",
  };
  g_autoptr(GError) error = NULL;
  char *folder = g_dir_make_tmp ("veil-dicom-case-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *source = g_build_filename (shared, "dicom-samples", files[i], NULL);
      g_autofree char *contents = NULL;
      g_autofree char *name = g_strdup_printf ("%u-%s", i, strrchr (files[i], '/') + 1);
      g_autofree char *target = g_build_filename (folder, name, NULL);
      gsize length;

      if (!g_file_get_contents (source, &contents, &length, NULL))
        {
          remove_tree (folder);
          g_free (folder);
          return NULL;
        }
      g_assert_true (g_file_set_contents (target, contents, length, NULL));
    }

  return folder;
}

static void
test_review_dicom_view (void)
{
  g_autofree char *folder = make_dicom_view_case ();

  if (folder == NULL)
    {
      g_test_skip ("shared DICOM samples not present");
      return;
    }

  run_application (folder, check_dicom_view, folder);
  remove_tree (folder);
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
  wait_until (ui_test_has_label (GTK_WIDGET (export), "12")); /* 11 DICOM files (one an encapsulated PDF) and report.pdf */

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

  g_assert_cmpuint (count_files (output, ".dcm"), ==, 11); /* the encapsulated PDF too */
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

/* Reports: the report view ----------------------------------------------- */

#define MISSED_ID "KESTREL-7781"

/* A one-page PDF report with a real text layer, drawn with Pango and cairo
 * as a word processor's export would be. */
static void
write_pdf_report (const char *path)
{
  static const char *const lines[] = {
    "ST ELSEWHERE CLINIC (FICTIONAL DEMO)",
    "Follow-up report",
    "",
    "Patient Name: Mrs Eleanor Rose FICTIONAL-DEMO",
    "NHS No: 999 765 4323",
    "Hospital No: RXD7654321",
    "",
    "The right upper lobe nodule is stable at 9 x 7 mm.",
    "Study code " MISSED_ID " reviewed at the lung MDT.",
    "Reported by: Dr Tobias Hargreaves, Consultant Radiologist",
  };
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 11");

  pango_layout_set_font_description (layout, font);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      cairo_move_to (cr, 60, 60 + 20 * i);
      pango_layout_set_text (layout, lines[i], -1);
      pango_cairo_show_layout (cr, layout);
    }
  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* The demo case (its CT study and text report, with a study code the
 * recognisers cannot know) and a PDF report. */
static char *
make_report_case (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("veil-reports-XXXXXX", &error);
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "..", "data", "demo",
                                              "make-demo-case.sh", NULL);
  g_autofree char *case_dir = g_build_filename (dir, "case", NULL);
  g_autofree char *report = g_build_filename (case_dir, "report.txt", NULL);
  g_autofree char *accessions = g_build_filename (case_dir, "accessions.txt", NULL);
  g_autofree char *pdf = g_build_filename (case_dir, "follow-up.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *more = NULL;
  const char *argv[] = { "bash", script, case_dir, NULL };
  int status = -1;

  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* The list is for the export page, not an input. */
  g_unlink (accessions);
  g_assert_true (g_file_get_contents (report, &text, NULL, NULL));
  more = g_strconcat (text, "Study code " MISSED_ID " noted.\n", NULL);
  g_assert_true (g_file_set_contents (report, more, -1, NULL));
  write_pdf_report (pdf);

  return g_steal_pointer (&dir);
}

static VeilReportFinding *
find_finding (VeilReportView *view,
              const char     *original,
              guint          *position)
{
  GListModel *findings = veil_report_view_get_findings (view);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(VeilReportFinding) finding = g_list_model_get_item (findings, i);

      if (g_str_equal (veil_report_finding_get_finding (finding)->original, original))
        {
          if (position)
            *position = i;
          return finding;
        }
    }

  return NULL;
}

/* Every finding is highlighted with its kind's tag, over exactly its text. */
static void
assert_highlighted (VeilReportView *view,
                    gboolean        pseudonymised)
{
  GtkTextBuffer *buffer = veil_report_view_get_buffer (view);
  GtkTextTagTable *tags = gtk_text_buffer_get_tag_table (buffer);
  GListModel *findings = veil_report_view_get_findings (view);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(VeilReportFinding) finding = g_list_model_get_item (findings, i);
      const VeilTextFinding *f = veil_report_finding_get_finding (finding);
      g_autofree char *name = g_strconcat ("finding-", veil_text_kind_to_string (f->kind), NULL);
      GtkTextTag *tag = gtk_text_tag_table_lookup (tags, name);
      g_autofree char *shown = NULL;
      GtkTextIter start, end, last;
      int s, e;

      veil_report_finding_get_range (finding, pseudonymised, &s, &e);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, s);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, e);
      shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      g_assert_cmpstr (shown, ==, pseudonymised ? f->replacement : f->original);
      if (s == e)
        continue;
      last = end;
      gtk_text_iter_backward_char (&last);
      g_assert_nonnull (tag);
      g_assert_true (gtk_text_iter_has_tag (&start, tag));
      g_assert_true (gtk_text_iter_has_tag (&last, tag));
      g_assert_true (gtk_text_iter_starts_tag (&start, tag) || s == 0 ||
                     gtk_text_iter_has_tag (&start, tag));
    }
}

static char *
buffer_text (VeilReportView *view)
{
  GtkTextBuffer *buffer = veil_report_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
select_report (VeilWindow *window,
               const char *title)
{
  VeilCaseSidebar *sidebar = veil_window_get_sidebar (window);

  g_assert_true (veil_case_sidebar_select_first (sidebar, VEIL_CASE_NODE_REPORT));
  for (guint i = 0; i < 4; i++)
    {
      VeilCaseNode *node = veil_case_sidebar_get_selected_node (sidebar);

      if (node && g_str_equal (veil_case_node_get_title (node), title))
        break;
      g_assert_true (veil_case_sidebar_select_adjacent (sidebar, 1));
    }
  g_assert_cmpstr (veil_case_node_get_title (veil_case_sidebar_get_selected_node (sidebar)), ==, title);
  g_assert_cmpstr (veil_window_get_view (window), ==, "reports");
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
check_reports (VeilWindow *window,
               gpointer    data)
{
  const char *workdir = data;
  VeilReview *review = veil_window_get_review (window);
  VeilCaseSidebar *sidebar = veil_window_get_sidebar (window);
  VeilReportView *view = veil_window_get_report_view (window);
  VeilExportPage *export = veil_window_get_export_page (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *text = NULL;
  g_autofree char *output = NULL;
  VeilReportFinding *finding;
  guint position = 0;
  guint pending;
  gint64 started;

  wait_until (review_ready (window));
  g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_REPORT), ==, 2);

  /* The text report: its findings listed and highlighted by kind. */
  started = g_get_monotonic_time ();
  select_report (window, "report.txt");
  wait_until (!veil_report_view_get_busy (view) &&
              g_list_model_get_n_items (veil_report_view_get_findings (view)) > 0);
  g_printerr ("# report view: text report shown after %.3f s\n",
              (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  g_assert_cmpuint (g_list_model_get_n_items (veil_report_view_get_findings (view)), >=, 20);
  g_assert_nonnull (find_finding (view, "999 765 4323", NULL));
  g_assert_nonnull (find_finding (view, "Tobias Hargreaves", NULL));
  g_assert_null (find_finding (view, MISSED_ID, NULL));
  assert_highlighted (view, FALSE);
  pending = veil_report_view_get_n_pending (view);
  g_assert_cmpuint (pending, ==, g_list_model_get_n_items (veil_report_view_get_findings (view)));
  {
    g_autofree char *badge = g_strdup_printf ("%u", pending);

    g_assert_cmpstr (veil_case_node_get_badge (veil_case_sidebar_get_selected_node (sidebar)), ==, badge);
  }

  /* Keyboard: the next finding is the first; its details are shown. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.next-finding", NULL));
  g_assert_nonnull (veil_report_view_get_selected (view));
  finding = find_finding (view, "Tobias Hargreaves", &position);
  veil_report_view_select_finding (view, position);
  wait_until (ui_test_has_label (GTK_WIDGET (view), "Person: “Tobias Hargreaves”"));
  ui_test_screenshot (GTK_WIDGET (window), "report-original");
  ui_test_force_dark (TRUE);
  ui_test_screenshot (GTK_WIDGET (window), "report-original-dark");
  ui_test_force_dark (FALSE);

  /* Pseudonymised: what the export will hold, highlighted the same way. */
  veil_report_view_set_pseudonymised (view, TRUE);
  text = buffer_text (view);
  g_assert_null (strstr (text, "999 765 4323"));
  g_assert_null (strstr (text, "Hargreaves"));
  g_assert_nonnull (strstr (text, "right upper lobe nodule measures 9 x 7 mm"));
  g_assert_nonnull (strstr (text, veil_report_finding_get_finding (finding)->replacement));
  assert_highlighted (view, TRUE);
  ui_test_screenshot (GTK_WIDGET (window), "report-pseudonymised");
  veil_report_view_set_pseudonymised (view, FALSE);
  g_clear_pointer (&text, g_free);

  /* Accept: the finding no longer waits, here and in the sidebar. */
  finding = find_finding (view, "999 765 4323", &position);
  veil_report_view_select_finding (view, position);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.accept", NULL));
  g_assert_true (veil_report_finding_get_accepted (finding));
  g_assert_cmpuint (veil_report_view_get_n_pending (view), ==, pending - 1);
  {
    g_autofree char *badge = g_strdup_printf ("%u", pending - 1);

    wait_until (g_strcmp0 (veil_case_node_get_badge (veil_case_sidebar_get_selected_node (sidebar)), badge) == 0);
  }

  /* Not an identifier: "TRUST" of "NHS TRUST" is taken for an NHS number
   * by its label; the reviewer keeps it. Otherwise, the surgery's name. */
  finding = find_finding (view, "TRUST", &position);
  if (finding == NULL)
    finding = find_finding (view, "Nowhere-on-Sea Surgery", &position);
  g_assert_nonnull (finding);
  kept = g_strdup (veil_report_finding_get_finding (finding)->original);
  veil_report_view_select_finding (view, position);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.not-identifier", NULL));
  wait_until (review_ready (window) && !veil_report_view_get_busy (view) &&
              find_finding (view, kept, NULL) == NULL);

  /* A missed identifier: selected in the text and marked. */
  {
    GtkTextBuffer *buffer = veil_report_view_get_buffer (view);
    GtkTextIter start, match_start, match_end;

    gtk_text_buffer_get_start_iter (buffer, &start);
    g_assert_true (gtk_text_iter_forward_search (&start, MISSED_ID, 0, &match_start, &match_end, NULL));
    gtk_text_buffer_select_range (buffer, &match_start, &match_end);
    g_assert_true (veil_report_view_mark_selection (view, VEIL_TEXT_KIND_OTHER_ID, &error));
    g_assert_no_error (error);
  }
  wait_until (review_ready (window) && !veil_report_view_get_busy (view) &&
              find_finding (view, MISSED_ID, NULL) != NULL);
  assert_highlighted (view, FALSE);

  /* Change pseudonym: the reporter's new pseudonym everywhere, as the
   * People page would. */
  finding = find_finding (view, "Tobias Hargreaves", &position);
  veil_report_view_select_finding (view, position);
  g_assert_true (veil_report_view_change_pseudonym (view, "Reviewer-9Z^Clinician", &error));
  g_assert_no_error (error);
  wait_until (review_ready (window) && !veil_report_view_get_busy (view) &&
              (finding = find_finding (view, "Tobias Hargreaves", NULL)) != NULL &&
              strstr (veil_report_finding_get_finding (finding)->replacement, "Reviewer-9Z") != NULL);
  finding = find_finding (view, "T Hargreaves", NULL);
  g_assert_nonnull (finding);
  g_assert_nonnull (strstr (veil_report_finding_get_finding (finding)->replacement, "Reviewer-9Z"));

  /* The PDF report: the text the engine extracted, and its page. */
  started = g_get_monotonic_time ();
  select_report (window, "follow-up.pdf");
  wait_until (!veil_report_view_get_busy (view) && find_finding (view, MISSED_ID, NULL) != NULL);
  g_printerr ("# report view: PDF text shown after %.3f s\n",
              (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  g_assert_nonnull (find_finding (view, "999 765 4323", NULL));
  assert_highlighted (view, FALSE);
  started = g_get_monotonic_time ();
  veil_report_view_show_page (view, 0);
  wait_until (!veil_report_view_get_busy (view) && veil_report_view_get_page (view) != NULL);
  g_printerr ("# report view: PDF page rendered after %.3f s\n",
              (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  g_assert_cmpuint (veil_report_view_get_n_page_boxes (view), >=,
                    g_list_model_get_n_items (veil_report_view_get_findings (view)));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (veil_report_view_get_page (view)), >, 500);
  finding = find_finding (view, MISSED_ID, &position);
  veil_report_view_select_finding (view, position);
  ui_test_screenshot (GTK_WIDGET (window), "report-pdf-page");

  /* Export: both reports follow both decisions. */
  output = g_build_filename (workdir, "disclosure", NULL);
  g_assert_cmpint (g_mkdir (output, 0700), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  {
    g_autoptr(GFile) folder = g_file_new_for_path (output);

    veil_export_page_set_folder (export, folder);
    g_assert_null (veil_export_page_get_problem (export));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (export), "export.start", NULL));
  wait_until_timeout (g_str_equal (veil_export_page_get_stage (export), "result"), 120);
  g_assert_cmpuint (veil_export_page_get_residual_hits (export), ==, 0);
  {
    g_autofree char *txt_path = g_build_filename (output, "REPORTS", "REPORT-001.txt", NULL);
    g_autofree char *pdf_path = g_build_filename (output, "REPORTS", "REPORT-002.pdf", NULL);
    g_autofree char *txt = NULL;
    g_autofree char *pdf = NULL;

    if (!g_file_test (txt_path, G_FILE_TEST_EXISTS))
      {
        /* Numbered in input order: the PDF may come first. */
        g_free (txt_path);
        g_free (pdf_path);
        txt_path = g_build_filename (output, "REPORTS", "REPORT-002.txt", NULL);
        pdf_path = g_build_filename (output, "REPORTS", "REPORT-001.pdf", NULL);
      }
    g_assert_true (g_file_get_contents (txt_path, &txt, NULL, NULL));
    pdf = pdf_text (pdf_path);
    g_assert_nonnull (strstr (txt, kept));
    g_assert_null (strstr (txt, MISSED_ID));
    g_assert_null (strstr (txt, "999 765 4323"));
    g_assert_nonnull (strstr (txt, "right upper lobe nodule measures 9 x 7 mm"));
    g_assert_null (strstr (pdf, MISSED_ID));
    g_assert_null (strstr (pdf, "999 765 4323"));
    g_assert_nonnull (strstr (pdf, "nodule is stable"));
    g_assert_nonnull (strstr (txt, "Reviewer-9Z"));
    g_assert_null (strstr (txt, "Hargreaves"));
  }

  /* The same store with veil-cli: the window's decisions hold there too. */
  {
    g_autofree char *cli_out = g_build_filename (workdir, "cli-disclosure", NULL);
    g_autofree char *case_dir = g_build_filename (workdir, "case", NULL);
    const char *argv[] = { g_getenv ("VEIL_CLI"), "export", "--out", cli_out, "--mapping",
                           veil_review_get_store_path (review), case_dir, NULL };
    g_autofree char *txt = NULL;
    g_autofree char *txt_path = NULL;
    int status = -1;

    g_assert_nonnull (argv[0]);
    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL,
                                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    txt_path = g_build_filename (cli_out, "REPORTS", "REPORT-001.txt", NULL);
    if (!g_file_test (txt_path, G_FILE_TEST_EXISTS))
      {
        g_free (txt_path);
        txt_path = g_build_filename (cli_out, "REPORTS", "REPORT-002.txt", NULL);
      }
    g_assert_true (g_file_get_contents (txt_path, &txt, NULL, NULL));
    g_assert_nonnull (strstr (txt, kept));
    g_assert_null (strstr (txt, MISSED_ID));
    g_assert_nonnull (strstr (txt, "Reviewer-9Z"));
  }
}

static void
test_review_reports (void)
{
  g_autofree char *workdir = make_report_case ();
  g_autofree char *folder = g_build_filename (workdir, "case", NULL);

  run_application (folder, check_reports, workdir);
  remove_tree (workdir);
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
  gint64 thumbnails;
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

  /* Then every series' picture, still off the main thread. */
  {
    gint64 gap_while_reading = probe.max_gap;

    probe.max_gap = 0;
    probe.last = g_get_monotonic_time ();
    probe_id = g_timeout_add (5, probe_cb, &probe);
    wait_until_timeout (thumbnails_done (sidebar), 600);
    thumbnails = g_get_monotonic_time ();
    g_source_remove (probe_id);
    ui_test_screenshot (GTK_WIDGET (window), "bench-review");

    g_printerr ("# open: window drawn after %.3f s; case read and scanned after %.3f s; "
                "longest main-loop stall while reading %.1f ms\n",
                (responsive - *started) / (double)G_USEC_PER_SEC,
                (ready - *started) / (double)G_USEC_PER_SEC,
                gap_while_reading / 1000.0);
    g_printerr ("# thumbnails: all %u series shown after %.3f s (%.3f s after the scan); "
                "longest main-loop stall meanwhile %.1f ms\n",
                veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_SERIES),
                (thumbnails - *started) / (double)G_USEC_PER_SEC,
                (thumbnails - ready) / (double)G_USEC_PER_SEC,
                probe.max_gap / 1000.0);
  }

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

  /* Private XDG folders: the case's mapping store goes in the data folder. */
  ui_test_isolate_dirs ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ui_test_init ();
  ui_test_force_dark (FALSE);

  /* Before the synthetic walk: it ends with the window narrow, and the size
   * is kept in the settings for the next window. */
  g_test_add_func ("/ui/review/dicom-view", test_review_dicom_view);
  g_test_add_func ("/ui/review/reports", test_review_reports);
  g_test_add_func ("/ui/review/synthetic", test_review_synthetic);
  if (g_getenv ("VEIL_BENCH_STUDY") != NULL)
    g_test_add_func ("/ui/review/open-time", test_review_open_time);

  return g_test_run ();
}
