/* fuzz_report_parse.c: libFuzzer target for the report model
 * (jx_report.h): Jx_clean_text and Jx_report_parse (cleaning, headings,
 * passages, metadata) on arbitrary bytes, also run through
 * Jx_utf8_sanitize first since indexing only hands them valid UTF-8.
 * Checks that clean text is valid UTF-8 for valid input, that passages
 * are non-empty, valid UTF-8, within JX_PASSAGE_MAX_CHARS, with
 * line numbers inside the clean text, and that every field found passes
 * Jx_field_validate, as the header promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "jx_report.h"
#include "jx_text.h"

/* Characters (code points) of a UTF-8 string. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void parse(const char *text, size_t len, int valid)
{
    jx_buf clean = {0};
    if (Jx_clean_text(text, len, &clean) == JX_OK && valid)
        FUZZ_CHECK(fuzz_valid_utf8(clean.data, clean.len));
    Jx_buf_clear(&clean);

    jx_hints hints = {"标题 title", "某某局", "2021-05-01T00:00:00Z"};
    jx_report *r = NULL;
    jx_error err = {0};
    jx_status st =
        Jx_report_parse(text, len, len & 1 ? &hints : NULL, &r, &err);
    if (st != JX_OK) {
        FUZZ_CHECK(r == NULL || st == JX_OK);
        return;
    }
    FUZZ_CHECK(r != NULL);
    unsigned lines = 1;
    for (size_t i = 0; i < r->text_len; i++)
        lines += r->text[i] == '\n';
    if (valid)
        FUZZ_CHECK(fuzz_valid_utf8(r->text, r->text_len));
    for (size_t i = 0; i < r->n_passages; i++) {
        const jx_passage *p = &r->passages[i];
        FUZZ_CHECK(p->heading && p->text);
        FUZZ_CHECK(p->line >= 1 && p->line <= lines);
        FUZZ_CHECK(p->overlap <= strlen(p->text));
        if (valid) {
            FUZZ_CHECK(fuzz_valid_utf8(p->text, strlen(p->text)));
            FUZZ_CHECK(fuzz_valid_utf8(p->heading, strlen(p->heading)));
            /* Split at sentence ends, else after a comma, else hard. */
            FUZZ_CHECK(chars(p->text) <= JX_PASSAGE_MAX_CHARS);
        }
    }
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        const jx_field *fl = &r->fields[f];
        if (!fl->value)
            continue;
        jx_error verr = {0};
        if (Jx_field_validate((jx_field_id)f, fl->value, &verr) != JX_OK) {
            fprintf(stderr, "field %s = '%s': %s\n",
                    Jx_field_name((jx_field_id)f), fl->value, verr.message);
            FUZZ_CHECK(!"a field found fails Jx_field_validate");
        }
        FUZZ_CHECK(fl->source != JX_SOURCE_NONE);
    }
    Jx_report_destroy(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse((const char *)data, size, fuzz_valid_utf8((const char *)data, size));
    jx_buf s = {0};
    if (Jx_utf8_sanitize((const char *)data, size, &s, NULL) == JX_OK)
        parse(s.data, s.len, 1);
    Jx_buf_clear(&s);
    return 0;
}
