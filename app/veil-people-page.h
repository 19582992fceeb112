/* veil-people-page.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "veil-review.h"

G_BEGIN_DECLS

#define VEIL_TYPE_PEOPLE_PAGE (veil_people_page_get_type ())

G_DECLARE_FINAL_TYPE (VeilPeoplePage, veil_people_page, VEIL, PEOPLE_PAGE, AdwBin)

VeilReview *veil_people_page_get_review   (VeilPeoplePage  *self);
void        veil_people_page_set_review   (VeilPeoplePage  *self,
                                           VeilReview      *review);
GListModel *veil_people_page_get_patients (VeilPeoplePage  *self);
GListModel *veil_people_page_get_others   (VeilPeoplePage  *self);
gboolean    veil_people_page_rename       (VeilPeoplePage  *self,
                                           const char      *kind,
                                           const char      *key,
                                           const char      *pseudonym,
                                           GError         **error);

G_END_DECLS
