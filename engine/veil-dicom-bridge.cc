/* veil-dicom-bridge.cc: the only file that includes DCMTK (see veil-dicom-bridge.h). */

#include "veil-dicom-bridge.h"

#include <gio/gio.h>
#include <errno.h>
#include <new>
#include <unistd.h>
#include <string.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/oflog/oflog.h>

struct _VeilDcmFile
{
  DcmFileFormat *format;
  char transfer_syntax[65];
};

static DcmItem *
as_item (VeilDcmItem *item)
{
  return reinterpret_cast<DcmItem *> (item);
}

static VeilDcmItem *
to_item (DcmItem *item)
{
  return reinterpret_cast<VeilDcmItem *> (item);
}

/* DCMTK keeps an item's elements in a linked list, so getElement(i) walks from the start:
 * a loop over all elements would be quadratic. Walks ask for i, i + 1, … in turn, so each
 * thread remembers where it last was, and forgets whenever the bridge adds or removes an
 * element (a new value in place moves nothing). */
typedef struct {
  DcmItem *item;
  unsigned long index;
  DcmObject *element;
  gint epoch;
} Cursor;

static thread_local Cursor cursor;

/* Bumped whenever any thread frees a file: a remembered item might be gone, and a new one may
 * have been allocated at its address. */
static gint free_epoch;

static void
forget_cursor (void)
{
  cursor.item = NULL;
  cursor.element = NULL;
}

/* After an element is added to `item` (nothing removed anywhere): only a cursor in that item
 * has its indices moved. */
static void
forget_cursor_in (DcmItem *item)
{
  if (cursor.item == item)
    forget_cursor ();
}

static void
set_condition_error (GError **error, const OFCondition &cond, const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", what, cond.text ());
}

/* DCMTK logs its parse errors to stderr; Veil reports every problem itself, with the file's
 * name, so DCMTK's own logger is silenced. */
static void
ensure_initialised (void)
{
  static gsize initialised = 0;
  if (g_once_init_enter (&initialised))
    {
      OFLog::configure (OFLogger::OFF_LOG_LEVEL);
      /* Explicit-VR files sometimes carry standard attributes as UN; reading them with their
       * dictionary VR lets their dates, names and UIDs be handled like any other. */
      dcmEnableUnknownVRConversion.set (OFTrue);
      g_once_init_leave (&initialised, 1);
    }
}

VeilDcmFile *
veil_dcm_file_load (const char *path, guint32 lazy_threshold, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  ensure_initialised ();

  try
    {
      DcmFileFormat *format = new DcmFileFormat ();
      OFCondition cond = format->loadFile (OFFilename (path), EXS_Unknown, EGL_noChange,
                                           lazy_threshold ? lazy_threshold : DCM_MaxReadLength,
                                           ERM_autoDetect);
      if (cond.bad ())
        {
          delete format;
          set_condition_error (error, cond, "DICOM parser refused the file");
          return NULL;
        }

      DcmDataset *dataset = format->getDataset ();
      if (dataset == NULL || dataset->card () == 0)
        {
          delete format;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the file holds no DICOM data set");
          return NULL;
        }

      DcmXfer xfer (dataset->getOriginalXfer ());
      OFString ts;
      format->getMetaInfo ()->findAndGetOFString (DCM_TransferSyntaxUID, ts);
      /* A transfer syntax newer than this DCMTK (HTJ2K, deflated image frames) is read as if
       * it were plain little endian, and could not be written back faithfully. */
      if (xfer.getXfer () == EXS_Unknown
          || (!ts.empty () && DcmXfer (ts.c_str ()).getXfer () == EXS_Unknown))
        {
          delete format;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "transfer syntax %s is not supported by this build's DICOM library",
                       ts.empty () ? "(none)" : ts.c_str ());
          return NULL;
        }
      VeilDcmFile *file = g_new0 (VeilDcmFile, 1);
      file->format = format;
      g_strlcpy (file->transfer_syntax, xfer.getXferID (), sizeof file->transfer_syntax);
      return file;
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while reading the file");
      return NULL;
    }
}

void
veil_dcm_file_free (VeilDcmFile *file)
{
  if (file == NULL)
    return;
  forget_cursor ();
  g_atomic_int_inc (&free_epoch);
  delete file->format;
  g_free (file);
}

VeilDcmItem *
veil_dcm_file_get_dataset (VeilDcmFile *file)
{
  return to_item (file->format->getDataset ());
}

VeilDcmItem *
veil_dcm_file_get_meta (VeilDcmFile *file)
{
  return to_item (file->format->getMetaInfo ());
}

const char *
veil_dcm_file_get_transfer_syntax (VeilDcmFile *file)
{
  return file->transfer_syntax;
}

gboolean
veil_dcm_file_convert_to_utf8 (VeilDcmFile *file, GError **error)
{
  DcmDataset *dataset = file->format->getDataset ();
  OFString charset;

  if (dataset->findAndGetOFStringArray (DCM_SpecificCharacterSet, charset).bad ())
    return TRUE; /* default repertoire: plain ASCII already */
  g_autofree char *trimmed = g_strstrip (g_strdup (charset.c_str ()));
  if (trimmed[0] == '\0' || g_str_equal (trimmed, "ISO_IR 6") || g_str_equal (trimmed, "ISO_IR 192"))
    return TRUE;

  OFCondition cond = file->format->convertToUTF8 ();
  if (cond.bad ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "cannot convert character set \"%s\" to UTF-8: %s", trimmed,
                   cond.text ());
      return FALSE;
    }
  return TRUE;
}

gboolean
veil_dcm_file_save (VeilDcmFile *file, const char *path, GError **error)
{
  try
    {
      /* EXS_Unknown keeps the transfer syntax the file was read in, so compressed pixel data
       * is written back byte for byte. A new meta header drops the sender's AE titles and
       * takes its MediaStorage UIDs from the (already remapped) data set. */
      /* Deflated files are written inflated (Explicit VR Little Endian): DCMTK cannot write
       * their pixel data back into a deflate stream from the representation it read. */
      E_TransferSyntax write_xfer = EXS_Unknown;
      if (file->format->getDataset ()->getOriginalXfer () == EXS_DeflatedLittleEndianExplicit)
        write_xfer = EXS_LittleEndianExplicit;
      OFCondition cond = file->format->saveFile (OFFilename (path), write_xfer,
                                                 EET_UndefinedLength, EGL_recalcGL, EPD_noChange,
                                                 0, 0, EWM_createNewMeta);
      if (cond.bad ())
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "cannot write the file in its transfer syntax %s: %s",
                       file->transfer_syntax, cond.text ());
          return FALSE;
        }
      return TRUE;
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while writing the file");
      return FALSE;
    }
}

gboolean
veil_dcm_file_write_to_fd (VeilDcmFile *file, int fd, GError **error)
{
  try
    {
      E_TransferSyntax write_xfer = EXS_Unknown;
      if (file->format->getDataset ()->getOriginalXfer () == EXS_DeflatedLittleEndianExplicit)
        write_xfer = EXS_LittleEndianExplicit;

      /* DCMTK fills the buffer and asks for it to be emptied (EC_StreamNotifyClient) until
       * the whole object is written. */
      static const offile_off_t buffer_size = 64 * 1024;
      g_autofree guint8 *buffer = (guint8 *) g_malloc (buffer_size);
      DcmOutputBufferStream stream (buffer, buffer_size);
      OFCondition cond;

      file->format->transferInit ();
      do
        {
          cond = file->format->write (stream, write_xfer, EET_UndefinedLength, NULL, EGL_recalcGL,
                                      EPD_noChange, 0, 0, 0, EWM_createNewMeta);
          if (cond.bad () && cond != EC_StreamNotifyClient)
            break;
          if (cond == EC_Normal)
            stream.flush ();
          void *data = NULL;
          offile_off_t length = 0;
          stream.flushBuffer (data, length);
          const guint8 *p = (const guint8 *) data;
          while (length > 0)
            {
              ssize_t n = write (fd, p, (size_t) length);
              if (n < 0 && errno == EINTR)
                continue;
              if (n <= 0)
                {
                  int saved = errno;
                  file->format->transferEnd ();
                  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                               "cannot write the DICOM file: %s", g_strerror (saved));
                  return FALSE;
                }
              p += n;
              length -= n;
            }
        }
      while (cond == EC_StreamNotifyClient);
      file->format->transferEnd ();

      if (cond.bad ())
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "cannot write the file in its transfer syntax %s: %s",
                       file->transfer_syntax, cond.text ());
          return FALSE;
        }
      return TRUE;
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while writing the file");
      return FALSE;
    }
}

guint
veil_dcm_item_get_n_elements (VeilDcmItem *item)
{
  return (guint) as_item (item)->card ();
}

static gboolean
is_string_vr (DcmEVR evr)
{
  switch (evr)
    {
    case EVR_AE: case EVR_AS: case EVR_CS: case EVR_DA: case EVR_DS: case EVR_DT:
    case EVR_IS: case EVR_LO: case EVR_LT: case EVR_PN: case EVR_SH: case EVR_ST:
    case EVR_TM: case EVR_UC: case EVR_UI: case EVR_UR: case EVR_UT:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
fill_info (DcmElement *element, VeilDcmElementInfo *info)
{
  const DcmTag &tag = element->getTag ();
  DcmEVR evr = element->ident ();

  memset (info, 0, sizeof *info);
  info->group = tag.getGTag ();
  info->element = tag.getETag ();
  DcmVR vr (element->getVR ());
  const char *name = vr.getValidVRName ();
  g_strlcpy (info->vr, name ? name : "UN", sizeof info->vr);
  info->is_sequence = (evr == EVR_SQ);
  info->is_string = is_string_vr (evr);
  info->length = element->getLengthField ();
  info->is_loaded = info->is_sequence ? TRUE : element->valueLoaded ();
  /* Not the value multiplicity of other elements: DCMTK counts it by converting and scanning
   * the value, which cost more than the rest of a walk's step, and nothing reads it. */
  if (info->is_sequence)
    info->n_values = (guint) static_cast<DcmSequenceOfItems *> (element)->card ();
}

static DcmElement *
element_at (VeilDcmItem *item, guint index)
{
  DcmItem *dcm_item = as_item (item);
  DcmObject *found;

  gint epoch = g_atomic_int_get (&free_epoch);
  gboolean valid = cursor.item == dcm_item && cursor.element != NULL && cursor.epoch == epoch;

  if (valid && index == cursor.index + 1)
    found = dcm_item->nextInContainer (cursor.element);
  else if (valid && index == cursor.index)
    found = cursor.element;
  else
    found = dcm_item->getElement (index);

  cursor.item = found ? dcm_item : NULL;
  cursor.index = index;
  cursor.element = found;
  cursor.epoch = epoch;
  return static_cast<DcmElement *> (found);
}

gboolean
veil_dcm_item_get_element_info (VeilDcmItem *item, guint index, VeilDcmElementInfo *info)
{
  DcmElement *element = element_at (item, index);
  if (element == NULL)
    return FALSE;
  fill_info (element, info);
  return TRUE;
}

gboolean
veil_dcm_item_get_tag_at (VeilDcmItem *item, guint index, guint16 *group, guint16 *element)
{
  DcmElement *found = element_at (item, index);
  if (found == NULL)
    return FALSE;
  *group = found->getTag ().getGTag ();
  *element = found->getTag ().getETag ();
  return TRUE;
}

/* A plain scan of the item's own elements: findAndGetElement() builds a search stack for
 * every look-up, which costs several times the scan on a header-sized item. DcmItem::insert()
 * keeps every item's elements in tag order, read or added, so the scan stops at the first
 * larger tag, and it starts from the cursor when that is not past the tag: callers mostly
 * look up the element a walk is at, or a few tags on from the last one found. The element
 * found becomes the cursor. */
static DcmElement *
find_element (VeilDcmItem *item, guint16 group, guint16 element)
{
  DcmItem *dcm_item = as_item (item);
  const DcmTagKey key (group, element);
  gint epoch = g_atomic_int_get (&free_epoch);
  DcmObject *object;
  unsigned long index;

  if (cursor.item == dcm_item && cursor.element != NULL && cursor.epoch == epoch
      && !(cursor.element->getTag () > key))
    {
      object = cursor.element;
      index = cursor.index;
    }
  else
    {
      object = dcm_item->nextInContainer (NULL);
      index = 0;
    }

  for (; object != NULL; object = dcm_item->nextInContainer (object), index++)
    {
      if (object->getTag () == key)
        {
          cursor.item = dcm_item;
          cursor.index = index;
          cursor.element = object;
          cursor.epoch = epoch;
          return static_cast<DcmElement *> (object);
        }
      if (object->getTag () > key)
        break;
    }
  return NULL;
}

gboolean
veil_dcm_item_find (VeilDcmItem *item, guint16 group, guint16 element, VeilDcmElementInfo *info)
{
  DcmElement *found = find_element (item, group, element);
  if (found == NULL)
    return FALSE;
  if (info != NULL)
    fill_info (found, info);
  return TRUE;
}

/* Whether DCMTK's normalised reading of a value would give its stored bytes unchanged: each
 * VR's normalisation only strips spaces (NULs for UI) at the ends of its values, and the
 * generic join drops a leading empty value. */
static gboolean
is_plain_value (const char *value, Uint32 length)
{
  if (length == 0)
    return TRUE;
  if (memchr (value, '\0', length) != NULL)
    return FALSE;
  for (Uint32 i = 0; i < length; i++)
    {
      gboolean at_start = i == 0 || value[i - 1] == '\\';
      gboolean at_end = i + 1 == length || value[i + 1] == '\\';
      if ((at_start || at_end) && (value[i] == ' ' || value[i] == '\\'))
        return FALSE;
    }
  return TRUE;
}

/* The value as getOFStringArray (value, OFTrue) gives it, i.e. every value stripped of its
 * padding and joined with backslashes. That call converts and joins value by value, several
 * times the cost of reading the stored string, so a value that has nothing to strip (nearly
 * all of them) is copied as stored. */
static char *
string_value (DcmElement *element)
{
  if (!is_string_vr (element->ident ()))
    return NULL;

  char *stored = NULL;
  Uint32 length = 0;
  /* Every string VR is a DcmByteString in DCMTK (is_string_vr() lists only those). */
  if (static_cast<DcmByteString *> (element)->getString (stored, length).good ()
      && (stored != NULL || length == 0) && is_plain_value (stored, length))
    return g_strndup (stored != NULL ? stored : "", length);

  OFString value;
  if (element->getOFStringArray (value, OFTrue).bad ())
    return NULL;
  return g_strdup (value.c_str ());
}

char *
veil_dcm_item_get_string (VeilDcmItem *item, guint16 group, guint16 element)
{
  DcmElement *found = find_element (item, group, element);
  return found != NULL ? string_value (found) : NULL;
}

char *
veil_dcm_item_get_string_at (VeilDcmItem *item, guint index)
{
  DcmElement *element = element_at (item, index);
  return element != NULL ? string_value (element) : NULL;
}

GBytes *
veil_dcm_item_get_bytes (VeilDcmItem *item, guint16 group, guint16 element)
{
  DcmElement *found = find_element (item, group, element);
  if (found == NULL || found->ident () == EVR_SQ)
    return NULL;

  Uint8 *data = NULL;
  if (found->getUint8Array (data).bad () || data == NULL)
    {
      /* String and numeric VRs do not answer getUint8Array(); fall back to their text. */
      OFString value;
      if (found->getOFStringArray (value, OFFalse).bad ())
        return g_bytes_new (NULL, 0);
      return g_bytes_new (value.data (), value.size ());
    }
  return g_bytes_new (data, found->getLength ());
}

gboolean
veil_dcm_item_set_string (VeilDcmItem *item, guint16 group, guint16 element, const char *vr,
                          const char *value, GError **error)
{
  DcmElement *found = find_element (item, group, element);
  OFCondition cond;

  /* A new value in place leaves the item's list, and so the cursor, as it was. */
  if (found != NULL && found->ident () != EVR_SQ)
    cond = found->putString (value);
  else
    {
      /* Replacing a sequence deletes its items, which a cursor may be in. */
      if (found != NULL)
        forget_cursor ();
      else
        forget_cursor_in (as_item (item));
      /* A tag given its VR skips the dictionary look-up it would only overwrite. */
      DcmTag tag = vr != NULL ? DcmTag (group, element, DcmVR (vr)) : DcmTag (group, element);
      cond = as_item (item)->putAndInsertString (tag, value, OFTrue);
    }

  if (cond.bad ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot set (%04X,%04X): %s",
                   group, element, cond.text ());
      return FALSE;
    }
  return TRUE;
}

/* ---- Byte values (encapsulated documents) ---- */

gboolean
veil_dcm_item_set_bytes (VeilDcmItem *item, guint16 group, guint16 element, GBytes *value,
                         GError **error)
{
  gsize size = 0;
  const Uint8 *data = static_cast<const Uint8 *> (g_bytes_get_data (value, &size));
  DcmElement *found = find_element (item, group, element);
  OFCondition cond;

  forget_cursor ();
  if (size > G_MAXUINT32 - 1)
    cond = EC_ElemLengthExceeds32BitField;
  else if (found != NULL && found->ident () != EVR_OB && found->ident () != EVR_UN
           && found->ident () != EVR_ox)
    cond = EC_IllegalCall; /* only OB (and OB read as UN) values take bytes */
  else if (found != NULL)
    cond = found->putUint8Array (data, static_cast<unsigned long> (size));
  else
    cond = as_item (item)->putAndInsertUint8Array (DcmTag (group, element, EVR_OB), data,
                                                   static_cast<unsigned long> (size), OFTrue);
  if (cond.bad ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot set (%04X,%04X): %s",
                   group, element, cond.text ());
      return FALSE;
    }
  return TRUE;
}

gboolean
veil_dcm_item_delete (VeilDcmItem *item, guint16 group, guint16 element)
{
  forget_cursor ();
  /* remove() scans the item's own list; findAndDeleteElement() walked it through a general
   * search (nextObject() per element) at ten times the cost. */
  DcmElement *removed = as_item (item)->remove (DcmTagKey (group, element));
  if (removed == NULL)
    return FALSE;
  delete removed;
  return TRUE;
}

static DcmSequenceOfItems *
find_sequence (VeilDcmItem *item, guint16 group, guint16 element)
{
  DcmSequenceOfItems *sequence = NULL;
  if (as_item (item)
          ->findAndGetSequence (DcmTagKey (group, element), sequence, OFFalse, OFFalse)
          .bad ())
    return NULL;
  return sequence;
}

guint
veil_dcm_item_get_n_sequence_items (VeilDcmItem *item, guint16 group, guint16 element)
{
  DcmSequenceOfItems *sequence = find_sequence (item, group, element);
  return sequence ? (guint) sequence->card () : 0;
}

VeilDcmItem *
veil_dcm_item_get_sequence_item (VeilDcmItem *item, guint16 group, guint16 element, guint index)
{
  DcmSequenceOfItems *sequence = find_sequence (item, group, element);
  if (sequence == NULL)
    return NULL;
  return to_item (sequence->getItem (index));
}

gboolean
veil_dcm_item_clear_sequence (VeilDcmItem *item, guint16 group, guint16 element)
{
  DcmSequenceOfItems *sequence = find_sequence (item, group, element);
  if (sequence == NULL)
    return FALSE;
  forget_cursor ();
  while (sequence->card () > 0)
    delete sequence->remove ((unsigned long) 0);
  return TRUE;
}

VeilDcmItem *
veil_dcm_item_append_sequence_item (VeilDcmItem *item, guint16 group, guint16 element)
{
  DcmItem *created = NULL;
  DcmElement *found = find_element (item, group, element);
  /* Appending to a sequence that is there needs no general search, and moves no element of
   * any item (so the cursor stays); anything else is left to DCMTK. */
  if (found != NULL && found->ident () == EVR_SQ)
    {
      created = new DcmItem ();
      if (static_cast<DcmSequenceOfItems *> (found)->append (created).bad ())
        {
          delete created;
          return NULL;
        }
      return to_item (created);
    }
  forget_cursor ();
  if (as_item (item)
          ->findOrCreateSequenceItem (DcmTag (group, element), created, -2)
          .bad ())
    return NULL;
  return to_item (created);
}

char *
veil_dcm_item_get_private_creator (VeilDcmItem *item, guint16 group, guint16 element)
{
  if ((group & 1) == 0 || element < 0x1000)
    return NULL;

  OFString creator;
  if (as_item (item)
          ->findAndGetOFString (DcmTagKey (group, (Uint16) (element >> 8)), creator)
          .bad ())
    return NULL;
  return g_strstrip (g_strdup (creator.c_str ()));
}

char *
veil_dcm_tag_get_keyword (guint16 group, guint16 element, const char *creator)
{
  DcmTag tag (DcmTagKey (group, element), creator);
  const char *name = tag.getTagName ();
  if (name == NULL || strcmp (name, DcmTag_ERROR_TagName) == 0)
    return g_strdup ("");
  return g_strdup (name);
}

const char *
veil_dcm_tag_get_vr (guint16 group, guint16 element)
{
  DcmTag tag (group, element);
  if (tag.getEVR () == EVR_UNKNOWN)
    return NULL;
  return tag.getVR ().getValidVRName ();
}

/* ==== Pixel data ==== */
/* ---- Pixel data (see the "Pixel data" section of veil-dicom-bridge.h) ---------------------- */

#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmimage/diregist.h>
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/dcmjpls/djencode.h>
#include <dcmtk/dcmjpls/djrparam.h>

/* Codecs are process-wide in DCMTK and must be registered before any thread decodes; they
 * stay registered until exit (deregistering while another thread decodes would crash it).
 * No codec may invent a new SOP Instance UID: the de-identifier owns every UID. */
static void
ensure_pixel_codecs (void)
{
  static gsize registered = 0;
  if (g_once_init_enter (&registered))
    {
      ensure_initialised ();
      DcmRLEDecoderRegistration::registerCodecs (OFFalse, OFFalse);
      DcmRLEEncoderRegistration::registerCodecs (OFFalse, 0, OFTrue, OFFalse);
      DJDecoderRegistration::registerCodecs (EDC_photometricInterpretation, EUC_never);
      DJEncoderRegistration::registerCodecs (ECC_lossyYCbCr, EUC_never);
      DJLSDecoderRegistration::registerCodecs (EJLSUC_never);
      DJLSEncoderRegistration::registerCodecs (0, 0, 0, 0, OFTrue, 0, OFTrue, EJLSUC_never);
      g_once_init_leave (&registered, 1);
    }
}

static DcmPixelData *
find_pixel_data (DcmDataset *dataset)
{
  DcmElement *element = NULL;
  if (dataset->findAndGetElement (DCM_PixelData, element, OFFalse).bad () || element == NULL
      || element->ident () != EVR_PixelData)
    return NULL;
  return static_cast<DcmPixelData *> (element);
}

/* find_element() rather than findAndGetUint16(): see there. */
static guint
get_uint16 (DcmDataset *dataset, const DcmTagKey &key, guint fallback)
{
  DcmElement *element = find_element (to_item (dataset), key.getGroup (), key.getElement ());
  Uint16 value = 0;
  if (element == NULL || element->getUint16 (value).bad ())
    return fallback;
  return value;
}

/* Reads the image pixel module as it stands now (after a decode, the decoder's view). */
static gboolean
read_pixel_info (DcmDataset *dataset, VeilDcmPixelInfo *info)
{
  memset (info, 0, sizeof *info);
  VeilDcmItem *item = to_item (dataset);
  info->has_float_data = find_element (item, 0x7FE0, 0x0008) != NULL  /* FloatPixelData */
                         || find_element (item, 0x7FE0, 0x0009) != NULL; /* DoubleFloat… */
  DcmPixelData *pixel_data = find_pixel_data (dataset);
  if (pixel_data == NULL)
    return FALSE;

  /* In tag order, so each look-up goes on from the last. */
  info->samples_per_pixel = get_uint16 (dataset, DCM_SamplesPerPixel, 1);
  info->planar_configuration = get_uint16 (dataset, DCM_PlanarConfiguration, 0);
  info->rows = get_uint16 (dataset, DCM_Rows, 0);
  info->columns = get_uint16 (dataset, DCM_Columns, 0);
  info->bits_allocated = get_uint16 (dataset, DCM_BitsAllocated, 0);
  info->bits_stored = get_uint16 (dataset, DCM_BitsStored, info->bits_allocated);
  info->high_bit = get_uint16 (dataset, DCM_HighBit, info->bits_stored ? info->bits_stored - 1 : 0);
  info->is_signed = get_uint16 (dataset, DCM_PixelRepresentation, 0) == 1;

  Sint32 frames = 1;
  if (dataset->findAndGetSint32 (DCM_NumberOfFrames, frames).bad () || frames < 1)
    frames = 1;
  info->n_frames = (guint) frames;

  OFString photometric;
  dataset->findAndGetOFString (DCM_PhotometricInterpretation, photometric);
  g_strlcpy (info->photometric, photometric.c_str (), sizeof info->photometric);
  g_strstrip (info->photometric);

  E_TransferSyntax current = dataset->getCurrentXfer ();
  info->encapsulated = DcmXfer (current).isEncapsulated ();
  return TRUE;
}

gboolean
veil_dcm_file_get_pixel_info (VeilDcmFile *file, VeilDcmPixelInfo *info)
{
  return read_pixel_info (file->format->getDataset (), info);
}

struct _VeilDcmRenderer
{
  VeilDcmFile *file;
  VeilDcmPixelInfo info;
};

VeilDcmRenderer *
veil_dcm_renderer_new (VeilDcmFile *file, GError **error)
{
  VeilDcmPixelInfo info;

  ensure_pixel_codecs ();
  if (!read_pixel_info (file->format->getDataset (), &info))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the file has no pixel data");
      return NULL;
    }
  if (info.encapsulated)
    {
      /* A codec that is not registered cannot decode: say which syntax, not just "failed". */
      DcmXfer xfer (file->format->getDataset ()->getCurrentXfer ());
      DcmPixelData *pixel_data = find_pixel_data (file->format->getDataset ());
      OFString color_model;
      if (pixel_data == NULL
          || pixel_data->getDecompressedColorModel (file->format->getDataset (), color_model).bad ())
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "no decoder for pixel data in %s", xfer.getXferName ());
          return NULL;
        }
    }

  VeilDcmRenderer *renderer = g_new0 (VeilDcmRenderer, 1);
  renderer->file = file;
  renderer->info = info;
  return renderer;
}

void
veil_dcm_renderer_free (VeilDcmRenderer *renderer)
{
  g_free (renderer);
}

gboolean
veil_dcm_renderer_render_frame (VeilDcmRenderer *renderer, guint frame, guint8 *grey,
                                GError **error)
{
  const VeilDcmPixelInfo *info = &renderer->info;
  DcmDataset *dataset = renderer->file->format->getDataset ();

  if (frame >= info->n_frames)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "frame %u of %u", frame,
                   info->n_frames);
      return FALSE;
    }
  try
    {
      /* Partial access decodes only this frame and leaves the data set's representation
       * alone, so rendering never changes what will be written. */
      DicomImage image (dataset, dataset->getCurrentXfer (),
                        CIF_UsePartialAccessToPixelData | CIF_NeverAccessEmbeddedOverlays, frame, 1);
      if (image.getStatus () != EIS_Normal)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot render frame %u: %s",
                       frame, DicomImage::getString (image.getStatus ()));
          return FALSE;
        }
      if (image.getWidth () != info->columns || image.getHeight () != info->rows)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "frame %u renders as %lu × %lu, not %u × %u", frame, image.getWidth (),
                       image.getHeight (), info->columns, info->rows);
          return FALSE;
        }
      gsize n_pixels = (gsize) info->rows * info->columns;
      gboolean mono = image.isMonochrome ();
      if (mono)
        image.setMinMaxWindow (0);
      const guint8 *data = (const guint8 *) image.getOutputData (8, 0, 0);
      if (data == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot render frame %u", frame);
          return FALSE;
        }
      if (mono)
        memcpy (grey, data, n_pixels);
      else
        for (gsize i = 0; i < n_pixels; i++)
          grey[i] = MAX (MAX (data[3 * i], data[3 * i + 1]), data[3 * i + 2]);
      return TRUE;
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while rendering");
      return FALSE;
    }
}

guint8 *
veil_dcm_file_begin_pixel_edit (VeilDcmFile *file, VeilDcmPixelInfo *native, gsize *length,
                                GError **error)
{
  DcmDataset *dataset = file->format->getDataset ();
  DcmPixelData *pixel_data = find_pixel_data (dataset);

  ensure_pixel_codecs ();
  if (pixel_data == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the file has no pixel data");
      return NULL;
    }
  try
    {
      DcmXfer current (dataset->getCurrentXfer ());
      if (current.isEncapsulated ())
        {
          OFCondition cond = dataset->chooseRepresentation (EXS_LittleEndianExplicit, NULL);
          forget_cursor (); /* a decoder may rewrite attributes, failing or not */
          if (cond.bad () || !dataset->canWriteXfer (EXS_LittleEndianExplicit))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "cannot decode pixel data in %s%s%s", current.getXferName (),
                           cond.bad () ? ": " : "", cond.bad () ? cond.text () : "");
              return NULL;
            }
          /* The compressed original must go: it would otherwise be written instead of the
           * edited pixels, or be the source of a later re-encoding. */
          pixel_data->removeAllButCurrentRepresentations ();
        }

      read_pixel_info (dataset, native);
      native->encapsulated = FALSE;
      OFCondition cond;
      guint8 *data = NULL;
      if (native->bits_allocated <= 8)
        {
          Uint8 *bytes = NULL;
          cond = pixel_data->getUint8Array (bytes);
          data = bytes;
        }
      else
        {
          /* 16-bit words come back in host order whatever the file's byte order. */
          Uint16 *words = NULL;
          cond = pixel_data->getUint16Array (words);
          data = reinterpret_cast<guint8 *> (words);
        }
      if (cond.bad () || data == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot read the pixel data%s%s",
                       cond.bad () ? ": " : "", cond.bad () ? cond.text () : "");
          return NULL;
        }
      *length = pixel_data->getLength ();
      return data;
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while decoding pixels");
      return NULL;
    }
}

gboolean
veil_dcm_file_end_pixel_edit (VeilDcmFile *file, gboolean recompress,
                              const char **out_transfer_syntax, GError **error)
{
  DcmDataset *dataset = file->format->getDataset ();
  DcmPixelData *pixel_data = find_pixel_data (dataset);
  E_TransferSyntax original = dataset->getOriginalXfer ();

  if (pixel_data == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the file has no pixel data");
      return FALSE;
    }
  try
    {
      if (DcmXfer (original).isEncapsulated () && recompress)
        {
          DcmRLERepresentationParameter rle;
          DJ_RPLossless jpeg_lossless (1, 0);
          DJLSRepresentationParameter jpeg_ls (0, OFTrue);
          const DcmRepresentationParameter *parameter = NULL;
          switch (original)
            {
            case EXS_RLELossless:
              parameter = &rle;
              break;
            case EXS_JPEGProcess14:
            case EXS_JPEGProcess14SV1:
              parameter = &jpeg_lossless;
              break;
            case EXS_JPEGLSLossless:
              parameter = &jpeg_ls;
              break;
            default:
              break;
            }
          if (parameter == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "%s cannot be re-encoded without loss", DcmXfer (original).getXferName ());
              return FALSE;
            }
          OFCondition cond = dataset->chooseRepresentation (original, parameter);
          forget_cursor (); /* an encoder may rewrite attributes, failing or not */
          if (cond.bad () || !dataset->canWriteXfer (original))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot re-encode the pixels in %s%s%s",
                           DcmXfer (original).getXferName (), cond.bad () ? ": " : "",
                           cond.bad () ? cond.text () : "");
              return FALSE;
            }
          pixel_data->removeAllButCurrentRepresentations ();
        }
      /* A decoded file is written in the syntax its pixel data now has (EXS_Unknown on save
       * means "the original"), so the original is brought up to date. A native file keeps
       * its own syntax, byte order and VR encoding. */
      if (DcmXfer (original).isEncapsulated ())
        dataset->updateOriginalXfer ();
      forget_cursor ();
      DcmXfer now (dataset->getOriginalXfer ());
      g_strlcpy (file->transfer_syntax, now.getXferID (), sizeof file->transfer_syntax);
      if (out_transfer_syntax != NULL)
        *out_transfer_syntax = file->transfer_syntax;
      return TRUE;
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while encoding pixels");
      return FALSE;
    }
}

/* The fragment that starts each frame: the Basic Offset Table, or one fragment per frame
 * (DCMTK's rule); failing both, the fragments that start a JPEG 2000 codestream. */
static gboolean
frame_fragments (DcmPixelSequence *sequence, guint frame, guint n_frames, Uint32 *first,
                 Uint32 *end)
{
  Uint32 n_items = (Uint32) sequence->card ();

  if (n_items < 2)
    return FALSE;
  if (n_frames == 1)
    {
      *first = 1;
      *end = n_items;
      return TRUE;
    }
  Uint32 start = 0, next = n_items;
  if (DcmCodec::determineStartFragment (frame, (Sint32) n_frames, sequence, start).good ())
    {
      if (frame + 1 < n_frames
          && DcmCodec::determineStartFragment (frame + 1, (Sint32) n_frames, sequence, next).bad ())
        return FALSE;
      *first = start;
      *end = next;
      return start < next && next <= n_items;
    }

  guint seen = 0;
  *first = *end = 0;
  for (Uint32 i = 1; i < n_items; i++)
    {
      DcmPixelItem *item = NULL;
      Uint8 *bytes = NULL;
      if (sequence->getItem (item, i).bad () || item->getUint8Array (bytes).bad ())
        return FALSE;
      gboolean starts = item->getLength () >= 4 && bytes != NULL && bytes[0] == 0xFF
                        && bytes[1] == 0x4F && bytes[2] == 0xFF && bytes[3] == 0x51;
      if (!starts)
        continue;
      if (seen == frame)
        *first = i;
      else if (seen == frame + 1)
        {
          *end = i;
          break;
        }
      seen++;
    }
  if (*first == 0)
    return FALSE;
  if (*end == 0)
    *end = n_items;
  return TRUE;
}

GBytes *
veil_dcm_file_get_compressed_frame (VeilDcmFile *file, guint frame, GError **error)
{
  DcmDataset *dataset = file->format->getDataset ();
  DcmPixelData *pixel_data = find_pixel_data (dataset);
  VeilDcmPixelInfo info;
  DcmPixelSequence *sequence = NULL;

  if (pixel_data == NULL || !read_pixel_info (dataset, &info) || !info.encapsulated)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the file has no compressed pixel data");
      return NULL;
    }
  try
    {
      if (pixel_data->getEncapsulatedRepresentation (dataset->getCurrentXfer (), NULL, sequence).bad ()
          || sequence == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot read the compressed pixel data");
          return NULL;
        }
      Uint32 first = 0, end = 0;
      if (frame >= info.n_frames || !frame_fragments (sequence, frame, info.n_frames, &first, &end))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "cannot find the fragments of frame %u of %u", frame, info.n_frames);
          return NULL;
        }
      GByteArray *joined = g_byte_array_new ();
      for (Uint32 i = first; i < end; i++)
        {
          DcmPixelItem *item = NULL;
          Uint8 *bytes = NULL;
          if (sequence->getItem (item, i).bad () || item->getUint8Array (bytes).bad ())
            {
              g_byte_array_unref (joined);
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot read fragment %u", i);
              return NULL;
            }
          if (bytes != NULL)
            g_byte_array_append (joined, bytes, item->getLength ());
        }
      return g_byte_array_free_to_bytes (joined);
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while reading fragments");
      return NULL;
    }
}

gboolean
veil_dcm_file_set_native_pixels (VeilDcmFile *file, const guint8 *data, gsize length,
                                 const char *photometric, GError **error)
{
  DcmDataset *dataset = file->format->getDataset ();
  DcmPixelData *pixel_data = find_pixel_data (dataset);
  VeilDcmPixelInfo info;

  if (pixel_data == NULL || !read_pixel_info (dataset, &info))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the file has no pixel data");
      return FALSE;
    }
  try
    {
      /* Putting a value drops every other representation, the compressed one included. Native
       * pixels of more than 8 bits are OW (encapsulated ones were OB). */
      if (info.bits_allocated > 8)
        pixel_data->setVR (EVR_OW);
      OFCondition cond = info.bits_allocated <= 8
                             ? pixel_data->putUint8Array (data, (unsigned long) length)
                             : pixel_data->putUint16Array (reinterpret_cast<const Uint16 *> (data),
                                                           (unsigned long) (length / 2));
      if (cond.good ())
        cond = dataset->putAndInsertString (DCM_PhotometricInterpretation, photometric);
      if (cond.good () && info.samples_per_pixel > 1)
        cond = dataset->putAndInsertUint16 (DCM_PlanarConfiguration, 0);
      forget_cursor ();
      if (cond.bad ())
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot store the decoded pixels: %s",
                       cond.text ());
          return FALSE;
        }
      dataset->updateOriginalXfer ();
      DcmXfer now (dataset->getOriginalXfer ());
      g_strlcpy (file->transfer_syntax, now.getXferID (), sizeof file->transfer_syntax);
      return TRUE;
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while storing pixels");
      return FALSE;
    }
}
/* ==== End of pixel data ==== */

/* ==== Previews ==== */
/* A picture for a person (thumbnails): unlike the OCR rendering above, the window is the one
 * a radiologist would see first — the file's own VOI window or LUT, else a histogram window
 * that ignores the outlying 1 % at each end (CT air and metal would otherwise flatten the
 * soft tissue to one grey) — and colour stays colour. */

/* The window to show `image` with, chosen on the full-size image, as centre and width; FALSE
 * when it has a VOI LUT instead (`*use_lut`) or no window could be found. */
static gboolean
choose_window (DicomImage &image, double *center, double *width, gboolean *use_lut)
{
  *use_lut = FALSE;
  if (image.getWindowCount () > 0 && image.setWindow (0) && image.getWindow (*center, *width)
      && *width >= 1.0)
    return TRUE;
  if (image.getVoiLutCount () > 0)
    {
      *use_lut = TRUE;
      return FALSE;
    }
  if (image.setHistogramWindow (0.01) && image.getWindow (*center, *width) && *width >= 1.0)
    return TRUE;
  return image.setMinMaxWindow (0) && image.getWindow (*center, *width);
}

guint8 *
veil_dcm_renderer_render_preview (VeilDcmRenderer *renderer, guint frame, guint max_size,
                                  guint *out_width, guint *out_height, guint *out_channels,
                                  GError **error)
{
  const VeilDcmPixelInfo *info = &renderer->info;
  DcmDataset *dataset = renderer->file->format->getDataset ();

  g_return_val_if_fail (max_size > 0, NULL);
  if (frame >= info->n_frames)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "frame %u of %u", frame,
                   info->n_frames);
      return NULL;
    }
  try
    {
      DicomImage image (dataset, dataset->getCurrentXfer (),
                        CIF_UsePartialAccessToPixelData | CIF_NeverAccessEmbeddedOverlays, frame, 1);
      if (image.getStatus () != EIS_Normal || image.getWidth () == 0 || image.getHeight () == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot render frame %u: %s",
                       frame, DicomImage::getString (image.getStatus ()));
          return NULL;
        }

      gboolean mono = image.isMonochrome ();
      double center = 0, width = 0;
      gboolean use_lut = FALSE, has_window = FALSE;
      if (mono)
        has_window = choose_window (image, &center, &width, &use_lut);

      /* Never enlarged; the longer side becomes max_size. */
      unsigned long w = image.getWidth (), h = image.getHeight ();
      double scale = MIN (1.0, (double) max_size / (double) MAX (w, h));
      unsigned long sw = MAX (1ul, (unsigned long) (w * scale + 0.5));
      unsigned long sh = MAX (1ul, (unsigned long) (h * scale + 0.5));
      DicomImage *scaled = (sw == w && sh == h) ? NULL : image.createScaledImage (sw, sh, 1, 0);
      DicomImage &shown = scaled ? *scaled : image;
      if (mono)
        {
          if (use_lut)
            shown.setVoiLut (0);
          else if (has_window)
            shown.setWindow (center, width);
          else
            shown.setMinMaxWindow (0);
        }

      guint channels = mono ? 1 : 3;
      const guint8 *data = (const guint8 *) shown.getOutputData (8, 0, 0);
      guint8 *pixels = NULL;
      if (data != NULL && shown.getWidth () == sw && shown.getHeight () == sh)
        pixels = (guint8 *) g_memdup2 (data, (gsize) sw * sh * channels);
      delete scaled;
      if (pixels == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot render frame %u", frame);
          return NULL;
        }
      *out_width = (guint) sw;
      *out_height = (guint) sh;
      *out_channels = channels;
      return pixels;
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while rendering");
      return NULL;
    }
}
/* ==== End of previews ==== */
