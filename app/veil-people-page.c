/* veil-people-page.c: every person of the case and their pseudonym
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read from the case's mapping store, which the engine fills while reading
 * the case: one entity per patient and per other person named in the files,
 * with every way their name was written. Changing a pseudonym here is a
 * reviewer's decision (veil_case_set_pseudonym()); the case is re-scanned,
 * so every tag table and description shows the new name.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-people-page.h"
#include "veil-person.h"

struct _VeilPeoplePage
{
  AdwBin          parent_instance;

  VeilReview     *review;
  GListStore     *patients;
  GListStore     *others;

  /* Template widgets */
  GtkStack       *stack;
  GtkListBox     *patients_list;
  GtkListBox     *others_list;
  AdwPreferencesGroup *others_group;
};

G_DEFINE_FINAL_TYPE (VeilPeoplePage, veil_people_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REVIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows -------------------------------------------------------------------- */

static void
show_toast (VeilPeoplePage *self,
            const char     *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
}

/**
 * veil_people_page_rename:
 * @self: a #VeilPeoplePage
 * @kind: %VEIL_MAPPING_PATIENT or %VEIL_MAPPING_PERSON
 * @key: the entity's key
 * @pseudonym: the new pseudonym
 *
 * What pressing Enter in a row does; public so that tests can drive it.
 */
gboolean
veil_people_page_rename (VeilPeoplePage  *self,
                         const char      *kind,
                         const char      *key,
                         const char      *pseudonym,
                         GError         **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (VEIL_IS_PEOPLE_PAGE (self), FALSE);
  g_return_val_if_fail (self->review != NULL, FALSE);

  stripped = g_strstrip (g_strdup (pseudonym));

  return veil_review_set_pseudonym (self->review, kind, key, stripped, error);
}

static void
row_apply_cb (AdwEntryRow    *row,
              VeilPeoplePage *self)
{
  VeilPerson *person = g_object_get_data (G_OBJECT (row), "veil-person");
  g_autoptr(GError) error = NULL;
  const char *text;

  g_assert (VEIL_IS_PERSON (person));

  text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (g_strcmp0 (text, veil_person_get_pseudonym (person)) == 0)
    return;

  if (!veil_people_page_rename (self,
                                veil_person_get_kind (person),
                                veil_person_get_key (person),
                                text,
                                &error))
    {
      show_toast (self, error->message);
      /* Back to what the export will really write. */
      gtk_editable_set_text (GTK_EDITABLE (row), veil_person_get_pseudonym (person));
      return;
    }

  /* Translators: %s is the new pseudonym */
  {
    g_autofree char *message = g_strdup_printf (_("Every occurrence now becomes “%s”"), text);

    show_toast (self, message);
  }
}

static void
person_notify_pseudonym_cb (AdwEntryRow *row,
                            GParamSpec  *pspec,
                            VeilPerson  *person)
{
  const char *pseudonym = veil_person_get_pseudonym (person);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), pseudonym) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), pseudonym ? pseudonym : "");
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  VeilPeoplePage *self = user_data;
  VeilPerson *person = item;
  g_autofree char *description = NULL;
  GtkWidget *row;

  row = g_object_new (ADW_TYPE_ENTRY_ROW,
                      "title", veil_person_get_title (person),
                      "text", veil_person_get_pseudonym (person),
                      "show-apply-button", TRUE,
                      "use-underline", FALSE,
                      NULL);

  /* Translators: accessible description of a pseudonym field; %s is the
   * person's name as found in the files */
  description = g_strdup_printf (_("Pseudonym for %s. Edit it and press Enter to use it everywhere."),
                                 veil_person_get_title (person));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_set_tooltip_text (row, _("Edit the pseudonym and press Enter to apply it to every file"));

  g_object_set_data_full (G_OBJECT (row), "veil-person", g_object_ref (person), g_object_unref);
  g_signal_connect_object (row, "apply", G_CALLBACK (row_apply_cb), self, 0);
  g_signal_connect_object (person, "notify::pseudonym",
                           G_CALLBACK (person_notify_pseudonym_cb), row,
                           G_CONNECT_SWAPPED);

  return row;
}

/* Model ------------------------------------------------------------------- */

typedef struct
{
  GHashTable *by_key;
  GPtrArray  *people;
  const char *kind;
} Collect;

static void
collect_entity (const VeilMapping *mapping,
                gpointer           user_data)
{
  Collect *collect = user_data;
  VeilPerson *person;

  person = veil_person_new (collect->kind, mapping->original, mapping->pseudonym);
  g_ptr_array_add (collect->people, person);
  g_hash_table_insert (collect->by_key, g_strdup (mapping->original), person);
}

static void
collect_written (const VeilMapping *mapping,
                 gpointer           user_data)
{
  Collect *collect = user_data;
  VeilPerson *person;

  if (mapping->entity == NULL)
    return;

  if ((person = g_hash_table_lookup (collect->by_key, mapping->entity)))
    veil_person_add_name (person, mapping->original);
}

static int
compare_people (gconstpointer a,
                gconstpointer b)
{
  VeilPerson *x = *(VeilPerson * const *)a;
  VeilPerson *y = *(VeilPerson * const *)b;

  return g_utf8_collate (veil_person_get_title (x), veil_person_get_title (y));
}

static GPtrArray *
collect_people (VeilMappingStore *store,
                const char       *entity_kind,
                const char       *written_kind)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *people = g_ptr_array_new_with_free_func (g_object_unref);
  Collect collect = { by_key, people, entity_kind };

  veil_mapping_store_foreach (store, entity_kind, collect_entity, &collect);
  veil_mapping_store_foreach (store, written_kind, collect_written, &collect);
  g_ptr_array_sort (people, compare_people);

  return people;
}

/* Updates the people in place when the same entities come back (a re-scan
 * after a decision), so the row being edited keeps focus; replaces the list
 * when the case has different people. */
static void
update_store (GListStore *store,
              GPtrArray  *people)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  gboolean same = n_items == people->len;

  for (guint i = 0; same && i < n_items; i++)
    {
      g_autoptr(VeilPerson) old = g_list_model_get_item (G_LIST_MODEL (store), i);
      VeilPerson *new = g_ptr_array_index (people, i);

      same = g_str_equal (veil_person_get_key (old), veil_person_get_key (new)) &&
             g_str_equal (veil_person_get_title (old), veil_person_get_title (new));
    }

  if (same)
    {
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(VeilPerson) old = g_list_model_get_item (G_LIST_MODEL (store), i);

          veil_person_set_pseudonym (old, veil_person_get_pseudonym (g_ptr_array_index (people, i)));
        }
      return;
    }

  g_list_store_splice (store, 0, n_items, people->pdata, people->len);
}

static void
veil_people_page_refresh (VeilPeoplePage *self)
{
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) others = NULL;
  VeilMappingStore *store;

  g_assert (VEIL_IS_PEOPLE_PAGE (self));

  if (self->review == NULL ||
      veil_review_get_case (self->review) == NULL ||
      !(store = veil_review_get_store (self->review)))
    {
      if (self->review == NULL || !veil_review_get_busy (self->review))
        {
          g_list_store_remove_all (self->patients);
          g_list_store_remove_all (self->others);
          gtk_stack_set_visible_child_name (self->stack, "empty");
        }
      return;
    }

  patients = collect_people (store, VEIL_MAPPING_PATIENT, VEIL_MAPPING_PATIENT_NAME);
  others = collect_people (store, VEIL_MAPPING_PERSON, VEIL_MAPPING_PERSON_NAME);

  update_store (self->patients, patients);
  update_store (self->others, others);

  gtk_widget_set_visible (GTK_WIDGET (self->others_group), others->len > 0);
  gtk_stack_set_visible_child_name (self->stack,
                                    patients->len + others->len > 0 ? "people" : "empty");
}

static void
review_changed_cb (VeilPeoplePage *self,
                   VeilReview     *review)
{
  veil_people_page_refresh (self);
}

/* GObject ----------------------------------------------------------------- */

static void
veil_people_page_dispose (GObject *object)
{
  VeilPeoplePage *self = (VeilPeoplePage *)object;

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_clear_object (&self->review);

  /* AdwBin unparents its child in its own dispose; the template's root is
   * that child, so it is let go here first rather than twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_PEOPLE_PAGE);

  g_clear_object (&self->patients);
  g_clear_object (&self->others);

  G_OBJECT_CLASS (veil_people_page_parent_class)->dispose (object);
}

static void
veil_people_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VeilPeoplePage *self = VEIL_PEOPLE_PAGE (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      g_value_set_object (value, self->review);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_people_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VeilPeoplePage *self = VEIL_PEOPLE_PAGE (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      veil_people_page_set_review (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_people_page_class_init (VeilPeoplePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_people_page_dispose;
  object_class->get_property = veil_people_page_get_property;
  object_class->set_property = veil_people_page_set_property;

  properties[PROP_REVIEW] =
    g_param_spec_object ("review", NULL, NULL,
                         VEIL_TYPE_REVIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/veil/Veil/ui/veil-people-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilPeoplePage, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilPeoplePage, patients_list);
  gtk_widget_class_bind_template_child (widget_class, VeilPeoplePage, others_list);
  gtk_widget_class_bind_template_child (widget_class, VeilPeoplePage, others_group);
}

static void
veil_people_page_init (VeilPeoplePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->patients = g_list_store_new (VEIL_TYPE_PERSON);
  self->others = g_list_store_new (VEIL_TYPE_PERSON);

  gtk_list_box_bind_model (self->patients_list, G_LIST_MODEL (self->patients),
                           create_row_cb, self, NULL);
  gtk_list_box_bind_model (self->others_list, G_LIST_MODEL (self->others),
                           create_row_cb, self, NULL);
}

/* Public API -------------------------------------------------------------- */

VeilReview *
veil_people_page_get_review (VeilPeoplePage *self)
{
  g_return_val_if_fail (VEIL_IS_PEOPLE_PAGE (self), NULL);

  return self->review;
}

void
veil_people_page_set_review (VeilPeoplePage *self,
                             VeilReview     *review)
{
  g_return_if_fail (VEIL_IS_PEOPLE_PAGE (self));
  g_return_if_fail (!review || VEIL_IS_REVIEW (review));

  if (self->review == review)
    return;

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);

  g_set_object (&self->review, review);

  if (review != NULL)
    {
      g_signal_connect_object (review, "changed",
                               G_CALLBACK (review_changed_cb), self,
                               G_CONNECT_SWAPPED);
      /* No decisions while the engine is working on the case; the page
       * itself stays scrollable. */
      g_object_bind_property (review, "busy", self->patients_list, "sensitive",
                              G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
      g_object_bind_property (review, "busy", self->others_list, "sensitive",
                              G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
    }

  veil_people_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW]);
}

/**
 * veil_people_page_get_patients:
 * @self: a #VeilPeoplePage
 *
 * Returns: (transfer none): a #GListModel of #VeilPerson
 */
GListModel *
veil_people_page_get_patients (VeilPeoplePage *self)
{
  g_return_val_if_fail (VEIL_IS_PEOPLE_PAGE (self), NULL);

  return G_LIST_MODEL (self->patients);
}

/**
 * veil_people_page_get_others:
 * @self: a #VeilPeoplePage
 *
 * Returns: (transfer none): a #GListModel of #VeilPerson
 */
GListModel *
veil_people_page_get_others (VeilPeoplePage *self)
{
  g_return_val_if_fail (VEIL_IS_PEOPLE_PAGE (self), NULL);

  return G_LIST_MODEL (self->others);
}
