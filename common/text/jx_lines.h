/* jx_lines.h: lines of a UTF-8 text as views into it, and the byte and
 * code point helpers the report model reads lines with (starts with,
 * ends with, find, count characters, last character). */
#ifndef JX_LINES_H
#define JX_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "jx_status.h"
#include "jx_text.h"

/* One line of a text, as a view into it (not NUL-terminated). */
typedef struct jx_line {
    const char *s;
    size_t len;
} jx_line;

/* Decodes the code point at s[*i] (*i < len) and moves *i past it. */
static inline uint32_t jx_next_cp(const char *s, size_t len, size_t *i)
{
    uint32_t cp;
    *i += Jx_utf8_decode(s + *i, len - *i, &cp);
    return cp;
}

/* Returns the last code point of s[0..len) (0 when len is 0) and sets
 * *start to where it begins. */
uint32_t Jx_last_cp(const char *s, size_t len, size_t *start);

/* Counts the code points of s[0..len). */
size_t Jx_char_count(const char *s, size_t len);

/* True when s[0..len) begins with the NUL-terminated lit. */
int Jx_starts_with(const char *s, size_t len, const char *lit);

/* True when s[0..len) ends with the NUL-terminated lit. */
int Jx_ends_with(const char *s, size_t len, const char *lit);

/* Finds lit in s[0..len); returns its offset or (size_t)-1. */
size_t Jx_find(const char *s, size_t len, const char *lit);

/* True for ASCII and full-width decimal digits. */
int Jx_is_digit(uint32_t cp);

/* Splits text on '\n' into *lines (allocated, caller frees); an empty
 * text gives no lines. */
jx_status Jx_lines_split(const char *text, size_t len, jx_line **lines,
                         size_t *n);

#endif
