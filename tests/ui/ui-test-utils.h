/* ui-test-utils.h: helpers shared by the UI tests
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Iterates the main loop until @condition holds, for at most @seconds of
 * wall time. A ticking source (ui_test_init) keeps the blocking iteration
 * from sleeping past the deadline. */
#define wait_until_timeout(condition, seconds)                                                     \
  G_STMT_START                                                                                     \
  {                                                                                                \
    gint64 _deadline = g_get_monotonic_time () + (gint64)(seconds) * G_USEC_PER_SEC;               \
    while (!(condition) && g_get_monotonic_time () < _deadline)                                    \
      g_main_context_iteration (NULL, TRUE);                                                       \
    g_assert_true (condition);                                                                     \
  }                                                                                                \
  G_STMT_END

#define wait_until(condition) wait_until_timeout (condition, 30)

void       ui_test_init            (void);
void       ui_test_isolate_dirs    (void);
void       ui_test_run_for         (guint       milliseconds);
gboolean   ui_test_have_display    (void);
GtkWidget *ui_test_find_descendant (GtkWidget  *widget,
                                    GType       type);
gboolean   ui_test_has_label       (GtkWidget  *widget,
                                    const char *text);
gboolean   ui_test_has_label_suffix (GtkWidget *widget,
                                    const char *suffix);
void       ui_test_force_dark      (gboolean    dark);
void       ui_test_screenshot      (GtkWidget  *widget,
                                    const char *name);

G_END_DECLS
