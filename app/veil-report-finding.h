/* veil-report-finding.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "veil-text-deidentifier.h"

G_BEGIN_DECLS

#define VEIL_TYPE_REPORT_FINDING (veil_report_finding_get_type ())

G_DECLARE_FINAL_TYPE (VeilReportFinding, veil_report_finding, VEIL, REPORT_FINDING, GObject)

VeilReportFinding *veil_report_finding_new             (guint                    index,
                                                        const VeilTextFinding   *finding,
                                                        gboolean                 accepted);
guint              veil_report_finding_get_index       (VeilReportFinding       *self);
const VeilTextFinding *veil_report_finding_get_finding (VeilReportFinding       *self);
const char        *veil_report_finding_get_kind_label  (VeilReportFinding       *self);
gboolean           veil_report_finding_get_accepted    (VeilReportFinding       *self);
void               veil_report_finding_set_accepted    (VeilReportFinding       *self,
                                                        gboolean                 accepted);
/* Where the finding is in the buffer (characters), as written and as pseudonymised. */
void               veil_report_finding_get_range       (VeilReportFinding       *self,
                                                        gboolean                 pseudonymised,
                                                        int                     *start,
                                                        int                     *end);
void               veil_report_finding_set_range       (VeilReportFinding       *self,
                                                        gboolean                 pseudonymised,
                                                        int                      start,
                                                        int                      end);

const char        *veil_report_kind_label              (VeilTextKind             kind);

G_END_DECLS
