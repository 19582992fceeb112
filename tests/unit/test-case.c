/* VeilCase, the engine API both front ends drive: load, a reviewer's decision, export. */

#include "veil-case.h"
#include "veil-dicom-bridge.h"
#include "veil-identities.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/case/decision-reaches-every-file", test_decision_reaches_every_file);
  g_test_add_func ("/case/refusals", test_refusals_name_file_and_reason);
  return g_test_run ();
}
