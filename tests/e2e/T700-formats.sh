#!/bin/sh
# T700-formats.sh: a report in .docx (pandoc), .pdf (pango-view, two
# pages with a phrase cut by the page break) and GBK .html (iconv) is
# indexed and found by the real programs; script and navigation text of
# the page is not; a damaged file of each format is named once on stderr
# while the good ones are indexed.
. "$(dirname "$0")/lib.sh"

# skip NAME WHY: a check that cannot run here (no PASS, no FAIL).
skip() { echo "SKIP: $TEST_NAME $1: $2"; }
# have PROGRAM: true when PROGRAM is installed.
have() { command -v "$1" >/dev/null 2>&1; }

R="$TMP/reports"
mkdir -p "$R"

cat >"$TMP/report.md" <<'EOF'
---
title: 2022年部门整体支出绩效自评报告
author: 江西省某县农业农村局
---

# 一、部门基本情况

本局主要承担全县农业农村发展规划、农机购置补贴资金发放和农业项目管理等职能。

# 二、绩效自评情况

## （一）预算执行情况

2022年全年预算执行率达到98.6%，资金拨付及时，未发现截留挪用。

| 指标 | 完成值 |
|------|--------|
| 预算执行率 | 98.6% |
| 群众满意度 | 95% |

## （二）存在的问题

个别项目前期论证不充分，实施进度偏慢。
EOF

# .docx from markdown with a table, by pandoc.
if have pandoc; then
    pandoc "$TMP/report.md" -o "$R/农业农村局自评.docx" &&
        pass "docx made" || fail "docx made" "pandoc failed"
else
    skip "docx made" "pandoc is not installed"
fi

# .pdf: two pages rendered by pango-view and joined by pdfunite; the
# sentence with 高标准农田建设任务 runs over the page break.
if have pango-view && have pdfunite; then
    cat >"$TMP/page1.txt" <<'EOF'
江西省某县农业农村局2022年项目支出绩效自评报告

一、项目基本情况
本项目用于全县高标准农田建设，全年预算执行率达到98.6%。
（一）项目绩效目标
当年新建灌排渠道和机耕道路，配套完成高标准农田建设任务两万
EOF
    cat >"$TMP/page2.txt" <<'EOF'
亩，验收合格率100%。
二、存在的问题
部分乡镇项目资料归档不及时。
EOF
    pango-view --font="WenQuanYi Micro Hei" --output="$TMP/page1.pdf" -q \
        "$TMP/page1.txt" 2>/dev/null &&
        pango-view --font="WenQuanYi Micro Hei" --output="$TMP/page2.pdf" \
            -q "$TMP/page2.txt" 2>/dev/null &&
        pdfunite "$TMP/page1.pdf" "$TMP/page2.pdf" "$R/高标准农田项目.pdf" &&
        pass "pdf made" || fail "pdf made" "pango-view or pdfunite failed"
    if have pdftotext; then
        pdftotext "$R/高标准农田项目.pdf" "$TMP/pdf.txt"
        expect_contains "pdftotext reads the Chinese back" "$TMP/pdf.txt" \
            "高标准农田建设"
    fi
else
    skip "pdf made" "pango-view or pdfunite is not installed"
fi

# .html written in GBK, declaring it, with navigation and a script whose
# words must not be indexed.
cat >"$TMP/page.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="gbk">
<title>2022年乡村振兴衔接资金绩效自评报告_某县人民政府</title>
<script>var banner = "脚本弹窗提示语";</script></head>
<body>
<nav><a href="/">首页</a> <a href="/zwgk">导航专栏链接</a></nav>
<div class="article">
<h1>2022年乡村振兴衔接资金绩效自评报告</h1>
<p>发布机构：某县农业农村局</p>
<p>发布日期：2023-03-20</p>
<p>一、资金使用情况</p>
<p>全年乡村振兴衔接资金预算执行率达到98.6%，带动脱贫户增收。</p>
<table><tr><td>指标</td><td>完成值</td></tr>
<tr><td>项目完工率</td><td>100%</td></tr></table>
</div>
<div class="footer">主办单位：某县人民政府办公室</div>
</body></html>
EOF
iconv -f UTF-8 -t GBK "$TMP/page.html" >"$R/衔接资金自评.html" &&
    pass "gbk html made" || fail "gbk html made" "iconv failed"

# Damaged files, one of each format.
B="$TMP/broken"
mkdir -p "$B"
if [ -f "$R/农业农村局自评.docx" ]; then
    head -c 500 "$R/农业农村局自评.docx" >"$B/cut.docx"
fi
if [ -f "$TMP/page1.pdf" ]; then
    (head -c 300 "$TMP/page1.pdf"; head -c 4000 /dev/urandom) >"$B/garbled.pdf"
fi
(cat "$R/衔接资金自评.html"
    i=0
    while [ $i -lt 50 ]; do printf '\377\200\377'; i=$((i + 1)); done
) >"$B/badbytes.html"

if [ ! -x "$INDEX" ] || [ ! -x "$SEARCH" ]; then
    skip "index and search" "$INDEX or $SEARCH is not built yet"
    exit 0
fi

# Good and broken files together: the good ones are indexed, each broken
# one is named on exactly one stderr line, and the exit status says so.
cp "$B"/* "$R"/
"$INDEX" --db "$TMP/db" --quiet "$R" >"$TMP/out" 2>"$TMP/err"
status=$?
expect_eq "index with broken files exits 1" "$status" 1
for f in "$R"/cut.docx "$R"/garbled.pdf "$R"/badbytes.html; do
    [ -f "$f" ] || continue
    n=$(grep -cF -- "$f" "$TMP/err")
    expect_eq "one stderr line for $(basename "$f")" "$n" 1
done
lines=$(grep -c . "$TMP/err")
broken=$(ls "$B" | wc -l)
expect_eq "stderr has only the broken files" "$lines" "$broken"

# search PHRASE FILE: the search finds PHRASE in FILE.
found_in() {
    "$SEARCH" --db "$TMP/db" "$1" >"$TMP/found" 2>"$TMP/found.err"
    st=$?
    expect_eq "search $1 exits 0" "$st" 0
    expect_contains "search $1 finds $(basename "$2")" "$TMP/found" "$2"
}

if [ -f "$R/农业农村局自评.docx" ]; then
    found_in 农机购置补贴资金 "$R/农业农村局自评.docx"
    found_in 群众满意度 "$R/农业农村局自评.docx"
fi
if [ -f "$R/高标准农田项目.pdf" ]; then
    found_in 高标准农田建设 "$R/高标准农田项目.pdf"
    found_in 建设任务两万亩 "$R/高标准农田项目.pdf"
fi
found_in 带动脱贫户增收 "$R/衔接资金自评.html"
found_in 预算执行率达到98.6% "$R/衔接资金自评.html"

# Words of the page's script and navigation are not indexed.
for w in 脚本弹窗提示语 导航专栏链接 主办单位; do
    "$SEARCH" --db "$TMP/db" "$w" >"$TMP/notfound" 2>&1
    expect_lacks "$w not indexed" "$TMP/notfound" "衔接资金自评.html"
done

# --show-meta reads each format (when the option has landed).
if "$INDEX" --help 2>/dev/null | grep -q show-meta; then
    for f in "$R/农业农村局自评.docx" "$R/高标准农田项目.pdf" \
        "$R/衔接资金自评.html"; do
        [ -f "$f" ] || continue
        expect_status "show-meta $(basename "$f")" 0 "$INDEX" --show-meta "$f"
        expect_contains "show-meta $(basename "$f") year" "$TMP/out" 2022
    done
    expect_status "show-meta broken html" 1 "$INDEX" --show-meta \
        "$R/badbytes.html"
    expect_eq "show-meta broken html: one stderr line" \
        "$(grep -c . "$TMP/err")" 1
else
    skip "show-meta" "jixiao-index has no --show-meta yet"
fi
