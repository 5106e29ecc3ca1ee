#!/bin/sh
# run.sh: runs the whole test suite against one or more builds (build
# directories holding the programs and unit test binaries), counting the
# "PASS:" and "FAIL:" lines every test prints (and its "SKIP:" lines,
# apart). A test that exits non-zero
# without printing a FAIL line counts as one failure. Ends with the line
# "N passed, N failed".
# Usage: tests/run.sh [--no-seeds] BUILD_DIR [[--no-seeds] BUILD_DIR]...
# --no-seeds: the next build's tests run with JX_NO_SEEDS=1, as on a clone
# without ../shared/seeds beside it (tests then use only the bundled
# samples and their own fixtures); make check does so for build-san.
# JX_NO_SEEDS=1 in the environment does so for every build.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
logdir="$top/build/test-logs"
mkdir -p "$logdir"
total_pass=0
total_fail=0
total_skip=0

# Runs one test command, prints its FAIL lines, and adds up its counts.
run_one() {
    label=$1; shift
    log="$logdir/$(echo "$label" | tr '/ ' '__').log"
    "$@" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^PASS: ' "$log")
    f=$(grep -c '^FAIL: ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "FAIL: $label exited with status $rc (log: $log)"
        tail -n 15 "$log" | sed 's/^/    /'
    fi
    grep '^FAIL: ' "$log"
    # a test that cannot run here (a tool missing) says so in one SKIP
    # line: counted apart, neither passed nor failed
    s=$(grep -c '^SKIP: ' "$log")
    grep '^SKIP: ' "$log" >&2
    total_skip=$((total_skip + s))
    printf '%-48s %4d passed, %d failed\n' "$label" "$p" "$f" >&2
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
}

outer_no_seeds=${JX_NO_SEEDS:-} # JX_NO_SEEDS=1 in the caller: every build
no_seeds=""
for build in "$@"; do
    if [ "$build" = --no-seeds ]; then
        no_seeds=1
        continue
    fi
    bdir="$top/$build"
    export JX_BIN="$bdir" JX_TOP="$top"
    if [ -n "$no_seeds$outer_no_seeds" ]; then
        export JX_NO_SEEDS=1
        echo "$build: as without ../shared/seeds (JX_NO_SEEDS=1)" >&2
    else
        unset JX_NO_SEEDS
    fi
    no_seeds=""
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=87"
    for t in "$bdir"/tests/test_*; do
        [ -x "$t" ] || continue
        run_one "$build/$(basename "$t")" "$t"
    done
    for t in "$top"/tests/e2e/T*.sh; do
        [ -f "$t" ] || continue
        run_one "$build/e2e/$(basename "$t" .sh)" sh "$t"
    done
done
# A short run of each fuzz target, when make check built them.
if [ -n "${JX_FUZZ_SECONDS:-}" ] && [ -d "$top/build/fuzz" ]; then
    run_one "fuzz-smoke" sh "$top/tests/fuzz/run.sh" smoke "$JX_FUZZ_SECONDS"
fi
[ "$total_skip" -eq 0 ] || echo "$total_skip skipped (a tool missing: see the SKIP lines)"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
