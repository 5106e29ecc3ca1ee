/* test_api.c: drives the public API (jixiao.h) as a program would, and
 * includes nothing else of the engine: indexes a folder of small reports
 * written for this test, with events; searches, lists and counts them;
 * reads a file's metadata, the database's state and checks; removes a
 * report; and tries the error paths (no database, a bad query, a folder
 * of reports given as the database, a file that is not what its name
 * says, a run told to stop), destroying every handle and record (the
 * sanitizer build finds what is not freed). */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jixiao.h"
#include "jx_test.h"

static char tmpdir[64];

/* Removes one file or folder met by nftw (depth first). */
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

/* Writes text into the file tmpdir/name; 0 on success. */
static int write_file(const char *name, const char *text)
{
    char path[256];
    FILE *f = fopen(tpath(path, sizeof path, name), "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* Three short reports in the genre, written for this test. */
static const char report_a[] =
    "示例县水务局2021年度项目支出绩效自评报告\n"
    "\n"
    "一、项目概况\n"
    "本项目用于农村供水管网改造，全年预算500.00万元，实际支出460.00万元，"
    "预算执行率为92.00%。\n"
    "二、绩效目标完成情况\n"
    "改造供水管网40公里，受益群众满意度达到95%。\n"
    "三、存在问题\n"
    "部分乡镇施工进度偏慢，资金拨付不够及时。\n"
    "四、自评结论\n"
    "经综合评价，本项目自评得分为91分，评价等级为优。\n";

static const char report_b[] =
    "示例县教育局2022年度部门整体支出绩效自评报告\n"
    "\n"
    "一、部门基本情况\n"
    "本部门全年预算3200.00万元，预算执行率为88.50%，受疫情影响部分培训延期。\n"
    "二、存在问题\n"
    "个别学校资产管理台账不完整。\n"
    "三、自评结论\n"
    "部门整体支出自评得分为86分，评价等级为良。\n";

static const char report_c[] =
    "示例县卫生健康局2022年度项目支出绩效自评报告\n"
    "\n"
    "一、项目概况\n"
    "项目资金主要用于基层医疗机构设备购置，疫情防控物资储备同步推进。\n"
    "二、自评结论\n"
    "自评得分为78分，评价等级为中。\n";

/* What the events heard. */
typedef struct heard {
    int failed, duplicates, progress, stop_after;
    char failed_path[256];
} heard;

/* Counts a failed file and keeps its name. */
static void on_failed(void *ctx, const char *path, const jx_error *err)
{
    heard *h = ctx;
    h->failed++;
    snprintf(h->failed_path, sizeof h->failed_path, "%s", path);
    (void)err;
}

/* Counts a duplicate. */
static void on_duplicate(void *ctx, const char *path, const char *first)
{
    heard *h = ctx;
    h->duplicates++;
    (void)path;
    (void)first;
}

/* Counts progress calls. */
static void on_progress(void *ctx, const char *path, const jx_run_stats *s)
{
    heard *h = ctx;
    h->progress++;
    (void)path;
    (void)s;
}

/* Stops once stop_after files were seen (0: never). */
static int should_stop(void *ctx)
{
    heard *h = ctx;
    return h->stop_after && h->progress >= h->stop_after;
}

/* Names, statuses and the small helpers for programs. */
static void test_helpers(void)
{
    CHECK_STR(jx_status_string(JX_ERR_DB_LOCKED), "database is locked",
              "status string");
    CHECK_STR(jx_status_string((jx_status)999), "unknown status",
              "status out of range");
    CHECK_STR(jx_field_string(JX_FIELD_DEPT), "department", "field name");
    CHECK_STR(jx_field_string(JX_FIELD_COUNT), "", "field out of range");
    CHECK_INT(jx_count_by_parse("year"), JX_COUNT_YEAR, "count by year");
    CHECK_INT(jx_count_by_parse("department"), JX_COUNT_DEPT,
              "count by department");
    CHECK_INT(jx_count_by_parse("colour"), JX_COUNT_NONE, "count by unknown");
    CHECK_INT(jx_count_by_parse(NULL), JX_COUNT_NONE, "count by NULL");
    CHECK_STR(jx_count_by_string(JX_COUNT_GRADE), "grade", "count name");

    char *db = NULL;
    CHECK_INT(jx_default_database("/srv/db", "/x", "/h", &db), JX_OK,
              "default: JIXIAO_DB");
    CHECK_STR(db, "/srv/db", "default: JIXIAO_DB wins");
    jx_free(db);
    jx_default_database("", "/x", "/h", &db);
    CHECK_STR(db, "/x/jixiao/db", "default: XDG_DATA_HOME");
    jx_free(db);
    jx_default_database(NULL, NULL, "/h", &db);
    CHECK_STR(db, "/h/.local/share/jixiao/db", "default: HOME");
    jx_free(db);

    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    jx_json_print(f, "a\"b\\\n");
    fputc(' ', f);
    jx_json_print(f, NULL);
    fputc(' ', f);
    jx_json_print(f, "\xff预");
    fclose(f);
    CHECK_STR(out, "\"a\\\"b\\\\\\u000a\" null \"\xEF\xBF\xBD预\"",
              "JSON strings");
    free(out);
    char *e = jx_escape_controls("a\nb\033[31m");
    CHECK_STR(e, "a\\x0ab\\x1b[31m", "escaped controls");
    jx_free(e);
    CHECK_INT(jx_utf8_count("预算ab", strlen("预算ab")), 4, "UTF-8 count");
    CHECK_INT(jx_utf8_count("预算", 3), 1, "UTF-8 count of a prefix");

    jx_request req;
    jx_request_init(&req);
    CHECK(req.limit == 10 && req.per_report == 3 && req.count_limit == 1000 &&
              !req.query && req.sort == JX_SORT_RELEVANCE,
          "request defaults", "limit %u per_report %u", req.limit,
          req.per_report);
    CHECK_INT(jx_query_finds_text("预算 year:2021"), 1, "query finds text");
    CHECK_INT(jx_query_finds_text("year:2021 dept:水务"), 0,
              "fields alone find no text");
    CHECK_INT(jx_query_finds_text("(("), 0, "a bad query finds nothing");
    CHECK_INT(jx_query_finds_text(NULL), 0, "no query finds nothing");

    /* every _destroy takes NULL */
    jx_database_destroy(NULL);
    jx_hits_destroy(NULL);
    jx_writer_destroy(NULL);
    jx_file_meta_destroy(NULL);
    jx_state_destroy(NULL);
    jx_checkup_destroy(NULL);
    jx_free(NULL);
    CHECK(1, "destroy NULL", "-");
}

/* Indexes the reports folder into db with events; returns the status. */
static jx_status index_folder(const char *db, const char *folder, heard *h,
                              jx_run_stats *stats)
{
    jx_writer_events ev = {on_failed, on_duplicate, on_progress, should_stop,
                           h};
    jx_writer_options opts = {0};
    jx_writer *w = NULL;
    jx_error err = {0};
    jx_status st = jx_writer_open(db, &opts, &ev, &w, &err);
    if (!st)
        st = jx_writer_add(w, folder, &err);
    if (!st)
        st = jx_writer_finish(w, &err);
    if (w)
        *stats = *jx_writer_stats(w);
    jx_writer_destroy(w);
    return st;
}

/* Searching, listing and counting the indexed reports. */
static void test_search(const char *db_path)
{
    jx_database *db = NULL;
    jx_error err = {0};
    CHECK_INT(jx_database_open(&db_path, 1, &db, &err), JX_OK, "open");

    jx_request req;
    jx_request_init(&req);
    req.query = "预算执行率";
    jx_hits *h = NULL;
    CHECK_INT(jx_database_search(db, &req, &h, &err), JX_OK, "search");
    CHECK(h && h->total_reports == 2 && h->n_reports == 2 && h->totals_exact,
          "search: two reports", "%lu reports", h ? h->total_reports : 0);
    int spans_ok = h && h->n_reports > 0;
    for (size_t i = 0; h && i < h->n_reports; i++) {
        const jx_hit_report *r = &h->reports[i];
        spans_ok = spans_ok && r->n_paths == 1 && strlen(r->key) == 32 &&
                   strcmp(r->format, "text") == 0 && r->n_passages >= 1;
        for (size_t j = 0; j < r->n_passages; j++) {
            const jx_hit_passage *p = &r->passages[j];
            spans_ok =
                spans_ok && p->n_text_matches >= 1 &&
                strncmp(p->text + p->text_matches[0].start, "预算执行率",
                        p->text_matches[0].end - p->text_matches[0].start) ==
                    0;
        }
    }
    CHECK(spans_ok, "search: passages and highlights", "a hit is not right");
    /* the report of 2021 is a's: its metadata came along */
    const jx_hit_report *a = NULL;
    for (size_t i = 0; h && i < h->n_reports; i++)
        if (h->reports[i].fields[JX_FIELD_YEAR] &&
            strcmp(h->reports[i].fields[JX_FIELD_YEAR], "2021") == 0)
            a = &h->reports[i];
    CHECK(a != NULL, "search: the report of 2021", "not found");
    if (a) {
        CHECK_STR(a->fields[JX_FIELD_DEPT], "示例县水务局",
                  "search: its department");
        CHECK_STR(a->fields[JX_FIELD_GRADE], "优", "search: its grade");
        CHECK(strstr(a->paths[0], "reports/a.txt") != NULL, "search: its path",
              "[%s]", a->paths[0]);
    }
    jx_hits_destroy(h);

    /* the listing of the whole database */
    jx_request_init(&req);
    req.reports_only = 1;
    h = NULL;
    CHECK_INT(jx_database_search(db, &req, &h, &err), JX_OK, "list");
    CHECK(h && h->n_reports == 3 && h->reports[0].n_passages == 0,
          "list: every report, no passages", "%zu", h ? h->n_reports : 0);
    jx_hits_destroy(h);

    /* a filter, and sorting by year */
    jx_request_init(&req);
    req.reports_only = 1;
    req.year = "2022";
    req.sort = JX_SORT_YEAR;
    h = NULL;
    jx_database_search(db, &req, &h, &err);
    CHECK(h && h->n_reports == 2, "list: year filter", "%zu",
          h ? h->n_reports : 0);
    jx_hits_destroy(h);

    /* counts per year */
    jx_request_init(&req);
    req.query = "疫情";
    req.count_by = JX_COUNT_YEAR;
    req.limit = 0;
    h = NULL;
    CHECK_INT(jx_database_search(db, &req, &h, &err), JX_OK, "count by");
    CHECK(h && h->n_counts == 1 && strcmp(h->counts[0].value, "2022") == 0 &&
              h->counts[0].reports == 2 && h->n_reports == 0,
          "count by year", "%zu rows", h ? h->n_counts : 0);
    jx_hits_destroy(h);

    /* totals only */
    jx_request_init(&req);
    req.query = "存在问题 OR 自评";
    req.limit = 0;
    req.count_limit = 0;
    h = NULL;
    jx_database_search(db, &req, &h, &err);
    CHECK(h && h->total_reports == 3 && h->n_reports == 0 && h->totals_exact,
          "totals only", "%lu", h ? h->total_reports : 0);
    jx_hits_destroy(h);

    /* a bad query: an error with words, no record */
    jx_request_init(&req);
    req.query = "(预算";
    h = (jx_hits *)&req; /* set to NULL by the call */
    jx_error qerr = {0};
    CHECK_INT(jx_database_search(db, &req, &h, &qerr), JX_ERR_QUERY,
              "bad query refused");
    CHECK(h == NULL && qerr.message[0], "bad query: message, no record",
          "message [%s]", qerr.message);
    jx_database_destroy(db);

    /* several databases: the same one twice is refused */
    const char *twice[] = {db_path, db_path};
    db = NULL;
    CHECK_INT(jx_database_open(twice, 2, &db, &err), JX_ERR_ARG,
              "a database given twice");
    CHECK(db == NULL, "no handle on failure", "handle %p", (void *)db);
}

/* A file's metadata, the state and the checks of a database. */
static void test_info(const char *db_path)
{
    char path[256];
    jx_file_meta *m = NULL;
    jx_error err = {0};
    CHECK_INT(jx_file_meta_read(tpath(path, sizeof path, "reports/a.txt"),
                                NULL, &m, &err),
              JX_OK, "file meta");
    if (m) {
        CHECK_STR(m->format, "text", "file meta: format");
        CHECK_STR(m->fields[JX_FIELD_YEAR].value, "2021", "file meta: year");
        CHECK_STR(m->fields[JX_FIELD_YEAR].source, "text",
                  "file meta: source");
        CHECK(m->fields[JX_FIELD_YEAR].line >= 1 &&
                  m->fields[JX_FIELD_YEAR].evidence,
              "file meta: evidence", "line %u", m->fields[JX_FIELD_YEAR].line);
        CHECK(m->n_passages >= 4, "file meta: passages", "%zu", m->n_passages);
    }
    jx_file_meta_destroy(m);
    m = (jx_file_meta *)&err;
    CHECK(jx_file_meta_read(tpath(path, sizeof path, "missing.txt"), NULL, &m,
                            &err) != JX_OK &&
              m == NULL && err.message[0],
          "file meta: missing file", "[%s]", err.message);

    jx_state *s = NULL;
    CHECK_INT(jx_state_read(db_path, &s, &err), JX_OK, "state");
    CHECK(s && s->reports == 3 && s->n_stale == 0 && *s->updated,
          "state: three reports up to date", "%lu", s ? s->reports : 0);
    jx_state_destroy(s);

    jx_checkup *c = NULL;
    CHECK_INT(jx_checkup_run(db_path, JX_CHECK_FULL, &c, &err), JX_OK,
              "check");
    CHECK(c && c->n_problems == 0 && c->reports == 3 && c->databases >= 2,
          "check: sound", "%zu problems", c ? c->n_problems : 0);
    jx_checkup_destroy(c);
    CHECK_INT(jx_database_damaged(db_path, 1, &err), JX_OK, "not damaged");

    /* a database that is not there */
    const char *missing = tpath(path, sizeof path, "no-db");
    jx_database *db = NULL;
    jx_error merr = {0};
    CHECK(jx_database_open(&missing, 1, &db, &merr) != JX_OK && !db &&
              merr.message[0],
          "open a missing database", "[%s]", merr.message);
    c = NULL;
    CHECK_INT(jx_checkup_run(missing, JX_CHECK_QUICK, &c, &err),
              JX_ERR_DB_NOT_FOUND, "check a missing database");
    jx_checkup_destroy(c);
    s = NULL;
    CHECK(jx_state_read(missing, &s, &err) != JX_OK && !s,
          "state of a missing database", "-");
}

/* Indexing with events, a changed file, removal and a stopped run. */
static void test_index(const char *db_path)
{
    char path[256], folder[256];
    tpath(folder, sizeof folder, "reports");
    heard h = {0};
    jx_run_stats s;
    memset(&s, 0, sizeof s);
    CHECK_INT(index_folder(db_path, folder, &h, &s), JX_OK, "index");
    CHECK(s.files_seen == 4 && s.files_indexed == 3 && s.files_failed == 1,
          "index: three reports, one failure",
          "seen %lu indexed %lu failed %lu", s.files_seen, s.files_indexed,
          s.files_failed);
    CHECK(h.failed == 1 && strstr(h.failed_path, "broken.docx"),
          "index: the failure is told", "%d [%s]", h.failed, h.failed_path);
    CHECK(h.progress >= 3, "index: progress", "%d", h.progress);

    memset(&h, 0, sizeof h);
    index_folder(db_path, folder, &h, &s);
    CHECK(s.files_unchanged == 3 && s.files_indexed == 0,
          "index again: unchanged", "unchanged %lu", s.files_unchanged);

    /* a folder of reports is not a database */
    jx_error err = {0};
    CHECK_INT(jx_database_prepare(folder, &err), JX_ERR_ARG,
              "prepare refuses a folder of reports");
    CHECK(err.message[0], "prepare says why", "-");
    CHECK_INT(jx_database_prepare(tpath(path, sizeof path, "new/db"), &err),
              JX_OK, "prepare makes folders");
    struct stat sb;
    CHECK(stat(path, &sb) == 0 && S_ISDIR(sb.st_mode), "prepare: made", "%s",
          path);
}

/* Removal, a changed file seen by the state, compaction, a stopped run. */
static void test_change(const char *db_path)
{
    char path[256];
    jx_error err = {0};
    /* a changed report is out of date */
    write_file("reports/c.txt", report_c);
    FILE *f = fopen(tpath(path, sizeof path, "reports/c.txt"), "a");
    if (f) {
        fputs("三、下一步工作\n持续做好设备运维。\n", f);
        fclose(f);
    }
    jx_state *s = NULL;
    jx_state_read(db_path, &s, &err);
    CHECK(s && s->n_stale == 1 && strcmp(s->why[0], "changed") == 0 &&
              strstr(s->stale[0], "c.txt"),
          "state: a changed file", "%zu stale", s ? s->n_stale : 0);
    jx_state_destroy(s);

    jx_writer *w = NULL;
    CHECK_INT(jx_writer_open(db_path, NULL, NULL, &w, &err), JX_OK,
              "open without options or events");
    jx_removed r = {0, 0, 0};
    if (w) {
        CHECK_INT(jx_writer_remove(
                      w, tpath(path, sizeof path, "reports/a.txt"), &r, &err),
                  JX_OK, "remove");
        CHECK(r.reports == 1 && r.paths == 1 && r.kept == 0, "removed one",
              "%lu %lu %lu", r.reports, r.paths, r.kept);
        jx_writer_remove(w, tpath(path, sizeof path, "nowhere"), &r, &err);
        CHECK_INT(r.paths, 0, "nothing removed where nothing was");
        CHECK_INT(jx_writer_add(w, tpath(path, sizeof path, "reports"), &err),
                  JX_OK, "add again");
        CHECK_INT(jx_writer_finish(w, &err), JX_OK, "finish");
        CHECK_INT(jx_writer_compact(w, &err), JX_OK, "compact");
        CHECK_INT(jx_writer_add(w, tpath(path, sizeof path, "gone"), &err),
                  JX_ERR_IO, "a path that does not exist");
    }
    jx_writer_destroy(w);

    jx_checkup *c = NULL;
    jx_checkup_run(db_path, JX_CHECK_FULL, &c, &err);
    CHECK(c && c->n_problems == 0 && c->reports == 3, "sound after compact",
          "%zu problems", c ? c->n_problems : 0);
    jx_checkup_destroy(c);

    /* a run told to stop */
    heard h = {0};
    h.stop_after = 1;
    jx_writer_events ev = {NULL, NULL, on_progress, should_stop, &h};
    jx_writer_options opts = {0};
    opts.force = 1;
    w = NULL;
    jx_writer_open(db_path, &opts, &ev, &w, &err);
    CHECK_INT(w ? jx_writer_add(w, tpath(path, sizeof path, "reports"), &err)
                : JX_ERR_DB,
              JX_ERR_INTERRUPTED, "a run told to stop");
    jx_writer_destroy(w);
}

int main(void)
{
    jx_test_name = "test_api";
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jx-test-api.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    char path[256], db[256];
    mkdir(tpath(path, sizeof path, "reports"), 0755);
    if (write_file("reports/a.txt", report_a) ||
        write_file("reports/b.txt", report_b) ||
        write_file("reports/c.txt", report_c) ||
        write_file("reports/broken.docx", "this is not a zip archive\n")) {
        perror("fixtures");
        return 2;
    }
    tpath(db, sizeof db, "db");

    test_helpers();
    test_index(db);
    test_search(db);
    test_info(db);
    test_change(db);

    nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    TEST_MAIN_END();
}
