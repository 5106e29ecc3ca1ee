/* lucene_cjk.cpp: the benchmark's Lucene++ peer. Indexes each passage
 * (non-blank line) of every report as a Lucene document analysed by the
 * contrib CJKAnalyzer (overlapping Han bigrams, with positions), the
 * report's number in a stored, untokenised field; searches through
 * QueryParser with the same analyzer, each word of the query quoted (a
 * phrase), words joined by AND.
 *
 * Usage: lucene_cjk index DIR ROOT LIST
 *        lucene_cjk search DIR ROOT LIST QUERIES PREFIX [MAX_PER_CLASS]
 * Outputs as xapian_ngram.cc. */
#include <lucene++/LuceneHeaders.h>
#include <lucene++/CJKAnalyzer.h>
#include <lucene++/FieldCache.h>
#include <lucene++/MiscUtils.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "bench_util.h"

using namespace Lucene;

/* Converts UTF-8 bytes to Lucene's wide string. */
static String wide(const char *s, size_t n)
{
    return StringUtils::toUnicode((const uint8_t *)s, (int32_t)n);
}

/* Indexes every report of the list into a new index in dir. */
static int do_index(const char *dir, const char *root, const char *list)
{
    size_t nfiles;
    char **files = bu_read_list(list, &nfiles);
    IndexWriterPtr w = newLucene<IndexWriter>(FSDirectory::open(wide(dir, strlen(dir))),
                                              newLucene<CJKAnalyzer>(LuceneVersion::LUCENE_CURRENT), true,
                                              IndexWriter::MaxFieldLengthUNLIMITED);
    unsigned long passages = 0;
    DocumentPtr doc = newLucene<Document>();
    /* Stored, as an engine that shows the passages it finds must (and as
     * the reference, about 1.9x the text, was measured). */
    FieldPtr text = newLucene<Field>(L"text", L"", Field::STORE_YES, Field::INDEX_ANALYZED);
    FieldPtr rid = newLucene<Field>(L"rid", L"", Field::STORE_YES, Field::INDEX_NOT_ANALYZED_NO_NORMS);
    doc->add(text);
    doc->add(rid);
    for (size_t f = 0; f < nfiles; f++) {
        size_t len, pos = 0, plen;
        const char *p;
        char *buf = bu_read_file(root, files[f], &len);
        rid->setValue(StringUtils::toString((int32_t)f));
        while (bu_next_passage(buf, len, &pos, &p, &plen)) {
            text->setValue(wide(p, plen));
            w->addDocument(doc);
            passages++;
        }
        free(buf);
    }
    w->close();
    printf("passages %lu\n", passages);
    return 0;
}

/* Collects the report number of every matching passage, per segment
 * through the field cache. */
class RidCollector : public Collector {
public:
    std::set<int32_t> reports;
    long hits = 0;
    Collection<int32_t> rids;
    int32_t base = 0;

    /* Scores are not needed. */
    virtual void setScorer(const ScorerPtr &) {}
    /* Records the report of one matching passage. */
    virtual void collect(int32_t doc)
    {
        reports.insert(rids[doc]);
        hits++;
    }
    /* Loads the report numbers of the next segment. */
    virtual void setNextReader(const IndexReaderPtr &reader, int32_t docBase)
    {
        rids = FieldCache::DEFAULT()->getInts(reader, L"rid");
        base = docBase;
    }
    /* Order does not matter to a set. */
    virtual bool acceptsDocsOutOfOrder() { return true; }
};

/* Runs every wanted query twice (ten best passages; every matching
 * report) and writes the results and the time each took. */
static int do_search(const char *dir, const char *list, const char *queries, const char *prefix,
                     size_t max_per_class)
{
    size_t nfiles, nq;
    char **files = bu_read_list(list, &nfiles);
    bu_query *qs = bu_read_queries(queries, &nq);
    IndexReaderPtr reader = IndexReader::open(FSDirectory::open(wide(dir, strlen(dir))), true);
    SearcherPtr searcher = newLucene<IndexSearcher>(reader);
    AnalyzerPtr an = newLucene<CJKAnalyzer>(LuceneVersion::LUCENE_CURRENT);
    QueryParserPtr qp = newLucene<QueryParser>(LuceneVersion::LUCENE_CURRENT, L"text", an);
    qp->setDefaultOperator(QueryParser::AND_OPERATOR);
    bu_out o;
    bu_out_open(&o, prefix);
    for (size_t i = 0; i < nq; i++) {
        if (!bu_wanted(qs, i, max_per_class)) continue;
        const bu_query &q = qs[i];
        std::string s;
        for (int k = 0; k < q.nwords; k++) s += std::string(k ? " \"" : "\"") + q.words[k] + "\"";
        String qs_w = wide(s.data(), s.size());
        /* top 10 */
        double t0 = bu_now();
        QueryPtr query = qp->parse(qs_w);
        TopDocsPtr top = searcher->search(query, 10);
        std::set<int32_t> reps;
        for (int32_t k = 0; k < top->scoreDocs.size(); k++)
            reps.insert(StringUtils::toInt(searcher->doc(top->scoreDocs[k]->doc)->get(L"rid")));
        double t1 = bu_now();
        for (int32_t r : reps) fprintf(o.top10, "%s\t%s\n", q.id, files[r]);
        fprintf(o.lat, "%s\ttop10\t%.6f\t%d\n", q.id, t1 - t0, (int)top->scoreDocs.size());
        /* count all */
        t0 = bu_now();
        query = qp->parse(qs_w);
        boost::shared_ptr<RidCollector> c(new RidCollector());
        searcher->search(query, c);
        t1 = bu_now();
        for (int32_t r : c->reports) fprintf(o.count, "%s\t%s\n", q.id, files[r]);
        fprintf(o.lat, "%s\tcount\t%.6f\t%zu\n", q.id, t1 - t0, c->reports.size());
    }
    bu_out_close(&o);
    return 0;
}

/* Dispatches on the first argument. */
int main(int argc, char **argv)
{
    try {
        if (argc == 5 && std::string(argv[1]) == "index") return do_index(argv[2], argv[3], argv[4]);
        if ((argc == 7 || argc == 8) && std::string(argv[1]) == "search")
            return do_search(argv[2], argv[4], argv[5], argv[6], argc == 8 ? strtoul(argv[7], NULL, 10) : 0);
    } catch (LuceneException &e) {
        fprintf(stderr, "lucene_cjk: %ls\n", e.getError().c_str());
        return 1;
    }
    fprintf(stderr, "usage: lucene_cjk index DIR ROOT LIST | search DIR ROOT LIST QUERIES PREFIX [MAX]\n");
    return 2;
}
