#!/bin/sh
# T670-symlink-root.sh: a folder given on the command line through a
# symbolic link is followed (as find -H and grep -r do) and its files are
# stored under the real folder's path, so runs through the link and
# through the folder agree: nothing is dropped, nothing recorded twice.
# Links to folders met inside a folder are still not followed, and are
# counted in the summary. (Issue #13: `jixiao-index c7` through a link
# indexed 0 files and removed the reports indexed from the folder.)
. "$(dirname "$0")/lib.sh"

mkdir "$TMP/real"
cp "$EXAMPLES"/*.txt "$TMP/real/"
n=$(ls "$TMP/real" | wc -l)
ln -s real "$TMP/link"
ln -s link "$TMP/link2"
list() { "$SEARCH" --db "$1" --list-reports --json --limit 1000 --year 1900..2100 2>/dev/null; }
nreports() { list "$1" | grep -c '"type":"report"'; }

# A new database given only the link: every file is indexed.
expect_status "index via link: exit 0" 0 "$INDEX" --db "$TMP/d1" "$TMP/link"
expect_contains "index via link: all files indexed" "$TMP/err" "$n indexed"
expect_eq "index via link: reports" "$(nreports "$TMP/d1")" "$n"
list "$TMP/d1" >"$TMP/l1"
expect_contains "stored under the real folder" "$TMP/l1" "$TMP/real/"
expect_lacks "not under the link" "$TMP/l1" "$TMP/link/"
# With a trailing slash, through two links, and through the real folder:
# the same paths, nothing changed.
for arg in link/ link2 real; do
    expect_status "rerun via $arg: exit 0" 0 "$INDEX" --db "$TMP/d1" "$TMP/$arg"
    expect_contains "rerun via $arg: nothing changed" "$TMP/err" \
        "nothing changed: $n files up to date"
    expect_eq "rerun via $arg: reports kept" "$(nreports "$TMP/d1")" "$n"
done
expect_lacks "no copy reported" "$TMP/err" "same content"

# A folder indexed by its own name that is then moved and replaced by a
# link: the next run through the link keeps every report (issue #13:
# all were removed), with the new paths, and names no copies.
mkdir "$TMP/c7"
cp "$EXAMPLES"/*.txt "$TMP/c7/"
expect_status "folder indexed" 0 "$INDEX" --db "$TMP/d2" "$TMP/c7"
mv "$TMP/c7" "$TMP/moved"
ln -s moved "$TMP/c7"
expect_status "folder now a link: exit 0" 0 "$INDEX" --db "$TMP/d2" "$TMP/c7"
expect_lacks "folder now a link: no report removed" "$TMP/err" "reports removed"
expect_lacks "folder now a link: no copy reported" "$TMP/err" "same content"
expect_eq "folder now a link: reports kept" "$(nreports "$TMP/d2")" "$n"
list "$TMP/d2" >"$TMP/l2"
expect_contains "folder now a link: real paths" "$TMP/l2" "$TMP/moved/"
expect_lacks "folder now a link: old paths pruned" "$TMP/l2" "$TMP/c7/"

# Links to folders inside a folder: not followed, counted.
mkdir -p "$TMP/top/sub"
cp "$EXAMPLES"/2019-wuxing-wenlvti-zhengti.txt "$TMP/top/"
ln -s ../../real "$TMP/top/sub/to-real"
ln -s .. "$TMP/top/sub/loop"
expect_status "inner links: exit 0" 0 "$INDEX" --db "$TMP/d3" "$TMP/top"
expect_eq "inner links: not followed" "$(nreports "$TMP/d3")" 1
expect_contains "inner links: counted" "$TMP/err" "2 links to folders not followed"
expect_status "inner links: rerun exit 0" 0 "$INDEX" --db "$TMP/d3" "$TMP/top"
expect_contains "inner links: counted on a rerun" "$TMP/err" \
    "nothing changed: 1 files up to date, 2 links to folders not followed"
