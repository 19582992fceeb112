/* veil-person.c: a patient or other person of the case, with their pseudonym
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mapping store keeps one row per entity (kind "patient" or "person",
 * keyed by the engine) and one per way the name was written, pointing at the
 * entity. A person here is the entity with all its written forms, since
 * "SMITH^John" and "Smith^J^^Dr" are one person to the reviewer.
 */

#include "config.h"

#include "veil-format.h"
#include "veil-person.h"

struct _VeilPerson
{
  GObject    parent_instance;

  char      *kind;
  char      *key;
  char      *pseudonym;
  GPtrArray *names;
  char      *title;
};

G_DEFINE_FINAL_TYPE (VeilPerson, veil_person, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_KEY,
  PROP_TITLE,
  PROP_PSEUDONYM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
veil_person_finalize (GObject *object)
{
  VeilPerson *self = (VeilPerson *)object;

  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->pseudonym, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->names, g_ptr_array_unref);

  G_OBJECT_CLASS (veil_person_parent_class)->finalize (object);
}

static void
veil_person_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VeilPerson *self = VEIL_PERSON (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_TITLE:
      g_value_set_string (value, veil_person_get_title (self));
      break;

    case PROP_PSEUDONYM:
      g_value_set_string (value, self->pseudonym);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_person_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  VeilPerson *self = VEIL_PERSON (object);

  switch (prop_id)
    {
    case PROP_PSEUDONYM:
      veil_person_set_pseudonym (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_person_class_init (VeilPersonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = veil_person_finalize;
  object_class->get_property = veil_person_get_property;
  object_class->set_property = veil_person_set_property;

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PSEUDONYM] =
    g_param_spec_string ("pseudonym", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
veil_person_init (VeilPerson *self)
{
  self->names = g_ptr_array_new_with_free_func (g_free);
}

/**
 * veil_person_new:
 * @kind: %VEIL_MAPPING_PATIENT or %VEIL_MAPPING_PERSON
 * @key: the entity's key in the mapping store
 * @pseudonym: its pseudonym
 */
VeilPerson *
veil_person_new (const char *kind,
                 const char *key,
                 const char *pseudonym)
{
  VeilPerson *self;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (VEIL_TYPE_PERSON, NULL);
  self->kind = g_strdup (kind);
  self->key = g_strdup (key);
  self->pseudonym = g_strdup (pseudonym);

  return self;
}

const char *
veil_person_get_kind (VeilPerson *self)
{
  g_return_val_if_fail (VEIL_IS_PERSON (self), NULL);

  return self->kind;
}

const char *
veil_person_get_key (VeilPerson *self)
{
  g_return_val_if_fail (VEIL_IS_PERSON (self), NULL);

  return self->key;
}

/**
 * veil_person_get_title:
 * @self: a #VeilPerson
 *
 * Returns: every written form of the name, formatted and joined, or the
 *   formatted key when no written form is known
 */
const char *
veil_person_get_title (VeilPerson *self)
{
  g_return_val_if_fail (VEIL_IS_PERSON (self), NULL);

  if (self->title == NULL)
    {
      g_autoptr(GString) title = g_string_new (NULL);

      for (guint i = 0; i < self->names->len; i++)
        {
          g_autofree char *formatted = veil_format_person_name (g_ptr_array_index (self->names, i));

          if (title->len > 0)
            /* Translators: separates two ways one person's name was written */
            g_string_append (title, " · ");
          g_string_append (title, formatted);
        }

      if (title->len == 0)
        {
          g_autofree char *formatted = veil_format_person_name (self->key);

          g_string_append (title, formatted);
        }

      self->title = g_string_free (g_steal_pointer (&title), FALSE);
    }

  return self->title;
}

void
veil_person_add_name (VeilPerson *self,
                      const char *written)
{
  g_return_if_fail (VEIL_IS_PERSON (self));
  g_return_if_fail (written != NULL);

  for (guint i = 0; i < self->names->len; i++)
    if (g_str_equal (g_ptr_array_index (self->names, i), written))
      return;

  g_ptr_array_add (self->names, g_strdup (written));
  g_clear_pointer (&self->title, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
veil_person_get_pseudonym (VeilPerson *self)
{
  g_return_val_if_fail (VEIL_IS_PERSON (self), NULL);

  return self->pseudonym;
}

void
veil_person_set_pseudonym (VeilPerson *self,
                           const char *pseudonym)
{
  g_return_if_fail (VEIL_IS_PERSON (self));

  if (g_strcmp0 (pseudonym, self->pseudonym) == 0)
    return;

  g_free (self->pseudonym);
  self->pseudonym = g_strdup (pseudonym);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PSEUDONYM]);
}
