/* engine.c: jixiao-serve's engine side, the one file of serve/ that
 * calls the engine. It keeps a pool of open databases (Xapian handles
 * are not shared between threads; each request takes one and brings the
 * database to its latest commit first), turns a request's parameters
 * into a search request as jixiao-search turns its options, and writes
 * the results in jixiao-search's JSON Lines or CSV. It includes the
 * engine's public header (common/api/jixiao.h) and nothing else of it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao.h"
#include "serve.h"

#define MAX_DBS 64

static const char *db_paths[MAX_DBS];
static size_t n_db_paths;
static char *default_db; /* the default database's path, when used */

/* Open handles not in use (every handle is back here once the server
 * has stopped, and engine_shutdown closes them). */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static jx_database *idle[256];
static size_t n_idle;

int engine_init(const char *const *dbs, size_t n_dbs, char *why, size_t n)
{
    if (n_dbs > MAX_DBS) {
        snprintf(why, n, "too many databases");
        return -1;
    }
    if (n_dbs == 0) {
        if (jx_default_database(getenv("JIXIAO_DB"), getenv("XDG_DATA_HOME"),
                                getenv("HOME"), &default_db)) {
            snprintf(why, n, "no database given and no default (set HOME)");
            return -1;
        }
        db_paths[n_db_paths++] = default_db;
        return 0;
    }
    for (size_t i = 0; i < n_dbs; i++)
        db_paths[n_db_paths++] = dbs[i];
    return 0;
}

void engine_shutdown(void)
{
    pthread_mutex_lock(&pool_lock);
    while (n_idle)
        jx_database_destroy(idle[--n_idle]);
    pthread_mutex_unlock(&pool_lock);
    jx_free(default_db);
    default_db = NULL;
    n_db_paths = 0;
}

/* Says why the databases could not be opened, as jixiao-search does:
 * the first that is missing, else the first damaged, else the engine's
 * message. */
static void db_error(srv_reply *r, const jx_error *err)
{
    char msg[1024];
    for (size_t i = 0; i < n_db_paths; i++) {
        jx_checkup *c = NULL;
        jx_error cerr = {0};
        jx_status cst = jx_checkup_run(db_paths[i], JX_CHECK_QUICK, &c, &cerr);
        jx_checkup_destroy(c);
        if (cst == JX_ERR_DB_NOT_FOUND) {
            snprintf(msg, sizeof msg,
                     "no database at %s: index reports first with "
                     "jixiao-index",
                     db_paths[i]);
            srv_reply_error(r, 503, msg);
            return;
        }
        if (jx_database_damaged(db_paths[i], 1, &cerr) == JX_ERR_DB_CORRUPT) {
            snprintf(msg, sizeof msg,
                     "%s: %s; rebuild with: rm -rf %s && jixiao-index --db "
                     "%s PATH...",
                     db_paths[i], cerr.message, db_paths[i], db_paths[i]);
            srv_reply_error(r, 503, msg);
            return;
        }
    }
    if (n_db_paths == 1)
        snprintf(msg, sizeof msg, "%s: %s", db_paths[0], err->message);
    else
        snprintf(msg, sizeof msg, "%s", err->message);
    srv_reply_error(r, 503, msg);
}

/* Takes a database handle at its latest commit: an idle one reopened,
 * or a new one. NULL with the reply set to the error. */
static jx_database *db_take(srv_reply *r)
{
    jx_database *db = NULL;
    jx_error err = {0};
    pthread_mutex_lock(&pool_lock);
    if (n_idle)
        db = idle[--n_idle];
    pthread_mutex_unlock(&pool_lock);
    /* a handle that cannot follow the database (rebuilt, removed) is
     * closed and opened anew */
    if (db && jx_database_reopen(db, &err)) {
        jx_database_destroy(db);
        db = NULL;
    }
    if (!db && jx_database_open(db_paths, n_db_paths, &db, &err)) {
        db_error(r, &err);
        return NULL;
    }
    return db;
}

/* Gives a handle back to the pool (or closes it when the pool is full). */
static void db_give(jx_database *db)
{
    pthread_mutex_lock(&pool_lock);
    if (n_idle < sizeof idle / sizeof *idle) {
        idle[n_idle++] = db;
        db = NULL;
    }
    pthread_mutex_unlock(&pool_lock);
    jx_database_destroy(db);
}

/* Builds the search request from the parameters, as jixiao-search builds
 * it from its options; 0, or -1 with the reply set to the CLI's error. */
static int make_request(const srv_params *p, jx_request *req, char *score,
                        size_t score_size, srv_reply *r)
{
    char msg[512];
    jx_request_init(req);
    req->query = p->q;
    req->year = p->year;
    req->dept = p->dept;
    req->region = p->region;
    req->title = p->title;
    req->grade = p->grade;
    req->type = p->type;
    req->limit = p->limit;
    req->offset = p->offset;
    req->per_report = p->per_report;
    req->count_limit = p->count_limit;
    req->reports_only = p->list;
    if (p->sort && strcmp(p->sort, "year") == 0)
        req->sort = JX_SORT_YEAR;
    else if (p->sort && strcmp(p->sort, "score") == 0)
        req->sort = JX_SORT_SCORE;
    else if (p->sort && strcmp(p->sort, "relevance") != 0) {
        snprintf(msg, sizeof msg,
                 "bad value '%.100s' for --sort: use relevance, year or "
                 "score",
                 p->sort);
        srv_reply_error(r, 400, msg);
        return -1;
    }
    const char *bounds[2] = {p->min_score, p->max_score};
    const char *names[2] = {"--min-score", "--max-score"};
    for (int i = 0; i < 2; i++) {
        char *end;
        double v = bounds[i] ? strtod(bounds[i], &end) : 0;
        if (bounds[i] && (!*bounds[i] || *end || v < 0 || v > 100)) {
            snprintf(msg, sizeof msg,
                     "bad value '%.100s' for %s: a number from 0 to 100 is "
                     "needed",
                     bounds[i], names[i]);
            srv_reply_error(r, 400, msg);
            return -1;
        }
    }
    if (p->no_score && (p->min_score || p->max_score)) {
        srv_reply_error(r, 400,
                        "bad value '' for --no-score: cannot be combined "
                        "with --min-score or --max-score");
        return -1;
    }
    if (p->no_score)
        req->score = "none";
    else if (p->min_score || p->max_score) {
        snprintf(score, score_size, "%s..%s", p->min_score ? p->min_score : "",
                 p->max_score ? p->max_score : "");
        req->score = score;
    }
    if (p->by) {
        req->count_by = jx_count_by_parse(p->by);
        if (req->count_by == JX_COUNT_NONE) {
            snprintf(msg, sizeof msg,
                     "bad value '%.100s' for --count-by: use year, dept, "
                     "region, grade or type",
                     p->by);
            srv_reply_error(r, 400, msg);
            return -1;
        }
    }
    return 0;
}

/* True when the query searches for some string (then passage counts of
 * a listing say something), as jixiao-search decides it. */
static int query_has_text(const char *query)
{
    return query && *query && jx_query_finds_text(query);
}

/* Runs a request; the results, or NULL with the reply set to the error
 * (the CLI's message: 400 for the query or a filter, 503 for the
 * database). */
static jx_hits *run(const jx_request *req, srv_reply *r)
{
    jx_database *db = db_take(r);
    if (!db)
        return NULL;
    jx_hits *res = NULL;
    jx_error err = {0};
    jx_status st = jx_database_search(db, req, &res, &err);
    if (st == JX_ERR_QUERY || st == JX_ERR_ARG)
        srv_reply_error(r, 400, err.message);
    else if (st == JX_ERR_NOMEM)
        srv_reply_error(r, 503, err.message);
    else if (st)
        db_error(r, &err);
    if (st) {
        jx_hits_destroy(res);
        res = NULL;
        jx_database_destroy(db); /* a handle that failed is not kept */
    } else {
        db_give(db);
    }
    return res;
}

/* The summary line of jixiao-search --json. */
static void json_summary(sbuf *b, const char *query, const jx_hits *res,
                         int passage_counts)
{
    sb_puts(b, "{\"type\":\"summary\",\"query\":");
    sb_json(b, query);
    sb_printf(b, ",\"reports\":%lu,\"passages\":", res->total_reports);
    if (passage_counts)
        sb_printf(b, "%lu", res->total_passages);
    else
        sb_puts(b, "null");
    sb_printf(b, ",\"exact\":%s}\n", res->totals_exact ? "true" : "false");
}

/* The metadata members, as jixiao-search --json names them ("type" names
 * the object: the report's type is "report_type"). */
static void json_fields(sbuf *b, const char *const *fields)
{
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        sb_printf(b, ",\"%s\":",
                  f == JX_FIELD_TYPE ? "report_type"
                                     : jx_field_string((jx_field_id)f));
        sb_json(b, fields[f]);
    }
}

/* A report's members, as jixiao-search --json writes them. */
static void json_report_members(sbuf *b, const jx_hit_report *hit,
                                int passage_counts)
{
    sb_puts(b, "\"path\":");
    sb_json(b, hit->n_paths ? hit->paths[0] : NULL);
    sb_puts(b, ",\"paths\":[");
    for (size_t i = 0; i < hit->n_paths; i++) {
        if (i)
            sb_putc(b, ',');
        sb_json(b, hit->paths[i]);
    }
    sb_puts(b, "],\"copies\":[");
    for (size_t i = 0; i < hit->n_copies; i++) {
        const jx_hit_copy *c = &hit->copies[i];
        sb_puts(b, i ? ",{\"path\":" : "{\"path\":");
        sb_json(b, hit->paths[c->path]);
        sb_puts(b, ",\"format\":");
        sb_json(b, c->format);
        sb_printf(b, ",\"key\":\"%s\"}", c->key);
    }
    sb_puts(b, "],\"format\":");
    sb_json(b, hit->format);
    sb_printf(b, ",\"key\":\"%s\"", hit->key);
    json_fields(b, hit->fields);
    if (passage_counts)
        sb_printf(b, ",\"matching_passages\":%lu", hit->matching_passages);
    else
        sb_puts(b, ",\"matching_passages\":null");
}

/* Match ranges as [[start,end],...] in characters of s. */
static void json_spans(sbuf *b, const char *s, const jx_range *sp, size_t n)
{
    sb_putc(b, '[');
    for (size_t i = 0; i < n; i++)
        sb_printf(b, "%s[%zu,%zu]", i ? "," : "", utf8_chars(s, sp[i].start),
                  utf8_chars(s, sp[i].end));
    sb_putc(b, ']');
}

/* A passage line of jixiao-search --json. */
static void json_passage(sbuf *b, unsigned rank, const jx_hit_report *hit,
                         const jx_hit_passage *p, int passage_counts)
{
    sb_printf(b,
              "{\"type\":\"passage\",\"rank\":%u,\"relevance\":%.4f,"
              "\"report\":{",
              rank, p->relevance);
    json_report_members(b, hit, passage_counts);
    sb_puts(b, "},\"heading\":");
    sb_json(b, p->heading);
    sb_puts(b, ",\"text\":");
    sb_json(b, p->text);
    sb_puts(b, ",\"matches\":");
    json_spans(b, p->text, p->text_matches, p->n_text_matches);
    sb_puts(b, ",\"heading_matches\":");
    json_spans(b, p->heading, p->heading_matches, p->n_heading_matches);
    sb_puts(b, "}\n");
}

/* The CSV of jixiao-search --list-reports --csv (with Excel's byte order
 * mark). */
static void csv_reports(sbuf *b, const jx_request *req, const jx_hits *res,
                        int passage_counts)
{
    sb_puts(
        b, "\xEF\xBB\xBF"
           "rank,path,title,department,region,year,score,grade,type,published,"
           "format,matching_passages\n");
    for (size_t i = 0; i < res->n_reports; i++) {
        const jx_hit_report *rec = &res->reports[i];
        sb_printf(b, "%u,", req->offset + (unsigned)i + 1);
        sb_csv(b, rec->n_paths ? rec->paths[0] : "");
        for (int f = 0; f < JX_FIELD_COUNT; f++) {
            sb_putc(b, ',');
            sb_csv(b, rec->fields[f]);
        }
        sb_putc(b, ',');
        sb_csv(b, rec->format);
        if (passage_counts)
            sb_printf(b, ",%lu\n", res->reports[i].matching_passages);
        else
            sb_puts(b, ",\n");
    }
}

/* Hands a finished buffer to the reply (503 when it ran out of memory). */
static void finish(srv_reply *r, sbuf *b, const char *type)
{
    if (b->oom) {
        sb_free(b);
        srv_reply_error(r, 503, "out of memory");
        return;
    }
    r->status = 200;
    r->type = type;
    r->body = sb_take(b, &r->len);
}

void engine_search(const srv_params *p, srv_reply *r)
{
    jx_request req;
    char score[2 * 4096 + 3]; /* two parameters and ".." */
    srv_params q = *p;
    q.by = NULL; /* counts are /api/count's */
    if (make_request(&q, &req, score, sizeof score, r))
        return;
    if (p->csv && !req.reports_only) {
        srv_reply_error(r, 400,
                        "format=csv needs list-reports=1 (as --csv needs "
                        "--list-reports)");
        return;
    }
    jx_hits *res = run(&req, r);
    if (!res)
        return;
    int counts = !req.reports_only || query_has_text(p->q);
    sbuf b = {0};
    if (p->csv) {
        csv_reports(&b, &req, res, counts);
        r->filename = strdup("jixiao.csv");
        finish(r, &b, "text/csv; charset=utf-8");
        jx_hits_destroy(res);
        return;
    }
    json_summary(&b, p->q, res, counts);
    unsigned rank = req.offset;
    for (size_t i = 0; i < res->n_reports; i++) {
        const jx_hit_report *hit = &res->reports[i];
        rank++;
        if (!hit->n_passages) {
            sb_printf(&b,
                      "{\"type\":\"report\",\"rank\":%u,\"relevance\":%.4f,",
                      rank, hit->relevance);
            json_report_members(&b, hit, counts);
            sb_puts(&b, "}\n");
        }
        for (size_t j = 0; j < hit->n_passages; j++)
            json_passage(&b, rank, hit, &hit->passages[j], counts);
    }
    jx_hits_destroy(res);
    finish(r, &b, "application/x-ndjson; charset=utf-8");
}

void engine_count(const srv_params *p, srv_reply *r)
{
    jx_request req;
    char score[2 * 4096 + 3]; /* two parameters and ".." */
    if (make_request(p, &req, score, sizeof score, r))
        return;
    req.limit = 0;
    req.count_limit = 0;
    if (!p->by && !p->q)
        req.reports_only = 1; /* no query: count the collection */
    jx_hits *res = run(&req, r);
    if (!res)
        return;
    sbuf b = {0};
    if (!p->by) {
        sb_printf(&b, "{\"passages\":%lu,\"reports\":%lu}\n",
                  res->total_passages, res->total_reports);
    } else {
        json_summary(&b, p->q, res, !req.reports_only || query_has_text(p->q));
        for (size_t i = 0; i < res->n_counts; i++) {
            sb_printf(&b, "{\"type\":\"count\",\"by\":\"%s\",\"value\":",
                      jx_count_by_string(req.count_by));
            sb_json(&b, *res->counts[i].value ? res->counts[i].value : NULL);
            sb_printf(&b, ",\"reports\":%lu,\"passages\":%lu}\n",
                      res->counts[i].reports, res->counts[i].passages);
        }
    }
    jx_hits_destroy(res);
    finish(r, &b, "application/x-ndjson; charset=utf-8");
}

/* The 404 of a report id the database does not hold. */
static void no_report(srv_reply *r, const char *id)
{
    char msg[200];
    snprintf(msg, sizeof msg, "no report with id %.40s in the database", id);
    srv_reply_error(r, 404, msg);
}

/* Match ranges as [[start,end],...] in characters of s. */
static void json_ranges(sbuf *b, const char *s, const jx_range *sp, size_t n)
{
    json_spans(b, s, sp, n);
}

void engine_report(const srv_params *p, srv_reply *r)
{
    if (!p->id) {
        srv_reply_error(r, 400, "the report's id is needed (id=KEY)");
        return;
    }
    jx_database *db = db_take(r);
    if (!db)
        return;
    jx_report_view *v = NULL;
    jx_error err = {0};
    jx_status st = jx_database_report(db, p->id, p->q, &v, &err);
    if (st == JX_ERR_ARG || st == JX_ERR_QUERY)
        srv_reply_error(r, 400, err.message);
    else if (st)
        db_error(r, &err);
    else if (!v)
        no_report(r, p->id);
    if (st)
        jx_database_destroy(db);
    else
        db_give(db);
    if (!v)
        return;
    sbuf b = {0};
    sb_printf(&b, "{\"type\":\"report\",\"key\":\"%s\",\"format\":", v->key);
    sb_json(&b, v->format);
    const char *values[JX_FIELD_COUNT];
    for (int f = 0; f < JX_FIELD_COUNT; f++)
        values[f] = v->fields[f].value;
    json_fields(&b, values);
    if (v->query_finds_text)
        sb_printf(&b, ",\"matching_passages\":%lu", v->matching_passages);
    else
        sb_puts(&b, ",\"matching_passages\":null");
    sb_printf(&b, ",\"whole_text\":%s,\"fields\":[",
              v->whole_text ? "true" : "false");
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        const jx_meta_field *vf = &v->fields[f];
        sb_printf(&b, "%s{\"name\":\"%s\",\"value\":", f ? "," : "",
                  f == JX_FIELD_TYPE ? "report_type"
                                     : jx_field_string((jx_field_id)f));
        sb_json(&b, vf->value);
        sb_puts(&b, ",\"source\":");
        sb_json(&b, *vf->source ? vf->source : NULL);
        sb_puts(&b, ",\"evidence\":");
        sb_json(&b, vf->evidence);
        sb_printf(&b, ",\"line\":%u}", vf->line);
    }
    sb_puts(&b, "],\"passages\":[");
    for (size_t i = 0; i < v->n_passages; i++) {
        const jx_view_passage *vp = &v->passages[i];
        sb_puts(&b, i ? ",{\"heading\":" : "{\"heading\":");
        sb_json(&b, vp->heading);
        sb_puts(&b, ",\"text\":");
        sb_json(&b, vp->text);
        sb_puts(&b, ",\"matches\":");
        json_ranges(&b, vp->text, vp->text_matches, vp->n_text_matches);
        sb_puts(&b, ",\"heading_matches\":");
        json_ranges(&b, vp->heading, vp->heading_matches,
                    vp->n_heading_matches);
        sb_putc(&b, '}');
    }
    sb_puts(&b, "]}\n");
    jx_report_view_destroy(v);
    finish(r, &b, "application/x-ndjson; charset=utf-8");
}

void engine_original(const srv_params *p, srv_reply *r)
{
    if (!p->id) {
        srv_reply_error(r, 400, "the report's id is needed (id=KEY)");
        return;
    }
    jx_database *db = db_take(r);
    if (!db)
        return;
    char *data = NULL, *name = NULL;
    size_t len = 0;
    jx_error err = {0};
    jx_status st = jx_database_original(db, p->id, &data, &len, &name, &err);
    if (st)
        jx_database_destroy(db);
    else
        db_give(db);
    if (st == JX_ERR_ARG)
        srv_reply_error(r, 400, err.message);
    else if (st)
        db_error(r, &err);
    else if (!data)
        srv_reply_error(r, 404,
                        "the report's file is gone or has changed since it "
                        "was indexed (or no such report)");
    if (st || !data) {
        jx_free(data);
        jx_free(name);
        return;
    }
    r->status = 200;
    r->type = "application/octet-stream";
    r->body = data;
    r->len = len;
    r->filename = name;
}
