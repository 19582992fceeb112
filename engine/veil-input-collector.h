/* veil-input-collector.h: turns what a person hands Veil (files, folders, zip archives,
 * DICOMDIRs) into a flat list of files to read, and a list of what was refused and why.
 *
 * Zip members are extracted into a private temporary folder (mode 0700) that is removed when
 * the collector is freed; inputs themselves are only ever read.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char *path;         /* a readable file on disk */
  char *display_name; /* what a person knows it as: the input path, or "study.zip!/IMG/0001" */
} VeilInputFile;

typedef struct {
  char *display_name;
  char *reason;
} VeilRefusal;

VeilRefusal *veil_refusal_new (const char *display_name, const char *reason);
void veil_refusal_free (VeilRefusal *refusal);

typedef struct _VeilInputCollector VeilInputCollector;

VeilInputCollector *veil_input_collector_new (void);
void veil_input_collector_free (VeilInputCollector *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilInputCollector, veil_input_collector_free)

/* Adds one input; problems become refusals, never errors, so the rest of a case goes on.
 * Returns FALSE only when cancelled. */
gboolean veil_input_collector_add (VeilInputCollector *self, const char *path,
                                   GCancellable *cancellable);

GPtrArray *veil_input_collector_get_files (VeilInputCollector *self);    /* VeilInputFile* */
GPtrArray *veil_input_collector_get_refusals (VeilInputCollector *self); /* VeilRefusal* */
/* Absolute paths of the inputs as given, to keep an export from being written inside one. */
GPtrArray *veil_input_collector_get_roots (VeilInputCollector *self);
/* DICOMDIR files followed (they are indexes, not exported). */
guint veil_input_collector_get_n_dicomdirs (VeilInputCollector *self);

/* Removes a folder and everything below it, never following symbolic links (temporary
 * folders and failed exports). */
void veil_remove_tree (const char *path);

G_END_DECLS
