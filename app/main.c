/* main.c
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VeilApplication) app = NULL;

  /* Bind the text domain before any widget exists, so that strings in
   * templates and in the about window are translated on first use. */
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = veil_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
