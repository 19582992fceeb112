/* veil-pattern-set.h: many byte patterns searched at once (Aho–Corasick), streamed in
 * chunks so the residual scan reads files of any size in bounded memory. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  VEIL_PATTERN_CASE_INSENSITIVE = 1 << 0, /* ASCII letters only */
  VEIL_PATTERN_WORD_BOUNDED = 1 << 1,     /* byte before and after is not an ASCII letter or digit
                                           * (start/end of stream count as boundaries) */
} VeilPatternFlags;

typedef struct _VeilPatternSet VeilPatternSet;
typedef struct _VeilPatternScanner VeilPatternScanner;

VeilPatternSet *veil_pattern_set_new (void);
void veil_pattern_set_free (VeilPatternSet *set);
/* Adds a pattern (len > 0). `id` is returned to the match callback. Duplicates are allowed. */
void veil_pattern_set_add (VeilPatternSet *set, const guint8 *pattern, gsize len,
                           VeilPatternFlags flags, guint id);
/* After the last add, before scanning. Scanning a set is thread-safe once compiled. */
void veil_pattern_set_compile (VeilPatternSet *set);
guint veil_pattern_set_get_n_patterns (VeilPatternSet *set);

/* Called for each match; `offset` is the stream offset of the first byte of the match.
 * Return FALSE to stop scanning. */
typedef gboolean (*VeilPatternMatchFunc) (guint id, guint64 offset, gsize length, gpointer user_data);

VeilPatternScanner *veil_pattern_scanner_new (const VeilPatternSet *set,
                                              VeilPatternMatchFunc func, gpointer user_data);
/* Feed the next chunk of the stream; matches that span chunks are found. Returns FALSE if
 * the callback stopped the scan. */
gboolean veil_pattern_scanner_feed (VeilPatternScanner *scanner, const guint8 *data, gsize len);
/* End of stream (resolves the trailing word boundary). */
void veil_pattern_scanner_finish (VeilPatternScanner *scanner);
void veil_pattern_scanner_free (VeilPatternScanner *scanner);

G_END_DECLS
