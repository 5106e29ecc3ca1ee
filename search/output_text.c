/* output_text.c: the output for people: reports with their metadata and
 * passages with matches highlighted (colour on a terminal), cut to a
 * window around the matches; counts as a table with a bar chart. */
#include <stdio.h>
#include <string.h>

#include "output.h"

#define C_MATCH   "\033[1;31m"
#define C_TITLE   "\033[1m"
#define C_PATH    "\033[32m"
#define C_HEADING "\033[36m"
#define C_DIM     "\033[2m"
#define C_OFF     "\033[0m"

/* Starts a colour when colour is on. */
static void color(FILE *out, const output_style *st, const char *code)
{
    if (st->color)
        fputs(code, out);
}

/* Prints "N reports, M passages match", or "at least ..." when counting
 * stopped at the count limit. */
static void text_totals(FILE *out, const output_style *st, const jx_hits *r)
{
    if (!st->passage_counts) {
        fprintf(out, "%lu report%s\n", r->total_reports,
                r->total_reports == 1 ? "" : "s");
        return;
    }
    fprintf(out, "%s%lu report%s, %lu passage%s match%s%s\n",
            r->totals_exact ? "" : "at least ", r->total_reports,
            r->total_reports == 1 ? "" : "s", r->total_passages,
            r->total_passages == 1 ? "" : "s",
            r->total_passages == 1 ? "es" : "",
            r->totals_exact ? "" : " (--count for the exact totals)");
}

/* Prints one metadata item after a separator when it is known. */
static void meta_item(FILE *out, int *first, const char *value,
                      const char *suffix)
{
    if (!value || !*value)
        return;
    fprintf(out, "%s%s%s", *first ? "" : " · ", value, suffix);
    *first = 0;
}

/* Prints the unit a report is from: its department, else its region,
 * else the folder its file is in ("商务局/"), so that reports under a
 * generic title can be told apart. Returns 0 when it printed nothing. */
static int unit_item(FILE *out, const jx_hit_report *hit)
{
    const char *const *f = hit->fields;
    if (f[JX_FIELD_DEPT] && *f[JX_FIELD_DEPT]) {
        fputs(f[JX_FIELD_DEPT], out);
        return 1;
    }
    if (f[JX_FIELD_REGION] && *f[JX_FIELD_REGION]) {
        fputs(f[JX_FIELD_REGION], out);
        return 1;
    }
    const char *path = hit->n_paths ? hit->paths[0] : "";
    const char *slash = strrchr(path, '/'), *start = slash;
    if (!slash || slash == path)
        return 0;
    while (start > path && start[-1] != '/')
        start--;
    fwrite(start, 1, (size_t)(slash - start) + 1, out); /* with its / */
    return 1;
}

/* Prints a report's title, metadata line and path(s). */
static void text_report(FILE *out, const output_style *st, unsigned rank,
                        const jx_hit_report *hit)
{
    const char *const *f = hit->fields;
    fprintf(out, st->copy_of ? "\n[%u, copy] " : "\n[%u] ", rank);
    color(out, st, C_TITLE);
    fputs(f[JX_FIELD_TITLE] ? f[JX_FIELD_TITLE] : "(untitled)", out);
    color(out, st, C_OFF);
    fputs("\n    ", out);
    int first = !unit_item(out, hit);
    meta_item(out, &first, f[JX_FIELD_YEAR], "年度");
    meta_item(out, &first, f[JX_FIELD_SCORE], "分");
    meta_item(out, &first, f[JX_FIELD_GRADE], "");
    meta_item(out, &first, f[JX_FIELD_TYPE], "");
    if (st->passage_counts)
        fprintf(out, "%s%lu matching passage%s", first ? "" : " · ",
                hit->matching_passages,
                hit->matching_passages == 1 ? "" : "s");
    fputc('\n', out);
    for (size_t i = 0; i < hit->n_paths; i++) {
        fputs("    ", out);
        color(out, st, C_PATH);
        fputs(hit->paths[i], out);
        color(out, st, C_OFF);
        for (size_t k = 0; k < hit->n_copies; k++) /* one report, copies */
            if (hit->copies[k].path == i)
                fprintf(out, " (copy, %s)", hit->copies[k].format);
        fputc('\n', out);
    }
}

/* Moves back n characters from byte offset at in s. */
static size_t back_chars(const char *s, size_t at, unsigned n)
{
    while (at > 0 && n > 0) {
        at--;
        while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
            at--;
        n--;
    }
    return at;
}

/* Moves forward n characters from byte offset at in s (len bytes). */
static size_t forward_chars(const char *s, size_t len, size_t at, unsigned n)
{
    while (at < len && n > 0) {
        at++;
        while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
            at++;
        n--;
    }
    return at;
}

/* Prints s[from..to) with the spans inside it highlighted; after each
 * match the colour base (or none) is restored. */
static void print_highlighted(FILE *out, const output_style *st, const char *s,
                              size_t from, size_t to, const jx_range *spans,
                              size_t n, const char *base)
{
    size_t at = from;
    for (size_t i = 0; i < n && at < to; i++) {
        size_t a = spans[i].start < at ? at : spans[i].start;
        size_t b = spans[i].end > to ? to : spans[i].end;
        if (a >= b)
            continue;
        fwrite(s + at, 1, a - at, out);
        color(out, st, C_MATCH);
        fwrite(s + a, 1, b - a, out);
        color(out, st, C_OFF);
        if (base)
            color(out, st, base);
        at = b;
    }
    if (at < to)
        fwrite(s + at, 1, to - at, out);
}

/* Prints a passage's heading path and its text, cut to a window around
 * the first matches when long. */
static void text_passage(FILE *out, const output_style *st,
                         const jx_hit_report *hit, const jx_hit_passage *p,
                         unsigned rank)
{
    if (*p->heading) {
        fputs("    » ", out);
        color(out, st, C_HEADING);
        print_highlighted(out, st, p->heading, 0, strlen(p->heading),
                          p->heading_matches, p->n_heading_matches, C_HEADING);
        color(out, st, C_OFF);
        fputc('\n', out);
    }
    size_t len = strlen(p->text);
    size_t chars = jx_utf8_count(p->text, len);
    size_t from = 0, to = len;
    if (chars > 3 * st->context) {
        size_t first = p->n_text_matches ? p->text_matches[0].start : 0;
        size_t first_end = p->n_text_matches ? p->text_matches[0].end : 0;
        from = back_chars(p->text, first, st->context);
        to = forward_chars(p->text, len, from, 3 * st->context);
        if (to < first_end) /* never cut the first match */
            to = forward_chars(p->text, len, first_end, st->context);
    }
    fputs("      ", out);
    if (from > 0)
        fputs("…", out);
    print_highlighted(out, st, p->text, from, to, p->text_matches,
                      p->n_text_matches, NULL);
    if (to < len)
        fputs("…", out);
    fputc('\n', out);
}

/* Prints a bar of width cells (in eighths) with block characters. */
static void bar(FILE *out, double cells)
{
    static const char *const eighths[] = {"",  "▏", "▎", "▍",
                                          "▌", "▋", "▊", "▉"};
    int whole = (int)cells, part = (int)((cells - whole) * 8);
    for (int i = 0; i < whole; i++)
        fputs("█", out);
    fputs(eighths[part], out);
}

/* Display width of a UTF-8 string: CJK characters count two columns. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        w += *p >= 0xE0 ? 2 : 1;
    }
    return w;
}

/* Prints the counts as a table with bars proportional to reports. */
static void text_counts(FILE *out, const output_style *st, jx_count_by by,
                        const jx_hits *r)
{
    size_t wv = strlen("total");
    unsigned long max = 1;
    for (size_t i = 0; i < r->n_counts; i++) {
        const char *v = *r->counts[i].value ? r->counts[i].value : "(unknown)";
        if (width(v) > wv)
            wv = width(v);
        if (r->counts[i].reports > max)
            max = r->counts[i].reports;
    }
    const char *name = jx_count_by_string(by);
    fprintf(out, "%s%*s  reports  passages\n", name,
            (int)(wv > strlen(name) ? wv - strlen(name) : 0), "");
    for (size_t i = 0; i < r->n_counts; i++) {
        const jx_hit_count *row = &r->counts[i];
        const char *v = *row->value ? row->value : "(unknown)";
        fprintf(out, "%s%*s  %7lu  %8lu  ", v, (int)(wv - width(v)), "",
                row->reports, row->passages);
        color(out, st, C_PATH);
        bar(out, 40.0 * (double)row->reports / (double)max);
        color(out, st, C_OFF);
        fputc('\n', out);
    }
    fprintf(out, "%s%*s  %7lu  %8lu\n", "total", (int)(wv - 5), "",
            r->total_reports, r->total_passages);
}

const output_format output_text = {text_totals, text_report, text_passage,
                                   text_counts};
