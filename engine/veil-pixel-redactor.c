/* veil-pixel-redactor.c: filling regions in the stored pixels (see veil-pixel-redactor.h). */

#include "veil-pixel-redactor.h"

#include "veil-pixel-cleaner.h"
#include "veil-pixel-j2k.h"

#include <gio/gio.h>
#include <string.h>

/* Regions applied to one image at most: a reviewer's file could hold any number. */
#define MAX_REGIONS 10000

/* Transfer syntaxes whose codec round trip loses nothing: re-encoded after filling. */
static const char *const lossless_syntaxes[] = {
  "1.2.840.10008.1.2.5",    /* RLE Lossless */
  "1.2.840.10008.1.2.4.57", /* JPEG Lossless, Process 14 */
  "1.2.840.10008.1.2.4.70", /* JPEG Lossless, Process 14 SV1 */
  "1.2.840.10008.1.2.4.80", /* JPEG-LS Lossless */
};

/* Compressed syntaxes that lost information already; decoded they are written uncompressed. */
static const char *const lossy_syntaxes[] = {
  "1.2.840.10008.1.2.4.50", /* JPEG Baseline */
  "1.2.840.10008.1.2.4.51", /* JPEG Extended */
  "1.2.840.10008.1.2.4.81", /* JPEG-LS Near-Lossless */
  "1.2.840.10008.1.2.4.91", /* JPEG 2000 (lossy allowed) */
  "1.2.840.10008.1.2.4.203",/* HTJ2K */
};

static gboolean
in_list (const char *const *list, gsize n, const char *uid)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (list[i], uid))
      return TRUE;
  return FALSE;
}

void
veil_pixel_redaction_clear (VeilPixelRedaction *redaction)
{
  g_clear_pointer (&redaction->transfer_syntax, g_free);
  g_clear_pointer (&redaction->note, g_free);
  memset (redaction, 0, sizeof *redaction);
}

/* How one image's stored values are laid out, after decoding. */
typedef struct {
  guint8 *data;
  gsize length;
  guint rows, columns, frames, samples;
  guint bytes;              /* per sample cell: 1, 2 or 4 */
  guint bits_stored, shift; /* stored bits sit at [shift, shift + bits_stored) of the cell */
  gboolean is_signed;
  gboolean planar;
  gboolean ybr_422;         /* two pixels share Cb and Cr: Y1 Y2 Cb Cr */
  gsize frame_size;         /* bytes */
} Layout;

static guint64
read_cell (const Layout *l, gsize offset)
{
  const guint8 *p = l->data + offset;
  switch (l->bytes)
    {
    case 1: return *p;
    case 2: { guint16 v; memcpy (&v, p, 2); return v; }
    default: { guint32 v; memcpy (&v, p, 4); return v; }
    }
}

static void
write_cell (const Layout *l, gsize offset, guint64 value)
{
  guint8 *p = l->data + offset;
  switch (l->bytes)
    {
    case 1: *p = (guint8) value; break;
    case 2: { guint16 v = (guint16) value; memcpy (p, &v, 2); break; }
    default: { guint32 v = (guint32) value; memcpy (p, &v, 4); break; }
    }
}

/* The value a cell holds, as DCMTK reads it: the stored bits, sign-extended if signed. */
static gint64
stored_value (const Layout *l, guint64 cell)
{
  guint64 mask = l->bits_stored >= 64 ? G_MAXUINT64 : (((guint64) 1 << l->bits_stored) - 1);
  guint64 raw = (cell >> l->shift) & mask;
  if (l->is_signed && l->bits_stored < 64 && (raw >> (l->bits_stored - 1)) & 1)
    return (gint64) (raw | ~mask);
  return (gint64) raw;
}

/* The cell for a value: signed values sign-extended over the whole cell (the common
 * convention, and what every reader accepts), other bits zero. */
static guint64
cell_for (const Layout *l, gint64 value)
{
  guint64 cell_mask = l->bytes >= 8 ? G_MAXUINT64 : (((guint64) 1 << (8 * l->bytes)) - 1);
  guint64 stored_mask = ((((guint64) 1 << l->bits_stored) - 1) << l->shift) & cell_mask;
  if (l->is_signed && l->shift == 0)
    return (guint64) value & cell_mask;
  return ((guint64) value << l->shift) & stored_mask;
}

static gboolean
describe_layout (const VeilDcmPixelInfo *info, guint8 *data, gsize length,
                 Layout *l, GError **error)
{
  memset (l, 0, sizeof *l);
  l->data = data;
  l->length = length;
  l->rows = info->rows;
  l->columns = info->columns;
  l->frames = info->n_frames;
  l->samples = MAX (info->samples_per_pixel, 1u);
  l->bytes = info->bits_allocated / 8;
  l->bits_stored = info->bits_stored;
  l->is_signed = info->is_signed;
  l->planar = info->planar_configuration == 1 && l->samples > 1;
  l->ybr_422 = g_str_equal (info->photometric, "YBR_FULL_422")
               || g_str_equal (info->photometric, "YBR_PARTIAL_422");

  if (info->bits_allocated != 8 && info->bits_allocated != 16 && info->bits_allocated != 32)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "pixel cells of %u bits cannot be cleaned", info->bits_allocated);
      return FALSE;
    }
  if (info->bits_stored == 0 || info->bits_stored > info->bits_allocated
      || info->high_bit + 1 < info->bits_stored || info->high_bit >= info->bits_allocated)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "inconsistent pixel bits (allocated %u, stored %u, high bit %u)",
                   info->bits_allocated, info->bits_stored, info->high_bit);
      return FALSE;
    }
  l->shift = info->high_bit + 1 - info->bits_stored;
  if (l->samples != 1 && l->samples != 3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%u samples per pixel cannot be cleaned", l->samples);
      return FALSE;
    }
  if (l->ybr_422 && (l->bytes != 1 || l->planar || l->columns % 2 != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s pixel data in this layout cannot be cleaned", info->photometric);
      return FALSE;
    }
  gsize pixels = (gsize) l->rows * l->columns;
  l->frame_size = l->ybr_422 ? pixels * 2 : pixels * l->samples * l->bytes;
  if ((guint64) l->frame_size * l->frames > length)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the pixel data holds %" G_GSIZE_FORMAT " bytes, %u frames need %" G_GUINT64_FORMAT,
                   length, l->frames, (guint64) l->frame_size * l->frames);
      return FALSE;
    }
  return TRUE;
}

/* The fill for each sample, as stored values. */
static gboolean
choose_fill (const VeilDcmPixelInfo *info, const Layout *l, gint64 fill[3],
             GError **error)
{
  const char *pi = info->photometric;
  gint64 top = ((gint64) 1 << l->bits_stored) - 1;
  gint64 middle = (gint64) 1 << (l->bits_stored - 1);

  if (g_str_equal (pi, "MONOCHROME1") || g_str_equal (pi, "MONOCHROME2"))
    {
      gboolean inverted = g_str_equal (pi, "MONOCHROME1");
      if (!l->is_signed)
        fill[0] = inverted ? top : 0;
      else
        {
          /* Signed data (CT) has no fixed black: the image's own darkest value keeps the
           * filled box black under any window, and the value range unchanged. */
          gint64 low = G_MAXINT64, high = G_MININT64;
          gsize cells = l->frame_size / l->bytes * l->frames;
          for (gsize i = 0; i < cells; i++)
            {
              gint64 v = stored_value (l, read_cell (l, i * l->bytes));
              low = MIN (low, v);
              high = MAX (high, v);
            }
          fill[0] = inverted ? high : low;
        }
      return TRUE;
    }
  if (g_str_equal (pi, "RGB"))
    {
      fill[0] = fill[1] = fill[2] = 0;
      return TRUE;
    }
  if (g_str_equal (pi, "YBR_FULL") || g_str_equal (pi, "YBR_FULL_422"))
    {
      fill[0] = 0;
      fill[1] = fill[2] = middle;
      return TRUE;
    }
  if (g_str_equal (pi, "YBR_PARTIAL_422"))
    {
      fill[0] = 16;
      fill[1] = fill[2] = middle;
      return TRUE;
    }
  if (g_str_equal (pi, "PALETTE COLOR"))
    {
      /* Any single index erases the glyphs; index 0 is usually the palette's black. */
      fill[0] = 0;
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               "photometric interpretation %s cannot be cleaned", pi);
  return FALSE;
}

static guint64
fill_region (const Layout *l, const VeilPixelRegion *r, guint frame, const gint64 fill[3])
{
  guint8 *base = l->data + (gsize) frame * l->frame_size;
  gsize pixels = (gsize) l->rows * l->columns;
  Layout frame_layout = *l;
  frame_layout.data = base;
  guint64 cells[3];

  for (guint s = 0; s < l->samples; s++)
    cells[s] = cell_for (l, fill[s]);

  /* Two pixels of YBR 4:2:2 share their chroma: the region grows to whole pairs, so no pixel
   * outside it changes colour. */
  int x0 = l->ybr_422 ? r->x & ~1 : r->x;
  int x1 = l->ybr_422 ? MIN ((r->x + r->width + 1) & ~1, (int) l->columns) : r->x + r->width;

  for (int y = r->y; y < r->y + r->height; y++)
    for (int x = x0; x < x1; x++)
      {
        gsize pixel = (gsize) y * l->columns + (gsize) x;
        if (l->ybr_422)
          {
            gsize pair = pixel / 2 * 4;
            base[pair + pixel % 2] = (guint8) cells[0];
            base[pair + 2] = (guint8) cells[1];
            base[pair + 3] = (guint8) cells[2];
          }
        else
          for (guint s = 0; s < l->samples; s++)
            {
              gsize index = l->planar ? s * pixels + pixel : pixel * l->samples + s;
              write_cell (&frame_layout, index * l->bytes, cells[s]);
            }
      }
  return (guint64) (x1 - x0) * r->height;
}

/* Overlay planes: groups 6000–601E. Returns each plane's group and, for a plane kept in the
 * pixel cells' unused bits, its bit position (else -1). */
static GArray *
find_overlays (VeilDcmItem *dataset)
{
  GArray *planes = g_array_new (FALSE, FALSE, sizeof (int) * 2);
  guint32 present = 0; /* bit n: group 0x6000 + 2n has elements */
  VeilDcmElementInfo info;

  for (guint i = 0; veil_dcm_item_get_element_info (dataset, i, &info); i++)
    if (info.group >= 0x6000 && info.group <= 0x601E && info.group % 2 == 0)
      present |= 1u << ((info.group - 0x6000) / 2);

  for (guint n = 0; n < 16; n++)
    {
      if (!(present & (1u << n)))
        continue;
      guint16 group = (guint16) (0x6000 + 2 * n);
      int plane[2] = { group, -1 };
      if (!veil_dcm_item_find (dataset, group, 0x3000, NULL))
        {
          /* Retired embedded overlays: no OverlayData, the plane is the OverlayBitPosition
           * bit of every pixel cell. */
          g_autoptr (GBytes) position = veil_dcm_item_get_bytes (dataset, group, 0x0102);
          if (position != NULL && g_bytes_get_size (position) > 0)
            {
              g_autofree char *text = g_strndup (g_bytes_get_data (position, NULL),
                                                 g_bytes_get_size (position));
              plane[1] = (int) g_ascii_strtoll (text, NULL, 10);
            }
        }
      g_array_append_vals (planes, plane, 1);
    }
  return planes;
}

static guint
remove_group (VeilDcmItem *dataset, guint group)
{
  guint removed = 0;
  for (;;)
    {
      VeilDcmElementInfo info;
      gboolean found = FALSE;
      for (guint i = 0; i < veil_dcm_item_get_n_elements (dataset); i++)
        if (veil_dcm_item_get_element_info (dataset, i, &info) && info.group == group)
          {
            found = TRUE;
            break;
          }
      if (!found || !veil_dcm_item_delete (dataset, info.group, info.element))
        return removed;
      removed++;
    }
}

gboolean
veil_pixel_redact (VeilDcmFile *file, GPtrArray *regions, VeilPixelRedaction *out, GError **error)
{
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);
  VeilDcmPixelInfo info;
  g_autoptr (GPtrArray) clipped = veil_pixel_regions_new ();
  g_autofree char *original_syntax = g_strdup (veil_dcm_file_get_transfer_syntax (file));

  memset (out, 0, sizeof *out);
  if (regions != NULL && regions->len > MAX_REGIONS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%u regions is more than %u",
                   regions->len, MAX_REGIONS);
      return FALSE;
    }
  gboolean has_pixels = veil_dcm_file_get_pixel_info (file, &info);
  for (guint i = 0; has_pixels && regions != NULL && i < regions->len; i++)
    {
      VeilPixelRegion *region = veil_pixel_region_copy (g_ptr_array_index (regions, i));
      if ((region->frame == VEIL_PIXEL_ALL_FRAMES || region->frame < info.n_frames)
          && veil_pixel_region_clip (region, info.columns, info.rows))
        g_ptr_array_add (clipped, region);
      else
        veil_pixel_region_free (region);
    }
  if (!has_pixels && regions != NULL && regions->len > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "regions given for a file without pixel data");
      return FALSE;
    }

  g_autoptr (GArray) overlays = find_overlays (dataset);
  gboolean embedded = FALSE;
  for (guint i = 0; i < overlays->len; i++)
    embedded |= ((int *) overlays->data)[2 * i + 1] >= 0;

  if (clipped->len > 0 || (has_pixels && embedded))
    {
      guint64 decoded = (guint64) info.rows * info.columns * info.n_frames
                        * MAX (info.samples_per_pixel, 1u) * MAX (info.bits_allocated / 8, 1u);
      if (decoded > VEIL_PIXEL_MAX_DECODED_BYTES || info.n_frames > VEIL_PIXEL_MAX_FRAMES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "the image is too large to clean");
          return FALSE;
        }

      /* DCMTK cannot decode JPEG 2000 here; OpenJPEG does, into native pixels. */
      out->pixels_rewritten = TRUE;
      if (veil_pixel_j2k_is_syntax (original_syntax) && !veil_pixel_j2k_decode_in_place (file, error))
        return FALSE;

      /* 32-bit cells are handed over as host-order 16-bit words, which only keeps their
       * values for little-endian files. */
      if (info.bits_allocated == 32 && g_str_equal (original_syntax, "1.2.840.10008.1.2.2"))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "32-bit pixel cells in big endian files cannot be cleaned");
          return FALSE;
        }

      VeilDcmPixelInfo native;
      gsize length = 0;
      guint8 *data = veil_dcm_file_begin_pixel_edit (file, &native, &length, error);
      if (data == NULL)
        return FALSE;
      Layout layout;
      gint64 fill[3] = { 0, 0, 0 };
      if (!describe_layout (&native, data, length, &layout, error)
          || !choose_fill (&native, &layout, fill, error))
        return FALSE;

      for (guint frame = 0; frame < layout.frames; frame++)
        for (guint i = 0; i < clipped->len; i++)
          {
            const VeilPixelRegion *region = g_ptr_array_index (clipped, i);
            if (region->frame == VEIL_PIXEL_ALL_FRAMES || region->frame == frame)
              out->n_pixels += fill_region (&layout, region, frame, fill);
          }

      /* Embedded overlay bits are not image: clear them in every cell. */
      for (guint i = 0; i < overlays->len; i++)
        {
          int bit = ((int *) overlays->data)[2 * i + 1];
          if (bit < 0 || (guint) bit >= 8 * layout.bytes
              || ((guint) bit >= layout.shift && (guint) bit < layout.shift + layout.bits_stored))
            continue;
          gsize cells = layout.frame_size / layout.bytes * layout.frames;
          for (gsize c = 0; c < cells; c++)
            write_cell (&layout, c * layout.bytes,
                        read_cell (&layout, c * layout.bytes) & ~((guint64) 1 << bit));
        }

      gboolean lossless = in_list (lossless_syntaxes, G_N_ELEMENTS (lossless_syntaxes), original_syntax);
      gboolean lossy = in_list (lossy_syntaxes, G_N_ELEMENTS (lossy_syntaxes), original_syntax);
      const char *written = NULL;
      g_autoptr (GError) encode_error = NULL;
      if (!veil_dcm_file_end_pixel_edit (file, lossless, &written, &encode_error))
        {
          /* The filled pixels are still there, decoded: written uncompressed, they lose
           * nothing; only the size grows. */
          if (!veil_dcm_file_end_pixel_edit (file, FALSE, &written, error))
            return FALSE;
        }
      out->recompressed = lossless && encode_error == NULL;
      out->changed_syntax = !g_str_equal (written, original_syntax)
                            && !g_str_equal (original_syntax, "1.2.840.10008.1.2.1.99");
      if (lossy && !veil_dcm_item_set_string (dataset, 0x0028, 0x2110, "CS", "01", error))
        return FALSE;

      out->transfer_syntax = g_strdup (written);
      out->fill_value = fill[0];
      out->n_frames = layout.frames;
      out->n_regions = clipped->len;
      out->cleaned = clipped->len > 0;
      if (out->cleaned && !veil_dcm_item_set_string (dataset, 0x0028, 0x0301, "CS", "NO", error))
        return FALSE;

      GString *note = g_string_new (NULL);
      if (out->cleaned)
        g_string_append_printf (note, "%u region%s blacked out in %u frame%s", clipped->len,
                                clipped->len == 1 ? "" : "s", layout.frames,
                                layout.frames == 1 ? "" : "s");
      if (out->changed_syntax)
        g_string_append_printf (note, "%s%s %s: written as %s", note->len ? "; " : "",
                                original_syntax,
                                lossy ? "is lossy and re-encoding would lose more"
                                      : "cannot be re-encoded here",
                                written);
      else if (out->recompressed)
        g_string_append_printf (note, "%sre-encoded losslessly in %s", note->len ? "; " : "", written);
      out->note = g_string_free (note, FALSE);
    }
  else
    {
      out->transfer_syntax = g_strdup (original_syntax);
      out->note = g_strdup ("");
    }

  for (guint i = 0; i < overlays->len; i++)
    if (remove_group (dataset, (guint) ((int *) overlays->data)[2 * i]) > 0)
      out->n_overlays_removed++;
  out->icon_removed = veil_dcm_item_delete (dataset, 0x0088, 0x0200);
  if (out->n_overlays_removed > 0 || out->icon_removed)
    {
      char *note = g_strdup_printf ("%s%s%s%s", out->note, *out->note ? "; " : "",
                                    out->n_overlays_removed ? "overlay planes removed" : "",
                                    out->icon_removed ? (out->n_overlays_removed ? ", icon removed"
                                                                                   : "icon removed")
                                                      : "");
      g_free (out->note);
      out->note = note;
    }
  return TRUE;
}
