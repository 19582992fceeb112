/* veil-decisions.h: a reviewer's decisions on report findings, kept in the case's mapping
 * store so they hold for every later scan and export of the case, in the app or veil-cli.
 *
 *  - "not an identifier": text a finding took for an identifier is kept as written in every
 *    report of the case (VEIL_MAPPING_NOT_IDENTIFIER);
 *  - a missed identifier: text the recognisers did not find is replaced wherever it is
 *    written, reports and DICOM free text (VEIL_MAPPING_REVIEWER_IDENTIFIER);
 *  - an accepted finding: one finding of one report a reviewer has checked
 *    (VEIL_MAPPING_ACCEPTED), so a resumed review knows what still waits.
 */
#pragma once

#include <glib.h>

#include "veil-mapping-store.h"
#include "veil-text-deidentifier.h"

G_BEGIN_DECLS

/* Texts shorter than this (after trimming) cannot be decided on: they would match by chance. */
#define VEIL_DECISION_MIN_CHARS 3
#define VEIL_DECISION_MAX_CHARS 512

/* Records the decision (not flushed). Fails on empty, over-long or multi-line text. */
gboolean veil_decisions_mark_not_identifier (VeilMappingStore *store, const char *text,
                                             GError **error);
gboolean veil_decisions_add_identifier (VeilMappingStore *store, VeilTextKind kind,
                                        const char *text, GError **error);

/* The texts kept as written (a set of trimmed strings), for the text engine. */
GHashTable *veil_decisions_not_identifiers (VeilMappingStore *store);
/* Teaches `text` every missed identifier the store holds. */
void veil_decisions_teach (VeilMappingStore *store, VeilTextDeidentifier *text);
/* Calls `func` for every missed identifier (kind, text). */
typedef void (*VeilDecisionFunc) (VeilTextKind kind, const char *text, gpointer user_data);
void veil_decisions_foreach_identifier (VeilMappingStore *store, VeilDecisionFunc func,
                                        gpointer user_data);

/* The store key of one finding of the report at `report_path`. */
char *veil_decisions_finding_key (const char *report_path, const VeilTextFinding *finding);

G_END_DECLS
