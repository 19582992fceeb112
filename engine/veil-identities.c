/* veil-identities.c: consistent pseudonyms for every entity (see veil-identities.h). */

#include "veil-identities.h"

#include "veil-datetime.h"
#include "veil-keys.h"
#include "veil-pseudonyms.h"

#include <string.h>

/* Upper case, accents removed, and only letters, digits, spaces and hyphens kept. */
static char *
fold_name_part (const char *part)
{
  g_autofree char *stripped = g_utf8_normalize (part, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

  if (stripped == NULL)
    stripped = g_strdup (part); /* not UTF-8: fold the bytes as they are */
  for (const char *p = stripped; *p; p++)
    {
      guchar c = (guchar) *p;
      if (g_ascii_isalnum (c))
        g_string_append_c (out, g_ascii_toupper ((char) c));
      else if ((c == ' ' || c == '-') && out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, (char) c);
      /* combining marks (0xCC 0x80… in NFD) and apostrophes are dropped */
    }
  while (out->len > 0 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '-'))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

char *
veil_identities_person_key (const char *pn)
{
  /* Only the first (alphabetic) component group identifies; ideographic and phonetic groups
   * are other spellings of the same name. */
  g_autofree char *first_group = g_strndup (pn, strcspn (pn, "="));
  g_auto (GStrv) parts = g_strsplit (first_group, "^", 5);
  g_autofree char *family = fold_name_part (parts[0] ? parts[0] : "");
  g_autofree char *given = fold_name_part ((parts[0] && parts[1]) ? parts[1] : "");

  if (*family == '\0' && *given == '\0')
    return g_strdup ("");
  return g_strconcat (family, "^", given, NULL);
}

char *
veil_identities_patient_key (const char *issuer, const char *patient_id, const char *name,
                             const char *birth_date)
{
  if (patient_id != NULL && *patient_id != '\0')
    return g_strconcat ("id:", issuer ? issuer : "", "|", patient_id, NULL);

  g_autofree char *person = veil_identities_person_key (name ? name : "");
  return g_strconcat ("name:", person, "|", birth_date ? birth_date : "", NULL);
}

char *
veil_identities_patient_name (VeilMappingStore *store, const char *patient_key,
                              const char *name_as_written)
{
  char *pseudonym = veil_mapping_store_assign (store, VEIL_MAPPING_PATIENT, patient_key, NULL,
                                               TRUE, veil_pseudonym_make_patient_name, NULL);

  if (name_as_written != NULL && *name_as_written != '\0')
    {
      g_autofree char *known = veil_mapping_store_lookup (store, VEIL_MAPPING_PATIENT_NAME,
                                                          name_as_written);
      if (known == NULL)
        veil_mapping_store_set (store, VEIL_MAPPING_PATIENT_NAME, name_as_written, pseudonym,
                                patient_key, FALSE, NULL);
    }
  return pseudonym;
}

char *
veil_identities_patient_id (VeilMappingStore *store, const char *patient_key,
                            const char *patient_id)
{
  /* An NHS number used as the patient ID keeps the form of one, and is the same pseudonym
   * the number gets in a report. */
  if (veil_nhs_number_is_valid (patient_id))
    return veil_identities_nhs_number (store, patient_id, patient_key);
  return veil_mapping_store_assign (store, VEIL_MAPPING_PATIENT_ID, patient_id, patient_key, TRUE,
                                    veil_pseudonym_make_patient_id, NULL);
}

char *
veil_identities_person_name (VeilMappingStore *store, const char *name_as_written)
{
  char *known = veil_mapping_store_lookup (store, VEIL_MAPPING_PATIENT_NAME, name_as_written);
  if (known != NULL)
    return known;

  g_autofree char *key = veil_identities_person_key (name_as_written);
  if (*key == '\0')
    return g_strdup ("");

  char *pseudonym = veil_mapping_store_assign (store, VEIL_MAPPING_PERSON, key, NULL, TRUE,
                                               veil_pseudonym_make_staff_name, NULL);
  g_autofree char *recorded = veil_mapping_store_lookup (store, VEIL_MAPPING_PERSON_NAME,
                                                         name_as_written);
  if (recorded == NULL)
    veil_mapping_store_set (store, VEIL_MAPPING_PERSON_NAME, name_as_written, pseudonym, key,
                            FALSE, NULL);
  return pseudonym;
}

char *
veil_identities_accession (VeilMappingStore *store, const char *accession,
                           const char *patient_key)
{
  return veil_mapping_store_assign (store, VEIL_MAPPING_ACCESSION, accession, patient_key, TRUE,
                                    veil_pseudonym_make_accession, NULL);
}

char *
veil_identities_other_id (VeilMappingStore *store, const char *id, const char *patient_key)
{
  return veil_mapping_store_assign (store, VEIL_MAPPING_OTHER_ID, id, patient_key, TRUE,
                                    veil_pseudonym_make_other_id, NULL);
}

char *
veil_identities_nhs_number (VeilMappingStore *store, const char *nhs_number,
                            const char *patient_key)
{
  /* Keyed on the digits alone, so "999 000 0018" and "9990000018" are one number. */
  GString *digits = g_string_new (NULL);
  for (const char *p = nhs_number; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  char *result = veil_mapping_store_assign (store, VEIL_MAPPING_PATIENT_ID, digits->str,
                                            patient_key, TRUE, veil_pseudonym_make_nhs_number,
                                            NULL);
  g_string_free (digits, TRUE);
  return result;
}

gboolean
veil_identities_uid_is_well_known (const char *uid)
{
  return g_str_has_prefix (uid, "1.2.840.10008.");
}

char *
veil_identities_uid (VeilMappingStore *store, const char *uid)
{
  if (*uid == '\0' || veil_identities_uid_is_well_known (uid))
    return g_strdup (uid);
  return veil_mapping_store_assign (store, VEIL_MAPPING_UID, uid, NULL, TRUE,
                                    veil_pseudonym_make_uid, NULL);
}

static char *
make_day_offset (const guint8 *key, const char *patient_key, guint attempt, gpointer unused)
{
  return g_strdup_printf ("%d", veil_keys_derive_day_offset (key, patient_key));
}

int
veil_identities_day_offset (VeilMappingStore *store, const char *patient_key)
{
  g_autofree char *offset = veil_mapping_store_assign (store, VEIL_MAPPING_DATE_OFFSET,
                                                       patient_key, patient_key, FALSE,
                                                       make_day_offset, NULL);
  return atoi (offset);
}

static void
record_date (VeilMappingStore *store, const char *patient_key, const char *da,
             const char *replacement)
{
  if (!veil_da_is_valid (da))
    return;
  g_autofree char *known = veil_mapping_store_lookup (store, VEIL_MAPPING_DATE, da);
  if (known == NULL)
    veil_mapping_store_set (store, VEIL_MAPPING_DATE, da, replacement, patient_key, FALSE, NULL);
  if (*replacement != '\0')
    {
      g_autofree char *shifted = veil_mapping_store_lookup (store, VEIL_MAPPING_SHIFTED_DATE,
                                                            replacement);
      if (shifted == NULL)
        veil_mapping_store_set (store, VEIL_MAPPING_SHIFTED_DATE, replacement, replacement, NULL,
                                FALSE, NULL);
    }
}

char *
veil_identities_shift_da (VeilMappingStore *store, const char *patient_key, const char *da)
{
  int offset = veil_identities_day_offset (store, patient_key);
  char *shifted = veil_da_shift (da, offset, NULL);

  if (shifted != NULL && strchr (da, '\\') == NULL && strchr (da, '-') == NULL)
    record_date (store, patient_key, da, shifted);
  return shifted;
}

char *
veil_identities_shift_dt (VeilMappingStore *store, const char *patient_key, const char *dt)
{
  int offset = veil_identities_day_offset (store, patient_key);
  char *shifted = veil_dt_shift (dt, offset, NULL);

  if (shifted != NULL && strlen (dt) >= 8 && strlen (shifted) >= 8)
    {
      g_autofree char *da = g_strndup (dt, 8);
      g_autofree char *new_da = g_strndup (shifted, 8);
      record_date (store, patient_key, da, new_da);
    }
  return shifted;
}

void
veil_identities_record_removed_date (VeilMappingStore *store, const char *patient_key,
                                     const char *da)
{
  if (da != NULL && strlen (da) >= 8)
    {
      g_autofree char *day = g_strndup (da, 8);
      record_date (store, patient_key, day, "");
    }
}

void
veil_identities_record_removed_text (VeilMappingStore *store, const char *text,
                                     const char *patient_key)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    return;
  g_autofree char *known = veil_mapping_store_lookup (store, VEIL_MAPPING_TEXT, trimmed);
  if (known == NULL)
    veil_mapping_store_set (store, VEIL_MAPPING_TEXT, trimmed, "", patient_key, FALSE, NULL);
}

void
veil_identities_record_vocabulary (VeilMappingStore *store, const char *value)
{
  g_autofree char *known = veil_mapping_store_lookup (store, VEIL_MAPPING_VOCABULARY, value);
  if (known == NULL)
    veil_mapping_store_set (store, VEIL_MAPPING_VOCABULARY, value, value, NULL, FALSE, NULL);
}
