/* jx_format_docx.c: reads the text of a Word .docx report: the zip is
 * opened from memory with libzip, word/document.xml is streamed through
 * libxml2's pull parser (never resolving external entities, never
 * building a tree of it), and its paragraphs, headings and table rows
 * become lines; text boxes, footnotes and endnotes follow the body, and
 * docProps give the title, author and date hints. */
#include <errno.h>
#include <iconv.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "jx_array.h"
#include "jx_formats_internal.h"

/* An entry that decompresses to more than this is refused (zip bombs). */
#define DOCX_MAX_ENTRY_BYTES (256u * 1024 * 1024)
/* The parts read whole into a tree (styles, document properties) are
 * taken only up to this size: real ones are a few KB, and a tree takes
 * about ten times its XML. A larger one is ignored (no heading styles,
 * no hints), not refused: the text does not depend on it. */
#define DOCX_MAX_TREE_PART_BYTES (4u * 1024 * 1024)

#define NS_W        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC       "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* The paragraph styles word/styles.xml makes headings, by styleId. */
typedef struct docx_styles {
    char **heading_ids;
    size_t n;
} docx_styles;

/* True when node is the element w:name (transitional or strict). */
static int is_w(const xmlNode *node, const char *name)
{
    if (!node || node->type != XML_ELEMENT_NODE || !node->ns ||
        !node->ns->href)
        return 0;
    const char *href = (const char *)node->ns->href;
    return (strcmp(href, NS_W) == 0 || strcmp(href, NS_W_STRICT) == 0) &&
           strcmp((const char *)node->name, name) == 0;
}

/* The value of attribute name (w:name in Word's parts) as plain text,
 * or NULL (borrowed from the tree). */
static const char *w_attr(const xmlNode *node, const char *name)
{
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        const xmlNode *v = a->children;
        if (v && v->type == XML_TEXT_NODE && !v->next)
            return (const char *)v->content;
        return NULL;
    }
    return NULL;
}

/* The first child of node that is the element w:name, or NULL. */
static const xmlNode *w_child(const xmlNode *node, const char *name)
{
    for (const xmlNode *c = node->children; c; c = c->next)
        if (is_w(c, name))
            return c;
    return NULL;
}

/* Appends the text children of node (entity references are ignored:
 * nothing outside the document is ever read). */
static jx_status append_text_children(const xmlNode *node, jx_buf *out)
{
    for (const xmlNode *c = node->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content) {
            jx_status st = Jx_buf_puts(out, (const char *)c->content);
            if (st)
                return st;
        }
    }
    return JX_OK;
}

/* True for the bytes a line is trimmed of: ASCII space, tab, CR. */
static int is_trim_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Appends s[0..n) to out as lines: each '\n'-separated piece is trimmed
 * of spaces (and U+3000 indents) and written with a '\n' when not empty. */
static jx_status append_lines(jx_buf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n, a = i, b = end;
        for (;;) {
            if (a < b && is_trim_byte(s[a]))
                a++;
            else if (b - a >= 3 && memcmp(s + a, "\xE3\x80\x80", 3) == 0)
                a += 3;
            else
                break;
        }
        for (;;) {
            if (b > a && is_trim_byte(s[b - 1]))
                b--;
            else if (b - a >= 3 && memcmp(s + b - 3, "\xE3\x80\x80", 3) == 0)
                b -= 3;
            else
                break;
        }
        if (b > a) {
            jx_status st = Jx_buf_append(out, s + a, b - a);
            if (!st)
                st = Jx_buf_putc(out, '\n');
            if (st)
                return st;
        }
        i = end + 1;
    }
    return JX_OK;
}

/* True when styleId names a heading: Heading1..9, 标题1..9, or a style
 * that word/styles.xml says is a heading. */
static int is_heading_style(const char *id, const docx_styles *styles)
{
    if (strncmp(id, "Heading", 7) == 0 && id[7] >= '1' && id[7] <= '9' &&
        !id[8])
        return 1;
    const char *biaoti = "\xE6\xA0\x87\xE9\xA2\x98"; /* 标题 */
    if (strncmp(id, biaoti, 6) == 0) {
        const char *p = id + 6 + (id[6] == ' ');
        if (*p >= '1' && *p <= '9' && !p[1])
            return 1;
    }
    if (strcmp(id, "Title") == 0)
        return 1;
    for (size_t i = 0; i < styles->n; i++)
        if (strcmp(styles->heading_ids[i], id) == 0)
            return 1;
    return 0;
}

/* True for an outline level's value: 0 to 8. */
static int is_outline_level(const char *v)
{
    return v && v[0] >= '0' && v[0] <= '8' && !v[1];
}

/* True when the paragraph properties pPr carry an outline level (0..8). */
static int has_outline_level(const xmlNode *ppr)
{
    const xmlNode *lvl = w_child(ppr, "outlineLvl");
    return is_outline_level(lvl ? w_attr(lvl, "val") : NULL);
}

/* Replaces tabs and newlines with spaces, so that text stays one line. */
static void flatten_line(jx_buf *line)
{
    for (size_t i = 0; i < line->len; i++)
        if (line->data[i] == '\t' || line->data[i] == '\n')
            line->data[i] = ' ';
}

/* ---- reading a part as a stream ------------------------------------------

   word/document.xml and the notes are read with libxml2's pull parser
   (xmlTextReader) rather than into a tree: a part may decompress to 256
   MiB, and a tree of it takes ten times that. The reader keeps only the
   path from the root to the current node, and this file keeps one frame
   per open element on that path: how the element's children are read
   (its mode) and, for a paragraph, a table row or a cell, the text being
   gathered. The rules are those of docs/formats.md. */

/* How the children of an element are read. */
typedef enum frame_mode {
    MODE_BLOCK, /* paragraphs and tables: the body, a text box, a note */
    MODE_RUN,   /* the runs of a paragraph */
    MODE_TEXT,  /* inside w:t: its text */
    MODE_PPR,   /* a paragraph's own w:pPr: its style and outline level */
    MODE_TABLE, /* a table's rows */
    MODE_ROW,   /* a row's cells */
    MODE_CELL   /* a cell's paragraphs, nested tables included */
} frame_mode;

/* What ending an element does. */
typedef enum frame_role {
    ROLE_NONE,      /* nothing */
    ROLE_PARAGRAPH, /* its line(s) go to out */
    ROLE_ROW,       /* the row goes to out, unless all its cells are empty */
    ROLE_CELL       /* the cell goes to its row */
} frame_role;

/* One open element. */
typedef struct frame {
    frame_mode mode;
    frame_role role;
    jx_buf *out;   /* where lines go (MODE_BLOCK, MODE_TABLE, MODE_ROW) */
    size_t owner;  /* the frame whose text receives runs or cells */
    jx_buf text;   /* a paragraph's line, a row, a cell */
    size_t row;    /* a cell: its row's frame */
    size_t ncells; /* a row's cells */
    size_t filled; /* of which not empty */
    int heading;   /* a paragraph: a heading, by style or outline level */
} frame;

/* The state of reading one part. */
typedef struct part_walk {
    xmlTextReaderPtr reader;
    const docx_styles *styles;
    jx_buf *boxes; /* where text boxes go */
    frame *stack;
    size_t depth, cap;
    size_t text_bytes; /* bytes written so far, for JX_MAX_TEXT_BYTES */
    char error[300];   /* libxml2's first message */
} part_walk;

/* True when the reader is at the element w:name. */
static int at_w(xmlTextReaderPtr r, const char *name)
{
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
    const char *local = (const char *)xmlTextReaderConstLocalName(r);
    return ns && local && strcmp(local, name) == 0 &&
           (strcmp(ns, NS_W) == 0 || strcmp(ns, NS_W_STRICT) == 0);
}

/* True when the reader is at mc:Fallback, whose content repeats its
 * mc:Choice sibling's (a text box in VML for old readers). */
static int at_fallback(xmlTextReaderPtr r)
{
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
    const char *local = (const char *)xmlTextReaderConstLocalName(r);
    return ns && local && strcmp(ns, NS_MC) == 0 &&
           strcmp(local, "Fallback") == 0;
}

/* Copies into v (size bytes) the value of the current element's attribute
 * whose local name is name (w:val...); returns 0 when there is none. */
static int attr_value(xmlTextReaderPtr r, const char *name, char *v,
                      size_t size)
{
    int found = 0;
    while (!found && xmlTextReaderMoveToNextAttribute(r) == 1) {
        const char *local = (const char *)xmlTextReaderConstLocalName(r);
        const char *value = (const char *)xmlTextReaderConstValue(r);
        if (local && value && strcmp(local, name) == 0) {
            snprintf(v, size, "%s", value);
            found = 1;
        }
    }
    xmlTextReaderMoveToElement(r);
    return found;
}

/* Opens a frame for the element at the reader. */
static jx_status push(part_walk *w, frame_mode mode, frame_role role,
                      jx_buf *out, size_t owner)
{
    if (Jx_array_reserve(&w->stack, &w->cap, w->depth + 1, sizeof *w->stack))
        return JX_ERR_NOMEM;
    frame *f = &w->stack[w->depth];
    memset(f, 0, sizeof *f);
    f->mode = mode;
    f->role = role;
    f->out = out;
    f->owner = role != ROLE_NONE ? w->depth : owner;
    w->depth++;
    return JX_OK;
}

/* Appends s[0..n) to out: as trimmed lines, or as one line. */
static jx_status write_out(jx_buf *out, const char *s, size_t n, int lines)
{
    if (lines)
        return append_lines(out, s, n);
    jx_status st = Jx_buf_append(out, s, n);
    return st ? st : Jx_buf_putc(out, '\n');
}

/* Closes the innermost frame: a paragraph's line(s), a row or a cell are
 * written where they go. */
static jx_status pop(part_walk *w)
{
    frame *f = &w->stack[--w->depth];
    jx_status st = JX_OK;
    if (f->role == ROLE_PARAGRAPH && f->text.len) {
        if (f->heading)
            flatten_line(&f->text);
        st = write_out(f->out, f->text.data, f->text.len, 1);
    } else if (f->role == ROLE_ROW && f->filled) {
        st = write_out(f->out, f->text.data, f->text.len, 0);
    } else if (f->role == ROLE_CELL) {
        frame *row = &w->stack[f->row];
        flatten_line(&f->text);
        size_t a = 0, b = f->text.len;
        while (a < b && is_trim_byte(f->text.data[a]))
            a++;
        while (b > a && is_trim_byte(f->text.data[b - 1]))
            b--;
        if (row->ncells)
            st = Jx_buf_puts(&row->text, " | ");
        if (!st && b > a)
            st = Jx_buf_append(&row->text, f->text.data + a, b - a);
        row->filled += b > a;
        row->ncells++;
    }
    Jx_buf_clear(&f->text);
    return st;
}
/* Lower-cases the first letter of a library's message, for our style. */
static void lower_first(char *msg)
{
    if (msg[0] >= 'A' && msg[0] <= 'Z' && msg[1] >= 'a' && msg[1] <= 'z')
        msg[0] = (char)(msg[0] - 'A' + 'a');
}

/* Sets err to JX_ERR_FORMAT "not a valid .docx (why)". */
static jx_status docx_invalid(jx_error *err, const char *why)
{
    jx_status st =
        Jx_error_set(err, JX_ERR_FORMAT, "not a valid .docx (%s)", why);
    if (err)
        lower_first(err->message + strlen("not a valid .docx ("));
    return st;
}

/* Sets err to JX_ERR_FORMAT for an entry that decompresses to more than
 * limit bytes. */
static jx_status too_large(jx_error *err, const char *name, size_t limit)
{
    return Jx_error_set(err, JX_ERR_FORMAT,
                        "%s decompresses to more than %zu MiB", name,
                        limit / (1024 * 1024));
}

/* Opens entry idx for reading, refusing at once an entry whose stated
 * size is over limit; *size receives that size (0 if unknown). */
static jx_status open_entry(zip_t *za, zip_int64_t idx, const char *name,
                            size_t limit, zip_file_t **zf, size_t *size,
                            jx_error *err)
{
    zip_stat_t zs;
    zip_stat_init(&zs);
    *size = 0;
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) == 0 &&
        (zs.valid & ZIP_STAT_SIZE)) {
        if (zs.size > limit)
            return too_large(err, name, limit);
        *size = (size_t)zs.size;
    }
    *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!*zf) {
        char why[300];
        snprintf(why, sizeof why, "cannot open %s: %s", name,
                 zip_strerror(za));
        return docx_invalid(err, why);
    }
    return JX_OK;
}

/* Reads entry name of the archive into a malloc'd buffer; *data is left
 * NULL when there is no such entry. Entries that decompress to more than
 * limit bytes are refused, whatever size they state. */
static jx_status read_entry(zip_t *za, const char *name, size_t limit,
                            char **data, size_t *len, jx_error *err)
{
    *data = NULL;
    *len = 0;
    zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return JX_OK;
    zip_file_t *zf;
    size_t size;
    jx_status st = open_entry(za, idx, name, limit, &zf, &size, err);
    if (st)
        return st;
    jx_buf buf = {0};
    if (Jx_buf_reserve(&buf, size) != JX_OK)
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    char chunk[65536];
    zip_int64_t got = 0;
    while (!st && (got = zip_fread(zf, chunk, sizeof chunk)) > 0) {
        if (buf.len + (size_t)got > limit)
            st = too_large(err, name, limit);
        else if (Jx_buf_append(&buf, chunk, (size_t)got) != JX_OK)
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    if (!st && got < 0) {
        char why[300];
        snprintf(why, sizeof why, "cannot read %s: %s", name,
                 zip_file_strerror(zf));
        st = docx_invalid(err, why);
    }
    zip_fclose(zf);
    if (st) {
        Jx_buf_clear(&buf);
        return st;
    }
    *len = buf.len;
    *data = Jx_buf_detach(&buf);
    return *data ? JX_OK : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
}

/* Copies into enc (size bytes) the encoding the XML declaration at the
 * start of data names; "" when there is none. */
static void declared_encoding(const char *data, size_t len, char *enc,
                              size_t size)
{
    enc[0] = '\0';
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        data += 3, len -= 3;
    if (len < 5 || memcmp(data, "<?xml", 5) != 0)
        return;
    const char *end = memchr(data, '>', len < 200 ? len : 200);
    size_t n = end ? (size_t)(end - data) : 0, i = 5, m = 0;
    for (; i + 8 < n && strncmp(data + i, "encoding", 8) != 0; i++)
        ;
    for (i += 8; i < n && strchr(" =\"'", data[i]); i++)
        ;
    while (i < n && m + 1 < size && !strchr(" \"'?", data[i]))
        enc[m++] = data[i++];
    enc[m] = '\0';
}

/* Makes the bytes of part name UTF-8 for the parser: UTF-16 (by its
 * BOM) is converted into conv and *data and *len point there; UTF-8 is
 * left as it is; any other encoding (which Word never writes) is
 * refused. libxml2 never converts itself, as its converters print. */
static jx_status part_as_utf8(const char **data, size_t *len, const char *name,
                              jx_buf *conv, jx_error *err)
{
    const unsigned char *p = (const unsigned char *)*data;
    jx_encoding enc = JX_ENC_UTF8;
    if (*len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        enc = JX_ENC_UTF16LE;
    else if (*len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        enc = JX_ENC_UTF16BE;
    if (enc != JX_ENC_UTF8) {
        jx_status st = Jx_to_utf8(*data, *len, enc, conv, NULL, err);
        if (st)
            return st;
        *data = conv->data ? conv->data : "";
        *len = conv->len;
        return JX_OK;
    }
    char declared[32];
    declared_encoding(*data, *len, declared, sizeof declared);
    if (declared[0] && strcasecmp(declared, "UTF-8") != 0 &&
        strcasecmp(declared, "UTF8") != 0) {
        char why[100];
        snprintf(why, sizeof why, "%s is in %s, not UTF-8", name, declared);
        return docx_invalid(err, why);
    }
    return JX_OK;
}

/* Parses XML from memory without network access, DTD loading or entity
 * substitution, and without printing anything. */
static jx_status parse_xml(const char *data, size_t len, const char *name,
                           xmlDoc **doc, jx_error *err)
{
    *doc = NULL;
    jx_buf conv = {0};
    jx_status st = part_as_utf8(&data, &len, name, &conv, err);
    if (st) {
        Jx_buf_clear(&conv);
        return st;
    }
    if (len > (size_t)2147483647) {
        Jx_buf_clear(&conv);
        return docx_invalid(err, "part too large");
    }
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        Jx_buf_clear(&conv);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    *doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, "UTF-8",
                             XML_PARSE_NONET | XML_PARSE_NOERROR |
                                 XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC);
    Jx_buf_clear(&conv);
    if (!*doc || !xmlDocGetRootElement(*doc)) {
        const char *msg = ctxt->lastError.message;
        char why[400];
        snprintf(why, sizeof why, "%s is not well-formed XML%s%.*s", name,
                 msg ? ": " : "", msg ? (int)strcspn(msg, "\n") : 0,
                 msg ? msg : "");
        st = docx_invalid(err, why);
        xmlFreeDoc(*doc);
        *doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return st;
}

/* Reads and parses a small part (styles, properties) into a tree; *doc
 * is NULL (and JX_OK) when it is absent. A part over
 * DOCX_MAX_TREE_PART_BYTES is an error (the callers ignore it). */
static jx_status load_part(zip_t *za, const char *name, xmlDoc **doc,
                           jx_error *err)
{
    char *data;
    size_t len;
    *doc = NULL;
    jx_status st =
        read_entry(za, name, DOCX_MAX_TREE_PART_BYTES, &data, &len, err);
    if (st || !data)
        return st;
    st = parse_xml(data, len, name, doc, err);
    free(data);
    return st;
}

/* True when a style's name says heading: "heading N" or "标题 N". */
static int is_heading_name(const char *name)
{
    if (strncasecmp(name, "heading", 7) == 0)
        name += 7;
    else if (strncmp(name, "\xE6\xA0\x87\xE9\xA2\x98", 6) == 0)
        name += 6;
    else
        return 0;
    if (*name == ' ')
        name++;
    return *name >= '1' && *name <= '9' && !name[1];
}

/* Frees the heading style ids. */
static void styles_free(docx_styles *styles)
{
    for (size_t i = 0; i < styles->n; i++)
        free(styles->heading_ids[i]);
    free(styles->heading_ids);
    styles->heading_ids = NULL;
    styles->n = 0;
}

/* Adds a copy of id to the heading style ids. */
static jx_status styles_add(docx_styles *styles, const char *id)
{
    char **ids = realloc(styles->heading_ids,
                         (styles->n + 1) * sizeof *styles->heading_ids);
    if (!ids)
        return JX_ERR_NOMEM;
    styles->heading_ids = ids;
    if (!(ids[styles->n] = strdup(id)))
        return JX_ERR_NOMEM;
    styles->n++;
    return JX_OK;
}

/* Finds the paragraph styles of word/styles.xml that are headings (by
 * name, as Chinese Word names them with ids like "1", or by outline
 * level); a missing or damaged styles part just means none. */
static jx_status load_styles(zip_t *za, docx_styles *styles, jx_error *err)
{
    xmlDoc *doc;
    jx_error ignored;
    if (load_part(za, "word/styles.xml", &doc, &ignored) || !doc)
        return JX_OK;
    jx_status st = JX_OK;
    for (const xmlNode *s = xmlDocGetRootElement(doc)->children; s && !st;
         s = s->next) {
        const char *id = is_w(s, "style") ? w_attr(s, "styleId") : NULL;
        if (!id)
            continue;
        const xmlNode *name = w_child(s, "name");
        const char *n = name ? w_attr(name, "val") : NULL;
        const xmlNode *ppr = w_child(s, "pPr");
        if ((n && is_heading_name(n)) || (ppr && has_outline_level(ppr)))
            st = styles_add(styles, id);
    }
    xmlFreeDoc(doc);
    return st ? Jx_error_set(err, st, "out of memory") : JX_OK;
}

/* Returns a malloc'd copy of the text of node on one trimmed line, or
 * NULL when it is empty. */
static char *node_text(const xmlNode *node)
{
    jx_buf text = {0}, line = {0};
    jx_status st = append_text_children(node, &text);
    if (!st && text.len) {
        flatten_line(&text);
        st = append_lines(&line, text.data, text.len);
    }
    Jx_buf_clear(&text);
    if (st || !line.len) {
        Jx_buf_clear(&line);
        return NULL;
    }
    line.data[--line.len] = '\0'; /* the '\n' append_lines added */
    return Jx_buf_detach(&line);
}

/* Sets *hint to the text of the first child of root named name in
 * namespace ns (any namespace when ns is NULL), unless already set. */
static void take_property(const xmlNode *root, const char *ns,
                          const char *name, char **hint)
{
    for (const xmlNode *c = root->children; c && !*hint; c = c->next) {
        if (c->type != XML_ELEMENT_NODE ||
            strcmp((const char *)c->name, name) != 0)
            continue;
        if (ns && (!c->ns || !c->ns->href ||
                   strcmp((const char *)c->ns->href, ns) != 0))
            continue;
        *hint = node_text(c);
    }
}

/* Fills the title, author and date hints from docProps/core.xml, and the
 * author from docProps/app.xml's Company when core.xml has no creator.
 * Damaged property parts are ignored: they are only hints. */
static void load_hints(zip_t *za, jx_extracted *out)
{
    xmlDoc *doc;
    jx_error ignored;
    if (!load_part(za, "docProps/core.xml", &doc, &ignored) && doc) {
        const xmlNode *root = xmlDocGetRootElement(doc);
        take_property(root, "http://purl.org/dc/elements/1.1/", "title",
                      &out->hint_title);
        take_property(root, "http://purl.org/dc/elements/1.1/", "creator",
                      &out->hint_author);
        take_property(root, "http://purl.org/dc/terms/", "created",
                      &out->hint_date);
        xmlFreeDoc(doc);
    }
    if (!out->hint_author &&
        !load_part(za, "docProps/app.xml", &doc, &ignored) && doc) {
        take_property(xmlDocGetRootElement(doc), NULL, "Company",
                      &out->hint_author);
        xmlFreeDoc(doc);
    }
}

/* ---- the streamed parts: document and notes ---------------------------- */

/* Where the pull parser reads a part from: the zip entry, decompressed
 * chunk by chunk, and for a part in UTF-16 (by its BOM) converted to
 * UTF-8 on the way, so the parser only ever sees UTF-8. */
typedef struct entry_source {
    zip_file_t *zf;
    iconv_t cd;     /* (iconv_t)-1 unless the part is UTF-16 */
    char in[65536]; /* bytes read from the entry, not yet handed on */
    size_t in_at, in_len;
    size_t total;  /* bytes decompressed so far */
    int eof;       /* the entry is read to its end */
    int too_large; /* it went past DOCX_MAX_ENTRY_BYTES */
    int failed;    /* libzip could not read it */
} entry_source;

/* Moves what is left of in to its front and reads more of the entry
 * after it; sets eof, too_large or failed. */
static void source_fill(entry_source *s)
{
    memmove(s->in, s->in + s->in_at, s->in_len - s->in_at);
    s->in_len -= s->in_at;
    s->in_at = 0;
    while (!s->eof && s->in_len < sizeof s->in) {
        zip_int64_t got =
            zip_fread(s->zf, s->in + s->in_len, sizeof s->in - s->in_len);
        if (got < 0) {
            s->failed = 1;
            return;
        }
        if (got == 0) {
            s->eof = 1;
            return;
        }
        s->in_len += (size_t)got;
        s->total += (size_t)got;
        if (s->total > DOCX_MAX_ENTRY_BYTES) {
            s->too_large = 1;
            return;
        }
    }
}

/* Converts UTF-16 from in into out (size bytes); returns the bytes
 * written, 0 at the end. An undecodable unit becomes U+FFFD. */
static size_t source_convert(entry_source *s, char *out, size_t size)
{
    char *o = out;
    size_t room = size;
    while (room >= 4 && !s->too_large && !s->failed) {
        if (s->in_len - s->in_at < 4 && !s->eof)
            source_fill(s);
        if (s->in_at == s->in_len)
            break;
        char *in = s->in + s->in_at;
        size_t left = s->in_len - s->in_at;
        size_t r = iconv(s->cd, &in, &left, &o, &room);
        int e = errno;
        s->in_at = (size_t)(in - s->in);
        if (r != (size_t)-1 || e == E2BIG)
            continue;
        if (e == EINVAL && !s->eof)
            continue; /* a character cut by the chunk: read on */
        if (room < 3)
            break;
        memcpy(o, "\xEF\xBF\xBD", 3);
        o += 3;
        room -= 3;
        s->in_at += s->in_len - s->in_at < 2 ? s->in_len - s->in_at : 2;
    }
    return (size_t)(o - out);
}

/* libxml2's read callback: the next bytes of the part, 0 at its end, -1
 * when it cannot be read or is too large. */
static int source_read(void *ctx, char *buffer, int len)
{
    entry_source *s = ctx;
    if (len <= 0)
        return 0;
    size_t n;
    if (s->cd != (iconv_t)-1) {
        n = source_convert(s, buffer, (size_t)len);
    } else {
        if (s->in_at == s->in_len && !s->eof)
            source_fill(s);
        n = s->in_len - s->in_at < (size_t)len ? s->in_len - s->in_at
                                               : (size_t)len;
        memcpy(buffer, s->in + s->in_at, n);
        s->in_at += n;
    }
    return s->too_large || s->failed ? -1 : (int)n;
}

/* libxml2's close callback: the caller closes the entry. */
static int source_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Records libxml2's first message for the error the walk returns, so
 * that nothing is ever printed. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    part_walk *w = ctx;
    if (!w->error[0] && e && e->message)
        snprintf(w->error, sizeof w->error, "%.*s",
                 (int)strcspn(e->message, "\n"), e->message);
}

/* The frame modes below the walk: how the part's root and its children
 * are read before the body (or a note) begins. */
enum {
    MODE_DOC_ROOT = 100, /* expects w:document */
    MODE_DOCUMENT,       /* expects w:body */
    MODE_NOTES_ROOT,     /* expects w:footnotes or w:endnotes */
    MODE_NOTES           /* expects w:footnote or w:endnote */
};

/* Reads the element at the reader in the mode of the frame it is in:
 * opens a frame for it (*open 1) or leaves it out with all it holds
 * (*open 0); a tab, a break or a hyphen is written at once. note names
 * the notes' element (footnote, endnote); *body is set at w:body. */
static jx_status start_element(part_walk *w, const char *note, jx_buf *out,
                               int *body, int *open)
{
    xmlTextReaderPtr r = w->reader;
    size_t top = w->depth - 1;
    frame *t = &w->stack[top];
    char v[256];
    *open = 0;
    if (at_fallback(r))
        return JX_OK;
    switch ((int)t->mode) {
    case MODE_DOC_ROOT:
        *open = at_w(r, "document");
        return *open ? push(w, (frame_mode)MODE_DOCUMENT, ROLE_NONE, out, 0)
                     : JX_OK;
    case MODE_DOCUMENT:
        if (!at_w(r, "body") || *body)
            return JX_OK; /* only the first w:body, as Word has */
        *body = *open = 1;
        return push(w, MODE_BLOCK, ROLE_NONE, out, 0);
    case MODE_NOTES_ROOT:
        *open = 1;
        return push(w, (frame_mode)MODE_NOTES, ROLE_NONE, out, 0);
    case MODE_NOTES:
        /* Word's separator notes have a type; real notes none or normal */
        if (!at_w(r, note) ||
            (attr_value(r, "type", v, sizeof v) && strcmp(v, "normal") != 0))
            return JX_OK;
        *open = 1;
        return push(w, MODE_BLOCK, ROLE_NONE, out, 0);
    case MODE_BLOCK:
        if (at_w(r, "sectPr") || at_w(r, "del"))
            return JX_OK;
        *open = 1;
        if (at_w(r, "p"))
            return push(w, MODE_RUN, ROLE_PARAGRAPH, t->out, 0);
        if (at_w(r, "tbl"))
            return push(w, MODE_TABLE, ROLE_NONE, t->out, 0);
        return push(w, MODE_BLOCK, ROLE_NONE, t->out, 0);
    case MODE_RUN: {
        char c = at_w(r, "tab") || at_w(r, "ptab") ? '\t'
                 : at_w(r, "br") || at_w(r, "cr")  ? '\n'
                 : at_w(r, "noBreakHyphen")        ? '-'
                                                   : 0;
        if (c) {
            w->text_bytes++;
            return Jx_buf_putc(&w->stack[t->owner].text, c);
        }
        if (at_w(r, "rPr") || at_w(r, "del") || at_w(r, "moveFrom") ||
            (at_w(r, "pPr") && t->role != ROLE_PARAGRAPH))
            return JX_OK;
        *open = 1;
        if (at_w(r, "t"))
            return push(w, MODE_TEXT, ROLE_NONE, NULL, t->owner);
        if (at_w(r, "txbxContent"))
            return push(w, MODE_BLOCK, ROLE_NONE, w->boxes, 0);
        if (at_w(r, "pPr")) /* the paragraph's own: is it a heading? */
            return push(w, MODE_PPR, ROLE_NONE, NULL, top);
        return push(w, MODE_RUN, ROLE_NONE, NULL, t->owner);
    }
    case MODE_PPR:
        if ((at_w(r, "pStyle") && attr_value(r, "val", v, sizeof v) &&
             is_heading_style(v, w->styles)) ||
            (at_w(r, "outlineLvl") && attr_value(r, "val", v, sizeof v) &&
             is_outline_level(v)))
            w->stack[t->owner].heading = 1;
        return JX_OK;
    case MODE_TABLE:
        if (at_w(r, "tblPr") || at_w(r, "tblGrid"))
            return JX_OK;
        *open = 1;
        if (at_w(r, "tr"))
            return push(w, MODE_ROW, ROLE_ROW, t->out, 0);
        return push(w, MODE_TABLE, ROLE_NONE, t->out, 0); /* w:sdt... */
    case MODE_ROW: {
        if (at_w(r, "trPr") || at_w(r, "tblPrEx"))
            return JX_OK;
        *open = 1;
        size_t row = t->owner;
        if (!at_w(r, "tc"))
            return push(w, MODE_ROW, ROLE_NONE, t->out, row);
        jx_status st = push(w, MODE_CELL, ROLE_CELL, NULL, 0);
        if (!st)
            w->stack[w->depth - 1].row = row;
        return st;
    }
    case MODE_CELL: {
        if (at_w(r, "tcPr") || at_w(r, "tblPr"))
            return JX_OK;
        *open = 1;
        jx_buf *cell = &w->stack[t->owner].text;
        if (at_w(r, "p") && cell->len && cell->data[cell->len - 1] != ' ') {
            jx_status st = Jx_buf_putc(cell, ' ');
            if (st)
                return st;
        }
        /* a cell's paragraph (pPr left out) or a nested table's parts */
        return push(w, at_w(r, "p") ? MODE_RUN : MODE_CELL, ROLE_NONE, NULL,
                    t->owner);
    }
    default: /* MODE_TEXT: only its text counts */
        return JX_OK;
    }
}

/* Appends the text node at the reader to the text being gathered, when
 * it is inside w:t. */
static jx_status add_text(part_walk *w)
{
    frame *t = &w->stack[w->depth - 1];
    if (t->mode != MODE_TEXT)
        return JX_OK;
    const char *v = (const char *)xmlTextReaderConstValue(w->reader);
    size_t n = v ? strlen(v) : 0;
    w->text_bytes += n;
    return Jx_buf_append(&w->stack[t->owner].text, v ? v : "", n);
}

/* Walks part name at the reader: the body of a document (note NULL) into
 * out, or every real note of a notes part; text boxes into w->boxes. */
static jx_status walk_part(part_walk *w, const char *name, const char *note,
                           jx_buf *out, jx_error *err)
{
    xmlTextReaderPtr r = w->reader;
    int body = 0, ret = xmlTextReaderRead(r);
    jx_status st =
        push(w, (frame_mode)(note ? MODE_NOTES_ROOT : MODE_DOC_ROOT),
             ROLE_NONE, out, 0);
    while (ret == 1 && !st) {
        int type = xmlTextReaderNodeType(r), open = 1;
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(r);
            st = start_element(w, note, out, &body, &open);
            if (!st && open && empty)
                st = pop(w);
            open |= empty;
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (w->depth > 1)
                st = pop(w);
        } else if (type == XML_READER_TYPE_TEXT ||
                   type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_WHITESPACE ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            st = add_text(w);
        }
        if (st)
            return Jx_error_set(err, st, "out of memory");
        if (w->text_bytes > JX_MAX_TEXT_BYTES)
            return Jx_error_set(err, JX_ERR_FORMAT, "more than %u MiB of text",
                                JX_MAX_TEXT_BYTES / (1024 * 1024));
        ret = open ? xmlTextReaderRead(r) : xmlTextReaderNext(r);
    }
    if (ret != 0) {
        char why[400];
        snprintf(why, sizeof why, "%s is not well-formed XML%s%s", name,
                 w->error[0] ? ": " : "", w->error);
        return docx_invalid(err, why);
    }
    if (!note && !body)
        return docx_invalid(err, "word/document.xml has no w:body");
    return JX_OK;
}

/* Streams part name of the archive: the body of word/document.xml (note
 * NULL) or the notes of word/footnotes.xml or word/endnotes.xml, into
 * out, text boxes into boxes. *found is 0 when the part is absent. */
static jx_status stream_part(zip_t *za, const char *name, const char *note,
                             const docx_styles *styles, jx_buf *out,
                             jx_buf *boxes, int *found, jx_error *err)
{
    *found = 0;
    zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return JX_OK;
    *found = 1;
    entry_source *src = calloc(1, sizeof *src);
    if (!src)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    src->cd = (iconv_t)-1;
    size_t size;
    jx_status st =
        open_entry(za, idx, name, DOCX_MAX_ENTRY_BYTES, &src->zf, &size, err);
    if (st) {
        free(src);
        return st;
    }
    source_fill(src);
    const unsigned char *p = (const unsigned char *)src->in;
    char declared[32] = "";
    if (src->in_len >= 2 &&
        ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        src->cd = iconv_open("UTF-8", p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
        src->in_at = 2;
        if (src->cd == (iconv_t)-1)
            st = Jx_error_set(err, JX_ERR_UNSUPPORTED,
                              "cannot convert from UTF-16: iconv has no "
                              "converter");
    } else {
        declared_encoding(src->in, src->in_len, declared, sizeof declared);
    }
    if (!st && declared[0] && strcasecmp(declared, "UTF-8") != 0 &&
        strcasecmp(declared, "UTF8") != 0) {
        char why[100];
        snprintf(why, sizeof why, "%s is in %s, not UTF-8", name, declared);
        st = docx_invalid(err, why);
    }
    part_walk w = {0};
    w.styles = styles;
    w.boxes = boxes;
    if (!st) {
        w.reader =
            xmlReaderForIO(source_read, source_close, src, name, "UTF-8",
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                               XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC);
        if (!w.reader)
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    if (!st) {
        xmlTextReaderSetStructuredErrorHandler(w.reader, on_xml_error, &w);
        st = walk_part(&w, name, note, out, err);
    }
    if (src->too_large)
        st = too_large(err, name, DOCX_MAX_ENTRY_BYTES);
    else if (src->failed) {
        char why[300];
        snprintf(why, sizeof why, "cannot read %s: %s", name,
                 zip_file_strerror(src->zf));
        st = docx_invalid(err, why);
    }
    for (size_t i = 0; i < w.depth; i++)
        Jx_buf_clear(&w.stack[i].text); /* what an error left open */
    free(w.stack);
    if (w.reader)
        xmlFreeTextReader(w.reader);
    if (src->cd != (iconv_t)-1)
        iconv_close(src->cd);
    zip_fclose(src->zf);
    free(src);
    return st;
}

/* Extracts the body, text boxes and notes of an open archive into out:
 * each part streamed, so memory stays about the size of the text. */
static jx_status extract_archive(zip_t *za, jx_extracted *out, jx_error *err)
{
    docx_styles styles = {0};
    jx_buf body = {0}, boxes = {0};
    int found = 0;
    jx_status st = load_styles(za, &styles, err);
    if (!st)
        st = stream_part(za, "word/document.xml", NULL, &styles, &body, &boxes,
                         &found, err);
    if (!st && !found)
        st = docx_invalid(err, "no word/document.xml");
    if (!st && Jx_buf_append(&body, boxes.data, boxes.len))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    static const char *const notes[][2] = {
        {"word/footnotes.xml", "footnote"},
        {"word/endnotes.xml", "endnote"},
    };
    for (size_t i = 0; i < 2 && !st; i++) {
        Jx_buf_reset(&boxes);
        st = stream_part(za, notes[i][0], notes[i][1], &styles, &body, &boxes,
                         &found, err);
        if (!st && Jx_buf_append(&body, boxes.data, boxes.len))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        if (!st && body.len > JX_MAX_TEXT_BYTES)
            st = Jx_error_set(err, JX_ERR_FORMAT, "more than %u MiB of text",
                              JX_MAX_TEXT_BYTES / (1024 * 1024));
    }
    if (!st) {
        out->len = body.len;
        out->text = Jx_buf_detach(&body);
        if (!out->text)
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    if (!st)
        load_hints(za, out);
    Jx_buf_clear(&body);
    Jx_buf_clear(&boxes);
    styles_free(&styles);
    return st;
}

/* Opens the .docx in memory as a zip archive and extracts its text. */
jx_status Jx_extract_docx(const char *data, size_t len, jx_extracted *out,
                          jx_error *err)
{
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    if (!za) {
        jx_status st = docx_invalid(err, zip_error_strerror(&zerr));
        zip_source_free(src);
        zip_error_fini(&zerr);
        return st;
    }
    zip_error_fini(&zerr);
    jx_status st = extract_archive(za, out, err);
    zip_discard(za);
    return st;
}
