/* jixiao.h: the public API of the jixiao engine, the one header that
 * programs (jixiao-index, jixiao-search, a web server) include. What is
 * not in this file is not an API: the engine's other headers are its
 * internals, and the build refuses a program that includes one.
 *
 * Conventions (docs/api.md says more, with an example program):
 * - Every call that can fail returns a jx_status (JX_OK is zero) and,
 *   when given a jx_error, fills it with one line saying what failed.
 * - Two opaque handles do the work: jx_database (reading one database or
 *   several as one) and jx_writer (indexing into one database).
 * - What a call hands back is a read-only record (jx_hits, jx_file_meta,
 *   jx_state, jx_checkup) that the engine allocated: read its members,
 *   never change or free them, and give it back with its own _destroy.
 *   Every string and array in a record lives as long as the record.
 * - Every _destroy accepts NULL. Strings the engine returns by
 *   themselves are freed with jx_free.
 * - The engine never prints and never reads the environment: programs
 *   pass in what they found (jx_default_database) and print the
 *   messages.
 * - A handle is used by one thread at a time; different handles may be
 *   used on different threads. */
#ifndef JIXIAO_H
#define JIXIAO_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Status and errors                                                   */
/* ------------------------------------------------------------------ */

/* Every call that can fail returns one of these; JX_OK is zero. */
typedef enum jx_status {
    JX_OK = 0,
    JX_ERR_NOMEM,        /* out of memory */
    JX_ERR_IO,           /* reading or writing a file failed */
    JX_ERR_ENCODING,     /* text that cannot be decoded */
    JX_ERR_FORMAT,       /* a file that is not what its name says */
    JX_ERR_UNSUPPORTED,  /* a format or feature this build cannot handle */
    JX_ERR_ARG,          /* a bad argument or option value */
    JX_ERR_QUERY,        /* a query that cannot be parsed */
    JX_ERR_DB_NOT_FOUND, /* no database at that path */
    JX_ERR_DB_LOCKED,    /* another writer holds the database */
    JX_ERR_DB_CORRUPT,   /* the database is damaged */
    JX_ERR_DB_MODIFIED,  /* the database changed under a reader: reopen, retry
                          */
    JX_ERR_DB,           /* any other database error */
    JX_ERR_INTERRUPTED,  /* stopped by a signal or a callback */
    JX_STATUS_COUNT
} jx_status;

/* An error record: the status and a message naming what failed and why.
 * Callers own it (usually on the stack, zero-initialised); a call fills
 * it on failure and leaves it alone on success. May be NULL anywhere a
 * call takes one. */
typedef struct jx_error {
    jx_status status;
    char message[512];
} jx_error;

/* A short English phrase for a status ("database is locked"); a static
 * string. */
const char *jx_status_string(jx_status status);

/* Frees a string the engine returned (jx_default_database,
 * jx_escape_controls); NULL is fine. */
void jx_free(void *p);

/* ------------------------------------------------------------------ */
/* Vocabulary: metadata fields, sort orders, counts                    */
/* ------------------------------------------------------------------ */

/* The metadata fields of a report, in the order outputs list them. */
typedef enum jx_field_id {
    JX_FIELD_TITLE,
    JX_FIELD_DEPT,   /* department: the unit's full name */
    JX_FIELD_REGION, /* province/city/county/district or development zone */
    JX_FIELD_YEAR,   /* fiscal year evaluated, 4 digits */
    JX_FIELD_SCORE,  /* overall score, as written ("97.5") */
    JX_FIELD_GRADE, /* 优 良 中 差 优秀 良好 合格 不合格, as written */
    JX_FIELD_TYPE,      /* 项目支出, 部门整体支出 or 其他 */
    JX_FIELD_PUBLISHED, /* a web page's publication date, YYYY-MM-DD;
                           never the fiscal year */
    JX_FIELD_COUNT
} jx_field_id;

/* The English name of a field: "title", "department", "region", "year",
 * "score", "grade", "type" (as in labels.tsv and JSON); a static string,
 * "" for a value out of range. */
const char *jx_field_string(jx_field_id id);

/* The order of a search's reports (or passages, when not grouped). */
typedef enum jx_sort {
    JX_SORT_RELEVANCE,
    JX_SORT_YEAR, /* newest first, ties by relevance */
    JX_SORT_SCORE /* highest first, ties by relevance */
} jx_sort;

/* What a search counts matches by (jx_request.count_by). */
typedef enum jx_count_by {
    JX_COUNT_NONE,
    JX_COUNT_YEAR,
    JX_COUNT_DEPT,
    JX_COUNT_REGION,
    JX_COUNT_GRADE,
    JX_COUNT_TYPE
} jx_count_by;

/* The name of a count ("year", "dept", "region", "grade", "type"; "none"
 * for JX_COUNT_NONE or a value out of range); a static string. */
const char *jx_count_by_string(jx_count_by by);

/* The count a name stands for (also "department"); JX_COUNT_NONE for an
 * unknown name. */
jx_count_by jx_count_by_parse(const char *name);

/* ------------------------------------------------------------------ */
/* Where databases are                                                 */
/* ------------------------------------------------------------------ */

/* The default database path, into *out (free with jx_free): jixiao_db
 * when set and non-empty (a program passes $JIXIAO_DB), else
 * xdg_data_home/jixiao/db, else home/.local/share/jixiao/db, else
 * jixiao-db (in the working folder). Any argument may be NULL. JX_ERR_NOMEM,
 * *out NULL, when out of memory. */
jx_status jx_default_database(const char *jixiao_db, const char *xdg_data_home,
                              const char *home, char **out);

/* Makes db_path ready to be indexed into: JX_ERR_ARG when the folder is
 * neither absent, empty nor a jixiao database (a folder of the user's
 * reports given by mistake: err names what it holds), else creates it
 * and its missing parents. */
jx_status jx_database_prepare(const char *db_path, jx_error *err);

/* ------------------------------------------------------------------ */
/* Reading: jx_database, searches and their results                    */
/* ------------------------------------------------------------------ */

/* An open database for reading: one, or several searched as one. Opaque;
 * destroyed with jx_database_destroy. */
typedef struct jx_database jx_database;

/* Opens the n databases at paths (n >= 1) as one, into *out. The paths
 * are copied. JX_ERR_DB_NOT_FOUND, JX_ERR_DB_CORRUPT, JX_ERR_DB... when
 * one cannot be opened (jx_checkup_run says which and why); JX_ERR_ARG
 * when a database is given twice (err names both paths). */
jx_status jx_database_open(const char *const *paths, size_t n,
                           jx_database **out, jx_error *err);

/* How jx_database_open_with opens a shard set (docs/shards.md); zero for
 * the defaults. */
typedef struct jx_open_options {
    int allow_partial;   /* a shard that cannot be opened or does not
                          * answer is left out (jx_database_missing), not
                          * an error */
    unsigned timeout_ms; /* for each remote shard (0: 10 s) */
} jx_open_options;

/* jx_database_open with options (NULL: the defaults). A path may be a
 * shard set, searched as one database; it must then be the only path.
 * An error opening a shard names it. */
jx_status jx_database_open_with(const char *const *paths, size_t n,
                                const jx_open_options *opts, jx_database **out,
                                jx_error *err);

/* The number of shards of a shard set opened (0: not a shard set). */
size_t jx_database_shard_count(const jx_database *db);

/* The shards allow_partial left out, and the name of the i-th ("remote
 * HOST:PORT", "shard-2"), valid while db is open. */
size_t jx_database_missing_count(const jx_database *db);
const char *jx_database_missing(const jx_database *db, size_t i);

/* The most shards a set may have, and the name of shard K's folder in a
 * set jixiao-index made. */
#define JX_MAX_SHARDS 256
#define JX_SHARD_NAME "shard-%u"

/* Reads path as a shard set (a folder whose stub lists whole databases:
 * docs/shards.md): *is_set 0 when it is anything else (an ordinary
 * database, nothing yet); else *n_shards and *any_remote (a shard served
 * by xapian-tcpsrv). JX_ERR_DB for a stub that cannot be read, naming
 * the line. */
jx_status jx_shard_set_probe(const char *path, int *is_set, size_t *n_shards,
                             int *any_remote, jx_error *err);

/* Writes folder's stub listing shard-0 ... shard-(n-1), atomically. */
jx_status jx_shard_set_write(const char *folder, unsigned n, jx_error *err);

/* Parses "K/N" (0 <= K < N <= JX_MAX_SHARDS); 0 on success. */
int jx_shard_parse(const char *arg, unsigned *k, unsigned *n);

/* Closes a database; results read from it stay valid (jx_hits owns its
 * data). NULL is fine. */
void jx_database_destroy(jx_database *db);

/* A search, as a program's options give it. Start from jx_request_init;
 * strings are the caller's and need only last for the call.
 * - ranked passages grouped by report: query and/or filters;
 * - the report listing (--list-reports): reports_only = 1 (no query
 *   and no filters: every report);
 * - counts per value (--count-by): count_by, with limit 0;
 * - totals only (--count): limit 0, count_limit 0 (and reports_only when
 *   there is no query: the whole collection). */
typedef struct jx_request {
    const char *query; /* the query language (docs/query-language.md), or
                        * NULL for filters only */
    /* Filters as options give them, NULL when not given; each is parsed
     * as the query field of the same name would be. */
    const char *year;    /* "2021", "2019..2022" */
    const char *dept;    /* part of the department's name */
    const char *region;  /* part of the region */
    const char *title;   /* part of the title */
    const char *score;   /* "90..", "..85", "90..95", "none" */
    const char *grade;   /* 优 良 中 差 优秀 良好 合格 不合格 */
    const char *type;    /* 项目支出 部门整体支出 其他 */
    unsigned per_report; /* passages returned per report; 0: passages not
                          * grouped by report */
    unsigned offset;     /* reports (or passages, when not grouped) skipped */
    unsigned limit;      /* reports (or passages) returned; 0: none, only the
                          * totals and counts */
    jx_sort sort;
    jx_count_by count_by; /* count matches per value (JX_COUNT_NONE: no) */
    int reports_only;     /* reports with their metadata, no passages */
    /* Count matching passages exactly up to this many, then return lower
     * bounds (totals_exact 0); 0 counts every match. With count_by or
     * reports_only every match is counted. */
    unsigned long count_limit;
} jx_request;

/* Fills req with the defaults: no query or filters, per_report 3,
 * offset 0, limit 10, relevance order, no counts, count_limit 1000. */
void jx_request_init(jx_request *req);

/* A matched range of a string, in bytes (start inclusive, end
 * exclusive). */
typedef struct jx_range {
    size_t start, end;
} jx_range;

/* One matching passage of a report. */
typedef struct jx_hit_passage {
    double relevance;
    const char *heading; /* heading path, outer first, joined by " › " ("":
                          * before the first heading) */
    const char *text;
    const jx_range *heading_matches; /* in heading: sorted, disjoint */
    size_t n_heading_matches;
    const jx_range *text_matches; /* in text: sorted, disjoint */
    size_t n_text_matches;
} jx_hit_passage;

/* One matching report, with its best passages. */
/* A copy of a report: one of its paths whose file is the same report in
 * another format or with another page around it (docs/design.md, "One
 * report, many copies"); the report's text is the kept file's. */
typedef struct jx_hit_copy {
    size_t path;        /* its index in the report's paths */
    const char *format; /* the copy's own format */
    const char *key;    /* the copy's own key: the hash of its bytes */
} jx_hit_copy;

typedef struct jx_hit_report {
    const char *key;                    /* 32 hex digits: hash of its bytes */
    const char *format;                 /* "text", "docx", "pdf", "html" */
    const char *fields[JX_FIELD_COUNT]; /* NULL when not known */
    const char *const *paths;           /* where its file is (several when
                                         * identical files), first is shown */
    size_t n_paths;
    const jx_hit_copy *copies; /* which of paths are copies, in path order */
    size_t n_copies;
    double relevance;                /* of its best passage */
    unsigned long matching_passages; /* passages of it that match, exact */
    const jx_hit_passage *passages;  /* the best, per_report at most */
    size_t n_passages;
} jx_hit_report;

/* One row of a count (count_by). */
typedef struct jx_hit_count {
    const char *value; /* the year, department... ("": not known) */
    unsigned long reports;
    unsigned long passages;
} jx_hit_count;

/* What a search found: a read-only record owned by the engine, valid
 * (with every string and array in it) until jx_hits_destroy. */
typedef struct jx_hits {
    unsigned long total_reports;  /* matching reports */
    unsigned long total_passages; /* matching passages */
    int totals_exact; /* 1: exact; 0: lower bounds (count_limit passed) */
    const jx_hit_report *reports; /* the page asked for, in order */
    size_t n_reports;
    const jx_hit_count *counts; /* count_by: years ascending, else by
                                 * reports, most first */
    size_t n_counts;
} jx_hits;

/* Runs a search on db into *out. JX_ERR_QUERY for a query or filter that
 * cannot be parsed (err says why, quoting it); reopens and retries by
 * itself when an indexer commits under it. */
jx_status jx_database_search(jx_database *db, const jx_request *req,
                             jx_hits **out, jx_error *err);

/* Frees what a search found; NULL is fine. */
void jx_hits_destroy(jx_hits *hits);

/* True when query parses and holds a string to find (not only fields
 * such as dept: or year:, which match every passage of a report): only
 * then do a listing's passage counts say something. */
int jx_query_finds_text(const char *query);

/* ------------------------------------------------------------------ */
/* Indexing: jx_writer                                                 */
/* ------------------------------------------------------------------ */

/* A database open for indexing (one writer at a time). Opaque;
 * destroyed with jx_writer_destroy. */
typedef struct jx_writer jx_writer;

/* Totals of an indexing run, for a progress line and a summary. */
typedef struct jx_run_stats {
    unsigned long files_seen;      /* report files found */
    unsigned long files_indexed;   /* new or changed, indexed now */
    unsigned long files_unchanged; /* same size and mtime, or same bytes */
    unsigned long files_empty;     /* no text at all: not a report, skipped */
    unsigned long files_failed;    /* could not be read or parsed */
    unsigned long duplicates;      /* same bytes as another path */
    unsigned long reports_removed; /* pruned: no path of them is left */
    unsigned long passages_added;
    unsigned long long bytes_read;
    unsigned long files_committed; /* of files_indexed, those committed */
    unsigned long hidden_skipped;  /* hidden entries (name begins with '.') */
    unsigned long links_skipped;   /* links to folders inside folders */
    unsigned long files_elsewhere; /* read, and found to belong to
                                    * another shard (options.shards) */
    unsigned long copies; /* files that are the same report as another in
                           * another format or page: kept as its paths */
} jx_run_stats;

/* What the caller hears during a run; any callback may be NULL. They are
 * called with ctx on the caller's thread, from inside the jx_writer calls
 * (jx_writer_open too: a manifest row that cannot be used is a failed
 * "file" named after the manifest). */
typedef struct jx_writer_events {
    /* A file could not be indexed; err says why (without the path). */
    void (*file_failed)(void *ctx, const char *path, const jx_error *err);
    /* A file has the same bytes as a report indexed at first_path. */
    void (*duplicate)(void *ctx, const char *path, const char *first_path);
    /* After each file: the totals so far (valid during the call). */
    void (*progress)(void *ctx, const char *path, const jx_run_stats *s);
    /* Polled between files: non-zero stops the run (JX_ERR_INTERRUPTED,
     * after a commit). */
    int (*should_stop)(void *ctx);
    void *ctx;
} jx_writer_events;

/* How a run indexes; zero-initialised is the default. */
typedef struct jx_writer_options {
    int force;              /* re-index every file, changed or not */
    int no_prune;           /* keep reports whose files are gone */
    const char *manifest;   /* CSV of metadata overrides, or NULL (copied) */
    unsigned batch_files;   /* commit after this many files (0: 200) */
    unsigned jobs;          /* passage writers once a run is large, 1 to 8
                             * (0: the processors online, at most 4) */
    unsigned shard, shards; /* shards > 1: the database is shard `shard`
                             * of a set of `shards`, and takes only the
                             * reports whose key hashes to it */
} jx_writer_options;

/* Opens (creating if needed: see jx_database_prepare) the database at
 * db_path for indexing, into *out. opts and events may be NULL; both are
 * copied. JX_ERR_DB_LOCKED when another writer holds it,
 * JX_ERR_DB_CORRUPT when it is damaged. */
jx_status jx_writer_open(const char *db_path, const jx_writer_options *opts,
                         const jx_writer_events *events, jx_writer **out,
                         jx_error *err);

/* Indexes a file, or every report file under a folder (recursively; see
 * docs/formats.md): new and changed files are read, unchanged ones
 * skipped. A file that fails is told to events.file_failed and counted;
 * the return is an error only when the run cannot go on (JX_ERR_IO: path
 * does not exist, and the run may go on; database errors;
 * JX_ERR_INTERRUPTED). */
jx_status jx_writer_add(jx_writer *w, const char *path, jx_error *err);

/* What jx_writer_remove took out. */
typedef struct jx_removed {
    unsigned long reports; /* reports removed (no path of them left) */
    unsigned long kept;    /* reports that lost paths but keep others */
    unsigned long paths;   /* paths taken out; 0: nothing indexed there */
} jx_removed;

/* Takes out of the database every path stored at or under path (a file
 * or a folder, present or not), into *out; committed by
 * jx_writer_finish. */
jx_status jx_writer_remove(jx_writer *w, const char *path, jx_removed *out,
                           jx_error *err);

/* Ends a run: prunes reports whose files are gone from the folders given
 * (unless no_prune), records the time and commits; compacts by itself
 * when superseded passages pass a tenth of the reports. */
jx_status jx_writer_finish(jx_writer *w, jx_error *err);

/* Rebuilds the passages without those of changed or removed reports
 * (--compact). */
jx_status jx_writer_compact(jx_writer *w, jx_error *err);

/* The totals so far; valid until the next call on w. */
const jx_run_stats *jx_writer_stats(jx_writer *w);

/* Closes the database; what jx_writer_finish (or a batch commit) did
 * not commit is discarded. NULL is fine. */
void jx_writer_destroy(jx_writer *w);

/* Called when Xapian fails where it cannot return an error (a write
 * inside a commit, on any thread): the program reports err and exits;
 * if it returns, the process aborts. */
typedef void (*jx_fatal_callback)(const jx_error *err);

/* Sets the process-wide fatal callback (NULL: abort). */
void jx_set_fatal_callback(jx_fatal_callback fn);

/* ------------------------------------------------------------------ */
/* A file's metadata, a database's state and soundness                 */
/* ------------------------------------------------------------------ */

/* One metadata field of a file and where it came from. */
typedef struct jx_meta_field {
    const char *value;    /* NULL when not found */
    const char *source;   /* "text", "properties", "sidecar", "manifest";
                           * "" when not found */
    const char *evidence; /* the line (or row) it came from, or NULL */
    unsigned line;        /* that line's number in the clean text, 0 if
                           * none */
} jx_meta_field;

/* What indexing would take from one file (--show-meta); a read-only
 * record valid until jx_file_meta_destroy. */
typedef struct jx_file_meta {
    const char *format; /* "text", "docx", "pdf", "html" */
    size_t n_passages;
    jx_meta_field fields[JX_FIELD_COUNT];
} jx_file_meta;

/* Reads and parses the file at path as indexing would, without a
 * database, into *out; applies its sidecar and the manifest's row when
 * manifest (a CSV path) is not NULL. */
jx_status jx_file_meta_read(const char *path, const char *manifest,
                            jx_file_meta **out, jx_error *err);

/* Frees a file's metadata; NULL is fine. */
void jx_file_meta_destroy(jx_file_meta *meta);

/* What a database holds and how up to date it is (--status); a read-only
 * record valid until jx_state_destroy. */
typedef struct jx_state {
    unsigned long reports;
    unsigned long passages;   /* live passages */
    unsigned long superseded; /* of changed or removed reports, purged by
                               * jx_writer_compact */
    const char *updated;      /* time of the last run, ISO 8601; "": never */
    const char *const *stale; /* paths gone or changed since indexed */
    const char *const *why;   /* for each: "gone", "changed" or "sidecar" */
    size_t n_stale;
} jx_state;

/* Reads the state of the database at db_path into *out. */
jx_status jx_state_read(const char *db_path, jx_state **out, jx_error *err);

/* Frees a state; NULL is fine. */
void jx_state_destroy(jx_state *state);

/* How much of a database jx_checkup_run reads. */
typedef enum jx_check_depth {
    JX_CHECK_QUICK = -1, /* what a search that found nothing can afford */
    JX_CHECK_CHEAP = 0,  /* what every indexing run and --status check */
    JX_CHECK_FULL = 1    /* --check: every table and every report */
} jx_check_depth;

/* What jx_checkup_run found; a read-only record valid until
 * jx_checkup_destroy. */
typedef struct jx_checkup {
    const char *const *problems;     /* one line each */
    size_t n_problems;               /* 0: sound */
    unsigned databases;              /* Xapian databases read */
    unsigned long reports, passages; /* documents held */
} jx_checkup;

/* Checks that the database at db_path is whole, into *out.
 * JX_ERR_DB_NOT_FOUND when db_path holds no database at all; JX_OK
 * otherwise, the problems in the record. On an error *out still holds
 * the problems found before it (NULL only when out of memory): destroy
 * it either way. */
jx_status jx_checkup_run(const char *db_path, jx_check_depth depth,
                         jx_checkup **out, jx_error *err);

/* Frees a checkup; NULL is fine. */
void jx_checkup_destroy(jx_checkup *c);

/* JX_ERR_DB_CORRUPT, with "damaged: " and the first problem in err, when
 * the database at db_path is damaged (checked twice, so that a part an
 * indexer merged away meanwhile is not taken for damage); JX_OK when it
 * is sound or cannot be read; JX_ERR_NOMEM. quick: JX_CHECK_QUICK, else
 * JX_CHECK_CHEAP. */
jx_status jx_database_damaged(const char *db_path, int quick, jx_error *err);

/* ------------------------------------------------------------------ */
/* One report by its key (for a reader's view of it, as the web page's) */
/* ------------------------------------------------------------------ */

/* Brings db to the latest commit of its databases (what an indexer has
 * committed since it was opened or last brought up to date); cheap when
 * nothing changed. A long-lived reader (a server) calls it before each
 * request. */
jx_status jx_database_reopen(jx_database *db, jx_error *err);

/* One passage of a report, in the order of its text. */
typedef struct jx_view_passage {
    const char *heading; /* heading path, joined by " › " ("": none) */
    const char *text;    /* its text (without the words repeated from the
                          * passage before at a cut) */
    const jx_range *heading_matches; /* what the query matched, sorted */
    size_t n_heading_matches;
    const jx_range *text_matches;
    size_t n_text_matches;
} jx_view_passage;

/* A report as a reader looks at it: a read-only record valid until
 * jx_report_view_destroy. */
typedef struct jx_report_view {
    const char *key;    /* 32 hex digits */
    const char *format; /* "text", "docx", "pdf", "html" */
    const char *const *paths;
    size_t n_paths;
    /* each field as the database holds it (value, source), with the line
     * of clean text it was taken from when the file, read again, gives
     * the same value there (evidence NULL, line 0 otherwise) */
    jx_meta_field fields[JX_FIELD_COUNT];
    int query_finds_text; /* 0: matching_passages says nothing */
    unsigned long matching_passages;
    /* 1: passages are the whole clean text, read again from the file
     * (whose bytes still have the report's key); 0: the file is gone or
     * changed, and passages are only those the query matched, as the
     * database holds them */
    int whole_text;
    const jx_view_passage *passages;
    size_t n_passages;
} jx_report_view;

/* Reads the report whose key is key from db into *out, marking what
 * query (NULL or "": nothing) matches in it, exactly as a search marks
 * it. *out is NULL, with JX_OK, when db holds no such report; JX_ERR_ARG
 * for a key that is not 32 hex digits, JX_ERR_QUERY for a query that
 * cannot be parsed. */
jx_status jx_database_report(jx_database *db, const char *key,
                             const char *query, jx_report_view **out,
                             jx_error *err);

/* Frees a report's view; NULL is fine. */
void jx_report_view_destroy(jx_report_view *view);

/* The bytes of the original file of the report with key, into *data
 * (*len bytes), and its file name (the last part of its path) into
 * *name; both freed with jx_free. The file is found by the key in the
 * database, never by a path the caller gives: the first of the report's
 * paths whose file still has exactly the bytes of the key. *data and
 * *name are NULL, with JX_OK, when db holds no such report or no file of
 * it is left unchanged; JX_ERR_ARG for a malformed key. */
jx_status jx_database_original(jx_database *db, const char *key, char **data,
                               size_t *len, char **name, jx_error *err);

/* ------------------------------------------------------------------ */
/* Helpers for programs' output                                        */
/* ------------------------------------------------------------------ */

/* Writes s to out as a JSON string literal with its quotes: quotes,
 * backslashes and control characters escaped, invalid UTF-8 as U+FFFD;
 * NULL writes null. JX_ERR_IO when out fails. */
jx_status jx_json_print(FILE *out, const char *s);

/* A copy of s for a one-line message (free with jx_free): control
 * characters and invalid UTF-8 bytes become \xNN, so that a query or a
 * file name cannot break the line or reach a terminal as an escape
 * sequence. NULL when out of memory. */
char *jx_escape_controls(const char *s);

/* The number of UTF-8 characters in s[0..len) (an invalid byte counts as
 * one): turns the byte offsets of a jx_range into the character offsets
 * that JSON output gives. */
size_t jx_utf8_count(const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
