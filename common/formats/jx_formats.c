/* jx_formats.c: reads a report file and hands its text to the format's
 * extractor: plain text here; .docx, .pdf and .html in jx_format_*.c. */
#include "jx_formats.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
jx_format Jx_format_from_path(const char *path)
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
const char *Jx_format_name(jx_format format)
{
    switch (format) {
    case JX_FORMAT_TEXT:
        return "text";
    case JX_FORMAT_DOCX:
        return "docx";
    case JX_FORMAT_PDF:
        return "pdf";
    case JX_FORMAT_HTML:
        return "html";
    case JX_FORMAT_DOC:
        return "doc";
    case JX_FORMAT_WPS:
        return "wps";
    default:
        return "unknown";
    }
}

/* Reads a whole file into a malloc'd buffer, refusing oversized ones and
 * anything not a regular file. The file is opened with O_NONBLOCK, so
 * that a FIFO or a device put where a file was cannot block the open,
 * and checked with fstat before O_NONBLOCK is cleared and it is read. A
 * read interrupted by a signal (a handler installed without SA_RESTART,
 * as jixiao-index does) gives JX_ERR_INTERRUPTED: the caller decides
 * whether to try again or to stop, so a read that blocks forever (a
 * stale network mount, /proc/kmsg) cannot make the program unkillable. */
jx_status Jx_read_file(const char *path, char **data, size_t *len,
                       jx_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return Jx_error_set(err,
                            errno == EINTR ? JX_ERR_INTERRUPTED : JX_ERR_IO,
                            "cannot open: %s", strerror(errno));
    struct stat st;
    int flags;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return Jx_error_set(err, JX_ERR_IO, "not a regular file");
    }
    if ((unsigned long long)st.st_size > JX_MAX_FILE_BYTES) {
        close(fd);
        return Jx_error_set(err, JX_ERR_FORMAT,
                            "file of %lld bytes is larger than the limit "
                            "of %u MiB",
                            (long long)st.st_size,
                            JX_MAX_FILE_BYTES / (1024 * 1024));
    }
    if ((flags = fcntl(fd, F_GETFL)) < 0 ||
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        int e = errno;
        close(fd);
        return Jx_error_set(err, JX_ERR_IO, "cannot read: %s", strerror(e));
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    jx_status status = JX_OK;
    for (;;) {
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0) {
            status = errno == EINTR
                         ? Jx_error_set(err, JX_ERR_INTERRUPTED,
                                        "interrupted while reading")
                         : Jx_error_set(err, JX_ERR_IO, "read error: %s",
                                        strerror(errno));
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n == cap) { /* the file grew while we read it */
            if (cap > JX_MAX_FILE_BYTES) {
                status = Jx_error_set(err, JX_ERR_FORMAT,
                                      "file grew past the size limit");
                break;
            }
            char *p = realloc(buf, cap * 2);
            if (!p) {
                status = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    close(fd);
    if (status) {
        free(buf);
        return status;
    }
    *data = buf;
    *len = n;
    return JX_OK;
}

/* Decodes a text file in whatever encoding it is in. */
jx_status Jx_extract_text(const char *data, size_t len, jx_extracted *out,
                          jx_error *err)
{
    jx_buf text = {0};
    jx_status st =
        Jx_decode_text(data, len, &text, &out->encoding, &out->replaced, err);
    if (st) {
        Jx_buf_clear(&text);
        return st;
    }
    out->len = text.len;
    out->text = Jx_buf_detach(&text);
    return out->text ? JX_OK
                     : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
}

/* Legacy .doc and .wps files are run through an external filter: this
 * long a run is given before the filter is stopped. Output past
 * JX_MAX_TEXT_BYTES is not kept, and the file is refused. */
#define LEGACY_TIMEOUT_MS 60000

/* True when data begins with the given magic bytes. */
static int starts_with(const char *data, size_t len, const char *magic,
                       size_t mlen)
{
    return len >= mlen && memcmp(data, magic, mlen) == 0;
}

/* True when the first kilobyte of data looks like an HTML page (Word can
 * save a web page under a .doc name). */
static int looks_like_html(const char *data, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (strncasecmp(data + i, "<html", 5) == 0)
            return 1;
    return 0;
}

/* Writes data to a new private temporary file; path receives its name. */
static jx_status write_temp(const char *data, size_t len, char *path,
                            size_t size, jx_error *err)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/jixiao-legacy-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return Jx_error_set(err, JX_ERR_IO,
                            "cannot create a temporary "
                            "file: %s",
                            strerror(errno));
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = errno;
            close(fd);
            unlink(path);
            return Jx_error_set(err, JX_ERR_IO,
                                "cannot write a temporary "
                                "file: %s",
                                strerror(e));
        }
        done += (size_t)n;
    }
    if (close(fd) != 0) {
        unlink(path);
        return Jx_error_set(err, JX_ERR_IO, "cannot write a temporary file");
    }
    return JX_OK;
}

/* Reads the child's stdout (kept in text, up to JX_MAX_TEXT_BYTES: *over
 * is set past it) and stderr (discarded) until both close or the time
 * runs out; true when it finished in time. */
static int drain_child(int out_fd, int err_fd, jx_buf *text, int *nomem,
                       int *over)
{
    struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    char chunk[65536];
    int left = LEGACY_TIMEOUT_MS;
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int r = poll(fds, 2, left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !fds[i].revents)
                continue;
            ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                fds[i].fd = -1;
            else if (i == 0 && text->len + (size_t)n > JX_MAX_TEXT_BYTES)
                *over = 1;
            else if (i == 0 && Jx_buf_append(text, chunk, (size_t)n) != JX_OK)
                *nomem = 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        left -= (int)((t1.tv_sec - t0.tv_sec) * 1000 +
                      (t1.tv_nsec - t0.tv_nsec) / 1000000);
        if (left <= 0)
            return 0;
    }
    return 1;
}

/* Runs argv (found on PATH, no shell) with stdin from /dev/null and
 * collects its stdout into text. JX_ERR_UNSUPPORTED when the program is
 * not installed; JX_ERR_FORMAT when it fails or takes too long. */
static jx_status run_filter(char *const argv[], jx_buf *text, jx_error *err)
{
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0)
        return Jx_error_set(err, JX_ERR_IO, "pipe: %s", strerror(errno));
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        close(out_pipe[0]);
        close(out_pipe[1]);
        return Jx_error_set(err, JX_ERR_IO, "pipe: %s", strerror(errno));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        return rc == ENOENT
                   ? Jx_error_set(err, JX_ERR_UNSUPPORTED, "no %s", argv[0])
                   : Jx_error_set(err, JX_ERR_IO, "cannot run %s: %s", argv[0],
                                  strerror(rc));
    }
    int nomem = 0, over = 0,
        finished = drain_child(out_pipe[0], err_pipe[0], text, &nomem, &over);
    close(out_pipe[0]);
    close(err_pipe[0]);
    if (!finished)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!finished)
        return Jx_error_set(err, JX_ERR_FORMAT, "%s took longer than %d s",
                            argv[0], LEGACY_TIMEOUT_MS / 1000);
    if (nomem)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (over)
        return Jx_error_set(err, JX_ERR_FORMAT, "more than %u MiB of text",
                            JX_MAX_TEXT_BYTES / (1024 * 1024));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return Jx_error_set(err, JX_ERR_FORMAT,
                            "%s cannot read it (not a Word 97-2003 "
                            "document?)",
                            argv[0]);
    return JX_OK;
}

/* Converts a Word 97-2003 file with antiword, or with catdoc when only
 * that is installed (.doc only), into UTF-8 text in out. */
static jx_status extract_ole_word(jx_format format, const char *data,
                                  size_t len, jx_extracted *out, jx_error *err)
{
    char path[4096];
    jx_status st = write_temp(data, len, path, sizeof path, err);
    if (st)
        return st;
    char *antiword[] = {"antiword", "-m", "UTF-8.txt", "-w", "0", path, NULL};
    char *catdoc[] = {"catdoc", "-d", "utf-8", "-w", path, NULL};
    jx_buf raw = {0}, text = {0};
    st = run_filter(antiword, &raw, err);
    if (st == JX_ERR_UNSUPPORTED && format == JX_FORMAT_DOC) {
        Jx_buf_reset(&raw);
        st = run_filter(catdoc, &raw, err);
    }
    unlink(path);
    if (st == JX_ERR_UNSUPPORTED)
        st = Jx_error_set(err, JX_ERR_UNSUPPORTED,
                          "legacy .%s is not supported (install antiword)",
                          Jx_format_name(format));
    if (!st && Jx_utf8_sanitize(raw.data ? raw.data : "", raw.len, &text,
                                &out->replaced) != JX_OK)
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    Jx_buf_clear(&raw);
    if (!st) {
        out->len = text.len;
        out->text = Jx_buf_detach(&text);
        if (!out->text)
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    Jx_buf_clear(&text);
    return st;
}

/* Reads a legacy .doc or .wps: a Word 97-2003 (OLE2) file through an
 * external filter; a .docx or web page misnamed .doc by what it is. */
static jx_status extract_legacy(jx_format format, const char *data, size_t len,
                                jx_extracted *out, jx_error *err)
{
    if (starts_with(data, len, "PK\3\4", 4))
        return Jx_extract_docx(data, len, out, err);
    if (looks_like_html(data, len))
        return Jx_extract_html(data, len, out, err);
    if (!starts_with(data, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return Jx_error_set(err, JX_ERR_FORMAT,
                            "not a Word 97-2003 document (no OLE2 header)");
    return extract_ole_word(format, data, len, out, err);
}
/* Dispatches on the format; the extractor fills out. */
jx_status Jx_extract_memory(jx_format format, const char *data, size_t len,
                            jx_extracted *out, jx_error *err)
{
    memset(out, 0, sizeof *out);
    out->format = format;
    jx_status st;
    switch (format) {
    case JX_FORMAT_TEXT:
        st = Jx_extract_text(data, len, out, err);
        break;
    case JX_FORMAT_DOCX:
        st = Jx_extract_docx(data, len, out, err);
        break;
    case JX_FORMAT_PDF:
        st = Jx_extract_pdf(data, len, out, err);
        break;
    case JX_FORMAT_HTML:
        st = Jx_extract_html(data, len, out, err);
        break;
    case JX_FORMAT_DOC:
    case JX_FORMAT_WPS:
        st = extract_legacy(format, data, len, out, err);
        break;
    default:
        st = Jx_error_set(err, JX_ERR_UNSUPPORTED, "unknown file format");
    }
    if (!st && out->len > JX_MAX_TEXT_BYTES) /* a text file of bad bytes */
        st = Jx_error_set(err, JX_ERR_FORMAT, "more than %u MiB of text",
                          JX_MAX_TEXT_BYTES / (1024 * 1024));
    if (st)
        Jx_extracted_clear(out);
    return st;
}

/* Reads the file, then extracts it by the format its name says. */
jx_status Jx_extract_file(const char *path, jx_extracted *out, jx_error *err)
{
    memset(out, 0, sizeof *out);
    jx_format format = Jx_format_from_path(path);
    if (format == JX_FORMAT_UNKNOWN)
        return Jx_error_set(err, JX_ERR_UNSUPPORTED, "unknown file format");
    char *data = NULL;
    size_t len = 0;
    jx_status st = Jx_read_file(path, &data, &len, err);
    if (st)
        return st;
    st = Jx_extract_memory(format, data, len, out, err);
    free(data);
    return st;
}

/* Frees the strings of an extraction and zeroes it. */
void Jx_extracted_clear(jx_extracted *ex)
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
