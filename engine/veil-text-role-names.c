/* veil-text-role-names.c: names after role and relationship nouns (see veil-text-role-names.h). */

#include "veil-text-role-names.h"

#include "veil-text-names.h"

#include <string.h>

#define tok(doc, i) veil_text_document_token ((doc), (i))

typedef struct {
  const char *word;
  guint8 hint;
} Role;

/* People named by what they do or who they are to the patient. Job titles ending like
 * "-ologist", "-grapher" are recognised by form as well. */
static const Role roles[] = {
  { "NURSE", VEIL_TEXT_HINT_STAFF }, { "RADIOGRAPHER", VEIL_TEXT_HINT_STAFF },
  { "SONOGRAPHER", VEIL_TEXT_HINT_STAFF }, { "REGISTRAR", VEIL_TEXT_HINT_STAFF },
  { "CONSULTANT", VEIL_TEXT_HINT_STAFF }, { "PHYSIO", VEIL_TEXT_HINT_STAFF },
  { "PORTER", VEIL_TEXT_HINT_STAFF }, { "CHAPERONE", VEIL_TEXT_HINT_STAFF },
  { "INTERPRETER", VEIL_TEXT_HINT_STAFF }, { "TRANSLATOR", VEIL_TEXT_HINT_STAFF },
  { "PHOTOGRAPHER", VEIL_TEXT_HINT_STAFF }, { "WORKER", VEIL_TEXT_HINT_STAFF },
  { "COORDINATOR", VEIL_TEXT_HINT_STAFF }, { "CO-ORDINATOR", VEIL_TEXT_HINT_STAFF },
  { "TECHNOLOGIST", VEIL_TEXT_HINT_STAFF }, { "TECHNICIAN", VEIL_TEXT_HINT_STAFF },
  { "PRACTITIONER", VEIL_TEXT_HINT_STAFF }, { "MIDWIFE", VEIL_TEXT_HINT_STAFF },
  { "APT", VEIL_TEXT_HINT_STAFF }, { "SLT", VEIL_TEXT_HINT_STAFF }, { "CNS", VEIL_TEXT_HINT_STAFF },
  { "HCA", VEIL_TEXT_HINT_STAFF }, { "SPR", VEIL_TEXT_HINT_STAFF }, { "STR", VEIL_TEXT_HINT_STAFF },
  { "FY1", VEIL_TEXT_HINT_STAFF }, { "FY2", VEIL_TEXT_HINT_STAFF }, { "SHO", VEIL_TEXT_HINT_STAFF },
  { "REG", VEIL_TEXT_HINT_STAFF },
  { "SECRETARY", VEIL_TEXT_HINT_STAFF }, { "MANAGER", VEIL_TEXT_HINT_STAFF },
  { "OFFICER", VEIL_TEXT_HINT_STAFF }, { "ASSISTANT", VEIL_TEXT_HINT_STAFF },
  { "PHARMACIST", VEIL_TEXT_HINT_STAFF }, { "DIETITIAN", VEIL_TEXT_HINT_STAFF },
  { "SCIENTIST", VEIL_TEXT_HINT_STAFF }, { "BMS", VEIL_TEXT_HINT_STAFF },
  { "SPECIALIST", VEIL_TEXT_HINT_STAFF },
  { "MOTHER", VEIL_TEXT_HINT_ANY }, { "FATHER", VEIL_TEXT_HINT_ANY }, { "WIFE", VEIL_TEXT_HINT_ANY },
  { "HUSBAND", VEIL_TEXT_HINT_ANY }, { "SON", VEIL_TEXT_HINT_ANY }, { "DAUGHTER", VEIL_TEXT_HINT_ANY },
  { "PARTNER", VEIL_TEXT_HINT_ANY }, { "CARER", VEIL_TEXT_HINT_ANY }, { "BROTHER", VEIL_TEXT_HINT_ANY },
  { "SISTER", VEIL_TEXT_HINT_ANY }, { "GRANDDAUGHTER", VEIL_TEXT_HINT_ANY },
  { "GRANDSON", VEIL_TEXT_HINT_ANY }, { "NIECE", VEIL_TEXT_HINT_ANY }, { "NEPHEW", VEIL_TEXT_HINT_ANY },
  { "FRIEND", VEIL_TEXT_HINT_ANY }, { "GUARDIAN", VEIL_TEXT_HINT_ANY },
};

static gboolean
role_shaped (const char *folded)
{
  static const char *const endings[] = { "OLOGIST", "OGRAPHER", "IATRIST", "THERAPIST", "ICIAN" };
  for (guint k = 0; k < G_N_ELEMENTS (endings); k++)
    if (g_str_has_suffix (folded, endings[k]) && strlen (folded) > strlen (endings[k]) + 1)
      return TRUE;
  return FALSE;
}

/* Folded word → 1 + its hint. */
static gpointer
build_role_index (gpointer unused)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint k = 0; k < G_N_ELEMENTS (roles); k++)
    g_hash_table_insert (index, (gpointer) roles[k].word, GUINT_TO_POINTER (1u + roles[k].hint));
  return index;
}

static int
role_at (const VeilTextDocument *doc, guint i)
{
  static GOnce once = G_ONCE_INIT;
  GHashTable *index = g_once (&once, build_role_index, NULL);
  const VeilTextToken *t = tok (doc, i);
  if ((t->type != VEIL_TEXT_TOKEN_WORD && t->type != VEIL_TEXT_TOKEN_ALNUM) || t->folded == NULL)
    return -1;
  guint hit = GPOINTER_TO_UINT (g_hash_table_lookup (index, t->folded));
  if (hit)
    return (int) hit - 1;
  if (t->type == VEIL_TEXT_TOKEN_WORD && role_shaped (t->folded))
    return VEIL_TEXT_HINT_STAFF;
  return -1;
}

/* Words that are never part of a name, whatever their case. */
static gboolean
plain_word (const VeilTextToken *t)
{
  return (t->lex & (VEIL_LEX_STOP | VEIL_LEX_ROLE | VEIL_LEX_HEAD_NOUN | VEIL_LEX_INSTITUTION
                    | VEIL_LEX_STREET | VEIL_LEX_MONTH | VEIL_LEX_WEEKDAY | VEIL_LEX_TITLE_PERSON
                    | VEIL_LEX_TITLE_STAFF | VEIL_LEX_EPONYM_ONLY))
         && !((t->lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)) && !(t->lex & VEIL_LEX_STOP));
}

static gboolean
capitalised (const VeilTextToken *t)
{
  return t->type == VEIL_TEXT_TOKEN_WORD
         && (t->letter_case == VEIL_TEXT_CASE_TITLE || t->letter_case == VEIL_TEXT_CASE_MIXED);
}

static void
add_part (const VeilTextDocument *doc, VeilTextName *name, guint i, guint8 role)
{
  VeilTextNamePart *p = &name->parts[name->n_parts++];
  p->start = tok (doc, i)->start;
  p->end = tok (doc, i)->end;
  p->role = role;
}

/* Lower case: "t. nakashima", "tom o'leary". */
static gboolean
lower_after (const VeilTextDocument *doc, guint j, VeilTextName *name)
{
  guint n = doc->tokens->len;
  const VeilTextToken *a = tok (doc, j);
  if (a->type != VEIL_TEXT_TOKEN_WORD || a->letter_case != VEIL_TEXT_CASE_LOWER)
    return FALSE;
  guint line = a->line;
  /* An initial: one letter and a full stop, then a word no list holds as clinical. */
  if (a->end - a->start == 1 && j + 2 < n && veil_text_document_token_is_char (doc, j + 1, '.'))
    {
      const VeilTextToken *b = tok (doc, j + 2);
      if (b->type == VEIL_TEXT_TOKEN_WORD && b->letter_case == VEIL_TEXT_CASE_LOWER && b->line == line
          && b->end - b->start >= 3 && !plain_word (b) && !(b->lex & (VEIL_LEX_WORD | VEIL_LEX_ALSO_WORD))
          && !(b->lex & VEIL_LEX_EPONYM))
        {
          add_part (doc, name, j, VEIL_TEXT_NAME_INITIAL);
          add_part (doc, name, j + 2, VEIL_TEXT_NAME_FAMILY);
          return TRUE;
        }
      return FALSE;
    }
  if (j + 1 >= n)
    return FALSE;
  const VeilTextToken *b = tok (doc, j + 1);
  if (b->type != VEIL_TEXT_TOKEN_WORD || b->letter_case != VEIL_TEXT_CASE_LOWER || b->line != line)
    return FALSE;
  if (plain_word (a) || plain_word (b) || (a->lex & VEIL_LEX_EPONYM) || (b->lex & VEIL_LEX_EPONYM))
    return FALSE;
  /* One of the two must be a name the lists know and is not an ordinary word. */
  gboolean known = ((a->lex & VEIL_LEX_GIVEN) && !(a->lex & (VEIL_LEX_AMBIGUOUS | VEIL_LEX_WORD)))
                   || ((b->lex & VEIL_LEX_SURNAME) && !(b->lex & (VEIL_LEX_AMBIGUOUS | VEIL_LEX_WORD)));
  if (!known || a->end - a->start < 2 || b->end - b->start < 3)
    return FALSE;
  add_part (doc, name, j, VEIL_TEXT_NAME_GIVEN);
  add_part (doc, name, j + 1, VEIL_TEXT_NAME_FAMILY);
  return TRUE;
}

/* "23F", "41M", "6m": an age and a sex in one token. */
static gboolean
age_sex (const VeilTextDocument *doc, guint k)
{
  const VeilTextToken *t = tok (doc, k);
  gsize len = t->end - t->start;
  if (t->type != VEIL_TEXT_TOKEN_ALNUM || len < 2 || len > 4)
    return FALSE;
  char last = doc->text[t->end - 1];
  if (last != 'M' && last != 'F' && last != 'm' && last != 'f')
    return FALSE;
  for (gsize p = t->start; p + 1 < t->end; p++)
    if (!g_ascii_isdigit (doc->text[p]))
      return FALSE;
  return TRUE;
}

/* A training grade: "ST4", "CT2", "FY1", "F2". */
static gboolean
grade_at (const VeilTextDocument *doc, guint k)
{
  const VeilTextToken *t = tok (doc, k);
  if (t->type != VEIL_TEXT_TOKEN_ALNUM || t->folded == NULL)
    return FALSE;
  const char *f = t->folded;
  gsize p = g_str_has_prefix (f, "ST") || g_str_has_prefix (f, "CT") || g_str_has_prefix (f, "FY") ? 2
            : f[0] == 'F' ? 1 : 0;
  if (p == 0 || f[p] == '\0')
    return FALSE;
  for (; f[p]; p++)
    if (!g_ascii_isdigit (f[p]))
      return FALSE;
  return TRUE;
}

/* A lower-case word that the lists know only as a given name ("sandeep", "ifeoma"). */
static gboolean
lower_given (const VeilTextDocument *doc, guint j)
{
  const VeilTextToken *t = tok (doc, j);
  return t->type == VEIL_TEXT_TOKEN_WORD && t->letter_case == VEIL_TEXT_CASE_LOWER && t->end - t->start >= 3
         && (t->lex & VEIL_LEX_GIVEN)
         && !(t->lex & (VEIL_LEX_AMBIGUOUS | VEIL_LEX_WORD | VEIL_LEX_ALSO_WORD | VEIL_LEX_STOP | VEIL_LEX_ROLE
                        | VEIL_LEX_EPONYM));
}

/* "t. nakashima (reporting radiographer)", "tom o'leary, radiographer": a lower-case name
 * just before its role. */
static void
find_lower_before_roles (VeilTextDocument *doc)
{
  guint n = doc->tokens->len;
  for (guint j = 0; j + 3 < n; j++)
    {
      VeilTextName name;
      memset (&name, 0, sizeof name);
      /* "from ifeoma (ST4) to lachlan (ST3)": a given name before a training grade. */
      if (lower_given (doc, j) && j + 3 < n && veil_text_document_token_is_char (doc, j + 1, '(')
          && (grade_at (doc, j + 2) || role_at (doc, j + 2) == VEIL_TEXT_HINT_STAFF)
          && veil_text_document_token_is_char (doc, j + 3, ')'))
        {
          add_part (doc, &name, j, VEIL_TEXT_NAME_GIVEN);
          name.known = -1;
          name.hint = VEIL_TEXT_HINT_STAFF;
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_CONTEXT - 1, "context, lower case before a grade");
          j += 3;
          continue;
        }
      if (j > 0 && tok (doc, j - 1)->line == tok (doc, j)->line && tok (doc, j - 1)->type == VEIL_TEXT_TOKEN_WORD
          && tok (doc, j - 1)->letter_case == VEIL_TEXT_CASE_LOWER)
        continue; /* inside a sentence: "the report by tom o'leary" is found from its cue */
      if (!lower_after (doc, j, &name))
        continue;
      guint k = veil_text_document_token_at (doc, name.parts[name.n_parts - 1].start) + 1;
      /* "- ed: stacey-jo hartigan 23F ?appendicitis": an age and sex right after. */
      if (k < n && age_sex (doc, k) && tok (doc, k)->line == tok (doc, j)->line)
        {
          name.known = -1;
          name.hint = VEIL_TEXT_HINT_PATIENT;
          veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_CONTEXT - 1, "context, lower case before age and sex");
          j = k;
          continue;
        }
      if (k >= n || !(veil_text_document_token_is_char (doc, k, '(') || veil_text_document_token_is_char (doc, k, ',')))
        continue;
      gboolean role = FALSE;
      for (guint m = k + 1; m < n && m <= k + 3 && !role && tok (doc, m)->line == tok (doc, j)->line; m++)
        role = role_at (doc, m) == VEIL_TEXT_HINT_STAFF;
      if (!role)
        continue;
      name.known = -1;
      name.hint = VEIL_TEXT_HINT_STAFF;
      veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_CONTEXT - 1, "context, lower case before a role");
      j = k;
    }
}

/* "From: Saffron Littlewood BDS", "To: Eamon Doherty": a letter's or a message's sender and
 * addressee at the start of a line. Two name words at least ("To: Radiology Secretaries" has
 * none; "From: Mortuary Manager" one). */
static void
find_from_to (VeilTextDocument *doc)
{
  guint n = doc->tokens->len;
  for (guint l = 0; l < doc->lines->len; l++)
    {
      const VeilTextLine *ln = veil_text_document_line (doc, l);
      guint i = ln->first_token;
      if (ln->n_tokens < 4 || !(veil_text_document_token_is (doc, i, "FROM") || veil_text_document_token_is (doc, i, "TO"))
          || !veil_text_document_token_is_char (doc, i + 1, ':'))
        continue;
      guint j = i + 2;
      if (!capitalised (tok (doc, j)) || plain_word (tok (doc, j)))
        continue;
      VeilTextName name;
      guint next = veil_text_parse_name (doc, j, n, VEIL_TEXT_NAME_MODE_CUED, &name, NULL);
      if (next == j || name.n_parts < 2)
        continue;
      gboolean ok = TRUE;
      for (guint m = 0; m < name.n_parts && ok; m++)
        {
          const VeilTextToken *pt = tok (doc, veil_text_document_token_at (doc, name.parts[m].start));
          ok = !plain_word (pt) && !role_shaped (pt->folded)
               && !(pt->lex & (VEIL_LEX_GENERIC_PLACE | VEIL_LEX_INSTITUTION));
        }
      /* "From: Harbourside Dental Care": a place follows. */
      if (!ok || (next < n && tok (doc, next)->line == l && tok (doc, next)->type == VEIL_TEXT_TOKEN_WORD
                  && (tok (doc, next)->lex & (VEIL_LEX_INSTITUTION | VEIL_LEX_GENERIC_PLACE))))
        continue;
      name.known = -1;
      name.hint = VEIL_TEXT_HINT_STAFF;
      veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_CONTEXT - 1, "context, sender or addressee");
    }
}

void
veil_text_find_role_names (VeilTextDocument *doc)
{
  guint n = doc->tokens->len;
  find_lower_before_roles (doc);
  find_from_to (doc);
  for (guint i = 0; i + 1 < n; i++)
    {
      int hint = role_at (doc, i);
      if (hint < 0)
        continue;
      guint line = tok (doc, i)->line;
      guint j = i + 1;
      /* "nurse: ", "worker (", "partner, Ikenna," */
      while (j < n && tok (doc, j)->type == VEIL_TEXT_TOKEN_PUNCT && tok (doc, j)->line == line
             && strchr (":,(-\"", doc->text[tok (doc, j)->start]))
        j++;
      if (j >= n || tok (doc, j)->line != line)
        continue;
      /* A second role word ("nurse practitioner", "social worker") leads on. */
      if (role_at (doc, j) >= 0)
        continue;
      VeilTextName name;
      const char *reason = NULL;
      if (lower_after (doc, j, memset (&name, 0, sizeof name)))
        reason = "context, role noun, lower case";
      else if (hint == VEIL_TEXT_HINT_STAFF && lower_given (doc, j))
        {
          /* "d/w icu reg sandeep": one lower-case word the lists know only as a name. */
          add_part (doc, &name, j, VEIL_TEXT_NAME_GIVEN);
          reason = "context, role noun, lower case";
        }
      else if (capitalised (tok (doc, j)) && !plain_word (tok (doc, j)))
        {
          guint next = veil_text_parse_name (doc, j, n, VEIL_TEXT_NAME_MODE_CUED, &name, NULL);
          if (next == j)
            continue;
          gboolean ok = TRUE;
          guint words = 0;
          for (guint m = 0; m < name.n_parts && ok; m++)
            {
              guint t = veil_text_document_token_at (doc, name.parts[m].start);
              const VeilTextToken *pt = tok (doc, t);
              ok = !plain_word (pt) && !role_shaped (pt->folded);
              words += name.parts[m].role != VEIL_TEXT_NAME_INITIAL;
            }
          if (!ok)
            continue;
          /* One word alone: a name only if no list holds it as an ordinary word. */
          if (words == 1 && name.n_parts == 1)
            {
              const VeilTextToken *pt = tok (doc, j);
              if (pt->lex & (VEIL_LEX_WORD | VEIL_LEX_ALSO_WORD | VEIL_LEX_AMBIGUOUS | VEIL_LEX_GENERIC_PLACE)
                  || pt->end - pt->start < 3)
                continue;
              /* "Consultant Oncoplastic Breast Surgeon", "Community Midwife Team": a word that
               * qualifies a job title, or a role inside a capitalised heading, is not a name
               * unless the lists know it. */
              gboolean listed = (pt->lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)) != 0;
              guint after = j + 1;
              gboolean title_follows = after < n && tok (doc, after)->line == line
                                       && tok (doc, after)->type == VEIL_TEXT_TOKEN_WORD
                                       && tok (doc, after)->letter_case != VEIL_TEXT_CASE_LOWER;
              gboolean in_heading = tok (doc, i)->letter_case != VEIL_TEXT_CASE_LOWER && i > 0
                                    && tok (doc, i - 1)->line == line
                                    && tok (doc, i - 1)->type == VEIL_TEXT_TOKEN_WORD
                                    && tok (doc, i - 1)->letter_case != VEIL_TEXT_CASE_LOWER;
              if (!listed && (title_follows || in_heading))
                continue;
              /* "interpreter (Vietnamese)": languages and nationalities by their form. */
              if (!listed && (g_str_has_suffix (pt->folded, "ESE") || g_str_has_suffix (pt->folded, "ISH")
                              || g_str_has_suffix (pt->folded, "IAN")))
                continue;
            }
          reason = "context, role noun";
        }
      else
        continue;
      name.known = -1;
      name.hint = (guint8) hint;
      veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_CONTEXT - 1, reason);
    }
}

static gboolean
opens (const VeilTextDocument *doc, guint i)
{
  return veil_text_document_token_is_char (doc, i, '"') || veil_text_document_token_is_char (doc, i, '(')
         || veil_text_document_token_is_char (doc, i, '\'');
}

static gboolean
closes (const VeilTextDocument *doc, guint i)
{
  return veil_text_document_token_is_char (doc, i, '"') || veil_text_document_token_is_char (doc, i, ')')
         || veil_text_document_token_is_char (doc, i, '\'');
}

static gboolean
name_like (const VeilTextDocument *doc, guint i)
{
  if (i >= doc->tokens->len)
    return FALSE;
  const VeilTextToken *t = tok (doc, i);
  return capitalised (t) && t->end - t->start >= 2 && !plain_word (t) && !role_shaped (t->folded)
         && !(t->lex & (VEIL_LEX_GENERIC_PLACE | VEIL_LEX_EPONYM_ONLY));
}

static void
add_single (VeilTextDocument *doc, guint i, guint8 role, const char *reason)
{
  VeilTextName name;
  memset (&name, 0, sizeof name);
  name.known = -1;
  add_part (doc, &name, i, role);
  veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_CONTEXT - 1, reason);
}

/* "Oluwadamilare "Dami" Fashola", "Wilhelmina (Mina) Schoeman": a nickname in quotes or
 * brackets between a given name and a family name splits the name in two; each half and the
 * nickname are names. The given name must be one the lists know, or the family name. */
void
veil_text_find_nicknames (VeilTextDocument *doc)
{
  guint n = doc->tokens->len;
  for (guint i = 0; i + 4 < n; i++)
    {
      if (!name_like (doc, i) || !opens (doc, i + 1) || !name_like (doc, i + 2) || !closes (doc, i + 3)
          || !name_like (doc, i + 4))
        continue;
      guint line = tok (doc, i)->line;
      if (tok (doc, i + 4)->line != line || tok (doc, i + 2)->start != tok (doc, i + 1)->end
          || tok (doc, i + 3)->start != tok (doc, i + 2)->end)
        continue;
      const VeilTextToken *a = tok (doc, i), *w = tok (doc, i + 2), *b = tok (doc, i + 4);
      gboolean listed = ((a->lex & VEIL_LEX_GIVEN) && !(a->lex & VEIL_LEX_AMBIGUOUS))
                        || ((b->lex & VEIL_LEX_SURNAME) && !(b->lex & VEIL_LEX_AMBIGUOUS));
      /* …or a title or a name label comes first: "Ms Wilhelmina (Mina) Schoeman". */
      listed |= i > 0 && tok (doc, i - 1)->line == line
                && (tok (doc, i - 1)->lex & (VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF));
      if (!listed || (w->lex & (VEIL_LEX_WORD | VEIL_LEX_ALSO_WORD)))
        continue;
      add_single (doc, i, VEIL_TEXT_NAME_GIVEN, "context, name around a nickname");
      add_single (doc, i + 2, VEIL_TEXT_NAME_GIVEN, "context, nickname");
      add_single (doc, i + 4, VEIL_TEXT_NAME_FAMILY, "context, name around a nickname");
      i += 4;
    }
}
