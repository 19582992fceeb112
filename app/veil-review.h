/* veil-review.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "veil-case.h"
#include "veil-verifier.h"

G_BEGIN_DECLS

typedef enum
{
  VEIL_REVIEW_STATE_EMPTY,
  VEIL_REVIEW_STATE_LOADING,
  VEIL_REVIEW_STATE_SCANNING,
  VEIL_REVIEW_STATE_READY,
  VEIL_REVIEW_STATE_EXPORTING,
  VEIL_REVIEW_STATE_FAILED,
} VeilReviewState;

#define VEIL_TYPE_REVIEW_STATE (veil_review_state_get_type ())
GType veil_review_state_get_type (void);

#define VEIL_TYPE_REVIEW (veil_review_get_type ())

G_DECLARE_FINAL_TYPE (VeilReview, veil_review, VEIL, REVIEW, GObject)

VeilReview        *veil_review_new                (void);
VeilReviewState    veil_review_get_state          (VeilReview           *self);
gboolean           veil_review_get_busy           (VeilReview           *self);
double             veil_review_get_progress       (VeilReview           *self);
const char        *veil_review_get_progress_text  (VeilReview           *self);
const char        *veil_review_get_error_message  (VeilReview           *self);
guint              veil_review_get_generation     (VeilReview           *self);
const char        *veil_review_get_preset         (VeilReview           *self);
void               veil_review_set_preset         (VeilReview           *self,
                                                   const char           *name);
const char * const*veil_review_get_accessions     (VeilReview           *self);
void               veil_review_set_accessions     (VeilReview           *self,
                                                   const char * const   *accessions);
void               veil_review_set_inputs         (VeilReview           *self,
                                                   const char * const   *paths);
char             **veil_review_resume             (VeilReview           *self,
                                                   const char           *store_path,
                                                   GError              **error);
char              *veil_review_get_cases_folder   (void);
void               veil_review_cancel             (VeilReview           *self);
VeilCase          *veil_review_get_case           (VeilReview           *self);
VeilMappingStore  *veil_review_get_store          (VeilReview           *self);
const char        *veil_review_get_store_path     (VeilReview           *self);
gboolean           veil_review_set_pseudonym      (VeilReview           *self,
                                                   const char           *kind,
                                                   const char           *original,
                                                   const char           *pseudonym,
                                                   GError              **error);
gboolean           veil_review_set_attribute_override (VeilReview         *self,
                                                       const char         *scope_uid,
                                                       const char         *path,
                                                       VeilOverrideAction  action,
                                                       const char         *value,
                                                       GError            **error);
void               veil_review_export_async       (VeilReview           *self,
                                                   const char           *out_dir,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean           veil_review_export_finish      (VeilReview           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void               veil_review_verify_async       (VeilReview           *self,
                                                   const char           *folder,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
VeilVerifyReport  *veil_review_verify_finish      (VeilReview           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* A reviewer's decisions on report findings (see veil-decisions.h). */
gboolean           veil_review_mark_not_identifier (VeilReview          *self,
                                                    const char          *text,
                                                    GError             **error);
gboolean           veil_review_add_identifier     (VeilReview           *self,
                                                   VeilTextKind          kind,
                                                   const char           *text,
                                                   GError              **error);
gboolean           veil_review_accept_finding     (VeilReview           *self,
                                                   guint                 item_index,
                                                   guint                 finding_index,
                                                   GError              **error);

G_END_DECLS
