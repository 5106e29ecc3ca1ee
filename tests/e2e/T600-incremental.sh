#!/bin/sh
# T600-incremental.sh: incremental indexing keeps the database in step
# with the folder and nothing more: a rerun changes nothing and says so;
# a touched file (same bytes) is not duplicated; changed content replaces
# the old passages; a deleted file's report is pruned (kept with
# --no-prune); a moved file is one report with the new path only; two
# identical files are one report with both paths and a duplicate notice;
# files swapping contents end up right; a run over one file prunes
# nothing else; --force gives the same database as a clean build. Empty
# files (no text) are not reports: skipped and counted, never called
# duplicates, and a file that becomes empty is pruned. A copy whose
# original changed is not announced as a duplicate.
. "$(dirname "$0")/lib.sh"

EX="$TMP/ex"
DB="$TMP/db"
mkdir -p "$EX/sub"
cp "$EXAMPLES"/*.txt "$EX/"
A="$EX/2020-lusong-nongye-xiangmu.txt"
B="$EX/2022-lianxi-jiaoti-zhengti.txt"
# A file of our own with a phrase found nowhere else.
printf '某区测试局2021年项目支出绩效自评报告\n\n一、基本情况\n本段增量测试旧标记甲乙丙丁戊。\n' >"$EX/own.txt"

# state DB OUT: each report's key and paths, then the counts of a set of
# queries, in a form that can be compared.
state() {
    "$SEARCH" --db "$1" --list-reports --json --limit 1000 绩效 |
        awk '/"type":"report"/ {
            match($0, /"key":"[0-9a-f]*"/); key = substr($0, RSTART + 7, RLENGTH - 8)
            match($0, /"paths":\[[^]]*\]/); n = split(substr($0, RSTART + 9, RLENGTH - 10), p, ",")
            for (i = 1; i <= n; i++) print key, p[i] }' | sort >"$2"
    for q in 绩效 预算执行率 满意度 '疫情 OR 新冠' '资金 -疫情' year:2021 \
        'score:90..' grade:优 甲乙丙丁 庚辛壬癸; do
        printf '%s ' "$q" >>"$2"
        "$SEARCH" --db "$1" --count --json "$q" >>"$2" 2>&1
        echo " $?" >>"$2"
    done
}
# paths_of PHRASE: the "paths" of the reports matching PHRASE.
paths_of() {
    "$SEARCH" --db "$DB" --list-reports --json "$1" |
        sed -n 's/.*"paths":\(\[[^]]*\]\).*/\1/p' | sed "s|$TMP|TMP|g"
}
# count PHRASE: the --count --json line for PHRASE.
count() { "$SEARCH" --db "$DB" --count --json "$1" 2>&1; }

expect_status "first run" 0 "$INDEX" --db "$DB" "$EX"
state "$DB" "$TMP/s0"
expect_eq "18 reports" "$(count 绩效 | sed 's/.*"reports":\([0-9]*\).*/\1/')" 18

# 1. The same folder again: nothing changes, and it says so.
expect_status "rerun" 0 "$INDEX" --db "$DB" "$EX"
expect_contains "rerun says nothing changed" "$TMP/err" "nothing changed"
expect_eq "rerun: one stderr line" "$(wc -l <"$TMP/err")" 1
state "$DB" "$TMP/s1"
cmp -s "$TMP/s0" "$TMP/s1" && pass "rerun: database unchanged" ||
    fail "rerun: database unchanged" "$(diff "$TMP/s0" "$TMP/s1" | head -c 400)"
# The same folder named otherwise (relative, trailing slash, ./..).
expect_status "rerun, path spelt otherwise" 0 sh -c \
    "cd '$TMP' && '$INDEX' --db db ./ex/sub/../"
expect_contains "path spelt otherwise: nothing changed" "$TMP/err" "nothing changed"

# 2. Touched (same bytes, new mtime): read again, not duplicated.
touch -d '2001-02-03 04:05:06' "$A"
before=$(count 芦淞)
expect_status "run after touch" 0 "$INDEX" --db "$DB" "$EX"
expect_lacks "touch: no duplicate notice" "$TMP/err" "same content"
expect_eq "touch: same counts" "$(count 芦淞)" "$before"
state "$DB" "$TMP/s2"
cmp -s "$TMP/s0" "$TMP/s2" && pass "touch: database unchanged" ||
    fail "touch: database unchanged" "$(diff "$TMP/s0" "$TMP/s2" | head -c 400)"
expect_status "run after touch run" 0 "$INDEX" --db "$DB" "$EX"
expect_contains "touch: new mtime recorded" "$TMP/err" "nothing changed"

# 3. Changed content, same size: the new mtime makes it read again; the
# old phrase goes, the new one is found, the report is not doubled.
expect_status "old phrase found" 0 "$SEARCH" --db "$DB" 甲乙丙丁
sed -i 's/甲乙丙丁戊/庚辛壬癸子/' "$EX/own.txt"
touch -d '2002-01-01' "$EX/own.txt"
expect_status "run after same-size edit" 0 "$INDEX" --db "$DB" "$EX"
expect_contains "edit: one indexed" "$TMP/err" "1 indexed"
expect_contains "edit: old report removed" "$TMP/err" "1 reports removed"
expect_status "edit: old phrase gone" 1 "$SEARCH" --db "$DB" 甲乙丙丁
expect_status "edit: new phrase found" 0 "$SEARCH" --db "$DB" 庚辛壬癸
expect_eq "edit: one path" "$(paths_of 庚辛壬癸)" '["TMP/ex/own.txt"]'
expect_eq "edit: still 18 reports" \
    "$(count 绩效 | sed 's/.*"reports":\([0-9]*\).*/\1/')" 18
# Changed size: appended text is found, once.
echo '补充说明：新增段落己庚辛壬。' >>"$EX/own.txt"
expect_status "run after append" 0 "$INDEX" --db "$DB" "$EX"
expect_eq "append: new text found once" "$(count 己庚辛壬)" \
    '{"passages":1,"reports":1}'
expect_eq "append: still 18 reports" \
    "$(count 绩效 | sed 's/.*"reports":\([0-9]*\).*/\1/')" 18

# 4. Moved: the same report, now with the new path only.
expect_eq "before move: old path" "$(paths_of 庚辛壬癸)" '["TMP/ex/own.txt"]'
mv "$EX/own.txt" "$EX/sub/renamed.txt"
expect_eq "move not seen yet" "$(paths_of 庚辛壬癸)" '["TMP/ex/own.txt"]'
expect_status "run after move" 0 "$INDEX" --db "$DB" "$EX"
expect_lacks "move: not a duplicate" "$TMP/err" "same content"
expect_lacks "move: nothing indexed again" "$TMP/err" "1 indexed"
expect_eq "move: new path only" "$(paths_of 庚辛壬癸)" '["TMP/ex/sub/renamed.txt"]'
expect_eq "move: one report, one passage" "$(count 己庚辛壬)" \
    '{"passages":1,"reports":1}'

# 5. Two identical files: one report, both paths, a duplicate notice.
cp "$EX/sub/renamed.txt" "$EX/copy.txt"
expect_status "run with a copy" 0 "$INDEX" --db "$DB" "$EX"
expect_contains "copy: duplicate notice" "$TMP/err" \
    "$EX/copy.txt: same content as $EX/sub/renamed.txt"
expect_eq "copy: notice once" "$(grep -c 'same content' "$TMP/err")" 1
expect_eq "copy: both paths" "$(paths_of 庚辛壬癸)" \
    '["TMP/ex/sub/renamed.txt","TMP/ex/copy.txt"]'
expect_eq "copy: one report, one passage" "$(count 己庚辛壬)" \
    '{"passages":1,"reports":1}'
expect_status "copy: rerun" 0 "$INDEX" --db "$DB" "$EX"
expect_contains "copy: rerun says nothing changed" "$TMP/err" "nothing changed"
expect_lacks "copy: no notice on rerun" "$TMP/err" "same content"

# 6. Deleted: with --no-prune the report stays, without it goes.
rm "$EX/copy.txt"
expect_status "run after deleting the copy" 0 "$INDEX" --db "$DB" "$EX"
expect_eq "deleted copy: its path pruned" "$(paths_of 庚辛壬癸)" \
    '["TMP/ex/sub/renamed.txt"]'
rm "$EX/sub/renamed.txt"
expect_status "--no-prune run" 0 "$INDEX" --db "$DB" --no-prune "$EX"
expect_status "--no-prune keeps the report" 0 "$SEARCH" --db "$DB" 庚辛壬癸
expect_status "pruning run" 0 "$INDEX" --db "$DB" "$EX"
expect_contains "prune: counted" "$TMP/err" "1 reports removed"
expect_status "prune: report gone" 1 "$SEARCH" --db "$DB" 庚辛壬癸
expect_eq "prune: 17 reports" \
    "$(count 绩效 | sed 's/.*"reports":\([0-9]*\).*/\1/')" 17

# 7. Two files swap their contents: each path with the right report.
state "$DB" "$TMP/s7a"
key_a=$(grep -F "\"$A\"" "$TMP/s7a" | cut -d' ' -f1)
key_b=$(grep -F "\"$B\"" "$TMP/s7a" | cut -d' ' -f1)
cp "$A" "$TMP/a" && cp "$B" "$A" && cp "$TMP/a" "$B"
touch -d '2003-01-01' "$A" "$B"
expect_status "run after swap" 0 "$INDEX" --db "$DB" "$EX"
expect_lacks "swap: no duplicate notice" "$TMP/err" "same content"
expect_lacks "swap: nothing indexed again" "$TMP/err" " indexed ("
expect_eq "swap: one stderr line" "$(wc -l <"$TMP/err")" 1
state "$DB" "$TMP/s7b"
expect_eq "swap: A's path has B's report" \
    "$(grep -F "\"$A\"" "$TMP/s7b" | cut -d' ' -f1)" "$key_b"
expect_eq "swap: B's path has A's report" \
    "$(grep -F "\"$B\"" "$TMP/s7b" | cut -d' ' -f1)" "$key_a"
expect_eq "swap: same reports, paths swapped" \
    "$(grep '^[0-9a-f]* "' "$TMP/s7a" | sed "s|$A|@|; s|$B|$A|; s|@|$B|" | sort)" \
    "$(grep '^[0-9a-f]* "' "$TMP/s7b")"
expect_eq "swap: 17 reports" \
    "$(count 绩效 | sed 's/.*"reports":\([0-9]*\).*/\1/')" 17

# 8. A run over one file prunes nothing outside it.
expect_status "run over one file" 0 "$INDEX" --db "$DB" "$A"
expect_eq "one-file run: 17 reports" \
    "$(count 绩效 | sed 's/.*"reports":\([0-9]*\).*/\1/')" 17

# 9. --force re-indexes everything, to the same end as a clean build.
state "$DB" "$TMP/s9"
expect_status "--force" 0 "$INDEX" --db "$DB" --force "$EX"
expect_contains "--force reads every file" "$TMP/err" "17 indexed"
expect_status "clean build" 0 "$INDEX" --db "$TMP/clean" "$EX"
state "$DB" "$TMP/sf"
state "$TMP/clean" "$TMP/sc"
cmp -s "$TMP/sf" "$TMP/sc" && pass "--force equals a clean build" ||
    fail "--force equals a clean build" "$(diff "$TMP/sf" "$TMP/sc" | head -c 400)"
cmp -s "$TMP/s9" "$TMP/sf" && pass "--force changes no result" ||
    fail "--force changes no result" "$(diff "$TMP/s9" "$TMP/sf" | head -c 400)"

# A same-size edit within the same second is seen at once (mtimes are
# kept to the nanosecond, and a file changed just before a run is read
# again by the next one).
mkdir -p "$TMP/same" && echo 第一版本内容甲乙丙丁。>"$TMP/same/r.txt"
"$INDEX" -q --db "$TMP/samedb" "$TMP/same"
sed -i s/甲乙丙丁/戊己庚辛/ "$TMP/same/r.txt"
"$INDEX" -q --db "$TMP/samedb" "$TMP/same"
expect_eq "same-second same-size edit indexed" \
    "$("$SEARCH" --db "$TMP/samedb" --count 戊己庚辛)" "1 passage in 1 report"
expect_status "old text of the same-second edit gone" 1 \
    "$SEARCH" --db "$TMP/samedb" 甲乙丙丁

# 10. Empty files: 0 bytes, white space, a BOM alone. Not reports: no
# duplicate notice, counted as empty in the summary, exit 0, never
# listed; a rerun is quiet; a file that becomes empty is pruned like a
# removed one, and one that gets text is indexed.
E="$TMP/empty"
mkdir -p "$E/sub"
printf '某区测试局2021年项目支出绩效自评报告\n\n一、基本情况\n本段空文件测试子丑寅卯。\n' >"$E/good.txt"
printf '某区测试局2022年项目支出绩效自评报告\n\n一、基本情况\n本段将被清空辰巳午未。\n' >"$E/later-empty.txt"
: >"$E/a.txt"
: >"$E/sub/b.txt"
printf ' \n\n\t \n' >"$E/blank.txt"
printf '\357\273\277  \n' >"$E/bom8.txt"
printf '\377\376' >"$E/bom16.txt"
expect_status "empty files: exit 0" 0 "$INDEX" --db "$TMP/edb" "$E"
expect_lacks "empty files: no duplicate notice" "$TMP/err" "same content"
expect_eq "empty files: one stderr line" "$(wc -l <"$TMP/err")" 1
expect_contains "empty files: counted as empty" "$TMP/err" "7 files: 2 indexed (4 passages), 0 unchanged, 5 empty, 0 failed"
"$INDEX" --db "$TMP/edb" --status >"$TMP/st" 2>&1
expect_contains "empty files: not reports" "$TMP/st" "reports:   2"
"$SEARCH" --db "$TMP/edb" --list-reports --json --limit 100 测试局 >"$TMP/o" 2>&1
expect_lacks "empty files: never listed" "$TMP/o" "a.txt"
expect_status "empty files: rerun" 0 "$INDEX" --db "$TMP/edb" "$E"
expect_contains "empty files: rerun says nothing changed" "$TMP/err" \
    "nothing changed: 2 files up to date, 5 empty skipped"
expect_lacks "empty files: rerun, no duplicate notice" "$TMP/err" "same content"
: >"$E/later-empty.txt"
expect_status "file emptied: run" 0 "$INDEX" --db "$TMP/edb" "$E"
expect_contains "file emptied: its report removed" "$TMP/err" "1 reports removed"
expect_status "file emptied: its text gone" 1 "$SEARCH" --db "$TMP/edb" 辰巳午未
"$INDEX" --db "$TMP/edb" --status >"$TMP/st" 2>&1
expect_contains "file emptied: one report left" "$TMP/st" "reports:   1"
printf '某区测试局2023年项目支出绩效自评报告\n\n一、基本情况\n本段不再为空申酉戌亥。\n' >"$E/a.txt"
expect_status "empty file gets text: run" 0 "$INDEX" --db "$TMP/edb" "$E"
expect_contains "empty file gets text: indexed" "$TMP/err" "1 indexed"
expect_status "empty file gets text: found" 0 "$SEARCH" --db "$TMP/edb" 申酉戌亥

# 11. A copy whose original was edited since it was indexed: the copy
# holds the old bytes, the original does not any more: not a duplicate.
D="$TMP/dup"
mkdir -p "$D"
printf '某区测试局2021年项目支出绩效自评报告\n\n一、基本情况\n原件内容甲丙戊庚。\n' >"$D/original.txt"
expect_status "copy of an edited original: first run" 0 "$INDEX" --db "$TMP/ddb" "$D"
cp "$D/original.txt" "$D/a-copy.txt"
printf '某区测试局2021年项目支出绩效自评报告\n\n一、基本情况\n原件改为乙丁己辛。\n' >"$D/original.txt"
touch -d '2004-01-01' "$D/original.txt"
expect_status "copy of an edited original: run" 0 "$INDEX" --db "$TMP/ddb" "$D"
expect_lacks "copy of an edited original: no duplicate notice" "$TMP/err" "same content"
expect_eq "copy of an edited original: the copy has the old text" \
    "$("$SEARCH" --db "$TMP/ddb" --list-reports --json 甲丙戊庚 |
        sed -n 's/.*"paths":\(\[[^]]*\]\).*/\1/p' | sed "s|$TMP|TMP|g")" \
    '["TMP/dup/a-copy.txt"]'
expect_status "copy of an edited original: new text found" 0 \
    "$SEARCH" --db "$TMP/ddb" 乙丁己辛
