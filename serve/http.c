/* http.c: jixiao-serve's HTTP side on GNU libmicrohttpd: checks each
 * request (method, token, parameters as UTF-8 and within limits), routes
 * it to the page or to the engine side (engine.c), and sends the reply
 * with headers that keep the browser from running anything the server
 * did not write. Nothing here reads a file: the page is in memory and
 * reports come from the engine by key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "http.h"
#include "serve.h"

/* Longest value of one parameter, in bytes (a query the engine takes
 * is far shorter; see docs/limits.md). */
#define MAX_PARAM 4096

static const char *auth_token; /* NULL: no authentication */

void http_set_token(const char *token)
{
    auth_token = token;
}

/* Compares two strings in time that does not depend on where they
 * differ; 1 when equal. */
static int same_secret(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    unsigned char diff = alen != blen;
    for (size_t i = 0; i < alen; i++)
        diff |= (unsigned char)(a[i] ^ b[i % (blen ? blen : 1)]);
    return diff == 0;
}

/* Decodes base64 src into dst (of size n, NUL-terminated); the length,
 * or -1 when src is not base64 or dst too small. */
static long base64_decode(const char *src, char *dst, size_t n)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned long acc = 0;
    int bits = 0;
    size_t len = 0;
    for (; *src && *src != '='; src++) {
        const char *p = strchr(digits, *src);
        if (!p || !*src)
            return -1;
        acc = (acc << 6) | (unsigned long)(p - digits);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (len + 1 >= n)
                return -1;
            dst[len++] = (char)((acc >> bits) & 0xff);
        }
    }
    dst[len] = '\0';
    return (long)len;
}

/* 1 when the request carries the token: "Authorization: Bearer TOKEN",
 * or basic authentication with TOKEN as the password (any user name),
 * which is what a browser's login box sends. */
static int authorized(struct MHD_Connection *c)
{
    if (!auth_token)
        return 1;
    const char *h =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h)
        return 0;
    if (strncasecmp(h, "Bearer ", 7) == 0)
        return same_secret(h + 7, strlen(h + 7), auth_token);
    if (strncasecmp(h, "Basic ", 6) == 0) {
        char plain[1024];
        long n = base64_decode(h + 6, plain, sizeof plain);
        const char *colon = n > 0 ? memchr(plain, ':', (size_t)n) : NULL;
        if (!colon)
            return 0;
        return same_secret(colon + 1, (size_t)(plain + n - colon - 1),
                           auth_token);
    }
    return 0;
}

/* The request's parameters, read and checked. */
typedef struct param_state {
    srv_params *p;
    char why[256]; /* the first problem, "" when none */
} param_state;

/* Parses a whole number parameter within [0, max]; 0 or -1. */
static int whole(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    if (!*s || *s == '-' || *s == '+')
        return -1;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Takes one parameter (MHD_KeyValueIterator). Each is named as the
 * option of jixiao-search it stands for, and refused with its words. */
static enum MHD_Result take_param(void *cls, enum MHD_ValueKind kind,
                                  const char *key, size_t key_size,
                                  const char *value, size_t len)
{
    param_state *ps = cls;
    srv_params *p = ps->p;
    if (ps->why[0])
        return MHD_YES;
    if (!value)
        value = "";
    /* a NUL (%00) inside is refused with the rest of the controls */
    if (!utf8_ok(key, key_size) || !utf8_ok(value, len) ||
        strlen(key) != key_size || strlen(value) != len) {
        snprintf(ps->why, sizeof ps->why,
                 "bad value for %.40s: not UTF-8 text", key);
        return MHD_YES;
    }
    if (len > MAX_PARAM) {
        snprintf(ps->why, sizeof ps->why,
                 "bad value for %.40s: longer than %d bytes", key, MAX_PARAM);
        return MHD_YES;
    }
    static const struct {
        const char *name;
        size_t off;
    } strings[] = {
        {"q", offsetof(srv_params, q)},
        {"year", offsetof(srv_params, year)},
        {"dept", offsetof(srv_params, dept)},
        {"region", offsetof(srv_params, region)},
        {"title", offsetof(srv_params, title)},
        {"grade", offsetof(srv_params, grade)},
        {"type", offsetof(srv_params, type)},
        {"min-score", offsetof(srv_params, min_score)},
        {"max-score", offsetof(srv_params, max_score)},
        {"sort", offsetof(srv_params, sort)},
        {"count-by", offsetof(srv_params, by)},
        {"id", offsetof(srv_params, id)},
    };
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
        if (strcmp(key, strings[i].name) == 0) {
            /* an empty filter is no filter (the page's empty fields) */
            *(const char **)((char *)p + strings[i].off) =
                *value ? value : NULL;
            return MHD_YES;
        }
    static const struct {
        const char *name;
        unsigned long max;
    } numbers[] = {{"limit", 100000},    {"offset", 1000000},
                   {"per-report", 1000}, {"count-limit", 100000000},
                   {"no-score", 1},      {"list-reports", 1}};
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
        if (strcmp(key, numbers[i].name) == 0) {
            unsigned long v;
            if (whole(value, numbers[i].max, &v)) {
                snprintf(ps->why, sizeof ps->why,
                         "bad value '%.100s' for --%s: a whole number from 0 "
                         "to %lu is needed",
                         value, key, numbers[i].max);
                return MHD_YES;
            }
            if (i == 0)
                p->limit = (unsigned)v;
            else if (i == 1)
                p->offset = (unsigned)v;
            else if (i == 2)
                p->per_report = (unsigned)v;
            else if (i == 3)
                p->count_limit = v;
            else if (i == 4)
                p->no_score = (int)v;
            else
                p->list = (int)v;
            return MHD_YES;
        }
    if (strcmp(key, "format") == 0) {
        if (strcmp(value, "csv") == 0)
            p->csv = 1;
        else if (strcmp(value, "json") != 0)
            snprintf(ps->why, sizeof ps->why,
                     "bad value '%.100s' for format: use json or csv", value);
        return MHD_YES;
    }
    /* anything else (a cache buster, a token in the URL) is ignored */
    return MHD_YES;
}

/* Adds the headers every reply carries. */
static void common_headers(struct MHD_Response *resp, int api)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; "
                            "style-src 'self'; img-src 'self' data:; "
                            "connect-src 'self'; form-action 'self'; "
                            "base-uri 'none'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "Cache-Control",
                            api ? "no-store" : "no-cache");
}

/* Appends c percent-encoded as RFC 5987 wants (attr-char kept). */
static void rfc5987(sbuf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c))
            sb_putc(b, (char)c);
        else
            sb_printf(b, "%%%02X", c);
    }
}

/* Sends a reply (freeing its body when the response is done). */
static enum MHD_Result send_reply(struct MHD_Connection *c, srv_reply *r,
                                  int api)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer_with_free_callback(
            r->len, r->body ? r->body : (char *)"", r->body ? free : NULL);
    if (!resp) {
        srv_reply_clear(r);
        return MHD_NO;
    }
    r->body = NULL; /* the response owns it now */
    common_headers(resp, api);
    MHD_add_response_header(resp, "Content-Type", r->type);
    if (r->filename) {
        sbuf d = {0};
        /* the ASCII fallback is a name the server makes, never the
         * report's: only the RFC 5987 form carries it */
        const char *dot = strrchr(r->filename, '.');
        sb_puts(&d, "attachment; filename=\"report");
        if (dot && strlen(dot) < 8 && utf8_ok(dot, strlen(dot)) &&
            !strpbrk(dot, "\"\\/;"))
            sb_puts(&d, dot);
        sb_puts(&d, "\"; filename*=UTF-8''");
        rfc5987(&d, r->filename);
        if (!d.oom)
            MHD_add_response_header(resp, "Content-Disposition", d.data);
        sb_free(&d);
    }
    if (r->status == 401)
        MHD_add_response_header(resp, "WWW-Authenticate",
                                "Basic realm=\"jixiao\", charset=\"UTF-8\"");
    if (r->status == 405)
        MHD_add_response_header(resp, "Allow", "GET, HEAD");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    srv_reply_clear(r);
    return ret;
}

/* The page's files: "/" is index.html. */
static int serve_asset(const char *url, srv_reply *r)
{
    const char *name = strcmp(url, "/") == 0 ? "index.html" : url + 1;
    for (size_t i = 0; i < srv_n_assets; i++) {
        if (strcmp(name, srv_assets[i].name) != 0)
            continue;
        const char *dot = strrchr(name, '.');
        r->status = 200;
        r->type = strcmp(dot, ".js") == 0    ? "text/javascript; charset=utf-8"
                  : strcmp(dot, ".css") == 0 ? "text/css; charset=utf-8"
                  : strcmp(dot, ".svg") == 0 ? "image/svg+xml"
                                             : "text/html; charset=utf-8";
        r->body = malloc(srv_assets[i].len ? srv_assets[i].len : 1);
        if (!r->body) {
            srv_reply_error(r, 503, "out of memory");
            return 1;
        }
        memcpy(r->body, srv_assets[i].data, srv_assets[i].len);
        r->len = srv_assets[i].len;
        return 1;
    }
    return 0;
}

enum MHD_Result http_handle(void *cls, struct MHD_Connection *c,
                            const char *url, const char *method,
                            const char *version, const char *upload_data,
                            size_t *upload_data_size, void **con_cls)
{
    srv_reply r = {0};
    int api = strncmp(url, "/api/", 5) == 0;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        srv_reply_error(&r, 405, "only GET and HEAD are served");
        return send_reply(c, &r, 1);
    }
    /* a body (of a GET) is never read: the reply is queued at the
     * headers, and libmicrohttpd closes the connection after it */
    if (!authorized(c)) {
        srv_reply_error(&r, 401,
                        "this server needs its token (--token): send it as "
                        "the password");
        return send_reply(c, &r, 1);
    }
    srv_params p = {0};
    p.limit = 10;
    p.per_report = 3;
    p.count_limit = 1000;
    param_state ps = {&p, ""};
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, take_param, &ps);
    if (!utf8_ok(url, strlen(url)))
        snprintf(ps.why, sizeof ps.why, "the address is not UTF-8 text");
    if (ps.why[0] && (api || strcmp(url, "/") != 0)) {
        srv_reply_error(&r, 400, ps.why);
        return send_reply(c, &r, 1);
    }
    if (strcmp(url, "/api/search") == 0)
        engine_search(&p, &r);
    else if (strcmp(url, "/api/count") == 0)
        engine_count(&p, &r);
    else if (strcmp(url, "/api/report") == 0)
        engine_report(&p, &r);
    else if (strcmp(url, "/api/original") == 0)
        engine_original(&p, &r);
    else if (!serve_asset(url, &r))
        srv_reply_error(&r, 404, "no such page");
    return send_reply(c, &r, api || r.status != 200);
}
