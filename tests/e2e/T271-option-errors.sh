#!/bin/sh
# T271-option-errors.sh: both programs word a refused option the same
# way: "PROG: unknown option '--yaer' (did you mean --year?)" and "Try
# 'PROG --help'...", a missing value ("option '--year' needs a value"),
# a value given to an option that takes none, an ambiguous abbreviation;
# the hint to put a query after -- only for a word that looks like a
# query term. --year and year: take the common ways of writing a year or
# a range (2021年, 2020-2022, 2020～2022, 2020—2022, 2020至2022,
# 2020年-2022年, full-width digits), and a bad year names the right form.
. "$(dirname "$0")/lib.sh"
DB="$TMP/db"
"$INDEX" --db "$DB" --quiet "$EXAMPLES"

# err NAME WANT PROG ARGS...: PROG exits 2 and its first stderr line is
# WANT, the second the pointer to --help.
err() {
    name=$1; want=$2; prog=$3; shift 3
    "$prog" "$@" >"$TMP/o" 2>"$TMP/e"
    rc=$?
    p=$(basename "$prog")
    expect_eq "$name: exit 2" "$rc" 2
    expect_eq "$name: message" "$(sed -n 1p "$TMP/e")" "$p: $want"
    expect_eq "$name: pointer to --help" "$(sed -n 2p "$TMP/e")" \
        "Try '$p --help' for more information."
}

# --- unknown options: did you mean -----------------------------------------
err "search --yaer" "unknown option '--yaer' (did you mean --year?)" \
    "$SEARCH" --db "$DB" --yaer 2021 预算
err "search --lsit-reports" "unknown option '--lsit-reports' (did you mean --list-reports?)" \
    "$SEARCH" --db "$DB" --lsit-reports 预算
err "index --shw-meta" "unknown option '--shw-meta' (did you mean --show-meta?)" \
    "$INDEX" --shw-meta "$EXAMPLES/2021-youxian-weijian-zhengti.txt"
err "index --forse" "unknown option '--forse' (did you mean --force?)" \
    "$INDEX" --db "$DB" --forse "$EXAMPLES"
err "search -json (one dash)" "unknown option '-json' (did you mean --json?)" \
    "$SEARCH" --db "$DB" -json 预算
err "search: nothing close" "unknown option '--zzzzzz'" \
    "$SEARCH" --db "$DB" --zzzzzz 预算
err "index: unknown short option" "unknown option '-x'" \
    "$INDEX" -x "$EXAMPLES"

# --- the -- hint only for a query term -------------------------------------
err "search -疫情: the query goes after --" \
    "unknown option '-疫情' (a query that starts with '-' goes after --: jixiao-search -- -疫情)" \
    "$SEARCH" --db "$DB" -疫情
err "search -app: the query goes after --" \
    "unknown option '-app' (a query that starts with '-' goes after --: jixiao-search -- -app)" \
    "$SEARCH" --db "$DB" 预算 -app
expect_status "search -- -疫情 预算 works" 0 "$SEARCH" --db "$DB" -- 预算 -疫情
err "index -疫情: no query hint" "unknown option '-疫情'" "$INDEX" -疫情

# --- values -----------------------------------------------------------------
err "search --year without a value" "option '--year' needs a value" \
    "$SEARCH" --db "$DB" 预算 --year
err "search -y without a value" "option '-y' needs a value" \
    "$SEARCH" --db "$DB" 预算 -y
err "search --year followed by an option" \
    "option '--year' needs a value ('--dept' is an option)" \
    "$SEARCH" --db "$DB" --year --dept 商务局 预算
err "index --db without a value" "option '--db' needs a value" \
    "$INDEX" --db
err "index --jobs followed by an option" \
    "option '--jobs' needs a value ('--quiet' is an option)" \
    "$INDEX" --db "$DB" --jobs --quiet "$EXAMPLES"
err "search --json=yes" "option '--json' takes no value" \
    "$SEARCH" --db "$DB" --json=yes 预算
err "index --force=1" "option '--force' takes no value" \
    "$INDEX" --db "$DB" --force=1 "$EXAMPLES"
err "search --co: ambiguous" \
    "option '--co' is ambiguous (--count-by, --count, --count-limit, --color, --context, --copies)" \
    "$SEARCH" --db "$DB" --co 预算
expect_status "search --colo: both spellings, not ambiguous" 0 \
    "$SEARCH" --db "$DB" --colo=never 预算

# --- years -------------------------------------------------------------------
# count ARGS...: the totals of a --count for ARGS.
count() { "$SEARCH" --db "$DB" --count "$@" 2>&1; }
one=$(count --year 2021)
range=$(count --year 2020..2022)
open=$(count --year ..2021)
[ "$one" != "$range" ] && pass "years: one year and the range differ" ||
    fail "years: one year and the range differ" "[$one] [$range]"
for y in 2021年 2021年度 ２０２１ 2021; do
    expect_eq "--year $y" "$(count --year "$y")" "$one"
    expect_eq "year:$y" "$(count "year:$y")" "$one"
done
for y in 2020-2022 2020～2022 2020~2022 2020—2022 2020——2022 2020–2022 \
    2020〜2022 2020至2022 2020到2022 2020年-2022年 2020年至2022年 \
    2020年度-2022年度 ２０２０－２０２２ 2020年..2022年; do
    expect_eq "--year $y" "$(count --year "$y")" "$range"
    expect_eq "year:$y" "$(count "year:$y")" "$range"
done
expect_eq "--year ..2021年" "$(count --year ..2021年)" "$open"
for y in 2021x 2020- -2021 2020-2022-2024 年 1800 2020—; do
    expect_status "--year $y refused" 2 "$SEARCH" --db "$DB" --year "$y" 预算
    expect_contains "--year $y: the message names the form" "$TMP/err" \
        "as 2021, or a range, as 2019..2022"
done
expect_status "year:2020年x refused" 2 "$SEARCH" --db "$DB" 'year:2020年x 预算'
expect_contains "year:2020年x: the message names the form" "$TMP/err" \
    "bad year '2020年x' (a year from 1900 to 2100, as 2021, or a range, as 2019..2022)"
expect_status "--year 2022-2020: reversed" 2 "$SEARCH" --db "$DB" --year 2022-2020 预算
expect_contains "--year 2022-2020: the start is after the end" "$TMP/err" \
    "the start is after the end"
