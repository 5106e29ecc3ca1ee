/* jx_text.c: UTF-8 decoding and encoding, encoding detection and
 * conversion to UTF-8 (through iconv), character classes and folding, and
 * the search form that both documents and queries are reduced to. */
#include "jx_text.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
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
size_t Jx_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    return decode_utf8(s, len, cp);
}

/* Encodes cp as UTF-8, substituting U+FFFD for what cannot be encoded. */
size_t Jx_utf8_encode(uint32_t cp, char out[4])
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
jx_status Jx_utf8_sanitize(const char *in, size_t len, jx_buf *out,
                           size_t *replaced)
{
    size_t start_len = out->len, count = 0, run = 0, i = 0;
    jx_status st = Jx_buf_reserve(out, len);
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
        st = Jx_buf_append(out, in + run, i - run);
        if (!st)
            st = Jx_buf_append(out, replacement_utf8, 3);
        count++;
        run = ++i;
    }
    if (!st)
        st = Jx_buf_append(out, in + run, len - run);
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

/* What one pass over the data found, for Jx_detect_encoding. */
typedef struct byte_census {
    size_t nul;     /* NUL bytes */
    size_t control; /* control bytes that plain text does not contain */
    int utf8_bad;   /* a byte that starts no valid UTF-8 sequence */
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

/* Counts NULs and stray controls over all data, and finds whether it is
 * all valid UTF-8 (a last character cut short by the end of the data
 * counts as valid); after the first bad byte, high bytes are skipped
 * (the line-by-line pass looks at them). */
static byte_census take_census(const unsigned char *p, size_t len)
{
    byte_census c = {0, 0, 0};
    size_t i = 0;
    while (i < len) {
        unsigned char b = p[i];
        if (b >= 0x20 && b < 0x7F) {
            i++;
        } else if (b < 0x80) {
            c.nul += b == 0;
            c.control += is_binary_control(b);
            i++;
        } else if (c.utf8_bad) {
            i++;
        } else {
            uint32_t cp;
            size_t n = decode_utf8((const char *)p + i, len - i, &cp);
            if (n == 1 && utf8_cut_tail(p + i, len - i))
                break;
            c.utf8_bad = n == 1;
            i += n;
        }
    }
    return c;
}

/* What scoring bytes in one legacy (double-byte) encoding found: the
 * characters that are well formed, how many of those are common ones,
 * and the bytes that start no character. */
typedef struct legacy_score {
    size_t ok;
    size_t common;
    size_t bad;
} legacy_score;

/* True for a GB18030 character of GB2312's level 1 (B0A1-D7FE: the 3755
 * most used Han characters, chosen by frequency) or of its rows of
 * punctuation, numbering, full-width forms and box drawing (A1-A3, A9):
 * what Simplified Chinese report text is made of, nearly all of it. */
static int gb_common(unsigned char lead, unsigned char trail)
{
    if (trail < 0xA1 || trail > 0xFE)
        return 0;
    return (lead >= 0xB0 && lead <= 0xD7) || (lead >= 0xA1 && lead <= 0xA3) ||
           lead == 0xA9;
}

/* True for a Big5 character of its symbols (A140-A3BF) or of its block
 * of frequent characters (A440-C67E, the 5401 常用字): what Traditional
 * Chinese text is made of, nearly all of it. */
static int big5_common(unsigned char lead, unsigned char trail)
{
    unsigned v = (unsigned)lead << 8 | trail;
    return (v >= 0xA140 && v <= 0xA3BF) || (v >= 0xA440 && v <= 0xC67E);
}

/* Adds to *s the GB18030 two- and four-byte characters of p[0..len)
 * that are well formed (and which of them are common) and the bytes that
 * start none; a character cut short by the end of the span counts as
 * neither (spans end at a line break or at the end of the data). */
static void score_gb18030(const unsigned char *p, size_t len, legacy_score *s)
{
    size_t i = 0;
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
                s->ok++;
                s->common += gb_common(b, t);
                i += 2;
                continue;
            }
            if (t >= 0x30 && t <= 0x39 && i + 3 >= len &&
                (i + 2 == len || (p[i + 2] >= 0x81 && p[i + 2] <= 0xFE)))
                return; /* a four-byte character cut short */
            if (t >= 0x30 && t <= 0x39 && i + 3 < len && p[i + 2] >= 0x81 &&
                p[i + 2] <= 0xFE && p[i + 3] >= 0x30 && p[i + 3] <= 0x39) {
                s->ok++;
                i += 4;
                continue;
            }
        }
        s->bad++;
        i++;
    }
}

/* Adds to *s the Big5 characters of p[0..len) (lead 81-FE, trail 40-7E
 * or A1-FE) that are well formed, which of them are common, and the
 * bytes that start none; a lead byte cut from its trail by the end of
 * the span counts as neither. */
static void score_big5(const unsigned char *p, size_t len, legacy_score *s)
{
    size_t i = 0;
    while (i < len) {
        unsigned char b = p[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        if (b != 0x80 && b != 0xFF) {
            if (i + 1 == len)
                return;
            unsigned char t = p[i + 1];
            if ((t >= 0x40 && t <= 0x7E) || (t >= 0xA1 && t <= 0xFE)) {
                s->ok++;
                s->common += big5_common(b, t);
                i += 2;
                continue;
            }
        }
        s->bad++;
        i++;
    }
}

/* Scores p[0..len) in the legacy encoding enc (JX_ENC_GB18030 or
 * JX_ENC_BIG5). */
static void score_legacy(jx_encoding enc, const unsigned char *p, size_t len,
                         legacy_score *s)
{
    if (enc == JX_ENC_BIG5)
        score_big5(p, len, s);
    else
        score_gb18030(p, len, s);
}

/* How a line is to be decoded: plain ASCII (the same in every encoding
 * here); UTF-8 by evidence; valid UTF-8 of two-byte sequences only (weak
 * evidence: one or two GB18030 characters can look like that); or
 * legacy bytes. */
typedef enum line_kind {
    LINE_ASCII,
    LINE_UTF8,
    LINE_WEAK,
    LINE_LEGACY
} line_kind;

/* Classifies the line p[0..len) (with its line break, if any), counts
 * into *bad its bytes that start no valid UTF-8 sequence (a last
 * character cut short by the end of the data counts as neither) and adds
 * to *high its bytes of 0x80 and over. A line
 * is UTF-8 when it has valid three- or four-byte sequences (every Han
 * character is one; GB18030 and Big5 text rarely forms one) and either
 * four valid sequences for each bad byte, or more of them than it has
 * common characters as GB18030 or as Big5 (UTF-8 text with a few stray
 * bytes, which as GB18030 would be rare characters). */
static line_kind classify_line(const unsigned char *p, size_t len, size_t *bad,
                               size_t *high)
{
    size_t ok = 0, ok3 = 0, i = 0;
    *bad = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = p[i] >= 0xC2 && p[i] <= 0xF4
                       ? decode_utf8((const char *)p + i, len - i, &cp)
                       : 1;
        if (n > 1) {
            ok++;
            ok3 += n > 2;
        } else if (len - i < 4 && utf8_cut_tail(p + i, len - i)) {
            break;
        } else {
            (*bad)++;
        }
        *high += n;
        i += n;
    }
    if (ok == 0 && *bad == 0)
        return LINE_ASCII;
    if (ok3 > 0 && ok >= 4 * *bad)
        return LINE_UTF8;
    if (*bad == 0)
        return LINE_WEAK;
    if (ok3 == 0)
        return LINE_LEGACY;
    legacy_score gb = {0, 0, 0}, b5 = {0, 0, 0};
    score_gb18030(p, len, &gb);
    score_big5(p, len, &b5);
    return ok3 > gb.common && ok3 > b5.common ? LINE_UTF8 : LINE_LEGACY;
}

/* The length of the line that starts at p (up to and with its '\n'). */
static size_t line_length(const unsigned char *p, size_t len)
{
    const unsigned char *nl = memchr(p, '\n', len);
    return nl ? (size_t)(nl - p) + 1 : len;
}

/* What the line-by-line pass over a text that is not all UTF-8 found. */
typedef struct evidence {
    size_t high;       /* bytes of 0x80 and over */
    size_t utf8_bad;   /* bytes that start no UTF-8 sequence, in all */
    size_t utf8_lines; /* lines of UTF-8 by evidence */
    size_t line_bad;   /* their bad bytes */
    size_t legacy;     /* lines of legacy bytes */
    legacy_score gb;   /* those lines scored as GB18030 */
    legacy_score big5; /* and as Big5 */
    int why;           /* for JX_ENC_UNKNOWN: WHY_MOJIBAKE or WHY_BAD */
} evidence;

enum { WHY_NONE, WHY_MOJIBAKE, WHY_BAD };

/* True when more than a stray few of the high bytes (over 8, and over
 * one in twenty) would become U+FFFD. */
static int too_many_bad(size_t bad, size_t high)
{
    return bad > 8 && bad * 20 > high;
}

/* True when fewer than three in four characters of s are common ones:
 * the text would be mojibake in that encoding. Under 8 characters are
 * too few to tell by share (婺源县 is one rare character in three):
 * then only when none is common. */
static int mostly_rare(const legacy_score *s)
{
    size_t all = s->ok + s->bad;
    return all < 8 ? s->common == 0 : s->common * 4 < all * 3;
}

/* True when Big5 scores better than GB18030 so far (GB18030 on a tie). */
static int big5_ahead(const evidence *ev)
{
    const legacy_score *gb = &ev->gb, *b5 = &ev->big5;
    return b5->common * (gb->ok + gb->bad) > gb->common * (b5->ok + b5->bad);
}

/* True once both encodings have scored enough characters that the
 * leader will not change: from then on only the leader is scored (for
 * its bad bytes), which keeps long legacy files fast. */
static int decisive(const evidence *ev)
{
    return ev->gb.ok >= 8192 && ev->big5.ok >= 8192;
}

/* Decides a text (after any BOM) that is not all valid UTF-8, line by
 * line: lines of UTF-8 by evidence stay UTF-8; the other lines with
 * high bytes are scored, together, as GB18030 and as Big5, and the
 * encoding in which more of their characters are common ones wins
 * (GB18030 on a tie). JX_ENC_UNKNOWN (ev->why says why) when the winner
 * would still be mojibake, or when too many bytes would be undecodable. */
static jx_encoding decide_by_lines(const unsigned char *p, size_t len,
                                   evidence *ev)
{
    size_t i = 0;
    while (i < len) {
        size_t n = line_length(p + i, len - i), bad;
        line_kind k = classify_line(p + i, n, &bad, &ev->high);
        ev->utf8_bad += bad;
        if (k == LINE_UTF8) {
            ev->utf8_lines++;
            ev->line_bad += bad;
        } else if (k == LINE_LEGACY) {
            ev->legacy++;
            int lead = decisive(ev) ? big5_ahead(ev) : -1;
            if (lead != 1)
                score_gb18030(p + i, n, &ev->gb);
            if (lead != 0)
                score_big5(p + i, n, &ev->big5);
        }
        i += n;
    }
    if (ev->legacy == 0 || (ev->gb.ok == 0 && ev->big5.ok == 0)) {
        /* no legacy characters at all: UTF-8 with stray bytes */
        if (too_many_bad(ev->utf8_bad, ev->high)) {
            ev->why = WHY_BAD;
            return JX_ENC_UNKNOWN;
        }
        return JX_ENC_UTF8;
    }
    int big5 = big5_ahead(ev);
    const legacy_score *s = big5 ? &ev->big5 : &ev->gb;
    if (mostly_rare(s)) {
        ev->why = WHY_MOJIBAKE;
        return JX_ENC_UNKNOWN;
    }
    if (too_many_bad(ev->line_bad + s->bad, ev->high)) {
        ev->why = WHY_BAD;
        return JX_ENC_UNKNOWN;
    }
    if (ev->utf8_lines == 0)
        return big5 ? JX_ENC_BIG5 : JX_ENC_GB18030;
    return big5 ? JX_ENC_UTF8_BIG5 : JX_ENC_UTF8_GB18030;
}

/* Detects as Jx_detect_encoding does, filling *ev with the evidence. */
static jx_encoding detect(const char *data, size_t len, evidence *ev)
{
    const unsigned char *p = (const unsigned char *)data;
    memset(ev, 0, sizeof *ev);
    if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        return JX_ENC_UTF16LE;
    if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        return JX_ENC_UTF16BE;
    int bom = len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
    if (bom)
        p += 3, len -= 3;
    byte_census c = take_census(p, len);
    if (c.nul > 0 || c.control > len / 20)
        return JX_ENC_BINARY;
    if (c.utf8_bad == 0)
        return bom ? JX_ENC_UTF8_BOM : JX_ENC_UTF8;
    jx_encoding enc = decide_by_lines(p, len, ev);
    return enc == JX_ENC_UTF8 && bom ? JX_ENC_UTF8_BOM : enc;
}

/* Decides by BOM, then NULs and controls, then UTF-8 validity, then
 * evidence line by line. All valid UTF-8 (the common case) takes one
 * fast pass. Otherwise each line is UTF-8 when it has a valid three- or
 * four-byte sequence and at least four valid sequences for each bad
 * byte (GB18030 text forms a valid UTF-8 sequence for about one
 * character in seven, so it never gets there), and the rest is scored
 * as GB18030 and as Big5 by how many of its characters are among the
 * common ones of each (decide_by_lines). */
jx_encoding Jx_detect_encoding(const char *data, size_t len)
{
    evidence ev;
    return detect(data, len, &ev);
}

/* Names each encoding as iconv and people know it. */
const char *Jx_encoding_name(jx_encoding enc)
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
    case JX_ENC_BIG5:
        return "Big5";
    case JX_ENC_UTF8_GB18030:
        return "UTF-8 and GB18030";
    case JX_ENC_UTF8_BIG5:
        return "UTF-8 and Big5";
    case JX_ENC_BINARY:
        return "binary";
    case JX_ENC_UNKNOWN:
        return "unknown";
    }
    return "unknown";
}

/* Appends the UTF-8 conversion of data through cd (from the iconv
 * encoding from), replacing each undecodable unit of unit bytes with
 * U+FFFD, counted in *count. */
static jx_status iconv_run(iconv_t cd, const char *data, size_t len,
                           const char *from, size_t unit, jx_buf *out,
                           size_t *count, jx_error *err)
{
    char *in = (char *)data;
    size_t in_left = len;
    jx_status st = JX_OK;
    iconv(cd, NULL, NULL, NULL, NULL);
    while (in_left > 0) {
        /* Most text grows by at most half when converted to UTF-8. */
        st = Jx_buf_reserve(out, in_left + in_left / 2 + 16);
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
            st = Jx_error_set(err, JX_ERR_ENCODING, "converting from %s: %s",
                              from, strerror(e));
            break;
        }
        st = Jx_buf_append(out, replacement_utf8, 3);
        if (st)
            break;
        size_t skip = unit < in_left ? unit : in_left;
        in += skip;
        in_left -= skip;
        (*count)++;
    }
    if (out->data)
        out->data[out->len] = '\0';
    return st;
}

/* Opens a converter from each encoding we convert for the life of the
 * process and never uses them: glibc unloads a converter's module when
 * its last descriptor closes, so without them every file in GB18030,
 * Big5 or UTF-16 loaded its module again (a dlopen each, which made the
 * fuzz target several times slower). */
static iconv_t pinned_converters[4];

/* Closes the pinned converters, at exit: they are owned by the process. */
static void unpin_converters(void)
{
    for (int i = 0; i < 4; i++)
        if (pinned_converters[i] != (iconv_t)-1)
            iconv_close(pinned_converters[i]);
}

/* Opens the pinned converters (once, by pthread_once) and has them
 * closed at exit. */
static void pin_converters(void)
{
    static const char *const from[] = {"GB18030", "BIG5", "UTF-16LE",
                                       "UTF-16BE"};
    for (int i = 0; i < 4; i++)
        pinned_converters[i] = iconv_open("UTF-8", from[i]);
    atexit(unpin_converters);
}

/* Opens a converter from the iconv encoding from to UTF-8. */
static jx_status iconv_from(const char *from, iconv_t *cd, jx_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, pin_converters);
    *cd = iconv_open("UTF-8", from);
    if (*cd == (iconv_t)-1)
        return Jx_error_set(err, JX_ERR_UNSUPPORTED,
                            "cannot convert from %s: iconv has no converter",
                            from);
    return JX_OK;
}

/* Appends the UTF-8 conversion of data from the iconv encoding from,
 * replacing each undecodable unit of unit bytes with U+FFFD. */
static jx_status iconv_append(const char *data, size_t len, const char *from,
                              size_t unit, jx_buf *out, size_t *count,
                              jx_error *err)
{
    iconv_t cd;
    jx_status st = iconv_from(from, &cd, err);
    if (st)
        return st;
    st = iconv_run(cd, data, len, from, unit, out, count, err);
    iconv_close(cd);
    return st;
}

/* Converts a text of UTF-8 and legacy lines (legacy is JX_ENC_GB18030 or
 * JX_ENC_BIG5), each line as classify_line says: UTF-8 lines as UTF-8,
 * legacy lines as legacy, weak lines as legacy when they are well formed
 * there, ASCII lines with their neighbours. Runs of lines decoded alike
 * are converted in one piece. */
static jx_status mixed_append(const char *data, size_t len, jx_encoding legacy,
                              jx_buf *out, size_t *count, jx_error *err)
{
    const char *from = legacy == JX_ENC_BIG5 ? "BIG5" : "GB18030";
    const unsigned char *p = (const unsigned char *)data;
    iconv_t cd;
    jx_status st = iconv_from(from, &cd, err);
    if (st)
        return st;
    size_t run = 0, i = 0;
    int run_legacy = 0;
    while (!st && i <= len) {
        size_t n = i < len ? line_length(p + i, len - i) : 0, bad;
        int as_legacy = run_legacy;
        if (i < len) {
            size_t high = 0;
            line_kind k = classify_line(p + i, n, &bad, &high);
            if (k == LINE_UTF8) {
                as_legacy = 0;
            } else if (k == LINE_LEGACY) {
                as_legacy = 1;
            } else if (k == LINE_WEAK) {
                legacy_score s = {0, 0, 0};
                score_legacy(legacy, p + i, n, &s);
                as_legacy = s.bad == 0 && s.ok > 0;
            }
        }
        if (i == len || as_legacy != run_legacy) {
            size_t c = 0;
            if (run_legacy)
                st = iconv_run(cd, data + run, i - run, from, 1, out, &c, err);
            else
                st = Jx_utf8_sanitize(data + run, i - run, out, &c);
            *count += c;
            run = i;
            run_legacy = as_legacy;
        }
        if (i == len)
            break;
        i += n;
    }
    iconv_close(cd);
    return st;
}

/* Strips the BOM of enc (when present) and converts what follows; a
 * UTF-8 BOM before legacy bytes is stripped too (it proves nothing). */
jx_status Jx_to_utf8(const char *data, size_t len, jx_encoding enc,
                     jx_buf *out, size_t *replaced, jx_error *err)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t start_len = out->len, count = 0;
    jx_status st;
    int utf8_bom = len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
    switch (enc) {
    case JX_ENC_UTF8:
    case JX_ENC_UTF8_BOM:
        if (utf8_bom)
            data += 3, len -= 3;
        st = Jx_utf8_sanitize(data, len, out, &count);
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
        if (utf8_bom)
            data += 3, len -= 3;
        else if (len >= 4 && p[0] == 0x84 && p[1] == 0x31 && p[2] == 0x95 &&
                 p[3] == 0x33)
            data += 4, len -= 4;
        st = iconv_append(data, len, "GB18030", 1, out, &count, err);
        break;
    case JX_ENC_BIG5:
        if (utf8_bom)
            data += 3, len -= 3;
        st = iconv_append(data, len, "BIG5", 1, out, &count, err);
        break;
    case JX_ENC_UTF8_GB18030:
    case JX_ENC_UTF8_BIG5:
        if (utf8_bom)
            data += 3, len -= 3;
        st = mixed_append(
            data, len, enc == JX_ENC_UTF8_BIG5 ? JX_ENC_BIG5 : JX_ENC_GB18030,
            out, &count, err);
        break;
    case JX_ENC_BINARY:
        return Jx_error_set(err, JX_ERR_ENCODING,
                            "binary data is not text in any encoding");
    default:
        return Jx_error_set(err, JX_ERR_ENCODING,
                            "encoding not recognised: not UTF-8, GB18030 "
                            "or Big5 text");
    }
    if (st) {
        out->len = start_len;
        if (out->data)
            out->data[start_len] = '\0';
        if (st == JX_ERR_NOMEM)
            Jx_error_set(err, st, "out of memory converting %s text",
                         Jx_encoding_name(enc));
        return st;
    }
    if (replaced)
        *replaced = count;
    return JX_OK;
}

/* The percentage of the characters s scored that are common ones. */
static unsigned percent_common(const legacy_score *s)
{
    size_t all = s->ok + s->bad;
    return all ? (unsigned)(s->common * 100 / all) : 0;
}

/* Detects, refuses what would be mojibake with the evidence, converts. */
jx_status Jx_decode_text(const char *data, size_t len, jx_buf *out,
                         jx_encoding *enc, size_t *replaced, jx_error *err)
{
    evidence ev;
    jx_encoding e = detect(data, len, &ev);
    if (enc)
        *enc = e;
    if (e == JX_ENC_UNKNOWN && ev.why == WHY_MOJIBAKE)
        return Jx_error_set(err, JX_ERR_ENCODING,
                            "encoding not recognised: not UTF-8, and only "
                            "%u%% of its characters would be common Chinese "
                            "ones as GB18030, %u%% as Big5 (another "
                            "encoding, or mojibake?)",
                            percent_common(&ev.gb), percent_common(&ev.big5));
    if (e == JX_ENC_UNKNOWN) {
        size_t bad = ev.utf8_bad;
        if (ev.legacy && (ev.gb.ok || ev.big5.ok))
            bad = ev.line_bad + (big5_ahead(&ev) ? ev.big5.bad : ev.gb.bad);
        return Jx_error_set(err, JX_ERR_ENCODING,
                            "encoding not recognised: %zu of its %zu "
                            "non-ASCII bytes are valid in none of UTF-8, "
                            "GB18030 and Big5",
                            bad, ev.high);
    }
    return Jx_to_utf8(data, len, e, out, replaced, err);
}

/* True for the white space characters above ASCII that Jx_is_space knows. */
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
uint32_t Jx_fold_char(uint32_t cp)
{
    return fold_char(cp);
}

/* Han ideographs: URO, extension A, compatibility ideographs, the planes
 * of extensions B to F and the compatibility supplement, and U+3007. */
int Jx_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FA1F) || cp == 0x3007;
}

/* a-z and 0-9 only: callers fold first. */
int Jx_is_word_char(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
}

/* ASCII white space and the Unicode spaces Jx_fold_char turns into ' '. */
int Jx_is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return is_unicode_space(cp);
}

/* Where Jx_search_form writes: the output buffer and, when a map is
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
    jx_status st = Jx_buf_reserve(w->out, need);
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
    return end > 0 && Jx_is_word_char((unsigned char)text[end - 1]);
}

/* Folds, replaces and drops or collapses white space in one pass: runs
 * that stay as they are are copied whole, the rest a character at a time. */
jx_status Jx_search_form(const char *text, size_t len, jx_buf *out,
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
            if (Jx_is_space(cp)) {
                if (!pending)
                    space_at = at;
                pending = 1;
                continue;
            }
        }
        if ((st = sf_room(&w, i - at + 4)) != JX_OK)
            break;
        if (pending && prev_word && Jx_is_word_char(cp))
            sf_put(&w, " ", 1, space_at);
        pending = 0;
        if (end > at) {
            sf_copy(&w, text, at, end);
            prev_word = ends_in_word(text, end);
        } else {
            char enc[4];
            sf_put(&w, enc, Jx_utf8_encode(cp, enc), at);
            prev_word = Jx_is_word_char(cp);
        }
    }
    if (!st && w.want_map) {
        w.orig[w.out->len - w.start] = len;
        Jx_offset_map_clear(map);
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
void Jx_offset_map_clear(jx_offset_map *map)
{
    if (!map)
        return;
    free(map->orig);
    map->orig = NULL;
    map->len = 0;
}
