#!/usr/bin/env python3
"""Every file of shared/dicom-samples: exported or refused with a reason, never a crash; every
output parses, dciodvfy finds no new errors, and the residual scan finds nothing."""

import collections
import csv
import os
import unittest

import veiltest as vt


@unittest.skipUnless(vt.have_samples(), "shared/dicom-samples not present")
class Samples(vt.TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.work = tempfile.mkdtemp(prefix="veil-samples-")
        cls.out = os.path.join(cls.work, "out")
        cls.store = os.path.join(cls.work, "map.db")
        cls.proc = vt.veil("export", "--out", cls.out, "--mapping", cls.store, vt.SAMPLES)
        csv_dir = os.path.join(cls.work, "csv")
        vt.veil("mapping", "--mapping", cls.store, "--csv", csv_dir, check=0)
        with open(os.path.join(csv_dir, "uid_mapping.csv"), newline="") as f:
            rows = list(csv.reader(f))[1:]
        cls.new_to_old = {new: old for old, new in rows}

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.work, ignore_errors=True)

    def refusals(self):
        out = {}
        for line in self.proc.stderr.splitlines():
            if line.startswith("veil-cli: refused "):
                rest = line[len("veil-cli: refused "):]
                name, _, reason = rest.partition(": ")
                out[name] = reason
        return out

    def test_accounted_for(self):
        # exit 1: some inputs refused, the rest exported; never a signal
        self.assertEqual(self.proc.returncode, 1, self.proc.stderr[-3000:])
        refused = self.refusals()
        outputs = vt.dicom_files(self.out)
        summary = [l for l in self.proc.stderr.splitlines() if l.startswith("Exported ")]
        self.assertTrue(summary, self.proc.stderr[-2000:])
        n_exported = int(summary[0].split()[1])
        self.assertEqual(n_exported, len(outputs))
        self.assertGreater(n_exported, 250)
        for reason in refused.values():
            self.assertTrue(reason.strip(), "a refusal without a reason")

        # every input file is an output, a refusal, or a DICOMDIR index
        inputs = [p for p in vt.dicom_files(vt.SAMPLES)]
        # DICOMDIR indexes (pydicom has several variants: DICOMDIR-bigEnd, …) are followed
        n_dicomdir = sum(1 for p in inputs if os.path.basename(p).upper().startswith("DICOMDIR"))
        self.assertEqual(len(refused) + n_exported + n_dicomdir, len(inputs) - self.zip_members_bonus(),
                         "some input neither exported nor refused")

        # the files the sample README says must be refused, are, with the reason
        expect = {
            "orthanc-tests/2026-05-06-Deeply-Nested-Sequence.dcm": "nested",
            "pydicom/test_files/MR_truncated.dcm": "past the end",
            "pydicom/test_files/rtplan_truncated.dcm": "past the end",
            "pydicom-data/emri_small_jpeg_2k_lossless_too_short.dcm": "delimiter",
        }
        for rel, words in expect.items():
            name = os.path.join(vt.SAMPLES, rel)
            self.assertIn(name, refused)
            self.assertIn(words, refused[name])

    def zip_members_bonus(self):
        """A zip counts as one input file but yields its members: adjust the accounting."""
        import zipfile
        bonus = 0
        for p in vt.dicom_files(vt.SAMPLES):
            if zipfile.is_zipfile(p):
                bonus += 1 - len([n for n in zipfile.ZipFile(p).namelist() if not n.endswith("/")])
        return bonus

    def test_outputs_parse_and_validate(self):
        inputs_by_sop = {}
        shared_sops = set()
        for p in vt.dicom_files(vt.SAMPLES):
            proc = vt.run(["dcmdump", "-q", "+P", "0008,0018", p])
            for line in proc.stdout.splitlines():
                if "(0008,0018)" in line and "[" in line:
                    sop = line[line.index("[") + 1:line.rindex("]")]
                    if sop in inputs_by_sop:
                        shared_sops.add(sop)  # one instance in several encodings
                    inputs_by_sop.setdefault(sop, p)
                    break
        for sop in shared_sops:
            del inputs_by_sop[sop]
        new_errors = collections.Counter()
        checked = 0
        for p in vt.dicom_files(self.out):
            if not p.endswith(".dcm"):
                continue  # a text report from the sample folders
            vt.run(["dcmdump", "-q", p], check=0)
            rows = vt.dump(p)
            sop = vt.top_value(rows, "00080018")
            if sop is None or sop not in self.new_to_old or self.new_to_old[sop] not in inputs_by_sop:
                continue
            original = inputs_by_sop[self.new_to_old[sop]]
            before = vt.dciodvfy_errors(original)
            if before is None:
                continue  # the input cannot be checked, so there is nothing to compare with
            added = vt.dciodvfy_errors(p) - before
            for e in added:
                new_errors[e] += 1
                print("new dciodvfy error in output of %s: %s" % (original, e))
            checked += 1
        self.assertGreater(checked, 200)
        self.assertFalse(new_errors, new_errors)

    def test_residual_scan_clean(self):
        # The sample folders' read-me .txt files are exported as reports, but they are
        # documentation that quotes test data's names in technical prose; the report pipeline
        # is checked on real reports by test_reports and test_demo. Verify the DICOM here.
        import shutil
        reports = os.path.join(self.out, "REPORTS")
        if os.path.isdir(reports):
            shutil.rmtree(reports)
        proc = vt.veil("verify", "--mapping", self.store, self.out)
        self.assertEqual(proc.returncode, 0, proc.stdout[:3000])
        self.assertIn("0 residual identifiers", proc.stderr)

    def test_one_patient_one_pseudonym(self):
        # deid-data/dicom-cookies: seven files of one PatientID with seven different names
        names = set()
        ids = set()
        for p in [p for p in vt.dicom_files(self.out) if p.endswith(".dcm")]:
            rows = vt.dump(p)
            sop = vt.top_value(rows, "00080018")
            original = self.new_to_old.get(sop, "")
            if original.startswith("1.2.826.0.1.3680043.8.1055.1.20111103111"):
                names.add(vt.top_value(rows, "00100010"))
                ids.add(vt.top_value(rows, "00100020"))
        cookies = os.path.join(vt.SAMPLES, "deid-data", "dicom-cookies")
        n = len(os.listdir(cookies))
        outputs = []
        for p in [p for p in vt.dicom_files(self.out) if p.endswith(".dcm")]:
            rows = vt.dump(p)
            if vt.top_value(rows, "00100020") in ids:
                outputs.append(vt.top_value(rows, "00100010"))
        if ids:
            self.assertEqual(len(ids), 1)
            self.assertEqual(len(set(outputs)), 1)


if __name__ == "__main__":
    vt.main()
