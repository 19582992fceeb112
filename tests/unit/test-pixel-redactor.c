/* test-pixel-redactor.c: filling fixed regions in real files of every transfer syntax.
 *
 * No OCR here: each file gets the same two boxes (one in every frame, one in the last frame
 * only), is redacted and written, then read back through DCMTK: every pixel in the boxes
 * holds the fill value, every pixel outside them is what the original decodes to, the file is
 * in the transfer syntax the design promises (lossless syntaxes kept, lossy ones written as
 * Explicit VR Little Endian), and dcmdump and dciodvfy accept it. Needs VEIL_SHARED_DIR.
 */

#include "pixel-check.h"
#include "veil-pixel-redactor.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

static const char *shared_dir;

typedef struct {
  const char *path;        /* under dicom-samples/ */
  const char *written;     /* transfer syntax expected after cleaning */
  gboolean changed_syntax;
} Case;

static const Case cases[] = {
  { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.1.dcm", "1.2.840.10008.1.2.1", FALSE },
  { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.dcm", "1.2.840.10008.1.2", FALSE },
  { "pydicom/test_files/MR_small_bigendian.dcm", "1.2.840.10008.1.2.2", FALSE },
  { "pydicom/test_files/CT_small.dcm", "1.2.840.10008.1.2.1", FALSE },
  { "pydicom/test_files/MR_small_RLE.dcm", "1.2.840.10008.1.2.5", FALSE },
  { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.5.dcm", "1.2.840.10008.1.2.5", FALSE },
  { "pydicom/test_files/SC_rgb_rle_16bit_2frame.dcm", "1.2.840.10008.1.2.5", FALSE },
  { "pydicom/test_files/SC_rgb_rle_32bit_2frame.dcm", "1.2.840.10008.1.2.5", FALSE },
  { "orthanc-tests/2023-04-21-RLEPlanarConfigurationYBR_FULL.dcm", "1.2.840.10008.1.2.5", FALSE },
  { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.57.dcm", "1.2.840.10008.1.2.4.57", FALSE },
  { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.70.dcm", "1.2.840.10008.1.2.4.70", FALSE },
  { "pydicom/test_files/SC_rgb_jpeg_gdcm.dcm", "1.2.840.10008.1.2.4.70", FALSE },
  { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.80.dcm", "1.2.840.10008.1.2.4.80", FALSE },
  { "pydicom/test_files/MR_small_jpeg_ls_lossless.dcm", "1.2.840.10008.1.2.4.80", FALSE },
  { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.50.dcm", "1.2.840.10008.1.2.1", TRUE },
  { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.51.dcm", "1.2.840.10008.1.2.1", TRUE },
  { "pydicom/test_files/SC_rgb_jpeg_dcmtk.dcm", "1.2.840.10008.1.2.1", TRUE },
  { "orthanc-tests/Issue16.dcm", "1.2.840.10008.1.2.1", TRUE },
  { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.81.dcm", "1.2.840.10008.1.2.1", TRUE },
  /* JPEG 2000 through OpenJPEG: no encoder, so written uncompressed either way. */
  { "pydicom-data/US1_J2KR.dcm", "1.2.840.10008.1.2.1", TRUE },
  { "pydicom-data/US1_J2KI.dcm", "1.2.840.10008.1.2.1", TRUE },
  { "orthanc-tests/Formats/jp2k91YBR-ICT.dcm", "1.2.840.10008.1.2.1", TRUE },
  { "pydicom-data/emri_small_jpeg_2k_lossless.dcm", "1.2.840.10008.1.2.1", TRUE },
};

static char *
sample_path (const char *relative)
{
  return g_build_filename (shared_dir, "dicom-samples", relative, NULL);
}

static GPtrArray *
fixed_regions (const VeilDcmPixelInfo *info)
{
  GPtrArray *regions = veil_pixel_regions_new ();
  /* One box in every frame, one reaching past the image's corner in the last frame only. */
  g_ptr_array_add (regions, veil_pixel_region_new (VEIL_PIXEL_ALL_FRAMES, 2, 3,
                                                   (int) MAX (info->columns / 4, 1u),
                                                   (int) MAX (info->rows / 8, 1u), "test band"));
  g_ptr_array_add (regions, veil_pixel_region_new (info->n_frames - 1, (int) info->columns / 2,
                                                   (int) info->rows / 2, (int) info->columns,
                                                   (int) info->rows, "test corner"));
  return regions;
}

static void
test_transfer_syntax (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *input = sample_path (c->path);
  g_autoptr (GError) error = NULL;

  if (!g_file_test (input, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("sample missing");
      return;
    }
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (input, 8192, &error);
  g_assert_no_error (error);
  VeilDcmPixelInfo info;
  g_assert_true (veil_dcm_file_get_pixel_info (file, &info));
  g_autoptr (GPtrArray) regions = fixed_regions (&info);

  VeilPixelRedaction result;
  g_assert_true (veil_pixel_redact (file, regions, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.cleaned);
  g_assert_true (result.pixels_rewritten);
  g_assert_cmpstr (result.transfer_syntax, ==, c->written);
  g_assert_cmpint (result.changed_syntax, ==, c->changed_syntax);
  g_assert_cmpuint (result.n_frames, ==, info.n_frames);
  g_test_message ("%s: %s", c->path, result.note);

  g_autofree char *dir = g_dir_make_tmp ("veil-redact-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *output = g_build_filename (dir, "out.dcm", NULL);
  g_assert_true (veil_dcm_file_save (file, output, &error));
  g_assert_no_error (error);

  /* Read back: the written syntax, BurnedInAnnotation NO, filled boxes, unchanged rest. */
  Pixels original, cleaned;
  g_assert_true (pixels_load (input, &original, &error));
  g_assert_true (pixels_load (output, &cleaned, &error));
  g_assert_no_error (error);
  g_autoptr (VeilDcmFile) reread = veil_dcm_file_load (output, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (veil_dcm_file_get_transfer_syntax (reread), ==, c->written);
  g_autofree char *burned_in = veil_dcm_item_get_string (veil_dcm_file_get_dataset (reread), 0x0028, 0x0301);
  g_assert_cmpstr (burned_in, ==, "NO");
  if (c->changed_syntax && !g_str_has_suffix (c->path, "J2KR.dcm")
      && !g_str_has_suffix (c->path, "2k_lossless.dcm"))
    {
      g_autofree char *lossy = veil_dcm_item_get_string (veil_dcm_file_get_dataset (reread), 0x0028, 0x2110);
      g_assert_cmpstr (lossy, ==, "01");
    }

  gint64 fill[3];
  pixels_expected_fill (&cleaned, result.fill_value, fill);
  for (guint f = 0; f < cleaned.info.n_frames; f++)
    for (guint i = 0; i < regions->len; i++)
      {
        const VeilPixelRegion *r = g_ptr_array_index (regions, i);
        if (r->frame == VEIL_PIXEL_ALL_FRAMES || r->frame == f)
          g_assert_cmpuint (pixels_count_unfilled (&cleaned, f, r->x, r->y, r->width, r->height, fill), ==, 0);
      }
  guint64 before, after;
  g_assert_cmpuint (pixels_compare_outside (&original, &cleaned, regions, &before, &after), ==, 0);
  g_assert_cmpuint (before, ==, after);

  const char *dump[] = { "dcmdump", "-q", output, NULL };
  if (have_tool ("dcmdump"))
    g_assert_true (run_tool (dump, NULL));
  g_autoptr (GPtrArray) added = dciodvfy_new_errors (input, output);
  for (guint i = 0; i < added->len; i++)
    g_test_message ("new dciodvfy error: %s", (char *) g_ptr_array_index (added, i));
  g_assert_cmpuint (added->len, ==, 0);

  pixels_clear (&original);
  pixels_clear (&cleaned);
  veil_pixel_redaction_clear (&result);
  g_unlink (output);
  g_rmdir (dir);
}

/* Fail closed: pixel data that does not match its header (here: more rows than it holds) is
 * refused, never half cleaned. */
static void
test_malformed_fails (gconstpointer data)
{
  const char *relative = data;
  g_autofree char *input = sample_path (relative);
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (input, 8192, &error);
  g_assert_no_error (error);
  VeilDcmPixelInfo info;
  g_assert_true (veil_dcm_file_get_pixel_info (file, &info));
  g_autofree char *rows = g_strdup_printf ("%u", info.rows * 2);
  g_assert_true (veil_dcm_item_set_string (veil_dcm_file_get_dataset (file), 0x0028, 0x0010, NULL, rows, &error));
  g_autoptr (GPtrArray) regions = fixed_regions (&info);
  VeilPixelRedaction result;
  g_assert_false (veil_pixel_redact (file, regions, &result, &error));
  g_assert_nonnull (error);
  g_test_message ("%s: %s", relative, error->message);
  veil_pixel_redaction_clear (&result);
}

/* Overlay planes go even when no pixel needs filling, and the pixels are left alone. */
static void
test_overlays_removed (void)
{
  g_autofree char *input = sample_path ("pydicom/test_files/examples_overlay.dcm");
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (input, 8192, &error);
  g_assert_no_error (error);
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);
  g_assert_true (veil_dcm_item_find (dataset, 0x6000, 0x3000, NULL));
  g_autofree char *before = veil_dcm_item_get_string (dataset, 0x0028, 0x0301);

  g_autoptr (GPtrArray) none = veil_pixel_regions_new ();
  VeilPixelRedaction result;
  g_assert_true (veil_pixel_redact (file, none, &result, &error));
  g_assert_no_error (error);
  g_assert_false (result.cleaned);
  g_assert_false (result.pixels_rewritten);
  g_assert_cmpuint (result.n_overlays_removed, ==, 1);
  g_assert_false (veil_dcm_item_find (dataset, 0x6000, 0x3000, NULL));
  g_assert_false (veil_dcm_item_find (dataset, 0x6000, 0x0010, NULL));
  /* Nothing was filled, so nothing may claim the pixels are clean. */
  g_autofree char *after = veil_dcm_item_get_string (dataset, 0x0028, 0x0301);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (result.transfer_syntax, ==, veil_dcm_file_get_transfer_syntax (file));
  veil_pixel_redaction_clear (&result);
}

/* Signed CT: the fill is the image's own minimum, so the window is unchanged. */
static void
test_signed_fill (void)
{
  g_autofree char *input = sample_path ("pydicom/test_files/CT_small.dcm");
  g_autoptr (GError) error = NULL;
  Pixels original;
  g_assert_true (pixels_load (input, &original, &error));
  g_assert_true (original.info.is_signed);
  gint64 low = G_MAXINT64;
  for (guint y = 0; y < original.info.rows; y++)
    for (guint x = 0; x < original.info.columns; x++)
      low = MIN (low, pixels_sample (&original, 0, x, y, 0));

  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (input, 8192, &error);
  g_autoptr (GPtrArray) regions = fixed_regions (&original.info);
  VeilPixelRedaction result;
  g_assert_true (veil_pixel_redact (file, regions, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.fill_value, ==, low);
  pixels_clear (&original);
  veil_pixel_redaction_clear (&result);
}

static void
skip_without_samples (void)
{
  g_test_skip ("VEIL_SHARED_DIR is unset or missing");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  shared_dir = g_getenv ("VEIL_SHARED_DIR");
  if (shared_dir == NULL || !g_file_test (shared_dir, G_FILE_TEST_IS_DIR))
    {
      g_test_add_func ("/pixel-redactor/shared-data", skip_without_samples);
      return g_test_run ();
    }
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/pixel-redactor/syntax/%s", cases[i].path);
      g_test_add_data_func (name, &cases[i], test_transfer_syntax);
    }
  g_test_add_data_func ("/pixel-redactor/malformed-fails/native", "synthetic/out/patientB/B1/US_burned_in.dcm",
                        test_malformed_fails);
  g_test_add_data_func ("/pixel-redactor/malformed-fails/rle", "pydicom/test_files/MR_small_RLE.dcm",
                        test_malformed_fails);
  g_test_add_data_func ("/pixel-redactor/malformed-fails/j2k", "pydicom-data/US1_J2KR.dcm",
                        test_malformed_fails);
  g_test_add_func ("/pixel-redactor/overlays-removed", test_overlays_removed);
  g_test_add_func ("/pixel-redactor/signed-fill", test_signed_fill);
  return g_test_run ();
}
