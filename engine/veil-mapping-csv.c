/* veil-mapping-csv.c: the mapping table as CSV (see veil-mapping-csv.h). */

#include "veil-mapping-csv.h"

#include "veil-case-record.h"

#include <string.h>

static void
append_field (GString *csv, const char *value)
{
  if (value == NULL)
    value = "";
  g_string_append_c (csv, '"');
  if (value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL)
    g_string_append_c (csv, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

typedef struct {
  GString *csv;
  gboolean with_kind;
} Writer;

static void
append_row (const VeilMapping *m, gpointer user_data)
{
  Writer *w = user_data;
  if (w->with_kind
      && (g_str_equal (m->kind, VEIL_MAPPING_CASE) || g_str_equal (m->kind, VEIL_MAPPING_ACCEPTED)))
    return;
  if (w->with_kind)
    {
      append_field (w->csv, m->kind);
      g_string_append_c (w->csv, ',');
    }
  append_field (w->csv, m->original);
  g_string_append_c (w->csv, ',');
  append_field (w->csv, m->pseudonym);
  if (w->with_kind)
    {
      g_string_append_c (w->csv, ',');
      append_field (w->csv, m->entity);
    }
  g_string_append (w->csv, "\r\n");
}

GBytes *
veil_mapping_csv_build (VeilMappingStore *store, const char *kind)
{
  g_return_val_if_fail (VEIL_IS_MAPPING_STORE (store), NULL);

  Writer w = { g_string_new (kind ? "id_old,id_new\r\n" : "kind,original,pseudonym,entity\r\n"),
               kind == NULL };
  veil_mapping_store_foreach (store, kind, append_row, &w);
  return g_string_free_to_bytes (w.csv);
}
