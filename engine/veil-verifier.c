/* veil-verifier.c: residual scan (see veil-verifier.h). */

#include "veil-verifier.h"

#include "veil-dicom-overrides.h"

#include "veil-datetime.h"
#include "veil-dicom-prescan.h"
#include "veil-pattern-set.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define MIN_FORM_LENGTH 4
#define CHUNK_SIZE (1 << 20)

/* Words of DICOM's own vocabulary that test and phantom data use as names ("Anonymized^Head",
 * "Phantom^CT"): finding them in a body-part or description attribute is not a leak. */
static const char *const common_words[] = {
  "ABDOMEN", "ANON", "ANONYMIZED", "ANONYMISED", "ANONYMOUS", "BRAIN", "CHEST", "HEAD", "KNEE",
  "NECK", "PELVIS", "PHANTOM", "SPINE", "TEST", "NONE", "UNKNOWN", "PATIENT", "CLINICIAN",
  "CARDIAC", "HEART", "LUNG", "LIVER", "BREAST", "THORAX", "WRIST", "HAND", "FOOT", "ANKLE",
  "NAME", "FIRST", "LAST", "FAMILY", "GIVEN", "TEXT", "OTHER", "MODE", "FIELD", "FLAT", "SOFT",
  "WORLD", "HELLO", "MINIMUM", "MAXIMUM", "OBSERVER", "MODALITY", "IMAGE", "SERIES", "STUDY",
  "ECHO", "PERFUSION", "HEADNECK", "RADIOLOGY", "ULTRASOUND", "CARDIOLOGY", "IMAGING",
  "DEPARTMENT", "HOSPITAL", "CLINIC", "SCANNER", "STATION", "OFFIS", "DCMTK", "SAMPLE", "DEMO",
  "PLAN", "DOSE", "STRUCT", "WHITE", "BLACK", "DATA", "PHYSICIAN", "DOCTOR", "OPERATOR",
  "19000101", "000000", "VEIL",
  /* DCMTK's encoders describe what they did in DerivationDescription */
  "LOSSLESS", "LOSSY", "COMPRESSION", "SELECTION", "VALUE", "POINT", "TRANSFORM", "RATIO",
  "SELECTION VALUE", "POINT TRANSFORM", "COMPRESSION RATIO",
  /* CID 7050 codes: Veil writes them into every file it de-identifies */
  "113100", "113101", "113102", "113103", "113104", "113105", "113106", "113107", "113108",
  "113109", "113110", "113111", "113112",
};

typedef struct {
  GPtrArray *vocabulary; /* upper-cased kept values */
  GHashTable *pseudonym_values; /* "kind\x1fvalue" of every pseudonym the store hands out */
  VeilPatternSet *set;
  GPtrArray *forms; /* id → form */
  GPtrArray *kinds; /* id → kind (borrowed static strings) */
  GHashTable *seen;
  GHashTable *pseudonym_words;
  VeilVerifyReport *report;
} Builder;

static const char *
intern_kind (const char *kind)
{
  return g_intern_string (kind);
}

static gboolean
is_common_word (Builder *b, const char *upper_word)
{
  if (g_hash_table_contains (b->pseudonym_words, upper_word))
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (common_words); i++)
    if (g_str_equal (upper_word, common_words[i]))
      return TRUE;
  return FALSE;
}

/* A form made only of common words, or found inside a coded or vendor value the export keeps,
 * is no evidence of a leak on its own. */
static gboolean
is_uninformative (Builder *b, const char *upper)
{
  g_auto (GStrv) words = g_strsplit_set (upper, " ,^-'.", -1);
  gboolean all_common = TRUE;
  for (guint i = 0; words[i] != NULL && all_common; i++)
    if (*words[i] && !is_common_word (b, words[i]))
      all_common = FALSE;
  if (all_common)
    return TRUE;
  for (guint i = 0; i < b->vocabulary->len; i++)
    if (strstr (g_ptr_array_index (b->vocabulary, i), upper) != NULL)
      return TRUE;
  return FALSE;
}

static void
add_form (Builder *b, const char *kind, const char *form, gboolean case_insensitive)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (form));
  gboolean has_alnum = FALSE, all_digits = TRUE;
  for (const char *p = trimmed; *p; p++)
    {
      if (g_ascii_isalnum (*p) || (guchar) *p >= 0x80)
        has_alnum = TRUE;
      if (!g_ascii_isdigit (*p))
        all_digits = FALSE;
    }
  if (!has_alnum)
    return;
  /* "0000000", "11111111": one character repeated identifies nobody and is everywhere. */
  gboolean repeated = TRUE;
  for (const char *p = trimmed; *p && repeated; p++)
    repeated = *p == trimmed[0];
  if (repeated)
    {
      b->report->n_skipped_short++;
      return;
    }
  /* Short forms, and short numbers above all, turn up by chance in any binary data. */
  if (strlen (trimmed) < MIN_FORM_LENGTH || (all_digits && strlen (trimmed) < 6)
      || (all_digits && g_str_equal (kind, VEIL_MAPPING_TEXT) && strlen (trimmed) < 8))
    {
      b->report->n_skipped_short++;
      return;
    }
  g_autofree char *upper = g_ascii_strup (trimmed, -1);
  if (!g_str_equal (kind, VEIL_MAPPING_UID) && is_uninformative (b, upper))
    {
      b->report->n_skipped_pseudonym++;
      return;
    }
  g_autofree char *key = g_strconcat (case_insensitive ? "i:" : "s:", case_insensitive ? upper : trimmed, NULL);
  if (g_hash_table_contains (b->seen, key))
    return;
  g_hash_table_add (b->seen, g_steal_pointer (&key));

  veil_pattern_set_add (b->set, (const guint8 *) trimmed, strlen (trimmed),
                        VEIL_PATTERN_WORD_BOUNDED | (case_insensitive ? VEIL_PATTERN_CASE_INSENSITIVE : 0),
                        b->forms->len);
  g_ptr_array_add (b->forms, g_strdup (trimmed));
  g_ptr_array_add (b->kinds, (gpointer) intern_kind (kind));
}

static void
add_name_forms (Builder *b, const char *kind, const char *pn)
{
  g_auto (GStrv) groups = g_strsplit (pn, "=", -1);

  add_form (b, kind, pn, TRUE);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto (GStrv) parts = g_strsplit (groups[g], "^", 5);
      add_form (b, kind, groups[g], TRUE);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          if (i == 3 || i == 4)
            continue; /* prefixes and suffixes: "Mr", "Dr", "Jr" */
          g_strstrip (parts[i]);
          add_form (b, kind, parts[i], TRUE);
          g_auto (GStrv) pieces = g_strsplit_set (parts[i], " -'", -1);
          for (guint k = 0; pieces[k] != NULL; k++)
            add_form (b, kind, pieces[k], TRUE);
        }
      if (parts[0] && parts[1] && *parts[0] && *parts[1])
        {
          g_autofree char *a = g_strdup_printf ("%s %s", parts[1], parts[0]);
          g_autofree char *c = g_strdup_printf ("%s, %s", parts[0], parts[1]);
          add_form (b, kind, a, TRUE);
          add_form (b, kind, c, TRUE);
        }
    }
}

static void
add_id_forms (Builder *b, const char *kind, const char *id)
{
  add_form (b, kind, id, TRUE);

  GString *compact = g_string_new (NULL);
  for (const char *p = id; *p; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (compact, *p);
  add_form (b, kind, compact->str, TRUE);

  /* NHS (and CHI) numbers are ten digits, written 3-3-4. */
  gboolean ten_digits = compact->len == 10;
  for (gsize i = 0; i < compact->len && ten_digits; i++)
    ten_digits = g_ascii_isdigit (compact->str[i]);
  if (ten_digits)
    {
      g_autofree char *spaced = g_strdup_printf ("%.3s %.3s %.4s", compact->str, compact->str + 3, compact->str + 6);
      g_autofree char *dashed = g_strdup_printf ("%.3s-%.3s-%.4s", compact->str, compact->str + 3, compact->str + 6);
      add_form (b, kind, spaced, FALSE);
      add_form (b, kind, dashed, FALSE);
    }
  g_string_free (compact, TRUE);
}

/* Rows that record a reviewer's decision rather than an original value: a per-attribute
 * override's "original" is a UID and an attribute path, its value the reviewer's text. */
static gboolean
is_decision_row (const VeilMapping *m)
{
  /* overrides name attributes; a reviewer's boxes are coordinates */
  return g_str_equal (m->kind, VEIL_MAPPING_ATTRIBUTE_OVERRIDE)
         || g_str_equal (m->kind, VEIL_MAPPING_PIXEL_IMAGE)
         || g_str_equal (m->kind, VEIL_MAPPING_PIXEL_SERIES);
}

static void
add_pseudonym_words (const VeilMapping *m, gpointer user_data)
{
  Builder *b = user_data;
  if (is_decision_row (m))
    return;
  const char *kind = g_str_equal (m->kind, VEIL_MAPPING_SHIFTED_DATE) ? VEIL_MAPPING_DATE : m->kind;
  g_hash_table_add (b->pseudonym_values, g_strconcat (kind, "\x1f", m->pseudonym, NULL));
  if (g_str_equal (m->kind, VEIL_MAPPING_VOCABULARY)
      || (g_str_equal (m->kind, VEIL_MAPPING_NOT_IDENTIFIER) && *m->pseudonym))
    {
      /* Kept as written, by the profile or by a reviewer: not taken for a name. */
      g_ptr_array_add (b->vocabulary, g_ascii_strup (m->original, -1));
      return;
    }
  /* Keys and kind names, not values written anywhere. */
  if (g_str_equal (m->kind, VEIL_MAPPING_REVIEWER_IDENTIFIER)
      || g_str_equal (m->kind, VEIL_MAPPING_ACCEPTED)
      || g_str_equal (m->kind, VEIL_MAPPING_NOT_IDENTIFIER))
    return;
  g_auto (GStrv) words = g_strsplit_set (m->pseudonym, "^ -=\\", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i])
      g_hash_table_add (b->pseudonym_words, g_ascii_strup (words[i], -1));
}

static void
add_mapping (const VeilMapping *m, gpointer user_data)
{
  Builder *b = user_data;
  const char *kind = m->kind;

  if (is_decision_row (m))
    return;

  /* An original that is also a pseudonym of its kind (one patient's shifted date that falls
   * on another's real one) cannot be told apart in the bytes: it is counted, not searched. */
  g_autofree char *as_pseudonym = g_strconcat (kind, "\x1f", m->original, NULL);
  if (g_hash_table_contains (b->pseudonym_values, as_pseudonym))
    {
      b->report->n_skipped_pseudonym++;
      return;
    }

  if (g_str_equal (kind, VEIL_MAPPING_PATIENT_NAME) || g_str_equal (kind, VEIL_MAPPING_PERSON_NAME))
    add_name_forms (b, kind, m->original);
  else if (g_str_equal (kind, VEIL_MAPPING_PATIENT_ID) || g_str_equal (kind, VEIL_MAPPING_ACCESSION)
           || g_str_equal (kind, VEIL_MAPPING_OTHER_ID))
    add_id_forms (b, kind, m->original);
  else if (g_str_equal (kind, VEIL_MAPPING_UID))
    add_form (b, kind, m->original, FALSE);
  else if (g_str_equal (kind, VEIL_MAPPING_DATE))
    {
      if (g_str_equal (m->original, m->pseudonym))
        return;
      g_auto (GStrv) forms = veil_da_written_forms (m->original);
      for (guint i = 0; forms && forms[i] != NULL; i++)
        if (strlen (forms[i]) >= 8) /* "3.4.56" is too short to mean anything in bytes */
          add_form (b, kind, forms[i], TRUE);
    }
  else if (g_str_equal (kind, VEIL_MAPPING_TEXT)
           || g_str_equal (kind, VEIL_MAPPING_REVIEWER_IDENTIFIER))
    add_form (b, kind, m->original, TRUE); /* a reviewer's missed identifier is one */
  else if (g_str_equal (kind, VEIL_MAPPING_VOCABULARY))
    {
      /* collected before, in add_pseudonym_words() */
    }
  /* patient, person and date-offset rows hold keys, not values that were written anywhere;
   * pixel-image and pixel-series rows hold a reviewer's boxes for a UID */
}

void
veil_verify_report_free (VeilVerifyReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->hits);
  g_free (report);
}

static void
hit_free (VeilResidualHit *hit)
{
  g_free (hit->file);
  g_free (hit->kind);
  g_free (hit->value);
  g_free (hit);
}

typedef struct {
  Builder *b;
  const char *relative;
  GPtrArray *hits;
  guint64 base;
} ScanState;

static gboolean
on_match (guint id, guint64 offset, gsize length, gpointer user_data)
{
  ScanState *s = user_data;
  VeilResidualHit *hit = g_new0 (VeilResidualHit, 1);
  hit->file = g_strdup (s->relative);
  hit->offset = s->base == G_MAXUINT64 ? G_MAXUINT64 : s->base + offset;
  hit->kind = g_strdup (g_ptr_array_index (s->b->kinds, id));
  hit->value = g_strdup (g_ptr_array_index (s->b->forms, id));
  g_ptr_array_add (s->hits, hit);
  return s->hits->len < 10000; /* a store that matches everywhere: enough said */
}

/* Feeds bytes [start, end) of `f` to a fresh scanner, so a match never spans a skipped gap. */
static gboolean
scan_range (Builder *b, FILE *f, guint64 start, guint64 end, ScanState *state, guint8 *buffer)
{
  VeilPatternScanner *scanner = veil_pattern_scanner_new (b->set, on_match, state);
  gboolean go_on = TRUE;

  state->base = start;
  if (fseeko (f, (off_t) start, SEEK_SET) != 0)
    go_on = FALSE;
  while (go_on && start < end)
    {
      size_t want = (size_t) MIN ((guint64) CHUNK_SIZE, end - start);
      size_t n = fread (buffer, 1, want, f);
      if (n == 0)
        break;
      b->report->n_bytes += n;
      start += n;
      go_on = veil_pattern_scanner_feed (scanner, buffer, n);
    }
  veil_pattern_scanner_finish (scanner);
  veil_pattern_scanner_free (scanner);
  return go_on;
}

static gboolean
scan_file (Builder *b, const char *path, const char *relative, guint8 *buffer, GError **error)
{
  ScanState state = { b, relative, b->report->hits, 0 };
  guint first_hit = b->report->hits->len;
  VeilPrescanInfo info;
  GStatBuf st;
  FILE *f = g_fopen (path, "rb");
  if (f == NULL || g_stat (path, &st) != 0)
    {
      int saved = errno;
      if (f != NULL)
        fclose (f);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot read %s: %s",
                   relative, g_strerror (saved));
      return FALSE;
    }

  /* Pixel data is an image, not text: a name burned into it is found by OCR, not by a byte
   * search, while 8-bit pixels spell short numbers and words by chance all the time. Every
   * other byte of a DICOM file, and every byte of any other file, is searched. */
  guint64 size = (guint64) st.st_size;
  if (veil_dicom_prescan_file (path, 0, &info, NULL) && info.pixel_data_length > 0)
    {
      if (scan_range (b, f, 0, info.pixel_data_offset, &state, buffer))
        scan_range (b, f, info.pixel_data_offset + info.pixel_data_length, size, &state, buffer);
      b->report->n_pixel_bytes += info.pixel_data_length;
    }
  else
    scan_range (b, f, 0, size, &state, buffer);

  /* A UID matches only as a whole: "1.2.3" inside "1.2.840.10008.3.1.2.3.3" is not it. */
  for (guint i = b->report->hits->len; i-- > first_hit;)
    {
      VeilResidualHit *hit = g_ptr_array_index (b->report->hits, i);
      if (!g_str_equal (hit->kind, VEIL_MAPPING_UID))
        continue;
      guint8 before = 0, after = 0;
      gsize len = strlen (hit->value);
      if (hit->offset > 0 && fseeko (f, (off_t) hit->offset - 1, SEEK_SET) == 0)
        before = (guint8) fgetc (f);
      if (fseeko (f, (off_t) (hit->offset + len), SEEK_SET) == 0)
        after = (guint8) fgetc (f);
      if (g_ascii_isdigit (before) || before == '.' || g_ascii_isdigit (after) || after == '.')
        g_ptr_array_remove_index (b->report->hits, i);
    }
  fclose (f);
  b->report->n_files++;

  /* The name too: folder and file names are part of what a recipient sees. */
  ScanState name_state = { b, relative, b->report->hits, G_MAXUINT64 };
  VeilPatternScanner *name_scanner = veil_pattern_scanner_new (b->set, on_match, &name_state);
  veil_pattern_scanner_feed (name_scanner, (const guint8 *) relative, strlen (relative));
  veil_pattern_scanner_finish (name_scanner);
  veil_pattern_scanner_free (name_scanner);
  return TRUE;
}

static gboolean
scan_folder (Builder *b, const char *root, const char *relative, guint8 *buffer,
             GCancellable *cancellable, GError **error)
{
  g_autofree char *path = relative ? g_build_filename (root, relative, NULL) : g_strdup (root);
  GDir *dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;

  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);

  for (guint i = 0; i < names->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      const char *child_name = g_ptr_array_index (names, i);
      g_autofree char *child_rel = relative ? g_build_filename (relative, child_name, NULL) : g_strdup (child_name);
      g_autofree char *child = g_build_filename (root, child_rel, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (!scan_folder (b, root, child_rel, buffer, cancellable, error))
            return FALSE;
        }
      else if (!scan_file (b, child, child_rel, buffer, error))
        return FALSE;
    }
  return TRUE;
}

VeilVerifyReport *
veil_verify_folder (VeilMappingStore *store, const char *folder, GCancellable *cancellable,
                    GError **error)
{
  Builder b = { 0 };
  g_autoptr (VeilVerifyReport) report = g_new0 (VeilVerifyReport, 1);
  gboolean ok;

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, "%s is not a folder", folder);
      return NULL;
    }

  report->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) hit_free);
  b.report = report;
  b.set = veil_pattern_set_new ();
  b.forms = g_ptr_array_new_with_free_func (g_free);
  b.kinds = g_ptr_array_new ();
  b.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b.pseudonym_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b.vocabulary = g_ptr_array_new_with_free_func (g_free);
  b.pseudonym_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  veil_mapping_store_foreach (store, NULL, add_pseudonym_words, &b);
  veil_mapping_store_foreach (store, NULL, add_mapping, &b);
  veil_pattern_set_compile (b.set);
  report->n_patterns = veil_pattern_set_get_n_patterns (b.set);

  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  ok = scan_folder (&b, folder, NULL, buffer, cancellable, error);

  veil_pattern_set_free (b.set);
  g_ptr_array_unref (b.forms);
  g_ptr_array_unref (b.kinds);
  g_hash_table_unref (b.seen);
  g_hash_table_unref (b.pseudonym_words);
  g_ptr_array_unref (b.vocabulary);
  g_hash_table_unref (b.pseudonym_values);
  return ok ? g_steal_pointer (&report) : NULL;
}
