/* veil-text-surrogates.c: fake contact values and institution names (see
 * veil-text-surrogates.h). */

#include "veil-text-surrogates.h"

#include "veil-identities.h"
#include "veil-keys.h"
#include "veil-pseudonyms.h"

#include <string.h>

typedef struct {
  const char *domain;     /* HMAC domain */
  const char *normalised; /* what makes two written forms one value */
  const char *written;
  gpointer data;
} MakerContext;

static char *
normalise (const char *s, gboolean digits_only)
{
  GString *out = g_string_new (NULL);
  for (const char *p = s; *p; p++)
    {
      if (digits_only ? g_ascii_isdigit (*p) : g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_toupper (*p));
      else if (!digits_only && (guchar) *p >= 0x80)
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Get-or-create in the store, keyed on the written value (what the residual scan looks for);
 * the surrogate itself comes from the normalised value, so "01632 960123" and "01632960123"
 * get the same one. Not unique: two values may share a surrogate, which reveals nothing. */
static char *
assign (VeilMappingStore *store, const char *written, const char *patient_key,
        VeilPseudonymMaker maker, MakerContext *ctx)
{
  char *recorded = veil_mapping_store_assign (store, VEIL_MAPPING_TEXT, written, patient_key, FALSE,
                                              maker, ctx);
  if (recorded != NULL && *recorded != '\0')
    return recorded;
  /* Recorded as removed ("") by the DICOM side: make ours without overriding theirs. */
  g_free (recorded);
  return maker (veil_mapping_store_get_key (store), written, 0, ctx);
}

static guint64
derive (const guint8 *key, const MakerContext *ctx, guint attempt)
{
  return veil_keys_derive_u64 (key, ctx->domain, ctx->normalised, attempt);
}

/* ---- postcodes ---- */

static char *
make_postcode_once (const guint8 *key, MakerContext *ctx, guint attempt)
{
  static const char letters[] = "ABDEFGHJLNPQRSTUWXYZ"; /* the inward letters postcodes use */
  guint64 v = derive (key, ctx, attempt);
  char inward[4];

  inward[0] = (char) ('1' + v % 9);
  v /= 9;
  inward[1] = letters[v % 20];
  v /= 20;
  inward[2] = letters[v % 20];
  inward[3] = '\0';

  gboolean spaced = strchr (ctx->written, ' ') != NULL;
  gboolean lower = FALSE;
  for (const char *p = ctx->written; *p; p++)
    if (g_ascii_islower (*p))
      lower = TRUE;
  char *out = g_strdup_printf ("ZZ99%s%s", spaced ? " " : "", inward);
  if (lower)
    {
      char *l = g_ascii_strdown (out, -1);
      g_free (out);
      out = l;
    }
  return out;
}

/* A ZZ99 postcode (already fake) could draw itself: draw again until it differs. */
static char *
make_postcode (const guint8 *key, const char *original, guint attempt, gpointer user_data)
{
  MakerContext *ctx = user_data;
  char *out = make_postcode_once (key, ctx, attempt);
  for (guint k = 1; k < 16 && g_ascii_strcasecmp (out, ctx->written) == 0; k++)
    {
      g_free (out);
      out = make_postcode_once (key, ctx, attempt + 0x10000u * k);
    }
  return out;
}

char *
veil_text_surrogate_postcode (VeilMappingStore *store, const char *written, const char *patient_key)
{
  g_autofree char *n = normalise (written, FALSE);
  MakerContext ctx = { "text-postcode", n, written, NULL };
  return assign (store, written, patient_key, make_postcode, &ctx);
}

/* ---- telephone numbers ---- */

/* The drama range for a national significant number (the digits after 0 or +44). */
static const char *
drama_prefix (const char *nsn)
{
  static const struct {
    const char *area;
    const char *range;
  } ranges[] = {
    { "7", "7700900" },   { "20", "2079460" },  { "191", "1914980" }, { "28", "2896496" },
    { "29", "2920180" },  { "8", "8081570" },   { "3", "3069990" },   { "9", "9098790" },
    { "113", "1134960" }, { "114", "1144960" }, { "115", "1154960" }, { "116", "1164960" },
    { "117", "1174960" }, { "118", "1184960" }, { "121", "1214960" }, { "131", "1314960" },
    { "141", "1414960" }, { "151", "1514960" }, { "161", "1614960" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (g_str_has_prefix (nsn, ranges[i].area))
      return ranges[i].range;
  return "1632960";
}

static void
append_digits (GString *out, guint64 *v, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_string_append_c (out, (char) ('0' + *v % 10));
      *v /= 10;
    }
}

/* Every digit of `written` is replaced in place, so "+44 (0)1632 960123 ext 4567" keeps its
 * plus, brackets, spaces and extension word. */
static char *
make_phone_once (const guint8 *key, MakerContext *ctx, guint attempt)
{
  const char *w = ctx->written;
  guint64 v = derive (key, ctx, attempt);

  /* Split the digits: the main number, then an extension after letters ("ext", "x"). */
  GString *main = g_string_new (NULL);
  guint ext_digits = 0;
  gboolean in_ext = FALSE;
  for (const char *p = w; *p; p++)
    {
      if (g_ascii_isalpha (*p) && main->len > 0)
        in_ext = TRUE;
      if (g_ascii_isdigit (*p))
        {
          if (in_ext)
            ext_digits++;
          else
            g_string_append_c (main, *p);
        }
    }

  GString *fake = g_string_new (NULL);
  const char *d = main->str;
  if (main->len < 8)
    append_digits (fake, &v, (guint) main->len); /* an extension or bleep alone */
  else
    {
      /* Keep the prefix digits (44, 0044, the 0 of "(0)" or of the trunk prefix). */
      gsize prefix = 0;
      if (g_str_has_prefix (d, "0044"))
        prefix = 4;
      else if (g_str_has_prefix (d, "44") && strchr (w, '+'))
        prefix = 2;
      if (d[prefix] == '0')
        prefix++;
      g_string_append_len (fake, d, (gssize) prefix);
      const char *nsn = d + prefix;
      gsize nsn_len = strlen (nsn);
      const char *range = drama_prefix (nsn);
      gsize rl = strlen (range);
      if (nsn_len > rl)
        {
          g_string_append (fake, range);
          append_digits (fake, &v, (guint) (nsn_len - rl));
        }
      else
        append_digits (fake, &v, (guint) nsn_len);
    }
  append_digits (fake, &v, ext_digits);

  GString *out = g_string_new (NULL);
  const char *f = fake->str;
  for (const char *p = w; *p; p++)
    g_string_append_c (out, g_ascii_isdigit (*p) && *f ? *f++ : *p);
  g_string_free (main, TRUE);
  g_string_free (fake, TRUE);
  return g_string_free (out, FALSE);
}

/* A number already in a drama range keeps its range, so its fake could come out the same
 * (one in a thousand): draw again until it differs. */
static char *
make_phone (const guint8 *key, const char *original, guint attempt, gpointer user_data)
{
  MakerContext *ctx = user_data;
  char *out = make_phone_once (key, ctx, attempt);
  for (guint k = 1; k < 16 && g_str_equal (out, ctx->written); k++)
    {
      g_free (out);
      out = make_phone_once (key, ctx, attempt + 0x10000u * k);
    }
  return out;
}

char *
veil_text_surrogate_phone (VeilMappingStore *store, const char *written, const char *patient_key)
{
  g_autofree char *n = normalise (written, TRUE);
  /* "+44 1632 960123" and "01632 960123" are one number. */
  const char *nsn = n;
  if (g_str_has_prefix (nsn, "0044"))
    nsn += 4;
  else if (g_str_has_prefix (nsn, "44") && strchr (written, '+'))
    nsn += 2;
  if (*nsn == '0')
    nsn++;
  MakerContext ctx = { "text-phone", nsn, written, NULL };
  return assign (store, written, patient_key, make_phone, &ctx);
}

/* ---- emails and URLs ---- */

static const char base32[] = "0123456789abcdefghjkmnpqrstvwxyz";

static char *
make_email (const guint8 *key, const char *original, guint attempt, gpointer user_data)
{
  MakerContext *ctx = user_data;
  guint64 v = derive (key, ctx, attempt);
  char id[7];
  for (guint i = 0; i < 6; i++)
    {
      id[i] = base32[v % 32];
      v /= 32;
    }
  id[6] = '\0';
  gboolean upper = TRUE;
  for (const char *p = ctx->written; *p; p++)
    if (g_ascii_islower (*p))
      upper = FALSE;
  char *out = g_strdup_printf ("contact.%s@example.org", id);
  if (upper)
    {
      char *u = g_ascii_strup (out, -1);
      g_free (out);
      out = u;
    }
  return out;
}

char *
veil_text_surrogate_email (VeilMappingStore *store, const char *written, const char *patient_key)
{
  g_autofree char *n = g_ascii_strdown (written, -1);
  MakerContext ctx = { "text-email", n, written, NULL };
  return assign (store, written, patient_key, make_email, &ctx);
}

static char *
make_url (const guint8 *key, const char *original, guint attempt, gpointer user_data)
{
  MakerContext *ctx = user_data;
  guint64 v = derive (key, ctx, attempt);
  char id[7];
  for (guint i = 0; i < 6; i++)
    {
      id[i] = base32[v % 32];
      v /= 32;
    }
  id[6] = '\0';
  return g_strdup_printf ("https://example.org/%s", id);
}

char *
veil_text_surrogate_url (VeilMappingStore *store, const char *written)
{
  MakerContext ctx = { "text-url", written, written, NULL };
  return assign (store, written, NULL, make_url, &ctx);
}

/* ---- addresses and institutions ---- */

char *
veil_text_surrogate_address (VeilMappingStore *store, const char *written, const char *patient_key)
{
  veil_identities_record_removed_text (store, written, patient_key);
  return g_strdup ("[address]");
}

static char *
make_institution (const guint8 *key, const char *original, guint attempt, gpointer user_data)
{
  MakerContext *ctx = user_data;
  /* A word from the pseudonym vocabulary, from a domain of its own: an institution's name
   * cannot be linked to a person's pseudonym. */
  g_autofree char *message = g_strconcat ("institution:", ctx->normalised, NULL);
  g_autofree char *pn = veil_pseudonym_make_staff_name (key, message, attempt, NULL);
  g_autofree char *word = veil_pseudonym_get_family (pn);
  const char *tail = ctx->data;
  if (g_ascii_strncasecmp (ctx->written, "NHS ", 4) == 0 && (tail == NULL || *tail == '\0'))
    return g_strdup_printf ("%.3s %s", ctx->written, word); /* "NHS Strathmore" */
  if (tail == NULL || *tail == '\0')
    return g_strdup (word);
  if (g_ascii_strcasecmp (tail, "Ward") == 0 && g_ascii_strncasecmp (ctx->written, "ward", 4) == 0)
    return g_strdup_printf ("%.4s %s", ctx->written, word);
  return g_strdup_printf ("%s %s", word, tail);
}

char *
veil_text_surrogate_institution (VeilMappingStore *store, const char *written, const char *tail,
                                 gboolean ward_first)
{
  g_autofree char *n = normalise (written, FALSE);
  MakerContext ctx = { "text-institution", n, written, (gpointer) tail };
  return assign (store, written, NULL, make_institution, &ctx);
}
