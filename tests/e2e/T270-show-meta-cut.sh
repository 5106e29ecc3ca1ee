#!/bin/sh
# T270-show-meta-cut.sh: jixiao-index --show-meta shortens a long evidence
# line at a character boundary and marks the cut with …, so that its
# output stays valid UTF-8 (it once cut at 160 bytes, inside a Chinese
# character); short lines are shown whole. JSON keeps the whole line.
. "$(dirname "$0")/lib.sh"

# valid_utf8 FILE: true when FILE is valid UTF-8.
valid_utf8() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; }

# A report whose score line is long (the evidence of score and grade),
# with only three-byte characters after its start, so that a cut by
# bytes lands inside a character for most limits.
long="综合以上情况，本部门2021年度整体支出绩效自评得分93.5分，自评等级：优。"
i=0
while [ $i -lt 4 ]; do
    long="${long}其中预算执行率、产出数量、产出质量、实有人数和满意度等指标均已按年初目标逐项完成"
    i=$((i + 1))
done
printf '某市某区商务局\n2021年部门整体支出绩效自评报告\n\n一、基本情况\n本局全年完成工作任务。\n\n二、自评结论\n%s。\n' \
    "$long" >"$TMP/long.txt"

expect_status "--show-meta on a long evidence line" 0 \
    "$INDEX" --show-meta "$TMP/long.txt"
cp "$TMP/out" "$TMP/meta.txt"
if valid_utf8 "$TMP/meta.txt"; then pass "--show-meta output is valid UTF-8"
else fail "--show-meta output is valid UTF-8" "iconv refuses it"; fi
expect_contains "a cut evidence line ends with …)" "$TMP/meta.txt" "…)"
expect_contains "the evidence starts with the line" "$TMP/meta.txt" \
    ": 综合以上情况，本部门2021年度"
expect_contains "a short evidence line is whole, not marked" "$TMP/meta.txt" \
    "(line 2: 2021年部门整体支出绩效自评报告)"
expect_lacks "the evidence is shortened" "$TMP/meta.txt" "$long"

"$INDEX" --show-meta --json "$TMP/long.txt" >"$TMP/meta.json"
expect_eq "--json keeps the whole evidence line" \
    "$(jq -r .score.evidence "$TMP/meta.json")" "$long。"

# Every sample and, when present, every seed report: valid UTF-8.
for f in "$EXAMPLES"/*.txt "$SEEDS"/*.txt; do
    [ -f "$f" ] || continue
    "$INDEX" --show-meta "$f" >"$TMP/one.txt" 2>/dev/null
    if ! valid_utf8 "$TMP/one.txt"; then
        fail "--show-meta valid UTF-8 on $(basename "$f")" "iconv refuses it"
        bad=1
    fi
done
[ -z "${bad:-}" ] && pass "--show-meta output is valid UTF-8 on every sample"
