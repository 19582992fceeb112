/* test-deid-table.c: facts of PS3.15 (2024b) Table E.1-1, CID 7050 and Table E.3.10-1 as
 * generated into engine/veil-deid-table.c. */

#include "veil-deid-table.h"

#include <string.h>

#define ALL_OPTIONS ((VeilOptions) ((1u << VEIL_N_OPTIONS) - 1))

static const VeilDeidRule *
lookup_checked (guint16 group,
                guint16 element,
                const char *keyword)
{
  const VeilDeidRule *rule = veil_deid_table_lookup (VEIL_TAG (group, element));

  g_assert_nonnull (rule);
  g_assert_cmpstr (rule->keyword, ==, keyword);
  return rule;
}

static void
assert_action (VeilAction got,
               VeilAction want)
{
  g_assert_cmpstr (veil_action_to_string (got), ==, veil_action_to_string (want));
  g_assert_cmpint (got, ==, want);
}

static void
test_patient_and_study (void)
{
  const VeilDeidRule *rule;

  rule = lookup_checked (0x0010, 0x0010, "PatientName");
  assert_action (rule->basic, VEIL_ACTION_Z);
  assert_action (veil_deid_rule_effective_action (rule, ALL_OPTIONS), VEIL_ACTION_Z);

  /* PatientID is Z/D in E.1-1 (Type 1 in some IODs), not plain Z. */
  rule = lookup_checked (0x0010, 0x0020, "PatientID");
  assert_action (rule->basic, VEIL_ACTION_Z_D);

  rule = lookup_checked (0x0010, 0x0030, "PatientBirthDate");
  assert_action (rule->basic, VEIL_ACTION_Z);

  rule = lookup_checked (0x0008, 0x0050, "AccessionNumber");
  assert_action (rule->basic, VEIL_ACTION_Z);

  rule = lookup_checked (0x0010, 0x1010, "PatientAge");
  assert_action (rule->basic, VEIL_ACTION_X);
  assert_action (veil_deid_rule_effective_action (rule, 0), VEIL_ACTION_X);
  assert_action (veil_deid_rule_effective_action (rule,
                                                  VEIL_OPTION_RETAIN_PATIENT_CHARACTERISTICS),
                 VEIL_ACTION_K);
  assert_action (veil_deid_rule_effective_action (rule, VEIL_OPTION_RETAIN_UIDS), VEIL_ACTION_X);

  rule = lookup_checked (0x0008, 0x1030, "StudyDescription");
  assert_action (rule->basic, VEIL_ACTION_X);
  assert_action (veil_deid_rule_effective_action (rule, VEIL_OPTION_CLEAN_DESCRIPTORS),
                 VEIL_ACTION_C);
}

static void
test_dates (void)
{
  const VeilDeidRule *rule = lookup_checked (0x0008, 0x0020, "StudyDate");
  VeilOptions both_dates = VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES
                           | VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES;

  assert_action (rule->basic, VEIL_ACTION_Z);
  assert_action (veil_deid_rule_effective_action (rule,
                                                  VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES),
                 VEIL_ACTION_C);
  assert_action (veil_deid_rule_effective_action (rule,
                                                  VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES),
                 VEIL_ACTION_K);
  /* Both date options (which the standard treats as alternatives): options apply in bit
   * order, so Modified Dates (bit 6) wins over Full Dates (bit 5). */
  assert_action (veil_deid_rule_effective_action (rule, both_dates), VEIL_ACTION_C);
  /* An option whose cell is blank leaves the action alone. */
  assert_action (veil_deid_rule_effective_action (rule, VEIL_OPTION_CLEAN_DESCRIPTORS),
                 VEIL_ACTION_Z);
}

static void
test_uids (void)
{
  const VeilDeidRule *rule;

  rule = lookup_checked (0x0020, 0x000D, "StudyInstanceUID");
  assert_action (rule->basic, VEIL_ACTION_U);
  assert_action (veil_deid_rule_effective_action (rule, VEIL_OPTION_RETAIN_UIDS), VEIL_ACTION_K);
  assert_action (veil_deid_rule_effective_action (rule, VEIL_OPTION_RETAIN_DEVICE_IDENTITY),
                 VEIL_ACTION_U);

  rule = lookup_checked (0x0008, 0x0018, "SOPInstanceUID");
  assert_action (rule->basic, VEIL_ACTION_U);
  assert_action (veil_deid_rule_effective_action (rule, VEIL_OPTION_RETAIN_UIDS), VEIL_ACTION_K);

  rule = lookup_checked (0x0008, 0x1140, "ReferencedImageSequence");
  assert_action (rule->basic, VEIL_ACTION_X_Z_U);
  g_assert_cmpstr (veil_action_to_string (rule->basic), ==, "X/Z/U*");
}

static void
test_patterns (void)
{
  const VeilDeidRule *overlay, *rule;

  overlay = lookup_checked (0x6000, 0x3000, "OverlayData");
  g_assert_cmphex (overlay->mask, ==, 0xFF00FFFF);
  assert_action (overlay->basic, VEIL_ACTION_X);
  assert_action (veil_deid_rule_effective_action (overlay, VEIL_OPTION_CLEAN_GRAPHICS),
                 VEIL_ACTION_C);
  g_assert_true (veil_deid_table_lookup (VEIL_TAG (0x6002, 0x3000)) == overlay);
  g_assert_true (veil_deid_table_lookup (VEIL_TAG (0x601E, 0x3000)) == overlay);

  rule = lookup_checked (0x6002, 0x4000, "OverlayComments");
  assert_action (rule->basic, VEIL_ACTION_X);

  rule = lookup_checked (0x5000, 0x0010, "CurveData");
  g_assert_cmphex (rule->tag, ==, 0x50000000);
  g_assert_cmphex (rule->mask, ==, 0xFF000000);
  assert_action (rule->basic, VEIL_ACTION_X);
  assert_action (veil_deid_rule_effective_action (rule, VEIL_OPTION_CLEAN_GRAPHICS),
                 VEIL_ACTION_C);
  g_assert_true (veil_deid_table_lookup (VEIL_TAG (0x5002, 0x3000)) == rule);
  g_assert_true (veil_deid_table_lookup (VEIL_TAG (0x50FE, 0x0005)) == rule);

  /* Other elements of the overlay groups are not in E.1-1. */
  g_assert_null (veil_deid_table_lookup (VEIL_TAG (0x6000, 0x0010)));
  /* Odd (private) groups are never looked up, even where the mask would match. */
  g_assert_null (veil_deid_table_lookup (VEIL_TAG (0x6001, 0x3000)));
  g_assert_null (veil_deid_table_lookup (VEIL_TAG (0x5001, 0x0010)));
}

static void
test_not_listed (void)
{
  g_assert_null (veil_deid_table_lookup (VEIL_TAG (0x0028, 0x0010))); /* Rows */
  g_assert_null (veil_deid_table_lookup (VEIL_TAG (0x0008, 0x0060))); /* Modality */
  g_assert_null (veil_deid_table_lookup (VEIL_TAG (0x0042, 0x0010))); /* DocumentTitle */
  g_assert_null (veil_deid_table_lookup (VEIL_TAG (0x0009, 0x1010))); /* private */
  g_assert_null (veil_deid_table_lookup (VEIL_TAG (0x7FE0, 0x0010))); /* PixelData */
  g_assert_null (veil_deid_table_lookup (0x00000000));
  g_assert_null (veil_deid_table_lookup (0xFFFEE000));
}

static void
test_rules_table (void)
{
  const VeilDeidRule *rules;
  gsize n_rules = 0, n_exact = 0, i;
  guint basic_counts[VEIL_ACTION_X_Z_U + 1] = { 0 };
  guint option_k[VEIL_N_OPTIONS] = { 0 };
  guint option_c[VEIL_N_OPTIONS] = { 0 };
  guint option_other = 0;

  rules = veil_deid_table_get_rules (&n_rules);
  g_assert_nonnull (rules);
  g_assert_cmpuint (n_rules, ==, 620);

  for (i = 0; i < n_rules; i++)
    {
      guint bit;

      g_assert_nonnull (rules[i].keyword);
      g_assert_cmpint (rules[i].basic, >, VEIL_ACTION_NONE);
      g_assert_cmpint (rules[i].basic, <=, VEIL_ACTION_X_Z_U);
      basic_counts[rules[i].basic]++;
      for (bit = 0; bit < VEIL_N_OPTIONS; bit++)
        {
          if (rules[i].option[bit] == VEIL_ACTION_K)
            option_k[bit]++;
          else if (rules[i].option[bit] == VEIL_ACTION_C)
            option_c[bit]++;
          else if (rules[i].option[bit] != VEIL_ACTION_NONE)
            option_other++;
        }

      if (rules[i].mask == 0xFFFFFFFF)
        {
          /* Exact rows come first, strictly sorted, each found by lookup. */
          g_assert_cmpuint (i, ==, n_exact);
          n_exact++;
          if (i > 0)
            g_assert_cmphex (rules[i - 1].tag, <, rules[i].tag);
          g_assert_true (veil_deid_table_lookup (rules[i].tag) == &rules[i]);
          g_assert_cmpuint ((rules[i].tag >> 16) & 1, ==, 0);
        }
      else
        {
          g_assert_cmphex (rules[i].tag & ~rules[i].mask, ==, 0);
        }
    }
  g_assert_cmpuint (n_exact, ==, 617);

  /* The shared README counts the 621 rows of the JSON: X 384, D 92, U 54, Z 42, X/D 22,
   * X/Z 11, X/Z/D 8, Z/D 6, X/Z/U* 2. This table leaves out the odd-group row (basic X),
   * so X is one less; the three pattern rows (all X) are in. */
  g_assert_cmpuint (basic_counts[VEIL_ACTION_X], ==, 383);
  g_assert_cmpuint (basic_counts[VEIL_ACTION_D], ==, 92);
  g_assert_cmpuint (basic_counts[VEIL_ACTION_U], ==, 54);
  g_assert_cmpuint (basic_counts[VEIL_ACTION_Z], ==, 42);
  g_assert_cmpuint (basic_counts[VEIL_ACTION_X_D], ==, 22);
  g_assert_cmpuint (basic_counts[VEIL_ACTION_X_Z], ==, 11);
  g_assert_cmpuint (basic_counts[VEIL_ACTION_X_Z_D], ==, 8);
  g_assert_cmpuint (basic_counts[VEIL_ACTION_Z_D], ==, 6);
  g_assert_cmpuint (basic_counts[VEIL_ACTION_X_Z_U], ==, 2);
  g_assert_cmpuint (basic_counts[VEIL_ACTION_K], ==, 0);
  g_assert_cmpuint (basic_counts[VEIL_ACTION_C], ==, 0);

  /* Option columns (README counts; Safe Private's single C is on the odd-group row). */
  g_assert_cmpuint (option_other, ==, 0);
  g_assert_cmpuint (option_c[0], ==, 0);
  g_assert_cmpuint (option_k[0], ==, 0);
  g_assert_cmpuint (option_k[1], ==, 59);  /* Retain UIDs */
  g_assert_cmpuint (option_k[2], ==, 46);  /* Device Identity */
  g_assert_cmpuint (option_c[2], ==, 11);
  g_assert_cmpuint (option_k[3], ==, 10);  /* Institution Identity */
  g_assert_cmpuint (option_k[4], ==, 9);   /* Patient Characteristics */
  g_assert_cmpuint (option_c[4], ==, 4);
  g_assert_cmpuint (option_k[5], ==, 165); /* Full Dates */
  g_assert_cmpuint (option_c[6], ==, 165); /* Modified Dates */
  g_assert_cmpuint (option_c[7], ==, 125); /* Clean Descriptors */
  g_assert_cmpuint (option_c[8], ==, 3);   /* Clean Structured Content */
  g_assert_cmpuint (option_c[9], ==, 4);   /* Clean Graphics */
}

static void
test_action_strings (void)
{
  g_assert_cmpstr (veil_action_to_string (VEIL_ACTION_NONE), ==, "");
  g_assert_cmpstr (veil_action_to_string (VEIL_ACTION_X), ==, "X");
  g_assert_cmpstr (veil_action_to_string (VEIL_ACTION_Z_D), ==, "Z/D");
  g_assert_cmpstr (veil_action_to_string (VEIL_ACTION_X_Z), ==, "X/Z");
  g_assert_cmpstr (veil_action_to_string (VEIL_ACTION_X_D), ==, "X/D");
  g_assert_cmpstr (veil_action_to_string (VEIL_ACTION_X_Z_D), ==, "X/Z/D");
  g_assert_cmpstr (veil_action_to_string (VEIL_ACTION_X_Z_U), ==, "X/Z/U*");
}

static void
test_option_names (void)
{
  static const char *const names[VEIL_N_OPTIONS] = {
    "retain-safe-private",
    "retain-uids",
    "retain-device-identity",
    "retain-institution-identity",
    "retain-patient-characteristics",
    "retain-longitudinal-full-dates",
    "retain-longitudinal-modified-dates",
    "clean-descriptors",
    "clean-structured-content",
    "clean-graphics",
  };
  VeilOptions option = 0;
  guint bit;

  for (bit = 0; bit < VEIL_N_OPTIONS; bit++)
    {
      VeilOptions single = (VeilOptions) (1u << bit);
      const char *title = veil_option_get_title (single);

      g_assert_cmpstr (veil_option_get_name (single), ==, names[bit]);
      g_assert_true (veil_option_from_name (names[bit], &option));
      g_assert_cmpuint (option, ==, single);
      g_assert_nonnull (title);
      g_assert_true (g_str_has_suffix (title, " Option"));
    }

  g_assert_cmpstr (veil_option_get_title (VEIL_OPTION_RETAIN_SAFE_PRIVATE), ==,
                   "Retain Safe Private Option");
  g_assert_cmpstr (veil_option_get_title (VEIL_OPTION_CLEAN_DESCRIPTORS), ==,
                   "Clean Descriptors Option");

  g_assert_null (veil_option_get_name (0));
  g_assert_null (veil_option_get_name (VEIL_OPTION_RETAIN_UIDS | VEIL_OPTION_CLEAN_GRAPHICS));
  g_assert_null (veil_option_get_title ((VeilOptions) (1u << VEIL_N_OPTIONS)));
  option = VEIL_OPTION_CLEAN_GRAPHICS;
  g_assert_false (veil_option_from_name ("retain-everything", &option));
  g_assert_false (veil_option_from_name ("Retain-UIDs", &option));
  g_assert_false (veil_option_from_name (NULL, &option));
  g_assert_cmpuint (option, ==, VEIL_OPTION_CLEAN_GRAPHICS);
}

static void
test_method_codes (void)
{
  const VeilDeidMethodCode *codes, *code;
  gsize n_codes = 0, i;
  guint bit;

  codes = veil_deid_method_codes (&n_codes);
  g_assert_nonnull (codes);
  g_assert_cmpuint (n_codes, ==, 13);
  for (i = 0; i < n_codes; i++)
    g_assert_true (veil_deid_method_code_lookup (codes[i].code_value) == &codes[i]);

  code = veil_deid_method_code_for_option (0);
  g_assert_nonnull (code);
  g_assert_cmpstr (code->code_value, ==, "113100");
  g_assert_cmpstr (code->meaning, ==, "Basic Application Confidentiality Profile");
  g_assert_true (code->basic);

  code = veil_deid_method_code_for_option (VEIL_OPTION_CLEAN_DESCRIPTORS);
  g_assert_nonnull (code);
  g_assert_cmpstr (code->code_value, ==, "113105");
  g_assert_cmpstr (code->meaning, ==, "Clean Descriptors Option");
  g_assert_false (code->basic);

  code = veil_deid_method_code_for_option (VEIL_OPTION_RETAIN_SAFE_PRIVATE);
  g_assert_cmpstr (code->code_value, ==, "113111");
  code = veil_deid_method_code_for_option (VEIL_OPTION_RETAIN_INSTITUTION_IDENTITY);
  g_assert_cmpstr (code->code_value, ==, "113112");
  code = veil_deid_method_code_for_option (VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES);
  g_assert_cmpstr (code->meaning, ==,
                   "Retain Longitudinal Temporal Information Modified Dates Option");

  for (bit = 0; bit < VEIL_N_OPTIONS; bit++)
    {
      VeilOptions single = (VeilOptions) (1u << bit);

      code = veil_deid_method_code_for_option (single);
      g_assert_nonnull (code);
      g_assert_cmpuint (code->option, ==, single);
    }

  code = veil_deid_method_code_lookup ("113101");
  g_assert_nonnull (code);
  g_assert_cmpstr (code->meaning, ==, "Clean Pixel Data Option");
  g_assert_cmpuint (code->option, ==, 0);
  g_assert_false (code->basic);
  code = veil_deid_method_code_lookup ("113102");
  g_assert_nonnull (code);
  g_assert_cmpstr (code->meaning, ==, "Clean Recognizable Visual Features Option");

  g_assert_null (veil_deid_method_code_lookup ("113113"));
  g_assert_null (veil_deid_method_code_lookup (""));
  g_assert_null (veil_deid_method_code_lookup (NULL));
  g_assert_null (veil_deid_method_code_for_option (VEIL_OPTION_RETAIN_UIDS
                                                   | VEIL_OPTION_CLEAN_GRAPHICS));
}

static void
test_safe_private (void)
{
  /* Philips PET SUV Factor and Activity Concentration Factor. */
  g_assert_true (veil_safe_private_is_safe ("Philips PET Private Group", 0x7053, 0x00));
  g_assert_true (veil_safe_private_is_safe ("Philips PET Private Group", 0x7053, 0x09));
  g_assert_false (veil_safe_private_is_safe ("Philips PET Private Group", 0x7053, 0x01));
  /* GE Table Speed; padded creator values still match. */
  g_assert_true (veil_safe_private_is_safe ("GEMS_ACQU_01", 0x0019, 0x23));
  g_assert_true (veil_safe_private_is_safe ("GEMS_ACQU_01 ", 0x0019, 0x23));
  g_assert_true (veil_safe_private_is_safe (" GEMS_ACQU_01  ", 0x0019, 0x9E));
  g_assert_false (veil_safe_private_is_safe ("GEMS_ACQU_01", 0x0021, 0x23));
  g_assert_false (veil_safe_private_is_safe ("GEMS_ACQU_0", 0x0019, 0x23));
  g_assert_false (veil_safe_private_is_safe ("GEMS_ACQU_011", 0x0019, 0x23));
  g_assert_false (veil_safe_private_is_safe ("gems_acqu_01", 0x0019, 0x23));
  /* Siemens diffusion B value; Philips Imaging DD 129 Presentation State Sequence. */
  g_assert_true (veil_safe_private_is_safe ("SIEMENS MR HEADER", 0x0019, 0x0C));
  g_assert_true (veil_safe_private_is_safe ("Philips Imaging DD 129", 0x2001, 0x00));
  g_assert_false (veil_safe_private_is_safe ("Philips Imaging DD 001", 0x2001, 0x00));
  g_assert_true (veil_safe_private_is_safe ("SIEMENS Ultrasound SC2000", 0x7FD1, 0x09));
  g_assert_true (veil_safe_private_is_safe ("SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING",
                                            0x7FD1, 0x11));
  /* Unknown creators and odd inputs. */
  g_assert_false (veil_safe_private_is_safe ("ACME Imaging", 0x0019, 0x23));
  g_assert_false (veil_safe_private_is_safe ("", 0x7053, 0x00));
  g_assert_false (veil_safe_private_is_safe ("   ", 0x7053, 0x00));
  g_assert_false (veil_safe_private_is_safe (NULL, 0x7053, 0x00));
  /* The Siemens CSA headers are not safe. */
  g_assert_false (veil_safe_private_is_safe ("SIEMENS CSA HEADER", 0x0029, 0x10));
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/deid-table/patient-and-study", test_patient_and_study);
  g_test_add_func ("/deid-table/dates", test_dates);
  g_test_add_func ("/deid-table/uids", test_uids);
  g_test_add_func ("/deid-table/patterns", test_patterns);
  g_test_add_func ("/deid-table/not-listed", test_not_listed);
  g_test_add_func ("/deid-table/rules-table", test_rules_table);
  g_test_add_func ("/deid-table/action-strings", test_action_strings);
  g_test_add_func ("/deid-table/option-names", test_option_names);
  g_test_add_func ("/deid-table/method-codes", test_method_codes);
  g_test_add_func ("/deid-table/safe-private", test_safe_private);

  return g_test_run ();
}
