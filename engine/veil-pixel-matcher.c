/* veil-pixel-matcher.c: identifying words in OCR output (see veil-pixel-matcher.h). */

#include "veil-pixel-matcher.h"

#include "veil-datetime.h"
#include "veil-pixel-region.h"

#include <string.h>

/* Words per frame considered; a frame of noise can give thousands of one-letter "words". */
#define MAX_WORDS 4096
/* Neighbouring words joined to find a split ID or date ("999 000 0026", "07.22. 1943"). */
#define MAX_NGRAM 4
/* A name recognised by its shape alone ("Family,Given") must be read at least this surely:
 * unlike a date or an ID, that shape is easy for noise to take. */
#define NAME_SHAPE_CONFIDENCE 60.0f
/* Words of a phrase: on one line, at most this many text heights apart. */
#define PHRASE_GAP 3.0

typedef enum {
  KIND_NAME,
  KIND_ID,
  KIND_DATE,
  KIND_TEXT,
} Kind;

typedef struct {
  char *canon;       /* canonical form, see canonicalise() */
  char *what;
  Kind kind;
  gboolean distinctive; /* generic address/institution words are not */
} Entry;

struct _VeilPixelMatcher
{
  GPtrArray *entries;  /* Entry* */
  GHashTable *exact;   /* canon → Entry* (first added wins) */
};

typedef enum {
  MARK_NONE,
  MARK_CONTEXT, /* a label next to a hit: covered with it, never on its own */
  MARK_HIT,
} Mark;

/* Words that label demographics. Covered when next to a hit, so no "DOB" stays with its
 * date blacked out, and no "[M]" beside a name. */
static const char *const label_words[] = {
  "DOB", "DOBS", "BORN", "BIRTH", "NAME", "PATIENT", "PAT", "PT", "ID", "MRN", "NHS", "HOSP",
  "HOSPITAL", "NO", "NUMBER", "ACC", "ACCESSION", "AGE", "SEX", "DATE", "MR", "MRS", "MS",
  "MISS", "DR", "M", "F", "MALE", "FEMALE", "CHI", "RX", "REF",
};

/* Words of institutions and addresses that say nothing on their own. */
static const char *const generic_words[] = {
  "HOSPITAL", "HOSPITALS", "NHS", "TRUST", "FOUNDATION", "CLINIC", "CENTRE", "CENTER",
  "MEDICAL", "HEALTH", "HEALTHCARE", "UNIVERSITY", "THE", "AND", "OF", "ROAD", "STREET",
  "LANE", "AVENUE", "DEPARTMENT", "DEPT", "RADIOLOGY", "IMAGING", "COMMUNITY", "GENERAL",
  "ROYAL", "INFIRMARY", "BOARD", "SERVICES", "SERVICE", "UNIT", "WARD", "SUITE", "FLOOR",
  "BUILDING", "CARE", "PRACTICE", "SURGERY", "REGIONAL", "DISTRICT", "COUNTY", "CITY",
};

static void
entry_free (Entry *entry)
{
  g_free (entry->canon);
  g_free (entry->what);
  g_free (entry);
}

VeilPixelMatcher *
veil_pixel_matcher_new (void)
{
  VeilPixelMatcher *self = g_new0 (VeilPixelMatcher, 1);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->exact = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
veil_pixel_matcher_free (VeilPixelMatcher *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->exact);
  g_ptr_array_unref (self->entries);
  g_free (self);
}

guint
veil_pixel_matcher_get_n_values (const VeilPixelMatcher *self)
{
  return self->entries->len;
}

/* OCR confuses these; both sides are folded the same way before comparing. */
static char
fold_confusable (char c)
{
  switch (c)
    {
    case '0': case 'Q': return 'O';
    case '1': case 'L': case 'J': return 'I';
    case '5': return 'S';
    case '8': return 'B';
    case '2': return 'Z';
    case '6': return 'G';
    default: return c;
    }
}

/* Upper-case ASCII letters and digits only (accents dropped: "Siân" is read "SIAN"). */
static char *
normalise (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *out = g_string_new (NULL);
  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static char *
canonicalise (const char *text)
{
  char *canon = normalise (text);
  for (char *p = canon; *p; p++)
    *p = fold_confusable (*p);
  return canon;
}

static gboolean
in_words (const char *const *list, gsize n, const char *word)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (list[i], word))
      return TRUE;
  return FALSE;
}

static void
add_entry (VeilPixelMatcher *self, const char *value, Kind kind, const char *what,
           gboolean distinctive)
{
  g_autofree char *canon = canonicalise (value);
  gsize min_length = kind == KIND_NAME ? 2 : 3;

  if (strlen (canon) < min_length)
    return;
  Entry *existing = g_hash_table_lookup (self->exact, canon);
  if (existing != NULL && (existing->distinctive || !distinctive))
    return;

  Entry *entry = g_new0 (Entry, 1);
  entry->canon = g_steal_pointer (&canon);
  entry->what = g_strdup (what);
  entry->kind = kind;
  entry->distinctive = distinctive;
  g_ptr_array_add (self->entries, entry);
  g_hash_table_replace (self->exact, entry->canon, entry);
}

void
veil_pixel_matcher_add_person_name (VeilPixelMatcher *self, const char *pn, const char *what)
{
  if (pn == NULL)
    return;
  g_auto (GStrv) groups = g_strsplit (pn, "=", -1);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto (GStrv) components = g_strsplit (groups[g], "^", 5);
      /* Family, given and middle names; prefixes and suffixes ("Mrs", "Jr") are labels. */
      for (guint c = 0; components[c] != NULL && c < 3; c++)
        {
          add_entry (self, components[c], KIND_NAME, what, TRUE);
          /* "O'BRIEN-TESTCASE", "ZZZ TEST PATIENTFIVE": each piece may be written alone. */
          g_auto (GStrv) pieces = g_strsplit_set (components[c], " -'.,", -1);
          for (guint i = 0; pieces[i] != NULL; i++)
            add_entry (self, pieces[i], KIND_NAME, what, TRUE);
        }
    }
}

void
veil_pixel_matcher_add_identifier (VeilPixelMatcher *self, const char *id, const char *what)
{
  if (id == NULL)
    return;
  g_auto (GStrv) values = g_strsplit (id, "\\", -1);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *norm = normalise (values[i]);
      add_entry (self, norm, KIND_ID, what, TRUE);
      /* Screens often drop (or add) leading zeros. */
      const char *stripped = norm;
      while (*stripped == '0')
        stripped++;
      if (stripped != norm && strlen (stripped) >= 5)
        add_entry (self, stripped, KIND_ID, what, TRUE);
    }
}

void
veil_pixel_matcher_add_date (VeilPixelMatcher *self, const char *da, const char *what)
{
  if (da == NULL)
    return;
  g_auto (GStrv) values = g_strsplit (da, "\\", -1);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_auto (GStrv) forms = veil_da_written_forms (g_strstrip (values[i]));
      for (guint f = 0; forms != NULL && forms[f] != NULL; f++)
        {
          g_autofree char *norm = normalise (forms[f]);
          /* Short forms ("1/2/60" → "1260") would match any small number. */
          if (strlen (norm) >= 6)
            add_entry (self, norm, KIND_DATE, what, TRUE);
        }
    }
}

void
veil_pixel_matcher_add_text (VeilPixelMatcher *self, const char *text, const char *what)
{
  if (text == NULL)
    return;
  g_auto (GStrv) words = g_strsplit_set (text, " \t\r\n,;:/\\()^-'\"", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *norm = normalise (words[i]);
      if (strlen (norm) < 3)
        continue;
      gboolean distinctive = !in_words (generic_words, G_N_ELEMENTS (generic_words), norm)
                             && !in_words (label_words, G_N_ELEMENTS (label_words), norm);
      add_entry (self, norm, KIND_TEXT, what, distinctive);
    }
}

static void
add_each (VeilPixelMatcher *self, GPtrArray *values,
          void (*add) (VeilPixelMatcher *, const char *, const char *), const char *what)
{
  for (guint i = 0; values != NULL && i < values->len; i++)
    add (self, g_ptr_array_index (values, i), what);
}

void
veil_pixel_matcher_add_subject (VeilPixelMatcher *self, const VeilDicomSubject *subject)
{
  veil_pixel_matcher_add_person_name (self, subject->patient_name, "patient name");
  add_each (self, subject->person_names, veil_pixel_matcher_add_person_name, "person name");
  veil_pixel_matcher_add_identifier (self, subject->patient_id, "patient ID");
  add_each (self, subject->patient_ids, veil_pixel_matcher_add_identifier, "patient ID");
  veil_pixel_matcher_add_identifier (self, subject->accession, "accession number");
  add_each (self, subject->accessions, veil_pixel_matcher_add_identifier, "accession number");
  add_each (self, subject->other_ids, veil_pixel_matcher_add_identifier, "ID");
  veil_pixel_matcher_add_date (self, subject->birth_date, "birth date");
  veil_pixel_matcher_add_date (self, subject->study_date, "study date");
  add_each (self, subject->dates, veil_pixel_matcher_add_date, "date");
  add_each (self, subject->texts, veil_pixel_matcher_add_text, "patient address or telephone");
  add_each (self, subject->institution_texts, veil_pixel_matcher_add_text, "institution");
}

/* ---- matching ---- */

/* Edit distance, or `limit` + 1 once it is certainly above `limit` (rows are bounded). */
static guint
edit_distance (const char *a, gsize la, const char *b, gsize lb, guint limit)
{
  if ((la > lb ? la - lb : lb - la) > limit)
    return limit + 1;
  if (lb > 64)
    return limit + 1;

  guint row[65];
  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0], best = row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
          best = MIN (best, row[j]);
        }
      if (best > limit)
        return limit + 1;
    }
  return row[lb];
}

/* Edits allowed between a known value and what OCR read: none for short values (noise in
 * a speckled ultrasound reads as random four-letter words), one from 5 characters, two
 * from 9. */
static guint
allowed_edits (gsize length)
{
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

/* The best known value `canon` may be: exact, within a few edits, a truncated prefix of it,
 * or holding it glued to other text. `ids_only` limits the search to IDs and dates (for
 * joined words, where names would match by accident). */
static const Entry *
lookup (const VeilPixelMatcher *self, const char *canon, gboolean ids_only)
{
  gsize length = strlen (canon);
  const Entry *found = g_hash_table_lookup (self->exact, canon);

  if (found != NULL && (!ids_only || found->kind == KIND_ID || found->kind == KIND_DATE))
    return found;
  if (length < 3)
    return NULL;

  const Entry *best = NULL;
  guint best_distance = G_MAXUINT;
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);
      gsize known = strlen (entry->canon);
      if (ids_only && entry->kind != KIND_ID && entry->kind != KIND_DATE)
        continue;
      if (known < 4)
        continue;

      guint limit = allowed_edits (known);
      guint distance = edit_distance (canon, length, entry->canon, known, limit);
      if (distance <= limit && distance < best_distance)
        {
          best = entry;
          best_distance = distance;
          continue;
        }
      /* Truncated by the device: "PATIENTFI" for PATIENTFIVE, "CLEVELAL" for CLEVELAND. */
      if (length >= 5 && length < known)
        {
          guint prefix_limit = length >= 7 ? 1 : 0;
          distance = edit_distance (canon, length, entry->canon, length, prefix_limit);
          if (distance <= prefix_limit && distance + 1 < best_distance)
            {
              best = entry;
              best_distance = distance + 1;
              continue;
            }
        }
      /* Glued to a label or a neighbour: "ZZZTEST", "DOBO8Z9I9SI". */
      if (length > known && strstr (canon, entry->canon) != NULL && best_distance > 2)
        {
          best = entry;
          best_distance = 2;
        }
    }
  return best;
}

static const Entry *
lookup_both (const VeilPixelMatcher *self, const VeilPixelMatcher *extra, const char *canon,
             gboolean ids_only)
{
  const Entry *found = lookup (self, canon, ids_only);
  if (found == NULL && extra != NULL)
    found = lookup (extra, canon, ids_only);
  return found;
}

typedef struct {
  GRegex *date;
  GRegex *time;
  GRegex *age;
  GRegex *decimal;
  GRegex *dimensions;
  GRegex *name;
  GRegex *family;
  GRegex *given;
} Shapes;

static const Shapes *
shapes (void)
{
  static Shapes *shapes = NULL;

  if (g_once_init_enter (&shapes))
    {
      Shapes *s = g_new0 (Shapes, 1);
      const char *months = "(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\\.?";
      g_autofree char *date = g_strdup_printf (
          "(?<![0-9])[0-9]{1,2} ?[./-] ?[0-9]{1,2} ?[./-] ?([0-9]{4}|[0-9]{2})(?![0-9])"
          "|(?<![0-9])(19|20)[0-9]{2} ?[./-] ?[0-9]{1,2} ?[./-] ?[0-9]{1,2}(?![0-9])"
          "|(?<![0-9])[0-9]{1,2}(ST|ND|RD|TH)? ?[./ -]? ?%s ?[./ -]? ?([0-9]{4}|[0-9]{2})(?![0-9])"
          "|%s ?[0-9]{1,2},? ?[0-9]{4}(?![0-9])"
          "|(?<![0-9])(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])(?![0-9])",
          months, months);
      s->date = g_regex_new (date, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      s->time = g_regex_new ("(?<![0-9])[0-9]{1,2}:[0-9]{2}(:[0-9]{2})? ?([AP]M)?(?![0-9])",
                             G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      s->age = g_regex_new ("^[\\[(]?[0-9]{1,3} ?(Y|YR|YRS|YEARS|M|MO|W|D)[\\])]?$",
                            G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      s->decimal = g_regex_new ("[0-9][.,][0-9]", G_REGEX_OPTIMIZE, 0, NULL);
      s->dimensions = g_regex_new ("^[0-9]{2,5} ?[xX*] ?[0-9]{2,5}$", G_REGEX_OPTIMIZE, 0, NULL);
      /* "Family,Given" and "FAMILY^GIVEN", as consoles print the patient's name. */
      s->name = g_regex_new ("^[[:alpha:]'-]{2,} ?[,^] ?[[:alpha:]'-]{2,}[,.]?$", G_REGEX_OPTIMIZE, 0,
                             NULL);
      s->family = g_regex_new ("^[[:alpha:]'-]{2,}[,^]$", G_REGEX_OPTIMIZE, 0, NULL);
      s->given = g_regex_new ("^[[:alpha:]'-]{2,}[,.]?$", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&shapes, s);
    }
  return shapes;
}

/* What a piece of text is by its shape alone: a date, a time, or a number long enough to be
 * an ID. NULL if none. */
static const char *
recognise (const char *raw)
{
  const Shapes *s = shapes ();

  if (g_regex_match (s->date, raw, 0, NULL))
    return "date";
  if (g_regex_match (s->time, raw, 0, NULL))
    return "time";
  if (g_regex_match (s->name, raw, 0, NULL))
    return "name-like (family, given)";

  guint digits = 0, alnum = 0;
  for (const char *p = raw; *p; p++)
    if (g_ascii_isalnum (*p))
      {
        alnum++;
        digits += g_ascii_isdigit (*p) ? 1 : 0;
      }
  /* Six digits or more, mostly digits, not a measurement ("101.15") nor a matrix size
   * ("512x512"): an ID or accession. */
  if (digits >= 6 && 2 * digits >= alnum && !g_regex_match (s->decimal, raw, 0, NULL)
      && !g_regex_match (s->dimensions, raw, 0, NULL))
    return digits == 10 && alnum == 10 ? "NHS-like number" : "ID-like number";
  return NULL;
}

static gboolean
is_label (const char *raw)
{
  g_autofree char *norm = normalise (raw);
  if (*norm == '\0')
    return FALSE;
  return in_words (label_words, G_N_ELEMENTS (label_words), norm)
         || g_regex_match (shapes ()->age, raw, 0, NULL);
}

typedef struct {
  VeilOcrWord *word;
  Mark mark;
  const char *what;
} Slot;

static int
compare_x (gconstpointer a, gconstpointer b)
{
  const Slot *sa = a, *sb = b;
  return (sa->word->x > sb->word->x) - (sa->word->x < sb->word->x);
}

/* Two words belong to one phrase when they share a line (most of the smaller height) and
 * the gap between them is a few text heights at most. */
static gboolean
same_phrase (const VeilOcrWord *a, const VeilOcrWord *b)
{
  if (a->pass != b->pass)
    return FALSE;
  int top = MAX (a->y, b->y), bottom = MIN (a->y + a->height, b->y + b->height);
  int small = MIN (a->height, b->height), large = MAX (a->height, b->height);
  if (2 * (bottom - top) < small || large > 3 * small)
    return FALSE;
  int gap = MAX (a->x, b->x) - MIN (a->x + a->width, b->x + b->width);
  return gap <= PHRASE_GAP * large;
}

static guint
find_root (guint *parent, guint i)
{
  while (parent[i] != i)
    i = parent[i] = parent[parent[i]];
  return i;
}

static void
mark_slot (Slot *slot, Mark mark, const char *what)
{
  if (mark > slot->mark)
    {
      slot->mark = mark;
      slot->what = what;
    }
}

static gboolean
has_digit (const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      return TRUE;
  return FALSE;
}

static void
classify_phrase (const VeilPixelMatcher *self, const VeilPixelMatcher *extra, Slot *slots, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *raw = slots[i].word->text;
      g_autofree char *canon = canonicalise (raw);
      const Entry *entry = *canon ? lookup_both (self, extra, canon, FALSE) : NULL;
      const char *shape = recognise (raw);
      if (shape != NULL && g_str_has_prefix (shape, "name-like")
          && slots[i].word->confidence < NAME_SHAPE_CONFIDENCE)
        shape = NULL;

      if (entry != NULL && (entry->distinctive || entry->kind != KIND_TEXT))
        mark_slot (&slots[i], MARK_HIT, entry->what);
      else if (shape != NULL)
        mark_slot (&slots[i], MARK_HIT, shape);
      else if (entry != NULL || is_label (raw))
        mark_slot (&slots[i], MARK_CONTEXT, entry ? entry->what : "label");
    }

  /* A name the case does not know, written "FAMILY, Given" over two words. Speckle read as
   * text can take this shape too ("NS, Pipe"), so both words must be confidently read. */
  for (guint i = 0; i + 1 < n; i++)
    if (slots[i].word->confidence >= NAME_SHAPE_CONFIDENCE
        && slots[i + 1].word->confidence >= NAME_SHAPE_CONFIDENCE
        && g_regex_match (shapes ()->family, slots[i].word->text, 0, NULL)
        && g_regex_match (shapes ()->given, slots[i + 1].word->text, 0, NULL))
      {
        mark_slot (&slots[i], MARK_HIT, "name-like (family, given)");
        mark_slot (&slots[i + 1], MARK_HIT, "name-like (family, given)");
      }

  /* Split values: joined neighbours checked against IDs and dates, and by shape. A split
   * value starts and ends with digits ("999 000 0026", "05 Nov 1945"), which keeps labels
   * like "NHS" out of it. */
  for (guint i = 0; i < n; i++)
    {
      if (!has_digit (slots[i].word->text))
        continue;
      GString *joined = g_string_new (slots[i].word->text);
      GString *canon = g_string_new (NULL);
      g_autofree char *first = canonicalise (slots[i].word->text);
      g_string_append (canon, first);
      for (guint k = 1; k < MAX_NGRAM && i + k < n; k++)
        {
          g_autofree char *next = canonicalise (slots[i + k].word->text);
          g_string_append_c (joined, ' ');
          g_string_append (joined, slots[i + k].word->text);
          g_string_append (canon, next);
          if (!has_digit (slots[i + k].word->text))
            continue;
          const Entry *entry = lookup_both (self, extra, canon->str, TRUE);
          const char *what = entry ? entry->what : recognise (joined->str);
          if (what != NULL)
            for (guint m = i; m <= i + k; m++)
              mark_slot (&slots[m], MARK_HIT, what);
        }
      g_string_free (joined, TRUE);
      g_string_free (canon, TRUE);
    }
}

static void
add_span (GPtrArray *regions, Slot *slots, guint first, guint last, guint frame, guint columns,
          guint rows)
{
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = G_MININT, y1 = G_MININT, height = 0;
  GString *reason = g_string_new ("OCR read ");
  guint shown = 0;

  for (guint i = first; i <= last; i++)
    {
      const VeilOcrWord *w = slots[i].word;
      x0 = MIN (x0, w->x);
      y0 = MIN (y0, w->y);
      x1 = MAX (x1, w->x + w->width);
      y1 = MAX (y1, w->y + w->height);
      height = MAX (height, w->height);
      if (slots[i].mark == MARK_HIT && shown < 6)
        {
          g_string_append_printf (reason, "%s\"%s\" (%s)", shown ? ", " : "", w->text,
                                  slots[i].what);
          shown++;
        }
    }
  /* OCR boxes hug the ink it recognised; antialiased edges, descenders and accents reach
   * further, so the box grows by a third of the text height (at least two pixels). */
  int pad = MAX (2, (height + 2) / 3);
  VeilPixelRegion *region = veil_pixel_region_new (frame, x0 - pad, y0 - pad, x1 - x0 + 2 * pad,
                                                   y1 - y0 + 2 * pad, reason->str);
  g_string_free (reason, TRUE);
  if (veil_pixel_region_clip (region, columns, rows))
    g_ptr_array_add (regions, region);
  else
    veil_pixel_region_free (region);
}

GPtrArray *
veil_pixel_matcher_find (const VeilPixelMatcher *self, const VeilPixelMatcher *extra,
                         GPtrArray *words, guint frame, guint columns, guint rows)
{
  GPtrArray *regions = veil_pixel_regions_new ();
  g_autoptr (GArray) slots = g_array_new (FALSE, TRUE, sizeof (Slot));

  for (guint i = 0; i < words->len && slots->len < MAX_WORDS; i++)
    {
      VeilOcrWord *word = g_ptr_array_index (words, i);
      g_autofree char *norm = normalise (word->text);
      /* Punctuation alone, and "words" taller than a third of the image (texture that
       * Tesseract took for a glyph), are not text. */
      if (*norm == '\0' || word->width <= 0 || word->height <= 0
          || (guint) word->height > rows / 3 + 1)
        continue;
      Slot slot = { word, MARK_NONE, NULL };
      g_array_append_val (slots, slot);
    }

  guint n = slots->len;
  g_autofree guint *parent = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    parent[i] = i;
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (same_phrase (g_array_index (slots, Slot, i).word, g_array_index (slots, Slot, j).word))
        parent[find_root (parent, i)] = find_root (parent, j);

  /* Gather each phrase, left to right, and cover it from its first hit to its last. */
  g_autofree Slot *phrase = g_new (Slot, MAX (n, 1));
  g_autofree gboolean *done = g_new0 (gboolean, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      if (done[i])
        continue;
      guint root = find_root (parent, i), count = 0;
      for (guint j = i; j < n; j++)
        if (!done[j] && find_root (parent, j) == root)
          {
            phrase[count++] = g_array_index (slots, Slot, j);
            done[j] = TRUE;
          }
      qsort (phrase, count, sizeof (Slot), compare_x);
      classify_phrase (self, extra, phrase, count);

      int first = -1, last = -1;
      for (guint k = 0; k < count; k++)
        if (phrase[k].mark == MARK_HIT)
          {
            if (first < 0)
              first = (int) k;
            last = (int) k;
          }
      if (first < 0)
        continue;
      while (first > 0 && phrase[first - 1].mark == MARK_CONTEXT)
        first--;
      while ((guint) last + 1 < count && phrase[last + 1].mark == MARK_CONTEXT)
        last++;
      add_span (regions, phrase, (guint) first, (guint) last, frame, columns, rows);
    }
  return regions;
}

gboolean
veil_pixel_matcher_matches_text (const VeilPixelMatcher *self, const char *text, char **what)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \t\r\n", -1);
  const char *found = NULL;

  for (guint i = 0; words[i] != NULL && found == NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      g_autofree char *canon = canonicalise (words[i]);
      const Entry *entry = *canon ? lookup (self, canon, FALSE) : NULL;
      if (entry != NULL && (entry->distinctive || entry->kind != KIND_TEXT))
        found = entry->what;
      else if (recognise (words[i]) != NULL && g_str_equal (recognise (words[i]), "date"))
        found = "date";
    }
  /* The whole text too, for dates and IDs split over words. */
  if (found == NULL)
    {
      g_autofree char *canon = canonicalise (text);
      const Entry *entry = *canon ? lookup (self, canon, TRUE) : NULL;
      if (entry != NULL)
        found = entry->what;
    }
  if (what != NULL)
    *what = g_strdup (found);
  return found != NULL;
}
