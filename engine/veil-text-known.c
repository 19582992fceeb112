/* veil-text-known.c: the case's known entities and values (see veil-text-known.h). */

#include "veil-text-known.h"

#include "veil-text-departments.h"

#include "veil-pattern-set.h"
#include "veil-pseudonyms.h"
#include "veil-text-contact.h"
#include "veil-text-names.h"

#include <string.h>

typedef struct {
  VeilTextKind kind;
  char *value;
  char *patient_key;
} Value;

struct _VeilTextKnown
{
  GPtrArray *entities; /* VeilTextEntity* */
  GPtrArray *values;   /* Value* */
  GHashTable *seen;
};

typedef struct {
  guint entity;
  guint8 role;
} PartRef;

struct _VeilTextIndex
{
  gint ref_count;
  GPtrArray *entities;        /* VeilTextEntity* */
  GHashTable *name_parts;     /* folded word → GArray of PartRef */
  VeilPatternSet *value_set;
  GPtrArray *value_forms;     /* pattern id → Value* (borrowed from `values`) */
  GPtrArray *values;          /* Value* */
  GHashTable *value_patient;  /* compact upper-case value → patient key */
  GHashTable *patient_keys;   /* distinct patient keys */
  char *only_patient;
};

static void
entity_free (VeilTextEntity *e)
{
  g_free (e->key);
  g_free (e->pn);
  g_free (e->family);
  g_free (e->given);
  g_strfreev (e->middles);
  g_free (e->birth_date);
  g_free (e);
}

static void
value_free (Value *v)
{
  g_free (v->value);
  g_free (v->patient_key);
  g_free (v);
}

/* Splits a name (a PN, "SMITH, John", or "John Smith") into folded parts. */
static VeilTextEntity *
entity_new (gboolean is_patient, const char *key, const char *pn, const char *birth_date)
{
  VeilTextEntity *e = g_new0 (VeilTextEntity, 1);
  g_autofree char *family = NULL;
  g_autofree char *given = NULL;

  e->is_patient = is_patient;
  e->key = g_strdup (key);
  e->pn = g_strdup (pn);
  e->birth_date = birth_date && *birth_date ? g_strdup (birth_date) : NULL;

  g_autofree char *first_group = g_strndup (pn, strcspn (pn, "="));
  if (strchr (first_group, '^'))
    {
      g_auto (GStrv) comps = g_strsplit (first_group, "^", 5);
      family = g_strdup (comps[0] ? comps[0] : "");
      GString *g = g_string_new (comps[0] && comps[1] ? comps[1] : "");
      if (comps[0] && comps[1] && comps[2] && *comps[2])
        g_string_append_printf (g, " %s", comps[2]);
      given = g_string_free (g, FALSE);
    }
  else if (strchr (first_group, ','))
    {
      const char *comma = strchr (first_group, ',');
      family = g_strndup (first_group, (gsize) (comma - first_group));
      given = g_strdup (comma + 1);
    }
  else
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (first_group), " \t", -1);
      guint n = g_strv_length (words);
      GString *g = g_string_new (NULL);
      /* Titles are not names. */
      guint first = 0;
      while (first + 1 < n && *words[first]
             && (veil_text_lexicon_lookup (words[first]) & (VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF)))
        first++;
      for (guint i = first; i + 1 < n; i++)
        if (*words[i])
          g_string_append_printf (g, "%s%s", g->len ? " " : "", words[i]);
      family = g_strdup (n > 0 ? words[n - 1] : "");
      given = g_string_free (g, FALSE);
    }

  g_strstrip (family);
  g_strstrip (given);
  e->family = veil_text_fold (family, strlen (family));
  g_auto (GStrv) gw = g_strsplit_set (given, " \t.", -1);
  GPtrArray *middles = g_ptr_array_new ();
  e->given = NULL;
  for (guint i = 0; gw[i] != NULL; i++)
    {
      if (*gw[i] == '\0')
        continue;
      char *f = veil_text_fold (gw[i], strlen (gw[i]));
      if (e->given == NULL)
        e->given = f;
      else
        g_ptr_array_add (middles, f);
    }
  if (e->given == NULL)
    e->given = g_strdup ("");
  g_ptr_array_add (middles, NULL);
  e->middles = (char **) g_ptr_array_free (middles, FALSE);
  return e;
}

VeilTextKnown *
veil_text_known_new (void)
{
  VeilTextKnown *known = g_new0 (VeilTextKnown, 1);
  known->entities = g_ptr_array_new_with_free_func ((GDestroyNotify) entity_free);
  known->values = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
  known->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return known;
}

void
veil_text_known_free (VeilTextKnown *known)
{
  if (known == NULL)
    return;
  g_ptr_array_unref (known->entities);
  g_ptr_array_unref (known->values);
  g_hash_table_unref (known->seen);
  g_free (known);
}

static gboolean
first_time (VeilTextKnown *known, char *key)
{
  if (g_hash_table_contains (known->seen, key))
    {
      g_free (key);
      return FALSE;
    }
  g_hash_table_add (known->seen, key);
  return TRUE;
}

gboolean
veil_text_known_add_patient (VeilTextKnown *known, const char *patient_key, const char *pn,
                             const char *birth_date)
{
  if (patient_key == NULL || pn == NULL || *pn == '\0')
    return FALSE;
  VeilTextEntity *e = entity_new (TRUE, patient_key, pn, birth_date);
  if (*e->family == '\0' && *e->given == '\0')
    {
      entity_free (e);
      return FALSE;
    }
  if (!first_time (known, g_strdup_printf ("p|%s|%s^%s|%s", patient_key, e->family, e->given,
                                           birth_date ? birth_date : "")))
    {
      entity_free (e);
      return FALSE;
    }
  g_ptr_array_add (known->entities, e);
  return TRUE;
}

gboolean
veil_text_known_add_person (VeilTextKnown *known, const char *pn)
{
  if (pn == NULL || *pn == '\0')
    return FALSE;
  VeilTextEntity *e = entity_new (FALSE, NULL, pn, NULL);
  if (*e->family == '\0' || !first_time (known, g_strdup_printf ("s|%s^%s", e->family, e->given)))
    {
      entity_free (e);
      return FALSE;
    }
  g_ptr_array_add (known->entities, e);
  return TRUE;
}

gboolean
veil_text_known_add_value (VeilTextKnown *known, VeilTextKind kind, const char *value,
                           const char *patient_key)
{
  if (value == NULL)
    return FALSE;
  g_autofree char *trimmed = g_strstrip (g_strdup (value));
  if (strlen (trimmed) < 3)
    return FALSE;
  if (!first_time (known, g_strdup_printf ("v|%d|%s", kind, trimmed)))
    return FALSE;
  Value *v = g_new0 (Value, 1);
  v->kind = kind;
  v->value = g_steal_pointer (&trimmed);
  v->patient_key = g_strdup (patient_key);
  g_ptr_array_add (known->values, v);
  return TRUE;
}

/* ---- the index ---- */

static char *
compact (const char *s)
{
  GString *out = g_string_new (NULL);
  for (const char *p = s; *p; p++)
    if (*p != ' ' && *p != '-' && *p != '/')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static void
add_form (VeilTextIndex *index, Value *v, const char *form, GHashTable *forms_seen)
{
  gsize n = strlen (form);
  if (n < 3)
    return;
  g_autofree char *key = g_ascii_strup (form, -1);
  if (g_hash_table_contains (forms_seen, key))
    return;
  g_hash_table_add (forms_seen, g_steal_pointer (&key));
  veil_pattern_set_add (index->value_set, (const guint8 *) form, n,
                        VEIL_PATTERN_CASE_INSENSITIVE | VEIL_PATTERN_WORD_BOUNDED,
                        index->value_forms->len);
  g_ptr_array_add (index->value_forms, v);
}

static void
add_value_forms (VeilTextIndex *index, Value *v, GHashTable *forms_seen)
{
  gboolean is_id = v->kind == VEIL_TEXT_KIND_NHS_NUMBER || v->kind == VEIL_TEXT_KIND_HOSPITAL_NUMBER
                   || v->kind == VEIL_TEXT_KIND_ACCESSION || v->kind == VEIL_TEXT_KIND_OTHER_ID
                   || v->kind == VEIL_TEXT_KIND_PROFESSIONAL_ID;
  g_autofree char *c = compact (v->value);

  /* A short number is found by chance in any text: known IDs need 4 characters, and a
   * digits-only one 5. Other text needs a letter or enough digits. */
  if (is_id && (strlen (c) < 4 || (all_digits (c) && strlen (c) < 5)))
    return;
  if (!is_id && strlen (v->value) < 4)
    return;
  /* A department ("Radiology", a DICOM department value) names no one: searched for
   * everywhere it would take "Interventional Radiology" and every heading with it. */
  if (v->kind == VEIL_TEXT_KIND_INSTITUTION && veil_text_is_department_name (v->value, -1))
    return;

  add_form (index, v, v->value, forms_seen);
  if (is_id)
    {
      if (v->patient_key)
        g_hash_table_insert (index->value_patient, g_strdup (c), v->patient_key);
      add_form (index, v, c, forms_seen);
      if (strlen (c) == 10 && all_digits (c))
        {
          g_autofree char *spaced = g_strdup_printf ("%.3s %.3s %.4s", c, c + 3, c + 6);
          g_autofree char *dashed = g_strdup_printf ("%.3s-%.3s-%.4s", c, c + 3, c + 6);
          add_form (index, v, spaced, forms_seen);
          add_form (index, v, dashed, forms_seen);
        }
    }
  else if (v->kind == VEIL_TEXT_KIND_PHONE || v->kind == VEIL_TEXT_KIND_POSTCODE)
    add_form (index, v, c, forms_seen);
}

static void
add_name_part (VeilTextIndex *index, const char *part, guint entity, guint8 role)
{
  if (part == NULL || strlen (part) < 2)
    return;
  GArray *refs = g_hash_table_lookup (index->name_parts, part);
  if (refs == NULL)
    {
      refs = g_array_new (FALSE, FALSE, sizeof (PartRef));
      g_hash_table_insert (index->name_parts, g_strdup (part), refs);
    }
  PartRef r = { entity, role };
  g_array_append_val (refs, r);
}

static void
index_entity (VeilTextIndex *index, VeilTextEntity *e)
{
  guint i = index->entities->len;
  g_ptr_array_add (index->entities, e);
  if (e->is_patient)
    g_hash_table_add (index->patient_keys, g_strdup (e->key));

  add_name_part (index, e->family, i, VEIL_TEXT_NAME_FAMILY);
  if (strpbrk (e->family, " -"))
    {
      g_auto (GStrv) words = g_strsplit_set (e->family, " -", -1);
      for (guint k = 0; words[k] != NULL; k++)
        add_name_part (index, words[k], i, VEIL_TEXT_NAME_FAMILY);
    }
  add_name_part (index, e->given, i, VEIL_TEXT_NAME_GIVEN);
  for (guint k = 0; e->middles[k] != NULL; k++)
    add_name_part (index, e->middles[k], i, VEIL_TEXT_NAME_MIDDLE);
}

static VeilTextEntity *
entity_copy (const VeilTextEntity *e)
{
  VeilTextEntity *c = g_new0 (VeilTextEntity, 1);
  c->is_patient = e->is_patient;
  c->key = g_strdup (e->key);
  c->pn = g_strdup (e->pn);
  c->family = g_strdup (e->family);
  c->given = g_strdup (e->given);
  c->middles = g_strdupv (e->middles);
  c->birth_date = g_strdup (e->birth_date);
  return c;
}

typedef struct {
  VeilTextIndex *index;
  GHashTable *seen;
} StoreImport;

/* What a "text" row of the store is: the DICOM side records institution names, addresses
 * and telephone numbers there, and this pipeline its postcodes, emails and URLs. */
static VeilTextKind text_kind (const char *value);

VeilTextKind
veil_text_known_guess_kind (const char *value)
{
  return text_kind (value);
}

static VeilTextKind
text_kind (const char *value)
{
  guint digits = 0, letters = 0;
  for (const char *p = value; *p; p++)
    {
      digits += g_ascii_isdigit (*p) != 0;
      letters += g_ascii_isalpha (*p) != 0;
    }
  if (strchr (value, '@'))
    return VEIL_TEXT_KIND_EMAIL;
  if (g_str_has_prefix (value, "http") || g_str_has_prefix (value, "www."))
    return VEIL_TEXT_KIND_URL;
  if (digits >= 7 && letters <= 4)
    return VEIL_TEXT_KIND_PHONE;
  gsize n = strlen (value);
  if (n >= 5 && n <= 8 && veil_text_match_postcode (value, n, 0, TRUE) == n)
    return VEIL_TEXT_KIND_POSTCODE;
  g_auto (GStrv) words = g_strsplit_set (value, " ,", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *f = veil_text_fold (words[i], strlen (words[i]));
      if (veil_text_lexicon_lookup (f) & VEIL_LEX_INSTITUTION)
        return VEIL_TEXT_KIND_INSTITUTION;
    }
  return VEIL_TEXT_KIND_ADDRESS;
}

static void
import_row (const VeilMapping *m, gpointer user_data)
{
  StoreImport *im = user_data;
  VeilTextIndex *index = im->index;
  const char *kind = m->kind;
  VeilTextKind value_kind;

  if (g_str_equal (kind, VEIL_MAPPING_PATIENT_NAME) || g_str_equal (kind, VEIL_MAPPING_PERSON_NAME))
    {
      gboolean patient = g_str_equal (kind, VEIL_MAPPING_PATIENT_NAME);
      g_autofree char *key = g_strdup_printf ("%c|%s|%s", patient ? 'p' : 's', m->entity ? m->entity : "",
                                              m->original);
      if (g_hash_table_contains (im->seen, key))
        return;
      g_hash_table_add (im->seen, g_steal_pointer (&key));
      VeilTextEntity *e = entity_new (patient, patient ? m->entity : NULL, m->original, NULL);
      if (*e->family == '\0' || (patient && m->entity == NULL))
        {
          entity_free (e);
          return;
        }
      index_entity (index, e);
      return;
    }
  if (g_str_equal (kind, VEIL_MAPPING_PATIENT_ID))
    {
      g_autofree char *c = compact (m->original);
      value_kind = strlen (c) == 10 && veil_nhs_number_is_valid (c) ? VEIL_TEXT_KIND_NHS_NUMBER
                                                                    : VEIL_TEXT_KIND_HOSPITAL_NUMBER;
    }
  else if (g_str_equal (kind, VEIL_MAPPING_ACCESSION))
    value_kind = VEIL_TEXT_KIND_ACCESSION;
  else if (g_str_equal (kind, VEIL_MAPPING_OTHER_ID))
    value_kind = VEIL_TEXT_KIND_OTHER_ID;
  else if (g_str_equal (kind, VEIL_MAPPING_TEXT))
    value_kind = text_kind (m->original);
  else
    return;

  Value *v = g_new0 (Value, 1);
  v->kind = value_kind;
  v->value = g_strdup (m->original);
  v->patient_key = g_strdup (m->entity);
  g_ptr_array_add (index->values, v);
}

VeilTextIndex *
veil_text_index_new (const VeilTextKnown *known, VeilMappingStore *store)
{
  VeilTextIndex *index = g_new0 (VeilTextIndex, 1);
  index->ref_count = 1;
  index->entities = g_ptr_array_new_with_free_func ((GDestroyNotify) entity_free);
  index->name_parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_array_unref);
  index->value_set = veil_pattern_set_new ();
  index->value_forms = g_ptr_array_new ();
  index->values = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
  index->value_patient = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  index->patient_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < known->entities->len; i++)
    index_entity (index, entity_copy (g_ptr_array_index (known->entities, i)));
  for (guint i = 0; i < known->values->len; i++)
    {
      const Value *src = g_ptr_array_index (known->values, i);
      Value *v = g_new0 (Value, 1);
      v->kind = src->kind;
      v->value = g_strdup (src->value);
      v->patient_key = g_strdup (src->patient_key);
      g_ptr_array_add (index->values, v);
    }
  if (store != NULL)
    {
      StoreImport im = { index, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
      for (guint i = 0; i < known->entities->len; i++)
        {
          const VeilTextEntity *e = g_ptr_array_index (known->entities, i);
          g_hash_table_add (im.seen, g_strdup_printf ("%c|%s|%s", e->is_patient ? 'p' : 's',
                                                      e->key ? e->key : "", e->pn));
        }
      veil_mapping_store_foreach (store, NULL, import_row, &im);
      g_hash_table_unref (im.seen);
    }

  g_autoptr (GHashTable) forms_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < index->values->len; i++)
    add_value_forms (index, g_ptr_array_index (index->values, i), forms_seen);
  veil_pattern_set_compile (index->value_set);

  if (g_hash_table_size (index->patient_keys) == 1)
    {
      GHashTableIter iter;
      gpointer key;
      g_hash_table_iter_init (&iter, index->patient_keys);
      g_hash_table_iter_next (&iter, &key, NULL);
      index->only_patient = g_strdup (key);
    }
  return index;
}

VeilTextIndex *
veil_text_index_ref (VeilTextIndex *index)
{
  g_atomic_int_inc (&index->ref_count);
  return index;
}

void
veil_text_index_unref (VeilTextIndex *index)
{
  if (index == NULL || !g_atomic_int_dec_and_test (&index->ref_count))
    return;
  g_ptr_array_unref (index->entities);
  g_hash_table_unref (index->name_parts);
  veil_pattern_set_free (index->value_set);
  g_ptr_array_unref (index->value_forms);
  g_ptr_array_unref (index->values);
  g_hash_table_unref (index->value_patient);
  g_hash_table_unref (index->patient_keys);
  g_free (index->only_patient);
  g_free (index);
}

guint
veil_text_index_n_entities (const VeilTextIndex *index)
{
  return index->entities->len;
}

const VeilTextEntity *
veil_text_index_entity (const VeilTextIndex *index, guint i)
{
  return g_ptr_array_index (index->entities, i);
}

guint
veil_text_index_n_patients (const VeilTextIndex *index)
{
  return g_hash_table_size (index->patient_keys);
}

const char *
veil_text_index_only_patient (const VeilTextIndex *index)
{
  return index->only_patient;
}

const char *
veil_text_index_patient_of_value (const VeilTextIndex *index, const char *value)
{
  g_autofree char *c = compact (value);
  return g_hash_table_lookup (index->value_patient, c);
}

static gboolean
family_matches (const VeilTextEntity *e, const char *family)
{
  if (*family == '\0')
    return FALSE;
  if (g_str_equal (e->family, family))
    return TRUE;
  /* "Smith" for "SMITH-JONES"; "Berg" for "VAN DER BERG". */
  if (strpbrk (e->family, " -") && !strpbrk (family, " -"))
    {
      g_auto (GStrv) words = g_strsplit_set (e->family, " -", -1);
      for (guint k = 0; words[k] != NULL; k++)
        if (g_str_equal (words[k], family) && strlen (family) >= 3)
          return TRUE;
    }
  /* "O'Brien" folds to OBRIEN in both; "MacDonald" and "McDonald" are different names. */
  return FALSE;
}

/* 3: the given name matches, 2: the initial, 1: nothing written to compare, 0: conflict. */
static int
given_score (const VeilTextEntity *e, const char *given, char initial)
{
  if (given && *given)
    {
      if (*e->given == '\0')
        return 1;
      if (g_str_equal (e->given, given))
        return 3;
      for (guint k = 0; e->middles[k] != NULL; k++)
        if (g_str_equal (e->middles[k], given))
          return 2;
      return 0;
    }
  if (initial)
    {
      if (*e->given == '\0')
        return 1;
      return e->given[0] == initial ? 2 : 0;
    }
  return 1;
}

const char *
veil_text_index_patient_of_name (const VeilTextIndex *index, const char *family,
                                 const char *given, const char *birth_date)
{
  const char *found = NULL;
  gboolean ambiguous = FALSE;

  for (guint i = 0; i < index->entities->len; i++)
    {
      const VeilTextEntity *e = g_ptr_array_index (index->entities, i);
      if (!e->is_patient || !family_matches (e, family) || given_score (e, given, 0) == 0)
        continue;
      if (birth_date && e->birth_date && !g_str_equal (birth_date, e->birth_date))
        continue;
      if (found && !g_str_equal (found, e->key))
        ambiguous = TRUE;
      found = e->key;
    }
  return ambiguous ? NULL : found;
}

int
veil_text_index_find_person (const VeilTextIndex *index, const char *family, const char *given,
                             char initial, VeilTextHint hint)
{
  int best = -1, best_score = 0;

  for (guint i = 0; i < index->entities->len; i++)
    {
      const VeilTextEntity *e = g_ptr_array_index (index->entities, i);
      int score;
      if (*family)
        {
          if (!family_matches (e, family))
            continue;
          score = given_score (e, given, initial) * 4;
          if (score == 0)
            continue;
        }
      else
        {
          /* A given name alone: "John" is the patient John Smith. */
          if (!given || !*given || !g_str_equal (e->given, given))
            continue;
          score = 4;
        }
      if ((hint == VEIL_TEXT_HINT_STAFF) == !e->is_patient)
        score += 2;
      else if (hint == VEIL_TEXT_HINT_ANY && e->is_patient)
        score += 1;
      if (score > best_score)
        {
          best = (int) i;
          best_score = score;
        }
    }
  return best;
}

gboolean
veil_text_index_is_name_part (const VeilTextIndex *index, const char *folded)
{
  return g_hash_table_contains (index->name_parts, folded);
}

/* ---- finding known values and names ---- */

typedef struct {
  const VeilTextIndex *index;
  VeilTextDocument *doc;
} FindContext;

static gboolean
on_value (guint id, guint64 offset, gsize length, gpointer user_data)
{
  FindContext *fc = user_data;
  const Value *v = g_ptr_array_index (fc->index->value_forms, id);
  VeilTextCandidate *c = veil_text_document_add (fc->doc, (gsize) offset, (gsize) offset + length,
                                                 v->kind, VEIL_TEXT_PRIORITY_KNOWN_VALUE, "known value");
  c->value = g_strdup (v->value);
  c->entity = g_strdup (v->patient_key);
  return TRUE;
}

#define tok(doc, i) veil_text_document_token ((doc), (i))

static guint8
role_of (const VeilTextDocument *doc, guint i, const VeilTextEntity *e)
{
  const VeilTextToken *t = tok (doc, i);
  if (t->type != VEIL_TEXT_TOKEN_WORD || t->folded == NULL)
    return 0xFF;
  const char *f = t->folded;
  /* A capital alone is an initial, even when the case knows only the initial ("SMITH^J"). */
  if (t->end - t->start == 1)
    {
      if (t->letter_case != VEIL_TEXT_CASE_UPPER)
        return 0xFF;
      if (*e->given && e->given[0] == f[0])
        return VEIL_TEXT_NAME_INITIAL;
      for (guint k = 0; e->middles[k] != NULL; k++)
        if (e->middles[k][0] == f[0])
          return VEIL_TEXT_NAME_INITIAL;
      return 0xFF;
    }
  if (family_matches (e, f) || (strchr (e->family, ' ') && strstr (e->family, f)
                                && (t->lex & VEIL_LEX_PARTICLE)))
    return VEIL_TEXT_NAME_FAMILY;
  if (*e->given && g_str_equal (f, e->given))
    return VEIL_TEXT_NAME_GIVEN;
  for (guint k = 0; e->middles[k] != NULL; k++)
    if (g_str_equal (f, e->middles[k]))
      return VEIL_TEXT_NAME_MIDDLE;
  /* The case knows "E Moore"; the text writes "Ethel Moore". */
  if (strlen (e->given) == 1 && f[0] == e->given[0] && (t->lex & VEIL_LEX_GIVEN)
      && t->letter_case != VEIL_TEXT_CASE_LOWER)
    return VEIL_TEXT_NAME_GIVEN;
  return 0xFF;
}

/* The separator between tokens a and b of one name: spaces, "." after an initial, ",", "^". */
static gboolean
joins (const VeilTextDocument *doc, guint a, guint b, guint *next)
{
  guint k = a + 1;
  const VeilTextToken *ta = tok (doc, a);
  while (k < b)
    {
      const VeilTextToken *p = tok (doc, k);
      if (p->type != VEIL_TEXT_TOKEN_PUNCT || p->end - p->start != 1 || !strchr (".,^", doc->text[p->start]))
        return FALSE;
      /* A full stop joins only after an initial ("J. Smith"): "SMITH^JOHN. John" is two. */
      if (doc->text[p->start] == '.' && ta->end - ta->start != 1)
        return FALSE;
      k++;
    }
  if (b >= doc->tokens->len || tok (doc, b)->line != ta->line
      || (tok (doc, b)->flags & VEIL_TEXT_TOKEN_GAP_BEFORE))
    return FALSE;
  *next = b;
  return b - a <= 2;
}

static void
find_known_names (const VeilTextIndex *index, VeilTextDocument *doc)
{
  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = tok (doc, i);
      if (t->type != VEIL_TEXT_TOKEN_WORD || t->folded == NULL)
        continue;
      GArray *refs = g_hash_table_lookup (index->name_parts, t->folded);
      if (refs == NULL)
        continue;

      guint best_first = i, best_last = i, best_parts = 0;
      int best_entity = -1;
      for (guint r = 0; r < refs->len; r++)
        {
          guint ei = g_array_index (refs, PartRef, r).entity;
          const VeilTextEntity *e = g_ptr_array_index (index->entities, ei);
          guint first = i, last = i, parts = 1;
          /* Left, then right, over parts of the same name. */
          while (first > 0)
            {
              guint k = first - 1, n;
              while (k > 0 && tok (doc, k)->type == VEIL_TEXT_TOKEN_PUNCT && first - k < 2)
                k--;
              if (role_of (doc, k, e) == 0xFF || !joins (doc, k, first, &n))
                break;
              first = k;
              parts++;
            }
          for (;;)
            {
              guint k = last + 1, n;
              while (k < doc->tokens->len && tok (doc, k)->type == VEIL_TEXT_TOKEN_PUNCT && k - last <= 2
                     && tok (doc, k)->end - tok (doc, k)->start == 1 && strchr (".,^", doc->text[tok (doc, k)->start]))
                k++;
              if (k >= doc->tokens->len || role_of (doc, k, e) == 0xFF || !joins (doc, last, k, &n))
                break;
              last = k;
              parts++;
            }
          if (parts > best_parts || (parts == best_parts && e->is_patient && best_entity >= 0
                                     && !((VeilTextEntity *) g_ptr_array_index (index->entities, best_entity))->is_patient))
            {
              best_parts = parts;
              best_first = first;
              best_last = last;
              best_entity = (int) ei;
            }
        }
      const VeilTextEntity *e = g_ptr_array_index (index->entities, best_entity);

      VeilTextName name = { 0 };
      name.known = best_entity;
      name.hint = e->is_patient ? VEIL_TEXT_HINT_PATIENT : VEIL_TEXT_HINT_STAFF;
      gboolean has_word = FALSE, given_seen = FALSE;
      for (guint k = best_first; k <= best_last && name.n_parts < VEIL_TEXT_NAME_MAX_PARTS; k++)
        {
          const VeilTextToken *p = tok (doc, k);
          if (p->type != VEIL_TEXT_TOKEN_WORD)
            continue;
          guint8 role = role_of (doc, k, e);
          if (role == 0xFF)
            continue;
          if (role == VEIL_TEXT_NAME_GIVEN && given_seen)
            role = VEIL_TEXT_NAME_MIDDLE;
          if (role == VEIL_TEXT_NAME_GIVEN)
            given_seen = TRUE;
          if (role == VEIL_TEXT_NAME_FAMILY || role == VEIL_TEXT_NAME_GIVEN)
            has_word |= !(p->lex & VEIL_LEX_PARTICLE) || p->letter_case != VEIL_TEXT_CASE_LOWER;
          VeilTextNamePart *np = &name.parts[name.n_parts++];
          np->start = p->start;
          np->end = p->end;
          np->role = role;
        }
      if (!has_word || name.n_parts == 0)
        continue;

      int priority;
      if (name.n_parts >= 2)
        priority = VEIL_TEXT_PRIORITY_KNOWN_NAME;
      else
        {
          const VeilTextToken *p = tok (doc, best_first);
          guint8 role = name.parts[0].role;
          /* An ordinary word ("Brown fluid", "Ward 7") is a name only mid-sentence, and loses
           * to other readings; an eponym alone ("Lewis and his parents") is a name. */
          guint word_like = VEIL_LEX_WORD | VEIL_LEX_STOP | VEIL_LEX_MONTH | VEIL_LEX_WEEKDAY
                            | VEIL_LEX_HEAD_NOUN | VEIL_LEX_GENERIC_PLACE | VEIL_LEX_INSTITUTION
                            | VEIL_LEX_STREET | VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF
                            | VEIL_LEX_EPONYM_ONLY;
          gboolean wordish = (p->lex & word_like) != 0;
          if (role != VEIL_TEXT_NAME_FAMILY && role != VEIL_TEXT_NAME_GIVEN)
            continue;
          if (p->letter_case == VEIL_TEXT_CASE_LOWER || p->letter_case == VEIL_TEXT_CASE_MIXED)
            {
              /* "patel" in sloppy text, but never "brown" or "bell". */
              if (wordish || role != VEIL_TEXT_NAME_FAMILY || p->end - p->start < 4)
                continue;
            }
          if (wordish && (p->flags & VEIL_TEXT_TOKEN_SENTENCE_START))
            continue;
          priority = wordish ? VEIL_TEXT_PRIORITY_INSTITUTION - 2 : VEIL_TEXT_PRIORITY_KNOWN_PART;
        }
      veil_text_add_name (doc, &name, priority, "known value");
      i = best_last;
    }
}

void
veil_text_index_find (const VeilTextIndex *index, VeilTextDocument *doc)
{
  FindContext fc = { index, doc };

  if (veil_pattern_set_get_n_patterns (index->value_set) > 0)
    {
      VeilPatternScanner *scanner = veil_pattern_scanner_new (index->value_set, on_value, &fc);
      veil_pattern_scanner_feed (scanner, (const guint8 *) doc->text, doc->len);
      veil_pattern_scanner_finish (scanner);
      veil_pattern_scanner_free (scanner);
    }
  if (g_hash_table_size (index->name_parts) > 0)
    find_known_names (index, doc);
}
