/* jx_search.c: the search proper. The request's query tree becomes a
 * Xapian query (jx_query_build.c) that finds every matching passage and
 * perhaps a few more; when the tree is not exact at the term level, a
 * match decider (jx_match.c) checks each candidate's stored text against
 * the tree, so what is returned is exactly what contains the strings.
 * Here: running the match passes, reading results, retrying when the
 * database changes. Match spies count passages and reports per value
 * during the same match; collapse on the report key ranks reports by
 * their best passage. */
#include "jx_search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_buf.h"
#include "jx_count.h"
#include "jx_match.h"
#include "jx_query_build.h"
#include "jx_query_parse.h"
#include "jx_query_slots.h"
#include "jx_schema.h"
#include "jx_store.h"
#include "jx_strset.h"
#include "jx_text.h"
#include "jx_text_store.h"
#include "jx_tokenize.h"

#define MAX_RETRIES       5
#define MAX_DEAD_IN_QUERY 64 /* more dead tags are checked by the decider */

/* ---- reading results --------------------------------------------------- */

/* Fills a passage hit from result i of ms. */
static jx_status read_passage(jx_mset *ms, unsigned i, const jx_qnode *root,
                              jx_text_unpacker *unpacker, jx_passage_hit *hit,
                              char *key, jx_error *err)
{
    jx_doc *doc = NULL;
    const char *data, *v;
    size_t len, vlen;
    hit->relevance = Jx_mset_weight(ms, i);
    jx_status st = Jx_mset_document(ms, i, &doc, err);
    if (!st)
        st = Jx_doc_value(doc, JX_SLOT_TEXT, &data, &len, err);
    if (!st)
        st = Jx_text_unpack(unpacker, data, len, &data, &len, err);
    if (!st) { /* copied before the next value read moves the pointer */
        const char *sep = memchr(data, JX_HEADING_TEXT_SEP, len);
        size_t hlen = sep ? (size_t)(sep - data) : 0;
        const char *text = sep ? sep + 1 : data;
        hit->heading = strndup(data, hlen);
        hit->text = strndup(text, len - (size_t)(text - data));
        if (!hit->heading || !hit->text)
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    if (!st && key) {
        st = Jx_doc_value(doc, JX_SLOT_REPORT, &v, &vlen, err);
        if (!st)
            snprintf(key, JX_TAG_MAX, "%.*s", (int)vlen, v);
    }
    if (!st && (Jx_match_spans(root, hit->heading, 1, &hit->heading_spans,
                               &hit->n_heading_spans) ||
                Jx_match_spans(root, hit->text, 0, &hit->text_spans,
                               &hit->n_text_spans)))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    Jx_doc_destroy(doc);
    return st;
}

/* Reads the report tag of result i into tag (JX_TAG_MAX bytes): all a
 * ranked report needs from its best passage, whose text is not shown
 * (its best passages come from report_passages). */
static jx_status read_tag(jx_mset *ms, unsigned i, char *tag, jx_error *err)
{
    jx_doc *doc = NULL;
    const char *v;
    size_t len;
    jx_status st = Jx_mset_document(ms, i, &doc, err);
    if (!st)
        st = Jx_doc_value(doc, JX_SLOT_REPORT, &v, &len, err);
    if (!st)
        snprintf(tag, JX_TAG_MAX, "%.*s", (int)len, v);
    Jx_doc_destroy(doc);
    return st;
}

/* Frees what a passage hit owns. */
static void passage_hit_clear(jx_passage_hit *h)
{
    free(h->heading);
    free(h->text);
    free(h->heading_spans);
    free(h->text_spans);
}

void Jx_results_destroy(jx_results *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n_reports; i++) {
        jx_report_hit *r = &res->reports[i];
        Jx_report_record_clear(&r->record);
        for (size_t j = 0; j < r->n_passages; j++)
            passage_hit_clear(&r->passages[j]);
        free(r->passages);
    }
    free(res->reports);
    for (size_t i = 0; i < res->n_counts; i++)
        free(res->counts[i].value);
    free(res->counts);
    free(res);
}

/* ---- running a search -------------------------------------------------- */

/* Everything one attempt at a search uses. */
typedef struct search_run {
    jx_db *db;
    const jx_search_request *req;
    const jx_qnode *root;
    jx_query *cand; /* candidates of the whole tree */
    int exact;      /* no decider needed */
    jx_checker chk;
    unsigned long doccount;
    jx_error *err;
    jx_value_counts *walked[2]; /* count_pass's counts, owned */
} search_run;

/* A search over q with the run's decider and the request's order. */
static jx_status new_enquire(search_run *r, const jx_query *q, int sorted,
                             jx_enquire **out)
{
    jx_enquire *enq = NULL;
    jx_status st = Jx_enquire_new(r->db, &enq, r->err);
    if (!st)
        st = Jx_enquire_set_query(enq, q, r->err);
    if (!st && !r->exact)
        st = Jx_enquire_set_decider(enq, Jx_match_decide, &r->chk, r->err);
    if (!st && !r->exact) /* what remote shards must send (jx_shards.h) */
        st = Jx_enquire_decider_slots(enq, Jx_query_slots(r->root), r->err);
    if (!st && sorted && r->req->sort == JX_SORT_YEAR)
        st = Jx_enquire_sort_by_value(enq, JX_SLOT_YEAR, 1, r->err);
    if (!st && sorted && r->req->sort == JX_SORT_SCORE)
        st = Jx_enquire_sort_by_value(enq, JX_SLOT_SCORE, 1, r->err);
    if (st) {
        Jx_enquire_destroy(enq);
        return st;
    }
    *out = enq;
    return JX_OK;
}

/* The value slot a count_by reads. */
static unsigned count_slot(jx_count_by by)
{
    switch (by) {
    case JX_COUNT_YEAR:
        return JX_SLOT_YEAR_TEXT;
    case JX_COUNT_DEPT:
        return JX_SLOT_DEPT;
    case JX_COUNT_REGION:
        return JX_SLOT_REGION;
    case JX_COUNT_GRADE:
        return JX_SLOT_GRADE;
    default:
        return JX_SLOT_TYPE;
    }
}

/* Orders count rows: years ascending, others by reports, then passages,
 * descending, then value; the "not known" row last. */
static int by_year(const void *a, const void *b)
{
    const jx_count_row *x = a, *y = b;
    if (!*x->value != !*y->value)
        return *x->value ? -1 : 1;
    return strcmp(x->value, y->value);
}

static int by_count(const void *a, const void *b)
{
    const jx_count_row *x = a, *y = b;
    if (!*x->value != !*y->value)
        return *x->value ? -1 : 1;
    if (x->reports != y->reports)
        return x->reports > y->reports ? -1 : 1;
    if (x->passages != y->passages)
        return x->passages > y->passages ? -1 : 1;
    return strcmp(x->value, y->value);
}

/* Turns the count_by spy into rows, with a row "" for reports whose
 * value is not known. */
static jx_status fill_counts(search_run *r, const jx_value_counts *vc,
                             jx_results *res)
{
    size_t n = Jx_value_counts_size(vc);
    res->counts = calloc(n + 1, sizeof *res->counts);
    if (!res->counts)
        return Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    unsigned long reports = 0, passages = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v;
        size_t len;
        jx_count_row *row = &res->counts[res->n_counts];
        Jx_value_counts_get(vc, i, &v, &len, &row->passages, &row->reports);
        if (!len)
            continue;
        if (!(row->value = strndup(v, len)))
            return Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
        reports += row->reports;
        passages += row->passages;
        res->n_counts++;
    }
    if (res->total_reports > reports) {
        jx_count_row *row = &res->counts[res->n_counts];
        if (!(row->value = strdup("")))
            return Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
        row->reports = res->total_reports - reports;
        row->passages = res->total_passages - passages;
        res->n_counts++;
    }
    qsort(res->counts, res->n_counts, sizeof *res->counts,
          r->req->count_by == JX_COUNT_YEAR ? by_year : by_count);
    return JX_OK;
}

/* Looks up how many matching passages a report has (per_report spy,
 * whose values are report tags in byte order). */
static unsigned long passages_of(const jx_value_counts *vc, const char *tag)
{
    size_t lo = 0, hi = Jx_value_counts_size(vc), tlen = strlen(tag);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *v;
        size_t len;
        unsigned long docs, distinct;
        Jx_value_counts_get(vc, mid, &v, &len, &docs, &distinct);
        int c = memcmp(v, tag, len < tlen ? len : tlen);
        if (c == 0 && len == tlen)
            return docs;
        if (c < 0 || (c == 0 && len < tlen))
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Adds up the per-report spy: the reports and passages that match. */
static void spy_totals(const jx_value_counts *per_report, jx_results *res)
{
    size_t n = Jx_value_counts_size(per_report);
    res->total_reports = n;
    for (size_t i = 0; i < n; i++) {
        const char *v;
        size_t len;
        unsigned long docs, distinct;
        Jx_value_counts_get(per_report, i, &v, &len, &docs, &distinct);
        res->total_passages += docs;
    }
}

/* How many matching candidates the main pass must see: all of them when
 * every match is counted, else one more than count_limit (seeing more
 * than the limit is how the totals are known to be lower bounds), and at
 * least the page. Xapian looks at no fewer matches that pass the decider
 * than this when they exist (tested in test_xapian). */
static unsigned check_at_least(const search_run *r)
{
    const jx_search_request *q = r->req;
    unsigned long all = r->doccount;
    if (!q->count_limit || q->count_limit >= all ||
        q->count_by != JX_COUNT_NONE || q->reports_only)
        return (unsigned)all;
    unsigned long n = q->count_limit + 1;
    unsigned long page = (unsigned long)q->offset + q->limit;
    if (n < page)
        n = page;
    return (unsigned)(n < all ? n : all);
}

/* The main pass when every match is counted: the counts from walking the
 * postings (jx_count.h), then, for a page, a match that only ranks. */
static jx_status count_pass(search_run *r, jx_results *res, jx_enquire **enq,
                            jx_mset **ms, jx_value_counts **per_report)
{
    const jx_search_request *q = r->req;
    jx_status st = Jx_count_matches(
        r->db, r->cand, r->exact ? NULL : Jx_match_decide, &r->chk,
        q->count_by != JX_COUNT_NONE ? (int)count_slot(q->count_by)
                                     : JX_COUNT_NO_SLOT,
        &r->walked[0], &r->walked[1], NULL, NULL, r->err);
    *per_report = r->walked[0];
    if (!st) {
        spy_totals(*per_report, res);
        res->totals_exact = 1;
    }
    if (!st && q->count_by != JX_COUNT_NONE)
        st = fill_counts(r, r->walked[1], res);
    if (st || !q->limit || !res->total_passages)
        return st;
    /* no Jx_query_break_ties: with several databases its weights would
     * order equal weights otherwise than the spies' pass did */
    st = new_enquire(r, r->cand, 1, enq);
    if (!st && (q->per_report || q->reports_only))
        st = Jx_enquire_set_collapse(*enq, JX_SLOT_REPORT, 1, r->err);
    if (!st)
        st = Jx_enquire_mset(*enq, q->offset, q->limit, 0, ms, r->err);
    return st;
}

/* The main pass: one match that ranks (reports by their best passage,
 * through collapse, when grouping), and counts the matches it sees with
 * match spies, which see each matching document before collapse (tested
 * in test_xapian). The counts are exact when it saw fewer matches than
 * it had to look at, so there were no more. Xapian's own collapsed
 * counts are estimates unless every group is collected (20 reports for
 * 17 with a page of ten), so they are not used.
 * *enq keeps *ms's documents and *per_report valid; the caller frees. */
static jx_status main_pass(search_run *r, jx_results *res, jx_enquire **enq,
                           jx_mset **ms, jx_value_counts **per_report)
{
    jx_value_counts *by = NULL;
    const jx_search_request *q = r->req;
    int grouping = q->per_report || q->reports_only;
    unsigned look_at = check_at_least(r);
    /* candidates checked against their text count faster in Xapian's
     * matcher (docs/design.md, "Counting at the speed of the postings") */
    if (look_at >= r->doccount && r->exact && Jx_count_walks() &&
        !Jx_db_has_remote(r->db) && Jx_query_walkable(r->cand))
        return count_pass(r, res, enq, ms, per_report);
    jx_query *ranked = NULL;
    /* with a decider, ties would each be decided (Jx_query_break_ties) */
    jx_status st = r->exact || look_at >= r->doccount
                       ? JX_OK
                       : Jx_query_break_ties(r->cand, &ranked, r->err);
    if (!st)
        st = new_enquire(r, ranked ? ranked : r->cand, 1, enq);
    Jx_query_destroy(ranked);
    if (!st && grouping)
        st = Jx_enquire_set_collapse(*enq, JX_SLOT_REPORT, 1, r->err);
    if (!st)
        st = Jx_enquire_count_values(*enq, JX_SLOT_REPORT, JX_SLOT_REPORT,
                                     per_report, r->err);
    if (!st && q->count_by != JX_COUNT_NONE)
        st = Jx_enquire_count_values(*enq, count_slot(q->count_by),
                                     JX_SLOT_REPORT, &by, r->err);
    if (!st)
        st = Jx_enquire_mset(*enq, q->offset, q->limit, look_at, ms, r->err);
    if (!st) {
        spy_totals(*per_report, res);
        res->totals_exact =
            look_at >= r->doccount || res->total_passages < look_at;
    }
    if (!st && by)
        st = fill_counts(r, by, res);
    return st;
}

/* Adds an empty report hit and returns it. */
static jx_report_hit *new_report_hit(jx_results *res, size_t cap)
{
    if (!res->reports &&
        !(res->reports = calloc(cap ? cap : 1, sizeof *res->reports)))
        return NULL;
    return &res->reports[res->n_reports++];
}

/* The candidates of the whole tree that belong to the reports tagged
 * tags[0..n-1] (n >= 1). */
static jx_status report_candidates(search_run *r, const char *const *tags,
                                   size_t n, jx_query **out)
{
    jx_query **only = calloc(n, sizeof *only), *any = NULL;
    jx_status st =
        only ? JX_OK : Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < n; i++)
        st = Jx_search_meta_term(JX_PREFIX_REPORT, tags[i], &only[i], r->err);
    if (!st)
        st = Jx_query_combine(JX_QUERY_OR, only, n, &any, r->err);
    if (!st) {
        jx_query *pair[2] = {r->cand, any};
        st = Jx_query_combine(JX_QUERY_FILTER, pair, 2, out, r->err);
    }
    Jx_query_destroy(any);
    for (size_t i = 0; only && i < n; i++)
        Jx_query_destroy(only[i]);
    free(only);
    return st;
}

/* The best passages of one report: the candidates filtered to it. */
static jx_status report_passages(search_run *r, jx_report_hit *hit)
{
    jx_query *q = NULL;
    jx_enquire *enq = NULL;
    jx_mset *ms = NULL;
    jx_buf tag = {0};
    jx_status st =
        Jx_report_tag(&hit->record, &tag)
            ? Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory")
            : report_candidates(r, (const char *const[]){tag.data}, 1, &q);
    Jx_buf_clear(&tag);
    if (!st)
        st = new_enquire(r, q, 0, &enq);
    if (!st)
        st = Jx_enquire_mset(enq, 0, r->req->per_report, 0, &ms, r->err);
    unsigned n = st ? 0 : Jx_mset_size(ms);
    if (n && !(hit->passages = calloc(n, sizeof *hit->passages)))
        st = Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    for (unsigned i = 0; !st && i < n; i++) {
        st = read_passage(ms, i, r->root, r->chk.unpacker, &hit->passages[i],
                          NULL, r->err);
        hit->n_passages = i + 1;
    }
    Jx_mset_destroy(ms);
    Jx_enquire_destroy(enq);
    Jx_query_destroy(q);
    return st;
}

/* Orders report tags (for sorting an array of strings). */
static int cmp_tag(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* More reports on a page than this are counted by counting every match. */
#define PAGE_COUNT_MAX_REPORTS 256

/* The per-report passage counts for a page whose reports are tagged
 * tags[0..n-1]: the main pass's when it counted every match (counted),
 * else one match over the candidates of those reports alone, so that
 * what a page says of its reports never depends on the count limit.
 * *enq owns *out when it is made here; the caller frees *enq. */
static jx_status page_counts(search_run *r, const jx_value_counts *per_report,
                             int counted, const char *const *tags, size_t n,
                             const jx_value_counts **out, jx_enquire **enq)
{
    *out = per_report;
    *enq = NULL;
    if (counted || !n)
        return JX_OK;
    /* A page of passages names a report once per passage: one term per
     * report, not per passage (100,000 passages made an OR of 100,000
     * terms, 500 s where counting every match took 3). A page of many
     * reports is counted as every match is: filtering to them saves
     * little and a query of thousands of terms costs more. */
    const char **uniq = malloc(n * sizeof *uniq);
    if (!uniq)
        return Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    memcpy(uniq, tags, n * sizeof *uniq);
    qsort(uniq, n, sizeof *uniq, cmp_tag);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || strcmp(uniq[m - 1], uniq[i]) != 0)
            uniq[m++] = uniq[i];
    jx_query *q = NULL;
    jx_status st = JX_OK;
    if (m <= PAGE_COUNT_MAX_REPORTS)
        st = report_candidates(r, uniq, m, &q);
    free(uniq);
    jx_value_counts *vc = NULL;
    jx_mset *ms = NULL;
    if (!st)
        st = new_enquire(r, q ? q : r->cand, 0, enq);
    if (!st)
        st = Jx_enquire_count_values(*enq, JX_SLOT_REPORT, JX_SLOT_REPORT, &vc,
                                     r->err);
    if (!st)
        st = Jx_enquire_mset(*enq, 0, 1, (unsigned)r->doccount, &ms, r->err);
    if (!st)
        *out = vc;
    Jx_mset_destroy(ms);
    Jx_query_destroy(q);
    return st;
}

/* Reads the record of the report with key, reopening the database when
 * a writer has moved it on: records are found by key, so a newer
 * revision serves as well, and a listing of thousands of reports (each
 * a lookup) outlasts the two revisions Xapian keeps while an indexer
 * commits every fraction of a second. */
static jx_status read_record_fresh(search_run *r, const char *key,
                                   jx_report_record *rec)
{
    for (int tries = 0;; tries++) {
        jx_status st = Jx_match_read_record(r->db, key, rec, r->err);
        if (st != JX_ERR_DB_MODIFIED || tries == 4 * MAX_RETRIES)
            return st;
        Jx_report_record_clear(rec);
        if ((st = Jx_db_reopen(r->db, r->err)))
            return st;
    }
}

/* The report tag and weight of each result of the main pass, read
 * before anything else (results are read by document id, which only
 * the revision of the match gives). */
typedef struct ranked {
    char key[JX_TAG_MAX];
    double weight;
} ranked;

static jx_status read_ranked(jx_mset *ms, ranked **out, jx_error *err)
{
    unsigned n = Jx_mset_size(ms);
    ranked *rk = n ? calloc(n, sizeof *rk) : NULL;
    *out = rk;
    if (n && !rk)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = JX_OK;
    for (unsigned i = 0; !st && i < n; i++) {
        st = read_tag(ms, i, rk[i].key, err);
        rk[i].weight = Jx_mset_weight(ms, i);
    }
    return st;
}

/* Reads each ranked report of the main pass, then its best passages. */
static jx_status grouped(search_run *r, const jx_value_counts *per_report,
                         jx_mset *ms, jx_results *res)
{
    ranked *rk = NULL;
    unsigned n = Jx_mset_size(ms);
    const char **tags = n ? calloc(n, sizeof *tags) : NULL;
    const jx_value_counts *counts = NULL;
    jx_enquire *counter = NULL;
    jx_status st = n && !tags
                       ? Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory")
                       : read_ranked(ms, &rk, r->err);
    for (unsigned i = 0; !st && i < n; i++)
        tags[i] = rk[i].key;
    if (!st)
        st = page_counts(r, per_report, res->totals_exact, tags, n, &counts,
                         &counter);
    for (unsigned i = 0; !st && i < n; i++) {
        jx_report_hit *hit = new_report_hit(res, n);
        if (!hit) {
            st = Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
            break;
        }
        st = read_record_fresh(r, rk[i].key, &hit->record);
        if (st == JX_ERR_DB_NOT_FOUND) { /* not visible yet: skip it */
            Jx_report_record_clear(&hit->record);
            res->n_reports--;
            st = JX_OK;
            continue;
        }
        if (!st) {
            hit->relevance = rk[i].weight;
            hit->matching_passages = passages_of(counts, rk[i].key);
        }
        if (!st && !r->req->reports_only && r->req->per_report)
            st = report_passages(r, hit);
    }
    Jx_enquire_destroy(counter);
    free(tags);
    free(rk);
    return st;
}

/* Reads each ranked passage of the main pass, then each one's report. */
static jx_status ungrouped(search_run *r, const jx_value_counts *per_report,
                           jx_mset *ms, jx_results *res)
{
    jx_status st = JX_OK;
    unsigned n = Jx_mset_size(ms);
    char(*keys)[JX_TAG_MAX] = n ? calloc(n, sizeof *keys) : NULL;
    if (n && !keys)
        return Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    for (unsigned i = 0; !st && i < n; i++) {
        jx_report_hit *hit = new_report_hit(res, n);
        if (!hit || !(hit->passages = calloc(1, sizeof *hit->passages))) {
            st = Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
            break;
        }
        hit->n_passages = 1;
        hit->relevance = Jx_mset_weight(ms, i);
        st = read_passage(ms, i, r->root, r->chk.unpacker, hit->passages,
                          keys[i], r->err);
    }
    const char **tags = n ? calloc(n, sizeof *tags) : NULL;
    const jx_value_counts *counts = NULL;
    jx_enquire *counter = NULL;
    if (!st && n && !tags)
        st = Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    for (unsigned i = 0; !st && i < n; i++)
        tags[i] = keys[i];
    if (!st)
        st = page_counts(r, per_report, res->totals_exact, tags,
                         res->n_reports, &counts, &counter);
    size_t kept = 0;
    jx_buf last = {0}; /* the record read last, serialised, and its tag */
    const char *last_tag = NULL;
    for (size_t i = 0; !st && i < res->n_reports; i++) {
        jx_report_hit *hit = &res->reports[i];
        /* passages of one report tend to come together (equal weights
         * rank in document order): a copy of the record read for the
         * previous one is cheaper than a lookup (a read and an inflate;
         * a page of 100,000 passages read 100,000 records) */
        if (last_tag && strcmp(last_tag, keys[i]) == 0)
            st = Jx_report_record_read(last.data, last.len, &hit->record,
                                       r->err);
        else if (!(st = read_record_fresh(r, keys[i], &hit->record))) {
            Jx_buf_reset(&last);
            last_tag =
                Jx_report_record_write(&hit->record, &last) ? NULL : keys[i];
        }
        if (st == JX_ERR_DB_NOT_FOUND) { /* not visible yet: skip it */
            Jx_report_record_clear(&hit->record);
            passage_hit_clear(hit->passages);
            free(hit->passages);
            memset(hit, 0, sizeof *hit);
            st = JX_OK;
            continue;
        }
        hit->matching_passages = passages_of(counts, keys[i]);
        if (kept != i) { /* one owner for what the hit holds */
            res->reports[kept] = *hit;
            memset(hit, 0, sizeof *hit);
        }
        kept++;
    }
    if (!st)
        res->n_reports = kept;
    Jx_buf_clear(&last);
    Jx_enquire_destroy(counter);
    free(tags);
    free(keys);
    return st;
}

/* Removes from the candidates the passages of superseded report
 * versions (the dead list, see jx_store.h). */
static jx_status mask_dead(search_run *r)
{
    char **tags = NULL;
    size_t n = 0;
    jx_status st = Jx_store_read_dead(r->db, &tags, &n, r->err);
    if (!st && n > MAX_DEAD_IN_QUERY) {
        /* thousands of AND_NOT terms cost more per candidate than a set
         * lookup in the decider (13 s against 0.01 s measured) */
        for (size_t i = 0; !st && i < n; i++)
            if (Jx_strset_add(&r->chk.dead, tags[i]))
                st = Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
        if (r->exact)
            r->chk.root = NULL; /* the tree needs no check of its own */
        r->exact = 0;
        Jx_store_free_tags(tags, n);
        return st;
    }
    jx_query **q = st || !n ? NULL : calloc(n + 1, sizeof *q);
    if (!st && n && !q)
        st = Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    size_t k = 1;
    for (size_t i = 0; !st && i < n; i++, k++)
        st = Jx_search_meta_term(JX_PREFIX_REPORT, tags[i], &q[k], r->err);
    if (!st && n) {
        q[0] = r->cand;
        jx_query *masked = NULL;
        st = Jx_query_combine(JX_QUERY_AND_NOT, q, k, &masked, r->err);
        if (!st) {
            Jx_query_destroy(r->cand);
            r->cand = masked;
        }
        q[0] = NULL;
    }
    for (size_t i = 0; q && i < k; i++)
        Jx_query_destroy(q[i]);
    free(q);
    Jx_store_free_tags(tags, n);
    return st;
}

/* One attempt at the whole search. */
static jx_status attempt(search_run *r, jx_results *res)
{
    jx_enquire *enq = NULL;
    jx_mset *ms = NULL;
    jx_value_counts *per_report = NULL;
    r->chk.title_known = 0; /* the database may have been reopened */
    Jx_error_clear(&r->chk.damaged);
    jx_status st = Jx_db_doccount(r->db, &r->doccount, r->err);
    if (!st)
        st = Jx_search_candidates(r->db, r->root, &r->cand, r->err);
    if (!st)
        st = mask_dead(r);
    if (!st)
        st = main_pass(r, res, &enq, &ms, &per_report);
    if (!st && r->req->limit && res->total_passages) {
        if (r->req->per_report || r->req->reports_only)
            st = grouped(r, per_report, ms, res);
        else
            st = ungrouped(r, per_report, ms, res);
    }
    if (!st && r->chk.failed)
        st = Jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    if (!st && r->chk.damaged.status) {
        *r->err = r->chk.damaged;
        st = r->chk.damaged.status;
    }
    Jx_mset_destroy(ms);
    Jx_enquire_destroy(enq);
    Jx_query_destroy(r->cand);
    r->cand = NULL;
    for (int i = 0; i < 2; i++) {
        Jx_value_counts_free(r->walked[i]);
        r->walked[i] = NULL;
    }
    return st;
}

jx_status Jx_search(jx_db *db, const jx_search_request *req, jx_results **out,
                    jx_error *err)
{
    jx_qnode *root = NULL;
    *out = NULL;
    jx_status st = Jx_search_tree_build(req, &root, err);
    if (!st)
        st = Jx_search_tree_simplify(&root, err);
    if (!st)
        st = Jx_search_tree_bound(root, err);
    if (st) {
        Jx_qnode_destroy(root);
        return st;
    }
    search_run r = {db,  req, root, NULL, Jx_search_tree_is_exact(root),
                    {0}, 0,   err,  {0}};
    r.chk.root = root;
    r.chk.db = db;
    jx_results *res = NULL;
    st = Jx_text_unpacker_for(db, &r.chk.unpacker, err);
    for (int tries = 0; !st && tries < MAX_RETRIES; tries++) {
        Jx_results_destroy(res);
        if (!(res = calloc(1, sizeof *res))) {
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
            break;
        }
        st = attempt(&r, res);
        if (st != JX_ERR_DB_MODIFIED)
            break;
        if ((st = Jx_db_reopen(db, err)))
            break;
        st = JX_ERR_DB_MODIFIED;
    }
    Jx_buf_clear(&r.chk.form);
    Jx_buf_clear(&r.chk.scratch);
    Jx_buf_clear(&r.chk.title);
    Jx_strset_clear(&r.chk.dead);
    Jx_text_unpacker_destroy(r.chk.unpacker);
    Jx_qnode_destroy(root);
    if (st) {
        Jx_results_destroy(res);
        return st;
    }
    *out = res;
    return JX_OK;
}

/* ---- names ------------------------------------------------------------- */

static const char *const count_names[] = {
    [JX_COUNT_NONE] = "none",   [JX_COUNT_YEAR] = "year",
    [JX_COUNT_DEPT] = "dept",   [JX_COUNT_REGION] = "region",
    [JX_COUNT_GRADE] = "grade", [JX_COUNT_TYPE] = "type",
};

const char *Jx_count_by_name(jx_count_by by)
{
    return (unsigned)by <= JX_COUNT_TYPE ? count_names[by] : "none";
}

jx_count_by Jx_count_by_from_name(const char *name)
{
    for (int i = JX_COUNT_YEAR; i <= JX_COUNT_TYPE; i++)
        if (strcmp(name, count_names[i]) == 0)
            return (jx_count_by)i;
    if (strcmp(name, "department") == 0)
        return JX_COUNT_DEPT;
    return JX_COUNT_NONE;
}
