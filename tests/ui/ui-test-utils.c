/* ui-test-utils.c: helpers shared by the UI tests
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ui-test-utils.h"

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
ui_test_init (void)
{
  /* Screenshots must show a settled window, not a title halfway through
   * its animation (libadwaita follows this setting too). */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* Wakes blocking main-loop iterations so wait_until() sees its deadline. */
  g_timeout_add (20, tick_cb, NULL);

  /* GtkApplication adds the resource icons to the icon theme at startup; the
   * tests that build a window without an application need them too. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/org/veil/Veil/icons");
}

/* gtk_test_init() ignores G_TEST_OPTION_ISOLATE_DIRS (it calls g_test_init()
 * without options), so the windows would write case stores into the real
 * home folder. Before anything asks GLib for them, the XDG folders are
 * pointed into a fresh private folder for this run. */
void
ui_test_isolate_dirs (void)
{
  static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("veil-ui-xdg-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (root, vars[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (vars[i], dir, TRUE);
    }
}

/* Lets the main loop run, for animations that cannot be switched off. */
void
ui_test_run_for (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + (gint64)milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
ui_test_have_display (void)
{
  return g_getenv ("DISPLAY") != NULL ||
         g_getenv ("WAYLAND_DISPLAY") != NULL ||
         g_strcmp0 (g_getenv ("GDK_BACKEND"), "broadway") == 0;
}

GtkWidget *
ui_test_find_descendant (GtkWidget *widget,
                         GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;

      if ((found = ui_test_find_descendant (child, type)))
        return found;
    }

  return NULL;
}

static gboolean
has_label_matching (GtkWidget  *widget,
                    const char *text,
                    gboolean    suffix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      const char *label = gtk_label_get_text (GTK_LABEL (widget));

      if (suffix ? g_str_has_suffix (label, text) : g_str_equal (label, text))
        return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (has_label_matching (child, text, suffix))
        return TRUE;
    }

  return FALSE;
}

/* A mapped label showing exactly @text: what the user can see. */
gboolean
ui_test_has_label (GtkWidget  *widget,
                   const char *text)
{
  return has_label_matching (widget, text, FALSE);
}

gboolean
ui_test_has_label_suffix (GtkWidget  *widget,
                          const char *suffix)
{
  return has_label_matching (widget, suffix, TRUE);
}

void
ui_test_force_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static gboolean
transitions_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (transitions_running (child))
        return TRUE;
    }

  return FALSE;
}

static GtkWidget *
find_toast (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_css_name (child), "toast") == 0)
        return child;

      if ((found = find_toast (child)))
        return found;
    }

  return NULL;
}

/* Toasts are transient: a screenshot meant for people (and the software
 * centre) should show the page, so they are closed the way a user would,
 * with their close button (the last button in the toast). */
static void
dismiss_toasts (GtkWidget *widget)
{
  GtkWidget *toast;

  while ((toast = find_toast (widget)))
    {
      GtkWidget *close = NULL;

      for (GtkWidget *child = gtk_widget_get_first_child (toast);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_BUTTON (child))
          close = child;

      g_assert_nonnull (close);
      gtk_widget_activate (close);
      wait_until (find_toast (widget) != toast);
    }
}

void
ui_test_screenshot (GtkWidget  *widget,
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

  dismiss_toasts (widget);

  /* Page changes cross-fade; wait so the picture shows one page. */
  wait_until (!transitions_running (widget));

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
