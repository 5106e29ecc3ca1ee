#!/bin/sh
# T260-field-filters.sh: every field filter (title: dept: region:
# section: and --title --dept --region) with strings of 1 to 8
# characters, alone, with a quoted phrase, with OR and with NOT, against
# a brute force over the listing of every passage (fields.py). A filter
# combined with a string the engine must check against the text is
# evaluated by that check too: the title was once read there from the
# passage's terms, which passages do not keep ("Database has no
# termlist", exit 2, for any title with such a string).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"

expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"
"$SEARCH" --db "$DB" --json --per-report 0 -n 100000 year:1900..2100 \
    >"$TMP/all.json"
expect_eq "the listing has every sample's passages" \
    "$(grep -c '"type":"passage"' "$TMP/all.json" | awk '{ print ($1 > 300) }')" 1
"$PY" "$JX_TOP/tests/e2e/fields.py" "$SEARCH" "$DB" "$TMP/all.json"

# The issue's own queries.
expect_status "title:商务局 with a quoted phrase" 0 \
    "$SEARCH" --db "$DB" --count 'title:商务局 "预算执行率"'
expect_lacks "no termlist error" "$TMP/err" "termlist"
expect_status "--title 商务局 with a string to check" 0 \
    "$SEARCH" --db "$DB" --count --title 商务局 预算执行率
