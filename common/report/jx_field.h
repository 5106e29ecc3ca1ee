/* jx_field.h: a report's metadata fields -- which there are, where a
 * value came from, their names, and the rule each value keeps. */
#ifndef JX_FIELD_H
#define JX_FIELD_H

#include <stddef.h>

#include "jx_status.h"

/* jx_field_id, the fields themselves, is defined in jixiao.h, the public
 * header (through jx_status.h). */

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

/* ---- The domain rules, in one place: extraction (jx_meta.c), validation
 * (Jx_field_validate), query parsing (jx_query_parse.c) and records
 * (jx_record.c, jx_passage_doc.c) all take them from here. */

/* The fiscal years a report's year field may hold: the People's
 * Republic's budgets begin in 1949. */
#define JX_YEAR_MIN 1949
#define JX_YEAR_MAX 2100
/* The lowest year a year: query or --year bound may name: lower than
 * JX_YEAR_MIN so that a range such as 1900..2100 means any year (such
 * ranges are in use); a year below JX_YEAR_MIN simply matches nothing. */
#define JX_QUERY_YEAR_MIN 1900

/* The grades a report states, as written, longest first (a scan must
 * meet 不合格 before 合格): the pass scale 优秀 良好 合格 不合格 and the
 * four-step scale 优 良 中 差. Nothing else is a grade (not 较差). */
#define JX_GRADE_COUNT 8
extern const char *const Jx_grades[JX_GRADE_COUNT];

/* Canonical one-character grade for filtering and counting: 优秀 → 优,
 * 良好 → 良, 合格 → 中, 不合格 → 差; the four one-character grades map to
 * themselves; anything else (not one of Jx_grades) gives NULL. */
const char *Jx_grade_canonical(const char *grade);

/* The report types a type field holds. */
#define JX_TYPE_PROJECT "项目支出"
#define JX_TYPE_DEPT    "部门整体支出"
#define JX_TYPE_OTHER   "其他"

/* The report type a word names: a type itself, or the short names a
 * query may use (项目 for 项目支出; 部门整体, 整体支出 for 部门整体支出);
 * NULL for anything else. */
const char *Jx_report_type_of(const char *word);

/* True when value is one of the three report types, as a type field
 * holds it. */
int Jx_report_type_valid(const char *value);

/* Returns the English name of a field: "title", "department", "region",
 * "year", "score", "grade", "type" (as in labels.tsv and JSON). */
const char *Jx_field_name(jx_field_id id);
/* Finds a field by its name (also "dept" and "report_type"); returns
 * JX_FIELD_COUNT when the name is unknown. */
jx_field_id Jx_field_by_name(const char *name);
/* Returns "", "text", "properties", "sidecar" or "manifest". */
const char *Jx_source_name(jx_source source);

/* Checks that value is acceptable for field id (a year is 4 digits from
 * 1949 to 2100, a score a number from 0 to 100, a grade and a type one of
 * the known words); err says why not. */
jx_status Jx_field_validate(jx_field_id id, const char *value, jx_error *err);

/* Sets *f to a copy of value[0..vlen) and evidence[0..elen) (evidence may
 * be NULL), with line and source; frees what *f held before. */
jx_status Jx_field_fill(jx_field *f, const char *value, size_t vlen,
                        const char *evidence, size_t elen, unsigned line,
                        jx_source source);

/* Frees what *f holds and empties it. */
void Jx_field_clear(jx_field *f);

#endif
