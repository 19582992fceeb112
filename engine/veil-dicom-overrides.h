/* veil-dicom-overrides.h: a reviewer's per-attribute decisions over the profile.
 *
 * A reviewer may keep, remove or set one attribute (by its path, as the change list names
 * it: "PatientComments", "RequestAttributesSequence[0].RequestedProcedureID") in one instance
 * (SOP Instance UID) or in every instance of a series (Series Instance UID). Decisions live in
 * the case's mapping store as VEIL_MAPPING_ATTRIBUTE_OVERRIDE rows; the de-identifier is handed
 * a read-only table built from them, so scan, export and veil-cli with the same store agree.
 */
#pragma once

#include "veil-mapping-store.h"

G_BEGIN_DECLS

/* scope UID + " " + attribute path → the value to write (for "set"), entity = the action
 * name. Not identifiers: the residual scan does not search for these. */
#define VEIL_MAPPING_ATTRIBUTE_OVERRIDE "attribute-override"

typedef enum {
  VEIL_OVERRIDE_NONE,    /* the profile decides (clears an earlier decision) */
  VEIL_OVERRIDE_KEEP,    /* the original value stays: the reviewer's call */
  VEIL_OVERRIDE_REMOVE,  /* the attribute is removed */
  VEIL_OVERRIDE_SET,     /* the attribute gets the reviewer's value */
} VeilOverrideAction;

const char *veil_override_action_to_string (VeilOverrideAction action);
/* FALSE for an unknown name. */
gboolean veil_override_action_from_string (const char *name, VeilOverrideAction *action);

/* Records a decision in `store` (not flushed). Fails for an empty scope or path, a path that
 * is not an attribute path, or a "set" without a value. */
gboolean veil_dicom_overrides_record (VeilMappingStore *store, const char *scope_uid,
                                      const char *path, VeilOverrideAction action,
                                      const char *value, GError **error);

typedef struct _VeilDicomOverrides VeilDicomOverrides;

/* Every decision in `store`, read once; safe to share between threads afterwards. */
VeilDicomOverrides *veil_dicom_overrides_new (VeilMappingStore *store);
void veil_dicom_overrides_free (VeilDicomOverrides *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilDicomOverrides, veil_dicom_overrides_free)

gboolean veil_dicom_overrides_is_empty (const VeilDicomOverrides *self);

/* The decision for `path` in an instance: the instance's own first, else its series'.
 * Returns VEIL_OVERRIDE_NONE if there is none; `value` (nullable) gets the value to set. */
VeilOverrideAction veil_dicom_overrides_lookup (const VeilDicomOverrides *self,
                                                const char *sop_instance_uid,
                                                const char *series_uid, const char *path,
                                                const char **value);

G_END_DECLS
