/* runcmd.c: times command-line searchers (ripgrep, jixiao-search) query
 * by query, at the process level: for each query of the set it runs the
 * command with the query put into its arguments, collects what the
 * command prints, and records the wall time from fork to exit. With
 * --max-lines N it stops reading after N lines and kills the command,
 * as "| head -n N" would, and the time ends there.
 *
 * Usage: runcmd --queries FILE --out FILE --lat FILE --mode NAME
 *               [--max-lines N] [--max-per-class N] [--timeout S]
 *               -- COMMAND ARG...
 * In the arguments, {} becomes the query; {quoted} the query with each
 * word in double quotes ("a" "b"); {re} becomes a regular
 * expression for it (the query's characters escaped; for a two-word
 * query, "a.*b|b.*a": both in one line). Every line the command prints
 * goes to --out as "id<TAB>line"; --lat gets "id<TAB>mode<TAB>seconds<TAB>lines". */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"

/* Appends s to out escaped for a regular expression. */
static void re_escape(const char *s, char *out)
{
    size_t o = strlen(out);
    for (; *s; s++) {
        if (strchr("\\.+*?()|[]{}^$#&-~", *s)) out[o++] = '\\';
        out[o++] = *s;
    }
    out[o] = 0;
}

/* Writes the regular expression of query q into out. */
static void query_regex(const bu_query *q, char *out)
{
    out[0] = 0;
    if (q->nwords == 1) {
        re_escape(q->words[0], out);
        return;
    }
    re_escape(q->words[0], out);
    strcat(out, ".*");
    re_escape(q->words[1], out);
    strcat(out, "|");
    re_escape(q->words[1], out);
    strcat(out, ".*");
    re_escape(q->words[0], out);
}

/* Runs argv with its output on a pipe; copies each line to out prefixed
 * by id, stopping after max_lines (0: no limit) or timeout seconds.
 * Stores the number of lines in *lines; returns the seconds it took. */
static double run_one(char **argv, const char *id, FILE *out, long max_lines, double timeout, long *lines)
{
    int fd[2];
    if (pipe(fd) != 0) bu_die("pipe");
    double t0 = bu_now();
    pid_t pid = fork();
    if (pid < 0) bu_die("fork");
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    char buf[65536], line[8192];
    size_t ll = 0;
    int stopped = 0;
    *lines = 0;
    for (;;) {
        struct pollfd p = {fd[0], POLLIN, 0};
        int left = (int)((t0 + timeout - bu_now()) * 1000);
        if (left <= 0 || poll(&p, 1, left) == 0) {
            fprintf(stderr, "runcmd: %s timed out after %.0f s\n", id, timeout);
            stopped = 1;
            break;
        }
        ssize_t n = read(fd[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (ssize_t i = 0; i < n && !stopped; i++) {
            if (buf[i] != '\n') {
                if (ll < sizeof line - 1) line[ll++] = buf[i];
                continue;
            }
            line[ll] = 0;
            fprintf(out, "%s\t%s\n", id, line);
            ll = 0;
            if (max_lines && ++*lines >= max_lines) stopped = 1;
            else if (!max_lines) ++*lines;
        }
        if (stopped) break;
    }
    double t1 = bu_now();
    if (stopped) kill(pid, SIGKILL);
    close(fd[0]);
    int st;
    waitpid(pid, &st, 0);
    if (!stopped) t1 = bu_now();
    if (!stopped && WIFEXITED(st) && WEXITSTATUS(st) > 1)
        fprintf(stderr, "runcmd: %s: %s exited with status %d\n", id, argv[0], WEXITSTATUS(st));
    return t1 - t0;
}

/* Parses the options and runs the command once per wanted query. */
int main(int argc, char **argv)
{
    const char *queries = NULL, *outp = NULL, *latp = NULL, *mode = "count";
    long max_lines = 0;
    size_t max_per_class = 0;
    double timeout = 120;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--"); i += 2) {
        if (i + 1 >= argc) break;
        if (!strcmp(argv[i], "--queries")) queries = argv[i + 1];
        else if (!strcmp(argv[i], "--out")) outp = argv[i + 1];
        else if (!strcmp(argv[i], "--lat")) latp = argv[i + 1];
        else if (!strcmp(argv[i], "--mode")) mode = argv[i + 1];
        else if (!strcmp(argv[i], "--max-lines")) max_lines = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--max-per-class")) max_per_class = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--timeout")) timeout = atof(argv[i + 1]);
    }
    if (!queries || !outp || !latp || i >= argc - 1) {
        fprintf(stderr, "usage: runcmd --queries F --out F --lat F --mode M [--max-lines N] "
                        "[--max-per-class N] [--timeout S] -- COMMAND ARG...\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    char **tmpl = argv + i + 1;
    int nargs = argc - i - 1;
    size_t nq;
    bu_query *qs = bu_read_queries(queries, &nq);
    FILE *out = fopen(outp, "a"), *lat = fopen(latp, "a");
    if (!out || !lat) bu_die(outp);
    char **args = (char **)calloc((size_t)nargs + 1, sizeof *args);
    char re[2048], quoted[600];
    for (size_t k = 0; k < nq; k++) {
        if (!bu_wanted(qs, k, max_per_class)) continue;
        query_regex(&qs[k], re);
        if (qs[k].nwords == 2) snprintf(quoted, sizeof quoted, "\"%s\" \"%s\"", qs[k].words[0], qs[k].words[1]);
        else snprintf(quoted, sizeof quoted, "\"%s\"", qs[k].words[0]);
        for (int a = 0; a < nargs; a++)
            args[a] = !strcmp(tmpl[a], "{}")         ? qs[k].q
                      : !strcmp(tmpl[a], "{re}")     ? re
                      : !strcmp(tmpl[a], "{quoted}") ? quoted
                                                     : tmpl[a];
        long lines;
        double s = run_one(args, qs[k].id, out, max_lines, timeout, &lines);
        fprintf(lat, "%s\t%s\t%.6f\t%ld\n", qs[k].id, mode, s, lines);
        fflush(out);
        fflush(lat);
    }
    fclose(out);
    fclose(lat);
    return 0;
}
