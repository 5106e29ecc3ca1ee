/* jx_copies.h: one report, many copies. The same report is often
 * published several times: as .docx and as .pdf, as a web page with the
 * site's navigation around it, as .txt. Files with the same bytes are one
 * report already (their key is a hash of the bytes); this finds the
 * others from their cleaned text, so that a copy is recorded as one more
 * path of the report it copies and counted once.
 *
 * The method (docs/design.md, "One report, many copies", has the
 * measurements behind it):
 *  - the text is normalised: only letters, digits, '.' and '%' are kept
 *    (white space, line breaks and punctuation, which conversions change,
 *    go; full-width digits and letters are folded, letters lower-cased);
 *  - candidates: a MinHash signature of the normalised text's character
 *    bigrams (JX_COPIES_HASHES values, by one permutation hashing), cut
 *    into JX_COPIES_BANDS bands of
 *    JX_COPIES_ROWS values; each band is a boolean term of the report
 *    document (JX_PREFIX_COPY_BAND), so a new report's candidates are the
 *    reports that share a band with it: a term lookup, with no file read;
 *  - the decision: a candidate is the same report when the two
 *    normalised texts are equal, or when one is a web page (format
 *    html) whose text holds the other's with more around it (the site's
 *    navigation before, its footer after), the other at least
 *    JX_COPIES_MIN_SHARE of it. Any other difference (a figure, a
 *    sentence, a paragraph changed, added or taken out) keeps the two
 *    reports apart;
 *  - the kept report is the one whose text holds the others' (so every
 *    string of every copy is found in it); among equal texts, the first
 *    indexed (jx_index.c). What the comparison needs of each report is
 *    kept in the database's metadata (JX_META_COPY_TEXT + key): a web
 *    page's normalised text, compressed (another report's text may be
 *    within it); any other report's normalised length and hash (another
 *    is the same only when equal, or when a web page holds it, which a
 *    rolling hash over the web page's text finds). */
#ifndef JX_COPIES_H
#define JX_COPIES_H

#include <stddef.h>
#include <stdint.h>

#include "jx_buf.h"
#include "jx_record.h"
#include "jx_schema.h"
#include "jx_status.h"
#include "jx_xapian.h"

#define JX_COPIES_HASHES 64
#define JX_COPIES_BANDS  16
#define JX_COPIES_ROWS   (JX_COPIES_HASHES / JX_COPIES_BANDS)
/* Texts with fewer normalised characters than this are never copies of
 * another (files with the same bytes still are one report). */
#define JX_COPIES_MIN_CHARS 50
/* The shorter text must be at least this share of the longer (in
 * normalised bytes): a paragraph quoted in another report is not a copy
 * of it. */
#define JX_COPIES_MIN_SHARE 0.5

typedef struct jx_copy_sig {
    uint32_t minhash[JX_COPIES_HASHES];
} jx_copy_sig;

/* Appends the normalised form of UTF-8 text to out (see above). */
jx_status Jx_copies_normalize(const char *text, size_t len, jx_buf *out);

/* The MinHash signature of normalised text (its character bigrams). */
void Jx_copies_signature(const char *norm, size_t len, jx_copy_sig *out);

/* The share of equal values of two signatures: an estimate of the
 * Jaccard similarity of the two texts' bigram sets. */
double Jx_copies_estimate(const jx_copy_sig *a, const jx_copy_sig *b);

/* True when normalised texts a and b are copies of one report: one is a
 * substring of the other and at least JX_COPIES_MIN_SHARE of it, and
 * the shorter holds at least JX_COPIES_MIN_CHARS characters. */
int Jx_copies_same(const char *a, size_t alen, const char *b, size_t blen);

/* Appends the band hashes of sig as hex (JX_COPIES_BANDS times 16
 * digits), as the report record keeps them. */
jx_status Jx_copies_bands_hex(const jx_copy_sig *sig, jx_buf *out);

/* Adds the band terms of a record's copy_bands (if any) to its report
 * document. */
jx_status Jx_copies_add_terms(jx_doc *doc, const jx_report_record *rec,
                              jx_error *err);

/* What Jx_copies_find found. */
enum {
    JX_COPY_NONE = 0,    /* no report is the same as the new text */
    JX_COPY_OF_IT = 1,   /* the new text is within the report's: a copy */
    JX_COPY_HOLDS_IT = 2 /* the new text holds the report's and more: the
                          * report becomes a copy of the new one */
};

/* Finds a report of db (a report database, as the indexer sees it) that
 * is the same as the normalised text norm of a report in format (see
 * the decision above; Jx_copies_same, and more only around a web
 * page's text): *found says
 * how (JX_COPY_*) and *key is its key. bands_hex is norm's own bands.
 * Reports are compared by their kept text; only those sharing a band
 * are read, and reports without a path (left by a changed file, gone at
 * the commit) are passed over. */
jx_status Jx_copies_find(jx_db *db, const char *bands_hex, const char *norm,
                         size_t len, const char *format, jx_key *key,
                         int *found, jx_error *err);

/* True when a report in format may hold another's text with more around
 * it and still be the same report: a web page ("html"). */
int Jx_copies_may_hold_more(const char *format);

/* Keeps what later reports are compared with of the normalised text of
 * the report with key, in format, in the metadata of wdb (see above). */
jx_status Jx_copies_keep_text(jx_wdb *wdb, const char *key, const char *norm,
                              size_t len, const char *format, jx_error *err);

/* Removes what Jx_copies_keep_text kept for key. */
jx_status Jx_copies_forget(jx_wdb *wdb, const char *key, jx_error *err);

/* The rank of a format as the text a report keeps, best first: docx,
 * text, html, pdf, others (what a promoted copy is chosen by: docx and
 * text hold the author's paragraphs, a web page may hold its site's
 * words, a PDF its layout's). */
int Jx_copies_format_rank(const char *format);

/* True when rec has paths but every one is a copy: the file whose text
 * the report was indexed from is gone, and a copy must take its place. */
int Jx_copies_orphaned(const jx_report_record *rec);

#endif
