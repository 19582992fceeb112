/* veil-thumbnail.c: a DICOM picture, or a placeholder saying why there is none
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A square of `size` pixels showing a paintable (a series thumbnail) scaled
 * to fit, or, while there is none, an icon: a picture still coming, or a
 * missing one with the reason as its tooltip. Knows nothing of series, so
 * the sidebar, the series overview and other views use the same widget.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-thumbnail.h"

struct _VeilThumbnail
{
  AdwBin        parent_instance;

  GdkPaintable *paintable;
  char         *error;
  int           size;

  GtkStack     *stack;
  GtkPicture   *picture;
  GtkImage     *icon;
};

G_DEFINE_FINAL_TYPE (VeilThumbnail, veil_thumbnail, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PAINTABLE,
  PROP_ERROR,
  PROP_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
veil_thumbnail_update (VeilThumbnail *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), self->size, self->size);
  gtk_image_set_pixel_size (self->icon, MAX (16, self->size / 2));

  if (self->paintable != NULL)
    {
      gtk_picture_set_paintable (self->picture, self->paintable);
      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->picture));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "thumbnail-missing");
      gtk_widget_add_css_class (GTK_WIDGET (self), "has-picture");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Series preview"),
                                      -1);
      return;
    }

  gtk_picture_set_paintable (self->picture, NULL);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->icon));
  gtk_widget_remove_css_class (GTK_WIDGET (self), "has-picture");

  if (self->error != NULL)
    {
      gtk_image_set_from_icon_name (self->icon, "image-missing-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->error);
      gtk_widget_add_css_class (GTK_WIDGET (self), "thumbnail-missing");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, self->error,
                                      -1);
    }
  else
    {
      gtk_image_set_from_icon_name (self->icon, "image-x-generic-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "thumbnail-missing");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview loading"),
                                      -1);
    }
}

static void
veil_thumbnail_finalize (GObject *object)
{
  VeilThumbnail *self = (VeilThumbnail *)object;

  g_clear_object (&self->paintable);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (veil_thumbnail_parent_class)->finalize (object);
}

static void
veil_thumbnail_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VeilThumbnail *self = VEIL_THUMBNAIL (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    case PROP_SIZE:
      g_value_set_int (value, self->size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_thumbnail_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VeilThumbnail *self = VEIL_THUMBNAIL (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      veil_thumbnail_set_paintable (self, g_value_get_object (value));
      break;

    case PROP_ERROR:
      veil_thumbnail_set_error (self, g_value_get_string (value));
      break;

    case PROP_SIZE:
      veil_thumbnail_set_size (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_thumbnail_class_init (VeilThumbnailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = veil_thumbnail_finalize;
  object_class->get_property = veil_thumbnail_get_property;
  object_class->set_property = veil_thumbnail_set_property;

  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL,
                         GDK_TYPE_PAINTABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SIZE] =
    g_param_spec_int ("size", NULL, NULL,
                      16, 1024, 48,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "thumbnail");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
veil_thumbnail_init (VeilThumbnail *self)
{
  self->size = 48;

  self->stack = GTK_STACK (gtk_stack_new ());
  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_CONTAIN);
  self->icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), "dim-label");
  gtk_stack_add_child (self->stack, GTK_WIDGET (self->picture));
  gtk_stack_add_child (self->stack, GTK_WIDGET (self->icon));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  veil_thumbnail_update (self);
}

GtkWidget *
veil_thumbnail_new (int size)
{
  return g_object_new (VEIL_TYPE_THUMBNAIL, "size", size, NULL);
}

GdkPaintable *
veil_thumbnail_get_paintable (VeilThumbnail *self)
{
  g_return_val_if_fail (VEIL_IS_THUMBNAIL (self), NULL);

  return self->paintable;
}

void
veil_thumbnail_set_paintable (VeilThumbnail *self,
                              GdkPaintable  *paintable)
{
  g_return_if_fail (VEIL_IS_THUMBNAIL (self));
  g_return_if_fail (paintable == NULL || GDK_IS_PAINTABLE (paintable));

  if (g_set_object (&self->paintable, paintable))
    {
      veil_thumbnail_update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
    }
}

const char *
veil_thumbnail_get_error (VeilThumbnail *self)
{
  g_return_val_if_fail (VEIL_IS_THUMBNAIL (self), NULL);

  return self->error;
}

/**
 * veil_thumbnail_set_error:
 * @self: a #VeilThumbnail
 * @error: (nullable): why there is no picture, shown as the tooltip
 */
void
veil_thumbnail_set_error (VeilThumbnail *self,
                          const char    *error)
{
  g_return_if_fail (VEIL_IS_THUMBNAIL (self));

  if (g_strcmp0 (self->error, error) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (error);
  veil_thumbnail_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

int
veil_thumbnail_get_size (VeilThumbnail *self)
{
  g_return_val_if_fail (VEIL_IS_THUMBNAIL (self), 0);

  return self->size;
}

void
veil_thumbnail_set_size (VeilThumbnail *self,
                         int            size)
{
  g_return_if_fail (VEIL_IS_THUMBNAIL (self));

  if (self->size == size)
    return;

  self->size = size;
  veil_thumbnail_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}
