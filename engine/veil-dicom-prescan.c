/* veil-dicom-prescan.c: a bounded, non-recursive structural walk of a DICOM file.
 *
 * DCMTK 3.6.7 parses nested sequences by recursion, so a file with sequences nested a few
 * hundred thousand deep exhausts the stack and kills the process. This walk reads the same
 * encoding with an explicit stack of open sequences, items and fragment lists, which the
 * depth limit bounds, and it never recurses (a deflated data set is inflated into memory, up
 * to 512 MiB). It only checks structure:
 * every value is skipped by its length (pixel data is never read byte by byte), so a 512 KB
 * slice costs a few hundred header reads.
 *
 * What it accepts follows what DCMTK's readers accept (checked against dcmdump 3.6.7): a
 * 128-byte preamble + "DICM" or a raw data set starting with group 0002 or 0008; file meta
 * information in explicit VR little endian; a data set in implicit or explicit VR little
 * endian, explicit VR big endian or deflated explicit VR little endian; undefined-length UN
 * read as an implicit VR little endian sequence (PS3.5 6.2.2); trailing zero padding after the
 * data set. It is stricter than DCMTK in a few corners (an element overrunning its item), which
 * only means such a file is reported instead of read.
 *
 * The veil DCMTK bridge turns on dcmEnableUnknownVRConversion, so DCMTK parses a defined-length
 * UN whose tag the dictionary calls SQ as a sequence, and in implicit VR every dictionary SQ is
 * one; the walk has no dictionary, so it treats any such value that starts with an item as a
 * sequence and falls back to opaque if it does not parse.
 */
#include "veil-dicom-prescan.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <string.h>
#include <zlib.h>

#define UNDEFINED_LENGTH 0xFFFFFFFFu
#define TAG_ITEM 0xFFFEE000u
#define TAG_ITEM_DELIMITER 0xFFFEE00Du
#define TAG_SEQUENCE_DELIMITER 0xFFFEE0DDu
#define TAG_PIXEL_DATA 0x7FE00010u

#define TS_IMPLICIT_LE "1.2.840.10008.1.2"
#define TS_EXPLICIT_BE "1.2.840.10008.1.2.2"
#define TS_DEFLATED_LE "1.2.840.10008.1.2.1.99"
#define TS_JPIP_DEFLATED "1.2.840.10008.1.2.4.95"

/* A deflated data set is inflated into memory for the walk; this caps what a small hostile
 * file can make us allocate (deflate expands at most about 1000:1). */
#define MAX_INFLATED ((gsize) 512 * 1024 * 1024)

#define VR(a, b) (((guint) (a) << 8) | (guint) (b))

typedef enum {
  FRAME_DATASET,   /* data elements: the top-level data set or the inside of an item */
  FRAME_SEQUENCE,  /* items of a sequence */
  FRAME_FRAGMENTS, /* encapsulated pixel data: defined-length fragments */
} FrameKind;

typedef struct {
  FrameKind kind;
  gboolean defined;     /* FALSE: ends at its delimiter rather than at `end` */
  gboolean explicit_vr; /* encoding of what is inside; UN sequences switch to implicit LE */
  gboolean big_endian;
  guint32 tag;          /* the sequence or pixel data element, for messages */
  guint depth;          /* sequence nesting depth of the elements inside (items of an SQ at
                         * depth 0 hold elements at depth 1) */
  guint64 end;          /* when defined */
  guint64 limit;        /* nearest defined end at or above this frame: nothing may pass it */
  const char *limit_name;

  /* A sequence guessed from a defined-length value in implicit VR (or UN) may turn out to be
   * opaque data that happens to start with an item tag; then the walk resumes at `end` with
   * these counters, as if it had never looked inside. */
  gboolean speculative;
  guint64 start;        /* where the element holding the sequence starts */
  guint64 saved_n_elements;
  guint saved_max_depth;
} Frame;

typedef struct {
  const guint8 *data;
  guint64 len;
  guint64 avail;     /* bytes of `data` actually present: less than `len` when only the
                      * start of a file was read (the rest is pixel data to skip) */
  gboolean need_full; /* the walk needed bytes past `avail`: read the whole file */
  guint max_depth;
  const char *where; /* "file", or "inflated data set" when offsets are into inflated bytes */
  GArray *stack;     /* of Frame */
  guint64 n_elements;
  guint max_depth_seen;
  gboolean fatal;    /* the last error must not be undone by dropping a guessed sequence */
  gboolean zero_run_known;
  guint64 zero_run_end;
  char message[256];
  guint64 pixel_element; /* where the top-level (7FE0,0010) element starts (its tag) */
  guint64 pixel_start;   /* its value, for the residual scan */
  guint64 pixel_end;
} Walker;

static inline guint16
read16 (const guint8 *p, gboolean big_endian)
{
  return big_endian ? (guint16) ((p[0] << 8) | p[1]) : (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
read32 (const guint8 *p, gboolean big_endian)
{
  if (big_endian)
    return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline guint32
read_tag (const guint8 *p, gboolean big_endian)
{
  return ((guint32) read16 (p, big_endian) << 16) | read16 (p + 2, big_endian);
}

static gboolean
vr_is_standard (const guint8 *p)
{
  switch (VR (p[0], p[1]))
    {
    case VR ('A', 'E'): case VR ('A', 'S'): case VR ('A', 'T'): case VR ('C', 'S'):
    case VR ('D', 'A'): case VR ('D', 'S'): case VR ('D', 'T'): case VR ('F', 'D'):
    case VR ('F', 'L'): case VR ('I', 'S'): case VR ('L', 'O'): case VR ('L', 'T'):
    case VR ('O', 'B'): case VR ('O', 'D'): case VR ('O', 'F'): case VR ('O', 'L'):
    case VR ('O', 'V'): case VR ('O', 'W'): case VR ('P', 'N'): case VR ('S', 'H'):
    case VR ('S', 'L'): case VR ('S', 'Q'): case VR ('S', 'S'): case VR ('S', 'T'):
    case VR ('S', 'V'): case VR ('T', 'M'): case VR ('U', 'C'): case VR ('U', 'I'):
    case VR ('U', 'L'): case VR ('U', 'N'): case VR ('U', 'R'): case VR ('U', 'S'):
    case VR ('U', 'T'): case VR ('U', 'V'):
      return TRUE;
    default:
      return FALSE;
    }
}

/* Explicit VRs whose header has two reserved bytes and a 32-bit length. DCMTK reads a VR it
 * does not know as a newer one of these when it is two capital letters (later editions of
 * the standard only ever added 4-byte-length VRs), and with a 16-bit length otherwise; the
 * walk must agree or it would lose step with the parser it guards. */
static gboolean
vr_has_long_length (const guint8 *p)
{
  switch (VR (p[0], p[1]))
    {
    case VR ('O', 'B'): case VR ('O', 'D'): case VR ('O', 'F'): case VR ('O', 'L'):
    case VR ('O', 'V'): case VR ('O', 'W'): case VR ('S', 'Q'): case VR ('U', 'C'):
    case VR ('U', 'N'): case VR ('U', 'R'): case VR ('U', 'T'): case VR ('S', 'V'):
    case VR ('U', 'V'):
      return TRUE;
    default:
      if (vr_is_standard (p))
        return FALSE;
      return p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z';
    }
}

/* Where the run of zero bytes starting at `off` ends. The answer is kept: a long run followed
 * by something else is read as many empty (0000,0000) elements, and scanning the rest of the
 * run again for each of them would make the walk quadratic. */
static guint64
zero_run_end (Walker *w, guint64 off)
{
  if (!w->zero_run_known || off > w->zero_run_end)
    {
      guint64 i = off;

      while (i < w->avail && w->data[i] == 0)
        i++;
      if (i == w->avail && i < w->len)
        {
          /* the run goes on past what was read: count it as not known to be padding */
          w->need_full = TRUE;
        }
      w->zero_run_end = i;
      w->zero_run_known = TRUE;
    }
  return w->zero_run_end;
}

static gboolean G_GNUC_PRINTF (3, 4)
fail (Walker *w, gboolean fatal, const char *format, ...);

/* In a walk over the start of a file only: are bytes [off, off + n) there? If not, the walk
 * stops and the caller walks the whole file instead. */
static gboolean
missing (Walker *w, guint64 off, guint64 n)
{
  if (w->avail >= w->len || off + n <= w->avail)
    return FALSE;
  w->need_full = TRUE;
  fail (w, TRUE, "(needs the whole file)");
  return TRUE;
}

static gboolean G_GNUC_PRINTF (3, 4)
fail (Walker *w, gboolean fatal, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_vsnprintf (w->message, sizeof w->message, format, args);
  va_end (args);
  w->fatal = fatal;
  return FALSE;
}

static inline Frame *
top_frame (Walker *w)
{
  return &g_array_index (w->stack, Frame, w->stack->len - 1);
}

static void
pop_frame (Walker *w)
{
  g_array_set_size (w->stack, w->stack->len - 1);
}

/* Opens a sequence whose items hold elements at parent->depth + 1. This is the only place
 * the nesting grows, so it is where the limit is enforced, before anything inside is read. */
static gboolean
push_sequence (Walker *w, const Frame *parent, guint32 tag, gboolean defined, guint64 start,
               guint64 end, gboolean explicit_vr, gboolean big_endian, gboolean speculative)
{
  Frame f = { 0 };

  f.kind = FRAME_SEQUENCE;
  f.depth = parent->depth + 1;
  if (f.depth > w->max_depth)
    return fail (w, TRUE, "sequences nested %u deep (limit %u)", f.depth, w->max_depth);

  f.defined = defined;
  f.explicit_vr = explicit_vr;
  f.big_endian = big_endian;
  f.tag = tag;
  f.end = end;
  f.limit = defined ? end : parent->limit;
  f.limit_name = defined ? "enclosing sequence" : parent->limit_name;
  f.speculative = speculative;
  f.start = start;
  f.saved_n_elements = w->n_elements;
  f.saved_max_depth = w->max_depth_seen;
  w->max_depth_seen = MAX (w->max_depth_seen, f.depth);
  g_array_append_val (w->stack, f);
  return TRUE;
}

/* Whether a defined-length value in implicit VR (or a UN value, whose content is implicit VR
 * little endian) starts like a sequence: an item tag and a length that fits in the value. */
static gboolean
looks_like_sequence (const guint8 *value, guint32 len, gboolean big_endian)
{
  guint32 item_len;

  if (len < 8 || read_tag (value, big_endian) != TAG_ITEM)
    return FALSE;
  item_len = read32 (value + 4, big_endian);
  return item_len == UNDEFINED_LENGTH || item_len <= len - 8;
}

static gboolean
step_dataset (Walker *w, guint64 *offset)
{
  Frame *f = top_frame (w);
  guint64 off = *offset;
  guint64 avail = f->limit - off;
  const guint8 *p = w->data + off;
  gboolean is_top = w->stack->len == 1;
  guint32 tag, len;
  guint64 hdr, value_off;
  gboolean explicit_un = FALSE, explicit_sq = FALSE;
  const guint8 *vr = NULL;

  if (missing (w, off, MIN (avail, 12)))
    return FALSE;
  if (avail < 8)
    {
      if (!f->defined)
        return fail (w, FALSE, "item in sequence (%04X,%04X) has no end delimiter",
                     f->tag >> 16, f->tag & 0xFFFF);
      return fail (w, FALSE, "truncated element at offset %" G_GUINT64_FORMAT, off);
    }

  tag = read_tag (p, f->big_endian);

  /* Zero padding after the data set: DCMTK reads it as empty (0000,0000) elements of 8 bytes
   * each, so it accepts whole multiples of 8 and fails on a partial one */
  if (is_top && tag == 0 && zero_run_end (w, off) == f->limit)
    {
      if (avail % 8 != 0)
        return fail (w, FALSE, "truncated element at offset %" G_GUINT64_FORMAT,
                     off + (avail & ~(guint64) 7));
      *offset = f->limit;
      return TRUE;
    }

  if ((tag >> 16) == 0xFFFE)
    {
      /* A delimiter also closes a defined-length item when it sits exactly at its end: some
       * writers emit both, and DCMTK accepts it */
      if (tag == TAG_ITEM_DELIMITER && !is_top && (!f->defined || off + 8 == f->end))
        {
          *offset = off + 8;
          pop_frame (w);
          return TRUE;
        }
      if (tag == TAG_ITEM_DELIMITER)
        return fail (w, FALSE, "unexpected item delimiter at offset %" G_GUINT64_FORMAT, off);
      if (tag == TAG_SEQUENCE_DELIMITER)
        return fail (w, FALSE, "unexpected sequence delimiter at offset %" G_GUINT64_FORMAT,
                     off);
      return fail (w, FALSE, "unexpected (%04X,%04X) at offset %" G_GUINT64_FORMAT,
                   tag >> 16, tag & 0xFFFF, off);
    }

  if (f->explicit_vr)
    {
      vr = p + 4;
      if (vr_has_long_length (vr))
        {
          if (avail < 12)
            return fail (w, FALSE, "truncated element at offset %" G_GUINT64_FORMAT, off);
          len = read32 (p + 8, f->big_endian);
          hdr = 12;
        }
      else
        {
          len = read16 (p + 6, f->big_endian);
          hdr = 8;
        }
      explicit_sq = vr[0] == 'S' && vr[1] == 'Q';
      /* DCMTK reads a VR it does not know, with a 4-byte length, as UN */
      explicit_un = (vr[0] == 'U' && vr[1] == 'N') || (hdr == 12 && !vr_is_standard (vr));
    }
  else
    {
      len = read32 (p + 4, f->big_endian);
      hdr = 8;
    }

  w->n_elements++;
  value_off = off + hdr;

  if (len == UNDEFINED_LENGTH)
    {
      gboolean explicit_inside = f->explicit_vr, big_endian_inside = f->big_endian;

      if (f->explicit_vr && !explicit_sq)
        {
          if (explicit_un)
            {
              /* PS3.5 6.2.2: an undefined-length UN is a sequence in implicit VR LE */
              explicit_inside = FALSE;
              big_endian_inside = FALSE;
            }
          else if (!(vr[0] == 'O' && (vr[1] == 'B' || vr[1] == 'W')))
            return fail (w, FALSE,
                         "element (%04X,%04X) with VR %c%c has an undefined length, at offset "
                         "%" G_GUINT64_FORMAT, tag >> 16, tag & 0xFFFF,
                         g_ascii_isprint (vr[0]) ? vr[0] : '?',
                         g_ascii_isprint (vr[1]) ? vr[1] : '?', off);
        }

      /* Undefined-length OB/OW is encapsulated pixel data for (7FE0,0010) and, as in DCMTK,
       * a sequence otherwise; in implicit VR undefined length always means one of the two */
      if (tag == TAG_PIXEL_DATA && (!f->explicit_vr || vr[0] == 'O'))
        {
          Frame frag = { 0 };

          if (is_top)
            {
              w->pixel_element = off;
              w->pixel_start = value_off; /* ends at its sequence delimiter */
            }

          frag.kind = FRAME_FRAGMENTS;
          frag.explicit_vr = f->explicit_vr;
          frag.big_endian = f->big_endian;
          frag.tag = tag;
          frag.depth = f->depth;
          frag.limit = f->limit;
          frag.limit_name = f->limit_name;
          *offset = value_off;
          g_array_append_val (w->stack, frag);
          return TRUE;
        }

      *offset = value_off;
      return push_sequence (w, f, tag, FALSE, off, 0, explicit_inside, big_endian_inside, FALSE);
    }

  if (value_off + len > f->limit)
    return fail (w, FALSE,
                 "element (%04X,%04X) length %u runs past the end of the %s at offset "
                 "%" G_GUINT64_FORMAT, tag >> 16, tag & 0xFFFF, len, f->limit_name, off);

  if (explicit_sq)
    {
      *offset = value_off;
      return push_sequence (w, f, tag, TRUE, off, value_off + len, TRUE, f->big_endian, FALSE);
    }

  /* Implicit VR carries no VR, and DCMTK may read a defined-length UN as the SQ its
   * dictionary names, so a value that starts with an item is walked as a sequence too */
  if (!f->explicit_vr || explicit_un)
    {
      gboolean big_endian_inside = f->explicit_vr ? FALSE : f->big_endian;

      if (missing (w, value_off, MIN (len, 16)))
        return FALSE;
      if (looks_like_sequence (w->data + value_off, len, big_endian_inside))
        {
          *offset = value_off;
          return push_sequence (w, f, tag, TRUE, off, value_off + len, FALSE, big_endian_inside,
                                TRUE);
        }
    }

  if (is_top && tag == TAG_PIXEL_DATA)
    {
      w->pixel_element = off;
      w->pixel_start = value_off;
      w->pixel_end = value_off + len;
    }
  *offset = value_off + len;
  return TRUE;
}

static gboolean
step_sequence (Walker *w, guint64 *offset)
{
  Frame *f = top_frame (w);
  guint64 off = *offset;
  const guint8 *p = w->data + off;
  guint32 tag, len;
  Frame item = { 0 };

  if (missing (w, off, MIN (f->limit - off, 8)))
    return FALSE;
  if (f->limit - off < 8)
    {
      if (!f->defined)
        return fail (w, FALSE, "sequence (%04X,%04X) has no end delimiter",
                     f->tag >> 16, f->tag & 0xFFFF);
      return fail (w, FALSE, "truncated item in sequence (%04X,%04X) at offset %"
                   G_GUINT64_FORMAT, f->tag >> 16, f->tag & 0xFFFF, off);
    }

  tag = read_tag (p, f->big_endian);
  len = read32 (p + 4, f->big_endian);

  if (tag == TAG_SEQUENCE_DELIMITER && (!f->defined || off + 8 == f->end))
    {
      *offset = off + 8;
      pop_frame (w);
      return TRUE;
    }
  if (tag != TAG_ITEM)
    return fail (w, FALSE,
                 "sequence (%04X,%04X) holds (%04X,%04X) where an item should be, at offset "
                 "%" G_GUINT64_FORMAT, f->tag >> 16, f->tag & 0xFFFF, tag >> 16, tag & 0xFFFF,
                 off);

  item.kind = FRAME_DATASET;
  item.explicit_vr = f->explicit_vr;
  item.big_endian = f->big_endian;
  item.tag = f->tag;
  item.depth = f->depth;
  if (len == UNDEFINED_LENGTH)
    {
      item.limit = f->limit;
      item.limit_name = f->limit_name;
    }
  else
    {
      item.defined = TRUE;
      item.end = off + 8 + len;
      item.limit_name = "enclosing item";
      if (item.end > f->limit)
        {
          /* DCMTK ends an item at the end of the file when its length says it goes on, as
           * long as nothing else (an enclosing sequence or item length) says otherwise and
           * the last element inside ends exactly there; DICOMDIR editors that drop elements
           * without fixing the record's item length leave files like that */
          if (f->limit != w->len)
            return fail (w, FALSE,
                         "item in sequence (%04X,%04X) length %u runs past the end of the %s "
                         "at offset %" G_GUINT64_FORMAT, f->tag >> 16, f->tag & 0xFFFF, len,
                         f->limit_name, off);
          item.end = w->len;
          item.limit_name = w->where;
        }
      item.limit = item.end;
    }
  *offset = off + 8;
  g_array_append_val (w->stack, item);
  return TRUE;
}

static gboolean
step_fragments (Walker *w, guint64 *offset)
{
  Frame *f = top_frame (w);
  guint64 off = *offset;
  const guint8 *p = w->data + off;
  guint32 tag, len;

  if (missing (w, off, MIN (f->limit - off, 8)))
    return FALSE;
  if (f->limit - off < 8)
    return fail (w, FALSE, "encapsulated pixel data has no end delimiter");

  tag = read_tag (p, f->big_endian);
  len = read32 (p + 4, f->big_endian);
  if (tag == TAG_SEQUENCE_DELIMITER)
    {
      *offset = off + 8;
      if (f->depth == 0 && w->pixel_start != 0 && w->pixel_end == 0)
        w->pixel_end = off + 8;
      pop_frame (w);
      return TRUE;
    }
  if (tag != TAG_ITEM)
    return fail (w, FALSE,
                 "encapsulated pixel data holds (%04X,%04X) where a fragment should be, at "
                 "offset %" G_GUINT64_FORMAT, tag >> 16, tag & 0xFFFF, off);
  if (len == UNDEFINED_LENGTH)
    return fail (w, FALSE, "pixel data fragment with undefined length at offset %"
                 G_GUINT64_FORMAT, off);
  if (off + 8 + len > f->limit)
    return fail (w, FALSE,
                 "pixel data fragment length %u runs past the end of the %s at offset %"
                 G_GUINT64_FORMAT, len, f->limit_name, off);
  *offset = off + 8 + len;
  return TRUE;
}

/* A value dropped as opaque may still be parsed as a sequence by DCMTK (its dictionary says SQ
 * for the tag), and DCMTK tolerates a few malformations that this walk refuses, so it could go
 * on into nesting this walk never saw. Every level of nesting needs an item tag, so a value
 * with no more item tags than the remaining depth allows is safe to leave unread. */
static gboolean
check_opaque_value (Walker *w, const Frame *spec)
{
  static const guint8 item_le[4] = { 0xFE, 0xFF, 0x00, 0xE0 };
  static const guint8 item_be[4] = { 0xFF, 0xFE, 0xE0, 0x00 };
  const guint8 *pattern = spec->big_endian ? item_be : item_le;
  const guint8 *p = w->data + spec->start, *end = w->data + spec->end;
  guint room = w->max_depth - (spec->depth - 1);
  guint count = 0;

  /* Item tags take 4 bytes each: a short value cannot hold too many */
  if ((guint64) room >= (spec->end - spec->start) / 4)
    return TRUE;
  if (missing (w, spec->start, spec->end - spec->start))
    return FALSE;

  while (end - p >= 4 && (p = memchr (p, pattern[0], (gsize) (end - p) - 3)) != NULL)
    {
      if (memcmp (p, pattern, 4) != 0)
        {
          p++;
          continue;
        }
      if (++count > room)
        return fail (w, TRUE,
                     "element (%04X,%04X) at offset %" G_GUINT64_FORMAT " may hide sequences "
                     "nested more than %u deep", spec->tag >> 16, spec->tag & 0xFFFF,
                     spec->start, w->max_depth);
      p += 4;
    }
  return TRUE;
}

/* Drops the innermost guessed sequence after an error inside it and resumes after its value.
 * The offset only moves forward, so the walk stays linear. */
static gboolean
backtrack (Walker *w, guint64 *offset)
{
  for (guint i = w->stack->len; i > 0; i--)
    {
      Frame spec = g_array_index (w->stack, Frame, i - 1);

      if (spec.speculative)
        {
          g_array_set_size (w->stack, i - 1);
          w->n_elements = spec.saved_n_elements;
          w->max_depth_seen = spec.saved_max_depth;
          *offset = spec.end;
          return check_opaque_value (w, &spec);
        }
    }
  return FALSE;
}

static gboolean
walk_dataset (Walker *w, guint64 offset, gboolean explicit_vr, gboolean big_endian)
{
  Frame top = { 0 };
  gboolean ok = TRUE;

  top.kind = FRAME_DATASET;
  top.defined = TRUE;
  top.explicit_vr = explicit_vr;
  top.big_endian = big_endian;
  top.end = w->len;
  top.limit = w->len;
  top.limit_name = w->where;
  w->stack = g_array_sized_new (FALSE, FALSE, sizeof (Frame), 2 * MIN (w->max_depth, 64) + 2);
  g_array_append_val (w->stack, top);

  while (w->stack->len > 0)
    {
      Frame *f = top_frame (w);

      if (f->defined && offset == f->end)
        {
          pop_frame (w);
          continue;
        }

      switch (f->kind)
        {
        case FRAME_DATASET:
          ok = step_dataset (w, &offset);
          break;
        case FRAME_SEQUENCE:
          ok = step_sequence (w, &offset);
          break;
        case FRAME_FRAGMENTS:
          ok = step_fragments (w, &offset);
          break;
        default:
          g_assert_not_reached ();
        }

      if (!ok)
        {
          if (w->fatal || !backtrack (w, &offset))
            break;
          ok = TRUE;
        }
    }

  g_clear_pointer (&w->stack, g_array_unref);
  return ok;
}

/* Decides the encoding of a data set from its first element, as DCMTK does when there is no
 * transfer syntax to go by: a standard VR in bytes 4-5 means explicit VR, and the byte order
 * is the one that gives the smaller group number. */
static gboolean
guess_encoding (const guint8 *p, guint64 avail, gboolean *explicit_vr, gboolean *big_endian)
{
  if (avail < 8)
    return FALSE;
  *explicit_vr = vr_is_standard (p + 4);
  *big_endian = *explicit_vr && read16 (p, TRUE) < read16 (p, FALSE);
  return TRUE;
}

static void
set_transfer_syntax (VeilPrescanInfo *info, const guint8 *value, guint32 len)
{
  gsize n = MIN ((gsize) len, sizeof info->transfer_syntax - 1);

  memcpy (info->transfer_syntax, value, n);
  info->transfer_syntax[n] = '\0';
  /* UIs are padded to even length with NUL; some writers pad with a space */
  while (n > 0 && (info->transfer_syntax[n - 1] == '\0' || info->transfer_syntax[n - 1] == ' '))
    info->transfer_syntax[--n] = '\0';
}

/* File meta information: group 0002, explicit VR little endian. A few writers use implicit VR
 * here; DCMTK copes, so each element is read in whichever form its bytes show. */
static gboolean
walk_meta (Walker *w, guint64 *offset, VeilPrescanInfo *info)
{
  guint64 off = *offset;

  while (w->len - off >= 8 && !missing (w, off, MIN (w->len - off, 12))
         && read16 (w->data + off, FALSE) == 0x0002)
    {
      const guint8 *p = w->data + off;
      guint32 tag = read_tag (p, FALSE), len;
      guint64 hdr;

      if (vr_is_standard (p + 4) && vr_has_long_length (p + 4))
        {
          if (w->len - off < 12)
            return fail (w, FALSE, "truncated element at offset %" G_GUINT64_FORMAT, off);
          len = read32 (p + 8, FALSE);
          hdr = 12;
        }
      else if (vr_is_standard (p + 4))
        {
          len = read16 (p + 6, FALSE);
          hdr = 8;
        }
      else
        {
          len = read32 (p + 4, FALSE);
          hdr = 8;
        }

      if (len == UNDEFINED_LENGTH)
        return fail (w, FALSE, "file meta element (%04X,%04X) has an undefined length",
                     tag >> 16, tag & 0xFFFF);
      if (off + hdr + len > w->len)
        return fail (w, FALSE,
                     "element (%04X,%04X) length %u runs past the end of the file at offset %"
                     G_GUINT64_FORMAT, tag >> 16, tag & 0xFFFF, len, off);
      if (tag == 0x00020010)
        {
          if (missing (w, off + hdr, len))
            return FALSE;
          set_transfer_syntax (info, p + hdr, len);
        }
      info->has_meta = TRUE;
      w->n_elements++;
      off += hdr + len;
    }

  *offset = off;
  return TRUE;
}

/* Inflates a deflated data set (raw deflate, RFC 1951, as the standard and DCMTK use) into a
 * growing buffer, refusing to grow it past MAX_INFLATED. */
static guint8 *
inflate_dataset (Walker *w, const guint8 *in, guint64 in_len, gsize *out_len)
{
  z_stream zs;
  gsize cap, used = 0;
  guint8 *out;
  int ret;

  memset (&zs, 0, sizeof zs);
  if (inflateInit2 (&zs, -MAX_WBITS) != Z_OK)
    {
      fail (w, FALSE, "cannot inflate the deflated data set");
      return NULL;
    }

  cap = (gsize) MIN (MAX (in_len * 4, (guint64) 64 * 1024), (guint64) MAX_INFLATED);
  out = g_malloc (cap);

  for (;;)
    {
      /* z_stream counts in 32-bit units, so feed and drain at most 1 GiB at a time */
      if (zs.avail_in == 0 && in_len > 0)
        {
          zs.next_in = (Bytef *) in;
          zs.avail_in = (uInt) MIN (in_len, (guint64) 1 << 30);
          in += zs.avail_in;
          in_len -= zs.avail_in;
        }
      if (used == cap)
        {
          if (cap == MAX_INFLATED)
            {
              fail (w, FALSE, "deflated data set inflates to more than %u MiB",
                    (guint) (MAX_INFLATED >> 20));
              break;
            }
          cap = MIN (cap * 2, MAX_INFLATED);
          out = g_realloc (out, cap);
        }
      zs.next_out = out + used;
      zs.avail_out = (uInt) MIN (cap - used, (gsize) 1 << 30);

      ret = inflate (&zs, Z_NO_FLUSH);
      used = (gsize) (zs.next_out - out);
      if (ret == Z_STREAM_END)
        {
          inflateEnd (&zs);
          *out_len = used;
          return out;
        }
      if (ret == Z_BUF_ERROR && zs.avail_in == 0 && in_len == 0)
        {
          fail (w, FALSE, "deflated data set is cut short");
          break;
        }
      if (ret != Z_OK && ret != Z_BUF_ERROR)
        {
          fail (w, FALSE, "deflated data set is corrupt");
          break;
        }
    }

  inflateEnd (&zs);
  g_free (out);
  return NULL;
}

/* Walks `data`, of which `avail` bytes are present, for a file of `len` bytes. When the walk
 * needs bytes past `avail`, it sets *need_full and fails. */
static gboolean
prescan (const guint8 *data, gsize avail, gsize len, guint max_depth, VeilPrescanInfo *info,
         gboolean *need_full, GError **error)
{
  VeilPrescanInfo local_info;
  Walker w = { 0 };
  guint64 off = 0;
  gboolean explicit_vr = TRUE, big_endian = FALSE, ok;
  guint16 group;
  g_autofree guint8 *inflated = NULL;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (info == NULL)
    info = &local_info;
  memset (info, 0, sizeof *info);

  w.data = data;
  w.len = len;
  w.avail = avail;
  if (len >= 132 && avail < 132)
    {
      *need_full = TRUE;
      return FALSE;
    }
  /* 0 would forbid every sequence, which no caller wants: it means "the default" */
  w.max_depth = max_depth > 0 ? max_depth : VEIL_PRESCAN_DEFAULT_MAX_DEPTH;
  w.where = "file";

  if (len >= 132 && memcmp (data + 128, "DICM", 4) == 0)
    {
      info->has_preamble = TRUE;
      off = 132;
    }
  else
    {
      /* Without a preamble DCMTK still reads a bare data set; require it to start like one
       * (group 0002 meta or group 0008 identification) so that text, PDFs and the like are
       * refused here rather than misread as implicit VR */
      if (!guess_encoding (data, len, &explicit_vr, &big_endian))
        goto not_dicom;
      group = read16 (data, big_endian);
      if (!(group == 0x0008 || (group == 0x0002 && !big_endian)))
        goto not_dicom;
    }

  if (!walk_meta (&w, &off, info))
    goto failed;

  if (strcmp (info->transfer_syntax, TS_IMPLICIT_LE) == 0)
    explicit_vr = FALSE, big_endian = FALSE;
  else if (strcmp (info->transfer_syntax, TS_EXPLICIT_BE) == 0)
    explicit_vr = TRUE, big_endian = TRUE;
  else if (strcmp (info->transfer_syntax, TS_DEFLATED_LE) == 0
           || strcmp (info->transfer_syntax, TS_JPIP_DEFLATED) == 0)
    {
      gsize inflated_len = 0;

      if (avail < len)
        {
          *need_full = TRUE; /* inflating needs the whole stream */
          return FALSE;
        }
      inflated = inflate_dataset (&w, data + off, len - off, &inflated_len);
      if (inflated == NULL)
        goto failed;
      info->deflated = TRUE;
      w.data = inflated;
      w.len = inflated_len;
      w.where = "inflated data set";
      off = 0;
      explicit_vr = TRUE, big_endian = FALSE;
    }
  else if (info->transfer_syntax[0] == '\0')
    {
      /* No transfer syntax (or no meta at all): go by the first data element */
      if (!guess_encoding (data + off, len - off, &explicit_vr, &big_endian))
        explicit_vr = TRUE, big_endian = FALSE;
    }
  else
    explicit_vr = TRUE, big_endian = FALSE;

  info->explicit_vr = explicit_vr;
  info->big_endian = big_endian;

  ok = walk_dataset (&w, off, explicit_vr, big_endian);
  info->n_elements = w.n_elements;
  info->max_depth_seen = w.max_depth_seen;
  if (!info->deflated && w.pixel_end > w.pixel_start)
    {
      info->pixel_data_offset = w.pixel_start;
      info->pixel_data_length = w.pixel_end - w.pixel_start;
      info->pixel_element_offset = w.pixel_element;
      /* Nothing but zero padding after it: the element can be copied as the file's tail. */
      info->pixel_data_is_last = ok && (w.pixel_end == w.len || zero_run_end (&w, w.pixel_end) == w.len);
    }
  if (ok && !w.need_full)
    return TRUE;

failed:
  info->n_elements = w.n_elements;
  if (w.need_full)
    {
      *need_full = TRUE;
      return FALSE;
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, w.message);
  return FALSE;

not_dicom:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a DICOM file");
  return FALSE;
}

gboolean
veil_dicom_prescan_buffer (const guint8 *data, gsize len, guint max_depth,
                           VeilPrescanInfo *info, GError **error)
{
  gboolean need_full = FALSE;
  return prescan (data, len, len, max_depth, info, &need_full, error);
}

/* Most of a typical image file is its pixel data, which the walk skips by its length: reading
 * the first part is enough, and much cheaper than mapping the whole file (mapping costs a
 * good deal per file on some virtual machines, and a study has thousands). */
#define PREFIX_SIZE ((gsize) 32 * 1024)

gboolean
veil_dicom_prescan_file (const char *path, guint max_depth, VeilPrescanInfo *info,
                         GError **error)
{
  g_autoptr (GMappedFile) map = NULL;
  static const guint8 empty[1] = { 0 };
  const guint8 *data;
  gsize len;
  gboolean need_full = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);

  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  struct stat st;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
    {
      gsize want = (gsize) MIN ((guint64) st.st_size, (guint64) PREFIX_SIZE);
      g_autofree guint8 *prefix = g_malloc (MAX (want, 1));
      gsize got = 0;
      while (got < want)
        {
          ssize_t n = pread (fd, prefix + got, want - got, (off_t) got);
          if (n <= 0)
            break;
          got += (gsize) n;
        }
      if (got == want)
        {
          gboolean ok = prescan (prefix, got, (gsize) st.st_size, max_depth, info, &need_full, error);
          if (!need_full)
            {
              close (fd);
              return ok;
            }
        }
    }
  close (fd);

  /* The walk needed more than the start (trailing elements, encapsulated frames, deflate):
   * map the file — mapped, not read: a multi-frame file can be a gigabyte and the walk
   * touches only the element headers */
  map = g_mapped_file_new (path, FALSE, error);
  if (map == NULL)
    return FALSE;
  len = g_mapped_file_get_length (map);
  data = len > 0 ? (const guint8 *) g_mapped_file_get_contents (map) : empty;

  need_full = FALSE;
  return prescan (data, len, len, max_depth, info, &need_full, error);
}
