/* jx_index_internal.h: what the parts of the indexing engine share: the
 * indexer's state and the calls between jx_index.c (the policy: deciding
 * what each file is), jx_index_walk.c (walking), jx_index_docs.c (records
 * and report documents), jx_index_batch.c (batches and passage parts),
 * jx_index_prune.c, jx_index_compact.c, jx_index_read.c (one file with
 * its overrides, --show-meta) and jx_index_status.c (--status). Not a
 * public header. */
#ifndef JX_INDEX_INTERNAL_H
#define JX_INDEX_INTERNAL_H

#include <stddef.h>
#include <sys/stat.h>

#include "jx_index.h"
#include "jx_overrides.h"
#include "jx_passage_doc.h"
#include "jx_passage_writer.h"
#include "jx_record.h"
#include "jx_store.h"
#include "jx_strset.h"
#include "jx_text_store.h"
#include "jx_xapian.h"

/* A batch is committed after this many files (opts.batch_files
 * overrides it) or this many bytes read, whichever comes first. */
#define DEFAULT_BATCH_FILES 200
#define BATCH_BYTES         (64ull * 1024 * 1024)
/* Folders deeper than this below a PATH are not walked (docs/limits.md). */
#define MAX_DEPTH 64

struct jx_indexer {
    jx_store *store;
    jx_db *reader; /* the report database's own view: sees uncommitted
                    * changes */
    jx_index_options opts;
    jx_index_events ev;
    jx_manifest *manifest;
    jx_index_stats stats;
    char **roots; /* absolute paths given to add_path that existed, and
                   * the link a folder was given through (pruned too) */
    size_t n_roots;
    char **aliases; /* links to folders given as PATH: their paths are
                     * the real folder's, not the link's */
    size_t n_aliases;
    char **kept; /* folders and files that could not be read in this
                  * run: the reports under them are not pruned */
    size_t n_kept;
    jx_strset seen;       /* absolute paths of report files met in this run */
    jx_strset keys_run;   /* keys (re)indexed in this run, with --force or
                           * because their overrides changed */
    jx_index_stats shown; /* stats with the store's counts, for callers */
    unsigned batch_files;
    unsigned long long batch_bytes;
    jx_text_store *texts;        /* the dictionary, and samples to train it */
    jx_passage_writer *writer;   /* writes passages on worker threads */
    jx_passage_builder *builder; /* builds passages here (compaction) */
    long long started_ns;        /* when the run began */
};

/* A file's mtime in nanoseconds, as it is compared with the stored one. */
long long Jx_index_mtime_ns(const struct stat *sf);

/* Writes (adds or replaces) the report document of rec. */
jx_status Jx_index_put_report_doc(jx_indexer *ix, const jx_report_record *rec,
                                  jx_error *err);

/* Reads the report record of the report document holding term; *found
 * is 0 when none does. */
jx_status Jx_index_find_report(jx_indexer *ix, const char *prefix,
                               const char *value, jx_report_record *rec,
                               int *found, jx_error *err);

/* Index of path in rec's paths, or -1. */
long Jx_index_path_index(const jx_report_record *rec, const char *path);

/* True when path is root or lies under it. */
int Jx_index_under_root(const char *path, const char *root);

/* True when path lies under one of the paths of a list. */
int Jx_index_under_any(const char *path, char *const *list, size_t n);

/* Deletes a report: its report document goes, and the tag of its
 * passages joins the dead list (passages are never deleted one by one),
 * or, when the report is written again in this batch (superseded), the
 * superseded list, so readers keep its old passages until the new ones
 * are committed. */
jx_status Jx_index_delete_report(jx_indexer *ix, const jx_report_record *rec,
                                 int superseded, jx_error *err);

/* Removes path i from rec and stores the result: the report goes when
 * no path is left. */
/* Re-indexes the copies of rec, whose own file is gone, so one becomes
 * the report (jx_index.c; jx_copies.h). */
jx_status Jx_index_promote_copy(jx_indexer *ix, jx_report_record *rec,
                                jx_error *err);

jx_status Jx_index_drop_path(jx_indexer *ix, jx_report_record *rec, size_t i,
                             jx_error *err);

/* Copies the report's fields into the record. */
jx_status Jx_index_fill_record(jx_report_record *rec, const jx_report *r);

/* The hashes of the overrides that apply to path now, as the record
 * keeps them: of its sidecar's bytes ("-" when it has none, "!" when it
 * cannot be read) and of its row in the run's manifest ("-" when none;
 * "" when the run was given no manifest: then manifest values are not
 * compared, and a report keeps those it was indexed with). */
jx_status Jx_index_override_hashes(jx_indexer *ix, const char *path,
                                   char side[JX_KEY_LEN + 1],
                                   char man[JX_KEY_LEN + 1], jx_error *err);

/* True when the overrides hashed in side and man are not those rec was
 * written with (see Jx_index_override_hashes). */
int Jx_index_overrides_differ(const jx_report_record *rec, const char *side,
                              const char *man);

/* (Re)starts the passage writer: one worker per passage part, packing
 * with the current dictionary. Call with the writer drained. */
jx_status Jx_index_start_writer(jx_indexer *ix, jx_error *err);

/* Merges the passage parts of a parallel run into one, and goes back
 * to one worker. */
jx_status Jx_index_merge_parts(jx_indexer *ix, jx_error *err);

/* Waits for the workers, trains the text dictionary when it is time
 * (handing it to the workers), then commits reports and passages. */
jx_status Jx_index_commit(jx_indexer *ix, jx_error *err);

/* Commits when the batch is full. */
jx_status Jx_index_maybe_commit(jx_indexer *ix, jx_error *err);

/* Extracts, parses and applies the sidecar and manifest to one file. */
jx_status Jx_index_parse_with(const char *path, const char *data, size_t len,
                              const jx_manifest *manifest,
                              jx_override_warn_fn warn, void *ctx,
                              jx_report **report, char **format,
                              jx_error *err);

/* A growable list of report keys. */
typedef struct key_list {
    jx_key *keys;
    size_t n, cap;
} key_list;

/* Collects into the key_list ctx the key of each report document's
 * unique term (a term-walk callback); non-zero when out of memory. */
int Jx_index_collect_key(const char *term, size_t len, unsigned long freq,
                         void *ctx);

/* Reports a file that cannot be visited and counts it. */
void Jx_index_file_failed(jx_indexer *ix, const char *path, jx_status st,
                          const char *why);

/* Appends a copy of path to a list of paths. */
jx_status Jx_index_list_add(char ***list, size_t *n, const char *path,
                            jx_error *err);

/* Visits path: a folder is walked, a report file indexed, anything else
 * skipped. Symbolic links met in folders are followed to files, never to
 * folders (those are counted). */
jx_status Jx_index_walk(jx_indexer *ix, const char *path, int depth,
                        jx_error *err);

/* Makes path absolute and normal without resolving links: "." and ".."
 * components and repeated or trailing slashes go, so the same file
 * always has the same stored path. */
char *Jx_index_absolute_path(const char *path);

/* Repairs what a run killed between the two commits of a batch left:
 * reports whose passages were never committed. One that replaced an
 * older version of itself (--force) gets that version's tag back, whose
 * passages are still there: it stays searchable and is not read again.
 * The others are deleted, so that this run indexes their files again.
 * What the batch superseded and is not given back is dead. */
jx_status Jx_index_drop_lost_reports(jx_indexer *ix, jx_error *err);

/* Removes the paths not seen in this run from every report. */
jx_status Jx_index_prune(jx_indexer *ix, jx_error *err);

/* Polls the caller's stop request. */
int Jx_index_stop_requested(jx_indexer *ix);

/* Indexes one report file (path absolute); file errors are reported and
 * counted, database errors returned. */
jx_status Jx_index_index_file(jx_indexer *ix, const char *path,
                              const struct stat *sf, jx_error *err);

#endif
