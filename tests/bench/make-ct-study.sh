#!/usr/bin/env bash
# make-ct-study.sh OUTDIR [N [ROWS [SERIES]]]
#
# Generates a synthetic CT study for benchmarking: N instances (default 700)
# of ROWS x ROWS 16-bit pixels (default 512) in SERIES series (default 1),
# all Explicit VR Little Endian, with realistic (made-up, fictional) header
# PHI: names, hospital/NHS numbers, dates, accession, referring physician,
# institution, a private block.
#
#   make-ct-study.sh work/ct   700 512        # one 700-slice series, ~370 MB
#   make-ct-study.sh work/tiny 5000 64 50     # 5,000 tiny files in 50 series
#
# One file is written by dump2dcm from a template; dicom-clone.py then clones
# it, patching UIDs/numbers/positions in place with identical value lengths.
# Output is deterministic.  The study is built in OUTDIR.partial and renamed
# to OUTDIR at the end, so an existing OUTDIR is always complete.
set -euo pipefail
export LC_ALL=C

usage() { echo "usage: $0 OUTDIR [N [ROWS [SERIES]]]   (defaults: 700 512 1)" >&2; exit 2; }
[[ $# -ge 1 && $# -le 4 && $1 != -* ]] || usage
OUTDIR=${1%/}
N=${2:-700}
ROWS=${3:-512}
SERIES=${4:-1}
for v in "$N" "$ROWS" "$SERIES"; do [[ $v =~ ^[1-9][0-9]*$ ]] || usage; done
(( SERIES <= N && N <= 9999999 && SERIES <= 89999 )) || { echo "$0: need SERIES <= N <= 9999999" >&2; exit 2; }
command -v dump2dcm >/dev/null || { echo "$0: dump2dcm not found (apt-get install dcmtk)" >&2; exit 1; }
PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON=python3
HERE=$(cd "$(dirname "$0")" && pwd)

if [[ -e $OUTDIR ]]; then
    echo "$0: $OUTDIR already exists; remove it first" >&2
    exit 1
fi
PARTIAL="$OUTDIR.partial"
rm -rf "$PARTIAL"
mkdir -p "$PARTIAL"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/veil-bench-gen.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# 2.25.<decimal of the 128-bit value "VEIL-BENCH-STUDY">: fixed, made up.
UID_ROOT='2.25.114673362771990027665163240897305199705'
CT_IMAGE_STORAGE='1.2.840.10008.5.1.4.1.1.2'
# Placeholders: same width as what dicom-clone.py writes (see there).
SOP_1="$UID_ROOT.3.10001.1000001"
SERIES_1="$UID_ROOT.2.10001"

# Template pixels: a disc phantom with a diagonal gradient (stored = HU + 1024).
"$PYTHON" - "$ROWS" "$TMP/pixels.raw" <<'PY'
import struct, sys
n, path = int(sys.argv[1]), sys.argv[2]
r2, c = (n * 45 // 100) ** 2, n // 2
out = bytearray()
for y in range(n):
    row = [(1024 + 40 + ((x * 7 + y * 3) % 400)) if (x - c) ** 2 + (y - c) ** 2 <= r2 else 24
           for x in range(n)]
    out += struct.pack('<%dH' % n, *row)
open(path, 'wb').write(out)
PY

cat > "$TMP/template.dump" <<DUMP
(0008,0005) CS [ISO_IR 100]
(0008,0008) CS [ORIGINAL\PRIMARY\AXIAL]
(0008,0012) DA [20250310]
(0008,0013) TM [101500]
(0008,0016) UI [$CT_IMAGE_STORAGE]
(0008,0018) UI [$SOP_1]
(0008,0020) DA [20250310]
(0008,0021) DA [20250310]
(0008,0022) DA [20250310]
(0008,0023) DA [20250310]
(0008,0030) TM [101000]
(0008,0031) TM [101200]
(0008,0032) TM [101230]
(0008,0033) TM [101500]
(0008,0050) SH [BENCH0001]
(0008,0060) CS [CT]
(0008,0070) LO [Fictional Medical Systems]
(0008,0080) LO [Nowhere General Hospital (Fictional Bench)]
(0008,0081) ST [1 Fictional Road, Nowhere-on-Sea, ZZ99 1AA]
(0008,0090) PN [GRANT^Alisha^^Dr]
(0008,1010) SH [NWGH-CT02]
(0008,1030) LO [CT chest abdomen pelvis for Mr Benchmark-Fictional 03/03/2025]
(0008,103e) LO [Axial 99999 BENCHMARK-FICTIONAL 10/03/2025]
(0008,1040) LO [Radiology]
(0008,1050) PN [HARGREAVES^Tobias^^Dr]
(0008,1070) PN [WINTERBOTTOM^Jo]
(0008,1090) LO [DemoScan 64]
(0019,0010) LO [BENCH PRIVATE 1.0]
(0019,1001) LO [BENCHMARK-FICTIONAL^Harold^James^Mr]
(0019,1002) LO [9992648139]
(0019,1003) LT [Patient Benchmark-Fictional, Harold, DOB 21/07/1949, RXH3141592]
(0010,0010) PN [BENCHMARK-FICTIONAL^Harold^James^Mr]
(0010,0020) LO [RXH3141592]
(0010,0030) DA [19490721]
(0010,0040) CS [M]
(0010,1002) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=3)
    (0010,0020) LO [9992648139]
    (0010,0021) LO [NHS]
    (0010,0022) CS [TEXT]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)
(0010,1010) AS [075Y]
(0010,1030) DS [82]
(0010,1040) LO [7 Makebelieve Close, Nowhere-on-Sea, ZZ99 3WZ]
(0010,2154) SH [07700 900321]
(0018,0010) LO [Omnipaque 350]
(0018,0015) CS [CHEST]
(0018,0050) DS [1.25]
(0018,0060) DS [120]
(0018,1000) LO [BENCH-SN-0099871]
(0018,1030) LO [CT CAP]
(0018,1120) DS [0]
(0018,1150) IS [600]
(0018,1151) IS [250]
(0018,1152) IS [150]
(0018,1210) SH [STANDARD]
(0018,5100) CS [HFS]
(0020,000d) UI [$UID_ROOT.1]
(0020,000e) UI [$SERIES_1]
(0020,0010) SH [9001]
(0020,0011) IS [99999]
(0020,0012) IS [1]
(0020,0013) IS [9999999]
(0020,0032) DS [-250\-250\-99999.99]
(0020,0037) DS [1\0\0\0\1\0]
(0020,0052) UI [$UID_ROOT.4]
(0020,1040) LO []
(0020,1041) DS [-99999.99]
(0020,4000) LT [Mr Benchmark-Fictional, follow-up of CT 03/03/2025, ref Dr Grant]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US $ROWS
(0028,0011) US $ROWS
(0028,0030) DS [0.7\0.7]
(0028,0100) US 16
(0028,0101) US 12
(0028,0102) US 11
(0028,0103) US 0
(0028,1050) DS [40]
(0028,1051) DS [400]
(0028,1052) DS [-1024]
(0028,1053) DS [1]
(0028,1054) LO [HU]
(0040,0275) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=2)
    (0008,0050) SH [BENCH0001]
    (0040,1001) SH [RP-BENCH0001]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)
(7fe0,0010) OW =$TMP/pixels.raw
DUMP
dump2dcm -q +te "$TMP/template.dump" "$TMP/template.dcm"

"$PYTHON" "$HERE/dicom-clone.py" "$TMP/template.dcm" "$PARTIAL" "$N" "$SERIES" "$ROWS" "$UID_ROOT"
mv "$PARTIAL" "$OUTDIR"
echo "$OUTDIR: $N instances, ${ROWS}x$ROWS, $SERIES series"
