#!/bin/sh
# T610-hostile-input.sh: bad files and bad arguments never crash the
# programs or cost the good files. A folder mixing good reports (several
# encodings, odd names, deep folders, links) with bad ones (binary, NUL
# bytes, over the size limit, fake .docx and PDF, link loops, dangling
# links, unreadable files, folders beyond 64 levels) is indexed: every
# good file is searchable, every bad one is named once on stderr with a
# cause, the exit status is 1. A 20 MB file of one line indexes in
# bounded time and memory, in time linear in its size. A file deleted
# during a run is named once. Empty files are not errors. Then hostile
# queries and option values for jixiao-search: each answers (0 or 1) or
# is refused with exit 2 and one line, never a crash or a sanitizer
# report.
. "$(dirname "$0")/lib.sh"

IN="$TMP/in"
DB="$TMP/db"
mkdir -p "$IN" "$TMP/outside"
# report MARK: a small UTF-8 report whose text holds the phrase MARK.
report() { printf '测试局2021年项目支出绩效自评报告\n\n一、基本情况\n本段%s。\n' "$1"; }

# ---- good files: each must be found by its phrase ----------------------
report 标记甲子 >"$IN/plain.txt"
report 标记乙丑 | iconv -f UTF-8 -t GB18030 >"$IN/gb18030.txt"
report 标记丙寅 | iconv -f UTF-8 -t UTF-16 >"$IN/utf16.txt"
{ report 标记丁卯; printf '坏字节\377\376\300\257在此。\n'; } >"$IN/bad-utf8.txt"
# GB18030 cut in the middle of its last character (a report of some
# length: one bad byte in a hundred characters is allowed).
{ report 标记戊辰; yes '项目预算执行率达到百分之九十以上。' | head -n 20; } |
    iconv -f UTF-8 -t GB18030 >"$TMP/gb"
{ cat "$TMP/gb"; printf '\262'; } >"$IN/cut-gb18030.txt"
report 标记己巳 >"$IN/name with  spaces.txt"
report 标记庚午 >"$IN/$(printf 'new\nline.txt')"
report 标记辛未 >"$IN/$(printf 'bytes\377\376name.txt')"
report 标记壬申 >"$IN/-dash.txt"
long=$(printf '%080d' 0 | sed 's/0/长/g')   # 240 bytes of name
report 标记癸酉 >"$IN/$long.txt"
printf '<html><body><p>测试局2021年报告 标记丁丑 <table><tr><td>未闭合' >"$IN/unclosed.html"
report 标记戊寅 >"$TMP/outside/target.txt"
ln -s "$TMP/outside/target.txt" "$IN/link-to-file.txt"
ln -s . "$IN/loop-folder"                 # a link to a folder: not followed
mkfifo "$IN/fifo.txt"                       # not a regular file: skipped
ln -s /dev/zero "$IN/zero.txt"              # a device: skipped
: >"$IN/empty.txt"                          # empty: not an error
# Folders 63 deep are walked; the 64th level is refused, once.
d="$IN/deep"
report 标记甲戌 >"$IN/deep-0.txt"
i=1
while [ $i -lt 70 ]; do
    mkdir "$d"
    [ $i -eq 10 ] && report 标记乙亥 >"$d/ten.txt"
    [ $i -eq 63 ] && report 标记丙子 >"$d/level63.txt"
    [ $i -eq 64 ] && report 标记丁丑不该 >"$d/level64.txt"
    [ $i -eq 64 ] && too_deep=$d
    d="$d/d"
    i=$((i + 1))
done
goods="甲子 乙丑 丙寅 丁卯 戊辰 己巳 庚午 辛未 壬申 癸酉 丁丑 戊寅 乙亥 丙子"

# ---- bad files: each must be named once, with its cause ------------------
head -c 3000 /dev/urandom >"$TMP/rnd"
{ printf '\000\001\002'; cat "$TMP/rnd"; } >"$IN/binary.txt"
printf '测试局报告\000中间有一个NUL字节。\n' >"$IN/nul-byte.txt"
truncate -s 100M "$IN/huge.txt"             # sparse: over the 64 MiB limit
echo 'this is not a zip archive' >"$IN/fake.docx"
cp "$TMP/rnd" "$IN/garbage.pdf"
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage' >"$IN/truncated.pdf"
ln -s self-loop.txt "$IN/self-loop.txt"    # ELOOP
ln -s "$TMP/nowhere.txt" "$IN/dangling.txt"
# A read error whoever runs the test: /proc/self/mem reads fail at 0.
[ -r /proc/self/mem ] && ln -s /proc/self/mem "$IN/proc-mem.txt"
bads="binary.txt:binary
nul-byte.txt:binary
huge.txt:limit
fake.docx:docx
garbage.pdf:PDF
truncated.pdf:PDF
self-loop.txt:symbolic
dangling.txt:No such file"
[ -L "$IN/proc-mem.txt" ] && bads="$bads
proc-mem.txt:error"
# Unreadable files: root reads them anyway, so only for other users.
if [ "$(id -u)" != 0 ]; then
    report 不可读 >"$IN/unreadable.txt"
    chmod 000 "$IN/unreadable.txt"
    mkdir "$IN/closed" && report 不可读 >"$IN/closed/x.txt" && chmod 000 "$IN/closed"
    bads="$bads
unreadable.txt:Permission denied
closed:Permission denied"
else
    echo "T610 running as root: chmod 000 cannot make a file unreadable; /proc/self/mem stands in"
fi
nbad=$(echo "$bads" | wc -l)

expect_status "mixed folder: exit 1 (partial)" 1 timeout 300 "$INDEX" --db "$DB" "$IN"
cp "$TMP/err" "$TMP/index.err"
for g in $goods; do
    expect_status "good file indexed: 标记$g" 0 "$SEARCH" --db "$DB" "标记$g"
done
expect_status "file beyond 64 levels not indexed" 1 "$SEARCH" --db "$DB" 标记丁丑不该
echo "$bads" | while IFS=: read -r name cause; do
    n=$(grep -c -F "/$name: " "$TMP/index.err")
    expect_eq "bad file named once: $name" "$n" 1
    grep -F "/$name: " "$TMP/index.err" | grep -q -F "$cause" &&
        pass "bad file $name: cause given ($cause)" ||
        fail "bad file $name: cause given" "$(grep -F "/$name: " "$TMP/index.err")"
done
expect_eq "too deep: named once" "$(grep -c -F "$too_deep: " "$TMP/index.err")" 1
expect_contains "too deep: says the limit" "$TMP/index.err" "64"
# Nothing else on stderr: one line per bad file, the folder, the summary.
expect_eq "one stderr line per bad file" "$(wc -l <"$TMP/index.err")" \
    "$((nbad + 2))"
expect_lacks "no sanitizer report" "$TMP/index.err" "Sanitizer"
expect_contains "summary counts the failures" "$TMP/index.err" "$((nbad + 1)) failed"
# Odd names are stored as they are.
"$SEARCH" --db "$DB" --list-reports 标记己巳 >"$TMP/o" 2>&1
expect_contains "name with spaces listed" "$TMP/o" "name with  spaces.txt"
"$SEARCH" --db "$DB" --list-reports --json 标记庚午 >"$TMP/o" 2>&1
grep -q -e 'new\\nline.txt' -e 'new\\u000aline.txt' "$TMP/o" &&
    pass "name with a newline escaped in JSON" ||
    fail "name with a newline escaped in JSON" "$(head -c 300 "$TMP/o")"
# A rerun: bad files are named again (they still fail), good ones not.
expect_status "rerun: exit 1" 1 "$INDEX" --db "$DB" "$IN"
expect_eq "rerun: same bad files named" "$(grep -c ': ' "$TMP/err")" "$((nbad + 2))"

# ---- empty files are not errors ------------------------------------------
mkdir -p "$TMP/empties/sub"
report 标记己卯 >"$TMP/empties/good.txt"
: >"$TMP/empties/a.txt"
: >"$TMP/empties/sub/b.txt"
expect_status "empty files: exit 0" 0 "$INDEX" --db "$TMP/edb" --quiet "$TMP/empties"
expect_status "empty files: good one found" 0 "$SEARCH" --db "$TMP/edb" 标记己卯

# ---- a 20 MB file of one line: bounded time and memory -------------------
line='项目预算执行率达到百分之九十以上，受益群众满意度调查结果较好；'
{ printf '一行长文件标记庚辰，'; yes "$line" | head -c 2097152 | tr -d '\n'; } >"$TMP/line2.txt"
{ printf '一行长文件标记庚辰，'; yes "$line" | head -c 20971520 | tr -d '\n'; } >"$TMP/line20.txt"
measure "$TMP/mdb" "$TMP/line2.txt"
secs2=$secs
measure "$TMP/mdb" "$TMP/line20.txt"
echo "T610 one-line file: 2 MB in $secs2 s; 20 MB in $secs s, peak $kb kB resident"
expect_eq "20 MB line: exit 0" "$mrc" 0
expect_status "20 MB line: searchable" 0 "$SEARCH" --db "$TMP/mdb" 标记庚辰
[ "$(calc "$secs < 120")" = 1 ] && pass "20 MB line: under 120 s ($secs s)" ||
    fail "20 MB line: under 120 s" "$secs s"
[ "$(calc "$secs < 20 * ($secs2 + 0.5)")" = 1 ] &&
    pass "20 MB line: time linear in size" ||
    fail "20 MB line: time linear in size" "2 MB $secs2 s, 20 MB $secs s"
# AddressSanitizer's shadow memory and quarantine inflate the figure.
if ldd "$INDEX" 2>/dev/null | grep -q asan; then
    echo "T610 sanitizer build: memory bound not checked"
elif [ "$kb" -gt 0 ]; then
    [ "$kb" -lt 409600 ] && pass "20 MB line: under 400 MB resident ($kb kB)" ||
        fail "20 MB line: under 400 MB resident" "$kb kB"
fi

# ---- a file deleted while the run goes on --------------------------------
awk -v dir="$TMP/del" -v first=1 -v last=1500 -v seed=610 \
    -f "$JX_TOP/tests/e2e/T6-gen-reports.awk"
report 标记辛巳 >"$TMP/del/zz-vanishes.txt"   # walked last
"$INDEX" --db "$TMP/ddb" "$TMP/del" >"$TMP/d.out" 2>"$TMP/d.err" &
dpid=$!
sleep 0.3
if alive "$dpid"; then
    rm "$TMP/del/zz-vanishes.txt"
    wait "$dpid"
    drc=$?
    if grep -q -F "$TMP/del/zz-vanishes.txt" "$TMP/d.err"; then
        expect_eq "deleted during run: exit 1" "$drc" 1
        expect_eq "deleted during run: named once" \
            "$(grep -c -F zz-vanishes "$TMP/d.err")" 1
    else # read before it went: indexed, and gone after the next run
        expect_eq "deleted during run: walked past before deletion, exit 0" "$drc" 0
        "$INDEX" --db "$TMP/ddb" --quiet "$TMP/del"
    fi
    expect_status "deleted during run: not indexed" 1 "$SEARCH" --db "$TMP/ddb" 标记辛巳
    expect_status "deleted during run: the rest indexed" 0 "$SEARCH" --db "$TMP/ddb" jxm1500
else
    wait "$dpid"
    echo "T610 run over before the file could be deleted: check skipped"
fi

# ---- hostile queries and option values ----------------------------------
# hostile NAME ARG...: jixiao-search must answer (0, 1) or refuse (2, one
# line); never die of a signal or a sanitizer (run.sh sets 86 and 87).
hostile() {
    hname=$1
    shift
    "$SEARCH" --db "$DB" "$@" >"$TMP/h.out" 2>"$TMP/h.err"
    hrc=$?
    if [ "$hrc" -le 1 ] && ! grep -q 'Sanitizer\|runtime error' "$TMP/h.err"; then
        pass "hostile $hname: answered ($hrc)"
    elif [ "$hrc" -eq 2 ] && [ "$(wc -l <"$TMP/h.err")" -eq 1 ]; then
        pass "hostile $hname: refused in one line"
    else
        fail "hostile $hname" "exit $hrc: $(head -c 300 "$TMP/h.err")"
    fi
}
# refused NAME ARG...: like hostile, but must be refused (exit 2).
refused() {
    hname=$1
    shift
    expect_status "refused $hname" 2 "$SEARCH" --db "$DB" "$@"
    expect_eq "refused $hname: one line" "$(wc -l <"$TMP/err")" 1
}
big=$(yes 预算执行 | head -n 8600 | tr -d '\n')     # 103 KB
refused "100 KB query" "$big"
expect_contains "100 KB query: says too long" "$TMP/err" "too long"
refused "100 KB ASCII query" "$(printf '%0100000d' 0)"
hostile "100 KB --dept alone" --dept "$big"
hostile "100 KB --dept and a query" --dept "$big" --region "$big" 预算
hostile "control characters" "$(printf 'a\001b\033[31m\177c\tc\r')"
hostile "invalid UTF-8" "$(printf '\377\376\300\257')"
hostile "truncated UTF-8" "$(printf '预算\351')"
hostile "surrogate in UTF-8" "$(printf '\355\240\200预算')"
hostile "above U+10FFFF" "$(printf '\364\220\200\200预算')"
hostile "emoji and joiners" "$(printf '👨‍👩‍👧预算\342\200\213执行\342\200\256')"
hostile "full-width ASCII" "ＡＢＣ１２３"
hostile "U+FFFD itself" "�预算"
refused "--limit 99999999999" --limit 99999999999 预算
refused "--limit empty" --limit '' 预算
refused "--limit 1e3" --limit 1e3 预算
refused "--offset -1" --offset -1 预算
refused "--per-report 99999999999" --per-report 99999999999 预算
refused "--context 99999999999" --context 99999999999 预算
refused "year:99999" year:99999
refused "year:-1" year:-1
refused "year range past 2^64" 'year:..99999999999999999999'
refused "score:nan" score:nan
refused "score:inf.." score:inf..
refused "score:1e308.." score:1e308..
refused "--min-score 1e999" --min-score 1e999 预算
refused "--max-score nan" --max-score nan 预算
refused "--year 0" --year 0 预算
refused "--grade unknown" --grade 超级 预算
refused "--sort empty" --sort '' 预算
refused "--count-by empty" --count-by '' 预算
refused "empty query" ''
refused "only punctuation" '，。、（）'
refused "unbalanced quote" '"预算'
refused "unbalanced parenthesis" ')'
refused "dangling OR" '预算 OR'
refused "unknown field" 'foo:bar'
refused "field without value" 'title:'
hostile "1000 nested parentheses" "$(yes '(' | head -n 1000 | tr -d '\n')预算$(yes ')' | head -n 1000 | tr -d '\n')"
hostile "1000 NOTs" "$(yes 'NOT' | head -n 1000 | tr '\n' ' ')预算"
hostile "600 ORs" "$(yes '预算 OR' | head -n 600 | tr '\n' ' ')疫情"
hostile "largest limits" --limit 100000 --per-report 1000 --context 10000 的
hostile "largest offset" --offset 1000000 预算
hostile "ungrouped, all passages" --per-report 0 --limit 100000 的
hostile "every field" 'year:2019..2022 score:..100 grade:优 type:项目支出 section:问题 title:报告 dept:局 region:省 预算'
hostile "count-by with a huge query field" --count-by dept "dept:$(yes 局 | head -n 1300 | tr -d '\n')"
