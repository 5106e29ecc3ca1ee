/* jx_passage_doc.c: building a passage's document: tokens summed per
 * term in a bag, report metadata as boolean terms and values, the text
 * packed into its slot. */
#include "jx_passage_doc.h"

#include <stdlib.h>
#include <string.h>

#include "jx_buf.h"
#include "jx_schema.h"
#include "jx_tokenize.h"

/* The distinct terms of one passage with their summed wdf: tokens are
 * gathered here and handed to Xapian once per term, because each
 * Document::add_term call costs a std::map lookup (about half of the
 * indexing time went there, one call per token). Open addressing over
 * term bytes kept in one arena; reused from passage to passage. */
typedef struct term_bag {
    struct bag_slot {
        unsigned off, len, wdf;
    } * slots;
    unsigned cap, count;
    jx_buf arena;
    jx_status status;
} term_bag;

/* FNV-1a of a token. */
static unsigned bag_hash(const char *s, size_t len)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Empties the bag, keeping its memory. */
static void bag_clear(term_bag *bag)
{
    if (bag->slots)
        memset(bag->slots, 0, bag->cap * sizeof *bag->slots);
    bag->count = 0;
    Jx_buf_reset(&bag->arena);
    bag->status = JX_OK;
}

/* Doubles the table, re-placing every term. */
static jx_status bag_grow(term_bag *bag)
{
    unsigned cap = bag->cap ? bag->cap * 2 : 512;
    struct bag_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return JX_ERR_NOMEM;
    for (unsigned i = 0; i < bag->cap; i++) {
        struct bag_slot *o = &bag->slots[i];
        if (!o->len)
            continue;
        unsigned j = bag_hash(bag->arena.data + o->off, o->len) & (cap - 1);
        while (slots[j].len)
            j = (j + 1) & (cap - 1);
        slots[j] = *o;
    }
    free(bag->slots);
    bag->slots = slots;
    bag->cap = cap;
    return JX_OK;
}

/* Adds wdf to a term, entering it when new. */
static jx_status bag_add(term_bag *bag, const char *t, size_t len,
                         unsigned wdf)
{
    if ((bag->count + 1) * 2 > bag->cap && bag_grow(bag))
        return JX_ERR_NOMEM;
    unsigned j = bag_hash(t, len) & (bag->cap - 1);
    for (;; j = (j + 1) & (bag->cap - 1)) {
        struct bag_slot *sl = &bag->slots[j];
        if (!sl->len) {
            sl->off = (unsigned)bag->arena.len;
            sl->len = (unsigned)len;
            sl->wdf = wdf;
            bag->count++;
            return Jx_buf_append(&bag->arena, t, len);
        }
        if (sl->len == len && memcmp(bag->arena.data + sl->off, t, len) == 0) {
            sl->wdf += wdf;
            return JX_OK;
        }
    }
}

/* Frees the bag's memory. */
static void bag_free(term_bag *bag)
{
    free(bag->slots);
    Jx_buf_clear(&bag->arena);
    memset(bag, 0, sizeof *bag);
}

/* What add_token needs: the bag and the wdf each token adds. */
typedef struct token_sink {
    term_bag *bag;
    unsigned wdf;
} token_sink;

/* Adds one token to the bag. */
static int add_token(const jx_token *t, void *ctx)
{
    token_sink *sink = ctx;
    sink->bag->status = bag_add(sink->bag, t->text, t->len, sink->wdf);
    return sink->bag->status != JX_OK;
}

/* Tokenizes text into the bag with the given wdf per token. */
static jx_status add_text_terms(term_bag *bag, const char *text, unsigned wdf,
                                jx_error *err)
{
    token_sink sink = {bag, wdf};
    jx_status st = Jx_tokenize_text(text, strlen(text), add_token, &sink);
    if (bag->status)
        return Jx_error_set(err, bag->status, "out of memory");
    return st ? Jx_error_set(err, st, "tokenizing failed") : JX_OK;
}

/* Hands every term of the bag to the document. */
static jx_status bag_to_doc(const term_bag *bag, jx_doc *doc, jx_error *err)
{
    jx_status st = JX_OK;
    for (unsigned i = 0; !st && i < bag->cap; i++) {
        const struct bag_slot *sl = &bag->slots[i];
        if (sl->len)
            st = Jx_doc_add_term(doc, bag->arena.data + sl->off, sl->len,
                                 sl->wdf, err);
    }
    return st;
}

jx_status Jx_add_meta_term(jx_doc *doc, const char *prefix, const char *value,
                           jx_buf *scratch, jx_error *err)
{
    if (!value || !*value)
        return JX_OK;
    Jx_buf_reset(scratch);
    jx_status st = Jx_term_for(prefix, value, scratch);
    if (st)
        return Jx_error_set(err, st, "out of memory");
    return Jx_doc_add_boolean_term(doc, scratch->data, scratch->len, err);
}

/* Sets a value slot to a number, sortably encoded. */
static jx_status set_number_value(jx_doc *doc, unsigned slot, const char *text,
                                  jx_error *err)
{
    char enc[18];
    size_t n = Jx_sortable_serialise(strtod(text, NULL), enc);
    return Jx_doc_set_value(doc, slot, enc, n, err);
}

/* Sets a value slot to a string when it is known. */
static jx_status set_text_value(jx_doc *doc, unsigned slot, const char *v,
                                jx_error *err)
{
    if (!v || !*v)
        return JX_OK;
    return Jx_doc_set_value(doc, slot, v, strlen(v), err);
}

/* Adds the filter terms and values every passage of a report carries. */
static jx_status add_report_metadata(jx_doc *doc, const jx_report_record *r,
                                     jx_buf *scratch, jx_error *err)
{
    char *const *f = r->fields;
    const char *grade = Jx_grade_canonical(f[JX_FIELD_GRADE]);
    jx_buf tag = {0};
    jx_status st =
        Jx_report_tag(r, &tag)
            ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
            : Jx_add_meta_term(doc, JX_PREFIX_REPORT, tag.data, scratch, err);
    if (!st)
        st = Jx_add_meta_term(doc, JX_PREFIX_YEAR, f[JX_FIELD_YEAR], scratch,
                              err);
    if (!st)
        st = Jx_add_meta_term(doc, JX_PREFIX_DEPT, f[JX_FIELD_DEPT], scratch,
                              err);
    if (!st)
        st = Jx_add_meta_term(doc, JX_PREFIX_REGION, f[JX_FIELD_REGION],
                              scratch, err);
    if (!st)
        st = Jx_add_meta_term(doc, JX_PREFIX_GRADE, grade, scratch, err);
    if (!st)
        st = Jx_add_meta_term(doc, JX_PREFIX_TYPE, f[JX_FIELD_TYPE], scratch,
                              err);
    if (!st)
        st = Jx_add_meta_term(doc, JX_PREFIX_TITLE, f[JX_FIELD_TITLE], scratch,
                              err);
    if (!st && !f[JX_FIELD_SCORE])
        st = Jx_add_meta_term(doc, JX_PREFIX_NO_SCORE, "score", scratch, err);
    if (!st)
        st = Jx_doc_set_value(doc, JX_SLOT_REPORT, tag.data, tag.len, err);
    Jx_buf_clear(&tag);
    if (!st && f[JX_FIELD_YEAR])
        st = set_number_value(doc, JX_SLOT_YEAR, f[JX_FIELD_YEAR], err);
    if (!st && f[JX_FIELD_YEAR])
        st = set_text_value(doc, JX_SLOT_YEAR_TEXT, f[JX_FIELD_YEAR], err);
    if (!st && f[JX_FIELD_SCORE])
        st = set_number_value(doc, JX_SLOT_SCORE, f[JX_FIELD_SCORE], err);
    if (!st)
        st = set_text_value(doc, JX_SLOT_DEPT, f[JX_FIELD_DEPT], err);
    if (!st)
        st = set_text_value(doc, JX_SLOT_REGION, f[JX_FIELD_REGION], err);
    if (!st)
        st = set_text_value(doc, JX_SLOT_GRADE, grade, err);
    if (!st)
        st = set_text_value(doc, JX_SLOT_TYPE, f[JX_FIELD_TYPE], err);
    return st;
}

struct jx_passage_builder {
    term_bag bag;   /* the terms of the passage being built */
    jx_buf scratch; /* a term being made */
    jx_buf plain;   /* heading path, 0x1F, text */
    jx_buf stored;  /* the same, packed */
};

jx_status Jx_passage_builder_new(jx_passage_builder **out, jx_error *err)
{
    *out = calloc(1, sizeof **out);
    return *out ? JX_OK : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
}

void Jx_passage_builder_destroy(jx_passage_builder *b)
{
    if (!b)
        return;
    bag_free(&b->bag);
    Jx_buf_clear(&b->scratch);
    Jx_buf_clear(&b->plain);
    Jx_buf_clear(&b->stored);
    free(b);
}

/* Packs heading, 0x1F, text into b->stored. */
static jx_status pack_text(jx_passage_builder *b, const char *heading,
                           const char *text, jx_text_packer *packer,
                           jx_error *err)
{
    Jx_buf_reset(&b->plain);
    if (Jx_buf_puts(&b->plain, heading) ||
        Jx_buf_putc(&b->plain, JX_HEADING_TEXT_SEP) ||
        Jx_buf_puts(&b->plain, text))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    return Jx_text_pack(packer, b->plain.data, b->plain.len, &b->stored, err);
}

jx_status Jx_passage_add(jx_passage_builder *b, jx_wdb *into,
                         const char *heading, const char *text,
                         const jx_report_record *rec, jx_text_packer *packer,
                         jx_error *err)
{
    jx_doc *doc = NULL;
    bag_clear(&b->bag);
    jx_status st = Jx_doc_new(&doc, err);
    if (!st)
        st = add_text_terms(&b->bag, heading, JX_HEADING_WDF, err);
    if (!st)
        st = add_text_terms(&b->bag, text, 1, err);
    if (!st)
        st = bag_to_doc(&b->bag, doc, err);
    if (!st)
        st = add_report_metadata(doc, rec, &b->scratch, err);
    if (!st)
        st = pack_text(b, heading, text, packer, err);
    if (!st)
        st = Jx_doc_set_value(doc, JX_SLOT_TEXT, b->stored.data, b->stored.len,
                              err);
    if (!st)
        st = Jx_wdb_add(into, doc, NULL, err);
    Jx_doc_destroy(doc);
    return st;
}
