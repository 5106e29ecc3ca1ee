/* jx_passage_doc.h: the Xapian document of one passage (jx_schema.h):
 * the bigrams and words of its text and heading path (headings at
 * JX_HEADING_WDF), its report's filter terms and values, and its packed
 * text in JX_SLOT_TEXT. A builder keeps the scratch space one writer
 * reuses from passage to passage; one builder per thread. */
#ifndef JX_PASSAGE_DOC_H
#define JX_PASSAGE_DOC_H

#include "jx_buf.h"
#include "jx_passage_text.h"
#include "jx_record.h"
#include "jx_status.h"
#include "jx_xapian.h"

typedef struct jx_passage_builder jx_passage_builder;

jx_status Jx_passage_builder_new(jx_passage_builder **out, jx_error *err);
void Jx_passage_builder_destroy(jx_passage_builder *b);

/* Builds the document of the passage (heading path, text) of report rec,
 * its text packed by packer, and adds it to into. */
jx_status Jx_passage_add(jx_passage_builder *b, jx_wdb *into,
                         const char *heading, const char *text,
                         const jx_report_record *rec, jx_text_packer *packer,
                         jx_error *err);

/* Adds the boolean term prefix+value to doc when value is known (NULL
 * or "" adds nothing); scratch is space for the term. */
jx_status Jx_add_meta_term(jx_doc *doc, const char *prefix, const char *value,
                           jx_buf *scratch, jx_error *err);

#endif
