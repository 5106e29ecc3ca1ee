/* jx_query_slots.c: the value slots the check of a query reads. */
#include "jx_query_slots.h"

#include "jx_schema.h"

/* Adds the slots of n and its children to mask. */
static unsigned slots_of(const jx_qnode *n, unsigned mask)
{
    if (!n)
        return mask;
    switch (n->kind) {
    case JX_Q_YEAR:
        mask |= 1u << JX_SLOT_YEAR_TEXT;
        break;
    case JX_Q_SCORE:
    case JX_Q_NO_SCORE:
        mask |= 1u << JX_SLOT_SCORE;
        break;
    case JX_Q_DEPT:
        mask |= 1u << JX_SLOT_DEPT;
        break;
    case JX_Q_REGION:
        mask |= 1u << JX_SLOT_REGION;
        break;
    case JX_Q_GRADE:
        mask |= 1u << JX_SLOT_GRADE;
        break;
    case JX_Q_TYPE:
        mask |= 1u << JX_SLOT_TYPE;
        break;
    default: /* text, title (through the report tag), operators */
        break;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        mask = slots_of(n->kids[i], mask);
    return mask;
}

unsigned Jx_query_slots(const jx_qnode *root)
{
    return slots_of(root, (1u << JX_SLOT_REPORT) | (1u << JX_SLOT_TEXT));
}
