/* text-corpus.h: the labelled report corpus (tests/text-corpus) and its scoring.
 *
 * A corpus file is a report with its identifiers marked inline, [[kind:text]] (kinds as
 * veil_text_kind_to_string() names them), and the clinical spans that must be kept marked
 * {{text}}. Lines at the top starting "#!" are directives, not text:
 *   #! case: NAME                    documents of one case are learnt together
 *   #! patient: KEY;PN;ID;DOB        a patient the DICOM side knows (add_patient)
 *   #! person: PN                    a member of staff the DICOM side knows (add_person)
 *   #! identifier: KIND;VALUE;KEY    another structured value (add_identifier)
 *   #! dates: modified|full|none     the date option (default: modified)
 * An identifier is "structured" when it is a header field's value (after "Label:", in a
 * labelled cell, or on the line under a label) or repeats such a value or a directive's:
 * those must all be caught.
 */
#pragma once

#include "veil-text-deidentifier.h"

G_BEGIN_DECLS

typedef struct {
  gsize start, end;
  VeilTextKind kind;
  gboolean structured;
} CorpusSpan;

typedef struct {
  char *path;
  char *name;     /* file name */
  char *split;    /* "tune" or "heldout" (the directory) */
  char *case_name;
  char *text;     /* without markup */
  gsize len;
  GArray *ids;    /* CorpusSpan */
  GArray *keeps;  /* CorpusSpan (kind unused) */
  GPtrArray *directives; /* "patient: …" etc., owned strings */
  VeilOptions options;
} CorpusDoc;

void corpus_doc_free (CorpusDoc *doc);
/* Parses one corpus file; NULL and an error for bad markup. */
CorpusDoc *corpus_doc_load (const char *path, const char *split, GError **error);
/* Every *.txt under dir/split (sorted), or NULL on error. */
GPtrArray *corpus_load_split (const char *dir, const char *split, GError **error);

typedef struct {
  guint ids, caught;                  /* identifiers, and those with no byte left */
  guint structured, structured_caught;
  guint keeps, kept;
  guint findings, true_findings;      /* findings, and those overlapping an identifier */
  guint kind_ids[VEIL_TEXT_N_KINDS], kind_caught[VEIL_TEXT_N_KINDS];
  guint kind_findings[VEIL_TEXT_N_KINDS], kind_true[VEIL_TEXT_N_KINDS];
  gsize bytes;
  double seconds;                     /* learn() and analyse() time */
} CorpusScore;

/* Runs the engine over the documents (grouped into cases: one store and deidentifier each,
 * learn() over the case, then analyse()) and adds to `score`. `report` (nullable) gets a
 * line for every miss and damaged clinical span; `show` prints every output. */
void corpus_score (GPtrArray *docs, CorpusScore *score, GString *report, gboolean show,
                   guint repeat);

G_END_DECLS
