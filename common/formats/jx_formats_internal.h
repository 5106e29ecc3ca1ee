/* jx_formats_internal.h: the extractors of each file format, shared
 * between jx_formats.c (which dispatches) and jx_format_*.c (which
 * implement them). Not a public header: programs use jx_formats.h. */
#ifndef JX_FORMATS_INTERNAL_H
#define JX_FORMATS_INTERNAL_H

#include "jx_formats.h"

/* Each fills out->text/len (and hints) from a file's bytes. */
jx_status Jx_extract_text(const char *data, size_t len, jx_extracted *out,
                          jx_error *err);
jx_status Jx_extract_docx(const char *data, size_t len, jx_extracted *out,
                          jx_error *err);
jx_status Jx_extract_pdf(const char *data, size_t len, jx_extracted *out,
                         jx_error *err);
jx_status Jx_extract_html(const char *data, size_t len, jx_extracted *out,
                          jx_error *err);

#endif
