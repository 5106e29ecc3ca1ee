/* jixiao-search.c: the jixiao-search command. Parses options into a
 * search request, runs it with the search engine (jixiao.h, the
 * engine's public API, the only header of common/ it includes) and walks
 * the results through one output format (text, JSON Lines or CSV). Exit status
 * as grep: 0 something matched, 1 nothing did, 2 an error. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "jixiao.h"
#include "output.h"

#define JX_VERSION "0.1.0"
#define MAX_DBS    64

static const char usage[] =
    "Usage: jixiao-search [OPTION]... QUERY...\n"
    "Search the indexed performance reports. A Chinese string matches "
    "exactly\n"
    "the passages that contain it; words separated by spaces must all match.\n"
    "\n"
    "Query language:\n"
    "  预算执行率 疫情         both strings (AND)\n"
    "  疫情 OR 新冠            either (OR binds tighter than the spaces)\n"
    "  预算 -疫情, NOT 疫情     exclude\n"
    "  (疫情 OR 新冠) 影响      group\n"
    "  \"（一）主要问题\"        one exact string, punctuation included\n"
    "  title: dept: region: section: year:2021 year:2019..2022 score:90..\n"
    "  score:..85 score:none grade:优 type:项目支出\n"
    "\n"
    "Options:\n"
    "  -d, --db DIR          database (repeat for several, searched as one;\n"
    "                        default: $JIXIAO_DB, else\n"
    "                        $XDG_DATA_HOME/jixiao/db, else\n"
    "                        ~/.local/share/jixiao/db)\n"
    "  -n, --limit N         reports shown (passages with --per-report 0);\n"
    "                        default 10\n"
    "      --offset N        skip the first N\n"
    "  -p, --per-report N    best passages shown per report (default 3;\n"
    "                        0: passages not grouped by report)\n"
    "      --sort KEY        relevance (default), year or score\n"
    "  -y, --year Y          2021 or 2019..2022 (2021年, 2019-2022 also)\n"
    "      --dept TEXT       department name contains TEXT\n"
    "      --region TEXT     region contains TEXT\n"
    "      --title TEXT      title contains TEXT\n"
    "      --min-score N     overall score at least N\n"
    "      --max-score N     overall score at most N\n"
    "      --no-score        reports without an overall score\n"
    "      --grade G         优 良 中 差 (优秀 良好 合格 不合格 are the "
    "same)\n"
    "      --type T          项目支出, 部门整体支出 or 其他\n"
    "  -c, --count-by KEY    matching reports and passages per year, dept,\n"
    "                        region, grade or type, with a bar chart\n"
    "  -l, --list-reports    the matching reports with their metadata\n"
    "                        (alone: every report of the database)\n"
    "      --count           only the totals, exact\n"
    "      --count-limit N   count matches exactly up to N passages, then\n"
    "                        give lower bounds (default 1000; 0: count all)\n"
    "      --json            JSON Lines (see docs/json.md)\n"
    "      --csv[=FORM]      CSV (with --list-reports or --count-by):\n"
    "                        excel (default: UTF-8 with a byte order mark,\n"
    "                        as Excel needs) or plain (UTF-8 alone)\n"
    "      --color[=WHEN]    auto (default), always or never; NO_COLOR is\n"
    "                        honoured\n"
    "  -C, --context N       characters shown around matches (default 60)\n"
    "      --allow-partial   a shard set with a shard that does not answer:\n"
    "                        search the others, warn, mark it partial\n"
    "      --timeout SEC     wait at most SEC for each remote shard (10)\n"
    "      --copies          also show each copy of a report (the same\n"
    "                        report in another file) as its own entry,\n"
    "                        after the report; counts are not changed\n"
    "  -h, --help            this help\n"
    "  -V, --version         the version\n"
    "\n"
    "Exit status: 0 something matched, 1 nothing matched, 2 an error.\n"
    "\n"
    "Examples:\n"
    "  jixiao-search 预算执行率\n"
    "  jixiao-search 疫情 --count-by year\n"
    "  jixiao-search '资金使用效益 -疫情' --dept 卫生 --year 2020..2022\n"
    "  jixiao-search 'section:问题 整改' --min-score 90 --json\n"
    "  jixiao-search --list-reports --grade 优 --csv > reports.csv\n";

/* Codes of the options that have no short form. */
enum {
    OPT_OFFSET = 256,
    OPT_SORT,
    OPT_DEPT,
    OPT_REGION,
    OPT_TITLE,
    OPT_MIN,
    OPT_MAX,
    OPT_NO_SCORE,
    OPT_GRADE,
    OPT_TYPE,
    OPT_COUNT,
    OPT_COUNT_LIMIT,
    OPT_JSON,
    OPT_CSV,
    OPT_COLOR,
    OPT_COPIES,
    OPT_ALLOW_PARTIAL,
    OPT_TIMEOUT
};

typedef enum out_kind { OUT_TEXT, OUT_JSON, OUT_CSV } out_kind;

typedef struct options {
    const char *dbs[MAX_DBS];
    size_t n_dbs;
    jx_request req;
    char score_range[64];
    const char *min_score, *max_score;
    int no_score;
    int count_only;
    int copies; /* --copies: each copy of a report as its own entry */
    jx_open_options open; /* shard sets: --allow-partial, --timeout */
    int partial;          /* a shard was left out */
    out_kind out;
    int csv_plain; /* --csv=plain: no byte order mark */
    int color;     /* -1 auto */
    unsigned context;
    char *query; /* the words after the options, joined by spaces; NULL
                  * when there are none */
} options;

/* Parses a whole number option; -1 when it is not one. */
static long parse_count(const char *s, long max)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0 || v > max)
        return -1;
    return v;
}

/* Reports a bad option value and returns the exit status for it. */
static int bad_value(const char *opt, const char *value, const char *why)
{
    fprintf(stderr, "jixiao-search: bad value '%s' for %s: %s\n", value, opt,
            why);
    return 2;
}

/* Sets a numeric option; returns -1 on success, else an exit status. */
static int set_count(const char *opt, const char *value, long max,
                     unsigned *out)
{
    long v = parse_count(value, max);
    if (v < 0) {
        char why[64];
        snprintf(why, sizeof why, "a whole number from 0 to %ld is needed",
                 max);
        return bad_value(opt, value, why);
    }
    *out = (unsigned)v;
    return -1;
}

/* Applies one option; returns -1 to go on, else an exit status. */
static int apply_option(int c, const char *arg, options *o);

/* Prints the refusal of an option getopt_long refused (see
 * cli_refusal); returns 2. */
static int option_error(int c, int argc, char **argv,
                        const struct option *longs)
{
    char *out = NULL;
    if (cli_refusal(c, argc, argv, longs, "jixiao-search", 1, &out))
        fputs("jixiao-search: out of memory\n", stderr);
    else
        fputs(out, stderr);
    free(out);
    return 2;
}

/* Joins argv[from..argc) with spaces into a malloc'd string; NULL when
 * there is nothing to join (or no memory: *failed is then set). */
static char *join_words(int from, int argc, char **argv, int *failed)
{
    size_t len = 0;
    *failed = 0;
    if (from >= argc)
        return NULL;
    for (int i = from; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = malloc(len), *at = s;
    if (!s) {
        *failed = 1;
        return NULL;
    }
    for (int i = from; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (i > from)
            *at++ = ' ';
        memcpy(at, argv[i], n);
        at += n;
    }
    *at = '\0';
    return s;
}

/* Refuses an option (getopt's code c) whose value is the next option
 * ("--year --dept X"): the value was left out. Returns 2. */
static int value_is_option(int c, const char *value,
                           const struct option *longs)
{
    const char *name = "";
    for (const struct option *o = longs; o->name && !*name; o++)
        if (o->val == c)
            name = o->name;
    fprintf(stderr,
            "jixiao-search: option '--%s' needs a value ('%s' is an option)\n"
            "Try 'jixiao-search --help' for more information.\n",
            name, value);
    return 2;
}

/* Parses argv into o; returns -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, OPT_OFFSET},
        {"per-report", required_argument, NULL, 'p'},
        {"sort", required_argument, NULL, OPT_SORT},
        {"year", required_argument, NULL, 'y'},
        {"dept", required_argument, NULL, OPT_DEPT},
        {"region", required_argument, NULL, OPT_REGION},
        {"title", required_argument, NULL, OPT_TITLE},
        {"min-score", required_argument, NULL, OPT_MIN},
        {"max-score", required_argument, NULL, OPT_MAX},
        {"no-score", no_argument, NULL, OPT_NO_SCORE},
        {"grade", required_argument, NULL, OPT_GRADE},
        {"type", required_argument, NULL, OPT_TYPE},
        {"count-by", required_argument, NULL, 'c'},
        {"list-reports", no_argument, NULL, 'l'},
        {"count", no_argument, NULL, OPT_COUNT},
        {"count-limit", required_argument, NULL, OPT_COUNT_LIMIT},
        {"json", no_argument, NULL, OPT_JSON},
        {"csv", optional_argument, NULL, OPT_CSV},
        {"color", optional_argument, NULL, OPT_COLOR},
        {"colour", optional_argument, NULL, OPT_COLOR},
        {"context", required_argument, NULL, 'C'},
        {"copies", no_argument, NULL, OPT_COPIES},
        {"allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c, status;
    opterr = 0; /* getopt's own message would cut UTF-8 apart */
    while ((c = getopt_long(argc, argv, ":d:n:p:y:c:lC:hV", longs, NULL)) !=
           -1) {
        if (c == '?' || c == ':')
            return option_error(c, argc, argv, longs);
        if (optarg && cli_long_option(optarg, longs))
            return value_is_option(c, optarg, longs);
        if ((status = apply_option(c, optarg, o)) >= 0)
            return status;
    }
    int failed;
    o->query = join_words(optind, argc, argv, &failed);
    if (failed)
        return bad_value("QUERY", "", "out of memory");
    return -1;
}

static int apply_option(int c, const char *arg, options *o)
{
    jx_request *r = &o->req;
    switch (c) {
    case 'd':
        if (o->n_dbs == MAX_DBS)
            return bad_value("--db", arg, "too many databases");
        o->dbs[o->n_dbs++] = arg;
        return -1;
    case 'n':
        return set_count("--limit", arg, 100000, &r->limit);
    case OPT_OFFSET:
        return set_count("--offset", arg, 1000000, &r->offset);
    case 'p':
        return set_count("--per-report", arg, 1000, &r->per_report);
    case 'C':
        return set_count("--context", arg, 10000, &o->context);
    case OPT_SORT:
        if (strcmp(arg, "relevance") == 0)
            r->sort = JX_SORT_RELEVANCE;
        else if (strcmp(arg, "year") == 0)
            r->sort = JX_SORT_YEAR;
        else if (strcmp(arg, "score") == 0)
            r->sort = JX_SORT_SCORE;
        else
            return bad_value("--sort", arg, "use relevance, year or score");
        return -1;
    case 'y':
        r->year = arg;
        return -1;
    case OPT_DEPT:
        r->dept = arg;
        return -1;
    case OPT_REGION:
        r->region = arg;
        return -1;
    case OPT_TITLE:
        r->title = arg;
        return -1;
    case OPT_MIN:
        o->min_score = arg;
        return -1;
    case OPT_MAX:
        o->max_score = arg;
        return -1;
    case OPT_NO_SCORE:
        o->no_score = 1;
        return -1;
    case OPT_GRADE:
        r->grade = arg;
        return -1;
    case OPT_TYPE:
        r->type = arg;
        return -1;
    case 'c':
        r->count_by = jx_count_by_parse(arg);
        if (r->count_by == JX_COUNT_NONE)
            return bad_value("--count-by", arg,
                             "use year, dept, region, grade or type");
        return -1;
    case 'l':
        r->reports_only = 1;
        return -1;
    case OPT_COUNT:
        o->count_only = 1;
        return -1;
    case OPT_COUNT_LIMIT: {
        unsigned n = 0;
        int status = set_count("--count-limit", arg, 100000000, &n);
        r->count_limit = n;
        return status;
    }
    case OPT_JSON:
        o->out = OUT_JSON;
        return -1;
    case OPT_COPIES:
        o->copies = 1;
        return -1;
    case OPT_ALLOW_PARTIAL:
        o->open.allow_partial = 1;
        return -1;
    case OPT_TIMEOUT: {
        char *end;
        double sec = strtod(arg, &end);
        if (end == arg || *end || !(sec > 0) || sec > 3600)
            return bad_value("--timeout", arg, "seconds, more than 0");
        o->open.timeout_ms = (unsigned)(sec * 1000 + 0.5);
        if (!o->open.timeout_ms)
            o->open.timeout_ms = 1;
        return -1;
    }
    case OPT_CSV:
        o->out = OUT_CSV;
        if (!arg || strcmp(arg, "excel") == 0)
            o->csv_plain = 0;
        else if (strcmp(arg, "plain") == 0)
            o->csv_plain = 1;
        else
            return bad_value("--csv", arg, "use excel or plain");
        return -1;
    case OPT_COLOR:
        if (!arg || strcmp(arg, "auto") == 0)
            o->color = -1;
        else if (strcmp(arg, "always") == 0)
            o->color = 1;
        else if (strcmp(arg, "never") == 0)
            o->color = 0;
        else
            return bad_value("--color", arg, "use auto, always or never");
        return -1;
    case 'h':
        fputs(usage, stdout);
        return 0;
    case 'V':
        printf("jixiao-search %s\n", JX_VERSION);
        return 0;
    }
    return 2;
}

/* True when s is a number from 0 to 100. */
static int is_score(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    return *s && !*end && v >= 0 && v <= 100;
}

/* Turns --min-score, --max-score and --no-score into the score filter. */
static int score_filter(options *o)
{
    if (o->min_score && !is_score(o->min_score))
        return bad_value("--min-score", o->min_score,
                         "a number from 0 to 100 is needed");
    if (o->max_score && !is_score(o->max_score))
        return bad_value("--max-score", o->max_score,
                         "a number from 0 to 100 is needed");
    if (o->no_score && (o->min_score || o->max_score))
        return bad_value("--no-score", "",
                         "cannot be combined with "
                         "--min-score or --max-score");
    if (o->no_score) {
        o->req.score = "none";
    } else if (o->min_score || o->max_score) {
        snprintf(o->score_range, sizeof o->score_range, "%s..%s",
                 o->min_score ? o->min_score : "",
                 o->max_score ? o->max_score : "");
        o->req.score = o->score_range;
    }
    return -1;
}

/* With --copies: writes each copy of a report (jx_hit_copy) as an entry
 * of its own, with the report's metadata, the copy's path, format and
 * key, and the key it copies. */
static void print_copies(const output_format *fmt, output_style *st,
                         unsigned rank, const jx_hit_report *hit)
{
    for (size_t i = 0; i < hit->n_copies; i++) {
        const jx_hit_copy *c = &hit->copies[i];
        jx_hit_report view = *hit; /* borrows hit's strings */
        view.paths = &hit->paths[c->path];
        view.n_paths = 1;
        view.copies = NULL;
        view.n_copies = 0;
        view.format = c->format;
        view.key = c->key;
        view.passages = NULL;
        view.n_passages = 0;
        st->copy_of = hit->key;
        fmt->report(stdout, st, rank, &view);
        st->copy_of = NULL;
    }
}

/* Walks the results through the output format. */
static void print_results(const options *o, const jx_hits *res)
{
    const output_format *fmt = o->out == OUT_JSON  ? &output_json
                               : o->out == OUT_CSV ? &output_csv
                                                   : &output_text;
    output_style st = {o->color, o->context, o->query, 1, NULL, o->partial};
    /* only when the query searches for some string do passages "match",
     * and do a listing's passage counts say something */
    st.passage_counts = !o->req.reports_only || jx_query_finds_text(o->query);
    /* Excel reads a CSV file as UTF-8 only when it starts with a byte
     * order mark; without one, Chinese Excel reads GB18030 (mojibake). */
    if (o->out == OUT_CSV && !o->csv_plain && !o->count_only)
        fputs("\xEF\xBB\xBF", stdout);
    if (o->req.count_by != JX_COUNT_NONE) {
        fmt->counts(stdout, &st, o->req.count_by, res);
        return;
    }
    if (o->count_only) {
        if (o->out == OUT_JSON)
            printf("{\"passages\":%lu,\"reports\":%lu%s}\n",
                   res->total_passages, res->total_reports,
                   o->partial ? ",\"partial\":true" : "");
        else
            printf("%lu passage%s in %lu report%s\n", res->total_passages,
                   res->total_passages == 1 ? "" : "s", res->total_reports,
                   res->total_reports == 1 ? "" : "s");
        return;
    }
    fmt->totals(stdout, &st, res);
    unsigned rank = o->req.offset;
    for (size_t i = 0; i < res->n_reports; i++) {
        const jx_hit_report *hit = &res->reports[i];
        fmt->report(stdout, &st, ++rank, hit);
        for (size_t j = 0; j < hit->n_passages; j++)
            fmt->passage(stdout, &st, hit, &hit->passages[j], rank);
        if (o->copies)
            print_copies(fmt, &st, rank, hit);
    }
}

/* Decides whether to colour: --color, then NO_COLOR, then a terminal. */
static int use_color(int requested)
{
    if (requested >= 0)
        return requested;
    const char *no = getenv("NO_COLOR");
    if (no && *no)
        return 0;
    return isatty(STDOUT_FILENO);
}

/* Prints one error line, "jixiao-search: [WHERE: ]MESSAGE", with control
 * characters escaped (the message may quote the query). */
static void print_error(const char *where, const char *message)
{
    char *w = where ? jx_escape_controls(where) : NULL;
    char *m = jx_escape_controls(message);
    if (m && (w || !where))
        fprintf(stderr, "jixiao-search: %s%s%s\n", w ? w : "", w ? ": " : "",
                m);
    else
        fputs("jixiao-search: error\n", stderr);
    jx_free(w);
    jx_free(m);
}

/* Prints the line for a damaged database: what is damaged and how to
 * build it again (the reports are still in their files). */
static void print_damaged(const char *db, const char *message)
{
    fprintf(stderr,
            "jixiao-search: %s: %s; rebuild with: rm -rf %s && jixiao-index "
            "--db %s PATH...\n",
            db, message, db, db);
}

/* Says why the databases could not be opened or searched: names the
 * first of them that is missing or damaged (with how to rebuild it), or,
 * when each checks sound, the database the error names. */
static void print_db_error(const options *o, const jx_error *err)
{
    for (size_t i = 0; i < o->n_dbs; i++) {
        jx_checkup *r = NULL;
        jx_error cerr = {0};
        jx_status cst = jx_checkup_run(o->dbs[i], JX_CHECK_QUICK, &r, &cerr);
        size_t problems = r ? r->n_problems : 0;
        jx_checkup_destroy(r);
        if (cst == JX_ERR_DB_NOT_FOUND) {
            fprintf(stderr,
                    "jixiao-search: no database at %s: index reports first "
                    "with jixiao-index\n",
                    o->dbs[i]);
            return;
        }
        /* a database that cannot even be checked is the one at fault;
         * one that changed under the check (an indexer commits) says
         * nothing either way */
        if (cst && cst != JX_ERR_NOMEM && cst != JX_ERR_DB_MODIFIED) {
            print_error(o->dbs[i], cerr.message);
            return;
        }
        /* checked again: a search that ran while an indexer merged its
         * parts may have seen one go */
        if (problems &&
            jx_database_damaged(o->dbs[i], 1, &cerr) == JX_ERR_DB_CORRUPT) {
            print_damaged(o->dbs[i], cerr.message);
            return;
        }
    }
    /* the message names the database when Xapian's does */
    print_error(o->n_dbs == 1 ? o->dbs[0] : NULL, err->message);
}

/* True, having said why, when a database the search read is damaged. */
static int damaged_db(const options *o)
{
    for (size_t i = 0; i < o->n_dbs; i++) {
        jx_error cerr = {0};
        if (jx_database_damaged(o->dbs[i], 1, &cerr) == JX_ERR_DB_CORRUPT) {
            print_damaged(o->dbs[i], cerr.message);
            return 1;
        }
    }
    return 0;
}

/* True, having said why, when the database is a shard set: its errors
 * name the shard (jx_database_open_with), and the checks of one
 * database's folder do not apply to it. */
static int shard_set_error(const options *o, const jx_error *err)
{
    int is_set = 0, remote = 0;
    size_t n = 0;
    jx_error e = {0};
    if (o->n_dbs != 1 ||
        jx_shard_set_probe(o->dbs[0], &is_set, &n, &remote, &e))
        return 0;
    if (is_set)
        print_error(o->dbs[0], err->message);
    return is_set;
}

/* Opens the databases, runs the search, prints; returns the exit status. */
static int run(options *o)
{
    char *fallback = NULL;
    if (o->n_dbs == 0) {
        jx_default_database(getenv("JIXIAO_DB"), getenv("XDG_DATA_HOME"),
                            getenv("HOME"), &fallback);
        o->dbs[o->n_dbs++] = fallback;
    }
    jx_database *db = NULL;
    jx_hits *res = NULL;
    jx_error err = {0};
    jx_status st =
        jx_database_open_with(o->dbs, o->n_dbs, &o->open, &db, &err);
    int status = 2;
    if (st == JX_ERR_ARG) /* a database given twice: names both */
        print_error(NULL, err.message);
    else if (st && shard_set_error(o, &err))
        ;
    else if (st)
        print_db_error(o, &err);
    for (size_t i = 0; !st && i < jx_database_missing_count(db); i++) {
        fprintf(stderr,
                "jixiao-search: %s: warning: shard %s did not answer; "
                "results from the other shards only\n",
                o->dbs[0], jx_database_missing(db, i));
        o->partial = 1;
    }
    if (!st) {
        o->req.query = o->query;
        st = jx_database_search(db, &o->req, &res, &err);
        if (st == JX_ERR_QUERY || st == JX_ERR_ARG || st == JX_ERR_NOMEM)
            print_error(NULL, err.message);
        else if (st && shard_set_error(o, &err))
            ;
        else if (st)
            print_db_error(o, &err);
    }
    /* nothing found: a damaged database (a part that lost its passages)
     * finds nothing too; the check costs time only then */
    if (!st && !res->total_passages && !jx_database_shard_count(db) &&
        damaged_db(o))
        st = JX_ERR_DB_CORRUPT;
    if (!st) {
        print_results(o, res);
        status = res->total_passages ? 0 : 1;
    }
    jx_hits_destroy(res);
    jx_database_destroy(db);
    jx_free(fallback);
    return status;
}

int main(int argc, char **argv)
{
    options o = {0};
    jx_request_init(&o.req); /* 10 reports, 3 passages each, counted to 1000 */
    o.color = -1;
    o.context = 60;
    int status = parse_options(argc, argv, &o);
    if (status < 0)
        status = score_filter(&o);
    if (status < 0) {
        if (o.req.reports_only && o.req.limit == 10 && o.out == OUT_CSV)
            o.req.limit = 100000;
        o.color = use_color(o.color) && o.out == OUT_TEXT;
        if (o.count_only || o.req.count_by != JX_COUNT_NONE)
            o.req.limit = 0; /* totals and counts only: no hits to read */
        if (o.count_only)
            o.req.count_limit = 0; /* the totals are all it asks for */
        if (o.count_only && !o.query)
            o.req.reports_only = 1; /* no query: count the collection */
        status = run(&o);
    }
    free(o.query);
    return status;
}
