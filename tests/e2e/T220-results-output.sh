#!/bin/sh
# T220-results-output.sh: what jixiao-search shows and in which order:
# --limit, --offset (pages continue without overlap), --per-report N and
# 0 (ungrouped), --sort relevance|year|score (reports without a year or
# score last), exact totals (the summary's report count against brute
# force over the sample files), the heading path line (») and the weight
# of a match in a heading, highlighting (--color, NO_COLOR) and the
# cutting of long passages with …. JSON is read with jq.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"

ESC=$(printf '\033')

# paths ARGS...: the report paths of a --list-reports --json, in order,
# one line.
paths() {
    js --list-reports "$@"
    jqs '[.[] | select(.path) | .path | split("/") | last] | join(" ")'
}

expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"

# --- --limit -----------------------------------------------------------------
"$SEARCH" --db "$DB" -n 3 满意度 >"$TMP/t.txt"
expect_eq "--limit 3: three reports shown" \
    "$(grep -c '^\[[0-9]*\] ' "$TMP/t.txt")" 3
expect_eq "--limit 3: the totals still count all" "$(head -n 1 "$TMP/t.txt")" \
    "$("$SEARCH" --db "$DB" -n 100 满意度 | head -n 1)"
js -n 3 满意度
expect_eq "--limit 3 --json: passages of three reports" \
    "$(jqs '[.[] | select(.type == "passage") | .rank] | unique | join(" ")')" "1 2 3"
expect_eq "--list-reports -n 5: five report objects" \
    "$(paths -n 5 满意度 | wc -w | tr -d ' ')" 5
js -n 0 满意度
expect_eq "--limit 0: the summary alone" "$(jqs '[.[].type] | join(" ")')" summary
expect_status "--limit 0 still exits 0 when something matches" 0 \
    "$SEARCH" --db "$DB" -n 0 满意度

# --- --offset: the second page continues the first -------------------------
p1=$(paths -n 4 满意度)
p2=$(paths -n 4 --offset 4 满意度)
ranks2=$(jqs '[.[] | select(.path) | .rank] | join(" ")')
both=$(paths -n 8 满意度)
expect_eq "--offset: page 1 + page 2 = the first 8" "$p1 $p2" "$both"
overlap=$(for x in $p1; do case " $p2 " in *" $x "*) echo "$x" ;; esac; done)
expect_eq "--offset: no report on both pages" "$overlap" ""
expect_eq "--offset: ranks go on" "$ranks2" "5 6 7 8"
[ "$(echo "$p1" | wc -w)" -eq 4 ] && [ "$(echo "$p2" | wc -w)" -eq 4 ] &&
    pass "--offset: full pages" || fail "--offset: full pages" "[$p1] [$p2]"
# Ungrouped, --offset counts passages.
js -p 0 -n 5 满意度; a=$(jqs '[.[] | select(.text) | .text] | join("|")')
js -p 0 -n 5 --offset 5 满意度; b=$(jqs '[.[] | select(.text) | .text] | join("|")')
js -p 0 -n 10 满意度; c=$(jqs '[.[] | select(.text) | .text] | join("|")')
expect_eq "--offset with --per-report 0 pages passages" "$a|$b" "$c"

# --- --per-report ------------------------------------------------------------
js -p 2 -n 100 满意度
expect_eq "--per-report 2: min(2, matching) passages per report" \
    "$(jqs '[.[] | select(.type == "passage")] | group_by(.report.path)
        | map(select(length != ([.[0].report.matching_passages, 2] | min)))
        | length')" 0
expect_eq "--per-report 2: some report has two" \
    "$(jqs '[.[] | select(.type == "passage")] | group_by(.report.path)
        | map(select(length == 2)) | length > 0')" true
js -p 1 -n 100 满意度
expect_eq "--per-report 1: one passage per report" \
    "$(jqs '[.[] | select(.type == "passage") | .report.path] | (length == (unique | length))')" true
total=$(jqs '.[0].passages')
js -p 0 -n 100000 满意度
expect_eq "--per-report 0: every matching passage, ungrouped" \
    "$(jqs '[.[] | select(.type == "passage")] | length')" "$total"
expect_eq "--per-report 0: ranks 1..N" \
    "$(jqs '[.[] | select(.type == "passage") | .rank] | . == [range(1; length + 1)]')" true
expect_eq "--per-report 0: relevance never rises" \
    "$(jqs '[.[] | select(.type == "passage") | .relevance] | . == (sort | reverse)')" true
js -p 0 -n 1000 满意度
expect_eq "--per-report 0: a report's passages need not be together" \
    "$(jqs '[.[] | select(.type == "passage") | .report.path] as $p
        | [range(1; $p | length) | select($p[.] != $p[. - 1])] | length
          >= ($p | unique | length)')" true

# --- sort ----------------------------------------------------------------
js --list-reports -n 100 满意度
expect_eq "relevance: never rises" \
    "$(jqs '[.[] | select(.path) | .relevance] | . == (sort | reverse)')" true
js --list-reports -n 100 --sort year 满意度
expect_eq "--sort year: newest first" \
    "$(jqs '[.[] | select(.path) | .year | tonumber] | . == (sort | reverse)')" true
expect_eq "--sort year: ties by relevance" \
    "$(jqs '[.[] | select(.path)] | group_by(.year)
        | map([.[].relevance] | . == (sort | reverse)) | all')" true
js --list-reports -n 100 --sort score 满意度
expect_eq "--sort score: highest first, then those without" \
    "$(jqs '[.[] | select(.path) | .score] | (map(select(. != null) | tonumber) | . == (sort | reverse))
        and ((map(. == null) | index(true)) as $i | $i == null or (.[$i:] | all(. == null)))')" true
expect_eq "--sort score: some scored, some not" \
    "$(jqs '[.[] | select(.path) | .score == null] | unique | length')" 2

# Three reports of our own: one without year or score (and the most
# relevant), 2020 scored 95, 2023 scored 80; and a heading made of the
# words searched for against the same words in a body.
mkdir "$TMP/own"
cat >"$TMP/own/a-noyear.txt" <<'EOF'
某县档案馆项目支出绩效自评报告

一、工作开展情况
本馆全年完成各项工作任务，完成各项工作任务的进度符合预期。
本馆加强资金监管，确保专款专用，全年未发现挤占挪用问题。

二、自评结论
本项目未计算总分。
EOF
cat >"$TMP/own/m-2020.txt" <<'EOF'
某县审计局2020年度项目支出绩效自评报告

一、工作开展情况
本局全年完成各项工作任务，群众满意度较高。

二、自评结论
本项目自评得分95分，等级为优。
EOF
cat >"$TMP/own/z-2023.txt" <<'EOF'
某县水务局2023年度项目支出绩效自评报告

一、工作开展情况
本局全年完成各项工作任务，社会评价较好。

二、资金监管情况
本局按季度开展专项检查，及时纠正发现的问题，全年未发生违规情况。

三、自评结论
本项目自评得分80分，等级为良。
EOF
expect_status "index own reports" 0 "$INDEX" --db "$TMP/owndb" --quiet "$TMP/own"
own() {
    "$SEARCH" --db "$TMP/owndb" --list-reports --json "$@" >"$TMP/j.json"
    jqs '[.[] | select(.path) | .path | split("/") | last] | join(" ")'
}
expect_eq "own: the report without a year is the most relevant" \
    "$(own 完成各项工作任务 | cut -d' ' -f1)" a-noyear.txt
expect_eq "--sort year: the report without a year last" \
    "$(own --sort year 完成各项工作任务)" "z-2023.txt m-2020.txt a-noyear.txt"
expect_eq "--sort score: the report without a score last" \
    "$(own --sort score 完成各项工作任务)" "m-2020.txt z-2023.txt a-noyear.txt"
"$SEARCH" --db "$TMP/owndb" --json -p 0 资金监管 >"$TMP/j.json"
expect_eq "a match in the heading ranks above one in a body" \
    "$(jqs '[.[] | select(.text) | .heading] | join("|")')" \
    "二、资金监管情况|一、工作开展情况"
expect_eq "heading match: its relevance is higher" \
    "$(jqs '[.[] | select(.text) | .relevance] | .[0] > .[1]')" true

# --- exact totals ------------------------------------------------------------
$BRUTE batch >"$TMP/want" <<'EOF'
reports 满意度
reports 疫情
reports 政府采购
reports 乡村振兴
reports APP
EOF
for q in 满意度 疫情 政府采购 乡村振兴 APP; do
    want=$(awk -v k="reports $q	" 'index($0, k) == 1 {
        print split(substr($0, length(k) + 1), a, " ") }' "$TMP/want")
    js -n 0 "$q"
    expect_eq "summary reports of $q = brute force" "$(jqs '.[0].reports')" "$want"
    js --list-reports -n 1000 "$q"
    expect_eq "$q: passages = sum of matching_passages" \
        "$(jqs '[.[] | select(.path) | .matching_passages] | add')" \
        "$(jqs '.[0].passages')"
    expect_eq "$q: --count says the same" "$("$SEARCH" --db "$DB" --count "$q")" \
        "$(jqs '"\(.[0].passages) passages in \(.[0].reports) reports"')"
done
js -n 0 疫情
expect_eq "text totals line agrees with JSON" \
    "$("$SEARCH" --db "$DB" 疫情 | head -n 1)" \
    "$(jqs '.[0] | "\(.reports) reports, \(.passages) passages match"')"

# --- heading path --------------------------------------------------------------
"$SEARCH" --db "$DB" -n 1 -p 1 新冠肺炎疫情 >"$TMP/t.txt"
expect_contains "heading path line" "$TMP/t.txt" "    » 五、存在的问题及原因"
"$SEARCH" --db "$DB" -n 1 -p 1 常态化疫情防控 >"$TMP/t.txt"
expect_contains "nested heading path" "$TMP/t.txt" "» 一、部门概况 › （一）职能职责"
expect_contains "report path shown" "$TMP/t.txt" "docs/examples/2021-youxian-weijian-zhengti.txt"
expect_contains "metadata line" "$TMP/t.txt" "2021年度 · 95分 · 优秀 · 部门整体支出"

# --- highlighting ----------------------------------------------------------
"$SEARCH" --db "$DB" --color=always -n 1 -p 1 新冠肺炎疫情 >"$TMP/c.txt"
expect_contains "--color=always marks the match" "$TMP/c.txt" \
    "${ESC}[1;31m新冠肺炎疫情${ESC}[0m"
"$SEARCH" --db "$DB" --color=never -n 3 新冠肺炎疫情 >"$TMP/c.txt"
expect_lacks "--color=never: no escape" "$TMP/c.txt" "$ESC"
NO_COLOR=1 "$SEARCH" --db "$DB" --color=auto -n 3 新冠肺炎疫情 >"$TMP/c.txt"
expect_lacks "NO_COLOR=1 with --color=auto: no escape" "$TMP/c.txt" "$ESC"
NO_COLOR=1 "$SEARCH" --db "$DB" --color -n 3 新冠肺炎疫情 >"$TMP/c.txt"
expect_lacks "NO_COLOR=1 with bare --color: no escape" "$TMP/c.txt" "$ESC"
env -u NO_COLOR "$SEARCH" --db "$DB" -n 3 新冠肺炎疫情 >"$TMP/c.txt"
expect_lacks "auto, not a terminal: no escape" "$TMP/c.txt" "$ESC"
"$SEARCH" --db "$DB" --color=always --json -n 3 新冠肺炎疫情 >"$TMP/c.txt"
expect_lacks "--json is never coloured" "$TMP/c.txt" "$ESC"

# --- long passages cut with … ----------------------------------------------
"$SEARCH" --db "$DB" -n 1 -p 1 -C 5 新冠肺炎疫情 >"$TMP/t.txt"
line=$(tail -n 1 "$TMP/t.txt")
case "$line" in
"      …"*"新冠肺炎疫情"*"…") pass "-C 5: cut on both sides with …" ;;
*) fail "-C 5: cut on both sides with …" "[$line]" ;;
esac
expect_eq "-C 5: 5 characters before the match" \
    "$(echo "$line" | sed 's/^      …//; s/新冠肺炎疫情.*//')" "。上半年受"
"$SEARCH" --db "$DB" -n 1 -p 1 新冠肺炎疫情 >"$TMP/t.txt"
expect_lacks "a passage within 3 x --context is whole" "$TMP/t.txt" "…"
