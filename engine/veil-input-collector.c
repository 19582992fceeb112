/* veil-input-collector.c: expand inputs into files (see veil-input-collector.h). */

#include "veil-input-collector.h"

#include "veil-dicom-bridge.h"
#include "veil-dicom-prescan.h"
#include "veil-document.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zip.h>

/* Bounds on archives: a zip bomb must not fill the disk or take forever. */
#define MAX_ZIP_ENTRIES 200000
#define MAX_ZIP_ENTRY_SIZE (G_GUINT64_CONSTANT (8) << 30)
#define MAX_ZIP_TOTAL_SIZE (G_GUINT64_CONSTANT (256) << 30)
#define MAX_ZIP_NESTING 2
#define MAX_FOLDER_DEPTH 64

struct _VeilInputCollector
{
  GPtrArray *files;
  GPtrArray *refusals;
  GPtrArray *roots;
  GHashTable *seen; /* canonical path → TRUE */
  char *temp_dir;
  guint n_extracted;
  guint n_dicomdirs;
};

static gboolean add_path (VeilInputCollector *self, const char *path, const char *display,
                          guint depth, guint zip_depth, GCancellable *cancellable);

VeilRefusal *
veil_refusal_new (const char *display_name, const char *reason)
{
  VeilRefusal *refusal = g_new0 (VeilRefusal, 1);
  refusal->display_name = g_strdup (display_name);
  refusal->reason = g_strdup (reason);
  return refusal;
}

void
veil_refusal_free (VeilRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_free (refusal->display_name);
  g_free (refusal->reason);
  g_free (refusal);
}

static void
input_file_free (VeilInputFile *file)
{
  g_free (file->path);
  g_free (file->display_name);
  g_free (file);
}

VeilInputCollector *
veil_input_collector_new (void)
{
  VeilInputCollector *self = g_new0 (VeilInputCollector, 1);
  self->files = g_ptr_array_new_with_free_func ((GDestroyNotify) input_file_free);
  self->refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_refusal_free);
  self->roots = g_ptr_array_new_with_free_func (g_free);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
veil_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      const char *name;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            veil_remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

void
veil_input_collector_free (VeilInputCollector *self)
{
  if (self == NULL)
    return;
  if (self->temp_dir != NULL)
    veil_remove_tree (self->temp_dir);
  g_free (self->temp_dir);
  g_ptr_array_unref (self->files);
  g_ptr_array_unref (self->refusals);
  g_ptr_array_unref (self->roots);
  g_hash_table_unref (self->seen);
  g_free (self);
}

static void
refuse (VeilInputCollector *self, const char *display, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
refuse (VeilInputCollector *self, const char *display, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->refusals, veil_refusal_new (display, reason));
}

static void
add_file (VeilInputCollector *self, const char *path, const char *display)
{
  GStatBuf st;
  char *key;

  /* One file however it is reached (a folder and the DICOMDIR in it, a link): its device
   * and inode say which it is, without resolving every path component. */
  if (g_stat (path, &st) == 0)
    key = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, (guint64) st.st_dev,
                           (guint64) st.st_ino);
  else
    key = g_canonicalize_filename (path, NULL);

  /* A folder and the DICOMDIR inside it name the same files: read each once. */
  if (g_hash_table_contains (self->seen, key))
    {
      g_free (key);
      return;
    }
  g_hash_table_add (self->seen, key);

  VeilInputFile *file = g_new0 (VeilInputFile, 1);
  file->path = g_strdup (path);
  file->display_name = g_strdup (display);
  g_ptr_array_add (self->files, file);
}

static gboolean
ensure_temp_dir (VeilInputCollector *self, GError **error)
{
  if (self->temp_dir == NULL)
    self->temp_dir = g_dir_make_tmp ("veil-inputs-XXXXXX", error);
  return self->temp_dir != NULL;
}

static gboolean
has_zip_magic (const char *path)
{
  guint8 magic[4] = { 0 };
  FILE *f = g_fopen (path, "rb");
  gboolean is_zip = FALSE;
  if (f != NULL)
    {
      is_zip = fread (magic, 1, 4, f) == 4 && magic[0] == 'P' && magic[1] == 'K'
               && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
      fclose (f);
    }
  return is_zip;
}

static gboolean
is_dicomdir_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  return g_ascii_strcasecmp (base, "DICOMDIR") == 0;
}

static gboolean
extract_entry (zip_t *archive, zip_uint64_t index, const char *target, zip_uint64_t size,
               GError **error)
{
  zip_file_t *entry = zip_fopen_index (archive, index, 0);
  if (entry == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", zip_strerror (archive));
      return FALSE;
    }

  FILE *out = g_fopen (target, "wb");
  if (out == NULL)
    {
      int saved = errno;
      zip_fclose (entry);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot write %s: %s",
                   target, g_strerror (saved));
      return FALSE;
    }

  char buffer[1 << 16];
  zip_uint64_t total = 0;
  zip_int64_t n;
  gboolean ok = TRUE;
  while ((n = zip_fread (entry, buffer, sizeof buffer)) > 0)
    {
      total += (zip_uint64_t) n;
      if (total > size || fwrite (buffer, 1, (size_t) n, out) != (size_t) n)
        {
          ok = FALSE;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       total > size ? "member is larger than the archive says"
                                    : "cannot write the extracted member");
          break;
        }
    }
  if (ok && n < 0)
    {
      ok = FALSE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                   zip_file_strerror (entry));
    }
  zip_fclose (entry);
  if (fclose (out) != 0 && ok)
    {
      ok = FALSE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write the extracted member");
    }
  if (!ok)
    g_unlink (target);
  return ok;
}

static gboolean
add_zip (VeilInputCollector *self, const char *path, const char *display, guint zip_depth,
         GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  int zerr = 0;

  if (zip_depth >= MAX_ZIP_NESTING)
    {
      refuse (self, display, "zip archives nested more than %d deep", MAX_ZIP_NESTING);
      return TRUE;
    }

  zip_t *archive = zip_open (path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
  if (archive == NULL)
    {
      zip_error_t ze;
      zip_error_init_with_code (&ze, zerr);
      refuse (self, display, "not a readable zip archive: %s", zip_error_strerror (&ze));
      zip_error_fini (&ze);
      return TRUE;
    }
  if (!ensure_temp_dir (self, &error))
    {
      refuse (self, display, "cannot make a temporary folder: %s", error->message);
      zip_close (archive);
      return TRUE;
    }

  zip_int64_t n_entries = zip_get_num_entries (archive, 0);
  if (n_entries > MAX_ZIP_ENTRIES)
    {
      refuse (self, display, "the archive has %" G_GINT64_FORMAT " members (limit %d)",
              (gint64) n_entries, MAX_ZIP_ENTRIES);
      zip_close (archive);
      return TRUE;
    }

  zip_uint64_t total = 0;
  gboolean go_on = TRUE;
  for (zip_int64_t i = 0; i < n_entries && go_on; i++)
    {
      zip_stat_t st;
      if (g_cancellable_is_cancelled (cancellable))
        {
          go_on = FALSE;
          break;
        }
      if (zip_stat_index (archive, (zip_uint64_t) i, 0, &st) != 0 || st.name == NULL)
        continue;
      gsize name_len = strlen (st.name);
      if (name_len == 0 || st.name[name_len - 1] == '/')
        continue; /* a folder entry */

      g_autofree char *member_display = g_strdup_printf ("%s!/%s", display, st.name);
      g_autofree char *base = g_path_get_basename (st.name);
      if (g_str_has_prefix (base, "._") || g_str_has_prefix (st.name, "__MACOSX/"))
        continue; /* macOS resource forks, not data */
      if (st.size > MAX_ZIP_ENTRY_SIZE || total + st.size > MAX_ZIP_TOTAL_SIZE)
        {
          refuse (self, member_display, "member too large to extract (%" G_GUINT64_FORMAT " bytes)",
                  (guint64) st.size);
          continue;
        }
      total += st.size;

      /* Members are stored under numbers, never their own names: a name may hold "../" or a
       * patient's name, and neither belongs on disk. */
      g_autofree char *target = g_strdup_printf ("%s/%06u.member", self->temp_dir, self->n_extracted++);
      g_autoptr (GError) extract_error = NULL;
      if (!extract_entry (archive, (zip_uint64_t) i, target, st.size, &extract_error))
        {
          refuse (self, member_display, "cannot extract from the archive: %s",
                  extract_error->message);
          continue;
        }
      if (is_dicomdir_name (st.name))
        {
          self->n_dicomdirs++;
          continue; /* its members are all in the archive anyway */
        }
      go_on = add_path (self, target, member_display, 0, zip_depth + 1, cancellable);
    }
  zip_close (archive);
  return go_on;
}

/* Finds `components` under `base`, matching each case-insensitively if need be: DICOMDIR file
 * IDs are upper case, while the files on a copied disc often are not. */
static char *
resolve_file_id (const char *base, char **components)
{
  g_autofree char *current = g_strdup (base);

  for (guint i = 0; components[i] != NULL; i++)
    {
      g_autofree char *exact = g_build_filename (current, components[i], NULL);
      if (g_file_test (exact, G_FILE_TEST_EXISTS))
        {
          g_free (current);
          current = g_steal_pointer (&exact);
          continue;
        }
      GDir *dir = g_dir_open (current, 0, NULL);
      char *match = NULL;
      const char *name;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (g_ascii_strcasecmp (name, components[i]) == 0)
          {
            match = g_build_filename (current, name, NULL);
            break;
          }
      if (dir != NULL)
        g_dir_close (dir);
      if (match == NULL)
        return NULL;
      g_free (current);
      current = match;
    }
  return g_steal_pointer (&current);
}

static void
add_dicomdir (VeilInputCollector *self, const char *path, const char *display)
{
  g_autoptr (GError) error = NULL;
  VeilPrescanInfo info;

  self->n_dicomdirs++;
  if (!veil_dicom_prescan_file (path, VEIL_PRESCAN_DEFAULT_MAX_DEPTH, &info, &error))
    {
      refuse (self, display, "unreadable DICOMDIR: %s", error->message);
      return;
    }
  g_autoptr (VeilDcmFile) dicomdir = veil_dcm_file_load (path, 0, &error);
  if (dicomdir == NULL)
    {
      refuse (self, display, "unreadable DICOMDIR: %s", error->message);
      return;
    }

  g_autofree char *base = g_path_get_dirname (path);
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (dicomdir);
  guint n = veil_dcm_item_get_n_sequence_items (dataset, 0x0004, 0x1220);
  for (guint i = 0; i < n; i++)
    {
      VeilDcmItem *record = veil_dcm_item_get_sequence_item (dataset, 0x0004, 0x1220, i);
      g_autofree char *file_id = record ? veil_dcm_item_get_string (record, 0x0004, 0x1500) : NULL;
      if (file_id == NULL || *file_id == '\0')
        continue;
      g_auto (GStrv) components = g_strsplit (file_id, "\\", -1);
      gboolean safe = TRUE;
      for (guint c = 0; components[c] != NULL; c++)
        {
          g_strstrip (components[c]);
          if (g_str_equal (components[c], "..") || g_str_equal (components[c], ".")
              || strchr (components[c], '/') != NULL || *components[c] == '\0')
            safe = FALSE;
        }
      g_autofree char *shown = g_strdup_printf ("%s → %s", display, file_id);
      if (!safe)
        {
          refuse (self, shown, "the DICOMDIR names a file outside its folder");
          continue;
        }
      g_autofree char *resolved = resolve_file_id (base, components);
      if (resolved == NULL)
        {
          refuse (self, shown, "the DICOMDIR lists this file but it is missing");
          continue;
        }
      g_autofree char *relative = g_strjoinv ("/", components);
      g_autofree char *dirname = g_path_get_dirname (display);
      g_autofree char *member_display = g_build_filename (dirname, relative, NULL);
      add_file (self, resolved, member_display);
    }
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
add_folder (VeilInputCollector *self, const char *path, const char *display, guint depth,
            guint zip_depth, GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *dir;
  const char *name;

  if (depth > MAX_FOLDER_DEPTH)
    {
      refuse (self, display, "folders nested more than %d deep", MAX_FOLDER_DEPTH);
      return TRUE;
    }
  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      refuse (self, display, "cannot read the folder: %s", error->message);
      return TRUE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);

  /* Sorted, so the same folder always gives the same order (and the same export). */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *child_name = g_ptr_array_index (names, i);
      g_autofree char *child = g_build_filename (path, child_name, NULL);
      g_autofree char *child_display = g_build_filename (display, child_name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK) && g_file_test (child, G_FILE_TEST_IS_DIR))
        continue; /* symlinked folders can loop */
      if (!add_path (self, child, child_display, depth + 1, zip_depth, cancellable))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_path (VeilInputCollector *self, const char *path, const char *display, guint depth,
          guint zip_depth, GCancellable *cancellable)
{
  GStatBuf st;

  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      refuse (self, display, "%s", g_strerror (saved));
      return TRUE;
    }
  if (S_ISDIR (st.st_mode))
    return add_folder (self, path, display, depth, zip_depth, cancellable);
  if (!S_ISREG (st.st_mode))
    {
      refuse (self, display, "not a regular file");
      return TRUE;
    }
  if (is_dicomdir_name (display))
    {
      add_dicomdir (self, path, display);
      return TRUE;
    }
  /* A DOCX is a zip too, but it is a report: it goes to the document cleaner whole. */
  if (has_zip_magic (path) && veil_document_sniff (path) != VEIL_DOCUMENT_TYPE_DOCX)
    return add_zip (self, path, display, zip_depth, cancellable);
  add_file (self, path, display);
  return TRUE;
}

gboolean
veil_input_collector_add (VeilInputCollector *self, const char *path, GCancellable *cancellable)
{
  g_ptr_array_add (self->roots, g_canonicalize_filename (path, NULL));
  return add_path (self, path, path, 0, 0, cancellable);
}

GPtrArray *
veil_input_collector_get_files (VeilInputCollector *self)
{
  return self->files;
}

GPtrArray *
veil_input_collector_get_refusals (VeilInputCollector *self)
{
  return self->refusals;
}

GPtrArray *
veil_input_collector_get_roots (VeilInputCollector *self)
{
  return self->roots;
}

guint
veil_input_collector_get_n_dicomdirs (VeilInputCollector *self)
{
  return self->n_dicomdirs;
}
