/* veil-dicom-document.h: documents encapsulated in DICOM (Encapsulated Document IOD).
 *
 * An encapsulated PDF is taken out of EncapsulatedDocument (0042,0011), cleaned by the PDF
 * path of the document cleaner with the case's text engine (so its patient gets the pseudonym
 * the DICOM header and the reports get), and put back, even-length, with
 * EncapsulatedDocumentLength (0042,0015) updated. Other encapsulated documents (CDA, STL, OBJ,
 * MTL) are refused: nothing in them is read or cleaned.
 */
#pragma once

#include "veil-dicom-bridge.h"
#include "veil-document.h"

G_BEGIN_DECLS

#define VEIL_SOP_CLASS_ENCAPSULATED_PDF "1.2.840.10008.5.1.4.1.1.104.1"

/* NULL if the file's encapsulated document can be cleaned (a PDF), else why not. */
char *veil_dicom_document_refusal (VeilDcmFile *file);

/* The encapsulated PDF's bytes, without the padding that made them even. */
GBytes *veil_dicom_document_get_pdf (VeilDcmFile *file, GError **error);

/* The PDF's text as the cleaner reads it, for veil_text_deidentifier_learn(). */
char *veil_dicom_document_read_text (VeilDcmFile *file, gsize *out_len, GError **error);

/* The cleaned PDF (the original left in place): call before de-identifying the header, which
 * blanks EncapsulatedDocument, then veil_dicom_document_put_pdf(). */
GBytes *veil_dicom_document_clean_pdf (VeilDcmFile *file, VeilTextDeidentifier *text,
                                       VeilDocumentSummary *summary, GError **error);

/* Puts a PDF into EncapsulatedDocument, padded to an even length with a NUL byte, and sets
 * EncapsulatedDocumentLength to its unpadded length when the file has that attribute. */
gboolean veil_dicom_document_put_pdf (VeilDcmFile *file, GBytes *pdf, GError **error);

G_END_DECLS
