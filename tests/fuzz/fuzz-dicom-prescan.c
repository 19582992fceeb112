/* fuzz-dicom-prescan.c: libFuzzer entry for the structural pre-scan.
 *
 * The pre-scan is the first code to see an untrusted file, so it must not read out of bounds,
 * hang or crash whatever the bytes are. Seed it with small real files (< 100 KB) so the
 * fuzzer starts from valid encodings, e.g.
 *   mkdir corpus && cp <a handful of small .dcm files> corpus/
 *   ./fuzz-dicom-prescan -max_total_time=180 -rss_limit_mb=2048 corpus
 */
#include "veil-dicom-prescan.h"

#include <gio/gio.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const guint limits[] = { 0, 1, 8 };
  VeilPrescanInfo info;
  GError *error = NULL;
  gboolean ok;

  /* Alternate limits with the first byte so the depth checks are reached at small depths
   * too, without the fuzzer having to build 33 levels */
  ok = veil_dicom_prescan_buffer (data, size, limits[size > 0 ? data[0] % 3 : 0], &info,
                                  &error);
  if (ok)
    {
      g_assert (error == NULL);
      g_assert (info.transfer_syntax[sizeof info.transfer_syntax - 1] == '\0');
    }
  else
    {
      /* Every refusal is an invalid-data error with a message a person can read */
      g_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));
      g_assert (error->message[0] != '\0' && strlen (error->message) < 256);
      g_error_free (error);
    }
  return 0;
}
