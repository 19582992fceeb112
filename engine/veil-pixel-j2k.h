/* veil-pixel-j2k.h: JPEG 2000 frames through OpenJPEG.
 *
 * Debian's DCMTK 3.6.7 has no JPEG 2000 codec, yet ultrasound and secondary captures are
 * often stored that way. These frames are decoded with libopenjp2 (one codestream per
 * frame, from the bridge's fragments), so they can be read for text and cleaned like any
 * other. A cleaned file is written as Explicit VR Little Endian: there is no encoder here.
 */
#pragma once

#include "veil-dicom-bridge.h"

G_BEGIN_DECLS

/* JPEG 2000 (lossless and lossy, Part 1). */
gboolean veil_pixel_j2k_is_syntax (const char *transfer_syntax);

/* Frame `frame` decoded to the native layout `info` describes (colour-by-pixel; 8-bit
 * samples in one byte, 9–16-bit in two, host order). */
guint8 *veil_pixel_j2k_decode_frame (VeilDcmFile *file, const VeilDcmPixelInfo *info, guint frame,
                                     gsize *length, GError **error);

/* The frame as the bridge's renderer would give it: 8-bit grey over the frame's own value
 * range, MONOCHROME1 inverted, colour reduced to its brightest channel. */
gboolean veil_pixel_j2k_render_frame (VeilDcmFile *file, const VeilDcmPixelInfo *info, guint frame,
                                      guint8 *grey, GError **error);

/* Decodes every frame and stores them in the file as native pixels (written as Explicit VR
 * Little Endian); a colour transform (YBR_ICT, YBR_RCT) is undone, so they become RGB. */
gboolean veil_pixel_j2k_decode_in_place (VeilDcmFile *file, GError **error);

G_END_DECLS
