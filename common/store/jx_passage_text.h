/* jx_passage_text.h: the stored form of a passage's text (heading path,
 * 0x1F, text: see jx_schema.h), compressed with zstd and a dictionary
 * trained on the database's own passages.
 *
 * Passages are short (a median of about 150 characters), too short for a
 * compressor to learn from one alone; a dictionary of 32 KiB trained on
 * the first megabytes of a collection takes the stored text to about
 * 0.41 of its size (0.87 without one), at about 150 MB/s. Measurements
 * are in docs/design.md.
 *
 * A stored value is one of
 *   0x01, a zstd frame (its header names the dictionary's id, 0 if none);
 *   0x00, the text as is (for a text that starts with 0x00 or 0x01);
 *   the text as is, starting with any other byte (databases made before
 *   compression, and texts stored before the dictionary was trained).
 * Dictionaries live in the report database's metadata under
 * JX_META_DICT "." id, and are never removed. */
#ifndef JX_PASSAGE_TEXT_H
#define JX_PASSAGE_TEXT_H

#include <stddef.h>

#include "jx_buf.h"
#include "jx_status.h"

/* The bytes of passage text a run gathers before it trains a dictionary,
 * and the most it keeps for training. */
#define JX_DICT_MIN_SAMPLES (512u * 1024u)
#define JX_DICT_MAX_SAMPLES (4u * 1024u * 1024u)
/* The size of a trained dictionary. */
#define JX_DICT_BYTES (32u * 1024u)

typedef struct jx_text_packer jx_text_packer;
typedef struct jx_text_unpacker jx_text_unpacker;

/* Trains a dictionary from n sample texts laid end to end in samples
 * (sizes[i] bytes each); *id is the dictionary's id (never 0).
 * JX_ERR_ARG when the samples are too few or too alike to train on. */
jx_status Jx_text_dict_train(const char *samples, const size_t *sizes,
                             size_t n, jx_buf *dict, unsigned *id,
                             jx_error *err);

/* The id of a trained dictionary, 0 if dict is not one. */
unsigned Jx_text_dict_id(const char *dict, size_t len);

/* A packer compresses with one dictionary; free with Jx_text_packer_destroy.
 */
jx_status Jx_text_packer_new(const char *dict, size_t len,
                             jx_text_packer **out, jx_error *err);
void Jx_text_packer_destroy(jx_text_packer *p);

/* Replaces out's contents with the stored form of text. */
jx_status Jx_text_pack(jx_text_packer *p, const char *text, size_t len,
                       jx_buf *out, jx_error *err);

/* Finds the dictionary with id: appends it to dict, or leaves dict empty
 * when there is none. */
typedef jx_status (*jx_dict_lookup_fn)(unsigned id, jx_buf *dict, void *ctx,
                                       jx_error *err);

/* An unpacker decompresses stored forms, loading each dictionary once
 * through lookup; free with Jx_text_unpacker_destroy. */
jx_status Jx_text_unpacker_new(jx_dict_lookup_fn lookup, void *ctx,
                               jx_text_unpacker **out, jx_error *err);
void Jx_text_unpacker_destroy(jx_text_unpacker *u);

/* The text of a stored form: *text points into stored or into u's
 * buffer, valid until the next call on u. JX_ERR_DB_CORRUPT when the
 * stored form cannot be read (or its dictionary is missing). */
jx_status Jx_text_unpack(jx_text_unpacker *u, const char *stored, size_t len,
                         const char **text, size_t *text_len, jx_error *err);

#endif
