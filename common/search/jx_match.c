/* jx_match.c: matching -- the exact check and highlighting. A match
 * decider checks each candidate passage's stored text (in search form)
 * against the query tree, so that a search returns exactly the passages
 * that contain its strings; spans_of finds, in a passage shown, the
 * ranges to highlight. Both find a string the same way (whole words at
 * its ends). */
#include "jx_match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_array.h"
#include "jx_schema.h"
#include "jx_store.h"
#include "jx_text.h"

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

int Jx_match_contains(const char *hay, size_t hlen, const char *needle,
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

/* Reads value slot of doc into a search form in c->scratch. A predicate,
 * as the decider's evaluators are: true when read; false when the doc
 * has no such value or when out of memory (which c->failed records). */
static int value_form(jx_checker *c, jx_doc *doc, unsigned slot)
{
    const char *v;
    size_t len;
    Jx_buf_reset(&c->scratch);
    if (Jx_doc_value(doc, slot, &v, &len, NULL))
        return 0;
    if (Jx_search_form(v, len, &c->scratch, NULL)) {
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
static int report_title(jx_checker *c, jx_doc *doc)
{
    const char *v;
    size_t len;
    if (Jx_doc_value(doc, JX_SLOT_REPORT, &v, &len, NULL) || !len ||
        len >= JX_TAG_MAX)
        return 0;
    if (c->title_known && strlen(c->title_tag) == len &&
        memcmp(c->title_tag, v, len) == 0)
        return 1;
    char tag[JX_TAG_MAX];
    snprintf(tag, sizeof tag, "%.*s", (int)len, v);
    jx_report_record rec = {0};
    jx_error e;
    Jx_error_clear(&e);
    c->title_known = 0;
    Jx_buf_reset(&c->title);
    jx_status st = Jx_match_read_record(c->db, tag, &rec, &e);
    if (st == JX_ERR_DB_NOT_FOUND) /* not committed yet: no title */
        st = JX_OK;
    else if (!st && rec.fields[JX_FIELD_TITLE] &&
             Jx_search_form(rec.fields[JX_FIELD_TITLE],
                            strlen(rec.fields[JX_FIELD_TITLE]), &c->title,
                            NULL))
        c->failed = 1;
    Jx_report_record_clear(&rec);
    if (st && !c->damaged.status)
        c->damaged = e;
    if (st || c->failed)
        return 0;
    memcpy(c->title_tag, tag, len + 1);
    c->title_known = 1;
    return 1;
}

/* Evaluates a metadata filter on a candidate's values. */
static int eval_filter(jx_checker *c, const jx_qnode *n, jx_doc *doc)
{
    const char *v;
    size_t len;
    switch (n->kind) {
    case JX_Q_YEAR:
        if (Jx_doc_value(doc, JX_SLOT_YEAR_TEXT, &v, &len, NULL) || !len)
            return 0;
        double y = strtod(v, NULL);
        return y >= n->lo && y <= n->hi;
    case JX_Q_SCORE:
    case JX_Q_NO_SCORE:
        if (Jx_doc_value(doc, JX_SLOT_SCORE, &v, &len, NULL))
            return 0;
        if (n->kind == JX_Q_NO_SCORE)
            return len == 0;
        double s = Jx_sortable_unserialise(v, len);
        return len && s >= n->lo && s <= n->hi;
    case JX_Q_DEPT:
    case JX_Q_REGION:
        if (!value_form(c, doc,
                        n->kind == JX_Q_DEPT ? JX_SLOT_DEPT : JX_SLOT_REGION))
            return 0;
        return c->scratch.len &&
               Jx_match_contains(c->scratch.data, c->scratch.len, n->form,
                                 n->form_len, NULL);
    case JX_Q_GRADE:
    case JX_Q_TYPE:
        if (Jx_doc_value(doc,
                         n->kind == JX_Q_GRADE ? JX_SLOT_GRADE : JX_SLOT_TYPE,
                         &v, &len, NULL))
            return 0;
        return len == strlen(n->text) && memcmp(v, n->text, len) == 0;
    case JX_Q_TITLE:
        return report_title(c, doc) && c->title.len &&
               Jx_match_contains(c->title.data, c->title.len, n->form,
                                 n->form_len, NULL);
    default:
        return 0;
    }
}

/* Evaluates the tree on the candidate whose form c holds. */
static int eval(jx_checker *c, const jx_qnode *n, jx_doc *doc)
{
    switch (n->kind) {
    case JX_Q_TEXT:
        return Jx_match_contains(c->form.data,
                                 n->section ? c->split : c->form.len, n->form,
                                 n->form_len, NULL);
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
int Jx_match_decide(jx_doc *doc, void *ctx)
{
    jx_checker *c = ctx;
    const char *data;
    size_t len;
    if (c->dead.count) { /* a superseded version of a report? */
        char tag[JX_TAG_MAX];
        if (Jx_doc_value(doc, JX_SLOT_REPORT, &data, &len, NULL))
            return 0;
        snprintf(tag, sizeof tag, "%.*s", (int)len, data);
        if (Jx_strset_has(&c->dead, tag))
            return 0;
        if (!c->root) /* only the dead check was wanted */
            return 1;
    }
    if (Jx_doc_value(doc, JX_SLOT_TEXT, &data, &len, NULL))
        return 0;
    if (Jx_text_unpack(c->unpacker, data, len, &data, &len, &c->damaged))
        return 0;
    Jx_buf_reset(&c->form);
    if (Jx_search_form(data, len, &c->form, NULL)) {
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

/* Adds a span: JX_OK, or JX_ERR_NOMEM. */
static jx_status span_add(span_list *l, size_t start, size_t end)
{
    jx_status st = Jx_array_reserve(&l->s, &l->cap, l->n + 1, sizeof *l->s);
    if (st)
        return st;
    l->s[l->n].start = start;
    l->s[l->n].end = end;
    l->n++;
    return JX_OK;
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
    return avail ? Jx_utf8_decode(s, avail, &cp) : 0;
}

/* Adds the spans of every occurrence of needle in text, mapped back
 * from its search form: JX_OK, or JX_ERR_NOMEM. */
static jx_status find_spans(const char *text, const jx_buf *form,
                            const jx_offset_map *map, const jx_qnode *n,
                            span_list *out)
{
    size_t at = 0, tlen = strlen(text);
    while (form->len &&
           find_from(form->data, form->len, n->form, n->form_len, &at)) {
        size_t last = map->orig[at + n->form_len - 1];
        size_t end = last + char_len(text + last, tlen - last);
        jx_status st = span_add(out, map->orig[at], end);
        if (st)
            return st;
        at++;
    }
    return JX_OK;
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
jx_status Jx_match_spans(const jx_qnode *root, const char *text,
                         int in_heading, jx_span **spans, size_t *n)
{
    const jx_qnode *nodes[64];
    size_t count = 0;
    positive_texts(root, nodes, &count, 64);
    jx_buf form = {0};
    jx_offset_map map = {0};
    span_list l = {0};
    jx_status st = Jx_search_form(text, strlen(text), &form, &map);
    for (size_t i = 0; !st && i < count; i++) {
        if (nodes[i]->section && !in_heading)
            continue;
        st = find_spans(text, &form, &map, nodes[i], &l);
    }
    span_merge(&l);
    Jx_buf_clear(&form);
    Jx_offset_map_clear(&map);
    if (st) {
        free(l.s);
        return st;
    }
    *spans = l.s;
    *n = l.n;
    return JX_OK;
}

/* Reads the record of the report with key. */
jx_status Jx_match_read_record(jx_db *db, const char *key,
                               jx_report_record *rec, jx_error *err)
{
    char id[JX_KEY_LEN + 1];
    const char *at = strchr(key, '@');
    int found = 0;
    snprintf(id, sizeof id, "%.*s",
             (int)(at ? (size_t)(at - key) : strlen(key)), key);
    jx_status st =
        Jx_report_record_find(db, JX_PREFIX_REPORT_ID, id, rec, &found, err);
    if (!st && !found) /* being indexed: its report is not committed yet */
        return JX_ERR_DB_NOT_FOUND;
    return st;
}
