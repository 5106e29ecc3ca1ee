/* T68-quota-shim.c: an LD_PRELOAD library for the database integrity
 * tests, making the disk under the folder JX_SHIM_DIR misbehave without
 * root or special mounts (other files are not touched):
 *  - JX_SHIM_QUOTA=N: a disk that holds only so many bytes, as a real
 *    one does (what is deleted frees space): the files under the folder
 *    may hold N bytes in all; a write that would make them hold more
 *    fails with ENOSPC. (T6-io-shim.c's budget counts bytes written
 *    instead, so deleting a file frees nothing.)
 *  - JX_SHIM_READONLY=1: a read-only file system, even for root:
 *    opening a file there to write or create it fails with EROFS. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* The bytes held by the regular files under path (recursively). */
static long long usage(const char *path, int depth)
{
    long long total = 0;
    DIR *d = depth < 8 ? opendir(path) : NULL;
    struct dirent *e;
    char child[4096];
    struct stat sb;
    if (!d)
        return 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        if (lstat(child, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode))
            total += usage(child, depth + 1);
        else if (S_ISREG(sb.st_mode))
            total += sb.st_size;
    }
    closedir(d);
    return total;
}

/* True (errno ENOSPC) when writing n bytes at offset off of fd (-1: the
 * current position) would take the files under JX_SHIM_DIR past the
 * quota. */
static int over_quota(int fd, size_t n, off_t off)
{
    const char *quota = getenv("JX_SHIM_QUOTA"), *dir = getenv("JX_SHIM_DIR");
    char link[64], path[4096];
    struct stat sb;
    if (!quota || !dir || fd <= 2)
        return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t len = readlink(link, path, sizeof path - 1);
    path[len > 0 ? len : 0] = '\0';
    if (strncmp(path, dir, strlen(dir)) != 0 || fstat(fd, &sb) != 0)
        return 0;
    if (off < 0)
        off = lseek(fd, 0, SEEK_CUR);
    long long grow = (long long)off + (long long)n - (long long)sb.st_size;
    if (grow <= 0 || usage(dir, 0) + grow <= atoll(quota))
        return 0;
    errno = ENOSPC;
    return 1;
}

/* write(2) under the quota. */
ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real =
            (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    return over_quota(fd, n, -1) ? -1 : real(fd, buf, n);
}

/* pwrite(2) under the quota. */
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT,
                                                                   "pwrite");
    return over_quota(fd, n, off) ? -1 : real(fd, buf, n, off);
}

/* pwrite64, the name large-file builds call. */
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT,
                                                                   "pwrite64");
    return over_quota(fd, n, off) ? -1 : real(fd, buf, n, off);
}

/* writev(2) under the quota. */
ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    static ssize_t (*real)(int, const struct iovec *, int);
    size_t n = 0;
    if (!real)
        real = (ssize_t(*)(int, const struct iovec *, int))dlsym(RTLD_NEXT,
                                                                 "writev");
    for (int i = 0; i < cnt; i++)
        n += iov[i].iov_len;
    return over_quota(fd, n, -1) ? -1 : real(fd, iov, cnt);
}

/* True (errno EROFS) when path lies under JX_SHIM_DIR, JX_SHIM_READONLY
 * is set and flags ask to write or create. */
static int read_only(const char *path, int flags)
{
    const char *dir = getenv("JX_SHIM_DIR");
    if (!getenv("JX_SHIM_READONLY") || !dir || !path ||
        strncmp(path, dir, strlen(dir)) != 0 ||
        !(flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)))
        return 0;
    errno = EROFS;
    return 1;
}

/* The mode argument of an open that creates. */
#define OPEN_MODE(flags, ap, mode)                                            \
    do {                                                                      \
        va_start(ap, flags);                                                  \
        mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;                       \
        va_end(ap);                                                           \
    } while (0)

/* open(2) on a read-only file system. */
int open(const char *path, int flags, ...)
{
    static int (*real)(const char *, int, ...);
    va_list ap;
    int mode;
    OPEN_MODE(flags, ap, mode);
    if (!real)
        real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
    return read_only(path, flags) ? -1 : real(path, flags, mode);
}

/* open64, the name large-file builds call. */
int open64(const char *path, int flags, ...)
{
    static int (*real)(const char *, int, ...);
    va_list ap;
    int mode;
    OPEN_MODE(flags, ap, mode);
    if (!real)
        real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open64");
    return read_only(path, flags) ? -1 : real(path, flags, mode);
}

/* openat(2), for a path that is absolute (the tests give those). */
int openat(int fd, const char *path, int flags, ...)
{
    static int (*real)(int, const char *, int, ...);
    va_list ap;
    int mode;
    OPEN_MODE(flags, ap, mode);
    if (!real)
        real =
            (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
    return read_only(path, flags) ? -1 : real(fd, path, flags, mode);
}
