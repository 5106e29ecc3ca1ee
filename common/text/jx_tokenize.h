/* jx_tokenize.h: the one tokenizer, used for documents and for queries.
 * It reads a search form (see Jx_search_form) and produces:
 *  - for a run of Han characters, every adjacent pair (a bigram term),
 *    and the last character of the run alone (a unigram term), so that
 *    every occurrence of a character is the first of a bigram or a
 *    run's last: a one-character query is the prefix of those terms;
 *  - for a run of a-z and 0-9 (a '.' between two digits included, as in
 *    97.5), one word term;
 *  - nothing for punctuation and symbols, which end a run.
 * Positions count tokens and advance by one more at punctuation, so no
 * phrase over positions can match across it. */
#ifndef JX_TOKENIZE_H
#define JX_TOKENIZE_H

#include <stddef.h>

#include "jx_status.h"

/* Word tokens longer than this many bytes are not emitted (Xapian limits
 * a term to 245 bytes, and such strings are not words people search). */
#define JX_MAX_WORD_BYTES 64

typedef enum jx_token_kind {
    JX_TOKEN_BIGRAM,  /* two adjacent Han characters */
    JX_TOKEN_UNIGRAM, /* the last Han character of a run */
    JX_TOKEN_WORD     /* a run of a-z, 0-9 */
} jx_token_kind;

/* One token: text points into the search form (not NUL-terminated). */
typedef struct jx_token {
    jx_token_kind kind;
    const char *text;
    size_t len;
    unsigned pos;  /* position, counting from 1 */
    size_t offset; /* byte offset of text in the search form */
} jx_token;

/* Called for each token in order; a non-zero return stops tokenizing and
 * Jx_tokenize returns JX_ERR_INTERRUPTED. */
typedef int (*jx_token_fn)(const jx_token *token, void *ctx);

/* Tokenizes a search form of len bytes, calling fn for each token. */
jx_status Jx_tokenize(const char *search_form, size_t len, jx_token_fn fn,
                      void *ctx);

/* Reduces text to its search form, then tokenizes it as Jx_tokenize. */
jx_status Jx_tokenize_text(const char *text, size_t len, jx_token_fn fn,
                           void *ctx);

#endif
