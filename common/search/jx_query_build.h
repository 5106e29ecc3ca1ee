/* jx_query_build.h: query building -- a request (query string and filter
 * options) to a query tree, and a tree to the Xapian query of its
 * candidates. */
#ifndef JX_QUERY_BUILD_H
#define JX_QUERY_BUILD_H

#include "jx_query_parse.h"
#include "jx_search_types.h"
#include "jx_status.h"
#include "jx_xapian.h"

/* The tree of a request: its query string (Jx_query_parse) AND every
 * filter option given; with nothing asked, every report for a listing
 * or a count, else JX_ERR_QUERY. The caller frees *out. */
jx_status Jx_search_tree_build(const jx_search_request *req, jx_qnode **out,
                               jx_error *err);

/* Rewrites the tree at *slot into one that means the same with less work
 * (NOT NOT x is x, nested ANDs and ORs flattened, repeated children
 * dropped, one-child ANDs and ORs lifted). */
jx_status Jx_search_tree_simplify(jx_qnode **slot, jx_error *err);

/* JX_ERR_QUERY when the tree is deeper, or has more strings or single
 * characters, than JX_MAX_QUERY_DEPTH, _STRINGS, _CHARS allow. */
jx_status Jx_search_tree_bound(const jx_qnode *root, jx_error *err);

/* True when the Xapian query of the tree matches exactly what it means,
 * so no candidate needs checking against the text. */
int Jx_search_tree_is_exact(const jx_qnode *n);

/* A Xapian query matching at least every passage the node matches
 * (exactly those when Jx_search_tree_is_exact). The caller frees *out. */
jx_status Jx_search_candidates(jx_db *db, const jx_qnode *n, jx_query **out,
                               jx_error *err);

/* The boolean query of one metadata term: prefix followed by value. */
jx_status Jx_search_meta_term(const char *prefix, const char *value,
                              jx_query **out, jx_error *err);

#endif
