#!/usr/bin/python3
"""Generate engine/veil-burned-in-table.c, the project's own library of burned-in layouts.

Usage:
    /usr/bin/python3 tools/gen-burned-in-table.py \\
        ../shared/reference/burned-in/deid.dicom \\
        ../shared/reference/dicom-attributes.json \\
        [-o engine/veil-burned-in-table.c] [--check]

Inputs (not committed to this repository; only the generated C is):
  * deid.dicom: pydicom/deid's filter library (itself grown from RSNA CTP's
    DicomPixelAnonymizer.script). `%filter whitelist|graylist|blacklist` sections of
    `LABEL name # attribution` rules; each following line is one condition line
    (`contains|notcontains|equals|notequals|missing|present|empty Field [value]`), joined to
    the rule so far by a leading `+` (and) or `||` (or), and may chain more conditions with
    ` + ` or ` || ` inside the line. `coordinates x0,y0,x1,y1` and `ctpcoordinates x,y,w,h`
    give rectangles to blank. The `%header` section (header actions) is not used here: the
    de-identifier follows PS3.15 instead.
  * dicom-attributes.json: the PS3.6 dictionary, to turn the field keywords into tags.

deid evaluates a rule strictly left to right, without precedence: within a line each
condition joins the line's value so far, and each line joins the rule's value so far (a line
without an operator joins with "and"). The table keeps that order so veil-pixel-risk.c can
evaluate the rules exactly as deid does. The library misspells Manufacturer twice
("Manfacturer", "Manufacture"), which makes those signatures (ADAC, MEDRAD) never fire in
deid; they are corrected here (MISSPELLED) because the fact they record is about the
manufacturer. Any other field the dictionary does not know gets tag 0 and is treated as
absent, as deid's `dataset.get()` treats it.

Only deid.dicom is used: deid.dicom.ultrasound ("blank everything outside the ultrasound
regions") and deid.dicom.xray.chest (a chest-only research whitelist) are recipes for other
purposes, not facts about where devices burn text.

Anything unexpected in the input stops the generator with an error instead of being guessed
at. Standard library only.
"""

import argparse
import hashlib
import json
import os
import re
import sys

TESTS = {
    "contains": "T_CONTAINS",
    "notcontains": "T_NOT_CONTAINS",
    "equals": "T_EQUALS",
    "notequals": "T_NOT_EQUALS",
    "missing": "T_MISSING",
    "present": "T_PRESENT",
    "empty": "T_EMPTY",
}
VALUELESS = {"missing", "present", "empty"}
MISSPELLED = {"Manfacturer": "Manufacturer", "Manufacture": "Manufacturer"}
LISTS = {"whitelist": "L_WHITE", "graylist": "L_GRAY", "blacklist": "L_BLACK"}


def fail(message):
    sys.exit("gen-burned-in-table: " + message)


def load_keywords(path):
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)
    keywords = {}
    for row in rows:
        tag = row["tag"].strip("()").upper()
        group, element = tag.split(",")
        # Repeating groups (60XX) are looked up in their first group.
        group = group.replace("X", "0")
        element = element.replace("X", "0")
        keywords[row["keyword"]] = (int(group, 16), int(element, 16))
    return keywords


def parse_condition(text, keywords, where):
    parts = text.split(None, 2)
    if not parts or parts[0].lower() not in TESTS:
        fail("%s: unknown condition %r" % (where, text))
    test = parts[0].lower()
    if len(parts) < 2:
        fail("%s: condition without a field: %r" % (where, text))
    field = MISSPELLED.get(parts[1], parts[1])
    value = parts[2].strip() if len(parts) > 2 else ""
    if test in VALUELESS and value:
        fail("%s: %s takes no value: %r" % (where, test, text))
    if test not in VALUELESS and not value:
        fail("%s: %s needs a value: %r" % (where, test, text))
    tag = keywords.get(field)
    return {"test": test, "field": field, "value": value, "tag": tag}


def parse(path, keywords):
    rules = []
    section = None
    rule = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for number, raw in enumerate(lines, 1):
        where = "%s:%d" % (os.path.basename(path), number)
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("FORMAT"):
            continue
        if line.startswith("%"):
            words = line[1:].split()
            if words[0] == "filter" and len(words) == 2 and words[1] in LISTS:
                section = words[1]
            elif words[0] == "header":
                section = "header"
            else:
                fail("%s: unknown section %r" % (where, line))
            rule = None
            continue
        if section == "header":
            continue
        if section is None:
            fail("%s: text before any section" % where)
        if line.startswith("LABEL"):
            label, _, comment = line[len("LABEL"):].partition("#")
            rule = {
                "list": section,
                "label": " ".join(label.split()),
                "source": comment.strip(),
                "lines": [],
                "boxes": [],
                "keep": [],
            }
            rules.append(rule)
            continue
        if rule is None:
            fail("%s: condition outside a LABEL" % where)
        keyword = line.split(None, 1)[0]
        if keyword in ("coordinates", "ctpcoordinates"):
            spec = line.split(None, 1)[1].replace(" ", "")
            if spec == "all":
                rule["boxes"].append(None)
                continue
            numbers = spec.split(",")
            if len(numbers) != 4 or not all(re.fullmatch(r"\d+", n) for n in numbers):
                fail("%s: bad coordinates %r" % (where, line))
            a, b, c, d = (int(n) for n in numbers)
            if keyword == "ctpcoordinates":
                box = (a, b, a + c, b + d)
            else:
                box = (a, b, c, d)
            if box[2] <= box[0] or box[3] <= box[1]:
                fail("%s: empty rectangle %r" % (where, line))
            rule["boxes"].append(box)
            continue
        if keyword in ("keepcoordinates", "ctpkeepcoordinates"):
            rule["keep"].append(line)
            continue
        line_join = "first"
        if line.startswith("+"):
            line_join, line = "and", line[1:].strip()
        elif line.startswith("||"):
            line_join, line = "or", line[2:].strip()
        pieces = re.split(r"\s+(\+|\|\|)\s+", line)
        terms = [parse_condition(pieces[0], keywords, where)]
        for op, text in zip(pieces[1::2], pieces[2::2]):
            term = parse_condition(text, keywords, where)
            term["join"] = "and" if op == "+" else "or"
            terms.append(term)
        terms[0]["join"] = "first"
        rule["lines"].append((line_join, terms))
    for rule in rules:
        if rule["keep"]:
            fail("rule %r keeps coordinates, which this table cannot express" % rule["label"])
        if not rule["lines"] and not rule["boxes"]:
            fail("rule %r has neither conditions nor coordinates" % rule["label"])
    return rules


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(rules, source_path, dictionary_path, digest_source, digest_dictionary):
    out = []
    w = out.append
    w("/* veil-burned-in-table.c: where devices burn identifying text into the pixels.")
    w(" *")
    w(" * GENERATED FILE, DO NOT EDIT. Generated by tools/gen-burned-in-table.py from pydicom/deid's")
    w(" * filter library (deid/data/deid.dicom, commit 91326d0, MIT, itself grown from RSNA CTP's")
    w(" * DicomPixelAnonymizer.script) and the PS3.6 data dictionary. To regenerate:")
    w(" *")
    w(" *   /usr/bin/python3 tools/gen-burned-in-table.py \\")
    w(" *     ../shared/reference/burned-in/deid.dicom \\")
    w(" *     ../shared/reference/dicom-attributes.json")
    w(" *")
    w(" * Inputs used:")
    w(" *   deid.dicom sha256")
    w(" *     %s" % digest_source)
    w(" *   dicom-attributes.json sha256")
    w(" *     %s" % digest_dictionary)
    w(" *")
    counts = {name: sum(1 for r in rules if r["list"] == name) for name in LISTS}
    with_boxes = sum(1 for r in rules if r["boxes"])
    w(" * %d rules: %d whitelist, %d graylist (%d with rectangles), %d blacklist."
      % (len(rules), counts["whitelist"], counts["graylist"], with_boxes, counts["blacklist"]))
    w(" * Rectangles are [x0, x1) × [y0, y1) in pixels; CTP's x,y,w,h form is converted here.")
    w(" */")
    w("")
    w('#include "veil-burned-in-table.h"')
    w("")
    w("#define L_WHITE VEIL_BURNED_IN_WHITELIST")
    w("#define L_GRAY VEIL_BURNED_IN_GRAYLIST")
    w("#define L_BLACK VEIL_BURNED_IN_BLACKLIST")
    for name, macro in TESTS.items():
        w("#define %s VEIL_BURNED_IN_%s" % (macro, macro[2:]))
    w("#define J_FIRST VEIL_BURNED_IN_FIRST")
    w("#define J_AND VEIL_BURNED_IN_AND")
    w("#define J_OR VEIL_BURNED_IN_OR")
    w("")
    joins = {"first": "J_FIRST", "and": "J_AND", "or": "J_OR"}

    w("static const VeilBurnedInTerm terms[] = {")
    term_index = []
    n = 0
    for rule in rules:
        term_index.append(n)
        w("  /* %s */" % rule["label"].replace("*/", "* /"))
        for line_join, terms in rule["lines"]:
            for i, term in enumerate(terms):
                tag = term["tag"]
                tag_text = "VEIL_TAG (0x%04X, 0x%04X)" % tag if tag else "0"
                w("  { %s, %s, %s, %s, %s, %s }," % (
                    joins[line_join] if i == 0 else "J_FIRST",
                    joins[term["join"]],
                    TESTS[term["test"]],
                    tag_text,
                    c_string(term["field"]),
                    c_string(term["value"]) if term["value"] else "NULL"))
                n += 1
    w("};")
    w("")
    w("static const VeilBurnedInBox boxes[] = {")
    box_index = []
    m = 0
    for rule in rules:
        box_index.append(m)
        for box in rule["boxes"]:
            if box is None:
                w("  { 0, 0, -1, -1 }, /* %s: the whole image */" % rule["label"])
            else:
                w("  { %d, %d, %d, %d }, /* %s */" % (box[0], box[1], box[2], box[3], rule["label"]))
            m += 1
    w("};")
    w("")
    w("static const VeilBurnedInRule rules[] = {")
    for i, rule in enumerate(rules):
        n_terms = sum(len(t) for _, t in rule["lines"])
        w("  { %s, %s, %s, %d, %d, %d, %d }," % (
            LISTS[rule["list"]], c_string(rule["label"]), c_string(rule["source"]),
            term_index[i], n_terms, box_index[i], len(rule["boxes"])))
    w("};")
    w("")
    w("const VeilBurnedInRule *")
    w("veil_burned_in_get_rules (gsize *n_rules)")
    w("{")
    w("  *n_rules = G_N_ELEMENTS (rules);")
    w("  return rules;")
    w("}")
    w("")
    w("const VeilBurnedInTerm *")
    w("veil_burned_in_rule_get_terms (const VeilBurnedInRule *rule)")
    w("{")
    w("  return &terms[rule->first_term];")
    w("}")
    w("")
    w("const VeilBurnedInBox *")
    w("veil_burned_in_rule_get_boxes (const VeilBurnedInRule *rule)")
    w("{")
    w("  return rule->n_boxes ? &boxes[rule->first_box] : NULL;")
    w("}")
    return "\n".join(out) + "\n"


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deid")
    parser.add_argument("dictionary")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("-o", "--output",
                        default=os.path.join(here, "..", "engine", "veil-burned-in-table.c"))
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the output would change")
    args = parser.parse_args()

    keywords = load_keywords(args.dictionary)
    rules = parse(args.deid, keywords)
    text = generate(rules, args.deid, args.dictionary, sha256(args.deid), sha256(args.dictionary))
    if args.check:
        try:
            with open(args.output, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            sys.exit("gen-burned-in-table: %s is out of date" % args.output)
        return
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
