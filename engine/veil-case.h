/* veil-case.h: a disclosure case — inputs → findings → decisions → export.
 *
 * The one engine API that veil-cli and the GTK app both drive. Work is spread over every
 * core; each method blocks, takes a GCancellable, and reports progress through a callback
 * that may be called from worker threads (the app wraps these in GTasks).
 */
#pragma once

#include <gio/gio.h>

#include "veil-deid-table.h"
#include "veil-dicom-subject.h"
#include "veil-input-collector.h"
#include "veil-mapping-store.h"

G_BEGIN_DECLS

typedef enum {
  VEIL_CASE_PHASE_COLLECT,
  VEIL_CASE_PHASE_READ,
  VEIL_CASE_PHASE_SCAN,
  VEIL_CASE_PHASE_EXPORT,
} VeilCasePhase;

typedef void (*VeilCaseProgressFunc) (VeilCasePhase phase, guint done, guint total,
                                      gpointer user_data);

typedef struct {
  char *path;             /* readable file on disk */
  char *display_name;     /* what a person knows the input as */
  VeilDicomSubject *subject;
  char *refusal;          /* why it will not be exported, or NULL */
  char *output_path;      /* relative path in the export: PATIENT/STUDY/SERIES/INSTANCE.dcm */
  GPtrArray *changes;     /* VeilDicomChange*, filled by veil_case_scan() */
  gboolean exported;
} VeilCaseItem;

typedef struct {
  GPtrArray *found;          /* listed accession numbers present in the input */
  GPtrArray *missing;        /* listed but not present */
  GPtrArray *unlisted;       /* studies in the input whose accession is not listed: "ACC (study …)" */
} VeilAccessionReport;

void veil_accession_report_free (VeilAccessionReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilAccessionReport, veil_accession_report_free)

#define VEIL_TYPE_CASE (veil_case_get_type ())
G_DECLARE_FINAL_TYPE (VeilCase, veil_case, VEIL, CASE, GObject)

VeilCase *veil_case_new (VeilMappingStore *store, VeilOptions options);
VeilMappingStore *veil_case_get_store (VeilCase *self);
VeilOptions veil_case_get_options (VeilCase *self);
void veil_case_set_progress_func (VeilCase *self, VeilCaseProgressFunc func, gpointer user_data);

void veil_case_add_input (VeilCase *self, const char *path);

/* Collects the inputs, reads every file's identity (refusing what cannot be read), and
 * assigns every patient, person, ID and date its pseudonym. */
gboolean veil_case_load (VeilCase *self, GCancellable *cancellable, GError **error);

/* Works out every change without writing anything (fills each item's `changes`). */
gboolean veil_case_scan (VeilCase *self, GCancellable *cancellable, GError **error);

/* Writes the de-identified case to `out_dir` (which must not exist, or be empty), all or
 * nothing: files go to a hidden folder beside it that is renamed into place at the end, and
 * the mapping store is saved first. Files that cannot be cleaned are refused and left out.
 * Returns FALSE (nothing written) on a fatal error or cancellation. */
gboolean veil_case_export (VeilCase *self, const char *out_dir, GCancellable *cancellable,
                           GError **error);

GPtrArray *veil_case_get_items (VeilCase *self);     /* VeilCaseItem*, in input order */
/* Everything refused so far: inputs that could not be collected, and items. VeilRefusal*. */
GPtrArray *veil_case_get_refusals (VeilCase *self);
guint veil_case_get_n_exported (VeilCase *self);
guint veil_case_get_n_dicomdirs (VeilCase *self);

/* Compares the case's studies with a list of accession numbers. */
VeilAccessionReport *veil_case_check_accessions (VeilCase *self, GStrv listed);

G_END_DECLS
