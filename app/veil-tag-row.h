/* veil-tag-row.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "veil-dicom-deidentifier.h"

G_BEGIN_DECLS

#define VEIL_TYPE_TAG_ROW (veil_tag_row_get_type ())

G_DECLARE_FINAL_TYPE (VeilTagRow, veil_tag_row, VEIL, TAG_ROW, GObject)

VeilTagRow *veil_tag_row_new                (const VeilDicomChange *change);
const char *veil_tag_row_get_path           (VeilTagRow            *self);
const char *veil_tag_row_get_tag            (VeilTagRow            *self);
const char *veil_tag_row_get_keyword        (VeilTagRow            *self);
const char *veil_tag_row_get_vr             (VeilTagRow            *self);
const char *veil_tag_row_get_action         (VeilTagRow            *self);
const char *veil_tag_row_get_action_label   (VeilTagRow            *self);
const char *veil_tag_row_get_original       (VeilTagRow            *self);
const char *veil_tag_row_get_replacement    (VeilTagRow            *self);
gboolean    veil_tag_row_get_removed        (VeilTagRow            *self);

G_END_DECLS
