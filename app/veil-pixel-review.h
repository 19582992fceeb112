/* veil-pixel-review.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "veil-review.h"

G_BEGIN_DECLS

#define VEIL_TYPE_PIXEL_REVIEW (veil_pixel_review_get_type ())

G_DECLARE_FINAL_TYPE (VeilPixelReview, veil_pixel_review, VEIL, PIXEL_REVIEW, AdwBin)

VeilReview   *veil_pixel_review_get_review       (VeilPixelReview *self);
void          veil_pixel_review_set_review       (VeilPixelReview *self,
                                                  VeilReview      *review);
GListModel   *veil_pixel_review_get_images       (VeilPixelReview *self);
guint         veil_pixel_review_get_n_unreviewed (VeilPixelReview *self);
void          veil_pixel_review_select           (VeilPixelReview *self,
                                                  guint            position);
VeilCaseItem *veil_pixel_review_get_item         (VeilPixelReview *self);
GPtrArray    *veil_pixel_review_get_boxes        (VeilPixelReview *self);
int           veil_pixel_review_get_selected_box (VeilPixelReview *self);
gboolean      veil_pixel_review_get_rendered     (VeilPixelReview *self);

G_END_DECLS
