#!/bin/sh
# T250-count-limit.sh: a results page counts matches only up to
# --count-limit passages (default 1000). Past it the totals are lower
# bounds and say so ("at least", JSON "exact": false), never more than
# the exact totals of --count; under it they are exact. What is shown
# must not depend on the limit: the same reports, passages, order and
# per-report match counts as counting every match (--count-limit 0).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"

expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"

# summary ARGS...: "reports passages exact" of the JSON summary.
summary() {
    js "$@"
    jqs '.[] | select(.type == "summary") | "\(.reports) \(.passages) \(.exact)"'
}
# exact_totals QUERY: "reports passages" of --count.
exact_totals() {
    "$SEARCH" --db "$DB" --count --json "$1" |
        jq -r '"\(.reports) \(.passages)"'
}
# shown ARGS...: every passage shown, with its rank, report, its report's
# matching passages, heading, text and match offsets, one a line.
shown() {
    js "$@"
    jqs '.[] | select(.type == "passage") | [.rank, .report.path,
        .report.matching_passages, .heading, .text, .matches] | tostring'
}

# Under the limit (the samples have 346 passages): exact, and the report
# count is the brute force's.
for q in 预算 效 执行情况 预算执行率 2021; do
    got=$(summary "$q")
    want=$(exact_totals "$q")
    expect_eq "default limit, $q: exact totals" "$got" "$want true"
    expect_eq "default limit, $q: reports of the brute force" \
        "${got%% *}" "$($BRUTE reports "$q" | grep -c .)"
done

# Past the limit: lower bounds, marked, above the limit and never above
# the exact totals.
for q in 预算 效; do
    set -- $(exact_totals "$q")
    all_reports=$1 all_passages=$2
    set -- $(summary --count-limit 5 "$q")
    expect_eq "limit 5, $q: marked inexact" "$3" false
    if [ "$2" -gt 5 ] && [ "$2" -le "$all_passages" ] &&
        [ "$1" -ge 1 ] && [ "$1" -le "$all_reports" ] &&
        [ "$2" -lt "$all_passages" ]; then
        pass "limit 5, $q: bounds between the limit and the totals"
    else
        fail "limit 5, $q: bounds between the limit and the totals" \
            "got $1 reports $2 passages; all: $all_reports $all_passages"
    fi
done
"$SEARCH" --db "$DB" --count-limit 5 -n 1 预算 >"$TMP/text"
expect_contains "limit 5: text says at least" "$TMP/text" "at least "
expect_contains "limit 5: text names the exact way" "$TMP/text" "--count"
"$SEARCH" --db "$DB" -n 1 预算 >"$TMP/text"
expect_lacks "default: text has no at least" "$TMP/text" "at least"
expect_eq "--count is exact whatever the limit" \
    "$("$SEARCH" --db "$DB" --count --count-limit 5 预算)" \
    "$("$SEARCH" --db "$DB" --count --count-limit 0 预算)"
expect_eq "--list-reports counts every match" \
    "$(summary --list-reports --count-limit 5 预算)" \
    "$(exact_totals 预算) true"
expect_eq "--count-by counts every match" \
    "$(summary --count-by year --count-limit 5 预算)" \
    "$(exact_totals 预算) true"

# The page does not depend on the limit: a limit of 1 shows what
# counting everything shows, grouped and not, for strings that are one
# term (预算, 2021), a character (效), strings checked against the text
# (执行情况, a heading in many reports: equal weights) and two strings.
for q in 预算 2021 效 执行情况 预算执行率 '资金 绩效' '执行情况 OR 预算执行'; do
    for p in 3 0; do
        a=$(shown -n 5 -p $p --count-limit 1 "$q")
        b=$(shown -n 5 -p $p --count-limit 0 "$q")
        if [ -n "$b" ] && [ "$a" = "$b" ]; then
            pass "same page at limit 1 and 0: $q -p $p"
        else
            fail "same page at limit 1 and 0: $q -p $p" \
                "limit 1: $(echo "$a" | head -c 300) limit 0: $(echo "$b" | head -c 300)"
        fi
    done
done
a=$(shown -n 3 --offset 4 --count-limit 1 预算)
b=$(shown -n 3 --offset 4 --count-limit 0 预算)
expect_eq "same second page at limit 1 and 0" "$a" "$b"
expect_eq "sorted by year: same page at limit 1 and 0" \
    "$(shown -n 5 --sort year --count-limit 1 效)" \
    "$(shown -n 5 --sort year --count-limit 0 效)"

expect_status "bad --count-limit" 2 "$SEARCH" --db "$DB" --count-limit x 预算
expect_contains "bad --count-limit named" "$TMP/err" "--count-limit"
expect_status "negative --count-limit" 2 "$SEARCH" --db "$DB" --count-limit -1 预算
