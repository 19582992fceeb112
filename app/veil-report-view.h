/* veil-report-view.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "veil-case-node.h"
#include "veil-report-finding.h"
#include "veil-review.h"

G_BEGIN_DECLS

#define VEIL_TYPE_REPORT_VIEW (veil_report_view_get_type ())

G_DECLARE_FINAL_TYPE (VeilReportView, veil_report_view, VEIL, REPORT_VIEW, AdwBin)

VeilReview        *veil_report_view_get_review          (VeilReportView  *self);
void               veil_report_view_set_review          (VeilReportView  *self,
                                                         VeilReview      *review);
void               veil_report_view_set_node            (VeilReportView  *self,
                                                         VeilCaseNode    *node);
gboolean           veil_report_view_get_busy            (VeilReportView  *self);
GtkTextBuffer     *veil_report_view_get_buffer          (VeilReportView  *self);
GListModel        *veil_report_view_get_findings        (VeilReportView  *self);
guint              veil_report_view_get_n_pending       (VeilReportView  *self);
VeilReportFinding *veil_report_view_get_selected        (VeilReportView  *self);
void               veil_report_view_select_finding      (VeilReportView  *self,
                                                         guint            position);
gboolean           veil_report_view_get_pseudonymised   (VeilReportView  *self);
void               veil_report_view_set_pseudonymised   (VeilReportView  *self,
                                                         gboolean         pseudonymised);
gboolean           veil_report_view_mark_selection      (VeilReportView  *self,
                                                         VeilTextKind     kind,
                                                         GError         **error);
gboolean           veil_report_view_change_pseudonym    (VeilReportView  *self,
                                                         const char      *pseudonym,
                                                         GError         **error);
void               veil_report_view_show_page           (VeilReportView  *self,
                                                         guint            index);
GdkPaintable      *veil_report_view_get_page            (VeilReportView  *self);
guint              veil_report_view_get_n_page_boxes    (VeilReportView  *self);

G_END_DECLS
