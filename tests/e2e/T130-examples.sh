#!/bin/sh
# T130-examples.sh: every example command that the documentation shows
# works on the bundled samples: the commands in README.md's code blocks,
# in the Examples: part of `jixiao-search --help` and `jixiao-index
# --help`, and in the EXAMPLES section of both man pages (as rendered).
# Each runs against its own copy of a database of docs/examples and fails
# (naming its source and the example) when it does not exit 0: a search
# example must find something. The README's blocks of a command with its
# output ("$ build/jixiao-search ...") must show what the program prints.
# New examples are picked up by themselves; their placeholders are
# mapped by form (see map_word), not by name. Also: the man pages show
# the query fields as typed (year:A..B, never "year: A..B"), and all the
# documents give the same default database, which the programs use.
. "$(dirname "$0")/lib.sh"

# skip NAME WHY: a check that cannot run here (no PASS, no FAIL).
skip() { echo "SKIP: $TEST_NAME $1: $2"; }
# have PROGRAM: true when PROGRAM is installed.
have() { command -v "$1" >/dev/null 2>&1; }

DB="$TMP/db"
FIX="$TMP/fixtures"
SAMPLE_TXT="$EXAMPLES/2020-youxian-weijian-zhengti.txt"
mkdir -p "$FIX" "$TMP/home"
if "$INDEX" --db "$DB" --quiet "$EXAMPLES"; then pass "samples indexed"; else
    fail "samples indexed" "jixiao-index exited $?"; fi

# Fixtures standing for the placeholder files of the examples: a
# manifest correcting one sample, and a sample as .html, .docx (pandoc)
# and .pdf (pango-view) where those tools are installed.
printf 'path,department,year\n%s,四川省绵阳市游仙区卫生健康局,2020\n' \
    "$SAMPLE_TXT" >"$FIX/manifest.csv"
{
    echo '<html><head><meta charset="utf-8"></head><body>'
    sed 's/&/\&amp;/g; s/</\&lt;/g; s/^/<p>/; s|$|</p>|' "$SAMPLE_TXT"
    echo '</body></html>'
} >"$FIX/sample.html"
have pandoc && pandoc -f markdown -t docx -o "$FIX/sample.docx" "$SAMPLE_TXT" 2>/dev/null
have pango-view && pango-view -q --font='WenQuanYi Micro Hei 10' \
    -o "$FIX/sample.pdf" "$SAMPLE_TXT" 2>/dev/null

# The examples, one "SOURCE<TAB>COMMAND" line each. README.md: the lines
# of its code blocks that call a program (build/jixiao-*, jixiao-* or
# make), without a "$ " prompt and a trailing "# comment". --help: the
# indented lines after "Examples:", cut before a description that
# follows two spaces. Man pages: the EXAMPLES section as man renders it.
examples() {
    awk -v src=README.md '
        /^```/ { inblock = !inblock; next }
        inblock {
            line = $0
            sub(/^\$ /, "", line)
            if (line !~ /^(build\/)?jixiao-(index|search)( |$)/ && line !~ /^make( |$)/)
                next
            sub(/[ \t]+#[ \t].*$/, "", line)
            print src "\t" line
        }' "$JX_TOP/README.md"
    for prog in jixiao-search jixiao-index; do
        "$JX_BIN/$prog" --help 2>&1 | awk -v src="$prog --help" '
            /^Examples:/ { on = 1; next }
            on && /^[^ ]/ { on = 0 }
            on && /^ +jixiao-/ {
                line = $0
                sub(/^ +/, "", line)
                sub(/   *[^ ].*$/, "", line)  # the description, if any
                sub(/  +$/, "", line)
                print src "\t" line
            }'
    done
    for page in jixiao-search.1 jixiao-index.1; do
        render "$JX_TOP/docs/$page" | awk -v src="man $page" '
            /^EXAMPLES/ { on = 1; next }
            on && /^[^ ]/ { on = 0 }
            on && /^ +jixiao-/ {
                line = $0
                sub(/^ +/, "", line)
                sub(/   *[^ ].*$/, "", line)
                print src "\t" line
            }'
    done
}

# render PAGE: the man page as a reader sees it, in plain text, unwrapped.
render() {
    if have man; then
        env -u MAN_KEEP_FORMATTING LC_ALL=C.UTF-8 MANWIDTH=300 man -l "$1" 2>/dev/null
    elif have groff; then
        LC_ALL=C.UTF-8 groff -man -Tutf8 -P-cbou -rLL=300n "$1" 2>/dev/null
    fi
}

# map_word PREV WORD: the word of an example as it is run here.
#  - the program (build/jixiao-X or jixiao-X): the binary under test;
#  - the value of --db / -d (and --db=DIR): this example's database copy
#    (examples without it use it too, through JIXIAO_DB);
#  - the target of a redirection (> FILE): kept, written in a scratch
#    folder, as are options, quoted query words and other words;
#  - a path of the repository (docs/examples): that path;
#  - a placeholder folder (~/reports, a/, 报告目录/, any word starting
#    with ~ or ending in / that does not exist): docs/examples;
#  - a placeholder file, by its extension: .txt a bundled sample, .csv a
#    manifest correcting that sample, .html/.docx/.pdf that sample in
#    the format.
map_word() {
    prev=$1 w=$2
    case $w in
    build/jixiao-index | jixiao-index) echo "$JX_BIN/jixiao-index"; return ;;
    build/jixiao-search | jixiao-search) echo "$JX_BIN/jixiao-search"; return ;;
    --db=*) echo "--db=$EXDB"; return ;;
    esac
    case $prev in
    --db | -d) echo "$EXDB"; return ;;
    '>' | '>>' | '2>') echo "$w"; return ;;
    esac
    case $w in
    -* | \'* | \"* | *\' | *\" | \>* | *:*) echo "$w"; return ;;
    esac
    if [ -e "$JX_TOP/$w" ] && [ "${w#/}" = "$w" ]; then
        echo "$JX_TOP/$w"
        return
    fi
    case $w in
    \~* | */) echo "$EXAMPLES" ;;
    *.txt) echo "$SAMPLE_TXT" ;;
    *.csv) echo "$FIX/manifest.csv" ;;
    *.html | *.htm) echo "$FIX/sample.html" ;;
    *.docx) echo "$FIX/sample.docx" ;;
    *.pdf) echo "$FIX/sample.pdf" ;;
    */*) [ -e "$w" ] && echo "$w" || echo "$EXAMPLES" ;;
    *) echo "$w" ;;
    esac
}

# translate COMMAND: the command with each word mapped (words are split
# at single spaces and joined again, so quoted queries stay as written).
translate() {
    out="" prev=""
    set -f
    for w in $1; do
        m=$(map_word "$prev" "$w")
        case $m in
        "$JX_BIN"/* | "$JX_TOP"/* | "$TMP"/*) m="'$m'" ;;
        esac
        out="$out${out:+ }$m"
        prev=$w
    done
    set +f
    echo "$out"
}

# run_make_run: `make run` builds build/ and shows a search on a database
# of its own under build/, never the user's default one, and says how to
# index one's own reports.
run_make_run() {
    if [ ! -x "$JX_TOP/build/jixiao-index" ]; then
        skip "make run" "build/ is not built"
        return
    fi
    env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u JIXIAO_DB -u XDG_DATA_HOME \
        HOME="$TMP/home" make -s -C "$JX_TOP" --no-print-directory run \
        >"$TMP/run.out" 2>&1 </dev/null
    rc=$?
    if [ "$rc" = 0 ]; then pass "README.md: make run"; else
        fail "README.md: make run" "exit $rc: $(tail -n 5 "$TMP/run.out")"; fi
    expect_contains "make run: searches" "$TMP/run.out" "预算执行率"
    expect_contains "make run: says how to index your own reports" \
        "$TMP/run.out" "build/jixiao-index ~/reports"
    if [ -e "$TMP/home/.local/share/jixiao" ]; then
        fail "make run: leaves the default database alone" \
            "it wrote $TMP/home/.local/share/jixiao"
    elif [ -d "$JX_TOP/build/demo-db" ]; then
        pass "make run: leaves the default database alone"
    else
        fail "make run: leaves the default database alone" "no build/demo-db"
    fi
}

examples >"$TMP/examples"
n_help=$(grep -c -- '--help	' "$TMP/examples")
n_man=$(grep -c '^man ' "$TMP/examples")
n_readme=$(grep -c '^README.md	' "$TMP/examples")
# Each source must show examples: a change that hides them is caught.
[ "$n_readme" -ge 5 ] && pass "README.md examples found" ||
    fail "README.md examples found" "only $n_readme"
[ "$n_help" -ge 4 ] && pass "--help examples found" ||
    fail "--help examples found" "only $n_help"
if have man || have groff; then
    [ "$n_man" -ge 4 ] && pass "man page examples found" ||
        fail "man page examples found" "only $n_man"
else
    skip "man page examples" "neither man nor groff is installed"
fi

i=0
seen=""
while IFS='	' read -r src cmd; do
    case "
$seen
" in *"
$cmd
"*) continue ;; esac
    seen="$seen
$cmd"
    case $cmd in
    "make check"*) continue ;; # the suite itself
    "make run") run_make_run; continue ;;
    make*) skip "$src: $cmd" "a make target other than run"; continue ;;
    esac
    i=$((i + 1))
    EXDB="$TMP/exdb$i"
    rm -rf "$EXDB" "$TMP/cwd$i"
    cp -r "$DB" "$EXDB"
    mkdir -p "$TMP/cwd$i"
    run=$(translate "$cmd")
    (cd "$TMP/cwd$i" && env -u XDG_DATA_HOME HOME="$TMP/home" JIXIAO_DB="$EXDB" \
        sh -c "$run") >"$TMP/ex.out" 2>"$TMP/ex.err" </dev/null
    rc=$?
    if [ "$rc" = 0 ]; then pass "$src: $cmd"; else
        fail "$src: $cmd" "exit $rc (ran: $run) $(head -c 300 "$TMP/ex.err")"; fi
    rm -rf "$EXDB"
done <"$TMP/examples"
[ "$i" -ge 10 ] && pass "examples run" || fail "examples run" "only $i"

# The README's output blocks: a block whose first line is "$ COMMAND" and
# whose other lines are what COMMAND prints on the bundled samples (paths
# shown from /…/docs/examples).
awk -v dir="$TMP/block" '
    /^```/ {
        if (infence) { if (cap) close(f); infence = cap = 0 }
        else { infence = 1; first = 1 }
        next
    }
    infence && first {
        first = 0
        if ($0 ~ /^\$ /) { cap = 1; n++; f = dir n; print > f }
        next
    }
    infence && cap { print > f }' "$JX_TOP/README.md"
blocks=0
for b in "$TMP"/block*; do
    [ -f "$b" ] || continue
    blocks=$((blocks + 1))
    cmd=$(head -n 1 "$b" | sed 's/^\$ //')
    EXDB=$DB
    run=$(translate "$cmd")
    tail -n +2 "$b" >"$TMP/want"
    (cd "$TMP" && env -u XDG_DATA_HOME HOME="$TMP/home" JIXIAO_DB="$DB" \
        sh -c "$run") 2>&1 </dev/null | sed "s|$JX_TOP/|/…/|g" >"$TMP/got"
    if cmp -s "$TMP/got" "$TMP/want"; then
        pass "README.md output of $cmd"
    else
        fail "README.md output of $cmd" "$(diff "$TMP/want" "$TMP/got" | head -c 800)"
    fi
done
[ "$blocks" -ge 2 ] && pass "README.md output blocks found" ||
    fail "README.md output blocks found" "only $blocks"

# The man pages as rendered: a field is followed by its value, no space
# (a reader types what is shown).
for page in jixiao-search.1 jixiao-index.1; do
    render "$JX_TOP/docs/$page" >"$TMP/page.txt"
    if [ ! -s "$TMP/page.txt" ]; then
        skip "man $page renders" "neither man nor groff is installed"
        continue
    fi
    if grep -nE '(^|[ (])(title|dept|region|section|year|score|grade|type): ' \
        "$TMP/page.txt" >"$TMP/spaced"; then
        fail "man $page: fields without a space" "$(head -c 300 "$TMP/spaced")"
    else
        pass "man $page: fields without a space"
    fi
done

# The default database, said the same way by README.md, both --help texts
# and both man pages (as rendered): $JIXIAO_DB, else
# $XDG_DATA_HOME/jixiao/db, else ~/.local/share/jixiao/db.
cp "$JX_TOP/README.md" "$TMP/doc-README.md"
"$INDEX" --help >"$TMP/doc-index-help" 2>&1
"$SEARCH" --help >"$TMP/doc-search-help" 2>&1
render "$JX_TOP/docs/jixiao-index.1" >"$TMP/doc-index-man"
render "$JX_TOP/docs/jixiao-search.1" >"$TMP/doc-search-man"
for d in "$TMP"/doc-*; do
    [ -s "$d" ] || continue
    for place in '$JIXIAO_DB' '$XDG_DATA_HOME/jixiao/db' '~/.local/share/jixiao/db'; do
        expect_contains "${d#"$TMP"/doc-} names $place" "$d" "$place"
    done
done
# ... and the programs use it: with JIXIAO_DB unset, $XDG_DATA_HOME.
env -u JIXIAO_DB XDG_DATA_HOME="$TMP/xdg" HOME="$TMP/home" \
    "$INDEX" --quiet "$SAMPLE_TXT" >"$TMP/out" 2>&1
[ -d "$TMP/xdg/jixiao/db" ] && pass "XDG_DATA_HOME: index writes there" ||
    fail "XDG_DATA_HOME: index writes there" "$(head -c 300 "$TMP/out")"
expect_status "XDG_DATA_HOME: search reads there" 0 \
    env -u JIXIAO_DB XDG_DATA_HOME="$TMP/xdg" HOME="$TMP/home" "$SEARCH" 预算执行率
