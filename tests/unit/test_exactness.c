/* test_exactness.c: the core promise, checked by brute force. Indexes the
 * sample collection (and ../shared/seeds when it exists) and, for
 * hundreds of queries, compares the set of reports Jx_search returns
 * with the set of reports one of whose lines of clean text (in search
 * form) contains the query. Queries: every length from 1 to 6 Han
 * characters sampled from the texts, strings that occur nowhere, strings
 * across page-break joins, full-width digits, and strings of 2 to 8
 * characters around the cuts of a generated paragraph too long for one
 * passage and without punctuation to cut at (the brute force needs to
 * know nothing of cuts: passages overlap there by JX_PASSAGE_OVERLAP_CHARS
 * characters, more than any query here). Any difference fails and names
 * the query. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jx_buf.h"
#include "jx_formats.h"
#include "jx_index.h"
#include "jx_schema.h"
#include "jx_search.h"
#include "jx_test.h"
#include "jx_text.h"

#define MAX_REPORTS 256

/* One report: its path and the search forms of its clean lines. */
typedef struct sample {
    char *path;
    char **lines;
    size_t n_lines;
} sample;

static sample samples[MAX_REPORTS];
static size_t n_samples;

/* A deterministic generator, so failures can be reproduced. */
static uint64_t rng_state = 0x2545F4914F6CDD1DULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Reads one report as indexing does and keeps its lines' search forms. */
static void load_sample(const char *path)
{
    jx_report *r = NULL;
    char *format = NULL;
    jx_error err = {0};
    if (n_samples == MAX_REPORTS ||
        Jx_index_read_report(path, NULL, &r, &format, &err))
        return;
    sample *s = &samples[n_samples++];
    s->path = realpath(path, NULL);
    for (char *line = r->text; line && *line;) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        jx_buf form = {0};
        Jx_search_form(line, len, &form, NULL);
        s->lines = realloc(s->lines, (s->n_lines + 1) * sizeof *s->lines);
        s->lines[s->n_lines++] = Jx_buf_detach(&form);
        line = nl ? nl + 1 : NULL;
    }
    free(format);
    Jx_report_destroy(r);
}

/* Indexes every report file of a folder, loading each for the brute
 * force when load is set. */
static void add_folder(jx_indexer *ix, const char *dir, int load)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (Jx_format_from_path(path) != JX_FORMAT_UNKNOWN) {
            jx_error err = {0};
            if (load)
                load_sample(path);
            Jx_indexer_add_path(ix, path, &err);
        }
        free(names[i]);
    }
    free(names);
}

/* True when the brute force finds the query form in report i. */
static int brute_contains(size_t i, const char *form)
{
    for (size_t l = 0; l < samples[i].n_lines; l++)
        if (strstr(samples[i].lines[l], form))
            return 1;
    return 0;
}

/* Checks one query; returns 1 when search and brute force agree. */
static int check_query(jx_db *db, const char *query)
{
    jx_buf form = {0}, quoted = {0};
    Jx_search_form(query, strlen(query), &form, NULL);
    Jx_buf_printf(&quoted, "\"%s\"", query);
    jx_search_request req = {0};
    req.query = quoted.data;
    req.reports_only = 1;
    req.limit = MAX_REPORTS;
    jx_results *res = NULL;
    jx_error err = {0};
    int ok = 1;
    if (Jx_search(db, &req, &res, &err)) {
        printf("FAIL: exactness query '%s': search failed: %s\n", query,
               err.message);
        ok = 0;
    }
    for (size_t i = 0; ok && i < n_samples; i++) {
        int want = brute_contains(i, form.data);
        int got = 0;
        for (size_t h = 0; h < res->n_reports && !got; h++) {
            /* resolved, as samples[i].path is: the index keeps the path
             * as given (../shared may be a link) */
            char *real =
                res->reports[h].record.n_paths
                    ? realpath(res->reports[h].record.paths[0].path, NULL)
                    : NULL;
            got = real && strcmp(real, samples[i].path) == 0;
            free(real);
        }
        if (want != got) {
            printf("FAIL: exactness query '%s': %s %s but the text %s it\n",
                   query, samples[i].path, got ? "returned" : "missing",
                   want ? "contains" : "does not contain");
            ok = 0;
        }
    }
    if (ok && res->total_reports != res->n_reports) {
        printf("FAIL: exactness query '%s': total %lu != %zu listed\n", query,
               res->total_reports, res->n_reports);
        ok = 0;
    }
    Jx_results_destroy(res);
    Jx_buf_clear(&form);
    Jx_buf_clear(&quoted);
    return ok;
}

/* Copies n Han characters starting at a random Han run of some line. */
static int sample_query(size_t n, char *out, size_t cap)
{
    for (int tries = 0; tries < 1000; tries++) {
        sample *s = &samples[rng() % n_samples];
        if (!s->n_lines)
            continue;
        const char *line = s->lines[rng() % s->n_lines];
        size_t len = strlen(line);
        if (!len)
            continue;
        size_t at = rng() % len, o = 0, k = 0;
        while (at > 0 && ((unsigned char)line[at] & 0xC0) == 0x80)
            at--;
        while (k < n && at < len) {
            uint32_t cp;
            size_t b = Jx_utf8_decode(line + at, len - at, &cp);
            if (!Jx_is_han(cp) || o + b >= cap)
                break;
            memcpy(out + o, line + at, b);
            o += b;
            at += b;
            k++;
        }
        if (k == n) {
            out[o] = '\0';
            return 1;
        }
    }
    return 0;
}

/* The folder of the generated report and its long paragraph. */
static char gen_dir[] = "/tmp/jx-exact-gen-XXXXXX";
static jx_buf gen_para;

/* Counts the code points of the NUL-terminated UTF-8 s. */
static size_t char_count(const char *s)
{
    size_t n = 0, len = strlen(s);
    uint32_t cp;
    for (size_t i = 0; i < len; n++)
        i += Jx_utf8_decode(s + i, len - i, &cp);
    return n;
}

/* Writes into gen_dir a report whose second line is a paragraph of 2000
 * Han characters drawn from a small set (so that bigrams repeat, as in
 * real text) without any punctuation: it is cut hard every few hundred
 * characters. */
static void write_long_report(void)
{
    static const char set[] = "资金使用规范有效预算执行绩效目标评价项目管理"
                              "单位财政监督考核指标完成情况";
    size_t set_chars = char_count(set);
    for (size_t k = 0; k < 2000; k++) {
        size_t pick = rng() % set_chars, at = 0;
        uint32_t cp;
        for (size_t c = 0; c < pick; c++)
            at += Jx_utf8_decode(set + at, strlen(set) - at, &cp);
        Jx_buf_append(&gen_para, set + at, Jx_utf8_decode(set + at, 3, &cp));
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/long-unpunctuated.txt", gen_dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fprintf(f, "北坪县财政局2022年度部门整体支出绩效自评报告\n%s\n",
                gen_para.data);
        fclose(f);
    }
}

/* Checks strings of 2, 5 and 8 characters starting at every third
 * character near the cuts of the generated paragraph (hard cuts fall
 * every 336 characters from 400 on, each next passage starting 64
 * characters early) and every 50th elsewhere. */
static void check_cut_queries(jx_db *db, size_t *checked, size_t *agreed)
{
    size_t chars = gen_para.data ? char_count(gen_para.data) : 0;
    char q[64];
    for (size_t c = 0; c + 8 < chars; c += 3) {
        size_t from_cut = (c + 336 - 400 % 336) % 336;
        if (from_cut > 8 && from_cut < 328 && c % 50 > 2)
            continue;
        size_t at = 0;
        uint32_t cp;
        for (size_t k = 0; k < c; k++)
            at += Jx_utf8_decode(gen_para.data + at, gen_para.len - at, &cp);
        for (size_t qlen = 2; qlen <= 8; qlen += 3) {
            size_t end = at;
            for (size_t k = 0; k < qlen; k++)
                end += Jx_utf8_decode(gen_para.data + end, gen_para.len - end,
                                      &cp);
            snprintf(q, sizeof q, "%.*s", (int)(end - at), gen_para.data + at);
            (*checked)++;
            *agreed += (size_t)check_query(db, q);
        }
    }
}

/* Indexes the collection into dir with opts; load: also for the brute
 * force. */
static void build(const char *dir, const jx_index_options *opts, int load)
{
    jx_indexer *ix = NULL;
    jx_error err = {0};
    CHECK(Jx_indexer_open(dir, opts, NULL, &ix, &err) == JX_OK, "open", "%s",
          err.message);
    if (!ix)
        return;
    add_folder(ix, "docs/examples", load);
    if (jx_test_seeds_dir())
        add_folder(ix, jx_test_seeds_dir(), load);
    add_folder(ix, gen_dir, load);
    CHECK(Jx_indexer_finish(ix, &err) == JX_OK, "commit", "%s", err.message);
    Jx_indexer_close(ix);
}

/* Counts the passages of db whose stored text is packed (first byte 1). */
static size_t packed_passages(jx_db *db)
{
    unsigned long n = 0;
    size_t packed = 0;
    jx_error err = {0};
    Jx_db_doccount(db, &n, &err);
    for (jx_docid id = 1; id <= 3 * n; id++) { /* shards interleave ids */
        jx_doc *doc = NULL;
        const char *v;
        size_t len;
        if (Jx_db_document(db, id, &doc, &err) == JX_OK &&
            Jx_doc_value(doc, JX_SLOT_TEXT, &v, &len, &err) == JX_OK && len &&
            v[0] == 1)
            packed++;
        Jx_doc_destroy(doc);
    }
    return packed;
}

/* Runs the sampled and the fixed queries over the database in dir and
 * checks that each agrees with the brute force. */
static void check_db(const char *dir, const char *label)
{
    const char *paths[] = {dir};
    jx_db *db = NULL;
    jx_error err = {0};
    CHECK(Jx_db_open(paths, 1, &db, &err) == JX_OK, "db", "%s", err.message);
    if (!db)
        return;
    size_t checked = 0, agreed = 0;
    char q[64];
    rng_state = 0x2545F4914F6CDD1DULL; /* the same queries each time */
    for (size_t len = 1; len <= 6; len++) {
        for (int i = 0; i < 60; i++) {
            if (!sample_query(len, q, sizeof q))
                continue;
            checked++;
            agreed += (size_t)check_query(db, q);
        }
    }
    static const char *const fixed[] = {
        /* across the page-break joins of the samples */
        "疫情影响", "预算执行率", "绩效目标", "资金使用效益", "乡村振兴",
        "政府采购", "执行率", "情影", "采购",
        /* occurring nowhere */
        "绩效效评价", "龘靐齉", "预算执行率率", "时，会", "评价绩效评价绩效",
        /* full-width digits and spaced years */
        "２０２１年", "2022 年", "１-９月",
        /* single characters, common and rare */
        "的", "疫", "龘", "〇"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        checked++;
        agreed += (size_t)check_query(db, fixed[i]);
    }
    check_cut_queries(db, &checked, &agreed);
    char name[64];
    snprintf(name, sizeof name, "query count (%s)", label);
    CHECK(checked >= 300, name, "only %zu queries", checked);
    snprintf(name, sizeof name, "every query exact (%s)", label);
    CHECK(agreed == checked, name,
          "%zu of %zu queries disagree with the brute force", checked - agreed,
          checked);
    printf("exactness (%s): %zu queries, %zu agree with the brute force over "
           "%zu reports\n",
           label, checked, agreed, n_samples);
    if (strcmp(label, "packed") == 0) {
        char *dict = NULL;
        Jx_db_get_metadata(db, JX_META_DICT, &dict, &err);
        size_t packed = packed_passages(db);
        CHECK(dict && *dict && packed > 100, "text packed with a dictionary",
              "dictionary \"%s\", %zu packed passages", dict ? dict : "",
              packed);
        printf("exactness (packed): %zu passages packed with dictionary %s\n",
               packed, dict ? dict : "(none)");
        free(dict);
    }
    Jx_db_close(db);
}

int main(void)
{
    jx_test_name = "exactness";
    char dir[] = "/tmp/jx-exact-XXXXXX", packed[64];
    if (!mkdtemp(dir) || !mkdtemp(gen_dir))
        return 1;
    write_long_report();
    build(dir, NULL, 1);
    CHECK(n_samples >= 12, "samples loaded", "only %zu", n_samples);
    check_db(dir, "stored as is");
    /* Again with the text packed: a dictionary trained after 16 KB (the
     * bundled samples alone are about 60 KB: the check must hold on a
     * clone without ../shared), and a commit every two files so that
     * most passages come after it. */
    snprintf(packed, sizeof packed, "%s/packed", dir);
    jx_index_options opts = {0};
    opts.batch_files = 2;
    opts.dict_min_text = 16 * 1024;
    build(packed, &opts, 0);
    check_db(packed, "packed");
    for (size_t i = 0; i < n_samples; i++) {
        for (size_t l = 0; l < samples[i].n_lines; l++)
            free(samples[i].lines[l]);
        free(samples[i].lines);
        free(samples[i].path);
    }
    Jx_buf_clear(&gen_para);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir, gen_dir);
    CHECK(system(cmd) == 0, "cleanup", "rm failed");
    TEST_MAIN_END();
}
