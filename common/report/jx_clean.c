/* jx_clean.c: turns the raw text a converter produced into the clean text
 * of a report: conversion artefacts removed ([bookmark: ...] markers, lone
 * page numbers, form feeds, running headers and footers), spaces tidied,
 * lines broken in mid-sentence joined again, one paragraph per line. The
 * rules and their reasons are in docs/report-model.md. */
#include <stdlib.h>
#include <string.h>

#include "jx_clean.h"
#include "jx_line_shape.h"

/* A line repeated this many times or more is a running header. */
#define RUNNING_MIN_REPEATS 3
/* Only lines this long can be running headers: a title or a unit's
 * name, not a table cell such as 合计 or 是. */
#define RUNNING_MIN_CHARS 4
#define RUNNING_MAX_CHARS 40
/* A text is wrapped at a fixed width when WRAP_MIN_LINES lines, and a
 * quarter of all, are within one character of the same length, between
 * WRAP_MIN_CHARS and WRAP_MAX_CHARS; a line within WRAP_SLACK of that
 * width is full, so the sentence goes on in the next line. */
#define WRAP_MIN_LINES 5
#define WRAP_MIN_CHARS 16
#define WRAP_MAX_CHARS 120
#define WRAP_SLACK     3
/* Only lines this short can be page numbers. */
#define PAGE_NUMBER_MAX_CHARS 24

/* The first byte of a tidied line that was dropped (a page number, a
 * running header's repeat): tidying removes every control character, so
 * it never starts a kept line. Marking lines in place keeps no array of
 * lines: a text may have tens of millions of them. */
#define DROPPED '\x01'

/* A cursor over the tidied lines, each of which ends with '\n'. */
typedef struct line_cursor {
    const char *p, *end;
} line_cursor;

/* Moves to the next line: *s and *len receive it (without its '\n');
 * returns 0 at the end. */
static int next_line(line_cursor *c, const char **s, size_t *len)
{
    if (c->p >= c->end)
        return 0;
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    *s = c->p;
    *len = (size_t)(nl - c->p);
    c->p = nl + 1;
    return 1;
}

/* A cursor at the first tidied line of text. */
static line_cursor lines_of(const jx_buf *text)
{
    return (line_cursor){text->data, text->data + text->len};
}

/* True for a tidied line that was dropped. */
static int is_dropped(const char *s, size_t len)
{
    return len > 0 && s[0] == DROPPED;
}

/* Zero-width characters, the byte order mark and control characters
 * other than white space: dropped everywhere. */
static int is_invisible(uint32_t cp)
{
    return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF ||
           (cp < 0x20 && !Jx_is_space(cp)) || (cp >= 0x7F && cp <= 0x9F);
}

/* Returns the bytes from s[i] to the end of a "[bookmark: ...]" marker
 * starting there, or 0 when there is none. */
static size_t bookmark_len(const char *s, size_t len, size_t i)
{
    static const char open[] = "[bookmark:";
    if (s[i] != '[' || !Jx_starts_with(s + i, len - i, open))
        return 0;
    for (size_t j = i + sizeof open - 1; j < len && j - i < 200; j++)
        if (s[j] == ']')
            return j + 1 - i;
    return 0;
}

static int is_page_number(const char *s, size_t len);

/* Appends one raw line to text: markers and invisible characters
 * removed, invalid UTF-8 replaced with U+FFFD, runs of white space made
 * one ASCII space, ends trimmed; then '\n'. A line that is only a page
 * number is marked dropped. */
static jx_status add_tidy_line(jx_buf *text, const char *s, size_t len)
{
    size_t start = text->len;
    int pending_space = 0;
    jx_status st = JX_OK;
    for (size_t i = 0; i < len && st == JX_OK;) {
        size_t skip = bookmark_len(s, len, i);
        if (skip) {
            i += skip;
            continue;
        }
        size_t at = i;
        uint32_t cp = jx_next_cp(s, len, &i);
        if (is_invisible(cp))
            continue;
        if (Jx_is_space(cp)) {
            pending_space = text->len > start;
            continue;
        }
        if (pending_space)
            st = Jx_buf_putc(text, ' ');
        pending_space = 0;
        if (st != JX_OK)
            break;
        if (cp == JX_REPLACEMENT_CHAR && i - at == 1) /* an invalid byte */
            st = Jx_buf_append(text, "\xEF\xBF\xBD", 3);
        else
            st = Jx_buf_append(text, s + at, i - at);
    }
    if (st == JX_OK && is_page_number(text->data + start, text->len - start))
        text->data[start] = DROPPED;
    return st == JX_OK ? Jx_buf_putc(text, '\n') : st;
}

/* Splits on \n, \r\n, \r, form feed and vertical tab (a form feed is a
 * page break: it ends a line like a newline does). */
static jx_status split_raw(const char *text, size_t len, jx_buf *out)
{
    size_t start = 0;
    jx_status st = JX_OK;
    for (size_t i = 0; i <= len && st == JX_OK; i++) {
        if (i < len && text[i] != '\n' && text[i] != '\r' && text[i] != '\f' &&
            text[i] != '\v')
            continue;
        st = add_tidy_line(out, text + start, i - start);
        if (i + 1 < len && text[i] == '\r' && text[i + 1] == '\n')
            i++;
        start = i + 1;
    }
    return st;
}

/* True for the dashes page numbers are wrapped in: - ‐ ‒ – — ― －. */
static int is_dash(uint32_t cp)
{
    return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0xFF0D;
}

/* Writes the shape of a short line into out: each run of digits becomes
 * 'D', each run of dashes '-', spaces vanish, ASCII letters are lower
 * case, other characters stay. Returns 0 when the line is too long. */
static int line_shape(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    char last = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        uint32_t cp = jx_next_cp(s, len, &i);
        char mark = Jx_is_digit(cp) ? 'D' : is_dash(cp) ? '-' : 0;
        if (Jx_is_space(cp))
            continue;
        if (mark && mark == last)
            continue;
        size_t need = mark ? 1 : i - at;
        if (o + need + 1 > cap)
            return 0;
        if (mark)
            out[o] = mark;
        else if (cp >= 'A' && cp <= 'Z')
            out[o] = (char)(cp - 'A' + 'a');
        else
            memcpy(out + o, s + at, need);
        o += need;
        last = mark;
    }
    out[o] = '\0';
    return 1;
}

/* True for a line that is only a page number: 3, - 3 -, — 3 —, 第 3 页,
 * 第3页 共10页, 共10页 第3页, 3/10, Page 3, Page 3 of 10. */
static int is_page_number(const char *s, size_t len)
{
    static const char *const shapes[] = {
        "D",           "-D-",         "-D",
        "D-",          "第D页",       "第D页共D页",
        "第D页/共D页", "第D页,共D页", "第D页，共D页",
        "共D页第D页",  "共D页,第D页", "共D页，第D页",
        "D/D",         "D/共D页",     "pageD",
        "pageDofD",    "-第D页-",     "第D页/D",
    };
    char shape[96];
    if (len == 0 || Jx_char_count(s, len) > PAGE_NUMBER_MAX_CHARS ||
        !line_shape(s, len, shape, sizeof shape))
        return 0;
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
        if (strcmp(shape, shapes[i]) == 0)
            return 1;
    return 0;
}

/* A line that may be a running header or footer: 4 to 40 characters,
 * not numbered, not the end of a sentence. */
static int running_candidate(const char *s, size_t len)
{
    size_t chars = Jx_char_count(s, len);
    return chars >= RUNNING_MIN_CHARS && chars <= RUNNING_MAX_CHARS &&
           Jx_numbering(s, len, NULL) < 0 && !Jx_ends_sentence(s, len);
}

/* A line to sort when looking for repeats. */
typedef struct repeat_key {
    char *s;
    size_t len;
} repeat_key;

/* Orders by content, then by position, so repeats sit together in order. */
static int compare_keys(const void *a, const void *b)
{
    const repeat_key *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->s < y->s ? -1 : x->s > y->s;
}

/* Drops every repeat after the first of a line seen at least
 * RUNNING_MIN_REPEATS times: the title or unit name at each page top. */
static jx_status drop_running_headers(jx_buf *text)
{
    size_t n = 0, k = 0, len;
    const char *s;
    line_cursor c = lines_of(text);
    while (next_line(&c, &s, &len))
        n += len >= RUNNING_MIN_CHARS && !is_dropped(s, len);
    repeat_key *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return JX_ERR_NOMEM;
    c = lines_of(text);
    while (next_line(&c, &s, &len))
        if (len >= RUNNING_MIN_CHARS && !is_dropped(s, len) &&
            running_candidate(s, len))
            keys[k++] = (repeat_key){(char *)s, len};
    qsort(keys, k, sizeof *keys, compare_keys);
    for (size_t g = 0; g < k;) {
        size_t e = g + 1;
        while (e < k && keys[e].len == keys[g].len &&
               memcmp(keys[e].s, keys[g].s, keys[g].len) == 0)
            e++;
        if (e - g >= RUNNING_MIN_REPEATS)
            for (size_t j = g + 1; j < e; j++)
                keys[j].s[0] = DROPPED;
        g = e;
    }
    free(keys);
    return JX_OK;
}

/* True for ASCII and full-width letters and digits. */
static int is_latin_or_digit(uint32_t cp)
{
    cp = Jx_fold_char(cp);
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= '0' && cp <= '9');
}

/* True for a table row as the converters write it: cells between '|'. */
static int is_table_row(const char *s, size_t len)
{
    return memchr(s, '|', len) != NULL;
}

/* The width a text was wrapped at (a PDF's physical lines), or 0: the
 * most common length of its lines of WRAP_MIN_CHARS characters or more,
 * when at least a quarter of its lines (and WRAP_MIN_LINES) are within
 * one character of it. A Word or web text, one paragraph per line, has
 * no such width. */
static size_t wrap_width(const jx_buf *text)
{
    size_t count[WRAP_MAX_CHARS + 2] = {0}, lines = 0, mode = 0, len;
    const char *s;
    line_cursor c = lines_of(text);
    while (next_line(&c, &s, &len)) {
        if (len == 0 || is_dropped(s, len) || is_table_row(s, len))
            continue;
        size_t chars = Jx_char_count(s, len);
        lines++;
        if (chars < WRAP_MIN_CHARS || chars > WRAP_MAX_CHARS)
            continue;
        if (++count[chars] > count[mode])
            mode = chars;
    }
    if (mode == 0)
        return 0;
    size_t near = count[mode - 1] + count[mode] + count[mode + 1];
    return near >= WRAP_MIN_LINES && near * 4 >= lines ? mode : 0;
}

/* True when a line of chars characters fills a wrapped text's width
 * (allowing for a paragraph's first-line indent). */
static int fills_width(size_t chars, size_t wrap)
{
    return wrap > 0 && chars + WRAP_SLACK >= wrap;
}

/* True for an ASCII or full-width digit. */
static int is_digit(uint32_t cp)
{
    cp = Jx_fold_char(cp);
    return cp >= '0' && cp <= '9';
}

/* True when a line can start the rest of a broken sentence: it begins
 * with a Han character, a lower-case letter, a digit or an opening
 * quote, and is not numbered, a table row, a label line, or title-like
 * (unless it fills a wrapped text's width). */
static int continues_sentence(const char *s, size_t len, size_t wrap)
{
    size_t i = 0;
    uint32_t cp = Jx_fold_char(jx_next_cp(s, len, &i));
    int starts = Jx_is_han(cp) || (cp >= 'a' && cp <= 'z') ||
                 (cp >= '0' && cp <= '9') || cp == 0x201C || cp == 0x300A ||
                 cp == 0x300C;
    if (!starts || Jx_numbering(s, len, NULL) >= 0 || is_table_row(s, len) ||
        Jx_is_label_line(s, len))
        return 0;
    return !Jx_is_title_like(s, len) ||
           fills_width(Jx_char_count(s, len), wrap);
}

/* True when a paragraph is complete: it ends a sentence, is a table row
 * or a label line (组长：XX), or has no clause punctuation in up to
 * JX_TITLE_MAX_CHARS characters (a title, a heading, a name) -- unless
 * its last line fills a wrapped text's width, which a heading's does not.
 * para_chars, the paragraph's length in characters, spares scanning a
 * long paragraph again each time a line joins it. */
static int paragraph_ends(const char *s, size_t len, size_t para_chars,
                          size_t last_chars, int last_is_row, size_t wrap)
{
    if (Jx_ends_sentence(s, len) || last_is_row || Jx_is_label_line(s, len))
        return 1;
    if (fills_width(last_chars, wrap) || para_chars > JX_TITLE_MAX_CHARS)
        return 0;
    return Jx_is_title_shaped(s, len, JX_TITLE_MAX_CHARS);
}

/* Characters before the first sentence end of s (all of it if none),
 * counting no further than limit. */
static size_t first_sentence_chars(const char *s, size_t len, size_t limit)
{
    size_t i = 0, chars = 0;
    while (i < len && chars < limit) {
        size_t at = i;
        jx_next_cp(s, len, &i);
        if (Jx_ends_sentence(s, i) && i > at)
            return chars;
        chars++;
    }
    return chars;
}

/* True when a page break cut a title-shaped line in mid-word: two or
 * more blank lines (what a page break leaves), and the next line's first
 * sentence is a fragment of at most PAGE_CUT_FRAGMENT characters
 * ("绩" + page break + "效目标。"). A heading at the foot of a page is
 * followed by a whole sentence, not by such a fragment. */
#define PAGE_CUT_FRAGMENT 8
static int cut_by_page_break(size_t blanks, const char *next, size_t len)
{
    if (blanks < 2)
        return 0;
    size_t frag = first_sentence_chars(next, len, PAGE_CUT_FRAGMENT + 1);
    return frag > 0 && frag <= PAGE_CUT_FRAGMENT &&
           frag < Jx_char_count(next, len);
}

/* True when the paragraph para ends only by its shape (title-like, no
 * sentence end, not a table row or label line). */
static int ends_by_shape_only(const char *para, size_t plen, int last_is_row)
{
    return !Jx_ends_sentence(para, plen) && !last_is_row &&
           !Jx_is_label_line(para, plen);
}

/* Writes the kept lines to out, one paragraph per line: a line is joined
 * to the paragraph before it (across blank and dropped lines) when that
 * paragraph is unfinished and the line continues it. */
static jx_status join_lines(const jx_buf *text, jx_buf *out)
{
    size_t wrap = wrap_width(text);
    size_t para_start = out->len, para_chars = 0, last_chars = 0, blanks = 0;
    size_t len;
    const char *s;
    int have = 0, last_is_row = 0;
    jx_status st = JX_OK;
    line_cursor c = lines_of(text);
    while (st == JX_OK && next_line(&c, &s, &len)) {
        if (len == 0 || is_dropped(s, len)) {
            blanks += len == 0;
            continue;
        }
        const char *para = out->data + para_start;
        size_t plen = out->len - para_start;
        int open = have && (!paragraph_ends(para, plen, para_chars, last_chars,
                                            last_is_row, wrap) ||
                            (ends_by_shape_only(para, plen, last_is_row) &&
                             cut_by_page_break(blanks, s, len)));
        blanks = 0;
        last_chars = Jx_char_count(s, len);
        if (open && continues_sentence(s, len, wrap)) {
            size_t first = 0;
            uint32_t next = jx_next_cp(s, len, &first);
            uint32_t last = Jx_last_cp(para, plen, NULL);
            if (is_latin_or_digit(last) && is_latin_or_digit(next) &&
                !(is_digit(last) &&
                  is_digit(next))) { /* "2" + "015年": one number */
                st = Jx_buf_putc(out, ' ');
                para_chars++;
            }
            para_chars += last_chars;
        } else {
            if (have)
                st = Jx_buf_putc(out, '\n');
            para_start = out->len;
            para_chars = last_chars;
            have = 1;
        }
        if (st == JX_OK)
            st = Jx_buf_append(out, s, len);
        last_is_row = is_table_row(s, len);
    }
    return st;
}

/* Splits and tidies the lines (dropping page numbers), drops running
 * headers, then joins. Memory: the tidied lines (about the size of the
 * text), 16 bytes for each line that could be a running header, and the
 * output. */
jx_status Jx_clean_text(const char *utf8, size_t len, jx_buf *out)
{
    jx_buf tidy = {0};
    jx_status st = Jx_buf_reserve(&tidy, utf8 ? len : 0);
    if (st == JX_OK)
        st = split_raw(utf8 ? utf8 : "", utf8 ? len : 0, &tidy);
    if (st == JX_OK)
        st = drop_running_headers(&tidy);
    if (st == JX_OK) /* joins only shorten the text */
        st = Jx_buf_reserve(out, tidy.len);
    if (st == JX_OK)
        st = Jx_buf_append(out, "", 0);
    if (st == JX_OK)
        st = join_lines(&tidy, out);
    Jx_buf_clear(&tidy);
    return st;
}
