/* veil-application.c
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-application.h"
#include "veil-window.h"

struct _VeilApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (VeilApplication, veil_application, ADW_TYPE_APPLICATION)

VeilApplication *
veil_application_new (void)
{
  return g_object_new (VEIL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/veil/Veil",
                       NULL);
}

static VeilWindow *
veil_application_get_window_for_case (VeilApplication *self)
{
  g_assert (VEIL_IS_APPLICATION (self));

  /* Only a window without inputs is reused. Adding files opened from the
   * command line or the file manager to a case that is already open would
   * silently mix two patients' records in one disclosure. */
  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self));
       l != NULL;
       l = l->next)
    {
      if (VEIL_IS_WINDOW (l->data) && !veil_window_has_inputs (l->data))
        return l->data;
    }

  return veil_window_new (self);
}

static void
veil_application_activate (GApplication *app)
{
  VeilApplication *self = (VeilApplication *)app;
  GtkWindow *window;

  g_assert (VEIL_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (veil_window_new (self));

  gtk_window_present (window);
}

static void
veil_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  VeilApplication *self = (VeilApplication *)app;
  VeilWindow *window;

  g_assert (VEIL_IS_APPLICATION (self));
  g_assert (files != NULL || n_files == 0);

  window = veil_application_get_window_for_case (self);
  veil_window_add_inputs (window, files, n_files);
  gtk_window_present (GTK_WINDOW (window));
}

static void
veil_application_quit_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  VeilApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  g_assert (VEIL_IS_APPLICATION (self));

  /* Close the windows rather than calling g_application_quit(), so that each
   * window's close-request handler runs (it saves the window size now, and
   * will ask about unexported cases later). The application exits when the
   * last window has gone. The list is copied because closing modifies it. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
veil_application_about_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  static const char *developers[] = { "The Veil Developers", NULL };
  VeilApplication *self = user_data;
  GtkWindow *window;
  GtkWindow *about;

  g_assert (VEIL_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", window != NULL,
                        "application-name", "Veil",
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Veil Developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Veil replaces patient identifiers in DICOM studies and "
                                      "their reports with consistent pseudonyms, so that "
                                      "records can be disclosed for a second opinion, audit "
                                      "or research."),
                        "copyright", "© 2026 The Veil Developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);

  gtk_window_present (about);
}

static void
veil_application_open_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  VeilApplication *self = user_data;
  GtkWindow *window;

  g_assert (VEIL_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (veil_window_new (self));

  gtk_window_present (window);

  /* The window owns the file chooser, so that the chooser is modal to the
   * case it will add files to. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-files", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", veil_application_quit_action },
  { "about", veil_application_about_action },
  { "open", veil_application_open_action },
};

static void
veil_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } shortcuts[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "win.open-folder", { "<Control><Shift>o", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.find", { "<Control>f", NULL } },
    /* Alt+arrows as well: Ctrl+Page Up/Down is taken by some keyboard
     * layouts' window managers, and arrows match the buttons' icons. */
    { "win.next-item", { "<Control>Page_Down", "<Alt>Down", NULL } },
    { "win.previous-item", { "<Control>Page_Up", "<Alt>Up", NULL } },
    { "win.show-view::images", { "<Alt>1", NULL } },
    { "win.show-view::reports", { "<Alt>2", NULL } },
    { "win.show-view::people", { "<Alt>3", NULL } },
    { "win.show-view::burned-in", { "<Alt>4", NULL } },
    { "win.show-view::export", { "<Alt>5", NULL } },
    { "window.close", { "<Control>w", NULL } },
    /* GtkApplication adds this one itself when it finds the help overlay;
     * it is listed so that every shortcut is declared in one place. */
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };
  VeilApplication *self = (VeilApplication *)app;

  g_assert (VEIL_IS_APPLICATION (self));

  G_APPLICATION_CLASS (veil_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           shortcuts[i].action,
                                           shortcuts[i].accels);
}

static void
veil_application_class_init (VeilApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = veil_application_startup;
  app_class->activate = veil_application_activate;
  app_class->open = veil_application_open;
}

static void
veil_application_init (VeilApplication *self)
{
  /* `veil --help` should say what the arguments are for: each file or
   * folder named becomes an input of a new case (see ::open). */
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                      _("[FILE|FOLDER…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Start a disclosure case from DICOM studies, "
                                              "reports or zip archives."));
}
