/* veil-mapping-csv.h: the mapping table as CSV, for veil-cli mapping and the window's
 * "Save Mapping Table". One writer, so both give the same file. */
#pragma once

#include "veil-mapping-store.h"

G_BEGIN_DECLS

/* With `kind` NULL: every mapping row as "kind,original,pseudonym,entity" (the reviewer's
 * decisions too, but not the case record or the accepted-finding marks, which are
 * bookkeeping, not mappings). With a kind (VEIL_MAPPING_UID, VEIL_MAPPING_PATIENT_ID): that
 * kind's rows as "id_old,id_new", the form the MIDI-B validator reads. RFC 4180: CRLF line
 * ends, every cell quoted; a cell a spreadsheet would take for a formula gets a leading
 * apostrophe (originals come from outside the hospital's control). */
GBytes *veil_mapping_csv_build (VeilMappingStore *store, const char *kind);

G_END_DECLS
