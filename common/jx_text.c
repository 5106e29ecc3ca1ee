/* jx_text.c: UTF-8 decoding and encoding, encoding detection and
 * conversion to UTF-8 (through iconv), character classes and folding, and
 * the search form that both documents and queries are reduced to. */
#include "jx_text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* The UTF-8 bytes of U+FFFD. */
static const char replacement_utf8[3] = {'\xEF', '\xBF', '\xBD'};

/* True when b is a UTF-8 continuation byte (10xxxxxx). */
static int is_cont(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

/* Decodes one code point; invalid, overlong, surrogate, out-of-range and
 * truncated sequences give U+FFFD and consume a single byte. Inline for
 * the loops of this file. */
static inline size_t decode_utf8(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    *cp = JX_REPLACEMENT_CHAR;
    if (len == 0)
        return 1;
    unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2, v = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3, v = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4, v = c & 0x07u, min = 0x10000;
    } else {
        return 1;
    }
    if (len < need)
        return 1;
    for (size_t i = 1; i < need; i++) {
        if (!is_cont(p[i]))
            return 1;
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 1;
    *cp = v;
    return need;
}

/* Decodes one code point as decode_utf8 does. */
size_t jx_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    return decode_utf8(s, len, cp);
}

/* Encodes cp as UTF-8, substituting U+FFFD for what cannot be encoded. */
size_t jx_utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = JX_REPLACEMENT_CHAR;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Appends in to out, copying valid stretches whole and writing U+FFFD for
 * each byte that does not start a valid sequence. */
jx_status jx_utf8_sanitize(const char *in, size_t len, jx_buf *out,
                           size_t *replaced)
{
    size_t start_len = out->len, count = 0, run = 0, i = 0;
    jx_status st = jx_buf_reserve(out, len);
    while (!st && i < len) {
        if ((unsigned char)in[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = decode_utf8(in + i, len - i, &cp);
        if (n > 1) {
            i += n;
            continue;
        }
        /* A byte of 0x80 or more decoded alone is always invalid. */
        st = jx_buf_append(out, in + run, i - run);
        if (!st)
            st = jx_buf_append(out, replacement_utf8, 3);
        count++;
        run = ++i;
    }
    if (!st)
        st = jx_buf_append(out, in + run, len - run);
    if (st) {
        out->len = start_len;
        if (out->data)
            out->data[start_len] = '\0';
        return st;
    }
    if (replaced)
        *replaced = count;
    return JX_OK;
}

/* What one pass over the data found, for jx_detect_encoding. */
typedef struct byte_census {
    size_t nul;      /* NUL bytes */
    size_t control;  /* control bytes that plain text does not contain */
    size_t utf8_ok;  /* valid UTF-8 multibyte sequences */
    size_t utf8_bad; /* bytes that start no valid UTF-8 sequence */
} byte_census;

/* True for C0 controls other than the white space (and DOS end-of-file
 * and escape bytes) that text files do contain, and for DEL. */
static int is_binary_control(unsigned char c)
{
    if (c == 0x7F)
        return 1;
    if (c >= 0x20)
        return 0;
    switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0x1A:
    case 0x1B:
        return 0;
    default:
        return 1;
    }
}

/* True when p[0..len) is the start of a UTF-8 sequence cut short by the
 * end of the data: a lead byte and fewer continuation bytes than it
 * needs (a file truncated in the middle of its last character). */
static int utf8_cut_tail(const unsigned char *p, size_t len)
{
    size_t need = p[0] >= 0xC2 && p[0] <= 0xDF   ? 2
                  : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
                  : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4
                                                 : 0;
    if (len >= need)
        return 0;
    for (size_t i = 1; i < len; i++)
        if (!is_cont(p[i]))
            return 0;
    return 1;
}

/* Counts NULs, stray controls and valid and invalid UTF-8 over all data;
 * a last character cut short by the end of the data counts as neither. */
static byte_census take_census(const unsigned char *p, size_t len)
{
    byte_census c = {0, 0, 0, 0};
    size_t i = 0;
    while (i < len) {
        unsigned char b = p[i];
        if (b >= 0x20 && b < 0x7F) {
            i++;
        } else if (b < 0x80) {
            c.nul += b == 0;
            c.control += is_binary_control(b);
            i++;
        } else {
            uint32_t cp;
            size_t n = decode_utf8((const char *)p + i, len - i, &cp);
            if (n > 1)
                c.utf8_ok++;
            else if (utf8_cut_tail(p + i, len - i))
                break;
            else
                c.utf8_bad++;
            i += n;
        }
    }
    return c;
}

/* Counts, over all data, the GB18030 two- and four-byte characters that
 * are well formed (*ok) and the bytes that start none (*bad); a last
 * character cut short by the end of the data counts as neither. */
static void check_gb18030(const unsigned char *p, size_t len, size_t *ok,
                          size_t *bad)
{
    size_t i = 0;
    *ok = *bad = 0;
    while (i < len) {
        unsigned char b = p[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        if (b != 0x80 && b != 0xFF) {
            if (i + 1 == len)
                return; /* a lead byte cut from its trail byte */
            unsigned char t = p[i + 1];
            if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) {
                (*ok)++;
                i += 2;
                continue;
            }
            if (t >= 0x30 && t <= 0x39 && i + 3 >= len &&
                (i + 2 == len || (p[i + 2] >= 0x81 && p[i + 2] <= 0xFE)))
                return; /* a four-byte character cut short */
            if (t >= 0x30 && t <= 0x39 && i + 3 < len && p[i + 2] >= 0x81 &&
                p[i + 2] <= 0xFE && p[i + 3] >= 0x30 && p[i + 3] <= 0x39) {
                (*ok)++;
                i += 4;
                continue;
            }
        }
        (*bad)++;
        i++;
    }
}

/* Decides by BOM, then NULs and controls, then UTF-8, then GB18030.
 * UTF-8 is a strong signal (GB18030 bytes form valid UTF-8 sequences for
 * about one character in seven), GB18030 a weak one (UTF-8 Han text
 * mostly parses as GB18030 too), so UTF-8 is tried first and needs only
 * four valid sequences for each invalid byte; GB18030 then needs 95%
 * valid characters, so that a short text with one bad byte is still
 * read. A last character cut short counts against neither. */
jx_encoding jx_detect_encoding(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        return JX_ENC_UTF8_BOM;
    if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        return JX_ENC_UTF16LE;
    if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        return JX_ENC_UTF16BE;
    byte_census c = take_census(p, len);
    if (c.nul > 0 || c.control > len / 20)
        return JX_ENC_BINARY;
    if (c.utf8_bad == 0 || c.utf8_ok >= 4 * c.utf8_bad)
        return JX_ENC_UTF8;
    size_t gb_ok, gb_bad;
    check_gb18030(p, len, &gb_ok, &gb_bad);
    if (gb_ok > 0 && gb_ok >= 19 * gb_bad)
        return JX_ENC_GB18030;
    return JX_ENC_UTF8;
}

/* Names each encoding as iconv and people know it. */
const char *jx_encoding_name(jx_encoding enc)
{
    switch (enc) {
    case JX_ENC_UTF8:
        return "UTF-8";
    case JX_ENC_UTF8_BOM:
        return "UTF-8 with BOM";
    case JX_ENC_UTF16LE:
        return "UTF-16LE";
    case JX_ENC_UTF16BE:
        return "UTF-16BE";
    case JX_ENC_GB18030:
        return "GB18030";
    case JX_ENC_BINARY:
        return "binary";
    }
    return "unknown";
}

/* Appends the UTF-8 conversion of data from the iconv encoding from,
 * replacing each undecodable unit of unit bytes with U+FFFD. */
static jx_status iconv_append(const char *data, size_t len, const char *from,
                              size_t unit, jx_buf *out, size_t *count,
                              jx_error *err)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return jx_error_set(err, JX_ERR_UNSUPPORTED,
                            "cannot convert from %s: iconv has no converter",
                            from);
    char *in = (char *)data;
    size_t in_left = len;
    jx_status st = JX_OK;
    while (in_left > 0) {
        /* Most text grows by at most half when converted to UTF-8. */
        st = jx_buf_reserve(out, in_left + in_left / 2 + 16);
        if (st)
            break;
        char *o = out->data + out->len;
        size_t o_left = out->cap - out->len - 1;
        size_t r = iconv(cd, &in, &in_left, &o, &o_left);
        int e = errno;
        out->len = (size_t)(o - out->data);
        if (r != (size_t)-1 || e == E2BIG)
            continue;
        if (e != EILSEQ && e != EINVAL) {
            st = jx_error_set(err, JX_ERR_ENCODING, "converting from %s: %s",
                              from, strerror(e));
            break;
        }
        st = jx_buf_append(out, replacement_utf8, 3);
        if (st)
            break;
        size_t skip = unit < in_left ? unit : in_left;
        in += skip;
        in_left -= skip;
        (*count)++;
    }
    iconv_close(cd);
    if (out->data)
        out->data[out->len] = '\0';
    return st;
}

/* Strips the BOM of enc (when present) and converts what follows. */
jx_status jx_to_utf8(const char *data, size_t len, jx_encoding enc,
                     jx_buf *out, size_t *replaced, jx_error *err)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t start_len = out->len, count = 0;
    jx_status st;
    switch (enc) {
    case JX_ENC_UTF8:
    case JX_ENC_UTF8_BOM:
        if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
            data += 3, len -= 3;
        st = jx_utf8_sanitize(data, len, out, &count);
        break;
    case JX_ENC_UTF16LE:
        if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
            data += 2, len -= 2;
        st = iconv_append(data, len, "UTF-16LE", 2, out, &count, err);
        break;
    case JX_ENC_UTF16BE:
        if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
            data += 2, len -= 2;
        st = iconv_append(data, len, "UTF-16BE", 2, out, &count, err);
        break;
    case JX_ENC_GB18030:
        if (len >= 4 && p[0] == 0x84 && p[1] == 0x31 && p[2] == 0x95 &&
            p[3] == 0x33)
            data += 4, len -= 4;
        st = iconv_append(data, len, "GB18030", 1, out, &count, err);
        break;
    default:
        return jx_error_set(err, JX_ERR_ENCODING,
                            "binary data is not text in any encoding");
    }
    if (st) {
        out->len = start_len;
        if (out->data)
            out->data[start_len] = '\0';
        if (st == JX_ERR_NOMEM)
            jx_error_set(err, st, "out of memory converting %s text",
                         jx_encoding_name(enc));
        return st;
    }
    if (replaced)
        *replaced = count;
    return JX_OK;
}

/* Detects, reports and converts. */
jx_status jx_decode_text(const char *data, size_t len, jx_buf *out,
                         jx_encoding *enc, size_t *replaced, jx_error *err)
{
    jx_encoding e = jx_detect_encoding(data, len);
    if (enc)
        *enc = e;
    return jx_to_utf8(data, len, e, out, replaced, err);
}

/* True for the white space characters above ASCII that jx_is_space knows. */
static int is_unicode_space(uint32_t cp)
{
    return cp == 0x00A0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0xFEFF;
}

/* Folds full-width forms to ASCII, Unicode spaces to ' ', A-Z to a-z.
 * Inline for the search form's loop. */
static inline uint32_t fold_char(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        cp -= 0xFEE0;
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
    return is_unicode_space(cp) ? ' ' : cp;
}

/* Folds one code point as fold_char does. */
uint32_t jx_fold_char(uint32_t cp)
{
    return fold_char(cp);
}

/* Han ideographs: URO, extension A, compatibility ideographs, the planes
 * of extensions B to F and the compatibility supplement, and U+3007. */
int jx_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FA1F) || cp == 0x3007;
}

/* a-z and 0-9 only: callers fold first. */
int jx_is_word_char(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
}

/* ASCII white space and the Unicode spaces jx_fold_char turns into ' '. */
int jx_is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return is_unicode_space(cp);
}

/* Where jx_search_form writes: the output buffer and, when a map is
 * wanted, the offsets of each output byte back into the text. */
typedef struct sf_writer {
    jx_buf *out;
    size_t start; /* out->len before this search form */
    size_t *orig; /* offsets, one per output byte, or NULL */
    size_t orig_cap;
    int want_map;
} sf_writer;

/* Makes sure need more output bytes (and their offsets, and the final
 * offset) fit, growing geometrically. */
static jx_status sf_room(sf_writer *w, size_t need)
{
    jx_status st = jx_buf_reserve(w->out, need);
    if (st || !w->want_map)
        return st;
    size_t used = w->out->len - w->start;
    if (w->orig_cap - used > need)
        return JX_OK;
    size_t cap = w->orig_cap ? w->orig_cap : 64;
    while (cap - used <= need) {
        if (cap > ((size_t)-1 / sizeof *w->orig) / 2)
            return JX_ERR_NOMEM;
        cap *= 2;
    }
    size_t *p = realloc(w->orig, cap * sizeof *p);
    if (!p)
        return JX_ERR_NOMEM;
    w->orig = p;
    w->orig_cap = cap;
    return JX_OK;
}

/* Writes n bytes, all mapped to the text offset from (room was made). */
static inline void sf_put(sf_writer *w, const char *s, size_t n, size_t from)
{
    size_t at = w->out->len;
    if (w->want_map) {
        for (size_t k = 0; k < n; k++)
            w->orig[at - w->start + k] = from;
    }
    for (size_t k = 0; k < n; k++)
        w->out->data[at + k] = s[k];
    w->out->len = at + n;
}

/* Copies text[from, to), valid UTF-8, mapping each byte to the start of
 * its character (room was made). */
static void sf_copy(sf_writer *w, const char *text, size_t from, size_t to)
{
    size_t at = w->out->len;
    memcpy(w->out->data + at, text + from, to - from);
    w->out->len = at + (to - from);
    if (!w->want_map)
        return;
    size_t *o = w->orig + (at - w->start), char_at = from;
    for (size_t k = from; k < to; k++) {
        if (!is_cont((unsigned char)text[k]))
            char_at = k;
        *o++ = char_at;
    }
}

/* Returns the end of the run from i of characters the search form keeps
 * byte for byte: ASCII except white space and A-Z, and valid UTF-8 that
 * folding leaves alone (which excludes the Unicode spaces). */
static size_t sf_same_run(const char *text, size_t len, size_t i)
{
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80) {
            if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 'A' && c <= 'Z'))
                break;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = decode_utf8(text + i, len - i, &cp);
        if (n == 1 || fold_char(cp) != cp)
            break;
        i += n;
    }
    return i;
}

/* True when the character ending at text[end - 1] is a word character
 * (a word character is one ASCII byte). */
static int ends_in_word(const char *text, size_t end)
{
    return end > 0 && jx_is_word_char((unsigned char)text[end - 1]);
}

/* Folds, replaces and drops or collapses white space in one pass: runs
 * that stay as they are are copied whole, the rest a character at a time. */
jx_status jx_search_form(const char *text, size_t len, jx_buf *out,
                         jx_offset_map *map)
{
    sf_writer w = {out, out->len, NULL, 0, map != NULL};
    jx_status st = sf_room(&w, len + 8);
    int prev_word = 0, pending = 0;
    size_t space_at = 0, i = 0;
    while (!st && i < len) {
        size_t at = i, end = sf_same_run(text, len, i);
        uint32_t cp; /* the first character, folded */
        if (end > at) {
            cp = (unsigned char)text[at]; /* enough to tell a word char */
            i = end;
        } else {
            i += decode_utf8(text + i, len - i, &cp);
            cp = fold_char(cp);
            if (jx_is_space(cp)) {
                if (!pending)
                    space_at = at;
                pending = 1;
                continue;
            }
        }
        if ((st = sf_room(&w, i - at + 4)) != JX_OK)
            break;
        if (pending && prev_word && jx_is_word_char(cp))
            sf_put(&w, " ", 1, space_at);
        pending = 0;
        if (end > at) {
            sf_copy(&w, text, at, end);
            prev_word = ends_in_word(text, end);
        } else {
            char enc[4];
            sf_put(&w, enc, jx_utf8_encode(cp, enc), at);
            prev_word = jx_is_word_char(cp);
        }
    }
    if (!st && w.want_map) {
        w.orig[w.out->len - w.start] = len;
        jx_offset_map_free(map);
        map->orig = w.orig;
        map->len = w.out->len - w.start;
        w.orig = NULL;
    }
    free(w.orig);
    if (st)
        out->len = w.start;
    if (out->data)
        out->data[out->len] = '\0';
    return st;
}

/* Frees the offsets and leaves an empty map. */
void jx_offset_map_free(jx_offset_map *map)
{
    if (!map)
        return;
    free(map->orig);
    map->orig = NULL;
    map->len = 0;
}
