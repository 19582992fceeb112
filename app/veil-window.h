/* veil-window.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "veil-application.h"

G_BEGIN_DECLS

#define VEIL_TYPE_WINDOW (veil_window_get_type ())

G_DECLARE_FINAL_TYPE (VeilWindow, veil_window, VEIL, WINDOW, AdwApplicationWindow)

VeilWindow *veil_window_new          (VeilApplication  *application);
GListModel *veil_window_get_inputs   (VeilWindow       *self);
gboolean    veil_window_has_inputs   (VeilWindow       *self);
void        veil_window_add_inputs   (VeilWindow       *self,
                                      GFile           **files,
                                      guint             n_files);
void        veil_window_clear_inputs (VeilWindow       *self);

G_END_DECLS
