/* veil-case-node.c: one row of the case sidebar
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A node is a plain copy of what the sidebar shows (patient, study, series,
 * report, refusal...) and, for a series, the positions of its instances in
 * the case's item array. Copies, because the engine's items are rewritten by
 * worker threads whenever the case is scanned again.
 */

#include "config.h"

#include "veil-case-node.h"

struct _VeilCaseNode
{
  GObject           parent_instance;

  VeilCaseNodeKind  kind;
  char             *title;
  char             *subtitle;
  char             *icon_name;
  char             *badge;
  char             *tooltip;
  char             *sort_key;
  char             *key;
  GListStore       *children;
  GArray           *items;
  guint             generation;
  guint             warning : 1;
  GObject          *thumbnail;        /* a GdkPaintable, set by the thumbnail loader */
  char             *thumbnail_error;  /* why there is none, for the placeholder's tooltip */
};

G_DEFINE_FINAL_TYPE (VeilCaseNode, veil_case_node, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (VeilCaseNodeKind, veil_case_node_kind,
                    G_DEFINE_ENUM_VALUE (VEIL_CASE_NODE_SECTION, "section"),
                    G_DEFINE_ENUM_VALUE (VEIL_CASE_NODE_PATIENT, "patient"),
                    G_DEFINE_ENUM_VALUE (VEIL_CASE_NODE_STUDY, "study"),
                    G_DEFINE_ENUM_VALUE (VEIL_CASE_NODE_SERIES, "series"),
                    G_DEFINE_ENUM_VALUE (VEIL_CASE_NODE_REPORT, "report"),
                    G_DEFINE_ENUM_VALUE (VEIL_CASE_NODE_REFUSAL, "refusal"),
                    G_DEFINE_ENUM_VALUE (VEIL_CASE_NODE_ACCESSION, "accession"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_ICON_NAME,
  PROP_BADGE,
  PROP_TOOLTIP,
  PROP_WARNING,
  PROP_THUMBNAIL,
  PROP_THUMBNAIL_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
veil_case_node_finalize (GObject *object)
{
  VeilCaseNode *self = (VeilCaseNode *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->icon_name, g_free);
  g_clear_pointer (&self->badge, g_free);
  g_clear_pointer (&self->tooltip, g_free);
  g_clear_pointer (&self->sort_key, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_object (&self->children);
  g_clear_object (&self->thumbnail);
  g_clear_pointer (&self->thumbnail_error, g_free);

  G_OBJECT_CLASS (veil_case_node_parent_class)->finalize (object);
}

static void
veil_case_node_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VeilCaseNode *self = VEIL_CASE_NODE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;

    case PROP_BADGE:
      g_value_set_string (value, self->badge);
      break;

    case PROP_TOOLTIP:
      g_value_set_string (value, self->tooltip);
      break;

    case PROP_WARNING:
      g_value_set_boolean (value, self->warning);
      break;

    case PROP_THUMBNAIL:
      g_value_set_object (value, self->thumbnail);
      break;

    case PROP_THUMBNAIL_ERROR:
      g_value_set_string (value, self->thumbnail_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_case_node_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VeilCaseNode *self = VEIL_CASE_NODE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_SUBTITLE:
      veil_case_node_set_subtitle (self, g_value_get_string (value));
      break;

    case PROP_ICON_NAME:
      self->icon_name = g_value_dup_string (value);
      break;

    case PROP_BADGE:
      veil_case_node_set_badge (self, g_value_get_string (value));
      break;

    case PROP_TOOLTIP:
      veil_case_node_set_tooltip (self, g_value_get_string (value));
      break;

    case PROP_WARNING:
      veil_case_node_set_warning (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_case_node_class_init (VeilCaseNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = veil_case_node_finalize;
  object_class->get_property = veil_case_node_get_property;
  object_class->set_property = veil_case_node_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       VEIL_TYPE_CASE_NODE_KIND,
                       VEIL_CASE_NODE_SECTION,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BADGE] =
    g_param_spec_string ("badge", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOOLTIP] =
    g_param_spec_string ("tooltip", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* A series' picture (GdkPaintable; GObject here so the model needs no GTK). */
  properties[PROP_THUMBNAIL] =
    g_param_spec_object ("thumbnail", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_THUMBNAIL_ERROR] =
    g_param_spec_string ("thumbnail-error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WARNING] =
    g_param_spec_boolean ("warning", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
veil_case_node_init (VeilCaseNode *self)
{
  self->items = g_array_new (FALSE, FALSE, sizeof (guint));
}

VeilCaseNode *
veil_case_node_new (VeilCaseNodeKind  kind,
                    const char       *title,
                    const char       *icon_name)
{
  return g_object_new (VEIL_TYPE_CASE_NODE,
                       "kind", kind,
                       "title", title,
                       "icon-name", icon_name,
                       NULL);
}

VeilCaseNodeKind
veil_case_node_get_kind (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), 0);

  return self->kind;
}

const char *
veil_case_node_get_title (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);

  return self->title;
}

const char *
veil_case_node_get_subtitle (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);

  return self->subtitle;
}

void
veil_case_node_set_subtitle (VeilCaseNode *self,
                             const char   *subtitle)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  if (g_strcmp0 (subtitle, self->subtitle) == 0)
    return;

  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

const char *
veil_case_node_get_icon_name (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);

  return self->icon_name;
}

const char *
veil_case_node_get_badge (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);

  return self->badge;
}

void
veil_case_node_set_badge (VeilCaseNode *self,
                          const char   *badge)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  if (g_strcmp0 (badge, self->badge) == 0)
    return;

  g_free (self->badge);
  self->badge = g_strdup (badge);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BADGE]);
}

const char *
veil_case_node_get_tooltip (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);

  return self->tooltip;
}

void
veil_case_node_set_tooltip (VeilCaseNode *self,
                            const char   *tooltip)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  if (g_strcmp0 (tooltip, self->tooltip) == 0)
    return;

  g_free (self->tooltip);
  self->tooltip = g_strdup (tooltip);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOLTIP]);
}

gboolean
veil_case_node_get_warning (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), FALSE);

  return self->warning;
}

void
veil_case_node_set_warning (VeilCaseNode *self,
                            gboolean      warning)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  warning = !!warning;
  if (warning == self->warning)
    return;

  self->warning = warning;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING]);
}

/**
 * veil_case_node_get_key:
 * @self: a #VeilCaseNode
 *
 * Returns: (nullable): what the node stands for in the engine's terms: a
 *   patient's key in the mapping store, a study or series UID
 */
const char *
veil_case_node_get_key (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);

  return self->key;
}

void
veil_case_node_set_key (VeilCaseNode *self,
                        const char   *key)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  g_free (self->key);
  self->key = g_strdup (key);
}

const char *
veil_case_node_get_sort_key (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);

  return self->sort_key ? self->sort_key : self->title;
}

/**
 * veil_case_node_set_sort_key:
 * @self: a #VeilCaseNode
 * @sort_key: (nullable): how the node sorts among its siblings (a study's
 *   date as YYYYMMDD, a series number padded to width), or %NULL for its title
 */
void
veil_case_node_set_sort_key (VeilCaseNode *self,
                             const char   *sort_key)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  g_free (self->sort_key);
  self->sort_key = g_strdup (sort_key);
}

/**
 * veil_case_node_get_children:
 * @self: a #VeilCaseNode
 *
 * Returns: (transfer none) (nullable): the child nodes, or %NULL for a leaf
 */
GListStore *
veil_case_node_get_children (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);

  return self->children;
}

void
veil_case_node_append_child (VeilCaseNode *self,
                             VeilCaseNode *child)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));
  g_return_if_fail (VEIL_IS_CASE_NODE (child));

  if (self->children == NULL)
    self->children = g_list_store_new (VEIL_TYPE_CASE_NODE);

  g_list_store_append (self->children, child);
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  VeilCaseNode *node_a = (VeilCaseNode *)a;
  VeilCaseNode *node_b = (VeilCaseNode *)b;

  return g_utf8_collate (veil_case_node_get_sort_key (node_a),
                         veil_case_node_get_sort_key (node_b));
}

void
veil_case_node_sort_children (VeilCaseNode *self)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  if (self->children == NULL)
    return;

  g_list_store_sort (self->children, compare_nodes, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->children)); i++)
    {
      g_autoptr(VeilCaseNode) child = g_list_model_get_item (G_LIST_MODEL (self->children), i);

      veil_case_node_sort_children (child);
    }
}

/**
 * veil_case_node_add_item:
 * @self: a #VeilCaseNode
 * @index: the position of an item in veil_case_get_items()
 *
 * Positions are valid for the case's generation (see
 * veil_case_node_set_generation()), which is how a stale node is told apart
 * after the case has been read again.
 */
void
veil_case_node_add_item (VeilCaseNode *self,
                         guint         index)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  g_array_append_val (self->items, index);
}

const guint *
veil_case_node_get_items (VeilCaseNode *self,
                          guint        *n_items)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);
  g_return_val_if_fail (n_items != NULL, NULL);

  *n_items = self->items->len;

  return (const guint *)(gpointer)self->items->data;
}

void
veil_case_node_sort_items (VeilCaseNode     *self,
                           GCompareDataFunc  compare,
                           gpointer          user_data)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  g_array_sort_with_data (self->items, compare, user_data);
}

guint
veil_case_node_get_generation (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), 0);

  return self->generation;
}

void
veil_case_node_set_generation (VeilCaseNode *self,
                               guint         generation)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  self->generation = generation;
}

/**
 * veil_case_node_get_thumbnail:
 * @self: a #VeilCaseNode
 *
 * Returns: (transfer none) (nullable): the series' picture (a #GdkPaintable)
 */
GObject *
veil_case_node_get_thumbnail (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);

  return self->thumbnail;
}

const char *
veil_case_node_get_thumbnail_error (VeilCaseNode *self)
{
  g_return_val_if_fail (VEIL_IS_CASE_NODE (self), NULL);

  return self->thumbnail_error;
}

/**
 * veil_case_node_set_thumbnail:
 * @self: a #VeilCaseNode
 * @thumbnail: (nullable): a #GdkPaintable
 * @error_message: (nullable): why there is no picture
 *
 * Either a picture or the reason there is none; both %NULL while it is
 * being rendered.
 */
void
veil_case_node_set_thumbnail (VeilCaseNode *self,
                              GObject      *thumbnail,
                              const char   *error_message)
{
  g_return_if_fail (VEIL_IS_CASE_NODE (self));

  if (g_set_object (&self->thumbnail, thumbnail))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);

  if (g_strcmp0 (self->thumbnail_error, error_message) != 0)
    {
      g_free (self->thumbnail_error);
      self->thumbnail_error = g_strdup (error_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL_ERROR]);
    }
}
