/* sqlite_fts5.c: the benchmark's SQLite peer. Indexes each passage
 * (non-blank line) of every report as a row of an FTS5 table with the
 * trigram tokenizer, the report's number in an unindexed column; a word
 * of three or more characters is searched with MATCH (a quoted phrase),
 * a shorter one with LIKE '%word%' (which the trigram index cannot
 * serve, so it scans), the words of a query joined by AND. The LIKE is
 * written "+text LIKE": SQLite 3.40 hands a plain "text LIKE" with a
 * pattern under three characters to FTS5, which then returns no rows.
 *
 * Usage: sqlite_fts5 index DBFILE ROOT LIST
 *        sqlite_fts5 optimize DBFILE
 *        sqlite_fts5 search DBFILE ROOT LIST QUERIES PREFIX [MAX_PER_CLASS]
 * Outputs as xapian_ngram.cc. */
#define _GNU_SOURCE
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

/* Exits with SQLite's message when rc is not ok. */
static void check(sqlite3 *db, int rc, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "sqlite_fts5: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

/* Indexes every report of the list into a new database file. */
static int do_index(const char *dbfile, const char *root, const char *list)
{
    size_t nfiles;
    char **files = bu_read_list(list, &nfiles);
    sqlite3 *db;
    remove(dbfile);
    check(NULL, sqlite3_open(dbfile, &db), dbfile);
    check(db, sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                               "CREATE VIRTUAL TABLE p USING fts5(text, rid UNINDEXED, tokenize='trigram');"
                               "BEGIN;", NULL, NULL, NULL), "create");
    sqlite3_stmt *ins;
    check(db, sqlite3_prepare_v2(db, "INSERT INTO p(text, rid) VALUES (?, ?)", -1, &ins, NULL), "prepare");
    unsigned long passages = 0;
    for (size_t f = 0; f < nfiles; f++) {
        size_t len, pos = 0, plen;
        const char *p;
        char *text = bu_read_file(root, files[f], &len);
        while (bu_next_passage(text, len, &pos, &p, &plen)) {
            sqlite3_bind_text(ins, 1, p, (int)plen, SQLITE_STATIC);
            sqlite3_bind_int(ins, 2, (int)f);
            check(db, sqlite3_step(ins), "insert");
            sqlite3_reset(ins);
            passages++;
        }
        free(text);
    }
    sqlite3_finalize(ins);
    check(db, sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL), "commit");
    sqlite3_close(db);
    printf("passages %lu\n", passages);
    return 0;
}

/* Merges the index's segments into one (FTS5's 'optimize'), then vacuums. */
static int do_optimize(const char *dbfile)
{
    sqlite3 *db;
    check(NULL, sqlite3_open(dbfile, &db), dbfile);
    check(db, sqlite3_exec(db, "INSERT INTO p(p) VALUES('optimize'); VACUUM;", NULL, NULL, NULL), "optimize");
    sqlite3_close(db);
    return 0;
}

/* Builds the SQL of a query into sql, binding words as parameters:
 * long words go into one MATCH expression, short ones into LIKEs. */
static void build_sql(const bu_query *q, int top, char *sql, size_t n, char match[600], char like[2][300],
                      int *nlike)
{
    int nmatch = 0;
    match[0] = 0;
    *nlike = 0;
    for (int w = 0; w < q->nwords; w++) {
        if (bu_chars(q->words[w]) >= 3) {
            /* a phrase; a '"' inside is doubled */
            size_t l = strlen(match);
            if (nmatch++) l += (size_t)sprintf(match + l, " AND ");
            match[l++] = '"';
            for (const char *c = q->words[w]; *c; c++) {
                if (*c == '"') match[l++] = '"';
                match[l++] = *c;
            }
            match[l++] = '"';
            match[l] = 0;
        } else {
            snprintf(like[*nlike], 300, "%%%s%%", q->words[w]);
            (*nlike)++;
        }
    }
    snprintf(sql, n, "SELECT %s FROM p WHERE %s%s%s%s%s%s", top ? "rid" : "DISTINCT rid",
             nmatch ? "p MATCH ?1" : "1", *nlike > 0 ? " AND +text LIKE ?2" : "", *nlike > 1 ? " AND +text LIKE ?3" : "",
             top && nmatch ? " ORDER BY rank" : "", top ? " LIMIT 10" : "", "");
}

/* Runs one query in one mode; writes the reports it returns to out and
 * returns how many rows there were. */
static long run(sqlite3 *db, const bu_query *q, int top, char **files, FILE *out)
{
    char sql[512], match[600], like[2][300];
    int nlike;
    build_sql(q, top, sql, sizeof sql, match, like, &nlike);
    sqlite3_stmt *st;
    check(db, sqlite3_prepare_v2(db, sql, -1, &st, NULL), sql);
    if (match[0]) sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    for (int k = 0; k < nlike; k++) sqlite3_bind_text(st, 2 + k, like[k], -1, SQLITE_STATIC);
    long rows = 0;
    int rc;
    char *seen = top ? calloc(1, 1 << 20) : NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int r = sqlite3_column_int(st, 0);
        rows++;
        if (seen && r < (1 << 20)) {
            if (seen[r]) continue;
            seen[r] = 1;
        }
        fprintf(out, "%s\t%s\n", q->id, files[r]);
    }
    check(db, rc, "step");
    sqlite3_finalize(st);
    free(seen);
    return rows;
}

/* Runs every wanted query twice (ten best passages; every matching
 * report) and writes the results and the time each took. */
static int do_search(const char *dbfile, const char *list, const char *queries, const char *prefix,
                     size_t max_per_class)
{
    size_t nfiles, nq;
    char **files = bu_read_list(list, &nfiles);
    bu_query *qs = bu_read_queries(queries, &nq);
    sqlite3 *db;
    check(NULL, sqlite3_open_v2(dbfile, &db, SQLITE_OPEN_READONLY, NULL), dbfile);
    bu_out o;
    bu_out_open(&o, prefix);
    for (size_t i = 0; i < nq; i++) {
        if (!bu_wanted(qs, i, max_per_class)) continue;
        double t0 = bu_now();
        long rows = run(db, &qs[i], 1, files, o.top10);
        double t1 = bu_now();
        fprintf(o.lat, "%s\ttop10\t%.6f\t%ld\n", qs[i].id, t1 - t0, rows);
        t0 = bu_now();
        rows = run(db, &qs[i], 0, files, o.count);
        t1 = bu_now();
        fprintf(o.lat, "%s\tcount\t%.6f\t%ld\n", qs[i].id, t1 - t0, rows);
    }
    bu_out_close(&o);
    sqlite3_close(db);
    return 0;
}

/* Dispatches on the first argument. */
int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "index")) return do_index(argv[2], argv[3], argv[4]);
    if (argc == 3 && !strcmp(argv[1], "optimize")) return do_optimize(argv[2]);
    if ((argc == 7 || argc == 8) && !strcmp(argv[1], "search"))
        return do_search(argv[2], argv[4], argv[5], argv[6], argc == 8 ? strtoul(argv[7], NULL, 10) : 0);
    fprintf(stderr, "usage: sqlite_fts5 index DBFILE ROOT LIST | optimize DBFILE | "
                    "search DBFILE ROOT LIST QUERIES PREFIX [MAX]\n");
    return 2;
}
