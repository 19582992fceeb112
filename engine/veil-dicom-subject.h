/* veil-dicom-subject.h: who and what one DICOM file is about, read before anything changes.
 *
 * The case index is built from these: which patient, study, series and instance a file
 * belongs to, and every identifying value it holds (names at every depth, IDs, dates), so
 * descriptors anywhere in the case can be scrubbed of values found in any file.
 */
#pragma once

#include "veil-dicom-bridge.h"

G_BEGIN_DECLS

typedef struct {
  char *patient_key;
  char *patient_name;
  char *patient_id;
  char *issuer_of_patient_id;
  char *birth_date;
  char *study_uid;
  char *series_uid;
  char *sop_instance_uid;
  char *sop_class_uid;
  char *modality;
  char *study_date;
  char *study_time;
  char *accession;
  int series_number;
  int instance_number;
  gboolean has_encapsulated_document;
  gboolean is_directory;          /* a DICOMDIR (Media Storage Directory) */
  GPtrArray *person_names;        /* every PN value other than the top-level PatientName */
  GPtrArray *patient_ids;         /* OtherPatientIDs, OtherPatientIDsSequence IDs */
  GPtrArray *accessions;          /* AccessionNumber at any depth */
  GPtrArray *other_ids;           /* StudyID, request/procedure IDs at any depth */
  GPtrArray *dates;               /* every distinct DA value, and the dates of DT values */
  GPtrArray *texts;               /* the patient's address, telephone numbers, location */
  GPtrArray *institution_texts;   /* institution and department names and addresses, stations */
  GPtrArray *vocabulary;          /* coded and vendor values kept as they are: CS values, code
                                   * meanings, manufacturer, model, software versions */
} VeilDicomSubject;

/* Tags whose values are IDs pseudonymised as "other IDs" (StudyID, request and procedure
 * IDs), and tags holding identifying text (addresses, institution, telephone numbers). */
gboolean veil_dicom_tag_is_other_id (guint32 tag);
gboolean veil_dicom_tag_is_identifying_text (guint32 tag);

VeilDicomSubject *veil_dicom_subject_read (VeilDcmFile *file);

/* The identifying values the case indexes (patient, IDs, names, dates, texts, vocabulary) as
 * one string: equal for two subjects exactly when indexing both would add nothing the first
 * did not. Every instance of a series usually has the same one. */
char *veil_dicom_subject_identity_signature (const VeilDicomSubject *subject);
void veil_dicom_subject_free (VeilDicomSubject *subject);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilDicomSubject, veil_dicom_subject_free)

G_END_DECLS
