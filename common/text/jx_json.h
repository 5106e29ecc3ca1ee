/* jx_json.h: writing JSON strings into a buffer, for the programs' JSON
 * output (the library itself never prints). */
#ifndef JX_JSON_H
#define JX_JSON_H

#include <stddef.h>

#include "jx_buf.h"

/* Appends s (len bytes of UTF-8; invalid bytes become U+FFFD) as a JSON
 * string literal with quotes, escaping quotes, backslashes and control
 * characters. NULL appends null. */
jx_status Jx_json_string(jx_buf *out, const char *s, size_t len);

/* Same, for a NUL-terminated string (NULL appends null). */
jx_status Jx_json_cstring(jx_buf *out, const char *s);

/* Appends s for a one-line message: control characters and invalid
 * UTF-8 bytes become \xNN, so a query or a file name cannot break the
 * line or reach the terminal as escape sequences. */
jx_status Jx_escape_line(jx_buf *out, const char *s);

/* Number of UTF-8 characters in s[0..len): turns byte offsets into the
 * character offsets JSON output gives. */
size_t Jx_utf8_chars(const char *s, size_t len);

#endif
