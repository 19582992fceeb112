/* test-datetime.c: DA/DT/TM validation, whole-day shifting and written forms. */
#include "veil-datetime.h"

#include <gio/gio.h>
#include <string.h>

static void
assert_da_shift (const char *value, int days, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *shifted = veil_da_shift (value, days, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (shifted, ==, expected);
}

static void
assert_da_shift_fails (const char *value, int days, const char *named)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *shifted = veil_da_shift (value, days, &error);

  g_assert_null (shifted);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  /* The message must name the offending value so a log line is useful. */
  g_assert_nonnull (strstr (error->message, named));
}

static void
assert_dt_shift (const char *value, int days, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *shifted = veil_dt_shift (value, days, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (shifted, ==, expected);
}

static void
assert_dt_shift_fails (const char *value, int days)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *shifted = veil_dt_shift (value, days, &error);

  g_assert_null (shifted);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
assert_forms (const char *da, const char *const *expected)
{
  g_auto (GStrv) forms = veil_da_written_forms (da);

  g_assert_nonnull (forms);
  for (guint i = 0; expected[i] != NULL || forms[i] != NULL; i++)
    {
      if (g_strcmp0 (forms[i], expected[i]) != 0)
        g_error ("written form %u of %s: got “%s”, expected “%s”", i, da, forms[i], expected[i]);
    }
}

/* Every day of the years [from, to] against GDate, which counts days on the same proleptic
 * Gregorian calendar independently of our code. */
static void
check_years (guint from, guint to)
{
  GDate date, epoch;
  gint64 days;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, (GDateYear) from);
  while (g_date_get_year (&date) <= to)
    {
      char expected[9];
      g_autofree char *da = NULL;

      g_snprintf (expected, sizeof expected, "%04u%02u%02u", g_date_get_year (&date),
                  g_date_get_month (&date), g_date_get_day (&date));
      g_assert_true (veil_da_to_days (expected, &days));
      g_assert_cmpint (days, ==, (gint64) g_date_get_julian (&date) - g_date_get_julian (&epoch));
      da = veil_days_to_da (days);
      g_assert_cmpstr (da, ==, expected);

      if (g_date_get_year (&date) == 9999 && g_date_get_month (&date) == 12
          && g_date_get_day (&date) == 31)
        break;
      g_date_add_days (&date, 1);
    }
}

static void
test_days_round_trip (void)
{
  gint64 days;

  g_assert_true (veil_da_to_days ("19700101", &days));
  g_assert_cmpint (days, ==, 0);

  /* All of 0001–9999 with -m slow; otherwise both ends and the four centuries around now
   * (1600 and 2000 leap, 1700/1800/1900/2100 not). */
  if (g_test_slow ())
    check_years (1, 9999);
  else
    {
      check_years (1, 4);
      check_years (1596, 2404);
      check_years (9996, 9999);
    }

  g_assert_true (veil_da_to_days ("00010101", &days));
  g_assert_null (veil_days_to_da (days - 1));
  g_assert_true (veil_da_to_days ("99991231", &days));
  g_assert_null (veil_days_to_da (days + 1));
  g_assert_null (veil_days_to_da (G_MININT64));
  g_assert_null (veil_days_to_da (G_MAXINT64));
}

static void
test_leap_days (void)
{
  assert_da_shift ("20240229", 1, "20240301");
  assert_da_shift ("20240229", -1, "20240228");
  assert_da_shift ("20240229", 365, "20250228");
  assert_da_shift ("20240229", -365, "20230301");
  assert_da_shift ("20240228", 1, "20240229");
  assert_da_shift ("20240301", -1, "20240229");
  assert_da_shift ("20000228", 1, "20000229");
  assert_da_shift ("20000229", 1, "20000301");
  assert_da_shift ("19000228", 1, "19000301");
  assert_da_shift ("21000228", 1, "21000301");
  assert_da_shift ("20230228", 1, "20230301");

  g_assert_true (veil_da_is_valid ("20240229"));
  g_assert_true (veil_da_is_valid ("20000229"));
  g_assert_false (veil_da_is_valid ("19000229"));
  g_assert_false (veil_da_is_valid ("20230229"));
}

static void
test_year_boundaries (void)
{
  assert_da_shift ("20231231", 1, "20240101");
  assert_da_shift ("20240101", -1, "20231231");
  assert_da_shift ("19991231", 1, "20000101");
  assert_da_shift ("19600214", 0, "19600214");
  assert_da_shift ("19600214", 23000, "20230203");
  assert_da_shift ("99991231", 0, "99991231");
  assert_da_shift ("00010101", 0, "00010101");
  assert_da_shift ("00010102", -1, "00010101");
  assert_da_shift ("99991230", 1, "99991231");

  /* Shifting out of the years DICOM can write is an error, not a wrap. */
  assert_da_shift_fails ("99991231", 1, "99991231");
  assert_da_shift_fails ("00010101", -1, "00010101");
  assert_da_shift_fails ("20240101", G_MAXINT, "20240101");
  assert_da_shift_fails ("20240101", G_MININT, "20240101");
  g_assert_false (veil_da_is_valid ("00000101"));
}

static void
test_da_forms_accepted (void)
{
  /* Legacy dotted form is written back in the current form. */
  assert_da_shift ("2024.01.15", 1, "20240116");
  /* Space padding (DICOM pads to even length) is dropped. */
  assert_da_shift ("20240115 ", 1, "20240116");
  assert_da_shift ("", 10, "");
  assert_da_shift (" ", 10, "");

  g_assert_true (veil_da_is_valid ("20240115"));
  g_assert_false (veil_da_is_valid ("2024.01.15"));
  g_assert_false (veil_da_is_valid ("20240115 "));
  g_assert_false (veil_da_is_valid (""));
  g_assert_false (veil_da_is_valid (NULL));
}

static void
test_da_multi_and_range (void)
{
  assert_da_shift ("20240101\\20240229", 1, "20240102\\20240301");
  assert_da_shift ("20240101\\\\20240103", -1, "20231231\\\\20240102");
  assert_da_shift ("20240101-20240131", 1, "20240102-20240201");
  assert_da_shift ("-20240101", 1, "-20240102");
  assert_da_shift ("20240101-", 1, "20240102-");
  assert_da_shift ("20240101-20240131\\20240301", -1, "20231231-20240130\\20240229");

  assert_da_shift_fails ("-", 1, "-");
  assert_da_shift_fails ("20240101-20240102-20240103", 1, "20240101-20240102-20240103");
  assert_da_shift_fails ("20240101-20240231", 1, "20240231");
  /* One bad value fails the whole element: the caller removes it. */
  assert_da_shift_fails ("20240101\\20241301", 1, "20241301");
}

static void
test_da_invalid (void)
{
  const char *bad[] = {
    "20230229", "20241301", "2024011",  "abcd",      "20240100", "20240132", "20240431",
    "2024-01-15", "202401155", "2024O115", "+2024011", "2024.1.15", "20240001",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (veil_da_is_valid (bad[i]));
      g_assert_false (veil_da_to_days (bad[i], NULL));
      g_assert_null (veil_da_written_forms (bad[i]));
      if (strchr (bad[i], '-') == NULL)
        assert_da_shift_fails (bad[i], 1, bad[i]);
    }
}

static void
test_dt_shift (void)
{
  /* Precision, fraction and offset are kept byte for byte. */
  assert_dt_shift ("20240115093000.123456+0100", -10, "20240105093000.123456+0100");
  assert_dt_shift ("20240115093000.1-0500", 1, "20240116093000.1-0500");
  assert_dt_shift ("20240115093000", 20, "20240204093000");
  assert_dt_shift ("202401150930", 1, "202401160930");
  assert_dt_shift ("2024011509", 1, "2024011609");
  assert_dt_shift ("20240115", 1, "20240116");
  assert_dt_shift ("20240115+0000", 1, "20240116+0000");
  assert_dt_shift ("20240229235960", 365, "20250228235960"); /* leap second kept */
  assert_dt_shift ("20240115093000.000000", 0, "20240115093000.000000");

  /* Partial precision: shifted through the first day, written at its own precision. */
  assert_dt_shift ("2024", 1, "2024");
  assert_dt_shift ("2024", -1, "2023");
  assert_dt_shift ("2024", 400, "2025");
  assert_dt_shift ("202401", 40, "202402");
  assert_dt_shift ("202401", -1, "202312");
  assert_dt_shift ("2024+0100", 366, "2025+0100");
  assert_dt_shift ("202403-1200", 31, "202404-1200");

  assert_dt_shift ("2024\\20240115093000.5+0100", 1, "2024\\20240116093000.5+0100");
  assert_dt_shift ("", 1, "");
  assert_dt_shift ("20240115093000 ", 1, "20240116093000");

  assert_dt_shift_fails ("99991231", 1);
  assert_dt_shift_fails ("9999", 365);
}

static void
test_dt_invalid (void)
{
  const char *bad[] = {
    "abcd",
    "20241",
    "20230229",
    "20241301",
    "2024011",
    "20240115250000",
    "20240115096000",
    "20240115093061",
    "20240115093000.",
    "20240115093000.1234567",
    "202401150930.5",
    "20240115+01",
    "20240115+1500",
    "20240115+0160",
    "20240115 +0100",
    "20240115093000.123456+0100x",
    "20240101-20240131",
    "2024\\abcd",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_dt_shift_fails (bad[i], 1);
}

static void
test_tm_valid (void)
{
  const char *good[] = {
    "123000.123456", "123000.1", "123000", "1230", "12", "000000", "235959", "235960",
    "12:30:00",      "12:30",    "12:30:00.25", "120000 ", "120000\\1300", "", "120000\\\\13",
  };
  const char *bad[] = {
    "2500",     "126000",    "1",          "123",        "12300",     "123000.", "123000.1234567",
    "1230.5",   "12:60:00",  "12:30:00.",  "12:3",       "12-30",     "abcd",    "24",
    "235961",   "12:30:61",  "120000\\25", " 1200",      "12.5",      "1200+0100",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      if (!veil_tm_is_valid (good[i]))
        g_error ("TM “%s” should be valid", good[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      if (veil_tm_is_valid (bad[i]))
        g_error ("TM “%s” should be invalid", bad[i]);
    }
  g_assert_false (veil_tm_is_valid (NULL));
}

static void
test_written_forms (void)
{
  const char *const forms_1960[] = {
    "19600214",    "1960-02-14",       "14/02/1960",          "14/2/1960",   "14.02.1960",
    "14.2.1960",   "14-02-1960",       "14.02.60",            "14/02/60",    "14.2.60",
    "14/2/60",     "14 Feb 1960",      "14 February 1960",    "14th February 1960",
    "14-Feb-1960", "14 FEB 1960",      "02/14/1960",          "1960.02.14",  "1960/02/14",
    NULL,
  };
  const char *const forms_2024[] = {
    "20240101",       "2024-01-01",      "01/01/2024",        "1/1/2024",
    "01.01.2024",     "1.1.2024",        "01-01-2024",        "01.01.24",
    "01/01/24",       "1.1.24",          "1/1/24",            "1 Jan 2024",
    "01 Jan 2024",    "1 January 2024",  "01 January 2024",   "1st January 2024",
    "1-Jan-2024",     "01-Jan-2024",     "1 JAN 2024",        "01 JAN 2024",
    "2024.01.01",     "2024/01/01",      NULL,
  };

  assert_forms ("19600214", forms_1960);
  /* 01/01/2024 is also the US form, so it appears once. */
  assert_forms ("20240101", forms_2024);
}

static void
test_ordinals (void)
{
  const struct
  {
    const char *da;
    const char *form;
  } cases[] = {
    { "20240101", "1st January 2024" },   { "20240102", "2nd January 2024" },
    { "20240103", "3rd January 2024" },   { "20240104", "4th January 2024" },
    { "20240111", "11th January 2024" },  { "20240112", "12th January 2024" },
    { "20240113", "13th January 2024" },  { "20240121", "21st January 2024" },
    { "20240122", "22nd January 2024" },  { "20240123", "23rd January 2024" },
    { "20240131", "31st January 2024" },  { "20240130", "30th January 2024" },
    { "20241224", "24th December 2024" }, { "20240520", "20th May 2024" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (GStrv) forms = veil_da_written_forms (cases[i].da);

      g_assert_true (g_strv_contains ((const char *const *) forms, cases[i].form));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/datetime/days-round-trip", test_days_round_trip);
  g_test_add_func ("/datetime/leap-days", test_leap_days);
  g_test_add_func ("/datetime/year-boundaries", test_year_boundaries);
  g_test_add_func ("/datetime/da-forms-accepted", test_da_forms_accepted);
  g_test_add_func ("/datetime/da-multi-and-range", test_da_multi_and_range);
  g_test_add_func ("/datetime/da-invalid", test_da_invalid);
  g_test_add_func ("/datetime/dt-shift", test_dt_shift);
  g_test_add_func ("/datetime/dt-invalid", test_dt_invalid);
  g_test_add_func ("/datetime/tm-valid", test_tm_valid);
  g_test_add_func ("/datetime/written-forms", test_written_forms);
  g_test_add_func ("/datetime/ordinals", test_ordinals);

  return g_test_run ();
}
