/* jx_text.h: text handling shared by indexing and search: UTF-8 decoding
 * that never fails, encoding detection and conversion to UTF-8, and the
 * "search form" that documents and queries are both reduced to before
 * tokenizing, so that index time and query time can never disagree. */
#ifndef JX_TEXT_H
#define JX_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "jx_buf.h"
#include "jx_status.h"

#define JX_REPLACEMENT_CHAR 0xFFFDu

/* Decodes one code point from s (len > 0 bytes available). Returns the
 * number of bytes consumed (1..4, never 0). Invalid, overlong, surrogate
 * or truncated sequences give *cp = U+FFFD and consume one byte. */
size_t Jx_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Writes cp as UTF-8 into out and returns its length (1..4); code points
 * above U+10FFFF or surrogates are written as U+FFFD. */
size_t Jx_utf8_encode(uint32_t cp, char out[4]);

/* Appends in to out as valid UTF-8, replacing each invalid byte with
 * U+FFFD; *replaced (may be NULL) receives the number of replacements. */
jx_status Jx_utf8_sanitize(const char *in, size_t len, jx_buf *out,
                           size_t *replaced);

/* The encodings a report file may be stored in. */
typedef enum jx_encoding {
    JX_ENC_UTF8,         /* UTF-8 without BOM (also plain ASCII) */
    JX_ENC_UTF8_BOM,     /* UTF-8 with EF BB BF */
    JX_ENC_UTF16LE,      /* UTF-16 little-endian with BOM */
    JX_ENC_UTF16BE,      /* UTF-16 big-endian with BOM */
    JX_ENC_GB18030,      /* GB18030, which includes GBK and GB2312 */
    JX_ENC_BINARY,       /* not text: NUL bytes or control bytes in bulk */
    JX_ENC_BIG5,         /* Big5 (Traditional Chinese) */
    JX_ENC_UTF8_GB18030, /* lines of UTF-8 and lines of GB18030 */
    JX_ENC_UTF8_BIG5,    /* lines of UTF-8 and lines of Big5 */
    JX_ENC_UNKNOWN       /* text, but in none of these by the evidence */
} jx_encoding;

/* Decides the encoding of data by evidence. A UTF-16 BOM decides; NUL
 * bytes, or control bytes in bulk, make it binary; then (after a UTF-8
 * BOM, which is no proof) all valid UTF-8 is UTF-8, in one fast pass.
 * Otherwise line by line: a line with valid three- or four-byte UTF-8
 * sequences and either four valid sequences for each bad byte or more of
 * them than its common characters as GB18030 or Big5 is UTF-8; the other
 * lines with high bytes are scored together as GB18030 and as Big5 by
 * the share of their characters that are common ones (GB2312 level 1
 * and punctuation; Big5's frequent block and symbols), and the higher
 * share wins, GB18030 on a tie. So a file may be UTF-8 and GB18030 by
 * line (JX_ENC_UTF8_GB18030). JX_ENC_UNKNOWN when under three in four of
 * the scored characters are common ones (none, when fewer than 8 are
 * scored): mojibake, or another encoding; or when over 8 bytes, and over
 * one in twenty of the bytes above ASCII, would be undecodable. A last
 * character cut short by the end of the data counts against nothing.
 * Looks at all of the data. */
jx_encoding Jx_detect_encoding(const char *data, size_t len);

/* Returns a name for enc ("UTF-8", "GB18030", "UTF-8 and Big5", ...). */
const char *Jx_encoding_name(jx_encoding enc);

/* Converts data from enc to UTF-8 (BOM removed; a UTF-8 BOM before
 * GB18030 or Big5 too) appended to out, with iconv for UTF-16, GB18030
 * and Big5, line by line for the mixed encodings; undecodable bytes
 * become U+FFFD and are counted in *replaced (may be NULL).
 * JX_ERR_ENCODING for JX_ENC_BINARY and JX_ENC_UNKNOWN. */
jx_status Jx_to_utf8(const char *data, size_t len, jx_encoding enc,
                     jx_buf *out, size_t *replaced, jx_error *err);

/* Detects the encoding, then converts as Jx_to_utf8; *enc (may be NULL)
 * receives what was detected. JX_ERR_ENCODING, with a message giving the
 * evidence, for binary data and for text of no encoding we can tell
 * (JX_ENC_UNKNOWN): such a file is refused, never indexed as mojibake. */
jx_status Jx_decode_text(const char *data, size_t len, jx_buf *out,
                         jx_encoding *enc, size_t *replaced, jx_error *err);

/* Folds one code point for search: full-width ASCII forms (U+FF01-FF5E)
 * to ASCII, ideographic space (U+3000) and other spaces to ' ', ASCII
 * upper case to lower case. Everything else is returned unchanged. */
uint32_t Jx_fold_char(uint32_t cp);

/* True for characters indexed as overlapping bigrams: Han ideographs
 * (URO, extensions A to F, compatibility ideographs, U+3007). */
int Jx_is_han(uint32_t cp);

/* True for the characters of a word token after folding: a-z and 0-9. */
int Jx_is_word_char(uint32_t cp);

/* True for white space after folding (space, tab, CR, LF, NBSP, U+3000). */
int Jx_is_space(uint32_t cp);

/* Maps each byte of a search form back to the byte of the text it came
 * from: orig[i] is the offset in the text of search-form byte i, and
 * orig[len] is the length of the text. Owned by the caller; free with
 * Jx_offset_map_clear. */
typedef struct jx_offset_map {
    size_t *orig;
    size_t len;
} jx_offset_map;

/* Appends to out the search form of text: every character folded with
 * Jx_fold_char, invalid UTF-8 replaced, and each run of white space
 * removed unless both its neighbours are word characters, where it
 * becomes one ' '. So "2022 年" and "2022年" have the same search form,
 * while "budget plan" keeps its space. When map is not NULL it receives
 * the offsets back into text (replacing what it held). */
jx_status Jx_search_form(const char *text, size_t len, jx_buf *out,
                         jx_offset_map *map);

/* Frees the offsets of a map. */
void Jx_offset_map_clear(jx_offset_map *map);

#endif
