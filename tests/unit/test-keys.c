/* Unit tests of the keyed derivations: UIDs, day offsets, decimal conversion. */

#include "veil-keys.h"

#include <string.h>

static const guint8 key_a[VEIL_KEY_LENGTH] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static const guint8 key_b[VEIL_KEY_LENGTH] = { 2, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

static gboolean
uid_is_valid (const char *uid)
{
  gsize len = strlen (uid);
  if (len == 0 || len > 64)
    return FALSE;
  g_auto (GStrv) parts = g_strsplit (uid, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        return FALSE;
      if (parts[i][0] == '0' && parts[i][1] != '\0')
        return FALSE; /* no leading zeros */
      for (const char *p = parts[i]; *p; p++)
        if (!g_ascii_isdigit (*p))
          return FALSE;
    }
  return TRUE;
}

static void
test_uid_form (void)
{
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *original = g_strdup_printf ("1.2.826.0.1.3680043.2.%u", i);
      g_autofree char *uid = veil_keys_derive_uid (key_a, original);
      g_assert_true (g_str_has_prefix (uid, "2.25."));
      g_assert_true (uid_is_valid (uid));
      g_assert_cmpuint (strlen (uid), <=, 44);
    }
}

static void
test_uid_keyed (void)
{
  const char *original = "1.2.840.113619.2.55.3.2831164355.123";
  g_autofree char *a1 = veil_keys_derive_uid (key_a, original);
  g_autofree char *a2 = veil_keys_derive_uid (key_a, original);
  g_autofree char *b = veil_keys_derive_uid (key_b, original);
  g_autofree char *other = veil_keys_derive_uid (key_a, "1.2.840.113619.2.55.3.2831164355.124");

  g_assert_cmpstr (a1, ==, a2);    /* same key, same original: same UID */
  g_assert_cmpstr (a1, !=, b);     /* another key: unlinkable */
  g_assert_cmpstr (a1, !=, other); /* another original: another UID */
}

static void
test_uid_is_uuid_v8 (void)
{
  /* The 2.25 arc is for UUIDs: the number must carry version 8 and the RFC variant. */
  guint8 digest[32];
  veil_keys_hmac (key_a, "uid", "1.2.3.4", digest);
  g_autofree char *uid = veil_keys_derive_uid (key_a, "1.2.3.4");
  g_assert_true (uid_is_valid (uid));
  /* recompute the expected decimal from the digest with the bits set */
  digest[6] = (guint8) ((digest[6] & 0x0F) | 0x80);
  digest[8] = (guint8) ((digest[8] & 0x3F) | 0x80);
  g_autofree char *decimal = veil_keys_bytes_to_decimal (digest, 16);
  g_assert_cmpstr (uid + 5, ==, decimal);
}

static void
test_decimal (void)
{
  const guint8 zero[4] = { 0 };
  const guint8 ff[2] = { 0xFF, 0xFF };
  const guint8 max128[16] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                              0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
  g_autofree char *z = veil_keys_bytes_to_decimal (zero, sizeof zero);
  g_autofree char *f = veil_keys_bytes_to_decimal (ff, sizeof ff);
  g_autofree char *m = veil_keys_bytes_to_decimal (max128, sizeof max128);
  g_assert_cmpstr (z, ==, "0");
  g_assert_cmpstr (f, ==, "65535");
  g_assert_cmpstr (m, ==, "340282366920938463463374607431768211455");
}

static void
test_day_offset (void)
{
  GHashTable *seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *patient = g_strdup_printf ("id:|RX%07u", i);
      int offset = veil_keys_derive_day_offset (key_a, patient);
      g_assert_cmpint (offset, <=, -366);
      g_assert_cmpint (offset, >=, -3652);
      g_assert_cmpint (offset, ==, veil_keys_derive_day_offset (key_a, patient));
      g_hash_table_add (seen, GINT_TO_POINTER (offset));
    }
  /* offsets spread over the range rather than clustering */
  g_assert_cmpuint (g_hash_table_size (seen), >, 700);
  g_hash_table_unref (seen);
}

static void
test_hmac_domains (void)
{
  guint8 a[32], b[32];
  /* The domain separator keeps ("ab","c") and ("a","bc") apart. */
  veil_keys_hmac (key_a, "ab", "c", a);
  veil_keys_hmac (key_a, "a", "bc", b);
  g_assert_true (memcmp (a, b, 32) != 0);
}

static void
test_generate (void)
{
  guint8 k1[VEIL_KEY_LENGTH], k2[VEIL_KEY_LENGTH];
  g_assert_true (veil_keys_generate (k1, NULL));
  g_assert_true (veil_keys_generate (k2, NULL));
  g_assert_true (memcmp (k1, k2, VEIL_KEY_LENGTH) != 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keys/uid-form", test_uid_form);
  g_test_add_func ("/keys/uid-keyed", test_uid_keyed);
  g_test_add_func ("/keys/uid-uuid-v8", test_uid_is_uuid_v8);
  g_test_add_func ("/keys/decimal", test_decimal);
  g_test_add_func ("/keys/day-offset", test_day_offset);
  g_test_add_func ("/keys/hmac-domains", test_hmac_domains);
  g_test_add_func ("/keys/generate", test_generate);
  return g_test_run ();
}
