/* jx_index_status.c: the state of a database (jixiao-index --status):
 * its reports and passages, and which recorded paths are stale. */
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

/* ---- the state of a database ------------------------------------------- */

/* Records one stale path. */
static jx_status add_stale(jx_index_state *state, const char *path,
                           const char *why)
{
    char **p = realloc(state->stale, (state->n_stale + 1) * sizeof *p);
    if (!p)
        return JX_ERR_NOMEM;
    state->stale = p;
    const char **w = realloc(state->why, (state->n_stale + 1) * sizeof *w);
    if (!w)
        return JX_ERR_NOMEM;
    state->why = w;
    if (!(state->stale[state->n_stale] = strdup(path)))
        return JX_ERR_NOMEM;
    state->why[state->n_stale++] = why;
    return JX_OK;
}

/* Checks each path of one report against the file system, and the
 * sidecar of its first path against the one it was indexed with (the
 * manifest is not known here). */
static jx_status check_report_paths(jx_db *db, const jx_key *key,
                                    jx_index_state *state, jx_error *err)
{
    jx_indexer probe = {0};
    jx_report_record rec = {0};
    int found = 0;
    probe.reader = db;
    jx_status st = Jx_index_find_report(&probe, JX_PREFIX_REPORT_ID, key->hex,
                                        &rec, &found, err);
    for (size_t i = 0; !st && found && i < rec.n_paths; i++) {
        struct stat sf;
        const jx_report_path *p = &rec.paths[i];
        if (stat(p->path, &sf) != 0)
            st = add_stale(state, p->path, "gone");
        else if (sf.st_size != p->size ||
                 (p->mtime >= 0 && Jx_index_mtime_ns(&sf) != p->mtime))
            st = add_stale(state, p->path, "changed");
        else if (i == 0 && rec.n_passages > 0) { /* its sidecar changed? */
            char side[JX_KEY_LEN + 1], man[JX_KEY_LEN + 1];
            st = Jx_index_override_hashes(&probe, p->path, side, man, err);
            if (!st && Jx_index_overrides_differ(&rec, side, man))
                st = add_stale(state, p->path, "sidecar");
        }
        if (st == JX_ERR_NOMEM)
            Jx_error_set(err, st, "out of memory");
    }
    Jx_report_record_clear(&rec);
    return st;
}

/* Counts the passages the dead list masks. */
static jx_status count_superseded(jx_db *db, unsigned long *out, jx_error *err)
{
    char **tags = NULL;
    size_t n = 0;
    jx_buf term = {0};
    *out = 0;
    jx_status st = Jx_store_read_dead(db, &tags, &n, err);
    for (size_t i = 0; !st && i < n; i++) {
        unsigned long f = 0;
        Jx_buf_reset(&term);
        if (Jx_term_for(JX_PREFIX_REPORT, tags[i], &term))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        if (!st)
            st = Jx_db_termfreq(db, term.data, term.len, &f, err);
        *out += f;
    }
    Jx_buf_clear(&term);
    Jx_store_free_tags(tags, n);
    return st;
}

jx_status Jx_index_state_read(const char *db_path, jx_index_state *out,
                              jx_error *err)
{
    memset(out, 0, sizeof *out);
    jx_db *db = NULL;
    key_list list = {0};
    unsigned long docs = 0;
    jx_status st = Jx_index_refuse_damaged(db_path, 0, JX_OK, err);
    if (!st)
        st = Jx_db_open(&db_path, 1, &db, err);
    if (!st)
        st = Jx_db_doccount(db, &docs, err);
    if (!st)
        st = Jx_db_each_term(db, JX_PREFIX_REPORT_ID,
                             strlen(JX_PREFIX_REPORT_ID), Jx_index_collect_key,
                             &list, err);
    if (st == JX_ERR_INTERRUPTED)
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_db_get_metadata(db, JX_META_UPDATED, &out->updated, err);
    out->reports = list.n;
    if (!st)
        st = count_superseded(db, &out->superseded, err);
    out->passages =
        docs >= list.n + out->superseded ? docs - list.n - out->superseded : 0;
    for (size_t k = 0; !st && k < list.n; k++)
        st = check_report_paths(db, &list.keys[k], out, err);
    free(list.keys);
    Jx_db_close(db);
    if (st)
        Jx_index_state_clear(out);
    return st;
}

void Jx_index_state_clear(jx_index_state *state)
{
    for (size_t i = 0; i < state->n_stale; i++)
        free(state->stale[i]);
    free(state->stale);
    free(state->why);
    free(state->updated);
    memset(state, 0, sizeof *state);
}
