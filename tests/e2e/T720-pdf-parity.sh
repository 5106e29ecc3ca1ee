#!/bin/sh
# T720-pdf-parity.sh: a report published as PDF is found like the same
# report as .docx (issue #14). Four sample reports are written as HTML
# pages (a paragraph each line, justified, first line indented, no space
# between paragraphs), made into .docx by LibreOffice, printed to PDF by
# LibreOffice (from the .docx) and by Chromium (from the page, with the
# browser's date, title, file name and page number on every page), and indexed into one database per
# kind. Then every phrase of the samples (pdf-parity.py says which) that
# the .docx database finds must be found in each PDF database in the
# same report, and at least 95% of the passages holding them must have
# the same heading path. Without soffice, chromium or python3 the test
# says so on one line and counts nothing.
. "$(dirname "$0")/lib.sh"

# have PROGRAM: true when PROGRAM is installed.
have() { command -v "$1" >/dev/null 2>&1; }

CHROMIUM=""
for c in chromium chromium-browser google-chrome; do
    have "$c" && CHROMIUM=$c && break
done
if ! have soffice || [ -z "$CHROMIUM" ] || ! have python3; then
    echo "SKIP: $TEST_NAME: needs soffice, chromium and python3" \
        "(tools/install-deps.sh test installs them)"
    exit 0
fi

SAMPLES="2020-lusong-nongye-xiangmu 2020-youxian-weijian-zhengti
2022-wuhu-jingkai-caizheng-xiangmu 2023-sanyuan-yibao-zhengti"
mkdir -p "$TMP/txt" "$TMP/docx" "$TMP/lo" "$TMP/html" "$TMP/chr"
for s in $SAMPLES; do
    cp "$EXAMPLES/$s.txt" "$TMP/txt/"
    # One <p> a paragraph, indented, no space between paragraphs, as
    # reports are typeset: only the layout tells the paragraphs apart.
    awk 'BEGIN { print "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                 print "<title>自评报告</title><style>"
                 print "p { margin: 0; text-indent: 2em; text-align: justify; font-size: 16px }"
                 print "</style></head><body>" }
         NF { gsub(/&/, "\\&amp;"); gsub(/</, "\\&lt;"); print "<p>" $0 "</p>" }
         END { print "</body></html>" }' "$TMP/txt/$s.txt" >"$TMP/html/$s.html"
done

# Chromium prints one file a run: two at a time, while soffice works
# (each run stopped after 120 s, soffice after 300 s, should one hang).
(
    for s in $SAMPLES; do
        HOME="$TMP" timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
            --no-first-run --disable-background-networking \
            --disable-component-update --disable-sync \
            "--user-data-dir=$TMP/chr-$s" "--print-to-pdf=$TMP/chr/$s.pdf" \
            "$TMP/html/$s.html" >/dev/null 2>&1 &
        [ "$s" = 2020-youxian-weijian-zhengti ] && wait
    done
    wait
) &
chromium_job=$!
# soffice converts all the files of one call; its own profile keeps it
# away from the user's.
office() {
    HOME="$TMP" timeout 300 soffice --headless --norestore \
        "-env:UserInstallation=file://$TMP/office" "$@" >"$TMP/office.log" 2>&1
}
office --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" \
    --outdir "$TMP/docx" "$TMP"/html/*.html
office --convert-to pdf --outdir "$TMP/lo" "$TMP"/docx/*.docx
wait "$chromium_job"

for kind in docx lo chr; do
    n=$(ls "$TMP/$kind" | wc -l)
    if [ "$n" != 4 ]; then
        fail "$kind files made" "$n of 4 made; $(tail -c 300 "$TMP/office.log")"
        continue
    fi
    expect_status "$kind indexed" 0 "$INDEX" --db "$TMP/db-$kind" --quiet "$TMP/$kind"
done

# parity KIND NAME: the PDFs of KIND against the .docx.
parity() {
    out="$TMP/parity-$1"
    python3 "$(dirname "$0")/pdf-parity.py" "$SEARCH" "$TMP/db-docx" \
        "$TMP/db-$1" "$TMP"/txt/*.txt >"$out" 2>&1
    # phrases N found-in-reference R found-in-pdf F same-heading H of C
    read -r _ _ _ ref _ got _ same _ cmp _ <"$out"
    case "$ref$got$same$cmp" in
    *[!0-9]* | "")
        fail "$2: measured" "$(head -c 300 "$out")"
        return ;;
    esac
    echo "  $2: $ref phrases found in the .docx, $got of them in the PDF;" \
        "$same of $cmp passages under the same heading"
    if [ "$ref" -ge 100 ] && [ "$got" = "$ref" ]; then
        pass "$2: every phrase found"
    else
        fail "$2: every phrase found" "$got of $ref; $(grep -m3 missing "$out" | tr '\n' ' ')"
    fi
    if [ "$cmp" -ge 100 ] && [ $((same * 100)) -ge $((cmp * 95)) ]; then
        pass "$2: same headings"
    else
        fail "$2: same headings" "$same of $cmp; $(grep -m3 heading "$out" | tr '\n' ' ')"
    fi
}
parity lo "LibreOffice PDF"
parity chr "Chromium PDF"
