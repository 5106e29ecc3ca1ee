/* test_rules.c: the domain rules (jx_field.h) have one source, so that
 * extraction, validation, query parsing and records agree: every grade
 * validation accepts has a one-character form and a query accepts it,
 * and nothing else is a grade anywhere (较差 included); the report types
 * and their short names; the year range of a report (1949-2100) and the
 * wider one of a query (1900-2100); the field names a query takes. */
#include "jx_field.h"
#include "jx_query_parse.h"
#include "jx_record.h"
#include "jx_test.h"

/* Parses field:value as a filter; returns its status and, when it
 * parsed, the node's text (or "" when it has none) in out. */
static jx_status filter(const char *field, const char *value, char *out,
                        size_t cap)
{
    jx_qnode *n = NULL;
    jx_error err;
    Jx_error_clear(&err);
    jx_status st = Jx_qnode_filter(field, value, &n, &err);
    if (!st)
        snprintf(out, cap, "%s", n->text ? n->text : "");
    Jx_qnode_destroy(n);
    return st;
}

/* Grades: one list for extraction, validation, queries and records. */
static void test_grades(void)
{
    jx_error err;
    char text[64];
    for (size_t i = 0; i < JX_GRADE_COUNT; i++) {
        const char *g = Jx_grades[i];
        const char *c = Jx_grade_canonical(g);
        char name[96];
        snprintf(name, sizeof name, "grade %s validates", g);
        CHECK_INT(Jx_field_validate(JX_FIELD_GRADE, g, &err), JX_OK, name);
        snprintf(name, sizeof name, "grade %s has a one-character form", g);
        CHECK(c && (strcmp(c, "优") == 0 || strcmp(c, "良") == 0 ||
                    strcmp(c, "中") == 0 || strcmp(c, "差") == 0),
              name, "got %s", c ? c : "(null)");
        snprintf(name, sizeof name, "grade:%s is that form", g);
        CHECK(filter("grade", g, text, sizeof text) == JX_OK && c &&
                  strcmp(text, c) == 0,
              name, "got %s", text);
    }
    for (size_t i = 1; i < JX_GRADE_COUNT; i++)
        CHECK(strlen(Jx_grades[i]) <= strlen(Jx_grades[i - 1]),
              "grades longest first", "%s before %s", Jx_grades[i - 1],
              Jx_grades[i]);
    /* 较差 is no grade of either scale: refused everywhere alike. */
    CHECK(Jx_field_validate(JX_FIELD_GRADE, "较差", &err) == JX_ERR_ARG,
          "较差 does not validate", "accepted");
    CHECK(Jx_grade_canonical("较差") == NULL, "较差 has no canonical grade",
          "got %s", Jx_grade_canonical("较差"));
    CHECK(filter("grade", "较差", text, sizeof text) == JX_ERR_QUERY,
          "grade:较差 is refused", "accepted as %s", text);
    CHECK(Jx_grade_canonical(NULL) == NULL, "no grade: NULL", "not NULL");
}

/* Report types: the three, and the short names a query may use. */
static void test_types(void)
{
    static const char *const types[] = {JX_TYPE_PROJECT, JX_TYPE_DEPT,
                                        JX_TYPE_OTHER};
    static const char *const shorts[][2] = {{"项目", JX_TYPE_PROJECT},
                                            {"部门整体", JX_TYPE_DEPT},
                                            {"整体支出", JX_TYPE_DEPT}};
    jx_error err;
    char text[64];
    for (size_t i = 0; i < 3; i++) {
        CHECK_INT(Jx_field_validate(JX_FIELD_TYPE, types[i], &err), JX_OK,
                  "a type validates");
        CHECK_STR(Jx_report_type_of(types[i]), types[i],
                  "a type names itself");
        CHECK(filter("type", types[i], text, sizeof text) == JX_OK &&
                  strcmp(text, types[i]) == 0,
              "type: takes a type", "got %s", text);
    }
    for (size_t i = 0; i < 3; i++) {
        CHECK_STR(Jx_report_type_of(shorts[i][0]), shorts[i][1],
                  "a short name names its type");
        CHECK(Jx_field_validate(JX_FIELD_TYPE, shorts[i][0], &err) ==
                  JX_ERR_ARG,
              "a short name is no stored type", "%s accepted", shorts[i][0]);
    }
    CHECK(Jx_report_type_of("专项") == NULL, "not a type name", "named one");
}

/* Years: a report's 1949-2100; a query's 1900-2100. */
static void test_years(void)
{
    jx_error err;
    char text[64];
    CHECK_INT(Jx_field_validate(JX_FIELD_YEAR, "1949", &err), JX_OK,
              "year 1949 validates");
    CHECK_INT(Jx_field_validate(JX_FIELD_YEAR, "2100", &err), JX_OK,
              "year 2100 validates");
    CHECK_INT(Jx_field_validate(JX_FIELD_YEAR, "1948", &err), JX_ERR_ARG,
              "year 1948 does not");
    CHECK(strstr(err.message, "1949 to 2100") != NULL, "the rule says 1949",
          "%s", err.message);
    CHECK_INT(Jx_field_validate(JX_FIELD_YEAR, "2101", &err), JX_ERR_ARG,
              "year 2101 does not");
    CHECK_INT(filter("year", "1900..2100", text, sizeof text), JX_OK,
              "year:1900..2100 (any year) parses");
    CHECK_INT(filter("year", "1899", text, sizeof text), JX_ERR_QUERY,
              "year:1899 is refused");
    CHECK_INT(filter("year", "2101", text, sizeof text), JX_ERR_QUERY,
              "year:2101 is refused");
    CHECK(JX_QUERY_YEAR_MIN <= JX_YEAR_MIN, "a query reaches every year",
          "%d > %d", JX_QUERY_YEAR_MIN, JX_YEAR_MIN);
}

/* Field names: a query takes the report model's names and aliases. */
static void test_names(void)
{
    char text[64];
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        const char *name = Jx_field_name((jx_field_id)f);
        CHECK_INT(Jx_field_by_name(name), f, "a field's name finds it");
        const char *value = f == JX_FIELD_YEAR    ? "2021"
                            : f == JX_FIELD_SCORE ? "90.."
                            : f == JX_FIELD_GRADE ? "优"
                            : f == JX_FIELD_TYPE  ? "项目"
                                                  : "教育";
        char label[64];
        snprintf(label, sizeof label, "%s: is a query field", name);
        CHECK_INT(filter(name, value, text, sizeof text), JX_OK, label);
    }
    CHECK_INT(filter("dept", "教育", text, sizeof text), JX_OK,
              "dept: is a query field");
    CHECK(filter("report_type", "项目", text, sizeof text) == JX_OK &&
              strcmp(text, JX_TYPE_PROJECT) == 0,
          "report_type: is type:", "got %s", text);
    CHECK_INT(filter("colour", "red", text, sizeof text), JX_ERR_QUERY,
              "an unknown field is refused");
}

int main(void)
{
    jx_test_name = "rules";
    test_grades();
    test_types();
    test_years();
    test_names();
    TEST_MAIN_END();
}
