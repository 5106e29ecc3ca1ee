/* cli.c: the words for a refused command-line option, shared by
 * jixiao-index and jixiao-search so that both say it the same way, with
 * the closest real option when the word looks like a typo of one.
 * Compiled into both programs (see cli.h). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "jixiao.h"

/* Longest option name compared for "did you mean". */
#define NAME_MAX_LEN 40

/* The length of name up to a '=' or its end. */
static size_t name_len(const char *name)
{
    const char *eq = strchr(name, '=');
    return eq ? (size_t)(eq - name) : strlen(name);
}

/* Edit distance between a[0..na) and b[0..nb) counting an insertion, a
 * deletion, a change or the swap of two neighbouring letters as one
 * edit (optimal string alignment). */
static size_t distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t d[NAME_MAX_LEN + 1][NAME_MAX_LEN + 1];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[na][nb];
}

const char *cli_closest(const char *name, const struct option *longs)
{
    size_t n = name_len(name), best = 3;
    const char *found = NULL;
    if (n == 0 || n > NAME_MAX_LEN)
        return NULL;
    for (const struct option *o = longs; o->name; o++) {
        size_t len = strlen(o->name);
        if (len > NAME_MAX_LEN)
            continue;
        size_t d = distance(name, n, o->name, len);
        if (d < best && 2 * d < n) {
            best = d;
            found = o->name;
        }
    }
    return found;
}

int cli_looks_like_query(const char *word)
{
    if (word[0] != '-' || word[1] == '-' || word[1] == '\0')
        return 0;
    size_t alnum = 0;
    for (const unsigned char *p = (const unsigned char *)word + 1; *p; p++) {
        if (*p >= 0x80)
            return 1;
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9'))
            alnum++;
    }
    return alnum >= 3;
}

/* True when word is a cluster of short options ("-lx"). */
static int short_word(const char *word)
{
    return word[0] == '-' && word[1] != '-' && word[1] != '\0';
}

/* The long option that name (up to a '=') is, or abbreviates without
 * ambiguity, among those with value val (any value when val is -1). */
static const struct option *long_named(const char *name,
                                       const struct option *longs, int val)
{
    size_t n = name_len(name);
    const struct option *found = NULL;
    for (const struct option *o = longs; o->name; o++) {
        if ((val != -1 && o->val != val) || strncmp(o->name, name, n) != 0)
            continue;
        if (strlen(o->name) == n)
            return o; /* an exact name wins over abbreviations */
        if (!found)
            found = o;
        else if (found->val != o->val)
            return NULL;
    }
    return found;
}

/* Appends the "did you mean" or query hint for an unknown word. */
static int unknown_hint(FILE *msg, const char *word, const char *name,
                        const struct option *longs, const char *prog)
{
    const char *close = cli_closest(name, longs);
    if (close)
        return (fprintf(msg, " (did you mean --%s?)", close) < 0);
    if (prog && cli_looks_like_query(word))
        return (fprintf(msg,
                        " (a query that starts with '-' goes after "
                        "--: %s -- %s)",
                        prog, word) < 0);
    return 0;
}

/* An unknown short option: optopt inside word (a cluster like "-lx" or
 * a query term like "-疫情"). */
static int short_error(FILE *msg, const char *word, const struct option *longs,
                       const char *prog)
{
    unsigned char opt = (unsigned char)optopt;
    int err;
    if (opt >= 0x80 || opt < 0x20 || cli_looks_like_query(word) ||
        cli_closest(word + 1, longs))
        err = (fprintf(msg, "unknown option '%s'", word) < 0);
    else if (strlen(word) > 2)
        err = (fprintf(msg, "unknown option '-%c' in '%s'", opt, word) < 0);
    else
        err = (fprintf(msg, "unknown option '-%c'", opt) < 0);
    return err || unknown_hint(msg, word, word + 1, longs, prog);
}

/* The first option abbreviated by name[0..n) with the value of o (so
 * that --color and --colour are listed once). */
static const struct option *first_of_val(const char *name, size_t n,
                                         const struct option *longs,
                                         const struct option *o)
{
    for (const struct option *p = longs; p != o; p++)
        if (p->val == o->val && strncmp(p->name, name, n) == 0)
            return p;
    return o;
}

/* An unknown or ambiguous long option word ("--yaer", "--co"). */
static int long_error(FILE *msg, const char *word, const struct option *longs,
                      const char *prog)
{
    const char *name = word + 2;
    size_t n = name_len(name);
    int seen = 0, err = 0;
    /* An abbreviation of options that differ is ambiguous. */
    if (n && !long_named(name, longs, -1)) {
        for (const struct option *o = longs; o->name && !err; o++)
            if (strncmp(o->name, name, n) == 0 &&
                first_of_val(name, n, longs, o) == o) {
                err = seen++ ? (fprintf(msg, ", --%s", o->name) < 0)
                             : (fprintf(msg,
                                        "option '--%.*s' is ambiguous "
                                        "(--%s",
                                        (int)n, name, o->name) < 0);
            }
        if (seen)
            return err || (fputc(')', msg) == EOF);
    }
    err = (fprintf(msg, "unknown option '--%.*s'", (int)n, name) < 0);
    return err || unknown_hint(msg, word, name, longs, prog);
}

int cli_option_error(int c, int argc, char **argv, const struct option *longs,
                     const char *prog, FILE *msg)
{
    const char *prev =
        optind >= 1 && optind - 1 < argc ? argv[optind - 1] : "";
    if (c == ':') { /* a missing value: prev is the option's word */
        const struct option *o = prev[0] == '-' && prev[1] == '-'
                                     ? long_named(prev + 2, longs, optopt)
                                     : NULL;
        return o ? (fprintf(msg, "option '--%s' needs a value", o->name) < 0)
                 : (fprintf(msg, "option '-%c' needs a value", (char)optopt) <
                    0);
    }
    if (optopt == 0) /* an unknown or ambiguous long option */
        return long_error(msg, prev, longs, prog);
    if (prev[0] == '-' && prev[1] == '-' && strchr(prev, '=')) {
        const struct option *o = long_named(prev + 2, longs, optopt);
        if (o && o->has_arg == no_argument)
            return (fprintf(msg, "option '--%s' takes no value", o->name) < 0);
    }
    /* An unknown short option: at the end of its word getopt has moved
     * past it (prev), inside the word not yet. */
    size_t plen = strlen(prev);
    if (short_word(prev) &&
        (unsigned char)prev[plen - 1] == (unsigned char)optopt)
        return short_error(msg, prev, longs, prog);
    if (optind < argc && short_word(argv[optind]))
        return short_error(msg, argv[optind], longs, prog);
    return (fprintf(msg, "unknown option '%s'", prev) < 0);
}

const struct option *cli_long_option(const char *word,
                                     const struct option *longs)
{
    if (word[0] != '-' || word[1] != '-' || word[2] == '\0')
        return NULL;
    return long_named(word + 2, longs, -1);
}

int cli_refusal(int c, int argc, char **argv, const struct option *longs,
                const char *prog, int query_hint, char **out)
{
    char *line = NULL, *escaped = NULL;
    size_t size = 0;
    FILE *msg = open_memstream(&line, &size);
    int bad = !msg || cli_option_error(c, argc, argv, longs,
                                       query_hint ? prog : NULL, msg);
    if (msg && fclose(msg))
        bad = 1;
    if (!bad)
        escaped = jx_escape_controls(line ? line : "");
    *out = NULL;
    if (escaped && asprintf(out,
                            "%s: %s\nTry '%s --help' for more "
                            "information.\n",
                            prog, escaped, prog) < 0)
        *out = NULL;
    free(line);
    jx_free(escaped);
    return *out == NULL;
}
