/* veil-pixel-review.c: the images that may show identifiers, with the boxes to black out
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists every image the engine flagged (high risk of burned-in text, or text
 * found on it or on its series) and shows the selected one as the engine
 * renders it, with the boxes the export will black out drawn over it. The
 * reviewer drags a box to move it, drags elsewhere to draw one, removes the
 * selected one with Delete, then accepts the boxes (for the image or its
 * whole series) or says the image has no identifiers. Decisions go to the
 * engine (veil_case_set_pixel_decision()), which keeps them in the case's
 * mapping store, so veil-cli applies them too. The app never reads DICOM:
 * the frame comes from veil_case_render_pixel_frame(), in a worker thread.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-pixel-review.h"
#include "veil-pixel-region.h"
#include "veil-pixel-risk.h"

/* A box drawn smaller than this (image pixels) was a click, not a box. */
#define MIN_BOX 3

typedef enum
{
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_DRAW,
} DragMode;

struct _VeilPixelReview
{
  AdwBin            parent_instance;

  VeilReview       *review;
  VeilCase         *kase;          /* the case the list was built from (ref) */
  GtkStringList    *names;         /* one row per flagged image */
  GPtrArray        *items;         /* VeilCaseItem* of each row, owned by kase */
  GtkSingleSelection *selection;

  VeilCaseItem     *item;          /* the image shown */
  cairo_surface_t  *image;         /* its first frame */
  guint             columns;
  guint             rows;
  guint             n_frames;
  GPtrArray        *boxes;         /* VeilPixelRegion*, being reviewed */
  int               selected_box;  /* index in boxes, or -1 */
  gboolean          edited;        /* boxes differ from the engine's */
  GCancellable     *render_cancellable;

  DragMode          drag_mode;
  VeilPixelRegion   drag_origin;   /* the box as the drag began */
  double            drag_x;        /* where it began, in image pixels */
  double            drag_y;

  /* Template widgets */
  GtkStack         *stack;
  GtkListView      *images_view;
  GtkLabel         *title_label;
  GtkLabel         *status_label;
  GtkDrawingArea   *canvas;
  GtkSpinner       *spinner;
  GtkCheckButton   *series_check;
};

G_DEFINE_FINAL_TYPE (VeilPixelReview, veil_pixel_review, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REVIEW,
  PROP_N_UNREVIEWED,
  N_PROPS
};

enum {
  DECIDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void veil_pixel_review_show_item (VeilPixelReview *self);

/* Rows -------------------------------------------------------------------- */

static char *
describe_item (VeilPixelReview *self,
               VeilCaseItem    *item)
{
  g_autoptr(GPtrArray) boxes = veil_case_get_pixel_boxes (self->kase, item, NULL);
  guint n = boxes != NULL ? boxes->len : 0;
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u box", "%u boxes", n), n);

  switch (veil_case_get_pixel_decision (self->kase, item))
    {
    case VEIL_PIXEL_DECISION_ACCEPT:
    case VEIL_PIXEL_DECISION_BOXES:
      /* Translators: a reviewed image in the list, "Reviewed · 2 boxes" */
      return g_strdup_printf (_("Reviewed · %s"), count);
    case VEIL_PIXEL_DECISION_NO_TEXT:
      return g_strdup (_("Reviewed · no identifiers"));
    case VEIL_PIXEL_DECISION_NONE:
    default:
      if (item->pixel_risk == VEIL_PIXEL_RISK_HIGH)
        /* Translators: "High risk · 2 boxes · not reviewed" */
        return g_strdup_printf (_("High risk · %s · not reviewed"), count);
      /* Translators: "2 boxes · not reviewed" */
      return g_strdup_printf (_("%s · not reviewed"), count);
    }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              VeilPixelReview          *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             VeilPixelReview          *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  guint position = gtk_list_item_get_position (list_item);
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;
  VeilCaseItem *item;

  if (self->items == NULL || position >= self->items->len)
    return;

  item = g_ptr_array_index (self->items, position);
  description = describe_item (self, item);
  name = g_path_get_basename (item->display_name);
  gtk_label_set_text (GTK_LABEL (title), name);
  gtk_widget_set_tooltip_text (box, item->display_name);
  gtk_label_set_text (GTK_LABEL (subtitle), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, item->display_name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* Rebinds every row: a series decision changes several. */
static void
refresh_rows (VeilPixelReview *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->names));
  guint selected = gtk_single_selection_get_selected (self->selection);
  g_auto(GStrv) strings = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    strings[i] = g_strdup (gtk_string_list_get_string (self->names, i));

  /* Splicing the same strings back makes the view bind its rows again. */
  g_signal_handlers_block_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_string_list_splice (self->names, 0, n, (const char * const *)strings);
  gtk_single_selection_set_selected (self->selection, selected);
  g_signal_handlers_unblock_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNREVIEWED]);
}

static void
rebuild (VeilPixelReview *self)
{
  VeilCase *kase = self->review != NULL ? veil_review_get_case (self->review) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->names));

  g_cancellable_cancel (self->render_cancellable);
  self->item = NULL;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_set_object (&self->kase, kase);
  self->items = g_ptr_array_new ();

  if (kase != NULL)
    {
      GPtrArray *items = veil_case_get_items (kase);

      for (guint i = 0; i < items->len; i++)
        {
          VeilCaseItem *item = g_ptr_array_index (items, i);

          if (veil_case_item_pixel_flagged (kase, item))
            {
              g_ptr_array_add (self->items, item);
              g_ptr_array_add (names, item->display_name);
            }
        }
    }
  g_ptr_array_add (names, NULL);

  g_signal_handlers_block_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_string_list_splice (self->names, 0, n_old, (const char * const *)names->pdata);
  g_signal_handlers_unblock_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  gtk_stack_set_visible_child_name (self->stack, self->items->len > 0 ? "review" : "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNREVIEWED]);

  if (self->items->len > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      veil_pixel_review_show_item (self);
    }
}

/* The image and its boxes -------------------------------------------------- */

static void
update_actions (VeilPixelReview *self)
{
  gboolean ready = self->item != NULL && self->review != NULL &&
                   !veil_review_get_busy (self->review);
  gboolean has_box = ready && self->selected_box >= 0 && self->selected_box < (int)self->boxes->len;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pixels.accept", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pixels.no-text", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pixels.add-box", ready && self->image != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pixels.delete-box", has_box);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pixels.move-box", has_box);
}

static void
update_status (VeilPixelReview *self)
{
  g_autofree char *status = NULL;
  g_autofree char *count = NULL;
  guint n = self->boxes->len;

  if (self->item == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->status_label, "");
      return;
    }

  {
    g_autofree char *name = g_path_get_basename (self->item->display_name);

    gtk_label_set_text (self->title_label, name);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), self->item->display_name);
  }
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u box will be blacked out",
                                        "%u boxes will be blacked out", n), n);
  if (self->edited)
    /* Translators: "2 boxes will be blacked out (edited, not yet accepted)" */
    status = g_strdup_printf (_("%s (edited, not yet accepted)"), count);
  else if (self->n_frames > 1)
    /* Translators: "2 boxes will be blacked out · frame 1 of 27 shown, boxes apply to every frame" */
    status = g_strdup_printf (_("%s · frame 1 of %u shown"), count, self->n_frames);
  else
    status = g_steal_pointer (&count);

  if (self->item->pixel_risk_why != NULL && !self->edited)
    {
      /* Translators: the box count, then why the image was flagged */
      char *with_why = g_strdup_printf (_("%s · flagged: %s"), status, self->item->pixel_risk_why);

      g_free (status);
      status = with_why;
    }
  gtk_label_set_text (self->status_label, status);
}

static void
set_edited (VeilPixelReview *self)
{
  self->edited = TRUE;
  update_status (self);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
load_boxes (VeilPixelReview *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *boxes = NULL;

  g_clear_pointer (&self->boxes, g_ptr_array_unref);
  if (self->item != NULL)
    boxes = veil_case_get_pixel_boxes (self->kase, self->item, &error);
  if (error != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
  self->boxes = boxes != NULL ? boxes : g_ptr_array_new_with_free_func ((GDestroyNotify)veil_pixel_region_free);
  self->selected_box = self->boxes->len > 0 ? 0 : -1;
  self->edited = FALSE;
}

typedef struct
{
  VeilCase     *kase;
  VeilCaseItem *item;
  guint8       *grey;
  guint         columns;
  guint         rows;
  guint         n_frames;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_clear_object (&data->kase);
  g_free (data->grey);
  g_free (data);
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  GError *error = NULL;

  data->grey = veil_case_render_pixel_frame (data->kase, data->item, 0, &data->columns,
                                             &data->rows, &data->n_frames, &error);
  if (data->grey == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
render_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VeilPixelReview *self = VEIL_PIXEL_REVIEW (object);
  RenderData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint8 *pixels;
  int stride;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
          gtk_spinner_stop (self->spinner);
          /* Translators: %s says why the image could not be shown */
          g_autofree char *message = g_strdup_printf (_("The image cannot be shown: %s"), error->message);
          gtk_label_set_text (self->status_label, message);
        }
      return;
    }
  if (data->item != self->item)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_spinner_stop (self->spinner);

  g_clear_pointer (&self->image, cairo_surface_destroy);
  self->image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int)data->columns, (int)data->rows);
  stride = cairo_image_surface_get_stride (self->image);
  pixels = cairo_image_surface_get_data (self->image);
  cairo_surface_flush (self->image);
  for (guint y = 0; y < data->rows; y++)
    {
      guint32 *row = (guint32 *)(pixels + (gsize)y * (gsize)stride);

      for (guint x = 0; x < data->columns; x++)
        {
          guint32 v = data->grey[(gsize)y * data->columns + x];

          row[x] = (v << 16) | (v << 8) | v;
        }
    }
  cairo_surface_mark_dirty (self->image);
  self->columns = data->columns;
  self->rows = data->rows;
  self->n_frames = data->n_frames;

  update_status (self);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
veil_pixel_review_show_item (VeilPixelReview *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  self->item = self->items != NULL && position < self->items->len
                   ? g_ptr_array_index (self->items, position)
                   : NULL;
  self->n_frames = 0;
  load_boxes (self);
  update_status (self);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));

  if (self->item == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);

  self->render_cancellable = g_cancellable_new ();
  data = g_new0 (RenderData, 1);
  data->kase = g_object_ref (self->kase);
  data->item = self->item;
  task = g_task_new (self, self->render_cancellable, render_cb, NULL);
  g_task_set_source_tag (task, veil_pixel_review_show_item);
  g_task_set_task_data (task, data, (GDestroyNotify)render_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, render_thread);
}

static void
selection_changed_cb (VeilPixelReview    *self,
                      guint               position,
                      guint               n_items,
                      GtkSingleSelection *selection)
{
  veil_pixel_review_show_item (self);
}

/* Drawing ----------------------------------------------------------------- */

/* The image is fitted into the canvas, centred: scale and offset. */
static gboolean
get_transform (VeilPixelReview *self,
               double          *scale,
               double          *ox,
               double          *oy)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->canvas));
  int height = gtk_widget_get_height (GTK_WIDGET (self->canvas));

  if (self->image == NULL || self->columns == 0 || self->rows == 0 || width <= 0 || height <= 0)
    return FALSE;

  *scale = MIN ((double)width / self->columns, (double)height / self->rows);
  *ox = (width - self->columns * *scale) / 2;
  *oy = (height - self->rows * *scale) / 2;
  return TRUE;
}

static gboolean
box_shown (const VeilPixelRegion *box)
{
  return box->frame == VEIL_PIXEL_ALL_FRAMES || box->frame == 0;
}

static void
draw_canvas (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  VeilPixelReview *self = user_data;
  double scale, ox, oy;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_paint (cr);

  if (!get_transform (self, &scale, &ox, &oy))
    return;

  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, self->image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), scale >= 2 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);

  for (guint i = 0; i < self->boxes->len; i++)
    {
      const VeilPixelRegion *box = g_ptr_array_index (self->boxes, i);
      gboolean selected = (int)i == self->selected_box;
      double x = ox + box->x * scale, y = oy + box->y * scale;
      double w = box->width * scale, h = box->height * scale;

      if (!box_shown (box))
        continue;

      /* Red for what will be blacked out, yellow for the box being edited:
       * both stay visible on black, white and grey ultrasound. */
      cairo_rectangle (cr, x, y, w, h);
      if (selected)
        cairo_set_source_rgba (cr, 0.965, 0.827, 0.176, 0.30);
      else
        cairo_set_source_rgba (cr, 0.878, 0.106, 0.141, 0.35);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, selected ? 3 : 2);
      if (selected)
        cairo_set_source_rgb (cr, 0.965, 0.827, 0.176);
      else
        cairo_set_source_rgb (cr, 0.878, 0.106, 0.141);
      cairo_stroke (cr);
    }

  if (gtk_widget_has_focus (GTK_WIDGET (area)))
    {
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, 0.8);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

/* Editing ----------------------------------------------------------------- */

static int
box_at (VeilPixelReview *self,
        double           x,
        double           y)
{
  /* The topmost, i.e. the last drawn. */
  for (int i = (int)self->boxes->len - 1; i >= 0; i--)
    {
      const VeilPixelRegion *box = g_ptr_array_index (self->boxes, i);

      if (box_shown (box) && x >= box->x && x < box->x + box->width &&
          y >= box->y && y < box->y + box->height)
        return i;
    }
  return -1;
}

/* Keeps a box inside the image and at least one pixel large. */
static void
clamp_box (VeilPixelReview *self,
           VeilPixelRegion *box)
{
  box->width = CLAMP (box->width, 1, (int)self->columns);
  box->height = CLAMP (box->height, 1, (int)self->rows);
  box->x = CLAMP (box->x, 0, (int)self->columns - box->width);
  box->y = CLAMP (box->y, 0, (int)self->rows - box->height);
}

static VeilPixelRegion *
selected (VeilPixelReview *self)
{
  if (self->selected_box < 0 || self->selected_box >= (int)self->boxes->len)
    return NULL;
  return g_ptr_array_index (self->boxes, self->selected_box);
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               VeilPixelReview *self)
{
  double scale, ox, oy;
  int hit;

  self->drag_mode = DRAG_NONE;
  if (!get_transform (self, &scale, &ox, &oy) || !gtk_widget_is_sensitive (GTK_WIDGET (self)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));

  self->drag_x = CLAMP ((x - ox) / scale, 0, self->columns);
  self->drag_y = CLAMP ((y - oy) / scale, 0, self->rows);
  hit = box_at (self, self->drag_x, self->drag_y);
  if (hit >= 0)
    {
      self->selected_box = hit;
      self->drag_mode = DRAG_MOVE;
    }
  else
    {
      g_ptr_array_add (self->boxes,
                       veil_pixel_region_new (VEIL_PIXEL_ALL_FRAMES, (int)self->drag_x, (int)self->drag_y,
                                              1, 1, _("drawn by the reviewer")));
      self->selected_box = (int)self->boxes->len - 1;
      self->drag_mode = DRAG_DRAW;
    }
  self->drag_origin = *selected (self);
  self->drag_origin.reason = NULL;
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                VeilPixelReview *self)
{
  VeilPixelRegion *box = selected (self);
  double scale, ox, oy;

  if (box == NULL || self->drag_mode == DRAG_NONE || !get_transform (self, &scale, &ox, &oy))
    return;

  if (self->drag_mode == DRAG_MOVE)
    {
      box->x = self->drag_origin.x + (int)(dx / scale);
      box->y = self->drag_origin.y + (int)(dy / scale);
    }
  else
    {
      double x2 = CLAMP (self->drag_x + dx / scale, 0, self->columns);
      double y2 = CLAMP (self->drag_y + dy / scale, 0, self->rows);

      box->x = (int)MIN (self->drag_x, x2);
      box->y = (int)MIN (self->drag_y, y2);
      box->width = MAX ((int)(MAX (self->drag_x, x2) - box->x), 1);
      box->height = MAX ((int)(MAX (self->drag_y, y2) - box->y), 1);
    }
  clamp_box (self, box);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           dx,
             double           dy,
             VeilPixelReview *self)
{
  VeilPixelRegion *box = selected (self);
  DragMode mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;
  if (box == NULL || mode == DRAG_NONE)
    return;

  if (mode == DRAG_DRAW && (box->width < MIN_BOX || box->height < MIN_BOX))
    {
      /* A click on the image outside every box: nothing selected. */
      g_ptr_array_remove_index (self->boxes, (guint)self->selected_box);
      self->selected_box = -1;
      update_actions (self);
      gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
      return;
    }
  if (mode == DRAG_DRAW || box->x != self->drag_origin.x || box->y != self->drag_origin.y)
    set_edited (self);
  else
    update_actions (self);
}

static void
focus_changed_cb (VeilPixelReview *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VeilPixelReview       *self)
{
  int step = (state & GDK_SHIFT_MASK) ? 10 : 1;
  gboolean resize = (state & GDK_CONTROL_MASK) != 0;
  int dx = 0, dy = 0;

  switch (keyval)
    {
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      return gtk_widget_activate_action (GTK_WIDGET (self), "pixels.delete-box", NULL);
    case GDK_KEY_Insert:
    case GDK_KEY_KP_Insert:
      return gtk_widget_activate_action (GTK_WIDGET (self), "pixels.add-box", NULL);
    case GDK_KEY_Page_Down:
    case GDK_KEY_Page_Up:
      if (self->boxes->len == 0)
        return FALSE;
      self->selected_box = ((self->selected_box < 0 ? 0 : self->selected_box) +
                            (keyval == GDK_KEY_Page_Down ? 1 : (int)self->boxes->len - 1)) %
                           (int)self->boxes->len;
      update_actions (self);
      gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
      return TRUE;
    case GDK_KEY_Left:
      dx = -step;
      break;
    case GDK_KEY_Right:
      dx = step;
      break;
    case GDK_KEY_Up:
      dy = -step;
      break;
    case GDK_KEY_Down:
      dy = step;
      break;
    default:
      return FALSE;
    }

  return gtk_widget_activate_action (GTK_WIDGET (self),
                                     resize ? "pixels.resize-box" : "pixels.move-box",
                                     "(ii)", dx, dy);
}

static void
move_box_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VeilPixelReview *self = VEIL_PIXEL_REVIEW (widget);
  VeilPixelRegion *box = selected (self);
  int dx, dy;

  if (box == NULL)
    return;
  g_variant_get (parameter, "(ii)", &dx, &dy);
  if (g_str_equal (action_name, "pixels.resize-box"))
    {
      box->width += dx;
      box->height += dy;
    }
  else
    {
      box->x += dx;
      box->y += dy;
    }
  clamp_box (self, box);
  set_edited (self);
}

static void
add_box_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VeilPixelReview *self = VEIL_PIXEL_REVIEW (widget);
  VeilPixelRegion *box;

  if (self->image == NULL)
    return;

  /* A quarter of the image wide, in its middle: the reviewer moves it. */
  box = veil_pixel_region_new (VEIL_PIXEL_ALL_FRAMES,
                               (int)self->columns * 3 / 8, (int)self->rows * 7 / 16,
                               MAX ((int)self->columns / 4, 1), MAX ((int)self->rows / 8, 1),
                               _("added by the reviewer"));
  clamp_box (self, box);
  g_ptr_array_add (self->boxes, box);
  self->selected_box = (int)self->boxes->len - 1;
  set_edited (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
delete_box_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VeilPixelReview *self = VEIL_PIXEL_REVIEW (widget);

  if (selected (self) == NULL)
    return;
  g_ptr_array_remove_index (self->boxes, (guint)self->selected_box);
  self->selected_box = MIN (self->selected_box, (int)self->boxes->len - 1);
  set_edited (self);
}

/* Decisions --------------------------------------------------------------- */

static void
select_next_unreviewed (VeilPixelReview *self)
{
  guint n = self->items->len;
  guint from = gtk_single_selection_get_selected (self->selection);

  for (guint k = 1; k < n; k++)
    {
      guint i = (from + k) % n;

      if (veil_case_get_pixel_decision (self->kase, g_ptr_array_index (self->items, i)) ==
          VEIL_PIXEL_DECISION_NONE)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  /* All reviewed: stay, showing the decision. */
  veil_pixel_review_show_item (self);
}

static void
decide (VeilPixelReview   *self,
        VeilPixelDecision  decision)
{
  g_autoptr(GError) error = NULL;
  gboolean whole_series = gtk_check_button_get_active (self->series_check);
  const char *uid;

  if (self->item == NULL || self->kase == NULL)
    return;

  uid = self->item->subject->sop_instance_uid;
  if (decision == VEIL_PIXEL_DECISION_ACCEPT && self->edited)
    decision = VEIL_PIXEL_DECISION_BOXES;
  if (!veil_case_set_pixel_decision (self->kase, uid, whole_series, decision,
                                     decision == VEIL_PIXEL_DECISION_BOXES ? self->boxes : NULL,
                                     &error))
    {
      /* Translators: %s says why the decision could not be saved */
      g_autofree char *message = g_strdup_printf (_("The decision could not be saved: %s"), error->message);

      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
      return;
    }

  refresh_rows (self);
  g_signal_emit (self, signals[DECIDED], 0);
  select_next_unreviewed (self);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  decide (VEIL_PIXEL_REVIEW (widget), VEIL_PIXEL_DECISION_ACCEPT);
}

static void
no_text_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  decide (VEIL_PIXEL_REVIEW (widget), VEIL_PIXEL_DECISION_NO_TEXT);
}

/* The review --------------------------------------------------------------- */

static void
review_changed_cb (VeilPixelReview *self,
                   VeilReview      *review)
{
  rebuild (self);
}

static void
review_notify_busy_cb (VeilPixelReview *self,
                       GParamSpec      *pspec,
                       VeilReview      *review)
{
  update_actions (self);
}

/* GObject ------------------------------------------------------------------ */

static void
veil_pixel_review_dispose (GObject *object)
{
  VeilPixelReview *self = VEIL_PIXEL_REVIEW (object);

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_clear_object (&self->review);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->kase);
  g_clear_pointer (&self->boxes, g_ptr_array_unref);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_object (&self->selection);

  /* No gtk_widget_dispose_template() here: with libadwaita 1.2 it leaves
   * AdwBin unparenting its child a second time. AdwBin disposes the tree. */

  G_OBJECT_CLASS (veil_pixel_review_parent_class)->dispose (object);
}

static void
veil_pixel_review_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VeilPixelReview *self = VEIL_PIXEL_REVIEW (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      g_value_set_object (value, self->review);
      break;
    case PROP_N_UNREVIEWED:
      g_value_set_uint (value, veil_pixel_review_get_n_unreviewed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_pixel_review_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VeilPixelReview *self = VEIL_PIXEL_REVIEW (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      veil_pixel_review_set_review (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_pixel_review_class_init (VeilPixelReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_pixel_review_dispose;
  object_class->get_property = veil_pixel_review_get_property;
  object_class->set_property = veil_pixel_review_set_property;

  properties[PROP_REVIEW] =
    g_param_spec_object ("review", NULL, NULL,
                         VEIL_TYPE_REVIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_UNREVIEWED] =
    g_param_spec_uint ("n-unreviewed", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VeilPixelReview::decided:
   *
   * A reviewer's decision about an image's burned-in text was saved.
   */
  signals[DECIDED] = g_signal_new ("decided",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/veil/Veil/ui/veil-pixel-review.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilPixelReview, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilPixelReview, images_view);
  gtk_widget_class_bind_template_child (widget_class, VeilPixelReview, title_label);
  gtk_widget_class_bind_template_child (widget_class, VeilPixelReview, status_label);
  gtk_widget_class_bind_template_child (widget_class, VeilPixelReview, canvas);
  gtk_widget_class_bind_template_child (widget_class, VeilPixelReview, spinner);
  gtk_widget_class_bind_template_child (widget_class, VeilPixelReview, series_check);

  gtk_widget_class_install_action (widget_class, "pixels.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "pixels.no-text", NULL, no_text_action);
  gtk_widget_class_install_action (widget_class, "pixels.add-box", NULL, add_box_action);
  gtk_widget_class_install_action (widget_class, "pixels.delete-box", NULL, delete_box_action);
  gtk_widget_class_install_action (widget_class, "pixels.move-box", "(ii)", move_box_action);
  gtk_widget_class_install_action (widget_class, "pixels.resize-box", "(ii)", move_box_action);
}

static void
veil_pixel_review_init (VeilPixelReview *self)
{
  GtkListItemFactory *factory;
  GtkGesture *drag;
  GtkEventController *keys;
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->names = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->names));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  self->boxes = g_ptr_array_new_with_free_func ((GDestroyNotify)veil_pixel_region_free);
  self->selected_box = -1;

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->images_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->images_view, GTK_SELECTION_MODEL (self->selection));

  gtk_drawing_area_set_draw_func (self->canvas, draw_canvas, self, NULL);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (drag));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), keys);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), focus);

  update_actions (self);
}

/* Public API -------------------------------------------------------------- */

VeilReview *
veil_pixel_review_get_review (VeilPixelReview *self)
{
  g_return_val_if_fail (VEIL_IS_PIXEL_REVIEW (self), NULL);

  return self->review;
}

void
veil_pixel_review_set_review (VeilPixelReview *self,
                              VeilReview      *review)
{
  g_return_if_fail (VEIL_IS_PIXEL_REVIEW (self));

  if (self->review == review)
    return;

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_set_object (&self->review, review);
  if (review != NULL)
    {
      g_signal_connect_object (review, "changed", G_CALLBACK (review_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (review, "notify::busy", G_CALLBACK (review_notify_busy_cb), self,
                               G_CONNECT_SWAPPED);
    }

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW]);
}

/**
 * veil_pixel_review_get_images:
 *
 * Returns: (transfer none): the flagged images' names, one per row
 */
GListModel *
veil_pixel_review_get_images (VeilPixelReview *self)
{
  g_return_val_if_fail (VEIL_IS_PIXEL_REVIEW (self), NULL);

  return G_LIST_MODEL (self->names);
}

guint
veil_pixel_review_get_n_unreviewed (VeilPixelReview *self)
{
  g_return_val_if_fail (VEIL_IS_PIXEL_REVIEW (self), 0);

  return self->kase != NULL ? veil_case_count_unreviewed_pixel_risks (self->kase) : 0;
}

void
veil_pixel_review_select (VeilPixelReview *self,
                          guint            position)
{
  g_return_if_fail (VEIL_IS_PIXEL_REVIEW (self));

  gtk_single_selection_set_selected (self->selection, position);
}

VeilCaseItem *
veil_pixel_review_get_item (VeilPixelReview *self)
{
  g_return_val_if_fail (VEIL_IS_PIXEL_REVIEW (self), NULL);

  return self->item;
}

/**
 * veil_pixel_review_get_boxes:
 *
 * Returns: (transfer none): the boxes of the image shown, as edited
 */
GPtrArray *
veil_pixel_review_get_boxes (VeilPixelReview *self)
{
  g_return_val_if_fail (VEIL_IS_PIXEL_REVIEW (self), NULL);

  return self->boxes;
}

int
veil_pixel_review_get_selected_box (VeilPixelReview *self)
{
  g_return_val_if_fail (VEIL_IS_PIXEL_REVIEW (self), -1);

  return self->selected_box;
}

gboolean
veil_pixel_review_get_rendered (VeilPixelReview *self)
{
  g_return_val_if_fail (VEIL_IS_PIXEL_REVIEW (self), FALSE);

  return self->image != NULL;
}
