/* veil-text-role-names.h: names after a role or relationship noun ("scrub nurse Shakira Dos
 * Anjos", "radiographer tom o'leary", "social worker Della Bramwell", "her partner Ikenna"),
 * whether or not the name lists know them.
 *
 * The noun is a strong cue for the words right after it: two or more capitalised words that
 * are not clinical or report words are a name; so is one capitalised word no list holds as an
 * ordinary word; in lower case, an initial and a word ("t. nakashima") or two words of which
 * the name lists know one.
 */
#pragma once

#include "veil-text-document.h"

G_BEGIN_DECLS

void veil_text_find_role_names (VeilTextDocument *doc);

/* "Oluwadamilare "Dami" Fashola", "Wilhelmina (Mina) Schoeman": the nickname and both halves. */
void veil_text_find_nicknames (VeilTextDocument *doc);

G_END_DECLS
