/* jx_api_index.c: the writing half of the public API (jixiao.h): a
 * jx_writer over the indexing engine's jx_indexer, whose events and
 * totals it passes on in the public record, and the fatal callback. */
#include <stdlib.h>
#include <string.h>

#include "jixiao.h"
#include "jx_index.h"
#include "jx_paths.h"
#include "jx_xapian.h"

/* The handle behind jx_writer. */
struct jx_writer {
    jx_indexer *ix;
    jx_writer_events ev; /* the caller's, called by the trampolines */
    jx_run_stats stats;  /* the last totals handed out */
    char *manifest;      /* the caller's manifest path, copied */
};

/* Copies the engine's totals into the public record. */
static void copy_stats(jx_run_stats *to, const jx_index_stats *s)
{
    to->files_seen = s->files_seen;
    to->files_indexed = s->files_indexed;
    to->files_unchanged = s->files_unchanged;
    to->files_empty = s->files_empty;
    to->files_failed = s->files_failed;
    to->duplicates = s->duplicates;
    to->reports_removed = s->reports_removed;
    to->passages_added = s->passages_added;
    to->bytes_read = s->bytes_read;
    to->files_committed = s->files_committed;
    to->hidden_skipped = s->hidden_skipped;
    to->links_skipped = s->links_skipped;
    to->copies = s->copies;
    to->files_elsewhere = s->files_elsewhere;
}

/* Passes a failed file on to the caller. */
static void on_file_failed(void *ctx, const char *path, const jx_error *err)
{
    jx_writer *w = ctx;
    if (w->ev.file_failed)
        w->ev.file_failed(w->ev.ctx, path, err);
}

/* Passes a duplicate on to the caller. */
static void on_duplicate(void *ctx, const char *path, const char *first)
{
    jx_writer *w = ctx;
    if (w->ev.duplicate)
        w->ev.duplicate(w->ev.ctx, path, first);
}

/* Passes the totals on to the caller, in the public record. */
static void on_progress(void *ctx, const char *path, const jx_index_stats *s)
{
    jx_writer *w = ctx;
    if (!w->ev.progress)
        return;
    copy_stats(&w->stats, s);
    w->ev.progress(w->ev.ctx, path, &w->stats);
}

/* Asks the caller whether to stop. */
static int on_should_stop(void *ctx)
{
    jx_writer *w = ctx;
    return w->ev.should_stop ? w->ev.should_stop(w->ev.ctx) : 0;
}

jx_status jx_writer_open(const char *db_path, const jx_writer_options *opts,
                         const jx_writer_events *events, jx_writer **out,
                         jx_error *err)
{
    *out = NULL;
    if (!db_path)
        return Jx_error_set(err, JX_ERR_ARG, "no database given");
    jx_writer *w = calloc(1, sizeof *w);
    if (!w)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_index_options io;
    memset(&io, 0, sizeof io);
    if (opts) {
        io.force = opts->force;
        io.no_prune = opts->no_prune;
        io.batch_files = opts->batch_files;
        io.jobs = opts->jobs;
        io.shard = opts->shard;
        io.shards = opts->shards;
        if (opts->manifest && !(w->manifest = strdup(opts->manifest))) {
            free(w);
            return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        }
        io.manifest = w->manifest;
    }
    if (events)
        w->ev = *events;
    /* the engine hears every event only when the caller listens: no
     * callback is called that the caller did not give */
    jx_index_events ev = {w->ev.file_failed ? on_file_failed : NULL,
                          w->ev.duplicate ? on_duplicate : NULL,
                          w->ev.progress ? on_progress : NULL,
                          w->ev.should_stop ? on_should_stop : NULL, w};
    jx_status st = Jx_indexer_open(db_path, &io, &ev, &w->ix, err);
    if (st) {
        free(w->manifest);
        free(w);
        return st;
    }
    *out = w;
    return JX_OK;
}

jx_status jx_writer_add(jx_writer *w, const char *path, jx_error *err)
{
    return Jx_indexer_add_path(w->ix, path, err);
}

jx_status jx_writer_remove(jx_writer *w, const char *path, jx_removed *out,
                           jx_error *err)
{
    jx_removed r = {0, 0, 0};
    jx_status st =
        Jx_indexer_remove(w->ix, path, &r.reports, &r.kept, &r.paths, err);
    if (out)
        *out = r;
    return st;
}

jx_status jx_writer_finish(jx_writer *w, jx_error *err)
{
    return Jx_indexer_finish(w->ix, err);
}

jx_status jx_writer_compact(jx_writer *w, jx_error *err)
{
    return Jx_indexer_compact(w->ix, err);
}

const jx_run_stats *jx_writer_stats(jx_writer *w)
{
    copy_stats(&w->stats, Jx_indexer_stats(w->ix));
    return &w->stats;
}

void jx_writer_destroy(jx_writer *w)
{
    if (!w)
        return;
    Jx_indexer_close(w->ix);
    free(w->manifest);
    free(w);
}

void jx_set_fatal_callback(jx_fatal_callback fn)
{
    Jx_set_fatal_handler(fn);
}

jx_status jx_database_prepare(const char *db_path, jx_error *err)
{
    jx_status st = Jx_check_db_folder(db_path, err);
    return st ? st : Jx_make_folders(db_path, err);
}
