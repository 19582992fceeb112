/* text-corpus.c: loading and scoring the labelled report corpus (see text-corpus.h). */

#include "text-corpus.h"

#include "veil-mapping-store.h"

#include <glib/gstdio.h>
#include <string.h>

void
corpus_doc_free (CorpusDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->path);
  g_free (doc->name);
  g_free (doc->split);
  g_free (doc->case_name);
  g_free (doc->text);
  g_array_unref (doc->ids);
  g_array_unref (doc->keeps);
  g_ptr_array_unref (doc->directives);
  g_free (doc);
}

static gboolean
is_label_prefix (const char *line, gsize n)
{
  /* "Patient Name:", "| NHS No |", "DOB\t": a short label then a separator, then spaces. */
  gsize e = n;
  while (e > 0 && (line[e - 1] == ' ' || line[e - 1] == '\t'))
    e--;
  if (e == 0)
    return FALSE;
  char sep = line[e - 1];
  if (sep != ':' && sep != '|' && sep != '=' && !(e < n && line[e] == '\t'))
    {
      if (sep == '-' && e >= 2 && line[e - 2] == ' ')
        ;
      else
        return FALSE;
    }
  gsize s = e - 1;
  guint letters = 0;
  while (s > 0 && line[s - 1] != '|' && line[s - 1] != '\t' && !(s >= 2 && line[s - 1] == ' ' && line[s - 2] == ' ' && letters > 0))
    {
      if (g_ascii_isalpha (line[s - 1]))
        letters++;
      s--;
    }
  return letters >= 2 && e - s <= 40;
}

static void
mark_structured (CorpusDoc *doc)
{
  for (guint i = 0; i < doc->ids->len; i++)
    {
      CorpusSpan *s = &g_array_index (doc->ids, CorpusSpan, i);
      gsize ls = s->start;
      while (ls > 0 && doc->text[ls - 1] != '\n')
        ls--;
      /* The cell the identifier is in starts after the last separator before it. */
      gsize cell = ls;
      for (gsize p = ls; p < s->start; p++)
        if (doc->text[p] == ':' || doc->text[p] == '|' || doc->text[p] == '\t')
          cell = p + 1;
      gboolean labelled = FALSE;
      /* The value starts the cell, after spaces and a title ("Referrer: Dr A Patel"). */
      g_autofree char *gap = g_strstrip (g_strndup (doc->text + cell, s->start - cell));
      static const char *const titles[] = { "", "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Prof.",
                                            "Dr.", "Mr.", "Mrs.", "Sister", "Nurse", "MR", "MRS", "MS",
                                            "MISS", "DR", "PROF", "Rev" };
      gboolean cell_starts_here = FALSE;
      for (guint t = 0; t < G_N_ELEMENTS (titles) && !cell_starts_here; t++)
        cell_starts_here = g_str_equal (gap, titles[t]);
      /* Or after other values of the same field ("Accession: A1, A2"). */
      for (guint k = 0; k < i && !cell_starts_here; k++)
        {
          const CorpusSpan *o = &g_array_index (doc->ids, CorpusSpan, k);
          if (o->start >= cell && o->end <= s->start)
            {
              gboolean only_separators = TRUE;
              for (gsize p = o->end; p < s->start && only_separators; p++)
                only_separators = strchr (" ,;/&", doc->text[p]) != NULL;
              cell_starts_here = only_separators && o->structured;
            }
        }
      if (cell > ls && cell_starts_here)
        labelled = is_label_prefix (doc->text + ls, cell - ls);
      if (!labelled)
        {
          /* Alone on its line under "Label:" or a header row. */
          gsize le = s->end;
          while (le < doc->len && doc->text[le] != '\n')
            le++;
          gboolean alone = TRUE;
          for (gsize p = ls; p < s->start && alone; p++)
            alone = g_ascii_isspace (doc->text[p]);
          if (alone && ls > 0)
            {
              gsize pe = ls - 1;
              while (pe > 0 && g_ascii_isspace (doc->text[pe - 1]))
                pe--;
              if (pe > 0 && doc->text[pe - 1] == ':')
                labelled = TRUE;
            }
        }
      s->structured = labelled;
    }
}

CorpusDoc *
corpus_doc_load (const char *path, const char *split, GError **error)
{
  g_autofree char *raw = NULL;
  gsize raw_len;

  if (!g_file_get_contents (path, &raw, &raw_len, error))
    return NULL;

  CorpusDoc *doc = g_new0 (CorpusDoc, 1);
  doc->path = g_strdup (path);
  doc->name = g_path_get_basename (path);
  doc->split = g_strdup (split);
  doc->ids = g_array_new (FALSE, FALSE, sizeof (CorpusSpan));
  doc->keeps = g_array_new (FALSE, FALSE, sizeof (CorpusSpan));
  doc->directives = g_ptr_array_new_with_free_func (g_free);
  doc->options = VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES;

  const char *p = raw, *end = raw + raw_len;
  while (p < end && g_str_has_prefix (p, "#!"))
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      g_autofree char *line = g_strstrip (g_strndup (p + 2, (gsize) ((nl ? nl : end) - p - 2)));
      if (g_str_has_prefix (line, "case:"))
        doc->case_name = g_strstrip (g_strdup (line + 5));
      else if (g_str_has_prefix (line, "dates:"))
        {
          const char *v = line + 6;
          while (*v == ' ')
            v++;
          doc->options = g_str_equal (v, "full")   ? VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES
                         : g_str_equal (v, "none") ? 0
                                                   : VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES;
        }
      else
        g_ptr_array_add (doc->directives, g_strdup (line));
      p = nl ? nl + 1 : end;
    }
  if (doc->case_name == NULL)
    doc->case_name = g_strdup_printf ("%s/%s", split, doc->name);

  GString *text = g_string_sized_new ((gsize) (end - p));
  while (p < end)
    {
      if (p + 1 < end && p[0] == '[' && p[1] == '[')
        {
          const char *colon = memchr (p, ':', (gsize) (end - p));
          const char *close = g_strstr_len (p, end - p, "]]");
          if (colon == NULL || close == NULL || colon > close)
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: bad [[kind:text]] at byte %ld",
                           path, (long) (p - raw));
              g_string_free (text, TRUE);
              corpus_doc_free (doc);
              return NULL;
            }
          g_autofree char *kind_name = g_strndup (p + 2, (gsize) (colon - p - 2));
          CorpusSpan s = { text->len, 0, 0, FALSE };
          if (!veil_text_kind_from_string (kind_name, &s.kind))
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: unknown kind \"%s\"", path,
                           kind_name);
              g_string_free (text, TRUE);
              corpus_doc_free (doc);
              return NULL;
            }
          g_string_append_len (text, colon + 1, close - colon - 1);
          s.end = text->len;
          g_array_append_val (doc->ids, s);
          p = close + 2;
          continue;
        }
      if (p + 1 < end && p[0] == '{' && p[1] == '{')
        {
          const char *close = g_strstr_len (p, end - p, "}}");
          if (close == NULL)
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: unclosed {{", path);
              g_string_free (text, TRUE);
              corpus_doc_free (doc);
              return NULL;
            }
          CorpusSpan s = { text->len, 0, 0, FALSE };
          g_string_append_len (text, p + 2, close - p - 2);
          s.end = text->len;
          g_array_append_val (doc->keeps, s);
          p = close + 2;
          continue;
        }
      g_string_append_c (text, *p++);
    }
  doc->len = text->len;
  doc->text = g_string_free (text, FALSE);
  mark_structured (doc);
  return doc;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

GPtrArray *
corpus_load_split (const char *dir, const char *split, GError **error)
{
  g_autofree char *path = g_build_filename (dir, split, NULL);
  g_autoptr (GDir) d = g_dir_open (path, 0, error);
  if (d == NULL)
    return NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *n;
  while ((n = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (n, ".txt"))
      g_ptr_array_add (names, g_build_filename (path, n, NULL));
  g_ptr_array_sort (names, compare_paths);

  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) corpus_doc_free);
  for (guint i = 0; i < names->len; i++)
    {
      CorpusDoc *doc = corpus_doc_load (g_ptr_array_index (names, i), split, error);
      if (doc == NULL)
        {
          g_ptr_array_unref (docs);
          return NULL;
        }
      g_ptr_array_add (docs, doc);
    }
  return docs;
}

/* ---- scoring ---- */

static char *
compact_upper (const char *s, gsize n)
{
  GString *out = g_string_new (NULL);
  for (gsize i = 0; i < n; i++)
    if (g_ascii_isalnum (s[i]))
      g_string_append_c (out, g_ascii_toupper (s[i]));
  return g_string_free (out, FALSE);
}

static void
add_words (GHashTable *set, const char *s, gsize n)
{
  gsize i = 0;
  while (i < n)
    {
      while (i < n && !g_ascii_isalpha (s[i]) && (guchar) s[i] < 0x80)
        i++;
      gsize st = i;
      while (i < n && (g_ascii_isalpha (s[i]) || (guchar) s[i] >= 0x80 || s[i] == '\''))
        i++;
      if (i - st >= 3)
        g_hash_table_add (set, compact_upper (s + st, i - st));
    }
}

static gboolean
words_in (GHashTable *set, const char *s, gsize n)
{
  g_autoptr (GHashTable) mine = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  add_words (mine, s, n);
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init (&it, mine);
  while (g_hash_table_iter_next (&it, &k, NULL))
    if (g_hash_table_contains (set, k))
      return TRUE;
  return FALSE;
}

/* Every identifier repeating a structured value (a header field's, or a directive's) is
 * structured too. */
static void
propagate_structured (GPtrArray *case_docs)
{
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint d = 0; d < case_docs->len; d++)
    {
      CorpusDoc *doc = g_ptr_array_index (case_docs, d);
      for (guint i = 0; i < doc->directives->len; i++)
        {
          const char *dir = g_ptr_array_index (doc->directives, i);
          g_auto (GStrv) parts = g_strsplit (strchr (dir, ':') ? strchr (dir, ':') + 1 : dir, ";", -1);
          if (g_str_has_prefix (dir, "patient:") || g_str_has_prefix (dir, "person:"))
            {
              const char *pn = g_str_has_prefix (dir, "patient:") ? (parts[0] && parts[1] ? parts[1] : "")
                                                                 : parts[0];
              g_autofree char *spaced = g_strdelimit (g_strdup (pn), "^", ' ');
              add_words (names, spaced, strlen (spaced));
              if (g_str_has_prefix (dir, "patient:") && parts[0] && parts[1] && parts[2] && *parts[2])
                g_hash_table_add (values, compact_upper (parts[2], strlen (parts[2])));
            }
          else if (g_str_has_prefix (dir, "identifier:") && parts[0] && parts[1])
            g_hash_table_add (values, compact_upper (parts[1], strlen (parts[1])));
        }
      for (guint i = 0; i < doc->ids->len; i++)
        {
          CorpusSpan *s = &g_array_index (doc->ids, CorpusSpan, i);
          if (!s->structured)
            continue;
          if (s->kind == VEIL_TEXT_KIND_PERSON)
            add_words (names, doc->text + s->start, s->end - s->start);
          else if (s->kind != VEIL_TEXT_KIND_DATE)
            g_hash_table_add (values, compact_upper (doc->text + s->start, s->end - s->start));
        }
    }
  for (guint d = 0; d < case_docs->len; d++)
    {
      CorpusDoc *doc = g_ptr_array_index (case_docs, d);
      for (guint i = 0; i < doc->ids->len; i++)
        {
          CorpusSpan *s = &g_array_index (doc->ids, CorpusSpan, i);
          if (s->structured)
            continue;
          if (s->kind == VEIL_TEXT_KIND_PERSON)
            s->structured = words_in (names, doc->text + s->start, s->end - s->start);
          else if (s->kind != VEIL_TEXT_KIND_DATE)
            {
              g_autofree char *c = compact_upper (doc->text + s->start, s->end - s->start);
              s->structured = g_hash_table_contains (values, c);
            }
        }
    }
}

static void
apply_directives (VeilTextDeidentifier *deid, CorpusDoc *doc)
{
  for (guint i = 0; i < doc->directives->len; i++)
    {
      const char *dir = g_ptr_array_index (doc->directives, i);
      const char *colon = strchr (dir, ':');
      if (colon == NULL)
        continue;
      g_autofree char *rest = g_strstrip (g_strdup (colon + 1));
      g_auto (GStrv) parts = g_strsplit (rest, ";", -1);
      guint n = g_strv_length (parts);
      if (g_str_has_prefix (dir, "patient:") && n >= 2)
        veil_text_deidentifier_add_patient (deid, parts[0], parts[1], n > 2 && *parts[2] ? parts[2] : NULL,
                                            n > 3 && *parts[3] ? parts[3] : NULL);
      else if (g_str_has_prefix (dir, "person:"))
        veil_text_deidentifier_add_person (deid, rest);
      else if (g_str_has_prefix (dir, "identifier:") && n >= 2)
        {
          VeilTextKind kind;
          if (veil_text_kind_from_string (parts[0], &kind))
            veil_text_deidentifier_add_identifier (deid, kind, parts[1], n > 2 && *parts[2] ? parts[2] : NULL);
        }
    }
}

static void
context_of (GString *out, const char *text, gsize len, gsize start, gsize end)
{
  gsize a = start > 30 ? start - 30 : 0, b = MIN (len, end + 30);
  for (gsize i = a; i < b; i++)
    {
      if (i == start)
        g_string_append (out, "⟦");
      g_string_append_c (out, text[i] == '\n' ? ' ' : text[i]);
      if (i + 1 == end)
        g_string_append (out, "⟧");
    }
}

static void
score_doc (CorpusDoc *doc, GPtrArray *findings, CorpusScore *score, GString *report)
{
  g_autofree guint8 *covered = g_malloc0 (doc->len + 1);
  g_autofree guint8 *in_id = g_malloc0 (doc->len + 1);

  for (guint i = 0; i < findings->len; i++)
    {
      VeilTextFinding *f = g_ptr_array_index (findings, i);
      if (g_strcmp0 (f->original, f->replacement) != 0)
        memset (covered + f->start, 1, f->end - f->start);
    }
  for (guint i = 0; i < doc->ids->len; i++)
    {
      CorpusSpan *s = &g_array_index (doc->ids, CorpusSpan, i);
      memset (in_id + s->start, 1, s->end - s->start);
      gboolean caught = TRUE;
      for (gsize b = s->start; b < s->end && caught; b++)
        if (g_ascii_isalnum (doc->text[b]) || (guchar) doc->text[b] >= 0x80)
          caught = covered[b];
      score->ids++;
      score->kind_ids[s->kind]++;
      if (s->structured)
        score->structured++;
      if (caught)
        {
          score->caught++;
          score->kind_caught[s->kind]++;
          if (s->structured)
            score->structured_caught++;
        }
      else if (report)
        {
          g_string_append_printf (report, "MISS %s/%s %s%s \"%.*s\"  ", doc->split, doc->name,
                                  veil_text_kind_to_string (s->kind), s->structured ? " (structured)" : "",
                                  (int) (s->end - s->start), doc->text + s->start);
          context_of (report, doc->text, doc->len, s->start, s->end);
          g_string_append_c (report, '\n');
        }
    }
  for (guint i = 0; i < doc->keeps->len; i++)
    {
      CorpusSpan *s = &g_array_index (doc->keeps, CorpusSpan, i);
      const VeilTextFinding *damage = NULL;
      for (guint k = 0; k < findings->len && !damage; k++)
        {
          VeilTextFinding *f = g_ptr_array_index (findings, k);
          if (f->start < s->end && f->end > s->start && g_strcmp0 (f->original, f->replacement) != 0)
            damage = f;
        }
      score->keeps++;
      if (!damage)
        score->kept++;
      else if (report)
        g_string_append_printf (report, "DAMAGED %s/%s \"%.*s\" by %s \"%s\" → \"%s\" (%s)\n", doc->split,
                                doc->name, (int) (s->end - s->start), doc->text + s->start,
                                veil_text_kind_to_string (damage->kind), damage->original,
                                damage->replacement, damage->reason);
    }
  for (guint i = 0; i < findings->len; i++)
    {
      VeilTextFinding *f = g_ptr_array_index (findings, i);
      gboolean hit = FALSE;
      for (gsize b = f->start; b < f->end && !hit; b++)
        hit = in_id[b];
      score->findings++;
      score->kind_findings[f->kind]++;
      if (hit)
        {
          score->true_findings++;
          score->kind_true[f->kind]++;
        }
      else if (report)
        {
          g_string_append_printf (report, "FP %s/%s %s \"%s\" (%s)  ", doc->split, doc->name,
                                  veil_text_kind_to_string (f->kind), f->original, f->reason);
          context_of (report, doc->text, doc->len, f->start, f->end);
          g_string_append_c (report, '\n');
        }
    }
}

void
corpus_score (GPtrArray *docs, CorpusScore *score, GString *report, gboolean show, guint repeat)
{
  g_autoptr (GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *tmp = g_dir_make_tmp ("veil-text-corpus-XXXXXX", NULL);

  for (guint i = 0; i < docs->len; i++)
    {
      CorpusDoc *first = g_ptr_array_index (docs, i);
      if (g_hash_table_contains (done, first->case_name))
        continue;
      g_hash_table_add (done, first->case_name);
      g_autoptr (GPtrArray) case_docs = g_ptr_array_new ();
      for (guint k = i; k < docs->len; k++)
        {
          CorpusDoc *d = g_ptr_array_index (docs, k);
          if (g_str_equal (d->case_name, first->case_name))
            g_ptr_array_add (case_docs, d);
        }
      propagate_structured (case_docs);

      for (guint r = 0; r < MAX (repeat, 1); r++)
        {
          g_autofree char *store_path = g_strdup_printf ("%s/case-%u-%u.sqlite", tmp, i, r);
          g_autoptr (GError) error = NULL;
          VeilMappingStore *store = veil_mapping_store_open (store_path, &error);
          g_assert_no_error (error);
          VeilTextDeidentifier *deid = veil_text_deidentifier_new (store, first->options);
          for (guint k = 0; k < case_docs->len; k++)
            apply_directives (deid, g_ptr_array_index (case_docs, k));
          gint64 l0 = g_get_monotonic_time ();
          for (guint k = 0; k < case_docs->len; k++)
            {
              CorpusDoc *d = g_ptr_array_index (case_docs, k);
              veil_text_deidentifier_learn (deid, d->text, d->len);
            }
          score->seconds += (double) (g_get_monotonic_time () - l0) / G_USEC_PER_SEC;
          for (guint k = 0; k < case_docs->len; k++)
            {
              CorpusDoc *d = g_ptr_array_index (case_docs, k);
              gint64 t0 = g_get_monotonic_time ();
              g_autoptr (GPtrArray) findings = veil_text_deidentifier_analyse (deid, d->text, d->len);
              score->seconds += (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
              score->bytes += d->len;
              if (r > 0)
                continue;
              score_doc (d, findings, score, report);
              if (show)
                {
                  g_autofree char *out = veil_text_apply_findings (d->text, d->len, findings, NULL);
                  g_print ("==== %s/%s (case %s)\n%s\n---- findings\n", d->split, d->name, d->case_name, out);
                  for (guint f = 0; f < findings->len; f++)
                    {
                      VeilTextFinding *fi = g_ptr_array_index (findings, f);
                      g_print ("  %-15s %-28s → %-28s %s [%s]\n", veil_text_kind_to_string (fi->kind),
                               fi->original, fi->replacement, fi->reason, fi->entity ? fi->entity : "");
                    }
                }
            }
          veil_text_deidentifier_free (deid);
          g_object_unref (store);
          g_unlink (store_path);
        }
    }
  g_rmdir (tmp);
}
