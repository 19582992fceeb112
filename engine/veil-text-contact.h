/* veil-text-contact.h: where a person can be reached — UK postcodes and the address lines
 * that go with them, street addresses, email addresses and URLs. */
#pragma once

#include "veil-text-document.h"

G_BEGIN_DECLS

void veil_text_find_contacts (VeilTextDocument *doc);

/* The length of a UK postcode starting at `offset` ("LS1 4AB", "SW1A 1AA", "LS14AB",
 * "ZZ99 3VZ", "GIR 0AA"), or 0. `any_case` also accepts lower case (under an address
 * label). Validates the letters each position may hold. */
gsize veil_text_match_postcode (const char *text, gsize len, gsize offset, gboolean any_case);

/* Adds ADDRESS candidates for the address-like part of line `line` in [start, end) (postcodes
 * inside become POSTCODE candidates), for a value under an address label. */
void veil_text_add_address_span (VeilTextDocument *doc, gsize start, gsize end, int priority,
                                 const char *reason);

/* TRUE if [start, end) reads as an address line: short, few lower-case words, no sentence
 * inside ("12 High Street, Leeds", "Flat 2, Oak House"). */
gboolean veil_text_is_address_like (const VeilTextDocument *doc, gsize start, gsize end);

G_END_DECLS
