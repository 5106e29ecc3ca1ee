/* jx_shards.c: reading and writing the stub of a shard set, and which
 * shard a report belongs to (jx_shards.h). */
#include "jx_shards.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jx_buf.h"
#include "jx_paths.h"
#include "jx_schema.h"

void Jx_shards_clear(jx_shard_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->v[i].path);
        free(set->v[i].host);
        free(set->v[i].name);
    }
    free(set->v);
    set->v = NULL;
    set->n = 0;
}

/* True when path is a folder holding a stub: a jixiao database. */
static int is_database_folder(const char *path)
{
    char *stub = Jx_path_join(path, JX_DB_STUB);
    struct stat sb;
    int yes = stub && stat(stub, &sb) == 0 && S_ISREG(sb.st_mode);
    free(stub);
    return yes;
}

/* Parses "HOST:PORT" into spec (the last colon splits, so a bracketed
 * IPv6 address is not supported; Xapian's stubs do not take one
 * either). */
static int parse_remote(const char *arg, jx_shard_spec *spec)
{
    const char *colon = strrchr(arg, ':');
    if (!colon || colon == arg || !colon[1])
        return -1;
    char *end;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (*end || port == 0 || port > 65535)
        return -1;
    spec->host = strndup(arg, (size_t)(colon - arg));
    spec->port = (unsigned)port;
    return spec->host ? 0 : -1;
}

/* Adds the spec of one line ("auto X" or "remote H:P") to set; *shard
 * is 1 when it names a shard (a database folder or a server), 0 for a
 * line of an ordinary database's stub. */
static jx_status add_line(jx_shard_set *set, const char *dir, char *line,
                          int *shard, jx_error *err)
{
    char *sp = strchr(line, ' ');
    *shard = 0;
    if (!sp)
        return JX_OK; /* not ours to judge: Xapian says when opening */
    *sp = '\0';
    const char *arg = sp + 1;
    while (*arg == ' ')
        arg++;
    jx_shard_spec spec = {0};
    jx_buf name = {0};
    jx_status st = JX_OK;
    if (strcmp(line, "remote") == 0) {
        /* Xapian's stubs also take "remote :PORT" for a local server and
         * a program's command line; jixiao takes HOST:PORT, tcp */
        if (parse_remote(arg, &spec) != 0)
            st = Jx_error_set(err, JX_ERR_DB,
                              "shard stub line \"remote %s\": not HOST:PORT",
                              arg);
        spec.remote = 1;
        if (!st && Jx_buf_printf(&name, "remote %s:%u", spec.host, spec.port))
            st = JX_ERR_NOMEM;
    } else if (strcmp(line, "auto") == 0) {
        spec.path = arg[0] == '/' ? strdup(arg) : Jx_path_join(dir, arg);
        if (!spec.path)
            st = JX_ERR_NOMEM;
        else if (!is_database_folder(spec.path)) {
            free(spec.path);
            *sp = ' ';
            return JX_OK; /* "auto reports": a database's own part */
        }
        if (!st && Jx_buf_puts(&name, arg))
            st = JX_ERR_NOMEM;
    } else {
        *sp = ' ';
        return JX_OK;
    }
    *sp = ' ';
    if (!st) {
        jx_shard_spec *v = realloc(set->v, (set->n + 1) * sizeof *v);
        if (!v)
            st = JX_ERR_NOMEM;
        else {
            set->v = v;
            spec.name = Jx_buf_detach(&name);
            set->v[set->n++] = spec;
            *shard = 1;
            return JX_OK;
        }
    }
    if (st == JX_ERR_NOMEM)
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    Jx_buf_clear(&name);
    free(spec.path);
    free(spec.host);
    return st;
}

jx_status Jx_shards_read(const char *path, jx_shard_set *out, int *is_set,
                         jx_error *err)
{
    memset(out, 0, sizeof *out);
    *is_set = 0;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return JX_OK;
    char *stub =
        S_ISDIR(sb.st_mode) ? Jx_path_join(path, JX_DB_STUB) : strdup(path);
    char *dir = strdup(path);
    if (!stub || !dir) {
        free(stub);
        free(dir);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    if (!S_ISDIR(sb.st_mode)) { /* the stub's folder */
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        else
            strcpy(dir, ".");
    }
    FILE *f = fopen(stub, "r");
    jx_status st = JX_OK;
    size_t lines = 0, shards = 0;
    char *bad = NULL;
    if (f) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        while (!st && (len = getline(&line, &cap, f)) >= 0) {
            while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                line[--len] = '\0';
            if (!len || line[0] == '#')
                continue;
            lines++;
            int shard = 0;
            st = add_line(out, dir, line, &shard, err);
            shards += (size_t)shard;
            if (!st && !shard && !bad && !(bad = strdup(line)))
                st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        }
        free(line);
        fclose(f);
    }
    if (!st && shards && shards < lines)
        st = Jx_error_set(err, JX_ERR_DB,
                          "%s lists shards and also \"%s\", which is not one",
                          stub, bad ? bad : "?");
    if (!st && shards > JX_MAX_SHARDS)
        st = Jx_error_set(err, JX_ERR_DB, "%s lists %zu shards (at most %d)",
                          stub, shards, JX_MAX_SHARDS);
    if (st || !shards)
        Jx_shards_clear(out);
    *is_set = !st && shards > 0;
    free(bad);
    free(stub);
    free(dir);
    return st;
}

/* FNV-1a over the key's text, then a final mix: stable across machines
 * and versions (it is part of the on-disk layout: changing it moves
 * reports between shards). */
unsigned Jx_shard_of(const char *key_hex, unsigned n)
{
    unsigned long long h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)key_hex; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    return n ? (unsigned)(h % n) : 0;
}

jx_status Jx_shards_write_stub(const char *folder, unsigned n, jx_error *err)
{
    jx_buf tmp = {0}, text = {0};
    char *stub = Jx_path_join(folder, JX_DB_STUB);
    jx_status st = stub && !Jx_buf_printf(&tmp, "%s/%s.tmp-%ld", folder,
                                          JX_DB_STUB, (long)getpid())
                       ? JX_OK
                       : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (unsigned k = 0; !st && k < n; k++)
        if (Jx_buf_printf(&text, "auto " JX_SHARD_NAME "\n", k))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    FILE *f = st ? NULL : fopen(tmp.data, "w");
    if (!st && !f)
        st = Jx_error_set(err, JX_ERR_IO, "cannot write %s: %s", tmp.data,
                          strerror(errno));
    if (f) {
        int bad = fwrite(text.data, 1, text.len, f) != text.len ||
                  fflush(f) != 0 || fsync(fileno(f)) != 0;
        if (fclose(f) != 0 || bad)
            st = Jx_error_set(err, JX_ERR_IO, "cannot write %s: %s", tmp.data,
                              strerror(errno));
        else if (rename(tmp.data, stub) != 0)
            st = Jx_error_set(err, JX_ERR_IO, "cannot replace %s: %s", stub,
                              strerror(errno));
        if (st)
            unlink(tmp.data);
    }
    Jx_buf_clear(&tmp);
    Jx_buf_clear(&text);
    free(stub);
    return st;
}

int jx_shard_parse(const char *arg, unsigned *k, unsigned *n)
{
    char *end;
    errno = 0;
    unsigned long a = strtoul(arg, &end, 10);
    if (end == arg || *end != '/' || errno)
        return -1;
    const char *b_text = end + 1;
    unsigned long b = strtoul(b_text, &end, 10);
    if (end == b_text || *end || errno || b == 0 || b > JX_MAX_SHARDS ||
        a >= b)
        return -1;
    *k = (unsigned)a;
    *n = (unsigned)b;
    return 0;
}
