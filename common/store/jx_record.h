/* jx_record.h: what a jixiao database stores about passages and reports,
 * and the functions that write and read those records, so that the
 * indexer and the search engine agree on the bytes (see jx_schema.h for
 * the documents they live in, docs/schema.md for the format). */
#ifndef JX_RECORD_H
#define JX_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "jx_buf.h"
#include "jx_report.h"
#include "jx_status.h"

/* The separator between a passage's heading path and its text in the
 * stored record; also the boundary no search string may cross. */
#define JX_HEADING_TEXT_SEP '\x1f'

/* A report key: a hash of the report's bytes, as 32 hex digits. Two files
 * with the same bytes have the same key, wherever they are. */
#define JX_KEY_LEN 32
typedef struct jx_key {
    char hex[JX_KEY_LEN + 1];
} jx_key;

/* Computes the key of a file's bytes (two independent 64-bit hashes). */
jx_key Jx_key_of(const char *data, size_t len);

/* One place a report was found, with the file's size and mtime then. */
typedef struct jx_report_path {
    char *path;
    long long size;
    long long mtime;
    /* A copy of the report (the same report in another file, whose
     * cleaned text another's contains, see jx_copies.h): the key of the
     * copy's own bytes and its format. Empty and NULL for a path that
     * holds the report's own bytes. */
    char copy_key[JX_KEY_LEN + 1];
    char *copy_format;
} jx_report_path;

/* What a report document holds. */
typedef struct jx_report_record {
    jx_key key;
    char *format;                 /* "text", "docx", ... */
    char *fields[JX_FIELD_COUNT]; /* NULL when not known */
    jx_source sources[JX_FIELD_COUNT];
    jx_report_path *paths;
    size_t n_paths;
    unsigned long n_passages;
    unsigned long generation; /* the run that wrote its passages */
    /* What the user's overrides for the first path were when the report
     * was written: a hash of its sidecar and of its manifest row, "-"
     * for none (NULL, in records of older versions, is none too). A run
     * that finds others indexes the report again (jx_index.c). */
    char *sidecar_hash;
    char *manifest_hash;
    /* The report's copy signature as band hashes (jx_copies.h), hex;
     * NULL when it has none (too short, or written by an older
     * version). The report document carries one term per band. */
    char *copy_bands;
} jx_report_record;

/* Appends the passage tag of a report: key "@" generation. Its passages
 * carry it (term JX_PREFIX_REPORT + tag, value JX_SLOT_REPORT), so that
 * passages written by an earlier run of the same report can be told
 * apart and masked. */
jx_status Jx_report_tag(const jx_report_record *rec, jx_buf *out);

/* Appends the serialised record to out. */
jx_status Jx_report_record_write(const jx_report_record *rec, jx_buf *out);
/* Parses a serialised record into rec (which the caller frees with
 * Jx_report_record_clear). JX_ERR_DB_CORRUPT when it is malformed. */
jx_status Jx_report_record_read(const char *data, size_t len,
                                jx_report_record *rec, jx_error *err);
/* Adds a path to rec (copying it). */
jx_status Jx_report_record_add_path(jx_report_record *rec, const char *path,
                                    long long size, long long mtime);
/* Adds path p of another record to rec, with its copy key and format. */
jx_status Jx_report_record_add_path_from(jx_report_record *rec,
                                         const jx_report_path *p);
/* Marks the last path of rec as a copy with key and format. */
jx_status Jx_report_record_mark_copy(jx_report_record *rec, const char *key,
                                     const char *format);
/* Removes path i from rec. */
void Jx_report_record_remove_path(jx_report_record *rec, size_t i);
/* Frees what rec owns and zeroes it. */
void Jx_report_record_clear(jx_report_record *rec);

/* The term for a metadata value: prefix + value, or prefix + "#" + a hash
 * when it would exceed JX_MAX_TERM_BYTES. Appended to out. */
jx_status Jx_term_for(const char *prefix, const char *value, jx_buf *out);

#endif
