/* test_copies.c: one report, many copies (jx_copies.h). The normalised
 * text keeps letters, digits, '.' and '%' only (folded); MinHash
 * estimates are 1 for equal texts and low for different ones; the
 * decision takes a text wrapped in a web page's words for a copy, and
 * keeps apart a text with a figure or a sentence changed, a short text,
 * and an excerpt; band terms find a copy through a database, and
 * forgotten text is found no more; records keep copy paths and bands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_copies.h"
#include "jx_record.h"
#include "jx_schema.h"
#include "jx_test.h"
#include "jx_xapian.h"

/* A report's body, in the genre (written for this test). */
static const char body[] =
    "某县农业农村局2022年度高标准农田建设项目支出绩效自评报告\n"
    "一、项目基本情况\n"
    "项目年度预算1200.00万元，实际支出1150.40万元，预算执行率为95.87%。"
    "项目新建高标准农田1.2万亩，完善灌排渠道36公里，机耕道路18公里。\n"
    "二、绩效目标完成情况\n"
    "项目区粮食亩产提高约60公斤，群众满意度为93.5%，"
    "工程验收合格率100%，达到年度目标。\n"
    "三、存在的问题\n"
    "部分工程开工较晚，资金支付进度在上半年偏慢。\n";

/* Normalises s into a new string. */
static char *norm_of(const char *s)
{
    jx_buf b = {0};
    if (Jx_copies_normalize(s, strlen(s), &b))
        return NULL;
    return Jx_buf_detach(&b);
}

/* Replaces the first from in s by to, in a new string. */
static char *replaced(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    jx_buf b = {0};
    if (!at)
        return NULL;
    Jx_buf_append(&b, s, (size_t)(at - s));
    Jx_buf_puts(&b, to);
    Jx_buf_puts(&b, at + strlen(from));
    return Jx_buf_detach(&b);
}

static void test_normalize(void)
{
    char *n =
        norm_of("预算执行率为 95.66%，\n合计：１２３万元。ABC ｘ“引号”·");
    CHECK_STR(n, "预算执行率为95.66%合计123万元abcx引号", "normalize");
    free(n);
    n = norm_of("");
    CHECK_STR(n, "", "normalize empty");
    free(n);
}

/* The signature and band hex of normalised text. */
static void sig_of(const char *norm, jx_copy_sig *sig, jx_buf *bands)
{
    Jx_copies_signature(norm, strlen(norm), sig);
    Jx_buf_reset(bands);
    Jx_copies_bands_hex(sig, bands);
}

static void test_signature(void)
{
    char *a = norm_of(body), *b = norm_of(body);
    char *other = norm_of("某市教育局2021年部门整体支出绩效自评报告\n"
                          "全年组织教师培训三千人次，新建校舍两所，"
                          "学生资助覆盖率达到百分之百，家长满意度较高。"
                          "下一步将加强项目前期论证，提高资金使用效益。");
    jx_copy_sig sa, sb, so;
    jx_buf ba = {0}, bb = {0}, bo = {0};
    sig_of(a, &sa, &ba);
    sig_of(b, &sb, &bb);
    sig_of(other, &so, &bo);
    CHECK(Jx_copies_estimate(&sa, &sb) == 1.0, "estimate equal", "%f",
          Jx_copies_estimate(&sa, &sb));
    CHECK(Jx_copies_estimate(&sa, &so) < 0.3, "estimate different", "%f",
          Jx_copies_estimate(&sa, &so));
    CHECK_INT(ba.len, JX_COPIES_BANDS * 16, "bands length");
    CHECK_STR(ba.data, bb.data, "bands equal");
    CHECK(strcmp(ba.data, bo.data) != 0, "bands differ", "same bands");
    free(a);
    free(b);
    free(other);
    Jx_buf_clear(&ba);
    Jx_buf_clear(&bb);
    Jx_buf_clear(&bo);
}

/* Jx_copies_same on the normalised forms of two texts. */
static int same(const char *x, const char *y)
{
    char *a = norm_of(x), *b = norm_of(y);
    int r = a && b && Jx_copies_same(a, strlen(a), b, strlen(b));
    free(a);
    free(b);
    return r;
}

static void test_same(void)
{
    jx_buf web = {0};
    Jx_buf_puts(&web, "首页 > 政务公开 > 绩效评价\n索引号：001/2023-01\n");
    Jx_buf_puts(&web, body);
    Jx_buf_puts(&web, "分享到：微信\n主办单位：某县人民政府办公室\n");
    char *figure = replaced(body, "95.87%", "96.12%");
    char *sentence = replaced(body, "达到年度目标。",
                              "达到年度目标。"
                              "项目档案已归档。");
    char *spaced = replaced(body, "1200.00万元", "1200.00 万元");
    CHECK(same(body, body), "same: equal", "not a copy");
    CHECK(same(body, web.data), "same: web page", "not a copy");
    CHECK(same(web.data, body), "same: web page, other way", "not a copy");
    CHECK(same(body, spaced), "same: spaces", "not a copy");
    CHECK(!same(body, figure), "apart: a figure", "a copy");
    CHECK(!same(body, sentence), "apart: a sentence", "a copy");
    CHECK(!same("预算执行率为95%。", "预算执行率为95%。"), "apart: short",
          "a copy");
    /* an excerpt: a third of the report quoted in another */
    const char *cut = strstr(body, "二、");
    CHECK(cut && !same(cut, body), "apart: excerpt", "a copy");
    free(figure);
    free(sentence);
    free(spaced);
    Jx_buf_clear(&web);
}

/* A report record with key and bands, a path and a copy path. */
static void fill(jx_report_record *rec, const char *key, const char *bands)
{
    memset(rec, 0, sizeof *rec);
    snprintf(rec->key.hex, sizeof rec->key.hex, "%s", key);
    rec->format = strdup("docx");
    rec->copy_bands = bands ? strdup(bands) : NULL;
    rec->n_passages = 3;
    Jx_report_record_add_path(rec, "/r/a.docx", 10, 20);
    Jx_report_record_add_path(rec, "/r/a.pdf", 30, 40);
    Jx_report_record_mark_copy(rec, "0123456789abcdef0123456789abcdef", "pdf");
}

static void test_record(void)
{
    jx_report_record rec, back;
    jx_buf data = {0};
    jx_error err;
    fill(&rec, "ffffffffffffffffffffffffffffffff", "00ff");
    Jx_report_record_write(&rec, &data);
    CHECK_INT(Jx_report_record_read(data.data, data.len, &back, &err), JX_OK,
              "record read");
    CHECK_STR(back.copy_bands, "00ff", "record bands");
    CHECK_INT(back.n_paths, 2, "record paths");
    CHECK_STR(back.paths[0].copy_key, "", "record own path");
    CHECK_STR(back.paths[1].copy_key, "0123456789abcdef0123456789abcdef",
              "record copy key");
    CHECK_STR(back.paths[1].copy_format, "pdf", "record copy format");
    CHECK(!Jx_copies_orphaned(&back), "not orphaned", "orphaned");
    Jx_report_record_remove_path(&back, 0);
    CHECK(Jx_copies_orphaned(&back), "orphaned", "not orphaned");
    CHECK(Jx_copies_format_rank("docx") < Jx_copies_format_rank("text") &&
              Jx_copies_format_rank("text") < Jx_copies_format_rank("html") &&
              Jx_copies_format_rank("html") < Jx_copies_format_rank("pdf") &&
              Jx_copies_format_rank("pdf") < Jx_copies_format_rank("doc"),
          "format rank", "out of order");
    Jx_report_record_clear(&back);
    Jx_report_record_clear(&rec);
    Jx_buf_clear(&data);
}

/* A database with one report: found by its copies, not by an edit. */
static void test_find(const char *dir)
{
    jx_wdb *w = NULL;
    jx_doc *doc = NULL;
    jx_error err;
    jx_report_record rec;
    jx_buf data = {0}, bands = {0}, id = {0};
    jx_copy_sig sig;
    char *norm = norm_of(body);
    sig_of(norm, &sig, &bands);
    fill(&rec, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", bands.data);
    Jx_report_record_write(&rec, &data);
    Jx_term_for(JX_PREFIX_REPORT_ID, rec.key.hex, &id);
    int ok = Jx_wdb_open(dir, 0, &w, &err) == JX_OK &&
             Jx_doc_new(&doc, &err) == JX_OK &&
             Jx_doc_add_boolean_term(doc, id.data, id.len, &err) == JX_OK &&
             Jx_copies_add_terms(doc, &rec, &err) == JX_OK &&
             Jx_doc_set_data(doc, data.data, data.len, &err) == JX_OK &&
             Jx_wdb_replace(w, id.data, id.len, doc, &err) == JX_OK &&
             Jx_copies_keep_text(w, rec.key.hex, norm, strlen(norm), "docx",
                                 &err) == JX_OK;
    CHECK(ok, "database written", "%s", err.message);
    if (!ok)
        goto out;
    jx_db *db = Jx_wdb_reader(w);
    jx_key key;
    int found = 0;

    jx_buf web = {0};
    Jx_buf_puts(&web, "您当前位置：首页 > 政务公开\n");
    Jx_buf_puts(&web, body);
    char *wn = norm_of(web.data);
    jx_copy_sig ws;
    jx_buf wb = {0};
    sig_of(wn, &ws, &wb);
    CHECK_INT(Jx_copies_find(db, wb.data, wn, strlen(wn), "html", &key, &found,
                             &err),
              JX_OK, "find web page");
    CHECK(found && strcmp(key.hex, rec.key.hex) == 0, "found web page",
          "found %d", found);

    CHECK_INT(found, JX_COPY_HOLDS_IT, "web page holds it");
    CHECK_INT(Jx_copies_find(db, wb.data, wn, strlen(wn), "text", &key, &found,
                             &err),
              JX_OK, "find more text");
    CHECK(!found, "more text, not a web page: apart", "found");
    CHECK_INT(Jx_copies_find(db, bands.data, norm, strlen(norm), "pdf", &key,
                             &found, &err),
              JX_OK, "find equal");
    CHECK_INT(found, JX_COPY_OF_IT, "equal text: a copy");

    char *edit = replaced(body, "93.5%", "91.0%");
    char *en = norm_of(edit);
    jx_copy_sig es;
    jx_buf eb = {0};
    sig_of(en, &es, &eb);
    CHECK_INT(Jx_copies_find(db, eb.data, en, strlen(en), "text", &key, &found,
                             &err),
              JX_OK, "find edit");
    CHECK(!found, "edit not found", "found");

    /* a web page kept whole: an edited text within it is its copy */
    jx_buf web2 = {0}, w2bands = {0};
    Jx_buf_puts(&web2, "首页 > 政务公开\n");
    Jx_buf_puts(&web2, edit);
    Jx_buf_puts(&web2, "主办单位：某县人民政府办公室\n");
    char *w2n = norm_of(web2.data);
    jx_copy_sig w2s;
    jx_report_record rec2;
    sig_of(w2n, &w2s, &w2bands);
    fill(&rec2, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", w2bands.data);
    free(rec2.format);
    rec2.format = strdup("html");
    jx_doc *doc2 = NULL;
    jx_buf data2 = {0}, id2 = {0};
    Jx_report_record_write(&rec2, &data2);
    Jx_term_for(JX_PREFIX_REPORT_ID, rec2.key.hex, &id2);
    ok = Jx_doc_new(&doc2, &err) == JX_OK &&
         Jx_doc_add_boolean_term(doc2, id2.data, id2.len, &err) == JX_OK &&
         Jx_copies_add_terms(doc2, &rec2, &err) == JX_OK &&
         Jx_doc_set_data(doc2, data2.data, data2.len, &err) == JX_OK &&
         Jx_wdb_replace(w, id2.data, id2.len, doc2, &err) == JX_OK &&
         Jx_copies_keep_text(w, rec2.key.hex, w2n, strlen(w2n), "html",
                             &err) == JX_OK;
    CHECK(ok, "web page written", "%s", err.message);
    CHECK_INT(Jx_copies_find(db, eb.data, en, strlen(en), "text", &key, &found,
                             &err),
              JX_OK, "find within a web page");
    CHECK(found == JX_COPY_OF_IT && strcmp(key.hex, rec2.key.hex) == 0,
          "within a web page: a copy", "found %d", found);
    Jx_doc_destroy(doc2);
    Jx_report_record_clear(&rec2);
    Jx_buf_clear(&data2);
    Jx_buf_clear(&id2);
    Jx_buf_clear(&web2);
    Jx_buf_clear(&w2bands);
    free(w2n);

    CHECK_INT(Jx_copies_forget(w, rec.key.hex, &err), JX_OK, "forget");
    CHECK_INT(Jx_copies_find(db, wb.data, wn, strlen(wn), "html", &key, &found,
                             &err),
              JX_OK, "find forgotten");
    CHECK(!found, "forgotten not found", "found");
    free(wn);
    free(en);
    free(edit);
    Jx_buf_clear(&web);
    Jx_buf_clear(&wb);
    Jx_buf_clear(&eb);
out:
    Jx_doc_destroy(doc);
    Jx_wdb_close(w);
    Jx_report_record_clear(&rec);
    Jx_buf_clear(&data);
    Jx_buf_clear(&bands);
    Jx_buf_clear(&id);
    free(norm);
}

int main(void)
{
    jx_test_name = "copies";
    test_normalize();
    test_signature();
    test_same();
    test_record();
    char dir[] = "/tmp/jx-copies-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    test_find(dir);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup", "rm failed");
    TEST_MAIN_END();
}
