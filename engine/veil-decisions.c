/* veil-decisions.c: a reviewer's decisions on report findings (see veil-decisions.h). */

#include "veil-decisions.h"

#include <gio/gio.h>
#include <string.h>

static char *
checked_text (const char *text, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  glong n = g_utf8_strlen (trimmed, -1);
  if (!g_utf8_validate (trimmed, -1, NULL) || n < VEIL_DECISION_MIN_CHARS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is too short to decide on: it would match by chance", trimmed);
      return NULL;
    }
  if (n > VEIL_DECISION_MAX_CHARS || strchr (trimmed, '\n') != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "a decision is about one line of at most %d characters",
                   VEIL_DECISION_MAX_CHARS);
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

gboolean
veil_decisions_mark_not_identifier (VeilMappingStore *store, const char *text, GError **error)
{
  g_autofree char *value = checked_text (text, error);
  if (value == NULL)
    return FALSE;
  return veil_mapping_store_set (store, VEIL_MAPPING_NOT_IDENTIFIER, value, value, NULL, FALSE,
                                 error);
}

gboolean
veil_decisions_add_identifier (VeilMappingStore *store, VeilTextKind kind, const char *text,
                               GError **error)
{
  g_return_val_if_fail ((guint) kind < VEIL_TEXT_N_KINDS, FALSE);
  g_autofree char *value = checked_text (text, error);
  if (value == NULL)
    return FALSE;
  /* A reviewer who marks text again changes their mind: it is an identifier after all. */
  g_autofree char *kept = veil_mapping_store_lookup (store, VEIL_MAPPING_NOT_IDENTIFIER, value);
  if (kept != NULL
      && !veil_mapping_store_set (store, VEIL_MAPPING_NOT_IDENTIFIER, value, "", NULL, FALSE,
                                  error))
    return FALSE;
  return veil_mapping_store_set (store, VEIL_MAPPING_REVIEWER_IDENTIFIER, value,
                                 veil_text_kind_to_string (kind), NULL, FALSE, error);
}

static void
collect_kept (const VeilMapping *m, gpointer user_data)
{
  /* An empty pseudonym withdraws the decision (the store has no delete). */
  if (m->pseudonym && *m->pseudonym)
    g_hash_table_add (user_data, g_strdup (m->original));
}

GHashTable *
veil_decisions_not_identifiers (VeilMappingStore *store)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  veil_mapping_store_foreach (store, VEIL_MAPPING_NOT_IDENTIFIER, collect_kept, set);
  return set;
}

typedef struct {
  VeilDecisionFunc func;
  gpointer data;
} ForeachData;

static void
foreach_identifier (const VeilMapping *m, gpointer user_data)
{
  ForeachData *fd = user_data;
  VeilTextKind kind;
  if (!veil_text_kind_from_string (m->pseudonym, &kind))
    return;
  fd->func (kind, m->original, fd->data);
}

void
veil_decisions_foreach_identifier (VeilMappingStore *store, VeilDecisionFunc func,
                                   gpointer user_data)
{
  ForeachData fd = { func, user_data };
  veil_mapping_store_foreach (store, VEIL_MAPPING_REVIEWER_IDENTIFIER, foreach_identifier, &fd);
}

/* A person's name as a reviewer selects it ("John Smith", "SMITH, John", "Smith") in the
 * DICOM PN form the text engine knows people by. */
static char *
name_as_pn (const char *text)
{
  if (strchr (text, '^'))
    return g_strdup (text);
  const char *comma = strchr (text, ',');
  if (comma)
    {
      g_autofree char *family = g_strstrip (g_strndup (text, comma - text));
      g_autofree char *given = g_strstrip (g_strdup (comma + 1));
      return g_strconcat (family, "^", given, NULL);
    }
  g_auto (GStrv) words = g_strsplit_set (text, " \t", -1);
  guint n = g_strv_length (words);
  while (n > 0 && *words[n - 1] == '\0')
    n--;
  if (n <= 1)
    return g_strdup (text);
  g_autoptr (GString) given = g_string_new (NULL);
  for (guint i = 0; i + 1 < n; i++)
    if (*words[i])
      g_string_append_printf (given, "%s%s", given->len ? " " : "", words[i]);
  return g_strconcat (words[n - 1], "^", given->str, NULL);
}

static void
teach_one (VeilTextKind kind, const char *text, gpointer user_data)
{
  VeilTextDeidentifier *engine = user_data;
  if (kind == VEIL_TEXT_KIND_PERSON)
    {
      g_autofree char *pn = name_as_pn (text);
      veil_text_deidentifier_add_person (engine, pn);
    }
  else
    veil_text_deidentifier_add_identifier (engine, kind, text, NULL);
}

void
veil_decisions_teach (VeilMappingStore *store, VeilTextDeidentifier *text)
{
  veil_decisions_foreach_identifier (store, teach_one, text);
}

char *
veil_decisions_finding_key (const char *report_path, const VeilTextFinding *finding)
{
  return g_strdup_printf ("%s\x1f%" G_GSIZE_FORMAT "\x1f%s", report_path, finding->start,
                          finding->original);
}
