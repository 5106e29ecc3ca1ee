/* jx_search.h: the search engine: turns a query and filters into ranked
 * passages grouped by report, exact totals and counts per value. Programs
 * (jixiao-search, a future web page) only parse options and print what
 * this returns. */
#ifndef JX_SEARCH_H
#define JX_SEARCH_H

#include <stddef.h>

#include "jx_record.h"
#include "jx_search_types.h"
#include "jx_status.h"
#include "jx_xapian.h"

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
 * under it. The caller frees *out with Jx_results_destroy. */
jx_status Jx_search(jx_db *db, const jx_search_request *req, jx_results **out,
                    jx_error *err);

/* Frees results; NULL is fine. */
void Jx_results_destroy(jx_results *res);

/* Name of a count_by value ("year", "dept", ...), and the reverse
 * (JX_COUNT_NONE for an unknown name). */
const char *Jx_count_by_name(jx_count_by by);
jx_count_by Jx_count_by_from_name(const char *name);

#endif
