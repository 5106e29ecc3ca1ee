/* jx_report_view.h: one report as a reader looks at it, found by its key
 * (jixiao.h's jx_database_report and jx_database_original, over a
 * jx_db): its metadata with the line each field was taken from, its
 * clean text passage by passage, what a query matches in it, and its
 * original file's bytes, checked against the key. */
#ifndef JX_REPORT_VIEW_H
#define JX_REPORT_VIEW_H

#include <stddef.h>

#include "jx_status.h"
#include "jx_xapian.h"

/* jx_database_report over db (see jixiao.h); the record is freed with
 * jx_report_view_destroy. */
jx_status Jx_report_view_read(jx_db *db, const char *key, const char *query,
                              jx_report_view **out, jx_error *err);

/* jx_database_original over db (see jixiao.h). */
jx_status Jx_report_original(jx_db *db, const char *key, char **data,
                             size_t *len, char **name, jx_error *err);

#endif
