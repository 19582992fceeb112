/* veil-keys.h: everything Veil derives from the mapping store's secret key.
 *
 * Each derivation is HMAC-SHA-256 (GLib's GHmac) over a domain label and the original
 * value, so the same store gives the same pseudonym for the same original, a new store gives
 * unlinkable ones, and nobody without the key can recompute a pseudonym from an original.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VEIL_KEY_LENGTH 32

/* HMAC-SHA-256(key, domain || 0x00 || message) into `out`. */
void veil_keys_hmac (const guint8 *key, const char *domain, const char *message,
                     guint8 out[32]);

/* A 64-bit number from the HMAC, for choosing among pseudonyms. `attempt` > 0 gives the
 * next candidate when a pseudonym is already taken. */
guint64 veil_keys_derive_u64 (const guint8 *key, const char *domain, const char *message,
                              guint attempt);

/* "2.25." + the decimal form of a 128-bit UUID (RFC 9562 version 8, custom) built from the
 * HMAC of the original UID. At most 44 characters, no leading zeros. */
char *veil_keys_derive_uid (const guint8 *key, const char *original_uid);

/* The per-patient date shift: a whole number of days in [-3652, -366], so a shifted date is
 * always at least a year in the past of the original and intervals are kept. */
int veil_keys_derive_day_offset (const guint8 *key, const char *patient_key);

/* A fresh random key from the operating system's CSPRNG. */
gboolean veil_keys_generate (guint8 out[VEIL_KEY_LENGTH], GError **error);

/* The decimal digits of a big-endian unsigned integer (no leading zeros; "0" for zero). */
char *veil_keys_bytes_to_decimal (const guint8 *bytes, gsize len);

G_END_DECLS
