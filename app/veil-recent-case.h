/* veil-recent-case.h
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VEIL_TYPE_RECENT_CASE (veil_recent_case_get_type ())

G_DECLARE_FINAL_TYPE (VeilRecentCase, veil_recent_case, VEIL, RECENT_CASE, GObject)

const char *veil_recent_case_get_path     (VeilRecentCase *self);
const char *veil_recent_case_get_title    (VeilRecentCase *self);
const char *veil_recent_case_get_subtitle (VeilRecentCase *self);
gint64      veil_recent_case_get_saved    (VeilRecentCase *self);

void        veil_recent_case_list_async   (const char          *folder,
                                           guint                max_cases,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GListModel *veil_recent_case_list_finish  (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
