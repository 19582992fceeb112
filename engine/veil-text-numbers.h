/* veil-text-numbers.h: identifying numbers in report text.
 *
 * NHS numbers (3-3-4 spaced or dashed, or ten digits together; modulus 11), CHI and H&C
 * numbers (same check digit), UK telephone numbers (landline, mobile, +44, (0), extensions,
 * bleeps), hospital and accession numbers with and without a label word before them (letters
 * and five or more digits, or six or more digits), GMC/NMC/HCPC numbers, and DICOM UIDs.
 * Numbers with a unit after them are measurements and are left to the clinical recogniser.
 */
#pragma once

#include "veil-text-document.h"

G_BEGIN_DECLS

void veil_text_find_numbers (VeilTextDocument *doc);

/* TRUE if `len` bytes at `text` hold exactly ten digits (spaces and dashes allowed) with a
 * valid NHS modulus-11 check digit. CHI and H&C numbers pass the same check. */
gboolean veil_text_is_nhs_number (const char *text, gsize len);

/* The digits of `text` (len bytes), nothing else. */
char *veil_text_digits (const char *text, gsize len);

/* `new_digits` written in the layout of `original`: each digit of the original is replaced
 * by the next new digit and everything else is kept ("943 476 5919" with "9990001234" gives
 * "999 000 1234"). If the digit counts differ, `new_digits` as it is. */
char *veil_text_copy_digit_layout (const char *original, gsize len, const char *new_digits);

/* The identifier kind a label word before a number implies ("MRN" → hospital number), or -1. */
int veil_text_kind_of_id_word (const char *folded);

G_END_DECLS
