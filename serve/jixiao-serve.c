/* jixiao-serve.c: the jixiao-serve command: parses its options, starts
 * libmicrohttpd with a thread pool on the address asked (127.0.0.1:8080
 * unless told otherwise), and serves the search page and its JSON API
 * until SIGINT or SIGTERM. Exit status: 0 after a clean stop, 2 when it
 * cannot start. */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "http.h"
#include "serve.h"

#define JX_VERSION "0.1.0"
#define MAX_DBS    64

static const char usage[] =
    "Usage: jixiao-serve [OPTION]...\n"
    "Serve the search of the indexed performance reports as a web page "
    "(in\n"
    "Chinese) and a JSON API, for people who do not use a terminal.\n"
    "\n"
    "Options:\n"
    "  -d, --db DIR          database (repeat for several, searched as one;\n"
    "                        default: $JIXIAO_DB, else\n"
    "                        $XDG_DATA_HOME/jixiao/db, else\n"
    "                        ~/.local/share/jixiao/db)\n"
    "  -l, --listen ADDR:PORT  where to listen (default 127.0.0.1:8080;\n"
    "                        [::1]:8080 for IPv6; port 0 picks a free one)\n"
    "      --token TOKEN     require TOKEN on every request: as the password\n"
    "                        of the browser's login box (any user name) or\n"
    "                        as \"Authorization: Bearer TOKEN\"; use it\n"
    "                        whenever the address is not 127.0.0.1\n"
    "  -t, --threads N       threads answering requests (default 8)\n"
    "      --timeout SECS    close a connection idle this long (default 30)\n"
    "  -h, --help            this help\n"
    "  -V, --version         the version\n"
    "\n"
    "Pages and API (GET; parameters named as jixiao-search's options):\n"
    "  /                     the search page; /?q=疫情&year=2021 opens a "
    "search\n"
    "  /api/search?q=...     JSON Lines as jixiao-search --json "
    "(docs/json.md)\n"
    "                        &list-reports=1 as --list-reports, "
    "&format=csv as --csv\n"
    "  /api/count?q=...      as --count --json; &count-by=year as "
    "--count-by\n"
    "  /api/report?id=KEY    one report: metadata, the lines they came from,\n"
    "                        its clean text (&q=... marks the matches)\n"
    "  /api/original?id=KEY  the report's original file\n"
    "\n"
    "The database is read only, and reopened when an indexer commits: the\n"
    "page follows a running index without a restart.\n"
    "\n"
    "Examples:\n"
    "  jixiao-serve                               then open "
    "http://127.0.0.1:8080/\n"
    "  jixiao-serve --db ~/reports-db --listen 127.0.0.1:9000\n"
    "  jixiao-serve --listen 0.0.0.0:8080 --token \"$(openssl rand -hex "
    "16)\"\n"
    "  curl 'http://127.0.0.1:8080/api/search?q=预算执行率&limit=3'\n";

/* The options of a run. */
typedef struct options {
    const char *dbs[MAX_DBS];
    size_t n_dbs;
    const char *listen;
    const char *token;
    unsigned threads;
    unsigned timeout;
} options;

/* Prints an error line and returns 2. */
static int fail(const char *what, const char *why)
{
    fprintf(stderr, "jixiao-serve: %s: %s\n", what, why);
    return 2;
}

/* Parses a whole number option within [lo, hi]; 0 or -1. */
static int number(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < (long)lo || v > (long)hi)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* Parses argv into o; -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"token", required_argument, NULL, 'T'},
        {"threads", required_argument, NULL, 't'},
        {"timeout", required_argument, NULL, 'O'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:l:t:hV", longs, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (o->n_dbs == MAX_DBS)
                return fail(optarg, "too many databases");
            o->dbs[o->n_dbs++] = optarg;
            break;
        case 'l':
            o->listen = optarg;
            break;
        case 'T':
            if (!*optarg)
                return fail("--token", "the token is empty");
            o->token = optarg;
            break;
        case 't':
            if (number(optarg, 1, 256, &o->threads))
                return fail(optarg, "--threads needs a number from 1 to 256");
            break;
        case 'O':
            if (number(optarg, 1, 3600, &o->timeout))
                return fail(optarg, "--timeout needs a number from 1 to 3600");
            break;
        case 'h':
            fputs(usage, stdout);
            return 0;
        case 'V':
            printf("jixiao-serve %s\n", JX_VERSION);
            return 0;
        case ':':
            fprintf(stderr,
                    "jixiao-serve: option '%s' needs a value\n"
                    "Try 'jixiao-serve --help' for more information.\n",
                    argv[optind - 1]);
            return 2;
        default:
            fprintf(stderr,
                    "jixiao-serve: unknown option '%s'\n"
                    "Try 'jixiao-serve --help' for more information.\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr,
                "jixiao-serve: unexpected argument '%s' (databases are "
                "given with --db)\n"
                "Try 'jixiao-serve --help' for more information.\n",
                argv[optind]);
        return 2;
    }
    return -1;
}

/* Parses ADDR:PORT ([V6]:PORT) into sa; 0 or -1. */
static int parse_listen(const char *s, struct sockaddr_storage *sa, int *v6)
{
    char host[64];
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || (size_t)(colon - s) >= sizeof host)
        return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    unsigned port;
    if (number(colon + 1, 0, 65535, &port))
        return -1;
    memset(sa, 0, sizeof *sa);
    size_t hl = strlen(host);
    if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)sa;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((unsigned short)port);
        *v6 = 1;
        return inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1 ? 0 : -1;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)sa;
    a->sin_family = AF_INET;
    a->sin_port = htons((unsigned short)port);
    *v6 = 0;
    return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -1;
}

/* Starts the server and waits for a signal; returns the exit status. */
static int run(const options *o)
{
    struct sockaddr_storage sa;
    int v6 = 0;
    if (parse_listen(o->listen, &sa, &v6))
        return fail(o->listen, "--listen needs ADDR:PORT, such as "
                               "127.0.0.1:8080 or [::1]:8080");
    char why[512];
    if (engine_init(o->dbs, o->n_dbs, why, sizeof why))
        return fail("database", why);
    http_set_token(o->token);
    /* SIGINT and SIGTERM blocked before the server's threads start (they
     * inherit the mask), so that this thread alone waits for them */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     (v6 ? MHD_USE_IPv6 : 0);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, http_handle, NULL, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)o->threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)200,
        /* the request line and headers of one connection: a longer
         * address is refused with 414 */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout, MHD_OPTION_END);
    if (!d) {
        engine_shutdown();
        return fail(o->listen, "cannot listen there (in use, or not an "
                               "address of this machine)");
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[64];
    const char *colon = strrchr(o->listen, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - o->listen), o->listen);
    printf("jixiao-serve: serving http://%s:%u/ (Ctrl-C stops)\n", host,
           info ? (unsigned)info->port : 0);
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    engine_shutdown();
    return 0;
}

int main(int argc, char **argv)
{
    options o = {0};
    o.listen = "127.0.0.1:8080";
    o.threads = 8;
    o.timeout = 30;
    int status = parse_options(argc, argv, &o);
    if (status >= 0)
        return status;
    return run(&o);
}
