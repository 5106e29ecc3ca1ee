/* jx_paths.h: where the default database lives, shared by jixiao-index
 * and jixiao-search so that both find it with no flags. The programs pass
 * the environment in; the library reads no configuration itself. */
#ifndef JX_PATHS_H
#define JX_PATHS_H

#include "jx_status.h"

/* The default database path (malloc'd): jixiao_db when set and non-empty
 * ($JIXIAO_DB), else XDG_DATA_HOME/jixiao/db, else HOME/.local/share/
 * jixiao/db, else ./jixiao-db. */
char *Jx_default_db(const char *jixiao_db, const char *xdg_data_home,
                    const char *home);

/* Whether the folder path may hold a database: JX_OK when it is absent,
 * empty, or a jixiao database already; else JX_ERR_ARG, with "not a
 * jixiao database and not empty (holds a.txt, b.txt, ...)" naming what
 * it holds (a folder of reports given as the database, say). */
jx_status Jx_check_db_folder(const char *path, jx_error *err);

/* dir/name, malloc'd; NULL when out of memory. */
char *Jx_path_join(const char *dir, const char *name);

/* Creates the folder path and its missing parents (mkdir -p). */
jx_status Jx_make_folders(const char *path, jx_error *err);

#endif
