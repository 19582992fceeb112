/* veil-format.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *veil_format_person_name  (const char *pn);
char     *veil_format_da           (const char *da);
char     *veil_format_size         (guint64     bytes);
gboolean  veil_format_is_report    (const char *display_name);
char     *veil_format_basename     (const char *display_name);

G_END_DECLS
