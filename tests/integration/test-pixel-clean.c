/* test-pixel-clean.c: burned-in text found, blacked out and gone, on the real samples.
 *
 * For each image with text burned in (the synthetic UK ultrasound, Presidio's CT and CR,
 * deid's greyscale, colour and multi-frame ultrasounds, and an RLE and a JPEG sample), the
 * full path the export takes: the header's risk, regions found by rendering and OCR, the
 * pixels filled, the file written. Then, reading the written file back:
 *
 *   - every pixel of every ground-truth box (Presidio's JSON, the synthetic answer key)
 *     holds the fill value, in every frame;
 *   - every pixel outside the regions is unchanged (a digest over the rest of the image,
 *     and one per region, are reported);
 *   - Tesseract (the library, both passes, every frame; and the `tesseract` command on the
 *     first frame) reads none of the identifiers, nor any date or ID by its shape;
 *   - dcmdump parses it and dciodvfy reports no error the original did not have;
 *   - the transfer syntax is the original one, or Explicit VR Little Endian for JPEG.
 *
 * OCR recall on the ground truth (identifier words read, boxes covered) and the time per
 * frame are printed. Needs VEIL_SHARED_DIR; skipped without it.
 */

#include "pixel-check.h"
#include "veil-dicom-subject.h"
#include "veil-pixel-cleaner.h"
#include "veil-pixel-ocr.h"
#include "veil-pixel-redactor.h"
#include "veil-pixel-risk.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <zip.h>

/* Presidio's verification pads the image by 25 pixels before OCR, and its ground truth is in
 * the padded coordinates (its "DAVIDSON" box starts at 25,25 for a word at the corner). */
#define PRESIDIO_PADDING 25

typedef enum {
  TRUTH_NONE,
  TRUTH_PRESIDIO,
  TRUTH_SYNTHETIC,
} Truth;

typedef struct {
  const char *path;     /* under dicom-samples/; a .zip holds one file to unpack */
  Truth truth;
  const char *written;  /* expected transfer syntax, NULL: the input's */
} Sample;

static const Sample samples[] = {
  { "synthetic/out/patientB/B1/US_burned_in.dcm", TRUTH_SYNTHETIC, NULL },
  { "presidio/0_ORIGINAL_compressed.dcm", TRUTH_PRESIDIO, "1.2.840.10008.1.2.5" },
  { "presidio/2_ORIGINAL.dicom", TRUTH_NONE, NULL },
  { "deid-data/ultrasounds/GREYSCALE_IMAGE.dcm", TRUTH_NONE, NULL },
  { "deid-data/ultrasounds/RGB_IMAGE.dcm", TRUTH_NONE, NULL },
  { "deid-data/ultrasounds/GREYSCALE_CINE.zip", TRUTH_NONE, NULL },
  { "orthanc-tests/2023-04-21-RLEPlanarConfigurationYBR_FULL.dcm", TRUTH_NONE, "1.2.840.10008.1.2.5" },
  { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.50.dcm", TRUTH_NONE, "1.2.840.10008.1.2.1" },
  { "pydicom-data/US1_J2KR.dcm", TRUTH_NONE, "1.2.840.10008.1.2.1" },
};

typedef struct {
  char *label;
  int x, y, width, height;
} Box;

static const char *shared_dir;
static VeilPixelCleaner *cleaner;
static VeilPixelOcr *ocr;
static guint words_total, words_read, boxes_total, boxes_covered;

static void
box_free (Box *box)
{
  g_free (box->label);
  g_free (box);
}

static char *
sample_path (const char *relative)
{
  return g_build_filename (shared_dir, "dicom-samples", relative, NULL);
}

/* ---- ground truth ---- */

static GPtrArray *
presidio_boxes (void)
{
  g_autofree char *path = sample_path ("presidio/dicom_pii_verify_integration.json");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  JsonArray *truth = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                   "ground_truth");
  for (guint i = 0; i < json_array_get_length (truth); i++)
    {
      JsonObject *o = json_array_get_object_element (truth, i);
      Box *box = g_new0 (Box, 1);
      box->label = g_strdup (json_object_get_string_member (o, "label"));
      box->x = (int) json_object_get_int_member (o, "left") - PRESIDIO_PADDING;
      box->y = (int) json_object_get_int_member (o, "top") - PRESIDIO_PADDING;
      box->width = (int) json_object_get_int_member (o, "width");
      box->height = (int) json_object_get_int_member (o, "height");
      g_ptr_array_add (boxes, box);
    }
  return boxes;
}

static GPtrArray *
synthetic_boxes (void)
{
  g_autofree char *path = sample_path ("synthetic/answer-key.json");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  JsonObject *burned = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                      "burned_in_text");
  JsonArray *lines = json_object_get_array_member (burned, "B1/US_burned_in.dcm");
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *o = json_array_get_object_element (lines, i);
      Box *box = g_new0 (Box, 1);
      box->label = g_strdup (json_object_get_string_member (o, "text"));
      box->x = (int) json_object_get_int_member (o, "left");
      box->y = (int) json_object_get_int_member (o, "top");
      box->width = (int) json_object_get_int_member (o, "width");
      box->height = (int) json_object_get_int_member (o, "height");
      g_ptr_array_add (boxes, box);
    }
  return boxes;
}

/* ---- OCR recall ---- */

static char *
canonical (const char *text)
{
  GString *out = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static guint
distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];
      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] != b[j - 1]));
          diagonal = above;
        }
    }
  return row[lb];
}

/* TRUE if OCR read `word` inside `box`: the same letters and digits (one slip allowed from
 * five characters), centred in the box. */
static gboolean
word_was_read (GPtrArray *ocr_words, const char *word, const Box *box)
{
  g_autofree char *want = canonical (word);
  for (guint i = 0; i < ocr_words->len; i++)
    {
      const VeilOcrWord *w = g_ptr_array_index (ocr_words, i);
      int cx = w->x + w->width / 2, cy = w->y + w->height / 2;
      if (cx < box->x - 2 || cx > box->x + box->width + 2 || cy < box->y - 2
          || cy > box->y + box->height + 2)
        continue;
      g_autofree char *got = canonical (w->text);
      if (g_str_equal (got, want) || (strlen (want) >= 5 && distance (got, want) <= 1)
          || (strlen (want) >= 3 && strstr (got, want) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* The identifier words of a ground-truth box: Presidio labels one word per box; the synthetic
 * key gives whole lines, whose label words ("NHS", "DOB") and cut-off generic words are not
 * identifiers. */
static void
count_recall (GPtrArray *ocr_words, GPtrArray *boxes, Truth truth)
{
  static const char *const not_identifying[] = { "NHS", "DOB", "HOSPITALS", "HOSP" };

  for (guint b = 0; b < boxes->len; b++)
    {
      const Box *box = g_ptr_array_index (boxes, b);
      g_auto (GStrv) words = truth == TRUTH_PRESIDIO ? g_strsplit (box->label, "\n", -1)
                                                      : g_strsplit_set (box->label, " ", -1);
      for (guint i = 0; words[i] != NULL; i++)
        {
          g_autofree char *canon = canonical (words[i]);
          gboolean skip = *canon == '\0';
          for (gsize k = 0; k < G_N_ELEMENTS (not_identifying); k++)
            skip |= g_str_equal (canon, not_identifying[k]);
          if (skip)
            continue;
          gboolean read = word_was_read (ocr_words, words[i], box);
          words_total++;
          words_read += read;
          g_test_message ("ground truth \"%s\": %s", words[i], read ? "read" : "NOT READ");
        }
    }
}

/* ---- helpers ---- */

static GPtrArray *
read_all_frames (VeilDcmFile *file, guint frame)
{
  VeilDcmPixelInfo info;
  g_autoptr (GError) error = NULL;
  g_assert_true (veil_dcm_file_get_pixel_info (file, &info));
  g_autoptr (VeilDcmRenderer) renderer = veil_dcm_renderer_new (file, &error);
  g_assert_no_error (error);
  g_autofree guint8 *grey = g_malloc ((gsize) info.rows * info.columns);
  g_assert_true (veil_dcm_renderer_render_frame (renderer, frame, grey, &error));
  GPtrArray *words = veil_pixel_ocr_read (ocr, grey, info.columns, info.rows, &error);
  g_assert_no_error (error);
  return words;
}

/* Writes frame 0 of `file` as a PGM for the tesseract command. */
static char *
write_pgm (VeilDcmFile *file, const char *dir)
{
  VeilDcmPixelInfo info;
  g_autoptr (GError) error = NULL;
  g_assert_true (veil_dcm_file_get_pixel_info (file, &info));
  g_autoptr (VeilDcmRenderer) renderer = veil_dcm_renderer_new (file, &error);
  g_assert_no_error (error);
  gsize n = (gsize) info.rows * info.columns;
  g_autofree char *header = g_strdup_printf ("P5\n%u %u\n255\n", info.columns, info.rows);
  gsize header_length = strlen (header);
  g_autofree guint8 *image = g_malloc (header_length + n);
  memcpy (image, header, header_length);
  g_assert_true (veil_dcm_renderer_render_frame (renderer, 0, image + header_length, &error));
  char *path = g_build_filename (dir, "frame0.pgm", NULL);
  g_assert_true (g_file_set_contents (path, (const char *) image, (gssize) (header_length + n), &error));
  return path;
}

/* Unpacks the single DICOM file of a zip into `dir`. */
static char *
unpack (const char *zip_path, const char *dir)
{
  int status = 0;
  zip_t *archive = zip_open (zip_path, ZIP_RDONLY, &status);
  g_assert_nonnull (archive);
  char *path = NULL;
  for (zip_int64_t i = 0; i < zip_get_num_entries (archive, 0) && path == NULL; i++)
    {
      const char *name = zip_get_name (archive, (zip_uint64_t) i, 0);
      if (name == NULL || !g_str_has_suffix (name, ".dcm"))
        continue;
      zip_stat_t st;
      g_assert_cmpint (zip_stat_index (archive, (zip_uint64_t) i, 0, &st), ==, 0);
      g_assert_cmpuint (st.size, <, (guint64) 1 << 30);
      zip_file_t *entry = zip_fopen_index (archive, (zip_uint64_t) i, 0);
      g_assert_nonnull (entry);
      g_autofree char *data = g_malloc (st.size);
      g_assert_cmpint (zip_fread (entry, data, st.size), ==, (zip_int64_t) st.size);
      zip_fclose (entry);
      g_autofree char *base = g_path_get_basename (name);
      path = g_build_filename (dir, base, NULL);
      g_assert_true (g_file_set_contents (path, data, (gssize) st.size, NULL));
    }
  zip_close (archive);
  g_assert_nonnull (path);
  return path;
}

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* ---- the test ---- */

static void
test_sample (gconstpointer data)
{
  const Sample *sample = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("veil-pixel-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *source = sample_path (sample->path);
  g_autofree char *input = g_str_has_suffix (source, ".zip") ? unpack (source, dir) : g_strdup (source);

  /* As the export does: the header read first, the case's values known to the cleaner. */
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (input, 8192, &error);
  g_assert_no_error (error);
  g_autoptr (VeilDicomSubject) subject = veil_dicom_subject_read (file);
  veil_pixel_cleaner_add_subject (cleaner, subject);
  g_autofree char *why = NULL;
  VeilPixelRisk risk = veil_pixel_risk_assess (file, &why);
  g_test_message ("risk %s", why);
  g_assert_cmpint (risk, >=, VEIL_PIXEL_RISK_LOW);
  const char *input_syntax = veil_dcm_file_get_transfer_syntax (file);
  g_autofree char *expected_syntax = g_strdup (sample->written ? sample->written : input_syntax);

  guint64 frames_before;
  double seconds_before;
  veil_pixel_cleaner_get_stats (cleaner, &frames_before, &seconds_before);
  gint64 start = g_get_monotonic_time ();
  g_autoptr (GPtrArray) regions = veil_pixel_find_regions (cleaner, file, &error);
  gint64 elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpuint (regions->len, >, 0);
  guint64 frames_after;
  double seconds_after;
  veil_pixel_cleaner_get_stats (cleaner, &frames_after, &seconds_after);
  g_test_message ("%" G_GUINT64_FORMAT " frames, %.3f s per frame (render + OCR), %.3f s wall per frame",
                  frames_after - frames_before,
                  (seconds_after - seconds_before) / (double) MAX (frames_after - frames_before, 1),
                  elapsed / 1e6 / (double) MAX (frames_after - frames_before, 1));
  for (guint i = 0; i < regions->len; i++)
    {
      const VeilPixelRegion *r = g_ptr_array_index (regions, i);
      g_test_message ("region %d,%d %dx%d %s: %s", r->x, r->y, r->width, r->height,
                      r->frame == VEIL_PIXEL_ALL_FRAMES ? "all frames" : "one frame", r->reason);
    }

  g_autoptr (GPtrArray) truth = sample->truth == TRUTH_PRESIDIO    ? presidio_boxes ()
                                : sample->truth == TRUTH_SYNTHETIC ? synthetic_boxes ()
                                                                   : NULL;
  if (truth != NULL)
    {
      g_autoptr (GPtrArray) before = read_all_frames (file, 0);
      count_recall (before, truth, sample->truth);
    }

  /* Clean and write. */
  VeilPixelRedaction result;
  g_assert_true (veil_pixel_redact (file, regions, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.cleaned);
  g_assert_cmpstr (result.transfer_syntax, ==, expected_syntax);
  g_test_message ("%s", result.note);
  g_autofree char *output = g_build_filename (dir, "cleaned.dcm", NULL);
  g_assert_true (veil_dcm_file_save (file, output, &error));
  g_assert_no_error (error);

  Pixels original, cleaned;
  g_assert_true (pixels_load (input, &original, &error));
  g_assert_true (pixels_load (output, &cleaned, &error));
  g_assert_no_error (error);
  gint64 fill[3];
  pixels_expected_fill (&cleaned, result.fill_value, fill);

  /* Every pixel of each ground-truth box, in every frame, is the fill value. */
  for (guint b = 0; truth != NULL && b < truth->len; b++)
    {
      const Box *box = g_ptr_array_index (truth, b);
      guint64 wrong = 0;
      for (guint f = 0; f < cleaned.info.n_frames; f++)
        wrong += pixels_count_unfilled (&cleaned, f, box->x, box->y, box->width, box->height, fill);
      boxes_total++;
      boxes_covered += wrong == 0;
      g_test_message ("ground-truth box \"%s\" at %d,%d %dx%d: %" G_GUINT64_FORMAT " pixels not filled",
                      box->label, box->x, box->y, box->width, box->height, wrong);
      g_assert_cmpuint (wrong, ==, 0);
    }
  /* Every region is filled in every frame it applies to. */
  for (guint f = 0; f < cleaned.info.n_frames; f++)
    for (guint i = 0; i < regions->len; i++)
      {
        const VeilPixelRegion *r = g_ptr_array_index (regions, i);
        if (r->frame == VEIL_PIXEL_ALL_FRAMES || r->frame == f)
          g_assert_cmpuint (pixels_count_unfilled (&cleaned, f, r->x, r->y, r->width, r->height, fill), ==, 0);
      }
  /* Nothing outside them changed. */
  guint64 digest_before, digest_after;
  guint64 differ = pixels_compare_outside (&original, &cleaned, regions, &digest_before, &digest_after);
  g_test_message ("outside the regions: digest %016" G_GINT64_MODIFIER "x before, %016" G_GINT64_MODIFIER "x after",
                  digest_before, digest_after);
  for (guint i = 0; i < regions->len; i++)
    g_test_message ("region %u digest %016" G_GINT64_MODIFIER "x → %016" G_GINT64_MODIFIER "x", i,
                    pixels_region_digest (&original, g_ptr_array_index (regions, i)),
                    pixels_region_digest (&cleaned, g_ptr_array_index (regions, i)));
  g_assert_cmpuint (differ, ==, 0);
  g_assert_cmpuint (digest_before, ==, digest_after);

  /* OCR of the cleaned image, every frame, reads nothing identifying. */
  g_autoptr (VeilDcmFile) written = veil_dcm_file_load (output, 8192, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (veil_dcm_file_get_transfer_syntax (written), ==, expected_syntax);
  g_autoptr (VeilPixelMatcher) knows = veil_pixel_matcher_new ();
  veil_pixel_matcher_add_subject (knows, subject);
  guint leaks = 0;
  for (guint f = 0; f < cleaned.info.n_frames; f++)
    {
      g_autoptr (GPtrArray) words = read_all_frames (written, f);
      g_autoptr (GPtrArray) found = veil_pixel_matcher_find (veil_pixel_cleaner_get_matcher (cleaner),
                                                             knows, words, f, cleaned.info.columns,
                                                             cleaned.info.rows);
      for (guint i = 0; i < found->len; i++)
        g_test_message ("frame %u still reads: %s", f,
                        ((VeilPixelRegion *) g_ptr_array_index (found, i))->reason);
      leaks += found->len;
    }
  g_assert_cmpuint (leaks, ==, 0);

  /* The same with the tesseract command, as an outsider would read it. */
  if (have_tool ("tesseract"))
    {
      g_autofree char *pgm = write_pgm (written, dir);
      for (int psm = 0; psm < 2; psm++)
        {
          const char *argv[] = { "tesseract", pgm, "stdout", "--psm", psm ? "11" : "3", NULL };
          g_autofree char *text = NULL;
          g_assert_true (run_tool (argv, &text));
          g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
          for (guint i = 0; lines[i] != NULL; i++)
            {
              g_autofree char *what = NULL;
              if (veil_pixel_matcher_matches_text (knows, lines[i], &what))
                {
                  g_test_message ("tesseract --psm %s still reads \"%s\" (%s)", argv[4], lines[i], what);
                  leaks++;
                }
            }
        }
      g_assert_cmpuint (leaks, ==, 0);
    }

  /* Still DICOM, and no less valid than it was. */
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
  g_clear_pointer (&written, veil_dcm_file_free);
  g_clear_pointer (&file, veil_dcm_file_free);
  remove_dir (dir);
}

/* Fail closed: an image that cannot be rendered (here: its header promises twice the rows
 * its pixel data holds) gives an error, never an empty list. */
static void
test_unreadable (gconstpointer data)
{
  g_autofree char *path = sample_path (data);
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (path, 8192, &error);
  g_assert_no_error (error);
  g_assert_cmpint (veil_pixel_risk_assess (file, NULL), ==, VEIL_PIXEL_RISK_HIGH);
  VeilDcmPixelInfo info;
  g_assert_true (veil_dcm_file_get_pixel_info (file, &info));
  g_autofree char *rows = g_strdup_printf ("%u", info.rows * 2);
  g_assert_true (veil_dcm_item_set_string (veil_dcm_file_get_dataset (file), 0x0028, 0x0010, NULL, rows, &error));
  g_autoptr (GPtrArray) regions = veil_pixel_find_regions (cleaner, file, &error);
  g_assert_null (regions);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
}

/* A region found on one instance applies to the series. */
static void
test_series_regions (void)
{
  g_autofree char *path = sample_path ("synthetic/out/patientB/B1/US_burned_in.dcm");
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (path, 8192, &error);
  g_assert_no_error (error);
  g_autoptr (VeilDicomSubject) subject = veil_dicom_subject_read (file);
  g_autoptr (GPtrArray) regions = veil_pixel_find_regions (cleaner, file, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) series = veil_pixel_cleaner_get_series_regions (cleaner, subject->series_uid, 320, 240);
  g_assert_cmpuint (series->len, >=, 1);
  for (guint i = 0; i < series->len; i++)
    g_assert_cmpuint (((VeilPixelRegion *) g_ptr_array_index (series, i))->frame, ==, VEIL_PIXEL_ALL_FRAMES);
  g_autoptr (GPtrArray) other = veil_pixel_cleaner_get_series_regions (cleaner, subject->series_uid, 640, 480);
  g_assert_cmpuint (other->len, ==, 0);
}

typedef struct {
  const char *path;
  guint n_regions;
} Concurrent;

static gpointer
find_in_thread (gpointer data)
{
  Concurrent *job = data;
  g_autofree char *path = sample_path (job->path);
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (path, 8192, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) regions = veil_pixel_find_regions (cleaner, file, &error);
  g_assert_no_error (error);
  job->n_regions = regions->len;
  VeilPixelRedaction result;
  g_assert_true (veil_pixel_redact (file, regions, &result, &error));
  g_assert_no_error (error);
  veil_pixel_redaction_clear (&result);
  return NULL;
}

/* One cleaner, several files at once (as the export's workers call it): each gets the same
 * regions it gets alone. */
static void
test_concurrent (void)
{
  Concurrent jobs[] = {
    { "synthetic/out/patientB/B1/US_burned_in.dcm", 0 },
    { "presidio/2_ORIGINAL.dicom", 0 },
    { "deid-data/ultrasounds/GREYSCALE_IMAGE.dcm", 0 },
    { "orthanc-tests/2023-04-21-RLEPlanarConfigurationYBR_FULL.dcm", 0 },
    { "pydicom-data/US1_J2KR.dcm", 0 },
    { "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.50.dcm", 0 },
  };
  guint alone[G_N_ELEMENTS (jobs)];
  GThread *threads[G_N_ELEMENTS (jobs)];

  for (gsize i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      find_in_thread (&jobs[i]);
      alone[i] = jobs[i].n_regions;
      jobs[i].n_regions = 0;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (jobs); i++)
    threads[i] = g_thread_new ("finder", find_in_thread, &jobs[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (jobs[i].n_regions, ==, alone[i]);
      g_assert_cmpuint (jobs[i].n_regions, >, 0);
    }
}

static void
test_summary (void)
{
  guint64 frames;
  double seconds;
  veil_pixel_cleaner_get_stats (cleaner, &frames, &seconds);
  g_test_message ("OCR recall on the ground truth: %u of %u identifier words read (%.0f%%), "
                  "%u of %u boxes blacked out whole",
                  words_read, words_total, words_total ? 100.0 * words_read / words_total : 0.0,
                  boxes_covered, boxes_total);
  g_test_message ("time per frame: %.3f s over %" G_GUINT64_FORMAT " frames (render and OCR, %u cores)",
                  frames ? seconds / (double) frames : 0.0, frames, g_get_num_processors ());
  /* Presidio's image: one of its five boxes ("[M]") is not an identifier the case knows and
   * is covered by the line's span, not read; everything else must be read. */
  g_assert_cmpuint (boxes_covered, ==, boxes_total);
  g_assert_cmpuint (words_read * 10, >=, words_total * 9);
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
      g_test_add_func ("/pixel-clean/shared-data", skip_without_samples);
      return g_test_run ();
    }

  g_autoptr (GError) error = NULL;
  cleaner = veil_pixel_cleaner_new (&error);
  g_assert_no_error (error);
  ocr = veil_pixel_ocr_new (&error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *name = g_strdup_printf ("/pixel-clean/samples/%s", samples[i].path);
      g_test_add_data_func (name, &samples[i], test_sample);
    }
  g_test_add_data_func ("/pixel-clean/unreadable/native", "synthetic/out/patientB/B1/US_burned_in.dcm",
                        test_unreadable);
  g_test_add_data_func ("/pixel-clean/unreadable/j2k", "pydicom-data/US1_J2KR.dcm", test_unreadable);
  g_test_add_func ("/pixel-clean/series", test_series_regions);
  g_test_add_func ("/pixel-clean/concurrent", test_concurrent);
  /* A suite created after the samples' runs after them. */
  g_test_add_func ("/pixel-clean/summary/report", test_summary);
  int status = g_test_run ();
  veil_pixel_ocr_free (ocr);
  veil_pixel_cleaner_free (cleaner);
  return status;
}
