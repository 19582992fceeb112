/* veil-case-sidebar.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "veil-case-node.h"
#include "veil-review.h"
#include "veil-thumbnail-loader.h"

G_BEGIN_DECLS

#define VEIL_TYPE_CASE_SIDEBAR (veil_case_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (VeilCaseSidebar, veil_case_sidebar, VEIL, CASE_SIDEBAR, AdwBin)

VeilReview   *veil_case_sidebar_get_review        (VeilCaseSidebar  *self);
void          veil_case_sidebar_set_review        (VeilCaseSidebar  *self,
                                                   VeilReview       *review);
VeilCaseNode *veil_case_sidebar_get_selected_node (VeilCaseSidebar  *self);
gboolean      veil_case_sidebar_select_first      (VeilCaseSidebar  *self,
                                                   VeilCaseNodeKind  kind);
gboolean      veil_case_sidebar_select_adjacent   (VeilCaseSidebar  *self,
                                                   int               direction);
guint         veil_case_sidebar_count_nodes       (VeilCaseSidebar  *self,
                                                   VeilCaseNodeKind  kind);
void          veil_case_sidebar_request_thumbnail (VeilCaseSidebar  *self,
                                                   VeilCaseNode     *node);
VeilThumbnailLoader *veil_case_sidebar_get_thumbnail_loader (VeilCaseSidebar *self);

G_END_DECLS
