/* output.h: the output formats of jixiao-search behind one interface, so
 * that text, JSON and CSV share the code that walks the results
 * (jixiao-search.c) and differ only in how each item is written. */
#ifndef JX_SEARCH_OUTPUT_H
#define JX_SEARCH_OUTPUT_H

#include <stdio.h>

#include "jixiao.h"

/* How the text output is drawn. */
typedef struct output_style {
    int color;         /* ANSI colours for matches and headings */
    unsigned context;  /* characters of text shown around matches */
    const char *query; /* echoed in the header */
    /* 0: the passage counts say nothing (a listing without a query
     * string, where every passage of a report "matches"): leave them
     * out */
    int passage_counts;
    /* With --copies, while a copy of a report is written as its own
     * entry: the key of the report it copies (NULL otherwise). */
    const char *copy_of;
    int partial; /* a shard did not answer: "partial": true in JSON */
} output_style;

/* One output format: each callback writes one kind of item to out. */
typedef struct output_format {
    /* Before anything: the totals. */
    void (*totals)(FILE *out, const output_style *st, const jx_hits *r);
    /* A report, numbered from 1 (rank includes --offset). */
    void (*report)(FILE *out, const output_style *st, unsigned rank,
                   const jx_hit_report *hit);
    /* One of a report's passages. */
    void (*passage)(FILE *out, const output_style *st,
                    const jx_hit_report *hit, const jx_hit_passage *p,
                    unsigned rank);
    /* The count table of --count-by. */
    void (*counts)(FILE *out, const output_style *st, jx_count_by by,
                   const jx_hits *r);
} output_format;

extern const output_format output_text;
extern const output_format output_json;
extern const output_format output_csv;

#endif
