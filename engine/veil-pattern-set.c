/* veil-pattern-set.c: Aho–Corasick over bytes, streamed.
 *
 * Matching. The automaton runs on case-folded bytes whenever the set holds at least one
 * case-insensitive pattern (ASCII A-Z folded to a-z; bytes >= 0x80 are left alone), and on
 * the raw bytes otherwise. A hit is only a candidate: a case-sensitive pattern in a folding
 * set is then compared exactly, and a word-bounded one has the byte before it checked. Both
 * may need bytes from earlier chunks, so the scanner keeps the last max_pattern_len + 1 bytes
 * of the stream. The byte after a match may not have arrived yet: every match that ends on
 * the last byte of a chunk is held back until the next feed or finish, which also keeps the
 * report order (by end offset, then longest first, then insertion order) the same however the
 * stream is cut.
 *
 * Representation. Bytes are first mapped to classes: each (folded) byte that occurs in some
 * pattern is a class of its own and all other bytes share one, so a set of names has a few
 * dozen classes rather than 256. States are numbered breadth first, so the shallow states,
 * where a scan spends most of its time, come first; and the children of one state get
 * consecutive numbers, so a state's edges are just (first child, count) plus the class stored
 * on each child, sorted for a binary search. The first states, up to DENSE_BUDGET bytes' worth,
 * also get a full row (one entry per class, failure links folded in: a DFA row), so scanning
 * in them is one load per byte; deeper states follow their sparse edges and failure links
 * until they land in a dense state. Row entries hold the target's position premultiplied by
 * the row length, so the scan loop has no multiply in its dependency chain; a sparse target
 * is written as a position past the last row.
 *
 * A full DFA was not used because 100,000 patterns of 10 bytes make about a million states:
 * with ~50 classes that is some 200 MB of rows. This layout needs at most 16 MiB of rows plus
 * about 21 bytes per state (~40 MB in all for that case).
 */
#include "veil-pattern-set.h"

#include <string.h>

#define NO_STATE G_MAXUINT32
#define EMIT_FLAG 0x80000000u /* in a dense row: the target state has outputs */
#define POS_MASK 0x7fffffffu
#define DENSE_BUDGET (16u << 20) /* bytes of dense rows at most */
/* Total pattern bytes (hence states) allowed, leaving room below EMIT_FLAG for the rows. */
#define MAX_TOTAL_BYTES 0x70000000u

typedef struct
{
  guint32 offset; /* of the pattern's bytes in set->bytes */
  guint32 len;
  guint id;
  guint8 flags;
  gboolean verify_case;
} Pattern;

typedef struct
{
  guint32 first_child; /* children are first_child .. first_child + n_children - 1 */
  guint32 fail;
  guint32 out_head; /* the state itself if it has outputs, else the nearest state on its
                     * failure chain that has; NO_STATE if none */
  guint16 n_children;
} State;

struct _VeilPatternSet
{
  GArray *patterns; /* Pattern, in insertion order */
  GByteArray *bytes;
  gboolean compiled;
  gboolean folds;
  gsize max_len;
  guint8 fold[256];
  guint8 byte_class[256]; /* of the folded byte */
  guint32 stride;         /* number of classes: the length of a dense row */

  guint32 n_states;
  guint32 n_dense;
  guint32 dense_end;     /* n_dense * stride: positions from here on are sparse states */
  guint32 *dense;        /* n_dense rows: target position | EMIT_FLAG */
  State *states;
  guint8 *label;         /* class on the edge into each state */
  guint32 *out_start;    /* n_states + 1: outputs of s are out_patterns[out_start[s] ..] */
  guint32 *out_patterns; /* pattern indices */
};

typedef struct
{
  guint32 pattern;
  guint64 start;
} Pending;

struct _VeilPatternScanner
{
  const VeilPatternSet *set;
  VeilPatternMatchFunc func;
  gpointer user_data;

  guint32 pos; /* current state as a position (see above) */
  guint64 offset; /* stream offset of the next chunk's first byte */
  guint8 *tail;   /* the stream's last tail_len bytes before offset */
  gsize tail_len;
  gsize tail_size;
  GArray *pending; /* Pending: matches ending at offset - 1, awaiting the next byte */
  gboolean stopped;
  gboolean finished;
};

static inline gboolean
is_word_byte (guint8 b)
{
  return g_ascii_isalnum (b);
}

VeilPatternSet *
veil_pattern_set_new (void)
{
  VeilPatternSet *set = g_new0 (VeilPatternSet, 1);

  set->patterns = g_array_new (FALSE, FALSE, sizeof (Pattern));
  set->bytes = g_byte_array_new ();
  return set;
}

void
veil_pattern_set_free (VeilPatternSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->patterns);
  g_byte_array_unref (set->bytes);
  g_free (set->dense);
  g_free (set->states);
  g_free (set->label);
  g_free (set->out_start);
  g_free (set->out_patterns);
  g_free (set);
}

void
veil_pattern_set_add (VeilPatternSet *set, const guint8 *pattern, gsize len,
                      VeilPatternFlags flags, guint id)
{
  Pattern p;

  g_return_if_fail (set != NULL);
  g_return_if_fail (!set->compiled);
  g_return_if_fail (pattern != NULL && len > 0);
  /* Each pattern byte may become a state. */
  g_return_if_fail (len <= MAX_TOTAL_BYTES - set->bytes->len);

  p.offset = set->bytes->len;
  p.len = (guint32) len;
  p.id = id;
  p.flags = (guint8) flags;
  p.verify_case = FALSE;
  g_byte_array_append (set->bytes, pattern, (guint) len);
  g_array_append_val (set->patterns, p);
}

guint
veil_pattern_set_get_n_patterns (VeilPatternSet *set)
{
  g_return_val_if_fail (set != NULL, 0);
  return set->patterns->len;
}

static inline guint32
find_child (const VeilPatternSet *set, guint32 s, guint8 c)
{
  guint32 lo = set->states[s].first_child;
  guint32 hi = lo + set->states[s].n_children;

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (set->label[mid] < c)
        lo = mid + 1;
      else if (set->label[mid] > c)
        hi = mid;
      else
        return mid;
    }
  return NO_STATE;
}

static inline guint32
pos_of_state (const VeilPatternSet *set, guint32 s)
{
  return s < set->n_dense ? s * set->stride : set->dense_end + (s - set->n_dense);
}

static inline guint32
state_of_pos (const VeilPatternSet *set, guint32 pos)
{
  return pos < set->dense_end ? pos / set->stride : pos - set->dense_end + set->n_dense;
}

static inline guint32
flagged_pos (const VeilPatternSet *set, guint32 s)
{
  return pos_of_state (set, s) | (set->states[s].out_head != NO_STATE ? EMIT_FLAG : 0);
}

/* Transition from sparse state s on class c, as a flagged position. Failure links only lead
 * to shallower states, and the root is dense, so this ends at a child or in a dense row. */
static guint32
sparse_next (const VeilPatternSet *set, guint32 s, guint8 c)
{
  for (;;)
    {
      guint32 child = find_child (set, s, c);

      if (child != NO_STATE)
        return flagged_pos (set, child);
      s = set->states[s].fail;
      if (s < set->n_dense)
        return set->dense[s * set->stride + c];
    }
}

/* The temporary trie built from the patterns before it is renumbered breadth first. */
typedef struct
{
  guint32 first_child;
  guint32 next_sibling;
  guint32 term; /* first pattern ending here; the rest follow pattern_next */
  guint8 label;
} BuildNode;

static guint32
build_trie (VeilPatternSet *set, GArray *nodes, guint32 *pattern_next)
{
  guint32 root_child[256];
  const guint8 *bytes = set->bytes->data;

  memset (root_child, 0xff, sizeof root_child);
  g_array_set_size (nodes, 1);
  g_array_index (nodes, BuildNode, 0) = (BuildNode) { NO_STATE, NO_STATE, NO_STATE, 0 };

  /* In reverse, so that prepending to each node's list leaves it in insertion order. */
  for (guint32 pi = set->patterns->len; pi-- > 0;)
    {
      const Pattern *p = &g_array_index (set->patterns, Pattern, pi);
      guint32 node = 0;

      for (guint32 k = 0; k < p->len; k++)
        {
          guint8 c = set->byte_class[bytes[p->offset + k]];
          guint32 child;

          if (node == 0)
            child = root_child[c];
          else
            {
              child = g_array_index (nodes, BuildNode, node).first_child;
              while (child != NO_STATE && g_array_index (nodes, BuildNode, child).label != c)
                child = g_array_index (nodes, BuildNode, child).next_sibling;
            }

          if (child == NO_STATE)
            {
              BuildNode n = { NO_STATE, g_array_index (nodes, BuildNode, node).first_child,
                              NO_STATE, c };

              child = nodes->len;
              g_array_append_val (nodes, n);
              g_array_index (nodes, BuildNode, node).first_child = child;
              if (node == 0)
                root_child[c] = child;
            }
          node = child;
        }

      pattern_next[pi] = g_array_index (nodes, BuildNode, node).term;
      g_array_index (nodes, BuildNode, node).term = pi;
    }

  return nodes->len;
}

/* Breadth-first renumbering: fills the edges, labels and output lists. */
static void
renumber (VeilPatternSet *set, GArray *nodes, const guint32 *pattern_next)
{
  guint32 n = set->n_states;
  g_autofree guint32 *order = g_new (guint32, n); /* new number -> trie node */
  guint32 next = 1;
  guint32 n_out = 0;

  order[0] = 0;
  set->label[0] = 0;
  for (guint32 i = 0; i < n; i++)
    {
      const BuildNode *node = &g_array_index (nodes, BuildNode, order[i]);
      guint32 kids[256];
      guint n_kids = 0;

      for (guint32 c = node->first_child; c != NO_STATE;
           c = g_array_index (nodes, BuildNode, c).next_sibling)
        {
          guint8 l = g_array_index (nodes, BuildNode, c).label;
          guint j = n_kids++;

          /* Insertion sort by label: at most 256 children, usually a handful. */
          while (j > 0 && g_array_index (nodes, BuildNode, kids[j - 1]).label > l)
            {
              kids[j] = kids[j - 1];
              j--;
            }
          kids[j] = c;
        }

      set->states[i].first_child = next;
      set->states[i].n_children = (guint16) n_kids;
      for (guint k = 0; k < n_kids; k++)
        {
          order[next] = kids[k];
          set->label[next] = g_array_index (nodes, BuildNode, kids[k]).label;
          next++;
        }

      set->out_start[i] = n_out;
      for (guint32 pi = node->term; pi != NO_STATE; pi = pattern_next[pi])
        set->out_patterns[n_out++] = pi;
    }
  set->out_start[n] = n_out;
  g_assert (next == n);
}

/* Goto-with-failure on class c; used while building, when every state numbered below the
 * one being built already has its failure link and (if dense) its row. */
static guint32
build_step (const VeilPatternSet *set, guint32 s, guint8 c)
{
  for (;;)
    {
      guint32 child;

      if (s < set->n_dense)
        return state_of_pos (set, set->dense[s * set->stride + c] & POS_MASK);
      child = find_child (set, s, c);
      if (child != NO_STATE)
        return child;
      s = set->states[s].fail;
    }
}

static void
link_states (VeilPatternSet *set)
{
  State *states = set->states;

  states[0].fail = 0;
  states[0].out_head = NO_STATE; /* patterns are never empty */

  for (guint32 i = 0; i < set->n_states; i++)
    {
      guint32 first = states[i].first_child;
      guint32 last = first + states[i].n_children;

      for (guint32 j = first; j < last; j++)
        {
          states[j].fail = i == 0 ? 0 : build_step (set, states[i].fail, set->label[j]);
          states[j].out_head
            = set->out_start[j + 1] > set->out_start[j] ? j : states[states[j].fail].out_head;
        }

      if (i < set->n_dense)
        {
          guint32 *row = set->dense + i * set->stride;

          if (i == 0)
            memset (row, 0, set->stride * sizeof (guint32));
          else
            memcpy (row, set->dense + states[i].fail * set->stride,
                    set->stride * sizeof (guint32));
          for (guint32 j = first; j < last; j++)
            row[set->label[j]] = flagged_pos (set, j);
        }
    }
}

/* Every byte that (folded) occurs in a pattern gets a class; the rest share the last one. */
static void
assign_byte_classes (VeilPatternSet *set)
{
  gboolean used[256] = { FALSE };
  guint8 class_of[256];
  guint n_used = 0;

  for (guint i = 0; i < set->bytes->len; i++)
    used[set->fold[set->bytes->data[i]]] = TRUE;
  for (guint v = 0; v < 256; v++)
    if (used[v])
      class_of[v] = (guint8) n_used++;
  for (guint b = 0; b < 256; b++)
    set->byte_class[b] = used[set->fold[b]] ? class_of[set->fold[b]] : (guint8) n_used;
  set->stride = n_used < 256 ? n_used + 1 : 256;
}

void
veil_pattern_set_compile (VeilPatternSet *set)
{
  g_autoptr (GArray) nodes = NULL;
  g_autofree guint32 *pattern_next = NULL;
  guint n_patterns;

  g_return_if_fail (set != NULL);
  if (set->compiled)
    return;

  n_patterns = set->patterns->len;
  set->folds = FALSE;
  set->max_len = 0;
  for (guint i = 0; i < n_patterns; i++)
    {
      const Pattern *p = &g_array_index (set->patterns, Pattern, i);

      set->folds |= (p->flags & VEIL_PATTERN_CASE_INSENSITIVE) != 0;
      set->max_len = MAX (set->max_len, p->len);
    }
  for (guint i = 0; i < n_patterns; i++)
    {
      Pattern *p = &g_array_index (set->patterns, Pattern, i);

      p->verify_case = set->folds && !(p->flags & VEIL_PATTERN_CASE_INSENSITIVE);
    }
  for (guint b = 0; b < 256; b++)
    set->fold[b] = set->folds ? (guint8) g_ascii_tolower ((char) b) : (guint8) b;
  assign_byte_classes (set);

  nodes = g_array_sized_new (FALSE, FALSE, sizeof (BuildNode), set->bytes->len + 1);
  pattern_next = g_new (guint32, MAX (n_patterns, 1));
  set->n_states = build_trie (set, nodes, pattern_next);
  /* The root is always dense: sparse_next() relies on failure chains ending in a row. */
  set->n_dense
    = MIN (set->n_states, MAX (1, DENSE_BUDGET / (set->stride * (guint32) sizeof (guint32))));
  set->dense_end = set->n_dense * set->stride;

  set->dense = g_new (guint32, set->dense_end);
  set->states = g_new (State, set->n_states);
  set->label = g_new (guint8, set->n_states);
  set->out_start = g_new (guint32, (gsize) set->n_states + 1);
  set->out_patterns = g_new (guint32, MAX (n_patterns, 1));

  renumber (set, nodes, pattern_next);
  link_states (set);
  set->compiled = TRUE;
}

VeilPatternScanner *
veil_pattern_scanner_new (const VeilPatternSet *set, VeilPatternMatchFunc func,
                          gpointer user_data)
{
  VeilPatternScanner *scanner;

  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (set->compiled, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  scanner = g_new0 (VeilPatternScanner, 1);
  scanner->set = set;
  scanner->func = func;
  scanner->user_data = user_data;
  /* A match ends in the chunk being fed, so at most max_len - 1 of its bytes and the byte
   * before it (the word boundary) lie in earlier chunks; one spare keeps the buffer non-empty. */
  scanner->tail_size = set->max_len + 1;
  scanner->tail = g_malloc (scanner->tail_size);
  scanner->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  return scanner;
}

void
veil_pattern_scanner_free (VeilPatternScanner *scanner)
{
  if (scanner == NULL)
    return;
  g_array_unref (scanner->pending);
  g_free (scanner->tail);
  g_free (scanner);
}

/* Byte at stream offset o, which is either in the current chunk or in the kept tail. */
static inline guint8
byte_at (const VeilPatternScanner *scanner, const guint8 *data, guint64 o)
{
  if (o >= scanner->offset)
    return data[o - scanner->offset];
  return scanner->tail[scanner->tail_len - (gsize) (scanner->offset - o)];
}

/* The checks that need only bytes up to the end of the match. */
static gboolean
verify_candidate (const VeilPatternScanner *scanner, const guint8 *data, const Pattern *p,
                  guint64 start)
{
  if (p->verify_case)
    {
      const guint8 *want = scanner->set->bytes->data + p->offset;

      if (start >= scanner->offset)
        {
          if (memcmp (data + (start - scanner->offset), want, p->len) != 0)
            return FALSE;
        }
      else
        {
          for (guint32 k = 0; k < p->len; k++)
            if (byte_at (scanner, data, start + k) != want[k])
              return FALSE;
        }
    }

  if ((p->flags & VEIL_PATTERN_WORD_BOUNDED) && start > 0
      && is_word_byte (byte_at (scanner, data, start - 1)))
    return FALSE;

  return TRUE;
}

/* Reports (or, on a chunk's last byte, holds back) every match ending at data[i]. */
static gboolean
emit_matches (VeilPatternScanner *scanner, guint32 s, const guint8 *data, gsize len, gsize i)
{
  const VeilPatternSet *set = scanner->set;
  guint64 end = scanner->offset + i + 1;
  gboolean at_chunk_end = i + 1 == len;

  for (guint32 node = set->states[s].out_head; node != NO_STATE;
       node = set->states[set->states[node].fail].out_head)
    {
      for (guint32 k = set->out_start[node]; k < set->out_start[node + 1]; k++)
        {
          guint32 pi = set->out_patterns[k];
          const Pattern *p = &g_array_index (set->patterns, Pattern, pi);
          guint64 start = end - p->len;

          if (!verify_candidate (scanner, data, p, start))
            continue;

          /* Held back even when not word-bounded, so that matches ending at one offset are
           * reported in the same order whatever the chunking. */
          if (at_chunk_end)
            {
              Pending pending = { pi, start };

              g_array_append_val (scanner->pending, pending);
              continue;
            }

          if ((p->flags & VEIL_PATTERN_WORD_BOUNDED) && is_word_byte (data[i + 1]))
            continue;
          if (!scanner->func (p->id, start, p->len, scanner->user_data))
            return FALSE;
        }
    }
  return TRUE;
}

/* next_byte is the byte after the held-back matches, or -1 at the end of the stream. */
static gboolean
resolve_pending (VeilPatternScanner *scanner, int next_byte)
{
  gboolean next_is_word = next_byte >= 0 && is_word_byte ((guint8) next_byte);
  gboolean go_on = TRUE;

  for (guint i = 0; i < scanner->pending->len && go_on; i++)
    {
      const Pending *pending = &g_array_index (scanner->pending, Pending, i);
      const Pattern *p = &g_array_index (scanner->set->patterns, Pattern, pending->pattern);

      if ((p->flags & VEIL_PATTERN_WORD_BOUNDED) && next_is_word)
        continue;
      go_on = scanner->func (p->id, pending->start, p->len, scanner->user_data);
    }
  g_array_set_size (scanner->pending, 0);
  if (!go_on)
    scanner->stopped = TRUE;
  return go_on;
}

static void
keep_tail (VeilPatternScanner *scanner, const guint8 *data, gsize len)
{
  gsize size = scanner->tail_size;

  if (len >= size)
    {
      memcpy (scanner->tail, data + len - size, size);
      scanner->tail_len = size;
    }
  else
    {
      gsize old = MIN (scanner->tail_len, size - len);

      memmove (scanner->tail, scanner->tail + scanner->tail_len - old, old);
      memcpy (scanner->tail + old, data, len);
      scanner->tail_len = old + len;
    }
}

gboolean
veil_pattern_scanner_feed (VeilPatternScanner *scanner, const guint8 *data, gsize len)
{
  const VeilPatternSet *set;
  const guint32 *dense;
  const guint8 *byte_class;
  guint32 dense_end;
  guint32 pos;

  g_return_val_if_fail (scanner != NULL, FALSE);
  g_return_val_if_fail (!scanner->finished, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (scanner->stopped)
    return FALSE;
  if (len == 0)
    return TRUE;
  if (scanner->pending->len > 0 && !resolve_pending (scanner, data[0]))
    return FALSE;

  set = scanner->set;
  dense = set->dense;
  byte_class = set->byte_class;
  dense_end = set->dense_end;
  pos = scanner->pos;

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = byte_class[data[i]];
      guint32 t;

      if (G_LIKELY (pos < dense_end))
        t = dense[pos + c];
      else
        t = sparse_next (set, pos - dense_end + set->n_dense, c);
      pos = t & POS_MASK;

      if (G_UNLIKELY (t & EMIT_FLAG)
          && !emit_matches (scanner, state_of_pos (set, pos), data, len, i))
        {
          scanner->stopped = TRUE;
          g_array_set_size (scanner->pending, 0);
          return FALSE;
        }
    }

  scanner->pos = pos;
  keep_tail (scanner, data, len);
  scanner->offset += len;
  return TRUE;
}

void
veil_pattern_scanner_finish (VeilPatternScanner *scanner)
{
  g_return_if_fail (scanner != NULL);

  if (scanner->finished)
    return;
  scanner->finished = TRUE;
  if (!scanner->stopped && scanner->pending->len > 0)
    resolve_pending (scanner, -1);
}
