/* jx_store.h: the on-disk layout of a jixiao database, for writers. A
 * database is a folder holding a Xapian stub file (XAPIANDB) that lists
 *  - "reports": report documents, with termlists, so they can be
 *    replaced and deleted; its metadata holds the run counter, the dead
 *    list, the superseded list and the passage watermark;
 *  - "passages-N": passage documents, without termlists (half the size,
 *    1.6x faster to write), so they are never deleted one by one.
 * A report's passages carry its tag (key@generation). When a report
 * goes, its old tag is put on the dead list, which searches mask; when
 * it is indexed again (--force), its old tag is "superseded": masked
 * only once the new passages are committed, so readers never lose it.
 * jx_store compaction rebuilds the passages without the dead ones.
 * Readers open the folder as one Xapian database (Jx_db_open). */
#ifndef JX_STORE_H
#define JX_STORE_H

#include <stddef.h>

#include "jx_record.h"
#include "jx_status.h"
#include "jx_xapian.h"

typedef struct jx_store jx_store;

/* Opens the database folder for writing, creating it when needed. Locks
 * it: JX_ERR_DB_LOCKED when another writer holds it. Removes the passage
 * databases the stub does not list (what a failed or killed merge or
 * compaction left). Starts a new run
 * (generation). When a run was killed between committing its reports and
 * its passages, the tags of that batch are kept for Jx_store_lost. */
jx_status Jx_store_open(const char *path, jx_store **out, jx_error *err);

/* After a run was killed (or failed) between the two commits of a batch:
 * *written are the tags of the reports that batch wrote, whose passages
 * were never committed; *superseded the tags that batch superseded, whose
 * passages are still there and still searchable (the caller gives each
 * report of *written back its superseded tag when it has one, deletes
 * the others so their files are indexed again, and marks dead what it
 * does not give back). Owned by the store, valid until the next commit. */
void Jx_store_lost(const jx_store *s, char *const **written, size_t *n_written,
                   char *const **superseded, size_t *n_superseded);

/* Records that passages with tag were written in the current batch. */
jx_status Jx_store_note_written(jx_store *s, const char *tag, jx_error *err);

/* The writer and a reader of the report database (sees uncommitted
 * changes), and a reader of the first passage part (Jx_store_part gives
 * the writers). Owned by the store. */
jx_wdb *Jx_store_reports(jx_store *s);
jx_db *Jx_store_reports_reader(jx_store *s);
jx_db *Jx_store_passages_reader(jx_store *s);

/* This run's generation number. */
unsigned long Jx_store_generation(const jx_store *s);

/* Puts a passage tag on the dead list (at once, with the next commit). */
jx_status Jx_store_mark_dead(jx_store *s, const char *tag, jx_error *err);

/* Marks the passages with tag as replaced by passages written in this
 * batch: readers go on seeing them until this batch's passages are
 * committed, then they are dead. */
jx_status Jx_store_supersede(jx_store *s, const char *tag, jx_error *err);

/* Records that the report with key (a hex key) lost its last path in
 * this batch. Its document stays, without paths, so that a file met
 * later in the batch with the same bytes takes it over instead of being
 * indexed again (two files that swap contents); at the commit, if it
 * still has no path, it is deleted and its tag put on the dead list. */
jx_status Jx_store_orphan(jx_store *s, const char *key, jx_error *err);

/* How many reports Jx_store_orphan's rule deleted in this run. */
unsigned long Jx_store_orphans_removed(const jx_store *s);

/* How many reports written in this run (Jx_store_note_written) are
 * committed with their passages. */
unsigned long Jx_store_committed(const jx_store *s);

/* How many tags are on the dead list. */
size_t Jx_store_dead_count(const jx_store *s);

/* Deletes the orphans still without a path, then commits the reports,
 * with the dead and superseded lists, the passage count expected after
 * this commit and the tags of the batch, then the passages. A reader
 * never sees passages whose reports are not there yet, and sees the
 * superseded passages until their replacements are committed; a kill
 * between the two commits leaves reports without passages, which the
 * next open finds (Jx_store_lost). */
jx_status Jx_store_commit(jx_store *s, jx_error *err);

/* Passage parts: parallel writers each write one (part 0 is the one
 * Jx_store_passages_reader reads). How many there are, and part k's
 * writer. */
unsigned Jx_store_part_count(const jx_store *s);
jx_wdb *Jx_store_part(jx_store *s, unsigned k);

/* Adds empty parts until there are n (at most 8), listed in the stub
 * (readers search them all); commits of the store commit every part. */
jx_status Jx_store_set_parts(jx_store *s, unsigned n, jx_error *err);

/* Merges the parts into one new passage database (Xapian's compaction,
 * which also packs it), lists that alone in the stub and removes the
 * parts. Call after a commit; nothing to do with one part. */
jx_status Jx_store_merge_parts(jx_store *s, jx_error *err);

/* Starts rebuilding the passages into a new, empty passage database;
 * *out is its writer (owned by the store). */
jx_status Jx_store_rebuild_begin(jx_store *s, jx_wdb **out, jx_error *err);

/* Commits the rebuilt passages, lists them in the stub in place of the
 * old ones (an atomic rename), empties the dead list and removes the old
 * passage database. */
jx_status Jx_store_rebuild_end(jx_store *s, jx_error *err);

/* Gives up a rebuild begun by Jx_store_rebuild_begin that
 * Jx_store_rebuild_end did not finish (it failed, on a full disk say):
 * the new passage database is closed and removed, so its space is free
 * again; the old one stays listed. Nothing to do otherwise. */
void Jx_store_rebuild_abort(jx_store *s);

/* Closes the store; what was not committed is discarded. */
void Jx_store_close(jx_store *s);

/* Finds the report document holding prefix+value (JX_PREFIX_REPORT_ID
 * and a key, or JX_PREFIX_PATH and a path) in db and reads its record
 * into rec (freed with Jx_report_record_clear); *found is 0, and rec
 * untouched, when no document holds the term. */
jx_status Jx_report_record_find(jx_db *db, const char *prefix,
                                const char *value, jx_report_record *rec,
                                int *found, jx_error *err);

/* Reads the tags to mask in a database opened for reading: the dead list,
 * and the superseded list once the passages that replace it are there.
 * A reader that sees fewer documents than the last batch's commits make
 * (between them, or after a crash there) masks that batch's tags
 * instead: it sees the state before the batch.
 * *tags is a malloc'd array of malloc'd strings (free with
 * Jx_store_free_tags). */
jx_status Jx_store_read_dead(jx_db *db, char ***tags, size_t *n,
                             jx_error *err);

/* Frees what Jx_store_read_dead returned. */
void Jx_store_free_tags(char **tags, size_t n);

#endif
