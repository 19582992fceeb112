/* veil-document-pdf.c: PDF reports rebuilt from their rendered pages (see veil-document.h).
 *
 * Redacting a PDF in place means finding every copy of an identifier in content streams,
 * fonts, annotations, form fields, metadata, XMP, outlines, attachments and incremental
 * updates, and one missed copy is a disclosure. Instead the document is read (text with
 * positions, through poppler) and then a new one is drawn with cairo from nothing but:
 *  - each page rendered to an image, with every identifier's area painted over in the image
 *    itself (so no pixel of it survives underneath);
 *  - the identifier's pseudonym drawn over that area as text, in a similar size;
 *  - the rest of the page's pseudonymised text drawn first and covered by the opaque page
 *    image: hidden, but it is the text layer viewers search and copy (cairo cannot write the
 *    "invisible" text mode, and drops drawing it can tell will not show, such as alpha 0).
 * Pages with no usable text layer (scans) are read with Tesseract (veil-document-ocr.h) and go
 * the same way; so do pictures covering much of a page with text, because a scanned form
 * may carry a text layer for a few typed words only. Filled-in text fields are drawn by their
 * widgets, not the page: their values are read too, and a field holding an identifier is
 * painted out whole and its pseudonymised value written in. Markup annotations (notes,
 * stamps, free text) are not drawn at all.
 */
#include "veil-document.h"

#include "veil-document-ocr.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

/* Bounds on what one document may cost. */
#define MAX_PAGES 2000
#define MAX_PDF_BYTES ((gsize) 512 * 1024 * 1024)
#define MAX_PAGE_POINTS 14400.0  /* 200 inches, PDF's own page size limit */
#define RENDER_DPI 200.0
#define OCR_DPI 300.0
#define MAX_RENDER_PIXELS 100e6  /* per page */
#define MAX_RENDER_SIDE 32000.0  /* cairo's image limit is 32767 */
#define MAX_OCR_WORDS 20000      /* per page */

/* Pictures covering more of a page than this are read by OCR as well as its text layer. */
#define OCR_IMAGE_FRACTION 0.2
/* A text layer with more than this share of unreadable characters (no Unicode mapping) is
 * not trusted: the page is read by OCR instead. */
#define GARBAGE_FRACTION 0.2
/* OCR words below this confidence are noise (speckle, rules, photos). */
#define MIN_OCR_CONFIDENCE 10.0f

/* Between a table's columns on one line. Not a tab: the text pipeline takes "Address<tab>"
 * at the start of a line for part of the address, while two spaces read as a label's gap. */
#define COLUMN_GAP "  "

#define FONT_FAMILY "DejaVu Sans"
/* The narrowest a pseudonym is squeezed to fit its place before its size is reduced. */
#define MIN_STRETCH 0.65

typedef struct {
  double x1, y1, x2, y2;
} Box;

/* What is known of one byte of a page's text. Only a character's first byte has a box. */
typedef struct {
  Box box;          /* points, origin top left; empty (x2 <= x1) if none */
  float size;       /* font size in points, 0 if unknown */
  float baseline;   /* y of the baseline, 0 if unknown (then a fifth of the box up) */
  guint8 r, g, b;   /* text colour */
  guint8 bold : 1;
  guint8 hidden : 1; /* read for analysis but not written to the text layer (an OCR reading
                      * of words the text layer already has) */
  guint8 ocr : 1;
} Glyph;

typedef struct {
  double width, height; /* points */
  gsize start, len;     /* this page's text within the document text */
  Glyph *glyphs;        /* len of them */
  GArray *fields;       /* FormText: filled-in text fields, drawn by the page's widgets */
  gboolean ocr;         /* some of it was read by OCR */
  gboolean image_heavy; /* pictures cover much of the page: no free space is assumed */
} PageText;

/* A text field's value is drawn by its widget, not the page's text: it is read as a line of
 * its own (its glyphs have no boxes), and if it holds an identifier the whole field is
 * painted out and its pseudonymised value written there. */
typedef struct {
  Box area;
  gsize start, end; /* the value within the page's text */
  double size;
} FormText;

typedef struct {
  PopplerDocument *doc;
  VeilDocumentFlags flags;
  GString *text;
  PageText *pages;
  guint n_pages;
  guint ocr_pages;
  VeilDocumentOcr *ocr;
} Reading;

static gboolean
box_empty (const Box *b)
{
  return b->x2 <= b->x1 || b->y2 <= b->y1;
}

static double
box_overlap_area (const Box *a, const Box *b)
{
  double w = MIN (a->x2, b->x2) - MAX (a->x1, b->x1);
  double h = MIN (a->y2, b->y2) - MAX (a->y1, b->y1);
  return w > 0 && h > 0 ? w * h : 0;
}

static void
box_union (Box *into, const Box *b)
{
  if (box_empty (into))
    {
      *into = *b;
      return;
    }
  into->x1 = MIN (into->x1, b->x1);
  into->y1 = MIN (into->y1, b->y1);
  into->x2 = MAX (into->x2, b->x2);
  into->y2 = MAX (into->y2, b->y2);
}

static void
reading_clear (Reading *r)
{
  for (guint i = 0; i < r->n_pages; i++)
    {
      g_free (r->pages[i].glyphs);
      if (r->pages[i].fields)
        g_array_unref (r->pages[i].fields);
    }
  g_free (r->pages);
  if (r->text)
    g_string_free (r->text, TRUE);
  g_clear_pointer (&r->ocr, veil_document_ocr_free);
  g_clear_object (&r->doc);
}

/* ---- opening ---- */

/* A cheap test for owner-password encryption, which poppler opens without a word: the
 * trailer (or cross-reference stream dictionary, never compressed) names /Encrypt. */
static gboolean
has_encrypt_key (GBytes *pdf)
{
  gsize len;
  const char *data = g_bytes_get_data (pdf, &len);
  static const char key[] = "/Encrypt";
  const char *p = data, *end = data + len;
  while (p && (gsize) (end - p) >= sizeof key - 1)
    {
      p = memmem (p, end - p, key, sizeof key - 1);
      if (p == NULL)
        break;
      /* "/EncryptMetadata" and the like are other names. */
      const char *after = p + sizeof key - 1;
      if (after >= end || strchr (" \t\r\n/[<(", *after) != NULL)
        return TRUE;
      p = after;
    }
  return FALSE;
}

static PopplerDocument *
open_pdf (GBytes *pdf, GError **error)
{
  if (g_bytes_get_size (pdf) > MAX_PDF_BYTES)
    {
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_TOO_LARGE,
                   "the PDF is larger than %" G_GSIZE_FORMAT " MiB", MAX_PDF_BYTES >> 20);
      return NULL;
    }
  g_autoptr (GError) local = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &local);
  if (doc == NULL)
    {
      if (g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_ENCRYPTED,
                     "the PDF is password-protected: Veil cannot read it, so cannot clean it "
                     "(ask the sender for an unprotected copy)");
      else
        g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                     "the PDF cannot be read: %s", local->message);
      return NULL;
    }
  if (has_encrypt_key (pdf) || poppler_document_get_permissions (doc) != POPPLER_PERMISSIONS_FULL)
    {
      g_object_unref (doc);
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_ENCRYPTED,
                   "the PDF is encrypted (it has an owner password or restrictions): Veil "
                   "refuses encrypted documents (ask the sender for an unprotected copy)");
      return NULL;
    }
  int n = poppler_document_get_n_pages (doc);
  if (n > MAX_PAGES)
    {
      g_object_unref (doc);
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_TOO_LARGE,
                   "the PDF has %d pages; Veil cleans at most %d", n, MAX_PAGES);
      return NULL;
    }
  if (n <= 0)
    {
      g_object_unref (doc);
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                   "the PDF has no pages");
      return NULL;
    }
  return doc;
}

/* ---- rendering ---- */

static gboolean
page_size (PopplerPage *page, double *width, double *height, GError **error)
{
  poppler_page_get_size (page, width, height);
  if (!(*width > 0 && *height > 0 && *width <= MAX_PAGE_POINTS && *height <= MAX_PAGE_POINTS))
    {
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_TOO_LARGE,
                   "page %d has an unusable size (%.0f × %.0f points)",
                   poppler_page_get_index (page) + 1, *width, *height);
      return FALSE;
    }
  return TRUE;
}

/* The page as an opaque RGB image at about RENDER_DPI, fewer if that would pass the pixel
 * bounds. Rendered as for printing the document alone: markup annotations (notes, stamps,
 * free text) are not drawn, since their text is not in the page's text and could not be
 * cleaned; form fields are (and cleaned by the caller). */
static cairo_surface_t *
render_page (PopplerPage *page, double width, double height, double dpi, double *out_scale,
             GError **error)
{
  double scale = dpi / 72.0;
  double pixels = width * height * scale * scale;
  if (pixels > MAX_RENDER_PIXELS)
    scale *= sqrt (MAX_RENDER_PIXELS / pixels);
  scale = MIN (scale, MAX_RENDER_SIDE / MAX (width, height));
  int w = MAX (1, (int) ceil (width * scale));
  int h = MAX (1, (int) ceil (height * scale));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_TOO_LARGE,
                   "page %d cannot be rendered (%d × %d pixels)",
                   poppler_page_get_index (page) + 1, w, h);
      return NULL;
    }
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing_with_options (page, cr, POPPLER_PRINT_DOCUMENT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  *out_scale = scale;
  return surface;
}

/* ---- reading the text ---- */

static gboolean
is_garbage (gunichar c)
{
  return c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || (c < 0x20 && c != '\n' && c != '\t'
                                                         && c != '\r');
}

typedef struct {
  gsize from, to; /* bytes of the source text */
  Box box;
} Word;

static int
compare_word_centre_y (gconstpointer a, gconstpointer b)
{
  const Word *wa = a, *wb = b;
  double ya = wa->box.y1 + wa->box.y2, yb = wb->box.y1 + wb->box.y2;
  return ya < yb ? -1 : ya > yb ? 1 : wa->box.x1 < wb->box.x1 ? -1 : wa->box.x1 > wb->box.x1;
}

static int
compare_word_x (gconstpointer a, gconstpointer b)
{
  const Word *wa = a, *wb = b;
  return wa->box.x1 < wb->box.x1 ? -1 : wa->box.x1 > wb->box.x1 ? 1 : 0;
}

/* A line of a page as reorder_physical() lays it out: words [start, end). */
typedef struct {
  guint start, end;
  double x1, x2, y1, y2;
  gboolean has_gap; /* a wide gap: columns of a table or a header, never wrapped prose */
} Line;

/* Whether `next` goes on with the paragraph of `line`, wrapped because its first word did not
 * fit: then they are joined by a space (the same one byte as the line break), so a name or
 * a sentence broken across lines is read whole ("Dr Thulani" / "Mokoena"). */
static gboolean
is_soft_wrap (GArray *words, const Line *line, const Line *next, double right_edge)
{
  double height = line->y2 - line->y1;
  if (line->has_gap || next->has_gap || height <= 0)
    return FALSE;
  if (next->y1 - line->y2 > 0.6 * height || next->x1 > line->x1 + height
      || next->x1 < line->x1 - 2 * height)
    return FALSE; /* spaced apart, indented or outdented: a new paragraph or a list */
  const Word *first = &g_array_index (words, Word, next->start);
  double space = 0.3 * height;
  return line->x2 + space + (first->box.x2 - first->box.x1) > right_edge - 0.2 * height;
}

/* poppler gives a page's text in its reading order, which takes a table's columns one after
 * the other ("Date of birth", "Address", then their values). Reports are read across: a
 * label and its value on one line. So the words are laid out again as the page shows them,
 * line by line, with COLUMN_GAP for a wide gap (a table's next column) and a blank line for
 * a wide vertical one. */
static void
reorder_physical (const char *src, const Glyph *src_glyphs, gsize len, GString *text,
                  GArray *glyphs)
{
  g_autoptr (GArray) words = g_array_new (FALSE, TRUE, sizeof (Word));
  gsize b = 0;
  while (b < len)
    {
      if (box_empty (&src_glyphs[b].box))
        {
          b++;
          continue;
        }
      Word w = { .from = b, .box = src_glyphs[b].box };
      double h = w.box.y2 - w.box.y1;
      b++;
      /* A word ends at a space, or where the next character is not beside it. */
      while (b < len && !g_ascii_isspace (src[b]))
        {
          const Box *next = &src_glyphs[b].box;
          if (!box_empty (next))
            {
              double cy = (next->y1 + next->y2) / 2;
              if (cy < w.box.y1 || cy > w.box.y2 || next->x1 < w.box.x2 - h
                  || next->x1 > w.box.x2 + h)
                break;
              box_union (&w.box, next);
            }
          b++;
        }
      w.to = b;
      g_array_append_val (words, w);
    }
  g_array_sort (words, compare_word_centre_y);

  /* The lines, and the right edge of the page's text. */
  g_autoptr (GArray) lines = g_array_new (FALSE, TRUE, sizeof (Line));
  double right_edge = 0;
  for (guint start = 0; start < words->len;)
    {
      Word *first = &g_array_index (words, Word, start);
      Line line = { .start = start, .y1 = first->box.y1, .y2 = first->box.y2 };
      guint end = start + 1;
      while (end < words->len)
        {
          Word *w = &g_array_index (words, Word, end);
          double cy = (w->box.y1 + w->box.y2) / 2;
          if (cy < line.y1 || cy > line.y2)
            break;
          end++;
        }
      qsort (&g_array_index (words, Word, start), end - start, sizeof (Word), compare_word_x);
      line.end = end;
      line.x1 = g_array_index (words, Word, start).box.x1;
      line.x2 = g_array_index (words, Word, end - 1).box.x2;
      double height = line.y2 - line.y1;
      for (guint k = start + 1; k < end; k++)
        if (g_array_index (words, Word, k).box.x1 - g_array_index (words, Word, k - 1).box.x2
            > 0.8 * height)
          line.has_gap = TRUE;
      right_edge = MAX (right_edge, line.x2);
      g_array_append_val (lines, line);
      start = end;
    }

  double prev_bottom = -1, prev_height = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      double height = line->y2 - line->y1;
      gboolean blank = prev_bottom >= 0 && line->y1 - prev_bottom > 1.2 * MAX (height, prev_height);
      if (text->len > 0)
        g_string_append_c (text, i > 0 && !blank && is_soft_wrap (words, line - 1, line, right_edge)
                                     ? ' ' : '\n');
      if (blank)
        g_string_append_c (text, '\n');
      double prev_x2 = 0;
      for (guint k = line->start; k < line->end; k++)
        {
          Word *w = &g_array_index (words, Word, k);
          if (k > line->start)
            g_string_append (text, w->box.x1 - prev_x2 > 0.8 * height ? COLUMN_GAP : " ");
          gsize at = text->len;
          g_string_append_len (text, src + w->from, w->to - w->from);
          g_array_set_size (glyphs, text->len);
          memcpy (&g_array_index (glyphs, Glyph, at), src_glyphs + w->from,
                  (w->to - w->from) * sizeof (Glyph));
          prev_x2 = w->box.x2;
        }
      prev_bottom = line->y2;
      prev_height = height;
    }
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_array_set_size (glyphs, text->len);
}

/* The page's text layer, one glyph per byte. FALSE if it cannot be trusted (its layout does
 * not match its text, or it is mostly unmapped glyphs): the page is then read by OCR. */
static gboolean
read_text_layer (PopplerPage *page, GString *text, GArray *glyphs)
{
  g_autofree char *t = poppler_page_get_text (page);
  if (t == NULL || !g_utf8_validate (t, -1, NULL))
    return FALSE;
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  if (!poppler_page_get_text_layout (page, &rects, &n_rects))
    n_rects = 0;
  glong n_chars = g_utf8_strlen (t, -1);
  if ((glong) n_rects != n_chars)
    {
      g_free (rects);
      return n_chars == 0;
    }

  /* Font size, colour and weight per character. */
  g_autofree float *sizes = g_new0 (float, n_chars + 1);
  g_autofree guint32 *colours = g_new0 (guint32, n_chars + 1);
  g_autofree guint8 *bold = g_new0 (guint8, n_chars + 1);
  GList *attrs = poppler_page_get_text_attributes (page);
  for (GList *l = attrs; l; l = l->next)
    {
      PopplerTextAttributes *a = l->data;
      gboolean heavy = a->font_name && (strstr (a->font_name, "Bold") || strstr (a->font_name, "bold")
                                        || strstr (a->font_name, "Black") || strstr (a->font_name, "Heavy"));
      for (int i = MAX (a->start_index, 0); i <= a->end_index && i < n_chars; i++)
        {
          sizes[i] = (float) a->font_size;
          colours[i] = ((guint32) (a->color.red >> 8) << 16) | ((a->color.green >> 8) << 8)
                       | (a->color.blue >> 8);
          bold[i] = heavy;
        }
    }
  poppler_page_free_text_attributes (attrs);

  guint non_space = 0, garbage = 0;
  g_autoptr (GString) src = g_string_new (t);
  g_autoptr (GArray) src_glyphs = g_array_new (FALSE, TRUE, sizeof (Glyph));
  g_array_set_size (src_glyphs, src->len);
  glong ci = 0;
  for (const char *p = t; *p; p = g_utf8_next_char (p), ci++)
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c))
        {
          non_space++;
          garbage += is_garbage (c);
        }
      Glyph *gl = &g_array_index (src_glyphs, Glyph, p - t);
      if (!g_unichar_isspace (c))
        gl->box = (Box) { rects[ci].x1, rects[ci].y1, rects[ci].x2, rects[ci].y2 };
      gl->size = sizes[ci];
      gl->r = colours[ci] >> 16;
      gl->g = (colours[ci] >> 8) & 0xff;
      gl->b = colours[ci] & 0xff;
      gl->bold = bold[ci];
    }
  g_free (rects);
  if (non_space > 0 && garbage > non_space * GARBAGE_FRACTION)
    return FALSE;
  reorder_physical (src->str, (const Glyph *) src_glyphs->data, src->len, text, glyphs);
  return TRUE;
}

static double
images_fraction (PopplerPage *page, double width, double height)
{
  double area = 0;
  GList *images = poppler_page_get_image_mapping (page);
  for (GList *l = images; l; l = l->next)
    {
      PopplerImageMapping *m = l->data;
      area += fabs (m->area.x2 - m->area.x1) * fabs (m->area.y2 - m->area.y1);
    }
  poppler_page_free_image_mapping (images);
  return area / (width * height);
}

typedef struct {
  Box box;
  char *text;
  float confidence;
  gboolean hidden;
} OcrWord;

static void
ocr_word_clear (gpointer p)
{
  g_free (((OcrWord *) p)->text);
}

static int
compare_confidence (gconstpointer a, gconstpointer b)
{
  float ca = ((const OcrWord *) a)->confidence, cb = ((const OcrWord *) b)->confidence;
  return ca < cb ? 1 : ca > cb ? -1 : 0;
}

static int
compare_centre_y (gconstpointer a, gconstpointer b)
{
  const OcrWord *wa = *(OcrWord *const *) a, *wb = *(OcrWord *const *) b;
  double ya = wa->box.y1 + wa->box.y2, yb = wb->box.y1 + wb->box.y2;
  return ya < yb ? -1 : ya > yb ? 1 : 0;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;
  return da < db ? -1 : da > db ? 1 : 0;
}

static int
compare_x (gconstpointer a, gconstpointer b)
{
  const OcrWord *wa = *(OcrWord *const *) a, *wb = *(OcrWord *const *) b;
  return wa->box.x1 < wb->box.x1 ? -1 : wa->box.x1 > wb->box.x1 ? 1 : 0;
}

/* Reads the rendered page with Tesseract and appends its words, as lines, to the page's
 * text. Words the text layer already has are kept for analysis (a scanner's text layer may
 * not sit exactly on the ink) but hidden from the output's text layer. */
static gboolean
read_by_ocr (Reading *r, PopplerPage *page, double width, double height, GString *text,
             GArray *glyphs, GError **error)
{
  if (r->flags & VEIL_DOCUMENT_NO_OCR)
    {
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_NEEDS_OCR,
                   "page %d is scanned (it has no usable text) and scanned pages need OCR",
                   poppler_page_get_index (page) + 1);
      return FALSE;
    }
  if (r->ocr == NULL)
    {
      g_autoptr (GError) local = NULL;
      r->ocr = veil_document_ocr_new (&local);
      if (r->ocr == NULL)
        {
          g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_NEEDS_OCR,
                       "page %d is scanned and scanned pages need OCR: %s",
                       poppler_page_get_index (page) + 1, local->message);
          return FALSE;
        }
    }
  double scale;
  cairo_surface_t *surface = render_page (page, width, height, OCR_DPI, &scale, error);
  if (surface == NULL)
    return FALSE;
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  g_autofree guint8 *grey = g_malloc ((gsize) w * h);
  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);
      for (int x = 0; x < w; x++)
        {
          guint32 p = row[x];
          grey[(gsize) y * w + x] = (guint8) ((((p >> 16) & 0xff) * 77 + ((p >> 8) & 0xff) * 150
                                               + (p & 0xff) * 29) >> 8);
        }
    }
  cairo_surface_destroy (surface);
  g_autoptr (GPtrArray) read = veil_document_ocr_read (r->ocr, grey, (guint) w, (guint) h,
                                                       (guint) (scale * 72.0 + 0.5), error);
  if (read == NULL)
    return FALSE;

  /* Words in points; where readings overlap, the most confident one wins. */
  g_autoptr (GArray) words = g_array_new (FALSE, TRUE, sizeof (OcrWord));
  g_array_set_clear_func (words, ocr_word_clear);
  for (guint i = 0; i < read->len && i < MAX_OCR_WORDS; i++)
    {
      VeilOcrWord *vw = g_ptr_array_index (read, i);
      if (vw->confidence < MIN_OCR_CONFIDENCE || vw->width <= 0 || vw->height <= 0)
        continue;
      OcrWord word = {
        .box = { vw->x / scale, vw->y / scale, (vw->x + vw->width) / scale,
                 (vw->y + vw->height) / scale },
        .text = g_strdup (vw->text),
        .confidence = vw->confidence,
      };
      g_array_append_val (words, word);
    }
  g_array_sort (words, compare_confidence);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  for (guint i = 0; i < words->len; i++)
    {
      OcrWord *word = &g_array_index (words, OcrWord, i);
      double area = (word->box.x2 - word->box.x1) * (word->box.y2 - word->box.y1);
      gboolean duplicate = FALSE;
      for (guint k = 0; k < kept->len && !duplicate; k++)
        duplicate = box_overlap_area (&word->box, &((OcrWord *) kept->pdata[k])->box) > 0.5 * area;
      if (duplicate)
        continue;
      /* Already in the text layer? */
      double covered = 0;
      for (gsize b = 0; b < glyphs->len; b++)
        {
          const Glyph *gl = &g_array_index (glyphs, Glyph, b);
          if (!box_empty (&gl->box) && !gl->ocr)
            covered += box_overlap_area (&word->box, &gl->box);
        }
      word->hidden = covered > 0.3 * area;
      g_ptr_array_add (kept, word);
    }
  if (kept->len == 0)
    return TRUE;

  /* Lines: words whose centres lie within half a word's height of each other. */
  g_ptr_array_sort (kept, compare_centre_y);
  if (text->len > 0 && text->str[text->len - 1] != '\n')
    g_string_append_c (text, '\n');
  guint line_start = 0;
  while (line_start < kept->len)
    {
      OcrWord *first = kept->pdata[line_start];
      double centre = (first->box.y1 + first->box.y2) / 2;
      double half = (first->box.y2 - first->box.y1) / 2;
      guint line_end = line_start + 1;
      while (line_end < kept->len)
        {
          OcrWord *w = kept->pdata[line_end];
          if ((w->box.y1 + w->box.y2) / 2 > centre + half)
            break;
          line_end++;
        }
      /* Sort this line's words left to right. Tesseract's boxes hold the ink only: the
       * line's baseline is where most words end (few letters descend), and its capitals
       * and ascenders reach about three quarters of the font size above it. */
      qsort (kept->pdata + line_start, line_end - line_start, sizeof (gpointer), compare_x);
      g_autofree double *bottoms = g_new (double, line_end - line_start);
      double top = G_MAXDOUBLE, bottom = 0;
      for (guint k = line_start; k < line_end; k++)
        {
          OcrWord *w = kept->pdata[k];
          bottoms[k - line_start] = w->box.y2;
          top = MIN (top, w->box.y1);
          bottom = MAX (bottom, w->box.y2);
        }
      qsort (bottoms, line_end - line_start, sizeof (double), compare_double);
      double baseline = bottoms[(line_end - line_start) / 2];
      float size = (float) MAX ((baseline - top) / 0.73, 1.0);
      for (guint k = line_start; k < line_end; k++)
        {
          OcrWord *w = kept->pdata[k];
          /* A wide gap is a table's next column, as in reorder_physical(). */
          if (k > line_start)
            g_string_append (text, w->box.x1 - ((OcrWord *) kept->pdata[k - 1])->box.x2
                                           > 0.8 * (baseline - top) / 0.73
                                       ? COLUMN_GAP
                                       : " ");
          gsize at = text->len;
          g_string_append (text, w->text);
          g_array_set_size (glyphs, text->len);
          glong n = g_utf8_strlen (w->text, -1);
          double step = (w->box.x2 - w->box.x1) / MAX (n, 1);
          glong ci = 0;
          for (const char *p = w->text; *p; p = g_utf8_next_char (p), ci++)
            {
              Glyph *gl = &g_array_index (glyphs, Glyph, at + (p - w->text));
              gl->box = (Box) { w->box.x1 + ci * step, MIN (top, w->box.y1),
                                w->box.x1 + (ci + 1) * step, MAX (bottom, w->box.y2) };
              gl->size = size;
              gl->baseline = (float) baseline;
              gl->hidden = w->hidden;
              gl->ocr = TRUE;
            }
        }
      g_string_append_c (text, '\n');
      g_array_set_size (glyphs, text->len);
      line_start = line_end;
    }
  return TRUE;
}

static void
read_form_fields (PopplerPage *page, PageText *pt, GString *text, GArray *glyphs)
{
  GList *mapping = poppler_page_get_form_field_mapping (page);
  for (GList *l = mapping; l; l = l->next)
    {
      PopplerFormFieldMapping *m = l->data;
      if (poppler_form_field_get_field_type (m->field) != POPPLER_FORM_FIELD_TEXT)
        continue;
      g_autofree char *value = poppler_form_field_text_get_text (m->field);
      if (value == NULL || *g_strstrip (value) == '\0' || !g_utf8_validate (value, -1, NULL))
        continue;
      if (pt->fields == NULL)
        pt->fields = g_array_new (FALSE, TRUE, sizeof (FormText));
      /* Form field areas are in PDF space, origin bottom left. */
      FormText field = {
        .area = { MIN (m->area.x1, m->area.x2), pt->height - MAX (m->area.y1, m->area.y2),
                  MAX (m->area.x1, m->area.x2), pt->height - MIN (m->area.y1, m->area.y2) },
        .size = poppler_form_field_get_font_size (m->field),
      };
      if (text->len > 0 && text->str[text->len - 1] != '\n')
        g_string_append_c (text, '\n');
      field.start = text->len;
      g_string_append (text, value);
      field.end = text->len;
      g_string_append_c (text, '\n');
      g_array_set_size (glyphs, text->len);
      g_array_append_val (pt->fields, field);
    }
  poppler_page_free_form_field_mapping (mapping);
}

/* Every page's text, with a glyph for each byte. */
static gboolean
read_document (Reading *r, GError **error)
{
  int n = poppler_document_get_n_pages (r->doc);
  r->text = g_string_new (NULL);
  r->pages = g_new0 (PageText, n);
  r->n_pages = n;
  for (int i = 0; i < n; i++)
    {
      /* Owned by the loop's GObject autoptr (poppler declares no autoptr of its own). */
      g_autoptr (GObject) owner = G_OBJECT (poppler_document_get_page (r->doc, i));
      PopplerPage *page = (PopplerPage *) owner;
      PageText *pt = &r->pages[i];
      if (page == NULL || !page_size (page, &pt->width, &pt->height, error))
        {
          if (page == NULL)
            g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                         "page %d cannot be read", i + 1);
          return FALSE;
        }
      /* Pages are separated by a blank line, so no identifier runs from one to the next. */
      if (i > 0)
        g_string_append (r->text, "\n\n");
      pt->start = r->text->len;
      /* Glyphs are indexed from the page's start, so the page is read on its own. */
      g_autoptr (GArray) glyphs = g_array_new (FALSE, TRUE, sizeof (Glyph));
      g_autoptr (GString) page_text = g_string_new (NULL);
      gboolean layer_ok = read_text_layer (page, page_text, glyphs);
      gboolean has_text = FALSE;
      for (gsize b = 0; b < page_text->len && !has_text; b++)
        has_text = !g_ascii_isspace (page_text->str[b]);
      pt->image_heavy = images_fraction (page, pt->width, pt->height) > OCR_IMAGE_FRACTION;
      if (!layer_ok || !has_text || pt->image_heavy)
        {
          if (!read_by_ocr (r, page, pt->width, pt->height, page_text, glyphs, error))
            return FALSE;
          pt->ocr = TRUE;
          r->ocr_pages++;
        }
      read_form_fields (page, pt, page_text, glyphs);
      g_string_append_len (r->text, page_text->str, page_text->len);
      pt->len = glyphs->len;
      pt->glyphs = (Glyph *) g_array_free (g_steal_pointer (&glyphs), FALSE);
    }
  return TRUE;
}

/* ---- writing ---- */

typedef struct {
  Box box;
  const char *replacement; /* NULL for a further line of a finding */
  const Glyph *style;      /* the finding's first character */
  double max_right;        /* the replacement may run on to here */
} Patch;

/* Splits one finding's characters on a page into one box per line. */
static void
add_patches (const PageText *pt, gsize s, gsize e, const char *replacement, GArray *patches)
{
  Patch cur = { .box = { 0, 0, 0, 0 }, .replacement = replacement };
  for (gsize b = s; b < e; b++)
    {
      const Glyph *gl = &pt->glyphs[b];
      if (box_empty (&gl->box))
        continue;
      double cy = (gl->box.y1 + gl->box.y2) / 2;
      double h = gl->box.y2 - gl->box.y1;
      gboolean new_line = !box_empty (&cur.box)
                          && (cy < cur.box.y1 || cy > cur.box.y2 || gl->box.x1 < cur.box.x1 - h
                              || gl->box.x1 > cur.box.x2 + 3 * h);
      if (new_line)
        {
          g_array_append_val (patches, cur);
          cur = (Patch) { .box = { 0, 0, 0, 0 }, .replacement = NULL };
        }
      if (box_empty (&cur.box))
        cur.style = gl;
      box_union (&cur.box, &gl->box);
    }
  if (!box_empty (&cur.box))
    g_array_append_val (patches, cur);
}

/* How far right a pseudonym longer than its original may run: to the next character on the
 * same line, or the page's margin; on pages that are mostly picture, no further than half
 * again its place, as the picture may have ink there. */
static void
find_room (const PageText *pt, Patch *patch)
{
  double h = patch->box.y2 - patch->box.y1;
  double right = pt->image_heavy ? patch->box.x1 + 1.5 * (patch->box.x2 - patch->box.x1)
                                 : pt->width - 18;
  for (gsize b = 0; b < pt->len; b++)
    {
      const Glyph *gl = &pt->glyphs[b];
      if (box_empty (&gl->box) || gl->box.x1 < patch->box.x2 - 0.5)
        continue;
      double overlap = MIN (gl->box.y2, patch->box.y2) - MAX (gl->box.y1, patch->box.y1);
      if (overlap > 0.3 * h)
        right = MIN (right, gl->box.x1 - 1);
    }
  patch->max_right = MAX (right, patch->box.x2);
}

/* The most common colour just outside a box of the rendered page: the background the
 * identifier sat on. */
static guint32
background_colour (cairo_surface_t *image, int x1, int y1, int x2, int y2)
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data = cairo_image_surface_get_data (image);
  g_autofree guint32 *counts = g_new0 (guint32, 4096);
  guint32 best = 0, best_count = 0;
  for (int ring = 1; ring <= 2; ring++)
    for (int y = y1 - ring; y <= y2 + ring; y++)
      for (int x = x1 - ring; x <= x2 + ring; x++)
        {
          if (y > y1 - ring && y < y2 + ring && x > x1 - ring && x < x2 + ring)
            continue;
          if (x < 0 || y < 0 || x >= w || y >= h)
            continue;
          guint32 p = ((const guint32 *) (data + (gsize) y * stride))[x];
          guint32 bin = ((p >> 12) & 0xf00) | ((p >> 8) & 0xf0) | ((p >> 4) & 0xf);
          counts[bin]++;
          if (counts[bin] > best_count)
            {
              best_count = counts[bin];
              best = bin;
            }
        }
  if (best_count == 0)
    return 0xffffff;
  /* The most common exact colour of the commonest bin: an average would be a shade off the
   * page's own background, and the patch would show. */
  g_autoptr (GHashTable) exact = g_hash_table_new (NULL, NULL);
  guint32 result = 0xffffff, result_count = 0;
  for (int ring = 1; ring <= 2; ring++)
    for (int y = y1 - ring; y <= y2 + ring; y++)
      for (int x = x1 - ring; x <= x2 + ring; x++)
        {
          if (y > y1 - ring && y < y2 + ring && x > x1 - ring && x < x2 + ring)
            continue;
          if (x < 0 || y < 0 || x >= w || y >= h)
            continue;
          guint32 p = ((const guint32 *) (data + (gsize) y * stride))[x] & 0xffffff;
          guint32 bin = ((p >> 12) & 0xf00) | ((p >> 8) & 0xf0) | ((p >> 4) & 0xf);
          if (bin != best)
            continue;
          guint32 count = GPOINTER_TO_UINT (g_hash_table_lookup (exact, GUINT_TO_POINTER (p + 1))) + 1;
          g_hash_table_insert (exact, GUINT_TO_POINTER (p + 1), GUINT_TO_POINTER (count));
          if (count > result_count)
            {
              result_count = count;
              result = p;
            }
        }
  return result;
}

static gboolean
is_ink (guint32 pixel, guint32 bg)
{
  int dr = (int) ((pixel >> 16) & 0xff) - (int) ((bg >> 16) & 0xff);
  int dg = (int) ((pixel >> 8) & 0xff) - (int) ((bg >> 8) & 0xff);
  int db = (int) (pixel & 0xff) - (int) (bg & 0xff);
  return ABS (dr) + ABS (dg) + ABS (db) > 120;
}

/* Fills the rectangle with `bg`, except pixel rows that are a rule passing through it (a
 * table border or underline: ink across the whole row and on both sides outside it), so a
 * table keeps its lines where an identifier sat on them. */
static void
paint_out (cairo_surface_t *image, int x1, int y1, int x2, int y2, guint32 bg)
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  guint8 *data = cairo_image_surface_get_data (image);
  x1 = CLAMP (x1, 0, w);
  x2 = CLAMP (x2, 0, w);
  y1 = CLAMP (y1, 0, h);
  y2 = CLAMP (y2, 0, h);
  for (int y = y1; y < y2; y++)
    {
      guint32 *row = (guint32 *) (data + (gsize) y * stride);
      if (x1 >= 3 && x2 + 2 < w && is_ink (row[x1 - 3], bg) && is_ink (row[x2 + 2], bg))
        {
          int ink = 0;
          for (int x = x1; x < x2; x++)
            ink += is_ink (row[x], bg);
          if (ink >= (x2 - x1) * 9 / 10)
            continue;
        }
      for (int x = x1; x < x2; x++)
        row[x] = 0xff000000u | bg;
    }
}

/* Draws `text` on one line in `box`, at the size its box and `size_hint` suggest. With
 * `stretch`, it is scaled to fill the box's width exactly (the hidden text layer, so that a
 * selection matches the picture); otherwise it may run on to `max_right`, squeezed and then
 * shrunk to fit there. */
static void
draw_text (cairo_t *cr, const char *text, const Box *box, double size_hint,
           double baseline_hint, gboolean bold, gboolean stretch, double max_right)
{
  cairo_select_font_face (cr, FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 1);
  cairo_font_extents_t fe;
  cairo_font_extents (cr, &fe);
  /* poppler's character boxes run from the font's ascent to its descent: for most fonts
   * about 0.9–1.2 of the font size, with the baseline a fifth of the box above its bottom.
   * The size the text attributes give is used when it is plausible for the box. */
  double h = box->y2 - box->y1;
  double size = h / (fe.ascent + fe.descent);
  if (size_hint > 0 && size_hint < 1.6 * h && size_hint > 0.5 * h)
    size = size_hint;
  if (size <= 0.1)
    return;
  cairo_text_extents_t te;
  cairo_set_font_size (cr, size);
  cairo_text_extents (cr, text, &te);
  if (te.x_advance <= 0)
    return;
  double sx = 1.0;
  if (stretch)
    sx = CLAMP ((box->x2 - box->x1) / te.x_advance, 0.2, 5.0);
  else
    {
      double room = MAX (max_right, box->x2) - box->x1;
      double fit = room / te.x_advance;
      if (fit < 1.0)
        {
          if (fit >= MIN_STRETCH)
            sx = fit;
          else
            {
              sx = MIN_STRETCH;
              size *= fit / MIN_STRETCH;
            }
        }
    }
  double baseline = baseline_hint > 0 ? baseline_hint : box->y2 - 0.22 * h;
  cairo_save (cr);
  cairo_translate (cr, box->x1, baseline);
  cairo_scale (cr, sx, 1.0);
  cairo_set_font_size (cr, size);
  cairo_move_to (cr, 0, 0);
  cairo_show_text (cr, text);
  cairo_restore (cr);
}

static gboolean
byte_in_findings (const guint8 *redacted, gsize b)
{
  return redacted[b] != 0;
}

/* The hidden text layer: every word of the page not in a finding, at its place. */
static void
draw_text_layer (cairo_t *cr, const PageText *pt, const char *page_text,
                 const guint8 *redacted)
{
  cairo_set_source_rgb (cr, 0, 0, 0);
  gsize b = 0;
  while (b < pt->len)
    {
      if (g_ascii_isspace (page_text[b]) || byte_in_findings (redacted, b)
          || pt->glyphs[b].hidden || box_empty (&pt->glyphs[b].box))
        {
          b++;
          continue;
        }
      /* A word: up to a space, a finding, or a jump to another line. */
      gsize start = b;
      Box box = pt->glyphs[b].box;
      double h = box.y2 - box.y1;
      b++;
      while (b < pt->len && !g_ascii_isspace (page_text[b]) && !byte_in_findings (redacted, b)
             && !pt->glyphs[b].hidden)
        {
          const Glyph *gl = &pt->glyphs[b];
          if (!box_empty (&gl->box))
            {
              double cy = (gl->box.y1 + gl->box.y2) / 2;
              if (cy < box.y1 || cy > box.y2 || gl->box.x1 < box.x2 - h || gl->box.x1 > box.x2 + h)
                break;
              box_union (&box, &gl->box);
            }
          b++;
        }
      g_autofree char *word = g_strndup (page_text + start, b - start);
      draw_text (cr, word, &box, pt->glyphs[start].size, pt->glyphs[start].baseline, FALSE,
                 TRUE, box.x2);
    }
}

/* `text` from `start` to `end` with the findings in that range applied. */
static char *
apply_range (const char *text, gsize start, gsize end, GPtrArray *findings, gboolean *changed)
{
  GString *out = g_string_new (NULL);
  gsize pos = start;
  *changed = FALSE;
  for (guint i = 0; i < findings->len; i++)
    {
      VeilTextFinding *f = g_ptr_array_index (findings, i);
      if (f->end <= start || f->start >= end)
        continue;
      if (f->start > pos)
        g_string_append_len (out, text + pos, f->start - pos);
      g_string_append (out, f->replacement ? f->replacement : "");
      pos = MAX (pos, MIN (f->end, end));
      *changed = TRUE;
    }
  if (pos < end)
    g_string_append_len (out, text + pos, end - pos);
  return g_string_free (out, FALSE);
}

/* Filled-in text fields holding an identifier: painted out of the page's picture. */
static void
paint_out_form_fields (cairo_surface_t *image, double scale, const PageText *pt,
                       const char *text, GPtrArray *findings)
{
  for (guint i = 0; pt->fields && i < pt->fields->len; i++)
    {
      const FormText *field = &g_array_index (pt->fields, FormText, i);
      gboolean changed;
      g_autofree char *value = apply_range (text, pt->start + field->start,
                                            pt->start + field->end, findings, &changed);
      if (!changed)
        continue;
      int x1 = (int) floor (field->area.x1 * scale), y1 = (int) floor (field->area.y1 * scale);
      int x2 = (int) ceil (field->area.x2 * scale), y2 = (int) ceil (field->area.y2 * scale);
      guint32 bg = background_colour (image, x1 + 2, y1 + 2, x2 - 3, y2 - 3);
      paint_out (image, x1, y1, x2, y2, bg);
    }
  cairo_surface_mark_dirty (image);
}

/* Filled-in text fields as text: with `changed` those painted out, their pseudonymised value
 * drawn visibly over the picture; otherwise the others, drawn before the picture covers them
 * (the field's own rendering shows; this is its text layer). */
static void
draw_form_fields (cairo_t *cr, const PageText *pt, const char *text, GPtrArray *findings,
                  gboolean want_changed)
{
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; pt->fields && i < pt->fields->len; i++)
    {
      const FormText *field = &g_array_index (pt->fields, FormText, i);
      gboolean changed;
      g_autofree char *value = apply_range (text, pt->start + field->start,
                                            pt->start + field->end, findings, &changed);
      if (changed != want_changed)
        continue;
      /* One line per line of the value, at the field's font size (or what fits). */
      g_auto (GStrv) lines = g_strsplit (value, "\n", 50);
      guint n = g_strv_length (lines);
      double h = field->area.y2 - field->area.y1;
      /* An automatic size (0) is drawn as a form's usual 10–12 points, or what fits. */
      double line_h = MIN (h / MAX (n, 1), field->size > 0 ? field->size * 1.2 : 14.0);
      double top = field->area.y1 + (h - line_h * n) / 2;
      for (guint k = 0; k < n; k++)
        {
          Box box = { field->area.x1 + 2, top + k * line_h, field->area.x2 - 2,
                      top + (k + 1) * line_h };
          g_strstrip (lines[k]);
          if (*lines[k])
            draw_text (cr, lines[k], &box, 0, 0, FALSE, FALSE, box.x2);
        }
    }
}

static cairo_status_t
write_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
write_page (cairo_t *cr, cairo_surface_t *pdf, PopplerPage *page, const PageText *pt,
            const char *page_text, GPtrArray *findings, guint *next_finding, GError **error)
{
  double scale;
  cairo_surface_t *image = render_page (page, pt->width, pt->height, RENDER_DPI, &scale, error);
  if (image == NULL)
    return FALSE;

  /* This page's findings, as boxes. */
  g_autoptr (GArray) patches = g_array_new (FALSE, TRUE, sizeof (Patch));
  g_autofree guint8 *redacted = g_new0 (guint8, pt->len + 1);
  while (*next_finding < findings->len)
    {
      VeilTextFinding *f = g_ptr_array_index (findings, *next_finding);
      if (f->start >= pt->start + pt->len)
        break;
      gsize s = MAX (f->start, pt->start) - pt->start;
      gsize e = MIN (f->end, pt->start + pt->len) - pt->start;
      if (s < e)
        {
          memset (redacted + s, 1, e - s);
          add_patches (pt, s, e, f->replacement, patches);
        }
      if (f->end > pt->start + pt->len)
        break; /* it goes on to the next page (it cannot: pages are apart) */
      (*next_finding)++;
    }

  /* Paint the identifiers out of the picture itself. */
  g_autofree guint32 *text_colour = g_new0 (guint32, patches->len + 1);
  for (guint i = 0; i < patches->len; i++)
    {
      Patch *p = &g_array_index (patches, Patch, i);
      /* A little beyond the glyph boxes: anti-aliasing and overhanging glyphs reach out.
       * Tesseract's boxes hug the ink as it read it, so they get more. */
      double pad_x = p->style->ocr ? 1.2 : 0.6, pad_y = p->style->ocr ? 1.0 : 0.3;
      int x1 = (int) floor ((p->box.x1 - pad_x) * scale), y1 = (int) floor ((p->box.y1 - pad_y) * scale);
      int x2 = (int) ceil ((p->box.x2 + pad_x) * scale), y2 = (int) ceil ((p->box.y2 + pad_y) * scale);
      guint32 bg = background_colour (image, x1, y1, x2, y2);
      paint_out (image, x1, y1, x2, y2, bg);
      /* The pseudonym in the original's colour, unless that would not show on this
       * background (OCR'd text has no colour: dark or light against the background). */
      const Glyph *st = p->style;
      double bg_l = 0.3 * ((bg >> 16) & 0xff) + 0.59 * ((bg >> 8) & 0xff) + 0.11 * (bg & 0xff);
      double fg_l = 0.3 * st->r + 0.59 * st->g + 0.11 * st->b;
      if (st->ocr || fabs (bg_l - fg_l) < 80)
        text_colour[i] = bg_l > 128 ? 0x000000 : 0xffffff;
      else
        text_colour[i] = (guint32) st->r << 16 | (guint32) st->g << 8 | st->b;
      find_room (pt, p);
    }
  cairo_surface_mark_dirty (image);

  /* Form fields holding an identifier are painted out of the picture too. */
  const char *doc_text = page_text - pt->start;
  paint_out_form_fields (image, scale, pt, doc_text, findings);
  cairo_pdf_surface_set_size (pdf, pt->width, pt->height);
  /* Under the page: the searchable text, hidden by the opaque picture drawn over it. */
  draw_text_layer (cr, pt, page_text, redacted);
  draw_form_fields (cr, pt, doc_text, findings, FALSE);
  cairo_save (cr);
  cairo_scale (cr, 1.0 / scale, 1.0 / scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);
  /* Over it: each pseudonym in its place, visible and searchable. */
  for (guint i = 0; i < patches->len; i++)
    {
      Patch *p = &g_array_index (patches, Patch, i);
      if (p->replacement == NULL || *p->replacement == '\0')
        continue;
      guint32 c = text_colour[i];
      cairo_set_source_rgb (cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
                            (c & 0xff) / 255.0);
      draw_text (cr, p->replacement, &p->box, p->style->size, p->style->baseline,
                 p->style->bold, FALSE, p->max_right);
    }
  draw_form_fields (cr, pt, doc_text, findings, TRUE);
  cairo_show_page (cr);
  return TRUE;
}

GBytes *
veil_document_clean_pdf_bytes (VeilTextDeidentifier *text, GBytes *pdf,
                               VeilDocumentFlags flags, VeilDocumentSummary *summary,
                               GError **error)
{
  g_return_val_if_fail (text != NULL && pdf != NULL, NULL);
  Reading r = { .flags = flags };
  r.doc = open_pdf (pdf, error);
  if (r.doc == NULL || !read_document (&r, error))
    {
      reading_clear (&r);
      return NULL;
    }
  g_autoptr (GPtrArray) findings = veil_text_deidentifier_analyse (text, r.text->str, r.text->len);

  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_to_array, out,
                                                                  r.pages[0].width,
                                                                  r.pages[0].height);
  /* No creation date: the same case and store give the same bytes (an encapsulated PDF's
   * DICOM file too), and the output does not say when the disclosure was made. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, "");
  cairo_t *cr = cairo_create (surface);
  guint next_finding = 0;
  gboolean ok = TRUE;
  for (guint i = 0; i < r.n_pages && ok; i++)
    {
      g_autoptr (GObject) owner = G_OBJECT (poppler_document_get_page (r.doc, (int) i));
      PopplerPage *page = (PopplerPage *) owner;
      ok = write_page (cr, surface, page, &r.pages[i], r.text->str + r.pages[i].start, findings,
                       &next_finding, error);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_status_t status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_FAILED,
                   "the cleaned PDF could not be written: %s", cairo_status_to_string (status));
      ok = FALSE;
    }
  if (ok && summary)
    {
      summary->pages = r.n_pages;
      summary->ocr_pages = r.ocr_pages;
      summary->findings = findings->len;
    }
  reading_clear (&r);
  if (!ok)
    {
      g_byte_array_unref (out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (out);
}

char *
veil_document_pdf_text (GBytes *pdf, VeilDocumentFlags flags, gsize *out_len, GError **error)
{
  Reading r = { .flags = flags };
  r.doc = open_pdf (pdf, error);
  if (r.doc == NULL || !read_document (&r, error))
    {
      reading_clear (&r);
      return NULL;
    }
  if (out_len)
    *out_len = r.text->len;
  char *result = g_string_free (g_steal_pointer (&r.text), FALSE);
  reading_clear (&r);
  return result;
}

gboolean
veil_document_clean_pdf (VeilTextDeidentifier *text, const char *input_path,
                         const char *output_path, GError **error)
{
  g_autoptr (GMappedFile) mapped = g_mapped_file_new (input_path, FALSE, error);
  if (mapped == NULL)
    return FALSE;
  g_autoptr (GBytes) in = g_mapped_file_get_bytes (mapped);
  g_autoptr (GBytes) out = veil_document_clean_pdf_bytes (text, in, VEIL_DOCUMENT_FLAGS_NONE,
                                                          NULL, error);
  if (out == NULL)
    return FALSE;
  return g_file_set_contents (output_path, g_bytes_get_data (out, NULL),
                              (gssize) g_bytes_get_size (out), error);
}

/* ---- a page for the reviewer ---- */

void
veil_document_page_free (VeilDocumentPage *page)
{
  if (page == NULL)
    return;
  g_bytes_unref (page->pixels);
  g_array_unref (page->boxes);
  g_free (page);
}

VeilDocumentPage *
veil_document_pdf_render_page (const char *path, guint index, double dpi, GPtrArray *findings,
                               GError **error)
{
  g_autoptr (GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  g_autoptr (GBytes) bytes = g_mapped_file_get_bytes (mapped);
  /* The same reading as the cleaner's, so offsets match the text the findings came from. */
  Reading r = { .flags = VEIL_DOCUMENT_FLAGS_NONE };
  r.doc = open_pdf (bytes, error);
  if (r.doc == NULL || !read_document (&r, error))
    {
      reading_clear (&r);
      return NULL;
    }
  if (index >= r.n_pages)
    {
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                   "%s has no page %u", path, index + 1);
      reading_clear (&r);
      return NULL;
    }
  g_autoptr (GObject) owner = G_OBJECT (poppler_document_get_page (r.doc, (int) index));
  const PageText *pt = &r.pages[index];
  double scale = 1;
  cairo_surface_t *image = owner ? render_page ((PopplerPage *) owner, pt->width, pt->height,
                                                CLAMP (dpi, 36.0, RENDER_DPI), &scale, error)
                                 : NULL;
  if (image == NULL)
    {
      if (owner == NULL)
        g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                     "page %u of %s cannot be read", index + 1, path);
      reading_clear (&r);
      return NULL;
    }

  VeilDocumentPage *page = g_new0 (VeilDocumentPage, 1);
  page->width = cairo_image_surface_get_width (image);
  page->height = cairo_image_surface_get_height (image);
  page->stride = cairo_image_surface_get_stride (image);
  page->scale = scale;
  page->page_width = pt->width;
  page->page_height = pt->height;
  page->n_pages = r.n_pages;
  /* RGB24 leaves the unused byte undefined: make it opaque for an ARGB32 reader. */
  guint8 *data = cairo_image_surface_get_data (image);
  for (int y = 0; y < page->height; y++)
    {
      guint32 *row = (guint32 *) (data + (gsize) y * page->stride);
      for (int x = 0; x < page->width; x++)
        row[x] |= 0xff000000u;
    }
  page->pixels = g_bytes_new (data, (gsize) page->stride * page->height);
  cairo_surface_destroy (image);

  page->boxes = g_array_new (FALSE, TRUE, sizeof (VeilDocumentBox));
  for (guint i = 0; findings && i < findings->len; i++)
    {
      const VeilTextFinding *f = g_ptr_array_index (findings, i);
      if (f->end <= pt->start || f->start >= pt->start + pt->len)
        continue;
      gsize s = MAX (f->start, pt->start) - pt->start;
      gsize e = MIN (f->end, pt->start + pt->len) - pt->start;
      g_autoptr (GArray) patches = g_array_new (FALSE, TRUE, sizeof (Patch));
      add_patches (pt, s, e, NULL, patches);
      for (guint k = 0; k < patches->len; k++)
        {
          const Patch *p = &g_array_index (patches, Patch, k);
          VeilDocumentBox box = { i, p->box.x1, p->box.y1, p->box.x2, p->box.y2 };
          g_array_append_val (page->boxes, box);
        }
    }
  reading_clear (&r);
  return page;
}
