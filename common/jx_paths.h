/* jx_paths.h: where the default database lives, shared by jixiao-index
 * and jixiao-search so that both find it with no flags. The programs pass
 * the environment in; the library reads no configuration itself. */
#ifndef JX_PATHS_H
#define JX_PATHS_H

#include "jx_status.h"

/* The default database path (malloc'd): jixiao_db when set and non-empty
 * ($JIXIAO_DB), else XDG_DATA_HOME/jixiao/db, else HOME/.local/share/
 * jixiao/db, else ./jixiao-db. */
char *jx_default_db(const char *jixiao_db, const char *xdg_data_home,
                    const char *home);

/* Creates the folder path and its missing parents (mkdir -p). */
jx_status jx_make_folders(const char *path, jx_error *err);

#endif
