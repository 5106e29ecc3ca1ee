/* jx_strset.h: a set of strings (paths seen in a run, report keys, dead
 * passage tags): open addressing, copies of the strings owned by it. */
#ifndef JX_STRSET_H
#define JX_STRSET_H

#include <stddef.h>

#include "jx_status.h"

/* Zero-initialise (jx_strset s = {0};); free with Jx_strset_clear. */
typedef struct jx_strset {
    char **slots;
    size_t cap, count;
} jx_strset;

/* True when s is in the set. */
int Jx_strset_has(const jx_strset *set, const char *s);
/* Adds a copy of s (nothing when it is there already). */
jx_status Jx_strset_add(jx_strset *set, const char *s);
/* Frees the strings and the table, leaving an empty set. */
void Jx_strset_clear(jx_strset *set);

#endif
