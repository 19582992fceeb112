/* veil-text-scrubber.c: known-value replacement in free text (see veil-text-scrubber.h). */

#include "veil-text-scrubber.h"

#include "veil-datetime.h"
#include "veil-pattern-set.h"

#include <string.h>

struct _VeilTextScrubber
{
  VeilPatternSet *patterns;
  GPtrArray *replacements; /* indexed by pattern id */
  GHashTable *seen;        /* folded original → TRUE */
  gboolean compiled;
};

VeilTextScrubber *
veil_text_scrubber_new (void)
{
  VeilTextScrubber *self = g_new0 (VeilTextScrubber, 1);
  self->patterns = veil_pattern_set_new ();
  self->replacements = g_ptr_array_new_with_free_func (g_free);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
veil_text_scrubber_free (VeilTextScrubber *self)
{
  if (self == NULL)
    return;
  veil_pattern_set_free (self->patterns);
  g_ptr_array_unref (self->replacements);
  g_hash_table_unref (self->seen);
  g_free (self);
}

void
veil_text_scrubber_add (VeilTextScrubber *self, const char *original, const char *replacement)
{
  g_return_if_fail (!self->compiled);

  g_autofree char *trimmed = g_strstrip (g_strdup (original));
  if (strlen (trimmed) < 2)
    return;
  char *folded = g_ascii_strdown (trimmed, -1);
  if (g_hash_table_contains (self->seen, folded))
    {
      g_free (folded);
      return;
    }
  g_hash_table_add (self->seen, folded);

  veil_pattern_set_add (self->patterns, (const guint8 *) trimmed, strlen (trimmed),
                        VEIL_PATTERN_CASE_INSENSITIVE | VEIL_PATTERN_WORD_BOUNDED,
                        self->replacements->len);
  g_ptr_array_add (self->replacements, g_strdup (replacement));
}

static char *
compact_id (const char *id)
{
  GString *out = g_string_new (NULL);
  for (const char *p = id; *p; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static gboolean
is_ten_digits (const char *s)
{
  if (strlen (s) != 10)
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

void
veil_text_scrubber_add_identifier (VeilTextScrubber *self, const char *original,
                                   const char *replacement)
{
  g_autofree char *compact = compact_id (original);
  g_autofree char *new_compact = compact_id (replacement);

  veil_text_scrubber_add (self, original, replacement);
  veil_text_scrubber_add (self, compact, new_compact);
  if (is_ten_digits (compact))
    {
      gboolean digits_out = is_ten_digits (new_compact);
      for (int form = 0; form < 2; form++)
        {
          char sep = form == 0 ? ' ' : '-';
          g_autofree char *written = g_strdup_printf ("%.3s%c%.3s%c%.4s", compact, sep,
                                                      compact + 3, sep, compact + 6);
          g_autofree char *new_written
              = digits_out ? g_strdup_printf ("%.3s%c%.3s%c%.4s", new_compact, sep,
                                              new_compact + 3, sep, new_compact + 6)
                           : g_strdup (replacement);
          veil_text_scrubber_add (self, written, new_written);
        }
    }
}

static void
add_name_part (VeilTextScrubber *self, const char *part, const char *replacement)
{
  veil_text_scrubber_add (self, part, replacement);

  /* O'Brien-Testcase: also "O'Brien", "Testcase", "OBrien-Testcase", "O Brien". */
  if (strpbrk (part, "-' ") != NULL)
    {
      g_auto (GStrv) pieces = g_strsplit_set (part, "-' ", -1);
      for (guint i = 0; pieces[i] != NULL; i++)
        if (strlen (pieces[i]) >= 3)
          veil_text_scrubber_add (self, pieces[i], replacement);

      g_autofree char *no_apostrophe = g_strdup (part);
      char *w = no_apostrophe;
      for (const char *r = part; *r; r++)
        if (*r != '\'')
          *w++ = *r;
      *w = '\0';
      veil_text_scrubber_add (self, no_apostrophe, replacement);

      g_autofree char *spaced = g_strdelimit (g_strdup (part), "-'", ' ');
      veil_text_scrubber_add (self, spaced, replacement);
    }
}

void
veil_text_scrubber_add_person_name (VeilTextScrubber *self, const char *pn,
                                    const char *family_replacement, const char *given_replacement)
{
  g_auto (GStrv) groups = g_strsplit (pn, "=", -1);

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto (GStrv) parts = g_strsplit (groups[g], "^", 5);
      const char *family = parts[0] ? g_strstrip (parts[0]) : "";
      const char *given = (parts[0] && parts[1]) ? g_strstrip (parts[1]) : "";
      const char *middle = (parts[0] && parts[1] && parts[2]) ? g_strstrip (parts[2]) : "";
      g_autofree char *whole_replacement
          = g_strdup_printf ("%s %s", given_replacement, family_replacement);

      if (*family && *given)
        {
          g_autofree char *a = g_strdup_printf ("%s %s", given, family);
          g_autofree char *b = g_strdup_printf ("%s, %s", family, given);
          g_autofree char *c = g_strdup_printf ("%s %s", family, given);
          veil_text_scrubber_add (self, a, whole_replacement);
          veil_text_scrubber_add (self, b, whole_replacement);
          veil_text_scrubber_add (self, c, whole_replacement);
          if (*middle)
            {
              g_autofree char *d = g_strdup_printf ("%s %s %s", given, middle, family);
              veil_text_scrubber_add (self, d, whole_replacement);
            }
        }
      if (*family)
        add_name_part (self, family, family_replacement);
      if (*given)
        {
          /* "John Paul" given names: each word on its own as well. */
          g_auto (GStrv) words = g_strsplit (given, " ", -1);
          for (guint i = 0; words[i] != NULL; i++)
            add_name_part (self, words[i], given_replacement);
          add_name_part (self, given, given_replacement);
        }
      if (*middle)
        add_name_part (self, middle, given_replacement);
    }
}

void
veil_text_scrubber_add_date (VeilTextScrubber *self, const char *da, const char *replacement)
{
  g_auto (GStrv) forms = veil_da_written_forms (da);
  if (forms == NULL)
    return;
  for (guint i = 0; forms[i] != NULL; i++)
    veil_text_scrubber_add (self, forms[i], replacement);
}

void
veil_text_scrubber_compile (VeilTextScrubber *self)
{
  if (!self->compiled)
    veil_pattern_set_compile (self->patterns);
  self->compiled = TRUE;
}

guint
veil_text_scrubber_get_n_values (VeilTextScrubber *self)
{
  return self->replacements->len;
}

typedef struct {
  guint id;
  gsize start;
  gsize length;
} Match;

static gboolean
collect_match (guint id, guint64 offset, gsize length, gpointer user_data)
{
  GArray *matches = user_data;
  Match m = { id, (gsize) offset, length };
  g_array_append_val (matches, m);
  return TRUE;
}

static int
compare_matches (gconstpointer a, gconstpointer b)
{
  const Match *ma = a, *mb = b;
  if (ma->start != mb->start)
    return ma->start < mb->start ? -1 : 1;
  if (ma->length != mb->length)
    return ma->length > mb->length ? -1 : 1; /* longest first */
  return 0;
}

char *
veil_text_scrubber_apply (const VeilTextScrubber *self, const char *text, guint *n_replaced)
{
  g_autoptr (GArray) matches = g_array_new (FALSE, FALSE, sizeof (Match));
  gsize len = strlen (text);
  GString *out;
  gsize cursor = 0;
  guint n = 0;

  g_return_val_if_fail (self->compiled, NULL);

  if (self->replacements->len > 0 && len > 0)
    {
      VeilPatternScanner *scanner
          = veil_pattern_scanner_new (self->patterns, collect_match, matches);
      veil_pattern_scanner_feed (scanner, (const guint8 *) text, len);
      veil_pattern_scanner_finish (scanner);
      veil_pattern_scanner_free (scanner);
    }

  if (matches->len == 0)
    {
      if (n_replaced)
        *n_replaced = 0;
      return g_strdup (text);
    }

  g_array_sort (matches, compare_matches);
  out = g_string_sized_new (len + 16);
  for (guint i = 0; i < matches->len; i++)
    {
      const Match *m = &g_array_index (matches, Match, i);
      if (m->start < cursor)
        continue; /* overlaps a longer or earlier match already replaced */
      g_string_append_len (out, text + cursor, (gssize) (m->start - cursor));
      g_string_append (out, g_ptr_array_index (self->replacements, m->id));
      cursor = m->start + m->length;
      n++;
    }
  g_string_append (out, text + cursor);

  if (n_replaced)
    *n_replaced = n;
  return g_string_free (out, FALSE);
}
