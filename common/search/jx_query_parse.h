/* jx_query_parse.h: the query language of jixiao-search, parsed into a
 * tree. Words separated by spaces must all match; OR between two; -word
 * or NOT word excludes; parentheses group; "quoted text" is one exact
 * string; fields: title: dept: region: section: year: score: grade:
 * type:. See docs/query-language.md. The search engine turns the tree
 * into a Xapian query of candidates and checks each candidate against
 * the tree exactly (jx_search.c). */
#ifndef JX_QUERY_PARSE_H
#define JX_QUERY_PARSE_H

#include <stddef.h>

#include "jx_status.h"

/* Longest query accepted, in bytes. */
#define JX_MAX_QUERY_BYTES 4096

typedef enum jx_qkind {
    JX_Q_TEXT, /* an exact string, in the text or (section) heading */
    JX_Q_AND,
    JX_Q_OR,
    JX_Q_NOT,      /* one child */
    JX_Q_YEAR,     /* lo..hi, inclusive */
    JX_Q_SCORE,    /* lo..hi, inclusive */
    JX_Q_NO_SCORE, /* reports without a score */
    JX_Q_DEPT,     /* department contains the string */
    JX_Q_REGION,   /* region contains the string */
    JX_Q_TITLE,    /* title contains the string */
    JX_Q_GRADE,    /* canonical grade (优 良 中 差) */
    JX_Q_TYPE      /* report type */
} jx_qkind;

typedef struct jx_qnode {
    jx_qkind kind;
    int section; /* JX_Q_TEXT: match in the heading path only */
    char *text;  /* the string as the user wrote it (TEXT, DEPT...) */
    char *form;  /* its search form (Jx_search_form) */
    size_t form_len;
    double lo, hi; /* YEAR, SCORE: bounds, -HUGE_VAL/HUGE_VAL when open */
    struct jx_qnode **kids;
    size_t n_kids;
} jx_qnode;

/* Parses a query. JX_ERR_QUERY with a one-line reason for an unknown
 * field, a bad range, unbalanced quotes or parentheses, a dangling
 * operator, or nothing searchable. */
jx_status Jx_query_parse(const char *query, jx_qnode **out, jx_error *err);

/* Makes a filter node from an option value as the field would take it
 * (field is "year", "dept", "region", "score", "grade", "type" or
 * "title"); for score, "none" gives JX_Q_NO_SCORE. */
jx_status Jx_qnode_filter(const char *field, const char *value, jx_qnode **out,
                          jx_error *err);

/* Makes an AND or OR node of n children, taking them over. */
jx_status Jx_qnode_combine(jx_qkind kind, jx_qnode **kids, size_t n,
                           jx_qnode **out, jx_error *err);

/* Writes the tree as an S-expression, e.g. (AND "预算" (NOT "疫情")
 * (YEAR 2019 2022)); malloc'd. For tests and --explain. */
char *Jx_qnode_describe(const jx_qnode *node);

/* Frees a tree; NULL is fine. */
void Jx_qnode_destroy(jx_qnode *node);

/* 1 when query parses and holds a string to find, not only fields such
 * as dept: (which match every passage of a report): only then does a
 * count of matching passages say something. 0 for NULL or "". */
int Jx_query_finds_text(const char *query);

#endif
