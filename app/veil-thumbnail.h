/* veil-thumbnail.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VEIL_TYPE_THUMBNAIL (veil_thumbnail_get_type ())

G_DECLARE_FINAL_TYPE (VeilThumbnail, veil_thumbnail, VEIL, THUMBNAIL, AdwBin)

GtkWidget    *veil_thumbnail_new           (int            size);
GdkPaintable *veil_thumbnail_get_paintable (VeilThumbnail *self);
void          veil_thumbnail_set_paintable (VeilThumbnail *self,
                                            GdkPaintable  *paintable);
const char   *veil_thumbnail_get_error     (VeilThumbnail *self);
void          veil_thumbnail_set_error     (VeilThumbnail *self,
                                            const char    *error);
int           veil_thumbnail_get_size      (VeilThumbnail *self);
void          veil_thumbnail_set_size      (VeilThumbnail *self,
                                            int            size);

G_END_DECLS
