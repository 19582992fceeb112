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
 * $VEIL_SCREENSHOT_DIR for a human to look at.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "veil-application.h"
#include "veil-window.h"

/* Enough for a slow CI machine; a healthy run needs a handful. */
#define MAX_ITERATIONS 10000

#define wait_until(condition)                                                                      \
  G_STMT_START                                                                                     \
  {                                                                                                \
    guint _n = 0;                                                                                  \
    while (!(condition) && _n++ < MAX_ITERATIONS)                                                  \
      g_main_context_iteration (NULL, TRUE);                                                       \
    g_assert_true (condition);                                                                     \
  }                                                                                                \
  G_STMT_END

typedef struct
{
  char *folder;
  GFile *folder_file;
} Fixture;

/* Names a records officer would see in a real case. The contents do not
 * matter yet: the window only lists its inputs. */
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

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
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

/* Helpers ----------------------------------------------------------------- */

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;

      if ((found = find_descendant (child, type)))
        return found;
    }

  return NULL;
}

static gboolean
has_label_with_text (GtkWidget  *widget,
                     const char *text)
{
  if (GTK_IS_LABEL (widget) &&
      gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (has_label_with_text (child, text))
        return TRUE;
    }

  return FALSE;
}

static GtkStack *
find_page_stack (GtkWidget *widget)
{
  /* Composite widgets (split buttons, for one) have stacks of their own;
   * the window's page stack is the one with an "inputs" page. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found;

      if (GTK_IS_STACK (child) && gtk_stack_get_child_by_name (GTK_STACK (child), "inputs"))
        return GTK_STACK (child);

      if ((found = find_page_stack (child)))
        return found;
    }

  return NULL;
}

static const char *
visible_page (GtkWidget *window)
{
  GtkStack *stack = find_page_stack (window);

  g_assert_nonnull (stack);

  return gtk_stack_get_visible_child_name (stack);
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

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;
  GskRenderNode *node;
  GtkSnapshot *snapshot;
  const char *dir;
  int width;
  int height;

  dir = g_getenv ("VEIL_SCREENSHOT_DIR");
  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  /* A page change cross-fades; wait so the picture shows one page. */
  if (VEIL_IS_WINDOW (widget))
    {
      GtkStack *stack = find_page_stack (widget);

      wait_until (!gtk_stack_get_transition_running (stack));
    }

  gtk_test_widget_wait_for_draw (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* Render through the window's own renderer, so the picture comes from the
   * same code path (GL or cairo) as the screen. */
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  filename = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, filename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
force_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* Tests ------------------------------------------------------------------- */

static void
test_window_pages (Fixture       *fixture,
                         gconstpointer  user_data)
{
  GtkWidget *window;

  window = g_object_new (VEIL_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  g_assert_cmpstr (visible_page (window), ==, "empty");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Veil");
  g_assert_true (has_label_with_text (window, "Open a Case"));
  g_assert_false (veil_window_has_inputs (VEIL_WINDOW (window)));

  save_screenshot (window, "empty-light");
  force_dark (TRUE);
  save_screenshot (window, "empty-dark");

  /* Adding inputs through the API switches page, the same path a drop takes. */
  veil_window_add_inputs (VEIL_WINDOW (window), &fixture->folder_file, 1);
  g_assert_cmpstr (visible_page (window), ==, "inputs");

  /* Adding the same folder again must not list it twice. */
  veil_window_add_inputs (VEIL_WINDOW (window), &fixture->folder_file, 1);
  g_assert_cmpuint (g_list_model_get_n_items (veil_window_get_inputs (VEIL_WINDOW (window))),
                    ==, 1);

  /* A case built from several drops, as in the screenshot for the
   * software centre (data/screenshots/main.png). */
  veil_window_clear_inputs (VEIL_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (case_files); i++)
    {
      g_autofree char *path = g_build_filename (fixture->folder, case_files[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      veil_window_add_inputs (VEIL_WINDOW (window), &file, 1);
    }
  g_assert_cmpuint (g_list_model_get_n_items (veil_window_get_inputs (VEIL_WINDOW (window))),
                    ==, G_N_ELEMENTS (case_files));
  wait_until (has_label_with_text (window, "4 inputs"));
  wait_until (has_label_with_text (window, case_files[1]));
  force_dark (FALSE);
  save_screenshot (window, "main");

  /* Close Case returns to the empty state. */
  g_assert_true (gtk_widget_activate_action (window, "win.close-case", NULL));
  g_assert_cmpstr (visible_page (window), ==, "empty");

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

typedef struct
{
  Fixture *fixture;
  gboolean checked;
} OpenState;

static gboolean
check_opened_window (gpointer user_data)
{
  OpenState *state = user_data;
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  g_autofree char *basename = NULL;
  g_autoptr(GFile) first = NULL;
  GtkWindow *about = NULL;
  GtkWidget *list_view;
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

  /* ... and the window shows it on the inputs page. */
  g_assert_cmpstr (visible_page (window), ==, "inputs");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "New Case");
  basename = g_path_get_basename (state->fixture->folder);
  list_view = find_descendant (window, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);
  wait_until (has_label_with_text (list_view, basename));

  /* Actions and shortcuts the rest of the app relies on. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "open"));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, "app.open");
    g_assert_true (g_strv_contains ((const char * const *)accels, "<Control>o"));
  }
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, "app.quit");
    g_assert_true (g_strv_contains ((const char * const *)accels, "<Control>q"));
  }
  /* Loaded by GtkApplication from /org/veil/Veil/gtk/help-overlay.ui. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  save_screenshot (window, "inputs-light");
  force_dark (TRUE);
  save_screenshot (window, "inputs-dark");
  force_dark (FALSE);

  /* The about window opens transient for the case window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (guint i = 0; about == NULL && i < MAX_ITERATIONS; i++)
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
  save_screenshot (GTK_WIDGET (about), "about-light");
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

static gboolean
have_display (void)
{
  return g_getenv ("DISPLAY") != NULL ||
         g_getenv ("WAYLAND_DISPLAY") != NULL ||
         g_strcmp0 (g_getenv ("GDK_BACKEND"), "broadway") == 0;
}

int
main (int   argc,
      char *argv[])
{
  /* gtk_test_init() aborts without a display; report a skip (77) instead,
   * as meson expects from a test that cannot run here. */
  if (!have_display ())
    {
      g_printerr ("No display (DISPLAY, WAYLAND_DISPLAY or GDK_BACKEND=broadway); skipping\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* GtkApplication adds the resource icons to the icon theme at startup; the
   * tests that build a window without an application need them too. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/org/veil/Veil/icons");

  g_test_add ("/ui/window/pages", Fixture, NULL,
              fixture_set_up, test_window_pages, fixture_tear_down);
  g_test_add ("/ui/application/open-folder", Fixture, NULL,
              fixture_set_up, test_application_open_folder, fixture_tear_down);

  return g_test_run ();
}
