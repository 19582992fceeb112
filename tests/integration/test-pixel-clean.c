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
 * Through a whole case (VeilCase): a region found on one instance is blacked out on a sibling
 * of the same size where OCR read nothing, and a reviewer's boxes, kept in a store that is
 * closed and opened again, are what a later export blacks out.
 *
 * OCR recall on the ground truth (identifier words read, boxes covered) and the time per
 * frame are printed. Needs VEIL_SHARED_DIR; skipped without it.
 */

#include "pixel-check.h"
#include "veil-case.h"
#include "veil-verifier.h"
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

/* ---- the case: series-wide regions and the reviewer's boxes ---- */

#define SYNTHETIC_US "synthetic/out/patientB/B1/US_burned_in.dcm"
#define SECOND_SOP_UID "2.25.300000000000000000000000000000000001"

/* A second instance of the synthetic ultrasound's series with its text painted over in grey:
 * OCR finds nothing on it, so only the series template can black those places out. */
static void
write_textless_sibling (const char *path)
{
  g_autofree char *source = sample_path (SYNTHETIC_US);
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (source, 0, &error);
  g_assert_no_error (error);
  VeilDcmPixelInfo info;
  gsize length = 0;
  guint8 *data = veil_dcm_file_begin_pixel_edit (file, &info, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info.bits_allocated, ==, 8);
  g_assert_cmpuint (info.planar_configuration, ==, 0);
  g_autoptr (GPtrArray) truth = synthetic_boxes ();
  for (guint b = 0; b < truth->len; b++)
    {
      const Box *box = g_ptr_array_index (truth, b);
      for (int y = MAX (box->y, 0); y < MIN (box->y + box->height, (int) info.rows); y++)
        for (int x = MAX (box->x, 0); x < MIN (box->x + box->width, (int) info.columns); x++)
          for (guint s = 0; s < info.samples_per_pixel; s++)
            data[((gsize) y * info.columns + (gsize) x) * info.samples_per_pixel + s] = 90;
    }
  g_assert_true (veil_dcm_file_end_pixel_edit (file, FALSE, NULL, &error));
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);
  g_assert_true (veil_dcm_item_set_string (dataset, 0x0008, 0x0018, NULL, SECOND_SOP_UID, &error));
  g_assert_true (veil_dcm_item_set_string (dataset, 0x0020, 0x0013, NULL, "2", &error));
  g_assert_true (veil_dcm_file_save (file, path, &error));
  g_assert_no_error (error);
}

static VeilCaseItem *
find_item (VeilCase *kase, const char *sop_uid)
{
  GPtrArray *items = veil_case_get_items (kase);
  for (guint i = 0; i < items->len; i++)
    {
      VeilCaseItem *item = g_ptr_array_index (items, i);
      if (item->subject != NULL && g_strcmp0 (item->subject->sop_instance_uid, sop_uid) == 0)
        return item;
    }
  return NULL;
}

static char *
first_sop_uid (void)
{
  g_autofree char *source = sample_path (SYNTHETIC_US);
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (source, 8192, NULL);
  g_assert_nonnull (file);
  g_autoptr (VeilDicomSubject) subject = veil_dicom_subject_read (file);
  return g_strdup (subject->sop_instance_uid);
}

typedef struct {
  char *dir, *input, *store_path;
} CaseFixture;

static void
case_fixture_set_up (CaseFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  f->dir = g_dir_make_tmp ("veil-pixel-case-XXXXXX", &error);
  g_assert_no_error (error);
  f->input = g_build_filename (f->dir, "in", NULL);
  g_assert_cmpint (g_mkdir (f->input, 0700), ==, 0);
  g_autofree char *source = sample_path (SYNTHETIC_US);
  g_autofree char *contents = NULL;
  gsize length;
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_autofree char *first = g_build_filename (f->input, "a.dcm", NULL);
  g_assert_true (g_file_set_contents (first, contents, (gssize) length, NULL));
  g_autofree char *second = g_build_filename (f->input, "b.dcm", NULL);
  write_textless_sibling (second);
  f->store_path = g_build_filename (f->dir, "store.sqlite", NULL);
}

static void
case_fixture_tear_down (CaseFixture *f, gconstpointer data)
{
  const char *argv[] = { "rm", "-rf", f->dir, NULL };
  run_tool (argv, NULL);
  g_free (f->dir);
  g_free (f->input);
  g_free (f->store_path);
}

static VeilCase *
open_case (CaseFixture *f, VeilMappingStore **store)
{
  g_autoptr (GError) error = NULL;
  *store = veil_mapping_store_open (f->store_path, &error);
  g_assert_no_error (error);
  VeilCase *kase = veil_case_new (*store, 0);
  veil_case_add_input (kase, f->input);
  g_assert_true (veil_case_load (kase, NULL, &error));
  g_assert_no_error (error);
  return kase;
}

static char *
export_case (CaseFixture *f, VeilCase *kase, const char *name)
{
  g_autoptr (GError) error = NULL;
  char *out = g_build_filename (f->dir, name, NULL);
  gint64 start = g_get_monotonic_time ();
  g_assert_true (veil_case_export (kase, out, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("export %s: %.2f s", name, (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (veil_case_get_n_exported (kase), ==, 2);
  return out;
}

/* The exported file of `item` and its input, read back: every box is filled in the output,
 * and nothing outside the boxes changed. */
static void
check_exported (const char *out, VeilCaseItem *item, GPtrArray *boxes)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (out, item->output_path, NULL);
  Pixels original, cleaned;
  g_assert_true (pixels_load (item->path, &original, &error));
  g_assert_true (pixels_load (path, &cleaned, &error));
  g_assert_no_error (error);
  gint64 fill[3];
  pixels_expected_fill (&cleaned, 0, fill);
  for (guint i = 0; i < boxes->len; i++)
    {
      const VeilPixelRegion *r = g_ptr_array_index (boxes, i);
      g_assert_cmpuint (pixels_count_unfilled (&cleaned, 0, r->x, r->y, r->width, r->height, fill), ==, 0);
    }
  guint64 digest_before, digest_after;
  g_assert_cmpuint (pixels_compare_outside (&original, &cleaned, boxes, &digest_before, &digest_after), ==, 0);
  g_assert_cmpuint (digest_before, ==, digest_after);
  pixels_clear (&original);
  pixels_clear (&cleaned);
}

/* Text OCR read on one instance is blacked out on its sibling of the same size, where OCR
 * read nothing. */
static void
test_case_series_template (CaseFixture *f, gconstpointer data)
{
  g_autoptr (VeilMappingStore) store = NULL;
  g_autoptr (VeilCase) kase = open_case (f, &store);
  g_autoptr (GError) error = NULL;
  g_autofree char *first_uid = first_sop_uid ();

  g_assert_true (veil_case_find_pixel_regions (kase, NULL, &error));
  VeilCaseItem *first = find_item (kase, first_uid);
  VeilCaseItem *second = find_item (kase, SECOND_SOP_UID);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_cmpuint (first->pixel_regions->len, >, 0);
  g_assert_true (veil_case_item_pixel_flagged (kase, second));
  g_autoptr (GPtrArray) boxes = veil_case_get_pixel_boxes (kase, second, &error);
  g_assert_no_error (error);
  g_test_message ("OCR found %u boxes on the first instance and %u on the second; the second "
                  "gets %u with the series template",
                  first->pixel_regions->len, second->pixel_regions->len, boxes->len);
  g_assert_cmpuint (boxes->len, >, second->pixel_regions->len);
  g_assert_cmpuint (veil_case_count_unreviewed_pixel_risks (kase), ==, 2);

  g_autofree char *out = export_case (f, kase, "out");
  g_assert_cmpuint (second->pixel_n_from_series, >, 0);
  g_assert_cmpuint (second->pixel_n_boxes, ==, boxes->len);
  /* Every place the first instance's text was is black on the second too. */
  check_exported (out, second, boxes);
  g_autoptr (GPtrArray) first_boxes = veil_case_get_pixel_boxes (kase, first, &error);
  check_exported (out, first, first_boxes);
  g_autoptr (GPtrArray) truth = synthetic_boxes ();
  g_autofree char *second_out = g_build_filename (out, second->output_path, NULL);
  Pixels cleaned;
  g_assert_true (pixels_load (second_out, &cleaned, &error));
  gint64 fill[3];
  pixels_expected_fill (&cleaned, 0, fill);
  for (guint b = 0; b < truth->len; b++)
    {
      const Box *box = g_ptr_array_index (truth, b);
      g_test_message ("second instance, ground-truth box \"%s\": %" G_GUINT64_FORMAT " pixels not filled",
                      box->label,
                      pixels_count_unfilled (&cleaned, 0, box->x, box->y, box->width, box->height, fill));
    }
  pixels_clear (&cleaned);
}

/* A reviewer's boxes survive the store being closed and opened again, and a later export —
 * another VeilCase, as veil-cli would make — blacks out exactly them. */
static void
test_case_decisions (CaseFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *first_uid = first_sop_uid ();
  g_autoptr (GPtrArray) edited = veil_pixel_regions_new ();
  g_ptr_array_add (edited, veil_pixel_region_new (VEIL_PIXEL_ALL_FRAMES, 100, 120, 60, 30, "drawn"));
  g_ptr_array_add (edited, veil_pixel_region_new (0, 5, 200, 40, 20, "moved"));

  {
    g_autoptr (VeilMappingStore) store = NULL;
    g_autoptr (VeilCase) kase = open_case (f, &store);
    g_assert_true (veil_case_find_pixel_regions (kase, NULL, &error));
    g_assert_cmpuint (veil_case_count_unreviewed_pixel_risks (kase), ==, 2);
    g_assert_true (veil_case_set_pixel_decision (kase, first_uid, FALSE, VEIL_PIXEL_DECISION_BOXES,
                                                 edited, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (veil_case_count_unreviewed_pixel_risks (kase), ==, 1);
    g_assert_true (veil_case_set_pixel_decision (kase, SECOND_SOP_UID, FALSE,
                                                 VEIL_PIXEL_DECISION_NO_TEXT, NULL, &error));
    g_assert_cmpuint (veil_case_count_unreviewed_pixel_risks (kase), ==, 0);
    g_assert_false (veil_case_set_pixel_decision (kase, "2.25.1", FALSE, VEIL_PIXEL_DECISION_ACCEPT,
                                                  NULL, &error));
    g_clear_error (&error);
  }

  /* Reopened: the rows are there, as their own kind. */
  g_autoptr (VeilMappingStore) store = NULL;
  g_autoptr (VeilCase) kase = open_case (f, &store);
  g_assert_cmpuint (veil_mapping_store_count (store, VEIL_MAPPING_PIXEL_IMAGE), ==, 2);
  VeilCaseItem *first = find_item (kase, first_uid);
  VeilCaseItem *second = find_item (kase, SECOND_SOP_UID);
  g_assert_cmpint (veil_case_get_pixel_decision (kase, first), ==, VEIL_PIXEL_DECISION_BOXES);
  g_assert_cmpint (veil_case_get_pixel_decision (kase, second), ==, VEIL_PIXEL_DECISION_NO_TEXT);
  g_assert_cmpuint (veil_case_count_unreviewed_pixel_risks (kase), ==, 0);

  g_autofree char *out = export_case (f, kase, "out");
  g_assert_cmpint (first->pixel_decision, ==, VEIL_PIXEL_DECISION_BOXES);
  g_assert_cmpuint (first->pixel_n_boxes, ==, 2);
  g_assert_cmpuint (second->pixel_n_boxes, ==, 0);
  /* Inside the reviewer's boxes black, everything else as it was (the text the reviewer
   * chose to keep included), on the image; nothing blacked on the one without text. */
  check_exported (out, first, edited);
  g_autoptr (GPtrArray) none = veil_pixel_regions_new ();
  check_exported (out, second, none);

  /* The residual scan does not search for the decisions' UIDs and boxes as identifiers. */
  g_autoptr (VeilVerifyReport) report = veil_verify_folder (store, out, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->hits->len; i++)
    g_assert_cmpstr (((VeilResidualHit *) g_ptr_array_index (report->hits, i))->kind, !=, VEIL_MAPPING_PIXEL_IMAGE);
  g_assert_cmpuint (report->hits->len, ==, 0);

  /* A series decision reaches every image of the series with that size, and outranks the
   * images' own earlier ones. */
  g_assert_true (veil_case_set_pixel_decision (kase, first_uid, TRUE, VEIL_PIXEL_DECISION_ACCEPT,
                                               NULL, &error));
  g_assert_cmpint (veil_case_get_pixel_decision (kase, second), ==, VEIL_PIXEL_DECISION_ACCEPT);
  g_assert_cmpuint (veil_mapping_store_count (store, VEIL_MAPPING_PIXEL_SERIES), ==, 1);
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
  g_test_add ("/pixel-clean/case/series-template", CaseFixture, NULL, case_fixture_set_up,
              test_case_series_template, case_fixture_tear_down);
  g_test_add ("/pixel-clean/case/decisions", CaseFixture, NULL, case_fixture_set_up,
              test_case_decisions, case_fixture_tear_down);
  /* A suite created after the samples' runs after them. */
  g_test_add_func ("/pixel-clean/summary/report", test_summary);
  int status = g_test_run ();
  veil_pixel_ocr_free (ocr);
  veil_pixel_cleaner_free (cleaner);
  return status;
}
