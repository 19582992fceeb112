/* veil-text-deidentifier.c: the report-text pipeline (see veil-text-deidentifier.h).
 *
 * Each document is tokenised once; the recognisers (fields, dates, numbers, contacts, names,
 * institutions, clinical spans, the case's known values) propose candidates; resolve() keeps
 * the best non-overlapping ones; names found with a title or a label are looked for again
 * alone; then every winner is linked to an entity and given its pseudonym.
 */
#include "veil-text-deidentifier.h"

#include "veil-datetime.h"
#include "veil-identities.h"
#include "veil-pseudonyms.h"
#include "veil-text-clinical.h"
#include "veil-text-contact.h"
#include "veil-text-dates.h"
#include "veil-text-document.h"
#include "veil-text-fields.h"
#include "veil-text-institutions.h"
#include "veil-text-known.h"
#include "veil-decisions.h"
#include "veil-text-names.h"
#include "veil-text-numbers.h"
#include "veil-text-surrogates.h"

#include <string.h>

#define UNKNOWN_PATIENT "text:unknown"

struct _VeilTextDeidentifier
{
  VeilMappingStore *store;
  VeilOptions options;
  GMutex lock;
  VeilTextKnown *known;
  VeilTextIndex *index; /* compiled from `known` and the store; NULL when out of date */
  GHashTable *kept;     /* texts a reviewer said are not identifiers (veil-decisions.h) */
};

static const char *const kind_names[VEIL_TEXT_N_KINDS] = {
  "person", "nhs-number", "hospital-number", "accession", "other-id", "date", "postcode",
  "address", "phone", "email", "url", "institution", "professional-id",
};

const char *
veil_text_kind_to_string (VeilTextKind kind)
{
  if ((guint) kind >= VEIL_TEXT_N_KINDS)
    return "unknown";
  return kind_names[kind];
}

gboolean
veil_text_kind_from_string (const char *name, VeilTextKind *out_kind)
{
  for (guint i = 0; i < VEIL_TEXT_N_KINDS; i++)
    if (g_strcmp0 (name, kind_names[i]) == 0)
      {
        *out_kind = (VeilTextKind) i;
        return TRUE;
      }
  return FALSE;
}

void
veil_text_finding_free (VeilTextFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->original);
  g_free (finding->replacement);
  g_free (finding->entity);
  g_free (finding->reason);
  g_free (finding);
}

VeilTextDeidentifier *
veil_text_deidentifier_new (VeilMappingStore *store, VeilOptions options)
{
  VeilTextDeidentifier *self = g_new0 (VeilTextDeidentifier, 1);
  self->store = g_object_ref (store);
  self->options = options;
  g_mutex_init (&self->lock);
  self->known = veil_text_known_new ();
  /* A reviewer's decisions hold wherever the store is used: the app, veil-cli, documents. */
  self->kept = veil_decisions_not_identifiers (store);
  veil_decisions_teach (store, self);
  return self;
}

void
veil_text_deidentifier_free (VeilTextDeidentifier *self)
{
  if (self == NULL)
    return;
  veil_text_index_unref (self->index);
  veil_text_known_free (self->known);
  g_hash_table_unref (self->kept);
  g_mutex_clear (&self->lock);
  g_object_unref (self->store);
  g_free (self);
}

static void
invalidate_locked (VeilTextDeidentifier *self)
{
  g_clear_pointer (&self->index, veil_text_index_unref);
}

void
veil_text_deidentifier_add_patient (VeilTextDeidentifier *self, const char *patient_key,
                                    const char *pn, const char *patient_id,
                                    const char *birth_date)
{
  g_return_if_fail (patient_key != NULL);
  g_mutex_lock (&self->lock);
  gboolean changed = FALSE;
  if (pn && *pn)
    changed |= veil_text_known_add_patient (self->known, patient_key, pn, birth_date);
  if (patient_id && *patient_id)
    {
      g_autofree char *digits = veil_text_digits (patient_id, strlen (patient_id));
      VeilTextKind kind = veil_nhs_number_is_valid (digits) && strlen (digits) == 10
                                  && strlen (patient_id) <= 12
                              ? VEIL_TEXT_KIND_NHS_NUMBER
                              : VEIL_TEXT_KIND_HOSPITAL_NUMBER;
      changed |= veil_text_known_add_value (self->known, kind, patient_id, patient_key);
    }
  if (changed)
    invalidate_locked (self);
  g_mutex_unlock (&self->lock);
}

void
veil_text_deidentifier_add_person (VeilTextDeidentifier *self, const char *pn)
{
  g_mutex_lock (&self->lock);
  if (veil_text_known_add_person (self->known, pn))
    invalidate_locked (self);
  g_mutex_unlock (&self->lock);
}

void
veil_text_deidentifier_add_identifier (VeilTextDeidentifier *self, VeilTextKind kind,
                                       const char *value, const char *patient_key)
{
  g_mutex_lock (&self->lock);
  if (kind == VEIL_TEXT_KIND_PERSON)
    {
      if (patient_key ? veil_text_known_add_patient (self->known, patient_key, value, NULL)
                      : veil_text_known_add_person (self->known, value))
        invalidate_locked (self);
    }
  else
    {
      /* An NHS number is one whatever its spacing ("943 476 5919" given as a hospital
       * number gets the same 999 number as the DICOM side gives it), and identifying text
       * given as an address may be a telephone number or an institution. */
      g_autofree char *digits = value ? veil_text_digits (value, strlen (value)) : NULL;
      gboolean only_digits = TRUE;
      for (const char *p = value ? value : ""; *p && only_digits; p++)
        only_digits = g_ascii_isdigit (*p) || *p == ' ' || *p == '-';
      if ((kind == VEIL_TEXT_KIND_HOSPITAL_NUMBER || kind == VEIL_TEXT_KIND_OTHER_ID) && only_digits
          && digits && veil_nhs_number_is_valid (digits))
        kind = VEIL_TEXT_KIND_NHS_NUMBER;
      else if (kind == VEIL_TEXT_KIND_ADDRESS && value)
        kind = veil_text_known_guess_kind (value);
      if (veil_text_known_add_value (self->known, kind, value, patient_key))
        invalidate_locked (self);
    }
  g_mutex_unlock (&self->lock);
}

static VeilTextIndex *
get_index (VeilTextDeidentifier *self)
{
  g_mutex_lock (&self->lock);
  if (self->index == NULL)
    self->index = veil_text_index_new (self->known, self->store);
  VeilTextIndex *index = veil_text_index_ref (self->index);
  g_mutex_unlock (&self->lock);
  return index;
}

/* ---- one document ---- */

typedef struct {
  VeilTextDeidentifier *self;
  VeilTextIndex *index;
  VeilTextDocument *doc;
  GPtrArray *chosen;      /* VeilTextCandidate*, borrowed from doc */
  char *patient_key;
  char *patient_pn;       /* from the header fields, as written */
  char *patient_family;   /* folded */
  char *patient_given;
  char *patient_dob;      /* DA */
  char *patient_id;       /* hospital number */
  char *patient_nhs;      /* digits */
  int ref_year;           /* the most common year of the document's full dates */
  GHashTable *families;   /* folded family name → GArray of Written, built on demand */
} Analysis;

static void
analysis_free (Analysis *a)
{
  if (a->chosen)
    g_ptr_array_unref (a->chosen);
  veil_text_document_free (a->doc);
  veil_text_index_unref (a->index);
  g_free (a->patient_key);
  g_free (a->patient_pn);
  g_free (a->patient_family);
  g_free (a->patient_given);
  g_free (a->patient_dob);
  g_free (a->patient_id);
  g_free (a->patient_nhs);
  if (a->families)
    g_hash_table_unref (a->families);
  g_free (a);
}

static char *
date_to_da (const VeilTextDate *d)
{
  if (d->year <= 0 || d->month <= 0 || d->day <= 0)
    return NULL;
  return g_strdup_printf ("%04d%02d%02d", d->year, d->month, d->day);
}

/* The header's account of the patient: name, birth date, hospital and NHS numbers. */
static void
read_patient_fields (Analysis *a)
{
  g_autofree char *surname = NULL;
  g_autofree char *forename = NULL;
  VeilTextDocument *doc = a->doc;

  for (guint i = 0; i < a->chosen->len; i++)
    {
      VeilTextCandidate *c = g_ptr_array_index (a->chosen, i);
      if (!(c->flags & VEIL_TEXT_CANDIDATE_FIELD))
        continue;
      switch (c->field)
        {
        case VEIL_TEXT_FIELD_PATIENT_NAME:
          if (a->patient_pn == NULL && c->name)
            {
              a->patient_pn = veil_text_name_to_pn (doc, c->name);
              a->patient_family = veil_text_name_family (doc, c->name);
              a->patient_given = veil_text_name_given (doc, c->name);
            }
          break;
        case VEIL_TEXT_FIELD_SURNAME:
          if (surname == NULL)
            surname = g_strndup (doc->text + c->start, c->end - c->start);
          break;
        case VEIL_TEXT_FIELD_FORENAME:
          if (forename == NULL)
            forename = g_strndup (doc->text + c->start, c->end - c->start);
          break;
        case VEIL_TEXT_FIELD_DOB:
          if (a->patient_dob == NULL)
            a->patient_dob = date_to_da (&c->date);
          break;
        case VEIL_TEXT_FIELD_HOSPITAL_NUMBER:
          if (a->patient_id == NULL && c->value)
            a->patient_id = g_strdup (c->value);
          break;
        case VEIL_TEXT_FIELD_NHS_NUMBER:
          if (a->patient_nhs == NULL && c->value)
            a->patient_nhs = veil_text_digits (c->value, strlen (c->value));
          break;
        default:
          break;
        }
    }
  if (a->patient_pn == NULL && (surname || forename))
    {
      a->patient_pn = g_strdup_printf ("%s^%s", surname ? surname : "", forename ? forename : "");
      a->patient_family = surname ? veil_text_fold (surname, strlen (surname)) : g_strdup ("");
      a->patient_given = NULL;
      if (forename)
        {
          g_autofree char *first = g_strndup (forename, strcspn (forename, " "));
          a->patient_given = veil_text_fold (first, strlen (first));
        }
      else
        a->patient_given = g_strdup ("");
    }
}

static void
find_patient (Analysis *a, const char *forced)
{
  const VeilTextIndex *index = a->index;
  const char *key = forced;

  read_patient_fields (a);
  if (key == NULL && a->patient_id)
    key = veil_text_index_patient_of_value (index, a->patient_id);
  if (key == NULL && a->patient_nhs)
    key = veil_text_index_patient_of_value (index, a->patient_nhs);
  if (key == NULL && a->patient_family && *a->patient_family)
    key = veil_text_index_patient_of_name (index, a->patient_family, a->patient_given, a->patient_dob);
  /* Known identifiers and names anywhere in the text. */
  for (guint i = 0; i < a->chosen->len && key == NULL; i++)
    {
      VeilTextCandidate *c = g_ptr_array_index (a->chosen, i);
      if (c->entity && (c->kind == VEIL_TEXT_KIND_HOSPITAL_NUMBER || c->kind == VEIL_TEXT_KIND_NHS_NUMBER))
        key = c->entity;
    }
  for (guint i = 0; i < a->chosen->len && key == NULL; i++)
    {
      VeilTextCandidate *c = g_ptr_array_index (a->chosen, i);
      if (c->kind == VEIL_TEXT_KIND_PERSON && c->name && c->name->known >= 0
          && c->name->n_parts >= 2)
        {
          const VeilTextEntity *e = veil_text_index_entity (index, (guint) c->name->known);
          if (e->is_patient)
            key = e->key;
        }
    }
  gboolean has_identity = a->patient_pn || a->patient_id || a->patient_nhs;
  if (key == NULL && !has_identity)
    key = veil_text_index_only_patient (index);
  if (key != NULL)
    {
      a->patient_key = g_strdup (key);
      return;
    }
  if (has_identity)
    a->patient_key = veil_identities_patient_key (NULL, a->patient_id ? a->patient_id : a->patient_nhs,
                                                  a->patient_pn, a->patient_dob);
  else
    a->patient_key = g_strdup (UNKNOWN_PATIENT);
}

static int
most_common_year (Analysis *a)
{
  g_autoptr (GHashTable) years = g_hash_table_new (g_direct_hash, g_direct_equal);
  int best = 0;
  guint best_n = 0;
  for (guint i = 0; i < a->chosen->len; i++)
    {
      VeilTextCandidate *c = g_ptr_array_index (a->chosen, i);
      if (c->kind != VEIL_TEXT_KIND_DATE || c->date.year <= 0 || (c->flags & VEIL_TEXT_CANDIDATE_DOB))
        continue;
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (years, GINT_TO_POINTER (c->date.year))) + 1;
      g_hash_table_insert (years, GINT_TO_POINTER (c->date.year), GUINT_TO_POINTER (n));
      if (n > best_n)
        {
          best_n = n;
          best = c->date.year;
        }
    }
  return best;
}

static gboolean
name_compatible_with_entity (VeilTextDocument *doc, const VeilTextName *name, const VeilTextEntity *e)
{
  g_autofree char *given = veil_text_name_given (doc, name);
  char initial = veil_text_name_initial (doc, name);
  if (*given && *e->given)
    return g_str_equal (given, e->given) || (strlen (e->given) == 1 && given[0] == e->given[0]);
  if (initial && *e->given)
    return initial == e->given[0];
  return TRUE;
}

static int
compare_start (gconstpointer a, gconstpointer b)
{
  const VeilTextCandidate *x = *(const VeilTextCandidate **) a;
  const VeilTextCandidate *y = *(const VeilTextCandidate **) b;
  return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

/* The first of the sorted, non-overlapping `chosen` that ends after `offset`. */
static guint
first_ending_after (GPtrArray *chosen, gsize offset)
{
  guint lo = 0, hi = chosen->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (((VeilTextCandidate *) g_ptr_array_index (chosen, mid))->end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* A name chosen in part ("Moore", known to the case) inside a fuller one that lost to it
 * ("Ethel Moore", from the lexicon): the fuller one is the mention, linked to the same
 * entity when the given names agree, so no part of the name is left. */
static void
merge_names (Analysis *a)
{
  VeilTextDocument *doc = a->doc;
  g_autoptr (GHashTable) chosen = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) replaced = g_ptr_array_new ();
  g_autoptr (GPtrArray) added = g_ptr_array_new ();

  for (guint i = 0; i < a->chosen->len; i++)
    g_hash_table_add (chosen, g_ptr_array_index (a->chosen, i));

  for (guint i = 0; i < doc->candidates->len; i++)
    {
      VeilTextCandidate *b = g_ptr_array_index (doc->candidates, i);
      if (b->kind != VEIL_TEXT_KIND_PERSON || b->name == NULL || g_hash_table_contains (chosen, b)
          || b->name->n_parts < 2)
        continue;
      gboolean blocked = FALSE;
      guint most_parts = 0, n_inside = 0;
      guint first = first_ending_after (a->chosen, b->start);
      for (guint k = first; k < a->chosen->len && !blocked; k++)
        {
          VeilTextCandidate *c = g_ptr_array_index (a->chosen, k);
          if (c->start >= b->end)
            break;
          if (!g_hash_table_contains (chosen, c))
            {
              blocked = TRUE; /* already merged into another */
              break;
            }
          if (c->kind == VEIL_TEXT_KIND_PERSON && c->name && c->start >= b->start && c->end <= b->end
              && (c->start > b->start || c->end < b->end))
            {
              most_parts = MAX (most_parts, c->name->n_parts);
              n_inside++;
            }
          else
            blocked = TRUE;
        }
      if (blocked || n_inside == 0 || b->name->n_parts <= most_parts)
        continue;
      for (guint k = first; k < a->chosen->len; k++)
        {
          VeilTextCandidate *c = g_ptr_array_index (a->chosen, k);
          if (c->start >= b->end)
            break;
          if (b->name->known < 0 && c->name->known >= 0
              && name_compatible_with_entity (doc, b->name,
                                              veil_text_index_entity (a->index, (guint) c->name->known)))
            b->name->known = c->name->known;
          if (b->name->hint == VEIL_TEXT_HINT_ANY)
            b->name->hint = c->name->hint;
          g_hash_table_remove (chosen, c);
          g_ptr_array_add (replaced, c);
        }
      g_hash_table_add (chosen, b);
      g_ptr_array_add (added, b);
    }
  if (added->len == 0)
    return;
  /* Rebuild the sorted list: the survivors and the fuller names. */
  GPtrArray *result = g_ptr_array_sized_new (a->chosen->len);
  for (guint i = 0; i < a->chosen->len; i++)
    {
      VeilTextCandidate *c = g_ptr_array_index (a->chosen, i);
      if (g_hash_table_contains (chosen, c))
        g_ptr_array_add (result, c);
    }
  for (guint i = 0; i < added->len; i++)
    g_ptr_array_add (result, g_ptr_array_index (added, i));
  g_ptr_array_sort (result, compare_start);
  g_ptr_array_unref (a->chosen);
  a->chosen = result;
}

static Analysis *
analyse_document (VeilTextDeidentifier *self, const char *text, gsize len, const char *forced)
{
  Analysis *a = g_new0 (Analysis, 1);
  a->self = self;
  a->index = get_index (self);
  a->doc = veil_text_document_new (text, len);

  veil_text_find_fields (a->doc);
  veil_text_find_dates (a->doc);
  veil_text_find_numbers (a->doc);
  veil_text_find_contacts (a->doc);
  veil_text_find_names (a->doc);
  veil_text_find_institutions (a->doc);
  veil_text_find_clinical (a->doc);
  veil_text_index_find (a->index, a->doc);

  a->chosen = veil_text_document_resolve (a->doc);
  veil_text_propagate_names (a->doc, a->chosen);
  g_ptr_array_unref (a->chosen);
  a->chosen = veil_text_document_resolve (a->doc);
  merge_names (a);

  find_patient (a, forced);
  a->ref_year = most_common_year (a);
  return a;
}

/* ---- people ---- */

typedef struct {
  gboolean is_patient;
  char *key; /* patient key, or staff PN */
} Person;

static gboolean
compatible_given (const char *a_given, char a_initial, const char *b_given, char b_initial)
{
  if (*a_given && *b_given)
    return g_str_equal (a_given, b_given);
  char ia = *a_given ? a_given[0] : a_initial;
  char ib = *b_given ? b_given[0] : b_initial;
  return ia == 0 || ib == 0 || ia == ib;
}

typedef struct {
  char *given; /* folded, "" if none */
  char initial;
} Written;

static void
written_list_free (GArray *list)
{
  for (guint i = 0; i < list->len; i++)
    g_free (g_array_index (list, Written, i).given);
  g_array_unref (list);
}

/* Every way the document writes each family name, built once. */
static GHashTable *
names_by_family (Analysis *a)
{
  if (a->families != NULL)
    return a->families;
  a->families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) written_list_free);
  for (guint i = 0; i < a->chosen->len; i++)
    {
      const VeilTextCandidate *o = g_ptr_array_index (a->chosen, i);
      if (o->kind != VEIL_TEXT_KIND_PERSON || o->name == NULL)
        continue;
      char *family = veil_text_name_family (a->doc, o->name);
      GArray *list = g_hash_table_lookup (a->families, family);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (Written));
          g_hash_table_insert (a->families, family, list);
        }
      else
        g_free (family);
      Written w = { veil_text_name_given (a->doc, o->name), veil_text_name_initial (a->doc, o->name) };
      /* Distinct ways only: a long text names the same person hundreds of times. */
      gboolean seen = FALSE;
      for (guint k = 0; k < list->len && !seen; k++)
        {
          const Written *x = &g_array_index (list, Written, k);
          seen = x->initial == w.initial && g_str_equal (x->given, w.given);
        }
      if (seen)
        g_free (w.given);
      else
        g_array_append_val (list, w);
    }
  return a->families;
}

/* The fullest way the document writes a member of staff: "Dr Patel" and "Dr Anil Patel" in
 * one report are one person, "PATEL^ANIL". */
static char *
canonical_staff_pn (Analysis *a, const VeilTextCandidate *c)
{
  VeilTextDocument *doc = a->doc;
  g_autofree char *family = veil_text_name_family (doc, c->name);
  g_autofree char *given = veil_text_name_given (doc, c->name);
  char initial = veil_text_name_initial (doc, c->name);
  const char *best_given = given;
  char best_initial = initial;
  guint best_score = (*given ? 2 : initial ? 1 : 0);

  if (*family == '\0')
    return g_strdup_printf ("^%s", given);
  GArray *list = g_hash_table_lookup (names_by_family (a), family);
  for (guint i = 0; list && i < list->len; i++)
    {
      const Written *w = &g_array_index (list, Written, i);
      if (!compatible_given (given, initial, w->given, w->initial))
        continue;
      guint score = *w->given ? 2 : w->initial ? 1 : 0;
      if (score > best_score)
        {
          best_given = w->given;
          best_initial = w->initial;
          best_score = score;
        }
    }
  if (*best_given)
    return g_strdup_printf ("%s^%s", family, best_given);
  if (best_initial)
    return g_strdup_printf ("%s^%c", family, best_initial);
  return g_strdup_printf ("%s^", family);
}

static Person
resolve_person (Analysis *a, const VeilTextCandidate *c)
{
  VeilTextDocument *doc = a->doc;
  Person p = { FALSE, NULL };
  const VeilTextName *name = c->name;

  if ((c->flags & VEIL_TEXT_CANDIDATE_FIELD)
      && (c->field == VEIL_TEXT_FIELD_PATIENT_NAME || c->field == VEIL_TEXT_FIELD_SURNAME
          || c->field == VEIL_TEXT_FIELD_FORENAME))
    {
      p.is_patient = TRUE;
      p.key = g_strdup (a->patient_key);
      return p;
    }

  int ei = name->known;
  g_autofree char *family = veil_text_name_family (doc, name);
  g_autofree char *given = veil_text_name_given (doc, name);
  char initial = veil_text_name_initial (doc, name);

  if (ei < 0)
    {
      /* This document's patient, named in its header. */
      if (a->patient_family && *family && g_str_equal (family, a->patient_family)
          && name->hint != VEIL_TEXT_HINT_STAFF
          && compatible_given (given, initial, a->patient_given ? a->patient_given : "", 0))
        {
          p.is_patient = TRUE;
          p.key = g_strdup (a->patient_key);
          return p;
        }
      if (*family == '\0' && a->patient_given && *given && g_str_equal (given, a->patient_given))
        {
          p.is_patient = TRUE;
          p.key = g_strdup (a->patient_key);
          return p;
        }
      ei = veil_text_index_find_person (a->index, family, given, initial, name->hint);
    }
  if (ei >= 0)
    {
      const VeilTextEntity *e = veil_text_index_entity (a->index, (guint) ei);
      p.is_patient = e->is_patient;
      p.key = g_strdup (e->is_patient ? e->key : e->pn);
      return p;
    }
  p.key = canonical_staff_pn (a, c);
  return p;
}

/* ---- replacements ---- */

static const char *
value_patient (Analysis *a, const VeilTextCandidate *c)
{
  if (c->entity)
    return c->entity;
  if (c->value)
    {
      const char *k = veil_text_index_patient_of_value (a->index, c->value);
      if (k)
        return k;
    }
  return a->patient_key;
}

static gboolean
is_dob (Analysis *a, const VeilTextCandidate *c)
{
  if (c->flags & VEIL_TEXT_CANDIDATE_DOB)
    return TRUE;
  g_autofree char *da = date_to_da (&c->date);
  if (da == NULL)
    return FALSE;
  if (a->patient_dob && g_str_equal (da, a->patient_dob))
    return TRUE;
  for (guint i = 0; i < veil_text_index_n_entities (a->index); i++)
    {
      const VeilTextEntity *e = veil_text_index_entity (a->index, i);
      if (e->is_patient && e->birth_date && g_str_equal (e->birth_date, da)
          && g_strcmp0 (e->key, a->patient_key) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The date rewritten as the DA `da` (YYYYMMDD). */
static char *
render_da (const char *text, const VeilTextDate *d, gsize start, gsize end, const char *da)
{
  int v = atoi (da);
  return veil_text_date_render (text, d, start, end, v / 10000, (v / 100) % 100, v % 100);
}

static char *
date_replacement (Analysis *a, const VeilTextCandidate *c, const char *key, char **reason_extra)
{
  VeilTextDeidentifier *self = a->self;
  VeilMappingStore *store = self->store;
  const char *text = a->doc->text;
  const VeilTextDate *d = &c->date;
  gboolean dob = is_dob (a, c);
  gboolean full = d->year > 0 && d->month > 0 && d->day > 0;
  gboolean shift = (self->options & VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES)
                   || ((self->options & VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES) && dob);

  if (dob)
    *reason_extra = g_strdup ("date of birth");
  if ((self->options & VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES) && !dob)
    return NULL; /* kept */

  gsize date_end = d->date_end ? d->date_end : c->end;
  if (!shift || d->month == 0)
    {
      g_autofree char *da = date_to_da (d);
      if (da)
        veil_identities_record_removed_date (store, key, da);
      return g_strdup_printf ("[date]%.*s", (int) (c->end - date_end), text + date_end);
    }

  if (full)
    {
      g_autofree char *da = date_to_da (d);
      g_autofree char *shifted = veil_identities_shift_da (store, key, da);
      if (shifted == NULL || strlen (shifted) != 8)
        return g_strdup_printf ("[date]%.*s", (int) (c->end - date_end), text + date_end);
      return render_da (text, d, c->start, c->end, shifted);
    }

  /* A month and year, or a day and month: shifted through a whole date. */
  int offset = veil_identities_day_offset (store, key);
  int year = d->year > 0 ? d->year : a->ref_year > 0 ? a->ref_year : (d->month == 2 && d->day == 29 ? 2000 : 2001);
  int day = d->day > 0 ? d->day : 15;
  if (d->month == 2 && day == 29 && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    year = 2000;
  g_autofree char *da = g_strdup_printf ("%04d%02d%02d", year, d->month, day);
  g_autofree char *shifted = veil_da_shift (da, offset, NULL);
  if (shifted == NULL)
    return g_strdup_printf ("[date]%.*s", (int) (c->end - date_end), text + date_end);
  char *out = render_da (text, d, c->start, c->end, shifted);
  if (strncmp (out, text + c->start, c->end - c->start) == 0)
    {
      /* A shift of whole years leaves "5 March" as it was: the day and month would stay. */
      g_free (out);
      return g_strdup_printf ("[date]%.*s", (int) (c->end - date_end), text + date_end);
    }
  return out;
}

static char *
nhs_replacement (VeilMappingStore *store, const char *written, const char *value, const char *key)
{
  g_autofree char *digits = veil_text_digits (value ? value : written, strlen (value ? value : written));
  if (strlen (digits) != 10)
    return veil_identities_patient_id (store, key, value ? value : written);
  g_autofree char *pseudo = veil_identities_nhs_number (store, digits, key);
  return veil_text_copy_digit_layout (written, strlen (written), pseudo);
}

static VeilTextFinding *
make_finding (Analysis *a, const VeilTextCandidate *c)
{
  VeilTextDeidentifier *self = a->self;
  VeilMappingStore *store = self->store;
  VeilTextDocument *doc = a->doc;
  g_autofree char *original = g_strndup (doc->text + c->start, c->end - c->start);
  g_autofree char *extra = NULL;
  char *replacement = NULL;
  char *entity = NULL;
  const char *key;

  switch (c->kind)
    {
    case VEIL_TEXT_KIND_PERSON:
      {
        if (c->name == NULL)
          return NULL;
        Person p = resolve_person (a, c);
        g_autofree char *pn = NULL;
        if (p.is_patient)
          {
            pn = veil_identities_patient_name (store, p.key, c->name->n_parts >= 2 ? original : NULL);
            entity = g_strdup (p.key);
          }
        else
          {
            pn = veil_identities_person_name (store, p.key);
            entity = veil_identities_person_key (p.key);
          }
        replacement = veil_text_name_render (doc->text, c->name, pn);
        g_free (p.key);
        break;
      }
    case VEIL_TEXT_KIND_NHS_NUMBER:
      key = value_patient (a, c);
      replacement = nhs_replacement (store, original, c->value, key);
      entity = g_strdup (key);
      break;
    case VEIL_TEXT_KIND_HOSPITAL_NUMBER:
      key = value_patient (a, c);
      replacement = veil_identities_patient_id (store, key, c->value ? c->value : original);
      entity = g_strdup (key);
      break;
    case VEIL_TEXT_KIND_ACCESSION:
      key = value_patient (a, c);
      replacement = veil_identities_accession (store, c->value ? c->value : original, key);
      entity = g_strdup (key);
      break;
    case VEIL_TEXT_KIND_OTHER_ID:
      key = value_patient (a, c);
      if (c->reason && strstr (c->reason, "UID"))
        replacement = veil_identities_uid (store, c->value ? c->value : original);
      else if (c->value && strlen (c->value) == 10 && veil_nhs_number_is_valid (c->value))
        replacement = nhs_replacement (store, original, c->value, key);
      else
        replacement = veil_identities_other_id (store, c->value ? c->value : original, key);
      entity = g_strdup (key);
      break;
    case VEIL_TEXT_KIND_PROFESSIONAL_ID:
      replacement = veil_identities_other_id (store, c->value ? c->value : original, NULL);
      break;
    case VEIL_TEXT_KIND_DATE:
      key = a->patient_key;
      replacement = date_replacement (a, c, key, &extra);
      if (replacement == NULL)
        return NULL;
      entity = g_strdup (key);
      break;
    case VEIL_TEXT_KIND_POSTCODE:
      replacement = veil_text_surrogate_postcode (store, original, a->patient_key);
      break;
    case VEIL_TEXT_KIND_PHONE:
      replacement = veil_text_surrogate_phone (store, original, NULL);
      break;
    case VEIL_TEXT_KIND_EMAIL:
      replacement = veil_text_surrogate_email (store, original, NULL);
      break;
    case VEIL_TEXT_KIND_URL:
      replacement = veil_text_surrogate_url (store, original);
      break;
    case VEIL_TEXT_KIND_ADDRESS:
      replacement = veil_text_surrogate_address (store, original, a->patient_key);
      break;
    case VEIL_TEXT_KIND_INSTITUTION:
      {
        if (self->options & VEIL_OPTION_RETAIN_INSTITUTION_IDENTITY)
          return NULL;
        gboolean ward_first;
        g_autofree char *tail = veil_text_institution_tail (original, &ward_first);
        replacement = veil_text_surrogate_institution (store, original, tail, ward_first);
        break;
      }
    default:
      return NULL;
    }

  VeilTextFinding *f = g_new0 (VeilTextFinding, 1);
  f->start = c->start;
  f->end = c->end;
  f->kind = (VeilTextKind) c->kind;
  f->original = g_steal_pointer (&original);
  f->replacement = replacement;
  f->entity = entity;
  f->reason = extra ? g_strdup_printf ("%s; %s", c->reason, extra) : g_strdup (c->reason);
  return f;
}

/* A clinical term kept as written that holds a known name ("Parkinson's disease" for a
 * patient called Parkinson): recorded as vocabulary, so the residual scan does not take the
 * kept word for the name. */
static void
record_kept_names (Analysis *a, const VeilTextCandidate *c)
{
  VeilTextDocument *doc = a->doc;
  guint i = veil_text_document_token_at (doc, c->start);
  for (; i < doc->tokens->len && veil_text_document_token (doc, i)->start < c->end; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      if (t->folded && veil_text_index_is_name_part (a->index, t->folded))
        {
          g_autofree char *term = g_strndup (doc->text + c->start, c->end - c->start);
          veil_identities_record_vocabulary (a->self->store, term);
          return;
        }
    }
}

/* A reviewer said this text is not an identifier: it stays as written. */
static gboolean
is_kept (VeilTextDeidentifier *self, const char *original)
{
  if (g_hash_table_size (self->kept) == 0)
    return FALSE;
  g_autofree char *trimmed = g_strstrip (g_strdup (original));
  return g_hash_table_contains (self->kept, trimmed);
}

GPtrArray *
veil_text_deidentifier_analyse_for_patient (VeilTextDeidentifier *self, const char *text,
                                            gsize len, const char *patient_key)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_text_finding_free);
  g_return_val_if_fail (self != NULL && (text != NULL || len == 0), findings);

  Analysis *a = analyse_document (self, text, len, patient_key);
  for (guint i = 0; i < a->chosen->len; i++)
    {
      const VeilTextCandidate *c = g_ptr_array_index (a->chosen, i);
      if (c->kind == VEIL_TEXT_KIND_PROTECTED)
        {
          record_kept_names (a, c);
          continue;
        }
      VeilTextFinding *f = make_finding (a, c);
      if (f != NULL && is_kept (self, f->original))
        g_clear_pointer (&f, veil_text_finding_free);
      if (f != NULL)
        g_ptr_array_add (findings, f);
    }
  analysis_free (a);
  return findings;
}

GPtrArray *
veil_text_deidentifier_analyse (VeilTextDeidentifier *self, const char *text, gsize len)
{
  return veil_text_deidentifier_analyse_for_patient (self, text, len, NULL);
}

void
veil_text_deidentifier_learn (VeilTextDeidentifier *self, const char *text, gsize len)
{
  Analysis *a = analyse_document (self, text, len, NULL);
  VeilTextDocument *doc = a->doc;
  const char *key = a->patient_key;
  gboolean changed = FALSE;

  g_mutex_lock (&self->lock);
  if (a->patient_pn && !g_str_equal (key, UNKNOWN_PATIENT))
    changed |= veil_text_known_add_patient (self->known, key, a->patient_pn, a->patient_dob);
  if (a->patient_id)
    changed |= veil_text_known_add_value (self->known, VEIL_TEXT_KIND_HOSPITAL_NUMBER, a->patient_id, key);
  if (a->patient_nhs)
    changed |= veil_text_known_add_value (self->known, VEIL_TEXT_KIND_NHS_NUMBER, a->patient_nhs, key);

  for (guint i = 0; i < a->chosen->len; i++)
    {
      const VeilTextCandidate *c = g_ptr_array_index (a->chosen, i);
      g_autofree char *written = g_strndup (doc->text + c->start, c->end - c->start);
      switch (c->kind)
        {
        case VEIL_TEXT_KIND_PERSON:
          {
            if (c->name == NULL || c->priority < VEIL_TEXT_PRIORITY_CONTEXT || c->name->known >= 0)
              break;
            Person p = resolve_person (a, c);
            if (p.is_patient)
              {
                /* Another way the document writes its patient. */
                if (c->name->n_parts >= 2)
                  changed |= veil_text_known_add_patient (self->known, p.key, written, NULL);
              }
            else
              {
                g_autofree char *family = veil_text_name_family (doc, c->name);
                if (*family)
                  changed |= veil_text_known_add_person (self->known, p.key);
              }
            g_free (p.key);
            break;
          }
        case VEIL_TEXT_KIND_ACCESSION:
        case VEIL_TEXT_KIND_HOSPITAL_NUMBER:
        case VEIL_TEXT_KIND_NHS_NUMBER:
        case VEIL_TEXT_KIND_OTHER_ID:
          if (c->flags & VEIL_TEXT_CANDIDATE_FIELD)
            changed |= veil_text_known_add_value (self->known, (VeilTextKind) c->kind,
                                                  c->value ? c->value : written, key);
          break;
        case VEIL_TEXT_KIND_ADDRESS:
        case VEIL_TEXT_KIND_PHONE:
        case VEIL_TEXT_KIND_EMAIL:
        case VEIL_TEXT_KIND_POSTCODE:
        case VEIL_TEXT_KIND_INSTITUTION:
          if ((c->flags & VEIL_TEXT_CANDIDATE_FIELD) || c->kind == VEIL_TEXT_KIND_POSTCODE
              || c->kind == VEIL_TEXT_KIND_INSTITUTION)
            changed |= veil_text_known_add_value (self->known, (VeilTextKind) c->kind, written,
                                                  c->kind == VEIL_TEXT_KIND_INSTITUTION ? NULL : key);
          break;
        default:
          break;
        }
    }
  if (changed)
    invalidate_locked (self);
  g_mutex_unlock (&self->lock);
  analysis_free (a);
}

char *
veil_text_apply_findings (const char *text, gsize len, GPtrArray *findings, gsize *out_len)
{
  GString *out = g_string_sized_new (len + 64);
  gsize pos = 0;

  for (guint i = 0; findings && i < findings->len; i++)
    {
      const VeilTextFinding *f = g_ptr_array_index (findings, i);
      if (f->start < pos || f->end > len)
        continue; /* not sorted or overlapping: keep the text rather than corrupt it */
      g_string_append_len (out, text + pos, (gssize) (f->start - pos));
      g_string_append (out, f->replacement ? f->replacement : "");
      pos = f->end;
    }
  g_string_append_len (out, text + pos, (gssize) (len - pos));
  if (out_len)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

char *
veil_text_deidentifier_deidentify (VeilTextDeidentifier *self, const char *text, gsize len,
                                   const char *patient_key, gsize *out_len)
{
  g_autoptr (GPtrArray) findings = veil_text_deidentifier_analyse_for_patient (self, text, len,
                                                                               patient_key);
  return veil_text_apply_findings (text, len, findings, out_len);
}
