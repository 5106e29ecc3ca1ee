#!/bin/sh
# T681-damaged-db.sh: a damaged database is noticed, never used as if
# it were whole. For each kind of damage (a table file cut short, a
# passage part deleted, the report database deleted, a version file
# iamglass deleted, the stub XAPIANDB deleted, a passage part that lost
# its passages): an indexing run refuses it before writing (exit 2, one
# line saying what is damaged and how to rebuild), --status and --check
# say damaged (exit 2; --check one line per problem), jixiao-search says
# damaged (exit 2), and the database is left as it was. A sound
# database passes --check (exit 0). The last check builds a database
# again as the message says.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/r" "$TMP/none"
cp "$EXAMPLES"/*.txt "$TMP/r/"
REF="$TMP/ref"
"$INDEX" --db "$REF" --quiet "$TMP/r"
# Three changed reports: the dead passages are still there.
for f in $(ls "$TMP/r" | head -3); do
    echo "此处新增独特短语丙丁戊。" >>"$TMP/r/$f"
done
"$INDEX" --db "$REF" --quiet "$TMP/r"
"$INDEX" --db "$TMP/empty" --quiet "$TMP/none" # an empty database

"$INDEX" --db "$REF" --check >"$TMP/check.out" 2>"$TMP/check.err"
expect_eq "a sound database: --check exit 0" "$?" 0
expect_contains "a sound database: --check says sound" "$TMP/check.out" \
    "$REF: sound: 2 databases checked, 17 reports"
expect_eq "a sound database: --check quiet on stderr" \
    "$(wc -c <"$TMP/check.err")" 0
expect_status "a sound database: --status" 0 "$INDEX" --db "$REF" --status

# damaged NAME CAUSE [answers]: DB is a damaged copy; each program must
# refuse it, naming CAUSE, and leave it as it was (a search too, unless
# answers: then the blocks it reads are whole, and it may answer).
damaged() {
    name=$1 cause=$2 answers=${3:-}
    # (a database Xapian opens for writing may gain empty table files)
    find "$DB" -type f -size +0 -exec cksum {} + | sort >"$TMP/before"
    "$INDEX" --db "$DB" "$TMP/r" >"$TMP/o" 2>"$TMP/e"
    expect_eq "$name: a run refuses it (exit 2)" "$?" 2
    expect_eq "$name: in one line" "$(wc -l <"$TMP/e")" 1
    expect_contains "$name: the run names the damage" "$TMP/e" \
        "jixiao-index: $DB: damaged: $cause"
    expect_contains "$name: the run says how to rebuild" "$TMP/e" \
        "; rebuild with: rm -rf $DB && jixiao-index --db $DB PATH..."
    find "$DB" -type f -size +0 -exec cksum {} + | sort >"$TMP/after"
    cmp -s "$TMP/before" "$TMP/after" && pass "$name: the run wrote nothing" ||
        fail "$name: the run wrote nothing" "$(diff "$TMP/before" "$TMP/after" | head -5)"
    "$INDEX" --db "$DB" --status >"$TMP/o" 2>"$TMP/e"
    expect_eq "$name: --status exit 2" "$?" 2
    expect_contains "$name: --status names the damage" "$TMP/e" \
        "$DB: damaged: $cause"
    expect_lacks "$name: --status does not say all is well" "$TMP/o" "reports:"
    "$INDEX" --db "$DB" --check >"$TMP/o" 2>"$TMP/e"
    expect_eq "$name: --check exit 2" "$?" 2
    expect_contains "$name: --check names the damage" "$TMP/o" \
        "$DB: damaged: $cause"
    expect_contains "$name: --check says how to rebuild" "$TMP/e" \
        "rebuild with: rm -rf $DB && jixiao-index --db $DB"
    "$SEARCH" --db "$DB" 预算执行率 >"$TMP/o" 2>"$TMP/e"
    rc=$?
    [ -n "$answers" ] && [ "$rc" = 0 ] && return
    expect_eq "$name: a search fails (exit 2)" "$rc" 2
    expect_contains "$name: the search names the damage" "$TMP/e" \
        "jixiao-search: $DB: damaged: $cause"
}

# copy NAME: a fresh copy of the sound database in $DB.
copy() { DB="$TMP/$1"; rm -rf "$DB"; cp -r "$REF" "$DB"; }

copy cut
size=$(wc -c <"$DB/passages-1/postlist.glass")
truncate -s $((size / 2)) "$DB/passages-1/postlist.glass"
damaged "postlist.glass cut to half" "passage part passages-1 cannot be read: "

# Cut by its last block: Xapian still opens it, and a search may work.
copy cut2
truncate -s $((size - 8192)) "$DB/passages-1/postlist.glass"
damaged "postlist.glass cut by a block" \
    "passage part passages-1 cannot be read: " answers

copy nopart
rm -r "$DB/passages-1"
damaged "a passage part deleted" "passage part passages-1 is missing"

copy noreports
rm -r "$DB/reports"
damaged "the report database deleted" "the report database reports is missing"

copy noglass
rm "$DB/passages-1/iamglass"
damaged "iamglass of a part deleted" "passages-1/iamglass is missing"

copy noglass2
rm "$DB/reports/iamglass"
damaged "iamglass of the reports deleted" "reports/iamglass is missing"

copy nostub
rm "$DB/XAPIANDB"
damaged "XAPIANDB deleted" "XAPIANDB (the list of its databases) is missing"

copy emptied # a part replaced by an empty one: whole, but its passages gone
rm -r "$DB/passages-1"
cp -r "$TMP/empty/passages-1" "$DB/passages-1"
damaged "a part that lost its passages" "the reports have "
expect_contains "a part that lost its passages: none held" "$TMP/e" \
    "passages, the passage parts hold only 0"

# The rebuild the message gives works.
DB="$TMP/noreports"
rm -rf "$DB" && "$INDEX" --db "$DB" --quiet "$TMP/r"
expect_eq "the rebuild the message says: --check sound" \
    "$("$INDEX" --db "$DB" --check 2>&1 | cut -d: -f2)" " sound"
expect_eq "the rebuild the message says: same counts" \
    "$("$SEARCH" --db "$DB" --count --json 预算执行率)" \
    "$("$SEARCH" --db "$REF" --count --json 预算执行率)"
