/* veil-dicom-deidentifier.h: PS3.15 E.1-1 with its options over one data set, at every
 * depth, with keyed pseudonyms instead of blanks wherever the profile allows a dummy value.
 */
#pragma once

#include "veil-deid-table.h"
#include "veil-dicom-bridge.h"
#include "veil-dicom-subject.h"
#include "veil-mapping-store.h"
#include "veil-text-scrubber.h"

G_BEGIN_DECLS

typedef struct _VeilDicomDeidentifier VeilDicomDeidentifier;

/* One attribute the de-identification changed, for review, `scan` and the UI's tag table. */
typedef struct {
  char *path;        /* "ReferencedImageSequence[0].ReferencedSOPInstanceUID" */
  guint32 tag;
  char vr[3];
  char *keyword;     /* "" for unknown private tags */
  char action[12];   /* "X", "Z", "D", "U", "C", "X/Z"… as applied; "+" for added */
  char *original;    /* NULL where the value is binary or a sequence */
  char *replacement; /* NULL where the attribute was removed */
} VeilDicomChange;

void veil_dicom_change_free (VeilDicomChange *change);

/* `scrubber` (nullable) holds the case's known identifier values for Clean Descriptors and
 * Clean Structured Content. The de-identifier only reads it: one instance serves every
 * worker thread. */
VeilDicomDeidentifier *veil_dicom_deidentifier_new (VeilMappingStore *store, VeilOptions options,
                                                    const VeilTextScrubber *scrubber);
void veil_dicom_deidentifier_free (VeilDicomDeidentifier *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilDicomDeidentifier, veil_dicom_deidentifier_free)

VeilOptions veil_dicom_deidentifier_get_options (VeilDicomDeidentifier *self);

/* Free text (Clean Descriptors, Clean Structured Content, unlisted text attributes) also goes
 * through the report-text engine, which finds what the case does not know by value: dates in
 * any form, names by context, NHS numbers by checksum. Borrowed; nullable. */
typedef struct _VeilTextDeidentifier VeilTextDeidentifier;
void veil_dicom_deidentifier_set_text_engine (VeilDicomDeidentifier *self,
                                              VeilTextDeidentifier *text);
/* Forgets the free text cleaned so far. Cleaning a value records its pseudonyms in the
 * mapping store; an export starts with this so that each of its values is cleaned (and its
 * rows recorded) again even if an earlier pass's rows were discarded. */
void veil_dicom_deidentifier_forget_text (VeilDicomDeidentifier *self);

/* A reviewer's per-attribute decisions (veil-dicom-overrides.h), applied before the
 * profile's. Borrowed; nullable. */
typedef struct _VeilDicomOverrides VeilDicomOverrides;
void veil_dicom_deidentifier_set_overrides (VeilDicomDeidentifier *self,
                                            const VeilDicomOverrides *overrides);

/* De-identifies `file` in memory. `subject` is what veil_dicom_subject_read() read from it
 * before. `changes` (nullable) receives VeilDicomChange*. */
gboolean veil_dicom_deidentifier_apply (VeilDicomDeidentifier *self, VeilDcmFile *file,
                                        const VeilDicomSubject *subject, GPtrArray *changes,
                                        GError **error);

/* After the pixel data was cleaned of burned-in text: adds Clean Pixel Data (113101) to the
 * method codes. */
void veil_dicom_deidentifier_mark_pixels_cleaned (VeilDcmFile *file);

G_END_DECLS
