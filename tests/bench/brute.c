/* brute.c: the benchmark's ground truth. Loads every report of a corpus
 * into memory in its normalised form (full-width ASCII folded to ASCII,
 * upper case to lower case, white space removed unless it stands between
 * two word characters a-z0-9, where it becomes one space; as
 * Jx_search_form in common/text/jx_text.h describes it) with the paragraphs
 * that page breaks cut joined again, samples the query set
 * deterministically from that text, and finds by plain scanning the set
 * of report files each query occurs in. A query is a string, or two
 * strings separated by one space that must both occur in one line
 * (paragraph) of a report. A page break is one or more blank lines,
 * perhaps with a "- 3 -" page number among them, after a line that does
 * not end a sentence (。！？；： or a table row's |), after the title
 * block; the truth joins the
 * two pieces, as the paragraph was before conversion, and as a reader
 * searching for a phrase cut by it would expect.
 *
 * Usage: brute --root DIR --files LIST [--seed S] [--per-class N]
 *              [--vocab FILE] [--sample QUERIES_OUT | --queries QUERIES_IN]
 *              --truth OUT
 * With --vocab (words and phrases, one per line), every other query of
 * the 2, 3-4, 5-8 character and two-word classes is a vocabulary entry
 * that occurs in the corpus, the others random substrings of the text.
 * LIST holds the report paths relative to DIR, one per line. QUERIES
 * files have lines "id<TAB>class<TAB>query". OUT receives lines
 * "id<TAB>path" for each report a query occurs in; OUT.lat receives
 * "id<TAB>count<TAB>seconds" with the scan time of each query. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------- random numbers (splitmix64 is enough here) ---------- */

static uint64_t rng_state;

/* Returns the next output of a splitmix64 generator. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Returns a uniform integer in [0, n). */
static size_t rnd(size_t n) { return (size_t)(rng_next() % n); }

/* ---------- UTF-8 and the search form ---------- */

/* Decodes one code point from s (n > 0 bytes); returns the bytes used.
 * Invalid bytes decode as U+FFFD and use one byte. */
static size_t u8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t len;
    uint32_t v;
    if (c < 0x80) { *cp = c; return 1; }
    else if (c >= 0xC2 && c < 0xE0) { len = 2; v = c & 0x1F; }
    else if (c >= 0xE0 && c < 0xF0) { len = 3; v = c & 0x0F; }
    else if (c >= 0xF0 && c < 0xF5) { len = 4; v = c & 0x07; }
    else { *cp = 0xFFFD; return 1; }
    if (len > n) { *cp = 0xFFFD; return 1; }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v < 0xE000))) || (len == 4 && (v < 0x10000 || v > 0x10FFFF))) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

/* Writes cp as UTF-8 to out; returns its length. */
static size_t u8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Folds a code point: full-width ASCII to ASCII, spaces to ' ', A-Z to a-z. */
static uint32_t fold(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    if (cp == 0x3000 || cp == 0xA0 || cp == '\t' || cp == '\r' || cp == 0x2002 || cp == 0x2003) cp = ' ';
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    return cp;
}

/* True for the characters of a word: a-z and 0-9. */
static int is_word(uint32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'); }

/* True for Han ideographs (URO and extension A, compatibility, U+3007). */
static int is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           cp == 0x3007 || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Appends the search form of in[0..n) to out (which has room for n
 * bytes); newlines are kept as line separators. Returns the length. */
static size_t search_form(const char *in, size_t n, char *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t o = 0, i = 0;
    uint32_t prev = '\n';
    int pending_space = 0;
    while (i < n) {
        uint32_t cp;
        i += u8_decode(s + i, n - i, &cp);
        cp = fold(cp);
        if (cp == ' ') { pending_space = 1; continue; }
        if (pending_space && is_word(prev) && is_word(cp)) out[o++] = ' ';
        pending_space = 0;
        if (cp == '\n') { out[o++] = '\n'; prev = '\n'; continue; }
        o += u8_encode(cp, out + o);
        prev = cp;
    }
    return o;
}

/* True for a line (of the search form) that is only a page number as
 * the corpus has them: "-3-" (from "- 3 -"). */
static int is_page_number(const char *s, size_t n)
{
    if (n < 3 || s[0] != '-' || s[n - 1] != '-') return 0;
    for (size_t i = 1; i + 1 < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* True for a line that ends a sentence or a table row. */
static int ends_paragraph(const char *s, size_t n)
{
    static const char *ends[] = {"。", "！", "？", "；", "：", "|", "!", "?", ";", ":"};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t l = strlen(ends[i]);
        if (n >= l && !memcmp(s + n - l, ends[i], l)) return 1;
    }
    return 0;
}

/* Rewrites the n bytes of s in place with the paragraphs that page
 * breaks cut joined again; returns the new length. The title block (the
 * lines before the first that ends a sentence) is never joined: a blank
 * line after a title is layout, not a page break. */
static size_t join_page_breaks(char *s, size_t n)
{
    size_t in = 0, out = 0;
    int body = 0;
    while (in < n) {
        char *nl = memchr(s + in, '\n', n - in);
        size_t len = nl ? (size_t)(nl - (s + in)) : n - in;
        memmove(s + out, s + in, len);
        out += len;
        in += len + (nl ? 1 : 0);
        if (!nl) break;
        /* a page break: blank lines and page numbers, then more text */
        size_t line_start = out - len;
        while (line_start > 0 && s[line_start - 1] != '\n') line_start--;
        size_t look = in, blanks = 0;
        for (;;) {
            char *e = memchr(s + look, '\n', n - look);
            size_t l = e ? (size_t)(e - (s + look)) : n - look;
            if (!e) break;
            if (l == 0) blanks++;
            else if (!is_page_number(s + look, l)) break;
            look += l + 1;
        }
        int ends = ends_paragraph(s + line_start, out - line_start);
        if (body && out > line_start && blanks > 0 && look < n && s[look] != '\n' && !ends) {
            in = look; /* the next piece continues this line */
            continue;
        }
        body |= ends;
        s[out++] = '\n';
    }
    return out;
}

/* ---------- the corpus in memory ---------- */

static char *text;        /* all reports' search forms, each ending '\n' */
static size_t text_len;
static size_t *starts;    /* starts[f]: offset of report f; starts[n] = text_len */
static char **paths;
static size_t n_files;

/* Reads LIST and every file in it, normalising into text. */
static void load(const char *root, const char *list)
{
    FILE *lf = fopen(list, "r");
    if (!lf) { perror(list); exit(1); }
    size_t cap = 1024, tcap = 1 << 24;
    paths = malloc(cap * sizeof *paths);
    text = malloc(tcap);
    char line[4096], full[8192];
    while (fgets(line, sizeof line, lf)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0]) continue;
        if (n_files == cap) paths = realloc(paths, (cap *= 2) * sizeof *paths);
        paths[n_files] = strdup(line);
        snprintf(full, sizeof full, "%s/%s", root, line);
        FILE *f = fopen(full, "rb");
        if (!f) { perror(full); exit(1); }
        fseek(f, 0, SEEK_END);
        long sz = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *raw = malloc((size_t)sz + 1);
        if (fread(raw, 1, (size_t)sz, f) != (size_t)sz) { perror(full); exit(1); }
        fclose(f);
        while (text_len + (size_t)sz + 2 > tcap) text = realloc(text, tcap *= 2);
        starts = realloc(starts, (n_files + 2) * sizeof *starts);
        starts[n_files] = text_len;
        size_t formed = search_form(raw, (size_t)sz, text + text_len);
        text_len += join_page_breaks(text + text_len, formed);
        text[text_len++] = '\n';
        free(raw);
        n_files++;
    }
    fclose(lf);
    starts[n_files] = text_len;
}

/* Returns the report that holds offset off. */
static size_t file_of(size_t off)
{
    size_t lo = 0, hi = n_files - 1;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        if (starts[mid] <= off) lo = mid; else hi = mid - 1;
    }
    return lo;
}

/* ---------- matching ---------- */

/* Finds the reports holding q (the search form of a query: one string,
 * or two separated by ' ' that must share a line) and sets hit[f].
 * Returns the number of reports. */
static size_t match(const char *q, char *hit)
{
    char a[512], b[512];
    const char *sp = strchr(q, ' ');
    int two = 0;
    /* a space between two word characters belongs to the string */
    if (sp && !(sp > q && is_word((unsigned char)sp[-1]) && is_word((unsigned char)sp[1]))) two = 1;
    if (two) {
        snprintf(a, sizeof a, "%.*s", (int)(sp - q), q);
        snprintf(b, sizeof b, "%s", sp + 1);
    } else {
        snprintf(a, sizeof a, "%s", q);
    }
    size_t la = strlen(a), lb = strlen(b), count = 0;
    memset(hit, 0, n_files);
    if (la == 0) return 0;
    const char *p = text, *end = text + text_len;
    while (p < end) {
        const char *m = memmem(p, (size_t)(end - p), a, la);
        if (!m) break;
        size_t f = file_of((size_t)(m - text));
        if (two) {
            const char *ls = m, *le = m;
            while (ls > text && ls[-1] != '\n') ls--;
            le = memchr(m, '\n', (size_t)(end - m));
            if (!memmem(ls, (size_t)(le - ls), b, lb)) { p = le + 1; continue; }
        }
        hit[f] = 1;
        count++;
        p = text + starts[f + 1]; /* the next report */
    }
    return count;
}

/* ---------- sampling ---------- */

/* Number of UTF-8 characters starting at s before the end of line or
 * the first character that is not Han (the Han run at s). Stores in
 * bytes[k] the byte length of the first k characters (k up to max). */
static size_t han_run(const char *s, size_t max, size_t *bytes)
{
    size_t k = 0, off = 0;
    bytes[0] = 0;
    while (k < max && s + off < text + text_len) {
        uint32_t cp;
        size_t l = u8_decode((const unsigned char *)s + off, (size_t)(text + text_len - s - off), &cp);
        if (!is_han(cp)) break;
        off += l;
        bytes[++k] = off;
    }
    return k;
}

/* Returns a random offset in text at the start of a Han character. */
static const char *random_han(void)
{
    for (;;) {
        size_t off = rnd(text_len);
        while (off < text_len && ((unsigned char)text[off] & 0xC0) == 0x80) off++;
        uint32_t cp;
        if (off >= text_len) continue;
        u8_decode((const unsigned char *)text + off, text_len - off, &cp);
        if (is_han(cp)) return text + off;
    }
}

/* Copies a Han string of lo..hi characters from the text into out. */
static void sample_han(char *out, size_t lo, size_t hi)
{
    size_t want = lo + rnd(hi - lo + 1), bytes[16];
    for (;;) {
        const char *s = random_han();
        if (han_run(s, want, bytes) == want) {
            memcpy(out, s, bytes[want]);
            out[bytes[want]] = 0;
            return;
        }
    }
}

/* Copies a string with digits from the text into out: a digit run (with
 * its decimal point) and the Han characters after it, or before it;
 * then rewrites the digits full-width, or puts a space before the Han
 * characters as converted documents do ("2021 年"). */
static void sample_digits(char *out, int variant)
{
    for (;;) {
        size_t off = rnd(text_len);
        const char *d = memchr(text + off, '2', text_len - off); /* most numbers hold a 2 */
        if (!d) continue;
        while (d > text && ((d[-1] >= '0' && d[-1] <= '9') || d[-1] == '.')) d--;
        const char *e = d;
        while (e < text + text_len && ((*e >= '0' && *e <= '9') || *e == '.')) e++;
        size_t bytes[16];
        size_t k = han_run(e, 1 + rnd(3), bytes);
        if (k == 0 || e - d > 12) continue;
        size_t o = 0;
        for (const char *c = d; c < e; c++) {
            if (variant == 0) o += u8_encode(*c == '.' ? 0xFF0E : 0xFF10 + (uint32_t)(*c - '0'), out + o);
            else out[o++] = *c;
        }
        if (variant == 1) out[o++] = ' ';
        memcpy(out + o, e, bytes[k]);
        out[o + bytes[k]] = 0;
        return;
    }
}

/* Copies two Han strings of 2..4 characters from one line into out,
 * separated by one space. */
static void sample_two(char *out)
{
    for (;;) {
        char a[64], bbuf[64];
        size_t bytes[16];
        const char *s = random_han();
        size_t k = han_run(s, 2 + rnd(3), bytes);
        if (k < 2) continue;
        memcpy(a, s, bytes[k]);
        a[bytes[k]] = 0;
        /* a second string further on in the same line, at least 8 bytes on */
        const char *le = memchr(s, '\n', (size_t)(text + text_len - s));
        const char *t = s + bytes[k] + 8;
        if (!le || t >= le) continue;
        t += rnd((size_t)(le - t));
        while (t < le && ((unsigned char)*t & 0xC0) == 0x80) t++;
        size_t k2 = han_run(t, 2 + rnd(3), bytes);
        if (k2 < 2 || t + bytes[k2] > le) continue;
        memcpy(bbuf, t, bytes[k2]);
        bbuf[bytes[k2]] = 0;
        if (!strcmp(a, bbuf)) continue;
        sprintf(out, "%s %s", a, bbuf);
        return;
    }
}

/* Makes a string that is (almost surely) absent: random ideographs, or
 * two pieces of the text joined in an order the text never has. */
static void sample_absent(char *out, int variant)
{
    if (variant == 0) {
        size_t o = 0, n = 3 + rnd(2);
        for (size_t i = 0; i < n; i++) o += u8_encode(0x4E00 + (uint32_t)rnd(0x9FA5 - 0x4E00), out + o);
        out[o] = 0;
    } else {
        char a[64], b[64];
        sample_han(a, 2, 3);
        sample_han(b, 2, 3);
        sprintf(out, "%s%s", b, a);
    }
}

static char **vocab;
static size_t n_vocab;

/* Reads the vocabulary file, one entry per line. */
static void read_vocab(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(1); }
    char line[512];
    size_t cap = 1024;
    vocab = malloc(cap * sizeof *vocab);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0]) continue;
        if (n_vocab == cap) vocab = realloc(vocab, (cap *= 2) * sizeof *vocab);
        vocab[n_vocab++] = strdup(line);
    }
    fclose(f);
}

/* Returns the number of UTF-8 characters of s. */
static size_t u8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Picks a vocabulary entry of lo..hi characters into out. */
static void sample_vocab(char *out, size_t lo, size_t hi)
{
    for (;;) {
        const char *v = vocab[rnd(n_vocab)];
        size_t l = u8_len(v);
        if (l >= lo && l <= hi) { snprintf(out, 256, "%s", v); return; }
    }
}

typedef struct {
    char id[32];
    char cls[8];
    char q[256];
} query;

/* Writes the search form of a query to form; the two strings of a
 * two-word query are normalised apart and joined by one space. */
static void query_form(query *q, char *form)
{
    char *sp = strchr(q->q, ' ');
    if (!strcmp(q->cls, "w2") && sp) {
        *sp = 0;
        size_t l = search_form(q->q, strlen(q->q), form);
        form[l++] = ' ';
        form[l + search_form(sp + 1, strlen(sp + 1), form + l)] = 0;
        *sp = ' ';
    } else {
        form[search_form(q->q, strlen(q->q), form)] = 0;
    }
}

/* Reads a query file into *qs; returns the count. */
static size_t read_queries(const char *path, query **qs)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(1); }
    size_t n = 0, cap = 64;
    *qs = malloc(cap * sizeof **qs);
    char line[256];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2) continue;
        *t1 = *t2 = 0;
        if (n == cap) *qs = realloc(*qs, (cap *= 2) * sizeof **qs);
        snprintf((*qs)[n].id, sizeof(*qs)[n].id, "%.31s", line);
        snprintf((*qs)[n].cls, sizeof(*qs)[n].cls, "%s", t1 + 1);
        snprintf((*qs)[n].q, sizeof(*qs)[n].q, "%s", t2 + 1);
        n++;
    }
    fclose(f);
    return n;
}

/* Seconds on the monotonic clock. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Parses the options, loads the corpus, samples or reads the queries,
 * and writes the truth. */
int main(int argc, char **argv)
{
    const char *root = NULL, *list = NULL, *sample_out = NULL, *queries_in = NULL, *truth = NULL;
    unsigned long long seed = 1;
    size_t per_class = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--root")) root = argv[i + 1];
        else if (!strcmp(argv[i], "--files")) list = argv[i + 1];
        else if (!strcmp(argv[i], "--seed")) seed = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--per-class")) per_class = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--sample")) sample_out = argv[i + 1];
        else if (!strcmp(argv[i], "--queries")) queries_in = argv[i + 1];
        else if (!strcmp(argv[i], "--truth")) truth = argv[i + 1];
        else if (!strcmp(argv[i], "--vocab")) read_vocab(argv[i + 1]);
    }
    if (!root || !list || !truth || (!sample_out == !queries_in)) {
        fprintf(stderr, "usage: brute --root DIR --files LIST [--seed S] [--per-class N] "
                        "(--sample OUT | --queries IN) --truth OUT\n");
        return 2;
    }
    rng_state = seed;
    load(root, list);
    if (n_files == 0) { fprintf(stderr, "brute: no files\n"); return 1; }
    char *hit = malloc(n_files);
    query *qs;
    size_t nq;
    if (sample_out) {
        /* classes: 1 char, 2, 3-4, 5-8, two words, absent, digits */
        static const char *cls[] = {"c1", "c2", "c34", "c58", "w2", "abs", "dig"};
        nq = 0;
        qs = malloc(7 * per_class * sizeof *qs);
        for (size_t c = 0; c < 7; c++) {
            for (size_t k = 0; k < per_class; k++) {
                query *q = &qs[nq];
                snprintf(q->cls, sizeof q->cls, "%s", cls[c]);
                snprintf(q->id, sizeof q->id, "%s-%02zu", cls[c], k + 1);
                int voc = n_vocab && k % 2 == 1;
                for (int tries = 0;; tries++) {
                    char w1[256], w2[256];
                    switch (c) {
                    case 0: sample_han(q->q, 1, 1); break;
                    case 1: if (voc) sample_vocab(q->q, 2, 2); else sample_han(q->q, 2, 2); break;
                    case 2: if (voc) sample_vocab(q->q, 3, 4); else sample_han(q->q, 3, 4); break;
                    case 3: if (voc) sample_vocab(q->q, 5, 8); else sample_han(q->q, 5, 8); break;
                    case 4:
                        if (!voc) { sample_two(q->q); break; }
                        sample_vocab(w1, 2, 6);
                        sample_vocab(w2, 2, 6);
                        snprintf(q->q, sizeof q->q, "%.120s %.120s", w1, w2);
                        break;
                    case 5: sample_absent(q->q, (int)(k % 2)); break;
                    default: sample_digits(q->q, (int)(k % 2)); break;
                    }
                    int dup = 0;
                    for (size_t j = 0; j < nq; j++) dup |= !strcmp(qs[j].q, q->q);
                    char form[1024];
                    query_form(q, form);
                    size_t found = match(form, hit);
                    if (dup && tries < 50) continue;
                    if (c == 5 && found && tries < 50) continue; /* absent means absent */
                    if (c != 5 && !found && tries < 50) continue; /* present means present */
                    break;
                }
                nq++;
            }
        }
        FILE *f = fopen(sample_out, "w");
        if (!f) { perror(sample_out); return 1; }
        for (size_t i = 0; i < nq; i++) fprintf(f, "%s\t%s\t%s\n", qs[i].id, qs[i].cls, qs[i].q);
        fclose(f);
    } else {
        nq = read_queries(queries_in, &qs);
    }
    FILE *tf = fopen(truth, "w");
    char latpath[4096];
    snprintf(latpath, sizeof latpath, "%s.lat", truth);
    FILE *lf = fopen(latpath, "w");
    if (!tf || !lf) { perror(truth); return 1; }
    for (size_t i = 0; i < nq; i++) {
        char form[1024];
        query_form(&qs[i], form);
        double t0 = now();
        size_t count = match(form, hit);
        double t1 = now();
        for (size_t fi = 0; fi < n_files; fi++)
            if (hit[fi]) fprintf(tf, "%s\t%s\n", qs[i].id, paths[fi]);
        fprintf(lf, "%s\t%zu\t%.6f\n", qs[i].id, count, t1 - t0);
    }
    fclose(tf);
    fclose(lf);
    return 0;
}
