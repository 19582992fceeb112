#!/usr/bin/env bash
# make-demo-case.sh OUTDIR
#
# Generates Veil's bundled demo case: one fictional patient, one CT study
# (a 1-image localizer and a 6-image axial series), a UK radiology report
# and an accession list.  Every identifier is made up and obviously
# fictional (NHS test range 999, ZZ99 pseudo postcode, Ofcom drama phone
# numbers).  The output is deterministic: the same bytes on every run.
#
#   OUTDIR/study/...        DICOM files (folder names carry the surname and
#                           hospital number on purpose, as real PACS exports do)
#   OUTDIR/report.txt       the radiology report for the study
#   OUTDIR/accessions.txt   accession list: DEMO00042 (present), DEMO00043 (missing)
#
# Needs: bash, coreutils, dcmtk (dump2dcm), /usr/bin/python3 (stdlib only).
set -euo pipefail
export LC_ALL=C

if [[ $# -ne 1 || $1 == -h || $1 == --help ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
OUTDIR=$1
command -v dump2dcm >/dev/null || { echo "$0: dump2dcm not found (apt-get install dcmtk)" >&2; exit 1; }
PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON=python3

# ---------------------------------------------------------------- identifiers
# The fictional patient.  Keep in sync with report.txt below (and with tests).
PAT_NAME='FICTIONAL-DEMO^Eleanor^Rose^Mrs'
PAT_SURNAME_TEXT='Fictional-Demo'            # as written in free text
PAT_ID='RXD7654321'                          # hospital number
NHS_NO='9997654323'                          # 999 765 4323, modulus-11 valid
NHS_NO_SPACED='999 765 4323'
PAT_DOB='19580214'                           # 14/02/1958
PAT_SEX='F'
PAT_AGE='067Y'
PAT_WEIGHT='68.5'
PAT_SIZE='1.64'
PAT_ADDRESS='14 Imaginary Lane, Nowhere-on-Sea, ZZ99 3CZ'
PAT_PHONE='01632 960123\07700 900456'        # two values (VM 2)
ACCESSION='DEMO00042'
ACCESSION_MISSING='DEMO00043'
REFERRING='GRANT^Alisha^^Dr'
PERFORMING='HARGREAVES^Tobias^^Dr'
OPERATOR='WINTERBOTTOM^Jo'
INSTITUTION='Nowhere General Hospital (Fictional Demo)'
INSTITUTION_ADDR='1 Fictional Road, Nowhere-on-Sea, ZZ99 1AA'
DEPARTMENT='Radiology'
STATION='NWGH-CT01'
DEVICE_SN='DEMO-SN-0042731'
STUDY_ID='4271'
STUDY_DATE='20250310'
STUDY_TIME='143200'
PRIOR_DATE_UK='03/03/2025'

# UIDs: a fixed made-up root, 2.25.<decimal of the 128-bit value "VEIL-DEMO-CASE01">.
UID_ROOT='2.25.114673362771992445499212841497957576753'
STUDY_UID="$UID_ROOT.1"
FOR_UID="$UID_ROOT.4"
series_uid() { echo "$UID_ROOT.2.$1"; }          # series number
sop_uid()    { echo "$UID_ROOT.3.$1.$2"; }       # series number, instance number
CT_IMAGE_STORAGE='1.2.840.10008.5.1.4.1.1.2'
LOCALIZER_UID=$(sop_uid 1 1)

# ------------------------------------------------------------------- layout
STUDY_DIR="$OUTDIR/study/FICTIONAL-DEMO_Eleanor_$PAT_ID/${STUDY_DATE}_CT_CHEST_$ACCESSION"
SCOUT_DIR="$STUDY_DIR/001_Scout_FICTIONAL-DEMO"
AXIAL_DIR="$STUDY_DIR/002_Axial_5mm"
IMPLICIT_INSTANCE=4      # this axial instance is written in Implicit VR Little Endian

mkdir -p "$OUTDIR"
rm -rf "$OUTDIR/study"
mkdir -p "$SCOUT_DIR" "$AXIAL_DIR"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/veil-demo.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# ------------------------------------------------------------- pixel data
# 64x64 unsigned 16-bit, stored value = HU + 1024.  An integer-only chest
# phantom (body, two lungs, spine, a nodule whose size changes per slice);
# the localizer is a coronal-looking projection.  No randomness.
make_pixels() {   # make_pixels KIND INDEX FILE   (KIND: axial|scout)
    "$PYTHON" - "$@" <<'PY'
import struct, sys
kind, idx, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
N = 64
def inside(x, y, cx, cy, rx, ry):
    return (x - cx) ** 2 * ry * ry + (y - cy) ** 2 * rx * rx <= rx * rx * ry * ry
nodule_r = [0, 2, 3, 4, 3, 2][(idx - 1) % 6]
px = []
for y in range(N):
    for x in range(N):
        if kind == 'axial':
            hu = -1000
            if inside(x, y, 32, 33, 29, 22):
                hu = 30 + (y // 8)                    # soft tissue, gentle gradient
                if inside(x, y, 20, 31, 9, 14) or inside(x, y, 44, 31, 9, 14):
                    hu = -850 + 4 * idx               # lungs
                    if nodule_r and inside(x, y, 18, 26, nodule_r, nodule_r):
                        hu = 35                       # the followed-up nodule
                if inside(x, y, 32, 50, 4, 4):
                    hu = 700                          # vertebral body
        else:
            hu = -1000
            if inside(x, y, 32, 36, 24, 30):
                hu = -200 + 6 * abs(x - 32) + 3 * y   # attenuation gradient
            if 30 <= x <= 34 and y >= 12:
                hu = 600                              # spine
        px.append(max(0, min(4095, hu + 1024)))
with open(path, 'wb') as f:
    f.write(struct.pack('<%dH' % len(px), *px))
PY
}

# ----------------------------------------------------------- dump template
# dcmdump-style text for one CT instance; dump2dcm turns it into a file.
# Arguments: series_no instance_no
dump_instance() {
    local series=$1 inst=$2
    local sop; sop=$(sop_uid "$series" "$inst")
    local pixfile="$TMP/pix_${series}_${inst}.raw"
    local itime; itime=$(printf '1432%02d' $((10 + series * 10 + inst)))
    if [[ $series -eq 1 ]]; then
        make_pixels scout "$inst" "$pixfile"
        local image_type='ORIGINAL\PRIMARY\LOCALIZER'
        local series_desc="Scout - $PAT_SURNAME_TEXT 10/03/2025"
        local orient='1\0\0\0\0\-1'
        local position='-200\0\150'
        local spacing='6.25\6.25'
        local thickness='1'
        local slice_loc='0'
        local contrast='# localizer acquired before contrast'
        local rescale_type='# no RescaleType: HU is not meaningful for a localizer'
        local comments="Localizer for $PAT_SURNAME_TEXT, Eleanor (hosp no $PAT_ID)"
    else
        make_pixels axial "$inst" "$pixfile"
        local image_type='ORIGINAL\PRIMARY\AXIAL'
        local series_desc="Axial 5mm - $PAT_SURNAME_TEXT 10.03.2025"
        local orient='1\0\0\0\1\0'
        local z=$(( -50 - 5 * (inst - 1) ))
        local position="-175\\-175\\$z"
        local spacing='5.46875\5.46875'
        local thickness='5'
        local slice_loc="$z"
        local rescale_type='(0028,1054) LO [HU]'
        local contrast='(0018,0010) LO [Omnipaque 350]'
        local comments="Follow-up of RUL nodule seen on $PRIOR_DATE_UK in Mrs $PAT_SURNAME_TEXT (NHS $NHS_NO_SPACED)"
    fi
    cat <<DUMP
(0008,0005) CS [ISO_IR 100]
(0008,0008) CS [$image_type]
(0008,0012) DA [$STUDY_DATE]
(0008,0013) TM [$itime]
(0008,0016) UI [$CT_IMAGE_STORAGE]
(0008,0018) UI [$sop]
(0008,0020) DA [$STUDY_DATE]
(0008,0021) DA [$STUDY_DATE]
(0008,0022) DA [$STUDY_DATE]
(0008,0023) DA [$STUDY_DATE]
(0008,0030) TM [$STUDY_TIME]
(0008,0031) TM [$(printf '1432%02d' $((series * 5)))]
(0008,0032) TM [$itime]
(0008,0033) TM [$itime]
(0008,0050) SH [$ACCESSION]
(0008,0060) CS [CT]
(0008,0070) LO [Fictional Medical Systems]
(0008,0080) LO [$INSTITUTION]
(0008,0081) ST [$INSTITUTION_ADDR]
(0008,0090) PN [$REFERRING]
(0008,1010) SH [$STATION]
(0008,1030) LO [CT chest follow-up for Mrs $PAT_SURNAME_TEXT $PRIOR_DATE_UK]
(0008,103e) LO [$series_desc]
(0008,1040) LO [$DEPARTMENT]
(0008,1050) PN [$PERFORMING]
(0008,1070) PN [$OPERATOR]
(0008,1090) LO [DemoScan 64]
DUMP
    if [[ $series -eq 2 ]]; then
        cat <<DUMP
(0008,1140) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=2)
    (0008,1150) UI [$CT_IMAGE_STORAGE]
    (0008,1155) UI [$LOCALIZER_UID]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)
DUMP
    fi
    cat <<DUMP
(0009,0010) LO [DEMO PRIVATE 1.0]
(0009,1001) LO [$PAT_NAME]
(0009,1002) LO [$NHS_NO]
(0010,0010) PN [$PAT_NAME]
(0010,0020) LO [$PAT_ID]
(0010,0021) LO [RXD]
(0010,0030) DA [$PAT_DOB]
(0010,0040) CS [$PAT_SEX]
(0010,1002) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=3)
    (0010,0020) LO [$NHS_NO]
    (0010,0021) LO [NHS]
    (0010,0022) CS [TEXT]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)
(0010,1010) AS [$PAT_AGE]
(0010,1020) DS [$PAT_SIZE]
(0010,1030) DS [$PAT_WEIGHT]
(0010,1040) LO [$PAT_ADDRESS]
(0010,2154) SH [$PAT_PHONE]
(0010,21b0) LT [Mrs $PAT_SURNAME_TEXT, ex-smoker. 8 mm RUL nodule on CT $PRIOR_DATE_UK. Ref Dr Grant.]
$contrast
(0018,0015) CS [CHEST]
(0018,0050) DS [$thickness]
(0018,0060) DS [120]
(0018,0090) DS [350]
(0018,1000) LO [$DEVICE_SN]
(0018,1020) LO [DemoOS 1.0]
(0018,1030) LO [CT CHEST FOLLOW UP]
(0018,1100) DS [350]
(0018,1120) DS [0]
(0018,1130) DS [150]
(0018,1140) CS [CW]
(0018,1150) IS [800]
(0018,1151) IS [200]
(0018,1152) IS [160]
(0018,1210) SH [STANDARD]
(0018,5100) CS [HFS]
(0020,000d) UI [$STUDY_UID]
(0020,000e) UI [$(series_uid "$series")]
(0020,0010) SH [$STUDY_ID]
(0020,0011) IS [$series]
(0020,0012) IS [1]
(0020,0013) IS [$inst]
(0020,0032) DS [$position]
(0020,0037) DS [$orient]
(0020,0052) UI [$FOR_UID]
(0020,1040) LO []
(0020,1041) DS [$slice_loc]
(0020,4000) LT [$comments]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 64
(0028,0011) US 64
(0028,0030) DS [$spacing]
(0028,0100) US 16
(0028,0101) US 12
(0028,0102) US 11
(0028,0103) US 0
(0028,1050) DS [-600]
(0028,1051) DS [1500]
(0028,1052) DS [-1024]
(0028,1053) DS [1]
$rescale_type
(0032,1032) PN [$REFERRING]
(0032,1033) LO [Respiratory Medicine]
(0040,0275) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=4)
    (0008,0050) SH [$ACCESSION]
    (0040,0007) LO [CT Chest with contrast]
    (0040,0009) SH [SPS-$ACCESSION]
    (0040,1001) SH [RP-$ACCESSION]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)
(7fe0,0010) OW =$pixfile
DUMP
}

write_instance() {   # write_instance series_no instance_no outfile
    local xfer=+te
    [[ $1 -eq 2 && $2 -eq $IMPLICIT_INSTANCE ]] && xfer=+ti
    dump_instance "$1" "$2" > "$TMP/instance.dump"
    dump2dcm -q "$xfer" "$TMP/instance.dump" "$3"
}

write_instance 1 1 "$SCOUT_DIR/IM0001.dcm"
for inst in 1 2 3 4 5 6; do
    write_instance 2 "$inst" "$(printf '%s/IM%04d.dcm' "$AXIAL_DIR" "$inst")"
done

# ------------------------------------------------------------------ report
cat > "$OUTDIR/report.txt" <<'REPORT'
NOWHERE GENERAL HOSPITAL NHS TRUST (FICTIONAL DEMO)
Department of Radiology
1 Fictional Road, Nowhere-on-Sea, ZZ99 1AA    Tel: 01632 960000

RADIOLOGY REPORT
----------------------------------------------------------------------
Patient Name:   Mrs Eleanor Rose FICTIONAL-DEMO
DOB:            14/02/1958 (67 years)
Sex:            Female
NHS No:         999 765 4323
Hospital No:    RXD7654321
Address:        14 Imaginary Lane, Nowhere-on-Sea, ZZ99 3CZ
Telephone:      07700 900456
Accession:      DEMO00042
Examination:    CT Chest with contrast
Date of exam:   10/03/2025 14:32
Requested by:   Dr Alisha Grant, Respiratory Medicine
Reported by:    Dr Tobias Hargreaves, Consultant Radiologist
Date reported:  11 March 2025
----------------------------------------------------------------------

CLINICAL DETAILS:
67-year-old female, ex-smoker (30 pack-years). 8 mm right upper lobe
nodule on CT chest of 03/03/2025. Interval follow-up requested by
Dr Grant. ?growth ?malignancy.

TECHNIQUE:
CT chest following 70 ml IV Omnipaque 350, portal venous phase.
5 mm axial reconstructions. Comparison is made with CT of 03.03.25.

FINDINGS:
The right upper lobe nodule measures 9 x 7 mm (previously 8 x 6 mm on
03/03/2025). It remains solid with a smooth margin. No new pulmonary
nodules. No consolidation or pleural effusion.

No mediastinal or hilar lymphadenopathy; the largest node is a 6 mm
short-axis right paratracheal node, unchanged.

The heart is normal in size. No pericardial effusion. The visualised
upper abdomen is unremarkable. No destructive bony lesion; mild
degenerative change in the thoracic spine.

CONCLUSION:
1. Slight interval growth of the 9 mm right upper lobe nodule in
   Mrs Fictional-Demo since 03/03/2025. Suggest discussion at the lung
   MDT and consideration of PET-CT.
2. No lymphadenopathy.

Findings discussed with Dr Grant by telephone (01632 960987) on
11/03/2025 at 09:10. Mrs Fictional-Demo's GP (Dr K Oyelaran-Demo,
Nowhere-on-Sea Surgery) has been copied in.

Electronically signed: Dr T Hargreaves, Consultant Radiologist,
11/03/2025 09:15
REPORT

printf '%s\n' "$ACCESSION" "$ACCESSION_MISSING" > "$OUTDIR/accessions.txt"

echo "demo case written to $OUTDIR (7 DICOM files, report.txt, accessions.txt)"
