/* A reviewer's per-attribute overrides: one instance or a whole series, through scan and
 * export, checked in the exported files with dcmdump, and kept in the store. */

#include "veil-case.h"
#include "veil-dicom-bridge.h"
#include "veil-dicom-deidentifier.h"

#include <glib/gstdio.h>
#include <string.h>

#define OPTIONS (VEIL_OPTION_CLEAN_DESCRIPTORS | VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES)

static char *
series_dir (void)
{
  const char *shared = g_getenv ("VEIL_SHARED_DIR");
  if (shared == NULL)
    return NULL;
  char *path = g_build_filename (shared, "dicom-samples", "dicom-test-files", "dcmqi",
                                 "segmentations", "ct-3slice", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    g_clear_pointer (&path, g_free);
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

static VeilCase *
open_case (VeilMappingStore *store, const char *input)
{
  g_autoptr (GError) error = NULL;
  VeilCase *kase = veil_case_new (store, OPTIONS);
  veil_case_add_input (kase, input);
  g_assert_true (veil_case_load (kase, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (veil_case_scan (kase, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (veil_case_get_items (kase)->len, ==, 3);
  return kase;
}

static const VeilDicomChange *
find_change (VeilCaseItem *item, const char *path)
{
  for (guint i = 0; item->changes && i < item->changes->len; i++)
    {
      const VeilDicomChange *change = g_ptr_array_index (item->changes, i);
      if (g_str_equal (change->path, path))
        return change;
    }
  return NULL;
}

/* What dcmdump prints for `tag` ("0008,1030") in the exported file: the value between the
 * brackets, "(no value)" or NULL when the attribute is absent. */
static char *
dcmdump_value (const char *file, const char *tag)
{
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;
  const char *argv[] = { "dcmdump", "-q", "+P", tag, file, NULL };
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  char *open = strchr (out, '[');
  char *close = open ? strchr (open, ']') : NULL;
  if (open == NULL || close == NULL)
    return *out ? g_strdup ("(no value)") : NULL;
  return g_strndup (open + 1, close - open - 1);
}

static void
test_instance_series_and_reopen (void)
{
  g_autofree char *input = series_dir ();
  if (input == NULL)
    {
      g_test_skip ("shared samples not present");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("veil-override-XXXXXX", NULL);
  g_autofree char *store_path = g_build_filename (dir, "case.veil", NULL);
  g_autoptr (GError) error = NULL;

  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (store_path, &error);
  g_assert_no_error (error);
  g_autoptr (VeilCase) kase = open_case (store, input);
  GPtrArray *items = veil_case_get_items (kase);
  VeilCaseItem *first = g_ptr_array_index (items, 0);

  /* The profile changes the study date (shifted) and the instance's UIDs in every file. */
  const VeilDicomChange *date = find_change (first, "StudyDate");
  g_assert_nonnull (date);
  g_assert_cmpstr (date->original, !=, date->replacement);
  const VeilDicomChange *institution = find_change (first, "AccessionNumber");
  g_assert_nonnull (institution);
  g_autofree char *institution_original = g_strdup (institution->original);

  /* one instance: a value of the reviewer's own */
  g_assert_true (veil_case_set_attribute_override (kase, first->subject->sop_instance_uid,
                                                   "StudyDate", VEIL_OVERRIDE_SET, "20000101",
                                                   &error));
  g_assert_no_error (error);
  /* the whole series: keep the accession number (the reviewer's call, against the profile) */
  g_assert_true (veil_case_set_attribute_override (kase, first->subject->series_uid,
                                                   "AccessionNumber", VEIL_OVERRIDE_KEEP, NULL,
                                                   &error));
  g_assert_no_error (error);
  /* nonsense is refused */
  g_assert_false (veil_case_set_attribute_override (kase, "not a uid", "StudyDate",
                                                    VEIL_OVERRIDE_REMOVE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (veil_case_set_attribute_override (kase, first->subject->series_uid,
                                                    "StudyDate", VEIL_OVERRIDE_SET, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* the change list shows them */
  g_assert_true (veil_case_scan (kase, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (items, i);
      const VeilDicomChange *d = find_change (item, "StudyDate");
      const VeilDicomChange *inst = find_change (item, "AccessionNumber");
      g_assert_nonnull (d);
      g_assert_nonnull (inst);
      g_assert_cmpstr (inst->action, ==, "!K");
      g_assert_cmpstr (inst->replacement, ==, institution_original);
      if (item == first)
        {
          g_assert_cmpstr (d->action, ==, "!S");
          g_assert_cmpstr (d->replacement, ==, "20000101");
        }
      else
        {
          g_assert_cmpstr (d->action, !=, "!S");
          g_assert_cmpstr (d->replacement, !=, "20000101");
        }
    }

  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_assert_true (veil_case_export (kase, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (veil_case_get_n_exported (kase), ==, 3);
  for (guint i = 0; i < items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (items, i);
      g_autofree char *file = g_build_filename (out, item->output_path, NULL);
      g_autofree char *study_date = dcmdump_value (file, "0008,0020");
      g_autofree char *inst = dcmdump_value (file, "0008,0050");
      g_assert_cmpstr (inst, ==, institution_original);
      if (item == first)
        g_assert_cmpstr (study_date, ==, "20000101");
      else
        {
          g_assert_nonnull (study_date);
          g_assert_cmpstr (study_date, !=, "20000101");
          g_assert_cmpstr (study_date, ==, find_change (item, "StudyDate")->replacement);
        }
    }

  /* The decisions are in the store: a new case over the reopened store applies them. */
  g_autofree char *first_uid = g_strdup (first->subject->sop_instance_uid);
  g_clear_object (&kase);
  g_clear_object (&store);
  store = veil_mapping_store_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_mapping_store_count (store, VEIL_MAPPING_ATTRIBUTE_OVERRIDE), ==, 2);
  kase = open_case (store, input);
  items = veil_case_get_items (kase);
  guint n_set = 0, n_kept = 0;
  for (guint i = 0; i < items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (items, i);
      const VeilDicomChange *d = find_change (item, "StudyDate");
      const VeilDicomChange *inst = find_change (item, "AccessionNumber");
      g_assert_nonnull (d);
      g_assert_nonnull (inst);
      n_set += g_strcmp0 (d->action, "!S") == 0;
      n_kept += g_strcmp0 (inst->action, "!K") == 0;
      if (g_strcmp0 (d->action, "!S") == 0)
        g_assert_cmpstr (item->subject->sop_instance_uid, ==, first_uid);
    }
  g_assert_cmpuint (n_set, ==, 1);
  g_assert_cmpuint (n_kept, ==, 3);

  /* "none" hands the attribute back to the profile */
  g_assert_true (veil_case_set_attribute_override (kase, first_uid, "StudyDate",
                                                   VEIL_OVERRIDE_NONE, NULL, &error));
  g_assert_true (veil_case_scan (kase, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpstr (find_change (g_ptr_array_index (items, i), "StudyDate")->action, !=, "!S");

  remove_tree (dir);
}

static void
test_series_remove (void)
{
  g_autofree char *input = series_dir ();
  if (input == NULL)
    {
      g_test_skip ("shared samples not present");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("veil-override-XXXXXX", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", &error);
  g_autoptr (VeilCase) kase = open_case (store, input);
  GPtrArray *items = veil_case_get_items (kase);
  VeilCaseItem *first = g_ptr_array_index (items, 0);

  /* The profile keeps Manufacturer; the reviewer removes it from the whole series. */
  g_assert_null (find_change (first, "Manufacturer"));
  g_assert_true (veil_case_set_attribute_override (kase, first->subject->series_uid,
                                                   "Manufacturer", VEIL_OVERRIDE_REMOVE, NULL,
                                                   &error));
  g_assert_no_error (error);
  g_assert_true (veil_case_scan (kase, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_assert_true (veil_case_export (kase, out, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (items, i);
      const VeilDicomChange *change = find_change (item, "Manufacturer");
      g_assert_nonnull (change);
      g_assert_cmpstr (change->action, ==, "!X");
      g_assert_null (change->replacement);
      g_autofree char *file = g_build_filename (out, item->output_path, NULL);
      g_autofree char *value = dcmdump_value (file, "0008,0070");
      g_assert_null (value);
    }
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dicom-overrides/instance-series-reopen", test_instance_series_and_reopen);
  g_test_add_func ("/dicom-overrides/series-remove", test_series_remove);
  return g_test_run ();
}
