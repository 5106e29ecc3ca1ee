# search-lib.sh: helpers shared by the search tests (T2*.sh), sourced
# after lib.sh: the brute force of brute.py, the database each test
# indexes, and readers of jixiao-search's listings and JSON.

# The interpreter itself, not a wrapper script (pyenv's shim costs 0.25 s
# a call).
PY=$(python3 -c 'import sys; print(sys.executable)')
BRUTE="$PY $JX_TOP/tests/e2e/brute.py"
DB="$TMP/db"

# listed ARGS...: the reports jixiao-search lists for ARGS, as sorted
# basenames on one line. Each report line's path is read with sed, to be
# fast; every output is kept in $TMP/l.*.json and, at the end, parsed
# with a real JSON parser that must find the same paths (brute.py
# listings).
listed() {
    f=$(mktemp "$TMP/l.XXXXXX.json")
    "$SEARCH" --db "$DB" --list-reports --json -n 1000 "$@" >"$f" 2>"$TMP/l.err"
    sed -n 's/^{"type":"report",.*"path":"\([^"]*\)".*/\1/p' "$f" |
        sed 's|.*/||' | sort -u | tr '\n' ' '
}

# expected ARGS...: the reports brute.py finds for ARGS (brute.py
# reports ARGS), in the same form, from the answers computed up front.
expected() {
    awk -v k="reports $*	" 'index($0, k) == 1 {
        a = substr($0, length(k) + 1); print (a == "" ? "" : a " "); f = 1 }
        END { if (!f) print "(not computed: add reports " substr(k, 9) ")" }' \
        "$TMP/want"
}

# same_set NAME GOT WANT: expect_eq, but nothing wanted is the test's
# own mistake (it would pass whatever the program does).
same_set() {
    if [ -z "$3" ]; then fail "$1" "brute force expects nothing: vacuous"
    else expect_eq "$1" "$2" "$3"; fi
}

# js ARGS...: jixiao-search --json on the samples into $TMP/j.json.
js() { "$SEARCH" --db "$DB" --json "$@" >"$TMP/j.json" 2>"$TMP/j.err"; }

# jqs FILTER: jq over the whole of $TMP/j.json as one array (-s).
jqs() { jq -rs "$1" "$TMP/j.json"; }
