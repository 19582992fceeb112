/* veil-text-scrubber.h: replaces every identifier value the case knows in free text.
 *
 * Clean Descriptors and Clean Structured Content keep descriptions and text items but take
 * out what identifies: every part of every name, IDs, accession numbers and dates, matched
 * as whole words, case-insensitively. The report-text engine (its own component) finds what
 * the case does not know; this one guarantees nothing the case does know survives.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VeilTextScrubber VeilTextScrubber;

VeilTextScrubber *veil_text_scrubber_new (void);
void veil_text_scrubber_free (VeilTextScrubber *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilTextScrubber, veil_text_scrubber_free)

/* Replace `original` (matched case-insensitively as a whole word) by `replacement`. Values
 * shorter than 2 characters are ignored. The first replacement registered for a value wins. */
void veil_text_scrubber_add (VeilTextScrubber *self, const char *original, const char *replacement);

/* Adds an ID in the forms it is written: as given, without spaces or dashes, and for ten
 * digits (NHS, CHI) spaced and dashed 3-3-4, each replaced by `replacement` in the same form. */
void veil_text_scrubber_add_identifier (VeilTextScrubber *self, const char *original,
                                        const char *replacement);

/* Adds every part of a DICOM PN ("FAMILY^Given^Middle^Prefix^Suffix", groups split on '=')
 * and its whole written forms ("Given Family", "Family, Given", "Family Given"); family
 * parts become `family_replacement`, given and middle parts `given_replacement`. Parts of a
 * hyphenated or apostrophed surname are added on their own too. */
void veil_text_scrubber_add_person_name (VeilTextScrubber *self, const char *pn,
                                         const char *family_replacement,
                                         const char *given_replacement);

/* Adds every written form of the date `da` (YYYYMMDD), each replaced by `replacement`. */
void veil_text_scrubber_add_date (VeilTextScrubber *self, const char *da, const char *replacement);

/* Must be called after the last add and before apply; apply is thread-safe after it. */
void veil_text_scrubber_compile (VeilTextScrubber *self);
guint veil_text_scrubber_get_n_values (VeilTextScrubber *self);

/* A copy of `text` with every known value replaced (leftmost, then longest, match wins);
 * `n_replaced` (nullable) gets the number of replacements. */
char *veil_text_scrubber_apply (const VeilTextScrubber *self, const char *text, guint *n_replaced);

G_END_DECLS
