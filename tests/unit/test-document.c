/* test-document.c: the document cleaners (veil-document.h) on documents made here: a PDF
 * drawn with cairo and a DOCX written with libzip. The integration test (test_documents.py)
 * covers LibreOffice's documents, scans and encryption with the real tools. */
#include "veil-document.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>
#include <zip.h>

static const char *const identifiers[] = {
  "O'BRIEN-TESTCASE", "999 000 0018", "RX1234567", "14/02/1960", NULL,
};

typedef struct {
  char *dir;
  VeilMappingStore *store;
  VeilTextDeidentifier *deid;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  f->dir = g_dir_make_tmp ("veil-document-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (f->dir, "map.sqlite", NULL);
  f->store = veil_mapping_store_open (path, &error);
  g_assert_no_error (error);
  f->deid = veil_text_deidentifier_new (f->store, 0);
  veil_text_deidentifier_add_patient (f->deid, "P", "O'BRIEN-TESTCASE^Sian", "9990000018",
                                      "19600214");
  veil_text_deidentifier_add_identifier (f->deid, VEIL_TEXT_KIND_HOSPITAL_NUMBER, "RX1234567",
                                         "P");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  veil_text_deidentifier_free (f->deid);
  g_object_unref (f->store);
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
assert_clean (const char *text)
{
  for (guint i = 0; identifiers[i]; i++)
    if (strstr (text, identifiers[i]))
      g_error ("\"%s\" left in:\n%s", identifiers[i], text);
}

static cairo_status_t
append (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A one-page report, with an outline and metadata that must not survive. */
static GBytes *
make_pdf (void)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream (append, out, 595, 842);
  cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_AUTHOR, "Sian O'BRIEN-TESTCASE");
  cairo_pdf_surface_add_outline (s, CAIRO_PDF_OUTLINE_ROOT, "RX1234567", "page=1", 0);
  cairo_t *cr = cairo_create (s);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 11);
  const char *lines[] = {
    "RADIOLOGY REPORT", "Patient: Sian O'BRIEN-TESTCASE", "NHS number: 999 000 0018",
    "Hospital no: RX1234567", "DOB: 14/02/1960",
    "Findings: 8 mm nodule right upper lobe, unchanged.",
  };
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      cairo_move_to (cr, 50, 80 + 16 * i);
      cairo_show_text (cr, lines[i]);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  return g_byte_array_free_to_bytes (out);
}

static void
test_pdf (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) pdf = make_pdf ();
  g_autoptr (GError) error = NULL;
  VeilDocumentSummary summary = { 0 };
  g_autoptr (GBytes) out = veil_document_clean_pdf_bytes (f->deid, pdf, VEIL_DOCUMENT_FLAGS_NONE,
                                                          &summary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.pages, ==, 1);
  g_assert_cmpuint (summary.ocr_pages, ==, 0);
  g_assert_cmpuint (summary.findings, >=, 4);

  /* poppler-glib declares no autoptr types of its own. */
  g_autoptr (GObject) doc_owner = G_OBJECT (poppler_document_new_from_bytes (out, NULL, &error));
  g_assert_no_error (error);
  PopplerDocument *doc = POPPLER_DOCUMENT (doc_owner);
  g_autoptr (GObject) page = G_OBJECT (poppler_document_get_page (doc, 0));
  g_autofree char *text = poppler_page_get_text (POPPLER_PAGE (page));
  assert_clean (text);
  g_assert_nonnull (strstr (text, "8 mm nodule right upper lobe, unchanged."));
  g_assert_nonnull (strstr (text, "RADIOLOGY REPORT"));
  g_autofree char *author = poppler_document_get_author (doc);
  g_assert_null (author);
  g_assert_null (poppler_index_iter_new (doc));

  /* What the learn() pass reads. */
  gsize len = 0;
  g_autofree char *read = veil_document_pdf_text (pdf, VEIL_DOCUMENT_FLAGS_NONE, &len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (read, "NHS number: 999 000 0018"));
}

static void
test_pdf_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) junk = g_bytes_new_static ("%PDF-1.4\nno\n", 12);
  g_assert_null (veil_document_clean_pdf_bytes (f->deid, junk, 0, NULL, &error));
  g_assert_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID);
}

static void
add_member (zip_t *zip, const char *name, const char *text)
{
  zip_source_t *src = zip_source_buffer (zip, g_strdup (text), strlen (text), 1);
  g_assert_cmpint (zip_file_add (zip, name, src, ZIP_FL_ENC_UTF_8), >=, 0);
}

static char *
read_member (const char *path, const char *name)
{
  int err = 0;
  zip_t *zip = zip_open (path, ZIP_RDONLY, &err);
  g_assert_nonnull (zip);
  zip_stat_t st;
  if (zip_stat (zip, name, 0, &st) != 0)
    {
      zip_discard (zip);
      return NULL;
    }
  char *buf = g_malloc0 (st.size + 1);
  zip_file_t *file = zip_fopen (zip, name, 0);
  g_assert_cmpint (zip_fread (file, buf, st.size), ==, (zip_int64_t) st.size);
  zip_fclose (file);
  zip_discard (zip);
  return buf;
}

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static void
test_docx (Fixture *f, gconstpointer data)
{
  g_autofree char *in = g_build_filename (f->dir, "in.docx", NULL);
  g_autofree char *out = g_build_filename (f->dir, "out.docx", NULL);
  int err = 0;
  zip_t *zip = zip_open (in, ZIP_CREATE | ZIP_TRUNCATE, &err);
  add_member (zip, "[Content_Types].xml",
              "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
              "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
              "<Override PartName=\"/customXml/item1.xml\" ContentType=\"application/xml\"/></Types>");
  add_member (zip, "word/document.xml",
              "<?xml version=\"1.0\"?><w:document " W_NS "><w:body>"
              "<w:p><w:r><w:t xml:space=\"preserve\">Patient: O'BRI</w:t></w:r>"
              "<w:r><w:rPr><w:b/></w:rPr><w:t>EN-TESTCASE</w:t></w:r></w:p>"
              "<w:p><w:r><w:t xml:space=\"preserve\">NHS number: 999 0</w:t></w:r>"
              "<w:r><w:t>00 0018</w:t></w:r><w:r><w:tab/><w:t>DOB: 14/02/1960</w:t></w:r></w:p>"
              "<w:p><w:del w:author=\"Dr Someone\"><w:r><w:delText>RX1234567</w:delText></w:r></w:del></w:p>"
              "<w:p><w:r><w:t>Findings: 8 mm nodule right upper lobe, unchanged.</w:t></w:r></w:p>"
              "</w:body></w:document>");
  add_member (zip, "customXml/item1.xml", "<x>O'BRIEN-TESTCASE</x>");
  g_assert_cmpint (zip_close (zip), ==, 0);

  g_autoptr (GError) error = NULL;
  VeilDocumentSummary summary = { 0 };
  g_assert_true (veil_document_clean_docx_full (f->deid, in, out, 0, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.findings, >=, 4);
  g_autofree char *doc = read_member (out, "word/document.xml");
  assert_clean (doc);
  g_assert_null (strstr (doc, "Someone"));
  /* Formatting kept: the bold run is still there; the clinical text untouched. */
  g_assert_nonnull (strstr (doc, "<w:b/>"));
  g_assert_nonnull (strstr (doc, "Findings: 8 mm nodule right upper lobe, unchanged."));
  g_autofree char *custom = read_member (out, "customXml/item1.xml");
  g_assert_null (custom);
  g_autofree char *types = read_member (out, "[Content_Types].xml");
  g_assert_null (strstr (types, "customXml"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/document/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  g_test_add ("/document/pdf-refused", Fixture, NULL, fixture_set_up, test_pdf_refused,
              fixture_tear_down);
  g_test_add ("/document/docx", Fixture, NULL, fixture_set_up, test_docx, fixture_tear_down);
  return g_test_run ();
}
