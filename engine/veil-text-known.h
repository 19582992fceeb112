/* veil-text-known.h: what the case knows, and finding it in text.
 *
 * Patients and people come from the DICOM side (add_patient/add_person), from the mapping
 * store (a patient or person a previous disclosure to the same recipient knew), and from
 * learn() over the case's documents. Identifier values (hospital and NHS numbers, accession
 * numbers, addresses, phone numbers, institutions) come from the same places. The index
 * compiled from them finds every known value in any written form (case-insensitive, whole
 * words; ten-digit numbers spaced and dashed too) and every known name in its variants
 * ("SMITH, John", "J. Smith", "Mr Smith", "SMITH^JOHN", "Smith's", accents or not).
 */
#pragma once

#include "veil-text-document.h"

G_BEGIN_DECLS

typedef struct {
  gboolean is_patient;
  char *key;        /* patient key, or NULL for a member of staff */
  char *pn;         /* "FAMILY^Given": for staff, what veil_identities_person_name() is given */
  char *family;     /* folded: "SMITH-JONES", "VAN DER BERG" */
  char *given;      /* folded first given name, "" if none */
  char **middles;   /* folded middle names */
  char *birth_date; /* patients: DA, or NULL */
} VeilTextEntity;

typedef struct _VeilTextKnown VeilTextKnown;
typedef struct _VeilTextIndex VeilTextIndex;

VeilTextKnown *veil_text_known_new (void);
void veil_text_known_free (VeilTextKnown *known);

/* Each returns FALSE if nothing new was added. */
gboolean veil_text_known_add_patient (VeilTextKnown *known, const char *patient_key,
                                      const char *pn, const char *birth_date);
gboolean veil_text_known_add_person (VeilTextKnown *known, const char *pn);
gboolean veil_text_known_add_value (VeilTextKnown *known, VeilTextKind kind, const char *value,
                                    const char *patient_key);

/* What a piece of identifying text is (an email, URL, telephone number, postcode,
 * institution or address), for values recorded without a kind. */
VeilTextKind veil_text_known_guess_kind (const char *value);

/* Compiles what is known, with the patients, people and identifiers the store holds. */
VeilTextIndex *veil_text_index_new (const VeilTextKnown *known, VeilMappingStore *store);
VeilTextIndex *veil_text_index_ref (VeilTextIndex *index);
void veil_text_index_unref (VeilTextIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilTextIndex, veil_text_index_unref)

guint veil_text_index_n_entities (const VeilTextIndex *index);
const VeilTextEntity *veil_text_index_entity (const VeilTextIndex *index, guint i);
/* The number of distinct patients. */
guint veil_text_index_n_patients (const VeilTextIndex *index);
const char *veil_text_index_only_patient (const VeilTextIndex *index);

/* The patient an identifier (as written, or digits only) belongs to, or NULL. */
const char *veil_text_index_patient_of_value (const VeilTextIndex *index, const char *value);
/* The patient with this folded family and given name (and birth date, if both have one), or
 * NULL; a name alone links only when one patient has it. */
const char *veil_text_index_patient_of_name (const VeilTextIndex *index, const char *family,
                                             const char *given, const char *birth_date);
/* The entity a name mention is, or -1: the family name must match, and the given name or
 * initial when both are written. `hint` breaks ties between a patient and a member of staff. */
int veil_text_index_find_person (const VeilTextIndex *index, const char *family, const char *given,
                                 char initial, VeilTextHint hint);
/* TRUE if a folded word is part of a known name. */
gboolean veil_text_index_is_name_part (const VeilTextIndex *index, const char *folded);

/* Adds candidates for every known value and known name in the document. */
void veil_text_index_find (const VeilTextIndex *index, VeilTextDocument *doc);

G_END_DECLS
