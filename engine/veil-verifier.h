/* veil-verifier.h: the residual scan — proof that an export holds none of the originals.
 *
 * Every original value the mapping store holds is searched for in every byte of every file
 * under a folder, and in file and folder names, in each form the value takes: a PN with its
 * carets and each of its parts, IDs with and without spaces, NHS numbers spaced and dashed,
 * dates as DICOM DA and in the UK's written forms.
 */
#pragma once

#include "veil-mapping-store.h"

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char *file;        /* path relative to the scanned folder */
  guint64 offset;    /* byte offset of the match; G_MAXUINT64 for a match in a file name */
  char *kind;        /* mapping kind the original came from */
  char *value;       /* the form that matched */
} VeilResidualHit;

typedef struct {
  GPtrArray *hits;            /* VeilResidualHit* */
  guint n_files;
  guint64 n_bytes;            /* bytes searched */
  guint64 n_pixel_bytes;      /* pixel data bytes left to OCR rather than searched */
  guint n_patterns;
  guint n_skipped_short;      /* forms shorter than 4 characters are too common to search */
  guint n_skipped_pseudonym;  /* originals that are also words of Veil's own pseudonyms */
} VeilVerifyReport;

void veil_verify_report_free (VeilVerifyReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilVerifyReport, veil_verify_report_free)

VeilVerifyReport *veil_verify_folder (VeilMappingStore *store, const char *folder,
                                      GCancellable *cancellable, GError **error);

G_END_DECLS
