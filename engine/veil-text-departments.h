/* veil-text-departments.h: names of services and departments ("Radiology", "Fetal Medicine
 * Unit", "SYMPTOMATIC BREAST CLINIC"), which read like institutions but identify no one: a
 * report heading or a DICOM department value made only of clinical words. Learnt as an
 * institution, such a name would be replaced wherever its words appear ("Interventional
 * Radiology", "breast clinic"), damaging the text a reader gets.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE if every word of `text` (`len` bytes, -1 for NUL-terminated) is a clinical or
 * service word, a generic place word or an institution word, or an adjective by its form
 * ("Symptomatic", "Fetal", "Paediatric") that no name list knows. */
gboolean veil_text_is_department_name (const char *text, gssize len);

G_END_DECLS
