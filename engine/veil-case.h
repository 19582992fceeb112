/* veil-case.h: a disclosure case — inputs → findings → decisions → export.
 *
 * The one engine API that veil-cli and the GTK app both drive. Work is spread over every
 * core; each method blocks, takes a GCancellable, and reports progress through a callback
 * that may be called from worker threads (the app wraps these in GTasks).
 */
#pragma once

#include <gio/gio.h>

#include "veil-deid-table.h"
#include "veil-dicom-overrides.h"
#include "veil-dicom-subject.h"
#include "veil-input-collector.h"
#include "veil-mapping-store.h"
#include "veil-text-deidentifier.h"
#include "veil-pixel-decision.h"

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
  gboolean is_report;     /* a report (not DICOM): `subject` is NULL */
  int document_type;      /* VeilDocumentType for PDF and DOCX reports, else 0 (plain text) */
  gboolean is_request_form; /* a report given as the request form (veil_case_add_request_form) */
  int pixel_risk;         /* VeilPixelRisk of burned-in text */
  char *pixel_risk_why;
  GPtrArray *pixel_regions; /* VeilPixelRegion* to black out, found before the export */
  char *pixel_note;       /* what pixel cleaning did, for the reviewer, or NULL */
  guint pixel_columns;    /* the image's geometry, once its pixels were read: series-wide */
  guint pixel_rows;       /* regions apply to images of the same size */
  guint pixel_n_frames;
  guint pixel_n_boxes;    /* boxes the export blacked out */
  guint pixel_n_from_series; /* regions found only on other images of the series */
  int pixel_decision;     /* VeilPixelDecision the export applied */
  GPtrArray *findings;    /* VeilTextFinding*, for a report, filled by veil_case_scan() */
  gboolean exported;
  gpointer parsed;        /* private: the data set read by veil_case_load(), kept for the
                           * next pass while within the case's memory budget */
  gsize parsed_cost;
  guint64 pixel_element_offset; /* private: where the file's last element, PixelData, starts */
  guint64 pixel_element_length; /* and its length, when it can be copied as the file's tail */
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
/* A request form (PDF, DOCX or UTF-8 text, whatever its name): its header fields (patient,
 * date of birth, NHS and hospital numbers, requesting clinician) are learnt before any report
 * or DICOM free text is cleaned, and it is itself pseudonymised and exported as
 * REPORTS/REQUEST-FORM-nnn. Call before veil_case_load(). */
void veil_case_add_request_form (VeilCase *self, const char *path);

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

/* The same three steps off the calling thread (GTask), for the app: the callback runs in the
 * thread-default main context of the caller. Progress callbacks still come from worker
 * threads; marshal them to the main loop (g_main_context_invoke) before touching widgets. */
void veil_case_load_async (VeilCase *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data);
gboolean veil_case_load_finish (VeilCase *self, GAsyncResult *result, GError **error);
void veil_case_scan_async (VeilCase *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data);
gboolean veil_case_scan_finish (VeilCase *self, GAsyncResult *result, GError **error);
void veil_case_export_async (VeilCase *self, const char *out_dir, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
gboolean veil_case_export_finish (VeilCase *self, GAsyncResult *result, GError **error);

/* A reviewer's decision: `original` of `kind` (VEIL_MAPPING_PATIENT with a patient key,
 * VEIL_MAPPING_PERSON with a person key, VEIL_MAPPING_ACCESSION, …) gets `pseudonym`
 * everywhere in the case. Recorded in the mapping store; the next scan or export uses it. */
gboolean veil_case_set_pseudonym (VeilCase *self, const char *kind, const char *original,
                                  const char *pseudonym, GError **error);

/* A reviewer's decision for one attribute (`tag_path` as VeilDicomChange.path names it) in
 * the instance whose SOP Instance UID, or every instance of the series whose Series Instance
 * UID, is `scope_uid`: keep, remove, set `value`, or NONE to let the profile decide again.
 * Saved in the mapping store at once; the next scan and export apply it. */
gboolean veil_case_set_attribute_override (VeilCase *self, const char *scope_uid,
                                           const char *tag_path, VeilOverrideAction action,
                                           const char *value, GError **error);
/* A reviewer's decisions on report findings (veil-decisions.h), recorded and flushed in the
 * mapping store: the next scan or export, here or by veil-cli with the same store, uses them.
 * not_identifier: `text` is kept as written in every report of the case.
 * add_identifier: `text` (a missed identifier) is replaced wherever it is written, in
 * reports and DICOM free text, as an identifier of `kind`. */
gboolean veil_case_mark_not_identifier (VeilCase *self, const char *text, GError **error);
gboolean veil_case_add_identifier (VeilCase *self, VeilTextKind kind, const char *text,
                                   GError **error);
/* One finding of a report `item` checked by a reviewer; remembered in the store. */
gboolean veil_case_accept_finding (VeilCase *self, const VeilCaseItem *item,
                                   const VeilTextFinding *finding, GError **error);
gboolean veil_case_finding_is_accepted (VeilCase *self, const VeilCaseItem *item,
                                        const VeilTextFinding *finding);
/* How many of a report's findings wait for review (not accepted). */
guint veil_case_count_pending (VeilCase *self, const VeilCaseItem *item);

GPtrArray *veil_case_get_items (VeilCase *self);     /* VeilCaseItem*, in input order */
/* Everything refused so far: inputs that could not be collected, and items. VeilRefusal*. */
GPtrArray *veil_case_get_refusals (VeilCase *self);
guint veil_case_get_n_exported (VeilCase *self);
/* Things a reviewer should know that are not refusals, e.g. one patient ID written with
 * several different names (Veil treats them as one patient: the ID decides). Strings. */
GPtrArray *veil_case_get_notes (VeilCase *self);
guint veil_case_get_n_dicomdirs (VeilCase *self);

/* Compares the case's studies with a list of accession numbers. */
VeilAccessionReport *veil_case_check_accessions (VeilCase *self, GStrv listed);

/* ---- burned-in text: what was found, and the reviewer's boxes ---- */

/* Finds the burned-in text of every image that may carry some (rendering and OCR; the export
 * does it too, for images not yet read). veil_case_scan_async() runs it after the scan, so
 * the app can show the boxes before the export. */
gboolean veil_case_find_pixel_regions (VeilCase *self, GCancellable *cancellable, GError **error);

/* TRUE if `item` is an image the reviewer should look at: high risk of burned-in text, or
 * boxes found (on it or, for its geometry, on its series), or already decided. */
gboolean veil_case_item_pixel_flagged (VeilCase *self, VeilCaseItem *item);

/* The reviewer's decision for `item` (its image's, else its series'), NONE if not reviewed. */
VeilPixelDecision veil_case_get_pixel_decision (VeilCase *self, VeilCaseItem *item);

/* The boxes the export will black out in `item` (VeilPixelRegion*): the reviewer's if they
 * decided, else those found on it plus those found on other images of its series with the
 * same geometry. NULL with `error` set if a stored decision cannot be read. */
GPtrArray *veil_case_get_pixel_boxes (VeilCase *self, VeilCaseItem *item, GError **error);

/* Records the reviewer's decision for the image `sop_instance_uid` (one of the case's), or,
 * with `whole_series`, for every image of its series with its geometry (including images a
 * later export with the same store reads). `regions` only for VEIL_PIXEL_DECISION_BOXES.
 * Saved in the mapping store at once. */
gboolean veil_case_set_pixel_decision (VeilCase *self, const char *sop_instance_uid,
                                       gboolean whole_series, VeilPixelDecision decision,
                                       GPtrArray *regions, GError **error);

/* High-risk images that no reviewer has decided about: the app does not export while there
 * are any, unless the reviewer says so; veil-cli exports and reports the number. */
guint veil_case_count_unreviewed_pixel_risks (VeilCase *self);

/* Frame `frame` of `item` as 8-bit grey, the way OCR saw it (for drawing the boxes over). */
guint8 *veil_case_render_pixel_frame (VeilCase *self, VeilCaseItem *item, guint frame,
                                      guint *columns, guint *rows, guint *n_frames,
                                      GError **error);

G_END_DECLS
