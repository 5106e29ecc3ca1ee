#!/bin/sh
# T676-remove.sh: jixiao-index --remove PATH takes a file's or a folder's
# reports out of a database (issue #12): every report whose paths are
# all under PATH goes, one with a path elsewhere keeps that path; a line
# says what was removed; exit 1 with a message when nothing was indexed
# there. It works whether the files still exist or not, and indexes
# nothing.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/r/a" "$TMP/r/b" "$TMP/r/c"
cp "$EXAMPLES"/2019-*.txt "$TMP/r/a/"
cp "$EXAMPLES"/2020-*.txt "$TMP/r/b/"
cp "$EXAMPLES"/2021-lianxi-jiaoti-xiangmu.txt "$TMP/r/c/"
cp "$EXAMPLES"/2019-wuxing-wenlvti-zhengti.txt "$TMP/r/b/copy.txt"
na=$(ls "$TMP/r/a" | wc -l)
nb=$(ls "$EXAMPLES"/2020-*.txt | wc -l)
DB="$TMP/db"
paths() {
    "$SEARCH" --db "$DB" --list-reports --json --limit 1000 --year 1900..2100 \
        2>/dev/null | grep '"type":"report"' | grep -o '"paths":\[[^]]*\]'
}
nreports() { paths | wc -l; }

expect_status "indexed" 0 "$INDEX" --db "$DB" "$TMP/r"
expect_status "indexed: a's words found" 0 "$SEARCH" --db "$DB" --year 2019 --dept 城中 预算
total=$(nreports)
expect_eq "indexed: reports" "$total" "$((na + nb + 1))"

# Files still there: folder a goes, the report copied into b stays.
expect_status "remove a: exit 0" 0 "$INDEX" --db "$DB" --remove "$TMP/r/a"
expect_contains "remove a: says what" "$TMP/err" \
    "$TMP/r/a: $((na - 1)) report"
expect_contains "remove a: says what is kept" "$TMP/err" \
    "($na paths; 1 report kept for paths elsewhere)"
expect_eq "remove a: reports left" "$(nreports)" "$((total - na + 1))"
expect_lacks "remove a: no path under a" "$(paths >"$TMP/p"; echo "$TMP/p")" "$TMP/r/a/"
expect_contains "remove a: the copy keeps its other path" "$TMP/p" "$TMP/r/b/copy.txt"
expect_status "remove a: its words gone" 1 "$SEARCH" --db "$DB" --year 2019 --dept 城中 预算
# Nothing there any more: exit 1 and a message.
expect_status "remove a again: exit 1" 1 "$INDEX" --db "$DB" --remove "$TMP/r/a"
expect_contains "remove a again: says so" "$TMP/err" "$TMP/r/a: nothing indexed there"
expect_status "remove elsewhere: exit 1" 1 "$INDEX" --db "$DB" --remove "$TMP/nowhere"
# Files gone: a relative path, a single file, then the rest.
rm -r "$TMP/r/b"
cd "$TMP/r" || exit 1
expect_status "remove a gone file: exit 0" 0 "$INDEX" --db "$DB" --remove b/copy.txt
expect_contains "remove a gone file: one report" "$TMP/err" "1 report removed (1 path;"
expect_status "remove a gone folder: exit 0" 0 "$INDEX" --db "$DB" --remove ./b/
expect_contains "remove a gone folder: says what" "$TMP/err" "$nb reports removed"
expect_eq "only c left" "$(nreports)" 1
# Not a prefix of a name: r/c does not remove r/cc.
mkdir "$TMP/r/cc"
cp "$EXAMPLES"/2022-lianxi-jiaoti-zhengti.txt "$TMP/r/cc/"
expect_status "index cc" 0 "$INDEX" --db "$DB" "$TMP/r/cc"
expect_status "remove c, not cc: exit 0" 0 "$INDEX" --db "$DB" --remove "$TMP/r/c"
paths >"$TMP/p"
expect_contains "remove c, not cc: cc kept" "$TMP/p" "$TMP/r/cc/"
expect_lacks "remove c, not cc: c gone" "$TMP/p" "$TMP/r/c/"
# A following ordinary run of the folder changes nothing more.
expect_status "rerun: exit 0" 0 "$INDEX" --db "$DB" "$TMP/r/cc"
expect_contains "rerun: nothing changed" "$TMP/err" "nothing changed"
# Errors: no PATH, no database.
expect_status "no PATH: exit 2" 2 "$INDEX" --db "$DB" --remove
expect_status "no database: exit 2" 2 "$INDEX" --db "$TMP/none" --remove "$TMP/r"
expect_status "no database: not created" 1 test -e "$TMP/none"
"$INDEX" --help >"$TMP/help"
expect_contains "in --help" "$TMP/help" "--remove"
