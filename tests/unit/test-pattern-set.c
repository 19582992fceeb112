/* test-pattern-set.c: the streamed Aho–Corasick matcher, checked against a naive search. */
#include "veil-pattern-set.h"

#include <string.h>

typedef struct
{
  guint id;
  guint64 offset;
  gsize length;
} Match;

typedef struct
{
  GArray *matches; /* Match */
  guint stop_after; /* 0: never stop */
} Collector;

static gboolean
collect (guint id, guint64 offset, gsize length, gpointer user_data)
{
  Collector *collector = user_data;
  Match m = { id, offset, length };

  g_array_append_val (collector->matches, m);
  return collector->stop_after == 0 || collector->matches->len < collector->stop_after;
}

static void
add_str (VeilPatternSet *set, const char *pattern, VeilPatternFlags flags, guint id)
{
  veil_pattern_set_add (set, (const guint8 *) pattern, strlen (pattern), flags, id);
}

/* Feeds data in chunks of the given sizes (cycled), then finishes. */
static GArray *
scan_chunked (const VeilPatternSet *set, const guint8 *data, gsize len, const gsize *chunks,
              guint n_chunks)
{
  Collector collector = { g_array_new (FALSE, FALSE, sizeof (Match)), 0 };
  VeilPatternScanner *scanner = veil_pattern_scanner_new (set, collect, &collector);
  gsize pos = 0;

  for (guint i = 0; pos < len; i++)
    {
      gsize n = MIN (chunks[i % n_chunks], len - pos);
      /* A copy of its own, so that no byte of an earlier chunk is reachable from this one. */
      g_autofree guint8 *chunk = g_memdup2 (data + pos, n);

      g_assert_true (veil_pattern_scanner_feed (scanner, chunk, n));
      pos += n;
    }
  veil_pattern_scanner_finish (scanner);
  veil_pattern_scanner_free (scanner);
  return collector.matches;
}

static GArray *
scan_whole (const VeilPatternSet *set, const guint8 *data, gsize len)
{
  gsize whole = MAX (len, 1);

  return scan_chunked (set, data, len, &whole, 1);
}

static GArray *
scan_str (const VeilPatternSet *set, const char *text)
{
  return scan_whole (set, (const guint8 *) text, strlen (text));
}

static void
assert_matches (GArray *got, const Match *expected, guint n_expected)
{
  for (guint i = 0; i < MAX (got->len, n_expected); i++)
    {
      const Match *g = i < got->len ? &g_array_index (got, Match, i) : NULL;
      const Match *e = i < n_expected ? &expected[i] : NULL;

      if (g == NULL || e == NULL || g->id != e->id || g->offset != e->offset
          || g->length != e->length)
        g_error ("match %u: got (%d, %d, %d), expected (%d, %d, %d)", i, g ? (int) g->id : -1,
                 g ? (int) g->offset : -1, g ? (int) g->length : -1, e ? (int) e->id : -1,
                 e ? (int) e->offset : -1, e ? (int) e->length : -1);
    }
}

static void
assert_same_matches (GArray *a, GArray *b)
{
  assert_matches (a, (const Match *) (gpointer) b->data, b->len);
}

static void
test_basic (void)
{
  VeilPatternSet *set = veil_pattern_set_new ();
  GArray *got;
  const Match expected[] = { { 1, 0, 5 }, { 2, 6, 5 }, { 1, 12, 5 } };

  add_str (set, "hello", 0, 1);
  add_str (set, "world", 0, 2);
  veil_pattern_set_compile (set);
  g_assert_cmpuint (veil_pattern_set_get_n_patterns (set), ==, 2);

  got = scan_str (set, "hello world hello");
  assert_matches (got, expected, G_N_ELEMENTS (expected));
  g_array_unref (got);

  got = scan_str (set, "HELLO hell orld");
  g_assert_cmpuint (got->len, ==, 0);
  g_array_unref (got);

  got = scan_str (set, "");
  g_assert_cmpuint (got->len, ==, 0);
  g_array_unref (got);

  veil_pattern_set_free (set);
}

static void
test_empty_set (void)
{
  VeilPatternSet *set = veil_pattern_set_new ();
  GArray *got;

  veil_pattern_set_compile (set);
  g_assert_cmpuint (veil_pattern_set_get_n_patterns (set), ==, 0);
  got = scan_str (set, "anything at all");
  g_assert_cmpuint (got->len, ==, 0);
  g_array_unref (got);
  veil_pattern_set_free (set);
}

static void
test_overlapping (void)
{
  VeilPatternSet *set = veil_pattern_set_new ();
  GArray *got;
  /* By end offset; at one end offset the longer match first. */
  const Match expected[] = { { 2, 1, 3 }, { 1, 2, 2 }, { 4, 2, 4 } };
  const Match expected_aaa[] = { { 10, 0, 1 }, { 11, 0, 2 }, { 10, 1, 1 },
                                 { 11, 1, 2 }, { 10, 2, 1 } };

  add_str (set, "he", 0, 1);
  add_str (set, "she", 0, 2);
  add_str (set, "his", 0, 3);
  add_str (set, "hers", 0, 4);
  add_str (set, "a", 0, 10);
  add_str (set, "aa", 0, 11);
  veil_pattern_set_compile (set);

  got = scan_str (set, "ushers");
  assert_matches (got, expected, G_N_ELEMENTS (expected));
  g_array_unref (got);

  got = scan_str (set, "aaa");
  assert_matches (got, expected_aaa, G_N_ELEMENTS (expected_aaa));
  g_array_unref (got);

  veil_pattern_set_free (set);
}

static void
test_duplicates (void)
{
  VeilPatternSet *set = veil_pattern_set_new ();
  GArray *got;
  const Match expected[] = { { 7, 2, 3 }, { 3, 2, 3 }, { 9, 2, 3 } };

  add_str (set, "abc", 0, 7);
  add_str (set, "abc", 0, 3);
  add_str (set, "ABC", VEIL_PATTERN_CASE_INSENSITIVE, 9);
  add_str (set, "ABC", 0, 5);
  veil_pattern_set_compile (set);

  /* Insertion order among patterns with the same text. */
  got = scan_str (set, "xxabcxx");
  assert_matches (got, expected, G_N_ELEMENTS (expected));
  g_array_unref (got);
  veil_pattern_set_free (set);
}

static void
test_case_insensitive (void)
{
  VeilPatternSet *set = veil_pattern_set_new ();
  GArray *got;
  const Match expected[] = { { 1, 0, 4 }, { 1, 5, 4 }, { 1, 10, 4 }, { 2, 21, 5 }, { 3, 27, 3 } };

  add_str (set, "mary", VEIL_PATTERN_CASE_INSENSITIVE, 1);
  add_str (set, "Smith", 0, 2); /* exact case, in a set that folds */
  add_str (set, "[7]", 0, 3);
  veil_pattern_set_compile (set);

  got = scan_str (set, "MARY Mary mArY SMITH Smith [7] smith");
  assert_matches (got, expected, G_N_ELEMENTS (expected));
  g_array_unref (got);
  veil_pattern_set_free (set);
}

static void
test_word_bounded (void)
{
  VeilPatternSet *set = veil_pattern_set_new ();
  GArray *got;
  const Match expected[] = { { 1, 0, 4 }, { 1, 5, 4 }, { 1, 33, 4 } };
  /* Bytes >= 0x80 and '_' are not ASCII letters or digits, so "éMARYé" and "_MARY_" count
   * as bounded. */
  const Match expected_punct[] = { { 1, 1, 4 }, { 1, 7, 4 }, { 1, 14, 4 }, { 1, 34, 4 },
                                   { 1, 41, 4 } };
  const Match expected_mixed[] = { { 1, 2, 4 }, { 2, 3, 3 }, { 2, 11, 3 } };

  add_str (set, "MARY", VEIL_PATTERN_WORD_BOUNDED, 1);
  veil_pattern_set_compile (set);

  /* The start and the end of the stream are boundaries. */
  got = scan_str (set, "MARY MARY, SUMMARY MARY1 MARYS x MARY");
  assert_matches (got, expected, G_N_ELEMENTS (expected));
  g_array_unref (got);

  got = scan_str (set, "(MARY)\tMARY.x_MARY_ 9MARY MARY9 éMARYé MARY");
  assert_matches (got, expected_punct, G_N_ELEMENTS (expected_punct));
  g_array_unref (got);

  got = scan_str (set, "SUMMARY");
  g_assert_cmpuint (got->len, ==, 0);
  g_array_unref (got);
  veil_pattern_set_free (set);

  /* Mixed flags in one set, with the boundary bytes landing in other chunks. */
  set = veil_pattern_set_new ();
  add_str (set, "MARY", VEIL_PATTERN_WORD_BOUNDED, 1);
  add_str (set, "ary", VEIL_PATTERN_CASE_INSENSITIVE, 2);
  veil_pattern_set_compile (set);
  for (gsize chunk = 1; chunk <= 16; chunk++)
    {
      const char *text = "x MARY SUMMARY";

      got = scan_chunked (set, (const guint8 *) text, strlen (text), &chunk, 1);
      assert_matches (got, expected_mixed, G_N_ELEMENTS (expected_mixed));
      g_array_unref (got);
    }
  veil_pattern_set_free (set);
}

static void
test_utf8 (void)
{
  VeilPatternSet *set = veil_pattern_set_new ();
  GArray *got;
  /* "Siân" is S i 0xC3 0xA2 n. */
  const char *text = "Siân SIÂN siân Siâna Siân's";
  const Match expected[] = {
    { 1, 0, 5 },  { 2, 0, 5 },  { 3, 0, 5 },  { 4, 6, 5 },  { 2, 12, 5 }, { 3, 12, 5 },
    { 1, 18, 5 }, { 2, 18, 5 }, { 1, 25, 5 }, { 2, 25, 5 }, { 3, 25, 5 },
  };

  add_str (set, "Siân", 0, 1);
  add_str (set, "SIâN", VEIL_PATTERN_CASE_INSENSITIVE, 2);
  add_str (set, "siÂn", VEIL_PATTERN_CASE_INSENSITIVE, 4); /* Â is not folded to â */
  add_str (set, "SIâN", VEIL_PATTERN_CASE_INSENSITIVE | VEIL_PATTERN_WORD_BOUNDED, 3);
  veil_pattern_set_compile (set);

  got = scan_str (set, text);
  assert_matches (got, expected, G_N_ELEMENTS (expected));
  g_array_unref (got);

  /* Every split, including inside the two-byte character. */
  for (gsize chunk = 1; chunk <= strlen (text); chunk++)
    {
      got = scan_chunked (set, (const guint8 *) text, strlen (text), &chunk, 1);
      assert_matches (got, expected, G_N_ELEMENTS (expected));
      g_array_unref (got);
    }
  veil_pattern_set_free (set);
}

static void
test_binary_bytes (void)
{
  VeilPatternSet *set = veil_pattern_set_new ();
  const guint8 pattern[] = { 0x00, 0xff, 0x00 };
  const guint8 data[] = { 0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0x41 };
  const Match expected[] = { { 1, 1, 3 }, { 1, 3, 3 } };
  GArray *got;

  veil_pattern_set_add (set, pattern, sizeof pattern, VEIL_PATTERN_CASE_INSENSITIVE, 1);
  veil_pattern_set_compile (set);
  got = scan_whole (set, data, sizeof data);
  assert_matches (got, expected, G_N_ELEMENTS (expected));
  g_array_unref (got);
  veil_pattern_set_free (set);
}

static void
test_stop (void)
{
  VeilPatternSet *set = veil_pattern_set_new ();
  Collector collector = { g_array_new (FALSE, FALSE, sizeof (Match)), 2 };
  VeilPatternScanner *scanner;
  const char *text = "ab ab ab ab";

  add_str (set, "ab", 0, 1);
  veil_pattern_set_compile (set);

  scanner = veil_pattern_scanner_new (set, collect, &collector);
  g_assert_false (veil_pattern_scanner_feed (scanner, (const guint8 *) text, strlen (text)));
  g_assert_cmpuint (collector.matches->len, ==, 2);
  /* A stopped scanner stays stopped. */
  g_assert_false (veil_pattern_scanner_feed (scanner, (const guint8 *) text, strlen (text)));
  veil_pattern_scanner_finish (scanner);
  g_assert_cmpuint (collector.matches->len, ==, 2);
  veil_pattern_scanner_free (scanner);

  /* Stopped while resolving a match held back at a chunk end. */
  g_array_set_size (collector.matches, 0);
  collector.stop_after = 1;
  scanner = veil_pattern_scanner_new (set, collect, &collector);
  g_assert_true (veil_pattern_scanner_feed (scanner, (const guint8 *) "xab", 3));
  g_assert_cmpuint (collector.matches->len, ==, 0);
  g_assert_false (veil_pattern_scanner_feed (scanner, (const guint8 *) " ab", 3));
  g_assert_cmpuint (collector.matches->len, ==, 1);
  veil_pattern_scanner_finish (scanner);
  g_assert_cmpuint (collector.matches->len, ==, 1);
  veil_pattern_scanner_free (scanner);

  /* A match held back at the end is delivered by finish. */
  g_array_set_size (collector.matches, 0);
  collector.stop_after = 0;
  scanner = veil_pattern_scanner_new (set, collect, &collector);
  g_assert_true (veil_pattern_scanner_feed (scanner, (const guint8 *) "xab", 3));
  g_assert_true (veil_pattern_scanner_feed (scanner, NULL, 0));
  g_assert_cmpuint (collector.matches->len, ==, 0);
  veil_pattern_scanner_finish (scanner);
  g_assert_cmpuint (collector.matches->len, ==, 1);
  veil_pattern_scanner_free (scanner);

  g_array_unref (collector.matches);
  veil_pattern_set_free (set);
}

/* The naive reference: at every end offset, every pattern, longest first and then in
 * insertion order (the order the scanner promises). */
typedef struct
{
  guint8 *bytes;
  gsize len;
  VeilPatternFlags flags;
} RefPattern;

static gboolean
ref_is_word (guint8 b)
{
  return g_ascii_isalnum (b);
}

static GArray *
naive_search (const RefPattern *patterns, guint n_patterns, const guint8 *data, gsize len)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (Match));
  g_autofree guint *by_length = g_new (guint, n_patterns);
  gsize max_len = 0;
  guint n = 0;

  /* Stable order: length descending, then insertion. */
  for (gsize l = 0; l <= 64; l++)
    for (guint i = 0; i < n_patterns; i++)
      if (patterns[i].len == 64 - l)
        by_length[n++] = i;
  g_assert_cmpuint (n, ==, n_patterns);
  for (guint i = 0; i < n_patterns; i++)
    max_len = MAX (max_len, patterns[i].len);

  for (gsize end = 1; end <= len; end++)
    {
      for (guint k = 0; k < n_patterns; k++)
        {
          const RefPattern *p = &patterns[by_length[k]];
          gsize start;
          gboolean ok;

          if (p->len > end)
            continue;
          start = end - p->len;
          if (p->flags & VEIL_PATTERN_CASE_INSENSITIVE)
            ok = g_ascii_strncasecmp ((const char *) data + start, (const char *) p->bytes,
                                      p->len)
                 == 0;
          else
            ok = memcmp (data + start, p->bytes, p->len) == 0;
          if (ok && (p->flags & VEIL_PATTERN_WORD_BOUNDED))
            ok = (start == 0 || !ref_is_word (data[start - 1]))
                 && (end == len || !ref_is_word (data[end]));
          if (ok)
            {
              Match m = { by_length[k], start, p->len };

              g_array_append_val (matches, m);
            }
        }
    }
  return matches;
}

/* g_ascii_strncasecmp stops at NUL; the alphabets below contain no NUL. */
static const char small_alphabet[] = "aAbB1 ,.\xc3\xa2";
static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ '";

static void
random_fill (GRand *rand, guint8 *buf, gsize len, const char *alphabet)
{
  gsize n = strlen (alphabet);

  for (gsize i = 0; i < len; i++)
    buf[i] = (guint8) alphabet[g_rand_int_range (rand, 0, (gint32) n)];
}

static void
check_random_set (GRand *rand, guint n_patterns, gsize min_len, gsize max_len,
                  const char *alphabet, gsize data_len, gboolean naive)
{
  VeilPatternSet *set = veil_pattern_set_new ();
  RefPattern *patterns = g_new0 (RefPattern, n_patterns);
  guint8 *data = g_malloc (data_len);
  GArray *whole, *expected;
  const gsize chunk_sets[][4] = {
    { 1, 1, 1, 1 }, { 1, 2, 3, 5 }, { 7, 1, 13, 2 }, { 64, 65, 1, 300 }, { 65536, 1, 65535, 3 },
  };

  for (guint i = 0; i < n_patterns; i++)
    {
      RefPattern *p = &patterns[i];

      p->len = (gsize) g_rand_int_range (rand, (gint32) min_len, (gint32) max_len + 1);
      p->bytes = g_malloc (p->len);
      random_fill (rand, p->bytes, p->len, alphabet);
      p->flags = (VeilPatternFlags) g_rand_int_range (rand, 0, 4);
      veil_pattern_set_add (set, p->bytes, p->len, p->flags, i);
    }
  veil_pattern_set_compile (set);

  random_fill (rand, data, data_len, alphabet);
  /* Plant patterns, some with their case changed and some next to word bytes. */
  for (guint k = 0; k < data_len / 50; k++)
    {
      const RefPattern *p = &patterns[g_rand_int_range (rand, 0, (gint32) n_patterns)];
      gsize at = (gsize) g_rand_int_range (rand, 0, (gint32) (data_len - p->len + 1));

      memcpy (data + at, p->bytes, p->len);
      if (g_rand_boolean (rand))
        {
          for (gsize j = 0; j < p->len; j++)
            data[at + j] = (guint8) g_ascii_toupper ((char) data[at + j]);
        }
    }

  whole = scan_whole (set, data, data_len);
  if (naive)
    {
      expected = naive_search (patterns, n_patterns, data, data_len);
      /* ids are the insertion indices, so this compares the order too. */
      assert_same_matches (whole, expected);
      g_array_unref (expected);
    }

  for (guint c = 0; c < G_N_ELEMENTS (chunk_sets); c++)
    {
      GArray *chunked = scan_chunked (set, data, data_len, chunk_sets[c], 4);

      assert_same_matches (chunked, whole);
      g_array_unref (chunked);
    }

  /* Random chunk sizes. */
  for (guint round = 0; round < 4; round++)
    {
      gsize chunks[64];
      GArray *chunked;

      for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
        chunks[i] = (gsize) g_rand_int_range (rand, 1, round == 0 ? 3 : 1 << (round * 4));
      chunked = scan_chunked (set, data, data_len, chunks, G_N_ELEMENTS (chunks));
      assert_same_matches (chunked, whole);
      g_array_unref (chunked);
    }

  g_array_unref (whole);
  for (guint i = 0; i < n_patterns; i++)
    g_free (patterns[i].bytes);
  g_free (patterns);
  g_free (data);
  veil_pattern_set_free (set);
}

static void
test_random_small_alphabet (void)
{
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  /* A tiny alphabet: dense overlapping matches, boundaries and case everywhere. */
  for (guint round = 0; round < 20; round++)
    check_random_set (rand, (guint) g_rand_int_range (rand, 1, 40), 1, 8, small_alphabet,
                      (gsize) g_rand_int_range (rand, 100, 20000), TRUE);
  g_rand_free (rand);
}

static void
test_random_large_set (void)
{
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  /* Enough states that most are past the dense rows, so the sparse edges are exercised. */
  check_random_set (rand, 4000, 5, 12, letters, 20000, TRUE);
  check_random_set (rand, 4000, 5, 12, letters, 200000, g_test_slow ());
  check_random_set (rand, 300, 5, 12, letters, 30000, TRUE);
  g_rand_free (rand);
}

static void
test_64k_chunks (void)
{
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  VeilPatternSet *set = veil_pattern_set_new ();
  gsize len = 1 << 20;
  guint8 *data = g_malloc (len);
  const char *names[] = { "MARY", "Smith", "siân", "19600214", "14/02/1960", "NHS" };
  gsize chunk = 65536;
  GArray *whole, *chunked;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    add_str (set, names[i], (VeilPatternFlags) (i % 4), i);
  veil_pattern_set_compile (set);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  /* Plant matches straddling every 64 KiB boundary. */
  for (gsize b = chunk; b < len; b += chunk)
    {
      const char *name = names[(b / chunk) % G_N_ELEMENTS (names)];
      gsize n = strlen (name);

      data[b - n / 2 - 1] = ' ';
      memcpy (data + b - n / 2, name, n);
      data[b - n / 2 + n] = ' ';
    }

  whole = scan_whole (set, data, len);
  chunked = scan_chunked (set, data, len, &chunk, 1);
  g_assert_cmpuint (whole->len, >=, len / chunk - 1);
  assert_same_matches (chunked, whole);

  g_array_unref (whole);
  g_array_unref (chunked);
  g_free (data);
  veil_pattern_set_free (set);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pattern-set/basic", test_basic);
  g_test_add_func ("/pattern-set/empty-set", test_empty_set);
  g_test_add_func ("/pattern-set/overlapping", test_overlapping);
  g_test_add_func ("/pattern-set/duplicates", test_duplicates);
  g_test_add_func ("/pattern-set/case-insensitive", test_case_insensitive);
  g_test_add_func ("/pattern-set/word-bounded", test_word_bounded);
  g_test_add_func ("/pattern-set/utf8", test_utf8);
  g_test_add_func ("/pattern-set/binary-bytes", test_binary_bytes);
  g_test_add_func ("/pattern-set/stop", test_stop);
  g_test_add_func ("/pattern-set/random-small-alphabet", test_random_small_alphabet);
  g_test_add_func ("/pattern-set/random-large-set", test_random_large_set);
  g_test_add_func ("/pattern-set/64k-chunks", test_64k_chunks);

  return g_test_run ();
}
