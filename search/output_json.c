/* output_json.c: JSON Lines for programs (docs/json.md is the schema),
 * and CSV for spreadsheets. Every object has a "type": "summary",
 * "report" (--list-reports), "passage" or "count". Offsets of matches are
 * in characters of the string they refer to. */
#include <stdio.h>
#include <string.h>

#include "jx_json.h"
#include "output.h"

/* Writes and frees a finished line. */
static void emit(FILE *out, jx_buf *b)
{
    jx_buf_putc(b, '\n');
    fwrite(b->data, 1, b->len, out);
    jx_buf_free(b);
}

/* The summary object. */
static void json_totals(FILE *out, const output_style *st, const jx_results *r)
{
    jx_buf b = {0};
    jx_buf_puts(&b, "{\"type\":\"summary\",\"query\":");
    jx_json_cstring(&b, st->query);
    jx_buf_printf(&b, ",\"reports\":%lu,\"passages\":", r->total_reports);
    if (st->passage_counts)
        jx_buf_printf(&b, "%lu", r->total_passages);
    else
        jx_buf_puts(&b, "null");
    jx_buf_printf(&b, ",\"exact\":%s}", r->totals_exact ? "true" : "false");
    emit(out, &b);
}

/* Appends the report's metadata members (without braces); its matching
 * passages are null when they say nothing (st->passage_counts). */
static void report_members(jx_buf *b, const output_style *st,
                           const jx_report_hit *hit)
{
    const jx_report_record *rec = &hit->record;
    jx_buf_puts(b, "\"path\":");
    jx_json_cstring(b, rec->n_paths ? rec->paths[0].path : NULL);
    jx_buf_puts(b, ",\"paths\":[");
    for (size_t i = 0; i < rec->n_paths; i++) {
        if (i)
            jx_buf_putc(b, ',');
        jx_json_cstring(b, rec->paths[i].path);
    }
    jx_buf_puts(b, "],\"format\":");
    jx_json_cstring(b, rec->format);
    jx_buf_printf(b, ",\"key\":\"%s\"", rec->key.hex);
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        /* "report_type", as in labels.tsv: "type" names the object */
        jx_buf_printf(b, ",\"%s\":",
                      f == JX_FIELD_TYPE ? "report_type"
                                         : jx_field_name((jx_field_id)f));
        jx_json_cstring(b, rec->fields[f]);
    }
    if (st->passage_counts)
        jx_buf_printf(b, ",\"matching_passages\":%lu", hit->matching_passages);
    else
        jx_buf_puts(b, ",\"matching_passages\":null");
}

/* A report object (--list-reports only; passages carry their report). */
static void json_report(FILE *out, const output_style *st, unsigned rank,
                        const jx_report_hit *hit)
{
    if (hit->n_passages)
        return;
    jx_buf b = {0};
    jx_buf_printf(&b, "{\"type\":\"report\",\"rank\":%u,\"relevance\":%.4f,",
                  rank, hit->relevance);
    report_members(&b, st, hit);
    jx_buf_putc(&b, '}');
    emit(out, &b);
}

/* Appends spans as [[start,end],...] in characters of s. */
static void spans(jx_buf *b, const char *s, const jx_span *sp, size_t n)
{
    jx_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++)
        jx_buf_printf(b, "%s[%zu,%zu]", i ? "," : "",
                      jx_utf8_chars(s, sp[i].start),
                      jx_utf8_chars(s, sp[i].end));
    jx_buf_putc(b, ']');
}

/* A passage object with its report's metadata. */
static void json_passage(FILE *out, const output_style *st,
                         const jx_report_hit *hit, const jx_passage_hit *p,
                         unsigned rank)
{
    jx_buf b = {0};
    jx_buf_printf(&b,
                  "{\"type\":\"passage\",\"rank\":%u,\"relevance\":%.4f,"
                  "\"report\":{",
                  rank, p->relevance);
    report_members(&b, st, hit);
    jx_buf_puts(&b, "},\"heading\":");
    jx_json_cstring(&b, p->heading);
    jx_buf_puts(&b, ",\"text\":");
    jx_json_cstring(&b, p->text);
    jx_buf_puts(&b, ",\"matches\":");
    spans(&b, p->text, p->text_spans, p->n_text_spans);
    jx_buf_puts(&b, ",\"heading_matches\":");
    spans(&b, p->heading, p->heading_spans, p->n_heading_spans);
    jx_buf_putc(&b, '}');
    emit(out, &b);
}

/* One count object per value. */
static void json_counts(FILE *out, const output_style *st, jx_count_by by,
                        const jx_results *r)
{
    json_totals(out, st, r);
    for (size_t i = 0; i < r->n_counts; i++) {
        jx_buf b = {0};
        jx_buf_printf(&b, "{\"type\":\"count\",\"by\":\"%s\",\"value\":",
                      jx_count_by_name(by));
        jx_json_cstring(&b, *r->counts[i].value ? r->counts[i].value : NULL);
        jx_buf_printf(&b, ",\"reports\":%lu,\"passages\":%lu}",
                      r->counts[i].reports, r->counts[i].passages);
        emit(out, &b);
    }
}

const output_format output_json = {json_totals, json_report, json_passage,
                                   json_counts};

/* Appends s as a CSV field, quoted when it needs to be. */
static void csv_field(jx_buf *b, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        jx_buf_puts(b, s);
        return;
    }
    jx_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            jx_buf_putc(b, '"');
        jx_buf_putc(b, *s);
    }
    jx_buf_putc(b, '"');
}

/* The CSV header row of --list-reports. */
static void csv_totals(FILE *out, const output_style *st, const jx_results *r)
{
    fputs("rank,path,title,department,region,year,score,grade,type,published,"
          "format,matching_passages\n",
          out);
}

/* One CSV row per report. */
static void csv_report(FILE *out, const output_style *st, unsigned rank,
                       const jx_report_hit *hit)
{
    jx_buf b = {0};
    const jx_report_record *rec = &hit->record;
    jx_buf_printf(&b, "%u,", rank);
    csv_field(&b, rec->n_paths ? rec->paths[0].path : "");
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        jx_buf_putc(&b, ',');
        csv_field(&b, rec->fields[f]);
    }
    jx_buf_putc(&b, ',');
    csv_field(&b, rec->format);
    if (st->passage_counts)
        jx_buf_printf(&b, ",%lu\n", hit->matching_passages);
    else
        jx_buf_puts(&b, ",\n");
    fwrite(b.data, 1, b.len, out);
    jx_buf_free(&b);
}

/* Passages are not part of the CSV. */
static void csv_passage(FILE *out, const output_style *st,
                        const jx_report_hit *hit, const jx_passage_hit *p,
                        unsigned rank)
{
}

/* The counts as CSV rows. */
static void csv_counts(FILE *out, const output_style *st, jx_count_by by,
                       const jx_results *r)
{
    fprintf(out, "%s,reports,passages\n", jx_count_by_name(by));
    for (size_t i = 0; i < r->n_counts; i++) {
        jx_buf b = {0};
        csv_field(&b, r->counts[i].value);
        jx_buf_printf(&b, ",%lu,%lu\n", r->counts[i].reports,
                      r->counts[i].passages);
        fwrite(b.data, 1, b.len, out);
        jx_buf_free(&b);
    }
}

const output_format output_csv = {csv_totals, csv_report, csv_passage,
                                  csv_counts};
