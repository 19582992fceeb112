/* veil-dicom-overrides.c: a reviewer's per-attribute decisions (see veil-dicom-overrides.h). */

#include "config.h"

#include "veil-dicom-overrides.h"

#include <gio/gio.h>
#include <string.h>

/* Bounds: a path is at most this long (deep sequences are bounded by the prescan anyway). */
#define MAX_PATH_LENGTH 1024

static const char *const action_names[] = { "none", "keep", "remove", "set" };

struct _VeilDicomOverrides
{
  GHashTable *decisions; /* "scope path" → Decision */
};

typedef struct {
  VeilOverrideAction action;
  char *value;
} Decision;

static void
decision_free (Decision *decision)
{
  g_free (decision->value);
  g_free (decision);
}

const char *
veil_override_action_to_string (VeilOverrideAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_names), "none");
  return action_names[action];
}

gboolean
veil_override_action_from_string (const char *name, VeilOverrideAction *action)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (action_names); i++)
    if (g_str_equal (name, action_names[i]))
      {
        *action = (VeilOverrideAction) i;
        return TRUE;
      }
  return FALSE;
}

/* A path as the change list writes it: keywords or (gggg,eeee), item indices, dots. No space,
 * so "scope path" splits at the first space. */
static gboolean
is_attribute_path (const char *path)
{
  gsize len = strlen (path);
  if (len == 0 || len > MAX_PATH_LENGTH)
    return FALSE;
  for (const char *p = path; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("[](),.", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_uid (const char *uid)
{
  gsize len = strlen (uid);
  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = uid; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
veil_dicom_overrides_record (VeilMappingStore *store, const char *scope_uid, const char *path,
                             VeilOverrideAction action, const char *value, GError **error)
{
  g_return_val_if_fail (VEIL_IS_MAPPING_STORE (store), FALSE);

  if (scope_uid == NULL || !is_uid (scope_uid))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "\"%s\" is not an instance or series UID", scope_uid ? scope_uid : "");
      return FALSE;
    }
  if (path == NULL || !is_attribute_path (path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "\"%s\" is not an attribute path", path ? path : "");
      return FALSE;
    }
  if ((guint) action >= G_N_ELEMENTS (action_names))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown override action");
      return FALSE;
    }
  if (action == VEIL_OVERRIDE_SET && value == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "a new value for %s is missing", path);
      return FALSE;
    }
  if (value != NULL && (strlen (value) > 0xFFFE || !g_utf8_validate (value, -1, NULL)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the new value for %s is too long or not UTF-8", path);
      return FALSE;
    }

  g_autofree char *key = g_strconcat (scope_uid, " ", path, NULL);
  return veil_mapping_store_set (store, VEIL_MAPPING_ATTRIBUTE_OVERRIDE, key,
                                 action == VEIL_OVERRIDE_SET ? value : "",
                                 veil_override_action_to_string (action), FALSE, error);
}

static void
add_row (const VeilMapping *mapping, gpointer user_data)
{
  VeilDicomOverrides *self = user_data;
  VeilOverrideAction action;

  /* A row this version does not understand is ignored rather than guessed at: the profile
   * then decides, which is the fail-closed side. */
  if (!veil_override_action_from_string (mapping->entity, &action) || action == VEIL_OVERRIDE_NONE
      || strchr (mapping->original, ' ') == NULL)
    return;
  Decision *decision = g_new0 (Decision, 1);
  decision->action = action;
  decision->value = g_strdup (action == VEIL_OVERRIDE_SET ? mapping->pseudonym : NULL);
  g_hash_table_replace (self->decisions, g_strdup (mapping->original), decision);
}

VeilDicomOverrides *
veil_dicom_overrides_new (VeilMappingStore *store)
{
  VeilDicomOverrides *self = g_new0 (VeilDicomOverrides, 1);
  self->decisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) decision_free);
  if (store != NULL)
    veil_mapping_store_foreach (store, VEIL_MAPPING_ATTRIBUTE_OVERRIDE, add_row, self);
  return self;
}

void
veil_dicom_overrides_free (VeilDicomOverrides *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->decisions);
  g_free (self);
}

gboolean
veil_dicom_overrides_is_empty (const VeilDicomOverrides *self)
{
  return self == NULL || g_hash_table_size (self->decisions) == 0;
}

static const Decision *
find (const VeilDicomOverrides *self, const char *scope, const char *path)
{
  if (scope == NULL || *scope == '\0')
    return NULL;
  g_autofree char *key = g_strconcat (scope, " ", path, NULL);
  return g_hash_table_lookup (self->decisions, key);
}

VeilOverrideAction
veil_dicom_overrides_lookup (const VeilDicomOverrides *self, const char *sop_instance_uid,
                             const char *series_uid, const char *path, const char **value)
{
  const Decision *decision = NULL;

  if (value != NULL)
    *value = NULL;
  if (veil_dicom_overrides_is_empty (self) || path == NULL)
    return VEIL_OVERRIDE_NONE;
  decision = find (self, sop_instance_uid, path);
  if (decision == NULL)
    decision = find (self, series_uid, path);
  if (decision == NULL)
    return VEIL_OVERRIDE_NONE;
  if (value != NULL)
    *value = decision->value;
  return decision->action;
}
