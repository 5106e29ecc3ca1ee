/* jx_status.h: the status codes every jixiao call returns, and the error
 * record that carries a human-readable message back to the program. */
#ifndef JX_STATUS_H
#define JX_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every call that can fail returns one of these; JX_OK is zero. */
typedef enum jx_status {
    JX_OK = 0,
    JX_ERR_NOMEM,        /* out of memory */
    JX_ERR_IO,           /* reading or writing a file failed */
    JX_ERR_ENCODING,     /* text that cannot be decoded */
    JX_ERR_FORMAT,       /* a file that is not what its name says */
    JX_ERR_UNSUPPORTED,  /* a format or feature this build cannot handle */
    JX_ERR_ARG,          /* a bad argument or option value */
    JX_ERR_QUERY,        /* a query that cannot be parsed */
    JX_ERR_DB_NOT_FOUND, /* no database at that path */
    JX_ERR_DB_LOCKED,    /* another writer holds the database */
    JX_ERR_DB_CORRUPT,   /* the database is damaged */
    JX_ERR_DB_MODIFIED,  /* the database changed under a reader: reopen, retry
                          */
    JX_ERR_DB,           /* any other database error */
    JX_ERR_INTERRUPTED,  /* stopped by a signal or a callback */
    JX_STATUS_COUNT
} jx_status;

/* An error record: the status and a message naming what failed and why.
 * Callers own it (usually on the stack); functions fill it on failure. */
typedef struct jx_error {
    jx_status status;
    char message[512];
} jx_error;

/* Returns a short English phrase for a status ("database is locked"). */
const char *jx_status_to_string(jx_status status);

/* Fills err (which may be NULL) with status and a printf-style message,
 * and returns status so callers can write `return jx_error_set(...)`. */
jx_status jx_error_set(jx_error *err, jx_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resets err to JX_OK with an empty message. */
void jx_error_clear(jx_error *err);

#ifdef __cplusplus
}
#endif

#endif
