/* jx_strset.c: the string set, linear probing at most half full. */
#include "jx_strset.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a of a C string. */
static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The slot where s is, or the empty slot where it would go. */
static size_t find(const jx_strset *set, const char *s)
{
    size_t i = hash(s) & (set->cap - 1);
    while (set->slots[i] && strcmp(set->slots[i], s) != 0)
        i = (i + 1) & (set->cap - 1);
    return i;
}

int Jx_strset_has(const jx_strset *set, const char *s)
{
    return set->cap && set->slots[find(set, s)] != NULL;
}

/* Doubles the table and re-places every string. */
static jx_status grow(jx_strset *set)
{
    size_t cap = set->cap ? set->cap * 2 : 256;
    jx_strset bigger = {calloc(cap, sizeof(char *)), cap, set->count};
    if (!bigger.slots)
        return JX_ERR_NOMEM;
    for (size_t i = 0; i < set->cap; i++)
        if (set->slots[i])
            bigger.slots[find(&bigger, set->slots[i])] = set->slots[i];
    free(set->slots);
    *set = bigger;
    return JX_OK;
}

jx_status Jx_strset_add(jx_strset *set, const char *s)
{
    if ((set->count + 1) * 2 > set->cap && grow(set))
        return JX_ERR_NOMEM;
    size_t i = find(set, s);
    if (set->slots[i])
        return JX_OK;
    if (!(set->slots[i] = strdup(s)))
        return JX_ERR_NOMEM;
    set->count++;
    return JX_OK;
}

void Jx_strset_clear(jx_strset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slots[i]);
    free(set->slots);
    memset(set, 0, sizeof *set);
}
