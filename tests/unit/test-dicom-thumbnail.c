/* Series thumbnails: real files of several kinds render at a bounded size with a picture in
 * them; a file that cannot be rendered says which and why. */

#include "veil-dicom-thumbnail.h"

#include <glib/gstdio.h>
#include <string.h>

static char *
sample (const char *relative)
{
  const char *shared = g_getenv ("VEIL_SHARED_DIR");
  if (shared == NULL)
    return NULL;
  char *path = g_build_filename (shared, "dicom-samples", relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);
  return path;
}

/* How many distinct grey levels (or colours' first channel) the picture has. */
static guint
n_levels (const VeilDicomThumbnail *thumbnail)
{
  gsize size = 0;
  const guint8 *pixels = g_bytes_get_data (thumbnail->pixels, &size);
  gboolean seen[256] = { FALSE };
  guint n = 0;
  for (gsize i = 0; i < size; i += thumbnail->channels)
    if (!seen[pixels[i]])
      {
        seen[pixels[i]] = TRUE;
        n++;
      }
  return n;
}

static void
test_ct_uses_its_window (void)
{
  g_autofree char *path = sample ("orthanc-tests/HierarchicalAnonymization/RTH/CT01.dcm");
  if (path == NULL)
    {
      g_test_skip ("shared samples not present");
      return;
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDicomThumbnail) thumbnail = veil_dicom_thumbnail_render (path, 0, 128, NULL, &error);
  g_assert_no_error (error);
  /* 512 × 512 scaled to fit 128 */
  g_assert_cmpuint (thumbnail->width, ==, 128);
  g_assert_cmpuint (thumbnail->height, ==, 128);
  g_assert_cmpuint (thumbnail->channels, ==, 1);
  g_assert_cmpuint (g_bytes_get_size (thumbnail->pixels), ==, 128 * 128);
  /* WindowCenter 40 / WindowWidth 400 (soft tissue): air outside the body is black, the body
   * spans many greys, bone is white. */
  gsize size;
  const guint8 *pixels = g_bytes_get_data (thumbnail->pixels, &size);
  g_assert_cmpuint (pixels[0], ==, 0);
  g_assert_cmpuint (n_levels (thumbnail), >, 64);
  guint white = 0;
  for (gsize i = 0; i < size; i++)
    white += pixels[i] == 255;
  g_assert_cmpuint (white, >, 0);
  g_assert_cmpuint (white, <, size / 4);
}

static void
test_multiframe_colour (void)
{
  g_autofree char *path = sample ("pydicom/test_files/SC_rgb_rle_16bit_2frame.dcm");
  if (path == NULL)
    {
      g_test_skip ("shared samples not present");
      return;
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDicomThumbnail) thumbnail = veil_dicom_thumbnail_render (path, 0, 64, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (thumbnail->n_frames, ==, 2);
  g_assert_cmpuint (thumbnail->channels, ==, 3);
  g_assert_cmpuint (MAX (thumbnail->width, thumbnail->height), ==, 64);
  g_assert_cmpuint (thumbnail->stride, ==, thumbnail->width * 3);
  g_assert_cmpuint (g_bytes_get_size (thumbnail->pixels), ==, thumbnail->stride * thumbnail->height);
  g_assert_cmpuint (n_levels (thumbnail), >, 1);
  /* colour is colour: some pixel has channels that differ */
  gsize size;
  const guint8 *pixels = g_bytes_get_data (thumbnail->pixels, &size);
  gboolean coloured = FALSE;
  for (gsize i = 0; i + 2 < size && !coloured; i += 3)
    coloured = pixels[i] != pixels[i + 1] || pixels[i + 1] != pixels[i + 2];
  g_assert_true (coloured);

  /* the second frame renders too; a third does not exist */
  g_autoptr (VeilDicomThumbnail) second = veil_dicom_thumbnail_render (path, 1, 64, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (veil_dicom_thumbnail_render (path, 2, 64, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_series_uses_middle_instance (void)
{
  g_autofree char *a = sample ("dicom-test-files/dcmqi/segmentations/ct-3slice/01.dcm");
  g_autofree char *b = sample ("dicom-test-files/dcmqi/segmentations/ct-3slice/02.dcm");
  g_autofree char *c = sample ("dicom-test-files/dcmqi/segmentations/ct-3slice/03.dcm");
  if (a == NULL || b == NULL || c == NULL)
    {
      g_test_skip ("shared samples not present");
      return;
    }
  const char *paths[] = { a, b, c };
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDicomThumbnail) series = veil_dicom_thumbnail_render_series (paths, 3, 96, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (VeilDicomThumbnail) middle = veil_dicom_thumbnail_render (b, 0, 96, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (series->pixels, middle->pixels));
  g_assert_cmpuint (n_levels (series), >, 16);
  g_assert_null (veil_dicom_thumbnail_render_series (paths, 0, 96, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_corrupt_file_says_why (void)
{
  g_autofree char *ct = sample ("orthanc-tests/HierarchicalAnonymization/RTH/CT01.dcm");
  if (ct == NULL)
    {
      g_test_skip ("shared samples not present");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("veil-thumb-XXXXXX", NULL);
  g_autoptr (GError) error = NULL;

  /* the CT cut off half-way through its pixel data */
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (ct, &contents, &length, NULL));
  g_autofree char *cut = g_build_filename (dir, "cut-short.dcm", NULL);
  g_assert_true (g_file_set_contents (cut, contents, length - 256 * 1024, NULL));
  g_assert_null (veil_dicom_thumbnail_render (cut, 0, 128, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("cut short: %s", error->message);
  g_assert_nonnull (strstr (error->message, "cut-short.dcm: "));
  g_clear_error (&error);

  /* not DICOM at all */
  g_autofree char *text = g_build_filename (dir, "notes.dcm", NULL);
  g_assert_true (g_file_set_contents (text, "Dear Dr Smith, please find enclosed", -1, NULL));
  g_assert_null (veil_dicom_thumbnail_render (text, 0, 128, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "notes.dcm: "));
  g_clear_error (&error);

  /* a cancelled render does not start */
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  g_assert_null (veil_dicom_thumbnail_render (ct, 0, 128, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_unlink (cut);
  g_unlink (text);
  g_rmdir (dir);
}

/* JPEG 2000, which DCMTK cannot decode here, through OpenJPEG. */
static void
test_jpeg2000 (void)
{
  g_autofree char *path = sample ("pydicom-data/US1_J2KR.dcm");
  if (path == NULL)
    {
      g_test_skip ("shared samples not present");
      return;
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDicomThumbnail) thumbnail = veil_dicom_thumbnail_render (path, 0, 128, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (MAX (thumbnail->width, thumbnail->height), ==, 128);
  g_assert_cmpuint (g_bytes_get_size (thumbnail->pixels),
                    ==, (gsize) thumbnail->stride * thumbnail->height);
  g_assert_cmpuint (n_levels (thumbnail), >, 16);
}

static void
test_no_pixels (void)
{
  g_autofree char *path = sample ("presidio/0_ORIGINAL_no_pixels.dcm");
  if (path == NULL)
    {
      g_test_skip ("shared samples not present");
      return;
    }
  g_autoptr (GError) error = NULL;
  g_assert_null (veil_dicom_thumbnail_render (path, 0, 128, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dicom-thumbnail/ct-window", test_ct_uses_its_window);
  g_test_add_func ("/dicom-thumbnail/multiframe-colour", test_multiframe_colour);
  g_test_add_func ("/dicom-thumbnail/series-middle", test_series_uses_middle_instance);
  g_test_add_func ("/dicom-thumbnail/corrupt", test_corrupt_file_says_why);
  g_test_add_func ("/dicom-thumbnail/jpeg2000", test_jpeg2000);
  g_test_add_func ("/dicom-thumbnail/no-pixels", test_no_pixels);
  return g_test_run ();
}
