#!/bin/sh
# T262-query-limits.sh: queries built to take minutes (a denial of
# service once a web page serves them) on a generated collection
# (T262-gen-long.awk): a character repeated a thousand times, as words
# or as one string; five hundred nested (的 OR (...)); NOT NOT; and a
# page of thousands of passages counted up to the count limit. Each must
# answer exactly what its simplified query answers (the same listing),
# and queries past the documented bounds (depth, strings, single
# characters; docs/limits.md) are refused with a message, exit 2. No
# timings are asserted: before the fix these took 70 s to many minutes
# each, which the test would only notice by running that long.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"

C="$TMP/c"
awk -v dir="$C" -v first=1 -v last=300 -v seed=5 -v paras=20 \
    -f "$JX_TOP/tests/e2e/T262-gen-long.awk"
expect_status "index the generated reports" 0 "$INDEX" --db "$DB" --quiet "$C"

# same NAME HOSTILE SIMPLE [OPTIONS...]: both queries give the same
# listing (every passage, ungrouped, JSON without the summary's query)
# and the same exit status.
same() {
    name=$1; hq=$2; sq=$3; shift 3
    "$SEARCH" --db "$DB" --json --per-report 0 -n 100000 "$@" -- "$hq" \
        >"$TMP/h.json" 2>"$TMP/h.err"
    hrc=$?
    "$SEARCH" --db "$DB" --json --per-report 0 -n 100000 "$@" -- "$sq" \
        >"$TMP/s.json" 2>"$TMP/s.err"
    src=$?
    sed -i 's/"query":"[^"]*",//' "$TMP/h.json" "$TMP/s.json"
    if [ "$hrc" != "$src" ]; then
        fail "$name" "exit $hrc, the simplified query's $src: $(head -c 200 "$TMP/h.err")"
    elif ! cmp -s "$TMP/h.json" "$TMP/s.json"; then
        fail "$name" "listings differ: $(diff "$TMP/h.json" "$TMP/s.json" | head -c 300)"
    elif [ "$(grep -c '"type":"passage"' "$TMP/s.json")" -lt 100 ]; then
        fail "$name" "fewer than 100 passages: the test is too weak"
    else
        pass "$name"
    fi
}

rep() { awk -v s="$1" -v n="$2" -v j="$3" 'BEGIN { for (i = 0; i < n; i++) printf "%s%s", (i ? j : ""), s }'; }
nest() { awk -v n="$1" -v w="$2" 'BEGIN { for (i = 0; i < n; i++) printf "(%s OR ", w; printf "%s", w; for (i = 0; i < n; i++) printf ")" }'; }

same "的 as 1024 words is 的" "$(rep 的 1024 ' ')" 的
same "的 as 500 words, OR, is 的" "$(rep 的 500 ' OR ')" 的
same "资金 as 580 words is 资金" "$(rep 资金 580 ' ')" 资金
same "450 nested (的 OR (...)) is 的" "$(nest 450 的)" 的
same "330 nested (资金 OR (...)) is 资金" "$(nest 330 资金)" 资金
same "1000 parentheses are none" "$(rep '(' 1000 '')的$(rep ')' 1000 '')" 的
same "NOT NOT NOT NOT is nothing" "NOT NOT NOT NOT 资金" 资金
same "a word and its repeats with a NOT" "$(rep 资金 250 ' ') -$(rep 疫情 250 ' -')" "资金 -疫情"
same "the same string twice in an OR of ANDs" \
    "(资金 管理) OR (资金 管理) OR (管理 资金)" "(资金 管理) OR (管理 资金)"
expect_status "a character 1361 times in one string finds nothing here" 1 \
    "$SEARCH" --db "$DB" --count "$(rep 的 1361 '')"
same "filters repeated" "$(rep 'year:2019..2023 dept:局' 100 ' ') 的" \
    "year:2019..2023 dept:局 的"

# A page of thousands of passages counted up to the count limit: the
# reports on the page are counted once each, whatever the limit.
same "--count-limit 10 on a page of 300 reports" 的 的 --count-limit 0
"$SEARCH" --db "$DB" --json --per-report 0 -n 5000 --count-limit 10 的 \
    | grep '"type":"passage"' >"$TMP/cl10"
"$SEARCH" --db "$DB" --json --per-report 0 -n 5000 --count-limit 0 的 \
    | grep '"type":"passage"' >"$TMP/cl0"
expect_eq "a page of 5000 passages says the same with --count-limit 10" \
    "$(cmp -s "$TMP/cl10" "$TMP/cl0" && wc -l <"$TMP/cl0")" 5000
"$SEARCH" --db "$DB" --json --per-report 0 -n 40 --count-limit 10 的 \
    | grep '"type":"passage"' >"$TMP/cl10"
"$SEARCH" --db "$DB" --json --per-report 0 -n 40 --count-limit 0 的 \
    | grep '"type":"passage"' >"$TMP/cl0"
expect_eq "a page of 40 passages says the same with --count-limit 10" \
    "$(cmp -s "$TMP/cl10" "$TMP/cl0" && wc -l <"$TMP/cl0")" 40

# Past the bounds: refused, one line, exit 2.
alt() { awk -v n="$1" 'BEGIN { split("的 和 了 是 项 目 资 金 管 理 绩 效 评 价 预 算 执 行 率 达 到 百 分 之 九 十 以 上 受 益 群 众 满 意 度", c, " ")
    for (i = 1; i <= n; i++) printf "(%s%s%s", c[i], c[i + 1], (i % 2 ? " OR " : " "); printf "资金"
    for (i = 1; i <= n; i++) printf ")" }'; }
expect_status "32 levels of alternating AND and OR answer" 1 \
    "$SEARCH" --db "$DB" --count "$(alt 32)"
expect_status "33 levels are refused" 2 "$SEARCH" --db "$DB" --count "$(alt 33)"
expect_eq "the depth is named" "$(cat "$TMP/err")" \
    "jixiao-search: query nested too deeply (33 levels of AND, OR and NOT; the limit is 32)"
strings() { awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "%s资金%d", (i > 1 ? " OR " : ""), i }'; }
expect_status "64 different strings answer" 1 "$SEARCH" --db "$DB" --count "$(strings 64)"
expect_status "65 different strings are refused" 2 \
    "$SEARCH" --db "$DB" --count "$(strings 65)"
expect_eq "the strings are counted" "$(cat "$TMP/err")" \
    "jixiao-search: too many different strings and fields in the query (65; the limit is 64)"
chars() { awk -v n="$1" 'BEGIN { split("的 和 了 是 项 目 资 金 管 理 绩 效 评 价 预 算 执 行 率 达", c, " ")
    for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? " OR " : ""), c[i] }'; }
expect_status "16 single characters answer" 0 "$SEARCH" --db "$DB" --count "$(chars 16)"
expect_status "17 single characters are refused" 2 \
    "$SEARCH" --db "$DB" --count "$(chars 17)"
expect_eq "the characters are counted" "$(cat "$TMP/err")" \
    "jixiao-search: too many single characters in the query (17 standing alone; the limit is 16)"
expect_status "a repeated character counts once" 0 \
    "$SEARCH" --db "$DB" --count "$(rep '的 和' 500 ' ')"
