"""Report documents the document tests make themselves (standard library only).

make_docx() writes a radiology report as a DOCX that puts its identifiers everywhere Word
can: split across runs, in a table, a header and a footer, a footnote and an endnote, a
comment, tracked insertions and deletions, a field code, a hyperlink, a text box, picture
alt text, the document properties (core, app, custom), document variables, custom XML and a
thumbnail. pgm_to_pdf() wraps a greyscale page image into a one-page PDF (a "scanned" PDF);
form_pdf() writes a request form with a filled-in field.

Run by hand: python3 docfixtures.py OUT.docx
"""

import struct
import sys
import zipfile
import zlib

# The patient and staff of the fixture (fictional; ZZ99 postcodes and 999 NHS numbers are
# reserved for tests).
PATIENT_PN = "O'BRIEN-TESTCASE^Siân^Mary^Mrs"
NHS = "9990000018"
MRN = "RX1234567"
DOB_DA = "19600214"
REFERRER_PN = "GPTEST^Harold^^Dr"
REPORTER_PN = "RADIOLOGIST^Carol^^Dr"

# What must not be anywhere in a cleaned output, in any form.
IDENTIFIERS = [
    "O'BRIEN-TESTCASE", "O\u2019BRIEN-TESTCASE", "Brien-Testcase", "Siân", "999 000 0018",
    "9990000018", "RX1234567", "14/02/1960", "1 Example Road", "Testtown", "ZZ99 3WZ",
    "01632 960001", "Gptest", "GPTEST", "Radiologist", "RADIOLOGIST", "sian.obrien",
    "RXA00012345", "15/01/2024",
]
# What must still be there.
CLINICAL = ["8 mm nodule", "right upper lobe", "No lymphadenopathy", "CT CHEST"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = ('xmlns:w="%s" xmlns:r="%s" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
      'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"' % (W, R))
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def run(text, bold=False, italic=False):
    props = ""
    if bold or italic:
        props = "<w:rPr>%s%s</w:rPr>" % ("<w:b/>" if bold else "", "<w:i/>" if italic else "")
    return '%s<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % ("", props, esc(text))


def para(*runs, style=None):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
    return "<w:p>%s%s</w:p>" % (ppr, "".join(runs))


def png(width, height, rgb):
    """A solid-colour PNG."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def document_xml():
    body = []
    body.append(para(run("Testshire Hospitals NHS Foundation Trust", bold=True)))
    body.append(para(run("RADIOLOGY REPORT", bold=True)))
    # The name split across runs with different formatting, as Word does.
    body.append(para(run("Patient: "), run("Si", bold=True), run("ân O'BRI", bold=True),
                     run("EN-TESTCASE", bold=True)))
    # The NHS number split mid-number.
    body.append(para(run("NHS number: 999 0"), run("00 0018"), run("   Hospital no: RX12"),
                     run("34567")))
    # A table of header fields.
    rows = [("Date of birth", "14/02/1960"), ("Address", "1 Example Road, Testtown, ZZ99 3WZ"),
            ("Telephone", "01632 960001"), ("Accession", "RXA00012345")]
    cells = "".join(
        "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"3000\" w:type=\"dxa\"/></w:tcPr>%s</w:tc>"
        "<w:tc><w:tcPr><w:tcW w:w=\"6000\" w:type=\"dxa\"/></w:tcPr>%s</w:tc></w:tr>"
        % (para(run(k, bold=True)), para(run(v))) for k, v in rows)
    body.append('<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/>'
                '<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>'
                '</w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="6000"/></w:tblGrid>'
                '%s</w:tbl>' % cells)
    body.append(para(run("Exam: CT CHEST O'BRIEN-TESTCASE FOLLOW UP   Date: 15/01/2024")))
    # Tracked changes: the referrer's name typed wrongly, deleted and inserted again.
    body.append('<w:p>%s<w:del w:id="1" w:author="Carol Radiologist" w:date="2024-01-15T10:00:00Z">'
                '<w:r><w:delText xml:space="preserve">Dr Harold Gptst</w:delText></w:r></w:del>'
                '<w:ins w:id="2" w:author="Carol Radiologist" w:date="2024-01-15T10:01:00Z">%s</w:ins>'
                '</w:p>' % (run("Referrer: "), run("Dr Harold Gptest")))
    # A footnote and an endnote reference; a comment around the findings.
    body.append('<w:p><w:commentRangeStart w:id="0"/>%s<w:commentRangeEnd w:id="0"/>'
                '<w:r><w:commentReference w:id="0"/></w:r>'
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="2"/></w:r>'
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="2"/></w:r>'
                '</w:p>' % run("Findings: 8 mm nodule right upper lobe, unchanged. No lymphadenopathy."))
    # A field: a MERGEFIELD-style code with a result, and a hyperlink to an e-mail address.
    body.append('<w:p>%s<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:sian.obrien@example.nhs.uk" </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>%s'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>%s'
                '<w:hyperlink r:id="rIdLink" w:tooltip="Write to Siân O\'BRIEN-TESTCASE">%s</w:hyperlink></w:p>'
                % (run("Contact: "), run("sian.obrien@example.nhs.uk"), run(" or "),
                   run("e-mail the patient")))
    # A text box (VML) holding the address again.
    body.append('<w:p><w:r><w:pict><v:shape id="tb1" style="width:300pt;height:40pt" type="#_x0000_t202">'
                '<v:textbox><w:txbxContent>%s</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>'
                % para(run("Lives at 1 Example Road, Testtown, ZZ99 3WZ")))
    # A picture with alt text naming the patient.
    body.append('<w:p><w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="457200"/>'
                '<wp:docPr id="1" name="Picture 1" descr="Photo of Siân O\'BRIEN-TESTCASE"/>'
                '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
                '<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="label.png" descr="Label RX1234567"/><pic:cNvPicPr/></pic:nvPicPr>'
                '<pic:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
                '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="457200"/></a:xfrm>'
                '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
                '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    body.append(para(run("Reported by Dr Carol Radiologist")))
    sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
            '<w:footerReference w:type="default" r:id="rIdFooter"/>'
            '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
            'w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>')
    return HEAD + "<w:document %s><w:body>%s%s</w:body></w:document>" % (NS, "".join(body), sect)


def notes_xml(kind, text):
    sep = ('<w:%s w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:%s>'
           '<w:%s w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:%s>'
           % (kind, kind, kind, kind))
    return HEAD + '<w:%ss %s>%s<w:%s w:id="2"><w:p>%s</w:p></w:%s></w:%ss>' % (
        kind, NS, sep, kind, run(" " + text), kind, kind)


def make_docx(path):
    parts = []
    parts.append(("[Content_Types].xml", HEAD +
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>'
                  '<Default Extension="png" ContentType="image/png"/>'
                  '<Default Extension="jpeg" ContentType="image/jpeg"/>'
                  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                  '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
                  '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
                  '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
                  '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                  '<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>'
                  '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
                  '<Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/>'
                  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
                  '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
                  '<Override PartName="/customXml/item1.xml" ContentType="application/xml"/>'
                  '</Types>'))
    parts.append(("_rels/.rels", HEAD +
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
                  '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>'
                  '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/>'
                  '</Relationships>'))
    parts.append(("word/document.xml", document_xml()))
    parts.append(("word/_rels/document.xml.rels", HEAD +
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                  '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
                  '<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
                  '<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
                  '<Relationship Id="rIdFoot" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                  '<Relationship Id="rIdEnd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>'
                  '<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
                  '<Relationship Id="rIdPeople" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/>'
                  '<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>'
                  '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:sian.obrien@example.nhs.uk" TargetMode="External"/>'
                  '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/>'
                  '</Relationships>'))
    parts.append(("word/styles.xml", HEAD + '<w:styles %s><w:docDefaults><w:rPrDefault><w:rPr>'
                  '<w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans"/><w:sz w:val="22"/>'
                  '</w:rPr></w:rPrDefault></w:docDefaults></w:styles>' % NS))
    parts.append(("word/settings.xml", HEAD + '<w:settings %s><w:trackRevisions/>'
                  '<w:docVars><w:docVar w:name="PatientName" w:val="O\'BRIEN-TESTCASE Siân"/>'
                  '<w:docVar w:name="NHS" w:val="9990000018"/></w:docVars></w:settings>' % NS))
    parts.append(("word/header1.xml", HEAD + '<w:hdr %s>%s</w:hdr>' % (
        NS, para(run("Patient O'BRIEN-TESTCASE, Siân   Hospital no: RX1234567")))))
    parts.append(("word/footer1.xml", HEAD + '<w:ftr %s>%s</w:ftr>' % (
        NS, para(run("NHS No: 999 000 0018   Testshire Hospitals NHS Foundation Trust")))))
    parts.append(("word/footnotes.xml", notes_xml("footnote", "Previous CT reported by Dr Carol Radiologist.")))
    parts.append(("word/endnotes.xml", notes_xml("endnote", "Copy to Dr Harold Gptest, The Surgery, ZZ99 3WZ.")))
    parts.append(("word/comments.xml", HEAD +
                  '<w:comments %s><w:comment w:id="0" w:author="Carol Radiologist" w:date="2024-01-15T10:02:00Z" w:initials="CR">'
                  '%s</w:comment></w:comments>' % (NS, para(run("Check O'BRIEN-TESTCASE's previous CT (RX1234567).")))))
    parts.append(("word/people.xml", HEAD +
                  '<w15:people %s><w15:person w15:author="Carol Radiologist">'
                  '<w15:presenceInfo w15:providerId="AD" w15:userId="carol.radiologist@example.nhs.uk"/>'
                  '</w15:person></w15:people>' % NS))
    parts.append(("word/media/image1.png", png(40, 20, (200, 30, 30))))
    parts.append(("customXml/item1.xml", HEAD + "<patient><name>O'BRIEN-TESTCASE Siân</name><nhs>9990000018</nhs></patient>"))
    parts.append(("docProps/core.xml", HEAD +
                  '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                  "<dc:title>CT report for Siân O'BRIEN-TESTCASE (RX1234567)</dc:title>"
                  '<dc:creator>Carol Radiologist</dc:creator><cp:lastModifiedBy>Harold Gptest</cp:lastModifiedBy>'
                  '<cp:keywords>NHS 999 000 0018</cp:keywords>'
                  '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-15T10:00:00Z</dcterms:created>'
                  '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-15T10:05:00Z</dcterms:modified>'
                  '</cp:coreProperties>'))
    parts.append(("docProps/app.xml", HEAD +
                  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                  'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                  '<Application>Microsoft Office Word</Application>'
                  '<Company>Testshire Hospitals NHS Foundation Trust</Company><Manager>Harold Gptest</Manager>'
                  '<Template>C:\\Users\\cradiologist\\Templates\\Report.dotm</Template>'
                  "<TitlesOfParts><vt:vector size=\"1\" baseType=\"lpstr\"><vt:lpstr>Report for O'BRIEN-TESTCASE</vt:lpstr></vt:vector></TitlesOfParts>"
                  '</Properties>'))
    parts.append(("docProps/custom.xml", HEAD +
                  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                  'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                  '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="PatientName">'
                  "<vt:lpwstr>O'BRIEN-TESTCASE^Siân</vt:lpwstr></property>"
                  '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="NHSNumber">'
                  '<vt:i4>999000001</vt:i4></property></Properties>'))
    parts.append(("docProps/thumbnail.jpeg", b"\xff\xd8\xff\xe0 thumbnail of O'BRIEN-TESTCASE 9990000018 \xff\xd9"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)


def pgm_to_pdf(pgm_path, pdf_path, dpi):
    """A one-page PDF holding only the greyscale image in `pgm_path` (binary PGM), at `dpi`."""
    data = open(pgm_path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    pixels = data[pos + 1:]
    assert fields[0] == b"P5", fields
    w, h = int(fields[1]), int(fields[2])
    assert len(pixels) >= w * h
    pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
    content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
    image = zlib.compress(pixels[:w * h])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
        b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>" % (pw, ph),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(image))
        + image + b"\nendstream",
    ]
    write_pdf(pdf_path, objects)


def form_pdf(path, value):
    """A one-page request form whose filled-in text field (an AcroForm widget, with its own
    appearance stream) holds `value` (Latin-1): not part of the page's text."""
    ap = b"/Tx BMC q BT /Helv 11 Tf 2 6 Td (" + value.encode("latin-1") + b") Tj ET Q EMC"
    content = b"BT /Helv 11 Tf 50 760 Td (REQUEST FORM) Tj 0 -30 Td (Patient name:) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /DA (/Helv 11 Tf 0 g) "
        b"/DR << /Font << /Helv 6 0 R >> >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /Helv 6 0 R >> >> /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (" + value.encode("latin-1")
        + b") /Rect [140 722 400 742] /P 3 0 R /DA (/Helv 11 Tf 0 g) /F 4 /AP << /N 7 0 R >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 260 20] /Resources << /Font << /Helv 6 0 R >> >> "
        b"/Length %d >>\nstream\n" % len(ap) + ap + b"\nendstream",
    ]
    write_pdf(path, objects)


def write_pdf(path, objects):
    pdf = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(pdf)


def lines_pdf(path, lines, size=11, leading=13):
    """A one-page PDF of plain lines of Helvetica, one under the other at the left margin, as
    a word processor sets a wrapped paragraph."""
    ops = [b"BT /F1 %d Tf %d TL 72 760 Td" % (size, leading)]
    for line in lines:
        ops.append(b"(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                   .encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    content = b"\n".join(ops)
    write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ])


# ---- A case: the demo study's patient in an encapsulated PDF report and in request forms ----
# (data/demo/make-demo-case.sh makes the study; keep these in step with it.)
CASE_PATIENT = ["FICTIONAL-DEMO", "Fictional-Demo", "Eleanor", "999 765 4323", "9997654323",
                "RXD7654321", "14/02/1958"]
REQUESTER = ["Okafor", "OKAFOR", "Adaeze"]
CASE_CLINICAL = ["8 mm nodule", "right upper lobe", "No lymphadenopathy"]

ENCAPSULATED_REPORT = [
    "CT CHEST REPORT",
    "Patient: Eleanor FICTIONAL-DEMO",
    "NHS number: 999 765 4323    Hospital number: RXD7654321",
    "Date of birth: 14/02/1958",
    "Findings: 8 mm nodule in the right upper lobe, unchanged. No lymphadenopathy.",
    "Discussed with Dr Okafor, who requested the scan.",
]

REQUEST_FORM = [
    "IMAGING REQUEST FORM",
    "Patient name: Eleanor FICTIONAL-DEMO",
    "Date of birth: 14/02/1958",
    "NHS number: 999 765 4323",
    "Hospital number: RXD7654321",
    "Requesting clinician: Dr Adaeze Okafor",
    "Clinical details: 8 mm nodule right upper lobe on prior CT, please compare.",
]

# A report that names the requester by surname only.
SURNAME_REPORT = (
    "CT CHEST\n"
    "Patient: Mrs Eleanor FICTIONAL-DEMO  NHS number: 999 765 4323\n"
    "Findings: the 8 mm nodule in the right upper lobe is unchanged. No lymphadenopathy.\n"
    "Discussed with Dr Okafor by telephone. Okafor will arrange follow-up.\n"
)


def simple_docx(path, lines):
    """A plain DOCX: one paragraph a line, the first in bold (a title)."""
    body = "".join(para(run(line, bold=(i == 0))) for i, line in enumerate(lines))
    sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" '
            'w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", HEAD +
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", HEAD +
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", HEAD + "<w:document %s><w:body>%s%s</w:body></w:document>"
                   % (NS, body, sect))


if __name__ == "__main__":
    make_docx(sys.argv[1])
