/* jx_index.h: the indexing engine. Walks files and folders, reads each
 * report (any supported format), parses it into passages and metadata,
 * and keeps the database in step with the files: new and changed files
 * are (re)indexed, unchanged ones skipped, files gone from the indexed
 * folders pruned, and identical files recorded as one report with
 * several paths. Commits in batches so a crash loses at most the batch
 * under way; never prints: events go to the caller's callbacks. */
#ifndef JX_INDEX_H
#define JX_INDEX_H

#include <stddef.h>

#include "jx_report.h"
#include "jx_status.h"

typedef struct jx_indexer jx_indexer;

/* Totals of a run, for the progress line and the summary. */
typedef struct jx_index_stats {
    unsigned long files_seen;      /* report files found */
    unsigned long files_indexed;   /* new or changed, indexed now */
    unsigned long files_unchanged; /* same size and mtime, or same bytes */
    unsigned long files_empty;     /* no text at all: not a report, skipped */
    unsigned long files_failed;    /* could not be read or parsed */
    unsigned long duplicates;      /* same bytes as another path */
    unsigned long copies;          /* the same report as another file, in
                                    * another format or page (jx_copies.h):
                                    * recorded as a path of that report */
    unsigned long reports_removed; /* pruned: no path of them is left */
    unsigned long passages_added;
    unsigned long long bytes_read;
    unsigned long files_committed; /* of files_indexed, those committed */
    unsigned long hidden_skipped;  /* hidden folders and report files (the
                                    * name begins with '.'): not indexed */
    unsigned long links_skipped;   /* links to folders met inside folders:
                                    * not followed */
    unsigned long files_elsewhere; /* read, and found to belong to another
                                    * shard (jx_index_options.shards) */
} jx_index_stats;

/* What the caller hears during a run. Any callback may be NULL. */
typedef struct jx_index_events {
    /* A file could not be indexed; err says why (without the path). */
    void (*file_failed)(void *ctx, const char *path, const jx_error *err);
    /* A file has the same bytes as a report already indexed at another
     * path, and that file still holds them. */
    void (*duplicate)(void *ctx, const char *path, const char *first_path);
    /* Called after each file; the stats so far. */
    void (*progress)(void *ctx, const char *path, const jx_index_stats *s);
    /* Polled between files: non-zero stops the run (after a commit). */
    int (*should_stop)(void *ctx);
    void *ctx;
} jx_index_events;

typedef struct jx_index_options {
    int force;              /* re-index every file, changed or not */
    int no_prune;           /* keep reports whose files are gone */
    const char *manifest;   /* CSV of metadata overrides, or NULL */
    unsigned batch_files;   /* commit after this many files (0: default) */
    unsigned jobs;          /* passage writers once a run is large, 1 to 8
                             * (0: the processors online, at most 4) */
    size_t dict_min_text;   /* bytes of passage text gathered before the
                             * text dictionary is trained (0: the default,
                             * JX_DICT_MIN_SAMPLES) */
    unsigned shard, shards; /* shards > 1: the database is shard `shard`
                             * of a set (jx_shards.h) and takes only the
                             * reports whose key Jx_shard_of gives it */
} jx_index_options;

/* Opens (creating if needed) the database at db_path for indexing.
 * JX_ERR_DB_LOCKED when another indexer holds it. */
jx_status Jx_indexer_open(const char *db_path, const jx_index_options *opts,
                          const jx_index_events *events, jx_indexer **out,
                          jx_error *err);

/* Indexes a file, or every report file under a folder (recursively, not
 * following symbolic links to folders met inside it; a folder given
 * through a link is followed and walked by its real path). A folder
 * that cannot be read is reported as a failed file and its reports are
 * kept. Hidden entries (the name begins with '.') are counted, not
 * indexed. Errors with single files are
 * reported through events and counted; the return value is an error only
 * when the run cannot go on (database failure, interruption). */
jx_status Jx_indexer_add_path(jx_indexer *ix, const char *path, jx_error *err);

/* Takes out of the database every path stored at or under path (a file
 * or a folder, which need not exist any more; a folder given through a
 * link is matched by its real path too): a report left with no path is
 * removed, one with paths elsewhere keeps those. Sets *reports to the
 * reports removed, *kept to those that lost paths but keep others, and
 * *paths to the paths taken out (0: nothing was indexed there).
 * Committed by Jx_indexer_finish. */
jx_status Jx_indexer_remove(jx_indexer *ix, const char *path,
                            unsigned long *reports, unsigned long *kept,
                            unsigned long *paths, jx_error *err);

/* Prunes reports not seen under the folders given (unless no_prune),
 * records the time of the run and commits. */
jx_status Jx_indexer_finish(jx_indexer *ix, jx_error *err);

/* Rebuilds the passage database without the passages of superseded
 * report versions, and empties the dead list. Jx_indexer_finish does it
 * by itself once the dead list holds more than a tenth as many tags as
 * there are reports. */
jx_status Jx_indexer_compact(jx_indexer *ix, jx_error *err);

/* The totals so far (valid until the next call). */
const jx_index_stats *Jx_indexer_stats(jx_indexer *ix);

/* Closes the database; changes not committed by Jx_indexer_finish (or
 * the batch commits) are discarded. */
void Jx_indexer_close(jx_indexer *ix);

/* Reads and parses one file as indexing would, without a database (for
 * --show-meta); applies the sidecar and manifest overrides when
 * manifest is not NULL. The caller frees *out. */
jx_status Jx_index_read_report(const char *path, const char *manifest,
                               jx_report **out, char **format, jx_error *err);

/* What a database holds and how up to date it is (--status). */
typedef struct jx_index_state {
    unsigned long reports;
    unsigned long passages;   /* live passages */
    unsigned long superseded; /* passages of changed or removed reports,
                               * masked until --compact */
    char *updated;            /* time of the last run, ISO 8601; "" if never */
    char **stale;     /* paths whose file is gone or changed since indexed */
    const char **why; /* for each stale path: "gone", "changed" or
                       * "sidecar" (its .meta file changed) */
    size_t n_stale;
} jx_index_state;

/* Reads the state of the database at db_path; the caller frees it with
 * Jx_index_state_clear. */
jx_status Jx_index_state_read(const char *db_path, jx_index_state *out,
                              jx_error *err);

/* Frees what a state owns. */
void Jx_index_state_clear(jx_index_state *state);

/* What Jx_index_check found. */
typedef struct jx_index_check_result {
    char **problems;    /* one line each: "passage part passages-2 is
                         * missing" */
    size_t n_problems;  /* 0: the database is sound */
    unsigned databases; /* Xapian databases read */
    unsigned long reports, passages; /* documents held */
} jx_index_check_result;

/* Checks that the database at db_path is whole. With full 0, the cheap
 * checks every indexing run and --status make: XAPIANDB lists a report
 * database and passage parts, each is there with its version file
 * (iamglass), opens and reads its first and last documents, and the
 * passage parts hold at least the passages the report records count.
 * With full 1 (--check), also Xapian's check of every table, each
 * report's own passages, and passages that belong to no report (reads
 * the whole database). With full -1, the report records are read only
 * when the parts hold no passage at all (what a search that found
 * nothing can afford). JX_ERR_DB_NOT_FOUND when db_path holds no
 * database at all (absent, or a folder without one); JX_OK otherwise,
 * the problems in *out. Free it with Jx_index_check_clear. */
jx_status Jx_index_check(const char *db_path, int full,
                         jx_index_check_result *out, jx_error *err);

/* Frees what a check result owns. */
void Jx_index_check_clear(jx_index_check_result *r);

/* The cheap checks of Jx_index_check as a status: JX_ERR_DB_CORRUPT,
 * with "damaged: " and the first problem in err, when the database at
 * db_path is damaged; else st, with err untouched (so a caller passes
 * the status of a failed open, and hears the damage behind it). quick
 * (for searches): full -1 of Jx_index_check. */
jx_status Jx_index_refuse_damaged(const char *db_path, int quick, jx_status st,
                                  jx_error *err);

#endif
