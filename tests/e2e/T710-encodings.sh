#!/bin/sh
# T710-encodings.sh: text files are decoded by evidence, through the
# indexer. A file half UTF-8 and half GB18030 is decoded by line, so a
# term from each half is found and its title, year and department (in
# the UTF-8 half) are right; a UTF-8 BOM before GB18030 text is no proof:
# the text is read as GB18030; Big5 text is read as Big5 and kept
# Traditional (found by its Traditional terms, its metadata what the same
# text in UTF-8 gives); a file that would be mojibake in every encoding
# (Shift_JIS here) is refused and named with the reason, not indexed.
# Fixtures are our own short reports, converted with iconv.
. "$(dirname "$0")/lib.sh"

IN="$TMP/in"
DB="$TMP/db"
mkdir -p "$IN" "$TMP/u8"
if ! printf '測' | iconv -f UTF-8 -t BIG5 >/dev/null 2>&1; then
    echo "SKIP: $TEST_NAME iconv cannot convert to BIG5"
    exit 0
fi

# ---- fixtures --------------------------------------------------------------
# A report whose first half (title, department, year) is UTF-8 and whose
# second half was pasted in from a GB18030 file.
printf '%s\n' '某某县交通运输局2022年项目支出绩效自评报告' '一、项目基本情况' \
    '本项目用于农村公路日常养护，全年预算执行率达到百分之九十七。' >"$TMP/head"
printf '%s\n' '二、存在的问题' '部分路段养护记录填写不及时，台账资料归档滞后。' \
    '三、自评结论' '本项目自评得分九十一分，绩效等级评定为优。' >"$TMP/tail"
{ cat "$TMP/head"; iconv -f UTF-8 -t GB18030 "$TMP/tail"; } >"$IN/mixed.txt"
cat "$TMP/head" "$TMP/tail" >"$TMP/u8/mixed.txt"

# GB18030 behind a UTF-8 byte-order mark.
printf '%s\n' '某某县水利局2020年项目支出绩效自评报告' '一、项目概况' \
    '本项目完成小型水库除险加固三座，灌溉面积明显增加。' >"$TMP/bom"
{ printf '\357\273\277'; iconv -f UTF-8 -t GB18030 "$TMP/bom"; } >"$IN/bom-gb18030.txt"
cp "$TMP/bom" "$TMP/u8/bom-gb18030.txt"

# A Traditional Chinese report in Big5.
printf '%s\n' '某某縣衛生健康局2021年部門整體支出績效自評報告' '一、部門基本情況' \
    '本局下設三個股室，全年預算執行率達到百分之九十五。' '二、績效目標完成情況' \
    '基層醫療機構設備更新按期完成，群眾滿意度較高。' >"$TMP/u8/big5.txt"
iconv -f UTF-8 -t BIG5 "$TMP/u8/big5.txt" >"$IN/big5.txt"

# Japanese in Shift_JIS: as GB18030 or Big5 it would be mojibake.
printf '%s\n' '令和四年度事業評価報告書' '本事業の予算執行率は九十八パーセントでした。' \
    '今後も評価結果を活用していきます。' | iconv -f UTF-8 -t SHIFT_JIS >"$IN/shift-jis.txt"

# ---- index and search ------------------------------------------------------
expect_status "index: exit 1 (one file refused)" 1 "$INDEX" --db "$DB" "$IN"
cp "$TMP/err" "$TMP/index.err"
expect_contains "Shift_JIS file named with the reason" "$TMP/index.err" \
    "shift-jis.txt: encoding not recognised"
expect_eq "only the Shift_JIS file refused" \
    "$(grep -c 'encoding not recognised' "$TMP/index.err")" 1
expect_lacks "no other file named" "$TMP/index.err" "mixed.txt:"

# found FILE TERM NAME: TERM finds FILE.
found() {
    "$SEARCH" --db "$DB" --list-reports --json "$2" >"$TMP/j" 2>&1
    expect_contains "$3" "$TMP/j" "$1"
}
found mixed.txt 农村公路日常养护 "mixed: a term of the UTF-8 part found"
found mixed.txt 台账资料归档 "mixed: a term of the GB18030 part found"
found bom-gb18030.txt 除险加固 "UTF-8 BOM then GB18030: term found"
found big5.txt 設備更新 "Big5: a Traditional term found"
found big5.txt 群眾滿意度 "Big5: another Traditional term found"
expect_status "Shift_JIS text not indexed" 1 "$SEARCH" --db "$DB" 予算執行率

# ---- metadata --------------------------------------------------------------
# meta FILE: the --show-meta JSON of FILE, without its path.
meta() { "$INDEX" --show-meta --json "$1" 2>&1 | sed 's/^{"path":"[^"]*",//'; }
meta "$IN/mixed.txt" >"$TMP/m"
expect_contains "mixed: title right" "$TMP/m" \
    '"title":{"value":"某某县交通运输局2022年项目支出绩效自评报告"'
expect_contains "mixed: year right" "$TMP/m" '"year":{"value":"2022"'
expect_contains "mixed: department right" "$TMP/m" \
    '"department":{"value":"某某县交通运输局"'
expect_contains "mixed: grade from the GB18030 part" "$TMP/m" \
    '"grade":{"value":"优"'
meta "$IN/bom-gb18030.txt" >"$TMP/m"
expect_contains "BOM+GB18030: year right" "$TMP/m" '"year":{"value":"2020"'
expect_contains "BOM+GB18030: department right" "$TMP/m" \
    '"department":{"value":"某某县水利局"'
meta "$IN/big5.txt" >"$TMP/m"
expect_contains "Big5: year right" "$TMP/m" '"year":{"value":"2021"'
expect_contains "Big5: kept Traditional" "$TMP/m" '某某縣衛生健康局2021年'
# Each decoded file gives the metadata its UTF-8 original gives.
for f in mixed.txt bom-gb18030.txt big5.txt; do
    expect_eq "$f: metadata as from UTF-8" "$(meta "$IN/$f")" \
        "$(meta "$TMP/u8/$f")"
done
