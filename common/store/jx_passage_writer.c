/* jx_passage_writer.c: a queue of reports whose passages worker threads
 * build and add, each to its own passage database. */
#include "jx_passage_writer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "jx_passage_doc.h"
#include "jx_passage_text.h"

/* The most passage text waiting in the queue: the caller parses ahead of
 * the workers by at most this much, which bounds the writer's memory. */
#define MAX_QUEUED_BYTES (16u * 1024u * 1024u)

/* One report to write: its passages and what its passages carry. */
typedef struct job {
    jx_report *report;
    jx_report_record rec; /* key, generation and fields only */
    size_t bytes;
    struct job *next;
} job;

typedef struct worker {
    struct jx_passage_writer *w;
    jx_wdb *db;
    jx_passage_builder *builder;
    jx_text_packer *packer;
    pthread_t thread;
    int running;
} worker;

/* Everything below the lock is shared between the caller and workers. */
struct jx_passage_writer {
    pthread_mutex_t lock;
    pthread_cond_t work; /* a job was queued, or the workers must stop */
    pthread_cond_t room; /* the queue shrank or a worker finished a job */
    job *head, *tail;
    size_t queued_bytes;
    unsigned busy; /* workers writing a job now */
    int stop;
    jx_error failure; /* the first error since the last drain */
    worker *workers;
    size_t n_workers;
    int inline_only; /* one database: the caller writes, no thread */
};

/* Frees a job and what it owns. */
static void job_free(job *j)
{
    Jx_report_destroy(j->report);
    Jx_report_record_clear(&j->rec);
    free(j);
}

/* Copies what a passage needs of rec: key, generation, fields. */
static int copy_record(const jx_report_record *from, jx_report_record *to)
{
    memset(to, 0, sizeof *to);
    to->key = from->key;
    to->generation = from->generation;
    for (int f = 0; f < JX_FIELD_COUNT; f++)
        if (from->fields[f] && !(to->fields[f] = strdup(from->fields[f])))
            return 1;
    return 0;
}

/* Writes every passage of a job into the worker's database. */
static jx_status write_job(worker *wk, const job *j, jx_error *err)
{
    jx_status st = JX_OK;
    const jx_report *r = j->report;
    for (size_t i = 0; !st && i < r->n_passages; i++)
        st = Jx_passage_add(wk->builder, wk->db, r->passages[i].heading,
                            r->passages[i].text, &j->rec, wk->packer, err);
    return st;
}

/* The worker's loop: takes jobs until told to stop. After an error, jobs
 * are dropped unwritten until the caller has drained. */
static void *work(void *arg)
{
    worker *wk = arg;
    jx_passage_writer *w = wk->w;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->head && !w->stop)
            pthread_cond_wait(&w->work, &w->lock);
        if (!w->head)
            break;
        job *j = w->head;
        w->head = j->next;
        if (!w->head)
            w->tail = NULL;
        w->queued_bytes -= j->bytes;
        w->busy++;
        int failed = w->failure.status != JX_OK;
        pthread_cond_broadcast(&w->room);
        pthread_mutex_unlock(&w->lock);

        jx_error err = {0};
        jx_status st = failed ? JX_OK : write_job(wk, j, &err);
        job_free(j);

        pthread_mutex_lock(&w->lock);
        if (st && w->failure.status == JX_OK)
            w->failure = err;
        w->busy--;
        pthread_cond_broadcast(&w->room);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

/* Replaces a worker's packer with one for dict. */
static jx_status new_packer(worker *wk, const char *dict, size_t len,
                            jx_error *err)
{
    jx_text_packer *p = NULL;
    jx_status st = Jx_text_packer_new(dict, len, &p, err);
    if (st)
        return st;
    Jx_text_packer_destroy(wk->packer);
    wk->packer = p;
    return JX_OK;
}

jx_status Jx_passage_writer_start(jx_wdb *const *dbs, size_t n,
                                  const char *dict, size_t len,
                                  jx_passage_writer **out, jx_error *err)
{
    *out = NULL;
    jx_passage_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->workers = calloc(n, sizeof *w->workers))) {
        free(w);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->work, NULL);
    pthread_cond_init(&w->room, NULL);
    jx_status st = JX_OK;
    for (size_t i = 0; !st && i < n; i++) {
        worker *wk = &w->workers[i];
        wk->w = w;
        wk->db = dbs[i];
        st = Jx_passage_builder_new(&wk->builder, err);
        if (!st)
            st = new_packer(wk, dict, len, err);
        if (!st && n > 1 && pthread_create(&wk->thread, NULL, work, wk) != 0)
            st = Jx_error_set(err, JX_ERR_NOMEM, "cannot start a thread");
        if (!st)
            wk->running = n > 1;
        w->n_workers = i + 1;
    }
    w->inline_only = n == 1;
    if (st) {
        Jx_passage_writer_destroy(w);
        return st;
    }
    *out = w;
    return JX_OK;
}

/* Takes the first error since the last drain, if any (lock held). */
static jx_status take_failure(jx_passage_writer *w, jx_error *err)
{
    jx_status st = w->failure.status;
    if (st && err)
        *err = w->failure;
    Jx_error_clear(&w->failure);
    return st;
}

jx_status Jx_passage_writer_add(jx_passage_writer *w, jx_report *report,
                                const jx_report_record *rec, jx_error *err)
{
    job *j = calloc(1, sizeof *j);
    if (!j || copy_record(rec, &j->rec)) {
        if (j)
            Jx_report_record_clear(&j->rec);
        free(j);
        Jx_report_destroy(report);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    j->report = report;
    j->bytes = report->text_len + 1;
    if (w->inline_only) { /* measured: a thread for one database cost more
                           * (+20% CPU, +8% time) than it saved */
        jx_status st = write_job(&w->workers[0], j, err);
        job_free(j);
        return st;
    }
    pthread_mutex_lock(&w->lock);
    while (w->queued_bytes > MAX_QUEUED_BYTES && w->failure.status == JX_OK)
        pthread_cond_wait(&w->room, &w->lock);
    jx_status st = w->failure.status ? take_failure(w, err) : JX_OK;
    if (st) {
        pthread_mutex_unlock(&w->lock);
        job_free(j);
        return st;
    }
    if (w->tail)
        w->tail->next = j;
    else
        w->head = j;
    w->tail = j;
    w->queued_bytes += j->bytes;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
    return JX_OK;
}

jx_status Jx_passage_writer_drain(jx_passage_writer *w, jx_error *err)
{
    pthread_mutex_lock(&w->lock);
    while (w->head || w->busy)
        pthread_cond_wait(&w->room, &w->lock);
    jx_status st = take_failure(w, err);
    pthread_mutex_unlock(&w->lock);
    return st;
}

jx_status Jx_passage_writer_set_dict(jx_passage_writer *w, const char *dict,
                                     size_t len, jx_error *err)
{
    jx_status st = Jx_passage_writer_drain(w, err);
    for (size_t i = 0; !st && i < w->n_workers; i++)
        st = new_packer(&w->workers[i], dict, len, err);
    return st;
}

void Jx_passage_writer_destroy(jx_passage_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock); /* what is still queued is dropped */
    job *queued = w->head;
    w->head = w->tail = NULL;
    w->stop = 1;
    pthread_cond_broadcast(&w->work);
    pthread_mutex_unlock(&w->lock);
    for (size_t i = 0; i < w->n_workers; i++) {
        worker *wk = &w->workers[i];
        if (wk->running)
            pthread_join(wk->thread, NULL);
        Jx_passage_builder_destroy(wk->builder);
        Jx_text_packer_destroy(wk->packer);
    }
    for (job *j = queued, *next; j; j = next) {
        next = j->next;
        job_free(j);
    }
    pthread_cond_destroy(&w->room);
    pthread_cond_destroy(&w->work);
    pthread_mutex_destroy(&w->lock);
    free(w->workers);
    free(w);
}
