/* veil-text-document.c: tokens, lines and candidate resolution (see veil-text-document.h). */

#include "veil-text-document.h"

#include <string.h>

/* Bytes of the UTF-8 character at p (1 for invalid bytes, so scanning always advances). */
static gsize
char_len (const char *p, const char *end)
{
  guchar c = (guchar) *p;
  gsize n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

  if (c >= 0x80 && c < 0xC0)
    return 1;
  if ((gsize) (end - p) < n)
    return 1;
  return n;
}

static gunichar
char_at (const char *p, const char *end)
{
  gsize n = char_len (p, end);
  if (n == 1)
    return (guchar) *p;
  gunichar c = g_utf8_get_char_validated (p, (gssize) n);
  return (c == (gunichar) -1 || c == (gunichar) -2) ? 0xFFFD : c;
}

static gboolean
is_space_char (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
         || c == 0xA0 || c == 0x2007 || c == 0x202F;
}

static gboolean
is_letter (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalpha ((char) c);
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019;
}

static gboolean
is_hyphen (gunichar c)
{
  return c == '-' || c == 0x2010 || c == 0x2011;
}

static guint8
classify_case (const char *s, gsize len)
{
  gboolean any_lower = FALSE, any_upper = FALSE, first_upper = FALSE, seen_letter = FALSE;
  const char *end = s + len;
  gboolean ascii = TRUE;

  /* Most words are ASCII: no Unicode tables needed. */
  for (gsize i = 0; i < len && ascii; i++)
    ascii = (guchar) s[i] < 0x80;
  if (ascii)
    {
      for (gsize i = 0; i < len; i++)
        {
          char c = s[i];
          gboolean up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
          if (!up && !low)
            continue;
          if (!seen_letter)
            first_upper = up;
          seen_letter = TRUE;
          any_upper |= up;
          any_lower |= low;
        }
      end = s; /* skip the loop below */
    }

  for (const char *p = s; p < end; p += char_len (p, end))
    {
      gunichar c = char_at (p, end);
      if (!is_letter (c) || g_unichar_ismark (c))
        continue;
      gboolean up = g_unichar_isupper (c) || g_unichar_istitle (c);
      gboolean low = g_unichar_islower (c);
      if (!seen_letter)
        first_upper = up;
      seen_letter = TRUE;
      any_upper |= up;
      any_lower |= low;
    }
  if (!seen_letter)
    return VEIL_TEXT_CASE_NONE;
  if (!any_lower)
    return VEIL_TEXT_CASE_UPPER;
  if (!any_upper)
    return VEIL_TEXT_CASE_LOWER;
  /* "McDonald", "MacLeod", "O'Brien" read as names; "pT2" and "eGFR" do not. */
  if (first_upper)
    return VEIL_TEXT_CASE_TITLE;
  return VEIL_TEXT_CASE_MIXED;
}

/* "Sally-Anne", "Fletcher-Wright": a name if every part is one. */
static guint
hyphenated_lex (const char *folded)
{
  g_auto (GStrv) parts = g_strsplit (folded, "-", -1);
  guint all = VEIL_LEX_GIVEN | VEIL_LEX_SURNAME;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint lex = veil_text_lexicon_lookup (parts[i]);
      if (!(lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)))
        return 0;
      all &= lex;
    }
  /* "Lily-Rose" and "Mary-Jane" are names even when their parts are also words. */
  return all;
}

static void
add_token (VeilTextDocument *doc, guint32 start, guint32 end, guint32 line, guint8 type,
           guint16 flags)
{
  VeilTextToken t = { 0 };

  t.start = start;
  t.end = end;
  t.line = line;
  t.type = type;
  t.flags = flags;
  if (type != VEIL_TEXT_TOKEN_PUNCT)
    {
      const char *s = doc->text + start;
      gsize n = end - start;
      gboolean ascii = n < 64;
      for (gsize i = 0; i < n && ascii; i++)
        ascii = (guchar) s[i] < 0x80;
      t.letter_case = classify_case (s, n);
      if (ascii)
        {
          /* The common case, without an allocation: upper case, apostrophes dropped. */
          char buf[64];
          gsize k = 0;
          for (gsize i = 0; i < n; i++)
            if (s[i] != '\'')
              buf[k++] = g_ascii_toupper (s[i]);
          buf[k] = '\0';
          t.folded = g_string_chunk_insert_len (doc->strings, buf, (gssize) k);
        }
      else
        {
          g_autofree char *folded = veil_text_fold (s, n);
          t.folded = g_string_chunk_insert (doc->strings, folded);
        }
      if (type == VEIL_TEXT_TOKEN_WORD)
        t.lex = veil_text_lexicon_lookup (t.folded);
      if (type == VEIL_TEXT_TOKEN_WORD && t.lex == 0 && strchr (t.folded, '-'))
        t.lex = hyphenated_lex (t.folded);
    }
  g_array_append_val (doc->tokens, t);
}

static void
tokenise (VeilTextDocument *doc)
{
  const char *text = doc->text;
  const char *end = text + doc->len;
  const char *p = text;
  guint32 line = 0;
  VeilTextLine current = { 0, 0, 0, 0, FALSE };
  gboolean line_start = TRUE, space_before = FALSE;
  guint spaces = 0;
  gboolean gap = FALSE;

  while (p < end)
    {
      gunichar c = char_at (p, end);
      gsize n = char_len (p, end);

      if (c == '\n')
        {
          current.end = (guint32) (p - text);
          if (current.end > current.start && text[current.end - 1] == '\r')
            current.end--;
          current.n_tokens = doc->tokens->len - current.first_token;
          g_array_append_val (doc->lines, current);
          line++;
          current.start = (guint32) (p - text) + 1;
          current.first_token = doc->tokens->len;
          line_start = TRUE;
          space_before = TRUE;
          spaces = 0;
          gap = FALSE;
          p++;
          continue;
        }
      if (is_space_char (c))
        {
          space_before = TRUE;
          if (c == '\t')
            gap = TRUE;
          else if (++spaces >= 2)
            gap = TRUE;
          p += n;
          continue;
        }

      guint16 flags = (space_before ? VEIL_TEXT_TOKEN_SPACE_BEFORE : 0)
                      | (line_start ? VEIL_TEXT_TOKEN_LINE_START : 0)
                      | (gap ? VEIL_TEXT_TOKEN_GAP_BEFORE : 0);
      const char *start = p;

      if (is_letter (c) || g_ascii_isdigit (c))
        {
          gboolean letters = FALSE, digits = FALSE;
          const char *q = p;
          while (q < end)
            {
              gunichar d = char_at (q, end);
              gsize dn = char_len (q, end);
              if (is_letter (d))
                {
                  letters = TRUE;
                  q += dn;
                  continue;
                }
              if (g_ascii_isdigit (d))
                {
                  digits = TRUE;
                  q += dn;
                  continue;
                }
              if ((is_apostrophe (d) || is_hyphen (d)) && q + dn < end)
                {
                  gunichar next = char_at (q + dn, end);
                  gboolean next_alnum = is_letter (next) || g_ascii_isdigit (next);
                  if (!next_alnum)
                    break;
                  if (is_apostrophe (d))
                    {
                      /* "Smith's": the possessive is not part of the name. "O'Brien" is. */
                      const char *after = q + dn + char_len (q + dn, end);
                      gboolean possessive = (next == 's' || next == 'S')
                                            && (after >= end || !is_letter (char_at (after, end)));
                      if (possessive || !letters)
                        break;
                    }
                  q += dn;
                  continue;
                }
              break;
            }
          guint8 type = letters && digits ? VEIL_TEXT_TOKEN_ALNUM
                        : letters        ? VEIL_TEXT_TOKEN_WORD
                                         : VEIL_TEXT_TOKEN_NUMBER;
          /* A possessive ("Smith's", "Graves'") is marked on the word and becomes its own
           * token. */
          if (q < end && is_apostrophe (char_at (q, end)) && type == VEIL_TEXT_TOKEN_WORD)
            {
              const char *a = q + char_len (q, end);
              gboolean s_follows = a < end && (*a == 's' || *a == 'S')
                                   && (a + 1 >= end || !is_letter (char_at (a + 1, end)));
              gboolean plural = q > start && (q[-1] == 's' || q[-1] == 'S')
                                && (a >= end || !is_letter (char_at (a, end)));
              if (s_follows || plural)
                flags |= VEIL_TEXT_TOKEN_POSSESSIVE;
            }
          add_token (doc, (guint32) (start - text), (guint32) (q - text), line, type, flags);
          if (flags & VEIL_TEXT_TOKEN_POSSESSIVE)
            {
              const char *a = q + char_len (q, end);
              const char *pe = (a < end && (*a == 's' || *a == 'S')) ? a + 1 : a;
              add_token (doc, (guint32) (q - text), (guint32) (pe - text), line,
                         VEIL_TEXT_TOKEN_PUNCT, 0);
              q = pe;
            }
          p = q;
        }
      else
        {
          add_token (doc, (guint32) (start - text), (guint32) (start - text + n), line,
                     VEIL_TEXT_TOKEN_PUNCT, flags);
          p += n;
        }
      line_start = FALSE;
      space_before = FALSE;
      spaces = 0;
      gap = FALSE;
    }
  current.end = (guint32) doc->len;
  if (current.end > current.start && text[current.end - 1] == '\r')
    current.end--;
  current.n_tokens = doc->tokens->len - current.first_token;
  g_array_append_val (doc->lines, current);

  /* Sentence starts, and all-capitals lines. */
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      VeilTextToken *t = &g_array_index (doc->tokens, VeilTextToken, i);
      gboolean start = (t->flags & VEIL_TEXT_TOKEN_LINE_START) != 0;
      if (!start && i > 0)
        {
          const VeilTextToken *prev = &g_array_index (doc->tokens, VeilTextToken, i - 1);
          if (prev->type == VEIL_TEXT_TOKEN_PUNCT && prev->end - prev->start == 1)
            start = strchr (".!?:;*(\"", text[prev->start]) != NULL;
          else if (prev->type == VEIL_TEXT_TOKEN_PUNCT)
            start = prev->end - prev->start == 3
                    && memcmp (text + prev->start, "\xe2\x80\xa2", 3) == 0; /* a bullet */
        }
      if (start)
        t->flags |= VEIL_TEXT_TOKEN_SENTENCE_START;
    }
  for (guint l = 0; l < doc->lines->len; l++)
    {
      VeilTextLine *ln = &g_array_index (doc->lines, VeilTextLine, l);
      guint letters = 0;
      gboolean lower = FALSE;
      for (guint i = ln->first_token; i < ln->first_token + ln->n_tokens; i++)
        {
          const VeilTextToken *t = &g_array_index (doc->tokens, VeilTextToken, i);
          if (t->letter_case == VEIL_TEXT_CASE_NONE)
            continue;
          letters += t->end - t->start;
          if (t->letter_case != VEIL_TEXT_CASE_UPPER)
            lower = TRUE;
        }
      ln->upper = letters >= 4 && !lower;
    }
}

static void
candidate_free (VeilTextCandidate *c)
{
  g_free (c->reason);
  g_free (c->name);
  g_free (c->value);
  g_free (c->entity);
  g_free (c);
}

VeilTextDocument *
veil_text_document_new (const char *text, gsize len)
{
  VeilTextDocument *doc = g_new0 (VeilTextDocument, 1);

  doc->text = text;
  doc->len = len;
  doc->tokens = g_array_sized_new (FALSE, FALSE, sizeof (VeilTextToken), len / 4 + 16);
  doc->lines = g_array_new (FALSE, FALSE, sizeof (VeilTextLine));
  doc->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  doc->strings = g_string_chunk_new (4096);
  tokenise (doc);
  return doc;
}

void
veil_text_document_free (VeilTextDocument *doc)
{
  if (doc == NULL)
    return;
  g_array_unref (doc->tokens);
  g_array_unref (doc->lines);
  g_ptr_array_unref (doc->candidates);
  g_string_chunk_free (doc->strings);
  g_free (doc);
}

guint
veil_text_document_token_at (const VeilTextDocument *doc, gsize offset)
{
  guint lo = 0, hi = doc->tokens->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (doc->tokens, VeilTextToken, mid).end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
veil_text_document_token_is (const VeilTextDocument *doc, guint i, const char *folded_word)
{
  if (i >= doc->tokens->len)
    return FALSE;
  const VeilTextToken *t = veil_text_document_token (doc, i);
  return t->folded != NULL && strcmp (t->folded, folded_word) == 0;
}

gboolean
veil_text_document_token_is_char (const VeilTextDocument *doc, guint i, char c)
{
  if (i >= doc->tokens->len)
    return FALSE;
  const VeilTextToken *t = veil_text_document_token (doc, i);
  return t->end == t->start + 1 && doc->text[t->start] == c;
}

VeilTextCandidate *
veil_text_document_add (VeilTextDocument *doc, gsize start, gsize end, int kind, int priority,
                        const char *reason)
{
  VeilTextCandidate *c = g_new0 (VeilTextCandidate, 1);

  c->start = start;
  c->end = end;
  c->kind = kind;
  c->priority = priority;
  c->reason = g_strdup (reason);
  g_ptr_array_add (doc->candidates, c);
  return c;
}

static int
compare_priority (gconstpointer a, gconstpointer b)
{
  const VeilTextCandidate *x = *(const VeilTextCandidate **) a;
  const VeilTextCandidate *y = *(const VeilTextCandidate **) b;

  if (x->priority != y->priority)
    return y->priority - x->priority;
  gsize lx = x->end - x->start, ly = y->end - y->start;
  if (lx != ly)
    return lx > ly ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return 0;
}

static int
compare_start (gconstpointer a, gconstpointer b)
{
  const VeilTextCandidate *x = *(const VeilTextCandidate **) a;
  const VeilTextCandidate *y = *(const VeilTextCandidate **) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return 0;
}

GPtrArray *
veil_text_document_resolve (VeilTextDocument *doc)
{
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  GPtrArray *chosen = g_ptr_array_new ();
  g_autofree guint8 *taken = g_malloc0 (doc->len + 1);

  for (guint i = 0; i < doc->candidates->len; i++)
    {
      VeilTextCandidate *c = g_ptr_array_index (doc->candidates, i);
      if (c->end > c->start && c->end <= doc->len)
        g_ptr_array_add (order, c);
    }
  /* A stable order for equal keys: the sort is not stable, so the comparison is total up
   * to identical spans, which then make no difference to the text. */
  g_ptr_array_sort (order, compare_priority);

  for (guint i = 0; i < order->len; i++)
    {
      VeilTextCandidate *c = g_ptr_array_index (order, i);
      gboolean free_span = TRUE;
      for (gsize b = c->start; b < c->end && free_span; b++)
        free_span = !taken[b];
      if (!free_span)
        continue;
      memset (taken + c->start, 1, c->end - c->start);
      g_ptr_array_add (chosen, c);
    }
  g_ptr_array_sort (chosen, compare_start);
  return chosen;
}
