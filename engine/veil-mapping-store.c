/* veil-mapping-store.c: the SQLite mapping store (see veil-mapping-store.h). */

#include "veil-mapping-store.h"

#include "veil-keys.h"

#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>

#define SCHEMA_VERSION "1"

typedef struct {
  char *kind;
  char *original;
  char *pseudonym;
  char *entity;
  gboolean dirty;
} Row;

struct _VeilMappingStore
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  guint8 key[VEIL_KEY_LENGTH];

  GMutex lock;
  GPtrArray *rows;          /* Row*, in insertion order */
  GHashTable *by_original;  /* "kind\x1foriginal" → Row* */
  GHashTable *by_pseudonym; /* "kind\x1fpseudonym" → Row* (the first original that took it) */
};

G_DEFINE_FINAL_TYPE (VeilMappingStore, veil_mapping_store, G_TYPE_OBJECT)

static void
row_free (Row *row)
{
  g_free (row->kind);
  g_free (row->original);
  g_free (row->pseudonym);
  g_free (row->entity);
  g_free (row);
}

static char *
compound_key (const char *kind, const char *value)
{
  return g_strconcat (kind, "\x1f", value, NULL);
}

static void
veil_mapping_store_finalize (GObject *object)
{
  VeilMappingStore *self = VEIL_MAPPING_STORE (object);

  if (self->db != NULL)
    sqlite3_close (self->db);
  g_hash_table_unref (self->by_original);
  g_hash_table_unref (self->by_pseudonym);
  g_ptr_array_unref (self->rows);
  g_mutex_clear (&self->lock);
  memset (self->key, 0, sizeof self->key);
  g_free (self->path);

  G_OBJECT_CLASS (veil_mapping_store_parent_class)->finalize (object);
}

static void
veil_mapping_store_class_init (VeilMappingStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = veil_mapping_store_finalize;
}

static void
veil_mapping_store_init (VeilMappingStore *self)
{
  g_mutex_init (&self->lock);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->by_original = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_pseudonym = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gboolean
sql_error (VeilMappingStore *self, GError **error, const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "mapping store %s: %s: %s", self->path,
               what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec_sql (VeilMappingStore *self, const char *sql, GError **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (self, error, sql);
  return TRUE;
}

/* Adds a row to the cache; the caller holds the lock. */
static Row *
cache_insert (VeilMappingStore *self, const char *kind, const char *original,
              const char *pseudonym, const char *entity, gboolean dirty)
{
  Row *row = g_new0 (Row, 1);
  row->kind = g_strdup (kind);
  row->original = g_strdup (original);
  row->pseudonym = g_strdup (pseudonym);
  row->entity = g_strdup (entity);
  row->dirty = dirty;
  g_ptr_array_add (self->rows, row);
  g_hash_table_replace (self->by_original, compound_key (kind, original), row);
  char *by_pseudonym = compound_key (kind, pseudonym);
  if (!g_hash_table_contains (self->by_pseudonym, by_pseudonym))
    g_hash_table_insert (self->by_pseudonym, by_pseudonym, row);
  else
    g_free (by_pseudonym);
  return row;
}

static gboolean
load_key (VeilMappingStore *self, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE name = 'key'", -1, &stmt,
                          NULL) != SQLITE_OK)
    return sql_error (self, error, "reading the key");
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == VEIL_KEY_LENGTH)
    {
      memcpy (self->key, sqlite3_column_blob (stmt, 0), VEIL_KEY_LENGTH);
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  if (found)
    return TRUE;

  if (!veil_keys_generate (self->key, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, "INSERT INTO meta (name, value) VALUES ('key', ?1)", -1,
                          &stmt, NULL) != SQLITE_OK)
    return sql_error (self, error, "storing the key");
  sqlite3_bind_blob (stmt, 1, self->key, VEIL_KEY_LENGTH, SQLITE_STATIC);
  int rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sql_error (self, error, "storing the key");
  return TRUE;
}

static gboolean
load_rows (VeilMappingStore *self, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT kind, original, pseudonym, entity FROM mapping ORDER BY rowid",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (self, error, "reading mappings");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    cache_insert (self, (const char *) sqlite3_column_text (stmt, 0),
                  (const char *) sqlite3_column_text (stmt, 1),
                  (const char *) sqlite3_column_text (stmt, 2),
                  (const char *) sqlite3_column_text (stmt, 3), FALSE);
  sqlite3_finalize (stmt);
  return TRUE;
}

VeilMappingStore *
veil_mapping_store_open (const char *path, GError **error)
{
  g_autoptr (VeilMappingStore) self = g_object_new (VEIL_TYPE_MAPPING_STORE, NULL);
  int rc;

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot open mapping store %s: %s",
                   path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  if (!exec_sql (self, "PRAGMA foreign_keys = ON", error)
      || !exec_sql (self,
                    "BEGIN IMMEDIATE;"
                    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);"
                    "CREATE TABLE IF NOT EXISTS mapping ("
                    "  kind TEXT NOT NULL, original TEXT NOT NULL, pseudonym TEXT NOT NULL,"
                    "  entity TEXT, created TEXT NOT NULL DEFAULT (datetime('now')),"
                    "  PRIMARY KEY (kind, original));"
                    "CREATE INDEX IF NOT EXISTS mapping_by_pseudonym ON mapping (kind, pseudonym);"
                    "INSERT OR IGNORE INTO meta (name, value) VALUES ('schema', '" SCHEMA_VERSION "');"
                    "INSERT OR IGNORE INTO meta (name, value) VALUES ('application', 'Veil');",
                    error))
    {
      /* A file that is not an SQLite database fails here with "file is not a database". */
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  if (!load_key (self, error) || !exec_sql (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  if (!load_rows (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
veil_mapping_store_get_path (VeilMappingStore *self)
{
  return self->path;
}

const guint8 *
veil_mapping_store_get_key (VeilMappingStore *self)
{
  return self->key;
}

static Row *
find_row_locked (VeilMappingStore *self, const char *kind, const char *original)
{
  g_autofree char *k = compound_key (kind, original);
  return g_hash_table_lookup (self->by_original, k);
}

static gboolean
pseudonym_taken_locked (VeilMappingStore *self, const char *kind, const char *pseudonym,
                        const char *original)
{
  g_autofree char *k = compound_key (kind, pseudonym);
  Row *row = g_hash_table_lookup (self->by_pseudonym, k);
  return row != NULL && g_strcmp0 (row->original, original) != 0
         && g_strcmp0 (row->pseudonym, pseudonym) == 0;
}

char *
veil_mapping_store_lookup (VeilMappingStore *self, const char *kind, const char *original)
{
  char *result = NULL;

  g_mutex_lock (&self->lock);
  Row *row = find_row_locked (self, kind, original);
  if (row != NULL)
    result = g_strdup (row->pseudonym);
  g_mutex_unlock (&self->lock);
  return result;
}

char *
veil_mapping_store_assign (VeilMappingStore *self, const char *kind, const char *original,
                           const char *entity, gboolean unique, VeilPseudonymMaker maker,
                           gpointer user_data)
{
  char *result = NULL;

  g_mutex_lock (&self->lock);
  Row *row = find_row_locked (self, kind, original);
  if (row != NULL)
    result = g_strdup (row->pseudonym);
  else
    {
      for (guint attempt = 0; result == NULL; attempt++)
        {
          char *candidate = maker (self->key, original, attempt, user_data);
          if (unique && pseudonym_taken_locked (self, kind, candidate, original))
            {
              g_free (candidate);
              /* Readable pseudonyms come from finite lists; past this many tries the list is
               * full for this kind, which is a bug in the caller's maker, not bad input. */
              g_assert (attempt < 100000);
              continue;
            }
          result = candidate;
        }
      cache_insert (self, kind, original, result, entity, TRUE);
    }
  g_mutex_unlock (&self->lock);
  return result;
}

gboolean
veil_mapping_store_set (VeilMappingStore *self, const char *kind, const char *original,
                        const char *pseudonym, const char *entity, gboolean unique,
                        GError **error)
{
  gboolean ok = TRUE;

  g_mutex_lock (&self->lock);
  if (unique && pseudonym_taken_locked (self, kind, pseudonym, original))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "the pseudonym \"%s\" is already used for another %s", pseudonym, kind);
      ok = FALSE;
    }
  else
    {
      Row *row = find_row_locked (self, kind, original);
      if (row == NULL)
        cache_insert (self, kind, original, pseudonym, entity, TRUE);
      else
        {
          g_free (row->pseudonym);
          row->pseudonym = g_strdup (pseudonym);
          if (entity != NULL)
            {
              g_free (row->entity);
              row->entity = g_strdup (entity);
            }
          row->dirty = TRUE;
          g_hash_table_replace (self->by_pseudonym, compound_key (kind, pseudonym), row);
        }
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
veil_mapping_store_flush (VeilMappingStore *self, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->lock);
  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    goto out;
  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO mapping (kind, original, pseudonym, entity)"
                          " VALUES (?1, ?2, ?3, ?4)"
                          " ON CONFLICT (kind, original) DO UPDATE SET"
                          " pseudonym = excluded.pseudonym,"
                          " entity = coalesce(excluded.entity, entity)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (self, error, "preparing the update");
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      goto out;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      if (!row->dirty)
        continue;
      sqlite3_bind_text (stmt, 1, row->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, row->original, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, row->pseudonym, -1, SQLITE_STATIC);
      if (row->entity != NULL)
        sqlite3_bind_text (stmt, 4, row->entity, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 4);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sql_error (self, error, "writing a mapping");
          sqlite3_finalize (stmt);
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          goto out;
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (!exec_sql (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      goto out;
    }
  for (guint i = 0; i < self->rows->len; i++)
    ((Row *) g_ptr_array_index (self->rows, i))->dirty = FALSE;
  ok = TRUE;

out:
  g_mutex_unlock (&self->lock);
  return ok;
}

void
veil_mapping_store_discard_pending (VeilMappingStore *self)
{
  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->by_original);
  g_hash_table_remove_all (self->by_pseudonym);
  g_ptr_array_set_size (self->rows, 0);
  g_mutex_unlock (&self->lock);

  /* Reload what the database holds; overrides made since the last flush are lost too, which
   * is what a failed export wants. */
  load_rows (self, NULL);
}

void
veil_mapping_store_foreach (VeilMappingStore *self, const char *kind, VeilMappingFunc func,
                            gpointer user_data)
{
  g_autoptr (GPtrArray) snapshot = g_ptr_array_new ();

  /* Copy under the lock, call outside it, so callbacks may use the store. */
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      if (kind == NULL || g_str_equal (row->kind, kind))
        {
          VeilMapping *m = g_new (VeilMapping, 1);
          m->kind = g_strdup (row->kind);
          m->original = g_strdup (row->original);
          m->pseudonym = g_strdup (row->pseudonym);
          m->entity = g_strdup (row->entity);
          g_ptr_array_add (snapshot, m);
        }
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < snapshot->len; i++)
    {
      VeilMapping *m = g_ptr_array_index (snapshot, i);
      func (m, user_data);
      g_free ((char *) m->kind);
      g_free ((char *) m->original);
      g_free ((char *) m->pseudonym);
      g_free ((char *) m->entity);
      g_free (m);
    }
}

guint
veil_mapping_store_count (VeilMappingStore *self, const char *kind)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->rows->len; i++)
    if (kind == NULL || g_str_equal (((Row *) g_ptr_array_index (self->rows, i))->kind, kind))
      n++;
  g_mutex_unlock (&self->lock);
  return n;
}
