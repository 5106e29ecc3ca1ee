#!/bin/sh
# T210-filters.sh: the metadata filters of jixiao-search, as query fields
# (year: dept: region: title: score: grade: type:) and as options (--year
# --dept --region --title --min-score --max-score --no-score --grade
# --type), alone, with words and with each other (AND). Each must keep
# exactly the reports it should: the set of paths that --list-reports
# --json lists is compared with the set brute.py computes from
# docs/examples/labels.tsv; for title, which labels.tsv lacks, from the
# titles the index holds (the full listing).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"

expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"
# What the index holds about every report, for the title filter: all 17
# have a year, so this lists them all.
"$SEARCH" --db "$DB" --list-reports --csv --year 1900..2100 >"$TMP/meta.csv"
expect_eq "the listing has every sample" \
    "$(($(wc -l <"$TMP/meta.csv") - 1))" \
    "$(ls "$EXAMPLES"/*.txt | wc -l | tr -d ' ')"

M="--meta $TMP/meta.csv"
$BRUTE batch >"$TMP/want" <<EOF
reports --year 2021
reports --year 2019..2022 满意度
reports --year 2023..
reports --year ..2020
reports --year 2020..2021 疫情
reports --grade 优
reports --grade 良
reports --grade 中
reports --type 项目支出
reports --type 部门整体支出
reports --type 其他
reports --dept 教育
reports --dept 游仙 疫情
reports --region 四川
reports --region 江西省九江市
reports --dept 教育 --year 2022
reports --dept 教育 --year 2020..2022 资金
reports --grade 优 --type 部门整体支出
reports --region 湖南 --grade 中
reports --year 2022 --type 项目支出 疫情
reports --dept 吴兴
reports --dept 贵州省遵义市汇川区商务局
reports --region 贵州
reports --score 90..
reports --score ..85
reports --score ..92
reports --score 90..95
reports --score 95.5
reports --score none
reports --score none 疫情
reports --score 90.. --year 2020
reports $M --title 项目支出
reports $M --title 部门整体
EOF

# --- year ------------------------------------------------------------------
want=$(expected --year 2021)
same_set "--year 2021 alone lists the reports of 2021" "$(listed --year 2021)" "$want"
expect_eq "-y 2021" "$(listed -y 2021)" "$want"
expect_eq "year:2021" "$(listed year:2021)" "$want"
expect_eq "full-width --year ２０２１" "$(listed --year ２０２１)" "$want"
want=$(expected --year 2019..2022 满意度)
same_set "year:2019..2022 with a word" "$(listed 'year:2019..2022 满意度')" "$want"
expect_eq "--year 2019..2022 with a word" \
    "$(listed --year 2019..2022 满意度)" "$want"
same_set "year:2023.. (open end)" "$(listed year:2023..)" "$(expected --year 2023..)"
same_set "year:..2020 (open start)" "$(listed year:..2020)" "$(expected --year ..2020)"
same_set "--year 2020..2021 疫情" "$(listed --year 2020..2021 疫情)" \
    "$(expected --year 2020..2021 疫情)"

# --- grade: 优秀 is 优, 良好 良, 合格 中, 不合格 差 ------------------------------
want=$(expected --grade 优)
same_set "grade:优" "$(listed grade:优)" "$want"
expect_eq "grade:优秀 = grade:优" "$(listed grade:优秀)" "$want"
expect_eq "--grade 优" "$(listed --grade 优)" "$want"
expect_eq "--grade 优秀" "$(listed --grade 优秀)" "$want"
want=$(expected --grade 良)
same_set "--grade 良好" "$(listed --grade 良好)" "$want"
expect_eq "grade:良" "$(listed grade:良)" "$want"
want=$(expected --grade 中)
same_set "--grade 合格" "$(listed --grade 合格)" "$want"
expect_eq "grade:中" "$(listed grade:中)" "$want"
expect_status "grade:不合格 (none in the samples) exits 1" 1 \
    "$SEARCH" --db "$DB" grade:不合格
expect_status "--grade 差 exits 1" 1 "$SEARCH" --db "$DB" --grade 差

# --- type ------------------------------------------------------------------
want=$(expected --type 项目支出)
same_set "type:项目支出" "$(listed type:项目支出)" "$want"
expect_eq "--type 项目支出" "$(listed --type 项目支出)" "$want"
same_set "--type 部门整体支出" "$(listed --type 部门整体支出)" \
    "$(expected --type 部门整体支出)"
same_set "type:其他" "$(listed type:其他)" "$(expected --type 其他)"

# --- department and region: part of the name ------------------------------
want=$(expected --dept 教育)
same_set "--dept 教育 matches part of the name" "$(listed --dept 教育)" "$want"
expect_eq "dept:教育" "$(listed dept:教育)" "$want"
expect_eq "department:教育" "$(listed department:教育)" "$want"
expect_eq 'dept:"教育" (quoted value)' "$(listed 'dept:"教育"')" "$want"
same_set "dept:游仙 with a word" "$(listed 'dept:游仙 疫情')" \
    "$(expected --dept 游仙 疫情)"
same_set "--dept 吴兴 (unit named in a one-line title)" "$(listed --dept 吴兴)" \
    "$(expected --dept 吴兴)"
same_set "dept: full name from the signature" \
    "$(listed dept:贵州省遵义市汇川区商务局)" \
    "$(expected --dept 贵州省遵义市汇川区商务局)"
same_set "--region 四川" "$(listed --region 四川)" "$(expected --region 四川)"
same_set "--region 贵州" "$(listed --region 贵州)" "$(expected --region 贵州)"
same_set "region:江西省九江市" "$(listed region:江西省九江市)" \
    "$(expected --region 江西省九江市)"

# --- combinations: every filter and the words must hold (AND) -------------
same_set "--dept 教育 --year 2022" "$(listed --dept 教育 --year 2022)" \
    "$(expected --dept 教育 --year 2022)"
same_set "--dept 教育 --year 2020..2022 资金" \
    "$(listed --dept 教育 --year 2020..2022 资金)" \
    "$(expected --dept 教育 --year 2020..2022 资金)"
same_set "--grade 优 --type 部门整体支出" \
    "$(listed --grade 优 --type 部门整体支出)" \
    "$(expected --grade 优 --type 部门整体支出)"
same_set "region: and grade: in the query" "$(listed 'region:湖南 grade:合格')" \
    "$(expected --region 湖南 --grade 中)"
same_set "option and field together" "$(listed --year 2022 'type:项目支出 疫情')" \
    "$(expected --year 2022 --type 项目支出 疫情)"
expect_status "filters that exclude each other exit 1" 1 \
    "$SEARCH" --db "$DB" --year 2019 --type 其他

# --- score ------------------------------------------------------------------
want=$(expected --score 90..)
same_set "score:90.." "$(listed score:90..)" "$want"
expect_eq "--min-score 90" "$(listed --min-score 90)" "$want"
want=$(expected --score ..85)
same_set "score:..85" "$(listed score:..85)" "$want"
expect_eq "--max-score 85" "$(listed --max-score 85)" "$want"
want=$(expected --score ..92)
same_set "score:..92 (the bound included)" "$(listed score:..92)" "$want"
expect_eq "--max-score 92" "$(listed --max-score 92)" "$want"
want=$(expected --score 90..95)
same_set "--min-score 90 --max-score 95" "$(listed --min-score 90 --max-score 95)" "$want"
expect_eq "score:90..95" "$(listed score:90..95)" "$want"
same_set "score:95.5 (one value)" "$(listed score:95.5)" "$(expected --score 95.5)"
want=$(expected --score none)
same_set "score:none" "$(listed score:none)" "$want"
expect_eq "--no-score" "$(listed --no-score)" "$want"
same_set "--no-score with a word" "$(listed --no-score 疫情)" \
    "$(expected --score none 疫情)"
same_set "--min-score 90 --year 2020" "$(listed --min-score 90 --year 2020)" \
    "$(expected --score 90.. --year 2020)"
expect_status "--min-score 101 is refused" 2 "$SEARCH" --db "$DB" --min-score 101
expect_contains "bad score named" "$TMP/err" "101"
expect_status "--max-score abc is refused" 2 "$SEARCH" --db "$DB" --max-score abc
expect_contains "bad score named" "$TMP/err" "abc"

# --- title (against the titles the index holds) ---------------------------
want=$(expected $M --title 项目支出)
same_set "--title 项目支出" "$(listed --title 项目支出)" "$want"
expect_eq "title:项目支出" "$(listed title:项目支出)" "$want"
same_set "title:部门整体 (part of the title)" "$(listed title:部门整体)" \
    "$(expected $M --title 部门整体)"

# Every listing above, parsed: valid JSON Lines whose report paths are
# the ones sed read.
expect_eq "every listing is valid JSON with the paths read" \
    "$($BRUTE listings "$TMP"/l.*.json)" ok
