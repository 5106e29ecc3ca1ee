/* jx_index_prune.c: what leaves a database: the reports of files gone
 * from the roots of a run (pruning), of paths given to --remove, and,
 * after a killed run, the reports whose passages were never committed. */
#include "jx_index_internal.h"

#include "jx_buf.h"
#include "jx_copies.h"
#include "jx_formats.h"
#include "jx_overrides.h"
#include "jx_passage_doc.h"
#include "jx_passage_writer.h"
#include "jx_record.h"
#include "jx_schema.h"
#include "jx_store.h"
#include "jx_strset.h"
#include "jx_text.h"
#include "jx_text_store.h"
#include "jx_tokenize.h"
#include "jx_xapian.h"
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The generation of a tag (key@generation), and its key into key. */
static unsigned long split_tag(const char *tag, char key[JX_KEY_LEN + 1])
{
    const char *at = strchr(tag, '@');
    snprintf(key, JX_KEY_LEN + 1, "%.*s",
             (int)(at ? (size_t)(at - tag) : strlen(tag)), tag);
    return at ? strtoul(at + 1, NULL, 10) : 0;
}

/* Index in tags of the tag with key, or -1. */
static long tag_with_key(char *const *tags, size_t n, const char *key)
{
    size_t klen = strlen(key);
    for (size_t i = 0; i < n; i++)
        if (strncmp(tags[i], key, klen) == 0 && tags[i][klen] == '@')
            return (long)i;
    return -1;
}

/* Repairs what a run killed between the two commits of a batch left:
 * reports whose passages were never committed. One that replaced an
 * older version of itself (--force) gets that version's tag back, whose
 * passages are still there: it stays searchable and is not read again.
 * The others are deleted, so that this run indexes their files again.
 * What the batch superseded and is not given back is dead. */
jx_status Jx_index_drop_lost_reports(jx_indexer *ix, jx_error *err)
{
    char *const *lost, *const *sup;
    size_t n, n_sup;
    Jx_store_lost(ix->store, &lost, &n, &sup, &n_sup);
    char *kept = n_sup ? calloc(n_sup, 1) : NULL;
    jx_status st = n_sup && !kept
                       ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
                       : JX_OK;
    for (size_t i = 0; !st && i < n; i++) {
        char key[JX_KEY_LEN + 1];
        unsigned long gen = split_tag(lost[i], key);
        /* with several passage parts, some may hold part of the batch */
        if (Jx_store_part_count(ix->store) > 1)
            st = Jx_store_mark_dead(ix->store, lost[i], err);
        jx_report_record rec = {0};
        int found = 0;
        if (!st)
            st = Jx_index_find_report(ix, JX_PREFIX_REPORT_ID, key, &rec,
                                      &found, err);
        long old = found ? tag_with_key(sup, n_sup, key) : -1;
        if (!st && found && rec.generation == gen && old >= 0) {
            char ignored[JX_KEY_LEN + 1];
            rec.generation = split_tag(sup[old], ignored);
            kept[old] = 1;
            st = Jx_index_put_report_doc(ix, &rec, err);
        } else if (!st && found && rec.generation == gen) {
            jx_buf term = {0};
            if (Jx_term_for(JX_PREFIX_REPORT_ID, key, &term))
                st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
            else
                st = Jx_wdb_delete(Jx_store_reports(ix->store), term.data,
                                   term.len, err);
            Jx_buf_clear(&term);
        }
        Jx_report_record_clear(&rec);
    }
    for (size_t i = 0; !st && i < n_sup; i++) {
        char key[JX_KEY_LEN + 1];
        unsigned long gen = split_tag(sup[i], key);
        jx_report_record rec = {0};
        int found = 0;
        if (!kept[i])
            st = Jx_index_find_report(ix, JX_PREFIX_REPORT_ID, key, &rec,
                                      &found, err);
        if (!st && !kept[i] && !(found && rec.generation == gen))
            st = Jx_store_mark_dead(ix->store, sup[i], err);
        Jx_report_record_clear(&rec);
    }
    free(kept);
    return (n || n_sup) && !st ? Jx_index_commit(ix, err) : st;
}

/* True when path was under a root of this run but not seen in it (and
 * not under a folder that could not be read). */
static int gone(const jx_indexer *ix, const char *path)
{
    if (Jx_strset_has(&ix->seen, path) ||
        Jx_index_under_any(path, ix->kept, ix->n_kept))
        return 0;
    for (size_t i = 0; i < ix->n_roots; i++)
        if (Jx_index_under_root(path, ix->roots[i]))
            return 1;
    return 0;
}

/* Decides whether a stored path of a report goes (non-zero) or stays. */
typedef int (*path_filter)(const jx_indexer *ix, const char *path, void *ctx);

/* Drops from every report the paths that drop_it picks; a report left
 * without a path is deleted. *dropped counts the paths dropped and
 * *kept the reports that lost paths but keep others (either may be
 * NULL). */
static jx_status drop_paths(jx_indexer *ix, path_filter drop_it, void *ctx,
                            unsigned long *dropped, unsigned long *kept,
                            jx_error *err)
{
    key_list list = {0};
    jx_status st = Jx_db_each_term(ix->reader, JX_PREFIX_REPORT_ID,
                                   strlen(JX_PREFIX_REPORT_ID),
                                   Jx_index_collect_key, &list, err);
    if (st == JX_ERR_INTERRUPTED)
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (size_t k = 0; !st && k < list.n; k++) {
        jx_report_record rec = {0};
        int found = 0;
        st = Jx_index_find_report(ix, JX_PREFIX_REPORT_ID, list.keys[k].hex,
                                  &rec, &found, err);
        size_t i = 0, n_dropped = 0;
        while (!st && found && i < rec.n_paths) {
            if (!drop_it(ix, rec.paths[i].path, ctx)) {
                i++;
                continue;
            }
            int last = rec.n_paths == 1;
            n_dropped++;
            st = Jx_index_drop_path(ix, &rec, i, err);
            if (last)
                break;
        }
        if (!st && found && n_dropped && Jx_copies_orphaned(&rec))
            st = Jx_index_promote_copy(ix, &rec, err);
        if (dropped)
            *dropped += n_dropped;
        if (kept && found && n_dropped && rec.n_paths > 0)
            (*kept)++;
        Jx_report_record_clear(&rec);
    }
    free(list.keys);
    return st;
}

/* A path_filter: the paths not seen in this run under its roots. */
static int is_gone(const jx_indexer *ix, const char *path, void *ctx)
{
    (void)ctx;
    return gone(ix, path);
}

/* Removes the paths not seen in this run from every report. */
jx_status Jx_index_prune(jx_indexer *ix, jx_error *err)
{
    return drop_paths(ix, is_gone, NULL, NULL, NULL, err);
}

/* The folder (or file) --remove takes out, as given and as resolved. */
typedef struct removal {
    const char *abs;
    char *real; /* NULL when it cannot be resolved (gone) */
} removal;

/* A path_filter: the paths at or under the removal's path. */
static int is_removed(const jx_indexer *ix, const char *path, void *ctx)
{
    const removal *rm = ctx;
    (void)ix;
    return Jx_index_under_root(path, rm->abs) ||
           (rm->real && Jx_index_under_root(path, rm->real));
}

/* Takes the paths under path out of every report; see jx_index.h. */
jx_status Jx_indexer_remove(jx_indexer *ix, const char *path,
                            unsigned long *reports, unsigned long *kept,
                            unsigned long *paths, jx_error *err)
{
    *reports = *kept = *paths = 0;
    char *abs = Jx_index_absolute_path(path);
    if (!abs)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    /* a folder given through a link was indexed by its real path */
    removal rm = {abs, realpath(abs, NULL)};
    unsigned long removed_before = ix->stats.reports_removed;
    jx_status st = drop_paths(ix, is_removed, &rm, paths, kept, err);
    *reports = ix->stats.reports_removed - removed_before;
    free(rm.real);
    free(abs);
    return st;
}
