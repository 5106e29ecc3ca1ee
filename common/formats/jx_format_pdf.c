/* jx_format_pdf.c: reads the text of a PDF report with poppler-glib, page
 * by page. The positions and font sizes poppler gives for each character
 * join the physical lines of a wrapped paragraph back into one line (a
 * line that reaches the right edge of the text column goes on in the
 * next one, a short line ends its paragraph) and drop the browser's or
 * printer's small print in the page margins; running headers and
 * footers repeated on most pages and page-number lines are removed, and
 * the document information gives the title, author and date hints. */
#include <ctype.h>
#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "jx_formats_internal.h"

/* Where one line stands on its page, in points from the top left. */
typedef struct pdf_geom {
    double x0, x1;      /* left and right ends of its ink */
    double top, bottom; /* of its characters' boxes */
    double size;        /* largest font size in it */
    double first_w;     /* width of its first unbreakable piece: a number
                           or Latin word, or one character with the
                           punctuation that may not start a line */
} pdf_geom;

/* One page's text, its lines and the range of them that is kept. */
typedef struct pdf_page {
    char *text;     /* from poppler (g_free) */
    size_t *starts; /* byte offset of each line in text */
    size_t *ends;   /* byte offset just after each line (before '\n') */
    pdf_geom *geom; /* each line's place; NULL when poppler gave none */
    size_t n_lines;
    size_t first, last; /* lines first..last-1 are kept */
    double height;      /* of the page, in points */
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

/* Decodes the UTF-8 character at s[*i] (valid UTF-8, as poppler gives)
 * and moves *i past it. */
static unsigned next_char(const char *s, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    unsigned c = u[0];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n == 2)
        c = (c & 0x1F) << 6 | (u[1] & 0x3F);
    else if (n == 3)
        c = (c & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    else if (n == 4)
        c = (c & 0x07) << 18 | (u[1] & 0x3F) << 12 | (u[2] & 0x3F) << 6 |
            (u[3] & 0x3F);
    for (size_t k = 1; k < n; k++)
        if (!u[k]) /* cut short: stop at the NUL */
            n = k;
    *i += n;
    return c;
}

/* True for the characters of a number or Latin word, which a line
 * break never cuts. */
static int is_word_char(unsigned c)
{
    return c > ' ' && c < 0x7F && !strchr("([{<", (int)c);
}

/* True for punctuation that may not start a line (a renderer carries
 * the character before it to the next line with it). */
static int is_closing(unsigned c)
{
    static const unsigned closing[] = {
        0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F,
        0xFF09, 0x300D, 0x300F, 0x201D, 0x2019, 0x300B, 0x3009,
        0x3011, 0xFF05, 0x2026, 0x2014, 0x3015, 0xFF0E, ',',
        '.',    ';',    ':',    '!',    '?',    ')',    '%'};
    for (size_t k = 0; k < sizeof closing / sizeof *closing; k++)
        if (c == closing[k])
            return 1;
    return 0;
}

/* True for punctuation that may not end a line (opening brackets and
 * quotes go to the next line with the character after them). */
static int is_opening(unsigned c)
{
    return c == 0xFF08 || c == 0x300C || c == 0x300E || c == 0x201C ||
           c == 0x2018 || c == 0x300A || c == 0x3008 || c == 0x3010 ||
           c == 0x3014 || c == '(';
}

/* True for the blank characters of a line (no ink). */
static int is_blank_char(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == 0x3000 || c == 0xA0;
}

/* Fills pg->geom from the box of each character (rects, one for each
 * character of pg->text, as poppler_page_get_text_layout gives them) and
 * the font size of each (sizes). Lines with no ink get a zero box. */
static jx_status measure_lines(pdf_page *pg, const PopplerRectangle *rects,
                               const double *sizes, size_t n_chars)
{
    pg->geom = calloc(pg->n_lines ? pg->n_lines : 1, sizeof *pg->geom);
    if (!pg->geom)
        return JX_ERR_NOMEM;
    const char *s = pg->text;
    size_t i = 0, ci = 0;
    for (size_t k = 0; k < pg->n_lines; k++) {
        pdf_geom *g = &pg->geom[k];
        int inked = 0, in_unit = 0, word = 0, open = 0;
        size_t unit_end = 0;
        /* The line runs from i to its '\n' (or the end). */
        while (s[i] && s[i] != '\n' && ci < n_chars) {
            size_t at = i, here = ci++;
            unsigned c = next_char(s, &i);
            const PopplerRectangle *r = &rects[here];
            if (at < pg->starts[k] || at >= pg->ends[k])
                continue;
            if (is_blank_char(c)) {
                in_unit = 0;
                continue;
            }
            if (!inked) {
                g->x0 = r->x1;
                g->x1 = r->x2;
                g->top = r->y1;
                g->bottom = r->y2;
                inked = in_unit = 1;
                word = is_word_char(c);
                open = is_opening(c);
                unit_end = here;
            } else if (in_unit &&
                       (open || (word ? is_word_char(c) : is_closing(c)))) {
                word = word || is_word_char(c);
                open = is_opening(c);
                unit_end = here;
            } else {
                in_unit = 0;
            }
            g->x0 = fmin(g->x0, r->x1);
            g->x1 = fmax(g->x1, r->x2);
            g->top = fmin(g->top, r->y1);
            g->bottom = fmax(g->bottom, r->y2);
            g->size = fmax(g->size, sizes[here]);
        }
        if (inked)
            g->first_w = rects[unit_end].x2 - g->x0;
        if (s[i] == '\n') {
            i++;
            ci++;
        }
    }
    return JX_OK;
}

/* Reads the layout of one page into pg->geom; leaves it NULL (no joining,
 * no margin rules) when poppler gives no box for each character. */
static jx_status read_layout(PopplerPage *page, pdf_page *pg)
{
    PopplerRectangle *rects = NULL;
    guint n_rects = 0;
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    pg->height = h;
    if (!poppler_page_get_text_layout(page, &rects, &n_rects) || !n_rects) {
        g_free(rects);
        return JX_OK;
    }
    size_t n_chars = (size_t)g_utf8_strlen(pg->text, -1);
    if (n_chars != n_rects) {
        g_free(rects);
        return JX_OK;
    }
    double *sizes = calloc(n_chars, sizeof *sizes);
    if (!sizes) {
        g_free(rects);
        return JX_ERR_NOMEM;
    }
    GList *attrs = poppler_page_get_text_attributes(page);
    for (GList *l = attrs; l; l = l->next) {
        const PopplerTextAttributes *a = l->data;
        for (gint c = a->start_index < 0 ? 0 : a->start_index;
             c <= a->end_index && (size_t)c < n_chars; c++)
            sizes[c] = a->font_size;
    }
    poppler_page_free_text_attributes(attrs);
    jx_status st = measure_lines(pg, rects, sizes, n_chars);
    free(sizes);
    g_free(rects);
    return st;
}

/* The text column and type of the body, found from all the lines. */
typedef struct pdf_column {
    double size;  /* the body's font size (0: no layout known) */
    double left;  /* where its lines start (a first line may be indented) */
    double right; /* where its wrapped lines end (0: none wrap) */
    double pitch; /* distance from one line's top to the next's */
} pdf_column;

/* Sorts doubles, for qsort. */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* True when line k of pg is in the body's type: within 10% of size. */
static int is_body(const pdf_page *pg, size_t k, double size)
{
    const pdf_geom *g = &pg->geom[k];
    return g->x1 > g->x0 && fabs(g->size - size) <= 0.1 * size;
}

/* What collect() gathers from each line of the body. */
enum { WANT_SIZE, WANT_LEFT, WANT_RIGHT, WANT_PITCH };

/* Fills v with one value for each kept line (WANT_SIZE: its font size,
 * rounded to half a point, repeated once for each 16 bytes of it, so
 * that the size of most text wins) or for each body line (its left or
 * right end, or its distance to the next body line of its page); sorts
 * them and returns how many. v has room for cap values. */
static size_t collect(const pdf_page *pages, size_t n, double size, int want,
                      double *v, size_t cap)
{
    size_t m = 0;
    for (size_t p = 0; p < n; p++) {
        const pdf_page *pg = &pages[p];
        for (size_t k = pg->first; pg->geom && k < pg->last; k++) {
            const pdf_geom *g = &pg->geom[k];
            if (want == WANT_SIZE) {
                for (size_t r = 0;
                     g->size > 0 && r < line_len(pg, k) / 16 + 1 && m < cap;
                     r++)
                    v[m++] = round(g->size * 2) / 2;
            } else if (is_body(pg, k, size) && m < cap) {
                if (want == WANT_LEFT)
                    v[m++] = g->x0;
                else if (want == WANT_RIGHT)
                    v[m++] = g->x1;
                else if (k + 1 < pg->last && is_body(pg, k + 1, size) &&
                         pg->geom[k + 1].top > g->top)
                    v[m++] = pg->geom[k + 1].top - g->top;
            }
        }
    }
    qsort(v, m, sizeof *v, cmp_double);
    return m;
}

/* Finds the body's font size (the size of most characters), left edge
 * (the leftmost start shared by at least 3 body lines, else the
 * leftmost), right edge (the rightmost end reached, within a character,
 * by at least 3 and a tenth of the body lines: where wrapped lines end;
 * 0 when there is none, or when it is less than 20 characters from the
 * left edge: report text is set 28 to 40 characters wide) and line pitch (the
 * distance between the tops of consecutive body lines of a page). */
static jx_status find_column(const pdf_page *pages, size_t n, pdf_column *col)
{
    memset(col, 0, sizeof *col);
    size_t cap = 0;
    for (size_t p = 0; p < n; p++)
        for (size_t k = pages[p].first; pages[p].geom && k < pages[p].last;
             k++)
            cap += line_len(&pages[p], k) / 16 + 1;
    if (!cap)
        return JX_OK;
    double *v = malloc(cap * sizeof *v);
    if (!v)
        return JX_ERR_NOMEM;
    size_t m = collect(pages, n, 0, WANT_SIZE, v, cap), run = 0;
    for (size_t a = 0, b = 0; a < m; a = b) {
        for (b = a; b < m && v[b] == v[a]; b++)
            ;
        if (b - a > run) {
            run = b - a;
            col->size = v[a];
        }
    }
    double size = col->size;
    m = size > 0 ? collect(pages, n, size, WANT_LEFT, v, cap) : 0;
    size_t body = m;
    if (m)
        col->left = v[0];
    for (size_t a = 0, b = 0; a < m; a++) {
        while (b < m && v[b] - v[a] <= 0.25 * size)
            b++;
        if (b - a >= 3) {
            col->left = v[a];
            break;
        }
    }
    m = size > 0 ? collect(pages, n, size, WANT_RIGHT, v, cap) : 0;
    for (size_t a = m, b = m; a-- > 0;) {
        while (b > 0 && v[a] - v[b - 1] <= size)
            b--;
        if (v[a] - col->left < 20 * size)
            break; /* a column too narrow to be wrapped text */
        if (a + 1 - b >= 3 && (a + 1 - b) * 10 >= body) {
            col->right = v[a];
            break;
        }
    }
    /* The smallest distance that at least 3 pairs of lines share (within
     * 10%): lines of one paragraph, when paragraphs have space between. */
    m = size > 0 ? collect(pages, n, size, WANT_PITCH, v, cap) : 0;
    for (size_t a = 0, b = 0; a < m; a++) {
        while (b < m && v[b] <= 1.1 * v[a])
            b++;
        if (b - a >= 3 || b == m) {
            col->pitch = v[a];
            break;
        }
    }
    free(v);
    return JX_OK;
}

/* Drops, at the top and bottom of each page, lines in a smaller type than
 * the body that stand in the outer 7% of the page: what a browser or a
 * printer adds (date, file name, page number) and no author writes. */
static void drop_margin_lines(pdf_page *pages, size_t n, double size)
{
    for (size_t p = 0; p < n; p++) {
        pdf_page *pg = &pages[p];
        if (!pg->geom || pg->height <= 0)
            continue;
        while (pg->first < pg->last) {
            const pdf_geom *g = &pg->geom[pg->first];
            if (line_len(pg, pg->first) &&
                !(g->size < 0.9 * size && g->bottom < 0.07 * pg->height))
                break;
            pg->first++;
        }
        while (pg->last > pg->first) {
            const pdf_geom *g = &pg->geom[pg->last - 1];
            if (line_len(pg, pg->last - 1) &&
                !(g->size < 0.9 * size && g->top > 0.93 * pg->height))
                break;
            pg->last--;
        }
    }
}

/* True when the line s[0..n) starts like a numbered heading or list item:
 * 一、 （一） (1) 1. 1、 1． ① 第一. */
static int starts_numbered(const char *s, size_t n)
{
    static const char *const han[] = {"一", "二", "三", "四", "五", "六",
                                      "七", "八", "九", "十", "第"};
    size_t i = 0;
    /* Markers a converter left ("[bookmark: _Toc1]", which the report
     * cleaner removes) are skipped. */
    while (n > 10 && memcmp(s, "[bookmark:", 10) == 0) {
        const char *close = memchr(s, ']', n);
        if (!close)
            return 0;
        n -= (size_t)(close + 1 - s);
        s = close + 1;
    }
    if (n >= 3 && (memcmp(s, "\xEF\xBC\x88", 3) == 0 || s[0] == '('))
        return 1; /* （ or ( */
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x91 &&
        (unsigned char)s[2] >= 0xA0 && (unsigned char)s[2] <= 0xB3)
        return 1; /* ① to ⑳ */
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i > 0 && i < n)
        return s[i] == '.'
                   ? i + 1 < n && !(s[i + 1] >= '0' && s[i + 1] <= '9')
                   : n - i >= 3 && (memcmp(s + i, "\xE3\x80\x81", 3) == 0 ||
                                    memcmp(s + i, "\xEF\xBC\x8E", 3) == 0);
    for (size_t k = 0; k < sizeof han / sizeof *han; k++)
        if (n >= 6 && memcmp(s, han[k], 3) == 0)
            return k == 10 || memcmp(s + 3, "\xE3\x80\x81", 3) == 0 ||
                   (n >= 9 && memcmp(s + 6, "\xE3\x80\x81", 3) == 0);
    return 0;
}

/* True when the line s[0..n) ends a sentence (。！？；： or their ASCII
 * forms). */
static int ends_sentence(const char *s, size_t n)
{
    static const char *const ends[] = {"\xE3\x80\x82", "\xEF\xBC\x81",
                                       "\xEF\xBC\x9F", "\xEF\xBC\x9B",
                                       "\xEF\xBC\x9A"};
    if (n && strchr(".!?;:", s[n - 1]))
        return 1;
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++)
        if (n >= 3 && memcmp(s + n - 3, ends[k], 3) == 0)
            return 1;
    return 0;
}

/* True when line a (of page pa) goes on in line b (of page pb, the next
 * kept line): both in the body's type, a reaches the right edge of the
 * column (no room left there for b's first word), b starts at the left
 * edge (not indented), on the same page b follows at the body's pitch,
 * and b is not a numbered heading after a finished sentence. */
static int continues(const pdf_page *pa, size_t a, const pdf_page *pb,
                     size_t b, const pdf_column *col)
{
    if (!pa->geom || !pb->geom || col->right <= 0 ||
        !is_body(pa, a, col->size) || !is_body(pb, b, col->size))
        return 0;
    const pdf_geom *ga = &pa->geom[a], *gb = &pb->geom[b];
    double size = col->size;
    if (col->right - ga->x1 > gb->first_w + 0.3 * size)
        return 0; /* b's first word would have fit: a ended short */
    if (gb->x0 - col->left > 0.5 * size)
        return 0; /* b is indented: a new paragraph */
    if (pa == pb && col->pitch > 0 &&
        (gb->top - ga->top > 1.3 * col->pitch || gb->top <= ga->top))
        return 0; /* space between them, or not below */
    const char *sa = pa->text + pa->starts[a], *sb = pb->text + pb->starts[b];
    if (ends_sentence(sa, line_len(pa, a)) &&
        starts_numbered(sb, line_len(pb, b)))
        return 0;
    return 1;
}

/* True when joining a line ending in x to one starting with y needs a
 * space: two Latin letters or digits (words wrapped at a space). */
static int needs_space(char x, char y)
{
    return isalnum((unsigned char)x) && isalnum((unsigned char)y);
}

/* Removes the small print in the margins, then page numbers and running
 * headers and footers, a few rounds so that a two-line header or a
 * header above a page number goes too. */
static void remove_furniture(pdf_page *pages, size_t n, double size)
{
    if (size > 0)
        drop_margin_lines(pages, n, size);
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

/* Appends the kept lines of every page, one paragraph a line: a line
 * that continues() in the next is joined to it (with a space between two
 * Latin words), across a page break too; pages whose last paragraph ends
 * on them are separated by a blank line. */
static jx_status join_pages(const pdf_page *pages, size_t n,
                            const pdf_column *col, jx_buf *out)
{
    jx_status st = JX_OK;
    const pdf_page *prev = NULL; /* page of the line written last */
    size_t pk = 0;               /* and its index there */
    for (size_t p = 0; p < n && !st; p++) {
        const pdf_page *pg = &pages[p];
        for (size_t k = pg->first; k < pg->last && !st; k++) {
            const char *line = pg->text + pg->starts[k];
            size_t len = line_len(pg, k);
            if (!len)
                continue;
            if (prev && continues(prev, pk, pg, k, col)) {
                char x = prev->text[prev->ends[pk] - 1];
                if (needs_space(x, line[0]))
                    st = Jx_buf_putc(out, ' ');
            } else if (prev) {
                st = Jx_buf_putc(out, '\n');
                if (!st && prev != pg)
                    st = Jx_buf_putc(out, '\n');
            }
            if (!st)
                st = Jx_buf_append(out, line, len);
            prev = pg;
            pk = k;
        }
    }
    if (!st && out->len)
        st = Jx_buf_putc(out, '\n');
    return st;
}

/* Frees the pages and what they own. */
static void pages_free(pdf_page *pages, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        g_free(pages[p].text);
        free(pages[p].geom);
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
        return Jx_error_set(err, JX_ERR_FORMAT, "PDF has no pages");
    pdf_page *pages = calloc((size_t)n, sizeof *pages);
    if (!pages)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = JX_OK;
    size_t total = 0;
    for (int i = 0; i < n && !st; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        pages[i].text = page ? poppler_page_get_text(page) : NULL;
        if (!pages[i].text)
            pages[i].text = g_strdup("");
        total += strlen(pages[i].text);
        if (total > JX_MAX_TEXT_BYTES) {
            if (page)
                g_object_unref(page);
            pages_free(pages, (size_t)n);
            return Jx_error_set(err, JX_ERR_FORMAT, "more than %u MiB of text",
                                JX_MAX_TEXT_BYTES / (1024 * 1024));
        }
        st = split_lines(&pages[i]);
        if (!st && page)
            st = read_layout(page, &pages[i]);
        if (page)
            g_object_unref(page);
    }
    pdf_column col = {0};
    if (!st)
        st = find_column(pages, (size_t)n, &col);
    if (!st)
        remove_furniture(pages, (size_t)n, col.size);
    /* The column again without the furniture (its small type and short
     * lines would not move it much, but its lines count in the tenth). */
    if (!st)
        st = find_column(pages, (size_t)n, &col);
    jx_buf text = {0};
    if (!st)
        st = join_pages(pages, (size_t)n, &col, &text);
    pages_free(pages, (size_t)n);
    if (st) {
        Jx_buf_clear(&text);
        return Jx_error_set(err, st, "out of memory");
    }
    if (!text.len) {
        Jx_buf_clear(&text);
        return Jx_error_set(err, JX_ERR_FORMAT, "no text (image-only PDF?)");
    }
    out->len = text.len;
    out->text = Jx_buf_detach(&text);
    return out->text ? JX_OK
                     : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
}

/* Opens the PDF in memory with poppler and extracts its text and hints. */
jx_status Jx_extract_pdf(const char *data, size_t len, jx_extracted *out,
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
            st = Jx_error_set(err, JX_ERR_FORMAT, "encrypted PDF");
        else
            st = Jx_error_set(err, JX_ERR_FORMAT, "not a valid PDF (%s)",
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
