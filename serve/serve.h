/* serve.h: what the files of jixiao-serve share: a growable buffer with
 * the escapes the server writes (JSON and CSV: the page sets text from
 * reports as text, never as HTML, so the server writes no HTML of its
 * own), the request's parameters as the page and the JSON API give them,
 * and the replies the engine side (engine.c, the only file that calls
 * the engine, through common/api/jixiao.h) hands to the HTTP side
 * (http.c). */
#ifndef JX_SERVE_H
#define JX_SERVE_H

#include <stdarg.h>
#include <stddef.h>

/* A growable byte buffer, always NUL-terminated once anything is in it.
 * After a failed allocation it keeps what it had and sets oom; later
 * appends do nothing, so a caller checks oom once at the end. */
typedef struct sbuf {
    char *data;
    size_t len, cap;
    int oom;
} sbuf;

void sb_put(sbuf *b, const char *s, size_t n);
void sb_puts(sbuf *b, const char *s);
void sb_putc(sbuf *b, char c);
void sb_printf(sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Frees what b holds and zeroes it. */
void sb_free(sbuf *b);
/* Hands the bytes over to the caller (who frees them) and zeroes b. */
char *sb_take(sbuf *b, size_t *len);

/* s as a JSON string literal (NULL: null), as jixiao-search --json
 * writes it: quotes, backslashes and control characters escaped, invalid
 * UTF-8 as U+FFFD. */
void sb_json(sbuf *b, const char *s);
/* s as a CSV field, quoted when it holds a comma, quote or line break
 * (NULL: empty), as jixiao-search --csv writes it. */
void sb_csv(sbuf *b, const char *s);

/* 1 when s[0..len) is well-formed UTF-8 without NUL or C0 controls
 * other than tab. */
int utf8_ok(const char *s, size_t len);
/* The number of characters in s[0..len) (a malformed byte counts as
 * one, as U+FFFD). */
size_t utf8_chars(const char *s, size_t len);

/* What a request asks, from its URL's parameters, named as the options
 * of jixiao-search. Strings point into the request (NULL: not given). */
typedef struct srv_params {
    const char *q; /* the query */
    const char *year, *dept, *region, *title, *grade, *type;
    const char *min_score, *max_score;
    int no_score;
    const char *sort;          /* relevance, year, score */
    const char *by;            /* count-by: year, dept, region, grade, type */
    const char *id;            /* a report key */
    unsigned limit;            /* reports (default 10) */
    unsigned offset;           /* reports skipped */
    unsigned per_report;       /* passages per report (default 3) */
    unsigned long count_limit; /* as --count-limit (default 1000) */
    int list;                  /* list-reports */
    int csv;                   /* format=csv */
} srv_params;

/* A reply: an HTTP status, a content type, a body the reply owns, and,
 * for downloads, the file name to offer. */
typedef struct srv_reply {
    int status;
    const char *type;
    char *body;
    size_t len;
    char *filename; /* NULL: shown in the browser */
} srv_reply;

void srv_reply_clear(srv_reply *r);
/* Sets r to an error: JSON {"type":"error","status":N,"message":...}. */
void srv_reply_error(srv_reply *r, int status, const char *message);

/* The engine side (engine.c). engine_init keeps the databases' paths
 * (owned by the caller, alive as long as the server); 0 or -1 with a
 * message in why (of size n). */
int engine_init(const char *const *dbs, size_t n_dbs, char *why, size_t n);
void engine_shutdown(void);
/* /api/search: JSON Lines as jixiao-search --json (--list-reports with
 * list, CSV as --csv with csv). */
void engine_search(const srv_params *p, srv_reply *r);
/* /api/count: as --count --json, or --count-by BY --json. */
void engine_count(const srv_params *p, srv_reply *r);
/* /api/report: one report's metadata, the line each field came from,
 * its clean text by passage with headings, and the passages the query
 * matches with their highlights. */
void engine_report(const srv_params *p, srv_reply *r);
/* /api/original: the bytes of the report's file, found by its key in the
 * database and checked against it. */
void engine_original(const srv_params *p, srv_reply *r);

/* The page (page.c, generated from serve/page/ at build time). */
typedef struct srv_asset {
    const char *name; /* "index.html", "app.js", ... */
    const unsigned char *data;
    size_t len;
} srv_asset;
extern const srv_asset srv_assets[];
extern const size_t srv_n_assets;

#endif
