/* jx_tokenize.c: the tokenizer shared by indexing and search. It reads a
 * search form once, left to right, decoding UTF-8 inline, and hands each
 * Han bigram, run-final Han unigram and word to a callback without
 * allocating. Positions: each token takes the next position; every
 * character that is neither Han, a word character nor white space takes
 * one more, so no two tokens on either side of it are ever adjacent. */
#include "jx_tokenize.h"

#include "jx_buf.h"
#include "jx_text.h"

/* The tokenizer's progress: the text, the callback and the next position. */
typedef struct tk_state {
    const char *s;
    size_t len;
    jx_token_fn fn;
    void *ctx;
    unsigned pos;
} tk_state;

/* Gives the token at s[off, off + n) the next position and passes it to
 * the callback; returns non-zero when the callback asks to stop. */
static int tk_emit(tk_state *t, jx_token_kind kind, size_t off, size_t n)
{
    jx_token tok;
    tok.kind = kind;
    tok.text = t->s + off;
    tok.len = n;
    tok.pos = t->pos++;
    tok.offset = off;
    return t->fn(&tok, t->ctx);
}

/* Decodes the character at s[i]: three-byte sequences (where all of the
 * common Han characters are) inline, anything else with Jx_utf8_decode. */
static inline size_t tk_decode(const tk_state *t, size_t i, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)t->s + i;
    if (t->len - i >= 3 && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 &&
        (p[2] & 0xC0) == 0x80) {
        uint32_t v =
            ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
            *cp = v;
            return 3;
        }
    }
    return Jx_utf8_decode(t->s + i, t->len - i, cp);
}

/* Jx_is_han, with the unified ideographs block tested inline. */
static inline int tk_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || Jx_is_han(cp);
}

/* True for ASCII a-z and 0-9. */
static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* True for ASCII 0-9. */
static int is_digit_byte(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Returns the end of the word run starting at start: a-z, 0-9, and a '.'
 * that has a digit on both sides. */
static size_t word_end(const tk_state *t, size_t start)
{
    const unsigned char *p = (const unsigned char *)t->s;
    size_t i = start + 1;
    while (i < t->len) {
        if (is_word_byte(p[i]))
            i++;
        else if (p[i] == '.' && is_digit_byte(p[i - 1]) && i + 1 < t->len &&
                 is_digit_byte(p[i + 1]))
            i += 2;
        else
            break;
    }
    return i;
}

/* Emits the word run at *i (skipping one too long, though it still takes
 * its position) and moves *i past it; non-zero when told to stop. */
static int tk_word(tk_state *t, size_t *i)
{
    size_t start = *i, end = word_end(t, start);
    *i = end;
    if (end - start > JX_MAX_WORD_BYTES) {
        t->pos++;
        return 0;
    }
    return tk_emit(t, JX_TOKEN_WORD, start, end - start);
}

/* Emits the bigrams of the Han run whose first character (n bytes) is at
 * *i, then its last character alone, and moves *i past the run; non-zero
 * when told to stop. */
static int tk_han(tk_state *t, size_t *i, size_t n)
{
    size_t prev = *i, at = *i + n;
    while (at < t->len && (unsigned char)t->s[at] >= 0x80) {
        uint32_t cp;
        size_t m = tk_decode(t, at, &cp);
        if (!tk_is_han(cp))
            break;
        if (tk_emit(t, JX_TOKEN_BIGRAM, prev, at + m - prev))
            return 1;
        prev = at;
        at += m;
    }
    *i = at;
    return tk_emit(t, JX_TOKEN_UNIGRAM, prev, at - prev);
}

/* Walks the search form once, dispatching on each character's class. */
jx_status Jx_tokenize(const char *search_form, size_t len, jx_token_fn fn,
                      void *ctx)
{
    tk_state t = {search_form, len, fn, ctx, 1};
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)search_form[i];
        int stop = 0;
        if (c < 0x80) {
            if (is_word_byte(c))
                stop = tk_word(&t, &i);
            else if (!Jx_is_space(c))
                t.pos++, i++;
            else
                i++;
        } else {
            uint32_t cp;
            size_t n = tk_decode(&t, i, &cp);
            if (tk_is_han(cp))
                stop = tk_han(&t, &i, n);
            else if (!Jx_is_space(cp))
                t.pos++, i += n;
            else
                i += n;
        }
        if (stop)
            return JX_ERR_INTERRUPTED;
    }
    return JX_OK;
}

/* Builds the search form in a buffer of its own, tokenizes, frees it. */
jx_status Jx_tokenize_text(const char *text, size_t len, jx_token_fn fn,
                           void *ctx)
{
    jx_buf form = {0};
    jx_status st = Jx_search_form(text, len, &form, NULL);
    if (!st)
        st = Jx_tokenize(form.data, form.len, fn, ctx);
    Jx_buf_clear(&form);
    return st;
}
