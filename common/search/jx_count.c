/* jx_count.c: counting every match of a search from document-id arrays
 * (see jx_count.h and docs/design.md, "Counting"). */
#include "jx_count.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "jx_schema.h"

static int walks = 1; /* see Jx_count_set_walks */

int Jx_count_walks(void)
{
    return walks;
}

void Jx_count_set_walks(int on)
{
    walks = on != 0;
}

/* Orders 64-bit pairs (for qsort). */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Counts, for each value of names, the matches (docs) and the distinct
 * reports among them (distinct): a report's passages nearly always share
 * one value, so each report remembers the first value it was counted
 * under, and only a pair of a report and another value is kept aside,
 * made unique by sorting. */
static jx_status count_values(const unsigned *vals, const unsigned *reps,
                              size_t n, size_t n_vals, size_t n_reps,
                              unsigned long *docs, unsigned long *distinct,
                              jx_error *err)
{
    unsigned *first = malloc((n_reps ? n_reps : 1) * sizeof *first);
    uint64_t *other = NULL;
    size_t n_other = 0, cap = 0;
    if (!first)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n_reps; i++)
        first[i] = UINT_MAX;
    jx_status st = JX_OK;
    for (size_t i = 0; i < n; i++) {
        unsigned v = vals[i], r = reps[i];
        docs[v]++;
        if (first[r] == UINT_MAX) {
            first[r] = v;
            distinct[v]++;
        } else if (first[r] != v) {
            if (n_other == cap) {
                size_t c = cap ? 2 * cap : 64;
                uint64_t *p = realloc(other, c * sizeof *p);
                if (!p) {
                    st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
                    break;
                }
                other = p;
                cap = c;
            }
            other[n_other++] = (uint64_t)v << 32 | r;
        }
    }
    if (!st && n_other) {
        qsort(other, n_other, sizeof *other, cmp_u64);
        for (size_t i = 0; i < n_other; i++)
            if (i == 0 || other[i] != other[i - 1])
                distinct[other[i] >> 32]++;
    }
    (void)n_vals;
    free(other);
    free(first);
    return st;
}

jx_status Jx_count_matches(jx_db *db, const jx_query *cand, jx_decider_fn fn,
                           void *ctx, int by_slot,
                           jx_value_counts **per_report, jx_value_counts **by,
                           jx_docid **ids_out, size_t *n_ids, jx_error *err)
{
    jx_docid *ids = NULL;
    size_t n = 0;
    unsigned *reps = NULL, *vals = NULL;
    unsigned long *docs = NULL, *distinct = NULL;
    jx_column *rep_names = NULL, *val_names = NULL;
    *per_report = NULL;
    if (by)
        *by = NULL;
    jx_status st = Jx_db_match_ids(db, cand, fn, ctx, &ids, &n, err);
    if (!st && !(reps = malloc((n ? n : 1) * sizeof *reps)))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_db_value_ords(db, JX_SLOT_REPORT, ids, n, reps, &rep_names,
                              err);
    size_t n_reps = Jx_column_size(rep_names);
    if (!st && (!(docs = calloc(n_reps, sizeof *docs)) ||
                !(distinct = calloc(n_reps, sizeof *distinct))))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < n; i++)
        docs[reps[i]]++;
    for (size_t i = 0; !st && i < n_reps; i++)
        distinct[i] = docs[i] ? 1 : 0;
    if (!st)
        st = Jx_value_counts_from(rep_names, docs, distinct, per_report, err);
    if (!st && by && by_slot != JX_COUNT_NO_SLOT) {
        free(docs);
        free(distinct);
        docs = distinct = NULL;
        if (!(vals = malloc((n ? n : 1) * sizeof *vals)))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        if (!st)
            st = Jx_db_value_ords(db, (unsigned)by_slot, ids, n, vals,
                                  &val_names, err);
        size_t n_vals = Jx_column_size(val_names);
        if (!st && (!(docs = calloc(n_vals, sizeof *docs)) ||
                    !(distinct = calloc(n_vals, sizeof *distinct))))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        if (!st)
            st = count_values(vals, reps, n, n_vals, n_reps, docs, distinct,
                              err);
        if (!st)
            st = Jx_value_counts_from(val_names, docs, distinct, by, err);
    }
    if (st) {
        Jx_value_counts_free(*per_report);
        *per_report = NULL;
    }
    Jx_column_free(rep_names);
    Jx_column_free(val_names);
    free(docs);
    free(distinct);
    free(vals);
    free(reps);
    if (!st && ids_out) {
        *ids_out = ids;
        *n_ids = n;
    } else
        free(ids);
    return st;
}
