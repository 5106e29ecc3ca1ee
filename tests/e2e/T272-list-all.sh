#!/bin/sh
# T272-list-all.sh: with no query and no filter, --list-reports lists
# every report of the database (the inventory of the collection), and
# --count and --count-by count every report and passage; a plain search
# with nothing to search for is still an error that says so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"
expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"
n=$(ls "$EXAMPLES"/*.txt | wc -l | tr -d ' ')

expect_status "--list-reports alone exits 0" 0 \
    "$SEARCH" --db "$DB" --list-reports --json -n 1000
cp "$TMP/out" "$TMP/j.json"
expect_eq "--list-reports alone: every report" \
    "$(jqs '[.[] | select(.type == "report") | .path | split("/") | last] | sort | join(" ")')" \
    "$(cd "$EXAMPLES" && ls *.txt | sort | tr '\n' ' ' | sed 's/ $//')"
expect_eq "--list-reports alone: the summary counts them" \
    "$(jqs '.[0].reports')" "$n"
expect_status "--list-reports --csv alone" 0 \
    "$SEARCH" --db "$DB" --list-reports --csv
expect_eq "--list-reports --csv alone: a row per report" \
    "$(($(wc -l <"$TMP/out") - 1))" "$n"
expect_status "--list-reports alone, text" 0 "$SEARCH" --db "$DB" --list-reports
expect_eq "--list-reports alone, text: the first page of ten" \
    "$(grep -c '^\[[0-9]*\] ' "$TMP/out")" 10

# The totals of the collection: every passage of every report (every
# sample has a year, so the filter year:1900..2100 passes them all).
passages=$("$SEARCH" --db "$DB" --count --json --year 1900..2100 2>&1 |
    sed 's/.*"passages":\([0-9]*\).*/\1/')
expect_status "--count alone exits 0" 0 "$SEARCH" --db "$DB" --count --json
expect_eq "--count alone: every report" \
    "$(sed 's/.*"reports":\([0-9]*\).*/\1/' "$TMP/out")" "$n"
total=$(sed 's/.*"passages":\([0-9]*\).*/\1/' "$TMP/out")
expect_eq "--count alone: every passage" "$total" "$passages"
expect_status "--count-by year alone exits 0" 0 \
    "$SEARCH" --db "$DB" --count-by year
expect_eq "--count-by year alone: the total line" \
    "$(tail -n 1 "$TMP/out" | tr -s ' ')" "total $n $total"
expect_status "--count-by grade --json alone" 0 \
    "$SEARCH" --db "$DB" --count-by grade --json
expect_eq "--count-by grade --json alone: reports add up" \
    "$(jq -s '[.[] | select(.type == "count") | .reports] | add' "$TMP/out")" "$n"

# A plain search needs something to search for.
expect_status "a search with nothing to find is an error" 2 "$SEARCH" --db "$DB"
expect_contains "...that says so" "$TMP/err" "empty query"
expect_contains "...and points to --list-reports" "$TMP/err" "--list-reports"
