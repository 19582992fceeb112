#!/usr/bin/python3
"""Generate engine/veil-deid-table.c, the project's own PS3.15 Table E.1-1.

Usage:
    /usr/bin/python3 tools/gen-deid-table.py \\
        ../shared/reference/ps3.15-table-e1-1.json \\
        ../shared/reference/cid7050-deidentification-method.json \\
        [-o engine/veil-deid-table.c] [--check]

Inputs (not committed to this repository; only the generated C is):
  * ps3.15-table-e1-1.json: one row per Table E.1-1 row, with `group`, `element`
    (wildcard nibbles written as X), `keyword`, `name`, `basic_profile` and one field per
    option column, null where the standard's cell is blank.
  * cid7050-deidentification-method.json: the 13 CID 7050 codes, each with the E.1-1
    column it stands for (`e11_column`, null for the pixel options).

Table E.3.10-1 (Safe Private Attributes) is not in those inputs, so its facts are kept
below as a Python literal (SAFE_PRIVATE).

Anything unexpected in the inputs (an unknown action string, column, wildcard pattern,
duplicate tag, ...) stops the generator with an error instead of being guessed at.

Standard library only.
"""

import argparse
import hashlib
import json
import os
import re
import sys

EDITION = "2024b"

# The option columns of Table E.1-1 in VeilOptions bit order (bit 0 first):
# (JSON field, option name used on the command line, the standard's option title).
OPTIONS = [
    ("retain_safe_private", "retain-safe-private", "Retain Safe Private Option"),
    ("retain_uids", "retain-uids", "Retain UIDs Option"),
    ("retain_device_identity", "retain-device-identity", "Retain Device Identity Option"),
    ("retain_institution_identity", "retain-institution-identity",
     "Retain Institution Identity Option"),
    ("retain_patient_characteristics", "retain-patient-characteristics",
     "Retain Patient Characteristics Option"),
    ("retain_longitudinal_full_dates", "retain-longitudinal-full-dates",
     "Retain Longitudinal Temporal Information With Full Dates Option"),
    ("retain_longitudinal_modified_dates", "retain-longitudinal-modified-dates",
     "Retain Longitudinal Temporal Information With Modified Dates Option"),
    ("clean_descriptors", "clean-descriptors", "Clean Descriptors Option"),
    ("clean_structured_content", "clean-structured-content", "Clean Structured Content Option"),
    ("clean_graphics", "clean-graphics", "Clean Graphics Option"),
]

OPTION_ENUMS = [
    "VEIL_OPTION_RETAIN_SAFE_PRIVATE",
    "VEIL_OPTION_RETAIN_UIDS",
    "VEIL_OPTION_RETAIN_DEVICE_IDENTITY",
    "VEIL_OPTION_RETAIN_INSTITUTION_IDENTITY",
    "VEIL_OPTION_RETAIN_PATIENT_CHARACTERISTICS",
    "VEIL_OPTION_RETAIN_LONGITUDINAL_FULL_DATES",
    "VEIL_OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES",
    "VEIL_OPTION_CLEAN_DESCRIPTORS",
    "VEIL_OPTION_CLEAN_STRUCTURED_CONTENT",
    "VEIL_OPTION_CLEAN_GRAPHICS",
]

# PS3.15 Table E.1-1a action codes -> (VeilAction enumerator, short macro used in the table).
ACTIONS = {
    None: ("VEIL_ACTION_NONE", "A_NONE"),
    "X": ("VEIL_ACTION_X", "A_X"),
    "Z": ("VEIL_ACTION_Z", "A_Z"),
    "D": ("VEIL_ACTION_D", "A_D"),
    "K": ("VEIL_ACTION_K", "A_K"),
    "C": ("VEIL_ACTION_C", "A_C"),
    "U": ("VEIL_ACTION_U", "A_U"),
    "Z/D": ("VEIL_ACTION_Z_D", "A_Z_D"),
    "X/Z": ("VEIL_ACTION_X_Z", "A_X_Z"),
    "X/D": ("VEIL_ACTION_X_D", "A_X_D"),
    "X/Z/D": ("VEIL_ACTION_X_Z_D", "A_X_Z_D"),
    "X/Z/U*": ("VEIL_ACTION_X_Z_U", "A_X_Z_U"),
}

# Pattern rows of E.1-1 that go into the lookup table: (group, element) as written in the
# JSON -> (tag, mask). The 50xx row covers every element of groups 5000-50FF.
PATTERN_ROWS = {
    ("50XX", "XXXX"): (0x50000000, 0xFF000000),
    ("60XX", "3000"): (0x60003000, 0xFF00FFFF),
    ("60XX", "4000"): (0x60004000, 0xFF00FFFF),
}
# The "(gggg,eeee) where gggg is odd" row: private attributes are handled by the caller
# (see veil_safe_private_is_safe()), so this row is checked but left out of the table.
ODD_GROUP_ROW = ("odd", "xxxx")

KNOWN_FIELDS = {
    "tag", "group", "element", "keyword", "name", "vr", "retired", "in_std_comp_iod",
    "basic_profile", "innolitics_id", "note",
} | {opt[0] for opt in OPTIONS}

# PS3.15 Table E.3.10-1 "Safe Private Attributes": (Private Creator, group, element bytes
# within the reserved block, i.e. the "ee" of (gggg,xxee)).
#
# Sources for these facts (the table is not among the shared reference files):
#  * The standard's own table, PS3.15 section E.3.10,
#    https://dicom.nema.org/medical/dicom/current/output/chtml/part15/sect_E.3.10.html
#  * As parsed from that page (2026d edition) by PyMedPhys,
#    pymedphys/pymedphys lib/pymedphys/_dicom/deidentify/_standard/e3_10_1.json
#    (one row per entry: tag "(gggg,xxee)", private_creator, VR, VM, meaning).
#  * Cross-checked entry by entry against GDCM's copy of the same table,
#    malaterre/GDCM Source/MediaStorageAndFileFormat/gdcmCleaner.cxx (part15_table_E_1_1[]),
#    taken from an earlier edition: both list the same creators, groups and elements.
#    The table did not change between those editions, so it is taken to be the 2024b table.
# PixelMed's ClinicalTrialsAttributes.isSafePrivateAttribute() knows many more vendor
# elements (e.g. Philips US, GEMS_SENO_02, LORAD); those are not in E.3.10-1 and are not
# listed here.
def _r(first, last):
    return list(range(first, last + 1))


SAFE_PRIVATE = [
    ("ELSCINT1", 0x00E1, [0x21, 0x50]),
    ("ELSCINT1", 0x01E1, [0x26]),
    ("ELSCINT1", 0x01F1, [0x01, 0x07, 0x26, 0x27]),
    ("GEIIS PACS", 0x0903, [0x10, 0x11, 0x12]),
    ("GEMS_ACQU_01", 0x0019, [0x23, 0x24, 0x27, 0x9E]),
    ("GEMS_HELIOS_01", 0x0045, [0x01, 0x02]),
    ("GEMS_PARM_01", 0x0043, [0x27, 0x39, 0x6F]),
    ("GEMS_SERS_01", 0x0025, [0x07]),
    ("HOLOGIC, Inc.", 0x7E01, [0x01, 0x02, 0x10, 0x11, 0x12]),
    ("NQHeader", 0x0099, [0x01, 0x02, 0x04, 0x05, 0x10, 0x20, 0x21]),
    ("NQLeft", 0x0199, _r(0x01, 0x16)),
    ("NQRight", 0x0299, _r(0x01, 0x16)),
    ("Philips Imaging DD 001", 0x2001,
     _r(0x01, 0x0C) + _r(0x0E, 0x1F) + _r(0x21, 0x51) + _r(0x53, 0x5A) + _r(0x5D, 0x6B)
     + _r(0x6D, 0x6F) + _r(0x71, 0x77) + _r(0x79, 0x8C) + _r(0x90, 0x94)
     + [0x9A, 0x9B, 0x9D, 0x9F] + _r(0xA1, 0xA5) + _r(0xC0, 0xC3) + _r(0xC5, 0xC7)
     + [0xCA, 0xCB] + _r(0xD0, 0xDF) + [0xE9] + _r(0xF1, 0xF7) + [0xF9, 0xFB, 0xFC, 0xFD, 0xFF]),
    ("Philips Imaging DD 002", 0x2001,
     _r(0x01, 0x40) + [0x50, 0x52, 0x53, 0x57, 0x58, 0x5A] + _r(0x5C, 0x5F) + _r(0x63, 0x68)
     + [0x6B] + _r(0x71, 0x75)),
    ("Philips Imaging DD 097", 0x2001,
     _r(0x01, 0x08) + [0x0A, 0x0B] + _r(0x0D, 0x0F) + [0x12] + _r(0x17, 0x1F) + _r(0x21, 0x28)
     + _r(0x2A, 0x32) + _r(0x36, 0x3E) + _r(0x40, 0x42) + _r(0x44, 0x47) + _r(0x49, 0x4C)
     + _r(0xA1, 0xA6) + _r(0xA8, 0xAB)),
    ("Philips Imaging DD 129", 0x2001, _r(0x00, 0x09)),
    ("Philips MR Imaging DD 001", 0x2005, [0x0D, 0x0E]),
    ("Philips PET Private Group", 0x7053, [0x00, 0x09]),
    ("Philips ST80i", 0x0025, [0x01]),
    ("SIEMENS MR HEADER", 0x0019, [0x0C, 0x0D, 0x0E, 0x27]),
    ("SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING", 0x7FD1, [0x01, 0x09, 0x10, 0x11]),
    ("SIEMENS Ultrasound SC2000", 0x0119, _r(0x00, 0x09) + _r(0x10, 0x13) + [0x21]),
    ("SIEMENS Ultrasound SC2000", 0x0129,
     [0x00] + _r(0x02, 0x09) + _r(0x10, 0x12) + [0x20, 0x21, 0x22, 0x29, 0x30]),
    ("SIEMENS Ultrasound SC2000", 0x0139, [0x01]),
    ("SIEMENS Ultrasound SC2000", 0x0149, [0x01, 0x02, 0x03]),
    ("SIEMENS Ultrasound SC2000", 0x7FD1, [0x01, 0x09, 0x10, 0x11]),
]


def die(message):
    sys.stderr.write("gen-deid-table: error: %s\n" % message)
    sys.exit(1)


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def c_string(text):
    if not isinstance(text, str) or not text:
        die("expected a non-empty string, got %r" % (text,))
    if any(ord(ch) < 0x20 or ord(ch) > 0x7E for ch in text):
        die("non-printable or non-ASCII character in %r" % text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def action_macro(value, where):
    if value not in ACTIONS:
        die("unknown action string %r in %s" % (value, where))
    return ACTIONS[value][1]


HEX4 = re.compile(r"^[0-9A-F]{4}$")
KEYWORD = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def load_rules(path):
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)
    if not isinstance(rows, list) or not rows:
        die("%s: expected a non-empty JSON array" % path)

    exact = []
    patterns = []
    seen = set()
    seen_patterns = set()
    odd_seen = False
    for index, row in enumerate(rows):
        where = "%s row %d (%s)" % (os.path.basename(path), index, row.get("tag"))
        unknown = set(row) - KNOWN_FIELDS
        if unknown:
            die("unknown field(s) %s in %s" % (sorted(unknown), where))
        missing = {"group", "element", "basic_profile"} | {opt[0] for opt in OPTIONS}
        missing -= set(row)
        if missing:
            die("missing field(s) %s in %s" % (sorted(missing), where))

        group, element = row["group"], row["element"]
        if row["basic_profile"] is None:
            die("blank basic_profile in %s" % where)
        basic = action_macro(row["basic_profile"], where + " basic_profile")
        options = [action_macro(row[opt[0]], "%s %s" % (where, opt[0])) for opt in OPTIONS]

        if (group, element) == ODD_GROUP_ROW:
            if odd_seen:
                die("duplicate odd-group row in %s" % where)
            odd_seen = True
            continue

        keyword = row.get("keyword")
        if keyword is None:
            # Only the (50xx,xxxx) row has no keyword in the standard; give it one made from
            # its name so that callers always get a string.
            if (group, element) != ("50XX", "XXXX"):
                die("missing keyword in %s" % where)
            keyword = (row.get("name") or "").replace(" ", "")
        if not KEYWORD.match(keyword):
            die("odd keyword %r in %s" % (keyword, where))

        if HEX4.match(group) and HEX4.match(element):
            tag = (int(group, 16) << 16) | int(element, 16)
            if int(group, 16) % 2:
                die("exact row with an odd (private) group in %s" % where)
            if tag in seen:
                die("duplicate tag in %s" % where)
            seen.add(tag)
            exact.append((tag, 0xFFFFFFFF, keyword, basic, options, row))
        elif (group, element) in PATTERN_ROWS:
            if (group, element) in seen_patterns:
                die("duplicate pattern row in %s" % where)
            seen_patterns.add((group, element))
            tag, mask = PATTERN_ROWS[(group, element)]
            patterns.append((tag, mask, keyword, basic, options, row))
        else:
            die("unknown wildcard pattern %r,%r in %s" % (group, element, where))

    if not odd_seen:
        die("the odd-group (private attributes) row is missing")
    if seen_patterns != set(PATTERN_ROWS):
        die("pattern rows missing: %s" % sorted(set(PATTERN_ROWS) - seen_patterns))

    exact.sort(key=lambda rule: rule[0])
    patterns.sort(key=lambda rule: (rule[0], rule[1]))
    for rule in patterns:
        for other in exact:
            if (other[0] & rule[1]) == rule[0]:
                die("exact row %08X falls inside pattern row %08X/%08X"
                    % (other[0], rule[0], rule[1]))
    return exact, patterns, len(rows)


def load_codes(path):
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)
    if not isinstance(rows, list) or not rows:
        die("%s: expected a non-empty JSON array" % path)
    columns = {opt[0]: bit for bit, opt in enumerate(OPTIONS)}
    codes = []
    seen_codes = set()
    seen_columns = set()
    for index, row in enumerate(rows):
        where = "%s row %d" % (os.path.basename(path), index)
        if set(row) != {"code_value", "coding_scheme", "code_meaning", "e11_column"}:
            die("unexpected fields %s in %s" % (sorted(row), where))
        if row["coding_scheme"] != "DCM":
            die("unexpected coding scheme %r in %s" % (row["coding_scheme"], where))
        value = row["code_value"]
        if not re.match(r"^[0-9]+$", value or "") or value in seen_codes:
            die("bad or duplicate code value %r in %s" % (value, where))
        seen_codes.add(value)
        column = row["e11_column"]
        if column is not None and column in seen_columns:
            die("two codes for column %r in %s" % (column, where))
        if column is None:
            option, basic = "0", "FALSE"
        elif column == "basic_profile":
            option, basic = "0", "TRUE"
        elif column in columns:
            option, basic = OPTION_ENUMS[columns[column]], "FALSE"
        else:
            die("unknown e11_column %r in %s" % (column, where))
        if column is not None:
            seen_columns.add(column)
        codes.append((value, row["code_meaning"], option, basic))
    wanted = {"basic_profile"} | set(columns)
    if seen_columns != wanted:
        die("no CID 7050 code for column(s) %s" % sorted(wanted - seen_columns))
    codes.sort(key=lambda code: int(code[0]))
    return codes


def safe_private_entries():
    entries = set()
    for creator, group, elements in SAFE_PRIVATE:
        if group % 2 == 0 or group in (0x0001, 0x0003, 0x0005, 0x0007, 0xFFFF):
            die("safe private group %04X is not a private group" % group)
        if creator != creator.strip() or not creator:
            die("safe private creator %r has surrounding spaces" % creator)
        for element in elements:
            if not 0 <= element <= 0xFF:
                die("safe private element %r out of range" % element)
            if (creator, group, element) in entries:
                die("duplicate safe private entry %s %04X %02X" % (creator, group, element))
            entries.add((creator, group, element))
    # The order veil_safe_private_is_safe()'s bsearch expects: group, element, then the
    # creator's bytes (a shorter prefix first), the same as Python's order on ASCII str.
    return sorted(entries, key=lambda e: (e[1], e[2], e[0].encode("ascii")))


def generate(e11_path, cid_path):
    exact, patterns, n_json_rows = load_rules(e11_path)
    codes = load_codes(cid_path)
    safe = safe_private_entries()
    rules = exact + patterns

    out = []
    w = out.append
    w("/* veil-deid-table.c: PS3.15 (%s) Table E.1-1 as the project's own table.\n" % EDITION)
    w(" *\n")
    w(" * GENERATED FILE, DO NOT EDIT. Generated by tools/gen-deid-table.py from DICOM PS3.15\n")
    w(" * edition %s (Table E.1-1, CID 7050 and Table E.3.10-1). To regenerate:\n" % EDITION)
    w(" *\n")
    w(" *   /usr/bin/python3 tools/gen-deid-table.py \\\n")
    w(" *     ../shared/reference/ps3.15-table-e1-1.json \\\n")
    w(" *     ../shared/reference/cid7050-deidentification-method.json\n")
    w(" *\n")
    w(" * Inputs used:\n")
    w(" *   ps3.15-table-e1-1.json sha256\n")
    w(" *     %s\n" % sha256_of(e11_path))
    w(" *   cid7050-deidentification-method.json sha256\n")
    w(" *     %s\n" % sha256_of(cid_path))
    w(" *\n")
    w(" * %d of the %d E.1-1 rows are here: %d exact rows sorted by tag, then %d pattern rows.\n"
      % (len(rules), n_json_rows, len(exact), len(patterns)))
    w(" * The \"(gggg,eeee) where gggg is odd\" row is left out: private attributes are\n")
    w(" * handled by the caller with veil_safe_private_is_safe(). The (50xx,xxxx) row has no\n")
    w(" * keyword in the standard; \"CurveData\" is made from its name.\n")
    w(" */\n")
    w("\n")
    w('#include "veil-deid-table.h"\n')
    w("\n")
    w("#include <stdlib.h>\n")
    w("#include <string.h>\n")
    w("\n")
    for value, (enum, macro) in ACTIONS.items():
        w("#define %s %s\n" % (macro, enum))
    w("#define EXACT 0xFFFFFFFFu\n")
    w("\n")
    w("#define N_EXACT_RULES %d\n" % len(exact))
    w("#define N_PATTERN_RULES %d\n" % len(patterns))
    w("\n")
    w("/* Option cells in VeilOptions bit order: safe-private, uids, device, institution,\n")
    w(" * patient-characteristics, full-dates, modified-dates, descriptors, structured-content,\n")
    w(" * graphics. */\n")
    w("static const VeilDeidRule rules[] = {\n")
    for tag, mask, keyword, basic, options, _row in rules:
        mask_text = "EXACT" if mask == 0xFFFFFFFF else "0x%08Xu" % mask
        w("  { 0x%08Xu, %s, %s,\n" % (tag, mask_text, c_string(keyword)))
        w("    %s, { %s } },\n" % (basic, ", ".join(options)))
    w("};\n")
    w("\n")
    for value, (enum, macro) in ACTIONS.items():
        w("#undef %s\n" % macro)
    w("#undef EXACT\n")
    w("\n")
    w("G_STATIC_ASSERT (G_N_ELEMENTS (rules) == N_EXACT_RULES + N_PATTERN_RULES);\n")
    w("\n")

    w("static const char *const option_names[VEIL_N_OPTIONS] = {\n")
    for _, name, _ in OPTIONS:
        w("  %s,\n" % c_string(name))
    w("};\n")
    w("\n")
    w("static const char *const option_titles[VEIL_N_OPTIONS] = {\n")
    for _, _, title in OPTIONS:
        w("  %s,\n" % c_string(title))
    w("};\n")
    w("\n")

    w("/* CID 7050 De-identification Method, in code value order. */\n")
    w("static const VeilDeidMethodCode method_codes[] = {\n")
    for value, meaning, option, basic in codes:
        w("  { %s, %s,\n    %s, %s },\n" % (c_string(value), c_string(meaning), option, basic))
    w("};\n")
    w("\n")

    w("typedef struct {\n")
    w("  guint16 group;\n")
    w("  guint8 element_low;\n")
    w("  const char *creator;\n")
    w("} SafePrivateEntry;\n")
    w("\n")
    w("/* PS3.15 Table E.3.10-1 Safe Private Attributes: (gggg,xxee) in the block reserved by\n")
    w(" * the creator, sorted by group, element byte, then creator. */\n")
    w("static const SafePrivateEntry safe_private[] = {\n")
    for creator, group, element in safe:
        w("  { 0x%04X, 0x%02X, %s },\n" % (group, element, c_string(creator)))
    w("};\n")
    w("\n")
    w(C_FUNCTIONS)
    return "".join(out)


C_FUNCTIONS = r"""static int
compare_tag (const void *key,
             const void *member)
{
  guint32 tag = *(const guint32 *) key;
  const VeilDeidRule *rule = member;

  if (tag < rule->tag)
    return -1;
  return tag > rule->tag ? 1 : 0;
}

const VeilDeidRule *
veil_deid_table_lookup (guint32 tag)
{
  const VeilDeidRule *rule;
  gsize i;

  /* Private attributes are the caller's business; this also keeps (5001,xxxx) or
   * (6001,3000) from matching the repeating-group rows. */
  if ((tag >> 16) & 1)
    return NULL;

  rule = bsearch (&tag, rules, N_EXACT_RULES, sizeof rules[0], compare_tag);
  if (rule != NULL)
    return rule;

  for (i = N_EXACT_RULES; i < G_N_ELEMENTS (rules); i++)
    {
      if ((tag & rules[i].mask) == rules[i].tag)
        return &rules[i];
    }
  return NULL;
}

const VeilDeidRule *
veil_deid_table_get_rules (gsize *n_rules)
{
  if (n_rules != NULL)
    *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

VeilAction
veil_deid_rule_effective_action (const VeilDeidRule *rule,
                                 VeilOptions options)
{
  VeilAction action;
  guint bit;

  g_return_val_if_fail (rule != NULL, VEIL_ACTION_NONE);

  action = rule->basic;
  for (bit = 0; bit < VEIL_N_OPTIONS; bit++)
    {
      if (((guint) options & (1u << bit)) != 0 && rule->option[bit] != VEIL_ACTION_NONE)
        action = rule->option[bit];
    }
  return action;
}

const char *
veil_action_to_string (VeilAction action)
{
  switch (action)
    {
    case VEIL_ACTION_NONE:
      return "";
    case VEIL_ACTION_X:
      return "X";
    case VEIL_ACTION_Z:
      return "Z";
    case VEIL_ACTION_D:
      return "D";
    case VEIL_ACTION_K:
      return "K";
    case VEIL_ACTION_C:
      return "C";
    case VEIL_ACTION_U:
      return "U";
    case VEIL_ACTION_Z_D:
      return "Z/D";
    case VEIL_ACTION_X_Z:
      return "X/Z";
    case VEIL_ACTION_X_D:
      return "X/D";
    case VEIL_ACTION_X_Z_D:
      return "X/Z/D";
    case VEIL_ACTION_X_Z_U:
      return "X/Z/U*";
    default:
      return NULL;
    }
}

/* The bit position of a single option, or -1 if `single_option` is not exactly one of the
 * VEIL_N_OPTIONS flags. */
static int
option_bit (VeilOptions single_option)
{
  guint bit;

  for (bit = 0; bit < VEIL_N_OPTIONS; bit++)
    {
      if ((guint) single_option == (1u << bit))
        return (int) bit;
    }
  return -1;
}

const char *
veil_option_get_name (VeilOptions single_option)
{
  int bit = option_bit (single_option);

  return bit < 0 ? NULL : option_names[bit];
}

const char *
veil_option_get_title (VeilOptions single_option)
{
  int bit = option_bit (single_option);

  return bit < 0 ? NULL : option_titles[bit];
}

gboolean
veil_option_from_name (const char *name,
                       VeilOptions *out_option)
{
  guint bit;

  if (name == NULL)
    return FALSE;

  for (bit = 0; bit < VEIL_N_OPTIONS; bit++)
    {
      if (strcmp (name, option_names[bit]) == 0)
        {
          if (out_option != NULL)
            *out_option = (VeilOptions) (1u << bit);
          return TRUE;
        }
    }
  return FALSE;
}

const VeilDeidMethodCode *
veil_deid_method_codes (gsize *n_codes)
{
  if (n_codes != NULL)
    *n_codes = G_N_ELEMENTS (method_codes);
  return method_codes;
}

/* single_option == 0 gives the Basic Profile code (113100). */
const VeilDeidMethodCode *
veil_deid_method_code_for_option (VeilOptions single_option)
{
  gsize i;

  if (single_option != 0 && option_bit (single_option) < 0)
    return NULL;

  for (i = 0; i < G_N_ELEMENTS (method_codes); i++)
    {
      if (single_option == 0 ? method_codes[i].basic
                             : method_codes[i].option == single_option)
        return &method_codes[i];
    }
  return NULL;
}

const VeilDeidMethodCode *
veil_deid_method_code_lookup (const char *code_value)
{
  gsize i;

  if (code_value == NULL)
    return NULL;

  for (i = 0; i < G_N_ELEMENTS (method_codes); i++)
    {
      if (strcmp (code_value, method_codes[i].code_value) == 0)
        return &method_codes[i];
    }
  return NULL;
}

typedef struct {
  guint16 group;
  guint8 element_low;
  const char *creator; /* not NUL-terminated at creator_len */
  gsize creator_len;
} SafePrivateKey;

static int
compare_safe_private (const void *key,
                      const void *member)
{
  const SafePrivateKey *k = key;
  const SafePrivateEntry *e = member;
  gsize entry_len;
  int cmp;

  if (k->group != e->group)
    return k->group < e->group ? -1 : 1;
  if (k->element_low != e->element_low)
    return k->element_low < e->element_low ? -1 : 1;

  entry_len = strlen (e->creator);
  cmp = memcmp (k->creator, e->creator, MIN (k->creator_len, entry_len));
  if (cmp != 0)
    return cmp;
  if (k->creator_len == entry_len)
    return 0;
  return k->creator_len < entry_len ? -1 : 1;
}

gboolean
veil_safe_private_is_safe (const char *creator,
                           guint16 group,
                           guint8 element_low)
{
  SafePrivateKey key;
  gsize len;

  if (creator == NULL)
    return FALSE;

  /* Private Creator is LO: leading and trailing spaces are not significant. */
  while (*creator == ' ')
    creator++;
  len = strlen (creator);
  while (len > 0 && creator[len - 1] == ' ')
    len--;

  key.group = group;
  key.element_low = element_low;
  key.creator = creator;
  key.creator_len = len;
  return bsearch (&key, safe_private, G_N_ELEMENTS (safe_private), sizeof safe_private[0],
                  compare_safe_private) != NULL;
}
"""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_output = os.path.join(os.path.dirname(here), "engine", "veil-deid-table.c")

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("e11_json", help="ps3.15-table-e1-1.json")
    parser.add_argument("cid7050_json", help="cid7050-deidentification-method.json")
    parser.add_argument("-o", "--output", default=default_output,
                        help="output C file (default: %(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the output file is not up to date")
    args = parser.parse_args()

    text = generate(args.e11_json, args.cid7050_json)

    if args.check:
        try:
            with open(args.output, encoding="utf-8") as f:
                current = f.read()
        except OSError as error:
            die("cannot read %s: %s" % (args.output, error))
        if current != text:
            sys.stderr.write("gen-deid-table: %s is out of date\n" % args.output)
            sys.exit(1)
        return

    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, args.output)


if __name__ == "__main__":
    main()
