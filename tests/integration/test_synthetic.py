#!/usr/bin/env python3
"""The synthetic UK case and its answer key (shared/dicom-samples/synthetic): identifiers gone,
references coherent, one pseudonym and one date shift per patient, stable with one store."""

import datetime
import filecmp
import json
import os
import unittest

import veiltest as vt


@unittest.skipUnless(vt.have_samples(), "shared/dicom-samples not present")
class Synthetic(vt.TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        if not vt.have_samples():
            return
        cls.root = os.path.join(vt.SAMPLES, "synthetic")
        with open(os.path.join(cls.root, "answer-key.json"), encoding="utf-8") as f:
            cls.key = json.load(f)

    def export(self, out, store, *extra, check=0):
        # Everything is exported: the encapsulated PDF (DOC_report_pdf.dcm) and report.pdf
        # go through the document cleaner.
        proc = vt.veil("export", "--out", out, "--mapping", store, *extra,
                       os.path.join(self.root, "out"), check=check)
        return proc

    def outputs(self, out):
        """SOPInstanceUID → (path, native tree) of every exported DICOM file."""
        result = {}
        for path in [p for p in vt.dicom_files(out) if p.endswith(".dcm")]:
            tree = vt.native(path)
            result[vt.find_path(tree, "SOPInstanceUID")] = (path, tree)
        return result

    def uid_map(self, store):
        csv_dir = self.path("csv-" + os.path.basename(store))
        vt.veil("mapping", "--mapping", store, "--csv", csv_dir, check=0)
        header, rows = vt.read_csv_pairs(os.path.join(csv_dir, "uid_mapping.csv"))
        self.assertEqual(header, ["id_old", "id_new"])
        return dict(rows)

    def test_answer_key(self):
        out, store = self.path("out"), self.path("map.db")
        proc = self.export(out, store)
        self.assertIn("(0 refused)", proc.stderr)
        files = vt.dicom_files(out)
        self.assertEqual(len([p for p in files if p.endswith(".dcm")]), 11)
        # the PDF report beside the study goes through the document cleaner
        self.assertEqual([os.path.relpath(p, out) for p in files if not p.endswith(".dcm")],
                         ["REPORTS/REPORT-001.pdf"])

        # 1. none of the answer key's strings anywhere in the output bytes or names
        blobs = {p: open(p, "rb").read() for p in files}
        for s in self.key["must_not_appear"]:
            for encoding in ("utf-8", "latin-1"):
                try:
                    needle = s.encode(encoding).lower()
                except UnicodeEncodeError:
                    continue
                for p, blob in blobs.items():
                    self.assertNotIn(needle, blob.lower(), "%r in %s" % (s, p))
                    self.assertNotIn(s.lower(), os.path.relpath(p, out).lower())

        # ... nor in the text of the PDF encapsulated in DICOM (its streams are compressed)
        docs = [p for p in files if "_DOC/" in p]
        self.assertEqual(len(docs), 1, files)
        pdf = self.path("inner.pdf")
        vt.run(["dcm2pdf", docs[0], pdf], check=0)
        text = vt.run(["pdftotext", pdf, "-"], check=0).stdout
        self.assertIn("8 mm nodule right upper lobe", text)
        for s in self.key["must_not_appear"]:
            self.assertNotIn(s.lower(), text.lower())

        # 2. every listed reference resolves to the new UID of the object it named
        uids = self.uid_map(store)
        outputs = self.outputs(out)
        # every UID of every exported input
        exported_inputs = [p for p in vt.dicom_files(os.path.join(self.root, "out"))
                           if p.endswith(".dcm")]
        input_uids = set()
        for p in exported_inputs:
            input_uids |= {v for k, vr, v in vt.all_values(vt.native(p), "UI")
                           if not v.startswith("1.2.840.10008.")}
        self.assertTrue(input_uids <= set(self.key["uids"]) | input_uids)
        for original in input_uids:
            self.assertIn(original, uids, "UID %s was not remapped" % original)
        self.assertEqual(len(set(uids.values())), len(uids), "two originals share a new UID")
        self.assertFalse(set(uids.values()) & set(uids.keys()))
        by_file = {}
        for path, (p, tree) in ((p, v) for p, v in outputs.items()):
            by_file[p] = tree
        for rel in self.key["relationships"]:
            original_file = os.path.join(self.root, "out", "patient" + rel["file"][0], rel["file"])
            original_sop = vt.find_path(vt.native(original_file), "SOPInstanceUID")
            _, tree = outputs[uids[original_sop]]
            found = vt.find_path(tree, rel["path"])
            self.assertEqual(found, uids[rel["must_equal_new_uid_of"]], rel)

        # 3. file meta agrees with the data set; UIDs are valid
        for sop, (p, tree) in outputs.items():
            rows = vt.dump(p)
            self.assertEqual(vt.top_value(rows, "00020003"), sop)
            for keyword, vr, value in vt.all_values(tree, "UI"):
                self.assertLessEqual(len(value), 64)
                self.assertRegex(value, r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$")

        # 4. one patient, one pseudonym and one shift across both of A's studies
        names = {}
        for sop, (p, tree) in outputs.items():
            names.setdefault(os.path.relpath(p, out).split(os.sep)[0], set()).add(
                (vt.find_path(tree, "PatientName"), vt.find_path(tree, "PatientID")))
        self.assertEqual(len(names), 2, names)
        for folder, pairs in names.items():
            self.assertEqual(len(pairs), 1, pairs)
            (name, pid), = pairs
            self.assertTrue(name.endswith("^Patient"), name)
            self.assertEqual(pid, folder)
        study_dates = {}
        for sop, (p, tree) in outputs.items():
            study_dates[vt.find_path(tree, "StudyInstanceUID")] = vt.find_path(tree, "StudyDate")
        a1 = study_dates[uids[self.key["studies"][0]["uid"]]]
        a2 = study_dates[uids[self.key["studies"][1]["uid"]]]
        d1 = datetime.date(int(a1[:4]), int(a1[4:6]), int(a1[6:]))
        d2 = datetime.date(int(a2[:4]), int(a2[4:6]), int(a2[6:]))
        self.assertEqual((d2 - d1).days, 189)
        self.assertLess(d1, datetime.date(2024, 1, 15))

        # 5. the record of what was done
        for sop, (p, tree) in outputs.items():
            self.assertEqual(vt.find_path(tree, "PatientIdentityRemoved"), "YES")
            self.assertEqual(vt.find_path(tree, "LongitudinalTemporalInformationModified"), "MODIFIED")
            codes = {vt.find_path(tree, "DeidentificationMethodCodeSequence[%d].CodeValue" % i)
                     for i in range(8)} - {None}
            expected = {"113100", "113111", "113108", "113107", "113105", "113104", "113103"}
            if vt.find_path(tree, "Modality") == "US":
                # the burned-in name, NHS number and dates were blacked out
                expected.add("113101")
                self.assertEqual(vt.find_path(tree, "BurnedInAnnotation"), "NO")
            self.assertEqual(codes, expected)

        # 6. private PHI, overlays and curves are gone; the overlay held the surname
        for p in [p for p in files if p.endswith(".dcm")]:
            rows = vt.dump(p)
            self.assertFalse([r for r in rows if r[1].startswith("0029")], p)
            self.assertFalse([r for r in rows if r[1][:2] == "60"], p)

        # 7. the residual scan finds nothing
        proc = vt.veil("verify", "--mapping", store, out, check=0)
        self.assertIn("0 residual identifiers", proc.stderr)

    def test_valid_dicom_no_new_errors(self):
        out, store = self.path("out"), self.path("map.db")
        self.export(out, store)
        uids = self.uid_map(store)
        inputs = {}
        for p in vt.dicom_files(os.path.join(self.root, "out")):
            if p.endswith(".dcm"):
                inputs[vt.find_path(vt.native(p), "SOPInstanceUID")] = p
        checked = 0
        for p in [p for p in vt.dicom_files(out) if p.endswith(".dcm")]:
            vt.run(["dcmdump", "-q", p], check=0)
            sop = vt.find_path(vt.native(p), "SOPInstanceUID")
            original = inputs[next(o for o, n in uids.items() if n == sop)]
            new_errors = vt.dciodvfy_errors(p) - (vt.dciodvfy_errors(original) or set())
            self.assertFalse(new_errors, "%s: %s" % (original, new_errors))
            checked += 1
        self.assertEqual(checked, 11)

    def test_same_store_same_output(self):
        store = self.path("map.db")
        self.export(self.path("one"), store)
        self.export(self.path("two"), store)
        one, two = vt.dicom_files(self.path("one")), vt.dicom_files(self.path("two"))
        self.assertEqual([os.path.relpath(p, self.path("one")) for p in one],
                         [os.path.relpath(p, self.path("two")) for p in two])
        for a, b in zip(one, two):
            if a.endswith(".dcm"):
                self.assertTrue(filecmp.cmp(a, b, shallow=False), "%s differs between runs" % a)

        # a new store: unlinkable pseudonyms
        self.export(self.path("three"), self.path("other.db"))
        names_one = {vt.find_path(vt.native(p), "PatientName") for p in one if p.endswith(".dcm")}
        names_three = {vt.find_path(vt.native(p), "PatientName")
                       for p in vt.dicom_files(self.path("three")) if p.endswith(".dcm")}
        self.assertFalse(names_one & names_three)

    def test_full_dates_option(self):
        out, store = self.path("out"), self.path("map.db")
        self.export(out, store, "--preset", "litigation")
        dicom = [p for p in vt.dicom_files(out) if p.endswith(".dcm")]
        dates = {vt.find_path(vt.native(p), "StudyDate") for p in dicom}
        self.assertEqual(dates, {"20240115", "20240722", "20240301"})
        for p in dicom:
            tree = vt.native(p)
            self.assertEqual(vt.find_path(tree, "LongitudinalTemporalInformationModified"), "UNMODIFIED")
            self.assertIn(vt.find_path(tree, "PatientBirthDate") or "", ("",))
        # Retain Institution Identity keeps the hospital's address, and the synthetic hospital
        # shares the patients' pseudo-postcode (ZZ99 3WZ): the residual scan must say so, and
        # find nothing else.
        proc = vt.veil("verify", "--mapping", store, out)
        hits = {line.split(": ", 1)[1] for line in proc.stdout.splitlines()}
        self.assertLessEqual(hits, {'text "ZZ99 3WZ"'}, proc.stdout)


if __name__ == "__main__":
    vt.main()
