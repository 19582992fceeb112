#!/usr/bin/env python3
"""veil-cli's contract: commands, exit codes, atomic exports, inputs untouched, zip and
DICOMDIR inputs, the accession check, the mapping CSVs and scan."""

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
import unittest
import zipfile

import veiltest as vt


def tree_digest(root):
    h = hashlib.sha256()
    for p in vt.dicom_files(root):
        h.update(os.path.relpath(p, root).encode())
        h.update(str(os.stat(p).st_mtime_ns).encode())
        with open(p, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


@unittest.skipUnless(vt.have_samples(), "shared/dicom-samples not present")
class Contract(vt.TempDirTestCase):
    def setUp(self):
        super().setUp()
        # a private copy of the synthetic CT study, so tests may damage, zip and rename it
        self.study = self.path("study")
        shutil.copytree(os.path.join(vt.SAMPLES, "synthetic", "out", "patientA", "A1"), self.study)
        for name in ("DOC_report_pdf.dcm", "report.pdf"):
            os.unlink(os.path.join(self.study, name))

    def test_usage_errors_exit_2_and_write_nothing(self):
        out, store = self.path("out"), self.path("map.db")
        self.assertEqual(vt.veil().returncode, 2)
        self.assertEqual(vt.veil("export", "--out", out, self.study).returncode, 2)
        self.assertEqual(vt.veil("export", "--mapping", store, self.study).returncode, 2)
        self.assertEqual(vt.veil("export", "--out", out, "--mapping", store).returncode, 2)
        proc = vt.veil("export", "--out", out, "--mapping", store, "--preset", "nonsense", self.study)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("second-opinion", proc.stderr)
        proc = vt.veil("export", "--out", out, "--mapping", store, "--option", "retain-everything", self.study)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(vt.veil("frobnicate").returncode, 2)
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(store))

    def test_output_must_be_new_or_empty(self):
        out, store = self.path("out"), self.path("map.db")
        os.mkdir(out)
        with open(os.path.join(out, "keep.txt"), "w") as f:
            f.write("already here")
        proc = vt.veil("export", "--out", out, "--mapping", store, self.study)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("not empty", proc.stderr)
        self.assertEqual(os.listdir(out), ["keep.txt"])
        self.assertFalse(os.path.exists(store), "a store made by a failed run is removed")

        os.unlink(os.path.join(out, "keep.txt"))  # an empty folder is fine
        vt.veil("export", "--out", out, "--mapping", store, self.study, check=0)
        self.assertEqual(len(vt.dicom_files(out)), 5)

    def test_mapping_store_never_inside_export(self):
        out = self.path("out")
        proc = vt.veil("export", "--out", out, "--mapping", os.path.join(out, "map.db"), self.study)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("personal data", proc.stderr)
        self.assertFalse(os.path.exists(out))

    def test_output_never_inside_an_input(self):
        proc = vt.veil("export", "--out", os.path.join(self.study, "out"), "--mapping",
                       self.path("map.db"), self.study)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("overlaps", proc.stderr)

    def test_inputs_untouched_and_names_carry_no_identifiers(self):
        # input folder and file names often hold the patient's name
        named = self.path("OBRIEN-TESTCASE_Sian_RX1234567")
        os.rename(self.study, named)
        os.rename(os.path.join(named, "CT_ax_1.dcm"), os.path.join(named, "OBRIEN_1.dcm"))
        before = tree_digest(named)
        out, store = self.path("out"), self.path("map.db")
        vt.veil("export", "--out", out, "--mapping", store, named, check=0)
        self.assertEqual(tree_digest(named), before)
        for p in vt.dicom_files(out):
            rel = os.path.relpath(p, out)
            self.assertNotIn("OBRIEN", rel.upper())
            self.assertNotIn("RX1234567", rel)
            self.assertRegex(rel, r"^[A-Za-z0-9-]+/ST\d\d/SE\d\d\d(_[A-Z]+)?/IM\d{5}\.dcm$")
        # nothing is left beside the export
        self.assertEqual(sorted(os.listdir(self.tmp)), sorted([os.path.basename(named), "out", "map.db"]))

    def test_bad_files_refused_rest_exported(self):
        with open(os.path.join(self.study, "notes.bin"), "wb") as f:
            f.write(b"not a DICOM file\0\1\2")
        with open(os.path.join(self.study, "CT_ax_2.dcm"), "rb") as f:
            data = f.read()
        with open(os.path.join(self.study, "truncated.dcm"), "wb") as f:
            f.write(data[: len(data) // 2])
        shutil.copy(os.path.join(vt.SAMPLES, "orthanc-tests", "2026-05-06-Deeply-Nested-Sequence.dcm"),
                    os.path.join(self.study, "deep.dcm"))
        out, store = self.path("out"), self.path("map.db")
        proc = vt.veil("export", "--out", out, "--mapping", store, self.study)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertRegex(proc.stderr, r"refused .*notes\.bin: .+")
        self.assertRegex(proc.stderr, r"refused .*truncated\.dcm: .*past the end")
        self.assertRegex(proc.stderr, r"refused .*deep\.dcm: sequences nested")
        self.assertEqual(len(vt.dicom_files(out)), 5)
        for p in vt.dicom_files(out):
            vt.run(["dcmdump", "-q", p], check=0)

    def test_zip_input_and_truncated_zip(self):
        archive = self.path("study.zip")
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for p in vt.dicom_files(self.study):
                z.write(p, "EXPORT/O'BRIEN/" + os.path.basename(p))
        out, store = self.path("out"), self.path("map.db")
        vt.veil("export", "--out", out, "--mapping", store, archive, check=0)
        self.assertEqual(len(vt.dicom_files(out)), 5)
        self.assertEqual(vt.veil("verify", "--mapping", store, out).returncode, 0)

        with open(archive, "rb") as f:
            data = f.read()
        broken = self.path("broken.zip")
        with open(broken, "wb") as f:
            f.write(data[: len(data) * 2 // 3])
        proc = vt.veil("export", "--out", self.path("out2"), "--mapping", self.path("m2.db"),
                       broken, os.path.join(self.study, "CT_loc_1.dcm"))
        self.assertEqual(proc.returncode, 1)
        self.assertRegex(proc.stderr, r"refused .*broken\.zip: .*zip")
        self.assertEqual(len(vt.dicom_files(self.path("out2"))), 1)

    def test_dicomdir_followed(self):
        root = os.path.join(vt.SAMPLES, "pydicom", "test_files", "dicomdirtests")
        out, store = self.path("out"), self.path("map.db")
        proc = vt.veil("export", "--out", out, "--mapping", store, os.path.join(root, "DICOMDIR"))
        self.assertIn("DICOMDIR", proc.stderr)
        # exactly the files its records list (31 of the 91 files in the folder)
        listed = [l for l in vt.run(["dcmdump", "-q", os.path.join(root, "DICOMDIR")]).stdout.splitlines()
                  if "(0004,1500)" in l]
        self.assertEqual(len(vt.dicom_files(out)), len(listed))
        self.assertEqual(len(listed), 31)

    def test_accession_check(self):
        listing = self.path("accessions.csv")
        with open(listing, "w") as f:
            f.write("Patient,Accession Number\nA,RXA00012345\nB,RXA99999999\n")
        proc = vt.veil("export", "--out", self.path("out"), "--mapping", self.path("map.db"),
                       "--accessions", listing, self.study, check=0)
        self.assertRegex(proc.stderr, r"found: 1\n\s+RXA00012345")
        self.assertRegex(proc.stderr, r"missing from the input: 1\n\s+RXA99999999")
        self.assertRegex(proc.stderr, r"studies not on the list: 0")

        plain = self.path("accessions.txt")
        with open(plain, "w") as f:
            f.write("RXA00099999\n")
        proc = vt.veil("export", "--out", self.path("out2"), "--mapping", self.path("map.db"),
                       "--accessions", plain, self.study, check=0)
        self.assertRegex(proc.stderr, r"studies not on the list: 1\n\s+RXA00012345")

    def test_mapping_csv(self):
        out, store = self.path("out"), self.path("map.db")
        vt.veil("export", "--out", out, "--mapping", store, self.study, check=0)
        csv_dir = self.path("csv")
        vt.veil("mapping", "--mapping", store, "--csv", csv_dir, check=0)
        header, uids = vt.read_csv_pairs(os.path.join(csv_dir, "uid_mapping.csv"))
        self.assertEqual(header, ["id_old", "id_new"])
        self.assertGreater(len(uids), 10)
        header, pids = vt.read_csv_pairs(os.path.join(csv_dir, "patid_mapping.csv"))
        self.assertEqual(header, ["id_old", "id_new"])
        # the synthetic PatientID is the NHS number: its pseudonym is a 999 test-range number
        pids = dict(pids)
        self.assertIn("RX1234567", pids)
        self.assertRegex(pids["9990000018"], r"^999\d{7}$")
        exported_ids = {vt.top_value(vt.dump(p), "00100020") for p in vt.dicom_files(out)}
        self.assertEqual(exported_ids, {pids["9990000018"]})
        self.assertEqual(vt.veil("mapping", "--mapping", self.path("missing.db"), "--csv", csv_dir).returncode, 2)

    def test_reviewer_override_in_the_store(self):
        """A reviewer's per-attribute decision saved in the store (as the app saves it) is
        applied by a later `veil-cli export` with that store, to the chosen series only."""
        import sqlite3

        out, store = self.path("out"), self.path("map.db")
        vt.veil("export", "--out", out, "--mapping", store, self.study, check=0)
        axial = vt.top_value(vt.dump(os.path.join(self.study, "CT_ax_1.dcm")), "0020000E")
        with sqlite3.connect(store) as db:
            db.execute("INSERT INTO mapping (kind, original, pseudonym, entity) VALUES (?, ?, ?, ?)",
                       ("attribute-override", axial + " StudyDescription", "CT CHEST REVIEWED", "set"))
        again = self.path("again")
        vt.veil("export", "--out", again, "--mapping", store, self.study, check=0)
        descriptions = {}
        for p in vt.dicom_files(again):
            rows = vt.dump(p)
            descriptions[vt.top_value(rows, "00080060") + "/" + os.path.relpath(p, again)] = \
                vt.top_value(rows, "00081030")
        reviewed = [k for k, v in descriptions.items() if v == "CT CHEST REVIEWED"]
        self.assertEqual(len(reviewed), 3, descriptions)  # the three axial slices
        self.assertTrue(all(k.startswith("CT/") for k in reviewed))
        # the localiser and the SR keep the profile's cleaned description
        self.assertEqual(len(descriptions) - len(reviewed), 2, descriptions)
        # the decision row is not taken for an identifier by the residual scan
        self.assertEqual(vt.veil("verify", "--mapping", store, again).returncode, 0)

    def test_verify_finds_a_leak(self):
        out, store = self.path("out"), self.path("map.db")
        vt.veil("export", "--out", out, "--mapping", store, self.study, check=0)
        self.assertEqual(vt.veil("verify", "--mapping", store, out).returncode, 0)
        # plant the NHS number, spaced, and the surname in a file
        with open(os.path.join(out, "planted.txt"), "w") as f:
            f.write("Patient 999 000 0018 seen; Mrs O'Brien-Testcase\n")
        proc = vt.veil("verify", "--mapping", store, out)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("planted.txt:8:", proc.stdout)
        self.assertIn("O'BRIEN-TESTCASE", proc.stdout.upper())

    def test_scan_writes_nothing(self):
        before = set(os.listdir(self.tmp))
        proc = vt.veil("scan", "--json", self.study, check=0)
        doc = json.loads(proc.stdout)
        self.assertEqual(len(doc["files"]), 5)
        changes = [c for f in doc["files"] for c in f["changes"]]
        names = [c for c in changes if c["keyword"] == "PatientName"]
        self.assertTrue(names and names[0]["replacement"].endswith("^Patient"))
        self.assertTrue(any(c["action"] == "X" and c["path"].startswith("(0029") for c in changes))
        self.assertEqual(set(os.listdir(self.tmp)), before)
        text = vt.veil("scan", self.study, check=0).stdout
        self.assertIn("PatientName", text)

    def test_interrupted_export_leaves_nothing(self):
        # a larger study, so the export is still running when it is interrupted
        big = self.path("big")
        os.mkdir(big)
        src = os.path.join(self.study, "CT_ax_1.dcm")
        for i in range(400):
            shutil.copy(src, os.path.join(big, "%04d.dcm" % i))
        out, store = self.path("out"), self.path("map.db")
        proc = subprocess.Popen([vt.VEIL_CLI, "export", "--out", out, "--mapping", store, big],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.15)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=120)
        if proc.returncode == 2:
            self.assertFalse(os.path.exists(out))
        leftovers = [n for n in os.listdir(self.tmp) if "veil-partial" in n]
        self.assertEqual(leftovers, [])

    def test_presets_listed(self):
        proc = vt.veil("presets", check=0)
        for name in ("second-opinion (default)", "litigation", "teaching"):
            self.assertIn(name, proc.stdout)


@unittest.skipUnless(vt.have_samples(), "shared/dicom-samples not present")
class Options(vt.TempDirTestCase):
    """Each E.1-1 option changes what its column says, and adds its CID 7050 code."""

    def export(self, *options):
        out = self.path("out-" + "-".join(options or ("basic",)))
        args = []
        for o in options:
            args += ["--option", o]
        vt.veil("export", "--out", out, "--mapping", self.path("map.db"), "--preset", "teaching",
                "--option", "-clean-descriptors", "--option", "-clean-structured-content",
                "--option", "-clean-graphics", *args,
                os.path.join(vt.SAMPLES, "synthetic", "out", "patientA", "A1", "CT_ax_1.dcm"), check=0)
        (p,) = vt.dicom_files(out)
        return vt.native(p)

    def codes(self, tree):
        return {vt.find_path(tree, "DeidentificationMethodCodeSequence[%d].CodeValue" % i) for i in range(12)} - {None}

    def test_matrix(self):
        basic = self.export()
        self.assertEqual(self.codes(basic), {"113100"})
        self.assertIsNone(vt.find_path(basic, "PatientAge"))
        self.assertIn(vt.find_path(basic, "PatientSex"), ("", None))
        self.assertEqual(vt.find_path(basic, "LongitudinalTemporalInformationModified"), "REMOVED")
        self.assertIsNone(vt.find_path(basic, "StudyDescription"))
        cases = {
            "retain-uids": ("113110", lambda t: self.assertTrue(vt.find_path(t, "StudyInstanceUID").startswith("2.25.2562976"))),
            "retain-patient-characteristics": ("113108", lambda t: self.assertEqual(vt.find_path(t, "PatientSex"), "F")),
            "retain-longitudinal-full-dates": ("113106", lambda t: self.assertEqual(vt.find_path(t, "StudyDate"), "20240115")),
            "retain-longitudinal-modified-dates": ("113107", lambda t: self.assertNotIn(vt.find_path(t, "StudyDate"), ("20240115", "", None))),
            "retain-device-identity": ("113109", lambda t: self.assertEqual(vt.find_path(t, "DeviceSerialNumber"), "SN-TEST-0001")),
            "retain-institution-identity": ("113112", lambda t: self.assertTrue(vt.find_path(t, "InstitutionName"))),
            "clean-descriptors": ("113105", lambda t: self.assertTrue(vt.find_path(t, "StudyDescription"))),
            "retain-safe-private": ("113111", lambda t: None),
            "clean-structured-content": ("113104", lambda t: None),
            "clean-graphics": ("113103", lambda t: None),
        }
        for option, (code, check) in cases.items():
            tree = self.export(option)
            self.assertEqual(self.codes(tree), {"113100", code}, option)
            check(tree)


def read_pnm(path):
    """(width, height, channels, bytes) of a binary PGM/PPM as dcm2pnm writes it."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    channels = 3 if fields[0] == b"P6" else 1
    return int(fields[1]), int(fields[2]), channels, data[pos + 1:]


@unittest.skipUnless(vt.have_samples(), "shared/dicom-samples not present")
class BurnedIn(vt.TempDirTestCase):
    """A reviewer's boxes saved in the store (as the app saves them) are what a later
    veil-cli export with that store blacks out, and veil-cli says what it did."""

    BOX = (135, 120, 50, 20)  # x, y, width, height: inside the scan sector, away from the text

    def box_pixels(self, out):
        (dcm,) = vt.dicom_files(out)
        pnm = self.path("frame.pnm")
        vt.run(["dcm2pnm", dcm, pnm], check=0)
        width, height, channels, pixels = read_pnm(pnm)
        x, y, w, h = self.BOX
        inside = [pixels[((y + j) * width + x + i) * channels + c]
                  for j in range(h) for i in range(w) for c in range(channels)]
        # the name line, which the reviewer's boxes leave alone
        name_line = [pixels[(11 * width + i) * channels + c] for i in range(4, 236) for c in range(channels)]
        return inside, name_line

    def test_reviewer_boxes_from_the_store(self):
        study = self.path("in")
        os.mkdir(study)
        shutil.copy(os.path.join(vt.SAMPLES, "synthetic", "out", "patientB", "B1", "US_burned_in.dcm"), study)
        store = self.path("map.db")

        proc = vt.veil("export", "--out", self.path("out1"), "--mapping", store, study, check=0)
        self.assertRegex(proc.stderr, r"burned-in text blacked out in .*US_burned_in\.dcm: [1-9][0-9]* box")
        self.assertIn("1 high-risk image for burned-in text was not reviewed", proc.stderr)
        inside, name_line = self.box_pixels(self.path("out1"))
        self.assertTrue(any(inside), "the found boxes do not cover the picture")
        self.assertFalse(any(name_line), "the name line is blacked out")

        sop = vt.top_value(vt.dump(os.path.join(study, "US_burned_in.dcm")), "00080018")
        with sqlite3.connect(store) as db:
            db.execute("INSERT INTO mapping (kind, original, pseudonym) VALUES ('pixel-image', ?, ?)",
                       (sop, "boxes:*,%d,%d,%d,%d" % self.BOX))

        proc = vt.veil("export", "--out", self.path("out2"), "--mapping", store, study, check=0)
        self.assertRegex(proc.stderr, r"US_burned_in\.dcm: 1 box, the reviewer's boxes")
        self.assertNotIn("not reviewed", proc.stderr)
        inside, name_line = self.box_pixels(self.path("out2"))
        self.assertFalse(any(inside), "the reviewer's box is not black")
        self.assertTrue(any(name_line), "only the reviewer's box is blacked out")

        # The residual scan does not take the decision's UID for a leak.
        vt.veil("verify", "--mapping", store, self.path("out2"), check=0)


if __name__ == "__main__":
    vt.main()
