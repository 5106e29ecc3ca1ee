/* jx_paths.c: the default database location and mkdir -p. */
#include "jx_paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jx_buf.h"

/* Picks the first of the candidate locations that is set. */
char *jx_default_db(const char *jixiao_db, const char *xdg_data_home,
                    const char *home)
{
    jx_buf b = {0};
    jx_status st;
    if (jixiao_db && *jixiao_db)
        st = jx_buf_puts(&b, jixiao_db);
    else if (xdg_data_home && *xdg_data_home)
        st = jx_buf_printf(&b, "%s/jixiao/db", xdg_data_home);
    else if (home && *home)
        st = jx_buf_printf(&b, "%s/.local/share/jixiao/db", home);
    else
        st = jx_buf_puts(&b, "jixiao-db");
    if (st) {
        jx_buf_free(&b);
        return NULL;
    }
    return jx_buf_detach(&b);
}

/* Walks the path, creating each missing folder. */
jx_status jx_make_folders(const char *path, jx_error *err)
{
    if (!*path)
        return jx_error_set(err, JX_ERR_ARG, "an empty folder name");
    char *p = strdup(path);
    if (!p)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = JX_OK;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            st = jx_error_set(err, JX_ERR_IO, "cannot create %s: %s", p,
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
