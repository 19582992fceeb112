/* Each E.1-1 action code, checked on a real DICOM file made by DCMTK's dump2dcm and read
 * back through the bridge: for every listed attribute with a plain string VR, the outcome
 * must be what its effective action says, under the Basic Profile and under each option. */

#include "veil-deid-table.h"
#include "veil-dicom-bridge.h"
#include "veil-dicom-deidentifier.h"
#include "veil-dicom-subject.h"
#include "veil-mapping-store.h"
#include "veil-text-scrubber.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  guint32 tag;
  char vr[3];
  char *value;
} Sample;

static const char *const simple_vrs[] = { "PN", "LO", "SH", "DA", "TM", "DT", "CS", "UI",
                                          "LT", "ST", "DS", "IS", "AS", "UT", NULL };

static const char *
value_for_vr (const char *vr, guint n)
{
  static char buffer[64];
  if (g_str_equal (vr, "PN"))
    return "TESTNAME^Given";
  if (g_str_equal (vr, "DA"))
    return "20200115";
  if (g_str_equal (vr, "TM"))
    return "101500";
  if (g_str_equal (vr, "DT"))
    return "20200115101500";
  if (g_str_equal (vr, "CS"))
    return "VALUE1";
  if (g_str_equal (vr, "UI"))
    {
      g_snprintf (buffer, sizeof buffer, "1.2.826.0.1.3680043.99.%u", n + 1);
      return buffer;
    }
  if (g_str_equal (vr, "DS"))
    return "12.5";
  if (g_str_equal (vr, "IS"))
    return "42";
  if (g_str_equal (vr, "AS"))
    return "045Y";
  if (g_str_equal (vr, "SH"))
    return "IDTEXT1";
  return "Identifying text one";
}

static void
sample_free (gpointer data)
{
  Sample *s = data;
  g_free (s->value);
  g_free (s);
}

static GPtrArray *
pick_samples (void)
{
  gsize n_rules;
  const VeilDeidRule *rules = veil_deid_table_get_rules (&n_rules);
  GPtrArray *samples = g_ptr_array_new_with_free_func (sample_free);

  for (gsize i = 0; i < n_rules; i++)
    {
      const VeilDeidRule *rule = &rules[i];
      guint16 group = (guint16) (rule->tag >> 16), element = (guint16) (rule->tag & 0xFFFF);
      if (rule->mask != 0xFFFFFFFFu || group == 0x0002 || group == 0x0000 || (group == 0x0008 && element == 0x0018))
        continue;
      const char *vr = veil_dcm_tag_get_vr (group, element);
      if (vr == NULL || !g_strv_contains (simple_vrs, vr))
        continue;
      Sample *s = g_new0 (Sample, 1);
      s->tag = rule->tag;
      g_strlcpy (s->vr, vr, sizeof s->vr);
      s->value = g_strdup (value_for_vr (vr, samples->len));
      g_ptr_array_add (samples, s);
    }
  return samples;
}

static char *
make_file (GPtrArray *samples, const char *dir)
{
  GString *dump = g_string_new (NULL);
  g_autofree char *dump_path = g_build_filename (dir, "in.dump", NULL);
  char *dcm_path = g_build_filename (dir, "in.dcm", NULL);

  g_string_append (dump, "(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]\n"
                         "(0008,0018) UI [1.2.826.0.1.3680043.99.999999]\n");
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = g_ptr_array_index (samples, i);
      g_string_append_printf (dump, "(%04X,%04X) %s [%s]\n", s->tag >> 16, s->tag & 0xFFFF, s->vr,
                              s->value);
    }
  g_assert_true (g_file_set_contents (dump_path, dump->str, -1, NULL));
  g_string_free (dump, TRUE);

  const char *argv[] = { "dump2dcm", "-q", "+te", dump_path, dcm_path, NULL };
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return dcm_path;
}

static void
check_options (VeilOptions options, GPtrArray *samples, const char *path, guint *n_checked)
{
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", NULL);
  g_autoptr (VeilTextScrubber) scrubber = veil_text_scrubber_new ();
  veil_text_scrubber_compile (scrubber);
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (path, 0, &error);
  g_assert_no_error (error);
  g_autoptr (VeilDicomSubject) subject = veil_dicom_subject_read (file);
  g_autoptr (VeilDicomDeidentifier) deid = veil_dicom_deidentifier_new (store, options, scrubber);
  g_assert_true (veil_dicom_deidentifier_apply (deid, file, subject, NULL, &error));
  VeilDcmItem *ds = veil_dcm_file_get_dataset (file);

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = g_ptr_array_index (samples, i);
      guint16 group = (guint16) (s->tag >> 16), element = (guint16) (s->tag & 0xFFFF);
      const VeilDeidRule *rule = veil_deid_table_lookup (s->tag);
      VeilAction action = veil_deid_rule_effective_action (rule, options);
      gboolean present = veil_dcm_item_find (ds, group, element, NULL);
      g_autofree char *value = present ? veil_dcm_item_get_string (ds, group, element) : NULL;
      g_autofree char *where = g_strdup_printf ("%s (%04X,%04X) %s action %s options %x",
                                                rule->keyword, group, element, s->vr,
                                                veil_action_to_string (action), options);

      switch (action)
        {
        case VEIL_ACTION_X:
          if (present)
            g_error ("%s: still present as \"%s\"", where, value);
          break;
        case VEIL_ACTION_K:
          if (!present || g_strcmp0 (value, s->value) != 0)
            g_error ("%s: not kept (\"%s\")", where, value ? value : "(absent)");
          break;
        case VEIL_ACTION_U:
          if (!present || !g_str_has_prefix (value, "2.25."))
            g_error ("%s: not a new UID (\"%s\")", where, value ? value : "(absent)");
          break;
        case VEIL_ACTION_D:
          if (!present || *value == '\0' || g_str_equal (value, s->value))
            g_error ("%s: no dummy (\"%s\")", where, value ? value : "(absent)");
          break;
        case VEIL_ACTION_Z:
        case VEIL_ACTION_Z_D:
        case VEIL_ACTION_X_Z:
        case VEIL_ACTION_X_D:
        case VEIL_ACTION_X_Z_D:
          if (action == VEIL_ACTION_Z && !present)
            g_error ("%s: removed, but Z keeps the attribute", where);
          if (present && *value != '\0' && g_str_equal (value, s->value))
            g_error ("%s: original value kept", where);
          break;
        case VEIL_ACTION_C:
          /* Cleaned: dates are shifted or replaced; text keeps what is not identifying (the
           * scrubber here knows no identifiers, so text is unchanged). */
          if (!present)
            g_error ("%s: removed, but C keeps a cleaned value", where);
          if ((g_str_equal (s->vr, "DA") || g_str_equal (s->vr, "DT")) && g_str_equal (value, s->value))
            g_error ("%s: date not changed", where);
          break;
        default:
          break;
        }
      (*n_checked)++;
    }

  /* the de-identification record */
  g_autofree char *removed = veil_dcm_item_get_string (ds, 0x0012, 0x0062);
  g_assert_cmpstr (removed, ==, "YES");
  guint n_codes = veil_dcm_item_get_n_sequence_items (ds, 0x0012, 0x0064);
  g_assert_cmpuint (n_codes, ==, 1 + (guint) __builtin_popcount (options));
  VeilDcmItem *first = veil_dcm_item_get_sequence_item (ds, 0x0012, 0x0064, 0);
  g_autofree char *code = veil_dcm_item_get_string (first, 0x0008, 0x0100);
  g_assert_cmpstr (code, ==, "113100");
}

static void
test_each_action (void)
{
  g_autofree char *dir = g_dir_make_tmp ("veil-deid-XXXXXX", NULL);
  g_autoptr (GPtrArray) samples = pick_samples ();
  g_autofree char *path = make_file (samples, dir);
  guint n_checked = 0;

  g_assert_cmpuint (samples->len, >, 300);
  check_options ((VeilOptions) 0, samples, path, &n_checked);
  for (guint bit = 0; bit < VEIL_N_OPTIONS; bit++)
    check_options ((VeilOptions) (1u << bit), samples, path, &n_checked);
  g_test_message ("checked %u attribute outcomes", n_checked);

  g_autofree char *dump = g_build_filename (dir, "in.dump", NULL);
  g_unlink (dump);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deid/each-action", test_each_action);
  return g_test_run ();
}
