/* jx_store.c: the database folder: a stub listing a report database (with
 * termlists) and a passage database (without), the run counter, the dead
 * list of passage tags to mask, the superseded list (tags masked once the
 * passages replacing them are committed), and the watermark that tells
 * passages committed with their reports from passages a crash left
 * behind. */
#include "jx_store.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jx_array.h"
#include "jx_buf.h"
#include "jx_paths.h"
#include "jx_record.h"
#include "jx_schema.h"

/* Passage parts written at once by parallel workers, the first included;
 * Jx_store_merge_parts makes them one again. */
#define MAX_PARTS 8

/* A growable list of malloc'd strings. */
typedef struct tag_list {
    char **v;
    size_t n, cap;
} tag_list;

struct jx_store {
    char *path;
    jx_wdb *reports;
    jx_wdb *passages;
    jx_wdb *extra[MAX_PARTS - 1]; /* parts passages-N.1 ... */
    unsigned n_extra;
    jx_wdb *rebuild;     /* the passages being rebuilt, or NULL */
    unsigned passages_n; /* passages-N */
    unsigned long generation;
    tag_list dead;       /* tags masked from readers */
    tag_list superseded; /* tags replaced by passages of this batch */
    tag_list batch;      /* tags written since the last commit */
    tag_list orphans;    /* keys of reports left without a path */
    tag_list lost;       /* tags of a batch a kill left without passages */
    tag_list lost_superseded; /* what that batch superseded */
    unsigned long orphans_removed, committed;
};

/* Appends a copy of s to the list. */
static jx_status list_add(tag_list *l, const char *s)
{
    if (Jx_array_reserve(&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return JX_ERR_NOMEM;
    if (!(l->v[l->n] = strdup(s)))
        return JX_ERR_NOMEM;
    l->n++;
    return JX_OK;
}

/* Moves every string of from to the end of to, leaving from empty. */
static jx_status list_move(tag_list *to, tag_list *from)
{
    for (size_t i = 0; i < from->n; i++) {
        if (to->n == to->cap) {
            size_t cap = to->cap ? to->cap * 2 : 16;
            while (cap < to->n + from->n - i)
                cap *= 2;
            char **v = realloc(to->v, cap * sizeof *v);
            if (!v) { /* what is moved stays moved; the rest stays */
                memmove(from->v, from->v + i, (from->n - i) * sizeof *v);
                from->n -= i;
                return JX_ERR_NOMEM;
            }
            to->v = v;
            to->cap = cap;
        }
        to->v[to->n++] = from->v[i];
    }
    from->n = 0;
    return JX_OK;
}

/* Frees the strings and the list, leaving it empty. */
static void list_free(tag_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Stores the list, one string a line, under key in the report
 * database's metadata (b is scratch space). */
static jx_status put_list(jx_store *s, const char *key, const tag_list *l,
                          jx_buf *b, jx_error *err)
{
    Jx_buf_reset(b);
    for (size_t i = 0; i < l->n; i++)
        if (Jx_buf_puts(b, l->v[i]) || Jx_buf_putc(b, '\n'))
            return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    return Jx_wdb_set_metadata(s->reports, key, b->data ? b->data : "", err);
}

/* Opens a database under the store folder. */
static jx_status open_part(jx_store *s, const char *name, int flags,
                           jx_wdb **out, jx_error *err)
{
    char *p = Jx_path_join(s->path, name);
    if (!p)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = Jx_wdb_open(p, flags, out, err);
    free(p);
    return st;
}

/* The name of passage database n. */
static void passages_name(unsigned n, char out[32])
{
    snprintf(out, 32, "passages-%u", n);
}

/* The name of part k of passage database n: passages-N for part 0,
 * passages-N.k for the others. */
static void part_name(unsigned n, unsigned k, char out[32])
{
    if (k)
        snprintf(out, 32, "passages-%u.%u", n, k);
    else
        passages_name(n, out);
}

/* The names of every current part, separated by spaces. */
static jx_status part_names(const jx_store *s, jx_buf *out)
{
    char name[32];
    for (unsigned k = 0; k <= s->n_extra; k++) {
        part_name(s->passages_n, k, name);
        if ((k && Jx_buf_putc(out, ' ')) || Jx_buf_puts(out, name))
            return JX_ERR_NOMEM;
    }
    return JX_OK;
}

/* Part k's writer. */
static jx_wdb *part(const jx_store *s, unsigned k)
{
    return k ? s->extra[k - 1] : s->passages;
}

/* Writes the stub listing the reports and passage database n with
 * n_extra more parts, atomically (a temporary file renamed over the old
 * one). */
static jx_status write_stub(jx_store *s, unsigned n, unsigned n_extra,
                            jx_error *err)
{
    char name[32];
    passages_name(n, name);
    char *tmp = Jx_path_join(s->path, JX_DB_STUB ".tmp"),
         *stub = Jx_path_join(s->path, JX_DB_STUB);
    jx_status st =
        tmp && stub ? JX_OK : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    FILE *f = st ? NULL : fopen(tmp, "w");
    if (!st && !f)
        st = Jx_error_set(err, JX_ERR_IO, "cannot write %s: %s", tmp,
                          strerror(errno));
    if (f) {
        fprintf(f, "auto %s\nauto %s\n", JX_DB_REPORTS, name);
        for (unsigned k = 1; k <= n_extra; k++) {
            part_name(n, k, name);
            fprintf(f, "auto %s\n", name);
        }
        int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
        if (fclose(f) != 0 || bad)
            st = Jx_error_set(err, JX_ERR_IO, "cannot write %s: %s", tmp,
                              strerror(errno));
        else if (rename(tmp, stub) != 0)
            st = Jx_error_set(err, JX_ERR_IO, "cannot replace %s: %s", stub,
                              strerror(errno));
    }
    free(tmp);
    free(stub);
    return st;
}

/* Reads which passage database the stub lists, and how many more parts
 * it has; 0 when there is no stub. */
static jx_status read_stub(jx_store *s, unsigned *n, unsigned *n_extra,
                           jx_error *err)
{
    char *stub = Jx_path_join(s->path, JX_DB_STUB);
    if (!stub)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    FILE *f = fopen(stub, "r");
    free(stub);
    *n = 0;
    *n_extra = 0;
    if (!f)
        return errno == ENOENT
                   ? JX_OK
                   : Jx_error_set(err, JX_ERR_IO, "cannot read the stub: %s",
                                  strerror(errno));
    char line[256];
    unsigned a, b;
    while (fgets(line, sizeof line, f)) {
        int got = sscanf(line, "auto passages-%u.%u", &a, &b);
        if (got == 2 && b == *n_extra + 1 && *n_extra < MAX_PARTS - 1)
            (*n_extra)++;
        else if (got == 1 && !*n)
            *n = a;
    }
    fclose(f);
    return *n ? JX_OK
              : Jx_error_set(err, JX_ERR_DB_CORRUPT,
                             "%s/" JX_DB_STUB " lists no passage database",
                             s->path);
}

/* Removes a database folder (glass keeps only files in it). */
static void remove_folder(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = Jx_path_join(path, e->d_name);
        if (p)
            unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(path);
}

/* Adds a copy of tag to the dead list. */
jx_status Jx_store_mark_dead(jx_store *s, const char *tag, jx_error *err)
{
    return list_add(&s->dead, tag)
               ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
               : JX_OK;
}

/* Adds a copy of tag to the tags this batch supersedes. */
jx_status Jx_store_supersede(jx_store *s, const char *tag, jx_error *err)
{
    return list_add(&s->superseded, tag)
               ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
               : JX_OK;
}

/* Adds key to the reports to delete at the commit if still pathless. */
jx_status Jx_store_orphan(jx_store *s, const char *key, jx_error *err)
{
    return list_add(&s->orphans, key)
               ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
               : JX_OK;
}

unsigned long Jx_store_orphans_removed(const jx_store *s)
{
    return s->orphans_removed;
}

unsigned long Jx_store_committed(const jx_store *s)
{
    return s->committed;
}

/* Receives the first document id of a posting list, and stops. */
static int first_docid(jx_docid docid, void *ctx)
{
    *(jx_docid *)ctx = docid;
    return 1;
}

jx_status Jx_report_record_find(jx_db *db, const char *prefix,
                                const char *value, jx_report_record *rec,
                                int *found, jx_error *err)
{
    jx_buf term = {0};
    jx_docid docid = 0;
    *found = 0;
    if (Jx_term_for(prefix, value, &term))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st =
        Jx_db_each_posting(db, term.data, term.len, first_docid, &docid, err);
    Jx_buf_clear(&term);
    if (st == JX_ERR_INTERRUPTED) /* first_docid stopped the walk */
        st = JX_OK;
    if (st || !docid)
        return st;
    jx_doc *doc = NULL;
    const char *data;
    size_t len;
    st = Jx_db_document(db, docid, &doc, err);
    if (!st)
        st = Jx_doc_data(doc, &data, &len, err);
    if (!st)
        st = Jx_report_record_read(data, len, rec, err);
    Jx_doc_destroy(doc);
    *found = st == JX_OK;
    return st;
}

/* Appends the lines of a newline-separated list to l. */
static jx_status split_tags(const char *list, tag_list *l)
{
    jx_status st = JX_OK;
    for (const char *p = list; !st && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len) {
            char *t = strndup(p, len);
            st = t ? list_add(l, t) : JX_ERR_NOMEM;
            free(t);
        }
        p += len + (nl ? 1 : 0);
    }
    return st;
}

/* Appends the list stored under key in db's metadata to l. */
static jx_status get_list(jx_db *db, const char *key, tag_list *l,
                          jx_error *err)
{
    char *v = NULL;
    jx_status st = Jx_db_get_metadata(db, key, &v, err);
    if (!st && split_tags(v, l))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    free(v);
    return st;
}

/* True (*yes) when db holds every document the last batch's commits
 * make (JX_META_DOCUMENTS): the passages of a batch may be committed to
 * several parts one after the other, and the reports before them all. */
static jx_status batch_complete(jx_db *db, int *yes, jx_error *err)
{
    char *v = NULL;
    unsigned long have = 0;
    *yes = 1;
    jx_status st = Jx_db_get_metadata(db, JX_META_DOCUMENTS, &v, err);
    if (!st && *v)
        st = Jx_db_doccount(db, &have, err);
    if (!st && *v)
        *yes = have >= strtoul(v, NULL, 10);
    free(v);
    return st;
}

/* The tags to mask of one database (Jx_store_read_dead), appended. */
static jx_status read_dead_one(jx_db *db, tag_list *dead, jx_error *err);

jx_status Jx_store_read_dead(jx_db *db, char ***tags, size_t *n, jx_error *err)
{
    /* a shard set: each shard keeps its own lists (tags are unique to a
     * report version, so their union masks the same passages) */
    size_t shards = Jx_db_shard_count(db);
    tag_list dead = {0};
    jx_status st = JX_OK;
    for (size_t i = 0; !st && i < (shards ? shards : 1); i++)
        st = read_dead_one(shards ? Jx_db_shard(db, i) : db, &dead, err);
    if (st) {
        list_free(&dead);
        *tags = NULL;
        *n = 0;
        return st;
    }
    *tags = dead.v;
    *n = dead.n;
    return JX_OK;
}

static jx_status read_dead_one(jx_db *db, tag_list *out, jx_error *err)
{
    tag_list dead = {0}, superseded = {0}, batch = {0};
    int complete = 1;
    jx_status st = get_list(db, JX_META_DEAD, &dead, err);
    if (!st)
        st = get_list(db, JX_META_SUPERSEDED, &superseded, err);
    if (!st)
        st = batch_complete(db, &complete, err);
    if (!st && !complete) /* mid-batch: the state before it */
        st = get_list(db, JX_META_BATCH, &batch, err);
    if (!st && list_move(&dead, complete ? &superseded : &batch))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    list_free(&superseded);
    list_free(&batch);
    if (!st && list_move(out, &dead))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    list_free(&dead);
    return st;
}

void Jx_store_free_tags(char **tags, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(tags[i]);
    free(tags);
}

/* Reads an unsigned number from the report database's metadata. */
static jx_status read_number(jx_store *s, const char *key, unsigned long *out,
                             char **rest, jx_error *err)
{
    char *v = NULL;
    jx_status st = Jx_db_get_metadata(Jx_wdb_reader(s->reports), key, &v, err);
    if (!st) {
        char *end;
        *out = strtoul(v, &end, 10);
        if (rest)
            *rest = strdup(*end == ' ' ? end + 1 : "");
    }
    free(v);
    return st;
}

/* The passages in every part, committed or not. */
static jx_status count_passages(jx_store *s, unsigned long *count,
                                jx_error *err)
{
    jx_status st = JX_OK;
    *count = 0;
    for (unsigned k = 0; !st && k <= s->n_extra; k++) {
        unsigned long n = 0;
        st = Jx_db_doccount(Jx_wdb_reader(part(s, k)), &n, err);
        *count += n;
    }
    return st;
}

/* Reads the dead and superseded lists and finds the batch a killed run
 * committed to the reports but not to the passages (the passage count
 * is short of what the reports expected): its tags are lost, and what it
 * superseded is still alive. Otherwise what the last batch superseded
 * is dead now. */
static jx_status read_state(jx_store *s, jx_error *err)
{
    unsigned long expected = 0, count = 0;
    char *name = NULL;
    jx_buf want = {0};
    jx_db *reports = Jx_wdb_reader(s->reports);
    tag_list superseded = {0};
    jx_status st = part_names(s, &want)
                       ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
                       : get_list(reports, JX_META_DEAD, &s->dead, err);
    if (!st)
        st = get_list(reports, JX_META_SUPERSEDED, &superseded, err);
    if (!st)
        st = read_number(s, JX_META_WATERMARK, &expected, &name, err);
    if (!st)
        st = count_passages(s, &count, err);
    int lost = !st && name && strcmp(name, want.data) == 0 && count < expected;
    if (!st && lost)
        st = get_list(reports, JX_META_BATCH, &s->lost, err);
    if (!st && list_move(lost ? &s->lost_superseded : &s->dead, &superseded))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    list_free(&superseded);
    Jx_buf_clear(&want);
    free(name);
    return st;
}

/* Fails with JX_ERR_DB_CORRUPT when the database name, which the stub
 * lists, is not there with its version file: opening it for writing
 * would make an empty one in its place, and the reports it held would
 * silently lose their passages (or the passages their reports). what
 * says what it is in the message. */
static jx_status need_database(const jx_store *s, const char *name,
                               const char *what, jx_error *err)
{
    char *dir = Jx_path_join(s->path, name);
    char *glass = dir ? Jx_path_join(dir, "iamglass") : NULL;
    jx_status st =
        glass ? JX_OK : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    struct stat sb;
    if (!st && stat(dir, &sb) != 0)
        st = Jx_error_set(err, JX_ERR_DB_CORRUPT, "damaged: %s%s is missing",
                          what, name);
    else if (!st && stat(glass, &sb) != 0)
        st = Jx_error_set(err, JX_ERR_DB_CORRUPT,
                          "damaged: %s/iamglass is missing", name);
    free(dir);
    free(glass);
    return st;
}

/* True when name is that of a passage database or part (passages-N or
 * passages-N.K) the stub does not list. */
static int unlisted_part(const jx_store *s, const char *name)
{
    unsigned n, k;
    char tail;
    int got = sscanf(name, "passages-%u.%u%c", &n, &k, &tail);
    if (got == 1 && strchr(name, '.') == NULL)
        k = 0;
    else if (got != 2)
        return 0;
    char listed[32];
    part_name(n, k, listed);
    if (strcmp(listed, name) != 0) /* passages-01 and the like: not ours */
        return 0;
    return n != s->passages_n || k > s->n_extra;
}

/* Removes the passage databases the stub does not list: what a merge or
 * a compaction that failed (a full disk) or was killed left half
 * written, or an old part a crash kept. Nothing reads them, and on a
 * full disk they hold the space every later commit needs. Call with the
 * report database's write lock held (no other writer is at work). */
static void remove_unlisted_parts(const jx_store *s)
{
    DIR *d = opendir(s->path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!unlisted_part(s, e->d_name))
            continue;
        char *p = Jx_path_join(s->path, e->d_name);
        if (p)
            remove_folder(p);
        free(p);
    }
    closedir(d);
}

/* Opens the passage database the stub lists, creating the layout when
 * the folder is new. */
static jx_status open_passages(jx_store *s, jx_error *err)
{
    jx_status st = read_stub(s, &s->passages_n, &s->n_extra, err);
    if (st)
        return st;
    for (unsigned k = 0; s->passages_n && k <= s->n_extra; k++) {
        char name[32];
        part_name(s->passages_n, k, name);
        st = need_database(s, name, "passage part ", err);
        if (st)
            return st;
    }
    if (s->passages_n)
        remove_unlisted_parts(s);
    int fresh = s->passages_n == 0;
    if (fresh) {
        char *glass = Jx_path_join(s->path, "iamglass");
        int old = glass && access(glass, F_OK) == 0;
        free(glass);
        if (old)
            return Jx_error_set(err, JX_ERR_DB,
                                "a plain Xapian database, not a jixiao one: "
                                "index into a new folder");
        unsigned long reports = 0;
        st = Jx_db_doccount(Jx_wdb_reader(s->reports), &reports, err);
        if (!st && reports) /* the stub went, not the database */
            st = Jx_error_set(err, JX_ERR_DB_CORRUPT,
                              "damaged: " JX_DB_STUB
                              " (the list of its databases) is missing");
        if (st)
            return st;
        /* a creation killed before the stub was written committed
         * nothing: what it left of passage parts (a folder without its
         * iamglass, say, which Xapian cannot open) goes. Only here, with
         * the report database's lock held: another indexer creating the
         * database at the same time holds it while it makes its parts */
        remove_unlisted_parts(s);
        s->passages_n = 1;
    }
    char name[32];
    passages_name(s->passages_n, name);
    st = open_part(s, name, JX_WDB_NO_TERMLIST, &s->passages, err);
    for (unsigned k = 1; !st && k <= s->n_extra; k++) {
        part_name(s->passages_n, k, name);
        st = open_part(s, name, JX_WDB_NO_TERMLIST, &s->extra[k - 1], err);
    }
    if (!st && fresh)
        st = write_stub(s, s->passages_n, 0, err);
    return st;
}

/* Prefix of the temporary name a new report database is made under. */
#define REPORTS_NEW JX_DB_REPORTS ".new-"

/* Removes what creations killed before their rename left: folders named
 * reports.new-PID whose process is gone (a live one may be another
 * indexer making the database at this moment). */
static void remove_dead_creations(const jx_store *s)
{
    DIR *d = opendir(s->path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid;
        char tail;
        if (strncmp(e->d_name, REPORTS_NEW, strlen(REPORTS_NEW)) != 0 ||
            sscanf(e->d_name + strlen(REPORTS_NEW), "%ld%c", &pid, &tail) !=
                1 ||
            pid <= 0)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* alive: maybe making the database now */
        char *p = Jx_path_join(s->path, e->d_name);
        if (p)
            remove_folder(p);
        free(p);
    }
    closedir(d);
}

/* Makes the report database of a folder that has none yet, whole or not
 * at all: Xapian creates it under a temporary name (reports.new-PID),
 * and it is renamed into place once its version file is written. A run
 * killed while Xapian wrote it used to leave a "reports" without its
 * iamglass, which no later run could open (T660); now it leaves only a
 * temporary folder, removed by the next creation. When another indexer
 * renamed its own into place first, that one is kept and ours goes. */
static jx_status create_reports(jx_store *s, jx_error *err)
{
    char *dest = Jx_path_join(s->path, JX_DB_REPORTS);
    if (!dest)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    struct stat sb;
    if (stat(dest, &sb) == 0) { /* made already (before this version, or
                                 * by another indexer) */
        free(dest);
        return JX_OK;
    }
    remove_dead_creations(s);
    char name[64];
    snprintf(name, sizeof name, REPORTS_NEW "%ld", (long)getpid());
    char *tmp = Jx_path_join(s->path, name);
    jx_wdb *w = NULL;
    jx_status st = tmp ? Jx_wdb_open(tmp, 0, &w, err)
                       : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_wdb_commit(w, err);
    Jx_wdb_close(w);
    if (!st && rename(tmp, dest) != 0 && errno != EEXIST && errno != ENOTEMPTY)
        st = Jx_error_set(err, JX_ERR_IO, "%s: cannot rename %s: %s",
                          JX_DB_REPORTS, name, strerror(errno));
    if (tmp && access(tmp, F_OK) == 0) /* failed, or another won */
        remove_folder(tmp);
    free(tmp);
    free(dest);
    return st;
}

jx_status Jx_store_open(const char *path, jx_store **out, jx_error *err)
{
    jx_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    jx_status st = Jx_make_folders(path, err);
    char *stub = st ? NULL : Jx_path_join(path, JX_DB_STUB);
    if (!st && !stub)
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st && access(stub, F_OK) == 0) /* not new: never made anew */
        st = need_database(s, JX_DB_REPORTS, "the report database ", err);
    else if (!st)
        st = create_reports(s, err);
    free(stub);
    if (!st)
        st = open_part(s, JX_DB_REPORTS, 0, &s->reports, err);
    if (!st)
        st = open_passages(s, err);
    if (!st)
        st = read_state(s, err);
    if (!st)
        st = read_number(s, JX_META_GENERATION, &s->generation, NULL, err);
    s->generation++;
    if (st) {
        Jx_store_close(s);
        return st;
    }
    *out = s;
    return JX_OK;
}

jx_wdb *Jx_store_reports(jx_store *s)
{
    return s->reports;
}

jx_db *Jx_store_reports_reader(jx_store *s)
{
    return Jx_wdb_reader(s->reports);
}

jx_db *Jx_store_passages_reader(jx_store *s)
{
    return Jx_wdb_reader(s->passages);
}

unsigned long Jx_store_generation(const jx_store *s)
{
    return s->generation;
}

void Jx_store_lost(const jx_store *s, char *const **written, size_t *n_written,
                   char *const **superseded, size_t *n_superseded)
{
    *written = s->lost.v;
    *n_written = s->lost.n;
    *superseded = s->lost_superseded.v;
    *n_superseded = s->lost_superseded.n;
}

jx_status Jx_store_note_written(jx_store *s, const char *tag, jx_error *err)
{
    return list_add(&s->batch, tag)
               ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
               : JX_OK;
}

size_t Jx_store_dead_count(const jx_store *s)
{
    return s->dead.n + s->superseded.n;
}

/* Deletes the reports of the orphan list that still have no path, and
 * puts their tags on the dead list. */
static jx_status remove_orphans(jx_store *s, jx_error *err)
{
    jx_status st = JX_OK;
    jx_buf term = {0}, tag = {0};
    for (size_t i = 0; !st && i < s->orphans.n; i++) {
        jx_report_record rec = {0};
        int found = 0;
        st = Jx_report_record_find(Jx_wdb_reader(s->reports),
                                   JX_PREFIX_REPORT_ID, s->orphans.v[i], &rec,
                                   &found, err);
        if (!st && found && rec.n_paths == 0) {
            Jx_buf_reset(&term);
            Jx_buf_reset(&tag);
            if (Jx_term_for(JX_PREFIX_REPORT_ID, rec.key.hex, &term) ||
                Jx_report_tag(&rec, &tag))
                st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
            if (!st)
                st = Jx_wdb_delete(s->reports, term.data, term.len, err);
            if (!st)
                st = Jx_store_mark_dead(s, tag.data, err);
            if (!st)
                s->orphans_removed++;
        }
        Jx_report_record_clear(&rec);
    }
    Jx_buf_clear(&term);
    Jx_buf_clear(&tag);
    if (!st)
        list_free(&s->orphans);
    return st;
}

/* Stores the number of documents readers will see once every commit is
 * done: the reports and passages of the parts. */
static jx_status set_documents(jx_store *s, unsigned long passages,
                               jx_error *err)
{
    unsigned long reports = 0;
    char v[32];
    jx_status st = Jx_db_doccount(Jx_wdb_reader(s->reports), &reports, err);
    snprintf(v, sizeof v, "%lu", reports + passages);
    return st ? st
              : Jx_wdb_set_metadata(s->reports, JX_META_DOCUMENTS, v, err);
}

/* Stores the watermark, the dead and superseded lists, the batch's tags
 * and the run counter in the report database's metadata (committed with
 * it). A batch that wrote nothing replaces nothing: what it superseded
 * is dead at once. */
static jx_status write_state(jx_store *s, jx_error *err)
{
    unsigned long count = 0;
    jx_buf b = {0};
    jx_status st = JX_OK;
    if (!s->batch.n && list_move(&s->dead, &s->superseded))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = count_passages(s, &count, err);
    if (!st && (Jx_buf_printf(&b, "%lu ", count) || part_names(s, &b)))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_wdb_set_metadata(s->reports, JX_META_WATERMARK, b.data, err);
    if (!st)
        st = set_documents(s, count, err);
    if (!st)
        st = put_list(s, JX_META_DEAD, &s->dead, &b, err);
    if (!st)
        st = put_list(s, JX_META_SUPERSEDED, &s->superseded, &b, err);
    if (!st)
        st = put_list(s, JX_META_BATCH, &s->batch, &b, err);
    Jx_buf_reset(&b);
    if (!st && Jx_buf_printf(&b, "%lu", s->generation))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_wdb_set_metadata(s->reports, JX_META_GENERATION, b.data, err);
    Jx_buf_clear(&b);
    return st;
}

/* One part's commit, run on a thread of its own. */
typedef struct part_commit {
    jx_wdb *db;
    jx_error err;
    jx_status st;
} part_commit;

static void *commit_one(void *arg)
{
    part_commit *pc = arg;
    pc->st = Jx_wdb_commit(pc->db, &pc->err);
    return NULL;
}

/* Commits every passage part, the extra ones on threads of their own
 * (each commit writes its part's B-trees: CPU work that runs on every
 * core). Readers see none of the batch until they see all of it (see
 * Jx_store_read_dead), so the order does not matter. */
static jx_status commit_parts(jx_store *s, jx_error *err)
{
    part_commit pc[MAX_PARTS - 1];
    pthread_t th[MAX_PARTS - 1];
    int started[MAX_PARTS - 1] = {0};
    for (unsigned k = 0; k < s->n_extra; k++) {
        pc[k] = (part_commit){s->extra[k], {0}, JX_OK};
        started[k] = pthread_create(&th[k], NULL, commit_one, &pc[k]) == 0;
        if (!started[k]) /* no thread: commit it here */
            commit_one(&pc[k]);
    }
    jx_status st = Jx_wdb_commit(s->passages, err);
    for (unsigned k = 0; k < s->n_extra; k++) {
        if (started[k])
            pthread_join(th[k], NULL);
        if (!st && pc[k].st) {
            st = pc[k].st;
            if (err)
                *err = pc[k].err;
        }
    }
    return st;
}

jx_status Jx_store_commit(jx_store *s, jx_error *err)
{
    jx_status st = remove_orphans(s, err);
    if (!st)
        st = write_state(s, err);
    if (!st)
        st = Jx_wdb_commit(s->reports, err);
    if (!st)
        st = commit_parts(s, err);
    if (!st) { /* the replacements are there: the superseded are dead */
        s->committed += s->batch.n;
        if (list_move(&s->dead, &s->superseded))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        list_free(&s->batch);
        list_free(&s->lost);
        list_free(&s->lost_superseded);
    }
    return st;
}

unsigned Jx_store_part_count(const jx_store *s)
{
    return s->n_extra + 1;
}

jx_wdb *Jx_store_part(jx_store *s, unsigned k)
{
    return k <= s->n_extra ? part(s, k) : NULL;
}

jx_status Jx_store_set_parts(jx_store *s, unsigned n, jx_error *err)
{
    if (n > MAX_PARTS)
        n = MAX_PARTS;
    jx_status st = JX_OK;
    while (!st && s->n_extra + 1 < n) {
        char name[32];
        unsigned k = s->n_extra + 1;
        part_name(s->passages_n, k, name);
        /* a folder of that name is a part a killed run never listed */
        st = open_part(s, name, JX_WDB_NO_TERMLIST | JX_WDB_OVERWRITE,
                       &s->extra[k - 1], err);
        if (!st)
            st = Jx_wdb_commit(s->extra[k - 1], err);
        if (!st)
            s->n_extra = k;
        if (!st)
            st = write_stub(s, s->passages_n, s->n_extra, err);
    }
    return st;
}

jx_status Jx_store_merge_parts(jx_store *s, jx_error *err)
{
    if (!s->n_extra)
        return JX_OK;
    char name[32];
    char *srcs[MAX_PARTS] = {0}, *dest = NULL;
    unsigned n = s->n_extra + 1;
    jx_status st = JX_OK;
    for (unsigned k = 0; !st && k < n; k++) {
        part_name(s->passages_n, k, name);
        if (!(srcs[k] = Jx_path_join(s->path, name)))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    passages_name(s->passages_n + 1, name);
    if (!st && !(dest = Jx_path_join(s->path, name)))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st) {
        remove_folder(dest); /* a merge a crash left unfinished */
        st = Jx_compact((const char *const *)srcs, n, dest, 1, err);
        if (st) /* a full disk, say: give the space back at once */
            remove_folder(dest);
    }
    if (!st)
        st = write_stub(s, s->passages_n + 1, 0, err);
    jx_wdb *merged = NULL;
    if (!st)
        st = open_part(s, name, JX_WDB_NO_TERMLIST, &merged, err);
    if (!st) { /* the stub lists the merged part alone from here on */
        for (unsigned k = 0; k < s->n_extra; k++)
            Jx_wdb_close(s->extra[k]);
        Jx_wdb_close(s->passages);
        s->passages = merged;
        s->n_extra = 0;
        s->passages_n++;
        st = write_state(s, err);
        if (!st)
            st = Jx_wdb_commit(s->reports, err);
        for (unsigned k = 0; k < n; k++)
            remove_folder(srcs[k]);
    }
    for (unsigned k = 0; k < n; k++)
        free(srcs[k]);
    free(dest);
    return st;
}

jx_status Jx_store_rebuild_begin(jx_store *s, jx_wdb **out, jx_error *err)
{
    if (s->n_extra)
        return Jx_error_set(err, JX_ERR_ARG,
                            "Jx_store_rebuild_begin: merge the parts first");
    char name[32];
    passages_name(s->passages_n + 1, name);
    char *p = Jx_path_join(s->path, name);
    if (!p)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    remove_folder(p); /* a rebuild a crash left unfinished */
    free(p);
    jx_status st = open_part(s, name, JX_WDB_NO_TERMLIST | JX_WDB_OVERWRITE,
                             &s->rebuild, err);
    if (!st)
        *out = s->rebuild;
    return st;
}

void Jx_store_rebuild_abort(jx_store *s)
{
    if (!s->rebuild)
        return;
    char name[32];
    passages_name(s->passages_n + 1, name);
    Jx_wdb_close(s->rebuild);
    s->rebuild = NULL;
    char *p = Jx_path_join(s->path, name);
    if (p)
        remove_folder(p);
    free(p);
}

jx_status Jx_store_rebuild_end(jx_store *s, jx_error *err)
{
    unsigned long n = 0;
    jx_status st = Jx_wdb_commit(s->rebuild, err);
    /* readers of the old passages see more than this, and so do not take
     * themselves to be in the middle of a batch; readers of the new see
     * exactly this */
    if (!st)
        st = Jx_db_doccount(Jx_wdb_reader(s->rebuild), &n, err);
    if (!st)
        st = set_documents(s, n, err);
    if (!st)
        st = Jx_wdb_commit(s->reports, err);
    if (!st)
        st = write_stub(s, s->passages_n + 1, 0, err);
    if (st)
        return st;
    char name[32];
    passages_name(s->passages_n, name);
    Jx_wdb_close(s->passages);
    s->passages = s->rebuild;
    s->rebuild = NULL;
    s->passages_n++;
    list_free(&s->dead); /* the commit before made the superseded dead */
    st = write_state(s, err);
    if (!st)
        st = Jx_wdb_commit(s->reports, err);
    char *old = Jx_path_join(s->path, name);
    if (!st && old)
        remove_folder(old);
    free(old);
    return st;
}

void Jx_store_close(jx_store *s)
{
    if (!s)
        return;
    Jx_wdb_close(s->rebuild);
    for (unsigned k = 0; k < s->n_extra; k++)
        Jx_wdb_close(s->extra[k]);
    Jx_wdb_close(s->passages);
    Jx_wdb_close(s->reports);
    list_free(&s->dead);
    list_free(&s->superseded);
    list_free(&s->batch);
    list_free(&s->orphans);
    list_free(&s->lost);
    list_free(&s->lost_superseded);
    free(s->path);
    free(s);
}
