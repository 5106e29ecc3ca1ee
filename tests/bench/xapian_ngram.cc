/* xapian_ngram.cc: the benchmark's "Xapian's own n-grams" peer. Indexes
 * each passage (non-blank line) of every report as a Xapian document,
 * with TermGenerator's FLAG_CJK_NGRAM (Han unigrams and bigrams) and
 * positions, the report's number in value slot 0; searches with
 * QueryParser's FLAG_CJK_NGRAM, each word of the query as a quoted
 * phrase, words joined by AND.
 *
 * Usage: xapian_ngram index DB ROOT LIST [SHARDS]
 *        xapian_ngram search DB ROOT LIST QUERIES PREFIX [MAX_PER_CLASS]
 * index prints "passages N"; with SHARDS > 1 it runs that many writer
 * processes at once, each indexing every SHARDS-th report into DB.0,
 * DB.1, ... (to be merged with xapian-compact), because one writer takes
 * too long for the benchmark's budget at 200 MB. search writes PREFIX.top10 (the reports of
 * the ten best passages), PREFIX.count (every report with a match) and
 * PREFIX.lat (see bench_util.h). */
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"

/* Indexes report number shard, shard + nshards, ... of the list into a
 * new database at db; returns the number of passages. */
static unsigned long index_part(const char *db, const char *root, char **files, size_t nfiles, size_t shard,
                                size_t nshards)
{
    /* Xapian's default batch (XAPIAN_FLUSH_THRESHOLD 10000 documents) was
     * the fastest here: 16 s of CPU for 20 MB, against 24 s at 30000 and
     * 30 s at 100000 */
    Xapian::WritableDatabase wdb(db, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    unsigned long passages = 0;
    for (size_t f = shard; f < nfiles; f += nshards) {
        size_t len, pos = 0, plen;
        const char *p;
        char *text = bu_read_file(root, files[f], &len);
        std::string rid = std::to_string(f);
        while (bu_next_passage(text, len, &pos, &p, &plen)) {
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(std::string(p, plen));
            doc.set_data(std::string(p, plen)); /* shown with results */
            doc.add_value(0, rid);
            wdb.add_document(doc);
            passages++;
        }
        free(text);
    }
    wdb.commit();
    return passages;
}

/* Indexes every report of the list into db, or into nshards databases
 * db.0, db.1, ... written by as many processes at once. */
static int do_index(const char *db, const char *root, const char *list, size_t nshards)
{
    size_t nfiles;
    char **files = bu_read_list(list, &nfiles);
    if (nshards <= 1) {
        printf("passages %lu\n", index_part(db, root, files, nfiles, 0, 1));
        return 0;
    }
    std::vector<pid_t> kids;
    for (size_t k = 0; k < nshards; k++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) bu_die("fork");
        if (pid == 0) {
            std::string path = std::string(db) + "." + std::to_string(k);
            try {
                printf("passages %lu\n", index_part(path.c_str(), root, files, nfiles, k, nshards));
            } catch (const Xapian::Error &e) {
                fprintf(stderr, "xapian_ngram: %s\n", e.get_description().c_str());
                _exit(1);
            }
            fflush(stdout);
            _exit(0);
        }
        kids.push_back(pid);
    }
    int failed = 0;
    for (pid_t pid : kids) {
        int st;
        waitpid(pid, &st, 0);
        failed |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
    }
    return failed;
}

/* Builds the query: each word a quoted phrase, the words ANDed. */
static Xapian::Query parse(Xapian::QueryParser &qp, const bu_query &q)
{
    std::string s;
    for (int w = 0; w < q.nwords; w++) {
        if (w) s += ' ';
        s += '"';
        s += q.words[w];
        s += '"';
    }
    return qp.parse_query(s, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
                                 Xapian::QueryParser::FLAG_CJK_NGRAM);
}

/* Runs every wanted query twice (ten best passages; every matching
 * report) and writes the results and the time each took. */
static int do_search(const char *db, const char *list, const char *queries, const char *prefix,
                     size_t max_per_class)
{
    size_t nfiles, nq;
    char **files = bu_read_list(list, &nfiles);
    bu_query *qs = bu_read_queries(queries, &nq);
    Xapian::Database xdb(db);
    Xapian::QueryParser qp;
    qp.set_database(xdb);
    qp.set_default_op(Xapian::Query::OP_AND);
    Xapian::doccount all = xdb.get_doccount();
    bu_out o;
    bu_out_open(&o, prefix);
    for (size_t i = 0; i < nq; i++) {
        if (!bu_wanted(qs, i, max_per_class)) continue;
        const bu_query &q = qs[i];
        /* top 10 */
        double t0 = bu_now();
        Xapian::Enquire enq(xdb);
        enq.set_query(parse(qp, q));
        Xapian::MSet top = enq.get_mset(0, 10);
        std::set<long> reps;
        size_t shown = 0; /* the text of each result, as a user sees it */
        for (Xapian::MSetIterator m = top.begin(); m != top.end(); ++m) {
            Xapian::Document d = m.get_document();
            reps.insert(atol(d.get_value(0).c_str()));
            shown += d.get_data().size();
        }
        double t1 = bu_now();
        if (!shown && top.size()) fprintf(stderr, "xapian_ngram: no text stored\n");
        for (long r : reps) fprintf(o.top10, "%s\t%s\n", q.id, files[r]);
        fprintf(o.lat, "%s\ttop10\t%.6f\t%u\n", q.id, t1 - t0, top.size());
        /* count all: every match seen by a spy on the report slot */
        t0 = bu_now();
        Xapian::Enquire cenq(xdb);
        cenq.set_query(parse(qp, q));
        cenq.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::ValueCountMatchSpy spy(0);
        cenq.add_matchspy(&spy);
        Xapian::MSet cm = cenq.get_mset(0, 0, all);
        size_t nrep = 0;
        std::string out;
        for (Xapian::TermIterator v = spy.values_begin(); v != spy.values_end(); ++v) {
            out += q.id;
            out += '\t';
            out += files[atol((*v).c_str())];
            out += '\n';
            nrep++;
        }
        t1 = bu_now();
        fputs(out.c_str(), o.count);
        fprintf(o.lat, "%s\tcount\t%.6f\t%zu\n", q.id, t1 - t0, nrep);
        (void)cm;
    }
    bu_out_close(&o);
    return 0;
}

/* Dispatches on the first argument. */
int main(int argc, char **argv)
{
    try {
        if ((argc == 5 || argc == 6) && std::string(argv[1]) == "index")
            return do_index(argv[2], argv[3], argv[4], argc == 6 ? strtoul(argv[5], NULL, 10) : 1);
        if ((argc == 7 || argc == 8) && std::string(argv[1]) == "search")
            return do_search(argv[2], argv[4], argv[5], argv[6], argc == 8 ? strtoul(argv[7], NULL, 10) : 0);
    } catch (const Xapian::Error &e) {
        fprintf(stderr, "xapian_ngram: %s\n", e.get_description().c_str());
        return 1;
    }
    fprintf(stderr, "usage: xapian_ngram index DB ROOT LIST [SHARDS] | search DB ROOT LIST QUERIES PREFIX [MAX]\n");
    return 2;
}
