/* jx_report.h: the report model. Turns the UTF-8 text of one report into
 * clean text, passages under their heading paths, and metadata fields
 * (each with the line it came from), so that indexing and --show-meta
 * see the same report. Extraction never guesses: a field the report does
 * not state stays empty. */
#ifndef JX_REPORT_H
#define JX_REPORT_H

#include <stddef.h>

#include "jx_buf.h"
#include "jx_clean.h"
#include "jx_field.h"
#include "jx_meta.h"
#include "jx_status.h"
#include "jx_structure.h"

/* A report whose clean text has more lines (paragraphs, headings) than
 * this is refused (JX_ERR_FORMAT): every paragraph becomes a passage and
 * every passage a document, so this bounds the memory indexing one file
 * takes (see docs/limits.md). Real reports have a few thousand. */
#define JX_MAX_PARAGRAPHS 1000000

/* A parsed report; owns all its strings. */
typedef struct jx_report {
    char *text; /* the clean text, lines separated by '\n' */
    size_t text_len;
    jx_passage *passages;
    size_t n_passages;
    jx_field fields[JX_FIELD_COUNT];
    char *passage_strings; /* holds every passage's heading and text */
} jx_report;

/* Parses the UTF-8 text of a report: cleans it, splits it into passages
 * under their heading paths and extracts the metadata fields. hints may
 * be NULL. The caller frees *out with Jx_report_destroy. */
jx_status Jx_report_parse(const char *utf8, size_t len, const jx_hints *hints,
                          jx_report **out, jx_error *err);

/* Uses the file's path (may be NULL) for what the text leaves empty:
 * the department from the file's name read as a title
 * (2021年某县财政局部门整体支出绩效自评报告.pdf) or from the nearest
 * folder named like a unit (reports/2022/某县教育局/…), with the region
 * at its head; source properties, the name as evidence. */
jx_status Jx_report_use_path(jx_report *report, const char *path,
                             jx_error *err);

/* Sets field id of report to a copy of value (NULL or "" clears it), with
 * its source and evidence (may be NULL), after Jx_field_validate. */
jx_status Jx_report_set_field(jx_report *report, jx_field_id id,
                              const char *value, jx_source source,
                              const char *evidence, jx_error *err);

/* Frees a report and everything it owns; NULL is fine. */
void Jx_report_destroy(jx_report *report);

#endif
