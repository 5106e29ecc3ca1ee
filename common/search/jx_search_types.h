/* jx_search_types.h: what a search is asked (jx_search_request: the
 * query string, filters, paging, order, counts) and the bounds on a
 * query, and the matched range it gives back (jx_span). Below the rest
 * of the search layer: query building, matching and the search proper
 * all take these. */
#ifndef JX_SEARCH_TYPES_H
#define JX_SEARCH_TYPES_H

#include <stddef.h>

#include "jixiao.h"

/* Bounds on the work of a query, checked after it is simplified (a
 * string repeated is one string, nested ORs one OR): deeper nesting of
 * AND, OR and NOT, more strings and fields, or more strings of one
 * character (each stands for every term that starts with it) are
 * refused with JX_ERR_QUERY. See docs/limits.md. */
#define JX_MAX_QUERY_DEPTH   32
#define JX_MAX_QUERY_STRINGS 64
#define JX_MAX_QUERY_CHARS   16

/* jx_sort and jx_count_by are defined in jixiao.h, the public header. */

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

#endif
