#!/bin/sh
# T200-query-language.sh: the query language of jixiao-search on the
# sample collection, checked against brute force over the sample files
# (brute.py): AND of words, OR, -word and NOT word, parentheses and the
# precedence of OR over the implicit AND, "quoted text" with punctuation,
# section:, Latin words in any case, numbers, full-width digits, and the
# errors (exit 2, one stderr line naming the problem).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"

# passages ARGS...: every matching passage, ungrouped, as JSON Lines in
# $TMP/p.json.
passages() {
    "$SEARCH" --db "$DB" --json -p 0 -n 100000 "$@" >"$TMP/p.json" \
        2>"$TMP/p.err"
}
# count ARGS...: "N passages in M reports".
count() { "$SEARCH" --db "$DB" --count "$@" 2>&1; }
# subset NAME SMALL BIG: every word of SMALL is one of BIG.
subset() {
    missing=""
    for x in $2; do
        case " $3 " in *" $x "*) ;; *) missing="$missing $x" ;; esac
    done
    if [ -z "$missing" ]; then pass "$1"; else
        fail "$1" "not in [$3]:$missing"; fi
}
# error NAME TEXT QUERY...: the query is refused with exit 2, nothing on
# stdout and one stderr line containing TEXT.
error() {
    name=$1; text=$2; shift 2
    expect_status "$name exits 2" 2 "$SEARCH" --db "$DB" "$@"
    expect_eq "$name: one stderr line" "$(wc -l <"$TMP/err" | tr -d ' ')" 1
    expect_contains "$name: named" "$TMP/err" "$text"
    expect_eq "$name: no stdout" "$(wc -c <"$TMP/out" | tr -d ' ')" 0
}

expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"

# Every brute-force answer at once: one Python process is much faster.
$BRUTE batch >"$TMP/want" <<'EOF'
reports 疫情
reports 新冠
reports 预算执行率
reports 政府采购
reports 乡村振兴
reports 资金使用效益
reports 监控
reports 整改
reports 满意度
reports 满意度 调查
reports --para 满意度 调查
reports 预算执行率 疫情
reports 满意度 -调查
reports （一）部门职能
reports APP
reports GDP
reports 5G
reports 1-9月
reports 97.5
reports 2022年
reports 2021年度
EOF

# --- one string: exactly the reports whose text contains it ------------
for q in 疫情 预算执行率 政府采购 乡村振兴 资金使用效益 监控 整改; do
    same_set "string $q: the reports that contain it" "$(listed "$q")" \
        "$(expected "$q")"
done

# --- AND: both strings in one passage ------------------------------------
# Every passage returned has both; every report returned contains both;
# and every report with a paragraph holding both is returned.
passages '满意度 调查'
expect_eq "AND: every passage has both" "$($BRUTE all-have "$TMP/p.json" 满意度 调查)" ok
got=$(listed '满意度 调查')
subset "AND: reports contain both" "$got" "$(expected 满意度 调查)"
subset "AND: paragraphs with both found" "$(expected --para 满意度 调查)" "$got"
[ -n "$got" ] && pass "AND: something found" || fail "AND: something found" "none"
expect_eq "AND keyword is the implicit AND" "$(count '满意度 AND 调查')" \
    "$(count '满意度 调查')"
# Two strings that are never in one passage: nothing, exit 1.
expect_status "AND over passages, not reports" 1 "$SEARCH" --db "$DB" \
    '预算执行率 疫情'
[ -n "$(expected 预算执行率 疫情)" ] && pass "AND: some reports have both" ||
    fail "AND: some reports have both" "none: the check above is vacuous"

# --- OR ----------------------------------------------------------------
union=$(echo $(expected 疫情) $(expected 新冠) | tr ' ' '\n' | sort -u |
    tr '\n' ' ')
same_set "OR: the union of the reports" "$(listed '疫情 OR 新冠')" "$union"
passages '疫情 OR 新冠'
expect_eq "OR: every passage has one" \
    "$($BRUTE any-have "$TMP/p.json" 疫情 新冠)" ok
n_or=$(count '疫情 OR 新冠' | cut -d' ' -f1)
n_a=$(count 疫情 | cut -d' ' -f1)
n_b=$(count 新冠 | cut -d' ' -f1)
[ "$n_or" -ge "$n_a" ] && [ "$n_or" -ge "$n_b" ] && [ "$n_or" -le $((n_a + n_b)) ] &&
    [ "$n_or" -gt "$n_a" ] && pass "OR: passages between max and sum" ||
    fail "OR: passages between max and sum" "$n_or for $n_a and $n_b"
same_set "OR with a string found nowhere" "$(listed '疫情 OR 绩效效评价')" \
    "$(expected 疫情)"

# --- exclusion: -word and NOT word ---------------------------------------
passages '满意度 -调查'
expect_eq "-word: no passage has it" "$($BRUTE lacks "$TMP/p.json" 调查)" ok
expect_eq "-word: every passage has the word" \
    "$($BRUTE all-have "$TMP/p.json" 满意度)" ok
tail -n +2 "$TMP/p.json" >"$TMP/minus.json"
passages '满意度 NOT 调查'
if tail -n +2 "$TMP/p.json" | cmp -s - "$TMP/minus.json"; then
    pass "NOT word = -word"; else fail "NOT word = -word" "outputs differ"; fi
got=$(listed '满意度 -调查')
subset "-word: reports without it at all are kept" \
    "$(expected 满意度 -调查)" "$got"
subset "-word: reports contain the word" "$got" "$(expected 满意度)"
# Passages with 满意度 split exactly into those with 调查 and those without.
with=$(count '满意度 调查' | cut -d' ' -f1)
without=$(count '满意度 -调查' | cut -d' ' -f1)
all=$(count 满意度 | cut -d' ' -f1)
expect_eq "-word and AND partition the passages" "$((with + without))" "$all"
[ "$with" -gt 0 ] && [ "$without" -gt 0 ] && pass "partition not trivial" ||
    fail "partition not trivial" "$with + $without"

# --- parentheses and precedence ------------------------------------------
# OR binds tighter than the implicit AND: a b OR c is a (b OR c).
expect_eq "precedence: a b OR c = a (b OR c)" \
    "$(listed '预算 疫情 OR 乡村振兴')" "$(listed '预算 (疫情 OR 乡村振兴)')"
expect_eq "precedence: (a OR b) c = a OR b c" \
    "$(listed '(疫情 OR 新冠) 影响')" "$(listed '疫情 OR 新冠 影响')"
got=$(listed '(预算 疫情) OR 乡村振兴')
subset "parentheses group an AND inside OR" "$(expected 乡村振兴)" "$got"
[ "$(count '(预算 疫情) OR 乡村振兴')" != "$(count '预算 疫情 OR 乡村振兴')" ] &&
    pass "parentheses change the meaning" ||
    fail "parentheses change the meaning" "same counts"
passages '满意度 NOT (调查 OR 问卷)'
expect_eq "NOT (a OR b): no passage has a" "$($BRUTE lacks "$TMP/p.json" 调查)" ok
expect_eq "NOT (a OR b): no passage has b" "$($BRUTE lacks "$TMP/p.json" 问卷)" ok
expect_eq "NOT NOT a = a" "$(count 'NOT NOT 调查')" "$(count 调查)"

# --- quoted strings --------------------------------------------------------
same_set "quoted heading with punctuation" "$(listed '"（一）部门职能"')" \
    "$(expected '（一）部门职能')"
passages '"（一）部门职能"'
expect_eq "quoted: every passage has the string" \
    "$($BRUTE all-have "$TMP/p.json" '（一）部门职能')" ok
expect_eq "curly quotes like straight ones" "$(listed '“（一）部门职能”')" \
    "$(listed '"（一）部门职能"')"
expect_status "OR inside quotes is text" 1 "$SEARCH" --db "$DB" '"疫情 OR 新冠"'
same_set "quoted space between Han characters is dropped" \
    "$(listed '"预算 执行率"')" "$(expected 预算执行率)"

# --- section: ---------------------------------------------------------------
passages 'section:问题'
expect_eq "section: every passage has it in its heading" \
    "$($BRUTE in-heading "$TMP/p.json" 问题)" ok
n_sec=$(count 'section:问题' | cut -d' ' -f1)
n_any=$(count 问题 | cut -d' ' -f1)
[ "$n_sec" -gt 0 ] && [ "$n_sec" -lt "$n_any" ] && pass "section: narrows" ||
    fail "section: narrows" "$n_sec of $n_any"

# --- Latin words, numbers, full-width digits -------------------------------
same_set "APP found" "$(listed APP)" "$(expected APP)"
expect_eq "app = APP" "$(listed app)" "$(listed APP)"
expect_eq "App = APP" "$(listed App)" "$(listed APP)"
expect_status "a Latin word matches whole (AP)" 1 "$SEARCH" --db "$DB" AP
same_set "GDP found" "$(listed gdp)" "$(expected GDP)"
same_set "5G found" "$(listed 5G)" "$(expected 5G)"
expect_eq "5g = 5G" "$(listed 5g)" "$(listed 5G)"
same_set "1-9月 found" "$(listed 1-9月)" "$(expected 1-9月)"
same_set "97.5 found" "$(listed 97.5)" "$(expected 97.5)"
expect_status "a number matches whole (97 is not 97.5)" 1 "$SEARCH" --db "$DB" 97
same_set "2022年 found" "$(listed 2022年)" "$(expected 2022年)"
expect_eq "full-width ２０２２年 = 2022年" "$(listed ２０２２年)" "$(listed 2022年)"
expect_eq "\"2022 年\" = 2022年" "$(listed '"2022 年"')" "$(listed 2022年)"
same_set "2021年度 found in a full-width title" "$(listed 2021年度)" \
    "$(expected 2021年度)"

# --- errors -----------------------------------------------------------------
error "unknown field" "foo:" 'foo:bar'
error "reversed year range" "2025..2019" 'year:2025..2019'
error "bad score" "abc" 'score:abc'
error "unbalanced quote" "quote" '"预算'
error "unclosed (" "(" '(预算'
error "stray )" ")" '预算)'
error "punctuation only" "，，" '，，'
error "empty parentheses" "parentheses" '()'
error "dangling OR" "OR" 'OR 预算'
error "OR at the end" "expected" '预算 OR'
error "field without value" "year:" 'year:'
error "unknown grade" "甲" 'grade:甲'
error "unknown type" "abc" 'type:abc'
error "year out of range" "1800" 'year:1800'
error "empty query" "empty query" ''
error "bad --color" "--color" --color=bad 预算
error "bad --limit" "--limit" --limit abc 预算
error "bad --sort" "--sort" --sort name 预算
error "bad --count-by" "--count-by" --count-by colour 预算
error "--no-score with --min-score" "--no-score" --no-score --min-score 90

# Every listing above, parsed: valid JSON Lines whose report paths are
# the ones sed read.
expect_eq "every listing is valid JSON with the paths read" \
    "$($BRUTE listings "$TMP"/l.*.json)" ok
