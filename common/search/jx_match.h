/* jx_match.h: matching -- the exact check of a candidate passage against
 * the query tree (a Xapian match decider) and the spans to highlight in
 * a passage shown. */
#ifndef JX_MATCH_H
#define JX_MATCH_H

#include <stddef.h>

#include "jx_buf.h"
#include "jx_query_parse.h"
#include "jx_record.h"
#include "jx_search_types.h"
#include "jx_status.h"
#include "jx_strset.h"
#include "jx_text_store.h"
#include "jx_xapian.h"

#define JX_TAG_MAX 64 /* a report tag: key@generation, and its NUL */

/* The state of the decider: the tree, and the candidate in search form. */
typedef struct jx_checker {
    const jx_qnode *root;
    jx_buf form;  /* search form of heading \x1f text */
    size_t split; /* offset of the \x1f in form */
    jx_buf scratch;
    jx_strset dead; /* dead tags, when too many to mask in the query */
    jx_text_unpacker *unpacker; /* stored text to text */
    int failed;       /* an allocation failed: the search reports it */
    jx_error damaged; /* stored text could not be unpacked, or a record
                       * read (else JX_OK) */
    jx_db *db;        /* where the reports' records are */
    char title_tag[JX_TAG_MAX]; /* the report whose title title holds */
    int title_known;            /* title_tag and title are filled */
    jx_buf title;               /* search form of that report's title */
} jx_checker;

/* The match decider (Jx_enquire_set_decider) over a jx_checker: 1 when
 * the candidate doc contains what the tree asks (and is no superseded
 * version of its report), else 0. Never throws: failures are kept in the
 * checker (failed, damaged) for the search to report. */
int Jx_match_decide(jx_doc *doc, void *ctx);

/* True when hay (a search form) contains needle at a place where a word
 * at either end of the needle is a whole word in hay; *at (may be NULL)
 * receives where. An empty needle is contained everywhere. */
int Jx_match_contains(const char *hay, size_t hlen, const char *needle,
                      size_t nlen, size_t *at);

/* The spans of text to highlight for the tree's strings, sorted and
 * disjoint (strings asked in headings only when in_heading). *spans is
 * allocated (caller frees). JX_ERR_NOMEM on failure. */
jx_status Jx_match_spans(const jx_qnode *root, const char *text,
                         int in_heading, jx_span **spans, size_t *n);

/* Reads the record of the report with key (a report tag; what follows
 * '@' is ignored). JX_ERR_DB_NOT_FOUND when it is not committed yet. */
jx_status Jx_match_read_record(jx_db *db, const char *key,
                               jx_report_record *rec, jx_error *err);

#endif
