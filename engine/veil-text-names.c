/* veil-text-names.c: person names by context, form and lexicon (see veil-text-names.h). */

#include "veil-text-names.h"

#include "veil-text-dates.h"
#include "veil-text-role-names.h"

#include <string.h>

#define tok(doc, i) veil_text_document_token ((doc), (i))

static gboolean
is_char (const VeilTextDocument *doc, guint i, char c)
{
  return veil_text_document_token_is_char (doc, i, c);
}

/* Adjacent: no space between token i-1 and token i. */
static gboolean
glued (const VeilTextDocument *doc, guint i)
{
  return i > 0 && i < doc->tokens->len && tok (doc, i)->start == tok (doc, i - 1)->end;
}

static gboolean
is_word (const VeilTextDocument *doc, guint i)
{
  return i < doc->tokens->len && tok (doc, i)->type == VEIL_TEXT_TOKEN_WORD;
}

static gboolean
is_title (const VeilTextDocument *doc, guint i)
{
  if (!is_word (doc, i))
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  return (t->lex & (VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF))
         && (t->letter_case == VEIL_TEXT_CASE_TITLE || t->letter_case == VEIL_TEXT_CASE_UPPER);
}

static gboolean
is_staff_title (const VeilTextDocument *doc, guint i)
{
  return is_title (doc, i) && (tok (doc, i)->lex & VEIL_LEX_TITLE_STAFF)
         && !(tok (doc, i)->lex & VEIL_LEX_TITLE_PERSON);
}

static gboolean gaelic_mutated (const VeilTextDocument *doc, const VeilTextToken *t);

/* Irish and Scottish Gaelic particles written with a capital: "Ó Briain", "Ní Mhurchú",
 * "Nic Aoidh", "Uí Bhriain". The unaccented "O" and "Ni" are left out ("O" is an initial more
 * often, "Ni" an element). */
static gboolean
is_gaelic_particle (const VeilTextDocument *doc, guint i)
{
  static const char *const forms[] = { "Ó", "Ní", "Nic", "Uí", "Ua", "Mhic", "NÍ", "NIC", "UÍ" };
  if (!is_word (doc, i) || i + 1 >= doc->tokens->len)
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  gsize n = t->end - t->start;
  for (guint k = 0; k < G_N_ELEMENTS (forms); k++)
    if (strlen (forms[k]) == n && memcmp (doc->text + t->start, forms[k], n) == 0)
      {
        const VeilTextToken *next = tok (doc, i + 1);
        return next->type == VEIL_TEXT_TOKEN_WORD && next->line == t->line
               && (next->letter_case == VEIL_TEXT_CASE_TITLE || next->letter_case == VEIL_TEXT_CASE_UPPER
                   || (next->letter_case == VEIL_TEXT_CASE_MIXED && gaelic_mutated (doc, next)));
      }
  return FALSE;
}

/* "J", and "JA" when a name word follows. */
static gboolean
is_initial (const VeilTextDocument *doc, guint i)
{
  if (!is_word (doc, i))
    return FALSE;
  if (is_gaelic_particle (doc, i))
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  gsize n = t->end - t->start;
  if (t->letter_case != VEIL_TEXT_CASE_UPPER)
    return FALSE;
  if (n == 1)
    return TRUE;
  return n <= 3 && !(t->lex & (VEIL_LEX_STOP | VEIL_LEX_GIVEN | VEIL_LEX_SURNAME | VEIL_LEX_TITLE_PERSON
                               | VEIL_LEX_TITLE_STAFF | VEIL_LEX_PARTICLE));
}

/* Job titles by their form: "Neuroradiologist", "Sonographer", "Paediatrician". */
static gboolean
role_shaped (const char *folded)
{
  static const char *const endings[] = { "OLOGIST", "OGRAPHER", "IATRIST", "ICIAN", "THERAPIST",
                                         "OSCOPIST", "ETIST", "ACIST", "ICIST" };
  for (guint k = 0; k < G_N_ELEMENTS (endings); k++)
    if (g_str_has_suffix (folded, endings[k]) && strlen (folded) > strlen (endings[k]) + 1)
      return TRUE;
  return FALSE;
}

/* Irish initial mutations: "tSaoir", "hÉigeartaigh", "nGallchobhair", "bhFlannagáin": a
 * lower-case prefix before the capital of a surname (after "Mac an", "Ní", "Uí"). */
static gboolean is_particle (const VeilTextDocument *doc, guint i);

static gboolean
gaelic_mutated (const VeilTextDocument *doc, const VeilTextToken *t)
{
  static const char *const prefixes[] = { "t", "h", "n", "bh", "dt", "gc", "mb", "nd", "ng", "bp" };
  const char *s = doc->text + t->start;
  gsize n = t->end - t->start;
  for (guint k = 0; k < G_N_ELEMENTS (prefixes); k++)
    {
      gsize l = strlen (prefixes[k]);
      if (n > l + 2 && strncmp (s, prefixes[k], l) == 0)
        {
          gunichar c = g_utf8_get_char_validated (s + l, (gssize) (n - l));
          if (c != (gunichar) -1 && c != (gunichar) -2 && g_unichar_isupper (c))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_name_word (const VeilTextDocument *doc, guint i, VeilTextNameMode mode, gboolean strong)
{
  if (!is_word (doc, i))
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  guint lex = t->lex;
  if (!(lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)) && role_shaped (t->folded))
    return FALSE;
  gboolean named = (lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)) != 0;

  if (t->end - t->start < 2)
    return FALSE;
  if ((lex & (VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF)) && !named)
    return FALSE;
  if (mode == VEIL_TEXT_NAME_MODE_FIELD)
    {
      /* Under a label any case goes ("john smith"), but not words that are never names
       * ("DOB", "Consultant"). */
      if (t->letter_case == VEIL_TEXT_CASE_MIXED)
        return gaelic_mutated (doc, t) && i > 0 && is_particle (doc, i - 1);
      return !((lex & (VEIL_LEX_ROLE | VEIL_LEX_STOP)) && !named);
    }
  if (t->letter_case == VEIL_TEXT_CASE_MIXED && gaelic_mutated (doc, t) && i > 0 && is_particle (doc, i - 1))
    return TRUE;
  if (t->letter_case != VEIL_TEXT_CASE_TITLE && t->letter_case != VEIL_TEXT_CASE_UPPER)
    return FALSE;
  if (lex & (VEIL_LEX_STOP | VEIL_LEX_MONTH | VEIL_LEX_WEEKDAY | VEIL_LEX_INSTITUTION
             | VEIL_LEX_GENERIC_PLACE | VEIL_LEX_STREET | VEIL_LEX_HEAD_NOUN))
    return named && strong;
  if (lex & VEIL_LEX_EPONYM_ONLY)
    return strong;
  return TRUE;
}

static gboolean
is_particle (const VeilTextDocument *doc, guint i)
{
  return (is_word (doc, i) && (tok (doc, i)->lex & VEIL_LEX_PARTICLE)
          && tok (doc, i)->letter_case == VEIL_TEXT_CASE_LOWER)
         || is_gaelic_particle (doc, i)
         /* "Mac an tSaoir", "Nic an Bhaird": the article after Mac, Nic or Mhic. */
         || (is_word (doc, i) && tok (doc, i)->letter_case == VEIL_TEXT_CASE_LOWER
             && veil_text_document_token_is (doc, i, "AN") && i > 0
             && (veil_text_document_token_is (doc, i - 1, "MAC") || veil_text_document_token_is (doc, i - 1, "NIC")
                 || veil_text_document_token_is (doc, i - 1, "MHIC")))
         || (is_word (doc, i) && tok (doc, i)->letter_case == VEIL_TEXT_CASE_TITLE
             && (veil_text_document_token_is (doc, i, "MAC") || veil_text_document_token_is (doc, i, "NIC"))
             && veil_text_document_token_is (doc, i + 1, "AN") && tok (doc, i + 1)->letter_case == VEIL_TEXT_CASE_LOWER)
         /* "Van der Berg", "De la Cruz": a capitalised particle before a lower-case one. */
         || (is_word (doc, i) && (tok (doc, i)->lex & VEIL_LEX_PARTICLE)
             && tok (doc, i)->letter_case == VEIL_TEXT_CASE_TITLE && is_word (doc, i + 1)
             && (tok (doc, i + 1)->lex & VEIL_LEX_PARTICLE) && tok (doc, i + 1)->letter_case == VEIL_TEXT_CASE_LOWER
             && tok (doc, i + 1)->line == tok (doc, i)->line);
}

typedef struct {
  guint token;
  gboolean initial;
  gboolean particle;
} Raw;

/* The first word of its line, after bullets and numbering ("1.", "-", "(2)"). */
static gboolean
first_word_of_line (const VeilTextDocument *doc, guint i)
{
  const VeilTextLine *ln = veil_text_document_line (doc, tok (doc, i)->line);
  for (guint k = ln->first_token; k < i; k++)
    if (tok (doc, k)->type == VEIL_TEXT_TOKEN_WORD)
      return FALSE;
  return TRUE;
}

static void
set_part (const VeilTextDocument *doc, VeilTextName *out, const Raw *raw, guint8 role)
{
  const VeilTextToken *t = tok (doc, raw->token);
  VeilTextNamePart *p = &out->parts[out->n_parts++];
  p->start = t->start;
  p->end = t->end;
  p->role = role;
}

guint
veil_text_parse_name (const VeilTextDocument *doc, guint first, guint limit,
                      VeilTextNameMode mode, VeilTextName *out, guint *out_title)
{
  Raw raw[VEIL_TEXT_NAME_MAX_PARTS];
  guint n = 0, i = first;
  guint title = G_MAXUINT;
  gboolean comma_form = FALSE, caret_form = FALSE;
  guint before_comma = 0;

  memset (out, 0, sizeof *out);
  out->known = -1;
  if (out_title)
    *out_title = G_MAXUINT;
  limit = MIN (limit, doc->tokens->len);
  if (first >= limit)
    return first;

  if (is_title (doc, i))
    {
      title = i++;
      if (i < limit && is_char (doc, i, '.') && glued (doc, i))
        i++;
      /* "Nurse Practitioner A. Bellamy", "Staff Nurse Jones", "Sister (CNS) Mary Ibe". */
      guint k = i;
      while (k < limit && k - i < 2 && is_word (doc, k) && (tok (doc, k)->lex & VEIL_LEX_ROLE)
             && !(tok (doc, k)->lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)))
        k++;
      if (k > i && k < limit && (is_initial (doc, k) || (is_word (doc, k) && tok (doc, k)->letter_case == VEIL_TEXT_CASE_TITLE)))
        i = k;
    }
  if (i >= limit)
    return first;
  gboolean strong = title != G_MAXUINT || mode == VEIL_TEXT_NAME_MODE_FIELD || mode == VEIL_TEXT_NAME_MODE_CUED;
  /* "Baby Boy Okoye", "Baby of Aisha Rahman", "Twin 2 Smith": the name comes after. */
  if (mode == VEIL_TEXT_NAME_MODE_FIELD)
    {
      guint k = i;
      while (k < limit && (veil_text_document_token_is (doc, k, "BABY") || veil_text_document_token_is (doc, k, "BOY")
                           || veil_text_document_token_is (doc, k, "GIRL") || veil_text_document_token_is (doc, k, "INFANT")
                           || veil_text_document_token_is (doc, k, "TWIN") || veil_text_document_token_is (doc, k, "OF")
                           || (k > i && tok (doc, k)->type == VEIL_TEXT_TOKEN_NUMBER && tok (doc, k)->end - tok (doc, k)->start == 1)))
        k++;
      if (k > i && k < limit && k - i <= 3)
        i = k;
    }
  guint line = tok (doc, i)->line;

  while (i < limit && n < 6)
    {
      const VeilTextToken *t = tok (doc, i);
      if (t->line != line)
        break;
      if (n > 0 && (t->flags & VEIL_TEXT_TOKEN_GAP_BEFORE))
        break; /* a column boundary: the next column is something else */

      if (is_initial (doc, i))
        {
          /* An initial needs a name after it ("J Smith", "J. A. Smith"), except at the end of
           * a family-first name ("Smith J", "SMITH JA"). */
          guint k = i + 1;
          if (k < limit && is_char (doc, k, '.') && glued (doc, k))
            k++;
          gboolean name_follows = k < limit && tok (doc, k)->line == line
                                  && !(tok (doc, k)->flags & VEIL_TEXT_TOKEN_GAP_BEFORE)
                                  && (is_initial (doc, k) || is_name_word (doc, k, mode, strong)
                                      || is_particle (doc, k));
          gboolean ends_family_first = n > 0 && !raw[0].initial && !name_follows
                                       && (t->end - t->start == 1 || tok (doc, i)->end - t->start <= 3);
          if (name_follows || ends_family_first)
            {
              raw[n].token = i;
              raw[n].initial = TRUE;
              raw[n].particle = FALSE;
              n++;
              i = k;
              if (ends_family_first && !name_follows)
                break;
              continue;
            }
          /* "Dr A" alone: not a name. A single capital can still be a name word? No. */
          if (t->end - t->start == 1)
            break;
        }
      if (is_name_word (doc, i, mode, strong)
          && !(tok (doc, i)->letter_case == VEIL_TEXT_CASE_TITLE && is_particle (doc, i)))
        {
          raw[n].token = i;
          raw[n].initial = FALSE;
          raw[n].particle = FALSE;
          n++;
          i++;
          /* DICOM form: "SMITH^JOHN^A". */
          if (n == 1 && i + 1 < limit && is_char (doc, i, '^') && glued (doc, i))
            {
              caret_form = TRUE;
              while (i + 1 < limit && n < 5 && is_char (doc, i, '^') && glued (doc, i)
                     && is_word (doc, i + 1) && glued (doc, i + 1))
                {
                  raw[n].token = i + 1;
                  raw[n].initial = tok (doc, i + 1)->end - tok (doc, i + 1)->start == 1;
                  raw[n].particle = FALSE;
                  n++;
                  i += 2;
                }
              break;
            }
          /* "SMITH, John": family first, after a comma. */
          /* Family first before a comma: one word ("Smith, John"), or words in capitals
           * ("DA SILVA, Joao"), or particles and a word ("van der Berg, Anna"). "Naomi
           * Fielding, Moorvale Medical Centre" is a name, then something else. */
          gboolean family_shape = !comma_form;
          guint plain_words = 0;
          for (guint k = 0; k < n && family_shape; k++)
            {
              if (raw[k].initial)
                family_shape = FALSE;
              else if (!raw[k].particle)
                {
                  plain_words++;
                  if (tok (doc, raw[k].token)->letter_case != VEIL_TEXT_CASE_UPPER && n > 1
                      && !(k > 0 && raw[k - 1].particle))
                    family_shape = FALSE;
                }
            }
          if (family_shape && plain_words >= 1 && n <= 3 && i + 1 < limit && is_char (doc, i, ',')
              && tok (doc, i + 1)->line == line
              && (mode == VEIL_TEXT_NAME_MODE_FIELD || tok (doc, i - 1)->letter_case == VEIL_TEXT_CASE_UPPER
                  /* "Gallacher, Morag Isobel (14.03.1958)": at a line's start, before a
                   * given name the lists know. */
                  || (n == 1 && raw[0].token == first
                      && (first_word_of_line (doc, first) || (tok (doc, first)->flags & VEIL_TEXT_TOKEN_GAP_BEFORE))
                      && is_word (doc, i + 1) && (tok (doc, i + 1)->lex & VEIL_LEX_GIVEN)
                      && !(tok (doc, i + 1)->lex & (VEIL_LEX_AMBIGUOUS | VEIL_LEX_ALSO_WORD))))
              && (is_name_word (doc, i + 1, mode, strong) || is_initial (doc, i + 1))
              && !(tok (doc, i + 1)->lex & VEIL_LEX_ROLE)
              /* "Hashemi, Van der Berg": a surname's particle starts the next name. */
              && !is_particle (doc, i + 1)
              /* "DR ELUNED HOWELLS, CWMFELIN SURGERY": a place after the comma. */
              && !(i + 2 < limit && tok (doc, i + 2)->line == line && is_word (doc, i + 2)
                   && (tok (doc, i + 2)->lex & (VEIL_LEX_INSTITUTION | VEIL_LEX_STREET))
                   && tok (doc, i + 2)->letter_case != VEIL_TEXT_CASE_LOWER))
            {
              comma_form = TRUE;
              before_comma = n;
              i++;
            }
          continue;
        }
      guint after_particles = i;
      while (after_particles < limit && is_particle (doc, after_particles) && after_particles - i < 3)
        after_particles++;
      if (after_particles > i && after_particles < limit && is_name_word (doc, after_particles, mode, strong))
        {
          raw[n].token = i;
          raw[n].initial = FALSE;
          raw[n].particle = TRUE;
          n++;
          i++;
          continue;
        }
      break;
    }

  /* Drop trailing particles; a name needs a word that is not an initial. */
  while (n > 0 && raw[n - 1].particle)
    n--;
  guint words = 0;
  for (guint k = 0; k < n; k++)
    if (!raw[k].initial && !raw[k].particle)
      words++;
  if (n == 0 || words == 0)
    return first;
  if (caret_form && n == 1)
    return first;

  guint last = raw[n - 1].token;
  i = last + 1;
  if (i < doc->tokens->len && is_char (doc, i, '.') && glued (doc, i) && raw[n - 1].initial)
    i++;

  if (caret_form)
    {
      for (guint k = 0; k < n; k++)
        set_part (doc, out, &raw[k], k == 0 ? VEIL_TEXT_NAME_FAMILY
                                     : k == 1 ? VEIL_TEXT_NAME_GIVEN
                                              : VEIL_TEXT_NAME_MIDDLE);
    }
  else if (comma_form
           || (mode == VEIL_TEXT_NAME_MODE_FIELD && n >= 2 && !raw[0].initial
               && tok (doc, raw[0].token)->letter_case == VEIL_TEXT_CASE_UPPER
               && tok (doc, raw[1].token)->letter_case == VEIL_TEXT_CASE_TITLE)
           || (n >= 2 && raw[n - 1].initial && !raw[0].initial))
    {
      /* Family first: "SMITH, John A", "DA SILVA, Joao", "SMITH John", "Smith J". Everything
       * before the comma, and particles before the family name ("van der Berg, Anna"),
       * belong to it. */
      guint k = 0;
      gboolean given_done = FALSE;
      while (k < n && (raw[k].particle || k < before_comma - (before_comma > 0)))
        set_part (doc, out, &raw[k++], VEIL_TEXT_NAME_FAMILY);
      if (k < n)
        set_part (doc, out, &raw[k++], VEIL_TEXT_NAME_FAMILY);
      for (; k < n; k++)
        {
          if (raw[k].initial)
            set_part (doc, out, &raw[k], VEIL_TEXT_NAME_INITIAL);
          else if (!given_done)
            {
              set_part (doc, out, &raw[k], VEIL_TEXT_NAME_GIVEN);
              given_done = TRUE;
            }
          else
            set_part (doc, out, &raw[k], VEIL_TEXT_NAME_MIDDLE);
        }
    }
  else
    {
      /* Given first: the last word is the family name, with the particles before it. */
      guint family = n - 1;
      while (family > 0 && raw[family].initial)
        family--;
      guint family_start = family;
      while (family_start > 0 && raw[family_start - 1].particle)
        family_start--;
      gboolean given_done = FALSE;
      gboolean single = words == 1 && n == 1;
      for (guint k = 0; k < n; k++)
        {
          if (k >= family_start && k <= family)
            {
              guint8 role = VEIL_TEXT_NAME_FAMILY;
              if (single && title == G_MAXUINT)
                {
                  guint lex = tok (doc, raw[k].token)->lex;
                  if ((lex & VEIL_LEX_GIVEN) && !(lex & VEIL_LEX_SURNAME))
                    role = VEIL_TEXT_NAME_GIVEN;
                }
              set_part (doc, out, &raw[k], role);
            }
          else if (raw[k].initial)
            set_part (doc, out, &raw[k], VEIL_TEXT_NAME_INITIAL);
          else if (!given_done && !raw[k].particle)
            {
              set_part (doc, out, &raw[k], VEIL_TEXT_NAME_GIVEN);
              given_done = TRUE;
            }
          else
            set_part (doc, out, &raw[k], raw[k].particle ? VEIL_TEXT_NAME_FAMILY
                                                         : VEIL_TEXT_NAME_MIDDLE);
        }
    }

  if (title != G_MAXUINT)
    out->hint = is_staff_title (doc, title) ? VEIL_TEXT_HINT_STAFF : VEIL_TEXT_HINT_PATIENT;
  if (out_title)
    *out_title = title;
  return i;
}

VeilTextCandidate *
veil_text_add_name (VeilTextDocument *doc, const VeilTextName *name, int priority,
                    const char *reason)
{
  VeilTextCandidate *c = veil_text_document_add (doc, name->parts[0].start,
                                                 name->parts[name->n_parts - 1].end,
                                                 VEIL_TEXT_KIND_PERSON, priority, reason);
  c->name = g_memdup2 (name, sizeof *name);
  return c;
}

static gboolean
any_part_in_lexicon (const VeilTextDocument *doc, const VeilTextName *name, gboolean unambiguous)
{
  for (guint k = 0; k < name->n_parts; k++)
    {
      if (name->parts[k].role == VEIL_TEXT_NAME_INITIAL)
        continue;
      guint t = veil_text_document_token_at (doc, name->parts[k].start);
      guint lex = tok (doc, t)->lex;
      if ((lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)) && (!unambiguous || !(lex & VEIL_LEX_AMBIGUOUS)))
        return TRUE;
    }
  return FALSE;
}

/* ---- titles ---- */

static void
find_titled (VeilTextDocument *doc)
{
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      if (!is_title (doc, i))
        continue;
      VeilTextName name;
      guint title;
      guint next = veil_text_parse_name (doc, i, doc->tokens->len, VEIL_TEXT_NAME_MODE_CONTEXT,
                                         &name, &title);
      if (next == i || title != i)
        continue;
      const VeilTextToken *t = tok (doc, i);
      gsize tl = t->end - t->start;
      /* "MR BRAIN", "MS relapse", "Master file": these titles are also words, and need a
       * name the lexicon knows after them. */
      gboolean word_title = (t->letter_case == VEIL_TEXT_CASE_UPPER && tl == 2)
                            || veil_text_document_token_is (doc, i, "MASTER")
                            || veil_text_document_token_is (doc, i, "MISS")
                            || veil_text_document_token_is (doc, i, "SISTER")
                            || veil_text_document_token_is (doc, i, "NURSE")
                            || veil_text_document_token_is (doc, i, "CONSULTANT")
                            || veil_text_document_token_is (doc, i, "SURGEON")
                            || veil_text_document_token_is (doc, i, "DOCTOR")
                            || veil_text_document_token_is (doc, i, "MAJOR");
      if (word_title && !any_part_in_lexicon (doc, &name, FALSE)
          && !(name.n_parts >= 2 && name.parts[0].role == VEIL_TEXT_NAME_INITIAL))
        continue;
      g_autofree char *reason = g_strdup_printf ("context \"%.*s\"", (int) tl, doc->text + t->start);
      veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_TITLE, reason);
      i = next - 1;
    }
}

/* ---- phrases ---- */

typedef struct {
  const char *words[4];
  guint8 hint;
  gboolean needs_lexicon; /* a weak cue: the name must be in the lexicon */
} Phrase;

static const Phrase phrases[] = {
  { { "REPORTED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "REPORT", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "IMAGES", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "DICTATED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "TYPED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "TRANSCRIBED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "VERIFIED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "AUTHORISED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "AUTHORIZED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "SIGNED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "SIGNED", "OFF", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "CHECKED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "REVIEWED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "APPROVED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "PERFORMED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "SCANNED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "EXAMINED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "VETTED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "JUSTIFIED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "PROTOCOLLED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "SEEN", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "REFERRED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "REQUESTED", "BY" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "REFERRING", "CLINICIAN" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "ACCOMPANIED", "BY" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "DOUBLE", "REPORTED", "WITH" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "DISCUSSED", "WITH" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "DISCUSSED", "BY", "PHONE", "WITH" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "D", "/", "W" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "SPOKE", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "SPOKE", "WITH" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "SPOKEN", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "SPOKEN", "WITH" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "PHONED", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "TELEPHONED", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "PHONED" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "TELEPHONED" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "COMMUNICATED", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "CONVEYED", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "EMAILED", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "FAXED", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "HANDED", "OVER", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "ESCALATED", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "REFERRED", "TO" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "COPY", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "COPIES", "TO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "CC" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "DEAR" }, VEIL_TEXT_HINT_ANY, FALSE },
  { { "ATTN" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "FAO" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "ATTENTION", "OF" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "INFORMED" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "NOTIFIED" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "ALERTED" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "OPINION", "OF" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "OPINION", "FROM" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "CARE", "OF" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "UNDER", "THE", "CARE", "OF" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "CONSULTANT" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "REGISTRAR" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "RADIOGRAPHER" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "SONOGRAPHER" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "OPERATOR" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "REPORTER" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "SURGEON" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "ENDOSCOPIST" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "PATHOLOGIST" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "RADIOLOGIST" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "GP" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "NOK" }, VEIL_TEXT_HINT_ANY, FALSE },
  { { "NEXT", "OF", "KIN" }, VEIL_TEXT_HINT_ANY, FALSE },
  { { "WIFE" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "HUSBAND" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "DAUGHTER" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "SON" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "MOTHER" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "FATHER" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "PARTNER" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "BROTHER" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "CARER" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "SIGNED" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "ELECTRONICALLY", "SIGNED" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "AUTHORISER" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "REVIEWER" }, VEIL_TEXT_HINT_STAFF, FALSE },
  /* Sign-offs of e-mails and notes, and other names of the same person. */
  { { "THANKS" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "MANY", "THANKS" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "REGARDS" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "CHEERS" }, VEIL_TEXT_HINT_STAFF, FALSE },
  { { "ALIAS" }, VEIL_TEXT_HINT_ANY, FALSE },
  { { "AKA" }, VEIL_TEXT_HINT_ANY, FALSE },
  { { "KNOWN", "AS" }, VEIL_TEXT_HINT_ANY, TRUE },
  { { "NEE" }, VEIL_TEXT_HINT_ANY, FALSE },
  { { "PREFERRED", "NAME" }, VEIL_TEXT_HINT_ANY, FALSE },
  { { "PER" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "BY" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "WITH" }, VEIL_TEXT_HINT_STAFF, TRUE },
  { { "TO" }, VEIL_TEXT_HINT_STAFF, TRUE },
};

static guint
match_phrase (const VeilTextDocument *doc, guint i, const Phrase *p)
{
  guint k = i;
  for (guint w = 0; w < G_N_ELEMENTS (p->words) && p->words[w] != NULL; w++, k++)
    {
      if (k >= doc->tokens->len)
        return 0;
      const VeilTextToken *t = tok (doc, k);
      if (p->words[w][0] == '/' )
        {
          if (!is_char (doc, k, '/'))
            return 0;
          continue;
        }
      if (t->folded == NULL || strcmp (t->folded, p->words[w]) != 0)
        return 0;
      if (w > 0 && t->line != tok (doc, i)->line)
        return 0;
    }
  return k;
}

/* First word → the phrases starting with it (as 1-based indices in a GArray). */
static gpointer
build_phrase_index (gpointer unused)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  for (guint p = 0; p < G_N_ELEMENTS (phrases); p++)
    {
      GArray *list = g_hash_table_lookup (index, phrases[p].words[0]);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (index, (gpointer) phrases[p].words[0], list);
        }
      g_array_append_val (list, p);
    }
  return index;
}

static void
find_phrases (VeilTextDocument *doc)
{
  static GOnce once = G_ONCE_INIT;
  GHashTable *index = g_once (&once, build_phrase_index, NULL);

  for (guint i = 0; i < doc->tokens->len; i++)
    {
      if (tok (doc, i)->type != VEIL_TEXT_TOKEN_WORD)
        continue;
      GArray *starting = g_hash_table_lookup (index, tok (doc, i)->folded);
      for (guint q = 0; starting && q < starting->len; q++)
        {
          guint p = g_array_index (starting, guint, q);
          guint j = match_phrase (doc, i, &phrases[p]);
          if (j == 0)
            continue;
          /* "cc" after a number is cubic centimetres. */
          if (veil_text_document_token_is (doc, i, "CC") && i > 0
              && tok (doc, i - 1)->type == VEIL_TEXT_TOKEN_NUMBER)
            break;
          while (j < doc->tokens->len && tok (doc, j)->type == VEIL_TEXT_TOKEN_PUNCT
                 && strchr (":-,(\"", doc->text[tok (doc, j)->start]) && tok (doc, j)->line == tok (doc, i)->line)
            j++;
          if (j >= doc->tokens->len || is_title (doc, j))
            break; /* a title: find_titled() has it */
          VeilTextName name;
          guint next = veil_text_parse_name (doc, j, doc->tokens->len, VEIL_TEXT_NAME_MODE_CONTEXT,
                                             &name, NULL);
          if (next == j)
            break;
          /* A relative is named without a title: "her husband, Themba, attended". */
          /* "his son Gurdeep", "her husband, Themba,": a relative is named without a
           * title, and often by the given name alone. */
          gboolean relative = phrases[p].hint == VEIL_TEXT_HINT_ANY && phrases[p].needs_lexicon
                              && tok (doc, j)->letter_case == VEIL_TEXT_CASE_TITLE
                              && !(tok (doc, j)->lex & (VEIL_LEX_STOP | VEIL_LEX_GENERIC_PLACE | VEIL_LEX_EPONYM_ONLY));
          if (phrases[p].needs_lexicon && !relative && !any_part_in_lexicon (doc, &name, TRUE))
            break;
          /* Without a lexicon name, one capitalised word after a phrase is weak: "discussed
           * with Radiology" was excluded by the stop words; "discussed with Hepatology"
           * would not be, so a single unknown word needs the name's shape. */
          if (name.n_parts == 1 && !any_part_in_lexicon (doc, &name, FALSE)
              && tok (doc, j)->letter_case != VEIL_TEXT_CASE_TITLE)
            break;
          name.hint = phrases[p].hint;
          GString *reason = g_string_new ("context \"");
          for (guint w = 0; w < G_N_ELEMENTS (phrases[p].words) && phrases[p].words[w]; w++)
            {
              g_autofree char *lower = g_ascii_strdown (phrases[p].words[w], -1);
              g_string_append_printf (reason, "%s%s", w ? " " : "", lower);
            }
          g_string_append_c (reason, '"');
          veil_text_add_name (doc, &name,
                              phrases[p].needs_lexicon ? VEIL_TEXT_PRIORITY_LEXICON + 4
                                                       : VEIL_TEXT_PRIORITY_CONTEXT,
                              reason->str);
          g_string_free (reason, TRUE);
          break;
        }
    }
}

/* ---- signatures ---- */

static gboolean
line_starts_with (const VeilTextDocument *doc, const VeilTextLine *ln, const char *const *words)
{
  guint i = ln->first_token;
  for (guint w = 0; words[w] != NULL; w++, i++)
    if (i >= ln->first_token + ln->n_tokens || !veil_text_document_token_is (doc, i, words[w]))
      return FALSE;
  return TRUE;
}

static gboolean
is_closing_line (const VeilTextDocument *doc, const VeilTextLine *ln)
{
  static const char *const closings[][4] = {
    { "YOURS", NULL }, { "KIND", "REGARDS", NULL }, { "REGARDS", NULL }, { "BEST", "WISHES", NULL },
    { "MANY", "THANKS", NULL }, { "THANKS", NULL }, { "THANK", "YOU", NULL }, { "SIGNED", NULL },
    { "ELECTRONICALLY", NULL }, { "DICTATED", NULL }, { "REPORTED", "BY", NULL },
    { "VERIFIED", NULL }, { "AUTHORISED", NULL }, { "AUTHORIZED", NULL }, { "WITH", "BEST", NULL },
    { "SINCERELY", NULL }, { "REPORTING", NULL },
  };
  for (guint c = 0; c < G_N_ELEMENTS (closings); c++)
    if (line_starts_with (doc, ln, closings[c]))
      return TRUE;
  return FALSE;
}

/* A role line or a role after the name: "Consultant Radiologist", "(ST4 Radiology)",
 * "MBBS FRCR", "GMC 1234567". */
static gboolean
is_role_from (const VeilTextDocument *doc, guint i, guint end)
{
  for (; i < end; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      if (t->type == VEIL_TEXT_TOKEN_PUNCT)
        continue;
      if (t->folded && ((t->lex & VEIL_LEX_ROLE) || strcmp (t->folded, "GMC") == 0
                        || strcmp (t->folded, "NMC") == 0 || strcmp (t->folded, "HCPC") == 0
                        || g_str_has_prefix (t->folded, "ST") || g_str_has_prefix (t->folded, "FY")))
        return TRUE;
      return FALSE;
    }
  return FALSE;
}

static void
find_signatures (VeilTextDocument *doc)
{
  for (guint l = 0; l < doc->lines->len; l++)
    {
      const VeilTextLine *ln = veil_text_document_line (doc, l);
      if (ln->n_tokens == 0)
        continue;
      guint first = ln->first_token, end = first + ln->n_tokens;
      /* Leading bullets and dashes. */
      while (first < end && tok (doc, first)->type == VEIL_TEXT_TOKEN_PUNCT
             && strchr ("-*>", doc->text[tok (doc, first)->start]))
        first++;
      if (first >= end || is_title (doc, first))
        continue;
      VeilTextName name;
      guint next = veil_text_parse_name (doc, first, end, VEIL_TEXT_NAME_MODE_CONTEXT, &name, NULL);
      if (next == first || name.n_parts < 2)
        continue;
      gboolean rest_is_role = next >= end;
      if (!rest_is_role && next < end && strchr (",(-", doc->text[tok (doc, next)->start]))
        rest_is_role = is_role_from (doc, next + 1, end);
      else if (!rest_is_role)
        rest_is_role = is_role_from (doc, next, end);
      if (!rest_is_role)
        continue;

      gboolean cue = next < end; /* a role on the same line */
      for (guint k = l; k > 0 && l - k < 3 && !cue; k--)
        {
          const VeilTextLine *prev = veil_text_document_line (doc, k - 1);
          if (prev->n_tokens == 0)
            continue;
          cue = is_closing_line (doc, prev);
          break;
        }
      for (guint k = l + 1; k < doc->lines->len && k <= l + 1 && !cue; k++)
        {
          const VeilTextLine *after = veil_text_document_line (doc, k);
          cue = after->n_tokens > 0
                && is_role_from (doc, after->first_token, after->first_token + after->n_tokens);
        }
      if (!cue)
        continue;
      name.hint = VEIL_TEXT_HINT_STAFF;
      veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_CONTEXT, "context, signature");
    }
}

/* ---- DICOM PN ---- */

static void
find_carets (VeilTextDocument *doc)
{
  for (guint i = 0; i + 2 < doc->tokens->len; i++)
    {
      if (!is_word (doc, i) || !is_char (doc, i + 1, '^') || !glued (doc, i + 1)
          || !is_word (doc, i + 2) || !glued (doc, i + 2))
        continue;
      if (i > 0 && glued (doc, i) && !is_char (doc, i - 1, '^') && tok (doc, i - 1)->type != VEIL_TEXT_TOKEN_PUNCT)
        continue;
      VeilTextName name;
      guint next = veil_text_parse_name (doc, i, doc->tokens->len, VEIL_TEXT_NAME_MODE_FIELD,
                                         &name, NULL);
      if (next == i || name.n_parts < 2)
        continue;
      veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_TITLE, "pattern, DICOM PN");
      i = next - 1;
    }
}

/* ---- lexicon ---- */

static gboolean
lex_name (guint lex, guint which)
{
  return (lex & which) && !(lex & VEIL_LEX_AMBIGUOUS);
}

/* A capitalised word that may be a surname the lexicon does not know: not a word of any
 * other list. */
static gboolean
unknown_capitalised (const VeilTextDocument *doc, guint i)
{
  if (!is_word (doc, i))
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  if (t->letter_case != VEIL_TEXT_CASE_TITLE && t->letter_case != VEIL_TEXT_CASE_UPPER)
    return FALSE;
  if (t->end - t->start < 2)
    return FALSE;
  return !(t->lex & ~(VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)) || lex_name (t->lex, VEIL_LEX_SURNAME);
}

static gboolean
capitalised_word (const VeilTextDocument *doc, guint i)
{
  return is_word (doc, i)
         && (tok (doc, i)->letter_case == VEIL_TEXT_CASE_TITLE
             || (tok (doc, i)->letter_case == VEIL_TEXT_CASE_UPPER && tok (doc, i)->end - tok (doc, i)->start > 1));
}

/* The words after a name that make it a place: "Victoria Hospital", "Patel Road", "St James". */
static gboolean
place_follows (const VeilTextDocument *doc, guint next)
{
  guint k = next;
  if (k < doc->tokens->len && tok (doc, k)->type == VEIL_TEXT_TOKEN_PUNCT && tok (doc, k)->end - tok (doc, k)->start > 1)
    k++; /* "'s" */
  if (k >= doc->tokens->len || !is_word (doc, k))
    return FALSE;
  if (tok (doc, k)->line != tok (doc, next > 0 ? next - 1 : 0)->line)
    return FALSE;
  guint lex = tok (doc, k)->lex;
  return (lex & (VEIL_LEX_INSTITUTION | VEIL_LEX_STREET))
         && tok (doc, k)->letter_case != VEIL_TEXT_CASE_LOWER;
}

static gboolean
saint_before (const VeilTextDocument *doc, guint i)
{
  guint k = i;
  if (k > 0 && is_char (doc, k - 1, '.'))
    k--;
  return k > 0 && (veil_text_document_token_is (doc, k - 1, "ST") || veil_text_document_token_is (doc, k - 1, "SAINT"));
}

static void
find_lexicon (VeilTextDocument *doc)
{
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      if (t->type != VEIL_TEXT_TOKEN_WORD || saint_before (doc, i))
        continue;
      guint lex = t->lex;
      VeilTextName name = { 0 };
      name.known = -1;

      /* An initial and a surname: "J Smith", "J. A. Smith". */
      if (is_initial (doc, i) && t->end - t->start == 1)
        {
          guint k = i + 1;
          guint n_initials = 1;
          while (k < doc->tokens->len)
            {
              if (is_char (doc, k, '.') && glued (doc, k))
                k++;
              else if (is_initial (doc, k) && tok (doc, k)->end - tok (doc, k)->start == 1 && n_initials < 3)
                {
                  n_initials++;
                  k++;
                }
              else
                break;
            }
          /* "D. Quansah": one initial with its full stop, then a capitalised word that no
           * list knows (not a clinical word, not a place) reads as a name. */
          if (n_initials == 1 && k == i + 2 && is_char (doc, i + 1, '.') && glued (doc, i + 1)
              && k < doc->tokens->len && tok (doc, k)->line == t->line
              && tok (doc, k)->letter_case == VEIL_TEXT_CASE_TITLE && tok (doc, k)->end - tok (doc, k)->start >= 4
              && !(tok (doc, k)->lex & ~(VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)) && !role_shaped (tok (doc, k)->folded)
              && !place_follows (doc, k + 1)
              && !(k + 1 < doc->tokens->len && tok (doc, k + 1)->line == t->line && capitalised_word (doc, k + 1)))
            {
              guint next = veil_text_parse_name (doc, i, k + 1, VEIL_TEXT_NAME_MODE_CONTEXT, &name, NULL);
              if (next == k + 1 && name.n_parts == 2)
                {
                  veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "initial and a capitalised word");
                  i = k;
                  continue;
                }
            }
          /* "L. Ó Briain", "T. van der Berg": after particles any capitalised word. */
          guint particles = 0;
          while (k < doc->tokens->len && particles < 3 && is_particle (doc, k) && tok (doc, k)->line == t->line)
            {
              k++;
              particles++;
            }
          if (k < doc->tokens->len && capitalised_word (doc, k) && tok (doc, k)->line == t->line
              && (lex_name (tok (doc, k)->lex, VEIL_LEX_SURNAME) || (particles > 0 && unknown_capitalised (doc, k)))
              && !place_follows (doc, k + 1))
            {
              /* "A Patel" at a sentence start could be the article: then the surname must be
               * unambiguous, which lex_name() already asks. */
              guint next = veil_text_parse_name (doc, i, k + 1, VEIL_TEXT_NAME_MODE_CONTEXT, &name, NULL);
              if (next > i && name.n_parts >= 2)
                {
                  veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON, "lexicon");
                  i = k;
                }
            }
          continue;
        }

      if (!capitalised_word (doc, i))
        continue;

      /* A given name and a surname: "Sarah Jones", "Sarah Khumalo", "Mark Patel". */
      if (lex & VEIL_LEX_GIVEN)
        {
          guint k = i + 1;
          while (k < doc->tokens->len && tok (doc, k)->line == t->line
                 && !(tok (doc, k)->flags & VEIL_TEXT_TOKEN_GAP_BEFORE)
                 && ((capitalised_word (doc, k) && (tok (doc, k)->lex & VEIL_LEX_GIVEN)
                      && k + 1 < doc->tokens->len && capitalised_word (doc, k + 1))
                     || (is_initial (doc, k) && tok (doc, k)->end - tok (doc, k)->start == 1)
                     || (is_char (doc, k, '.') && glued (doc, k))))
            k++;
          /* "Gwilym ap Rhys", "Hamza bin Tariq", "Maeve Ní Dhomhnaill": a given name, particles
           * and a capitalised word are a name whatever the lists say of the last word. */
          guint p = k;
          while (p < doc->tokens->len && p - k < 3 && tok (doc, p)->line == t->line && is_particle (doc, p))
            p++;
          if (p > k && p < doc->tokens->len && tok (doc, p)->line == t->line && capitalised_word (doc, p)
              && !(lex & (VEIL_LEX_AMBIGUOUS | VEIL_LEX_EPONYM_ONLY)) && unknown_capitalised (doc, p)
              && !place_follows (doc, p + 1))
            {
              guint next = veil_text_parse_name (doc, i, p + 1, VEIL_TEXT_NAME_MODE_CONTEXT, &name, NULL);
              if (next == p + 1 && name.n_parts >= 2)
                {
                  veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON, "lexicon, given name and particle");
                  i = next - 1;
                  continue;
                }
            }
          /* The surname is the last capitalised word that can be one: "Mary Joseph MRN …"
           * is Mary Joseph. */
          gboolean done = FALSE;
          for (; k > i && !done; k--)
            {
              if (k >= doc->tokens->len || tok (doc, k)->line != t->line
                  || (tok (doc, k)->flags & VEIL_TEXT_TOKEN_GAP_BEFORE) || !capitalised_word (doc, k))
                continue;
              guint slex = tok (doc, k)->lex;
              gboolean surname_ok = lex_name (slex, VEIL_LEX_SURNAME)
                                    || ((slex & VEIL_LEX_SURNAME) && !(lex & VEIL_LEX_AMBIGUOUS))
                                    || (!(lex & VEIL_LEX_AMBIGUOUS) && unknown_capitalised (doc, k)
                                        && !(slex & VEIL_LEX_EPONYM));
              if (!surname_ok || place_follows (doc, k + 1) || (lex & VEIL_LEX_EPONYM_ONLY))
                continue;
              guint next = veil_text_parse_name (doc, i, k + 1, VEIL_TEXT_NAME_MODE_CONTEXT, &name, NULL);
              if (next > i && name.n_parts >= 2)
                {
                  veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON, "lexicon");
                  i = next - 1;
                  done = TRUE;
                }
            }
          if (done)
            continue;
        }

      /* "Hélène Dubois", "Thandeka Mokoena": a capitalised word the lists do not know, then
       * a surname that is only a surname, mid-line; a word at a sentence start ("Normal",
       * "Query") must be a name the lists know instead. */
      if (t->letter_case == VEIL_TEXT_CASE_TITLE && !(lex & ~(VEIL_LEX_GIVEN | VEIL_LEX_SURNAME))
          && t->end - t->start >= 3 && !role_shaped (t->folded)
          && !veil_text_document_line (doc, t->line)->upper)
        {
          guint k = i + 1;
          if (k < doc->tokens->len && tok (doc, k)->line == t->line
              && !(tok (doc, k)->flags & VEIL_TEXT_TOKEN_GAP_BEFORE)
              && tok (doc, k)->letter_case == VEIL_TEXT_CASE_TITLE
              && (tok (doc, k)->lex & VEIL_LEX_SURNAME) && !(tok (doc, k)->lex & ~VEIL_LEX_SURNAME)
              && tok (doc, k)->end - tok (doc, k)->start >= 3
              && !place_follows (doc, k + 1)
              && !(k + 1 < doc->tokens->len && tok (doc, k + 1)->line == t->line
                   && capitalised_word (doc, k + 1)))
            {
              guint next = veil_text_parse_name (doc, i, k + 1, VEIL_TEXT_NAME_MODE_CONTEXT, &name, NULL);
              if (next == k + 1 && name.n_parts == 2)
                {
                  veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "lexicon, surname after a capitalised word");
                  i = next - 1;
                  continue;
                }
            }
        }

      /* "SMITH, John" and "SMITH John" in running text. */
      if (t->letter_case == VEIL_TEXT_CASE_UPPER && lex_name (lex, VEIL_LEX_SURNAME))
        {
          guint k = i + 1;
          if (k < doc->tokens->len && is_char (doc, k, ','))
            k++;
          if (k < doc->tokens->len && tok (doc, k)->line == t->line
              && tok (doc, k)->letter_case == VEIL_TEXT_CASE_TITLE
              && lex_name (tok (doc, k)->lex, VEIL_LEX_GIVEN))
            {
              guint next = veil_text_parse_name (doc, i, k + 1, VEIL_TEXT_NAME_MODE_FIELD, &name, NULL);
              if (next > i && name.n_parts >= 2)
                {
                  veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON, "lexicon");
                  i = next - 1;
                  continue;
                }
            }
        }

      /* One word: a surname, or a given name mid-sentence. An all-capitals line is a heading
       * of ordinary words more often than a name. */
      gboolean heading = veil_text_document_line (doc, t->line)->upper;
      if (heading || place_follows (doc, i + 1) || (lex & VEIL_LEX_EPONYM))
        continue;
      /* "Ogilvie syndrome", "Ryan score": a surname before a clinical noun is an eponym. */
      guint after = i + 1;
      if (after < doc->tokens->len && (t->flags & VEIL_TEXT_TOKEN_POSSESSIVE))
        after++;
      if (after < doc->tokens->len && (tok (doc, after)->lex & VEIL_LEX_HEAD_NOUN)
          && tok (doc, after)->line == t->line)
        continue;
      /* "TIA", "MAC", "DEAN": capitals in mixed-case text are acronyms. */
      if (t->letter_case == VEIL_TEXT_CASE_UPPER)
        continue;
      if (lex_name (lex, VEIL_LEX_SURNAME) && t->end - t->start >= 3)
        {
          name.n_parts = 1;
          name.parts[0].start = t->start;
          name.parts[0].end = t->end;
          name.parts[0].role = VEIL_TEXT_NAME_FAMILY;
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "lexicon");
        }
      /* At a sentence start ("Ewa to book PFTs", "(Orla) rang") only a given name that is in
       * no other list: "Will", "Grace" or "Hope" there are words. */
      else if (lex_name (lex, VEIL_LEX_GIVEN) && t->end - t->start >= 3
               && (!(t->flags & VEIL_TEXT_TOKEN_SENTENCE_START)
                   || !(lex & ~(VEIL_LEX_GIVEN | VEIL_LEX_SURNAME))))
        {
          name.n_parts = 1;
          name.parts[0].start = t->start;
          name.parts[0].end = t->end;
          name.parts[0].role = VEIL_TEXT_NAME_GIVEN;
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "lexicon");
        }
    }
}

/* ---- a name before its identifiers ---- */

/* A date, an identifier-like token, or an identifier label at token i. */
static gboolean
identifier_at (const VeilTextDocument *doc, guint i)
{
  if (i >= doc->tokens->len)
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  VeilTextDate date;
  gsize end;
  if ((t->type == VEIL_TEXT_TOKEN_NUMBER || t->type == VEIL_TEXT_TOKEN_ALNUM
       || (t->lex & (VEIL_LEX_MONTH | VEIL_LEX_WEEKDAY)))
      && veil_text_parse_date (doc->text, doc->len, t->start, &date, &end) && date.year > 0)
    return TRUE;
  if (t->type == VEIL_TEXT_TOKEN_NUMBER || t->type == VEIL_TEXT_TOKEN_ALNUM)
    {
      guint digits = 0;
      for (gsize k = t->start; k < t->end; k++)
        digits += g_ascii_isdigit (doc->text[k]) != 0;
      return digits >= 5;
    }
  static const char *const words[] = { "DOB", "D", "MRN", "NHS", "CHI", "HOSP", "HOSPITAL", "BORN",
                                       "AGED", "AGE", "UNIT", "ID", "NO" };
  /* "Hospital" and "Unit" are labels only as "Hospital No", "Unit number": "Queen Ysolde
   * Hospital" is an institution, not a name before its hospital number. */
  if (t->folded && (g_str_equal (t->folded, "HOSPITAL") || g_str_equal (t->folded, "UNIT")))
    return i + 1 < doc->tokens->len
           && (veil_text_document_token_is (doc, i + 1, "NO") || veil_text_document_token_is (doc, i + 1, "NUMBER")
               || veil_text_document_token_is (doc, i + 1, "NUM") || veil_text_document_token_is (doc, i + 1, "ID")
               || is_char (doc, i + 1, '#') || is_char (doc, i + 1, ':'));
  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    if (t->folded && g_str_equal (t->folded, words[w]))
      return TRUE;
  return FALSE;
}

/* "Sally-Anne Hopkins (H7719930)", "Alfred Gill | 29/08/1938 | …", "- Kyle Simpson (E8830112):",
 * "Patient Nguyen Thi Lan, 05/05/1958": capitalised words at the start of a line (or after
 * "Patient") followed by a date of birth or an identifier are a name. */
static void
find_names_before_identifiers (VeilTextDocument *doc)
{
  static const char *const lead_words[] = { "PATIENT", "PT", "NAME", "CLIENT", "DECEASED", "RE",
                                            "REPORT", "FOR", "OF" };
  for (guint l = 0; l < doc->lines->len; l++)
    {
      const VeilTextLine *ln = veil_text_document_line (doc, l);
      guint i = ln->first_token, end = i + ln->n_tokens;
      /* Bullets and list numbers: "-", "*", "1.", "(a)". */
      while (i < end && (tok (doc, i)->type == VEIL_TEXT_TOKEN_PUNCT
                         || (tok (doc, i)->type == VEIL_TEXT_TOKEN_NUMBER && i + 1 < end
                             && (is_char (doc, i + 1, '.') || is_char (doc, i + 1, ')')))))
        i++;
      guint leads = 0;
      while (i < end && leads < 3)
        {
          gboolean lead = FALSE;
          for (guint w = 0; w < G_N_ELEMENTS (lead_words) && !lead; w++)
            lead = veil_text_document_token_is (doc, i, lead_words[w]);
          if (!lead)
            break;
          i++;
          leads++;
          while (i < end && is_char (doc, i, ':'))
            i++;
        }
      gboolean line_start = TRUE;
      for (; i < end; i++)
        {
          /* At the start of the line (after a bullet or "Patient"), or anywhere after a
           * lower-case word ("DXA scan report for Rosemary Abiodun, 2/9/1955"). */
          gboolean after_lead = FALSE;
          for (guint w = 0; w < 4 && !line_start && !after_lead; w++)
            after_lead = veil_text_document_token_is (doc, i - 1, lead_words[w]); /* "… 05/09/2024  Pt Fenella …" */
          if (!line_start && !after_lead && !(tok (doc, i - 1)->letter_case == VEIL_TEXT_CASE_LOWER
                                              || tok (doc, i - 1)->type == VEIL_TEXT_TOKEN_PUNCT))
            continue;
          gboolean at_line_start = line_start;
          line_start = FALSE;
          if (is_title (doc, i) || !is_word (doc, i))
            continue;
          VeilTextName name;
          guint next = veil_text_parse_name (doc, i, end, VEIL_TEXT_NAME_MODE_CONTEXT, &name, NULL);
          if (next == i || name.n_parts < 2 || next >= end)
            continue;
          /* "Participant ID ORCA-02-0117": a label read as an initial ends no name. */
          if (name.parts[name.n_parts - 1].role == VEIL_TEXT_NAME_INITIAL
              && identifier_at (doc, veil_text_document_token_at (doc, name.parts[name.n_parts - 1].start)))
            continue;
          gboolean ids;
          gboolean separator = is_char (doc, next, '(') || is_char (doc, next, ',') || is_char (doc, next, '|')
                               || is_char (doc, next, '-') || is_char (doc, next, ':') || is_char (doc, next, '[')
                               || is_char (doc, next, '/') || is_char (doc, next, ';')
                               || (tok (doc, next)->type == VEIL_TEXT_TOKEN_PUNCT
                                   && tok (doc, next)->end - tok (doc, next)->start > 1); /* · • – */
          if (separator)
            {
              /* "Ffion Haf WILLIAMS, 34F, NX4417760": an age and sex may come first. */
              ids = FALSE;
              for (guint m = next + 1; m <= next + 4 && m < end && !ids; m++)
                ids = identifier_at (doc, m);
            }
          else
            /* "… MRN W110", "* Przemek Zawadzki E9911260 - …" */
            ids = (tok (doc, next)->type == VEIL_TEXT_TOKEN_WORD || at_line_start)
                  && identifier_at (doc, next);
          if (!ids)
            continue;
          /* "HPB MDM 07/05/2024": short capitals no name list knows are acronyms. */
          gboolean acronyms = TRUE;
          for (guint m = 0; m < name.n_parts && acronyms; m++)
            {
              guint ti = veil_text_document_token_at (doc, name.parts[m].start);
              const VeilTextToken *pt = tok (doc, ti);
              acronyms = pt->letter_case == VEIL_TEXT_CASE_UPPER && pt->end - pt->start <= 3
                         && !(pt->lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME));
            }
          if (acronyms)
            continue;
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_CONTEXT, "context, name before identifiers");
          i = next - 1;
        }
    }
}

/* ---- lower case ---- */

/* "d/w dr mahmood", "pt john o'reilly": notes typed in lower case. Only lexicon names, and
 * never one that is also a word. */
static gboolean
lower_name (const VeilTextDocument *doc, guint i, guint which)
{
  if (!is_word (doc, i) || tok (doc, i)->letter_case != VEIL_TEXT_CASE_LOWER)
    return FALSE;
  guint lex = tok (doc, i)->lex;
  return (lex & which) && !(lex & (VEIL_LEX_AMBIGUOUS | VEIL_LEX_STOP | VEIL_LEX_EPONYM))
         && tok (doc, i)->end - tok (doc, i)->start >= 3;
}

/* A name written as two tokens, `a` then `b` ("kaur, harpreet", "t. nakashima"). */
static void
set_two_parts (VeilTextName *name, const VeilTextToken *a, VeilTextNameRole role_a,
               const VeilTextToken *b, VeilTextNameRole role_b)
{
  name->n_parts = 2;
  name->parts[0] = (VeilTextNamePart) { a->start, a->end, (guint8) role_a };
  name->parts[1] = (VeilTextNamePart) { b->start, b->end, (guint8) role_b };
}

static void
find_lower_case (VeilTextDocument *doc)
{
  static const char *const titles[] = { "DR", "MR", "MRS", "MS", "MISS", "PROF" };
  for (guint i = 0; i + 1 < doc->tokens->len; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      if (t->type != VEIL_TEXT_TOKEN_WORD || t->letter_case != VEIL_TEXT_CASE_LOWER)
        continue;
      gboolean title = FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (titles) && !title; k++)
        title = g_str_equal (t->folded, titles[k]);
      VeilTextName name = { 0 };
      name.known = -1;
      if (title)
        {
          guint k = i + 1;
          if (is_char (doc, k, '.'))
            k++;
          if (k < doc->tokens->len && lower_name (doc, k, VEIL_LEX_SURNAME | VEIL_LEX_GIVEN))
            {
              guint last = k;
              if (lower_name (doc, k + 1, VEIL_LEX_SURNAME) && tok (doc, k + 1)->line == t->line)
                last = k + 1;
              name.n_parts = 0;
              for (guint m = k; m <= last; m++)
                {
                  VeilTextNamePart *p = &name.parts[name.n_parts++];
                  p->start = tok (doc, m)->start;
                  p->end = tok (doc, m)->end;
                  p->role = m == last ? VEIL_TEXT_NAME_FAMILY : VEIL_TEXT_NAME_GIVEN;
                }
              name.hint = g_str_equal (t->folded, "DR") || g_str_equal (t->folded, "PROF")
                              ? VEIL_TEXT_HINT_STAFF : VEIL_TEXT_HINT_PATIENT;
              g_autofree char *reason = g_strdup_printf ("context \"%.*s\"", (int) (t->end - t->start),
                                                         doc->text + t->start);
              veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_TITLE, reason);
              i = last;
            }
          continue;
        }
      /* "scanned by becky lomax", "- ngozi okwuosa G7712093": a given name the lists know and
       * a lower-case word they do not, after "by"/"with" or before an identifier. */
      if (lower_name (doc, i, VEIL_LEX_GIVEN) && !(t->lex & VEIL_LEX_ALSO_WORD) && i + 1 < doc->tokens->len
          && is_word (doc, i + 1) && tok (doc, i + 1)->line == t->line
          && tok (doc, i + 1)->letter_case == VEIL_TEXT_CASE_LOWER && tok (doc, i + 1)->end - tok (doc, i + 1)->start >= 3
          && (!(tok (doc, i + 1)->lex & ~(VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)) || lower_name (doc, i + 1, VEIL_LEX_SURNAME))
          && ((i > 0 && (veil_text_document_token_is (doc, i - 1, "BY") || veil_text_document_token_is (doc, i - 1, "WITH")))
              || (i + 2 < doc->tokens->len && tok (doc, i + 2)->line == t->line && identifier_at (doc, i + 2)
                  && (first_word_of_line (doc, i) || tok (doc, i - 1)->type == VEIL_TEXT_TOKEN_PUNCT))))
        {
          set_two_parts (&name, t, VEIL_TEXT_NAME_GIVEN, tok (doc, i + 1), VEIL_TEXT_NAME_FAMILY);
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "lexicon, lower-case name in context");
          i++;
          continue;
        }
      /* "spoke to daughter funmilayo": a given name the lists know after a relative. */
      static const char *const relatives[] = { "DAUGHTER", "SON", "WIFE", "HUSBAND", "MOTHER", "FATHER",
                                               "MUM", "DAD", "PARTNER", "SISTER", "BROTHER", "NIECE",
                                               "NEPHEW", "CARER", "FRIEND", "NEIGHBOUR" };
      gboolean after_relative = FALSE;
      for (guint r = 0; r < G_N_ELEMENTS (relatives) && i > 0 && !after_relative; r++)
        after_relative = veil_text_document_token_is (doc, i - 1, relatives[r]);
      if (after_relative && lower_name (doc, i, VEIL_LEX_GIVEN) && !(t->lex & VEIL_LEX_ALSO_WORD))
        {
          name.n_parts = 1;
          name.parts[0].start = t->start;
          name.parts[0].end = t->end;
          name.parts[0].role = VEIL_TEXT_NAME_GIVEN;
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "lexicon, lower-case name after a relative");
          continue;
        }
      /* "priya s fy2": a signature in lower case, a given name and an initial ending the line
       * or before a grade. */
      if (lower_name (doc, i, VEIL_LEX_GIVEN) && !(t->lex & VEIL_LEX_ALSO_WORD) && first_word_of_line (doc, i)
          && i + 1 < doc->tokens->len && is_word (doc, i + 1) && tok (doc, i + 1)->line == t->line
          && tok (doc, i + 1)->end - tok (doc, i + 1)->start == 1 && tok (doc, i + 1)->letter_case == VEIL_TEXT_CASE_LOWER
          && (i + 2 >= doc->tokens->len || tok (doc, i + 2)->line != t->line
              || tok (doc, i + 2)->type == VEIL_TEXT_TOKEN_ALNUM || (tok (doc, i + 2)->lex & VEIL_LEX_ROLE)))
        {
          set_two_parts (&name, t, VEIL_TEXT_NAME_GIVEN, tok (doc, i + 1), VEIL_TEXT_NAME_INITIAL);
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "lexicon, lower-case signature");
          i++;
          continue;
        }
      /* "okafor, n": a family name, a comma and one initial, in lower case. */
      if (i + 2 < doc->tokens->len && lower_name (doc, i, VEIL_LEX_SURNAME) && is_char (doc, i + 1, ',')
          && glued (doc, i + 1) && is_word (doc, i + 2) && tok (doc, i + 2)->end - tok (doc, i + 2)->start == 1
          && tok (doc, i + 2)->line == t->line
          && (i + 3 >= doc->tokens->len || !is_word (doc, i + 3) || tok (doc, i + 3)->line != t->line))
        {
          set_two_parts (&name, t, VEIL_TEXT_NAME_FAMILY, tok (doc, i + 2), VEIL_TEXT_NAME_INITIAL);
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "lexicon, family name and initial");
          i += 2;
          continue;
        }
      /* "t. nakamura": an initial with its full stop and a family name, in lower case. */
      if (t->end - t->start == 1 && i + 2 < doc->tokens->len && is_char (doc, i + 1, '.') && glued (doc, i + 1)
          && lower_name (doc, i + 2, VEIL_LEX_SURNAME) && tok (doc, i + 2)->line == t->line)
        {
          set_two_parts (&name, t, VEIL_TEXT_NAME_INITIAL, tok (doc, i + 2), VEIL_TEXT_NAME_FAMILY);
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "lexicon, initial and family name");
          i += 2;
          continue;
        }
      /* "kaur, harpreet": family first in lower case, a comma, then a given name. */
      if (i + 2 < doc->tokens->len && lower_name (doc, i, VEIL_LEX_SURNAME) && is_char (doc, i + 1, ',')
          && glued (doc, i + 1) && lower_name (doc, i + 2, VEIL_LEX_GIVEN) && tok (doc, i + 2)->line == t->line)
        {
          set_two_parts (&name, t, VEIL_TEXT_NAME_FAMILY, tok (doc, i + 2), VEIL_TEXT_NAME_GIVEN);
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "lexicon, family name first");
          i += 2;
          continue;
        }
      if (lower_name (doc, i, VEIL_LEX_GIVEN) && lower_name (doc, i + 1, VEIL_LEX_SURNAME)
          && tok (doc, i + 1)->line == t->line)
        {
          set_two_parts (&name, t, VEIL_TEXT_NAME_GIVEN, tok (doc, i + 1), VEIL_TEXT_NAME_FAMILY);
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK, "lexicon");
          i++;
        }
    }
}

/* A word that could be part of a name no list knows: capitalised, in no list but the name
 * lists, and not an acronym. */
static gboolean
unknown_name_word (const VeilTextDocument *doc, guint i)
{
  if (!is_word (doc, i))
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  guint lex = t->lex;
  if (t->letter_case != VEIL_TEXT_CASE_TITLE || t->end - t->start < 2)
    return FALSE;
  if (lex & ~(VEIL_LEX_GIVEN | VEIL_LEX_SURNAME | VEIL_LEX_AMBIGUOUS | VEIL_LEX_WORD))
    return FALSE;
  if (lex & VEIL_LEX_WORD)
    return FALSE;
  return !role_shaped (t->folded);
}

/* "I, Marguerite Delacroix, have reviewed …": two or three capitalised words in mid-sentence
 * that no list knows (or that only the name lists know) read as a name. Device and vendor
 * names are in the stop list. */
static void
find_name_shapes (VeilTextDocument *doc)
{
  for (guint i = 1; i + 1 < doc->tokens->len; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      if ((t->flags & VEIL_TEXT_TOKEN_SENTENCE_START) || !unknown_name_word (doc, i)
          || veil_text_document_line (doc, t->line)->upper)
        continue;
      const VeilTextToken *prev = tok (doc, i - 1);
      if (prev->line == t->line && (prev->letter_case == VEIL_TEXT_CASE_TITLE || prev->letter_case == VEIL_TEXT_CASE_UPPER))
        continue; /* inside a longer capitalised run: a heading or a title */
      guint k = i + 1;
      while (k < doc->tokens->len && k - i < 3 && tok (doc, k)->line == t->line
             && !(tok (doc, k)->flags & VEIL_TEXT_TOKEN_GAP_BEFORE) && unknown_name_word (doc, k))
        k++;
      if (k - i < 2)
        continue;
      if (k < doc->tokens->len && tok (doc, k)->line == t->line
          && (tok (doc, k)->letter_case == VEIL_TEXT_CASE_TITLE || tok (doc, k)->letter_case == VEIL_TEXT_CASE_UPPER))
        continue; /* a longer capitalised run: a heading, an organisation */
      if (place_follows (doc, k))
        continue;
      VeilTextName name;
      guint next = veil_text_parse_name (doc, i, k, VEIL_TEXT_NAME_MODE_CONTEXT, &name, NULL);
      if (next != k || name.n_parts < 2)
        continue;
      veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_LEXICON_WEAK - 2, "capitalised name shape");
      i = k - 1;
    }
}

/* ---- lists of names after a list label ---- */

/* "Present: Ní Fhloinn, Sabapathy, Trzciński, Odedra; apologies: Obeng-Asare", "Parents:
 * Kavitha and Prakash Sundaralingam": after a label that introduces people, every item of
 * the list (split at commas, semicolons, "and", "&" and "/") that reads as a name is one,
 * whatever the name lists know. */
static gboolean
list_label_at (const VeilTextDocument *doc, guint i)
{
  static const char *const labels[] = { "PRESENT", "ATTENDEES", "ATTENDANCE", "APOLOGIES",
                                        "RADIOGRAPHERS", "SONOGRAPHERS", "SCIENTISTS",
                                        "PHYSIOTHERAPISTS", "THERAPISTS",
                                        "ATTENDING", "MEMBERS", "PANEL", "PARENTS", "SURGEONS",
                                        "RADIOLOGISTS", "PATHOLOGISTS", "ONCOLOGISTS",
                                        "CLINICIANS", "NURSES", "CONSULTANTS", "REPORTERS",
                                        "ATTENDED", "REVIEWERS", "TEAM", "ATTENDEE" };
  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    if (veil_text_document_token_is (doc, i, labels[k]))
      return TRUE;
  return FALSE;
}

static gboolean
list_separator (const VeilTextDocument *doc, guint i)
{
  return is_char (doc, i, ',') || is_char (doc, i, ';') || is_char (doc, i, '&') || is_char (doc, i, '/')
         || (veil_text_document_token_is (doc, i, "AND") && tok (doc, i)->letter_case == VEIL_TEXT_CASE_LOWER);
}

static void
find_name_lists (VeilTextDocument *doc)
{
  for (guint i = 0; i + 2 < doc->tokens->len; i++)
    {
      if (!is_word (doc, i) || !list_label_at (doc, i) || !is_char (doc, i + 1, ':'))
        continue;
      guint line = tok (doc, i)->line;
      guint k = i + 2;
      while (k < doc->tokens->len && tok (doc, k)->line == line)
        {
          /* The next label on the line ("; apologies:") starts another list or ends this. */
          if (is_word (doc, k) && k + 1 < doc->tokens->len && is_char (doc, k + 1, ':'))
            break;
          VeilTextName name;
          guint next = veil_text_parse_name (doc, k, doc->tokens->len, VEIL_TEXT_NAME_MODE_FIELD, &name, NULL);
          gboolean item_ends = next < doc->tokens->len
                               && (tok (doc, next)->line != line || list_separator (doc, next)
                                   || is_char (doc, next, '.') || is_char (doc, next, '(')
                                   || (is_word (doc, next) && next + 1 < doc->tokens->len && is_char (doc, next + 1, ':')));
          if (next >= doc->tokens->len)
            item_ends = TRUE;
          if (next > k && item_ends && name.n_parts >= 1 && name.n_parts <= 4)
            {
              gboolean role = FALSE;
              for (guint m = 0; m < name.n_parts && !role; m++)
                {
                  const VeilTextToken *pt = tok (doc, veil_text_document_token_at (doc, name.parts[m].start));
                  role = (pt->lex & (VEIL_LEX_ROLE | VEIL_LEX_STOP)) && !(pt->lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME));
                  /* Lower case is a word, except a particle inside a name ("Van der Berg"). */
                  role |= pt->letter_case == VEIL_TEXT_CASE_LOWER && !(pt->lex & VEIL_LEX_PARTICLE);
                }
              if (!role)
                {
                  name.hint = VEIL_TEXT_HINT_STAFF;
                  veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_CONTEXT, "context, list of names");
                }
              k = next;
            }
          /* Skip to the next item. */
          while (k < doc->tokens->len && tok (doc, k)->line == line && !list_separator (doc, k)
                 && !(is_word (doc, k) && k + 1 < doc->tokens->len && is_char (doc, k + 1, ':')))
            k++;
          while (k < doc->tokens->len && tok (doc, k)->line == line && list_separator (doc, k))
            k++;
        }
    }
}

void
veil_text_find_names (VeilTextDocument *doc)
{
  find_name_lists (doc);
  veil_text_find_role_names (doc);
  veil_text_find_nicknames (doc);
  find_name_shapes (doc);
  find_titled (doc);
  find_phrases (doc);
  find_signatures (doc);
  find_carets (doc);
  find_names_before_identifiers (doc);
  find_lower_case (doc);
  find_lexicon (doc);
}

/* ---- the same name again, in the same document ---- */

void
veil_text_propagate_names (VeilTextDocument *doc, GPtrArray *chosen)
{
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < chosen->len; i++)
    {
      VeilTextCandidate *c = g_ptr_array_index (chosen, i);
      if (c->kind != VEIL_TEXT_KIND_PERSON || c->name == NULL || c->priority < VEIL_TEXT_PRIORITY_CONTEXT)
        continue;
      for (guint k = 0; k < c->name->n_parts; k++)
        {
          const VeilTextNamePart *p = &c->name->parts[k];
          if ((p->role != VEIL_TEXT_NAME_FAMILY && p->role != VEIL_TEXT_NAME_GIVEN) || p->end - p->start < 3)
            continue;
          char *folded = veil_text_fold (doc->text + p->start, p->end - p->start);
          g_hash_table_insert (names, folded, GUINT_TO_POINTER ((guint) p->role + 1));
        }
    }
  if (g_hash_table_size (names) == 0)
    return;

  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      if (t->type != VEIL_TEXT_TOKEN_WORD || t->folded == NULL)
        continue;
      gpointer role = g_hash_table_lookup (names, t->folded);
      if (role == NULL)
        continue;
      /* "katarzyna's GP", "McGUINNESS": another case of a name found here is the name again
       * when the lexicon knows it as a name and as nothing else. */
      if ((t->letter_case == VEIL_TEXT_CASE_LOWER || t->letter_case == VEIL_TEXT_CASE_MIXED)
          && (!(t->lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME))
              || (t->lex & ~(VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)) || t->end - t->start < 4))
        continue;
      if ((t->lex & (VEIL_LEX_WORD | VEIL_LEX_STOP)) && (t->flags & VEIL_TEXT_TOKEN_SENTENCE_START))
        continue;
      VeilTextName name = { 0 };
      name.known = -1;
      name.n_parts = 1;
      name.parts[0].start = t->start;
      name.parts[0].end = t->end;
      name.parts[0].role = (guint8) (GPOINTER_TO_UINT (role) - 1);
      veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_KNOWN_PART, "name found in this document");
    }
}

/* ---- the parts of a name ---- */

char *
veil_text_name_family (const VeilTextDocument *doc, const VeilTextName *name)
{
  GString *out = g_string_new (NULL);
  for (guint k = 0; k < name->n_parts; k++)
    if (name->parts[k].role == VEIL_TEXT_NAME_FAMILY)
      {
        g_autofree char *f = veil_text_fold (doc->text + name->parts[k].start,
                                             name->parts[k].end - name->parts[k].start);
        if (out->len)
          g_string_append_c (out, ' ');
        g_string_append (out, f);
      }
  return g_string_free (out, FALSE);
}

char *
veil_text_name_given (const VeilTextDocument *doc, const VeilTextName *name)
{
  for (guint k = 0; k < name->n_parts; k++)
    if (name->parts[k].role == VEIL_TEXT_NAME_GIVEN)
      return veil_text_fold (doc->text + name->parts[k].start,
                             name->parts[k].end - name->parts[k].start);
  return g_strdup ("");
}

char
veil_text_name_initial (const VeilTextDocument *doc, const VeilTextName *name)
{
  for (guint k = 0; k < name->n_parts; k++)
    if (name->parts[k].role == VEIL_TEXT_NAME_GIVEN || name->parts[k].role == VEIL_TEXT_NAME_INITIAL)
      return g_ascii_toupper (doc->text[name->parts[k].start]);
  return 0;
}

char *
veil_text_name_to_pn (const VeilTextDocument *doc, const VeilTextName *name)
{
  GString *family = g_string_new (NULL), *given = g_string_new (NULL);
  for (guint k = 0; k < name->n_parts; k++)
    {
      const VeilTextNamePart *p = &name->parts[k];
      GString *into = p->role == VEIL_TEXT_NAME_FAMILY ? family : given;
      if (into->len)
        g_string_append_c (into, ' ');
      g_string_append_len (into, doc->text + p->start, p->end - p->start);
    }
  char *pn = g_strdup_printf ("%s^%s", family->str, given->str);
  g_string_free (family, TRUE);
  g_string_free (given, TRUE);
  return pn;
}

/* `word` in the case of `like`. */
static void
append_cased (GString *out, const char *word, const char *like, gsize like_len)
{
  gboolean upper = TRUE, lower = TRUE, letters = FALSE;
  for (gsize i = 0; i < like_len; i++)
    {
      guchar c = (guchar) like[i];
      if (!g_ascii_isalpha (c))
        continue;
      letters = TRUE;
      upper &= g_ascii_isupper (c) != 0;
      lower &= g_ascii_islower (c) != 0;
    }
  if (letters && upper && like_len > 1)
    {
      g_autofree char *u = g_utf8_strup (word, -1);
      g_string_append (out, u);
    }
  else if (letters && lower)
    {
      g_autofree char *l = g_utf8_strdown (word, -1);
      g_string_append (out, l);
    }
  else
    g_string_append (out, word);
}

char *
veil_text_name_render (const char *text, const VeilTextName *name, const char *pseudonym_pn)
{
  g_auto (GStrv) pieces = g_strsplit (pseudonym_pn, "^", 3);
  const char *family = pieces[0] ? pieces[0] : "";
  const char *given = pieces[0] && pieces[1] ? pieces[1] : "";
  GString *out = g_string_new (NULL);
  gboolean family_done = FALSE, given_done = FALSE;
  gsize pos = name->parts[0].start;

  /* The case of the family name follows its main (last) part: "van der BERG" is upper. */
  const VeilTextNamePart *main_family = NULL;
  for (guint k = 0; k < name->n_parts; k++)
    if (name->parts[k].role == VEIL_TEXT_NAME_FAMILY)
      main_family = &name->parts[k];

  for (guint k = 0; k < name->n_parts; k++)
    {
      const VeilTextNamePart *p = &name->parts[k];
      const char *like = text + p->start;
      gsize like_len = p->end - p->start;
      gboolean drop = FALSE;
      const char *word = NULL;
      char initial[2] = { 0, 0 };

      switch (p->role)
        {
        case VEIL_TEXT_NAME_FAMILY:
          if (family_done)
            drop = TRUE;
          else
            {
              word = family;
              like = text + main_family->start;
              like_len = main_family->end - main_family->start;
              family_done = TRUE;
            }
          break;
        case VEIL_TEXT_NAME_GIVEN:
          if (given_done)
            drop = TRUE;
          else
            {
              word = given;
              given_done = TRUE;
            }
          break;
        case VEIL_TEXT_NAME_INITIAL:
          if (given_done)
            drop = TRUE;
          else
            {
              initial[0] = g_ascii_toupper (given[0] ? given[0] : 'X');
              word = initial;
              like = "X";
              like_len = 1;
              given_done = TRUE;
            }
          break;
        case VEIL_TEXT_NAME_MIDDLE:
        default:
          drop = TRUE;
          break;
        }

      if (drop)
        {
          /* Drop the part and the separator before it ("John Paul Smith" → "Patient
           * Kestrel-7Q", "J.A. Smith" → "P. Kestrel-7Q"). */
          pos = p->end;
          if (k == 0)
            {
              /* A leading part that goes: drop the separator after it instead. */
              while (pos < name->parts[name->n_parts - 1].end && strchr (" .,", text[pos]))
                pos++;
            }
          continue;
        }
      g_string_append_len (out, text + pos, (gssize) (p->start - pos));
      append_cased (out, word, like, like_len);
      pos = p->end;
    }
  return g_string_free (out, FALSE);
}
