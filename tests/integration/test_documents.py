#!/usr/bin/env python3
"""Report documents (issue 4): a DOCX the test writes, the PDF LibreOffice makes of it, a
scanned-style PDF made from that, encrypted PDFs and the shared synthetic report, each
cleaned by veil-doc-clean (the engine's veil-document.h on one file) and checked with real
tools: pdftotext, qpdf's decompressed bytes, every member of the output DOCX, LibreOffice
opening the output DOCX.

LibreOffice runs once for the whole class (it converts the fixture and the cleaned DOCX in
one call); without it the tests that need it are skipped.
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docfixtures as F  # noqa: E402
import veiltest as vt  # noqa: E402

DOC_CLEAN = os.environ.get("VEIL_DOC_CLEAN", "veil-doc-clean")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SEEDS = ["--patient", "P=%s,%s,%s" % (F.PATIENT_PN, F.NHS, F.DOB_DA),
         "--identifier", "hospital-number=" + F.MRN,
         "--person", F.REFERRER_PN, "--person", F.REPORTER_PN]


def needles(s):
    """A value as it may be written: UTF-8, Latin-1, UTF-16 (PDF strings) and XML-escaped."""
    forms = {s, s.replace("'", "&apos;"), s.replace("'", "&#39;"), s.replace("'", "\u2019")}
    out = set()
    for form in forms:
        for encoding in ("utf-8", "latin-1", "utf-16-be"):
            try:
                out.add(form.encode(encoding).lower())
            except UnicodeEncodeError:
                pass
    return out


def pdftotext(path):
    return vt.run(["pdftotext", "-layout", path, "-"], check=0).stdout


def qpdf_bytes(path, tmp):
    """The PDF with every stream decompressed and no object streams."""
    out = os.path.join(tmp, os.path.basename(path) + ".qdf")
    proc = vt.run(["qpdf", "--qdf", "--object-streams=disable", path, out])
    if proc.returncode not in (0, 3):  # 3: warnings
        raise AssertionError("qpdf failed on %s: %s" % (path, proc.stderr))
    with open(out, "rb") as f:
        return f.read()


class Documents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="veil-doc-")
        cls.store = os.path.join(cls.tmp, "map.sqlite")
        cls.docx = os.path.join(cls.tmp, "report.docx")
        F.make_docx(cls.docx)
        cls.clean_docx = os.path.join(cls.tmp, "report-clean.docx")
        cls.docx_summary = cls.clean(cls.docx, cls.clean_docx)
        cls.lo = os.path.join(cls.tmp, "lo")
        cls.lo_result = None
        if SOFFICE:
            os.makedirs(cls.lo)
            start = time.monotonic()
            # A private profile: no first-start dialogs, no clash with a running LibreOffice.
            profile = "file://" + os.path.join(cls.tmp, "lo-profile")
            cls.lo_result = vt.run([SOFFICE, "-env:UserInstallation=" + profile, "--headless",
                                    "--convert-to", "pdf", "--outdir", cls.lo, cls.docx,
                                    cls.clean_docx], timeout=300)
            print("LibreOffice converted 2 documents in %.1f s" % (time.monotonic() - start))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def clean(cls, src, dst, *extra, check=0):
        proc = vt.run([DOC_CLEAN, "--store", cls.store, *SEEDS, *extra, src, dst], check=check)
        return json.loads(proc.stdout) if proc.returncode == 0 else proc

    def patient_family(self):
        """The patient's pseudonymous family name, as the store recorded it."""
        db = sqlite3.connect(self.store)
        try:
            (pn,) = db.execute("SELECT pseudonym FROM mapping WHERE kind = 'patient' AND original = 'P'").fetchone()
        finally:
            db.close()
        return pn.split("^")[0]

    def assert_clean_text(self, text, where):
        for s in F.IDENTIFIERS:
            self.assertNotIn(s.lower(), text.lower(), "%r left in %s:\n%s" % (s, where, text[:3000]))

    def assert_clean_bytes(self, blob, where, identifiers=F.IDENTIFIERS):
        low = blob.lower()
        for s in identifiers:
            for needle in needles(s):
                self.assertNotIn(needle, low, "%r left in %s" % (s, where))

    def need_libreoffice(self):
        if not SOFFICE:
            self.skipTest("LibreOffice (libreoffice-writer-nogui) is not installed")
        self.assertEqual(self.lo_result.returncode, 0, self.lo_result.stderr)

    # ---- DOCX ----

    def test_docx_every_member_clean(self):
        with zipfile.ZipFile(self.docx) as zin, zipfile.ZipFile(self.clean_docx) as zout:
            names_in, names_out = zin.namelist(), zout.namelist()
            # Same order; custom XML and the thumbnail gone.
            self.assertEqual(names_out, [n for n in names_in
                                         if n not in ("customXml/item1.xml", "docProps/thumbnail.jpeg")])
            for name in names_out:
                self.assert_clean_bytes(zout.read(name), name)
            doc_in = zin.read("word/document.xml").decode("utf-8")
            doc = zout.read("word/document.xml").decode("utf-8")
            self.assertIsNone(zout.testzip())
        text = re.sub(r"<[^>]+>", "", doc)
        for s in F.CLINICAL:
            self.assertIn(s, text)
        self.assertIn(self.patient_family().lower(), text.lower())
        # Formatting and revisions kept: the same bold runs, tracked changes still tracked.
        self.assertEqual(doc.count("<w:b/>"), doc_in.count("<w:b/>"))
        self.assertIn("<w:ins ", doc)
        self.assertIn("<w:del ", doc)
        self.assertIn('w:author="Author 1"', doc)
        self.assertNotIn("w:date=", doc)
        self.assertEqual(self.docx_summary["images"], 1)
        self.assertEqual(self.docx_summary["images_blanked"], 1)
        print("DOCX: %d findings in %.3f s" % (self.docx_summary["findings"], self.docx_summary["seconds"]))

    def test_docx_keep_images(self):
        out = os.path.join(self.tmp, "keep.docx")
        summary = self.clean(self.docx, out, "--keep-images")
        self.assertEqual(summary["images_blanked"], 0)
        with zipfile.ZipFile(self.docx) as zin, zipfile.ZipFile(out) as zout:
            self.assertEqual(zin.read("word/media/image1.png"), zout.read("word/media/image1.png"))

    def test_docx_opens_in_libreoffice(self):
        self.need_libreoffice()
        pdf = os.path.join(self.lo, "report-clean.pdf")
        self.assertTrue(os.path.getsize(pdf) > 1000, self.lo_result.stdout)
        text = pdftotext(pdf)
        self.assert_clean_text(text, "LibreOffice's PDF of the cleaned DOCX")
        for s in F.CLINICAL:
            self.assertIn(s, text)
        self.assertIn(self.patient_family().lower(), text.lower())

    # ---- PDF ----

    def test_pdf_from_libreoffice(self):
        self.need_libreoffice()
        src = os.path.join(self.lo, "report.pdf")
        self.assertIn("O'BRIEN-TESTCASE", pdftotext(src))  # the fixture does hold them
        out = os.path.join(self.tmp, "report-clean.pdf")
        summary = self.clean(src, out)
        self.assertEqual(summary["ocr_pages"], 0)
        text = pdftotext(out)
        self.assert_clean_text(text, "pdftotext of the cleaned PDF")
        for s in F.CLINICAL:
            self.assertIn(s, text)
        # One patient, one pseudonym: the PDF says what the DOCX says.
        self.assertIn(self.patient_family().lower(), text.lower())
        blob = qpdf_bytes(out, self.tmp)
        self.assert_clean_bytes(blob, "qpdf --qdf of the cleaned PDF")
        for name in (b"/Annots", b"/Outlines", b"/EmbeddedFiles", b"/JavaScript", b"/Metadata",
                     b"/AcroForm", b"/Thumb", b"/Author", b"/Title"):
            self.assertNotIn(name, blob)
        print("PDF (LibreOffice, %d pages): %d findings in %.3f s"
              % (summary["pages"], summary["findings"], summary["seconds"]))

    def test_scanned_pdf(self):
        self.need_libreoffice()
        src = os.path.join(self.lo, "report.pdf")
        stem = os.path.join(self.tmp, "scan")
        vt.run(["pdftoppm", "-r", "150", "-gray", "-f", "1", "-l", "1", "-singlefile", src, stem],
               check=0)
        scan = os.path.join(self.tmp, "scan.pdf")
        F.pgm_to_pdf(stem + ".pgm", scan, 150)
        self.assertEqual(pdftotext(scan).strip(), "")  # no text layer at all

        refused = self.clean(scan, os.path.join(self.tmp, "no.pdf"), "--no-ocr", check=1)
        self.assertIn("error 3:", refused.stderr)
        self.assertIn("OCR", refused.stderr)

        out = os.path.join(self.tmp, "scan-clean.pdf")
        summary = self.clean(scan, out)
        self.assertEqual(summary["ocr_pages"], 1)
        text = pdftotext(out)
        # OCR reads the page back: the identifiers it read are gone, the pseudonyms it wrote
        # are there, and the clinical text is searchable.
        for s in ("O'BRIEN-TESTCASE", "999 000 0018", "RX1234567", "14/02/1960", "Gptest",
                  "Radiologist"):
            self.assertNotIn(s.lower(), text.lower(), text)
        self.assertIn(self.patient_family().lower(), text.lower())
        self.assertIn("nodule", text)
        self.assert_clean_bytes(qpdf_bytes(out, self.tmp), "the cleaned scan",
                                ["O'BRIEN-TESTCASE", "999 000 0018", "RX1234567", "Gptest"])
        print("scanned PDF: %d findings in %.3f s (OCR)" % (summary["findings"], summary["seconds"]))

    def test_form_field_pdf(self):
        src = os.path.join(self.tmp, "form.pdf")
        F.form_pdf(src, "Sian O'BRIEN-TESTCASE  999 000 0018")
        self.assertIn("O'BRIEN-TESTCASE", pdftotext(src))  # poppler shows the field's value
        out = os.path.join(self.tmp, "form-clean.pdf")
        self.clean(src, out)
        text = pdftotext(out)
        self.assert_clean_text(text, "the cleaned form")
        self.assertIn(self.patient_family().lower(), text.lower())
        self.assertIn("Patient name:", text)
        blob = qpdf_bytes(out, self.tmp)
        self.assert_clean_bytes(blob, "the cleaned form")
        self.assertNotIn(b"/AcroForm", blob)

    def test_name_wrapped_across_lines(self):
        # A paragraph wrapped by the word processor: the name starts at the end of one line and
        # ends on the next. The lines are read as one paragraph, so both halves go.
        src = os.path.join(self.tmp, "wrapped.pdf")
        F.lines_pdf(src, ["Findings were discussed at the multidisciplinary meeting and reported by Dr Thulani",
                          "Mokoena, consultant radiologist. 8 mm nodule right upper lobe.",
                          "",
                          "Hospital no: RX1234567"])
        self.assertIn("Mokoena", pdftotext(src))
        out = os.path.join(self.tmp, "wrapped-clean.pdf")
        self.clean(src, out)
        text = pdftotext(out)
        for s in ("Thulani", "Mokoena", "RX1234567"):
            self.assertNotIn(s, text)
        self.assertIn("consultant radiologist. 8 mm nodule right upper lobe.", text)
        self.assertIn("Findings were discussed at the multidisciplinary meeting", text)

    def test_encrypted_pdf_refused(self):
        self.need_libreoffice()
        src = os.path.join(self.lo, "report.pdf")
        for args, reason in ((["user-pw", "owner-pw", "256"], "password"),
                             (["", "owner-pw", "256"], "encrypted")):
            enc = os.path.join(self.tmp, "enc.pdf")
            vt.run(["qpdf", "--encrypt", *args, "--", src, enc], check=0)
            proc = self.clean(enc, os.path.join(self.tmp, "enc-out.pdf"), check=1)
            self.assertIn("error 1:", proc.stderr)
            self.assertIn(reason, proc.stderr)
            self.assertFalse(os.path.exists(os.path.join(self.tmp, "enc-out.pdf")))

    def test_damaged_inputs_refused(self):
        bad = os.path.join(self.tmp, "bad.pdf")
        with open(bad, "wb") as f:
            f.write(b"%PDF-1.4\nnot really a pdf\n")
        self.assertIn("error 0:", self.clean(bad, bad + ".out", check=1).stderr)
        notdocx = os.path.join(self.tmp, "bad.docx")
        with zipfile.ZipFile(notdocx, "w") as z:
            z.writestr("hello.txt", "hello")
        self.assertIn("error 0:", self.clean(notdocx, notdocx + ".out", check=1).stderr)

    def test_synthetic_report(self):
        if not vt.have_samples():
            self.skipTest("no shared samples (VEIL_SHARED_DIR)")
        synthetic = os.path.join(vt.SAMPLES, "synthetic")
        src = os.path.join(synthetic, "out", "patientA", "A1", "report.pdf")
        with open(os.path.join(synthetic, "answer-key.json")) as f:
            key = json.load(f)
        a = key["patients"]["A"]
        # What the DICOM side of the case knows (the study's patient and physicians).
        store = os.path.join(self.tmp, "synthetic.sqlite")
        out = os.path.join(self.tmp, "synthetic-clean.pdf")
        proc = vt.run([DOC_CLEAN, "--store", store,
                       "--patient", "A=%s,%s,%s" % (a["name"], a["nhs"], a["dob"]),
                       "--identifier", "hospital-number=" + a["mrn"],
                       "--identifier", "accession=" + key["studies"][0]["acc"],
                       "--person", "GPTEST^Harold^^Dr", "--person", "CONSULTANT^Carol^^Dr",
                       src, out], check=0)
        summary = json.loads(proc.stdout)
        text = pdftotext(out)
        blob = qpdf_bytes(out, self.tmp).lower()
        for s in key["must_not_appear"]:
            self.assertNotIn(s.lower(), text.lower(), text)
            for needle in needles(s):
                self.assertNotIn(needle, blob, s)
        self.assertIn("8 mm nodule right upper lobe, unchanged.", text)
        self.assertIn("RADIOLOGY REPORT", text)
        print("synthetic report.pdf: %d findings in %.3f s" % (summary["findings"], summary["seconds"]))

        # The same report encapsulated in DICOM: the PDF inside goes the same way (the
        # engine's veil_document_clean_pdf_bytes()), with the same pseudonyms.
        if shutil.which("dcm2pdf"):
            inner = os.path.join(self.tmp, "encapsulated.pdf")
            vt.run(["dcm2pdf", os.path.join(os.path.dirname(src), "DOC_report_pdf.dcm"), inner],
                   check=0)
            out2 = os.path.join(self.tmp, "encapsulated-clean.pdf")
            vt.run([DOC_CLEAN, "--store", store, "--patient", "A=%s,%s,%s" % (a["name"], a["nhs"], a["dob"]),
                    inner, out2], check=0)
            self.assertEqual(pdftotext(out2), text)


DEMO_CASE = os.path.join(vt.SOURCE_ROOT, "data", "demo", "make-demo-case.sh")


class CaseDocuments(unittest.TestCase):
    """veil-cli export on a whole case: the demo study, a PDF report encapsulated in DICOM
    (pdf2dcm), request forms (a LibreOffice PDF and a text file) and a text report that names
    the requester by surname only."""

    @classmethod
    def setUpClass(cls):
        if not SOFFICE or not shutil.which("pdf2dcm"):
            raise unittest.SkipTest("needs LibreOffice and DCMTK's pdf2dcm")
        cls.tmp = tempfile.mkdtemp(prefix="veil-case-doc-")
        t = cls.tmp
        vt.run(["bash", DEMO_CASE, os.path.join(t, "case")], check=0)
        cls.study = os.path.join(t, "case", "study")
        cls.image = [p for p in vt.dicom_files(cls.study) if "Scout" in p][0]
        F.simple_docx(os.path.join(t, "encapsulated.docx"), F.ENCAPSULATED_REPORT)
        F.simple_docx(os.path.join(t, "request.docx"), F.REQUEST_FORM)
        profile = "file://" + os.path.join(t, "lo-profile")
        vt.run([SOFFICE, "-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf",
                "--outdir", t, os.path.join(t, "encapsulated.docx"), os.path.join(t, "request.docx")],
               check=0, timeout=300)
        cls.pdf = os.path.join(t, "encapsulated.pdf")
        # The same patient as the study (its issuer too, so Veil knows it is one patient).
        cls.dcm = os.path.join(t, "report-pdf.dcm")
        vt.run(["pdf2dcm", "+st", cls.image, "-k", "0010,0021=RXD", "+t",
                "CT report for FICTIONAL-DEMO", cls.pdf, cls.dcm], check=0)
        cls.form_txt = os.path.join(t, "request-form.txt")
        with open(cls.form_txt, "w", encoding="utf-8") as f:
            f.write("\n".join(F.REQUEST_FORM) + "\n")
        cls.report = os.path.join(t, "report.txt")
        with open(cls.report, "w", encoding="utf-8") as f:
            f.write(F.SURNAME_REPORT)

        cls.out, cls.store = os.path.join(t, "out"), os.path.join(t, "map.sqlite")
        start = time.monotonic()
        cls.export = vt.veil("export", "-q", "--out", cls.out, "--mapping", cls.store,
                             "--request-form", os.path.join(t, "request.pdf"),
                             "--request-form", cls.form_txt, cls.study, cls.dcm, cls.report,
                             os.path.join(t, "encapsulated.docx"))
        print("case export in %.2f s" % (time.monotonic() - start))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def output(self, pattern):
        found = [p for p in vt.dicom_files(self.out) if re.search(pattern, os.path.relpath(p, self.out))]
        self.assertEqual(len(found), 1, (pattern, vt.dicom_files(self.out), self.export.stderr))
        return found[0]

    def patient_pn(self):
        images = [p for p in vt.dicom_files(self.out) if "_CT/" in p]
        names = {vt.top_value(vt.dump(p), "00100010") for p in images}
        self.assertEqual(len(names), 1, names)
        return names.pop()

    def assert_no_identifiers(self, text, where, identifiers=F.CASE_PATIENT + F.REQUESTER):
        for s in identifiers:
            self.assertNotIn(s.lower(), text.lower(), "%r left in %s:\n%s" % (s, where, text))

    def test_export_succeeded(self):
        self.assertEqual(self.export.returncode, 0, self.export.stderr)
        names = sorted(os.path.relpath(p, self.out) for p in vt.dicom_files(self.out))
        self.assertIn("REPORTS/REQUEST-FORM-001.pdf", names)
        self.assertIn("REPORTS/REQUEST-FORM-002.txt", names)
        self.assertIn("REPORTS/REPORT-001.txt", names)
        self.assertIn("REPORTS/REPORT-002.docx", names)  # a DOCX is a report, not a zip archive
        with zipfile.ZipFile(os.path.join(self.out, "REPORTS", "REPORT-002.docx")) as z:
            text = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))
        self.assert_no_identifiers(text, "the DOCX report")
        self.assertIn(self.patient_pn().split("^")[0].lower(), text.lower())
        for name in names:  # no identifier in any file or folder name
            self.assert_no_identifiers(name, "a file name")
        self.assertEqual(vt.veil("verify", "--mapping", self.store, self.out).returncode, 0)

    def test_encapsulated_pdf(self):
        self.assertIn("FICTIONAL-DEMO", pdftotext(self.pdf))  # the fixture does name them
        dcm = self.output(r"_DOC/IM\d+\.dcm$")
        rows = vt.dump(dcm)
        # One patient, one pseudonym: the document's header and its PDF say what the image says.
        pn = self.patient_pn()
        self.assertEqual(vt.top_value(rows, "00100010"), pn)
        family = pn.split("^")[0]
        title = vt.top_value(rows, "00420010")
        self.assertNotIn("FICTIONAL", title.upper())
        self.assertIn(family, title)

        inner = os.path.join(self.tmp, "extracted.pdf")
        vt.run(["dcm2pdf", dcm, inner], check=0)
        text = pdftotext(inner)
        self.assert_no_identifiers(text, "the encapsulated PDF")
        self.assertIn(family.lower(), text.lower())
        for s in F.CASE_CLINICAL:
            self.assertIn(s, text)
        blob = qpdf_bytes(inner, self.tmp).lower()
        for s in F.CASE_PATIENT + F.REQUESTER:
            for needle in needles(s):
                self.assertNotIn(needle, blob, "%r in the decompressed encapsulated PDF" % s)

        # Even length, and EncapsulatedDocumentLength says the PDF's own length.
        size = os.path.getsize(inner)
        self.assertEqual(int(vt.top_value(rows, "00420015")), size)
        (length,) = [int(re.search(r"# *(\d+),", line).group(1))
                     for line in vt.run(["dcmdump", "-q", "+P", "0042,0011", dcm], check=0).stdout.splitlines()
                     if "EncapsulatedDocument" in line]
        self.assertEqual(length, size + (size & 1))
        # dciodvfy finds nothing the input did not have.
        before, after = vt.dciodvfy_errors(self.dcm), vt.dciodvfy_errors(dcm)
        self.assertTrue(after <= before, after - before)

    def test_request_forms_seed_the_requester(self):
        report = open(self.output(r"REPORT-001\.txt$"), encoding="utf-8").read()
        form_txt = open(self.output(r"REQUEST-FORM-002\.txt$"), encoding="utf-8").read()
        form_pdf = self.output(r"REQUEST-FORM-001\.pdf$")
        form_pdf_text = pdftotext(form_pdf)
        for text, where in ((report, "the report"), (form_txt, "the text form"),
                            (form_pdf_text, "the PDF form")):
            self.assert_no_identifiers(text, where)
        # The requester, named in full only on the forms, has one pseudonym everywhere: the
        # report's "Dr Okafor" and bare "Okafor" are the forms' "Dr Adaeze Okafor".
        requester = re.search(r"Requesting clinician: Dr (?:\S+ )?(\S+)", form_txt).group(1)
        self.assertIn("Dr " + requester, report)
        self.assertIn(requester + " will arrange", report)
        self.assertIn(requester, form_pdf_text)
        family = self.patient_pn().split("^")[0]
        for text in (report, form_txt, form_pdf_text):
            self.assertIn(family.lower(), text.lower())
        self.assertIn("8 mm nodule right upper lobe on prior CT", form_txt)
        blob = qpdf_bytes(form_pdf, self.tmp).lower()
        for s in F.CASE_PATIENT + F.REQUESTER:
            for needle in needles(s):
                self.assertNotIn(needle, blob, "%r in the decompressed request form" % s)

    def test_uncleanable_documents_refused(self):
        enc_pdf = os.path.join(self.tmp, "locked.pdf")
        vt.run(["qpdf", "--encrypt", "", "owner-pw", "256", "--", self.pdf, enc_pdf], check=0)
        locked = os.path.join(self.tmp, "locked.dcm")
        vt.run(["pdf2dcm", "+st", self.image, enc_pdf, locked], check=0)
        cda = os.path.join(self.tmp, "cda.dcm")
        shutil.copy(self.dcm, cda)
        vt.run(["dcmodify", "-nb", "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.104.2",
                "-m", "(0042,0012)=text/XML", cda], check=0)
        out = os.path.join(self.tmp, "out-refused")
        proc = vt.veil("export", "-q", "--out", out, "--mapping", os.path.join(self.tmp, "r.sqlite"),
                       self.image, locked, cda)
        self.assertEqual(proc.returncode, 1, proc.stderr)  # partial: the image went out
        self.assertRegex(proc.stderr, r"refused .*locked\.dcm: .*encrypted")
        self.assertRegex(proc.stderr, r"refused .*cda\.dcm: .*CDA")
        self.assertEqual(len(vt.dicom_files(out)), 1)


if __name__ == "__main__":
    vt.main()
