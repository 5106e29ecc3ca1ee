/* test_xapian.c: unit tests of jx_xapian.h, the C API over Xapian: writing
 * and reading documents, queries, searches with collapse, sorting,
 * deciders and value counts, compaction, and the errors (missing, locked,
 * corrupt and modified databases, bad arguments). Databases live in a
 * mkdtemp directory under /tmp that is removed at the end. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jx_test.h"
#include "jx_xapian.h"

static char tmpdir[64];

/* Removes one file or directory met by nftw (depth first). */
static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Fills buf with tmpdir/name and returns it. */
static const char *tpath(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
    return buf;
}

/* Writes text into file path; 0 on success. */
static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* Builds a passage-like document: unique term Q<n>, text terms, a year
 * boolean term, values (sortable year in 1, dept text in 3, report key in
 * 0, "keep"/"drop" in 9) and data "doc <n>". */
static jx_doc *make_doc(int n, const char *words, int year, const char *dept,
                        const char *report)
{
    jx_error err;
    jx_doc *doc = NULL;
    char buf[64], sv[18];
    size_t svlen;
    if (Jx_doc_new(&doc, &err) != JX_OK)
        return NULL;
    snprintf(buf, sizeof buf, "Q%d", n);
    Jx_doc_add_boolean_term(doc, buf, strlen(buf), &err);
    snprintf(buf, sizeof buf, "XY%d", year);
    Jx_doc_add_boolean_term(doc, buf, strlen(buf), &err);
    for (const char *w = words; *w;) {
        size_t len = strcspn(w, " ");
        Jx_doc_add_term(doc, w, len, 1, &err);
        w += len;
        while (*w == ' ')
            w++;
    }
    svlen = Jx_sortable_serialise(year, sv);
    Jx_doc_set_value(doc, 1, sv, svlen, &err);
    Jx_doc_set_value(doc, 3, dept, strlen(dept), &err);
    Jx_doc_set_value(doc, 0, report, strlen(report), &err);
    Jx_doc_set_value(doc, 9, n % 2 ? "drop" : "keep", 4, &err);
    snprintf(buf, sizeof buf, "doc %d", n);
    Jx_doc_set_data(doc, buf, strlen(buf), &err);
    return doc;
}

/* Adds make_doc(...) to wdb; returns the status. */
static jx_status add(jx_wdb *wdb, int n, const char *words, int year,
                     const char *dept, const char *report)
{
    jx_error err;
    jx_doc *doc = make_doc(n, words, year, dept, report);
    jx_status st = doc ? Jx_wdb_add(wdb, doc, NULL, &err) : JX_ERR_NOMEM;
    Jx_doc_destroy(doc);
    return st;
}

/* The ten documents most tests search: years 2020..2024 twice, depts A/B,
 * reports r0..r2, text terms. Docids are 1..10. */
static int fill(jx_wdb *wdb)
{
    static const char *const words[10] = {"budget rate",
                                          "budget",
                                          "rate target",
                                          "budgetary plan",
                                          "budget budget rate",
                                          "plan",
                                          "target",
                                          "budgets rate",
                                          "rate",
                                          "plan target"};
    int bad = 0;
    for (int i = 1; i <= 10; i++) {
        char report[8];
        snprintf(report, sizeof report, "r%d", i % 3);
        bad |= add(wdb, i, words[i - 1], 2020 + (i - 1) % 5,
                   i <= 6 ? "A" : "B", report) != JX_OK;
    }
    return bad;
}

/* Appends each term and its frequency to a string ("t:f,"). */
struct collect {
    char buf[512];
    int count, stop_after;
};

static int collect_term(const char *term, size_t len, unsigned long freq,
                        void *ctx)
{
    struct collect *c = ctx;
    size_t used = strlen(c->buf);
    snprintf(c->buf + used, sizeof c->buf - used, "%.*s:%lu,", (int)len, term,
             freq);
    c->count++;
    return c->stop_after && c->count >= c->stop_after;
}

static int collect_docid(jx_docid id, void *ctx)
{
    struct collect *c = ctx;
    size_t used = strlen(c->buf);
    snprintf(c->buf + used, sizeof c->buf - used, "%u,", id);
    c->count++;
    return c->stop_after && c->count >= c->stop_after;
}

/* Runs q on db (all results, exact counts) and writes the docids in
 * result order into buf ("1,2,"); returns the match count. */
static long search_ids(jx_db *db, jx_query *q, char *buf, size_t size)
{
    jx_error err;
    jx_enquire *enq = NULL;
    jx_mset *ms = NULL;
    unsigned long lo, est, hi;
    buf[0] = '\0';
    if (Jx_enquire_new(db, &enq, &err) != JX_OK)
        return -1;
    if (Jx_enquire_set_query(enq, q, &err) != JX_OK ||
        Jx_enquire_mset(enq, 0, 100, 100, &ms, &err) != JX_OK) {
        Jx_enquire_destroy(enq);
        return -1;
    }
    for (unsigned i = 0; i < Jx_mset_size(ms); i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%u,", Jx_mset_docid(ms, i));
    }
    Jx_mset_matches(ms, &lo, &est, &hi);
    Jx_mset_destroy(ms);
    Jx_enquire_destroy(enq);
    return (long)est;
}

/* Sorts the comma-separated numbers of buf ascending, in place. */
static int cmp_uint(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

static void sort_ids(char *buf, size_t size)
{
    unsigned ids[128];
    size_t n = 0;
    for (char *p = buf; *p && n < 128;) {
        ids[n++] = (unsigned)strtoul(p, &p, 10);
        if (*p == ',')
            p++;
    }
    qsort(ids, n, sizeof ids[0], cmp_uint);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%u,", ids[i]);
    }
}

/* A term query, or NULL. */
static jx_query *qterm(const char *t)
{
    jx_error err;
    jx_query *q = NULL;
    Jx_query_term(t, strlen(t), 1, &q, &err);
    return q;
}

/* ---- Tests ------------------------------------------------------------ */

/* A database given twice, under its name or another, is refused with a
 * message naming both; two different databases open as one. */
static void test_open_twice(const char *path)
{
    jx_error err;
    jx_db *db = NULL;
    char other[192], alias[192];
    Jx_error_clear(&err);
    snprintf(alias, sizeof alias, "%s/.", path);
    const char *same[2] = {path, alias};
    jx_status st = Jx_db_open(same, 2, &db, &err);
    CHECK(st == JX_ERR_ARG && db == NULL &&
              strstr(err.message, "the same database as") &&
              strstr(err.message, alias) == err.message,
          "a database given twice is refused", "status %d message \"%s\"", st,
          err.message);
    jx_wdb *wdb = NULL;
    tpath(other, sizeof other, "twice-other");
    CHECK_INT(Jx_wdb_open(other, 0, &wdb, &err), JX_OK, "open other");
    Jx_wdb_commit(wdb, &err);
    Jx_wdb_close(wdb);
    const char *two[2] = {path, other};
    CHECK_INT(Jx_db_open(two, 2, &db, &err), JX_OK,
              "two different databases open");
    Jx_db_close(db);
}

static void test_open_errors(void)
{
    jx_error err;
    jx_db *db = NULL;
    jx_wdb *wdb = NULL;
    char p[128], q[192];
    const char *paths[1];
    jx_status st;

    Jx_error_clear(&err);
    paths[0] = tpath(p, sizeof p, "missing");
    st = Jx_db_open(paths, 1, &db, &err);
    CHECK_INT(st, JX_ERR_DB_NOT_FOUND, "missing path is not found");
    CHECK(db == NULL && err.status == JX_ERR_DB_NOT_FOUND &&
              strstr(err.message, "missing") != NULL,
          "missing path message", "status %d message \"%s\"", err.status,
          err.message);

    mkdir(tpath(p, sizeof p, "empty"), 0700);
    paths[0] = p;
    st = Jx_db_open(paths, 1, &db, &err);
    CHECK_INT(st, JX_ERR_DB_NOT_FOUND, "empty directory is not found");

    st = Jx_db_open(paths, 0, &db, &err);
    CHECK_INT(st, JX_ERR_ARG, "open of no database is a bad argument");

    /* A directory that claims to be glass but holds junk. */
    mkdir(tpath(p, sizeof p, "junkdir"), 0700);
    snprintf(q, sizeof q, "%s/iamglass", p);
    write_file(q, "this is not a glass version file\n");
    snprintf(q, sizeof q, "%s/postlist.glass", p);
    write_file(q, "junk junk junk");
    snprintf(q, sizeof q, "%s/record.glass", p);
    write_file(q, "junk");
    paths[0] = p;
    st = Jx_db_open(paths, 1, &db, &err);
    CHECK(st == JX_ERR_DB_CORRUPT || st == JX_ERR_DB, "junk glass directory",
          "status %d (%s)", st, err.message);
    CHECK(db == NULL && err.message[0], "junk glass directory message",
          "no message");
    printf("# junk glass directory: %s\n", err.message);
    st = Jx_wdb_open(p, 0, &wdb, &err);
    CHECK(st == JX_ERR_DB_CORRUPT || st == JX_ERR_DB,
          "junk glass directory for writing", "status %d (%s)", st,
          err.message);
    Jx_wdb_close(wdb);
    wdb = NULL;

    /* A regular file with junk (Xapian reads it as a stub file). */
    write_file(tpath(p, sizeof p, "junkfile"), "\x01\x02 garbage\nmore\n");
    paths[0] = p;
    st = Jx_db_open(paths, 1, &db, &err);
    CHECK(st != JX_OK && db == NULL && err.message[0], "junk regular file",
          "status %d (%s)", st, err.message);
    printf("# junk regular file: %d %s\n", st, err.message);

    /* A writer whose parent directory is missing cannot create it. */
    st = Jx_wdb_open(tpath(p, sizeof p, "no/such/dir"), 0, &wdb, &err);
    CHECK(st != JX_OK && wdb == NULL, "writer under a missing directory",
          "status %d", st);
}

static void test_lock(void)
{
    jx_error err;
    jx_wdb *w1 = NULL, *w2 = NULL;
    char p[128];
    jx_status st;

    tpath(p, sizeof p, "locked");
    st = Jx_wdb_open(p, 0, &w1, &err);
    CHECK_INT(st, JX_OK, "first writer opens");
    st = Jx_wdb_open(p, 0, &w2, &err);
    CHECK_INT(st, JX_ERR_DB_LOCKED, "second writer in the process is locked");
    CHECK(w2 == NULL && strstr(err.message, "another process") != NULL,
          "lock message names another process", "message \"%s\"", err.message);
    Jx_wdb_close(w1);
    st = Jx_wdb_open(p, 0, &w2, &err);
    CHECK_INT(st, JX_OK, "writer opens after the first closed");
    Jx_wdb_close(w2);
}

static void test_write_read(void)
{
    jx_error err;
    jx_wdb *wdb = NULL;
    jx_db *db = NULL;
    jx_doc *doc = NULL;
    char p[128];
    const char *paths[1];
    unsigned long n = 0;
    struct collect c;
    const char *s;
    size_t len;
    jx_docid id = 0;

    tpath(p, sizeof p, "rw");
    CHECK_INT(Jx_wdb_open(p, JX_WDB_OVERWRITE, &wdb, &err), JX_OK,
              "create database");
    CHECK_INT(fill(wdb), 0, "add ten documents");
    doc = make_doc(11, "extra", 2030, "C", "r9");
    CHECK_INT(Jx_wdb_add(wdb, doc, &id, &err), JX_OK, "add with docid");
    CHECK_INT(id, 11, "docid of the eleventh");
    Jx_doc_destroy(doc);
    Jx_wdb_delete(wdb, "Q11", 3, &err);
    CHECK_INT(Jx_wdb_set_metadata(wdb, "jixiao.schema", "1", &err), JX_OK,
              "set metadata");
    CHECK(Jx_wdb_set_metadata(wdb, "", "x", &err) != JX_OK,
          "empty metadata key fails", "accepted");
    printf("# empty metadata key: %d %s\n", err.status, err.message);
    CHECK_INT(Jx_wdb_commit(wdb, &err), JX_OK, "commit");
    Jx_wdb_close(wdb);

    paths[0] = p;
    CHECK_INT(Jx_db_open(paths, 1, &db, &err), JX_OK, "open reader");
    Jx_db_doccount(db, &n, &err);
    CHECK_INT(n, 10, "doccount");
    Jx_db_termfreq(db, "budget", 6, &n, &err);
    CHECK_INT(n, 3, "termfreq budget");
    Jx_db_termfreq(db, "nope", 4, &n, &err);
    CHECK_INT(n, 0, "termfreq of an absent term");

    memset(&c, 0, sizeof c);
    CHECK_INT(Jx_db_each_term(db, "XY", 2, collect_term, &c, &err), JX_OK,
              "each_term XY");
    CHECK_STR(c.buf, "XY2020:2,XY2021:2,XY2022:2,XY2023:2,XY2024:2,",
              "each_term lists year terms in order with freqs");
    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    Jx_db_each_term(db, "budget", 6, collect_term, &c, &err);
    CHECK_STR(c.buf, "budget:3,budgetary:1,", "each_term stops on non-zero");

    memset(&c, 0, sizeof c);
    CHECK_INT(Jx_db_each_posting(db, "rate", 4, collect_docid, &c, &err),
              JX_OK, "each_posting");
    CHECK_STR(c.buf, "1,3,5,8,9,", "postings of rate ascending");
    memset(&c, 0, sizeof c);
    Jx_db_each_posting(db, "Q11", 3, collect_docid, &c, &err);
    CHECK_STR(c.buf, "", "deleted document has no postings");

    CHECK_INT(Jx_db_document(db, 3, &doc, &err), JX_OK, "read document 3");
    Jx_doc_data(doc, &s, &len, &err);
    CHECK(len == 5 && memcmp(s, "doc 3", 5) == 0, "document data", "got %.*s",
          (int)len, s);
    Jx_doc_value(doc, 3, &s, &len, &err);
    CHECK(len == 1 && s[0] == 'A', "document value", "got %.*s", (int)len, s);
    Jx_doc_value(doc, 1, &s, &len, &err);
    CHECK(Jx_sortable_unserialise(s, len) == 2022.0, "sortable value",
          "got %g", Jx_sortable_unserialise(s, len));
    Jx_doc_value(doc, 42, &s, &len, &err);
    CHECK_INT(len, 0, "unset value is empty");
    memset(&c, 0, sizeof c);
    Jx_doc_each_term(doc, "XY", 2, collect_term, &c, &err);
    CHECK_STR(c.buf, "XY2022:2,", "document terms by prefix, termfreq");
    memset(&c, 0, sizeof c);
    Jx_doc_each_term(doc, "", 0, collect_term, &c, &err);
    CHECK_INT(c.count, 4, "all terms of document 3");
    Jx_doc_destroy(doc);
    CHECK(Jx_db_document(db, 99, &doc, &err) != JX_OK && doc == NULL,
          "absent document fails", "status %d", err.status);
    printf("# absent document: %d %s\n", err.status, err.message);

    {
        char *meta = NULL;
        CHECK_INT(Jx_db_get_metadata(db, "jixiao.schema", &meta, &err), JX_OK,
                  "get metadata");
        CHECK_STR(meta, "1", "metadata value");
        free(meta);
        Jx_db_get_metadata(db, "unset", &meta, &err);
        CHECK_STR(meta, "", "unset metadata is empty");
        free(meta);
    }
    Jx_db_close(db);
}

static void test_replace_and_transactions(void)
{
    jx_error err;
    jx_wdb *wdb = NULL;
    jx_db *db = NULL;
    jx_doc *doc = NULL;
    char p[128];
    const char *paths[1];
    unsigned long n = 0;
    const char *s;
    size_t len;

    tpath(p, sizeof p, "txn");
    Jx_wdb_open(p, 0, &wdb, &err);
    fill(wdb);
    Jx_wdb_commit(wdb, &err);

    /* Replace document 2 by its unique term; add Q99 through replace. */
    doc = make_doc(2, "replaced", 1999, "Z", "r7");
    CHECK_INT(Jx_wdb_replace(wdb, "Q2", 2, doc, &err), JX_OK, "replace");
    Jx_doc_destroy(doc);
    doc = make_doc(99, "new", 1999, "Z", "r7");
    CHECK_INT(Jx_wdb_replace(wdb, "Q99", 3, doc, &err), JX_OK,
              "replace of an absent term adds");
    Jx_doc_destroy(doc);
    CHECK_INT(Jx_wdb_delete(wdb, "XY2020", 6, &err), JX_OK, "delete by term");
    Jx_db_doccount(Jx_wdb_reader(wdb), &n, &err);
    CHECK_INT(n, 9, "the writer's reader sees uncommitted changes");
    CHECK_INT(Jx_db_reopen(Jx_wdb_reader(wdb), &err), JX_OK,
              "reopen of a writer's reader is a no-op");
    Jx_wdb_commit(wdb, &err);

    /* Uncommitted changes vanish at close. */
    add(wdb, 50, "ghost", 2000, "G", "rg");
    Jx_wdb_delete(wdb, "Q3", 2, &err);
    Jx_wdb_set_metadata(wdb, "ghost", "boo", &err);
    Jx_wdb_close(wdb);

    paths[0] = p;
    Jx_db_open(paths, 1, &db, &err);
    Jx_db_doccount(db, &n, &err);
    CHECK_INT(n, 9, "committed changes survive, uncommitted ones vanish");
    Jx_db_termfreq(db, "ghost", 5, &n, &err);
    CHECK_INT(n, 0, "uncommitted add vanished");
    Jx_db_termfreq(db, "Q3", 2, &n, &err);
    CHECK_INT(n, 1, "uncommitted delete vanished");
    Jx_db_termfreq(db, "XY2020", 6, &n, &err);
    CHECK_INT(n, 0, "committed delete by term");
    Jx_db_termfreq(db, "Q99", 3, &n, &err);
    CHECK_INT(n, 1, "replace added Q99");
    {
        char *meta = NULL;
        Jx_db_get_metadata(db, "ghost", &meta, &err);
        CHECK_STR(meta, "", "uncommitted metadata vanished");
        free(meta);
    }
    Jx_db_document(db, 2, &doc, &err);
    Jx_doc_data(doc, &s, &len, &err);
    CHECK(len == 5 && memcmp(s, "doc 2", 5) == 0, "replaced document data",
          "got %.*s", (int)len, s);
    Jx_doc_value(doc, 3, &s, &len, &err);
    CHECK(len == 1 && s[0] == 'Z', "replaced document value", "got %.*s",
          (int)len, s);
    Jx_doc_destroy(doc);

    /* A commit becomes visible to a reader after reopen. */
    Jx_wdb_open(p, 0, &wdb, &err);
    add(wdb, 60, "later", 2001, "L", "rl");
    Jx_wdb_commit(wdb, &err);
    Jx_db_doccount(db, &n, &err);
    CHECK_INT(n, 9, "an open reader keeps its revision");
    CHECK_INT(Jx_db_reopen(db, &err), JX_OK, "reopen");
    Jx_db_doccount(db, &n, &err);
    CHECK_INT(n, 10, "reopened reader sees the commit");
    Jx_wdb_close(wdb);
    Jx_db_close(db);
}

static void test_no_termlist(void)
{
    jx_error err;
    jx_wdb *wdb = NULL;
    char p[128];
    unsigned long n = 0;

    tpath(p, sizeof p, "notermlist");
    CHECK_INT(Jx_wdb_open(p, JX_WDB_NO_TERMLIST | JX_WDB_NO_SYNC, &wdb, &err),
              JX_OK, "open with no termlist and no sync");
    fill(wdb);
    CHECK_INT(Jx_wdb_commit(wdb, &err), JX_OK, "commit without termlist");
    Jx_db_doccount(Jx_wdb_reader(wdb), &n, &err);
    CHECK_INT(n, 10, "documents without termlist");
    Jx_db_close(Jx_wdb_reader(wdb)); /* misuse, but harmless */
    CHECK_INT(Jx_db_doccount(Jx_wdb_reader(wdb), &n, &err), JX_OK,
              "closing a writer's reader is ignored");
    Jx_wdb_close(wdb);
}

static void test_queries(jx_db *db)
{
    jx_error err;
    jx_query *q = NULL, *subs[3] = {NULL, NULL, NULL};
    char ids[256], lo[18], hi[18];
    size_t lolen, hilen;
    char *desc;
    long n;

    CHECK_INT(Jx_query_combine(JX_QUERY_AND, subs, 0, &q, &err), JX_ERR_ARG,
              "combine of nothing is a bad argument");
    CHECK(q == NULL && err.message[0], "combine of nothing message",
          "no message");
    CHECK_INT(Jx_query_term("", 0, 1, &q, &err), JX_ERR_ARG,
              "empty term query is a bad argument");
    CHECK_INT(Jx_query_prefix("", 0, &q, &err), JX_ERR_ARG,
              "empty prefix query is a bad argument");

    q = qterm("budget");
    n = search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "1,2,5,", "term query");
    CHECK_INT(n, 3, "term query count");
    Jx_query_destroy(q);

    CHECK_INT(Jx_query_prefix("budget", 6, &q, &err), JX_OK, "prefix query");
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "1,2,4,5,8,", "prefix query matches budget*");
    desc = Jx_query_describe(q);
    CHECK(desc && strstr(desc, "WILDCARD") && strstr(desc, "SYNONYM"),
          "prefix query describes as a wildcard synonym", "got %s",
          desc ? desc : "(null)");
    free(desc);
    Jx_query_destroy(q);

    subs[0] = qterm("rate");
    subs[1] = qterm("target");
    subs[2] = qterm("plan");
    Jx_query_combine(JX_QUERY_AND, subs, 2, &q, &err);
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "3,", "AND");
    Jx_query_destroy(q);
    Jx_query_combine(JX_QUERY_OR, subs, 2, &q, &err);
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "1,3,5,7,8,9,10,", "OR");
    Jx_query_destroy(q);
    Jx_query_combine(JX_QUERY_AND_NOT, subs, 3, &q, &err);
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "1,5,8,9,", "AND_NOT takes the first minus the rest");
    Jx_query_destroy(q);
    Jx_query_combine(JX_QUERY_AND_NOT, subs, 1, &q, &err);
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "1,3,5,8,9,", "AND_NOT of one is the first");
    Jx_query_destroy(q);
    Jx_query_destroy(subs[1]);
    Jx_query_destroy(subs[2]);

    /* FILTER: rate, kept where year >= 2022 and the dept is A. */
    lolen = Jx_sortable_serialise(2022, lo);
    Jx_query_value_range(1, lo, lolen, NULL, 0, &subs[1], &err);
    subs[2] = qterm("XY2022");
    Jx_query_combine(JX_QUERY_FILTER, subs, 2, &q, &err);
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "3,5,8,9,", "FILTER by value >= 2022");
    Jx_query_destroy(q);
    Jx_query_combine(JX_QUERY_FILTER, subs, 3, &q, &err);
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "3,8,", "FILTER by the AND of the rest");
    Jx_query_destroy(q);
    Jx_query_combine(JX_QUERY_FILTER, subs, 1, &q, &err);
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "1,3,5,8,9,", "FILTER of one is the first");
    Jx_query_destroy(q);
    {
        /* A filter does not change the weights of the first. */
        jx_enquire *enq = NULL;
        jx_mset *ms = NULL;
        double w_plain, w_filtered;
        Jx_enquire_new(db, &enq, &err);
        Jx_enquire_set_query(enq, subs[0], &err);
        Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
        w_plain = Jx_mset_weight(ms, 0);
        Jx_mset_destroy(ms);
        Jx_query_combine(JX_QUERY_FILTER, subs, 2, &q, &err);
        Jx_enquire_set_query(enq, q, &err);
        Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
        w_filtered = Jx_mset_weight(ms, 0);
        CHECK(w_plain > 0 && w_filtered > 0, "FILTER keeps weights", "%g %g",
              w_plain, w_filtered);
        Jx_mset_destroy(ms);
        Jx_query_destroy(q);
        Jx_enquire_destroy(enq);
    }
    Jx_query_destroy(subs[0]);
    Jx_query_destroy(subs[1]);
    Jx_query_destroy(subs[2]);

    /* Value ranges: both ends, one end, none. */
    lolen = Jx_sortable_serialise(2021, lo);
    hilen = Jx_sortable_serialise(2022, hi);
    Jx_query_value_range(1, lo, lolen, hi, hilen, &q, &err);
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "2,3,7,8,", "value range 2021..2022");
    Jx_query_destroy(q);
    Jx_query_value_range(1, NULL, 0, hi, hilen, &q, &err);
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "1,2,3,6,7,8,", "value <= 2022");
    Jx_query_destroy(q);
    Jx_query_value_range(3, "B", 1, NULL, 0, &q, &err);
    search_ids(db, q, ids, sizeof ids);
    sort_ids(ids, sizeof ids);
    CHECK_STR(ids, "7,8,9,10,", "text value >= B");
    Jx_query_destroy(q);
    Jx_query_value_range(1, NULL, 0, NULL, 0, &q, &err);
    n = search_ids(db, q, ids, sizeof ids);
    CHECK_INT(n, 10, "open value range matches all");
    Jx_query_destroy(q);

    Jx_query_match_all(&q, &err);
    CHECK_INT(search_ids(db, q, ids, sizeof ids), 10, "match all");
    Jx_query_destroy(q);
    Jx_query_match_nothing(&q, &err);
    CHECK_INT(search_ids(db, q, ids, sizeof ids), 0, "match nothing");
    Jx_query_destroy(q);

    /* Scale: 0 makes it boolean; negative is refused. */
    subs[0] = qterm("budget");
    CHECK_INT(Jx_query_scale(subs[0], 0.0, &q, &err), JX_OK, "scale by 0");
    {
        jx_enquire *enq = NULL;
        jx_mset *ms = NULL;
        Jx_enquire_new(db, &enq, &err);
        Jx_enquire_set_query(enq, q, &err);
        Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
        CHECK(Jx_mset_size(ms) == 3 && Jx_mset_weight(ms, 0) == 0.0,
              "scaled by 0 matches with weight 0", "size %u weight %g",
              Jx_mset_size(ms), Jx_mset_weight(ms, 0));
        Jx_mset_destroy(ms);
        Jx_enquire_destroy(enq);
    }
    Jx_query_destroy(q);
    CHECK(Jx_query_scale(subs[0], -1.0, &q, &err) != JX_OK && q == NULL,
          "negative scale fails", "accepted");
    printf("# negative scale: %d %s\n", err.status, err.message);
    Jx_query_destroy(subs[0]);
}

/* A decider keeping the documents whose value 9 is "keep" (even ids). */
struct decider_ctx {
    int calls, kept;
};

static int keep_even(jx_doc *doc, void *ctx)
{
    struct decider_ctx *d = ctx;
    const char *v;
    size_t len;
    jx_error err;
    d->calls++;
    if (Jx_doc_value(doc, 9, &v, &len, &err) != JX_OK)
        return 0;
    if (len == 4 && memcmp(v, "keep", 4) == 0) {
        d->kept++;
        return 1;
    }
    return 0;
}

static void test_search(jx_db *db)
{
    jx_error err;
    jx_enquire *enq = NULL;
    jx_mset *ms = NULL;
    jx_query *q = NULL;
    jx_value_counts *vc = NULL, *vc2 = NULL;
    unsigned long lo, est, hi, docs, distinct, total;
    const char *v;
    size_t len;
    char buf[256];
    struct decider_ctx dctx = {0, 0};

    Jx_query_match_all(&q, &err);
    CHECK_INT(Jx_enquire_new(db, &enq, &err), JX_OK, "enquire");
    Jx_enquire_set_query(enq, q, &err);

    /* Sort by year descending. */
    CHECK_INT(Jx_enquire_sort_by_value(enq, 1, 1, &err), JX_OK,
              "sort by value");
    Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
    {
        int ok = Jx_mset_size(ms) == 10;
        double prev = 1e9;
        for (unsigned i = 0; i < Jx_mset_size(ms); i++) {
            jx_doc *doc = NULL;
            Jx_mset_document(ms, i, &doc, &err);
            Jx_doc_value(doc, 1, &v, &len, &err);
            double y = Jx_sortable_unserialise(v, len);
            ok &= y <= prev;
            prev = y;
            Jx_doc_destroy(doc);
        }
        CHECK(ok && Jx_mset_docid(ms, 0) == 5 && Jx_mset_docid(ms, 1) == 10,
              "sorted by year descending", "first %u, %u",
              Jx_mset_docid(ms, 0), Jx_mset_docid(ms, 1));
    }
    Jx_mset_destroy(ms);
    Jx_enquire_sort_by_value(enq, 1, 0, &err);
    Jx_enquire_mset(enq, 0, 2, 10, &ms, &err);
    CHECK(Jx_mset_docid(ms, 0) == 1 && Jx_mset_docid(ms, 1) == 6,
          "sorted by year ascending", "first %u, %u", Jx_mset_docid(ms, 0),
          Jx_mset_docid(ms, 1));
    {
        jx_doc *doc = NULL;
        CHECK_INT(Jx_mset_document(ms, 5, &doc, &err), JX_ERR_ARG,
                  "mset document out of range");
        CHECK(Jx_mset_docid(ms, 5) == 0 && Jx_mset_collapse_count(ms, 5) == 0,
              "mset accessors out of range", "not zero");
    }
    Jx_mset_destroy(ms);
    Jx_enquire_sort_by_relevance(enq, &err);

    /* Collapse on the report key (slot 0: r1 x4, r2 x3, r0 x3), max 2. */
    CHECK_INT(Jx_enquire_set_collapse(enq, 0, 2, &err), JX_OK, "collapse");
    Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
    {
        /* r1 has 4 documents, r0 and r2 have 3: 2, 1 and 1 dropped. Each
         * kept result reports the number dropped for its key. */
        static const unsigned long dropped[3] = {1, 2, 1};
        int per[3] = {0, 0, 0}, counts_ok = 1;
        for (unsigned i = 0; i < Jx_mset_size(ms); i++) {
            jx_doc *doc = NULL;
            Jx_mset_document(ms, i, &doc, &err);
            Jx_doc_value(doc, 0, &v, &len, &err);
            per[v[1] - '0']++;
            if (Jx_mset_collapse_count(ms, i) != dropped[v[1] - '0']) {
                printf("# result %u (r%c): collapse count %lu\n", i, v[1],
                       Jx_mset_collapse_count(ms, i));
                counts_ok = 0;
            }
            Jx_doc_destroy(doc);
        }
        CHECK(Jx_mset_size(ms) == 6 && per[0] == 2 && per[1] == 2 &&
                  per[2] == 2,
              "collapse keeps two per report", "size %u r0 %d r1 %d r2 %d",
              Jx_mset_size(ms), per[0], per[1], per[2]);
        CHECK(counts_ok, "collapse count is the number dropped for the key",
              "see above");
        Jx_mset_matches(ms, &lo, &est, &hi);
        CHECK(lo == 6 && est == 6 && hi == 6, "collapsed match counts",
              "%lu %lu %lu", lo, est, hi);
    }
    Jx_mset_destroy(ms);
    Jx_enquire_set_collapse(enq, 0, 0, &err);
    Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
    CHECK_INT(Jx_mset_size(ms), 10, "collapse max 0 turns it off");
    Jx_mset_destroy(ms);

    /* Value counts without a decider: dept (slot 3) with distinct years
     * (slot 1); A has docs 1..6 (years 2020..2024, 2020), B 7..10. */
    CHECK_INT(Jx_enquire_count_values(enq, 3, 1, &vc, &err), JX_OK,
              "count values");
    Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
    CHECK_INT(Jx_value_counts_size(vc), 2, "two departments counted");
    Jx_value_counts_get(vc, 0, &v, &len, &docs, &distinct);
    CHECK(len == 1 && v[0] == 'A' && docs == 6 && distinct == 5, "counts of A",
          "%.*s %lu %lu", (int)len, v, docs, distinct);
    Jx_value_counts_get(vc, 1, &v, &len, &docs, &distinct);
    CHECK(len == 1 && v[0] == 'B' && docs == 4 && distinct == 4, "counts of B",
          "%.*s %lu %lu", (int)len, v, docs, distinct);
    Jx_value_counts_get(vc, 2, &v, &len, &docs, &distinct);
    CHECK(len == 0 && docs == 0, "counts out of range", "not empty");
    Jx_mset_destroy(ms);
    Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
    Jx_value_counts_get(vc, 0, &v, &len, &docs, &distinct);
    CHECK_INT(docs, 6, "counts start afresh at each match");
    Jx_mset_destroy(ms);

    /* With a decider rejecting odd ids (half the documents), the spy must
     * count only accepted documents. */
    CHECK_INT(Jx_enquire_set_decider(enq, keep_even, &dctx, &err), JX_OK,
              "set decider");
    CHECK_INT(Jx_enquire_count_values(enq, 9, 9, &vc2, &err), JX_OK,
              "second counter");
    Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
    buf[0] = '\0';
    for (unsigned i = 0; i < Jx_mset_size(ms); i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, sizeof buf - used, "%u,", Jx_mset_docid(ms, i));
    }
    sort_ids(buf, sizeof buf);
    CHECK_STR(buf, "2,4,6,8,10,", "decider keeps even ids");
    CHECK(dctx.calls == 10 && dctx.kept == 5, "decider saw every candidate",
          "calls %d kept %d", dctx.calls, dctx.kept);
    Jx_mset_matches(ms, &lo, &est, &hi);
    CHECK(lo == 5 && est == 5 && hi == 5, "decided match counts",
          "%lu %lu %lu", lo, est, hi);
    total = 0;
    for (size_t i = 0; i < Jx_value_counts_size(vc); i++) {
        Jx_value_counts_get(vc, i, &v, &len, &docs, &distinct);
        total += docs;
    }
    CHECK_INT(total, 5, "spy counts only documents the decider accepted");
    Jx_value_counts_get(vc, 0, &v, &len, &docs, &distinct);
    CHECK(v[0] == 'A' && docs == 3 && distinct == 3, "decided counts of A",
          "%.*s %lu %lu", (int)len, v, docs, distinct);
    Jx_value_counts_get(vc, 1, &v, &len, &docs, &distinct);
    CHECK(v[0] == 'B' && docs == 2 && distinct == 2, "decided counts of B",
          "%.*s %lu %lu", (int)len, v, docs, distinct);
    CHECK_INT(Jx_value_counts_size(vc2), 1, "spy never saw a dropped value");
    Jx_value_counts_get(vc2, 0, &v, &len, &docs, &distinct);
    CHECK(len == 4 && memcmp(v, "keep", 4) == 0 && docs == 5,
          "only kept documents reached the spy", "%.*s %lu", (int)len, v,
          docs);
    Jx_mset_destroy(ms);

    /* Removing the decider brings the rest back. */
    Jx_enquire_set_decider(enq, NULL, NULL, &err);
    Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
    CHECK_INT(Jx_mset_size(ms), 10, "decider removed");
    Jx_mset_destroy(ms);
    Jx_query_destroy(q);

    /* BM25 parameters: valid ones rank, invalid ones are refused. */
    q = qterm("budget");
    Jx_enquire_set_query(enq, q, &err);
    CHECK_INT(Jx_enquire_set_bm25(enq, 1.2, 0, 1, 0.0, 0.5, &err), JX_OK,
              "set BM25");
    Jx_enquire_mset(enq, 0, 10, 10, &ms, &err);
    CHECK(Jx_mset_size(ms) == 3 && Jx_mset_docid(ms, 0) == 5 &&
              Jx_mset_weight(ms, 0) > Jx_mset_weight(ms, 2),
          "BM25 ranks the document with budget twice first", "first %u",
          Jx_mset_docid(ms, 0));
    Jx_mset_destroy(ms);
    /* Xapian clamps out-of-range BM25 parameters rather than refusing. */
    CHECK_INT(Jx_enquire_set_bm25(enq, -1, 0, 1, 0.5, 0.5, &err), JX_OK,
              "negative k1 is clamped, not refused");
    Jx_query_destroy(q);
    Jx_enquire_destroy(enq);
}

/* Runs "t" over db with keep_even, collapse on slot 0 (one per report)
 * when collapse is set, a count of slot 0 and check_at_least cal; puts
 * the passages the spy counted in *counted, the decider's calls in
 * *calls and the result ids, in order, in ids. */
static void ranked_run(jx_db *db, const jx_query *q, int collapse,
                       unsigned cal, unsigned long *counted, int *calls,
                       char *ids, size_t size)
{
    jx_error err;
    jx_enquire *enq = NULL;
    jx_mset *ms = NULL;
    jx_value_counts *vc = NULL;
    struct decider_ctx dctx = {0, 0};
    Jx_enquire_new(db, &enq, &err);
    Jx_enquire_set_query(enq, q, &err);
    Jx_enquire_set_decider(enq, keep_even, &dctx, &err);
    if (collapse)
        Jx_enquire_set_collapse(enq, 0, 1, &err);
    Jx_enquire_count_values(enq, 0, 0, &vc, &err);
    Jx_enquire_mset(enq, 0, 10, cal, &ms, &err);
    *counted = 0;
    for (size_t i = 0; i < Jx_value_counts_size(vc); i++) {
        const char *v;
        size_t len;
        unsigned long docs, distinct;
        Jx_value_counts_get(vc, i, &v, &len, &docs, &distinct);
        *counted += docs;
    }
    *calls = dctx.calls;
    ids[0] = '\0';
    for (unsigned i = 0; i < Jx_mset_size(ms); i++) {
        size_t used = strlen(ids);
        snprintf(ids + used, size - used, "%u,", Jx_mset_docid(ms, i));
    }
    Jx_mset_destroy(ms);
    Jx_enquire_destroy(enq);
}

/* What the search's count limit rests on: with a decider and collapse,
 * a match asked to look at cal documents lets the spy see at least cal
 * accepted ones when there are that many, and all of them when there
 * are fewer. And Jx_query_break_ties: 300 documents of the best weight
 * give the same ranking with it (equal weights in document order) while
 * the decider sees a fraction of them. */
static void test_check_at_least(void)
{
    jx_error err;
    jx_wdb *wdb = NULL;
    char p[128];
    tpath(p, sizeof p, "ties");
    CHECK_INT(Jx_wdb_open(p, 0, &wdb, &err), JX_OK, "open ties database");
    for (int n = 1; n <= 3000; n++) {
        char report[16];
        snprintf(report, sizeof report, "r%d", n / 7); /* 7 per report */
        add(wdb, n, n % 10 ? "t" : "t t u", 2020, "A", report);
    }
    Jx_wdb_commit(wdb, &err);
    Jx_wdb_close(wdb);
    jx_db *db = NULL;
    const char *paths[1] = {p};
    Jx_db_open(paths, 1, &db, &err);
    jx_query *q = NULL, *tied = NULL;
    Jx_query_term("t", 1, 1, &q, &err);
    CHECK(Jx_query_break_ties(NULL, &tied, &err) == JX_ERR_ARG && !tied,
          "break ties of nothing fails", "status %d", err.status);
    CHECK_INT(Jx_query_break_ties(q, &tied, &err), JX_OK, "break ties");

    static const unsigned cals[] = {1, 10, 100, 700, 1499, 1500, 1501, 3000};
    int ok_seen = 1, ok_all = 1;
    for (int collapse = 0; collapse < 2; collapse++)
        for (size_t i = 0; i < sizeof cals / sizeof *cals; i++) {
            unsigned long counted;
            int calls;
            char ids[256];
            ranked_run(db, q, collapse, cals[i], &counted, &calls, ids,
                       sizeof ids);
            /* 1,500 documents pass keep_even */
            if (cals[i] <= 1500 && counted < cals[i]) {
                printf("# collapse %d cal %u: spy saw %lu\n", collapse,
                       cals[i], counted);
                ok_seen = 0;
            }
            if (cals[i] > 1500 && counted != 1500) {
                printf("# collapse %d cal %u: spy saw %lu of 1500\n", collapse,
                       cals[i], counted);
                ok_all = 0;
            }
        }
    CHECK(ok_seen, "spy sees at least check_at_least accepted documents",
          "see above");
    CHECK(ok_all, "spy sees every accepted document below check_at_least",
          "see above");

    unsigned long counted, counted_tied;
    int calls, calls_tied;
    char ids[256], ids_tied[256];
    ranked_run(db, q, 1, 1, &counted, &calls, ids, sizeof ids);
    ranked_run(db, tied, 1, 1, &counted_tied, &calls_tied, ids_tied,
               sizeof ids_tied);
    CHECK_STR(ids_tied, ids, "ties broken: the same ranking");
    CHECK_STR(ids, "10,20,30,40,50,60,70,80,90,100,",
              "equal weights in document order");
    /* 300 documents tie at the best weight: without the tie breaker the
     * decider sees each of them */
    CHECK(calls >= 300 && calls_tied * 4 < calls,
          "ties broken: the decider sees a quarter of the ties or fewer",
          "%d calls with, %d without", calls_tied, calls);
    printf("# decider calls: %d with ties broken, %d without\n", calls_tied,
           calls);
    Jx_query_destroy(q);
    Jx_query_destroy(tied);
    Jx_db_close(db);
}

static void test_compact(void)
{
    jx_error err;
    jx_wdb *wdb = NULL;
    jx_db *db = NULL;
    char a[128], b[128], out[128], out2[128];
    const char *srcs[2];
    unsigned long n = 0;
    struct collect c;

    tpath(a, sizeof a, "shard-a");
    tpath(b, sizeof b, "shard-b");
    Jx_wdb_open(a, 0, &wdb, &err);
    add(wdb, 1, "alpha common", 2020, "A", "r1");
    add(wdb, 2, "beta common", 2021, "A", "r1");
    Jx_wdb_commit(wdb, &err);
    Jx_wdb_close(wdb);
    Jx_wdb_open(b, 0, &wdb, &err);
    add(wdb, 3, "gamma common", 2022, "B", "r2");
    Jx_wdb_commit(wdb, &err);
    Jx_wdb_close(wdb);

    srcs[0] = a;
    srcs[1] = b;
    /* Searched together, without compaction. */
    CHECK_INT(Jx_db_open(srcs, 2, &db, &err), JX_OK, "open two shards");
    Jx_db_termfreq(db, "common", 6, &n, &err);
    CHECK_INT(n, 3, "two shards searched as one");
    Jx_db_close(db);

    tpath(out, sizeof out, "compacted");
    CHECK_INT(Jx_compact(srcs, 2, out, 1, &err), JX_OK, "compact two");
    srcs[0] = out;
    Jx_db_open(srcs, 1, &db, &err);
    Jx_db_doccount(db, &n, &err);
    CHECK_INT(n, 3, "compacted doccount is the union");
    memset(&c, 0, sizeof c);
    Jx_db_each_posting(db, "common", 6, collect_docid, &c, &err);
    CHECK_STR(c.buf, "1,2,3,", "compacted postings");
    memset(&c, 0, sizeof c);
    Jx_db_each_term(db, "Q", 1, collect_term, &c, &err);
    CHECK_STR(c.buf, "Q1:1,Q2:1,Q3:1,", "compacted unique terms");
    Jx_db_close(db);

    /* Without renumbering, overlapping ids are an error, not a crash. */
    srcs[0] = a;
    tpath(out2, sizeof out2, "compacted2");
    CHECK(Jx_compact(srcs, 2, out2, 0, &err) != JX_OK,
          "compact keeping overlapping ids fails", "accepted");
    printf("# overlapping ids: %d %s\n", err.status, err.message);
    srcs[0] = tpath(out2, sizeof out2, "missing-shard");
    tpath(out, sizeof out, "compacted3");
    CHECK_INT(Jx_compact(srcs, 1, out, 1, &err), JX_ERR_DB_NOT_FOUND,
              "compact of a missing source");
    CHECK_INT(Jx_compact(srcs, 0, out, 1, &err), JX_ERR_ARG,
              "compact of nothing");
}

/* A decider that reads each document's data and keeps it. */
struct data_ctx {
    int calls;
    jx_status first_error;
};

static int read_data(jx_doc *doc, void *ctx)
{
    struct data_ctx *dc = ctx;
    const char *d;
    size_t len;
    jx_error err;
    jx_status st = Jx_doc_data(doc, &d, &len, &err);
    dc->calls++;
    if (st != JX_OK && dc->first_error == JX_OK)
        dc->first_error = st;
    return 1;
}

static void test_modified(void)
{
    jx_error err;
    jx_wdb *wdb = NULL;
    jx_db *db = NULL;
    char p[128], big[2048];
    const char *paths[1];
    jx_status st = JX_OK;
    int round;
    unsigned long n = 0;

    tpath(p, sizeof p, "modified");
    /* Incompressible data (Xapian compresses document data), so the
     * documents span many blocks. */
    srand(1);
    for (size_t i = 0; i < sizeof big - 1; i++)
        big[i] = (char)(33 + rand() % 90);
    big[sizeof big - 1] = '\0';
    Jx_wdb_open(p, JX_WDB_NO_SYNC, &wdb, &err);
    for (int i = 1; i <= 200; i++) {
        jx_doc *doc = make_doc(i, "alpha beta", 2020, "A", "r");
        Jx_doc_set_data(doc, big, sizeof big - 1, &err);
        Jx_wdb_add(wdb, doc, NULL, &err);
        Jx_doc_destroy(doc);
    }
    Jx_wdb_commit(wdb, &err);
    paths[0] = p;
    Jx_db_open(paths, 1, &db, &err);

    /* Rewrite every document and commit, again and again, until the old
     * revision's blocks are reused under the reader. */
    for (round = 0; round < 20 && st == JX_OK; round++) {
        for (int i = 1; i <= 200; i++) {
            char key[16];
            jx_doc *doc = make_doc(i, "gamma delta", 2021 + round, "B", "r");
            Jx_doc_set_data(doc, big, sizeof big - 1, &err);
            snprintf(key, sizeof key, "Q%d", i);
            Jx_wdb_replace(wdb, key, strlen(key), doc, &err);
            Jx_doc_destroy(doc);
        }
        Jx_wdb_commit(wdb, &err);
        for (jx_docid id = 1; id <= 200 && st == JX_OK; id += 7) {
            jx_doc *doc = NULL;
            const char *d;
            size_t len;
            st = Jx_db_document(db, id, &doc, &err);
            if (st == JX_OK)
                st = Jx_doc_data(doc, &d, &len, &err);
            Jx_doc_destroy(doc);
        }
        if (st == JX_OK) {
            jx_query *q = qterm("alpha");
            jx_enquire *enq = NULL;
            jx_mset *ms = NULL;
            Jx_enquire_new(db, &enq, &err);
            Jx_enquire_set_query(enq, q, &err);
            st = Jx_enquire_mset(enq, 0, 200, 200, &ms, &err);
            Jx_mset_destroy(ms);
            Jx_enquire_destroy(enq);
            Jx_query_destroy(q);
        }
    }
    printf("# reader after %d rewrites: %d %s\n", round, st,
           st ? err.message : "");
    CHECK_INT(st, JX_ERR_DB_MODIFIED, "reader of a rewritten database");
    CHECK(strstr(err.message, "DatabaseModifiedError") != NULL,
          "modified message names Xapian's error", "%s", err.message);
    {
        /* A decider whose reads fail makes the whole match fail with the
         * reads' error, not silently decide on nothing. */
        jx_query *q = NULL;
        jx_enquire *enq = NULL;
        jx_mset *ms = NULL;
        struct data_ctx dc = {0, JX_OK};
        Jx_query_match_all(&q, &err);
        Jx_enquire_new(db, &enq, &err);
        Jx_enquire_set_query(enq, q, &err);
        Jx_enquire_set_decider(enq, read_data, &dc, &err);
        st = Jx_enquire_mset(enq, 0, 10, 200, &ms, &err);
        printf("# decider on a modified reader: %d after %d calls (%d)\n", st,
               dc.calls, dc.first_error);
        CHECK_INT(st, JX_ERR_DB_MODIFIED,
                  "match fails when a decider's read "
                  "fails");
        CHECK(dc.first_error == JX_ERR_DB_MODIFIED,
              "the decider's own read failed first", "decider saw %d",
              dc.first_error);
        CHECK(ms == NULL, "no results from a failed match", "got some");
        Jx_enquire_destroy(enq);
        Jx_query_destroy(q);
    }
    CHECK_INT(Jx_db_reopen(db, &err), JX_OK, "reopen after modification");
    st = Jx_db_termfreq(db, "gamma", 5, &n, &err);
    CHECK(st == JX_OK && n == 200, "reopened reader reads the latest",
          "status %d n %lu", st, n);
    Jx_db_close(db);
    Jx_wdb_close(wdb);
}

static void test_misc(void)
{
    jx_error err;
    jx_doc *doc = NULL;
    char buf[18];
    const char *s;
    size_t len;
    struct collect c;

    /* NULL-safe frees and getters. */
    Jx_db_close(NULL);
    Jx_wdb_close(NULL);
    Jx_doc_destroy(NULL);
    Jx_query_destroy(NULL);
    Jx_enquire_destroy(NULL);
    Jx_mset_destroy(NULL);
    CHECK(Jx_wdb_reader(NULL) == NULL && Jx_mset_size(NULL) == 0 &&
              Jx_value_counts_size(NULL) == 0 &&
              Jx_query_describe(NULL) == NULL,
          "NULL handles are harmless", "not");
    CHECK_INT(Jx_db_doccount(NULL, NULL, &err), JX_ERR_ARG,
              "NULL database is a bad argument");
    CHECK_INT(Jx_enquire_mset(NULL, 0, 10, 0, NULL, NULL), JX_ERR_ARG,
              "NULL error record is allowed");

    /* Sortable numbers sort bytewise like numbers. */
    {
        char a[18], b[18];
        size_t la = Jx_sortable_serialise(-3.5, a);
        size_t lb = Jx_sortable_serialise(1e6, b);
        size_t lm = la < lb ? la : lb;
        int cmp = memcmp(a, b, lm);
        CHECK(la <= 18 && lb <= 18 && (cmp < 0 || (cmp == 0 && la < lb)),
              "sortable order", "la %zu lb %zu", la, lb);
        CHECK(Jx_sortable_unserialise(a, la) == -3.5 &&
                  Jx_sortable_unserialise(b, lb) == 1e6,
              "sortable round trip", "not");
        CHECK(Jx_sortable_serialise(0, buf) <= 18, "sortable zero", "long");
    }

    /* A document in memory: data and values read back; data stays valid. */
    Jx_doc_new(&doc, &err);
    Jx_doc_set_data(doc, "abc\0def", 7, &err);
    Jx_doc_data(doc, &s, &len, &err);
    CHECK(len == 7 && memcmp(s, "abc\0def", 7) == 0, "data with a NUL",
          "len %zu", len);
    Jx_doc_set_data(doc, "new", 3, &err);
    Jx_doc_data(doc, &s, &len, &err);
    CHECK(len == 3 && memcmp(s, "new", 3) == 0, "data set again reads anew",
          "len %zu", len);
    Jx_doc_set_value(doc, 2, "v", 1, &err);
    Jx_doc_value(doc, 2, &s, &len, &err);
    CHECK(len == 1 && s[0] == 'v', "value in memory", "len %zu", len);
    Jx_doc_add_term(doc, "XAone", 5, 2, &err);
    Jx_doc_add_term(doc, "XAtwo", 5, 1, &err);
    Jx_doc_add_term(doc, "plain", 5, 1, &err);
    memset(&c, 0, sizeof c);
    Jx_doc_each_term(doc, "XA", 2, collect_term, &c, &err);
    CHECK_STR(c.buf, "XAone:0,XAtwo:0,",
              "terms of a built document by prefix");
    CHECK_INT(Jx_doc_add_term(doc, "", 0, 1, &err), JX_ERR_ARG,
              "empty term refused");
    printf("# empty term: %s\n", err.message);
    Jx_doc_destroy(doc);
}

int main(void)
{
    jx_error err;
    jx_wdb *wdb = NULL;
    char p[128];

    jx_test_name = "xapian";
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jx_test_xapian.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }

    test_open_errors();
    test_lock();
    test_write_read();
    test_replace_and_transactions();
    test_no_termlist();

    tpath(p, sizeof p, "search");
    Jx_wdb_open(p, 0, &wdb, &err);
    fill(wdb);
    Jx_wdb_commit(wdb, &err);
    Jx_wdb_close(wdb);
    {
        jx_db *db = NULL;
        const char *paths[1] = {p};
        CHECK_INT(Jx_db_open(paths, 1, &db, &err), JX_OK,
                  "open search database");
        test_queries(db);
        test_search(db);
        Jx_db_close(db);
    }
    test_open_twice(p);
    test_check_at_least();
    test_compact();
    test_modified();
    test_misc();

    nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    TEST_MAIN_END();
}
