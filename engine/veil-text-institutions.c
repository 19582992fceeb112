/* veil-text-institutions.c: institution names (see veil-text-institutions.h). */

#include "veil-text-institutions.h"

#include "veil-text-departments.h"

#include <string.h>

#define tok(doc, i) veil_text_document_token ((doc), (i))

static gboolean
capital (const VeilTextToken *t)
{
  return t->letter_case == VEIL_TEXT_CASE_TITLE || t->letter_case == VEIL_TEXT_CASE_UPPER;
}

/* A word that says nothing about which institution it is. */
static gboolean
generic (const VeilTextToken *t)
{
  return (t->lex & (VEIL_LEX_GENERIC_PLACE | VEIL_LEX_INSTITUTION)) != 0;
}

/* Joiners inside a name before its keyword: "and", "&", "St.", "'s". Not "of": "Dr Paul
 * Harding of Canal Street Surgery" is a person, then the institution. */
static gboolean
joiner (const VeilTextDocument *doc, guint i)
{
  const VeilTextToken *t = tok (doc, i);
  if (t->type == VEIL_TEXT_TOKEN_PUNCT)
    {
      gsize n = t->end - t->start;
      char c = doc->text[t->start];
      return (n == 1 && (c == '&' || c == '.' || c == '\'')) || n > 1; /* "'s", "Thomas'" */
    }
  return veil_text_document_token_is (doc, i, "AND");
}

/* The keyword is an institution here: "Home" only after Nursing/Care, "Board" only after
 * Health, "Trust" after NHS or a name. */
static gboolean
keyword_here (const VeilTextDocument *doc, guint i)
{
  const VeilTextToken *t = tok (doc, i);
  if (!(t->lex & VEIL_LEX_INSTITUTION) || !capital (t))
    return FALSE;
  if (veil_text_document_token_is (doc, i, "HOME"))
    return i > 0 && (veil_text_document_token_is (doc, i - 1, "NURSING")
                     || veil_text_document_token_is (doc, i - 1, "CARE")
                     || veil_text_document_token_is (doc, i - 1, "RESIDENTIAL"));
  if (veil_text_document_token_is (doc, i, "BOARD"))
    return i > 0 && veil_text_document_token_is (doc, i - 1, "HEALTH");
  if (veil_text_document_token_is (doc, i, "GROUP"))
    return i > 0 && (veil_text_document_token_is (doc, i - 1, "MEDICAL")
                     || veil_text_document_token_is (doc, i - 1, "HEALTH")
                     || veil_text_document_token_is (doc, i - 1, "PRACTICE")
                     || veil_text_document_token_is (doc, i - 1, "HEALTHCARE"));
  return TRUE;
}

static void
add_institution (VeilTextDocument *doc, gsize start, gsize end, const char *reason)
{
  /* "SYMPTOMATIC BREAST CLINIC", "Fetal Medicine Unit": a service, not a place. */
  if (veil_text_is_department_name (doc->text + start, (gssize) (end - start)))
    return;
  VeilTextCandidate *c = veil_text_document_add (doc, start, end, VEIL_TEXT_KIND_INSTITUTION,
                                                 VEIL_TEXT_PRIORITY_INSTITUTION, reason);
  c->value = veil_text_fold (doc->text + start, end - start);
}

/* "Ward 7", "Ward 21B", "ward C3", "Nightingale Ward". */
static gboolean
find_ward (VeilTextDocument *doc, guint i)
{
  const VeilTextToken *t = tok (doc, i);
  if (!veil_text_document_token_is (doc, i, "WARD"))
    return FALSE;
  if (i + 1 < doc->tokens->len)
    {
      const VeilTextToken *n = tok (doc, i + 1);
      gsize len = n->end - n->start;
      gboolean id = n->line == t->line
                    && ((n->type == VEIL_TEXT_TOKEN_NUMBER && len <= 3)
                        || (n->type == VEIL_TEXT_TOKEN_ALNUM && len <= 4)
                        || (n->type == VEIL_TEXT_TOKEN_WORD && len == 1 && n->letter_case == VEIL_TEXT_CASE_UPPER));
      if (id && !(i + 2 < doc->tokens->len && veil_text_document_token_is_char (doc, i + 2, '%')))
        {
          /* "Ward 12 (Lark)": the ward's name in brackets after its number names it too. */
          gsize end = n->end;
          if (i + 4 < doc->tokens->len && veil_text_document_token_is_char (doc, i + 2, '(')
              && veil_text_document_token_is_char (doc, i + 4, ')') && tok (doc, i + 4)->line == t->line
              && tok (doc, i + 3)->type == VEIL_TEXT_TOKEN_WORD && capital (tok (doc, i + 3))
              && !(tok (doc, i + 3)->lex & VEIL_LEX_STOP))
            end = tok (doc, i + 4)->end;
          add_institution (doc, t->start, end, "pattern, ward");
          return TRUE;
        }
    }
  if (i > 0 && capital (t))
    {
      const VeilTextToken *p = tok (doc, i - 1);
      if (p->type == VEIL_TEXT_TOKEN_WORD && p->line == t->line && capital (p) && !generic (p)
          && !(t->flags & VEIL_TEXT_TOKEN_GAP_BEFORE) && p->end - p->start > 1
          && !(p->lex & VEIL_LEX_STOP) && !(p->flags & VEIL_TEXT_TOKEN_SENTENCE_START && p->lex))
        {
          add_institution (doc, p->start, t->end, "pattern, ward");
          return TRUE;
        }
    }
  return FALSE;
}

/* Scottish and Welsh boards: "NHS Lothian", "NHS Greater Glasgow and Clyde". */
static gboolean
find_nhs_board (VeilTextDocument *doc, guint i)
{
  static const char *const national[] = { "ENGLAND", "SCOTLAND", "WALES", "DIGITAL", "DIRECT",
                                          "CHOICES", "LOGIN", "APP", "SPINE", "NUMBER", "NO" };
  if (!veil_text_document_token_is (doc, i, "NHS") || i + 1 >= doc->tokens->len)
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  guint k = i + 1, last = i;
  gboolean identifying = FALSE;
  while (k < doc->tokens->len && tok (doc, k)->line == t->line && k - i <= 6)
    {
      const VeilTextToken *w = tok (doc, k);
      if (w->type == VEIL_TEXT_TOKEN_WORD && capital (w))
        {
          gboolean nat = FALSE;
          for (guint n = 0; n < G_N_ELEMENTS (national) && !nat; n++)
            nat = g_str_equal (w->folded, national[n]);
          if (nat || (w->lex & (VEIL_LEX_INSTITUTION | VEIL_LEX_STOP)) || (k == i + 1 && generic (w)
                                                                          && !veil_text_document_token_is (doc, k, "GREATER")))
            break;
          identifying |= !generic (w);
          last = k++;
          continue;
        }
      if ((veil_text_document_token_is (doc, k, "AND") || veil_text_document_token_is_char (doc, k, '&'))
          && last == k - 1)
        {
          k++;
          continue;
        }
      break;
    }
  if (!identifying || last == i)
    return FALSE;
  add_institution (doc, t->start, tok (doc, last)->end, "pattern, NHS board");
  return TRUE;
}

/* Welsh names put the keyword first: "Ysbyty Glan Teifi", "Meddygfa Tywyn", "Canolfan Iechyd
 * Aberaeron". The capitalised words after it, on its line, are the name. */
static gboolean
find_welsh_institution (VeilTextDocument *doc, guint i)
{
  static const char *const keywords[] = { "YSBYTY", "MEDDYGFA", "CANOLFAN", "CLINIG", "BWRDD" };
  gboolean keyword = FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (keywords) && !keyword; k++)
    keyword = veil_text_document_token_is (doc, i, keywords[k]);
  if (!keyword || !capital (tok (doc, i)))
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  guint last = i;
  for (guint k = i + 1; k < doc->tokens->len && k - i <= 4; k++)
    {
      const VeilTextToken *w = tok (doc, k);
      if (w->line != t->line || w->type != VEIL_TEXT_TOKEN_WORD || !capital (w)
          || (w->flags & VEIL_TEXT_TOKEN_GAP_BEFORE))
        break;
      last = k;
    }
  if (last == i)
    return FALSE;
  add_institution (doc, t->start, tok (doc, last)->end, "pattern, Welsh institution");
  return TRUE;
}

void
veil_text_find_institutions (VeilTextDocument *doc)
{
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      if (find_ward (doc, i) || find_nhs_board (doc, i) || find_welsh_institution (doc, i))
        continue;
      if (!keyword_here (doc, i))
        continue;
      const VeilTextToken *t = tok (doc, i);

      /* Left: capitalised words and joiners on the same line. */
      guint first = i;
      guint k = i;
      while (k > 0 && i - k < 8)
        {
          const VeilTextToken *p = tok (doc, k - 1);
          if (p->line != t->line || (tok (doc, k)->flags & VEIL_TEXT_TOKEN_GAP_BEFORE))
            break;
          if (p->lex & (VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF))
            break;
          if (p->type == VEIL_TEXT_TOKEN_WORD && capital (p)
              && (!(p->lex & VEIL_LEX_STOP) || generic (p) || (p->lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME))))
            {
              k--;
              first = k;
              continue;
            }
          if (joiner (doc, k - 1) && k >= 2 && tok (doc, k - 2)->line == t->line)
            {
              k--;
              continue;
            }
          break;
        }
      /* Right: more keywords and generic words ("Hospital NHS Foundation Trust"), and
       * "of Edinburgh". */
      guint last = i;
      k = i + 1;
      while (k < doc->tokens->len && tok (doc, k)->line == t->line && k - i < 8
             && !(tok (doc, k)->flags & VEIL_TEXT_TOKEN_GAP_BEFORE))
        {
          const VeilTextToken *n = tok (doc, k);
          if (n->type == VEIL_TEXT_TOKEN_WORD && capital (n) && generic (n))
            {
              last = k++;
              continue;
            }
          if (veil_text_document_token_is (doc, k, "OF") && k + 1 < doc->tokens->len
              && tok (doc, k + 1)->type == VEIL_TEXT_TOKEN_WORD && capital (tok (doc, k + 1))
              && !(tok (doc, k + 1)->lex & VEIL_LEX_STOP))
            {
              last = k + 1;
              k += 2;
              continue;
            }
          break;
        }
      /* Leading joiners and "The" are not part of the name. */
      while (first < i && (joiner (doc, first) || veil_text_document_token_is (doc, first, "THE")))
        first++;

      /* At least one word that is not generic: the identifying part. */
      gboolean identifying = FALSE;
      for (guint m = first; m <= last && !identifying; m++)
        {
          const VeilTextToken *w = tok (doc, m);
          identifying = w->type == VEIL_TEXT_TOKEN_WORD && !generic (w) && !(w->lex & VEIL_LEX_STOP
                        && !(w->lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)))
                        && !veil_text_document_token_is (doc, m, "OF")
                        && !veil_text_document_token_is (doc, m, "AND");
        }
      /* "Mayo Clinic criteria", "Cleveland Clinic score": the name of a score. */
      gboolean score_name = last + 1 < doc->tokens->len && tok (doc, last + 1)->line == t->line
                            && (tok (doc, last + 1)->lex & VEIL_LEX_HEAD_NOUN)
                            && tok (doc, last + 1)->letter_case == VEIL_TEXT_CASE_LOWER;
      if (!identifying || score_name)
        {
          i = last;
          continue;
        }
      add_institution (doc, tok (doc, first)->start, tok (doc, last)->end, "pattern, institution");
      i = last;
    }
}

char *
veil_text_institution_tail (const char *name, gboolean *ward_first)
{
  g_auto (GStrv) words = g_strsplit (name, " ", -1);
  guint n = g_strv_length (words);
  guint start = n;

  *ward_first = n > 0 && g_ascii_strcasecmp (words[0], "Ward") == 0;
  if (*ward_first)
    return g_strdup (words[0]);
  /* The generic words at the end, but not "of …" and not every word. */
  while (start > 1)
    {
      g_autofree char *f = veil_text_fold (words[start - 1], strlen (words[start - 1]));
      guint lex = veil_text_lexicon_lookup (f);
      if (!(lex & (VEIL_LEX_GENERIC_PLACE | VEIL_LEX_INSTITUTION)) || g_str_equal (f, "OF")
          || g_str_equal (f, "AND") || g_str_equal (f, "THE") || g_str_equal (f, "ST"))
        break;
      start--;
    }
  if (start == n)
    return g_strdup ("");
  return g_strjoinv (" ", words + start);
}
