#!/bin/sh
# T683-db-folder.sh: jixiao-index writes a database only into a folder
# that is absent, empty, or a jixiao database already (issue #12: --db
# pointed at a folder of reports filled it with XAPIANDB, passages-1/
# and reports/ without a word). Anything else is refused in one line
# naming what the folder holds, and left untouched.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/reports" "$TMP/other"
cp "$EXAMPLES"/*.txt "$TMP/reports/"
cp "$EXAMPLES"/2019-*.txt "$TMP/other/"
first=$(LC_ALL=C ls "$TMP/reports" | head -3 | sed 's/$/, /' | tr -d '\n')

ls -la "$TMP/reports" >"$TMP/before"
"$INDEX" --db "$TMP/reports/" "$TMP/other/" >"$TMP/o" 2>"$TMP/e"
expect_eq "a folder of reports as --db: exit 2" "$?" 2
expect_eq "a folder of reports as --db: the line" "$(cat "$TMP/e")" \
    "jixiao-index: $TMP/reports/: not a jixiao database and not empty (holds ${first}...): choose another --db"
ls -la "$TMP/reports" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" && pass "the folder is left as it was" ||
    fail "the folder is left as it was" "$(diff "$TMP/before" "$TMP/after" | head -5)"
expect_status "--compact into it: refused" 2 "$INDEX" --db "$TMP/reports" --compact

mkdir "$TMP/two"
touch "$TMP/two/b.txt" "$TMP/two/.a"
"$INDEX" --db "$TMP/two" "$TMP/other" >"$TMP/o" 2>"$TMP/e"
expect_eq "two files, one hidden: exit 2" "$?" 2
expect_contains "two files, one hidden: both named" "$TMP/e" \
    "not a jixiao database and not empty (holds .a, b.txt): choose another --db"

echo x >"$TMP/file"
expect_status "a file as --db: refused" 2 "$INDEX" --db "$TMP/file" "$TMP/other"
expect_contains "a file as --db: says why" "$TMP/err" "not a folder"

# Absent, empty, or a jixiao database: indexed into.
expect_status "an absent folder" 0 "$INDEX" --db "$TMP/new/db" --quiet "$TMP/other"
mkdir "$TMP/empty"
expect_status "an empty folder" 0 "$INDEX" --db "$TMP/empty" --quiet "$TMP/other"
expect_status "a jixiao database" 0 "$INDEX" --db "$TMP/empty" --quiet "$TMP/reports"
# A note of the user's beside a database does not make it foreign.
echo "our index" >"$TMP/empty/README"
expect_status "a jixiao database with a note beside it" 0 \
    "$INDEX" --db "$TMP/empty" --quiet "$TMP/reports"
expect_status "searches it" 0 "$SEARCH" --db "$TMP/empty" 预算执行率
