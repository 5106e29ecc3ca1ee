/* fuzz_query_parse.c: libFuzzer target for the query language
 * (jx_query_parse.h): Jx_query_parse on arbitrary bytes, then
 * Jx_qnode_describe and Jx_qnode_destroy on the tree; the first byte also
 * picks a field for Jx_qnode_filter on the rest, as the --year, --dept...
 * options do. Checks that a failure carries a message and no tree, that
 * a tree is well formed (text nodes have a search form, NOT one child,
 * AND/OR two or more, ranges not inverted), and that describing it works. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "jx_query_parse.h"

/* True when s holds no line break. */
static int one_line(const char *s)
{
    return strchr(s, '\n') == NULL && strchr(s, '\r') == NULL;
}

static void check_tree(const jx_qnode *n, unsigned depth)
{
    FUZZ_CHECK(n != NULL);
    FUZZ_CHECK(depth < 100000);
    switch (n->kind) {
    case JX_Q_TEXT:
        FUZZ_CHECK(n->text && n->form && n->form_len > 0);
        FUZZ_CHECK(fuzz_valid_utf8(n->form, n->form_len));
        break;
    case JX_Q_NOT: FUZZ_CHECK(n->n_kids == 1); break;
    case JX_Q_AND:
    case JX_Q_OR: FUZZ_CHECK(n->n_kids >= 2); break;
    case JX_Q_YEAR:
    case JX_Q_SCORE: FUZZ_CHECK(n->lo <= n->hi); break;
    default: break;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        check_tree(n->kids[i], depth + 1);
}

static void parse_one(const char *q)
{
    jx_qnode *root = NULL;
    jx_error err = {0};
    jx_status st = Jx_query_parse(q, &root, &err);
    if (st != JX_OK) {
        FUZZ_CHECK(st == JX_ERR_QUERY || st == JX_ERR_NOMEM);
        FUZZ_CHECK(err.message[0] != '\0');
        /* One line: the query's own line breaks must not show raw. */
        FUZZ_CHECK_KNOWN(one_line(err.message));
        Jx_qnode_destroy(root);
        return;
    }
    check_tree(root, 0);
    char *d = Jx_qnode_describe(root);
    FUZZ_CHECK(d != NULL);
    free(d);
    Jx_qnode_destroy(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *fields[] = {"year", "dept",  "region", "score",
                                   "grade", "type", "title"};
    char *q = malloc(size + 1);
    if (!q)
        return 0;
    memcpy(q, data, size);
    q[size] = '\0'; /* a NUL inside ends the query, as argv would */
    parse_one(q);
    if (size > 0) {
        jx_qnode *node = NULL;
        jx_error err = {0};
        const char *field = fields[data[0] % (sizeof fields / sizeof *fields)];
        if (Jx_qnode_filter(field, q + 1, &node, &err) == JX_OK)
            check_tree(node, 0);
        else
            FUZZ_CHECK(err.message[0] != '\0');
        Jx_qnode_destroy(node);
    }
    free(q);
    return 0;
}
