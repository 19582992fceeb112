/* test-pixel-risk.c: header evidence of burned-in text, and the burned-in library's
 * rectangles, on real files (skipped without VEIL_SHARED_DIR). */

#include "veil-burned-in-table.h"
#include "veil-pixel-region.h"
#include "veil-pixel-risk.h"

#include <string.h>

static const char *shared_dir;

typedef struct {
  const char *path;
  VeilPixelRisk risk;
  const char *why; /* a phrase the explanation must hold */
} Case;

static const Case cases[] = {
  { "synthetic/out/patientB/B1/US_burned_in.dcm", VEIL_PIXEL_RISK_HIGH, "BurnedInAnnotation YES" },
  { "deid-data/ultrasounds/RGB_IMAGE.dcm", VEIL_PIXEL_RISK_HIGH, "burned-in library: SIEMMENS" },
  { "deid-data/ultrasounds/GREYSCALE_IMAGE.dcm", VEIL_PIXEL_RISK_HIGH, "modality US" },
  /* BurnedInAnnotation NO is noted, not believed. */
  { "pydicom-data/JPGLosslessP14SV1_1s_1f_8b.dcm", VEIL_PIXEL_RISK_HIGH, "NO (not trusted)" },
  { "presidio/RGB_ORIGINAL.dcm", VEIL_PIXEL_RISK_HIGH, "ImageType SECONDARY" },
  { "presidio/0_ORIGINAL_compressed.dcm", VEIL_PIXEL_RISK_LOW, "modality CR" },
  { "presidio/2_ORIGINAL.dicom", VEIL_PIXEL_RISK_LOW, "localizer" },
  { "synthetic/out/patientA/A1/CT_ax_2.dcm", VEIL_PIXEL_RISK_NONE, "none: BurnedInAnnotation NO" },
  { "pydicom/test_files/CT_small.dcm", VEIL_PIXEL_RISK_NONE, "nothing in the header" },
  { "presidio/0_ORIGINAL_no_pixels.dcm", VEIL_PIXEL_RISK_NONE, "no pixel data" },
  { "synthetic/out/patientA/A1/SR_report.dcm", VEIL_PIXEL_RISK_NONE, "no pixel data" },
};

static void
test_risk (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *path = g_build_filename (shared_dir, "dicom-samples", c->path, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (path, 8192, &error);
  g_assert_no_error (error);

  g_autofree char *why = NULL;
  VeilPixelRisk risk = veil_pixel_risk_assess (file, &why);
  g_test_message ("%s: %s", c->path, why);
  g_assert_cmpint (risk, ==, c->risk);
  g_assert_nonnull (strstr (why, c->why));
}

/* SIEMENS S2000, 1024 × 768: CTP's rectangle over the top 60 rows, for every frame. */
static void
test_template_regions (void)
{
  g_autofree char *path = g_build_filename (shared_dir, "dicom-samples", "deid-data", "ultrasounds",
                                            "RGB_IMAGE.dcm", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (VeilDcmFile) file = veil_dcm_file_load (path, 8192, &error);
  g_assert_no_error (error);

  g_autoptr (GPtrArray) regions = veil_pixel_risk_template_regions (file);
  g_assert_cmpuint (regions->len, ==, 1);
  const VeilPixelRegion *r = g_ptr_array_index (regions, 0);
  g_assert_cmpuint (r->frame, ==, VEIL_PIXEL_ALL_FRAMES);
  g_assert_cmpint (r->x, ==, 0);
  g_assert_cmpint (r->y, ==, 0);
  g_assert_cmpint (r->width, ==, 1024);
  g_assert_cmpint (r->height, ==, 60);
  g_assert_nonnull (strstr (r->reason, "template SIEMMENS"));

  g_autofree char *synthetic = g_build_filename (shared_dir, "dicom-samples", "synthetic", "out",
                                                 "patientB", "B1", "US_burned_in.dcm", NULL);
  g_autoptr (VeilDcmFile) other = veil_dcm_file_load (synthetic, 8192, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) none = veil_pixel_risk_template_regions (other);
  g_assert_cmpuint (none->len, ==, 0);
}

/* The generated table is whole: every rule's terms and rectangles are in range. */
static void
test_table (void)
{
  gsize n_rules;
  const VeilBurnedInRule *rules = veil_burned_in_get_rules (&n_rules);
  guint with_boxes = 0;

  g_assert_cmpuint (n_rules, ==, 118);
  for (gsize i = 0; i < n_rules; i++)
    {
      g_assert_true (rules[i].n_terms > 0 || rules[i].n_boxes > 0);
      const VeilBurnedInBox *boxes = veil_burned_in_rule_get_boxes (&rules[i]);
      for (guint b = 0; b < rules[i].n_boxes; b++)
        g_assert_true (boxes[b].x1 < 0 || (boxes[b].x1 > boxes[b].x0 && boxes[b].y1 > boxes[b].y0));
      with_boxes += rules[i].n_boxes > 0;
      const VeilBurnedInTerm *terms = veil_burned_in_rule_get_terms (&rules[i]);
      if (rules[i].n_terms > 0)
        g_assert_cmpint (terms[0].join, ==, VEIL_BURNED_IN_FIRST);
    }
  g_assert_cmpuint (with_boxes, ==, 105);
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
  g_test_add_func ("/pixel-risk/table", test_table);
  shared_dir = g_getenv ("VEIL_SHARED_DIR");
  if (shared_dir == NULL || !g_file_test (shared_dir, G_FILE_TEST_IS_DIR))
    {
      g_test_add_func ("/pixel-risk/shared-data", skip_without_samples);
      return g_test_run ();
    }
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/pixel-risk/assess/%s", cases[i].path);
      g_test_add_data_func (name, &cases[i], test_risk);
    }
  g_test_add_func ("/pixel-risk/templates", test_template_regions);
  return g_test_run ();
}
