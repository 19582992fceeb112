/* veil-dicom-subject.c: read a file's identity (see veil-dicom-subject.h). */

#include "veil-dicom-subject.h"

#include "veil-deid-table.h"
#include "veil-identities.h"

#include <stdlib.h>
#include <string.h>

/* IDs that are pseudonymised as "other IDs" wherever they appear. */
static const guint32 other_id_tags[] = {
  VEIL_TAG (0x0020, 0x0010), /* StudyID */
  VEIL_TAG (0x0040, 0x1001), /* RequestedProcedureID */
  VEIL_TAG (0x0040, 0x0009), /* ScheduledProcedureStepID */
  VEIL_TAG (0x0040, 0x0253), /* PerformedProcedureStepID */
  VEIL_TAG (0x0040, 0x2016), /* PlacerOrderNumberImagingServiceRequest */
  VEIL_TAG (0x0040, 0x2017), /* FillerOrderNumberImagingServiceRequest */
};

/* Text about the patient: always identifying. */
static const guint32 patient_text_tags[] = {
  VEIL_TAG (0x0010, 0x1040), /* PatientAddress */
  VEIL_TAG (0x0010, 0x2154), /* PatientTelephoneNumbers */
  VEIL_TAG (0x0010, 0x2155), /* PatientTelecomInformation */
  VEIL_TAG (0x0038, 0x0300), /* CurrentPatientLocation */
  VEIL_TAG (0x0038, 0x0400), /* PatientInstitutionResidence */
};

/* Text about the institution: identifying unless Retain Institution Identity. */
static const guint32 institution_text_tags[] = {
  VEIL_TAG (0x0008, 0x0080), /* InstitutionName */
  VEIL_TAG (0x0008, 0x0081), /* InstitutionAddress */
  VEIL_TAG (0x0008, 0x1040), /* InstitutionalDepartmentName */
  VEIL_TAG (0x0008, 0x1010), /* StationName */
  VEIL_TAG (0x0008, 0x0092), /* ReferringPhysicianAddress */
  VEIL_TAG (0x0008, 0x0094), /* ReferringPhysicianTelephoneNumbers */
};

static gboolean
tag_in (const guint32 *tags, gsize n, guint32 tag)
{
  for (gsize i = 0; i < n; i++)
    if (tags[i] == tag)
      return TRUE;
  return FALSE;
}

gboolean
veil_dicom_tag_is_other_id (guint32 tag)
{
  for (gsize i = 0; i < G_N_ELEMENTS (other_id_tags); i++)
    if (other_id_tags[i] == tag)
      return TRUE;
  return FALSE;
}

gboolean
veil_dicom_tag_is_identifying_text (guint32 tag)
{
  return tag_in (patient_text_tags, G_N_ELEMENTS (patient_text_tags), tag)
         || tag_in (institution_text_tags, G_N_ELEMENTS (institution_text_tags), tag);
}

static void
add_unique (GPtrArray *array, const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), value))
      return;
  g_ptr_array_add (array, g_strdup (value));
}

/* Splits in one copy of the value rather than g_strsplit()'s copy per value: this runs for
 * most values of every file. */
static void
add_values (GPtrArray *array, const char *value)
{
  g_autofree char *copy = g_strdup (value);
  char *start = copy;

  for (;;)
    {
      char *end = strchr (start, '\\');
      if (end != NULL)
        *end = '\0';
      add_unique (array, g_strstrip (start));
      if (end == NULL)
        break;
      start = end + 1;
    }
}

/* Whether collect() files the value of this (non-vocabulary) element anywhere: the same
 * conditions as its chain of cases, so the two must change together. */
static gboolean
is_collected (const VeilDcmElementInfo *info, guint32 tag, guint depth)
{
  if (g_str_equal (info->vr, "PN"))
    return !(depth == 0 && tag == VEIL_TAG (0x0010, 0x0010));
  return g_str_equal (info->vr, "DA") || g_str_equal (info->vr, "DT")
         || tag == VEIL_TAG (0x0008, 0x0050) || tag == VEIL_TAG (0x0010, 0x1000)
         || (depth > 0 && tag == VEIL_TAG (0x0010, 0x0020)) || veil_dicom_tag_is_other_id (tag)
         || tag_in (patient_text_tags, G_N_ELEMENTS (patient_text_tags), tag)
         || tag_in (institution_text_tags, G_N_ELEMENTS (institution_text_tags), tag);
}

static void
collect (VeilDicomSubject *subject, VeilDcmItem *item, guint depth)
{
  guint n = veil_dcm_item_get_n_elements (item);

  for (guint i = 0; i < n; i++)
    {
      VeilDcmElementInfo info;
      if (!veil_dcm_item_get_element_info (item, i, &info))
        continue;
      guint32 tag = VEIL_TAG (info.group, info.element);

      if (info.is_sequence)
        {
          guint n_items = veil_dcm_item_get_n_sequence_items (item, info.group, info.element);
          for (guint j = 0; j < n_items; j++)
            {
              VeilDcmItem *child
                  = veil_dcm_item_get_sequence_item (item, info.group, info.element, j);
              if (child != NULL)
                collect (subject, child, depth + 1);
            }
          continue;
        }
      if (!info.is_string || !info.is_loaded)
        continue;

      /* Reading a value is most of a step's cost: only values kept below are read. */
      gboolean is_vocabulary = g_str_equal (info.vr, "CS") || tag == VEIL_TAG (0x0008, 0x0104)
                               || tag == VEIL_TAG (0x0008, 0x0070)
                               || tag == VEIL_TAG (0x0008, 0x1090)
                               || tag == VEIL_TAG (0x0018, 0x1020);
      if (!is_vocabulary && !is_collected (&info, tag, depth))
        continue;

      g_autofree char *value = veil_dcm_item_get_string_at (item, i);
      if (value == NULL || *value == '\0')
        continue;

      if (is_vocabulary)
        add_values (subject->vocabulary, value);

      if (g_str_equal (info.vr, "PN"))
        {
          if (!(depth == 0 && tag == VEIL_TAG (0x0010, 0x0010)))
            add_values (subject->person_names, value);
        }
      else if (g_str_equal (info.vr, "DA"))
        add_values (subject->dates, value);
      else if (g_str_equal (info.vr, "DT"))
        {
          g_auto (GStrv) values = g_strsplit (value, "\\", -1);
          for (guint k = 0; values[k] != NULL; k++)
            if (strlen (values[k]) >= 8)
              {
                g_autofree char *day = g_strndup (values[k], 8);
                add_unique (subject->dates, day);
              }
        }
      else if (tag == VEIL_TAG (0x0008, 0x0050))
        add_values (subject->accessions, value);
      else if (tag == VEIL_TAG (0x0010, 0x1000) || (depth > 0 && tag == VEIL_TAG (0x0010, 0x0020)))
        add_values (subject->patient_ids, value);
      else if (veil_dicom_tag_is_other_id (tag))
        add_values (subject->other_ids, value);
      else if (tag_in (patient_text_tags, G_N_ELEMENTS (patient_text_tags), tag))
        add_values (subject->texts, value);
      else if (tag_in (institution_text_tags, G_N_ELEMENTS (institution_text_tags), tag))
        add_values (subject->institution_texts, value);
    }

  /* An institution named like the vendor ("GE MEDICAL SYSTEMS" in test data) is not an
   * identifier of anyone: leave it out, or the manufacturer would be scrubbed too. */
  for (guint i = subject->institution_texts->len; i-- > 0;)
    {
      const char *text = g_ptr_array_index (subject->institution_texts, i);
      for (guint j = 0; j < subject->vocabulary->len; j++)
        if (g_ascii_strcasecmp (text, g_ptr_array_index (subject->vocabulary, j)) == 0)
          {
            g_ptr_array_remove_index (subject->institution_texts, i);
            break;
          }
    }
}

static char *
top_string (VeilDcmItem *dataset, guint16 group, guint16 element)
{
  char *value = veil_dcm_item_get_string (dataset, group, element);
  if (value == NULL)
    return g_strdup ("");
  return g_strstrip (value);
}

VeilDicomSubject *
veil_dicom_subject_read (VeilDcmFile *file)
{
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);
  VeilDicomSubject *subject = g_new0 (VeilDicomSubject, 1);
  g_autofree char *series_number = NULL;
  g_autofree char *instance_number = NULL;

  subject->person_names = g_ptr_array_new_with_free_func (g_free);
  subject->patient_ids = g_ptr_array_new_with_free_func (g_free);
  subject->accessions = g_ptr_array_new_with_free_func (g_free);
  subject->other_ids = g_ptr_array_new_with_free_func (g_free);
  subject->dates = g_ptr_array_new_with_free_func (g_free);
  subject->texts = g_ptr_array_new_with_free_func (g_free);
  subject->vocabulary = g_ptr_array_new_with_free_func (g_free);
  subject->institution_texts = g_ptr_array_new_with_free_func (g_free);

  subject->patient_name = top_string (dataset, 0x0010, 0x0010);
  subject->patient_id = top_string (dataset, 0x0010, 0x0020);
  subject->issuer_of_patient_id = top_string (dataset, 0x0010, 0x0021);
  subject->birth_date = top_string (dataset, 0x0010, 0x0030);
  subject->study_uid = top_string (dataset, 0x0020, 0x000D);
  subject->series_uid = top_string (dataset, 0x0020, 0x000E);
  subject->sop_instance_uid = top_string (dataset, 0x0008, 0x0018);
  subject->sop_class_uid = top_string (dataset, 0x0008, 0x0016);
  subject->modality = top_string (dataset, 0x0008, 0x0060);
  subject->study_date = top_string (dataset, 0x0008, 0x0020);
  subject->study_time = top_string (dataset, 0x0008, 0x0030);
  subject->accession = top_string (dataset, 0x0008, 0x0050);
  series_number = top_string (dataset, 0x0020, 0x0011);
  instance_number = top_string (dataset, 0x0020, 0x0013);
  subject->series_number = atoi (series_number);
  subject->instance_number = atoi (instance_number);
  subject->has_encapsulated_document = veil_dcm_item_find (dataset, 0x0042, 0x0011, NULL);

  g_autofree char *media_class = veil_dcm_item_get_string (veil_dcm_file_get_meta (file), 0x0002, 0x0002);
  subject->is_directory = (media_class != NULL && g_str_equal (g_strstrip (media_class), "1.2.840.10008.1.3.10"))
                          || veil_dcm_item_find (dataset, 0x0004, 0x1220, NULL);

  subject->patient_key = veil_identities_patient_key (subject->issuer_of_patient_id,
                                                      subject->patient_id, subject->patient_name,
                                                      subject->birth_date);
  if (g_str_equal (subject->patient_key, "name:|"))
    {
      /* No identity at all: the study stands for the patient, so its files stay together. */
      g_free (subject->patient_key);
      subject->patient_key = g_strconcat ("study:", subject->study_uid, NULL);
    }

  collect (subject, dataset, 0);
  return subject;
}

void
veil_dicom_subject_free (VeilDicomSubject *subject)
{
  if (subject == NULL)
    return;
  g_free (subject->patient_key);
  g_free (subject->patient_name);
  g_free (subject->patient_id);
  g_free (subject->issuer_of_patient_id);
  g_free (subject->birth_date);
  g_free (subject->study_uid);
  g_free (subject->series_uid);
  g_free (subject->sop_instance_uid);
  g_free (subject->sop_class_uid);
  g_free (subject->modality);
  g_free (subject->study_date);
  g_free (subject->study_time);
  g_free (subject->accession);
  g_ptr_array_unref (subject->person_names);
  g_ptr_array_unref (subject->patient_ids);
  g_ptr_array_unref (subject->accessions);
  g_ptr_array_unref (subject->other_ids);
  g_ptr_array_unref (subject->dates);
  g_ptr_array_unref (subject->texts);
  g_ptr_array_unref (subject->vocabulary);
  g_ptr_array_unref (subject->institution_texts);
  g_free (subject);
}

static void
append_field (GString *signature, const char *value)
{
  g_string_append (signature, value ? value : "");
  g_string_append_c (signature, '\x1f');
}

static void
append_list (GString *signature, const GPtrArray *values)
{
  for (guint i = 0; i < values->len; i++)
    append_field (signature, g_ptr_array_index (values, i));
  g_string_append_c (signature, '\x1e');
}

char *
veil_dicom_subject_identity_signature (const VeilDicomSubject *subject)
{
  GString *signature = g_string_new (NULL);
  append_field (signature, subject->patient_key);
  append_field (signature, subject->patient_name);
  append_field (signature, subject->patient_id);
  append_field (signature, subject->birth_date);
  append_list (signature, subject->person_names);
  append_list (signature, subject->patient_ids);
  append_list (signature, subject->accessions);
  append_list (signature, subject->other_ids);
  append_list (signature, subject->dates);
  append_list (signature, subject->texts);
  append_list (signature, subject->institution_texts);
  append_list (signature, subject->vocabulary);
  return g_string_free (signature, FALSE);
}
