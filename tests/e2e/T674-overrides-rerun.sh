#!/bin/sh
# T674-overrides-rerun.sh: corrections reach the database in the next
# ordinary run, without --force (issue #13: `--manifest fixes.csv DIR`
# after a normal run said `nothing changed` and the corrected year was
# not searchable; adding, changing or removing a .meta sidecar was
# ignored the same way). Each report remembers a hash of the sidecar and
# of the manifest row it was indexed with; a run that finds others
# indexes it again. A removed sidecar or row gives the extracted value
# back; a run without --manifest keeps the manifest's values.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/o/copy"
A=2021-lianxi-jiaoti-xiangmu.txt   # extracted year 2021, dept 濂溪区教育体育局
B=2022-lianxi-jiaoti-zhengti.txt   # extracted year 2022
cp "$EXAMPLES/$A" "$EXAMPLES/$B" "$TMP/o/"
cp "$EXAMPLES/$A" "$TMP/o/copy/"   # a second path of report A
DB="$TMP/db"
run() { "$INDEX" --db "$DB" "$@" "$TMP/o"; }
# found NAME WANT FILTER...: the count of reports the filter lists.
found() {
    name=$1; want=$2; shift 2
    got=$("$SEARCH" --db "$DB" --list-reports --json --limit 100 "$@" 2>/dev/null |
        grep -c '"type":"report"')
    expect_eq "$name" "$got" "$want"
}
field() { # field FILTER-YEAR NAME: the NAME field of the report of that year
    "$SEARCH" --db "$DB" --list-reports --json --year "$1" 2>/dev/null |
        grep '"type":"report"' | sed -n "s/.*\"$2\":\"\([^\"]*\)\".*/\1/p"
}

expect_status "first run" 0 run
found "extracted year" 1 --year 2021

# A sidecar added.
echo "year: 2017" >"$TMP/o/$A.meta"
expect_status "sidecar added: --status says out of date" 1 \
    "$INDEX" --db "$DB" --status
expect_contains "sidecar added: --status names it" "$TMP/out" "sidecar  $TMP/o/$A"
expect_status "sidecar added: exit 0" 0 run
expect_contains "sidecar added: indexed again" "$TMP/err" "1 indexed"
found "sidecar added: new year found" 1 --year 2017
found "sidecar added: old year gone" 0 --year 2021
"$SEARCH" --db "$DB" --list-reports --json --year 2017 >"$TMP/l" 2>&1
expect_contains "sidecar added: keeps both paths" "$TMP/l" "$TMP/o/copy/$A"
found "sidecar added: passages filtered too" 1 --year 2017 预算
expect_status "sidecar added: rerun" 0 run
expect_contains "sidecar added: then nothing changed" "$TMP/err" "nothing changed"
expect_status "sidecar added: then --status up to date" 0 "$INDEX" --db "$DB" --status
# The sidecar changed (same size, same second).
echo "year: 2016" >"$TMP/o/$A.meta"
expect_status "sidecar changed: exit 0" 0 run
found "sidecar changed: new year" 1 --year 2016
found "sidecar changed: old year gone" 0 --year 2017
echo "department: 某某测试局" >>"$TMP/o/$A.meta"
expect_status "sidecar line added: exit 0" 0 run
found "sidecar line added: dept filter" 1 --dept 某某测试局
# The sidecar removed: the extracted values come back.
rm "$TMP/o/$A.meta"
expect_status "sidecar removed: exit 0" 0 run
found "sidecar removed: extracted year back" 1 --year 2021
found "sidecar removed: dept gone" 0 --dept 某某测试局

# A manifest given after an ordinary run.
printf 'path,year,department\n%s,2018,\n' "$B" >"$TMP/o/fixes.csv"
expect_status "manifest added: exit 0" 0 run --manifest "$TMP/o/fixes.csv"
expect_lacks "manifest added: not 'nothing changed'" "$TMP/err" "nothing changed"
found "manifest added: year found" 1 --year 2018
found "manifest added: old year gone" 0 --year 2022
expect_status "manifest again: exit 0" 0 run --manifest "$TMP/o/fixes.csv"
expect_contains "manifest again: nothing changed" "$TMP/err" "nothing changed"
# A run without --manifest keeps its values.
expect_status "no manifest: exit 0" 0 run
expect_contains "no manifest: nothing changed" "$TMP/err" "nothing changed"
found "no manifest: year kept" 1 --year 2018
# The row changed.
printf 'path,year,department\n%s,2019,某某财政局\n' "$B" >"$TMP/o/fixes.csv"
expect_status "row changed: exit 0" 0 run --manifest "$TMP/o/fixes.csv"
found "row changed: year" 1 --year 2019
found "row changed: dept" 1 --dept 某某财政局
expect_eq "row changed: listed" "$(field 2019 department)" 某某财政局
# The row removed: extracted values back.
printf 'path,year\n' >"$TMP/o/fixes.csv"
expect_status "row removed: exit 0" 0 run --manifest "$TMP/o/fixes.csv"
found "row removed: extracted year back" 1 --year 2022
found "row removed: dept gone" 0 --dept 某某财政局
