/* test-text-recognisers.c: the report-text recognisers (NHS checksum, postcodes, dates,
 * names, eponyms) and the pipeline's consistency with veil-identities. */
#include "veil-datetime.h"
#include "veil-identities.h"
#include "veil-pseudonyms.h"
#include "veil-text-contact.h"
#include "veil-text-dates.h"
#include "veil-text-deidentifier.h"
#include "veil-text-lexicon.h"
#include "veil-text-numbers.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  char *dir;
  VeilMappingStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  f->dir = g_dir_make_tmp ("veil-text-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (f->dir, "map.sqlite", NULL);
  f->store = veil_mapping_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "map.sqlite", NULL);
  g_object_unref (f->store);
  g_unlink (path);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* The text with every finding applied. */
static char *
deidentify (VeilTextDeidentifier *deid, const char *text)
{
  g_autoptr (GPtrArray) findings = veil_text_deidentifier_analyse (deid, text, strlen (text));
  /* Sorted and non-overlapping, every one explained. */
  for (guint i = 0; i < findings->len; i++)
    {
      VeilTextFinding *f = g_ptr_array_index (findings, i);
      g_assert_nonnull (f->reason);
      g_assert_nonnull (f->replacement);
      g_assert_cmpint (f->end, >, f->start);
      g_autofree char *at = g_strndup (text + f->start, f->end - f->start);
      g_assert_cmpstr (f->original, ==, at);
      if (i > 0)
        g_assert_cmpint (((VeilTextFinding *) g_ptr_array_index (findings, i - 1))->end, <=, f->start);
    }
  return veil_text_apply_findings (text, strlen (text), findings, NULL);
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("expected \"%s\" in:\n%s", needle, haystack);
}

/* `needle` must not be left — except as the word of a pseudonym ("Bramble-8D"), which a random
 * key may well pick from the same nature words the test's names use. */
static void
assert_lacks (const char *haystack, const char *needle)
{
  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    {
      const char *after = p + strlen (needle);
      gboolean pseudonym = after[0] == '-' && g_ascii_isdigit (after[1]) && g_ascii_isupper (after[2]);
      if (!pseudonym)
        g_error ("did not expect \"%s\" in:\n%s", needle, haystack);
    }
}

/* ---- numbers ---- */

static void
test_nhs_checksum (void)
{
  g_assert_true (veil_text_is_nhs_number ("9434765919", 10));
  g_assert_true (veil_text_is_nhs_number ("943 476 5919", 12));
  g_assert_true (veil_text_is_nhs_number ("943-476-5919", 12));
  g_assert_false (veil_text_is_nhs_number ("9434765918", 10));
  g_assert_false (veil_text_is_nhs_number ("943476591", 9));
  g_assert_false (veil_text_is_nhs_number ("943 476 591X", 12));
  /* CHI (DDMMYY + 4) and H&C numbers use the same check digit. */
  g_assert_true (veil_text_is_nhs_number ("1403560455", 10));
  g_assert_true (veil_text_is_nhs_number ("3933801419", 10));

  g_autofree char *laid = veil_text_copy_digit_layout ("943 476 5919", 12, "9990001234");
  g_assert_cmpstr (laid, ==, "999 000 1234");
  g_autofree char *dashed = veil_text_copy_digit_layout ("943-476-5919", 12, "9990001234");
  g_assert_cmpstr (dashed, ==, "999-000-1234");
}

static void
test_nhs_in_text (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  const char *text = "NHS No: 943 476 5919\nSeen with number 9434765919 and 943-476-5919.\n"
                     "NHS Number: 478 008 3748 (does not validate)\n";
  g_autofree char *out = deidentify (deid, text);

  assert_lacks (out, "943 476 5919");
  assert_lacks (out, "9434765919");
  assert_lacks (out, "943-476-5919");
  assert_lacks (out, "478 008 3748"); /* a labelled number whatever its checksum */
  /* The same number gets the same valid 999 number, in each layout. */
  g_autofree char *pseudo = veil_identities_nhs_number (f->store, "9434765919", NULL);
  g_assert_true (g_str_has_prefix (pseudo, "999"));
  g_assert_true (veil_nhs_number_is_valid (pseudo));
  g_autofree char *spaced = g_strdup_printf ("%.3s %.3s %.4s", pseudo, pseudo + 3, pseudo + 6);
  g_autofree char *dashed = g_strdup_printf ("%.3s-%.3s-%.4s", pseudo, pseudo + 3, pseudo + 6);
  assert_contains (out, spaced);
  assert_contains (out, pseudo);
  assert_contains (out, dashed);
}

static void
test_phones_and_ids (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  const char *text = "Tel: 0113 496 0123 ext 4567. Mobile 07700 900123. Switchboard +44 (0)20 7946 0991.\n"
                     "Hospital No: K123456. Accession RXA00012345. MRN 1234567. GMC 7012345. "
                     "NMC PIN 05A1234E. Email j.smith@nhs.net, see https://example.nhs.uk/x?id=1\n";
  g_autofree char *out = deidentify (deid, text);

  for (const char *const *v = (const char *const[]) { "496 0123", "4567", "900123", "7946 0991",
                                                       "K123456", "RXA00012345", "1234567",
                                                       "7012345", "05A1234E", "j.smith",
                                                       "example.nhs.uk", NULL };
       *v; v++)
    assert_lacks (out, *v);
  /* Surrogates keep the layout: a drama number where a number was. */
  assert_contains (out, "0113 496 0");
  assert_contains (out, "07700 900");
  assert_contains (out, "+44 (0)20 7946 0");
  assert_contains (out, "@example.org");
}

/* ---- postcodes ---- */

static void
test_postcodes (void)
{
  const char *valid[] = { "SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH",
                          "DN55 1PT", "LS1 4AB", "LS14AB", "ZZ99 3VZ", "GIR 0AA", "BT48 6DQ" };
  const char *invalid[] = { "LS1 4A", "1LS 4AB", "ABCDE 1AB", "LS 4AB", "pT2 N0", "L4/5" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_cmpuint (veil_text_match_postcode (valid[i], strlen (valid[i]), 0, FALSE), ==,
                      strlen (valid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_cmpuint (veil_text_match_postcode (invalid[i], strlen (invalid[i]), 0, FALSE), ==, 0);
  g_assert_cmpuint (veil_text_match_postcode ("ls1 4ab", 7, 0, FALSE), ==, 0);
  g_assert_cmpuint (veil_text_match_postcode ("ls1 4ab", 7, 0, TRUE), ==, 7);
  /* Not the middle of a word. */
  g_assert_cmpuint (veil_text_match_postcode ("XLS1 4AB", 8, 1, FALSE), ==, 0);
}

static void
test_addresses (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  const char *text = "Address: 12 Acacia Avenue, Little Ashby\nWexcombe\nZZ99 3VZ\n"
                     "He lives at 4 Mill Lane, Northgate, LS1 4AB with his wife.\n";
  g_autofree char *out = deidentify (deid, text);

  for (const char *const *v = (const char *const[]) { "Acacia", "Little Ashby", "Wexcombe", "ZZ99 3VZ",
                                                       "Mill Lane", "Northgate", "LS1 4AB", NULL };
       *v; v++)
    assert_lacks (out, *v);
  assert_contains (out, "[address]");
  assert_contains (out, "ZZ99 ");
  assert_contains (out, "with his wife.");
}

/* ---- dates ---- */

static void
assert_date_render (const char *written, int y, int m, int d, const char *expected)
{
  VeilTextDate date;
  gsize end;

  if (!veil_text_parse_date (written, strlen (written), 0, &date, &end))
    g_error ("\"%s\" is a date", written);
  g_assert_cmpuint (end, ==, strlen (written));
  g_autofree char *out = veil_text_date_render (written, &date, 0, end, y, m, d);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_dates (void)
{
  /* The replacement keeps the written form. */
  assert_date_render ("03/04/1956", 1951, 9, 17, "17/09/1951");
  assert_date_render ("3/4/1956", 1951, 9, 17, "17/9/1951");
  assert_date_render ("3.4.56", 1951, 9, 7, "7.9.51");
  assert_date_render ("03-04-1956", 1951, 9, 17, "17-09-1951");
  assert_date_render ("1956-04-03", 1951, 9, 17, "1951-09-17");
  assert_date_render ("19560403", 1951, 9, 17, "19510917");
  assert_date_render ("3 Apr 1956", 1951, 9, 17, "17 Sep 1951");
  assert_date_render ("3rd April 1956", 1951, 9, 17, "17th September 1951");
  assert_date_render ("3rd of April 1956", 1951, 9, 22, "22nd of September 1951");
  assert_date_render ("03-APR-1956", 1951, 9, 17, "17-SEP-1951");
  assert_date_render ("April 3, 1956", 1951, 9, 17, "September 17, 1951");
  assert_date_render ("Tuesday 3 April 1956", 1951, 9, 17, "Monday 17 September 1951");
  assert_date_render ("12/03/2024 14:32", 2019, 1, 17, "17/01/2019 14:32");
  assert_date_render ("2024-03-12T14:32:05", 2019, 1, 17, "2019-01-17T14:32:05");
  assert_date_render ("12/03/2024 at 2.30pm", 2019, 1, 17, "17/01/2019 at 2.30pm");
  assert_date_render ("April 2023", 2021, 11, 15, "November 2021");
  assert_date_render ("3 April", 2001, 9, 17, "17 September");
  assert_date_render ("12 Mar 24", 2019, 1, 17, "17 Jan 19");

  /* Not dates: ratios, fractions of a year, levels, measurements, versions, verbs. */
  const char *not_dates[] = { "3/4", "120/80", "1.2.3", "3/12", "2/52", "1.5.10.2", "may be",
                              "12 mm", "3 April 12 mm", "4/5", "8/8" };
  for (guint i = 0; i < G_N_ELEMENTS (not_dates); i++)
    {
      VeilTextDate date;
      gsize end;
      gboolean parsed = veil_text_parse_date (not_dates[i], strlen (not_dates[i]), 0, &date, &end);
      if (parsed && !(date.year == 0 && date.day > 0 && g_str_equal (not_dates[i], "3 April 12 mm")))
        g_error ("\"%s\" is not a date", not_dates[i]);
    }
  g_assert_cmpint (veil_text_weekday (2024, 3, 12), ==, 2); /* a Tuesday */
}

static void
test_date_options (Fixture *f, gconstpointer data)
{
  const char *text = "Patient: Mr John Smith  DOB: 03/04/1956\nScan on 12/03/2024.\n";

  /* Modified dates: shifted by the patient's offset, as the DICOM side shifts them. */
  {
    g_autoptr (VeilTextDeidentifier) deid
        = veil_text_deidentifier_new (f->store, VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES);
    veil_text_deidentifier_add_patient (deid, "P1", "SMITH^JOHN", "K123456", "19560403");
    g_autofree char *out = deidentify (deid, text);
    g_autofree char *dob = veil_identities_shift_da (f->store, "P1", "19560403");
    g_autofree char *scan = veil_identities_shift_da (f->store, "P1", "20240312");
    g_autofree char *dob_uk = g_strdup_printf ("%.2s/%.2s/%.4s", dob + 6, dob + 4, dob);
    g_autofree char *scan_uk = g_strdup_printf ("%.2s/%.2s/%.4s", scan + 6, scan + 4, scan);
    assert_contains (out, dob_uk);
    assert_contains (out, scan_uk);
  }
  /* Full dates: kept, except the date of birth. */
  {
    g_autoptr (VeilTextDeidentifier) deid
        = veil_text_deidentifier_new (f->store, VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES);
    g_autofree char *out = deidentify (deid, text);
    assert_contains (out, "12/03/2024");
    assert_lacks (out, "03/04/1956");
  }
  /* No date option: a placeholder. */
  {
    g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
    g_autofree char *out = deidentify (deid, text);
    assert_lacks (out, "12/03/2024");
    assert_lacks (out, "03/04/1956");
    assert_contains (out, "[date]");
  }
}

/* ---- names ---- */

static void
test_known_patient_forms (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  veil_text_deidentifier_add_patient (deid, "P1", "SMITH^JOHN", "K123456", "19560403");
  const char *text = "Patient Name: John Smith\nHospital No: K123456\n\n"
                     "Mr Smith declined the lateral view. SMITH, John was seen. J. Smith's wife "
                     "attended. Ref SMITH^JOHN. John was reassured.\n";
  g_autofree char *out = deidentify (deid, text);

  /* The pseudonym is the one the DICOM side gets for this patient. */
  g_autofree char *pn = veil_identities_patient_name (f->store, "P1", NULL);
  g_autofree char *family = veil_pseudonym_get_family (pn);
  g_autofree char *upper = g_ascii_strup (family, -1);
  g_autofree char *mr = g_strdup_printf ("Mr %s declined", family);
  g_autofree char *whole = g_strdup_printf ("Patient %s\n", family);
  g_autofree char *comma = g_strdup_printf ("%s, Patient was seen", upper);
  g_autofree char *initial = g_strdup_printf ("P. %s's wife", family);
  g_autofree char *caret = g_strdup_printf ("%s^PATIENT", upper);

  assert_lacks (out, "Smith");
  assert_lacks (out, "SMITH");
  assert_lacks (out, "John");
  assert_lacks (out, "K123456");
  assert_contains (out, mr);
  assert_contains (out, whole);
  assert_contains (out, comma);
  assert_contains (out, initial);
  assert_contains (out, caret);
  assert_contains (out, "Patient was reassured");
}

static void
test_names_by_context (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  const char *text = "Discussed with Dr Anil Patel on the ward. Dr Patel agreed.\n"
                     "Reported by: Sarah Jones, Consultant Radiologist\n"
                     "cc: Prof B Khumalo; Mrs O'Brien-Testcase\n"
                     "Dear Dr Okonkwo,\n\nYours sincerely\n\nTemitope Adeyemi\nConsultant Histopathologist\n"
                     "The results were phoned to Sister Nkechi Ibe.\n";
  g_autofree char *out = deidentify (deid, text);

  for (const char *const *v = (const char *const[]) { "Anil", "Patel", "Sarah", "Jones", "Khumalo",
                                                       "O'Brien", "Testcase", "Okonkwo", "Temitope",
                                                       "Adeyemi", "Nkechi", "Ibe", NULL };
       *v; v++)
    assert_lacks (out, *v);
  /* Titles and roles stay; one person, one pseudonym ("Dr Anil Patel", "Dr Patel"). */
  assert_contains (out, "Consultant Radiologist");
  g_autofree char *pn = veil_identities_person_name (f->store, "PATEL^ANIL");
  g_autofree char *family = veil_pseudonym_get_family (pn);
  g_autofree char *agreed = g_strdup_printf ("Dr %s agreed", family);
  assert_contains (out, agreed);
}

static void
test_cross_document (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  const char *request = "Surname: ADEYEMI\nForename(s): Folake\nHospital number: RGH6650912\n";
  const char *report = "Ms Adeyemi is listed for surgery. Folake was informed.\n";

  veil_text_deidentifier_learn (deid, request, strlen (request));
  veil_text_deidentifier_learn (deid, report, strlen (report));
  g_autofree char *a = deidentify (deid, request);
  g_autofree char *b = deidentify (deid, report);
  assert_lacks (b, "Adeyemi");
  assert_lacks (b, "Folake");

  /* The request's surname and the report's "Ms Adeyemi" are one pseudonym. */
  const char *colon = strstr (a, "Surname: ") + strlen ("Surname: ");
  g_autofree char *surname = g_strndup (colon, strcspn (colon, "\n"));
  g_autofree char *lower = g_ascii_strdown (surname, -1);
  g_autofree char *b_lower = g_ascii_strdown (b, -1);
  assert_contains (b_lower, lower);
}

static void
test_eponyms (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  veil_text_deidentifier_add_patient (deid, "P2", "PARKINSON^JAMES", NULL, NULL);
  veil_text_deidentifier_add_person (deid, "CROHN^BURRILL");
  const char *text = "Mr Parkinson has Parkinson's disease and Crohn's disease. Known Hodgkin "
                     "lymphoma, Barrett's oesophagus, Paget's disease of bone, Graves' disease, "
                     "Wilms tumour, Addison's disease, Smith's fracture and a pouch of Douglas "
                     "collection. Discussed with Dr Crohn.\n";
  g_autofree char *out = deidentify (deid, text);

  for (const char *const *v = (const char *const[]) { "Parkinson's disease", "Crohn's disease",
                                                       "Hodgkin lymphoma", "Barrett's oesophagus",
                                                       "Paget's disease", "Graves' disease", "Wilms tumour",
                                                       "Addison's disease", "Smith's fracture",
                                                       "pouch of Douglas", NULL };
       *v; v++)
    assert_contains (out, *v);
  assert_lacks (out, "Mr Parkinson");
  assert_lacks (out, "Dr Crohn");
}

static void
test_clinical_kept (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  const char *text = "Gleason 3+4=7, Grade Group 2, pT2 N0 M0. Breslow 1.2 mm, Clark level IV. "
                     "Nottingham grade 2. BI-RADS 4. PI-RADS 3. Bosniak IIF. Ki-67 20%. L4/5 disc. "
                     "T12/L1. C5-6. 12 x 9 mm nodule, 45 HU, SUVmax 4.2, 3.2 cm. ER 8/8, HER2 2+. "
                     "Modic type 1. Fazekas grade 2. Hounsfield units. Kerley B lines. Doppler. "
                     "Schmorl's node. Virchow-Robin spaces. The March scan. May represent fat.\n";
  g_autoptr (GPtrArray) findings = veil_text_deidentifier_analyse (deid, text, strlen (text));
  for (guint i = 0; i < findings->len; i++)
    {
      VeilTextFinding *fi = g_ptr_array_index (findings, i);
      g_error ("clinical text \"%s\" was taken for %s (%s)", fi->original,
               veil_text_kind_to_string (fi->kind), fi->reason);
    }
}

/* Names no title or label introduces (issue 3's held-out misses): the compiled lexicon,
 * particles, lists, lower case, family-first forms, address blocks with no postcode. */
static void
test_names_uncued (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  const char *text = "Aisha Rahman attended. Verified: Gwilym ap Rhys, Consultant Radiologist.\n"
                     "Present: Ní Fhloinn, Sabapathy, Trzciński; apologies: Obeng-Asare.\n"
                     "Attendees: R. Venkatesh, L. Ó Briain, J. Haddad.\n"
                     "Actions: Ewa to book PFTs. Telephoned mum (Orla) to explain.\n"
                     "kaur, harpreet E0917734\n"
                     "scanned by becky lomax (sonographer)\n"
                     "Req: D. Quansah (urology). Plan: EMR referral to Prof Hamza bin Tariq.\n"
                     "Mr Tobias Achterberg-Smith\nThe Granary\nMill Lane\nLittle Hadcombe\n\n"
                     "Community team, Unit 4, Harebell Court, Marsh Lane, Kettlebury\n";
  g_autofree char *out = deidentify (deid, text);

  for (const char *const *v = (const char *const[]) { "Aisha", "Rahman", "Gwilym", "Rhys", "Fhloinn",
                                                       "Sabapathy", "Trzci", "Obeng", "Venkatesh", "Briain",
                                                       "Haddad", "Ewa ", "Orla", "kaur", "harpreet",
                                                       "becky", "lomax", "Quansah", "Hamza", "Tariq",
                                                       "Achterberg", "Granary", "Mill Lane", "Hadcombe",
                                                       "Harebell", "Marsh Lane", "Kettlebury", NULL };
       *v; v++)
    assert_lacks (out, *v);
  assert_contains (out, "Consultant Radiologist");
  assert_contains (out, "to book PFTs");
}

/* Names that are also words or eponyms stay words where nothing says they are names, and
 * a genus initial before a species is not a person. */
static void
test_word_names_kept (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  const char *text = "Brown fluid aspirated. Mark the site. Hope to review. May need CT. Grace period. "
                     "Amber alert. Jade stone. Hazel eyes. Frank pus. Ann Arbor stage II. Gleason 3+4=7. "
                     "Kimura disease. Hashimoto's thyroiditis. Ewing sarcoma. Burkitt lymphoma. "
                     "Baker's cyst. Jones fracture. Chiari I malformation. Brock risk 9%. "
                     "Culture grew S. Aureus and C. Difficile.\n";
  g_autoptr (GPtrArray) findings = veil_text_deidentifier_analyse (deid, text, strlen (text));
  for (guint i = 0; i < findings->len; i++)
    {
      VeilTextFinding *fi = g_ptr_array_index (findings, i);
      g_error ("\"%s\" was taken for %s (%s)", fi->original, veil_text_kind_to_string (fi->kind),
               fi->reason);
    }
}

static void
test_institutions (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  const char *text = "Seen at Northgate General Hospital (Ward 7B) and at St Aldhelm's University "
                     "Hospital. GP: Dr K Mensah, Oakwood Surgery. Referred by the Breast Clinic. "
                     "Guy's and St Thomas' NHS Foundation Trust. NHS Strathmore.\n";
  g_autofree char *out = deidentify (deid, text);

  for (const char *const *v = (const char *const[]) { "Northgate", "Ward 7B", "Aldhelm", "Oakwood", "Guy",
                                                       "Thomas", "Strathmore", NULL };
       *v; v++)
    assert_lacks (out, *v);
  assert_contains (out, "General Hospital");
  assert_contains (out, "NHS Foundation Trust");
  assert_contains (out, "NHS ");
  assert_contains (out, "Breast Clinic"); /* generic words identify nothing */

  g_autoptr (VeilTextDeidentifier) keep
      = veil_text_deidentifier_new (f->store, VEIL_OPTION_RETAIN_INSTITUTION_IDENTITY);
  g_autofree char *kept = deidentify (keep, text);
  assert_contains (kept, "Northgate General Hospital");
}

static void
test_lexicon (void)
{
  /* Several hundred of each, written for the project. */
  g_assert_cmpuint (veil_text_lexicon_count (VEIL_LEX_GIVEN), >=, 2500); /* with the compiled lists */
  g_assert_cmpuint (veil_text_lexicon_count (VEIL_LEX_SURNAME), >=, 2500);
  g_assert_true (veil_text_lexicon_lookup ("JADE") & VEIL_LEX_ALSO_WORD);
  g_assert_false (veil_text_lexicon_lookup ("KHAN") & VEIL_LEX_AMBIGUOUS);
  g_assert_true (veil_text_lexicon_lookup ("OKONKWO") & VEIL_LEX_SURNAME);
  g_assert_cmpuint (veil_text_lexicon_count (VEIL_LEX_EPONYM), >=, 300);

  g_autofree char *a = veil_text_fold ("O\xe2\x80\x99" "Brien", strlen ("O\xe2\x80\x99" "Brien"));
  g_assert_cmpstr (a, ==, "OBRIEN");
  g_autofree char *b = veil_text_fold ("Si\xc3\xa2n", strlen ("Si\xc3\xa2n"));
  g_assert_cmpstr (b, ==, "SIAN");
  g_assert_true (veil_text_lexicon_lookup ("PATEL") & VEIL_LEX_SURNAME);
  g_assert_true (veil_text_lexicon_lookup ("SIAN") & VEIL_LEX_GIVEN);
  g_assert_true (veil_text_lexicon_lookup ("HODGKIN") & VEIL_LEX_EPONYM_ONLY);
  g_assert_true (veil_text_lexicon_lookup ("PARKINSON") & VEIL_LEX_EPONYM);
  g_assert_false (veil_text_lexicon_lookup ("PARKINSON") & VEIL_LEX_EPONYM_ONLY);
  g_assert_true (veil_text_lexicon_lookup ("BROWN") & VEIL_LEX_WORD);
  g_assert_true (veil_text_lexicon_is_unit ("mm", 2));
  g_assert_false (veil_text_lexicon_is_unit ("MM", 2));
}

static void
test_kinds (void)
{
  for (guint k = 0; k < VEIL_TEXT_N_KINDS; k++)
    {
      VeilTextKind back;
      g_assert_true (veil_text_kind_from_string (veil_text_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  g_assert_cmpstr (veil_text_kind_to_string (VEIL_TEXT_KIND_NHS_NUMBER), ==, "nhs-number");
}

/* DICOM free text (a description, an image comment): the patient is known from the file. */
static void
test_for_patient (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid
      = veil_text_deidentifier_new (f->store, VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES);
  veil_text_deidentifier_add_patient (deid, "P7", "SMITH^JOHN", "K123456", "19560403");
  veil_text_deidentifier_add_patient (deid, "P8", "JONES^MARY", "K999999", NULL);
  const char *text = "CT CHEST SMITH JOHN K123456 scanned 12/03/2024";
  gsize len = 0;
  g_autofree char *out = veil_text_deidentifier_deidentify (deid, text, strlen (text), "P7", &len);

  g_assert_cmpuint (len, ==, strlen (out));
  assert_lacks (out, "SMITH");
  assert_lacks (out, "K123456");
  g_autofree char *shifted = veil_identities_shift_da (f->store, "P7", "20240312");
  g_autofree char *uk = g_strdup_printf ("%.2s/%.2s/%.4s", shifted + 6, shifted + 4, shifted);
  assert_contains (out, uk);
  g_autofree char *pn = veil_identities_patient_name (f->store, "P7", NULL);
  g_autofree char *family = veil_pseudonym_get_family (pn);
  g_autofree char *upper = g_ascii_strup (family, -1);
  assert_contains (out, upper);
}

/* Layouts and cues found missing in held-out reports, kept as regressions. */
static void
test_layouts (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  const char *text =
      "Address: 17 Bramble Way, Wexcombe ZZ99 4BW\n"
      "Large left basal ganglia haemorrhage (85 ml) with midline shift.\n"
      "RE: Ethel Moore DOB 01/09/1932 NHS 999 768 4265\n"
      "Surname OYELOWO  Forenames Babajide Femi  D.O.B. 29.01.1999\n"
      "Name: Baby Boy Okoye   Mother: Chidinma Okoye\n"
      "Mrs Lightbody and her son (Alistair) were present. NOK: daughter Morven McPhail.\n"
      "DXA scan report for Rosemary Abiodun, 2/9/1955.\n"
      "I, Marguerite Delacroix, have personally reviewed the slides.\n"
      "Radiology | Infirmary Road | Wexcombe | ZZ99 1WG | NHS Strathmore\n";
  g_autofree char *out = deidentify (deid, text);

  for (const char *const *v = (const char *const[]) { "Bramble", "Ethel", "Moore", "1932", "OYELOWO",
                                                       "Babajide", "Okoye", "Chidinma", "Lightbody",
                                                       "Alistair", "Morven", "McPhail", "Rosemary",
                                                       "Abiodun", "Marguerite", "Delacroix",
                                                       "Infirmary Road", "Wexcombe", "Strathmore", NULL };
       *v; v++)
    assert_lacks (out, *v);
  /* The report after an address stays the report. */
  assert_contains (out, "Large left basal ganglia haemorrhage (85 ml) with midline shift.");
  assert_contains (out, "Baby Boy ");
}

typedef struct {
  VeilTextDeidentifier *deid;
  const char *text;
  char *out;
} ThreadData;

static gpointer
analyse_thread (gpointer data)
{
  ThreadData *td = data;
  td->out = deidentify (td->deid, td->text);
  return NULL;
}

static void
test_threads (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  veil_text_deidentifier_add_patient (deid, "P1", "SMITH^JOHN", "K123456", "19560403");
  const char *text = "Mr Smith (K123456), reviewed by Dr Anil Patel on 12/03/2024, tel 0113 496 0123.";
  ThreadData td[8];
  GThread *threads[8];

  for (guint i = 0; i < 8; i++)
    {
      td[i] = (ThreadData) { deid, text, NULL };
      threads[i] = g_thread_new ("analyse", analyse_thread, &td[i]);
    }
  for (guint i = 0; i < 8; i++)
    g_thread_join (threads[i]);
  for (guint i = 0; i < 8; i++)
    {
      g_assert_cmpstr (td[i].out, ==, td[0].out);
      assert_lacks (td[i].out, "Smith");
    }
  for (guint i = 0; i < 8; i++)
    g_free (td[i].out);
}

/* ---- round 2: names after role nouns, and words that are not identifiers ---- */

static void
test_roles_and_false_positives (Fixture *f, gconstpointer data)
{
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (f->store, 0);
  /* A DICOM department value names a service, not a place: it must not be searched for.
   * Bleep and extension numbers reach a named clinician's pager or desk: they are replaced
   * (the issue lists extensions among telephone numbers), their words kept. */
  veil_text_deidentifier_add_identifier (deid, VEIL_TEXT_KIND_INSTITUTION, "Radiology", NULL);
  const char *text = "WESTMOOR HOSPITALS NHS TRUST\nNHS TRUST\nSYMPTOMATIC BREAST CLINIC\n"
                     "Team: scrub nurse Shakira Dos Anjos; radiographer tom o'leary; social worker "
                     "Della Bramwell; technician Dale Hibbert.\n"
                     "Sonographer t. nakashima (reporting radiographer). Patient Oluwadamilare \"Dami\" "
                     "Fashola seen on Friday 6th with his partner Ikenna.\n"
                     "Interventional Radiology referral. Any concerns bleep 4471 or ext 2231.\n"
                     "NHS TRUST: Westmoor Hospitals\nhandover from ifeoma (ST4) to lachlan (ST3)\n";
  veil_text_deidentifier_learn (deid, text, strlen (text));
  g_autofree char *out = deidentify (deid, text);

  for (const char *const *v = (const char *const[]) { "Shakira", "Anjos", "o'leary", "Della", "Bramwell",
                                                       "Hibbert", "nakashima", "Dami", "Fashola",
                                                       "Oluwadamilare", "Friday 6th", "Ikenna", "ifeoma", "lachlan",
                                                       "Westmoor", "WESTMOOR", "4471", "2231", NULL };
       *v; v++)
    assert_lacks (out, *v);
  for (const char *const *v = (const char *const[]) { "NHS TRUST\nNHS TRUST\n", "SYMPTOMATIC BREAST CLINIC",
                                                       "Interventional Radiology referral",
                                                       "bleep ", "ext ", "scrub nurse",
                                                       "social worker", NULL };
       *v; v++)
    assert_contains (out, *v);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/nhs-checksum", test_nhs_checksum);
  g_test_add_func ("/text/postcodes", test_postcodes);
  g_test_add_func ("/text/dates", test_dates);
  g_test_add_func ("/text/lexicon", test_lexicon);
  g_test_add_func ("/text/kinds", test_kinds);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/text/nhs-in-text", test_nhs_in_text);
  ADD ("/text/phones-and-ids", test_phones_and_ids);
  ADD ("/text/addresses", test_addresses);
  ADD ("/text/date-options", test_date_options);
  ADD ("/text/known-patient-forms", test_known_patient_forms);
  ADD ("/text/names-by-context", test_names_by_context);
  ADD ("/text/cross-document", test_cross_document);
  ADD ("/text/eponyms", test_eponyms);
  ADD ("/text/clinical-kept", test_clinical_kept);
  ADD ("/text/names-uncued", test_names_uncued);
  ADD ("/text/word-names-kept", test_word_names_kept);
  ADD ("/text/institutions", test_institutions);
  ADD ("/text/layouts", test_layouts);
  ADD ("/text/for-patient", test_for_patient);
  ADD ("/text/threads", test_threads);
  ADD ("/text/roles-and-false-positives", test_roles_and_false_positives);
#undef ADD

  return g_test_run ();
}
