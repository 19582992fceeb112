/* veil-dicom-bridge.h: the one thin C API over DCMTK.
 *
 * Nothing else in the tree includes DCMTK. The bridge only loads, reads, edits and saves
 * data sets; every de-identification decision is made in C by its callers. Items are
 * borrowed pointers into the file's data set and stay valid until the element holding them
 * is deleted or the file is freed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VeilDcmFile VeilDcmFile;
typedef struct _VeilDcmItem VeilDcmItem;

typedef struct {
  guint16 group;
  guint16 element;
  char vr[3];            /* "PN", "SQ", "UN", … as read (UN stays UN) */
  guint32 length;        /* value length in bytes; 0xFFFFFFFF for undefined-length sequences */
  guint n_values;        /* the number of items of a sequence; 0 for other elements */
  gboolean is_sequence;
  gboolean is_string;    /* a character-string VR (AE AS CS DA DS DT IS LO LT PN SH ST TM UC UI UR UT) */
  gboolean is_loaded;    /* FALSE for large values left in the file (lazy loading) */
} VeilDcmElementInfo;

/* Loads `path`. Values longer than `lazy_threshold` bytes stay in the file and are copied
 * straight through on save, so pixel data is never read or decoded. Callers must prescan the
 * file first (veil-dicom-prescan.h): DCMTK itself has no nesting limit. Deflated files must be
 * loaded whole (`lazy_threshold` 0): a value left in the file would have to be re-read from
 * the middle of a compressed stream. */
VeilDcmFile *veil_dcm_file_load (const char *path, guint32 lazy_threshold, GError **error);
void veil_dcm_file_free (VeilDcmFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilDcmFile, veil_dcm_file_free)

VeilDcmItem *veil_dcm_file_get_dataset (VeilDcmFile *file);
VeilDcmItem *veil_dcm_file_get_meta (VeilDcmFile *file);
/* The transfer syntax the data set was read in, e.g. "1.2.840.10008.1.2.1". */
const char *veil_dcm_file_get_transfer_syntax (VeilDcmFile *file);

/* Converts every string value to UTF-8 and sets SpecificCharacterSet to ISO_IR 192, so the
 * engine compares and rewrites text in one encoding. No-op for ASCII and UTF-8 files. */
gboolean veil_dcm_file_convert_to_utf8 (VeilDcmFile *file, GError **error);

/* Writes the file in its original transfer syntax with a new file meta header (whose
 * MediaStorage UIDs come from the data set). */
gboolean veil_dcm_file_save (VeilDcmFile *file, const char *path, GError **error);

/* The same, written to an open file descriptor (which stays open), so a caller can append to
 * the file without opening it again. */
gboolean veil_dcm_file_write_to_fd (VeilDcmFile *file, int fd, GError **error);

guint veil_dcm_item_get_n_elements (VeilDcmItem *item);
gboolean veil_dcm_item_get_element_info (VeilDcmItem *item, guint index, VeilDcmElementInfo *info);
/* Only the tag of the element at `index`: a cheaper check than the whole info. */
gboolean veil_dcm_item_get_tag_at (VeilDcmItem *item, guint index, guint16 *group,
                                   guint16 *element);
gboolean veil_dcm_item_find (VeilDcmItem *item, guint16 group, guint16 element,
                             VeilDcmElementInfo *info);

/* The whole value of a string element (values joined by backslashes), NULL if absent or not
 * a string VR. Trailing padding is removed. */
char *veil_dcm_item_get_string (VeilDcmItem *item, guint16 group, guint16 element);
/* The same, for the element at `index` (no search: for walks over every element). */
char *veil_dcm_item_get_string_at (VeilDcmItem *item, guint index);
/* Raw value bytes of any non-sequence element (loads a lazily kept value). */
GBytes *veil_dcm_item_get_bytes (VeilDcmItem *item, guint16 group, guint16 element);

/* Sets a string value (for an existing element of any non-sequence VR, a numeric VR parses
 * the text). A missing element is created with `vr` ("LO", "CS", …) or its dictionary VR if
 * `vr` is NULL. An empty string gives a zero-length value. */
gboolean veil_dcm_item_set_string (VeilDcmItem *item, guint16 group, guint16 element,
                                   const char *vr, const char *value, GError **error);
/* Sets the raw bytes of an OB element (creating it as OB if missing); the caller pads the
 * value to an even length. */
gboolean veil_dcm_item_set_bytes (VeilDcmItem *item, guint16 group, guint16 element, GBytes *value,
                                  GError **error);
gboolean veil_dcm_item_delete (VeilDcmItem *item, guint16 group, guint16 element);

guint veil_dcm_item_get_n_sequence_items (VeilDcmItem *item, guint16 group, guint16 element);
VeilDcmItem *veil_dcm_item_get_sequence_item (VeilDcmItem *item, guint16 group, guint16 element,
                                              guint index);
/* Removes every item, leaving an empty sequence. */
gboolean veil_dcm_item_clear_sequence (VeilDcmItem *item, guint16 group, guint16 element);
/* Appends an empty item, creating the sequence if it is missing. */
VeilDcmItem *veil_dcm_item_append_sequence_item (VeilDcmItem *item, guint16 group, guint16 element);

/* The creator string reserving the private block of (group, element), e.g. "SIEMENS CSA
 * HEADER", or NULL if the block has no creator. */
char *veil_dcm_item_get_private_creator (VeilDcmItem *item, guint16 group, guint16 element);

/* The dictionary keyword, e.g. "PatientName"; private tags use the creator's dictionary when
 * `creator` is given. Returns a newly allocated string, "" if unknown. */
char *veil_dcm_tag_get_keyword (guint16 group, guint16 element, const char *creator);
/* The dictionary VR of a tag ("PN"), or NULL if unknown. */
const char *veil_dcm_tag_get_vr (guint16 group, guint16 element);

/* ==== Pixel data ==== */
/* ---- Pixel data ---------------------------------------------------------------------------
 *
 * Reading, rendering and rewriting the pixels, for the burned-in text cleaner
 * (veil-pixel-*.c). DCMTK's decoders (RLE, JPEG baseline/extended/lossless, JPEG-LS) and
 * the lossless encoders are registered once, on first use. This DCMTK has no JPEG 2000 or
 * video decoder: the renderer and the pixel edit say so instead of passing such files, and
 * JPEG 2000 frames are handed over compressed (veil_dcm_file_get_compressed_frame) for
 * OpenJPEG to decode (veil-pixel-j2k.c). */

typedef struct {
  guint rows;
  guint columns;
  guint n_frames;              /* NumberOfFrames, 1 when absent */
  guint samples_per_pixel;
  guint bits_allocated;
  guint bits_stored;
  guint high_bit;
  gboolean is_signed;          /* PixelRepresentation 1 */
  guint planar_configuration;  /* 1: colour-by-plane */
  char photometric[24];        /* "MONOCHROME2", "RGB", "YBR_FULL_422", … */
  gboolean encapsulated;       /* compressed pixel data */
  gboolean has_float_data;     /* Float or Double Float Pixel Data instead of Pixel Data */
} VeilDcmPixelInfo;

/* FALSE if the data set has no pixel data. */
gboolean veil_dcm_file_get_pixel_info (VeilDcmFile *file, VeilDcmPixelInfo *info);

/* Renders frames for reading (OCR): each frame becomes rows × columns bytes of 8-bit grey, as
 * a viewer would show it with a window over the whole pixel range (so MONOCHROME1 comes out
 * inverted and the brightest text is white); a colour frame is reduced to its brightest
 * channel, so coloured text stays bright. Frames are decoded one at a time. A renderer is
 * for one thread; different files may be rendered in parallel. */
typedef struct _VeilDcmRenderer VeilDcmRenderer;

VeilDcmRenderer *veil_dcm_renderer_new (VeilDcmFile *file, GError **error);
gboolean veil_dcm_renderer_render_frame (VeilDcmRenderer *renderer, guint frame, guint8 *grey,
                                         GError **error);
void veil_dcm_renderer_free (VeilDcmRenderer *renderer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilDcmRenderer, veil_dcm_renderer_free)

/* Gives the pixel data, decoded, for editing in place: every frame one after another, in the
 * layout `native` describes (which may differ from the file's: a decoded YBR JPEG becomes
 * RGB). 16- and 32-bit samples are in host byte order. An encapsulated file is decoded here;
 * it stays decoded in memory until veil_dcm_file_end_pixel_edit(). */
guint8 *veil_dcm_file_begin_pixel_edit (VeilDcmFile *file, VeilDcmPixelInfo *native,
                                        gsize *length, GError **error);

/* Ends the edit. A file read compressed is compressed again in its own transfer syntax when
 * `recompress` is set (only for lossless syntaxes: RLE, JPEG lossless, JPEG-LS lossless),
 * else it is left as Explicit VR Little Endian; `out_transfer_syntax` (nullable) gets the UID
 * the file will now be written in. */
gboolean veil_dcm_file_end_pixel_edit (VeilDcmFile *file, gboolean recompress,
                                       const char **out_transfer_syntax, GError **error);

/* The compressed bytes of one frame of encapsulated pixel data, its fragments joined, for
 * decoders DCMTK does not have (JPEG 2000: veil-pixel-j2k.c). */
GBytes *veil_dcm_file_get_compressed_frame (VeilDcmFile *file, guint frame, GError **error);

/* Replaces the pixel data with decoded samples (every frame, colour-by-pixel, 16-bit samples
 * in host order) and sets PhotometricInterpretation and PlanarConfiguration 0 to match; the
 * file is then written as Explicit VR Little Endian. */
gboolean veil_dcm_file_set_native_pixels (VeilDcmFile *file, const guint8 *data, gsize length,
                                          const char *photometric, GError **error);
/* ==== End of pixel data ==== */

/* ==== Previews ==== */
/* Renders `frame` for a person to look at, scaled down (never up) to fit max_size × max_size:
 * monochrome through the file's first VOI window (WindowCenter/Width) or VOI LUT, else a
 * histogram window ignoring the outlying 1 % at each end; colour as RGB. Returns
 * width × height × channels bytes (1 channel grey, 3 RGB), rows packed. */
guint8 *veil_dcm_renderer_render_preview (VeilDcmRenderer *renderer, guint frame, guint max_size,
                                          guint *width, guint *height, guint *channels,
                                          GError **error);
/* ==== End of previews ==== */

G_END_DECLS
