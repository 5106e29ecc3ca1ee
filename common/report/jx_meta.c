/* jx_meta.c: reads a report's metadata -- title, department, region,
 * fiscal year, overall score, grade and report type -- from its clean
 * text, the way a careful reader would, each with the line it came from.
 * A field the text does not state stays empty; the file's properties
 * (hints) only fill fields the text leaves empty. The rules, with
 * examples, are in docs/report-model.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_furniture.h"
#include "jx_line_shape.h"
#include "jx_meta.h"

/* The title is looked for among this many first lines. */
#define TITLE_SCAN_LINES 8
/* ... and no further than this line, however many lines of a web
 * page's furniture come first. */
#define TITLE_SCAN_MAX 40
/* A run-in title (title and body on one line) is looked for among this
 * many first lines that are not furniture. */
#define RUN_IN_LINES 3
/* A unit's name is between these many characters. */
#define UNIT_MIN_CHARS 4
#define UNIT_MAX_CHARS 40
/* A signature is looked for among this many last lines. */
#define SIGNATURE_LINES 4
/* The words saying what a year's report evaluates must follow 年度
 * within this many characters. */
#define YEAR_CONTEXT_CHARS 15
/* First and last plausible fiscal years (jx_field.h). */
#define YEAR_MIN JX_YEAR_MIN
#define YEAR_MAX JX_YEAR_MAX
/* At most this many distinct places are counted in a text. */
#define MAX_PLACES 64
/* At most this many department candidates are kept, and at most this
 * many of them from label lines. */
#define MAX_CANDIDATES       16
#define MAX_LABEL_CANDIDATES 4
/* Bytes kept for the de-spaced copies of title lines. */
#define CANDIDATE_STORE 2048

/* A value found in a line, before it becomes a field. */
typedef struct found {
    const char *s;
    size_t len;
    size_t line; /* index into the lines */
} found;

/* Fills a field from the text with evidence line k. */
static jx_status set_from_line(jx_field *f, const char *value, size_t vlen,
                               const jx_line *lines, size_t k)
{
    return Jx_field_fill(f, value, vlen, lines[k].s, lines[k].len,
                         (unsigned)(k + 1), JX_SOURCE_TEXT);
}

/* True when lit occurs in s[0..len). */
static int contains(const char *s, size_t len, const char *lit)
{
    return Jx_find(s, len, lit) != (size_t)-1;
}

/* True when cp is one of the code points of the UTF-8 string set. */
static int cp_in(uint32_t cp, const char *set)
{
    size_t len = strlen(set);
    for (size_t i = 0; i < len;)
        if (jx_next_cp(set, len, &i) == cp)
            return 1;
    return 0;
}

/* Returns the byte offset k code points into s (or len). */
static size_t skip_chars(const char *s, size_t len, size_t k)
{
    size_t i = 0;
    while (k-- > 0 && i < len)
        jx_next_cp(s, len, &i);
    return i;
}

/* Appends b to a with a space only between two letters or digits. */
static jx_status join_text(jx_buf *a, const char *b, size_t blen)
{
    if (a->len > 0 && blen > 0) {
        size_t i = 0;
        uint32_t last = Jx_fold_char(Jx_last_cp(a->data, a->len, NULL));
        uint32_t first = Jx_fold_char(jx_next_cp(b, blen, &i));
        if (Jx_is_word_char(last | 0x20) && Jx_is_word_char(first | 0x20) &&
            last < 0x80 && first < 0x80) {
            jx_status st = Jx_buf_putc(a, ' ');
            if (st)
                return st;
        }
    }
    return Jx_buf_append(a, b, blen);
}

/* ---- Title ---------------------------------------------------------- */

/* A line that can be (the main line of) a title: title-shaped (Han, no
 * clause punctuation, at most JX_TITLE_MAX_CHARS), not numbered, naming
 * a report. */
static int names_report(const jx_line *l)
{
    return Jx_is_title_shaped(l->s, l->len, JX_TITLE_MAX_CHARS) &&
           Jx_numbering(l->s, l->len, NULL) < 0 &&
           (contains(l->s, l->len, "报告") || contains(l->s, l->len, "自评"));
}

/* A line before the main title line that belongs to the title: three
 * characters or more (not a lone 有效 left by the page's header). */
static int title_prefix_line(const jx_line *l)
{
    return Jx_is_title_like(l->s, l->len) && !Jx_is_label_line(l->s, l->len) &&
           Jx_numbering(l->s, l->len, NULL) < 0 &&
           !Jx_starts_with(l->s, l->len, "附件") &&
           !Jx_is_page_furniture(l->s, l->len) &&
           Jx_char_count(l->s, l->len) >= 3;
}

/* Scans the top lines, past label lines, a web page's furniture and
 * title-like lines, for the line naming the report; stops at the first
 * body or numbered line. Furniture lines do not count against the
 * TITLE_SCAN_LINES looked at (a page's header may have twenty), but
 * no more than TITLE_SCAN_MAX lines are looked at in all. */
int Jx_find_title(const jx_line *lines, size_t n, size_t *first, size_t *count)
{
    size_t seen = 0;
    for (size_t r = 0; r < n && r < TITLE_SCAN_MAX && seen < TITLE_SCAN_LINES;
         r++) {
        const jx_line *l = &lines[r];
        if (l->len == 0 || Jx_is_label_line(l->s, l->len) ||
            Jx_is_page_furniture(l->s, l->len))
            continue;
        seen++;
        if (names_report(l)) {
            size_t f = r;
            while (f > 0 && r - f < 2 && title_prefix_line(&lines[f - 1]))
                f--;
            *first = f;
            *count = r - f + 1;
            return 1;
        }
        if (!Jx_is_title_like(l->s, l->len) ||
            Jx_numbering(l->s, l->len, NULL) >= 0)
            return 0;
    }
    return 0;
}

/* A title run into the body on one line, as document sites print a
 * Word file (XX专项资金绩效自评报告一、基本情况…): returns the bytes of
 * the title at the head of l, up to and including its first 报告, or 0.
 * The head must be title-shaped, unnumbered, without book-title marks
 * (《XX报告》 is a reference) and name 绩效 or 自评. */
static size_t run_in_title(const jx_line *l)
{
    size_t at = Jx_find(l->s, l->len, "报告");
    if (at == (size_t)-1)
        return 0;
    size_t end = at + strlen("报告");
    if (end >= l->len || !Jx_is_title_shaped(l->s, end, JX_TITLE_MAX_CHARS) ||
        Jx_numbering(l->s, end, NULL) >= 0 || contains(l->s, end, "《") ||
        contains(l->s, end, "》") ||
        (!contains(l->s, end, "绩效") && !contains(l->s, end, "自评")))
        return 0;
    return end;
}

/* The title: the title lines joined into one. */
static jx_status extract_title(const jx_line *lines, size_t first,
                               size_t count, jx_field *f)
{
    jx_buf b = {0};
    jx_status st = JX_OK;
    for (size_t k = first; k < first + count && st == JX_OK; k++)
        st = join_text(&b, lines[k].s, lines[k].len);
    size_t main = first + count - 1;
    /* A page that shows a file's name as its title: 某局…自评报告.pdf. */
    static const char *const exts[] = {".pdf", ".PDF", ".docx",
                                       ".doc", ".wps", ".txt"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts && st == JX_OK; i++)
        if (Jx_ends_with(b.data, b.len, exts[i]) && b.len > strlen(exts[i])) {
            b.len -= strlen(exts[i]);
            break;
        }
    if (st == JX_OK)
        st = Jx_field_fill(f, b.data, b.len, lines[main].s, lines[main].len,
                           (unsigned)(main + 1), JX_SOURCE_TEXT);
    Jx_buf_clear(&b);
    return st;
}

/* ---- Places and units ----------------------------------------------- */

/* Suffixes of administrative areas, longest first where they overlap. */
static const char *const region_suffixes[] = {
    "高新技术产业开发区",
    "经济技术开发区",
    "高新技术开发区",
    "经济开发区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "经开区",
    "高新区",
    "开发区",
    "新区",
    "地区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
};

/* Characters never found in a place name but common right before one
 * (我区, 全市, 在南昌市, 2022年南昌市, 按照县…, 依据山丹县…). */
static const char not_in_place[] =
    "我本全该各其此的了是仅从把被向对及与在为将年月日按照依据根";

/* Returns the bytes of one place ("南昌市", "璧山区", "南昌经开区") at
 * s, or 0: a name of 2 to 4 Han characters (up to 6 before a multi-
 * character suffix) and a suffix. The shortest name wins. */
static size_t region_segment(const char *s, size_t len)
{
    size_t i = 0;
    for (size_t chars = 1; chars <= 6 && i < len; chars++) {
        uint32_t cp = jx_next_cp(s, len, &i);
        if (!Jx_is_han(cp) || cp_in(cp, not_in_place))
            return 0;
        if (chars < 2)
            continue;
        for (size_t k = 0;
             k < sizeof region_suffixes / sizeof *region_suffixes; k++) {
            const char *suffix = region_suffixes[k];
            size_t slen = strlen(suffix);
            if (chars > 4 && slen <= 3)
                continue;
            if (Jx_starts_with(s + i, len - i, suffix)) {
                /* 辖区, 社区, 景区, 校区…: areas, not places */
                if (strcmp(suffix, "区") == 0 &&
                    cp_in(cp, "辖社景校片库牧灾矿"))
                    return 0;
                return i + slen;
            }
        }
    }
    return 0;
}

/* Returns the bytes of a chain of places at s ("南昌市西湖区"), or 0;
 * *segments (may be NULL) receives how many. */
static size_t region_chain(const char *s, size_t len, size_t *segments)
{
    size_t i = 0, count = 0, seg;
    while (i < len && (seg = region_segment(s + i, len - i)) > 0) {
        i += seg;
        count++;
    }
    if (segments)
        *segments = count;
    return i;
}

/* Endings of a unit's name. */
static const char *const unit_suffixes[] = {
    "委员会", "办公室", "办事处", "中心", "公司", "政府", "街道",   "集团",
    "医院",   "学校",   "学院",   "大学", "中学", "小学", "幼儿园", "局",
    "委",     "办",     "院",     "所",   "站",   "会",   "部",     "厅",
    "处",     "馆",     "队",     "署",   "室",   "社",   "校",     "团",
};

/* Words that are never part of a unit's name but often of a title or a
 * sentence around one. */
static const char *const not_in_unit[] = {
    "关于", "报告", "绩效", "自评", "通知", "年度",
    "的",   "支出", "经费", "情况", "我",   "现将",
};

/* True when s[0..len) is shaped like a unit's full name: 4 to 40 Han
 * characters (brackets allowed), not starting with 我/本/该..., and
 * ending in 局, 委, 中心, 公司... */
static int is_unit_name(const char *s, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; count++) {
        uint32_t cp = jx_next_cp(s, len, &i);
        if (count == 0 &&
            (!Jx_is_han(cp) || cp_in(cp, "我本该各全此其区市县省镇乡")))
            return 0;
        if (!Jx_is_han(cp) && !cp_in(cp, "（）()"))
            return 0;
    }
    if (count < UNIT_MIN_CHARS || count > UNIT_MAX_CHARS)
        return 0;
    for (size_t k = 0; k < sizeof not_in_unit / sizeof *not_in_unit; k++)
        if (contains(s, len, not_in_unit[k]))
            return 0;
    for (size_t k = 0; k < sizeof unit_suffixes / sizeof *unit_suffixes; k++)
        if (Jx_ends_with(s, len, unit_suffixes[k]))
            return 1;
    /* A town under its county's government: 某县人民政府某镇. */
    return (Jx_ends_with(s, len, "镇") || Jx_ends_with(s, len, "乡")) &&
           contains(s, len, "人民政府");
}

/* A list of department candidates in order of preference. */
typedef struct candidates {
    found v[MAX_CANDIDATES];
    size_t n;
    char store[CANDIDATE_STORE]; /* titles with their spaces taken out */
    size_t used;
} candidates;

/* Adds a candidate when it is shaped like a unit's name. */
static void add_candidate(candidates *c, const char *s, size_t len,
                          size_t line)
{
    if (c->n < MAX_CANDIDATES && is_unit_name(s, len))
        c->v[c->n++] = (found){s, len, line};
}

/* Labels whose value is the reporting unit (a form's 单位名称). */
static const char *const unit_labels[] = {
    "单位名称",       "部门名称",         "部门(单位)名称", "部门（单位）名称",
    "单位(部门)名称", "单位（部门）名称", "填报单位",       "预算单位",
    "编制单位",       "报送单位",         "实施单位",       "项目单位",
};

/* Labels whose value is the office that published a web page (发布机构,
 * 来源): often the unit, but sometimes its supervising bureau or the
 * government's own office, so only a last resort. */
static const char *const publisher_labels[] = {
    "发布机构", "发布单位", "信息来源", "文章来源", "来源",
};

/* Moves *i past spaces, colons and table bars (at most 8 of them). */
static void skip_set_bytes(const char *s, size_t len, size_t *i)
{
    for (int k = 0; k < 8 && *i < len; k++) {
        size_t j = *i;
        uint32_t cp = jx_next_cp(s, len, &j);
        if (cp != ' ' && cp != ':' && cp != '|' && cp != 0xFF1A)
            return;
        *i = j;
    }
}

/* Adds as a candidate of line k the word of s[0..len) that starts at
 * the first non-space from at and ends at the next space. */
static void add_word_at(candidates *c, const char *s, size_t len, size_t at,
                        size_t k)
{
    while (at < len && s[at] == ' ')
        at++;
    size_t e = at;
    while (e < len && s[e] != ' ')
        e++;
    add_candidate(c, s + at, e - at, k);
}

/* A form's label followed by spaces instead of a colon (部门(单位)名称
 * 岳阳县某中心): the value after the spaces, when it is a unit's name. */
static void unit_after_spaced_label(const char *s, size_t len, size_t k,
                                    candidates *c, const char *const *labels,
                                    size_t nlabels)
{
    for (size_t i = 0; i < nlabels; i++) {
        size_t l = strlen(labels[i]);
        if (!Jx_starts_with(s, len, labels[i]) || l >= len || s[l] != ' ')
            continue;
        add_word_at(c, s, len, l, k);
        return;
    }
}

/* Candidates from "label：value" lines (also after a list bullet) whose
 * label is one of labels[0..nlabels) (填报单位（盖章）：XX). */
static void units_from_labels(const jx_line *lines, size_t n, candidates *c,
                              const char *const *labels, size_t nlabels)
{
    for (size_t k = 0; k < n && c->n < MAX_LABEL_CANDIDATES; k++) {
        size_t b = Jx_skip_bullet(lines[k].s, lines[k].len);
        const char *s = lines[k].s + b;
        size_t len = lines[k].len - b;
        if (!Jx_is_label_line(s, len)) {
            unit_after_spaced_label(s, len, k, c, labels, nlabels);
            continue;
        }
        size_t colon = Jx_find(s, len, "："), step = strlen("：");
        size_t ascii = Jx_find(s, len, ":");
        if (ascii < colon) {
            colon = ascii;
            step = 1;
        }
        int named = 0;
        for (size_t i = 0; i < nlabels; i++)
            named |= Jx_starts_with(s, colon, labels[i]);
        if (!named)
            continue;
        add_word_at(c, s, len, colon + step, k);
    }
}

/* Labels found inside a flattened form's line (…项目实施单位某学院项目类别…,
 * | 单位名称 | 某镇人民政府 |, 实施单位 219001-某镇人民政府), and the first
 * lines looked at for them. */
static const struct inline_label {
    const char *word;
    int cell_start; /* only at a line's or a cell's start */
} inline_labels[] = {
    {"单位名称", 0}, {"部门名称", 0}, {"实施单位", 0}, {"填报单位", 0},
    {"预算单位", 0}, {"项目单位", 0}, {"部门:", 1},    {"部门：", 1},
};
#define INLINE_LABEL_LINES 12

/* Labels of the field that may follow a unit's name in a flattened form
 * line (项目单位：某局主管部门：某委). */
static const char *const next_labels[] = {
    "主管部门", "项目类别", "项目负责人", "评价机构", "联系人", "负责人",
};

/* The unit after an inline label at s[at]: past separators (spaces,
 * colons, bars) and a budget code (219001-), the run of Han characters
 * taken whole when it is a unit's name, else its shortest head that is
 * one (a name run into the next label: 某学院项目类别). */
static void unit_after_inline_label(const char *s, size_t len, size_t at,
                                    size_t k, candidates *c)
{
    skip_set_bytes(s, len, &at);
    /* In a sentence: 本项目实施单位为某局. */
    if (Jx_starts_with(s + at, len - at, "为"))
        at += strlen("为");
    size_t code = at;
    while (code < len && Jx_is_digit((unsigned char)s[code]))
        code++;
    if (code > at && code < len && s[code] == '-')
        at = code + 1;
    size_t end = at;
    while (end < len) {
        size_t j = end;
        uint32_t cp = jx_next_cp(s, len, &j);
        if (!Jx_is_han(cp) && !cp_in(cp, "（）()"))
            break;
        end = j;
    }
    if (is_unit_name(s + at, end - at)) {
        add_candidate(c, s + at, end - at, k);
        return;
    }
    size_t i = 0, shortest = 0;
    for (size_t chars = 0; chars < UNIT_MAX_CHARS && at + i < end; chars++) {
        jx_next_cp(s + at, end - at, &i);
        if (!is_unit_name(s + at, i))
            continue;
        if (!shortest)
            shortest = i;
        /* A head that the next field's label follows is the whole name
         * (某市卫生和计划生育委员会主管部门…, not 某市卫生和计划生育委). */
        for (size_t m = 0; m < sizeof next_labels / sizeof *next_labels; m++)
            if (Jx_starts_with(s + at + i, end - at - i, next_labels[m])) {
                add_candidate(c, s + at, i, k);
                return;
            }
    }
    if (shortest)
        add_candidate(c, s + at, shortest, k);
}

/* The publisher in an index block written as a table row (索引号 | … |
 * 发布机构 | 某局 |), the last resort as a publisher line is. */
static void publisher_in_row(const jx_line *lines, size_t n, candidates *c)
{
    for (size_t k = 0; k < n && k < INLINE_LABEL_LINES && c->n == 0; k++) {
        size_t at = Jx_find(lines[k].s, lines[k].len, "发布机构");
        if (at != (size_t)-1 && memchr(lines[k].s, '|', lines[k].len) != NULL)
            unit_after_inline_label(lines[k].s, lines[k].len,
                                    at + strlen("发布机构"), k, c);
    }
    /* An article header on one line: 发布时间:… 来源:某局 浏览次数:… */
    for (size_t k = 0; k < n && k < INLINE_LABEL_LINES && c->n == 0; k++) {
        const jx_line *l = &lines[k];
        if (!Jx_starts_with(l->s, l->len, "发布时间") &&
            !Jx_starts_with(l->s, l->len, "发布日期"))
            continue;
        size_t at = Jx_find(l->s, l->len, "来源");
        if (at != (size_t)-1)
            unit_after_inline_label(l->s, l->len, at + strlen("来源"), k, c);
    }
}

/* Candidates from labels inside the first lines of a flattened form;
 * 部门: only at a cell's start, and never a supervisor's (主管部门). */
static void units_from_inline_labels(const jx_line *lines, size_t n,
                                     candidates *c)
{
    for (size_t k = 0; k < n && k < INLINE_LABEL_LINES; k++) {
        const char *s = lines[k].s;
        size_t len = lines[k].len;
        for (size_t m = 0; m < sizeof inline_labels / sizeof *inline_labels;
             m++) {
            const char *lab = inline_labels[m].word;
            size_t llen = strlen(lab);
            for (size_t o = 0; o + llen <= len;) {
                const char *hit = memmem(s + o, len - o, lab, llen);
                if (!hit)
                    break;
                size_t at = (size_t)(hit - s);
                o = at + llen;
                if (Jx_ends_with(s, at, "主管"))
                    continue;
                if (inline_labels[m].cell_start && at > 0 &&
                    s[at - 1] != ' ' && s[at - 1] != '|')
                    continue;
                unit_after_inline_label(s, len, o, k, c);
            }
        }
    }
}

/* Markers where the unit's name in a title ends. */
static const char *const title_name_ends[] = {
    "年度",     "部门整体", "整体支出",   "项目支出",     "部门项目",
    "部门预算", "部门决算", "决算",       "预算",         "绩效",
    "自评",     "专项",     "部门(单位)", "部门（单位）", "报告",
    "财政支出", "支出",     "的",
};

/* Copies s[0..len) into the candidates' store without its spaces (a PDF
 * conversion puts them around numbers and inside words: 2021 年某市
 * 发展和改革局整体支出 绩效自评报告); returns the copy, or NULL when the
 * store is full. */
static const char *despaced(candidates *c, const char *s, size_t len,
                            size_t *out_len)
{
    size_t start = c->used;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        uint32_t cp = jx_next_cp(s, len, &i);
        if (Jx_is_space(cp))
            continue;
        if (c->used + (i - at) > sizeof c->store)
            return NULL;
        memcpy(c->store + c->used, s + at, i - at);
        c->used += i - at;
    }
    *out_len = c->used - start;
    return c->store + start;
}

/* The unit's name in a title's text s[0..len) (spaces already out):
 * after a leading 关于 or year (2021年, 2021年度: the year may come
 * first), what comes before the year or the report words
 * (临溪区科技局部门整体支出… → 临溪区科技局). */
static void unit_from_title_text(const char *s, size_t len, size_t k,
                                 candidates *c)
{
    if (Jx_starts_with(s, len, "关于")) {
        s += strlen("关于");
        len -= strlen("关于");
    }
    size_t y = 0, digits = 0;
    while (y < len && digits < 4) {
        size_t at = y;
        if (!Jx_is_digit(jx_next_cp(s, len, &y))) {
            y = at;
            break;
        }
        digits++;
    }
    if (digits == 4 && Jx_starts_with(s + y, len - y, "年")) {
        y += strlen("年");
        if (Jx_starts_with(s + y, len - y, "度"))
            y += strlen("度");
        s += y;
        len -= y;
    }
    size_t end = len;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        if (Jx_is_digit(jx_next_cp(s, len, &i))) {
            end = at;
            break;
        }
    }
    for (size_t m = 0; m < sizeof title_name_ends / sizeof *title_name_ends;
         m++) {
        size_t at = Jx_find(s, end, title_name_ends[m]);
        if (at != (size_t)-1)
            end = at;
    }
    if (is_unit_name(s, end)) {
        add_candidate(c, s, end, k);
        return;
    }
    /* A name followed by what it spends on (某县交通运输局衔接资金项目…):
     * the longest head that is a unit's name, when it opens with a
     * place (健全现代医院管理制度项目 names no unit). */
    if (region_chain(s, end, NULL) == 0)
        return;
    for (size_t i = end; i > 0;) {
        if (is_unit_name(s, i)) {
            add_candidate(c, s, i, k);
            return;
        }
        Jx_last_cp(s, i, &i);
    }
}

/* The unit's name at the head of a title line, its spaces taken out. */
static void unit_from_title_line(const jx_line *l, size_t k, candidates *c)
{
    size_t len;
    const char *s = despaced(c, l->s, l->len, &len);
    if (s)
        unit_from_title_text(s, len, k, c);
}

/* The unit's name at the head of the title lines joined (a name broken
 * over two lines: 寻甸县七星镇人民 | 政府2024年部门整体支出 | …). */
static void unit_from_title_lines(const jx_line *lines, size_t first,
                                  size_t count, candidates *c)
{
    if (count < 2)
        return;
    size_t start = c->used, len = 0;
    for (size_t k = first; k < first + count; k++) {
        size_t part;
        if (!despaced(c, lines[k].s, lines[k].len, &part))
            return;
        len += part;
    }
    unit_from_title_text(c->store + start, len, first + count - 1, c);
}

/* Words that follow a unit's name at the start of a sentence about it. */
static const char *const unit_cues[] = {
    "共有",   "，主要职责", ",主要职责", "主要职责", "内设", "下设", "现有",
    "成立于", "（以下简称", "(以下简称", "位于",     "是",   "为",   "系",
};

/* True when s opens with a year, conversion spaces allowed (2022年,
 * " 2022 年"). */
static int year_follows(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    while (i < len && s[i] == ' ')
        i++;
    while (i < len && Jx_is_digit((unsigned char)s[i]) && digits < 4) {
        i++;
        digits++;
    }
    while (i < len && s[i] == ' ')
        i++;
    return digits == 4 && Jx_starts_with(s + i, len - i, "年");
}

/* True when a line names a report (a run-in title: 某中心 2022 年…绩效
 * 自评总结报告 一 …). */
static int names_report_text(const char *s, size_t len)
{
    return contains(s, len, "报告") &&
           (contains(s, len, "绩效") || contains(s, len, "自评"));
}

/* A candidate from a line that opens with the unit's name and a cue
 * (XX共有预算单位, XX主要职责, XX内设机构): the shortest such name. */
static void unit_from_sentence(const jx_line *l, size_t k, candidates *c)
{
    size_t p = 0;
    if (Jx_numbering(l->s, l->len, &p) < 0)
        p = 0;
    const char *s = l->s + p;
    size_t len = l->len - p;
    size_t i = 0;
    for (size_t chars = 0; chars < UNIT_MAX_CHARS && i < len; chars++) {
        jx_next_cp(s, len, &i);
        if (!is_unit_name(s, i))
            continue;
        for (size_t m = 0; m < sizeof unit_cues / sizeof *unit_cues; m++) {
            if (Jx_starts_with(s + i, len - i, unit_cues[m])) {
                add_candidate(c, s, i, k);
                return;
            }
        }
        if (p == 0 && year_follows(s + i, len - i) &&
            names_report_text(s, len)) {
            add_candidate(c, s, i, k);
            return;
        }
    }
}

/* The first lines looked at for an opening sentence that introduces
 * the report (现将…报告如下). */
#define OPENING_LINES 10

/* The unit named in an opening sentence that introduces the report:
 * 现将2022年某县交通运输局衔接资金项目绩效自评总结报告如下 → 某县交通运输局
 * (the words after 现将 up to 报告 read as a title). 现将我局… names
 * none. */
static void unit_from_opening(const jx_line *lines, size_t n, candidates *c)
{
    for (size_t k = 0; k < n && k < OPENING_LINES; k++) {
        const jx_line *l = &lines[k];
        size_t at = Jx_find(l->s, l->len, "现将");
        if (at == (size_t)-1)
            continue;
        at += strlen("现将");
        size_t end = Jx_find(l->s + at, l->len - at, "报告");
        if (end == (size_t)-1)
            continue;
        size_t len;
        const char *d = despaced(c, l->s + at, end, &len);
        if (d)
            unit_from_title_text(d, len, k, c);
        return;
    }
}

/* The title text of an attachment line (附件2:某局…报告.pdf, 附 件:1.某厅
 * …报告) or of a numbered item after one (2.2020年度…报告), spaces taken
 * out: its offset in the despaced copy d, or (size_t)-1 when the line
 * names no report. */
static size_t attachment_title(const char *d, size_t len, int first)
{
    size_t i = 0;
    if (first) {
        if (!Jx_starts_with(d, len, "附件"))
            return (size_t)-1;
        i = strlen("附件");
        while (i < len && Jx_is_digit((unsigned char)d[i]))
            i++;
        if (Jx_starts_with(d + i, len - i, "："))
            i += strlen("：");
        else if (i < len && d[i] == ':')
            i++;
        else
            return (size_t)-1;
    }
    size_t num = i;
    while (num < len && Jx_is_digit((unsigned char)d[num]))
        num++;
    if (num > i && num < len && d[num] == '.')
        i = num + 1;
    else if (num > i && Jx_starts_with(d + num, len - num, "、"))
        i = num + strlen("、");
    else if (!first)
        return (size_t)-1;
    if (!contains(d + i, len - i, "报告") && !contains(d + i, len - i, "自评"))
        return (size_t)-1;
    return i;
}

/* The unit of a list of attachments (附件：1.某厅…报告 / 2.…报告) or of an
 * attachment line (附件2:某局…报告.pdf): the unit their titles name, when
 * they name one and the same (a list of several units' reports names
 * no author). */
static void unit_from_attachments(const jx_line *lines, size_t n,
                                  candidates *c)
{
    for (size_t k = 0; k < n; k++) {
        candidates *t = calloc(1, sizeof *t);
        if (!t)
            return;
        size_t dlen, at;
        const char *d = despaced(t, lines[k].s, lines[k].len, &dlen);
        if (!d || (at = attachment_title(d, dlen, 1)) == (size_t)-1) {
            free(t);
            continue;
        }
        size_t first_line = k, seen = t->n;
        unit_from_title_text(d + at, dlen - at, k, t);
        if (t->n == seen)
            first_line = (size_t)-1;
        for (size_t j = k + 1; j < n && j <= k + 8; j++) {
            d = despaced(t, lines[j].s, lines[j].len, &dlen);
            if (!d || (at = attachment_title(d, dlen, 0)) == (size_t)-1)
                break;
            seen = t->n;
            unit_from_title_text(d + at, dlen - at, j, t);
            if (t->n > seen && first_line == (size_t)-1)
                first_line = j;
        }
        int same = t->n > 0;
        for (size_t i = 1; i < t->n && same; i++)
            same = t->v[i].len == t->v[0].len &&
                   memcmp(t->v[i].s, t->v[0].s, t->v[0].len) == 0;
        if (same && c->used + t->v[0].len <= sizeof c->store) {
            memcpy(c->store + c->used, t->v[0].s, t->v[0].len);
            add_candidate(c, c->store + c->used, t->v[0].len, t->v[0].line);
            c->used += t->v[0].len;
        }
        free(t);
        return;
    }
}

/* A line that is only a date (2023年3月28日, 2023-03-28). */
static int is_date_line(const jx_line *l)
{
    if (Jx_char_count(l->s, l->len) > 20)
        return 0;
    for (size_t i = 0; i < l->len;) {
        uint32_t cp = jx_next_cp(l->s, l->len, &i);
        if (!Jx_is_digit(cp) && !Jx_is_space(cp) && !cp_in(cp, "年月日-/.") &&
            !cp_in(cp, "〇零一二三四五六七八九十"))
            return 0;
    }
    return 1;
}

/* The signature: among the last lines, after any date, a line that is
 * a unit's name (before a space and a date, without its （盖章）). */
static void unit_from_signature(const jx_line *lines, size_t n, candidates *c)
{
    for (size_t k = n; k-- > 0 && n - k <= SIGNATURE_LINES;) {
        const jx_line *l = &lines[k];
        if (l->len == 0 || is_date_line(l))
            continue;
        if (!Jx_is_title_like(l->s, l->len))
            return;
        size_t len = l->len, space = Jx_find(l->s, len, " ");
        if (space != (size_t)-1)
            len = space;
        static const char *const seals[] = {"（盖章）", "(盖章)", "（章）"};
        for (size_t i = 0; i < sizeof seals / sizeof *seals; i++)
            if (Jx_ends_with(l->s, len, seals[i]))
                len -= strlen(seals[i]);
        add_candidate(c, l->s, len, k);
        return;
    }
}

/* True when the longer name f spells out the short form b: the same
 * first and last characters and all of b's characters in order
 * (石桥镇政府 → 石桥镇人民政府). */
static int fuller_name(const found *f, const found *b)
{
    size_t i = 0, j = 0, first = 1;
    while (j < b->len) {
        size_t bj = j;
        uint32_t want = jx_next_cp(b->s, b->len, &bj);
        int hit = 0;
        while (i < f->len && !hit) {
            uint32_t got = jx_next_cp(f->s, f->len, &i);
            hit = got == want;
            if (first && !hit)
                return 0;
        }
        if (!hit)
            return 0;
        first = 0;
        j = bj;
    }
    return i == f->len;
}

/* Picks the first candidate, or a longer one that ends with it (the
 * title says 临溪区科技局, the signature 江北市临溪区科技局). */
static const found *best_unit(const candidates *c)
{
    if (c->n == 0)
        return NULL;
    const found *best = &c->v[0];
    for (size_t i = 1; i < c->n; i++) {
        const found *f = &c->v[i];
        if (f->len > best->len &&
            (memcmp(f->s + f->len - best->len, best->s, best->len) == 0 ||
             fuller_name(f, best)))
            best = f;
    }
    return best;
}

/* Department: the unit's name from a label line, the title, a sentence
 * opening with it, or the signature, in that order of preference; a web
 * page's publisher line (发布机构：XX) only when none of them gives one,
 * since the publisher may be another office than the report's unit (the
 * evidence, that label line, says where it came from). */
static jx_status extract_department(const jx_line *lines, size_t n,
                                    size_t title_first, size_t title_count,
                                    jx_field *f)
{
    candidates *c = calloc(1, sizeof *c);
    if (!c)
        return JX_ERR_NOMEM;
    units_from_labels(lines, n, c, unit_labels,
                      sizeof unit_labels / sizeof *unit_labels);
    units_from_inline_labels(lines, n, c);
    for (size_t k = title_first; k < title_first + title_count; k++)
        unit_from_title_line(&lines[k], k, c);
    unit_from_title_lines(lines, title_first, title_count, c);
    unit_from_opening(lines, n, c);
    unit_from_attachments(lines, n, c);
    size_t before = c->n;
    for (size_t k = 0; k < n && c->n == before; k++)
        unit_from_sentence(&lines[k], k, c);
    unit_from_signature(lines, n, c);
    if (c->n == 0)
        units_from_labels(lines, n, c, publisher_labels,
                          sizeof publisher_labels / sizeof *publisher_labels);
    if (c->n == 0)
        publisher_in_row(lines, n, c);
    const found *best = best_unit(c);
    jx_status st = JX_OK;
    if (best)
        st = set_from_line(f, best->s, best->len, lines, best->line);
    free(c);
    return st;
}

/* ---- Region ----------------------------------------------------------- */

/* Finds needle[0..nlen) in s[0..len) from byte from; (size_t)-1 if not. */
static size_t find_bytes(const char *s, size_t len, size_t from,
                         const char *needle, size_t nlen)
{
    if (nlen == 0 || from > len)
        return (size_t)-1;
    const char *at = memmem(s + from, len - from, needle, nlen);
    return at ? (size_t)(at - s) : (size_t)-1;
}

/* True for a place one level above a district: 南昌市, 延边州, 某某地区. */
static int is_city_level(const char *s, size_t len)
{
    return Jx_ends_with(s, len, "市") || Jx_ends_with(s, len, "州") ||
           Jx_ends_with(s, len, "盟") || Jx_ends_with(s, len, "地区");
}

/* Completes a lone district (西湖区) with its city when the text names
 * them together somewhere (南昌市西湖区): returns 1 and fills *out. */
static int complete_district(const jx_line *lines, size_t n, const char *r,
                             size_t rlen, found *out)
{
    size_t segments;
    if (region_chain(r, rlen, &segments) != rlen || segments != 1 ||
        !(Jx_ends_with(r, rlen, "区") || Jx_ends_with(r, rlen, "县") ||
          Jx_ends_with(r, rlen, "旗")))
        return 0;
    for (size_t k = 0; k < n; k++) {
        const jx_line *l = &lines[k];
        for (size_t o = find_bytes(l->s, l->len, 0, r, rlen); o != (size_t)-1;
             o = find_bytes(l->s, l->len, o + 1, r, rlen)) {
            size_t start = o;
            for (int back = 1; back <= 7 && start > 0; back++) {
                Jx_last_cp(l->s, start, &start);
                if (back >= 3 &&
                    region_segment(l->s + start, o - start) == o - start &&
                    is_city_level(l->s + start, o - start)) {
                    *out = (found){l->s + start, o - start + rlen, k};
                    return 1;
                }
            }
        }
    }
    return 0;
}

/* A place named in the text and how often. */
typedef struct place {
    found at; /* its first occurrence */
    unsigned count;
} place;

/* Counts one occurrence of a place. */
static void count_place(place *v, size_t *n, const char *s, size_t len,
                        size_t line)
{
    for (size_t i = 0; i < *n; i++) {
        if (v[i].at.len == len && memcmp(v[i].at.s, s, len) == 0) {
            v[i].count++;
            return;
        }
    }
    if (*n < MAX_PLACES)
        v[(*n)++] = (place){{s, len, line}, 1};
}

/* The place the text names most often (the first on a tie), counting
 * only chains of places that start a line or follow a non-Han character,
 * where a word can be told to begin. Returns 1 and fills *out. */
static int most_named_place(const jx_line *lines, size_t n, found *out)
{
    place v[MAX_PLACES];
    size_t np = 0;
    for (size_t k = 0; k < n; k++) {
        const jx_line *l = &lines[k];
        size_t i = 0;
        if (Jx_numbering(l->s, l->len, &i) < 0)
            i = 0;
        int boundary = 1;
        while (i < l->len) {
            size_t chain =
                boundary ? region_chain(l->s + i, l->len - i, NULL) : 0;
            if (chain) {
                count_place(v, &np, l->s + i, chain, k);
                i += chain;
                boundary = 0;
                continue;
            }
            boundary = !Jx_is_han(jx_next_cp(l->s, l->len, &i));
        }
    }
    size_t best = np;
    for (size_t i = 0; i < np; i++)
        if (best == np || v[i].count > v[best].count)
            best = i;
    if (best == np)
        return 0;
    *out = v[best].at;
    return 1;
}

/* A county of a one-character name at the head of a unit's name (南县,
 * 易县, 沛县: 南县住房和城乡建设局 → 南县): only there, where the unit's
 * name follows, since in running text X县 is mostly a word's end
 * (按照县…). Returns its bytes, or 0. */
static size_t one_char_county(const char *s, size_t len)
{
    size_t i = 0;
    uint32_t cp = jx_next_cp(s, len, &i);
    if (!Jx_is_han(cp) || cp_in(cp, not_in_place) ||
        !Jx_starts_with(s + i, len - i, "县") ||
        !is_unit_name(s + i + strlen("县"), len - i - strlen("县")))
        return 0;
    return i + strlen("县");
}

/* Region: the places at the head of the department's name (after any
 * 中共 of a party organ's name); without a
 * department, the place the text names most; a lone district completed
 * with its city when the text names both. */
static jx_status extract_region(const jx_line *lines, const jx_line *body,
                                size_t n, const jx_field *dept, jx_field *f)
{
    found r = {0};
    if (dept->value && dept->line > 0) {
        const char *d = dept->value;
        if (Jx_starts_with(d, strlen(d), "中共"))
            d += strlen("中共");
        size_t chain = region_chain(d, strlen(d), NULL);
        if (!chain)
            chain = one_char_county(d, strlen(d));
        if (chain)
            r = (found){d, chain, dept->line - 1};
    }
    if (!r.len && !most_named_place(body, n, &r))
        return JX_OK;
    found wider;
    if (complete_district(lines, n, r.s, r.len, &wider))
        r = wider;
    return set_from_line(f, r.s, r.len, lines, r.line);
}

/* ---- Year --------------------------------------------------------------- */

/* The value of a digit: ASCII, full-width, or 〇/零 一 … 九. -1 if none. */
static int digit_value(uint32_t cp)
{
    static const uint32_t cn[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
                                  0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return (int)(cp - 0xFF10);
    if (cp == 0x96F6)
        return 0;
    for (int d = 0; d < 10; d++)
        if (cp == cn[d])
            return d;
    return -1;
}

/* Reads a year at s[i]: four digits, optional spaces, 年, within range;
 * *after receives the offset past 年. */
static int year_at(const char *s, size_t len, size_t i, int *year,
                   size_t *after)
{
    int y = 0;
    for (int d = 0; d < 4; d++) {
        int v = i < len ? digit_value(jx_next_cp(s, len, &i)) : -1;
        if (v < 0)
            return 0;
        y = y * 10 + v;
    }
    size_t j = i;
    if (j < len && digit_value(jx_next_cp(s, len, &j)) >= 0)
        return 0;
    while (i < len && s[i] == ' ')
        i++;
    if (!Jx_starts_with(s + i, len - i, "年") || y < YEAR_MIN || y > YEAR_MAX)
        return 0;
    *year = y;
    *after = i + strlen("年");
    return 1;
}

/* Finds the next year in s from *pos (not inside a longer number);
 * moves *pos past it. */
static int next_year(const char *s, size_t len, size_t *pos, int *year,
                     size_t *after)
{
    uint32_t prev = *pos ? Jx_last_cp(s, *pos, NULL) : 0;
    while (*pos < len) {
        size_t at = *pos;
        uint32_t cp = jx_next_cp(s, len, pos);
        if (digit_value(cp) >= 0 && digit_value(prev) < 0 &&
            year_at(s, len, at, year, after)) {
            *pos = *after;
            return 1;
        }
        prev = cp;
    }
    return 0;
}

/* Sets the year field to y, read from line k. */
static jx_status set_year(jx_field *f, int y, const jx_line *lines, size_t k)
{
    char v[8];
    v[0] = (char)('0' + y / 1000);
    v[1] = (char)('0' + y / 100 % 10);
    v[2] = (char)('0' + y / 10 % 10);
    v[3] = (char)('0' + y % 10);
    return set_from_line(f, v, 4, lines, k);
}

/* True when a year's 年 is followed by 度 and, soon after, by words
 * saying it is the year evaluated (开展2021年度项目自评, 2022年度绩效评价). */
static int evaluated_year_context(const char *s, size_t len)
{
    if (!Jx_starts_with(s, len, "度"))
        return 0;
    size_t end = skip_chars(s, len, YEAR_CONTEXT_CHARS);
    return contains(s, end, "自评") || contains(s, end, "绩效") ||
           contains(s, end, "评价");
}

/* Year: the title's; else the first 年度 followed by 自评/绩效/评价;
 * else the year the text names most often (the first on a tie). */
static jx_status extract_year(const jx_line *lines, size_t n,
                              size_t title_first, size_t title_count,
                              jx_field *f)
{
    int y;
    size_t after;
    for (size_t k = title_first; k < title_first + title_count; k++) {
        size_t pos = 0;
        if (next_year(lines[k].s, lines[k].len, &pos, &y, &after))
            return set_year(f, y, lines, k);
    }
    for (size_t k = 0; k < n; k++) {
        const jx_line *l = &lines[k];
        for (size_t pos = 0; next_year(l->s, l->len, &pos, &y, &after);)
            if (evaluated_year_context(l->s + after, l->len - after))
                return set_year(f, y, lines, k);
    }
    unsigned count[YEAR_MAX - YEAR_MIN + 1] = {0};
    size_t first[YEAR_MAX - YEAR_MIN + 1];
    int best = 0;
    for (size_t k = 0; k < n; k++) {
        const jx_line *l = &lines[k];
        for (size_t pos = 0; next_year(l->s, l->len, &pos, &y, &after);) {
            int i = y - YEAR_MIN;
            if (count[i]++ == 0)
                first[i] = k;
            if (!best || count[i] > count[best - YEAR_MIN] ||
                (count[i] == count[best - YEAR_MIN] &&
                 first[i] < first[best - YEAR_MIN]))
                best = y;
        }
    }
    return best ? set_year(f, best, lines, first[best - YEAR_MIN]) : JX_OK;
}

/* ---- Score and grade ---------------------------------------------------- */

/* A value read from a line, with how strongly its wording marks it as
 * the report's overall value (0 is strongest). */
typedef struct reading {
    char value[16];
    size_t line;
    int rank;
} reading;

/* The best readings of a field so far: all of the best rank must agree. */
typedef struct readings {
    reading first;
    int have;
    int conflict;
} readings;

/* Records a reading, keeping only the best rank and noting disagreement. */
static void note_reading(readings *r, const char *value, size_t line, int rank)
{
    if (r->have && rank > r->first.rank)
        return;
    if (r->have && rank == r->first.rank) {
        if (strcmp(r->first.value, value) != 0)
            r->conflict = 1;
        return;
    }
    r->have = 1;
    r->conflict = 0;
    r->first.rank = rank;
    r->first.line = line;
    snprintf(r->first.value, sizeof r->first.value, "%s", value);
}

/* Words naming an overall score, with their rank. Longer words first
 * where one begins another. */
static const struct score_word {
    const char *word;
    int rank;
} score_words[] = {
    {"平均得分", 0},
    {"综合得分", 0},
    {"总得分", 0},
    {"最终得分", 0},
    {"综合评分", 0},
    {"总体得分", 0},
    {"整体得分", 0},
    {"总评分", 0},
    {"自评指标得分", 1},
    {"自评得分", 1},
    {"自评分数", 1},
    {"自评分", 1},
    {"评价得分", 1},
    {"绩效得分", 1},
    {"考评得分", 1},
    {"自评总分", 1},
    {"得分", 2},
    /* The same words in traditional characters (mirror sites). */
    {"綜合得分", 0},
    {"總得分", 0},
    {"自評得分", 1},
    {"自評分", 1},
    {"評價得分", 1},
    {"績效得分", 1},
};

/* Moves *i past up to max characters of the set (为, ：, spaces, |...). */
static void skip_set(const char *s, size_t len, size_t *i, const char *set,
                     int max)
{
    for (int k = 0; k < max && *i < len; k++) {
        size_t j = *i;
        if (!cp_in(jx_next_cp(s, len, &j), set))
            return;
        *i = j;
    }
}

/* Reads a number (97, 97.5, ９８) at s[*i] into out as ASCII; moves *i
 * past it. Returns 0 when there is none. */
static int read_number(const char *s, size_t len, size_t *i, char *out,
                       size_t cap)
{
    size_t o = 0, j = *i;
    int digits = 0, point = 0;
    while (j < len && o + 2 < cap) {
        size_t k = j;
        uint32_t cp = jx_next_cp(s, len, &k);
        if (Jx_is_digit(cp)) {
            out[o++] = (char)('0' + (cp >= 0xFF10 ? cp - 0xFF10 : cp - '0'));
            digits++;
        } else if ((cp == '.' || cp == 0xFF0E) && !point && digits) {
            size_t m = k;
            if (m >= len || !Jx_is_digit(jx_next_cp(s, len, &m)))
                break;
            out[o++] = '.';
            point = 1;
        } else {
            break;
        }
        j = k;
    }
    out[o] = '\0';
    if (!digits || o + 2 >= cap)
        return 0;
    *i = j;
    return 1;
}

/* True when what follows a score ends it: 分 (not 分以上), a table bar,
 * punctuation or the end of the line. */
static int score_ends(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] == ' ')
        i++;
    if (i == len)
        return 1;
    if (Jx_starts_with(s + i, len - i, "分")) {
        i += strlen("分");
        return !Jx_starts_with(s + i, len - i, "以") &&
               !Jx_starts_with(s + i, len - i, "及以") &&
               !Jx_starts_with(s + i, len - i, "值");
    }
    size_t j = i;
    return cp_in(jx_next_cp(s, len, &j), "|，。；,;）)");
}

/* What the current sentence has said so far: 分值 or 权重 (so its scores
 * are an indicator's), 满分 (so a bare 得分 is the score out of it). */
typedef struct sentence_state {
    int weight, full;
} sentence_state;

/* Updates the state at s[i]: a sentence end forgets it. */
static void track_sentence(const char *s, size_t len, size_t i,
                           sentence_state *st)
{
    if (Jx_starts_with(s + i, len - i, "分值") ||
        Jx_starts_with(s + i, len - i, "权重"))
        st->weight = 1;
    else if (Jx_starts_with(s + i, len - i, "满分"))
        st->full = 1;
    else if (Jx_starts_with(s + i, len - i, "。") ||
             Jx_starts_with(s + i, len - i, "；") ||
             Jx_starts_with(s + i, len - i, "！") ||
             Jx_starts_with(s + i, len - i, "？") || s[i] == ';')
        st->weight = st->full = 0;
}

/* True when the score word at s[i] belongs to one indicator: 实际得分,
 * 指标得分, or a sentence giving an indicator's 分值 or 权重 before it. */
static int indicator_score(const char *s, size_t i, const sentence_state *st)
{
    return Jx_ends_with(s, i, "实际") || Jx_ends_with(s, i, "指标") ||
           Jx_ends_with(s, i, "该项") || st->weight;
}

/* Returns the score word at s[0..len), or NULL. */
static const struct score_word *score_word_at(const char *s, size_t len)
{
    for (size_t m = 0; m < sizeof score_words / sizeof *score_words; m++)
        if (Jx_starts_with(s, len, score_words[m].word))
            return &score_words[m];
    return NULL;
}

/* Notes the overall scores one line states, sentence by sentence. */
static void scores_in_line(const jx_line *l, size_t k, readings *r)
{
    sentence_state st = {0, 0};
    if (!memmem(l->s, l->len, "分", strlen("分")))
        return; /* every score word has 分: most lines go no further */
    for (size_t i = 0; i < l->len;) {
        track_sentence(l->s, l->len, i, &st);
        const struct score_word *w = score_word_at(l->s + i, l->len - i);
        if (!w) {
            jx_next_cp(l->s, l->len, &i);
            continue;
        }
        size_t at = i;
        i += strlen(w->word);
        if (indicator_score(l->s, at, &st) || (w->rank == 2 && !st.full))
            continue;
        size_t j = i;
        char value[16];
        /* a form's column header: 自评总分(分)97.6, the number then
         * run into the next label */
        int header = 0;
        if (Jx_starts_with(l->s + j, l->len - j, "(分)")) {
            j += strlen("(分)");
            header = 1;
        } else if (Jx_starts_with(l->s + j, l->len - j, "（分）")) {
            j += strlen("（分）");
            header = 1;
        }
        skip_set(l->s, l->len, &j, "为是：:| 达到了约共计", 6);
        if (read_number(l->s, l->len, &j, value, sizeof value) &&
            (header || score_ends(l->s, l->len, j)) &&
            Jx_field_validate(JX_FIELD_SCORE, value, NULL) == JX_OK)
            note_reading(r, value, k, w->rank);
    }
}

/* Score: the overall score the text states in so many words (自评得分,
 * 平均得分, 满分100分，本次得分93分); none when the best-worded ones disagree,
 * as per-project scores do. */
static jx_status extract_score(const jx_line *lines, size_t n, jx_field *f)
{
    readings r = {.have = 0};
    for (size_t k = 0; k < n; k++)
        scores_in_line(&lines[k], k, &r);
    if (!r.have || r.conflict)
        return JX_OK;
    return set_from_line(f, r.first.value, strlen(r.first.value), lines,
                         r.first.line);
}

/* Words after which a grade is stated. */
static const char *const grade_words[] = {
    "等级", "等次", "评定为", "评价为", "评级", "结果为", "结论为", "结论：",
};

/* True when the grade word at s[i] grades something else than the
 * report: 工程质量等级, 验收等级, 安全等级, 信用等级, 资质等级. */
static int other_grade(const char *s, size_t i)
{
    static const char *const others[] = {"质量", "验收", "安全", "信用",
                                         "资质"};
    for (size_t k = 0; k < sizeof others / sizeof *others; k++)
        if (Jx_ends_with(s, i, others[k]))
            return 1;
    return 0;
}

/* Notes the grades one line states (等级为优, 综合评价等级为“优秀”). */
static void grades_in_line(const jx_line *l, size_t k, readings *r)
{
    if (!memmem(l->s, l->len, "等", strlen("等")) &&
        !memmem(l->s, l->len, "评", strlen("评")) &&
        !memmem(l->s, l->len, "结", strlen("结")))
        return; /* every grade word has 等, 评 or 结 */
    for (size_t i = 0; i < l->len;) {
        size_t wlen = 0;
        for (size_t m = 0; m < sizeof grade_words / sizeof *grade_words; m++)
            if (Jx_starts_with(l->s + i, l->len - i, grade_words[m])) {
                wlen = strlen(grade_words[m]);
                break;
            }
        if (!wlen) {
            jx_next_cp(l->s, l->len, &i);
            continue;
        }
        size_t at = i;
        i += wlen;
        if (other_grade(l->s, at))
            continue;
        size_t j = i;
        skip_set(l->s, l->len, &j,
                 "为是均：:| 评定属于达到了被\"“”'‘’「」『』【】", 6);
        for (size_t g = 0; g < JX_GRADE_COUNT; g++) { /* longest first */
            size_t glen = strlen(Jx_grades[g]);
            if (!Jx_starts_with(l->s + j, l->len - j, Jx_grades[g]))
                continue;
            size_t e = j + glen;
            if (e < l->len && Jx_is_han(jx_next_cp(l->s, l->len, &e)))
                break;
            note_reading(r, Jx_grades[g], k, 0);
            break;
        }
    }
}

/* Grade: the grade the text states after 等级, 评定为...; none when the
 * statements disagree. Never from 优化, 优势, 良好的. */
static jx_status extract_grade(const jx_line *lines, size_t n, jx_field *f)
{
    readings r = {.have = 0};
    for (size_t k = 0; k < n; k++)
        grades_in_line(&lines[k], k, &r);
    if (!r.have || r.conflict)
        return JX_OK;
    return set_from_line(f, r.first.value, strlen(r.first.value), lines,
                         r.first.line);
}

/* ---- Type ------------------------------------------------------------- */

/* Words in a title and the type they say, checked in this order. */
static const struct type_word {
    const char *word, *type;
} type_words[] = {
    {"决算", JX_TYPE_OTHER},
    {"监控", JX_TYPE_OTHER},
    {"第三方", JX_TYPE_OTHER},
    {"部门整体支出", JX_TYPE_DEPT},
    {"部门整体和", JX_TYPE_DEPT},
    {"整体支出", JX_TYPE_DEPT},
    {"部门整体绩效", JX_TYPE_DEPT},
    {"整体绩效", JX_TYPE_DEPT},
    {"项目支出", JX_TYPE_PROJECT},
    {"专项", JX_TYPE_PROJECT},
    {"项目绩效", JX_TYPE_PROJECT},
    {"项目自评", JX_TYPE_PROJECT},
    {"转移支付", JX_TYPE_PROJECT},
    {"资金绩效", JX_TYPE_PROJECT},
    {"项目资金", JX_TYPE_PROJECT},
    {"经费绩效", JX_TYPE_PROJECT},
    /* The same words in traditional characters (mirror sites). */
    {"部門整體支出", JX_TYPE_DEPT},
    {"整體支出", JX_TYPE_DEPT},
    {"部門整體績效", JX_TYPE_DEPT},
    {"整體績效", JX_TYPE_DEPT},
    {"項目支出", JX_TYPE_PROJECT},
    {"項目績效", JX_TYPE_PROJECT},
    {"轉移支付", JX_TYPE_PROJECT},
};

/* True when the type word at s[at..at+wlen) names an amount or a
 * table of figures (项目支出总额, 部门整体支出决算数), not the report. */
static int type_word_amount(const char *s, size_t len, size_t at, size_t wlen)
{
    static const char *const amounts[] = {"总额", "金额", "合计", "数",
                                          "决算", "预算", "明细"};
    size_t e = at + wlen;
    /* …转移支付预算执行绩效自评报告 evaluates the spending, not a table. */
    if (Jx_starts_with(s + e, len - e, "预算执行"))
        return 0;
    for (size_t i = 0; i < sizeof amounts / sizeof *amounts; i++)
        if (Jx_starts_with(s + e, len - e, amounts[i]))
            return 1;
    return 0;
}

/* The index of the first type word line l states (not as an amount),
 * from word m on; sizeof type_words / sizeof *type_words when none. */
static size_t type_word_in(const jx_line *l, size_t m)
{
    size_t nwords = sizeof type_words / sizeof *type_words;
    for (; m < nwords; m++) {
        const char *w = type_words[m].word;
        size_t wlen = strlen(w);
        for (size_t o = 0; o + wlen <= l->len;) {
            const char *hit = memmem(l->s + o, l->len - o, w, wlen);
            if (!hit)
                break;
            size_t at = (size_t)(hit - l->s);
            if (!type_word_amount(l->s, l->len, at, wlen))
                return m;
            o = at + wlen;
        }
    }
    return nwords;
}

/* Looks for the type words in line k; sets the field when found. In a
 * line that is not a title (the first lines of a report without one),
 * a sentence's mention of 决算, 监控 or 第三方 says nothing, and a line
 * naming both 部门整体 and 项目/专项 spending says no one type. */
static jx_status type_from_line(const jx_line *lines, size_t k, int title,
                                jx_field *f, int *done)
{
    size_t nwords = sizeof type_words / sizeof *type_words;
    size_t m = type_word_in(&lines[k], 0);
    if (!title)
        while (m < nwords && strcmp(type_words[m].type, "其他") == 0)
            m = type_word_in(&lines[k], m + 1);
    if (m == nwords)
        return JX_OK;
    if (!title)
        for (size_t o = type_word_in(&lines[k], m + 1); o < nwords;
             o = type_word_in(&lines[k], o + 1))
            if (strcmp(type_words[o].type, type_words[m].type) != 0 &&
                strcmp(type_words[o].type, "其他") != 0)
                return JX_OK;
    *done = 1;
    return set_from_line(f, type_words[m].type, strlen(type_words[m].type),
                         lines, k);
}

/* The lines after the title (or the first lines) looked at for 该项目. */
#define PROJECT_LINES 10

/* Type: what the title says (部门整体支出, 项目支出/专项, or 其他 for
 * 决算, 监控, 第三方 reports); without a title, what the first lines say. */
static jx_status extract_type(const jx_line *lines, size_t n,
                              size_t title_first, size_t title_count,
                              jx_field *f)
{
    int done = 0;
    jx_status st = JX_OK;
    size_t first = title_count ? title_first : 0;
    size_t end = title_count ? title_first + title_count : (n < 3 ? n : 3);
    if (!title_count) {
        /* Without a title, the first lines must agree on one type. */
        const char *type = NULL;
        size_t nwords = sizeof type_words / sizeof *type_words;
        for (size_t k = first; k < end; k++) {
            int one = 0;
            jx_field probe = {0};
            st = type_from_line(lines, k, 0, &probe, &one);
            int ambiguous = 0;
            if (st == JX_OK && !one)
                for (size_t m = type_word_in(&lines[k], 0); m < nwords;
                     m = type_word_in(&lines[k], m + 1))
                    ambiguous |= strcmp(type_words[m].type, "其他") != 0;
            if (st == JX_OK && one && type && strcmp(type, probe.value) != 0)
                ambiguous = 1;
            if (st == JX_OK && one && !type)
                type = strcmp(probe.value, "项目支出") == 0 ? "项目支出"
                                                            : "部门整体支出";
            Jx_field_clear(&probe);
            if (st != JX_OK || ambiguous)
                return st;
        }
    }
    for (size_t k = first; k < end && !done && st == JX_OK; k++)
        st = type_from_line(lines, k, title_count > 0, f, &done);
    /* Neither the title nor the first lines say it: a report that
     * speaks of "the project" (该项目, 本项目) or of the project's
     * self-evaluation (项目绩效自评) in its first lines evaluates one. */
    size_t from = title_count ? end : 0;
    for (size_t k = from;
         k < n && k < from + PROJECT_LINES && !done && st == JX_OK; k++)
        if (contains(lines[k].s, lines[k].len, "该项目") ||
            contains(lines[k].s, lines[k].len, "本项目") ||
            contains(lines[k].s, lines[k].len, "项目绩效自评") ||
            contains(lines[k].s, lines[k].len, "项目自评") ||
            contains(lines[k].s, lines[k].len, "项目支出绩效自评表") ||
            contains(lines[k].s, lines[k].len, "项目名称")) {
            done = 1;
            st = set_from_line(f, "项目支出", strlen("项目支出"), lines, k);
        }
    return st;
}

/* ---- Publication date ------------------------------------------------ */

/* Labels of a web page's publication date in its index-number block or
 * its article header (发布日期：2025-04-29, 【发布时间:2022-04-15 14:54】). */
static const char *const published_labels[] = {
    "发布日期",
    "发布时间",
    "公开日期",
    "公开时间",
};

/* Reads up to max digits (ASCII or full-width) at s[*i] into *value;
 * returns how many were read. */
static int read_digits(const char *s, size_t len, size_t *i, int max,
                       unsigned *value)
{
    int count = 0;
    *value = 0;
    while (count < max && *i < len) {
        size_t j = *i;
        uint32_t cp = jx_next_cp(s, len, &j);
        if (!Jx_is_digit(cp))
            break;
        *value = *value * 10 + (cp >= 0xFF10 ? cp - 0xFF10 : cp - '0');
        *i = j;
        count++;
    }
    return count;
}

/* Moves *i past a date's separator (- / . 年 月), returning 0 when
 * there is none. */
static int date_separator(const char *s, size_t len, size_t *i)
{
    if (*i < len && (s[*i] == '-' || s[*i] == '/' || s[*i] == '.')) {
        (*i)++;
        return 1;
    }
    if (Jx_starts_with(s + *i, len - *i, "年") ||
        Jx_starts_with(s + *i, len - *i, "月")) {
        *i += strlen("年");
        return 1;
    }
    return 0;
}

/* Reads a date at s[i] (2025-04-29, 2025/4/29, 2025年05月20日) into out
 * as YYYY-MM-DD; returns 0 when there is none or it is not valid. */
static int read_date(const char *s, size_t len, size_t i, char out[11])
{
    unsigned y, m, d;
    if (read_digits(s, len, &i, 4, &y) != 4 || !date_separator(s, len, &i) ||
        read_digits(s, len, &i, 2, &m) < 1 || !date_separator(s, len, &i) ||
        read_digits(s, len, &i, 2, &d) < 1)
        return 0;
    snprintf(out, 11, "%04u-%02u-%02u", y % 10000u, m % 100u, d % 100u);
    return Jx_field_validate(JX_FIELD_PUBLISHED, out, NULL) == JX_OK;
}

/* Published: the date a web page gives after 发布日期, 发布时间, 公开日期
 * or 公开时间 among its first lines (the value may stand on the next line,
 * as in an index block of bullets). Kept as its own field and never
 * used for the fiscal year: a report on 2022 is published in 2023. */
static jx_status extract_published(const jx_line *lines, size_t n, jx_field *f)
{
    for (size_t k = 0; k < n && k < TITLE_SCAN_MAX; k++) {
        const jx_line *l = &lines[k];
        for (size_t m = 0;
             m < sizeof published_labels / sizeof *published_labels; m++) {
            size_t at = Jx_find(l->s, l->len, published_labels[m]);
            if (at == (size_t)-1)
                continue;
            size_t j = at + strlen(published_labels[m]);
            char date[11];
            skip_set(l->s, l->len, &j, " :：]】」|", 6);
            if (read_date(l->s, l->len, j, date))
                return set_from_line(f, date, 10, lines, k);
            if (j == l->len && k + 1 < n &&
                read_date(lines[k + 1].s, lines[k + 1].len, 0, date))
                return set_from_line(f, date, 10, lines, k + 1);
        }
    }
    return JX_OK;
}

/* ---- Hints and the whole ---------------------------------------------- */

/* Fills the title and department from the file's properties when the
 * text states none: a title that names a report, an author that is a
 * unit's name (and then the region at its head). */
static jx_status apply_hints(const jx_hints *hints, jx_field *fields)
{
    jx_status st = JX_OK;
    const char *t = hints->title;
    if (!fields[JX_FIELD_TITLE].value && t && *t) {
        size_t len = strlen(t);
        if (contains(t, len, "报告") || contains(t, len, "自评") ||
            contains(t, len, "绩效"))
            st = Jx_field_fill(&fields[JX_FIELD_TITLE], t, len, t, len, 0,
                               JX_SOURCE_PROPERTIES);
    }
    const char *a = hints->author;
    if (st == JX_OK && !fields[JX_FIELD_DEPT].value && a &&
        is_unit_name(a, strlen(a))) {
        size_t len = strlen(a);
        st = Jx_field_fill(&fields[JX_FIELD_DEPT], a, len, a, len, 0,
                           JX_SOURCE_PROPERTIES);
        size_t chain = region_chain(a, len, NULL);
        if (st == JX_OK && chain && !fields[JX_FIELD_REGION].value)
            st = Jx_field_fill(&fields[JX_FIELD_REGION], a, chain, a, len, 0,
                               JX_SOURCE_PROPERTIES);
    }
    return st;
}

/* The department from a file's path, when the text names none: the
 * file's name read as a title (2021年某县财政局部门整体支出绩效自评报告.pdf
 * → 某县财政局), else the nearest folder whose name is a unit's name
 * (reports/2022/某县教育局/自评报告.docx → 某县教育局); the region then
 * from its head when the text gave none. Source properties, the name or
 * folder as evidence, line 0. */
jx_status Jx_fields_from_path(const char *path,
                              jx_field fields[JX_FIELD_COUNT])
{
    if (!path || fields[JX_FIELD_DEPT].value)
        return JX_OK;
    candidates *c = calloc(1, sizeof *c);
    if (!c)
        return JX_ERR_NOMEM;
    size_t end = strlen(path);
    const char *ev = NULL;
    size_t evlen = 0;
    /* Components from the last one: the file's name, then its folders. */
    for (int part = 0; end > 0 && c->n == 0; part++) {
        size_t start = end;
        while (start > 0 && path[start - 1] != '/' && path[start - 1] != '\\')
            start--;
        const char *s = path + start;
        size_t len = end - start;
        if (part == 0) {
            const char *dot = NULL;
            for (size_t i = 0; i < len; i++)
                if (s[i] == '.')
                    dot = s + i;
            if (dot)
                len = (size_t)(dot - s);
            if (contains(s, len, "报告") || contains(s, len, "自评") ||
                contains(s, len, "绩效")) {
                size_t dlen;
                const char *d = despaced(c, s, len, &dlen);
                if (d)
                    unit_from_title_text(d, dlen, 0, c);
            }
        } else {
            add_candidate(c, s, len, 0);
        }
        if (c->n) {
            ev = path + start;
            evlen = end - start;
        }
        end = start > 0 ? start - 1 : 0;
    }
    jx_status st = JX_OK;
    if (c->n) {
        const found *u = &c->v[0];
        st = Jx_field_fill(&fields[JX_FIELD_DEPT], u->s, u->len, ev, evlen, 0,
                           JX_SOURCE_PROPERTIES);
        size_t chain = region_chain(u->s, u->len, NULL);
        if (st == JX_OK && chain && !fields[JX_FIELD_REGION].value)
            st = Jx_field_fill(&fields[JX_FIELD_REGION], u->s, chain, ev,
                               evlen, 0, JX_SOURCE_PROPERTIES);
    }
    free(c);
    return st;
}

/* Looks for a run-in title among the first lines that are not a web
 * page's furniture; returns 1 and its line with *k, its bytes *len. */
static int find_run_in_title(const jx_line *lines, size_t n, size_t *k,
                             size_t *len)
{
    size_t seen = 0;
    for (size_t r = 0; r < n && r < TITLE_SCAN_MAX && seen < RUN_IN_LINES;
         r++) {
        if (lines[r].len == 0 ||
            Jx_is_page_furniture(lines[r].s, lines[r].len))
            continue;
        seen++;
        if ((*len = run_in_title(&lines[r])) > 0) {
            *k = r;
            return 1;
        }
    }
    return 0;
}

/* Runs each field's extraction in turn, then the hints. Without a title
 * line, a title run into the body (XX绩效自评报告一、基本情况…) stands
 * for it in the title, department, year and type. A web page's
 * furniture (Jx_is_furniture_at) is blanked for every field but the
 * department, which may fall back on the publisher line. */
jx_status Jx_extract_fields(const jx_line *lines, size_t n, size_t title_first,
                            size_t title_count, const jx_hints *hints,
                            jx_field fields[JX_FIELD_COUNT])
{
    jx_status st = JX_OK;
    /* head: lines with the run-in title's line cut; body: lines with the
     * furniture blanked. */
    jx_line *head = NULL, *body = malloc((n ? n : 1) * sizeof *body);
    if (!body)
        return JX_ERR_NOMEM;
    if (n)
        memcpy(body, lines, n * sizeof *body);
    for (size_t k = 0; k < n; k++)
        if (Jx_is_furniture_at(lines, k, title_first, title_count))
            body[k].len = 0;
    const jx_line *tl = lines;
    size_t k = 0, len = 0;
    if (!title_count && find_run_in_title(lines, n, &k, &len)) {
        head = malloc(n * sizeof *head);
        if (!head) {
            free(body);
            return JX_ERR_NOMEM;
        }
        memcpy(head, lines, n * sizeof *head);
        head[k].len = len;
        tl = head;
        title_first = k;
        title_count = 1;
    }
    if (title_count)
        st = extract_title(tl, title_first, title_count,
                           &fields[JX_FIELD_TITLE]);
    if (st == JX_OK)
        st = extract_department(tl, n, title_first, title_count,
                                &fields[JX_FIELD_DEPT]);
    if (st == JX_OK)
        st = extract_region(lines, body, n, &fields[JX_FIELD_DEPT],
                            &fields[JX_FIELD_REGION]);
    if (st == JX_OK)
        st = extract_year(head ? head : body, n, title_first, title_count,
                          &fields[JX_FIELD_YEAR]);
    if (st == JX_OK && head && !fields[JX_FIELD_YEAR].value)
        st = extract_year(body, n, 0, 0, &fields[JX_FIELD_YEAR]);
    if (st == JX_OK)
        st = extract_score(body, n, &fields[JX_FIELD_SCORE]);
    if (st == JX_OK)
        st = extract_grade(body, n, &fields[JX_FIELD_GRADE]);
    if (st == JX_OK)
        st = extract_type(tl, n, title_first, title_count,
                          &fields[JX_FIELD_TYPE]);
    if (st == JX_OK)
        st = extract_published(lines, n, &fields[JX_FIELD_PUBLISHED]);
    if (st == JX_OK && hints)
        st = apply_hints(hints, fields);
    free(head);
    free(body);
    return st;
}
