#!/bin/sh
# T740-copies.sh: one report, many copies (issue #14). A sample report is
# published as .docx (pandoc, else LibreOffice), as PDF (LibreOffice from
# the .docx), as a web page with a site's navigation, breadcrumbs, index
# block and footer around it, as .txt and as the same .txt in GB18030;
# beside it three slightly edited versions (one figure changed, one
# paragraph rewritten, one added) and another report. The copies are one report:
# --list-reports, totals, --count-by year and --dept count it once, its
# copies are listed with it (JSON "copies", --copies), and the edited
# versions stay reports of their own. Removing the kept file, or a copy,
# on a later run keeps this right. Without pandoc and soffice the .docx
# and .pdf are left out and the rest is tested.
. "$(dirname "$0")/lib.sh"

have() { command -v "$1" >/dev/null 2>&1; }
R="$TMP/reports"
mkdir -p "$R"
SAMPLE="$EXAMPLES/2023-huichuan-shangwu-xiangmu.txt"
OTHER="$EXAMPLES/2020-youxian-weijian-zhengti.txt"

# The web page: a paragraph each line, inside the site's page.
awk 'BEGIN { print "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
             print "<title>汇川区商务局2023年度项目支出绩效自评报告_汇川区人民政府</title></head><body>"
             print "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/zwgk\">政务公开</a> <a href=\"/hdjl\">互动交流</a></div>"
             print "<div class=\"crumb\">您当前位置：首页 &gt; 政务公开 &gt; 财政资金 &gt; 绩效评价</div>"
             print "<table><tr><td>索引号：000014349/2024-00218</td><td>发布机构：汇川区商务局</td></tr>"
             print "<tr><td>发布日期：2024-04-19</td><td>浏览次数：208</td></tr></table><div class=\"content\">" }
     NF { gsub(/&/, "\\&amp;"); gsub(/</, "\\&lt;"); print "<p>" $0 "</p>" }
     END { print "</div><div class=\"share\">分享到：微信 微博</div>"
           print "<div class=\"footer\">主办：汇川区人民政府办公室 备案号：黔ICP备00000000号</div></body></html>" }' \
    "$SAMPLE" >"$R/3-web.html"
cp "$SAMPLE" "$R/4-report.txt"
iconv -f UTF-8 -t GB18030 "$SAMPLE" >"$R/5-report-gbk.txt"
# Edited versions: one figure; one paragraph in other words.
sed 's/95\.66%/96.12%/' "$SAMPLE" >"$R/edit-figure.txt"
sed 's/^我局成立由分管副局长任组长的自评工作组.*/我局委托第三方机构开展自评，对照年度绩效目标逐项核实，并抽查了十二家受补助企业的台账。/' \
    "$SAMPLE" >"$R/edit-paragraph.txt"
# ... and one paragraph added at the end (a .txt: only a web page may
# hold more than the report)
{ cat "$SAMPLE"; echo; echo "此外，我局将本次自评材料整理归档，并报送区财政局备案。"; } \
    >"$R/edit-added.txt"
cp "$OTHER" "$R/other.txt"
copies=2 # 4-report.txt's copies so far: 3-web.html, 5-report-gbk.txt

# .docx and .pdf when the tools are there.
if have pandoc; then
    awk 'NF { print; print "" }' "$SAMPLE" >"$TMP/report.md"
    pandoc "$TMP/report.md" -o "$R/1-report.docx" 2>"$TMP/pandoc.log" ||
        rm -f "$R/1-report.docx"
fi
office() {
    HOME="$TMP" timeout 300 soffice --headless --norestore \
        "-env:UserInstallation=file://$TMP/office" "$@" >"$TMP/office.log" 2>&1
}
if have soffice; then
    if [ ! -f "$R/1-report.docx" ]; then
        mkdir -p "$TMP/html"
        awk 'BEGIN { print "<html><head><meta charset=\"utf-8\"></head><body>" }
             NF { print "<p>" $0 "</p>" } END { print "</body></html>" }' \
            "$SAMPLE" >"$TMP/html/1-report.html"
        office --infilter="HTML (StarWriter)" \
            --convert-to docx:"MS Word 2007 XML" --outdir "$R" \
            "$TMP/html/1-report.html"
    fi
    [ -f "$R/1-report.docx" ] && office --convert-to pdf --outdir "$TMP" \
        "$R/1-report.docx" && mv "$TMP/1-report.pdf" "$R/2-report.pdf"
fi
for f in 1-report.docx 2-report.pdf; do
    if [ -f "$R/$f" ]; then copies=$((copies + 1)); else
        echo "SKIP: $TEST_NAME $f: pandoc or soffice not installed"; fi
done
# the kept file: the one whose text holds the others' (the web page's
# holds the site's words too), so that every string of every copy is
# found in it
kept=3-web.html

DB="$TMP/db"
expect_status "indexed" 0 "$INDEX" --db "$DB" "$R"

# checks WHEN: the counts that must hold whatever copies are left.
checks() {
    when=$1
    "$SEARCH" --db "$DB" --list-reports --json >"$TMP/list.json"
    expect_eq "$when: reports listed" \
        "$(grep -ac '"type":"report"' "$TMP/list.json")" 5
    "$SEARCH" --db "$DB" --list-reports >"$TMP/list.txt"
    expect_contains "$when: totals" "$TMP/list.txt" "5 reports"
    # the four versions hold the phrase in the same paragraphs (the
    # edits are elsewhere): each counted once
    expect_eq "$when: --count" "$("$SEARCH" --db "$DB" 消费券 --count)" \
        "$(($(grep -ac 消费券 "$SAMPLE") * 4)) passages in 4 reports"
    expect_eq "$when: --count-by year" \
        "$("$SEARCH" --db "$DB" 消费券 --count-by year --csv=plain | grep '^2023,')" \
        "2023,4,$(($(grep -ac 消费券 "$SAMPLE") * 4))"
    expect_eq "$when: --dept" \
        "$("$SEARCH" --db "$DB" --dept 汇川区商务局 --list-reports --json |
            grep -ac '"type":"report"')" 4
    # the kept report lists its copies, the edited versions none
    expect_eq "$when: copies listed" \
        "$(grep -ao '"copies":\[[^]]*\]' "$TMP/list.json" | grep -ao '"path"' |
            wc -l | tr -d ' ')" "$copies"
    expect_eq "$when: edits apart" \
        "$(grep -ac '"paths":\["[^"]*/edit-[a-z]*.txt"\]' "$TMP/list.json")" 3
    # --copies: each copy as an entry of its own, the counts unchanged
    "$SEARCH" --db "$DB" --list-reports --copies --json >"$TMP/copies.json"
    expect_eq "$when: --copies entries" \
        "$(grep -ac '"copy_of"' "$TMP/copies.json")" "$copies"
    expect_contains "$when: --copies totals" "$TMP/copies.json" '"reports":5'
}
checks "first run"
expect_contains "summary counts copies" "$TMP/err" \
    "$copies copies of other reports"
grep '"copies":\[{' "$TMP/list.json" >"$TMP/kept.json"
expect_contains "kept: the text that holds the others" "$TMP/kept.json" \
    "\"path\":\"$R/$kept\""

# The kept file goes: a copy takes its place, with passages of its own
# (the best format: the .docx, else the .txt).
rm "$R/$kept"
copies=$((copies - 1))
expect_status "kept file gone: indexed" 0 "$INDEX" --db "$DB" --quiet "$R"
checks "kept file gone"
expect_lacks "kept file gone: its path" "$TMP/list.json" "$R/$kept"
next=4-report.txt
[ -f "$R/1-report.docx" ] && next=1-report.docx
grep '"copies":\[{' "$TMP/list.json" >"$TMP/kept.json"
expect_contains "kept file gone: the best copy kept" "$TMP/kept.json" \
    "\"path\":\"$R/$next\""
"$SEARCH" --db "$DB" 汇川购物节 --per-report 1 >"$TMP/found.txt"
expect_contains "kept file gone: found once" "$TMP/found.txt" \
    "4 reports, 4 passages match"
# A copy taken out with --remove.
expect_status "copy removed" 0 "$INDEX" --db "$DB" --remove "$R/5-report-gbk.txt"
copies=$((copies - 1))
checks "copy removed"
expect_status "database sound" 0 "$INDEX" --db "$DB" --check
# --force reads every file again: the same reports, and the copies
# (with the one taken out, still in the folder).
copies=$((copies + 1))
expect_status "--force" 0 "$INDEX" --db "$DB" --quiet --force "$R"
checks "after --force"
