/* jx_text_store.c: packing passage text with the database's dictionary,
 * training that dictionary from the first passages a database receives,
 * and finding dictionaries again for reading. */
#include "jx_text_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_buf.h"
#include "jx_record.h"
#include "jx_schema.h"

struct jx_text_store {
    jx_text_packer *packer; /* with the dictionary, or none yet */
    int has_dict;
    int gave_up;     /* samples too alike: store as is this run */
    size_t min_text; /* train once this much text is gathered */
    jx_buf samples;  /* passages gathered for training, end to end */
    size_t *sizes;   /* their sizes */
    size_t n_sizes, cap_sizes;
    jx_buf dict;  /* the current dictionary, empty if none */
    jx_buf plain; /* scratch: heading, 0x1F, text */
};

/* The metadata key of dictionary id. */
static void dict_key(unsigned id, char key[48])
{
    snprintf(key, 48, "%s.%u", JX_META_DICT, id);
}

/* Finds dictionary id in db's metadata: the unpacker's lookup. */
static jx_status find_dict(unsigned id, jx_buf *dict, void *ctx, jx_error *err)
{
    char key[48], *value = NULL;
    size_t len = 0;
    dict_key(id, key);
    jx_status st = Jx_db_find_metadata(ctx, key, &value, &len, err);
    if (!st && len && Jx_buf_append(dict, value, len))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    free(value);
    return st;
}

jx_status Jx_text_unpacker_for(jx_db *db, jx_text_unpacker **out,
                               jx_error *err)
{
    return Jx_text_unpacker_new(find_dict, db, out, err);
}

/* Reads the current dictionary of the report database into dict (left
 * empty when there is none). */
static jx_status current_dict(jx_db *reports, jx_buf *dict, jx_error *err)
{
    char *id_text = NULL;
    jx_status st = Jx_db_get_metadata(reports, JX_META_DICT, &id_text, err);
    if (!st && *id_text) {
        char *end;
        unsigned long id = strtoul(id_text, &end, 10);
        if (*end || !id || id > 0xFFFFFFFFul)
            st = Jx_error_set(err, JX_ERR_DB_CORRUPT,
                              "metadata %s is not a dictionary id: %.40s",
                              JX_META_DICT, id_text);
        else
            st = find_dict((unsigned)id, dict, reports, err);
        if (!st && !dict->len)
            st = Jx_error_set(err, JX_ERR_DB_CORRUPT,
                              "dictionary %lu is missing", id);
    }
    free(id_text);
    return st;
}

jx_status Jx_text_store_open(jx_db *reports, size_t min_text,
                             jx_text_store **out, jx_error *err)
{
    jx_buf dict = {0};
    *out = NULL;
    jx_text_store *ts = calloc(1, sizeof *ts);
    jx_status st = ts ? current_dict(reports, &dict, err)
                      : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_text_packer_new(dict.data, dict.len, &ts->packer, err);
    if (!st) {
        ts->has_dict = dict.len > 0;
        ts->min_text = min_text ? min_text : JX_DICT_MIN_SAMPLES;
        ts->dict = dict;
        *out = ts;
    } else {
        Jx_text_store_destroy(ts);
        Jx_buf_clear(&dict);
    }
    return st;
}

void Jx_text_store_destroy(jx_text_store *ts)
{
    if (!ts)
        return;
    Jx_text_packer_destroy(ts->packer);
    Jx_buf_clear(&ts->samples);
    free(ts->sizes);
    Jx_buf_clear(&ts->dict);
    Jx_buf_clear(&ts->plain);
    free(ts);
}

/* Keeps text as a training sample while there is room. */
static jx_status keep_sample(jx_text_store *ts, const char *text, size_t len,
                             jx_error *err)
{
    if (ts->samples.len + len > JX_DICT_MAX_SAMPLES)
        return JX_OK;
    if (ts->n_sizes == ts->cap_sizes) {
        size_t cap = ts->cap_sizes ? 2 * ts->cap_sizes : 1024;
        size_t *sizes = realloc(ts->sizes, cap * sizeof *sizes);
        if (!sizes)
            return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        ts->sizes = sizes;
        ts->cap_sizes = cap;
    }
    if (Jx_buf_append(&ts->samples, text, len))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    ts->sizes[ts->n_sizes++] = len;
    return JX_OK;
}

jx_status Jx_text_store_sample(jx_text_store *ts, const char *heading,
                               const char *text, jx_error *err)
{
    if (ts->has_dict || ts->gave_up)
        return JX_OK;
    Jx_buf_reset(&ts->plain);
    if (Jx_buf_puts(&ts->plain, heading) ||
        Jx_buf_putc(&ts->plain, JX_HEADING_TEXT_SEP) ||
        Jx_buf_puts(&ts->plain, text))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    return keep_sample(ts, ts->plain.data, ts->plain.len, err);
}

jx_text_packer *Jx_text_store_packer(jx_text_store *ts)
{
    return ts->packer;
}

void Jx_text_store_dict(const jx_text_store *ts, const char **dict,
                        size_t *len)
{
    *dict = ts->dict.data;
    *len = ts->dict.len;
}

/* Drops the samples, keeping no memory. */
static void drop_samples(jx_text_store *ts)
{
    Jx_buf_clear(&ts->samples);
    free(ts->sizes);
    ts->sizes = NULL;
    ts->n_sizes = ts->cap_sizes = 0;
}

/* Writes dict to the report database as the current dictionary. */
static jx_status save_dict(jx_wdb *reports, const jx_buf *dict, unsigned id,
                           jx_error *err)
{
    char key[48], id_text[16];
    dict_key(id, key);
    snprintf(id_text, sizeof id_text, "%u", id);
    jx_status st =
        Jx_wdb_set_metadata_blob(reports, key, dict->data, dict->len, err);
    return st ? st : Jx_wdb_set_metadata(reports, JX_META_DICT, id_text, err);
}

jx_status Jx_text_store_train(jx_text_store *ts, jx_wdb *reports, int *trained,
                              jx_error *err)
{
    *trained = 0;
    if (ts->has_dict || ts->gave_up || ts->samples.len < ts->min_text)
        return JX_OK;
    jx_buf dict = {0};
    jx_error why;
    unsigned id = 0;
    jx_status st = Jx_text_dict_train(ts->samples.data, ts->sizes, ts->n_sizes,
                                      &dict, &id, &why);
    if (st == JX_ERR_ARG) { /* too alike: gather more, or give up */
        if (ts->samples.len + 64 * 1024 > JX_DICT_MAX_SAMPLES) {
            ts->gave_up = 1;
            drop_samples(ts);
        }
        Jx_buf_clear(&dict);
        return JX_OK;
    }
    if (st)
        *err = why;
    jx_text_packer *packer = NULL;
    if (!st)
        st = save_dict(reports, &dict, id, err);
    if (!st)
        st = Jx_text_packer_new(dict.data, dict.len, &packer, err);
    if (!st) {
        Jx_text_packer_destroy(ts->packer);
        ts->packer = packer;
        ts->has_dict = 1;
        *trained = 1;
        drop_samples(ts);
        Jx_buf_clear(&ts->dict);
        ts->dict = dict;
        return JX_OK;
    }
    Jx_buf_clear(&dict);
    return st;
}
