/* jx_passage_text.c: packing passage text for storage with zstd and a
 * trained dictionary, and unpacking it for the search's check. */
#include "jx_passage_text.h"

#include <stdlib.h>
#include <string.h>
#include <zdict.h>
#include <zstd.h>

/* The first byte of a stored form (see the header). */
#define FORM_RAW  0x00
#define FORM_ZSTD 0x01

/* zstd's level: 3 (its default) packs to 0.41 at 150 MB/s; 1 gives 0.47,
 * 6 gives 0.43 at a third of the speed. */
#define LEVEL 3

/* The largest text an unpacker accepts from a frame header; passages are
 * cut far below this (docs/limits.md), so more means damage. */
#define MAX_TEXT (64u * 1024u * 1024u)

/* How many dictionaries an unpacker keeps: one per database searched. */
#define MAX_DICTS 16

struct jx_text_packer {
    ZSTD_CCtx *cctx;
    ZSTD_CDict *cdict; /* NULL: store text as is */
};

typedef struct loaded_dict {
    unsigned id;
    ZSTD_DDict *ddict;
} loaded_dict;

struct jx_text_unpacker {
    ZSTD_DCtx *dctx;
    jx_dict_lookup_fn lookup;
    void *ctx;
    loaded_dict dicts[MAX_DICTS];
    size_t n_dicts;
    jx_buf text;
};

jx_status Jx_text_dict_train(const char *samples, const size_t *sizes,
                             size_t n, jx_buf *dict, unsigned *id,
                             jx_error *err)
{
    *id = 0;
    Jx_buf_reset(dict);
    if (n > 0xFFFFFFFFu)
        n = 0xFFFFFFFFu;
    if (Jx_buf_reserve(dict, JX_DICT_BYTES))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    size_t got = ZDICT_trainFromBuffer(dict->data, JX_DICT_BYTES, samples,
                                       sizes, (unsigned)n);
    if (ZDICT_isError(got))
        return Jx_error_set(err, JX_ERR_ARG,
                            "cannot train a dictionary on %zu passages: %s", n,
                            ZDICT_getErrorName(got));
    dict->len = got;
    dict->data[got] = '\0';
    *id = ZDICT_getDictID(dict->data, got);
    return *id ? JX_OK
               : Jx_error_set(err, JX_ERR_ARG, "trained dictionary has no id");
}

unsigned Jx_text_dict_id(const char *dict, size_t len)
{
    return dict && len ? ZDICT_getDictID(dict, len) : 0;
}

jx_status Jx_text_packer_new(const char *dict, size_t len,
                             jx_text_packer **out, jx_error *err)
{
    jx_text_packer *p = calloc(1, sizeof *p);
    *out = NULL;
    if (!p || !(p->cctx = ZSTD_createCCtx()))
        goto nomem;
    if (dict && len && !(p->cdict = ZSTD_createCDict(dict, len, LEVEL)))
        goto nomem;
    *out = p;
    return JX_OK;
nomem:
    Jx_text_packer_destroy(p);
    return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
}

void Jx_text_packer_destroy(jx_text_packer *p)
{
    if (!p)
        return;
    ZSTD_freeCDict(p->cdict);
    ZSTD_freeCCtx(p->cctx);
    free(p);
}

/* Stores text as is, escaped when it starts like a packed form. */
static jx_status store_raw(const char *text, size_t len, jx_buf *out,
                           jx_error *err)
{
    Jx_buf_reset(out);
    int escape = len && (text[0] == FORM_RAW || text[0] == FORM_ZSTD);
    if ((escape && Jx_buf_putc(out, FORM_RAW)) ||
        Jx_buf_append(out, text, len))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    return JX_OK;
}

jx_status Jx_text_pack(jx_text_packer *p, const char *text, size_t len,
                       jx_buf *out, jx_error *err)
{
    if (!p->cdict || len < 16)
        return store_raw(text, len, out, err);
    size_t bound = ZSTD_compressBound(len);
    Jx_buf_reset(out);
    if (Jx_buf_reserve(out, bound + 1))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    out->data[0] = FORM_ZSTD;
    size_t n = ZSTD_compress_usingCDict(p->cctx, out->data + 1, bound, text,
                                        len, p->cdict);
    if (ZSTD_isError(n) || n + 1 >= len)
        return store_raw(text, len, out, err);
    out->len = n + 1;
    out->data[out->len] = '\0';
    return JX_OK;
}

jx_status Jx_text_unpacker_new(jx_dict_lookup_fn lookup, void *ctx,
                               jx_text_unpacker **out, jx_error *err)
{
    jx_text_unpacker *u = calloc(1, sizeof *u);
    *out = NULL;
    if (!u || !(u->dctx = ZSTD_createDCtx())) {
        free(u);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    u->lookup = lookup;
    u->ctx = ctx;
    *out = u;
    return JX_OK;
}

void Jx_text_unpacker_destroy(jx_text_unpacker *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->n_dicts; i++)
        ZSTD_freeDDict(u->dicts[i].ddict);
    ZSTD_freeDCtx(u->dctx);
    Jx_buf_clear(&u->text);
    free(u);
}

/* The dictionary with id, loaded through the lookup on first use. */
static jx_status dict_for(jx_text_unpacker *u, unsigned id, ZSTD_DDict **out,
                          jx_error *err)
{
    for (size_t i = 0; i < u->n_dicts; i++)
        if (u->dicts[i].id == id) {
            *out = u->dicts[i].ddict;
            return JX_OK;
        }
    jx_buf dict = {0};
    jx_status st = u->lookup ? u->lookup(id, &dict, u->ctx, err) : JX_OK;
    if (!st && !dict.len)
        st = Jx_error_set(err, JX_ERR_DB_CORRUPT,
                          "stored passage text names dictionary %u, which "
                          "the database does not hold",
                          id);
    ZSTD_DDict *dd = NULL;
    if (!st && !(dd = ZSTD_createDDict(dict.data, dict.len)))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    Jx_buf_clear(&dict);
    if (st)
        return st;
    if (u->n_dicts == MAX_DICTS) { /* forget the oldest */
        ZSTD_freeDDict(u->dicts[0].ddict);
        memmove(u->dicts, u->dicts + 1, (MAX_DICTS - 1) * sizeof *u->dicts);
        u->n_dicts--;
    }
    u->dicts[u->n_dicts++] = (loaded_dict){id, dd};
    *out = dd;
    return JX_OK;
}

/* Decompresses one zstd frame into u->text. */
static jx_status unpack_frame(jx_text_unpacker *u, const char *frame,
                              size_t len, jx_error *err)
{
    unsigned long long size = ZSTD_getFrameContentSize(frame, len);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size > MAX_TEXT)
        return Jx_error_set(err, JX_ERR_DB_CORRUPT,
                            "stored passage text is damaged");
    unsigned id = ZSTD_getDictID_fromFrame(frame, len);
    ZSTD_DDict *dd = NULL;
    jx_status st = id ? dict_for(u, id, &dd, err) : JX_OK;
    if (st)
        return st;
    Jx_buf_reset(&u->text);
    if (Jx_buf_reserve(&u->text, (size_t)size))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    size_t n = dd ? ZSTD_decompress_usingDDict(u->dctx, u->text.data,
                                               (size_t)size, frame, len, dd)
                  : ZSTD_decompressDCtx(u->dctx, u->text.data, (size_t)size,
                                        frame, len);
    if (ZSTD_isError(n) || n != size)
        return Jx_error_set(err, JX_ERR_DB_CORRUPT,
                            "stored passage text is damaged");
    u->text.len = n;
    u->text.data[n] = '\0';
    return JX_OK;
}

jx_status Jx_text_unpack(jx_text_unpacker *u, const char *stored, size_t len,
                         const char **text, size_t *text_len, jx_error *err)
{
    *text = stored;
    *text_len = len;
    if (!len || (stored[0] != FORM_RAW && stored[0] != FORM_ZSTD))
        return JX_OK;
    if (stored[0] == FORM_RAW) {
        *text = stored + 1;
        *text_len = len - 1;
        return JX_OK;
    }
    jx_status st = unpack_frame(u, stored + 1, len - 1, err);
    if (st)
        return st;
    *text = u->text.data;
    *text_len = u->text.len;
    return JX_OK;
}
