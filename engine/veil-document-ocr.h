/* veil-document-ocr.h: reading a scanned document page (Debian's libtesseract).
 *
 * veil-pixel-ocr.h is tuned for burned-in annotations on images (light text on dark, sparse,
 * read inverted and thresholded) and on a page of dark print on white it misses lighter
 * text, such as the coloured text of tracked changes. A page is what Tesseract is made for:
 * it is read once, as it is, with automatic page segmentation at its true resolution.
 */
#pragma once

#include <glib.h>

#include "veil-pixel-ocr.h"

G_BEGIN_DECLS

typedef struct _VeilDocumentOcr VeilDocumentOcr;

/* Fails (with the reason) if Tesseract or its English model cannot be loaded. Not
 * thread-safe: one reader per thread. */
VeilDocumentOcr *veil_document_ocr_new (GError **error);
void veil_document_ocr_free (VeilDocumentOcr *ocr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilDocumentOcr, veil_document_ocr_free)

/* The words of an 8-bit grey page (`width` × `height`, rows packed) rendered at `dpi`, in
 * page pixels. Returns VeilOcrWord* (pass 0). */
GPtrArray *veil_document_ocr_read (VeilDocumentOcr *ocr, const guint8 *grey, guint width,
                                   guint height, guint dpi, GError **error);

G_END_DECLS
