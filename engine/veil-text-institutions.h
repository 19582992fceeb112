/* veil-text-institutions.h: hospitals, trusts, practices, clinics and wards.
 *
 * An institution is named by its own words before a keyword ("Leeds General Infirmary",
 * "St James's University Hospital", "Oakwood Surgery", "The Royal Marsden NHS Foundation
 * Trust", "Nightingale Ward", "Ward 7B"). Names made only of generic words ("Breast Clinic",
 * "Day Surgery Unit") identify nothing and are kept.
 */
#pragma once

#include "veil-text-document.h"

G_BEGIN_DECLS

void veil_text_find_institutions (VeilTextDocument *doc);

/* Of an institution's name as written, the generic words at its end ("General Infirmary",
 * "NHS Foundation Trust", "Surgery"), which the replacement keeps; "" if none. For "Ward 7"
 * forms, "Ward" is returned with `ward_first` set. */
char *veil_text_institution_tail (const char *name, gboolean *ward_first);

G_END_DECLS
