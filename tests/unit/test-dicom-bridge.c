/* test-dicom-bridge.c: the bridge's shortcuts give what DCMTK's own calls give.
 *
 * String values are copied as stored when they have nothing to normalise, and element
 * look-ups go on from a per-thread cursor; both are checked here on a real file made by
 * DCMTK's dump2dcm, read back after edits that move elements about.
 */
#include "veil-dicom-bridge.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

static char *
make_file (const char *dir, const char *dump_text)
{
  g_autofree char *dump_path = g_build_filename (dir, "in.dump", NULL);
  char *dcm_path = g_build_filename (dir, "in.dcm", NULL);
  const char *argv[] = { "dump2dcm", "-q", "+te", dump_path, dcm_path, NULL };
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_true (g_file_set_contents (dump_path, dump_text, -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return dcm_path;
}

static void
assert_string (VeilDcmItem *item, guint16 group, guint16 element, const char *expected)
{
  g_autofree char *value = veil_dcm_item_get_string (item, group, element);
  g_assert_cmpstr (value, ==, expected);
}

/* Values with padding to strip (each VR its own way) and plain ones, set in memory and read
 * again after a save and a reload. */
static void
test_string_values (void)
{
  g_autofree char *dir = g_dir_make_tmp ("veil-bridge-XXXXXX", NULL);
  g_autofree char *path = make_file (dir, "(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]\n"
                                          "(0010,0010) PN [Doe^Jane]\n");
  g_autofree char *saved = g_build_filename (dir, "out.dcm", NULL);
  struct {
    guint16 group, element;
    const char *vr, *value, *expected;
  } cases[] = {
    { 0x0008, 0x0020, "DA", "20240115", "20240115" },
    { 0x0008, 0x0021, "DA", "20240115 ", "20240115" },         /* trailing only */
    { 0x0008, 0x0050, "SH", "ACC123", "ACC123" },
    { 0x0008, 0x0060, "CS", " CT ", "CT" },
    { 0x0008, 0x0008, "CS", "ORIGINAL\\PRIMARY\\AXIAL", "ORIGINAL\\PRIMARY\\AXIAL" },
    { 0x0008, 0x1030, "LO", " Head \\ Neck ", "Head\\Neck" },   /* each value stripped */
    { 0x0010, 0x0020, "LO", "X\\Y", "X\\Y" },
    { 0x0018, 0x0050, "DS", "1.25", "1.25" },
    { 0x0020, 0x0013, "IS", " 7", "7" },
    { 0x0020, 0x4000, "LT", "Line one\\two ", "Line one\\two" }, /* one value: \ is text */
  };

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (VeilDcmFile) file = veil_dcm_file_load (pass == 0 ? path : saved, 0, &error);
      g_assert_no_error (error);
      VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);

      if (pass == 0)
        for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
          {
            g_assert_true (veil_dcm_item_set_string (dataset, cases[i].group, cases[i].element,
                                                     cases[i].vr, cases[i].value, &error));
            g_assert_no_error (error);
          }
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        assert_string (dataset, cases[i].group, cases[i].element, cases[i].expected);
      assert_string (dataset, 0x0010, 0x0010, "Doe^Jane");
      assert_string (dataset, 0x0008, 0x0016, "1.2.840.10008.5.1.4.1.1.7");
      assert_string (dataset, 0x0010, 0x0030, NULL);

      /* The same through the index walk. */
      guint n = veil_dcm_item_get_n_elements (dataset);
      for (guint i = 0; i < n; i++)
        {
          guint16 group, element;
          g_assert_true (veil_dcm_item_get_tag_at (dataset, i, &group, &element));
          g_autofree char *at = veil_dcm_item_get_string_at (dataset, i);
          g_autofree char *by_tag = veil_dcm_item_get_string (dataset, group, element);
          g_assert_cmpstr (at, ==, by_tag);
        }
      if (pass == 0)
        {
          g_assert_true (veil_dcm_file_save (file, saved, &error));
          g_assert_no_error (error);
        }
    }
  g_unlink (saved);
  g_unlink (path);
  g_autofree char *dump = g_build_filename (dir, "in.dump", NULL);
  g_unlink (dump);
  g_rmdir (dir);
}

/* The tags of an item, in order, by index. */
static char *
tags_by_index (VeilDcmItem *item)
{
  GString *tags = g_string_new (NULL);
  guint n = veil_dcm_item_get_n_elements (item);
  for (guint i = 0; i < n; i++)
    {
      guint16 group, element;
      VeilDcmElementInfo info;
      g_assert_true (veil_dcm_item_get_tag_at (item, i, &group, &element));
      g_assert_true (veil_dcm_item_get_element_info (item, i, &info));
      g_assert_cmpuint (info.group, ==, group);
      g_assert_cmpuint (info.element, ==, element);
      g_string_append_printf (tags, "%04X%04X ", group, element);
    }
  return g_string_free (tags, FALSE);
}

/* Walks interleaved with look-ups, inserts before and after the walk's place, edits in
 * other items and deletions: every answer must match a walk from scratch. */
static void
test_cursor (void)
{
  g_autofree char *dir = g_dir_make_tmp ("veil-bridge-XXXXXX", NULL);
  g_autofree char *path = make_file (dir, "(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]\n"
                                          "(0008,0018) UI [1.2.3.4]\n"
                                          "(0008,0060) CS [CT]\n"
                                          "(0010,0010) PN [Doe^Jane]\n"
                                          "(0010,0020) LO [P123]\n"
                                          "(0020,000D) UI [1.2.3.5]\n"
                                          "(0020,0013) IS [4]\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (path, 0, &error);
  g_assert_no_error (error);
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);
  guint16 group, element;

  g_assert_true (veil_dcm_item_get_tag_at (dataset, 3, &group, &element));
  g_assert_cmphex (group, ==, 0x0010);
  g_assert_cmphex (element, ==, 0x0010);
  /* Look-ups behind and ahead of the cursor. */
  assert_string (dataset, 0x0008, 0x0018, "1.2.3.4");
  assert_string (dataset, 0x0020, 0x0013, "4");
  assert_string (dataset, 0x0010, 0x0020, "P123");
  assert_string (dataset, 0x0010, 0x0021, NULL);

  /* An element added before the cursor moves every index after it. */
  g_assert_true (veil_dcm_item_get_tag_at (dataset, 5, &group, &element));
  g_assert_true (veil_dcm_item_set_string (dataset, 0x0008, 0x0050, "SH", "ACC", NULL));
  g_assert_true (veil_dcm_item_get_tag_at (dataset, 5, &group, &element));
  g_assert_cmphex (group, ==, 0x0010);
  g_assert_cmphex (element, ==, 0x0020);
  g_autofree char *after_insert = tags_by_index (dataset);
  g_assert_cmpstr (after_insert, ==, "00080016 00080018 00080050 00080060 00100010 00100020 "
                                     "0020000D 00200013 ");

  /* A value rewritten in place keeps the walk where it was. */
  g_assert_true (veil_dcm_item_get_tag_at (dataset, 4, &group, &element));
  g_assert_true (veil_dcm_item_set_string (dataset, group, element, NULL, "Roe^Ann", NULL));
  g_autofree char *name = veil_dcm_item_get_string_at (dataset, 4);
  g_assert_cmpstr (name, ==, "Roe^Ann");

  /* Edits inside a sequence item leave the data set's walk right. */
  g_assert_true (veil_dcm_item_get_tag_at (dataset, 6, &group, &element));
  VeilDcmItem *entry = veil_dcm_item_append_sequence_item (dataset, 0x0012, 0x0064);
  g_assert_nonnull (entry);
  g_assert_true (veil_dcm_item_set_string (entry, 0x0008, 0x0100, "SH", "113100", NULL));
  g_assert_true (veil_dcm_item_set_string (entry, 0x0008, 0x0104, "LO", "Basic", NULL));
  g_assert_true (veil_dcm_item_set_string (entry, 0x0008, 0x0102, "SH", "DCM", NULL));
  VeilDcmItem *second = veil_dcm_item_append_sequence_item (dataset, 0x0012, 0x0064);
  g_assert_nonnull (second);
  g_assert_cmpuint (veil_dcm_item_get_n_sequence_items (dataset, 0x0012, 0x0064), ==, 2);
  g_autofree char *entry_tags = tags_by_index (entry);
  g_assert_cmpstr (entry_tags, ==, "00080100 00080102 00080104 ");
  g_autofree char *with_sequence = tags_by_index (dataset);
  g_assert_cmpstr (with_sequence, ==, "00080016 00080018 00080050 00080060 00100010 00100020 "
                                      "00120064 0020000D 00200013 ");

  /* Deleting at and before the walk's place. */
  g_assert_true (veil_dcm_item_get_tag_at (dataset, 5, &group, &element));
  g_assert_true (veil_dcm_item_delete (dataset, group, element));
  g_assert_true (veil_dcm_item_delete (dataset, 0x0008, 0x0018));
  g_assert_false (veil_dcm_item_delete (dataset, 0x0008, 0x0018));
  g_autofree char *after_delete = tags_by_index (dataset);
  g_assert_cmpstr (after_delete, ==, "00080016 00080050 00080060 00100010 00120064 0020000D "
                                     "00200013 ");
  assert_string (dataset, 0x0010, 0x0020, NULL);
  assert_string (dataset, 0x0020, 0x000D, "1.2.3.5");

  g_unlink (path);
  g_autofree char *dump = g_build_filename (dir, "in.dump", NULL);
  g_unlink (dump);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dicom-bridge/string-values", test_string_values);
  g_test_add_func ("/dicom-bridge/cursor", test_cursor);
  return g_test_run ();
}
