/* veil-text-names.h: person names in report text.
 *
 * Names the case does not know are found by their context — a title (Mr, Mrs, Dr, Prof,
 * Sister, Nurse …), a phrase ("reported by", "discussed with", "cc", "Dear", "her son"), a
 * signature block, DICOM's "SMITH^JOHN", capitalised words just before a date of birth or a
 * hospital number ("Alfred Gill | 29/08/1938 | …") — by the project's lexicon of UK given
 * names and surnames (a given name and a capitalised word, an initial and a surname, a
 * surname alone), and last by shape (two capitalised words in mid-sentence that no word list
 * knows: "I, Marguerite Delacroix, have reviewed"). Each
 * name is split into parts (given, middle, initial, family) so that the replacement keeps its
 * written form: "Mr Smith" → "Mr Kestrel-7Q", "SMITH, John" → "KESTREL-7Q, Patient",
 * "J. Smith" → "P. Kestrel-7Q", "Smith's" → "Kestrel-7Q's".
 */
#pragma once

#include "veil-text-document.h"

G_BEGIN_DECLS

typedef enum {
  VEIL_TEXT_NAME_MODE_CONTEXT, /* after a title or a phrase: capitalised words */
  VEIL_TEXT_NAME_MODE_FIELD,   /* a header value: any case, "SMITH, John", "SMITH John" */
  VEIL_TEXT_NAME_MODE_CUED,    /* after a strong cue (a role noun): capitalised words, and
                                * names that are also words ("technician Dale Hibbert") */
} VeilTextNameMode;

/* Parses a name starting at token `first` (a title there is skipped and reported in
 * `out_title`, nullable). Returns the index of the token after the name, or `first` if there
 * is no name. */
guint veil_text_parse_name (const VeilTextDocument *doc, guint first, guint limit,
                            VeilTextNameMode mode, VeilTextName *out, guint *out_title);

/* Adds PERSON candidates for names found by context, by DICOM PN form and by the lexicon. */
void veil_text_find_names (VeilTextDocument *doc);

/* After a first resolve: adds a candidate for every capitalised word that is the surname (or
 * given name) of a name the document names with a title, a label or a context. */
void veil_text_propagate_names (VeilTextDocument *doc, GPtrArray *chosen);

/* A PERSON candidate for `name` (span from its first to its last part). */
VeilTextCandidate *veil_text_add_name (VeilTextDocument *doc, const VeilTextName *name,
                                       int priority, const char *reason);

/* The parts of a name, folded (upper case, no accents or apostrophes): the family name
 * ("SMITH-JONES", "VAN DER BERG"), the first given name, the first initial (0 if none). */
char *veil_text_name_family (const VeilTextDocument *doc, const VeilTextName *name);
char *veil_text_name_given (const VeilTextDocument *doc, const VeilTextName *name);
char veil_text_name_initial (const VeilTextDocument *doc, const VeilTextName *name);
/* A DICOM PN of the name as written: "Smith^John Paul". */
char *veil_text_name_to_pn (const VeilTextDocument *doc, const VeilTextName *name);

/* The name rewritten with the pseudonymous PN "Family^Given": each part takes the matching
 * part of the pseudonym in the original's case; middle names and extra initials go. */
char *veil_text_name_render (const char *text, const VeilTextName *name,
                             const char *pseudonym_pn);

G_END_DECLS
