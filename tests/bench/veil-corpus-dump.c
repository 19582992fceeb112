/* veil-corpus-dump: the labelled report corpus as JSON, parsed by the scorer's own loader
 * (tests/text/text-corpus.c), so the document round trip (doc-roundtrip.py) scores the same
 * identifiers and clinical spans as the text scorer does.
 *
 *   veil-corpus-dump --corpus tests/text-corpus [--split heldout]
 *
 * One object per report: name, case, text (without markup), ids [{kind, text, start, end
 * (bytes of text), structured}],
 * keeps [text], directives [text].
 */
#include "text-corpus.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

static void
add_span_text (JsonBuilder *b, const CorpusDoc *doc, const CorpusSpan *span)
{
  g_autofree char *text = g_strndup (doc->text + span->start, span->end - span->start);
  json_builder_add_string_value (b, text);
}

int
main (int argc, char **argv)
{
  g_autofree char *corpus = NULL, *split = NULL;
  GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus, "Corpus folder", "DIR" },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split, "tune or heldout (default)", "NAME" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— dump the corpus as JSON");
  g_autoptr (GError) error = NULL;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || corpus == NULL)
    {
      g_printerr ("%s\n", error ? error->message : "--corpus DIR is needed");
      return 2;
    }
  g_autoptr (GPtrArray) docs = corpus_load_split (corpus, split ? split : "heldout", &error);
  if (docs == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < docs->len; i++)
    {
      const CorpusDoc *doc = g_ptr_array_index (docs, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, doc->name);
      json_builder_set_member_name (b, "case");
      json_builder_add_string_value (b, doc->case_name ? doc->case_name : "");
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, doc->text);
      json_builder_set_member_name (b, "ids");
      json_builder_begin_array (b);
      for (guint j = 0; j < doc->ids->len; j++)
        {
          const CorpusSpan *span = &g_array_index (doc->ids, CorpusSpan, j);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, veil_text_kind_to_string (span->kind));
          json_builder_set_member_name (b, "text");
          add_span_text (b, doc, span);
          json_builder_set_member_name (b, "start");
          json_builder_add_int_value (b, (gint64) span->start);
          json_builder_set_member_name (b, "end");
          json_builder_add_int_value (b, (gint64) span->end);
          json_builder_set_member_name (b, "structured");
          json_builder_add_boolean_value (b, span->structured);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "keeps");
      json_builder_begin_array (b);
      for (guint j = 0; j < doc->keeps->len; j++)
        add_span_text (b, doc, &g_array_index (doc->keeps, CorpusSpan, j));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "directives");
      json_builder_begin_array (b);
      for (guint j = 0; j < doc->directives->len; j++)
        json_builder_add_string_value (b, g_ptr_array_index (doc->directives, j));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  gsize len = 0;
  g_autofree char *out = json_generator_to_data (gen, &len);
  /* fwrite, not g_print: g_print would convert to the locale's charset (ASCII under C). */
  fwrite (out, 1, len, stdout);
  fputc ('\n', stdout);
  return 0;
}
