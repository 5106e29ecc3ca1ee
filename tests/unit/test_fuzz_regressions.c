/* test_fuzz_regressions.c: runs every saved input of the fuzz targets
 * once through the target's own code and checks: the inputs that once
 * found a bug (tests/fuzz/regressions/TARGET/) and the seeds
 * (tests/fuzz/corpus/TARGET/). Built like any unit test, so it runs with
 * gcc and under ASan + UBSan in make check even where clang and
 * libFuzzer are missing; a failed check aborts with its condition, the
 * log shows the input being run. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_test.h"

#define LLVMFuzzerTestOneInput fuzz_one_decode_text
#include "../fuzz/fuzz_decode_text.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_one_search_form
#include "../fuzz/fuzz_search_form.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_one_report_parse
#include "../fuzz/fuzz_report_parse.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_one_query_parse
#include "../fuzz/fuzz_query_parse.c"
#undef LLVMFuzzerTestOneInput

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

/* Reads a whole file; NULL when it cannot. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *more = realloc(buf, cap *= 2);
            if (!more) {
                free(buf);
                buf = NULL;
            }
            buf = more;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Runs fn on every file of dir (in name order); the number run, or -1
 * when a file cannot be read. A missing dir holds no inputs. */
static long run_dir(const char *dir, fuzz_fn fn)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    long done = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        size_t len = 0;
        if (names[i]->d_name[0] != '.' &&
            snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) <
                (int)sizeof path) {
            uint8_t *data = slurp(path, &len);
            if (!data) {
                done = -1;
            } else if (done >= 0) {
                fprintf(stderr, "running %s\n", path);
                fn(data, len);
                done++;
            }
            free(data);
        }
        free(names[i]);
    }
    free(names);
    return done;
}

int main(void)
{
    static const struct {
        const char *name;
        fuzz_fn fn;
    } targets[] = {
        {"decode_text", fuzz_one_decode_text},
        {"search_form", fuzz_one_search_form},
        {"report_parse", fuzz_one_report_parse},
        {"query_parse", fuzz_one_query_parse},
    };
    const char *top = getenv("JX_TOP");
    jx_test_name = "test_fuzz_regressions";
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
        char dir[4096], name[128];
        snprintf(dir, sizeof dir, "%s/tests/fuzz/regressions/%s",
                 top ? top : ".", targets[i].name);
        long reg = run_dir(dir, targets[i].fn);
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top ? top : ".",
                 targets[i].name);
        long seeds = run_dir(dir, targets[i].fn);
        snprintf(name, sizeof name, "%s: %ld regression inputs, %ld seeds",
                 targets[i].name, reg, seeds);
        CHECK(reg >= 0 && seeds > 0, name, "inputs unreadable or no seeds");
    }
    TEST_MAIN_END();
}
