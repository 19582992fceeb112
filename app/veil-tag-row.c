/* veil-tag-row.c: one attribute the export changes, as the tag table shows it
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A copy of a VeilDicomChange: the engine frees its changes when the case is
 * scanned again, on a worker thread, while the table may still be drawn.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-tag-row.h"

struct _VeilTagRow
{
  GObject  parent_instance;

  char    *path;
  char    *tag;
  char    *keyword;
  char    *vr;
  char    *action;
  char    *original;
  char    *replacement;
};

G_DEFINE_FINAL_TYPE (VeilTagRow, veil_tag_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TAG,
  PROP_KEYWORD,
  PROP_VR,
  PROP_ACTION,
  PROP_ACTION_LABEL,
  PROP_ORIGINAL,
  PROP_REPLACEMENT,
  PROP_REMOVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
veil_tag_row_finalize (GObject *object)
{
  VeilTagRow *self = (VeilTagRow *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->tag, g_free);
  g_clear_pointer (&self->keyword, g_free);
  g_clear_pointer (&self->vr, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->original, g_free);
  g_clear_pointer (&self->replacement, g_free);

  G_OBJECT_CLASS (veil_tag_row_parent_class)->finalize (object);
}

static void
veil_tag_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VeilTagRow *self = VEIL_TAG_ROW (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_TAG:
      g_value_set_string (value, self->tag);
      break;

    case PROP_KEYWORD:
      g_value_set_string (value, self->keyword);
      break;

    case PROP_VR:
      g_value_set_string (value, self->vr);
      break;

    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;

    case PROP_ACTION_LABEL:
      g_value_set_string (value, veil_tag_row_get_action_label (self));
      break;

    case PROP_ORIGINAL:
      g_value_set_string (value, self->original);
      break;

    case PROP_REPLACEMENT:
      g_value_set_string (value, self->replacement);
      break;

    case PROP_REMOVED:
      g_value_set_boolean (value, veil_tag_row_get_removed (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_tag_row_class_init (VeilTagRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = veil_tag_row_finalize;
  object_class->get_property = veil_tag_row_get_property;

  /* Read-only: a row is a snapshot of one scan. */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TAG] =
    g_param_spec_string ("tag", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_KEYWORD] =
    g_param_spec_string ("keyword", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_VR] =
    g_param_spec_string ("vr", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACTION_LABEL] =
    g_param_spec_string ("action-label", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ORIGINAL] =
    g_param_spec_string ("original", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_REPLACEMENT] =
    g_param_spec_string ("replacement", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_REMOVED] =
    g_param_spec_boolean ("removed", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
veil_tag_row_init (VeilTagRow *self)
{
}

VeilTagRow *
veil_tag_row_new (const VeilDicomChange *change)
{
  VeilTagRow *self;

  g_return_val_if_fail (change != NULL, NULL);

  self = g_object_new (VEIL_TYPE_TAG_ROW, NULL);
  self->path = g_strdup (change->path ? change->path : "");
  self->tag = g_strdup_printf ("(%04X,%04X)", change->tag >> 16, change->tag & 0xFFFF);
  self->keyword = g_strdup (change->keyword ? change->keyword : "");
  self->vr = g_strndup (change->vr, sizeof change->vr);
  self->action = g_strndup (change->action, sizeof change->action);
  /* NULL where the value is binary or a sequence: the table shows nothing
   * rather than a made-up rendering of bytes. */
  self->original = g_strdup (change->original ? change->original : "");
  self->replacement = g_strdup (change->replacement);

  return self;
}

const char *
veil_tag_row_get_path (VeilTagRow *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_ROW (self), NULL);
  return self->path;
}

const char *
veil_tag_row_get_tag (VeilTagRow *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_ROW (self), NULL);
  return self->tag;
}

const char *
veil_tag_row_get_keyword (VeilTagRow *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_ROW (self), NULL);
  return self->keyword;
}

const char *
veil_tag_row_get_vr (VeilTagRow *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_ROW (self), NULL);
  return self->vr;
}

const char *
veil_tag_row_get_action (VeilTagRow *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_ROW (self), NULL);
  return self->action;
}

/**
 * veil_tag_row_get_action_label:
 * @self: a #VeilTagRow
 *
 * The E.1-1 action code ("X/Z/D") says what the standard allows; the label
 * says what Veil did, which is what a reviewer checks.
 *
 * Returns: "Removed", "New UID", "Cleaned", "Added" or "Replaced", or the
 *   reviewer's override
 */
const char *
veil_tag_row_get_action_label (VeilTagRow *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_ROW (self), NULL);

  if (self->action[0] == '+')
    return C_("tag action", "Added");
  /* The reviewer's overrides: "!K", "!X", "!S" */
  if (self->action[0] == '!' && self->action[1] == 'K')
    return C_("tag action", "Kept by you");
  if (self->action[0] == '!' && self->action[1] == 'X')
    return C_("tag action", "Removed by you");
  if (self->action[0] == '!')
    return C_("tag action", "Set by you");
  if (self->replacement == NULL)
    return C_("tag action", "Removed");
  if (self->action[0] == 'U')
    return C_("tag action", "New UID");
  if (self->action[0] == 'C')
    return C_("tag action", "Cleaned");
  return C_("tag action", "Replaced");
}

const char *
veil_tag_row_get_original (VeilTagRow *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_ROW (self), NULL);
  return self->original;
}

/**
 * veil_tag_row_get_replacement:
 * @self: a #VeilTagRow
 *
 * Returns: (nullable): the value written, or %NULL if the attribute is removed
 */
const char *
veil_tag_row_get_replacement (VeilTagRow *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_ROW (self), NULL);
  return self->replacement;
}

gboolean
veil_tag_row_get_removed (VeilTagRow *self)
{
  g_return_val_if_fail (VEIL_IS_TAG_ROW (self), FALSE);
  return self->replacement == NULL;
}
