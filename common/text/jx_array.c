/* jx_array.c: growing an array by doubling (jx_array.h). */
#include "jx_array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The pointer is read and written through memcpy: items is a T **, and a
 * T * may not be accessed as a void * directly. */
jx_status Jx_array_reserve(void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return JX_OK;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return JX_ERR_NOMEM;
        c *= 2;
    }
    if (size && c > SIZE_MAX / size)
        return JX_ERR_NOMEM;
    void *p;
    memcpy(&p, items, sizeof p);
    void *q = realloc(p, c * size);
    if (!q)
        return JX_ERR_NOMEM;
    memcpy(items, &q, sizeof q);
    *cap = c;
    return JX_OK;
}
