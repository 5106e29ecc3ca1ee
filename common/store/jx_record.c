/* jx_record.c: serialising report records, report keys and metadata
 * terms. A report record is a sequence of lines "name\tvalue" (values
 * with tabs and newlines escaped), easy to read back and to extend. */
#include "jx_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_schema.h"

/* FNV-1a over the bytes, from the given offset basis. */
static uint64_t fnv1a64(const char *data, size_t len, uint64_t basis)
{
    uint64_t h = basis;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* A multiply-rotate hash over 8-byte words, independent of FNV-1a. */
static uint64_t mix64(const char *data, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, data + i, 8);
        w *= 0xbf58476d1ce4e5b9ULL;
        w ^= w >> 31;
        h = (h ^ w) * 0x94d049bb133111ebULL;
        h = (h << 27) | (h >> 37);
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)data[i]) * 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* Two independent 64-bit hashes as 32 hex digits. */
jx_key Jx_key_of(const char *data, size_t len)
{
    jx_key k;
    snprintf(k.hex, sizeof k.hex, "%016llx%016llx",
             (unsigned long long)fnv1a64(data, len, 0xcbf29ce484222325ULL),
             (unsigned long long)mix64(data, len));
    return k;
}

/* Appends value with '\\', '\t' and '\n' escaped. */
static jx_status put_escaped(jx_buf *out, const char *value)
{
    jx_status st = JX_OK;
    for (const char *p = value; *p && !st; p++) {
        if (*p == '\\')
            st = Jx_buf_append(out, "\\\\", 2);
        else if (*p == '\t')
            st = Jx_buf_append(out, "\\t", 2);
        else if (*p == '\n')
            st = Jx_buf_append(out, "\\n", 2);
        else
            st = Jx_buf_putc(out, *p);
    }
    return st;
}

/* Appends one "name\tvalue\n" line; NULL values are left out. */
static jx_status put_line(jx_buf *out, const char *name, const char *value)
{
    if (!value)
        return JX_OK;
    jx_status st = Jx_buf_printf(out, "%s\t", name);
    if (!st)
        st = put_escaped(out, value);
    if (!st)
        st = Jx_buf_putc(out, '\n');
    return st;
}

/* Writes key, format, passages, fields with their sources, the hashes
 * of the overrides, then paths. */
jx_status Jx_report_record_write(const jx_report_record *rec, jx_buf *out)
{
    jx_status st = put_line(out, "key", rec->key.hex);
    if (!st)
        st = put_line(out, "format", rec->format);
    if (!st)
        st = Jx_buf_printf(out, "passages\t%lu\ngeneration\t%lu\n",
                           rec->n_passages, rec->generation);
    for (int f = 0; f < JX_FIELD_COUNT && !st; f++) {
        if (!rec->fields[f])
            continue;
        st = put_line(out, Jx_field_name((jx_field_id)f), rec->fields[f]);
        if (!st)
            st = Jx_buf_printf(out, "source.%s\t%s\n",
                               Jx_field_name((jx_field_id)f),
                               Jx_source_name(rec->sources[f]));
    }
    if (!st)
        st = put_line(out, "overrides.sidecar", rec->sidecar_hash);
    if (!st)
        st = put_line(out, "overrides.manifest", rec->manifest_hash);
    if (!st)
        st = put_line(out, "copy.bands", rec->copy_bands);
    for (size_t i = 0; i < rec->n_paths && !st; i++) {
        st = Jx_buf_printf(out, "path\t%lld\t%lld\t", rec->paths[i].size,
                           rec->paths[i].mtime);
        if (!st)
            st = put_escaped(out, rec->paths[i].path);
        if (!st)
            st = Jx_buf_putc(out, '\n');
        /* a copy: the line after its path says so (older versions skip
         * it, and keep the path as one of the report's own) */
        if (!st && rec->paths[i].copy_key[0])
            st = Jx_buf_printf(out, "copy\t%s\t", rec->paths[i].copy_key);
        if (!st && rec->paths[i].copy_key[0])
            st = put_escaped(out, rec->paths[i].copy_format
                                      ? rec->paths[i].copy_format
                                      : "");
        if (!st && rec->paths[i].copy_key[0])
            st = Jx_buf_putc(out, '\n');
    }
    return st;
}

/* Copies s[0..len) unescaping "\\\\", "\\t" and "\\n". */
static char *unescape(const char *s, size_t len)
{
    char *out = malloc(len + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len) {
            i++;
            *o++ = s[i] == 't' ? '\t' : s[i] == 'n' ? '\n' : s[i];
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

/* Finds a source by its name. */
static jx_source source_by_name(const char *name)
{
    for (int s = JX_SOURCE_NONE; s <= JX_SOURCE_MANIFEST; s++)
        if (strcmp(Jx_source_name((jx_source)s), name) == 0)
            return (jx_source)s;
    return JX_SOURCE_NONE;
}

/* Applies one "name\tvalue" line to rec. */
static jx_status read_line(jx_report_record *rec, const char *name,
                           size_t nlen, const char *value, size_t vlen)
{
    char *v = unescape(value, vlen);
    if (!v)
        return JX_ERR_NOMEM;
    jx_status st = JX_OK;
    char nbuf[64];
    snprintf(nbuf, sizeof nbuf, "%.*s", (int)(nlen < 63 ? nlen : 63), name);
    jx_field_id f;
    if (strcmp(nbuf, "key") == 0) {
        snprintf(rec->key.hex, sizeof rec->key.hex, "%s", v);
    } else if (strcmp(nbuf, "format") == 0) {
        free(rec->format);
        rec->format = v;
        v = NULL;
    } else if (strcmp(nbuf, "passages") == 0) {
        rec->n_passages = strtoul(v, NULL, 10);
    } else if (strcmp(nbuf, "generation") == 0) {
        rec->generation = strtoul(v, NULL, 10);
    } else if (strcmp(nbuf, "path") == 0) {
        long long size = 0, mtime = 0;
        int used = 0;
        if (sscanf(v, "%lld\t%lld\t%n", &size, &mtime, &used) < 2 || !used)
            st = JX_ERR_DB_CORRUPT;
        else
            st = Jx_report_record_add_path(rec, v + used, size, mtime);
    } else if (strcmp(nbuf, "copy") == 0) { /* of the path before */
        const char *tab = strchr(v, '\t');
        if (!rec->n_paths || !tab || tab - v != JX_KEY_LEN)
            st = JX_ERR_DB_CORRUPT;
        else {
            char key[JX_KEY_LEN + 1];
            snprintf(key, sizeof key, "%.*s", JX_KEY_LEN, v);
            st = Jx_report_record_mark_copy(rec, key, tab + 1);
        }
    } else if (strcmp(nbuf, "copy.bands") == 0) {
        free(rec->copy_bands);
        rec->copy_bands = v;
        v = NULL;
    } else if (strcmp(nbuf, "overrides.sidecar") == 0) {
        free(rec->sidecar_hash);
        rec->sidecar_hash = v;
        v = NULL;
    } else if (strcmp(nbuf, "overrides.manifest") == 0) {
        free(rec->manifest_hash);
        rec->manifest_hash = v;
        v = NULL;
    } else if (strncmp(nbuf, "source.", 7) == 0) {
        f = Jx_field_by_name(nbuf + 7);
        if (f < JX_FIELD_COUNT)
            rec->sources[f] = source_by_name(v);
    } else if ((f = Jx_field_by_name(nbuf)) < JX_FIELD_COUNT) {
        free(rec->fields[f]);
        rec->fields[f] = v;
        v = NULL;
    }
    free(v);
    return st;
}

/* Reads the lines written by Jx_report_record_write. */
jx_status Jx_report_record_read(const char *data, size_t len,
                                jx_report_record *rec, jx_error *err)
{
    memset(rec, 0, sizeof *rec);
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        const char *tab = memchr(p, '\t', (size_t)(eol - p));
        if (!tab) {
            Jx_report_record_clear(rec);
            return Jx_error_set(err, JX_ERR_DB_CORRUPT,
                                "malformed report record");
        }
        jx_status st = read_line(rec, p, (size_t)(tab - p), tab + 1,
                                 (size_t)(eol - tab - 1));
        if (st) {
            Jx_report_record_clear(rec);
            return Jx_error_set(err, st, "malformed report record");
        }
        p = eol + 1;
    }
    return JX_OK;
}

/* key@generation. */
jx_status Jx_report_tag(const jx_report_record *rec, jx_buf *out)
{
    return Jx_buf_printf(out, "%s@%lu", rec->key.hex, rec->generation);
}

/* Appends a copy of path to the record's list. */
jx_status Jx_report_record_add_path(jx_report_record *rec, const char *path,
                                    long long size, long long mtime)
{
    jx_report_path *p =
        realloc(rec->paths, (rec->n_paths + 1) * sizeof *rec->paths);
    if (!p)
        return JX_ERR_NOMEM;
    rec->paths = p;
    char *copy = strdup(path);
    if (!copy)
        return JX_ERR_NOMEM;
    rec->paths[rec->n_paths].path = copy;
    rec->paths[rec->n_paths].size = size;
    rec->paths[rec->n_paths].mtime = mtime;
    rec->paths[rec->n_paths].copy_key[0] = '\0';
    rec->paths[rec->n_paths].copy_format = NULL;
    rec->n_paths++;
    return JX_OK;
}

/* add_path, then the copy fields of p. */
jx_status Jx_report_record_add_path_from(jx_report_record *rec,
                                         const jx_report_path *p)
{
    jx_status st = Jx_report_record_add_path(rec, p->path, p->size, p->mtime);
    if (!st && p->copy_key[0])
        st = Jx_report_record_mark_copy(rec, p->copy_key,
                                        p->copy_format ? p->copy_format : "");
    return st;
}

/* Sets the copy fields of the last path. */
jx_status Jx_report_record_mark_copy(jx_report_record *rec, const char *key,
                                     const char *format)
{
    if (!rec->n_paths)
        return JX_ERR_ARG;
    jx_report_path *p = &rec->paths[rec->n_paths - 1];
    char *f = strdup(format);
    if (!f)
        return JX_ERR_NOMEM;
    free(p->copy_format);
    p->copy_format = f;
    snprintf(p->copy_key, sizeof p->copy_key, "%s", key);
    return JX_OK;
}

/* Drops path i, keeping the order of the others. */
void Jx_report_record_remove_path(jx_report_record *rec, size_t i)
{
    if (i >= rec->n_paths)
        return;
    free(rec->paths[i].path);
    free(rec->paths[i].copy_format);
    memmove(rec->paths + i, rec->paths + i + 1,
            (rec->n_paths - i - 1) * sizeof *rec->paths);
    rec->n_paths--;
}

/* Frees all strings of the record. */
void Jx_report_record_clear(jx_report_record *rec)
{
    free(rec->format);
    free(rec->sidecar_hash);
    free(rec->manifest_hash);
    free(rec->copy_bands);
    for (int f = 0; f < JX_FIELD_COUNT; f++)
        free(rec->fields[f]);
    for (size_t i = 0; i < rec->n_paths; i++) {
        free(rec->paths[i].path);
        free(rec->paths[i].copy_format);
    }
    free(rec->paths);
    memset(rec, 0, sizeof *rec);
}

/* prefix + value, hashed when too long for a Xapian term. */
jx_status Jx_term_for(const char *prefix, const char *value, jx_buf *out)
{
    size_t plen = strlen(prefix), vlen = strlen(value);
    if (plen + vlen <= JX_MAX_TERM_BYTES) {
        jx_status st = Jx_buf_append(out, prefix, plen);
        return st ? st : Jx_buf_append(out, value, vlen);
    }
    jx_key k = Jx_key_of(value, vlen);
    return Jx_buf_printf(out, "%s#%s", prefix, k.hex);
}
