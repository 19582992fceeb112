/* veil-text-numbers.c: identifying numbers (see veil-text-numbers.h). */

#include "veil-text-numbers.h"

#include "veil-pseudonyms.h"

#include <string.h>

char *
veil_text_digits (const char *text, gsize len)
{
  GString *out = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    if (g_ascii_isdigit (text[i]))
      g_string_append_c (out, text[i]);
  return g_string_free (out, FALSE);
}

gboolean
veil_text_is_nhs_number (const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]) && text[i] != ' ' && text[i] != '-')
      return FALSE;
  g_autofree char *digits = veil_text_digits (text, len);
  return veil_nhs_number_is_valid (digits);
}

char *
veil_text_copy_digit_layout (const char *original, gsize len, const char *new_digits)
{
  g_autofree char *digits = veil_text_digits (original, len);
  if (strlen (digits) != strlen (new_digits))
    return g_strdup (new_digits);

  GString *out = g_string_sized_new (len);
  const char *d = new_digits;
  for (gsize i = 0; i < len; i++)
    g_string_append_c (out, g_ascii_isdigit (original[i]) ? *d++ : original[i]);
  return g_string_free (out, FALSE);
}

int
veil_text_kind_of_id_word (const char *w)
{
  static const struct {
    const char *word;
    int kind;
  } words[] = {
    { "NHS", VEIL_TEXT_KIND_NHS_NUMBER },
    { "CHI", VEIL_TEXT_KIND_NHS_NUMBER },
    { "H&C", VEIL_TEXT_KIND_NHS_NUMBER },
    { "HOSPITAL", VEIL_TEXT_KIND_HOSPITAL_NUMBER },
    { "HOSP", VEIL_TEXT_KIND_HOSPITAL_NUMBER },
    { "MRN", VEIL_TEXT_KIND_HOSPITAL_NUMBER },
    { "UNIT", VEIL_TEXT_KIND_HOSPITAL_NUMBER },
    { "PAS", VEIL_TEXT_KIND_HOSPITAL_NUMBER },
    { "CRN", VEIL_TEXT_KIND_HOSPITAL_NUMBER },
    { "RXH", VEIL_TEXT_KIND_HOSPITAL_NUMBER },
    { "PATIENT", VEIL_TEXT_KIND_HOSPITAL_NUMBER },
    { "CASENOTE", VEIL_TEXT_KIND_HOSPITAL_NUMBER },
    { "ACCESSION", VEIL_TEXT_KIND_ACCESSION },
    { "ACC", VEIL_TEXT_KIND_ACCESSION },
    { "LAB", VEIL_TEXT_KIND_ACCESSION },
    { "LABORATORY", VEIL_TEXT_KIND_ACCESSION },
    { "SPECIMEN", VEIL_TEXT_KIND_ACCESSION },
    { "SAMPLE", VEIL_TEXT_KIND_ACCESSION },
    { "REQUEST", VEIL_TEXT_KIND_ACCESSION },
    { "ORDER", VEIL_TEXT_KIND_ACCESSION },
    { "EPISODE", VEIL_TEXT_KIND_ACCESSION },
    { "HISTOLOGY", VEIL_TEXT_KIND_ACCESSION },
    { "CYTOLOGY", VEIL_TEXT_KIND_ACCESSION },
    { "PATHOLOGY", VEIL_TEXT_KIND_ACCESSION },
    { "RIS", VEIL_TEXT_KIND_ACCESSION },
    { "EXAM", VEIL_TEXT_KIND_ACCESSION },
    { "EXAMINATION", VEIL_TEXT_KIND_ACCESSION },
    { "STUDY", VEIL_TEXT_KIND_ACCESSION },
    { "REF", VEIL_TEXT_KIND_ACCESSION },
    { "REFERENCE", VEIL_TEXT_KIND_ACCESSION },
    { "REPORT", VEIL_TEXT_KIND_ACCESSION },
    { "SLIDE", VEIL_TEXT_KIND_ACCESSION },
    { "CASE", VEIL_TEXT_KIND_ACCESSION },
    { "GMC", VEIL_TEXT_KIND_PROFESSIONAL_ID },
    { "NMC", VEIL_TEXT_KIND_PROFESSIONAL_ID },
    { "HCPC", VEIL_TEXT_KIND_PROFESSIONAL_ID },
    { "GPHC", VEIL_TEXT_KIND_PROFESSIONAL_ID },
    { "PIN", VEIL_TEXT_KIND_PROFESSIONAL_ID },
  };
  static GHashTable *index;
  static gsize ready;
  if (g_once_init_enter (&ready))
    {
      GHashTable *h = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        g_hash_table_insert (h, (gpointer) words[i].word, GINT_TO_POINTER (words[i].kind + 1));
      index = h;
      g_once_init_leave (&ready, 1);
    }
  return GPOINTER_TO_INT (g_hash_table_lookup (index, w)) - 1;
}

typedef struct {
  const char *text;
  gsize len;
} Source;

static gboolean
digit_at (const Source *s, gsize i)
{
  return i < s->len && g_ascii_isdigit (s->text[i]);
}

static gboolean
alnum_at (const Source *s, gsize i)
{
  return i < s->len && (g_ascii_isalnum (s->text[i]) || (guchar) s->text[i] >= 0x80);
}

/* Digits in groups separated by one space or dash: "943 476 5919", "01632 960123".
 * Stops before `max_digits` would be exceeded. Returns the end; `lens` gets the group
 * lengths (at most 6). */
static gsize
read_groups (const Source *s, gsize i, guint max_digits, guint *n_digits, guint *lens,
             guint *n_groups)
{
  gsize p = i, end = i;
  guint total = 0, groups = 0;

  while (digit_at (s, p) && groups < 6)
    {
      gsize start = p;
      while (digit_at (s, p))
        p++;
      guint n = (guint) (p - start);
      if (total + n > max_digits)
        {
          p = start;
          break;
        }
      total += n;
      lens[groups++] = n;
      end = p;
      if (p + 1 < s->len && (s->text[p] == ' ' || s->text[p] == '-') && digit_at (s, p + 1))
        p++;
      else
        break;
    }
  *n_digits = total;
  *n_groups = groups;
  return end;
}

/* ", ext 1234", " x1234", " Ext. 4567" after a telephone number. */
static gsize
read_extension (const Source *s, gsize i)
{
  gsize p = i;
  if (p < s->len && s->text[p] == ',')
    p++;
  while (p < s->len && s->text[p] == ' ')
    p++;
  if (p < s->len && s->text[p] == '(')
    p++;
  gsize w = p;
  while (p < s->len && g_ascii_isalpha (s->text[p]))
    p++;
  gsize n = p - w;
  gboolean ok = (n == 1 && (s->text[w] == 'x' || s->text[w] == 'X'))
                || ((n == 3 || n == 4 || n == 9)
                    && (g_ascii_strncasecmp (s->text + w, "ext", 3) == 0));
  if (!ok)
    return i;
  if (p < s->len && (s->text[p] == '.' || s->text[p] == ':'))
    p++;
  while (p < s->len && s->text[p] == ' ')
    p++;
  gsize d = p;
  while (digit_at (s, p))
    p++;
  if (p - d < 2 || p - d > 6 || alnum_at (s, p))
    return i;
  if (p < s->len && s->text[p] == ')' && s->text[w - 1] == '(')
    p++;
  return p;
}

/* A UK telephone number starting at i; returns its end (with any extension) or 0. */
static gsize
read_phone (const Source *s, gsize i)
{
  gsize p = i;
  guint lens[6], n_groups, digits;
  gboolean international = FALSE;

  if (s->text[p] == '+' && p + 2 < s->len && s->text[p + 1] == '4' && s->text[p + 2] == '4')
    {
      p += 3;
      international = TRUE;
    }
  else if (p + 3 < s->len && strncmp (s->text + p, "0044", 4) == 0)
    {
      p += 4;
      international = TRUE;
    }

  if (international)
    {
      while (p < s->len && s->text[p] == ' ')
        p++;
      if (p + 2 < s->len && strncmp (s->text + p, "(0)", 3) == 0)
        {
          p += 3;
          while (p < s->len && s->text[p] == ' ')
            p++;
        }
      if (!digit_at (s, p) || s->text[p] == '0')
        return 0;
      gsize end = read_groups (s, p, 10, &digits, lens, &n_groups);
      if (digits < 9 || alnum_at (s, end))
        return 0;
      return read_extension (s, end);
    }

  guint in_parens = 0;
  if (s->text[p] == '(')
    {
      gsize q = p + 1;
      while (digit_at (s, q))
        q++;
      in_parens = (guint) (q - p - 1);
      if (in_parens < 3 || in_parens > 5 || q >= s->len || s->text[q] != ')'
          || s->text[p + 1] != '0')
        return 0;
      p = q + 1;
      while (p < s->len && s->text[p] == ' ')
        p++;
    }
  else if (s->text[p] != '0' || !digit_at (s, p + 1) || s->text[p + 1] == '0')
    return 0;
  else if (s->text[p + 1] == '4' || s->text[p + 1] == '6')
    return 0; /* 04 and 06 are not UK number ranges */

  gsize end = read_groups (s, p, 11 - in_parens, &digits, lens, &n_groups);
  digits += in_parens;
  if (alnum_at (s, end))
    return 0;
  if (digits == 11)
    return read_extension (s, end);
  /* Ten digits: a few areas have them ("016977 4567"), but not in the NHS layout. */
  if (digits == 10 && !(n_groups == 3 && lens[0] == 3 && lens[1] == 3))
    {
      g_autofree char *d = veil_text_digits (s->text + i, end - i);
      if (!veil_nhs_number_is_valid (d))
        return read_extension (s, end);
    }
  return 0;
}

/* The kind a word just before token i implies ("MRN 1234567", "Lab no. 24H01234"). */
static int
context_kind (const VeilTextDocument *doc, guint i, const char **word)
{
  guint seen = 0;
  for (guint k = i; k > 0 && seen < 4; k--)
    {
      const VeilTextToken *t = veil_text_document_token (doc, k - 1);
      if (t->line != veil_text_document_token (doc, i)->line)
        break;
      if (t->type == VEIL_TEXT_TOKEN_PUNCT)
        {
          char c = doc->text[t->start];
          if (strchr (".:#-=(", c) == NULL)
            break;
          continue;
        }
      seen++;
      if (t->folded == NULL)
        break;
      int kind = veil_text_kind_of_id_word (t->folded);
      if (kind >= 0)
        {
          *word = t->folded;
          return kind;
        }
      if (strcmp (t->folded, "NO") != 0 && strcmp (t->folded, "NUMBER") != 0
          && strcmp (t->folded, "NUM") != 0 && strcmp (t->folded, "ID") != 0
          && strcmp (t->folded, "REG") != 0 && strcmp (t->folded, "REGISTRATION") != 0)
        break;
    }
  return -1;
}

static gboolean
is_unit_after (const VeilTextDocument *doc, gsize end)
{
  gsize p = end;
  while (p < doc->len && doc->text[p] == ' ')
    p++;
  gsize q = p;
  while (q < doc->len && !g_ascii_isspace (doc->text[q]) && !strchr (",;()[]", doc->text[q]))
    q++;
  while (q > p && strchr (".:", doc->text[q - 1]))
    q--;
  return q > p && veil_text_lexicon_is_unit (doc->text + p, q - p);
}

/* Letters glued to a number that are a unit: "100mg", "12mm", "1.5T". */
static gboolean
is_number_with_unit (const char *s, gsize len)
{
  gsize i = 0;
  while (i < len && (g_ascii_isdigit (s[i]) || s[i] == '.'))
    i++;
  return i > 0 && i < len && veil_text_lexicon_is_unit (s + i, len - i);
}

static void
add_id (VeilTextDocument *doc, gsize start, gsize end, int kind, int priority,
        const char *reason)
{
  VeilTextCandidate *c = veil_text_document_add (doc, start, end, kind, priority, reason);
  GString *v = g_string_new (NULL);
  for (gsize i = start; i < end; i++)
    if (doc->text[i] != ' ')
      g_string_append_c (v, doc->text[i]);
  c->value = g_string_free (v, FALSE);
}

/* Digits and dots: "1.2.826.0.1.3680043.2.1125.1.123456". */
static gsize
read_uid (const Source *s, gsize i)
{
  gsize p = i;
  guint dots = 0;
  if (!(s->text[i] == '1' || s->text[i] == '2') || i + 1 >= s->len || s->text[i + 1] != '.')
    return 0;
  while (p < s->len && (g_ascii_isdigit (s->text[p]) || (s->text[p] == '.' && digit_at (s, p + 1))))
    {
      if (s->text[p] == '.')
        dots++;
      p++;
    }
  if (dots < 4 || p - i < 10 || alnum_at (s, p))
    return 0;
  return p;
}

/* Tokens joined without spaces by '/' or '_': "S24/12345", "H/24/1234". */
static guint
compound_end (const VeilTextDocument *doc, guint i)
{
  guint j = i;
  while (j + 2 < doc->tokens->len)
    {
      const VeilTextToken *sep = veil_text_document_token (doc, j + 1);
      const VeilTextToken *next = veil_text_document_token (doc, j + 2);
      if (sep->type != VEIL_TEXT_TOKEN_PUNCT || sep->start != veil_text_document_token (doc, j)->end
          || next->start != sep->end || next->type == VEIL_TEXT_TOKEN_PUNCT)
        break;
      char c = doc->text[sep->start];
      if (c != '/' && c != '_')
        break;
      j += 2;
    }
  return j;
}

static void
find_compound_ids (VeilTextDocument *doc)
{
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      /* A prefix in capitals joined to numbers: "IMG/24/5531-A", "HIST/24/00123". */
      gboolean prefix = t->type == VEIL_TEXT_TOKEN_WORD && t->letter_case == VEIL_TEXT_CASE_UPPER
                        && t->end - t->start <= 5 && compound_end (doc, i) > i
                        && (veil_text_document_token (doc, i + 2)->type == VEIL_TEXT_TOKEN_NUMBER
                            || veil_text_document_token (doc, i + 2)->type == VEIL_TEXT_TOKEN_ALNUM);
      if (t->type != VEIL_TEXT_TOKEN_NUMBER && t->type != VEIL_TEXT_TOKEN_ALNUM && !prefix)
        continue;
      guint j = compound_end (doc, i);
      const VeilTextToken *last = veil_text_document_token (doc, j);
      gsize start = t->start, end = last->end;
      const char *s = doc->text + start;
      gsize len = end - start;

      /* Part of a decimal or a longer dotted number: "123456.7", "1.2.840…". */
      if ((start > 0 && doc->text[start - 1] == '.' && start > 1 && g_ascii_isdigit (doc->text[start - 2]))
          || (end + 1 < doc->len && (doc->text[end] == '.' || doc->text[end] == ',')
              && g_ascii_isdigit (doc->text[end + 1])))
        {
          i = j;
          continue;
        }

      guint digits = 0, letters = 0, lower = 0, max_run = 0, run = 0, parts = 1;
      for (gsize k = 0; k < len; k++)
        {
          if (g_ascii_isdigit (s[k]))
            {
              digits++;
              run++;
              max_run = MAX (max_run, run);
              continue;
            }
          run = 0;
          if (g_ascii_isalpha (s[k]))
            {
              letters++;
              if (g_ascii_islower (s[k]))
                lower++;
            }
          else
            parts++;
        }

      const char *word = NULL;
      int kind = context_kind (doc, i, &word);
      gboolean id_like = FALSE;

      if (letters == 0)
        {
          /* Ratios and fractions ("120/80", "3/12"), year ranges ("2019-2020") are not IDs. */
          gboolean year_range = len == 9 && s[4] == '-'
                                && (strncmp (s, "19", 2) == 0 || strncmp (s, "20", 2) == 0);
          id_like = digits >= 6 && max_run >= 4 && !year_range && !(parts > 1 && max_run <= 3);
          if (kind >= 0 && digits >= 4)
            id_like = !year_range;
        }
      else
        {
          /* Letters and digits: hospital numbers "K123456", accessions "RXA00012345",
           * laboratory numbers "H24-12345". Gene, protein and TNM codes have fewer digits. */
          id_like = digits >= 5 && !is_number_with_unit (s, len)
                    && !(lower > 0 && lower == letters && letters > 2);
          if (kind >= 0 && digits >= 3 && letters <= 4)
            id_like = !is_number_with_unit (s, len);
        }
      /* An NMC PIN: 12A3456E. */
      if (len == 8 && g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[1]) && g_ascii_isupper (s[2])
          && g_ascii_isdigit (s[3]) && g_ascii_isdigit (s[6]) && g_ascii_isupper (s[7]))
        {
          add_id (doc, start, end, VEIL_TEXT_KIND_PROFESSIONAL_ID,
                  VEIL_TEXT_PRIORITY_STRONG_PATTERN, "pattern, NMC PIN");
          i = j;
          continue;
        }

      if (id_like && (kind >= 0 || !is_unit_after (doc, end)))
        {
          if (kind >= 0)
            {
              g_autofree char *reason = g_strdup_printf ("context \"%s\"", word);
              add_id (doc, start, end, kind, VEIL_TEXT_PRIORITY_STRONG_PATTERN - 2, reason);
            }
          else
            {
              int guess = letters == 0 ? VEIL_TEXT_KIND_OTHER_ID
                          : (letters == 1 && g_ascii_isalpha (s[0])) ? VEIL_TEXT_KIND_HOSPITAL_NUMBER
                                                                     : VEIL_TEXT_KIND_ACCESSION;
              add_id (doc, start, end, guess, VEIL_TEXT_PRIORITY_ID_PATTERN,
                      letters == 0 ? "pattern, long number" : "pattern, letters and digits");
            }
        }
      i = j;
    }
}

/* "ext 1234", "bleep 4567", "pager 123": internal numbers after their word. */
static void
find_extensions (VeilTextDocument *doc)
{
  static const char *const words[] = { "EXT", "EXTN", "EXTENSION", "BLEEP", "PAGER", "X" };

  for (guint i = 0; i + 1 < doc->tokens->len; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      if (t->type != VEIL_TEXT_TOKEN_WORD && t->type != VEIL_TEXT_TOKEN_ALNUM)
        continue;
      gboolean hit = FALSE;
      for (guint w = 0; w < G_N_ELEMENTS (words) && !hit; w++)
        hit = strcmp (t->folded, words[w]) == 0;
      /* "x1234" is one alnum token. */
      if (t->type == VEIL_TEXT_TOKEN_ALNUM && (doc->text[t->start] == 'x' || doc->text[t->start] == 'X')
          && t->end - t->start >= 5 && t->end - t->start <= 7 && i > 0)
        {
          gboolean digits = TRUE;
          for (gsize k = t->start + 1; k < t->end; k++)
            digits &= g_ascii_isdigit (doc->text[k]) != 0;
          const VeilTextToken *prev = veil_text_document_token (doc, i - 1);
          if (digits && prev->type == VEIL_TEXT_TOKEN_NUMBER)
            veil_text_document_add (doc, t->start + 1, t->end, VEIL_TEXT_KIND_PHONE,
                                    VEIL_TEXT_PRIORITY_STRONG_PATTERN, "context \"x\"");
          continue;
        }
      if (!hit || t->type != VEIL_TEXT_TOKEN_WORD)
        continue;
      if (strcmp (t->folded, "X") == 0 && (i == 0 || veil_text_document_token (doc, i - 1)->type != VEIL_TEXT_TOKEN_NUMBER))
        continue; /* "2 x 3 cm" is not an extension: only "0113 496 0000 x 1234" is */
      guint k = i + 1;
      while (k < doc->tokens->len && (veil_text_document_token_is_char (doc, k, '.')
                                      || veil_text_document_token_is_char (doc, k, ':')
                                      || veil_text_document_token_is_char (doc, k, '#')))
        k++;
      if (k >= doc->tokens->len)
        continue;
      const VeilTextToken *n = veil_text_document_token (doc, k);
      gsize nd = n->end - n->start;
      if (n->type == VEIL_TEXT_TOKEN_NUMBER && n->line == t->line && nd >= 3 && nd <= 6
          && !is_unit_after (doc, n->end))
        {
          g_autofree char *reason = g_strdup_printf ("context \"%.*s\"", (int) (t->end - t->start),
                                                     doc->text + t->start);
          veil_text_document_add (doc, n->start, n->end, VEIL_TEXT_KIND_PHONE,
                                  VEIL_TEXT_PRIORITY_STRONG_PATTERN, reason);
        }
    }
}

void
veil_text_find_numbers (VeilTextDocument *doc)
{
  Source src = { doc->text, doc->len };
  const Source *s = &src;
  gsize covered_to = 0;

  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      gsize p = t->start;
      char c = doc->text[p];
      if (p < covered_to || !(g_ascii_isdigit (c) || c == '+' || c == '('))
        continue;
      /* Not in the middle of a longer number or code. */
      if (p > 0 && (g_ascii_isalnum (doc->text[p - 1])
                    || (p > 1 && strchr (".,/", doc->text[p - 1]) && g_ascii_isdigit (doc->text[p - 2]))))
        continue;

      gsize end = read_uid (s, p);
      if (end)
        {
          add_id (doc, p, end, VEIL_TEXT_KIND_OTHER_ID, VEIL_TEXT_PRIORITY_STRONG_PATTERN,
                  "pattern, UID");
          covered_to = end;
          continue;
        }

      guint lens[6], n_groups, digits;
      gsize nhs_end = c == '(' || c == '+' ? 0 : read_groups (s, p, 10, &digits, lens, &n_groups);
      gboolean ten = nhs_end && digits == 10 && !alnum_at (s, nhs_end)
                     && !(nhs_end + 1 < s->len && strchr ("./", s->text[nhs_end]) && digit_at (s, nhs_end + 1));
      gboolean nhs_layout = ten && (n_groups == 1 || (n_groups == 3 && lens[0] == 3 && lens[1] == 3));
      g_autofree char *ten_digits = ten ? veil_text_digits (s->text + p, nhs_end - p) : NULL;
      gboolean checksum = ten && veil_nhs_number_is_valid (ten_digits);

      if (!checksum || !nhs_layout)
        {
          gsize phone_end = read_phone (s, p);
          if (phone_end)
            {
              veil_text_document_add (doc, p, phone_end, VEIL_TEXT_KIND_PHONE,
                                      VEIL_TEXT_PRIORITY_STRONG_PATTERN, "pattern, UK telephone number");
              covered_to = phone_end;
              continue;
            }
        }
      if (!ten)
        continue;

      const char *word = NULL;
      int kind = context_kind (doc, i, &word);
      VeilTextCandidate *cand;
      if (checksum)
        cand = veil_text_document_add (doc, p, nhs_end, VEIL_TEXT_KIND_NHS_NUMBER,
                                       VEIL_TEXT_PRIORITY_STRONG_PATTERN,
                                       kind == VEIL_TEXT_KIND_NHS_NUMBER && g_str_equal (word, "CHI")
                                           ? "pattern, CHI number, modulus 11"
                                           : "pattern, modulus 11");
      else if (nhs_layout && n_groups == 3)
        cand = veil_text_document_add (doc, p, nhs_end, VEIL_TEXT_KIND_NHS_NUMBER,
                                       VEIL_TEXT_PRIORITY_STRONG_PATTERN - 4,
                                       "pattern, NHS number layout");
      else
        {
          g_autofree char *reason = word ? g_strdup_printf ("context \"%s\", 10 digits", word)
                                         : g_strdup ("pattern, 10 digits");
          cand = veil_text_document_add (doc, p, nhs_end,
                                         kind >= 0 ? kind : VEIL_TEXT_KIND_NHS_NUMBER,
                                         VEIL_TEXT_PRIORITY_STRONG_PATTERN - 4, reason);
        }
      cand->value = g_steal_pointer (&ten_digits);
      covered_to = nhs_end;
    }

  find_compound_ids (doc);
  find_extensions (doc);
}
