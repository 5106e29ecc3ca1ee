/* test_count.c: counting by walking the postings (jx_count.h) gives
 * exactly what counting with Xapian's match spies gives. Indexes the
 * bundled samples and a generated collection (reports of several
 * departments, years, scores, grades and types, written here) into two
 * databases, then runs each query of a list, with each filter and each
 * way of counting (--count, --count-by every key, --list-reports, a page
 * counting every match), twice: with Jx_count_set_walks(1) and (0), on
 * each database alone and on both opened together (two --db), and
 * compares totals, count rows and listed reports with their passage
 * counts. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jx_buf.h"
#include "jx_count.h"
#include "jx_formats.h"
#include "jx_index.h"
#include "jx_search.h"
#include "jx_test.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

/* xorshift64*: a fixed sequence, so the collection is the same each run. */
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

static const char *const places[] = {"芦淞区", "荷塘区", "石峰区",
                                     "天元区", "渌口区", "醴陵市"};
static const char *const units[] = {"农业农村局", "卫生健康局", "教育局",
                                    "交通运输局", "民政局"};
static const char *const words[] = {
    "预算执行率", "绩效目标", "资金使用", "疫情影响", "乡村振兴", "项目实施",
    "政府采购",   "满意度",   "执行",     "预算",     "项目",     "效益",
    "产出指标",   "质量",     "时效",     "成本",     "年度",     "管理"};
static const char *const grades[] = {"优", "良", "中", "差"};

/* Writes report i of the generated collection into dir. */
static void write_report(const char *dir, int i)
{
    char path[8400];
    const char *place = places[rnd(6)], *unit = units[rnd(5)];
    int year = 2018 + (int)rnd(5), whole = rnd(3) == 0;
    snprintf(path, sizeof path, "%s/gen-%03d.txt", dir, i);
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    fprintf(f, "株洲市%s%s%d年度%s绩效自评报告\n\n", place, unit, year,
            whole ? "部门整体支出" : "项目支出");
    fprintf(f, "一、基本情况\n");
    for (int p = 0; p < 3 + (int)rnd(6); p++) {
        for (int w = 0; w < 6 + (int)rnd(20); w++)
            fprintf(f, "%s%s", words[rnd(18)], rnd(4) ? "" : "，");
        fprintf(f, "。\n");
    }
    fprintf(f, "二、自评结论\n");
    if (rnd(4))
        fprintf(f, "自评综合得分%d.%d分，评价等级为%s。\n", 60 + (int)rnd(40),
                (int)rnd(10), grades[rnd(4)]);
    fclose(f);
}

/* Indexes every report file of dir into db (a commit every few files, so
 * a run writes several parts). */
static void index_dir(const char *db, const char *dir, unsigned batch)
{
    jx_index_options opts = {0};
    opts.batch_files = batch;
    jx_indexer *ix = NULL;
    jx_error err = {0};
    CHECK(Jx_indexer_open(db, &opts, NULL, &ix, &err) == JX_OK, "open", "%s",
          err.message);
    if (!ix)
        return;
    Jx_indexer_add_path(ix, dir, &err);
    CHECK(Jx_indexer_finish(ix, &err) == JX_OK, "index", "%s", err.message);
    Jx_indexer_close(ix);
}

/* Writes what a search returned, as text, into out: totals, count rows,
 * and each listed report's first path and matching passages. */
static void describe(const jx_results *res, jx_buf *out)
{
    Jx_buf_reset(out);
    Jx_buf_printf(out, "reports %lu passages %lu exact %d\n",
                  res->total_reports, res->total_passages, res->totals_exact);
    for (size_t i = 0; i < res->n_counts; i++)
        Jx_buf_printf(out, "count [%s] %lu %lu\n", res->counts[i].value,
                      res->counts[i].reports, res->counts[i].passages);
    for (size_t i = 0; i < res->n_reports; i++) {
        const jx_report_hit *h = &res->reports[i];
        Jx_buf_printf(out, "report %s %lu %zu\n",
                      h->record.n_paths ? h->record.paths[0].path : "-",
                      h->matching_passages, h->n_passages);
    }
}

static int compared, differed;

/* Runs req with both ways of counting and checks they agree. */
static void compare(jx_db *db, const char *label, jx_search_request *req)
{
    jx_buf a = {0}, b = {0};
    jx_status st[2];
    for (int walk = 1; walk >= 0; walk--) {
        jx_results *res = NULL;
        jx_error err = {0};
        Jx_count_set_walks(walk);
        st[walk] = Jx_search(db, req, &res, &err);
        if (!st[walk])
            describe(res, walk ? &a : &b);
        Jx_results_destroy(res);
    }
    Jx_count_set_walks(1);
    compared++;
    if (st[0] != st[1] ||
        (!st[0] && (a.len != b.len || memcmp(a.data, b.data, a.len) != 0))) {
        if (differed++ < 5)
            CHECK(0, "walk = spies", "%s: %s (%d/%d)\nwalk:\n%s\nspies:\n%s",
                  label, req->query ? req->query : "(none)", st[1], st[0],
                  a.data ? a.data : "", b.data ? b.data : "");
    }
    Jx_buf_clear(&a);
    Jx_buf_clear(&b);
}

static const char *const queries[] = {NULL,         "预算",
                                      "项",         "效",
                                      "执行",       "预算执行率",
                                      "绩效目标",   "疫情影响 OR 乡村振兴",
                                      "预算 -项目", "\"资金使用\" 满意度",
                                      "执行情况",   "2020",
                                      "年度",       "不存在的字符串",
                                      "质量 时效",  "疫"};

/* Every query, filter and way of counting on db. */
static void compare_all(jx_db *db, const char *label)
{
    jx_filters filters[8] = {{0}};
    filters[1].year = "2019..2021";
    filters[2].dept = "农业";
    filters[3].score = "80..";
    filters[4].grade = "优";
    filters[5].type = "项目支出";
    filters[6].score = "none";
    filters[7].region = "荷塘";
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
        for (int f = 0; f < 8; f++)
            for (int mode = 0; mode < 9; mode++) {
                jx_search_request r = {0};
                r.query = queries[q];
                r.filters = filters[f];
                r.count_limit = 0;
                if (mode < 6) { /* --count, --count-by KEY */
                    r.count_by = (jx_count_by)mode;
                    r.reports_only = !queries[q];
                } else if (mode == 6) { /* --list-reports */
                    r.reports_only = 1;
                    r.limit = 100000;
                } else if (mode == 7) { /* a page counting every match */
                    r.limit = 10;
                    r.per_report = 3;
                } else { /* passages, ungrouped */
                    r.limit = 20;
                }
                if (!queries[q] && mode >= 7)
                    continue;
                compare(db, label, &r);
            }
}

int main(void)
{
    jx_test_name = "count";
    char dir[] = "/tmp/jx-count-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char gen[4200], db1[4200], db2[4200];
    snprintf(gen, sizeof gen, "%s/gen", dir);
    snprintf(db1, sizeof db1, "%s/db1", dir);
    snprintf(db2, sizeof db2, "%s/db2", dir);
    mkdir(gen, 0755);
    for (int i = 0; i < 120; i++)
        write_report(gen, i);
    index_dir(db1, "docs/examples", 4);
    index_dir(db2, gen, 16);

    const char *paths[2] = {db1, db2};
    const char *labels[3] = {"samples", "generated", "both"};
    for (int k = 0; k < 3; k++) {
        jx_db *db = NULL;
        jx_error err = {0};
        jx_status st = k < 2 ? Jx_db_open(&paths[k], 1, &db, &err)
                             : Jx_db_open(paths, 2, &db, &err);
        CHECK(st == JX_OK, "open db", "%s", err.message);
        if (st)
            continue;
        int before = differed;
        compare_all(db, labels[k]);
        CHECK(differed == before, labels[k], "%d of the searches differ",
              differed - before);
        Jx_db_close(db);
    }
    CHECK(compared > 1000, "searches compared", "only %d", compared);

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup", "rm failed");
    TEST_MAIN_END();
}
