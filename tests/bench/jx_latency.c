/* jx_latency.c: times jixiao's searches in-process, as the library peers
 * are timed: opens the database once, then runs every query of the set
 * through Jx_search (common/search/jx_search.h) twice, as jixiao-search would
 * with its defaults (the ten best reports, three passages each, matches
 * counted up to 1,000) and as
 * --list-reports for every matching report, each word quoted (an exact
 * string), words ANDed. Writes the outputs described in bench_util.h.
 *
 * Usage: jx_latency DB QUERIES PREFIX CORPUS_NAME
 * CORPUS_NAME is the corpus folder's name: paths are written relative
 * to it. JX_LATENCY_SPIES=1 in the environment counts with Xapian's
 * match spies instead of walking the postings (jx_count.h), to compare. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "jx_count.h"
#include "jx_search.h"

/* Writes the path of each report of res relative to the corpus folder. */
static void write_reports(FILE *out, const char *id, const jx_results *res, const char *corpus)
{
    char key[1024];
    snprintf(key, sizeof key, "%s/", corpus);
    for (size_t i = 0; i < res->n_reports; i++) {
        const jx_report_record *r = &res->reports[i].record;
        for (size_t p = 0; p < r->n_paths; p++) {
            const char *path = r->paths[p].path, *at = strstr(path, key);
            fprintf(out, "%s\t%s\n", id, at ? at + strlen(key) : path);
        }
    }
}

/* Runs one search; exits on an error other than a bad query. */
static jx_results *search(jx_db *db, const jx_search_request *req)
{
    jx_results *res = NULL;
    jx_error err = {0};
    jx_status st = Jx_search(db, req, &res, &err);
    if (st) {
        fprintf(stderr, "jx_latency: %s: %s\n", req->query, err.message);
        if (st != JX_ERR_QUERY) exit(1);
        return NULL;
    }
    return res;
}

/* Opens the database and times each query in both modes. */
int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: jx_latency DB QUERIES PREFIX CORPUS_NAME\n");
        return 2;
    }
    const char *path = argv[1];
    if (getenv("JX_LATENCY_SPIES")) Jx_count_set_walks(0);
    jx_db *db = NULL;
    jx_error err = {0};
    if (Jx_db_open(&path, 1, &db, &err)) {
        fprintf(stderr, "jx_latency: %s: %s\n", path, err.message);
        return 1;
    }
    size_t nq;
    bu_query *qs = bu_read_queries(argv[2], &nq);
    bu_out o;
    bu_out_open(&o, argv[3]);
    for (size_t i = 0; i < nq; i++) {
        char q[600];
        if (qs[i].nwords == 2) snprintf(q, sizeof q, "\"%s\" \"%s\"", qs[i].words[0], qs[i].words[1]);
        else snprintf(q, sizeof q, "\"%s\"", qs[i].words[0]);
        jx_search_request top = {0}, all = {0};
        top.query = all.query = q;
        top.limit = 10;
        top.per_report = 3;
        top.count_limit = 1000; /* the CLI's default for a results page */
        all.limit = 100000;
        all.reports_only = 1;
        double t0 = bu_now();
        jx_results *res = search(db, &top);
        double t1 = bu_now();
        if (res) write_reports(o.top10, qs[i].id, res, argv[4]);
        fprintf(o.lat, "%s\ttop10\t%.6f\t%zu\n", qs[i].id, t1 - t0, res ? res->n_reports : 0);
        Jx_results_destroy(res);
        t0 = bu_now();
        res = search(db, &all);
        t1 = bu_now();
        if (res) write_reports(o.count, qs[i].id, res, argv[4]);
        fprintf(o.lat, "%s\tcount\t%.6f\t%lu\n", qs[i].id, t1 - t0, res ? res->total_reports : 0);
        Jx_results_destroy(res);
    }
    bu_out_close(&o);
    Jx_db_close(db);
    return 0;
}
