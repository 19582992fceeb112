/* veil-dicom-document.c: encapsulated documents (see veil-dicom-document.h). */

#include "veil-dicom-document.h"

#include <string.h>

#define TAG_GROUP 0x0042
#define DOCUMENT 0x0011
#define MIME_TYPE 0x0012
#define DOCUMENT_LENGTH 0x0015

/* Encapsulated documents are reports, not videos: anything bigger is refused. */
#define MAX_DOCUMENT_SIZE ((gsize) 256 * 1024 * 1024)

char *
veil_dicom_document_refusal (VeilDcmFile *file)
{
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);
  g_autofree char *sop_class = veil_dcm_item_get_string (dataset, 0x0008, 0x0016);
  g_autofree char *mime = veil_dcm_item_get_string (dataset, TAG_GROUP, MIME_TYPE);
  VeilDcmElementInfo info;

  if (!veil_dcm_item_find (dataset, TAG_GROUP, DOCUMENT, &info))
    return NULL;
  if (g_strcmp0 (sop_class, VEIL_SOP_CLASS_ENCAPSULATED_PDF) == 0
      || (sop_class == NULL && g_strcmp0 (mime, "application/pdf") == 0))
    {
      if (info.is_sequence || info.length > MAX_DOCUMENT_SIZE)
        return g_strdup ("its encapsulated PDF is too large or malformed to be cleaned");
      return NULL;
    }
  if (g_strcmp0 (sop_class, "1.2.840.10008.5.1.4.1.1.104.2") == 0)
    return g_strdup ("encapsulated CDA documents (HL7 XML) cannot be cleaned yet");
  if (g_strcmp0 (sop_class, "1.2.840.10008.5.1.4.1.1.104.3") == 0
      || g_strcmp0 (sop_class, "1.2.840.10008.5.1.4.1.1.104.4") == 0
      || g_strcmp0 (sop_class, "1.2.840.10008.5.1.4.1.1.104.5") == 0)
    return g_strdup ("encapsulated 3D models (STL, OBJ, MTL) cannot be cleaned");
  return g_strdup_printf ("it holds an encapsulated document of a kind Veil cannot clean (%s)",
                          mime && *mime ? mime : "no MIME type");
}

GBytes *
veil_dicom_document_get_pdf (VeilDcmFile *file, GError **error)
{
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);
  g_autoptr (GBytes) value = veil_dcm_item_get_bytes (dataset, TAG_GROUP, DOCUMENT);
  gsize size = value ? g_bytes_get_size (value) : 0;
  const char *data = value ? g_bytes_get_data (value, NULL) : NULL;

  if (size < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                   "the encapsulated document is not a PDF");
      return NULL;
    }
  /* The length attribute, when present, says where the document ends; else only the one
   * padding byte is dropped. */
  g_autofree char *declared = veil_dcm_item_get_string (dataset, TAG_GROUP, DOCUMENT_LENGTH);
  guint64 length = declared && *declared ? g_ascii_strtoull (declared, NULL, 10) : 0;
  if (length > 0 && length <= size)
    size = (gsize) length;
  else if (size % 2 == 0 && data[size - 1] == '\0')
    size--;
  return g_bytes_new_from_bytes (value, 0, size);
}

char *
veil_dicom_document_read_text (VeilDcmFile *file, gsize *out_len, GError **error)
{
  g_autoptr (GBytes) pdf = veil_dicom_document_get_pdf (file, error);
  if (pdf == NULL)
    return NULL;
  char *text = veil_document_pdf_text (pdf, VEIL_DOCUMENT_FLAGS_NONE, out_len, error);
  if (text == NULL)
    g_prefix_error (error, "its encapsulated PDF cannot be read: ");
  return text;
}

GBytes *
veil_dicom_document_clean_pdf (VeilDcmFile *file, VeilTextDeidentifier *text,
                               VeilDocumentSummary *summary, GError **error)
{
  g_autoptr (GBytes) pdf = veil_dicom_document_get_pdf (file, error);
  if (pdf == NULL)
    return NULL;
  g_autoptr (GError) local = NULL;
  GBytes *cleaned = veil_document_clean_pdf_bytes (text, pdf, VEIL_DOCUMENT_FLAGS_NONE, summary,
                                                   &local);
  if (cleaned == NULL)
    g_set_error (error, VEIL_DOCUMENT_ERROR,
                 local->domain == VEIL_DOCUMENT_ERROR ? local->code : VEIL_DOCUMENT_ERROR_INVALID,
                 "its encapsulated PDF cannot be cleaned: %s", local->message);
  return cleaned;
}

gboolean
veil_dicom_document_put_pdf (VeilDcmFile *file, GBytes *pdf, GError **error)
{
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);
  gsize size = g_bytes_get_size (pdf);
  g_autoptr (GBytes) value = NULL;

  if (size % 2 == 0)
    value = g_bytes_ref (pdf);
  else
    {
      /* PS3.5 7.1.1: odd-length OB values get one trailing NUL. */
      GByteArray *padded = g_byte_array_sized_new ((guint) size + 1);
      g_byte_array_append (padded, g_bytes_get_data (pdf, NULL), (guint) size);
      g_byte_array_append (padded, (const guint8 *) "", 1);
      value = g_byte_array_free_to_bytes (padded);
    }
  if (!veil_dcm_item_set_bytes (dataset, TAG_GROUP, DOCUMENT, value, error))
    return FALSE;
  if (veil_dcm_item_find (dataset, TAG_GROUP, DOCUMENT_LENGTH, NULL))
    {
      g_autofree char *length = g_strdup_printf ("%" G_GSIZE_FORMAT, size);
      return veil_dcm_item_set_string (dataset, TAG_GROUP, DOCUMENT_LENGTH, NULL, length, error);
    }
  return TRUE;
}
