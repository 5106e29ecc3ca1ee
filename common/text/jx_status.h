/* jx_status.h: the status codes every jixiao call returns, and the error
 * record that carries a human-readable message back to the program. */
#ifndef JX_STATUS_H
#define JX_STATUS_H

#include <stddef.h>

#include "jixiao.h"

#ifdef __cplusplus
extern "C" {
#endif

/* jx_status (the status enum) and jx_error (the error record) are the
 * public API's, defined in jixiao.h so that engine and programs share
 * one definition. */

/* Returns a short English phrase for a status ("database is locked"). */
const char *Jx_status_to_string(jx_status status);

/* Fills err (which may be NULL) with status and a printf-style message,
 * and returns status so callers can write `return Jx_error_set(...)`. */
jx_status Jx_error_set(jx_error *err, jx_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resets err to JX_OK with an empty message. */
void Jx_error_clear(jx_error *err);

#ifdef __cplusplus
}
#endif

#endif
