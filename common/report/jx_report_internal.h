/* jx_report_internal.h: what the parts of the report model share --
 * cleaning (jx_clean.c), heading detection and passage splitting
 * (jx_structure.c), metadata extraction (jx_meta.c) and the public entry
 * points (jx_report.c). Not a public header: programs use jx_report.h;
 * the unit tests include it to test the parts one by one. */
#ifndef JX_REPORT_INTERNAL_H
#define JX_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "jx_report.h"
#include "jx_text.h"

/* One line of a text, as a view into it (not NUL-terminated). */
typedef struct jx_line {
    const char *s;
    size_t len;
} jx_line;

/* Heading levels, outermost first: 第一部分/第一章, 一、, （一）, 1. and 1、,
 * （1） and 1）, ①. Unnumbered headings get a level from their context. */
enum {
    JX_LEVEL_PART = 0,
    JX_LEVEL_CN = 1,
    JX_LEVEL_CN_PAREN = 2,
    JX_LEVEL_NUM = 3,
    JX_LEVEL_NUM_PAREN = 4,
    JX_LEVEL_CIRCLED = 5
};

/* A line at most this many characters long, with no clause punctuation,
 * is "title-like": a heading, a title, a name or a date. */
#define JX_SHORT_LINE_CHARS 30
/* A title (a line naming the report) is at most this many characters. */
#define JX_TITLE_MAX_CHARS 60

/* Decodes the code point at s[*i] (*i < len) and moves *i past it. */
static inline uint32_t jx_next_cp(const char *s, size_t len, size_t *i)
{
    uint32_t cp;
    *i += jx_utf8_decode(s + *i, len - *i, &cp);
    return cp;
}

/* Returns the last code point of s[0..len) (0 when len is 0) and sets
 * *start to where it begins. */
uint32_t jx_last_cp(const char *s, size_t len, size_t *start);

/* Counts the code points of s[0..len). */
size_t jx_char_count(const char *s, size_t len);

/* True when s[0..len) begins with the NUL-terminated lit. */
int jx_starts_with(const char *s, size_t len, const char *lit);

/* True when s[0..len) ends with the NUL-terminated lit. */
int jx_ends_with(const char *s, size_t len, const char *lit);

/* Finds lit in s[0..len); returns its offset or (size_t)-1. */
size_t jx_find(const char *s, size_t len, const char *lit);

/* True for ASCII and full-width decimal digits. */
int jx_is_digit(uint32_t cp);

/* Splits text on '\n' into *lines (allocated, caller frees); an empty
 * text gives no lines. */
jx_status jx_lines_split(const char *text, size_t len, jx_line **lines,
                         size_t *n);

/* Recognises the numbering at the start of a line (一、 （一） (一) 1. 1、
 * （1） (1) 1） ① ⑴ 第一部分 第一章...). Returns its level, or -1 when the
 * line is not numbered; *prefix_len (may be NULL) receives the bytes of
 * the numbering and the spaces after it. */
int jx_numbering(const char *s, size_t len, size_t *prefix_len);

/* True when the line ends a sentence: its last character, after any
 * closing quotes or brackets, is 。！？；：… or their ASCII forms. */
int jx_ends_sentence(const char *s, size_t len);

/* True for a line of at most max_chars characters with a Han character
 * and no clause punctuation (，；：。！？ or ASCII forms) nor table bar. */
int jx_is_title_shaped(const char *s, size_t len, size_t max_chars);

/* True for a short line (at most JX_SHORT_LINE_CHARS characters) with a
 * Han character and no clause punctuation (，；：。！？ or ASCII forms)
 * nor table bar '|': a title, a heading, a unit's name, a date. */
int jx_is_title_like(const char *s, size_t len);
/* True when a line is a web page's furniture, not the report's text: a
 * breadcrumb, a line of the index-number block (索引号, 发布机构…), a
 * share or print button, a list bullet of the page header, or a line
 * without Han characters (jx_meta.c). */
int jx_is_page_furniture(const char *s, size_t len);
/* True when line k is a web page's furniture, never report text: any
 * such line before the title (title_count > 0), and anywhere a short
 * breadcrumb or footer line (版权所有, ICP备, 上一篇…) (jx_meta.c). */
int jx_is_furniture_at(const jx_line *lines, size_t k, size_t title_first,
                       size_t title_count);

/* True for a "label：value" line such as 发布机构：XX or 组  长：XX: a
 * label of 1 to 8 Han characters (spaces and brackets allowed, as in
 * 填报单位（盖章）) before the colon, no comma, at most 40 characters. */
int jx_is_label_line(const char *s, size_t len);

/* Splits the lines of a clean text into passages under their heading
 * paths (see docs/report-model.md). Lines [title_first, title_first +
 * title_count) are the title: passages, never headings. *out is
 * allocated, and so is *strings, which holds the headings and texts the
 * passages point to; free both. Lines above the title are cover matter:
 * passages too. */
jx_status jx_build_passages(const jx_line *lines, size_t n, size_t title_first,
                            size_t title_count, jx_passage **out,
                            size_t *n_out, char **strings);

/* One piece of a paragraph: bytes [off, off + len) of it, of which the
 * first overlap repeat the end of the piece before. */
typedef struct jx_piece {
    size_t off, len, overlap;
} jx_piece;

/* Splits one paragraph into pieces of at most max_chars characters: after
 * the last sentence end that fits; failing one, after the last comma,
 * 、, colon or space in the piece's second half; failing that, hard (at
 * the start of an ASCII word rather than inside it). After a cut that is
 * not at a sentence end, the next piece starts overlap_chars characters
 * before the cut (or at the start of the ASCII word that falls in), so
 * any string of up to overlap_chars characters is whole in some piece.
 * *pieces is allocated (caller frees); the pieces, each without its
 * overlap, give the paragraph back exactly. */
jx_status jx_split_paragraph(const char *s, size_t len, size_t max_chars,
                             size_t overlap_chars, jx_piece **pieces,
                             size_t *n);

/* Finds the title lines among the first lines of a clean text: the line
 * naming the report (报告, 自评) and up to two title-like lines just
 * before it (a unit name, the first half of a long title). Returns 0
 * when there is none; otherwise sets *first and *count. */
int jx_find_title(const jx_line *lines, size_t n, size_t *first,
                  size_t *count);

/* Fills fields[] from the lines of a clean text, with its title lines,
 * then from hints (may be NULL) for fields the text does not state. */
jx_status jx_extract_fields(const jx_line *lines, size_t n, size_t title_first,
                            size_t title_count, const jx_hints *hints,
                            jx_field fields[JX_FIELD_COUNT]);

/* Sets *f to a copy of value[0..vlen) and evidence[0..elen) (evidence may
 * be NULL), with line and source; frees what *f held before. */
jx_status jx_field_fill(jx_field *f, const char *value, size_t vlen,
                        const char *evidence, size_t elen, unsigned line,
                        jx_source source);

/* Frees what *f holds and empties it. */
void jx_field_clear(jx_field *f);

/* Fills the department (and the region at its head) from a file's path
 * when the text named none: the file's name read as a title, else the
 * nearest folder named like a unit (jx_meta.c). */
jx_status jx_fields_from_path(const char *path,
                              jx_field fields[JX_FIELD_COUNT]);

#endif
