/* veil-text-dates.c: UK written dates (see veil-text-dates.h).
 *
 * A hand-written parser rather than a regular expression: it runs only where a token could
 * start a date (a number, a month or a weekday), and it records where each part of the date
 * is, so a replacement can rewrite those parts and keep every separator and the case.
 */
#include "veil-text-dates.h"

#include "veil-text-lexicon.h"

#include <string.h>

static const char *const month_full[12] = {
  "January", "February", "March",     "April",   "May",      "June",
  "July",    "August",   "September", "October", "November", "December",
};
static const char *const weekday_full[7] = {
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

static gboolean
is_leap (int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month (int y, int m)
{
  static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  if (m == 2 && (y == 0 || is_leap (y)))
    return 29;
  return dim[m - 1];
}

int
veil_text_weekday (int y, int m, int d)
{
  /* Sakamoto's method: 0 = Sunday. */
  static const int t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
  if (m < 3)
    y -= 1;
  int w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
  return w == 0 ? 7 : w;
}

typedef struct {
  const char *text;
  gsize len;
} Source;

static gboolean
is_digit_at (const Source *s, gsize i)
{
  return i < s->len && g_ascii_isdigit (s->text[i]);
}

static gboolean
is_alpha_at (const Source *s, gsize i)
{
  return i < s->len && (g_ascii_isalpha (s->text[i]) || (guchar) s->text[i] >= 0x80);
}

static gboolean
is_alnum_at (const Source *s, gsize i)
{
  return is_digit_at (s, i) || is_alpha_at (s, i);
}

static gsize
read_digits (const Source *s, gsize i, gsize max, int *value)
{
  gsize n = 0;
  int v = 0;
  while (n < max && is_digit_at (s, i + n))
    {
      v = v * 10 + (s->text[i + n] - '0');
      n++;
    }
  *value = v;
  return n;
}

static gsize
read_letters (const Source *s, gsize i)
{
  gsize n = 0;
  while (i + n < s->len && g_ascii_isalpha (s->text[i + n]))
    n++;
  return n;
}

/* 1–12 for a month name or abbreviation ("Sept" too), else 0. */
static int
month_of_word (const char *w, gsize n)
{
  if (n < 3 || n > 9)
    return 0;
  for (int m = 0; m < 12; m++)
    {
      const char *full = month_full[m];
      gsize fn = strlen (full);
      if (n == fn && g_ascii_strncasecmp (w, full, n) == 0)
        return m + 1;
      if (n == 3 && g_ascii_strncasecmp (w, full, 3) == 0)
        return m + 1;
    }
  if (n == 4 && g_ascii_strncasecmp (w, "Sept", 4) == 0)
    return 9;
  return 0;
}

static int
weekday_of_word (const char *w, gsize n)
{
  static const char *const abbrevs[] = { "Tues", "Thur", "Thurs" };
  static const int abbrev_days[] = { 2, 4, 4 };

  for (int d = 0; d < 7; d++)
    {
      gsize fn = strlen (weekday_full[d]);
      if ((n == fn || n == 3) && g_ascii_strncasecmp (w, weekday_full[d], n) == 0)
        return d + 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (abbrevs); i++)
    if (n == strlen (abbrevs[i]) && g_ascii_strncasecmp (w, abbrevs[i], n) == 0)
      return abbrev_days[i];
  return 0;
}

/* A capital first letter or all capitals: "may" and "march" in running text are verbs. */
static gboolean
capitalised (const char *w)
{
  return g_ascii_isupper (w[0]);
}

static int
expand_year (int yy, gsize digits)
{
  if (digits == 4)
    return yy;
  static int pivot = -1;
  if (pivot < 0)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      pivot = (g_date_time_get_year (now) % 100) + 1;
    }
  return yy <= pivot ? 2000 + yy : 1900 + yy;
}

static gboolean
valid_day (int y, int m, int d)
{
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month (y, m);
}

static VeilTextSpan
span (gsize start, gsize end)
{
  VeilTextSpan s = { (guint32) start, (guint32) end };
  return s;
}

/* A date must not continue into more digits ("1.2.3.4", "12/03/2024/5") or letters. */
static gboolean
clean_end (const Source *s, gsize i)
{
  if (is_alnum_at (s, i))
    return FALSE;
  if (i + 1 < s->len && strchr ("./-", s->text[i]) && is_digit_at (s, i + 1))
    return FALSE;
  return TRUE;
}

static gsize
skip_spaces (const Source *s, gsize i)
{
  while (i < s->len && (s->text[i] == ' ' || s->text[i] == '\t'))
    i++;
  return i;
}

/* A unit of measurement after `i` (spaces skipped). */
static gboolean
unit_follows (const Source *s, gsize i)
{
  gsize p = skip_spaces (s, i);
  if (p == i && p < s->len && s->text[p] != '%')
    return is_alpha_at (s, p); /* glued letters: "12mm" */
  gsize e = p;
  while (e < s->len && !g_ascii_isspace (s->text[e]) && !strchr (",;()", s->text[e]))
    e++;
  while (e > p && strchr (".:", s->text[e - 1]))
    e--;
  return e > p && veil_text_lexicon_is_unit (s->text + p, e - p);
}

/* A time after a date: " 14:32", ", 14:32:05", " at 2.30pm", " 1432hrs", "T14:32:05.123Z".
 * Returns the end of the time, or `i` when there is none. */
static gsize
parse_time (const Source *s, gsize i)
{
  gsize p = i;
  int hh, mm, v;

  if (p < s->len && s->text[p] == 'T' && is_digit_at (s, p + 1))
    p++;
  else
    {
      if (p < s->len && s->text[p] == ',')
        p++;
      gsize q = skip_spaces (s, p);
      if (q == p && p == i)
        return i;
      p = q;
      if (p + 2 < s->len && g_ascii_strncasecmp (s->text + p, "at", 2) == 0
          && !is_alpha_at (s, p + 2))
        p = skip_spaces (s, p + 2);
      else if (p < s->len && s->text[p] == '@')
        p = skip_spaces (s, p + 1);
    }

  gsize n = read_digits (s, p, 4, &hh);
  if (n == 4)
    {
      /* "1432hrs", "1432 h": a four-digit time needs its unit. */
      mm = hh % 100;
      hh /= 100;
      if (hh > 23 || mm > 59)
        return i;
      gsize q = skip_spaces (s, p + 4);
      gsize l = read_letters (s, q);
      if ((l == 3 && g_ascii_strncasecmp (s->text + q, "hrs", 3) == 0)
          || (l == 1 && (s->text[q] == 'h' || s->text[q] == 'H')))
        return q + l;
      return i;
    }
  if (n == 0 || hh > 23)
    return i;
  p += n;
  if (p >= s->len || (s->text[p] != ':' && s->text[p] != '.'))
    return i;
  char sep = s->text[p];
  if (read_digits (s, p + 1, 2, &mm) != 2 || mm > 59)
    return i;
  p += 3;
  if (sep == ':' && p < s->len && s->text[p] == ':' && read_digits (s, p + 1, 2, &v) == 2)
    {
      p += 3;
      if (p < s->len && s->text[p] == '.' && is_digit_at (s, p + 1))
        {
          p++;
          while (is_digit_at (s, p))
            p++;
        }
    }
  gsize q = skip_spaces (s, p);
  gsize l = read_letters (s, q);
  if (l == 2 && (g_ascii_strncasecmp (s->text + q, "am", 2) == 0
                 || g_ascii_strncasecmp (s->text + q, "pm", 2) == 0))
    return q + 2;
  if (sep == '.')
    return i; /* "3.45" alone is a number, not a time */
  if (p < s->len && s->text[p] == 'Z')
    return p + 1;
  if (p + 5 < s->len && (s->text[p] == '+' || s->text[p] == '-') && is_digit_at (s, p + 1)
      && is_digit_at (s, p + 2) && s->text[p + 3] == ':')
    return p + 6;
  if (is_alnum_at (s, p))
    return i;
  return p;
}

static gboolean
parse_numeric_day_first (const Source *s, gsize i, gsize n1, int v1, VeilTextDate *out,
                         gsize *out_end)
{
  gsize p = i + n1;
  char sep = s->text[p];
  int v2, v3;

  gsize n2 = read_digits (s, p + 1, 3, &v2);
  if (n2 == 0)
    return FALSE;

  /* "04/2023": month and year. */
  if (n2 == 4 || (n2 > 2))
    {
      gsize n = read_digits (s, p + 1, 4, &v2);
      if (sep != '/' || n != 4 || v1 < 1 || v1 > 12 || v2 < 1900 || v2 > 2100
          || !clean_end (s, p + 1 + n))
        return FALSE;
      out->month = v1;
      out->year = v2;
      out->month_span = span (i, i + n1);
      out->year_span = span (p + 1, p + 1 + n);
      *out_end = p + 1 + n;
      return TRUE;
    }

  gsize q = p + 1 + n2;
  if (q >= s->len || s->text[q] != sep)
    return FALSE;
  gsize n3 = read_digits (s, q + 1, 5, &v3);
  if ((n3 != 2 && n3 != 4) || !clean_end (s, q + 1 + n3))
    return FALSE;

  int year = expand_year (v3, n3);
  int day = v1, month = v2;
  VeilTextSpan day_span = span (i, i + n1), month_span = span (p + 1, p + 1 + n2);
  if (month > 12 && day <= 12)
    {
      /* Written the American way (month first); still a date, and rewritten that way. */
      int t = day;
      day = month;
      month = t;
      VeilTextSpan ts = day_span;
      day_span = month_span;
      month_span = ts;
    }
  if (!valid_day (year, month, day))
    return FALSE;
  out->day = day;
  out->month = month;
  out->year = year;
  out->day_span = day_span;
  out->month_span = month_span;
  out->year_span = span (q + 1, q + 1 + n3);
  *out_end = q + 1 + n3;
  return TRUE;
}

/* After the day number (and its ordinal): " April 1956", "-Apr-56", " of April", "Apr". */
static gboolean
parse_textual_day_first (const Source *s, gsize i, gsize n1, int day, VeilTextDate *out,
                         gsize *out_end)
{
  gsize p = i + n1;
  gsize suffix_start = p;
  gsize l = read_letters (s, p);

  if (l == 2)
    {
      const char *w = s->text + p;
      if (g_ascii_strncasecmp (w, "st", 2) == 0 || g_ascii_strncasecmp (w, "nd", 2) == 0
          || g_ascii_strncasecmp (w, "rd", 2) == 0 || g_ascii_strncasecmp (w, "th", 2) == 0)
        {
          out->suffix = span (suffix_start, p + 2);
          p += 2;
        }
    }

  char joiner = p < s->len ? s->text[p] : '\0';
  if (joiner == '-' || joiner == '/' || joiner == '.')
    p++;
  else
    {
      gsize q = skip_spaces (s, p);
      if (q == p && out->suffix.end == 0)
        return FALSE;
      p = q;
      if (p + 3 < s->len && g_ascii_strncasecmp (s->text + p, "of", 2) == 0
          && s->text[p + 2] == ' ')
        p = skip_spaces (s, p + 2);
    }

  l = read_letters (s, p);
  int month = month_of_word (s->text + p, l);
  if (month == 0)
    return FALSE;
  out->month_span = span (p, p + l);
  out->month_is_word = TRUE;
  out->month = month;
  out->day = day;
  out->day_span = span (i, i + n1);
  gsize month_end = p + l;
  p = month_end;
  if (p < s->len && s->text[p] == '.' && l <= 4)
    p++;

  /* The year: " 1956", ", 1956", "-56", " '56". */
  gsize q = p;
  if (q < s->len && (s->text[q] == '-' || s->text[q] == '/' || s->text[q] == ','))
    q++;
  q = skip_spaces (s, q);
  if (q < s->len && s->text[q] == '\'')
    q++;
  int yv;
  gsize ny = read_digits (s, q, 5, &yv);
  /* A two-digit year: "03-Apr-56", "3 Apr '56", and "3 Apr 56" when no unit follows it
   * ("3 April 12 mm" is not a date of 2012). */
  gboolean short_year_ok = ny == 2 && q > p
                          && (s->text[p] == '-' || s->text[p] == '/' || s->text[q - 1] == '\''
                              || (s->text[p] == ' ' && !unit_follows (s, q + 2)));
  if ((ny == 4 || short_year_ok) && clean_end (s, q + ny))
    {
      int year = expand_year (yv, ny);
      if (!valid_day (year, month, day))
        return FALSE;
      out->year = year;
      out->year_span = span (q, q + ny);
      *out_end = q + ny;
      return TRUE;
    }

  /* No year: "3 April", "3rd of April". A lower-case month needs its year. */
  if (!capitalised (s->text + month_end - l) || !valid_day (0, month, day))
    return FALSE;
  if (is_alnum_at (s, month_end))
    return FALSE;
  *out_end = p > month_end && s->text[p - 1] == '.' ? p : month_end;
  return TRUE;
}

/* "April 3, 1956", "April 3rd 1956", "April 1956", "Apr-2023", "April 3rd". */
static gboolean
parse_month_first (const Source *s, gsize i, VeilTextDate *out, gsize *out_end)
{
  gsize l = read_letters (s, i);
  int month = month_of_word (s->text + i, l);
  if (month == 0 || !capitalised (s->text + i))
    return FALSE;
  gsize p = i + l;
  if (p < s->len && s->text[p] == '.' && l <= 4)
    p++;
  gsize q = p;
  if (q < s->len && (s->text[q] == '-' || s->text[q] == ','))
    q++;
  q = skip_spaces (s, q);
  if (q == p)
    return FALSE;

  int v;
  gsize n = read_digits (s, q, 5, &v);
  out->month = month;
  out->month_span = span (i, i + l);
  out->month_is_word = TRUE;
  if (n == 4 && clean_end (s, q + 4))
    {
      if (v < 1800 || v > 2200)
        return FALSE;
      out->year = v;
      out->year_span = span (q, q + 4);
      *out_end = q + 4;
      return TRUE;
    }
  if (n < 1 || n > 2 || v < 1 || v > 31)
    return FALSE;
  gsize day_start = q, day_end = q + n;
  gsize r = day_end;
  gsize sl = read_letters (s, r);
  if (sl == 2
      && (g_ascii_strncasecmp (s->text + r, "st", 2) == 0
          || g_ascii_strncasecmp (s->text + r, "nd", 2) == 0
          || g_ascii_strncasecmp (s->text + r, "rd", 2) == 0
          || g_ascii_strncasecmp (s->text + r, "th", 2) == 0))
    {
      out->suffix = span (r, r + 2);
      r += 2;
    }
  else if (is_alnum_at (s, r))
    return FALSE;
  if (r < s->len && s->text[r] == ':')
    return FALSE; /* "May 12:30" */
  out->day = v;
  out->day_span = span (day_start, day_end);

  gsize t = r;
  if (t < s->len && s->text[t] == ',')
    t++;
  t = skip_spaces (s, t);
  int yv;
  gsize ny = read_digits (s, t, 5, &yv);
  if (ny == 4 && t > r && clean_end (s, t + 4))
    {
      if (!valid_day (yv, month, v))
        return FALSE;
      out->year = yv;
      out->year_span = span (t, t + 4);
      *out_end = t + 4;
      return TRUE;
    }
  if (!valid_day (0, month, v))
    return FALSE;
  /* "May 3" alone is a date only with an ordinal or a full month name. */
  if (out->suffix.end == 0 && l == 3 && month == 5)
    return FALSE;
  *out_end = r;
  return TRUE;
}

gboolean
veil_text_parse_date (const char *text, gsize len, gsize offset, VeilTextDate *out,
                      gsize *out_end)
{
  Source src = { text, len };
  const Source *s = &src;
  gsize i = offset;
  gsize date_end = 0;
  VeilTextDate d = { 0 };

  if (i >= len)
    return FALSE;
  /* Not the middle of something longer: "1.2.3", "v2.03/04/1956". */
  if (i > 0 && is_alnum_at (s, i - 1))
    return FALSE;
  if (i > 1 && strchr ("./-:", text[i - 1]) && is_digit_at (s, i - 2))
    return FALSE;

  /* A weekday first: "Tuesday 3 April 1956", "Tue, 03/04/1956". */
  if (g_ascii_isalpha (text[i]))
    {
      gsize l = read_letters (s, i);
      if (weekday_of_word (text + i, l) && capitalised (text + i))
        {
          gsize p = i + l;
          if (p < len && (text[p] == ',' || text[p] == '.'))
            p++;
          gsize q = skip_spaces (s, p);
          if (q > p || (q < len && g_ascii_isdigit (text[q]) && p > i + l))
            {
              VeilTextDate inner;
              gsize inner_end;
              if (veil_text_parse_date (text, len, q, &inner, &inner_end) && inner.day > 0)
                {
                  *out = inner;
                  out->weekday = span (i, i + l);
                  *out_end = inner_end;
                  return TRUE;
                }
              /* "Friday 6th", "on Thursday 14th": a weekday and an ordinal day name one day
               * of a known week, as identifying as a full date. Without a month it cannot be
               * shifted, so it is replaced whole. */
              int day;
              gsize nd = q < len && g_ascii_isdigit (text[q]) ? read_digits (s, q, 3, &day) : 0;
              gsize e = q + nd;
              if (nd >= 1 && nd <= 2 && day >= 1 && day <= 31 && e + 2 <= len
                  && (g_ascii_strncasecmp (text + e, "st", 2) == 0 || g_ascii_strncasecmp (text + e, "nd", 2) == 0
                      || g_ascii_strncasecmp (text + e, "rd", 2) == 0 || g_ascii_strncasecmp (text + e, "th", 2) == 0)
                  && !is_alnum_at (s, e + 2))
                {
                  memset (out, 0, sizeof *out);
                  out->day = day;
                  out->weekday = span (i, i + l);
                  out->day_span = span (q, e);
                  out->suffix = span (e, e + 2);
                  out->date_end = (guint32) (e + 2);
                  *out_end = e + 2;
                  return TRUE;
                }
            }
          return FALSE;
        }
      if (!parse_month_first (s, i, &d, &date_end))
        return FALSE;
    }
  else if (g_ascii_isdigit (text[i]))
    {
      int v1;
      gsize n1 = read_digits (s, i, 9, &v1);
      gsize p = i + n1;

      if (n1 == 8)
        {
          int y = v1 / 10000, m = (v1 / 100) % 100, day = v1 % 100;
          if (y < 1900 || y > 2100 || !valid_day (y, m, day) || !clean_end (s, p))
            {
              /* "20240115T1432": a DICOM DT written out. */
              if (!(p < len && text[p] == 'T' && y >= 1900 && y <= 2100 && valid_day (y, m, day)))
                return FALSE;
            }
          d.year = y;
          d.month = m;
          d.day = day;
          d.year_span = span (i, i + 4);
          d.month_span = span (i + 4, i + 6);
          d.day_span = span (i + 6, i + 8);
          date_end = p;
        }
      else if (n1 == 4 && p + 1 < len && strchr ("-/.", text[p]) && is_digit_at (s, p + 1))
        {
          char sep = text[p];
          int m, day;
          gsize n2 = read_digits (s, p + 1, 3, &m);
          gsize q = p + 1 + n2;
          if (n2 < 1 || n2 > 2 || q >= len || text[q] != sep)
            return FALSE;
          gsize n3 = read_digits (s, q + 1, 3, &day);
          if (n3 < 1 || n3 > 2 || v1 < 1800 || v1 > 2200 || !valid_day (v1, m, day))
            return FALSE;
          gsize e = q + 1 + n3;
          if (!clean_end (s, e) && !(e < len && text[e] == 'T' && is_digit_at (s, e + 1)))
            return FALSE;
          d.year = v1;
          d.month = m;
          d.day = day;
          d.year_span = span (i, i + 4);
          d.month_span = span (p + 1, p + 1 + n2);
          d.day_span = span (q + 1, e);
          date_end = e;
        }
      else if (n1 >= 1 && n1 <= 2)
        {
          if (p + 1 < len && strchr ("/.-", text[p]) && is_digit_at (s, p + 1))
            {
              if (!parse_numeric_day_first (s, i, n1, v1, &d, &date_end))
                return FALSE;
            }
          else if (v1 >= 1 && v1 <= 31)
            {
              if (!parse_textual_day_first (s, i, n1, v1, &d, &date_end))
                return FALSE;
            }
          else
            return FALSE;
        }
      else
        return FALSE;
    }
  else
    return FALSE;

  d.date_end = (guint32) date_end;
  *out = d;
  *out_end = parse_time (s, date_end);
  return TRUE;
}

/* "DOB", "D.O.B.", "born", "date of birth" just before the date, on its line. */
static gboolean
preceded_by_birth (const char *text, gsize start)
{
  gsize from = start > 40 ? start - 40 : 0;
  for (gsize i = start; i > from; i--)
    if (text[i - 1] == '\n')
      {
        from = i;
        break;
      }
  /* A label speaks for the next date only: "DOB 14/02/1960) attended on 15/01/2024" must not
   * make the second date a birth date, so the window starts after the last digit or the end
   * of the last clause. */
  for (gsize i = start; i > from; i--)
    if (g_ascii_isdigit (text[i - 1]) || strchr (")];", text[i - 1]) != NULL)
      {
        from = i;
        break;
      }
  g_autofree char *window = g_ascii_strdown (text + from, (gssize) (start - from));
  /* Only the last few words count: "born on", "DOB:", "(DOB 03/04/1956". */
  return strstr (window, "dob") != NULL || strstr (window, "d.o.b") != NULL
         || strstr (window, "born") != NULL || strstr (window, "birth") != NULL;
}

void
veil_text_find_dates (VeilTextDocument *doc)
{
  gsize covered_to = 0;

  for (guint i = 0; i < doc->tokens->len; i++)
    {
      const VeilTextToken *t = veil_text_document_token (doc, i);
      if (t->start < covered_to)
        continue;
      gboolean may_start = t->type == VEIL_TEXT_TOKEN_NUMBER || t->type == VEIL_TEXT_TOKEN_ALNUM
                           || (t->type == VEIL_TEXT_TOKEN_WORD
                               && (t->lex & (VEIL_LEX_MONTH | VEIL_LEX_WEEKDAY)));
      if (!may_start || !g_ascii_isalnum (doc->text[t->start]))
        continue;
      /* Hyphen-joined tokens ("03-Apr-1956") start with the date; a token that starts with
       * letters then digits ("RXA2024") cannot be one. */
      VeilTextDate date;
      gsize end;
      if (!veil_text_parse_date (doc->text, doc->len, t->start, &date, &end))
        continue;
      gboolean full = date.year > 0 && date.month > 0 && date.day > 0;
      VeilTextCandidate *c = veil_text_document_add (
          doc, t->start, end, VEIL_TEXT_KIND_DATE,
          full ? VEIL_TEXT_PRIORITY_STRONG_PATTERN : VEIL_TEXT_PRIORITY_STRONG_PATTERN - 4,
          full ? "pattern, date" : "pattern, partial date");
      c->date = date;
      if (preceded_by_birth (doc->text, t->start))
        c->flags |= VEIL_TEXT_CANDIDATE_DOB;
      covered_to = end;
    }
}

/* Same letter case as `like`: upper, lower or as given. */
static char *
match_case (const char *word, const char *like, gsize like_len)
{
  gboolean upper = TRUE, lower = TRUE, any = FALSE;
  for (gsize i = 0; i < like_len; i++)
    if (g_ascii_isalpha (like[i]))
      {
        any = TRUE;
        upper &= g_ascii_isupper (like[i]) != 0;
        lower &= g_ascii_islower (like[i]) != 0;
      }
  if (any && upper && like_len > 1)
    return g_ascii_strup (word, -1);
  if (any && lower)
    return g_ascii_strdown (word, -1);
  return g_strdup (word);
}

static const char *
ordinal (int d)
{
  if (d % 100 >= 11 && d % 100 <= 13)
    return "th";
  switch (d % 10)
    {
    case 1:
      return "st";
    case 2:
      return "nd";
    case 3:
      return "rd";
    default:
      return "th";
    }
}

typedef struct {
  VeilTextSpan span;
  char *text;
} Piece;

static int
compare_piece (gconstpointer a, gconstpointer b)
{
  const Piece *x = a, *y = b;
  return (int) x->span.start - (int) y->span.start;
}

char *
veil_text_date_render (const char *text, const VeilTextDate *date, gsize start, gsize end,
                       int year, int month, int day)
{
  GArray *pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  const char *src;
  gsize n;

  /* Zero-padding follows the original: "03/04/1956" pads, "3/4/56" does not, and two-digit
   * fields with no zero to tell ("12/11/2024") pad. */
  gboolean day_numeric = date->day_span.end > date->day_span.start;
  gboolean month_numeric = !date->month_is_word && date->month_span.end > date->month_span.start;
  gsize day_len = date->day_span.end - date->day_span.start;
  gsize month_len = date->month_span.end - date->month_span.start;
  gboolean pad = (day_numeric && text[date->day_span.start] == '0')
                 || (month_numeric && text[date->month_span.start] == '0')
                 || (day_numeric && month_numeric && day_len == 2 && month_len == 2);

  if (date->weekday.end > date->weekday.start && year > 0 && month > 0 && day > 0)
    {
      Piece p = { date->weekday, NULL };
      src = text + date->weekday.start;
      n = date->weekday.end - date->weekday.start;
      int w = veil_text_weekday (year, month, day);
      g_autofree char *word = n <= 4 ? g_strndup (weekday_full[w - 1], n == 4 && (w == 2 || w == 4) ? 4 : 3)
                                     : g_strdup (weekday_full[w - 1]);
      p.text = match_case (word, src, n);
      g_array_append_val (pieces, p);
    }
  if (day_numeric)
    {
      Piece p = { date->day_span, g_strdup_printf (pad ? "%02d" : "%d", day) };
      g_array_append_val (pieces, p);
    }
  if (date->suffix.end > date->suffix.start)
    {
      Piece p = { date->suffix, match_case (ordinal (day), text + date->suffix.start, 2) };
      g_array_append_val (pieces, p);
    }
  if (date->month_span.end > date->month_span.start)
    {
      Piece p = { date->month_span, NULL };
      if (month_numeric)
        p.text = g_strdup_printf (pad ? "%02d" : "%d", month);
      else
        {
          src = text + date->month_span.start;
          n = date->month_span.end - date->month_span.start;
          g_autofree char *word = NULL;
          if (n == 4 && month == 9)
            word = g_strdup ("Sept");
          else if (n <= 4)
            word = g_strndup (month_full[month - 1], 3);
          else
            word = g_strdup (month_full[month - 1]);
          p.text = match_case (word, src, n);
        }
      g_array_append_val (pieces, p);
    }
  if (date->year_span.end > date->year_span.start)
    {
      n = date->year_span.end - date->year_span.start;
      Piece p = { date->year_span, n == 2 ? g_strdup_printf ("%02d", year % 100)
                                          : g_strdup_printf ("%04d", year) };
      g_array_append_val (pieces, p);
    }
  g_array_sort (pieces, compare_piece);

  GString *out = g_string_new (NULL);
  gsize pos = start;
  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *p = &g_array_index (pieces, Piece, i);
      if (p->span.start < pos || p->span.end > end)
        {
          g_free (p->text);
          continue;
        }
      g_string_append_len (out, text + pos, (gssize) (p->span.start - pos));
      g_string_append (out, p->text);
      pos = p->span.end;
      g_free (p->text);
    }
  g_string_append_len (out, text + pos, (gssize) (end - pos));
  g_array_unref (pieces);
  return g_string_free (out, FALSE);
}
