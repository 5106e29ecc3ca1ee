/* jx_index.c: the indexing engine: walks the paths it is given, decides
 * for each report file whether it is new, changed, unchanged or a copy
 * of another, and writes passage and report documents (jx_schema.h).
 * Commits in batches; prunes what was not seen at the end. */
#include "jx_index.h"

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
#include "jx_shards.h"
#include "jx_store.h"
#include "jx_strset.h"
#include "jx_text.h"
#include "jx_text_store.h"
#include "jx_tokenize.h"
#include "jx_xapian.h"

#define DEFAULT_BATCH_FILES 200
#define BATCH_BYTES         (64ull * 1024 * 1024)
#define MAX_DEPTH           64

struct jx_indexer {
    jx_store *store;
    jx_db *reader; /* the report database's own view: sees uncommitted
                    * changes */
    jx_index_options opts;
    jx_index_events ev;
    jx_manifest *manifest;
    jx_index_stats stats;
    char **roots; /* absolute paths given to add_path that existed, and
                   * the link a folder was given through (pruned too) */
    size_t n_roots;
    char **aliases; /* links to folders given as PATH: their paths are
                     * the real folder's, not the link's */
    size_t n_aliases;
    char **kept; /* folders and files that could not be read in this
                  * run: the reports under them are not pruned */
    size_t n_kept;
    jx_strset seen;       /* absolute paths of report files met in this run */
    jx_strset keys_run;   /* keys (re)indexed in this run, with --force or
                           * because their overrides changed */
    jx_index_stats shown; /* stats with the store's counts, for callers */
    unsigned batch_files;
    unsigned long long batch_bytes;
    jx_text_store *texts;        /* the dictionary, and samples to train it */
    jx_passage_writer *writer;   /* writes passages on worker threads */
    jx_passage_builder *builder; /* builds passages here (compaction) */
    long long started_ns;        /* when the run began */
};

/* ---- report documents -------------------------------------------------- */

/* Writes (adds or replaces) the report document of rec. */
static jx_status put_report_doc(jx_indexer *ix, const jx_report_record *rec,
                                jx_error *err)
{
    jx_buf data = {0}, term = {0}, id = {0};
    jx_doc *doc = NULL;
    jx_status st = jx_doc_new(&doc, err);
    if (!st && (jx_report_record_write(rec, &data) ||
                jx_term_for(JX_PREFIX_REPORT_ID, rec->key.hex, &id)))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = jx_doc_add_boolean_term(doc, id.data, id.len, err);
    for (size_t i = 0; !st && i < rec->n_paths; i++)
        st = jx_add_meta_term(doc, JX_PREFIX_PATH, rec->paths[i].path, &term,
                              err);
    if (!st)
        st = jx_doc_set_data(doc, data.data, data.len, err);
    if (!st)
        st = jx_wdb_replace(jx_store_reports(ix->store), id.data, id.len, doc,
                            err);
    jx_doc_free(doc);
    jx_buf_free(&data);
    jx_buf_free(&term);
    jx_buf_free(&id);
    return st;
}

/* ---- file times -------------------------------------------------------- */

/* The run's start, in nanoseconds since the epoch (set at open). */
static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* A file's mtime in nanoseconds, as it is compared with the stored one. */
static long long mtime_ns(const struct stat *sf)
{
    return (long long)sf->st_mtim.tv_sec * 1000000000LL + sf->st_mtim.tv_nsec;
}

/* The mtime to store for a file read in this run: -1 (so the next run
 * reads it again) when it changed within a second before the run began,
 * because a second change in the same clock tick, with the same size,
 * would otherwise look unchanged on file systems with coarse times. */
static long long stored_mtime(const jx_indexer *ix, const struct stat *sf)
{
    long long m = mtime_ns(sf);
    return m >= ix->started_ns - 1000000000LL ? -1 : m;
}

/* ---- looking reports up ------------------------------------------------ */

/* Reads the report record of the report document holding term; *found
 * is 0 when none does. */
static jx_status find_report(jx_indexer *ix, const char *prefix,
                             const char *value, jx_report_record *rec,
                             int *found, jx_error *err)
{
    return jx_report_record_find(ix->reader, prefix, value, rec, found, err);
}

/* Index of path in rec's paths, or -1. */
static long path_index(const jx_report_record *rec, const char *path)
{
    for (size_t i = 0; i < rec->n_paths; i++)
        if (strcmp(rec->paths[i].path, path) == 0)
            return (long)i;
    return -1;
}

/* True when path is root or lies under it. */
static int under_root(const char *path, const char *root)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 &&
           (path[n] == '\0' || path[n] == '/' || strcmp(root, "/") == 0);
}

/* True when path lies under one of the paths of a list. */
static int under_any(const char *path, char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (under_root(path, list[i]))
            return 1;
    return 0;
}

/* Deletes a report: its report document goes, and the tag of its
 * passages joins the dead list (passages are never deleted one by one),
 * or, when the report is written again in this batch (superseded), the
 * superseded list, so readers keep its old passages until the new ones
 * are committed. */
static jx_status delete_report(jx_indexer *ix, const jx_report_record *rec,
                               int superseded, jx_error *err)
{
    jx_buf term = {0}, tag = {0};
    jx_status st = JX_OK;
    if (jx_term_for(JX_PREFIX_REPORT_ID, rec->key.hex, &term) ||
        jx_report_tag(rec, &tag))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = jx_wdb_delete(jx_store_reports(ix->store), term.data, term.len,
                           err);
    if (!st)
        st = superseded ? jx_store_supersede(ix->store, tag.data, err)
                        : jx_store_mark_dead(ix->store, tag.data, err);
    jx_buf_free(&term);
    jx_buf_free(&tag);
    return st;
}

/* Removes path i from rec and stores the result: the report goes when
 * no path is left. */
static jx_status drop_path(jx_indexer *ix, jx_report_record *rec, size_t i,
                           jx_error *err)
{
    jx_report_record_remove_path(rec, i);
    if (rec->n_paths == 0) {
        ix->stats.reports_removed++;
        return delete_report(ix, rec, 0, err);
    }
    return put_report_doc(ix, rec, err);
}

/* ---- indexing one file ------------------------------------------------- */

/* Parses a file's bytes into a report with the user's overrides. */
static jx_status parse_report(jx_indexer *ix, const char *path,
                              const char *data, size_t len, jx_report **report,
                              char **format, jx_error *err);

/* Copies the report's fields into the record. */
static jx_status fill_record(jx_report_record *rec, const jx_report *r)
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
static jx_status override_hashes(jx_indexer *ix, const char *path,
                                 char side[JX_KEY_LEN + 1],
                                 char man[JX_KEY_LEN + 1], jx_error *err)
{
    jx_buf b = {0};
    struct stat sm;
    jx_status st = jx_buf_printf(&b, "%s%s", path, JX_SIDECAR_SUFFIX);
    if (st)
        return jx_error_set(err, st, "out of memory");
    strcpy(side, "-");
    if (stat(b.data, &sm) == 0 || (errno != ENOENT && errno != ENOTDIR)) {
        char *data = NULL;
        size_t len = 0;
        jx_error ignored;
        strcpy(side, "!");
        if (jx_read_file(b.data, &data, &len, &ignored) == JX_OK)
            strcpy(side, jx_key_of(data, len).hex);
        free(data);
    }
    man[0] = '\0';
    if (ix->manifest) {
        jx_buf_reset(&b);
        if (jx_manifest_row_text(ix->manifest, path, &b))
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        else
            strcpy(man, b.len ? jx_key_of(b.data, b.len).hex : "-");
    }
    jx_buf_free(&b);
    return st;
}

/* True when the overrides hashed in side and man are not those rec was
 * written with (see override_hashes). */
static int overrides_differ(const jx_report_record *rec, const char *side,
                            const char *man)
{
    const char *rs = rec->sidecar_hash ? rec->sidecar_hash : "-";
    const char *rm = rec->manifest_hash ? rec->manifest_hash : "-";
    return strcmp(rs, side) != 0 || (man[0] && strcmp(rm, man) != 0);
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
    rec.generation = jx_store_generation(ix->store);
    jx_status st = override_hashes(ix, path, side, man, err);
    if (!st && (!(rec.sidecar_hash = strdup(side)) ||
                !(rec.manifest_hash = strdup(man[0] ? man : "-"))))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = parse_report(ix, path, data, len, &report, &rec.format, err);
    if (!st && report->n_passages == 0) {
        ix->stats.files_empty++;
        jx_report_record_clear(&rec);
        jx_report_free(report);
        return JX_OK;
    }
    if (!st && (fill_record(&rec, report) ||
                jx_report_record_add_path(&rec, path, st_file->st_size,
                                          stored_mtime(ix, st_file))))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    /* indexed again for its overrides: it keeps its other paths */
    for (size_t i = 0; !st && old && i < old->n_paths; i++)
        if (strcmp(old->paths[i].path, path) != 0 &&
            jx_report_record_add_path(&rec, old->paths[i].path,
                                      old->paths[i].size, old->paths[i].mtime))
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < report->n_passages; i++)
        st = jx_text_store_sample(ix->texts, report->passages[i].heading,
                                  report->passages[i].text, err);
    if (!st)
        st = put_report_doc(ix, &rec, err);
    jx_buf_reset(&scratch);
    if (!st && jx_report_tag(&rec, &scratch))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = jx_store_note_written(ix->store, scratch.data, err);
    if (!st) {
        ix->stats.files_indexed++;
        ix->stats.passages_added += report->n_passages;
        st = jx_passage_writer_add(ix->writer, report, &rec, err);
        report = NULL; /* the writer's now */
    }
    jx_buf_free(&scratch);
    jx_report_record_clear(&rec);
    jx_report_free(report);
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
    if (jx_strset_has(&ix->seen, p->path))
        return 1;
    /* the same file, reached through a link now followed: not a copy */
    if (under_any(p->path, ix->aliases, ix->n_aliases))
        return 0;
    if (stat(p->path, &sf) != 0 || !S_ISREG(sf.st_mode))
        return 0;
    if (p->mtime >= 0 && sf.st_size == p->size && mtime_ns(&sf) == p->mtime)
        return 1;
    char *data = NULL;
    size_t len = 0;
    jx_error ignored;
    int same = 0;
    if (jx_read_file(p->path, &data, &len, &ignored) == JX_OK) {
        jx_key key = jx_key_of(data, len);
        same = strcmp(key.hex, rec->key.hex) == 0;
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
    long i = path_index(rec, path);
    if (i >= 0) { /* same bytes, touched: remember the new mtime */
        rec->paths[i].size = sf->st_size;
        rec->paths[i].mtime = stored_mtime(ix, sf);
        ix->stats.files_unchanged++;
        return put_report_doc(ix, rec, err);
    }
    for (size_t k = 0; k < rec->n_paths; k++) {
        if (still_holds(ix, rec, &rec->paths[k])) {
            ix->stats.duplicates++;
            if (ix->ev.duplicate)
                ix->ev.duplicate(ix->ev.ctx, path, rec->paths[k].path);
            break;
        }
    }
    if (jx_report_record_add_path(rec, path, sf->st_size,
                                  stored_mtime(ix, sf)))
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    ix->stats.files_unchanged++;
    return put_report_doc(ix, rec, err);
}

/* Detaches path from the report it belonged to before, if that report
 * is not the one with key now. A report left without a path stays until
 * the commit (jx_store_orphan), for a file met later in the batch with
 * its bytes: two files that swap contents are not indexed again. */
static jx_status detach_old_path(jx_indexer *ix, const char *path,
                                 const jx_key *key, jx_error *err)
{
    jx_report_record old = {0};
    int found = 0;
    jx_status st = find_report(ix, JX_PREFIX_PATH, path, &old, &found, err);
    if (!st && found && strcmp(old.key.hex, key->hex) != 0) {
        long i = path_index(&old, path);
        if (i >= 0) {
            jx_report_record_remove_path(&old, (size_t)i);
            st = put_report_doc(ix, &old, err);
            if (!st && old.n_paths == 0)
                st = jx_store_orphan(ix->store, old.key.hex, err);
        }
    }
    jx_report_record_clear(&old);
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
    jx_status st = find_report(ix, JX_PREFIX_PATH, path, &rec, &found, err);
    if (!st && found) {
        long i = path_index(&rec, path);
        *unchanged = i >= 0 && rec.n_passages > 0 &&
                     rec.paths[i].size == sf->st_size &&
                     rec.paths[i].mtime == mtime_ns(sf);
        char side[JX_KEY_LEN + 1], man[JX_KEY_LEN + 1];
        if (i == 0 && rec.n_passages > 0 &&
            !(st = override_hashes(ix, path, side, man, err)) &&
            overrides_differ(&rec, side, man))
            *redo = 1, *unchanged = 0;
    }
    jx_report_record_clear(&rec);
    return st;
}

/* Indexes the content of a file, knowing its key; with redo, indexes
 * its report again even when its bytes are known (its overrides
 * changed), as --force does. */
static jx_status index_content(jx_indexer *ix, const char *path,
                               const struct stat *sf, const char *data,
                               size_t len, int redo, jx_error *err)
{
    jx_key key = jx_key_of(data, len);
    if (ix->opts.shards > 1 &&
        jx_shard_of(key.hex, ix->opts.shards) != ix->opts.shard) {
        /* another shard's report: if this shard had the path (its bytes
         * changed), the path leaves it */
        ix->stats.files_elsewhere++;
        return detach_old_path(ix, path, &key, err);
    }
    jx_report_record rec = {0};
    int found = 0;
    jx_status st = detach_old_path(ix, path, &key, err);
    if (!st)
        st = find_report(ix, JX_PREFIX_REPORT_ID, key.hex, &rec, &found, err);
    /* A report without passages is an empty file's, stored by an older
     * version: it goes, and the file is counted as empty below. */
    if (!st && found && rec.n_passages == 0) {
        st = delete_report(ix, &rec, 0, err);
        if (!st) {
            jx_report_record_clear(&rec);
            found = 0;
        }
    }
    jx_report_record old = {0};
    int again = 0;
    if (!st && found && (ix->opts.force || redo) &&
        !jx_strset_has(&ix->keys_run, key.hex)) {
        st = delete_report(ix, &rec, 1, err); /* index it anew */
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
        jx_strset_add(&ix->keys_run, key.hex))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_report_record_clear(&old);
    jx_report_record_clear(&rec);
    return st;
}

/* True for statuses that concern one file only: the run goes on. */
static int is_file_error(jx_status st)
{
    return st == JX_ERR_IO || st == JX_ERR_ENCODING || st == JX_ERR_FORMAT ||
           st == JX_ERR_UNSUPPORTED;
}

/* How many passage parts (and workers) a run uses: opts.jobs (at most
 * 8), or the processors online (at most 4). */
static unsigned wanted_parts(const jx_indexer *ix)
{
    long n =
        ix->opts.jobs ? (long)ix->opts.jobs : sysconf(_SC_NPROCESSORS_ONLN);
    long most = ix->opts.jobs ? 8 : 4; /* 8: the store's limit on parts */
    return n < 1 ? 1 : n > most ? (unsigned)most : (unsigned)n;
}

/* Blocks SIGINT and SIGTERM in the calling thread, saving the mask in
 * old: threads started meanwhile inherit it, so that these signals go to
 * the program's own thread (whose read they are meant to interrupt) and
 * never cut a worker's write short. */
static void block_stop_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

/* (Re)starts the passage writer: one worker per passage part, packing
 * with the current dictionary. Call with the writer drained. */
static jx_status start_writer(jx_indexer *ix, jx_error *err)
{
    jx_wdb *dbs[8];
    unsigned n = jx_store_part_count(ix->store);
    for (unsigned k = 0; k < n && k < 8; k++)
        dbs[k] = jx_store_part(ix->store, k);
    const char *dict;
    size_t len;
    jx_text_store_dict(ix->texts, &dict, &len);
    jx_passage_writer_free(ix->writer);
    ix->writer = NULL;
    sigset_t old;
    block_stop_signals(&old);
    jx_status st = jx_passage_writer_start(dbs, n < 8 ? n : 8, dict, len,
                                           &ix->writer, err);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return st;
}

/* Once a run has written a batch of new reports, more are likely: the
 * passages then go to one part per worker (merged at the end of the
 * run), so that Xapian's write path runs on every core. A run that
 * changes a few files keeps one part and needs no merge. */
static jx_status maybe_go_parallel(jx_indexer *ix, jx_error *err)
{
    unsigned want = wanted_parts(ix);
    unsigned batch =
        ix->opts.batch_files ? ix->opts.batch_files : DEFAULT_BATCH_FILES;
    if (want <= jx_store_part_count(ix->store) ||
        ix->stats.files_indexed < batch)
        return JX_OK;
    jx_status st = jx_store_set_parts(ix->store, want, err);
    return st ? st : start_writer(ix, err);
}

/* Merges the passage parts of a parallel run into one, and goes back
 * to one worker. */
static jx_status merge_parts(jx_indexer *ix, jx_error *err)
{
    if (jx_store_part_count(ix->store) == 1)
        return JX_OK;
    jx_status st = jx_store_merge_parts(ix->store, err);
    return st ? st : start_writer(ix, err);
}

/* Waits for the workers, trains the text dictionary when it is time
 * (handing it to the workers), then commits reports and passages. */
static jx_status commit(jx_indexer *ix, jx_error *err)
{
    int trained = 0;
    jx_status st =
        ix->writer ? jx_passage_writer_drain(ix->writer, err) : JX_OK;
    if (!st)
        st = jx_text_store_train(ix->texts, jx_store_reports(ix->store),
                                 &trained, err);
    if (!st && trained && ix->writer) {
        const char *dict;
        size_t len;
        jx_text_store_dict(ix->texts, &dict, &len);
        st = jx_passage_writer_set_dict(ix->writer, dict, len, err);
    }
    if (!st) { /* the parts are committed on threads of their own */
        sigset_t old;
        block_stop_signals(&old);
        st = jx_store_commit(ix->store, err);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    return st ? st : maybe_go_parallel(ix, err);
}

/* Commits when the batch is full. */
static jx_status maybe_commit(jx_indexer *ix, jx_error *err)
{
    if (ix->batch_files < (ix->opts.batch_files ? ix->opts.batch_files
                                                : DEFAULT_BATCH_FILES) &&
        ix->batch_bytes < BATCH_BYTES)
        return JX_OK;
    ix->batch_files = 0;
    ix->batch_bytes = 0;
    return commit(ix, err);
}

/* Polls the caller's stop request. */
static int stop_requested(jx_indexer *ix)
{
    return ix->ev.should_stop && ix->ev.should_stop(ix->ev.ctx);
}

/* Indexes one report file (path absolute); file errors are reported and
 * counted, database errors returned. */
static jx_status index_file(jx_indexer *ix, const char *path,
                            const struct stat *sf, jx_error *err)
{
    if (jx_strset_has(&ix->seen, path))
        return JX_OK;
    if (jx_strset_add(&ix->seen, path))
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
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
        while ((st = jx_read_file(path, &data, &len, &ferr)) ==
                   JX_ERR_INTERRUPTED &&
               !stop_requested(ix))
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
    return st ? st : maybe_commit(ix, err);
}

/* ---- walking ----------------------------------------------------------- */

/* Reports a file that cannot be visited and counts it. */
static void file_failed(jx_indexer *ix, const char *path, jx_status st,
                        const char *why)
{
    jx_error ferr;
    jx_error_set(&ferr, st, "%s", why);
    ix->stats.files_failed++;
    if (ix->ev.file_failed)
        ix->ev.file_failed(ix->ev.ctx, path, &ferr);
}

/* Appends a copy of path to a list of paths. */
static jx_status list_add(char ***list, size_t *n, const char *path,
                          jx_error *err)
{
    char **l = realloc(*list, (*n + 1) * sizeof *l);
    if (!l)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    *list = l;
    if (!(l[*n] = strdup(path)))
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    (*n)++;
    return JX_OK;
}

/* Remembers a folder or file that could not be read in this run: the
 * reports under it are kept, as they were, until a run can read it. */
static jx_status keep_path(jx_indexer *ix, const char *path, jx_error *err)
{
    return list_add(&ix->kept, &ix->n_kept, path, err);
}

/* Counts a hidden entry (its name begins with '.') that is not indexed:
 * a folder, or a file with a report extension. Other hidden files
 * (.DS_Store, editor backups) are not counted. */
static void count_hidden(jx_indexer *ix, const char *path)
{
    struct stat lst;
    if (jx_format_from_path(path) != JX_FORMAT_UNKNOWN ||
        (lstat(path, &lst) == 0 && S_ISDIR(lst.st_mode)))
        ix->stats.hidden_skipped++;
}

static jx_status walk(jx_indexer *ix, const char *path, int depth,
                      jx_error *err);

/* Walks the entries of a folder in name order. */
static jx_status walk_folder(jx_indexer *ix, const char *path, int depth,
                             jx_error *err)
{
    struct dirent **names = NULL;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        char why[256];
        snprintf(why, sizeof why, "%s (folder not read; its reports are kept)",
                 strerror(errno));
        file_failed(ix, path, JX_ERR_IO, why);
        return keep_path(ix, path, err);
    }
    jx_status st = JX_OK;
    jx_buf child = {0};
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (!st && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            jx_buf_reset(&child);
            if (jx_buf_printf(&child, "%s%s%s", path,
                              path[strlen(path) - 1] == '/' ? "" : "/", name))
                st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
            else if (name[0] == '.')
                count_hidden(ix, child.data);
            else
                st = walk(ix, child.data, depth + 1, err);
        }
        free(names[i]);
    }
    free(names);
    jx_buf_free(&child);
    return st;
}

/* Visits path: a folder is walked, a report file indexed, anything else
 * skipped. Symbolic links met in folders are followed to files, never to
 * folders (those are counted). */
static jx_status walk(jx_indexer *ix, const char *path, int depth,
                      jx_error *err)
{
    if (stop_requested(ix))
        return jx_error_set(err, JX_ERR_INTERRUPTED, "interrupted");
    struct stat lst, sf;
    if (lstat(path, &lst) != 0) {
        int e = errno;
        file_failed(ix, path, JX_ERR_IO, strerror(e));
        /* gone is gone; anything else (EACCES, EIO) keeps its reports */
        return e == ENOENT || e == ENOTDIR ? JX_OK : keep_path(ix, path, err);
    }
    if (S_ISLNK(lst.st_mode) && stat(path, &sf) == 0 && S_ISDIR(sf.st_mode)) {
        ix->stats.links_skipped++;
        return JX_OK;
    }
    if (S_ISDIR(lst.st_mode)) {
        if (depth >= MAX_DEPTH) {
            file_failed(ix, path, JX_ERR_IO,
                        "folder nested too deep (limit 64 levels)");
            return JX_OK;
        }
        return walk_folder(ix, path, depth, err);
    }
    if (jx_format_from_path(path) == JX_FORMAT_UNKNOWN)
        return JX_OK;
    if (stat(path, &sf) != 0) {
        file_failed(ix, path, JX_ERR_IO, strerror(errno));
        return JX_OK;
    }
    if (!S_ISREG(sf.st_mode))
        return JX_OK;
    return index_file(ix, path, &sf, err);
}

/* Makes path absolute and normal without resolving links: "." and ".."
 * components and repeated or trailing slashes go, so the same file
 * always has the same stored path. */
static char *absolute_path(const char *path)
{
    jx_buf in = {0}, out = {0};
    char cwd[PATH_MAX];
    if (path[0] != '/' && (!getcwd(cwd, sizeof cwd) || jx_buf_puts(&in, cwd) ||
                           jx_buf_putc(&in, '/')))
        goto fail;
    if (jx_buf_puts(&in, path))
        goto fail;
    char *save = NULL;
    for (char *c = strtok_r(in.data, "/", &save); c;
         c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, ".") == 0)
            continue;
        if (strcmp(c, "..") == 0) {
            char *slash = out.len ? strrchr(out.data, '/') : NULL;
            out.len = slash ? (size_t)(slash - out.data) : 0;
            if (out.data)
                out.data[out.len] = '\0';
            continue;
        }
        if (jx_buf_putc(&out, '/') || jx_buf_puts(&out, c))
            goto fail;
    }
    if (!out.len && jx_buf_putc(&out, '/'))
        goto fail;
    jx_buf_free(&in);
    return jx_buf_detach(&out);
fail:
    jx_buf_free(&in);
    jx_buf_free(&out);
    return NULL;
}

/* ---- the public calls -------------------------------------------------- */

/* The generation of a tag (key@generation), and its key into key. */
static unsigned long split_tag(const char *tag, char key[JX_KEY_LEN + 1])
{
    const char *at = strchr(tag, '@');
    snprintf(key, JX_KEY_LEN + 1, "%.*s",
             (int)(at ? (size_t)(at - tag) : strlen(tag)), tag);
    return at ? strtoul(at + 1, NULL, 10) : 0;
}

/* Index in tags of the tag with key, or -1. */
static long tag_with_key(char *const *tags, size_t n, const char *key)
{
    size_t klen = strlen(key);
    for (size_t i = 0; i < n; i++)
        if (strncmp(tags[i], key, klen) == 0 && tags[i][klen] == '@')
            return (long)i;
    return -1;
}

/* Repairs what a run killed between the two commits of a batch left:
 * reports whose passages were never committed. One that replaced an
 * older version of itself (--force) gets that version's tag back, whose
 * passages are still there: it stays searchable and is not read again.
 * The others are deleted, so that this run indexes their files again.
 * What the batch superseded and is not given back is dead. */
static jx_status drop_lost_reports(jx_indexer *ix, jx_error *err)
{
    char *const *lost, *const *sup;
    size_t n, n_sup;
    jx_store_lost(ix->store, &lost, &n, &sup, &n_sup);
    char *kept = n_sup ? calloc(n_sup, 1) : NULL;
    jx_status st = n_sup && !kept
                       ? jx_error_set(err, JX_ERR_NOMEM, "out of memory")
                       : JX_OK;
    for (size_t i = 0; !st && i < n; i++) {
        char key[JX_KEY_LEN + 1];
        unsigned long gen = split_tag(lost[i], key);
        /* with several passage parts, some may hold part of the batch */
        if (jx_store_part_count(ix->store) > 1)
            st = jx_store_mark_dead(ix->store, lost[i], err);
        jx_report_record rec = {0};
        int found = 0;
        if (!st)
            st = find_report(ix, JX_PREFIX_REPORT_ID, key, &rec, &found, err);
        long old = found ? tag_with_key(sup, n_sup, key) : -1;
        if (!st && found && rec.generation == gen && old >= 0) {
            char ignored[JX_KEY_LEN + 1];
            rec.generation = split_tag(sup[old], ignored);
            kept[old] = 1;
            st = put_report_doc(ix, &rec, err);
        } else if (!st && found && rec.generation == gen) {
            jx_buf term = {0};
            if (jx_term_for(JX_PREFIX_REPORT_ID, key, &term))
                st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
            else
                st = jx_wdb_delete(jx_store_reports(ix->store), term.data,
                                   term.len, err);
            jx_buf_free(&term);
        }
        jx_report_record_clear(&rec);
    }
    for (size_t i = 0; !st && i < n_sup; i++) {
        char key[JX_KEY_LEN + 1];
        unsigned long gen = split_tag(sup[i], key);
        jx_report_record rec = {0};
        int found = 0;
        if (!kept[i])
            st = find_report(ix, JX_PREFIX_REPORT_ID, key, &rec, &found, err);
        if (!st && !kept[i] && !(found && rec.generation == gen))
            st = jx_store_mark_dead(ix->store, sup[i], err);
        jx_report_record_clear(&rec);
    }
    free(kept);
    return (n || n_sup) && !st ? commit(ix, err) : st;
}

/* Reports bad manifest rows through the file_failed event. */
static void manifest_warning(void *ctx, const char *file, unsigned line,
                             const char *why)
{
    jx_indexer *ix = ctx;
    jx_error e;
    char where[64];
    snprintf(where, sizeof where, "line %u", line);
    jx_error_set(&e, JX_ERR_FORMAT, "%s: %s", where, why);
    if (ix->ev.file_failed)
        ix->ev.file_failed(ix->ev.ctx, file, &e);
}

jx_status jx_indexer_open(const char *db_path, const jx_index_options *opts,
                          const jx_index_events *events, jx_indexer **out,
                          jx_error *err)
{
    jx_indexer *ix = calloc(1, sizeof *ix);
    if (!ix)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (opts)
        ix->opts = *opts;
    if (events)
        ix->ev = *events;
    ix->started_ns = now_ns();
    jx_status st = jx_store_open(db_path, &ix->store, err);
    if (st == JX_ERR_DB || st == JX_ERR_DB_CORRUPT) /* say what is damaged */
        st = jx_index_refuse_damaged(db_path, 0, st, err);
    else if (!st) /* with the write lock: nothing changes under the check */
        st = jx_index_refuse_damaged(db_path, 0, JX_OK, err);
    if (!st)
        ix->reader = jx_store_reports_reader(ix->store);
    if (!st)
        st = jx_text_store_open(ix->reader, ix->opts.dict_min_text, &ix->texts,
                                err);
    if (!st)
        st = jx_passage_builder_new(&ix->builder, err);
    if (!st)
        st = drop_lost_reports(ix, err);
    if (!st)
        st = start_writer(ix, err);
    if (!st && ix->opts.manifest)
        st = jx_manifest_load(ix->opts.manifest, manifest_warning, ix,
                              &ix->manifest, err);
    if (!st)
        st = jx_wdb_set_metadata(jx_store_reports(ix->store), JX_META_SCHEMA,
                                 JX_SCHEMA_VERSION, err);
    if (st) {
        jx_indexer_close(ix);
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
jx_status jx_indexer_add_path(jx_indexer *ix, const char *path, jx_error *err)
{
    char *abs = absolute_path(path);
    if (!abs)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    struct stat st_root, lst;
    if (stat(abs, &st_root) != 0) {
        jx_status st =
            jx_error_set(err, JX_ERR_IO, "%s: %s", path, strerror(errno));
        free(abs);
        return st;
    }
    jx_status st = JX_OK;
    if (S_ISDIR(st_root.st_mode) && lstat(abs, &lst) == 0 &&
        S_ISLNK(lst.st_mode)) {
        char *real = realpath(abs, NULL);
        if (!real) {
            st = jx_error_set(err, JX_ERR_IO, "%s: %s", path, strerror(errno));
            free(abs);
            return st;
        }
        st = list_add(&ix->roots, &ix->n_roots, abs, err);
        if (!st)
            st = list_add(&ix->aliases, &ix->n_aliases, abs, err);
        free(abs);
        abs = real;
    }
    if (!st)
        st = list_add(&ix->roots, &ix->n_roots, abs, err);
    if (!st)
        st = walk(ix, abs, 0, err);
    free(abs);
    if (st == JX_ERR_INTERRUPTED) {
        jx_error ignored;
        commit(ix, &ignored);
    }
    return st;
}

/* True when path was under a root of this run but not seen in it (and
 * not under a folder that could not be read). */
static int gone(const jx_indexer *ix, const char *path)
{
    if (jx_strset_has(&ix->seen, path) ||
        under_any(path, ix->kept, ix->n_kept))
        return 0;
    for (size_t i = 0; i < ix->n_roots; i++)
        if (under_root(path, ix->roots[i]))
            return 1;
    return 0;
}

/* A growable list of report keys. */
typedef struct key_list {
    jx_key *keys;
    size_t n, cap;
} key_list;

/* Collects the key of each report document's unique term. */
static int collect_key(const char *term, size_t len, unsigned long freq,
                       void *ctx)
{
    key_list *list = ctx;
    size_t plen = strlen(JX_PREFIX_REPORT_ID);
    if (len != plen + JX_KEY_LEN)
        return 0;
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        jx_key *k = realloc(list->keys, cap * sizeof *k);
        if (!k)
            return 1;
        list->keys = k;
        list->cap = cap;
    }
    memcpy(list->keys[list->n].hex, term + plen, JX_KEY_LEN);
    list->keys[list->n].hex[JX_KEY_LEN] = '\0';
    list->n++;
    return 0;
}

/* Decides whether a stored path of a report goes (non-zero) or stays. */
typedef int (*path_filter)(const jx_indexer *ix, const char *path, void *ctx);

/* Drops from every report the paths that drop_it picks; a report left
 * without a path is deleted. *dropped counts the paths dropped and
 * *kept the reports that lost paths but keep others (either may be
 * NULL). */
static jx_status drop_paths(jx_indexer *ix, path_filter drop_it, void *ctx,
                            unsigned long *dropped, unsigned long *kept,
                            jx_error *err)
{
    key_list list = {0};
    jx_status st =
        jx_db_each_term(ix->reader, JX_PREFIX_REPORT_ID,
                        strlen(JX_PREFIX_REPORT_ID), collect_key, &list, err);
    if (st == JX_ERR_INTERRUPTED)
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (size_t k = 0; !st && k < list.n; k++) {
        jx_report_record rec = {0};
        int found = 0;
        st = find_report(ix, JX_PREFIX_REPORT_ID, list.keys[k].hex, &rec,
                         &found, err);
        size_t i = 0, n_dropped = 0;
        while (!st && found && i < rec.n_paths) {
            if (!drop_it(ix, rec.paths[i].path, ctx)) {
                i++;
                continue;
            }
            int last = rec.n_paths == 1;
            n_dropped++;
            st = drop_path(ix, &rec, i, err);
            if (last)
                break;
        }
        if (dropped)
            *dropped += n_dropped;
        if (kept && found && n_dropped && rec.n_paths > 0)
            (*kept)++;
        jx_report_record_clear(&rec);
    }
    free(list.keys);
    return st;
}

/* A path_filter: the paths not seen in this run under its roots. */
static int is_gone(const jx_indexer *ix, const char *path, void *ctx)
{
    (void)ctx;
    return gone(ix, path);
}

/* Removes the paths not seen in this run from every report. */
static jx_status prune(jx_indexer *ix, jx_error *err)
{
    return drop_paths(ix, is_gone, NULL, NULL, NULL, err);
}

/* The folder (or file) --remove takes out, as given and as resolved. */
typedef struct removal {
    const char *abs;
    char *real; /* NULL when it cannot be resolved (gone) */
} removal;

/* A path_filter: the paths at or under the removal's path. */
static int is_removed(const jx_indexer *ix, const char *path, void *ctx)
{
    const removal *rm = ctx;
    (void)ix;
    return under_root(path, rm->abs) ||
           (rm->real && under_root(path, rm->real));
}

/* Takes the paths under path out of every report; see jx_index.h. */
jx_status jx_indexer_remove(jx_indexer *ix, const char *path,
                            unsigned long *reports, unsigned long *kept,
                            unsigned long *paths, jx_error *err)
{
    *reports = *kept = *paths = 0;
    char *abs = absolute_path(path);
    if (!abs)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    /* a folder given through a link was indexed by its real path */
    removal rm = {abs, realpath(abs, NULL)};
    unsigned long removed_before = ix->stats.reports_removed;
    jx_status st = drop_paths(ix, is_removed, &rm, paths, kept, err);
    *reports = ix->stats.reports_removed - removed_before;
    free(rm.real);
    free(abs);
    return st;
}

/* What copy_passage needs while a report's passages are copied. */
typedef struct copy_state {
    jx_indexer *ix;
    jx_wdb *into;
    const jx_report_record *rec;
    jx_text_unpacker *unpacker;
    jx_error *err;
    jx_status status;
} copy_state;

/* Rebuilds one passage document from its stored text into the new
 * passage database (the old one has no termlist to copy from). */
static int copy_passage(jx_docid id, void *ctx)
{
    copy_state *cs = ctx;
    jx_doc *doc = NULL;
    const char *data;
    size_t len;
    char *text = NULL;
    cs->status = jx_db_document(jx_store_passages_reader(cs->ix->store), id,
                                &doc, cs->err);
    if (!cs->status)
        cs->status = jx_doc_value(doc, JX_SLOT_TEXT, &data, &len, cs->err);
    if (!cs->status)
        cs->status =
            jx_text_unpack(cs->unpacker, data, len, &data, &len, cs->err);
    if (!cs->status && !(text = strndup(data, len)))
        cs->status = jx_error_set(cs->err, JX_ERR_NOMEM, "out of memory");
    if (!cs->status) {
        char *sep = strchr(text, JX_HEADING_TEXT_SEP);
        if (sep)
            *sep = '\0';
        cs->status = jx_passage_add(
            cs->ix->builder, cs->into, sep ? text : "", sep ? sep + 1 : text,
            cs->rec, jx_text_store_packer(cs->ix->texts), cs->err);
    }
    free(text);
    jx_doc_free(doc);
    return cs->status != JX_OK;
}

/* Copies the passages of every live report into a new passage database
 * and swaps it in. */
jx_status jx_indexer_compact(jx_indexer *ix, jx_error *err)
{
    key_list list = {0};
    copy_state cs = {ix, NULL, NULL, NULL, err, JX_OK};
    jx_status st = commit(ix, err);
    if (!st)
        st = merge_parts(ix, err);
    if (!st)
        st = jx_text_unpacker_for(ix->reader, &cs.unpacker, err);
    if (!st)
        st = jx_db_each_term(ix->reader, JX_PREFIX_REPORT_ID,
                             strlen(JX_PREFIX_REPORT_ID), collect_key, &list,
                             err);
    if (st == JX_ERR_INTERRUPTED)
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = jx_store_rebuild_begin(ix->store, &cs.into, err);
    for (size_t k = 0; !st && k < list.n; k++) {
        jx_report_record rec = {0};
        jx_buf term = {0}, tag = {0};
        int found = 0;
        st = find_report(ix, JX_PREFIX_REPORT_ID, list.keys[k].hex, &rec,
                         &found, err);
        if (!st && found &&
            (jx_report_tag(&rec, &tag) ||
             jx_term_for(JX_PREFIX_REPORT, tag.data, &term)))
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        if (!st && found) {
            cs.rec = &rec;
            st = jx_db_each_posting(jx_store_passages_reader(ix->store),
                                    term.data, term.len, copy_passage, &cs,
                                    err);
            if (cs.status)
                st = cs.status;
        }
        jx_buf_free(&term);
        jx_buf_free(&tag);
        jx_report_record_clear(&rec);
    }
    if (!st)
        st = jx_store_rebuild_end(ix->store, err);
    if (st) /* a full disk, say: the half-written copy goes at once */
        jx_store_rebuild_abort(ix->store);
    if (!st) /* the passage database the worker wrote to is gone */
        st = start_writer(ix, err);
    jx_text_unpacker_free(cs.unpacker);
    free(list.keys);
    return st;
}

/* Prunes, stamps the time of the run and commits. */
jx_status jx_indexer_finish(jx_indexer *ix, jx_error *err)
{
    jx_status st = JX_OK;
    if (!ix->opts.no_prune && ix->n_roots)
        st = prune(ix, err);
    if (!st) {
        char stamp[32];
        time_t now = time(NULL);
        struct tm tm;
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ",
                 gmtime_r(&now, &tm));
        st = jx_wdb_set_metadata(jx_store_reports(ix->store), JX_META_UPDATED,
                                 stamp, err);
    }
    if (!st)
        st = commit(ix, err);
    if (!st)
        st = merge_parts(ix, err);
    unsigned long reports = 0; /* the report database holds only them */
    if (!st)
        st = jx_db_doccount(ix->reader, &reports, err);
    if (!st && jx_store_dead_count(ix->store) > 16 &&
        jx_store_dead_count(ix->store) * 10 > reports)
        st = jx_indexer_compact(ix, err);
    return st;
}

/* The totals so far, with what the store counts brought in. */
const jx_index_stats *jx_indexer_stats(jx_indexer *ix)
{
    ix->shown = ix->stats;
    ix->shown.files_committed = jx_store_committed(ix->store);
    ix->shown.reports_removed += jx_store_orphans_removed(ix->store);
    return &ix->shown;
}

/* Closes the database and frees everything the indexer owns. */
void jx_indexer_close(jx_indexer *ix)
{
    if (!ix)
        return;
    jx_passage_writer_free(ix->writer); /* before the databases close */
    jx_store_close(ix->store);
    jx_manifest_free(ix->manifest);
    for (size_t i = 0; i < ix->n_roots; i++)
        free(ix->roots[i]);
    free(ix->roots);
    for (size_t i = 0; i < ix->n_aliases; i++)
        free(ix->aliases[i]);
    free(ix->aliases);
    for (size_t i = 0; i < ix->n_kept; i++)
        free(ix->kept[i]);
    free(ix->kept);
    jx_strset_free(&ix->seen);
    jx_strset_free(&ix->keys_run);
    jx_passage_builder_free(ix->builder);
    jx_text_store_free(ix->texts);
    free(ix);
}

/* ---- parsing with overrides -------------------------------------------- */

/* Extracts, parses and applies the sidecar and manifest to one file. */
static jx_status parse_with(const char *path, const char *data, size_t len,
                            const jx_manifest *manifest,
                            jx_override_warn_fn warn, void *ctx,
                            jx_report **report, char **format, jx_error *err)
{
    jx_extracted ex;
    jx_status st =
        jx_extract_memory(jx_format_from_path(path), data, len, &ex, err);
    if (st)
        return st;
    jx_hints hints = jx_extracted_hints(&ex);
    st = jx_report_parse(ex.text, ex.len, &hints, report, err);
    if (!st)
        st = jx_report_use_path(*report, path, err);
    if (!st && manifest)
        st = jx_manifest_apply(manifest, path, *report, err);
    if (!st)
        st = jx_sidecar_apply(path, *report, warn, ctx, err);
    if (!st && format && !(*format = strdup(jx_format_name(ex.format))))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (st) {
        jx_report_free(*report);
        *report = NULL;
    }
    jx_extracted_free(&ex);
    return st;
}

static jx_status parse_report(jx_indexer *ix, const char *path,
                              const char *data, size_t len, jx_report **report,
                              char **format, jx_error *err)
{
    return parse_with(path, data, len, ix->manifest, manifest_warning, ix,
                      report, format, err);
}

jx_status jx_index_read_report(const char *path, const char *manifest,
                               jx_report **out, char **format, jx_error *err)
{
    jx_manifest *m = NULL;
    char *data = NULL;
    size_t len = 0;
    jx_status st = JX_OK;
    *out = NULL;
    if (manifest)
        st = jx_manifest_load(manifest, NULL, NULL, &m, err);
    if (!st)
        st = jx_read_file(path, &data, &len, err);
    if (!st)
        st = parse_with(path, data, len, m, NULL, NULL, out, format, err);
    free(data);
    jx_manifest_free(m);
    return st;
}

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
    jx_status st =
        find_report(&probe, JX_PREFIX_REPORT_ID, key->hex, &rec, &found, err);
    for (size_t i = 0; !st && found && i < rec.n_paths; i++) {
        struct stat sf;
        const jx_report_path *p = &rec.paths[i];
        if (stat(p->path, &sf) != 0)
            st = add_stale(state, p->path, "gone");
        else if (sf.st_size != p->size ||
                 (p->mtime >= 0 && mtime_ns(&sf) != p->mtime))
            st = add_stale(state, p->path, "changed");
        else if (i == 0 && rec.n_passages > 0) { /* its sidecar changed? */
            char side[JX_KEY_LEN + 1], man[JX_KEY_LEN + 1];
            st = override_hashes(&probe, p->path, side, man, err);
            if (!st && overrides_differ(&rec, side, man))
                st = add_stale(state, p->path, "sidecar");
        }
        if (st == JX_ERR_NOMEM)
            jx_error_set(err, st, "out of memory");
    }
    jx_report_record_clear(&rec);
    return st;
}

/* Counts the passages the dead list masks. */
static jx_status count_superseded(jx_db *db, unsigned long *out, jx_error *err)
{
    char **tags = NULL;
    size_t n = 0;
    jx_buf term = {0};
    *out = 0;
    jx_status st = jx_store_read_dead(db, &tags, &n, err);
    for (size_t i = 0; !st && i < n; i++) {
        unsigned long f = 0;
        jx_buf_reset(&term);
        if (jx_term_for(JX_PREFIX_REPORT, tags[i], &term))
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        if (!st)
            st = jx_db_termfreq(db, term.data, term.len, &f, err);
        *out += f;
    }
    jx_buf_free(&term);
    jx_store_free_tags(tags, n);
    return st;
}

jx_status jx_index_state_read(const char *db_path, jx_index_state *out,
                              jx_error *err)
{
    memset(out, 0, sizeof *out);
    jx_db *db = NULL;
    key_list list = {0};
    unsigned long docs = 0;
    jx_status st = jx_index_refuse_damaged(db_path, 0, JX_OK, err);
    if (!st)
        st = jx_db_open(&db_path, 1, &db, err);
    if (!st)
        st = jx_db_doccount(db, &docs, err);
    if (!st)
        st = jx_db_each_term(db, JX_PREFIX_REPORT_ID,
                             strlen(JX_PREFIX_REPORT_ID), collect_key, &list,
                             err);
    if (st == JX_ERR_INTERRUPTED)
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = jx_db_get_metadata(db, JX_META_UPDATED, &out->updated, err);
    out->reports = list.n;
    if (!st)
        st = count_superseded(db, &out->superseded, err);
    out->passages =
        docs >= list.n + out->superseded ? docs - list.n - out->superseded : 0;
    for (size_t k = 0; !st && k < list.n; k++)
        st = check_report_paths(db, &list.keys[k], out, err);
    free(list.keys);
    jx_db_close(db);
    if (st)
        jx_index_state_clear(out);
    return st;
}

void jx_index_state_clear(jx_index_state *state)
{
    for (size_t i = 0; i < state->n_stale; i++)
        free(state->stale[i]);
    free(state->stale);
    free(state->why);
    free(state->updated);
    memset(state, 0, sizeof *state);
}
