/* test_report.c: unit tests of the report model on texts written for the
 * purpose: cleaning (markers, page numbers, running headers, joins),
 * headings and passages, metadata in layouts of many kinds (each test
 * states every field), hints, and field validation. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jx_report.h"
#include "jx_report_internal.h"
#include "jx_test.h"

/* ---- helpers ---------------------------------------------------------- */

/* Returns the clean text of in (malloc'd), or NULL on failure. */
static char *clean(const char *in)
{
    jx_buf b = {0};
    if (Jx_clean_text(in, strlen(in), &b) != JX_OK) {
        Jx_buf_clear(&b);
        return NULL;
    }
    return Jx_buf_detach(&b);
}

/* Checks that in cleans to want. */
static void check_clean(const char *in, const char *want, const char *name)
{
    char *got = clean(in);
    CHECK_STR(got, want, name);
    free(got);
}

/* Parses text without hints; NULL on failure (a FAIL line is printed). */
static jx_report *parse(const char *text, const char *name)
{
    jx_report *r = NULL;
    jx_error err;
    jx_status st = Jx_report_parse(text, strlen(text), NULL, &r, &err);
    CHECK(st == JX_OK, name, "parse failed: %s", err.message);
    return st == JX_OK ? r : NULL;
}

/* The expected value of every field of a report (NULL: not found). */
typedef struct expected {
    const char *title, *dept, *region, *year, *score, *grade, *type;
} expected;

/* Checks every field of r against want, one check per field. */
static void check_fields(const jx_report *r, const expected *want,
                         const char *name)
{
    const char *values[JX_FIELD_COUNT] = {
        want->title, want->dept,  want->region, want->year,
        want->score, want->grade, want->type,
    };
    for (int i = 0; i < JX_FIELD_PUBLISHED; i++) {
        char label[128];
        snprintf(label, sizeof label, "%s %s", name,
                 Jx_field_name((jx_field_id)i));
        CHECK_STR(r->fields[i].value, values[i], label);
    }
}

/* Returns the first passage whose text contains needle, or NULL. */
static const jx_passage *find_passage(const jx_report *r, const char *needle)
{
    for (size_t i = 0; i < r->n_passages; i++)
        if (strstr(r->passages[i].text, needle))
            return &r->passages[i];
    return NULL;
}

/* Checks the heading path of the passage containing needle. */
static void check_heading(const jx_report *r, const char *needle,
                          const char *want, const char *name)
{
    const jx_passage *p = find_passage(r, needle);
    CHECK(p != NULL, name, "no passage contains \"%s\"", needle);
    if (p)
        CHECK_STR(p->heading, want, name);
}

/* True when some passage's heading path has the line as one heading. */
static int line_in_a_path(const jx_report *r, const char *line, size_t len)
{
    size_t sep = strlen(JX_HEADING_SEP);
    for (size_t i = 0; i < r->n_passages; i++) {
        const char *h = r->passages[i].heading;
        for (const char *p = strstr(h, line); p; p = strstr(p + 1, line)) {
            int starts = p == h || ((size_t)(p - h) >= sep &&
                                    memcmp(p - sep, JX_HEADING_SEP, sep) == 0);
            int ends =
                p[len] == '\0' || strncmp(p + len, JX_HEADING_SEP, sep) == 0;
            if (starts && ends)
                return 1;
        }
    }
    return 0;
}

/* Checks that every line of the clean text is either the concatenation
 * of the passages that start on it, or a heading in some path. */
static void check_no_loss(const jx_report *r, const char *name)
{
    const char *s = r->text;
    unsigned line = 1;
    int ok = 1;
    while (ok && *s) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        jx_buf joined = {0};
        for (size_t i = 0; i < r->n_passages; i++)
            if (r->passages[i].line == line)
                Jx_buf_puts(&joined,
                            r->passages[i].text + r->passages[i].overlap);
        char *copy = strndup(s, len);
        int as_text = joined.len == len && memcmp(joined.data, s, len) == 0;
        if (!as_text && !(joined.len == 0 && line_in_a_path(r, copy, len))) {
            char label[128];
            snprintf(label, sizeof label, "%s no text lost", name);
            ok = 0;
            CHECK(0, label, "line %u lost: \"%s\"", line, copy);
        }
        free(copy);
        Jx_buf_clear(&joined);
        s = e ? e + 1 : s + len;
        line++;
    }
    if (ok) {
        char label[128];
        snprintf(label, sizeof label, "%s no text lost", name);
        CHECK(1, label, "-");
    }
}

/* ---- cleaning ---------------------------------------------------------- */

/* Bookmark markers go, wherever they are and however many. */
static void test_bookmarks(void)
{
    check_clean("[bookmark: _Toc6431]一、部门基本情况\n本局共有内设机构五个。",
                "一、部门基本情况\n本局共有内设机构五个。",
                "clean bookmark at line start");
    check_clean("[bookmark: _Toc101][bookmark: _Toc2020][bookmark: _GoBack]"
                "（二）主要成效",
                "（二）主要成效", "clean several bookmarks");
    check_clean("（三） [bookmark: _Toc77]资金管理情况", "（三） 资金管理情况",
                "clean bookmark inside a line");
    check_clean("全年支出执行率为98%[bookmark: _GoBack]。",
                "全年支出执行率为98%。", "clean bookmark before the end");
}

/* Each form of lone page number goes, and the sentence around it joins. */
static void test_page_numbers(void)
{
    static const char *const forms[] = {
        "3",     "- 3 -",        "— 3 —", "－3－",        "第 3 页",
        "第3页", "第3页 共10页", "3/10",  "共10页 第3页", "Page 3",
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        char in[256], name[96];
        snprintf(in, sizeof in,
                 "本年度我局严格执行预算管理制度，加强资金\n\n%s\n\n"
                 "使用监督，确保专款专用。",
                 forms[i]);
        snprintf(name, sizeof name, "clean page number \"%s\"", forms[i]);
        check_clean(in,
                    "本年度我局严格执行预算管理制度，加强资金使用监督，"
                    "确保专款专用。",
                    name);
    }
    check_clean("第一段到此结束。\n\f\n第二段从这里开始。",
                "第一段到此结束。\n第二段从这里开始。",
                "clean form feed between paragraphs");
    check_clean("我局按季度开展绩效运行监控，及时\f纠正执行偏差。",
                "我局按季度开展绩效运行监控，及时纠正执行偏差。",
                "clean form feed inside a sentence");
}

/* A short line repeated on each page is a running header: only its first
 * occurrence stays. */
static void test_running_header(void)
{
    const char *in = "临江县林业局2022年度部门整体支出绩效自评报告\n"
                     "一、部门概况\n"
                     "本局主要负责全县森林资源保护与管理工作，内设机构四个。\n"
                     "临江县林业局2022年度部门整体支出绩效自评报告\n"
                     "二、绩效目标完成情况\n"
                     "全年完成植树造林一万二千亩，森林覆盖率稳步提高。\n"
                     "临江县林业局2022年度部门整体支出绩效自评报告\n"
                     "三、存在的问题\n"
                     "部分项目资金拨付进度偏慢。";
    check_clean(in,
                "临江县林业局2022年度部门整体支出绩效自评报告\n"
                "一、部门概况\n"
                "本局主要负责全县森林资源保护与管理工作，内设机构四个。\n"
                "二、绩效目标完成情况\n"
                "全年完成植树造林一万二千亩，森林覆盖率稳步提高。\n"
                "三、存在的问题\n"
                "部分项目资金拨付进度偏慢。",
                "clean running header");
    check_clean("合计\n一百万元。\n合计\n二百万元。\n合计\n三百万元。",
                "合计\n一百万元。\n合计\n二百万元。\n合计\n三百万元。",
                "clean a short repeated table cell is kept");
    check_clean("页眉文字\n第一段。\n页眉文字\n第二段。",
                "页眉文字\n第一段。\n页眉文字\n第二段。",
                "clean a line seen twice is kept");
}

/* Lines broken in mid-sentence join, across blank lines too. */
static void test_joins(void)
{
    check_clean("本中心牵头组织全县农产品质量安全抽检工作，督促\n\n\n\n"
                "各乡镇落实属地监管责任；定期通报抽检结果。",
                "本中心牵头组织全县农产品质量安全抽检工作，督促各乡镇落实属地"
                "监管责任；定期通报抽检结果。",
                "clean join across blank lines");
    check_clean("(7) 统筹推进全县公共文化服务体系建设，指导乡镇综合文化站开展"
                "群众性文化活动，协调重点文\n\n\n\n化设施建设。",
                "(7) 统筹推进全县公共文化服务体系建设，指导乡镇综合文化站开展"
                "群众性文化活动，协调重点文化设施建设。",
                "clean join of a numbered item's tail");
    check_clean("3. 旅游接待：1-6月，全县累计接待游客45.6\n\n万人次，"
                "同比增长12%。",
                "3. 旅游接待：1-6月，全县累计接待游客45.6万人次，"
                "同比增长12%。",
                "clean join after a number");
    check_clean("项目管理采用国际通行的方法，即 PDCA\ncycle 方法，持续改进。",
                "项目管理采用国际通行的方法，即 PDCA cycle 方法，持续改进。",
                "clean join of two Latin words with a space");
    check_clean("\xe3\x80\x80\xe3\x80\x80本局高度重视绩效管理工作。  \r\n"
                "  全年开展培训三次。\t",
                "本局高度重视绩效管理工作。\n全年开展培训三次。",
                "clean trims spaces and ideographic indents");
    check_clean(
        "2. 个别项目未能按期完成年度设定的资\n\n\n"
        "金目标。主要是审批时间较长。",
        "2. 个别项目未能按期完成年度设定的资金目标。主要是审批时间较长。",
        "clean join of a title-shaped line cut by a page break");
    check_clean("二、下一步工作打算\n\n\n"
                "我局将进一步健全预算绩效管理制度，强化结果运用。",
                "二、下一步工作打算\n"
                "我局将进一步健全预算绩效管理制度，强化结果运用。",
                "clean keeps a heading before a page break");
    check_clean(
        "本年度各项目按计划推进，全年完成投资１\n\n２３４万元，较上年增长。",
        "本年度各项目按计划推进，全年完成投资１２３４万元，较上年增长。",
        "clean joins a number cut by a page break without a space");
}

/* A PDF's physical lines: a full-width line joins the next even when it
 * has no punctuation at all; a short heading still does not. */
static void test_wrapped_lines(void)
{
    check_clean("一、部门基本情况\n"
                "本局主要负责全县农业农村经济发展规划的编制和组织\n"
                "实施工作，承担农田建设项目管理和农产品质量安全监\n"
                "管职责，指导全县农业产业化经营和农村合作经济组织\n"
                "发展促进农民增收致富和乡村全面振兴目标顺利实现推\n"
                "动现代农业高质量发展。\n"
                "二、主要成效\n"
                "全年完成高标准农田建设二万亩，新增省级龙头企业三\n"
                "\n"
                "家，农村居民人均可支配收入同比增长百分之七点八。",
                "一、部门基本情况\n"
                "本局主要负责全县农业农村经济发展规划的编制和组织实施工作，"
                "承担农田建设项目管理和农产品质量安全监管职责，指导全县农业"
                "产业化经营和农村合作经济组织发展促进农民增收致富和乡村全面"
                "振兴目标顺利实现推动现代农业高质量发展。\n"
                "二、主要成效\n"
                "全年完成高标准农田建设二万亩，新增省级龙头企业三家，农村居民"
                "人均可支配收入同比增长百分之七点八。",
                "clean joins full-width lines of a wrapped text");
}

/* Table rows (cells between bars) are never joined, however long. */
static void test_table_rows(void)
{
    check_clean(
        "项目名称 | 城乡环境综合整治专项资金项目 | 主管部门 | 县住房和城乡"
        "建设局\n"
        "预算执行率 | 98.6%\n"
        "自评得分 | 96",
        "项目名称 | 城乡环境综合整治专项资金项目 | 主管部门 | 县住房和城乡"
        "建设局\n"
        "预算执行率 | 98.6%\n"
        "自评得分 | 96",
        "clean keeps table rows apart");
}

/* Real paragraph ends stay: sentence ends, headings, list items, names,
 * label lines. */
static void test_paragraph_ends(void)
{
    check_clean("资金执行率为100%。\n下一步将继续加强管理。",
                "资金执行率为100%。\n下一步将继续加强管理。",
                "clean keeps a sentence end");
    check_clean("相关工作已按要求完成（详见附表）。”\n全年无违规情况。",
                "相关工作已按要求完成（详见附表）。”\n全年无违规情况。",
                "clean keeps a sentence end before a closing quote");
    check_clean("二、主要成效\n全年共完成培训任务十二期，参训人员八百人次。",
                "二、主要成效\n全年共完成培训任务十二期，参训人员八百人次。",
                "clean keeps a heading");
    check_clean("工作成效\n\n全年共完成培训任务十二期，参训人员八百人次。",
                "工作成效\n全年共完成培训任务十二期，参训人员八百人次。",
                "clean keeps an unnumbered heading");
    check_clean("本局承担的主要职责包括以下几个方面的内容并据此开展工作\n"
                "（1）组织实施全县农业技术推广。\n"
                "(2) 指导农民专业合作社建设。\n"
                "① 开展技能培训。\n"
                "3、做好统计工作。",
                "本局承担的主要职责包括以下几个方面的内容并据此开展工作\n"
                "（1）组织实施全县农业技术推广。\n"
                "(2) 指导农民专业合作社建设。\n"
                "① 开展技能培训。\n"
                "3、做好统计工作。",
                "clean keeps list items");
    check_clean("组  长：王某某\n成  员：李某、赵某",
                "组 长：王某某\n成 员：李某、赵某", "clean keeps label lines");
    check_clean("", "", "clean empty text");
}

/* ---- structure ---------------------------------------------------------- */

/* Each numbering form gives its level, and the path nests them. */
static void test_heading_forms(void)
{
    jx_report *r = parse("清河县教育局2022年度部门整体支出绩效自评报告\n"
                         "第一部分 部门基本情况\n"
                         "一、部门职责\n"
                         "（一）主要职能\n"
                         "1. 教育管理\n"
                         "（1）学前教育\n"
                         "① 幼儿园建设\n"
                         "本年度新建幼儿园两所，新增学位六百个。\n"
                         "② 师资培训\n"
                         "全年培训幼儿教师三百人次。\n"
                         "（2）义务教育\n"
                         "全县义务教育巩固率达到百分之九十九。\n"
                         "2、后勤保障\n"
                         "完成校舍维修十五处。\n"
                         "(二)内设机构\n"
                         "局机关内设股室八个。\n"
                         "二、绩效情况\n"
                         "(1)产出指标\n"
                         "全年完成培训任务十二期。\n"
                         "第二章 附则\n"
                         "本报告由局财务股负责解释。",
                         "heading forms parse");
    if (!r)
        return;
    check_heading(r, "清河县教育局", "", "heading title line is a passage");
    check_heading(r, "新建幼儿园",
                  "第一部分 部门基本情况 › 一、部门职责 › （一）主要职能 › "
                  "1. 教育管理 › （1）学前教育 › ① 幼儿园建设",
                  "heading six levels");
    check_heading(r, "三百人次",
                  "第一部分 部门基本情况 › 一、部门职责 › （一）主要职能 › "
                  "1. 教育管理 › （1）学前教育 › ② 师资培训",
                  "heading circled sibling");
    check_heading(r, "巩固率",
                  "第一部分 部门基本情况 › 一、部门职责 › （一）主要职能 › "
                  "1. 教育管理 › （2）义务教育",
                  "heading full-width bracket digit");
    check_heading(r, "校舍维修",
                  "第一部分 部门基本情况 › 一、部门职责 › （一）主要职能 › "
                  "2、后勤保障",
                  "heading digit and pause mark");
    check_heading(r, "股室八个",
                  "第一部分 部门基本情况 › 一、部门职责 › (二)内设机构",
                  "heading ASCII bracket numeral");
    check_heading(r, "培训任务十二期",
                  "第一部分 部门基本情况 › 二、绩效情况 › (1)产出指标",
                  "heading ASCII bracket digit");
    check_heading(r, "负责解释", "第二章 附则", "heading chapter");
    check_no_loss(r, "heading forms");
    Jx_report_destroy(r);
}

/* Long numbered lines ending in 。 are list items or paragraphs, not
 * headings; a list's items stay body text; unnumbered short lines
 * followed by text are headings. */
static void test_items_and_unnumbered(void)
{
    jx_report *r = parse(
        "一、部门概况\n"
        "1、负责全县基础教育的统筹规划和协调管理，制定有关政策并组织实施。\n"
        "2、负责全县教育经费的筹措、管理和使用，监督检查教育经费使用情况。\n"
        "（1）财务股\n"
        "（2）人事股\n"
        "（3）教研室\n"
        "二、主要成效\n"
        "工作亮点\n"
        "全年新增优质学位一千二百个，群众满意度明显提高。\n"
        "存在不足\n"
        "部分农村学校师资力量依然薄弱。\n"
        "（一）存在问题及原因分析。\n"
        "1. 资金拨付偏慢。受审批流程影响，部分项目资金到位较晚。",
        "items parse");
    if (!r)
        return;
    check_heading(r, "统筹规划", "一、部门概况", "heading long item is body");
    check_heading(r, "财务股", "一、部门概况", "heading list item is body");
    check_heading(r, "教研室", "一、部门概况", "heading last list item");
    check_heading(r, "一千二百个", "二、主要成效 › 工作亮点",
                  "heading unnumbered under numbered");
    check_heading(r, "师资力量", "二、主要成效 › 存在不足",
                  "heading unnumbered siblings");
    check_heading(r, "拨付偏慢", "二、主要成效 › （一）存在问题及原因分析。",
                  "heading short numbered line ending in a stop");
    check_no_loss(r, "items");
    Jx_report_destroy(r);
}

/* A numbered heading with nothing under it stays text (nothing lost). */
static void test_empty_heading(void)
{
    jx_report *r = parse("一、基本情况\n（一）当年履职目标\n二、绩效情况\n"
                         "全年目标全部完成。",
                         "empty heading parse");
    if (!r)
        return;
    CHECK(find_passage(r, "当年履职目标") != NULL, "heading empty is text",
          "\"（一）当年履职目标\" is in no passage");
    check_heading(r, "全部完成", "二、绩效情况", "heading after empty");
    check_no_loss(r, "empty heading");
    Jx_report_destroy(r);
}

/* Builds a paragraph of at least chars characters from varied sentences. */
static void long_paragraph(jx_buf *b, size_t chars)
{
    static const char *const sentences[] = {
        "本单位按照年度工作计划有序推进各项重点任务，确保资金使用规范有效。",
        "全年共组织专题培训六期；",
        "通过绩效运行监控及时发现并纠正执行偏差，资金执行率达到百分之九十八"
        "以上！",
        "下一步将进一步完善绩效指标体系，强化结果应用？",
    };
    for (size_t i = 0; Jx_char_count(b->data ? b->data : "", b->len) < chars;
         i++)
        Jx_buf_puts(b, sentences[i % 4]);
}

/* Checks the pieces of a paragraph: each within the bound, the new text
 * of each (past its overlap) put together gives the paragraph back, an
 * overlap only after a cut that is not at a sentence end, and every
 * string of JX_PASSAGE_OVERLAP_CHARS characters across a cut whole in
 * the piece after it. Returns the number of pieces (0 on failure). */
static size_t check_pieces(const char *para, const char *name)
{
    jx_piece *pieces = NULL;
    size_t n = 0, len = strlen(para);
    jx_status st = Jx_split_paragraph(para, len, JX_PASSAGE_MAX_CHARS,
                                      JX_PASSAGE_OVERLAP_CHARS, &pieces, &n);
    char label[160];
    snprintf(label, sizeof label, "%s: pieces", name);
    CHECK(st == JX_OK && n > 0, label, "status %d, %zu pieces", (int)st, n);
    size_t covered = 0, longest = 0, bad_overlap = 0, short_overlap = 0;
    for (size_t i = 0; i < n; i++) {
        const jx_piece *p = &pieces[i];
        size_t c = Jx_char_count(para + p->off, p->len);
        longest = c > longest ? c : longest;
        /* the new text starts where the piece before ended */
        if (p->off + p->overlap != covered)
            bad_overlap++;
        /* an overlap exactly when the cut was inside a sentence */
        int at_end = i == 0 || Jx_ends_sentence(para, covered);
        if (at_end != (p->overlap == 0))
            bad_overlap++;
        if (!at_end && Jx_char_count(para + p->off, p->overlap) <
                           JX_PASSAGE_OVERLAP_CHARS)
            short_overlap++;
        covered = p->off + p->len;
    }
    snprintf(label, sizeof label, "%s: within %d characters", name,
             JX_PASSAGE_MAX_CHARS);
    CHECK(longest <= JX_PASSAGE_MAX_CHARS, label, "longest piece %zu",
          longest);
    snprintf(label, sizeof label, "%s: pieces give the text back", name);
    CHECK(covered == len && bad_overlap == 0, label,
          "%zu of %zu bytes covered, %zu pieces misplaced", covered, len,
          bad_overlap);
    snprintf(label, sizeof label, "%s: overlaps of %d characters", name,
             JX_PASSAGE_OVERLAP_CHARS);
    CHECK(short_overlap == 0, label, "%zu overlaps too short", short_overlap);
    free(pieces);
    return st == JX_OK ? n : 0;
}

/* Appends count copies of s to b. */
static void repeat(jx_buf *b, const char *s, size_t count)
{
    for (size_t i = 0; i < count; i++)
        Jx_buf_puts(b, s);
}

/* True when some passage of r contains needle. */
static int found_in_passage(const jx_report *r, const char *needle)
{
    return find_passage(r, needle) != NULL;
}

/* Long paragraphs split at sentence ends into pieces within the bound,
 * and the pieces put together give the paragraph back; a sentence too
 * long for one passage is cut after a comma or hard, and the next
 * passage repeats the 64 characters before the cut, so that no string
 * of up to 64 characters is lost in the cut. */
static void test_splitting(void)
{
    jx_buf para = {0};
    long_paragraph(&para, 1000);
    size_t n = check_pieces(para.data, "split 1000 chars of sentences");
    CHECK(n >= 3, "split 1000 chars gives pieces", "%zu pieces", n);

    jx_report *r = parse(para.data, "split parse");
    if (r) {
        jx_buf joined = {0};
        size_t max = 0;
        for (size_t i = 0; i < r->n_passages; i++) {
            size_t c = Jx_char_count(r->passages[i].text,
                                     strlen(r->passages[i].text));
            max = c > max ? c : max;
            Jx_buf_puts(&joined, r->passages[i].text + r->passages[i].overlap);
        }
        CHECK(r->n_passages >= 3 && max <= JX_PASSAGE_MAX_CHARS,
              "split passages within bound", "%zu passages, longest %zu",
              r->n_passages, max);
        CHECK_STR(joined.data, para.data, "split passages give the text back");
        check_no_loss(r, "split");
        Jx_buf_clear(&joined);
        Jx_report_destroy(r);
    }

    /* One sentence of 600 characters with commas: cut after a comma. */
    jx_buf one = {0};
    repeat(&one, "资金使用规范有效，", 67);
    Jx_buf_puts(&one, "。");
    n = check_pieces(one.data, "split a 600-char sentence");
    jx_piece *pieces = NULL;
    Jx_split_paragraph(one.data, one.len, JX_PASSAGE_MAX_CHARS,
                       JX_PASSAGE_OVERLAP_CHARS, &pieces, &n);
    CHECK(n == 2 && Jx_ends_with(one.data, pieces[0].len, "，"),
          "split a 600-char sentence after a comma", "%zu pieces", n);
    free(pieces);

    /* 900 characters without any punctuation: hard cuts. */
    Jx_buf_reset(&one);
    repeat(&one, "资金使用规范有效", 113);
    n = check_pieces(one.data, "split 900 chars unpunctuated");
    CHECK(n == 3, "split 900 chars unpunctuated in three", "%zu pieces", n);

    /* The case of docs/limits.md: 399 甲, 乙丙, 500 丁, no punctuation.
     * 乙丙 straddles the hard cut at 400 characters. */
    Jx_buf_reset(&one);
    repeat(&one, "甲", 399);
    Jx_buf_puts(&one, "乙丙");
    repeat(&one, "丁", 500);
    check_pieces(one.data, "split 甲乙丙丁");
    r = parse(one.data, "straddling parse");
    if (r) {
        CHECK(found_in_passage(r, "甲乙丙丁"),
              "a string across a hard cut is in a passage",
              "no passage holds 甲乙丙丁 (%zu passages)", r->n_passages);
        /* every string of 64 characters is whole in some passage */
        size_t missing = 0, chars = Jx_char_count(one.data, one.len);
        for (size_t c = 0; c + JX_PASSAGE_OVERLAP_CHARS <= chars; c++) {
            size_t a = 0, k = 0;
            uint32_t cp;
            for (; k < c; k++)
                a += Jx_utf8_decode(one.data + a, one.len - a, &cp);
            size_t b = a;
            for (k = 0; k < JX_PASSAGE_OVERLAP_CHARS; k++)
                b += Jx_utf8_decode(one.data + b, one.len - b, &cp);
            char *needle = strndup(one.data + a, b - a);
            missing += !found_in_passage(r, needle);
            free(needle);
        }
        CHECK(missing == 0, "every 64-char string is in a passage",
              "%zu of them in none", missing);
        check_no_loss(r, "straddling");
        Jx_report_destroy(r);
    }

    /* Han text with ASCII words and no spaces or punctuation: no cut,
     * and no overlap, starts inside an ASCII word. */
    Jx_buf_reset(&one);
    repeat(&one, "资金到位率budget2023执行", 60);
    jx_piece *p = NULL;
    Jx_split_paragraph(one.data, one.len, JX_PASSAGE_MAX_CHARS,
                       JX_PASSAGE_OVERLAP_CHARS, &p, &n);
    size_t inside = 0;
    for (size_t i = 0; i < n; i++) {
        size_t at = p[i].off, end = p[i].off + p[i].len;
        inside += at > 0 && isalnum((unsigned char)one.data[at]) &&
                  isalnum((unsigned char)one.data[at - 1]);
        inside += end < one.len && isalnum((unsigned char)one.data[end]) &&
                  isalnum((unsigned char)one.data[end - 1]);
    }
    CHECK(n >= 3 && inside == 0, "split never inside an ASCII word",
          "%zu pieces, %zu cuts inside a word", n, inside);
    free(p);
    check_pieces(one.data, "split Han and ASCII words");

    /* A word of 1000 letters: cut hard inside it, still moving on. */
    Jx_buf_reset(&one);
    repeat(&one, "a", 1000);
    n = check_pieces(one.data, "split a 1000-letter word");
    CHECK(n >= 3, "split a 1000-letter word in pieces", "%zu pieces", n);
    Jx_buf_clear(&one);
    Jx_buf_clear(&para);
}

/* Seconds of a monotonic clock. */
static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Texts that took time quadratic in their size: a title line then a
 * line of 200,000 closing quotes (88 s: every prefix of the line was
 * scanned back for a sentence end), and a label line that paragraphs
 * join. Each must parse in well under 10 s (about 0.1 s). */
static void test_linear_time(void)
{
    jx_buf b = {0};
    Jx_buf_puts(&b, "标题行\n");
    repeat(&b, "”", 200000);
    double t0 = now_s();
    jx_report *r = parse(b.data, "200000 closing quotes parse");
    double t = now_s() - t0;
    CHECK(t < 10, "200000 closing quotes in linear time", "%.1f s", t);
    Jx_report_destroy(r);
    Jx_buf_reset(&b);
    Jx_buf_puts(&b, "组 长：王某某负责全面工作");
    repeat(&b, "\n并统筹协调各股室开展绩效自评工作", 100000);
    t0 = now_s();
    r = parse(b.data, "joined label line parse");
    t = now_s() - t0;
    CHECK(t < 10, "joins after a label line in linear time", "%.1f s", t);
    Jx_report_destroy(r);
    Jx_buf_clear(&b);
}

/* A text of more lines than JX_MAX_PARAGRAPHS is refused with one
 * message; one just within the limit is read. */
static void test_paragraph_limit(void)
{
    jx_buf b = {0};
    repeat(&b, "甲\n", JX_MAX_PARAGRAPHS + 1);
    jx_report *r = NULL;
    jx_error err = {0};
    jx_status st = Jx_report_parse(b.data, b.len, NULL, &r, &err);
    CHECK(st == JX_ERR_FORMAT && r == NULL &&
              strstr(err.message, "too many paragraphs"),
          "more than JX_MAX_PARAGRAPHS lines refused", "status %d: %s",
          (int)st, err.message);
    b.len -= 2 * strlen("甲\n");
    st = Jx_report_parse(b.data, b.len, NULL, &r, &err);
    CHECK(st == JX_OK && r && r->n_passages == JX_MAX_PARAGRAPHS - 1,
          "JX_MAX_PARAGRAPHS - 1 lines read", "status %d, %zu passages",
          (int)st, r ? r->n_passages : 0);
    Jx_report_destroy(r);
    Jx_buf_clear(&b);
}

/* ---- metadata ----------------------------------------------------------- */

/* The unit's name on one line, the title on the next. */
static void test_meta_title_two_lines(void)
{
    jx_report *r =
        parse("江北市临溪区农业农村局\n"
              "2021年度部门整体支出绩效自评报告\n"
              "一、部门基本情况\n"
              "本局内设机构五个，主要负责全区农业农村工作。\n"
              "二、自评结论\n"
              "经综合评价，本局综合自评得分92.5分，评价等级为优秀。",
              "meta two lines parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"江北市临溪区农业农村局2021年度部门整体支出绩效"
                             "自评报告",
                             "江北市临溪区农业农村局", "江北市临溪区", "2021",
                             "92.5", "优秀", "部门整体支出"},
                 "meta two lines");
    CHECK_INT(r->fields[JX_FIELD_DEPT].line, 1, "meta two lines dept line");
    CHECK_STR(r->fields[JX_FIELD_SCORE].evidence,
              "经综合评价，本局综合自评得分92.5分，评价等级为优秀。",
              "meta two lines score evidence");
    CHECK_INT(r->fields[JX_FIELD_SCORE].source, JX_SOURCE_TEXT,
              "meta two lines source");
    Jx_report_destroy(r);
}

/* The unit names itself only in the signature, above the date. */
static void test_meta_signature(void)
{
    jx_report *r = parse("2022年度项目支出绩效自评报告\n"
                         "一、项目基本情况\n"
                         "我单位承担的乡村道路养护项目全年预算资金120万元，"
                         "已全部执行完毕。\n"
                         "二、自评结论\n"
                         "经自评，该项目自评得分为88分，等级为良。\n"
                         "东川县交通运输局\n"
                         "2023年3月15日",
                         "meta signature parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"2022年度项目支出绩效自评报告",
                             "东川县交通运输局", "东川县", "2022", "88", "良",
                             "项目支出"},
                 "meta signature");
    CHECK_INT(r->fields[JX_FIELD_DEPT].line, 6, "meta signature line");
    Jx_report_destroy(r);
}

/* The title gives a short name, the signature the full one. */
static void test_meta_short_and_full_name(void)
{
    jx_report *r =
        parse("临溪区科学技术局部门整体支出绩效自评报告\n"
              "一、部门概况\n"
              "2022年，我局全力推进招商引资工作，全年签约项目30个。\n"
              "江北市临溪区科学技术局",
              "meta full name parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"临溪区科学技术局部门整体支出绩效自评报告",
                             "江北市临溪区科学技术局", "江北市临溪区", "2022",
                             NULL, NULL, "部门整体支出"},
                 "meta full name");
    Jx_report_destroy(r);
}

/* A district alone is completed with its city when the text names both. */
static void test_meta_district_completed(void)
{
    jx_report *r =
        parse("临溪区科学技术局部门整体支出绩效自评报告\n"
              "一、部门概况\n"
              "我局是江北市临溪区政府工作部门，2022年共有编制12名。",
              "meta district parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"临溪区科学技术局部门整体支出绩效自评报告",
                             "临溪区科学技术局", "江北市临溪区", "2022", NULL,
                             NULL, "部门整体支出"},
                 "meta district");
    CHECK_INT(r->fields[JX_FIELD_REGION].line, 3, "meta district line");
    Jx_report_destroy(r);
}

/* A web page names the unit only in its header. */
static void test_meta_web_header(void)
{
    jx_report *r = parse("发布机构：青山市河口区财政局\n"
                         "发布日期：2022-04-08\n"
                         "2021年度部门整体支出绩效自评报告\n"
                         "一、部门概况\n"
                         "我局主要负责全区财政预算管理工作。\n"
                         "二、自评结论\n"
                         "我局2021年度绩效自评综合得分为95分。",
                         "meta web header parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"2021年度部门整体支出绩效自评报告",
                             "青山市河口区财政局", "青山市河口区", "2021",
                             "95", NULL, "部门整体支出"},
                 "meta web header");
    CHECK_INT(r->fields[JX_FIELD_DEPT].line, 1, "meta web header line");
    Jx_report_destroy(r);
}

/* Score and grade in table rows. */
static void test_meta_table(void)
{
    jx_report *r = parse("西岭县卫生健康局2022年度项目支出绩效自评报告\n"
                         "| 项目名称 | 基层医疗设备购置 |\n"
                         "| 指标分值 | 100 |\n"
                         "| 自评得分 | 96 |\n"
                         "| 评价等级 | 优 |",
                         "meta table parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"西岭县卫生健康局2022年度项目支出绩效自评报告",
                             "西岭县卫生健康局", "西岭县", "2022", "96", "优",
                             "项目支出"},
                 "meta table");
    CHECK_STR(r->fields[JX_FIELD_SCORE].evidence, "| 自评得分 | 96 |",
              "meta table evidence");
    Jx_report_destroy(r);
    r = parse("西岭县卫生健康局2022年度项目支出绩效自评报告\n"
              "项目名称 | 基层医疗设备购置\n"
              "自评得分 | 96.5\n"
              "评价等级 | 优",
              "meta docx table parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_SCORE].value, "96.5",
              "meta docx table score");
    CHECK_STR(r->fields[JX_FIELD_GRADE].value, "优", "meta docx table grade");
    Jx_report_destroy(r);
}

/* Full-width digits in the year and the score; grade 良好. */
static void test_meta_full_width(void)
{
    jx_report *r = parse("南湖市文化旅游局\n"
                         "２０２２年度部门整体支出绩效自评报告\n"
                         "一、自评结论\n"
                         "我局自评得分９５．５分，等级评定为良好。\n"
                         "二、其他说明\n"
                         "全年取得了良好的社会效益，持续优化营商环境。",
                         "meta full width parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"南湖市文化旅游局２０２２年度部门整体支出绩效"
                             "自评报告",
                             "南湖市文化旅游局", "南湖市", "2022", "95.5",
                             "良好", "部门整体支出"},
                 "meta full width");
    Jx_report_destroy(r);
}

/* No year in the title: the year the body reports on. */
static void test_meta_year_in_body(void)
{
    jx_report *r = parse("北坪县水利局部门整体支出绩效自评报告\n"
                         "一、部门概况\n"
                         "2022年，我局共实施水利工程项目12个。\n"
                         "2022年全年完成水利投资3.2亿元，较2021年增长8%。\n"
                         "截至2022年底，全县农村自来水普及率达到96%。\n"
                         "北坪县水利局\n"
                         "2023年2月20日",
                         "meta year in body parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"北坪县水利局部门整体支出绩效自评报告",
                             "北坪县水利局", "北坪县", "2022", NULL, NULL,
                             "部门整体支出"},
                 "meta year in body");
    CHECK_INT(r->fields[JX_FIELD_YEAR].line, 3, "meta year in body line");
    Jx_report_destroy(r);
}

/* The year evaluated from 开展XXXX年度…自评, not the writing date. */
static void test_meta_year_evaluated(void)
{
    jx_report *r = parse("项目支出绩效自评报告\n"
                         "根据《关于做好2021年度项目支出绩效自评工作的通知》要"
                         "求，我局于2022年3月组织开展自评。\n"
                         "2022年3月10日，自评工作组完成现场核查。",
                         "meta year evaluated parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"项目支出绩效自评报告", NULL, NULL, "2021", NULL,
                             NULL, "项目支出"},
                 "meta year evaluated");
    Jx_report_destroy(r);
}

/* A report that names no unit, no year and no score. */
static void test_meta_nothing_named(void)
{
    jx_report *r = parse("部门整体支出绩效自评报告\n"
                         "一、基本情况\n"
                         "我单位主要负责辖区内市政设施维护管理工作。\n"
                         "二、绩效目标完成情况\n"
                         "本年度各项绩效目标基本完成，资金使用规范。",
                         "meta nothing parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"部门整体支出绩效自评报告", NULL, NULL, NULL,
                             NULL, NULL, "部门整体支出"},
                 "meta nothing");
    CHECK(r->fields[JX_FIELD_DEPT].evidence == NULL &&
              r->fields[JX_FIELD_DEPT].line == 0 &&
              r->fields[JX_FIELD_DEPT].source == JX_SOURCE_NONE,
          "meta nothing empty field", "an empty field has evidence");
    Jx_report_destroy(r);
}

/* A final-accounts report is of type 其他; a unit merely mentioned (the
 * finance bureau issuing a notice) is not the author. */
static void test_meta_other_type(void)
{
    jx_report *r =
        parse("2021年度部门决算绩效分析报告\n"
              "一、基本情况\n"
              "按照《东湖区财政局关于做好2021年度部门决算工作的通知》要求，"
              "我局认真编制了部门决算。\n"
              "二、评价结论\n"
              "我局决算编报及时准确，评价结果为“合格”。",
              "meta other parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"2021年度部门决算绩效分析报告", NULL, "东湖区",
                             "2021", NULL, "合格", "其他"},
                 "meta other");
    Jx_report_destroy(r);
}

/* A cover page: an attachment number, the title on two lines, the unit
 * in a 填报单位（盖章） line; 等次 for the grade, 自评总分 for the score. */
static void test_meta_cover_page(void)
{
    jx_report *r = parse("附件2\n"
                         "北坪县2022年度部门整体支出\n"
                         "绩效自评报告\n"
                         "填报单位（盖章）：北坪县农业农村局\n"
                         "一、自评结论\n"
                         "经自评，我局自评总分为91分，评价等次为良。",
                         "meta cover parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"北坪县2022年度部门整体支出绩效自评报告",
                             "北坪县农业农村局", "北坪县", "2022", "91", "良",
                             "部门整体支出"},
                 "meta cover");
    check_heading(r, "北坪县2022年度", "", "meta cover title not under 附件");
    check_heading(r, "91分", "一、自评结论", "meta cover heading");
    Jx_report_destroy(r);
}

/* A signature with its seal and date on one line; a construction
 * quality grade that is not the report's. */
static void test_meta_signature_seal(void)
{
    jx_report *r =
        parse("2022年度项目支出绩效自评报告\n"
              "一、项目完成情况\n"
              "村级道路改造工程已通过竣工验收，工程质量等级为合格。\n"
              "二、自评结论\n"
              "全年任务全部完成，资金使用合规。\n"
              "南岭县住房和城乡建设局（盖章） 2023年3月1日",
              "meta seal parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"2022年度项目支出绩效自评报告",
                             "南岭县住房和城乡建设局", "南岭县", "2022", NULL,
                             NULL, "项目支出"},
                 "meta seal");
    Jx_report_destroy(r);
}

/* A party organ: the region comes after its 中共. */
static void test_meta_party_organ(void)
{
    jx_report *r = parse("中共东川县委组织部2022年度部门整体支出绩效自评报告\n"
                         "全年党员教育培训经费执行率为100%。",
                         "meta party parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"中共东川县委组织部2022年度部门整体支出绩效自评"
                             "报告",
                             "中共东川县委组织部", "东川县", "2022", NULL,
                             NULL, "部门整体支出"},
                 "meta party");
    Jx_report_destroy(r);
}

/* A long one-line title is not joined to the paragraph after it; the
 * overall score follows the indicator scores in the same paragraph; a
 * unit in 贵州省. */
static void test_meta_long_title(void)
{
    jx_report *r = parse(
        "贵州省遵义市红花岗区文化广电旅游局2023年度部门整体支出绩效自评报告\n"
        "\n"
        "根据区财政局的统一部署，我局对2023年度部门整体支出开展了自评。\n"
        "一、自评结论\n"
        "预算执行率指标分值20分，实际得分19分；产出指标分值40分，实际得分"
        "37分。我局部门整体支出自评得分94分，等级为优。",
        "meta long title parse");
    if (!r)
        return;
    check_fields(
        r,
        &(expected){"贵州省遵义市红花岗区文化广电旅游局2023年度部门整体"
                    "支出绩效自评报告",
                    "贵州省遵义市红花岗区文化广电旅游局",
                    "贵州省遵义市红花岗区", "2023", "94", "优",
                    "部门整体支出"},
        "meta long title");
    CHECK(find_passage(r, "根据区财政局") &&
              strncmp(find_passage(r, "根据区财政局")->text, "根据", 6) == 0,
          "meta long title not joined", "the title swallowed a paragraph");
    Jx_report_destroy(r);
}

/* Indicator lines and per-project scores are not the overall score; an
 * average is. */
static void test_meta_scores(void)
{
    jx_report *r = parse("2022年度项目支出绩效自评报告\n"
                         "资金到位率指标分值20分，实际得分18分。\n"
                         "群众知晓率指标权重10分，实际得分8.5分。\n"
                         "图书购置经费项目96.5分，文化下乡活动经费94分。",
                         "meta indicators parse");
    if (r) {
        CHECK_STR(r->fields[JX_FIELD_SCORE].value, NULL,
                  "meta indicator lines give no score");
        Jx_report_destroy(r);
    }
    r = parse("2022年度项目支出绩效自评报告\n"
              "图书购置经费项目自评得分96.5分。\n"
              "文化下乡活动项目自评得分94分。",
              "meta per-project parse");
    if (r) {
        CHECK_STR(r->fields[JX_FIELD_SCORE].value, NULL,
                  "meta disagreeing project scores give none");
        Jx_report_destroy(r);
    }
    r = parse("2022年度项目支出绩效自评报告\n"
              "图书购置经费项目自评得分96.5分。\n"
              "文化下乡活动项目自评得分94分。\n"
              "各项目自评平均得分95.25分，综合评价等级为“优秀”。",
              "meta average parse");
    if (r) {
        CHECK_STR(r->fields[JX_FIELD_SCORE].value, "95.25",
                  "meta average score");
        CHECK_STR(r->fields[JX_FIELD_GRADE].value, "优秀",
                  "meta quoted grade");
        Jx_report_destroy(r);
    }
    r = parse("2022年度项目支出绩效自评报告\n"
              "本项目按百分制评分，满分100分，本次得分93分，绩效等级为优。",
              "meta out of parse");
    if (r) {
        CHECK_STR(r->fields[JX_FIELD_SCORE].value, "93", "meta 满分 得分");
        CHECK_STR(r->fields[JX_FIELD_GRADE].value, "优", "meta grade 优");
        Jx_report_destroy(r);
    }
}

/* Hints fill only what the text leaves empty. */
static void test_meta_hints(void)
{
    const char *text = "一、基本情况\n我局全年预算执行情况良好。";
    jx_hints hints = {"西山区城管局2022年度绩效自评报告", "西山区城市管理局",
                      "2023-03-01T09:00:00Z"};
    jx_report *r = NULL;
    jx_status st = Jx_report_parse(text, strlen(text), &hints, &r, NULL);
    CHECK(st == JX_OK, "hints parse", "status %d", (int)st);
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_TITLE].value,
              "西山区城管局2022年度绩效自评报告", "hints title");
    CHECK_INT(r->fields[JX_FIELD_TITLE].source, JX_SOURCE_PROPERTIES,
              "hints title source");
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "西山区城市管理局",
              "hints author as department");
    CHECK_INT(r->fields[JX_FIELD_DEPT].source, JX_SOURCE_PROPERTIES,
              "hints department source");
    CHECK_STR(r->fields[JX_FIELD_REGION].value, "西山区", "hints region");
    CHECK_STR(r->fields[JX_FIELD_YEAR].value, NULL,
              "hints date is not the fiscal year");
    Jx_report_destroy(r);

    const char *stated = "东川县交通运输局2022年度项目支出绩效自评报告\n"
                         "全年完成道路养护一百公里。";
    jx_hints person = {"Normal", "张三", NULL};
    st = Jx_report_parse(stated, strlen(stated), &person, &r, NULL);
    if (st == JX_OK) {
        CHECK_STR(r->fields[JX_FIELD_DEPT].value, "东川县交通运输局",
                  "hints text wins");
        CHECK_INT(r->fields[JX_FIELD_TITLE].source, JX_SOURCE_TEXT,
                  "hints text title source");
        Jx_report_destroy(r);
    }
}

/* ---- names and validation ---------------------------------------------- */

/* Field names, aliases and source names. */
static void test_names(void)
{
    CHECK_STR(Jx_field_name(JX_FIELD_DEPT), "department", "name department");
    CHECK_STR(Jx_field_name(JX_FIELD_TYPE), "type", "name type");
    CHECK_INT(Jx_field_by_name("dept"), JX_FIELD_DEPT, "name alias dept");
    CHECK_INT(Jx_field_by_name("report_type"), JX_FIELD_TYPE,
              "name alias report_type");
    CHECK_INT(Jx_field_by_name("score"), JX_FIELD_SCORE, "name score");
    CHECK_INT(Jx_field_by_name("colour"), JX_FIELD_COUNT, "name unknown");
    CHECK_STR(Jx_source_name(JX_SOURCE_NONE), "", "source none");
    CHECK_STR(Jx_source_name(JX_SOURCE_MANIFEST), "manifest",
              "source manifest");
}

/* What each field accepts and refuses. */
static void test_validation(void)
{
    jx_error err;
    CHECK(Jx_field_validate(JX_FIELD_YEAR, "1800", &err) == JX_ERR_ARG,
          "validate year 1800 rejected", "accepted");
    CHECK(strstr(err.message, "1949") != NULL, "validate says why",
          "message \"%s\"", err.message);
    CHECK(Jx_field_validate(JX_FIELD_YEAR, "2022", NULL) == JX_OK,
          "validate year 2022", "refused");
    CHECK(Jx_field_validate(JX_FIELD_YEAR, "20a2", NULL) != JX_OK,
          "validate year 20a2 rejected", "accepted");
    CHECK(Jx_field_validate(JX_FIELD_SCORE, "101", NULL) != JX_OK,
          "validate score 101 rejected", "accepted");
    CHECK(Jx_field_validate(JX_FIELD_SCORE, "abc", NULL) != JX_OK,
          "validate score abc rejected", "accepted");
    CHECK(Jx_field_validate(JX_FIELD_SCORE, "97.5", NULL) == JX_OK,
          "validate score 97.5", "refused");
    CHECK(Jx_field_validate(JX_FIELD_SCORE, "100", NULL) == JX_OK,
          "validate score 100", "refused");
    CHECK(Jx_field_validate(JX_FIELD_SCORE, "97.", NULL) != JX_OK,
          "validate score 97. rejected", "accepted");
    CHECK(Jx_field_validate(JX_FIELD_GRADE, "优秀", NULL) == JX_OK,
          "validate grade 优秀", "refused");
    CHECK(Jx_field_validate(JX_FIELD_GRADE, "很好", NULL) != JX_OK,
          "validate grade 很好 rejected", "accepted");
    CHECK(Jx_field_validate(JX_FIELD_TYPE, "其他", NULL) == JX_OK,
          "validate type 其他", "refused");
    CHECK(Jx_field_validate(JX_FIELD_DEPT, "东川县交通运输局", NULL) == JX_OK,
          "validate department", "refused");
    CHECK(Jx_field_validate(JX_FIELD_TITLE, "a\nb", NULL) != JX_OK,
          "validate title newline rejected", "accepted");
}

/* Setting and clearing a field by hand (as --manifest does). */
static void test_set_field(void)
{
    jx_report *r = parse("2022年度项目支出绩效自评报告", "set parse");
    if (!r)
        return;
    jx_error err;
    CHECK(Jx_report_set_field(r, JX_FIELD_SCORE, "101", JX_SOURCE_MANIFEST,
                              NULL, &err) == JX_ERR_ARG,
          "set invalid refused", "accepted");
    CHECK(Jx_report_set_field(r, JX_FIELD_SCORE, "91", JX_SOURCE_MANIFEST,
                              "row 3", &err) == JX_OK,
          "set score", "%s", err.message);
    CHECK_STR(r->fields[JX_FIELD_SCORE].value, "91", "set score value");
    CHECK_STR(r->fields[JX_FIELD_SCORE].evidence, "row 3", "set evidence");
    CHECK_INT(r->fields[JX_FIELD_SCORE].source, JX_SOURCE_MANIFEST,
              "set source");
    CHECK(Jx_report_set_field(r, JX_FIELD_YEAR, "", JX_SOURCE_SIDECAR, NULL,
                              &err) == JX_OK &&
              r->fields[JX_FIELD_YEAR].value == NULL,
          "set empty clears", "year still set");
    Jx_report_destroy(r);
}

/* Runs every test; the exit status says whether any check failed. */
/* A web page as published: site header, breadcrumb, an index-number
 * block as list bullets whose 发布机构 is the county government, then
 * the title. The title is found past all of it and gives the unit; the
 * publisher does not. */
static void test_meta_web_page_furniture(void)
{
    jx_report *r = parse("长者模式\n"
                         "无障碍浏览\n"
                         "松岭县人民政府 www.example.gov.cn\n"
                         "您当前位置：首页 > 政府信息公开 > 财政预决算\n"
                         "- 索引号: 0123456-2024-00077\n"
                         "- 发布机构: 松岭县人民政府\n"
                         "- 文号:\n"
                         "- 发布日期: 2024-05-20\n"
                         "- 时效性: 有效\n"
                         "字号：[ 大 中 小 ]\n"
                         "松岭县林草局2023年度部门整体支出绩效自评报告\n"
                         "一、部门概况\n"
                         "我局负责全县林地和草原的保护与管理。",
                         "meta web furniture parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"松岭县林草局2023年度部门整体支出绩效自评报告",
                             "松岭县林草局", "松岭县", "2023", NULL, NULL,
                             "部门整体支出"},
                 "meta web furniture");
    CHECK_INT(r->fields[JX_FIELD_DEPT].line, 11, "meta web furniture line");
    Jx_report_destroy(r);
}

/* The publisher line is used only when nothing else names the unit,
 * with that line as evidence; an index block in table-row form too. */
static void test_meta_publisher_last(void)
{
    jx_report *r = parse("索引号 | 0099-2023-01 | 发布机构 | 桐溪县档案馆 |\n"
                         "发布机构：桐溪县档案馆\n"
                         "2022年度项目支出绩效自评报告\n"
                         "一、项目概况\n"
                         "我馆2022年实施档案数字化项目一个。",
                         "meta publisher parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"2022年度项目支出绩效自评报告", "桐溪县档案馆",
                             "桐溪县", "2022", NULL, NULL, "项目支出"},
                 "meta publisher");
    CHECK_STR(r->fields[JX_FIELD_DEPT].evidence, "发布机构：桐溪县档案馆",
              "meta publisher evidence");
    Jx_report_destroy(r);
}

/* Year first, then the unit, with the spaces of a PDF conversion; and
 * a page that shows the file's name as its title. */
static void test_meta_year_first_spaced(void)
{
    jx_report *r = parse("2021 年北河市发展和改革局整体支出 绩效自评报告\n"
                         "一、部门基本情况\n"
                         "我局负责全市国民经济和社会发展规划。",
                         "meta year first parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"2021 年北河市发展和改革局整体支出 绩效自评报告",
                             "北河市发展和改革局", "北河市", "2021", NULL,
                             NULL, "部门整体支出"},
                 "meta year first");
    Jx_report_destroy(r);
    r = parse("2022年北河市统计局部门整体支出绩效自评报告.pdf\n"
              "一、部门基本情况\n"
              "我局负责全市统计调查工作。",
              "meta file-name title parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"2022年北河市统计局部门整体支出绩效自评报告",
                             "北河市统计局", "北河市", "2022", NULL, NULL,
                             "部门整体支出"},
                 "meta file-name title");
    Jx_report_destroy(r);
}

/* A title over three lines, the unit's name broken across two of them;
 * and a school (中学) whose title says 部门整体和项目支出. */
static void test_meta_title_three_lines(void)
{
    jx_report *r = parse("松岭县青石镇人民\n"
                         "政府2024年部门整体支出\n"
                         "绩效自评报告\n"
                         "一、部门概况\n"
                         "全镇设5个综合办公室。",
                         "meta three lines parse");
    if (!r)
        return;
    check_fields(
        r,
        &(expected){"松岭县青石镇人民政府2024年部门整体支出绩效自评报告",
                    "松岭县青石镇人民政府", "松岭县", "2024", NULL, NULL,
                    "部门整体支出"},
        "meta three lines");
    Jx_report_destroy(r);
    r = parse("附件 1\n"
              "北河市第九中学 2024 年度部门整体和\n"
              "项目支出绩效自评报告\n"
              "我单位及时对2024年部门整体和项目支出绩效情况进行自查自评。",
              "meta school parse");
    if (!r)
        return;
    check_fields(
        r,
        &(expected){"北河市第九中学 2024 年度部门整体和项目支出绩效自评报告",
                    "北河市第九中学", "北河市", "2024", NULL, NULL,
                    "部门整体支出"},
        "meta school");
    Jx_report_destroy(r);
}

/* A document site's copy: the title run into the body on one line. */
static void test_meta_run_in_title(void)
{
    jx_report *r = parse("东坡镇小学专项资金绩效自评报告一、基本情况我校2021年"
                         "项目为一个：校舍维修项目。二、资金使用情况资金按规定"
                         "用于校舍维修，2021年支出12万元。",
                         "meta run-in parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"东坡镇小学专项资金绩效自评报告", "东坡镇小学",
                             NULL, "2021", NULL, NULL, "项目支出"},
                 "meta run-in");
    Jx_report_destroy(r);
    /* A reference to another report is not a title. */
    r = parse("根据《东坡镇财政所绩效自评报告》要求，我办开展了自评。",
              "meta run-in reference parse");
    if (!r)
        return;
    CHECK(r->fields[JX_FIELD_TITLE].value == NULL, "meta run-in reference",
          "title %s", r->fields[JX_FIELD_TITLE].value);
    CHECK(r->fields[JX_FIELD_DEPT].value == NULL, "meta run-in reference",
          "department %s", r->fields[JX_FIELD_DEPT].value);
    Jx_report_destroy(r);
}

/* 部门(单位)名称 is the unit's label (a county-wide form, its title
 * naming only the county). */
static void test_meta_unit_label_form(void)
{
    jx_report *r = parse("松岭县2021年度部门整体支出\n"
                         "绩效评价自评报告\n"
                         "部门(单位)名称:松岭县清河乡人民政府\n"
                         "评价方式:部门(单位)绩效自评\n"
                         "一、部门(单位)基本概况\n"
                         "全乡设4个办公室。",
                         "meta unit label parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"松岭县2021年度部门整体支出绩效评价自评报告",
                             "松岭县清河乡人民政府", "松岭县", "2021", NULL,
                             NULL, "部门整体支出"},
                 "meta unit label");
    Jx_report_destroy(r);
}

/* The file's or a folder's name gives the department when the text
 * names none; never over what the text says. */
static void test_meta_from_path(void)
{
    jx_error err;
    jx_report *r =
        parse("一、部门概况\n我局负责全县财政工作。", "meta path parse");
    if (!r)
        return;
    CHECK(Jx_report_use_path(
              r, "in/2021年松岭县财政局部门整体支出绩效自评报告.pdf", &err) ==
              JX_OK,
          "meta path", "use_path failed");
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "松岭县财政局",
              "meta path name");
    CHECK_STR(r->fields[JX_FIELD_REGION].value, "松岭县", "meta path region");
    CHECK_INT(r->fields[JX_FIELD_DEPT].source, JX_SOURCE_PROPERTIES,
              "meta path source");
    Jx_report_destroy(r);
    r = parse("一、部门概况\n我局负责全县教育工作。", "meta folder parse");
    if (!r)
        return;
    CHECK(Jx_report_use_path(r, "reports/2022/松岭县教育局/自评报告.docx",
                             &err) == JX_OK,
          "meta folder", "use_path failed");
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "松岭县教育局",
              "meta folder name");
    CHECK_STR(r->fields[JX_FIELD_DEPT].evidence, "松岭县教育局",
              "meta folder evidence");
    Jx_report_destroy(r);
    r = parse("松岭县水利局2022年度项目支出绩效自评报告\n一、项目概况\n"
              "我局实施水库维修项目。",
              "meta path text wins parse");
    if (!r)
        return;
    CHECK(Jx_report_use_path(r, "松岭县财政局/报告.pdf", &err) == JX_OK,
          "meta path text wins", "use_path failed");
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "松岭县水利局",
              "meta path text wins");
    Jx_report_destroy(r);
    r = parse("一、概况\n我局负责全县工作。", "meta path none parse");
    if (!r)
        return;
    CHECK(Jx_report_use_path(r, "reports/2022/a.txt", &err) == JX_OK,
          "meta path none", "use_path failed");
    CHECK(r->fields[JX_FIELD_DEPT].value == NULL, "meta path none",
          "department %s", r->fields[JX_FIELD_DEPT].value);
    Jx_report_destroy(r);
}

/* A form whose label has spaces, not a colon, before the unit; a county
 * of one character at the head of the unit's name; 按照县… and
 * 依据某县… in a sentence are not places. */
static void test_meta_form_without_colon(void)
{
    jx_report *r = parse("附件6\n"
                         "沙县2016年度部门(单位)整体支出\n"
                         "绩效评价自评报告\n"
                         "部门(单位)名称 沙县城南建设服务中心\n"
                         "预算编码 SX001\n"
                         "一、部门(单位)基本概况\n"
                         "中心负责城南片区的建设。",
                         "meta no colon parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"沙县2016年度部门(单位)整体支出绩效评价自评报告",
                             "沙县城南建设服务中心", "沙县", "2016", NULL,
                             NULL, "部门整体支出"},
                 "meta no colon");
    Jx_report_destroy(r);
    r = parse("项目支出绩效自评报告\n"
              "一、项目概况\n"
              "我镇按照县级财政直接管理的原则，依据山河县财政局通知执行。",
              "meta not a place parse");
    if (!r)
        return;
    /* 山河县 follows a Han character, where no word can be told to
     * begin: no region rather than 依据山河县. */
    CHECK(r->fields[JX_FIELD_REGION].value == NULL, "meta not a place",
          "region %s", r->fields[JX_FIELD_REGION].value);
    Jx_report_destroy(r);
    r = parse("我镇按照县级财政直接管理的原则执行。", "meta no place parse");
    if (!r)
        return;
    CHECK(r->fields[JX_FIELD_REGION].value == NULL, "meta no place",
          "region %s", r->fields[JX_FIELD_REGION].value);
    Jx_report_destroy(r);
}

/* An index-number line run onto a stray letter by the conversion
 * (x索引号 … 发布机构 …) is still the page's furniture. */
static void test_meta_furniture_joined(void)
{
    jx_report *r =
        parse("| 无障碍 | 适老化\n"
              "x\n"
              "索引号 0012-2023-7 发布机构 青禾县供销社\n"
              "公开目录 自评报告 发布日期 2023-04-20\n"
              "主题词\n"
              "2022年度项目支出绩效自评表(青禾冷库)\n"
              "单位名称:青禾县供销合作社联合社 填报日期:2023年4月15日",
              "meta furniture joined parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"2022年度项目支出绩效自评表(青禾冷库)",
                             "青禾县供销合作社联合社", "青禾县", "2022", NULL,
                             NULL, "项目支出"},
                 "meta furniture joined");
    Jx_report_destroy(r);
}

/* A web page's furniture gives no passage: the header, breadcrumb and
 * index-number block above the title, and footer lines anywhere; nor
 * any evidence: the year is not read from its dates. */
static void test_page_furniture_passages(void)
{
    jx_report *r = parse("无障碍浏览\n"
                         "您当前位置：首页 > 信息公开 > 绩效评价\n"
                         "索引号：0077-2025-00031\n"
                         "发布时间：2025年05月20日\n"
                         "成文日期：2025年05月18日\n"
                         "松岭县林草局部门整体支出绩效自评报告\n"
                         "一、部门概况\n"
                         "我局2024年度共有预算单位2个。\n"
                         "上一篇：松岭县林草局部门预算\n"
                         "版权所有：松岭县人民政府 ICP备00000000号",
                         "furniture passages parse");
    if (!r)
        return;
    size_t furniture = 0, body = 0;
    for (size_t i = 0; i < r->n_passages; i++) {
        const char *t = r->passages[i].text;
        if (strstr(t, "索引号") || strstr(t, "当前位置") ||
            strstr(t, "发布时间") || strstr(t, "成文日期") ||
            strstr(t, "版权所有") || strstr(t, "上一篇") ||
            strstr(t, "无障碍"))
            furniture++;
        if (strstr(t, "我局2024年度共有预算单位2个。"))
            body++;
    }
    CHECK_INT(furniture, 0, "furniture passages none");
    CHECK_INT(body, 1, "furniture passages body");
    CHECK_STR(r->fields[JX_FIELD_YEAR].value, "2024", "furniture year");
    /* the page's date is kept apart, never the fiscal year */
    CHECK_STR(r->fields[JX_FIELD_PUBLISHED].value, "2025-05-20",
              "furniture published");
    CHECK_STR(r->fields[JX_FIELD_TITLE].value,
              "松岭县林草局部门整体支出绩效自评报告", "furniture title");
    Jx_report_destroy(r);
}

/* A page whose header opens with a login bar (登录 | 注册) and whose
 * index block gives label and value on separate lines: the title is
 * still found past them. */
static void test_meta_login_bar(void)
{
    jx_report *r =
        parse("登录 | 注册\n"
              "首页 > 正文\n"
              "• 索引号\n"
              "20250101-000001-001\n"
              "• 发布机构\n"
              "青禾县人民政府办公室\n"
              "• 发布日期\n"
              "2023-05-10\n"
              "• 时效性\n"
              "有效\n"
              "青禾县石门乡人民政府2022年度项目支出绩效单位自评报告\n"
              "一、基本情况\n"
              "我乡2022年实施项目3个。",
              "meta login bar parse");
    if (!r)
        return;
    check_fields(
        r,
        &(expected){"青禾县石门乡人民政府2022年度项目支出绩效单位自评报告",
                    "青禾县石门乡人民政府", "青禾县", "2022", NULL, NULL,
                    "项目支出"},
        "meta login bar");
    /* the date on the line after its label, an index block of bullets */
    CHECK_STR(r->fields[JX_FIELD_PUBLISHED].value, "2023-05-10",
              "meta login bar published");
    Jx_report_destroy(r);
}

/* A town named after its county's government (某县人民政府某镇) is the
 * unit of its own report. */
static void test_meta_town_of_county(void)
{
    jx_report *r = parse("松岭县人民政府石桥镇2023年部门整体支出绩效自评报告\n"
                         "一、部门概况\n"
                         "石桥镇机关设置5个综合办公室。",
                         "meta town of county parse");
    if (!r)
        return;
    check_fields(
        r,
        &(expected){"松岭县人民政府石桥镇2023年部门整体支出绩效自评报告",
                    "松岭县人民政府石桥镇", "松岭县", "2023", NULL, NULL,
                    "部门整体支出"},
        "meta town of county");
    Jx_report_destroy(r);
}

/* Without a title, the unit named in the opening sentence that
 * introduces the report (现将…报告如下); a grade of the works (质量鉴定为
 * 合格) is not the report's. */
static void test_meta_opening_sentence(void)
{
    jx_report *r = parse("为做好衔接资金项目绩效管理工作，根据《南州省财政厅关"
                         "于印发资金绩效管理"
                         "办法的通知》，现将2022年青禾县交通运输局衔接资金项目"
                         "绩效自评总结报告如下：\n"
                         "一、绩效目标分解下达情况\n"
                         "已完成道路12公里，经验收质量鉴定为合格。",
                         "meta opening sentence parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){NULL, "青禾县交通运输局", "青禾县", "2022", NULL,
                             NULL, "项目支出"},
                 "meta opening sentence");
    Jx_report_destroy(r);
    r = parse("现将我局2022年度部门整体支出绩效自评情况报告如下：\n"
              "一、部门概况",
              "meta opening we parse");
    if (!r)
        return;
    CHECK(r->fields[JX_FIELD_DEPT].value == NULL, "meta opening we",
          "department %s", r->fields[JX_FIELD_DEPT].value);
    Jx_report_destroy(r);
}

/* A file name shown above a title run into the body with conversion
 * spaces (北河市某中心 2022 年整体和项目支出…报告 一 …): the unit from the
 * run-in head, the type from 整体绩效 in the file name. */
static void test_meta_run_in_after_file_name(void)
{
    jx_report *r = parse(
        "水系2022年整体绩效自评总结报告.docx\n"
        "北河市水系调度中心 2022 年整体和项目支出绩效自评总结报告 一 绩效管理"
        "工作开展情况。 我单位按照文件要求开展全过程预算绩效管理。",
        "meta run-in after file name parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"水系2022年整体绩效自评总结报告",
                             "北河市水系调度中心", "北河市", "2022", NULL,
                             NULL, "部门整体支出"},
                 "meta run-in after file name");
    Jx_report_destroy(r);
}

/* The unit in an attachment line (附件2:某局…报告.pdf), and in a cover
 * note's list of attachments when they all name the same unit; a list
 * naming two units gives none. A first line naming both types, or a
 * third party, says no type. */
static void test_meta_attachment_line(void)
{
    jx_report *r = parse(
        "附件2:北河市东湖区农林局2022年度项目支出部门评价报告和绩效自评表("
        "共3个).pdf\n"
        "2022 年党建工作项目部门评价报告 一、项目基本情况",
        "meta attachment parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "北河市东湖区农林局",
              "meta attachment dept");
    CHECK_STR(r->fields[JX_FIELD_REGION].value, "北河市东湖区",
              "meta attachment region");
    Jx_report_destroy(r);
    r = parse("2020年度我厅开展了部门整体支出绩效自评，还对两项专项资金开展"
              "绩效自评，并委托第三方机构评价一项。\n"
              "自评等次均为优秀。\n"
              "附 件:1.南州省科学技术厅2020年度部门整体支出绩效自评报告\n"
              "2.2020 年度“科技专项资金”绩效自评报告",
              "meta attachment list parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){NULL, "南州省科学技术厅", "南州省", "2020", NULL,
                             "优秀", NULL},
                 "meta attachment list");
    Jx_report_destroy(r);
    r = parse("现将各单位自评报告公开如下。\n"
              "附件：1.北河市教育局2020年度部门整体支出绩效自评报告\n"
              "2.北河市民政局2020年度部门整体支出绩效自评报告",
              "meta attachment two units parse");
    if (!r)
        return;
    CHECK(r->fields[JX_FIELD_DEPT].value == NULL, "meta attachment two units",
          "department %s", r->fields[JX_FIELD_DEPT].value);
    Jx_report_destroy(r);
}

/* Self-evaluation forms flattened into one line or into table rows:
 * the unit after 实施单位, 单位名称, 部门名称 or 部门: inside the line,
 * past a budget code (219001-) and up to where the name ends; never
 * after 主管部门. A short form in a label line gives way to the full
 * name in the table. An amount (项目支出总额) is not a type; the
 * score after 自评总分(分). */
static void test_meta_flattened_forms(void)
{
    jx_report *r = parse(
        "1/1年学生资助项目绩效目标自评表填报日期:总分:分项目名称南江学院年学生"
        "资助项目主管部门南州省教育厅项目实施单位南江学院项目类别、部门预算项"
        "目",
        "meta flattened run-together parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "南江学院",
              "meta flattened run-together");
    Jx_report_destroy(r);
    r = parse(
        "附件: 项目支出绩效自评表 (2022年度) 项目名称 委托业务项目 主管部门 "
        "219-北河市东湖区石桥镇人民政府 实施单位 "
        "219001-北河市东湖区石桥镇人民政府 项目资金 (万元)",
        "meta flattened code parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "北河市东湖区石桥镇人民政府",
              "meta flattened code");
    Jx_report_destroy(r);
    r = parse("2022年度项目支出绩效自评表 | 部门:北河市青禾县第二中学 |\n"
              "| 项目名称 | 营养改善专项资金 | 主管部门 | 青禾县教育体育局 | "
              "实施单位 | 青禾县第二中学 |",
              "meta flattened cells parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "北河市青禾县第二中学",
              "meta flattened cells");
    Jx_report_destroy(r);
    r = parse("单位名称:石桥镇政府 填报日期:2021.5.18\n"
              "单位名称 | 石桥镇人民政府 | ||||\n"
              "基本支出总额 | 864.2万 | 项目支出总额 | 0 | ||\n"
              "部门整体支出总额 | 864.2 | 100% | 20 |",
              "meta flattened short parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "石桥镇人民政府",
              "meta flattened short dept");
    CHECK(r->fields[JX_FIELD_TYPE].value == NULL, "meta flattened amount",
          "type %s", r->fields[JX_FIELD_TYPE].value);
    Jx_report_destroy(r);
    r = parse("部门整体绩效自评表主管部门财政处室自评总分(分)97.6部门联系人",
              "meta total score parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_SCORE].value, "97.6", "meta total score");
    Jx_report_destroy(r);
}

/* 辖区 (one's jurisdiction), 社区, 景区 are not places: 统筹辖区经济 names
 * no region. */
static void test_meta_not_a_district(void)
{
    jx_report *r =
        parse("石桥镇人民政府2024年度绩效自评报告\n"
              "核心职能包括:贯彻方针政策,统筹辖区经济建设;服务社区居民。",
              "meta jurisdiction parse");
    if (!r)
        return;
    CHECK(r->fields[JX_FIELD_REGION].value == NULL, "meta jurisdiction",
          "region %s", r->fields[JX_FIELD_REGION].value);
    Jx_report_destroy(r);
}

/* A report that speaks of "the project" (该项目) in its first lines is a
 * project's, though no title says so; a site's welcome line (欢迎来到…
 * 网站!) is the page's furniture, and the title is found past it. */
static void test_meta_the_project(void)
{
    jx_report *r =
        parse("一、自评结论\n"
              "（一）自评得分\n"
              "2022年度该项目的产出指标均已完成，绩效自评分为96.5分。",
              "meta the project parse");
    if (!r)
        return;
    check_fields(
        r, &(expected){NULL, NULL, NULL, "2022", "96.5", NULL, "项目支出"},
        "meta the project");
    Jx_report_destroy(r);
    r = parse(
        "欢迎来到北河县政协网站!\n"
        "您现在的位置: 首页 > 通知公告 > 部门整体支出及项目支出绩效评价报告\n"
        "部门整体支出及项目支出绩效评价报告\n"
        "一、基本情况\n"
        "2021年县政协决算收入792万元。",
        "meta welcome parse");
    if (!r)
        return;
    check_fields(r,
                 &(expected){"部门整体支出及项目支出绩效评价报告", NULL, NULL,
                             "2021", NULL, NULL, "部门整体支出"},
                 "meta welcome");
    Jx_report_destroy(r);
}

/* A web page's publication date, in the forms pages give it, as
 * YYYY-MM-DD; never read as the fiscal year; none in a report that
 * gives no such line, nor from a date of writing (成文日期). */
static void test_meta_published(void)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"- 发布日期: 2025-04-29\n青禾县某中心2024年度项目支出绩效自评报告",
         "2025-04-29"},
        {"[ 成文日期 ] 2023-06-20 [ 发布日期 ] 2023-06-29\n"
         "青禾县石桥小学2022年度预算绩效自评工作报告",
         "2023-06-29"},
        {"【字体: 】 【发布时间:2022-04-15 14:54】 【作者:县政协办】\n"
         "部门整体支出绩效评价报告",
         "2022-04-15"},
        {"北河县发展和改革局2021年度部门整体支出绩效评价报告\n"
         "发布时间:2022-3-4 17:01 信息来源:北河县发展和改革局",
         "2022-03-04"},
        {"公开日期：２０２４年０６月１９日\n北河市某局2023年度部门整体支出绩效"
         "自评报告",
         "2024-06-19"},
        {"成文日期：2023-03-01\n北河市某局2022年度部门整体支出绩效自评报告",
         NULL},
        {"发布日期：2023-13-01\n北河市某局2022年度部门整体支出绩效自评报告",
         NULL},
        {"北河市某局2022年度部门整体支出绩效自评报告\n一、部门概况", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char name[64];
        snprintf(name, sizeof name, "published %zu", i);
        jx_report *r = parse(cases[i].text, name);
        if (!r)
            continue;
        CHECK_STR(r->fields[JX_FIELD_PUBLISHED].value, cases[i].want, name);
        const char *year = r->fields[JX_FIELD_YEAR].value;
        CHECK(!year || strcmp(year, "2025") != 0 || i != 0, name,
              "year %s from the publication date", year);
        Jx_report_destroy(r);
    }
    CHECK(Jx_field_validate(JX_FIELD_PUBLISHED, "2023-06-29", NULL) == JX_OK,
          "published valid", "2023-06-29 refused");
    CHECK(Jx_field_validate(JX_FIELD_PUBLISHED, "2023-6-29", NULL) != JX_OK,
          "published short", "2023-6-29 accepted");
    CHECK(Jx_field_validate(JX_FIELD_PUBLISHED, "1900-01-01", NULL) != JX_OK,
          "published old", "1900-01-01 accepted");
    CHECK(Jx_field_by_name("published") == JX_FIELD_PUBLISHED,
          "published name", "not found by name");
}

/* An index block written as table rows: its publisher is the last
 * resort for the department, as a publisher line is, and its date the
 * publication date, not the fiscal year. */
static void test_meta_publisher_row(void)
{
    jx_report *r =
        parse("索引号 | 0152-2020-0828 | 发布机构 | 青禾市林业和草原局 |\n"
              "公开目录 | 财政预决算 | 发布日期 | 2020-08-28 14:46:25 |\n"
              "(某检查站租金项目)\n"
              "一、项目基本情况\n"
              "2019年财政安排该检查站租金11.2万元。",
              "meta publisher row parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "青禾市林业和草原局",
              "meta publisher row dept");
    CHECK_STR(r->fields[JX_FIELD_YEAR].value, "2019",
              "meta publisher row year");
    CHECK_STR(r->fields[JX_FIELD_PUBLISHED].value, "2020-08-28",
              "meta publisher row published");
    Jx_report_destroy(r);
    r = parse("(某检查站租金项目)\n"
              "一、项目基本情况\n"
              "2019年财政安排租金11.2万元。\n"
              "二、项目绩效自评工作开展情况\n"
              "1.前期准备。",
              "meta project heading parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_TYPE].value, "项目支出",
              "meta project heading type");
    Jx_report_destroy(r);
}

/* Reports on one fund or transfer payment are project reports: a title
 * naming a 转移支付, a fund's (资金绩效, 项目资金) or an allowance's
 * (经费绩效) evaluation, and a form whose title is its file name but
 * whose next lines say 项目支出绩效自评表 or carry a 项目名称 field. */
static void test_meta_fund_types(void)
{
    static const struct {
        const char *text, *name;
    } cases[] = {
        {"青禾县2023年度农村道路转移支付绩效自评报告\n一、基本情况\n",
         "meta type transfer"},
        {"青禾县2022年度中央林业发展资金绩效自评报告\n一、基本情况\n",
         "meta type fund"},
        {"青禾市应急管理局2021年度中央对地方转移支付预算执行绩效自评报告\n"
         "一、基本情况\n",
         "meta type transfer budget execution"},
        {"2021年度市级养老服务项目资金绩效自评报告\n一、项目概况\n",
         "meta type project fund"},
        {"县档案局2020年度档案数字化经费绩效自评报告\n一、基本情况\n",
         "meta type allowance"},
        {"档案数字化绩效自评表.xlsx\n"
         "附件 项目支出绩效自评表 (2021年度) 主管部门 青禾市档案局\n",
         "meta type form heading"},
        {"青禾市财政支出绩效评价自评报告\n"
         "项目名称: 档案馆改造\n"
         "项目单位: 青禾市档案馆\n",
         "meta type project name field"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        jx_report *r = parse(cases[i].text, cases[i].name);
        if (!r)
            continue;
        CHECK_STR(r->fields[JX_FIELD_TYPE].value, "项目支出", cases[i].name);
        Jx_report_destroy(r);
    }
}

/* The unit in a project form's 项目单位 field, on its own line or run
 * into the next field (…项目单位:某委员会主管部门:…, the whole name up
 * to the next label); 实施单位为某局 in a sentence; a title's name
 * before 部门(单位)整体支出. */
static void test_meta_project_unit(void)
{
    static const struct {
        const char *text, *dept, *name;
    } cases[] = {
        {"青禾市财政支出绩效评价自评报告\n"
         "项目名称: 档案馆改造\n"
         "项目单位: 青禾市档案馆\n"
         "主管部门: 青禾市人民政府\n",
         "青禾市档案馆", "meta project unit line"},
        {"1、青禾市市级财政项目支出绩效评价报告项目名称:育苗补助项目单位:"
         "青禾市林业发展委员会主管部门:青禾市农业农村局\n",
         "青禾市林业发展委员会", "meta project unit run in"},
        {"一、项目基本情况\n"
         "本项目实施单位为青禾县公安局,该局属行政机关。\n",
         "青禾县公安局", "meta project unit sentence"},
        {"2022年度青禾县档案馆部门(单位)整体支出绩效自评报告\n"
         "一、基本情况\n",
         "青禾县档案馆", "meta unit before 部门(单位)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        jx_report *r = parse(cases[i].text, cases[i].name);
        if (!r)
            continue;
        CHECK_STR(r->fields[JX_FIELD_DEPT].value, cases[i].dept,
                  cases[i].name);
        Jx_report_destroy(r);
    }
}

/* A mirror site in traditional characters: the type and score words
 * are matched in that spelling too (部門整體支出, 自評分). */
static void test_meta_traditional_words(void)
{
    jx_report *r = parse("附件2\n"
                         "青禾縣2018年度部門整體支出\n"
                         "一、基本情況\n"
                         "本局2018年支出績效自評分96分。\n",
                         "meta traditional parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_TYPE].value, "部门整体支出",
              "meta traditional type");
    CHECK_STR(r->fields[JX_FIELD_SCORE].value, "96", "meta traditional score");
    Jx_report_destroy(r);
}

/* An article header on one line (发布时间:… 来源:某局 浏览次数:…) gives
 * the publisher as the last resort, as a 来源 line of its own does. */
static void test_meta_source_in_header(void)
{
    jx_report *r = parse("关于上报2023年护理费项目支出绩效自评的报告\n"
                         "发布时间:2024-03-27 来源:青禾市民政局 浏览次数:\n"
                         "一、项目基本情况\n",
                         "meta source in header parse");
    if (!r)
        return;
    CHECK_STR(r->fields[JX_FIELD_DEPT].value, "青禾市民政局",
              "meta source in header dept");
    Jx_report_destroy(r);
}

int main(void)
{
    jx_test_name = "test_report";
    test_bookmarks();
    test_page_numbers();
    test_running_header();
    test_joins();
    test_paragraph_ends();
    test_wrapped_lines();
    test_table_rows();
    test_heading_forms();
    test_items_and_unnumbered();
    test_empty_heading();
    test_splitting();
    test_paragraph_limit();
    test_linear_time();
    test_meta_title_two_lines();
    test_meta_signature();
    test_meta_short_and_full_name();
    test_meta_district_completed();
    test_meta_web_header();
    test_meta_web_page_furniture();
    test_meta_publisher_last();
    test_meta_year_first_spaced();
    test_meta_title_three_lines();
    test_meta_run_in_title();
    test_meta_unit_label_form();
    test_meta_from_path();
    test_meta_form_without_colon();
    test_meta_furniture_joined();
    test_page_furniture_passages();
    test_meta_login_bar();
    test_meta_town_of_county();
    test_meta_opening_sentence();
    test_meta_run_in_after_file_name();
    test_meta_attachment_line();
    test_meta_flattened_forms();
    test_meta_not_a_district();
    test_meta_the_project();
    test_meta_published();
    test_meta_publisher_row();
    test_meta_fund_types();
    test_meta_project_unit();
    test_meta_traditional_words();
    test_meta_source_in_header();
    test_meta_table();
    test_meta_full_width();
    test_meta_year_in_body();
    test_meta_year_evaluated();
    test_meta_nothing_named();
    test_meta_other_type();
    test_meta_cover_page();
    test_meta_party_organ();
    test_meta_signature_seal();
    test_meta_long_title();
    test_meta_scores();
    test_meta_hints();
    test_names();
    test_validation();
    test_set_field();
    TEST_MAIN_END();
}
