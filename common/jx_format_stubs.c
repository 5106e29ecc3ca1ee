/* jx_format_stubs.c: placeholder for the .html reader until it lands
 * (issue: input formats); it says "not supported". */
#include "jx_formats_internal.h"

/* Reports that this build cannot read .html yet. */
jx_status jx_extract_html(const char *data, size_t len, jx_extracted *out,
                          jx_error *err)
{
    return jx_error_set(err, JX_ERR_UNSUPPORTED, ".html is not supported yet");
}
