/* T6-io-shim.c: an LD_PRELOAD library the reliability tests build and
 * put under jixiao-index to make the disk misbehave on purpose, without
 * root or special mounts. Only files whose path starts with JX_SHIM_DIR
 * are touched (all files when it is unset).
 *  - JX_SHIM_FULL_AFTER=N: once N bytes have been written, every further
 *    write fails with ENOSPC (a disk that fills up and stays full).
 *  - JX_SHIM_PAUSE_AT=N: the N-th fsync or fdatasync of a file whose path
 *    holds "/passages-" (so inside a commit of the passage database,
 *    after the report database of the same batch was committed) creates
 *    the file JX_SHIM_MARK and sleeps JX_SHIM_PAUSE_SECONDS (default 30),
 *    so that a test can look at the database, or kill the indexer,
 *    exactly between the two commits of a batch.
 *  - JX_SHIM_EACCES=PATH: scandir and opendir of the folder PATH fail
 *    with EACCES (an unreadable folder, for a test running as root).
 *  - JX_SHIM_HANG=TEXT: read and fread of a file whose path holds TEXT
 *    create JX_SHIM_MARK and block in a real read of a pipe no one
 *    writes to (a stale network mount), returning what that read
 *    returns: -1 with EINTR once a signal handler installed without
 *    SA_RESTART has run; with SA_RESTART it never returns. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long long written; /* bytes written to files under JX_SHIM_DIR */
static long syncs;        /* fsyncs of passage database files */

/* The path of an open file descriptor into buf ("" when unknown). */
static const char *fd_path(int fd, char *buf, size_t size)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, buf, size - 1);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

/* True when fd is a file the shim is asked to watch. */
static int watched(int fd)
{
    const char *dir = getenv("JX_SHIM_DIR");
    char path[4096];
    if (fd <= 2)
        return 0;
    return !dir ||
           strncmp(fd_path(fd, path, sizeof path), dir, strlen(dir)) == 0;
}

/* Counts n bytes written to fd; true (errno ENOSPC) when the budget of
 * JX_SHIM_FULL_AFTER is used up. */
static int disk_full(int fd, size_t n)
{
    const char *limit = getenv("JX_SHIM_FULL_AFTER");
    if (!limit || !watched(fd))
        return 0;
    if (written + (long long)n > atoll(limit)) {
        written = atoll(limit) + 1; /* full stays full */
        errno = ENOSPC;
        return 1;
    }
    written += (long long)n;
    return 0;
}

/* Pauses at the JX_SHIM_PAUSE_AT-th sync of a passage database file. */
static void maybe_pause(int fd)
{
    const char *at = getenv("JX_SHIM_PAUSE_AT");
    char path[4096];
    if (!at || !strstr(fd_path(fd, path, sizeof path), "/passages-"))
        return;
    if (++syncs != atol(at))
        return;
    const char *mark = getenv("JX_SHIM_MARK");
    const char *secs = getenv("JX_SHIM_PAUSE_SECONDS");
    if (mark) {
        int m = open(mark, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (m >= 0)
            close(m);
    }
    sleep(secs ? (unsigned)atoi(secs) : 30);
}

/* write(2), failing when the disk is "full". */
ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real =
            (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    return disk_full(fd, n) ? -1 : real(fd, buf, n);
}

/* pwrite(2), failing when the disk is "full". */
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT,
                                                                   "pwrite");
    return disk_full(fd, n) ? -1 : real(fd, buf, n, off);
}

/* pwrite64, the name large-file builds call. */
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT,
                                                                   "pwrite64");
    return disk_full(fd, n) ? -1 : real(fd, buf, n, off);
}

/* writev(2), failing when the disk is "full". */
ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    static ssize_t (*real)(int, const struct iovec *, int);
    size_t n = 0;
    if (!real)
        real = (ssize_t(*)(int, const struct iovec *, int))dlsym(RTLD_NEXT,
                                                                 "writev");
    for (int i = 0; i < cnt; i++)
        n += iov[i].iov_len;
    return disk_full(fd, n) ? -1 : real(fd, iov, cnt);
}

/* fsync(2), pausing where asked. */
int fsync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    maybe_pause(fd);
    return real(fd);
}

/* fdatasync(2), pausing where asked. */
int fdatasync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    maybe_pause(fd);
    return real(fd);
}

/* True when path is the folder JX_SHIM_EACCES names. */
static int denied(const char *path)
{
    const char *deny = getenv("JX_SHIM_EACCES");
    return deny && strcmp(path, deny) == 0;
}

/* opendir(3), failing with EACCES on the denied folder. */
DIR *opendir(const char *path)
{
    static DIR *(*real)(const char *);
    if (!real)
        real = (DIR * (*)(const char *)) dlsym(RTLD_NEXT, "opendir");
    if (denied(path)) {
        errno = EACCES;
        return NULL;
    }
    return real(path);
}

typedef int (*scandir_filter)(const struct dirent *);
typedef int (*scandir_compar)(const struct dirent **, const struct dirent **);

/* scandir(3), failing with EACCES on the denied folder. */
int scandir(const char *path, struct dirent ***names, scandir_filter filter,
            scandir_compar compar)
{
    static int (*real)(const char *, struct dirent ***, scandir_filter,
                       scandir_compar);
    if (!real)
        real = (int (*)(const char *, struct dirent ***, scandir_filter,
                        scandir_compar))dlsym(RTLD_NEXT, "scandir");
    if (denied(path)) {
        errno = EACCES;
        return -1;
    }
    return real(path, names, filter, compar);
}

/* True when fd is a file JX_SHIM_HANG asks to hang on. */
static int hangs(int fd)
{
    const char *text = getenv("JX_SHIM_HANG");
    char path[4096];
    return text && fd > 2 && strstr(fd_path(fd, path, sizeof path), text);
}

/* Blocks in a real read of an empty pipe; returns what it returns. */
static ssize_t hang(ssize_t (*real)(int, void *, size_t))
{
    int p[2];
    char c;
    const char *mark = getenv("JX_SHIM_MARK");
    if (pipe(p) != 0)
        return -1;
    if (mark) {
        int m = open(mark, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (m >= 0)
            close(m);
    }
    ssize_t n = real(p[0], &c, 1); /* p[1] stays open: no end of file */
    int e = errno;
    close(p[0]);
    close(p[1]);
    errno = e;
    return n;
}

/* The real read(2). */
static ssize_t real_read(int fd, void *buf, size_t n)
{
    static ssize_t (*real)(int, void *, size_t);
    if (!real)
        real = (ssize_t(*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
    return real(fd, buf, n);
}

/* read(2), hanging where asked. */
ssize_t read(int fd, void *buf, size_t n)
{
    return hangs(fd) ? hang(real_read) : real_read(fd, buf, n);
}

/* fread(3), hanging where asked (an interrupted read gives 0). */
size_t fread(void *buf, size_t size, size_t n, FILE *f)
{
    static size_t (*real)(void *, size_t, size_t, FILE *);
    if (!real)
        real = (size_t(*)(void *, size_t, size_t, FILE *))dlsym(RTLD_NEXT,
                                                                "fread");
    if (hangs(fileno(f))) {
        (void)hang(real_read);
        return 0;
    }
    return real(buf, size, n, f);
}
