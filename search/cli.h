/* cli.h: what both programs share about their command lines: the words
 * for an option that getopt_long refused (an unknown option, with the
 * closest real one, "did you mean --year?"; a missing value; a value
 * given to an option that takes none; an ambiguous abbreviation). The
 * programs print the message; this only words it.
 *
 * Program code, not the engine's: it lives in search/ and is compiled
 * into both programs (jixiao-index includes it as "../search/cli.h");
 * the Makefile links search/cli.o into each. */
#ifndef JX_PROGRAM_CLI_H
#define JX_PROGRAM_CLI_H

#include <getopt.h>
#include <stdio.h>

/* After getopt_long returned c, '?' or ':' (opterr must be 0 and the
 * option string must start with ':' so that a missing value gives ':'),
 * writes to msg one line without a newline saying what was wrong:
 * "unknown option '--yaer' (did you mean --year?)", "option '--year'
 * needs a value", "option '--json' takes no value", "option '--co' is
 * ambiguous (--count, --color...)". When prog is not NULL and the word
 * looks like a query term (cli_looks_like_query), the message ends
 * with how to search for it: "(a query that starts with '-' goes after
 * --: PROG -- -疫情)". Returns nonzero when out of memory. */
int cli_option_error(int c, int argc, char **argv, const struct option *longs,
                     const char *prog, FILE *msg);

/* The whole refusal a program prints on stderr for such an option: the
 * line of cli_option_error with control characters escaped, after
 * "PROG: ", then "Try 'PROG --help' for more information.", each ending
 * in a newline, into *out (malloc'd; the caller frees it). query_hint:
 * add the hint for a word that reads as a query term (jixiao-search).
 * Nonzero, *out NULL, when out of memory. */
int cli_refusal(int c, int argc, char **argv, const struct option *longs,
                const char *prog, int query_hint, char **out);

/* The name of the long option closest to name (no dashes, up to a '='):
 * at most two edits away (an insertion, deletion, change, or swap of
 * two neighbours), and fewer than half of name's letters; NULL when
 * none is that close. */
const char *cli_closest(const char *name, const struct option *longs);

/* True when word, refused as an option, reads as a query term that was
 * meant to exclude something: a single '-' before a non-ASCII character
 * ("-疫情"), or before three or more letters or digits ("-covid"). */
int cli_looks_like_query(const char *word);

/* The long option that word ("--dept", "--de", "--dept=x") names, or
 * NULL when it names none: for a value that is really the next option
 * ("--year --dept 商务局": --year needs a value). */
const struct option *cli_long_option(const char *word,
                                     const struct option *longs);

#endif
