#!/bin/sh
# T100-index-search.sh: the two programs end to end on the sample
# collection: index, search, exit codes, default database, help, errors.
. "$(dirname "$0")/lib.sh"

DB="$TMP/db"
expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"
expect_status "search finds 预算执行率" 0 "$SEARCH" --db "$DB" 预算执行率
expect_contains "result shows a sample path" "$TMP/out" "docs/examples/"
expect_contains "totals line" "$TMP/out" "passages match"
expect_status "nothing found exits 1" 1 "$SEARCH" --db "$DB" 绩效效评价
expect_status "bad query exits 2" 2 "$SEARCH" --db "$DB" 'year:2025..2019'
expect_contains "bad range named" "$TMP/err" "year:2025..2019"
expect_eq "one stderr line for a bad query" "$(wc -l <"$TMP/err")" 1
expect_status "missing database exits 2" 2 "$SEARCH" --db "$TMP/none" 预算
expect_contains "missing database explained" "$TMP/err" "no database"

# The same search with the default database: $JIXIAO_DB, then HOME.
JIXIAO_DB="$TMP/envdb" "$INDEX" --quiet "$EXAMPLES" 2>/dev/null
expect_status "JIXIAO_DB shared by both" 0 env JIXIAO_DB="$TMP/envdb" \
    "$SEARCH" 预算执行率
HOME="$TMP/home" "$INDEX" --quiet "$EXAMPLES" 2>/dev/null
expect_status "default under HOME" 0 env HOME="$TMP/home" "$SEARCH" 绩效目标
[ -d "$TMP/home/.local/share/jixiao/db" ] && pass "default db location" ||
    fail "default db location" "no $TMP/home/.local/share/jixiao/db"

# A phrase cut by a page break in the file is found once joined.
"$SEARCH" --db "$DB" --list-reports --json 疫情影响 >"$TMP/j" 2>&1
expect_contains "page-break phrase found" "$TMP/j" "2020-youxian-weijian-zhengti.txt"

# The GB18030 sample indexes like UTF-8: a phrase from it is found.
"$SEARCH" --db "$DB" --list-reports --json 自然资源 >"$TMP/j" 2>&1
expect_contains "GB18030 sample searchable" "$TMP/j" "gb18030.txt"

# Re-running changes nothing and says so.
"$INDEX" --db "$DB" "$EXAMPLES" 2>"$TMP/err2"
expect_contains "second run changes nothing" "$TMP/err2" "nothing changed"

# Help and version.
expect_status "index --help" 0 "$INDEX" --help
expect_contains "index help has examples" "$TMP/out" "Examples:"
expect_status "search --help" 0 "$SEARCH" --help
expect_contains "search help has examples" "$TMP/out" "Examples:"
expect_status "search --version" 0 "$SEARCH" --version
expect_status "unknown option exits 2" 2 "$SEARCH" --bogus
expect_status "index without PATH exits 2" 2 "$INDEX" --db "$DB"

# An unreadable or missing path is named, and the rest is indexed.
mkdir -p "$TMP/mixed"
cp "$EXAMPLES/2021-lianxi-jiaoti-xiangmu.txt" "$TMP/mixed/"
printf '\000\001\002binary' >"$TMP/mixed/broken.txt"
expect_status "partial run exits 1" 1 "$INDEX" --db "$TMP/db2" --quiet "$TMP/mixed"
expect_contains "bad file named" "$TMP/err" "broken.txt"
expect_eq "one line for the bad file" "$(wc -l <"$TMP/err")" 1
expect_status "good file indexed" 0 "$SEARCH" --db "$TMP/db2" 预算执行率

# --status: counts, last update, and files changed since indexing.
mkdir -p "$TMP/st" && cp "$EXAMPLES/2022-lianxi-jiaoti-zhengti.txt" "$TMP/st/a.txt"
"$INDEX" --db "$TMP/stdb" --quiet "$TMP/st"
expect_status "status up to date exits 0" 0 "$INDEX" --db "$TMP/stdb" --status
expect_contains "status counts reports" "$TMP/out" "reports:   1"
expect_lacks "status has an update time" "$TMP/out" "updated:   never"
echo "新增一段文字。" >>"$TMP/st/a.txt"
expect_status "status with a changed file exits 1" 1 "$INDEX" --db "$TMP/stdb" --status
expect_contains "changed file listed" "$TMP/out" "changed  $TMP/st/a.txt"
rm "$TMP/st/a.txt"
expect_status "status with a gone file exits 1" 1 "$INDEX" --db "$TMP/stdb" --status
expect_contains "gone file listed" "$TMP/out" "gone     $TMP/st/a.txt"

# Empty names are refused, not read past or taken as the current folder.
expect_status "empty --db refused" 2 "$INDEX" --db '' "$EXAMPLES"
expect_contains "empty --db named" "$TMP/err" "--db"
expect_status "empty PATH refused" 2 "$INDEX" --db "$TMP/e" ''
expect_contains "empty PATH named" "$TMP/err" "empty PATH"
# A query that starts with '-' is an option to getopt: the message names
# the whole word (not a byte of it) and says to put it after --.
expect_status "query starting with - exits 2" 2 "$SEARCH" --db "$DB" -预算
expect_contains "whole word named" "$TMP/err" "'-预算'"
expect_contains "-- suggested" "$TMP/err" "after --"
expect_status "query after -- searched" 0 "$SEARCH" --db "$DB" -- '-绩效效评价 预算'
# A query's control characters are escaped in the message: one line.
expect_status "control characters in a query" 2 "$SEARCH" --db "$DB" "$(printf 'year:20\0331')"
expect_eq "message is one line" "$(wc -l <"$TMP/err")" 1
expect_contains "escape shown as \\x1b" "$TMP/err" '\x1b'
