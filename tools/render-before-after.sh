#!/usr/bin/env bash
# render-before-after.sh [OUTDIR]
#
# The "rendered page before and after" of a report PDF: writes a sample radiology report
# (fictional identifiers) as a DOCX, has LibreOffice headless render it to PDF, exports that
# with veil-cli, and renders page 1 of the input and of the export at 60 dpi:
#
#   OUTDIR/before.png   OUTDIR/after.png   (and before.pdf, after.pdf beside them)
#
# OUTDIR defaults to /tmp/veil-before-after. veil-cli is $VEIL_CLI, else build/engine/veil-cli.
# Needs python3, LibreOffice (libreoffice-writer-nogui) and poppler-utils (pdftoppm).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/veil-before-after}
cli=${VEIL_CLI:-$here/build/engine/veil-cli}
soffice=$(command -v soffice || command -v libreoffice || true)
[[ -x $cli ]] || { echo "$0: veil-cli not found at $cli (build first, or set VEIL_CLI)" >&2; exit 1; }
[[ -n $soffice ]] || { echo "$0: LibreOffice not found (apt-get install libreoffice-writer-nogui)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

python3 - "$work/report.docx" "$here/tests/integration" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
import docfixtures as F
F.simple_docx(sys.argv[1], [
    "Testshire Hospitals NHS Foundation Trust - Department of Imaging",
    "Patient: Mrs Eleanor FICTIONAL-DEMO        DOB: 14/02/1958",
    "NHS number: 999 765 4323        Hospital number: RXD7654321",
    "Examination: CT CHEST WITH CONTRAST        Date: 10/03/2025        Accession: DEMO00042",
    "Referrer: Dr Adaeze Okafor, Respiratory Medicine",
    "",
    "Clinical details: ex-smoker, 8 mm nodule right upper lobe on CT of 03/03/2025.",
    "Findings: the 8 mm solid nodule in the right upper lobe is unchanged in size. No new "
    "nodules. No mediastinal or hilar lymphadenopathy. No pleural effusion. The visualised "
    "upper abdomen is unremarkable.",
    "Conclusion: stable 8 mm right upper lobe nodule; follow-up CT in 12 months "
    "(Fleischner 2017). Discussed with Dr Okafor by telephone on 10/03/2025.",
    "",
    "Reported by Dr Tobias Hargreaves, Consultant Radiologist (GMC 7654321)",
])
PY
"$soffice" "-env:UserInstallation=file://$work/lo-profile" --headless --convert-to pdf \
    --outdir "$work" "$work/report.docx" >/dev/null 2>&1
cp "$work/report.pdf" "$out/before.pdf"

start=$(date +%s.%N)
"$cli" export -q --out "$work/export" --mapping "$work/map.sqlite" "$work/report.pdf"
end=$(date +%s.%N)
cp "$work/export/REPORTS/REPORT-001.pdf" "$out/after.pdf"

pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/before.pdf" "$out/before"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/after.pdf" "$out/after"
printf 'export took %.2f s\n%s\n%s\n' "$(echo "$end - $start" | bc)" "$out/before.png" "$out/after.png"
