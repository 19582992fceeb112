/* veil-profile.c: presets and options (see veil-profile.h). */

#include "veil-profile.h"

#include <gio/gio.h>

/* Why each preset is what it is:
 * - A second-opinion radiologist needs intervals between studies, age, sex, size and
 *   weight, and the vendor's safe private data (e.g. diffusion b-values), but no identity.
 * - Litigation needs the real dates of events and the provenance of the images (which
 *   hospital, which machine) that a court may examine; the patient is still pseudonymised
 *   and the mapping lets the discloser answer for every value.
 * - A teaching case leaves the building for good: nothing but the Basic Profile and the
 *   cleaning options, no dates, no characteristics, no private data. */
static const VeilPreset presets[] = {
  {
    "second-opinion",
    "Second-opinion review",
    "For an external radiologist or pathologist: dates shifted with intervals kept; age, sex, "
    "size and weight kept; descriptors, structured content and graphics cleaned; safe private "
    "attributes kept.",
    VEIL_OPTION_RETAIN_SAFE_PRIVATE | VEIL_OPTION_RETAIN_PATIENT_CHARACTERISTICS
        | VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES | VEIL_OPTION_CLEAN_DESCRIPTORS
        | VEIL_OPTION_CLEAN_STRUCTURED_CONTENT | VEIL_OPTION_CLEAN_GRAPHICS,
  },
  {
    "litigation",
    "Litigation and medicolegal",
    "For solicitors and experts: real dates, institution and device kept for provenance; age, "
    "sex, size and weight kept; the patient and staff pseudonymised; descriptors, structured "
    "content and graphics cleaned.",
    VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES | VEIL_OPTION_RETAIN_INSTITUTION_IDENTITY
        | VEIL_OPTION_RETAIN_DEVICE_IDENTITY | VEIL_OPTION_RETAIN_PATIENT_CHARACTERISTICS
        | VEIL_OPTION_CLEAN_DESCRIPTORS | VEIL_OPTION_CLEAN_STRUCTURED_CONTENT
        | VEIL_OPTION_CLEAN_GRAPHICS,
  },
  {
    "teaching",
    "Teaching case study",
    "The strictest: Basic Profile with descriptors, structured content and graphics cleaned; "
    "no dates, no patient characteristics, no private attributes, no device or institution.",
    VEIL_OPTION_CLEAN_DESCRIPTORS | VEIL_OPTION_CLEAN_STRUCTURED_CONTENT
        | VEIL_OPTION_CLEAN_GRAPHICS,
  },
};

const VeilPreset *
veil_presets_get_all (gsize *n_presets)
{
  *n_presets = G_N_ELEMENTS (presets);
  return presets;
}

const VeilPreset *
veil_preset_lookup (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].name, name))
      return &presets[i];
  return NULL;
}

gboolean
veil_options_apply_argument (VeilOptions *options, const char *argument, GError **error)
{
  gboolean remove = FALSE;
  const char *name = argument;
  VeilOptions option;

  if (g_str_has_prefix (name, "+"))
    name++;
  else if (g_str_has_prefix (name, "-"))
    {
      remove = TRUE;
      name++;
    }
  else if (g_str_has_prefix (name, "no-"))
    {
      remove = TRUE;
      name += 3;
    }

  if (!veil_option_from_name (name, &option))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "unknown option \"%s\"",
                   argument);
      return FALSE;
    }

  if (remove)
    *options &= ~option;
  else
    {
      /* Choosing one longitudinal date option replaces the other. */
      if (option == VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES)
        *options &= ~VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES;
      else if (option == VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES)
        *options &= ~VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES;
      *options |= option;
    }
  return TRUE;
}

gboolean
veil_options_validate (VeilOptions options, GError **error)
{
  const VeilOptions both = VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES
                           | VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES;
  if ((options & both) == both)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "retain-longitudinal-full-dates and "
                           "retain-longitudinal-modified-dates are alternatives: choose one");
      return FALSE;
    }
  return TRUE;
}

char *
veil_options_to_string (VeilOptions options)
{
  GString *s = g_string_new (NULL);

  for (guint bit = 0; bit < VEIL_N_OPTIONS; bit++)
    if (options & (1u << bit))
      {
        if (s->len > 0)
          g_string_append (s, ", ");
        g_string_append (s, veil_option_get_name ((VeilOptions) (1u << bit)));
      }
  if (s->len == 0)
    g_string_append (s, "none");
  return g_string_free (s, FALSE);
}
