/* jx_api_search.c: the reading half of the public API (jixiao.h): a
 * jx_database over the Xapian wrapper's jx_db, searches through
 * Jx_search, and the jx_hits record a program reads, laid over the
 * search's own results without copying their strings. */
#include <stdlib.h>
#include <string.h>

#include "jixiao.h"
#include "jx_query_parse.h"
#include "jx_report_view.h"
#include "jx_search.h"
#include "jx_shards.h"
#include "jx_xapian.h"

/* The handle behind jx_database. */
struct jx_database {
    jx_db *db;
};

jx_status jx_database_open(const char *const *paths, size_t n,
                           jx_database **out, jx_error *err)
{
    return jx_database_open_with(paths, n, NULL, out, err);
}

jx_status jx_database_open_with(const char *const *paths, size_t n,
                                const jx_open_options *opts, jx_database **out,
                                jx_error *err)
{
    *out = NULL;
    if (!paths || n == 0)
        return Jx_error_set(err, JX_ERR_ARG, "no database given");
    jx_database *d = calloc(1, sizeof *d);
    if (!d)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_db_options o = {0, 0};
    if (opts) {
        o.allow_partial = opts->allow_partial;
        o.timeout_ms = opts->timeout_ms;
    }
    jx_status st = Jx_db_open_with(paths, n, &o, &d->db, err);
    if (st) {
        free(d);
        return st;
    }
    *out = d;
    return JX_OK;
}

void jx_database_destroy(jx_database *db)
{
    if (!db)
        return;
    Jx_db_close(db->db);
    free(db);
}

void jx_request_init(jx_request *req)
{
    memset(req, 0, sizeof *req);
    req->per_report = 3;
    req->limit = 10;
    req->sort = JX_SORT_RELEVANCE;
    req->count_by = JX_COUNT_NONE;
    req->count_limit = 1000; /* a page of results need not count them all */
}

/* The jx_hits record and what it is laid over: the search's results
 * (which own every string) and the arrays of the public view. pub comes
 * first, so that the record's address is the owner's. */
typedef struct hits_owner {
    jx_hits pub;
    jx_results *res;
    jx_hit_report *reports;
    jx_hit_passage *passages;
    jx_range *ranges;
    const char **paths;
    jx_hit_copy *copies;
    jx_hit_count *counts;
} hits_owner;

/* Copies n spans into ranges at *used, and returns where they start. */
static const jx_range *copy_spans(jx_range *ranges, size_t *used,
                                  const jx_span *spans, size_t n)
{
    jx_range *start = ranges + *used;
    for (size_t i = 0; i < n; i++) {
        start[i].start = spans[i].start;
        start[i].end = spans[i].end;
    }
    *used += n;
    return start;
}

/* Lays the public view over res; JX_ERR_NOMEM when an array cannot be
 * allocated. */
static jx_status build_view(hits_owner *h, jx_error *err)
{
    const jx_results *res = h->res;
    size_t n_passages = 0, n_ranges = 0, n_paths = 0, n_copies = 0;
    for (size_t i = 0; i < res->n_reports; i++) {
        const jx_report_hit *r = &res->reports[i];
        n_passages += r->n_passages;
        n_paths += r->record.n_paths;
        for (size_t k = 0; k < r->record.n_paths; k++)
            n_copies += r->record.paths[k].copy_key[0] != '\0';
        for (size_t j = 0; j < r->n_passages; j++)
            n_ranges +=
                r->passages[j].n_heading_spans + r->passages[j].n_text_spans;
    }
    /* one more than needed of each, so that no calloc asks for 0 */
    h->reports = calloc(res->n_reports + 1, sizeof *h->reports);
    h->passages = calloc(n_passages + 1, sizeof *h->passages);
    h->ranges = calloc(n_ranges + 1, sizeof *h->ranges);
    h->paths = calloc(n_paths + 1, sizeof *h->paths);
    h->copies = calloc(n_copies + 1, sizeof *h->copies);
    h->counts = calloc(res->n_counts + 1, sizeof *h->counts);
    if (!h->reports || !h->passages || !h->ranges || !h->paths || !h->copies ||
        !h->counts)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    size_t at_passage = 0, at_range = 0, at_path = 0, at_copy = 0;
    for (size_t i = 0; i < res->n_reports; i++) {
        const jx_report_hit *r = &res->reports[i];
        jx_hit_report *v = &h->reports[i];
        v->key = r->record.key.hex;
        v->format = r->record.format;
        for (int f = 0; f < JX_FIELD_COUNT; f++)
            v->fields[f] = r->record.fields[f];
        v->paths = h->paths + at_path;
        for (size_t k = 0; k < r->record.n_paths; k++)
            h->paths[at_path++] = r->record.paths[k].path;
        v->n_paths = r->record.n_paths;
        v->copies = h->copies + at_copy;
        for (size_t k = 0; k < r->record.n_paths; k++) {
            const jx_report_path *p = &r->record.paths[k];
            if (!p->copy_key[0])
                continue;
            jx_hit_copy *c = &h->copies[at_copy++];
            c->path = k;
            c->format = p->copy_format;
            c->key = p->copy_key;
            v->n_copies++;
        }
        v->relevance = r->relevance;
        v->matching_passages = r->matching_passages;
        v->passages = h->passages + at_passage;
        v->n_passages = r->n_passages;
        for (size_t j = 0; j < r->n_passages; j++) {
            const jx_passage_hit *p = &r->passages[j];
            jx_hit_passage *pv = &h->passages[at_passage++];
            pv->relevance = p->relevance;
            pv->heading = p->heading;
            pv->text = p->text;
            pv->heading_matches = copy_spans(
                h->ranges, &at_range, p->heading_spans, p->n_heading_spans);
            pv->n_heading_matches = p->n_heading_spans;
            pv->text_matches = copy_spans(h->ranges, &at_range, p->text_spans,
                                          p->n_text_spans);
            pv->n_text_matches = p->n_text_spans;
        }
    }
    for (size_t i = 0; i < res->n_counts; i++) {
        h->counts[i].value = res->counts[i].value;
        h->counts[i].reports = res->counts[i].reports;
        h->counts[i].passages = res->counts[i].passages;
    }
    h->pub.total_reports = res->total_reports;
    h->pub.total_passages = res->total_passages;
    h->pub.totals_exact = res->totals_exact;
    h->pub.reports = h->reports;
    h->pub.n_reports = res->n_reports;
    h->pub.counts = h->counts;
    h->pub.n_counts = res->n_counts;
    return JX_OK;
}

jx_status jx_database_search(jx_database *db, const jx_request *req,
                             jx_hits **out, jx_error *err)
{
    *out = NULL;
    if (!db || !req)
        return Jx_error_set(err, JX_ERR_ARG, "no database or no request");
    jx_search_request r;
    memset(&r, 0, sizeof r);
    r.query = req->query;
    r.filters.year = req->year;
    r.filters.dept = req->dept;
    r.filters.region = req->region;
    r.filters.title = req->title;
    r.filters.score = req->score;
    r.filters.grade = req->grade;
    r.filters.type = req->type;
    r.per_report = req->per_report;
    r.offset = req->offset;
    r.limit = req->limit;
    r.sort = req->sort;
    r.count_by = req->count_by;
    r.reports_only = req->reports_only;
    r.count_limit = req->count_limit;
    hits_owner *h = calloc(1, sizeof *h);
    if (!h)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = Jx_search(db->db, &r, &h->res, err);
    if (!st)
        st = build_view(h, err);
    if (st) {
        jx_hits_destroy(&h->pub);
        return st;
    }
    *out = &h->pub;
    return JX_OK;
}

void jx_hits_destroy(jx_hits *hits)
{
    if (!hits)
        return;
    hits_owner *h = (hits_owner *)hits;
    Jx_results_destroy(h->res);
    free(h->reports);
    free(h->passages);
    free(h->ranges);
    free(h->paths);
    free(h->copies);
    free(h->counts);
    free(h);
}

int jx_query_finds_text(const char *query)
{
    return Jx_query_finds_text(query);
}

const char *jx_count_by_string(jx_count_by by)
{
    return Jx_count_by_name(by);
}

jx_count_by jx_count_by_parse(const char *name)
{
    return name ? Jx_count_by_from_name(name) : JX_COUNT_NONE;
}

/* ---- one report by its key (jixiao.h; common/search/jx_report_view.c
 * does the work) ---------------------------------------------------- */

jx_status jx_database_reopen(jx_database *db, jx_error *err)
{
    return Jx_db_reopen(db->db, err);
}

jx_status jx_database_report(jx_database *db, const char *key,
                             const char *query, jx_report_view **out,
                             jx_error *err)
{
    return Jx_report_view_read(db->db, key, query, out, err);
}

jx_status jx_database_original(jx_database *db, const char *key, char **data,
                               size_t *len, char **name, jx_error *err)
{
    return Jx_report_original(db->db, key, data, len, name, err);
}

size_t jx_database_shard_count(const jx_database *db)
{
    return db ? Jx_db_shard_count(db->db) : 0;
}

size_t jx_database_missing_count(const jx_database *db)
{
    return db ? Jx_db_missing_count(db->db) : 0;
}

const char *jx_database_missing(const jx_database *db, size_t i)
{
    return db && i < Jx_db_missing_count(db->db) ? Jx_db_missing(db->db, i)
                                                 : NULL;
}

jx_status jx_shard_set_probe(const char *path, int *is_set, size_t *n_shards,
                             int *any_remote, jx_error *err)
{
    jx_shard_set set;
    *is_set = 0;
    *n_shards = 0;
    *any_remote = 0;
    jx_status st = Jx_shards_read(path, &set, is_set, err);
    if (st)
        return st;
    *n_shards = set.n;
    for (size_t i = 0; i < set.n; i++)
        *any_remote |= set.v[i].remote;
    Jx_shards_clear(&set);
    return JX_OK;
}

jx_status jx_shard_set_write(const char *folder, unsigned n, jx_error *err)
{
    return Jx_shards_write_stub(folder, n, err);
}
