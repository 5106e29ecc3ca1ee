/* jx_json.c: JSON string literals and character counts. */
#include "jx_json.h"

#include <string.h>

#include "jx_text.h"

jx_status Jx_json_string(jx_buf *out, const char *s, size_t len)
{
    if (!s)
        return Jx_buf_puts(out, "null");
    jx_status st = Jx_buf_putc(out, '"');
    size_t i = 0;
    while (!st && i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            st = Jx_buf_putc(out, '\\');
            if (!st)
                st = Jx_buf_putc(out, (char)c);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            st = Jx_buf_printf(out, "\\u%04x", c);
            i++;
        } else if (c < 0x80) {
            st = Jx_buf_putc(out, (char)c);
            i++;
        } else {
            uint32_t cp;
            size_t n = Jx_utf8_decode(s + i, len - i, &cp);
            char enc[4];
            size_t m = Jx_utf8_encode(cp, enc);
            st = Jx_buf_append(out, enc, m);
            i += n;
        }
    }
    return st ? st : Jx_buf_putc(out, '"');
}

jx_status Jx_json_cstring(jx_buf *out, const char *s)
{
    return Jx_json_string(out, s, s ? strlen(s) : 0);
}

jx_status Jx_escape_line(jx_buf *out, const char *s)
{
    size_t len = strlen(s);
    jx_status st = JX_OK;
    for (size_t i = 0; i < len && !st;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t n = Jx_utf8_decode(s + i, len - i, &cp);
        int bad = c < 0x20 || c == 0x7f ||
                  (cp == JX_REPLACEMENT_CHAR &&
                   strncmp(s + i, "\xef\xbf\xbd", 3) != 0);
        if (bad) {
            st = Jx_buf_printf(out, "\\x%02x", c);
            i++;
        } else {
            st = Jx_buf_append(out, s + i, n);
            i += n;
        }
    }
    return st;
}

size_t Jx_utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += Jx_utf8_decode(s + i, len - i, &cp);
        n++;
    }
    return n;
}
