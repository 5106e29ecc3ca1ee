#!/bin/sh
# T640-valgrind.sh: both programs under valgrind memcheck: indexing the
# samples (first run, rerun, --force, a change and a prune, a folder of
# bad files, a small .docx, .pdf and .html, --show-meta) and a range of
# searches (operators, fields, every output, errors). Each run must be
# free of invalid reads and writes, uses of uninitialised values and
# leaks definitely lost. Skips, printing nothing, where valgrind is
# missing or the build is instrumented by AddressSanitizer (the two do
# not mix).
. "$(dirname "$0")/lib.sh"

command -v valgrind >/dev/null 2>&1 || exit 0
ldd "$INDEX" 2>/dev/null | grep -q asan && exit 0

# jixiao-index is linked with mimalloc, which serves malloc and new
# alike: valgrind must watch its functions (soname-synonyms), and would
# call every delete of a string a mismatched free. Mismatches are still
# caught: the sanitizer build (no mimalloc) runs every test under ASan,
# which checks them.
VG="valgrind -q --soname-synonyms=somalloc=*mimalloc* --show-mismatched-frees=no --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite"
n=0
# vg NAME WANT CMD...: runs CMD under valgrind; passes when it exits WANT
# (0, 1 or 2) and valgrind reports nothing.
vg() {
    name=$1
    want=$2
    shift 2
    n=$((n + 1))
    # shellcheck disable=SC2086
    $VG "$@" >"$TMP/vg.out" 2>"$TMP/vg.err"
    rc=$?
    if grep -q '^==[0-9]*==' "$TMP/vg.err"; then
        fail "valgrind: $name" "$(grep -m 8 '^==[0-9]*==' "$TMP/vg.err" | tr '\n' ' ' | head -c 600)"
    elif [ "$rc" != "$want" ]; then
        fail "valgrind: $name" "exit $rc, want $want: $(head -c 300 "$TMP/vg.err")"
    else
        pass "valgrind: $name"
    fi
}

DB="$TMP/db"
EX="$TMP/ex"
mkdir -p "$EX"
cp "$EXAMPLES"/*.txt "$EX/"
vg "index the samples" 0 "$INDEX" --db "$DB" "$EX"
vg "rerun" 0 "$INDEX" --db "$DB" "$EX"
echo '补充一段新的文字，检查增量索引。' >>"$EX/2022-lusong-nongye-xiangmu.txt"
rm "$EX/2019-wuxing-wenlvti-zhengti.txt"
cp "$EX/2020-zhonglou-woju-xiangmu.txt" "$EX/copy.txt"
vg "a change, a copy and a prune" 0 "$INDEX" --db "$DB" "$EX"
vg "--force" 0 "$INDEX" --db "$DB" --force --quiet "$EX"
vg "--show-meta" 0 "$INDEX" --show-meta "$EXAMPLES/2023-hanting-shuili-jiankong-utf16le.txt" \
    "$EXAMPLES/2021-xindu-ziranziyuan-xiangmu-gb18030.txt"
vg "--show-meta --json" 0 "$INDEX" --show-meta --json "$EXAMPLES/2020-youxian-weijian-zhengti.txt"

# Bad files and the other formats: the error paths and the extractors.
B="$TMP/bad"
mkdir -p "$B"
head -c 2000 /dev/urandom >"$B/binary.txt"
echo 'not a zip' >"$B/fake.docx"
head -c 2000 /dev/urandom >"$B/garbage.pdf"
: >"$B/empty.txt"
printf '<html><head><title>测试</title></head><body><h1>一、基本情况</h1><p>超文本报告的预算执行率。<table><tr><td>未闭合' >"$B/page.html"
if command -v python3 >/dev/null 2>&1; then
    python3 - "$B" <<'EOF'
import sys, zipfile
d = sys.argv[1]
w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
with zipfile.ZipFile(d + '/report.docx', 'w') as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body><w:p><w:r><w:t>某某局2021年项目支出绩效自评报告</w:t></w:r></w:p><w:p><w:r><w:t>文档格式的预算执行率为百分之九十。</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>得分</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>95</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>' % w)
text = b'BT /F1 12 Tf 72 720 Td (Budget execution rate report 2021) Tj ET'
objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
        b'<< /Length %d >>\nstream\n' % len(text) + text + b'\nendstream',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']
out, offs = b'%PDF-1.4\n', []
for i, o in enumerate(objs):
    offs.append(len(out))
    out += b'%d 0 obj\n' % (i + 1) + o + b'\nendobj\n'
x = len(out)
out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
for o in offs:
    out += b'%010d 00000 n \n' % o
out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, x)
open(d + '/report.pdf', 'wb').write(out)
EOF
fi
vg "bad files and other formats" 1 "$INDEX" --db "$TMP/db2" "$B"

vg "search 预算执行率" 0 "$SEARCH" --db "$DB" 预算执行率
vg "search OR, NOT, group" 0 "$SEARCH" --db "$DB" '(疫情 OR 新冠) -预算 影响'
vg "search quoted and section" 0 "$SEARCH" --db "$DB" 'section:问题 "资金"'
vg "search fields in the query" 0 "$SEARCH" --db "$DB" 'year:2019..2022 score:80.. 绩效'
vg "search --year alone" 0 "$SEARCH" --db "$DB" --year 2021
vg "search --grade alone" 0 "$SEARCH" --db "$DB" --grade 优秀
vg "search a query and filters" 0 "$SEARCH" --db "$DB" --dept 局 --year 2019..2022 预算
vg "search two filters" 0 "$SEARCH" --db "$DB" --min-score 80 --type 项目支出
vg "search --list-reports --json" 0 "$SEARCH" --db "$DB" --list-reports --json 绩效
vg "search --list-reports --csv" 0 "$SEARCH" --db "$DB" --list-reports --csv 绩效
vg "search --count-by year --csv" 0 "$SEARCH" --db "$DB" --count-by year --csv 预算
vg "search --count-by dept" 0 "$SEARCH" --db "$DB" --count-by dept 预算
vg "search --per-report 0 --json" 0 "$SEARCH" --db "$DB" --per-report 0 --json 预算
vg "search --sort score --color=always" 0 "$SEARCH" --db "$DB" --sort score --color=always 资金
vg "search --sort year --offset 3" 0 "$SEARCH" --db "$DB" --sort year --offset 3 --limit 2 预算
vg "search --count" 0 "$SEARCH" --db "$DB" --count 预算
vg "search nothing found" 1 "$SEARCH" --db "$DB" 绩效效评价
vg "search bad query" 2 "$SEARCH" --db "$DB" 'year:2025..2019'
vg "search bad option" 2 "$SEARCH" --db "$DB" --limit -1 预算
vg "search missing database" 2 "$SEARCH" --db "$TMP/none" 预算
vg "search two databases" 0 "$SEARCH" --db "$DB" --db "$TMP/db2" 预算执行率
echo "T640 $n runs under valgrind"
