#!/bin/sh
# T615-hostile-formats.sh: files that are hostile by their shape rather
# than their bytes, each read with its text found or refused in one line,
# in bounded memory and time: a .docx whose word/document.xml is 100 MB
# of markup (streamed, not built into a tree), web pages nested 300 and
# 5000 levels deep (all text kept) and one of 1.1 million elements
# (refused), 32 MB of one-character lines (refused: too many paragraphs)
# and a million of them (indexed), a paragraph of 900 characters without
# punctuation (a string across its cut is found), and short GB18030 and
# UTF-8 files cut in their last character (their encoding kept).
. "$(dirname "$0")/lib.sh"

# have PROGRAM: true when PROGRAM is installed.
have() { command -v "$1" >/dev/null 2>&1; }
sanitized() { ldd "$INDEX" 2>/dev/null | grep -q asan; }


# under_mb NAME LIMIT: passes when the last measure stayed under LIMIT MB
# resident (not checked under AddressSanitizer, whose shadow memory and
# quarantine inflate it).
under_mb() {
    if sanitized; then
        echo "T615 $1: sanitizer build, memory bound not checked ($kb kB)"
    elif [ "$kb" -gt 0 ] && [ "$kb" -lt $(($2 * 1024)) ]; then
        pass "$1: under $2 MB resident ($kb kB)"
    else
        fail "$1: under $2 MB resident" "$kb kB"
    fi
}

# one_line NAME FILE TEXT: passes when FILE is exactly one line holding TEXT.
one_line() {
    if [ "$(wc -l <"$2")" = 1 ] && grep -qF -- "$3" "$2"; then pass "$1"; else
        fail "$1" "want one line with [$3], got: $(head -c 400 "$2")"; fi
}

# ---- a .docx of 100 MB of XML --------------------------------------------
# Every paragraph is wrapped in the properties Word writes; the repeated
# line is a running header (only its first stays), so the index is small
# and what is measured is reading the part. As a tree it took 1.6 GB.
if have zip; then
    mkdir -p "$TMP/docx/word" "$TMP/in-docx"
    p='<w:p><w:pPr><w:pStyle w:val="Normal"/><w:jc w:val="both"/><w:spacing w:before="0" w:after="0"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="SimSun" w:eastAsia="SimSun"/><w:b/><w:sz w:val="24"/></w:rPr><w:t>重复的页眉文字</w:t></w:r></w:p>'
    {
        printf '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        printf '<w:p><w:r><w:t>文档开头标记甲申。</w:t></w:r></w:p>'
        yes "$p" | head -n 450000 | tr -d '\n'
        printf '<w:p><w:r><w:t>文档末尾标记乙酉。</w:t></w:r></w:p></w:body></w:document>'
    } >"$TMP/docx/word/document.xml"
    (cd "$TMP/docx" && zip -q -r "$TMP/in-docx/big.docx" .)
    rm -rf "$TMP/docx"
    measure "$TMP/db-docx" "$TMP/in-docx"
    echo "T615 .docx of $(($(unzip -l "$TMP/in-docx/big.docx" | awk 'END { print $1 }') / 1048576)) MB of XML: $secs s, peak $kb kB"
    expect_eq "docx of 100 MB of XML: exit 0" "$mrc" 0
    expect_eq "docx of 100 MB of XML: quiet" "$(cat "$TMP/m.err")" ""
    expect_status "docx of 100 MB of XML: first paragraph found" 0 \
        "$SEARCH" --db "$TMP/db-docx" 标记甲申
    expect_status "docx of 100 MB of XML: last paragraph found" 0 \
        "$SEARCH" --db "$TMP/db-docx" 标记乙酉
    under_mb "docx of 100 MB of XML" 200
else
    echo "SKIP: $TEST_NAME docx: zip is not installed"
fi

# ---- web pages nested deep, and one too large ----------------------------
# page FILE TAG DEPTH: a page with a paragraph DEPTH elements TAG deep,
# between two others.
page() {
    awk -v tag="$2" -v depth="$3" -v mark="$4" 'BEGIN {
        printf "<html><head><meta charset=\"utf-8\"><title>深层网页</title></head><body><p>网页开头%s。</p>", mark
        for (i = 0; i < depth; i++) printf "<%s>", tag
        printf "<p>最深处%s。</p>", mark
        for (i = 0; i < depth; i++) printf "</%s>", tag
        printf "<p>网页结尾%s。</p></body></html>\n", mark
    }' >"$1"
}
mkdir -p "$TMP/in-html"
page "$TMP/in-html/deep300.html" div 300 标记丙戌
page "$TMP/in-html/deep5000.html" span 5000 标记丁亥
page "$TMP/in-html/wide.html" 'i></i' 1100000 标记戊子
measure "$TMP/db-html" "$TMP/in-html"
expect_eq "html: exit 1 (one page refused)" "$mrc" 1
one_line "html: the wide page named once with its cause" "$TMP/m.err" \
    "wide.html: more than 1000000 HTML elements, attributes and comments"
for where in 网页开头 最深处 网页结尾; do
    expect_status "html 300 levels deep: $where found" 0 \
        "$SEARCH" --db "$TMP/db-html" "$where标记丙戌"
    expect_status "html 5000 levels deep: $where found" 0 \
        "$SEARCH" --db "$TMP/db-html" "$where标记丁亥"
done
under_mb "html of 1.1 million elements" 400

# ---- one-character lines -------------------------------------------------
# 32 MB of them (8.4 million) took 2.8 GB and 37 s; now refused at once.
mkdir -p "$TMP/in-lines" "$TMP/in-million"
yes 甲 | head -c 33554432 >"$TMP/in-lines/lines32.txt"
measure "$TMP/db-lines" "$TMP/in-lines"
echo "T615 32 MB of one-character lines: $secs s, peak $kb kB"
expect_eq "32 MB of one-character lines: exit 1" "$mrc" 1
one_line "32 MB of one-character lines: refused in one line" "$TMP/m.err" \
    "lines32.txt: too many paragraphs (8388608; the limit is 1000000)"
[ "$(calc "$secs < 60")" = 1 ] && pass "32 MB of one-character lines: under 60 s ($secs s)" ||
    fail "32 MB of one-character lines: under 60 s" "$secs s"
under_mb "32 MB of one-character lines" 300
# A million less one: read, every line a passage.
{ echo 一百万行标记己丑; yes 甲 | head -n 999998; } >"$TMP/in-million/million.txt"
measure "$TMP/db-million" "$TMP/in-million"
echo "T615 999,999 one-character lines: $secs s, peak $kb kB"
expect_eq "999,999 lines: exit 0" "$mrc" 0
expect_status "999,999 lines: found" 0 "$SEARCH" --db "$TMP/db-million" 标记己丑
under_mb "999,999 lines" 500

# ---- a string across a cut in a paragraph without punctuation ------------
mkdir -p "$TMP/in-cut"
{
    echo 长段落测试报告
    awk 'BEGIN { for (i = 0; i < 399; i++) printf "甲"; printf "乙丙";
                 for (i = 0; i < 500; i++) printf "丁"; print "" }'
} >"$TMP/in-cut/cut.txt"
"$INDEX" --db "$TMP/db-cut" --quiet "$TMP/in-cut" >/dev/null 2>"$TMP/c.err"
expect_status "a string across the cut at 400 characters is found" 0 \
    "$SEARCH" --db "$TMP/db-cut" 甲乙丙丁
long=$(awk 'BEGIN { for (i = 0; i < 30; i++) printf "甲"; printf "乙丙";
                    for (i = 0; i < 32; i++) printf "丁" }')
expect_status "a 64-character string across the cut is found" 0 \
    "$SEARCH" --db "$TMP/db-cut" "$long"

# ---- short files cut in their last character -----------------------------
mkdir -p "$TMP/in-enc"
text='本单位短文件编码标记庚寅，资金执行率达到百分之九十八。'
printf '%s' "$text" | iconv -f UTF-8 -t GB18030 | head -c -1 >"$TMP/in-enc/gb.txt"
printf '%s' "短文件编码标记辛卯，资金执行率达到百分之九十八。" | head -c -1 >"$TMP/in-enc/u8.txt"
"$INDEX" --db "$TMP/db-enc" --quiet "$TMP/in-enc" >/dev/null 2>"$TMP/e.err"
expect_status "short GB18030 cut in its last character: found" 0 \
    "$SEARCH" --db "$TMP/db-enc" 编码标记庚寅
expect_status "short UTF-8 cut in its last character: found" 0 \
    "$SEARCH" --db "$TMP/db-enc" 编码标记辛卯
