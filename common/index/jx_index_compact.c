/* jx_index_compact.c: compaction (jixiao-index --compact): every live
 * report's passages rebuilt from their stored text into a new passage
 * database, leaving dead and superseded passages behind. */
#include "jx_index_internal.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "jx_buf.h"
#include "jx_formats.h"
#include "jx_overrides.h"
#include "jx_passage_doc.h"
#include "jx_passage_writer.h"
#include "jx_record.h"
#include "jx_schema.h"
#include "jx_store.h"
#include "jx_strset.h"
#include "jx_text.h"
#include "jx_text_store.h"
#include "jx_tokenize.h"
#include "jx_xapian.h"

/* What copy_passage needs while a report's passages are copied. */
typedef struct copy_state {
    jx_indexer *ix;
    jx_wdb *into;
    const jx_report_record *rec;
    jx_text_unpacker *unpacker;
    jx_error *err;
    jx_status status;
} copy_state;

/* Rebuilds one passage document from its stored text into the new
 * passage database (the old one has no termlist to copy from). */
static int copy_passage(jx_docid id, void *ctx)
{
    copy_state *cs = ctx;
    jx_doc *doc = NULL;
    const char *data;
    size_t len;
    char *text = NULL;
    cs->status = Jx_db_document(Jx_store_passages_reader(cs->ix->store), id,
                                &doc, cs->err);
    if (!cs->status)
        cs->status = Jx_doc_value(doc, JX_SLOT_TEXT, &data, &len, cs->err);
    if (!cs->status)
        cs->status =
            Jx_text_unpack(cs->unpacker, data, len, &data, &len, cs->err);
    if (!cs->status && !(text = strndup(data, len)))
        cs->status = Jx_error_set(cs->err, JX_ERR_NOMEM, "out of memory");
    if (!cs->status) {
        char *sep = strchr(text, JX_HEADING_TEXT_SEP);
        if (sep)
            *sep = '\0';
        cs->status = Jx_passage_add(
            cs->ix->builder, cs->into, sep ? text : "", sep ? sep + 1 : text,
            cs->rec, Jx_text_store_packer(cs->ix->texts), cs->err);
    }
    free(text);
    Jx_doc_destroy(doc);
    return cs->status != JX_OK;
}

/* Copies the passages of every live report into a new passage database
 * and swaps it in. */
jx_status Jx_indexer_compact(jx_indexer *ix, jx_error *err)
{
    key_list list = {0};
    copy_state cs = {ix, NULL, NULL, NULL, err, JX_OK};
    jx_status st = Jx_index_commit(ix, err);
    if (!st)
        st = Jx_index_merge_parts(ix, err);
    if (!st)
        st = Jx_text_unpacker_for(ix->reader, &cs.unpacker, err);
    if (!st)
        st = Jx_db_each_term(ix->reader, JX_PREFIX_REPORT_ID,
                             strlen(JX_PREFIX_REPORT_ID), Jx_index_collect_key,
                             &list, err);
    if (st == JX_ERR_INTERRUPTED)
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (!st)
        st = Jx_store_rebuild_begin(ix->store, &cs.into, err);
    for (size_t k = 0; !st && k < list.n; k++) {
        jx_report_record rec = {0};
        jx_buf term = {0}, tag = {0};
        int found = 0;
        st = Jx_index_find_report(ix, JX_PREFIX_REPORT_ID, list.keys[k].hex,
                                  &rec, &found, err);
        if (!st && found &&
            (Jx_report_tag(&rec, &tag) ||
             Jx_term_for(JX_PREFIX_REPORT, tag.data, &term)))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        if (!st && found) {
            cs.rec = &rec;
            st = Jx_db_each_posting(Jx_store_passages_reader(ix->store),
                                    term.data, term.len, copy_passage, &cs,
                                    err);
            if (cs.status)
                st = cs.status;
        }
        Jx_buf_clear(&term);
        Jx_buf_clear(&tag);
        Jx_report_record_clear(&rec);
    }
    if (!st)
        st = Jx_store_rebuild_end(ix->store, err);
    if (st) /* a full disk, say: the half-written copy goes at once */
        Jx_store_rebuild_abort(ix->store);
    if (!st) /* the passage database the worker wrote to is gone */
        st = Jx_index_start_writer(ix, err);
    Jx_text_unpacker_destroy(cs.unpacker);
    free(list.keys);
    return st;
}
