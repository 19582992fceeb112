/* veil-case-node.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  VEIL_CASE_NODE_SECTION,
  VEIL_CASE_NODE_PATIENT,
  VEIL_CASE_NODE_STUDY,
  VEIL_CASE_NODE_SERIES,
  VEIL_CASE_NODE_REPORT,
  VEIL_CASE_NODE_REFUSAL,
  VEIL_CASE_NODE_ACCESSION,
} VeilCaseNodeKind;

#define VEIL_TYPE_CASE_NODE_KIND (veil_case_node_kind_get_type ())
GType veil_case_node_kind_get_type (void);

#define VEIL_TYPE_CASE_NODE (veil_case_node_get_type ())

G_DECLARE_FINAL_TYPE (VeilCaseNode, veil_case_node, VEIL, CASE_NODE, GObject)

VeilCaseNode     *veil_case_node_new            (VeilCaseNodeKind  kind,
                                                 const char       *title,
                                                 const char       *icon_name);
VeilCaseNodeKind  veil_case_node_get_kind       (VeilCaseNode     *self);
const char       *veil_case_node_get_title      (VeilCaseNode     *self);
const char       *veil_case_node_get_subtitle   (VeilCaseNode     *self);
void              veil_case_node_set_subtitle   (VeilCaseNode     *self,
                                                 const char       *subtitle);
const char       *veil_case_node_get_icon_name  (VeilCaseNode     *self);
const char       *veil_case_node_get_badge      (VeilCaseNode     *self);
void              veil_case_node_set_badge      (VeilCaseNode     *self,
                                                 const char       *badge);
const char       *veil_case_node_get_tooltip    (VeilCaseNode     *self);
void              veil_case_node_set_tooltip    (VeilCaseNode     *self,
                                                 const char       *tooltip);
gboolean          veil_case_node_get_warning    (VeilCaseNode     *self);
void              veil_case_node_set_warning    (VeilCaseNode     *self,
                                                 gboolean          warning);
const char       *veil_case_node_get_key        (VeilCaseNode     *self);
void              veil_case_node_set_key        (VeilCaseNode     *self,
                                                 const char       *key);
const char       *veil_case_node_get_sort_key   (VeilCaseNode     *self);
void              veil_case_node_set_sort_key   (VeilCaseNode     *self,
                                                 const char       *sort_key);
GListStore       *veil_case_node_get_children   (VeilCaseNode     *self);
void              veil_case_node_append_child   (VeilCaseNode     *self,
                                                 VeilCaseNode     *child);
void              veil_case_node_sort_children  (VeilCaseNode     *self);
void              veil_case_node_add_item       (VeilCaseNode     *self,
                                                 guint             index);
const guint      *veil_case_node_get_items      (VeilCaseNode     *self,
                                                 guint            *n_items);
void              veil_case_node_sort_items     (VeilCaseNode     *self,
                                                 GCompareDataFunc  compare,
                                                 gpointer          user_data);
guint             veil_case_node_get_generation (VeilCaseNode     *self);
void              veil_case_node_set_generation (VeilCaseNode     *self,
                                                 guint             generation);
GObject          *veil_case_node_get_thumbnail       (VeilCaseNode     *self);
const char       *veil_case_node_get_thumbnail_error (VeilCaseNode     *self);
void              veil_case_node_set_thumbnail       (VeilCaseNode     *self,
                                                      GObject          *thumbnail,
                                                      const char       *error_message);

G_END_DECLS
