/* jx_line_shape.h: the shape of one line of a report's clean text --
 * its numbering and heading level, a sentence end, a title-like or a
 * "label：value" line -- as cleaning (jx_clean.c), metadata extraction
 * (jx_meta.c) and the passage builder (jx_structure.c) read it. */
#ifndef JX_LINE_SHAPE_H
#define JX_LINE_SHAPE_H

#include <stddef.h>
#include <stdint.h>

#include "jx_lines.h"

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

/* Recognises the numbering at the start of a line (一、 （一） (一) 1. 1、
 * （1） (1) 1） ① ⑴ 第一部分 第一章...). Returns its level, or -1 when the
 * line is not numbered; *prefix_len (may be NULL) receives the bytes of
 * the numbering and the spaces after it. */
int Jx_numbering(const char *s, size_t len, size_t *prefix_len);

/* True for the closing quotes and brackets that may follow a sentence's
 * end (” ’ 」 』 ） ) 】 》 " '). */
int Jx_is_closing(uint32_t cp);

/* True when the line ends a sentence: its last character, after any
 * closing quotes or brackets, is 。！？；：… or their ASCII forms. */
int Jx_ends_sentence(const char *s, size_t len);

/* True for a line of at most max_chars characters with a Han character
 * and no clause punctuation (，；：。！？ or ASCII forms) nor table bar. */
int Jx_is_title_shaped(const char *s, size_t len, size_t max_chars);

/* True for a short line (at most JX_SHORT_LINE_CHARS characters) with a
 * Han character and no clause punctuation (，；：。！？ or ASCII forms)
 * nor table bar '|': a title, a heading, a unit's name, a date. */
int Jx_is_title_like(const char *s, size_t len);

/* True for a "label：value" line such as 发布机构：XX or 组  长：XX: a
 * label of 1 to 8 Han characters (spaces and brackets allowed, as in
 * 填报单位（盖章）) before the colon, no comma, at most 40 characters. */
int Jx_is_label_line(const char *s, size_t len);

#endif
