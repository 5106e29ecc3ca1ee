/* jx_format_stubs.c: placeholders for the .pdf and .html readers until
 * they land (issue: input formats); each says "not supported". */
#include "jx_formats_internal.h"

/* Reports that this build cannot read .pdf yet. */
jx_status jx_extract_pdf(const char *data, size_t len, jx_extracted *out,
                         jx_error *err)
{
    return jx_error_set(err, JX_ERR_UNSUPPORTED, ".pdf is not supported yet");
}

/* Reports that this build cannot read .html yet. */
jx_status jx_extract_html(const char *data, size_t len, jx_extracted *out,
                          jx_error *err)
{
    return jx_error_set(err, JX_ERR_UNSUPPORTED, ".html is not supported yet");
}
