#!/bin/sh
# T261-db-twice.sh: a database given twice to jixiao-search, by the same
# name, by another name for the same folder, or as a copy of the folder
# (same shards, same UUIDs), is refused with one line naming both, exit
# 2: searched twice, every count doubled and every passage was listed
# twice. Two different databases are still searched as one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"

expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"
cp -R "$DB" "$TMP/db-copy"
one=$("$SEARCH" --db "$DB" --count 预算执行率)

cd "$TMP" || exit 2
expect_status "--db db --db db is refused" 2 \
    "$SEARCH" --db db --db db --count 预算执行率
expect_eq "the message names both" "$(cat "$TMP/err")" \
    "jixiao-search: db: the same database as db (given twice)"
expect_eq "nothing is printed on stdout" "$(cat "$TMP/out")" ""
expect_status "--db db --db ./db/ is refused" 2 \
    "$SEARCH" --db db --db ./db/ 预算执行率
expect_eq "the message names both names" "$(cat "$TMP/err")" \
    "jixiao-search: ./db/: the same database as db (given twice)"
expect_status "--db db --db db-copy is refused" 2 \
    "$SEARCH" --db db --db db-copy --list-reports 预算执行率
expect_eq "the message names the copy" "$(cat "$TMP/err")" \
    "jixiao-search: db-copy: the same database as db (given twice)"
expect_status "--db with the absolute path too" 2 \
    "$SEARCH" --db "$TMP/db" --db db-copy --count 疫情
expect_status "the copy alone answers" 0 "$SEARCH" --db db-copy --count 预算执行率
expect_eq "the copy alone counts what the original does" "$(cat "$TMP/out")" "$one"

# Two different databases: searched as one, each report counted once.
mkdir a b
cp "$EXAMPLES"/2019-*.txt a/
cp "$EXAMPLES"/2020-*.txt b/
expect_status "index part a" 0 "$INDEX" --db dba --quiet a
expect_status "index part b" 0 "$INDEX" --db dbb --quiet b
ra=$("$SEARCH" --db dba --count 预算 | awk '{ print $1 }')
rb=$("$SEARCH" --db dbb --count 预算 | awk '{ print $1 }')
expect_status "two different databases answer" 0 \
    "$SEARCH" --db dba --db dbb --count 预算
expect_eq "their passages add up" "$(awk '{ print $1 }' "$TMP/out")" \
    "$((ra + rb))"
