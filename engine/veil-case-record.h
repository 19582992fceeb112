/* veil-case-record.h: what a case is made of, kept in its mapping store.
 *
 * The review window gives every case its own store; recording the case's inputs, preset and
 * accession list there (beside the reviewer's decisions, which the store already holds) lets
 * a review be closed and resumed, and lets the window list recent cases. The record is one
 * row per field of kind VEIL_MAPPING_CASE: not an identifier mapping, so the residual scan
 * does not search for it and the mapping CSV leaves it out.
 */
#pragma once

#include "veil-mapping-store.h"

G_BEGIN_DECLS

#define VEIL_MAPPING_CASE "case" /* a field of the case record: original = field name */

typedef struct
{
  char **inputs;     /* files and folders, absolute paths */
  char *preset;      /* preset name, or NULL for the default */
  char **accessions; /* the accession list the request gave, or NULL */
  gint64 saved;      /* when it was last saved, seconds since the Unix epoch (set by save) */
} VeilCaseRecord;

void veil_case_record_free (VeilCaseRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilCaseRecord, veil_case_record_free)

/* Writes the record into `store` (replacing any earlier one) and flushes the store. */
gboolean veil_case_record_save (VeilMappingStore *store, const char *const *inputs,
                                const char *preset, const char *const *accessions, GError **error);

/* The record kept in `store`, or NULL when the store holds none (a store made by veil-cli,
 * or a case that was never given inputs). */
VeilCaseRecord *veil_case_record_load (VeilMappingStore *store);

/* Opens the store at `path` only to read its record: NULL with `error` set when the file is
 * not a readable mapping store, NULL without an error when it holds no record. */
VeilCaseRecord *veil_case_record_read_file (const char *path, GError **error);

G_END_DECLS
