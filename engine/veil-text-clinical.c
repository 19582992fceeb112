/* veil-text-clinical.c: clinical spans to keep (see veil-text-clinical.h). */

#include "veil-text-clinical.h"

#include <string.h>

#define tok(doc, i) veil_text_document_token ((doc), (i))

static gboolean
is_char (const VeilTextDocument *doc, guint i, char c)
{
  return veil_text_document_token_is_char (doc, i, c);
}

static gboolean
same_line (const VeilTextDocument *doc, guint a, guint b)
{
  return a < doc->tokens->len && b < doc->tokens->len && tok (doc, a)->line == tok (doc, b)->line;
}

static gboolean
roman (const char *s, gsize n)
{
  if (n == 0 || n > 5)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!strchr ("IVXF", s[i]))
      return FALSE;
  return TRUE;
}

/* A grade or class after a named score: "3", "IV", "IIF", "B", "3a". */
static gboolean
is_grade_value (const VeilTextDocument *doc, guint i)
{
  if (i >= doc->tokens->len)
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  const char *s = doc->text + t->start;
  gsize n = t->end - t->start;
  if (t->type == VEIL_TEXT_TOKEN_NUMBER)
    return n <= 3;
  if (t->type == VEIL_TEXT_TOKEN_ALNUM)
    return n <= 3 && g_ascii_isdigit (s[0]);
  if (t->type == VEIL_TEXT_TOKEN_WORD)
    return roman (s, n) || (n == 1 && g_ascii_isupper (s[0]) && s[0] <= 'D');
  return FALSE;
}

static guint
eponym_flags (const VeilTextDocument *doc, guint i, gboolean *strict)
{
  const VeilTextToken *t = tok (doc, i);
  *strict = FALSE;
  if (t->type != VEIL_TEXT_TOKEN_WORD || t->folded == NULL)
    return 0;
  if (t->lex & VEIL_LEX_EPONYM)
    {
      *strict = (t->lex & VEIL_LEX_EPONYM_ONLY) != 0;
      return t->lex;
    }
  /* "Salter-Harris", "non-Hodgkin", "Brown-Sequard": every part an eponym. */
  if (strchr (t->folded, '-') == NULL)
    return 0;
  g_auto (GStrv) parts = g_strsplit (t->folded, "-", -1);
  gboolean all = TRUE, any_strict = FALSE;
  guint n = 0;
  for (guint k = 0; parts[k] != NULL; k++)
    {
      if (k == 0 && g_str_equal (parts[k], "NON"))
        continue;
      guint lex = veil_text_lexicon_lookup (parts[k]);
      n++;
      all &= (lex & VEIL_LEX_EPONYM) != 0;
      any_strict |= (lex & VEIL_LEX_EPONYM_ONLY) != 0;
    }
  if (!all || n == 0)
    return 0;
  /* "Salter-Harris" is a term whatever follows it; "Pugh-Evans", two surnames that are
   * also eponyms, is a term only where a clinical word follows. */
  *strict = any_strict;
  return VEIL_LEX_EPONYM;
}

static void
find_eponyms (VeilTextDocument *doc)
{
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      gboolean strict;
      if (!eponym_flags (doc, i, &strict))
        continue;
      if (t->letter_case == VEIL_TEXT_CASE_LOWER && !g_str_has_prefix (t->folded, "NON-"))
        continue;

      gsize start = t->start, end = t->end;
      gboolean context = FALSE;
      guint j = i + 1;
      if (j < doc->tokens->len && tok (doc, j)->type == VEIL_TEXT_TOKEN_PUNCT
          && tok (doc, j)->start == t->end && (t->flags & VEIL_TEXT_TOKEN_POSSESSIVE))
        end = tok (doc, j++)->end;

      /* Chains: "Hunt and Hess", "Kellgren Lawrence", "Ivor Lewis", "Salter Harris". */
      while (j < doc->tokens->len && same_line (doc, i, j))
        {
          gboolean s2;
          guint k = j;
          if ((veil_text_document_token_is (doc, k, "AND") || is_char (doc, k, '&')) && k + 1 < doc->tokens->len)
            k++;
          if (!eponym_flags (doc, k, &s2) || tok (doc, k)->letter_case == VEIL_TEXT_CASE_LOWER)
            break;
          end = tok (doc, k)->end;
          j = k + 1;
          if (j < doc->tokens->len && tok (doc, j)->type == VEIL_TEXT_TOKEN_PUNCT
              && tok (doc, j)->start == tok (doc, k)->end && (tok (doc, k)->flags & VEIL_TEXT_TOKEN_POSSESSIVE))
            end = tok (doc, j++)->end;
        }

      if (j < doc->tokens->len && same_line (doc, i, j) && tok (doc, j)->type == VEIL_TEXT_TOKEN_WORD
          && (tok (doc, j)->lex & VEIL_LEX_HEAD_NOUN))
        {
          end = tok (doc, j)->end;
          context = TRUE;
          j++;
        }
      /* A grade after the name: "Bosniak IIF", "Weber B", "Gleason 3+4=7", "Garden III",
       * "Clark level IV". */
      guint g = j;
      if (context && g < doc->tokens->len && is_grade_value (doc, g) && same_line (doc, i, g))
        end = tok (doc, g)->end;
      else if (is_grade_value (doc, g) && same_line (doc, i, g))
        {
          end = tok (doc, g)->end;
          context = TRUE;
          /* "3+4=7", "(3+4)". */
          guint k = g + 1;
          while (k + 1 < doc->tokens->len && same_line (doc, i, k)
                 && (is_char (doc, k, '+') || is_char (doc, k, '=')) && tok (doc, k + 1)->type == VEIL_TEXT_TOKEN_NUMBER)
            {
              end = tok (doc, k + 1)->end;
              k += 2;
            }
        }
      /* "pouch of Douglas", "circle of Willis". */
      if (i >= 2 && veil_text_document_token_is (doc, i - 1, "OF") && same_line (doc, i - 2, i)
          && (tok (doc, i - 2)->lex & VEIL_LEX_OF_NOUN))
        {
          start = tok (doc, i - 2)->start;
          context = TRUE;
        }
      if (!strict && !context)
        continue;
      veil_text_document_add (doc, start, end, VEIL_TEXT_KIND_PROTECTED, VEIL_TEXT_PRIORITY_PROTECTED,
                              context ? "eponym in a clinical term" : "eponym");
      i = veil_text_document_token_at (doc, end) - 1;
      if (i + 1 == 0)
        break;
    }
}

/* The unit at `p` (after optional spaces), or 0: "mm", "HU", "%", "mmol/L". */
static gsize
unit_at (const VeilTextDocument *doc, gsize p, gsize *out_start)
{
  gsize s = p;
  if (s < doc->len && doc->text[s] == ' ')
    s++;
  gsize e = s;
  while (e < doc->len && !g_ascii_isspace (doc->text[e]) && !strchr (",;()[]", doc->text[e])
         && e - s < 12)
    e++;
  while (e > s)
    {
      if (veil_text_lexicon_is_unit (doc->text + s, e - s))
        {
          /* A unit is a whole word: "m" of "metastasis" is not metres. */
          if (e < doc->len && g_ascii_isalpha (doc->text[e]) && g_ascii_isalpha (doc->text[e - 1]))
            return 0;
          *out_start = s;
          return e - s;
        }
      e--;
    }
  return 0;
}

/* The end of a number at token i: "12", "3.5", "3-4"; or 0. */
static gsize
number_end (const VeilTextDocument *doc, guint i, guint *next)
{
  if (i >= doc->tokens->len || tok (doc, i)->type != VEIL_TEXT_TOKEN_NUMBER)
    return 0;
  gsize end = tok (doc, i)->end;
  guint k = i + 1;
  if (k + 1 < doc->tokens->len && is_char (doc, k, '.') && tok (doc, k)->start == end
      && tok (doc, k + 1)->type == VEIL_TEXT_TOKEN_NUMBER && tok (doc, k + 1)->start == tok (doc, k)->end)
    {
      end = tok (doc, k + 1)->end;
      k += 2;
    }
  *next = k;
  return end;
}

static void
find_measurements (VeilTextDocument *doc)
{
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      /* "12mm", "1.5T", "100mg": a number with its unit glued on. */
      if (t->type == VEIL_TEXT_TOKEN_ALNUM && g_ascii_isdigit (doc->text[t->start]))
        {
          gsize k = t->start;
          while (k < t->end && (g_ascii_isdigit (doc->text[k]) || doc->text[k] == '.'))
            k++;
          if (k < t->end && veil_text_lexicon_is_unit (doc->text + k, t->end - k))
            veil_text_document_add (doc, t->start, t->end, VEIL_TEXT_KIND_PROTECTED,
                                    VEIL_TEXT_PRIORITY_PROTECTED_NUMBER, "measurement");
          continue;
        }
      guint next;
      gsize end = number_end (doc, i, &next);
      if (end == 0)
        continue;
      gsize start = t->start;
      /* Dimensions: "3.2 x 1.5 x 0.8 cm". */
      for (;;)
        {
          guint x = next;
          if (x + 1 >= doc->tokens->len)
            break;
          const VeilTextToken *xt = tok (doc, x);
          gboolean times = (xt->end - xt->start == 1 && (doc->text[xt->start] == 'x' || doc->text[xt->start] == 'X'))
                           || (xt->end - xt->start == 2 && memcmp (doc->text + xt->start, "\xc3\x97", 2) == 0);
          guint n2;
          gsize e2 = times ? number_end (doc, x + 1, &n2) : 0;
          if (!e2)
            break;
          end = e2;
          next = n2;
        }
      gsize us;
      gsize ul = unit_at (doc, end, &us);
      if (ul == 0)
        continue;
      veil_text_document_add (doc, start, us + ul, VEIL_TEXT_KIND_PROTECTED,
                              VEIL_TEXT_PRIORITY_PROTECTED_NUMBER, "measurement");
      i = veil_text_document_token_at (doc, us + ul) - 1;
    }
}

/* "L4/5", "C5-6", "T12/L1", "S1". */
static gboolean
vertebral (const char *s, gsize n)
{
  gsize i = 0;
  if (n < 2 || !strchr ("CTLS", s[0]))
    return FALSE;
  i = 1;
  gsize d = 0;
  while (i < n && g_ascii_isdigit (s[i]) && d < 2)
    i++, d++;
  if (d == 0)
    return FALSE;
  if (i == n)
    return TRUE;
  if (s[i] != '/' && s[i] != '-')
    return FALSE;
  i++;
  if (i < n && strchr ("CTLS", s[i]))
    i++;
  d = 0;
  while (i < n && g_ascii_isdigit (s[i]) && d < 2)
    i++, d++;
  return d > 0 && i == n;
}

/* TNM: "pT2", "N0", "M1a", "ypT3", "pT2N0M0", "L0", "V1", "R0", "Pn0", "G2". */
static gboolean
tnm (const char *s, gsize n)
{
  gsize i = 0;
  guint parts = 0;
  while (i < n && strchr ("yrapcum", s[i]) && i < 3)
    i++;
  while (i < n)
    {
      if (s[i] == 'P' && i + 1 < n && s[i + 1] == 'n')
        i += 2;
      else if (strchr ("TNMLVRG", s[i]))
        i++;
      else
        return FALSE;
      if (i >= n)
        return FALSE;
      if (g_ascii_isdigit (s[i]) || s[i] == 'X' || s[i] == 'x')
        i++;
      else if (i + 1 < n && s[i] == 'i' && s[i + 1] == 's')
        i += 2;
      else
        return FALSE;
      while (i < n && strchr ("abcdi()m", s[i]))
        i++;
      parts++;
    }
  return parts > 0;
}

static void
find_scores (VeilTextDocument *doc)
{
  static const char *const score_words[] = { "GRADE", "GROUP", "STAGE", "SCORE", "LEVEL", "TYPE",
                                              "CLASS", "CATEGORY", "PATTERN", "TIER", "U" };
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      const char *s = doc->text + t->start;
      gsize n = t->end - t->start;

      if ((t->type == VEIL_TEXT_TOKEN_ALNUM || t->type == VEIL_TEXT_TOKEN_WORD) && n <= 12)
        {
          gsize e = t->end;
          /* "L4/5", "T12/L1": the slash splits tokens. */
          guint k = i;
          while (k + 2 < doc->tokens->len && is_char (doc, k + 1, '/') && tok (doc, k + 1)->start == tok (doc, k)->end
                 && tok (doc, k + 2)->start == tok (doc, k + 1)->end && tok (doc, k + 2)->type != VEIL_TEXT_TOKEN_PUNCT)
            {
              e = tok (doc, k + 2)->end;
              k += 2;
            }
          if (vertebral (s, e - t->start) || (t->type == VEIL_TEXT_TOKEN_ALNUM && tnm (s, n)))
            {
              veil_text_document_add (doc, t->start, e, VEIL_TEXT_KIND_PROTECTED,
                                      VEIL_TEXT_PRIORITY_PROTECTED_NUMBER, "clinical code");
              i = k;
              continue;
            }
        }
      if (t->folded == NULL || !strchr ("BPLTOCKMGSTUR", t->folded[0]))
        continue;
      /* "BI-RADS 4", "PI-RADS 3", "Ki-67 20%", "Grade Group 2", "Fisher grade 3". */
      gboolean named = g_str_has_suffix (t->folded, "-RADS") || g_str_equal (t->folded, "KI-67")
                       || g_str_equal (t->folded, "KI67") || g_str_equal (t->folded, "MIB-1");
      for (guint w = 0; w < G_N_ELEMENTS (score_words) && !named; w++)
        named = g_str_equal (t->folded, score_words[w]) && (w < 10 || t->letter_case == VEIL_TEXT_CASE_UPPER);
      if (!named)
        continue;
      guint k = i + 1;
      while (k < doc->tokens->len && same_line (doc, i, k) && (is_char (doc, k, ':') || is_char (doc, k, '=')))
        k++;
      if (k < doc->tokens->len && same_line (doc, i, k)
          && (veil_text_document_token_is (doc, k, "GROUP") || veil_text_document_token_is (doc, k, "SCORE")))
        k++;
      if (!is_grade_value (doc, k) || !same_line (doc, i, k))
        continue;
      gsize end = tok (doc, k)->end;
      if (k + 1 < doc->tokens->len && is_char (doc, k + 1, '%'))
        end = tok (doc, k + 1)->end;
      veil_text_document_add (doc, t->start, end, VEIL_TEXT_KIND_PROTECTED,
                              VEIL_TEXT_PRIORITY_PROTECTED_NUMBER, "score");
      i = k;
    }
}

/* Eponymous terms of several words, some of which read as a title and a name ("Sister Mary
 * Joseph nodule") or as a place ("Barcelona Clinic"): kept over any name or institution. */
static void
find_eponym_phrases (VeilTextDocument *doc)
{
  static const char *const phrases[][5] = {
    { "SISTER", "MARY", "JOSEPH", NULL }, { "HOMER", "WRIGHT", NULL }, { "IVOR", "LEWIS", NULL },
    { "BARCELONA", "CLINIC", NULL }, { "HUNT", "AND", "HESS", NULL }, { "VAN", "NUYS", NULL },
    { "LOS", "ANGELES", NULL }, { "ANN", "ARBOR", NULL }, { "LEGG", "CALVE", "PERTHES", NULL },
    { "OSGOOD", "SCHLATTER", NULL }, { "SINDING", "LARSEN", NULL }, { "GUILLAIN", "BARRE", NULL },
    { "CHARCOT", "MARIE", "TOOTH", NULL }, { "BRAXTON", "HICKS", NULL }, { "ROUX", "EN", "Y", NULL },
    { "GRAHAM", "STEELL", NULL }, { "AUSTIN", "FLINT", NULL }, { "CHEYNE", "STOKES", NULL },
    { "KIKUCHI", "FUJIMOTO", NULL }, { "WOLFF", "PARKINSON", "WHITE", NULL }, { "DE", "QUERVAIN", NULL },
    { "VON", "WILLEBRAND", NULL }, { "VON", "RECKLINGHAUSEN", NULL }, { "VON", "HIPPEL", NULL },
    { "VON", "MEYENBURG", NULL }, { "FITZ", "HUGH", "CURTIS", NULL }, { "BLOOM", "RICHARDSON", NULL },
    { "ELSTON", "ELLIS", NULL }, { "KELLGREN", "LAWRENCE", NULL }, { "SALTER", "HARRIS", NULL },
    { "HILL", "SACHS", NULL }, { "REED", "STERNBERG", NULL }, { "MAY", "THURNER", NULL },
    { "PAGET", "SCHROETTER", NULL }, { "WILLIAMS", "CAMPBELL", NULL }, { "HAND", "SCHULLER", "CHRISTIAN", NULL },
    { "HALLERVORDEN", "SPATZ", NULL }, { "STURGE", "WEBER", NULL }, { "PEUTZ", "JEGHERS", NULL },
    { "BRUGADA", NULL },
  };
  static GHashTable *first_words; /* the first word of each phrase (its prefix before '-') */
  static gsize ready;
  if (g_once_init_enter (&ready))
    {
      GHashTable *h = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint p = 0; p < G_N_ELEMENTS (phrases); p++)
        g_hash_table_add (h, (gpointer) phrases[p][0]);
      first_words = h;
      g_once_init_leave (&ready, 1);
    }

  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      if (t->type != VEIL_TEXT_TOKEN_WORD || t->letter_case == VEIL_TEXT_CASE_LOWER)
        continue;
      char head[32];
      gsize hn = strcspn (t->folded, "-");
      if (hn >= sizeof head)
        continue;
      memcpy (head, t->folded, hn);
      head[hn] = '\0';
      if (!g_hash_table_contains (first_words, head))
        continue;
      for (guint p = 0; p < G_N_ELEMENTS (phrases); p++)
        {
          guint k = i, w = 0;
          for (; phrases[p][w] != NULL; w++)
            {
              while (k < doc->tokens->len && tok (doc, k)->type == VEIL_TEXT_TOKEN_PUNCT
                     && strchr ("-", doc->text[tok (doc, k)->start]) && w > 0)
                k++;
              /* Hyphenated forms are one token: compare its parts. */
              if (k >= doc->tokens->len || !same_line (doc, i, k))
                break;
              const char *f = tok (doc, k)->folded;
              if (f == NULL)
                break;
              gsize n = strlen (phrases[p][w]);
              if (g_str_equal (f, phrases[p][w]))
                {
                  k++;
                  continue;
                }
              /* "Salter-Harris": consume as many phrase words as the token holds. */
              if (strncmp (f, phrases[p][w], n) == 0 && f[n] == '-')
                {
                  const char *rest = f + n + 1;
                  while (phrases[p][w + 1] != NULL && strncmp (rest, phrases[p][w + 1], strlen (phrases[p][w + 1])) == 0)
                    {
                      w++;
                      rest += strlen (phrases[p][w]);
                      if (*rest == '-')
                        rest++;
                      else
                        break;
                    }
                  k++;
                  continue;
                }
              break;
            }
          if (phrases[p][w] != NULL || w < 2)
            continue;
          veil_text_document_add (doc, t->start, tok (doc, k - 1)->end, VEIL_TEXT_KIND_PROTECTED,
                                  VEIL_TEXT_PRIORITY_STRONG_PATTERN - 2, "eponym");
          i = k - 1;
          break;
        }
    }
}

/* A capitalised word the lists do not know, in an eponym's place: "Ogilvie syndrome",
 * "Kager's fat pad", "Ryan score". Below a known name, so "Smith's lesion" about a
 * patient called Smith is still the patient; above a guessed one. */
static void
find_eponym_shapes (VeilTextDocument *doc)
{
  for (guint i = 0; i + 1 < doc->tokens->len; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      if (t->type != VEIL_TEXT_TOKEN_WORD || t->letter_case != VEIL_TEXT_CASE_TITLE
          || (t->lex & (VEIL_LEX_EPONYM | VEIL_LEX_STOP | VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF
                        | VEIL_LEX_GENERIC_PLACE | VEIL_LEX_INSTITUTION | VEIL_LEX_STREET)))
        continue;
      /* Not after a title or a given name: "Dr Smith test", "John Smith test". */
      if (i > 0 && (tok (doc, i - 1)->lex & (VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF | VEIL_LEX_GIVEN))
          && tok (doc, i - 1)->letter_case != VEIL_TEXT_CASE_LOWER && same_line (doc, i - 1, i))
        continue;
      guint j = i + 1;
      if ((t->flags & VEIL_TEXT_TOKEN_POSSESSIVE) && tok (doc, j)->type == VEIL_TEXT_TOKEN_PUNCT)
        j++;
      if (j < doc->tokens->len && same_line (doc, i, j) && tok (doc, j)->type == VEIL_TEXT_TOKEN_WORD
          && tok (doc, j)->letter_case == VEIL_TEXT_CASE_LOWER
          && !(tok (doc, j)->lex & VEIL_LEX_HEAD_NOUN) && j + 1 < doc->tokens->len
          && (tok (doc, j + 1)->lex & VEIL_LEX_HEAD_NOUN) && same_line (doc, i, j + 1)
          && (t->flags & VEIL_TEXT_TOKEN_POSSESSIVE))
        j++; /* "Kager's fat pad" */
      if (j >= doc->tokens->len || !same_line (doc, i, j) || !(tok (doc, j)->lex & VEIL_LEX_HEAD_NOUN)
          || (tok (doc, j)->lex & VEIL_LEX_INSTITUTION) || tok (doc, j)->letter_case == VEIL_TEXT_CASE_UPPER)
        continue;
      gsize start = t->start;
      /* "Anderson and D'Alonzo type II", "Hunt & Hess grade": the first name too. */
      if (i >= 2 && (veil_text_document_token_is (doc, i - 1, "AND") || is_char (doc, i - 1, '&'))
          && tok (doc, i - 2)->type == VEIL_TEXT_TOKEN_WORD
          && tok (doc, i - 2)->letter_case == VEIL_TEXT_CASE_TITLE && same_line (doc, i - 2, i))
        start = tok (doc, i - 2)->start;
      /* "Johns Hopkins protocol": a capitalised word before it that is not a given name. */
      else if (i >= 1 && tok (doc, i - 1)->type == VEIL_TEXT_TOKEN_WORD
               && tok (doc, i - 1)->letter_case == VEIL_TEXT_CASE_TITLE && same_line (doc, i - 1, i)
               && !(tok (doc, i - 1)->lex & (VEIL_LEX_GIVEN | VEIL_LEX_STOP | VEIL_LEX_TITLE_PERSON
                                             | VEIL_LEX_TITLE_STAFF | VEIL_LEX_GENERIC_PLACE)))
        start = tok (doc, i - 1)->start;
      veil_text_document_add (doc, start, tok (doc, j)->end, VEIL_TEXT_KIND_PROTECTED,
                              VEIL_TEXT_PRIORITY_KNOWN_PART - 2, "eponym-like term");
    }
}

void
veil_text_find_clinical (VeilTextDocument *doc)
{
  find_eponym_phrases (doc);
  find_eponym_shapes (doc);
  find_eponyms (doc);
  find_measurements (doc);
  find_scores (doc);
}
