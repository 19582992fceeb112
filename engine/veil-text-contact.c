/* veil-text-contact.c: postcodes, addresses, emails and URLs (see veil-text-contact.h). */

#include "veil-text-contact.h"

#include <string.h>

#define PRIORITY_ADDRESS 74

/* The shapes of the outward code: A9, A99, A9A, AA9, AA99, AA9A. The Royal Mail's rules on
 * which letters each position may hold are not applied: test data and pseudo-postcodes
 * (ZZ99 3VZ) break them, and the shape with its inward code is distinctive enough. */
static gboolean
valid_outward (const char *o, gsize n)
{
  if (n < 2 || n > 4 || !g_ascii_isalpha (o[0]))
    return FALSE;
  if (g_ascii_isdigit (o[1]))
    {
      if (n == 2)
        return TRUE;
      return n == 3 && (g_ascii_isdigit (o[2]) || g_ascii_isalpha (o[2]));
    }
  if (!g_ascii_isalpha (o[1]) || n < 3 || !g_ascii_isdigit (o[2]))
    return FALSE;
  return n == 3 || g_ascii_isdigit (o[3]) || g_ascii_isalpha (o[3]);
}

static gboolean
valid_inward (const char *in)
{
  return g_ascii_isdigit (in[0]) && g_ascii_isalpha (in[1]) && g_ascii_isalpha (in[2]);
}

gsize
veil_text_match_postcode (const char *text, gsize len, gsize i, gboolean any_case)
{
  char buf[8];
  gsize n = 0, p = i;

  if (i >= len || !g_ascii_isalpha (text[i]))
    return 0;
  if (i > 0 && (g_ascii_isalnum (text[i - 1]) || (guchar) text[i - 1] >= 0x80))
    return 0;

  while (p < len && g_ascii_isalnum (text[p]) && n < 7)
    buf[n++] = text[p++];
  if (p < len && g_ascii_isalnum (text[p]))
    return 0;
  gsize outward_len;
  if (n >= 2 && n <= 4 && p < len && text[p] == ' ')
    {
      /* "LS1 4AB" (also with two spaces, as some systems pad). */
      gsize q = p + 1;
      if (q < len && text[q] == ' ')
        q++;
      if (q + 3 > len)
        return 0;
      if (q + 3 < len && (g_ascii_isalnum (text[q + 3]) || (guchar) text[q + 3] >= 0x80))
        return 0;
      outward_len = n;
      memcpy (buf + n, text + q, 3);
      n += 3;
      p = q + 3;
    }
  else if (n >= 5 && n <= 7)
    outward_len = n - 3;
  else
    return 0;

  gboolean lower = FALSE;
  for (gsize k = 0; k < n; k++)
    {
      if (g_ascii_islower (buf[k]))
        lower = TRUE;
      buf[k] = g_ascii_toupper (buf[k]);
    }
  if (lower && !any_case)
    return 0;

  if (outward_len == 3 && memcmp (buf, "GIR0AA", 6) == 0)
    return p - i;
  if (!valid_outward (buf, outward_len) || !valid_inward (buf + outward_len))
    return 0;
  return p - i;
}

/* Few lower-case words, no sentence inside: "12 High Street, Leeds", "Flat 2, Oak House". */
static gboolean
address_like (const VeilTextDocument *doc, gsize start, gsize end)
{
  static const char *const small[] = { "of", "the", "and", "upon", "on", "in", "by", "under",
                                       "le", "la", "de", "near", "flat" };
  guint first = veil_text_document_token_at (doc, start);
  guint words = 0, lower = 0, tokens = 0;

  if (end <= start || end - start > 120)
    return FALSE;
  for (guint i = first; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      if (t->start >= end)
        break;
      tokens++;
      if (t->type == VEIL_TEXT_TOKEN_PUNCT)
        {
          char c = doc->text[t->start];
          if ((c == '.' || c == '?' || c == '!') && t->end < end && doc->text[t->end] == ' '
              && i + 1 < doc->tokens->len
              && veil_text_document_token (doc, i + 1)->letter_case == VEIL_TEXT_CASE_TITLE)
            return FALSE; /* a sentence ends and another starts */
          continue;
        }
      if (t->type != VEIL_TEXT_TOKEN_WORD)
        continue;
      words++;
      if (t->lex & (VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF))
        if (i == first)
          return FALSE; /* a name line, "Mr J Smith" */
      if (t->letter_case == VEIL_TEXT_CASE_LOWER)
        {
          gboolean ok = FALSE;
          for (guint k = 0; k < G_N_ELEMENTS (small) && !ok; k++)
            ok = (gsize) (t->end - t->start) == strlen (small[k])
                 && strncmp (doc->text + t->start, small[k], t->end - t->start) == 0;
          if (!ok)
            lower++;
        }
    }
  return tokens > 0 && lower <= 1 && tokens <= 24;
}

static void
trim (const char *text, gsize *start, gsize *end)
{
  while (*start < *end && strchr (" \t,;:-|", text[*start]))
    (*start)++;
  while (*end > *start && strchr (" \t,;-|", text[*end - 1]))
    (*end)--;
}

static void
add_postcode (VeilTextDocument *doc, gsize start, gsize end, int priority, const char *reason)
{
  VeilTextCandidate *c = veil_text_document_add (doc, start, end, VEIL_TEXT_KIND_POSTCODE,
                                                 priority, reason);
  GString *v = g_string_new (NULL);
  for (gsize i = start; i < end; i++)
    if (doc->text[i] != ' ')
      g_string_append_c (v, g_ascii_toupper (doc->text[i]));
  c->value = g_string_free (v, FALSE);
}

void
veil_text_add_address_span (VeilTextDocument *doc, gsize start, gsize end, int priority,
                            const char *reason)
{
  /* Cut the span at every postcode in it: the postcode is its own finding with its own
   * surrogate, and the address parts around it are replaced as they are. */
  gsize from = start;
  for (gsize i = start; i < end; i++)
    {
      gsize n = veil_text_match_postcode (doc->text, end, i, TRUE);
      if (n == 0)
        continue;
      gsize a = from, b = i;
      trim (doc->text, &a, &b);
      if (b > a)
        veil_text_document_add (doc, a, b, VEIL_TEXT_KIND_ADDRESS, priority, reason);
      add_postcode (doc, i, i + n, priority, reason);
      i += n;
      from = i;
    }
  gsize a = from, b = end;
  trim (doc->text, &a, &b);
  if (b > a)
    veil_text_document_add (doc, a, b, VEIL_TEXT_KIND_ADDRESS, priority, reason);
}

/* Part of an address line that names an institution ("St James's University Hospital") or
 * only generic words ("Department of Radiology"): left to the institution recogniser. */
static gboolean
institution_part (const VeilTextDocument *doc, gsize start, gsize end)
{
  guint first = veil_text_document_token_at (doc, start);
  gboolean keyword = FALSE, specific = FALSE;
  for (guint i = first; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      if (t->start >= end)
        break;
      if (t->type != VEIL_TEXT_TOKEN_WORD)
        {
          if (t->type != VEIL_TEXT_TOKEN_PUNCT)
            specific = TRUE;
          continue;
        }
      /* "Infirmary Road" is a street: a street word after the keyword makes it one. */
      gboolean street_next = i + 1 < doc->tokens->len && veil_text_document_token (doc, i + 1)->start < end
                             && (veil_text_document_token (doc, i + 1)->lex & VEIL_LEX_STREET);
      if ((t->lex & VEIL_LEX_INSTITUTION) && t->letter_case != VEIL_TEXT_CASE_LOWER && !street_next)
        keyword = TRUE;
      else if (!(t->lex & (VEIL_LEX_GENERIC_PLACE | VEIL_LEX_STOP)) || (t->lex & VEIL_LEX_STREET))
        specific = TRUE;
    }
  return keyword || !specific;
}

gboolean
veil_text_is_address_like (const VeilTextDocument *doc, gsize start, gsize end)
{
  return address_like (doc, start, end);
}

/* Adds the parts of an address line (between commas, brackets and spaced dashes), each its
 * own finding, so one part taken by a name does not take the others with it. */
static void
add_address_parts (VeilTextDocument *doc, gsize start, gsize end, int priority, const char *reason)
{
  gsize s = start;
  for (gsize p = start; p <= end; p++)
    {
      gboolean cut = p == end || doc->text[p] == ',' || doc->text[p] == '(' || doc->text[p] == ')'
                     || (doc->text[p] == '-' && p > start && doc->text[p - 1] == ' ' && p + 1 < end
                         && doc->text[p + 1] == ' ');
      if (!cut)
        continue;
      gsize a = s, b = p;
      trim (doc->text, &a, &b);
      if (b > a && !institution_part (doc, a, b))
        veil_text_document_add (doc, a, b, VEIL_TEXT_KIND_ADDRESS, priority, reason);
      s = p + 1;
    }
}

/* The start of the value part of a line: after the last label separator before `before`. */
static gsize
segment_start (const VeilTextDocument *doc, const VeilTextLine *ln, gsize before)
{
  gsize s = ln->start;
  for (gsize i = ln->start; i < before; i++)
    {
      char c = doc->text[i];
      if (c == ':' || c == '|' || c == '\t')
        s = i + 1;
      else if ((c == '.' || c == '?' || c == '!') && i + 1 < before && doc->text[i + 1] == ' ')
        s = i + 1; /* a sentence ended: "… He lives at 12 High Street, LS1 4AB" */
    }
  return s;
}

/* The address lines of a postcode: the start of its own line and the lines above it. */
static void
add_address_around_postcode (VeilTextDocument *doc, gsize pc_start)
{
  guint ti = veil_text_document_token_at (doc, pc_start);
  if (ti >= doc->tokens->len)
    return;
  guint line = veil_text_document_token (doc, ti)->line;
  const VeilTextLine *ln = veil_text_document_line (doc, line);

  gsize a = segment_start (doc, ln, pc_start), b = pc_start;
  trim (doc->text, &a, &b);
  /* "lives at 12 High Street, Leeds": start at the house number if the line is prose. */
  if (b > a && !address_like (doc, a, b))
    {
      guint first = veil_text_document_token_at (doc, a);
      gsize best = b;
      for (guint i = first; i < doc->tokens->len; i++)
        {
          const VeilTextToken *t = veil_text_document_token (doc, i);
          if (t->start >= b)
            break;
          if (t->type == VEIL_TEXT_TOKEN_NUMBER && address_like (doc, t->start, b))
            {
              best = t->start;
              break;
            }
        }
      a = best;
    }
  if (b > a && address_like (doc, a, b))
    add_address_parts (doc, a, b, PRIORITY_ADDRESS, "postcode's address line");

  /* "Radiology | Infirmary Road | Wexcombe | ZZ99 1WG": the cells before the postcode's. */
  gsize cell_end = segment_start (doc, ln, pc_start);
  for (int cells = 0; cells < 4 && cell_end > ln->start; cells++)
    {
      char sep = doc->text[cell_end - 1];
      if (sep != '|' && sep != '\t')
        break;
      gsize cell_start = cell_end - 1;
      while (cell_start > ln->start && doc->text[cell_start - 1] != '|' && doc->text[cell_start - 1] != '\t')
        cell_start--;
      gsize cs = cell_start, ce = cell_end - 1;
      trim (doc->text, &cs, &ce);
      if (ce > cs)
        {
          if (ce - cs < 3 || !address_like (doc, cs, ce))
            break;
          add_address_parts (doc, cs, ce, PRIORITY_ADDRESS, "postcode's address line");
        }
      cell_end = cell_start;
    }
  if (a > ln->start && a - ln->start > 3)
    return; /* the address started mid-line: the lines above are something else */

  for (guint l = line; l > 0 && line - l < 5; l--)
    {
      const VeilTextLine *prev = veil_text_document_line (doc, l - 1);
      gsize s = prev->start, e = prev->end;
      trim (doc->text, &s, &e);
      if (e <= s)
        break;
      gboolean labelled = FALSE;
      for (gsize i = s; i < e; i++)
        if (doc->text[i] == ':' || doc->text[i] == '|' || doc->text[i] == '\t')
          {
            labelled = TRUE;
            s = i + 1;
          }
      trim (doc->text, &s, &e);
      if (e <= s || e - s > 70 || !address_like (doc, s, e))
        break;
      add_address_parts (doc, s, e, PRIORITY_ADDRESS, "postcode's address line");
      if (labelled)
        break;
    }
}

/* A street word shortly before token i on its line ("14 canal st, wexcombe zz99 4cs"). */
static gboolean
street_before (const VeilTextDocument *doc, guint i)
{
  guint line = veil_text_document_token (doc, i)->line;
  for (guint k = i; k > 0 && i - k < 8; k--)
    {
      const VeilTextToken *t = veil_text_document_token (doc, k - 1);
      if (t->line != line)
        break;
      if (t->lex & VEIL_LEX_STREET)
        return TRUE;
    }
  return FALSE;
}

static void
find_postcodes (VeilTextDocument *doc)
{
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      if (t->type != VEIL_TEXT_TOKEN_WORD && t->type != VEIL_TEXT_TOKEN_ALNUM)
        continue;
      /* Lower case only in an address: "zz99 4cs" after a street. */
      gboolean any_case = t->letter_case == VEIL_TEXT_CASE_LOWER && street_before (doc, i);
      if (t->letter_case != VEIL_TEXT_CASE_UPPER && !any_case)
        continue;
      gsize n = veil_text_match_postcode (doc->text, doc->len, t->start, any_case);
      if (n == 0)
        continue;
      add_postcode (doc, t->start, t->start + n, VEIL_TEXT_PRIORITY_STRONG_PATTERN,
                    "pattern, postcode");
      add_address_around_postcode (doc, t->start);
    }
}

/* "12 High Street", "Flat 3, 45 Park Road, Leeds": a house number, words, a street word,
 * and the towns after it on the line. */
/* A postcode later on token i's line, in any case. */
static gboolean
postcode_after (const VeilTextDocument *doc, guint i)
{
  guint line = veil_text_document_token (doc, i)->line;
  for (guint k = i + 1; k < doc->tokens->len; k++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, k);
      if (t->line != line)
        break;
      if ((t->type == VEIL_TEXT_TOKEN_ALNUM || t->type == VEIL_TEXT_TOKEN_WORD)
          && veil_text_match_postcode (doc->text, doc->len, t->start, TRUE))
        return TRUE;
    }
  return FALSE;
}

static gboolean
street_case_ok (const VeilTextToken *w, gboolean lower_ok)
{
  return w->letter_case == VEIL_TEXT_CASE_TITLE || (lower_ok && w->letter_case == VEIL_TEXT_CASE_LOWER);
}

static void
find_street_addresses (VeilTextDocument *doc)
{
  for (guint i = 0; i + 2 < doc->tokens->len; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      gboolean lower_ok = FALSE;
      gsize nlen = t->end - t->start;
      if (!((t->type == VEIL_TEXT_TOKEN_NUMBER && nlen <= 4)
            || (t->type == VEIL_TEXT_TOKEN_ALNUM && nlen <= 5 && g_ascii_isdigit (doc->text[t->start]))))
        continue;
      if (i > 0 && veil_text_document_token_is_char (doc, i - 1, '.'))
        continue;
      guint k = i + 1;
      guint words = 0;
      while (k < doc->tokens->len && words < 4)
        {
          const VeilTextToken *w = veil_text_document_token (doc, k);
          if (words == 0 && w->letter_case == VEIL_TEXT_CASE_LOWER)
            lower_ok = postcode_after (doc, i);
          if (w->line != t->line || w->type != VEIL_TEXT_TOKEN_WORD || !street_case_ok (w, lower_ok))
            break;
          if ((w->lex & VEIL_LEX_STREET) && words > 0)
            break;
          words++;
          k++;
        }
      if (words == 0 || k >= doc->tokens->len)
        continue;
      const VeilTextToken *street = veil_text_document_token (doc, k);
      if (street->line != t->line || street->type != VEIL_TEXT_TOKEN_WORD
          || !(street->lex & VEIL_LEX_STREET) || !street_case_ok (street, lower_ok))
        continue;

      gsize start = t->start, end = street->end;
      /* "Flat 3, 12 High Street": the flat goes too. */
      if (i >= 3 && veil_text_document_token_is_char (doc, i - 1, ',')
          && veil_text_document_token (doc, i - 2)->type == VEIL_TEXT_TOKEN_NUMBER
          && (veil_text_document_token_is (doc, i - 3, "FLAT")
              || veil_text_document_token_is (doc, i - 3, "APARTMENT")
              || veil_text_document_token_is (doc, i - 3, "UNIT")))
        start = veil_text_document_token (doc, i - 3)->start;
      /* Towns after commas, up to a postcode or the end of the line. */
      guint j = k + 1;
      while (j + 1 < doc->tokens->len && veil_text_document_token_is_char (doc, j, ','))
        {
          const VeilTextToken *w = veil_text_document_token (doc, j + 1);
          if (w->line != t->line || w->type != VEIL_TEXT_TOKEN_WORD
              || (w->letter_case != VEIL_TEXT_CASE_TITLE && w->letter_case != VEIL_TEXT_CASE_UPPER
                  && !(lower_ok && w->letter_case == VEIL_TEXT_CASE_LOWER))
              || veil_text_match_postcode (doc->text, doc->len, w->start, lower_ok))
            break;
          guint m = j + 1;
          while (m < doc->tokens->len)
            {
              const VeilTextToken *x = veil_text_document_token (doc, m);
              if (x->line != t->line || x->type != VEIL_TEXT_TOKEN_WORD
                  || (x->letter_case != VEIL_TEXT_CASE_TITLE && x->letter_case != VEIL_TEXT_CASE_UPPER
                      && !(lower_ok && x->letter_case == VEIL_TEXT_CASE_LOWER)
                      && !veil_text_document_token_is (doc, m, "UPON"))
                  || veil_text_match_postcode (doc->text, doc->len, x->start, lower_ok))
                break;
              end = x->end;
              m++;
            }
          j = m;
        }
      veil_text_document_add (doc, start, end, VEIL_TEXT_KIND_ADDRESS, PRIORITY_ADDRESS,
                              "pattern, street address");
      i = k;
    }
}

static gboolean
email_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("._%+-'", c) != NULL;
}

static void
find_emails (VeilTextDocument *doc)
{
  const char *text = doc->text;
  const char *p = text, *end = text + doc->len;

  while ((p = memchr (p, '@', (gsize) (end - p))) != NULL)
    {
      const char *a = p, *b = p + 1;
      while (a > text && email_char (a[-1]))
        a--;
      while (a < p && strchr (".'-", *a))
        a++;
      gsize dots = 0;
      while (b < end && (g_ascii_isalnum (*b) || *b == '-' || (*b == '.' && b + 1 < end && g_ascii_isalnum (b[1]))))
        {
          if (*b == '.')
            dots++;
          b++;
        }
      const char *tld = b;
      while (tld > p && tld[-1] != '.')
        tld--;
      if (a < p && dots > 0 && b - tld >= 2)
        {
          VeilTextCandidate *c = veil_text_document_add (doc, (gsize) (a - text), (gsize) (b - text),
                                                         VEIL_TEXT_KIND_EMAIL,
                                                         VEIL_TEXT_PRIORITY_KNOWN_VALUE + 2,
                                                         "pattern, email address");
          c->value = g_ascii_strdown (a, b - a);
        }
      p = b > p + 1 ? b : p + 1;
    }
}

static void
find_urls (VeilTextDocument *doc)
{
  static const char *const starts[] = { "http://", "https://", "www.", "ftp://" };
  const char *text = doc->text;

  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      if (t->type != VEIL_TEXT_TOKEN_WORD)
        continue;
      gsize s = t->start;
      gboolean hit = FALSE;
      if (!strchr ("hHwWfF", doc->text[s]))
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (starts) && !hit; k++)
        {
          gsize n = strlen (starts[k]);
          hit = s + n < doc->len && g_ascii_strncasecmp (text + s, starts[k], n) == 0;
        }
      if (!hit)
        continue;
      gsize e = s;
      while (e < doc->len && !g_ascii_isspace (text[e]) && !strchr ("<>\"|", text[e]))
        e++;
      while (e > s && strchr (".,;:)]}'!?", text[e - 1]))
        e--;
      veil_text_document_add (doc, s, e, VEIL_TEXT_KIND_URL, VEIL_TEXT_PRIORITY_KNOWN_VALUE + 2,
                              "pattern, URL");
      /* Go on after the URL (the loop's i++ lands on the token after it). */
      i = veil_text_document_token_at (doc, e) - 1;
    }
}

/* ---- address lines with neither a house number nor a postcode ---- */

/* Street words that end a street's name and are rarely anything else in a report. */
static gboolean
plain_street_word (const VeilTextToken *t)
{
  static const char *const words[] = { "ROAD", "RD", "STREET", "AVENUE", "AVE", "LANE", "DRIVE",
                                       "CLOSE", "WAY", "CRESCENT", "COURT", "PLACE", "GARDENS",
                                       "TERRACE", "GROVE", "SQUARE", "ROW", "MEWS", "PARADE",
                                       "COTTAGES", "VILLAS", "HEIGHTS", "MEADOWS", "WYND", "BRAE" };
  for (guint k = 0; k < G_N_ELEMENTS (words); k++)
    if (t->folded && g_str_equal (t->folded, words[k]))
      return TRUE;
  return FALSE;
}

/* Welsh street words come first: "Heol y Felin", "Ffordd yr Afon", "Lôn Las". */
static gboolean
welsh_street_word (const VeilTextToken *t)
{
  static const char *const words[] = { "HEOL", "FFORDD", "STRYD", "LON", "RHODFA", "CLOS", "MAES" };
  for (guint k = 0; k < G_N_ELEMENTS (words); k++)
    if (t->folded && g_str_equal (t->folded, words[k]))
      return TRUE;
  return FALSE;
}

typedef struct {
  guint first, last; /* tokens */
} Segment;

/* The comma-separated parts of line `l`. */
static guint
line_segments (const VeilTextDocument *doc, guint l, Segment *seg, guint max)
{
  const VeilTextLine *ln = veil_text_document_line (doc, l);
  guint n = 0, start = ln->first_token, end = ln->first_token + ln->n_tokens;
  for (guint i = start; i <= end && n < max; i++)
    {
      if (i == end || veil_text_document_token_is_char (doc, i, ','))
        {
          if (i > start)
            {
              seg[n].first = start;
              seg[n].last = i - 1;
              n++;
            }
          start = i + 1;
        }
    }
  return n;
}

/* 1-4 capitalised words ("Harebell Court", "Heol y Felin", "Kettlebury", "Upper Norbury"). */
static gboolean
segment_capitalised (const VeilTextDocument *doc, const Segment *s, gboolean welsh_small)
{
  if (s->last - s->first > 4)
    return FALSE;
  for (guint i = s->first; i <= s->last; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      if (t->type != VEIL_TEXT_TOKEN_WORD)
        return FALSE;
      if (welsh_small && i > s->first && t->letter_case == VEIL_TEXT_CASE_LOWER
          && (veil_text_document_token_is (doc, i, "Y") || veil_text_document_token_is (doc, i, "YR")))
        continue;
      if (t->letter_case != VEIL_TEXT_CASE_TITLE && t->letter_case != VEIL_TEXT_CASE_UPPER)
        return FALSE;
      if (t->lex & (VEIL_LEX_STOP | VEIL_LEX_MONTH | VEIL_LEX_WEEKDAY | VEIL_LEX_TITLE_PERSON
                    | VEIL_LEX_TITLE_STAFF))
        return FALSE;
    }
  return TRUE;
}

static gboolean
segment_is_street (const VeilTextDocument *doc, const Segment *s)
{
  const VeilTextToken *first = veil_text_document_token (doc, s->first);
  const VeilTextToken *last = veil_text_document_token (doc, s->last);
  if (s->last > s->first && welsh_street_word (first) && segment_capitalised (doc, s, TRUE))
    return TRUE;
  return s->last > s->first && plain_street_word (last) && segment_capitalised (doc, s, FALSE);
}

/* "Unit 4", "Flat 3": the unit before a street. */
static gboolean
segment_is_unit (const VeilTextDocument *doc, const Segment *s)
{
  return s->last == s->first + 1
         && (veil_text_document_token_is (doc, s->first, "UNIT") || veil_text_document_token_is (doc, s->first, "FLAT")
             || veil_text_document_token_is (doc, s->first, "APARTMENT"))
         && veil_text_document_token (doc, s->last)->type != VEIL_TEXT_TOKEN_WORD;
}

/* "Unit 4, Harebell Court, Marsh Lane, Kettlebury" and "…, Bryn Awel, Heol y Felin,
 * Pontyberem": a comma-separated part that is a street's name (capitalised words ending in a
 * street word, or a Welsh street word first), with the parts after it that are capitalised
 * place names to the end of the line, and a unit before it. Letterheads and "Re:" lines give
 * addresses this way without a house number or a postcode. */
static void
find_address_lines (VeilTextDocument *doc)
{
  Segment seg[16];
  for (guint l = 0; l < doc->lines->len; l++)
    {
      guint n = line_segments (doc, l, seg, G_N_ELEMENTS (seg));
      if (n < 2)
        continue;
      for (guint k = 0; k < n; k++)
        {
          if (!segment_is_street (doc, &seg[k]))
            continue;
          guint a = k, b = k;
          if (a > 0 && segment_is_unit (doc, &seg[a - 1]))
            a--;
          while (b + 1 < n && (segment_is_street (doc, &seg[b + 1]) || segment_capitalised (doc, &seg[b + 1], FALSE))
                 && seg[b + 1].last - seg[b + 1].first <= 2)
            b++;
          if (a == k && b == k)
            continue; /* a street's name alone on a line of other things */
          for (guint m = a; m <= b; m++)
            veil_text_document_add (doc, veil_text_document_token (doc, seg[m].first)->start,
                                    veil_text_document_token (doc, seg[m].last)->end,
                                    VEIL_TEXT_KIND_ADDRESS, PRIORITY_ADDRESS - 4,
                                    "pattern, address line without a postcode");
          k = b;
        }
    }
}

/* A whole line of 1-5 capitalised words that could be an address line: "The Granary",
 * "Little Hadcombe" (a leading "The" allowed). */
static gboolean
line_is_place (const VeilTextDocument *doc, guint l)
{
  const VeilTextLine *ln = veil_text_document_line (doc, l);
  if (ln->n_tokens == 0 || ln->n_tokens > 5)
    return FALSE;
  Segment s = { ln->first_token, ln->first_token + ln->n_tokens - 1 };
  if (veil_text_document_token_is (doc, s.first, "THE") && s.last > s.first)
    s.first++;
  return segment_capitalised (doc, &s, TRUE);
}

static gboolean
line_is_street (const VeilTextDocument *doc, guint l)
{
  const VeilTextLine *ln = veil_text_document_line (doc, l);
  if (ln->n_tokens < 2 || ln->n_tokens > 6)
    return FALSE;
  Segment s = { ln->first_token, ln->first_token + ln->n_tokens - 1 };
  /* "14 Mill Lane" goes to find_street_addresses(); here the street has no number. */
  return segment_is_street (doc, &s);
}

/* An address written one part a line under a name, with no postcode:
 *   Mr Tobias Achterberg-Smith / The Granary / Mill Lane / Little Hadcombe
 * A line that is a street's name, and the lines of capitalised words just above and below
 * it (not the name line: a title or a colon ends the block). */
static void
find_address_blocks (VeilTextDocument *doc)
{
  for (guint l = 0; l < doc->lines->len; l++)
    {
      if (!line_is_street (doc, l))
        continue;
      guint a = l, b = l;
      while (a > 0 && l - a < 3 && line_is_place (doc, a - 1))
        a--;
      while (b + 1 < doc->lines->len && b - l < 3 && line_is_place (doc, b + 1))
        b++;
      if (a == b)
        continue;
      for (guint m = a; m <= b; m++)
        {
          const VeilTextLine *ln = veil_text_document_line (doc, m);
          guint first = ln->first_token; /* a house's "The" is part of its name */
          veil_text_document_add (doc, veil_text_document_token (doc, first)->start,
                                  veil_text_document_token (doc, ln->first_token + ln->n_tokens - 1)->end,
                                  VEIL_TEXT_KIND_ADDRESS, PRIORITY_ADDRESS - 4,
                                  "pattern, address lines without a postcode");
        }
      l = b;
    }
}

void
veil_text_find_contacts (VeilTextDocument *doc)
{
  find_address_lines (doc);
  find_address_blocks (doc);
  find_emails (doc);
  find_urls (doc);
  find_postcodes (doc);
  find_street_addresses (doc);
}
