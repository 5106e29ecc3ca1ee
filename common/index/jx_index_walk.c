/* jx_index_walk.c: walking the paths given -- folders depth first in
 * name order, hidden entries and links as docs/design.md says -- and
 * handing each report file to the indexing policy (jx_index.c). */
#include "jx_index_internal.h"

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

/* ---- walking ----------------------------------------------------------- */

/* Reports a file that cannot be visited and counts it. */
void Jx_index_file_failed(jx_indexer *ix, const char *path, jx_status st,
                          const char *why)
{
    jx_error ferr;
    Jx_error_set(&ferr, st, "%s", why);
    ix->stats.files_failed++;
    if (ix->ev.file_failed)
        ix->ev.file_failed(ix->ev.ctx, path, &ferr);
}

/* Appends a copy of path to a list of paths. */
jx_status Jx_index_list_add(char ***list, size_t *n, const char *path,
                            jx_error *err)
{
    char **l = realloc(*list, (*n + 1) * sizeof *l);
    if (!l)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    *list = l;
    if (!(l[*n] = strdup(path)))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    (*n)++;
    return JX_OK;
}

/* Remembers a folder or file that could not be read in this run: the
 * reports under it are kept, as they were, until a run can read it. */
static jx_status keep_path(jx_indexer *ix, const char *path, jx_error *err)
{
    return Jx_index_list_add(&ix->kept, &ix->n_kept, path, err);
}

/* Counts a hidden entry (its name begins with '.') that is not indexed:
 * a folder, or a file with a report extension. Other hidden files
 * (.DS_Store, editor backups) are not counted. */
static void count_hidden(jx_indexer *ix, const char *path)
{
    struct stat lst;
    if (Jx_format_from_path(path) != JX_FORMAT_UNKNOWN ||
        (lstat(path, &lst) == 0 && S_ISDIR(lst.st_mode)))
        ix->stats.hidden_skipped++;
}

jx_status Jx_index_walk(jx_indexer *ix, const char *path, int depth,
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
        Jx_index_file_failed(ix, path, JX_ERR_IO, why);
        return keep_path(ix, path, err);
    }
    jx_status st = JX_OK;
    jx_buf child = {0};
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (!st && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            Jx_buf_reset(&child);
            if (Jx_buf_printf(&child, "%s%s%s", path,
                              path[strlen(path) - 1] == '/' ? "" : "/", name))
                st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
            else if (name[0] == '.')
                count_hidden(ix, child.data);
            else
                st = Jx_index_walk(ix, child.data, depth + 1, err);
        }
        free(names[i]);
    }
    free(names);
    Jx_buf_clear(&child);
    return st;
}

/* Visits path: a folder is walked, a report file indexed, anything else
 * skipped. Symbolic links met in folders are followed to files, never to
 * folders (those are counted). */
jx_status Jx_index_walk(jx_indexer *ix, const char *path, int depth,
                        jx_error *err)
{
    if (Jx_index_stop_requested(ix))
        return Jx_error_set(err, JX_ERR_INTERRUPTED, "interrupted");
    struct stat lst, sf;
    if (lstat(path, &lst) != 0) {
        int e = errno;
        Jx_index_file_failed(ix, path, JX_ERR_IO, strerror(e));
        /* gone is gone; anything else (EACCES, EIO) keeps its reports */
        return e == ENOENT || e == ENOTDIR ? JX_OK : keep_path(ix, path, err);
    }
    if (S_ISLNK(lst.st_mode) && stat(path, &sf) == 0 && S_ISDIR(sf.st_mode)) {
        ix->stats.links_skipped++;
        return JX_OK;
    }
    if (S_ISDIR(lst.st_mode)) {
        if (depth >= MAX_DEPTH) {
            Jx_index_file_failed(ix, path, JX_ERR_IO,
                                 "folder nested too deep (limit 64 levels)");
            return JX_OK;
        }
        return walk_folder(ix, path, depth, err);
    }
    if (Jx_format_from_path(path) == JX_FORMAT_UNKNOWN)
        return JX_OK;
    if (stat(path, &sf) != 0) {
        Jx_index_file_failed(ix, path, JX_ERR_IO, strerror(errno));
        return JX_OK;
    }
    if (!S_ISREG(sf.st_mode))
        return JX_OK;
    return Jx_index_index_file(ix, path, &sf, err);
}

/* Makes path absolute and normal without resolving links: "." and ".."
 * components and repeated or trailing slashes go, so the same file
 * always has the same stored path. */
char *Jx_index_absolute_path(const char *path)
{
    jx_buf in = {0}, out = {0};
    char cwd[PATH_MAX];
    if (path[0] != '/' && (!getcwd(cwd, sizeof cwd) || Jx_buf_puts(&in, cwd) ||
                           Jx_buf_putc(&in, '/')))
        goto fail;
    if (Jx_buf_puts(&in, path))
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
        if (Jx_buf_putc(&out, '/') || Jx_buf_puts(&out, c))
            goto fail;
    }
    if (!out.len && Jx_buf_putc(&out, '/'))
        goto fail;
    Jx_buf_clear(&in);
    return Jx_buf_detach(&out);
fail:
    Jx_buf_clear(&in);
    Jx_buf_clear(&out);
    return NULL;
}
