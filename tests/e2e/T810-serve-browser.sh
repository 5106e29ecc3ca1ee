#!/bin/sh
# T810-serve-browser.sh: jixiao-serve's page in a real browser (headless
# Chromium through chromedriver and python3-selenium): opens it, types a
# query, applies a year filter, clicks a bar of the chart, opens a report
# and downloads the CSV, checking each step against jixiao-search's
# numbers (tests/e2e/serve-browser.py). The screenshots of each step are
# left in $JX_BIN/serve-shots/. Without Chromium it says so in one line,
# a SKIP, neither passed nor failed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve-lib.sh"

# a Python that has Selenium (Debian's python3-selenium is for
# /usr/bin/python3, which another python3 on PATH may not see)
PY=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import selenium' 2>/dev/null; then
        PY=$p
        break
    fi
done
CHROMEDRIVER=$(command -v chromedriver || echo /usr/bin/chromedriver)
if ! command -v chromium >/dev/null || [ ! -x "$CHROMEDRIVER" ] || [ -z "$PY" ]; then
    echo "SKIP: $TEST_NAME: needs chromium, chromium-driver and python3-selenium (tools/install-deps.sh test)"
    exit 0
fi
export CHROMEDRIVER

DB="$TMP/db"
"$INDEX" --db "$DB" --quiet "$EXAMPLES" >/dev/null 2>&1 || fail index "jixiao-index failed"
Q=疫情
count() { "$SEARCH" --db "$DB" --count --json "$@" | jq .reports; }
first_title=$("$SEARCH" --db "$DB" --json -n 1 -p 1 "$Q" | jq -r 'select(.type == "passage") | .report.title')
years=$("$SEARCH" --db "$DB" --json --count-by year "$Q" | jq -s -c '[.[] | select(.type == "count") | .value]')
bad=$("$SEARCH" --db "$DB" '(疫情' 2>&1 | sed 's/^jixiao-search: //')
# the department the page suggests for 游仙区, with its number of reports
sugg=$("$SEARCH" --db "$DB" --count-by dept --list-reports --csv=plain | awk -F, '/游仙区/ { print $1 "\n" $2 " 份"; exit }')
jq -n --arg q "$Q" --arg t "$first_title" --argjson years "$years" --arg bad "$bad" --arg sugg "$sugg" \
    --argjson all "$(count)" --argjson reports "$(count "$Q")" \
    --argjson passages "$("$SEARCH" --db "$DB" --count --json "$Q" | jq .passages)" \
    --argjson y21 "$(count --year 2021 "$Q")" --argjson y22 "$(count --year 2022 "$Q")" \
    '{query: $q, first_title: $t, years: $years, all: $all, reports: $reports,
      passages: $passages, filter_year: "2021", bar_year: "2022",
      by_year: {"2021": $y21, "2022": $y22}, bad_query_message: $bad,
      dept_typed: "游仙区", dept_suggestion: $sugg}' >"$TMP/want.json"

start_serve s --db "$DB" || fail start "$(cat "$TMP/s.err")"
SHOTS="$JX_BIN/serve-shots"
rm -rf "$SHOTS"
mkdir -p "$SHOTS" "$TMP/downloads"
"$PY" "$JX_TOP/tests/e2e/serve-browser.py" "$URL" "$SHOTS" "$TMP/downloads" "$TMP/want.json" 2>"$TMP/py.err"
[ -n "${JX_KEEP_LOG:-}" ] && cp "$TMP/py.err" "$JX_KEEP_LOG"
rc=$?
[ $rc -eq 0 ] || [ -s "$TMP/py.err" ] && [ $rc -ne 0 ] &&
    fail browser "exit $rc: $(tail -n 5 "$TMP/py.err")"
stop_serve
expect_eq server-clean-exit "$src" 0
