/* fuzz_decode_text.c: libFuzzer target for encoding detection and
 * conversion (jx_text.h): Jx_decode_text on arbitrary bytes, then
 * Jx_to_utf8 forced to every encoding, then Jx_utf8_sanitize. Checks,
 * besides the sanitizers, the promises of the header: a success yields
 * valid UTF-8, only JX_ENC_BINARY and JX_ENC_UNKNOWN (refused by the
 * evidence) fail, with JX_ERR_ENCODING and a message, detection agrees
 * with Jx_detect_encoding, and
 * every converter, even on bytes not in its encoding, gives valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "jx_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    jx_buf out = {0};
    jx_encoding enc = JX_ENC_UTF8;
    size_t replaced = 0;
    jx_error err = {0};
    jx_status st = Jx_decode_text(in, size, &out, &enc, &replaced, &err);
    FUZZ_CHECK(enc == Jx_detect_encoding(in, size));
    if (st == JX_OK) {
        FUZZ_CHECK(enc != JX_ENC_BINARY && enc != JX_ENC_UNKNOWN);
        FUZZ_CHECK(fuzz_valid_utf8(out.data, out.len));
    } else {
        FUZZ_CHECK(st == JX_ERR_ENCODING &&
                   (enc == JX_ENC_BINARY || enc == JX_ENC_UNKNOWN));
        FUZZ_CHECK(err.message[0] != '\0');
    }
    Jx_buf_clear(&out);

    /* Each converter on bytes that are not what it expects. */
    static const jx_encoding all[] = {JX_ENC_UTF8,         JX_ENC_UTF8_BOM,
                                      JX_ENC_UTF16LE,      JX_ENC_UTF16BE,
                                      JX_ENC_GB18030,      JX_ENC_BIG5,
                                      JX_ENC_UTF8_GB18030, JX_ENC_UTF8_BIG5};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        jx_buf b = {0};
        st = Jx_to_utf8(in, size, all[i], &b, &replaced, &err);
        FUZZ_CHECK(st == JX_OK || st == JX_ERR_NOMEM);
        if (st == JX_OK)
            FUZZ_CHECK(fuzz_valid_utf8(b.data, b.len));
        Jx_buf_clear(&b);
    }

    jx_buf s = {0};
    size_t n_repl = 0;
    if (Jx_utf8_sanitize(in, size, &s, &n_repl) == JX_OK) {
        FUZZ_CHECK(fuzz_valid_utf8(s.data, s.len));
        FUZZ_CHECK(n_repl <= size);
    }
    Jx_buf_clear(&s);
    return 0;
}
