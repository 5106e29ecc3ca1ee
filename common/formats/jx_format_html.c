/* jx_format_html.c: reads the main text of an HTML report page with
 * libxml2's HTML parser. The page's declared charset is honoured (GB2312
 * and GBK read as GB18030); scripts, styles, navigation, site headers and
 * footers and form controls are left out; blocks become lines and table
 * rows "cell | cell" lines; <title> gives the title hint. */
#include <errno.h>
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jx_formats_internal.h"

/* Only the first bytes of a page are searched for its charset. */
#define CHARSET_SCAN_BYTES 65536
/* A <form> with less text than this is a search box or a login form;
 * larger ones (ASP.NET wraps whole pages in one) are walked. */
#define SMALL_FORM_BYTES 300

/* The state of one walk over the tree: the text so far and where the
 * walk stands in tables and <pre>. */
typedef struct html_walk {
    jx_buf out;        /* finished lines */
    jx_buf line;       /* the line being built */
    int pending_space; /* white space since the last character: 1, or 2
                          when it held a line break */
    int cell_depth;    /* how many td/th the walk is inside */
    int pre_depth;     /* how many pre the walk is inside */
    size_t row_cells;  /* cells begun in the current row */
    size_t row_filled; /* cells with text in the current row */
    size_t cell_start; /* line length where the current cell began */
    int soft_skip;     /* leave out site headers, footers, menus... */
} html_walk;

/* How an element is treated. */
typedef enum html_kind {
    KIND_INLINE,    /* text flows through it */
    KIND_BLOCK,     /* begins and ends a line */
    KIND_CELL,      /* td, th */
    KIND_ROW,       /* tr */
    KIND_PRE,       /* pre: white space kept */
    KIND_SKIP,      /* left out with everything in it */
    KIND_SOFT_SKIP, /* left out, except lines such as 发布机构：... */
} html_kind;

static const char *const skip_names[] = {
    "script", "style", "noscript", "template", "iframe", "object",
    "embed",  "svg",   "canvas",   "head",     "nav",    "select",
    "button", "input", "textarea", "option",   "aside",  "map",
};

static const char *const block_names[] = {
    "p",          "div",     "br",       "h1",      "h2",     "h3",
    "h4",         "h5",      "h6",       "li",      "ul",     "ol",
    "dl",         "dt",      "dd",       "table",   "thead",  "tbody",
    "tfoot",      "section", "article",  "main",    "body",   "html",
    "blockquote", "hr",      "center",   "address", "figure", "figcaption",
    "caption",    "form",    "fieldset", "legend",  "header", "footer",
};

/* Words in an id or class that mark navigation and page furniture. */
static const char *const furniture_words[] = {
    "nav", "menu", "footer", "header", "breadcrumb", "sidebar",
};

/* Labels of the lines kept from a skipped header: the page's own
 * publication data, which the metadata extractor reads. */
static const char *const meta_labels[] = {
    "发布机构", "发布单位", "发文机关", "发文单位", "发布日期", "发布时间",
    "成文日期", "信息来源", "来源",     "索引号",   "文号",
};

/* True when name is one of the n names of list. */
static int in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return 1;
    return 0;
}

/* True when the attribute attr of node contains one of the furniture
 * words, ignoring case. */
static int attr_is_furniture(const xmlNode *node, const char *attr)
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)attr);
    int found = 0;
    for (size_t i = 0;
         v && !found && i < sizeof furniture_words / sizeof *furniture_words;
         i++)
        found = strcasestr((const char *)v, furniture_words[i]) != NULL;
    xmlFree(v);
    return found;
}

/* The node after n in document order within the subtree of root (its
 * first child, else its next sibling or an ancestor's), or NULL at the
 * end of the subtree; iterative, so deep pages cannot overflow the
 * stack. */
static const xmlNode *next_in_subtree(const xmlNode *n, const xmlNode *root)
{
    if (n->type == XML_ELEMENT_NODE && n->children)
        return n->children;
    while (n && n != root && !n->next)
        n = n->parent;
    return n && n != root ? n->next : NULL;
}

/* True when the text under node adds up to less than limit bytes. */
static int text_shorter_than(const xmlNode *node, size_t limit)
{
    size_t total = 0;
    const xmlNode *n = node->children;
    for (; n && total < limit; n = next_in_subtree(n, node))
        if (n->type == XML_TEXT_NODE && n->content)
            total += strlen((const char *)n->content);
    return total < limit;
}

/* Decides how the walk treats element node. */
static html_kind kind_of(const xmlNode *node, const html_walk *w)
{
    const char *name = (const char *)node->name;
    if (in_list(name, skip_names, sizeof skip_names / sizeof *skip_names))
        return KIND_SKIP;
    if (strcmp(name, "form") == 0 && text_shorter_than(node, SMALL_FORM_BYTES))
        return KIND_SKIP;
    if (w->soft_skip &&
        (strcmp(name, "header") == 0 || strcmp(name, "footer") == 0 ||
         attr_is_furniture(node, "id") || attr_is_furniture(node, "class")))
        return KIND_SOFT_SKIP;
    if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
        return KIND_CELL;
    if (strcmp(name, "tr") == 0)
        return KIND_ROW;
    if (strcmp(name, "pre") == 0)
        return KIND_PRE;
    if (in_list(name, block_names, sizeof block_names / sizeof *block_names))
        return KIND_BLOCK;
    return KIND_INLINE;
}

/* Length of s[0..n) without blanks (ASCII, U+3000) at its end. */
static size_t trimmed_end(const char *s, size_t n)
{
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
            n -= 3;
        else
            return n;
    }
}

/* Offset of the first byte of s[0..n) that is not blank (ASCII, U+3000). */
static size_t trimmed_start(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        if (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        else if (n - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0)
            i += 3;
        else
            return i;
    }
}

/* Ends the line being built: written out trimmed unless it is blank. */
static jx_status end_line(html_walk *w)
{
    jx_buf *l = &w->line;
    size_t a = trimmed_start(l->data ? l->data : "", l->len);
    size_t b = a + trimmed_end(l->data + a, l->len - a);
    jx_status st = JX_OK;
    if (b > a) {
        st = Jx_buf_append(&w->out, l->data + a, b - a);
        if (!st)
            st = Jx_buf_putc(&w->out, '\n');
    }
    Jx_buf_reset(l);
    w->pending_space = 0;
    w->row_cells = w->row_filled = 0;
    return st;
}

/* A line break in the page: a new line, or a space inside a table cell. */
static jx_status line_break(html_walk *w)
{
    if (w->cell_depth > 0) {
        w->pending_space = 1;
        return JX_OK;
    }
    return end_line(w);
}

/* True for the white space HTML collapses: ASCII blanks and NBSP. */
static size_t space_len(const char *s, size_t n)
{
    if (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' ||
              s[0] == '\f'))
        return 1;
    if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
        return 2;
    return 0;
}

/* Adds a text node's text, collapsing white space as browsers do (or,
 * inside <pre>, keeping its line breaks). */
static jx_status add_text(html_walk *w, const char *s)
{
    size_t n = strlen(s), i = 0;
    jx_status st = JX_OK;
    while (i < n && !st) {
        if (w->pre_depth > 0 && s[i] == '\n') {
            st = line_break(w);
            i++;
            continue;
        }
        size_t sp = space_len(s + i, n - i);
        if (sp) {
            if (s[i] == '\n')
                w->pending_space = 2;
            else if (!w->pending_space)
                w->pending_space = 1;
            i += sp;
            continue;
        }
        size_t run = i;
        while (run < n && !space_len(s + run, n - run) && s[run] != '\n')
            run++;
        /* A source line break between two Chinese characters is not a
         * space (as in browsers): "工作，\n2022年" has none. */
        int joined = w->pending_space == 2 && w->line.len &&
                     (unsigned char)w->line.data[w->line.len - 1] >= 0x80 &&
                     (unsigned char)s[i] >= 0x80;
        if (w->pending_space && !joined && w->line.len &&
            w->line.data[w->line.len - 1] != ' ')
            st = Jx_buf_putc(&w->line, ' ');
        w->pending_space = 0;
        if (!st)
            st = Jx_buf_append(&w->line, s + i, run - i);
        i = run;
    }
    return st;
}

/* Begins a table row. */
static jx_status begin_row(html_walk *w)
{
    if (w->cell_depth > 0) {
        w->pending_space = 1;
        return JX_OK;
    }
    w->row_cells = w->row_filled = 0;
    return end_line(w);
}

/* Ends a table row; a row whose cells are all empty is dropped. */
static jx_status end_row(html_walk *w)
{
    if (w->cell_depth > 0) {
        w->pending_space = 1;
        return JX_OK;
    }
    if (w->row_cells > 0 && w->row_filled == 0)
        Jx_buf_reset(&w->line);
    w->row_cells = w->row_filled = 0;
    return end_line(w);
}

/* Begins a table cell: " | " after the row's previous cell. */
static jx_status begin_cell(html_walk *w)
{
    jx_status st = JX_OK;
    if (w->cell_depth++ > 0) {
        w->pending_space = 1;
        return JX_OK;
    }
    w->line.len = trimmed_end(w->line.data ? w->line.data : "", w->line.len);
    if (w->line.data)
        w->line.data[w->line.len] = '\0';
    if (w->row_cells++ > 0)
        st = Jx_buf_puts(&w->line, " | ");
    w->pending_space = 0;
    w->cell_start = w->line.len;
    return st;
}

/* Ends a table cell, noting whether it held text. */
static void end_cell(html_walk *w)
{
    if (--w->cell_depth > 0)
        return;
    w->row_filled += w->line.len > w->cell_start;
    w->pending_space = 0;
}

/* True when a line holds one of the publication-data labels. */
static int is_meta_line(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof meta_labels / sizeof *meta_labels; i++)
        if (memmem(s, n, meta_labels[i], strlen(meta_labels[i])))
            return 1;
    return 0;
}

static jx_status walk(const xmlNode *root, html_walk *w);

/* Walks a skipped header or footer on its own and keeps from it only the
 * lines with publication data (发布机构：..., 发布日期：...). */
static jx_status rescue_meta_lines(const xmlNode *node, html_walk *w)
{
    html_walk sub = {0};
    jx_status st = walk(node, &sub);
    if (!st)
        st = end_line(&sub);
    for (size_t i = 0; !st && i < sub.out.len;) {
        const char *s = sub.out.data + i;
        size_t n = strcspn(s, "\n");
        if (is_meta_line(s, n)) {
            st = Jx_buf_append(&w->out, s, n);
            if (!st)
                st = Jx_buf_putc(&w->out, '\n');
        }
        i += n + 1;
    }
    Jx_buf_clear(&sub.out);
    Jx_buf_clear(&sub.line);
    return st;
}

/* Handles entering node; *descend says whether to walk its children. */
static jx_status enter(const xmlNode *node, html_walk *w, int *descend)
{
    *descend = 0;
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        return node->content ? add_text(w, (const char *)node->content)
                             : JX_OK;
    if (node->type != XML_ELEMENT_NODE && node->type != XML_DOCUMENT_NODE &&
        node->type != XML_HTML_DOCUMENT_NODE)
        return JX_OK;
    *descend = 1;
    if (node->type != XML_ELEMENT_NODE)
        return JX_OK;
    switch (kind_of(node, w)) {
    case KIND_SKIP:
        *descend = 0;
        return line_break(w);
    case KIND_SOFT_SKIP: {
        *descend = 0;
        jx_status st = line_break(w);
        if (!st && w->cell_depth == 0)
            st = rescue_meta_lines(node, w);
        return st;
    }
    case KIND_CELL:
        return begin_cell(w);
    case KIND_ROW:
        return begin_row(w);
    case KIND_PRE:
        w->pre_depth++;
        return line_break(w);
    case KIND_BLOCK:
        return line_break(w);
    case KIND_INLINE:
        return JX_OK;
    }
    return JX_OK;
}

/* Handles leaving element node after its children. */
static jx_status leave(const xmlNode *node, html_walk *w)
{
    if (node->type != XML_ELEMENT_NODE)
        return JX_OK;
    switch (kind_of(node, w)) {
    case KIND_CELL:
        end_cell(w);
        return JX_OK;
    case KIND_ROW:
        return end_row(w);
    case KIND_PRE:
        w->pre_depth--;
        return line_break(w);
    case KIND_BLOCK:
        return line_break(w);
    default:
        return JX_OK;
    }
}

/* Walks the tree under root in document order without recursion (pages
 * can nest elements deeply), calling enter and leave on each node. */
static jx_status walk(const xmlNode *root, html_walk *w)
{
    const xmlNode *node = root;
    jx_status st = JX_OK;
    while (node && !st) {
        int descend;
        st = enter(node, w, &descend);
        if (!st && descend && node->children) {
            node = node->children;
            continue;
        }
        while (node && !st) {
            if (descend)
                st = leave(node, w);
            descend = 1; /* every ancestor climbed to was entered */
            if (node == root)
                node = NULL;
            else if (node->next) {
                node = node->next;
                break;
            } else
                node = node->parent;
        }
    }
    return st;
}

/* Walks the page into text: without page furniture, or with it when
 * leaving it out leaves nothing (a whole page marked "header", say). */
static jx_status page_text(const xmlDoc *doc, jx_buf *text)
{
    jx_status st = JX_OK;
    for (int soft = 1; soft >= 0 && !st; soft--) {
        html_walk w = {0};
        w.soft_skip = soft;
        st = walk((const xmlNode *)doc, &w);
        if (!st)
            st = end_line(&w);
        Jx_buf_clear(&w.line);
        if (!st && (w.out.len || !soft)) {
            *text = w.out;
            return JX_OK;
        }
        Jx_buf_clear(&w.out);
    }
    return st;
}

/* Finds the first element named name under node, in document order. */
static const xmlNode *find_element(const xmlNode *node, const char *name)
{
    const xmlNode *n = node->children;
    for (; n; n = next_in_subtree(n, node))
        if (n->type == XML_ELEMENT_NODE &&
            strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

/* Sets the title hint from <title>, whose text the walk itself skips. */
static void take_title(const xmlDoc *doc, jx_extracted *out)
{
    const xmlNode *title = find_element((const xmlNode *)doc, "title");
    if (!title || !title->children)
        return;
    /* A title element is not walked as content: walk its text alone. */
    html_walk w = {0};
    for (const xmlNode *c = title->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content &&
            add_text(&w, (const char *)c->content))
            break;
    if (!end_line(&w) && w.out.len) {
        w.out.data[--w.out.len] = '\0';
        out->hint_title = Jx_buf_detach(&w.out);
    }
    Jx_buf_clear(&w.out);
    Jx_buf_clear(&w.line);
}

/* Finds the value of the charset a meta tag (or an XML declaration)
 * near the start of the page declares; copies it into name. */
static int declared_charset(const char *data, size_t len, char *name,
                            size_t size)
{
    size_t n = len < CHARSET_SCAN_BYTES ? len : CHARSET_SCAN_BYTES;
    for (size_t i = 0; i + 5 < n; i++) {
        int meta = strncasecmp(data + i, "<meta", 5) == 0;
        int xml = i == 0 && strncmp(data, "<?xml", 5) == 0;
        if (!meta && !xml)
            continue;
        const char *end = memchr(data + i, '>', n - i);
        size_t tag = end ? (size_t)(end - data) : n;
        const char *key = xml ? "encoding" : "charset";
        size_t klen = strlen(key);
        for (size_t j = i + 5; j + klen < tag; j++) {
            if (strncasecmp(data + j, key, klen) != 0)
                continue;
            size_t k = j + klen;
            while (k < tag && (data[k] == ' ' || data[k] == '='))
                k++;
            while (k < tag && (data[k] == '"' || data[k] == '\''))
                k++;
            size_t m = 0;
            while (k < tag && m + 1 < size &&
                   (strchr("-_.:", data[k]) ||
                    (data[k] >= '0' && data[k] <= '9') ||
                    ((data[k] | 0x20) >= 'a' && (data[k] | 0x20) <= 'z')))
                name[m++] = data[k++];
            name[m] = '\0';
            if (m)
                return 1;
        }
        i = tag;
    }
    return 0;
}

/* Maps a declared charset name to our encodings: 0 when it is UTF-8 or
 * a GB charset (*enc set), -1 otherwise. */
static int charset_encoding(const char *name, jx_encoding *enc)
{
    static const char *const gb[] = {
        "gb2312", "gbk",    "gb18030",     "x-gbk",      "cp936",
        "ms936",  "euc-cn", "windows-936", "gb_2312-80", "csgb2312",
    };
    if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0) {
        *enc = JX_ENC_UTF8;
        return 0;
    }
    for (size_t i = 0; i < sizeof gb / sizeof *gb; i++)
        if (strcasecmp(name, gb[i]) == 0) {
            *enc = JX_ENC_GB18030;
            return 0;
        }
    return -1;
}

/* Converts data from the charset iconv calls name to UTF-8 appended to
 * out; each byte iconv cannot convert becomes U+FFFD, counted in
 * *replaced. JX_ERR_UNSUPPORTED when iconv has no such charset. */
static jx_status iconv_to_utf8(const char *name, const char *data, size_t len,
                               jx_buf *out, size_t *replaced)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return JX_ERR_UNSUPPORTED;
    char *in = (char *)data;
    size_t left = len;
    jx_status st = JX_OK;
    while (left > 0 && !st) {
        st = Jx_buf_reserve(out, left * 2 + 16);
        if (st)
            break;
        char *o = out->data + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = iconv(cd, &in, &left, &o, &room);
        int e = errno;
        out->len = (size_t)(o - out->data);
        if (r != (size_t)-1 || e == E2BIG)
            continue;
        if (e != EILSEQ && e != EINVAL) {
            st = JX_ERR_ENCODING;
            break;
        }
        st = Jx_buf_append(out, "\xEF\xBF\xBD", 3);
        in++;
        left--;
        (*replaced)++;
    }
    iconv_close(cd);
    if (out->data)
        out->data[out->len] = '\0';
    return st;
}

/* True when undecodable bytes are more than a stray few: then the page
 * is not in the charset it declares. */
static int too_many_replaced(size_t replaced, size_t len)
{
    return replaced >= 16 || (replaced > 0 && replaced * 1000 >= len);
}

/* Converts the page from the charset it declares to UTF-8 in utf8: ours
 * (UTF-8, the GB family) through Jx_to_utf8, others through iconv (then
 * *enc says UTF-8: see docs/formats.md). JX_ERR_UNSUPPORTED when iconv
 * does not know the charset. */
static jx_status decode_declared(const char *data, size_t len,
                                 const char *declared, jx_buf *utf8,
                                 jx_encoding *enc, size_t *replaced,
                                 jx_error *err)
{
    jx_status st;
    if (charset_encoding(declared, enc) == 0) {
        st = Jx_to_utf8(data, len, *enc, utf8, replaced, err);
    } else {
        *enc = JX_ENC_UTF8;
        st = iconv_to_utf8(declared, data, len, utf8, replaced);
        if (st == JX_ERR_UNSUPPORTED)
            return st;
        if (st)
            return Jx_error_set(err, st, "cannot convert from %s", declared);
    }
    if (!st && too_many_replaced(*replaced, len))
        return Jx_error_set(err, JX_ERR_FORMAT,
                            "%zu bytes are not valid in the charset %s "
                            "the page declares",
                            *replaced, declared);
    return st;
}

/* Converts the page to UTF-8 in utf8, by its BOM, else the charset it
 * declares (when iconv knows it), else detection. */
static jx_status decode_page(const char *data, size_t len, jx_buf *utf8,
                             jx_extracted *out, jx_error *err)
{
    char declared[40] = "";
    jx_encoding enc = Jx_detect_encoding(data, len);
    int has_bom = enc == JX_ENC_UTF8_BOM || enc == JX_ENC_UTF16LE ||
                  enc == JX_ENC_UTF16BE;
    if (!has_bom && memchr(data, '\0', len))
        return Jx_error_set(err, JX_ERR_FORMAT,
                            "binary data, not an HTML page");
    size_t replaced = 0;
    if (!has_bom && declared_charset(data, len, declared, sizeof declared)) {
        jx_status st =
            decode_declared(data, len, declared, utf8, &enc, &replaced, err);
        if (st != JX_ERR_UNSUPPORTED) {
            out->encoding = enc;
            out->replaced = replaced;
            return st;
        }
        Jx_buf_reset(utf8); /* an unknown name: detect instead */
    }
    if (enc == JX_ENC_BINARY)
        return Jx_error_set(err, JX_ERR_FORMAT,
                            "binary data, not an HTML page");
    jx_status st = Jx_to_utf8(data, len, enc, utf8, &replaced, err);
    out->encoding = enc;
    out->replaced = replaced;
    return st;
}

/* The tree of a page takes about 170 bytes a node: a page of more nodes
 * (elements, attributes, comments) than this is refused, so that a 64
 * MiB file of "<i></i>" cannot take gigabytes. Real pages have tens of
 * thousands; a long Word document saved as a web page, a few hundred
 * thousand. */
#define HTML_MAX_NODES 1000000

/* What the parser's callbacks count, and the callbacks they wrap. */
typedef struct node_count {
    startElementSAXFunc start_element;
    commentSAXFunc comment;
    size_t nodes;
    int over; /* past HTML_MAX_NODES: the parser was stopped */
} node_count;

/* Adds n nodes; stops the parser past the limit. */
static void count_nodes(htmlParserCtxtPtr ctxt, size_t n)
{
    node_count *c = ctxt->_private;
    c->nodes += n;
    if (c->nodes > HTML_MAX_NODES && !c->over) {
        c->over = 1;
        xmlStopParser(ctxt);
    }
}

/* Counts an element and its attributes, then builds it as libxml2 does. */
static void counted_start_element(void *ctx, const xmlChar *name,
                                  const xmlChar **atts)
{
    htmlParserCtxtPtr ctxt = ctx;
    node_count *c = ctxt->_private;
    size_t n = 1;
    for (size_t i = 0; atts && atts[i]; i += 2)
        n++;
    c->start_element(ctx, name, atts);
    count_nodes(ctxt, n);
}

/* Counts a comment, then builds it as libxml2 does. */
static void counted_comment(void *ctx, const xmlChar *value)
{
    node_count *c = ((htmlParserCtxtPtr)ctx)->_private;
    c->comment(ctx, value);
    count_nodes(ctx, 1);
}

/* Parses the page, already in UTF-8, leniently, silently and without
 * network access; its own charset declaration is ignored. Pages nest as
 * deep as they like (XML_PARSE_HUGE: without it libxml2 stops at 256
 * levels and drops the rest of the page, silently); their size is
 * bounded by HTML_MAX_NODES instead: *too_big is set past it. */
static htmlDocPtr parse_page(const char *utf8, size_t len, int *too_big)
{
    *too_big = 0;
    if (len > INT_MAX)
        return NULL;
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt || !ctxt->sax) {
        htmlFreeParserCtxt(ctxt);
        return NULL;
    }
    node_count count = {ctxt->sax->startElement, ctxt->sax->comment, 0, 0};
    ctxt->_private = &count;
    if (count.start_element)
        ctxt->sax->startElement = counted_start_element;
    if (count.comment)
        ctxt->sax->comment = counted_comment;
    htmlDocPtr doc = htmlCtxtReadMemory(
        ctxt, utf8, (int)len, NULL, "UTF-8",
        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
            HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
    htmlFreeParserCtxt(ctxt);
    if (count.over) {
        xmlFreeDoc(doc);
        *too_big = 1;
        return NULL;
    }
    return doc;
}

/* Decodes and parses the page, then takes its main text and title. */
jx_status Jx_extract_html(const char *data, size_t len, jx_extracted *out,
                          jx_error *err)
{
    jx_buf utf8 = {0}, text = {0};
    jx_status st = decode_page(data, len, &utf8, out, err);
    if (st) {
        Jx_buf_clear(&utf8);
        return st;
    }
    int too_big;
    htmlDocPtr doc =
        parse_page(utf8.data ? utf8.data : "", utf8.len, &too_big);
    Jx_buf_clear(&utf8);
    if (too_big)
        return Jx_error_set(err, JX_ERR_FORMAT,
                            "more than %d HTML elements, attributes and "
                            "comments",
                            HTML_MAX_NODES);
    if (!doc)
        return Jx_error_set(err, JX_ERR_FORMAT, "not a valid HTML page");
    st = page_text(doc, &text);
    if (!st) {
        take_title(doc, out);
        out->len = text.len;
        out->text = Jx_buf_detach(&text);
        if (!out->text)
            st = JX_ERR_NOMEM;
    }
    xmlFreeDoc(doc);
    Jx_buf_clear(&text);
    return st ? Jx_error_set(err, st, "out of memory") : JX_OK;
}
