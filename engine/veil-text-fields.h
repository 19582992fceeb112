/* veil-text-fields.h: header fields of reports and request forms.
 *
 * A label ("Patient Name", "DOB", "NHS No", "Hospital No", "MRN", "Accession", "Address",
 * "Tel", "Requested by", "Reported by", "Consultant", "GP" …) announces what its value is, in
 * every layout UK systems print: "Label: value" (several to a line), "Label<TAB>value",
 * "| Label | value |", the label alone on one line and the value on the next, and a header
 * row of labels over a row of values. A value under a label is an identifier whatever it
 * looks like: a 10-digit number under "NHS No" fails its checksum and is still removed.
 */
#pragma once

#include "veil-text-document.h"

G_BEGIN_DECLS

/* Adds a FIELD candidate for every labelled value (names as PERSON with their parts, dates
 * of birth flagged). */
void veil_text_find_fields (VeilTextDocument *doc);

/* The field a label names ("nhs no" → NHS_NUMBER), or NONE. Case-insensitive; trailing
 * ':' and '.' are ignored. */
VeilTextField veil_text_field_of_label (const char *label);

G_END_DECLS
