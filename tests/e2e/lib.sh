# lib.sh: the shell test library of the end-to-end tests, sourced by each
# tests/e2e/T*.sh. It finds the programs (JX_BIN, set by tests/run.sh),
# gives each test a scratch folder, and prints PASS:/FAIL: lines.
set -u
JX_TOP=${JX_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
JX_BIN=${JX_BIN:-$JX_TOP/build}
INDEX="$JX_BIN/jixiao-index"
SEARCH="$JX_BIN/jixiao-search"
EXAMPLES="$JX_TOP/docs/examples"
SEEDS="$JX_TOP/../shared/seeds"
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
