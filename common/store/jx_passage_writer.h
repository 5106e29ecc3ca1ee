/* jx_passage_writer.h: writes the passages of reports on worker threads,
 * each into its own passage database, so that Xapian's write path (about
 * two thirds of indexing, docs/design.md) runs on every core. The caller
 * keeps the order of everything else (report documents, commits) and
 * drains the writer before each commit. With one database there is no
 * thread: Jx_passage_writer_add writes the passages itself (a single
 * worker beside the caller cost more in hand-over than it saved). */
#ifndef JX_PASSAGE_WRITER_H
#define JX_PASSAGE_WRITER_H

#include <stddef.h>

#include "jx_record.h"
#include "jx_report.h"
#include "jx_status.h"
#include "jx_xapian.h"

typedef struct jx_passage_writer jx_passage_writer;

/* Starts one worker per database of dbs (n of them, which the caller
 * owns and keeps open); workers pack text with dict (len bytes, none when
 * 0) until Jx_passage_writer_set_dict. */
jx_status Jx_passage_writer_start(jx_wdb *const *dbs, size_t n,
                                  const char *dict, size_t len,
                                  jx_passage_writer **out, jx_error *err);

/* Queues the passages of report, with the filter terms and values of
 * rec; takes report (freed once written). Waits while the queue holds
 * as much text as the workers are allowed to keep waiting (memory stays
 * bounded). Returns the first error a worker met, if any. */
jx_status Jx_passage_writer_add(jx_passage_writer *w, jx_report *report,
                                const jx_report_record *rec, jx_error *err);

/* Waits until every queued passage is in its database (uncommitted);
 * returns the first error a worker met since the last drain. */
jx_status Jx_passage_writer_drain(jx_passage_writer *w, jx_error *err);

/* Changes the dictionary the workers pack with; drains first. */
jx_status Jx_passage_writer_set_dict(jx_passage_writer *w, const char *dict,
                                     size_t len, jx_error *err);

/* Stops the workers and frees the writer. Passages still queued are
 * dropped: drain first to keep them. Free it before closing the
 * databases it writes to. */
void Jx_passage_writer_destroy(jx_passage_writer *w);

#endif
