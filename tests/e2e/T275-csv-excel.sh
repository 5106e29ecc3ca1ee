#!/bin/sh
# T275-csv-excel.sh: --csv writes CSV that a spreadsheet opens with its
# Chinese intact: UTF-8 with a byte order mark (--csv and --csv=excel),
# because Excel reads a .csv file as UTF-8 only when it starts with one
# and otherwise in the system's code page (GB18030 on Chinese Windows);
# --csv=plain leaves the mark out, for programs.
#
# The spreadsheet check converts the file to .xlsx with LibreOffice
# headless and reads the cells back. LibreOffice's own default import
# does not look for the mark (7.4 reads a .csv as Windows-1252, mark or
# not), so the test gives it the charset Excel would pick: UTF-8 when
# the file starts with the mark, else GB18030. Without the mark the
# Chinese cells come back as mojibake and the test fails. Where soffice
# is missing that part is skipped with one SKIP line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/search-lib.sh"
expect_status "index samples" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"
BOM=$(printf '\357\273\277')

"$SEARCH" --db "$DB" --list-reports --csv 满意度 >"$TMP/r.csv"
"$SEARCH" --db "$DB" --list-reports --csv=excel 满意度 >"$TMP/e.csv"
"$SEARCH" --db "$DB" --list-reports --csv=plain 满意度 >"$TMP/p.csv"
expect_eq "--csv starts with a UTF-8 byte order mark" \
    "$(head -c 3 "$TMP/r.csv" | od -An -tx1 | tr -d ' ')" efbbbf
expect_eq "--csv=excel is --csv" "$(cksum <"$TMP/e.csv")" "$(cksum <"$TMP/r.csv")"
expect_eq "--csv=plain starts with the header" "$(head -c 5 "$TMP/p.csv")" "rank,"
expect_eq "--csv = the mark + --csv=plain" \
    "$( (printf '%s' "$BOM"; cat "$TMP/p.csv") | cksum)" "$(cksum <"$TMP/r.csv")"
"$SEARCH" --db "$DB" --count-by year --csv 满意度 >"$TMP/c.csv"
expect_eq "--count-by --csv has the mark too" \
    "$(head -c 3 "$TMP/c.csv" | od -An -tx1 | tr -d ' ')" efbbbf
expect_status "--csv=other is refused" 2 "$SEARCH" --db "$DB" --list-reports --csv=gbk 满意度
expect_contains "--csv=other: the forms are named" "$TMP/err" "use excel or plain"

if ! command -v soffice >/dev/null 2>&1; then
    echo "SKIP: $TEST_NAME opening the CSV in a spreadsheet: soffice (LibreOffice) is not installed"
    exit 0
fi

# open_as_excel CSV: converts CSV to .xlsx and back to UTF-8 CSV (cells
# as a spreadsheet holds them) in $TMP/xl/NAME.back.csv, reading CSV in
# the charset Excel would choose.
open_as_excel() {
    name=$(basename "$1" .csv)
    if [ "$(head -c 3 "$1")" = "$BOM" ]; then cs=76; else cs=85; fi # UTF-8, GB18030
    mkdir -p "$TMP/xl" "$TMP/home"
    HOME="$TMP/home" soffice --headless \
        --infilter="Text - txt - csv (StarCalc):44,34,$cs,1" \
        --convert-to xlsx --outdir "$TMP/xl" "$1" >"$TMP/xl/log" 2>&1
    mv "$TMP/xl/$name.xlsx" "$TMP/xl/$name.back.xlsx" 2>/dev/null
    HOME="$TMP/home" soffice --headless \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' \
        --outdir "$TMP/xl" "$TMP/xl/$name.back.xlsx" >>"$TMP/xl/log" 2>&1
}
open_as_excel "$TMP/r.csv"
[ -s "$TMP/xl/r.back.xlsx" ] && pass "LibreOffice converts the CSV to .xlsx" ||
    fail "LibreOffice converts the CSV to .xlsx" "$(head -c 300 "$TMP/xl/log")"
# The text columns (rank, path, title, department, region, grade, type,
# format) cell by cell; the mark is not part of the first cell.
cells() {
    $PY -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding=sys.argv[2], newline="")))
for r in rows:
    print("|".join(r[i] for i in (0, 1, 2, 3, 4, 7, 8, 9)))' "$@"
}
expect_eq "the spreadsheet's cells are the report metadata, Chinese intact" \
    "$(cells "$TMP/xl/r.back.csv" utf-8 2>&1)" "$(cells "$TMP/r.csv" utf-8-sig)"
expect_eq "the first cell is rank (the mark is read as a mark)" \
    "$(head -n 1 "$TMP/xl/r.back.csv" | cut -d, -f1)" rank
unzip -p "$TMP/xl/r.back.xlsx" xl/sharedStrings.xml >"$TMP/xl/strings.xml" 2>/dev/null
dept=$(cells "$TMP/r.csv" utf-8-sig | sed -n 2p | cut -d'|' -f4)
case $dept in
*局) expect_contains "the .xlsx holds a Chinese department name" \
    "$TMP/xl/strings.xml" "$dept" ;;
*) fail "the .xlsx holds a Chinese department name" "no department in [$dept]" ;;
esac
