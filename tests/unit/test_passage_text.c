/* test_passage_text.c: the stored form of passage text. Packing and
 * unpacking give back every text (empty, short, starting with the bytes
 * that mark a packed form, long); a dictionary trained on genre text
 * packs to well under the raw size; unpacking fails with
 * JX_ERR_DB_CORRUPT, and a message, for damaged forms and missing
 * dictionaries; jx_text_store trains once it has enough text, saves the
 * dictionary in the report database, finds it again when reopened, and
 * readers find it in any of several databases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jx_passage_text.h"
#include "jx_schema.h"
#include "jx_test.h"
#include "jx_text_store.h"
#include "jx_xapian.h"

/* Phrases of the genre, combined by a fixed generator into passages. */
static const char *const phrases[] = {
    "预算执行率达到",
    "绩效目标",
    "项目资金",
    "专项资金使用效益",
    "按照财政部门要求",
    "年度绩效自评",
    "满意度调查",
    "存在的问题",
    "下一步改进措施",
    "产出指标",
    "效益指标",
    "完成情况良好",
    "资金拨付及时",
    "部分项目进度较慢",
    "加强预算管理",
    "乡村振兴",
    "疫情影响",
    "政府采购",
    "，",
    "。",
    "；",
    "万元",
    "%",
};

/* Appends passage number i (deterministic, 60 to 400 bytes) to b. */
static void make_passage(unsigned i, jx_buf *b)
{
    unsigned x = i * 2654435761u + 12345u;
    unsigned n = 6 + x % 20;
    Jx_buf_reset(b);
    Jx_buf_printf(b, "（%u）", i % 9 + 1);
    for (unsigned k = 0; k < n; k++) {
        x = x * 1103515245u + 12345u;
        Jx_buf_puts(b,
                    phrases[(x >> 16) % (sizeof phrases / sizeof *phrases)]);
        if (k % 5 == 4)
            Jx_buf_printf(b, "%u", (x >> 8) % 1000);
    }
}

/* Packs and unpacks text with p and u; 1 when the round trip holds. */
static int round_trip(jx_text_packer *p, jx_text_unpacker *u, const char *text,
                      size_t len, size_t *stored_len)
{
    jx_buf stored = {0};
    jx_error err = {0};
    const char *back;
    size_t back_len;
    int ok = Jx_text_pack(p, text, len, &stored, &err) == JX_OK &&
             Jx_text_unpack(u, stored.data, stored.len, &back, &back_len,
                            &err) == JX_OK &&
             back_len == len && memcmp(back, text, len) == 0;
    if (stored_len)
        *stored_len = stored.len;
    Jx_buf_clear(&stored);
    return ok;
}

/* A dictionary lookup that knows one dictionary. */
typedef struct one_dict {
    unsigned id;
    const jx_buf *dict;
    int calls;
} one_dict;

static jx_status lookup_one(unsigned id, jx_buf *dict, void *ctx,
                            jx_error *err)
{
    one_dict *o = ctx;
    o->calls++;
    if (id == o->id && Jx_buf_append(dict, o->dict->data, o->dict->len))
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    return JX_OK;
}

/* Trains a dictionary on n generated passages. */
static jx_status train(unsigned n, jx_buf *dict, unsigned *id)
{
    jx_buf all = {0}, one = {0};
    size_t *sizes = calloc(n, sizeof *sizes);
    for (unsigned i = 0; i < n; i++) {
        make_passage(i, &one);
        Jx_buf_append(&all, one.data, one.len);
        sizes[i] = one.len;
    }
    jx_error err = {0};
    jx_status st = Jx_text_dict_train(all.data, sizes, n, dict, id, &err);
    free(sizes);
    Jx_buf_clear(&all);
    Jx_buf_clear(&one);
    return st;
}

static void test_without_dictionary(void)
{
    jx_text_packer *p = NULL;
    jx_text_unpacker *u = NULL;
    jx_error err = {0};
    CHECK(Jx_text_packer_new(NULL, 0, &p, &err) == JX_OK, "packer, no dict",
          "%s", err.message);
    CHECK(Jx_text_unpacker_new(NULL, NULL, &u, &err) == JX_OK, "unpacker",
          "%s", err.message);
    static const char marked0[] = "\0starts with NUL", marked1[] = "\x01x";
    CHECK(round_trip(p, u, "", 0, NULL), "empty text", "round trip failed");
    CHECK(round_trip(p, u, "\x1f预算", strlen("\x1f预算"), NULL),
          "heading separator first", "round trip failed");
    CHECK(round_trip(p, u, marked0, sizeof marked0 - 1, NULL),
          "text starting with 0x00", "round trip failed");
    CHECK(round_trip(p, u, marked1, sizeof marked1 - 1, NULL),
          "text starting with 0x01", "round trip failed");
    size_t stored = 0;
    jx_buf big = {0};
    make_passage(7, &big);
    CHECK(round_trip(p, u, big.data, big.len, &stored) && stored == big.len,
          "stored as is without a dictionary", "%zu bytes for %zu", stored,
          big.len);
    /* Text stored before packing existed is read as it is. */
    const char *t;
    size_t tl;
    CHECK(Jx_text_unpack(u, "一、概况\x1f内容", strlen("一、概况\x1f内容"), &t,
                         &tl, &err) == JX_OK &&
              tl == strlen("一、概况\x1f内容"),
          "old raw form", "%s", err.message);
    Jx_buf_clear(&big);
    Jx_text_packer_destroy(p);
    Jx_text_unpacker_destroy(u);
}

static void test_with_dictionary(void)
{
    jx_buf dict = {0}, text = {0};
    unsigned id = 0;
    CHECK(train(4000, &dict, &id) == JX_OK && id && dict.len,
          "train on 4000 passages", "no dictionary");
    CHECK_INT(Jx_text_dict_id(dict.data, dict.len), id, "dictionary id");
    jx_text_packer *p = NULL;
    jx_text_unpacker *u = NULL;
    one_dict known = {id, &dict, 0};
    jx_error err = {0};
    Jx_text_packer_new(dict.data, dict.len, &p, &err);
    Jx_text_unpacker_new(lookup_one, &known, &u, &err);
    size_t raw = 0, packed = 0, bad = 0;
    for (unsigned i = 5000; i < 6000; i++) { /* passages not trained on */
        size_t stored = 0;
        make_passage(i, &text);
        bad += !round_trip(p, u, text.data, text.len, &stored);
        raw += text.len;
        packed += stored;
    }
    CHECK_INT(bad, 0, "1000 passages round trip");
    CHECK(packed * 2 < raw, "packed under half the size", "%zu of %zu bytes",
          packed, raw);
    CHECK_INT(known.calls, 1, "dictionary loaded once");

    /* A damaged frame and a dictionary nobody has. */
    jx_buf stored = {0};
    make_passage(1, &text);
    Jx_text_pack(p, text.data, text.len, &stored, &err);
    CHECK(stored.len && stored.data[0] == 0x01, "packed form marked",
          "first byte %d", stored.len ? stored.data[0] : -1);
    const char *t;
    size_t tl;
    jx_buf cut = {0};
    Jx_buf_append(&cut, stored.data, stored.len / 2);
    CHECK(Jx_text_unpack(u, cut.data, cut.len, &t, &tl, &err) ==
                  JX_ERR_DB_CORRUPT &&
              strstr(err.message, "damaged"),
          "damaged form refused", "%s", err.message);
    jx_text_unpacker *stranger = NULL;
    one_dict other = {id + 1, &dict, 0};
    Jx_text_unpacker_new(lookup_one, &other, &stranger, &err);
    CHECK(Jx_text_unpack(stranger, stored.data, stored.len, &t, &tl, &err) ==
                  JX_ERR_DB_CORRUPT &&
              strstr(err.message, "dictionary"),
          "missing dictionary named", "%s", err.message);
    /* Too few samples to train on is JX_ERR_ARG, not a crash. */
    jx_buf small = {0};
    unsigned small_id = 1;
    CHECK(train(3, &small, &small_id) == JX_ERR_ARG && small_id == 0,
          "too few samples refused", "id %u", small_id);
    Jx_buf_clear(&small);
    Jx_buf_clear(&cut);
    Jx_buf_clear(&stored);
    Jx_text_unpacker_destroy(stranger);
    Jx_text_unpacker_destroy(u);
    Jx_text_packer_destroy(p);
    Jx_buf_clear(&dict);
    Jx_buf_clear(&text);
}

/* Samples a passage into ts and packs it with ts's packer, as the
 * indexer does; *stored and *len point into out. */
static void store_pack(jx_text_store *ts, const char *heading,
                       const char *text, jx_buf *out, const char **stored,
                       size_t *len)
{
    jx_error err = {0};
    jx_buf plain = {0};
    Jx_text_store_sample(ts, heading, text, &err);
    Jx_buf_puts(&plain, heading);
    Jx_buf_putc(&plain, 0x1f);
    Jx_buf_puts(&plain, text);
    Jx_text_pack(Jx_text_store_packer(ts), plain.data, plain.len, out, &err);
    Jx_buf_clear(&plain);
    *stored = out->data;
    *len = out->len;
}

/* Packs passages through a text store until it trains, commits, and
 * reopens it; readers over two databases find its dictionary. */
static void test_text_store(const char *dir)
{
    char db1[256], db2[256];
    snprintf(db1, sizeof db1, "%s/one", dir);
    snprintf(db2, sizeof db2, "%s/two", dir);
    jx_error err = {0};
    jx_wdb *w = NULL;
    jx_text_store *ts = NULL;
    CHECK(Jx_wdb_open(db1, 0, &w, &err) == JX_OK, "create db", "%s",
          err.message);
    if (!w)
        return;
    jx_db *view = Jx_wdb_reader(w);
    CHECK(Jx_text_store_open(view, 64 * 1024, &ts, &err) == JX_OK,
          "store on an empty db", "%s", err.message);
    jx_buf text = {0}, packed = {0};
    const char *stored;
    size_t len;
    int trained = 0;
    unsigned i = 0;
    for (; i < 150; i++) { /* about 35 KB: no training yet */
        make_passage(i, &text);
        store_pack(ts, "", text.data, &packed, &stored, &len);
    }
    Jx_text_store_train(ts, w, &trained, &err);
    CHECK(!trained && len == text.len + 1, "stored as is below the minimum",
          "trained %d, %zu bytes for %zu", trained, len, text.len + 1);
    for (; i < 2000; i++) {
        make_passage(i, &text);
        store_pack(ts, "", text.data, &packed, &stored, &len);
    }
    CHECK(Jx_text_store_train(ts, w, &trained, &err) == JX_OK && trained,
          "trained past the minimum", "%s", err.message);
    jx_buf after = {0};
    make_passage(9999, &text);
    store_pack(ts, "一、总体情况", text.data, &packed, &stored, &len);
    Jx_buf_append(&after, stored, len);
    CHECK(len < text.len && stored[0] == 0x01, "packed after training",
          "%zu bytes for %zu", len, text.len);
    Jx_text_store_destroy(ts);
    ts = NULL;
    Jx_wdb_commit(w, &err);
    /* Reopened, the store packs with the same dictionary. */
    CHECK(Jx_text_store_open(view, 0, &ts, &err) == JX_OK, "store reopened",
          "%s", err.message);
    store_pack(ts, "一、总体情况", text.data, &packed, &stored, &len);
    CHECK(len == after.len && memcmp(stored, after.data, len) == 0,
          "same dictionary after reopening", "%zu bytes, then %zu", after.len,
          len);
    Jx_text_store_destroy(ts);
    Jx_wdb_close(w);

    /* A reader over two databases finds the dictionary in the second. */
    jx_wdb *w2 = NULL;
    Jx_wdb_open(db2, 0, &w2, &err);
    Jx_wdb_commit(w2, &err);
    Jx_wdb_close(w2);
    const char *paths[] = {db2, db1};
    jx_db *both = NULL;
    jx_text_unpacker *u = NULL;
    CHECK(Jx_db_open(paths, 2, &both, &err) == JX_OK, "open two", "%s",
          err.message);
    Jx_text_unpacker_for(both, &u, &err);
    const char *back = NULL;
    size_t back_len = 0;
    jx_status st =
        Jx_text_unpack(u, after.data, after.len, &back, &back_len, &err);
    CHECK(st == JX_OK && back_len == strlen("一、总体情况") + 1 + text.len &&
              memcmp(back + back_len - text.len, text.data, text.len) == 0,
          "dictionary found in the second database", "%s", err.message);
    Jx_text_unpacker_destroy(u);
    Jx_db_close(both);
    Jx_buf_clear(&after);
    Jx_buf_clear(&text);
    Jx_buf_clear(&packed);
}

int main(void)
{
    jx_test_name = "passage_text";
    test_without_dictionary();
    test_with_dictionary();
    char dir[] = "/tmp/jx-ptext-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    test_text_store(dir);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup", "rm failed");
    TEST_MAIN_END();
}
