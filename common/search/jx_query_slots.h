/* jx_query_slots.h: which value slots the check of a query tree reads,
 * so that a search over remote shards brings only those (jx_xapian.h,
 * Jx_enquire_decider_slots). */
#ifndef JX_QUERY_SLOTS_H
#define JX_QUERY_SLOTS_H

#include "jx_query_parse.h"

/* A bit per value slot (1u << slot) the decider of Jx_search reads for
 * this tree: the report tag and the text always, and the slot of each
 * metadata filter in it. */
unsigned Jx_query_slots(const jx_qnode *root);

#endif
