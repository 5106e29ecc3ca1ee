/* jx_schema.h: what a jixiao database holds, in one place. Indexer and
 * search both include this; nothing else defines a prefix or a slot.
 * docs/schema.md explains each entry with examples.
 *
 * A database is a folder (see jx_store.h): a Xapian stub listing a report
 * database, with termlists, and a passage database, without; searches
 * open the folder as one database. It holds two kinds of document:
 *
 * Passage documents (one per passage of a report), which searches match:
 *  - unprefixed terms from the passage's heading path and text, through
 *    Jx_tokenize: Han bigrams, the last Han character of each run, and
 *    words; no positions (exactness comes from checking each candidate
 *    against its stored text, see docs/design.md);
 *  - boolean terms for filters: report key, year, department, region,
 *    grade, type, title (the prefixes below);
 *  - values for sorting, ranges, collapse and counting (the slots below);
 *  - value JX_SLOT_TEXT: heading path, 0x1F, passage text.
 *
 * Report documents (one per report), which hold what a result shows about
 * its report, and what incremental indexing needs:
 *  - the unique term JX_PREFIX_REPORT_ID + key, and JX_PREFIX_PATH + path
 *    for each path the same content was found at (or a copy of it, in
 *    another file: jx_copies.h), and a JX_PREFIX_COPY_BAND term per band
 *    of its copy signature;
 *  - data: the report record (jx_report_record in jx_record.h);
 *  - no text terms and no filter terms, so no search matches them.
 *
 * Reports are identified by their key (a hash of their content), never by
 * a document id: ids change when shards are added or merged. */
#ifndef JX_SCHEMA_H
#define JX_SCHEMA_H

/* Term prefixes (Omega's conventions where they fit: Q unique id, P path;
 * X... for jixiao's own). Values follow the prefix directly. */
#define JX_PREFIX_REPORT_ID "Q"  /* report document: Q<key> */
#define JX_PREFIX_PATH      "P"  /* report document: P<path> (or hash) */
#define JX_PREFIX_REPORT    "XR" /* passage: XR<key@generation> */
#define JX_PREFIX_YEAR      "XY" /* passage: XY2022 */
#define JX_PREFIX_DEPT      "XD" /* passage: XD<department full name> */
#define JX_PREFIX_REGION    "XA" /* passage: XA<region> */
#define JX_PREFIX_GRADE     "XG" /* passage: XG优 */
#define JX_PREFIX_TYPE      "XK" /* passage: XK项目支出 */
#define JX_PREFIX_TITLE     "XT" /* passage: XT<title> */
#define JX_PREFIX_NO_SCORE  "XN" /* passage: XNscore when no score known */
/* report document: XM<band, 2 hex><hash, 16 hex>, one a band of its copy
 * signature (jx_copies.h): reports sharing one are compared as copies */
#define JX_PREFIX_COPY_BAND "XM"

/* Value slots of passage documents. */
enum jx_slot {
    JX_SLOT_REPORT = 0, /* report tag key@generation (collapse per report) */
    JX_SLOT_YEAR = 1,   /* fiscal year, Jx_sortable_serialise'd */
    JX_SLOT_SCORE = 2,  /* overall score, Jx_sortable_serialise'd */
    JX_SLOT_DEPT = 3,   /* department, as text (counting) */
    JX_SLOT_REGION = 4, /* region, as text */
    JX_SLOT_GRADE = 5,  /* grade, as text */
    JX_SLOT_TYPE = 6,   /* report type, as text */
    JX_SLOT_YEAR_TEXT = 7, /* fiscal year as 4 digits (counting, sorting) */
    JX_SLOT_TEXT = 8       /* the passage: heading path, 0x1F, text, packed */
};

/* Why the passage lives in a value slot and not in the document data:
 * glass compresses each document's data with zlib, resetting a 64 KB
 * deflate state per document; for passages of a few hundred bytes that
 * was 29% of all indexing instructions (callgrind) and saved 5% of the
 * space. Values are stored in chunks with no per-document compression,
 * so jixiao packs the text itself, with zstd and a dictionary trained on
 * the collection (jx_passage_text.h): 0.41 of the text's size. */

/* Terms longer than this are replaced by a hash of themselves (Xapian's
 * limit on a term is 245 bytes). */
#define JX_MAX_TERM_BYTES 200

/* The within-document frequency a heading token adds, against 1 for a
 * token of the passage text: headings weigh more in ranking. */
#define JX_HEADING_WDF 3

/* Database user-metadata keys, kept in the report database. */
/* The schema version, JX_SCHEMA_VERSION. */
#define JX_META_SCHEMA "jixiao.schema"
/* The time of the last run, UTC, ISO 8601. */
#define JX_META_UPDATED "jixiao.updated"
/* Passage tags superseded, one a line. */
#define JX_META_DEAD "jixiao.dead"
/* "COUNT passages-N": the passage count expected after the last commit. */
#define JX_META_WATERMARK "jixiao.passages"
/* The number of runs so far. */
#define JX_META_GENERATION "jixiao.generation"
/* The tags written in the last committed batch, one a line. */
#define JX_META_BATCH "jixiao.batch"
/* Tags replaced by passages of the last committed batch, one a line:
 * masked like the dead ones once that batch's passages are there. */
#define JX_META_SUPERSEDED "jixiao.superseded"
/* The number of documents (reports and passages, every part) the
 * database holds once the last batch's commits are all done: a reader
 * that sees fewer is between the commits of that batch (or after a
 * crash there), and masks the batch instead of what it supersedes. */
#define JX_META_DOCUMENTS "jixiao.documents"
/* The id of the dictionary new passage text is packed with (decimal);
 * each dictionary is kept under JX_META_DICT "." id (jx_passage_text.h). */
#define JX_META_DICT "jixiao.dict"
/* + report key: what copies are compared with of a report's normalised
 * text (jx_copies.h): 'F' length hash, or 'Z' and its zstd frame. */
#define JX_META_COPY_TEXT "jixiao.copy."
/* 3: passage text packed (jx_passage_text.h); 2 is read as before. */
#define JX_SCHEMA_VERSION "3"

/* The files of a database folder that are not passage parts (jx_store.h
 * tells the layout): the stub that lists the databases, and the report
 * database. */
#define JX_DB_STUB    "XAPIANDB"
#define JX_DB_REPORTS "reports"

#endif
