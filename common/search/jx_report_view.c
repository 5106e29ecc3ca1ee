/* jx_report_view.c: one report as a reader looks at it, and its original
 * file, both found by key (see jx_report_view.h). The record comes from
 * the report database; the clean text and the line each field came from
 * from reading the file again as indexing did, but only when its bytes
 * still hash to the key; what the query matches from the search itself
 * (Jx_search), so that the view marks exactly what a search marks.
 * The records are jixiao.h's (jx_report_view). */
#include "jx_report_view.h"

#include <stdlib.h>
#include <string.h>

#include "jx_formats.h"
#include "jx_index.h"
#include "jx_query_parse.h"
#include "jx_record.h"
#include "jx_schema.h"
#include "jx_search.h"
#include "jx_store.h"

/* Most reports the search for a query's matches reads to find this one
 * among them. */
#define VIEW_SCAN_REPORTS 1000

/* The view with what it owns behind it. */
typedef struct view_owned {
    jx_report_view pub;
    jx_report_record rec;
    jx_report *rep;  /* the file read again, or NULL */
    jx_results *res; /* the search for the query's matches, or NULL */
    const char **paths;
    jx_view_passage *passages;
    jx_range *spans; /* the match ranges of the passages */
} view_owned;

void jx_report_view_destroy(jx_report_view *view)
{
    view_owned *v = (view_owned *)view;
    if (!v)
        return;
    Jx_report_record_clear(&v->rec);
    Jx_report_destroy(v->rep);
    Jx_results_destroy(v->res);
    free(v->paths);
    free(v->passages);
    free(v->spans);
    free(v);
}

/* 1 when key is 32 lowercase hex digits. */
static int key_ok(const char *key)
{
    if (!key || strlen(key) != JX_KEY_LEN)
        return 0;
    for (const char *p = key; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

/* Finds the record of key; *found 0 when the database has none. */
static jx_status find_record(jx_db *db, const char *key, jx_report_record *rec,
                             int *found, jx_error *err)
{
    *found = 0;
    if (!key_ok(key))
        return Jx_error_set(err, JX_ERR_ARG,
                            "bad report id: 32 hex digits are needed");
    return Jx_report_record_find(db, JX_PREFIX_REPORT_ID, key, rec, found,
                                 err);
}

/* Reads the file at path into *data when its bytes have the key; *data
 * NULL when they do not or it cannot be read. */
static void read_if_same(const char *path, const char *key, char **data,
                         size_t *len)
{
    jx_error ignored = {0};
    *data = NULL;
    if (Jx_read_file(path, data, len, &ignored))
        return;
    jx_key k = Jx_key_of(*data, *len);
    if (strcmp(k.hex, key) != 0) {
        free(*data);
        *data = NULL;
    }
}

jx_status Jx_report_original(jx_db *db, const char *key, char **data,
                             size_t *len, char **name, jx_error *err)
{
    jx_report_record rec = {0};
    int found;
    *data = NULL;
    *name = NULL;
    *len = 0;
    jx_status st = find_record(db, key, &rec, &found, err);
    for (size_t i = 0; !st && found && i < rec.n_paths && !*data; i++) {
        read_if_same(rec.paths[i].path, key, data, len);
        if (*data) {
            const char *slash = strrchr(rec.paths[i].path, '/');
            *name = strdup(slash ? slash + 1 : rec.paths[i].path);
            if (!*name) {
                free(*data);
                *data = NULL;
                st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
            }
        }
    }
    if (found)
        Jx_report_record_clear(&rec);
    return st;
}

/* Runs the query over the reports that may include this one (those of
 * its title, else of its year) and returns the hit that is this report,
 * or NULL (the query does not match it). */
static jx_status find_hit(jx_db *db, const jx_report_record *rec,
                          const char *query, jx_results **res,
                          const jx_report_hit **hit, jx_error *err)
{
    *hit = NULL;
    for (int round = 0; round < 2 && !*hit; round++) {
        jx_search_request req = {0};
        req.query = query;
        req.per_report = 100000;
        req.limit = VIEW_SCAN_REPORTS;
        req.count_limit = 1;
        if (round == 0 && rec->fields[JX_FIELD_TITLE])
            req.filters.title = rec->fields[JX_FIELD_TITLE];
        else if (round == 0)
            continue;
        else
            req.filters.year = rec->fields[JX_FIELD_YEAR];
        Jx_results_destroy(*res);
        *res = NULL;
        /* a title that does not read as a filter: the year's reports
         * (a fault of the query itself comes back from round 1) */
        jx_error ferr = {0};
        jx_status st = Jx_search(db, &req, res, round ? err : &ferr);
        if (st && round == 0)
            continue;
        if (st)
            return st;
        for (size_t i = 0; i < (*res)->n_reports && !*hit; i++)
            if (strcmp((*res)->reports[i].record.key.hex, rec->key.hex) == 0)
                *hit = &(*res)->reports[i];
    }
    return JX_OK;
}

/* The hit passage with the same heading and text as p, or NULL. */
static const jx_passage_hit *same_passage(const jx_report_hit *hit,
                                          const jx_passage *p)
{
    for (size_t i = 0; hit && i < hit->n_passages; i++)
        if (strcmp(hit->passages[i].heading, p->heading) == 0 &&
            strcmp(hit->passages[i].text, p->text) == 0)
            return &hit->passages[i];
    return NULL;
}

/* Fills the passages from the file read again, each with the ranges of
 * its hit passage (moved past the repeated words of a cut). */
static jx_status passages_from_file(view_owned *v, const jx_report_hit *hit,
                                    jx_error *err)
{
    size_t n = v->rep->n_passages, total = 0;
    for (size_t i = 0; hit && i < hit->n_passages; i++)
        total +=
            hit->passages[i].n_text_spans + hit->passages[i].n_heading_spans;
    v->passages = calloc(n ? n : 1, sizeof *v->passages);
    v->spans = calloc(total ? total : 1, sizeof *v->spans);
    if (!v->passages || !v->spans)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        const jx_passage *p = &v->rep->passages[i];
        jx_view_passage *out = &v->passages[i];
        size_t skip = p->overlap;
        out->heading = p->heading;
        out->text = p->text + skip;
        const jx_passage_hit *h = same_passage(hit, p);
        if (!h)
            continue;
        out->heading_matches = v->spans + used;
        for (size_t k = 0; k < h->n_heading_spans; k++)
            v->spans[used++] =
                (jx_range){h->heading_spans[k].start, h->heading_spans[k].end};
        out->n_heading_matches = h->n_heading_spans;
        out->text_matches = v->spans + used;
        for (size_t k = 0; k < h->n_text_spans; k++) {
            jx_range s = {h->text_spans[k].start, h->text_spans[k].end};
            if (s.end <= skip)
                continue; /* marked in the passage before */
            s.start = s.start > skip ? s.start - skip : 0;
            s.end -= skip;
            v->spans[used++] = s;
            out->n_text_matches++;
        }
    }
    v->pub.passages = v->passages;
    v->pub.n_passages = n;
    return JX_OK;
}

/* Fills the passages from the hit alone (the file is gone or changed). */
static jx_status passages_from_hit(view_owned *v, const jx_report_hit *hit,
                                   jx_error *err)
{
    size_t n = hit ? hit->n_passages : 0, total = 0, used = 0;
    for (size_t i = 0; i < n; i++)
        total +=
            hit->passages[i].n_text_spans + hit->passages[i].n_heading_spans;
    v->passages = calloc(n ? n : 1, sizeof *v->passages);
    v->spans = calloc(total ? total : 1, sizeof *v->spans);
    if (!v->passages || !v->spans)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const jx_passage_hit *h = &hit->passages[i];
        jx_view_passage *out = &v->passages[i];
        out->heading = h->heading;
        out->text = h->text;
        out->heading_matches = v->spans + used;
        for (size_t k = 0; k < h->n_heading_spans; k++)
            v->spans[used++] =
                (jx_range){h->heading_spans[k].start, h->heading_spans[k].end};
        out->n_heading_matches = h->n_heading_spans;
        out->text_matches = v->spans + used;
        for (size_t k = 0; k < h->n_text_spans; k++)
            v->spans[used++] =
                (jx_range){h->text_spans[k].start, h->text_spans[k].end};
        out->n_text_matches = h->n_text_spans;
    }
    v->pub.passages = v->passages;
    v->pub.n_passages = n;
    return JX_OK;
}

jx_status Jx_report_view_read(jx_db *db, const char *key, const char *query,
                              jx_report_view **out, jx_error *err)
{
    *out = NULL;
    view_owned *v = calloc(1, sizeof *v);
    if (!v)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    int found;
    jx_status st = find_record(db, key, &v->rec, &found, err);
    if (st || !found) {
        free(v);
        return st;
    }
    const jx_report_hit *hit = NULL;
    if (query && *query)
        st = find_hit(db, &v->rec, query, &v->res, &hit, err);
    /* the file read again, when its bytes are still the report's */
    for (size_t i = 0; !st && i < v->rec.n_paths && !v->rep; i++) {
        char *data;
        size_t len;
        read_if_same(v->rec.paths[i].path, v->rec.key.hex, &data, &len);
        if (!data)
            continue;
        free(data);
        jx_error ignored = {0};
        if (Jx_index_read_report(v->rec.paths[i].path, NULL, &v->rep, NULL,
                                 &ignored))
            v->rep = NULL;
    }
    if (!st)
        st = v->rep ? passages_from_file(v, hit, err)
                    : passages_from_hit(v, hit, err);
    if (!st && !(v->paths = calloc(v->rec.n_paths + 1, sizeof *v->paths)))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (st) {
        jx_report_view_destroy(&v->pub);
        return st;
    }
    for (size_t i = 0; i < v->rec.n_paths; i++)
        v->paths[i] = v->rec.paths[i].path;
    v->pub.key = v->rec.key.hex;
    v->pub.format = v->rec.format;
    v->pub.paths = v->paths;
    v->pub.n_paths = v->rec.n_paths;
    v->pub.whole_text = v->rep != NULL;
    v->pub.query_finds_text = Jx_query_finds_text(query);
    v->pub.matching_passages = hit ? hit->matching_passages : 0;
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        jx_meta_field *mf = &v->pub.fields[f];
        mf->value = v->rec.fields[f];
        mf->source = Jx_source_name(v->rec.sources[f]);
        /* the line it came from, when reading the file again found the
         * same value there */
        const jx_field *rf = v->rep ? &v->rep->fields[f] : NULL;
        if (rf && rf->value && mf->value &&
            strcmp(rf->value, mf->value) == 0 &&
            rf->source == v->rec.sources[f]) {
            mf->evidence = rf->evidence;
            mf->line = rf->line;
        }
    }
    *out = &v->pub;
    return JX_OK;
}
