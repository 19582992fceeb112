/* veil-profile.h: disclosure presets (named E.1-1 option sets) and option parsing. */
#pragma once

#include <glib.h>

#include "veil-deid-table.h"

G_BEGIN_DECLS

#define VEIL_DEFAULT_PRESET "second-opinion"

typedef struct {
  const char *name;        /* "second-opinion" */
  const char *title;       /* "Second-opinion review" */
  const char *description; /* one sentence for people choosing it */
  VeilOptions options;
} VeilPreset;

const VeilPreset *veil_presets_get_all (gsize *n_presets);
const VeilPreset *veil_preset_lookup (const char *name);

/* Applies one --option argument: "NAME" or "+NAME" adds the option, "-NAME" or "no-NAME"
 * removes it. */
gboolean veil_options_apply_argument (VeilOptions *options, const char *argument, GError **error);

/* The two longitudinal date options are alternatives: refuse both at once. */
gboolean veil_options_validate (VeilOptions options, GError **error);

/* "retain-safe-private, clean-descriptors" (or "none"). */
char *veil_options_to_string (VeilOptions options);

G_END_DECLS
