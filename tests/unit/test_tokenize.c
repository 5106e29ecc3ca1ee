/* test_tokenize.c: unit tests of Jx_tokenize and Jx_tokenize_text: the
 * exact tokens, kinds, positions and offsets for Han runs, words, numbers
 * and punctuation, stopping from the callback, and that text and its
 * search form tokenize alike. */
#include <string.h>

#include "jx_buf.h"
#include "jx_test.h"
#include "jx_tokenize.h"

/* What the collecting callback writes to, and when it asks to stop. */
typedef struct collector {
    jx_buf out;
    int with_offsets; /* append "+offset" to each token */
    int stop_after;   /* return non-zero after this many tokens (0: never) */
    int count;
} collector;

/* Appends "K:text@pos" (K is B, U or W) to the collector, space first
 * when not the first token. */
static int collect(const jx_token *t, void *ctx)
{
    collector *c = ctx;
    static const char kinds[] = {'B', 'U', 'W'};
    Jx_buf_printf(&c->out, "%s%c:%.*s@%u", c->out.len ? " " : "",
                  kinds[t->kind], (int)t->len, t->text, t->pos);
    if (c->with_offsets)
        Jx_buf_printf(&c->out, "+%zu", t->offset);
    c->count++;
    return c->stop_after && c->count >= c->stop_after;
}

/* Tokenizes the search form s and checks the collected string. */
static void check_tokens(const char *s, const char *want, const char *name)
{
    collector c = {{0}, 0, 0, 0};
    Jx_buf_puts(&c.out, "");
    CHECK_INT(Jx_tokenize(s, strlen(s), collect, &c), JX_OK, name);
    CHECK_STR(c.out.data, want, name);
    Jx_buf_clear(&c.out);
}

/* Tokenizes raw text with Jx_tokenize_text into a collected string. */
static void text_tokens(const char *s, jx_buf *out)
{
    collector c = {{0}, 1, 0, 0};
    Jx_buf_puts(&c.out, "");
    jx_status st = Jx_tokenize_text(s, strlen(s), collect, &c);
    Jx_buf_reset(out);
    Jx_buf_printf(out, "%d|%s", (int)st, c.out.data);
    Jx_buf_clear(&c.out);
}

/* Tokenizes a search form with Jx_tokenize into a collected string. */
static void form_tokens(const char *s, jx_buf *out)
{
    collector c = {{0}, 1, 0, 0};
    Jx_buf_puts(&c.out, "");
    jx_status st = Jx_tokenize(s, strlen(s), collect, &c);
    Jx_buf_reset(out);
    Jx_buf_printf(out, "%d|%s", (int)st, c.out.data);
    Jx_buf_clear(&c.out);
}

/* Checks Han runs: bigrams, then the last character at the next position. */
static void test_han(void)
{
    check_tokens("绩效评价", "B:绩效@1 B:效评@2 B:评价@3 U:价@4", "han run");
    check_tokens("的", "U:的@1", "han single char");
    check_tokens("绩效", "B:绩效@1 U:效@2", "han two chars");
    check_tokens("时，会", "U:时@1 U:会@3", "han split by comma");
    check_tokens("二〇二二", "B:二〇@1 B:〇二@2 B:二二@3 U:二@4",
                 "han with U+3007");
    check_tokens("\xF0\xA0\x80\x80中", "B:\xF0\xA0\x80\x80中@1 U:中@2",
                 "han extension B");
    check_tokens("中の国", "U:中@1 U:国@3", "kana ends a run");
    check_tokens("中\xEF\xBF\xBD国", "U:中@1 U:国@3", "U+FFFD ends a run");
    check_tokens("中\x80国", "U:中@1 U:国@3", "invalid byte ends a run");
    check_tokens("中\xED\xA0\x80国", "U:中@1 U:国@5",
                 "surrogate bytes are three gaps");
    check_tokens("中\xE0\x80\x80国", "U:中@1 U:国@5",
                 "overlong bytes are three gaps");
}

/* Checks words, numbers with decimal points, and mixed runs. */
static void test_words(void)
{
    check_tokens("预算执行率达到100%",
                 "B:预算@1 B:算执@2 B:执行@3 B:行率@4 B:率达@5 B:达到@6 "
                 "U:到@7 W:100@8",
                 "han then number then percent");
    check_tokens("2022年", "W:2022@1 U:年@2", "number then han");
    check_tokens("97.5分", "W:97.5@1 U:分@2", "decimal number");
    check_tokens("app建设", "W:app@1 B:建设@2 U:设@3", "word then han");
    check_tokens("建设app", "B:建设@1 U:设@2 W:app@3", "han then word");
    check_tokens("a.b", "W:a@1 W:b@3", "dot between letters splits");
    check_tokens("2022.", "W:2022@1", "trailing dot not in number");
    check_tokens("2022.年", "W:2022@1 U:年@3", "dot then han");
    check_tokens("1.2.3 v2.0", "W:1.2.3@1 W:v2.0@2", "dotted numbers");
    check_tokens("a1.b", "W:a1@1 W:b@3", "dot before a letter splits");
    check_tokens("1..2", "W:1@1 W:2@4", "two dots split");
    check_tokens("budget plan", "W:budget@1 W:plan@2", "space no gap");
    check_tokens("", "", "empty");
    check_tokens("，。！", "", "only punctuation");
}

/* Checks the position gaps punctuation leaves, and the offsets. */
static void test_positions(void)
{
    check_tokens("绩效，评价。结果",
                 "B:绩效@1 U:效@2 B:评价@4 U:价@5 B:结果@7 U:果@8",
                 "punctuation gaps");
    check_tokens("a,,b", "W:a@1 W:b@4", "each punctuation char a gap");
    check_tokens("(a)", "W:a@2", "leading punctuation");

    jx_buf got = {0};
    form_tokens("app建设, 97.5分", &got);
    CHECK_STR(got.data,
              "0|W:app@1+0 B:建设@2+3 U:设@3+6 W:97.5@5+11 U:分@6+15",
              "offsets");

    /* 64 bytes make a word; 65 are skipped but keep their position. */
    char w64[70], w65[72];
    memset(w64, 'x', 64);
    strcpy(w64 + 64, " b");
    memset(w65, 'y', 65);
    strcpy(w65 + 65, " b");
    collector c = {{0}, 0, 0, 0};
    Jx_buf_puts(&c.out, "");
    Jx_tokenize(w65, strlen(w65), collect, &c);
    CHECK_STR(c.out.data, "W:b@2", "too long word skipped");
    Jx_buf_reset(&c.out);
    Jx_tokenize(w64, strlen(w64), collect, &c);
    CHECK_INT(c.out.len, 2 + 64 + 2 + 6, "64-byte word kept");
    Jx_buf_clear(&c.out);
    Jx_buf_clear(&got);
}

/* Checks that a non-zero callback return stops with JX_ERR_INTERRUPTED. */
static void test_interrupt(void)
{
    collector c = {{0}, 0, 2, 0};
    Jx_buf_puts(&c.out, "");
    const char *s = "绩效评价";
    CHECK_INT(Jx_tokenize(s, strlen(s), collect, &c), JX_ERR_INTERRUPTED,
              "interrupt status");
    CHECK_INT(c.count, 2, "interrupt after two tokens");
    CHECK_STR(c.out.data, "B:绩效@1 B:效评@2", "interrupt tokens");
    Jx_buf_clear(&c.out);
    c = (collector){{0}, 0, 1, 0};
    CHECK_INT(Jx_tokenize_text(s, strlen(s), collect, &c), JX_ERR_INTERRUPTED,
              "tokenize_text interrupt status");
    CHECK_INT(c.count, 1, "tokenize_text interrupt after one token");
    Jx_buf_clear(&c.out);
}

/* Checks that Jx_tokenize_text of raw text equals Jx_tokenize of its
 * search form. */
static void test_tokenize_text(void)
{
    jx_buf a = {0}, b = {0};
    text_tokens("２０２２ 年", &a);
    form_tokens("2022年", &b);
    CHECK_STR(a.data, b.data, "full-width number and space = 2022年");
    CHECK_STR(a.data, "0|W:2022@1+0 U:年@2+4", "2022年 tokens");
    text_tokens("ＡＰＰ 建设", &a);
    form_tokens("app建设", &b);
    CHECK_STR(a.data, b.data, "ＡＰＰ 建设 = app建设");
    text_tokens("Budget\xE3\x80\x80Plan 预算 执行", &a);
    CHECK_STR(a.data,
              "0|W:budget@1+0 W:plan@2+7 B:预算@3+11 B:算执@4+14 "
              "B:执行@5+17 U:行@6+20",
              "folded words and Han");
    Jx_buf_clear(&a);
    Jx_buf_clear(&b);
}

int main(void)
{
    jx_test_name = "tokenize";
    test_han();
    test_words();
    test_positions();
    test_interrupt();
    test_tokenize_text();
    TEST_MAIN_END();
}
