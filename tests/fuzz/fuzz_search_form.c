/* fuzz_search_form.c: libFuzzer target for the search form and the
 * tokenizer (jx_text.h, jx_tokenize.h), the code every document and
 * every query goes through. On arbitrary bytes: Jx_search_form with its
 * offset map, Jx_tokenize over the result, and Jx_tokenize_text on the
 * raw input. Checks that the form is valid UTF-8, the map is monotonic
 * and ends at the input's length, the form is a fixed point (the form of
 * the form is itself), and tokens lie inside the form, in order, with
 * increasing positions and the sizes their kind promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "jx_text.h"
#include "jx_tokenize.h"

typedef struct tok_check {
    const char *form;
    size_t len;
    unsigned last_pos;
    size_t last_offset;
    size_t count;
} tok_check;

static int check_token(const jx_token *t, void *ctx)
{
    tok_check *c = ctx;
    FUZZ_CHECK(t->len > 0);
    if (c->form) {
        FUZZ_CHECK(t->text == c->form + t->offset);
        FUZZ_CHECK(t->offset + t->len <= c->len);
        FUZZ_CHECK(c->count == 0 || t->offset >= c->last_offset);
        FUZZ_CHECK(fuzz_valid_utf8(t->text, t->len));
    }
    FUZZ_CHECK(t->pos >= 1 && t->pos > c->last_pos);
    switch (t->kind) {
    case JX_TOKEN_BIGRAM: FUZZ_CHECK(t->len >= 4 && t->len <= 8); break;
    case JX_TOKEN_UNIGRAM: FUZZ_CHECK(t->len >= 2 && t->len <= 4); break;
    case JX_TOKEN_WORD: FUZZ_CHECK(t->len <= JX_MAX_WORD_BYTES); break;
    default: FUZZ_CHECK(!"unknown token kind");
    }
    c->last_pos = t->pos;
    c->last_offset = t->offset;
    c->count++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    jx_buf form = {0}, again = {0};
    jx_offset_map map = {0};
    if (Jx_search_form(in, size, &form, &map) != JX_OK)
        goto out;
    FUZZ_CHECK(fuzz_valid_utf8(form.data, form.len));
    FUZZ_CHECK(map.len == form.len);
    FUZZ_CHECK(map.orig[form.len] == size);
    for (size_t i = 0; i < form.len; i++) {
        FUZZ_CHECK(map.orig[i] < size);
        FUZZ_CHECK(i == 0 || map.orig[i] >= map.orig[i - 1]);
    }
    if (Jx_search_form(form.data, form.len, &again, NULL) == JX_OK)
        FUZZ_CHECK(again.len == form.len &&
                   memcmp(again.data, form.data, form.len) == 0);

    tok_check c = {form.data, form.len, 0, 0, 0};
    FUZZ_CHECK(Jx_tokenize(form.data, form.len, check_token, &c) == JX_OK);
    tok_check raw = {NULL, 0, 0, 0, 0};
    FUZZ_CHECK(Jx_tokenize_text(in, size, check_token, &raw) == JX_OK);
    /* Tokenizing text is tokenizing its search form. */
    FUZZ_CHECK(raw.count == c.count);
out:
    Jx_offset_map_clear(&map);
    Jx_buf_clear(&form);
    Jx_buf_clear(&again);
    return 0;
}
