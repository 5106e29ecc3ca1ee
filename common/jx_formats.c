/* jx_formats.c: reads a report file and hands its text to the format's
 * extractor: plain text here; .docx, .pdf and .html in jx_format_*.c. */
#include "jx_formats.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "jx_formats_internal.h"

static const struct {
    const char *ext;
    jx_format format;
} extensions[] = {
    {".txt", JX_FORMAT_TEXT},  {".text", JX_FORMAT_TEXT},
    {".docx", JX_FORMAT_DOCX}, {".pdf", JX_FORMAT_PDF},
    {".html", JX_FORMAT_HTML}, {".htm", JX_FORMAT_HTML},
    {".doc", JX_FORMAT_DOC},   {".wps", JX_FORMAT_WPS},
};

/* Matches the end of the path against the known extensions. */
jx_format jx_format_from_path(const char *path)
{
    size_t plen = strlen(path);
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        size_t elen = strlen(extensions[i].ext);
        if (plen > elen &&
            strcasecmp(path + plen - elen, extensions[i].ext) == 0)
            return extensions[i].format;
    }
    return JX_FORMAT_UNKNOWN;
}

/* Short lower-case name of a format. */
const char *jx_format_name(jx_format format)
{
    switch (format) {
    case JX_FORMAT_TEXT: return "text";
    case JX_FORMAT_DOCX: return "docx";
    case JX_FORMAT_PDF: return "pdf";
    case JX_FORMAT_HTML: return "html";
    case JX_FORMAT_DOC: return "doc";
    case JX_FORMAT_WPS: return "wps";
    default: return "unknown";
    }
}

/* Reads a whole file into a malloc'd buffer, refusing oversized ones. */
jx_status jx_read_file(const char *path, char **data, size_t *len,
                           jx_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return jx_error_set(err, JX_ERR_IO, "cannot open: %s",
                            strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return jx_error_set(err, JX_ERR_IO, "not a regular file");
    }
    if ((unsigned long long)st.st_size > JX_MAX_FILE_BYTES) {
        fclose(f);
        return jx_error_set(err, JX_ERR_FORMAT,
                            "file of %lld bytes is larger than the limit "
                            "of %u MiB",
                            (long long)st.st_size,
                            JX_MAX_FILE_BYTES / (1024 * 1024));
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) { /* the file grew while we read it */
            if (cap > JX_MAX_FILE_BYTES) {
                free(buf);
                fclose(f);
                return jx_error_set(err, JX_ERR_FORMAT,
                                    "file grew past the size limit");
            }
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                fclose(f);
                return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
            }
            buf = p;
            cap *= 2;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return jx_error_set(err, JX_ERR_IO, "read error");
    }
    *data = buf;
    *len = n;
    return JX_OK;
}

/* Decodes a text file in whatever encoding it is in. */
jx_status jx_extract_text(const char *data, size_t len, jx_extracted *out,
                          jx_error *err)
{
    jx_buf text = {0};
    jx_status st = jx_decode_text(data, len, &text, &out->encoding,
                                  &out->replaced, err);
    if (st) {
        jx_buf_free(&text);
        return st;
    }
    out->len = text.len;
    out->text = jx_buf_detach(&text);
    return out->text ? JX_OK : jx_error_set(err, JX_ERR_NOMEM, "out of memory");
}

/* Dispatches on the format; the extractor fills out. */
jx_status jx_extract_memory(jx_format format, const char *data, size_t len,
                            jx_extracted *out, jx_error *err)
{
    memset(out, 0, sizeof *out);
    out->format = format;
    jx_status st;
    switch (format) {
    case JX_FORMAT_TEXT: st = jx_extract_text(data, len, out, err); break;
    case JX_FORMAT_DOCX: st = jx_extract_docx(data, len, out, err); break;
    case JX_FORMAT_PDF: st = jx_extract_pdf(data, len, out, err); break;
    case JX_FORMAT_HTML: st = jx_extract_html(data, len, out, err); break;
    case JX_FORMAT_DOC:
    case JX_FORMAT_WPS:
        st = jx_error_set(err, JX_ERR_UNSUPPORTED,
                          "legacy .%s files are not supported: save it "
                          "as .docx",
                          jx_format_name(format));
        break;
    default:
        st = jx_error_set(err, JX_ERR_UNSUPPORTED, "unknown file format");
    }
    if (st)
        jx_extracted_free(out);
    return st;
}

/* Reads the file, then extracts it by the format its name says. */
jx_status jx_extract_file(const char *path, jx_extracted *out, jx_error *err)
{
    memset(out, 0, sizeof *out);
    jx_format format = jx_format_from_path(path);
    if (format == JX_FORMAT_UNKNOWN)
        return jx_error_set(err, JX_ERR_UNSUPPORTED, "unknown file format");
    char *data = NULL;
    size_t len = 0;
    jx_status st = jx_read_file(path, &data, &len, err);
    if (st)
        return st;
    st = jx_extract_memory(format, data, len, out, err);
    free(data);
    return st;
}

/* The document-property hints, borrowed from ex. */
jx_hints jx_extracted_hints(const jx_extracted *ex)
{
    jx_hints h = {ex->hint_title, ex->hint_author, ex->hint_date};
    return h;
}

/* Frees the strings of an extraction and zeroes it. */
void jx_extracted_free(jx_extracted *ex)
{
    if (!ex)
        return;
    free(ex->text);
    free(ex->hint_title);
    free(ex->hint_author);
    free(ex->hint_date);
    jx_format format = ex->format;
    memset(ex, 0, sizeof *ex);
    ex->format = format;
}
