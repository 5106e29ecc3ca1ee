#!/bin/sh
# T273-list-counts.sh: a listing without a string to find (--list-reports
# with options or fields only, or nothing) counts reports only: every
# passage of a listed report "matches", so passage counts would say
# nothing. The text leaves them out, JSON gives null (docs/json.md), CSV
# an empty field. With a string to find they are all there.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"
expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"

for args in "--dept 教育" "dept:教育" "--year 2021 grade:优"; do
    # shellcheck disable=SC2086
    "$SEARCH" --db "$DB" --list-reports $args >"$TMP/t.txt" 2>&1
    expect_eq "$args: the totals count reports only" \
        "$(head -n 1 "$TMP/t.txt" | sed 's/^[0-9]* reports*$/N reports/')" "N reports"
    expect_lacks "$args: no matching passages in the report lines" \
        "$TMP/t.txt" "matching passage"
    expect_contains "$args: the metadata line is still there" "$TMP/t.txt" "年度 · "
    # shellcheck disable=SC2086
    js --list-reports $args
    expect_eq "$args --json: the summary's passages are null" \
        "$(jqs '[.[] | select(.type == "summary") | .passages] | tostring')" "[null]"
    expect_eq "$args --json: every report's matching_passages is null" \
        "$(jqs '[.[] | select(.type == "report") | .matching_passages] | unique | tostring')" "[null]"
    expect_eq "$args --json: reports are listed" \
        "$(jqs '[.[] | select(.type == "report")] | length > 0')" true
    # shellcheck disable=SC2086
    "$SEARCH" --db "$DB" --list-reports --csv $args | tr -d '\357\273\277' >"$TMP/c.csv"
    expect_eq "$args --csv: the matching_passages field is empty" \
        "$(sed 1d "$TMP/c.csv" | awk -F, '{ print ($NF == "" ? "empty" : $NF) }' | sort -u)" empty
done
expect_status "nothing at all: every report, no passage count" 0 \
    "$SEARCH" --db "$DB" --list-reports
expect_eq "nothing at all: the totals" "$(head -n 1 "$TMP/out")" \
    "$(ls "$EXAMPLES"/*.txt | wc -l | tr -d ' ') reports"

# With a string to find, the counts are there.
"$SEARCH" --db "$DB" --list-reports --dept 教育 满意度 >"$TMP/t.txt"
expect_contains "with a string: the totals count passages" "$TMP/t.txt" "passages match"
expect_contains "with a string: the reports' matching passages" "$TMP/t.txt" "matching passage"
js --list-reports --dept 教育 满意度
expect_eq "with a string --json: numbers" \
    "$(jqs '[.[] | (.passages // .matching_passages) | type] | unique | join(" ")')" number
js --list-reports -- -满意度
expect_eq "an exclusion is a string to find: numbers" \
    "$(jqs '[.[] | (.passages // .matching_passages) | type] | unique | join(" ")')" number
