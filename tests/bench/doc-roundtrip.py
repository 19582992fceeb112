#!/usr/bin/env python3
"""Report documents round trip (issue 4): recall and clinical preservation on the text a
reader gets back.

Each report of a corpus split (tests/text-corpus, parsed by the scorer's own loader through
veil-corpus-dump) is written as a DOCX (one paragraph a line) and rendered to PDF by
LibreOffice headless; the reports of one case go through one `veil-cli export` (DOCX and PDF
separately, each with a fresh mapping store). The reader's text is pdftotext's for a PDF and
the paragraphs of word/document.xml for a DOCX. Then, per identifier and clinical span of the
corpus:

* an identifier is caught when it no longer appears in the output text: its whole text
  (letters and digits, case and spacing ignored) for numbers, dates, codes and addresses,
  and each word of three letters or more for names (a word also found elsewhere in the
  original's text counts only if the output holds more of it than the original's other text);
* a clinical span is kept when the output text holds it, word for word, as often as the
  original's text outside identifiers does.

Both are checked on the input's rendered text too: what the rendering itself loses is left
out and counted. Every output is also searched byte by byte for the patients' names and NHS
numbers (qpdf --qdf --object-streams=disable for PDF, every member of a DOCX).

  tests/bench/doc-roundtrip.py --dump build/tests/bench/veil-corpus-dump \\
      --cli build/engine/veil-cli [--corpus tests/text-corpus] [--split heldout] [-v]
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import docfixtures as F  # noqa: E402

NAME_KINDS = {"person"}
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def norm(text):
    """Whitespace collapsed, compatibility forms (ligatures) folded, curly quotes straight."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def alnum(text):
    return re.sub(r"[^0-9a-z]", "", norm(text).lower())


def words(text):
    return [w for w in re.findall(r"[^\W\d_]+", norm(text).lower()) if len(w) >= 3]


def count_word(word, text):
    return len(re.findall(r"(?<![^\W\d_])" + re.escape(word) + r"(?![^\W\d_])", text.lower()))


def docx_text(path):
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    xml = re.sub(r"<w:tab/>", "\t", xml)
    xml = re.sub(r"</w:p>", "\n", xml)
    xml = re.sub(r"<w:delText[^>]*>.*?</w:delText>", "", xml, flags=re.S)
    text = re.sub(r"<[^>]+>", "", xml)
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def reader_text(path):
    return pdf_text(path) if path.endswith(".pdf") else docx_text(path)


def raw_bytes(path, tmp):
    """Everything in the file a byte search should see."""
    if path.endswith(".docx"):
        with zipfile.ZipFile(path) as z:
            return b"\n".join(z.read(n) for n in z.namelist())
    qdf = os.path.join(tmp, "bytes.qdf")
    proc = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, qdf],
                          capture_output=True)
    if proc.returncode not in (0, 3):
        raise RuntimeError("qpdf failed on %s" % path)
    with open(qdf, "rb") as f:
        return f.read()


def identifier_present(ident, text, original_rest):
    """Whether any of the identifier is still in `text` (see the module comment)."""
    if ident["kind"] in NAME_KINDS:
        for w in words(ident["text"]):
            if count_word(w, text) > count_word(w, original_rest):
                return True
        return False
    needle = alnum(ident["text"])
    return len(needle) > 0 and needle in alnum(text)


def span_count(span, text):
    """Whole-word occurrences ("7" in "Gleason 7", not in "Tansy-7E")."""
    return len(re.findall(r"(?<!\w)" + re.escape(norm(span)) + r"(?!\w)", norm(text)))


def score(docs, inputs, outputs, verbose, tmp, fmt):
    s = collections.Counter()
    kinds = collections.defaultdict(lambda: [0, 0])
    misses = []
    for doc in docs:
        name = doc["name"]
        before = reader_text(inputs[name])
        out_path = outputs.get(name)
        if out_path is None:
            s["refused"] += 1
            misses.append("%s: refused" % name)
            continue
        after = reader_text(out_path)
        # The original's text outside identifiers: where a name's word may also be a word.
        raw, cut = doc["text"].encode("utf-8"), 0
        pieces = []
        for ident in sorted(doc["ids"], key=lambda i: i["start"]):
            pieces.append(raw[cut:ident["start"]])
            cut = max(cut, ident["end"])
        pieces.append(raw[cut:])
        rest = b" ".join(pieces).decode("utf-8")
        for ident in doc["ids"]:
            if not identifier_present(ident, before, rest):
                s["ids_lost_in_rendering"] += 1
                continue
            s["ids"] += 1
            kinds[ident["kind"]][0] += 1
            if identifier_present(ident, after, rest):
                misses.append("%s: %s %r left" % (name, ident["kind"], ident["text"]))
            else:
                s["caught"] += 1
                kinds[ident["kind"]][1] += 1
        for keep in doc["keeps"]:
            want = span_count(keep, rest)
            if span_count(keep, before) < want:
                s["keeps_lost_in_rendering"] += 1
                continue
            s["keeps"] += 1
            if span_count(keep, after) >= want:
                s["kept"] += 1
            else:
                misses.append("%s: clinical %r changed" % (name, keep))
        # Bytes: no patient name or NHS number anywhere in the file.
        blob = raw_bytes(out_path, tmp).lower()
        for ident in doc["ids"]:
            # A patient's name as written in full (a lone surname may also be an eponym).
            if ident["kind"] == "nhs-number" or (ident["kind"] == "person" and ident["structured"]
                                                 and len(words(ident["text"])) >= 2):
                s["byte_checks"] += 1
                forms = {ident["text"], ident["text"].replace(" ", "")}
                for form in forms:
                    for enc in ("utf-8", "utf-16-be"):
                        if form.lower().encode(enc) in blob:
                            s["byte_leaks"] += 1
                            misses.append("%s: %r in the bytes" % (name, form))
    print("%s: %d reports, %d identifiers: recall %.2f %% (%d missed); %d clinical spans: "
          "preservation %.2f %%; byte search: %d of %d patient names / NHS numbers left"
          % (fmt, len(docs), s["ids"], 100.0 * s["caught"] / max(s["ids"], 1), s["ids"] - s["caught"],
             s["keeps"], 100.0 * s["kept"] / max(s["keeps"], 1), s["byte_leaks"], s["byte_checks"]))
    if s["ids_lost_in_rendering"] or s["keeps_lost_in_rendering"] or s["refused"]:
        print("  not scored: %d identifiers and %d spans the rendering itself lost; %d refused"
              % (s["ids_lost_in_rendering"], s["keeps_lost_in_rendering"], s["refused"]))
    print("  per kind: " + ", ".join("%s %d/%d" % (k, v[1], v[0]) for k, v in sorted(kinds.items())))
    if verbose:
        for m in misses:
            print("  " + m)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dump", required=True, help="veil-corpus-dump")
    ap.add_argument("--cli", required=True, help="veil-cli")
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "text-corpus"))
    ap.add_argument("--split", default="heldout")
    ap.add_argument("--keep", help="keep the work folder here")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if not SOFFICE:
        sys.exit("LibreOffice (soffice) is needed")

    docs = json.loads(subprocess.run([args.dump, "--corpus", args.corpus, "--split", args.split],
                                     capture_output=True, text=True, check=True).stdout)
    seeded = [d["name"] for d in docs if any(not x.startswith("#! case") for x in d["directives"])]
    if seeded:
        print("note: DICOM-side directives not given to veil-cli for %s" % ", ".join(seeded))
    tmp = args.keep or tempfile.mkdtemp(prefix="veil-doc-roundtrip-")
    os.makedirs(tmp, exist_ok=True)
    src = os.path.join(tmp, "in")
    os.makedirs(src, exist_ok=True)
    inputs = {"docx": {}, "pdf": {}}
    for i, doc in enumerate(docs):
        stem = "r%03d" % i  # no identifiers in the names
        path = os.path.join(src, stem + ".docx")
        F.simple_docx(path, doc["text"].rstrip("\n").split("\n"))
        inputs["docx"][doc["name"]] = path
        inputs["pdf"][doc["name"]] = os.path.join(src, stem + ".pdf")
    start = time.monotonic()
    subprocess.run([SOFFICE, "-env:UserInstallation=file://" + os.path.join(tmp, "lo-profile"),
                    "--headless", "--convert-to", "pdf", "--outdir", src]
                   + sorted(inputs["docx"].values()), capture_output=True, check=True, timeout=900)
    print("LibreOffice rendered %d reports to PDF in %.1f s" % (len(docs), time.monotonic() - start))

    cases = collections.OrderedDict()
    for doc in docs:
        cases.setdefault(doc["case"], []).append(doc)
    failed = False
    for fmt in ("pdf", "docx"):
        outputs = {}
        start = time.monotonic()
        for n, (case, members) in enumerate(cases.items()):
            out = os.path.join(tmp, "out-%s-%03d" % (fmt, n))
            store = os.path.join(tmp, "map-%s-%03d.sqlite" % (fmt, n))
            files = [inputs[fmt][d["name"]] for d in members]
            proc = subprocess.run([args.cli, "export", "-q", "--out", out, "--mapping", store] + files,
                                  capture_output=True, text=True)
            if proc.returncode not in (0, 1):
                print(proc.stderr)
            for k, d in enumerate(members):  # REPORT-nnn in input order
                path = os.path.join(out, "REPORTS", "REPORT-%03d.%s" % (k + 1, fmt))
                if os.path.exists(path):
                    outputs[d["name"]] = path
        seconds = time.monotonic() - start
        print("veil-cli exported %d %s reports (%d cases) in %.2f s (%.0f ms a report, "
              "a process per case)" % (len(outputs), fmt.upper(), len(cases), seconds,
                                       1000 * seconds / max(len(outputs), 1)))
        s = score(docs, inputs[fmt], outputs, args.verbose, tmp, fmt.upper())
        failed |= s["byte_leaks"] > 0 or s["refused"] > 0
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
