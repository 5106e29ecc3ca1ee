/* jixiao-index.c: the jixiao-index command. Parses options, then hands
 * the paths to the indexing engine (a jx_writer of jixiao.h, the
 * engine's public API, the only header of common/ it includes) and
 * reports what
 * happened: a progress line on a terminal, one line per file it could
 * not index, and a summary. --show-meta prints what metadata extraction
 * finds in files without indexing them. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../search/cli.h" /* shared by both programs (search/cli.h) */
#include "jixiao.h"

#define JX_VERSION "0.1.0"

/* Set by the SIGINT/SIGTERM handler and polled between files: the one
 * piece of global state, because a signal handler can reach nothing
 * else. */
static volatile sig_atomic_t stop_signal;

/* Records the signal; the run stops after the file under way (a read
 * that blocks is interrupted: the handler is installed without
 * SA_RESTART). A second signal ends the program at once, as if there
 * were no handler: the database keeps its last commit. */
static void on_signal(int sig)
{
    if (stop_signal) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_signal = sig;
}

/* Installs on_signal for SIGINT and SIGTERM, without SA_RESTART. */
static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* What on_fatal needs, set by run_index: it is called from inside Xapian
 * (std::terminate), where nothing can be handed to it. */
static struct {
    const char *db;
    jx_writer *ix;
    int reported; /* the run's error line was printed already */
} fatal;

/* Prints the one line that says why a run stopped: the database, the
 * cause, and that the database holds what was committed before. */
static void report_stop(const char *db, jx_writer *ix, const char *why)
{
    if (fatal.reported)
        return;
    fatal.reported = 1;
    if (ix)
        fprintf(stderr,
                "jixiao-index: %s: %s; the run stopped, the database keeps "
                "its last commit (%lu files indexed in this run)\n",
                db, why, jx_writer_stats(ix)->files_committed);
    else
        fprintf(stderr, "jixiao-index: %s: %s\n", db, why);
}

/* Prints the line for a damaged database: what is damaged and how to
 * build it again (the reports are still in their files). */
static void print_damaged(const char *db, const char *message)
{
    fprintf(stderr,
            "jixiao-index: %s: %s; rebuild with: rm -rf %s && jixiao-index "
            "--db %s PATH...\n",
            db, message, db, db);
}

/* Reports an error Xapian could not return (a write that failed inside
 * a commit) like any other, and exits 2 instead of aborting. Passage
 * parts are committed on threads of their own, and a full disk fails
 * them together: the first thread here prints and exits, the others
 * wait on the lock (they would otherwise exit before it printed). */
static void on_fatal(const jx_error *err)
{
    static pthread_mutex_t once = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&once);
    report_stop(fatal.db, fatal.ix, err->message);
    _exit(2);
}

/* Reads a whole number from 1 to most for option name into *out; says
 * why on stderr and returns 1 when it is not one. */
static int whole_number(const char *text, const char *name, long most,
                        unsigned *out)
{
    char *end;
    long n = strtol(text, &end, 10);
    if (!*text || *end || n < 1 || n > most) {
        fprintf(stderr,
                "jixiao-index: bad value '%s' for %s: a whole number from 1 "
                "to %ld is needed\n",
                text, name, most);
        return 1;
    }
    *out = (unsigned)n;
    return 0;
}

typedef struct options {
    char *db;
    jx_writer_options index;
    int quiet;
    int show_meta;
    int status;
    int compact;
    int check;
    int json;
    int remove;
    unsigned shards; /* --shards N, --shard K/N: a shard set of N */
    int one_shard;   /* --shard K/N: only shard K (o->index.shard) */
} options;

/* What the event callbacks need. */
typedef struct run_state {
    int progress; /* draw the progress line (stderr is a terminal) */
    int line_shown;
    struct timespec start, last;
} run_state;

static const char usage[] =
    "Usage: jixiao-index [OPTION]... PATH...\n"
    "       jixiao-index --status [--db DIR]\n"
    "       jixiao-index --remove PATH... [--db DIR]\n"
    "       jixiao-index --check [--db DIR]\n"
    "Index the performance reports in each PATH (a file or a folder, walked\n"
    "recursively): .txt in UTF-8, GB18030/GBK or UTF-16, .docx, .pdf, .html.\n"
    "Run it again after reports change: only new and changed files are read,\n"
    "and reports whose files are gone are removed.\n"
    "\n"
    "Options:\n"
    "  -d, --db DIR         database folder (default: $JIXIAO_DB, else\n"
    "                       $XDG_DATA_HOME/jixiao/db, else\n"
    "                       ~/.local/share/jixiao/db): absent, empty, or a\n"
    "                       jixiao database\n"
    "  -f, --force          re-index every file, changed or not\n"
    "      --no-prune       keep reports whose files are gone\n"
    "  -m, --manifest FILE  CSV of metadata overrides "
    "(path,department,year,...)\n"
    "      --show-meta      print the metadata found in each FILE, with the\n"
    "                       line it came from; index nothing\n"
    "      --compact        rebuild the passages without those of changed\n"
    "                       or removed reports (also done by itself when\n"
    "                       they pass a tenth of the reports)\n"
    "      --remove         take the reports of each PATH (a file or a\n"
    "                       folder, present or not) out of the database;\n"
    "                       index nothing (exit 1 when none was there)\n"
    "      --status         what the database holds, when it was last\n"
    "                       updated, and which indexed files changed since\n"
    "      --check          check the whole database (every Xapian table,\n"
    "                       each report's passages): one line per problem,\n"
    "                       exit 0 sound, 2 damaged\n"
    "      --json           with --show-meta: JSON Lines\n"
    "      --commit-every N commit after every N files (default 200): a\n"
    "                       crash or kill loses at most that batch\n"
    "  -j, --jobs N         passage writers (threads) once a run has more\n"
    "                       than a batch of new reports (default: the\n"
    "                       processors, at most 4; 1 for one thread)\n"
    "      --shards N       split the database into N shards (a folder\n"
    "                       of shard-0 ... and a stub listing them), each\n"
    "                       report in one by a hash of its key, built by\n"
    "                       N indexers at once; a shard set given as --db\n"
    "                       keeps its N (see docs/shards.md)\n"
    "      --shard K/N      build only shard K (0..N-1) of N: one of N\n"
    "                       indexers run at the same time, or on N hosts\n"
    "  -q, --quiet          no progress line and no summary\n"
    "  -h, --help           this help\n"
    "  -V, --version        the version\n"
    "\n"
    "Exit status: 0 every file indexed, 1 some files could not be indexed\n"
    "(each is named on stderr), 2 an error stopped the run.\n"
    "\n"
    "Examples:\n"
    "  jixiao-index ~/reports                 index a folder into the default "
    "db\n"
    "  jixiao-index --db /srv/jx/db a/ b.docx  index into a chosen database\n"
    "  jixiao-index --show-meta report.txt    see department, year, score...\n"
    "  jixiao-index --manifest fixes.csv ~/reports\n"
    "  jixiao-index --remove ~/reports/2019   forget one folder's reports\n";

/* Seconds between two times. */
static double seconds(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) +
           (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Clears the progress line so the next message starts at column 0. */
static void clear_progress(run_state *rs)
{
    if (rs->line_shown) {
        fputs("\r\033[K", stderr);
        rs->line_shown = 0;
    }
}

/* Names a file that could not be indexed, and why. */
static void on_file_failed(void *ctx, const char *path, const jx_error *err)
{
    char *escaped = jx_escape_controls(path); /* a name may hold a newline */
    clear_progress(ctx);
    fprintf(stderr, "jixiao-index: %s: %s\n", escaped ? escaped : "",
            err->message);
    jx_free(escaped);
}

/* Tells about a file whose bytes were already indexed from elsewhere. */
static void on_duplicate(void *ctx, const char *path, const char *first)
{
    clear_progress(ctx);
    fprintf(stderr, "jixiao-index: %s: same content as %s (recorded once)\n",
            path, first);
}

/* Redraws the progress line at most ten times a second. */
static void on_progress(void *ctx, const char *path, const jx_run_stats *s)
{
    run_state *rs = ctx;
    struct timespec now;
    if (!rs->progress)
        return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (rs->line_shown && seconds(&rs->last, &now) < 0.1)
        return;
    rs->last = now;
    double mb = (double)s->bytes_read / 1e6, t = seconds(&rs->start, &now);
    fprintf(stderr,
            "\r\033[K%lu files (%lu new or changed, %lu failed), %.1f MB, "
            "%.1f MB/s",
            s->files_seen, s->files_indexed, s->files_failed, mb,
            t > 0 ? mb / t : 0.0);
    rs->line_shown = 1;
}

/* Polled between files. */
static int should_stop(void *ctx)
{
    return stop_signal != 0;
}

/* Prints what the walk passed over on purpose, when there is any:
 * hidden entries and links to folders inside folders. */
static void print_skipped(const jx_run_stats *s)
{
    if (s->hidden_skipped)
        fprintf(stderr, ", %lu hidden skipped", s->hidden_skipped);
    if (s->links_skipped)
        fprintf(stderr, ", %lu %s not followed", s->links_skipped,
                s->links_skipped == 1 ? "link to a folder"
                                      : "links to folders");
}

/* Prints the summary line of a run. Empty files (no text at all) are
 * not reports: they are only counted. */
static void print_summary(const jx_run_stats *s, const char *db, double t)
{
    if (s->files_indexed == 0 && s->reports_removed == 0 &&
        s->files_failed == 0) {
        fprintf(stderr, "jixiao-index: nothing changed: %lu files up to date",
                s->files_seen - s->files_empty - s->files_elsewhere);
        if (s->files_elsewhere)
            fprintf(stderr, ", %lu in other shards", s->files_elsewhere);
        if (s->files_empty)
            fprintf(stderr, ", %lu empty skipped", s->files_empty);
        print_skipped(s);
        fprintf(stderr, " in %s\n", db);
        return;
    }
    fprintf(stderr,
            "jixiao-index: %lu files: %lu indexed (%lu passages), %lu "
            "unchanged, %lu empty, %lu failed, %lu duplicates, %lu reports "
            "removed",
            s->files_seen, s->files_indexed, s->passages_added,
            s->files_unchanged, s->files_empty, s->files_failed, s->duplicates,
            s->reports_removed);
    if (s->copies) /* one report, many copies: see jx_copies.h */
        fprintf(stderr, ", %lu %s of other reports", s->copies,
                s->copies == 1 ? "copy" : "copies");
    if (s->files_elsewhere)
        fprintf(stderr, ", %lu in other shards", s->files_elsewhere);
    print_skipped(s);
    fprintf(stderr, "; %.1f MB in %.1f s -> %s\n", (double)s->bytes_read / 1e6,
            t, db);
}

/* Indexes every path; returns the exit status. */
static int run_index(const options *o, char **paths, int n)
{
    run_state rs = {0};
    rs.progress = !o->quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &rs.start);
    jx_writer_events ev = {on_file_failed, on_duplicate, on_progress,
                           should_stop, &rs};
    /* A write error ends the run with one line and exit 2: past a file
     * size limit (ulimit -f) too, rather than a SIGXFSZ core dump; and
     * when Xapian cannot return it (jx_set_fatal_callback). */
    fatal.db = o->db;
    signal(SIGXFSZ, SIG_IGN);
    jx_set_fatal_callback(on_fatal);
    jx_error err = {0};
    jx_writer *ix = NULL;
    jx_status st = jx_database_prepare(o->db, &err);
    if (st == JX_ERR_ARG) { /* never write into a folder of the user's */
        fprintf(stderr, "jixiao-index: %s: %s: choose another --db\n", o->db,
                err.message);
        return 2;
    }
    if (!st)
        st = jx_writer_open(o->db, &o->index, &ev, &ix, &err);
    if (st == JX_ERR_DB_CORRUPT) {
        print_damaged(o->db, err.message);
        return 2;
    }
    if (st) {
        report_stop(o->db, NULL, err.message);
        return 2;
    }
    fatal.ix = ix;
    catch_stop_signals();
    int status = 0;
    for (int i = 0; i < n && !st; i++) {
        st = jx_writer_add(ix, paths[i], &err);
        if (st == JX_ERR_IO) { /* a PATH that does not exist */
            clear_progress(&rs);
            fprintf(stderr, "jixiao-index: %s\n", err.message);
            status = 1;
            st = JX_OK;
        }
    }
    if (!st)
        st = jx_writer_finish(ix, &err);
    if (!st && o->compact)
        st = jx_writer_compact(ix, &err);
    clear_progress(&rs);
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    const jx_run_stats *s = jx_writer_stats(ix);
    if (st == JX_ERR_INTERRUPTED)
        fprintf(stderr,
                "jixiao-index: interrupted; %lu files indexed before it "
                "are committed\n",
                s->files_committed);
    else if (st)
        report_stop(o->db, ix, err.message);
    else if (!o->quiet)
        print_summary(s, o->db, seconds(&rs.start, &end));
    if (!st && s->files_failed)
        status = 1;
    fatal.ix = NULL; /* going */
    jx_writer_destroy(ix);
    if (st == JX_ERR_INTERRUPTED)
        return 128 + (int)stop_signal;
    return st ? 2 : status;
}

/* Runs the indexers of shards from..to-1 of a set of n at o->db, each
 * in a child process on DB/shard-K, at the same time; then writes the
 * stub listing the n shards. Returns the worst exit status. */
static int run_shards(options *o, char **paths, int n_paths, unsigned from,
                      unsigned to, unsigned n, int is_set)
{
    jx_error err = {0};
    if (!is_set && jx_database_prepare(o->db, &err)) {
        report_stop(o->db, NULL, err.message);
        return 2;
    }
    pid_t pids[JX_MAX_SHARDS];
    int status = 0;
    unsigned started = 0;
    if (!o->index.jobs) /* the shards share the processors */
        o->index.jobs = 1;
    fflush(NULL);
    for (unsigned k = from; k < to; k++, started++) {
        char *sub = NULL;
        if (asprintf(&sub, "%s/" JX_SHARD_NAME, o->db, k) < 0) {
            fputs("jixiao-index: out of memory\n", stderr);
            status = 2;
            break;
        }
        pid_t pid = fork();
        if (pid == 0) {
            o->db = sub;
            o->index.shard = k;
            o->index.shards = n;
            _exit(run_index(o, paths, n_paths));
        }
        free(sub);
        if (pid < 0) {
            perror("jixiao-index: fork");
            status = 2;
            break;
        }
        pids[started] = pid;
    }
    /* a ^C reaches the children, which commit and stop: wait for them */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    for (unsigned i = 0; i < started; i++) {
        int ws = 0;
        while (waitpid(pids[i], &ws, 0) < 0)
            ;
        int code = WIFEXITED(ws) ? WEXITSTATUS(ws) : 2;
        if (code > status)
            status = code;
    }
    if (status < 2 && jx_shard_set_write(o->db, n, &err)) {
        report_stop(o->db, NULL, err.message);
        status = 2;
    }
    return status;
}

/* Sends a run on a shard set to run_shards: --shards N, --shard K/N, or
 * a --db that is a shard set already (its N kept). Refuses a set of
 * another N, one with remote shards, and an ordinary database. */
static int run_index_sharded(options *o, char **paths, int n)
{
    int is_set = 0, remote = 0;
    size_t have = 0;
    jx_error err = {0};
    if (jx_shard_set_probe(o->db, &is_set, &have, &remote, &err)) {
        fprintf(stderr, "jixiao-index: %s: %s\n", o->db, err.message);
        return 2;
    }
    if (remote) {
        fprintf(stderr,
                "jixiao-index: %s: lists remote shards: index each on its "
                "host (--shard K/N into its own --db)\n",
                o->db);
        return 2;
    }
    if (!is_set && o->shards) {
        char *reports = NULL;
        struct stat sb;
        int plain = asprintf(&reports, "%s/reports", o->db) >= 0 &&
                    stat(reports, &sb) == 0;
        free(reports);
        if (plain) {
            fprintf(stderr,
                    "jixiao-index: %s: a database of one shard already: "
                    "choose another --db for a shard set\n",
                    o->db);
            return 2;
        }
    }
    if (is_set && o->shards && o->shards != have) {
        fprintf(stderr,
                "jixiao-index: %s: a set of %zu shards, not %u (build a new "
                "set to change the number)\n",
                o->db, have, o->shards);
        return 2;
    }
    unsigned nshards = o->shards ? o->shards : (unsigned)have;
    if (o->one_shard)
        return run_shards(o, paths, n, o->index.shard, o->index.shard + 1,
                          nshards, is_set);
    return run_shards(o, paths, n, 0, nshards, nshards, is_set);
}

/* True when the database is a shard set (or one is asked for). */
static int sharded(const options *o)
{
    int is_set = 0, remote = 0;
    size_t n = 0;
    jx_error err = {0};
    if (o->shards)
        return 1;
    if (jx_shard_set_probe(o->db, &is_set, &n, &remote, &err))
        return 1; /* run_index_sharded says what is wrong */
    return is_set;
}

/* Longest evidence shown by --show-meta as text, in characters. */
#define EVIDENCE_CHARS 80

/* Prints the evidence line of a field, cut after EVIDENCE_CHARS
 * characters (at a character boundary, never inside one) and marked
 * with … when cut. */
static void print_evidence(const char *s)
{
    size_t at = 0, chars = 0;
    while (s[at] && chars < EVIDENCE_CHARS) {
        at++;
        while (((unsigned char)s[at] & 0xC0) == 0x80)
            at++;
        chars++;
    }
    fwrite(s, 1, at, stdout);
    if (s[at])
        fputs("…", stdout);
}

/* --remove: takes each PATH's reports out of the database; exit 1 when
 * nothing was indexed under one of them. */
static int run_remove(const options *o, char **paths, int n)
{
    fatal.db = o->db;
    signal(SIGXFSZ, SIG_IGN);
    jx_set_fatal_callback(on_fatal);
    jx_error err = {0};
    jx_writer *ix = NULL;
    jx_writer_options opts = o->index;
    opts.manifest = NULL;
    struct stat sb;
    if (stat(o->db, &sb) != 0) { /* opening would create it */
        fprintf(stderr, "jixiao-index: %s: no database here\n", o->db);
        return 2;
    }
    jx_status st = jx_writer_open(o->db, &opts, NULL, &ix, &err);
    if (st) {
        report_stop(o->db, NULL, err.message);
        return 2;
    }
    fatal.ix = ix;
    int status = 0;
    for (int i = 0; i < n && !st; i++) {
        jx_removed r = {0, 0, 0};
        st = jx_writer_remove(ix, paths[i], &r, &err);
        if (st)
            break;
        unsigned long reports = r.reports, kept = r.kept, gone = r.paths;
        if (!gone) {
            fprintf(stderr, "jixiao-index: %s: nothing indexed there in %s\n",
                    paths[i], o->db);
            status = 1;
        } else if (!o->quiet) {
            fprintf(stderr,
                    "jixiao-index: %s: %lu report%s removed (%lu path%s; "
                    "%lu report%s kept for paths elsewhere) from %s\n",
                    paths[i], reports, reports == 1 ? "" : "s", gone,
                    gone == 1 ? "" : "s", kept, kept == 1 ? "" : "s", o->db);
        }
    }
    if (!st)
        st = jx_writer_finish(ix, &err);
    if (st)
        report_stop(o->db, ix, err.message);
    fatal.ix = NULL;
    jx_writer_destroy(ix);
    return st ? 2 : status;
}

/* Prints one field of --show-meta as text. */
static void print_field_text(const jx_file_meta *r, jx_field_id f)
{
    const jx_meta_field *fl = &r->fields[f];
    printf("  %-11s %s", jx_field_string(f), fl->value ? fl->value : "-");
    if (fl->value && strcmp(fl->source, "text") != 0)
        printf("  (from %s: %s)", fl->source,
               fl->evidence ? fl->evidence : "");
    else if (fl->value && fl->evidence) {
        printf("  (line %u: ", fl->line);
        print_evidence(fl->evidence);
        putchar(')');
    }
    putchar('\n');
}

/* Writes one file's metadata as a JSON object line. */
static void print_meta_json(const char *path, const jx_file_meta *r)
{
    fputs("{\"path\":", stdout);
    jx_json_print(stdout, path);
    fputs(",\"format\":", stdout);
    jx_json_print(stdout, r->format);
    printf(",\"passages\":%zu", r->n_passages);
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        const jx_meta_field *fl = &r->fields[f];
        printf(",\"%s\":{\"value\":", jx_field_string((jx_field_id)f));
        jx_json_print(stdout, fl->value);
        fputs(",\"source\":", stdout);
        jx_json_print(stdout, fl->value ? fl->source : NULL);
        printf(",\"line\":%u,\"evidence\":", fl->line);
        jx_json_print(stdout, fl->evidence);
        putchar('}');
    }
    fputs("}\n", stdout);
}

/* --show-meta: extracts and prints each file's metadata. */
static int run_show_meta(const options *o, char **paths, int n)
{
    int status = 0;
    for (int i = 0; i < n; i++) {
        jx_file_meta *r = NULL;
        jx_error err = {0};
        if (jx_file_meta_read(paths[i], o->index.manifest, &r, &err)) {
            fprintf(stderr, "jixiao-index: %s: %s\n", paths[i], err.message);
            status = 1;
            continue;
        }
        if (o->json) {
            print_meta_json(paths[i], r);
        } else {
            printf("%s (%s, %zu passages)\n", paths[i], r->format,
                   r->n_passages);
            for (int f = 0; f < JX_FIELD_COUNT; f++)
                print_field_text(r, (jx_field_id)f);
        }
        jx_file_meta_destroy(r);
    }
    return status;
}

/* --status: prints what the database holds and what is out of date;
 * exit 0 when everything is up to date, 1 when some files changed. */
static int run_status(const options *o)
{
    jx_state *state = NULL;
    jx_error err = {0};
    jx_status st = jx_state_read(o->db, &state, &err);
    if (st == JX_ERR_DB_CORRUPT) {
        print_damaged(o->db, err.message);
        return 2;
    }
    if (st) {
        fprintf(stderr, "jixiao-index: %s: %s\n", o->db, err.message);
        return 2;
    }
    printf("database:  %s\nreports:   %lu\npassages:  %lu\nupdated:   %s\n",
           o->db, state->reports, state->passages,
           *state->updated ? state->updated : "never");
    if (state->superseded)
        printf("superseded: %lu passages of changed or removed reports "
               "(purged by --compact)\n",
               state->superseded);
    printf("out of date: %zu file%s\n", state->n_stale,
           state->n_stale == 1 ? "" : "s");
    for (size_t i = 0; i < state->n_stale; i++)
        printf("  %-8s %s\n", state->why[i], state->stale[i]);
    int status = state->n_stale ? 1 : 0;
    jx_state_destroy(state);
    return status;
}

/* Prints the refusal of an option getopt_long refused (see
 * cli_refusal); returns 2. */
static int option_error(int c, int argc, char **argv,
                        const struct option *longs)
{
    char *out = NULL;
    if (cli_refusal(c, argc, argv, longs, "jixiao-index", 0, &out))
        fputs("jixiao-index: out of memory\n", stderr);
    else
        fputs(out, stderr);
    free(out);
    return 2;
}

/* --check: every check of the database, one line per problem on
 * stdout; exit 0 when it is sound, 2 when damaged (or unreadable). */
static int run_check(const options *o)
{
    jx_checkup *r = NULL;
    jx_error err = {0};
    jx_status st = jx_checkup_run(o->db, JX_CHECK_FULL, &r, &err);
    if (st == JX_ERR_DB_NOT_FOUND) {
        fprintf(stderr, "jixiao-index: %s: no database here\n", o->db);
        jx_checkup_destroy(r);
        return 2;
    }
    if (st) {
        fprintf(stderr, "jixiao-index: %s: %s\n", o->db, err.message);
        jx_checkup_destroy(r);
        return 2;
    }
    for (size_t i = 0; i < r->n_problems; i++)
        printf("%s: damaged: %s\n", o->db, r->problems[i]);
    if (r->n_problems) {
        char what[64];
        snprintf(what, sizeof what, "%zu problem%s found", r->n_problems,
                 r->n_problems == 1 ? "" : "s");
        print_damaged(o->db, what);
    } else {
        printf("%s: sound: %u databases checked, %lu reports, %lu "
               "passages\n",
               o->db, r->databases, r->reports, r->passages);
    }
    int status = r->n_problems ? 2 : 0;
    jx_checkup_destroy(r);
    return status;
}

/* Parses the command line into o; returns -1 to go on, else an exit
 * status. */
static int parse_options(int argc, char **argv, options *o)
{
    enum {
        OPT_NO_PRUNE = 256,
        OPT_SHOW_META,
        OPT_JSON,
        OPT_COMMIT,
        OPT_JOBS,
        OPT_STATUS,
        OPT_COMPACT,
        OPT_REMOVE,
        OPT_CHECK,
        OPT_SHARDS,
        OPT_SHARD
    };
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"force", no_argument, NULL, 'f'},
        {"no-prune", no_argument, NULL, OPT_NO_PRUNE},
        {"manifest", required_argument, NULL, 'm'},
        {"show-meta", no_argument, NULL, OPT_SHOW_META},
        {"json", no_argument, NULL, OPT_JSON},
        {"status", no_argument, NULL, OPT_STATUS},
        {"compact", no_argument, NULL, OPT_COMPACT},
        {"remove", no_argument, NULL, OPT_REMOVE},
        {"check", no_argument, NULL, OPT_CHECK},
        {"commit-every", required_argument, NULL, OPT_COMMIT},
        {"jobs", required_argument, NULL, 'j'},
        {"shards", required_argument, NULL, OPT_SHARDS},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0; /* one style for both programs: option_error */
    while ((c = getopt_long(argc, argv, ":d:fj:m:qhV", longs, NULL)) != -1) {
        if (optarg && (c == 'd' || c == 'm' || c == 'j' || c == OPT_COMMIT) &&
            cli_long_option(optarg, longs)) {
            fprintf(stderr,
                    "jixiao-index: option '%s' needs a value ('%s' is an "
                    "option)\n"
                    "Try 'jixiao-index --help' for more information.\n",
                    argv[optind - 1] == optarg ? argv[optind - 2]
                                               : argv[optind - 1],
                    optarg);
            return 2;
        }
        switch (c) {
        case 'd':
            o->db = optarg;
            break;
        case 'f':
            o->index.force = 1;
            break;
        case OPT_NO_PRUNE:
            o->index.no_prune = 1;
            break;
        case 'm':
            o->index.manifest = optarg;
            break;
        case OPT_SHOW_META:
            o->show_meta = 1;
            break;
        case OPT_JSON:
            o->json = 1;
            break;
        case OPT_STATUS:
            o->status = 1;
            break;
        case OPT_COMPACT:
            o->compact = 1;
            break;
        case OPT_REMOVE:
            o->remove = 1;
            break;
        case OPT_CHECK:
            o->check = 1;
            break;
        case OPT_COMMIT:
            if (whole_number(optarg, "--commit-every", 1000000,
                             &o->index.batch_files))
                return 2;
            break;
        case 'j':
            if (whole_number(optarg, "--jobs", 8, &o->index.jobs))
                return 2;
            break;
        case OPT_SHARDS:
            if (whole_number(optarg, "--shards", JX_MAX_SHARDS, &o->shards))
                return 2;
            break;
        case OPT_SHARD:
            if (jx_shard_parse(optarg, &o->index.shard, &o->shards)) {
                fprintf(stderr,
                        "jixiao-index: --shard %s: give K/N, 0 <= K < N <= "
                        "%d\n",
                        optarg, JX_MAX_SHARDS);
                return 2;
            }
            o->one_shard = 1;
            break;
        case 'q':
            o->quiet = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return 0;
        case 'V':
            printf("jixiao-index %s\n", JX_VERSION);
            return 0;
        default: /* '?' or ':' */
            return option_error(c, argc, argv, longs);
        }
    }
    for (int i = optind; i < argc; i++)
        if (!*argv[i]) {
            fputs("jixiao-index: an empty PATH was given\n", stderr);
            return 2;
        }
    if (o->db && !*o->db) {
        fputs("jixiao-index: --db needs a folder name, not an empty one\n",
              stderr);
        return 2;
    }
    if (optind >= argc && !o->status && !o->compact && !o->check) {
        fprintf(stderr,
                "jixiao-index: no PATH given: name the files or folders of "
                "reports to %s\n",
                o->remove ? "remove" : "index");
        fputs("Try 'jixiao-index --help' for more information.\n", stderr);
        return 2;
    }
    return -1;
}

int main(int argc, char **argv)
{
    options o = {0};
    int status = parse_options(argc, argv, &o);
    if (status >= 0)
        return status;
    if (o.show_meta)
        return run_show_meta(&o, argv + optind, argc - optind);
    char *db = NULL;
    if (!o.db) {
        if (jx_default_database(getenv("JIXIAO_DB"), getenv("XDG_DATA_HOME"),
                                getenv("HOME"), &db)) {
            fputs("jixiao-index: out of memory\n", stderr);
            return 2;
        }
        o.db = db;
    }
    if (sharded(&o) && (o.check || o.status || o.remove || o.compact)) {
        fprintf(stderr,
                "jixiao-index: %s: a shard set: run --check, --status, "
                "--remove and --compact on each shard (--db %s/shard-K)\n",
                o.db, o.db);
        jx_free(db);
        return 2;
    }
    if (sharded(&o)) {
        status = run_index_sharded(&o, argv + optind, argc - optind);
        jx_free(db);
        return status;
    }
    status = o.check    ? run_check(&o)
             : o.status ? run_status(&o)
             : o.remove ? run_remove(&o, argv + optind, argc - optind)
                        : run_index(&o, argv + optind, argc - optind);
    jx_free(db);
    return status;
}
