/* jx_index_batch.c: batches and passage parts -- how many parts a run
 * writes in parallel, starting and merging them, and committing a batch
 * (training the text dictionary when it is time). */
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
jx_status Jx_index_start_writer(jx_indexer *ix, jx_error *err)
{
    jx_wdb *dbs[8];
    unsigned n = Jx_store_part_count(ix->store);
    for (unsigned k = 0; k < n && k < 8; k++)
        dbs[k] = Jx_store_part(ix->store, k);
    const char *dict;
    size_t len;
    Jx_text_store_dict(ix->texts, &dict, &len);
    Jx_passage_writer_destroy(ix->writer);
    ix->writer = NULL;
    sigset_t old;
    block_stop_signals(&old);
    jx_status st = Jx_passage_writer_start(dbs, n < 8 ? n : 8, dict, len,
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
    if (want <= Jx_store_part_count(ix->store) ||
        ix->stats.files_indexed < batch)
        return JX_OK;
    jx_status st = Jx_store_set_parts(ix->store, want, err);
    return st ? st : Jx_index_start_writer(ix, err);
}

/* Merges the passage parts of a parallel run into one, and goes back
 * to one worker. */
jx_status Jx_index_merge_parts(jx_indexer *ix, jx_error *err)
{
    if (Jx_store_part_count(ix->store) == 1)
        return JX_OK;
    jx_status st = Jx_store_merge_parts(ix->store, err);
    return st ? st : Jx_index_start_writer(ix, err);
}

/* Waits for the workers, trains the text dictionary when it is time
 * (handing it to the workers), then commits reports and passages. */
jx_status Jx_index_commit(jx_indexer *ix, jx_error *err)
{
    int trained = 0;
    jx_status st =
        ix->writer ? Jx_passage_writer_drain(ix->writer, err) : JX_OK;
    if (!st)
        st = Jx_text_store_train(ix->texts, Jx_store_reports(ix->store),
                                 &trained, err);
    if (!st && trained && ix->writer) {
        const char *dict;
        size_t len;
        Jx_text_store_dict(ix->texts, &dict, &len);
        st = Jx_passage_writer_set_dict(ix->writer, dict, len, err);
    }
    if (!st) { /* the parts are committed on threads of their own */
        sigset_t old;
        block_stop_signals(&old);
        st = Jx_store_commit(ix->store, err);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    return st ? st : maybe_go_parallel(ix, err);
}

/* Commits when the batch is full. */
jx_status Jx_index_maybe_commit(jx_indexer *ix, jx_error *err)
{
    if (ix->batch_files < (ix->opts.batch_files ? ix->opts.batch_files
                                                : DEFAULT_BATCH_FILES) &&
        ix->batch_bytes < BATCH_BYTES)
        return JX_OK;
    ix->batch_files = 0;
    ix->batch_bytes = 0;
    return Jx_index_commit(ix, err);
}
