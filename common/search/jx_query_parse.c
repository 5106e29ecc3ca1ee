/* jx_query_parse.c: a small recursive-descent parser for the query
 * language. Grammar (OR binds tighter than the implicit AND, so
 * "预算 疫情 OR 新冠" is 预算 AND (疫情 OR 新冠)):
 *
 *   query   := seq END
 *   seq     := orexpr ( ["AND"] orexpr )*
 *   orexpr  := unary ( "OR" unary )*
 *   unary   := ("-" | "NOT") unary | primary
 *   primary := "(" seq ")" | FIELD ":" value | QUOTED | WORD
 *
 * Why not Xapian's QueryParser: the index keeps no positions, so strings
 * of three or more characters are checked against the stored text, and
 * NOT and OR over such strings can only be decided exactly by evaluating
 * this tree for each candidate (docs/design.md). */
#include "jx_query_parse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_array.h"
#include "jx_buf.h"
#include "jx_field.h"
#include "jx_json.h"
#include "jx_record.h"
#include "jx_text.h"
#include "jx_tokenize.h"

typedef enum tok_kind {
    TOK_END,
    TOK_LPAREN,
    TOK_RPAREN,
    TOK_MINUS,
    TOK_AND,
    TOK_OR,
    TOK_NOT,
    TOK_WORD,   /* text: a bare word */
    TOK_QUOTED, /* text: a quoted string */
    TOK_FIELD   /* field: name, text: value */
} tok_kind;

typedef struct tok {
    tok_kind kind;
    char *text;
    char field[16];
} tok;

typedef struct parser {
    tok *toks;
    size_t n, cap, pos;
    jx_error *err;
} parser;

/* ---- messages ---------------------------------------------------------- */

/* A piece of the user's query fit to quote in a one-line message: control
 * characters and invalid UTF-8 escaped (\xNN), and cut after about 60
 * characters. Writes into buf (JX_SHOWN bytes) and returns it. */
#define JX_SHOWN 256
static const char *shown(const char *s, char buf[JX_SHOWN])
{
    jx_buf b = {0};
    size_t len = strlen(s), i = 0, chars = 0;
    while (i < len && chars < 60) {
        uint32_t cp;
        size_t n = Jx_utf8_decode(s + i, len - i, &cp);
        chars++;
        i += n;
    }
    char *head = strndup(s, i);
    if (!head || Jx_escape_line(&b, head)) {
        free(head);
        Jx_buf_clear(&b);
        snprintf(buf, JX_SHOWN, "?");
        return buf;
    }
    snprintf(buf, JX_SHOWN, "%s%s", b.data ? b.data : "", i < len ? "…" : "");
    free(head);
    Jx_buf_clear(&b);
    return buf;
}

/* ---- lexing ------------------------------------------------------------ */

/* Length of the quote character at s (ASCII " or “ ”), or 0. */
static size_t quote_len(const char *s)
{
    if (*s == '"')
        return 1;
    if (strncmp(s, "\xe2\x80\x9c", 3) == 0 ||
        strncmp(s, "\xe2\x80\x9d", 3) == 0)
        return 3;
    return 0;
}

/* Length of white space at s (ASCII or U+3000), or 0. */
static size_t space_len(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        return 1;
    if (strncmp(s, "\xe3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

/* True where a bare word ends. */
static int word_ends(const char *s)
{
    return !*s || space_len(s) || *s == '(' || *s == ')' || quote_len(s);
}

/* Appends a token (taking text). */
static jx_status push(parser *p, tok_kind kind, char *text, const char *field)
{
    if (Jx_array_reserve(&p->toks, &p->cap, p->n + 1, sizeof *p->toks)) {
        free(text);
        return Jx_error_set(p->err, JX_ERR_NOMEM, "out of memory");
    }
    tok *t = &p->toks[p->n++];
    t->kind = kind;
    t->text = text;
    t->field[0] = '\0';
    if (field)
        snprintf(t->field, sizeof t->field, "%s", field);
    return JX_OK;
}

/* Reads a quoted string starting at *s (on the opening quote). */
static jx_status lex_quoted(parser *p, const char **s, char **out)
{
    const char *start = *s + quote_len(*s), *q = start;
    while (*q && !quote_len(q))
        q++;
    if (!*q)
        return Jx_error_set(p->err, JX_ERR_QUERY,
                            "unbalanced quote: a \" is not closed");
    *out = strndup(start, (size_t)(q - start));
    *s = q + quote_len(q);
    return *out ? JX_OK : Jx_error_set(p->err, JX_ERR_NOMEM, "out of memory");
}

/* Length of an ASCII field name followed by ':' at s, or 0. */
static size_t field_len(const char *s)
{
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
           s[n] == '_')
        n++;
    return n > 0 && n < 16 && s[n] == ':' ? n : 0;
}

/* Reads a field:value token starting at *s. */
static jx_status lex_field(parser *p, const char **s, size_t nlen)
{
    char sh[JX_SHOWN]; /* for quoting the query in messages */
    char name[16];
    memcpy(name, *s, nlen);
    name[nlen] = '\0';
    for (char *c = name; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    const char *v = *s + nlen + 1;
    char *value = NULL;
    jx_status st = JX_OK;
    if (quote_len(v)) {
        st = lex_quoted(p, &v, &value);
    } else {
        const char *e = v;
        while (!word_ends(e))
            e++;
        if (e == v)
            return Jx_error_set(p->err, JX_ERR_QUERY,
                                "field '%s:' has no value", shown(name, sh));
        if (!(value = strndup(v, (size_t)(e - v))))
            st = Jx_error_set(p->err, JX_ERR_NOMEM, "out of memory");
        v = e;
    }
    if (st)
        return st;
    *s = v;
    return push(p, TOK_FIELD, value, name);
}

/* Reads a bare word (or operator) starting at *s. */
static jx_status lex_word(parser *p, const char **s)
{
    const char *e = *s;
    while (!word_ends(e))
        e++;
    size_t n = (size_t)(e - *s);
    tok_kind kind = TOK_WORD;
    if (n == 2 && strncmp(*s, "OR", 2) == 0)
        kind = TOK_OR;
    else if (n == 3 && strncmp(*s, "AND", 3) == 0)
        kind = TOK_AND;
    else if (n == 3 && strncmp(*s, "NOT", 3) == 0)
        kind = TOK_NOT;
    char *text = kind == TOK_WORD ? strndup(*s, n) : NULL;
    if (kind == TOK_WORD && !text)
        return Jx_error_set(p->err, JX_ERR_NOMEM, "out of memory");
    *s = e;
    return push(p, kind, text, NULL);
}

/* Splits the query into tokens. */
static jx_status lex(parser *p, const char *s)
{
    jx_status st = JX_OK;
    while (!st && *s) {
        size_t sp = space_len(s), nlen;
        if (sp) {
            s += sp;
        } else if (*s == '(' || *s == ')') {
            st = push(p, *s == '(' ? TOK_LPAREN : TOK_RPAREN, NULL, NULL);
            s++;
        } else if (quote_len(s)) {
            char *text = NULL;
            st = lex_quoted(p, &s, &text);
            if (!st)
                st = push(p, TOK_QUOTED, text, NULL);
        } else if (*s == '-' && s[1] && !space_len(s + 1) && s[1] != ')' &&
                   s[1] != '-') {
            st = push(p, TOK_MINUS, NULL, NULL);
            s++;
        } else if ((nlen = field_len(s)) > 0) {
            st = lex_field(p, &s, nlen);
        } else {
            st = lex_word(p, &s);
        }
    }
    return st ? st : push(p, TOK_END, NULL, NULL);
}

/* ---- nodes ------------------------------------------------------------- */

/* Allocates a node of a kind with open bounds. */
static jx_qnode *node_new(jx_qkind kind)
{
    jx_qnode *n = calloc(1, sizeof *n);
    if (n) {
        n->kind = kind;
        n->lo = -HUGE_VAL;
        n->hi = HUGE_VAL;
    }
    return n;
}

void Jx_qnode_destroy(jx_qnode *node)
{
    if (!node)
        return;
    for (size_t i = 0; i < node->n_kids; i++)
        Jx_qnode_destroy(node->kids[i]);
    free(node->kids);
    free(node->text);
    free(node->form);
    free(node);
}

/* Counts tokens (the callback of Jx_tokenize). */
static int count_token(const jx_token *t, void *ctx)
{
    (*(size_t *)ctx)++;
    return 0;
}

/* Sets node's text and search form; an error when nothing in it can be
 * searched (only punctuation, say). */
static jx_status set_text(jx_qnode *node, const char *text, const char *what,
                          jx_error *err)
{
    char sh[JX_SHOWN]; /* for quoting the query in messages */
    jx_buf form = {0};
    size_t tokens = 0;
    if (!(node->text = strdup(text)) ||
        Jx_search_form(text, strlen(text), &form, NULL)) {
        Jx_buf_clear(&form);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    Jx_tokenize(form.data ? form.data : "", form.len, count_token, &tokens);
    node->form_len = form.len;
    node->form = Jx_buf_detach(&form);
    if (!node->form)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    if (tokens == 0)
        return Jx_error_set(err, JX_ERR_QUERY,
                            "nothing to search for in %s'%s' (only "
                            "punctuation or spaces)",
                            what, shown(text, sh));
    return JX_OK;
}

/* Parses a whole number or decimal that fills s; 0 if it is not one. */
static int parse_number(const char *s, double *out)
{
    char *end;
    if (!*s || !((*s >= '0' && *s <= '9') || *s == '.' || *s == '-'))
        return 0;
    *out = strtod(s, &end);
    return *end == '\0' && isfinite(*out);
}

/* Parses "a", "a..b", "a.." or "..b" (folded to ASCII first) into lo/hi,
 * each checked by valid(). */
static jx_status parse_range(const char *field, const char *value,
                             int (*valid)(double), jx_qnode *n, jx_error *err)
{
    char sh[JX_SHOWN]; /* for quoting the query in messages */
    jx_buf f = {0};
    if (Jx_search_form(value, strlen(value), &f, NULL)) {
        Jx_buf_clear(&f);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    char *s = f.data ? f.data : "";
    char *dots = strstr(s, "..");
    jx_status st = JX_OK;
    double lo = -HUGE_VAL, hi = HUGE_VAL;
    if (dots) {
        *dots = '\0';
        if ((*s && (!parse_number(s, &lo) || !valid(lo))) ||
            (dots[2] && (!parse_number(dots + 2, &hi) || !valid(hi))) ||
            (!*s && !dots[2]))
            st = JX_ERR_QUERY;
    } else if (!parse_number(s, &lo) || !valid(lo)) {
        st = JX_ERR_QUERY;
    } else {
        hi = lo;
    }
    Jx_buf_clear(&f);
    if (st)
        return Jx_error_set(err, st, "bad %s '%s'", field, shown(value, sh));
    if (lo > hi)
        return Jx_error_set(err, JX_ERR_QUERY,
                            "bad range %s:%s (the start is after the end)",
                            field, shown(value, sh));
    n->lo = lo;
    n->hi = hi;
    return JX_OK;
}

/* A fiscal year: a whole number from JX_QUERY_YEAR_MIN to JX_YEAR_MAX. */
static int valid_year(double y)
{
    return y == floor(y) && y >= JX_QUERY_YEAR_MIN && y <= JX_YEAR_MAX;
}

/* Reads a year at s: ASCII digits, then perhaps 年 or 年度; returns the
 * bytes read and sets *digits to the number of digits. */
static size_t year_part(const char *s, size_t *digits)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    *digits = n;
    if (n && strncmp(s + n, "年", strlen("年")) == 0) {
        n += strlen("年");
        if (strncmp(s + n, "度", strlen("度")) == 0)
            n += strlen("度");
    }
    return n;
}

/* Rewrites the common ways of writing a year or a range of years in the
 * search form f ("2021年", "2021年度", "2020-2022", "2020～2022",
 * "2020—2022", "2020至2022", "2020年-2022年"; full-width digits and
 * ～ － are already folded) as "2021" or "2020..2022" into out; 0 when
 * f is none of them (then it is parsed as it is). */
static int year_form(const char *f, jx_buf *out)
{
    static const char *const seps[] = {"..", "——", "—",  "–", "-",
                                       "~",  "〜", "至", "到"};
    size_t da, db, a = year_part(f, &da), len = 0;
    if (!f[a] && da)
        return !Jx_buf_printf(out, "%.*s", (int)da, f);
    for (size_t i = 0; i < sizeof seps / sizeof *seps && !len; i++)
        if (strncmp(f + a, seps[i], strlen(seps[i])) == 0)
            len = strlen(seps[i]);
    if (!len || (a && !da))
        return 0;
    size_t b = year_part(f + a + len, &db);
    if (f[a + len + b] || (b && !db) || ((!da || !db) && len != 2))
        return 0; /* an open range only with ".." */
    return !Jx_buf_printf(out, "%.*s..%.*s", (int)da, f, (int)db, f + a + len);
}

/* Parses the value of year: or --year: a year or a range as parse_range
 * takes it, or written in one of the ways year_form knows. */
static jx_status parse_year(const char *value, jx_qnode *n, jx_error *err)
{
    char sh[JX_SHOWN]; /* for quoting the query in messages */
    jx_buf f = {0}, form = {0};
    jx_status st = JX_OK;
    if (Jx_search_form(value, strlen(value), &f, NULL))
        st = Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    else if (f.data && year_form(f.data, &form))
        st = parse_range("year", form.data, valid_year, n, err);
    else
        st = parse_range("year", value, valid_year, n, err);
    if (st == JX_ERR_QUERY && strncmp(err->message, "bad year", 8) == 0)
        Jx_error_set(err, st,
                     "bad year '%s' (a year from %d to %d, as 2021, or a "
                     "range, as 2019..2022)",
                     shown(value, sh), JX_QUERY_YEAR_MIN, JX_YEAR_MAX);
    Jx_buf_clear(&f);
    Jx_buf_clear(&form);
    return st;
}

/* A score: from 0 to 100. */
static int valid_score(double s)
{
    return s >= 0 && s <= 100;
}

/* Fills a filter node for field from value. */
static jx_status fill_filter(jx_qnode *n, const char *field, const char *value,
                             jx_error *err)
{
    char sh[JX_SHOWN]; /* for quoting the query in messages */
    if (n->kind == JX_Q_YEAR)
        return parse_year(value, n, err);
    if (n->kind == JX_Q_SCORE)
        return parse_range("score", value, valid_score, n, err);
    if (n->kind == JX_Q_GRADE) {
        const char *g = Jx_grade_canonical(value);
        if (!g)
            return Jx_error_set(err, JX_ERR_QUERY,
                                "unknown grade '%s' (use 优 良 中 差 or "
                                "优秀 良好 合格 不合格)",
                                shown(value, sh));
        n->text = strdup(g);
    } else if (n->kind == JX_Q_TYPE) {
        const char *t = Jx_report_type_of(value);
        if (!t)
            return Jx_error_set(err, JX_ERR_QUERY,
                                "unknown report type '%s' (use 项目支出, "
                                "部门整体支出 or 其他)",
                                shown(value, sh));
        n->text = strdup(t);
    } else {
        return set_text(n, value, "", err);
    }
    return n->text ? JX_OK : Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
}

/* The node kind of a filter field, or -1 for one that is not a filter.
 * The field names are the report model's (Jx_field_by_name: the names,
 * dept and report_type). */
static int filter_kind(const char *field, const char *value)
{
    static const jx_qkind kinds[JX_FIELD_COUNT] = {
        [JX_FIELD_TITLE] = JX_Q_TITLE,   [JX_FIELD_DEPT] = JX_Q_DEPT,
        [JX_FIELD_REGION] = JX_Q_REGION, [JX_FIELD_YEAR] = JX_Q_YEAR,
        [JX_FIELD_SCORE] = JX_Q_SCORE,   [JX_FIELD_GRADE] = JX_Q_GRADE,
        [JX_FIELD_TYPE] = JX_Q_TYPE,
    };
    jx_field_id id = Jx_field_by_name(field);
    if (id == JX_FIELD_COUNT)
        return -1;
    if (id == JX_FIELD_SCORE && strcmp(value, "none") == 0)
        return JX_Q_NO_SCORE;
    return (int)kinds[id];
}

jx_status Jx_qnode_filter(const char *field, const char *value, jx_qnode **out,
                          jx_error *err)
{
    char sh[JX_SHOWN]; /* for quoting the query in messages */
    int kind = filter_kind(field, value);
    if (kind < 0)
        return Jx_error_set(err, JX_ERR_QUERY,
                            "unknown field '%s:' (known: title: dept: "
                            "region: section: year: score: grade: type:)",
                            shown(field, sh));
    jx_qnode *n = node_new((jx_qkind)kind);
    if (!n)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st =
        kind == JX_Q_NO_SCORE ? JX_OK : fill_filter(n, field, value, err);
    if (st) {
        Jx_qnode_destroy(n);
        return st;
    }
    *out = n;
    return JX_OK;
}

jx_status Jx_qnode_combine(jx_qkind kind, jx_qnode **kids, size_t n,
                           jx_qnode **out, jx_error *err)
{
    jx_qnode *node = node_new(kind);
    jx_qnode **copy = malloc((n ? n : 1) * sizeof *copy);
    if (!node || !copy) {
        free(node);
        free(copy);
        for (size_t i = 0; i < n; i++)
            Jx_qnode_destroy(kids[i]);
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    }
    memcpy(copy, kids, n * sizeof *copy);
    node->kids = copy;
    node->n_kids = n;
    *out = node;
    return JX_OK;
}

/* ---- parsing ----------------------------------------------------------- */

static jx_status parse_seq(parser *p, jx_qnode **out);

/* The current token. */
static const tok *peek(const parser *p)
{
    return &p->toks[p->pos];
}

/* A text node for a word or quoted string. */
static jx_status text_node(parser *p, const char *text, int section,
                           jx_qnode **out)
{
    jx_qnode *n = node_new(JX_Q_TEXT);
    if (!n)
        return Jx_error_set(p->err, JX_ERR_NOMEM, "out of memory");
    n->section = section;
    jx_status st = set_text(n, text, section ? "section:" : "", p->err);
    if (st) {
        Jx_qnode_destroy(n);
        return st;
    }
    *out = n;
    return JX_OK;
}

/* primary := "(" seq ")" | FIELD value | QUOTED | WORD */
static jx_status parse_primary(parser *p, jx_qnode **out)
{
    const tok *t = peek(p);
    switch (t->kind) {
    case TOK_LPAREN: {
        p->pos++;
        if (peek(p)->kind == TOK_RPAREN)
            return Jx_error_set(p->err, JX_ERR_QUERY, "empty parentheses");
        jx_status st = parse_seq(p, out);
        if (st)
            return st;
        if (peek(p)->kind != TOK_RPAREN) {
            Jx_qnode_destroy(*out);
            return Jx_error_set(p->err, JX_ERR_QUERY,
                                "unbalanced parentheses: a ( is not closed");
        }
        p->pos++;
        return JX_OK;
    }
    case TOK_FIELD:
        p->pos++;
        if (strcmp(t->field, "section") == 0)
            return text_node(p, t->text, 1, out);
        return Jx_qnode_filter(t->field, t->text, out, p->err);
    case TOK_WORD:
    case TOK_QUOTED:
        p->pos++;
        return text_node(p, t->text, 0, out);
    case TOK_RPAREN:
        return Jx_error_set(p->err, JX_ERR_QUERY,
                            "unbalanced parentheses: a ) has no (");
    case TOK_END:
        return Jx_error_set(p->err, JX_ERR_QUERY,
                            "the query ends where a word was expected");
    default:
        return Jx_error_set(p->err, JX_ERR_QUERY,
                            "an operator (OR, AND, NOT) is missing a word");
    }
}

/* unary := ("-" | "NOT") unary | primary */
static jx_status parse_unary(parser *p, jx_qnode **out)
{
    tok_kind k = peek(p)->kind;
    if (k != TOK_MINUS && k != TOK_NOT)
        return parse_primary(p, out);
    p->pos++;
    jx_qnode *kid = NULL;
    jx_status st = parse_unary(p, &kid);
    return st ? st : Jx_qnode_combine(JX_Q_NOT, &kid, 1, out, p->err);
}

/* Parses items separated by sep (or adjacent, when sep is TOK_AND) into
 * one node of kind (a single item stands for itself). */
static jx_status parse_list(parser *p, jx_qkind kind, tok_kind sep,
                            jx_status (*item)(parser *, jx_qnode **),
                            jx_qnode **out)
{
    jx_qnode **kids = NULL;
    size_t n = 0;
    jx_status st = JX_OK;
    for (;;) {
        jx_qnode *kid = NULL, **more;
        if ((st = item(p, &kid)))
            break;
        if (!(more = realloc(kids, (n + 1) * sizeof *kids))) {
            Jx_qnode_destroy(kid);
            st = Jx_error_set(p->err, JX_ERR_NOMEM, "out of memory");
            break;
        }
        kids = more;
        kids[n++] = kid;
        tok_kind next = peek(p)->kind;
        if (next == sep) {
            p->pos++;
            continue;
        }
        if (sep == TOK_AND && next != TOK_END && next != TOK_RPAREN &&
            next != TOK_OR)
            continue; /* implicit AND */
        break;
    }
    if (st) {
        for (size_t i = 0; i < n; i++)
            Jx_qnode_destroy(kids[i]);
        free(kids);
        return st;
    }
    if (n == 1) {
        *out = kids[0];
        free(kids);
        return JX_OK;
    }
    st = Jx_qnode_combine(kind, kids, n, out, p->err);
    free(kids);
    return st;
}

/* orexpr := unary ( "OR" unary )* */
static jx_status parse_or(parser *p, jx_qnode **out)
{
    return parse_list(p, JX_Q_OR, TOK_OR, parse_unary, out);
}

/* seq := orexpr ( ["AND"] orexpr )* */
static jx_status parse_seq(parser *p, jx_qnode **out)
{
    return parse_list(p, JX_Q_AND, TOK_AND, parse_or, out);
}

jx_status Jx_query_parse(const char *query, jx_qnode **out, jx_error *err)
{
    parser p = {0};
    p.err = err;
    *out = NULL;
    if (strlen(query) > JX_MAX_QUERY_BYTES)
        return Jx_error_set(err, JX_ERR_QUERY,
                            "query too long (%zu bytes; the limit is %d)",
                            strlen(query), JX_MAX_QUERY_BYTES);
    jx_status st = lex(&p, query);
    if (!st && peek(&p)->kind == TOK_END)
        st = Jx_error_set(err, JX_ERR_QUERY, "empty query");
    if (!st)
        st = parse_seq(&p, out);
    if (!st && peek(&p)->kind != TOK_END) {
        st = Jx_error_set(err, JX_ERR_QUERY,
                          peek(&p)->kind == TOK_RPAREN
                              ? "unbalanced parentheses: a ) has no ("
                              : "unexpected operator at the end");
    }
    for (size_t i = 0; i < p.n; i++)
        free(p.toks[i].text);
    free(p.toks);
    if (st) {
        Jx_qnode_destroy(*out);
        *out = NULL;
    }
    return st;
}

/* ---- describing -------------------------------------------------------- */

/* Appends a bound, or "*" when open. */
static void put_bound(jx_buf *b, double v)
{
    if (isinf(v))
        Jx_buf_puts(b, "*");
    else
        Jx_buf_printf(b, "%g", v);
}

/* Appends the S-expression of n. */
static void describe(const jx_qnode *n, jx_buf *b)
{
    static const char *const names[] = {
        [JX_Q_AND] = "AND",     [JX_Q_OR] = "OR",
        [JX_Q_NOT] = "NOT",     [JX_Q_YEAR] = "YEAR",
        [JX_Q_SCORE] = "SCORE", [JX_Q_NO_SCORE] = "NO-SCORE",
        [JX_Q_DEPT] = "DEPT",   [JX_Q_REGION] = "REGION",
        [JX_Q_TITLE] = "TITLE", [JX_Q_GRADE] = "GRADE",
        [JX_Q_TYPE] = "TYPE",
    };
    if (n->kind == JX_Q_TEXT) {
        Jx_buf_printf(b, n->section ? "(SECTION \"%s\")" : "\"%s\"", n->form);
        return;
    }
    Jx_buf_printf(b, "(%s", names[n->kind]);
    if (n->kind == JX_Q_YEAR || n->kind == JX_Q_SCORE) {
        Jx_buf_putc(b, ' ');
        put_bound(b, n->lo);
        Jx_buf_putc(b, ' ');
        put_bound(b, n->hi);
    } else if (n->text) {
        Jx_buf_printf(b, " \"%s\"", n->form ? n->form : n->text);
    }
    for (size_t i = 0; i < n->n_kids; i++) {
        Jx_buf_putc(b, ' ');
        describe(n->kids[i], b);
    }
    Jx_buf_putc(b, ')');
}

char *Jx_qnode_describe(const jx_qnode *node)
{
    jx_buf b = {0};
    describe(node, &b);
    return Jx_buf_detach(&b);
}

/* True when a tree holds a string to find. */
static int tree_has_text(const jx_qnode *n)
{
    if (n->kind == JX_Q_TEXT)
        return 1;
    for (size_t i = 0; i < n->n_kids; i++)
        if (tree_has_text(n->kids[i]))
            return 1;
    return 0;
}

int Jx_query_finds_text(const char *query)
{
    jx_qnode *tree = NULL;
    jx_error err = {0};
    if (!query || !*query || Jx_query_parse(query, &tree, &err))
        return 0;
    int has = tree_has_text(tree);
    Jx_qnode_destroy(tree);
    return has;
}
