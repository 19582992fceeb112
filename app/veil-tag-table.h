/* veil-tag-table.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "veil-case-node.h"
#include "veil-review.h"

G_BEGIN_DECLS

#define VEIL_TYPE_TAG_TABLE (veil_tag_table_get_type ())

G_DECLARE_FINAL_TYPE (VeilTagTable, veil_tag_table, VEIL, TAG_TABLE, AdwBin)

VeilReview   *veil_tag_table_get_review       (VeilTagTable *self);
void          veil_tag_table_set_review       (VeilTagTable *self,
                                               VeilReview   *review);
VeilCaseNode *veil_tag_table_get_node         (VeilTagTable *self);
void          veil_tag_table_set_node         (VeilTagTable *self,
                                               VeilCaseNode *node);
guint         veil_tag_table_get_position     (VeilTagTable *self);
void          veil_tag_table_set_position     (VeilTagTable *self,
                                               guint         position);
guint         veil_tag_table_get_n_instances  (VeilTagTable *self);
gboolean      veil_tag_table_move             (VeilTagTable *self,
                                               int           direction);
GListModel   *veil_tag_table_get_rows         (VeilTagTable *self);
GListModel   *veil_tag_table_get_visible_rows (VeilTagTable *self);
void          veil_tag_table_set_filter_text  (VeilTagTable *self,
                                               const char   *text);
void          veil_tag_table_focus_search     (VeilTagTable *self);
gboolean      veil_tag_table_override         (VeilTagTable *self,
                                               const char   *path,
                                               const char   *action,
                                               const char   *value,
                                               GError      **error);

G_END_DECLS
