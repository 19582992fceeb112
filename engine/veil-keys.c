/* veil-keys.c: keyed derivations (see veil-keys.h). */

#include "veil-keys.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/random.h>
#include <errno.h>

void
veil_keys_hmac (const guint8 *key, const char *domain, const char *message, guint8 out[32])
{
  GHmac *hmac = g_hmac_new (G_CHECKSUM_SHA256, key, VEIL_KEY_LENGTH);
  gsize len = 32;
  static const guchar separator = 0;

  /* The separator keeps ("ab", "c") and ("a", "bc") apart. */
  g_hmac_update (hmac, (const guchar *) domain, strlen (domain));
  g_hmac_update (hmac, &separator, 1);
  g_hmac_update (hmac, (const guchar *) message, strlen (message));
  g_hmac_get_digest (hmac, out, &len);
  g_hmac_unref (hmac);
  g_assert (len == 32);
}

guint64
veil_keys_derive_u64 (const guint8 *key, const char *domain, const char *message, guint attempt)
{
  guint8 digest[32];
  guint64 value = 0;

  if (attempt == 0)
    veil_keys_hmac (key, domain, message, digest);
  else
    {
      g_autofree char *salted = g_strdup_printf ("%s#%u", message, attempt);
      veil_keys_hmac (key, domain, salted, digest);
    }

  for (guint i = 0; i < 8; i++)
    value = (value << 8) | digest[i];
  return value;
}

char *
veil_keys_bytes_to_decimal (const guint8 *bytes, gsize len)
{
  /* Schoolbook long division by 10 on a big-endian copy: 128-bit values need 39 digits. */
  g_autofree guint8 *work = g_memdup2 (bytes, len);
  GString *digits = g_string_new (NULL);
  gboolean nonzero = TRUE;

  while (nonzero)
    {
      guint remainder = 0;
      nonzero = FALSE;
      for (gsize i = 0; i < len; i++)
        {
          guint current = (remainder << 8) | work[i];
          work[i] = (guint8) (current / 10);
          remainder = current % 10;
          if (work[i] != 0)
            nonzero = TRUE;
        }
      g_string_append_c (digits, (char) ('0' + remainder));
    }

  g_strreverse (digits->str);
  return g_string_free (digits, FALSE);
}

char *
veil_keys_derive_uid (const guint8 *key, const char *original_uid)
{
  guint8 digest[32];
  g_autofree char *decimal = NULL;

  veil_keys_hmac (key, "uid", original_uid, digest);
  /* RFC 9562 layout: version 8 in the high nibble of byte 6, variant 10xx in byte 8. */
  digest[6] = (guint8) ((digest[6] & 0x0F) | 0x80);
  digest[8] = (guint8) ((digest[8] & 0x3F) | 0x80);
  decimal = veil_keys_bytes_to_decimal (digest, 16);
  return g_strconcat ("2.25.", decimal, NULL);
}

int
veil_keys_derive_day_offset (const guint8 *key, const char *patient_key)
{
  guint64 value = veil_keys_derive_u64 (key, "date-offset", patient_key, 0);
  const int span = 3652 - 366 + 1;

  return -(366 + (int) (value % (guint64) span));
}

gboolean
veil_keys_generate (guint8 out[VEIL_KEY_LENGTH], GError **error)
{
  gsize filled = 0;

  while (filled < VEIL_KEY_LENGTH)
    {
      ssize_t n = getrandom (out + filled, VEIL_KEY_LENGTH - filled, 0);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "cannot read random bytes for a new key: %s", g_strerror (errno));
          return FALSE;
        }
      filled += (gsize) n;
    }
  return TRUE;
}
