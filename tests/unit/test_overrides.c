/* test_overrides.c: unit tests of jx_overrides: manifests (RFC 4180 CSV
 * with BOM, CRLF, quotes, relative, absolute and symlinked paths, bad
 * rows and values with the exact file and line of each warning) and
 * sidecars (values, comments, bad lines, winning over the manifest, and
 * missing or unreadable files), applied to reports from Jx_report_parse
 * in a scratch folder. */
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jx_overrides.h"
#include "jx_test.h"

/* A tiny report for Jx_report_parse; its own fields do not matter. */
static const char TINY[] = "某单位项目支出绩效自评报告\n\n"
                           "一、项目基本情况\n"
                           "本项目年度预算资金共计一百万元。\n";

/* One warning as the callback saw it. */
typedef struct warning {
    char *file;
    unsigned line;
    char *why;
} warning;

/* Every warning of one call, in order. */
typedef struct warnings {
    warning items[64];
    size_t n;
} warnings;

/* The warn callback: keeps a copy of each warning in ctx (a warnings). */
static void collect(void *ctx, const char *file, unsigned line,
                    const char *why)
{
    warnings *ws = ctx;
    if (ws->n < sizeof ws->items / sizeof *ws->items) {
        warning *w = &ws->items[ws->n++];
        w->file = strdup(file);
        w->line = line;
        w->why = strdup(why);
    }
}

/* Frees the copies and empties the list. */
static void warnings_clear(warnings *ws)
{
    for (size_t i = 0; i < ws->n; i++) {
        free(ws->items[i].file);
        free(ws->items[i].why);
    }
    ws->n = 0;
}

/* Returns the first warning about line, or NULL. */
static const warning *warning_at(const warnings *ws, unsigned line)
{
    for (size_t i = 0; i < ws->n; i++)
        if (ws->items[i].line == line)
            return &ws->items[i];
    return NULL;
}

/* Checks that there is a warning about line in file whose text holds
 * each of the (up to two) given pieces. */
static void check_warning(const warnings *ws, const char *file, unsigned line,
                          const char *piece1, const char *piece2,
                          const char *name)
{
    const warning *w = warning_at(ws, line);
    CHECK(w != NULL, name, "no warning about line %u", line);
    if (!w)
        return;
    CHECK(strcmp(w->file, file) == 0 && strstr(w->why, piece1) &&
              (!piece2 || strstr(w->why, piece2)),
          name, "got %s:%u: %s", w->file, w->line, w->why);
}

/* Writes text to dir/name, building the path in path (PATH_MAX bytes). */
static void write_file(const char *dir, const char *name, const char *text,
                       char *path)
{
    snprintf(path, 4096, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
}

/* Writes a report file dir/name with some text. */
static void write_report(const char *dir, const char *name)
{
    char path[4096];
    write_file(dir, name, TINY, path);
}

/* Parses TINY into a new report; exits when that fails. */
static jx_report *new_report(void)
{
    jx_report *r = NULL;
    jx_error err;
    Jx_error_clear(&err);
    if (Jx_report_parse(TINY, strlen(TINY), NULL, &r, &err) != JX_OK) {
        fprintf(stderr, "Jx_report_parse: %s\n", err.message);
        exit(2);
    }
    return r;
}

/* Parses a new report and applies m's row for dir/name to it. */
static jx_report *applied(const jx_manifest *m, const char *dir,
                          const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    jx_report *r = new_report();
    jx_error err;
    Jx_error_clear(&err);
    jx_status st = Jx_manifest_apply(m, path, r, &err);
    CHECK_INT(st, JX_OK, "apply returns OK");
    if (st)
        printf("    %s: %s\n", path, err.message);
    return r;
}

/* Checks one field's value, source and evidence. */
static void check_field(const jx_report *r, jx_field_id id, const char *value,
                        jx_source source, const char *evidence,
                        const char *name)
{
    char label[160];
    const jx_field *f = &r->fields[id];
    snprintf(label, sizeof label, "%s: %s value", name, Jx_field_name(id));
    CHECK_STR(f->value, value, label);
    snprintf(label, sizeof label, "%s: %s source", name, Jx_field_name(id));
    CHECK_STR(Jx_source_name(f->source), Jx_source_name(source), label);
    snprintf(label, sizeof label, "%s: %s evidence", name, Jx_field_name(id));
    CHECK_STR(f->evidence, evidence, label);
}

/* Checks that a field was not set from the manifest. */
static void check_not_manifest(const jx_report *r, jx_field_id id,
                               const char *name)
{
    char label[160];
    snprintf(label, sizeof label, "%s: %s not from the manifest", name,
             Jx_field_name(id));
    CHECK(r->fields[id].source != JX_SOURCE_MANIFEST, label,
          "value \"%s\" from the manifest",
          r->fields[id].value ? r->fields[id].value : "(null)");
}

/* Removes one entry of the scratch folder (for nftw). */
static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    return remove(path);
}

/* The main manifest: BOM, CRLF, a header with odd spacing and case and an
 * unknown column, and one row for each case (see the line numbers). */
static void write_main_manifest(const char *dir, char *path)
{
    char text[8192];
    snprintf(text, sizeof text,
             "\xEF\xBB\xBF Path ,department,year,score,Grade,colour,title\r\n"
             "a.txt,某市财政局,2019,95.5,优,red,\r\n"  /* 2 */
             "reports/b.txt,某县教育局,2020,,,,\r\n"   /* 3 */
             "%s/c.txt,,2021,88,良好,,\r\n"            /* 4 */
             "nope.txt,某局,2019,,,,\r\n"              /* 5 */
             "d.txt,某区卫生健康委员会,20x1,90,,,\r\n" /* 6 */
             "e.txt,某区水务局,2018,101,,,\r\n"        /* 7 */
             "f.txt,,,,,,\"关于\"\"乡村振兴\"\"项目, 2019年度"
             "绩效自评报告\"\r\n"                              /* 8 */
             "g.txt,too,few\r\n"                               /* 9 */
             "h.txt,某局,2019,80,合格,\"两行\r\n的颜色\",\r\n" /* 10-11 */
             "\r\n"                                            /* 12 */
             "i.txt,某局,1800,70,优秀,,\r\n"                   /* 13 */
             "./j.txt,甲局,,,,,\r\n"                           /* 14 */
             "j.txt,乙局,,,,,\r\n"                             /* 15 */
             ",某局,2019,,,,\r\n"                              /* 16 */
             "reports,某局,,,,,\r\n"                           /* 17 */
             "k.txt,\"never closed,2019,,,,\r\n",              /* 18 */
             dir);
    write_file(dir, "manifest.csv", text, path);
}

/* Loading the main manifest: the exact warnings, with file and line. */
static void test_manifest_warnings(const char *dir, const char *mpath)
{
    warnings ws = {0};
    jx_manifest *m = NULL;
    jx_error err;
    jx_status st = Jx_manifest_load(mpath, collect, &ws, &m, &err);
    CHECK_INT(st, JX_OK, "manifest loads");
    CHECK(m != NULL, "manifest returned", "NULL manifest");
    CHECK_INT(ws.n, 10, "manifest warning count");
    for (size_t i = 0; i < ws.n; i++)
        printf("    warning %s:%u: %s\n", ws.items[i].file, ws.items[i].line,
               ws.items[i].why);
    check_warning(&ws, mpath, 1, "unknown column 'colour'", NULL,
                  "warn unknown column on line 1");
    check_warning(&ws, mpath, 5, "no such report 'nope.txt'", NULL,
                  "warn missing report on line 5");
    check_warning(&ws, mpath, 6, "year", "20x1", "warn bad year line 6");
    check_warning(&ws, mpath, 7, "score", "101", "warn score 101 line 7");
    check_warning(&ws, mpath, 9, "3 cells", "7", "warn cell count line 9");
    check_warning(&ws, mpath, 13, "year", "1800", "warn year 1800 line 13");
    check_warning(&ws, mpath, 15, "line 14", NULL, "warn duplicate line 15");
    check_warning(&ws, mpath, 16, "path is empty", NULL,
                  "warn empty path line 16");
    check_warning(&ws, mpath, 17, "'reports' is not a file", NULL,
                  "warn folder line 17");
    check_warning(&ws, mpath, 18, "not closed", NULL,
                  "warn unterminated quote line 18");
    CHECK(warning_at(&ws, 10) == NULL && warning_at(&ws, 12) == NULL,
          "no warning for multi-line cell or blank line", "unexpected");
    warnings_clear(&ws);
    Jx_manifest_destroy(m);
}

/* Applying the main manifest: each report's values, sources, evidence. */
static void test_manifest_apply(const char *dir, const char *mpath)
{
    jx_manifest *m = NULL;
    jx_error err;
    CHECK_INT(Jx_manifest_load(mpath, NULL, NULL, &m, &err), JX_OK,
              "manifest loads without a warn callback");
    const jx_source M = JX_SOURCE_MANIFEST;

    jx_report *r = applied(m, dir, "a.txt");
    check_field(r, JX_FIELD_DEPT, "某市财政局", M, "manifest.csv:2", "a");
    check_field(r, JX_FIELD_YEAR, "2019", M, "manifest.csv:2", "a");
    check_field(r, JX_FIELD_SCORE, "95.5", M, "manifest.csv:2", "a");
    check_field(r, JX_FIELD_GRADE, "优", M, "manifest.csv:2", "a");
    check_not_manifest(r, JX_FIELD_TITLE, "a (empty cell)");
    Jx_report_destroy(r);

    r = applied(m, dir, "reports/b.txt");
    check_field(r, JX_FIELD_DEPT, "某县教育局", M, "manifest.csv:3",
                "b relative");
    check_field(r, JX_FIELD_YEAR, "2020", M, "manifest.csv:3", "b relative");
    check_not_manifest(r, JX_FIELD_SCORE, "b relative");
    Jx_report_destroy(r);

    r = applied(m, dir, "c.txt");
    check_field(r, JX_FIELD_YEAR, "2021", M, "manifest.csv:4", "c absolute");
    check_field(r, JX_FIELD_SCORE, "88", M, "manifest.csv:4", "c absolute");
    check_field(r, JX_FIELD_GRADE, "良好", M, "manifest.csv:4", "c absolute");
    check_not_manifest(r, JX_FIELD_DEPT, "c absolute");
    Jx_report_destroy(r);

    r = applied(m, dir, "d.txt");
    check_field(r, JX_FIELD_DEPT, "某区卫生健康委员会", M, "manifest.csv:6",
                "d bad year");
    check_field(r, JX_FIELD_SCORE, "90", M, "manifest.csv:6", "d bad year");
    check_not_manifest(r, JX_FIELD_YEAR, "d bad year");
    Jx_report_destroy(r);

    r = applied(m, dir, "e.txt");
    check_field(r, JX_FIELD_DEPT, "某区水务局", M, "manifest.csv:7",
                "e score 101");
    check_field(r, JX_FIELD_YEAR, "2018", M, "manifest.csv:7", "e score 101");
    check_not_manifest(r, JX_FIELD_SCORE, "e score 101");
    Jx_report_destroy(r);

    r = applied(m, dir, "f.txt");
    check_field(r, JX_FIELD_TITLE,
                "关于\"乡村振兴\"项目, 2019年度绩效自评报告", M,
                "manifest.csv:8", "f quoted");
    Jx_report_destroy(r);

    r = applied(m, dir, "g.txt");
    check_not_manifest(r, JX_FIELD_DEPT, "g skipped row");
    Jx_report_destroy(r);

    r = applied(m, dir, "h.txt");
    check_field(r, JX_FIELD_GRADE, "合格", M, "manifest.csv:10",
                "h multi-line cell");
    Jx_report_destroy(r);

    r = applied(m, dir, "i.txt");
    check_field(r, JX_FIELD_SCORE, "70", M, "manifest.csv:13",
                "i after blank");
    check_field(r, JX_FIELD_GRADE, "优秀", M, "manifest.csv:13",
                "i after blank");
    check_not_manifest(r, JX_FIELD_YEAR, "i year 1800");
    Jx_report_destroy(r);

    r = applied(m, dir, "j.txt");
    check_field(r, JX_FIELD_DEPT, "乙局", M, "manifest.csv:15",
                "j later row wins");
    Jx_report_destroy(r);

    r = applied(m, dir, "link-to-a.txt");
    check_field(r, JX_FIELD_DEPT, "某市财政局", M, "manifest.csv:2",
                "symlink to a");
    Jx_report_destroy(r);

    r = applied(m, dir, "reports/../a.txt");
    check_field(r, JX_FIELD_YEAR, "2019", M, "manifest.csv:2",
                "a by another spelling");
    Jx_report_destroy(r);

    r = applied(m, dir, "z.txt");
    for (int i = 0; i < JX_FIELD_COUNT; i++)
        check_not_manifest(r, (jx_field_id)i, "z not in manifest");
    Jx_report_destroy(r);

    r = applied(m, dir, "nope.txt");
    check_not_manifest(r, JX_FIELD_DEPT, "nope: missing report");
    Jx_report_destroy(r);

    Jx_manifest_destroy(m);
    Jx_manifest_destroy(NULL);
    CHECK(1, "free NULL manifest", "crashed");
}

/* LF line ends, no BOM, column aliases in upper case, padded cells. */
static void test_manifest_aliases(const char *dir)
{
    char mpath[4096];
    write_file(dir, "lf.csv",
               "PATH,Dept,report_type,Region\n"
               "  a.txt  ,  某局二 ,项目支出, \" 浙江省某市 \"\n",
               mpath);
    warnings ws = {0};
    jx_manifest *m = NULL;
    jx_error err;
    CHECK_INT(Jx_manifest_load(mpath, collect, &ws, &m, &err), JX_OK,
              "LF manifest loads");
    CHECK_INT(ws.n, 0, "LF manifest has no warnings");
    jx_report *r = applied(m, dir, "a.txt");
    const jx_source M = JX_SOURCE_MANIFEST;
    check_field(r, JX_FIELD_DEPT, "某局二", M, "lf.csv:2", "aliases");
    check_field(r, JX_FIELD_TYPE, "项目支出", M, "lf.csv:2", "aliases");
    check_field(r, JX_FIELD_REGION, " 浙江省某市 ", M, "lf.csv:2",
                "quoted cell keeps its blanks");
    Jx_report_destroy(r);
    Jx_manifest_destroy(m);
    warnings_clear(&ws);
}

/* The text of a row, for the indexer's hash: the values field by field,
 * the same for the same values whatever the column order and blanks,
 * nothing for a report without a row. */
static void test_manifest_row_text(const char *dir)
{
    char m1path[4096], m2path[4096], path[4096];
    write_file(dir, "order1.csv", "path,year,dept\na.txt,2019,某局\n", m1path);
    write_file(dir, "order2.csv", "dept , path,year\n 某局,a.txt, 2019\n",
               m2path);
    jx_manifest *m1 = NULL, *m2 = NULL;
    jx_error err;
    CHECK_INT(Jx_manifest_load(m1path, NULL, NULL, &m1, &err), JX_OK,
              "row text: first manifest loads");
    CHECK_INT(Jx_manifest_load(m2path, NULL, NULL, &m2, &err), JX_OK,
              "row text: second manifest loads");
    jx_buf b1 = {0}, b2 = {0}, b3 = {0};
    snprintf(path, sizeof path, "%s/a.txt", dir);
    CHECK_INT(Jx_manifest_row_text(m1, path, &b1), JX_OK, "row text: OK");
    CHECK_INT(Jx_manifest_row_text(m2, path, &b2), JX_OK, "row text: OK 2");
    CHECK_INT(b1.len > 0 && b1.len == b2.len &&
                  memcmp(b1.data, b2.data, b1.len) == 0,
              1, "row text: same values, same text");
    snprintf(path, sizeof path, "%s/c.txt", dir);
    CHECK_INT(Jx_manifest_row_text(m1, path, &b3), JX_OK, "row text: no row");
    CHECK_INT((int)b3.len, 0, "row text: nothing for a report without row");
    CHECK_INT(Jx_manifest_row_text(NULL, path, &b3), JX_OK,
              "row text: no manifest");
    Jx_buf_clear(&b1);
    Jx_buf_clear(&b2);
    Jx_buf_clear(&b3);
    Jx_manifest_destroy(m1);
    Jx_manifest_destroy(m2);
}

/* A manifest of many rows: each report finds its own. */
static void test_manifest_many(const char *dir)
{
    char sub[2048], name[64], path[4096];
    snprintf(sub, sizeof sub, "%s/many", dir);
    mkdir(sub, 0700);
    FILE *f;
    snprintf(path, sizeof path, "%s/many.csv", sub);
    f = fopen(path, "wb");
    fputs("department,path\n", f);
    for (int i = 199; i >= 0; i--) {
        snprintf(name, sizeof name, "r%03d.txt", i);
        write_report(sub, name);
        fprintf(f, "单位%03d,%s\n", i, name);
    }
    fclose(f);
    jx_manifest *m = NULL;
    jx_error err;
    CHECK_INT(Jx_manifest_load(path, NULL, NULL, &m, &err), JX_OK,
              "large manifest loads");
    static const int probe[] = {0, 1, 57, 128, 198, 199};
    for (size_t k = 0; k < sizeof probe / sizeof *probe; k++) {
        char want[32], ev[32];
        snprintf(name, sizeof name, "r%03d.txt", probe[k]);
        snprintf(want, sizeof want, "单位%03d", probe[k]);
        snprintf(ev, sizeof ev, "many.csv:%d", 201 - probe[k]);
        jx_report *r = applied(m, sub, name);
        check_field(r, JX_FIELD_DEPT, want, JX_SOURCE_MANIFEST, ev, name);
        Jx_report_destroy(r);
    }
    Jx_manifest_destroy(m);
}

/* Loads text as a manifest in dir and checks the status it returns. */
static void check_load_fails(const char *dir, const char *text, jx_status want,
                             const char *name)
{
    char mpath[4096];
    write_file(dir, "bad.csv", text, mpath);
    jx_manifest *m = (jx_manifest *)1;
    jx_error err;
    Jx_error_clear(&err);
    jx_status st = Jx_manifest_load(mpath, NULL, NULL, &m, &err);
    CHECK(st == want && m == NULL && err.status == want && err.message[0],
          name, "status %d, message \"%s\"", st, err.message);
}

/* Manifests that cannot be used at all return errors, not warnings. */
static void test_manifest_errors(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/no-such.csv", dir);
    jx_manifest *m = NULL;
    jx_error err;
    Jx_error_clear(&err);
    jx_status st = Jx_manifest_load(path, NULL, NULL, &m, &err);
    CHECK(st == JX_ERR_IO && m == NULL && strstr(err.message, "no-such.csv"),
          "missing manifest is JX_ERR_IO", "status %d, message \"%s\"", st,
          err.message);
    check_load_fails(dir, "", JX_ERR_FORMAT, "empty manifest");
    check_load_fails(dir, "\xEF\xBB\xBF\r\n\r\n", JX_ERR_FORMAT,
                     "blank manifest");
    check_load_fails(dir, "file,year\na.txt,2019\n", JX_ERR_FORMAT,
                     "header without path");

    snprintf(path, sizeof path, "%s/binary.csv", dir);
    FILE *f = fopen(path, "wb");
    fwrite("path,year\n\0\x01\x02", 1, 13, f);
    fclose(f);
    st = Jx_manifest_load(path, NULL, NULL, &m, &err);
    CHECK(st == JX_ERR_ENCODING && strstr(err.message, "binary.csv"),
          "binary manifest is JX_ERR_ENCODING", "status %d, message \"%s\"",
          st, err.message);

    write_file(dir, "header-only.csv", "path,year\r\n", path);
    m = NULL;
    st = Jx_manifest_load(path, NULL, NULL, &m, &err);
    CHECK(st == JX_OK && m, "header-only manifest loads", "status %d", st);
    jx_report *r = applied(m, dir, "a.txt");
    check_not_manifest(r, JX_FIELD_YEAR, "header-only");
    Jx_report_destroy(r);
    Jx_manifest_destroy(m);
    r = new_report();
    CHECK_INT(Jx_manifest_apply(NULL, "x", r, &err), JX_OK,
              "apply of no manifest");
    Jx_report_destroy(r);
}

/* The sidecar beside a.txt, applied after the manifest as the indexer
 * does: its values win, comments and blanks are skipped, bad lines are
 * warned about by line number, and the manifest's other values stay. */
static void test_sidecar(const char *dir, const char *mpath)
{
    char spath[4096];
    write_file(dir, "a.txt.meta",
               "# 人工核对，2024年5月\n"          /* 1 */
               "\n"                               /* 2 */
               "department: 某市财政局（更正）\n" /* 3 */
               "year = 2020\n"                    /* 4 */
               "type：项目支出\n"                 /* 5 */
               "colour: red\n"                    /* 6 */
               "score: abc\n"                     /* 7 */
               "grade:\n"                         /* 8 */
               "this line has no separator\n"     /* 9 */
               "  Region : 浙江省杭州市  \r\n"    /* 10 */
               "title: 关于：某项目的报告",       /* 11, no final LF */
               spath);
    jx_manifest *m = NULL;
    jx_error err;
    CHECK_INT(Jx_manifest_load(mpath, NULL, NULL, &m, &err), JX_OK,
              "manifest loads for sidecar test");
    jx_report *r = applied(m, dir, "a.txt");
    char rpath[4096];
    snprintf(rpath, sizeof rpath, "%s/a.txt", dir);
    warnings ws = {0};
    Jx_error_clear(&err);
    jx_status st = Jx_sidecar_apply(rpath, r, collect, &ws, &err);
    CHECK_INT(st, JX_OK, "sidecar applies");
    const jx_source S = JX_SOURCE_SIDECAR, M = JX_SOURCE_MANIFEST;
    check_field(r, JX_FIELD_DEPT, "某市财政局（更正）", S, "a.txt.meta:3",
                "sidecar over manifest");
    check_field(r, JX_FIELD_YEAR, "2020", S, "a.txt.meta:4", "sidecar '='");
    check_field(r, JX_FIELD_TYPE, "项目支出", S, "a.txt.meta:5",
                "sidecar full-width colon");
    check_field(r, JX_FIELD_REGION, "浙江省杭州市", S, "a.txt.meta:10",
                "sidecar padded CRLF line");
    check_field(r, JX_FIELD_TITLE, "关于：某项目的报告", S, "a.txt.meta:11",
                "sidecar value with a colon");
    check_field(r, JX_FIELD_SCORE, "95.5", M, "manifest.csv:2",
                "bad sidecar score keeps manifest");
    check_field(r, JX_FIELD_GRADE, "优", M, "manifest.csv:2",
                "empty sidecar grade keeps manifest");
    CHECK_INT(ws.n, 3, "sidecar warning count");
    for (size_t i = 0; i < ws.n; i++)
        printf("    warning %s:%u: %s\n", ws.items[i].file, ws.items[i].line,
               ws.items[i].why);
    check_warning(&ws, spath, 6, "unknown field 'colour'", NULL,
                  "sidecar unknown field line 6");
    check_warning(&ws, spath, 7, "score", "abc", "sidecar bad score line 7");
    check_warning(&ws, spath, 9, "field: value", NULL,
                  "sidecar no separator line 9");
    warnings_clear(&ws);
    Jx_report_destroy(r);
    Jx_manifest_destroy(m);
}

/* Sidecars that are missing, unreadable, BOM-led or in GB18030. */
static void test_sidecar_files(const char *dir)
{
    char path[4096];
    jx_error err;
    warnings ws = {0};

    jx_report *r = new_report();
    snprintf(path, sizeof path, "%s/b-none.txt", dir);
    Jx_error_clear(&err);
    CHECK_INT(Jx_sidecar_apply(path, r, collect, &ws, &err), JX_OK,
              "missing sidecar is not an error");
    CHECK_INT(ws.n, 0, "missing sidecar: no warnings");
    snprintf(path, sizeof path, "%s/no-dir/x.txt", dir);
    CHECK_INT(Jx_sidecar_apply(path, r, collect, &ws, &err), JX_OK,
              "sidecar in missing folder is not an error");
    Jx_report_destroy(r);

    snprintf(path, sizeof path, "%s/dir.txt.meta", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/dir.txt", dir);
    r = new_report();
    Jx_error_clear(&err);
    jx_status st = Jx_sidecar_apply(path, r, collect, &ws, &err);
    CHECK(st == JX_ERR_IO && err.status == JX_ERR_IO &&
              strstr(err.message, "dir.txt.meta"),
          "unreadable sidecar (a folder) is JX_ERR_IO",
          "status %d, message \"%s\"", st, err.message);
    Jx_report_destroy(r);

    if (geteuid() != 0) { /* root reads files whatever their mode */
        write_file(dir, "locked.txt.meta", "year: 2019\n", path);
        chmod(path, 0);
        snprintf(path, sizeof path, "%s/locked.txt", dir);
        r = new_report();
        Jx_error_clear(&err);
        st = Jx_sidecar_apply(path, r, collect, &ws, &err);
        CHECK(st == JX_ERR_IO && strstr(err.message, "locked.txt.meta"),
              "sidecar without read permission is JX_ERR_IO",
              "status %d, message \"%s\"", st, err.message);
        Jx_report_destroy(r);
    }

    write_file(dir, "bom.txt.meta", "\xEF\xBB\xBFyear: 2017\nbogus\n", path);
    snprintf(path, sizeof path, "%s/bom.txt", dir);
    r = new_report();
    CHECK_INT(Jx_sidecar_apply(path, r, NULL, NULL, &err), JX_OK,
              "sidecar with BOM and no warn callback");
    check_field(r, JX_FIELD_YEAR, "2017", JX_SOURCE_SIDECAR, "bom.txt.meta:1",
                "BOM sidecar");
    Jx_report_destroy(r);

    /* "department: 财政局" in GB18030, as Notepad on Chinese Windows saves */
    write_file(dir, "gbk.txt.meta", "department: \xB2\xC6\xD5\xFE\xBE\xD6\n",
               path);
    snprintf(path, sizeof path, "%s/gbk.txt", dir);
    r = new_report();
    CHECK_INT(Jx_sidecar_apply(path, r, NULL, NULL, &err), JX_OK,
              "GB18030 sidecar");
    check_field(r, JX_FIELD_DEPT, "财政局", JX_SOURCE_SIDECAR,
                "gbk.txt.meta:1", "GB18030 sidecar");
    Jx_report_destroy(r);
    warnings_clear(&ws);
}

int main(void)
{
    jx_test_name = "overrides";
    char dir[] = "/tmp/jx-test-overrides-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    char sub[4096], mpath[4096], link[4096];
    snprintf(sub, sizeof sub, "%s/reports", dir);
    mkdir(sub, 0700);
    write_report(sub, "b.txt");
    static const char *const names[] = {"a.txt", "c.txt", "d.txt", "e.txt",
                                        "f.txt", "g.txt", "h.txt", "i.txt",
                                        "j.txt", "k.txt", "z.txt"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        write_report(dir, names[i]);
    snprintf(link, sizeof link, "%s/link-to-a.txt", dir);
    if (symlink("a.txt", link) != 0)
        perror("symlink");
    write_main_manifest(dir, mpath);

    test_manifest_warnings(dir, mpath);
    test_manifest_apply(dir, mpath);
    test_manifest_aliases(dir);
    test_manifest_row_text(dir);
    test_manifest_many(dir);
    test_manifest_errors(dir);
    test_sidecar(dir, mpath);
    test_sidecar_files(dir);

    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    TEST_MAIN_END();
}
