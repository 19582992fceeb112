/* veil-document.c: what the PDF and DOCX cleaners share (see veil-document.h). */
#include "veil-document.h"

#include <gio/gio.h>
#include <string.h>
#include <zip.h>

G_DEFINE_QUARK (veil-document-error-quark, veil_document_error)

VeilDocumentType
veil_document_sniff (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) in = g_file_read (file, NULL, NULL);
  if (in == NULL)
    return VEIL_DOCUMENT_TYPE_UNKNOWN;
  char head[8] = { 0 };
  gsize got = 0;
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head, &got, NULL, NULL))
    return VEIL_DOCUMENT_TYPE_UNKNOWN;
  /* A PDF may have a few bytes of junk before its header; readers accept that, so do we. */
  if (got >= 5 && memcmp (head, "%PDF-", 5) == 0)
    return VEIL_DOCUMENT_TYPE_PDF;
  if (got >= 4 && memcmp (head, "PK\003\004", 4) == 0)
    {
      int err = 0;
      zip_t *zip = zip_open (path, ZIP_RDONLY, &err);
      if (zip == NULL)
        return VEIL_DOCUMENT_TYPE_UNKNOWN;
      gboolean docx = zip_name_locate (zip, "word/document.xml", 0) >= 0;
      zip_discard (zip);
      return docx ? VEIL_DOCUMENT_TYPE_DOCX : VEIL_DOCUMENT_TYPE_UNKNOWN;
    }
  return VEIL_DOCUMENT_TYPE_UNKNOWN;
}

char *
veil_document_read_text (const char *path, VeilDocumentFlags flags, gsize *out_len,
                         GError **error)
{
  switch (veil_document_sniff (path))
    {
    case VEIL_DOCUMENT_TYPE_PDF:
      {
        g_autoptr (GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);
        if (mapped == NULL)
          return NULL;
        g_autoptr (GBytes) bytes = g_mapped_file_get_bytes (mapped);
        return veil_document_pdf_text (bytes, flags, out_len, error);
      }
    case VEIL_DOCUMENT_TYPE_DOCX:
      return veil_document_docx_text (path, out_len, error);
    case VEIL_DOCUMENT_TYPE_UNKNOWN:
    default:
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                   "%s is neither a PDF nor a DOCX document", path);
      return NULL;
    }
}
