/* veil-cli: Veil's command-line front end, for batch work and tests.
 *
 * It drives the same engine API (VeilCase) as the GTK app. The contract — commands, options
 * and exit codes — is relied on by users' scripts: change it only with care.
 *
 *   veil-cli export --out DIR --mapping FILE [--preset NAME] [--option NAME]...
 *                   [--accessions FILE] [--request-form FILE]... INPUT...
 *   veil-cli verify --mapping FILE DIR
 *   veil-cli mapping --mapping FILE --csv DIR
 *   veil-cli scan [--json] [--preset NAME] [--option NAME]... INPUT...
 */

#include "config.h"

#include "veil-case.h"
#include "veil-mapping-csv.h"
#include "veil-dicom-deidentifier.h"
#include "veil-mapping-store.h"
#include "veil-profile.h"
#include "veil-text-deidentifier.h"
#include "veil-verifier.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EXIT_OK 0
#define EXIT_PARTIAL 1
#define EXIT_FATAL 2

static GCancellable *cancellable;

static void
fail (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
fail (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("veil-cli: %s\n", message);
}

/* SIGINT and SIGTERM cancel the work, so an interrupted export cleans up after itself
 * instead of leaving a half-written folder. A thread waits for the signals: cancelling from
 * a signal handler would not be safe. */
static void *
signal_thread (void *data)
{
  sigset_t *set = data;
  int sig;
  if (sigwait (set, &sig) == 0)
    {
      g_printerr ("veil-cli: interrupted, cleaning up\n");
      g_cancellable_cancel (cancellable);
    }
  return NULL;
}

static void
install_signal_thread (void)
{
  static sigset_t set;
  pthread_t thread;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  pthread_sigmask (SIG_BLOCK, &set, NULL);
  if (pthread_create (&thread, NULL, signal_thread, &set) == 0)
    pthread_detach (thread);
}

typedef struct {
  gboolean tty;
  VeilCasePhase last_phase;
  guint last_step;
  gboolean timing;
  gint64 start;
} Progress;

static void
on_progress (VeilCasePhase phase, guint done, guint total, gpointer user_data)
{
  static const char *const labels[] = { "Collecting inputs", "Reading", "Scanning", "Exporting" };
  Progress *p = user_data;

  /* VEIL_TIMING=1 prints when each phase starts and ends, for benchmarks. */
  if (p->timing && (done == 0 || done == total))
    g_printerr ("[%8.3f s] %s %u/%u\n", (g_get_monotonic_time () - p->start) / 1e6, labels[phase],
                done, total);

  if (total < 50)
    return; /* small runs need no progress */
  if (p->tty)
    {
      g_printerr ("\r%s: %u/%u", labels[phase], done, total);
      if (done == total)
        g_printerr ("\n");
      return;
    }
  guint step = done * 10 / total;
  if (phase != p->last_phase || step != p->last_step || done == 0)
    {
      g_printerr ("%s: %u/%u\n", labels[phase], done, total);
      p->last_phase = phase;
      p->last_step = step;
    }
}

static gboolean
parse_options (const char *preset_name, char **option_args, VeilOptions *options, GError **error)
{
  const VeilPreset *preset = veil_preset_lookup (preset_name ? preset_name : VEIL_DEFAULT_PRESET);

  if (preset == NULL)
    {
      gsize n;
      const VeilPreset *all = veil_presets_get_all (&n);
      GString *names = g_string_new (NULL);
      for (gsize i = 0; i < n; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", all[i].name);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "unknown preset \"%s\" (presets: %s)", preset_name, names->str);
      g_string_free (names, TRUE);
      return FALSE;
    }
  *options = preset->options;
  for (guint i = 0; option_args && option_args[i]; i++)
    if (!veil_options_apply_argument (options, option_args[i], error))
      return FALSE;
  return veil_options_validate (*options, error);
}

static GStrv
read_accession_list (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  int column = 0;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  g_auto (GStrv) lines = g_strsplit_set (contents, "\r\n", -1);
  gboolean first = TRUE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (*line == '\0' || *line == '#')
        continue;
      g_auto (GStrv) cells = g_strsplit_set (line, ",;\t", -1);
      if (first)
        {
          first = FALSE;
          /* A CSV with a header: use the column that says it holds accession numbers. */
          gboolean header = FALSE;
          for (int c = 0; cells[c] != NULL; c++)
            {
              g_autofree char *cell = g_ascii_strdown (g_strstrip (cells[c]), -1);
              if (strstr (cell, "accession") != NULL || g_str_equal (cell, "acc"))
                {
                  column = c;
                  header = TRUE;
                  break;
                }
            }
          if (header)
            continue;
        }
      if ((int) g_strv_length (cells) > column)
        {
          char *value = g_strstrip (cells[column]);
          if (*value == '"' && value[strlen (value) - 1] == '"' && strlen (value) >= 2)
            {
              value[strlen (value) - 1] = '\0';
              value++;
            }
          if (*value)
            g_strv_builder_add (builder, value);
        }
    }
  return g_strv_builder_end (builder);
}

static void
print_refusals (VeilCase *kase)
{
  GPtrArray *refusals = veil_case_get_refusals (kase);
  for (guint i = 0; i < refusals->len; i++)
    {
      VeilRefusal *r = g_ptr_array_index (refusals, i);
      g_printerr ("veil-cli: refused %s: %s\n", r->display_name, r->reason);
    }
}

static void
print_list (const char *title, GPtrArray *values)
{
  g_printerr ("  %s: %u\n", title, values->len);
  for (guint i = 0; i < values->len; i++)
    g_printerr ("    %s\n", (const char *) g_ptr_array_index (values, i));
}

static gboolean
path_inside (const char *path, const char *folder)
{
  g_autofree char *p = g_canonicalize_filename (path, NULL);
  g_autofree char *f = g_canonicalize_filename (folder, NULL);
  gsize n = strlen (f);
  return g_str_has_prefix (p, f) && (p[n] == '/' || p[n] == '\0');
}

/* Every image whose pixels were checked: how many boxes were blacked out and whose they
 * were (images that could not be cleaned are among the refusals). */
static void
print_pixel_cleaning (const VeilCaseItem *item)
{
  const char *whose = item->pixel_decision == VEIL_PIXEL_DECISION_BOXES     ? ", the reviewer's boxes"
                      : item->pixel_decision == VEIL_PIXEL_DECISION_ACCEPT  ? ", accepted by the reviewer"
                      : item->pixel_decision == VEIL_PIXEL_DECISION_NO_TEXT ? ", no text per the reviewer"
                                                                            : "";
  g_autofree char *series = item->pixel_n_from_series > 0
                                ? g_strdup_printf (", %u region%s seen only on another image of the series",
                                                   item->pixel_n_from_series,
                                                   item->pixel_n_from_series == 1 ? "" : "s")
                                : g_strdup ("");
  g_printerr ("veil-cli: burned-in text %s %s: %u box%s%s%s%s%s\n",
              item->pixel_n_boxes > 0 ? "blacked out in" : "checked in", item->display_name,
              item->pixel_n_boxes, item->pixel_n_boxes == 1 ? "" : "es", series, whose,
              *item->pixel_note ? "; " : "", item->pixel_note);
}

/* veil-cli has no reviewer: it applies what a reviewer decided in the store, and the found
 * boxes elsewhere, and says how many high-risk images nobody looked at. */
static void
print_pixel_review (VeilCase *kase)
{
  guint unreviewed = veil_case_count_unreviewed_pixel_risks (kase);
  if (unreviewed > 0)
    g_printerr ("veil-cli: %u high-risk image%s for burned-in text %s not reviewed: the boxes "
                "found were blacked out without a reviewer's check.\n",
                unreviewed, unreviewed == 1 ? "" : "s", unreviewed == 1 ? "was" : "were");
}

static int
command_export (int argc, char **argv)
{
  g_autofree char *out = NULL, *mapping = NULL, *preset = NULL, *accessions = NULL;
  g_auto (GStrv) option_args = NULL, inputs = NULL, forms = NULL;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Export folder (must not exist, or be empty)", "DIR" },
    { "mapping", 'm', 0, G_OPTION_ARG_FILENAME, &mapping, "Mapping store (created if missing)", "FILE" },
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset, "second-opinion (default), litigation or teaching", "NAME" },
    { "option", 0, 0, G_OPTION_ARG_STRING_ARRAY, &option_args, "Add (NAME) or remove (-NAME) an E.1-1 option", "NAME" },
    { "accessions", 'a', 0, G_OPTION_ARG_FILENAME, &accessions, "Accession list to check (one per line or a CSV column)", "FILE" },
    { "request-form", 'r', 0, G_OPTION_ARG_FILENAME_ARRAY, &forms, "Request form (PDF, DOCX or text): its patient and requester are known throughout, and it is exported pseudonymised", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "INPUT…" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("INPUT… — de-identify a case into a folder");
  g_autoptr (GError) error = NULL;
  VeilOptions options;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }
  if (out == NULL || mapping == NULL || inputs == NULL || inputs[0] == NULL)
    {
      fail ("export needs --out DIR, --mapping FILE and at least one INPUT");
      return EXIT_FATAL;
    }
  if (!parse_options (preset, option_args, &options, &error))
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }
  if (path_inside (mapping, out))
    {
      fail ("the mapping store must not be inside the export folder: it is personal data");
      return EXIT_FATAL;
    }
  g_auto (GStrv) listed = NULL;
  if (accessions != NULL && (listed = read_accession_list (accessions, &error)) == NULL)
    {
      fail ("cannot read the accession list: %s", error->message);
      return EXIT_FATAL;
    }

  gboolean store_existed = g_file_test (mapping, G_FILE_TEST_EXISTS);
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (mapping, &error);
  if (store == NULL)
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }

  g_autoptr (VeilCase) kase = veil_case_new (store, options);
  Progress progress = { isatty (2), -1, 0, g_getenv ("VEIL_TIMING") != NULL, g_get_monotonic_time () };
  if (!quiet || progress.timing)
    veil_case_set_progress_func (kase, on_progress, &progress);
  for (guint i = 0; inputs[i] != NULL; i++)
    veil_case_add_input (kase, inputs[i]);
  for (guint i = 0; forms != NULL && forms[i] != NULL; i++)
    veil_case_add_request_form (kase, forms[i]);

  if (!veil_case_load (kase, cancellable, &error) || !veil_case_export (kase, out, cancellable, &error))
    {
      fail ("%s; nothing was written", error->message);
      g_clear_object (&kase);
      g_clear_object (&store);
      if (!store_existed)
        g_unlink (mapping);
      return EXIT_FATAL;
    }

  if (progress.timing)
    g_printerr ("[%8.3f s] done\n", (g_get_monotonic_time () - progress.start) / 1e6);
  print_refusals (kase);
  GPtrArray *items = veil_case_get_items (kase);
  for (guint i = 0; i < items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (items, i);
      if (item->exported && item->pixel_note != NULL)
        print_pixel_cleaning (item);
    }
  print_pixel_review (kase);
  GPtrArray *notes = veil_case_get_notes (kase);
  for (guint i = 0; i < notes->len; i++)
    g_printerr ("veil-cli: note: %s\n", (const char *) g_ptr_array_index (notes, i));
  guint n_refused = veil_case_get_refusals (kase)->len;
  guint n_exported = veil_case_get_n_exported (kase);
  g_autofree char *option_names = veil_options_to_string (options);
  if (n_exported > 0)
    g_printerr ("Exported %u file%s to %s (%u refused). Options: %s.\n", n_exported,
                n_exported == 1 ? "" : "s", out, n_refused, option_names);
  else
    g_printerr ("Nothing could be exported (%u refused); %s was not written.\n", n_refused, out);
  if (veil_case_get_n_dicomdirs (kase) > 0)
    g_printerr ("Followed %u DICOMDIR index%s; the export has none (it is organised by folder).\n",
                veil_case_get_n_dicomdirs (kase), veil_case_get_n_dicomdirs (kase) == 1 ? "" : "es");

  if (listed != NULL)
    {
      g_autoptr (VeilAccessionReport) report = veil_case_check_accessions (kase, listed);
      g_printerr ("Accession list %s:\n", accessions);
      print_list ("found", report->found);
      print_list ("missing from the input", report->missing);
      print_list ("studies not on the list", report->unlisted);
    }

  return n_refused > 0 || n_exported == 0 ? EXIT_PARTIAL : EXIT_OK;
}

static int
command_verify (int argc, char **argv)
{
  g_autofree char *mapping = NULL;
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "mapping", 'm', 0, G_OPTION_ARG_FILENAME, &mapping, "Mapping store of the export", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "DIR" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("DIR — scan an export for residual identifiers");
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }
  if (mapping == NULL || rest == NULL || rest[0] == NULL || rest[1] != NULL)
    {
      fail ("verify needs --mapping FILE and one DIR");
      return EXIT_FATAL;
    }
  if (!g_file_test (mapping, G_FILE_TEST_IS_REGULAR))
    {
      fail ("no mapping store at %s", mapping);
      return EXIT_FATAL;
    }
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (mapping, &error);
  if (store == NULL)
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }
  gint64 start = g_get_monotonic_time ();
  g_autoptr (VeilVerifyReport) report = veil_verify_folder (store, rest[0], cancellable, &error);
  if (report == NULL)
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }
  double seconds = (g_get_monotonic_time () - start) / 1e6;

  for (guint i = 0; i < report->hits->len; i++)
    {
      VeilResidualHit *hit = g_ptr_array_index (report->hits, i);
      if (hit->offset == G_MAXUINT64)
        g_print ("%s: (file name): %s \"%s\"\n", hit->file, hit->kind, hit->value);
      else
        g_print ("%s:%" G_GUINT64_FORMAT ": %s \"%s\"\n", hit->file, hit->offset, hit->kind, hit->value);
    }
  g_printerr ("Scanned %u files (%.1f MB, and %.1f MB of pixel data left to OCR) for %u forms "
              "of the originals in %.2f s (%u too short to search, %u common words or kept "
              "vocabulary): %u residual identifier%s.\n",
              report->n_files, report->n_bytes / 1e6, report->n_pixel_bytes / 1e6,
              report->n_patterns, seconds, report->n_skipped_short, report->n_skipped_pseudonym,
              report->hits->len, report->hits->len == 1 ? "" : "s");
  return report->hits->len > 0 ? EXIT_PARTIAL : EXIT_OK;
}

static gboolean
write_csv (VeilMappingStore *store, const char *dir, const char *name, const char *kind,
           GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GBytes) csv = veil_mapping_csv_build (store, kind);
  gsize size;
  const char *data = g_bytes_get_data (csv, &size);
  return g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

static int
command_mapping (int argc, char **argv)
{
  g_autofree char *mapping = NULL, *csv = NULL;
  const GOptionEntry entries[] = {
    { "mapping", 'm', 0, G_OPTION_ARG_FILENAME, &mapping, "Mapping store", "FILE" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "Folder to write the CSV files into", "DIR" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— write the mapping table as CSV");
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }
  if (mapping == NULL || csv == NULL || argc > 1)
    {
      fail ("mapping needs --mapping FILE and --csv DIR");
      return EXIT_FATAL;
    }
  if (!g_file_test (mapping, G_FILE_TEST_IS_REGULAR))
    {
      fail ("no mapping store at %s", mapping);
      return EXIT_FATAL;
    }
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (mapping, &error);
  if (store == NULL)
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }
  /* The table re-identifies every patient: keep the folder private to its owner. */
  if (g_mkdir_with_parents (csv, 0700) != 0)
    {
      fail ("cannot create %s: %s", csv, g_strerror (errno));
      return EXIT_FATAL;
    }
  if (!write_csv (store, csv, "uid_mapping.csv", VEIL_MAPPING_UID, &error)
      || !write_csv (store, csv, "patid_mapping.csv", VEIL_MAPPING_PATIENT_ID, &error)
      || !write_csv (store, csv, "mapping.csv", NULL, &error))
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }
  g_printerr ("Wrote uid_mapping.csv (%u), patid_mapping.csv (%u) and mapping.csv (%u rows) to %s.\n",
              veil_mapping_store_count (store, VEIL_MAPPING_UID),
              veil_mapping_store_count (store, VEIL_MAPPING_PATIENT_ID),
              veil_mapping_store_count (store, NULL), csv);
  return EXIT_OK;
}

static void
json_add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static int
command_scan (int argc, char **argv)
{
  g_autofree char *preset = NULL;
  g_auto (GStrv) option_args = NULL, inputs = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset, "second-opinion (default), litigation or teaching", "NAME" },
    { "option", 0, 0, G_OPTION_ARG_STRING_ARRAY, &option_args, "Add (NAME) or remove (-NAME) an E.1-1 option", "NAME" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "INPUT…" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("INPUT… — list what would change; writes nothing");
  g_autoptr (GError) error = NULL;
  VeilOptions options;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }
  if (inputs == NULL || inputs[0] == NULL)
    {
      fail ("scan needs at least one INPUT");
      return EXIT_FATAL;
    }
  if (!parse_options (preset, option_args, &options, &error))
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }

  /* An in-memory store with a fresh key: the pseudonyms shown are examples, and nothing is
   * written anywhere. */
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (":memory:", &error);
  if (store == NULL)
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }
  g_autoptr (VeilCase) kase = veil_case_new (store, options);
  for (guint i = 0; inputs[i] != NULL; i++)
    veil_case_add_input (kase, inputs[i]);
  if (!veil_case_load (kase, cancellable, &error) || !veil_case_scan (kase, cancellable, &error))
    {
      fail ("%s", error->message);
      return EXIT_FATAL;
    }

  GPtrArray *items = veil_case_get_items (kase);
  GPtrArray *refusals = veil_case_get_refusals (kase);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      g_autofree char *option_names = veil_options_to_string (options);
      json_add_string (b, "options", option_names);
      json_builder_set_member_name (b, "files");
      json_builder_begin_array (b);
      for (guint i = 0; i < items->len; i++)
        {
          VeilCaseItem *item = g_ptr_array_index (items, i);
          json_builder_begin_object (b);
          json_add_string (b, "input", item->display_name);
          json_add_string (b, "output", item->refusal ? NULL : item->output_path);
          json_add_string (b, "refused", item->refusal);
          if (item->subject && !item->refusal)
            {
              json_add_string (b, "sop_class_uid", item->subject->sop_class_uid);
              json_add_string (b, "modality", item->subject->modality);
            }
          if (item->is_report)
            {
              json_builder_set_member_name (b, "findings");
              json_builder_begin_array (b);
              for (guint f = 0; item->findings && f < item->findings->len; f++)
                {
                  VeilTextFinding *finding = g_ptr_array_index (item->findings, f);
                  json_builder_begin_object (b);
                  json_builder_set_member_name (b, "start");
                  json_builder_add_int_value (b, (gint64) finding->start);
                  json_builder_set_member_name (b, "end");
                  json_builder_add_int_value (b, (gint64) finding->end);
                  json_add_string (b, "kind", veil_text_kind_to_string (finding->kind));
                  json_add_string (b, "original", finding->original);
                  json_add_string (b, "replacement", finding->replacement);
                  json_add_string (b, "entity", finding->entity);
                  json_add_string (b, "reason", finding->reason);
                  json_builder_end_object (b);
                }
              json_builder_end_array (b);
            }
          json_builder_set_member_name (b, "changes");
          json_builder_begin_array (b);
          for (guint c = 0; item->changes && c < item->changes->len; c++)
            {
              VeilDicomChange *ch = g_ptr_array_index (item->changes, c);
              g_autofree char *tag = g_strdup_printf ("(%04X,%04X)", ch->tag >> 16, ch->tag & 0xFFFF);
              json_builder_begin_object (b);
              json_add_string (b, "path", ch->path);
              json_add_string (b, "tag", tag);
              json_add_string (b, "keyword", ch->keyword);
              json_add_string (b, "vr", ch->vr);
              json_add_string (b, "action", ch->action);
              json_add_string (b, "original", ch->original);
              json_add_string (b, "replacement", ch->replacement);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "refusals");
      json_builder_begin_array (b);
      for (guint i = 0; i < refusals->len; i++)
        {
          VeilRefusal *r = g_ptr_array_index (refusals, i);
          json_builder_begin_object (b);
          json_add_string (b, "input", r->display_name);
          json_add_string (b, "reason", r->reason);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);

      g_autoptr (JsonGenerator) gen = json_generator_new ();
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      g_autofree char *text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      for (guint i = 0; i < items->len; i++)
        {
          VeilCaseItem *item = g_ptr_array_index (items, i);
          if (item->refusal == NULL && item->is_report && item->findings != NULL)
            {
              g_print ("%s → %s\n", item->display_name, item->output_path);
              for (guint f = 0; f < item->findings->len; f++)
                {
                  VeilTextFinding *finding = g_ptr_array_index (item->findings, f);
                  g_print ("  %-15s %s → %s (%s)\n", veil_text_kind_to_string (finding->kind),
                           finding->original, finding->replacement, finding->reason);
                }
              continue;
            }
          if (item->refusal || item->changes == NULL)
            continue;
          g_print ("%s → %s\n", item->display_name, item->output_path);
          for (guint c = 0; c < item->changes->len; c++)
            {
              VeilDicomChange *ch = g_ptr_array_index (item->changes, c);
              g_print ("  %-6s %s [%s] %s%s%s\n", ch->action, ch->path, ch->vr,
                       ch->original ? ch->original : "", ch->replacement ? " → " : " (removed)",
                       ch->replacement ? ch->replacement : "");
            }
        }
      for (guint i = 0; i < refusals->len; i++)
        {
          VeilRefusal *r = g_ptr_array_index (refusals, i);
          g_print ("refused %s: %s\n", r->display_name, r->reason);
        }
    }
  return refusals->len > 0 ? EXIT_PARTIAL : EXIT_OK;
}

static void
usage (void)
{
  g_printerr ("Usage:\n"
              "  veil-cli export --out DIR --mapping FILE [--preset NAME] [--option NAME]... "
              "[--accessions FILE] [--request-form FILE]... INPUT...\n"
              "  veil-cli verify --mapping FILE DIR\n"
              "  veil-cli mapping --mapping FILE --csv DIR\n"
              "  veil-cli scan [--json] [--preset NAME] [--option NAME]... INPUT...\n"
              "  veil-cli presets\n"
              "Each command takes --help.\n");
}

static int
command_presets (void)
{
  gsize n;
  const VeilPreset *presets = veil_presets_get_all (&n);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *options = veil_options_to_string (presets[i].options);
      g_print ("%s%s — %s\n  %s\n  options: %s\n", presets[i].name,
               g_str_equal (presets[i].name, VEIL_DEFAULT_PRESET) ? " (default)" : "",
               presets[i].title, presets[i].description, options);
    }
  return EXIT_OK;
}

int
main (int argc, char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  cancellable = g_cancellable_new ();
  install_signal_thread ();

  if (argc < 2)
    {
      usage ();
      return EXIT_FATAL;
    }
  const char *command = argv[1];
  if (g_str_equal (command, "export"))
    status = command_export (argc - 1, argv + 1);
  else if (g_str_equal (command, "verify"))
    status = command_verify (argc - 1, argv + 1);
  else if (g_str_equal (command, "mapping"))
    status = command_mapping (argc - 1, argv + 1);
  else if (g_str_equal (command, "scan"))
    status = command_scan (argc - 1, argv + 1);
  else if (g_str_equal (command, "presets"))
    status = command_presets ();
  else if (g_str_equal (command, "--version"))
    {
      g_print ("veil-cli %s\n", PACKAGE_VERSION);
      status = EXIT_OK;
    }
  else if (g_str_equal (command, "--help") || g_str_equal (command, "help"))
    {
      usage ();
      status = EXIT_OK;
    }
  else
    {
      fail ("unknown command \"%s\"", command);
      usage ();
      status = EXIT_FATAL;
    }
  g_object_unref (cancellable);
  return status;
}
