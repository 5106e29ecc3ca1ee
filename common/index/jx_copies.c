/* jx_copies.c: finding the copies of a report (jx_copies.h): normalised
 * text, MinHash signatures and their band terms, the substring test,
 * and the normalised text kept in the database's metadata. */
#include "jx_copies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "jx_text.h"

/* True for the code points a normalised text keeps (after folding):
 * letters, digits, '.' and '%', and any character outside the ranges
 * of punctuation, symbols and spaces. */
static int kept_char(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
               cp == '.' || cp == '%';
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) /* Latin-1 punctuation */
        return 0;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || /* punctuation, arrows, boxes */
        (cp >= 0x3000 && cp <= 0x303F) || /* CJK punctuation */
        (cp >= 0xFE10 && cp <= 0xFE6F) || /* vertical and small forms */
        (cp >= 0xFF00 && cp <= 0xFFEF) || /* full-width punctuation */
        (cp >= 0xE000 && cp <= 0xF8FF) || /* private use (PDF bullets) */
        cp == 0xFEFF || cp == 0xFFFD)
        return 0;
    return 1;
}

/* Folds full-width digits and letters to ASCII, letters to lower case. */
static uint32_t fold(uint32_t cp)
{
    if (cp >= 0xFF10 && cp <= 0xFF19)
        cp = cp - 0xFF10 + '0';
    else if (cp >= 0xFF21 && cp <= 0xFF3A)
        cp = cp - 0xFF21 + 'a';
    else if (cp >= 0xFF41 && cp <= 0xFF5A)
        cp = cp - 0xFF41 + 'a';
    else if (cp == 0xFF0E)
        cp = '.';
    else if (cp == 0xFF05)
        cp = '%';
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    return cp;
}

/* Keeps the folded characters kept_char accepts. */
jx_status Jx_copies_normalize(const char *text, size_t len, jx_buf *out)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        i += Jx_utf8_decode(text + i, len - i, &cp);
        cp = fold(cp);
        if (!kept_char(cp))
            continue;
        char enc[4];
        size_t n = Jx_utf8_encode(cp, enc);
        if (Jx_buf_append(out, enc, n))
            return JX_ERR_NOMEM;
    }
    /* an empty text still gets a buffer, so out->data is a string */
    return out->data ? JX_OK : Jx_buf_append(out, "", 0);
}

/* A 64-bit mix (the finaliser of splitmix64). */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* One permutation hashing: each bigram is hashed once; the top 6 bits
 * pick one of JX_COPIES_HASHES buckets, which keeps the least of the
 * low 32 bits it is given (as many hash functions would, at a
 * sixty-fourth of the cost: 13.5 MB/s of text with 64 functions). A
 * bucket no bigram fell in (short texts) takes the value of the next
 * bucket that has one, mixed with the distance, the same way in every
 * text ("rotation" densification), so that equal texts still agree. */
void Jx_copies_signature(const char *norm, size_t len, jx_copy_sig *out)
{
    int filled[JX_COPIES_HASHES] = {0};
    for (int i = 0; i < JX_COPIES_HASHES; i++)
        out->minhash[i] = UINT32_MAX;
    uint32_t prev = 0;
    int have_prev = 0, any = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        i += Jx_utf8_decode(norm + i, len - i, &cp);
        if (have_prev) {
            uint64_t h = mix(((uint64_t)prev << 21) | cp);
            unsigned b = (unsigned)(h >> 58);
            uint32_t v = (uint32_t)h;
            if (v < out->minhash[b])
                out->minhash[b] = v;
            filled[b] = any = 1;
        }
        prev = cp;
        have_prev = 1;
    }
    for (int b = 0; any && b < JX_COPIES_HASHES; b++) {
        if (filled[b])
            continue;
        int d = 1;
        while (!filled[(b + d) % JX_COPIES_HASHES])
            d++;
        out->minhash[b] = (uint32_t)mix(
            out->minhash[(b + d) % JX_COPIES_HASHES] ^ ((uint64_t)d << 32));
    }
}

double Jx_copies_estimate(const jx_copy_sig *a, const jx_copy_sig *b)
{
    int same = 0;
    for (int i = 0; i < JX_COPIES_HASHES; i++)
        same += a->minhash[i] == b->minhash[i];
    return (double)same / JX_COPIES_HASHES;
}

/* Counts the characters of UTF-8 text (its lead bytes). */
static size_t char_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

int Jx_copies_same(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen > blen) { /* a: the shorter */
        const char *t = a;
        a = b, b = t;
        size_t tl = alen;
        alen = blen, blen = tl;
    }
    if (char_count(a, alen) < JX_COPIES_MIN_CHARS ||
        (double)alen < JX_COPIES_MIN_SHARE * (double)blen)
        return 0;
    return memmem(b, blen, a, alen) != NULL;
}

jx_status Jx_copies_bands_hex(const jx_copy_sig *sig, jx_buf *out)
{
    for (int band = 0; band < JX_COPIES_BANDS; band++) {
        uint64_t h = 0x84222325cbf29ce4ULL ^ (uint64_t)band;
        for (int r = 0; r < JX_COPIES_ROWS; r++)
            h = mix(h ^ sig->minhash[band * JX_COPIES_ROWS + r]);
        if (Jx_buf_printf(out, "%016llx", (unsigned long long)h))
            return JX_ERR_NOMEM;
    }
    return JX_OK;
}

/* Appends the term of band i of bands_hex (which holds every band). */
static jx_status band_term(const char *bands_hex, int i, jx_buf *term)
{
    return Jx_buf_printf(term, "%s%02x%.16s", JX_PREFIX_COPY_BAND, i,
                         bands_hex + 16 * i);
}

/* True when s is JX_COPIES_BANDS * 16 hex digits. */
static int valid_bands(const char *s)
{
    if (!s || strlen(s) != JX_COPIES_BANDS * 16)
        return 0;
    return strspn(s, "0123456789abcdef") == JX_COPIES_BANDS * 16;
}

jx_status Jx_copies_add_terms(jx_doc *doc, const jx_report_record *rec,
                              jx_error *err)
{
    if (!valid_bands(rec->copy_bands))
        return JX_OK;
    jx_buf term = {0};
    jx_status st = JX_OK;
    for (int i = 0; !st && i < JX_COPIES_BANDS; i++) {
        Jx_buf_reset(&term);
        st = band_term(rec->copy_bands, i, &term)
                 ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
                 : Jx_doc_add_boolean_term(doc, term.data, term.len, err);
    }
    Jx_buf_clear(&term);
    return st;
}

/* The polynomial hash of s[0..len) (base JX_ROLL_BASE, mod 2^64): the
 * fingerprint of a text, and what a rolling search looks for. */
#define JX_ROLL_BASE 0x100000001b3ULL
static uint64_t poly_hash(const char *s, size_t len)
{
    uint64_t h = 0;
    for (size_t i = 0; i < len; i++)
        h = h * JX_ROLL_BASE + (unsigned char)s[i];
    return h;
}

/* True when some window of s of wlen bytes, starting at a character,
 * has the polynomial hash want (Rabin-Karp). */
static int has_window(const char *s, size_t len, size_t wlen, uint64_t want)
{
    if (wlen > len)
        return 0;
    uint64_t top = 1; /* BASE^(wlen-1) */
    for (size_t i = 1; i < wlen; i++)
        top *= JX_ROLL_BASE;
    uint64_t h = poly_hash(s, wlen);
    for (size_t i = 0;; i++) {
        if (h == want && ((unsigned char)s[i] & 0xC0) != 0x80)
            return 1;
        if (i + wlen >= len)
            return 0;
        h = (h - (unsigned char)s[i] * top) * JX_ROLL_BASE +
            (unsigned char)s[i + wlen];
    }
}

/* What is kept of a report's normalised text: the text itself (a web
 * page, which may hold another report's text), or its length and hash
 * (any other report: another is the same only when equal, or when a web
 * page holds it). */
typedef struct kept {
    char *text; /* NULL: only len and hash are kept */
    size_t len;
    uint64_t hash;
    int known; /* 0: nothing is kept (an older version wrote it) */
} kept;

/* Reads what is kept for key (see Jx_copies_keep_text for the forms). */
static jx_status read_kept(jx_db *db, const char *key, kept *k, jx_error *err)
{
    jx_buf mkey = {0};
    char *packed = NULL;
    size_t plen = 0;
    memset(k, 0, sizeof *k);
    jx_status st =
        Jx_buf_printf(&mkey, "%s%s", JX_META_COPY_TEXT, key)
            ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
            : Jx_db_find_metadata(db, mkey.data, &packed, &plen, err);
    unsigned long long n = 0, h = 0;
    if (!st && plen && packed[0] == 'F') {
        if (sscanf(packed + 1, "%llu %llx", &n, &h) != 2)
            st = Jx_error_set(err, JX_ERR_DB_CORRUPT,
                              "the kept text of report %s is damaged", key);
        k->len = (size_t)n, k->hash = h, k->known = 1;
    } else if (!st && plen && packed[0] == 'Z') {
        n = ZSTD_getFrameContentSize(packed + 1, plen - 1);
        if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN ||
            n > (1ULL << 31))
            st = Jx_error_set(err, JX_ERR_DB_CORRUPT,
                              "the kept text of report %s is damaged", key);
        else if (!(k->text = malloc((size_t)n + 1)))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        else if (ZSTD_decompress(k->text, (size_t)n, packed + 1, plen - 1) !=
                 n)
            st = Jx_error_set(err, JX_ERR_DB_CORRUPT,
                              "the kept text of report %s is damaged", key);
        else {
            k->text[n] = '\0';
            k->len = (size_t)n;
            k->hash = poly_hash(k->text, k->len);
            k->known = 1;
        }
    }
    if (st) {
        free(k->text);
        memset(k, 0, sizeof *k);
    }
    free(packed);
    Jx_buf_clear(&mkey);
    return st;
}

/* What check_candidate needs: the new text, the database, the answer. */
typedef struct finder {
    jx_db *db;
    const char *norm;
    size_t len;
    uint64_t hash;      /* poly_hash of norm */
    const char *format; /* the new text's */
    jx_key *key;
    int *found;
    jx_error *err;
    jx_status st;
} finder;

/* True when the new text of f and the kept text of a report in format
 * are the same report (jx_copies.h): equal, or a web page holding the
 * other with more around it. */
static int same_as_kept(const finder *f, const kept *k, const char *format)
{
    size_t shorter = f->len < k->len ? f->len : k->len;
    size_t longer = f->len < k->len ? k->len : f->len;
    if (!k->known || (double)shorter < JX_COPIES_MIN_SHARE * (double)longer)
        return 0;
    if (f->len == k->len) /* the length of normalised text, a few bytes */
        return f->hash == k->hash &&
               (!k->text || memcmp(f->norm, k->text, f->len) == 0);
    if (f->len > k->len) /* the new text holds the report's */
        return Jx_copies_may_hold_more(f->format) &&
               has_window(f->norm, f->len, k->len, k->hash) &&
               (!k->text || Jx_copies_same(f->norm, f->len, k->text, k->len));
    return k->text && Jx_copies_may_hold_more(format) &&
           Jx_copies_same(f->norm, f->len, k->text, k->len);
}

/* Compares the report document docid with the new text; stops the
 * walk (non-zero) when it is the same report or on an error. Reports
 * without a path (a changed file's old version) are passed over. */
static int check_candidate(jx_docid id, void *ctx)
{
    finder *f = ctx;
    jx_doc *doc = NULL;
    const char *data;
    size_t dlen;
    jx_report_record rec = {0};
    kept k = {0};
    f->st = Jx_db_document(f->db, id, &doc, f->err);
    if (!f->st)
        f->st = Jx_doc_data(doc, &data, &dlen, f->err);
    if (!f->st)
        f->st = Jx_report_record_read(data, dlen, &rec, f->err);
    if (!f->st && rec.n_paths > 0)
        f->st = read_kept(f->db, rec.key.hex, &k, f->err);
    if (!f->st && rec.n_paths > 0 && same_as_kept(f, &k, rec.format)) {
        *f->key = rec.key;
        *f->found = f->len > k.len ? JX_COPY_HOLDS_IT : JX_COPY_OF_IT;
    }
    free(k.text);
    Jx_report_record_clear(&rec);
    Jx_doc_destroy(doc);
    return f->st != JX_OK || *f->found;
}

int Jx_copies_may_hold_more(const char *format)
{
    return format && strcmp(format, "html") == 0;
}

jx_status Jx_copies_find(jx_db *db, const char *bands_hex, const char *norm,
                         size_t len, const char *format, jx_key *key,
                         int *found, jx_error *err)
{
    *found = 0;
    if (!valid_bands(bands_hex) || char_count(norm, len) < JX_COPIES_MIN_CHARS)
        return JX_OK;
    finder f = {db,    norm, len,  poly_hash(norm, len), format, key,
                found, err,  JX_OK};
    jx_buf term = {0};
    jx_status st = JX_OK;
    for (int i = 0; !st && !*found && i < JX_COPIES_BANDS; i++) {
        Jx_buf_reset(&term);
        if (band_term(bands_hex, i, &term))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        else
            st = Jx_db_each_posting(db, term.data, term.len, check_candidate,
                                    &f, err);
        if (!st) /* the walk stops at an error of check_candidate */
            st = f.st;
    }
    Jx_buf_clear(&term);
    return st;
}

/* A web page's text is kept as 'Z' and a zstd frame; any other report's
 * as 'F', its length and its hash ("F3045 9f2c..."): only a web page may
 * hold more than another, so only its whole text is ever needed. */
jx_status Jx_copies_keep_text(jx_wdb *wdb, const char *key, const char *norm,
                              size_t len, const char *format, jx_error *err)
{
    jx_buf mkey = {0}, value = {0};
    jx_status st = JX_OK;
    if (Jx_buf_printf(&mkey, "%s%s", JX_META_COPY_TEXT, key))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    else if (!Jx_copies_may_hold_more(format)) {
        if (Jx_buf_printf(&value, "F%zu %llx", len,
                          (unsigned long long)poly_hash(norm, len)))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    } else {
        size_t cap = ZSTD_compressBound(len) + 1;
        if (Jx_buf_reserve(&value, cap) || Jx_buf_putc(&value, 'Z'))
            st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        size_t n =
            st ? 0 : ZSTD_compress(value.data + 1, cap - 1, norm, len, 3);
        if (!st && ZSTD_isError(n))
            st = Jx_error_set(err, JX_ERR_NOMEM,
                              "compressing a report's text: %s",
                              ZSTD_getErrorName(n));
        value.len = st ? 0 : n + 1;
    }
    if (!st)
        st = Jx_wdb_set_metadata_blob(wdb, mkey.data, value.data, value.len,
                                      err);
    Jx_buf_clear(&value);
    Jx_buf_clear(&mkey);
    return st;
}

jx_status Jx_copies_forget(jx_wdb *wdb, const char *key, jx_error *err)
{
    jx_buf mkey = {0};
    jx_status st = Jx_buf_printf(&mkey, "%s%s", JX_META_COPY_TEXT, key)
                       ? Jx_error_set(err, JX_ERR_NOMEM, "out of memory")
                       : Jx_wdb_set_metadata_blob(wdb, mkey.data, "", 0, err);
    Jx_buf_clear(&mkey);
    return st;
}

int Jx_copies_format_rank(const char *format)
{
    static const char *const order[] = {"docx", "text", "html", "pdf"};
    for (int i = 0; format && i < 4; i++)
        if (strcmp(format, order[i]) == 0)
            return i;
    return 4;
}

int Jx_copies_orphaned(const jx_report_record *rec)
{
    for (size_t i = 0; i < rec->n_paths; i++)
        if (!rec->paths[i].copy_key[0])
            return 0;
    return rec->n_paths > 0;
}
