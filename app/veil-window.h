/* veil-window.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "veil-application.h"
#include "veil-case-sidebar.h"
#include "veil-export-page.h"
#include "veil-people-page.h"
#include "veil-recent-cases.h"
#include "veil-report-view.h"
#include "veil-pixel-review.h"
#include "veil-review.h"
#include "veil-tag-table.h"

G_BEGIN_DECLS

#define VEIL_TYPE_WINDOW (veil_window_get_type ())

G_DECLARE_FINAL_TYPE (VeilWindow, veil_window, VEIL, WINDOW, AdwApplicationWindow)

VeilWindow      *veil_window_new             (VeilApplication  *application);
GListModel      *veil_window_get_inputs      (VeilWindow       *self);
gboolean         veil_window_has_inputs      (VeilWindow       *self);
void             veil_window_add_inputs      (VeilWindow       *self,
                                              GFile           **files,
                                              guint             n_files);
void             veil_window_clear_inputs    (VeilWindow       *self);
gboolean         veil_window_resume_case     (VeilWindow       *self,
                                              const char       *store_path);
VeilRecentCases *veil_window_get_recent_cases (VeilWindow      *self);
VeilReview      *veil_window_get_review      (VeilWindow       *self);
const char      *veil_window_get_page        (VeilWindow       *self);
const char      *veil_window_get_view        (VeilWindow       *self);
void             veil_window_set_view        (VeilWindow       *self,
                                              const char       *name);
VeilCaseSidebar *veil_window_get_sidebar     (VeilWindow       *self);
VeilTagTable    *veil_window_get_tag_table   (VeilWindow       *self);
VeilPeoplePage  *veil_window_get_people_page (VeilWindow       *self);
VeilExportPage  *veil_window_get_export_page (VeilWindow       *self);
VeilReportView  *veil_window_get_report_view (VeilWindow       *self);
VeilPixelReview *veil_window_get_pixel_review (VeilWindow      *self);

G_END_DECLS
