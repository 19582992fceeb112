/* veil-pseudonyms.c: readable keyed pseudonyms (see veil-pseudonyms.h). */

#include "veil-pseudonyms.h"

#include "veil-keys.h"

#include <string.h>

/* Nature words, chosen to read easily aloud and to be distinct from one another. */
static const char *const name_words[] = {
  "Alder", "Amber", "Aspen", "Azure", "Basalt", "Beech", "Bramble", "Briar", "Bronze",
  "Bryony", "Burdock", "Calder", "Campion", "Cedar", "Chalk", "Clover", "Cobalt", "Comfrey",
  "Copper", "Coral", "Cowslip", "Cypress", "Daisy", "Delta", "Dunlin", "Eider", "Elder",
  "Ember", "Fennel", "Fern", "Fieldfare", "Flint", "Foxglove", "Garnet", "Gorse", "Granite",
  "Harebell", "Hawthorn", "Hazel", "Heather", "Heron", "Holly", "Hornbeam", "Indigo", "Iris",
  "Ivy", "Jasper", "Juniper", "Kestrel", "Kittiwake", "Lapwing", "Larch", "Laurel", "Lichen",
  "Linden", "Linnet", "Lupin", "Mallow", "Maple", "Marram", "Marsh", "Meadow", "Merlin",
  "Mica", "Mistle", "Moraine", "Myrtle", "Nettle", "Nightjar", "Oak", "Obsidian", "Ochre",
  "Olive", "Onyx", "Opal", "Orchid", "Osier", "Osprey", "Oxlip", "Pebble", "Peregrine",
  "Pewter", "Pine", "Plover", "Poplar", "Primrose", "Quartz", "Quince", "Rowan", "Rush",
  "Saffron", "Sage", "Samphire", "Sandpiper", "Sedge", "Shale", "Siskin", "Slate", "Sloe",
  "Sorrel", "Spruce", "Starling", "Swift", "Sycamore", "Tamarisk", "Tansy", "Teal", "Thistle",
  "Thrift", "Topaz", "Tormentil", "Turnstone", "Umber", "Valerian", "Vervain", "Vetch",
  "Willow", "Woodruff", "Wren", "Yarrow", "Yew", "Zircon",
};

/* Crockford's base 32: no I, L, O or U, so IDs cannot be misread or spell words. */
static const char base32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static char *
make_name (const guint8 *key, const char *domain, const char *entity_key, guint attempt,
           const char *role)
{
  guint64 v = veil_keys_derive_u64 (key, domain, entity_key, attempt);
  const char *word = name_words[v % G_N_ELEMENTS (name_words)];
  v /= G_N_ELEMENTS (name_words);
  char digit = (char) ('1' + v % 9);
  v /= 9;
  char letter = "ABCDEFGHJKMNPQRSTVWXYZ"[v % 22];

  return g_strdup_printf ("%s-%c%c^%s", word, digit, letter, role);
}

char *
veil_pseudonym_make_patient_name (const guint8 *key, const char *patient_key, guint attempt,
                                  gpointer unused)
{
  return make_name (key, "patient-name", patient_key, attempt, "Patient");
}

char *
veil_pseudonym_make_staff_name (const guint8 *key, const char *person_key, guint attempt,
                                gpointer unused)
{
  return make_name (key, "staff-name", person_key, attempt, "Clinician");
}

static char *
make_id (const guint8 *key, const char *domain, const char *original, guint attempt,
         const char *prefix)
{
  guint64 v = veil_keys_derive_u64 (key, domain, original, attempt);
  char id[16];
  gsize n = strlen (prefix);

  memcpy (id, prefix, n);
  for (guint i = 0; i < 8; i++)
    {
      id[n + i] = base32[v % 32];
      v /= 32;
    }
  id[n + 8] = '\0';
  return g_strdup (id);
}

char *
veil_pseudonym_make_patient_id (const guint8 *key, const char *original, guint attempt,
                                gpointer unused)
{
  return make_id (key, "patient-id", original, attempt, "VP");
}

char *
veil_pseudonym_make_accession (const guint8 *key, const char *original, guint attempt,
                               gpointer unused)
{
  return make_id (key, "accession", original, attempt, "VA");
}

char *
veil_pseudonym_make_other_id (const guint8 *key, const char *original, guint attempt,
                              gpointer unused)
{
  return make_id (key, "other-id", original, attempt, "VX");
}

char *
veil_pseudonym_make_uid (const guint8 *key, const char *original, guint attempt, gpointer unused)
{
  if (attempt == 0)
    return veil_keys_derive_uid (key, original);
  /* A 122-bit collision will not happen, but the store asks again if it ever did. */
  g_autofree char *salted = g_strdup_printf ("%s#%u", original, attempt);
  return veil_keys_derive_uid (key, salted);
}

static int
nhs_check_digit (const char *nine_digits)
{
  int sum = 0;
  for (int i = 0; i < 9; i++)
    sum += (nine_digits[i] - '0') * (10 - i);
  int check = 11 - (sum % 11);
  if (check == 11)
    return 0;
  return check; /* 10 means "no valid number with these nine digits" */
}

gboolean
veil_nhs_number_is_valid (const char *digits)
{
  if (digits == NULL || strlen (digits) != 10)
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;
  int check = nhs_check_digit (digits);
  return check != 10 && check == digits[9] - '0';
}

char *
veil_pseudonym_make_nhs_number (const guint8 *key, const char *original, guint attempt,
                                gpointer unused)
{
  /* 999 000 0000 – 999 999 9999 is reserved for testing and never issued to patients. */
  for (guint salt = 0;; salt++)
    {
      guint64 v = veil_keys_derive_u64 (key, "nhs-number", original, attempt * 64 + salt);
      char digits[11];
      g_snprintf (digits, sizeof digits, "999%06u", (guint) (v % 1000000));
      int check = nhs_check_digit (digits);
      if (check == 10)
        continue;
      digits[9] = (char) ('0' + check);
      digits[10] = '\0';
      return g_strdup (digits);
    }
}

char *
veil_pseudonym_get_family (const char *pseudonym_pn)
{
  const char *caret = strchr (pseudonym_pn, '^');
  return caret ? g_strndup (pseudonym_pn, (gsize) (caret - pseudonym_pn)) : g_strdup (pseudonym_pn);
}
