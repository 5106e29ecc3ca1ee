/* jx_text_store.h: passage text as a database stores it. The indexer's
 * side packs each passage with the database's dictionary and, while the
 * database has none, gathers samples and trains one; the reader's side
 * unpacks, finding each dictionary in the metadata of the databases
 * searched. The stored form itself is jx_passage_text.h. */
#ifndef JX_TEXT_STORE_H
#define JX_TEXT_STORE_H

#include <stddef.h>

#include "jx_passage_text.h"
#include "jx_status.h"
#include "jx_xapian.h"

typedef struct jx_text_store jx_text_store;

/* Opens the writer's side over the report database (reports: its view,
 * which sees uncommitted changes): loads the current dictionary, if the
 * database has one. Without one, a dictionary is trained once min_text
 * bytes of passages are gathered (0: JX_DICT_MIN_SAMPLES). */
jx_status Jx_text_store_open(jx_db *reports, size_t min_text,
                             jx_text_store **out, jx_error *err);
void Jx_text_store_destroy(jx_text_store *ts);

/* Keeps heading, 0x1F, text as a training sample while ts has no
 * dictionary (packing is done by whoever writes the passage, with
 * Jx_text_store_packer or a packer of its own over Jx_text_store_dict). */
jx_status Jx_text_store_sample(jx_text_store *ts, const char *heading,
                               const char *text, jx_error *err);

/* The packer with the current dictionary (owned by ts; one thread). */
jx_text_packer *Jx_text_store_packer(jx_text_store *ts);

/* The current dictionary's bytes (none: *len is 0). */
void Jx_text_store_dict(const jx_text_store *ts, const char **dict,
                        size_t *len);

/* When ts has no dictionary and has gathered its minimum of text,
 * trains one and writes it to the report database (committed with the
 * next commit, before any passage packed with it); later passages are
 * packed with it. *trained is 1 when it did. Samples too alike to train
 * on are not an error: ts keeps gathering, up to JX_DICT_MAX_SAMPLES,
 * and then stores text as is for the rest of the run. */
jx_status Jx_text_store_train(jx_text_store *ts, jx_wdb *reports, int *trained,
                              jx_error *err);

/* Makes an unpacker that finds dictionaries in db's metadata (in each
 * database db was opened over). */
jx_status Jx_text_unpacker_for(jx_db *db, jx_text_unpacker **out,
                               jx_error *err);

#endif
