/* veil-person.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VEIL_TYPE_PERSON (veil_person_get_type ())

G_DECLARE_FINAL_TYPE (VeilPerson, veil_person, VEIL, PERSON, GObject)

VeilPerson  *veil_person_new           (const char *kind,
                                        const char *key,
                                        const char *pseudonym);
const char  *veil_person_get_kind      (VeilPerson *self);
const char  *veil_person_get_key       (VeilPerson *self);
const char  *veil_person_get_title     (VeilPerson *self);
void         veil_person_add_name      (VeilPerson *self,
                                        const char *written);
const char  *veil_person_get_pseudonym (VeilPerson *self);
void         veil_person_set_pseudonym (VeilPerson *self,
                                        const char *pseudonym);

G_END_DECLS
