/* veil-text-bench: recall and precision per kind on the report corpus, and throughput.
 *
 *   veil-text-bench [--corpus tests/text-corpus] [--repeat 20] [--big-mb 8]
 *
 * Recall counts an identifier caught only if none of its letters and digits is left; a
 * finding is precise if it overlaps an identifier. Throughput is learn() + analyse() over
 * the corpus documents (each case with a fresh store), repeated, and over one large text
 * made of every report end to end (the pattern matchers' scaling).
 */
#include "text-corpus.h"

#include "veil-mapping-store.h"

#include <glib/gstdio.h>
#include <string.h>

static void
print_kinds (const char *title, const CorpusScore *s)
{
  g_print ("\n%s\n%-16s %6s %6s %8s | %8s %6s %9s\n", title, "kind", "ids", "caught", "recall",
           "findings", "true", "precision");
  for (guint k = 0; k < VEIL_TEXT_N_KINDS; k++)
    {
      if (s->kind_ids[k] == 0 && s->kind_findings[k] == 0)
        continue;
      g_print ("%-16s %6u %6u %7.2f%% | %8u %6u %8.2f%%\n", veil_text_kind_to_string (k), s->kind_ids[k],
               s->kind_caught[k], s->kind_ids[k] ? 100.0 * s->kind_caught[k] / s->kind_ids[k] : 100.0,
               s->kind_findings[k], s->kind_true[k],
               s->kind_findings[k] ? 100.0 * s->kind_true[k] / s->kind_findings[k] : 100.0);
    }
  g_print ("%-16s %6u %6u %7.2f%% | %8u %6u %8.2f%%\n", "all", s->ids, s->caught,
           s->ids ? 100.0 * s->caught / s->ids : 100.0, s->findings, s->true_findings,
           s->findings ? 100.0 * s->true_findings / s->findings : 100.0);
  g_print ("clinical spans %u, kept %u (%.2f%%); structured identifiers %u, left %u\n", s->keeps, s->kept,
           s->keeps ? 100.0 * s->kept / s->keeps : 100.0, s->structured, s->structured - s->structured_caught);
}

int
main (int argc, char **argv)
{
  g_autofree char *corpus = NULL;
  int repeat = 20;
  double big_mb = 8;
  GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus, "Corpus directory", "DIR" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Timed passes over the corpus (default 20)", "N" },
    { "big-mb", 0, 0, G_OPTION_ARG_DOUBLE, &big_mb, "Size of the one large text (default 8)", "MB" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- benchmark the report-text engine");
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (corpus == NULL)
    corpus = g_strdup ("tests/text-corpus");

  const char *splits[] = { "tune", "heldout" };
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  GPtrArray *loaded[2];
  for (guint i = 0; i < 2; i++)
    {
      loaded[i] = corpus_load_split (corpus, splits[i], &error);
      if (loaded[i] == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      CorpusScore s = { 0 };
      corpus_score (loaded[i], &s, NULL, FALSE, 1);
      g_autofree char *title = g_strdup_printf ("== %s split (%u documents)", splits[i], loaded[i]->len);
      print_kinds (title, &s);
      for (guint k = 0; k < loaded[i]->len; k++)
        g_ptr_array_add (all, g_ptr_array_index (loaded[i], k));
    }

  /* Throughput over the documents as they are. */
  CorpusScore timed = { 0 };
  corpus_score (all, &timed, NULL, FALSE, (guint) MAX (repeat, 1));
  g_print ("\nthroughput: %u documents x %d passes, %.2f MB in %.3f s: %.2f MB/s (learn + analyse, "
           "a store per case)\n",
           all->len, repeat, timed.bytes / 1e6, timed.seconds, timed.bytes / 1e6 / timed.seconds);

  /* One large text: every report end to end until big_mb. */
  GString *big = g_string_new (NULL);
  while (big->len < big_mb * 1e6)
    for (guint k = 0; k < all->len && big->len < big_mb * 1e6; k++)
      {
        CorpusDoc *d = g_ptr_array_index (all, k);
        g_string_append_len (big, d->text, (gssize) d->len);
        g_string_append (big, "\n\n");
      }
  g_autofree char *tmp = g_dir_make_tmp ("veil-text-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "map.sqlite", NULL);
  VeilMappingStore *store = veil_mapping_store_open (path, &error);
  g_assert_no_error (error);
  VeilTextDeidentifier *deid = veil_text_deidentifier_new (store, VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES);
  gint64 t0 = g_get_monotonic_time ();
  GPtrArray *findings = veil_text_deidentifier_analyse (deid, big->str, big->len);
  double secs = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  g_print ("one large text: %.2f MB, %u findings in %.3f s: %.2f MB/s (analyse)\n", big->len / 1e6,
           findings->len, secs, big->len / 1e6 / secs);
  g_ptr_array_unref (findings);
  veil_text_deidentifier_free (deid);
  g_object_unref (store);
  g_unlink (path);
  g_rmdir (tmp);
  g_string_free (big, TRUE);
  g_ptr_array_unref (loaded[0]);
  g_ptr_array_unref (loaded[1]);
  return 0;
}
