#!/usr/bin/python3
"""Clone one DICOM template file into a whole study, fast.

Usage: dicom-clone.py TEMPLATE OUTDIR N SERIES ROWS UID_ROOT

TEMPLATE is an Explicit VR Little Endian file written by dump2dcm (see
make-ct-study.sh) whose per-instance values are fixed-width placeholders.
For each instance this script copies the template bytes and overwrites,
in place and with the SAME value length, so the file stays valid:

  (0002,0003) MediaStorageSOPInstanceUID   (0008,0018) SOPInstanceUID
  (0020,000e) SeriesInstanceUID            (0020,0011) SeriesNumber
  (0008,103e) SeriesDescription            (0020,0013) InstanceNumber
  (0020,0032) ImagePositionPatient         (0020,1041) SliceLocation
  (7fe0,0010) PixelData (the template image, rotated by a per-instance offset)

UIDs are UID_ROOT.2.<10000+series> and UID_ROOT.3.<10000+series>.<1000000+instance>:
fixed width, no leading zeros.  Numbers (IS/DS) and text are padded with
trailing spaces, which DICOM allows.  Files go to
OUTDIR/SE<series>/IM<instance>.dcm.  Python standard library only.
"""
import os
import struct
import sys

LONG_VRS = {b'OB', b'OD', b'OF', b'OL', b'OV', b'OW', b'SQ', b'UC', b'UN', b'UR', b'UT'}
WANTED = {
    (0x0002, 0x0003): 'media_sop',
    (0x0008, 0x0018): 'sop',
    (0x0008, 0x103e): 'series_desc',
    (0x0020, 0x000e): 'series_uid',
    (0x0020, 0x0011): 'series_no',
    (0x0020, 0x0013): 'instance_no',
    (0x0020, 0x0032): 'position',
    (0x0020, 0x1041): 'slice_loc',
    (0x7fe0, 0x0010): 'pixels',
}


def locate(data):
    """Return {name: (offset, length)} of the wanted top-level values."""
    if data[128:132] != b'DICM':
        sys.exit('template has no DICM preamble')
    pos, found = 132, {}
    while pos < len(data):
        group, elem = struct.unpack_from('<HH', data, pos)
        vr = data[pos + 4:pos + 6]
        if vr in LONG_VRS:
            (length,) = struct.unpack_from('<I', data, pos + 8)
            pos += 12
        else:
            (length,) = struct.unpack_from('<H', data, pos + 6)
            pos += 8
        if length == 0xFFFFFFFF:
            sys.exit('template has an undefined-length element (%04x,%04x); '
                     'write it with explicit lengths' % (group, elem))
        if (group, elem) in WANTED:
            found[WANTED[(group, elem)]] = (pos, length)
        pos += length
    missing = set(WANTED.values()) - set(found)
    if missing:
        sys.exit('template lacks: ' + ', '.join(sorted(missing)))
    return found


def fit(text, length, pad=b' '):
    raw = text.encode('ascii')
    if len(raw) > length:
        sys.exit('value %r does not fit in %d bytes' % (text, length))
    return raw + pad * (length - len(raw))


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    template, outdir = sys.argv[1], sys.argv[2]
    n, series, rows = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    root = sys.argv[6]
    with open(template, 'rb') as f:
        data = f.read()
    where = locate(data)
    # Cut the template into constant chunks around the patched values.
    order = sorted(where.items(), key=lambda kv: kv[1][0])
    chunks, last = [], 0
    for name, (off, length) in order:
        chunks.append(data[last:off])
        chunks.append(name)
        last = off + length
    chunks.append(data[last:])
    pixels = data[where['pixels'][0]:sum(where['pixels'])]
    per_series = -(-n // series)          # ceiling division
    spacing = 1.25 if rows >= 256 else 5.0

    for i in range(n):
        s, inst = i // per_series + 1, i + 1
        z = -100.0 - spacing * (i % per_series)
        shift = (i * 2 * (rows + 3)) % len(pixels)   # even: whole 16-bit pixels
        series_uid = '%s.2.%d' % (root, 10000 + s)
        sop = '%s.3.%d.%d' % (root, 10000 + s, 1000000 + inst)
        values = {
            'media_sop': fit(sop, where['media_sop'][1], b'\0'),
            'sop': fit(sop, where['sop'][1], b'\0'),
            'series_uid': fit(series_uid, where['series_uid'][1], b'\0'),
            'series_no': fit(str(s), where['series_no'][1]),
            'series_desc': fit('Axial %d %s' % (s, 'BENCHMARK-FICTIONAL 10/03/2025'),
                               where['series_desc'][1]),
            'instance_no': fit(str(inst), where['instance_no'][1]),
            'position': fit('-250\\-250\\%.2f' % z, where['position'][1]),
            'slice_loc': fit('%.2f' % z, where['slice_loc'][1]),
            'pixels': pixels[shift:] + pixels[:shift],
        }
        d = os.path.join(outdir, 'SE%05d' % s)
        if inst == 1 or i % per_series == 0:
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'IM%07d.dcm' % inst), 'wb') as f:
            f.write(b''.join(values[c] if isinstance(c, str) else c for c in chunks))


if __name__ == '__main__':
    main()
