/* VeilCase, the engine API both front ends drive: load, a reviewer's decision, export. */

#include "veil-case.h"
#include "veil-dicom-bridge.h"
#include "veil-identities.h"
#include "veil-verifier.h"

#include <glib/gstdio.h>
#include <string.h>

static const char *
synthetic_study (void)
{
  static char *path = NULL;
  const char *shared = g_getenv ("VEIL_SHARED_DIR");
  if (path == NULL && shared != NULL)
    path = g_build_filename (shared, "dicom-samples", "synthetic", "out", "patientA", "A2", NULL);
  return path;
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir)
    g_dir_close (dir);
  g_rmdir (path);
}

static char *
first_file (const char *root)
{
  GDir *dir = g_dir_open (root, 0, NULL);
  const char *name = dir ? g_dir_read_name (dir) : NULL;
  char *found = NULL;
  if (name != NULL)
    {
      g_autofree char *child = g_build_filename (root, name, NULL);
      found = g_file_test (child, G_FILE_TEST_IS_DIR) ? first_file (child) : g_strdup (child);
    }
  if (dir)
    g_dir_close (dir);
  return found;
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;
  g_assert_true (veil_case_load_finish (VEIL_CASE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_decision_reaches_every_file (void)
{
  if (synthetic_study () == NULL || !g_file_test (synthetic_study (), G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("shared samples not present");
      return;
    }
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", NULL);
  g_autoptr (VeilCase) kase = veil_case_new (store, VEIL_OPTION_CLEAN_DESCRIPTORS
                                                        | VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES);
  gboolean done = FALSE;

  /* the app's way in: loading off the main thread */
  veil_case_add_input (kase, synthetic_study ());
  veil_case_load_async (kase, NULL, on_loaded, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (veil_case_get_items (kase)->len, ==, 4);

  VeilCaseItem *item = g_ptr_array_index (veil_case_get_items (kase), 0);
  const char *patient_key = item->subject->patient_key;
  g_autoptr (GError) error = NULL;
  g_assert_true (veil_case_set_pseudonym (kase, VEIL_MAPPING_PATIENT, patient_key,
                                          "Reviewed-1A^Patient", &error));
  g_assert_no_error (error);

  g_autofree char *dir = g_dir_make_tmp ("veil-case-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_assert_true (veil_case_export (kase, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (veil_case_get_n_exported (kase), ==, 4);

  g_autofree char *file = first_file (out);
  g_autoptr (VeilDcmFile) dcm = veil_dcm_file_load (file, 0, &error);
  g_assert_no_error (error);
  g_autofree char *name = veil_dcm_item_get_string (veil_dcm_file_get_dataset (dcm), 0x0010, 0x0010);
  g_assert_cmpstr (name, ==, "Reviewed-1A^Patient");
  /* every written form of the name follows the decision */
  g_autofree char *written = veil_mapping_store_lookup (store, VEIL_MAPPING_PATIENT_NAME,
                                                        item->subject->patient_name);
  g_assert_cmpstr (written, ==, "Reviewed-1A^Patient");
  remove_tree (dir);
}

static void
test_refusals_name_file_and_reason (void)
{
  g_autofree char *dir = g_dir_make_tmp ("veil-case-XXXXXX", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.bin", NULL);
  g_assert_true (g_file_set_contents (text, "not DICOM\0\1\2", 12, NULL));
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", NULL);
  g_autoptr (VeilCase) kase = veil_case_new (store, 0);
  veil_case_add_input (kase, dir);
  veil_case_add_input (kase, "/nonexistent/veil/input");
  g_assert_true (veil_case_load (kase, NULL, NULL));
  GPtrArray *refusals = veil_case_get_refusals (kase);
  g_assert_cmpuint (refusals->len, ==, 2);
  for (guint i = 0; i < refusals->len; i++)
    {
      VeilRefusal *r = g_ptr_array_index (refusals, i);
      g_assert_true (*r->reason != '\0');
      g_assert_true (strstr (r->display_name, "notes.bin") || strstr (r->display_name, "nonexistent"));
    }
  g_unlink (text);
  g_rmdir (dir);
}

static const char report_a[] =
  "Patient Name: SMITH, John\n"
  "NHS No: 943 476 5919\n"
  "DOB: 03/04/1956\n"
  "\n"
  "Findings: 12 mm nodule in the right lower lobe. Mr Smith declined the lateral view.\n"
  "Trial code ZQX-4471-KW noted.\n"
  "Reported by Dr Anna Patel.\n";
static const char report_b[] =
  "Patient: John Smith\n"
  "Follow-up: no change in the nodule. Trial code ZQX-4471-KW again.\n"
  "Discussed with Dr Anna Patel.\n";

static VeilCase *
open_decisions_case (const char *store_path, const char *inputs, VeilMappingStore **out_store)
{
  g_autoptr (GError) error = NULL;
  VeilMappingStore *store = veil_mapping_store_open (store_path, &error);
  g_assert_no_error (error);
  VeilCase *kase = veil_case_new (store, VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES);
  veil_case_add_input (kase, inputs);
  g_assert_true (veil_case_load (kase, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (veil_case_scan (kase, NULL, &error));
  g_assert_no_error (error);
  *out_store = store;
  return kase;
}

static const VeilTextFinding *
finding_containing (VeilCaseItem *item, const char *text)
{
  for (guint i = 0; item->findings && i < item->findings->len; i++)
    {
      const VeilTextFinding *f = g_ptr_array_index (item->findings, i);
      if (strstr (f->original, text))
        return f;
    }
  return NULL;
}

static VeilCaseItem *
report_named (VeilCase *kase, const char *name)
{
  GPtrArray *items = veil_case_get_items (kase);
  for (guint i = 0; i < items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (items, i);
      if (item->is_report && g_str_has_suffix (item->path, name))
        return item;
    }
  g_assert_not_reached ();
}

static char *
exported_text (const char *out, VeilCaseItem *item)
{
  g_autofree char *path = g_build_filename (out, item->output_path, NULL);
  char *contents = NULL;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* Both decisions and an accepted finding survive closing the store, and hold for a new case
 * on the same store (as veil-cli export would make). */
static void
test_decisions_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("veil-decisions-XXXXXX", NULL);
  g_autofree char *inputs = g_build_filename (dir, "in", NULL);
  g_assert_cmpint (g_mkdir (inputs, 0700), ==, 0);
  g_autofree char *path_a = g_build_filename (inputs, "report-a.txt", NULL);
  g_autofree char *path_b = g_build_filename (inputs, "report-b.txt", NULL);
  g_assert_true (g_file_set_contents (path_a, report_a, -1, NULL));
  g_assert_true (g_file_set_contents (path_b, report_b, -1, NULL));
  g_autofree char *store_path = g_build_filename (dir, "case.veilmap", NULL);
  g_autoptr (GError) error = NULL;
  guint pending_before;
  g_autofree char *kept = NULL;

  {
    g_autoptr (VeilMappingStore) store = NULL;
    g_autoptr (VeilCase) kase = open_decisions_case (store_path, inputs, &store);
    VeilCaseItem *a = report_named (kase, "report-a.txt");
    /* the trial code is no pattern the recognisers know: a missed identifier */
    g_assert_null (finding_containing (a, "ZQX-4471-KW"));
    const VeilTextFinding *patel = finding_containing (a, "Patel");
    g_assert_nonnull (patel);
    kept = g_strdup (patel->original);
    pending_before = veil_case_count_pending (kase, a);
    g_assert_cmpuint (pending_before, ==, a->findings->len);
    const VeilTextFinding *nhs = finding_containing (a, "943 476 5919");
    g_assert_nonnull (nhs);
    g_assert_true (veil_case_accept_finding (kase, a, nhs, &error));
    g_assert_no_error (error);
    g_assert_true (veil_case_finding_is_accepted (kase, a, nhs));
    g_assert_true (veil_case_mark_not_identifier (kase, kept, &error));
    g_assert_no_error (error);
    g_assert_true (veil_case_add_identifier (kase, VEIL_TEXT_KIND_OTHER_ID, "ZQX-4471-KW", &error));
    g_assert_no_error (error);
    /* too short to decide on: it would match by chance */
    g_assert_false (veil_case_add_identifier (kase, VEIL_TEXT_KIND_OTHER_ID, "a", NULL));
  }

  /* a new case on the reopened store: what veil-cli export would see */
  g_autoptr (VeilMappingStore) store = NULL;
  g_autoptr (VeilCase) kase = open_decisions_case (store_path, inputs, &store);
  g_autofree char *row = veil_mapping_store_lookup (store, VEIL_MAPPING_NOT_IDENTIFIER, kept);
  g_assert_cmpstr (row, ==, kept);
  g_autofree char *kind = veil_mapping_store_lookup (store, VEIL_MAPPING_REVIEWER_IDENTIFIER,
                                                     "ZQX-4471-KW");
  g_assert_cmpstr (kind, ==, "other-id");

  VeilCaseItem *a = report_named (kase, "report-a.txt");
  VeilCaseItem *b = report_named (kase, "report-b.txt");
  g_assert_null (finding_containing (a, "Patel"));
  g_assert_null (finding_containing (b, "Patel"));
  g_assert_nonnull (finding_containing (a, "ZQX-4471-KW"));
  g_assert_nonnull (finding_containing (b, "ZQX-4471-KW"));
  /* the accepted NHS number still counts as reviewed; the new finding waits */
  const VeilTextFinding *nhs = finding_containing (a, "943 476 5919");
  g_assert_true (veil_case_finding_is_accepted (kase, a, nhs));
  g_assert_cmpuint (veil_case_count_pending (kase, a), ==, a->findings->len - 1);

  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_assert_true (veil_case_export (kase, out, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *text_a = exported_text (out, a);
  g_autofree char *text_b = exported_text (out, b);
  g_assert_nonnull (strstr (text_a, kept));
  g_assert_nonnull (strstr (text_b, kept));
  g_assert_null (strstr (text_a, "ZQX-4471-KW"));
  g_assert_null (strstr (text_b, "ZQX-4471-KW"));
  g_assert_null (strstr (text_a, "943 476 5919"));
  g_assert_nonnull (strstr (text_a, "12 mm nodule in the right lower lobe"));

  /* the residual scan searches the missed identifier, not the text kept as written */
  g_autoptr (VeilVerifyReport) report = veil_verify_folder (store, out, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->hits->len; i++)
    {
      VeilResidualHit *hit = g_ptr_array_index (report->hits, i);
      g_assert_false (strstr (kept, hit->value) != NULL);
    }
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/case/decision-reaches-every-file", test_decision_reaches_every_file);
  g_test_add_func ("/case/refusals", test_refusals_name_file_and_reason);
  g_test_add_func ("/case/decisions-round-trip", test_decisions_round_trip);
  return g_test_run ();
}
