/* jx_report_view.h: one report as a reader looks at it (for the web
 * page's report view): its metadata with the line each field was taken
 * from, its clean text passage by passage under their headings, the
 * passages a query matches with their ranges, and its original file's
 * bytes, found by the report's key in the database (never by a path a
 * caller gives) and checked against that key. */
#ifndef JX_REPORT_VIEW_H
#define JX_REPORT_VIEW_H

#include <stddef.h>

#include "jx_search.h"
#include "jx_status.h"
#include "jx_xapian.h"

/* A metadata field as the database holds it, and where it came from. */
typedef struct jx_view_field {
    const char *value;    /* NULL when not known */
    const char *source;   /* "text", "properties", "sidecar", "manifest";
                           * "" when not known */
    const char *evidence; /* the line of clean text it was taken from, or
                           * NULL (file not readable, or an override) */
    unsigned line;        /* that line's number in the clean text, 0 if
                           * none */
} jx_view_field;

/* One passage of the report, in the order of its text. */
typedef struct jx_view_passage {
    const char *heading; /* heading path, joined by " › " ("": none) */
    const char *text;    /* its text (without the words repeated from the
                          * passage before at a cut) */
    const jx_span *heading_matches; /* what the query matched, in bytes */
    size_t n_heading_matches;
    const jx_span *text_matches;
    size_t n_text_matches;
} jx_view_passage;

/* A report's view: a read-only record valid until
 * jx_report_view_destroy. */
typedef struct jx_report_view {
    const char *key;
    const char *format;
    jx_view_field fields[JX_FIELD_COUNT];
    const char *const *paths;
    size_t n_paths;
    int query_has_text; /* 0: matching_passages says nothing */
    unsigned long matching_passages;
    /* 1: passages are the whole clean text, read again from the file
     * (whose bytes still have the report's key); 0: the file is gone or
     * changed, and passages are only those the query matched, as the
     * database holds them */
    int whole_text;
    const jx_view_passage *passages;
    size_t n_passages;
} jx_report_view;

/* Reads the report whose key is key (32 hex digits) from db into *out,
 * marking what query (NULL or "": nothing) matches in it. *out is NULL,
 * with JX_OK, when the database holds no such report; JX_ERR_ARG for a
 * malformed key, JX_ERR_QUERY for a query that cannot be parsed. */
jx_status jx_report_view_read(jx_db *db, const char *key, const char *query,
                              jx_report_view **out, jx_error *err);

/* Frees a view; NULL is fine. */
void jx_report_view_destroy(jx_report_view *view);

/* The bytes of the original file of the report with key, into *data
 * (malloc'd, *len bytes; the caller frees it) and its file name (the last
 * part of its path, malloc'd) into *name: the first of the report's
 * paths whose file still has exactly the bytes of the key. *data is NULL
 * with JX_OK when there is no such report, or no file of it is left
 * unchanged (*name then NULL too). */
jx_status jx_report_original(jx_db *db, const char *key, char **data,
                             size_t *len, char **name, jx_error *err);

#endif
