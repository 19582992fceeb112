/* veil-export-page.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "veil-review.h"

G_BEGIN_DECLS

#define VEIL_TYPE_EXPORT_PAGE (veil_export_page_get_type ())

G_DECLARE_FINAL_TYPE (VeilExportPage, veil_export_page, VEIL, EXPORT_PAGE, AdwBin)

VeilReview *veil_export_page_get_review         (VeilExportPage *self);
void        veil_export_page_set_review         (VeilExportPage *self,
                                                 VeilReview     *review);
void        veil_export_page_set_inputs         (VeilExportPage *self,
                                                 GListModel     *inputs);
void        veil_export_page_set_folder         (VeilExportPage *self,
                                                 GFile          *folder);
GFile      *veil_export_page_get_output_folder  (VeilExportPage *self);
GFile      *veil_export_page_get_mapping_file   (VeilExportPage *self);
void        veil_export_page_set_mapping_file   (VeilExportPage *self,
                                                 GFile          *file);
const char *veil_export_page_get_problem        (VeilExportPage *self);
const char *veil_export_page_get_stage          (VeilExportPage *self);
guint       veil_export_page_get_residual_hits  (VeilExportPage *self);
void        veil_export_page_update_pixel_risks (VeilExportPage *self);
guint       veil_export_page_get_n_unreviewed_images (VeilExportPage *self);
gboolean    veil_export_page_get_can_export     (VeilExportPage *self);
void        veil_export_page_accept_pixel_risks (VeilExportPage *self);
gboolean    veil_export_page_save_csv           (VeilExportPage *self,
                                                 GFile          *file,
                                                 GError        **error);

G_END_DECLS
