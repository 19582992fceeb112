/* veil-doc-clean: the document cleaners (veil-document.h) on one file, for the integration
 * tests and for trying them by hand until veil-cli export takes documents:
 *
 *   veil-doc-clean [--store MAP.sqlite] [--patient KEY=PN[,ID[,DOB]]] [--person PN]
 *                  [--identifier KIND=VALUE] [--keep-images] [--no-ocr] [--text] IN OUT
 *
 * The case's knowledge is seeded from the options, the document is learnt from and then
 * cleaned; a one-line JSON summary goes to stdout. Exit 0 on success; on refusal 1 with
 * "error <code>: <message>" on stderr (codes of VeilDocumentError). --text prints the text
 * read (for learn()) instead of cleaning.
 */
#include "veil-document.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

int
main (int argc, char **argv)
{
  g_autofree char *store_path = NULL;
  g_auto (GStrv) patients = NULL, persons = NULL, identifiers = NULL;
  gboolean keep_images = FALSE, no_ocr = FALSE, text_only = FALSE;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "Mapping store", "PATH" },
    { "patient", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &patients, "A patient", "KEY=PN[,ID[,DOB]]" },
    { "person", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &persons, "A member of staff", "PN" },
    { "identifier", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &identifiers, "A known value", "KIND=VALUE" },
    { "keep-images", 0, 0, G_OPTION_ARG_NONE, &keep_images, "Keep DOCX pictures", NULL },
    { "no-ocr", 0, 0, G_OPTION_ARG_NONE, &no_ocr, "Refuse scanned pages", NULL },
    { "text", 0, 0, G_OPTION_ARG_NONE, &text_only, "Print the text read", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("IN [OUT]");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != (text_only ? 2 : 3))
    {
      g_printerr ("%s\n", error ? error->message : "usage: veil-doc-clean [OPTIONS] IN OUT");
      return 2;
    }
  VeilDocumentFlags flags = (keep_images ? VEIL_DOCUMENT_KEEP_IMAGES : 0)
                            | (no_ocr ? VEIL_DOCUMENT_NO_OCR : 0);
  gsize len = 0;
  g_autofree char *text = veil_document_read_text (argv[1], flags, &len, &error);
  if (text == NULL)
    {
      g_printerr ("error %d: %s\n", error->domain == VEIL_DOCUMENT_ERROR ? error->code : -1,
                  error->message);
      return 1;
    }
  if (text_only)
    {
      fwrite (text, 1, len, stdout);
      return 0;
    }

  g_autofree char *tmpdir = NULL;
  if (store_path == NULL)
    {
      tmpdir = g_dir_make_tmp ("veil-doc-XXXXXX", &error);
      g_assert_no_error (error);
      store_path = g_build_filename (tmpdir, "map.sqlite", NULL);
    }
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (store_path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_autoptr (VeilTextDeidentifier) deid = veil_text_deidentifier_new (store, 0);
  for (guint i = 0; patients && patients[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (patients[i], "=", 2);
      if (kv[0] == NULL || kv[1] == NULL)
        continue;
      g_auto (GStrv) parts = g_strsplit (kv[1], ",", 3);
      veil_text_deidentifier_add_patient (deid, kv[0], parts[0], parts[0] ? parts[1] : NULL,
                                          parts[0] && parts[1] ? parts[2] : NULL);
    }
  for (guint i = 0; persons && persons[i]; i++)
    veil_text_deidentifier_add_person (deid, persons[i]);
  for (guint i = 0; identifiers && identifiers[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (identifiers[i], "=", 2);
      VeilTextKind kind;
      if (kv[0] && kv[1] && veil_text_kind_from_string (kv[0], &kind))
        veil_text_deidentifier_add_identifier (deid, kind, kv[1], NULL);
    }
  veil_text_deidentifier_learn (deid, text, len);

  VeilDocumentSummary summary = { 0 };
  gboolean ok;
  gint64 t0 = g_get_monotonic_time ();
  switch (veil_document_sniff (argv[1]))
    {
    case VEIL_DOCUMENT_TYPE_PDF:
      {
        g_autoptr (GMappedFile) mapped = g_mapped_file_new (argv[1], FALSE, &error);
        g_autoptr (GBytes) in = mapped ? g_mapped_file_get_bytes (mapped) : NULL;
        g_autoptr (GBytes) out = in ? veil_document_clean_pdf_bytes (deid, in, flags, &summary,
                                                                     &error)
                                    : NULL;
        ok = out && g_file_set_contents (argv[2], g_bytes_get_data (out, NULL),
                                         (gssize) g_bytes_get_size (out), &error);
        break;
      }
    case VEIL_DOCUMENT_TYPE_DOCX:
      ok = veil_document_clean_docx_full (deid, argv[1], argv[2], flags, &summary, &error);
      break;
    case VEIL_DOCUMENT_TYPE_UNKNOWN:
    default:
      g_set_error (&error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID, "not a document");
      ok = FALSE;
    }
  if (ok && tmpdir == NULL && !veil_mapping_store_flush (store, &error))
    ok = FALSE;
  if (tmpdir)
    {
      g_unlink (store_path);
      g_rmdir (tmpdir);
    }
  if (!ok)
    {
      g_printerr ("error %d: %s\n", error->domain == VEIL_DOCUMENT_ERROR ? error->code : -1,
                  error->message);
      return 1;
    }
  printf ("{\"pages\": %u, \"ocr_pages\": %u, \"findings\": %u, \"images\": %u, "
          "\"images_blanked\": %u, \"seconds\": %.3f}\n",
          summary.pages, summary.ocr_pages, summary.findings, summary.images,
          summary.images_blanked, (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}
