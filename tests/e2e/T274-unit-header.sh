#!/bin/sh
# T274-unit-header.sh: the metadata line of a report in the text output
# starts with the unit it is from: the department, else the region, else
# the folder its file is in ("商务局/"), so that reports whose department
# is not known, under a generic title, can still be told apart.
. "$(dirname "$0")/lib.sh"
R="$TMP/reports"
mkdir -p "$R/商务局" "$R/教育局" "$R/other"
report() {
    printf '项目支出绩效自评报告\n\n一、基本情况\n2021年度本项目全年完成工作任务，群众满意度较高。%s\n\n二、自评结论\n本项目自评得分95.17分，等级为优秀。\n' "$2" >"$1"
}
report "$R/商务局/a.txt" 甲
report "$R/教育局/b.txt" 乙
report "$R/other/c.txt" 丙
printf 'region: 某省某市某区\n' >"$R/other/c.txt.meta"
expect_status "index" 0 "$INDEX" --db "$TMP/db" --quiet "$R" "$EXAMPLES/2021-lianxi-jiaoti-xiangmu.txt"

# line_of NAME: the metadata line of the report whose path ends in NAME.
"$SEARCH" --db "$TMP/db" --list-reports -n 100 --year 2021 >"$TMP/l.txt"
line_of() { grep -B1 "/$1\$" "$TMP/l.txt" | head -n 1 | sed 's/^ *//'; }
expect_eq "unknown department: the folder" "$(line_of a.txt)" \
    "商务局/ · 2021年度 · 95.17分 · 优秀 · 项目支出"
expect_eq "another folder, another unit" "$(line_of b.txt)" \
    "教育局/ · 2021年度 · 95.17分 · 优秀 · 项目支出"
expect_eq "unknown department, known region: the region" "$(line_of c.txt)" \
    "某省某市某区 · 2021年度 · 95.17分 · 优秀 · 项目支出"
case $(line_of 2021-lianxi-jiaoti-xiangmu.txt) in
江西省九江市濂溪区教育体育局\ ·\ 2021年度*) pass "known department: the department" ;;
*) fail "known department: the department" "$(line_of 2021-lianxi-jiaoti-xiangmu.txt)" ;;
esac
"$SEARCH" --db "$TMP/db" 满意度 乙 >"$TMP/s.txt"
expect_contains "a search's report line too" "$TMP/s.txt" \
    "    教育局/ · 2021年度 · 95.17分 · 优秀 · 项目支出 · 1 matching passage"
