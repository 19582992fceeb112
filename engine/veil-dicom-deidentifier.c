/* veil-dicom-deidentifier.c: the E.1-1 walk (see veil-dicom-deidentifier.h).
 *
 * Recursion here is bounded: every file was prescanned with a nesting limit before DCMTK
 * parsed it (veil-dicom-prescan.h).
 */

#include "config.h"

#include "veil-dicom-deidentifier.h"

#include "veil-datetime.h"
#include "veil-dicom-overrides.h"
#include "veil-identities.h"
#include "veil-text-deidentifier.h"

#include <gio/gio.h>
#include <string.h>

struct _VeilDicomDeidentifier
{
  VeilMappingStore *store;
  VeilOptions options;
  const VeilTextScrubber *scrubber;
  VeilTextDeidentifier *text;

  /* Free text cleaned so far: "P|S" patient-key \x1f text → cleaned. Descriptions and
   * comments repeat on every instance of a series, and the text engine is the costliest step
   * of an instance's header; its answer depends only on the text, the patient and the case's
   * known values, which do not change in the deidentifier's life. */
  GMutex memo_lock;
  GHashTable *memo;
  const VeilDicomOverrides *overrides; /* a reviewer's decisions, or NULL */
};

#define MEMO_MAX_ENTRIES 65536
#define MEMO_MAX_TEXT 4096

typedef enum {
  PSEUDO_NONE,
  PSEUDO_PATIENT_NAME,
  PSEUDO_PERSON_NAME,
  PSEUDO_PATIENT_ID,
  PSEUDO_ACCESSION,
  PSEUDO_OTHER_ID,
  PSEUDO_BIRTH_DATE,
} PseudoKind;

typedef struct {
  VeilDicomDeidentifier *self;
  const VeilDicomSubject *subject;
  GPtrArray *changes;
  GString *path;
  GError *error;
  guint dummy_depth; /* > 0 inside a code or identifier sequence being replaced by dummies */
} Walk;

static void process_item (Walk *walk, VeilDcmItem *item, guint depth);

void
veil_dicom_change_free (VeilDicomChange *change)
{
  if (change == NULL)
    return;
  g_free (change->path);
  g_free (change->keyword);
  g_free (change->original);
  g_free (change->replacement);
  g_free (change);
}

VeilDicomDeidentifier *
veil_dicom_deidentifier_new (VeilMappingStore *store, VeilOptions options,
                             const VeilTextScrubber *scrubber)
{
  VeilDicomDeidentifier *self = g_new0 (VeilDicomDeidentifier, 1);
  self->store = g_object_ref (store);
  self->options = options;
  self->scrubber = scrubber;
  g_mutex_init (&self->memo_lock);
  self->memo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
veil_dicom_deidentifier_free (VeilDicomDeidentifier *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->store);
  g_hash_table_unref (self->memo);
  g_mutex_clear (&self->memo_lock);
  g_free (self);
}

void
veil_dicom_deidentifier_set_text_engine (VeilDicomDeidentifier *self, VeilTextDeidentifier *text)
{
  self->text = text;
  veil_dicom_deidentifier_forget_text (self);
}

void
veil_dicom_deidentifier_forget_text (VeilDicomDeidentifier *self)
{
  g_mutex_lock (&self->memo_lock);
  g_hash_table_remove_all (self->memo);
  g_mutex_unlock (&self->memo_lock);
}

void
veil_dicom_deidentifier_set_overrides (VeilDicomDeidentifier *self,
                                       const VeilDicomOverrides *overrides)
{
  self->overrides = overrides;
}

/* Free text: the known values first (exact, every written form), then the text engine for
 * what is found by form or context. */
/* Attributes that hold prose a person wrote (descriptions, comments, histories, report
 * text): the ones the report-text engine reads. Technical text elsewhere ("Lossless JPEG
 * compression, selection value 1") is only cleaned of the values the case knows: the
 * engine's context rules would take its capitalised words for names. */
static gboolean
is_prose (guint32 tag)
{
  static const guint32 prose[] = {
    VEIL_TAG (0x0008, 0x1030), /* StudyDescription */
    VEIL_TAG (0x0008, 0x103E), /* SeriesDescription */
    VEIL_TAG (0x0018, 0x1030), /* ProtocolName */
    VEIL_TAG (0x0020, 0x4000), /* ImageComments */
    VEIL_TAG (0x0010, 0x21B0), /* AdditionalPatientHistory */
    VEIL_TAG (0x0010, 0x4000), /* PatientComments */
    VEIL_TAG (0x0032, 0x1030), /* ReasonForStudy */
    VEIL_TAG (0x0032, 0x4000), /* StudyComments */
    VEIL_TAG (0x0040, 0x1002), /* ReasonForTheRequestedProcedure */
    VEIL_TAG (0x0040, 0x1400), /* RequestedProcedureComments */
    VEIL_TAG (0x0040, 0x2400), /* ImagingServiceRequestComments */
    VEIL_TAG (0x0040, 0x0280), /* CommentsOnThePerformedProcedureStep */
    VEIL_TAG (0x0040, 0xA160), /* TextValue (SR) */
    VEIL_TAG (0x4008, 0x010B), /* InterpretationText */
    VEIL_TAG (0x0042, 0x0010), /* DocumentTitle */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (prose); i++)
    if (prose[i] == tag)
      return TRUE;
  return FALSE;
}

static char *
clean_text_uncached (Walk *walk, guint32 tag, const char *text)
{
  g_autofree char *scrubbed = walk->self->scrubber
                                  ? veil_text_scrubber_apply (walk->self->scrubber, text, NULL)
                                  : g_strdup (text);
  if (walk->self->text == NULL || !is_prose (tag))
    return g_steal_pointer (&scrubbed);
  return veil_text_deidentifier_deidentify (walk->self->text, scrubbed, strlen (scrubbed),
                                            walk->subject->patient_key, NULL);
}

static char *
clean_text (Walk *walk, guint32 tag, const char *text)
{
  VeilDicomDeidentifier *self = walk->self;
  if (strlen (text) > MEMO_MAX_TEXT)
    return clean_text_uncached (walk, tag, text);

  const char *patient = walk->subject->patient_key ? walk->subject->patient_key : "";
  g_autofree char *key = g_strconcat (is_prose (tag) ? "P" : "S", patient, "\x1f", text, NULL);
  g_mutex_lock (&self->memo_lock);
  const char *known = g_hash_table_lookup (self->memo, key);
  char *cleaned = known ? g_strdup (known) : NULL;
  g_mutex_unlock (&self->memo_lock);
  if (cleaned != NULL)
    return cleaned;

  cleaned = clean_text_uncached (walk, tag, text);
  g_mutex_lock (&self->memo_lock);
  if (g_hash_table_size (self->memo) < MEMO_MAX_ENTRIES)
    g_hash_table_replace (self->memo, g_steal_pointer (&key), g_strdup (cleaned));
  g_mutex_unlock (&self->memo_lock);
  return cleaned;
}

VeilOptions
veil_dicom_deidentifier_get_options (VeilDicomDeidentifier *self)
{
  return self->options;
}

static gboolean
has_option (Walk *walk, VeilOptions option)
{
  return (walk->self->options & option) != 0;
}

/* The attribute's path as the change list and a reviewer's overrides name it. */
static char *
change_path (Walk *walk, const VeilDcmElementInfo *info, const char *keyword)
{
  if (*keyword)
    return g_strdup_printf ("%s%s", walk->path->str, keyword);
  return g_strdup_printf ("%s(%04X,%04X)", walk->path->str, info->group, info->element);
}

static void
record (Walk *walk, const VeilDcmElementInfo *info, const char *creator, const char *action,
        const char *original, const char *replacement)
{
  if (walk->changes == NULL)
    return;

  VeilDicomChange *change = g_new0 (VeilDicomChange, 1);
  g_autofree char *keyword = veil_dcm_tag_get_keyword (info->group, info->element, creator);
  change->tag = VEIL_TAG (info->group, info->element);
  g_strlcpy (change->vr, info->vr, sizeof change->vr);
  g_strlcpy (change->action, action, sizeof change->action);
  change->path = change_path (walk, info, keyword);
  change->keyword = g_steal_pointer (&keyword);
  change->original = g_strdup (original);
  change->replacement = g_strdup (replacement);
  g_ptr_array_add (walk->changes, change);
}

static char *
get_value (VeilDcmItem *item, const VeilDcmElementInfo *info)
{
  if (!info->is_string || info->is_sequence)
    return NULL;
  return veil_dcm_item_get_string (item, info->group, info->element);
}

static void
set_value (Walk *walk, VeilDcmItem *item, const VeilDcmElementInfo *info, const char *value)
{
  GError *error = NULL;
  if (!veil_dcm_item_set_string (item, info->group, info->element, NULL, value, &error))
    {
      /* A value we could not write is removed instead: failing closed, never open. */
      veil_dcm_item_delete (item, info->group, info->element);
      if (walk->error == NULL)
        walk->error = error;
      else
        g_error_free (error);
    }
}

/* Applies `map` to each backslash-separated value. */
typedef char *(*ValueMap) (Walk *walk, const char *value);

static char *
map_values (Walk *walk, const char *value, ValueMap map)
{
  /* Nearly every value is single: it needs no split and join (an empty one maps to ""). */
  if (strchr (value, '\\') == NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (value));
      return *trimmed ? map (walk, trimmed) : g_strdup ("");
    }

  g_auto (GStrv) values = g_strsplit (value, "\\", -1);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (values[i]));
      char *mapped = *trimmed ? map (walk, trimmed) : g_strdup ("");
      g_free (values[i]);
      values[i] = mapped;
    }
  return g_strjoinv ("\\", values);
}

static char *
map_uid (Walk *walk, const char *uid)
{
  return veil_identities_uid (walk->self->store, uid);
}

static char *
map_patient_name (Walk *walk, const char *name)
{
  return veil_identities_patient_name (walk->self->store, walk->subject->patient_key, name);
}

static char *
map_person_name (Walk *walk, const char *name)
{
  return veil_identities_person_name (walk->self->store, name);
}

static char *
map_patient_id (Walk *walk, const char *id)
{
  return veil_identities_patient_id (walk->self->store, walk->subject->patient_key, id);
}

static char *
map_accession (Walk *walk, const char *accession)
{
  return veil_identities_accession (walk->self->store, accession, walk->subject->patient_key);
}

static char *
map_other_id (Walk *walk, const char *id)
{
  return veil_identities_other_id (walk->self->store, id, walk->subject->patient_key);
}

static char *
map_shift_da (Walk *walk, const char *da)
{
  char *shifted = veil_identities_shift_da (walk->self->store, walk->subject->patient_key, da);
  return shifted ? shifted : g_strdup ("");
}

static char *
map_shift_dt (Walk *walk, const char *dt)
{
  char *shifted = veil_identities_shift_dt (walk->self->store, walk->subject->patient_key, dt);
  return shifted ? shifted : g_strdup ("");
}

static PseudoKind
classify (const VeilDcmElementInfo *info, guint depth)
{
  guint32 tag = VEIL_TAG (info->group, info->element);

  if (g_str_equal (info->vr, "PN"))
    {
      if (tag == VEIL_TAG (0x0010, 0x0010) || tag == VEIL_TAG (0x0010, 0x1001)
          || tag == VEIL_TAG (0x0010, 0x1005))
        return PSEUDO_PATIENT_NAME;
      return PSEUDO_PERSON_NAME;
    }
  if (tag == VEIL_TAG (0x0010, 0x0020) || tag == VEIL_TAG (0x0010, 0x1000))
    return PSEUDO_PATIENT_ID;
  if (tag == VEIL_TAG (0x0008, 0x0050))
    return PSEUDO_ACCESSION;
  if (tag == VEIL_TAG (0x0010, 0x0030))
    return PSEUDO_BIRTH_DATE;
  if (veil_dicom_tag_is_other_id (tag))
    return PSEUDO_OTHER_ID;
  return PSEUDO_NONE;
}

static char *
pseudonymise (Walk *walk, PseudoKind kind, const char *value)
{
  switch (kind)
    {
    case PSEUDO_PATIENT_NAME:
      return map_values (walk, value, map_patient_name);
    case PSEUDO_PERSON_NAME:
      return map_values (walk, value, map_person_name);
    case PSEUDO_PATIENT_ID:
      return map_values (walk, value, map_patient_id);
    case PSEUDO_ACCESSION:
      return map_values (walk, value, map_accession);
    case PSEUDO_OTHER_ID:
      return map_values (walk, value, map_other_id);
    case PSEUDO_BIRTH_DATE:
      /* A shifted birth date keeps the patient's age at every examination. */
      if (has_option (walk, VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES))
        return map_values (walk, value, map_shift_da);
      veil_identities_record_removed_date (walk->self->store, walk->subject->patient_key, value);
      return g_strdup ("");
    case PSEUDO_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
record_removed_text (Walk *walk, const char *text)
{
  for (guint i = 0; i < walk->subject->vocabulary->len; i++)
    if (g_ascii_strcasecmp (text, g_ptr_array_index (walk->subject->vocabulary, i)) == 0)
      return; /* a vendor's name, not anyone's identity */
  veil_identities_record_removed_text (walk->self->store, text, walk->subject->patient_key);
}

/* The value a D action writes, by VR. */
static char *
dummy_value (Walk *walk, const VeilDcmElementInfo *info, const char *original)
{
  const char *vr = info->vr;

  if (g_str_equal (vr, "UI"))
    return map_values (walk, original ? original : "", map_uid);
  if (g_str_equal (vr, "DA") || g_str_equal (vr, "DT") || g_str_equal (vr, "TM"))
    {
      if (original && *original && has_option (walk, VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES))
        {
          if (g_str_equal (vr, "DA"))
            return map_values (walk, original, map_shift_da);
          if (g_str_equal (vr, "DT"))
            return map_values (walk, original, map_shift_dt);
          return g_strdup (original); /* a whole-day shift leaves times of day alone */
        }
      if (original && !g_str_equal (vr, "TM"))
        veil_identities_record_removed_date (walk->self->store, walk->subject->patient_key,
                                             original);
      if (g_str_equal (vr, "DA"))
        return g_strdup ("19000101");
      if (g_str_equal (vr, "DT"))
        return g_strdup ("19000101000000");
      return g_strdup ("000000");
    }
  if (g_str_equal (vr, "PN"))
    return map_values (walk, original && *original ? original : "Anonymised", map_person_name);
  if (g_str_equal (vr, "AS"))
    return g_strdup ("000Y");
  if (g_str_equal (vr, "UR"))
    return g_strdup ("urn:veil:anonymised");
  if (info->is_string)
    {
      if (original && veil_dicom_tag_is_identifying_text (VEIL_TAG (info->group, info->element)))
        record_removed_text (walk, original);
      return g_strdup ("ANONYMISED");
    }
  if (g_str_equal (vr, "US") || g_str_equal (vr, "SS") || g_str_equal (vr, "UL")
      || g_str_equal (vr, "SL") || g_str_equal (vr, "FL") || g_str_equal (vr, "FD")
      || g_str_equal (vr, "SV") || g_str_equal (vr, "UV"))
    return g_strdup ("0");
  return g_strdup (""); /* binary values: nothing meaningful to put there */
}

/* C: values of similar meaning without identifying information. */
static char *
clean_value (Walk *walk, const VeilDcmElementInfo *info, const char *original)
{
  const char *vr = info->vr;

  if (original == NULL)
    return NULL;
  if (g_str_equal (vr, "DA") || g_str_equal (vr, "DT") || g_str_equal (vr, "TM"))
    return dummy_value (walk, info, original);
  if (g_str_equal (vr, "PN"))
    return map_values (walk, original, map_person_name);
  if (g_str_equal (vr, "UI"))
    return map_values (walk, original, map_uid);
  if (info->is_string && (walk->self->scrubber != NULL || walk->self->text != NULL))
    return clean_text (walk, VEIL_TAG (info->group, info->element), original);
  return g_strdup (original);
}

static void
recurse_sequence (Walk *walk, VeilDcmItem *item, const VeilDcmElementInfo *info, const char *creator,
                  guint depth)
{
  guint n_items = veil_dcm_item_get_n_sequence_items (item, info->group, info->element);
  g_autofree char *keyword = veil_dcm_tag_get_keyword (info->group, info->element, creator);
  gsize mark = walk->path->len;

  for (guint i = 0; i < n_items; i++)
    {
      VeilDcmItem *child = veil_dcm_item_get_sequence_item (item, info->group, info->element, i);
      if (child == NULL)
        continue;
      if (walk->changes != NULL)
        {
          if (*keyword)
            g_string_append_printf (walk->path, "%s[%u].", keyword, i);
          else
            g_string_append_printf (walk->path, "(%04X,%04X)[%u].", info->group, info->element, i);
        }
      process_item (walk, child, depth + 1);
      g_string_truncate (walk->path, mark);
    }
}

static void
remove_element (Walk *walk, VeilDcmItem *item, const VeilDcmElementInfo *info, const char *creator,
                const char *action)
{
  g_autofree char *original = walk->changes ? get_value (item, info) : NULL;
  veil_dcm_item_delete (item, info->group, info->element);
  record (walk, info, creator, action, original, NULL);
}

/* The longest value (in bytes) a VR allows, or 0 for no limit that matters here. */
static gsize
vr_max_length (const char *vr)
{
  static const struct { const char *vr; gsize max; } limits[] = {
    { "AE", 16 }, { "AS", 4 }, { "CS", 16 }, { "DA", 8 }, { "DS", 16 }, { "DT", 26 },
    { "IS", 12 }, { "LO", 64 }, { "SH", 16 }, { "TM", 14 }, { "UI", 64 }, { "ST", 1024 },
    { "LT", 10240 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (limits); i++)
    if (g_str_equal (vr, limits[i].vr))
      return limits[i].max;
  return 0;
}

/* A replacement may be longer than what it replaced ("Smith" → "Kestrel-7Q"): cut each value
 * to what its VR allows, on a character boundary, so the output stays valid. */
static void
truncate_value (char *value, gsize max)
{
  if (strlen (value) <= max)
    return;
  char *end = value + max;
  if (g_utf8_validate (value, -1, NULL))
    end = g_utf8_find_prev_char (value, end + 1);
  *end = '\0';
  g_strchomp (value);
}

static char *
fit_to_vr (const char *vr, const char *value)
{
  gsize max = vr_max_length (vr);

  if (max == 0)
    return g_strdup (value);
  if (g_str_equal (vr, "ST") || g_str_equal (vr, "LT"))
    {
      char *copy = g_strdup (value); /* one value, backslashes and all */
      truncate_value (copy, max);
      return copy;
    }
  g_auto (GStrv) values = g_strsplit (value, "\\", -1);
  for (guint i = 0; values[i] != NULL; i++)
    truncate_value (values[i], max);
  return g_strjoinv ("\\", values);
}

static void
replace_element (Walk *walk, VeilDcmItem *item, const VeilDcmElementInfo *info, const char *action,
                 const char *original, const char *replacement)
{
  g_autofree char *fitted = NULL;

  if (g_strcmp0 (original, replacement) == 0)
    return;
  /* Only lengthen-prone replacements are cut; an original that was already too long is the
   * sender's and is left as it was received. */
  if (original == NULL || strlen (replacement) > strlen (original))
    replacement = fitted = fit_to_vr (info->vr, replacement);
  set_value (walk, item, info, replacement);
  record (walk, info, NULL, action, original, replacement);
}

static void
handle_private (Walk *walk, VeilDcmItem *item, const VeilDcmElementInfo *info, guint depth)
{
  /* Creator elements (gggg,0010-00FF) are tidied after their blocks; see process_item(). */
  if (info->element >= 0x0010 && info->element <= 0x00FF)
    return;

  g_autofree char *creator = veil_dcm_item_get_private_creator (item, info->group, info->element);
  if (has_option (walk, VEIL_OPTION_RETAIN_SAFE_PRIVATE) && creator != NULL
      && info->element >= 0x1000
      && veil_safe_private_is_safe (creator, info->group, (guint8) (info->element & 0xFF)))
    {
      if (info->is_sequence)
        recurse_sequence (walk, item, info, creator, depth);
      return;
    }
  remove_element (walk, item, info, creator, "X");
}

static gboolean
all_well_known (const char *uids)
{
  g_auto (GStrv) values = g_strsplit (uids, "\\", -1);
  for (guint i = 0; values[i] != NULL; i++)
    if (*values[i] && !veil_identities_uid_is_well_known (g_strstrip (values[i])))
      return FALSE;
  return TRUE;
}

static VeilAction
action_for_unlisted (Walk *walk, const VeilDcmElementInfo *info, const char *original)
{
  guint32 tag = VEIL_TAG (info->group, info->element);

  /* Not in E.1-1, but known to carry identity (see shared reference notes). */
  if (tag == VEIL_TAG (0x0040, 0xA160)) /* TextValue: free text of SR content items */
    return has_option (walk, VEIL_OPTION_CLEAN_STRUCTURED_CONTENT) ? VEIL_ACTION_C : VEIL_ACTION_D;
  if (tag == VEIL_TAG (0x0042, 0x0010)) /* DocumentTitle often holds the patient's name */
    return has_option (walk, VEIL_OPTION_CLEAN_DESCRIPTORS) ? VEIL_ACTION_C : VEIL_ACTION_Z;
  if (g_str_equal (info->vr, "PN"))
    return VEIL_ACTION_D; /* a person is a person, whichever attribute names them */
  if (g_str_equal (info->vr, "UI"))
    {
      if (original == NULL || all_well_known (original))
        return VEIL_ACTION_K;
      /* Class and syntax UIDs name kinds of things; any other UID may tie the data back to
       * its source, so it is remapped like the listed ones. (Well-known UIDs are never
       * remapped anyway, so most values need no dictionary look-up here.) */
      g_autofree char *keyword = veil_dcm_tag_get_keyword (info->group, info->element, NULL);
      if (strstr (keyword, "ClassUID") != NULL || strstr (keyword, "TransferSyntax") != NULL
          || strstr (keyword, "CodingScheme") != NULL || strstr (keyword, "ContextGroup") != NULL
          || tag == VEIL_TAG (0x0008, 0x001A)) /* RelatedGeneralSOPClassUID */
        return VEIL_ACTION_K;
      return VEIL_ACTION_U;
    }
  return VEIL_ACTION_K;
}

/* The vendor's own names: a patient called "Fictional" must not rename "Fictional Medical
 * Systems". */
static gboolean
is_vendor_vocabulary (guint32 tag)
{
  return tag == VEIL_TAG (0x0008, 0x0070) || tag == VEIL_TAG (0x0008, 0x1090)
         || tag == VEIL_TAG (0x0018, 0x1020) || tag == VEIL_TAG (0x0018, 0x1016)
         || tag == VEIL_TAG (0x0018, 0x1018) || tag == VEIL_TAG (0x0018, 0x1019);
}

static gboolean
is_free_text_vr (const char *vr)
{
  return g_str_equal (vr, "LO") || g_str_equal (vr, "LT") || g_str_equal (vr, "ST")
         || g_str_equal (vr, "UT") || g_str_equal (vr, "SH") || g_str_equal (vr, "UC");
}

static void
remove_group (Walk *walk, VeilDcmItem *item, guint16 group)
{
  for (guint i = veil_dcm_item_get_n_elements (item); i-- > 0;)
    {
      VeilDcmElementInfo info;
      if (veil_dcm_item_get_element_info (item, i, &info) && info.group == group)
        remove_element (walk, item, &info, NULL, "X");
    }
}

/* A sequence whose items hold only references (UIDs, frame and segment numbers) identifies
 * nobody once its UIDs are remapped, and keeping it keeps the study coherent. */
static gboolean
is_reference_only (VeilDcmItem *item, const VeilDcmElementInfo *info, VeilOptions options,
                   guint depth)
{
  guint n_items = veil_dcm_item_get_n_sequence_items (item, info->group, info->element);

  if (depth > 8)
    return FALSE;
  for (guint i = 0; i < n_items; i++)
    {
      VeilDcmItem *child = veil_dcm_item_get_sequence_item (item, info->group, info->element, i);
      guint n = child ? veil_dcm_item_get_n_elements (child) : 0;
      for (guint j = 0; j < n; j++)
        {
          VeilDcmElementInfo child_info;
          if (!veil_dcm_item_get_element_info (child, j, &child_info))
            return FALSE;
          if (child_info.is_sequence)
            {
              if (!is_reference_only (child, &child_info, options, depth + 1))
                return FALSE;
            }
          else if (!g_str_equal (child_info.vr, "UI") && !g_str_equal (child_info.vr, "IS")
                   && !g_str_equal (child_info.vr, "US"))
            {
              /* a retrieve AE title and the like: fine, the walk removes them anyway */
              const VeilDeidRule *rule
                  = veil_deid_table_lookup (VEIL_TAG (child_info.group, child_info.element));
              if (rule == NULL || veil_deid_rule_effective_action (rule, options) != VEIL_ACTION_X)
                return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
is_code_or_identifier_sequence (const VeilDeidRule *rule)
{
  return rule != NULL
         && (g_str_has_suffix (rule->keyword, "CodeSequence")
             || g_str_has_suffix (rule->keyword, "IdentifierSequence")
             || g_str_has_suffix (rule->keyword, "IdentificationSequence"));
}

static void
handle_sequence (Walk *walk, VeilDcmItem *item, const VeilDcmElementInfo *info,
                 const VeilDeidRule *rule, VeilAction action, guint depth)
{
  const char *label = veil_action_to_string (action);

  switch (action)
    {
    case VEIL_ACTION_X_Z:
    case VEIL_ACTION_X_D:
    case VEIL_ACTION_X_Z_D:
      /* Which of X, Z or D keeps the object valid depends on its IOD; removal is the safe
       * choice for identity, except for pure reference sequences, kept with new UIDs. */
      if (is_reference_only (item, info, walk->self->options, 0))
        recurse_sequence (walk, item, info, NULL, depth);
      else
        remove_element (walk, item, info, NULL, label);
      break;

    case VEIL_ACTION_Z:
      if (info->n_values > 0)
        {
          veil_dcm_item_clear_sequence (item, info->group, info->element);
          record (walk, info, NULL, label, NULL, "");
        }
      break;

    case VEIL_ACTION_D:
    case VEIL_ACTION_Z_D:
      /* Keep the structure an IOD may need, but a code or identifier sequence says who
       * someone is in its codes: every value inside becomes a dummy. */
      if (is_code_or_identifier_sequence (rule))
        {
          walk->dummy_depth++;
          recurse_sequence (walk, item, info, NULL, depth);
          walk->dummy_depth--;
        }
      else
        recurse_sequence (walk, item, info, NULL, depth);
      break;

    default:
      recurse_sequence (walk, item, info, NULL, depth);
      break;
    }
}

/* A reviewer's decision for this attribute, if there is one, instead of the profile's. "Keep"
 * is the reviewer's call even where the profile would remove (the residual scan still reports
 * what it finds). The change list shows "!K", "!X" or "!S". Returns TRUE if it decided. */
static gboolean
apply_override (Walk *walk, VeilDcmItem *item, const VeilDcmElementInfo *info, guint index,
                gboolean at_index)
{
  const VeilDicomOverrides *overrides = walk->self->overrides;
  const char *value = NULL;

  if (veil_dicom_overrides_is_empty (overrides))
    return FALSE;

  g_autofree char *creator = (info->group & 1)
                                 ? veil_dcm_item_get_private_creator (item, info->group, info->element)
                                 : NULL;
  g_autofree char *keyword = veil_dcm_tag_get_keyword (info->group, info->element, creator);
  g_autofree char *path = change_path (walk, info, keyword);
  VeilOverrideAction action = veil_dicom_overrides_lookup (overrides,
                                                           walk->subject->sop_instance_uid,
                                                           walk->subject->series_uid, path, &value);
  if (action == VEIL_OVERRIDE_NONE)
    return FALSE;

  g_autofree char *original = NULL;
  if (info->is_string && !info->is_sequence)
    original = at_index ? veil_dcm_item_get_string_at (item, index) : get_value (item, info);

  switch (action)
    {
    case VEIL_OVERRIDE_KEEP:
      /* Left as received, sequences with everything in them. */
      record (walk, info, creator, "!K", original, original ? original : "");
      return TRUE;

    case VEIL_OVERRIDE_REMOVE:
      remove_element (walk, item, info, creator, "!X");
      return TRUE;

    case VEIL_OVERRIDE_SET:
      if (info->is_sequence || !info->is_string)
        {
          /* Only text can be typed in; anything else fails closed (the file is refused)
           * rather than being written half-decided. */
          if (walk->error == NULL)
            walk->error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                       "%s (%s) cannot be given a typed value", path, info->vr);
          veil_dcm_item_delete (item, info->group, info->element);
          return TRUE;
        }
      {
        g_autofree char *fitted = fit_to_vr (info->vr, value);
        set_value (walk, item, info, fitted);
        record (walk, info, creator, "!S", original, fitted);
      }
      return TRUE;

    case VEIL_OVERRIDE_NONE:
    default:
      return FALSE;
    }
}

static char *
read_value (VeilDcmItem *item, const VeilDcmElementInfo *info, guint index, gboolean at_index)
{
  return at_index ? veil_dcm_item_get_string_at (item, index) : get_value (item, info);
}

/* Whether handle_element() reads the original value of a string element once its action is
 * known; everything it does with the value is listed here, so the two must change together.
 * (The overlay, curve and unknown-VR removals above the call read nothing.) */
static gboolean
needs_original (Walk *walk, const VeilDcmElementInfo *info, const VeilDeidRule *rule,
                VeilAction action)
{
  guint32 tag = VEIL_TAG (info->group, info->element);

  if (action == VEIL_ACTION_X)
    return veil_dicom_tag_is_identifying_text (tag) || g_str_equal (info->vr, "DA")
           || g_str_equal (info->vr, "DT");
  /* Inside a code or identifier sequence an unlisted value kept becomes a dummy. */
  if (action == VEIL_ACTION_K && !(walk->dummy_depth > 0 && rule == NULL))
    return rule == NULL && walk->self->scrubber != NULL && is_free_text_vr (info->vr)
           && !is_vendor_vocabulary (tag);
  return TRUE;
}

static void
handle_element (Walk *walk, VeilDcmItem *item, const VeilDcmElementInfo *info, guint index,
                guint depth)
{
  guint32 tag = VEIL_TAG (info->group, info->element);
  const VeilDeidRule *rule;
  VeilAction action;
  PseudoKind kind;

  /* `index` is where the element should be now; if earlier handling removed others after it
   * (a whole overlay group), look it up by tag instead. */
  guint16 group, element;
  gboolean at_index = veil_dcm_item_get_tag_at (item, index, &group, &element)
                      && group == info->group && element == info->element;
  if (!at_index && !veil_dcm_item_find (item, info->group, info->element, NULL))
    return; /* already removed with its whole group */
  if (info->group == 0x0002)
    {
      /* File meta elements inside the data set do not belong there and may hold the original
       * UIDs; the real meta header is written anew on save. */
      remove_element (walk, item, info, NULL, "X");
      return;
    }
  if (info->element == 0x0000)
    return; /* group lengths are recalculated on save */
  if (apply_override (walk, item, info, index, at_index))
    return;
  if (info->group & 1)
    {
      handle_private (walk, item, info, depth);
      return;
    }

  /* Reading a value costs more than deciding what to do with it, and most attributes are kept
   * unread: the value is read only where the decision or the action needs it. */
  gboolean readable = info->is_string && !info->is_sequence;
  g_autofree char *original = NULL;

  rule = veil_deid_table_lookup (tag);
  if (rule == NULL && readable && g_str_equal (info->vr, "UI"))
    original = read_value (item, info, index, at_index);
  action = rule ? veil_deid_rule_effective_action (rule, walk->self->options)
                : action_for_unlisted (walk, info, original);

  /* Overlays and curves: their bitmaps cannot be cleaned here (that is pixel cleaning), and a
   * group without its data is not a valid overlay, so the whole group goes. */
  if ((info->group & 0xFF00) == 0x6000 && (info->group & 1) == 0 && info->element == 0x3000
      && (action == VEIL_ACTION_X || action == VEIL_ACTION_C))
    {
      remove_group (walk, item, info->group);
      return;
    }
  if ((info->group & 0xFF00) == 0x5000 && action != VEIL_ACTION_K)
    {
      remove_group (walk, item, info->group);
      return;
    }

  const char *label = veil_action_to_string (action);

  /* A value whose VR is unknown cannot be read, dummied or cleaned: anything but keep
   * removes it (fail closed). */
  if (g_str_equal (info->vr, "UN") && !info->is_sequence && action != VEIL_ACTION_K)
    {
      remove_element (walk, item, info, NULL, "X");
      return;
    }

  if (readable && original == NULL && needs_original (walk, info, rule, action))
    original = read_value (item, info, index, at_index);

  if (action == VEIL_ACTION_X)
    {
      remove_element (walk, item, info, NULL, label);
      if (original && veil_dicom_tag_is_identifying_text (tag))
        record_removed_text (walk, original);
      if (original && (g_str_equal (info->vr, "DA") || g_str_equal (info->vr, "DT")))
        veil_identities_record_removed_date (walk->self->store, walk->subject->patient_key,
                                             original);
      return;
    }
  if (info->is_sequence)
    {
      if (action == VEIL_ACTION_K)
        recurse_sequence (walk, item, info, NULL, depth);
      else
        handle_sequence (walk, item, info, rule, action, depth);
      return;
    }

  /* Inside a code or identifier sequence being replaced, unlisted values become dummies. */
  if (walk->dummy_depth > 0 && rule == NULL && info->is_string && action == VEIL_ACTION_K)
    action = VEIL_ACTION_D;

  if (action == VEIL_ACTION_K)
    {
      if (rule == NULL && original != NULL && *original != '\0' && walk->self->scrubber != NULL
          && is_free_text_vr (info->vr) && !is_vendor_vocabulary (tag))
        {
          /* Not in E.1-1, so kept — but retired and vendor attributes such as
           * (0020,1020) Reference are known to quote the patient: every value the case knows
           * is still taken out. */
          g_autofree char *scrubbed = clean_text (walk, tag, original);
          replace_element (walk, item, info, "C", original, scrubbed);
        }
      return;
    }

  /* Where the profile allows a dummy value, names, IDs and accession numbers get their keyed
   * pseudonym, so one person or study stays one across every file. */
  kind = classify (info, depth);
  if (kind != PSEUDO_NONE && original != NULL && *original != '\0' && action != VEIL_ACTION_U)
    {
      g_autofree char *pseudonym = pseudonymise (walk, kind, original);
      replace_element (walk, item, info, label, original, pseudonym);
      return;
    }

  switch (action)
    {
    case VEIL_ACTION_U:
    case VEIL_ACTION_X_Z_U:
      if (info->is_sequence)
        recurse_sequence (walk, item, info, NULL, depth);
      else if (original != NULL)
        {
          g_autofree char *mapped = map_values (walk, original, map_uid);
          replace_element (walk, item, info, label, original, mapped);
        }
      else
        remove_element (walk, item, info, NULL, label);
      break;

    case VEIL_ACTION_Z:
    case VEIL_ACTION_X_Z:
      if (info->is_sequence)
        {
          if (info->n_values > 0)
            {
              veil_dcm_item_clear_sequence (item, info->group, info->element);
              record (walk, info, NULL, label, NULL, "");
            }
        }
      else if (original == NULL || *original != '\0')
        {
          if (original && (g_str_equal (info->vr, "DA") || g_str_equal (info->vr, "DT")))
            veil_identities_record_removed_date (walk->self->store, walk->subject->patient_key,
                                                 original);
          if (original && veil_dicom_tag_is_identifying_text (tag))
            record_removed_text (walk, original);
          set_value (walk, item, info, "");
          record (walk, info, NULL, label, original, "");
        }
      break;

    case VEIL_ACTION_D:
    case VEIL_ACTION_Z_D:
    case VEIL_ACTION_X_D:
    case VEIL_ACTION_X_Z_D:
      if (info->is_sequence)
        recurse_sequence (walk, item, info, NULL, depth);
      else if (original != NULL && *original == '\0' && action != VEIL_ACTION_D)
        ; /* already empty, and empty is allowed */
      else
        {
          g_autofree char *dummy = dummy_value (walk, info, original);
          replace_element (walk, item, info, label, original, dummy);
        }
      break;

    case VEIL_ACTION_C:
      if (info->is_sequence)
        recurse_sequence (walk, item, info, NULL, depth);
      else if (original != NULL)
        {
          g_autofree char *cleaned = clean_value (walk, info, original);
          replace_element (walk, item, info, label, original, cleaned);
        }
      break;

    case VEIL_ACTION_NONE:
    case VEIL_ACTION_K:
    case VEIL_ACTION_X:
    default:
      break;
    }
}

/* Removes creator elements whose blocks are now empty. */
static void
tidy_private_creators (Walk *walk, VeilDcmItem *item)
{
  guint n = veil_dcm_item_get_n_elements (item);
  g_autoptr (GArray) used = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) creators = g_array_new (FALSE, FALSE, sizeof (guint));

  /* One forward pass over the tags only (a walk backwards would make the bridge seek every
   * element from the start); creators are then removed from the last, so the indices of
   * those before stay right. */
  for (guint i = 0; i < n; i++)
    {
      guint16 group, element;
      if (!veil_dcm_item_get_tag_at (item, i, &group, &element) || !(group & 1))
        continue;
      if (element >= 0x1000)
        {
          guint32 block = VEIL_TAG (group, element >> 8);
          g_array_append_val (used, block);
        }
      else if (element >= 0x0010 && element <= 0x00FF)
        g_array_append_val (creators, i);
    }
  for (guint c = creators->len; c-- > 0;)
    {
      VeilDcmElementInfo info;
      if (!veil_dcm_item_get_element_info (item, g_array_index (creators, guint, c), &info))
        continue;
      gboolean in_use = FALSE;
      for (guint j = 0; j < used->len && !in_use; j++)
        in_use = g_array_index (used, guint32, j) == VEIL_TAG (info.group, info.element);
      if (!in_use)
        remove_element (walk, item, &info, NULL, "X");
    }
}

static void
process_item (Walk *walk, VeilDcmItem *item, guint depth)
{
  guint n = veil_dcm_item_get_n_elements (item);
  g_autofree VeilDcmElementInfo *infos = g_new (VeilDcmElementInfo, MAX (n, 1));
  guint count = 0;
  gboolean has_private = FALSE;

  /* Snapshot first: handling an element may remove others (a whole overlay group). */
  for (guint i = 0; i < n; i++)
    if (veil_dcm_item_get_element_info (item, i, &infos[count]))
      has_private |= (infos[count++].group & 1) != 0;
  for (guint i = 0; i < count; i++)
    {
      /* Elements before this one that were removed shift it down. */
      guint removed = n - veil_dcm_item_get_n_elements (item);
      handle_element (walk, item, &infos[i], i >= removed ? i - removed : 0, depth);
    }
  /* Handling elements never adds private ones: an item without any has no creators to tidy. */
  if (has_private)
    tidy_private_creators (walk, item);
}

static void
add_method_code (VeilDcmItem *dataset, const VeilDeidMethodCode *code)
{
  VeilDcmItem *entry = veil_dcm_item_append_sequence_item (dataset, 0x0012, 0x0064);
  if (entry == NULL)
    return;
  veil_dcm_item_set_string (entry, 0x0008, 0x0100, "SH", code->code_value, NULL);
  veil_dcm_item_set_string (entry, 0x0008, 0x0102, "SH", "DCM", NULL);
  veil_dcm_item_set_string (entry, 0x0008, 0x0104, "LO", code->meaning, NULL);
}

static void
mark_deidentified (Walk *walk, VeilDcmItem *dataset)
{
  VeilOptions options = walk->self->options;
  GString *method = g_string_new ("Veil " PACKAGE_VERSION " PS3.15-2024b Basic Profile");
  const char *longitudinal;

  veil_dcm_item_set_string (dataset, 0x0012, 0x0062, "CS", "YES", NULL);

  for (guint bit = 0; bit < VEIL_N_OPTIONS; bit++)
    if (options & (1u << bit))
      g_string_append_printf (method, "\\%s", veil_option_get_name ((VeilOptions) (1u << bit)));
  veil_dcm_item_set_string (dataset, 0x0012, 0x0063, "LO", method->str, NULL);
  g_string_free (method, TRUE);

  /* The sequence says what was done to this copy: replace whatever an earlier tool wrote. */
  veil_dcm_item_delete (dataset, 0x0012, 0x0064);
  add_method_code (dataset, veil_deid_method_code_for_option ((VeilOptions) 0));
  for (guint bit = 0; bit < VEIL_N_OPTIONS; bit++)
    if (options & (1u << bit))
      {
        const VeilDeidMethodCode *code = veil_deid_method_code_for_option ((VeilOptions) (1u << bit));
        if (code != NULL)
          add_method_code (dataset, code);
      }

  if (options & VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES)
    longitudinal = "UNMODIFIED";
  else if (options & VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES)
    longitudinal = "MODIFIED";
  else
    longitudinal = "REMOVED";
  veil_dcm_item_set_string (dataset, 0x0028, 0x0303, "CS", longitudinal, NULL);
}

void
veil_dicom_deidentifier_mark_pixels_cleaned (VeilDcmFile *file)
{
  const VeilDeidMethodCode *code = veil_deid_method_code_lookup ("113101");
  if (code != NULL)
    add_method_code (veil_dcm_file_get_dataset (file), code);
}

gboolean
veil_dicom_deidentifier_apply (VeilDicomDeidentifier *self, VeilDcmFile *file,
                               const VeilDicomSubject *subject, GPtrArray *changes,
                               GError **error)
{
  Walk walk = { self, subject, changes, g_string_new (NULL), NULL, 0 };
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);

  process_item (&walk, dataset, 0);
  mark_deidentified (&walk, dataset);

  /* The new meta header takes its MediaStorage UIDs from the data set. A data set with no SOP
   * Instance UID (invalid, but met in the wild) would get a random one from DCMTK on every
   * export, so two exports with one store would differ: it gets the keyed remapping of the
   * instance UID its meta header gave, in the data set, where the meta header reads it. */
  if (!veil_dcm_item_find (dataset, 0x0008, 0x0018, NULL))
    {
      VeilDcmItem *meta = veil_dcm_file_get_meta (file);
      g_autofree char *media_uid = veil_dcm_item_get_string (meta, 0x0002, 0x0003);
      if (media_uid != NULL && *g_strstrip (media_uid) != '\0')
        {
          g_autofree char *mapped = map_values (&walk, media_uid, map_uid);
          veil_dcm_item_set_string (dataset, 0x0008, 0x0018, "UI", mapped, NULL);
        }
    }
  g_string_free (walk.path, TRUE);

  if (walk.error != NULL)
    {
      g_propagate_prefixed_error (error, walk.error, "cannot rewrite an attribute: ");
      return FALSE;
    }
  return TRUE;
}
