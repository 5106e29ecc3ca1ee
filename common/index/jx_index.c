/* jx_index.c: the indexing policy: opens a run, decides for each report
 * file the walk (jx_index_walk.c) meets whether it is new, changed,
 * unchanged or a copy of another, and has its passage and report
 * documents written (jx_index_docs.c, the passage writer). Commits in
 * batches (jx_index_batch.c); prunes what was not seen at the end
 * (jx_index_prune.c). */
#include "jx_index.h"
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
#include "jx_shards.h"
#include "jx_store.h"
#include "jx_strset.h"
#include "jx_text.h"
#include "jx_text_store.h"
#include "jx_tokenize.h"
#include "jx_xapian.h"

/* ---- file times -------------------------------------------------------- */

/* The run's start, in nanoseconds since the epoch (set at open). */
static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* A file's mtime in nanoseconds, as it is compared with the stored one. */
long long Jx_index_mtime_ns(const struct stat *sf)
{
    return (long long)sf->st_mtim.tv_sec * 1000000000LL + sf->st_mtim.tv_nsec;
}

/* The mtime to store for a file read in this run: -1 (so the next run
 * reads it again) when it changed within a second before the run began,
 * because a second change in the same clock tick, with the same size,
 * would otherwise look unchanged on file systems with coarse times. */
static long long stored_mtime(const jx_indexer *ix, const struct stat *sf)
{
    long long m = Jx_index_mtime_ns(sf);
    return m >= ix->started_ns - 1000000000LL ? -1 : m;
}

/* ---- indexing one file ------------------------------------------------- */

/* Parses a file's bytes into a report with the user's overrides. */
static jx_status parse_report(jx_indexer *ix, const char *path,
                              const char *data, size_t len, jx_report **report,
                              char **format, jx_error *err);

/* One report, many copies (jx_copies.h): computes the normalised text of
 * report into norm and its bands into rec->copy_bands, and looks for a
 * report that is the same: *how (JX_COPY_*) says whether the new one is
 * a copy of it or holds it, *other is its key. A report indexed again in
 * place of old (its overrides changed) stays itself. */
static jx_status find_copy(jx_indexer *ix, const jx_report *report,
                           const jx_report_record *old, jx_buf *norm,
                           jx_report_record *rec, jx_key *other, int *how,
                           jx_error *err)
{
    jx_copy_sig sig;
    jx_buf bands = {0};
    *how = JX_COPY_NONE;
    if (Jx_copies_normalize(report->text, report->text_len, norm))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    Jx_copies_signature(norm->data, norm->len, &sig);
    if (Jx_copies_bands_hex(&sig, &bands)) {
        Jx_buf_clear(&bands);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    jx_status st =
        old ? JX_OK
            : Jx_copies_find(ix->reader, bands.data, norm->data, norm->len,
                             rec->format, other, how, err);
    free(rec->copy_bands);
    rec->copy_bands = Jx_buf_detach(&bands);
    return st;
}

/* Records path, a copy of the report with key kept (find_copy), as a copy
 * path of it, with copy's own key and format. */
static jx_status add_copy(jx_indexer *ix, const jx_key *kept_key,
                          const jx_report_record *copy, const char *path,
                          const struct stat *sf, jx_error *err)
{
    jx_report_record kept = {0};
    int found = 0;
    jx_status st = Jx_index_find_report(ix, JX_PREFIX_REPORT_ID, kept_key->hex,
                                        &kept, &found, err);
    if (!st && !found)
        st = Jx_error_set(err, JX_ERR_DB_CORRUPT, "report %s is missing",
                          kept_key->hex);
    if (!st && (Jx_report_record_add_path(&kept, path, sf->st_size,
                                          stored_mtime(ix, sf)) ||
                Jx_report_record_mark_copy(&kept, copy->key.hex,
                                           copy->format ? copy->format : "")))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_index_put_report_doc(ix, &kept, err);
    if (!st)
        ix->stats.copies++;
    Jx_report_record_clear(&kept);
    return st;
}

/* The new report rec holds the text of the report with key other and
 * more (JX_COPY_HOLDS_IT): rec is kept, so that every string of every
 * copy is in the report's text, and other becomes its copy: other's
 * files become copy paths of rec (its copies stay copies) and other
 * goes, its passages dead. */
static jx_status take_over(jx_indexer *ix, const jx_key *other,
                           jx_report_record *rec, jx_error *err)
{
    jx_report_record was = {0};
    int found = 0;
    jx_status st = Jx_index_find_report(ix, JX_PREFIX_REPORT_ID, other->hex,
                                        &was, &found, err);
    for (size_t i = 0; !st && found && i < was.n_paths; i++) {
        const jx_report_path *p = &was.paths[i];
        if (Jx_report_record_add_path_from(rec, p) ||
            (!p->copy_key[0] &&
             Jx_report_record_mark_copy(rec, was.key.hex,
                                        was.format ? was.format : "")))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        else if (!p->copy_key[0])
            ix->stats.copies++;
    }
    if (!st && found)
        st = Jx_index_delete_report(ix, &was, 0, err);
    Jx_report_record_clear(&was);
    return st;
}

/* Indexes a new report: its report document here, its passages by the
 * writer's workers (which take the parsed report). When old is not
 * NULL, the report replaces old (the same bytes, indexed again because
 * its overrides changed) and keeps old's other paths. A file
 * without any text (empty, white space, a BOM) is not a report: it is
 * counted as empty and nothing is written. */
static jx_status index_new_report(jx_indexer *ix, const char *path,
                                  const struct stat *st_file,
                                  const jx_key *key, const char *data,
                                  size_t len, const jx_report_record *old,
                                  jx_error *err)
{
    jx_report *report = NULL;
    jx_report_record rec = {0};
    jx_buf scratch = {0};
    char side[JX_KEY_LEN + 1], man[JX_KEY_LEN + 1];
    rec.key = *key;
    rec.generation = Jx_store_generation(ix->store);
    jx_status st = Jx_index_override_hashes(ix, path, side, man, err);
    if (!st && (!(rec.sidecar_hash = strdup(side)) ||
                !(rec.manifest_hash = strdup(man[0] ? man : "-"))))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = parse_report(ix, path, data, len, &report, &rec.format, err);
    if (!st && report->n_passages == 0) {
        ix->stats.files_empty++;
        Jx_report_record_clear(&rec);
        Jx_report_destroy(report);
        return JX_OK;
    }
    /* one report, many copies: a copy of a report already indexed is one
     * more path of it, without passages of its own */
    jx_buf norm = {0};
    jx_key other;
    int how = JX_COPY_NONE;
    if (!st)
        st = find_copy(ix, report, old, &norm, &rec, &other, &how, err);
    if (!st && how == JX_COPY_OF_IT) {
        st = add_copy(ix, &other, &rec, path, st_file, err);
        Jx_buf_clear(&norm);
        Jx_report_record_clear(&rec);
        Jx_report_destroy(report);
        return st;
    }
    if (!st && (Jx_index_fill_record(&rec, report) ||
                Jx_report_record_add_path(&rec, path, st_file->st_size,
                                          stored_mtime(ix, st_file))))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    /* indexed again for its overrides: it keeps its other paths */
    for (size_t i = 0; !st && old && i < old->n_paths; i++)
        if (strcmp(old->paths[i].path, path) != 0 &&
            Jx_report_record_add_path_from(&rec, &old->paths[i]))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st && how == JX_COPY_HOLDS_IT) /* it becomes a copy of this */
        st = take_over(ix, &other, &rec, err);
    for (size_t i = 0; !st && i < report->n_passages; i++)
        st = Jx_text_store_sample(ix->texts, report->passages[i].heading,
                                  report->passages[i].text, err);
    if (!st)
        st = Jx_index_put_report_doc(ix, &rec, err);
    if (!st && rec.copy_bands)
        st = Jx_copies_keep_text(Jx_store_reports(ix->store), rec.key.hex,
                                 norm.data, norm.len, rec.format, err);
    Jx_buf_clear(&norm);
    Jx_buf_reset(&scratch);
    if (!st && Jx_report_tag(&rec, &scratch))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_store_note_written(ix->store, scratch.data, err);
    if (!st) {
        ix->stats.files_indexed++;
        ix->stats.passages_added += report->n_passages;
        st = Jx_passage_writer_add(ix->writer, report, &rec, err);
        report = NULL; /* the writer's now */
    }
    Jx_buf_clear(&scratch);
    Jx_report_record_clear(&rec);
    Jx_report_destroy(report);
    return st;
}

/* True when the file at path p of rec still holds the report's bytes:
 * it was met in this run (a path whose bytes changed has left rec), or
 * its size and mtime are the recorded ones, or, failing both, reading it
 * gives the same key. */
static int still_holds(const jx_indexer *ix, const jx_report_record *rec,
                       const jx_report_path *p)
{
    struct stat sf;
    if (Jx_strset_has(&ix->seen, p->path))
        return 1;
    /* the same file, reached through a link now followed: not a copy */
    if (Jx_index_under_any(p->path, ix->aliases, ix->n_aliases))
        return 0;
    if (stat(p->path, &sf) != 0 || !S_ISREG(sf.st_mode))
        return 0;
    if (p->mtime >= 0 && sf.st_size == p->size &&
        Jx_index_mtime_ns(&sf) == p->mtime)
        return 1;
    char *data = NULL;
    size_t len = 0;
    jx_error ignored;
    int same = 0;
    if (Jx_read_file(p->path, &data, &len, &ignored) == JX_OK) {
        jx_key key = Jx_key_of(data, len);
        same =
            strcmp(key.hex, p->copy_key[0] ? p->copy_key : rec->key.hex) == 0;
    }
    free(data);
    return same;
}

/* Records path as one more place of an already indexed report, saying
 * so when another of its files still holds the same bytes. */
static jx_status add_known_path(jx_indexer *ix, jx_report_record *rec,
                                const char *path, const struct stat *sf,
                                jx_error *err)
{
    long i = Jx_index_path_index(rec, path);
    if (i >= 0) { /* same bytes, touched: remember the new mtime */
        rec->paths[i].size = sf->st_size;
        rec->paths[i].mtime = stored_mtime(ix, sf);
        ix->stats.files_unchanged++;
        return Jx_index_put_report_doc(ix, rec, err);
    }
    for (size_t k = 0; k < rec->n_paths; k++) {
        if (!rec->paths[k].copy_key[0] &&
            still_holds(ix, rec, &rec->paths[k])) {
            ix->stats.duplicates++;
            if (ix->ev.duplicate)
                ix->ev.duplicate(ix->ev.ctx, path, rec->paths[k].path);
            break;
        }
    }
    if (Jx_report_record_add_path(rec, path, sf->st_size,
                                  stored_mtime(ix, sf)))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    ix->stats.files_unchanged++;
    return Jx_index_put_report_doc(ix, rec, err);
}

static jx_status index_content(jx_indexer *ix, const char *path,
                               const struct stat *sf, const char *data,
                               size_t len, int redo, jx_error *err);
static int is_file_error(jx_status st);

/* The file rec was indexed from is gone (or changed) and only copies of
 * it are left: rec goes, and its copies are indexed again, the best
 * format first (Jx_copies_format_rank), so that one of them becomes the
 * report, with its own passages, and the others its copies. A copy that
 * cannot be read is reported and left out, as a failed file. */
jx_status Jx_index_promote_copy(jx_indexer *ix, jx_report_record *rec,
                                jx_error *err)
{
    jx_status st = Jx_index_delete_report(ix, rec, 0, err);
    for (int rank = 0; !st && rank <= 4; rank++) {
        for (size_t i = 0; !st && i < rec->n_paths; i++) {
            const jx_report_path *p = &rec->paths[i];
            if (Jx_copies_format_rank(p->copy_format) != rank)
                continue;
            struct stat sf;
            char *data = NULL;
            size_t len = 0;
            jx_error ferr = {0};
            if (stat(p->path, &sf) != 0 || !S_ISREG(sf.st_mode))
                continue; /* gone: nothing to record */
            st = Jx_read_file(p->path, &data, &len, &ferr);
            if (!st)
                st = index_content(ix, p->path, &sf, data, len, 0, &ferr);
            free(data);
            if (is_file_error(st)) {
                ix->stats.files_failed++;
                if (ix->ev.file_failed)
                    ix->ev.file_failed(ix->ev.ctx, p->path, &ferr);
                st = JX_OK;
            } else if (st && err) {
                *err = ferr;
            }
        }
    }
    return st;
}

/* Detaches path from the report it belonged to before, if that report
 * is not the one with key now. A report left without a path stays until
 * the commit (Jx_store_orphan), for a file met later in the batch with
 * its bytes: two files that swap contents are not indexed again. */
static jx_status detach_old_path(jx_indexer *ix, const char *path,
                                 const jx_key *key, jx_error *err)
{
    jx_report_record old = {0};
    int found = 0;
    jx_status st =
        Jx_index_find_report(ix, JX_PREFIX_PATH, path, &old, &found, err);
    if (!st && found && strcmp(old.key.hex, key->hex) != 0) {
        long i = Jx_index_path_index(&old, path);
        if (i >= 0) {
            Jx_report_record_remove_path(&old, (size_t)i);
            st = Jx_index_put_report_doc(ix, &old, err);
            if (!st && old.n_paths == 0)
                st = Jx_store_orphan(ix->store, old.key.hex, err);
            if (!st && Jx_copies_orphaned(&old))
                st = Jx_index_promote_copy(ix, &old, err);
        }
    }
    Jx_report_record_clear(&old);
    return st;
}

/* True when the path's last recorded size and mtime are those of sf
 * (never for a report without passages, which older versions stored
 * for empty files: reading it again removes it). *redo is set when path
 * is the first of its report's paths, the one its metadata came from,
 * and the overrides for it (sidecar, manifest row) changed since: the
 * report is then indexed again, changed or not. */
static jx_status is_unchanged(jx_indexer *ix, const char *path,
                              const struct stat *sf, int *unchanged, int *redo,
                              jx_error *err)
{
    jx_report_record rec = {0};
    int found = 0;
    *unchanged = *redo = 0;
    jx_status st =
        Jx_index_find_report(ix, JX_PREFIX_PATH, path, &rec, &found, err);
    if (!st && found) {
        long i = Jx_index_path_index(&rec, path);
        *unchanged = i >= 0 && rec.n_passages > 0 &&
                     rec.paths[i].size == sf->st_size &&
                     rec.paths[i].mtime == Jx_index_mtime_ns(sf);
        char side[JX_KEY_LEN + 1], man[JX_KEY_LEN + 1];
        if (i == 0 && rec.n_passages > 0 &&
            !(st = Jx_index_override_hashes(ix, path, side, man, err)) &&
            Jx_index_overrides_differ(&rec, side, man))
            *redo = 1, *unchanged = 0;
    }
    Jx_report_record_clear(&rec);
    return st;
}

/* Indexes the content of a file, knowing its key; with redo, indexes
 * its report again even when its bytes are known (its overrides
 * changed), as --force does. */
static jx_status index_content(jx_indexer *ix, const char *path,
                               const struct stat *sf, const char *data,
                               size_t len, int redo, jx_error *err)
{
    jx_key key = Jx_key_of(data, len);
    if (ix->opts.shards > 1 &&
        Jx_shard_of(key.hex, ix->opts.shards) != ix->opts.shard) {
        /* another shard's report: if this shard had the path (its bytes
         * changed), the path leaves it */
        ix->stats.files_elsewhere++;
        return detach_old_path(ix, path, &key, err);
    }
    jx_report_record rec = {0};
    int found = 0;
    jx_status st = detach_old_path(ix, path, &key, err);
    if (!st)
        st = Jx_index_find_report(ix, JX_PREFIX_REPORT_ID, key.hex, &rec,
                                  &found, err);
    /* A report without passages is an empty file's, stored by an older
     * version: it goes, and the file is counted as empty below. */
    if (!st && found && rec.n_passages == 0) {
        st = Jx_index_delete_report(ix, &rec, 0, err);
        if (!st) {
            Jx_report_record_clear(&rec);
            found = 0;
        }
    }
    jx_report_record old = {0};
    int again = 0;
    if (!st && found && (ix->opts.force || redo) &&
        !Jx_strset_has(&ix->keys_run, key.hex)) {
        st = Jx_index_delete_report(ix, &rec, 1, err); /* index it anew */
        if (!st) {
            old = rec; /* its paths stay with it */
            memset(&rec, 0, sizeof rec);
            again = redo;
            found = 0;
        }
    }
    if (!st && found)
        st = add_known_path(ix, &rec, path, sf, err);
    else if (!st)
        st = index_new_report(ix, path, sf, &key, data, len,
                              again ? &old : NULL, err);
    if (!st && (ix->opts.force || redo) &&
        Jx_strset_add(&ix->keys_run, key.hex))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    Jx_report_record_clear(&old);
    Jx_report_record_clear(&rec);
    return st;
}

/* True for statuses that concern one file only: the run goes on. */
static int is_file_error(jx_status st)
{
    return st == JX_ERR_IO || st == JX_ERR_ENCODING || st == JX_ERR_FORMAT ||
           st == JX_ERR_UNSUPPORTED;
}

/* Polls the caller's stop request. */
int Jx_index_stop_requested(jx_indexer *ix)
{
    return ix->ev.should_stop && ix->ev.should_stop(ix->ev.ctx);
}

/* Indexes one report file (path absolute); file errors are reported and
 * counted, database errors returned. */
jx_status Jx_index_index_file(jx_indexer *ix, const char *path,
                              const struct stat *sf, jx_error *err)
{
    if (Jx_strset_has(&ix->seen, path))
        return JX_OK;
    if (Jx_strset_add(&ix->seen, path))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    ix->stats.files_seen++;
    int unchanged = 0, redo = 0;
    jx_status st = JX_OK;
    if (!ix->opts.force)
        st = is_unchanged(ix, path, sf, &unchanged, &redo, err);
    if (!st && unchanged) {
        ix->stats.files_unchanged++;
    } else if (!st) {
        char *data = NULL;
        size_t len = 0;
        jx_error ferr = {0};
        /* a signal interrupts a read that blocks: stop when the caller
         * asked for it, else read again */
        while ((st = Jx_read_file(path, &data, &len, &ferr)) ==
                   JX_ERR_INTERRUPTED &&
               !Jx_index_stop_requested(ix))
            ;
        if (!st)
            st = index_content(ix, path, sf, data, len, redo, &ferr);
        free(data);
        ix->stats.bytes_read += len;
        ix->batch_bytes += len;
        if (is_file_error(st)) {
            ix->stats.files_failed++;
            if (ix->ev.file_failed)
                ix->ev.file_failed(ix->ev.ctx, path, &ferr);
            st = JX_OK;
        } else if (st && err) {
            *err = ferr;
        }
    }
    ix->batch_files++;
    if (!st && ix->ev.progress)
        ix->ev.progress(ix->ev.ctx, path, &ix->stats);
    return st ? st : Jx_index_maybe_commit(ix, err);
}

/* ---- the public calls -------------------------------------------------- */

/* Reports bad manifest rows through the file_failed event. */
static void manifest_warning(void *ctx, const char *file, unsigned line,
                             const char *why)
{
    jx_indexer *ix = ctx;
    jx_error e;
    char where[64];
    snprintf(where, sizeof where, "line %u", line);
    Jx_error_set(&e, JX_ERR_FORMAT, "%s: %s", where, why);
    if (ix->ev.file_failed)
        ix->ev.file_failed(ix->ev.ctx, file, &e);
}

jx_status Jx_indexer_open(const char *db_path, const jx_index_options *opts,
                          const jx_index_events *events, jx_indexer **out,
                          jx_error *err)
{
    jx_indexer *ix = calloc(1, sizeof *ix);
    if (!ix)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (opts)
        ix->opts = *opts;
    if (events)
        ix->ev = *events;
    ix->started_ns = now_ns();
    jx_status st = Jx_store_open(db_path, &ix->store, err);
    if (st == JX_ERR_DB || st == JX_ERR_DB_CORRUPT) /* say what is damaged */
        st = Jx_index_refuse_damaged(db_path, 0, st, err);
    else if (!st) /* with the write lock: nothing changes under the check */
        st = Jx_index_refuse_damaged(db_path, 0, JX_OK, err);
    if (!st)
        ix->reader = Jx_store_reports_reader(ix->store);
    if (!st)
        st = Jx_text_store_open(ix->reader, ix->opts.dict_min_text, &ix->texts,
                                err);
    if (!st)
        st = Jx_passage_builder_new(&ix->builder, err);
    if (!st)
        st = Jx_index_drop_lost_reports(ix, err);
    if (!st)
        st = Jx_index_start_writer(ix, err);
    if (!st && ix->opts.manifest)
        st = Jx_manifest_load(ix->opts.manifest, manifest_warning, ix,
                              &ix->manifest, err);
    if (!st)
        st = Jx_wdb_set_metadata(Jx_store_reports(ix->store), JX_META_SCHEMA,
                                 JX_SCHEMA_VERSION, err);
    if (st) {
        Jx_indexer_close(ix);
        return st;
    }
    *out = ix;
    return JX_OK;
}

/* Remembers a root for pruning, then walks it. A folder given through
 * a symbolic link (PATH itself is the link) is followed, as find -H and
 * grep -r do, and walked by its real path, so that a run through the link
 * and one through the folder store the same paths; the link's own path is
 * a root too, so that reports stored under it (when it was a folder) are
 * pruned, not kept twice. */
jx_status Jx_indexer_add_path(jx_indexer *ix, const char *path, jx_error *err)
{
    char *abs = Jx_index_absolute_path(path);
    if (!abs)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    struct stat st_root, lst;
    if (stat(abs, &st_root) != 0) {
        jx_status st =
            Jx_error_set(err, JX_ERR_IO, "%s: %s", path, strerror(errno));
        free(abs);
        return st;
    }
    jx_status st = JX_OK;
    if (S_ISDIR(st_root.st_mode) && lstat(abs, &lst) == 0 &&
        S_ISLNK(lst.st_mode)) {
        char *real = realpath(abs, NULL);
        if (!real) {
            st = Jx_error_set(err, JX_ERR_IO, "%s: %s", path, strerror(errno));
            free(abs);
            return st;
        }
        st = Jx_index_list_add(&ix->roots, &ix->n_roots, abs, err);
        if (!st)
            st = Jx_index_list_add(&ix->aliases, &ix->n_aliases, abs, err);
        free(abs);
        abs = real;
    }
    if (!st)
        st = Jx_index_list_add(&ix->roots, &ix->n_roots, abs, err);
    if (!st)
        st = Jx_index_walk(ix, abs, 0, err);
    free(abs);
    if (st == JX_ERR_INTERRUPTED) {
        jx_error ignored;
        Jx_index_commit(ix, &ignored);
    }
    return st;
}

/* Prunes, stamps the time of the run and commits. */
jx_status Jx_indexer_finish(jx_indexer *ix, jx_error *err)
{
    jx_status st = JX_OK;
    if (!ix->opts.no_prune && ix->n_roots)
        st = Jx_index_prune(ix, err);
    if (!st) {
        char stamp[32];
        time_t now = time(NULL);
        struct tm tm;
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ",
                 gmtime_r(&now, &tm));
        st = Jx_wdb_set_metadata(Jx_store_reports(ix->store), JX_META_UPDATED,
                                 stamp, err);
    }
    if (!st)
        st = Jx_index_commit(ix, err);
    if (!st)
        st = Jx_index_merge_parts(ix, err);
    unsigned long reports = 0; /* the report database holds only them */
    if (!st)
        st = Jx_db_doccount(ix->reader, &reports, err);
    if (!st && Jx_store_dead_count(ix->store) > 16 &&
        Jx_store_dead_count(ix->store) * 10 > reports)
        st = Jx_indexer_compact(ix, err);
    return st;
}

/* The totals so far, with what the store counts brought in. */
const jx_index_stats *Jx_indexer_stats(jx_indexer *ix)
{
    ix->shown = ix->stats;
    ix->shown.files_committed = Jx_store_committed(ix->store);
    ix->shown.reports_removed += Jx_store_orphans_removed(ix->store);
    return &ix->shown;
}

/* Closes the database and frees everything the indexer owns. */
void Jx_indexer_close(jx_indexer *ix)
{
    if (!ix)
        return;
    Jx_passage_writer_destroy(ix->writer); /* before the databases close */
    Jx_store_close(ix->store);
    Jx_manifest_destroy(ix->manifest);
    for (size_t i = 0; i < ix->n_roots; i++)
        free(ix->roots[i]);
    free(ix->roots);
    for (size_t i = 0; i < ix->n_aliases; i++)
        free(ix->aliases[i]);
    free(ix->aliases);
    for (size_t i = 0; i < ix->n_kept; i++)
        free(ix->kept[i]);
    free(ix->kept);
    Jx_strset_clear(&ix->seen);
    Jx_strset_clear(&ix->keys_run);
    Jx_passage_builder_destroy(ix->builder);
    Jx_text_store_destroy(ix->texts);
    free(ix);
}

static jx_status parse_report(jx_indexer *ix, const char *path,
                              const char *data, size_t len, jx_report **report,
                              char **format, jx_error *err)
{
    return Jx_index_parse_with(path, data, len, ix->manifest, manifest_warning,
                               ix, report, format, err);
}
