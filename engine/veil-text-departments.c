/* veil-text-departments.c: service and department names (see veil-text-departments.h). */

#include "veil-text-departments.h"

#include "veil-text-lexicon.h"

#include <string.h>

/* Adjectives by their ending: the words that qualify a service ("Symptomatic", "Fetal",
 * "Paediatric", "Respiratory", "Invasive", "Nervous"). Place and family names seldom end
 * like this, and a word the name lists know is never taken for one. */
static gboolean
adjective_shaped (const char *folded)
{
  static const char *const endings[] = { "IC", "AL", "ARY", "ORY", "IVE", "OUS", "AR", "ATIVE" };
  gsize n = strlen (folded);
  if (n < 5)
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (endings); k++)
    if (g_str_has_suffix (folded, endings[k]))
      return TRUE;
  return FALSE;
}

gboolean
veil_text_is_department_name (const char *text, gssize len)
{
  if (text == NULL)
    return FALSE;
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  guint words = 0;
  gsize i = 0;
  while (i < n)
    {
      while (i < n && !g_ascii_isalpha (text[i]) && !((guchar) text[i] & 0x80))
        {
          /* Digits make it a ward or a place ("Ward 12", "Unit 4"), not a service. */
          if (g_ascii_isdigit (text[i]))
            return FALSE;
          i++;
        }
      gsize s = i;
      while (i < n && (g_ascii_isalpha (text[i]) || ((guchar) text[i] & 0x80)))
        i++;
      if (i == s)
        break;
      g_autofree char *word = g_strndup (text + s, i - s);
      g_autofree char *folded = g_utf8_strup (word, -1);
      /* "Women's": the possessive's "s" is not a word. */
      if (i - s == 1 && s > 0 && text[s - 1] == '\'')
        continue;
      words++;
      guint lex = veil_text_lexicon_lookup (folded);
      if (lex & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME) && !(lex & (VEIL_LEX_STOP | VEIL_LEX_AMBIGUOUS)))
        return FALSE;
      if (lex & (VEIL_LEX_STOP | VEIL_LEX_GENERIC_PLACE | VEIL_LEX_INSTITUTION | VEIL_LEX_ROLE
                 | VEIL_LEX_HEAD_NOUN))
        continue;
      if (lex == 0 && adjective_shaped (folded))
        continue;
      return FALSE;
    }
  return words > 0;
}
