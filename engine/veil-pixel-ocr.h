/* veil-pixel-ocr.h: reading the text burned into one rendered frame (Debian's libtesseract).
 *
 * Burned-in annotations are small, bright, and sit on dark or busy backgrounds, which is not
 * what Tesseract is tuned for (dark print on white paper). Each frame is therefore read in
 * passes: the frame upscaled (2–3× for small images, so 8–12 pixel text reaches the size the
 * LSTM model was trained on) and inverted, then only its brightest pixels as black on white,
 * which lifts saturated text out of anatomy. Every pass looks for sparse text anywhere; the
 * words of all passes are returned in the frame's own coordinates, duplicates included (the
 * matcher merges what overlaps).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *text;        /* UTF-8, as Tesseract read it */
  int x, y, width, height; /* in frame pixels */
  float confidence;  /* 0–100 */
  guint pass;        /* which reading of the frame it came from */
} VeilOcrWord;

void veil_ocr_word_free (VeilOcrWord *word);

typedef struct _VeilPixelOcr VeilPixelOcr;

/* Fails (with the reason) if Tesseract or its English model cannot be loaded: the caller must
 * then treat every image that needed reading as not cleaned. */
VeilPixelOcr *veil_pixel_ocr_new (GError **error);
void veil_pixel_ocr_free (VeilPixelOcr *ocr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilPixelOcr, veil_pixel_ocr_free)

/* The words in an 8-bit grey frame (`width` × `height`, one byte per pixel, rows packed).
 * Thread-safe: each call borrows one of a pool of Tesseract engines. Returns VeilOcrWord*. */
GPtrArray *veil_pixel_ocr_read (VeilPixelOcr *ocr, const guint8 *grey, guint width, guint height,
                                GError **error);

G_END_DECLS
