/* veil-thumbnail-loader.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "veil-case-node.h"

G_BEGIN_DECLS

#define VEIL_TYPE_THUMBNAIL_LOADER (veil_thumbnail_loader_get_type ())

G_DECLARE_FINAL_TYPE (VeilThumbnailLoader, veil_thumbnail_loader, VEIL, THUMBNAIL_LOADER, GObject)

VeilThumbnailLoader *veil_thumbnail_loader_new           (guint                size);
void                 veil_thumbnail_loader_request       (VeilThumbnailLoader *self,
                                                          VeilCaseNode        *node,
                                                          const char          *key,
                                                          const char * const  *paths);
void                 veil_thumbnail_loader_reset         (VeilThumbnailLoader *self);
guint                veil_thumbnail_loader_get_n_pending (VeilThumbnailLoader *self);

G_END_DECLS
