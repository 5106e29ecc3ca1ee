/* jx_index_read.c: reading one report file into a parsed report with the
 * user's overrides, as indexing does it and as --show-meta shows it
 * (Jx_index_read_report). */
#include "jx_index_internal.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "jx_buf.h"
#include "jx_formats.h"
#include "jx_overrides.h"
#include "jx_passage_doc.h"
#include "jx_passage_writer.h"
#include "jx_record.h"
#include "jx_schema.h"
#include "jx_store.h"
#include "jx_strset.h"
#include "jx_text.h"
#include "jx_text_store.h"
#include "jx_tokenize.h"
#include "jx_xapian.h"

/* ---- parsing with overrides -------------------------------------------- */

/* Extracts, parses and applies the sidecar and manifest to one file. */
jx_status Jx_index_parse_with(const char *path, const char *data, size_t len,
                              const jx_manifest *manifest,
                              jx_override_warn_fn warn, void *ctx,
                              jx_report **report, char **format, jx_error *err)
{
    jx_extracted ex;
    jx_status st =
        Jx_extract_memory(Jx_format_from_path(path), data, len, &ex, err);
    if (st)
        return st;
    jx_hints hints = {ex.hint_title, ex.hint_author, ex.hint_date};
    st = Jx_report_parse(ex.text, ex.len, &hints, report, err);
    if (!st)
        st = Jx_report_use_path(*report, path, err);
    if (!st && manifest)
        st = Jx_manifest_apply(manifest, path, *report, err);
    if (!st)
        st = Jx_sidecar_apply(path, *report, warn, ctx, err);
    if (!st && format && !(*format = strdup(Jx_format_name(ex.format))))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (st) {
        Jx_report_destroy(*report);
        *report = NULL;
    }
    Jx_extracted_clear(&ex);
    return st;
}

jx_status Jx_index_read_report(const char *path, const char *manifest,
                               jx_report **out, char **format, jx_error *err)
{
    jx_manifest *m = NULL;
    char *data = NULL;
    size_t len = 0;
    jx_status st = JX_OK;
    *out = NULL;
    if (manifest)
        st = Jx_manifest_load(manifest, NULL, NULL, &m, err);
    if (!st)
        st = Jx_read_file(path, &data, &len, err);
    if (!st)
        st = Jx_index_parse_with(path, data, len, m, NULL, NULL, out, format,
                                 err);
    free(data);
    Jx_manifest_destroy(m);
    return st;
}
