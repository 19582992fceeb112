/* veil-pixel-risk.h: how likely an image's pixels carry identifying text, from its header.
 *
 * The header can only raise suspicion, never clear it: BurnedInAnnotation is often missing or
 * wrong, so NO is noted but not trusted. What raises it: BurnedInAnnotation YES; modalities
 * that are screens or photographs (US, OT, XC, DOC, ES, GM, SC, SM, OP, PX, IO); secondary
 * capture, ultrasound and visible-light SOP classes; ImageType SECONDARY, SCREEN SAVE, or
 * DERIVED and LOCALIZER (lower); colour photometric interpretations; and the burned-in
 * library (veil-burned-in-table.h), whose graylist also gives rectangles where known devices
 * put the patient's details.
 */
#pragma once

#include "veil-dicom-bridge.h"

G_BEGIN_DECLS

typedef enum {
  VEIL_PIXEL_RISK_NONE, /* no pixel data, or nothing in the header suggests text */
  VEIL_PIXEL_RISK_LOW,  /* text is plausible: read the pixels; report if they cannot be read */
  VEIL_PIXEL_RISK_HIGH, /* text is expected: an image that cannot be read and cleaned must
                         * be refused */
} VeilPixelRisk;

/* `why` (nullable) gets a sentence for the reviewer, e.g. "high: modality US;
 * BurnedInAnnotation YES; burned-in library: SIEMMENS (CTP)". */
VeilPixelRisk veil_pixel_risk_assess (VeilDcmFile *file, char **why);

/* The rectangles the burned-in library gives for this file's device, as VeilPixelRegion*
 * for every frame, clipped to the image. Empty when no graylist rule with rectangles
 * matches. */
GPtrArray *veil_pixel_risk_template_regions (VeilDcmFile *file);

G_END_DECLS
