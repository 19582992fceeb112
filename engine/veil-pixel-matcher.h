/* veil-pixel-matcher.h: which words read from an image identify someone.
 *
 * OCR of burned-in text is noisy: letters and digits are confused (O/0, I/1/l, S/5, B/8),
 * words are truncated by the device ("PATIENTFI…", "CLEVELAN..") or glued together
 * ("ZZZTEST", "DOB:08/29/1951"), and an ID or date may be split over several words ("999 000
 * 0026"). The matcher therefore compares canonical forms (upper-case letters and digits,
 * confusable characters folded together), tolerates one or two edits in longer values,
 * accepts a truncated prefix and a value glued inside a longer word, and joins up to four
 * neighbouring words. Besides the values the case knows (every part of every name, IDs,
 * accession numbers, dates in every written form, addresses and institutions), it
 * recognises dates, times and long numbers by their shape.
 *
 * Words are grouped into phrases (same line, small gaps); in a phrase with a hit, everything
 * from the first hit to the last is covered, and label words next to it ("DOB", "NHS",
 * "[M]", "65Y") too, so a line of demographics becomes one box with no readable gaps.
 */
#pragma once

#include "veil-dicom-subject.h"
#include "veil-pixel-ocr.h"

G_BEGIN_DECLS

typedef struct _VeilPixelMatcher VeilPixelMatcher;

VeilPixelMatcher *veil_pixel_matcher_new (void);
void veil_pixel_matcher_free (VeilPixelMatcher *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilPixelMatcher, veil_pixel_matcher_free)

/* `what` names the value for the reviewer ("patient name", "accession number"). Adding is
 * not thread-safe; finding is, once the last value is added. */
void veil_pixel_matcher_add_person_name (VeilPixelMatcher *self, const char *pn, const char *what);
void veil_pixel_matcher_add_identifier (VeilPixelMatcher *self, const char *id, const char *what);
/* `da` is a DICOM date (YYYYMMDD); every written form of it is added. */
void veil_pixel_matcher_add_date (VeilPixelMatcher *self, const char *da, const char *what);
/* Every word of an address or an institution; generic words ("Hospital", "NHS", "Road") only
 * count next to a distinctive one. */
void veil_pixel_matcher_add_text (VeilPixelMatcher *self, const char *text, const char *what);
/* Everything identifying that a file's header holds. */
void veil_pixel_matcher_add_subject (VeilPixelMatcher *self, const VeilDicomSubject *subject);
guint veil_pixel_matcher_get_n_values (const VeilPixelMatcher *self);

/* The identifying words among `words` (VeilOcrWord*, one frame) as VeilPixelRegion* for
 * `frame`, padded to cover the glyphs whole, clipped to `columns` × `rows`. `extra`
 * (nullable) is consulted as well: the file's own header, next to the whole case's. */
GPtrArray *veil_pixel_matcher_find (const VeilPixelMatcher *self, const VeilPixelMatcher *extra,
                                    GPtrArray *words, guint frame, guint columns, guint rows);

/* TRUE if `text` (one or more words) holds a value the matcher knows or a date, as
 * veil_pixel_matcher_find() would see it: for checking what OCR still reads after cleaning. */
gboolean veil_pixel_matcher_matches_text (const VeilPixelMatcher *self, const char *text,
                                          char **what);

G_END_DECLS
