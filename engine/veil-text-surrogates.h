/* veil-text-surrogates.h: clearly fake values, in the written form of the original, for the
 * identifiers that veil-identities.h has no pseudonym for.
 *
 * Postcodes become NHS pseudo-postcodes (ZZ99 3AB), telephone numbers Ofcom's drama numbers
 * (01632 960xxx, 0113 496 0xxx, 020 7946 0xxx, 07700 900xxx …) in the original's grouping,
 * emails @example.org, URLs https://example.org/, institutions "<word>-<digit><letter>" with
 * their generic words kept ("Leeds General Infirmary" → "Heron-4T General Infirmary"), and
 * address lines "[address]". Each is derived from the case's secret key and the normalised
 * original, so one value gets one surrogate in every document, and each original is recorded
 * in the store (kind "text") so the residual scan looks for it.
 */
#pragma once

#include "veil-mapping-store.h"

G_BEGIN_DECLS

char *veil_text_surrogate_postcode (VeilMappingStore *store, const char *written,
                                    const char *patient_key);
char *veil_text_surrogate_phone (VeilMappingStore *store, const char *written,
                                 const char *patient_key);
char *veil_text_surrogate_email (VeilMappingStore *store, const char *written,
                                 const char *patient_key);
char *veil_text_surrogate_url (VeilMappingStore *store, const char *written);
char *veil_text_surrogate_address (VeilMappingStore *store, const char *written,
                                   const char *patient_key);
/* `tail`: the generic words to keep ("General Infirmary"); for "Ward 7" (`ward_first`) the
 * tail is "Ward" and comes first: "Ward Heron-4T". */
char *veil_text_surrogate_institution (VeilMappingStore *store, const char *written,
                                       const char *tail, gboolean ward_first);

G_END_DECLS
