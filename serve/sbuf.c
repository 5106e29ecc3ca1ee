/* sbuf.c: jixiao-serve's growable buffer, the escapes it writes
 * (JSON, CSV), UTF-8 checks, and the replies' helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

/* Makes room for n more bytes and the NUL; 0 or -1 (oom set). */
static int grow(sbuf *b, size_t n)
{
    if (b->oom)
        return -1;
    if (b->len + n + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) {
        if (cap > (size_t)-1 / 2) {
            b->oom = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void sb_put(sbuf *b, const char *s, size_t n)
{
    if (grow(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

void sb_putc(sbuf *b, char c)
{
    sb_put(b, &c, 1);
}

void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sb_free(sbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

char *sb_take(sbuf *b, size_t *len)
{
    char *p = b->data;
    *len = b->len;
    memset(b, 0, sizeof *b);
    return p;
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), 0
 * when it is malformed (overlong, surrogate, beyond U+10FFFF, cut). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
    if (!len || len > n || s[0] > 0xf4)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
        return 0;
    return len;
}

int utf8_ok(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        if (u[i] < 0x20 && u[i] != '\t')
            return 0;
        size_t n = utf8_seq(u + i, len - i);
        if (!n)
            return 0;
        i += n;
    }
    return 1;
}

size_t utf8_chars(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t chars = 0;
    for (size_t i = 0; i < len; chars++) {
        size_t n = utf8_seq(u + i, len - i);
        i += n ? n : 1;
    }
    return chars;
}

void sb_json(sbuf *b, const char *s)
{
    if (!s) {
        sb_puts(b, "null");
        return;
    }
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s);
    sb_putc(b, '"');
    for (size_t i = 0; i < len;) {
        unsigned char c = u[i];
        if (c == '"' || c == '\\') {
            sb_putc(b, '\\');
            sb_putc(b, (char)c);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            sb_printf(b, "\\u%04x", c);
            i++;
        } else if (c < 0x80) {
            sb_putc(b, (char)c);
            i++;
        } else {
            size_t n = utf8_seq(u + i, len - i);
            if (n)
                sb_put(b, s + i, n);
            else
                sb_puts(b, "\xef\xbf\xbd");
            i += n ? n : 1;
        }
    }
    sb_putc(b, '"');
}

void sb_csv(sbuf *b, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        sb_puts(b, s);
        return;
    }
    sb_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            sb_putc(b, '"');
        sb_putc(b, *s);
    }
    sb_putc(b, '"');
}

void srv_reply_clear(srv_reply *r)
{
    free(r->body);
    free(r->filename);
    memset(r, 0, sizeof *r);
}

void srv_reply_error(srv_reply *r, int status, const char *message)
{
    sbuf b = {0};
    srv_reply_clear(r);
    sb_printf(&b, "{\"type\":\"error\",\"status\":%d,\"message\":", status);
    sb_json(&b, message);
    sb_puts(&b, "}\n");
    r->status = status;
    r->type = "application/json; charset=utf-8";
    if (b.oom) {
        sb_free(&b);
        r->status = 503;
        return;
    }
    r->body = sb_take(&b, &r->len);
}
