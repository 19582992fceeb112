/* veil-dicom-prescan.h: a bounded structural walk of a DICOM file before DCMTK sees it.
 *
 * Debian 12's DCMTK 3.6.7 recurses once per nested sequence and overflows the stack on
 * hostile files (orthanc-tests 2026-05-06-Deeply-Nested-Sequence.dcm). This walk reads the
 * encoding itself, with no recursion, and refuses files whose sequences nest deeper than a
 * limit, whose lengths run past the end, or that are not DICOM at all.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VEIL_PRESCAN_DEFAULT_MAX_DEPTH 32

typedef struct {
  gboolean has_preamble;          /* 128-byte preamble + "DICM" */
  gboolean has_meta;              /* group 0002 present */
  char transfer_syntax[65];       /* from (0002,0010), "" if absent */
  gboolean explicit_vr;
  gboolean big_endian;
  gboolean deflated;              /* the dataset was inflated for the walk */
  guint max_depth_seen;
  guint64 n_elements;             /* elements seen at every depth */
  guint64 pixel_data_offset;      /* file offset and length of the top-level PixelData value */
  guint64 pixel_data_length;      /* (0 if none, or if the data set was deflated) */
  guint64 pixel_element_offset;   /* where the PixelData element (its tag) starts */
  gboolean pixel_data_is_last;    /* nothing but padding follows it in the file */
} VeilPrescanInfo;

/* Walks `path`. Returns FALSE with a G_IO_ERROR_INVALID_DATA error whose message says why
 * (for a person: "sequences nested 1000 deep (limit 32)", "element (0010,0010) length 4000
 * runs past the end of the file at offset 1234", "not a DICOM file") */
gboolean veil_dicom_prescan_file (const char *path, guint max_depth, VeilPrescanInfo *info,
                                  GError **error);
gboolean veil_dicom_prescan_buffer (const guint8 *data, gsize len, guint max_depth,
                                    VeilPrescanInfo *info, GError **error);

G_END_DECLS
