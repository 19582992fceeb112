/* veil-pseudonyms.h: readable pseudonyms that are clearly not real people or real numbers.
 *
 * Names are "<Word>-<digit><letter>^<Role>", e.g. "Kestrel-7Q^Patient": a person reading a
 * report sees "Mrs Kestrel-7Q", which reads naturally yet can never be mistaken for a real
 * name. IDs carry a "V" prefix. NHS numbers come from the 999 test range with a valid
 * modulus-11 check digit, never a real patient's. Each maker fits VeilPseudonymMaker.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *veil_pseudonym_make_patient_name (const guint8 *key, const char *patient_key,
                                        guint attempt, gpointer unused);
char *veil_pseudonym_make_staff_name (const guint8 *key, const char *person_key, guint attempt,
                                      gpointer unused);
/* "VP" + 8 characters (PatientID, other patient IDs). */
char *veil_pseudonym_make_patient_id (const guint8 *key, const char *original, guint attempt,
                                      gpointer unused);
/* "VA" + 8 characters: fits SH (16). */
char *veil_pseudonym_make_accession (const guint8 *key, const char *original, guint attempt,
                                     gpointer unused);
/* "VX" + 8 characters: study IDs, request and procedure IDs. */
char *veil_pseudonym_make_other_id (const guint8 *key, const char *original, guint attempt,
                                    gpointer unused);
char *veil_pseudonym_make_uid (const guint8 *key, const char *original, guint attempt,
                               gpointer unused);
/* 10 digits, 999 prefix, valid modulus-11 check digit. */
char *veil_pseudonym_make_nhs_number (const guint8 *key, const char *original, guint attempt,
                                      gpointer unused);

/* TRUE if `digits` is 10 digits whose last is the NHS modulus-11 check digit. */
gboolean veil_nhs_number_is_valid (const char *digits);

/* The surname part of a pseudonymous PN ("Kestrel-7Q" of "Kestrel-7Q^Patient"). */
char *veil_pseudonym_get_family (const char *pseudonym_pn);

G_END_DECLS
