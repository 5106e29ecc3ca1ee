/* jx_count.h: counting every match of a search at the speed of the
 * postings: the matching passages' ids from a direct walk of the
 * query's postings (Jx_db_match_ids), then their report, and the value
 * they are counted by, from columns indexed by document id
 * (Jx_db_value_ords), so that a match costs an array read, not a match
 * spy's call and hash. The figures are the ones the counting spies of
 * jx_search.c give (the same value counts), and are tested against them
 * in test_count. */
#ifndef JX_COUNT_H
#define JX_COUNT_H

#include "jx_status.h"
#include "jx_xapian.h"

/* No count_by: Jx_count_matches counts reports only. */
#define JX_COUNT_NO_SLOT (-1)

/* Counts the documents cand matches that fn (when not NULL) keeps:
 * *per_report gets, for each value of the report slot, its matching
 * passages; *by (when by_slot is a slot) for each value of by_slot its
 * passages and distinct reports. Both are as the spies of
 * Jx_enquire_count_values(slot, JX_SLOT_REPORT) would fill them; the
 * caller frees them with Jx_value_counts_free. When ids is not NULL,
 * *ids (malloc'd, the caller frees it) and *n_ids get the matching
 * documents' ids, ascending. */
jx_status Jx_count_matches(jx_db *db, const jx_query *cand, jx_decider_fn fn,
                           void *ctx, int by_slot,
                           jx_value_counts **per_report, jx_value_counts **by,
                           jx_docid **ids, size_t *n_ids, jx_error *err);

/* Whether Jx_search counts every match this way (1, the default) or
 * with Xapian's match spies (0), as it did before: tests compare the
 * two, and the benchmark can time both. Process-wide, not thread-safe:
 * set it before searching. */
int Jx_count_walks(void);
void Jx_count_set_walks(int on);

#endif
