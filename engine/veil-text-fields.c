/* veil-text-fields.c: labelled header values (see veil-text-fields.h). */

#include "veil-text-fields.h"

#include "veil-pattern-set.h"
#include "veil-text-contact.h"
#include "veil-text-dates.h"
#include "veil-text-names.h"

#include <string.h>

#define tok(doc, i) veil_text_document_token ((doc), (i))

enum {
  LABEL_WEAK = 1 << 0,   /* an ordinary word: needs ':', '|' or a tab, or a whole cell */
};

typedef struct {
  const char *label;
  guint8 field;
  guint8 flags;
} Label;

#define F(x) VEIL_TEXT_FIELD_##x
static const Label labels[] = {
  { "patient name", F (PATIENT_NAME), 0 }, { "patient's name", F (PATIENT_NAME), 0 },
  { "patients name", F (PATIENT_NAME), 0 }, { "name of patient", F (PATIENT_NAME), 0 },
  { "patient full name", F (PATIENT_NAME), 0 }, { "full name", F (PATIENT_NAME), 0 },
  { "alias", F (RELATIVE), 0 }, { "trauma alias", F (RELATIVE), 0 }, { "aka", F (RELATIVE), 0 },
  { "pt name", F (PATIENT_NAME), 0 }, { "client name", F (PATIENT_NAME), 0 },
  { "subject name", F (PATIENT_NAME), 0 }, { "patient", F (PATIENT_NAME), LABEL_WEAK },
  { "re", F (PATIENT_NAME), LABEL_WEAK }, { "deceased", F (PATIENT_NAME), LABEL_WEAK },
  { "name", F (PATIENT_NAME), LABEL_WEAK }, { "pt", F (PATIENT_NAME), LABEL_WEAK },
  { "surname", F (SURNAME), 0 }, { "family name", F (SURNAME), 0 }, { "last name", F (SURNAME), 0 },
  { "patient surname", F (SURNAME), 0 },
  { "forename", F (FORENAME), 0 }, { "forenames", F (FORENAME), 0 }, { "first name", F (FORENAME), 0 },
  { "first names", F (FORENAME), 0 }, { "given name", F (FORENAME), 0 }, { "given names", F (FORENAME), 0 },
  { "christian name", F (FORENAME), 0 }, { "other names", F (FORENAME), 0 },
  { "patient forename", F (FORENAME), 0 },
  { "dob", F (DOB), 0 }, { "d.o.b", F (DOB), 0 }, { "d o b", F (DOB), 0 }, { "date of birth", F (DOB), 0 },
  { "birth date", F (DOB), 0 }, { "birthdate", F (DOB), 0 }, { "born", F (DOB), LABEL_WEAK },
  { "nhs no", F (NHS_NUMBER), 0 }, { "nhs number", F (NHS_NUMBER), 0 }, { "nhs num", F (NHS_NUMBER), 0 },
  { "nhs", F (NHS_NUMBER), 0 }, { "nhs id", F (NHS_NUMBER), 0 }, { "new nhs no", F (NHS_NUMBER), 0 },
  { "chi", F (NHS_NUMBER), 0 }, { "chi no", F (NHS_NUMBER), 0 }, { "chi number", F (NHS_NUMBER), 0 },
  { "h&c", F (NHS_NUMBER), 0 }, { "h&c no", F (NHS_NUMBER), 0 }, { "h&c number", F (NHS_NUMBER), 0 },
  { "h+c number", F (NHS_NUMBER), 0 }, { "health and care number", F (NHS_NUMBER), 0 },
  { "health & care number", F (NHS_NUMBER), 0 }, { "nhs/chi no", F (NHS_NUMBER), 0 },
  { "hospital no", F (HOSPITAL_NUMBER), 0 }, { "hospital number", F (HOSPITAL_NUMBER), 0 },
  { "hosp no", F (HOSPITAL_NUMBER), 0 }, { "hosp. no", F (HOSPITAL_NUMBER), 0 },
  { "hosp num", F (HOSPITAL_NUMBER), 0 }, { "hospital id", F (HOSPITAL_NUMBER), 0 },
  { "hosp id", F (HOSPITAL_NUMBER), 0 }, { "mrn", F (HOSPITAL_NUMBER), 0 }, { "m.r.n", F (HOSPITAL_NUMBER), 0 },
  { "mrn no", F (HOSPITAL_NUMBER), 0 }, { "unit no", F (HOSPITAL_NUMBER), 0 },
  { "unit number", F (HOSPITAL_NUMBER), 0 }, { "unit num", F (HOSPITAL_NUMBER), 0 },
  { "patient id", F (HOSPITAL_NUMBER), 0 }, { "patient number", F (HOSPITAL_NUMBER), 0 },
  { "patient no", F (HOSPITAL_NUMBER), 0 }, { "pas no", F (HOSPITAL_NUMBER), 0 },
  { "pas number", F (HOSPITAL_NUMBER), 0 }, { "pas id", F (HOSPITAL_NUMBER), 0 },
  { "medical record number", F (HOSPITAL_NUMBER), 0 }, { "medical record no", F (HOSPITAL_NUMBER), 0 },
  { "medical records no", F (HOSPITAL_NUMBER), 0 }, { "record number", F (HOSPITAL_NUMBER), 0 },
  { "case note no", F (HOSPITAL_NUMBER), 0 }, { "casenote no", F (HOSPITAL_NUMBER), 0 },
  { "case note number", F (HOSPITAL_NUMBER), 0 }, { "rxh no", F (HOSPITAL_NUMBER), 0 },
  { "k no", F (HOSPITAL_NUMBER), 0 }, { "k number", F (HOSPITAL_NUMBER), 0 }, { "crn", F (HOSPITAL_NUMBER), 0 },
  { "local id", F (HOSPITAL_NUMBER), 0 }, { "local patient id", F (HOSPITAL_NUMBER), 0 },
  { "patient identifier", F (HOSPITAL_NUMBER), 0 }, { "id no", F (HOSPITAL_NUMBER), 0 },
  { "id", F (HOSPITAL_NUMBER), LABEL_WEAK }, { "hospital ref", F (HOSPITAL_NUMBER), 0 },
  { "accession", F (ACCESSION), 0 }, { "accession no", F (ACCESSION), 0 },
  { "accession number", F (ACCESSION), 0 }, { "acc no", F (ACCESSION), 0 }, { "acc", F (ACCESSION), 0 },
  { "lab no", F (ACCESSION), 0 }, { "lab number", F (ACCESSION), 0 }, { "lab ref", F (ACCESSION), 0 },
  { "laboratory no", F (ACCESSION), 0 }, { "laboratory number", F (ACCESSION), 0 },
  { "laboratory ref", F (ACCESSION), 0 }, { "specimen no", F (ACCESSION), 0 },
  { "specimen number", F (ACCESSION), 0 }, { "specimen id", F (ACCESSION), 0 },
  { "specimen ref", F (ACCESSION), 0 }, { "sample no", F (ACCESSION), 0 },
  { "sample number", F (ACCESSION), 0 }, { "sample id", F (ACCESSION), 0 },
  { "request no", F (ACCESSION), 0 }, { "request number", F (ACCESSION), 0 },
  { "request id", F (ACCESSION), 0 }, { "order no", F (ACCESSION), 0 }, { "order number", F (ACCESSION), 0 },
  { "order id", F (ACCESSION), 0 }, { "exam no", F (ACCESSION), 0 }, { "examination no", F (ACCESSION), 0 },
  { "study no", F (ACCESSION), 0 }, { "study id", F (ACCESSION), 0 }, { "study number", F (ACCESSION), 0 },
  { "ris no", F (ACCESSION), 0 }, { "ris number", F (ACCESSION), 0 }, { "episode no", F (ACCESSION), 0 },
  { "episode number", F (ACCESSION), 0 }, { "report no", F (ACCESSION), 0 },
  { "report number", F (ACCESSION), 0 }, { "report id", F (ACCESSION), 0 },
  { "histology no", F (ACCESSION), 0 }, { "histology number", F (ACCESSION), 0 },
  { "cytology no", F (ACCESSION), 0 }, { "pathology no", F (ACCESSION), 0 }, { "path no", F (ACCESSION), 0 },
  { "path number", F (ACCESSION), 0 }, { "our ref", F (ACCESSION), LABEL_WEAK },
  { "your ref", F (ACCESSION), LABEL_WEAK }, { "ref", F (ACCESSION), LABEL_WEAK },
  { "reference", F (ACCESSION), LABEL_WEAK }, { "reference no", F (ACCESSION), 0 },
  { "ref no", F (ACCESSION), 0 }, { "slide no", F (ACCESSION), 0 }, { "block no", F (ACCESSION), 0 },
  { "case id", F (ACCESSION), 0 }, { "case no", F (ACCESSION), 0 }, { "case number", F (ACCESSION), 0 },
  { "x-ray no", F (ACCESSION), 0 }, { "film no", F (ACCESSION), 0 }, { "visit no", F (ACCESSION), 0 },
  { "encounter no", F (ACCESSION), 0 }, { "requisition no", F (ACCESSION), 0 },
  { "barcode", F (ACCESSION), 0 },
  { "address", F (ADDRESS), 0 }, { "home address", F (ADDRESS), 0 }, { "patient address", F (ADDRESS), 0 },
  { "addr", F (ADDRESS), 0 }, { "correspondence address", F (ADDRESS), 0 },
  { "usual address", F (ADDRESS), 0 }, { "permanent address", F (ADDRESS), 0 },
  { "postcode", F (POSTCODE), 0 }, { "post code", F (POSTCODE), 0 }, { "postal code", F (POSTCODE), 0 },
  { "tel", F (PHONE), 0 }, { "tel no", F (PHONE), 0 }, { "telephone", F (PHONE), 0 },
  { "telephone no", F (PHONE), 0 }, { "telephone number", F (PHONE), 0 }, { "phone", F (PHONE), 0 },
  { "phone no", F (PHONE), 0 }, { "phone number", F (PHONE), 0 }, { "mobile", F (PHONE), 0 },
  { "mobile no", F (PHONE), 0 }, { "mobile number", F (PHONE), 0 }, { "mob", F (PHONE), 0 },
  { "contact no", F (PHONE), 0 }, { "contact number", F (PHONE), 0 }, { "contact tel", F (PHONE), 0 },
  { "home tel", F (PHONE), 0 }, { "work tel", F (PHONE), 0 }, { "day tel", F (PHONE), 0 },
  { "fax", F (PHONE), 0 }, { "fax no", F (PHONE), 0 }, { "bleep", F (PHONE), 0 }, { "bleep no", F (PHONE), 0 },
  { "ext", F (PHONE), 0 }, { "extension", F (PHONE), 0 }, { "pager", F (PHONE), 0 },
  { "direct line", F (PHONE), 0 }, { "direct dial", F (PHONE), 0 }, { "switchboard", F (PHONE), 0 },
  { "tel/fax", F (PHONE), 0 },
  { "email", F (EMAIL), 0 }, { "e-mail", F (EMAIL), 0 }, { "email address", F (EMAIL), 0 },
  { "e-mail address", F (EMAIL), 0 },
  { "requested by", F (STAFF), 0 }, { "requester", F (STAFF), 0 }, { "requestor", F (STAFF), 0 },
  { "requesting clinician", F (STAFF), 0 }, { "requesting doctor", F (STAFF), 0 },
  { "requesting consultant", F (STAFF), 0 }, { "referrer", F (STAFF), 0 }, { "referred by", F (STAFF), 0 },
  { "referring clinician", F (STAFF), 0 }, { "referring doctor", F (STAFF), 0 },
  { "referring consultant", F (STAFF), 0 }, { "referring physician", F (STAFF), 0 },
  { "referring gp", F (STAFF), 0 }, { "referring", F (STAFF), LABEL_WEAK },
  { "second opinion", F (STAFF), LABEL_WEAK }, { "physio", F (STAFF), LABEL_WEAK },
  { "physiotherapist", F (STAFF), LABEL_WEAK }, { "chaperone", F (STAFF), LABEL_WEAK },
  { "attendees", F (STAFF), LABEL_WEAK }, { "scan by", F (STAFF), 0 }, { "scanned by", F (STAFF), 0 },
  { "seen by", F (STAFF), 0 }, { "scanned", F (STAFF), LABEL_WEAK }, { "imaging by", F (STAFF), 0 }, { "midwife", F (STAFF), LABEL_WEAK }, { "consent by", F (STAFF), 0 },
  { "consented by", F (STAFF), 0 }, { "reported by", F (STAFF), 0 }, { "reporter", F (STAFF), 0 },
  { "reporting radiologist", F (STAFF), 0 }, { "reporting pathologist", F (STAFF), 0 },
  { "reporting clinician", F (STAFF), 0 }, { "radiologist", F (STAFF), LABEL_WEAK },
  { "pathologist", F (STAFF), LABEL_WEAK }, { "histopathologist", F (STAFF), LABEL_WEAK },
  { "consultant", F (STAFF), LABEL_WEAK }, { "consultant radiologist", F (STAFF), LABEL_WEAK },
  { "consultant pathologist", F (STAFF), LABEL_WEAK }, { "clinician", F (STAFF), LABEL_WEAK },
  { "responsible clinician", F (STAFF), 0 }, { "named consultant", F (STAFF), 0 },
  { "lead clinician", F (STAFF), 0 }, { "gp", F (STAFF), LABEL_WEAK }, { "gp name", F (STAFF), 0 },
  { "general practitioner", F (STAFF), 0 }, { "registered gp", F (STAFF), 0 },
  { "doctor", F (STAFF), LABEL_WEAK }, { "verified by", F (STAFF), 0 }, { "authorised by", F (STAFF), 0 },
  { "authorized by", F (STAFF), 0 }, { "approved by", F (STAFF), 0 }, { "checked by", F (STAFF), 0 },
  { "typed by", F (STAFF), 0 }, { "transcribed by", F (STAFF), 0 }, { "dictated by", F (STAFF), 0 },
  { "signed by", F (STAFF), 0 }, { "electronically signed by", F (STAFF), 0 },
  { "signed", F (STAFF), LABEL_WEAK }, { "copy to", F (STAFF), 0 }, { "copies to", F (STAFF), 0 },
  { "cc", F (STAFF), LABEL_WEAK }, { "c.c", F (STAFF), LABEL_WEAK }, { "attending", F (STAFF), LABEL_WEAK },
  { "surgeon", F (STAFF), LABEL_WEAK }, { "operator", F (STAFF), LABEL_WEAK },
  { "operating surgeon", F (STAFF), 0 }, { "performed by", F (STAFF), 0 },
  { "sonographer", F (STAFF), LABEL_WEAK }, { "radiographer", F (STAFF), LABEL_WEAK },
  { "vetted by", F (STAFF), 0 }, { "justified by", F (STAFF), 0 }, { "protocolled by", F (STAFF), 0 },
  { "second reporter", F (STAFF), 0 }, { "double reported by", F (STAFF), 0 },
  { "reviewed by", F (STAFF), 0 }, { "screener", F (STAFF), LABEL_WEAK },
  { "biomedical scientist", F (STAFF), LABEL_WEAK }, { "bms", F (STAFF), LABEL_WEAK },
  { "secretary", F (STAFF), LABEL_WEAK }, { "consultant in charge", F (STAFF), 0 },
  { "ordering clinician", F (STAFF), 0 }, { "ordering physician", F (STAFF), 0 },
  { "author", F (STAFF), LABEL_WEAK }, { "coordinator", F (STAFF), LABEL_WEAK },
  { "mdt coordinator", F (STAFF), 0 }, { "chair", F (STAFF), LABEL_WEAK }, { "cns", F (STAFF), LABEL_WEAK },
  { "endoscopist", F (STAFF), LABEL_WEAK }, { "anaesthetist", F (STAFF), LABEL_WEAK },
  { "assistant", F (STAFF), LABEL_WEAK }, { "nurse", F (STAFF), LABEL_WEAK }, { "entered by", F (STAFF), 0 }, { "key worker", F (STAFF), 0 },
  { "specialist nurse", F (STAFF), LABEL_WEAK }, { "next of kin", F (RELATIVE), 0 }, { "nok", F (RELATIVE), 0 },
  { "mother", F (RELATIVE), LABEL_WEAK }, { "father", F (RELATIVE), LABEL_WEAK },
  { "mother's name", F (RELATIVE), 0 }, { "father's name", F (RELATIVE), 0 },
  { "parent", F (RELATIVE), LABEL_WEAK }, { "parents", F (RELATIVE), LABEL_WEAK },
  { "guardian", F (RELATIVE), LABEL_WEAK }, { "carer", F (RELATIVE), LABEL_WEAK },
  { "spouse", F (RELATIVE), LABEL_WEAK }, { "partner", F (RELATIVE), LABEL_WEAK },
  { "wife", F (RELATIVE), LABEL_WEAK }, { "husband", F (RELATIVE), LABEL_WEAK },
  { "emergency contact", F (RELATIVE), 0 }, { "contact name", F (RELATIVE), 0 },
  { "informant", F (RELATIVE), LABEL_WEAK },
  { "hospital", F (INSTITUTION), LABEL_WEAK }, { "hospital name", F (INSTITUTION), 0 },
  { "trust", F (INSTITUTION), LABEL_WEAK }, { "site", F (INSTITUTION), LABEL_WEAK },
  { "ward", F (INSTITUTION), LABEL_WEAK }, { "ward/clinic", F (INSTITUTION), 0 },
  { "ward/dept", F (INSTITUTION), 0 }, { "clinic", F (INSTITUTION), LABEL_WEAK },
  { "gp practice", F (INSTITUTION), 0 }, { "practice", F (INSTITUTION), LABEL_WEAK },
  { "practice name", F (INSTITUTION), 0 }, { "gp surgery", F (INSTITUTION), 0 },
  { "referring hospital", F (INSTITUTION), 0 }, { "referring site", F (INSTITUTION), 0 },
  { "referring practice", F (INSTITUTION), 0 }, { "source", F (INSTITUTION), LABEL_WEAK },
  { "source location", F (INSTITUTION), 0 }, { "requesting location", F (INSTITUTION), 0 },
  { "requesting site", F (INSTITUTION), 0 }, { "requesting unit", F (INSTITUTION), 0 },
  { "institution", F (INSTITUTION), 0 }, { "organisation", F (INSTITUTION), 0 },
  { "sending hospital", F (INSTITUTION), 0 }, { "performing site", F (INSTITUTION), 0 },
  { "gmc", F (PROFESSIONAL_ID), 0 }, { "gmc no", F (PROFESSIONAL_ID), 0 },
  { "gmc number", F (PROFESSIONAL_ID), 0 }, { "gmc reg", F (PROFESSIONAL_ID), 0 },
  { "gmc registration", F (PROFESSIONAL_ID), 0 }, { "gmc code", F (PROFESSIONAL_ID), 0 },
  { "nmc", F (PROFESSIONAL_ID), 0 }, { "nmc pin", F (PROFESSIONAL_ID), 0 }, { "nmc no", F (PROFESSIONAL_ID), 0 },
  { "hcpc", F (PROFESSIONAL_ID), 0 }, { "hcpc no", F (PROFESSIONAL_ID), 0 },
  { "hcpc reg", F (PROFESSIONAL_ID), 0 }, { "gphc", F (PROFESSIONAL_ID), 0 }, { "gdc", F (PROFESSIONAL_ID), 0 },
  { "professional registration", F (PROFESSIONAL_ID), 0 },
  { "date", F (DATE), LABEL_WEAK }, { "exam date", F (DATE), 0 }, { "examination date", F (DATE), 0 },
  { "date of exam", F (DATE), 0 }, { "date of examination", F (DATE), 0 }, { "study date", F (DATE), 0 },
  { "scan date", F (DATE), 0 }, { "date of scan", F (DATE), 0 }, { "report date", F (DATE), 0 },
  { "date reported", F (DATE), 0 }, { "reported", F (DATE), LABEL_WEAK }, { "date of report", F (DATE), 0 },
  { "date received", F (DATE), 0 }, { "received", F (DATE), LABEL_WEAK }, { "date requested", F (DATE), 0 },
  { "request date", F (DATE), 0 }, { "date of request", F (DATE), 0 }, { "requested", F (DATE), LABEL_WEAK },
  { "collected", F (DATE), LABEL_WEAK }, { "date collected", F (DATE), 0 }, { "collection date", F (DATE), 0 },
  { "date of collection", F (DATE), 0 }, { "sample date", F (DATE), 0 }, { "date sampled", F (DATE), 0 },
  { "specimen date", F (DATE), 0 }, { "date of procedure", F (DATE), 0 }, { "procedure date", F (DATE), 0 },
  { "date authorised", F (DATE), 0 }, { "authorised", F (DATE), LABEL_WEAK }, { "date typed", F (DATE), 0 },
  { "typed", F (DATE), LABEL_WEAK }, { "date of admission", F (DATE), 0 }, { "admission date", F (DATE), 0 },
  { "admitted", F (DATE), LABEL_WEAK }, { "discharge date", F (DATE), 0 }, { "date of discharge", F (DATE), 0 },
  { "date of death", F (DATE), 0 }, { "appointment date", F (DATE), 0 }, { "clinic date", F (DATE), 0 },
  { "date of surgery", F (DATE), 0 }, { "operation date", F (DATE), 0 }, { "date seen", F (DATE), 0 },
  { "visit date", F (DATE), 0 }, { "verified", F (DATE), LABEL_WEAK }, { "date verified", F (DATE), 0 },
  { "printed", F (DATE), LABEL_WEAK }, { "date printed", F (DATE), 0 }, { "date of injury", F (DATE), 0 },
  { "dictated", F (DATE), LABEL_WEAK }, { "date dictated", F (DATE), 0 }, { "date of service", F (DATE), 0 },
  { "date/time", F (DATE), 0 }, { "date & time", F (DATE), 0 }, { "date and time", F (DATE), 0 },
  { "acquisition date", F (DATE), 0 }, { "referral date", F (DATE), 0 }, { "date of referral", F (DATE), 0 },
  { "date of letter", F (DATE), 0 }, { "letter date", F (DATE), 0 }, { "date issued", F (DATE), 0 },
  { "issued", F (DATE), LABEL_WEAK },
};
#undef F

static VeilPatternSet *label_set;
static GHashTable *label_index; /* normalised label → Label* */

static char *
normalise_label (const char *s, gsize len)
{
  GString *out = g_string_new (NULL);
  for (gsize i = 0; i < len; i++)
    {
      char c = g_ascii_tolower (s[i]);
      if (c == ' ' || c == '\t' || c == '_')
        {
          if (out->len && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, c);
    }
  /* "NHS No.:", "Forename(s):" */
  while (out->len && strchr (" :.#*", out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);
  if (g_str_has_suffix (out->str, "(s)"))
    g_string_truncate (out, out->len - 3);
  while (out->len && out->str[0] == ' ')
    g_string_erase (out, 0, 1);
  return g_string_free (out, FALSE);
}

static gpointer
build_labels (gpointer unused)
{
  label_set = veil_pattern_set_new ();
  label_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      veil_pattern_set_add (label_set, (const guint8 *) labels[i].label, strlen (labels[i].label),
                            VEIL_PATTERN_CASE_INSENSITIVE | VEIL_PATTERN_WORD_BOUNDED, i);
      g_hash_table_insert (label_index, g_strdup (labels[i].label), (gpointer) &labels[i]);
    }
  veil_pattern_set_compile (label_set);
  return NULL;
}

static void
ensure_labels (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, build_labels, NULL);
}

VeilTextField
veil_text_field_of_label (const char *label)
{
  ensure_labels ();
  g_autofree char *n = normalise_label (label, strlen (label));
  const Label *l = g_hash_table_lookup (label_index, n);
  return l ? l->field : VEIL_TEXT_FIELD_NONE;
}

typedef struct {
  gsize start, end; /* the label as written */
  guint id;
  gsize value_start;
  gboolean accepted;
  gboolean strong_sep;  /* ':', '|', tab, '=' or a dash after it */
  gboolean next_line;   /* alone on its line: the value is on the next */
} LabelHit;

static gboolean
collect_match (guint id, guint64 offset, gsize length, gpointer user_data)
{
  GArray *hits = user_data;
  LabelHit h = { (gsize) offset, (gsize) offset + length, id, 0, FALSE, FALSE, FALSE };
  g_array_append_val (hits, h);
  return TRUE;
}

static int
compare_hits (gconstpointer a, gconstpointer b)
{
  const LabelHit *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  /* Longest first. */
  return (int) (y->end - y->start) - (int) (x->end - x->start);
}

static gsize
line_start_of (const char *text, gsize i)
{
  while (i > 0 && text[i - 1] != '\n')
    i--;
  return i;
}

static gsize
line_end_of (const char *text, gsize len, gsize i)
{
  while (i < len && text[i] != '\n' && text[i] != '\r')
    i++;
  return i;
}

/* What comes after a label: a separator and the value, or the end of the line. */
static void
read_separator (const VeilTextDocument *doc, LabelHit *h)
{
  const char *t = doc->text;
  gsize len = doc->len;
  gsize p = h->end;

  if (p + 2 < len && strncmp (t + p, "(s)", 3) == 0)
    p += 3;
  if (p < len && t[p] == '.')
    p++;
  if (p < len && t[p] == '#')
    p++;
  gsize spaces_start = p;
  while (p < len && t[p] == ' ')
    p++;
  gsize spaces = p - spaces_start;

  if (p < len && (t[p] == ':' || t[p] == '=' || t[p] == '|' || t[p] == '\t' || t[p] == '.'
                  || (t[p] == '-' && (spaces > 0 || (p + 1 < len && t[p + 1] == ' ')))))
    {
      char sep = t[p];
      /* Dot leaders: "Name.......: John Smith". */
      while (p < len && (t[p] == sep || t[p] == '.' || t[p] == '_'))
        p++;
      if (p < len && t[p] == ':' && sep != ':')
        p++;
      if (p < len && t[p] == '-' && sep == ':')
        p++; /* ":-" */
      h->strong_sep = sep != '.' || p - h->end > 2;
      while (p < len && (t[p] == ' ' || t[p] == '\t'))
        p++;
    }
  else if (spaces >= 2 || (p < len && t[p] == '\t'))
    {
      while (p < len && (t[p] == ' ' || t[p] == '\t'))
        p++;
      h->strong_sep = TRUE;
    }
  if (p >= len || t[p] == '\n' || t[p] == '\r')
    {
      h->next_line = TRUE;
      h->value_start = p;
      return;
    }
  h->value_start = p;
}

/* The label starts a cell: at the start of the line, or after '|', a tab, two spaces, or
 * punctuation that ends the previous value. */
static gboolean
starts_cell (const VeilTextDocument *doc, gsize start, gboolean strong_sep, gboolean id_label)
{
  const char *t = doc->text;
  gsize ls = line_start_of (t, start);
  gsize p = start;
  while (p > ls && (t[p - 1] == ' ' || t[p - 1] == '\t' || t[p - 1] == '*' || t[p - 1] == '-'
                    || t[p - 1] == '>'))
    p--;
  if (p == ls)
    return TRUE;
  char c = t[p - 1];
  if (c == '|' || c == '(' || c == '[' || c == ',' || c == ';' || c == '/')
    return TRUE;
  if (start - p >= 2 || (start > 0 && t[start - 1] == '\t'))
    return TRUE;
  /* "Name: John Smith DOB: 03/04/1956": after one space, only with a colon of its own, or
   * for an identifier label whose value is checked ("RE: Ethel Moore DOB 01/09/1932"). */
  return (strong_sep || id_label) && (g_ascii_isalnum (c) || c == ')' || c == '.' || c == ',');
}

static gboolean
value_is_number_like (const VeilTextDocument *doc, gsize p)
{
  return p < doc->len && (g_ascii_isdigit (doc->text[p])
                          || (g_ascii_isupper (doc->text[p]) && p + 1 < doc->len
                              && (g_ascii_isdigit (doc->text[p + 1]) || g_ascii_isupper (doc->text[p + 1]))));
}

/* Capitalised words (up to four) from `p` to two spaces, a tab or the end of the line. */
static gboolean
value_before_gap (const VeilTextDocument *doc, gsize p)
{
  const char *t = doc->text;
  guint words = 0;
  gboolean in_word = FALSE;
  while (p < doc->len && t[p] != '\n' && t[p] != '\r' && t[p] != '\t')
    {
      if (t[p] == ' ' && p + 1 < doc->len && t[p + 1] == ' ')
        break;
      if (g_ascii_isalpha (t[p]) || (guchar) t[p] >= 0x80)
        {
          if (!in_word)
            {
              if (g_ascii_islower (t[p]) || ++words > 4)
                return FALSE;
              in_word = TRUE;
            }
        }
      else if (t[p] == ' ' || t[p] == '-' || t[p] == '\'')
        in_word = t[p] != ' ' && in_word;
      else
        return FALSE;
      p++;
    }
  return words > 0;
}

static void
accept_labels (VeilTextDocument *doc, GArray *hits)
{
  for (guint i = 0; i < hits->len; i++)
    {
      LabelHit *h = &g_array_index (hits, LabelHit, i);
      const Label *l = &labels[h->id];
      read_separator (doc, h);

      gboolean id_label = !(l->flags & LABEL_WEAK)
                          && (l->field == VEIL_TEXT_FIELD_DOB || l->field == VEIL_TEXT_FIELD_NHS_NUMBER
                              || l->field == VEIL_TEXT_FIELD_HOSPITAL_NUMBER
                              || l->field == VEIL_TEXT_FIELD_ACCESSION
                              || l->field == VEIL_TEXT_FIELD_PROFESSIONAL_ID);
      if (!starts_cell (doc, h->start, h->strong_sep, id_label))
        continue;
      if (h->next_line)
        {
          /* Alone on its line: a label only if nothing else is on the line before it. */
          gsize ls = line_start_of (doc->text, h->start);
          gboolean alone = TRUE;
          for (gsize p = ls; p < h->start && alone; p++)
            alone = strchr (" \t|*-", doc->text[p]) != NULL;
          if (!alone)
            continue;
          h->accepted = TRUE;
          continue;
        }
      if (h->strong_sep)
        {
          h->accepted = TRUE;
          continue;
        }
      /* One space after the label: only identifier labels, before something that looks like
       * their value ("NHS No 943 476 5919", "DOB 03/04/1956", "MRN K123456"). */
      if (l->flags & LABEL_WEAK)
        continue;
      switch (l->field)
        {
        case VEIL_TEXT_FIELD_NHS_NUMBER:
        case VEIL_TEXT_FIELD_HOSPITAL_NUMBER:
        case VEIL_TEXT_FIELD_ACCESSION:
        case VEIL_TEXT_FIELD_PROFESSIONAL_ID:
        case VEIL_TEXT_FIELD_PHONE:
          h->accepted = value_is_number_like (doc, h->value_start) || doc->text[h->value_start] == '+'
                        || doc->text[h->value_start] == '(';
          break;
        case VEIL_TEXT_FIELD_DOB:
          h->accepted = h->value_start < doc->len && g_ascii_isalnum (doc->text[h->value_start]);
          break;
        case VEIL_TEXT_FIELD_SURNAME:
        case VEIL_TEXT_FIELD_FORENAME:
        case VEIL_TEXT_FIELD_PATIENT_NAME:
          /* "Surname OYELOWO  Forenames Babajide Femi  D.O.B. …": a header line of
           * columns. The value is capitalised words up to a column gap or the end. */
          h->accepted = value_before_gap (doc, h->value_start);
          break;
        case VEIL_TEXT_FIELD_STAFF:
          /* "Reported by Dr A Smith": the name recognisers know these phrases. */
          h->accepted = FALSE;
          break;
        default:
          h->accepted = FALSE;
          break;
        }
    }
}

/* The first hit (sorted by start) that starts at or after `offset`. */
static guint
first_hit_after (GArray *hits, gsize offset)
{
  guint lo = 0, hi = hits->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (hits, LabelHit, mid).start < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
hit_starts_at (GArray *hits, gsize offset)
{
  guint i = first_hit_after (hits, offset);
  return i < hits->len && g_array_index (hits, LabelHit, i).start == offset;
}

/* Where the value of a label ends: the end of its cell. */
static gsize
value_end (const VeilTextDocument *doc, GArray *hits, gsize start)
{
  const char *t = doc->text;
  gsize le = line_end_of (t, doc->len, start);
  gsize e = le;

  for (gsize p = start; p < le; p++)
    {
      if (t[p] == '|' || t[p] == '\t')
        {
          e = p;
          break;
        }
      if (t[p] == ' ' && p + 2 < le && t[p + 1] == ' ' && t[p + 2] == ' ')
        {
          e = p;
          break;
        }
    }
  for (guint i = first_hit_after (hits, start); i < hits->len; i++)
    {
      const LabelHit *h = &g_array_index (hits, LabelHit, i);
      if (h->start >= e)
        break;
      if (h->accepted && h->start > start)
        {
          e = h->start;
          break;
        }
    }
  while (e > start && strchr (" \t,;", t[e - 1]))
    e--;
  return e;
}

static gboolean
placeholder (const char *s, gsize n)
{
  static const char *const empty[] = { "n/a", "na", "none", "nil", "unknown", "not known",
                                       "not given", "not stated", "-", "--", "?", "tbc", "x" };
  g_autofree char *lower = g_ascii_strdown (s, (gssize) n);
  g_strstrip (lower);
  for (guint i = 0; i < G_N_ELEMENTS (empty); i++)
    if (g_str_equal (lower, empty[i]))
      return TRUE;
  return *lower == '\0';
}

typedef struct {
  VeilTextDocument *doc;
  GArray *hits;
  char *reason;
  const Label *label;
} FieldContext;

static VeilTextCandidate *
add_field (FieldContext *fc, gsize start, gsize end, int kind)
{
  VeilTextCandidate *c = veil_text_document_add (fc->doc, start, end, kind, VEIL_TEXT_PRIORITY_FIELD,
                                                 fc->reason);
  c->flags |= VEIL_TEXT_CANDIDATE_FIELD;
  c->field = fc->label->field;
  return c;
}

/* Identifier values: "943 476 5919", "K123456", "RXA00012345, RXA00012346", "RXH 1234567". */
static void
handle_ids (FieldContext *fc, gsize start, gsize end, int kind)
{
  VeilTextDocument *doc = fc->doc;
  guint i = veil_text_document_token_at (doc, start);
  gboolean any = FALSE;

  while (i < doc->tokens->len && tok (doc, i)->start < end)
    {
      const VeilTextToken *t = tok (doc, i);
      /* After an identifier, the value goes on only through a list ("A1, A2", "A1 and A2"):
       * "(verified)", "KRH0091234) today", "…5214. Justified. Booked 2 April" have ended it. */
      if (any && t->type == VEIL_TEXT_TOKEN_WORD && !veil_text_document_token_is (doc, i, "AND"))
        break;
      if (t->type == VEIL_TEXT_TOKEN_PUNCT || (t->type == VEIL_TEXT_TOKEN_WORD && t->letter_case == VEIL_TEXT_CASE_LOWER))
        {
          if (any && t->type == VEIL_TEXT_TOKEN_PUNCT && !strchr (",/;&", doc->text[t->start]))
            break;
          i++;
          continue;
        }
      gsize s = t->start, e = t->end;
      gboolean digits = t->type != VEIL_TEXT_TOKEN_WORD;
      guint k = i + 1;
      while (k < doc->tokens->len && tok (doc, k)->start < end)
        {
          const VeilTextToken *n = tok (doc, k);
          gboolean glue = n->start == tok (doc, k - 1)->end
                          && (n->type != VEIL_TEXT_TOKEN_PUNCT
                              || (strchr ("/-_.", doc->text[n->start]) && k + 1 < doc->tokens->len
                                  && tok (doc, k + 1)->start == n->end
                                  && tok (doc, k + 1)->type != VEIL_TEXT_TOKEN_PUNCT));
          gboolean digit_group = n->type == VEIL_TEXT_TOKEN_NUMBER
                                 && tok (doc, k - 1)->type != VEIL_TEXT_TOKEN_PUNCT
                                 && n->start == tok (doc, k - 1)->end + 1 && doc->text[n->start - 1] == ' '
                                 && (tok (doc, k - 1)->type == VEIL_TEXT_TOKEN_NUMBER
                                     || (tok (doc, k - 1)->type == VEIL_TEXT_TOKEN_WORD
                                         && tok (doc, k - 1)->letter_case == VEIL_TEXT_CASE_UPPER
                                         && tok (doc, k - 1)->end - tok (doc, k - 1)->start <= 4));
          if (!glue && !digit_group)
            break;
          if (n->type != VEIL_TEXT_TOKEN_PUNCT)
            {
              e = n->end;
              digits |= n->type != VEIL_TEXT_TOKEN_WORD;
            }
          k++;
        }
      /* A word in capitals can be an identifier ("UNKNOWN1" aside, "ABCDEF"), but not under an
       * NHS label, which is a number, and not a word of the lists: "NHS TRUST" is a heading
       * whose "TRUST" would otherwise be learnt and replaced everywhere. */
      gboolean word_id = e - s >= 4 && t->letter_case == VEIL_TEXT_CASE_UPPER
                         && kind != VEIL_TEXT_KIND_NHS_NUMBER
                         && !(t->type == VEIL_TEXT_TOKEN_WORD && k == i + 1
                              && (t->lex & (VEIL_LEX_STOP | VEIL_LEX_INSTITUTION | VEIL_LEX_GENERIC_PLACE
                                            | VEIL_LEX_ROLE)));
      if (digits || word_id)
        {
          VeilTextCandidate *c = add_field (fc, s, e, kind);
          GString *v = g_string_new (NULL);
          for (gsize p = s; p < e; p++)
            if (doc->text[p] != ' ')
              g_string_append_c (v, doc->text[p]);
          c->value = g_string_free (v, FALSE);
          any = TRUE;
        }
      i = k;
    }
}

static gboolean
handle_name (FieldContext *fc, gsize start, gsize end, VeilTextHint hint, gboolean weak)
{
  VeilTextDocument *doc = fc->doc;
  guint i = veil_text_document_token_at (doc, start);
  guint limit = veil_text_document_token_at (doc, end);
  gboolean found = FALSE;

  /* "NOK: daughter Morven McPhail", "Mother: (Mrs) …": words before the name. */
  static const char *const leading[] = { "WIFE", "HUSBAND", "SON", "DAUGHTER", "MOTHER", "FATHER",
                                         "PARTNER", "BROTHER", "SISTER", "FRIEND", "CARER", "NIECE",
                                         "NEPHEW", "GRANDSON", "GRANDDAUGHTER", "AUNT", "UNCLE",
                                         "NEIGHBOUR", "GUARDIAN", "MUM", "DAD", "HER", "HIS", "THE" };
  for (guint skipped = 0; i < limit && skipped < 2; skipped++)
    {
      gboolean lead = FALSE;
      for (guint w = 0; w < G_N_ELEMENTS (leading) && !lead; w++)
        lead = veil_text_document_token_is (doc, i, leading[w]);
      if (!lead)
        break;
      i++;
      while (i < limit && veil_text_document_token_is_char (doc, i, ','))
        i++;
    }

  while (i < limit)
    {
      VeilTextName name;
      guint title;
      guint next = veil_text_parse_name (doc, i, limit, VEIL_TEXT_NAME_MODE_FIELD, &name, &title);
      if (next == i)
        break;
      gboolean whole_cell = next >= limit
                            || (next < limit && tok (doc, next)->type == VEIL_TEXT_TOKEN_PUNCT
                                && strchr ("(,;/-", doc->text[tok (doc, next)->start]));
      if (!whole_cell && next < limit)
        whole_cell = hit_starts_at (fc->hits, tok (doc, next)->start);
      /* "CNS: Mwajuma Kiprotich." - a full stop that ends the line ends the cell. */
      if (!whole_cell && next < limit && veil_text_document_token_is_char (doc, next, '.')
          && (next + 1 >= limit || tok (doc, next + 1)->line != tok (doc, next)->line))
        whole_cell = TRUE;
      gboolean capitals = TRUE, lexicon = FALSE;
      for (guint k = 0; k < name.n_parts; k++)
        {
          guint ti = veil_text_document_token_at (doc, name.parts[k].start);
          const VeilTextToken *t = tok (doc, ti);
          capitals &= t->letter_case == VEIL_TEXT_CASE_TITLE || t->letter_case == VEIL_TEXT_CASE_UPPER;
          lexicon |= (t->lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)) != 0;
          if ((t->lex & VEIL_LEX_STOP) && !(t->lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)))
            capitals = lexicon = FALSE, k = name.n_parts;
        }
      /* An ordinary label word ("Patient:", "Name:") needs a value that is clearly a name. */
      if (weak && !(whole_cell && (capitals || lexicon) && (lexicon || title != G_MAXUINT || name.n_parts >= 2)))
        break;
      if (!weak && !(capitals || lexicon))
        break;
      if (hint != VEIL_TEXT_HINT_PATIENT && title != G_MAXUINT)
        hint = (tok (doc, title)->lex & VEIL_LEX_TITLE_STAFF) ? VEIL_TEXT_HINT_STAFF : VEIL_TEXT_HINT_ANY;
      name.hint = hint;
      VeilTextCandidate *c = veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_FIELD, fc->reason);
      c->flags |= VEIL_TEXT_CANDIDATE_FIELD;
      c->field = fc->label->field;
      found = TRUE;
      /* More names in one cell: "Dr A Smith / Dr B Jones", "Dr A Smith; Dr B Jones",
       * "Mr C Nolan, Dr D Quinn". Anything else after a name (", Urology", "(ENT)",
       * ", Consultant Radiologist") is not a name: skip to the next separator. */
      i = next;
      while (i < limit)
        {
          const VeilTextToken *t = tok (doc, i);
          gboolean sep = (t->type == VEIL_TEXT_TOKEN_PUNCT && strchr (";/&", doc->text[t->start]))
                         || veil_text_document_token_is (doc, i, "AND");
          gboolean comma_title = t->type == VEIL_TEXT_TOKEN_PUNCT && doc->text[t->start] == ','
                                 && i + 1 < limit
                                 && (tok (doc, i + 1)->lex & (VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF));
          i++;
          if (sep || comma_title)
            break;
        }
      while (i < limit && tok (doc, i)->type == VEIL_TEXT_TOKEN_PUNCT)
        i++;
      if (i >= limit)
        break;
      /* A further name must look like one: a title, or a name the lexicon knows. */
      weak = TRUE;
    }
  return found;
}

static void
handle_value (FieldContext *fc, gsize start, gsize end)
{
  VeilTextDocument *doc = fc->doc;
  gboolean weak = (fc->label->flags & LABEL_WEAK) != 0;

  if (end <= start || placeholder (doc->text + start, end - start))
    return;
  {
    g_autofree char *as_label = normalise_label (doc->text + start, end - start);
    if (g_hash_table_contains (label_index, as_label))
      return; /* "| Patient Name | DOB |": a header row, not a value */
  }

  switch (fc->label->field)
    {
    case VEIL_TEXT_FIELD_PATIENT_NAME:
    case VEIL_TEXT_FIELD_SURNAME:
    case VEIL_TEXT_FIELD_FORENAME:
      {
        if (fc->label->field == VEIL_TEXT_FIELD_PATIENT_NAME)
          {
            handle_name (fc, start, end, VEIL_TEXT_HINT_PATIENT, weak);
            break;
          }
        /* A surname or forename field: one part of the patient's name. */
        guint i = veil_text_document_token_at (doc, start);
        guint limit = veil_text_document_token_at (doc, end);
        VeilTextName name = { 0 };
        name.known = -1;
        name.hint = VEIL_TEXT_HINT_PATIENT;
        for (; i < limit && name.n_parts < VEIL_TEXT_NAME_MAX_PARTS; i++)
          {
            const VeilTextToken *t = tok (doc, i);
            if (t->type != VEIL_TEXT_TOKEN_WORD)
              {
                if (t->type == VEIL_TEXT_TOKEN_PUNCT && strchr ("-'", doc->text[t->start]))
                  continue;
                break;
              }
            VeilTextNamePart *p = &name.parts[name.n_parts++];
            p->start = t->start;
            p->end = t->end;
            p->role = fc->label->field == VEIL_TEXT_FIELD_SURNAME ? VEIL_TEXT_NAME_FAMILY
                      : name.n_parts == 1                        ? VEIL_TEXT_NAME_GIVEN
                                                                 : VEIL_TEXT_NAME_MIDDLE;
          }
        if (name.n_parts > 0)
          {
            VeilTextCandidate *c = veil_text_add_name (doc, &name, VEIL_TEXT_PRIORITY_FIELD, fc->reason);
            c->flags |= VEIL_TEXT_CANDIDATE_FIELD;
            c->field = fc->label->field;
          }
        break;
      }
    case VEIL_TEXT_FIELD_STAFF:
      handle_name (fc, start, end, VEIL_TEXT_HINT_STAFF, weak);
      break;
    case VEIL_TEXT_FIELD_RELATIVE:
      handle_name (fc, start, end, VEIL_TEXT_HINT_ANY, weak);
      break;
    case VEIL_TEXT_FIELD_DOB:
    case VEIL_TEXT_FIELD_DATE:
      {
        VeilTextDate date;
        gsize date_end;
        gsize p = start;
        while (p < end && (doc->text[p] == '(' || doc->text[p] == ' '))
          p++;
        if (veil_text_parse_date (doc->text, doc->len, p, &date, &date_end) && date_end <= end + 12)
          {
            VeilTextCandidate *c = add_field (fc, p, date_end, VEIL_TEXT_KIND_DATE);
            c->date = date;
            if (fc->label->field == VEIL_TEXT_FIELD_DOB)
              c->flags |= VEIL_TEXT_CANDIDATE_DOB;
          }
        else if (fc->label->field == VEIL_TEXT_FIELD_DOB)
          {
            /* An unusual form under "DOB" ("1956", "3rd of the 4th 56"): still a date of
             * birth. Up to the first bracket ("(67 yrs)" stays). */
            gsize e = p;
            while (e < end && doc->text[e] != '(')
              e++;
            while (e > p && doc->text[e - 1] == ' ')
              e--;
            gboolean digits = FALSE;
            for (gsize k = p; k < e; k++)
              digits |= g_ascii_isdigit (doc->text[k]) != 0;
            if (digits)
              {
                VeilTextCandidate *c = add_field (fc, p, e, VEIL_TEXT_KIND_DATE);
                c->flags |= VEIL_TEXT_CANDIDATE_DOB;
              }
          }
        else if (!weak || fc->label->field == VEIL_TEXT_FIELD_DATE)
          {
            /* "Authorised: Dr A Smith 12/03/2024": a name where a date was expected. */
            guint i = veil_text_document_token_at (doc, p);
            if (i < doc->tokens->len && (tok (doc, i)->lex & (VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF)))
              handle_name (fc, p, end, VEIL_TEXT_HINT_STAFF, FALSE);
          }
        break;
      }
    case VEIL_TEXT_FIELD_NHS_NUMBER:
      handle_ids (fc, start, end, VEIL_TEXT_KIND_NHS_NUMBER);
      break;
    case VEIL_TEXT_FIELD_HOSPITAL_NUMBER:
      handle_ids (fc, start, end, VEIL_TEXT_KIND_HOSPITAL_NUMBER);
      break;
    case VEIL_TEXT_FIELD_ACCESSION:
      handle_ids (fc, start, end, VEIL_TEXT_KIND_ACCESSION);
      break;
    case VEIL_TEXT_FIELD_PROFESSIONAL_ID:
      handle_ids (fc, start, end, VEIL_TEXT_KIND_PROFESSIONAL_ID);
      break;
    case VEIL_TEXT_FIELD_PHONE:
      {
        /* The digits and their punctuation: "0113 496 0000 ext 1234", "+44 (0)1632 960123". */
        gsize s = start, e = start, p = start;
        guint digits = 0;
        while (p < end)
          {
            char c = doc->text[p];
            if (g_ascii_isdigit (c))
              {
                digits++;
                e = p + 1;
              }
            else if (!strchr (" +()-.", c) && !(g_ascii_isalpha (c) && digits > 0 && p + 3 < end
                                                && g_ascii_strncasecmp (doc->text + p, "ext", 3) == 0))
              {
                if (g_ascii_isalpha (c) && digits > 0)
                  {
                    /* "ext", "extn", "x" */
                    gsize q = p;
                    while (q < end && g_ascii_isalpha (doc->text[q]))
                      q++;
                    if (q - p <= 4 && (doc->text[p] == 'x' || doc->text[p] == 'X' || doc->text[p] == 'e' || doc->text[p] == 'E'))
                      {
                        p = q;
                        continue;
                      }
                  }
                if (digits > 0)
                  break;
                s = p + 1;
              }
            else if (digits == 0 && c != '+' && c != '(')
              s = p + 1;
            p++;
          }
        if (digits >= 3 && e > s)
          add_field (fc, s, e, VEIL_TEXT_KIND_PHONE);
        break;
      }
    case VEIL_TEXT_FIELD_EMAIL:
      {
        gsize s = start, e = start;
        while (e < end && !g_ascii_isspace (doc->text[e]))
          e++;
        if (memchr (doc->text + s, '@', e - s))
          {
            VeilTextCandidate *c = add_field (fc, s, e, VEIL_TEXT_KIND_EMAIL);
            c->value = g_ascii_strdown (doc->text + s, (gssize) (e - s));
          }
        break;
      }
    case VEIL_TEXT_FIELD_POSTCODE:
      {
        gsize n = veil_text_match_postcode (doc->text, end, start, TRUE);
        VeilTextCandidate *c = add_field (fc, start, n ? start + n : end, VEIL_TEXT_KIND_POSTCODE);
        GString *v = g_string_new (NULL);
        for (gsize p = c->start; p < c->end; p++)
          if (doc->text[p] != ' ')
            g_string_append_c (v, g_ascii_toupper (doc->text[p]));
        c->value = g_string_free (v, FALSE);
        break;
      }
    case VEIL_TEXT_FIELD_ADDRESS:
      veil_text_add_address_span (doc, start, end, VEIL_TEXT_PRIORITY_FIELD, fc->reason);
      break;
    case VEIL_TEXT_FIELD_INSTITUTION:
      {
        /* A weak label ("Site:", "Source:") needs a capitalised value. */
        guint i = veil_text_document_token_at (doc, start);
        if (i >= doc->tokens->len)
          break;
        const VeilTextToken *t = tok (doc, i);
        if (weak && t->letter_case != VEIL_TEXT_CASE_TITLE && t->letter_case != VEIL_TEXT_CASE_UPPER
            && t->type != VEIL_TEXT_TOKEN_NUMBER && t->type != VEIL_TEXT_TOKEN_ALNUM)
          break;
        /* Generic values identify nothing: "Site: Left breast", "Clinic: Breast"; under an
         * ordinary word the value must read as a name ("Site: Upper back" does not). */
        gboolean identifying = FALSE, proper = TRUE;
        guint limit = veil_text_document_token_at (doc, end);
        for (guint k = i; k < limit; k++)
          {
            const VeilTextToken *w = tok (doc, k);
            if (w->type == VEIL_TEXT_TOKEN_WORD && w->letter_case == VEIL_TEXT_CASE_LOWER
                && !veil_text_document_token_is (doc, k, "OF") && !veil_text_document_token_is (doc, k, "AND")
                && !veil_text_document_token_is (doc, k, "THE"))
              proper = FALSE;
            identifying |= (w->type == VEIL_TEXT_TOKEN_WORD && w->letter_case != VEIL_TEXT_CASE_LOWER
                            && !(w->lex & (VEIL_LEX_GENERIC_PLACE | VEIL_LEX_INSTITUTION | VEIL_LEX_STOP)))
                           || w->type == VEIL_TEXT_TOKEN_NUMBER || w->type == VEIL_TEXT_TOKEN_ALNUM;
          }
        if (!identifying || (weak && !proper))
          break;
        /* "The Elms Surgery, Moortown": the name, then where it is. */
        gsize name_end = start;
        while (name_end < end && doc->text[name_end] != ',')
          name_end++;
        gsize name_start = start;
        if (name_end - name_start > 4 && g_ascii_strncasecmp (doc->text + name_start, "the ", 4) == 0)
          name_start += 4;
        VeilTextCandidate *c = add_field (fc, name_start, name_end, VEIL_TEXT_KIND_INSTITUTION);
        c->value = veil_text_fold (doc->text + name_start, name_end - name_start);
        if (name_end < end)
          veil_text_add_address_span (doc, name_end + 1, end, VEIL_TEXT_PRIORITY_FIELD, fc->reason);
        break;
      }
    default:
      break;
    }
}

/* The next line with text after `pos`, within two lines: [start, end) of its first cell. */
static gboolean
next_line_value (const VeilTextDocument *doc, gsize pos, gsize *out_start, gsize *out_end)
{
  const char *t = doc->text;
  gsize p = pos;
  for (int lines = 0; lines < 2 && p < doc->len; lines++)
    {
      while (p < doc->len && t[p] != '\n')
        p++;
      if (p >= doc->len)
        return FALSE;
      p++;
      gsize s = p;
      while (s < doc->len && (t[s] == ' ' || t[s] == '\t' || t[s] == '|'))
        s++;
      gsize e = line_end_of (t, doc->len, s);
      if (e > s)
        {
          gsize c = s;
          while (c < e && t[c] != '|' && t[c] != '\t' && !(t[c] == ' ' && c + 2 < e && t[c + 1] == ' ' && t[c + 2] == ' '))
            c++;
          while (c > s && t[c - 1] == ' ')
            c--;
          *out_start = s;
          *out_end = c;
          return TRUE;
        }
      p = e;
    }
  return FALSE;
}

/* More lines of an address under its label: up to a postcode, a blank line or a label. */
static void
address_continuation (FieldContext *fc, gsize after, GArray *hits)
{
  VeilTextDocument *doc = fc->doc;
  const char *t = doc->text;
  gsize p = after;

  for (int lines = 0; lines < 5; lines++)
    {
      while (p < doc->len && t[p] != '\n')
        p++;
      if (p >= doc->len)
        return;
      p++;
      gsize s = p, e = line_end_of (t, doc->len, p);
      while (s < e && (t[s] == ' ' || t[s] == '\t'))
        s++;
      if (e <= s || e - s > 80)
        return;
      /* A line that starts with another label ends the address. */
      for (guint i = first_hit_after (hits, s); i < hits->len; i++)
        {
          const LabelHit *h = &g_array_index (hits, LabelHit, i);
          if (h->start >= e)
            break;
          if (h->accepted)
            return;
        }
      /* Another field ("Clinical question: …") or the report itself is not the address. */
      if (memchr (t + s, ':', e - s) != NULL || !veil_text_is_address_like (doc, s, e) || e - s > 60)
        return;
      /* A two-column layout: the address is the first column. */
      for (gsize c = s; c + 2 < e; c++)
        if (t[c] == '\t' || t[c] == '|' || (t[c] == ' ' && t[c + 1] == ' ' && t[c + 2] == ' '))
          {
            e = c;
            break;
          }
      while (e > s && t[e - 1] == ' ')
        e--;
      veil_text_add_address_span (doc, s, e, VEIL_TEXT_PRIORITY_FIELD, fc->reason);
      gboolean postcode = FALSE;
      for (gsize c = s; c < e && !postcode; c++)
        postcode = veil_text_match_postcode (t, e, c, TRUE) > 0;
      if (postcode)
        return;
      p = e;
    }
}

typedef enum { SPLIT_PIPES, SPLIT_TABS, SPLIT_SPACES } SplitMode;

/* The cells of [start, end): between pipes ("| a | b |": no empty first or last cell), tabs,
 * or runs of two spaces or more; trimmed. */
static GArray *
split_cells (const char *t, gsize start, gsize end, SplitMode mode)
{
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (VeilTextSpan));
  gsize s = start;

  if (mode == SPLIT_PIPES)
    {
      while (s < end && (t[s] == ' ' || t[s] == '\t'))
        s++;
      if (s < end && t[s] == '|')
        s++;
    }
  for (gsize p = s; p <= end; p++)
    {
      gboolean boundary;
      gsize next = p + 1;
      if (p == end)
        boundary = TRUE;
      else if (mode == SPLIT_PIPES)
        boundary = t[p] == '|';
      else if (mode == SPLIT_TABS)
        boundary = t[p] == '\t';
      else
        {
          boundary = t[p] == ' ' && p + 1 < end && t[p + 1] == ' ';
          while (boundary && next < end && t[next] == ' ')
            next++;
        }
      if (!boundary)
        continue;
      gsize a = s, b = p;
      while (a < b && (t[a] == ' ' || t[a] == '\t'))
        a++;
      while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t'))
        b--;
      gboolean trailing = p == end && a == b;
      if (!trailing)
        {
          VeilTextSpan cell = { (guint32) a, (guint32) b };
          g_array_append_val (cells, cell);
        }
      s = next;
      p = next - 1;
    }
  return cells;
}

/* A header row of labels over rows of values:
 *   Name        | DOB        | NHS No
 *   John Smith  | 03/04/1956 | 943 476 5919 */
static void
find_tables (VeilTextDocument *doc, GArray *hits)
{
  const char *t = doc->text;

  for (guint l = 0; l + 1 < doc->lines->len; l++)
    {
      const VeilTextLine *ln = veil_text_document_line (doc, l);
      if (ln->n_tokens < 2)
        continue;
      SplitMode mode = memchr (t + ln->start, '|', ln->end - ln->start) ? SPLIT_PIPES
                       : memchr (t + ln->start, '\t', ln->end - ln->start) ? SPLIT_TABS
                                                                        : SPLIT_SPACES;
      g_autoptr (GArray) cells = split_cells (t, ln->start, ln->end, mode);
      if (cells->len < 2 || cells->len > 32)
        continue;

      /* Every non-empty cell a label, and at least two of them. */
      const Label *col[32] = { 0 };
      guint n_labels = 0;
      gboolean all = TRUE;
      for (guint c = 0; c < cells->len && all; c++)
        {
          VeilTextSpan *cell = &g_array_index (cells, VeilTextSpan, c);
          if (cell->end == cell->start)
            continue;
          g_autofree char *n = normalise_label (t + cell->start, cell->end - cell->start);
          col[c] = g_hash_table_lookup (label_index, n);
          if (col[c] == NULL)
            all = FALSE;
          else
            n_labels++;
        }
      if (!all || n_labels < 2)
        continue;

      /* The rows below, cell by cell, until a blank line. */
      for (guint r = l + 1; r < doc->lines->len && r <= l + 20; r++)
        {
          const VeilTextLine *row = veil_text_document_line (doc, r);
          if (row->n_tokens == 0)
            break;
          gboolean rule = TRUE;
          for (gsize p = row->start; p < row->end && rule; p++)
            rule = strchr ("-=+|: \t", t[p]) != NULL;
          if (rule)
            continue;
          g_autoptr (GArray) values = split_cells (t, row->start, row->end, mode);
          for (guint c = 0; c < values->len && c < cells->len; c++)
            {
              VeilTextSpan *v = &g_array_index (values, VeilTextSpan, c);
              if (col[c] == NULL || v->end == v->start)
                continue;
              VeilTextSpan *hc = &g_array_index (cells, VeilTextSpan, c);
              Label strong = *col[c];
              strong.flags &= ~LABEL_WEAK;
              FieldContext fc = { doc, hits, NULL, &strong };
              fc.reason = g_strdup_printf ("label \"%.*s\" (table)", (int) (hc->end - hc->start),
                                           t + hc->start);
              handle_value (&fc, v->start, v->end);
              g_free (fc.reason);
            }
        }
    }
}

void
veil_text_find_fields (VeilTextDocument *doc)
{
  ensure_labels ();

  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (LabelHit));
  VeilPatternScanner *scanner = veil_pattern_scanner_new (label_set, collect_match, all);
  veil_pattern_scanner_feed (scanner, (const guint8 *) doc->text, doc->len);
  veil_pattern_scanner_finish (scanner);
  veil_pattern_scanner_free (scanner);
  g_array_sort (all, compare_hits);

  /* The longest label at each place, and none inside another. */
  g_autoptr (GArray) hits = g_array_new (FALSE, FALSE, sizeof (LabelHit));
  gsize covered = 0;
  for (guint i = 0; i < all->len; i++)
    {
      LabelHit *h = &g_array_index (all, LabelHit, i);
      if (h->start < covered)
        continue;
      g_array_append_val (hits, *h);
      covered = h->end;
    }
  accept_labels (doc, hits);

  for (guint i = 0; i < hits->len; i++)
    {
      LabelHit *h = &g_array_index (hits, LabelHit, i);
      if (!h->accepted)
        continue;
      FieldContext fc = { doc, hits, NULL, &labels[h->id] };
      fc.reason = g_strdup_printf ("label \"%.*s\"", (int) (h->end - h->start), doc->text + h->start);
      gsize start = h->value_start, end;
      if (h->next_line)
        {
          if (next_line_value (doc, h->end, &start, &end))
            {
              /* The next line must not be a label itself. */
              gboolean label_line = hit_starts_at (hits, start);
              if (!label_line)
                handle_value (&fc, start, end);
              if (fc.label->field == VEIL_TEXT_FIELD_ADDRESS && !label_line)
                address_continuation (&fc, start, hits);
            }
        }
      else
        {
          end = value_end (doc, hits, start);
          handle_value (&fc, start, end);
          /* An address goes on to the next lines unless its postcode already ended it. */
          gboolean postcode = FALSE;
          for (gsize c = start; c < end && !postcode; c++)
            postcode = veil_text_match_postcode (doc->text, end, c, TRUE) > 0;
          if (fc.label->field == VEIL_TEXT_FIELD_ADDRESS && !postcode)
            address_continuation (&fc, start, hits);
        }
      g_free (fc.reason);
    }

  find_tables (doc, hits);
}
