/* jx_report.c: the report model's entry points -- parsing a report's text
 * into clean text, passages and fields; the names of fields and sources;
 * validating and overriding a field; freeing a report. */
#include <stdlib.h>
#include <string.h>

#include "jx_report_internal.h"

/* The longest value a free-text field (title, department, region) takes. */
#define FIELD_MAX_BYTES 1024

static const char *const field_names[JX_FIELD_COUNT] = {
    [JX_FIELD_TITLE] = "title",   [JX_FIELD_DEPT] = "department",
    [JX_FIELD_REGION] = "region", [JX_FIELD_YEAR] = "year",
    [JX_FIELD_SCORE] = "score",   [JX_FIELD_GRADE] = "grade",
    [JX_FIELD_TYPE] = "type",     [JX_FIELD_PUBLISHED] = "published",
};

/* The English name of a field, "" when out of range. */
const char *jx_field_name(jx_field_id id)
{
    if ((unsigned)id >= JX_FIELD_COUNT)
        return "";
    return field_names[id];
}

/* Looks the name up among the names and their aliases. */
jx_field_id jx_field_by_name(const char *name)
{
    if (!name)
        return JX_FIELD_COUNT;
    if (strcmp(name, "dept") == 0)
        return JX_FIELD_DEPT;
    if (strcmp(name, "report_type") == 0)
        return JX_FIELD_TYPE;
    for (int i = 0; i < JX_FIELD_COUNT; i++)
        if (strcmp(name, field_names[i]) == 0)
            return (jx_field_id)i;
    return JX_FIELD_COUNT;
}

/* The name of a source as JSON and --show-meta print it. */
const char *jx_source_name(jx_source source)
{
    switch (source) {
    case JX_SOURCE_TEXT:
        return "text";
    case JX_SOURCE_PROPERTIES:
        return "properties";
    case JX_SOURCE_SIDECAR:
        return "sidecar";
    case JX_SOURCE_MANIFEST:
        return "manifest";
    default:
        return "";
    }
}

/* Copies s[0..len) into a new NUL-terminated string (NULL if s is). */
static char *copy_bytes(const char *s, size_t len)
{
    if (!s)
        return NULL;
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* Frees the field's strings and zeroes it. */
void jx_field_clear(jx_field *f)
{
    free(f->value);
    free(f->evidence);
    memset(f, 0, sizeof *f);
}

/* Builds both copies first so that a failure leaves *f as it was. */
jx_status jx_field_fill(jx_field *f, const char *value, size_t vlen,
                        const char *evidence, size_t elen, unsigned line,
                        jx_source source)
{
    char *v = copy_bytes(value, vlen);
    char *e = copy_bytes(evidence, elen);
    if (!v || (evidence && !e)) {
        free(v);
        free(e);
        return JX_ERR_NOMEM;
    }
    jx_field_clear(f);
    f->value = v;
    f->evidence = e;
    f->line = line;
    f->source = source;
    return JX_OK;
}

/* Year: exactly four ASCII digits from 1949 to 2100. */
static int valid_year(const char *v)
{
    if (strlen(v) != 4)
        return 0;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (v[i] < '0' || v[i] > '9')
            return 0;
        y = y * 10 + (v[i] - '0');
    }
    return y >= 1949 && y <= 2100;
}

/* Score: digits, optionally a point and digits, from 0 to 100. */
static int valid_score(const char *v)
{
    size_t i = 0, digits = 0, fraction = 0;
    double value = 0, scale = 0.1;
    for (; v[i] >= '0' && v[i] <= '9'; i++, digits++)
        value = value * 10 + (v[i] - '0');
    if (v[i] == '.') {
        for (i++; v[i] >= '0' && v[i] <= '9'; i++, fraction++) {
            value += (v[i] - '0') * scale;
            scale /= 10;
        }
        if (fraction == 0)
            return 0;
    }
    return v[i] == '\0' && digits > 0 && digits <= 3 && value <= 100.0;
}

/* True when v is one of the NULL-terminated words. */
static int one_of(const char *v, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strcmp(v, words[i]) == 0)
            return 1;
    return 0;
}

/* Free text: valid UTF-8 without control characters, not too long. */
static int valid_text(const char *v)
{
    size_t len = strlen(v);
    if (len > FIELD_MAX_BYTES)
        return 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        uint32_t cp = jx_next_cp(v, len, &i);
        if (cp < 0x20 || cp == 0x7F)
            return 0;
        if (cp == JX_REPLACEMENT_CHAR &&
            !jx_starts_with(v + at, len - at, "\xEF\xBF\xBD"))
            return 0;
    }
    return 1;
}

/* A date YYYY-MM-DD: a valid year, month 01-12, day 01-31. */
static int valid_date(const char *v)
{
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
            return 0;
    char year[5] = {v[0], v[1], v[2], v[3], 0};
    int month = (v[5] - '0') * 10 + (v[6] - '0');
    int day = (v[8] - '0') * 10 + (v[9] - '0');
    return valid_year(year) && month >= 1 && month <= 12 && day >= 1 &&
           day <= 31;
}

/* Checks the value against its field's rule and says why it fails. */
jx_status jx_field_validate(jx_field_id id, const char *value, jx_error *err)
{
    static const char *const grades[] = {
        "优", "良", "中", "差", "优秀", "良好", "合格", "不合格", NULL};
    static const char *const types[] = {"项目支出", "部门整体支出", "其他",
                                        NULL};
    if ((unsigned)id >= JX_FIELD_COUNT)
        return jx_error_set(err, JX_ERR_ARG, "unknown field %d", (int)id);
    if (!value || !*value)
        return jx_error_set(err, JX_ERR_ARG, "%s: empty value",
                            field_names[id]);
    int ok;
    const char *rule;
    switch (id) {
    case JX_FIELD_YEAR:
        ok = valid_year(value);
        rule = "4 digits from 1949 to 2100";
        break;
    case JX_FIELD_SCORE:
        ok = valid_score(value);
        rule = "a number from 0 to 100";
        break;
    case JX_FIELD_GRADE:
        ok = one_of(value, grades);
        rule = "优, 良, 中, 差, 优秀, 良好, 合格 or 不合格";
        break;
    case JX_FIELD_TYPE:
        ok = one_of(value, types);
        rule = "项目支出, 部门整体支出 or 其他";
        break;
    case JX_FIELD_PUBLISHED:
        ok = valid_date(value);
        rule = "a date YYYY-MM-DD from 1949 to 2100";
        break;
    default:
        ok = valid_text(value);
        rule = "text of one line, at most 1024 bytes";
        break;
    }
    if (!ok)
        return jx_error_set(err, JX_ERR_ARG, "%s must be %s: \"%.64s\"",
                            field_names[id], rule, value);
    return JX_OK;
}

/* Clears the field for NULL or "", otherwise validates and replaces it. */
jx_status jx_report_set_field(jx_report *report, jx_field_id id,
                              const char *value, jx_source source,
                              const char *evidence, jx_error *err)
{
    if (!report || (unsigned)id >= JX_FIELD_COUNT)
        return jx_error_set(err, JX_ERR_ARG, "no report or unknown field");
    if (!value || !*value) {
        jx_field_clear(&report->fields[id]);
        return JX_OK;
    }
    jx_status st = jx_field_validate(id, value, err);
    if (st != JX_OK)
        return st;
    st = jx_field_fill(&report->fields[id], value, strlen(value), evidence,
                       evidence ? strlen(evidence) : 0, 0, source);
    if (st != JX_OK)
        return jx_error_set(err, st, "out of memory setting %s",
                            field_names[id]);
    return JX_OK;
}

/* Cleans, splits into lines, finds the title, builds the passages and
 * extracts the fields; on failure frees everything. */
jx_status jx_report_parse(const char *utf8, size_t len, const jx_hints *hints,
                          jx_report **out, jx_error *err)
{
    if (!out || (!utf8 && len))
        return jx_error_set(err, JX_ERR_ARG, "no text or no output");
    *out = NULL;
    jx_report *r = calloc(1, sizeof *r);
    if (!r)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_buf clean = {0};
    jx_line *lines = NULL;
    size_t n = 0, title_first = 0, title_count = 0;
    jx_status st = jx_clean_text(utf8, len, &clean);
    if (st == JX_OK) {
        r->text_len = clean.len;
        r->text = jx_buf_detach(&clean);
        if (!r->text)
            st = JX_ERR_NOMEM;
    }
    size_t paragraphs = 0;
    if (st == JX_OK) {
        for (const char *p = r->text; p; paragraphs++) {
            p = memchr(p, '\n', r->text_len - (size_t)(p - r->text));
            p = p ? p + 1 : NULL;
        }
        if (paragraphs > JX_MAX_PARAGRAPHS) {
            jx_report_free(r);
            return jx_error_set(err, JX_ERR_FORMAT,
                                "too many paragraphs (%zu; the limit is %u)",
                                paragraphs, JX_MAX_PARAGRAPHS);
        }
    }
    if (st == JX_OK)
        st = jx_lines_split(r->text, r->text_len, &lines, &n);
    if (st == JX_OK && !jx_find_title(lines, n, &title_first, &title_count))
        title_first = title_count = 0;
    if (st == JX_OK)
        st =
            jx_build_passages(lines, n, title_first, title_count, &r->passages,
                              &r->n_passages, &r->passage_strings);
    if (st == JX_OK)
        st = jx_extract_fields(lines, n, title_first, title_count, hints,
                               r->fields);
    free(lines);
    jx_buf_free(&clean);
    if (st != JX_OK) {
        jx_report_free(r);
        return jx_error_set(err, st, "parsing the report: %s",
                            jx_status_to_string(st));
    }
    *out = r;
    return JX_OK;
}

/* Fills what the text left empty from the file's path (jx_meta.c). */
jx_status jx_report_use_path(jx_report *report, const char *path,
                             jx_error *err)
{
    jx_status st = jx_fields_from_path(path, report->fields);
    if (st)
        return jx_error_set(err, st, "out of memory");
    return JX_OK;
}

/* Frees passages, fields and text, then the report. */
void jx_report_free(jx_report *report)
{
    if (!report)
        return;
    free(report->passages);
    free(report->passage_strings);
    for (int i = 0; i < JX_FIELD_COUNT; i++)
        jx_field_clear(&report->fields[i]);
    free(report->text);
    free(report);
}
