/* bench_util.h: small helpers shared by the benchmark's peer programs
 * (C and C++): the clock, reading the file list, report files and the
 * query set, cutting a report into passages (its non-blank lines), and
 * the output files every peer writes:
 *   PREFIX.top10 / PREFIX.count: "id<TAB>path" per report returned,
 *   PREFIX.lat: "id<TAB>mode<TAB>seconds<TAB>hits" per query and mode.
 * Header-only: every function is static inline. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double bu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Exits with a message naming what failed. */
static inline void bu_die(const char *what)
{
    perror(what);
    exit(1);
}

/* Reads the file list (paths relative to the corpus root, one per line);
 * returns the paths and stores their count in *n. */
static inline char **bu_read_list(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) bu_die(path);
    size_t cap = 1024;
    char **v = (char **)malloc(cap * sizeof *v);
    char line[4096];
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0]) continue;
        if (*n == cap) v = (char **)realloc(v, (cap *= 2) * sizeof *v);
        v[(*n)++] = strdup(line);
    }
    fclose(f);
    return v;
}

/* Reads root/rel whole into a NUL-terminated buffer; *len gets its size. */
static inline char *bu_read_file(const char *root, const char *rel, size_t *len)
{
    char full[8192];
    snprintf(full, sizeof full, "%s/%s", root, rel);
    FILE *f = fopen(full, "rb");
    if (!f) bu_die(full);
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = (char *)malloc((size_t)sz + 1);
    if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) bu_die(full);
    buf[sz] = 0;
    fclose(f);
    *len = (size_t)sz;
    return buf;
}

/* Finds the next passage (non-blank line) at or after *pos in text:
 * stores its start and length and moves *pos past it. Returns 0 at the
 * end of the text. */
static inline int bu_next_passage(const char *text, size_t len, size_t *pos, const char **start, size_t *plen)
{
    while (*pos < len) {
        const char *s = text + *pos;
        const char *nl = (const char *)memchr(s, '\n', len - *pos);
        size_t l = nl ? (size_t)(nl - s) : len - *pos;
        *pos += l + (nl ? 1 : 0);
        while (l > 0 && (s[l - 1] == '\r' || s[l - 1] == ' ' || s[l - 1] == '\t')) l--;
        size_t i = 0;
        while (i < l && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i < l) {
            *start = s;
            *plen = l;
            return 1;
        }
    }
    return 0;
}

/* One query of the set: its id, class (c1 c2 c34 c58 w2 abs dig) and
 * text; words[] holds its one or two words (w2 queries have two). */
typedef struct bu_query {
    char id[32];
    char cls[8];
    char q[256];
    char words[2][256];
    int nwords;
} bu_query;

/* Reads the query set ("id<TAB>class<TAB>query" lines); *n gets the count. */
static inline bu_query *bu_read_queries(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) bu_die(path);
    size_t cap = 64;
    bu_query *v = (bu_query *)malloc(cap * sizeof *v);
    char line[1024];
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2) continue;
        *t1 = *t2 = 0;
        if (*n == cap) v = (bu_query *)realloc(v, (cap *= 2) * sizeof *v);
        bu_query *q = &v[(*n)++];
        snprintf(q->id, sizeof q->id, "%.31s", line);
        snprintf(q->cls, sizeof q->cls, "%.7s", t1 + 1);
        snprintf(q->q, sizeof q->q, "%.255s", t2 + 1);
        char *sp = strchr(q->q, ' ');
        if (!strcmp(q->cls, "w2") && sp) {
            q->nwords = 2;
            snprintf(q->words[0], sizeof q->words[0], "%.*s", (int)(sp - q->q), q->q);
            snprintf(q->words[1], sizeof q->words[1], "%.255s", sp + 1);
        } else {
            q->nwords = 1;
            snprintf(q->words[0], sizeof q->words[0], "%.255s", q->q);
        }
    }
    fclose(f);
    return v;
}

/* Returns the number of UTF-8 characters in s. */
static inline size_t bu_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The three output files of a search run. */
typedef struct bu_out {
    FILE *top10, *count, *lat;
} bu_out;

/* Opens PREFIX.top10, PREFIX.count and PREFIX.lat for writing. */
static inline void bu_out_open(bu_out *o, const char *prefix)
{
    char p[4096];
    snprintf(p, sizeof p, "%s.top10", prefix);
    if (!(o->top10 = fopen(p, "w"))) bu_die(p);
    snprintf(p, sizeof p, "%s.count", prefix);
    if (!(o->count = fopen(p, "w"))) bu_die(p);
    snprintf(p, sizeof p, "%s.lat", prefix);
    if (!(o->lat = fopen(p, "w"))) bu_die(p);
}

/* Closes the output files. */
static inline void bu_out_close(bu_out *o)
{
    fclose(o->top10);
    fclose(o->count);
    fclose(o->lat);
}

/* Returns 1 when query i is among the first max_per_class queries of its
 * class (max_per_class 0: every query is wanted). */
static inline int bu_wanted(const bu_query *qs, size_t i, size_t max_per_class)
{
    if (!max_per_class) return 1;
    size_t k = 0;
    for (size_t j = 0; j < i; j++) k += !strcmp(qs[j].cls, qs[i].cls);
    return k < max_per_class;
}

#endif
