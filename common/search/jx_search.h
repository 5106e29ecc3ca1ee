/* jx_search.h: the search engine: turns a query and filters into ranked
 * passages grouped by report, exact totals and counts per value. Programs
 * (jixiao-search, a future web page) only parse options and print what
 * this returns. */
#ifndef JX_SEARCH_H
#define JX_SEARCH_H

#include <stddef.h>

#include "jx_record.h"
#include "jx_status.h"
#include "jx_xapian.h"

/* Bounds on the work of a query, checked after it is simplified (a
 * string repeated is one string, nested ORs one OR): deeper nesting of
 * AND, OR and NOT, more strings and fields, or more strings of one
 * character (each stands for every term that starts with it) are
 * refused with JX_ERR_QUERY. See docs/limits.md. */
#define JX_MAX_QUERY_DEPTH   32
#define JX_MAX_QUERY_STRINGS 64
#define JX_MAX_QUERY_CHARS   16

/* jx_sort and jx_count_by are defined in jixiao.h. */

/* Filters as options give them; NULL or 0 where not given. Each is
 * parsed as the query field of the same name would be. */
typedef struct jx_filters {
    const char *year;   /* "2021", "2019..2022" */
    const char *dept;   /* part of the department's name */
    const char *region; /* part of the region */
    const char *title;  /* part of the title */
    const char *score;  /* "90..", "..85", "none" */
    const char *grade;  /* 优 良 中 差 优秀 良好 合格 不合格 */
    const char *type;   /* 项目支出 部门整体支出 其他 */
} jx_filters;

typedef struct jx_search_request {
    const char *query; /* the query language, or NULL for filters only */
    jx_filters filters;
    unsigned per_report; /* passages shown per report; 0: not grouped */
    unsigned offset;     /* reports (or passages, when not grouped) skipped */
    unsigned limit;      /* reports (or passages) returned */
    jx_sort sort;
    jx_count_by count_by;
    int reports_only; /* --list-reports: reports, no passages */
    /* Count matching passages exactly up to this many, then stop counting
     * and return lower bounds (a results page need not visit every one
     * of half a million matches); 0 counts every match. With count_by or
     * reports_only every match is always counted. */
    unsigned long count_limit;
} jx_search_request;

/* A matched range in a passage, in bytes of the text it refers to. */
typedef struct jx_span {
    size_t start, end;
} jx_span;

typedef struct jx_passage_hit {
    double relevance;
    char *heading; /* heading path */
    char *text;
    jx_span *heading_spans; /* matches in heading, sorted, disjoint */
    size_t n_heading_spans;
    jx_span *text_spans; /* matches in text, sorted, disjoint */
    size_t n_text_spans;
} jx_passage_hit;

typedef struct jx_report_hit {
    jx_report_record record;         /* metadata, paths, format */
    double relevance;                /* of its best passage */
    unsigned long matching_passages; /* passages of it that match, exact */
    jx_passage_hit *passages;
    size_t n_passages;
} jx_report_hit;

typedef struct jx_count_row {
    char *value; /* the year, department, ... ("" for not known) */
    unsigned long reports;
    unsigned long passages;
} jx_count_row;

typedef struct jx_results {
    unsigned long total_reports;  /* matching reports */
    unsigned long total_passages; /* matching passages */
    int totals_exact; /* 1: the totals are exact; 0: lower bounds, the
                         request's count_limit was passed */
    jx_report_hit *reports;
    size_t n_reports;
    jx_count_row *counts; /* with count_by: years ascending, else by count */
    size_t n_counts;
} jx_results;

/* Runs a search. JX_ERR_QUERY for a query or filter that cannot be
 * parsed (err says why); reopens and retries when the database changes
 * under it. The caller frees *out with jx_results_free. */
jx_status jx_search(jx_db *db, const jx_search_request *req, jx_results **out,
                    jx_error *err);

/* Frees results; NULL is fine. */
void jx_results_free(jx_results *res);

/* Name of a count_by value ("year", "dept", ...), and the reverse
 * (JX_COUNT_NONE for an unknown name). */
const char *jx_count_by_name(jx_count_by by);
jx_count_by jx_count_by_from_name(const char *name);

#endif
