"""Shared helpers for Veil's integration tests.

The tests drive the real veil-cli on real DICOM files and check the results with DCMTK's
dcmdump and dicom3tools' dciodvfy. Only the Python standard library is used.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

VEIL_CLI = os.environ.get("VEIL_CLI", "veil-cli")
SHARED = os.environ.get("VEIL_SHARED_DIR", "")
SAMPLES = os.path.join(SHARED, "dicom-samples") if SHARED else ""
SOURCE_ROOT = os.environ.get("VEIL_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))


def have_samples():
    return bool(SAMPLES) and os.path.isdir(SAMPLES)


def run(args, check=None, **kwargs):
    """Runs a command, returning CompletedProcess with text output."""
    proc = subprocess.run(args, capture_output=True, text=True, errors="replace", **kwargs)
    if check is not None and proc.returncode != check:
        raise AssertionError(
            "%s exited %d, expected %d\nstdout:\n%s\nstderr:\n%s"
            % (" ".join(map(str, args)), proc.returncode, check, proc.stdout[-4000:], proc.stderr[-4000:]))
    return proc


def veil(*args, check=None, **kwargs):
    return run([VEIL_CLI] + [str(a) for a in args], check=check, **kwargs)


def dicom_files(root):
    out = []
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            out.append(os.path.join(dirpath, name))
    return sorted(out)


_TAG_LINE = re.compile(r"^\(([0-9a-f]{4}),([0-9a-f]{4})\) (\S\S) (.*?)\s+#\s*(\d+),")


def dump(path, *options):
    """dcmdump's view of a file: list of (depth, tag, vr, value text)."""
    proc = run(["dcmdump", "-q", "+L", "-M", "+uc", *options, path], check=0)
    rows = []
    for line in proc.stdout.splitlines():
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 2
        m = _TAG_LINE.match(stripped)
        if not m:
            continue
        tag = (m.group(1) + m.group(2)).upper()
        value = m.group(4)
        if value.startswith("[") and "]" in value:
            value = value[1:value.rindex("]")]
        elif value.startswith("="):
            value = value[1:]
        rows.append((depth, tag, m.group(3), value))
    return rows


def top_value(rows, tag):
    for depth, t, vr, value in rows:
        if depth == 0 and t == tag:
            return value
    return None


def values(rows, tag):
    return [value for depth, t, vr, value in rows if t == tag]


_DCIODVFY_NOISE = re.compile(r"<[^>]*>|\"[^\"]*\"|\[[^\]]*\]|[0-9][0-9.]*")


def dciodvfy_errors(path):
    """The set of dciodvfy error messages for a file, with values and numbers taken out so
    the same problem in the input and the output compares equal."""
    proc = run(["dciodvfy", path])
    errors = set()
    text = proc.stdout + proc.stderr
    if "Dicom dataset read failed" in text or "Information Object Not found" in text:
        return None  # dciodvfy cannot read it (deflated, damaged): nothing to compare
    # A value with a line break in it continues on the next line: join those back.
    lines = []
    for line in text.splitlines():
        if lines and not re.match(r"^(Error|Warning|\(0x)", line):
            lines[-1] += " " + line
        else:
            lines.append(line)
    for line in lines:
        if not line.startswith("Error"):
            continue
        m = re.search(r"Value invalid for this VR - (\(0x[0-9a-f]{4},0x[0-9a-f]{4}\))", line)
        if m:
            # the value itself may hold anything: compare the attribute alone
            errors.add("Error - Value invalid for this VR - " + m.group(1))
        else:
            errors.add(_DCIODVFY_NOISE.sub("#", line))
    return errors


def read_csv_pairs(path):
    import csv
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [tuple(row) for row in reader]


class TempDirTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="veil-it-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)


def main():
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2)
    result = unittest.main(exit=False, testRunner=runner).result
    n_run = result.testsRun
    n_failed = len(result.failures) + len(result.errors)
    n_skipped = len(result.skipped)
    print("%d passed, %d failed, %d skipped" % (n_run - n_failed - n_skipped, n_failed, n_skipped))
    if n_run == n_skipped and n_run > 0:
        sys.exit(77)
    sys.exit(1 if n_failed else 0)


def native(path):
    """The file as a PS3.19 Native DICOM Model tree (dcm2xml), for path look-ups."""
    import xml.etree.ElementTree as ET
    proc = run(["dcm2xml", "-q", "--native-format", path], check=0)
    return ET.fromstring(proc.stdout.encode("utf-8", "replace"))


def find_path(root, path):
    """Value of "Keyword[i].Keyword[j].Keyword" (items numbered from 0), or None."""
    node = root
    parts = path.split(".")
    for n, part in enumerate(parts):
        m = re.match(r"^(\w+)(?:\[(\d+)\])?$", part)
        keyword, index = m.group(1), m.group(2)
        attr = next((a for a in node.findall("DicomAttribute") if a.get("keyword") == keyword), None)
        if attr is None:
            return None
        if index is None:
            value = attr.find("Value")
            if value is None:
                value = attr.find("PersonName/Alphabetic")
                if value is not None:
                    return "^".join((c.text or "") for c in value)
            return value.text if value is not None else ""
        node = attr.find("Item[@number='%d']" % (int(index) + 1))
        if node is None:
            return None
    return None


def all_values(root, vr=None):
    """Every (keyword, vr, value) at any depth."""
    out = []
    for attr in root.iter("DicomAttribute"):
        if vr is not None and attr.get("vr") != vr:
            continue
        for value in attr.findall("Value"):
            out.append((attr.get("keyword"), attr.get("vr"), value.text or ""))
    return out
