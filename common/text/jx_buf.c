/* jx_buf.c: the growable byte buffer. */
#include "jx_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Grows the allocation geometrically so appends are amortised O(1). */
jx_status Jx_buf_reserve(jx_buf *b, size_t extra)
{
    if (extra > (size_t)-1 - b->len - 1)
        return JX_ERR_NOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return JX_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return JX_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return JX_OK;
}

/* Copies len bytes to the end and keeps the NUL terminator. */
jx_status Jx_buf_append(jx_buf *b, const char *s, size_t len)
{
    jx_status st = Jx_buf_reserve(b, len);
    if (st)
        return st;
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return JX_OK;
}

/* Appends a C string. */
jx_status Jx_buf_puts(jx_buf *b, const char *s)
{
    return Jx_buf_append(b, s, strlen(s));
}

/* Appends a single byte. */
jx_status Jx_buf_putc(jx_buf *b, char c)
{
    return Jx_buf_append(b, &c, 1);
}

/* Formats into the spare capacity, growing once if it did not fit. */
jx_status Jx_buf_printf(jx_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return JX_ERR_ARG;
    jx_status st = Jx_buf_reserve(b, (size_t)n);
    if (st)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return JX_OK;
}

/* Forgets the contents but keeps the allocation for reuse. */
void Jx_buf_reset(jx_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* Transfers ownership of the bytes to the caller. */
char *Jx_buf_detach(jx_buf *b)
{
    char *p = b->data;
    if (!p)
        p = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

/* Releases the allocation. */
void Jx_buf_clear(jx_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
