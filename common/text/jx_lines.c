/* jx_lines.c: lines of a UTF-8 text as views into it, and the byte and
 * code point helpers the report model reads lines with. */
#include <stdlib.h>
#include <string.h>

#include "jx_lines.h"

/* Steps back over UTF-8 continuation bytes to the last code point. */
uint32_t Jx_last_cp(const char *s, size_t len, size_t *start)
{
    uint32_t cp = 0;
    size_t i = len;
    while (i > 0 && len - i < 4) {
        i--;
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            break;
    }
    if (len > 0)
        Jx_utf8_decode(s + i, len - i, &cp);
    if (start)
        *start = i;
    return cp;
}

/* Counts code points the way Jx_utf8_decode steps over them. */
size_t Jx_char_count(const char *s, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; count++)
        jx_next_cp(s, len, &i);
    return count;
}

/* Byte comparison at the start. */
int Jx_starts_with(const char *s, size_t len, const char *lit)
{
    size_t l = strlen(lit);
    return l <= len && memcmp(s, lit, l) == 0;
}

/* Byte comparison at the end. */
int Jx_ends_with(const char *s, size_t len, const char *lit)
{
    size_t l = strlen(lit);
    return l <= len && memcmp(s + len - l, lit, l) == 0;
}

/* memmem: a line may be a whole flattened document. */
size_t Jx_find(const char *s, size_t len, const char *lit)
{
    const char *at = memmem(s, len, lit, strlen(lit));
    return at ? (size_t)(at - s) : (size_t)-1;
}

/* 0-9 and ０-９. */
int Jx_is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* Counts the lines first, then fills one array of views. */
jx_status Jx_lines_split(const char *text, size_t len, jx_line **lines,
                         size_t *n)
{
    *lines = NULL;
    *n = 0;
    if (len == 0)
        return JX_OK;
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += text[i] == '\n';
    jx_line *v = calloc(count, sizeof *v);
    if (!v)
        return JX_ERR_NOMEM;
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            v[k].s = text + start;
            v[k].len = i - start;
            k++;
            start = i + 1;
        }
    }
    *lines = v;
    *n = k;
    return JX_OK;
}
