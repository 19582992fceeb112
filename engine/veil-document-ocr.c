/* veil-document-ocr.c: Tesseract over a scanned page (see veil-document-ocr.h). */
#include "veil-document-ocr.h"

#include "veil-document.h"

#include <dlfcn.h>
#include <string.h>
#include <tesseract/capi.h>

struct _VeilDocumentOcr
{
  TessBaseAPI *api;
};

/* As in veil-pixel-ocr.c: Debian's Tesseract runs every LSTM step on four OpenMP threads,
 * which on two cores with one reader per core spends its time spinning. Allowing no active
 * parallel level keeps each reading on its own thread (the setting is per thread). */
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

VeilDocumentOcr *
veil_document_ocr_new (GError **error)
{
  TessBaseAPI *api = TessBaseAPICreate ();
  if (TessBaseAPIInit3 (api, NULL, "eng") != 0)
    {
      TessBaseAPIDelete (api);
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_NEEDS_OCR,
                   "Tesseract cannot load its English model (install tesseract-ocr-eng)");
      return NULL;
    }
  TessBaseAPISetVariable (api, "debug_file", "/dev/null");
  TessBaseAPISetPageSegMode (api, PSM_AUTO);
  VeilDocumentOcr *ocr = g_new0 (VeilDocumentOcr, 1);
  ocr->api = api;
  return ocr;
}

void
veil_document_ocr_free (VeilDocumentOcr *ocr)
{
  if (ocr == NULL)
    return;
  TessBaseAPIEnd (ocr->api);
  TessBaseAPIDelete (ocr->api);
  g_free (ocr);
}

GPtrArray *
veil_document_ocr_read (VeilDocumentOcr *ocr, const guint8 *grey, guint width, guint height,
                        guint dpi, GError **error)
{
  g_return_val_if_fail (width > 0 && height > 0 && width <= G_MAXINT / 2 && height <= G_MAXINT / 2,
                        NULL);
  serialise_openmp ();
  TessBaseAPISetImage (ocr->api, grey, (int) width, (int) height, 1, (int) width);
  TessBaseAPISetSourceResolution (ocr->api, (int) dpi);
  if (TessBaseAPIRecognize (ocr->api, NULL) != 0)
    {
      TessBaseAPIClear (ocr->api);
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_NEEDS_OCR,
                   "Tesseract could not read the page");
      return NULL;
    }
  GPtrArray *words = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_ocr_word_free);
  TessResultIterator *it = TessBaseAPIGetIterator (ocr->api);
  if (it != NULL)
    {
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
              word->x = left;
              word->y = top;
              word->width = MAX (right - left, 1);
              word->height = MAX (bottom - top, 1);
              word->confidence = TessResultIteratorConfidence (it, RIL_WORD);
              g_ptr_array_add (words, word);
            }
          TessDeleteText (text);
        }
      while (TessPageIteratorNext (page, RIL_WORD));
      TessResultIteratorDelete (it);
    }
  TessBaseAPIClear (ocr->api);
  return words;
}
