/* jx_report.h: the report model. Turns the UTF-8 text of one report into
 * clean text, passages under their heading paths, and metadata fields
 * (each with the line it came from), so that indexing and --show-meta
 * see the same report. Extraction never guesses: a field the report does
 * not state stays empty. */
#ifndef JX_REPORT_H
#define JX_REPORT_H

#include <stddef.h>

#include "jx_buf.h"
#include "jx_status.h"

/* Passages longer than this many characters are split, at sentence
 * ends where possible (see docs/report-model.md for how it was chosen). */
#define JX_PASSAGE_MAX_CHARS 400

/* A paragraph cut anywhere but at a sentence end (a sentence longer than
 * JX_PASSAGE_MAX_CHARS) gives a next passage that starts this many
 * characters before the cut, so that any string of up to this many
 * characters is whole in one passage and can be found. */
#define JX_PASSAGE_OVERLAP_CHARS 64

/* A report whose clean text has more lines (paragraphs, headings) than
 * this is refused (JX_ERR_FORMAT): every paragraph becomes a passage and
 * every passage a document, so this bounds the memory indexing one file
 * takes (see docs/limits.md). Real reports have a few thousand. */
#define JX_MAX_PARAGRAPHS 1000000

/* The separator between the headings of a heading path. */
#define JX_HEADING_SEP " › "

/* One passage: a paragraph (or a piece of a long one) with the path of
 * headings it stands under, outermost first, joined by JX_HEADING_SEP
 * ("" before the first heading). */
typedef struct jx_passage {
    char *heading;
    char *text;
    unsigned line;    /* line of the clean text it comes from, from 1 */
    unsigned overlap; /* bytes at the start of text that repeat the end of
                         the passage before (a cut inside a sentence) */
} jx_passage;

typedef enum jx_field_id {
    JX_FIELD_TITLE,
    JX_FIELD_DEPT,   /* department: the unit's full name */
    JX_FIELD_REGION, /* province/city/county/district or development zone */
    JX_FIELD_YEAR,   /* fiscal year evaluated, 4 digits */
    JX_FIELD_SCORE,  /* overall score, as written ("97.5") */
    JX_FIELD_GRADE, /* 优 良 中 差 优秀 良好 合格 不合格, as written */
    JX_FIELD_TYPE,      /* 项目支出, 部门整体支出 or 其他 */
    JX_FIELD_PUBLISHED, /* a web page's publication date, YYYY-MM-DD;
                           never the fiscal year */
    JX_FIELD_COUNT
} jx_field_id;

/* Where a field's value came from. */
typedef enum jx_source {
    JX_SOURCE_NONE = 0,   /* not found: value is NULL */
    JX_SOURCE_TEXT,       /* the report's own text */
    JX_SOURCE_PROPERTIES, /* the file's properties (title, author...) */
    JX_SOURCE_SIDECAR,    /* a sidecar file beside the report */
    JX_SOURCE_MANIFEST    /* the --manifest file */
} jx_source;

/* A metadata field. value and evidence are NULL when not found. */
typedef struct jx_field {
    char *value;
    char *evidence; /* the line of clean text (or the row) it came from */
    unsigned line;  /* that line's number in the clean text, 0 if none */
    jx_source source;
} jx_field;

/* Hints a file format offers the extraction (docx properties, say); any
 * may be NULL. They never override what the text states. */
typedef struct jx_hints {
    const char *title;
    const char *author; /* author or company */
    const char *date;   /* creation date, ISO 8601 */
} jx_hints;

/* A parsed report; owns all its strings. */
typedef struct jx_report {
    char *text; /* the clean text, lines separated by '\n' */
    size_t text_len;
    jx_passage *passages;
    size_t n_passages;
    jx_field fields[JX_FIELD_COUNT];
    char *passage_strings; /* holds every passage's heading and text */
} jx_report;

/* Returns the English name of a field: "title", "department", "region",
 * "year", "score", "grade", "type" (as in labels.tsv and JSON). */
const char *jx_field_name(jx_field_id id);
/* Finds a field by its name (also "dept" and "report_type"); returns
 * JX_FIELD_COUNT when the name is unknown. */
jx_field_id jx_field_by_name(const char *name);
/* Returns "", "text", "properties", "sidecar" or "manifest". */
const char *jx_source_name(jx_source source);

/* Appends to out the clean text of a report: conversion artefacts removed
 * ([bookmark: ...] markers, lone page numbers such as "- 3 -" and "第 3
 * 页", form feeds, repeated running headers), lines broken in
 * mid-sentence joined (also across the blank lines of a page break), and
 * real paragraph ends kept. */
jx_status jx_clean_text(const char *utf8, size_t len, jx_buf *out);

/* Parses the UTF-8 text of a report: cleans it, splits it into passages
 * under their heading paths and extracts the metadata fields. hints may
 * be NULL. The caller frees *out with jx_report_free. */
jx_status jx_report_parse(const char *utf8, size_t len, const jx_hints *hints,
                          jx_report **out, jx_error *err);

/* Uses the file's path (may be NULL) for what the text leaves empty:
 * the department from the file's name read as a title
 * (2021年某县财政局部门整体支出绩效自评报告.pdf) or from the nearest
 * folder named like a unit (reports/2022/某县教育局/…), with the region
 * at its head; source properties, the name as evidence. */
jx_status jx_report_use_path(jx_report *report, const char *path,
                             jx_error *err);

/* Checks that value is acceptable for field id (a year is 4 digits from
 * 1949 to 2100, a score a number from 0 to 100, a grade and a type one of
 * the known words); err says why not. */
jx_status jx_field_validate(jx_field_id id, const char *value, jx_error *err);

/* Sets field id of report to a copy of value (NULL or "" clears it), with
 * its source and evidence (may be NULL), after jx_field_validate. */
jx_status jx_report_set_field(jx_report *report, jx_field_id id,
                              const char *value, jx_source source,
                              const char *evidence, jx_error *err);

/* Frees a report and everything it owns; NULL is fine. */
void jx_report_free(jx_report *report);

#endif
