/* jx_line_shape.c: the shape of a report's lines -- numbering, sentence
 * ends, title-like and label lines -- which cleaning, metadata
 * extraction and the passage builder all read. The rules are in
 * docs/report-model.md. */
#include <string.h>

#include "jx_line_shape.h"

/* The Chinese numerals of section numbers (一 to 十, 百, 零, 〇). */
static int is_cn_numeral(uint32_t cp)
{
    static const uint32_t digits[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                      0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341,
                                      0x767E, 0x96F6, 0x3007};
    for (size_t i = 0; i < sizeof digits / sizeof *digits; i++)
        if (cp == digits[i])
            return 1;
    return 0;
}

/* Moves *i past a run of characters accepted by pred; returns how many. */
static size_t skip_run(const char *s, size_t len, size_t *i,
                       int (*pred)(uint32_t))
{
    size_t count = 0;
    while (*i < len) {
        size_t j = *i;
        if (!pred(jx_next_cp(s, len, &j)))
            break;
        *i = j;
        count++;
    }
    return count;
}

/* True for the spaces allowed after a numbering. */
static int is_blank(uint32_t cp)
{
    return Jx_is_space(cp);
}

/* 第 + numeral + 部分/章/篇/节. */
static int numbering_part(const char *s, size_t len, size_t *i)
{
    if (!Jx_starts_with(s, len, "第"))
        return 0;
    size_t j = strlen("第");
    size_t k = j;
    if (!skip_run(s, len, &k, is_cn_numeral) &&
        !skip_run(s, len, &k, Jx_is_digit))
        return 0;
    static const char *const words[] = {"部分", "章", "篇", "节"};
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        if (Jx_starts_with(s + k, len - k, words[w])) {
            *i = k + strlen(words[w]);
            return 1;
        }
    }
    return 0;
}

/* An opening bracket, numerals, a closing bracket: （一） (1) ... */
static int numbering_paren(const char *s, size_t len, size_t *i)
{
    size_t j = 0;
    uint32_t open = jx_next_cp(s, len, &j);
    if (open != 0xFF08 && open != '(')
        return -1;
    int level;
    if (skip_run(s, len, &j, is_cn_numeral))
        level = JX_LEVEL_CN_PAREN;
    else if (skip_run(s, len, &j, Jx_is_digit))
        level = JX_LEVEL_NUM_PAREN;
    else
        return -1;
    if (j >= len)
        return -1;
    uint32_t close = jx_next_cp(s, len, &j);
    if (close != 0xFF09 && close != ')')
        return -1;
    *i = j;
    return level;
}

/* Numerals then a separator: 一、 一． 1、 1. 1） 1) (not 1.5, not 2022年). */
static int numbering_plain(const char *s, size_t len, size_t *i)
{
    size_t j = 0;
    int cn = 0;
    size_t count = skip_run(s, len, &j, Jx_is_digit);
    if (count == 0) {
        count = skip_run(s, len, &j, is_cn_numeral);
        cn = 1;
    }
    if (count == 0 || count > (cn ? 4u : 2u) || j >= len)
        return -1;
    uint32_t sep = jx_next_cp(s, len, &j);
    if (sep == 0x3001 /* 、 */) {
        *i = j;
        return cn ? JX_LEVEL_CN : JX_LEVEL_NUM;
    }
    if (sep == '.' || sep == 0xFF0E) {
        size_t k = j;
        if (k < len && Jx_is_digit(jx_next_cp(s, len, &k)))
            return -1;
        *i = j;
        return cn ? JX_LEVEL_CN : JX_LEVEL_NUM;
    }
    if (!cn && (sep == ')' || sep == 0xFF09)) {
        *i = j;
        return JX_LEVEL_NUM_PAREN;
    }
    return -1;
}

/* ① to ⑳, ⑴ to ⒇ and ⒈ to ⒛. */
static int numbering_circled(const char *s, size_t len, size_t *i)
{
    size_t j = 0;
    uint32_t cp = jx_next_cp(s, len, &j);
    int level = -1;
    if (cp >= 0x2460 && cp <= 0x2473)
        level = JX_LEVEL_CIRCLED;
    else if (cp >= 0x2474 && cp <= 0x2487)
        level = JX_LEVEL_NUM_PAREN;
    else if (cp >= 0x2488 && cp <= 0x249B)
        level = JX_LEVEL_NUM;
    if (level >= 0)
        *i = j;
    return level;
}

/* Tries each numbering form in turn, then skips the spaces after it. */
int Jx_numbering(const char *s, size_t len, size_t *prefix_len)
{
    size_t i = 0;
    int level = -1;
    if (len == 0)
        return -1;
    if (numbering_part(s, len, &i))
        level = JX_LEVEL_PART;
    if (level < 0)
        level = numbering_paren(s, len, &i);
    if (level < 0)
        level = numbering_plain(s, len, &i);
    if (level < 0)
        level = numbering_circled(s, len, &i);
    if (level < 0)
        return -1;
    skip_run(s, len, &i, is_blank);
    if (prefix_len)
        *prefix_len = i;
    return level;
}

/* Closing quotes and brackets that may follow a sentence's end. */
int Jx_is_closing(uint32_t cp)
{
    return cp == 0x201D || cp == 0x2019 || cp == 0x300D || cp == 0x300F ||
           cp == 0xFF09 || cp == ')' || cp == 0x3011 || cp == 0x300B ||
           cp == '"' || cp == '\'';
}

/* 。！？；：… and ASCII . ! ? ; : */
static int is_final_punct(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B ||
           cp == 0xFF1A || cp == 0x2026 || cp == '.' || cp == '!' ||
           cp == '?' || cp == ';' || cp == ':';
}

/* Strips closing marks from the end, then looks at the last character. */
int Jx_ends_sentence(const char *s, size_t len)
{
    while (len > 0) {
        size_t start;
        uint32_t cp = Jx_last_cp(s, len, &start);
        if (!Jx_is_closing(cp))
            return is_final_punct(cp);
        len = start;
    }
    return 0;
}

/* ，；：。！？ and ASCII , ; : ! ? (not 、 nor brackets nor '.'). */
static int is_clause_punct(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0xFF1B || cp == 0xFF1A || cp == 0x3002 ||
           cp == 0xFF01 || cp == 0xFF1F || cp == ',' || cp == ';' ||
           cp == ':' || cp == '!' || cp == '?';
}

/* One pass counting characters and looking for Han and punctuation. */
int Jx_is_title_shaped(const char *s, size_t len, size_t max_chars)
{
    size_t count = 0;
    int han = 0;
    for (size_t i = 0; i < len; count++) {
        uint32_t cp = jx_next_cp(s, len, &i);
        if (is_clause_punct(cp) || cp == '|' || count >= max_chars)
            return 0;
        han |= Jx_is_han(cp);
    }
    return han;
}

/* A title-shaped line of at most JX_SHORT_LINE_CHARS. */
int Jx_is_title_like(const char *s, size_t len)
{
    return Jx_is_title_shaped(s, len, JX_SHORT_LINE_CHARS);
}

/* A short label of Han characters, a colon, then anything but a comma. */
int Jx_is_label_line(const char *s, size_t len)
{
    size_t i = 0, label = 0;
    int colon = 0;
    while (i < len) {
        uint32_t cp = jx_next_cp(s, len, &i);
        if (cp == 0xFF1A || cp == ':') {
            colon = 1;
            break;
        }
        if (Jx_is_han(cp))
            label++;
        else if (!Jx_is_space(cp) && cp != 0xFF08 && cp != 0xFF09 &&
                 cp != '(' && cp != ')')
            return 0;
        if (label > 8)
            return 0;
    }
    if (!colon || label < 1 || label > 8)
        return 0;
    size_t chars = 0; /* at most 41 looked at: a paragraph may be long */
    for (i = 0; i < len && chars <= 40; chars++)
        jx_next_cp(s, len, &i);
    if (chars > 40)
        return 0;
    return Jx_find(s, len, "，") == (size_t)-1 && !memchr(s, ',', len);
}
