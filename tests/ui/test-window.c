/* test-window.c: drives the real Veil window under a display server
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4 has no input synthesis, so the window is driven the way the user's
 * commands reach it: the application is run with a folder argument (the
 * `veil FOLDER` path through GApplication::open), and everything else goes
 * through actions and the public window API. Each test saves screenshots to
 * $VEIL_SCREENSHOT_DIR for a human to look at. test-review.c drives a real
 * DICOM study; this one the window's pages, with inputs that are not.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <adwaita.h>

#include "ui-test-utils.h"
#include "veil-application.h"
#include "veil-recent-case.h"
#include "veil-window.h"

typedef struct
{
  char *folder;
  GFile *folder_file;
} Fixture;

/* Names a records officer would see in a real case. The files are empty:
 * the engine refuses them, which is what the sidebar must then show. */
static const char *case_files[] = {
  "CT head 2026-03-14",
  "histopathology-report.pdf",
  "referral-letter.docx",
  "pacs-export.zip",
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->folder = g_dir_make_tmp ("veil-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->folder_file = g_file_new_for_path (fixture->folder);

  for (guint i = 0; i < G_N_ELEMENTS (case_files); i++)
    {
      g_autofree char *path = g_build_filename (fixture->folder, case_files[i], NULL);

      if (i == 0)
        g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      else
        g_file_set_contents (path, "", 0, &error);
      g_assert_no_error (error);
    }

  ui_test_force_dark (FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (case_files); i++)
    {
      g_autofree char *path = g_build_filename (fixture->folder, case_files[i], NULL);

      g_remove (path);
    }

  g_assert_cmpint (g_rmdir (fixture->folder), ==, 0);
  g_clear_object (&fixture->folder_file);
  g_clear_pointer (&fixture->folder, g_free);
}

static guint
count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        count++;
    }

  return count;
}

static gboolean
review_settled (VeilWindow *window)
{
  return !veil_review_get_busy (veil_window_get_review (window));
}

/* Tests ------------------------------------------------------------------- */

static void
test_window_pages (Fixture       *fixture,
                   gconstpointer  user_data)
{
  VeilCaseSidebar *sidebar;
  GtkWidget *window;

  window = g_object_new (VEIL_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  sidebar = veil_window_get_sidebar (VEIL_WINDOW (window));

  g_assert_cmpstr (veil_window_get_page (VEIL_WINDOW (window)), ==, "empty");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Veil");
  g_assert_true (ui_test_has_label (window, "Open a Case"));
  g_assert_false (veil_window_has_inputs (VEIL_WINDOW (window)));

  ui_test_screenshot (window, "empty-light");
  ui_test_force_dark (TRUE);
  ui_test_screenshot (window, "empty-dark");
  ui_test_force_dark (FALSE);

  /* Adding inputs through the API reads the case, the path a drop takes. */
  veil_window_add_inputs (VEIL_WINDOW (window), &fixture->folder_file, 1);
  wait_until (review_settled (VEIL_WINDOW (window)));
  g_assert_cmpstr (veil_window_get_page (VEIL_WINDOW (window)), ==, "review");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "New Case");

  /* Adding the same folder again must not list it twice. */
  veil_window_add_inputs (VEIL_WINDOW (window), &fixture->folder_file, 1);
  g_assert_cmpuint (g_list_model_get_n_items (veil_window_get_inputs (VEIL_WINDOW (window))),
                    ==, 1);

  /* Nothing here is DICOM: the documents (not real PDF or DOCX files) are
   * listed as reports that are not exported, the broken archive is refused
   * with its reason, and there are no studies. */
  g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_PATIENT), ==, 0);
  g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_REPORT), ==, 2);
  g_assert_cmpuint (veil_case_sidebar_count_nodes (sidebar, VEIL_CASE_NODE_REFUSAL), ==, 1);
  wait_until (ui_test_has_label (GTK_WIDGET (sidebar), "Not Exported"));
  wait_until (ui_test_has_label (GTK_WIDGET (sidebar), "pacs-export.zip"));
  wait_until (ui_test_has_label (GTK_WIDGET (sidebar), "histopathology-report.pdf"));

  /* Selecting a report the engine cannot read says so in the report view. */
  g_assert_true (veil_case_sidebar_select_first (sidebar, VEIL_CASE_NODE_REPORT));
  g_assert_cmpstr (veil_window_get_view (VEIL_WINDOW (window)), ==, "reports");
  wait_until (ui_test_has_label (window, "This Report Is Not Exported"));
  ui_test_screenshot (window, "review-reports");

  /* Close Case returns to the empty state. */
  g_assert_true (gtk_widget_activate_action (window, "win.close-case", NULL));
  wait_until (review_settled (VEIL_WINDOW (window)));
  g_assert_cmpstr (veil_window_get_page (VEIL_WINDOW (window)), ==, "empty");

  /* win.open-files shows one chooser; asking again while it is open does
   * not stack a second one. Outside Flatpak GTK uses its own dialog here,
   * which is how the chooser can be seen without a portal. */
  g_assert_true (gtk_widget_activate_action (window, "win.open-files", NULL));
  g_assert_true (gtk_widget_activate_action (window, "win.open-files", NULL));
  wait_until (count_toplevels (GTK_TYPE_FILE_CHOOSER_DIALOG) == 1);

  /* Destroying the window must take its open chooser with it. */
  gtk_window_destroy (GTK_WINDOW (window));
  wait_until (count_toplevels (GTK_TYPE_FILE_CHOOSER_DIALOG) == 0);
}

static guint
count_recent_cases (VeilWindow *window)
{
  GListModel *model = veil_recent_cases_get_model (veil_window_get_recent_cases (window));

  return model != NULL ? g_list_model_get_n_items (model) : 0;
}

/* A case closed is offered on the empty page and comes back as it was left:
 * its inputs, its preset, its accession list and its store (so its
 * pseudonyms and the reviewer's decisions). */
static void
test_window_resume (Fixture       *fixture,
                    gconstpointer  user_data)
{
  static const char * const accessions[] = { "RXA00012345", "RXA00012346", NULL };
  g_autofree char *store_path = NULL;
  g_autofree char *title = g_path_get_basename (fixture->folder);
  g_autoptr(VeilRecentCase) recent = NULL;
  VeilReview *review;
  GtkWidget *window;

  /* Cases the other tests of this run left behind (their own private
   * folder, see ui_test_isolate_dirs()) are forgotten first. */
  {
    g_autofree char *folder = veil_review_get_cases_folder ();
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        g_assert_cmpint (g_remove (path), ==, 0);
      }
  }

  window = g_object_new (VEIL_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  review = veil_window_get_review (VEIL_WINDOW (window));

  /* Nothing to resume yet: the list is not shown. */
  ui_test_run_for (200);
  g_assert_cmpuint (count_recent_cases (VEIL_WINDOW (window)), ==, 0);
  g_assert_false (ui_test_has_label (window, "Recent Cases"));

  veil_window_add_inputs (VEIL_WINDOW (window), &fixture->folder_file, 1);
  wait_until (review_settled (VEIL_WINDOW (window)));
  veil_review_set_preset (review, "litigation");
  wait_until (review_settled (VEIL_WINDOW (window)));
  veil_review_set_accessions (review, accessions);
  store_path = g_strdup (veil_review_get_store_path (review));
  g_assert_nonnull (store_path);

  g_assert_true (gtk_widget_activate_action (window, "win.close-case", NULL));
  wait_until (review_settled (VEIL_WINDOW (window)));
  g_assert_cmpstr (veil_window_get_page (VEIL_WINDOW (window)), ==, "empty");
  g_assert_null (veil_review_get_store_path (review));
  g_assert_true (g_file_test (store_path, G_FILE_TEST_IS_REGULAR));

  wait_until (count_recent_cases (VEIL_WINDOW (window)) == 1);
  wait_until (ui_test_has_label (window, "Recent Cases"));
  wait_until (ui_test_has_label (window, title));
  ui_test_screenshot (window, "empty-recent-cases");

  recent = g_list_model_get_item (veil_recent_cases_get_model (veil_window_get_recent_cases (VEIL_WINDOW (window))), 0);
  g_assert_cmpstr (veil_recent_case_get_path (recent), ==, store_path);
  g_assert_cmpstr (veil_recent_case_get_title (recent), ==, title);
  g_assert_nonnull (strstr (veil_recent_case_get_subtitle (recent), "litigation"));

  /* Resuming: the same store, inputs, preset and accession list. */
  g_assert_true (veil_window_resume_case (VEIL_WINDOW (window), veil_recent_case_get_path (recent)));
  wait_until (review_settled (VEIL_WINDOW (window)));
  g_assert_cmpstr (veil_window_get_page (VEIL_WINDOW (window)), ==, "review");
  g_assert_cmpstr (veil_review_get_store_path (review), ==, store_path);
  g_assert_cmpstr (veil_review_get_preset (review), ==, "litigation");
  g_assert_true (g_strv_equal (veil_review_get_accessions (review), accessions));
  g_assert_cmpuint (g_list_model_get_n_items (veil_window_get_inputs (VEIL_WINDOW (window))), ==, 1);
  {
    g_autoptr(GFile) input = g_list_model_get_item (veil_window_get_inputs (VEIL_WINDOW (window)), 0);
    g_assert_true (g_file_equal (input, fixture->folder_file));
  }

  /* A file that is not a case store is refused with a reason, and the
   * window stays usable. */
  {
    g_autofree char *bogus = g_build_filename (fixture->folder, "referral-letter.docx", NULL);

    g_assert_false (veil_window_resume_case (VEIL_WINDOW (window), bogus));
    wait_until (review_settled (VEIL_WINDOW (window)));
    g_assert_cmpstr (veil_window_get_page (VEIL_WINDOW (window)), ==, "empty");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_run_for (100);
  /* The store of a recorded case outlives the window: it is there to resume. */
  g_assert_true (g_file_test (store_path, G_FILE_TEST_IS_REGULAR));
}

typedef struct
{
  Fixture *fixture;
  gboolean checked;
} OpenState;

static void
assert_accel (GtkApplication *app,
              const char     *action,
              const char     *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

  g_assert_true (g_strv_contains ((const char * const *)accels, accel));
}

static gboolean
check_opened_window (gpointer user_data)
{
  OpenState *state = user_data;
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  g_autoptr(GFile) first = NULL;
  GtkWindow *about = NULL;
  GtkWidget *window;
  GListModel *inputs;

  window = GTK_WIDGET (gtk_application_get_active_window (app));
  g_assert_true (VEIL_IS_WINDOW (window));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (app)), ==, 1);

  gtk_test_widget_wait_for_draw (window);
  g_assert_true (gtk_widget_get_mapped (window));

  /* The folder from the command line is the case's only input ... */
  inputs = veil_window_get_inputs (VEIL_WINDOW (window));
  g_assert_cmpuint (g_list_model_get_n_items (inputs), ==, 1);
  first = g_list_model_get_item (inputs, 0);
  g_assert_true (g_file_equal (first, state->fixture->folder_file));

  /* ... and the window reads it. */
  wait_until (review_settled (VEIL_WINDOW (window)));
  g_assert_cmpstr (veil_window_get_page (VEIL_WINDOW (window)), ==, "review");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "New Case");

  /* Actions and shortcuts the rest of the app relies on. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "open"));
  assert_accel (app, "app.open", "<Control>o");
  assert_accel (app, "app.quit", "<Control>q");
  assert_accel (app, "win.export", "<Control>e");
  assert_accel (app, "win.next-item", "<Control>Page_Down");
  assert_accel (app, "win.previous-item", "<Control>Page_Up");
  assert_accel (app, "win.find", "<Control>f");

  /* Loaded by GtkApplication from /org/veil/Veil/gtk/help-overlay.ui. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (window, "win.show-help-overlay", NULL));
  {
    GtkWindow *overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

    wait_until (gtk_widget_get_mapped (GTK_WIDGET (overlay)));
    ui_test_screenshot (GTK_WIDGET (overlay), "shortcuts");
    gtk_window_close (overlay);
  }

  /* The about window opens transient for the case window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (guint i = 0; about == NULL && i < 10000; i++)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
        {
          g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, j);

          if (ADW_IS_ABOUT_WINDOW (toplevel))
            about = GTK_WINDOW (toplevel);
        }

      if (about == NULL)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  ui_test_screenshot (GTK_WIDGET (about), "about-light");
  gtk_window_destroy (about);

  state->checked = TRUE;

  /* app.quit closes the windows, which ends g_application_run(). */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
app_open_cb (GApplication  *app,
             GFile        **files,
             int            n_files,
             const char    *hint,
             OpenState     *state)
{
  /* Runs after VeilApplication's handler has created the window; the checks
   * run from the main loop like any user interaction would. */
  g_idle_add (check_opened_window, state);
}

static void
test_application_open_folder (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(VeilApplication) app = veil_application_new ();
  OpenState state = { fixture, FALSE };
  char *argv[] = { (char *)"veil", fixture->folder, NULL };
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

int
main (int   argc,
      char *argv[])
{
  /* gtk_test_init() aborts without a display; report a skip (77) instead,
   * as meson expects from a test that cannot run here. */
  if (!ui_test_have_display ())
    {
      g_printerr ("No display (DISPLAY, WAYLAND_DISPLAY or GDK_BACKEND=broadway); skipping\n");
      return 77;
    }

  /* Private XDG folders: the case's mapping store goes in the data folder. */
  ui_test_isolate_dirs ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ui_test_init ();

  g_test_add ("/ui/window/pages", Fixture, NULL,
              fixture_set_up, test_window_pages, fixture_tear_down);
  g_test_add ("/ui/window/resume", Fixture, NULL,
              fixture_set_up, test_window_resume, fixture_tear_down);
  g_test_add ("/ui/application/open-folder", Fixture, NULL,
              fixture_set_up, test_application_open_folder, fixture_tear_down);

  return g_test_run ();
}
