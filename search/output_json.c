/* output_json.c: JSON Lines for programs (docs/json.md is the schema),
 * and CSV for spreadsheets. Every object has a "type": "summary",
 * "report" (--list-reports), "passage" or "count". Offsets of matches are
 * in characters of the string they refer to. */
#include <stdio.h>
#include <string.h>

#include "output.h"

/* The summary object. */
static void json_totals(FILE *out, const output_style *st, const jx_hits *r)
{
    fputs("{\"type\":\"summary\",\"query\":", out);
    jx_json_print(out, st->query);
    fprintf(out, ",\"reports\":%lu,\"passages\":", r->total_reports);
    if (st->passage_counts)
        fprintf(out, "%lu", r->total_passages);
    else
        fputs("null", out);
    fprintf(out, ",\"exact\":%s%s}\n", r->totals_exact ? "true" : "false",
            st->partial ? ",\"partial\":true" : "");
}

/* Writes the report's metadata members (without braces); its matching
 * passages are null when they say nothing (st->passage_counts). */
static void report_members(FILE *out, const output_style *st,
                           const jx_hit_report *hit)
{
    fputs("\"path\":", out);
    jx_json_print(out, hit->n_paths ? hit->paths[0] : NULL);
    fputs(",\"paths\":[", out);
    for (size_t i = 0; i < hit->n_paths; i++) {
        if (i)
            fputc(',', out);
        jx_json_print(out, hit->paths[i]);
    }
    fputs("],\"copies\":[", out);
    for (size_t i = 0; i < hit->n_copies; i++) {
        const jx_hit_copy *c = &hit->copies[i];
        fputs(i ? ",{\"path\":" : "{\"path\":", out);
        jx_json_print(out, hit->paths[c->path]);
        fputs(",\"format\":", out);
        jx_json_print(out, c->format);
        fprintf(out, ",\"key\":\"%s\"}", c->key);
    }
    fputs("],\"format\":", out);
    jx_json_print(out, hit->format);
    fprintf(out, ",\"key\":\"%s\"", hit->key);
    if (st->copy_of)
        fprintf(out, ",\"copy_of\":\"%s\"", st->copy_of);
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        /* "report_type", as in labels.tsv: "type" names the object */
        fprintf(out, ",\"%s\":",
                f == JX_FIELD_TYPE ? "report_type"
                                   : jx_field_string((jx_field_id)f));
        jx_json_print(out, hit->fields[f]);
    }
    if (st->passage_counts)
        fprintf(out, ",\"matching_passages\":%lu", hit->matching_passages);
    else
        fputs(",\"matching_passages\":null", out);
}

/* A report object (--list-reports only; passages carry their report). */
static void json_report(FILE *out, const output_style *st, unsigned rank,
                        const jx_hit_report *hit)
{
    if (hit->n_passages)
        return;
    fprintf(out, "{\"type\":\"report\",\"rank\":%u,\"relevance\":%.4f,", rank,
            hit->relevance);
    report_members(out, st, hit);
    fputs("}\n", out);
}

/* Writes ranges as [[start,end],...] in characters of s. */
static void spans(FILE *out, const char *s, const jx_range *sp, size_t n)
{
    fputc('[', out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s[%zu,%zu]", i ? "," : "",
                jx_utf8_count(s, sp[i].start), jx_utf8_count(s, sp[i].end));
    fputc(']', out);
}

/* A passage object with its report's metadata. */
static void json_passage(FILE *out, const output_style *st,
                         const jx_hit_report *hit, const jx_hit_passage *p,
                         unsigned rank)
{
    fprintf(out,
            "{\"type\":\"passage\",\"rank\":%u,\"relevance\":%.4f,"
            "\"report\":{",
            rank, p->relevance);
    report_members(out, st, hit);
    fputs("},\"heading\":", out);
    jx_json_print(out, p->heading);
    fputs(",\"text\":", out);
    jx_json_print(out, p->text);
    fputs(",\"matches\":", out);
    spans(out, p->text, p->text_matches, p->n_text_matches);
    fputs(",\"heading_matches\":", out);
    spans(out, p->heading, p->heading_matches, p->n_heading_matches);
    fputs("}\n", out);
}

/* One count object per value. */
static void json_counts(FILE *out, const output_style *st, jx_count_by by,
                        const jx_hits *r)
{
    json_totals(out, st, r);
    for (size_t i = 0; i < r->n_counts; i++) {
        fprintf(out, "{\"type\":\"count\",\"by\":\"%s\",\"value\":",
                jx_count_by_string(by));
        jx_json_print(out, *r->counts[i].value ? r->counts[i].value : NULL);
        fprintf(out, ",\"reports\":%lu,\"passages\":%lu}\n",
                r->counts[i].reports, r->counts[i].passages);
    }
}

const output_format output_json = {json_totals, json_report, json_passage,
                                   json_counts};

/* Writes s as a CSV field, quoted when it needs to be. */
static void csv_field(FILE *out, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* The CSV header row of --list-reports. */
static void csv_totals(FILE *out, const output_style *st, const jx_hits *r)
{
    fputs("rank,path,title,department,region,year,score,grade,type,published,"
          "format,matching_passages\n",
          out);
}

/* One CSV row per report. */
static void csv_report(FILE *out, const output_style *st, unsigned rank,
                       const jx_hit_report *hit)
{
    fprintf(out, "%u,", rank);
    csv_field(out, hit->n_paths ? hit->paths[0] : "");
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        fputc(',', out);
        csv_field(out, hit->fields[f]);
    }
    fputc(',', out);
    csv_field(out, hit->format);
    if (st->passage_counts)
        fprintf(out, ",%lu\n", hit->matching_passages);
    else
        fputs(",\n", out);
}

/* Passages are not part of the CSV. */
static void csv_passage(FILE *out, const output_style *st,
                        const jx_hit_report *hit, const jx_hit_passage *p,
                        unsigned rank)
{
}

/* The counts as CSV rows. */
static void csv_counts(FILE *out, const output_style *st, jx_count_by by,
                       const jx_hits *r)
{
    fprintf(out, "%s,reports,passages\n", jx_count_by_string(by));
    for (size_t i = 0; i < r->n_counts; i++) {
        csv_field(out, r->counts[i].value);
        fprintf(out, ",%lu,%lu\n", r->counts[i].reports,
                r->counts[i].passages);
    }
}

const output_format output_csv = {csv_totals, csv_report, csv_passage,
                                  csv_counts};
