/* veil-pixel-risk.c: header evidence of burned-in text (see veil-pixel-risk.h). */

#include "veil-pixel-risk.h"

#include "veil-burned-in-table.h"
#include "veil-pixel-region.h"

#include <stdlib.h>
#include <string.h>

/* Modalities that are screens, photographs or scanned pages: text is the rule, not the
 * exception. */
static const char *const high_modalities[] = {
  "US", "IVUS", "OT", "XC", "DOC", "ES", "GM", "SC", "SM", "OP", "PX", "IO",
};

/* Projection images are often annotated on the console (name, date, side markers). */
static const char *const low_modalities[] = {
  "CR", "DX", "MG", "RF", "XA", "NM", "RG",
};

/* SOP class UID prefixes whose images are captures or photographs. */
static const char *const high_sop_prefixes[] = {
  "1.2.840.10008.5.1.4.1.1.7",      /* Secondary Capture, and its multi-frame variants */
  "1.2.840.10008.5.1.4.1.1.6.",     /* Ultrasound Image (and retired) */
  "1.2.840.10008.5.1.4.1.1.3.",     /* Ultrasound Multi-frame Image (and retired) */
  "1.2.840.10008.5.1.4.1.1.77.1",   /* Visible Light (endoscopy, photography, video) */
  "1.2.840.10008.5.1.4.1.1.104.",   /* Encapsulated documents */
};

static gboolean
in_list (const char *const *list, gsize n, const char *value)
{
  for (gsize i = 0; i < n; i++)
    if (g_ascii_strcasecmp (list[i], value) == 0)
      return TRUE;
  return FALSE;
}

/* The value of a table field as text: strings as they are (multiple values joined with
 * backslashes), numbers as DCMTK prints them. NULL if absent. */
static char *
field_text (VeilDcmItem *item, guint16 group, guint16 element)
{
  VeilDcmElementInfo info;

  if (!veil_dcm_item_find (item, group, element, &info) || info.is_sequence)
    return NULL;
  if (info.is_string)
    return veil_dcm_item_get_string (item, group, element);
  g_autoptr (GBytes) bytes = veil_dcm_item_get_bytes (item, group, element);
  if (bytes == NULL)
    return NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  /* Binary values (OB, OW) are not meaningful to the library; keep only printable text. */
  if (!g_utf8_validate (data, (gssize) size, NULL) || memchr (data, '\0', size) != NULL)
    return NULL;
  return g_strndup (data, size);
}

/* One compiled pattern per "contains" term, built once: deid's values are Python regular
 * expressions matched case-insensitively; the few that PCRE would not accept are matched as
 * plain text. */
static GRegex **
term_patterns (void)
{
  static GRegex **patterns = NULL;

  if (g_once_init_enter (&patterns))
    {
      gsize n_rules;
      const VeilBurnedInRule *rules = veil_burned_in_get_rules (&n_rules);
      guint n_terms = 0;
      for (gsize i = 0; i < n_rules; i++)
        n_terms = MAX (n_terms, rules[i].first_term + rules[i].n_terms);
      GRegex **built = g_new0 (GRegex *, n_terms + 1);
      for (gsize i = 0; i < n_rules; i++)
        {
          const VeilBurnedInTerm *terms = veil_burned_in_rule_get_terms (&rules[i]);
          for (guint t = 0; t < rules[i].n_terms; t++)
            {
              const char *value = terms[t].value;
              if (value == NULL)
                continue;
              GRegex *regex = g_regex_new (value, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
              if (regex == NULL)
                {
                  g_autofree char *escaped = g_regex_escape_string (value, -1);
                  regex = g_regex_new (escaped, G_REGEX_CASELESS, 0, NULL);
                }
              built[rules[i].first_term + t] = regex;
            }
        }
      g_once_init_leave (&patterns, built);
    }
  return patterns;
}

/* The library's 118 rules ask about the same few attributes again and again: each is looked
 * up once per assessment (a DCMTK look-up walks the data set's list). */
typedef struct {
  gboolean present;
  guint32 length;
  char *text; /* stripped, or NULL */
} FieldValue;

static _Thread_local GHashTable *field_cache; /* tag → FieldValue*, for one assessment */

static void
field_value_free (FieldValue *value)
{
  g_free (value->text);
  g_free (value);
}

static const FieldValue *
lookup_field (VeilDcmItem *item, guint32 tag)
{
  g_assert (field_cache != NULL); /* set up by the public entry points around their rules */
  FieldValue *value = g_hash_table_lookup (field_cache, GUINT_TO_POINTER (tag));
  if (value != NULL)
    return value;

  guint16 group = (guint16) (tag >> 16), element = (guint16) (tag & 0xFFFF);
  VeilDcmElementInfo info;
  value = g_new0 (FieldValue, 1);
  value->present = veil_dcm_item_find (item, group, element, &info);
  if (value->present)
    {
      value->length = info.length;
      value->text = field_text (item, group, element);
      if (value->text != NULL)
        g_strstrip (value->text);
    }
  g_hash_table_insert (field_cache, GUINT_TO_POINTER (tag), value);
  return value;
}

static gboolean
evaluate_term (VeilDcmFile *file, const VeilBurnedInRule *rule, guint index)
{
  const VeilBurnedInTerm *term = &veil_burned_in_rule_get_terms (rule)[index];
  guint16 group = (guint16) (term->tag >> 16);
  VeilDcmItem *item = group == 0x0002 ? veil_dcm_file_get_meta (file)
                                      : veil_dcm_file_get_dataset (file);
  const FieldValue *field = term->tag != 0 ? lookup_field (item, term->tag) : NULL;
  gboolean present = field != NULL && field->present;

  switch ((VeilBurnedInTest) term->test)
    {
    case VEIL_BURNED_IN_MISSING:
      return !present;
    case VEIL_BURNED_IN_PRESENT:
      return present;
    case VEIL_BURNED_IN_EMPTY:
      return present && field->length == 0;
    case VEIL_BURNED_IN_CONTAINS:
    case VEIL_BURNED_IN_NOT_CONTAINS:
      {
        const char *value = present ? field->text : NULL;
        GRegex *regex = term_patterns ()[rule->first_term + index];
        gboolean found = value != NULL && regex != NULL && g_regex_match (regex, value, 0, NULL);
        return term->test == VEIL_BURNED_IN_CONTAINS ? found : !found;
      }
    case VEIL_BURNED_IN_EQUALS:
    case VEIL_BURNED_IN_NOT_EQUALS:
      {
        const char *value = present ? field->text : NULL;
        gboolean equal = value != NULL && g_ascii_strcasecmp (value, term->value) == 0;
        return term->test == VEIL_BURNED_IN_EQUALS ? equal : !equal;
      }
    default:
      return FALSE;
    }
}

static gboolean
join (VeilBurnedInJoin how, gboolean so_far, gboolean value)
{
  return how == VEIL_BURNED_IN_OR ? (so_far || value) : (so_far && value);
}

/* deid's evaluation: strictly left to right, no precedence, inside each line and then over
 * the lines; a rule without conditions applies always. */
static gboolean
rule_matches (VeilDcmFile *file, const VeilBurnedInRule *rule)
{
  const VeilBurnedInTerm *terms = veil_burned_in_rule_get_terms (rule);
  gboolean result = TRUE, have_result = FALSE;
  gboolean line = FALSE;
  VeilBurnedInJoin line_join = VEIL_BURNED_IN_FIRST;

  for (guint i = 0; i < rule->n_terms; i++)
    {
      gboolean value = evaluate_term (file, rule, i);
      if (terms[i].join == VEIL_BURNED_IN_FIRST)
        {
          if (i > 0)
            {
              result = have_result ? join (line_join == VEIL_BURNED_IN_FIRST ? VEIL_BURNED_IN_AND : line_join,
                                           result, line)
                                   : line;
              have_result = TRUE;
            }
          line = value;
          line_join = terms[i].line_join;
        }
      else
        line = join (terms[i].join, line, value);
    }
  if (rule->n_terms > 0)
    result = have_result ? join (line_join == VEIL_BURNED_IN_FIRST ? VEIL_BURNED_IN_AND : line_join,
                                 result, line)
                         : line;
  return result;
}

static void
add_reason (GPtrArray *reasons, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_reason (GPtrArray *reasons, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *reason = g_strdup_vprintf (format, args);
  va_end (args);
  for (guint i = 0; i < reasons->len; i++)
    if (g_str_equal (g_ptr_array_index (reasons, i), reason))
      {
        g_free (reason);
        return;
      }
  g_ptr_array_add (reasons, reason);
}

static gboolean
value_has_word (const char *value, const char *word)
{
  if (value == NULL)
    return FALSE;
  g_auto (GStrv) values = g_strsplit (value, "\\", -1);
  for (guint i = 0; values[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (values[i]), word) == 0)
      return TRUE;
  return FALSE;
}

static char *
rule_name (const VeilBurnedInRule *rule)
{
  return *rule->source ? g_strdup_printf ("%s %s", rule->label, rule->source)
                       : g_strdup (rule->label);
}

/* The assessment reads only these attributes and the pixel description, so files that agree on
 * them get the same answer: every instance of a series, as a rule. */
static const guint32 *
assessed_tags (gsize *n_tags)
{
  static gsize once;
  static GArray *tags;
  if (g_once_init_enter (&once))
    {
      GArray *list = g_array_new (FALSE, FALSE, sizeof (guint32));
      const guint32 direct[] = {
        VEIL_TAG (0x0028, 0x0301), VEIL_TAG (0x0008, 0x0060), VEIL_TAG (0x0008, 0x0016),
        VEIL_TAG (0x0008, 0x0008),
      };
      g_array_append_vals (list, direct, G_N_ELEMENTS (direct));
      gsize n_rules;
      const VeilBurnedInRule *rules = veil_burned_in_get_rules (&n_rules);
      for (gsize r = 0; r < n_rules; r++)
        {
          const VeilBurnedInTerm *terms = veil_burned_in_rule_get_terms (&rules[r]);
          for (guint t = 0; t < rules[r].n_terms; t++)
            {
              gboolean seen = terms[t].tag == 0;
              for (guint k = 0; k < list->len && !seen; k++)
                seen = g_array_index (list, guint32, k) == terms[t].tag;
              if (!seen)
                g_array_append_val (list, terms[t].tag);
            }
        }
      tags = list;
      g_once_init_leave (&once, 1);
    }
  *n_tags = tags->len;
  return (const guint32 *) tags->data;
}

static int
compare_tags (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return (x > y) - (x < y);
}

/* One walk over the meta header and the data set's top level (not a DCMTK search per
 * attribute, which walks the list each time): the assessed attributes, as written. */
static char *
header_fingerprint (VeilDcmFile *file, const VeilDcmPixelInfo *info)
{
  static gsize once;
  static guint32 *sorted;
  gsize n_tags;
  const guint32 *tags = assessed_tags (&n_tags);
  if (g_once_init_enter (&once))
    {
      guint32 *copy = g_memdup2 (tags, n_tags * sizeof (guint32));
      qsort (copy, n_tags, sizeof (guint32), compare_tags);
      sorted = copy;
      g_once_init_leave (&once, 1);
    }

  GString *key = g_string_new (NULL);
  g_string_append_printf (key, "%u|%s", info->samples_per_pixel, info->photometric);
  VeilDcmItem *parts[] = { veil_dcm_file_get_meta (file), veil_dcm_file_get_dataset (file) };
  for (gsize p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      guint n = parts[p] ? veil_dcm_item_get_n_elements (parts[p]) : 0;
      for (guint i = 0; i < n; i++)
        {
          VeilDcmElementInfo e;
          if (!veil_dcm_item_get_element_info (parts[p], i, &e))
            continue;
          guint32 tag = VEIL_TAG (e.group, e.element);
          if (bsearch (&tag, sorted, n_tags, sizeof (guint32), compare_tags) == NULL)
            continue;
          g_string_append_printf (key, "\x1f%08x:%u:", tag, e.length);
          if (e.is_sequence)
            continue;
          if (e.is_string)
            {
              g_autofree char *value = veil_dcm_item_get_string_at (parts[p], i);
              g_string_append (key, value ? value : "");
            }
          else
            {
              const FieldValue *field = lookup_field (parts[p], tag);
              g_string_append (key, field->text ? field->text : "");
            }
        }
    }
  return g_string_free (key, FALSE);
}

typedef struct {
  VeilPixelRisk risk;
  char *why;
} Assessment;

static void
assessment_free (Assessment *assessment)
{
  g_free (assessment->why);
  g_free (assessment);
}

#define MAX_REMEMBERED_ASSESSMENTS 4096

static GMutex remembered_lock;
static GHashTable *remembered; /* header fingerprint → Assessment* */

static VeilPixelRisk assess_header (VeilDcmFile *file, const VeilDcmPixelInfo *info, char **why);

VeilPixelRisk
veil_pixel_risk_assess (VeilDcmFile *file, char **why)
{
  VeilDcmPixelInfo info;
  if (!veil_dcm_file_get_pixel_info (file, &info))
    {
      if (why != NULL)
        *why = g_strdup (info.has_float_data ? "none: floating-point pixel data only (parametric maps)"
                                             : "none: no pixel data");
      return VEIL_PIXEL_RISK_NONE;
    }

  /* Rules are hundreds of regular expressions: evaluated once per distinct header, not once
   * per instance of a 700-slice series. */
  field_cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) field_value_free);
  g_autofree char *fingerprint = header_fingerprint (file, &info);
  g_mutex_lock (&remembered_lock);
  if (remembered == NULL)
    remembered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) assessment_free);
  const Assessment *known = g_hash_table_lookup (remembered, fingerprint);
  VeilPixelRisk risk = known ? known->risk : VEIL_PIXEL_RISK_NONE;
  char *known_why = known ? g_strdup (known->why) : NULL;
  g_mutex_unlock (&remembered_lock);

  if (known == NULL)
    {
      Assessment *assessment = g_new0 (Assessment, 1);
      risk = assessment->risk = assess_header (file, &info, &assessment->why);
      known_why = g_strdup (assessment->why);
      g_mutex_lock (&remembered_lock);
      if (g_hash_table_size (remembered) < MAX_REMEMBERED_ASSESSMENTS)
        g_hash_table_replace (remembered, g_steal_pointer (&fingerprint), assessment);
      else
        assessment_free (assessment);
      g_mutex_unlock (&remembered_lock);
    }
  g_clear_pointer (&field_cache, g_hash_table_unref);

  if (why != NULL)
    *why = known_why;
  else
    g_free (known_why);
  return risk;
}

static VeilPixelRisk
assess_header (VeilDcmFile *file, const VeilDcmPixelInfo *info_, char **why)
{
  VeilDcmItem *dataset = veil_dcm_file_get_dataset (file);
  VeilDcmPixelInfo info = *info_;
  g_autoptr (GPtrArray) high = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) low = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);

  g_autofree char *burned_in = veil_dcm_item_get_string (dataset, 0x0028, 0x0301);
  if (burned_in != NULL && g_ascii_strcasecmp (g_strstrip (burned_in), "YES") == 0)
    add_reason (high, "BurnedInAnnotation YES");
  else if (burned_in != NULL && g_ascii_strcasecmp (burned_in, "NO") == 0)
    add_reason (notes, "BurnedInAnnotation NO (not trusted)");

  g_autofree char *modality = veil_dcm_item_get_string (dataset, 0x0008, 0x0060);
  if (modality != NULL)
    {
      g_strstrip (modality);
      if (in_list (high_modalities, G_N_ELEMENTS (high_modalities), modality))
        add_reason (high, "modality %s", modality);
      else if (in_list (low_modalities, G_N_ELEMENTS (low_modalities), modality))
        add_reason (low, "modality %s", modality);
    }

  g_autofree char *sop_class = veil_dcm_item_get_string (dataset, 0x0008, 0x0016);
  for (gsize i = 0; sop_class != NULL && i < G_N_ELEMENTS (high_sop_prefixes); i++)
    if (g_str_has_prefix (g_strstrip (sop_class), high_sop_prefixes[i]))
      add_reason (high, "SOP class %s (capture or photograph)", sop_class);

  g_autofree char *image_type = veil_dcm_item_get_string (dataset, 0x0008, 0x0008);
  if (value_has_word (image_type, "SECONDARY"))
    add_reason (high, "ImageType SECONDARY");
  if (image_type != NULL && (strstr (image_type, "SCREEN") || strstr (image_type, "SAVE")))
    add_reason (high, "ImageType screen save");
  if (value_has_word (image_type, "DERIVED"))
    add_reason (low, "ImageType DERIVED");
  if (value_has_word (image_type, "LOCALIZER") || value_has_word (image_type, "SCOUT")
      || value_has_word (image_type, "TOPOGRAM"))
    add_reason (low, "ImageType localizer");

  if (info.samples_per_pixel > 1 || g_str_has_prefix (info.photometric, "PALETTE"))
    add_reason (low, "colour (%s)", info.photometric);

  gsize n_rules;
  const VeilBurnedInRule *rules = veil_burned_in_get_rules (&n_rules);
  for (gsize i = 0; i < n_rules; i++)
    {
      if (!rule_matches (file, &rules[i]))
        continue;
      g_autofree char *name = rule_name (&rules[i]);
      switch ((VeilBurnedInList) rules[i].list)
        {
        case VEIL_BURNED_IN_BLACKLIST:
          add_reason (high, "burned-in library blacklist: %s", name);
          break;
        case VEIL_BURNED_IN_GRAYLIST:
          if (rules[i].n_boxes > 0)
            add_reason (high, "burned-in library: %s", name);
          else
            add_reason (low, "burned-in library flag: %s", name);
          break;
        case VEIL_BURNED_IN_WHITELIST:
          add_reason (notes, "burned-in library whitelist: %s (not trusted)", name);
          break;
        default:
          break;
        }
    }

  VeilPixelRisk risk = high->len ? VEIL_PIXEL_RISK_HIGH
                       : low->len ? VEIL_PIXEL_RISK_LOW
                                  : VEIL_PIXEL_RISK_NONE;
  if (why != NULL)
    {
      GPtrArray *shown = high->len ? high : low;
      for (guint i = 0; i < notes->len; i++)
        g_ptr_array_add (shown, g_strdup (g_ptr_array_index (notes, i)));
      g_ptr_array_add (shown, NULL);
      g_autofree char *list = g_strjoinv ("; ", (char **) shown->pdata);
      const char *level = risk == VEIL_PIXEL_RISK_HIGH ? "high"
                          : risk == VEIL_PIXEL_RISK_LOW ? "low"
                                                        : "none";
      *why = *list ? g_strdup_printf ("%s: %s", level, list)
                   : g_strdup_printf ("%s: nothing in the header suggests burned-in text", level);
    }
  return risk;
}

GPtrArray *
veil_pixel_risk_template_regions (VeilDcmFile *file)
{
  GPtrArray *regions = veil_pixel_regions_new ();
  VeilDcmPixelInfo info;

  if (!veil_dcm_file_get_pixel_info (file, &info))
    return regions;

  gsize n_rules;
  const VeilBurnedInRule *rules = veil_burned_in_get_rules (&n_rules);
  field_cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) field_value_free);
  for (gsize i = 0; i < n_rules; i++)
    {
      if (rules[i].list != VEIL_BURNED_IN_GRAYLIST || rules[i].n_boxes == 0
          || !rule_matches (file, &rules[i]))
        continue;
      g_autofree char *name = rule_name (&rules[i]);
      g_autofree char *reason = g_strdup_printf ("template %s", name);
      const VeilBurnedInBox *boxes = veil_burned_in_rule_get_boxes (&rules[i]);
      for (guint b = 0; b < rules[i].n_boxes; b++)
        {
          const VeilBurnedInBox *box = &boxes[b];
          VeilPixelRegion *region
              = box->x1 < 0 ? veil_pixel_region_new (VEIL_PIXEL_ALL_FRAMES, 0, 0, (int) info.columns,
                                                     (int) info.rows, reason)
                            : veil_pixel_region_new (VEIL_PIXEL_ALL_FRAMES, box->x0, box->y0,
                                                     box->x1 - box->x0, box->y1 - box->y0, reason);
          if (veil_pixel_region_clip (region, info.columns, info.rows))
            g_ptr_array_add (regions, region);
          else
            veil_pixel_region_free (region);
        }
    }
  g_clear_pointer (&field_cache, g_hash_table_unref);
  return regions;
}
