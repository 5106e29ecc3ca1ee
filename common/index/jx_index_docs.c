/* jx_index_docs.c: a report's record and its report document -- writing,
 * finding and deleting them, dropping one of its paths, and the hashes
 * of the overrides a record keeps. Passage documents are built by
 * jx_passage_doc.c and written by the passage writer. */
#include "jx_array.h"
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
#include "jx_copies.h"
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

/* ---- report documents -------------------------------------------------- */

/* Writes (adds or replaces) the report document of rec. */
jx_status Jx_index_put_report_doc(jx_indexer *ix, const jx_report_record *rec,
                                  jx_error *err)
{
    jx_buf data = {0}, term = {0}, id = {0};
    jx_doc *doc = NULL;
    jx_status st = Jx_doc_new(&doc, err);
    if (!st && (Jx_report_record_write(rec, &data) ||
                Jx_term_for(JX_PREFIX_REPORT_ID, rec->key.hex, &id)))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_doc_add_boolean_term(doc, id.data, id.len, err);
    for (size_t i = 0; !st && i < rec->n_paths; i++)
        st = Jx_add_meta_term(doc, JX_PREFIX_PATH, rec->paths[i].path, &term,
                              err);
    if (!st) /* one report, many copies: its bands (jx_copies.h) */
        st = Jx_copies_add_terms(doc, rec, err);
    if (!st)
        st = Jx_doc_set_data(doc, data.data, data.len, err);
    if (!st)
        st = Jx_wdb_replace(Jx_store_reports(ix->store), id.data, id.len, doc,
                            err);
    Jx_doc_destroy(doc);
    Jx_buf_clear(&data);
    Jx_buf_clear(&term);
    Jx_buf_clear(&id);
    return st;
}

/* ---- looking reports up ------------------------------------------------ */

/* Reads the report record of the report document holding term; *found
 * is 0 when none does. */
jx_status Jx_index_find_report(jx_indexer *ix, const char *prefix,
                               const char *value, jx_report_record *rec,
                               int *found, jx_error *err)
{
    return Jx_report_record_find(ix->reader, prefix, value, rec, found, err);
}

/* Index of path in rec's paths, or -1. */
long Jx_index_path_index(const jx_report_record *rec, const char *path)
{
    for (size_t i = 0; i < rec->n_paths; i++)
        if (strcmp(rec->paths[i].path, path) == 0)
            return (long)i;
    return -1;
}

/* True when path is root or lies under it. */
int Jx_index_under_root(const char *path, const char *root)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 &&
           (path[n] == '\0' || path[n] == '/' || strcmp(root, "/") == 0);
}

/* True when path lies under one of the paths of a list. */
int Jx_index_under_any(const char *path, char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (Jx_index_under_root(path, list[i]))
            return 1;
    return 0;
}

/* Deletes a report: its report document goes, and the tag of its
 * passages joins the dead list (passages are never deleted one by one),
 * or, when the report is written again in this batch (superseded), the
 * superseded list, so readers keep its old passages until the new ones
 * are committed. */
jx_status Jx_index_delete_report(jx_indexer *ix, const jx_report_record *rec,
                                 int superseded, jx_error *err)
{
    jx_buf term = {0}, tag = {0};
    jx_status st = JX_OK;
    if (Jx_term_for(JX_PREFIX_REPORT_ID, rec->key.hex, &term) ||
        Jx_report_tag(rec, &tag))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_wdb_delete(Jx_store_reports(ix->store), term.data, term.len,
                           err);
    if (!st)
        st = superseded ? Jx_store_supersede(ix->store, tag.data, err)
                        : Jx_store_mark_dead(ix->store, tag.data, err);
    if (!st) /* its kept text, for copies (jx_copies.h) */
        st = Jx_copies_forget(Jx_store_reports(ix->store), rec->key.hex, err);
    Jx_buf_clear(&term);
    Jx_buf_clear(&tag);
    return st;
}

/* Removes path i from rec and stores the result: the report goes when
 * no path is left. */
jx_status Jx_index_drop_path(jx_indexer *ix, jx_report_record *rec, size_t i,
                             jx_error *err)
{
    Jx_report_record_remove_path(rec, i);
    if (rec->n_paths == 0) {
        ix->stats.reports_removed++;
        return Jx_index_delete_report(ix, rec, 0, err);
    }
    return Jx_index_put_report_doc(ix, rec, err);
}

/* Copies the report's fields into the record. */
jx_status Jx_index_fill_record(jx_report_record *rec, const jx_report *r)
{
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        if (!r->fields[f].value)
            continue;
        if (!(rec->fields[f] = strdup(r->fields[f].value)))
            return JX_ERR_NOMEM;
        rec->sources[f] = r->fields[f].source;
    }
    rec->n_passages = r->n_passages;
    return JX_OK;
}

/* The hashes of the overrides that apply to path now, as the record
 * keeps them: of its sidecar's bytes ("-" when it has none, "!" when it
 * cannot be read) and of its row in the run's manifest ("-" when none;
 * "" when the run was given no manifest: then manifest values are not
 * compared, and a report keeps those it was indexed with). */
jx_status Jx_index_override_hashes(jx_indexer *ix, const char *path,
                                   char side[JX_KEY_LEN + 1],
                                   char man[JX_KEY_LEN + 1], jx_error *err)
{
    jx_buf b = {0};
    struct stat sm;
    jx_status st = Jx_buf_printf(&b, "%s%s", path, JX_SIDECAR_SUFFIX);
    if (st)
        return Jx_error_set(err, st, "out of memory");
    strcpy(side, "-");
    if (stat(b.data, &sm) == 0 || (errno != ENOENT && errno != ENOTDIR)) {
        char *data = NULL;
        size_t len = 0;
        jx_error ignored;
        strcpy(side, "!");
        if (Jx_read_file(b.data, &data, &len, &ignored) == JX_OK)
            strcpy(side, Jx_key_of(data, len).hex);
        free(data);
    }
    man[0] = '\0';
    if (ix->manifest) {
        Jx_buf_reset(&b);
        if (Jx_manifest_row_text(ix->manifest, path, &b))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        else
            strcpy(man, b.len ? Jx_key_of(b.data, b.len).hex : "-");
    }
    Jx_buf_clear(&b);
    return st;
}

/* True when the overrides hashed in side and man are not those rec was
 * written with (see override_hashes). */
int Jx_index_overrides_differ(const jx_report_record *rec, const char *side,
                              const char *man)
{
    const char *rs = rec->sidecar_hash ? rec->sidecar_hash : "-";
    const char *rm = rec->manifest_hash ? rec->manifest_hash : "-";
    return strcmp(rs, side) != 0 || (man[0] && strcmp(rm, man) != 0);
}

/* Collects the key of each report document's unique term. */
int Jx_index_collect_key(const char *term, size_t len, unsigned long freq,
                         void *ctx)
{
    key_list *list = ctx;
    size_t plen = strlen(JX_PREFIX_REPORT_ID);
    if (len != plen + JX_KEY_LEN)
        return 0;
    if (Jx_array_reserve(&list->keys, &list->cap, list->n + 1,
                         sizeof *list->keys))
        return 1;
    memcpy(list->keys[list->n].hex, term + plen, JX_KEY_LEN);
    list->keys[list->n].hex[JX_KEY_LEN] = '\0';
    list->n++;
    return 0;
}
