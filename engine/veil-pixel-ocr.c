/* veil-pixel-ocr.c: Tesseract over rendered frames (see veil-pixel-ocr.h). */

#include "veil-pixel-ocr.h"

#include <dlfcn.h>
#include <gio/gio.h>
#include <string.h>
#include <tesseract/capi.h>

/* Frames are never scaled past this many pixels a side: Tesseract's time and memory grow
 * with the area, and text this large needs no help. */
#define MAX_SCALED_SIDE 4096

/* White border around each pass's image, in scaled pixels. */
#define MARGIN 24

/* Bright-text pass: pixels within this many grey levels of the frame's brightest count as
 * text. Burned-in text is drawn at or near full white; anatomy rarely reaches it. */
#define BRIGHT_BAND 48
/* Below this, the frame has nothing bright enough to be burned-in text on its own. */
#define BRIGHT_MIN_LEVEL 96
/* If more of the frame than this is "bright", it is a light background (a scanned page), and
 * the inverted pass already reads it. */
#define BRIGHT_MAX_FRACTION 0.3

struct _VeilPixelOcr
{
  GMutex lock;
  GPtrArray *idle; /* TessBaseAPI*, ready for the next frame */
};

void
veil_ocr_word_free (VeilOcrWord *word)
{
  if (word == NULL)
    return;
  g_free (word->text);
  g_free (word);
}

static TessBaseAPI *
create_engine (GError **error)
{
  TessBaseAPI *api = TessBaseAPICreate ();

  /* The model is found where Debian installs it (or TESSDATA_PREFIX); English covers the
   * Latin letters and digits of every UK annotation. */
  if (TessBaseAPIInit3 (api, NULL, "eng") != 0)
    {
      TessBaseAPIDelete (api);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "Tesseract cannot load its English model (install tesseract-ocr-eng)");
      return NULL;
    }
  /* Tesseract reports its resolution guesses on stderr; Veil reports what matters itself. */
  TessBaseAPISetVariable (api, "debug_file", "/dev/null");
  /* Annotations are scattered words and short lines, not a page of columns. */
  TessBaseAPISetPageSegMode (api, PSM_SPARSE_TEXT);
  return api;
}

/* Debian builds Tesseract with OpenMP, which runs every LSTM step on four threads. With one
 * engine per core that oversubscribes the CPU fourfold and the threads spend their time
 * spinning in the kernel: a 27-frame cine took 28 s instead of 6 s on two cores. Tesseract's
 * advice is OMP_THREAD_LIMIT=1, but OpenMP reads its environment before main() runs.
 * Allowing no active parallel level makes every parallel region run on the thread that
 * enters it; this libgomp keeps that setting per thread, so each reading thread sets it. The
 * call is looked up at run time, so a Tesseract built without OpenMP needs nothing, and an
 * explicit OMP_THREAD_LIMIT is left to rule. */
static void
serialise_openmp (void)
{
  static void (*set_levels) (int) = NULL;
  static gsize looked_up = 0;
  static GPrivate done;

  if (g_once_init_enter (&looked_up))
    {
      if (g_getenv ("OMP_THREAD_LIMIT") == NULL)
        set_levels = (void (*) (int)) dlsym (RTLD_DEFAULT, "omp_set_max_active_levels");
      g_once_init_leave (&looked_up, 1);
    }
  if (set_levels != NULL && g_private_get (&done) == NULL)
    {
      set_levels (0);
      g_private_set (&done, GINT_TO_POINTER (1));
    }
}

VeilPixelOcr *
veil_pixel_ocr_new (GError **error)
{
  TessBaseAPI *first = create_engine (error);
  if (first == NULL)
    return NULL;

  VeilPixelOcr *ocr = g_new0 (VeilPixelOcr, 1);
  g_mutex_init (&ocr->lock);
  ocr->idle = g_ptr_array_new ();
  g_ptr_array_add (ocr->idle, first);
  return ocr;
}

void
veil_pixel_ocr_free (VeilPixelOcr *ocr)
{
  if (ocr == NULL)
    return;
  for (guint i = 0; i < ocr->idle->len; i++)
    {
      TessBaseAPI *api = g_ptr_array_index (ocr->idle, i);
      TessBaseAPIEnd (api);
      TessBaseAPIDelete (api);
    }
  g_ptr_array_unref (ocr->idle);
  g_mutex_clear (&ocr->lock);
  g_free (ocr);
}

/* One engine per concurrent reader: a Tesseract engine is not thread-safe, and loading the
 * model costs more than reading a frame, so engines are kept for the next caller. */
static TessBaseAPI *
borrow_engine (VeilPixelOcr *ocr, GError **error)
{
  TessBaseAPI *api = NULL;

  g_mutex_lock (&ocr->lock);
  if (ocr->idle->len > 0)
    api = g_ptr_array_steal_index_fast (ocr->idle, ocr->idle->len - 1);
  g_mutex_unlock (&ocr->lock);
  return api ? api : create_engine (error);
}

static void
return_engine (VeilPixelOcr *ocr, TessBaseAPI *api)
{
  TessBaseAPIClear (api);
  g_mutex_lock (&ocr->lock);
  g_ptr_array_add (ocr->idle, api);
  g_mutex_unlock (&ocr->lock);
}

/* Small frames carry small text: 8–12 pixel capitals on a 320 × 240 or 552 × 394 image are
 * scaled to the 25–35 pixels the model reads best. From 700 pixels a side, screens draw text
 * at 12 pixels or more, which Tesseract reads at its own size (and the time of a pass grows
 * with the scaled area). */
static guint
choose_scale (guint width, guint height)
{
  guint side = MAX (width, height);
  guint scale = side <= 400 ? 3 : side <= 700 ? 2 : 1;

  while (scale > 1 && side * scale > MAX_SCALED_SIDE)
    scale--;
  return scale;
}

/* Bilinear upscaling by a whole factor, inside a white margin of MARGIN pixels: Tesseract
 * misses text that touches the image's edge, and burned-in text usually does. `map` turns
 * each source level into the pass's level first (inversion, thresholding). */
static guint8 *
scale_frame (const guint8 *grey, guint width, guint height, guint scale, const guint8 map[256])
{
  guint inner_w = width * scale, inner_h = height * scale;
  guint out_w = inner_w + 2 * MARGIN;
  guint8 *out = g_malloc ((gsize) out_w * (inner_h + 2 * MARGIN));

  memset (out, 255, (gsize) out_w * (inner_h + 2 * MARGIN));
  for (guint oy = 0; oy < inner_h; oy++)
    {
      /* Sample at pixel centres so the picture does not shift by half a source pixel. */
      double sy = ((double) oy + 0.5) / scale - 0.5;
      int y0 = (int) MAX (0.0, sy);
      int y1 = MIN (y0 + 1, (int) height - 1);
      double fy = CLAMP (sy - y0, 0.0, 1.0);
      const guint8 *row0 = grey + (gsize) y0 * width;
      const guint8 *row1 = grey + (gsize) y1 * width;
      guint8 *dst = out + (gsize) (oy + MARGIN) * out_w + MARGIN;

      for (guint ox = 0; ox < inner_w; ox++)
        {
          double sx = ((double) ox + 0.5) / scale - 0.5;
          int x0 = (int) MAX (0.0, sx);
          int x1 = MIN (x0 + 1, (int) width - 1);
          double fx = CLAMP (sx - x0, 0.0, 1.0);
          double top = map[row0[x0]] * (1 - fx) + map[row0[x1]] * fx;
          double bottom = map[row1[x0]] * (1 - fx) + map[row1[x1]] * fx;
          dst[ox] = (guint8) (top * (1 - fy) + bottom * fy + 0.5);
        }
    }
  return out;
}

static void
collect_words (TessBaseAPI *api, guint scale, guint pass, GPtrArray *words)
{
  TessResultIterator *it = TessBaseAPIGetIterator (api);
  if (it == NULL)
    return;
  TessPageIterator *page = TessResultIteratorGetPageIterator (it);

  do
    {
      char *text = TessResultIteratorGetUTF8Text (it, RIL_WORD);
      int left, top, right, bottom;
      if (text != NULL && *g_strstrip (text) != '\0'
          && TessPageIteratorBoundingBox (page, RIL_WORD, &left, &top, &right, &bottom))
        {
          VeilOcrWord *word = g_new0 (VeilOcrWord, 1);
          word->text = g_strdup (text);
          /* Back to frame pixels, rounding outwards so the box still covers the glyphs. */
          left = MAX (left - MARGIN, 0);
          top = MAX (top - MARGIN, 0);
          right = MAX (right - MARGIN, left);
          bottom = MAX (bottom - MARGIN, top);
          word->x = left / (int) scale;
          word->y = top / (int) scale;
          word->width = (right + (int) scale - 1) / (int) scale - word->x;
          word->height = (bottom + (int) scale - 1) / (int) scale - word->y;
          word->confidence = TessResultIteratorConfidence (it, RIL_WORD);
          word->pass = pass;
          g_ptr_array_add (words, word);
        }
      TessDeleteText (text);
    }
  while (TessPageIteratorNext (page, RIL_WORD));
  TessResultIteratorDelete (it);
}

static gboolean
read_pass (TessBaseAPI *api, const guint8 *grey, guint width, guint height, guint scale,
           const guint8 map[256], guint pass, GPtrArray *words, GError **error)
{
  g_autofree guint8 *image = scale_frame (grey, width, height, scale, map);
  int w = (int) (width * scale + 2 * MARGIN), h = (int) (height * scale + 2 * MARGIN);

  TessBaseAPISetImage (api, image, w, h, 1, w);
  /* A nominal resolution stops Tesseract guessing one (and its text-size heuristics then
   * behave the same on every frame). */
  TessBaseAPISetSourceResolution (api, 300);
  if (TessBaseAPIRecognize (api, NULL) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Tesseract could not read the frame");
      return FALSE;
    }
  collect_words (api, scale, pass, words);

  return TRUE;
}

GPtrArray *
veil_pixel_ocr_read (VeilPixelOcr *ocr, const guint8 *grey, guint width, guint height,
                     GError **error)
{
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  serialise_openmp ();
  TessBaseAPI *api = borrow_engine (ocr, error);
  if (api == NULL)
    return NULL;

  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_ocr_word_free);
  guint scale = choose_scale (width, height);
  guint8 map[256];
  gboolean ok;

  /* Pass 0: the whole frame inverted, so light text becomes dark print on a light page. */
  for (guint v = 0; v < 256; v++)
    map[v] = (guint8) (255 - v);
  ok = read_pass (api, grey, width, height, scale, map, 0, words, error);

  /* Pass 1: only the brightest pixels, as black on white. */
  if (ok)
    {
      guint64 histogram[256] = { 0 };
      gsize n = (gsize) width * height;
      for (gsize i = 0; i < n; i++)
        histogram[grey[i]]++;
      int brightest = 255;
      while (brightest > 0 && histogram[brightest] == 0)
        brightest--;
      int threshold = MAX (brightest - BRIGHT_BAND, BRIGHT_MIN_LEVEL);
      guint64 bright = 0;
      for (int v = threshold; v < 256; v++)
        bright += histogram[v];
      if (brightest >= BRIGHT_MIN_LEVEL && bright <= BRIGHT_MAX_FRACTION * n)
        {
          for (int v = 0; v < 256; v++)
            map[v] = v >= threshold ? 0 : 255;
          ok = read_pass (api, grey, width, height, scale, map, 1, words, error);
        }
    }
  return_engine (ocr, api);
  return ok ? g_steal_pointer (&words) : NULL;
}
