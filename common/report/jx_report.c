/* jx_report.c: the report model's entry points -- parsing a report's text
 * into clean text, passages and fields; overriding a field; freeing a
 * report. Fields themselves are in jx_field.c. */
#include <stdlib.h>
#include <string.h>

#include "jx_report.h"

/* Clears the field for NULL or "", otherwise validates and replaces it. */
jx_status Jx_report_set_field(jx_report *report, jx_field_id id,
                              const char *value, jx_source source,
                              const char *evidence, jx_error *err)
{
    if (!report || (unsigned)id >= JX_FIELD_COUNT)
        return Jx_error_set(err, JX_ERR_ARG, "no report or unknown field");
    if (!value || !*value) {
        Jx_field_clear(&report->fields[id]);
        return JX_OK;
    }
    jx_status st = Jx_field_validate(id, value, err);
    if (st != JX_OK)
        return st;
    st = Jx_field_fill(&report->fields[id], value, strlen(value), evidence,
                       evidence ? strlen(evidence) : 0, 0, source);
    if (st != JX_OK)
        return Jx_error_set(err, st, "out of memory setting %s",
                            Jx_field_name(id));
    return JX_OK;
}

/* Cleans, splits into lines, finds the title, builds the passages and
 * extracts the fields; on failure frees everything. */
jx_status Jx_report_parse(const char *utf8, size_t len, const jx_hints *hints,
                          jx_report **out, jx_error *err)
{
    if (!out || (!utf8 && len))
        return Jx_error_set(err, JX_ERR_ARG, "no text or no output");
    *out = NULL;
    jx_report *r = calloc(1, sizeof *r);
    if (!r)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_buf clean = {0};
    jx_line *lines = NULL;
    size_t n = 0, title_first = 0, title_count = 0;
    jx_status st = Jx_clean_text(utf8, len, &clean);
    if (st == JX_OK) {
        r->text_len = clean.len;
        r->text = Jx_buf_detach(&clean);
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
            Jx_report_destroy(r);
            return Jx_error_set(err, JX_ERR_FORMAT,
                                "too many paragraphs (%zu; the limit is %u)",
                                paragraphs, JX_MAX_PARAGRAPHS);
        }
    }
    if (st == JX_OK)
        st = Jx_lines_split(r->text, r->text_len, &lines, &n);
    if (st == JX_OK && !Jx_find_title(lines, n, &title_first, &title_count))
        title_first = title_count = 0;
    if (st == JX_OK)
        st =
            Jx_build_passages(lines, n, title_first, title_count, &r->passages,
                              &r->n_passages, &r->passage_strings);
    if (st == JX_OK)
        st = Jx_extract_fields(lines, n, title_first, title_count, hints,
                               r->fields);
    free(lines);
    Jx_buf_clear(&clean);
    if (st != JX_OK) {
        Jx_report_destroy(r);
        return Jx_error_set(err, st, "parsing the report: %s",
                            Jx_status_to_string(st));
    }
    *out = r;
    return JX_OK;
}

/* Fills what the text left empty from the file's path (jx_meta.c). */
jx_status Jx_report_use_path(jx_report *report, const char *path,
                             jx_error *err)
{
    jx_status st = Jx_fields_from_path(path, report->fields);
    if (st)
        return Jx_error_set(err, st, "out of memory");
    return JX_OK;
}

/* Frees passages, fields and text, then the report. */
void Jx_report_destroy(jx_report *report)
{
    if (!report)
        return;
    free(report->passages);
    free(report->passage_strings);
    for (int i = 0; i < JX_FIELD_COUNT; i++)
        Jx_field_clear(&report->fields[i]);
    free(report->text);
    free(report);
}
