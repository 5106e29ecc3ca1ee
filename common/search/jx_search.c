/* jx_search.c: the search engine. A query tree (jx_query_parse.h) becomes
 * a Xapian query that finds every matching passage and perhaps a few
 * more (the index has no positions: a string is the AND of its bigrams);
 * when the tree is not exact at the term level, a match decider checks
 * each candidate's stored text against the tree, so what is returned is
 * exactly what contains the strings. Match spies count passages and
 * reports per value during the same match; collapse on the report key
 * ranks reports by their best passage. */
#include "jx_search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_buf.h"
#include "jx_query_parse.h"
#include "jx_query_slots.h"
#include "jx_schema.h"
#include "jx_store.h"
#include "jx_strset.h"
#include "jx_text.h"
#include "jx_text_store.h"
#include "jx_tokenize.h"

#define MAX_RETRIES       5
#define TAG_MAX           64 /* key@generation */
#define MAX_DEAD_IN_QUERY 64 /* more dead tags are checked by the decider */

/* ---- building the tree ------------------------------------------------- */

/* Appends node to a list of nodes. */
static jx_status list_add(jx_qnode ***list, size_t *n, jx_qnode *node,
                          jx_error *err)
{
    jx_qnode **more = realloc(*list, (*n + 1) * sizeof **list);
    if (!more) {
        jx_qnode_free(node);
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    *list = more;
    (*list)[(*n)++] = node;
    return JX_OK;
}

/* Adds the filter of an option to the list when the option was given. */
static jx_status add_filter(jx_qnode ***list, size_t *n, const char *field,
                            const char *value, jx_error *err)
{
    if (!value)
        return JX_OK;
    jx_qnode *node = NULL;
    jx_status st = jx_qnode_filter(field, value, &node, err);
    return st ? st : list_add(list, n, node, err);
}

/* The tree of a request: the query AND every filter option. */
static jx_status build_tree(const jx_search_request *req, jx_qnode **out,
                            jx_error *err)
{
    jx_qnode **kids = NULL, *node = NULL;
    size_t n = 0;
    jx_status st = JX_OK;
    const jx_filters *f = &req->filters;
    if (req->query && *req->query) {
        st = jx_query_parse(req->query, &node, err);
        if (!st)
            st = list_add(&kids, &n, node, err);
    }
    if (!st)
        st = add_filter(&kids, &n, "year", f->year, err);
    if (!st)
        st = add_filter(&kids, &n, "dept", f->dept, err);
    if (!st)
        st = add_filter(&kids, &n, "region", f->region, err);
    if (!st)
        st = add_filter(&kids, &n, "title", f->title, err);
    if (!st)
        st = add_filter(&kids, &n, "score", f->score, err);
    if (!st)
        st = add_filter(&kids, &n, "grade", f->grade, err);
    if (!st)
        st = add_filter(&kids, &n, "type", f->type, err);
    /* Nothing asked: a listing or a count is of every report (an empty
     * AND matches every passage); a search needs something to find. */
    if (!st && n == 0 &&
        (req->reports_only || req->count_by != JX_COUNT_NONE)) {
        jx_qnode *none[1] = {NULL}; /* memcpy needs a pointer, even for 0 */
        return jx_qnode_combine(JX_Q_AND, none, 0, out, err);
    }
    if (!st && n == 0)
        st = jx_error_set(err, JX_ERR_QUERY,
                          "empty query: give words to search for or a "
                          "filter such as --year (--list-reports alone "
                          "lists every report)");
    if (!st && n == 1) {
        *out = kids[0];
        free(kids);
        return JX_OK;
    }
    if (!st) { /* combine copies the list and takes the nodes */
        st = jx_qnode_combine(JX_Q_AND, kids, n, out, err);
        free(kids);
        return st;
    }
    for (size_t i = 0; i < n; i++)
        jx_qnode_free(kids[i]);
    free(kids);
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
        jx_qnode_free(n->kids[k]);
    n->n_kids = 0;
    jx_qnode_free(n);
}

/* Rewrites the tree into one that means the same with less work: NOT
 * NOT x is x; an AND inside an AND (an OR inside an OR) gives its
 * children to its parent; a child equal to an earlier sibling is
 * dropped (x x is x, x OR x is x); an AND or OR left with one child is
 * that child. So a string repeated a thousand times is one string, and
 * (的 OR (的 OR (...))) nested five hundred deep is 的. Children keep
 * their order (the first of equal ones stays). */
static jx_status simplify(jx_qnode **slot, jx_error *err)
{
    jx_qnode *n = *slot;
    for (size_t i = 0; i < n->n_kids; i++) {
        jx_status st = simplify(&n->kids[i], err);
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
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
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
                jx_qnode_free(c);
            else
                kids[m++] = c;
        }
        if (splice) { /* its children moved or were freed */
            k->n_kids = 0;
            jx_qnode_free(k);
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
            jx_tokenize(n->form, n->form_len, count_prefix, &pc);
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
static jx_status bound_tree(const jx_qnode *root, jx_error *err)
{
    tree_cost c = {0, 0, 0};
    measure(root, 0, &c);
    if (c.depth > JX_MAX_QUERY_DEPTH)
        return jx_error_set(err, JX_ERR_QUERY,
                            "query nested too deeply (%zu levels of AND, OR "
                            "and NOT; the limit is %d)",
                            c.depth, JX_MAX_QUERY_DEPTH);
    if (c.leaves > JX_MAX_QUERY_STRINGS)
        return jx_error_set(err, JX_ERR_QUERY,
                            "too many different strings and fields in the "
                            "query (%zu; the limit is %d)",
                            c.leaves, JX_MAX_QUERY_STRINGS);
    if (c.prefixes > JX_MAX_QUERY_CHARS)
        return jx_error_set(err, JX_ERR_QUERY,
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
static int is_exact(const jx_qnode *n)
{
    if (n->kind == JX_Q_TEXT) {
        term_span ts = {n->form, 0, 0, 0};
        jx_tokenize(n->form, n->form_len, exact_tok, &ts);
        return !n->section && ts.terms == 1 && ts.start == 0 &&
               ts.end == n->form_len;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        if (!is_exact(n->kids[i]))
            return 0;
    return 1;
}

/* Collects the subqueries of a string while tokenizing it: terms, and
 * apart from them the prefixes of one-character runs. */
typedef struct term_list {
    jx_query **q;
    size_t n;
    jx_query **prefixes;
    size_t n_prefixes;
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
    if (jx_strset_has(&tl->seen, key))
        return 1;
    if (jx_strset_add(&tl->seen, key))
        tl->status = jx_error_set(tl->err, JX_ERR_NOMEM, "out of memory");
    return 0;
}

/* Adds one subquery to a list. */
static int push_query(term_list *tl, jx_query ***list, size_t *n, jx_query *q)
{
    jx_query **more = realloc(*list, (*n + 1) * sizeof *more);
    if (!more) {
        jx_query_free(q);
        tl->status = jx_error_set(tl->err, JX_ERR_NOMEM, "out of memory");
        return 1;
    }
    *list = more;
    more[(*n)++] = q;
    return 0;
}

/* Frees a list of subqueries. */
static void free_queries(jx_query **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        jx_query_free(list[i]);
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
    jx_utf8_decode(s + i - 1, offset - i + 1, &cp);
    return jx_is_han(cp);
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
        tl->status = jx_query_prefix(t->text, t->len, &q, tl->err);
        return tl->status ? 1
                          : push_query(tl, &tl->prefixes, &tl->n_prefixes, q);
    }
    if (seen_before(tl, t, 0))
        return 0;
    if (tl->status)
        return 1;
    unsigned long freq = 0;
    tl->status = tl->db
                     ? jx_db_termfreq(tl->db, t->text, t->len, &freq, tl->err)
                     : JX_OK;
    if (!tl->status && (!tl->n || freq < tl->min_freq))
        tl->min_freq = freq;
    if (!tl->status)
        tl->status = jx_query_term(t->text, t->len, 1, &q, tl->err);
    return tl->status ? 1 : push_query(tl, &tl->q, &tl->n, q);
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
    term_list tl = {NULL, 0, NULL, 0, db, 0, n->form, 0, JX_OK, err, {0}};
    unsigned long docs = 0;
    jx_status st = jx_db_doccount(db, &docs, err);
    if (!st) {
        jx_tokenize(n->form, n->form_len, token_query, &tl);
        st = tl.status;
    }
    if (!st && tl.n + tl.n_prefixes == 0)
        st = jx_error_set(err, JX_ERR_QUERY,
                          "nothing to search for in that string");
    int drop = tl.n && tl.min_freq <= docs / PREFIX_DROP_RATIO;
    for (size_t i = 0; !st && !drop && i < tl.n_prefixes; i++) {
        jx_query *q = tl.prefixes[i]; /* moves to the terms */
        tl.prefixes[i] = NULL;
        if (push_query(&tl, &tl.q, &tl.n, q))
            st = tl.status;
    }
    if (!st)
        st = jx_query_combine(JX_QUERY_AND, tl.q, tl.n, out, err);
    free_queries(tl.q, tl.n);
    free_queries(tl.prefixes, tl.n_prefixes);
    jx_strset_free(&tl.seen);
    return st;
}

/* True when hay (a search form) contains needle at a place where a word
 * at either end of the needle is a whole word in hay. */
static int form_contains(const char *hay, size_t hlen, const char *needle,
                         size_t nlen, size_t *at);

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
    if (jx_search_form(term + m->plen, len - m->plen, &form, NULL)) {
        jx_buf_free(&form);
        return 1;
    }
    int hit = form.len &&
              form_contains(form.data, form.len, m->needle, m->nlen, NULL);
    jx_buf_free(&form);
    if (!hit)
        return 0;
    jx_query *q = NULL;
    m->tl->status = jx_query_term(term, len, 1, &q, m->tl->err);
    return m->tl->status ? 1 : push_query(m->tl, &m->tl->q, &m->tl->n, q);
}

/* Wraps q in a weightless filter. */
static jx_status boolean(jx_query *q, jx_query **out, jx_error *err)
{
    jx_status st = jx_query_scale(q, 0, out, err);
    jx_query_free(q);
    return st;
}

/* The OR of the metadata terms (prefix) whose value contains the node's
 * string: part of a department's name finds the department. */
static jx_status contains_query(jx_db *db, const char *prefix,
                                const jx_qnode *n, jx_query **out,
                                jx_error *err)
{
    term_list tl = {NULL, 0, NULL, 0, NULL, 0, NULL, 0, JX_OK, err, {0}};
    term_match m = {n->form, n->form_len, strlen(prefix), &tl};
    jx_status st =
        jx_db_each_term(db, prefix, strlen(prefix), match_term, &m, err);
    if (tl.status)
        st = tl.status;
    jx_query *q = NULL;
    if (!st && tl.n == 0)
        st = jx_query_match_nothing(&q, err);
    else if (!st)
        st = jx_query_combine(JX_QUERY_OR, tl.q, tl.n, &q, err);
    free_queries(tl.q, tl.n);
    return st ? st : boolean(q, out, err);
}

/* A boolean query for one metadata term. */
static jx_status meta_term_query(const char *prefix, const char *value,
                                 jx_query **out, jx_error *err)
{
    jx_buf term = {0};
    jx_query *q = NULL;
    if (jx_term_for(prefix, value, &term))
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = jx_query_term(term.data, term.len, 1, &q, err);
    jx_buf_free(&term);
    return st ? st : boolean(q, out, err);
}

/* A boolean query for a numeric range over a value slot. */
static jx_status range_query(unsigned slot, double lo, double hi,
                             jx_query **out, jx_error *err)
{
    char a[18], b[18];
    size_t alen = isinf(lo) ? 0 : jx_sortable_serialise(lo, a);
    size_t blen = isinf(hi) ? 0 : jx_sortable_serialise(hi, b);
    jx_query *q = NULL;
    jx_status st = jx_query_value_range(slot, alen ? a : NULL, alen,
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
        jx_query_value_range(JX_SLOT_REPORT, "0", 1, NULL, 0, &q, err);
    return st ? st : boolean(q, out, err);
}

static jx_status candidates(jx_db *db, const jx_qnode *n, jx_query **out,
                            jx_error *err);

/* Candidates of NOT kid: the passages without kid when kid is exact,
 * else every passage (the decider then excludes). */
static jx_status not_candidates(jx_db *db, const jx_qnode *kid, jx_query **out,
                                jx_error *err)
{
    jx_query *base = NULL, *excl = NULL;
    jx_status st = all_passages(&base, err);
    if (st || !is_exact(kid)) {
        *out = base;
        return st;
    }
    st = candidates(db, kid, &excl, err);
    if (!st) {
        jx_query *pair[2] = {base, excl};
        st = jx_query_combine(JX_QUERY_AND_NOT, pair, 2, out, err);
    }
    jx_query_free(base);
    jx_query_free(excl);
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
        pos && neg ? JX_OK : jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < n->n_kids; i++) {
        const jx_qnode *k = n->kids[i];
        if (k->kind != JX_Q_NOT)
            st = candidates(db, k, &pos[np++], err);
        else if (is_exact(k->kids[0]))
            st = candidates(db, k->kids[0], &neg[nn++], err);
    }
    if (!st && np == 0)
        st = all_passages(&pos[np++], err);
    jx_query *base = NULL;
    if (!st)
        st = jx_query_combine(JX_QUERY_AND, pos, np, &base, err);
    if (!st && nn) {
        memmove(neg + 1, neg, nn * sizeof *neg);
        neg[0] = base;
        st = jx_query_combine(JX_QUERY_AND_NOT, neg, nn + 1, out, err);
        neg[0] = NULL;
        jx_query_free(base);
    } else if (!st) {
        *out = base;
    }
    for (size_t i = 0; pos && i < np; i++)
        jx_query_free(pos[i]);
    for (size_t i = 0; neg && i <= nn; i++)
        jx_query_free(neg[i]);
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
        kids ? JX_OK : jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < n->n_kids; i++)
        st = candidates(db, n->kids[i], &kids[i], err);
    if (!st)
        st = jx_query_combine(JX_QUERY_OR, kids, n->n_kids, out, err);
    for (size_t i = 0; kids && i < n->n_kids; i++)
        jx_query_free(kids[i]);
    free(kids);
    return st;
}

/* A Xapian query matching at least every passage the node matches. */
static jx_status candidates(jx_db *db, const jx_qnode *n, jx_query **out,
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
        return meta_term_query(JX_PREFIX_NO_SCORE, "score", out, err);
    case JX_Q_DEPT:
        return contains_query(db, JX_PREFIX_DEPT, n, out, err);
    case JX_Q_REGION:
        return contains_query(db, JX_PREFIX_REGION, n, out, err);
    case JX_Q_TITLE:
        return contains_query(db, JX_PREFIX_TITLE, n, out, err);
    case JX_Q_GRADE:
        return meta_term_query(JX_PREFIX_GRADE, n->text, out, err);
    case JX_Q_TYPE:
        return meta_term_query(JX_PREFIX_TYPE, n->text, out, err);
    }
    return jx_error_set(err, JX_ERR_QUERY, "unknown query node");
}

/* ---- checking candidates against the text ------------------------------ */

/* True for a byte of a word token (search forms hold a-z, 0-9). */
static int word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* True for an ASCII digit. */
static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* True when the needle placed at hay[at..at+nlen) does not cut a word of
 * hay at either end (a word: a-z0-9, with '.' inside a number). */
static int whole_words(const char *hay, size_t hlen, size_t at,
                       const char *needle, size_t nlen)
{
    char first = needle[0], last = needle[nlen - 1];
    if (word_byte(first) && at > 0) {
        char prev = hay[at - 1];
        if (word_byte(prev) ||
            (prev == '.' && digit(first) && at > 1 && digit(hay[at - 2])))
            return 0;
    }
    size_t end = at + nlen;
    if (word_byte(last) && end < hlen) {
        char next = hay[end];
        if (word_byte(next) || (next == '.' && digit(last) && end + 1 < hlen &&
                                digit(hay[end + 1])))
            return 0;
    }
    return 1;
}

/* Finds needle in hay from *at on; true with *at set when found. */
static int find_from(const char *hay, size_t hlen, const char *needle,
                     size_t nlen, size_t *at)
{
    size_t from = *at;
    while (from + nlen <= hlen) {
        const char *p = memmem(hay + from, hlen - from, needle, nlen);
        if (!p)
            return 0;
        size_t pos = (size_t)(p - hay);
        if (whole_words(hay, hlen, pos, needle, nlen)) {
            *at = pos;
            return 1;
        }
        from = pos + 1;
    }
    return 0;
}

static int form_contains(const char *hay, size_t hlen, const char *needle,
                         size_t nlen, size_t *at)
{
    size_t pos = 0;
    if (nlen == 0)
        return 1;
    int found = find_from(hay, hlen, needle, nlen, &pos);
    if (found && at)
        *at = pos;
    return found;
}

/* The state of the decider: the tree, and the candidate in search form. */
typedef struct checker {
    const jx_qnode *root;
    jx_buf form;  /* search form of heading \x1f text */
    size_t split; /* offset of the \x1f in form */
    jx_buf scratch;
    jx_strset dead; /* dead tags, when too many to mask in the query */
    jx_text_unpacker *unpacker; /* stored text to text */
    int failed;              /* an allocation failed: the search reports it */
    jx_error damaged;        /* stored text could not be unpacked, or a record
                              * read (else JX_OK) */
    jx_db *db;               /* where the reports' records are */
    char title_tag[TAG_MAX]; /* the report whose title title holds */
    int title_known;         /* title_tag and title are filled */
    jx_buf title;            /* search form of that report's title */
} checker;

static jx_status read_record(jx_db *db, const char *key, jx_report_record *rec,
                             jx_error *err);

/* Reads value slot of doc into a search form in c->scratch. */
static int value_form(checker *c, jx_doc *doc, unsigned slot)
{
    const char *v;
    size_t len;
    jx_buf_reset(&c->scratch);
    if (jx_doc_value(doc, slot, &v, &len, NULL))
        return 0;
    if (jx_search_form(v, len, &c->scratch, NULL)) {
        c->failed = 1;
        return 0;
    }
    return 1;
}

/* Puts the search form of the title of the candidate's report in
 * c->title. Passages are stored without termlists, so their XT terms
 * cannot be read back: the title comes from the report's record (the
 * same field the XT term was written from), found by the candidate's
 * report tag and kept for the next candidates, since a match visits a
 * report's passages one after the other (the record is read once per
 * report). 0 when it cannot be read (the error is kept in c->damaged). */
static int report_title(checker *c, jx_doc *doc)
{
    const char *v;
    size_t len;
    if (jx_doc_value(doc, JX_SLOT_REPORT, &v, &len, NULL) || !len ||
        len >= TAG_MAX)
        return 0;
    if (c->title_known && strlen(c->title_tag) == len &&
        memcmp(c->title_tag, v, len) == 0)
        return 1;
    char tag[TAG_MAX];
    snprintf(tag, sizeof tag, "%.*s", (int)len, v);
    jx_report_record rec = {0};
    jx_error e;
    jx_error_clear(&e);
    c->title_known = 0;
    jx_buf_reset(&c->title);
    jx_status st = read_record(c->db, tag, &rec, &e);
    if (st == JX_ERR_DB_NOT_FOUND) /* not committed yet: no title */
        st = JX_OK;
    else if (!st && rec.fields[JX_FIELD_TITLE] &&
             jx_search_form(rec.fields[JX_FIELD_TITLE],
                            strlen(rec.fields[JX_FIELD_TITLE]), &c->title,
                            NULL))
        c->failed = 1;
    jx_report_record_clear(&rec);
    if (st && !c->damaged.status)
        c->damaged = e;
    if (st || c->failed)
        return 0;
    memcpy(c->title_tag, tag, len + 1);
    c->title_known = 1;
    return 1;
}

/* Evaluates a metadata filter on a candidate's values. */
static int eval_filter(checker *c, const jx_qnode *n, jx_doc *doc)
{
    const char *v;
    size_t len;
    switch (n->kind) {
    case JX_Q_YEAR:
        if (jx_doc_value(doc, JX_SLOT_YEAR_TEXT, &v, &len, NULL) || !len)
            return 0;
        double y = strtod(v, NULL);
        return y >= n->lo && y <= n->hi;
    case JX_Q_SCORE:
    case JX_Q_NO_SCORE:
        if (jx_doc_value(doc, JX_SLOT_SCORE, &v, &len, NULL))
            return 0;
        if (n->kind == JX_Q_NO_SCORE)
            return len == 0;
        double s = jx_sortable_unserialise(v, len);
        return len && s >= n->lo && s <= n->hi;
    case JX_Q_DEPT:
    case JX_Q_REGION:
        if (!value_form(c, doc,
                        n->kind == JX_Q_DEPT ? JX_SLOT_DEPT : JX_SLOT_REGION))
            return 0;
        return c->scratch.len && form_contains(c->scratch.data, c->scratch.len,
                                               n->form, n->form_len, NULL);
    case JX_Q_GRADE:
    case JX_Q_TYPE:
        if (jx_doc_value(doc,
                         n->kind == JX_Q_GRADE ? JX_SLOT_GRADE : JX_SLOT_TYPE,
                         &v, &len, NULL))
            return 0;
        return len == strlen(n->text) && memcmp(v, n->text, len) == 0;
    case JX_Q_TITLE:
        return report_title(c, doc) && c->title.len &&
               form_contains(c->title.data, c->title.len, n->form, n->form_len,
                             NULL);
    default:
        return 0;
    }
}

/* Evaluates the tree on the candidate whose form c holds. */
static int eval(checker *c, const jx_qnode *n, jx_doc *doc)
{
    switch (n->kind) {
    case JX_Q_TEXT:
        return form_contains(c->form.data, n->section ? c->split : c->form.len,
                             n->form, n->form_len, NULL);
    case JX_Q_AND:
        for (size_t i = 0; i < n->n_kids; i++)
            if (!eval(c, n->kids[i], doc))
                return 0;
        return 1;
    case JX_Q_OR:
        for (size_t i = 0; i < n->n_kids; i++)
            if (eval(c, n->kids[i], doc))
                return 1;
        return 0;
    case JX_Q_NOT:
        return !eval(c, n->kids[0], doc);
    default:
        return eval_filter(c, n, doc);
    }
}

/* The match decider: loads the candidate's text and evaluates the tree. */
static int decide(jx_doc *doc, void *ctx)
{
    checker *c = ctx;
    const char *data;
    size_t len;
    if (c->dead.count) { /* a superseded version of a report? */
        char tag[TAG_MAX];
        if (jx_doc_value(doc, JX_SLOT_REPORT, &data, &len, NULL))
            return 0;
        snprintf(tag, sizeof tag, "%.*s", (int)len, data);
        if (jx_strset_has(&c->dead, tag))
            return 0;
        if (!c->root) /* only the dead check was wanted */
            return 1;
    }
    if (jx_doc_value(doc, JX_SLOT_TEXT, &data, &len, NULL))
        return 0;
    if (jx_text_unpack(c->unpacker, data, len, &data, &len, &c->damaged))
        return 0;
    jx_buf_reset(&c->form);
    if (jx_search_form(data, len, &c->form, NULL)) {
        c->failed = 1;
        return 0;
    }
    const char *sep =
        c->form.data ? memchr(c->form.data, JX_HEADING_TEXT_SEP, c->form.len)
                     : NULL;
    c->split = sep ? (size_t)(sep - c->form.data) : 0;
    return eval(c, c->root, doc);
}

/* ---- spans ------------------------------------------------------------- */

/* A growable list of spans. */
typedef struct span_list {
    jx_span *s;
    size_t n, cap;
} span_list;

/* Adds a span. */
static int span_add(span_list *l, size_t start, size_t end)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        jx_span *s = realloc(l->s, cap * sizeof *s);
        if (!s)
            return 1;
        l->s = s;
        l->cap = cap;
    }
    l->s[l->n].start = start;
    l->s[l->n].end = end;
    l->n++;
    return 0;
}

/* Orders spans by start. */
static int span_cmp(const void *a, const void *b)
{
    const jx_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Sorts and merges overlapping spans. */
static void span_merge(span_list *l)
{
    if (l->n < 2)
        return;
    qsort(l->s, l->n, sizeof *l->s, span_cmp);
    size_t out = 0;
    for (size_t i = 1; i < l->n; i++) {
        if (l->s[i].start <= l->s[out].end) {
            if (l->s[i].end > l->s[out].end)
                l->s[out].end = l->s[i].end;
        } else {
            l->s[++out] = l->s[i];
        }
    }
    l->n = out + 1;
}

/* Byte length of the UTF-8 character at s. */
static size_t char_len(const char *s, size_t avail)
{
    uint32_t cp;
    return avail ? jx_utf8_decode(s, avail, &cp) : 0;
}

/* Adds the spans of every occurrence of needle in text, mapped back
 * from its search form. */
static int find_spans(const char *text, const jx_buf *form,
                      const jx_offset_map *map, const jx_qnode *n,
                      span_list *out)
{
    size_t at = 0, tlen = strlen(text);
    while (form->len &&
           find_from(form->data, form->len, n->form, n->form_len, &at)) {
        size_t last = map->orig[at + n->form_len - 1];
        size_t end = last + char_len(text + last, tlen - last);
        if (span_add(out, map->orig[at], end))
            return 1;
        at++;
    }
    return 0;
}

/* Collects the strings to highlight: positive text nodes. */
static void positive_texts(const jx_qnode *n, const jx_qnode **out,
                           size_t *count, size_t max)
{
    if (n->kind == JX_Q_NOT)
        return;
    if (n->kind == JX_Q_TEXT && *count < max)
        out[(*count)++] = n;
    for (size_t i = 0; i < n->n_kids; i++)
        positive_texts(n->kids[i], out, count, max);
}

/* Highlights the tree's strings in text (section-only strings only when
 * in_heading). */
static jx_status spans_of(const jx_qnode *root, const char *text,
                          int in_heading, jx_span **spans, size_t *n)
{
    const jx_qnode *nodes[64];
    size_t count = 0;
    positive_texts(root, nodes, &count, 64);
    jx_buf form = {0};
    jx_offset_map map = {0};
    span_list l = {0};
    jx_status st = jx_search_form(text, strlen(text), &form, &map);
    for (size_t i = 0; !st && i < count; i++) {
        if (nodes[i]->section && !in_heading)
            continue;
        if (find_spans(text, &form, &map, nodes[i], &l))
            st = JX_ERR_NOMEM;
    }
    span_merge(&l);
    jx_buf_free(&form);
    jx_offset_map_free(&map);
    if (st) {
        free(l.s);
        return st;
    }
    *spans = l.s;
    *n = l.n;
    return JX_OK;
}

/* ---- reading results --------------------------------------------------- */

/* Reads the record of the report with key. */
static jx_status read_record(jx_db *db, const char *key, jx_report_record *rec,
                             jx_error *err)
{
    char id[JX_KEY_LEN + 1];
    const char *at = strchr(key, '@');
    int found = 0;
    snprintf(id, sizeof id, "%.*s",
             (int)(at ? (size_t)(at - key) : strlen(key)), key);
    jx_status st =
        jx_report_record_find(db, JX_PREFIX_REPORT_ID, id, rec, &found, err);
    if (!st && !found) /* being indexed: its report is not committed yet */
        return JX_ERR_DB_NOT_FOUND;
    return st;
}

/* Fills a passage hit from result i of ms. */
static jx_status read_passage(jx_mset *ms, unsigned i, const jx_qnode *root,
                              jx_text_unpacker *unpacker, jx_passage_hit *hit,
                              char *key, jx_error *err)
{
    jx_doc *doc = NULL;
    const char *data, *v;
    size_t len, vlen;
    hit->relevance = jx_mset_weight(ms, i);
    jx_status st = jx_mset_document(ms, i, &doc, err);
    if (!st)
        st = jx_doc_value(doc, JX_SLOT_TEXT, &data, &len, err);
    if (!st)
        st = jx_text_unpack(unpacker, data, len, &data, &len, err);
    if (!st) { /* copied before the next value read moves the pointer */
        const char *sep = memchr(data, JX_HEADING_TEXT_SEP, len);
        size_t hlen = sep ? (size_t)(sep - data) : 0;
        const char *text = sep ? sep + 1 : data;
        hit->heading = strndup(data, hlen);
        hit->text = strndup(text, len - (size_t)(text - data));
        if (!hit->heading || !hit->text)
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    if (!st && key) {
        st = jx_doc_value(doc, JX_SLOT_REPORT, &v, &vlen, err);
        if (!st)
            snprintf(key, TAG_MAX, "%.*s", (int)vlen, v);
    }
    if (!st &&
        (spans_of(root, hit->heading, 1, &hit->heading_spans,
                  &hit->n_heading_spans) ||
         spans_of(root, hit->text, 0, &hit->text_spans, &hit->n_text_spans)))
        st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_doc_free(doc);
    return st;
}

/* Reads the report tag of result i into tag (TAG_MAX bytes): all a
 * ranked report needs from its best passage, whose text is not shown
 * (its best passages come from report_passages). */
static jx_status read_tag(jx_mset *ms, unsigned i, char *tag, jx_error *err)
{
    jx_doc *doc = NULL;
    const char *v;
    size_t len;
    jx_status st = jx_mset_document(ms, i, &doc, err);
    if (!st)
        st = jx_doc_value(doc, JX_SLOT_REPORT, &v, &len, err);
    if (!st)
        snprintf(tag, TAG_MAX, "%.*s", (int)len, v);
    jx_doc_free(doc);
    return st;
}

/* Frees what a passage hit owns. */
static void passage_hit_clear(jx_passage_hit *h)
{
    free(h->heading);
    free(h->text);
    free(h->heading_spans);
    free(h->text_spans);
}

void jx_results_free(jx_results *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n_reports; i++) {
        jx_report_hit *r = &res->reports[i];
        jx_report_record_clear(&r->record);
        for (size_t j = 0; j < r->n_passages; j++)
            passage_hit_clear(&r->passages[j]);
        free(r->passages);
    }
    free(res->reports);
    for (size_t i = 0; i < res->n_counts; i++)
        free(res->counts[i].value);
    free(res->counts);
    free(res);
}

/* ---- running a search -------------------------------------------------- */

/* Everything one attempt at a search uses. */
typedef struct search_run {
    jx_db *db;
    const jx_search_request *req;
    const jx_qnode *root;
    jx_query *cand; /* candidates of the whole tree */
    int exact;      /* no decider needed */
    checker chk;
    unsigned long doccount;
    jx_error *err;
} search_run;

/* A search over q with the run's decider and the request's order. */
static jx_status new_enquire(search_run *r, const jx_query *q, int sorted,
                             jx_enquire **out)
{
    jx_enquire *enq = NULL;
    jx_status st = jx_enquire_new(r->db, &enq, r->err);
    if (!st)
        st = jx_enquire_set_query(enq, q, r->err);
    if (!st && !r->exact)
        st = jx_enquire_set_decider(enq, decide, &r->chk, r->err);
    if (!st && !r->exact) /* what remote shards must send (jx_shards.h) */
        st = jx_enquire_decider_slots(enq, jx_query_slots(r->root), r->err);
    if (!st && sorted && r->req->sort == JX_SORT_YEAR)
        st = jx_enquire_sort_by_value(enq, JX_SLOT_YEAR, 1, r->err);
    if (!st && sorted && r->req->sort == JX_SORT_SCORE)
        st = jx_enquire_sort_by_value(enq, JX_SLOT_SCORE, 1, r->err);
    if (st) {
        jx_enquire_free(enq);
        return st;
    }
    *out = enq;
    return JX_OK;
}

/* The value slot a count_by reads. */
static unsigned count_slot(jx_count_by by)
{
    switch (by) {
    case JX_COUNT_YEAR:
        return JX_SLOT_YEAR_TEXT;
    case JX_COUNT_DEPT:
        return JX_SLOT_DEPT;
    case JX_COUNT_REGION:
        return JX_SLOT_REGION;
    case JX_COUNT_GRADE:
        return JX_SLOT_GRADE;
    default:
        return JX_SLOT_TYPE;
    }
}

/* Orders count rows: years ascending, others by reports, then passages,
 * descending, then value; the "not known" row last. */
static int by_year(const void *a, const void *b)
{
    const jx_count_row *x = a, *y = b;
    if (!*x->value != !*y->value)
        return *x->value ? -1 : 1;
    return strcmp(x->value, y->value);
}

static int by_count(const void *a, const void *b)
{
    const jx_count_row *x = a, *y = b;
    if (!*x->value != !*y->value)
        return *x->value ? -1 : 1;
    if (x->reports != y->reports)
        return x->reports > y->reports ? -1 : 1;
    if (x->passages != y->passages)
        return x->passages > y->passages ? -1 : 1;
    return strcmp(x->value, y->value);
}

/* Turns the count_by spy into rows, with a row "" for reports whose
 * value is not known. */
static jx_status fill_counts(search_run *r, const jx_value_counts *vc,
                             jx_results *res)
{
    size_t n = jx_value_counts_size(vc);
    res->counts = calloc(n + 1, sizeof *res->counts);
    if (!res->counts)
        return jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    unsigned long reports = 0, passages = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v;
        size_t len;
        jx_count_row *row = &res->counts[res->n_counts];
        jx_value_counts_get(vc, i, &v, &len, &row->passages, &row->reports);
        if (!len)
            continue;
        if (!(row->value = strndup(v, len)))
            return jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
        reports += row->reports;
        passages += row->passages;
        res->n_counts++;
    }
    if (res->total_reports > reports) {
        jx_count_row *row = &res->counts[res->n_counts];
        if (!(row->value = strdup("")))
            return jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
        row->reports = res->total_reports - reports;
        row->passages = res->total_passages - passages;
        res->n_counts++;
    }
    qsort(res->counts, res->n_counts, sizeof *res->counts,
          r->req->count_by == JX_COUNT_YEAR ? by_year : by_count);
    return JX_OK;
}

/* Looks up how many matching passages a report has (per_report spy,
 * whose values are report tags in byte order). */
static unsigned long passages_of(const jx_value_counts *vc, const char *tag)
{
    size_t lo = 0, hi = jx_value_counts_size(vc), tlen = strlen(tag);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *v;
        size_t len;
        unsigned long docs, distinct;
        jx_value_counts_get(vc, mid, &v, &len, &docs, &distinct);
        int c = memcmp(v, tag, len < tlen ? len : tlen);
        if (c == 0 && len == tlen)
            return docs;
        if (c < 0 || (c == 0 && len < tlen))
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Adds up the per-report spy: the reports and passages that match. */
static void spy_totals(const jx_value_counts *per_report, jx_results *res)
{
    size_t n = jx_value_counts_size(per_report);
    res->total_reports = n;
    for (size_t i = 0; i < n; i++) {
        const char *v;
        size_t len;
        unsigned long docs, distinct;
        jx_value_counts_get(per_report, i, &v, &len, &docs, &distinct);
        res->total_passages += docs;
    }
}

/* How many matching candidates the main pass must see: all of them when
 * every match is counted, else one more than count_limit (seeing more
 * than the limit is how the totals are known to be lower bounds), and at
 * least the page. Xapian looks at no fewer matches that pass the decider
 * than this when they exist (tested in test_xapian). */
static unsigned check_at_least(const search_run *r)
{
    const jx_search_request *q = r->req;
    unsigned long all = r->doccount;
    if (!q->count_limit || q->count_limit >= all ||
        q->count_by != JX_COUNT_NONE || q->reports_only)
        return (unsigned)all;
    unsigned long n = q->count_limit + 1;
    unsigned long page = (unsigned long)q->offset + q->limit;
    if (n < page)
        n = page;
    return (unsigned)(n < all ? n : all);
}

/* The main pass: one match that ranks (reports by their best passage,
 * through collapse, when grouping), and counts the matches it sees with
 * match spies, which see each matching document before collapse (tested
 * in test_xapian). The counts are exact when it saw fewer matches than
 * it had to look at, so there were no more. Xapian's own collapsed
 * counts are estimates unless every group is collected (20 reports for
 * 17 with a page of ten), so they are not used.
 * *enq keeps *ms's documents and *per_report valid; the caller frees. */
static jx_status main_pass(search_run *r, jx_results *res, jx_enquire **enq,
                           jx_mset **ms, jx_value_counts **per_report)
{
    jx_value_counts *by = NULL;
    const jx_search_request *q = r->req;
    int grouping = q->per_report || q->reports_only;
    unsigned look_at = check_at_least(r);
    jx_query *ranked = NULL;
    /* with a decider, ties would each be decided (jx_query_break_ties) */
    jx_status st = r->exact || look_at >= r->doccount
                       ? JX_OK
                       : jx_query_break_ties(r->cand, &ranked, r->err);
    if (!st)
        st = new_enquire(r, ranked ? ranked : r->cand, 1, enq);
    jx_query_free(ranked);
    if (!st && grouping)
        st = jx_enquire_set_collapse(*enq, JX_SLOT_REPORT, 1, r->err);
    if (!st)
        st = jx_enquire_count_values(*enq, JX_SLOT_REPORT, JX_SLOT_REPORT,
                                     per_report, r->err);
    if (!st && q->count_by != JX_COUNT_NONE)
        st = jx_enquire_count_values(*enq, count_slot(q->count_by),
                                     JX_SLOT_REPORT, &by, r->err);
    if (!st)
        st = jx_enquire_mset(*enq, q->offset, q->limit, look_at, ms, r->err);
    if (!st) {
        spy_totals(*per_report, res);
        res->totals_exact =
            look_at >= r->doccount || res->total_passages < look_at;
    }
    if (!st && by)
        st = fill_counts(r, by, res);
    return st;
}

/* Adds an empty report hit and returns it. */
static jx_report_hit *new_report_hit(jx_results *res, size_t cap)
{
    if (!res->reports &&
        !(res->reports = calloc(cap ? cap : 1, sizeof *res->reports)))
        return NULL;
    return &res->reports[res->n_reports++];
}

/* The candidates of the whole tree that belong to the reports tagged
 * tags[0..n-1] (n >= 1). */
static jx_status report_candidates(search_run *r, const char *const *tags,
                                   size_t n, jx_query **out)
{
    jx_query **only = calloc(n, sizeof *only), *any = NULL;
    jx_status st =
        only ? JX_OK : jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < n; i++)
        st = meta_term_query(JX_PREFIX_REPORT, tags[i], &only[i], r->err);
    if (!st)
        st = jx_query_combine(JX_QUERY_OR, only, n, &any, r->err);
    if (!st) {
        jx_query *pair[2] = {r->cand, any};
        st = jx_query_combine(JX_QUERY_FILTER, pair, 2, out, r->err);
    }
    jx_query_free(any);
    for (size_t i = 0; only && i < n; i++)
        jx_query_free(only[i]);
    free(only);
    return st;
}

/* The best passages of one report: the candidates filtered to it. */
static jx_status report_passages(search_run *r, jx_report_hit *hit)
{
    jx_query *q = NULL;
    jx_enquire *enq = NULL;
    jx_mset *ms = NULL;
    jx_buf tag = {0};
    jx_status st =
        jx_report_tag(&hit->record, &tag)
            ? jx_error_set(r->err, JX_ERR_NOMEM, "out of memory")
            : report_candidates(r, (const char *const[]){tag.data}, 1, &q);
    jx_buf_free(&tag);
    if (!st)
        st = new_enquire(r, q, 0, &enq);
    if (!st)
        st = jx_enquire_mset(enq, 0, r->req->per_report, 0, &ms, r->err);
    unsigned n = st ? 0 : jx_mset_size(ms);
    if (n && !(hit->passages = calloc(n, sizeof *hit->passages)))
        st = jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    for (unsigned i = 0; !st && i < n; i++) {
        st = read_passage(ms, i, r->root, r->chk.unpacker, &hit->passages[i],
                          NULL, r->err);
        hit->n_passages = i + 1;
    }
    jx_mset_free(ms);
    jx_enquire_free(enq);
    jx_query_free(q);
    return st;
}

/* Orders report tags (for sorting an array of strings). */
static int cmp_tag(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* More reports on a page than this are counted by counting every match. */
#define PAGE_COUNT_MAX_REPORTS 256

/* The per-report passage counts for a page whose reports are tagged
 * tags[0..n-1]: the main pass's when it counted every match (counted),
 * else one match over the candidates of those reports alone, so that
 * what a page says of its reports never depends on the count limit.
 * *enq owns *out when it is made here; the caller frees *enq. */
static jx_status page_counts(search_run *r, const jx_value_counts *per_report,
                             int counted, const char *const *tags, size_t n,
                             const jx_value_counts **out, jx_enquire **enq)
{
    *out = per_report;
    *enq = NULL;
    if (counted || !n)
        return JX_OK;
    /* A page of passages names a report once per passage: one term per
     * report, not per passage (100,000 passages made an OR of 100,000
     * terms, 500 s where counting every match took 3). A page of many
     * reports is counted as every match is: filtering to them saves
     * little and a query of thousands of terms costs more. */
    const char **uniq = malloc(n * sizeof *uniq);
    if (!uniq)
        return jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    memcpy(uniq, tags, n * sizeof *uniq);
    qsort(uniq, n, sizeof *uniq, cmp_tag);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || strcmp(uniq[m - 1], uniq[i]) != 0)
            uniq[m++] = uniq[i];
    jx_query *q = NULL;
    jx_status st = JX_OK;
    if (m <= PAGE_COUNT_MAX_REPORTS)
        st = report_candidates(r, uniq, m, &q);
    free(uniq);
    jx_value_counts *vc = NULL;
    jx_mset *ms = NULL;
    if (!st)
        st = new_enquire(r, q ? q : r->cand, 0, enq);
    if (!st)
        st = jx_enquire_count_values(*enq, JX_SLOT_REPORT, JX_SLOT_REPORT, &vc,
                                     r->err);
    if (!st)
        st = jx_enquire_mset(*enq, 0, 1, (unsigned)r->doccount, &ms, r->err);
    if (!st)
        *out = vc;
    jx_mset_free(ms);
    jx_query_free(q);
    return st;
}

/* Reads the record of the report with key, reopening the database when
 * a writer has moved it on: records are found by key, so a newer
 * revision serves as well, and a listing of thousands of reports (each
 * a lookup) outlasts the two revisions Xapian keeps while an indexer
 * commits every fraction of a second. */
static jx_status read_record_fresh(search_run *r, const char *key,
                                   jx_report_record *rec)
{
    for (int tries = 0;; tries++) {
        jx_status st = read_record(r->db, key, rec, r->err);
        if (st != JX_ERR_DB_MODIFIED || tries == 4 * MAX_RETRIES)
            return st;
        jx_report_record_clear(rec);
        if ((st = jx_db_reopen(r->db, r->err)))
            return st;
    }
}

/* The report tag and weight of each result of the main pass, read
 * before anything else (results are read by document id, which only
 * the revision of the match gives). */
typedef struct ranked {
    char key[TAG_MAX];
    double weight;
} ranked;

static jx_status read_ranked(jx_mset *ms, ranked **out, jx_error *err)
{
    unsigned n = jx_mset_size(ms);
    ranked *rk = n ? calloc(n, sizeof *rk) : NULL;
    *out = rk;
    if (n && !rk)
        return jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = JX_OK;
    for (unsigned i = 0; !st && i < n; i++) {
        st = read_tag(ms, i, rk[i].key, err);
        rk[i].weight = jx_mset_weight(ms, i);
    }
    return st;
}

/* Reads each ranked report of the main pass, then its best passages. */
static jx_status grouped(search_run *r, const jx_value_counts *per_report,
                         jx_mset *ms, jx_results *res)
{
    ranked *rk = NULL;
    unsigned n = jx_mset_size(ms);
    const char **tags = n ? calloc(n, sizeof *tags) : NULL;
    const jx_value_counts *counts = NULL;
    jx_enquire *counter = NULL;
    jx_status st = n && !tags
                       ? jx_error_set(r->err, JX_ERR_NOMEM, "out of memory")
                       : read_ranked(ms, &rk, r->err);
    for (unsigned i = 0; !st && i < n; i++)
        tags[i] = rk[i].key;
    if (!st)
        st = page_counts(r, per_report, res->totals_exact, tags, n, &counts,
                         &counter);
    for (unsigned i = 0; !st && i < n; i++) {
        jx_report_hit *hit = new_report_hit(res, n);
        if (!hit) {
            st = jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
            break;
        }
        st = read_record_fresh(r, rk[i].key, &hit->record);
        if (st == JX_ERR_DB_NOT_FOUND) { /* not visible yet: skip it */
            jx_report_record_clear(&hit->record);
            res->n_reports--;
            st = JX_OK;
            continue;
        }
        if (!st) {
            hit->relevance = rk[i].weight;
            hit->matching_passages = passages_of(counts, rk[i].key);
        }
        if (!st && !r->req->reports_only && r->req->per_report)
            st = report_passages(r, hit);
    }
    jx_enquire_free(counter);
    free(tags);
    free(rk);
    return st;
}

/* Reads each ranked passage of the main pass, then each one's report. */
static jx_status ungrouped(search_run *r, const jx_value_counts *per_report,
                           jx_mset *ms, jx_results *res)
{
    jx_status st = JX_OK;
    unsigned n = jx_mset_size(ms);
    char(*keys)[TAG_MAX] = n ? calloc(n, sizeof *keys) : NULL;
    if (n && !keys)
        return jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    for (unsigned i = 0; !st && i < n; i++) {
        jx_report_hit *hit = new_report_hit(res, n);
        if (!hit || !(hit->passages = calloc(1, sizeof *hit->passages))) {
            st = jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
            break;
        }
        hit->n_passages = 1;
        hit->relevance = jx_mset_weight(ms, i);
        st = read_passage(ms, i, r->root, r->chk.unpacker, hit->passages,
                          keys[i], r->err);
    }
    const char **tags = n ? calloc(n, sizeof *tags) : NULL;
    const jx_value_counts *counts = NULL;
    jx_enquire *counter = NULL;
    if (!st && n && !tags)
        st = jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    for (unsigned i = 0; !st && i < n; i++)
        tags[i] = keys[i];
    if (!st)
        st = page_counts(r, per_report, res->totals_exact, tags,
                         res->n_reports, &counts, &counter);
    size_t kept = 0;
    jx_buf last = {0}; /* the record read last, serialised, and its tag */
    const char *last_tag = NULL;
    for (size_t i = 0; !st && i < res->n_reports; i++) {
        jx_report_hit *hit = &res->reports[i];
        /* passages of one report tend to come together (equal weights
         * rank in document order): a copy of the record read for the
         * previous one is cheaper than a lookup (a read and an inflate;
         * a page of 100,000 passages read 100,000 records) */
        if (last_tag && strcmp(last_tag, keys[i]) == 0)
            st = jx_report_record_read(last.data, last.len, &hit->record,
                                       r->err);
        else if (!(st = read_record_fresh(r, keys[i], &hit->record))) {
            jx_buf_reset(&last);
            last_tag =
                jx_report_record_write(&hit->record, &last) ? NULL : keys[i];
        }
        if (st == JX_ERR_DB_NOT_FOUND) { /* not visible yet: skip it */
            jx_report_record_clear(&hit->record);
            passage_hit_clear(hit->passages);
            free(hit->passages);
            memset(hit, 0, sizeof *hit);
            st = JX_OK;
            continue;
        }
        hit->matching_passages = passages_of(counts, keys[i]);
        if (kept != i) { /* one owner for what the hit holds */
            res->reports[kept] = *hit;
            memset(hit, 0, sizeof *hit);
        }
        kept++;
    }
    if (!st)
        res->n_reports = kept;
    jx_buf_free(&last);
    jx_enquire_free(counter);
    free(tags);
    free(keys);
    return st;
}

/* Removes from the candidates the passages of superseded report
 * versions (the dead list, see jx_store.h). */
static jx_status mask_dead(search_run *r)
{
    char **tags = NULL;
    size_t n = 0;
    jx_status st = jx_store_read_dead(r->db, &tags, &n, r->err);
    if (!st && n > MAX_DEAD_IN_QUERY) {
        /* thousands of AND_NOT terms cost more per candidate than a set
         * lookup in the decider (13 s against 0.01 s measured) */
        for (size_t i = 0; !st && i < n; i++)
            if (jx_strset_add(&r->chk.dead, tags[i]))
                st = jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
        if (r->exact)
            r->chk.root = NULL; /* the tree needs no check of its own */
        r->exact = 0;
        jx_store_free_tags(tags, n);
        return st;
    }
    jx_query **q = st || !n ? NULL : calloc(n + 1, sizeof *q);
    if (!st && n && !q)
        st = jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    size_t k = 1;
    for (size_t i = 0; !st && i < n; i++, k++)
        st = meta_term_query(JX_PREFIX_REPORT, tags[i], &q[k], r->err);
    if (!st && n) {
        q[0] = r->cand;
        jx_query *masked = NULL;
        st = jx_query_combine(JX_QUERY_AND_NOT, q, k, &masked, r->err);
        if (!st) {
            jx_query_free(r->cand);
            r->cand = masked;
        }
        q[0] = NULL;
    }
    for (size_t i = 0; q && i < k; i++)
        jx_query_free(q[i]);
    free(q);
    jx_store_free_tags(tags, n);
    return st;
}

/* One attempt at the whole search. */
static jx_status attempt(search_run *r, jx_results *res)
{
    jx_enquire *enq = NULL;
    jx_mset *ms = NULL;
    jx_value_counts *per_report = NULL;
    r->chk.title_known = 0; /* the database may have been reopened */
    jx_error_clear(&r->chk.damaged);
    jx_status st = jx_db_doccount(r->db, &r->doccount, r->err);
    if (!st)
        st = candidates(r->db, r->root, &r->cand, r->err);
    if (!st)
        st = mask_dead(r);
    if (!st)
        st = main_pass(r, res, &enq, &ms, &per_report);
    if (!st && r->req->limit && res->total_passages) {
        if (r->req->per_report || r->req->reports_only)
            st = grouped(r, per_report, ms, res);
        else
            st = ungrouped(r, per_report, ms, res);
    }
    if (!st && r->chk.failed)
        st = jx_error_set(r->err, JX_ERR_NOMEM, "out of memory");
    if (!st && r->chk.damaged.status) {
        *r->err = r->chk.damaged;
        st = r->chk.damaged.status;
    }
    jx_mset_free(ms);
    jx_enquire_free(enq);
    jx_query_free(r->cand);
    r->cand = NULL;
    return st;
}

jx_status jx_search(jx_db *db, const jx_search_request *req, jx_results **out,
                    jx_error *err)
{
    jx_qnode *root = NULL;
    *out = NULL;
    jx_status st = build_tree(req, &root, err);
    if (!st)
        st = simplify(&root, err);
    if (!st)
        st = bound_tree(root, err);
    if (st) {
        jx_qnode_free(root);
        return st;
    }
    search_run r = {db, req, root, NULL, is_exact(root), {0}, 0, err};
    r.chk.root = root;
    r.chk.db = db;
    jx_results *res = NULL;
    st = jx_text_unpacker_for(db, &r.chk.unpacker, err);
    for (int tries = 0; !st && tries < MAX_RETRIES; tries++) {
        jx_results_free(res);
        if (!(res = calloc(1, sizeof *res))) {
            st = jx_error_set(err, JX_ERR_NOMEM, "out of memory");
            break;
        }
        st = attempt(&r, res);
        if (st != JX_ERR_DB_MODIFIED)
            break;
        if ((st = jx_db_reopen(db, err)))
            break;
        st = JX_ERR_DB_MODIFIED;
    }
    jx_buf_free(&r.chk.form);
    jx_buf_free(&r.chk.scratch);
    jx_buf_free(&r.chk.title);
    jx_strset_free(&r.chk.dead);
    jx_text_unpacker_free(r.chk.unpacker);
    jx_qnode_free(root);
    if (st) {
        jx_results_free(res);
        return st;
    }
    *out = res;
    return JX_OK;
}

/* ---- names ------------------------------------------------------------- */

static const char *const count_names[] = {
    [JX_COUNT_NONE] = "none",   [JX_COUNT_YEAR] = "year",
    [JX_COUNT_DEPT] = "dept",   [JX_COUNT_REGION] = "region",
    [JX_COUNT_GRADE] = "grade", [JX_COUNT_TYPE] = "type",
};

const char *jx_count_by_name(jx_count_by by)
{
    return (unsigned)by <= JX_COUNT_TYPE ? count_names[by] : "none";
}

jx_count_by jx_count_by_from_name(const char *name)
{
    for (int i = JX_COUNT_YEAR; i <= JX_COUNT_TYPE; i++)
        if (strcmp(name, count_names[i]) == 0)
            return (jx_count_by)i;
    if (strcmp(name, "department") == 0)
        return JX_COUNT_DEPT;
    return JX_COUNT_NONE;
}
