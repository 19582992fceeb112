/* pixel-check.h: reading decoded pixels back for the burned-in text tests.
 *
 * Shared by tests/unit/test-pixel-redactor.c and tests/integration/test-pixel-clean.c. The
 * checks decode through the same DCMTK bridge as the cleaner, so a compressed original and
 * its cleaned copy are compared value for value, whatever syntax each is written in.
 */
#pragma once

#include "veil-dicom-bridge.h"
#include "veil-pixel-j2k.h"
#include "veil-pixel-region.h"

#include <string.h>

typedef struct {
  VeilDcmFile *file;
  VeilDcmPixelInfo info;
  const guint8 *data;
  gsize length;
  guint bytes;
  guint shift;
  gsize frame_size;
  gboolean ybr_422;
} Pixels;

static inline void
pixels_clear (Pixels *p)
{
  veil_dcm_file_free (p->file);
  memset (p, 0, sizeof *p);
}

/* Loads and decodes every frame of `path`. */
static inline gboolean
pixels_load (const char *path, Pixels *p, GError **error)
{
  memset (p, 0, sizeof *p);
  p->file = veil_dcm_file_load (path, 0, error);
  if (p->file == NULL)
    return FALSE;
  /* DCMTK cannot decode JPEG 2000 here; OpenJPEG can, as the cleaner does. */
  if (veil_pixel_j2k_is_syntax (veil_dcm_file_get_transfer_syntax (p->file))
      && !veil_pixel_j2k_decode_in_place (p->file, error))
    {
      pixels_clear (p);
      return FALSE;
    }
  guint8 *data = veil_dcm_file_begin_pixel_edit (p->file, &p->info, &p->length, error);
  if (data == NULL)
    {
      pixels_clear (p);
      return FALSE;
    }
  p->data = data;
  p->bytes = p->info.bits_allocated / 8;
  p->shift = p->info.high_bit + 1 - p->info.bits_stored;
  p->ybr_422 = g_str_has_suffix (p->info.photometric, "_422");
  gsize pixels = (gsize) p->info.rows * p->info.columns;
  p->frame_size = p->ybr_422 ? pixels * 2 : pixels * p->info.samples_per_pixel * p->bytes;
  return TRUE;
}

/* Sample `s` of pixel (x, y) in `frame` as DCMTK reads it: the stored bits, sign-extended. */
static inline gint64
pixels_sample (const Pixels *p, guint frame, guint x, guint y, guint s)
{
  gsize pixel = (gsize) y * p->info.columns + x;
  gsize offset;

  if (p->ybr_422)
    offset = pixel / 2 * 4 + (s == 0 ? pixel % 2 : 1 + s);
  else if (p->info.planar_configuration == 1 && p->info.samples_per_pixel > 1)
    offset = ((gsize) s * p->info.rows * p->info.columns + pixel) * p->bytes;
  else
    offset = (pixel * p->info.samples_per_pixel + s) * p->bytes;
  offset += (gsize) frame * p->frame_size;
  g_assert_cmpuint (offset + p->bytes, <=, p->length);

  guint64 cell = 0;
  if (p->bytes == 1)
    cell = p->data[offset];
  else if (p->bytes == 2)
    {
      guint16 v;
      memcpy (&v, p->data + offset, 2);
      cell = v;
    }
  else
    {
      guint32 v;
      memcpy (&v, p->data + offset, 4);
      cell = v;
    }
  guint bits = p->info.bits_stored;
  guint64 mask = ((guint64) 1 << bits) - 1;
  guint64 raw = (cell >> p->shift) & mask;
  if (p->info.is_signed && (raw >> (bits - 1)) & 1)
    return (gint64) (raw | ~mask);
  return (gint64) raw;
}

/* The value a cleaned region must hold, per sample. */
static inline void
pixels_expected_fill (const Pixels *p, gint64 monochrome_fill, gint64 fill[3])
{
  gint64 middle = (gint64) 1 << (p->info.bits_stored - 1);
  const char *pi = p->info.photometric;

  fill[0] = fill[1] = fill[2] = 0;
  if (g_str_has_prefix (pi, "MONOCHROME") || g_str_equal (pi, "PALETTE COLOR"))
    fill[0] = monochrome_fill;
  else if (g_str_has_prefix (pi, "YBR_FULL"))
    fill[1] = fill[2] = middle;
  else if (g_str_has_prefix (pi, "YBR_PARTIAL"))
    {
      fill[0] = 16;
      fill[1] = fill[2] = middle;
    }
}

/* Counts the pixels of the box (x, y, w, h) in `frame` (clipped to the image) that do not
 * hold `fill` in every sample. */
static inline guint64
pixels_count_unfilled (const Pixels *p, guint frame, int x, int y, int w, int h,
                       const gint64 fill[3])
{
  guint64 wrong = 0;
  int x1 = MIN (x + w, (int) p->info.columns), y1 = MIN (y + h, (int) p->info.rows);

  for (int yy = MAX (y, 0); yy < y1; yy++)
    for (int xx = MAX (x, 0); xx < x1; xx++)
      for (guint s = 0; s < p->info.samples_per_pixel; s++)
        if (pixels_sample (p, frame, (guint) xx, (guint) yy, s) != fill[s])
          {
            wrong++;
            break;
          }
  return wrong;
}

static inline gboolean
pixels_covered (GPtrArray *regions, guint frame, guint x, guint y)
{
  for (guint i = 0; i < regions->len; i++)
    if (veil_pixel_region_covers (g_ptr_array_index (regions, i), frame, (int) x, (int) y))
      return TRUE;
  return FALSE;
}

static inline guint64
digest_add (guint64 hash, gint64 value)
{
  for (int i = 0; i < 8; i++)
    hash = (hash ^ (guint8) (value >> (8 * i))) * 1099511628211ull;
  return hash;
}

/* A digest of every sample outside `regions`, frame by frame; and the number of samples that
 * differ between `a` and `b` there (they must have the same geometry). */
static inline guint64
pixels_compare_outside (const Pixels *a, const Pixels *b, GPtrArray *regions, guint64 *digest_a,
                        guint64 *digest_b)
{
  guint64 differ = 0;
  *digest_a = *digest_b = 1469598103934665603ull;

  g_assert_cmpuint (a->info.rows, ==, b->info.rows);
  g_assert_cmpuint (a->info.columns, ==, b->info.columns);
  g_assert_cmpuint (a->info.n_frames, ==, b->info.n_frames);
  g_assert_cmpuint (a->info.samples_per_pixel, ==, b->info.samples_per_pixel);
  for (guint f = 0; f < a->info.n_frames; f++)
    for (guint y = 0; y < a->info.rows; y++)
      for (guint x = 0; x < a->info.columns; x++)
        {
          if (pixels_covered (regions, f, x, y))
            continue;
          for (guint s = 0; s < a->info.samples_per_pixel; s++)
            {
              gint64 va = pixels_sample (a, f, x, y, s), vb = pixels_sample (b, f, x, y, s);
              *digest_a = digest_add (*digest_a, va);
              *digest_b = digest_add (*digest_b, vb);
              differ += va != vb;
            }
        }
  return differ;
}

/* A digest of one region's samples (every frame it covers). */
static inline guint64
pixels_region_digest (const Pixels *p, const VeilPixelRegion *r)
{
  guint64 hash = 1469598103934665603ull;
  for (guint f = 0; f < p->info.n_frames; f++)
    {
      if (r->frame != VEIL_PIXEL_ALL_FRAMES && r->frame != f)
        continue;
      for (int y = r->y; y < r->y + r->height && y < (int) p->info.rows; y++)
        for (int x = r->x; x < r->x + r->width && x < (int) p->info.columns; x++)
          for (guint s = 0; s < p->info.samples_per_pixel; s++)
            hash = digest_add (hash, pixels_sample (p, f, (guint) x, (guint) y, s));
    }
  return hash;
}

static inline gboolean
have_tool (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);
  return path != NULL;
}

/* Runs a command; TRUE if it exits 0. `output` (nullable) gets stdout and stderr. */
static inline gboolean
run_tool (const char *const *argv, char **output)
{
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, NULL))
    return FALSE;
  if (output != NULL)
    *output = g_strconcat (out ? out : "", err ? err : "", NULL);
  return g_spawn_check_wait_status (status, NULL);
}

/* The "Error" lines dciodvfy prints for `path`, as a set. NULL if dciodvfy is missing. */
static inline GHashTable *
dciodvfy_errors (const char *path)
{
  const char *argv[] = { "dciodvfy", path, NULL };
  g_autofree char *output = NULL;
  if (!have_tool ("dciodvfy"))
    return NULL;
  run_tool (argv, &output);
  GHashTable *errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = g_strsplit (output ? output : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Error"))
      g_hash_table_add (errors, g_strdup (lines[i]));
  return errors;
}

/* dciodvfy errors of `cleaned` that `original` does not have. */
static inline GPtrArray *
dciodvfy_new_errors (const char *original, const char *cleaned)
{
  g_autoptr (GHashTable) before = dciodvfy_errors (original);
  g_autoptr (GHashTable) after = dciodvfy_errors (cleaned);
  GPtrArray *added = g_ptr_array_new_with_free_func (g_free);
  if (before == NULL || after == NULL)
    return added;
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (before, key))
      g_ptr_array_add (added, g_strdup (key));
  return added;
}
