/* veil-text-document.h: one text being analysed (internal to the engine).
 *
 * The text is cut once into tokens and lines; every recogniser then proposes candidates
 * (a span, a kind, a priority and a reason), clinical spans that must be kept included, and
 * resolve() keeps the best non-overlapping set. Recognisers never edit the text, so they can
 * run in any order and each stays small.
 */
#pragma once

#include "veil-text-deidentifier.h"
#include "veil-text-lexicon.h"

G_BEGIN_DECLS

/* A span that must be kept as written: a clinical term, a measurement, a score. */
#define VEIL_TEXT_KIND_PROTECTED ((int) VEIL_TEXT_N_KINDS + 1)

typedef enum {
  VEIL_TEXT_TOKEN_WORD,   /* letters, with inner hyphens and apostrophes: "O'Brien-Smith" */
  VEIL_TEXT_TOKEN_NUMBER, /* digits, with inner hyphens: "943-476-5919" */
  VEIL_TEXT_TOKEN_ALNUM,  /* letters and digits: "RXA00012345", "pT2", "Ki-67" */
  VEIL_TEXT_TOKEN_PUNCT,  /* one other character, or a possessive "'s" */
} VeilTextTokenType;

typedef enum {
  VEIL_TEXT_CASE_NONE,
  VEIL_TEXT_CASE_LOWER,
  VEIL_TEXT_CASE_TITLE, /* "Smith", "McDonald", "O'Brien" */
  VEIL_TEXT_CASE_UPPER, /* "SMITH", and a single capital "J" */
  VEIL_TEXT_CASE_MIXED, /* "pT2", "eGFR" */
} VeilTextCase;

enum {
  VEIL_TEXT_TOKEN_SPACE_BEFORE = 1 << 0,
  VEIL_TEXT_TOKEN_LINE_START = 1 << 1,
  VEIL_TEXT_TOKEN_SENTENCE_START = 1 << 2,
  VEIL_TEXT_TOKEN_GAP_BEFORE = 1 << 3, /* a tab or two spaces before: a column boundary */
  VEIL_TEXT_TOKEN_POSSESSIVE = 1 << 4, /* followed by "'s" or "'" */
};

typedef struct {
  guint32 start, end;
  guint32 line;
  guint8 type;
  guint8 letter_case;
  guint16 flags;
  guint lex;          /* lexicon flags of a word */
  const char *folded; /* words and alnum tokens: folded (veil_text_fold) */
} VeilTextToken;

typedef struct {
  guint32 start, end; /* without the line break */
  guint32 first_token, n_tokens;
  gboolean upper;     /* has letters, none lower case: a heading or an all-capitals report */
} VeilTextLine;

/* A date as written, with the parts a replacement rewrites in place. */
typedef struct {
  guint32 start, end;
} VeilTextSpan;

typedef struct {
  int year, month, day;    /* 0 when not written */
  VeilTextSpan weekday, day_span, suffix, month_span, year_span;
  guint32 date_end;        /* end of the date; a time up to the candidate's end is kept */
  gboolean month_is_word;
} VeilTextDate;

typedef enum {
  VEIL_TEXT_NAME_GIVEN,
  VEIL_TEXT_NAME_MIDDLE,
  VEIL_TEXT_NAME_INITIAL,
  VEIL_TEXT_NAME_FAMILY,
} VeilTextNameRole;

typedef enum {
  VEIL_TEXT_HINT_ANY,
  VEIL_TEXT_HINT_PATIENT, /* a patient-name field, or Mr/Mrs/Ms/Miss */
  VEIL_TEXT_HINT_STAFF,   /* a staff field, Dr/Prof/Sister, a signature */
} VeilTextHint;

#define VEIL_TEXT_NAME_MAX_PARTS 8

typedef struct {
  guint32 start, end;
  guint8 role;
} VeilTextNamePart;

typedef struct {
  VeilTextNamePart parts[VEIL_TEXT_NAME_MAX_PARTS];
  guint n_parts;
  guint8 hint;
  int known; /* index of a known person in the case index, or -1 */
} VeilTextName;

/* Header fields a label announces. */
typedef enum {
  VEIL_TEXT_FIELD_NONE,
  VEIL_TEXT_FIELD_PATIENT_NAME,
  VEIL_TEXT_FIELD_SURNAME,
  VEIL_TEXT_FIELD_FORENAME,
  VEIL_TEXT_FIELD_DOB,
  VEIL_TEXT_FIELD_NHS_NUMBER,
  VEIL_TEXT_FIELD_HOSPITAL_NUMBER,
  VEIL_TEXT_FIELD_ACCESSION,
  VEIL_TEXT_FIELD_ADDRESS,
  VEIL_TEXT_FIELD_POSTCODE,
  VEIL_TEXT_FIELD_PHONE,
  VEIL_TEXT_FIELD_EMAIL,
  VEIL_TEXT_FIELD_STAFF,
  VEIL_TEXT_FIELD_RELATIVE,     /* next of kin, mother, carer: a person, not the patient */
  VEIL_TEXT_FIELD_INSTITUTION,
  VEIL_TEXT_FIELD_PROFESSIONAL_ID,
  VEIL_TEXT_FIELD_DATE,
} VeilTextField;

enum {
  VEIL_TEXT_CANDIDATE_DOB = 1 << 0,       /* a date of birth: never kept */
  VEIL_TEXT_CANDIDATE_FIELD = 1 << 1,     /* the value of a header field */
  VEIL_TEXT_CANDIDATE_WEAK = 1 << 2,      /* a guess the document-wide pass may drop */
};

typedef struct {
  gsize start, end;
  int kind;          /* VeilTextKind or VEIL_TEXT_KIND_PROTECTED */
  int priority;      /* overlaps go to the higher priority, then the longer span */
  char *reason;
  guint flags;
  VeilTextField field;
  VeilTextDate date; /* kind DATE */
  VeilTextName *name;/* kind PERSON */
  char *value;       /* identifiers: the value as compared (no spaces in digit groups) */
  char *entity;      /* an entity the case already knows, if the recogniser linked it */
} VeilTextCandidate;

/* Priorities: what a field label or a checksum says beats what a pattern suggests, and a
 * clinical term beats a guessed name but not a name a title or the case vouches for. */
enum {
  VEIL_TEXT_PRIORITY_FIELD = 100,
  VEIL_TEXT_PRIORITY_KNOWN_VALUE = 96,
  VEIL_TEXT_PRIORITY_STRONG_PATTERN = 92, /* email, URL, checksum, phone, postcode, date */
  VEIL_TEXT_PRIORITY_KNOWN_NAME = 88,     /* two or more parts of a known name */
  VEIL_TEXT_PRIORITY_TITLE = 86,          /* Dr …, Mr … */
  VEIL_TEXT_PRIORITY_CONTEXT = 82,        /* reported by …, discussed with …, signatures */
  VEIL_TEXT_PRIORITY_PROTECTED = 80,      /* eponyms in a clinical term */
  VEIL_TEXT_PRIORITY_PROTECTED_NUMBER = 76, /* measurements, scores, levels */
  VEIL_TEXT_PRIORITY_KNOWN_PART = 72,     /* one part of a known name */
  VEIL_TEXT_PRIORITY_INSTITUTION = 66,
  VEIL_TEXT_PRIORITY_ID_PATTERN = 62,     /* a long number, letters and digits */
  VEIL_TEXT_PRIORITY_LEXICON = 56,
  VEIL_TEXT_PRIORITY_LEXICON_WEAK = 50,
};

typedef struct {
  const char *text;
  gsize len;
  GArray *tokens;         /* VeilTextToken */
  GArray *lines;          /* VeilTextLine */
  GPtrArray *candidates;  /* VeilTextCandidate*, owned */
  GStringChunk *strings;
} VeilTextDocument;

VeilTextDocument *veil_text_document_new (const char *text, gsize len);
void veil_text_document_free (VeilTextDocument *doc);

static inline const VeilTextToken *
veil_text_document_token (const VeilTextDocument *doc, guint i)
{
  return &g_array_index (doc->tokens, VeilTextToken, i);
}

static inline const VeilTextLine *
veil_text_document_line (const VeilTextDocument *doc, guint i)
{
  return &g_array_index (doc->lines, VeilTextLine, i);
}

/* The index of the first token that ends after `offset`, or the number of tokens. */
guint veil_text_document_token_at (const VeilTextDocument *doc, gsize offset);

/* TRUE if token i is a word whose folded form is `folded_word` (upper case). */
gboolean veil_text_document_token_is (const VeilTextDocument *doc, guint i,
                                      const char *folded_word);
/* TRUE if the token is exactly the one character `c`. */
gboolean veil_text_document_token_is_char (const VeilTextDocument *doc, guint i, char c);

/* A new candidate (owned by the document); `reason` is copied. */
VeilTextCandidate *veil_text_document_add (VeilTextDocument *doc, gsize start, gsize end,
                                           int kind, int priority, const char *reason);

/* The candidates that win: no two overlap; higher priority first, then longer spans, then
 * earlier ones. Sorted by start; borrowed from the document. */
GPtrArray *veil_text_document_resolve (VeilTextDocument *doc);

G_END_DECLS
