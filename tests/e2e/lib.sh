# lib.sh: the shell test library of the end-to-end tests, sourced by each
# tests/e2e/T*.sh. It finds the programs (JX_BIN, set by tests/run.sh),
# gives each test a scratch folder, and prints PASS:/FAIL: lines.
set -u
JX_TOP=${JX_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
JX_BIN=${JX_BIN:-$JX_TOP/build}
INDEX="$JX_BIN/jixiao-index"
SEARCH="$JX_BIN/jixiao-search"
EXAMPLES="$JX_TOP/docs/examples"
# The real reports beside the clone, when there (never part of it): a
# test may use them only when [ -d "$SEEDS" ], and must test its promise
# without them too. JX_NO_SEEDS=1 (tests/run.sh --no-seeds) hides them.
SEEDS="$JX_TOP/../shared/seeds"
[ -n "${JX_NO_SEEDS:-}" ] && SEEDS="$JX_TOP/.no-seeds-hidden-by-JX_NO_SEEDS"
TEST_NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jx-$TEST_NAME.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
unset JIXIAO_DB

# pass NAME: records a passed check.
pass() { echo "PASS: $TEST_NAME $1"; }
# fail NAME WHY: records a failed check.
fail() { echo "FAIL: $TEST_NAME $1: $2"; }

# expect_eq NAME GOT WANT: passes when the two strings are equal.
expect_eq() {
    if [ "$2" = "$3" ]; then pass "$1"; else
        fail "$1" "got [$2], want [$3]"; fi
}

# expect_status NAME WANT CMD...: runs CMD and checks its exit status.
expect_status() {
    name=$1; want=$2; shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" = "$want" ]; then pass "$name"; else
        fail "$name" "exit $got, want $want; stderr: $(head -c 300 "$TMP/err")"; fi
}

# expect_contains NAME FILE TEXT: passes when FILE contains TEXT.
expect_contains() {
    if grep -qF -- "$3" "$2"; then pass "$1"; else
        fail "$1" "[$3] not in $(head -c 300 "$2")"; fi
}

# expect_lacks NAME FILE TEXT: passes when FILE does not contain TEXT.
expect_lacks() {
    if grep -qF -- "$3" "$2"; then fail "$1" "[$3] found in $2"; else
        pass "$1"; fi
}

# db_state DB OUT: what a database holds, in a form that can be compared
# (the crash, disk-full and parallel tests check a database against a
# clean build with it): each report's key with each of its paths,
# sorted, then the counts of a set of queries (one character among
# them) and the counts by year, department, grade and type.
db_state() {
    "$SEARCH" --db "$1" --list-reports --json --limit 100000 jxall |
        awk '/"type":"report"/ {
            match($0, /"key":"[0-9a-f]*"/); key = substr($0, RSTART + 7, RLENGTH - 8)
            match($0, /"paths":\[[^]]*\]/); n = split(substr($0, RSTART + 9, RLENGTH - 10), p, ",")
            for (i = 1; i <= n; i++) print key, p[i] }' | sort >"$2"
    for q in jxall 预算执行率 满意度 '疫情 OR 新冠' '资金 -疫情' year:2021 \
        'score:90..' grade:优 type:项目支出 'section:问题 采购' jxmod 资; do
        printf '%s ' "$q" >>"$2"
        "$SEARCH" --db "$1" --count --json "$q" >>"$2" 2>&1
        echo " $?" >>"$2"
    done
    for by in year dept grade type; do
        "$SEARCH" --db "$1" --count-by "$by" --csv jxall >>"$2" 2>&1
    done
}

# expect_same_state NAME GOT WANT: passes when two db_state files are the
# same, else shows the start of their difference.
expect_same_state() {
    if cmp -s "$2" "$3"; then pass "$1"; else
        fail "$1" "$(diff "$2" "$3" | head -c 600)"; fi
}

# now: the time in seconds; calc EXPR: awk arithmetic; alive PID: the
# process runs (not a zombie).
now() { date +%s.%N; }
calc() { awk -v OFMT=%.4f "BEGIN { print ($1) }"; }
alive() { [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat")" != Z ]; }

# measure DB PATH: indexes PATH into the new database DB; sets mrc (exit
# status), secs and kb (peak resident memory, read from /proc).
measure() {
    rm -rf "$1"
    t0=$(now)
    "$INDEX" --db "$1" --quiet "$2" >"$TMP/m.out" 2>"$TMP/m.err" &
    mpid=$!
    kb=0
    while alive "$mpid"; do
        k=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$mpid/status" 2>/dev/null)
        [ -n "$k" ] && kb=$k
        sleep 0.1
    done
    wait "$mpid"
    mrc=$?
    secs=$(calc "$(now) - $t0")
}
