/* jx_query_build.c: where a query string becomes a Xapian query. The
 * request's query string (parsed by jx_query_parse.c) and filter options
 * become one query tree, which is simplified and bounded; then each node
 * becomes a Xapian query that finds every passage it matches and perhaps
 * a few more (the index has no positions: a string is the AND of its
 * bigrams). A tree whose Xapian query is exact at the term level needs no
 * check of the text (jx_match.c). */
#include "jx_query_build.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_array.h"
#include "jx_buf.h"
#include "jx_match.h"
#include "jx_schema.h"
#include "jx_strset.h"
#include "jx_text.h"
#include "jx_tokenize.h"

/* ---- building the tree ------------------------------------------------- */

/* A growable list of nodes. */
typedef struct node_list {
    jx_qnode **v;
    size_t n, cap;
} node_list;

/* Appends node to a list of nodes (which takes it, or frees it). */
static jx_status list_add(node_list *list, jx_qnode *node, jx_error *err)
{
    if (Jx_array_reserve(&list->v, &list->cap, list->n + 1, sizeof *list->v)) {
        Jx_qnode_destroy(node);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    list->v[list->n++] = node;
    return JX_OK;
}

/* Adds the filter of an option to the list when the option was given. */
static jx_status add_filter(node_list *list, const char *field,
                            const char *value, jx_error *err)
{
    if (!value)
        return JX_OK;
    jx_qnode *node = NULL;
    jx_status st = Jx_qnode_filter(field, value, &node, err);
    return st ? st : list_add(list, node, err);
}

/* The tree of a request: the query AND every filter option. */
jx_status Jx_search_tree_build(const jx_search_request *req, jx_qnode **out,
                               jx_error *err)
{
    node_list kids = {0};
    jx_qnode *node = NULL;
    jx_status st = JX_OK;
    const jx_filters *f = &req->filters;
    if (req->query && *req->query) {
        st = Jx_query_parse(req->query, &node, err);
        if (!st)
            st = list_add(&kids, node, err);
    }
    if (!st)
        st = add_filter(&kids, "year", f->year, err);
    if (!st)
        st = add_filter(&kids, "dept", f->dept, err);
    if (!st)
        st = add_filter(&kids, "region", f->region, err);
    if (!st)
        st = add_filter(&kids, "title", f->title, err);
    if (!st)
        st = add_filter(&kids, "score", f->score, err);
    if (!st)
        st = add_filter(&kids, "grade", f->grade, err);
    if (!st)
        st = add_filter(&kids, "type", f->type, err);
    /* Nothing asked: a listing or a count is of every report (an empty
     * AND matches every passage); a search needs something to find. */
    if (!st && kids.n == 0 &&
        (req->reports_only || req->count_by != JX_COUNT_NONE)) {
        jx_qnode *none[1] = {NULL}; /* memcpy needs a pointer, even for 0 */
        return Jx_qnode_combine(JX_Q_AND, none, 0, out, err);
    }
    if (!st && kids.n == 0)
        st = Jx_error_set(err, JX_ERR_QUERY,
                          "empty query: give words to search for or a "
                          "filter such as --year (--list-reports alone "
                          "lists every report)");
    if (!st && kids.n == 1) {
        *out = kids.v[0];
        free(kids.v);
        return JX_OK;
    }
    if (!st) { /* combine copies the list and takes the nodes */
        st = Jx_qnode_combine(JX_Q_AND, kids.v, kids.n, out, err);
        free(kids.v);
        return st;
    }
    for (size_t i = 0; i < kids.n; i++)
        Jx_qnode_destroy(kids.v[i]);
    free(kids.v);
    return st;
}

/* ---- simplifying and bounding the tree --------------------------------- */

/* True when two trees mean the same by their structure: same kinds,
 * strings (search forms), bounds and children in the same order. */
static int same_tree(const jx_qnode *a, const jx_qnode *b)
{
    if (a->kind != b->kind || a->section != b->section || a->lo != b->lo ||
        a->hi != b->hi || a->form_len != b->form_len ||
        a->n_kids != b->n_kids || !a->text != !b->text)
        return 0;
    if (a->form_len && memcmp(a->form, b->form, a->form_len) != 0)
        return 0;
    if (!a->form && a->text && strcmp(a->text, b->text) != 0)
        return 0;
    for (size_t i = 0; i < a->n_kids; i++)
        if (!same_tree(a->kids[i], b->kids[i]))
            return 0;
    return 1;
}

/* Replaces *slot (an AND, OR or NOT node) with its child i, freeing the
 * rest. */
static void lift_kid(jx_qnode **slot, size_t i)
{
    jx_qnode *n = *slot;
    *slot = n->kids[i];
    n->kids[i] = NULL;
    for (size_t k = 0; k < n->n_kids; k++)
        Jx_qnode_destroy(n->kids[k]);
    n->n_kids = 0;
    Jx_qnode_destroy(n);
}

/* Rewrites the tree into one that means the same with less work: NOT
 * NOT x is x; an AND inside an AND (an OR inside an OR) gives its
 * children to its parent; a child equal to an earlier sibling is
 * dropped (x x is x, x OR x is x); an AND or OR left with one child is
 * that child. So a string repeated a thousand times is one string, and
 * (的 OR (的 OR (...))) nested five hundred deep is 的. Children keep
 * their order (the first of equal ones stays). */
jx_status Jx_search_tree_simplify(jx_qnode **slot, jx_error *err)
{
    jx_qnode *n = *slot;
    for (size_t i = 0; i < n->n_kids; i++) {
        jx_status st = Jx_search_tree_simplify(&n->kids[i], err);
        if (st)
            return st;
    }
    if (n->kind == JX_Q_NOT) {
        if (n->kids[0]->kind == JX_Q_NOT)
            lift_kid(&n->kids[0], 0), lift_kid(slot, 0);
        return JX_OK;
    }
    if (n->kind != JX_Q_AND && n->kind != JX_Q_OR)
        return JX_OK;
    size_t total = 0;
    for (size_t i = 0; i < n->n_kids; i++)
        total += n->kids[i]->kind == n->kind ? n->kids[i]->n_kids : 1;
    jx_qnode **kids = malloc((total ? total : 1) * sizeof *kids);
    if (!kids)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n->n_kids; i++) {
        jx_qnode *k = n->kids[i];
        int splice = k->kind == n->kind; /* k may be freed below */
        size_t nk = splice ? k->n_kids : 1;
        for (size_t j = 0; j < nk; j++) {
            jx_qnode *c = splice ? k->kids[j] : k;
            int dup = 0;
            for (size_t e = 0; e < m && !dup; e++)
                dup = same_tree(kids[e], c);
            if (dup)
                Jx_qnode_destroy(c);
            else
                kids[m++] = c;
        }
        if (splice) { /* its children moved or were freed */
            k->n_kids = 0;
            Jx_qnode_destroy(k);
        }
    }
    free(n->kids);
    n->kids = kids;
    n->n_kids = m;
    if (m == 1)
        lift_kid(slot, 0);
    return JX_OK;
}

/* What a tree costs, counted by measure(): its depth in AND, OR and NOT
 * nodes, its strings and fields, and its strings of one character
 * (each stands for every term that starts with the character). */
typedef struct tree_cost {
    size_t depth, leaves, prefixes;
} tree_cost;

static int han_before(const char *s, size_t offset);

/* A string's one-character runs, counted by count_prefix. */
typedef struct prefix_count {
    const char *form;
    size_t n;
} prefix_count;

/* Counts a one-character run of a string: a unigram that no Han
 * character comes before, which becomes a prefix query (token_query). */
static int count_prefix(const jx_token *t, void *ctx)
{
    prefix_count *pc = ctx;
    if (t->kind == JX_TOKEN_UNIGRAM && !han_before(pc->form, t->offset))
        pc->n++;
    return 0;
}

/* Adds up the cost of the tree under n, at depth. */

static void measure(const jx_qnode *n, size_t depth, tree_cost *c)
{
    if (n->n_kids == 0) {
        c->leaves++;
        if (n->kind == JX_Q_TEXT) {
            prefix_count pc = {n->form, 0};
            Jx_tokenize(n->form, n->form_len, count_prefix, &pc);
            c->prefixes += pc.n;
        }
        return;
    }
    if (depth + 1 > c->depth)
        c->depth = depth + 1;
    for (size_t i = 0; i < n->n_kids; i++)
        measure(n->kids[i], depth + 1, c);
}

/* Refuses a tree that would take too long to search, after
 * simplification: see docs/limits.md for what these bound. */
jx_status Jx_search_tree_bound(const jx_qnode *root, jx_error *err)
{
    tree_cost c = {0, 0, 0};
    measure(root, 0, &c);
    if (c.depth > JX_MAX_QUERY_DEPTH)
        return Jx_error_set(err, JX_ERR_QUERY,
                            "query nested too deeply (%zu levels of AND, OR "
                            "and NOT; the limit is %d)",
                            c.depth, JX_MAX_QUERY_DEPTH);
    if (c.leaves > JX_MAX_QUERY_STRINGS)
        return Jx_error_set(err, JX_ERR_QUERY,
                            "too many different strings and fields in the "
                            "query (%zu; the limit is %d)",
                            c.leaves, JX_MAX_QUERY_STRINGS);
    if (c.prefixes > JX_MAX_QUERY_CHARS)
        return Jx_error_set(err, JX_ERR_QUERY,
                            "too many single characters in the query (%zu "
                            "standing alone; the limit is %d)",
                            c.prefixes, JX_MAX_QUERY_CHARS);
    return JX_OK;
}

/* ---- exactness and candidates ------------------------------------------ */

/* What exact_tok finds: the query terms a string needs, and how much of
 * the string they cover. */
typedef struct term_span {
    const char *form;
    size_t terms;
    size_t start, end;
} term_span;

static int han_before(const char *s, size_t offset);

/* Counts a token that becomes a query term (see token_query), and the
 * span it covers. */
static int exact_tok(const jx_token *t, void *ctx)
{
    term_span *ts = ctx;
    if (t->kind == JX_TOKEN_UNIGRAM && han_before(ts->form, t->offset))
        return 0; /* the end of a longer run: not a query term */
    if (ts->terms++ == 0)
        ts->start = t->offset;
    ts->end = t->offset + t->len;
    return 0;
}

/* True when the Xapian query of node matches exactly what node means,
 * so no candidate needs checking against the text: a string that is one
 * term, covering the whole string (not "35%", whose "%" the term lacks),
 * and trees of such strings and of filters. */
int Jx_search_tree_is_exact(const jx_qnode *n)
{
    if (n->kind == JX_Q_TEXT) {
        term_span ts = {n->form, 0, 0, 0};
        Jx_tokenize(n->form, n->form_len, exact_tok, &ts);
        return !n->section && ts.terms == 1 && ts.start == 0 &&
               ts.end == n->form_len;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        if (!Jx_search_tree_is_exact(n->kids[i]))
            return 0;
    return 1;
}

/* Collects the subqueries of a string while tokenizing it: terms, and
 * apart from them the prefixes of one-character runs. */
typedef struct term_list {
    jx_query **q;
    size_t n, cap;
    jx_query **prefixes;
    size_t n_prefixes, cap_prefixes;
    jx_db *db;              /* for the terms' frequencies; NULL: none */
    unsigned long min_freq; /* of the rarest term (not prefix) so far */
    const char *form;
    size_t run_start; /* offset of the current Han run's first char */
    jx_status status;
    jx_error *err;
    jx_strset seen; /* the terms and prefixes taken so far */
} term_list;

/* True when the token (a term, or a prefix when prefix) was taken
 * already; else records it. A string that repeats a bigram (的的的...)
 * asks for it once. */
static int seen_before(term_list *tl, const jx_token *t, int prefix)
{
    char key[80];
    if (t->len + 2 > sizeof key)
        return 0;
    key[0] = prefix ? 'P' : 'T';
    memcpy(key + 1, t->text, t->len);
    key[t->len + 1] = '\0';
    if (Jx_strset_has(&tl->seen, key))
        return 1;
    if (Jx_strset_add(&tl->seen, key))
        tl->status = Jx_error_set(tl->err, JX_ERR_NOMEM, "out of memory");
    return 0;
}

/* Adds one subquery to a list (which takes it, or frees it); returns 0,
 * or non-zero with tl->status set (a Jx_tokenize callback's stop). */
static int push_query(term_list *tl, jx_query ***list, size_t *n, size_t *cap,
                      jx_query *q)
{
    if (Jx_array_reserve(list, cap, *n + 1, sizeof **list)) {
        Jx_query_destroy(q);
        tl->status = Jx_error_set(tl->err, JX_ERR_NOMEM, "out of memory");
        return 1;
    }
    (*list)[(*n)++] = q;
    return 0;
}

/* Frees a list of subqueries. */
static void free_queries(jx_query **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        Jx_query_destroy(list[i]);
    free(list);
}

/* True when the character that ends just before offset in s is Han. */
static int han_before(const char *s, size_t offset)
{
    size_t i = offset;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return 0;
    uint32_t cp;
    Jx_utf8_decode(s + i - 1, offset - i + 1, &cp);
    return Jx_is_han(cp);
}

/* Turns query tokens into terms: bigrams and words as they are; the
 * unigram that ends a run only when the run is one character long, and
 * then as a prefix (every occurrence of a character starts a bigram or
 * ends a run). A longer run's last unigram is not required: in the text
 * the run may go on. */
static int token_query(const jx_token *t, void *ctx)
{
    term_list *tl = ctx;
    jx_query *q = NULL;
    if (t->kind == JX_TOKEN_UNIGRAM) {
        if (han_before(tl->form, t->offset) || seen_before(tl, t, 1))
            return tl->status ? 1 : 0;
        tl->status = Jx_query_prefix(t->text, t->len, &q, tl->err);
        return tl->status ? 1
                          : push_query(tl, &tl->prefixes, &tl->n_prefixes,
                                       &tl->cap_prefixes, q);
    }
    if (seen_before(tl, t, 0))
        return 0;
    if (tl->status)
        return 1;
    unsigned long freq = 0;
    tl->status = tl->db
                     ? Jx_db_termfreq(tl->db, t->text, t->len, &freq, tl->err)
                     : JX_OK;
    if (!tl->status && (!tl->n || freq < tl->min_freq))
        tl->min_freq = freq;
    if (!tl->status)
        tl->status = Jx_query_term(t->text, t->len, 1, &q, tl->err);
    return tl->status ? 1 : push_query(tl, &tl->q, &tl->n, &tl->cap, q);
}

/* The AND of a string's terms (deduplicated by Xapian's AND). A string
 * whose rarest other term is in at most 1/PREFIX_DROP_RATIO of the
 * documents leaves out its one-character prefixes: the check of each
 * candidate (a string of several terms is never exact) finds the
 * character, and the union of every bigram that starts with it costs
 * more to walk than checking those few candidates (２０１７年, with 2017 in
 * 4.7% of the passages: 60 against 14 ms at 200 MB). With a common word
 * the checks cost more than the union (２．指, 2 in 13.5%: 60 against
 * 190 ms), so the prefix stays. */
#define PREFIX_DROP_RATIO 20
static jx_status text_query(jx_db *db, const jx_qnode *n, jx_query **out,
                            jx_error *err)
{
    term_list tl = {NULL, 0,       0, NULL,  0,   0,  db,
                    0,    n->form, 0, JX_OK, err, {0}};
    unsigned long docs = 0;
    jx_status st = Jx_db_doccount(db, &docs, err);
    if (!st) {
        Jx_tokenize(n->form, n->form_len, token_query, &tl);
        st = tl.status;
    }
    if (!st && tl.n + tl.n_prefixes == 0)
        st = Jx_error_set(err, JX_ERR_QUERY,
                          "nothing to search for in that string");
    int drop = tl.n && tl.min_freq <= docs / PREFIX_DROP_RATIO;
    for (size_t i = 0; !st && !drop && i < tl.n_prefixes; i++) {
        jx_query *q = tl.prefixes[i]; /* moves to the terms */
        tl.prefixes[i] = NULL;
        if (push_query(&tl, &tl.q, &tl.n, &tl.cap, q))
            st = tl.status;
    }
    if (!st)
        st = Jx_query_combine(JX_QUERY_AND, tl.q, tl.n, out, err);
    free_queries(tl.q, tl.n);
    free_queries(tl.prefixes, tl.n_prefixes);
    Jx_strset_clear(&tl.seen);
    return st;
}

/* What collect_terms needs: the needle and the terms found. */
typedef struct term_match {
    const char *needle;
    size_t nlen;
    size_t plen; /* length of the prefix */
    term_list *tl;
} term_match;

/* Keeps a metadata term whose value contains the needle. */
static int match_term(const char *term, size_t len, unsigned long freq,
                      void *ctx)
{
    term_match *m = ctx;
    jx_buf form = {0};
    if (Jx_search_form(term + m->plen, len - m->plen, &form, NULL)) {
        Jx_buf_clear(&form);
        return 1;
    }
    int hit = form.len &&
              Jx_match_contains(form.data, form.len, m->needle, m->nlen, NULL);
    Jx_buf_clear(&form);
    if (!hit)
        return 0;
    jx_query *q = NULL;
    m->tl->status = Jx_query_term(term, len, 1, &q, m->tl->err);
    return m->tl->status
               ? 1
               : push_query(m->tl, &m->tl->q, &m->tl->n, &m->tl->cap, q);
}

/* Wraps q in a weightless filter. */
static jx_status boolean(jx_query *q, jx_query **out, jx_error *err)
{
    jx_status st = Jx_query_scale(q, 0, out, err);
    Jx_query_destroy(q);
    return st;
}

/* The OR of the metadata terms (prefix) whose value contains the node's
 * string: part of a department's name finds the department. */
static jx_status contains_query(jx_db *db, const char *prefix,
                                const jx_qnode *n, jx_query **out,
                                jx_error *err)
{
    term_list tl = {NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0, JX_OK, err, {0}};
    term_match m = {n->form, n->form_len, strlen(prefix), &tl};
    jx_status st =
        Jx_db_each_term(db, prefix, strlen(prefix), match_term, &m, err);
    if (tl.status)
        st = tl.status;
    jx_query *q = NULL;
    if (!st && tl.n == 0)
        st = Jx_query_match_nothing(&q, err);
    else if (!st)
        st = Jx_query_combine(JX_QUERY_OR, tl.q, tl.n, &q, err);
    free_queries(tl.q, tl.n);
    return st ? st : boolean(q, out, err);
}

/* A boolean query for one metadata term. */
jx_status Jx_search_meta_term(const char *prefix, const char *value,
                              jx_query **out, jx_error *err)
{
    jx_buf term = {0};
    jx_query *q = NULL;
    if (Jx_term_for(prefix, value, &term))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = Jx_query_term(term.data, term.len, 1, &q, err);
    Jx_buf_clear(&term);
    return st ? st : boolean(q, out, err);
}

/* A boolean query for a numeric range over a value slot. */
static jx_status range_query(unsigned slot, double lo, double hi,
                             jx_query **out, jx_error *err)
{
    char a[18], b[18];
    size_t alen = isinf(lo) ? 0 : Jx_sortable_serialise(lo, a);
    size_t blen = isinf(hi) ? 0 : Jx_sortable_serialise(hi, b);
    jx_query *q = NULL;
    jx_status st = Jx_query_value_range(slot, alen ? a : NULL, alen,
                                        blen ? b : NULL, blen, &q, err);
    return st ? st : boolean(q, out, err);
}

/* Every passage document: those with a report tag (hex digits, so at
 * least "0"); report documents have none. A range from "" would be every
 * document. */
static jx_status all_passages(jx_query **out, jx_error *err)
{
    jx_query *q = NULL;
    jx_status st =
        Jx_query_value_range(JX_SLOT_REPORT, "0", 1, NULL, 0, &q, err);
    return st ? st : boolean(q, out, err);
}

/* Candidates of NOT kid: the passages without kid when kid is exact,
 * else every passage (the decider then excludes). */
static jx_status not_candidates(jx_db *db, const jx_qnode *kid, jx_query **out,
                                jx_error *err)
{
    jx_query *base = NULL, *excl = NULL;
    jx_status st = all_passages(&base, err);
    if (st || !Jx_search_tree_is_exact(kid)) {
        *out = base;
        return st;
    }
    st = Jx_search_candidates(db, kid, &excl, err);
    if (!st) {
        jx_query *pair[2] = {base, excl};
        st = Jx_query_combine(JX_QUERY_AND_NOT, pair, 2, out, err);
    }
    Jx_query_destroy(base);
    Jx_query_destroy(excl);
    return st;
}

/* Candidates of an AND: the AND of its positive children, minus its exact
 * exclusions. */
static jx_status and_candidates(jx_db *db, const jx_qnode *n, jx_query **out,
                                jx_error *err)
{
    jx_query **pos = calloc(n->n_kids + 1, sizeof *pos);
    jx_query **neg = calloc(n->n_kids + 1, sizeof *neg);
    size_t np = 0, nn = 0;
    jx_status st =
        pos && neg ? JX_OK : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < n->n_kids; i++) {
        const jx_qnode *k = n->kids[i];
        if (k->kind != JX_Q_NOT)
            st = Jx_search_candidates(db, k, &pos[np++], err);
        else if (Jx_search_tree_is_exact(k->kids[0]))
            st = Jx_search_candidates(db, k->kids[0], &neg[nn++], err);
    }
    if (!st && np == 0)
        st = all_passages(&pos[np++], err);
    jx_query *base = NULL;
    if (!st)
        st = Jx_query_combine(JX_QUERY_AND, pos, np, &base, err);
    if (!st && nn) {
        memmove(neg + 1, neg, nn * sizeof *neg);
        neg[0] = base;
        st = Jx_query_combine(JX_QUERY_AND_NOT, neg, nn + 1, out, err);
        neg[0] = NULL;
        Jx_query_destroy(base);
    } else if (!st) {
        *out = base;
    }
    for (size_t i = 0; pos && i < np; i++)
        Jx_query_destroy(pos[i]);
    for (size_t i = 0; neg && i <= nn; i++)
        Jx_query_destroy(neg[i]);
    free(pos);
    free(neg);
    return st;
}

/* Candidates of an OR: the OR of its children's candidates. */
static jx_status or_candidates(jx_db *db, const jx_qnode *n, jx_query **out,
                               jx_error *err)
{
    jx_query **kids = calloc(n->n_kids, sizeof *kids);
    jx_status st =
        kids ? JX_OK : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < n->n_kids; i++)
        st = Jx_search_candidates(db, n->kids[i], &kids[i], err);
    if (!st)
        st = Jx_query_combine(JX_QUERY_OR, kids, n->n_kids, out, err);
    for (size_t i = 0; kids && i < n->n_kids; i++)
        Jx_query_destroy(kids[i]);
    free(kids);
    return st;
}

/* A Xapian query matching at least every passage the node matches. */
jx_status Jx_search_candidates(jx_db *db, const jx_qnode *n, jx_query **out,
                               jx_error *err)
{
    *out = NULL;
    switch (n->kind) {
    case JX_Q_TEXT:
        return text_query(db, n, out, err);
    case JX_Q_AND:
        return and_candidates(db, n, out, err);
    case JX_Q_OR:
        return or_candidates(db, n, out, err);
    case JX_Q_NOT:
        return not_candidates(db, n->kids[0], out, err);
    case JX_Q_YEAR:
        return range_query(JX_SLOT_YEAR, n->lo, n->hi, out, err);
    case JX_Q_SCORE:
        return range_query(JX_SLOT_SCORE, n->lo, n->hi, out, err);
    case JX_Q_NO_SCORE:
        return Jx_search_meta_term(JX_PREFIX_NO_SCORE, "score", out, err);
    case JX_Q_DEPT:
        return contains_query(db, JX_PREFIX_DEPT, n, out, err);
    case JX_Q_REGION:
        return contains_query(db, JX_PREFIX_REGION, n, out, err);
    case JX_Q_TITLE:
        return contains_query(db, JX_PREFIX_TITLE, n, out, err);
    case JX_Q_GRADE:
        return Jx_search_meta_term(JX_PREFIX_GRADE, n->text, out, err);
    case JX_Q_TYPE:
        return Jx_search_meta_term(JX_PREFIX_TYPE, n->text, out, err);
    }
    return Jx_error_set(err, JX_ERR_QUERY, "unknown query node");
}
