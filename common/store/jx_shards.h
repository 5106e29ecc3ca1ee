/* jx_shards.h: a database split into shards (docs/shards.md). A shard
 * set is a Xapian stub (a file, or the XAPIANDB of a folder) whose lines
 * name whole jixiao databases rather than the report and passage
 * databases of one:
 *   auto shard-0             a database folder, relative to the stub
 *   remote 10.0.0.7:33333    one served by xapian-tcpsrv
 * jixiao-index --shards N writes such a folder: shard-0 ... shard-N-1,
 * each an ordinary database holding the reports whose key hashes to it
 * (Jx_shard_of), and the stub listing them. Searches open the stub as
 * one database (Jx_db_open), local and remote shards alike. */
#ifndef JX_SHARDS_H
#define JX_SHARDS_H

#include <stddef.h>

#include "jx_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* JX_MAX_SHARDS and JX_SHARD_NAME are defined in jixiao.h (through
 * jx_status.h); jx_shard_parse is declared there too. */

/* One line of a shard set's stub. */
typedef struct jx_shard_spec {
    int remote; /* 1: served (host, port); 0: a local folder (path) */
    char *path; /* the folder, resolved against the stub's folder */
    char *host; /* remote: the host name or address */
    unsigned port;
    char *name; /* for messages: "shard-1", "remote 10.0.0.7:33333" */
} jx_shard_spec;

typedef struct jx_shard_set {
    jx_shard_spec *v;
    size_t n;
} jx_shard_set;

/* Reads path (a folder holding a stub, or a stub file) as a shard set.
 * *is_set is 0, and out empty, when path is something else: an ordinary
 * database (its stub lists report and passage databases), no stub, or no
 * such path. A stub that mixes shards with other lines, or holds a line
 * that cannot be read, is JX_ERR_DB naming the line. */
jx_status Jx_shards_read(const char *path, jx_shard_set *out, int *is_set,
                         jx_error *err);

/* Frees what a set holds, leaving it empty. */
void Jx_shards_clear(jx_shard_set *set);

/* The shard (0..n-1) the report with this key (hex) belongs to: a stable
 * hash of the key, the same on every machine and in every run. */
unsigned Jx_shard_of(const char *key_hex, unsigned n);

/* Writes folder/XAPIANDB listing "auto shard-0" ... "auto shard-N-1",
 * atomically (a temporary file renamed over it; several indexers of one
 * set may write it at once, with the same bytes). */
jx_status Jx_shards_write_stub(const char *folder, unsigned n, jx_error *err);

#ifdef __cplusplus
}
#endif

#endif
