/* test_dbcheck.c: unit tests of the database checks: Jx_db_probe and
 * Jx_db_check over a Xapian database cut short, Jx_check_db_folder over
 * the folders --db may be given, and Jx_index_check over a folder with
 * no database, a sound jixiao database and one whose stub lists a
 * missing part. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jx_index.h"
#include "jx_paths.h"
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

/* Makes a database at path with n documents, each with data and values
 * over many blocks; 0 on success. */
static int make_db(const char *path, int n)
{
    jx_error err;
    jx_wdb *wdb = NULL;
    if (Jx_wdb_open(path, JX_WDB_OVERWRITE, &wdb, &err))
        return -1;
    char text[600];
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    int bad = 0;
    for (int i = 0; !bad && i < n; i++) {
        jx_doc *doc = NULL;
        char term[32];
        snprintf(term, sizeof term, "Q%d", i);
        bad = Jx_doc_new(&doc, &err) ||
              Jx_doc_add_term(doc, term, strlen(term), 1, &err) ||
              Jx_doc_set_value(doc, 8, text, strlen(text), &err) ||
              Jx_doc_set_data(doc, term, strlen(term), &err) ||
              Jx_wdb_add(wdb, doc, NULL, &err);
        Jx_doc_destroy(doc);
    }
    bad = bad || Jx_wdb_commit(wdb, &err);
    Jx_wdb_close(wdb);
    return bad ? -1 : 0;
}

/* Jx_db_probe and Jx_db_check on a sound database and on one whose
 * postlist table lost its last block. */
static void test_probe(void)
{
    char p[128], table[160];
    jx_error err = {0};
    unsigned long docs = 0, errors = 0;
    char *first = NULL;
    tpath(p, sizeof p, "probe");
    CHECK_INT(make_db(p, 400), 0, "a database to probe");
    CHECK_INT(Jx_db_probe(p, &docs, &err), JX_OK, "a sound one probes");
    CHECK_INT(docs, 400, "the probe counts its documents");
    CHECK_INT(Jx_db_check(p, &errors, &first, &err), JX_OK,
              "a sound one is checked");
    CHECK_INT(errors, 0, "no errors in a sound one");
    CHECK_STR(first, "", "no error line for a sound one");
    free(first);
    first = NULL;

    snprintf(table, sizeof table, "%s/postlist.glass", p);
    struct stat sb;
    CHECK_INT(stat(table, &sb), 0, "its postlist table is there");
    CHECK_INT(truncate(table, sb.st_size - 8192), 0, "cut by a block");
    jx_status st = Jx_db_probe(p, &docs, &err);
    CHECK(st != JX_OK, "a cut table fails the probe", "status %d", st);
    CHECK(strstr(err.message, "Jx_db_probe") == NULL &&
              strstr(err.message, "Error") != NULL,
          "the probe says Xapian's words alone", "message \"%s\"",
          err.message);
    st = Jx_db_check(p, &errors, &first, &err);
    CHECK(st != JX_OK || errors > 0, "a cut table fails the check",
          "status %d, %lu errors", st, errors);
    free(first);

    tpath(p, sizeof p, "nothing-here");
    CHECK_INT(Jx_db_probe(p, &docs, &err), JX_ERR_DB_NOT_FOUND,
              "no database: not found");
}

/* Jx_check_db_folder on each kind of folder --db may name. */
static void test_db_folder(void)
{
    char p[128], f[160];
    jx_error err = {0};
    CHECK_INT(Jx_check_db_folder(tpath(p, sizeof p, "absent"), &err), JX_OK,
              "an absent folder may become a database");
    mkdir(tpath(p, sizeof p, "empty"), 0777);
    CHECK_INT(Jx_check_db_folder(p, &err), JX_OK,
              "an empty folder may become a database");
    mkdir(tpath(p, sizeof p, "reports"), 0777);
    const char *names[] = {"d.txt", "b.txt", "e.txt", "a.txt", "c.txt"};
    for (int i = 0; i < 5; i++) {
        snprintf(f, sizeof f, "%s/%s", p, names[i]);
        write_file(f, "报告\n");
    }
    CHECK_INT(Jx_check_db_folder(p, &err), JX_ERR_ARG,
              "a folder of reports may not");
    CHECK_STR(err.message,
              "not a jixiao database and not empty (holds a.txt, b.txt, "
              "c.txt, ...)",
              "the first three names, then ...");
    snprintf(f, sizeof f, "%s/XAPIANDB", p);
    write_file(f, "auto reports\nauto passages-1\n");
    CHECK_INT(Jx_check_db_folder(p, &err), JX_OK,
              "a database with files beside it is one");
    CHECK_INT(Jx_check_db_folder(f, &err), JX_ERR_ARG, "a file is not one");
}

/* Jx_index_check on a folder without a database and on a stub that
 * lists parts that are not there. */
static void test_index_check(void)
{
    char p[128], f[160];
    jx_error err = {0};
    jx_index_check_result r;
    CHECK_INT(Jx_index_check(tpath(p, sizeof p, "empty"), 0, &r, &err),
              JX_ERR_DB_NOT_FOUND, "an empty folder holds no database");
    CHECK_INT(Jx_index_check(tpath(p, sizeof p, "absent"), 1, &r, &err),
              JX_ERR_DB_NOT_FOUND, "an absent folder holds no database");
    mkdir(tpath(p, sizeof p, "stub-only"), 0777);
    snprintf(f, sizeof f, "%s/XAPIANDB", p);
    write_file(f, "auto reports\nauto passages-3\nremote x\n");
    CHECK_INT(Jx_index_check(p, 0, &r, &err), JX_OK,
              "a stub alone is checked");
    CHECK_INT(r.n_problems, 3, "three problems");
    if (r.n_problems == 3) {
        CHECK_STR(r.problems[0],
                  "XAPIANDB holds a line it should not: remote x",
                  "a line not ours");
        CHECK_STR(r.problems[1], "the report database reports is missing",
                  "the reports missing");
        CHECK_STR(r.problems[2], "passage part passages-3 is missing",
                  "the part missing");
    }
    Jx_index_check_clear(&r);
    CHECK_INT(Jx_index_refuse_damaged(p, 0, JX_OK, &err), JX_ERR_DB_CORRUPT,
              "refused as damaged");
    CHECK_STR(err.message,
              "damaged: XAPIANDB holds a line it should not: remote x (and "
              "more: see --check)",
              "the first problem, and that there are more");
}

int main(void)
{
    jx_test_name = "dbcheck";
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jx_test_dbcheck.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    test_probe();
    test_db_folder();
    test_index_check();
    nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    TEST_MAIN_END();
}
