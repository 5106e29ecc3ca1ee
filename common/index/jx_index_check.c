/* jx_index_check.c: checks that a jixiao database is whole (jx_store.h
 * describes its layout): the stub XAPIANDB lists a report database and
 * passage parts, each is there and can be read, and the passages are
 * those the report records count. The cheap checks run at the start of
 * every indexing run and for --status; --check adds Xapian's check of
 * every table and a count of each report's passages. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jx_buf.h"
#include "jx_index.h"
#include "jx_paths.h"
#include "jx_record.h"
#include "jx_schema.h"
#include "jx_store.h"
#include "jx_xapian.h"

/* --check names at most this many reports with missing passages. */
#define MAX_NAMED 5

/* Adds one problem line (printf-style) to the result. */
static jx_status problem(jx_index_check_result *r, jx_error *err,
                         const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static jx_status problem(jx_index_check_result *r, jx_error *err,
                         const char *fmt, ...)
{
    char line[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    char **p = realloc(r->problems, (r->n_problems + 1) * sizeof *p);
    if (!p)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    r->problems = p;
    if (!(r->problems[r->n_problems] = strdup(line)))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    r->n_problems++;
    return JX_OK;
}

/* True when path/name exists; *is_dir tells whether it is a folder. */
static int exists(const char *path, const char *name, int *is_dir)
{
    char *p = Jx_path_join(path, name);
    struct stat sb;
    int yes = p && stat(p, &sb) == 0;
    if (yes && is_dir)
        *is_dir = S_ISDIR(sb.st_mode);
    free(p);
    return yes;
}

/* The names the stub lists (malloc'd, in its order). */
typedef struct names {
    char **v;
    size_t n;
} names;

/* Frees the names and empties the list. */
static void names_free(names *ns)
{
    for (size_t i = 0; i < ns->n; i++)
        free(ns->v[i]);
    free(ns->v);
    memset(ns, 0, sizeof *ns);
}

/* Reads the stub's "auto NAME" lines into ns; *found is 0 when there is
 * no stub. Other lines are problems. */
static jx_status read_stub(const char *path, names *ns, int *found,
                           jx_index_check_result *r, jx_error *err)
{
    char line[512], *p = Jx_path_join(path, JX_DB_STUB);
    if (!p)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    FILE *f = fopen(p, "r");
    free(p);
    *found = f != NULL;
    if (!f)
        return errno == ENOENT
                   ? JX_OK
                   : problem(r, err, JX_DB_STUB " cannot be read: %s",
                             strerror(errno));
    jx_status st = JX_OK;
    while (!st && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        if (strncmp(line, "auto ", 5) != 0 || !line[5] ||
            strchr(line + 5, '/')) {
            st = problem(r, err, JX_DB_STUB " holds a line it should not: %s",
                         line);
            continue;
        }
        char **v = realloc(ns->v, (ns->n + 1) * sizeof *v);
        if (v)
            ns->v = v;
        if (!v || !(ns->v[ns->n] = strdup(line + 5)))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        else
            ns->n++;
    }
    fclose(f);
    return st;
}

/* How a listed database is called in messages. */
static void describe(const char *name, char *out, size_t size)
{
    if (strcmp(name, JX_DB_REPORTS) == 0)
        snprintf(out, size, "the report database %s", name);
    else
        snprintf(out, size, "passage part %s", name);
}

static jx_status check_db(const char *p, const char *name, const char *what,
                          int full, unsigned long *docs, int *ok,
                          jx_index_check_result *r, jx_error *err);

/* Checks one listed database: there, with its version file, readable
 * (and, when full, sound by Xapian's check). *docs gets its count; *ok
 * is 0 when a problem was found. */
static jx_status check_part(const char *path, const char *name, int full,
                            unsigned long *docs, int *ok,
                            jx_index_check_result *r, jx_error *err)
{
    char what[96];
    int dir = 0;
    describe(name, what, sizeof what);
    *ok = 0;
    *docs = 0;
    if (!exists(path, name, &dir))
        return problem(r, err, "%s is missing", what);
    if (!dir)
        return problem(r, err, "%s is not a folder", what);
    char *p = Jx_path_join(path, name);
    if (!p)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = check_db(p, name, what, full, docs, ok, r, err);
    free(p);
    return st;
}

/* check_part's reading of the database at p, found there. */
static jx_status check_db(const char *p, const char *name, const char *what,
                          int full, unsigned long *docs, int *ok,
                          jx_index_check_result *r, jx_error *err)
{
    if (!exists(p, "iamglass", NULL))
        return problem(r, err, "%s/iamglass is missing", name);
    jx_error e = {0};
    if (Jx_db_probe(p, docs, &e))
        return e.status == JX_ERR_NOMEM
                   ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
                   : problem(r, err, "%s cannot be read: %s", what, e.message);
    r->databases++;
    if (full) {
        unsigned long errors = 0;
        char *first = NULL;
        if (Jx_db_check(p, &errors, &first, &e)) {
            free(first);
            return e.status == JX_ERR_NOMEM
                       ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
                       : problem(r, err, "%s fails Xapian's check: %s", what,
                                 e.message);
        }
        jx_status st = JX_OK;
        if (errors)
            st = problem(r, err, "%s fails Xapian's check: %lu error%s%s%s",
                         what, errors, errors == 1 ? "" : "s",
                         *first ? ": " : "", first);
        free(first);
        if (st || errors)
            return st;
    }
    *ok = 1;
    return JX_OK;
}

/* A report record read for the counts. */
typedef struct count_state {
    jx_db *db;
    unsigned long expected; /* passages the live reports have */
    unsigned long reports;
    int full;
    unsigned long short_reports; /* --check: reports missing passages */
    const char *batch;           /* mid-batch: that batch's tags, one a line */
    jx_index_check_result *r;
    jx_error *err;
    jx_status st;
} count_state;

/* True when s, lines separated by '\n', has the line line. */
static int in_lines(const char *s, const char *line)
{
    size_t len = strlen(line);
    for (const char *p = s; (p = strstr(p, line)) != NULL; p++)
        if ((p == s || p[-1] == '\n') && (p[len] == '\n' || !p[len]))
            return 1;
    return 0;
}

/* Adds one report's passages to the count; when full, compares them
 * with the passages its tag has. */
static int count_report(const char *term, size_t len, unsigned long freq,
                        void *ctx)
{
    count_state *cs = ctx;
    size_t plen = strlen(JX_PREFIX_REPORT_ID);
    if (len != plen + JX_KEY_LEN)
        return 0;
    char key[JX_KEY_LEN + 1];
    memcpy(key, term + plen, JX_KEY_LEN);
    key[JX_KEY_LEN] = '\0';
    jx_report_record rec = {0};
    int found = 0;
    cs->st = Jx_report_record_find(cs->db, JX_PREFIX_REPORT_ID, key, &rec,
                                   &found, cs->err);
    jx_buf tag = {0}, t = {0};
    if (!cs->st && found && Jx_report_tag(&rec, &tag))
        cs->st = Jx_error_set(cs->err, JX_ERR_NOMEM, "out of memory");
    if (!cs->st && found)
        cs->reports++;
    /* a report of a batch whose passages are not all committed yet (or
     * that a crash cut) is not counted: the next run repairs it */
    if (!cs->st && found && cs->batch && in_lines(cs->batch, tag.data))
        found = 0;
    if (!cs->st && found)
        cs->expected += rec.n_passages;
    if (!cs->st && found && cs->full) {
        unsigned long have = 0;
        if (Jx_term_for(JX_PREFIX_REPORT, tag.data, &t))
            cs->st = Jx_error_set(cs->err, JX_ERR_NOMEM, "out of memory");
        if (!cs->st)
            cs->st = Jx_db_termfreq(cs->db, t.data, t.len, &have, cs->err);
        if (!cs->st && have < rec.n_passages &&
            cs->short_reports++ < MAX_NAMED)
            cs->st = problem(
                cs->r, cs->err, "report %s has %lu of its %lu passages",
                rec.n_paths ? rec.paths[0].path : key, have, rec.n_passages);
    }
    Jx_buf_clear(&tag);
    Jx_buf_clear(&t);
    Jx_report_record_clear(&rec);
    return cs->st != JX_OK;
}

/* The tags a reader masks, and whether a tag is among them. */
static int has_tag(char **tags, size_t n, const char *tag, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(tags[i]) == len && memcmp(tags[i], tag, len) == 0)
            return 1;
    return 0;
}

/* What finding passages of no report needs. */
typedef struct stray_state {
    jx_db *db;
    char **dead;
    size_t n_dead;
    unsigned long passages, tags;
    jx_error *err;
    jx_status st;
} stray_state;

/* Counts the passages of a tag that is neither masked nor the tag of a
 * live report (the report database lost it). */
static int stray_tag(const char *term, size_t len, unsigned long freq,
                     void *ctx)
{
    stray_state *ss = ctx;
    size_t plen = strlen(JX_PREFIX_REPORT);
    const char *tag = term + plen, *at = memchr(tag, '@', len - plen);
    if (!at || at - tag != JX_KEY_LEN ||
        has_tag(ss->dead, ss->n_dead, tag, len - plen))
        return 0;
    char key[JX_KEY_LEN + 1];
    memcpy(key, tag, JX_KEY_LEN);
    key[JX_KEY_LEN] = '\0';
    jx_report_record rec = {0};
    int found = 0;
    ss->st = Jx_report_record_find(ss->db, JX_PREFIX_REPORT_ID, key, &rec,
                                   &found, ss->err);
    if (!ss->st && !(found && rec.generation == strtoul(at + 1, NULL, 10))) {
        ss->passages += freq;
        ss->tags++;
    }
    Jx_report_record_clear(&rec);
    return ss->st != JX_OK;
}

/* Compares the passages with what the report records count: the live
 * reports' passages must all be there (dead ones may be there too).
 * While a batch is between its two commits (or after a crash there,
 * which the next run repairs), that batch's reports are not counted,
 * and passages of no report are not looked for. */
static jx_status check_counts(const char *path, int full,
                              unsigned long reports, unsigned long passages,
                              jx_index_check_result *r, jx_error *err)
{
    /* quick: the records are read only when no passage is left at all */
    if (full < 0 && !(reports > 0 && passages == 0))
        return JX_OK;
    full = full > 0;
    jx_db *db = NULL;
    char *documents = NULL, *batch = NULL;
    unsigned long all = 0;
    jx_error e = {0};
    if (Jx_db_open(&path, 1, &db, &e))
        return e.status == JX_ERR_NOMEM
                   ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
                   : problem(r, err, "cannot be opened as one: %s", e.message);
    jx_status st = Jx_db_get_metadata(db, JX_META_DOCUMENTS, &documents, err);
    if (!st)
        st = Jx_db_doccount(db, &all, err);
    int mid_batch = !st && *documents && all < strtoul(documents, NULL, 10);
    if (!st && mid_batch)
        st = Jx_db_get_metadata(db, JX_META_BATCH, &batch, err);
    count_state cs = {db, 0, 0, full, 0, batch, r, err, JX_OK};
    if (!st) {
        st = Jx_db_each_term(db, JX_PREFIX_REPORT_ID,
                             strlen(JX_PREFIX_REPORT_ID), count_report, &cs,
                             err);
        if (!st || st == JX_ERR_INTERRUPTED)
            st = cs.st;
    }
    r->reports = cs.reports;
    if (!st && cs.expected > passages)
        st = problem(r, err,
                     "the reports have %lu passages, the passage parts hold "
                     "only %lu",
                     cs.expected, passages);
    if (!st && cs.short_reports > MAX_NAMED)
        st = problem(r, err, "%lu more reports miss passages",
                     cs.short_reports - MAX_NAMED);
    stray_state ss = {db, NULL, 0, 0, 0, err, JX_OK};
    if (!st && !mid_batch && full)
        st = Jx_store_read_dead(db, &ss.dead, &ss.n_dead, err);
    if (!st && !mid_batch && full) {
        st = Jx_db_each_term(db, JX_PREFIX_REPORT, strlen(JX_PREFIX_REPORT),
                             stray_tag, &ss, err);
        if (!st || st == JX_ERR_INTERRUPTED)
            st = ss.st;
    }
    if (!st && ss.passages)
        st = problem(r, err,
                     "%lu passages (of %lu report versions) belong to no "
                     "report",
                     ss.passages, ss.tags);
    Jx_store_free_tags(ss.dead, ss.n_dead);
    free(documents);
    free(batch);
    Jx_db_close(db);
    return st;
}

/* True when the folder holds a report database with reports although
 * its stub is gone (without reports, it is what a creation killed
 * before it wrote the stub leaves: no database yet). */
static int holds_reports(const char *path)
{
    char *p = Jx_path_join(path, JX_DB_REPORTS);
    unsigned long docs = 0;
    jx_error ignored;
    int yes = p && Jx_db_probe(p, &docs, &ignored) == JX_OK && docs > 0;
    free(p);
    return yes;
}

/* Reads the stub, checks each database it lists, then the counts. */
jx_status Jx_index_check(const char *db_path, int full,
                         jx_index_check_result *out, jx_error *err)
{
    memset(out, 0, sizeof *out);
    struct stat sb;
    if (stat(db_path, &sb) != 0)
        return errno == ENOENT ? Jx_error_set(err, JX_ERR_DB_NOT_FOUND,
                                              "no database at %s", db_path)
                               : Jx_error_set(err, JX_ERR_IO, "%s: %s",
                                              db_path, strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return Jx_error_set(err, JX_ERR_DB, "%s: not a folder", db_path);
    names ns = {0};
    int stub = 0, reports = 0, passages = 0, sound = 1;
    unsigned long passage_docs = 0, report_docs = 0;
    jx_status st = read_stub(db_path, &ns, &stub, out, err);
    if (!st && !stub) {
        if (holds_reports(db_path))
            st = problem(out, err,
                         JX_DB_STUB " (the list of its databases) is missing");
        else
            st = Jx_error_set(err, JX_ERR_DB_NOT_FOUND, "no database at %s",
                              db_path);
    }
    for (size_t i = 0; !st && i < ns.n; i++) {
        unsigned long docs = 0;
        int ok = 0;
        if (strcmp(ns.v[i], JX_DB_REPORTS) == 0)
            reports++;
        else
            passages++;
        st = check_part(db_path, ns.v[i], full > 0, &docs, &ok, out, err);
        sound = sound && ok;
        if (strcmp(ns.v[i], JX_DB_REPORTS) != 0)
            passage_docs += docs;
        else
            report_docs += docs;
    }
    if (!st && stub && !reports)
        st = problem(out, err, JX_DB_STUB " lists no report database");
    if (!st && stub && !passages)
        st = problem(out, err, JX_DB_STUB " lists no passage database");
    out->passages = passage_docs;
    if (!st && stub && sound && reports && passages)
        st = check_counts(db_path, full, report_docs, passage_docs, out, err);
    names_free(&ns);
    if (st)
        Jx_index_check_clear(out);
    return st;
}

/* Frees the problem lines. */
void Jx_index_check_clear(jx_index_check_result *r)
{
    for (size_t i = 0; i < r->n_problems; i++)
        free(r->problems[i]);
    free(r->problems);
    memset(r, 0, sizeof *r);
}

/* Runs the cheap checks (twice when they find a problem: a --status
 * that reads while an indexer merges its parts may see a part the
 * indexer has just removed and listed no more). */
jx_status Jx_index_refuse_damaged(const char *db_path, int quick, jx_status st,
                                  jx_error *err)
{
    jx_index_check_result r;
    jx_error e = {0};
    jx_status cst = JX_OK;
    for (int round = 0; round < 2; round++) {
        cst = Jx_index_check(db_path, quick ? -1 : 0, &r, &e);
        if (cst || r.n_problems == 0)
            break;
        if (round == 0)
            Jx_index_check_clear(&r);
    }
    if (cst == JX_ERR_NOMEM) /* err keeps the first failure's words */
        return st ? st : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (cst || r.n_problems == 0)
        return st;
    st = Jx_error_set(err, JX_ERR_DB_CORRUPT, "damaged: %s%s", r.problems[0],
                      r.n_problems > 1 ? " (and more: see --check)" : "");
    Jx_index_check_clear(&r);
    return st;
}
