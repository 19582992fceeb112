/* veil-recent-cases.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VEIL_TYPE_RECENT_CASES (veil_recent_cases_get_type ())

G_DECLARE_FINAL_TYPE (VeilRecentCases, veil_recent_cases, VEIL, RECENT_CASES, GtkWidget)

void        veil_recent_cases_refresh   (VeilRecentCases *self);
GListModel *veil_recent_cases_get_model (VeilRecentCases *self);

G_END_DECLS
