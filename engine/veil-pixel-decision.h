/* veil-pixel-decision.h: a reviewer's decision about the burned-in text of an image.
 *
 * The reviewer looks at the boxes Veil found on an image (or on a series) and either accepts
 * them, replaces them with an edited list (boxes moved, added or removed), or says the image
 * has no burned-in identifiers at all. The decision is kept in the case's mapping store (as
 * VEIL_MAPPING_PIXEL_IMAGE or VEIL_MAPPING_PIXEL_SERIES rows, see veil-mapping-store.h) in
 * the text form below, so a later export — in the app or with veil-cli and the same store —
 * applies it.
 *
 * Text form: "accept", "no-text", or "boxes:" followed by "frame,x,y,width,height" entries
 * separated by ";" (frame "*" for every frame), e.g. "boxes:*,10,4,120,18;0,0,200,30,12".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  VEIL_PIXEL_DECISION_NONE,    /* not reviewed */
  VEIL_PIXEL_DECISION_ACCEPT,  /* the boxes found are right */
  VEIL_PIXEL_DECISION_BOXES,   /* the reviewer's own list replaces them */
  VEIL_PIXEL_DECISION_NO_TEXT, /* no burned-in identifiers: nothing to black out */
} VeilPixelDecision;

/* A decision holds at most this many boxes (a reviewer draws a handful; the bound keeps a
 * damaged store from costing unbounded memory). */
#define VEIL_PIXEL_DECISION_MAX_BOXES 4096

/* The text form of a decision; `regions` (VeilPixelRegion*) only for BOXES. */
char *veil_pixel_decision_to_string (VeilPixelDecision decision, GPtrArray *regions);

/* Reads the text form. For BOXES, `*regions` gets the boxes (reason "reviewer's box"). */
gboolean veil_pixel_decision_parse (const char *text, VeilPixelDecision *decision,
                                    GPtrArray **regions, GError **error);

G_END_DECLS
