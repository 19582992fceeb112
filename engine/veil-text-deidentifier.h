/* veil-text-deidentifier.h: finds every identifier in UK report text and gives it the case's
 * pseudonym, keeping every clinical word.
 *
 * A case's text documents (reports, request forms, DICOM free-text attributes) go through two
 * passes. learn() reads each document's header fields and named people, so an entity named in
 * one document is known in all of them; analyse() then finds every identifier, links each
 * mention to a case entity (the patient, each clinician, each institution) and gives it the
 * pseudonym the DICOM side gives that entity (all pseudonyms come from veil-identities.h).
 * Every finding says where it is, what it is, what replaces it, whose it is and why it was
 * found, so a reviewer can check it.
 */
#pragma once

#include <glib.h>

#include "veil-deid-table.h"
#include "veil-mapping-store.h"

G_BEGIN_DECLS

typedef enum {
  VEIL_TEXT_KIND_PERSON,
  VEIL_TEXT_KIND_NHS_NUMBER,       /* NHS, CHI and H&C numbers, and 10-digit numbers under an
                                    * identifier label */
  VEIL_TEXT_KIND_HOSPITAL_NUMBER,  /* hospital number, MRN, unit number */
  VEIL_TEXT_KIND_ACCESSION,        /* accession, laboratory, specimen and request numbers */
  VEIL_TEXT_KIND_OTHER_ID,         /* any other identifying number, UIDs */
  VEIL_TEXT_KIND_DATE,
  VEIL_TEXT_KIND_POSTCODE,
  VEIL_TEXT_KIND_ADDRESS,
  VEIL_TEXT_KIND_PHONE,
  VEIL_TEXT_KIND_EMAIL,
  VEIL_TEXT_KIND_URL,
  VEIL_TEXT_KIND_INSTITUTION,      /* hospitals, trusts, practices, wards */
  VEIL_TEXT_KIND_PROFESSIONAL_ID,  /* GMC, NMC, HCPC numbers */
  VEIL_TEXT_N_KINDS
} VeilTextKind;

/* "person", "nhs-number", "hospital-number", "accession", "other-id", "date", "postcode",
 * "address", "phone", "email", "url", "institution", "professional-id". */
const char *veil_text_kind_to_string (VeilTextKind kind);
/* The reverse; FALSE if `name` is not a kind. */
gboolean veil_text_kind_from_string (const char *name, VeilTextKind *out_kind);

typedef struct {
  gsize start, end;  /* byte offsets in the UTF-8 text */
  VeilTextKind kind;
  char *original;
  char *replacement;
  char *entity;      /* patient or person key, or NULL */
  char *reason;      /* "label \"NHS No\"", "pattern, modulus 11", "known value",
                      * "context \"Dr\"", "lexicon" … */
} VeilTextFinding;

void veil_text_finding_free (VeilTextFinding *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilTextFinding, veil_text_finding_free)

typedef struct _VeilTextDeidentifier VeilTextDeidentifier;

/* Dates follow `options` as the DICOM side does: shifted by the patient's offset with
 * RETAIN_LONGITUDINAL_MODIFIED_DATES, kept with RETAIN_LONGITUDINAL_FULL_DATES, otherwise
 * replaced by "[date]"; a date of birth is never kept. Institutions are kept with
 * RETAIN_INSTITUTION_IDENTITY. The store is referenced. */
VeilTextDeidentifier *veil_text_deidentifier_new (VeilMappingStore *store, VeilOptions options);
void veil_text_deidentifier_free (VeilTextDeidentifier *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilTextDeidentifier, veil_text_deidentifier_free)

/* What the case knows from structured sources (the DICOM side calls these for every patient
 * and person it found). `pn` is a DICOM PN ("SMITH^JOHN"); `birth_date` a DA or NULL. */
void veil_text_deidentifier_add_patient (VeilTextDeidentifier *self, const char *patient_key,
                                         const char *pn, const char *patient_id,
                                         const char *birth_date);
void veil_text_deidentifier_add_person (VeilTextDeidentifier *self, const char *pn);
/* An identifier value of the patient `patient_key` (nullable): accession numbers, other
 * patient IDs, NHS numbers, request IDs; or an address, phone number or institution name
 * (kinds ADDRESS, PHONE, INSTITUTION …) to be found wherever it is written. */
void veil_text_deidentifier_add_identifier (VeilTextDeidentifier *self, VeilTextKind kind,
                                            const char *value, const char *patient_key);

/* Two passes over a case's documents: learn() reads header fields (names, IDs, DOB,
 * requester, reporter) and people named in context, so entities named only in one document
 * are known everywhere; analyse() then finds every identifier. analyse() is thread-safe;
 * learn() and add_*() are serialised by the caller and should come before analyse(). */
void veil_text_deidentifier_learn (VeilTextDeidentifier *self, const char *text, gsize len);
/* VeilTextFinding*, sorted by start, non-overlapping. Pseudonyms are assigned in the store as
 * a side effect (as the DICOM side does); flush the store after the export. */
GPtrArray *veil_text_deidentifier_analyse (VeilTextDeidentifier *self, const char *text,
                                           gsize len);
/* The same for text known to be about one patient (a DICOM attribute of that patient's
 * file): dates shift by that patient's offset and the patient's names link to them. */
GPtrArray *veil_text_deidentifier_analyse_for_patient (VeilTextDeidentifier *self,
                                                       const char *text, gsize len,
                                                       const char *patient_key);

/* `text` with every finding replaced (findings sorted and non-overlapping, as analyse()
 * returns them). NUL-terminated; `out_len` (nullable) gets the length. */
char *veil_text_apply_findings (const char *text, gsize len, GPtrArray *findings,
                                gsize *out_len);

/* analyse_for_patient() and apply in one call (`patient_key` nullable), for DICOM free-text
 * attributes. */
char *veil_text_deidentifier_deidentify (VeilTextDeidentifier *self, const char *text,
                                         gsize len, const char *patient_key, gsize *out_len);

G_END_DECLS
