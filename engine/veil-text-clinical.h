/* veil-text-clinical.h: clinical content that must be kept exactly as written.
 *
 * Eponyms in clinical terms (Crohn's disease, Hodgkin lymphoma, Barrett's oesophagus, pouch
 * of Douglas, Salter-Harris II, Nottingham grade 2, Clark level IV); measurements with units
 * (12 mm, 45 HU, 20%, 3.2 x 1.5 cm); scores, grades and stages (Gleason 3+4=7, Grade Group 2,
 * pT2 N0 M0, BI-RADS 4, PI-RADS 3, Bosniak IIF, Ki-67 20%); vertebral levels (L4/5, C5-6,
 * T12/L1). They become PROTECTED candidates, which outrank guessed names and numbers, so a
 * surname that is also an eponym is replaced only where it names a person.
 */
#pragma once

#include "veil-text-document.h"

G_BEGIN_DECLS

void veil_text_find_clinical (VeilTextDocument *doc);

G_END_DECLS
