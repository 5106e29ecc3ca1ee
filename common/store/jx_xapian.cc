/* jx_xapian.cc: the implementation of jx_xapian.h, jixiao's C API over
 * Xapian, and the project's only C++ file. Each handle is a struct that
 * holds the Xapian object it stands for; each function catches every
 * exception and turns it into a jx_status with the message in jx_error,
 * so nothing ever unwinds into C. */
/* jx_status.h and jx_xapian.h give their declarations C linkage
 * themselves (extern "C" blocks under __cplusplus). */
#include "jx_xapian.h"
#include "jx_shards.h"
#include "jx_status.h"

#include <xapian.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

/* ---- Handles ---------------------------------------------------------- */

/* One value slot of every document of a database, as Lucene's field
 * cache holds a field: ord[docid] is the rank of the document's value
 * among the slot's distinct values in byte order (0: no value, which
 * names[0], "", stands for). Built by walking the slot's value stream
 * once; kept with the jx_db for the revision it was built from. */
struct jx_column {
    std::vector<unsigned> ord;      /* by docid (see Jx_db_value_ords) */
    std::vector<std::string> names; /* names[0] is "" */
};

struct jx_db {
    Xapian::Database own;           /* the database, when opened by path */
    Xapian::Database *d;            /* what calls use: own, or a wdb's */
    std::vector<std::string> paths; /* what was opened, for messages */
    bool from_wdb;                  /* a wdb's reader: reopen is a no-op */
    /* Columns by slot, valid while the database's identity (UUIDs, last
     * document id and document count: passages are only ever added,
     * and a merge makes a new database) is columns_key. */
    std::string columns_key;
    std::unordered_map<unsigned, std::shared_ptr<const jx_column>> columns;
    /* A shard set (jx_shards.h): a reader of each shard opened, for
     * what is per database (metadata, dead lists), the names of those
     * that did not answer (--allow-partial), and whether one is remote
     * (deciders and spies then run here: Jx_enquire_mset). */
    std::vector<std::unique_ptr<jx_db>> shards;
    std::vector<std::string> missing;
    bool remote;
    jx_db() : d(&own), from_wdb(false), remote(false)
    {
    }
};

struct jx_wdb {
    Xapian::WritableDatabase w;
    jx_db reader; /* the view Jx_wdb_reader hands out; d points at w */
    std::string path;
    bool in_txn; /* a transaction is open (changes since last commit) */
    jx_wdb() : in_txn(false)
    {
    }
};

struct jx_doc {
    Xapian::Document doc;
    std::string data; /* Jx_doc_data's copy, once asked for */
    bool data_cached;
    std::string value; /* Jx_doc_value's scratch */
    bool from_db;      /* read from a database (termfreqs are known) */
    /* Inside a decider: where to park an exception so the decider can
     * rethrow it once the C callback has returned (NULL otherwise). */
    std::exception_ptr *pending;
    jx_doc() : data_cached(false), from_db(false), pending(NULL)
    {
    }
};

/* What a query matches, as a tree Jx_db_match_ids can walk without
 * Xapian's matcher (Xapian::Query cannot be read back: a wildcard's
 * prefix or a value range's bounds are not exposed). Every jx_query_*
 * constructor builds it beside the Xapian query; OPAQUE is what the walk
 * cannot do (a posting source), which sends the whole walk to Xapian's
 * matcher instead. */
struct WalkNode {
    enum Kind { TERM, PREFIX, RANGE, ALL, NOTHING, AND, OR, AND_NOT, OPAQUE };
    Kind kind;
    std::string lo, hi; /* TERM, PREFIX: the term or prefix in lo */
    bool has_lo, has_hi;
    unsigned slot;
    std::vector<std::shared_ptr<const WalkNode>> kids; /* AND_NOT: 2 */
    explicit WalkNode(Kind k) : kind(k), has_lo(false), has_hi(false), slot(0)
    {
    }
};
typedef std::shared_ptr<const WalkNode> WalkPtr;

struct jx_query {
    Xapian::Query q;
    WalkPtr walk;
    /* Jx_query_break_ties's query without its tie breaker, which a
     * remote server cannot run (an unregistered posting source). */
    bool tied;
    Xapian::Query untied;
    jx_query() : tied(false)
    {
    }
};

/* A result a match made here (over remote shards, Jx_enquire_mset). */
struct jx_local_hit {
    Xapian::docid did;
    double weight;
    Xapian::doccount collapsed;
    Xapian::Document doc;
};

struct jx_mset {
    Xapian::MSet ms;
    /* Over remote shards: the page the match made here, and its count. */
    bool local;
    std::vector<jx_local_hit> hits;
    Xapian::doccount matched;
    jx_mset() : local(false), matched(0)
    {
    }
};

/* The decider: calls the C function with a borrowed jx_doc. */
class JxDecider : public Xapian::MatchDecider
{
  public:
    jx_decider_fn fn;
    void *ctx;
    JxDecider() : fn(NULL), ctx(NULL)
    {
    }
    /* Keeps doc when the C function says 1; rethrows (in C++, after the C
     * function returned) any database error the callback's reads hit, so
     * get_mset fails with it instead of deciding on half-read data. */
    bool operator()(const Xapian::Document &doc) const override
    {
        std::exception_ptr pending;
        jx_doc tmp;
        tmp.doc = doc;
        tmp.from_db = true;
        tmp.pending = &pending;
        int keep = fn(&tmp, ctx);
        if (pending)
            std::rethrow_exception(pending);
        return keep != 0;
    }
};

/* A value counter: a match spy counting documents and distinct values of
 * a second slot per value of a slot. The C handle is the spy itself.
 * Hash tables, sorted once at the end: the spy runs once per matching
 * document, and a std::map of strings (with a std::set per entry) was
 * 40% of a search of a common bigram over the 200 MB benchmark index. */
struct jx_value_counts : public Xapian::MatchSpy {
    struct entry {
        unsigned long docs = 0;
        std::unordered_set<std::string> distinct; /* unused if slots agree */
        bool fixed = false;           /* made by Jx_value_counts_from: */
        unsigned long n_distinct = 0; /* the distinct count given */
    };
    typedef std::unordered_map<std::string, entry> table;
    unsigned slot, distinct_slot;
    table counts;
    std::vector<const table::value_type *> flat; /* by value, byte order */
    jx_value_counts(unsigned s, unsigned ds) : slot(s), distinct_slot(ds)
    {
    }
    /* Counts one document the matcher shows the spy. */
    void operator()(const Xapian::Document &doc, double) override
    {
        entry &e = counts[doc.get_value(slot)];
        e.docs++;
        if (distinct_slot != slot)
            e.distinct.insert(doc.get_value(distinct_slot));
    }
    /* Forgets what was counted (before a new match). */
    void reset()
    {
        flat.clear();
        counts.clear();
    }
    /* Sorts the counts by value so Jx_value_counts_get is O(1) and
     * callers can search them. */
    void index()
    {
        flat.clear();
        flat.reserve(counts.size());
        for (table::const_iterator it = counts.begin(); it != counts.end();
             ++it)
            flat.push_back(&*it);
        std::sort(flat.begin(), flat.end(),
                  [](const table::value_type *a, const table::value_type *b) {
                      return a->first < b->first;
                  });
    }
    /* Distinct values of the second slot for an entry. */
    unsigned long distinct_of(const entry &e) const
    {
        return e.fixed                 ? e.n_distinct
               : distinct_slot == slot ? 1
                                       : e.distinct.size();
    }
};

struct jx_enquire {
    /* Declared before enq so they outlive it (members die in reverse). */
    JxDecider decider;
    bool has_decider;
    std::vector<std::unique_ptr<jx_value_counts>> counters;
    Xapian::Enquire enq;
    Xapian::Database whole; /* what enq searches */
    /* Over remote shards the decider, the spies and the collapse run
     * here, over every candidate the servers return (jx_shards_mset). */
    bool remote;
    Xapian::valueno collapse_slot;
    Xapian::doccount collapse_max;
    Xapian::valueno sort_slot; /* BAD_VALUENO: by relevance */
    bool sort_descending;
    unsigned decider_slots; /* the slots the decider reads, a bit each */
    explicit jx_enquire(const Xapian::Database &db)
        : has_decider(false), enq(db), whole(db), remote(false),
          collapse_slot(Xapian::BAD_VALUENO), collapse_max(0),
          sort_slot(Xapian::BAD_VALUENO), sort_descending(false),
          decider_slots(~0u)
    {
    }
};

/* ---- Errors ----------------------------------------------------------- */

/* Maps the Xapian exception being handled (rethrown to let the catch
 * clauses test its class, since Xapian::Error has no virtual functions)
 * to a status; sets *why to words to put before Xapian's message. */
static jx_status xapian_status(const char *path, const char **why)
{
    *why = "";
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        /* Xapian says "Couldn't open lockfile: Permission denied" (or
         * Read-only file system) when the lock file cannot be written:
         * no other process is involved, the database cannot be written */
        if (e.get_msg().find("Couldn't open lockfile") != std::string::npos) {
            *why = "cannot write to this database (read-only?): ";
            return JX_ERR_IO;
        }
        *why = "another process (an indexer, perhaps) holds the write lock: ";
        return JX_ERR_DB_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &) {
        return JX_ERR_DB_NOT_FOUND;
    } catch (const Xapian::DatabaseVersionError &) {
        return JX_ERR_DB;
    } catch (const Xapian::DatabaseOpeningError &) {
        struct stat sb;
        if (path && stat(path, &sb) != 0 && errno == ENOENT)
            return JX_ERR_DB_NOT_FOUND;
        return JX_ERR_DB;
    } catch (const Xapian::DatabaseCorruptError &) {
        return JX_ERR_DB_CORRUPT;
    } catch (const Xapian::DatabaseModifiedError &) {
        *why = "the database changed under this reader (reopen, retry): ";
        return JX_ERR_DB_MODIFIED;
    } catch (const Xapian::QueryParserError &) {
        return JX_ERR_QUERY;
    } catch (const Xapian::InvalidArgumentError &) {
        return JX_ERR_ARG;
    } catch (...) {
        return JX_ERR_DB;
    }
}

/* Fills err from e, the Xapian exception being handled, naming the call
 * (and path, if any), and returns the status it maps to; the system's
 * words for the error number (No space left on device) come after
 * Xapian's message. Never throws: it only formats into err's fixed
 * buffer. */
static jx_status xapian_fail(jx_error *err, const char *what, const char *path,
                             const Xapian::Error &e)
{
    const char *why;
    jx_status st = xapian_status(path, &why);
    const char *ctx = e.get_context().c_str();
    const char *os = e.get_error_string();
    return Jx_error_set(err, st, "%s%s%s: %s%s: %s%s%s%s%s%s", what,
                        path ? " " : "", path ? path : "", why, e.get_type(),
                        e.get_msg().c_str(), os ? " (" : "", os ? os : "",
                        os ? ")" : "", *ctx ? " (context: " : "",
                        *ctx ? ")" : "");
}

/* The function Jx_set_fatal_handler registered. */
static jx_fatal_fn fatal_handler;

/* Takes the place of std::terminate's default handler: Xapian 1.4 ends
 * the process through std::terminate when a write fails inside a commit
 * (a full disk, a file size limit), sometimes with the exception, which
 * becomes the message, sometimes without one, when the system's last
 * error tells the cause. The program's handler reports it and exits. */
[[noreturn]] static void on_terminate()
{
    int saved_errno = errno;
    jx_error err;
    Jx_error_set(&err, JX_ERR_DB,
                 "Xapian failed with no error to return (the last system "
                 "error: %s)",
                 strerror(saved_errno));
    try {
        std::exception_ptr p = std::current_exception();
        if (p)
            std::rethrow_exception(p);
    } catch (const Xapian::Error &e) {
        xapian_fail(&err, "Xapian failed", NULL, e);
    } catch (const std::bad_alloc &) {
        Jx_error_set(&err, JX_ERR_NOMEM, "out of memory");
    } catch (...) {
    }
    if (fatal_handler)
        fatal_handler(&err);
    abort();
}

/* Registers fn for the errors that cannot be returned. */
void Jx_set_fatal_handler(jx_fatal_fn fn)
{
    fatal_handler = fn;
    std::set_terminate(on_terminate);
}

/* The catch clauses every call ends with: path is a const char * naming
 * the file concerned, or NULL. */
#define JX_CATCH(err, what, path)                                             \
    catch (const Xapian::Error &e)                                            \
    {                                                                         \
        return xapian_fail(err, what, path, e);                               \
    }                                                                         \
    catch (const std::bad_alloc &)                                            \
    {                                                                         \
        return Jx_error_set(err, JX_ERR_NOMEM, "%s: out of memory", what);    \
    }                                                                         \
    catch (...)                                                               \
    {                                                                         \
        return Jx_error_set(err, JX_ERR_DB, "%s: unexpected exception",       \
                            what);                                            \
    }

/* Like JX_CATCH, for calls on a document: inside a decider the exception
 * is also parked for the decider to rethrow. */
#define JX_DOC_CATCH(err, what, doc)                                          \
    catch (const Xapian::Error &e)                                            \
    {                                                                         \
        park(doc);                                                            \
        return xapian_fail(err, what, NULL, e);                               \
    }                                                                         \
    catch (const std::bad_alloc &)                                            \
    {                                                                         \
        park(doc);                                                            \
        return Jx_error_set(err, JX_ERR_NOMEM, "%s: out of memory", what);    \
    }                                                                         \
    catch (...)                                                               \
    {                                                                         \
        park(doc);                                                            \
        return Jx_error_set(err, JX_ERR_DB, "%s: unexpected exception",       \
                            what);                                            \
    }

/* Saves the exception being handled for the decider holding doc, if any
 * (the first one wins). */
static void park(const jx_doc *doc)
{
    if (doc && doc->pending && !*doc->pending)
        *doc->pending = std::current_exception();
}

/* Fails with JX_ERR_ARG when a required pointer is NULL. */
#define JX_NEED(err, what, cond)                                              \
    do {                                                                      \
        if (!(cond))                                                          \
            return Jx_error_set(err, JX_ERR_ARG, "%s: %s is required", what,  \
                                #cond);                                       \
    } while (0)

/* ---- Reading ---------------------------------------------------------- */

/* The identities of a database: the UUID of each of its shards (a
 * multi-database's UUID is theirs joined by ':'), or its real path when
 * it has none (a backend without UUIDs). A copy of a folder keeps its
 * UUIDs, so it has the identities of the original. */
static std::vector<std::string> identities(const Xapian::Database &d,
                                           const char *path)
{
    std::vector<std::string> ids;
    std::string uuid = d.get_uuid();
    size_t from = 0;
    while (!uuid.empty() && from <= uuid.size()) {
        size_t colon = uuid.find(':', from);
        if (colon == std::string::npos)
            colon = uuid.size();
        if (colon > from)
            ids.push_back("uuid " + uuid.substr(from, colon - from));
        from = colon + 1;
    }
    char *real = realpath(path, NULL);
    if (real) {
        ids.push_back(std::string("path ") + real);
        free(real);
    }
    return ids;
}

/* Opens every path and adds it to one database; nothing leaks on error.
 * A database given twice (the same folder by another name, or a copy of
 * it: a shard with the same UUID) is refused, since searching it twice
 * would count and list each of its passages twice. */
/* Opens each shard of a set and adds it to db (jx_shards.h): a shard
 * that does not answer is an error naming it, or, with allow_partial,
 * left out and named in db->missing. */
static jx_status open_shard_set(jx_db *db, const char *path,
                                const jx_shard_set *set,
                                const jx_db_options *opts, jx_error *err)
{
    unsigned timeout = opts && opts->timeout_ms ? opts->timeout_ms : 10000;
    std::string first_why;
    size_t opened = 0;
    for (size_t i = 0; i < set->n; i++) {
        const jx_shard_spec *sp = &set->v[i];
        try {
            Xapian::Database one =
                sp->remote ? Xapian::Remote::open(sp->host, sp->port, timeout,
                                                  timeout)
                           : Xapian::Database(sp->path);
            std::unique_ptr<jx_db> view(new jx_db);
            view->own = one;
            view->paths.push_back(sp->name);
            view->remote = sp->remote;
            db->own.add_database(one);
            db->remote = db->remote || sp->remote;
            db->shards.push_back(std::move(view));
            opened++;
        } catch (const Xapian::Error &e) {
            std::string why = e.get_type();
            why += ": " + e.get_msg();
            if (e.get_error_string())
                why += std::string(" (") + e.get_error_string() + ")";
            if (!opts || !opts->allow_partial)
                return Jx_error_set(err, JX_ERR_DB, "shard %s: %s", sp->name,
                                    why.c_str());
            if (first_why.empty())
                first_why = why;
            db->missing.push_back(sp->name);
        }
    }
    if (!opened)
        return Jx_error_set(err, JX_ERR_DB, "%s: no shard answered (%s: %s)",
                            path, db->missing[0].c_str(), first_why.c_str());
    return JX_OK;
}

jx_status Jx_db_open(const char *const *paths, size_t n, jx_db **out,
                     jx_error *err)
{
    return Jx_db_open_with(paths, n, NULL, out, err);
}

jx_status Jx_db_open_with(const char *const *paths, size_t n,
                          const jx_db_options *opts, jx_db **out,
                          jx_error *err)
{
    const char *path = NULL;
    JX_NEED(err, "Jx_db_open", out);
    *out = NULL;
    JX_NEED(err, "Jx_db_open", paths);
    if (n == 0)
        return Jx_error_set(err, JX_ERR_ARG, "Jx_db_open: no database given");
    try {
        std::unique_ptr<jx_db> db(new jx_db);
        std::unordered_map<std::string, size_t> seen; /* identity: path */
        for (size_t i = 0; i < n; i++) {
            path = paths[i];
            JX_NEED(err, "Jx_db_open", paths[i]);
            jx_shard_set set;
            int is_set = 0;
            jx_status st = Jx_shards_read(path, &set, &is_set, err);
            if (!st && is_set) {
                st = n > 1 ? Jx_error_set(err, JX_ERR_ARG,
                                          "%s: a shard set is searched alone",
                                          path)
                           : open_shard_set(db.get(), path, &set, opts, err);
                Jx_shards_clear(&set);
                if (st)
                    return st;
                db->paths.push_back(path);
                continue;
            }
            if (st)
                return st;
            Xapian::Database one(path);
            if (n > 1)
                for (const std::string &id : identities(one, path)) {
                    auto at = seen.emplace(id, i);
                    if (!at.second)
                        return Jx_error_set(
                            err, JX_ERR_ARG,
                            "%s: the same database as %s (given twice)", path,
                            paths[at.first->second]);
                }
            db->own.add_database(one);
            db->paths.push_back(path);
        }
        *out = db.release();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_db_open", path)
}

/* Moves the reader to the latest revision in place (so enquires made on
 * it see it too); a wdb's reader is always current. */
jx_status Jx_db_reopen(jx_db *db, jx_error *err)
{
    JX_NEED(err, "Jx_db_reopen", db);
    if (db->from_wdb)
        return JX_OK;
    try {
        db->d->reopen();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_db_reopen",
             db->paths.empty() ? NULL : db->paths[0].c_str())
}

/* Closes and frees db; NULL is fine. Never throws. */
void Jx_db_close(jx_db *db)
{
    if (!db || db->from_wdb)
        return;
    try {
        db->own.close();
    } catch (...) {
    }
    delete db;
}

/* Stores the document count in *out. */
jx_status Jx_db_doccount(jx_db *db, unsigned long *out, jx_error *err)
{
    JX_NEED(err, "Jx_db_doccount", db && out);
    try {
        *out = db->d->get_doccount();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_db_doccount", NULL)
}

/* Stores term's document frequency in *out. */
jx_status Jx_db_termfreq(jx_db *db, const char *term, size_t len,
                         unsigned long *out, jx_error *err)
{
    JX_NEED(err, "Jx_db_termfreq", db && out && (term || !len));
    try {
        *out = db->d->get_termfreq(std::string(term ? term : "", len));
        return JX_OK;
    }
    JX_CATCH(err, "Jx_db_termfreq", NULL)
}

/* Calls fn on each term starting with prefix until it returns non-zero. */
jx_status Jx_db_each_term(jx_db *db, const char *prefix, size_t len,
                          jx_term_fn fn, void *ctx, jx_error *err)
{
    JX_NEED(err, "Jx_db_each_term", db && fn && (prefix || !len));
    try {
        std::string p(prefix ? prefix : "", len);
        Xapian::TermIterator end = db->d->allterms_end(p);
        for (Xapian::TermIterator it = db->d->allterms_begin(p); it != end;
             ++it) {
            const std::string &t = *it;
            if (fn(t.data(), t.size(), it.get_termfreq(), ctx))
                break;
        }
        return JX_OK;
    }
    JX_CATCH(err, "Jx_db_each_term", NULL)
}

/* Calls fn on each document id holding term until it returns non-zero. */
jx_status Jx_db_each_posting(jx_db *db, const char *term, size_t len,
                             jx_docid_fn fn, void *ctx, jx_error *err)
{
    JX_NEED(err, "Jx_db_each_posting", db && fn && (term || !len));
    try {
        std::string t(term ? term : "", len);
        Xapian::PostingIterator end = db->d->postlist_end(t);
        for (Xapian::PostingIterator it = db->d->postlist_begin(t); it != end;
             ++it) {
            if (fn(*it, ctx))
                break;
        }
        return JX_OK;
    }
    JX_CATCH(err, "Jx_db_each_posting", NULL)
}

/* Reads document docid into a new handle. */
jx_status Jx_db_document(jx_db *db, jx_docid docid, jx_doc **out,
                         jx_error *err)
{
    JX_NEED(err, "Jx_db_document", out);
    *out = NULL;
    JX_NEED(err, "Jx_db_document", db);
    try {
        std::unique_ptr<jx_doc> doc(new jx_doc);
        doc->doc = db->d->get_document(docid);
        doc->from_db = true;
        *out = doc.release();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_db_document", NULL)
}

/* Copies v into a malloc'd, NUL-terminated *value of *len bytes. */
static jx_status copy_out(const std::string &v, char **value, size_t *len,
                          jx_error *err, const char *what)
{
    char *copy = static_cast<char *>(malloc(v.size() + 1));
    if (!copy)
        return Jx_error_set(err, JX_ERR_NOMEM, "%s: out of memory", what);
    memcpy(copy, v.data(), v.size());
    copy[v.size()] = '\0';
    *value = copy;
    *len = v.size();
    return JX_OK;
}

/* Copies metadata key into a malloc'd, NUL-terminated *value. */
jx_status Jx_db_get_metadata(jx_db *db, const char *key, char **value,
                             jx_error *err)
{
    JX_NEED(err, "Jx_db_get_metadata", value);
    *value = NULL;
    JX_NEED(err, "Jx_db_get_metadata", db && key);
    try {
        size_t len;
        return copy_out(db->d->get_metadata(key), value, &len, err,
                        "Jx_db_get_metadata");
    }
    JX_CATCH(err, "Jx_db_get_metadata", NULL)
}

/* The shards of a set, and those that did not answer. */
size_t Jx_db_shard_count(const jx_db *db)
{
    return db ? db->shards.size() : 0;
}

jx_db *Jx_db_shard(jx_db *db, size_t i)
{
    return db && i < db->shards.size() ? db->shards[i].get() : NULL;
}

int Jx_db_has_remote(const jx_db *db)
{
    return db && db->remote;
}

size_t Jx_db_missing_count(const jx_db *db)
{
    return db ? db->missing.size() : 0;
}

const char *Jx_db_missing(const jx_db *db, size_t i)
{
    return db && i < db->missing.size() ? db->missing[i].c_str() : NULL;
}

const char *Jx_db_name(const jx_db *db)
{
    return db && !db->paths.empty() ? db->paths[0].c_str() : "";
}

/* Looks key up in each database opened, in order: a combined database
 * answers metadata from its first part only. */
jx_status Jx_db_find_metadata(jx_db *db, const char *key, char **value,
                              size_t *len, jx_error *err)
{
    JX_NEED(err, "Jx_db_find_metadata", value && len);
    *value = NULL;
    *len = 0;
    JX_NEED(err, "Jx_db_find_metadata", db && key);
    try {
        std::string v = db->d->get_metadata(key);
        for (size_t i = 0; v.empty() && i < db->shards.size(); i++)
            v = db->shards[i]->d->get_metadata(key);
        for (size_t i = 1; v.empty() && i < db->paths.size(); i++)
            v = Xapian::Database(db->paths[i]).get_metadata(key);
        return copy_out(v, value, len, err, "Jx_db_find_metadata");
    }
    JX_CATCH(err, "Jx_db_find_metadata", NULL)
}

/* ---- Writing ---------------------------------------------------------- */

/* Opens path for writing inside a transaction, so only committed changes
 * survive Jx_wdb_close. */
jx_status Jx_wdb_open(const char *path, int flags, jx_wdb **out, jx_error *err)
{
    JX_NEED(err, "Jx_wdb_open", out);
    *out = NULL;
    JX_NEED(err, "Jx_wdb_open", path);
    try {
        int xf = (flags & JX_WDB_OVERWRITE) ? Xapian::DB_CREATE_OR_OVERWRITE
                                            : Xapian::DB_CREATE_OR_OPEN;
        if (flags & JX_WDB_NO_TERMLIST)
            xf |= Xapian::DB_NO_TERMLIST;
        if (flags & JX_WDB_NO_SYNC)
            xf |= Xapian::DB_NO_SYNC;
        std::unique_ptr<jx_wdb> wdb(new jx_wdb);
        wdb->path = path;
        wdb->w = Xapian::WritableDatabase(path, xf);
        wdb->reader.d = &wdb->w;
        wdb->reader.from_wdb = true;
        wdb->reader.paths.push_back(path);
        wdb->w.begin_transaction(true);
        wdb->in_txn = true;
        *out = wdb.release();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_wdb_open", path)
}

/* Returns the wdb's own reader (NULL for NULL); do not Jx_db_close it. */
jx_db *Jx_wdb_reader(jx_wdb *wdb)
{
    return wdb ? &wdb->reader : NULL;
}

/* Adds doc, storing its new id in *docid when given. */
jx_status Jx_wdb_add(jx_wdb *wdb, const jx_doc *doc, jx_docid *docid,
                     jx_error *err)
{
    JX_NEED(err, "Jx_wdb_add", wdb && doc);
    try {
        Xapian::docid id = wdb->w.add_document(doc->doc);
        if (docid)
            *docid = id;
        return JX_OK;
    }
    JX_CATCH(err, "Jx_wdb_add", wdb->path.c_str())
}

/* Replaces whatever holds the unique term with doc. */
jx_status Jx_wdb_replace(jx_wdb *wdb, const char *term, size_t len,
                         const jx_doc *doc, jx_error *err)
{
    JX_NEED(err, "Jx_wdb_replace", wdb && doc && term && len);
    try {
        wdb->w.replace_document(std::string(term, len), doc->doc);
        return JX_OK;
    }
    JX_CATCH(err, "Jx_wdb_replace", wdb->path.c_str())
}

/* Deletes every document holding term. */
jx_status Jx_wdb_delete(jx_wdb *wdb, const char *term, size_t len,
                        jx_error *err)
{
    JX_NEED(err, "Jx_wdb_delete", wdb && term && len);
    try {
        wdb->w.delete_document(std::string(term, len));
        return JX_OK;
    }
    JX_CATCH(err, "Jx_wdb_delete", wdb->path.c_str())
}

/* Stores value under key (Xapian rejects an empty key). */
jx_status Jx_wdb_set_metadata(jx_wdb *wdb, const char *key, const char *value,
                              jx_error *err)
{
    JX_NEED(err, "Jx_wdb_set_metadata", wdb && key && value);
    try {
        wdb->w.set_metadata(key, value);
        return JX_OK;
    }
    JX_CATCH(err, "Jx_wdb_set_metadata", wdb->path.c_str())
}

/* Stores len bytes of value, which may hold NUL bytes, under key. */
jx_status Jx_wdb_set_metadata_blob(jx_wdb *wdb, const char *key,
                                   const char *value, size_t len,
                                   jx_error *err)
{
    JX_NEED(err, "Jx_wdb_set_metadata_blob", wdb && key && (value || !len));
    try {
        wdb->w.set_metadata(key, std::string(value ? value : "", len));
        return JX_OK;
    }
    JX_CATCH(err, "Jx_wdb_set_metadata_blob", wdb->path.c_str())
}

/* Commits the open transaction and opens the next one. */
jx_status Jx_wdb_commit(jx_wdb *wdb, jx_error *err)
{
    JX_NEED(err, "Jx_wdb_commit", wdb);
    try {
        if (wdb->in_txn) {
            wdb->w.commit_transaction();
            wdb->in_txn = false;
        } else {
            wdb->w.commit();
        }
        wdb->w.begin_transaction(true);
        wdb->in_txn = true;
        return JX_OK;
    }
    JX_CATCH(err, "Jx_wdb_commit", wdb->path.c_str())
}

/* Drops uncommitted changes, closes and frees wdb; NULL is fine. */
void Jx_wdb_close(jx_wdb *wdb)
{
    if (!wdb)
        return;
    try {
        if (wdb->in_txn)
            wdb->w.cancel_transaction();
    } catch (...) {
    }
    try {
        wdb->w.close();
    } catch (...) {
    }
    delete wdb;
}

/* Compacts srcs into dest, keeping ids unless renumber. */
jx_status Jx_compact(const char *const *srcs, size_t n, const char *dest,
                     int renumber, jx_error *err)
{
    const char *path = NULL;
    JX_NEED(err, "Jx_compact", srcs && dest);
    if (n == 0)
        return Jx_error_set(err, JX_ERR_ARG, "Jx_compact: no source given");
    try {
        Xapian::Database db;
        for (size_t i = 0; i < n; i++) {
            path = srcs[i];
            JX_NEED(err, "Jx_compact", srcs[i]);
            db.add_database(Xapian::Database(path));
        }
        path = dest;
        int flags = Xapian::DBCOMPACT_MULTIPASS;
        if (!renumber)
            flags |= Xapian::DBCOMPACT_NO_RENUMBER;
        db.compact(dest, flags);
        return JX_OK;
    }
    JX_CATCH(err, "Jx_compact", path)
}

/* ---- Checking --------------------------------------------------------- */

/* Reads what any use of doc reads: its data and its first 16 value
 * slots (a database without termlists cannot list its values). */
static void read_whole(const Xapian::Document &doc)
{
    (void)doc.get_data();
    for (unsigned slot = 0; slot < 16; slot++)
        (void)doc.get_value(slot);
}

/* Sets err to Xapian's own description of the error being handled
 * ("DatabaseError: EOF reading block 85"), with the system's words for
 * its error number, and returns the status it maps to. */
static jx_status describe_fail(jx_error *err, const char *path,
                               const Xapian::Error &e)
{
    const char *why;
    jx_status st = xapian_status(path, &why);
    const char *os = e.get_error_string();
    return Jx_error_set(err, st, "%s%s: %s%s%s%s", why, e.get_type(),
                        e.get_msg().c_str(), os ? " (" : "", os ? os : "",
                        os ? ")" : "");
}

/* Opens path alone and reads its count, first and last documents. */
jx_status Jx_db_probe(const char *path, unsigned long *doccount, jx_error *err)
{
    JX_NEED(err, "Jx_db_probe", path && doccount);
    *doccount = 0;
    try {
        Xapian::Database db(path);
        *doccount = db.get_doccount();
        Xapian::PostingIterator first = db.postlist_begin("");
        if (first != db.postlist_end(""))
            read_whole(db.get_document(*first));
        Xapian::docid last = db.get_lastdocid();
        if (last) {
            try {
                read_whole(db.get_document(last));
            } catch (const Xapian::DocNotFoundError &) {
                /* deleted since: the reports' last one may be */
            }
        }
        (void)db.get_metadata("jixiao.schema");
        return JX_OK;
    } catch (const Xapian::Error &e) {
        return describe_fail(err, path, e);
    } catch (const std::bad_alloc &) {
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    } catch (...) {
        return Jx_error_set(err, JX_ERR_DB, "%s: unexpected exception", path);
    }
}

#if defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer's defaults for the sanitizer build (ASAN_OPTIONS
 * still overrides them): inside libxapian 1.4.22, Database::check
 * deletes an object of 440 bytes as one of 432 (a class deleted through
 * its base), which ASan reports as a new-delete-type-mismatch and aborts
 * on. It is Xapian's code, not ours, and harmless with the allocators
 * we use (a sized delete frees the whole block); only that report is
 * turned off, so Jx_db_check can be tested under the sanitizers. */
extern "C" const char *__asan_default_options(void);
extern "C" const char *__asan_default_options(void)
{
    return "new_delete_type_mismatch=0";
}
#endif

/* Runs Xapian's check over every table of path, keeping its report to
 * pick the first line that tells of an error. */
jx_status Jx_db_check(const char *path, unsigned long *errors, char **first,
                      jx_error *err)
{
    JX_NEED(err, "Jx_db_check", path && errors && first);
    *errors = 0;
    *first = NULL;
    try {
        std::ostringstream out;
        *errors = Xapian::Database::check(std::string(path), 0, &out);
        std::istringstream lines(out.str());
        std::string line, found;
        while (found.empty() && std::getline(lines, line))
            if (line.find("rror") != std::string::npos ||
                line.find("orrupt") != std::string::npos)
                found = line;
        size_t len;
        return copy_out(found, first, &len, err, "Jx_db_check");
    } catch (const Xapian::Error &e) {
        return describe_fail(err, path, e);
    } catch (const std::bad_alloc &) {
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    } catch (...) {
        return Jx_error_set(err, JX_ERR_DB, "%s: unexpected exception", path);
    }
}

/* ---- Documents -------------------------------------------------------- */

/* Allocates an empty document. */
jx_status Jx_doc_new(jx_doc **out, jx_error *err)
{
    JX_NEED(err, "Jx_doc_new", out);
    *out = NULL;
    try {
        *out = new jx_doc;
        return JX_OK;
    }
    JX_CATCH(err, "Jx_doc_new", NULL)
}

/* Frees doc; NULL is fine. */
void Jx_doc_destroy(jx_doc *doc)
{
    delete doc;
}

/* Adds term with wdf increased by wdf_inc. */
jx_status Jx_doc_add_term(jx_doc *doc, const char *term, size_t len,
                          unsigned wdf_inc, jx_error *err)
{
    JX_NEED(err, "Jx_doc_add_term", doc && term);
    try {
        doc->doc.add_term(std::string(term, len), wdf_inc);
        return JX_OK;
    }
    JX_DOC_CATCH(err, "Jx_doc_add_term", doc)
}

/* Adds term with wdf 0. */
jx_status Jx_doc_add_boolean_term(jx_doc *doc, const char *term, size_t len,
                                  jx_error *err)
{
    JX_NEED(err, "Jx_doc_add_boolean_term", doc && term);
    try {
        doc->doc.add_boolean_term(std::string(term, len));
        return JX_OK;
    }
    JX_DOC_CATCH(err, "Jx_doc_add_boolean_term", doc)
}

/* Sets value slot. */
jx_status Jx_doc_set_value(jx_doc *doc, unsigned slot, const char *value,
                           size_t len, jx_error *err)
{
    JX_NEED(err, "Jx_doc_set_value", doc && (value || !len));
    try {
        doc->doc.add_value(slot, std::string(value ? value : "", len));
        return JX_OK;
    }
    JX_DOC_CATCH(err, "Jx_doc_set_value", doc)
}

/* Sets the data; the next Jx_doc_data reads it afresh (a pointer it gave
 * before stays valid until then). */
jx_status Jx_doc_set_data(jx_doc *doc, const char *data, size_t len,
                          jx_error *err)
{
    JX_NEED(err, "Jx_doc_set_data", doc && (data || !len));
    try {
        doc->doc.set_data(std::string(data ? data : "", len));
        doc->data_cached = false;
        return JX_OK;
    }
    JX_DOC_CATCH(err, "Jx_doc_set_data", doc)
}

/* Gives the data, read once and kept in the handle. */
jx_status Jx_doc_data(jx_doc *doc, const char **data, size_t *len,
                      jx_error *err)
{
    JX_NEED(err, "Jx_doc_data", doc && data && len);
    try {
        if (!doc->data_cached) {
            doc->data = doc->doc.get_data();
            doc->data_cached = true;
        }
        *data = doc->data.data();
        *len = doc->data.size();
        return JX_OK;
    }
    JX_DOC_CATCH(err, "Jx_doc_data", doc)
}

/* Gives value slot in the handle's scratch string. */
jx_status Jx_doc_value(jx_doc *doc, unsigned slot, const char **value,
                       size_t *len, jx_error *err)
{
    JX_NEED(err, "Jx_doc_value", doc && value && len);
    try {
        doc->value = doc->doc.get_value(slot);
        *value = doc->value.data();
        *len = doc->value.size();
        return JX_OK;
    }
    JX_DOC_CATCH(err, "Jx_doc_value", doc)
}

/* Calls fn on each of doc's terms starting with prefix, passing the
 * term's database frequency for a document read from a database and 0
 * for one built in memory (which has none). */
jx_status Jx_doc_each_term(jx_doc *doc, const char *prefix, size_t len,
                           jx_term_fn fn, void *ctx, jx_error *err)
{
    JX_NEED(err, "Jx_doc_each_term", doc && fn && (prefix || !len));
    try {
        std::string p(prefix ? prefix : "", len);
        Xapian::TermIterator end = doc->doc.termlist_end();
        Xapian::TermIterator it = doc->doc.termlist_begin();
        it.skip_to(p);
        for (; it != end; ++it) {
            const std::string &t = *it;
            if (t.compare(0, p.size(), p) != 0)
                break;
            unsigned long tf = doc->from_db ? it.get_termfreq() : 0;
            if (fn(t.data(), t.size(), tf, ctx))
                break;
        }
        return JX_OK;
    }
    JX_DOC_CATCH(err, "Jx_doc_each_term", doc)
}

/* Writes Xapian's sortable encoding of value (at most 18 bytes). */
size_t Jx_sortable_serialise(double value, char out[18])
{
    return Xapian::sortable_serialise_(value, out);
}

/* Decodes a sortable encoding; 0 if it cannot (out of memory). */
double Jx_sortable_unserialise(const char *value, size_t len)
{
    try {
        return Xapian::sortable_unserialise(
            std::string(value ? value : "", value ? len : 0));
    } catch (...) {
        return 0.0;
    }
}

/* ---- Queries ---------------------------------------------------------- */

/* Allocates a query handle holding q. */
static jx_query *new_query(const Xapian::Query &q, WalkPtr walk = WalkPtr())
{
    jx_query *h = new jx_query;
    h->q = q;
    h->walk = walk ? walk : std::make_shared<WalkNode>(WalkNode::OPAQUE);
    return h;
}

/* A walk node of kind k holding s (a term or a prefix). */
static WalkPtr walk_leaf(WalkNode::Kind k, const std::string &s = "")
{
    std::shared_ptr<WalkNode> w = std::make_shared<WalkNode>(k);
    w->lo = s;
    return w;
}

/* A walk node of kind k over kids. */
static WalkPtr walk_op(WalkNode::Kind k, std::vector<WalkPtr> kids)
{
    std::shared_ptr<WalkNode> w = std::make_shared<WalkNode>(k);
    w->kids = std::move(kids);
    return w;
}

/* A one-term query; an empty term is refused (Xapian would match all). */
jx_status Jx_query_term(const char *term, size_t len, unsigned wqf,
                        jx_query **out, jx_error *err)
{
    JX_NEED(err, "Jx_query_term", out);
    *out = NULL;
    JX_NEED(err, "Jx_query_term", term && len);
    try {
        std::string t(term, len);
        *out = new_query(Xapian::Query(t, wqf), walk_leaf(WalkNode::TERM, t));
        return JX_OK;
    }
    JX_CATCH(err, "Jx_query_term", NULL)
}

/* An unlimited wildcard over prefix, combined as a synonym. An empty
 * prefix is refused: it would expand to every term of the database. */
jx_status Jx_query_prefix(const char *prefix, size_t len, jx_query **out,
                          jx_error *err)
{
    JX_NEED(err, "Jx_query_prefix", out);
    *out = NULL;
    JX_NEED(err, "Jx_query_prefix", prefix && len);
    try {
        std::string p(prefix, len);
        *out = new_query(Xapian::Query(Xapian::Query::OP_WILDCARD, p, 0,
                                       Xapian::Query::WILDCARD_LIMIT_ERROR,
                                       Xapian::Query::OP_SYNONYM),
                         walk_leaf(WalkNode::PREFIX, p));
        return JX_OK;
    }
    JX_CATCH(err, "Jx_query_prefix", NULL)
}

/* Combines subs with op (AND_NOT and FILTER take the first against the
 * OR, respectively AND, of the rest). */
jx_status Jx_query_combine(jx_query_op op, jx_query *const *subs, size_t n,
                           jx_query **out, jx_error *err)
{
    JX_NEED(err, "Jx_query_combine", out);
    *out = NULL;
    if (n == 0 || !subs)
        return Jx_error_set(err, JX_ERR_ARG,
                            "Jx_query_combine: no subquery given");
    for (size_t i = 0; i < n; i++)
        JX_NEED(err, "Jx_query_combine", subs[i]);
    try {
        std::vector<Xapian::Query> v;
        std::vector<WalkPtr> w, rest;
        v.reserve(n);
        for (size_t i = 0; i < n; i++) {
            v.push_back(subs[i]->q);
            w.push_back(subs[i]->walk);
        }
        if (n > 1)
            rest.assign(w.begin() + 1, w.end());
        Xapian::Query q;
        WalkPtr walk;
        switch (op) {
        case JX_QUERY_AND:
            q = Xapian::Query(Xapian::Query::OP_AND, v.begin(), v.end());
            walk = walk_op(WalkNode::AND, w);
            break;
        case JX_QUERY_OR:
            q = Xapian::Query(Xapian::Query::OP_OR, v.begin(), v.end());
            walk = walk_op(WalkNode::OR, w);
            break;
        case JX_QUERY_AND_MAYBE: /* matches what the first matches */
            q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, v.begin(), v.end());
            walk = w[0];
            break;
        case JX_QUERY_SYNONYM:
            q = Xapian::Query(Xapian::Query::OP_SYNONYM, v.begin(), v.end());
            walk = walk_op(WalkNode::OR, w);
            break;
        case JX_QUERY_AND_NOT:
            q = n == 1 ? v[0]
                       : Xapian::Query(Xapian::Query::OP_AND_NOT, v[0],
                                       Xapian::Query(Xapian::Query::OP_OR,
                                                     v.begin() + 1, v.end()));
            walk = n == 1 ? w[0]
                          : walk_op(WalkNode::AND_NOT,
                                    {w[0], walk_op(WalkNode::OR, rest)});
            break;
        case JX_QUERY_FILTER:
            q = n == 1 ? v[0]
                       : Xapian::Query(Xapian::Query::OP_FILTER, v[0],
                                       Xapian::Query(Xapian::Query::OP_AND,
                                                     v.begin() + 1, v.end()));
            walk = walk_op(WalkNode::AND, w);
            break;
        default:
            return Jx_error_set(err, JX_ERR_ARG,
                                "Jx_query_combine: unknown operator %d",
                                (int)op);
        }
        *out = new_query(q, walk);
        return JX_OK;
    }
    JX_CATCH(err, "Jx_query_combine", NULL)
}

/* A value range, GE, LE or match-all query by which ends are given. */
jx_status Jx_query_value_range(unsigned slot, const char *lo, size_t lolen,
                               const char *hi, size_t hilen, jx_query **out,
                               jx_error *err)
{
    JX_NEED(err, "Jx_query_value_range", out);
    *out = NULL;
    try {
        Xapian::Query q;
        std::shared_ptr<WalkNode> w =
            std::make_shared<WalkNode>(WalkNode::RANGE);
        w->slot = slot;
        w->has_lo = lo != NULL;
        w->has_hi = hi != NULL;
        if (lo)
            w->lo.assign(lo, lolen);
        if (hi)
            w->hi.assign(hi, hilen);
        if (lo && hi)
            q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
                              std::string(lo, lolen), std::string(hi, hilen));
        else if (lo)
            q = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                              std::string(lo, lolen));
        else if (hi)
            q = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot,
                              std::string(hi, hilen));
        else
            q = Xapian::Query::MatchAll;
        *out = new_query(q, lo || hi ? WalkPtr(w) : walk_leaf(WalkNode::ALL));
        return JX_OK;
    }
    JX_CATCH(err, "Jx_query_value_range", NULL)
}

/* A query matching every document. */
jx_status Jx_query_match_all(jx_query **out, jx_error *err)
{
    JX_NEED(err, "Jx_query_match_all", out);
    *out = NULL;
    try {
        *out = new_query(Xapian::Query::MatchAll, walk_leaf(WalkNode::ALL));
        return JX_OK;
    }
    JX_CATCH(err, "Jx_query_match_all", NULL)
}

/* A query matching no document. */
jx_status Jx_query_match_nothing(jx_query **out, jx_error *err)
{
    JX_NEED(err, "Jx_query_match_nothing", out);
    *out = NULL;
    try {
        *out = new_query(Xapian::Query::MatchNothing,
                         walk_leaf(WalkNode::NOTHING));
        return JX_OK;
    }
    JX_CATCH(err, "Jx_query_match_nothing", NULL)
}

/* q with weights scaled by factor (Xapian refuses a negative one). */
jx_status Jx_query_scale(const jx_query *q, double factor, jx_query **out,
                         jx_error *err)
{
    JX_NEED(err, "Jx_query_scale", out);
    *out = NULL;
    JX_NEED(err, "Jx_query_scale", q);
    try {
        *out = new_query(
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor),
            q->walk);
        return JX_OK;
    }
    JX_CATCH(err, "Jx_query_scale", NULL)
}

/* Matches every document of a database with a weight that falls from
 * JX_TIE_WEIGHT to nearly 0 along the document ids (see
 * Jx_query_break_ties). Xapian calls init for each database searched. */
#define JX_TIE_WEIGHT 1e-9
class TieBreaker : public Xapian::PostingSource
{
    Xapian::docid did = 0, last = 0;
    Xapian::doccount count = 0;

  public:
    TieBreaker()
    {
        set_maxweight(JX_TIE_WEIGHT);
    }
    void init(const Xapian::Database &db) override
    {
        did = 0;
        last = db.get_lastdocid();
        count = db.get_doccount();
        set_maxweight(JX_TIE_WEIGHT);
    }
    Xapian::doccount get_termfreq_min() const override
    {
        return count;
    }
    Xapian::doccount get_termfreq_est() const override
    {
        return count;
    }
    Xapian::doccount get_termfreq_max() const override
    {
        return count;
    }
    void next(double) override
    {
        ++did;
    }
    void skip_to(Xapian::docid to, double) override
    {
        if (to > did)
            did = to;
    }
    bool at_end() const override
    {
        return did > last;
    }
    Xapian::docid get_docid() const override
    {
        return did;
    }
    double get_weight() const override
    {
        return JX_TIE_WEIGHT * (1.0 - double(did) / (double(last) + 1.0));
    }
    TieBreaker *clone() const override
    {
        return new TieBreaker;
    }
};

jx_status Jx_query_break_ties(const jx_query *q, jx_query **out, jx_error *err)
{
    JX_NEED(err, "Jx_query_break_ties", out);
    *out = NULL;
    JX_NEED(err, "Jx_query_break_ties", q);
    try {
        Xapian::Query ties((new TieBreaker)->release());
        *out = new_query(
            Xapian::Query(Xapian::Query::OP_AND_MAYBE, q->q, ties), q->walk);
        (*out)->tied = true;
        (*out)->untied = q->tied ? q->untied : q->q;
        return JX_OK;
    }
    JX_CATCH(err, "Jx_query_break_ties", NULL)
}

/* Xapian's description of q, malloc'd; NULL for NULL or out of memory. */
char *Jx_query_describe(const jx_query *q)
{
    if (!q)
        return NULL;
    try {
        return strdup(q->q.get_description().c_str());
    } catch (...) {
        return NULL;
    }
}

/* Frees q; NULL is fine. */
void Jx_query_destroy(jx_query *q)
{
    delete q;
}

/* ---- Searching -------------------------------------------------------- */

/* Creates an enquire over db's database. */
jx_status Jx_enquire_new(jx_db *db, jx_enquire **out, jx_error *err)
{
    JX_NEED(err, "Jx_enquire_new", out);
    *out = NULL;
    JX_NEED(err, "Jx_enquire_new", db);
    try {
        *out = new jx_enquire(*db->d);
        (*out)->remote = db->remote;
        return JX_OK;
    }
    JX_CATCH(err, "Jx_enquire_new", NULL)
}

/* Frees the enquire, then its decider and counters; NULL is fine. */
void Jx_enquire_destroy(jx_enquire *enq)
{
    delete enq;
}

/* Sets the query (Xapian keeps its own copy). */
jx_status Jx_enquire_set_query(jx_enquire *enq, const jx_query *q,
                               jx_error *err)
{
    JX_NEED(err, "Jx_enquire_set_query", enq && q);
    try {
        /* a server cannot run the tie breaker: the weights stay Xapian's
         * own and equal weights come in document order (docs/shards.md) */
        enq->enq.set_query(enq->remote && q->tied ? q->untied : q->q);
        return JX_OK;
    }
    JX_CATCH(err, "Jx_enquire_set_query", NULL)
}

/* Ranks with BM25 (Xapian validates the parameters). */
jx_status Jx_enquire_set_bm25(jx_enquire *enq, double k1, double k2, double k3,
                              double b, double min_normlen, jx_error *err)
{
    JX_NEED(err, "Jx_enquire_set_bm25", enq);
    try {
        enq->enq.set_weighting_scheme(
            Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
        return JX_OK;
    }
    JX_CATCH(err, "Jx_enquire_set_bm25", NULL)
}

/* Collapses on slot keeping max per value; max 0 turns it off. */
jx_status Jx_enquire_set_collapse(jx_enquire *enq, unsigned slot, unsigned max,
                                  jx_error *err)
{
    JX_NEED(err, "Jx_enquire_set_collapse", enq);
    try {
        enq->collapse_slot = max ? slot : Xapian::BAD_VALUENO;
        enq->collapse_max = max;
        if (enq->remote) /* done here, after the decider: jx_shards_mset */
            return JX_OK;
        if (max == 0)
            enq->enq.set_collapse_key(Xapian::BAD_VALUENO);
        else
            enq->enq.set_collapse_key(slot, max);
        return JX_OK;
    }
    JX_CATCH(err, "Jx_enquire_set_collapse", NULL)
}

/* Orders by relevance. */
jx_status Jx_enquire_sort_by_relevance(jx_enquire *enq, jx_error *err)
{
    JX_NEED(err, "Jx_enquire_sort_by_relevance", enq);
    try {
        enq->sort_slot = Xapian::BAD_VALUENO;
        enq->enq.set_sort_by_relevance();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_enquire_sort_by_relevance", NULL)
}

/* Orders by value slot, then relevance. */
jx_status Jx_enquire_sort_by_value(jx_enquire *enq, unsigned slot,
                                   int descending, jx_error *err)
{
    JX_NEED(err, "Jx_enquire_sort_by_value", enq);
    try {
        enq->sort_slot = slot; /* remote: sorted in jx_shards_mset */
        enq->sort_descending = descending != 0;
        enq->enq.set_sort_by_value_then_relevance(slot, descending != 0);
        return JX_OK;
    }
    JX_CATCH(err, "Jx_enquire_sort_by_value", NULL)
}

/* Installs (or, with fn NULL, removes) the decider used by get_mset. */
jx_status Jx_enquire_set_decider(jx_enquire *enq, jx_decider_fn fn, void *ctx,
                                 jx_error *err)
{
    JX_NEED(err, "Jx_enquire_set_decider", enq);
    enq->decider.fn = fn;
    enq->decider.ctx = ctx;
    enq->has_decider = fn != NULL;
    return JX_OK;
}

/* Notes the slots the decider reads (remote shards send only those). */
jx_status Jx_enquire_decider_slots(jx_enquire *enq, unsigned mask,
                                   jx_error *err)
{
    JX_NEED(err, "Jx_enquire_decider_slots", enq);
    enq->decider_slots = mask;
    return JX_OK;
}

/* Registers a new value counter as a match spy; enq owns it. */
jx_status Jx_enquire_count_values(jx_enquire *enq, unsigned slot,
                                  unsigned distinct_slot,
                                  jx_value_counts **out, jx_error *err)
{
    JX_NEED(err, "Jx_enquire_count_values", out);
    *out = NULL;
    JX_NEED(err, "Jx_enquire_count_values", enq);
    try {
        std::unique_ptr<jx_value_counts> vc(
            new jx_value_counts(slot, distinct_slot));
        enq->counters.reserve(enq->counters.size() + 1);
        if (!enq->remote) /* remote: fed by jx_shards_mset */
            enq->enq.add_matchspy(vc.get());
        enq->counters.push_back(std::move(vc));
        *out = enq->counters.back().get();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_enquire_count_values", NULL)
}

/* The match over a database with remote shards, whose servers run
 * neither jixiao's decider nor its spies: the servers rank every
 * candidate (one request each, no decider, spies or collapse), then the
 * documents come back in batches (requests sent together, answers read
 * after: one round trip a batch per server), and the decider, the spies
 * and the collapse run here, in rank order, as Xapian runs them on a
 * local database. Every candidate is looked at: the counts are exact
 * whatever check_at_least says. The figures are in docs/design.md. */
/* The value slots a passage document uses (jx_schema.h). */
#define JX_REMOTE_SLOTS 9

/* A candidate the servers returned, with its values. */
struct jx_candidate {
    Xapian::docid did;
    double weight;
    std::string v[JX_REMOTE_SLOTS];
};

static void shards_mset(jx_enquire *enq, unsigned first, unsigned max,
                        jx_mset &out)
{
    out.local = true;
    Xapian::doccount total = enq->whole.get_doccount();
    if (!total)
        return;
    /* The documents of a passage database without termlists cannot be
     * fetched from a server (glass lists a document's values in its
     * termlist), and a server takes no KeyMaker; but each result of a
     * match carries its sort value and its collapse value. So the
     * first round ranks every candidate (equal weights in document
     * order, as on a local database) and brings one slot as its
     * collapse value; each further round brings two more, as its sort
     * and collapse values. Only the slots something reads are asked
     * for: the decider's (Jx_enquire_decider_slots), the spies', the
     * collapse's and the sort's, and the text and report tag a page
     * shows: typically those two, two rounds. */
    /* a page's passages are shown: their report tag and text */
    unsigned need = (1u << 0) | (1u << 8);
    if (enq->has_decider)
        need |= enq->decider_slots;
    for (size_t i = 0; i < enq->counters.size(); i++)
        need |= (1u << enq->counters[i]->slot) |
                (1u << enq->counters[i]->distinct_slot);
    if (enq->collapse_slot < JX_REMOTE_SLOTS)
        need |= 1u << enq->collapse_slot;
    if (enq->sort_slot < JX_REMOTE_SLOTS)
        need |= 1u << enq->sort_slot;
    std::vector<unsigned> slots;
    for (unsigned s = JX_REMOTE_SLOTS; s-- > 0;) /* the text first */
        if (need & (1u << s))
            slots.push_back(s);
    std::vector<jx_candidate> cands;
    std::unordered_map<Xapian::docid, size_t> at;
    size_t next = 0;
    for (size_t r = 0; r == 0 || next < slots.size(); r++) {
        unsigned sort = Xapian::BAD_VALUENO, collapse = Xapian::BAD_VALUENO;
        if (r > 0 && next < slots.size())
            sort = slots[next++];
        if (next < slots.size())
            collapse = slots[next++];
        if (r == 0)
            enq->enq.set_sort_by_relevance();
        else
            enq->enq.set_sort_by_value(sort, false);
        if (collapse != Xapian::BAD_VALUENO)
            enq->enq.set_collapse_key(collapse, total);
        else
            enq->enq.set_collapse_key(Xapian::BAD_VALUENO);
        Xapian::MSet all = enq->enq.get_mset(0, total, total);
        if (r == 0)
            cands.reserve(all.size());
        for (Xapian::MSetIterator it = all.begin(); it != all.end(); ++it) {
            jx_candidate *c;
            if (r == 0) {
                cands.emplace_back();
                c = &cands.back();
                c->did = *it;
                c->weight = it.get_weight();
                at[*it] = cands.size() - 1;
            } else {
                auto f = at.find(*it);
                if (f == at.end())
                    continue; /* cannot happen: the same match */
                c = &cands[f->second];
            }
            if (sort != Xapian::BAD_VALUENO)
                c->v[sort] = it.get_sort_key();
            if (collapse != Xapian::BAD_VALUENO)
                c->v[collapse] = it.get_collapse_key();
        }
        if (r == 0 && cands.empty())
            break;
    }
    enq->enq.set_collapse_key(Xapian::BAD_VALUENO);
    if (enq->sort_slot < JX_REMOTE_SLOTS) { /* by value, then relevance */
        Xapian::valueno slot = enq->sort_slot;
        bool desc = enq->sort_descending;
        std::stable_sort(
            cands.begin(), cands.end(),
            [slot, desc](const jx_candidate &a, const jx_candidate &b) {
                return desc ? a.v[slot] > b.v[slot] : a.v[slot] < b.v[slot];
            });
    }
    std::unordered_map<std::string, std::pair<Xapian::doccount, size_t>> seen;
    Xapian::doccount kept = 0;
    for (const jx_candidate &c : cands) {
        Xapian::Document doc;
        for (unsigned s = 0; s < JX_REMOTE_SLOTS; s++)
            if (!c.v[s].empty())
                doc.add_value(s, c.v[s]);
        if (enq->has_decider && !enq->decider(doc))
            continue;
        for (size_t i = 0; i < enq->counters.size(); i++)
            (*enq->counters[i])(doc, c.weight);
        bool on_page = kept >= first && kept - first < max;
        if (enq->collapse_slot != Xapian::BAD_VALUENO) {
            auto &n = seen[doc.get_value(enq->collapse_slot)];
            if (n.first >= enq->collapse_max) { /* collapsed away */
                if (n.second)
                    out.hits[n.second - 1].collapsed++;
                continue;
            }
            n.first++;
            if (on_page)
                n.second = out.hits.size() + 1;
        }
        if (on_page)
            out.hits.push_back(jx_local_hit{c.did, c.weight, 0, doc});
        kept++;
    }
    out.matched = kept;
}

/* Runs the match; counters start from zero at each call. */
jx_status Jx_enquire_mset(jx_enquire *enq, unsigned first, unsigned max,
                          unsigned check_at_least, jx_mset **out,
                          jx_error *err)
{
    JX_NEED(err, "Jx_enquire_mset", out);
    *out = NULL;
    JX_NEED(err, "Jx_enquire_mset", enq);
    try {
        for (size_t i = 0; i < enq->counters.size(); i++)
            enq->counters[i]->reset();
        std::unique_ptr<jx_mset> ms(new jx_mset);
        if (enq->remote)
            shards_mset(enq, first, max, *ms);
        else
            ms->ms =
                enq->enq.get_mset(first, max, check_at_least, NULL,
                                  enq->has_decider ? &enq->decider : NULL);
        for (size_t i = 0; i < enq->counters.size(); i++)
            enq->counters[i]->index();
        *out = ms.release();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_enquire_mset", NULL)
}

/* Number of results in the page; 0 for NULL. */
unsigned Jx_mset_size(const jx_mset *ms)
{
    try {
        return !ms ? 0 : ms->local ? ms->hits.size() : ms->ms.size();
    } catch (...) {
        return 0;
    }
}

/* Stores Xapian's bounds and estimate of the match count (NULLs skipped). */
void Jx_mset_matches(const jx_mset *ms, unsigned long *lower,
                     unsigned long *estimated, unsigned long *upper)
{
    unsigned long l = 0, e = 0, u = 0;
    try {
        if (ms && ms->local) {
            l = e = u = ms->matched;
        } else if (ms) {
            l = ms->ms.get_matches_lower_bound();
            e = ms->ms.get_matches_estimated();
            u = ms->ms.get_matches_upper_bound();
        }
    } catch (...) {
        l = e = u = 0;
    }
    if (lower)
        *lower = l;
    if (estimated)
        *estimated = e;
    if (upper)
        *upper = u;
}

/* Id of result i; 0 when out of range. */
jx_docid Jx_mset_docid(const jx_mset *ms, unsigned i)
{
    try {
        if (ms && ms->local)
            return i < ms->hits.size() ? ms->hits[i].did : 0;
        if (!ms || i >= ms->ms.size())
            return 0;
        return *ms->ms[i];
    } catch (...) {
        return 0;
    }
}

/* Weight of result i; 0 when out of range. */
double Jx_mset_weight(const jx_mset *ms, unsigned i)
{
    try {
        if (ms && ms->local)
            return i < ms->hits.size() ? ms->hits[i].weight : 0.0;
        if (!ms || i >= ms->ms.size())
            return 0.0;
        return ms->ms[i].get_weight();
    } catch (...) {
        return 0.0;
    }
}

/* Number of documents collapsed into result i; 0 when out of range. */
unsigned long Jx_mset_collapse_count(const jx_mset *ms, unsigned i)
{
    try {
        if (ms && ms->local)
            return i < ms->hits.size() ? ms->hits[i].collapsed : 0;
        if (!ms || i >= ms->ms.size())
            return 0;
        return ms->ms[i].get_collapse_count();
    } catch (...) {
        return 0;
    }
}

/* Reads result i's document into a new handle. */
jx_status Jx_mset_document(jx_mset *ms, unsigned i, jx_doc **out,
                           jx_error *err)
{
    JX_NEED(err, "Jx_mset_document", out);
    *out = NULL;
    JX_NEED(err, "Jx_mset_document", ms);
    try {
        size_t size = ms->local ? ms->hits.size() : ms->ms.size();
        if (i >= size)
            return Jx_error_set(err, JX_ERR_ARG,
                                "Jx_mset_document: result %u of %u", i,
                                (unsigned)size);
        std::unique_ptr<jx_doc> doc(new jx_doc);
        doc->doc = ms->local ? ms->hits[i].doc : ms->ms[i].get_document();
        doc->from_db = true;
        *out = doc.release();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_mset_document", NULL)
}

/* Frees a page; NULL is fine. */
void Jx_mset_destroy(jx_mset *ms)
{
    delete ms;
}

/* Number of distinct values counted; 0 for NULL. */
size_t Jx_value_counts_size(const jx_value_counts *vc)
{
    return vc ? vc->flat.size() : 0;
}

/* Entry i in byte order of values; zeros and "" when out of range. */
void Jx_value_counts_get(const jx_value_counts *vc, size_t i,
                         const char **value, size_t *len, unsigned long *docs,
                         unsigned long *distinct)
{
    const char *v = "";
    size_t l = 0;
    unsigned long d = 0, dd = 0;
    if (vc && i < vc->flat.size()) {
        const jx_value_counts::table::value_type *e = vc->flat[i];
        v = e->first.data();
        l = e->first.size();
        d = e->second.docs;
        dd = vc->distinct_of(e->second);
    }
    if (value)
        *value = v;
    if (len)
        *len = l;
    if (docs)
        *docs = d;
    if (distinct)
        *distinct = dd;
}

/* ---- Walking postings, columns ------------------------------------------ */

/* A column is built for the whole database when a count looks at more
 * than 1/JX_COLUMN_SHARE of its documents (or was built before): below
 * that, reading the few documents' values costs less than walking the
 * whole value stream. */
#define JX_COLUMN_SHARE 8

namespace
{

const Xapian::docid WALK_END = 0xFFFFFFFFu;

/* A cursor over the documents a walk node matches, ascending. did is 0
 * before the first skip_to, WALK_END past the last. skip_to(to) moves to
 * the first match >= to (nothing when already there). */
class Cursor
{
  public:
    Xapian::docid did = 0;
    Xapian::doccount est = 0; /* at most this many matches (for ordering) */
    virtual ~Cursor()
    {
    }
    virtual void skip_to(Xapian::docid to) = 0;
};
typedef std::unique_ptr<Cursor> CursorPtr;

/* The postings of one term (or every document, for the term ""). */
class TermCursor : public Cursor
{
    Xapian::PostingIterator it, end;

  public:
    TermCursor(const Xapian::Database &db, const std::string &term)
        : it(db.postlist_begin(term)), end(db.postlist_end(term))
    {
        est = term.empty() ? db.get_doccount() : db.get_termfreq(term);
    }
    void skip_to(Xapian::docid to) override
    {
        if (to <= did)
            return;
        it.skip_to(to);
        did = it == end ? WALK_END : *it;
    }
};

/* The documents whose value in a slot lies in [lo, hi] bytewise. */
class RangeCursor : public Cursor
{
    Xapian::ValueIterator it, end;
    const WalkNode &w;

  public:
    RangeCursor(const Xapian::Database &db, const WalkNode &node)
        : it(db.valuestream_begin(node.slot)),
          end(db.valuestream_end(node.slot)), w(node)
    {
        est = db.get_value_freq(node.slot);
    }
    void skip_to(Xapian::docid to) override
    {
        if (to <= did)
            return;
        it.skip_to(to);
        while (it != end) {
            const std::string &v = *it;
            if ((!w.has_lo || v >= w.lo) && (!w.has_hi || v <= w.hi))
                break;
            ++it;
        }
        did = it == end ? WALK_END : it.get_docid();
    }
};

/* A set of documents held as a bitmap: a union of many postings lists,
 * each walked once from start to end, which costs a few nanoseconds a
 * posting where a merge of hundreds of lists costs a heap step each. */
class BitsCursor : public Cursor
{
    std::vector<uint64_t> bits;

  public:
    explicit BitsCursor(Xapian::docid last) : bits(last / 64 + 1, 0)
    {
    }
    void set(Xapian::docid d)
    {
        bits[d / 64] |= uint64_t(1) << (d % 64);
    }
    void count()
    {
        est = 0;
        for (uint64_t b : bits)
            est += __builtin_popcountll(b);
    }
    void skip_to(Xapian::docid to) override
    {
        if (to <= did)
            return;
        size_t i = to / 64;
        if (i >= bits.size()) {
            did = WALK_END;
            return;
        }
        uint64_t b = bits[i] & (~uint64_t(0) << (to % 64));
        while (!b && ++i < bits.size())
            b = bits[i];
        did = b ? Xapian::docid(i * 64 + __builtin_ctzll(b)) : WALK_END;
    }
};

/* Documents every kid matches (kids ordered rarest first). */
class AndCursor : public Cursor
{
    std::vector<CursorPtr> kids;

  public:
    explicit AndCursor(std::vector<CursorPtr> k) : kids(std::move(k))
    {
        std::sort(kids.begin(), kids.end(),
                  [](const CursorPtr &a, const CursorPtr &b) {
                      return a->est < b->est;
                  });
        est = kids.empty() ? 0 : kids[0]->est;
    }
    void skip_to(Xapian::docid to) override
    {
        if (to <= did)
            return;
        Xapian::docid target = to;
        for (size_t i = 0; i < kids.size();) {
            kids[i]->skip_to(target);
            if (kids[i]->did == WALK_END) {
                did = WALK_END;
                return;
            }
            if (kids[i]->did > target) {
                target = kids[i]->did;
                i = i == 0 ? 1 : 0; /* the others must reach it */
                continue;
            }
            i++;
        }
        did = target;
    }
};

/* Documents some kid matches (a few kids; many make a BitsCursor). */
class OrCursor : public Cursor
{
    std::vector<CursorPtr> kids;

  public:
    explicit OrCursor(std::vector<CursorPtr> k) : kids(std::move(k))
    {
        for (const CursorPtr &c : kids)
            est += c->est;
    }
    void skip_to(Xapian::docid to) override
    {
        if (to <= did)
            return;
        Xapian::docid best = WALK_END;
        for (CursorPtr &c : kids) {
            c->skip_to(to);
            best = std::min(best, c->did);
        }
        did = best;
    }
};

/* Documents the first matches and the second does not. */
class AndNotCursor : public Cursor
{
    CursorPtr pos, neg;

  public:
    AndNotCursor(CursorPtr p, CursorPtr n)
        : pos(std::move(p)), neg(std::move(n))
    {
        est = pos->est;
    }
    void skip_to(Xapian::docid to) override
    {
        if (to <= did)
            return;
        pos->skip_to(to);
        while (pos->did != WALK_END) {
            neg->skip_to(pos->did);
            if (neg->did != pos->did)
                break;
            pos->skip_to(pos->did + 1);
        }
        did = pos->did;
    }
};

/* Unions of more kids than this are made into a bitmap. */
const size_t WALK_MERGE_MAX = 4;

CursorPtr cursor_for(const WalkNode &w, const Xapian::Database &db,
                     Xapian::docid last);

/* Sets the bit of every document c matches. */
void fill_bits(Cursor &c, BitsCursor &bits)
{
    for (c.skip_to(1); c.did != WALK_END; c.skip_to(c.did + 1))
        bits.set(c.did);
}

/* A cursor for w, or NULL when w (or a part of it) is OPAQUE. */
CursorPtr cursor_for(const WalkNode &w, const Xapian::Database &db,
                     Xapian::docid last)
{
    std::vector<CursorPtr> kids;
    switch (w.kind) {
    case WalkNode::TERM:
        return CursorPtr(new TermCursor(db, w.lo));
    case WalkNode::ALL:
        return CursorPtr(new TermCursor(db, std::string()));
    case WalkNode::NOTHING:
        return CursorPtr(new BitsCursor(0));
    case WalkNode::RANGE:
        return CursorPtr(new RangeCursor(db, w));
    case WalkNode::PREFIX: {
        std::unique_ptr<BitsCursor> bits(new BitsCursor(last));
        for (Xapian::TermIterator t = db.allterms_begin(w.lo);
             t != db.allterms_end(w.lo); ++t)
            for (Xapian::PostingIterator p = db.postlist_begin(*t);
                 p != db.postlist_end(*t); ++p)
                bits->set(*p);
        bits->count();
        return CursorPtr(bits.release());
    }
    case WalkNode::AND:
    case WalkNode::OR:
    case WalkNode::AND_NOT:
        for (const WalkPtr &k : w.kids) {
            CursorPtr c = cursor_for(*k, db, last);
            if (!c)
                return CursorPtr();
            kids.push_back(std::move(c));
        }
        if (kids.empty())
            return CursorPtr(new BitsCursor(0));
        if (w.kind == WalkNode::AND)
            return CursorPtr(new AndCursor(std::move(kids)));
        if (w.kind == WalkNode::AND_NOT)
            return CursorPtr(
                new AndNotCursor(std::move(kids[0]), std::move(kids[1])));
        if (kids.size() <= WALK_MERGE_MAX)
            return CursorPtr(new OrCursor(std::move(kids)));
        {
            std::unique_ptr<BitsCursor> bits(new BitsCursor(last));
            for (CursorPtr &c : kids)
                fill_bits(*c, *bits);
            bits->count();
            return CursorPtr(bits.release());
        }
    default:
        return CursorPtr();
    }
}

/* Copies ids into a malloc'd array for C. */
jx_docid *copy_ids(const std::vector<Xapian::docid> &ids)
{
    if (ids.empty())
        return NULL;
    jx_docid *out = (jx_docid *)malloc(ids.size() * sizeof *out);
    if (!out)
        throw std::bad_alloc();
    std::copy(ids.begin(), ids.end(), out);
    return out;
}

/* The key columns are valid under: the database's identity. */
std::string columns_key(const Xapian::Database &d)
{
    return d.get_uuid() + "/" + std::to_string(d.get_lastdocid()) + "/" +
           std::to_string(d.get_doccount());
}

/* Ranks the values of a table in byte order: names gets them (after ""),
 * and remap[old] the new rank of what was numbered old. */
void rank_values(const std::unordered_map<std::string, unsigned> &seen,
                 std::vector<std::string> &names, std::vector<unsigned> &remap)
{
    std::vector<std::pair<std::string, unsigned>> v(seen.begin(), seen.end());
    std::sort(v.begin(), v.end());
    names.assign(1, std::string());
    remap.assign(seen.size() + 1, 0);
    for (const auto &e : v) {
        remap[e.second] = names.size();
        names.push_back(e.first);
    }
}

/* Builds the column of slot over every document of d. */
std::shared_ptr<const jx_column> build_column(const Xapian::Database &d,
                                              unsigned slot)
{
    std::shared_ptr<jx_column> c = std::make_shared<jx_column>();
    c->ord.assign(size_t(d.get_lastdocid()) + 1, 0);
    std::unordered_map<std::string, unsigned> seen;
    for (Xapian::ValueIterator it = d.valuestream_begin(slot);
         it != d.valuestream_end(slot); ++it) {
        Xapian::docid did = it.get_docid();
        if (did >= c->ord.size())
            continue;
        auto at = seen.emplace(*it, seen.size() + 1);
        c->ord[did] = at.first->second;
    }
    std::vector<unsigned> remap;
    rank_values(seen, c->names, remap);
    for (unsigned &o : c->ord)
        o = remap[o];
    return c;
}

} // namespace

/* Walks q's postings directly when its walk tree allows, else runs
 * Xapian's matcher without weights; both in document order. */
jx_status Jx_db_match_ids(jx_db *db, const jx_query *q, jx_decider_fn decide,
                          void *ctx, jx_docid **ids, size_t *n, jx_error *err)
{
    JX_NEED(err, "Jx_db_match_ids", ids && n);
    *ids = NULL;
    *n = 0;
    JX_NEED(err, "Jx_db_match_ids", db && q);
    try {
        const Xapian::Database &d = *db->d;
        JxDecider decider;
        decider.fn = decide;
        decider.ctx = ctx;
        CursorPtr c = cursor_for(*q->walk, d, d.get_lastdocid());
        std::vector<Xapian::docid> found;
        if (c) {
            for (c->skip_to(1); c->did != WALK_END; c->skip_to(c->did + 1))
                if (!decide ||
                    decider(d.get_document(c->did, Xapian::DOC_ASSUME_VALID)))
                    found.push_back(c->did);
        } else /* the caller counts another way */
            return Jx_error_set(err, JX_ERR_ARG,
                                "Jx_db_match_ids: the query cannot be walked");
        *ids = copy_ids(found);
        *n = found.size();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_db_match_ids", NULL)
}

/* True when no part of q's walk tree is OPAQUE. */
static bool walkable(const WalkNode &w)
{
    if (w.kind == WalkNode::OPAQUE)
        return false;
    for (const WalkPtr &k : w.kids)
        if (!walkable(*k))
            return false;
    return true;
}

int Jx_query_walkable(const jx_query *q)
{
    return q && walkable(*q->walk);
}

/* A column shared with the db's cache, or made for the ids alone. */
jx_status Jx_db_value_ords(jx_db *db, unsigned slot, const jx_docid *ids,
                           size_t n, unsigned *ords, jx_column **names,
                           jx_error *err)
{
    JX_NEED(err, "Jx_db_value_ords", names);
    *names = NULL;
    JX_NEED(err, "Jx_db_value_ords", db && (ids || !n) && (ords || !n));
    try {
        const Xapian::Database &d = *db->d;
        std::string key = columns_key(d);
        if (key != db->columns_key) {
            db->columns.clear();
            db->columns_key = key;
        }
        auto at = db->columns.find(slot);
        std::shared_ptr<const jx_column> col;
        if (at != db->columns.end())
            col = at->second;
        else if (n >= d.get_doccount() / JX_COLUMN_SHARE)
            col = db->columns[slot] = build_column(d, slot);
        std::unique_ptr<jx_column> out(new jx_column);
        if (col) {
            out->names = col->names;
            for (size_t i = 0; i < n; i++)
                ords[i] = ids[i] < col->ord.size() ? col->ord[ids[i]] : 0;
        } else { /* a few documents: read their values */
            std::unordered_map<std::string, unsigned> seen;
            for (size_t i = 0; i < n; i++) {
                std::string v = d.get_document(ids[i]).get_value(slot);
                ords[i] = v.empty()
                              ? 0
                              : seen.emplace(v, seen.size() + 1).first->second;
            }
            std::vector<unsigned> remap;
            rank_values(seen, out->names, remap);
            for (size_t i = 0; i < n; i++)
                ords[i] = remap[ords[i]];
        }
        *names = out.release();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_db_value_ords", NULL)
}

/* Number of values of a column, "" included; 0 for NULL. */
size_t Jx_column_size(const jx_column *c)
{
    return c ? c->names.size() : 0;
}

/* Value i of a column ("" when out of range). */
const char *Jx_column_value(const jx_column *c, size_t i, size_t *len)
{
    static const char empty[] = "";
    if (!c || i >= c->names.size()) {
        *len = 0;
        return empty;
    }
    *len = c->names[i].size();
    return c->names[i].data();
}

/* Frees a column; NULL is fine. */
void Jx_column_free(jx_column *c)
{
    delete c;
}

/* Value counts made from per-value figures (entries with docs > 0). */
jx_status Jx_value_counts_from(const jx_column *names,
                               const unsigned long *docs,
                               const unsigned long *distinct,
                               jx_value_counts **out, jx_error *err)
{
    JX_NEED(err, "Jx_value_counts_from", out);
    *out = NULL;
    JX_NEED(err, "Jx_value_counts_from", names && docs && distinct);
    try {
        std::unique_ptr<jx_value_counts> vc(new jx_value_counts(0, 1));
        for (size_t i = 0; i < names->names.size(); i++) {
            if (!docs[i])
                continue;
            jx_value_counts::entry &e = vc->counts[names->names[i]];
            e.docs = docs[i];
            e.fixed = true;
            e.n_distinct = distinct[i];
        }
        vc->index();
        *out = vc.release();
        return JX_OK;
    }
    JX_CATCH(err, "Jx_value_counts_from", NULL)
}

/* Frees value counts made by Jx_value_counts_from; NULL is fine. */
void Jx_value_counts_free(jx_value_counts *vc)
{
    delete vc;
}
