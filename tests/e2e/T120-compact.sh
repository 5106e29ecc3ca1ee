#!/bin/sh
# T120-compact.sh: passages of changed reports are masked at once (the
# dead list) and purged by --compact, which leaves every search as it was.
. "$(dirname "$0")/lib.sh"

DB="$TMP/db"
mkdir -p "$TMP/r"
cp "$EXAMPLES"/*.txt "$TMP/r/"
"$INDEX" --db "$DB" --quiet "$TMP/r"
count() { "$SEARCH" --db "$DB" --count --json "$@" 2>&1; }
before=$(count 预算执行率)

# Change three reports: an old phrase goes, a new one comes.
for f in 2021-lianxi-jiaoti-xiangmu.txt 2022-lusong-nongye-xiangmu.txt \
    2019-wuxing-wenlvti-zhengti.txt; do
    sed -i 's/预算执行率/预算完成比例/g' "$TMP/r/$f"
    echo "此处新增独特短语甲乙丙。" >>"$TMP/r/$f"
done
"$INDEX" --db "$DB" --quiet "$TMP/r"
expect_eq "changed reports found by new text" \
    "$(count 独特短语甲乙丙)" '{"passages":3,"reports":3}'
masked=$(count 预算执行率)
[ "$masked" != "$before" ] && pass "old text of changed reports masked" ||
    fail "old text of changed reports masked" "still $masked"
"$INDEX" --db "$DB" --status >"$TMP/st1"
expect_contains "superseded passages counted" "$TMP/st1" "superseded: "
expect_contains "live reports counted" "$TMP/st1" "reports:   17"

expect_status "compact" 0 "$INDEX" --db "$DB" --compact --quiet
expect_eq "counts unchanged by compact" "$(count 预算执行率)" "$masked"
expect_eq "new text kept by compact" "$(count 独特短语甲乙丙)" \
    '{"passages":3,"reports":3}'
ls "$DB" >"$TMP/after-ls"
expect_contains "new passage database" "$TMP/after-ls" "passages-2"
expect_lacks "old passage database removed" "$TMP/after-ls" "passages-1"
"$INDEX" --db "$DB" --status >"$TMP/st"
expect_contains "status after compact" "$TMP/st" "reports:   17"
expect_lacks "nothing superseded after compact" "$TMP/st" "superseded"
expect_status "search after compact" 0 "$SEARCH" --db "$DB" 绩效目标
