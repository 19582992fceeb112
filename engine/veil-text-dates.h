/* veil-text-dates.h: dates as UK reports write them, and rewriting them in the same form.
 *
 * 03/04/1956, 3/4/56, 3.4.56, 03-04-1956, 1956-04-03, 19560403, 3 Apr 1956, 3rd April 1956,
 * 3rd of April 1956, 03-APR-1956, April 3, 1956, Tuesday 3 April 1956, April 1956, 04/2023,
 * 3 April (no year); a time after the date (14:32, 2.30pm, 1432hrs, T14:32:05Z) belongs to
 * the span and is kept as written, since a whole-day shift does not change it. The
 * replacement keeps the written form: 03/04/1956 → 17/09/1951, 3 Apr 1956 → 17 Sep 1951.
 */
#pragma once

#include "veil-text-document.h"

G_BEGIN_DECLS

/* Adds a DATE candidate for every date in the document (a date of birth flagged when "DOB",
 * "born" or "date of birth" comes just before it). */
void veil_text_find_dates (VeilTextDocument *doc);

/* Parses a date starting exactly at `offset`; FALSE if there is none. `out_end` gets the end
 * of the date and any time after it. */
gboolean veil_text_parse_date (const char *text, gsize len, gsize offset, VeilTextDate *out,
                               gsize *out_end);

/* The span [start, end) of `text` (a parsed `date` and its time) rewritten for the new date
 * year-month-day (parts the original did not write are ignored). */
char *veil_text_date_render (const char *text, const VeilTextDate *date, gsize start, gsize end,
                             int year, int month, int day);

/* The day of the week (1 = Monday … 7 = Sunday) of a date. */
int veil_text_weekday (int year, int month, int day);

G_END_DECLS
