/* veil-mapping-store.h: the case's mapping store (SQLite), itself personal data.
 *
 * It holds the secret key every pseudonym is derived from and a row for every original value
 * Veil replaced. Reusing a store for a recipient keeps their pseudonyms stable across
 * disclosures; a new store makes them unlinkable. All methods are thread-safe: export workers
 * assign pseudonyms concurrently into an in-memory cache, and flush() writes them in one
 * transaction.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Kinds of rows (stored as these strings). */
#define VEIL_MAPPING_PATIENT "patient"           /* patient key → pseudonymous PN (unique) */
#define VEIL_MAPPING_PATIENT_ID "patient-id"     /* PatientID / other patient IDs → new ID (unique) */
#define VEIL_MAPPING_PATIENT_NAME "patient-name" /* a name as written → the patient's PN */
#define VEIL_MAPPING_PERSON "person"             /* staff person key → pseudonymous PN (unique) */
#define VEIL_MAPPING_PERSON_NAME "person-name"   /* a staff name as written → that person's PN */
#define VEIL_MAPPING_ACCESSION "accession"       /* accession number → new one (unique) */
#define VEIL_MAPPING_UID "uid"                   /* UID → 2.25 UID (unique) */
#define VEIL_MAPPING_DATE "date"                 /* original DA → shifted DA, entity = patient */
#define VEIL_MAPPING_DATE_OFFSET "date-offset"   /* patient key → day offset */
#define VEIL_MAPPING_SHIFTED_DATE "shifted-date" /* every shifted date written (as itself): the
                                                  * residual scan must not take one patient's
                                                  * shifted date for another's original */
#define VEIL_MAPPING_OTHER_ID "other-id"         /* study IDs, request IDs, … → new one (unique) */
#define VEIL_MAPPING_TEXT "text"                 /* other identifying text (institution, address) */
#define VEIL_MAPPING_VOCABULARY "vocabulary"     /* coded and vendor values the export keeps as
                                                  * they are (not identifiers): the residual
                                                  * scan does not take them for names */
/* A reviewer's decisions on report findings (veil-decisions.h). */
#define VEIL_MAPPING_NOT_IDENTIFIER "not-identifier" /* text kept as written in every report
                                                      * (→ itself): never searched for */
#define VEIL_MAPPING_REVIEWER_IDENTIFIER "reviewer-identifier" /* a missed identifier →
                                                      * its VeilTextKind name: searched for */
#define VEIL_MAPPING_ACCEPTED "accepted"         /* "report\x1fstart\x1foriginal" → pseudonym
                                                  * of a finding a reviewer accepted: a key,
                                                  * not searched for */
#define VEIL_MAPPING_PIXEL_IMAGE "pixel-image"   /* SOPInstanceUID → a reviewer's decision about
                                                  * its burned-in text (veil-pixel-decision.h);
                                                  * not an identifier pair: the residual scan
                                                  * skips it */
#define VEIL_MAPPING_PIXEL_SERIES "pixel-series" /* "SeriesInstanceUID|COLUMNSxROWS" → the same
                                                  * for every image of the series that size */

#define VEIL_TYPE_MAPPING_STORE (veil_mapping_store_get_type ())
G_DECLARE_FINAL_TYPE (VeilMappingStore, veil_mapping_store, VEIL, MAPPING_STORE, GObject)

typedef struct {
  const char *kind;
  const char *original;
  const char *pseudonym;
  const char *entity; /* may be NULL */
} VeilMapping;

/* Makes the candidate pseudonym number `attempt` for `original`; called until a candidate is
 * not yet taken (for unique kinds). */
typedef char *(*VeilPseudonymMaker) (const guint8 *key, const char *original, guint attempt,
                                     gpointer user_data);
typedef void (*VeilMappingFunc) (const VeilMapping *mapping, gpointer user_data);

/* Opens the store at `path`, creating it (with a new random key) if missing. */
VeilMappingStore *veil_mapping_store_open (const char *path, GError **error);
const char *veil_mapping_store_get_path (VeilMappingStore *self);
const guint8 *veil_mapping_store_get_key (VeilMappingStore *self);

/* The pseudonym recorded for (kind, original), or NULL. */
char *veil_mapping_store_lookup (VeilMappingStore *self, const char *kind, const char *original);

/* Get-or-create: the recorded pseudonym, or the first candidate from `maker` that no other
 * original of `kind` has (when `unique`), recorded with `entity`. */
char *veil_mapping_store_assign (VeilMappingStore *self, const char *kind, const char *original,
                                 const char *entity, gboolean unique, VeilPseudonymMaker maker,
                                 gpointer user_data);

/* Records (or overrides, for a reviewer's decision) a pseudonym. Fails if `unique` and
 * another original of `kind` already has it. */
gboolean veil_mapping_store_set (VeilMappingStore *self, const char *kind, const char *original,
                                 const char *pseudonym, const char *entity, gboolean unique,
                                 GError **error);

/* Writes every new or changed row in one transaction. */
gboolean veil_mapping_store_flush (VeilMappingStore *self, GError **error);
/* Forgets rows added since the last flush (an export that failed). */
void veil_mapping_store_discard_pending (VeilMappingStore *self);

/* Calls `func` for every row of `kind` (or every row, if NULL), in a stable order. */
void veil_mapping_store_foreach (VeilMappingStore *self, const char *kind, VeilMappingFunc func,
                                 gpointer user_data);
guint veil_mapping_store_count (VeilMappingStore *self, const char *kind);

G_END_DECLS
