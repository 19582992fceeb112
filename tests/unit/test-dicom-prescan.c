/* test-dicom-prescan.c: the structural pre-scan against the shared sample corpus and against
 * hand-built encodings of the cases the corpus does not cover.
 *
 * VEIL_SHARED_DIR points at the shared test data (…/shared); the sample tests skip without it.
 */
#include "veil-dicom-prescan.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define TS_EXPLICIT_LE "1.2.840.10008.1.2.1"
#define TS_IMPLICIT_LE "1.2.840.10008.1.2"
#define TS_EXPLICIT_BE "1.2.840.10008.1.2.2"
#define TS_DEFLATED "1.2.840.10008.1.2.1.99"
#define UNDEFINED 0xFFFFFFFFu

/* ---- the sample corpus ---- */

static char *
samples_dir (void)
{
  const char *shared = g_getenv ("VEIL_SHARED_DIR");
  g_autofree char *dir = NULL;

  if (shared == NULL || *shared == '\0')
    return NULL;
  dir = g_build_filename (shared, "dicom-samples", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_steal_pointer (&dir);
}

/* Returns the path of a sample, or NULL after marking the test skipped */
static char *
sample (const char *relative)
{
  g_autofree char *dir = samples_dir ();
  g_autofree char *path = NULL;

  if (dir == NULL)
    {
      g_test_skip ("VEIL_SHARED_DIR is unset or has no dicom-samples");
      return NULL;
    }
  path = g_build_filename (dir, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *why = g_strdup_printf ("sample %s is missing", relative);

      g_test_skip (why);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static GBytes *
sample_bytes (const char *relative)
{
  g_autofree char *path = sample (relative);
  g_autoptr (GError) error = NULL;
  char *contents;
  gsize len;

  if (path == NULL)
    return NULL;
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* Returns FALSE when the sample is not there (the test is then marked skipped) */
static gboolean
assert_sample_accepted (const char *relative, VeilPrescanInfo *info)
{
  g_autofree char *path = sample (relative);
  g_autoptr (GError) error = NULL;

  if (path == NULL)
    return FALSE;
  g_assert_true (veil_dicom_prescan_file (path, VEIL_PRESCAN_DEFAULT_MAX_DEPTH, info, &error));
  g_assert_no_error (error);
  return TRUE;
}

/* Refused with an invalid-data error whose message contains `expected` */
static void
assert_sample_refused (const char *relative, const char *expected)
{
  g_autofree char *path = sample (relative);
  g_autoptr (GError) error = NULL;
  VeilPrescanInfo info;

  if (path == NULL)
    return;
  g_assert_false (veil_dicom_prescan_file (path, VEIL_PRESCAN_DEFAULT_MAX_DEPTH, &info, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s: %s", relative, error->message);
  if (strstr (error->message, expected) == NULL)
    g_error ("%s: expected \"%s\" in \"%s\"", relative, expected, error->message);
}

/* Every file that DCMTK's dcmdump reads must get through the pre-scan: refusing one would
 * make the pseudonymiser skip a file it can process */
static void
test_manifest_readable_files_accepted (void)
{
  g_autofree char *dir = samples_dir ();
  g_autofree char *manifest = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) failures = g_string_new (NULL);
  JsonArray *rows;
  guint n_checked = 0, n_unreadable = 0;

  if (dir == NULL)
    {
      g_test_skip ("VEIL_SHARED_DIR is unset or has no dicom-samples");
      return;
    }
  manifest = g_build_filename (dir, "manifest.json", NULL);
  json_parser_load_from_file (parser, manifest, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_nonnull (rows);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *relative = json_object_get_string_member (row, "path");
      g_autofree char *path = g_build_filename (dir, relative, NULL);
      g_autoptr (GError) scan_error = NULL;
      VeilPrescanInfo info;

      if (!json_object_get_boolean_member_with_default (row, "dcmdump_ok", FALSE))
        {
          n_unreadable++;
          continue;
        }
      if (!veil_dicom_prescan_file (path, VEIL_PRESCAN_DEFAULT_MAX_DEPTH, &info, &scan_error))
        g_string_append_printf (failures, "\n  %s: %s", relative, scan_error->message);
      else
        g_assert_cmpuint (info.n_elements, >, 0);
      n_checked++;
    }

  g_test_message ("%u readable samples checked, %u unreadable ones left to other tests",
                  n_checked, n_unreadable);
  g_assert_cmpuint (n_checked, >, 300);
  if (failures->len > 0)
    g_error ("readable samples refused:%s", failures->str);
}

static void
test_deeply_nested_refused (void)
{
  assert_sample_refused ("orthanc-tests/2026-05-06-Deeply-Nested-Sequence.dcm",
                         "sequences nested 33 deep (limit 32)");
}

/* With no effective limit the same file is walked to the end: the walk keeps its own stack on
 * the heap, so depth costs memory in proportion, never the C stack */
static void
test_deeply_nested_without_limit (void)
{
  g_autofree char *path = sample ("orthanc-tests/2026-05-06-Deeply-Nested-Sequence.dcm");
  g_autoptr (GError) error = NULL;
  VeilPrescanInfo info;

  if (path == NULL)
    return;
  g_assert_true (veil_dicom_prescan_file (path, G_MAXUINT, &info, &error));
  g_assert_no_error (error);
  g_test_message ("Deeply-Nested-Sequence.dcm nests %u deep", info.max_depth_seen);
  g_assert_cmpuint (info.max_depth_seen, ==, 100000);
}

static void
test_truncated_samples_refused (void)
{
  /* Pixel data cut short */
  assert_sample_refused ("pydicom/test_files/MR_truncated.dcm",
                         "element (7FE0,0010) length 8192 runs past the end of the file");
  /* Cut inside a sequence, in implicit VR */
  assert_sample_refused ("pydicom/test_files/rtplan_truncated.dcm",
                         "element (300A,00B0) length 976 runs past the end of the file");
  /* The last fragment is there, the sequence delimiter after it is not */
  assert_sample_refused ("pydicom-data/emri_small_jpeg_2k_lossless_too_short.dcm",
                         "encapsulated pixel data has no end delimiter");
  /* Malformed VR: DCMTK reads the misaligned bytes the same way and fails the same way */
  assert_sample_refused ("pydicom/test_files/SC_rgb_jpeg.dcm",
                         "runs past the end of the file");
}

static void
test_not_dicom_refused (void)
{
  static const char text[] = "Patient notes\nThis is a plain text file, not DICOM.\n";
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp_path = NULL;
  int fd;

  g_assert_false (veil_dicom_prescan_buffer ((const guint8 *) text, strlen (text), 0, NULL,
                                             &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "not a DICOM file");
  g_clear_error (&error);

  g_assert_false (veil_dicom_prescan_buffer (NULL, 0, 0, NULL, &error));
  g_assert_cmpstr (error->message, ==, "not a DICOM file");
  g_clear_error (&error);

  /* The same through a file, and an empty file (which cannot be mapped to a pointer) */
  fd = g_file_open_tmp ("veil-prescan-XXXXXX.txt", &tmp_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (fd, text, strlen (text)), ==, (gssize) strlen (text));
  close (fd);
  g_assert_false (veil_dicom_prescan_file (tmp_path, 0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "not a DICOM file");
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (tmp_path, "", 0, NULL));
  g_assert_false (veil_dicom_prescan_file (tmp_path, 0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_unlink (tmp_path);

  /* A missing file is an I/O problem, not invalid data */
  g_assert_false (veil_dicom_prescan_file (tmp_path, 0, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  assert_sample_refused ("README.md", "not a DICOM file");
  assert_sample_refused ("synthetic/out/patientA/A1/report.pdf", "not a DICOM file");
}

static void
test_deflated_sample (void)
{
  VeilPrescanInfo info = { 0 };
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  const guint8 *data;
  gsize len;

  if (!assert_sample_accepted ("pydicom/test_files/image_dfl.dcm", &info))
    return;
  g_assert_true (info.deflated);
  g_assert_true (info.explicit_vr);
  g_assert_cmpstr (info.transfer_syntax, ==, TS_DEFLATED);
  g_assert_cmpuint (info.n_elements, >, 20);

  /* Cut the deflate stream short */
  bytes = sample_bytes ("pydicom/test_files/image_dfl.dcm");
  data = g_bytes_get_data (bytes, &len);
  g_assert_false (veil_dicom_prescan_buffer (data, len - 100, 0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "deflated data set is cut short");
}

/* pydicom's no_meta.dcm is CT_small.dcm without its meta header, but cut one byte too early:
 * it starts with the last padding byte (0x20) of CT_small's meta, so every tag is misaligned.
 * DCMTK fails on it too (even with dcmdump -f). Dropping that byte gives the intended file. */
static void
test_no_meta_samples (void)
{
  g_autoptr (GBytes) bytes = sample_bytes ("pydicom/test_files/no_meta.dcm");
  g_autoptr (GError) error = NULL;
  VeilPrescanInfo info;
  const guint8 *data;
  gsize len;

  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (data[0], ==, 0x20);
  g_assert_false (veil_dicom_prescan_buffer (data, len, 0, &info, &error));
  g_assert_cmpstr (error->message, ==, "not a DICOM file");
  g_clear_error (&error);

  g_assert_true (veil_dicom_prescan_buffer (data + 1, len - 1, 0, &info, &error));
  g_assert_no_error (error);
  g_assert_false (info.has_preamble);
  g_assert_false (info.has_meta);
  g_assert_true (info.explicit_vr);
  g_assert_false (info.big_endian);
  g_assert_cmpstr (info.transfer_syntax, ==, "");

  if (!assert_sample_accepted ("pydicom/test_files/ExplVR_LitEndNoMeta.dcm", &info))
    return;
  g_assert_false (info.has_preamble);
  g_assert_true (info.explicit_vr);
  g_assert_false (info.big_endian);
  if (!assert_sample_accepted ("pydicom/test_files/ExplVR_BigEndNoMeta.dcm", &info))
    return;
  g_assert_false (info.has_preamble);
  g_assert_true (info.big_endian);
  /* Meta present but without (0002,0010): the data set is recognised from its first bytes */
  if (!assert_sample_accepted ("pydicom/test_files/meta_missing_tsyntax.dcm", &info))
    return;
  g_assert_true (info.has_meta);
  g_assert_cmpstr (info.transfer_syntax, ==, "");
}

/* An implicit VR data set with neither preamble nor meta: MR_small_implicit.dcm without its
 * first 132 bytes and group 0002 */
static void
test_no_meta_implicit (void)
{
  g_autoptr (GBytes) bytes = sample_bytes ("pydicom/test_files/MR_small_implicit.dcm");
  g_autoptr (GError) error = NULL;
  VeilPrescanInfo info;
  const guint8 *data;
  gsize len, off = 132;

  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &len);
  /* The meta is explicit VR LE with 2-byte lengths for these VRs, except OB */
  while (data[off] == 0x02 && data[off + 1] == 0x00)
    {
      if (memcmp (data + off + 4, "OB", 2) == 0)
        off += 12 + GUINT32_FROM_LE (*(const guint32 *) (const void *) (data + off + 8));
      else
        off += 8 + (data[off + 6] | (data[off + 7] << 8));
    }
  g_assert_cmpuint (data[off], ==, 0x08);

  g_assert_true (veil_dicom_prescan_buffer (data + off, len - off, 0, &info, &error));
  g_assert_no_error (error);
  g_assert_false (info.has_meta);
  g_assert_false (info.explicit_vr);
}

static void
test_transfer_syntax_samples (void)
{
  VeilPrescanInfo info;

  if (!assert_sample_accepted ("pydicom/test_files/MR_small_bigendian.dcm", &info))
    return;
  g_assert_true (info.big_endian);
  g_assert_cmpstr (info.transfer_syntax, ==, TS_EXPLICIT_BE);
  if (!assert_sample_accepted ("pydicom/test_files/MR_small_implicit.dcm", &info))
    return;
  g_assert_false (info.explicit_vr);
  if (!assert_sample_accepted ("pydicom/test_files/dicomdirtests/DICOMDIR-bigEnd", &info))
    return;
  g_assert_true (info.big_endian);
  g_assert_cmpuint (info.max_depth_seen, ==, 1);
  /* Undefined-length UN holding an implicit VR little endian sequence */
  if (!assert_sample_accepted ("pydicom/test_files/UN_sequence.dcm", &info))
    return;
  g_assert_cmpuint (info.max_depth_seen, >=, 1);
  /* A private sequence in implicit VR, found from the item tag its value starts with */
  if (!assert_sample_accepted ("pydicom/test_files/priv_SQ.dcm", &info))
    return;
  g_assert_cmpuint (info.max_depth_seen, ==, 1);
  /* The item-delimiter bytes inside a fragment are skipped with the fragment */
  assert_sample_accepted ("pydicom/test_files/JPEG2000-embedded-sequence-delimiter.dcm", &info);
  /* An item whose length runs 24 bytes past the end of the file, ending cleanly there */
  assert_sample_accepted ("pydicom/test_files/dicomdirtests/DICOMDIR-nooffset", &info);
}

/* ---- hand-built encodings ---- */

typedef struct {
  GByteArray *bytes;
  gboolean big_endian;
} Builder;

static void
put16 (Builder *b, guint16 v)
{
  guint8 x[2];

  if (b->big_endian)
    x[0] = v >> 8, x[1] = v & 0xFF;
  else
    x[0] = v & 0xFF, x[1] = v >> 8;
  g_byte_array_append (b->bytes, x, 2);
}

static void
put32 (Builder *b, guint32 v)
{
  if (b->big_endian)
    put16 (b, v >> 16), put16 (b, v & 0xFFFF);
  else
    put16 (b, v & 0xFFFF), put16 (b, v >> 16);
}

static void
put_tag (Builder *b, guint32 tag)
{
  put16 (b, tag >> 16);
  put16 (b, tag & 0xFFFF);
}

static gboolean
long_vr (const char *vr)
{
  static const char *const long_vrs[] = {
    "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV", "VE",
  };

  for (guint i = 0; i < G_N_ELEMENTS (long_vrs); i++)
    if (strcmp (vr, long_vrs[i]) == 0)
      return TRUE;
  return FALSE;
}

/* An explicit VR element header; the value (if any) is appended separately */
static void
put_header (Builder *b, guint32 tag, const char *vr, guint32 len)
{
  put_tag (b, tag);
  g_byte_array_append (b->bytes, (const guint8 *) vr, 2);
  if (long_vr (vr))
    {
      put16 (b, 0);
      put32 (b, len);
    }
  else
    put16 (b, (guint16) len);
}

static void
put_element (Builder *b, guint32 tag, const char *vr, const char *value)
{
  put_header (b, tag, vr, strlen (value));
  g_byte_array_append (b->bytes, (const guint8 *) value, strlen (value));
}

static void
put_implicit (Builder *b, guint32 tag, guint32 len)
{
  put_tag (b, tag);
  put32 (b, len);
}

static void
put_implicit_element (Builder *b, guint32 tag, const char *value)
{
  put_implicit (b, tag, strlen (value));
  g_byte_array_append (b->bytes, (const guint8 *) value, strlen (value));
}

static void
put_item (Builder *b, guint32 len)
{
  put_tag (b, 0xFFFEE000);
  put32 (b, len);
}

static void
put_item_end (Builder *b)
{
  put_tag (b, 0xFFFEE00D);
  put32 (b, 0);
}

static void
put_sequence_end (Builder *b)
{
  put_tag (b, 0xFFFEE0DD);
  put32 (b, 0);
}

static void
put_bytes (Builder *b, const void *data, gsize len)
{
  g_byte_array_append (b->bytes, data, len);
}

/* A UI value, padded with NUL to even length as the standard has it */
static void
put_uid (Builder *b, guint32 tag, const char *uid)
{
  gsize len = strlen (uid);

  put_header (b, tag, "UI", len + len % 2);
  put_bytes (b, uid, len);
  if (len % 2)
    put_bytes (b, "", 1);
}

/* Preamble, "DICM" and a meta group naming `ts`; the data set follows in `big_endian` */
static Builder
new_file (const char *ts, gboolean big_endian)
{
  Builder b = { g_byte_array_new (), FALSE };
  Builder meta = { g_byte_array_new (), FALSE };
  static const guint8 preamble[128] = { 0 };

  put_header (&meta, 0x00020001, "OB", 2);
  put_bytes (&meta, "\0\1", 2);
  put_uid (&meta, 0x00020002, "1.2.840.10008.5.1.4.1.1.7");
  put_uid (&meta, 0x00020003, "1.2.3.4");
  put_uid (&meta, 0x00020010, ts);

  put_bytes (&b, preamble, sizeof preamble);
  put_bytes (&b, "DICM", 4);
  put_header (&b, 0x00020000, "UL", 4);
  put32 (&b, meta.bytes->len);
  put_bytes (&b, meta.bytes->data, meta.bytes->len);
  g_byte_array_unref (meta.bytes);
  b.big_endian = big_endian;
  return b;
}

/* Scans the builder's bytes; on refusal stores the message in *message */
static gboolean
scan (Builder *b, guint max_depth, VeilPrescanInfo *info, char **message)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = veil_dicom_prescan_buffer (b->bytes->data, b->bytes->len, max_depth, info,
                                           &error);

  if (ok)
    g_assert_no_error (error);
  else
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      /* Short, for a person, no trailing period */
      g_assert_cmpuint (strlen (error->message), <, 160);
      g_assert_false (g_str_has_suffix (error->message, "."));
      if (message != NULL)
        *message = g_strdup (error->message);
    }
  return ok;
}

static void
assert_scan_ok (Builder *b, guint max_depth, VeilPrescanInfo *info)
{
  g_autofree char *message = NULL;

  if (!scan (b, max_depth, info, &message))
    g_error ("refused: %s", message);
}

static void
assert_scan_refused (Builder *b, guint max_depth, const char *expected)
{
  g_autofree char *message = NULL;
  VeilPrescanInfo info;

  if (scan (b, max_depth, &info, &message))
    g_error ("accepted, expected a refusal with \"%s\"", expected);
  if (strstr (message, expected) == NULL)
    g_error ("expected \"%s\" in \"%s\"", expected, message);
}

typedef enum {
  NEST_EXPLICIT_UNDEFINED,
  NEST_EXPLICIT_DEFINED,
  NEST_IMPLICIT_UNDEFINED,
  NEST_IMPLICIT_DEFINED, /* the sequences are found only by the item tag their values start with */
} NestStyle;

/* `depth` sequences, each holding one item that holds the next, the innermost item holding a
 * patient name */
static void
put_nest (Builder *b, NestStyle style, guint depth)
{
  gboolean explicit_vr = style == NEST_EXPLICIT_UNDEFINED || style == NEST_EXPLICIT_DEFINED;
  Builder inner = { g_byte_array_new (), b->big_endian };

  if (explicit_vr)
    put_element (&inner, 0x00100010, "PN", "Doe^Jane");
  else
    put_implicit_element (&inner, 0x00100010, "Doe^Jane");

  /* Built inside out so that defined lengths are known */
  for (guint i = 0; i < depth; i++)
    {
      Builder outer = { g_byte_array_new (), b->big_endian };
      guint32 tag = 0x00081115;

      switch (style)
        {
        case NEST_EXPLICIT_UNDEFINED:
          put_header (&outer, tag, "SQ", UNDEFINED);
          put_item (&outer, UNDEFINED);
          put_bytes (&outer, inner.bytes->data, inner.bytes->len);
          put_item_end (&outer);
          put_sequence_end (&outer);
          break;
        case NEST_EXPLICIT_DEFINED:
          put_header (&outer, tag, "SQ", inner.bytes->len + 8);
          put_item (&outer, inner.bytes->len);
          put_bytes (&outer, inner.bytes->data, inner.bytes->len);
          break;
        case NEST_IMPLICIT_UNDEFINED:
          put_implicit (&outer, tag, UNDEFINED);
          put_item (&outer, UNDEFINED);
          put_bytes (&outer, inner.bytes->data, inner.bytes->len);
          put_item_end (&outer);
          put_sequence_end (&outer);
          break;
        case NEST_IMPLICIT_DEFINED:
          put_implicit (&outer, tag, inner.bytes->len + 8);
          put_item (&outer, inner.bytes->len);
          put_bytes (&outer, inner.bytes->data, inner.bytes->len);
          break;
        default:
          g_assert_not_reached ();
        }
      g_byte_array_unref (inner.bytes);
      inner = outer;
    }
  put_bytes (b, inner.bytes->data, inner.bytes->len);
  g_byte_array_unref (inner.bytes);
}

static void
test_depth_limit (void)
{
  static const guint limits[] = { 1, 3, 32 };

  for (NestStyle style = NEST_EXPLICIT_UNDEFINED; style <= NEST_IMPLICIT_DEFINED; style++)
    for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
      {
        guint limit = limits[l];
        gboolean explicit_vr = style <= NEST_EXPLICIT_DEFINED;
        const char *ts = explicit_vr ? TS_EXPLICIT_LE : TS_IMPLICIT_LE;
        Builder at = new_file (ts, FALSE), over = new_file (ts, FALSE);
        g_autofree char *expected = g_strdup_printf ("sequences nested %u deep (limit %u)",
                                                     limit + 1, limit);
        VeilPrescanInfo info;

        put_nest (&at, style, limit);
        put_nest (&over, style, limit + 1);
        assert_scan_ok (&at, limit, &info);
        g_assert_cmpuint (info.max_depth_seen, ==, limit);
        /* meta: 5 elements; then one SQ per level and the name */
        g_assert_cmpuint (info.n_elements, ==, 5 + limit + 1);
        assert_scan_refused (&over, limit, expected);
        g_byte_array_unref (at.bytes);
        g_byte_array_unref (over.bytes);
      }
}

static void
test_default_depth (void)
{
  Builder at = new_file (TS_EXPLICIT_LE, FALSE), over = new_file (TS_EXPLICIT_LE, FALSE);
  VeilPrescanInfo info;

  put_nest (&at, NEST_EXPLICIT_UNDEFINED, VEIL_PRESCAN_DEFAULT_MAX_DEPTH);
  put_nest (&over, NEST_EXPLICIT_UNDEFINED, VEIL_PRESCAN_DEFAULT_MAX_DEPTH + 1);
  /* 0 means the default limit */
  assert_scan_ok (&at, 0, &info);
  assert_scan_refused (&over, 0, "sequences nested 33 deep (limit 32)");
  g_byte_array_unref (at.bytes);
  g_byte_array_unref (over.bytes);
}

static void
test_truncated_length (void)
{
  Builder b = new_file (TS_EXPLICIT_LE, FALSE);
  guint offset;
  g_autofree char *expected = NULL;

  put_element (&b, 0x00080060, "CS", "CT");
  offset = b.bytes->len;
  put_header (&b, 0x00100010, "PN", 100);
  put_bytes (&b, "Doe^John", 8);
  expected = g_strdup_printf ("element (0010,0010) length 100 runs past the end of the file at "
                              "offset %u", offset);
  assert_scan_refused (&b, 0, expected);

  /* A header cut short */
  g_byte_array_set_size (b.bytes, offset + 5);
  assert_scan_refused (&b, 0, "truncated element at offset");
  g_byte_array_unref (b.bytes);

  /* An element running past the end of its defined-length item, with the file going on */
  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_header (&b, 0x00081115, "SQ", 8 + 16);
  put_item (&b, 16);
  put_element (&b, 0x00081150, "UI", "1.2.3.4.5.6.7.8.9.10");
  put_element (&b, 0x00100010, "PN", "Doe^John");
  assert_scan_refused (&b, 0, "runs past the end of the enclosing item");
  g_byte_array_unref (b.bytes);
}

static void
test_defined_sequence_undefined_items (void)
{
  Builder items = { g_byte_array_new (), FALSE };
  Builder b = new_file (TS_EXPLICIT_LE, FALSE);
  VeilPrescanInfo info;

  for (guint i = 0; i < 3; i++)
    {
      put_item (&items, UNDEFINED);
      put_element (&items, 0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2");
      put_element (&items, 0x00081155, "UI", "1.2.3.4.5");
      put_item_end (&items);
    }
  put_header (&b, 0x00081140, "SQ", items.bytes->len);
  put_bytes (&b, items.bytes->data, items.bytes->len);
  put_element (&b, 0x00100010, "PN", "Doe^John");
  assert_scan_ok (&b, 0, &info);
  g_assert_cmpuint (info.max_depth_seen, ==, 1);
  g_assert_cmpuint (info.n_elements, ==, 5 + 1 + 6 + 1);
  g_byte_array_unref (b.bytes);

  /* The last item's delimiter missing: the item would run past the sequence's end */
  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_header (&b, 0x00081140, "SQ", items.bytes->len - 8);
  put_bytes (&b, items.bytes->data, items.bytes->len - 8);
  put_element (&b, 0x00100010, "PN", "Doe^John");
  assert_scan_refused (&b, 0, "item in sequence (0008,1140) has no end delimiter");
  g_byte_array_unref (b.bytes);

  /* An undefined-length sequence missing its delimiter at the end of the file */
  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_header (&b, 0x00081140, "SQ", UNDEFINED);
  put_bytes (&b, items.bytes->data, items.bytes->len);
  assert_scan_refused (&b, 0, "sequence (0008,1140) has no end delimiter");
  g_byte_array_unref (b.bytes);

  /* Something other than an item inside a sequence */
  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_header (&b, 0x00081140, "SQ", UNDEFINED);
  put_element (&b, 0x00100010, "PN", "Doe^John");
  put_sequence_end (&b);
  assert_scan_refused (&b, 0, "sequence (0008,1140) holds (0010,0010) where an item should be");
  g_byte_array_unref (b.bytes);
  g_byte_array_unref (items.bytes);
}

/* A delimiter that closes a defined-length item or sequence exactly at its end is accepted,
 * as DCMTK does; anywhere else it is an error */
static void
test_delimiters_in_defined_lengths (void)
{
  Builder b = new_file (TS_EXPLICIT_LE, FALSE);
  VeilPrescanInfo info;

  put_header (&b, 0x00081140, "SQ", 8 + 16 + 8 + 8);
  put_item (&b, 16 + 8);
  put_element (&b, 0x00081150, "UI", "1.2.3.4.");
  put_item_end (&b);
  put_sequence_end (&b);
  put_element (&b, 0x00100010, "PN", "Doe^John");
  assert_scan_ok (&b, 0, &info);
  g_byte_array_unref (b.bytes);

  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_header (&b, 0x00081140, "SQ", 8 + 8 + 16);
  put_item (&b, 8 + 16);
  put_item_end (&b);
  put_element (&b, 0x00081150, "UI", "1.2.3.4.");
  assert_scan_refused (&b, 0, "unexpected item delimiter at offset");
  g_byte_array_unref (b.bytes);

  /* A stray sequence delimiter at the top level */
  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_element (&b, 0x00100010, "PN", "Doe^John");
  put_sequence_end (&b);
  assert_scan_refused (&b, 0, "unexpected sequence delimiter at offset");
  g_byte_array_unref (b.bytes);
}

static void
test_big_endian (void)
{
  Builder b = new_file (TS_EXPLICIT_BE, TRUE);
  Builder un = { g_byte_array_new (), FALSE };
  VeilPrescanInfo info;
  guint8 rows[2] = { 0x02, 0x00 }; /* 512 in big endian */

  put_element (&b, 0x00080060, "CS", "MR");
  put_header (&b, 0x00280010, "US", 2);
  put_bytes (&b, rows, 2);
  /* Defined-length sequence, one defined-length item */
  put_header (&b, 0x00081140, "SQ", 8 + 16);
  put_item (&b, 16);
  put_element (&b, 0x00081150, "UI", "1.2.3.4.");
  /* Undefined-length sequence with a nested defined-length one */
  put_header (&b, 0x00081115, "SQ", UNDEFINED);
  put_item (&b, UNDEFINED);
  put_header (&b, 0x00081199, "SQ", 8 + 18);
  put_item (&b, 18);
  put_element (&b, 0x00081155, "UI", "1.2.3.4.5.");
  put_item_end (&b);
  put_sequence_end (&b);
  /* Undefined-length UN: its content is implicit VR little endian whatever the file uses */
  put_header (&b, 0x00091010, "UN", UNDEFINED);
  put_item (&un, UNDEFINED);
  put_implicit_element (&un, 0x00100010, "Doe^John");
  put_item_end (&un);
  put_sequence_end (&un);
  put_bytes (&b, un.bytes->data, un.bytes->len);
  put_element (&b, 0x00100020, "LO", "12345678");
  assert_scan_ok (&b, 0, &info);
  g_assert_true (info.big_endian);
  g_assert_true (info.explicit_vr);
  g_assert_cmpstr (info.transfer_syntax, ==, TS_EXPLICIT_BE);
  g_assert_cmpuint (info.max_depth_seen, ==, 2);
  g_assert_cmpuint (info.n_elements, ==, 5 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + 1);

  g_byte_array_unref (un.bytes);
  g_byte_array_unref (b.bytes);

  /* A length that only fits when read little endian */
  b = new_file (TS_EXPLICIT_BE, TRUE);
  put_header (&b, 0x00100010, "PN", 0x0800);
  put_bytes (&b, "Doe^John", 8);
  assert_scan_refused (&b, 0, "element (0010,0010) length 2048 runs past the end of the file");
  g_byte_array_unref (b.bytes);
}

static void
test_implicit_opaque_value (void)
{
  Builder b = new_file (TS_IMPLICIT_LE, FALSE);
  VeilPrescanInfo info;
  guint8 junk[40];

  /* A private value that starts with an item tag and a plausible length, but whose content
   * is not elements: read as an opaque value */
  memset (junk, 0xAB, sizeof junk);
  put_implicit (&b, 0x00091010, 8 + sizeof junk);
  put_item (&b, sizeof junk);
  put_bytes (&b, junk, sizeof junk);
  /* One that is a real sequence */
  put_implicit (&b, 0x00091011, 8 + 16);
  put_item (&b, 16);
  put_implicit_element (&b, 0x00100010, "Doe^John");
  /* Pixel data whose first bytes happen to look like an item header, then garbage */
  put_implicit (&b, 0x7FE00010, 8 + 8);
  put_item (&b, 8);
  put_bytes (&b, "\xFE\xFF\x00\xE0\xFF\xFF\xFF\x00", 8);
  assert_scan_ok (&b, 0, &info);
  g_assert_false (info.explicit_vr);
  g_assert_cmpuint (info.max_depth_seen, ==, 1);
  g_assert_cmpuint (info.n_elements, ==, 5 + 3 + 1);
  g_byte_array_unref (b.bytes);

  /* A value that starts like a sequence, breaks early, and then holds deep nesting: DCMTK
   * might read past the break (its dictionary may call the tag SQ), so the nesting it could
   * reach is bounded by counting item tags, and this one has too many */
  for (guint levels = 3; levels <= 40; levels += 37)
    {
      Builder value = { g_byte_array_new (), FALSE };
      Builder item = { g_byte_array_new (), FALSE };

      put_implicit (&item, 0x00080100, 0xFFFF0000); /* runs past the item */
      put_nest (&item, NEST_IMPLICIT_UNDEFINED, levels);
      put_item (&value, item.bytes->len);
      put_bytes (&value, item.bytes->data, item.bytes->len);

      b = new_file (TS_IMPLICIT_LE, FALSE);
      put_implicit (&b, 0x00091010, value.bytes->len);
      put_bytes (&b, value.bytes->data, value.bytes->len);
      put_implicit_element (&b, 0x00100010, "Doe^John");
      if (levels < VEIL_PRESCAN_DEFAULT_MAX_DEPTH)
        {
          assert_scan_ok (&b, 0, &info);
          g_assert_cmpuint (info.max_depth_seen, ==, 0);
          g_assert_cmpuint (info.n_elements, ==, 5 + 2);
        }
      else
        assert_scan_refused (&b, 0, "element (0009,1010) at offset 234 may hide sequences "
                             "nested more than 32 deep");
      g_byte_array_unref (b.bytes);
      g_byte_array_unref (item.bytes);
      g_byte_array_unref (value.bytes);
    }
}

static void
test_encapsulated_pixel_data (void)
{
  Builder b = new_file ("1.2.840.10008.1.2.4.50", FALSE);
  VeilPrescanInfo info;
  guint8 frame[100] = { 0xFF, 0xD8 };
  guint before;

  put_element (&b, 0x00080060, "CS", "US");
  put_header (&b, 0x7FE00010, "OB", UNDEFINED);
  put_item (&b, 4);
  put32 (&b, 0);
  put_item (&b, sizeof frame);
  put_bytes (&b, frame, sizeof frame);
  before = b.bytes->len;
  put_sequence_end (&b);
  assert_scan_ok (&b, 0, &info);
  g_assert_cmpuint (info.max_depth_seen, ==, 0);
  g_assert_cmpuint (info.n_elements, ==, 5 + 2);

  /* Odd fragment lengths are tolerated, like odd lengths anywhere */
  b.bytes->data[before - sizeof frame - 4] = sizeof frame - 1;
  g_byte_array_set_size (b.bytes, before - 1);
  put_sequence_end (&b);
  assert_scan_ok (&b, 0, &info);

  g_byte_array_set_size (b.bytes, before - 1);
  assert_scan_refused (&b, 0, "encapsulated pixel data has no end delimiter");
  g_byte_array_unref (b.bytes);

  b = new_file ("1.2.840.10008.1.2.4.50", FALSE);
  put_header (&b, 0x7FE00010, "OB", UNDEFINED);
  put_item (&b, UNDEFINED);
  put_sequence_end (&b);
  assert_scan_refused (&b, 0, "pixel data fragment with undefined length");
  g_byte_array_unref (b.bytes);

  b = new_file ("1.2.840.10008.1.2.4.50", FALSE);
  put_header (&b, 0x7FE00010, "OB", UNDEFINED);
  put_item (&b, 1000);
  put_bytes (&b, frame, sizeof frame);
  put_sequence_end (&b);
  assert_scan_refused (&b, 0, "pixel data fragment length 1000 runs past the end of the file");
  g_byte_array_unref (b.bytes);

  /* Undefined length on a VR that cannot have it */
  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_header (&b, 0x00100010, "LT", 0xFFFF);
  put_bytes (&b, frame, sizeof frame);
  assert_scan_refused (&b, 0, "runs past the end of the file");
  g_byte_array_unref (b.bytes);
  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_header (&b, 0x00104000, "UT", UNDEFINED);
  put_sequence_end (&b);
  assert_scan_refused (&b, 0, "element (0010,4000) with VR UT has an undefined length");
  g_byte_array_unref (b.bytes);
}

static void
test_trailing_padding (void)
{
  static const guint8 zeros[64] = { 0 };
  Builder b = new_file (TS_EXPLICIT_LE, FALSE);
  VeilPrescanInfo info;
  guint end;

  put_element (&b, 0x00100010, "PN", "Doe^John");
  end = b.bytes->len;
  /* DCMTK reads zero padding as empty 8-byte (0000,0000) elements: whole ones are fine */
  put_bytes (&b, zeros, 64);
  assert_scan_ok (&b, 0, &info);
  g_assert_cmpuint (info.n_elements, ==, 6);
  g_byte_array_set_size (b.bytes, end + 8);
  assert_scan_ok (&b, 0, &info);
  /* … a partial one is not */
  g_byte_array_set_size (b.bytes, end + 12);
  assert_scan_refused (&b, 0, "truncated element at offset");
  g_byte_array_set_size (b.bytes, end + 3);
  assert_scan_refused (&b, 0, "truncated element at offset");
  /* Non-zero bytes after the data set are not padding */
  g_byte_array_set_size (b.bytes, end);
  put_bytes (&b, "garbage", 7);
  assert_scan_refused (&b, 0, "truncated element at offset");

  /* A long zero run with something after it is read as a million empty elements; the walk
   * must not rescan the rest of the run for each (that was quadratic: found by fuzzing) */
  g_byte_array_set_size (b.bytes, end + 8 * 1024 * 1024);
  memset (b.bytes->data + end, 0, 8 * 1024 * 1024);
  put_bytes (&b, "\x10\x00\x10\x00" "PN\x02\x00" "AB", 10);
  assert_scan_ok (&b, 0, &info);
  g_assert_cmpuint (info.n_elements, ==, 6 + 1024 * 1024 + 1);
  g_byte_array_unref (b.bytes);
}

static void
test_odd_lengths_and_unknown_vrs (void)
{
  Builder b = new_file (TS_EXPLICIT_LE, FALSE);
  VeilPrescanInfo info;

  put_element (&b, 0x00100010, "PN", "Doe");
  put_element (&b, 0x00100020, "LO", "12345");
  /* Unknown VRs as DCMTK reads them: two capitals mean a 4-byte length, anything else a
   * 2-byte one */
  put_header (&b, 0x00091001, "VE", 4);
  put_bytes (&b, "abcd", 4);
  put_header (&b, 0x00091002, "x1", 4);
  put_bytes (&b, "abcd", 4);
  put_element (&b, 0x00100030, "DA", "19600214");
  assert_scan_ok (&b, 0, &info);
  g_assert_cmpuint (info.n_elements, ==, 5 + 5);
  g_byte_array_unref (b.bytes);
}

/* DCMTK lets an item's length run past the end of the file when the item's last element ends
 * exactly there (DICOMDIR-nooffset is such a file); an item overrunning its sequence anywhere
 * else, or one cut inside an element, is refused */
static void
test_item_overrun_at_end_of_file (void)
{
  Builder b = new_file (TS_EXPLICIT_LE, FALSE);
  VeilPrescanInfo info;

  put_header (&b, 0x00081140, "SQ", 8 + 16);
  put_item (&b, 16 + 30);
  put_element (&b, 0x00081150, "UI", "1.2.3.4.");
  assert_scan_ok (&b, 0, &info);
  g_byte_array_unref (b.bytes);

  /* The same with the file (and the sequence) ending two bytes into the element's value */
  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_header (&b, 0x00081140, "SQ", 8 + 14);
  put_item (&b, 16 + 30);
  put_header (&b, 0x00081150, "UI", 8);
  put_bytes (&b, "1.2.3.", 6);
  assert_scan_refused (&b, 0, "element (0008,1150) length 8 runs past the end of the file");
  g_byte_array_unref (b.bytes);

  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_header (&b, 0x00081140, "SQ", 8 + 16);
  put_item (&b, 16 + 30);
  put_element (&b, 0x00081150, "UI", "1.2.3.4.");
  put_element (&b, 0x00100010, "PN", "Doe^John");
  assert_scan_refused (&b, 0, "item in sequence (0008,1140) length 46 runs past the end of the "
                       "enclosing sequence");
  g_byte_array_unref (b.bytes);

  /* A sequence's own length must not run past the end of the file */
  b = new_file (TS_EXPLICIT_LE, FALSE);
  put_header (&b, 0x00081140, "SQ", 8 + 16 + 30);
  put_item (&b, 16);
  put_element (&b, 0x00081150, "UI", "1.2.3.4.");
  assert_scan_refused (&b, 0, "element (0008,1140) length 54 runs past the end of the file");
  g_byte_array_unref (b.bytes);
}

/* Raw deflate of `data` */
static GBytes *
deflate_raw (const guint8 *data, gsize len)
{
  z_stream zs;
  gsize cap = compressBound (len) + 64;
  guint8 *out = g_malloc (cap);

  memset (&zs, 0, sizeof zs);
  g_assert_cmpint (deflateInit2 (&zs, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY), ==,
                   Z_OK);
  zs.next_in = (Bytef *) data;
  zs.avail_in = len;
  zs.next_out = out;
  zs.avail_out = cap;
  g_assert_cmpint (deflate (&zs, Z_FINISH), ==, Z_STREAM_END);
  cap = zs.total_out;
  deflateEnd (&zs);
  return g_bytes_new_take (out, cap);
}

static void
test_deflated_built (void)
{
  Builder set = { g_byte_array_new (), FALSE };
  Builder b = new_file (TS_DEFLATED, FALSE);
  g_autoptr (GBytes) deflated = NULL;
  VeilPrescanInfo info;
  gsize len;
  const guint8 *data;

  put_element (&set, 0x00100010, "PN", "Doe^John");
  put_nest (&set, NEST_EXPLICIT_UNDEFINED, 4);
  deflated = deflate_raw (set.bytes->data, set.bytes->len);
  data = g_bytes_get_data (deflated, &len);
  put_bytes (&b, data, len);
  assert_scan_ok (&b, 0, &info);
  g_assert_true (info.deflated);
  g_assert_cmpuint (info.max_depth_seen, ==, 4);
  assert_scan_refused (&b, 3, "sequences nested 4 deep (limit 3)");
  g_byte_array_unref (b.bytes);

  /* Offsets in messages are into the inflated bytes */
  put_header (&set, 0x00100020, "LO", 64);
  put_bytes (&set, "12345678", 8);
  g_clear_pointer (&deflated, g_bytes_unref);
  deflated = deflate_raw (set.bytes->data, set.bytes->len);
  data = g_bytes_get_data (deflated, &len);
  b = new_file (TS_DEFLATED, FALSE);
  put_bytes (&b, data, len);
  assert_scan_refused (&b, 0, "element (0010,0020) length 64 runs past the end of the inflated "
                       "data set at offset");
  g_byte_array_unref (b.bytes);

  /* Not a deflate stream at all */
  b = new_file (TS_DEFLATED, FALSE);
  put_bytes (&b, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
  assert_scan_refused (&b, 0, "deflated data set is corrupt");
  g_byte_array_unref (b.bytes);
  g_byte_array_unref (set.bytes);
}

/* A small deflated file must not be able to make the walk allocate without bound */
static void
test_deflate_bomb (void)
{
  gsize big = (gsize) 520 * 1024 * 1024;
  guint8 *zeros;
  g_autoptr (GBytes) deflated = NULL;
  Builder b = new_file (TS_DEFLATED, FALSE);
  const guint8 *data;
  gsize len;

  if (!g_test_slow ())
    {
      g_test_skip ("inflates 520 MiB; run with -m slow");
      g_byte_array_unref (b.bytes);
      return;
    }
  zeros = g_malloc0 (big);
  deflated = deflate_raw (zeros, big);
  g_free (zeros);
  data = g_bytes_get_data (deflated, &len);
  put_bytes (&b, data, len);
  assert_scan_refused (&b, 0, "deflated data set inflates to more than 512 MiB");
  g_byte_array_unref (b.bytes);
}

/* Every prefix and a few thousand corruptions of real files: no crash, no hang, and every
 * refusal carries a message (AddressSanitizer builds catch out-of-bounds reads) */
static void
test_mutations_do_not_crash (void)
{
  static const char *const files[] = {
    "pydicom/test_files/rtplan.dcm",
    "pydicom/test_files/UN_sequence.dcm",
    "pydicom/test_files/ExplVR_BigEndNoMeta.dcm",
    "pydicom/test_files/priv_SQ.dcm",
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (20260506);

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr (GBytes) bytes = sample_bytes (files[f]);
      const guint8 *data;
      gsize len;
      g_autofree guint8 *copy = NULL;

      if (bytes == NULL)
        return;
      data = g_bytes_get_data (bytes, &len);
      for (gsize cut = 0; cut < len; cut++)
        {
          /* An exact copy so that ASan sees reads past the prefix */
          g_autofree guint8 *prefix = g_memdup2 (data, cut);
          g_autoptr (GError) error = NULL;

          if (!veil_dicom_prescan_buffer (prefix, cut, 0, NULL, &error))
            g_assert_nonnull (error->message);
        }
      copy = g_memdup2 (data, len);
      for (guint i = 0; i < 3000; i++)
        {
          g_autoptr (GError) error = NULL;
          guint n = g_rand_int_range (rand, 1, 5);
          guint pos[4];
          guint8 old[4];

          for (guint k = 0; k < n; k++)
            {
              pos[k] = g_rand_int_range (rand, 0, len);
              old[k] = copy[pos[k]];
              copy[pos[k]] = g_rand_int_range (rand, 0, 2) ? 0xFF : g_rand_int_range (rand, 0, 256);
            }
          veil_dicom_prescan_buffer (copy, len, 0, NULL, &error);
          for (guint k = n; k > 0; k--)
            copy[pos[k - 1]] = old[k - 1];
        }
    }
}

/* It runs before every file of a study, so the walk must cost microseconds: it skips values
 * by their lengths rather than reading them. Mapping the file is timed separately: its cost
 * is the kernel's (page faults), and varies a lot between machines and VMs. */
static void
test_speed (void)
{
  static const char *const files[] = {
    "orthanc-tests/HierarchicalAnonymization/RTH/CT01.dcm",   /* 512 KB explicit VR CT */
    "dicom-test-files/dcmqi/segmentations/ct-3slice/01.dcm",  /* 512 KB implicit VR CT */
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = sample (files[f]);
      g_autoptr (GMappedFile) map = NULL;
      g_autoptr (GError) error = NULL;
      const guint n = 2000;
      const guint8 *data;
      gsize len;
      gint64 start;
      double walk_us, file_us;

      if (path == NULL)
        return;
      map = g_mapped_file_new (path, FALSE, &error);
      g_assert_no_error (error);
      data = (const guint8 *) g_mapped_file_get_contents (map);
      len = g_mapped_file_get_length (map);

      start = g_get_monotonic_time ();
      for (guint i = 0; i < n; i++)
        g_assert_true (veil_dicom_prescan_buffer (data, len, 0, NULL, NULL));
      walk_us = (double) (g_get_monotonic_time () - start) / n;

      start = g_get_monotonic_time ();
      for (guint i = 0; i < n / 10; i++)
        g_assert_true (veil_dicom_prescan_file (path, 0, NULL, NULL));
      file_us = (double) (g_get_monotonic_time () - start) / (n / 10);

      g_test_message ("%s (%" G_GSIZE_FORMAT " bytes): walk %.2f us, with map/unmap %.1f us",
                      files[f], len, walk_us, file_us);
      /* Generous, so that sanitizer and valgrind runs pass; reading the pixel data byte by
       * byte would take far longer */
      g_assert_cmpfloat (walk_us, <, 200.0);
      g_assert_cmpfloat (file_us, <, 5000.0);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prescan/samples/readable-accepted", test_manifest_readable_files_accepted);
  g_test_add_func ("/prescan/samples/deeply-nested-refused", test_deeply_nested_refused);
  g_test_add_func ("/prescan/samples/deeply-nested-no-limit", test_deeply_nested_without_limit);
  g_test_add_func ("/prescan/samples/truncated-refused", test_truncated_samples_refused);
  g_test_add_func ("/prescan/samples/deflated", test_deflated_sample);
  g_test_add_func ("/prescan/samples/no-meta", test_no_meta_samples);
  g_test_add_func ("/prescan/samples/no-meta-implicit", test_no_meta_implicit);
  g_test_add_func ("/prescan/samples/transfer-syntaxes", test_transfer_syntax_samples);
  g_test_add_func ("/prescan/not-dicom", test_not_dicom_refused);
  g_test_add_func ("/prescan/built/depth-limit", test_depth_limit);
  g_test_add_func ("/prescan/built/default-depth", test_default_depth);
  g_test_add_func ("/prescan/built/truncated-length", test_truncated_length);
  g_test_add_func ("/prescan/built/defined-sequence-undefined-items",
                   test_defined_sequence_undefined_items);
  g_test_add_func ("/prescan/built/delimiters-in-defined-lengths",
                   test_delimiters_in_defined_lengths);
  g_test_add_func ("/prescan/built/big-endian", test_big_endian);
  g_test_add_func ("/prescan/built/implicit-opaque-value", test_implicit_opaque_value);
  g_test_add_func ("/prescan/built/encapsulated-pixel-data", test_encapsulated_pixel_data);
  g_test_add_func ("/prescan/built/trailing-padding", test_trailing_padding);
  g_test_add_func ("/prescan/built/odd-lengths-unknown-vrs", test_odd_lengths_and_unknown_vrs);
  g_test_add_func ("/prescan/built/item-overrun-at-eof", test_item_overrun_at_end_of_file);
  g_test_add_func ("/prescan/built/deflated", test_deflated_built);
  g_test_add_func ("/prescan/built/deflate-bomb", test_deflate_bomb);
  g_test_add_func ("/prescan/samples/mutations", test_mutations_do_not_crash);
  g_test_add_func ("/prescan/samples/speed", test_speed);

  return g_test_run ();
}
