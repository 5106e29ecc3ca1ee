/* jx_buf.h: a growable byte buffer, always NUL-terminated, used to build
 * strings of unknown length (decoded text, document data, JSON). */
#ifndef JX_BUF_H
#define JX_BUF_H

#include <stddef.h>

#include "jx_status.h"

/* A buffer owns data; len excludes the terminating NUL. Zero-initialise
 * (jx_buf b = {0};) before use; free with Jx_buf_clear. */
typedef struct jx_buf {
    char *data;
    size_t len;
    size_t cap;
} jx_buf;

/* Makes room for at least extra more bytes (plus the NUL). */
jx_status Jx_buf_reserve(jx_buf *b, size_t extra);
/* Appends len bytes of s. */
jx_status Jx_buf_append(jx_buf *b, const char *s, size_t len);
/* Appends a NUL-terminated string. */
jx_status Jx_buf_puts(jx_buf *b, const char *s);
/* Appends one byte. */
jx_status Jx_buf_putc(jx_buf *b, char c);
/* Appends printf-style formatted text. */
jx_status Jx_buf_printf(jx_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Empties the buffer, keeping its memory. */
void Jx_buf_reset(jx_buf *b);
/* Hands the data to the caller (who frees it) and empties the buffer;
 * returns an empty allocated string when nothing was appended, or NULL
 * when that allocation fails. */
char *Jx_buf_detach(jx_buf *b);
/* Frees the data and zeroes the buffer. */
void Jx_buf_clear(jx_buf *b);

#endif
