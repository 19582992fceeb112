/* veil-report-view.c: one report's text, findings and pages for review
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the text the engine analysed (for PDF and DOCX, the text it
 * extracted) with every finding highlighted by kind, as written or as it
 * will be exported, beside the list of findings. A finding's details say
 * what it is, whose it is, what replaces it and why it was found; the
 * reviewer accepts it, changes the person's pseudonym, or says it is not an
 * identifier. Text the engine missed is marked by selecting it. PDF reports
 * also show their pages as rendered by the engine, with the findings' boxes.
 *
 * The case's items may not be read while the review re-scans
 * (veil_review_get_case() is then NULL), so the view keeps copies of what
 * it shows and refreshes them on ::changed. Reading a document and
 * rendering a page run in GTasks.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "veil-document.h"
#include "veil-report-view.h"

/* Pages are rendered for the screen, not for print: sharp enough to read
 * at the sizes the pane gives them, small enough to render quickly. */
#define PAGE_DPI 110.0

struct _VeilReportView
{
  AdwBin               parent_instance;

  VeilReview          *review;
  VeilCaseNode        *node;
  guint                item_index;
  char                *path;          /* the report shown, NULL if none */
  int                  document_type;
  char                *text;          /* as the engine analysed it */
  GListStore          *findings;      /* VeilReportFinding */
  GtkSingleSelection  *selection;
  GCancellable        *text_cancellable;
  GCancellable        *page_cancellable;
  VeilDocumentPage    *page;
  guint                page_index;
  guint                n_pages;
  guint                syncing : 1;
  guint                loading_text : 1;
  guint                rendering : 1;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkToggleButton     *pseudonymised_button;
  GtkLabel            *pending_label;
  GtkStack            *document_stack;
  GtkStackPage        *pages_page;
  GtkTextView         *text_view;
  GtkLabel            *page_label;
  GtkPicture          *page_picture;
  GtkListView         *findings_list;
  GtkWidget           *details_box;
  GtkLabel            *detail_title;
  GtkLabel            *detail_body;
};

G_DEFINE_FINAL_TYPE (VeilReportView, veil_report_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REVIEW,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void veil_report_view_reload (VeilReportView *self);
static void veil_report_view_update_actions (VeilReportView *self);
static void veil_report_view_render_page (VeilReportView *self);
static void set_pages_visible (VeilReportView *self, gboolean visible);

/* Colours -------------------------------------------------------------- */

/* One hue per family of kinds, translucent so that the theme's own text
 * colour stays readable on light and dark backgrounds alike. */
static void
kind_colour (VeilTextKind  kind,
             GdkRGBA      *rgba)
{
  const char *spec;

  switch (kind)
    {
    case VEIL_TEXT_KIND_PERSON:
      spec = "rgba(53,132,228,0.35)";   /* blue */
      break;
    case VEIL_TEXT_KIND_DATE:
      spec = "rgba(145,65,172,0.35)";   /* purple */
      break;
    case VEIL_TEXT_KIND_POSTCODE:
    case VEIL_TEXT_KIND_ADDRESS:
    case VEIL_TEXT_KIND_PHONE:
    case VEIL_TEXT_KIND_EMAIL:
    case VEIL_TEXT_KIND_URL:
      spec = "rgba(38,162,105,0.35)";   /* green */
      break;
    case VEIL_TEXT_KIND_INSTITUTION:
      spec = "rgba(229,165,10,0.40)";   /* yellow */
      break;
    case VEIL_TEXT_KIND_NHS_NUMBER:
    case VEIL_TEXT_KIND_HOSPITAL_NUMBER:
    case VEIL_TEXT_KIND_ACCESSION:
    case VEIL_TEXT_KIND_OTHER_ID:
    case VEIL_TEXT_KIND_PROFESSIONAL_ID:
    case VEIL_TEXT_N_KINDS:
    default:
      spec = "rgba(230,97,0,0.35)";     /* orange */
      break;
    }

  gdk_rgba_parse (rgba, spec);
}

static char *
kind_tag_name (VeilTextKind kind)
{
  return g_strconcat ("finding-", veil_text_kind_to_string (kind), NULL);
}

static void
create_tags (VeilReportView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  for (guint kind = 0; kind < VEIL_TEXT_N_KINDS; kind++)
    {
      g_autofree char *name = kind_tag_name (kind);
      GdkRGBA rgba;

      kind_colour (kind, &rgba);
      gtk_text_buffer_create_tag (buffer, name, "background-rgba", &rgba, NULL);
    }

  /* Created last, so they take precedence over the kinds' tags. */
  gtk_text_buffer_create_tag (buffer, "finding-pending",
                              "underline", PANGO_UNDERLINE_SINGLE,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "finding-selected",
                              "weight", PANGO_WEIGHT_BOLD,
                              "underline", PANGO_UNDERLINE_DOUBLE,
                              NULL);
}

/* Findings --------------------------------------------------------------- */

static VeilReportFinding *
get_finding (VeilReportView *self,
             guint           position)
{
  g_autoptr(VeilReportFinding) finding = g_list_model_get_item (G_LIST_MODEL (self->findings), position);

  /* The store keeps a reference. */
  return finding;
}

VeilReportFinding *
veil_report_view_get_selected (VeilReportView *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

guint
veil_report_view_get_n_pending (VeilReportView *self)
{
  guint n = 0;

  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->findings)); i++)
    if (!veil_report_finding_get_accepted (get_finding (self, i)))
      n++;

  return n;
}

static void
update_pending_label (VeilReportView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->findings));
  guint pending = veil_report_view_get_n_pending (self);
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("No identifiers found"));
  else if (pending == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The finding has been reviewed",
                                         "All %u findings have been reviewed", n), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u finding waits for review",
                                         "%u of %u findings wait for review", n),
                            pending, n);

  gtk_label_set_text (self->pending_label, text);
}

/* The buffer ------------------------------------------------------------- */

static void
get_iters (VeilReportView    *self,
           VeilReportFinding *finding,
           GtkTextIter       *start,
           GtkTextIter       *end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  gboolean pseudonymised = veil_report_view_get_pseudonymised (self);
  int s, e;

  veil_report_finding_get_range (finding, pseudonymised, &s, &e);
  gtk_text_buffer_get_iter_at_offset (buffer, start, s);
  gtk_text_buffer_get_iter_at_offset (buffer, end, e);
}

static void
apply_state_tags (VeilReportView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  VeilReportFinding *selected = veil_report_view_get_selected (self);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "finding-pending", &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "finding-selected", &start, &end);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->findings)); i++)
    {
      VeilReportFinding *finding = get_finding (self, i);

      get_iters (self, finding, &start, &end);
      if (!veil_report_finding_get_accepted (finding))
        gtk_text_buffer_apply_tag_by_name (buffer, "finding-pending", &start, &end);
      if (finding == selected)
        gtk_text_buffer_apply_tag_by_name (buffer, "finding-selected", &start, &end);
    }
}

/* Both texts' character ranges of every finding, and the pseudonymised
 * text: findings are byte offsets in UTF-8 text, sorted and apart. */
static char *
compute_ranges (VeilReportView *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *text = self->text;
  gsize len = strlen (text);
  gsize byte = 0;
  long chars = 0;
  long out_chars = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->findings)); i++)
    {
      VeilReportFinding *finding = get_finding (self, i);
      const VeilTextFinding *f = veil_report_finding_get_finding (finding);
      const char *replacement = f->replacement ? f->replacement : "";
      long before, inside;

      if (f->start < byte || f->end > len || f->start > f->end)
        {
          /* Not what the engine promises; show it nowhere rather than wrong. */
          veil_report_finding_set_range (finding, FALSE, (int)chars, (int)chars);
          veil_report_finding_set_range (finding, TRUE, (int)out_chars, (int)out_chars);
          continue;
        }

      before = g_utf8_strlen (text + byte, f->start - byte);
      inside = g_utf8_strlen (text + f->start, f->end - f->start);
      g_string_append_len (out, text + byte, f->start - byte);
      chars += before;
      out_chars += before;
      veil_report_finding_set_range (finding, FALSE, (int)chars, (int)(chars + inside));
      veil_report_finding_set_range (finding, TRUE, (int)out_chars,
                                     (int)(out_chars + g_utf8_strlen (replacement, -1)));
      g_string_append (out, replacement);
      chars += inside;
      out_chars += g_utf8_strlen (replacement, -1);
      byte = f->end;
    }
  g_string_append (out, text + byte);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
fill_buffer (VeilReportView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *pseudonymised = NULL;
  gboolean show_pseudonyms = veil_report_view_get_pseudonymised (self);

  if (self->text == NULL)
    return;

  pseudonymised = compute_ranges (self);

  self->syncing = TRUE;
  gtk_text_buffer_set_text (buffer, show_pseudonyms ? pseudonymised : self->text, -1);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->findings)); i++)
    {
      VeilReportFinding *finding = get_finding (self, i);
      g_autofree char *tag = kind_tag_name (veil_report_finding_get_finding (finding)->kind);
      GtkTextIter start, end;

      get_iters (self, finding, &start, &end);
      gtk_text_buffer_apply_tag_by_name (buffer, tag, &start, &end);
    }
  apply_state_tags (self);
  self->syncing = FALSE;

  update_pending_label (self);
}

/* Details ---------------------------------------------------------------- */

/* "FAMILY^Given" as a person reads it: "Given FAMILY". */
static char *
pn_display (const char *pn)
{
  g_auto(GStrv) parts = g_strsplit (pn, "^", 3);
  const char *family = parts[0] ? parts[0] : "";
  const char *given = parts[0] && parts[1] ? parts[1] : "";

  if (*given == '\0')
    return g_strdup (family);

  return g_strconcat (given, " ", family, NULL);
}

static char *
entity_text (VeilReportView          *self,
             const VeilTextFinding   *f)
{
  VeilMappingStore *store = self->review ? veil_review_get_store (self->review) : NULL;
  g_autofree char *patient = NULL;
  g_autofree char *person = NULL;

  if (f->entity == NULL || store == NULL)
    return g_strdup (_("Not linked to a person"));

  patient = veil_mapping_store_lookup (store, VEIL_MAPPING_PATIENT, f->entity);
  if (patient != NULL)
    {
      g_autofree char *name = pn_display (patient);

      return g_strdup_printf (_("The patient, known as %s"), name);
    }

  person = veil_mapping_store_lookup (store, VEIL_MAPPING_PERSON, f->entity);
  if (person != NULL)
    {
      g_autofree char *name = pn_display (person);

      return g_strdup_printf (_("A member of staff, known as %s"), name);
    }

  return g_strdup (_("A patient of the case"));
}

static void
update_details (VeilReportView *self)
{
  VeilReportFinding *finding = veil_report_view_get_selected (self);
  const VeilTextFinding *f;
  g_autofree char *title = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *body = NULL;

  if (finding == NULL)
    {
      gtk_label_set_text (self->detail_title, _("No Finding Selected"));
      gtk_label_set_text (self->detail_body,
                          _("Click a highlighted word or choose a finding in the list. Select text Veil missed and mark it as an identifier."));
      return;
    }

  f = veil_report_finding_get_finding (finding);
  entity = entity_text (self, f);
  /* Translators: a finding's kind and the text found, e.g. Person: “Mr Smith” */
  title = g_strdup_printf (_("%s: “%s”"), veil_report_finding_get_kind_label (finding), f->original);
  body = g_markup_printf_escaped ("%s <b>%s</b>\n%s %s\n%s %s\n%s",
                                  _("Becomes"), f->replacement ? f->replacement : "",
                                  _("Belongs to"), entity,
                                  _("Found by"), f->reason ? f->reason : _("unknown"),
                                  veil_report_finding_get_accepted (finding)
                                    ? _("Accepted")
                                    : _("Waits for review"));

  gtk_label_set_text (self->detail_title, title);
  gtk_label_set_markup (self->detail_body, body);
}

/* Pages ------------------------------------------------------------------ */

static void
compose_page (VeilReportView *self)
{
  VeilDocumentPage *page = self->page;
  VeilReportFinding *selected = veil_report_view_get_selected (self);
  g_autofree char *label = NULL;
  cairo_surface_t *surface;
  guint8 *data;
  cairo_t *cr;
  GdkTexture *texture;
  GBytes *bytes;

  if (page == NULL)
    {
      gtk_picture_set_paintable (self->page_picture, NULL);
      return;
    }

  /* Boxes drawn over a copy, so the selection can move without rendering
   * the page again. */
  data = g_memdup2 (g_bytes_get_data (page->pixels, NULL), g_bytes_get_size (page->pixels));
  surface = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_ARGB32,
                                                 page->width, page->height, page->stride);
  cr = cairo_create (surface);
  cairo_scale (cr, page->scale, page->scale);
  for (guint i = 0; i < page->boxes->len; i++)
    {
      const VeilDocumentBox *box = &g_array_index (page->boxes, VeilDocumentBox, i);
      VeilReportFinding *finding = box->finding < g_list_model_get_n_items (G_LIST_MODEL (self->findings))
                                     ? get_finding (self, box->finding) : NULL;
      VeilTextKind kind = finding ? veil_report_finding_get_finding (finding)->kind : VEIL_TEXT_KIND_OTHER_ID;
      GdkRGBA rgba;

      kind_colour (kind, &rgba);
      cairo_rectangle (cr, box->x1 - 1, box->y1 - 1, box->x2 - box->x1 + 2, box->y2 - box->y1 + 2);
      cairo_set_source_rgba (cr, rgba.red, rgba.green, rgba.blue, rgba.alpha);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, rgba.red, rgba.green, rgba.blue, 1.0);
      cairo_set_line_width (cr, (finding != NULL && finding == selected ? 3.0 : 1.0) / page->scale * 1.5);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_destroy (surface);

  bytes = g_bytes_new_take (data, (gsize)page->stride * page->height);
  texture = gdk_memory_texture_new (page->width, page->height, GDK_MEMORY_DEFAULT, bytes, page->stride);
  gtk_picture_set_paintable (self->page_picture, GDK_PAINTABLE (texture));
  g_object_unref (texture);
  g_bytes_unref (bytes);

  /* Translators: page number of the report's pages */
  label = g_strdup_printf (_("Page %u of %u"), self->page_index + 1, self->n_pages);
  gtk_label_set_text (self->page_label, label);
}

typedef struct
{
  char      *path;
  guint      index;
  GPtrArray *findings; /* VeilTextFinding, offsets only */
} PageTask;

static void
page_task_free (PageTask *task)
{
  g_free (task->path);
  g_ptr_array_unref (task->findings);
  g_free (task);
}

static void
render_page_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  PageTask *data = task_data;
  GError *error = NULL;
  VeilDocumentPage *page;

  page = veil_document_pdf_render_page (data->path, data->index, PAGE_DPI, data->findings, &error);
  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, (GDestroyNotify)veil_document_page_free);
}

static void
set_busy (VeilReportView *self,
          gboolean        loading_text,
          gboolean        rendering)
{
  gboolean was = veil_report_view_get_busy (self);

  self->loading_text = loading_text;
  self->rendering = rendering;
  if (was != veil_report_view_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
render_page_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VeilDocumentPage *page = g_task_propagate_pointer (G_TASK (result), &error);
  VeilReportView *self;

  if (page == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VEIL_REPORT_VIEW (object);
  if (g_task_get_cancellable (G_TASK (result)) != self->page_cancellable)
    {
      veil_document_page_free (page);
      return;
    }

  g_clear_pointer (&self->page, veil_document_page_free);
  self->page = page;
  if (page != NULL)
    self->n_pages = page->n_pages;
  else
    gtk_label_set_text (self->page_label, error->message);

  compose_page (self);
  set_busy (self, self->loading_text, FALSE);
  veil_report_view_update_actions (self);
}

static void
veil_report_view_render_page (VeilReportView *self)
{
  g_autoptr(GTask) task = NULL;
  PageTask *data;

  if (self->path == NULL || self->document_type != VEIL_DOCUMENT_TYPE_PDF || self->text == NULL)
    return;

  g_cancellable_cancel (self->page_cancellable);
  g_clear_object (&self->page_cancellable);
  self->page_cancellable = g_cancellable_new ();

  data = g_new0 (PageTask, 1);
  data->path = g_strdup (self->path);
  data->index = self->page_index;
  data->findings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->findings)); i++)
    {
      VeilTextFinding *copy = g_new0 (VeilTextFinding, 1);
      const VeilTextFinding *f = veil_report_finding_get_finding (get_finding (self, i));

      copy->start = f->start;
      copy->end = f->end;
      copy->kind = f->kind;
      g_ptr_array_add (data->findings, copy);
    }

  set_busy (self, self->loading_text, TRUE);
  task = g_task_new (self, self->page_cancellable, render_page_cb, NULL);
  g_task_set_source_tag (task, veil_report_view_render_page);
  g_task_set_task_data (task, data, (GDestroyNotify)page_task_free);
  g_task_run_in_thread (task, render_page_thread);
}

/**
 * veil_report_view_show_page:
 * @self: a #VeilReportView showing a PDF report
 * @index: the page, from 0
 *
 * Shows the Pages tab at @index, rendered off the main thread.
 */
void
veil_report_view_show_page (VeilReportView *self,
                            guint           index)
{
  g_return_if_fail (VEIL_IS_REPORT_VIEW (self));

  if (self->n_pages > 0)
    index = MIN (index, self->n_pages - 1);
  self->page_index = index;
  gtk_stack_set_visible_child_name (self->document_stack, "pages");
  veil_report_view_render_page (self);
}

GdkPaintable *
veil_report_view_get_page (VeilReportView *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), NULL);

  return gtk_picture_get_paintable (self->page_picture);
}

guint
veil_report_view_get_n_page_boxes (VeilReportView *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), 0);

  return self->page ? self->page->boxes->len : 0;
}

static void
document_stack_changed_cb (VeilReportView *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->document_stack);

  if (g_strcmp0 (name, "pages") == 0 && self->page == NULL && !self->rendering)
    veil_report_view_render_page (self);
}

static void
page_clicked_cb (VeilReportView  *self,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkGestureClick *gesture)
{
  VeilDocumentPage *page = self->page;
  double width, height, scale, px, py;

  if (page == NULL)
    return;

  /* The picture keeps the page's aspect ratio, centred. */
  width = gtk_widget_get_width (GTK_WIDGET (self->page_picture));
  height = gtk_widget_get_height (GTK_WIDGET (self->page_picture));
  scale = MIN (width / page->width, height / page->height);
  if (scale <= 0)
    return;
  px = (x - (width - page->width * scale) / 2) / scale / page->scale;
  py = (y - (height - page->height * scale) / 2) / scale / page->scale;

  for (guint i = 0; i < page->boxes->len; i++)
    {
      const VeilDocumentBox *box = &g_array_index (page->boxes, VeilDocumentBox, i);

      if (px >= box->x1 - 2 && px <= box->x2 + 2 && py >= box->y1 - 2 && py <= box->y2 + 2)
        {
          veil_report_view_select_finding (self, box->finding);
          return;
        }
    }
}

/* Reading the report ----------------------------------------------------- */

typedef struct
{
  char *path;
  int   document_type;
} TextTask;

static void
text_task_free (TextTask *task)
{
  g_free (task->path);
  g_free (task);
}

/* The text as the engine's report reader gives it (veil-case.c): the file
 * for plain text, the pages or paragraphs for PDF and DOCX. */
static void
read_text_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TextTask *data = task_data;
  GError *error = NULL;
  char *text = NULL;
  gsize len = 0;

  if (data->document_type != VEIL_DOCUMENT_TYPE_UNKNOWN)
    text = veil_document_read_text (data->path, VEIL_DOCUMENT_FLAGS_NONE, &len, &error);
  else if (g_file_get_contents (data->path, &text, &len, &error) &&
           (!g_utf8_validate_len (text, len, NULL) || strlen (text) != len))
    {
      g_clear_pointer (&text, g_free);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The report is no longer UTF-8 text"));
    }

  if (text == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, text, g_free);
}

static void
show_message (VeilReportView *self,
              const char     *title,
              const char     *description)
{
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  char *text = g_task_propagate_pointer (G_TASK (result), &error);
  VeilReportView *self;

  if (text == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VEIL_REPORT_VIEW (object);
  if (g_task_get_cancellable (G_TASK (result)) != self->text_cancellable)
    {
      g_free (text);
      return;
    }

  set_busy (self, FALSE, self->rendering);
  if (text == NULL)
    {
      show_message (self, _("The Report Cannot Be Read"), error->message);
      return;
    }

  g_free (self->text);
  self->text = text;
  gtk_stack_set_visible_child_name (self->stack, "report");
  fill_buffer (self);
  update_details (self);
  veil_report_view_update_actions (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->document_stack), "pages") == 0)
    veil_report_view_render_page (self);
}

static void
start_reading (VeilReportView *self)
{
  g_autoptr(GTask) task = NULL;
  TextTask *data;

  g_cancellable_cancel (self->text_cancellable);
  g_clear_object (&self->text_cancellable);
  self->text_cancellable = g_cancellable_new ();

  data = g_new0 (TextTask, 1);
  data->path = g_strdup (self->path);
  data->document_type = self->document_type;

  set_busy (self, TRUE, self->rendering);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  task = g_task_new (self, self->text_cancellable, read_text_cb, NULL);
  g_task_set_source_tag (task, start_reading);
  g_task_set_task_data (task, data, (GDestroyNotify)text_task_free);
  g_task_run_in_thread (task, read_text_thread);
}

static void
clear_report (VeilReportView *self)
{
  g_cancellable_cancel (self->text_cancellable);
  g_cancellable_cancel (self->page_cancellable);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->page, veil_document_page_free);
  self->page_index = 0;
  self->n_pages = 0;
  g_list_store_remove_all (self->findings);
  set_busy (self, FALSE, FALSE);
  gtk_picture_set_paintable (self->page_picture, NULL);
}

static gboolean
same_findings (VeilReportView *self,
               GPtrArray      *findings)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->findings));

  if (findings == NULL || findings->len != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const VeilTextFinding *a = veil_report_finding_get_finding (get_finding (self, i));
      const VeilTextFinding *b = g_ptr_array_index (findings, i);

      if (a->start != b->start || a->end != b->end || a->kind != b->kind ||
          g_strcmp0 (a->replacement, b->replacement) != 0)
        return FALSE;
    }

  return TRUE;
}

/* Copies the report's findings from the case, keeping the reviewer's place. */
static void
veil_report_view_reload (VeilReportView *self)
{
  VeilCase *kase = self->review ? veil_review_get_case (self->review) : NULL;
  const guint *indexes;
  guint n_indexes = 0;
  VeilCaseItem *item;
  GPtrArray *items;
  guint selected;
  gsize selected_start = G_MAXSIZE;
  g_autoptr(GPtrArray) copies = NULL;

  if (self->node == NULL)
    {
      clear_report (self);
      show_message (self, _("No Report Selected"),
                    _("Choose a report in the sidebar to see what Veil found in it."));
      return;
    }

  indexes = veil_case_node_get_items (self->node, &n_indexes);
  if (n_indexes == 0)
    {
      clear_report (self);
      show_message (self, _("This Report Is Not Exported"), veil_case_node_get_tooltip (self->node));
      return;
    }

  /* Busy re-scanning: keep showing the copy until ::changed. */
  if (kase == NULL)
    return;

  items = veil_case_get_items (kase);
  if (indexes[0] >= items->len)
    return;
  item = g_ptr_array_index (items, indexes[0]);
  if (item->refusal != NULL || !item->is_report)
    {
      clear_report (self);
      show_message (self, _("This Report Is Not Exported"), item->refusal);
      return;
    }

  if (g_strcmp0 (self->path, item->path) != 0)
    {
      clear_report (self);
      self->path = g_strdup (item->path);
      self->document_type = item->document_type;
      set_pages_visible (self, item->document_type == VEIL_DOCUMENT_TYPE_PDF);
    }
  self->item_index = indexes[0];

  /* Only the reviewer's state changed (an accepted finding): no new buffer. */
  if (self->text != NULL && same_findings (self, item->findings))
    {
      for (guint i = 0; i < item->findings->len; i++)
        veil_report_finding_set_accepted (get_finding (self, i),
                                          veil_case_finding_is_accepted (kase, item,
                                                                         g_ptr_array_index (item->findings, i)));
      apply_state_tags (self);
      update_pending_label (self);
      update_details (self);
      return;
    }

  selected = gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION && veil_report_view_get_selected (self))
    selected_start = veil_report_finding_get_finding (veil_report_view_get_selected (self))->start;

  copies = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; item->findings && i < item->findings->len; i++)
    {
      const VeilTextFinding *f = g_ptr_array_index (item->findings, i);

      g_ptr_array_add (copies, veil_report_finding_new (i, f, veil_case_finding_is_accepted (kase, item, f)));
    }

  self->syncing = TRUE;
  g_list_store_splice (self->findings, 0, g_list_model_get_n_items (G_LIST_MODEL (self->findings)),
                       copies->pdata, copies->len);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < copies->len && selected_start != G_MAXSIZE; i++)
    if (veil_report_finding_get_finding (g_ptr_array_index (copies, i))->start >= selected_start)
      {
        gtk_single_selection_set_selected (self->selection, i);
        break;
      }
  self->syncing = FALSE;

  g_clear_pointer (&self->page, veil_document_page_free);

  if (self->text == NULL)
    start_reading (self);
  else
    {
      fill_buffer (self);
      update_details (self);
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->document_stack), "pages") == 0)
        veil_report_view_render_page (self);
    }

  veil_report_view_update_actions (self);
}

/* Selection -------------------------------------------------------------- */

static void
selection_changed_cb (VeilReportView *self)
{
  VeilReportFinding *finding = veil_report_view_get_selected (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  update_details (self);
  veil_report_view_update_actions (self);

  if (self->syncing || self->text == NULL)
    return;

  self->syncing = TRUE;
  apply_state_tags (self);
  if (finding != NULL)
    {
      GtkTextIter start, end;

      get_iters (self, finding, &start, &end);
      gtk_text_buffer_place_cursor (buffer, &start);
      gtk_text_view_scroll_to_iter (self->text_view, &start, 0.1, FALSE, 0, 0);
    }
  self->syncing = FALSE;

  if (self->page != NULL)
    compose_page (self);
}

void
veil_report_view_select_finding (VeilReportView *self,
                                 guint           position)
{
  g_return_if_fail (VEIL_IS_REPORT_VIEW (self));

  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->findings_list), "list.scroll-to-item", "u", position);
}

/* A click or the keyboard puts the cursor in a finding: select it. */
static void
cursor_moved_cb (VeilReportView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  gboolean pseudonymised = veil_report_view_get_pseudonymised (self);
  GtkTextIter cursor;
  int offset;

  veil_report_view_update_actions (self);

  if (self->syncing || gtk_text_buffer_get_has_selection (buffer))
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  offset = gtk_text_iter_get_offset (&cursor);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->findings)); i++)
    {
      int start, end;

      veil_report_finding_get_range (get_finding (self, i), pseudonymised, &start, &end);
      if (offset >= start && offset < end)
        {
          self->syncing = TRUE;
          veil_report_view_select_finding (self, i);
          apply_state_tags (self);
          self->syncing = FALSE;
          if (self->page != NULL)
            compose_page (self);
          return;
        }
    }
}

/* Pseudonymised text ------------------------------------------------------ */

gboolean
veil_report_view_get_pseudonymised (VeilReportView *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), FALSE);

  return gtk_toggle_button_get_active (self->pseudonymised_button);
}

void
veil_report_view_set_pseudonymised (VeilReportView *self,
                                    gboolean        pseudonymised)
{
  g_return_if_fail (VEIL_IS_REPORT_VIEW (self));

  gtk_toggle_button_set_active (self->pseudonymised_button, pseudonymised);
}

static void
pseudonymised_toggled_cb (VeilReportView *self)
{
  fill_buffer (self);
  veil_report_view_update_actions (self);
}

/* Decisions -------------------------------------------------------------- */

static void
toast (VeilReportView *self,
       const char     *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
}

static gboolean
change_allowed (VeilReportFinding *finding)
{
  const VeilTextFinding *f = finding ? veil_report_finding_get_finding (finding) : NULL;

  /* People have a pseudonym of their own (the People page's); other kinds
   * follow their formats and the patient's date offset. */
  return f != NULL && f->kind == VEIL_TEXT_KIND_PERSON && f->entity != NULL;
}

static void
veil_report_view_update_actions (VeilReportView *self)
{
  VeilReportFinding *finding = veil_report_view_get_selected (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  gboolean ready = self->review != NULL && !veil_review_get_busy (self->review) && self->text != NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->findings));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.accept",
                                 ready && finding != NULL && !veil_report_finding_get_accepted (finding));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.not-identifier", ready && finding != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.change-pseudonym",
                                 ready && change_allowed (finding));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.mark-identifier",
                                 ready && !veil_report_view_get_pseudonymised (self) &&
                                 gtk_text_buffer_get_has_selection (buffer));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.next-finding", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.previous-finding", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.next-page",
                                 self->page != NULL && self->page_index + 1 < self->n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.previous-page",
                                 self->page != NULL && self->page_index > 0);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VeilReportView *self = VEIL_REPORT_VIEW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->findings));
  guint current = gtk_single_selection_get_selected (self->selection);
  gboolean forward = g_str_equal (action_name, "report.next-finding");

  if (n == 0)
    return;

  if (current == GTK_INVALID_LIST_POSITION)
    current = forward ? 0 : n - 1;
  else if (forward && current + 1 < n)
    current++;
  else if (!forward && current > 0)
    current--;
  else
    {
      gtk_widget_error_bell (widget);
      return;
    }

  veil_report_view_select_finding (self, current);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VeilReportView *self = VEIL_REPORT_VIEW (widget);
  VeilReportFinding *finding = veil_report_view_get_selected (self);
  g_autoptr(GError) error = NULL;
  guint position = gtk_single_selection_get_selected (self->selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->findings));

  if (finding == NULL)
    return;

  if (!veil_review_accept_finding (self->review, self->item_index,
                                   veil_report_finding_get_index (finding), &error))
    {
      toast (self, error->message);
      return;
    }

  veil_report_finding_set_accepted (finding, TRUE);
  apply_state_tags (self);
  update_pending_label (self);

  /* On to the next finding that waits, as a reviewer works down the list. */
  for (guint i = 1; i <= n; i++)
    {
      guint next = (position + i) % n;

      if (!veil_report_finding_get_accepted (get_finding (self, next)))
        {
          veil_report_view_select_finding (self, next);
          return;
        }
    }
  update_details (self);
  veil_report_view_update_actions (self);
}

static void
not_identifier_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VeilReportView *self = VEIL_REPORT_VIEW (widget);
  VeilReportFinding *finding = veil_report_view_get_selected (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *original;

  if (finding == NULL)
    return;

  original = veil_report_finding_get_finding (finding)->original;
  if (!veil_review_mark_not_identifier (self->review, original, &error))
    {
      toast (self, error->message);
      return;
    }

  message = g_strdup_printf (_("“%s” is kept as written in every report"), original);
  toast (self, message);
}

/**
 * veil_report_view_change_pseudonym:
 * @self: a #VeilReportView with a person's finding selected
 * @pseudonym: the new pseudonym, as a DICOM name (FAMILY^GIVEN)
 *
 * Changes the person's pseudonym everywhere in the case, as the People
 * page does.
 */
gboolean
veil_report_view_change_pseudonym (VeilReportView  *self,
                                   const char      *pseudonym,
                                   GError         **error)
{
  VeilReportFinding *finding = veil_report_view_get_selected (self);
  VeilMappingStore *store;
  const VeilTextFinding *f;
  g_autofree char *patient = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), FALSE);

  if (!change_allowed (finding) || self->review == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only a person’s pseudonym can be changed"));
      return FALSE;
    }

  f = veil_report_finding_get_finding (finding);
  store = veil_review_get_store (self->review);
  patient = store ? veil_mapping_store_lookup (store, VEIL_MAPPING_PATIENT, f->entity) : NULL;
  stripped = g_strstrip (g_strdup (pseudonym));

  return veil_review_set_pseudonym (self->review,
                                    patient != NULL ? VEIL_MAPPING_PATIENT : VEIL_MAPPING_PERSON,
                                    f->entity, stripped, error);
}

static void
change_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    VeilReportView   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "change"))
    return;

  if (!veil_report_view_change_pseudonym (self, gtk_editable_get_text (entry), &error))
    toast (self, error->message);
}

static void
change_pseudonym_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  VeilReportView *self = VEIL_REPORT_VIEW (widget);
  VeilReportFinding *finding = veil_report_view_get_selected (self);
  VeilMappingStore *store = self->review ? veil_review_get_store (self->review) : NULL;
  const VeilTextFinding *f;
  g_autofree char *current = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (!change_allowed (finding) || store == NULL)
    return;

  f = veil_report_finding_get_finding (finding);
  current = veil_mapping_store_lookup (store, VEIL_MAPPING_PATIENT, f->entity);
  if (current == NULL)
    current = veil_mapping_store_lookup (store, VEIL_MAPPING_PERSON, f->entity);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Change Pseudonym?"),
                                   _("The new pseudonym replaces this person’s name in every report and image of the case. Write it as FAMILY^Given."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), current ? current : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New pseudonym"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "change", _("C_hange"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "change");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (change_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
selected_text (VeilReportView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return NULL;

  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/**
 * veil_report_view_mark_selection:
 * @self: a #VeilReportView showing the text as written
 * @kind: what the selected text is
 *
 * Records the selected text as an identifier the engine missed: it is
 * replaced wherever it is written in the case.
 */
gboolean
veil_report_view_mark_selection (VeilReportView  *self,
                                 VeilTextKind     kind,
                                 GError         **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), FALSE);

  text = selected_text (self);
  if (text == NULL || *text == '\0' || veil_report_view_get_pseudonymised (self) || self->review == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Select the identifier in the text as written first"));
      return FALSE;
    }

  return veil_review_add_identifier (self->review, kind, text, error);
}

static const VeilTextKind markable_kinds[] = {
  VEIL_TEXT_KIND_PERSON,
  VEIL_TEXT_KIND_NHS_NUMBER,
  VEIL_TEXT_KIND_HOSPITAL_NUMBER,
  VEIL_TEXT_KIND_ACCESSION,
  VEIL_TEXT_KIND_OTHER_ID,
  VEIL_TEXT_KIND_ADDRESS,
  VEIL_TEXT_KIND_POSTCODE,
  VEIL_TEXT_KIND_PHONE,
  VEIL_TEXT_KIND_EMAIL,
  VEIL_TEXT_KIND_INSTITUTION,
  VEIL_TEXT_KIND_PROFESSIONAL_ID,
};

static void
mark_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  VeilReportView   *self)
{
  GtkDropDown *kinds = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  guint selected = gtk_drop_down_get_selected (kinds);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "mark") || selected >= G_N_ELEMENTS (markable_kinds))
    return;

  if (!veil_report_view_mark_selection (self, markable_kinds[selected], &error))
    toast (self, error->message);
}

static void
mark_identifier_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VeilReportView *self = VEIL_REPORT_VIEW (widget);
  g_autofree char *text = selected_text (self);
  g_autofree char *body = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *dialog;
  GtkWidget *kinds;

  if (text == NULL || *text == '\0')
    return;

  for (guint i = 0; i < G_N_ELEMENTS (markable_kinds); i++)
    gtk_string_list_append (labels, veil_report_kind_label (markable_kinds[i]));

  body = g_strdup_printf (_("“%s” will be replaced wherever it is written in the case: every report and the images’ descriptions. What is it?"), text);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Mark as Identifier?"), body);
  kinds = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kinds), 4 /* other identifier */);
  gtk_accessible_update_property (GTK_ACCESSIBLE (kinds),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind of identifier"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), kinds);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "mark", _("_Mark"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mark",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "mark");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (mark_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VeilReportView *self = VEIL_REPORT_VIEW (widget);

  if (g_str_equal (action_name, "report.next-page") && self->page_index + 1 < self->n_pages)
    veil_report_view_show_page (self, self->page_index + 1);
  else if (g_str_equal (action_name, "report.previous-page") && self->page_index > 0)
    veil_report_view_show_page (self, self->page_index - 1);
}

/* The review ------------------------------------------------------------- */

static void
review_changed_cb (VeilReportView *self)
{
  veil_report_view_reload (self);
}

static void
review_busy_cb (VeilReportView *self)
{
  veil_report_view_update_actions (self);
}

VeilReview *
veil_report_view_get_review (VeilReportView *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), NULL);

  return self->review;
}

void
veil_report_view_set_review (VeilReportView *self,
                             VeilReview     *review)
{
  g_return_if_fail (VEIL_IS_REPORT_VIEW (self));
  g_return_if_fail (review == NULL || VEIL_IS_REVIEW (review));

  if (self->review == review)
    return;

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);

  g_set_object (&self->review, review);

  if (review != NULL)
    {
      g_signal_connect_object (review, "changed", G_CALLBACK (review_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (review, "notify::busy", G_CALLBACK (review_busy_cb), self,
                               G_CONNECT_SWAPPED);
    }

  veil_report_view_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW]);
}

/**
 * veil_report_view_set_node:
 * @self: a #VeilReportView
 * @node: (nullable): a report node of the case sidebar
 */
void
veil_report_view_set_node (VeilReportView *self,
                           VeilCaseNode   *node)
{
  g_return_if_fail (VEIL_IS_REPORT_VIEW (self));

  if (node != NULL && veil_case_node_get_kind (node) != VEIL_CASE_NODE_REPORT)
    node = NULL;

  if (node == self->node)
    return;

  g_set_object (&self->node, node);
  /* Another report: nothing of the last one stays on screen, even while a
   * re-scan keeps the case from being read. */
  clear_report (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  veil_report_view_reload (self);
}

gboolean
veil_report_view_get_busy (VeilReportView *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), FALSE);

  return self->loading_text || self->rendering;
}

GtkTextBuffer *
veil_report_view_get_buffer (VeilReportView *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), NULL);

  return gtk_text_view_get_buffer (self->text_view);
}

GListModel *
veil_report_view_get_findings (VeilReportView *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_VIEW (self), NULL);

  return G_LIST_MODEL (self->findings);
}

/* The findings list ------------------------------------------------------- */

typedef struct
{
  GtkLabel *title;
  GtkLabel *subtitle;
  GtkImage *state;
} FindingRow;

static void
finding_row_update (GtkListItem       *item,
                    VeilReportFinding *finding)
{
  FindingRow *row = g_object_get_data (G_OBJECT (item), "veil-finding-row");
  const VeilTextFinding *f = veil_report_finding_get_finding (finding);
  gboolean accepted = veil_report_finding_get_accepted (finding);
  g_autofree char *subtitle = NULL;

  gtk_label_set_text (row->title, f->original);
  /* Translators: a finding's kind and what replaces it, e.g. Person → Mr Ashdown */
  subtitle = g_strdup_printf (_("%s → %s"), veil_report_finding_get_kind_label (finding),
                              f->replacement ? f->replacement : "");
  gtk_label_set_text (row->subtitle, subtitle);
  gtk_image_set_from_icon_name (row->state, accepted ? "object-select-symbolic" : "radio-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->state),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accepted ? _("Accepted") : _("Waits for review"),
                                  -1);
}

static void
finding_row_free (gpointer data)
{
  g_free (data);
}

static void
setup_finding_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  FindingRow *row = g_new0 (FindingRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  row->state = GTK_IMAGE (gtk_image_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->state));
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (box), labels);
  row->title = g_object_new (GTK_TYPE_LABEL, "xalign", 0.0f, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (row->title));
  row->subtitle = g_object_new (GTK_TYPE_LABEL, "xalign", 0.0f, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (row->subtitle), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (row->subtitle), "dim-label");
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (row->subtitle));

  gtk_list_item_set_child (item, box);
  g_object_set_data_full (G_OBJECT (item), "veil-finding-row", row, finding_row_free);
}

static void
finding_notify_cb (VeilReportFinding *finding,
                   GParamSpec        *pspec,
                   GtkListItem       *item)
{
  finding_row_update (item, finding);
}

static void
bind_finding_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  VeilReportFinding *finding = gtk_list_item_get_item (item);

  finding_row_update (item, finding);
  g_signal_connect_object (finding, "notify::accepted", G_CALLBACK (finding_notify_cb), item, 0);
}

static void
unbind_finding_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  VeilReportFinding *finding = gtk_list_item_get_item (item);

  if (finding != NULL)
    g_signal_handlers_disconnect_by_func (finding, finding_notify_cb, item);
}

/* GObject ---------------------------------------------------------------- */

static void
set_pages_visible (VeilReportView *self,
                                         gboolean        visible)
{
  gtk_stack_page_set_visible (self->pages_page, visible);
  if (!visible)
    gtk_stack_set_visible_child_name (self->document_stack, "text");
}

static void
veil_report_view_dispose (GObject *object)
{
  VeilReportView *self = VEIL_REPORT_VIEW (object);

  g_cancellable_cancel (self->text_cancellable);
  g_cancellable_cancel (self->page_cancellable);
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_clear_object (&self->review);
  g_clear_object (&self->node);

  /* AdwBin unparents its child (the template's root) in its own dispose. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_REPORT_VIEW);

  G_OBJECT_CLASS (veil_report_view_parent_class)->dispose (object);
}

static void
veil_report_view_finalize (GObject *object)
{
  VeilReportView *self = VEIL_REPORT_VIEW (object);

  g_clear_object (&self->text_cancellable);
  g_clear_object (&self->page_cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->findings);
  g_free (self->path);
  g_free (self->text);
  veil_document_page_free (self->page);

  G_OBJECT_CLASS (veil_report_view_parent_class)->finalize (object);
}

static void
veil_report_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VeilReportView *self = VEIL_REPORT_VIEW (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      g_value_set_object (value, self->review);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, veil_report_view_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_report_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VeilReportView *self = VEIL_REPORT_VIEW (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      veil_report_view_set_review (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_report_view_class_init (VeilReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_report_view_dispose;
  object_class->finalize = veil_report_view_finalize;
  object_class->get_property = veil_report_view_get_property;
  object_class->set_property = veil_report_view_set_property;

  properties[PROP_REVIEW] =
    g_param_spec_object ("review", NULL, NULL, VEIL_TYPE_REVIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/veil/Veil/ui/veil-report-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, pseudonymised_button);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, pending_label);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, document_stack);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, pages_page);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, text_view);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, page_label);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, page_picture);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, findings_list);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, details_box);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, detail_title);
  gtk_widget_class_bind_template_child (widget_class, VeilReportView, detail_body);

  gtk_widget_class_install_action (widget_class, "report.next-finding", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "report.previous-finding", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "report.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "report.not-identifier", NULL, not_identifier_action);
  gtk_widget_class_install_action (widget_class, "report.change-pseudonym", NULL, change_pseudonym_action);
  gtk_widget_class_install_action (widget_class, "report.mark-identifier", NULL, mark_identifier_action);
  gtk_widget_class_install_action (widget_class, "report.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "report.previous-page", NULL, page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "report.next-finding", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, GDK_SHIFT_MASK, "report.previous-finding", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "report.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "report.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "report.mark-identifier", NULL);
}

static void
veil_report_view_init (VeilReportView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkTextBuffer *buffer;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->findings = g_list_store_new (VEIL_TYPE_REPORT_FINDING);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->findings)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_finding_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_finding_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_finding_cb), NULL);
  gtk_list_view_set_factory (self->findings_list, factory);
  gtk_list_view_set_model (self->findings_list, GTK_SELECTION_MODEL (self->selection));

  create_tags (self);
  buffer = gtk_text_view_get_buffer (self->text_view);
  g_signal_connect_object (buffer, "notify::cursor-position",
                           G_CALLBACK (cursor_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "notify::has-selection",
                           G_CALLBACK (cursor_moved_cb), self, G_CONNECT_SWAPPED);

  g_menu_append (menu, _("_Mark as Identifier…"), "report.mark-identifier");
  gtk_text_view_set_extra_menu (self->text_view, G_MENU_MODEL (menu));

  g_signal_connect_object (self->pseudonymised_button, "toggled",
                           G_CALLBACK (pseudonymised_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document_stack, "notify::visible-child-name",
                           G_CALLBACK (document_stack_changed_cb), self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "released", G_CALLBACK (page_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->page_picture), GTK_EVENT_CONTROLLER (click));

  update_details (self);
  veil_report_view_update_actions (self);
}
