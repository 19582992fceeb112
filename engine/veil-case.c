/* veil-case.c: the case pipeline (see veil-case.h). */

#include "veil-case.h"

#include "veil-datetime.h"
#include "veil-decisions.h"
#include "veil-dicom-bridge.h"
#include "veil-dicom-deidentifier.h"
#include "veil-dicom-document.h"
#include "veil-dicom-prescan.h"
#include "veil-identities.h"
#include "veil-pseudonyms.h"
#include "veil-document.h"
#include "veil-pixel-cleaner.h"
#include "veil-pixel-redactor.h"
#include "veil-pixel-risk.h"
#include "veil-text-deidentifier.h"
#include "veil-text-scrubber.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Values up to this size are read into memory; larger ones (pixel data, big private blobs)
 * stay in the file and are copied straight through when saved. */
#define LAZY_THRESHOLD 8192

/* Data sets read while loading are kept for the export up to this much (estimated) memory,
 * so a typical study is parsed once; a larger one is read again, file by file, and memory
 * stays bounded whatever the study's size. */
#define PARSED_BUDGET ((gsize) 384 * 1024 * 1024)

struct _VeilCase
{
  GObject parent_instance;

  VeilMappingStore *store;
  VeilOptions options;
  GPtrArray *inputs;
  GPtrArray *request_forms; /* paths given by veil_case_add_request_form() */
  VeilInputCollector *collector;
  GPtrArray *items;     /* VeilCaseItem* */
  GPtrArray *refusals;  /* VeilRefusal*, rebuilt by get_refusals() */
  GPtrArray *notes;     /* char* */
  VeilTextScrubber *scrubber;
  VeilTextDeidentifier *text;
  VeilPixelCleaner *pixels;  /* created when some image may carry burned-in text */
  GError *pixels_error;      /* why it could not be created */
  VeilDicomDeidentifier *deidentifier;
  VeilDicomOverrides *overrides; /* reviewer's per-attribute decisions, read by build_index */
  gboolean decisions_changed; /* a pseudonym was overridden: rebuild the scrubber first */
  guint n_exported;

  gsize parsed_total; /* atomic: estimated bytes held in items' `parsed` data sets */

  VeilCaseProgressFunc progress_func;
  gpointer progress_data;
  GMutex progress_lock;
};

G_DEFINE_FINAL_TYPE (VeilCase, veil_case, G_TYPE_OBJECT)

static void
item_free (VeilCaseItem *item)
{
  veil_dcm_file_free (item->parsed);
  g_free (item->path);
  g_free (item->display_name);
  veil_dicom_subject_free (item->subject);
  g_free (item->refusal);
  g_free (item->output_path);
  if (item->changes)
    g_ptr_array_unref (item->changes);
  if (item->findings)
    g_ptr_array_unref (item->findings);
  g_free (item->pixel_risk_why);
  if (item->pixel_regions)
    g_ptr_array_unref (item->pixel_regions);
  g_free (item->pixel_note);
  g_free (item);
}

void
veil_accession_report_free (VeilAccessionReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->found);
  g_ptr_array_unref (report->missing);
  g_ptr_array_unref (report->unlisted);
  g_free (report);
}

static void
veil_case_finalize (GObject *object)
{
  VeilCase *self = VEIL_CASE (object);

  veil_dicom_deidentifier_free (self->deidentifier);
  veil_dicom_overrides_free (self->overrides);
  veil_text_deidentifier_free (self->text);
  veil_pixel_cleaner_free (self->pixels);
  g_clear_error (&self->pixels_error);
  veil_text_scrubber_free (self->scrubber);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->refusals);
  g_ptr_array_unref (self->notes);
  g_ptr_array_unref (self->inputs);
  g_ptr_array_unref (self->request_forms);
  veil_input_collector_free (self->collector);
  g_clear_object (&self->store);
  g_mutex_clear (&self->progress_lock);

  G_OBJECT_CLASS (veil_case_parent_class)->finalize (object);
}

static void
veil_case_class_init (VeilCaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = veil_case_finalize;
}

static void
veil_case_init (VeilCase *self)
{
  self->inputs = g_ptr_array_new_with_free_func (g_free);
  self->request_forms = g_ptr_array_new_with_free_func (g_free);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  self->refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_refusal_free);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->progress_lock);
}

VeilCase *
veil_case_new (VeilMappingStore *store, VeilOptions options)
{
  VeilCase *self = g_object_new (VEIL_TYPE_CASE, NULL);
  self->store = g_object_ref (store);
  self->options = options;
  return self;
}

VeilMappingStore *
veil_case_get_store (VeilCase *self)
{
  return self->store;
}

VeilOptions
veil_case_get_options (VeilCase *self)
{
  return self->options;
}

void
veil_case_set_progress_func (VeilCase *self, VeilCaseProgressFunc func, gpointer user_data)
{
  self->progress_func = func;
  self->progress_data = user_data;
}

void
veil_case_add_input (VeilCase *self, const char *path)
{
  g_ptr_array_add (self->inputs, g_strdup (path));
}

/* ---- request forms ---- */

void
veil_case_add_request_form (VeilCase *self, const char *path)
{
  g_return_if_fail (VEIL_IS_CASE (self) && self->collector == NULL);
  g_ptr_array_add (self->request_forms, g_strdup (path));
}

/* Request forms become report items of their own, read like reports but learnt first. Their
 * display name is what the officer gave, their output name a number. */
static void
add_request_form_items (VeilCase *self)
{
  for (guint i = 0; i < self->request_forms->len; i++)
    {
      const char *path = g_ptr_array_index (self->request_forms, i);
      VeilCaseItem *item = g_new0 (VeilCaseItem, 1);
      item->path = g_strdup (path);
      item->display_name = g_strdup (path);
      item->is_request_form = TRUE;
      g_ptr_array_add (self->items, item);
    }
}

static void
report_progress (VeilCase *self, VeilCasePhase phase, guint done, guint total)
{
  if (self->progress_func == NULL)
    return;
  g_mutex_lock (&self->progress_lock);
  self->progress_func (phase, done, total, self->progress_data);
  g_mutex_unlock (&self->progress_lock);
}

/* ---- running work on every core ---- */

typedef gboolean (*ItemFunc) (VeilCase *self, VeilCaseItem *item, gpointer data);

typedef struct {
  VeilCase *self;
  ItemFunc func;
  gpointer data;
  VeilCasePhase phase;
  GCancellable *cancellable;
  gint next;
  gint done;
  gint failed; /* a fatal (not per-file) failure: stop everyone */
} ParallelRun;

static gpointer
parallel_worker (gpointer data)
{
  ParallelRun *run = data;
  guint total = run->self->items->len;

  for (;;)
    {
      if (g_cancellable_is_cancelled (run->cancellable) || g_atomic_int_get (&run->failed))
        break;
      gint index = g_atomic_int_add (&run->next, 1);
      if ((guint) index >= total)
        break;
      VeilCaseItem *item = g_ptr_array_index (run->self->items, index);
      if (!run->func (run->self, item, run->data))
        g_atomic_int_set (&run->failed, 1);
      guint done = (guint) g_atomic_int_add (&run->done, 1) + 1;
      if (done == total || done % 16 == 0)
        report_progress (run->self, run->phase, done, total);
    }
  return NULL;
}

static gboolean
run_parallel (VeilCase *self, VeilCasePhase phase, ItemFunc func, gpointer data,
              GCancellable *cancellable)
{
  ParallelRun run = { self, func, data, phase, cancellable, 0, 0, 0 };
  guint n_threads = MIN (MAX (g_get_num_processors (), 1), 8);
  const char *override = g_getenv ("VEIL_THREADS"); /* for benchmarks */
  if (override != NULL && atoi (override) > 0)
    n_threads = (guint) MIN (atoi (override), 64);
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();

  report_progress (self, phase, 0, self->items->len);
  n_threads = MIN (n_threads, MAX (self->items->len, 1));
  for (guint i = 1; i < n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("veil-worker", parallel_worker, &run));
  parallel_worker (&run);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  return !g_atomic_int_get (&run.failed);
}

/* ---- reading ---- */

static VeilDcmFile *
open_dicom (const char *path, VeilPrescanInfo *out_info, GError **error)
{
  VeilPrescanInfo local_info;
  VeilPrescanInfo *info = out_info ? out_info : &local_info;

  if (!veil_dicom_prescan_file (path, VEIL_PRESCAN_DEFAULT_MAX_DEPTH, info, error))
    return NULL;
  VeilDcmFile *file = veil_dcm_file_load (path, info->deflated ? 0 : LAZY_THRESHOLD, error);
  if (file == NULL)
    return NULL;
  /* Where the character set cannot be converted (ISO 2022 Japanese with iconv, malformed
   * terms), the values stay in their own encoding: structured identifiers are replaced
   * whatever their bytes, and free text is matched byte for byte. */
  veil_dcm_file_convert_to_utf8 (file, NULL);
  return file;
}

/* Keeps a parsed data set for the next pass if the budget allows. The cost estimate is the
 * header's size in the file times the overhead of DCMTK's objects. */
static void
keep_parsed (VeilCase *self, VeilCaseItem *item, VeilDcmFile **file, const VeilPrescanInfo *info)
{
  GStatBuf st;
  guint64 header = info->pixel_data_length > 0
                       ? info->pixel_element_offset
                       : (g_stat (item->path, &st) == 0 ? (guint64) st.st_size : 0);
  gsize cost = (gsize) MIN (header, (guint64) LAZY_THRESHOLD * 64) * 8 + 16384;

  if ((gsize) g_atomic_pointer_add (&self->parsed_total, (gssize) cost) + cost > PARSED_BUDGET)
    {
      g_atomic_pointer_add (&self->parsed_total, -(gssize) cost);
      return;
    }
  item->parsed = g_steal_pointer (file);
  item->parsed_cost = cost;
}

/* Remembers where the pixel data can be copied from as the file's tail, if it can. */
static void
note_pixel_tail (VeilCaseItem *item, const VeilPrescanInfo *info)
{
  gboolean raw_tail = info->pixel_data_is_last && info->pixel_data_length > 0 && !info->deflated;
  item->pixel_element_offset = raw_tail ? info->pixel_element_offset : 0;
  item->pixel_element_length
      = raw_tail ? info->pixel_data_offset + info->pixel_data_length - info->pixel_element_offset : 0;
}

/* The data set for the next pass: the kept one (handed over: the pass changes it) or a fresh
 * read. */
static VeilDcmFile *
take_parsed (VeilCase *self, VeilCaseItem *item, GError **error)
{
  VeilPrescanInfo info;

  if (item->parsed == NULL)
    {
      VeilDcmFile *file = open_dicom (item->path, &info, error);
      if (file != NULL)
        note_pixel_tail (item, &info);
      return file;
    }
  g_atomic_pointer_add (&self->parsed_total, -(gssize) item->parsed_cost);
  return g_steal_pointer (&item->parsed);
}

/* Reports larger than this are not plain-text reports. */
#define MAX_REPORT_SIZE ((gsize) 16 * 1024 * 1024)

/* A plain-text report: a .txt file of valid UTF-8 text with no NUL bytes. PDF and DOCX go to
 * the document cleaner (its own component). */
static gboolean
is_text_report (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  GStatBuf st;

  /* By name: a study export also holds read-me files, indexes and logs, which are not part of
   * the disclosure and are refused like any other unknown file. */
  if (!g_str_has_suffix (path, ".txt") && !g_str_has_suffix (path, ".TXT")
      && !g_str_has_suffix (path, ".text"))
    return FALSE;
  if (g_stat (path, &st) != 0 || (gsize) st.st_size > MAX_REPORT_SIZE)
    return FALSE;
  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  if (len == 0 || memchr (contents, '\0', len) != NULL)
    return FALSE;
  return g_utf8_validate (contents, (gssize) len, NULL);
}

/* A request form given as text: any name, the same checks otherwise. */
static gboolean
is_text_form (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  GStatBuf st;

  if (g_stat (path, &st) != 0 || (gsize) st.st_size > MAX_REPORT_SIZE
      || !g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  return len > 0 && memchr (contents, '\0', len) == NULL
         && g_utf8_validate (contents, (gssize) len, NULL);
}

static char *
read_report (const char *path, gsize *len, GError **error)
{
  char *contents = NULL;
  if (!g_file_get_contents (path, &contents, len, error))
    return NULL;
  if (!g_utf8_validate (contents, (gssize) *len, NULL))
    {
      g_free (contents);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the report is no longer UTF-8 text");
      return NULL;
    }
  return contents;
}

/* A report's text as its cleaner reads it: the file for plain text, the pages or paragraphs
 * for PDF and DOCX. */
static char *
report_text (VeilCaseItem *item, gsize *len, GError **error)
{
  if (item->document_type != VEIL_DOCUMENT_TYPE_UNKNOWN)
    return veil_document_read_text (item->path, VEIL_DOCUMENT_FLAGS_NONE, len, error);
  return read_report (item->path, len, error);
}

static gboolean
read_item (VeilCase *self, VeilCaseItem *item, gpointer data)
{
  g_autoptr (GError) error = NULL;
  VeilPrescanInfo info;
  g_autoptr (VeilDcmFile) file = open_dicom (item->path, &info, &error);

  if (item->is_request_form || file == NULL)
    {
      VeilDocumentType type = veil_document_sniff (item->path);
      if (type != VEIL_DOCUMENT_TYPE_UNKNOWN)
        {
          item->is_report = TRUE;
          item->document_type = (int) type;
        }
      else if (is_text_report (item->path) || (item->is_request_form && is_text_form (item->path)))
        item->is_report = TRUE;
      else if (item->is_request_form)
        item->refusal = g_strdup ("the request form is not a PDF, a DOCX or UTF-8 text");
      else
        item->refusal = g_strdup_printf ("%s, nor a report (.txt, PDF or DOCX)", error->message);
      return TRUE;
    }
  item->subject = veil_dicom_subject_read (file);
  if (item->subject->is_directory)
    return TRUE; /* an index, handled by the collector; not itself exported */
  if (item->subject->has_encapsulated_document)
    {
      /* An encapsulated PDF is cleaned by the document cleaner on export; it has no pixels. */
      item->refusal = veil_dicom_document_refusal (file);
      if (item->refusal == NULL)
        keep_parsed (self, item, &file, &info);
    }
  else
    {
      item->pixel_risk = (int) veil_pixel_risk_assess (file, &item->pixel_risk_why);
      note_pixel_tail (item, &info);
      keep_parsed (self, item, &file, &info);
    }
  return TRUE;
}

typedef struct {
  const char *entity;
  GPtrArray *names;
} CollectWritten;

static void
collect_written_names (const VeilMapping *mapping, gpointer user_data)
{
  CollectWritten *c = user_data;
  if (g_strcmp0 (mapping->entity, c->entity) == 0)
    g_ptr_array_add (c->names, g_strdup (mapping->original));
}

static char *
uk_date (const char *da)
{
  if (da == NULL || strlen (da) < 8)
    return g_strdup ("");
  return g_strdup_printf ("%.2s/%.2s/%.4s", da + 6, da + 4, da);
}

/* Registers every identifying value of a subject with its pseudonym in the scrubber. */
static void
index_subject (VeilCase *self, VeilDicomSubject *subject, gboolean patients_only)
{
  VeilMappingStore *store = self->store;
  const char *key = subject->patient_key;

  if (patients_only)
    {
      g_autofree char *pn = veil_identities_patient_name (store, key, subject->patient_name);
      g_autofree char *family = veil_pseudonym_get_family (pn);
      if (*subject->patient_name)
        veil_text_scrubber_add_person_name (self->scrubber, subject->patient_name, family, "Patient");
      if (*subject->patient_id)
        {
          g_autofree char *id = veil_identities_patient_id (store, key, subject->patient_id);
          veil_text_scrubber_add_identifier (self->scrubber, subject->patient_id, id);
        }
      return;
    }

  for (guint i = 0; i < subject->patient_ids->len; i++)
    {
      const char *value = g_ptr_array_index (subject->patient_ids, i);
      /* An NHS number keeps the form of one (from the 999 test range), so a report that
       * quotes it still reads naturally. */
      g_autofree char *digits = NULL;
      {
        GString *d = g_string_new (NULL);
        for (const char *p = value; *p; p++)
          if (*p != ' ' && *p != '-')
            g_string_append_c (d, *p);
        digits = g_string_free (d, FALSE);
      }
      g_autofree char *id = veil_nhs_number_is_valid (digits)
                                ? veil_identities_nhs_number (store, value, key)
                                : veil_identities_patient_id (store, key, value);
      veil_text_scrubber_add_identifier (self->scrubber, value, id);
    }
  for (guint i = 0; i < subject->person_names->len; i++)
    {
      const char *value = g_ptr_array_index (subject->person_names, i);
      g_autofree char *pn = veil_identities_person_name (store, value);
      g_autofree char *family = veil_pseudonym_get_family (pn);
      const char *caret = strchr (pn, '^');
      veil_text_scrubber_add_person_name (self->scrubber, value, family, caret ? caret + 1 : "");
    }
  for (guint i = 0; i < subject->accessions->len; i++)
    {
      const char *value = g_ptr_array_index (subject->accessions, i);
      g_autofree char *acc = veil_identities_accession (store, value, key);
      veil_text_scrubber_add_identifier (self->scrubber, value, acc);
    }
  for (guint i = 0; i < subject->other_ids->len; i++)
    {
      const char *value = g_ptr_array_index (subject->other_ids, i);
      g_autofree char *id = veil_identities_other_id (store, value, key);
      veil_text_scrubber_add_identifier (self->scrubber, value, id);
    }
  /* A birth date identifies whatever the date options say: it is shifted or removed. */
  if (veil_da_is_valid (subject->birth_date))
    {
      if (self->options & VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES)
        {
          g_autofree char *shifted = veil_identities_shift_da (store, key, subject->birth_date);
          g_autofree char *written = uk_date (shifted);
          veil_text_scrubber_add_date (self->scrubber, subject->birth_date, written);
        }
      else
        {
          veil_identities_record_removed_date (store, key, subject->birth_date);
          veil_text_scrubber_add_date (self->scrubber, subject->birth_date, "[date removed]");
        }
    }
  if (!(self->options & VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES))
    for (guint i = 0; i < subject->dates->len; i++)
      {
        const char *da = g_ptr_array_index (subject->dates, i);
        if (!veil_da_is_valid (da))
          continue;
        if (self->options & VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES)
          {
            g_autofree char *shifted = veil_identities_shift_da (store, key, da);
            g_autofree char *written = uk_date (shifted);
            veil_text_scrubber_add_date (self->scrubber, da, written);
          }
        else
          veil_text_scrubber_add_date (self->scrubber, da, "[date removed]");
      }
  for (guint i = 0; i < subject->vocabulary->len; i++)
    veil_identities_record_vocabulary (store, g_ptr_array_index (subject->vocabulary, i));
  for (guint i = 0; i < subject->texts->len; i++)
    veil_text_scrubber_add (self->scrubber, g_ptr_array_index (subject->texts, i), "[removed]");
  if (!(self->options & VEIL_OPTION_RETAIN_INSTITUTION_IDENTITY))
    for (guint i = 0; i < subject->institution_texts->len; i++)
      veil_text_scrubber_add (self->scrubber, g_ptr_array_index (subject->institution_texts, i),
                              "[removed]");
}

typedef struct {
  char *key;
  GPtrArray *items; /* borrowed VeilCaseItem* */
} Group;

static void
group_free (Group *group)
{
  g_free (group->key);
  g_ptr_array_unref (group->items);
  g_free (group);
}

static Group *
group_get (GPtrArray *groups, GHashTable *index, const char *key)
{
  Group *group = g_hash_table_lookup (index, key);
  if (group == NULL)
    {
      group = g_new0 (Group, 1);
      group->key = g_strdup (key);
      group->items = g_ptr_array_new ();
      g_ptr_array_add (groups, group);
      g_hash_table_insert (index, group->key, group);
    }
  return group;
}

static int
compare_study_items (gconstpointer a, gconstpointer b)
{
  const VeilCaseItem *x = *(VeilCaseItem *const *) a, *y = *(VeilCaseItem *const *) b;
  int c = g_strcmp0 (x->subject->study_date, y->subject->study_date);
  if (c == 0)
    c = g_strcmp0 (x->subject->study_time, y->subject->study_time);
  if (c == 0)
    c = g_strcmp0 (x->subject->study_uid, y->subject->study_uid);
  if (c == 0)
    c = (x->subject->series_number > y->subject->series_number)
        - (x->subject->series_number < y->subject->series_number);
  if (c == 0)
    c = g_strcmp0 (x->subject->series_uid, y->subject->series_uid);
  if (c == 0)
    c = (x->subject->instance_number > y->subject->instance_number)
        - (x->subject->instance_number < y->subject->instance_number);
  if (c == 0)
    c = g_strcmp0 (x->subject->sop_instance_uid, y->subject->sop_instance_uid);
  if (c == 0)
    c = g_strcmp0 (x->display_name, y->display_name);
  return c;
}

static char *
safe_component (const char *text)
{
  GString *out = g_string_new (NULL);
  for (const char *p = text; *p && out->len < 16; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* PATIENT/STUDY/SERIES/INSTANCE from pseudonyms and numbers only: input paths often hold
 * patients' names, and none of it may reach the export. */
static void
assign_output_paths (VeilCase *self)
{
  g_autoptr (GPtrArray) patients = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g_autoptr (GHashTable) by_patient = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      if (item->refusal == NULL && item->subject != NULL && !item->subject->is_directory)
        g_ptr_array_add (group_get (patients, by_patient, item->subject->patient_key)->items, item);
    }

  for (guint p = 0; p < patients->len; p++)
    {
      Group *patient = g_ptr_array_index (patients, p);
      VeilCaseItem *first = g_ptr_array_index (patient->items, 0);
      g_autofree char *folder = NULL;
      if (*first->subject->patient_id)
        folder = veil_identities_patient_id (self->store, patient->key, first->subject->patient_id);
      else
        {
          g_autofree char *pn = veil_identities_patient_name (self->store, patient->key, NULL);
          folder = veil_pseudonym_get_family (pn);
        }

      g_ptr_array_sort (patient->items, compare_study_items);
      guint study = 0, series = 0, instance = 0;
      const char *last_study = NULL, *last_series = NULL;
      for (guint i = 0; i < patient->items->len; i++)
        {
          VeilCaseItem *item = g_ptr_array_index (patient->items, i);
          if (last_study == NULL || g_strcmp0 (last_study, item->subject->study_uid) != 0)
            {
              study++;
              series = 0;
              last_series = NULL;
              last_study = item->subject->study_uid;
            }
          if (last_series == NULL || g_strcmp0 (last_series, item->subject->series_uid) != 0)
            {
              series++;
              instance = 0;
              last_series = item->subject->series_uid;
            }
          instance++;
          g_autofree char *modality = safe_component (item->subject->modality);
          item->output_path = g_strdup_printf ("%s/ST%02u/SE%03u%s%s/IM%05u.dcm", folder, study,
                                               series, *modality ? "_" : "", modality, instance);
        }
    }

  /* Reports: numbered in input order, in a folder of their own. */
  guint report = 0, form = 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      if (item->is_report && item->refusal == NULL)
        item->output_path = g_strdup_printf ("REPORTS/%s-%03u.%s",
                                             item->is_request_form ? "REQUEST-FORM" : "REPORT",
                                             item->is_request_form ? ++form : ++report,
                                             item->document_type == VEIL_DOCUMENT_TYPE_PDF ? "pdf"
                                             : item->document_type == VEIL_DOCUMENT_TYPE_DOCX ? "docx"
                                                                                              : "txt");
    }
}

static void
refuse_duplicates (VeilCase *self)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      if (item->refusal != NULL || item->subject == NULL || item->subject->is_directory
          || *item->subject->sop_instance_uid == '\0')
        continue;
      VeilCaseItem *other = g_hash_table_lookup (seen, item->subject->sop_instance_uid);
      if (other != NULL)
        item->refusal = g_strdup_printf ("the same instance (SOP Instance UID) as %s",
                                         other->display_name);
      else
        g_hash_table_insert (seen, item->subject->sop_instance_uid, item);
    }
}

/* The text of a DICOM file's encapsulated PDF, from the data set kept in memory if any. */
static char *
encapsulated_text (VeilCaseItem *item, gsize *len, GError **error)
{
  VeilPrescanInfo info;
  g_autoptr (VeilDcmFile) opened = item->parsed ? NULL : open_dicom (item->path, &info, error);
  VeilDcmFile *file = item->parsed ? item->parsed : opened;
  if (file == NULL)
    return NULL;
  return veil_dicom_document_read_text (file, len, error);
}

/* The report-text engine learns what the DICOM side knows, then every report's headers, so a
 * person named in any file of the case is known in all of them. */
/* The subjects whose identifying values are indexed: one of each distinct set (the instances
 * of a series repeat their study's values, and indexing them again adds nothing). */
static GPtrArray *
distinct_subjects (VeilCase *self)
{
  GPtrArray *subjects = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < self->items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      VeilDicomSubject *subject = item->subject;
      if (subject == NULL || item->refusal != NULL || subject->is_directory)
        continue;
      if (g_hash_table_add (seen, veil_dicom_subject_identity_signature (subject)))
        g_ptr_array_add (subjects, subject);
    }
  return subjects;
}

static void
build_text_engine (VeilCase *self, GPtrArray *subjects)
{
  g_clear_pointer (&self->text, veil_text_deidentifier_free);
  self->text = veil_text_deidentifier_new (self->store, self->options);

  for (guint i = 0; i < subjects->len; i++)
    {
      VeilDicomSubject *subject = g_ptr_array_index (subjects, i);
      veil_text_deidentifier_add_patient (self->text, subject->patient_key, subject->patient_name,
                                          subject->patient_id, subject->birth_date);
      for (guint j = 0; j < subject->person_names->len; j++)
        veil_text_deidentifier_add_person (self->text, g_ptr_array_index (subject->person_names, j));
      for (guint j = 0; j < subject->accessions->len; j++)
        veil_text_deidentifier_add_identifier (self->text, VEIL_TEXT_KIND_ACCESSION,
                                               g_ptr_array_index (subject->accessions, j),
                                               subject->patient_key);
      for (guint j = 0; j < subject->patient_ids->len; j++)
        {
          const char *id = g_ptr_array_index (subject->patient_ids, j);
          veil_text_deidentifier_add_identifier (self->text,
                                                 veil_nhs_number_is_valid (id)
                                                     ? VEIL_TEXT_KIND_NHS_NUMBER
                                                     : VEIL_TEXT_KIND_HOSPITAL_NUMBER,
                                                 id, subject->patient_key);
        }
      for (guint j = 0; j < subject->other_ids->len; j++)
        veil_text_deidentifier_add_identifier (self->text, VEIL_TEXT_KIND_OTHER_ID,
                                               g_ptr_array_index (subject->other_ids, j),
                                               subject->patient_key);
      for (guint j = 0; j < subject->texts->len; j++)
        veil_text_deidentifier_add_identifier (self->text, VEIL_TEXT_KIND_ADDRESS,
                                               g_ptr_array_index (subject->texts, j),
                                               subject->patient_key);
      for (guint j = 0; j < subject->institution_texts->len; j++)
        veil_text_deidentifier_add_identifier (self->text, VEIL_TEXT_KIND_INSTITUTION,
                                               g_ptr_array_index (subject->institution_texts, j),
                                               NULL);
    }

  /* Request forms first: they name the patient and the requester in full, so a report that
   * says only "discussed with Dr Okafor" is read knowing who that is. Then the reports, then
   * the PDFs encapsulated in DICOM. */
  for (int pass = 0; pass < 3; pass++)
    for (guint i = 0; i < self->items->len; i++)
      {
        VeilCaseItem *item = g_ptr_array_index (self->items, i);
        gboolean encapsulated = item->subject != NULL && item->subject->has_encapsulated_document;
        if (item->refusal != NULL
            || (pass == 0 && !(item->is_report && item->is_request_form))
            || (pass == 1 && !(item->is_report && !item->is_request_form))
            || (pass == 2 && !encapsulated))
          continue;
        gsize len = 0;
        g_autoptr (GError) error = NULL;
        g_autofree char *text = pass == 2 ? encapsulated_text (item, &len, &error)
                                          : report_text (item, &len, &error);
        if (text == NULL)
          item->refusal = g_strdup (error->message);
        else
          veil_text_deidentifier_learn (self->text, text, len);
      }
}

/* Every known value of the case with its pseudonym, for scrubbing free text; built again
 * after a reviewer changes a pseudonym. Patients first, so a patient's name found elsewhere
 * (an SR observer, a request) is recognised as the patient's rather than taken for staff. */
static void scrub_reviewer_identifier (VeilTextKind kind, const char *text, gpointer user_data);

static void
build_index (VeilCase *self)
{
  g_clear_pointer (&self->deidentifier, veil_dicom_deidentifier_free);
  g_clear_pointer (&self->scrubber, veil_text_scrubber_free);
  self->scrubber = veil_text_scrubber_new ();
  g_autoptr (GPtrArray) subjects = distinct_subjects (self);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < subjects->len; i++)
      index_subject (self, g_ptr_array_index (subjects, i), pass == 0);
  build_text_engine (self, subjects);
  veil_decisions_foreach_identifier (self->store, scrub_reviewer_identifier, self);
  veil_text_scrubber_compile (self->scrubber);
  self->deidentifier = veil_dicom_deidentifier_new (self->store, self->options, self->scrubber);
  veil_dicom_deidentifier_set_text_engine (self->deidentifier, self->text);
  g_clear_pointer (&self->overrides, veil_dicom_overrides_free);
  self->overrides = veil_dicom_overrides_new (self->store);
  veil_dicom_deidentifier_set_overrides (self->deidentifier, self->overrides);
  self->decisions_changed = FALSE;
}

gboolean
veil_case_set_pseudonym (VeilCase *self, const char *kind, const char *original,
                         const char *pseudonym, GError **error)
{
  g_return_val_if_fail (VEIL_IS_CASE (self), FALSE);

  gboolean unique = !g_str_equal (kind, VEIL_MAPPING_PATIENT_NAME)
                    && !g_str_equal (kind, VEIL_MAPPING_PERSON_NAME)
                    && !g_str_equal (kind, VEIL_MAPPING_DATE);
  if (!veil_mapping_store_set (self->store, kind, original, pseudonym, NULL, unique, error))
    return FALSE;

  /* Names as written point at their person's pseudonym: they follow the person. */
  if (g_str_equal (kind, VEIL_MAPPING_PATIENT) || g_str_equal (kind, VEIL_MAPPING_PERSON))
    {
      const char *written_kind = g_str_equal (kind, VEIL_MAPPING_PATIENT) ? VEIL_MAPPING_PATIENT_NAME
                                                                          : VEIL_MAPPING_PERSON_NAME;
      g_autoptr (GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
      veil_mapping_store_foreach (self->store, written_kind, collect_written_names,
                                  &(CollectWritten){ original, written });
      for (guint i = 0; i < written->len; i++)
        veil_mapping_store_set (self->store, written_kind, g_ptr_array_index (written, i),
                                pseudonym, original, FALSE, NULL);
    }
  self->decisions_changed = TRUE;
  return TRUE;
}

/* ---- A reviewer's per-attribute overrides (veil-dicom-overrides.h) ---- */

gboolean
veil_case_set_attribute_override (VeilCase *self, const char *scope_uid, const char *tag_path,
                                  VeilOverrideAction action, const char *value, GError **error)
{
  g_return_val_if_fail (VEIL_IS_CASE (self), FALSE);

  if (!veil_dicom_overrides_record (self->store, scope_uid, tag_path, action, value, error))
    return FALSE;
  /* Saved now: a decision is the reviewer's work and must survive closing the case. */
  if (!veil_mapping_store_flush (self->store, error))
    return FALSE;
  self->decisions_changed = TRUE;
  return TRUE;
}

/* ---- End of overrides ---- */

/* ---- a reviewer's decisions on report findings ---- */

gboolean
veil_case_mark_not_identifier (VeilCase *self, const char *text, GError **error)
{
  g_return_val_if_fail (VEIL_IS_CASE (self), FALSE);
  if (!veil_decisions_mark_not_identifier (self->store, text, error)
      || !veil_mapping_store_flush (self->store, error))
    return FALSE;
  self->decisions_changed = TRUE;
  return TRUE;
}

gboolean
veil_case_add_identifier (VeilCase *self, VeilTextKind kind, const char *text, GError **error)
{
  g_return_val_if_fail (VEIL_IS_CASE (self), FALSE);
  if (!veil_decisions_add_identifier (self->store, kind, text, error)
      || !veil_mapping_store_flush (self->store, error))
    return FALSE;
  self->decisions_changed = TRUE;
  return TRUE;
}

gboolean
veil_case_accept_finding (VeilCase *self, const VeilCaseItem *item,
                          const VeilTextFinding *finding, GError **error)
{
  g_return_val_if_fail (VEIL_IS_CASE (self), FALSE);
  g_autofree char *key = veil_decisions_finding_key (item->path, finding);
  if (!veil_mapping_store_set (self->store, VEIL_MAPPING_ACCEPTED, key,
                               finding->replacement ? finding->replacement : "", NULL, FALSE,
                               error))
    return FALSE;
  return veil_mapping_store_flush (self->store, error);
}

gboolean
veil_case_finding_is_accepted (VeilCase *self, const VeilCaseItem *item,
                               const VeilTextFinding *finding)
{
  g_autofree char *key = veil_decisions_finding_key (item->path, finding);
  g_autofree char *accepted = veil_mapping_store_lookup (self->store, VEIL_MAPPING_ACCEPTED, key);
  /* Accepted with this pseudonym: a later change of pseudonym asks for a look again. */
  return accepted != NULL && g_strcmp0 (accepted, finding->replacement ? finding->replacement : "") == 0;
}

guint
veil_case_count_pending (VeilCase *self, const VeilCaseItem *item)
{
  guint n = 0;
  for (guint i = 0; item->findings && i < item->findings->len; i++)
    if (!veil_case_finding_is_accepted (self, item, g_ptr_array_index (item->findings, i)))
      n++;
  return n;
}

/* A reviewer's missed identifiers in the DICOM scrubber too (the text engine learns them
 * itself), with the pseudonym the text engine gives them. */
static void
scrub_reviewer_identifier (VeilTextKind kind, const char *text, gpointer user_data)
{
  VeilCase *self = user_data;
  g_autofree char *replaced = veil_text_deidentifier_deidentify (self->text, text, strlen (text),
                                                                 NULL, NULL);
  if (g_strcmp0 (replaced, text) != 0)
    veil_text_scrubber_add (self->scrubber, text, replaced);
}

static gboolean
exportable (VeilCaseItem *item)
{
  return item->refusal == NULL && item->subject != NULL && !item->subject->is_directory;
}

static gboolean
exportable_report (VeilCaseItem *item)
{
  return item->refusal == NULL && item->is_report;
}

static GPtrArray *
analyse_report (VeilCase *self, VeilCaseItem *item, char **text, gsize *len, GError **error)
{
  *text = report_text (item, len, error);
  if (*text == NULL)
    return NULL;
  return veil_text_deidentifier_analyse (self->text, *text, *len);
}

static gboolean
needs_pixel_check (VeilCaseItem *item)
{
  return exportable (item) && item->pixel_risk != VEIL_PIXEL_RISK_NONE;
}

/* OCR is loaded only when some image may carry burned-in text, and learns every name and ID
 * the case's headers hold, so text in one file's pixels is found by values from any file. */
static void
prepare_pixel_cleaner (VeilCase *self)
{
  gboolean needed = FALSE;
  for (guint i = 0; i < self->items->len && !needed; i++)
    needed = needs_pixel_check (g_ptr_array_index (self->items, i));
  if (!needed || self->pixels != NULL)
    return;

  self->pixels = veil_pixel_cleaner_new (&self->pixels_error);
  if (self->pixels == NULL)
    return;
  for (guint i = 0; i < self->items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      if (exportable (item))
        veil_pixel_cleaner_add_subject (self->pixels, item->subject);
    }
}

/* Reads the pixels of an image that may carry text, before anything changes its header (the
 * header's own values are what the OCR is matched against). */
static gboolean
find_pixel_regions (VeilCase *self, VeilCaseItem *item, gpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!needs_pixel_check (item) || item->pixel_regions != NULL)
    return TRUE;
  if (self->pixels == NULL)
    {
      item->refusal = g_strdup_printf ("it may carry burned-in text (%s), and the text reader "
                                       "could not start: %s",
                                       item->pixel_risk_why ? item->pixel_risk_why : "by its type",
                                       self->pixels_error ? self->pixels_error->message : "unknown");
      return TRUE;
    }
  g_autoptr (VeilDcmFile) file = open_dicom (item->path, NULL, &error);
  if (file != NULL)
    item->pixel_regions = veil_pixel_find_regions (self->pixels, file, &error);
  VeilDcmPixelInfo info;
  if (item->pixel_regions != NULL && veil_dcm_file_get_pixel_info (file, &info))
    {
      item->pixel_columns = info.columns;
      item->pixel_rows = info.rows;
      item->pixel_n_frames = info.n_frames;
    }
  if (item->pixel_regions == NULL)
    item->refusal = g_strdup_printf ("burned-in text could not be checked (%s): %s",
                                     item->pixel_risk_why ? item->pixel_risk_why : "by its type",
                                     error ? error->message : "unknown error");
  return TRUE;
}

/* ---- burned-in text: series regions and the reviewer's boxes ---- */

/* The series key of a decision: a box means the same place only on images of one size. */
static char *
series_decision_key (const char *series_uid, guint columns, guint rows)
{
  return g_strdup_printf ("%s|%ux%u", series_uid, columns, rows);
}

static gboolean
is_pixel_image (VeilCaseItem *item)
{
  return needs_pixel_check (item) && item->subject->sop_instance_uid != NULL
         && *item->subject->sop_instance_uid;
}

/* The stored decision text for `item`: its image's, else its series' (for its geometry). */
static char *
lookup_decision (VeilCase *self, VeilCaseItem *item)
{
  if (!is_pixel_image (item))
    return NULL;
  char *text = veil_mapping_store_lookup (self->store, VEIL_MAPPING_PIXEL_IMAGE,
                                          item->subject->sop_instance_uid);
  const char *series = item->subject->series_uid;
  if (text == NULL && series != NULL && *series && item->pixel_columns > 0)
    {
      g_autofree char *key = series_decision_key (series, item->pixel_columns, item->pixel_rows);
      text = veil_mapping_store_lookup (self->store, VEIL_MAPPING_PIXEL_SERIES, key);
    }
  return text;
}

/* TRUE if one of the first `n` regions holds all of `region` in its frames. */
static gboolean
region_within (const VeilPixelRegion *region, GPtrArray *regions, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const VeilPixelRegion *r = g_ptr_array_index (regions, i);
      if ((r->frame == VEIL_PIXEL_ALL_FRAMES || r->frame == region->frame) && r->x <= region->x
          && r->y <= region->y && (gint64) r->x + r->width >= (gint64) region->x + region->width
          && (gint64) r->y + r->height >= (gint64) region->y + region->height)
        return TRUE;
    }
  return FALSE;
}

/* What the export blacks out: the reviewer's boxes, or what was found on the image plus what
 * was found on its siblings of the same size (a name OCR read on one ultrasound frame is in
 * the same place on the next instance, where OCR may have missed it). */
static GPtrArray *
pixel_boxes (VeilCase *self, VeilCaseItem *item, gboolean record, GError **error)
{
  g_autofree char *text = lookup_decision (self, item);
  VeilPixelDecision decision = VEIL_PIXEL_DECISION_NONE;
  g_autoptr (GPtrArray) boxes = NULL;

  if (text != NULL && !veil_pixel_decision_parse (text, &decision, &boxes, error))
    return NULL;
  if (record)
    item->pixel_decision = decision;
  if (decision == VEIL_PIXEL_DECISION_BOXES)
    return g_steal_pointer (&boxes);
  if (decision == VEIL_PIXEL_DECISION_NO_TEXT)
    return veil_pixel_regions_new ();

  GPtrArray *regions = veil_pixel_regions_new ();
  for (guint i = 0; item->pixel_regions != NULL && i < item->pixel_regions->len; i++)
    g_ptr_array_add (regions, veil_pixel_region_copy (g_ptr_array_index (item->pixel_regions, i)));
  guint n_own = regions->len;
  guint n_from_series = 0;

  const char *series = item->subject != NULL ? item->subject->series_uid : NULL;
  if (self->pixels != NULL && series != NULL && *series && item->pixel_columns > 0)
    {
      g_autoptr (GPtrArray) siblings = veil_pixel_cleaner_get_series_regions (
          self->pixels, series, item->pixel_columns, item->pixel_rows);
      for (guint i = 0; i < siblings->len; i++)
        {
          VeilPixelRegion *region = veil_pixel_region_copy (g_ptr_array_index (siblings, i));
          /* A single frame's regions are frame 0: the same box from the series then folds
           * into the image's own instead of being counted twice. */
          if (item->pixel_n_frames == 1)
            region->frame = 0;
          if (veil_pixel_region_clip (region, item->pixel_columns, item->pixel_rows))
            {
              n_from_series += !region_within (region, regions, n_own);
              g_ptr_array_add (regions, region);
            }
          else
            veil_pixel_region_free (region);
        }
      /* The image's own regions are among its series', so they fold into one another. */
      veil_pixel_regions_merge (regions);
    }
  if (record)
    item->pixel_n_from_series = n_from_series;
  return regions;
}

gboolean
veil_case_find_pixel_regions (VeilCase *self, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (VEIL_IS_CASE (self), FALSE);
  prepare_pixel_cleaner (self);
  run_parallel (self, VEIL_CASE_PHASE_SCAN, find_pixel_regions, NULL, cancellable);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

gboolean
veil_case_item_pixel_flagged (VeilCase *self, VeilCaseItem *item)
{
  if (!is_pixel_image (item))
    return FALSE;
  if (item->pixel_risk == VEIL_PIXEL_RISK_HIGH || veil_case_get_pixel_decision (self, item) != VEIL_PIXEL_DECISION_NONE)
    return TRUE;
  g_autoptr (GPtrArray) boxes = pixel_boxes (self, item, FALSE, NULL);
  return boxes == NULL || boxes->len > 0;
}

VeilPixelDecision
veil_case_get_pixel_decision (VeilCase *self, VeilCaseItem *item)
{
  g_autofree char *text = lookup_decision (self, item);
  VeilPixelDecision decision = VEIL_PIXEL_DECISION_NONE;
  if (text != NULL && !veil_pixel_decision_parse (text, &decision, NULL, NULL))
    return VEIL_PIXEL_DECISION_NONE;
  return decision;
}

GPtrArray *
veil_case_get_pixel_boxes (VeilCase *self, VeilCaseItem *item, GError **error)
{
  g_return_val_if_fail (VEIL_IS_CASE (self), NULL);
  return pixel_boxes (self, item, FALSE, error);
}

static gboolean
store_decision (VeilCase *self, const char *kind, const char *key, const char *text,
                GError **error)
{
  return veil_mapping_store_set (self->store, kind, key, text, NULL, FALSE, error);
}

gboolean
veil_case_set_pixel_decision (VeilCase *self, const char *sop_instance_uid, gboolean whole_series,
                              VeilPixelDecision decision, GPtrArray *regions, GError **error)
{
  g_return_val_if_fail (VEIL_IS_CASE (self), FALSE);
  g_return_val_if_fail (decision != VEIL_PIXEL_DECISION_NONE, FALSE);

  VeilCaseItem *image = NULL;
  for (guint i = 0; i < self->items->len && image == NULL; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      if (is_pixel_image (item) && g_strcmp0 (item->subject->sop_instance_uid, sop_instance_uid) == 0)
        image = item;
    }
  if (image == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no image of the case has the instance UID %s", sop_instance_uid);
      return FALSE;
    }
  if (regions != NULL && regions->len > VEIL_PIXEL_DECISION_MAX_BOXES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "more than %u boxes for one image", VEIL_PIXEL_DECISION_MAX_BOXES);
      return FALSE;
    }
  g_autofree char *text = veil_pixel_decision_to_string (decision, regions);

  const char *series = image->subject->series_uid;
  if (!whole_series || series == NULL || !*series || image->pixel_columns == 0)
    {
      if (!store_decision (self, VEIL_MAPPING_PIXEL_IMAGE, sop_instance_uid, text, error))
        return FALSE;
    }
  else
    {
      g_autofree char *key = series_decision_key (series, image->pixel_columns, image->pixel_rows);
      if (!store_decision (self, VEIL_MAPPING_PIXEL_SERIES, key, text, error))
        return FALSE;
      /* An image decision outranks its series': the siblings' earlier ones give way. */
      for (guint i = 0; i < self->items->len; i++)
        {
          VeilCaseItem *item = g_ptr_array_index (self->items, i);
          if (is_pixel_image (item) && g_strcmp0 (item->subject->series_uid, series) == 0
              && item->pixel_columns == image->pixel_columns && item->pixel_rows == image->pixel_rows
              && !store_decision (self, VEIL_MAPPING_PIXEL_IMAGE, item->subject->sop_instance_uid,
                                  text, error))
            return FALSE;
        }
    }
  /* A reviewer's work is kept at once, not only when an export succeeds. */
  return veil_mapping_store_flush (self->store, error);
}

guint
veil_case_count_unreviewed_pixel_risks (VeilCase *self)
{
  guint n = 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      if (is_pixel_image (item) && item->pixel_risk == VEIL_PIXEL_RISK_HIGH
          && veil_case_get_pixel_decision (self, item) == VEIL_PIXEL_DECISION_NONE)
        n++;
    }
  return n;
}

guint8 *
veil_case_render_pixel_frame (VeilCase *self, VeilCaseItem *item, guint frame, guint *columns,
                              guint *rows, guint *n_frames, GError **error)
{
  g_return_val_if_fail (VEIL_IS_CASE (self), NULL);
  if (item->subject == NULL || item->is_report)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s is not an image",
                   item->display_name);
      return NULL;
    }
  g_autoptr (VeilDcmFile) file = open_dicom (item->path, NULL, error);
  if (file == NULL)
    return NULL;
  return veil_pixel_render_frame (file, frame, columns, rows, n_frames, error);
}

/* One patient ID under several names (deid-data's dicom-cookies, Orthanc's
 * PatientIdsCollision): the ID decides who the patient is, and the reviewer is told. The
 * note names the patient by pseudonym only. */
static void
note_name_collisions (VeilCase *self)
{
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_hash_table_unref);
  for (guint i = 0; i < self->items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      if (!exportable (item) || !g_str_has_prefix (item->subject->patient_key, "id:"))
        continue;
      GHashTable *set = g_hash_table_lookup (names, item->subject->patient_key);
      if (set == NULL)
        {
          set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (names, item->subject->patient_key, set);
        }
      g_hash_table_add (set, veil_identities_person_key (item->subject->patient_name));
    }

  GHashTableIter iter;
  gpointer key, value;
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint n = g_hash_table_size (value);
      if (n < 2)
        continue;
      g_autofree char *pn = veil_identities_patient_name (self->store, key, NULL);
      g_ptr_array_add (self->notes,
                       g_strdup_printf ("one patient ID appears with %u different names; they "
                                        "are treated as one patient, %s", n, pn));
    }
}

GPtrArray *
veil_case_get_notes (VeilCase *self)
{
  return self->notes;
}

gboolean
veil_case_load (VeilCase *self, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (self->collector == NULL, FALSE);

  self->collector = veil_input_collector_new ();
  report_progress (self, VEIL_CASE_PHASE_COLLECT, 0, self->inputs->len);
  for (guint i = 0; i < self->inputs->len; i++)
    {
      if (!veil_input_collector_add (self->collector, g_ptr_array_index (self->inputs, i),
                                     cancellable))
        return !g_cancellable_set_error_if_cancelled (cancellable, error);
      report_progress (self, VEIL_CASE_PHASE_COLLECT, i + 1, self->inputs->len);
    }

  GPtrArray *files = veil_input_collector_get_files (self->collector);
  for (guint i = 0; i < files->len; i++)
    {
      VeilInputFile *file = g_ptr_array_index (files, i);
      VeilCaseItem *item = g_new0 (VeilCaseItem, 1);
      item->path = g_strdup (file->path);
      item->display_name = g_strdup (file->display_name);
      g_ptr_array_add (self->items, item);
    }
  add_request_form_items (self);

  run_parallel (self, VEIL_CASE_PHASE_READ, read_item, NULL, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  refuse_duplicates (self);

  build_index (self);
  assign_output_paths (self);
  note_name_collisions (self);
  prepare_pixel_cleaner (self);
  return TRUE;
}

/* ---- scanning and exporting ---- */


static gboolean
scan_item (VeilCase *self, VeilCaseItem *item, gpointer data)
{
  g_autoptr (GError) error = NULL;

  if (exportable_report (item))
    {
      g_autofree char *text = NULL;
      gsize len = 0;
      GPtrArray *findings = analyse_report (self, item, &text, &len, &error);
      if (findings == NULL)
        item->refusal = g_strdup (error->message);
      if (item->findings)
        g_ptr_array_unref (item->findings);
      item->findings = findings;
      return TRUE;
    }
  if (!exportable (item))
    return TRUE;
  g_autoptr (VeilDcmFile) file = take_parsed (self, item, &error);
  if (file == NULL)
    {
      item->refusal = g_strdup (error->message);
      return TRUE;
    }
  if (item->changes)
    g_ptr_array_unref (item->changes);
  item->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_dicom_change_free);
  if (!veil_dicom_deidentifier_apply (self->deidentifier, file, item->subject, item->changes,
                                      &error))
    item->refusal = g_strdup (error->message);
  return TRUE;
}

gboolean
veil_case_scan (VeilCase *self, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (self->deidentifier != NULL, FALSE);
  if (self->decisions_changed)
    build_index (self);
  run_parallel (self, VEIL_CASE_PHASE_SCAN, scan_item, NULL, cancellable);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Copies bytes [offset, offset + length) of `source` to the end of `out`, in the kernel where
 * it can (copy_file_range), by reading and writing where it cannot. */
static gboolean
copy_range_to_fd (int out, const char *source, guint64 offset, guint64 length, GError **error)
{
  int in = g_open (source, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok = in >= 0;
  loff_t in_offset = (loff_t) offset;
  gboolean use_kernel = TRUE;

  while (ok && length > 0)
    {
      ssize_t n = -1;
      if (use_kernel)
        {
          n = copy_file_range (in, &in_offset, out, NULL, (size_t) MIN (length, G_MAXSSIZE), 0);
          if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP))
            {
              use_kernel = FALSE;
              continue;
            }
        }
      else
        {
          char buffer[1 << 16];
          ssize_t got = pread (in, buffer, (size_t) MIN (length, sizeof buffer), in_offset);
          n = got > 0 ? write (out, buffer, (size_t) got) : got;
          if (n > 0)
            in_offset += n;
          if (got > 0 && n != got)
            n = -1;
        }
      if (n <= 0)
        ok = FALSE;
      else
        length -= (guint64) n;
    }
  int saved = errno;
  if (in >= 0)
    close (in);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot copy the pixel data: %s",
                 length > 0 && saved == 0 ? "the input is shorter than it was" : g_strerror (saved));
  return ok;
}

/* Writes the de-identified file: DCMTK writes the header, and the pixel data element, when it
 * is the last, follows straight from the input — one descriptor, no second open. */
static gboolean
write_output (VeilDcmFile *file, const char *target, VeilCaseItem *item, gboolean raw_tail,
              GError **error)
{
  int fd = g_open (target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot create %s: %s",
                   target, g_strerror (saved));
      return FALSE;
    }
  gboolean ok = veil_dcm_file_write_to_fd (file, fd, error)
                && (!raw_tail
                    || copy_range_to_fd (fd, item->path, item->pixel_element_offset,
                                         item->pixel_element_length, error));
  if (close (fd) != 0 && ok)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot write %s: %s",
                   target, g_strerror (saved));
      ok = FALSE;
    }
  return ok;
}

static gboolean
export_item (VeilCase *self, VeilCaseItem *item, gpointer data)
{
  const char *staging = data;
  g_autoptr (GError) error = NULL;

  if (exportable_report (item) && item->document_type != VEIL_DOCUMENT_TYPE_UNKNOWN)
    {
      g_autofree char *target = g_build_filename (staging, item->output_path, NULL);
      g_autofree char *parent = g_path_get_dirname (target);
      gboolean ok = g_mkdir_with_parents (parent, 0700) == 0;
      if (ok && item->document_type == VEIL_DOCUMENT_TYPE_PDF)
        ok = veil_document_clean_pdf (self->text, item->path, target, &error);
      else if (ok)
        ok = veil_document_clean_docx (self->text, item->path, target, &error);
      if (!ok)
        {
          g_unlink (target);
          item->refusal = g_strdup (error ? error->message : g_strerror (errno));
          return TRUE;
        }
      item->exported = TRUE;
      return TRUE;
    }
  if (exportable_report (item))
    {
      g_autofree char *text = NULL;
      gsize len = 0, out_len = 0;
      g_autoptr (GPtrArray) findings = analyse_report (self, item, &text, &len, &error);
      if (findings == NULL)
        {
          item->refusal = g_strdup (error->message);
          return TRUE;
        }
      g_autofree char *cleaned = veil_text_apply_findings (text, len, findings, &out_len);
      g_autofree char *target = g_build_filename (staging, item->output_path, NULL);
      g_autofree char *parent = g_path_get_dirname (target);
      if (g_mkdir_with_parents (parent, 0700) != 0
          || !g_file_set_contents (target, cleaned, (gssize) out_len, &error))
        {
          g_unlink (target);
          item->refusal = g_strdup_printf ("cannot write the report: %s",
                                           error ? error->message : g_strerror (errno));
          return TRUE;
        }
      item->exported = TRUE;
      return TRUE;
    }
  if (!exportable (item))
    return TRUE;
  g_autoptr (VeilDcmFile) file = take_parsed (self, item, &error);
  if (file == NULL)
    {
      item->refusal = g_strdup (error->message);
      return TRUE;
    }

  /* Burned-in text is blacked out before the header changes: DCMTK's encoders add attributes
   * (DerivationDescription) that de-identification then takes care of. */
  VeilPixelRedaction redaction = { 0 };
  if (needs_pixel_check (item))
    {
      g_autoptr (GPtrArray) boxes = pixel_boxes (self, item, TRUE, &error);
      if (boxes == NULL)
        {
          item->refusal = g_strdup_printf ("burned-in text could not be blacked out: %s",
                                           error->message);
          return TRUE;
        }
      if (!veil_pixel_redact (file, boxes, &redaction, &error))
        {
          veil_pixel_redaction_clear (&redaction);
          item->refusal = g_strdup_printf ("burned-in text could not be blacked out: %s",
                                           error->message);
          return TRUE;
        }
      g_free (item->pixel_note);
      item->pixel_note = g_strdup (redaction.note);
      item->pixel_n_boxes = redaction.n_regions;
    }
  gboolean pixels_rewritten = redaction.pixels_rewritten;
  gboolean pixels_cleaned = redaction.cleaned;
  veil_pixel_redaction_clear (&redaction);

  /* An encapsulated PDF is cleaned from the original before the header is de-identified
   * (which blanks EncapsulatedDocument), and put back after. */
  g_autoptr (GBytes) cleaned_pdf = NULL;
  if (item->subject->has_encapsulated_document
      && (cleaned_pdf = veil_dicom_document_clean_pdf (file, self->text, NULL, &error)) == NULL)
    {
      item->refusal = g_strdup (error->message);
      return TRUE;
    }

  if (!veil_dicom_deidentifier_apply (self->deidentifier, file, item->subject, NULL, &error)
      || (cleaned_pdf != NULL && !veil_dicom_document_put_pdf (file, cleaned_pdf, &error)))
    {
      item->refusal = g_strdup (error->message);
      return TRUE;
    }
  if (pixels_cleaned)
    veil_dicom_deidentifier_mark_pixels_cleaned (file);

  g_autofree char *target = g_build_filename (staging, item->output_path, NULL);
  g_autofree char *parent = g_path_get_dirname (target);
  if (!g_file_test (parent, G_FILE_TEST_IS_DIR) && g_mkdir_with_parents (parent, 0700) != 0)
    {
      item->refusal = g_strdup_printf ("cannot create the output folder: %s", g_strerror (errno));
      return TRUE;
    }

  /* Pixel data is copied, never decoded: when it is the file's last element, DCMTK writes the
   * de-identified header and the element's bytes follow straight from the input, copied by
   * the kernel. The output keeps the input's transfer syntax, so the bytes mean the same. */
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);
  gboolean raw_tail = item->pixel_element_length > 0 && !pixels_rewritten
                      && !veil_dcm_item_find (dataset, 0x7FE0, 0x0000, NULL);
  if (raw_tail)
    veil_dcm_item_delete (dataset, 0x7FE0, 0x0010);

  if (!write_output (file, target, item, raw_tail, &error))
    {
      g_unlink (target); /* never leave a half-written file */
      item->refusal = g_strdup (error->message);
      return TRUE;
    }
  item->exported = TRUE;
  return TRUE;
}


static gboolean
path_is_within (const char *path, const char *folder)
{
  gsize n = strlen (folder);
  return g_str_equal (path, folder)
         || (g_str_has_prefix (path, folder) && (folder[n - 1] == '/' || path[n] == '/'));
}

static char *
canonical_real (const char *path)
{
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  char *real = realpath (canonical, NULL);
  if (real == NULL)
    {
      /* Not there yet: resolve the parent, which must exist. */
      g_autofree char *parent = g_path_get_dirname (canonical);
      g_autofree char *base = g_path_get_basename (canonical);
      char *real_parent = realpath (parent, NULL);
      if (real_parent == NULL)
        return g_steal_pointer (&canonical);
      char *joined = g_build_filename (real_parent, base, NULL);
      free (real_parent);
      return joined;
    }
  char *result = g_strdup (real);
  free (real);
  return result;
}

static gboolean
check_output_folder (VeilCase *self, const char *out_dir, GError **error)
{
  g_autofree char *out = canonical_real (out_dir);
  g_autofree char *store = canonical_real (veil_mapping_store_get_path (self->store));

  if (g_file_test (out_dir, G_FILE_TEST_EXISTS))
    {
      GDir *dir = g_dir_open (out_dir, 0, NULL);
      if (dir == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                       "the output %s exists and is not a folder", out_dir);
          return FALSE;
        }
      gboolean empty = g_dir_read_name (dir) == NULL;
      g_dir_close (dir);
      if (!empty)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       "the output folder %s is not empty", out_dir);
          return FALSE;
        }
    }
  if (path_is_within (store, out))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the mapping store must not be inside the export (%s): it is personal data",
                   out_dir);
      return FALSE;
    }
  GPtrArray *roots = veil_input_collector_get_roots (self->collector);
  for (guint i = 0; i < roots->len; i++)
    {
      g_autofree char *root = canonical_real (g_ptr_array_index (roots, i));
      if (path_is_within (out, root) || path_is_within (root, out))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "the output folder %s overlaps the input %s", out_dir,
                       (const char *) g_ptr_array_index (roots, i));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
veil_case_export (VeilCase *self, const char *out_dir, GCancellable *cancellable,
                  GError **error)
{
  g_return_val_if_fail (self->deidentifier != NULL, FALSE);
  if (self->decisions_changed)
    build_index (self);
  veil_dicom_deidentifier_forget_text (self->deidentifier);

  if (!check_output_folder (self, out_dir, error))
    return FALSE;

  g_autofree char *out = canonical_real (out_dir);
  g_autofree char *parent = g_path_get_dirname (out);
  g_autofree char *base = g_path_get_basename (out);
  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "cannot create %s: %s", parent, g_strerror (errno));
      return FALSE;
    }
  /* Beside the target, on the same file system, so the final rename is atomic. */
  g_autofree char *template = g_strdup_printf ("%s/.%s.veil-partial-XXXXXX", parent, base);
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "cannot create a working folder beside %s: %s", out_dir, g_strerror (errno));
      return FALSE;
    }

  self->n_exported = 0;
  gboolean ok = run_parallel (self, VEIL_CASE_PHASE_SCAN, find_pixel_regions, NULL, cancellable)
                && run_parallel (self, VEIL_CASE_PHASE_EXPORT, export_item, template, cancellable);
  if (!ok || g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      if (!ok)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the export failed");
      veil_remove_tree (template);
      veil_mapping_store_discard_pending (self->store);
      return FALSE;
    }

  for (guint i = 0; i < self->items->len; i++)
    if (((VeilCaseItem *) g_ptr_array_index (self->items, i))->exported)
      self->n_exported++;

  /* The mapping first: an export whose pseudonyms were not saved could never be answered
   * for, so it must not appear. */
  if (!veil_mapping_store_flush (self->store, error))
    {
      veil_remove_tree (template);
      return FALSE;
    }

  if (self->n_exported == 0)
    {
      veil_remove_tree (template);
      return TRUE;
    }

  g_chmod (template, 0755);
  if (g_file_test (out, G_FILE_TEST_IS_DIR))
    g_rmdir (out); /* checked empty above */
  if (g_rename (template, out) != 0)
    {
      int saved = errno;
      veil_remove_tree (template);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot move the export into %s: %s",
                   out_dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
veil_case_get_items (VeilCase *self)
{
  return self->items;
}

GPtrArray *
veil_case_get_refusals (VeilCase *self)
{
  g_ptr_array_set_size (self->refusals, 0);
  if (self->collector != NULL)
    {
      GPtrArray *collected = veil_input_collector_get_refusals (self->collector);
      for (guint i = 0; i < collected->len; i++)
        {
          VeilRefusal *r = g_ptr_array_index (collected, i);
          g_ptr_array_add (self->refusals, veil_refusal_new (r->display_name, r->reason));
        }
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      if (item->refusal != NULL)
        g_ptr_array_add (self->refusals, veil_refusal_new (item->display_name, item->refusal));
    }
  return self->refusals;
}

guint
veil_case_get_n_exported (VeilCase *self)
{
  return self->n_exported;
}

guint
veil_case_get_n_dicomdirs (VeilCase *self)
{
  guint n = self->collector ? veil_input_collector_get_n_dicomdirs (self->collector) : 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      if (item->subject != NULL && item->subject->is_directory)
        n++;
    }
  return n;
}

static gboolean
array_has (GPtrArray *array, const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), value))
      return TRUE;
  return FALSE;
}

VeilAccessionReport *
veil_case_check_accessions (VeilCase *self, GStrv listed)
{
  VeilAccessionReport *report = g_new0 (VeilAccessionReport, 1);
  g_autoptr (GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) listed_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) studies_seen = g_hash_table_new (g_str_hash, g_str_equal);

  report->found = g_ptr_array_new_with_free_func (g_free);
  report->missing = g_ptr_array_new_with_free_func (g_free);
  report->unlisted = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; listed[i] != NULL; i++)
    g_hash_table_add (listed_set, listed[i]);

  for (guint i = 0; i < self->items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (self->items, i);
      if (item->subject == NULL || item->subject->is_directory)
        continue;
      const char *acc = item->subject->accession;
      if (*acc)
        g_hash_table_add (present, (gpointer) acc);
      if (!g_hash_table_contains (studies_seen, item->subject->study_uid))
        {
          g_hash_table_add (studies_seen, item->subject->study_uid);
          if (!*acc || !g_hash_table_contains (listed_set, acc))
            {
              /* The study UID, not the input path: paths often hold the patient's name. */
              char *line = *acc ? g_strdup_printf ("%s (study %s)", acc, item->subject->study_uid)
                                : g_strdup_printf ("no accession number (study %s)",
                                                   item->subject->study_uid);
              g_ptr_array_add (report->unlisted, line);
            }
        }
    }

  for (guint i = 0; listed[i] != NULL; i++)
    {
      GPtrArray *target = g_hash_table_contains (present, listed[i]) ? report->found : report->missing;
      if (!array_has (target, listed[i]))
        g_ptr_array_add (target, g_strdup (listed[i]));
    }
  return report;
}

/* ---- the same, off the calling thread ---- */

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  if (veil_case_load (VEIL_CASE (source), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
scan_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  if (veil_case_scan (VEIL_CASE (source), cancellable, &error)
      && veil_case_find_pixel_regions (VEIL_CASE (source), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  if (veil_case_export (VEIL_CASE (source), task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
veil_case_load_async (VeilCase *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, veil_case_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
veil_case_load_finish (VeilCase *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
veil_case_scan_async (VeilCase *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, veil_case_scan_async);
  g_task_run_in_thread (task, scan_thread);
}

gboolean
veil_case_scan_finish (VeilCase *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
veil_case_export_async (VeilCase *self, const char *out_dir, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, veil_case_export_async);
  g_task_set_task_data (task, g_strdup (out_dir), g_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
veil_case_export_finish (VeilCase *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
