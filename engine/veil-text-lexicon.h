/* veil-text-lexicon.h: the words the report-text recognisers know.
 *
 * One table, compiled into the engine (veil-text-lexicon.c, written for the project): given
 * names and surnames common in the UK, eponyms and the clinical words that make them clinical
 * terms, words that are never names (report headings, anatomy, roles), titles, street and
 * institution words. Words are looked up folded: upper case, accents and apostrophes removed
 * ("O'Brien" and "OBRIEN", "Siân" and "SIAN" are one entry).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  VEIL_LEX_GIVEN = 1 << 0,         /* a given name common in the UK */
  VEIL_LEX_SURNAME = 1 << 1,       /* a surname common in the UK */
  VEIL_LEX_AMBIGUOUS = 1 << 2,     /* a name that is also an ordinary or clinical word ("Brown",
                                    * "Grace", "Ward"): a name only in a name's context */
  VEIL_LEX_EPONYM = 1 << 3,        /* names a disease, sign, structure or score */
  VEIL_LEX_EPONYM_ONLY = 1 << 4,   /* an eponym that is not a common UK name (Hodgkin, Crohn):
                                    * never a name unless a title says so */
  VEIL_LEX_STOP = 1 << 5,          /* never a name: report words, anatomy, modalities */
  VEIL_LEX_ROLE = 1 << 6,          /* a job or qualification: ends a name, marks a signature */
  VEIL_LEX_TITLE_PERSON = 1 << 7,  /* Mr, Mrs, Ms, Miss, Mx, Master */
  VEIL_LEX_TITLE_STAFF = 1 << 8,   /* Dr, Prof, Sister, Nurse … */
  VEIL_LEX_HEAD_NOUN = 1 << 9,     /* makes an eponym clinical: "disease", "sign", "fracture" */
  VEIL_LEX_OF_NOUN = 1 << 10,      /* "pouch of Douglas", "circle of Willis" */
  VEIL_LEX_STREET = 1 << 11,       /* Road, Street, Avenue … */
  VEIL_LEX_INSTITUTION = 1 << 12,  /* ends an institution name: Hospital, Trust, Surgery … */
  VEIL_LEX_GENERIC_PLACE = 1 << 13,/* in institution names but identifies nothing: Royal,
                                    * General, University, Teaching … */
  VEIL_LEX_PARTICLE = 1 << 14,     /* van, de, al … inside a surname */
  VEIL_LEX_MONTH = 1 << 15,
  VEIL_LEX_WEEKDAY = 1 << 16,
  VEIL_LEX_WORD = 1 << 17,         /* a name that is also an ordinary word ("Brown", "Grace",
                                    * "Ward"), as opposed to one that is only an eponym too */
  VEIL_LEX_ALSO_WORD = 1 << 18,    /* a name that an English word list also has ("Jade",
                                    * "Hazel"), even where the hand lists take it as a name:
                                    * not a name by itself at a sentence start or in lower case */
} VeilLexFlags;

/* Flags of a folded word (upper case ASCII, see veil_text_fold()); 0 if unknown. */
guint veil_text_lexicon_lookup (const char *folded);

/* Folds `len` bytes of UTF-8 for lookups: upper case, accents and apostrophes removed, other
 * characters kept. Always returns a new string. */
char *veil_text_fold (const char *text, gsize len);

/* TRUE if `len` bytes at `text` are a unit of measurement ("mm", "HU", "mmol/L", "%"). */
gboolean veil_text_lexicon_is_unit (const char *text, gsize len);

/* The number of entries with each of the flags (for tests and the benchmark). */
guint veil_text_lexicon_count (VeilLexFlags flag);

G_END_DECLS
