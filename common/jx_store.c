/* jx_store.c: the database folder: a stub listing a report database (with
 * termlists) and a passage database (without), the run counter, the dead
 * list of superseded passage tags, and the watermark that tells passages
 * committed with their reports from passages a crash left behind. */
#include "jx_store.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jx_buf.h"
#include "jx_paths.h"
#include "jx_record.h"
#include "jx_schema.h"

#define STUB_NAME    "XAPIANDB"
#define REPORTS_NAME "reports"

struct jx_store {
    char *path;
    jx_wdb *reports;
    jx_wdb *passages;
    jx_wdb *rebuild;     /* the passages being rebuilt, or NULL */
    unsigned passages_n; /* passages-N */
    unsigned long generation;
    char **dead;
    size_t n_dead, cap_dead;
    char **batch; /* tags written since the last commit */
    size_t n_batch;
    char **lost; /* tags of a batch a kill left without passages */
    size_t n_lost;
};

/* path/name, malloc'd. */
static char *join(const char *path, const char *name)
{
    jx_buf b = {0};
    if (jx_buf_printf(&b, "%s/%s", path, name)) {
        jx_buf_free(&b);
        return NULL;
    }
    return jx_buf_detach(&b);
}

/* Opens a database under the store folder. */
static jx_status open_part(jx_store *s, const char *name, int flags,
                           jx_wdb **out, jx_error *err)
{
    char *p = join(s->path, name);
    if (!p)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = jx_wdb_open(p, flags, out, err);
    free(p);
    return st;
}

/* The name of passage database n. */
static void passages_name(unsigned n, char out[32])
{
    snprintf(out, 32, "passages-%u", n);
}

/* Writes the stub listing the reports and passage database n, atomically
 * (a temporary file renamed over the old one). */
static jx_status write_stub(jx_store *s, unsigned n, jx_error *err)
{
    char name[32];
    passages_name(n, name);
    char *tmp = join(s->path, STUB_NAME ".tmp"),
         *stub = join(s->path, STUB_NAME);
    jx_status st =
        tmp && stub ? JX_OK : jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    FILE *f = st ? NULL : fopen(tmp, "w");
    if (!st && !f)
        st = jx_error_set(err, JX_ERR_IO, "cannot write %s: %s", tmp,
                          strerror(errno));
    if (f) {
        fprintf(f, "auto %s\nauto %s\n", REPORTS_NAME, name);
        int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
        if (fclose(f) != 0 || bad)
            st = jx_error_set(err, JX_ERR_IO, "cannot write %s: %s", tmp,
                              strerror(errno));
        else if (rename(tmp, stub) != 0)
            st = jx_error_set(err, JX_ERR_IO, "cannot replace %s: %s", stub,
                              strerror(errno));
    }
    free(tmp);
    free(stub);
    return st;
}

/* Reads which passage database the stub lists; 0 when there is no stub. */
static jx_status read_stub(jx_store *s, unsigned *n, jx_error *err)
{
    char *stub = join(s->path, STUB_NAME);
    if (!stub)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    FILE *f = fopen(stub, "r");
    free(stub);
    *n = 0;
    if (!f)
        return errno == ENOENT
                   ? JX_OK
                   : jx_error_set(err, JX_ERR_IO, "cannot read the stub: %s",
                                  strerror(errno));
    char line[256];
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "auto passages-%u", n) == 1)
            break;
    fclose(f);
    return *n ? JX_OK
              : jx_error_set(err, JX_ERR_DB_CORRUPT,
                             "%s/" STUB_NAME " lists no passage database",
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
        char *p = join(path, e->d_name);
        if (p)
            unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(path);
}

/* Adds a copy of tag to the dead list. */
jx_status jx_store_mark_dead(jx_store *s, const char *tag, jx_error *err)
{
    if (s->n_dead == s->cap_dead) {
        size_t cap = s->cap_dead ? s->cap_dead * 2 : 16;
        char **d = realloc(s->dead, cap * sizeof *d);
        if (!d)
            return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        s->dead = d;
        s->cap_dead = cap;
    }
    if (!(s->dead[s->n_dead] = strdup(tag)))
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    s->n_dead++;
    return JX_OK;
}

/* Receives the first document id of a posting list, and stops. */
static int first_docid(jx_docid docid, void *ctx)
{
    *(jx_docid *)ctx = docid;
    return 1;
}

jx_status jx_report_record_find(jx_db *db, const char *prefix,
                                const char *value, jx_report_record *rec,
                                int *found, jx_error *err)
{
    jx_buf term = {0};
    jx_docid docid = 0;
    *found = 0;
    if (jx_term_for(prefix, value, &term))
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st =
        jx_db_each_posting(db, term.data, term.len, first_docid, &docid, err);
    jx_buf_free(&term);
    if (st == JX_ERR_INTERRUPTED) /* first_docid stopped the walk */
        st = JX_OK;
    if (st || !docid)
        return st;
    jx_doc *doc = NULL;
    const char *data;
    size_t len;
    st = jx_db_document(db, docid, &doc, err);
    if (!st)
        st = jx_doc_data(doc, &data, &len, err);
    if (!st)
        st = jx_report_record_read(data, len, rec, err);
    jx_doc_free(doc);
    *found = st == JX_OK;
    return st;
}

/* Splits a newline-separated list into malloc'd strings. */
static jx_status split_tags(const char *list, char ***tags, size_t *n)
{
    *tags = NULL;
    *n = 0;
    size_t cap = 0;
    for (const char *p = list; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 16;
                char **t = realloc(*tags, cap * sizeof *t);
                if (!t)
                    return JX_ERR_NOMEM;
                *tags = t;
            }
            if (!((*tags)[*n] = strndup(p, len)))
                return JX_ERR_NOMEM;
            (*n)++;
        }
        p += len + (nl ? 1 : 0);
    }
    return JX_OK;
}

jx_status jx_store_read_dead(jx_db *db, char ***tags, size_t *n, jx_error *err)
{
    char *list = NULL;
    jx_status st = jx_db_get_metadata(db, JX_META_DEAD, &list, err);
    if (!st && split_tags(list, tags, n)) {
        jx_store_free_tags(*tags, *n);
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    free(list);
    return st;
}

void jx_store_free_tags(char **tags, size_t n)
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
    jx_status st = jx_db_get_metadata(jx_wdb_reader(s->reports), key, &v, err);
    if (!st) {
        char *end;
        *out = strtoul(v, &end, 10);
        if (rest)
            *rest = strdup(*end == ' ' ? end + 1 : "");
    }
    free(v);
    return st;
}

/* Finds the batch a killed run committed to the reports but not to the
 * passages: the passage count is short of what the reports expected. */
static jx_status find_lost(jx_store *s, jx_error *err)
{
    unsigned long expected = 0, count = 0;
    char *name = NULL, *batch = NULL, want[32];
    passages_name(s->passages_n, want);
    jx_status st = read_number(s, JX_META_WATERMARK, &expected, &name, err);
    if (!st)
        st = jx_db_doccount(jx_wdb_reader(s->passages), &count, err);
    if (!st && name && strcmp(name, want) == 0 && count < expected) {
        st = jx_db_get_metadata(jx_wdb_reader(s->reports), JX_META_BATCH,
                                &batch, err);
        if (!st && split_tags(batch, &s->lost, &s->n_lost))
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    free(batch);
    free(name);
    return st;
}

/* Opens the passage database the stub lists, creating the layout when
 * the folder is new. */
static jx_status open_passages(jx_store *s, jx_error *err)
{
    jx_status st = read_stub(s, &s->passages_n, err);
    if (st)
        return st;
    int fresh = s->passages_n == 0;
    if (fresh) {
        char *glass = join(s->path, "iamglass");
        int old = glass && access(glass, F_OK) == 0;
        free(glass);
        if (old)
            return jx_error_set(err, JX_ERR_DB,
                                "a plain Xapian database, not a jixiao one: "
                                "index into a new folder");
        s->passages_n = 1;
    }
    char name[32];
    passages_name(s->passages_n, name);
    st = open_part(s, name, JX_WDB_NO_TERMLIST, &s->passages, err);
    if (!st && fresh)
        st = write_stub(s, s->passages_n, err);
    return st;
}

jx_status jx_store_open(const char *path, jx_store **out, jx_error *err)
{
    jx_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    jx_status st = jx_make_folders(path, err);
    if (!st)
        st = open_part(s, REPORTS_NAME, 0, &s->reports, err);
    if (!st)
        st = open_passages(s, err);
    char **tags = NULL;
    size_t n = 0;
    if (!st)
        st = jx_store_read_dead(jx_wdb_reader(s->reports), &tags, &n, err);
    for (size_t i = 0; !st && i < n; i++)
        st = jx_store_mark_dead(s, tags[i], err);
    jx_store_free_tags(tags, n);
    if (!st)
        st = find_lost(s, err);
    if (!st)
        st = read_number(s, JX_META_GENERATION, &s->generation, NULL, err);
    s->generation++;
    if (st) {
        jx_store_close(s);
        return st;
    }
    *out = s;
    return JX_OK;
}

jx_wdb *jx_store_reports(jx_store *s)
{
    return s->reports;
}

jx_db *jx_store_reports_reader(jx_store *s)
{
    return jx_wdb_reader(s->reports);
}

jx_wdb *jx_store_passages(jx_store *s)
{
    return s->passages;
}

jx_db *jx_store_passages_reader(jx_store *s)
{
    return jx_wdb_reader(s->passages);
}

unsigned long jx_store_generation(const jx_store *s)
{
    return s->generation;
}

void jx_store_lost(const jx_store *s, char *const **tags, size_t *n)
{
    *tags = s->lost;
    *n = s->n_lost;
}

jx_status jx_store_note_written(jx_store *s, const char *tag, jx_error *err)
{
    char **b = realloc(s->batch, (s->n_batch + 1) * sizeof *b);
    if (!b)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    s->batch = b;
    if (!(b[s->n_batch] = strdup(tag)))
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    s->n_batch++;
    return JX_OK;
}

/* Frees a list of strings and empties it. */
static void free_list(char ***list, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        free((*list)[i]);
    free(*list);
    *list = NULL;
    *n = 0;
}

size_t jx_store_dead_count(const jx_store *s)
{
    return s->n_dead;
}

/* Stores the watermark, the dead list and the run counter in the report
 * database's metadata (committed with it). */
static jx_status write_state(jx_store *s, jx_error *err)
{
    unsigned long count = 0;
    char name[32];
    passages_name(s->passages_n, name);
    jx_buf b = {0};
    jx_status st = jx_db_doccount(jx_wdb_reader(s->passages), &count, err);
    if (!st && jx_buf_printf(&b, "%lu %s", count, name))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = jx_wdb_set_metadata(s->reports, JX_META_WATERMARK, b.data, err);
    jx_buf_reset(&b);
    for (size_t i = 0; !st && i < s->n_dead; i++)
        if (jx_buf_puts(&b, s->dead[i]) || jx_buf_putc(&b, '\n'))
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = jx_wdb_set_metadata(s->reports, JX_META_DEAD,
                                 b.data ? b.data : "", err);
    jx_buf_reset(&b);
    for (size_t i = 0; !st && i < s->n_batch; i++)
        if (jx_buf_puts(&b, s->batch[i]) || jx_buf_putc(&b, '\n'))
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = jx_wdb_set_metadata(s->reports, JX_META_BATCH,
                                 b.data ? b.data : "", err);
    jx_buf_reset(&b);
    if (!st && jx_buf_printf(&b, "%lu", s->generation))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = jx_wdb_set_metadata(s->reports, JX_META_GENERATION, b.data, err);
    jx_buf_free(&b);
    return st;
}

jx_status jx_store_commit(jx_store *s, jx_error *err)
{
    jx_status st = write_state(s, err);
    if (!st)
        st = jx_wdb_commit(s->reports, err);
    if (!st)
        st = jx_wdb_commit(s->passages, err);
    if (!st) {
        free_list(&s->batch, &s->n_batch);
        free_list(&s->lost, &s->n_lost);
    }
    return st;
}

jx_status jx_store_rebuild_begin(jx_store *s, jx_wdb **out, jx_error *err)
{
    char name[32];
    passages_name(s->passages_n + 1, name);
    char *p = join(s->path, name);
    if (!p)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    remove_folder(p); /* a rebuild a crash left unfinished */
    free(p);
    jx_status st = open_part(s, name, JX_WDB_NO_TERMLIST | JX_WDB_OVERWRITE,
                             &s->rebuild, err);
    if (!st)
        *out = s->rebuild;
    return st;
}

jx_status jx_store_rebuild_end(jx_store *s, jx_error *err)
{
    jx_status st = jx_wdb_commit(s->rebuild, err);
    if (!st)
        st = write_stub(s, s->passages_n + 1, err);
    if (st)
        return st;
    char name[32];
    passages_name(s->passages_n, name);
    jx_wdb_close(s->passages);
    s->passages = s->rebuild;
    s->rebuild = NULL;
    s->passages_n++;
    for (size_t i = 0; i < s->n_dead; i++)
        free(s->dead[i]);
    s->n_dead = 0;
    st = write_state(s, err);
    if (!st)
        st = jx_wdb_commit(s->reports, err);
    char *old = join(s->path, name);
    if (!st && old)
        remove_folder(old);
    free(old);
    return st;
}

void jx_store_close(jx_store *s)
{
    if (!s)
        return;
    jx_wdb_close(s->rebuild);
    jx_wdb_close(s->passages);
    jx_wdb_close(s->reports);
    for (size_t i = 0; i < s->n_dead; i++)
        free(s->dead[i]);
    free(s->dead);
    free_list(&s->batch, &s->n_batch);
    free_list(&s->lost, &s->n_lost);
    free(s->path);
    free(s);
}
