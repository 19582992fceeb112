/* veil-dicom-bridge.cc: the only file that includes DCMTK (see veil-dicom-bridge.h). */

#include "veil-dicom-bridge.h"

#include <gio/gio.h>
#include <new>
#include <string.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
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
  if (info->is_sequence)
    info->n_values = (guint) static_cast<DcmSequenceOfItems *> (element)->card ();
  else
    info->n_values = (guint) element->getVM ();
}

gboolean
veil_dcm_item_get_element_info (VeilDcmItem *item, guint index, VeilDcmElementInfo *info)
{
  DcmElement *element = as_item (item)->getElement (index);
  if (element == NULL)
    return FALSE;
  fill_info (element, info);
  return TRUE;
}

static DcmElement *
find_element (VeilDcmItem *item, guint16 group, guint16 element)
{
  DcmElement *found = NULL;
  if (as_item (item)->findAndGetElement (DcmTagKey (group, element), found, OFFalse).bad ())
    return NULL;
  return found;
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

char *
veil_dcm_item_get_string (VeilDcmItem *item, guint16 group, guint16 element)
{
  DcmElement *found = find_element (item, group, element);
  if (found == NULL || !is_string_vr (found->ident ()))
    return NULL;

  OFString value;
  if (found->getOFStringArray (value, OFTrue).bad ())
    return NULL;
  return g_strdup (value.c_str ());
}

char *
veil_dcm_item_get_string_at (VeilDcmItem *item, guint index)
{
  DcmElement *element = as_item (item)->getElement (index);
  if (element == NULL || !is_string_vr (element->ident ()))
    return NULL;

  OFString value;
  if (element->getOFStringArray (value, OFTrue).bad ())
    return NULL;
  return g_strdup (value.c_str ());
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

  if (found != NULL && found->ident () != EVR_SQ)
    cond = found->putString (value);
  else
    {
      DcmTag tag (group, element);
      if (vr != NULL)
        tag.setVR (DcmVR (vr));
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

gboolean
veil_dcm_item_delete (VeilDcmItem *item, guint16 group, guint16 element)
{
  return as_item (item)
      ->findAndDeleteElement (DcmTagKey (group, element), OFFalse, OFFalse)
      .good ();
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
  while (sequence->card () > 0)
    delete sequence->remove ((unsigned long) 0);
  return TRUE;
}

VeilDcmItem *
veil_dcm_item_append_sequence_item (VeilDcmItem *item, guint16 group, guint16 element)
{
  DcmItem *created = NULL;
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
