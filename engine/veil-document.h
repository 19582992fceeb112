/* veil-document.h: report documents (PDF, DOCX) pseudonymised through the report-text
 * pipeline, written anew so that nothing of the original file is carried over.
 *
 * PDF: every page is rendered to an image; the text of the page (its text layer, OCR for
 * scanned pages and large pictures, and filled-in form fields' values) goes through
 * veil-text-deidentifier; each identifier's area (or form field) is painted over
 * in the image itself with the background's colour and its pseudonym drawn there as text;
 * the rest of the pseudonymised text is laid under the image, hidden, so the output can be
 * searched and copied. The new PDF holds only those images and that text: the original's
 * fonts, metadata, XMP, annotations, form fields, outlines, attachments, JavaScript and
 * thumbnails are never copied.
 *
 * DOCX: every XML part's paragraphs (body, tables, headers, footers, footnotes, endnotes,
 * comments, tracked insertions and deletions, fields, hyperlinks, text boxes) are read as
 * whole paragraphs and the pseudonyms written back into the runs, keeping their formatting;
 * document properties are blanked or pseudonymised; embedded pictures are blanked unless
 * asked to be kept; custom XML, VBA and unknown parts are dropped.
 *
 * The caller's learn() pass should see every document of the case first:
 * veil_document_read_text() gives the text to learn from.
 */
#pragma once

#include <glib.h>

#include "veil-text-deidentifier.h"

G_BEGIN_DECLS

#define VEIL_DOCUMENT_ERROR (veil_document_error_quark ())
GQuark veil_document_error_quark (void);

typedef enum {
  VEIL_DOCUMENT_ERROR_INVALID,     /* not a PDF or DOCX, or too damaged to read */
  VEIL_DOCUMENT_ERROR_ENCRYPTED,   /* encrypted or password-protected: refused */
  VEIL_DOCUMENT_ERROR_TOO_LARGE,   /* over a page, pixel, member or size limit */
  VEIL_DOCUMENT_ERROR_NEEDS_OCR,   /* scanned pages and OCR unavailable (or not allowed) */
  VEIL_DOCUMENT_ERROR_FAILED,      /* writing failed */
} VeilDocumentError;

typedef enum {
  VEIL_DOCUMENT_FLAGS_NONE = 0,
  /* DOCX: keep embedded pictures as they are (the caller flags them for review) instead of
   * replacing each with a blank one. */
  VEIL_DOCUMENT_KEEP_IMAGES = 1 << 0,
  /* PDF: refuse a document with scanned pages instead of reading them with Tesseract. */
  VEIL_DOCUMENT_NO_OCR = 1 << 1,
} VeilDocumentFlags;

typedef enum {
  VEIL_DOCUMENT_TYPE_UNKNOWN,
  VEIL_DOCUMENT_TYPE_PDF,
  VEIL_DOCUMENT_TYPE_DOCX,
} VeilDocumentType;

typedef struct {
  guint pages;          /* PDF pages written; DOCX XML parts rewritten */
  guint ocr_pages;      /* PDF pages (or pictures on them) read by OCR */
  guint findings;       /* identifiers replaced */
  guint images;         /* DOCX pictures found */
  guint images_blanked; /* DOCX pictures replaced by a blank one */
} VeilDocumentSummary;

/* From the first bytes: "%PDF-" or a zip holding word/document.xml. */
VeilDocumentType veil_document_sniff (const char *path);

/* The document's text as the cleaners read it (pages or paragraphs, one per line), for
 * veil_text_deidentifier_learn(). Scanned PDF pages are read by OCR unless `flags` has
 * VEIL_DOCUMENT_NO_OCR. */
char *veil_document_read_text (const char *path, VeilDocumentFlags flags, gsize *out_len,
                               GError **error);

/* PDF in, new PDF out (written atomically). Encrypted PDFs are refused. */
gboolean veil_document_clean_pdf (VeilTextDeidentifier *text, const char *input_path,
                                  const char *output_path, GError **error);
/* The same on bytes (for an encapsulated PDF in DICOM); `summary` nullable. */
GBytes *veil_document_clean_pdf_bytes (VeilTextDeidentifier *text, GBytes *pdf,
                                       VeilDocumentFlags flags, VeilDocumentSummary *summary,
                                       GError **error);
/* The text of a PDF, pages separated by "\n\n" (for learn()). */
char *veil_document_pdf_text (GBytes *pdf, VeilDocumentFlags flags, gsize *out_len,
                              GError **error);

/* One PDF page as the reviewer sees it: the page rendered, and where the findings are. */
typedef struct {
  guint finding;          /* index in the findings given */
  double x1, y1, x2, y2;  /* points, origin top left; one box per line of a finding */
} VeilDocumentBox;

typedef struct {
  GBytes *pixels;         /* cairo ARGB32, premultiplied, native endian, opaque */
  int width, height, stride;
  double scale;           /* pixels per point */
  double page_width, page_height; /* points */
  guint n_pages;          /* in the document */
  GArray *boxes;          /* VeilDocumentBox of findings on this page */
} VeilDocumentPage;

void veil_document_page_free (VeilDocumentPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilDocumentPage, veil_document_page_free)

/* Renders page `index` (from 0) of the PDF at `path` at about `dpi`, with the boxes of
 * `findings` (VeilTextFinding*, offsets in veil_document_read_text()'s text, sorted;
 * nullable) that fall on it. Blocks: call it off the main thread. */
VeilDocumentPage *veil_document_pdf_render_page (const char *path, guint index, double dpi,
                                                 GPtrArray *findings, GError **error);

/* DOCX in, new DOCX out (written atomically), pictures blanked. */
gboolean veil_document_clean_docx (VeilTextDeidentifier *text, const char *input_path,
                                   const char *output_path, GError **error);
/* The same with flags; `summary` nullable. */
gboolean veil_document_clean_docx_full (VeilTextDeidentifier *text, const char *input_path,
                                        const char *output_path, VeilDocumentFlags flags,
                                        VeilDocumentSummary *summary, GError **error);
/* The text of a DOCX, one paragraph a line (for learn()). */
char *veil_document_docx_text (const char *path, gsize *out_len, GError **error);

G_END_DECLS
