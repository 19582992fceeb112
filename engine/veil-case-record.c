/* veil-case-record.c: the case record in the mapping store (see veil-case-record.h).
 *
 * Lists are stored as GVariant text ("as"): paths may hold any character but NUL, and the
 * text form quotes them all, so no separator can be confused with a path. */

#include "veil-case-record.h"

#include <gio/gio.h>

#define FIELD_INPUTS "inputs"
#define FIELD_PRESET "preset"
#define FIELD_ACCESSIONS "accessions"
#define FIELD_SAVED "saved"

void
veil_case_record_free (VeilCaseRecord *record)
{
  if (record == NULL)
    return;
  g_strfreev (record->inputs);
  g_free (record->preset);
  g_strfreev (record->accessions);
  g_free (record);
}

static char *
strv_to_text (const char *const *strv)
{
  g_autoptr (GVariant) v
      = g_variant_ref_sink (g_variant_new_strv (strv ? strv : (const char *const[]){ NULL }, -1));
  return g_variant_print (v, FALSE);
}

static char **
text_to_strv (const char *text)
{
  if (text == NULL)
    return NULL;
  g_autoptr (GVariant) v = g_variant_parse (G_VARIANT_TYPE_STRING_ARRAY, text, NULL, NULL, NULL);
  if (v == NULL)
    return NULL;
  return g_variant_dup_strv (v, NULL);
}

static gboolean
set_field (VeilMappingStore *store, const char *field, const char *value, GError **error)
{
  return veil_mapping_store_set (store, VEIL_MAPPING_CASE, field, value, NULL, FALSE, error);
}

gboolean
veil_case_record_save (VeilMappingStore *store, const char *const *inputs, const char *preset,
                       const char *const *accessions, GError **error)
{
  g_return_val_if_fail (VEIL_IS_MAPPING_STORE (store), FALSE);

  g_autofree char *inputs_text = strv_to_text (inputs);
  g_autofree char *accessions_text = strv_to_text (accessions);
  g_autofree char *saved
      = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

  return set_field (store, FIELD_INPUTS, inputs_text, error)
         && set_field (store, FIELD_PRESET, preset ? preset : "", error)
         && set_field (store, FIELD_ACCESSIONS, accessions_text, error)
         && set_field (store, FIELD_SAVED, saved, error) && veil_mapping_store_flush (store, error);
}

VeilCaseRecord *
veil_case_record_load (VeilMappingStore *store)
{
  g_return_val_if_fail (VEIL_IS_MAPPING_STORE (store), NULL);

  g_autofree char *inputs = veil_mapping_store_lookup (store, VEIL_MAPPING_CASE, FIELD_INPUTS);
  g_auto (GStrv) input_list = text_to_strv (inputs);
  if (input_list == NULL || input_list[0] == NULL)
    return NULL;

  VeilCaseRecord *record = g_new0 (VeilCaseRecord, 1);
  record->inputs = g_steal_pointer (&input_list);
  record->preset = veil_mapping_store_lookup (store, VEIL_MAPPING_CASE, FIELD_PRESET);
  if (record->preset != NULL && *record->preset == '\0')
    g_clear_pointer (&record->preset, g_free);

  g_autofree char *accessions
      = veil_mapping_store_lookup (store, VEIL_MAPPING_CASE, FIELD_ACCESSIONS);
  record->accessions = text_to_strv (accessions);
  if (record->accessions != NULL && record->accessions[0] == NULL)
    g_clear_pointer (&record->accessions, g_strfreev);

  g_autofree char *saved = veil_mapping_store_lookup (store, VEIL_MAPPING_CASE, FIELD_SAVED);
  record->saved = saved ? g_ascii_strtoll (saved, NULL, 10) : 0;
  return record;
}

VeilCaseRecord *
veil_case_record_read_file (const char *path, GError **error)
{
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no such case store", path);
      return NULL;
    }
  g_autoptr (VeilMappingStore) store = veil_mapping_store_open (path, error);
  if (store == NULL)
    return NULL;
  return veil_case_record_load (store);
}
