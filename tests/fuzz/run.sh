#!/bin/sh
# run.sh: runs the libFuzzer targets of tests/fuzz (built by make fuzz
# into build/fuzz/). Prints PASS:/FAIL: lines like the other tests.
#
#   sh tests/fuzz/run.sh smoke [SECONDS]  every saved regression input
#                      once, then each target SECONDS (default 60) from
#                      its seeds, two at a time
#   sh tests/fuzz/run.sh regress           only the saved inputs
#   sh tests/fuzz/run.sh TARGET [ARG...]   one target, open-ended, with
#                      libFuzzer's own arguments (-max_total_time=N...)
#
# Each target's growing corpus is build/fuzz/corpus/TARGET. An input
# that fails is written as build/fuzz/TARGET-crash-* (or -timeout-,
# -oom-, -leak-): report it, keep it in tests/fuzz/pending/TARGET/ (run
# by no test) until the bug is fixed, then move it to
# tests/fuzz/regressions/TARGET/, which run.sh and the unit test
# test_fuzz_regressions run every time. FUZZ_BUILD=DIR picks the build
# directory: make -f tests/fuzz/Makefile FUZZ_BUILD=build/fuzz-ik
# FUZZ_DEFS=-DFUZZ_IGNORE_KNOWN builds targets that skip the checks of
# bugs already reported, to look past them.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
bdir=${FUZZ_BUILD:-build/fuzz}
targets="decode_text search_form report_parse query_parse"
# Keep memory and per-input time bounded; inputs up to 8 KB.
opts="-timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=0

# regress TARGET: runs every saved input of TARGET once.
regress() {
    t=$1
    set -- tests/fuzz/regressions/"$t"/* tests/fuzz/corpus/"$t"/*
    files=""
    for f in "$@"; do [ -f "$f" ] && files="$files $f"; done
    log="$bdir/regress-$t.log"
    # shellcheck disable=SC2086
    if "$bdir/fuzz_$t" $files >"$log" 2>&1; then
        echo "PASS: fuzz $t saved inputs ($(echo $files | wc -w))"
    else
        echo "FAIL: fuzz $t saved inputs: $(grep -m1 -E 'check failed|ERROR|runtime error' "$log") (log: $log)"
        failed=1
    fi
}

# fuzz TARGET SECONDS: fuzzes TARGET from its seeds for SECONDS.
fuzz() {
    t=$1
    mkdir -p "$bdir/corpus/$t"
    log="$bdir/fuzz-$t.log"
    # shellcheck disable=SC2086
    "$bdir/fuzz_$t" $opts -max_total_time="$2" \
        -artifact_prefix="$bdir/$t-" \
        "$bdir/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ "$rc" -eq 0 ]; then
        echo "PASS: fuzz $t ${runs:-?} runs in $2 s, no crash"
    else
        echo "FAIL: fuzz $t: $(grep -m1 -E 'check failed|ERROR|runtime error' "$log") (log: $log; input: $(ls -t "$bdir/$t"-crash-* "$bdir/$t"-timeout-* "$bdir/$t"-oom-* 2>/dev/null | head -n 1))"
    fi
    return "$rc"
}

for t in $targets; do
    if [ ! -x "$bdir/fuzz_$t" ]; then
        echo "run.sh: $bdir/fuzz_$t missing: run make fuzz first" >&2
        exit 2
    fi
done

case ${1:-smoke} in
regress)
    for t in $targets; do regress "$t"; done
    ;;
smoke)
    secs=${2:-60}
    for t in $targets; do regress "$t"; done
    # Two targets at a time: four take about 2 x SECONDS.
    set -- $targets
    while [ $# -gt 0 ]; do
        fuzz "$1" "$secs" &
        p1=$!
        p2=
        if [ $# -gt 1 ]; then
            fuzz "$2" "$secs" &
            p2=$!
            shift
        fi
        shift
        wait "$p1" || failed=1
        [ -n "$p2" ] && { wait "$p2" || failed=1; }
    done
    ;;
*)
    t=$1
    shift
    mkdir -p "$bdir/corpus/$t"
    exec "$bdir/fuzz_$t" -artifact_prefix="$bdir/$t-" "$@" \
        "$bdir/corpus/$t" "tests/fuzz/corpus/$t"
    ;;
esac
exit "$failed"
