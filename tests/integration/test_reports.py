#!/usr/bin/env python3
"""Text reports in a case: exported beside the study with the same pseudonyms the DICOM got,
none of their identifiers left, every clinical word kept."""

import os
import re
import shutil
import unittest

import veiltest as vt

GENERATOR = os.path.join(vt.SOURCE_ROOT, "data", "demo", "make-demo-case.sh")


class Reports(vt.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.path("case")
        vt.run(["bash", GENERATOR, self.case], check=0)

    def test_report_matches_dicom(self):
        out, store = self.path("out"), self.path("map.db")
        report = os.path.join(self.case, "report.txt")
        vt.veil("export", "--out", out, "--mapping", store, os.path.join(self.case, "study"), report,
                check=0)
        reports = [p for p in vt.dicom_files(out) if p.endswith(".txt")]
        self.assertEqual([os.path.relpath(p, out) for p in reports], ["REPORTS/REPORT-001.txt"])
        text = open(reports[0], encoding="utf-8").read()
        original = open(report, encoding="utf-8").read()

        # one patient, one pseudonym: the DICOM name's surname is the report's
        dicom_name = {vt.top_value(vt.dump(p), "00100010") for p in vt.dicom_files(out)
                      if p.endswith(".dcm")}
        (pn,) = dicom_name
        family = pn.split("^")[0]
        self.assertIn(family.lower(), text.lower(), text[:800])

        # identifiers gone
        for s in ("FICTIONAL-DEMO", "Fictional-Demo", "Eleanor", "RXD7654321", "999 765 4323",
                  "9997654323", "DEMO00042", "14/02/1958", "ZZ99 3CZ", "01632 960123",
                  "07700 900456", "GRANT", "Grant", "Oyelaran"):
            self.assertNotIn(s, text)
        # clinical measurements kept: every "N mm" / "N cm" of the original is still there
        for m in re.findall(r"\b\d+(?:\.\d+)? ?(?:mm|cm|HU)\b", original):
            self.assertIn(m, text)
        self.assertEqual(vt.veil("verify", "--mapping", store, out).returncode, 0)

    def test_scan_lists_report_findings(self):
        import json
        proc = vt.veil("scan", "--json", os.path.join(self.case, "report.txt"), check=0)
        doc = json.loads(proc.stdout)
        (entry,) = doc["files"]
        kinds = {f["kind"] for f in entry["findings"]}
        self.assertTrue({"person", "nhs-number", "date"} <= kinds, kinds)
        for f in entry["findings"]:
            self.assertTrue(f["reason"])
            self.assertLess(f["start"], f["end"])


if __name__ == "__main__":
    vt.main()
