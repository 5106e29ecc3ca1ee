/* jx_test.h: the tiny harness of the C unit tests. Each check prints one
 * line, "PASS: <test> <name>" or "FAIL: <test> <name>: <why>", which
 * tests/run.sh counts; main returns non-zero when any check failed. */
#ifndef JX_TEST_H
#define JX_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int jx_test_failed;
static const char *jx_test_name = "unit";

/* Records one check: cond true passes; otherwise the printf-style reason
 * is printed. */
#define CHECK(cond, name, ...)                                                \
    do {                                                                      \
        if (cond) {                                                           \
            printf("PASS: %s %s\n", jx_test_name, name);                      \
        } else {                                                              \
            jx_test_failed++;                                                 \
            printf("FAIL: %s %s: ", jx_test_name, name);                      \
            printf(__VA_ARGS__);                                              \
            printf(" (%s:%d)\n", __FILE__, __LINE__);                         \
        }                                                                     \
    } while (0)

/* Checks two C strings for equality, printing both when they differ. */
#define CHECK_STR(got, want, name)                                            \
    do {                                                                      \
        const char *g_ = (got), *w_ = (want);                                 \
        CHECK(g_ &&w_ ? strcmp(g_, w_) == 0 : g_ == w_, name,                 \
              "got \"%s\", want \"%s\"", g_ ? g_ : "(null)",                  \
              w_ ? w_ : "(null)");                                            \
    } while (0)

/* Checks two integers for equality. */
#define CHECK_INT(got, want, name)                                            \
    do {                                                                      \
        long long g_ = (long long)(got), w_ = (long long)(want);              \
        CHECK(g_ == w_, name, "got %lld, want %lld", g_, w_);                 \
    } while (0)

#define TEST_MAIN_END() return jx_test_failed ? 1 : 0

/* The folder of the real reports, ../shared/seeds (relative to the
 * repository root, where the tests run), or NULL when it is absent or
 * JX_NO_SEEDS is set (tests/run.sh sets it to run the suite as on a
 * clone without ../shared). A test using it must test its promise
 * without it too. */
static inline const char *jx_test_seeds_dir(void)
{
    const char *no = getenv("JX_NO_SEEDS");
    if ((no && *no) || access("../shared/seeds", R_OK) != 0)
        return NULL;
    return "../shared/seeds";
}

#endif
