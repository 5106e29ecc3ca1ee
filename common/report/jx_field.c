/* jx_field.c: a report's metadata fields -- their names, the names of
 * their sources, filling and clearing one, and the rule each value must
 * keep (Jx_field_validate). */
#include <stdlib.h>
#include <string.h>

#include "jx_field.h"
#include "jx_lines.h"

/* A macro's value as a string literal. */
#define JX_STR_(x) #x
#define JX_STR(x)  JX_STR_(x)

/* The longest value a free-text field (title, department, region) takes. */
#define FIELD_MAX_BYTES 1024

static const char *const field_names[JX_FIELD_COUNT] = {
    [JX_FIELD_TITLE] = "title",   [JX_FIELD_DEPT] = "department",
    [JX_FIELD_REGION] = "region", [JX_FIELD_YEAR] = "year",
    [JX_FIELD_SCORE] = "score",   [JX_FIELD_GRADE] = "grade",
    [JX_FIELD_TYPE] = "type",     [JX_FIELD_PUBLISHED] = "published",
};

/* The English name of a field, "" when out of range. */
const char *Jx_field_name(jx_field_id id)
{
    if ((unsigned)id >= JX_FIELD_COUNT)
        return "";
    return field_names[id];
}

/* Looks the name up among the names and their aliases. */
jx_field_id Jx_field_by_name(const char *name)
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
const char *Jx_source_name(jx_source source)
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
void Jx_field_clear(jx_field *f)
{
    free(f->value);
    free(f->evidence);
    memset(f, 0, sizeof *f);
}

/* Builds both copies first so that a failure leaves *f as it was. */
jx_status Jx_field_fill(jx_field *f, const char *value, size_t vlen,
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
    Jx_field_clear(f);
    f->value = v;
    f->evidence = e;
    f->line = line;
    f->source = source;
    return JX_OK;
}

/* The grades, longest first, and their one-character forms. */
const char *const Jx_grades[JX_GRADE_COUNT] = {
    "不合格", "优秀", "良好", "合格", "优", "良", "中", "差",
};
static const char *const grade_forms[JX_GRADE_COUNT] = {
    "差", "优", "良", "中", "优", "良", "中", "差",
};

/* Looks the grade up among Jx_grades. */
const char *Jx_grade_canonical(const char *grade)
{
    if (!grade)
        return NULL;
    for (size_t i = 0; i < JX_GRADE_COUNT; i++)
        if (strcmp(grade, Jx_grades[i]) == 0)
            return grade_forms[i];
    return NULL;
}

/* The types and the short names of each. */
const char *Jx_report_type_of(const char *word)
{
    static const char *const names[][2] = {
        {JX_TYPE_PROJECT, JX_TYPE_PROJECT}, {"项目", JX_TYPE_PROJECT},
        {JX_TYPE_DEPT, JX_TYPE_DEPT},       {"部门整体", JX_TYPE_DEPT},
        {"整体支出", JX_TYPE_DEPT},         {JX_TYPE_OTHER, JX_TYPE_OTHER},
    };
    if (!word)
        return NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(word, names[i][0]) == 0)
            return names[i][1];
    return NULL;
}

/* One of the three types exactly. */
int Jx_report_type_valid(const char *value)
{
    return value && (strcmp(value, JX_TYPE_PROJECT) == 0 ||
                     strcmp(value, JX_TYPE_DEPT) == 0 ||
                     strcmp(value, JX_TYPE_OTHER) == 0);
}

/* Year: exactly four ASCII digits from JX_YEAR_MIN to JX_YEAR_MAX. */
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
    return y >= JX_YEAR_MIN && y <= JX_YEAR_MAX;
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
            !Jx_starts_with(v + at, len - at, "\xEF\xBF\xBD"))
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
jx_status Jx_field_validate(jx_field_id id, const char *value, jx_error *err)
{
    if ((unsigned)id >= JX_FIELD_COUNT)
        return Jx_error_set(err, JX_ERR_ARG, "unknown field %d", (int)id);
    if (!value || !*value)
        return Jx_error_set(err, JX_ERR_ARG, "%s: empty value",
                            field_names[id]);
    int ok;
    const char *rule;
    switch (id) {
    case JX_FIELD_YEAR:
        ok = valid_year(value);
        rule = "4 digits from " JX_STR(JX_YEAR_MIN) " to " JX_STR(JX_YEAR_MAX);
        break;
    case JX_FIELD_SCORE:
        ok = valid_score(value);
        rule = "a number from 0 to 100";
        break;
    case JX_FIELD_GRADE:
        ok = Jx_grade_canonical(value) != NULL;
        rule = "优, 良, 中, 差, 优秀, 良好, 合格 or 不合格";
        break;
    case JX_FIELD_TYPE:
        ok = Jx_report_type_valid(value);
        rule = "项目支出, 部门整体支出 or 其他";
        break;
    case JX_FIELD_PUBLISHED:
        ok = valid_date(value);
        rule = "a date YYYY-MM-DD from " JX_STR(JX_YEAR_MIN) " to " JX_STR(
            JX_YEAR_MAX);
        break;
    default:
        ok = valid_text(value);
        rule = "text of one line, at most 1024 bytes";
        break;
    }
    if (!ok)
        return Jx_error_set(err, JX_ERR_ARG, "%s must be %s: \"%.64s\"",
                            field_names[id], rule, value);
    return JX_OK;
}
