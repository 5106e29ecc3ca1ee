/* test_text.c: unit tests of jx_text: UTF-8 decoding and sanitizing,
 * encoding detection and conversion, folding, character classes and the
 * search form with its offset map. */
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_array.h"
#include "jx_test.h"
#include "jx_text.h"

#define FFFD "\xEF\xBF\xBD"

/* Converts the NUL-terminated UTF-8 s to the iconv encoding to into out;
 * returns 0 on success. */
static int iconv_from_utf8(const char *to, const char *s, jx_buf *out)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == (iconv_t)-1)
        return -1;
    size_t in_left = strlen(s);
    char *in = (char *)s;
    int rc = -1;
    if (Jx_buf_reserve(out, in_left * 4 + 8) == JX_OK) {
        char *o = out->data + out->len;
        size_t o_left = out->cap - out->len - 1;
        rc = iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1 ? -1 : 0;
        out->len = (size_t)(o - out->data);
        out->data[out->len] = '\0';
    }
    iconv_close(cd);
    return rc;
}

/* Decodes all of s (len bytes) and writes the code points as "U+XXXX/n"
 * items (n = bytes consumed) separated by spaces into out. */
static void decode_all(const char *s, size_t len, jx_buf *out)
{
    size_t i = 0;
    Jx_buf_reset(out);
    while (i < len) {
        uint32_t cp;
        size_t n = Jx_utf8_decode(s + i, len - i, &cp);
        Jx_buf_printf(out, "%sU+%04X/%zu", i ? " " : "", (unsigned)cp, n);
        i += n;
    }
}

/* Checks Jx_utf8_decode on valid and invalid input. */
static void test_decode(void)
{
    jx_buf b = {0};
    decode_all("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80", 10, &b);
    CHECK_STR(b.data, "U+0061/1 U+00E9/2 U+4E2D/3 U+1F600/4", "decode valid");
    decode_all("\x80z", 2, &b);
    CHECK_STR(b.data, "U+FFFD/1 U+007A/1", "decode lone continuation");
    decode_all("a\xE4\xB8", 3, &b);
    CHECK_STR(b.data, "U+0061/1 U+FFFD/1 U+FFFD/1", "decode truncated 3-byte");
    decode_all("\xE4\xB8\xAD", 2, &b);
    CHECK_STR(b.data, "U+FFFD/1 U+FFFD/1", "decode stops at len");
    decode_all("\xC0\x80", 2, &b);
    CHECK_STR(b.data, "U+FFFD/1 U+FFFD/1", "decode overlong C0 80");
    decode_all("\xE0\x80\xAF", 3, &b);
    CHECK_STR(b.data, "U+FFFD/1 U+FFFD/1 U+FFFD/1", "decode overlong E0");
    decode_all("\xED\xA0\x80", 3, &b);
    CHECK_STR(b.data, "U+FFFD/1 U+FFFD/1 U+FFFD/1", "decode surrogate");
    decode_all("\xF4\x90\x80\x80", 4, &b);
    CHECK_STR(b.data, "U+FFFD/1 U+FFFD/1 U+FFFD/1 U+FFFD/1",
              "decode above U+10FFFF");
    decode_all("\xF5\x80\x80\x80", 4, &b);
    CHECK_STR(b.data, "U+FFFD/1 U+FFFD/1 U+FFFD/1 U+FFFD/1", "decode F5");
    decode_all("\xFF", 1, &b);
    CHECK_STR(b.data, "U+FFFD/1", "decode FF");
    decode_all("\xE4\x41", 2, &b);
    CHECK_STR(b.data, "U+FFFD/1 U+0041/1", "decode bad continuation");
    decode_all("\xEF\xBF\xBD", 3, &b);
    CHECK_STR(b.data, "U+FFFD/3", "decode a real U+FFFD");
    Jx_buf_clear(&b);
}

/* Checks Jx_utf8_encode, including what it refuses to encode. */
static void test_encode(void)
{
    char o[4];
    CHECK_INT(Jx_utf8_encode('A', o), 1, "encode ASCII length");
    CHECK_INT(Jx_utf8_encode(0x4E2D, o), 3, "encode Han length");
    CHECK(memcmp(o, "\xE4\xB8\xAD", 3) == 0, "encode Han bytes", "wrong");
    CHECK_INT(Jx_utf8_encode(0x1F600, o), 4, "encode 4-byte length");
    CHECK(memcmp(o, "\xF0\x9F\x98\x80", 4) == 0, "encode 4-byte bytes",
          "wrong");
    CHECK_INT(Jx_utf8_encode(0xD800, o), 3, "encode surrogate length");
    CHECK(memcmp(o, FFFD, 3) == 0, "encode surrogate as U+FFFD", "wrong");
    CHECK_INT(Jx_utf8_encode(0x110000, o), 3, "encode too big length");
    CHECK(memcmp(o, FFFD, 3) == 0, "encode too big as U+FFFD", "wrong");
}

/* Checks Jx_utf8_sanitize output and its count. */
static void test_sanitize(void)
{
    jx_buf b = {0};
    size_t n = 99;
    Jx_buf_puts(&b, "pre:");
    const char in[] = "ok\x80\xE4\xB8\xAD\xC0\x80\xED\xA0\x80x\xE4\xB8";
    CHECK_INT(Jx_utf8_sanitize(in, sizeof in - 1, &b, &n), JX_OK,
              "sanitize status");
    CHECK_STR(b.data,
              "pre:ok" FFFD "\xE4\xB8\xAD" FFFD FFFD FFFD FFFD FFFD
              "x" FFFD FFFD,
              "sanitize output appended");
    CHECK_INT(n, 8, "sanitize replaced count");
    Jx_buf_reset(&b);
    CHECK_INT(Jx_utf8_sanitize("", 0, &b, NULL), JX_OK, "sanitize empty");
    CHECK_INT(b.len, 0, "sanitize empty length");
    Jx_buf_clear(&b);
}

/* Checks detection of each encoding the header names. */
static void test_detect(void)
{
    const char *zh = "绩效自评报告：预算执行率达到100%，评价等级为优。";
    jx_buf gb = {0}, le = {0}, be = {0}, big = {0};
    CHECK_INT(iconv_from_utf8("GB18030", zh, &gb), 0, "make GB18030 bytes");
    Jx_buf_append(&le, "\xFF\xFE", 2);
    CHECK_INT(iconv_from_utf8("UTF-16LE", zh, &le), 0, "make UTF-16LE");
    Jx_buf_append(&be, "\xFE\xFF", 2);
    CHECK_INT(iconv_from_utf8("UTF-16BE", zh, &be), 0, "make UTF-16BE");

    CHECK_INT(Jx_detect_encoding("", 0), JX_ENC_UTF8, "detect empty");
    CHECK_INT(Jx_detect_encoding("plain ascii\r\n", 13), JX_ENC_UTF8,
              "detect ASCII");
    CHECK_INT(Jx_detect_encoding(zh, strlen(zh)), JX_ENC_UTF8, "detect UTF-8");
    CHECK_INT(Jx_detect_encoding("\xEF\xBB\xBF"
                                 "abc",
                                 6),
              JX_ENC_UTF8_BOM, "detect UTF-8 BOM");
    CHECK_INT(Jx_detect_encoding(le.data, le.len), JX_ENC_UTF16LE,
              "detect UTF-16LE");
    CHECK_INT(Jx_detect_encoding(be.data, be.len), JX_ENC_UTF16BE,
              "detect UTF-16BE");
    CHECK_INT(Jx_detect_encoding(gb.data, gb.len), JX_ENC_GB18030,
              "detect GB18030");
    CHECK_INT(Jx_detect_encoding("text\0more", 9), JX_ENC_BINARY,
              "detect NUL as binary");
    CHECK_INT(Jx_detect_encoding("\x01\x02\x03\x04xyz", 7), JX_ENC_BINARY,
              "detect controls as binary");
    CHECK_INT(Jx_detect_encoding("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16),
              JX_ENC_BINARY, "detect PNG as binary");

    /* 8 KB of ASCII, then GB18030: the whole buffer must be looked at. */
    for (int k = 0; k < 8192; k++)
        Jx_buf_putc(&big, (char)('a' + k % 26));
    Jx_buf_append(&big, gb.data, gb.len);
    CHECK_INT(Jx_detect_encoding(big.data, big.len), JX_ENC_GB18030,
              "detect GB18030 after 8 KB of ASCII");
    /* The same with UTF-8 after the prefix. */
    big.len = 8192;
    Jx_buf_puts(&big, zh);
    CHECK_INT(Jx_detect_encoding(big.data, big.len), JX_ENC_UTF8,
              "detect UTF-8 after 8 KB of ASCII");

    /* Many UTF-8 sequences and one stray byte: still UTF-8. */
    jx_buf mostly = {0};
    for (int k = 0; k < 10; k++)
        Jx_buf_puts(&mostly, zh);
    Jx_buf_putc(&mostly, '\xFF');
    CHECK_INT(Jx_detect_encoding(mostly.data, mostly.len), JX_ENC_UTF8,
              "detect mostly-valid UTF-8 as UTF-8");
    /* UTF-8 that also parses as GB18030 (even-length Han runs), with one
     * GB18030 character pasted in: the UTF-8 majority wins. */
    Jx_buf_reset(&mostly);
    for (int k = 0; k < 100; k++)
        Jx_buf_puts(&mostly, "预算abc");
    Jx_buf_puts(&mostly, "\xD6\xD0");
    CHECK_INT(Jx_detect_encoding(mostly.data, mostly.len), JX_ENC_UTF8,
              "detect UTF-8 that also parses as GB18030");
    /* One NUL in a long text still makes it binary. */
    Jx_buf_reset(&mostly);
    for (int k = 0; k < 100; k++)
        Jx_buf_puts(&mostly, "plain text line\n");
    Jx_buf_putc(&mostly, '\0');
    CHECK_INT(Jx_detect_encoding(mostly.data, mostly.len), JX_ENC_BINARY,
              "detect a single NUL as binary");
    /* A few stray controls in a long text do not. */
    mostly.data[10] = '\x01';
    CHECK_INT(Jx_detect_encoding(mostly.data, mostly.len - 1), JX_ENC_UTF8,
              "detect a stray control as text");
    /* A bad byte that is not GB18030 either: UTF-8 with replacements. */
    CHECK_INT(Jx_detect_encoding("ab\xFF"
                                 "cd",
                                 5),
              JX_ENC_UTF8, "detect neither UTF-8 nor GB18030 as UTF-8");
    /* GB18030 cut in the middle of its last character: still GB18030. */
    jx_buf cut = {0};
    for (int k = 0; k < 10; k++)
        Jx_buf_append(&cut, gb.data, gb.len);
    Jx_buf_putc(&cut, '\xD6');
    CHECK_INT(Jx_detect_encoding(cut.data, cut.len), JX_ENC_GB18030,
              "detect truncated GB18030");

    /* Short texts cut in their last character, at every length from 1
     * to 98 characters (under the 99 that a 1% rule would need). */
    const char *para = "本单位按照年度工作计划有序推进各项重点任务确保资金使用"
                       "规范有效全年共组织专题培训六期通过绩效运行监控及时发现"
                       "并纠正执行偏差资金执行率达到百分之九十八以上下一步将进"
                       "一步完善绩效指标体系强化结果应用提高财政资金使用效益推"
                       "动高质量发展";
    jx_buf short_gb = {0}, short_u8 = {0};
    int gb_fails = 0, u8_fails = 0, first_gb = 0, first_u8 = 0;
    for (int chars = 1; chars < 99; chars++) {
        size_t end = 0;
        for (int k = 0; k <= chars && para[end]; k++) {
            uint32_t cp;
            end += Jx_utf8_decode(para + end, strlen(para) - end, &cp);
        }
        char *head = strndup(para, end); /* chars + 1 characters */
        Jx_buf_reset(&short_gb);
        Jx_buf_reset(&short_u8);
        iconv_from_utf8("GB18030", head, &short_gb);
        Jx_buf_puts(&short_u8, head);
        /* cut the last character: one byte of GB18030, two of UTF-8 */
        if (Jx_detect_encoding(short_gb.data, short_gb.len - 1) !=
                JX_ENC_GB18030 &&
            !gb_fails++)
            first_gb = chars;
        if (Jx_detect_encoding(short_u8.data, short_u8.len - 1) !=
                JX_ENC_UTF8 &&
            !u8_fails++)
            first_u8 = chars;
        if (Jx_detect_encoding(short_u8.data, short_u8.len) != JX_ENC_UTF8 &&
            !u8_fails++)
            first_u8 = chars;
        free(head);
    }
    CHECK(gb_fails == 0, "detect short GB18030 cut in its last character",
          "%d lengths misread, the first %d characters", gb_fails, first_gb);
    CHECK(u8_fails == 0,
          "detect short UTF-8, whole or cut in its last "
          "character",
          "%d lengths misread, the first %d characters", u8_fails, first_u8);
    /* A short GB18030 text with one bad byte inside (a lead byte before
     * a line break), and a short UTF-8 text with one stray byte. */
    Jx_buf_reset(&short_gb);
    iconv_from_utf8("GB18030", "资金执行率达到百分之九十八", &short_gb);
    Jx_buf_puts(&short_gb, "\xD6\n");
    iconv_from_utf8("GB18030", "下一步将进一步完善绩效指标体系。\n",
                    &short_gb);
    CHECK_INT(Jx_detect_encoding(short_gb.data, short_gb.len), JX_ENC_GB18030,
              "detect short GB18030 with one bad byte");
    Jx_buf_reset(&short_u8);
    Jx_buf_puts(&short_u8,
                "资金执行率达到百分之九十八\xD6\n下一步将进一步完善绩效。");
    CHECK_INT(Jx_detect_encoding(short_u8.data, short_u8.len), JX_ENC_UTF8,
              "detect short UTF-8 with one stray byte");
    Jx_buf_clear(&short_gb);
    Jx_buf_clear(&short_u8);

    CHECK_STR(Jx_encoding_name(JX_ENC_GB18030), "GB18030", "name GB18030");
    CHECK_STR(Jx_encoding_name(JX_ENC_UTF8), "UTF-8", "name UTF-8");
    Jx_buf_clear(&gb);
    Jx_buf_clear(&le);
    Jx_buf_clear(&be);
    Jx_buf_clear(&big);
    Jx_buf_clear(&mostly);
    Jx_buf_clear(&cut);
}

/* Checks conversion to UTF-8 from each encoding, replacements included. */
static void test_convert(void)
{
    const char *zh = "绩效自评报告：预算执行率达到100%，评价等级为优。𠀀";
    jx_buf src = {0}, out = {0};
    jx_error err;
    jx_encoding enc = JX_ENC_BINARY;
    size_t n = 99;

    iconv_from_utf8("GB18030", zh, &src);
    CHECK_INT(Jx_decode_text(src.data, src.len, &out, &enc, &n, &err), JX_OK,
              "GB18030 decode status");
    CHECK_INT(enc, JX_ENC_GB18030, "GB18030 decode detected");
    CHECK_STR(out.data, zh, "GB18030 round trip");
    CHECK_INT(n, 0, "GB18030 no replacements");

    /* A byte GB18030 has no character for, and a truncated end. */
    Jx_buf_reset(&out);
    CHECK_INT(Jx_to_utf8("\xD6\xD0\xFF\xD6\xD0\xD6", 6, JX_ENC_GB18030, &out,
                         &n, &err),
              JX_OK, "GB18030 bad bytes status");
    CHECK_STR(out.data, "中" FFFD "中" FFFD, "GB18030 bad bytes replaced");
    CHECK_INT(n, 2, "GB18030 bad bytes counted");

    Jx_buf_reset(&src);
    Jx_buf_reset(&out);
    Jx_buf_append(&src, "\xFF\xFE", 2);
    iconv_from_utf8("UTF-16LE", zh, &src);
    CHECK_INT(Jx_decode_text(src.data, src.len, &out, &enc, &n, &err), JX_OK,
              "UTF-16LE decode status");
    CHECK_INT(enc, JX_ENC_UTF16LE, "UTF-16LE detected");
    CHECK_STR(out.data, zh, "UTF-16LE round trip, BOM stripped");

    Jx_buf_reset(&src);
    Jx_buf_reset(&out);
    Jx_buf_append(&src, "\xFE\xFF", 2);
    iconv_from_utf8("UTF-16BE", zh, &src);
    CHECK_INT(Jx_decode_text(src.data, src.len, &out, &enc, &n, &err), JX_OK,
              "UTF-16BE decode status");
    CHECK_STR(out.data, zh, "UTF-16BE round trip, BOM stripped");

    /* An unpaired surrogate and an odd final byte in UTF-16LE. */
    Jx_buf_reset(&out);
    CHECK_INT(Jx_to_utf8("\xFF\xFE"
                         "A\0\x00\xDC"
                         "B\0C",
                         9, JX_ENC_UTF16LE, &out, &n, &err),
              JX_OK, "UTF-16LE bad units status");
    CHECK_STR(out.data, "A" FFFD "B" FFFD, "UTF-16LE bad units replaced");
    CHECK_INT(n, 2, "UTF-16LE bad units counted");

    Jx_buf_reset(&out);
    CHECK_INT(Jx_decode_text("\xEF\xBB\xBF"
                             "a\x80"
                             "b",
                             6, &out, &enc, &n, &err),
              JX_OK, "UTF-8 BOM decode status");
    CHECK_INT(enc, JX_ENC_UTF8_BOM, "UTF-8 BOM detected");
    CHECK_STR(out.data, "a" FFFD "b", "UTF-8 BOM stripped, bad byte replaced");
    CHECK_INT(n, 1, "UTF-8 replacements counted");

    Jx_buf_reset(&out);
    Jx_buf_puts(&out, "keep");
    CHECK_INT(Jx_decode_text("a\0b", 3, &out, &enc, &n, &err), JX_ERR_ENCODING,
              "binary refused");
    CHECK_INT(enc, JX_ENC_BINARY, "binary detected");
    CHECK_INT(err.status, JX_ERR_ENCODING, "binary error filled");
    CHECK_STR(out.data, "keep", "binary leaves output alone");
    Jx_buf_clear(&src);
    Jx_buf_clear(&out);
}

/* Report-like fixtures of our own for the evidence tests: Simplified
 * (a UTF-8 part and a GB18030 part of one report) and Traditional. */
static const char *const simp_head =
    "某县财政局2022年项目支出绩效自评报告\n"
    "一、基本情况\n"
    "本项目年初预算资金三百万元，全年预算执行率达到百分之九十八。\n";
static const char *const simp_tail =
    "二、存在的问题\n"
    "部分乡镇资金拨付进度较慢，项目档案管理有待进一步规范。\n"
    "三、自评结论\n"
    "本项目自评得分九十二分，绩效等级评定为优。\n";
static const char *const trad_text =
    "某縣教育局2021年部門整體支出績效自評報告\n"
    "一、部門基本情況\n"
    "本局共有在職人員四十二人，全年預算執行率達到百分之九十六。\n"
    "二、績效目標完成情況\n"
    "學校校舍維修改造工程按期完工，受益學生及家長滿意度較高。\n"
    "三、存在問題及改進措施\n"
    "部分項目前期論證不夠充分，下一步將加強績效運行監控。\n";

/* Decodes in (len bytes) with Jx_decode_text and checks the status, the
 * name of the encoding found and (when want is not NULL) the text. */
static void check_decode(const char *in, size_t len, jx_status want_st,
                         const char *want_enc, const char *want,
                         const char *name)
{
    jx_buf out = {0};
    jx_encoding enc = JX_ENC_BINARY;
    jx_error err = {0};
    size_t n = 99;
    char what[160];
    jx_status st = Jx_decode_text(in, len, &out, &enc, &n, &err);
    snprintf(what, sizeof what, "%s: status", name);
    CHECK_INT(st, want_st, what);
    snprintf(what, sizeof what, "%s: encoding", name);
    CHECK_STR(Jx_encoding_name(enc), want_enc, what);
    if (want) {
        snprintf(what, sizeof what, "%s: text", name);
        CHECK_STR(out.data ? out.data : "", want, what);
        snprintf(what, sizeof what, "%s: nothing replaced", name);
        CHECK_INT(n, 0, what);
    }
    Jx_buf_clear(&out);
}

/* Checks the decision by evidence: a file half UTF-8 and half GB18030
 * (either half the larger), a UTF-8 BOM before GB18030 or Big5, Big5
 * text (kept Traditional), and the forms that were right before (UTF-8
 * only, GB18030 only, UTF-16 with and without BOM) still right. */
static void test_evidence(void)
{
    jx_buf whole = {0}, src = {0}, gb_tail = {0}, big5 = {0};
    Jx_buf_puts(&whole, simp_head);
    Jx_buf_puts(&whole, simp_tail);
    CHECK_INT(iconv_from_utf8("GB18030", simp_tail, &gb_tail), 0,
              "make the GB18030 part");
    CHECK_INT(iconv_from_utf8("BIG5", trad_text, &big5), 0, "make Big5");

    /* UTF-8 head, GB18030 tail: each part decoded in its own encoding. */
    Jx_buf_puts(&src, simp_head);
    Jx_buf_append(&src, gb_tail.data, gb_tail.len);
    check_decode(src.data, src.len, JX_OK, "UTF-8 and GB18030", whole.data,
                 "mixed UTF-8 then GB18030");
    /* GB18030 head, UTF-8 tail, with the UTF-8 part much the larger. */
    jx_buf tail4 = {0}, want4 = {0};
    Jx_buf_reset(&src);
    iconv_from_utf8("GB18030", "附：某县财政局\n", &src);
    Jx_buf_puts(&want4, "附：某县财政局\n");
    for (int k = 0; k < 6; k++) {
        Jx_buf_puts(&tail4, simp_head);
        Jx_buf_puts(&want4, simp_head);
    }
    Jx_buf_append(&src, tail4.data, tail4.len);
    check_decode(src.data, src.len, JX_OK, "UTF-8 and GB18030", want4.data,
                 "mixed, a short GB18030 line before long UTF-8");

    /* A UTF-8 BOM is no proof: GB18030 after it is read as GB18030. */
    Jx_buf_reset(&src);
    Jx_buf_puts(&src, "\xEF\xBB\xBF");
    iconv_from_utf8("GB18030", whole.data, &src);
    check_decode(src.data, src.len, JX_OK, "GB18030", whole.data,
                 "UTF-8 BOM then GB18030");
    /* Big5 after a UTF-8 BOM too. */
    Jx_buf_reset(&src);
    Jx_buf_puts(&src, "\xEF\xBB\xBF");
    Jx_buf_append(&src, big5.data, big5.len);
    check_decode(src.data, src.len, JX_OK, "Big5", trad_text,
                 "UTF-8 BOM then Big5");

    /* Big5 is told from GB18030 and kept Traditional. */
    check_decode(big5.data, big5.len, JX_OK, "Big5", trad_text, "Big5 text");
    /* One Big5 line is enough, and a short one. */
    Jx_buf_reset(&src);
    iconv_from_utf8("BIG5", "二、績效目標完成情況\n", &src);
    check_decode(src.data, src.len, JX_OK, "Big5", "二、績效目標完成情況\n",
                 "one Big5 line");
    /* UTF-8 head, Big5 tail. */
    Jx_buf_reset(&src);
    Jx_buf_reset(&want4);
    Jx_buf_puts(&src, simp_head);
    Jx_buf_append(&src, big5.data, big5.len);
    Jx_buf_puts(&want4, simp_head);
    Jx_buf_puts(&want4, trad_text);
    check_decode(src.data, src.len, JX_OK, "UTF-8 and Big5", want4.data,
                 "mixed UTF-8 then Big5");

    /* A short GB18030 text with a rare character (婺 is not in GB2312's
     * level 1): too little evidence to call it mojibake. */
    Jx_buf_reset(&src);
    iconv_from_utf8("GB18030", "婺源县\n", &src);
    check_decode(src.data, src.len, JX_OK, "GB18030", "婺源县\n",
                 "short GB18030 with a rare character");

    /* What was right before stays right. */
    check_decode(whole.data, whole.len, JX_OK, "UTF-8", whole.data,
                 "UTF-8 only");
    Jx_buf_reset(&src);
    iconv_from_utf8("GB18030", whole.data, &src);
    check_decode(src.data, src.len, JX_OK, "GB18030", whole.data,
                 "GB18030 only");
    Jx_buf_reset(&src);
    Jx_buf_puts(&src, "\xEF\xBB\xBF");
    Jx_buf_puts(&src, whole.data);
    check_decode(src.data, src.len, JX_OK, "UTF-8 with BOM", whole.data,
                 "UTF-8 with BOM");
    Jx_buf_reset(&src);
    Jx_buf_append(&src, "\xFF\xFE", 2);
    iconv_from_utf8("UTF-16LE", whole.data, &src);
    check_decode(src.data, src.len, JX_OK, "UTF-16LE", whole.data,
                 "UTF-16LE with BOM");
    Jx_buf_reset(&src);
    iconv_from_utf8("UTF-16BE", whole.data, &src);
    check_decode(src.data, src.len, JX_ERR_ENCODING, "binary", NULL,
                 "UTF-16 without BOM refused as binary");

    Jx_buf_clear(&whole);
    Jx_buf_clear(&src);
    Jx_buf_clear(&gb_tail);
    Jx_buf_clear(&big5);
    Jx_buf_clear(&tail4);
    Jx_buf_clear(&want4);
}

/* Checks that text which would come out as mojibake in every encoding
 * jixiao knows is refused with a message that says why, while a stray
 * bad byte or two in good text is still read. */
static void test_mojibake_refused(void)
{
    jx_buf src = {0}, out = {0};
    jx_encoding enc;
    jx_error err = {0};
    size_t n;
    /* Japanese in Shift_JIS: neither UTF-8 nor common Chinese. */
    CHECK_INT(iconv_from_utf8("SHIFT_JIS",
                              "令和四年度事業評価報告書\n"
                              "本事業の予算執行率は九十八パーセントでした。\n"
                              "今後も評価結果を活用していきます。\n",
                              &src),
              0, "make Shift_JIS");
    CHECK_INT(Jx_decode_text(src.data, src.len, &out, &enc, &n, &err),
              JX_ERR_ENCODING, "Shift_JIS refused");
    CHECK(strstr(err.message, "GB18030") && strstr(err.message, "Big5"),
          "Shift_JIS refusal names what was tried", "message \"%s\"",
          err.message);
    CHECK_INT(out.len, 0, "refusal leaves no text");
    /* Latin-1 text. */
    Jx_buf_reset(&src);
    iconv_from_utf8("ISO-8859-1",
                    "Rapport d'évaluation: l'exécution budgétaire a "
                    "été réalisée à 98 %, résultat jugé très élevé.\n",
                    &src);
    CHECK_INT(Jx_decode_text(src.data, src.len, &out, &enc, &n, &err),
              JX_ERR_ENCODING, "Latin-1 refused");
    /* High bytes in bulk that are no text at all. */
    Jx_buf_reset(&src);
    unsigned long long seed = 7;
    for (int k = 0; k < 2000; k++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        Jx_buf_putc(&src, k % 40 == 39 ? '\n' : (char)(0x80 | (seed >> 57)));
    }
    CHECK_INT(Jx_decode_text(src.data, src.len, &out, &enc, &n, &err),
              JX_ERR_ENCODING, "random high bytes refused");
    /* GB18030 text with three bad bytes at the start of every line: too
     * many to replace quietly, though the characters are common ones. */
    jx_buf gb = {0};
    iconv_from_utf8("GB18030", simp_tail, &gb);
    Jx_buf_reset(&src);
    for (int rep = 0; rep < 3; rep++)
        for (size_t k = 0; k < gb.len; k++) {
            if (k == 0 || gb.data[k - 1] == '\n')
                Jx_buf_puts(&src, "\xFF\xFF\xFF");
            Jx_buf_putc(&src, gb.data[k]);
        }
    CHECK_INT(Jx_decode_text(src.data, src.len, &out, &enc, &n, &err),
              JX_ERR_ENCODING, "GB18030 full of bad bytes refused");
    CHECK(strstr(err.message, "valid in none of UTF-8, GB18030 and Big5"),
          "bad bytes: the message says so", "message \"%s\"", err.message);
    Jx_buf_clear(&gb);
    /* But a few stray bytes in UTF-8 text are replaced, as before. */
    Jx_buf_reset(&src);
    Jx_buf_puts(&src, simp_head);
    Jx_buf_puts(&src, "坏字节\377\376\300\257在此。\nabc\xFF\n");
    Jx_buf_reset(&out);
    CHECK_INT(Jx_decode_text(src.data, src.len, &out, &enc, &n, &err), JX_OK,
              "stray bytes in UTF-8 read");
    CHECK_STR(Jx_encoding_name(enc), "UTF-8", "stray bytes: still UTF-8");
    CHECK_INT(n, 5, "stray bytes replaced");
    Jx_buf_clear(&src);
    Jx_buf_clear(&out);
}

/* Checks samples of Jx_fold_char and the character classes. */
static void test_fold_and_classes(void)
{
    CHECK_INT(Jx_fold_char(0xFF21), 'a', "fold Ａ to a");
    CHECK_INT(Jx_fold_char(0xFF41), 'a', "fold ａ to a");
    CHECK_INT(Jx_fold_char(0xFF10), '0', "fold ０ to 0");
    CHECK_INT(Jx_fold_char(0xFF05), '%', "fold ％ to %");
    CHECK_INT(Jx_fold_char(0xFF01), '!', "fold ！ to !");
    CHECK_INT(Jx_fold_char(0xFF5E), '~', "fold ～ to ~");
    CHECK_INT(Jx_fold_char(0xFF5F), 0xFF5F, "fold leaves U+FF5F");
    CHECK_INT(Jx_fold_char(0xFF0C), ',', "fold ， to ,");
    CHECK_INT(Jx_fold_char(0x3000), ' ', "fold ideographic space");
    CHECK_INT(Jx_fold_char(0x00A0), ' ', "fold NBSP");
    CHECK_INT(Jx_fold_char(0x2003), ' ', "fold em space");
    CHECK_INT(Jx_fold_char('Z'), 'z', "fold Z");
    CHECK_INT(Jx_fold_char('z'), 'z', "fold z unchanged");
    CHECK_INT(Jx_fold_char('\t'), '\t', "fold tab unchanged");
    CHECK_INT(Jx_fold_char(0x3001), 0x3001, "fold leaves 、");
    CHECK_INT(Jx_fold_char(0x00C9), 0x00C9, "fold leaves É");
    CHECK_INT(Jx_fold_char(0x4E2D), 0x4E2D, "fold leaves 中");

    CHECK(Jx_is_han(0x4E00) && Jx_is_han(0x9FFF) && Jx_is_han(0x3400) &&
              Jx_is_han(0x4DBF) && Jx_is_han(0xF900) && Jx_is_han(0x20000) &&
              Jx_is_han(0x2FA1F) && Jx_is_han(0x3007),
          "is_han ranges", "a Han character was refused");
    CHECK(!Jx_is_han(0x3006) && !Jx_is_han(0x3001) && !Jx_is_han(0x30A2) &&
              !Jx_is_han('a') && !Jx_is_han(0xFF10) && !Jx_is_han(0x2FA20) &&
              !Jx_is_han(0x4DC0),
          "is_han refuses others", "a non-Han character was accepted");
    CHECK(Jx_is_word_char('a') && Jx_is_word_char('z') &&
              Jx_is_word_char('0') && Jx_is_word_char('9'),
          "is_word_char accepts", "wrong");
    CHECK(!Jx_is_word_char('A') && !Jx_is_word_char('.') &&
              !Jx_is_word_char('_') && !Jx_is_word_char(0xFF41),
          "is_word_char refuses", "wrong");
    CHECK(Jx_is_space(' ') && Jx_is_space('\t') && Jx_is_space('\n') &&
              Jx_is_space('\r') && Jx_is_space('\v') && Jx_is_space('\f') &&
              Jx_is_space(0xA0) && Jx_is_space(0x3000) &&
              Jx_is_space(0x2000) && Jx_is_space(0x200B) &&
              Jx_is_space(0x202F) && Jx_is_space(0x205F) &&
              Jx_is_space(0xFEFF),
          "is_space accepts", "wrong");
    CHECK(!Jx_is_space('a') && !Jx_is_space(0) && !Jx_is_space(0x200C) &&
              !Jx_is_space(0x3001),
          "is_space refuses", "wrong");
}

/* Checks the search form of s (NUL-terminated) against want. */
static void check_form(const char *s, const char *want, const char *name)
{
    jx_buf b = {0};
    jx_status st = Jx_search_form(s, strlen(s), &b, NULL);
    CHECK_INT(st, JX_OK, name);
    CHECK_STR(b.data, want, name);
    Jx_buf_clear(&b);
}

/* Writes the offset map as "o0,o1,...,oN" into out. */
static void map_string(const jx_offset_map *m, jx_buf *out)
{
    Jx_buf_reset(out);
    for (size_t i = 0; i <= m->len; i++)
        Jx_buf_printf(out, "%s%zu", i ? "," : "", m->orig[i]);
}

/* Checks the search form examples and their offset maps. */
static void test_search_form(void)
{
    check_form("2022 年", "2022年", "form 2022 年");
    check_form("ＡＢＣ　１２３", "abc 123", "form full-width words");
    check_form("预算 执行", "预算执行", "form Han space dropped");
    check_form("Budget  Plan", "budget plan", "form words keep one space");
    check_form("  \t lead and trail \n ", "lead and trail",
               "form ends trimmed");
    check_form("a \xE3\x80\x80\t b", "a b", "form mixed spaces");
    check_form("预算执行率达到１００％。", "预算执行率达到100%。",
               "form full-width digits");
    check_form("a , b", "a,b", "form space around punctuation dropped");
    check_form("x\x80y", "x" FFFD "y", "form invalid byte replaced");
    check_form("", "", "form empty");
    check_form("   ", "", "form only spaces");

    jx_buf b = {0}, ms = {0};
    jx_offset_map m = {0};
    /* "Ａ b　中" : Ａ(0-2) ' '(3) b(4) U+3000(5-7) 中(8-10) */
    const char *s = "Ａ b\xE3\x80\x80中";
    CHECK_INT(Jx_search_form(s, strlen(s), &b, &m), JX_OK, "map status");
    CHECK_STR(b.data, "a b中", "map form");
    CHECK_INT(m.len, 6, "map length");
    map_string(&m, &ms);
    CHECK_STR(ms.data, "0,3,4,8,8,8,11", "map offsets");

    /* Spaces and an invalid byte between words; the map is replaced. */
    Jx_buf_reset(&b);
    s = "ab \xC2\xA0 cd\xFF";
    CHECK_INT(Jx_search_form(s, strlen(s), &b, &m), JX_OK, "map2 status");
    CHECK_STR(b.data, "ab cd" FFFD, "map2 form");
    map_string(&m, &ms);
    CHECK_STR(ms.data, "0,1,2,6,7,8,8,8,9", "map2 offsets");

    /* Appending to a buffer that holds text: the map covers the new part. */
    Jx_buf_reset(&b);
    Jx_buf_puts(&b, "old");
    CHECK_INT(Jx_search_form(" x", 2, &b, &m), JX_OK, "map3 status");
    CHECK_STR(b.data, "oldx", "map3 appended");
    map_string(&m, &ms);
    CHECK_STR(ms.data, "1,2", "map3 offsets of the appended part");
    Jx_offset_map_clear(&m);
    CHECK(m.orig == NULL && m.len == 0, "map freed", "not emptied");
    Jx_buf_clear(&b);
    Jx_buf_clear(&ms);
}

/* The search form the slow, obvious way, one character at a time, from
 * the public functions, with the offsets in map (len + 1 entries). */
static void reference_form(const char *s, size_t len, jx_buf *out, size_t *map)
{
    int prev_word = 0, pending = 0;
    size_t space_at = 0, i = 0;
    Jx_buf_reset(out);
    while (i < len) {
        uint32_t cp;
        size_t n = Jx_utf8_decode(s + i, len - i, &cp);
        cp = Jx_fold_char(cp);
        if (Jx_is_space(cp)) {
            if (!pending)
                space_at = i;
            pending = 1;
        } else {
            if (pending && prev_word && Jx_is_word_char(cp)) {
                map[out->len] = space_at;
                Jx_buf_putc(out, ' ');
            }
            pending = 0;
            prev_word = Jx_is_word_char(cp);
            char enc[4];
            size_t m = Jx_utf8_encode(cp, enc);
            for (size_t k = 0; k < m; k++)
                map[out->len + k] = i;
            Jx_buf_append(out, enc, m);
        }
        i += n;
    }
    map[out->len] = len;
}

/* Compares Jx_search_form with reference_form on random strings made of
 * pieces that exercise every rule, and checks the output is valid UTF-8. */
static void test_search_form_random(void)
{
    static const char *const pieces[] = {"a",
                                         "Z",
                                         "7",
                                         ".",
                                         " ",
                                         "\t",
                                         "\n",
                                         "\xE3\x80\x80",
                                         "\xC2\xA0",
                                         "\xE2\x80\x8B",
                                         "\xEF\xBB\xBF",
                                         "Ａ",
                                         "ｚ",
                                         "９",
                                         "％",
                                         "中",
                                         "〇",
                                         "\xF0\xA0\x80\x80",
                                         "，",
                                         "\x80",
                                         "\xFF",
                                         "\xE4\xB8",
                                         "\xC0\x80",
                                         "\xED\xA0\x80",
                                         "\x01",
                                         "é",
                                         "の"};
    size_t npieces = sizeof pieces / sizeof pieces[0];
    unsigned long long seed = 42;
    jx_buf in = {0}, got = {0}, want = {0};
    jx_offset_map m = {0};
    int bad_form = 0, bad_map = 0, bad_utf8 = 0;
    for (int round = 0; round < 3000; round++) {
        Jx_buf_reset(&in);
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int count = (int)(seed >> 59);
        for (int k = 0; k < count; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            Jx_buf_puts(&in, pieces[(seed >> 33) % npieces]);
        }
        size_t *ref = malloc((in.len * 3 + 2) * sizeof *ref);
        reference_form(in.data, in.len, &want, ref);
        Jx_buf_reset(&got);
        if (Jx_search_form(in.data, in.len, &got, &m) != JX_OK ||
            strcmp(got.data, want.data) != 0)
            bad_form++;
        else if (m.len != got.len ||
                 memcmp(m.orig, ref, (m.len + 1) * sizeof *ref) != 0)
            bad_map++;
        jx_buf check = {0};
        size_t replaced = 0;
        Jx_utf8_sanitize(got.data, got.len, &check, &replaced);
        bad_utf8 += replaced != 0;
        Jx_buf_clear(&check);
        free(ref);
    }
    CHECK_INT(bad_form, 0, "random search forms match the reference");
    CHECK_INT(bad_map, 0, "random offset maps match the reference");
    CHECK_INT(bad_utf8, 0, "random search forms are valid UTF-8");
    Jx_offset_map_clear(&m);
    Jx_buf_clear(&in);
    Jx_buf_clear(&got);
    Jx_buf_clear(&want);
}

/* Jx_array_reserve: grows by doubling, keeps the elements, refuses a
 * size that would overflow and then leaves the array as it was. */
static void test_array(void)
{
    int *v = NULL;
    size_t n = 0, cap = 0;
    int ok = 1;
    for (int i = 0; i < 1000 && ok; i++) {
        ok = Jx_array_reserve(&v, &cap, n + 1, sizeof *v) == JX_OK &&
             cap >= n + 1;
        if (ok)
            v[n++] = i;
    }
    for (size_t i = 0; ok && i < n; i++)
        ok = v[i] == (int)i;
    CHECK(ok && n == 1000, "array grows and keeps its elements",
          "n %zu, cap %zu", n, cap);
    CHECK_INT(cap, 1024, "array capacity doubles from 8");
    CHECK_INT(Jx_array_reserve(&v, &cap, 10, sizeof *v), JX_OK,
              "array: room already there");
    CHECK_INT(cap, 1024, "array: no shrinking");
    int *before = v;
    CHECK_INT(Jx_array_reserve(&v, &cap, SIZE_MAX / 2, sizeof *v),
              JX_ERR_NOMEM, "array: overflow refused");
    CHECK(v == before && cap == 1024, "array: unchanged after a refusal",
          "changed");
    free(v);
}

int main(void)
{
    jx_test_name = "text";
    test_decode();
    test_encode();
    test_sanitize();
    test_detect();
    test_convert();
    test_evidence();
    test_mojibake_refused();
    test_fold_and_classes();
    test_search_form();
    test_search_form_random();
    test_array();
    TEST_MAIN_END();
}
