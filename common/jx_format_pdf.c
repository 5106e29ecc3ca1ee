/* jx_format_pdf.c: reads the text of a PDF report with poppler-glib, page
 * by page, pages separated by a blank line; running headers and footers
 * repeated on most pages and page-number lines are removed, and the
 * document information gives the title, author and date hints. */
#include <glib.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "jx_formats_internal.h"

/* One page's text and the range of its lines that is kept. */
typedef struct pdf_page {
    char *text;     /* from poppler (g_free) */
    size_t *starts; /* byte offset of each line in text */
    size_t *ends;   /* byte offset just after each line (before '\n') */
    size_t n_lines;
    size_t first, last; /* lines first..last-1 are kept */
} pdf_page;

/* Does nothing: poppler's complaints about damaged files are summed up
 * by the error poppler_document_new_from_bytes returns. */
static void ignore_log(const gchar *domain, GLogLevelFlags level,
                       const gchar *message, gpointer data)
{
}

/* Installs (once per process) a glib log handler that silences the
 * "Poppler" domain. This is the one piece of process-wide state in the
 * library: glib's log handlers are global by design, and without it
 * poppler prints its parser's diagnostics for a damaged PDF to stderr
 * (when G_MESSAGES_DEBUG is set), where only the program may write. */
static void quiet_poppler(void)
{
    static gsize installed = 0;
    if (g_once_init_enter(&installed)) {
        g_log_set_handler("Poppler",
                          G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
                              G_LOG_FLAG_RECURSION,
                          ignore_log, NULL);
        g_once_init_leave(&installed, 1);
    }
}

/* True for the bytes trimmed from the ends of a line. */
static int is_blank_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Narrows [*a, *b) of s to exclude blanks and U+3000 at either end. */
static void trim(const char *s, size_t *a, size_t *b)
{
    for (;;) {
        if (*a < *b && is_blank_byte(s[*a]))
            (*a)++;
        else if (*b - *a >= 3 && memcmp(s + *a, "\xE3\x80\x80", 3) == 0)
            *a += 3;
        else
            break;
    }
    for (;;) {
        if (*b > *a && is_blank_byte(s[*b - 1]))
            (*b)--;
        else if (*b - *a >= 3 && memcmp(s + *b - 3, "\xE3\x80\x80", 3) == 0)
            *b -= 3;
        else
            break;
    }
}

/* Skips the dashes that frame page numbers ("- 3 -", "— 3 —") and
 * spaces at s[*i], returning how many bytes were skipped. */
static size_t skip_dashes(const char *s, size_t n, size_t *i)
{
    size_t start = *i;
    for (;;) {
        if (*i < n && (s[*i] == '-' || s[*i] == ' ' || s[*i] == '\t'))
            (*i)++;
        else if (n - *i >= 3 && (memcmp(s + *i, "\xE2\x80\x94", 3) == 0 ||
                                 memcmp(s + *i, "\xE2\x80\x93", 3) == 0 ||
                                 memcmp(s + *i, "\xE2\x88\x92", 3) == 0 ||
                                 memcmp(s + *i, "\xE3\x80\x80", 3) == 0))
            *i += 3;
        else
            break;
    }
    return *i - start;
}

/* Skips a run of 1 to 3 ASCII digits at s[*i] (a page number, never a
 * year); returns how many, 0 when there is no such run. */
static size_t skip_digits(const char *s, size_t n, size_t *i)
{
    size_t start = *i;
    while (*i < n && *i - start < 4 && s[*i] >= '0' && s[*i] <= '9')
        (*i)++;
    return *i - start <= 3 ? *i - start : 0;
}

/* Skips a literal (after optional spaces) at s[*i]; true if it was there. */
static int skip_literal(const char *s, size_t n, size_t *i, const char *lit)
{
    size_t j = *i, len = strlen(lit);
    while (j < n && s[j] == ' ')
        j++;
    if (n - j < len || memcmp(s + j, lit, len) != 0)
        return 0;
    *i = j + len;
    while (*i < n && s[*i] == ' ')
        (*i)++;
    return 1;
}

/* True when the trimmed line s[0..n) is just a page number: "3", "- 3 -",
 * "— 3 —", "3 / 12", "第 3 页" or "第3页 共12页". */
static int is_page_number(const char *s, size_t n)
{
    size_t i = 0;
    if (skip_literal(s, n, &i, "\xE7\xAC\xAC")) { /* 第 */
        if (!skip_digits(s, n, &i) ||
            !skip_literal(s, n, &i, "\xE9\xA1\xB5")) /* 页 */
            return 0;
        if (i < n) {
            if (!skip_literal(s, n, &i, ","))
                skip_literal(s, n, &i, "\xEF\xBC\x8C");    /* ， */
            if (!skip_literal(s, n, &i, "\xE5\x85\xB1") || /* 共 */
                !skip_digits(s, n, &i) ||
                !skip_literal(s, n, &i, "\xE9\xA1\xB5"))
                return 0;
        }
        return i == n;
    }
    skip_dashes(s, n, &i);
    if (!skip_digits(s, n, &i))
        return 0;
    if (skip_literal(s, n, &i, "/") && !skip_digits(s, n, &i))
        return 0;
    skip_dashes(s, n, &i);
    return i == n;
}

/* Splits a page's text into lines, trimmed, all kept. */
static jx_status split_lines(pdf_page *pg)
{
    const char *s = pg->text;
    size_t len = strlen(s), count = 1;
    for (size_t i = 0; i < len; i++)
        count += s[i] == '\n';
    pg->starts = malloc(count * sizeof *pg->starts);
    pg->ends = malloc(count * sizeof *pg->ends);
    if (!pg->starts || !pg->ends)
        return JX_ERR_NOMEM;
    size_t i = 0, k = 0;
    while (k < count) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t a = i, b = nl ? (size_t)(nl - s) : len;
        i = b + 1;
        trim(s, &a, &b);
        pg->starts[k] = a;
        pg->ends[k++] = b;
    }
    pg->n_lines = count;
    pg->first = 0;
    pg->last = count;
    return JX_OK;
}

/* The length of line k of pg (0 for a blank line). */
static size_t line_len(const pdf_page *pg, size_t k)
{
    return pg->ends[k] - pg->starts[k];
}

/* Drops blank lines at the top and bottom of the kept range of pg. */
static void drop_blank_edges(pdf_page *pg)
{
    while (pg->first < pg->last && !line_len(pg, pg->first))
        pg->first++;
    while (pg->last > pg->first && !line_len(pg, pg->last - 1))
        pg->last--;
}

/* Drops page-number lines at the top and bottom of every page; true when
 * one was dropped. */
static int drop_page_numbers(pdf_page *pages, size_t n)
{
    int dropped = 0;
    for (size_t p = 0; p < n; p++) {
        pdf_page *pg = &pages[p];
        drop_blank_edges(pg);
        if (pg->last > pg->first &&
            is_page_number(pg->text + pg->starts[pg->last - 1],
                           line_len(pg, pg->last - 1))) {
            pg->last--;
            dropped = 1;
        }
        if (pg->last > pg->first &&
            is_page_number(pg->text + pg->starts[pg->first],
                           line_len(pg, pg->first))) {
            pg->first++;
            dropped = 1;
        }
        drop_blank_edges(pg);
    }
    return dropped;
}

/* True when lines x and y are the same but for their digits, so that
 * "报告 第3页" and "报告 第4页" count as one running header. */
static int same_but_digits(const char *x, size_t xn, const char *y, size_t yn)
{
    if (xn != yn)
        return 0;
    for (size_t i = 0; i < xn; i++) {
        int dx = x[i] >= '0' && x[i] <= '9', dy = y[i] >= '0' && y[i] <= '9';
        if (dx != dy || (!dx && x[i] != y[i]))
            return 0;
    }
    return 1;
}

/* The index of the edge line of page p: its first kept line (top) or
 * its last (bottom); (size_t)-1 when the page has none. */
static size_t edge_line(const pdf_page *pg, int top)
{
    if (pg->first >= pg->last)
        return (size_t)-1;
    return top ? pg->first : pg->last - 1;
}

/* Drops the top (or bottom) line of the pages where it is a line that
 * stands at that edge of more than half the pages (and of at least two);
 * true when something was dropped. */
static int drop_running_lines(pdf_page *pages, size_t n, int top)
{
    int dropped = 0;
    for (size_t p = 0; p < n; p++) {
        size_t k = edge_line(&pages[p], top);
        if (k == (size_t)-1)
            continue;
        const char *s = pages[p].text + pages[p].starts[k];
        size_t len = line_len(&pages[p], k), same = 0;
        for (size_t q = 0; q < n && same * 2 <= n; q++) {
            size_t j = edge_line(&pages[q], top);
            same += j != (size_t)-1 &&
                    same_but_digits(s, len, pages[q].text + pages[q].starts[j],
                                    line_len(&pages[q], j));
        }
        if (same >= 2 && same * 2 > n) {
            for (size_t q = 0; q < n; q++) {
                pdf_page *pg = &pages[q];
                size_t j = edge_line(pg, top);
                if (j != (size_t)-1 &&
                    same_but_digits(s, len, pg->text + pg->starts[j],
                                    line_len(pg, j))) {
                    if (top)
                        pg->first++;
                    else
                        pg->last--;
                }
            }
            dropped = 1;
        }
    }
    return dropped;
}

/* Removes page numbers and running headers and footers, a few rounds so
 * that a two-line header or a header above a page number goes too. */
static void remove_furniture(pdf_page *pages, size_t n)
{
    for (int round = 0; round < 3; round++) {
        int dropped = drop_page_numbers(pages, n);
        dropped |= drop_running_lines(pages, n, 1);
        dropped |= drop_running_lines(pages, n, 0);
        for (size_t p = 0; p < n; p++)
            drop_blank_edges(&pages[p]);
        if (!dropped)
            break;
    }
}

/* Appends the kept lines of every page, pages separated by a blank line. */
static jx_status join_pages(const pdf_page *pages, size_t n, jx_buf *out)
{
    jx_status st = JX_OK;
    for (size_t p = 0; p < n && !st; p++) {
        const pdf_page *pg = &pages[p];
        if (pg->first >= pg->last)
            continue;
        if (out->len)
            st = jx_buf_putc(out, '\n');
        for (size_t k = pg->first; k < pg->last && !st; k++) {
            st = jx_buf_append(out, pg->text + pg->starts[k], line_len(pg, k));
            if (!st)
                st = jx_buf_putc(out, '\n');
        }
    }
    return st;
}

/* Frees the pages and what they own. */
static void pages_free(pdf_page *pages, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        g_free(pages[p].text);
        free(pages[p].starts);
        free(pages[p].ends);
    }
    free(pages);
}

/* Returns a malloc'd copy of a glib string (then g_free'd), or NULL when
 * it is NULL or blank. */
static char *take_gstring(gchar *s)
{
    char *copy = NULL;
    if (s) {
        size_t a = 0, b = strlen(s);
        trim(s, &a, &b);
        copy = b > a ? strndup(s + a, b - a) : NULL;
    }
    g_free(s);
    return copy;
}

/* Fills the title, author and creation-date hints from the PDF's
 * document information. */
static void take_hints(PopplerDocument *doc, jx_extracted *out)
{
    out->hint_title = take_gstring(poppler_document_get_title(doc));
    out->hint_author = take_gstring(poppler_document_get_author(doc));
    GDateTime *created = poppler_document_get_creation_date_time(doc);
    if (created) {
        out->hint_date = take_gstring(g_date_time_format_iso8601(created));
        g_date_time_unref(created);
    }
}

/* Reads every page's text, cleans and joins it into out; more than
 * JX_MAX_TEXT_BYTES of it is refused as soon as it is read. */
static jx_status extract_pages(PopplerDocument *doc, jx_extracted *out,
                               jx_error *err)
{
    int n = poppler_document_get_n_pages(doc);
    if (n <= 0)
        return jx_error_set(err, JX_ERR_FORMAT, "PDF has no pages");
    pdf_page *pages = calloc((size_t)n, sizeof *pages);
    if (!pages)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = JX_OK;
    size_t total = 0;
    for (int i = 0; i < n && !st; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        pages[i].text = page ? poppler_page_get_text(page) : NULL;
        if (page)
            g_object_unref(page);
        if (!pages[i].text)
            pages[i].text = g_strdup("");
        total += strlen(pages[i].text);
        if (total > JX_MAX_TEXT_BYTES) {
            pages_free(pages, (size_t)n);
            return jx_error_set(err, JX_ERR_FORMAT, "more than %u MiB of text",
                                JX_MAX_TEXT_BYTES / (1024 * 1024));
        }
        st = split_lines(&pages[i]);
    }
    remove_furniture(pages, (size_t)n);
    jx_buf text = {0};
    if (!st)
        st = join_pages(pages, (size_t)n, &text);
    pages_free(pages, (size_t)n);
    if (st) {
        jx_buf_free(&text);
        return jx_error_set(err, st, "out of memory");
    }
    if (!text.len) {
        jx_buf_free(&text);
        return jx_error_set(err, JX_ERR_FORMAT, "no text (image-only PDF?)");
    }
    out->len = text.len;
    out->text = jx_buf_detach(&text);
    return out->text ? JX_OK
                     : jx_error_set(err, JX_ERR_NOMEM, "out of memory");
}

/* Opens the PDF in memory with poppler and extracts its text and hints. */
jx_status jx_extract_pdf(const char *data, size_t len, jx_extracted *out,
                         jx_error *err)
{
    quiet_poppler();
    /* data outlives the document, which is unreferenced before return. */
    GBytes *bytes = g_bytes_new_static(data, len);
    GError *gerr = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes);
    if (!doc) {
        jx_status st;
        if (gerr && gerr->domain == POPPLER_ERROR &&
            gerr->code == POPPLER_ERROR_ENCRYPTED)
            st = jx_error_set(err, JX_ERR_FORMAT, "encrypted PDF");
        else
            st = jx_error_set(err, JX_ERR_FORMAT, "not a valid PDF (%s)",
                              gerr ? gerr->message : "unknown error");
        if (gerr)
            g_error_free(gerr);
        return st;
    }
    jx_status st = extract_pages(doc, out, err);
    if (!st)
        take_hints(doc, out);
    g_object_unref(doc);
    return st;
}
