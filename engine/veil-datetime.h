/* veil-datetime.h: DICOM DA/DT/TM values — validation, whole-day shifting, and the
 * written forms a date takes in UK text (for scrubbing and the residual scan). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shift every value of a (possibly multi-valued, backslash-separated) DA by `days`.
 * Accepts YYYYMMDD and the legacy YYYY.MM.DD form (written back as YYYYMMDD); empty values
 * stay empty; a range "A-B" shifts both ends. Returns NULL and sets error when a value is not
 * a valid date (the caller then falls back to removing it). */
char *veil_da_shift (const char *value, int days, GError **error);

/* Shift a DT value (YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&ZZXX], multi-valued too) by `days`,
 * keeping its precision and UTC offset. Values with only a year or year-month are shifted
 * through their first day and written back at their own precision. */
char *veil_dt_shift (const char *value, int days, GError **error);

/* TM is not changed by a whole-day shift; this validates HH[MM[SS[.F{1-6}]]] (and the
 * legacy HH:MM:SS form) so the caller can tell a bad value from a good one. */
gboolean veil_tm_is_valid (const char *value);

gboolean veil_da_is_valid (const char *value); /* single value YYYYMMDD, real calendar date */

/* Every written form of a single DA (YYYYMMDD) that identifies it in text: 19600214,
 * 14/02/1960, 14.02.1960, 14-02-1960, 1960-02-14, 14 Feb 1960, 14 February 1960, 14/2/1960,
 * 14.2.60, 02/14/1960 … NULL-terminated, g_strfreev(). NULL if not a valid date. */
char **veil_da_written_forms (const char *da);

/* Days since 1970-01-01 for YYYYMMDD; FALSE if invalid. And back. */
gboolean veil_da_to_days (const char *da, gint64 *out_days);
char *veil_days_to_da (gint64 days);

G_END_DECLS
