/* jx_format_docx.c: reads the text of a Word .docx report: the zip is
 * opened from memory with libzip, word/document.xml is parsed with
 * libxml2 (never resolving external entities), and its paragraphs,
 * headings and table rows become lines; text boxes, footnotes and
 * endnotes follow the body, and docProps give the title, author and date
 * hints. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "jx_formats_internal.h"

/* An entry that decompresses to more than this is refused (zip bombs). */
#define DOCX_MAX_ENTRY_BYTES (256u * 1024 * 1024)

#define NS_W        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC       "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* The paragraph styles word/styles.xml makes headings, by styleId. */
typedef struct docx_styles {
    char **heading_ids;
    size_t n;
} docx_styles;

/* What the walk over the body writes to. */
typedef struct docx_walk {
    const docx_styles *styles;
    jx_buf *body;  /* paragraphs and table rows of the main text */
    jx_buf *boxes; /* paragraphs of text boxes, appended after the body */
} docx_walk;

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

/* True for mc:Fallback, whose content repeats its mc:Choice sibling's. */
static int is_fallback(const xmlNode *node)
{
    return node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
           strcmp((const char *)node->ns->href, NS_MC) == 0 &&
           strcmp((const char *)node->name, "Fallback") == 0;
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
            jx_status st = jx_buf_puts(out, (const char *)c->content);
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
            jx_status st = jx_buf_append(out, s + a, b - a);
            if (!st)
                st = jx_buf_putc(out, '\n');
            if (st)
                return st;
        }
        i = end + 1;
    }
    return JX_OK;
}

static jx_status walk_blocks(const xmlNode *parent, jx_buf *out,
                             const docx_walk *w);

/* Appends the text of the runs under node to line: w:t as is, w:tab as a
 * tab, w:br and w:cr as a newline; text boxes go to w->boxes instead. */
static jx_status run_text(const xmlNode *node, jx_buf *line,
                          const docx_walk *w)
{
    jx_status st = JX_OK;
    for (const xmlNode *c = node->children; c && !st; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_fallback(c))
            continue;
        if (is_w(c, "t"))
            st = append_text_children(c, line);
        else if (is_w(c, "tab") || is_w(c, "ptab"))
            st = jx_buf_putc(line, '\t');
        else if (is_w(c, "br") || is_w(c, "cr"))
            st = jx_buf_putc(line, '\n');
        else if (is_w(c, "noBreakHyphen"))
            st = jx_buf_putc(line, '-');
        else if (is_w(c, "txbxContent"))
            st = walk_blocks(c, w->boxes, w);
        else if (!is_w(c, "pPr") && !is_w(c, "rPr") && !is_w(c, "del") &&
                 !is_w(c, "moveFrom"))
            st = run_text(c, line, w);
    }
    return st;
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

/* True when the paragraph properties pPr carry an outline level (0..8). */
static int has_outline_level(const xmlNode *ppr)
{
    const xmlNode *lvl = w_child(ppr, "outlineLvl");
    const char *v = lvl ? w_attr(lvl, "val") : NULL;
    return v && v[0] >= '0' && v[0] <= '8' && !v[1];
}

/* True when the paragraph p is a heading, by its style or outline level. */
static int is_heading(const xmlNode *p, const docx_styles *styles)
{
    const xmlNode *ppr = w_child(p, "pPr");
    if (!ppr)
        return 0;
    const xmlNode *style = w_child(ppr, "pStyle");
    const char *id = style ? w_attr(style, "val") : NULL;
    return (id && is_heading_style(id, styles)) || has_outline_level(ppr);
}

/* Replaces tabs and newlines with spaces, so that text stays one line. */
static void flatten_line(jx_buf *line)
{
    for (size_t i = 0; i < line->len; i++)
        if (line->data[i] == '\t' || line->data[i] == '\n')
            line->data[i] = ' ';
}

/* Appends paragraph p to out as its own line(s); a heading always as
 * exactly one line. */
static jx_status emit_paragraph(const xmlNode *p, jx_buf *out,
                                const docx_walk *w)
{
    jx_buf line = {0};
    jx_status st = run_text(p, &line, w);
    if (!st && line.len) {
        if (is_heading(p, w->styles))
            flatten_line(&line);
        st = append_lines(out, line.data, line.len);
    }
    jx_buf_free(&line);
    return st;
}

/* Appends to cell the text of everything under node, paragraphs (also
 * those of nested tables) separated by spaces. */
static jx_status cell_text(const xmlNode *node, jx_buf *cell,
                           const docx_walk *w)
{
    jx_status st = JX_OK;
    for (const xmlNode *c = node->children; c && !st; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_fallback(c))
            continue;
        if (is_w(c, "p")) {
            if (cell->len && cell->data[cell->len - 1] != ' ')
                st = jx_buf_putc(cell, ' ');
            if (!st)
                st = run_text(c, cell, w);
        } else if (!is_w(c, "tcPr") && !is_w(c, "tblPr")) {
            st = cell_text(c, cell, w);
        }
    }
    return st;
}

/* Collects the cells (w:tc, also inside w:sdt or w:customXml) of row
 * node into row, separated by " | "; *filled counts non-empty cells. */
static jx_status row_cells(const xmlNode *node, jx_buf *row, size_t *ncells,
                           size_t *filled, const docx_walk *w)
{
    jx_status st = JX_OK;
    for (const xmlNode *c = node->children; c && !st; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_fallback(c) || is_w(c, "trPr") ||
            is_w(c, "tblPrEx"))
            continue;
        if (!is_w(c, "tc")) {
            st = row_cells(c, row, ncells, filled, w);
            continue;
        }
        jx_buf cell = {0};
        st = cell_text(c, &cell, w);
        if (!st) {
            flatten_line(&cell);
            size_t a = 0, b = cell.len;
            while (a < b && is_trim_byte(cell.data[a]))
                a++;
            while (b > a && is_trim_byte(cell.data[b - 1]))
                b--;
            if (*ncells)
                st = jx_buf_puts(row, " | ");
            if (!st && b > a)
                st = jx_buf_append(row, cell.data + a, b - a);
            *filled += b > a;
            (*ncells)++;
        }
        jx_buf_free(&cell);
    }
    return st;
}

/* Appends one line per row (w:tr) of the table under node; rows whose
 * cells are all empty are left out. */
static jx_status emit_table(const xmlNode *node, jx_buf *out,
                            const docx_walk *w)
{
    jx_status st = JX_OK;
    for (const xmlNode *c = node->children; c && !st; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_fallback(c) ||
            is_w(c, "tblPr") || is_w(c, "tblGrid"))
            continue;
        if (!is_w(c, "tr")) {
            st = emit_table(c, out, w); /* w:sdt, w:customXml */
            continue;
        }
        jx_buf row = {0};
        size_t ncells = 0, filled = 0;
        st = row_cells(c, &row, &ncells, &filled, w);
        if (!st && filled) {
            st = jx_buf_append(out, row.data, row.len);
            if (!st)
                st = jx_buf_putc(out, '\n');
        }
        jx_buf_free(&row);
    }
    return st;
}

/* Appends the block content under parent (paragraphs and tables, also
 * inside content controls and tracked insertions) to out, in order. */
static jx_status walk_blocks(const xmlNode *parent, jx_buf *out,
                             const docx_walk *w)
{
    jx_status st = JX_OK;
    for (const xmlNode *c = parent->children; c && !st; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_fallback(c))
            continue;
        if (is_w(c, "p"))
            st = emit_paragraph(c, out, w);
        else if (is_w(c, "tbl"))
            st = emit_table(c, out, w);
        else if (!is_w(c, "sectPr") && !is_w(c, "del"))
            st = walk_blocks(c, out, w);
    }
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
        jx_error_set(err, JX_ERR_FORMAT, "not a valid .docx (%s)", why);
    if (err)
        lower_first(err->message + strlen("not a valid .docx ("));
    return st;
}

/* Sets err to JX_ERR_FORMAT for an entry that decompresses too large. */
static jx_status too_large(jx_error *err, const char *name)
{
    return jx_error_set(err, JX_ERR_FORMAT,
                        "%s decompresses to more than %u MiB", name,
                        DOCX_MAX_ENTRY_BYTES / (1024 * 1024));
}

/* Opens entry idx for reading, refusing at once an entry whose stated
 * size is over the limit; *size receives that size (0 if unknown). */
static jx_status open_entry(zip_t *za, zip_int64_t idx, const char *name,
                            zip_file_t **zf, size_t *size, jx_error *err)
{
    zip_stat_t zs;
    zip_stat_init(&zs);
    *size = 0;
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) == 0 &&
        (zs.valid & ZIP_STAT_SIZE)) {
        if (zs.size > DOCX_MAX_ENTRY_BYTES)
            return too_large(err, name);
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
 * DOCX_MAX_ENTRY_BYTES are refused, whatever size they state. */
static jx_status read_entry(zip_t *za, const char *name, char **data,
                            size_t *len, jx_error *err)
{
    *data = NULL;
    *len = 0;
    zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return JX_OK;
    zip_file_t *zf;
    size_t size;
    jx_status st = open_entry(za, idx, name, &zf, &size, err);
    if (st)
        return st;
    jx_buf buf = {0};
    if (jx_buf_reserve(&buf, size) != JX_OK)
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    char chunk[65536];
    zip_int64_t got = 0;
    while (!st && (got = zip_fread(zf, chunk, sizeof chunk)) > 0) {
        if (buf.len + (size_t)got > DOCX_MAX_ENTRY_BYTES)
            st = too_large(err, name);
        else if (jx_buf_append(&buf, chunk, (size_t)got) != JX_OK)
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    if (!st && got < 0) {
        char why[300];
        snprintf(why, sizeof why, "cannot read %s: %s", name,
                 zip_file_strerror(zf));
        st = docx_invalid(err, why);
    }
    zip_fclose(zf);
    if (st) {
        jx_buf_free(&buf);
        return st;
    }
    *len = buf.len;
    *data = jx_buf_detach(&buf);
    return *data ? JX_OK : jx_error_set(err, JX_ERR_NOMEM, "out of memory");
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
        jx_status st = jx_to_utf8(*data, *len, enc, conv, NULL, err);
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
        jx_buf_free(&conv);
        return st;
    }
    if (len > (size_t)2147483647) {
        jx_buf_free(&conv);
        return docx_invalid(err, "part too large");
    }
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        jx_buf_free(&conv);
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    *doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, "UTF-8",
                             XML_PARSE_NONET | XML_PARSE_NOERROR |
                                 XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC);
    jx_buf_free(&conv);
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

/* Reads and parses entry name; *doc is NULL (and JX_OK) when absent. */
static jx_status load_part(zip_t *za, const char *name, xmlDoc **doc,
                           jx_error *err)
{
    char *data;
    size_t len;
    *doc = NULL;
    jx_status st = read_entry(za, name, &data, &len, err);
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
    return st ? jx_error_set(err, st, "out of memory") : JX_OK;
}

/* Appends the paragraphs of every footnote (or endnote) of part, except
 * the separators Word keeps there. */
static jx_status append_notes(zip_t *za, const char *part, const char *note,
                              jx_buf *out, const docx_walk *w, jx_error *err)
{
    xmlDoc *doc;
    jx_status st = load_part(za, part, &doc, err);
    if (st || !doc)
        return st;
    for (const xmlNode *n = xmlDocGetRootElement(doc)->children; n && !st;
         n = n->next) {
        const char *type = is_w(n, note) ? w_attr(n, "type") : "skip";
        if (!type || strcmp(type, "normal") == 0)
            st = walk_blocks(n, out, w);
    }
    xmlFreeDoc(doc);
    return st ? jx_error_set(err, st, "out of memory") : JX_OK;
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
    jx_buf_free(&text);
    if (st || !line.len) {
        jx_buf_free(&line);
        return NULL;
    }
    line.data[--line.len] = '\0'; /* the '\n' append_lines added */
    return jx_buf_detach(&line);
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

/* Extracts the body, text boxes and notes of an open archive into out. */
static jx_status extract_archive(zip_t *za, jx_extracted *out, jx_error *err)
{
    xmlDoc *doc;
    jx_status st = load_part(za, "word/document.xml", &doc, err);
    if (st)
        return st;
    if (!doc)
        return docx_invalid(err, "no word/document.xml");
    docx_styles styles = {0};
    jx_buf body = {0}, boxes = {0};
    docx_walk w = {&styles, &body, &boxes};
    st = load_styles(za, &styles, err);
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *b = is_w(root, "document") ? w_child(root, "body") : NULL;
    if (!st && !b)
        st = docx_invalid(err, "word/document.xml has no w:body");
    if (!st && walk_blocks(b, &body, &w))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    xmlFreeDoc(doc);
    if (!st && jx_buf_append(&body, boxes.data, boxes.len))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st =
            append_notes(za, "word/footnotes.xml", "footnote", &body, &w, err);
    if (!st)
        st = append_notes(za, "word/endnotes.xml", "endnote", &body, &w, err);
    if (!st) {
        out->len = body.len;
        out->text = jx_buf_detach(&body);
        if (!out->text)
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    if (!st)
        load_hints(za, out);
    jx_buf_free(&body);
    jx_buf_free(&boxes);
    styles_free(&styles);
    return st;
}

/* Opens the .docx in memory as a zip archive and extracts its text. */
jx_status jx_extract_docx(const char *data, size_t len, jx_extracted *out,
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
