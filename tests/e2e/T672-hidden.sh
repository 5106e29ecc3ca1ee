#!/bin/sh
# T672-hidden.sh: hidden files and folders (the name begins with '.')
# are not indexed, as before, but no longer without a word: the summary
# counts hidden folders and hidden files with a report extension ("2
# hidden skipped"), on a first run and on a rerun. Other hidden files
# (.DS_Store) are not counted. A hidden folder or file given as PATH is
# indexed.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/h/.dir" "$TMP/h/sub"
cp "$EXAMPLES"/2019-wuxing-wenlvti-zhengti.txt "$TMP/h/.x.txt"
cp "$EXAMPLES"/2020-lusong-nongye-xiangmu.txt "$TMP/h/.dir/"
cp "$EXAMPLES"/2022-lianxi-jiaoti-zhengti.txt "$TMP/h/"
cp "$EXAMPLES"/2021-lianxi-jiaoti-xiangmu.txt "$TMP/h/sub/.y.txt"
echo x >"$TMP/h/.DS_Store"
nreports() {
    "$SEARCH" --db "$1" --list-reports --json --limit 1000 --year 1900..2100 \
        2>/dev/null | grep -c '"type":"report"'
}

expect_status "first run: exit 0" 0 "$INDEX" --db "$TMP/d" "$TMP/h"
expect_contains "first run: hidden counted" "$TMP/err" "3 hidden skipped"
expect_eq "hidden not indexed" "$(nreports "$TMP/d")" 1
expect_status "rerun: exit 0" 0 "$INDEX" --db "$TMP/d" "$TMP/h"
expect_contains "rerun: hidden counted" "$TMP/err" \
    "nothing changed: 1 files up to date, 3 hidden skipped"
expect_status "hidden folder as PATH: exit 0" 0 "$INDEX" --db "$TMP/d" "$TMP/h/.dir"
expect_eq "hidden folder as PATH: indexed" "$(nreports "$TMP/d")" 2
expect_status "hidden file as PATH: exit 0" 0 "$INDEX" --db "$TMP/d" "$TMP/h/sub/.y.txt"
expect_eq "hidden file as PATH: indexed" "$(nreports "$TMP/d")" 3
expect_lacks "hidden file as PATH: not counted" "$TMP/err" "hidden skipped"
