/* jx_xapian.h: jixiao's small C API over Xapian. This is the only way the
 * rest of the project reaches Xapian; jx_xapian.cc, its implementation,
 * is the only C++ file and the only file that includes xapian.h. Every
 * call catches Xapian's exceptions and returns a status, with the message
 * in the caller's jx_error. Handles are opaque; each has one _free/_close
 * that accepts NULL. Only the calls the project uses are here. */
#ifndef JX_XAPIAN_H
#define JX_XAPIAN_H

#include <stddef.h>

#include "jx_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_db jx_db;       /* a database for reading, maybe several */
typedef struct jx_wdb jx_wdb;     /* a database for writing */
typedef struct jx_doc jx_doc;     /* a document: built, or read back */
typedef struct jx_query jx_query; /* a query tree */
typedef struct jx_enquire jx_enquire;           /* one search over a jx_db */
typedef struct jx_mset jx_mset;                 /* a page of ranked results */
typedef struct jx_value_counts jx_value_counts; /* per-value counts (a spy) */

typedef unsigned jx_docid;

/* Called for each term of a list; a non-zero return stops the walk. */
typedef int (*jx_term_fn)(const char *term, size_t len, unsigned long termfreq,
                          void *ctx);
/* Called for each document id of a posting list; non-zero stops. */
typedef int (*jx_docid_fn)(jx_docid docid, void *ctx);

/* ---- Reading ---------------------------------------------------------- */

/* Opens n databases (directories, or Xapian stub files that list shards,
 * local or remote) and searches them as one. JX_ERR_DB_NOT_FOUND when a
 * path holds no database. */
jx_status Jx_db_open(const char *const *paths, size_t n, jx_db **out,
                     jx_error *err);
/* How a database is opened: a shard set (jx_shards.h) that lists
 * servers waits timeout_ms for each to connect and answer (0: 10 s);
 * with allow_partial, a shard that does not answer is left out (named by
 * Jx_db_missing) instead of failing the open. */
typedef struct jx_db_options {
    int allow_partial;
    unsigned timeout_ms;
} jx_db_options;

/* Jx_db_open with options (NULL: the defaults). A path may be a shard
 * set, searched as one database; it must then be the only path. */
jx_status Jx_db_open_with(const char *const *paths, size_t n,
                          const jx_db_options *opts, jx_db **out,
                          jx_error *err);
/* For a shard set: the number of shards opened, and a reader of shard i
 * (owned by db) for what each database keeps apart (metadata, the dead
 * list); 0 and NULL for any other database. */
size_t Jx_db_shard_count(const jx_db *db);
jx_db *Jx_db_shard(jx_db *db, size_t i);
/* True when one of the shards is served by xapian-tcpsrv: a remote
 * database has no termlists to read values from, so what reads them per
 * document (the postings walk's columns, jx_count.h) must not run. */
int Jx_db_has_remote(const jx_db *db);
/* The shards left out by allow_partial, by name ("remote HOST:PORT"). */
size_t Jx_db_missing_count(const jx_db *db);
const char *Jx_db_missing(const jx_db *db, size_t i);
/* The name the database was opened by (its first path). */
const char *Jx_db_name(const jx_db *db);
/* Moves a reader to the latest committed state (after JX_ERR_DB_MODIFIED). */
jx_status Jx_db_reopen(jx_db *db, jx_error *err);
/* Closes the database and frees the handle. */
void Jx_db_close(jx_db *db);

/* Number of documents. */
jx_status Jx_db_doccount(jx_db *db, unsigned long *out, jx_error *err);
/* Number of documents that contain term (0 if none). */
jx_status Jx_db_termfreq(jx_db *db, const char *term, size_t len,
                         unsigned long *out, jx_error *err);
/* Walks every term that starts with prefix, in byte order. */
jx_status Jx_db_each_term(jx_db *db, const char *prefix, size_t len,
                          jx_term_fn fn, void *ctx, jx_error *err);
/* Walks the ids of the documents that contain term, ascending. */
jx_status Jx_db_each_posting(jx_db *db, const char *term, size_t len,
                             jx_docid_fn fn, void *ctx, jx_error *err);
/* Reads document docid; the caller frees it with Jx_doc_destroy. */
jx_status Jx_db_document(jx_db *db, jx_docid docid, jx_doc **out,
                         jx_error *err);
/* Reads user metadata stored under key (from the first database when
 * there are several); *value is malloc'd, "" when unset. */
jx_status Jx_db_get_metadata(jx_db *db, const char *key, char **value,
                             jx_error *err);
/* Reads the metadata stored under key from the first database opened
 * that holds it (each is asked, unlike Jx_db_get_metadata); *value is
 * malloc'd, *len bytes and a NUL, empty when none holds it. */
jx_status Jx_db_find_metadata(jx_db *db, const char *key, char **value,
                              size_t *len, jx_error *err);

/* ---- Writing ---------------------------------------------------------- */

enum {
    JX_WDB_OVERWRITE = 1,   /* start from an empty database */
    JX_WDB_NO_TERMLIST = 2, /* smaller and faster; no delete or replace */
    JX_WDB_NO_SYNC = 4      /* no fsync at commit (bulk builds) */
};

/* Opens or creates a writable database at path. JX_ERR_DB_LOCKED, with a
 * message saying so, when another writer holds it. */
jx_status Jx_wdb_open(const char *path, int flags, jx_wdb **out,
                      jx_error *err);
/* A read view of the writable database, owned by it (do not close). */
jx_db *Jx_wdb_reader(jx_wdb *wdb);
/* Adds doc; *docid (may be NULL) receives its id. */
jx_status Jx_wdb_add(jx_wdb *wdb, const jx_doc *doc, jx_docid *docid,
                     jx_error *err);
/* Replaces the document(s) holding unique term with doc (adds it when
 * none holds it). */
jx_status Jx_wdb_replace(jx_wdb *wdb, const char *term, size_t len,
                         const jx_doc *doc, jx_error *err);
/* Deletes every document that holds term. */
jx_status Jx_wdb_delete(jx_wdb *wdb, const char *term, size_t len,
                        jx_error *err);
/* Stores user metadata (key must be non-empty). */
jx_status Jx_wdb_set_metadata(jx_wdb *wdb, const char *key, const char *value,
                              jx_error *err);
/* Stores len bytes of value (NUL bytes allowed) under key. */
jx_status Jx_wdb_set_metadata_blob(jx_wdb *wdb, const char *key,
                                   const char *value, size_t len,
                                   jx_error *err);
/* Makes all changes so far durable and visible to readers. */
jx_status Jx_wdb_commit(jx_wdb *wdb, jx_error *err);
/* Closes the database. Uncommitted changes are discarded (a
 * transaction is used internally), so commit first to keep them. */
void Jx_wdb_close(jx_wdb *wdb);

/* A program's function for the errors that cannot be returned: Xapian
 * 1.4 ends the process through std::terminate when a write fails inside
 * a commit (a full disk, a file size limit). It gets the error, reports
 * it and exits; if it returns, the process aborts. */
typedef void (*jx_fatal_fn)(const jx_error *err);
/* Registers fn (a program does it once, at start). */
void Jx_set_fatal_handler(jx_fatal_fn fn);

/* Merges the databases srcs into a new database dest (xapian-compact),
 * keeping document ids when renumber is 0 (the sources' ids must then
 * not overlap). */
jx_status Jx_compact(const char *const *srcs, size_t n, const char *dest,
                     int renumber, jx_error *err);

/* ---- Checking --------------------------------------------------------- */

/* Opens the one Xapian database at path (a folder, not a stub) for
 * reading and reads what every use of it reads first: its document
 * count (into *doccount), the data and values of its first and last
 * documents, and a metadata key. A cheap probe of its health: a table
 * file that is missing or cut short fails it. On failure err holds
 * Xapian's own words ("DatabaseError: EOF reading block 85"), without
 * the call's name. */
jx_status Jx_db_probe(const char *path, unsigned long *doccount,
                      jx_error *err);

/* Checks every table of the Xapian database at path, as xapian-check
 * does (Xapian's Database::check, which reads all of it): *errors is the
 * number of errors found and *first (malloc'd, "" when none says) the
 * first line of Xapian's report about one. A table that cannot be read
 * at all is an error returned, with Xapian's words as in Jx_db_probe. */
jx_status Jx_db_check(const char *path, unsigned long *errors, char **first,
                      jx_error *err);

/* ---- Documents -------------------------------------------------------- */

/* Creates an empty document. */
jx_status Jx_doc_new(jx_doc **out, jx_error *err);
/* Frees a document. */
void Jx_doc_destroy(jx_doc *doc);
/* Adds term with a within-document frequency increase of wdf_inc and no
 * position (the index keeps no positions). */
jx_status Jx_doc_add_term(jx_doc *doc, const char *term, size_t len,
                          unsigned wdf_inc, jx_error *err);
/* Adds a term that filters but does not weigh (wdf 0). */
jx_status Jx_doc_add_boolean_term(jx_doc *doc, const char *term, size_t len,
                                  jx_error *err);
/* Sets value slot to the given bytes. */
jx_status Jx_doc_set_value(jx_doc *doc, unsigned slot, const char *value,
                           size_t len, jx_error *err);
/* Sets the document data (the stored, not indexed, bytes). */
jx_status Jx_doc_set_data(jx_doc *doc, const char *data, size_t len,
                          jx_error *err);
/* Gives the document data; *data stays valid until doc is freed. */
jx_status Jx_doc_data(jx_doc *doc, const char **data, size_t *len,
                      jx_error *err);
/* Gives value slot ("" when unset); valid until the next call on doc. */
jx_status Jx_doc_value(jx_doc *doc, unsigned slot, const char **value,
                       size_t *len, jx_error *err);
/* Walks the document's terms that start with prefix. */
jx_status Jx_doc_each_term(jx_doc *doc, const char *prefix, size_t len,
                           jx_term_fn fn, void *ctx, jx_error *err);

/* Encodes a number so that byte order is numeric order (for values). */
size_t Jx_sortable_serialise(double value, char out[18]);
/* Decodes what Jx_sortable_serialise wrote. */
double Jx_sortable_unserialise(const char *value, size_t len);

/* ---- Queries ---------------------------------------------------------- */
/* A query node owns a copy of what it was built from: free every query
 * you create, including ones passed to Jx_query_combine. */

typedef enum jx_query_op {
    JX_QUERY_AND,
    JX_QUERY_OR,
    JX_QUERY_AND_NOT, /* the first minus the union of the rest */
    JX_QUERY_FILTER,  /* the first, kept where the rest match, unweighted */
    JX_QUERY_AND_MAYBE,
    JX_QUERY_SYNONYM
} jx_query_op;

/* A query for one term; wqf weighs it within the query (1 normally). */
jx_status Jx_query_term(const char *term, size_t len, unsigned wqf,
                        jx_query **out, jx_error *err);
/* Every term that starts with prefix, as one synonym (no limit). */
jx_status Jx_query_prefix(const char *prefix, size_t len, jx_query **out,
                          jx_error *err);
/* Combines n >= 1 subqueries with op. */
jx_status Jx_query_combine(jx_query_op op, jx_query *const *subs, size_t n,
                           jx_query **out, jx_error *err);
/* Documents whose value in slot lies in [lo, hi] bytewise; lo or hi may be
 * NULL for an open end. */
jx_status Jx_query_value_range(unsigned slot, const char *lo, size_t lolen,
                               const char *hi, size_t hilen, jx_query **out,
                               jx_error *err);
/* Every document, or none. */
jx_status Jx_query_match_all(jx_query **out, jx_error *err);
jx_status Jx_query_match_nothing(jx_query **out, jx_error *err);
/* q with its weights multiplied by factor (0 makes it purely boolean). */
jx_status Jx_query_scale(const jx_query *q, double factor, jx_query **out,
                         jx_error *err);
/* q with ties between equal weights broken in document order: each
 * document gains at most 1e-9, less the later it comes, so the ranking
 * is the one Xapian gives (equal weights in document order) but a
 * document that ties the weakest of a full page can be passed over
 * before the decider and the spies see it. Without this, a string that
 * is a heading in every report (thousands of passages of one weight)
 * makes the matcher decide every one of them. */
jx_status Jx_query_break_ties(const jx_query *q, jx_query **out,
                              jx_error *err);
/* Xapian's description of the query (malloc'd), for debugging and tests. */
char *Jx_query_describe(const jx_query *q);
/* Frees a query. */
void Jx_query_destroy(jx_query *q);

/* ---- Searching -------------------------------------------------------- */

/* Decides whether a candidate document belongs in the results; returns 1
 * to keep it and 0 to drop it. Called during the match. */
typedef int (*jx_decider_fn)(jx_doc *doc, void *ctx);

/* Creates a search over db (which must outlive it). */
jx_status Jx_enquire_new(jx_db *db, jx_enquire **out, jx_error *err);
/* Frees the search (and any value counts it made). */
void Jx_enquire_destroy(jx_enquire *enq);
/* Sets the query. */
jx_status Jx_enquire_set_query(jx_enquire *enq, const jx_query *q,
                               jx_error *err);
/* Ranks with BM25 with these parameters (Xapian's defaults: 1, 0, 1, 0.5,
 * 0.5). */
jx_status Jx_enquire_set_bm25(jx_enquire *enq, double k1, double k2, double k3,
                              double b, double min_normlen, jx_error *err);
/* Keeps at most max documents for each value of slot (Xapian's collapse);
 * max 0 turns collapsing off. */
jx_status Jx_enquire_set_collapse(jx_enquire *enq, unsigned slot, unsigned max,
                                  jx_error *err);
/* Orders by relevance (the default). */
jx_status Jx_enquire_sort_by_relevance(jx_enquire *enq, jx_error *err);
/* Orders by value slot, descending if descending is true, then relevance. */
jx_status Jx_enquire_sort_by_value(jx_enquire *enq, unsigned slot,
                                   int descending, jx_error *err);
/* Installs a decider; fn is called with a document the callee must not
 * free. NULL removes it. */
jx_status Jx_enquire_set_decider(jx_enquire *enq, jx_decider_fn fn, void *ctx,
                                 jx_error *err);
/* Says which value slots the decider reads, a bit per slot (1u << slot):
 * over remote shards only those are brought (Jx_enquire_mset). Without
 * it, a decider is taken to read every slot. */
jx_status Jx_enquire_decider_slots(jx_enquire *enq, unsigned mask,
                                   jx_error *err);
/* Adds a match spy that counts, for each value of slot among the
 * documents that match (and pass the decider), how many documents have
 * it and how many distinct values of distinct_slot they have (reports
 * per year, say). The counts belong to enq and fill during get_mset. */
jx_status Jx_enquire_count_values(jx_enquire *enq, unsigned slot,
                                  unsigned distinct_slot,
                                  jx_value_counts **out, jx_error *err);
/* Runs the match: results first..first+max-1, having looked at at least
 * check_at_least candidates (so the counts are exact when it is at least
 * the document count). */
jx_status Jx_enquire_mset(jx_enquire *enq, unsigned first, unsigned max,
                          unsigned check_at_least, jx_mset **out,
                          jx_error *err);

/* Number of results in this page. */
unsigned Jx_mset_size(const jx_mset *ms);
/* Lower bound, estimate and upper bound of the total number of matches
 * (equal when the match looked at every candidate). With collapsing they
 * count collapsed results. */
void Jx_mset_matches(const jx_mset *ms, unsigned long *lower,
                     unsigned long *estimated, unsigned long *upper);
/* Id, weight and number of documents collapsed into result i. */
jx_docid Jx_mset_docid(const jx_mset *ms, unsigned i);
double Jx_mset_weight(const jx_mset *ms, unsigned i);
unsigned long Jx_mset_collapse_count(const jx_mset *ms, unsigned i);
/* Reads result i's document; the caller frees it. */
jx_status Jx_mset_document(jx_mset *ms, unsigned i, jx_doc **out,
                           jx_error *err);
/* Frees a page of results. */
void Jx_mset_destroy(jx_mset *ms);

/* Number of distinct values seen by a value counter. */
size_t Jx_value_counts_size(const jx_value_counts *vc);
/* The i-th value (in byte order of values), the number of documents that
 * had it and the number of distinct distinct_slot values among them. */
void Jx_value_counts_get(const jx_value_counts *vc, size_t i,
                         const char **value, size_t *len, unsigned long *docs,
                         unsigned long *distinct);

/* ---- Counting at the speed of the postings ----------------------------- */

/* The distinct values of one value slot (see Jx_db_value_ords). */
typedef struct jx_column jx_column;

/* The ids of every document q matches and fn (when not NULL) keeps,
 * ascending, without weights: the postings of q's terms walked directly
 * (a one-character prefix as a bitmap of every term that starts with
 * it). JX_ERR_ARG for a query the walk cannot do (one with a posting
 * source, Jx_query_break_ties): count it with spies. *ids is malloc'd, the
 * caller frees it (NULL when *n is 0). fn sees each candidate once, in
 * document order. */
jx_status Jx_db_match_ids(jx_db *db, const jx_query *q, jx_decider_fn fn,
                          void *ctx, jx_docid **ids, size_t *n, jx_error *err);

/* 1 when Jx_db_match_ids can walk q, 0 when it would refuse it. */
int Jx_query_walkable(const jx_query *q);

/* For each of the n documents ids (from Jx_db_match_ids), ords[i] is the
 * rank of its value in slot among *names (0: no value, "" in *names;
 * the others in byte order). A large n (an eighth of the documents or
 * more) builds the slot's column for every document once, kept with db
 * until its content changes (Lucene's field cache); a column built so
 * serves every later call. The caller frees *names with Jx_column_free. */
jx_status Jx_db_value_ords(jx_db *db, unsigned slot, const jx_docid *ids,
                           size_t n, unsigned *ords, jx_column **names,
                           jx_error *err);
/* Number of values of names, "" included. */
size_t Jx_column_size(const jx_column *names);
/* Value i of names and its length. */
const char *Jx_column_value(const jx_column *names, size_t i, size_t *len);
/* Frees names; NULL is fine. */
void Jx_column_free(jx_column *names);

/* Value counts (as a counting spy's) from per-value figures: for each
 * value i of names with docs[i] > 0, docs[i] documents and distinct[i]
 * distinct values of the second slot. Free with Jx_value_counts_free. */
jx_status Jx_value_counts_from(const jx_column *names,
                               const unsigned long *docs,
                               const unsigned long *distinct,
                               jx_value_counts **out, jx_error *err);
/* Frees value counts made by Jx_value_counts_from; NULL is fine (those
 * of a spy belong to their enquire). */
void Jx_value_counts_free(jx_value_counts *vc);

#ifdef __cplusplus
}
#endif

#endif
