/* veil-document-docx.c: DOCX reports rewritten part by part (see veil-document.h).
 *
 * Word splits text into runs wherever formatting, spelling marks or revisions change, so an
 * NHS number may be "943 4" in one run and "76 5919" in the next. Every paragraph's runs are
 * therefore read as one string (tabs and breaks included, field codes and nested text-box
 * paragraphs apart), the paragraphs of all parts are joined into one text so the report-text
 * pipeline sees the labels and context a reader sees, and each finding is written back into
 * the runs it covers: the pseudonym into the first, the rest of the identifier removed from
 * the others. Runs keep their properties, so the formatting stays.
 *
 * Tracked changes are read twice: the text as it reads now (insertions, no deletions) is
 * cleaned as above; the text as it read before (deletions, no insertions) is analysed too,
 * and its findings are applied to the deleted text only.
 *
 * Beyond the text: authors of revisions and comments become "Author N"; revision dates go;
 * document properties are blanked or pseudonymised; document variables, mail-merge sources,
 * data bindings, custom XML, macros, embedded objects, thumbnails, printer settings and any
 * part Veil does not know are dropped (with the relationships and elements that point at
 * them); external links other than hyperlinks are dropped; pictures are replaced by a blank
 * one unless VEIL_DOCUMENT_KEEP_IMAGES. The new zip keeps the original's member order, with
 * fixed timestamps and no comments or extra fields.
 */
#include "veil-document.h"

#include <cairo.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <zip.h>

/* Bounds on what one document may cost. */
#define MAX_MEMBERS 5000
#define MAX_MEMBER_BYTES ((zip_uint64_t) 128 * 1024 * 1024)
#define MAX_TOTAL_BYTES ((zip_uint64_t) 512 * 1024 * 1024)
#define MAX_XML_BYTES ((zip_uint64_t) 64 * 1024 * 1024)
/* Deflate cannot do better than about 1:1032; more claimed than that is a zip bomb. */
#define MAX_RATIO 1100

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_C "http://schemas.openxmlformats.org/drawingml/2006/chart"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_R_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define NS_W15 "http://schemas.microsoft.com/office/word/2012/wordml"
#define NS_V "urn:schemas-microsoft-com:vml"
#define NS_O "urn:schemas-microsoft-com:office:office"
#define NS_CP "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_EP "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
#define NS_VT "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
#define NS_PKG_RELS "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_CT "http://schemas.openxmlformats.org/package/2006/content-types"
#define REL_HYPERLINK "/hyperlink"

typedef enum {
  MEMBER_KEEP,          /* copied as it is (fonts, folders) */
  MEMBER_DROP,          /* left out */
  MEMBER_WORD_XML,      /* a WordprocessingML or DrawingML part under word/ */
  MEMBER_RELS,
  MEMBER_CONTENT_TYPES,
  MEMBER_CORE,
  MEMBER_APP,
  MEMBER_CUSTOM,
  MEMBER_IMAGE,
} MemberKind;

typedef struct {
  char *name;
  MemberKind kind;
  GBytes *data;   /* as read */
  xmlDoc *xml;    /* parsed, for the XML kinds */
  char *new_name; /* a picture replaced by a PNG of another name */
  GBytes *out;    /* what is written */
} Member;

/* One stretch of a paragraph's text: a text node's, an attribute's, or a tab or break that
 * cannot be edited. */
typedef struct {
  xmlNode *node;  /* w:t, w:delText, a:t, c:v…; NULL if not editable */
  xmlAttr *attr;  /* or this attribute */
  gsize start, end;
  gboolean deleted;
} Piece;

typedef struct {
  GString *text;
  GArray *pieces;
} View;

typedef struct {
  VeilTextDeidentifier *deid; /* NULL when only reading */
  VeilDocumentFlags flags;
  GPtrArray *members;         /* Member*, in the zip's order */
  GHashTable *by_name;        /* part name → Member* */
  GHashTable *removed_ids;    /* source part name → GHashTable of relationship ids removed */
  GHashTable *authors;        /* original author → "Author N" */
  View now;                   /* the text as it reads */
  View before;                /* paragraphs with deletions, as they read before */
  VeilDocumentSummary summary;
} Docx;

static void
member_free (Member *m)
{
  g_free (m->name);
  g_free (m->new_name);
  g_clear_pointer (&m->data, g_bytes_unref);
  g_clear_pointer (&m->out, g_bytes_unref);
  g_clear_pointer (&m->xml, xmlFreeDoc);
  g_free (m);
}

static void
view_init (View *v)
{
  v->text = g_string_new (NULL);
  v->pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
}

static void
view_clear (View *v)
{
  if (v->text)
    g_string_free (v->text, TRUE);
  if (v->pieces)
    g_array_unref (v->pieces);
}

static void
docx_clear (Docx *d)
{
  g_clear_pointer (&d->members, g_ptr_array_unref);
  g_clear_pointer (&d->by_name, g_hash_table_unref);
  g_clear_pointer (&d->removed_ids, g_hash_table_unref);
  g_clear_pointer (&d->authors, g_hash_table_unref);
  view_clear (&d->now);
  view_clear (&d->before);
}

/* ---- names ---- */

static gboolean
is_ns (const xmlNode *node, const char *href)
{
  return node->ns != NULL && node->ns->href != NULL && strcmp ((const char *) node->ns->href, href) == 0;
}

static gboolean
is_w (const xmlNode *node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && (is_ns (node, NS_W) || is_ns (node, NS_W_STRICT))
         && strcmp ((const char *) node->name, name) == 0;
}

static gboolean
is_el (const xmlNode *node, const char *href, const char *name)
{
  return node->type == XML_ELEMENT_NODE && is_ns (node, href)
         && strcmp ((const char *) node->name, name) == 0;
}

static gboolean
attr_is_w (const xmlAttr *attr)
{
  return attr->ns && attr->ns->href
         && (strcmp ((const char *) attr->ns->href, NS_W) == 0
             || strcmp ((const char *) attr->ns->href, NS_W_STRICT) == 0);
}

static gboolean
attr_is_r (const xmlAttr *attr)
{
  return attr->ns && attr->ns->href
         && (strcmp ((const char *) attr->ns->href, NS_R) == 0
             || strcmp ((const char *) attr->ns->href, NS_R_STRICT) == 0);
}

static MemberKind
classify (const char *name)
{
  if (strcmp (name, "[Content_Types].xml") == 0)
    return MEMBER_CONTENT_TYPES;
  if (g_str_has_suffix (name, "/"))
    return MEMBER_KEEP;
  if (g_str_has_suffix (name, ".rels"))
    return MEMBER_RELS;
  if (strcmp (name, "docProps/core.xml") == 0)
    return MEMBER_CORE;
  if (strcmp (name, "docProps/app.xml") == 0)
    return MEMBER_APP;
  if (strcmp (name, "docProps/custom.xml") == 0)
    return MEMBER_CUSTOM;
  if (!g_str_has_prefix (name, "word/"))
    return MEMBER_DROP; /* thumbnails, custom XML, anything else */
  if (g_str_has_prefix (name, "word/media/"))
    return MEMBER_IMAGE;
  if (g_str_has_prefix (name, "word/fonts/"))
    return MEMBER_KEEP;
  if (g_str_has_prefix (name, "word/embeddings/") || g_str_has_prefix (name, "word/activeX/")
      || g_str_has_prefix (name, "word/printerSettings/") || strstr (name, "vbaProject") != NULL
      || strstr (name, "vbaData") != NULL || g_str_has_prefix (name, "word/webextensions/"))
    return MEMBER_DROP;
  if (g_str_has_suffix (name, ".xml"))
    return MEMBER_WORD_XML;
  return MEMBER_DROP;
}

/* The part a relationship of `source` (a part name, "" for the package) points at. */
static char *
resolve_target (const char *source, const char *target)
{
  g_autofree char *unescaped = g_uri_unescape_string (target, NULL);
  const char *t = unescaped ? unescaped : target;
  g_autofree char *joined = NULL;
  if (t[0] == '/')
    joined = g_strdup (t + 1);
  else
    {
      g_autofree char *dir = g_path_get_dirname (source);
      joined = strcmp (dir, ".") == 0 ? g_strdup (t) : g_strconcat (dir, "/", t, NULL);
    }
  g_auto (GStrv) parts = g_strsplit (joined, "/", -1);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  for (guint i = 0; parts[i]; i++)
    {
      if (strcmp (parts[i], "..") == 0)
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
        }
      else if (*parts[i] && strcmp (parts[i], ".") != 0)
        g_ptr_array_add (kept, parts[i]);
    }
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("/", (char **) kept->pdata);
}

/* "word/_rels/document.xml.rels" → "word/document.xml"; "_rels/.rels" → "". */
static char *
rels_source (const char *rels_name)
{
  const char *slash = strstr (rels_name, "_rels/");
  if (slash == NULL)
    return NULL;
  g_autofree char *dir = g_strndup (rels_name, slash - rels_name);
  g_autofree char *file = g_strndup (slash + 6, strlen (slash + 6) - strlen (".rels"));
  return g_strconcat (dir, file, NULL);
}

/* ---- reading the zip ---- */

static gboolean
read_members (Docx *d, const char *path, GError **error)
{
  int err = 0;
  zip_t *zip = zip_open (path, ZIP_RDONLY, &err);
  if (zip == NULL)
    {
      zip_error_t ze;
      zip_error_init_with_code (&ze, err);
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                   "the DOCX cannot be opened: %s", zip_error_strerror (&ze));
      zip_error_fini (&ze);
      return FALSE;
    }
  zip_int64_t n = zip_get_num_entries (zip, 0);
  if (n > MAX_MEMBERS)
    {
      zip_discard (zip);
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_TOO_LARGE,
                   "the DOCX has %" G_GINT64_FORMAT " parts; Veil reads at most %d", (gint64) n,
                   MAX_MEMBERS);
      return FALSE;
    }
  zip_uint64_t total = 0;
  for (zip_int64_t i = 0; i < n; i++)
    {
      zip_stat_t st;
      if (zip_stat_index (zip, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)
          || !(st.valid & ZIP_STAT_SIZE))
        continue;
      if (!g_utf8_validate (st.name, -1, NULL) || g_hash_table_contains (d->by_name, st.name))
        continue;
      if (st.encryption_method != ZIP_EM_NONE)
        {
          zip_discard (zip);
          g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_ENCRYPTED,
                       "the DOCX is encrypted: Veil refuses encrypted documents");
          return FALSE;
        }
      Member *m = g_new0 (Member, 1);
      m->name = g_strdup (st.name);
      m->kind = classify (m->name);
      g_ptr_array_add (d->members, m);
      g_hash_table_insert (d->by_name, m->name, m);
      if (m->kind == MEMBER_DROP)
        continue;
      gboolean xml = m->kind != MEMBER_KEEP && m->kind != MEMBER_IMAGE;
      total += st.size;
      if (st.size > (xml ? MAX_XML_BYTES : MAX_MEMBER_BYTES) || total > MAX_TOTAL_BYTES
          || ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > 4096
              && st.size / MAX (st.comp_size, 1) > MAX_RATIO))
        {
          zip_discard (zip);
          g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_TOO_LARGE,
                       "the DOCX part %s is too large", st.name);
          return FALSE;
        }
      zip_file_t *f = zip_fopen_index (zip, i, 0);
      guint8 *buf = g_malloc (st.size + 1);
      zip_int64_t got = f ? zip_fread (f, buf, st.size) : -1;
      if (f)
        zip_fclose (f);
      if (got < 0 || (zip_uint64_t) got != st.size)
        {
          g_free (buf);
          zip_discard (zip);
          g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                       "the DOCX part %s cannot be read", st.name);
          return FALSE;
        }
      m->data = g_bytes_new_take (buf, st.size);
      if (xml)
        {
          /* No network, no entity expansion, no DTD loading: these parts are data. */
          m->xml = xmlReadMemory ((const char *) buf, (int) st.size, m->name, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
          if (m->xml == NULL || xmlDocGetRootElement (m->xml) == NULL)
            {
              if (m->kind == MEMBER_WORD_XML && strcmp (m->name, "word/document.xml") != 0)
                {
                  /* An unreadable side part is dropped rather than copied unread. */
                  m->kind = MEMBER_DROP;
                  continue;
                }
              zip_discard (zip);
              g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                           "the DOCX part %s is not well-formed XML", st.name);
              return FALSE;
            }
        }
    }
  zip_discard (zip);
  Member *doc = g_hash_table_lookup (d->by_name, "word/document.xml");
  if (doc == NULL || doc->xml == NULL)
    {
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_INVALID,
                   "the file has no word/document.xml: it is not a DOCX document");
      return FALSE;
    }
  return TRUE;
}

/* ---- collecting text ---- */

static void
add_piece (View *v, xmlNode *node, xmlAttr *attr, const char *text, gboolean deleted)
{
  Piece p = { .node = node, .attr = attr, .start = v->text->len, .deleted = deleted };
  g_string_append (v->text, text);
  p.end = v->text->len;
  g_array_append_val (v->pieces, p);
}

static void
add_node_piece (View *v, xmlNode *node, gboolean deleted)
{
  g_autofree char *content = (char *) xmlNodeGetContent (node);
  if (content && *content && g_utf8_validate (content, -1, NULL))
    add_piece (v, node, NULL, content, deleted);
}

static gboolean
is_paragraph (const xmlNode *node)
{
  return is_w (node, "p") || is_el (node, NS_A, "p");
}

static gboolean is_dropped_element (xmlNode *n, GHashTable *removed);

/* A paragraph's runs, in order, into `v`. `want_deleted`/`want_inserted` choose the view. */
static void
collect_runs (xmlNode *parent, View *v, GHashTable *removed, gboolean want_inserted,
              gboolean want_deleted, gboolean in_del, gboolean in_ins, gboolean *has_deleted)
{
  for (xmlNode *n = parent->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      /* Nested paragraphs (text boxes) are paragraphs of their own; properties hold no
       * text (and their revision marks are about the paragraph mark). */
      if (is_paragraph (n) || is_w (n, "txbxContent") || is_w (n, "pPr") || is_w (n, "rPr")
          || is_w (n, "sdtPr") || is_w (n, "instrText") || is_w (n, "delInstrText")
          || is_dropped_element (n, removed))
        continue;
      if (is_w (n, "del") || is_w (n, "moveFrom"))
        {
          *has_deleted = TRUE;
          if (want_deleted)
            collect_runs (n, v, removed, want_inserted, want_deleted, TRUE, in_ins, has_deleted);
          continue;
        }
      if (is_w (n, "ins") || is_w (n, "moveTo"))
        {
          if (want_inserted)
            collect_runs (n, v, removed, want_inserted, want_deleted, in_del, TRUE, has_deleted);
          continue;
        }
      if (is_w (n, "t") || is_el (n, NS_A, "t"))
        {
          if (!in_del || want_deleted)
            add_node_piece (v, n, in_del);
        }
      else if (is_w (n, "delText"))
        {
          *has_deleted = TRUE;
          if (want_deleted)
            add_node_piece (v, n, TRUE);
        }
      else if (is_w (n, "tab") || is_w (n, "ptab"))
        add_piece (v, NULL, NULL, "\t", FALSE);
      else if (is_w (n, "br") || is_w (n, "cr") || is_el (n, NS_A, "br"))
        add_piece (v, NULL, NULL, "\n", FALSE);
      else if (is_w (n, "noBreakHyphen"))
        add_piece (v, NULL, NULL, "-", FALSE);
      else
        collect_runs (n, v, removed, want_inserted, want_deleted, in_del, in_ins, has_deleted);
    }
}

/* After a paragraph: two spaces if it ends a table cell with another cell after it (so a row
 * reads "Name  value" on one line, as a reader sees it; not a tab, which the text pipeline
 * takes for part of an address after "Address"), else a new line. */
static const char *
paragraph_end (xmlNode *p)
{
  if (p->parent && is_w (p->parent, "tc"))
    {
      xmlNode *n = p->next;
      while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
      if (n == NULL)
        for (xmlNode *c = p->parent->next; c; c = c->next)
          if (is_w (c, "tc"))
            return "  ";
    }
  return "\n";
}

static void
collect_paragraph (Docx *d, xmlNode *p, GHashTable *removed)
{
  gboolean has_deleted = FALSE;
  collect_runs (p, &d->now, removed, TRUE, FALSE, FALSE, FALSE, &has_deleted);
  add_piece (&d->now, NULL, NULL, paragraph_end (p), FALSE);
  if (has_deleted)
    {
      gboolean ignored = FALSE;
      collect_runs (p, &d->before, removed, FALSE, TRUE, FALSE, FALSE, &ignored);
      add_piece (&d->before, NULL, NULL, "\n", FALSE);
    }
}

/* A value read on its own line: a field code, a chart's cached text, alt text, a document
 * property. */
static void
collect_line (View *v, xmlNode *node, xmlAttr *attr)
{
  if (attr)
    {
      g_autofree char *value = (char *) xmlNodeGetContent ((xmlNode *) attr);
      if (value == NULL || *value == '\0' || !g_utf8_validate (value, -1, NULL))
        return;
      add_piece (v, NULL, attr, value, FALSE);
    }
  else
    {
      guint before = v->pieces->len;
      add_node_piece (v, node, FALSE);
      if (v->pieces->len == before)
        return;
    }
  add_piece (v, NULL, NULL, "\n", FALSE);
}

/* ---- cleaning a part's structure ---- */

static const char *
author_pseudonym (Docx *d, const char *author)
{
  const char *known = g_hash_table_lookup (d->authors, author);
  if (known)
    return known;
  char *alias = g_strdup_printf ("Author %u", g_hash_table_size (d->authors) + 1);
  g_hash_table_insert (d->authors, g_strdup (author), alias);
  return alias;
}

/* Attributes that hold people and dates, and alt text that may name someone. */
static void
clean_attributes (Docx *d, xmlNode *n, GHashTable *removed)
{
  xmlAttr *attr = n->properties;
  while (attr)
    {
      xmlAttr *next = attr->next;
      const char *name = (const char *) attr->name;
      g_autofree char *value = (char *) xmlNodeGetContent ((xmlNode *) attr);
      if ((attr_is_w (attr) || (attr->ns && strcmp ((const char *) attr->ns->href, NS_W15) == 0))
          && (strcmp (name, "author") == 0 || strcmp (name, "initials") == 0))
        {
          if (strcmp (name, "initials") == 0)
            {
              /* The initials of the element's author ("A1" for "Author 1"). */
              g_autofree char *author = (char *) xmlGetNsProp (n, (const xmlChar *) "author",
                                                                attr->ns ? attr->ns->href : NULL);
              const char *alias = author ? author_pseudonym (d, author) : "Author ";
              if (g_str_has_prefix (author ? author : "", "Author "))
                alias = author; /* already replaced */
              g_autofree char *initials = g_strdup_printf ("A%s", alias + strlen ("Author "));
              xmlSetNsProp (n, attr->ns, attr->name, (const xmlChar *) initials);
            }
          else
            xmlSetNsProp (n, attr->ns, attr->name,
                          (const xmlChar *) author_pseudonym (d, value ? value : ""));
        }
      else if (strcmp (name, "date") == 0 || strcmp (name, "dateUtc") == 0
               || strcmp (name, "fullDate") == 0 || strcmp (name, "userId") == 0
               || strcmp (name, "providerId") == 0)
        xmlRemoveProp (attr);
      else if (removed && attr_is_r (attr) && value && g_hash_table_contains (removed, value)
               && strcmp (name, "id") != 0)
        xmlRemoveProp (attr); /* r:link, r:embed … to a part that is gone */
      else if (attr->ns == NULL
               && (strcmp (name, "descr") == 0 || strcmp (name, "title") == 0))
        collect_line (&d->now, NULL, attr); /* DrawingML alt text */
      else if (is_ns (n, NS_V) && strcmp (name, "alt") == 0)
        collect_line (&d->now, NULL, attr);
      else if (attr->ns && strcmp ((const char *) attr->ns->href, NS_O) == 0
               && strcmp (name, "title") == 0)
        collect_line (&d->now, NULL, attr);
      else if (attr_is_w (attr)
               && ((strcmp (name, "instr") == 0 && is_w (n, "fldSimple"))
                   || (strcmp (name, "tooltip") == 0 && is_w (n, "hyperlink"))
                   || (strcmp (name, "val") == 0 && (is_w (n, "alias") || is_w (n, "tag")))))
        collect_line (&d->now, NULL, attr);
      attr = next;
    }
}

static gboolean refers_to_removed (xmlNode *n, GHashTable *removed);

/* Elements left out of the output: they hold data of their own (document variables, mail
 * merge sources, data bindings, presence information, embedded objects and controls) or
 * point at a part that is gone. */
static gboolean
is_dropped_element (xmlNode *n, GHashTable *removed)
{
  return is_w (n, "docVars") || is_w (n, "mailMerge") || is_w (n, "dataBinding")
         || is_w (n, "object") || is_w (n, "control") || is_el (n, NS_W15, "presenceInfo")
         || is_el (n, NS_C, "externalData") || refers_to_removed (n, removed);
}

static gboolean
refers_to_removed (xmlNode *n, GHashTable *removed)
{
  if (removed == NULL)
    return FALSE;
  for (xmlAttr *attr = n->properties; attr; attr = attr->next)
    if (attr_is_r (attr) && strcmp ((const char *) attr->name, "id") == 0)
      {
        g_autofree char *value = (char *) xmlNodeGetContent ((xmlNode *) attr);
        if (value && g_hash_table_contains (removed, value))
          return TRUE;
      }
  return FALSE;
}

/* Walks a word/ part: drops the elements is_dropped_element() names, cleans attributes, and
 * collects every paragraph and loose value. */
static void
walk_word_part (Docx *d, xmlNode *parent, GHashTable *removed)
{
  xmlNode *n = parent->children;
  while (n)
    {
      xmlNode *next = n->next;
      if (n->type != XML_ELEMENT_NODE)
        {
          /* Comments and processing instructions carry nothing a reader needs. */
          if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
            {
              xmlUnlinkNode (n);
              xmlFreeNode (n);
            }
          n = next;
          continue;
        }
      if (is_dropped_element (n, removed))
        {
          xmlUnlinkNode (n);
          xmlFreeNode (n);
          n = next;
          continue;
        }
      clean_attributes (d, n, removed);
      if (is_paragraph (n))
        collect_paragraph (d, n, removed);
      else if (is_w (n, "instrText") || is_w (n, "delInstrText") || is_el (n, NS_C, "v"))
        collect_line (&d->now, n, NULL);
      walk_word_part (d, n, removed);
      n = next;
    }
}

/* ---- relationships and content types ---- */

static void
clean_rels (Docx *d, Member *m)
{
  g_autofree char *source = rels_source (m->name);
  GHashTable *removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (d->removed_ids, g_strdup (source ? source : ""), removed);
  xmlNode *root = xmlDocGetRootElement (m->xml);
  xmlNode *n = root->children;
  while (n)
    {
      xmlNode *next = n->next;
      if (n->type != XML_ELEMENT_NODE)
        {
          n = next;
          continue;
        }
      g_autofree char *id = (char *) xmlGetProp (n, (const xmlChar *) "Id");
      g_autofree char *type = (char *) xmlGetProp (n, (const xmlChar *) "Type");
      g_autofree char *target = (char *) xmlGetProp (n, (const xmlChar *) "Target");
      g_autofree char *mode = (char *) xmlGetProp (n, (const xmlChar *) "TargetMode");
      gboolean drop = FALSE;
      if (target == NULL)
        drop = TRUE;
      else if (mode && g_ascii_strcasecmp (mode, "External") == 0)
        {
          /* A hyperlink's address is cleaned like text (an e-mail address or a URL with an
           * identifier in it); other external links (templates on someone's drive, linked
           * pictures, data sources) are dropped. */
          if (type && g_str_has_suffix (type, REL_HYPERLINK))
            {
              xmlAttr *attr = xmlHasProp (n, (const xmlChar *) "Target");
              if (attr)
                collect_line (&d->now, NULL, attr);
            }
          else
            drop = TRUE;
        }
      else
        {
          g_autofree char *part = resolve_target (source ? source : "", target);
          Member *to = g_hash_table_lookup (d->by_name, part);
          if (to == NULL || to->kind == MEMBER_DROP)
            drop = TRUE;
          else if (to->new_name)
            {
              g_autofree char *new_target = g_strconcat (target, ".png", NULL);
              xmlSetProp (n, (const xmlChar *) "Target", (const xmlChar *) new_target);
            }
        }
      if (drop)
        {
          if (id)
            g_hash_table_add (removed, g_strdup (id));
          xmlUnlinkNode (n);
          xmlFreeNode (n);
        }
      n = next;
    }
}

static void
clean_content_types (Docx *d, Member *m)
{
  xmlNode *root = xmlDocGetRootElement (m->xml);
  gboolean has_png = FALSE, renamed = FALSE;
  xmlNode *n = root->children;
  while (n)
    {
      xmlNode *next = n->next;
      if (n->type == XML_ELEMENT_NODE && strcmp ((const char *) n->name, "Default") == 0)
        {
          g_autofree char *ext = (char *) xmlGetProp (n, (const xmlChar *) "Extension");
          has_png |= ext && g_ascii_strcasecmp (ext, "png") == 0;
        }
      else if (n->type == XML_ELEMENT_NODE && strcmp ((const char *) n->name, "Override") == 0)
        {
          g_autofree char *part = (char *) xmlGetProp (n, (const xmlChar *) "PartName");
          Member *to = part && part[0] == '/' ? g_hash_table_lookup (d->by_name, part + 1) : NULL;
          if (to == NULL || to->kind == MEMBER_DROP)
            {
              xmlUnlinkNode (n);
              xmlFreeNode (n);
            }
          else if (to->new_name)
            {
              g_autofree char *new_part = g_strconcat ("/", to->new_name, NULL);
              xmlSetProp (n, (const xmlChar *) "PartName", (const xmlChar *) new_part);
              xmlSetProp (n, (const xmlChar *) "ContentType", (const xmlChar *) "image/png");
            }
        }
      n = next;
    }
  for (guint i = 0; i < d->members->len; i++)
    renamed |= ((Member *) g_ptr_array_index (d->members, i))->new_name != NULL;
  if (renamed && !has_png)
    {
      xmlNode *def = xmlNewNode (root->ns, (const xmlChar *) "Default");
      xmlSetProp (def, (const xmlChar *) "Extension", (const xmlChar *) "png");
      xmlSetProp (def, (const xmlChar *) "ContentType", (const xmlChar *) "image/png");
      if (root->children)
        xmlAddPrevSibling (root->children, def);
      else
        xmlAddChild (root, def);
    }
}

/* ---- document properties ---- */

static void
set_text (xmlNode *node, const char *text)
{
  xmlNodeSetContent (node, NULL);
  xmlNodeAddContent (node, (const xmlChar *) text);
}

static void
clean_core (Docx *d, Member *m)
{
  xmlNode *n = xmlDocGetRootElement (m->xml)->children;
  while (n)
    {
      xmlNode *next = n->next;
      if (n->type == XML_ELEMENT_NODE)
        {
          const char *name = (const char *) n->name;
          if (is_el (n, NS_DC, "creator") || is_el (n, NS_CP, "lastModifiedBy"))
            set_text (n, "");
          else if (is_ns (n, NS_DCTERMS) || is_el (n, NS_CP, "lastPrinted"))
            {
              /* When it was written and printed: dates of the case. */
              xmlUnlinkNode (n);
              xmlFreeNode (n);
            }
          else if (strcmp (name, "title") == 0 || strcmp (name, "subject") == 0
                   || strcmp (name, "description") == 0 || strcmp (name, "keywords") == 0
                   || strcmp (name, "category") == 0 || strcmp (name, "contentStatus") == 0
                   || strcmp (name, "identifier") == 0)
            collect_line (&d->now, n, NULL);
        }
      n = next;
    }
}

static void
clean_app_node (Docx *d, xmlNode *parent)
{
  for (xmlNode *n = parent->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is_el (n, NS_EP, "Company") || is_el (n, NS_EP, "Manager")
          || is_el (n, NS_EP, "HyperlinkBase") || is_el (n, NS_EP, "Template"))
        set_text (n, "");
      else if (is_el (n, NS_VT, "lpstr") || is_el (n, NS_VT, "lpwstr"))
        collect_line (&d->now, n, NULL);
      else
        clean_app_node (d, n);
    }
}

/* Custom properties are free-form (a system may store the patient's name in one): every
 * value is blanked, keeping its type valid. */
static void
clean_custom (xmlNode *parent)
{
  for (xmlNode *n = parent->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is_ns (n, NS_VT))
        {
          const char *t = (const char *) n->name;
          if (strcmp (t, "bool") == 0)
            set_text (n, "false");
          else if (strcmp (t, "filetime") == 0 || strcmp (t, "date") == 0)
            set_text (n, "2000-01-01T00:00:00Z");
          else if (g_str_has_prefix (t, "i") || g_str_has_prefix (t, "ui")
                   || g_str_has_prefix (t, "r") || strcmp (t, "int") == 0
                   || strcmp (t, "uint") == 0 || strcmp (t, "decimal") == 0
                   || strcmp (t, "cy") == 0 || strcmp (t, "error") == 0)
            set_text (n, "0");
          else if (strcmp (t, "vector") == 0 || strcmp (t, "array") == 0)
            clean_custom (n);
          else
            set_text (n, "");
        }
      else
        clean_custom (n);
    }
}

/* ---- applying findings ---- */

static void
set_piece_text (const Piece *p, const char *text)
{
  if (p->attr)
    {
      xmlSetNsProp (p->attr->parent, p->attr->ns, p->attr->name, (const xmlChar *) text);
      return;
    }
  set_text (p->node, text);
  /* Leading and trailing spaces of w:t are dropped unless preserved. */
  if (is_w (p->node, "t") || is_w (p->node, "delText") || is_w (p->node, "instrText"))
    {
      xmlNs *xml_ns = xmlSearchNs (p->node->doc, p->node, (const xmlChar *) "xml");
      xmlSetNsProp (p->node, xml_ns, (const xmlChar *) "space", (const xmlChar *) "preserve");
    }
}

/* Writes `findings` (sorted, non-overlapping, over `v->text`) back into the pieces: the
 * pseudonym into the first editable piece a finding touches, the rest of it removed from
 * the others. With `deleted_only`, only deleted text is changed. Returns how many findings
 * were written. */
static guint
apply_findings (View *v, GPtrArray *findings, gboolean deleted_only)
{
  const char *text = v->text->str;
  g_autofree gboolean *placed = g_new0 (gboolean, findings->len + 1);
  guint fi = 0, written = 0;
  for (guint i = 0; i < v->pieces->len; i++)
    {
      const Piece *p = &g_array_index (v->pieces, Piece, i);
      if ((p->node == NULL && p->attr == NULL) || (deleted_only && !p->deleted))
        continue;
      while (fi < findings->len
             && ((VeilTextFinding *) g_ptr_array_index (findings, fi))->end <= p->start)
        fi++;
      if (fi == findings->len
          || ((VeilTextFinding *) g_ptr_array_index (findings, fi))->start >= p->end)
        continue;
      g_autoptr (GString) out = g_string_new (NULL);
      gsize pos = p->start;
      for (guint k = fi; k < findings->len; k++)
        {
          VeilTextFinding *f = g_ptr_array_index (findings, k);
          if (f->start >= p->end)
            break;
          gsize s = MAX (f->start, p->start);
          if (s > pos)
            g_string_append_len (out, text + pos, s - pos);
          if (!placed[k])
            {
              g_string_append (out, f->replacement ? f->replacement : "");
              placed[k] = TRUE;
              written++;
            }
          pos = MAX (pos, MIN (f->end, p->end));
        }
      if (pos < p->end)
        g_string_append_len (out, text + pos, p->end - pos);
      set_piece_text (p, out->str);
    }
  return written;
}

/* ---- writing ---- */

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_blank_png (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgb (cr, 0.93, 0.93, 0.93);
  cairo_paint (cr);
  cairo_destroy (cr);
  GByteArray *png = g_byte_array_new ();
  cairo_surface_write_to_png_stream (s, append_bytes, png);
  cairo_surface_destroy (s);
  return g_byte_array_free_to_bytes (png);
}

static GBytes *
serialise (xmlDoc *doc)
{
  xmlChar *buf = NULL;
  int size = 0;
  xmlDocDumpMemoryEnc (doc, &buf, &size, "UTF-8");
  GBytes *bytes = g_bytes_new (buf, size);
  xmlFree (buf);
  return bytes;
}

static gboolean
write_zip (Docx *d, const char *output_path, GError **error)
{
  int err = 0;
  zip_t *zip = zip_open (output_path, ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (zip == NULL)
    {
      zip_error_t ze;
      zip_error_init_with_code (&ze, err);
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_FAILED,
                   "%s cannot be written: %s", output_path, zip_error_strerror (&ze));
      zip_error_fini (&ze);
      return FALSE;
    }
  for (guint i = 0; i < d->members->len; i++)
    {
      Member *m = g_ptr_array_index (d->members, i);
      if (m->kind == MEMBER_DROP || m->out == NULL)
        continue;
      gsize size;
      const void *data = g_bytes_get_data (m->out, &size);
      zip_source_t *src = zip_source_buffer (zip, data, size, 0);
      const char *name = m->new_name ? m->new_name : m->name;
      zip_int64_t index = src ? zip_file_add (zip, name, src, ZIP_FL_ENC_UTF_8) : -1;
      if (index < 0)
        {
          if (src)
            zip_source_free (src);
          g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_FAILED,
                       "%s cannot be written: %s", output_path, zip_strerror (zip));
          zip_discard (zip);
          return FALSE;
        }
      /* No trace of when the original was made. */
      zip_file_set_mtime (zip, index, 315532800 + 86400, 0);
    }
  if (zip_close (zip) != 0)
    {
      g_set_error (error, VEIL_DOCUMENT_ERROR, VEIL_DOCUMENT_ERROR_FAILED,
                   "%s cannot be written: %s", output_path, zip_strerror (zip));
      zip_discard (zip);
      return FALSE;
    }
  return TRUE;
}

/* ---- the whole document ---- */

static gboolean
docx_read (Docx *d, const char *input_path, GError **error)
{
  d->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  d->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  d->removed_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_hash_table_unref);
  d->authors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  view_init (&d->now);
  view_init (&d->before);
  if (!read_members (d, input_path, error))
    return FALSE;

  /* Pictures first (their new names are needed by the relationships), then relationships
   * (what they drop is needed by the parts), then the parts, the main document first so
   * its text leads the analysed text. */
  for (guint i = 0; i < d->members->len; i++)
    {
      Member *m = g_ptr_array_index (d->members, i);
      if (m->kind != MEMBER_IMAGE)
        continue;
      d->summary.images++;
      if (!(d->flags & VEIL_DOCUMENT_KEEP_IMAGES) && !g_str_has_suffix (m->name, ".png"))
        m->new_name = g_strconcat (m->name, ".png", NULL);
    }
  for (guint i = 0; i < d->members->len; i++)
    {
      Member *m = g_ptr_array_index (d->members, i);
      if (m->kind == MEMBER_RELS)
        clean_rels (d, m);
    }
  Member *main_part = g_hash_table_lookup (d->by_name, "word/document.xml");
  walk_word_part (d, (xmlNode *) main_part->xml,
                  g_hash_table_lookup (d->removed_ids, main_part->name));
  for (guint i = 0; i < d->members->len; i++)
    {
      Member *m = g_ptr_array_index (d->members, i);
      if (m == main_part)
        continue;
      switch (m->kind)
        {
        case MEMBER_WORD_XML:
          g_string_append_c (d->now.text, '\n');
          walk_word_part (d, (xmlNode *) m->xml, g_hash_table_lookup (d->removed_ids, m->name));
          d->summary.pages++;
          break;
        case MEMBER_CORE:
          clean_core (d, m);
          break;
        case MEMBER_APP:
          clean_app_node (d, xmlDocGetRootElement (m->xml));
          break;
        case MEMBER_CUSTOM:
          clean_custom (xmlDocGetRootElement (m->xml));
          break;
        case MEMBER_KEEP:
        case MEMBER_DROP:
        case MEMBER_RELS:
        case MEMBER_CONTENT_TYPES:
        case MEMBER_IMAGE:
        default:
          break;
        }
    }
  d->summary.pages++;
  return TRUE;
}

gboolean
veil_document_clean_docx_full (VeilTextDeidentifier *text, const char *input_path,
                               const char *output_path, VeilDocumentFlags flags,
                               VeilDocumentSummary *summary, GError **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  Docx d = { .deid = text, .flags = flags };
  if (!docx_read (&d, input_path, error))
    {
      docx_clear (&d);
      return FALSE;
    }
  g_autoptr (GPtrArray) now = veil_text_deidentifier_analyse (text, d.now.text->str,
                                                              d.now.text->len);
  d.summary.findings += apply_findings (&d.now, now, FALSE);
  if (d.before.text->len > 0)
    {
      g_autoptr (GPtrArray) before = veil_text_deidentifier_analyse (text, d.before.text->str,
                                                                     d.before.text->len);
      d.summary.findings += apply_findings (&d.before, before, TRUE);
    }

  g_autoptr (GBytes) blank = make_blank_png ();
  for (guint i = 0; i < d.members->len; i++)
    {
      Member *m = g_ptr_array_index (d.members, i);
      if (m->kind == MEMBER_CONTENT_TYPES)
        clean_content_types (&d, m);
    }
  for (guint i = 0; i < d.members->len; i++)
    {
      Member *m = g_ptr_array_index (d.members, i);
      if (m->xml)
        m->out = serialise (m->xml);
      else if (m->kind == MEMBER_IMAGE && !(flags & VEIL_DOCUMENT_KEEP_IMAGES))
        {
          m->out = g_bytes_ref (blank);
          d.summary.images_blanked++;
        }
      else if (m->data)
        m->out = g_bytes_ref (m->data);
    }
  gboolean ok = write_zip (&d, output_path, error);
  if (ok && summary)
    *summary = d.summary;
  docx_clear (&d);
  return ok;
}

gboolean
veil_document_clean_docx (VeilTextDeidentifier *text, const char *input_path,
                          const char *output_path, GError **error)
{
  return veil_document_clean_docx_full (text, input_path, output_path,
                                        VEIL_DOCUMENT_FLAGS_NONE, NULL, error);
}

char *
veil_document_docx_text (const char *path, gsize *out_len, GError **error)
{
  Docx d = { .flags = VEIL_DOCUMENT_KEEP_IMAGES };
  if (!docx_read (&d, path, error))
    {
      docx_clear (&d);
      return NULL;
    }
  if (out_len)
    *out_len = d.now.text->len;
  char *result = g_strndup (d.now.text->str, d.now.text->len);
  docx_clear (&d);
  return result;
}
