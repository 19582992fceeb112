/* Unit tests of the SQLite mapping store and the identities built on it. */

#include "veil-case-record.h"
#include "veil-datetime.h"
#include "veil-identities.h"
#include "veil-keys.h"
#include "veil-mapping-store.h"
#include "veil-pseudonyms.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

static char *
temp_store_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("veil-store-XXXXXX", NULL);
  return g_build_filename (dir, "mapping.db", NULL);
}

static void
remove_store (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
}

/* The case record survives closing the store, paths with odd characters intact, and a store
 * without one (made by veil-cli) reads as no record. */
static void
test_case_record_round_trip (void)
{
  g_autofree char *path = temp_store_path ();
  const char *inputs[] = { "/data/CT head, 2024", "/data/report \"final\".pdf", "/x/a'b\nc", NULL };
  const char *accessions[] = { "RXA00012345", NULL };
  {
    g_autoptr (VeilMappingStore) store = veil_mapping_store_open (path, NULL);
    g_assert_null (veil_case_record_load (store));
    g_assert_true (veil_case_record_save (store, inputs, "litigation", accessions, NULL));
  }
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilCaseRecord) record = veil_case_record_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_true (g_strv_equal ((const char *const *) record->inputs, inputs));
  g_assert_cmpstr (record->preset, ==, "litigation");
  g_assert_true (g_strv_equal ((const char *const *) record->accessions, accessions));
  g_assert_cmpint (ABS (record->saved - g_get_real_time () / G_USEC_PER_SEC), <, 60);
  {
    /* saved again without a preset or accessions: the new record replaces the old */
    g_autoptr (VeilMappingStore) store = veil_mapping_store_open (path, NULL);
    g_assert_true (veil_case_record_save (store, inputs + 1, NULL, NULL, NULL));
    g_autoptr (VeilCaseRecord) again = veil_case_record_load (store);
    g_assert_cmpuint (g_strv_length (again->inputs), ==, 2);
    g_assert_null (again->preset);
    g_assert_null (again->accessions);
  }
  g_autoptr (VeilCaseRecord) missing = veil_case_record_read_file ("/nonexistent/case.veil", &error);
  g_assert_null (missing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  remove_store (path);
}

static void
test_key_persists (void)
{
  g_autofree char *path = temp_store_path ();
  guint8 key[VEIL_KEY_LENGTH];
  {
    g_autoptr (VeilMappingStore) store = veil_mapping_store_open (path, NULL);
    g_assert_nonnull (store);
    memcpy (key, veil_mapping_store_get_key (store), VEIL_KEY_LENGTH);
  }
  {
    g_autoptr (VeilMappingStore) store = veil_mapping_store_open (path, NULL);
    g_assert_cmpmem (key, VEIL_KEY_LENGTH, veil_mapping_store_get_key (store), VEIL_KEY_LENGTH);
  }
  /* A new store has a new key: pseudonyms are unlinkable across recipients. */
  g_autofree char *other_path = temp_store_path ();
  g_autoptr (VeilMappingStore) other = veil_mapping_store_open (other_path, NULL);
  g_assert_true (memcmp (key, veil_mapping_store_get_key (other), VEIL_KEY_LENGTH) != 0);
  remove_store (path);
  remove_store (other_path);
}

static void
test_same_original_same_pseudonym_across_runs (void)
{
  g_autofree char *path = temp_store_path ();
  g_autofree char *first = NULL, *uid_first = NULL;
  {
    g_autoptr (VeilMappingStore) store = veil_mapping_store_open (path, NULL);
    first = veil_identities_patient_name (store, "id:|RX1234567", "SMITH^JOHN");
    uid_first = veil_identities_uid (store, "1.2.3.4.5.6");
    g_assert_true (veil_mapping_store_flush (store, NULL));
  }
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (path, NULL);
  g_autofree char *again = veil_identities_patient_name (store, "id:|RX1234567", "Smith^John");
  g_autofree char *uid_again = veil_identities_uid (store, "1.2.3.4.5.6");
  g_assert_cmpstr (first, ==, again);
  g_assert_cmpstr (uid_first, ==, uid_again);
  g_assert_true (g_str_has_suffix (first, "^Patient"));
  /* both written forms are recorded as the patient's names, for the residual scan */
  g_autofree char *variant = veil_mapping_store_lookup (store, VEIL_MAPPING_PATIENT_NAME, "Smith^John");
  g_assert_cmpstr (variant, ==, first);
  remove_store (path);
}

static void
test_unflushed_rows_are_not_kept (void)
{
  g_autofree char *path = temp_store_path ();
  {
    g_autoptr (VeilMappingStore) store = veil_mapping_store_open (path, NULL);
    g_free (veil_identities_accession (store, "RXA00012345", NULL));
    veil_mapping_store_discard_pending (store);
    g_assert_cmpuint (veil_mapping_store_count (store, VEIL_MAPPING_ACCESSION), ==, 0);
  }
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (path, NULL);
  g_assert_cmpuint (veil_mapping_store_count (store, VEIL_MAPPING_ACCESSION), ==, 0);
  remove_store (path);
}

static void
test_unique_pseudonyms (void)
{
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* More staff than the word list has words: collisions must be resolved, never shared. */
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *name = g_strdup_printf ("DOCTOR%u^Test", i);
      char *pseudonym = veil_identities_person_name (store, name);
      g_assert_false (g_hash_table_contains (seen, pseudonym));
      g_hash_table_add (seen, pseudonym);
    }
}

static void
test_person_key_variants (void)
{
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", NULL);
  g_autofree char *a = veil_identities_person_name (store, "O'Brien-Testcase^Siân^^Dr");
  g_autofree char *b = veil_identities_person_name (store, "OBRIEN-TESTCASE^SIAN");
  g_autofree char *c = veil_identities_person_name (store, "Patel^Anil");
  g_assert_cmpstr (a, ==, b); /* one person, however written */
  g_assert_cmpstr (a, !=, c);
  g_assert_true (g_str_has_suffix (a, "^Clinician"));

  g_autofree char *key = veil_identities_person_key ("o'brien-testcase^Siân=オブライエン^シアン");
  g_assert_cmpstr (key, ==, "OBRIEN-TESTCASE^SIAN");
}

static void
test_patient_names_win_over_staff (void)
{
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", NULL);
  g_autofree char *patient = veil_identities_patient_name (store, "id:|X1", "DOE^JANE");
  /* The same name met later (an SR observer context) is the patient's. */
  g_autofree char *again = veil_identities_person_name (store, "DOE^JANE");
  g_assert_cmpstr (patient, ==, again);
}

static void
test_nhs_numbers (void)
{
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", NULL);
  g_assert_true (veil_nhs_number_is_valid ("9990000018"));
  g_assert_false (veil_nhs_number_is_valid ("9990000019"));
  g_assert_false (veil_nhs_number_is_valid ("999000001"));
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *original = g_strdup_printf ("943%07u", i);
      g_autofree char *pseudonym = veil_identities_nhs_number (store, original, NULL);
      g_assert_true (g_str_has_prefix (pseudonym, "999"));
      g_assert_true (veil_nhs_number_is_valid (pseudonym));
    }
  /* spaced and unspaced forms are one number */
  g_autofree char *spaced = veil_identities_nhs_number (store, "999 000 0018", NULL);
  g_autofree char *plain = veil_identities_nhs_number (store, "9990000018", NULL);
  g_assert_cmpstr (spaced, ==, plain);
}

static void
test_date_shift_consistent (void)
{
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", NULL);
  g_autofree char *a1 = veil_identities_shift_da (store, "id:|A", "20240115");
  g_autofree char *a2 = veil_identities_shift_da (store, "id:|A", "20240722");
  gint64 d1, d2;
  g_assert_nonnull (a1);
  g_assert_true (veil_identities_day_offset (store, "id:|A") < 0);
  /* interval kept: 189 days between the studies */
  g_assert_true (veil_da_to_days (a1, &d1));
  g_assert_true (veil_da_to_days (a2, &d2));
  g_assert_cmpint (d2 - d1, ==, 189);
  g_autofree char *dt = veil_identities_shift_dt (store, "id:|A", "20240115093000.123456+0100");
  g_assert_true (g_str_has_prefix (dt, a1));
  g_assert_true (g_str_has_suffix (dt, "093000.123456+0100"));
}

static void
test_well_known_uids_kept (void)
{
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", NULL);
  g_autofree char *ct = veil_identities_uid (store, "1.2.840.10008.5.1.4.1.1.2");
  g_assert_cmpstr (ct, ==, "1.2.840.10008.5.1.4.1.1.2");
  g_assert_cmpuint (veil_mapping_store_count (store, VEIL_MAPPING_UID), ==, 0);
}

static void
test_not_a_database (void)
{
  g_autofree char *path = temp_store_path ();
  g_assert_true (g_file_set_contents (path, "this is not sqlite, it is a report", -1, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  remove_store (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/key-persists", test_key_persists);
  g_test_add_func ("/store/case-record", test_case_record_round_trip);
  g_test_add_func ("/store/same-pseudonym-across-runs", test_same_original_same_pseudonym_across_runs);
  g_test_add_func ("/store/unflushed-not-kept", test_unflushed_rows_are_not_kept);
  g_test_add_func ("/store/unique-pseudonyms", test_unique_pseudonyms);
  g_test_add_func ("/identities/person-key-variants", test_person_key_variants);
  g_test_add_func ("/identities/patient-names-first", test_patient_names_win_over_staff);
  g_test_add_func ("/identities/nhs-numbers", test_nhs_numbers);
  g_test_add_func ("/identities/date-shift", test_date_shift_consistent);
  g_test_add_func ("/identities/well-known-uids", test_well_known_uids_kept);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  return g_test_run ();
}
