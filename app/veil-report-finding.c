/* veil-report-finding.c: one finding of a report, as the report view lists it
 *
 * Copyright 2026 The Veil Developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A copy of the engine's VeilTextFinding (the case's items may not be read
 * while a re-scan runs), with the reviewer's state and where the finding
 * sits in the text view's two texts.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "veil-report-finding.h"

struct _VeilReportFinding
{
  GObject          parent_instance;

  guint            index;
  VeilTextFinding  finding;
  gboolean         accepted;
  int              range[2][2]; /* [pseudonymised][start, end] in characters */
};

G_DEFINE_FINAL_TYPE (VeilReportFinding, veil_report_finding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCEPTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
veil_report_kind_label (VeilTextKind kind)
{
  switch (kind)
    {
    case VEIL_TEXT_KIND_PERSON: return _("Person");
    case VEIL_TEXT_KIND_NHS_NUMBER: return _("NHS number");
    case VEIL_TEXT_KIND_HOSPITAL_NUMBER: return _("Hospital number");
    case VEIL_TEXT_KIND_ACCESSION: return _("Accession number");
    case VEIL_TEXT_KIND_OTHER_ID: return _("Other identifier");
    case VEIL_TEXT_KIND_DATE: return _("Date");
    case VEIL_TEXT_KIND_POSTCODE: return _("Postcode");
    case VEIL_TEXT_KIND_ADDRESS: return _("Address");
    case VEIL_TEXT_KIND_PHONE: return _("Telephone number");
    case VEIL_TEXT_KIND_EMAIL: return _("Email address");
    case VEIL_TEXT_KIND_URL: return _("Web address");
    case VEIL_TEXT_KIND_INSTITUTION: return _("Institution");
    case VEIL_TEXT_KIND_PROFESSIONAL_ID: return _("Professional registration number");
    case VEIL_TEXT_N_KINDS:
    default:
      return _("Identifier");
    }
}

static void
veil_report_finding_finalize (GObject *object)
{
  VeilReportFinding *self = VEIL_REPORT_FINDING (object);

  g_free (self->finding.original);
  g_free (self->finding.replacement);
  g_free (self->finding.entity);
  g_free (self->finding.reason);

  G_OBJECT_CLASS (veil_report_finding_parent_class)->finalize (object);
}

static void
veil_report_finding_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VeilReportFinding *self = VEIL_REPORT_FINDING (object);

  switch (prop_id)
    {
    case PROP_ACCEPTED:
      g_value_set_boolean (value, self->accepted);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_report_finding_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VeilReportFinding *self = VEIL_REPORT_FINDING (object);

  switch (prop_id)
    {
    case PROP_ACCEPTED:
      veil_report_finding_set_accepted (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_report_finding_class_init (VeilReportFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = veil_report_finding_finalize;
  object_class->get_property = veil_report_finding_get_property;
  object_class->set_property = veil_report_finding_set_property;

  properties[PROP_ACCEPTED] =
    g_param_spec_boolean ("accepted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
veil_report_finding_init (VeilReportFinding *self)
{
}

VeilReportFinding *
veil_report_finding_new (guint                  index,
                         const VeilTextFinding *finding,
                         gboolean               accepted)
{
  VeilReportFinding *self = g_object_new (VEIL_TYPE_REPORT_FINDING, NULL);

  self->index = index;
  self->finding = *finding;
  self->finding.original = g_strdup (finding->original);
  self->finding.replacement = g_strdup (finding->replacement);
  self->finding.entity = g_strdup (finding->entity);
  self->finding.reason = g_strdup (finding->reason);
  self->accepted = accepted;

  return self;
}

guint
veil_report_finding_get_index (VeilReportFinding *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_FINDING (self), 0);

  return self->index;
}

const VeilTextFinding *
veil_report_finding_get_finding (VeilReportFinding *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_FINDING (self), NULL);

  return &self->finding;
}

const char *
veil_report_finding_get_kind_label (VeilReportFinding *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_FINDING (self), NULL);

  return veil_report_kind_label (self->finding.kind);
}

gboolean
veil_report_finding_get_accepted (VeilReportFinding *self)
{
  g_return_val_if_fail (VEIL_IS_REPORT_FINDING (self), FALSE);

  return self->accepted;
}

void
veil_report_finding_set_accepted (VeilReportFinding *self,
                                  gboolean           accepted)
{
  g_return_if_fail (VEIL_IS_REPORT_FINDING (self));

  accepted = !!accepted;
  if (self->accepted == accepted)
    return;

  self->accepted = accepted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTED]);
}

void
veil_report_finding_get_range (VeilReportFinding *self,
                               gboolean           pseudonymised,
                               int               *start,
                               int               *end)
{
  g_return_if_fail (VEIL_IS_REPORT_FINDING (self));

  *start = self->range[!!pseudonymised][0];
  *end = self->range[!!pseudonymised][1];
}

void
veil_report_finding_set_range (VeilReportFinding *self,
                               gboolean           pseudonymised,
                               int                start,
                               int                end)
{
  g_return_if_fail (VEIL_IS_REPORT_FINDING (self));

  self->range[!!pseudonymised][0] = start;
  self->range[!!pseudonymised][1] = end;
}
