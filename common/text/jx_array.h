/* jx_array.h: the one way an array grows: room for more elements in a
 * malloc'ed array, by doubling its capacity. */
#ifndef JX_ARRAY_H
#define JX_ARRAY_H

#include <stddef.h>

#include "jx_status.h"

/* Makes room in the array whose pointer is at items (a T ** passed as
 * void *: &list->items) for need elements of size bytes, given that *cap
 * are allocated: when need > *cap, reallocates to a capacity doubled
 * from *cap (from 8 when 0) until it holds need, and updates the pointer
 * and *cap. JX_OK, or JX_ERR_NOMEM with the array and *cap unchanged.
 * Usage: if (Jx_array_reserve(&l->v, &l->cap, l->n + 1, sizeof *l->v)) */
jx_status Jx_array_reserve(void *items, size_t *cap, size_t need, size_t size);

#endif
