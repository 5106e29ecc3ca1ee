/* jx_paths.c: the default database location, mkdir -p, and whether a
 * folder may become a database. */
#include "jx_paths.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jx_buf.h"
#include "jx_schema.h"

/* Picks the first of the candidate locations that is set. */
char *Jx_default_db(const char *jixiao_db, const char *xdg_data_home,
                    const char *home)
{
    jx_buf b = {0};
    jx_status st;
    if (jixiao_db && *jixiao_db)
        st = Jx_buf_puts(&b, jixiao_db);
    else if (xdg_data_home && *xdg_data_home)
        st = Jx_buf_printf(&b, "%s/jixiao/db", xdg_data_home);
    else if (home && *home)
        st = Jx_buf_printf(&b, "%s/.local/share/jixiao/db", home);
    else
        st = Jx_buf_puts(&b, "jixiao-db");
    if (st) {
        Jx_buf_clear(&b);
        return NULL;
    }
    return Jx_buf_detach(&b);
}

/* Walks the path, creating each missing folder. */
jx_status Jx_make_folders(const char *path, jx_error *err)
{
    if (!*path)
        return Jx_error_set(err, JX_ERR_ARG, "an empty folder name");
    char *p = strdup(path);
    if (!p)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = JX_OK;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            st = Jx_error_set(err, JX_ERR_IO, "cannot create %s: %s", p,
                              strerror(errno));
            break;
        }
        *s = c;
        if (!c)
            break;
    }
    free(p);
    return st;
}

/* True for the names a jixiao database folder holds (jx_store.h): the
 * stub (and its temporary), the report database (and the temporary it
 * is made under), passage parts. */
static int database_name(const char *name)
{
    return strcmp(name, JX_DB_STUB) == 0 ||
           strcmp(name, JX_DB_STUB ".tmp") == 0 ||
           strcmp(name, JX_DB_REPORTS) == 0 ||
           strncmp(name, JX_DB_REPORTS ".new-",
                   sizeof(JX_DB_REPORTS ".new-") - 1) == 0 ||
           strncmp(name, "passages-", 9) == 0;
}

/* Sorts names for the message. */
static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keeps in names (at most 3, *n of them) the first names in byte
 * order: name takes the place of the last when it comes before it. */
static void keep_first(char **names, size_t *n, const char *name)
{
    size_t last = 0;
    for (size_t i = 1; i < *n; i++)
        if (strcmp(names[i], names[last]) > 0)
            last = i;
    if (*n == 3 && strcmp(name, names[last]) >= 0)
        return;
    char *copy = strdup(name);
    if (!copy)
        return; /* the message names fewer */
    if (*n == 3)
        free(names[last]);
    names[*n == 3 ? last : (*n)++] = copy;
}

/* Reads the folder's names; refuses it when one is not a database's. */
jx_status Jx_check_db_folder(const char *path, jx_error *err)
{
    DIR *d = opendir(path);
    if (!d)
        return errno == ENOENT ? JX_OK /* made when needed */
               : errno == ENOTDIR
                   ? Jx_error_set(err, JX_ERR_ARG,
                                  "not a folder, so not a jixiao database")
                   : Jx_error_set(err, JX_ERR_IO, "%s", strerror(errno));
    char *names[3] = {0};
    size_t n = 0, others = 0;
    int stub = 0, reports = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        stub |= strcmp(e->d_name, JX_DB_STUB) == 0;
        reports |= strcmp(e->d_name, JX_DB_REPORTS) == 0;
        if (database_name(e->d_name))
            continue;
        others++;
        keep_first(names, &n, e->d_name);
    }
    closedir(d);
    jx_status st = JX_OK;
    /* a database (its stub, or the report database a creation killed
     * before the stub made) with files of the user's beside it is still
     * the user's database; anything else must be empty */
    if (others && !stub && !reports) {
        qsort(names, n, sizeof *names, by_name);
        jx_buf b = {0};
        for (size_t i = 0; i < n; i++)
            Jx_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
        st = Jx_error_set(err, JX_ERR_ARG,
                          "not a jixiao database and not empty (holds %s%s)",
                          b.data ? b.data : "", others > 3 ? ", ..." : "");
        Jx_buf_clear(&b);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    return st;
}

char *Jx_path_join(const char *dir, const char *name)
{
    jx_buf b = {0};
    if (Jx_buf_printf(&b, "%s/%s", dir, name)) {
        Jx_buf_clear(&b);
        return NULL;
    }
    return Jx_buf_detach(&b);
}
