/* veil-identities.h: one entity, one pseudonym.
 *
 * Every replacement of a person, an ID, an accession number, a UID or a date goes through
 * here, so the DICOM walk, the free-text scrubber and the report pipeline all give the same
 * patient the same pseudonym, the same UID the same new UID, and every date of one patient
 * the same shift. Each call records its row in the mapping store.
 */
#pragma once

#include "veil-mapping-store.h"

G_BEGIN_DECLS

/* The key a patient is known by: issuer and PatientID where there is an ID, else the
 * normalised name and birth date. */
char *veil_identities_patient_key (const char *issuer, const char *patient_id, const char *name,
                                   const char *birth_date);
/* "FAMILY^GIVEN" in upper case without accents, punctuation or titles: "O'Brien-Testcase^Siân"
 * and "OBRIEN-TESTCASE^SIAN" give the same key. */
char *veil_identities_person_key (const char *pn);

/* The patient's pseudonymous PN; `name_as_written` (nullable) is recorded as one of theirs. */
char *veil_identities_patient_name (VeilMappingStore *store, const char *patient_key,
                                    const char *name_as_written);
char *veil_identities_patient_id (VeilMappingStore *store, const char *patient_key,
                                  const char *patient_id);
/* A PN that is not known to be the patient's: a known patient name gives that patient's
 * pseudonym, anything else a staff pseudonym, one per person key. */
char *veil_identities_person_name (VeilMappingStore *store, const char *name_as_written);
char *veil_identities_accession (VeilMappingStore *store, const char *accession,
                                 const char *patient_key);
char *veil_identities_other_id (VeilMappingStore *store, const char *id, const char *patient_key);
char *veil_identities_nhs_number (VeilMappingStore *store, const char *nhs_number,
                                  const char *patient_key);
/* Well-known UIDs (1.2.840.10008.*) come back unchanged. */
char *veil_identities_uid (VeilMappingStore *store, const char *uid);
gboolean veil_identities_uid_is_well_known (const char *uid);

int veil_identities_day_offset (VeilMappingStore *store, const char *patient_key);
/* Shift one DA (or DT) value by the patient's offset, recording the date; NULL if invalid. */
char *veil_identities_shift_da (VeilMappingStore *store, const char *patient_key, const char *da);
char *veil_identities_shift_dt (VeilMappingStore *store, const char *patient_key, const char *dt);
/* Records a date that was removed or replaced by a dummy, so the residual scan looks for it. */
void veil_identities_record_removed_date (VeilMappingStore *store, const char *patient_key,
                                          const char *da);
/* Records other identifying text (an address, an institution) that was removed. */
void veil_identities_record_removed_text (VeilMappingStore *store, const char *text,
                                          const char *patient_key);

/* Records a coded or vendor value that the export keeps (CS values, code meanings, the
 * manufacturer): a name part equal to such a word is searched only as part of a whole name. */
void veil_identities_record_vocabulary (VeilMappingStore *store, const char *value);

G_END_DECLS
