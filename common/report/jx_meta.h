/* jx_meta.h: metadata extraction -- the title lines of a report's clean
 * text, and its fields read from the text, then from the hints a file
 * format offers, then from the file's path. */
#ifndef JX_META_H
#define JX_META_H

#include <stddef.h>

#include "jx_field.h"
#include "jx_lines.h"
#include "jx_status.h"

/* Hints a file format offers the extraction (docx properties, say); any
 * may be NULL. They never override what the text states. */
typedef struct jx_hints {
    const char *title;
    const char *author; /* author or company */
    const char *date;   /* creation date, ISO 8601 */
} jx_hints;

/* Finds the title lines among the first lines of a clean text: the line
 * naming the report (报告, 自评) and up to two title-like lines just
 * before it (a unit name, the first half of a long title). Returns 0
 * when there is none; otherwise sets *first and *count. */
int Jx_find_title(const jx_line *lines, size_t n, size_t *first,
                  size_t *count);

/* Fills fields[] from the lines of a clean text, with its title lines,
 * then from hints (may be NULL) for fields the text does not state. */
jx_status Jx_extract_fields(const jx_line *lines, size_t n, size_t title_first,
                            size_t title_count, const jx_hints *hints,
                            jx_field fields[JX_FIELD_COUNT]);

/* Fills the department (and the region at its head) from a file's path
 * when the text named none: the file's name read as a title, else the
 * nearest folder named like a unit (jx_meta.c). */
jx_status Jx_fields_from_path(const char *path,
                              jx_field fields[JX_FIELD_COUNT]);

#endif
