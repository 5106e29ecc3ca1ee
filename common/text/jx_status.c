/* jx_status.c: status names and the error record. */
#include "jx_status.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const status_names[JX_STATUS_COUNT] = {
    [JX_OK] = "success",
    [JX_ERR_NOMEM] = "out of memory",
    [JX_ERR_IO] = "input/output error",
    [JX_ERR_ENCODING] = "undecodable text",
    [JX_ERR_FORMAT] = "malformed file",
    [JX_ERR_UNSUPPORTED] = "unsupported",
    [JX_ERR_ARG] = "bad argument",
    [JX_ERR_QUERY] = "bad query",
    [JX_ERR_DB_NOT_FOUND] = "database not found",
    [JX_ERR_DB_LOCKED] = "database is locked",
    [JX_ERR_DB_CORRUPT] = "database is corrupt",
    [JX_ERR_DB_MODIFIED] = "database was modified",
    [JX_ERR_DB] = "database error",
    [JX_ERR_INTERRUPTED] = "interrupted",
};

/* Returns the phrase for status, or "unknown status" when out of range. */
const char *Jx_status_to_string(jx_status status)
{
    if ((unsigned)status >= JX_STATUS_COUNT)
        return "unknown status";
    return status_names[status];
}

/* Records status and the formatted message in err, when err is given. */
jx_status Jx_error_set(jx_error *err, jx_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->status = status;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

/* Clears err back to success. */
void Jx_error_clear(jx_error *err)
{
    if (err) {
        err->status = JX_OK;
        err->message[0] = '\0';
    }
}
