#!/bin/sh
# T230-count-json.sh: the machine-readable outputs and the counts of
# jixiao-search: --count-by year|dept|region|grade|type (text with bars,
# JSON, CSV) against brute-force counts over the sample files grouped by
# labels.tsv, in the documented order (years ascending, the rest by
# count); --list-reports as CSV (parsed with Python's csv, quoting
# included) and JSON; and every JSON Lines output parsed with a real
# parser (brute.py, jq), match offsets checked to index characters of
# "text" and "heading" and to cover the string searched for.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"

# want KEY: the brute-force answer computed up front for "KEY".
want() {
    awk -v k="$*	" 'index($0, k) == 1 { print substr($0, length(k) + 1);
        f = 1 } END { if (!f) print "(not computed: " substr(k, 1) ")" }' \
        "$TMP/want"
}
# counts_json: "value:reports" of the count objects in $TMP/j.json,
# sorted by value ("" for not known), on one line.
counts_json() {
    jqs '[.[] | select(.type == "count") | "\(.value // ""):\(.reports)"]
        | sort | join(" ")'
}
# counts_brute ARGS...: the same from "brute.py count-by ARGS".
counts_brute() { want count-by "$@" | sed 's/	/:/g'; }

expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"

$BRUTE batch >"$TMP/want" <<'EOF'
count-by year 疫情
count-by year 满意度
count-by year --type 项目支出 满意度
count-by year --grade 优
count-by grade 疫情
count-by grade 满意度
count-by type 满意度
count-by dept 疫情
count-by region 疫情
reports 满意度
EOF

# --- --count-by year: counts per year, years ascending -----------------------
for q in 疫情 满意度; do
    js --count-by year "$q"
    expect_eq "count-by year $q = brute force" "$(counts_json)" \
        "$(counts_brute year "$q")"
    expect_eq "count-by year $q: years ascending" \
        "$(jqs '[.[] | select(.type == "count") | .value] | . == sort')" true
    expect_eq "count-by year $q: reports add up" \
        "$(jqs '([.[] | select(.type == "count") | .reports] | add) == .[0].reports')" true
    expect_eq "count-by year $q: passages add up" \
        "$(jqs '([.[] | select(.type == "count") | .passages] | add) == .[0].passages')" true
done
js --count-by year --type 项目支出 满意度
expect_eq "count-by year with a filter" "$(counts_json)" \
    "$(counts_brute year --type 项目支出 满意度)"
js --count-by year --grade 优
expect_eq "count-by year of a filter alone" "$(counts_json)" \
    "$(counts_brute year --grade 优)"

# The table: header, one row per year with a bar, the total.
"$SEARCH" --db "$DB" --count-by year 疫情 >"$TMP/t.txt"
expect_eq "count table header" "$(head -n 1 "$TMP/t.txt" | tr -s ' ')" \
    "year reports passages"
expect_eq "count table rows = brute force" \
    "$(sed '1d;$d' "$TMP/t.txt" | awk '{ printf "%s%s:%s", s, $1, $2; s = " " }')" \
    "$(counts_brute year 疫情)"
expect_eq "every row has a bar" "$(sed '1d;$d' "$TMP/t.txt" | grep -vc '█')" 0
js -n 0 疫情
expect_eq "count table total" "$(tail -n 1 "$TMP/t.txt" | tr -s ' ')" \
    "$(jqs '"total \(.[0].reports) \(.[0].passages)"')"
"$SEARCH" --db "$DB" --count-by year --csv=plain 疫情 >"$TMP/c.csv"
expect_eq "count CSV header" "$(head -n 1 "$TMP/c.csv")" "year,reports,passages"
expect_eq "count CSV rows = brute force" \
    "$(sed 1d "$TMP/c.csv" | awk -F, '{ printf "%s%s:%s", s, $1, $2; s = " " }')" \
    "$(counts_brute year 疫情)"

# --- --count-by dept, region, grade, type: by count ---------------------------
for by in grade:疫情 grade:满意度 type:满意度 dept:疫情 region:疫情; do
    key=${by%%:*}; q=${by#*:}
    js --count-by "$key" "$q"
    expect_eq "count-by $key $q = brute force" "$(counts_json)" \
        "$(counts_brute "$key" "$q")"
    expect_eq "count-by $key $q: by reports, then passages" \
        "$(jqs '[.[] | select(.type == "count" and .value != null)
            | [.reports, .passages]] | . == (sort | reverse)')" true
    expect_eq "count-by $key $q: the unknown row last" \
        "$(jqs '[.[] | select(.type == "count") | .value] | (index(null)) as $i
            | $i == null or $i == length - 1')" true
    expect_eq "count-by $key $q: JSON objects say by" \
        "$(jqs '[.[] | select(.type == "count") | .by] | unique | join(" ")')" "$key"
done
js --count-by grade 满意度
expect_eq "count-by grade gives canonical grades" \
    "$(jqs '[.[] | select(.type == "count") | .value // empty] | sort | join(" ")')" \
    "中 优 良"
"$SEARCH" --db "$DB" --count-by dept 疫情 >"$TMP/t.txt"
expect_contains "count-by dept: unknown department row" "$TMP/t.txt" "(unknown)"
expect_eq "count-by dept: bars" "$(sed '1d;$d' "$TMP/t.txt" | grep -vc '█')" 0
expect_status "count-by department (the long name)" 0 \
    "$SEARCH" --db "$DB" --count-by department 疫情
expect_eq "count-by department = dept" "$(cat "$TMP/out")" "$(cat "$TMP/t.txt")"

# --- --list-reports --csv and --json -----------------------------------------
"$SEARCH" --db "$DB" --list-reports --csv 满意度 >"$TMP/r.csv"
expect_eq "--list-reports --csv: one row per report, header first" \
    "$($BRUTE csv-paths "$TMP/r.csv" | sort | tr '\n' ' ')" \
    "$(want reports 满意度) "
js -n 0 满意度
expect_eq "--list-reports --csv: rows = total reports" \
    "$(($(wc -l <"$TMP/r.csv") - 1))" "$(jqs '.[0].reports')"
js --list-reports -n 1000 满意度
expect_eq "--list-reports --json: one report object per report" \
    "$(jqs '[.[] | select(.path) | .path | split("/") | last] | sort | join(" ")') " \
    "$(want reports 满意度) "
expect_eq "--list-reports --json: no passages" \
    "$(jqs '[.[] | select(.text)] | length')" 0
expect_eq "--list-reports --json: report members" \
    "$(jqs '[.[] | select(.path) | keys_unsorted] | unique | map(join(",")) | join(" ")')" \
    "type,rank,relevance,path,paths,copies,format,key,title,department,region,year,score,grade,report_type,published,matching_passages"
expect_eq "--list-reports --json: CSV and JSON agree on the metadata" \
    "$(jqs '[.[] | select(.path) | [.rank, .path, .title, .department, .region, .year, .score, .grade] | map(. // "") | join("|")] | join("\n")')" \
    "$($PY -c 'import csv, sys
for r in list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:]:
    print("|".join(r[:8]))' "$TMP/r.csv")"
# CSV quoting: a path with a comma and a quote.
mkdir "$TMP/own"
printf '某县农业局2022年度项目支出绩效自评报告\n\n一、工作开展情况\n本局全年完成各项工作任务，群众满意度较高。\n' \
    >"$TMP/own/x,\"y\".txt"
"$INDEX" --db "$TMP/owndb" --quiet "$TMP/own"
"$SEARCH" --db "$TMP/owndb" --list-reports --csv 满意度 >"$TMP/q.csv"
expect_eq "CSV quotes a path with a comma and a quote" \
    "$($BRUTE csv-paths "$TMP/q.csv")" 'x,"y".txt'
"$SEARCH" --db "$TMP/owndb" --list-reports --json 满意度 >"$TMP/j.json"
expect_eq "JSON escapes a path with a quote" \
    "$(jqs '[.[] | select(.path) | .path | split("/") | last] | join("")')" 'x,"y".txt'

# --- every JSON output: valid, typed, offsets in characters -----------------
for q in 疫情 app ２０２２年 '（一）部门职能' 97.5 '1-9月'; do
    js -p 0 -n 1000 "$q"
    expect_eq "JSON passages of $q: valid, offsets cover it" \
        "$($BRUTE check-json "$TMP/j.json" "$q")" ok
done
js -p 0 -n 1000 '疫情 OR 新冠'
expect_eq "JSON passages of an OR: offsets cover either" \
    "$($BRUTE check-json "$TMP/j.json" 疫情 新冠)" ok
js -p 0 -n 1000 'section:问题'
expect_eq "JSON passages of section:: heading matches" \
    "$($BRUTE check-json "$TMP/j.json" 问题)" ok
expect_eq "section: matches only in the heading" \
    "$(jqs '[.[] | select(.text) | .matches | length] | add')" 0
js -p 2 -n 5 '满意度 -疫情'
expect_eq "JSON grouped passages: valid, offsets cover it" \
    "$($BRUTE check-json "$TMP/j.json" 满意度)" ok
js -n 3 app
expect_eq "offsets index characters: the match is APP" \
    "$(jqs '[.[] | select(.text) | .text[.matches[0][0]:.matches[0][1]]] | unique | join(" ")')" APP
js --count-by region 疫情
expect_eq "JSON counts: valid" "$($BRUTE check-json "$TMP/j.json")" ok
js --list-reports --year 2021
expect_eq "JSON reports of a filter alone: valid" \
    "$($BRUTE check-json "$TMP/j.json")" ok
expect_eq "JSON summary of a filter alone: query null" "$(jqs '.[0].query')" null
"$SEARCH" --db "$DB" --count --json 疫情 >"$TMP/j.json"
expect_eq "--count --json: the totals" \
    "$(jqs '"\(.[0].passages) \(.[0].reports)"')" \
    "$(js -n 0 疫情; jqs '"\(.[0].passages) \(.[0].reports)"')"
