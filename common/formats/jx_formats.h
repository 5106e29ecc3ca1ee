/* jx_formats.h: reading report files of every supported format into UTF-8
 * text lines, ready for Jx_report_parse: plain text in any common
 * encoding, .docx, .pdf and .html. */
#ifndef JX_FORMATS_H
#define JX_FORMATS_H

#include <stddef.h>

#include "jx_status.h"
#include "jx_text.h"

typedef enum jx_format {
    JX_FORMAT_UNKNOWN = 0, /* not a report file: skipped */
    JX_FORMAT_TEXT,        /* .txt */
    JX_FORMAT_DOCX,        /* .docx */
    JX_FORMAT_PDF,         /* .pdf */
    JX_FORMAT_HTML,        /* .html, .htm */
    JX_FORMAT_DOC,         /* .doc (legacy Word) */
    JX_FORMAT_WPS          /* .wps */
} jx_format;

/* Files larger than this are refused (JX_ERR_FORMAT) without being read. */
#define JX_MAX_FILE_BYTES (64u * 1024 * 1024)

/* The most text (UTF-8) one file may give: what the largest file gives
 * when it is GB18030 or UTF-16 (two bytes a character, three in UTF-8).
 * More is refused (JX_ERR_FORMAT "more than 96 MiB of text"): a small
 * .docx or .pdf can expand far beyond its size, and the memory of
 * reading one report follows its text (docs/limits.md). */
#define JX_MAX_TEXT_BYTES (JX_MAX_FILE_BYTES / 2 * 3)

/* The format a file name says (by its extension, case-insensitive). */
jx_format Jx_format_from_path(const char *path);
/* "text", "docx", "pdf", "html", "doc", "wps" or "unknown". */
const char *Jx_format_name(jx_format format);

/* What was extracted from a file: UTF-8 text with one paragraph (or
 * line) per '\n'-terminated line, plus hints for the metadata. */
typedef struct jx_extracted {
    jx_format format;
    char *text;
    size_t len;
    jx_encoding encoding; /* for text and HTML: what the bytes were in */
    size_t replaced;      /* undecodable bytes replaced with U+FFFD */
    char *hint_title;     /* document properties, NULL when absent */
    char *hint_author;
    char *hint_date;
} jx_extracted;

/* Reads path and extracts its text according to its format. Errors name
 * the cause (err->message does not repeat the path): JX_ERR_IO when it
 * cannot be read, JX_ERR_FORMAT for a damaged or binary file,
 * JX_ERR_UNSUPPORTED for a format this build cannot read. */
jx_status Jx_extract_file(const char *path, jx_extracted *out, jx_error *err);

/* Reads the whole file at path into *data (malloc'd, the caller frees it),
 * refusing files over JX_MAX_FILE_BYTES and anything not a regular file
 * (checked on the open file, opened without blocking). A signal that
 * interrupts the read gives JX_ERR_INTERRUPTED. */
jx_status Jx_read_file(const char *path, char **data, size_t *len,
                       jx_error *err);

/* Extracts text from data already in memory, of the given format. */
jx_status Jx_extract_memory(jx_format format, const char *data, size_t len,
                            jx_extracted *out, jx_error *err);

/* Frees what an extraction owns (not the struct itself). */
void Jx_extracted_clear(jx_extracted *ex);

#endif
