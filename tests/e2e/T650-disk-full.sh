#!/bin/sh
# T650-disk-full.sh: a full disk or a write error during indexing ends
# the run with exit 2 and exactly one line on stderr naming the database
# and the cause (no C++ exception text, no abort, no core dump), and the
# database stays as it was at its last commit: it opens and answers, it
# shows exactly the files the line says were committed (and, for a
# --force run over a complete database, every report), and a rerun
# without the limit ends as a clean build. The disk fills up two ways,
# neither needing root: a file size limit (ulimit -f: writes past it fail
# with EFBIG), and an LD_PRELOAD shim (T6-io-shim.c) under which every
# write to the database fails with ENOSPC once a byte budget is used up.
. "$(dirname "$0")/lib.sh"

C="$TMP/c"
awk -v dir="$C" -v first=1 -v last=600 -v seed=650 \
    -f "$JX_TOP/tests/e2e/T6-gen-reports.awk"

expect_status "clean build" 0 "$INDEX" --db "$TMP/ref" --quiet "$C"
db_state "$TMP/ref" "$TMP/state.ref"
full=$("$SEARCH" --db "$TMP/ref" --count --json jxall)

# check NAME DB CAUSE [force]: the run just made (stderr in $TMP/run.err,
# exit status in $rc) must have stopped as promised; then the database
# is checked and completed by a rerun without the limit.
check() {
    name=$1 db=$2 cause=$3 mode=${4:-}
    expect_eq "$name: exit 2" "$rc" 2
    expect_eq "$name: one line on stderr" "$(wc -l <"$TMP/run.err")" 1
    grep -q -F -- "$db: " "$TMP/run.err" && grep -q -F -- "$cause" "$TMP/run.err" &&
        pass "$name: the line names the database and the cause" ||
        fail "$name: the line names the database and the cause" \
            "$(head -c 400 "$TMP/run.err")"
    "$SEARCH" --db "$db" --count --json jxall >"$TMP/s.out" 2>"$TMP/s.err"
    src=$?
    [ "$src" -le 1 ] && [ ! -s "$TMP/s.err" ] &&
        pass "$name: the database opens and answers" ||
        fail "$name: the database opens and answers" \
            "exit $src: $(head -c 300 "$TMP/s.err")"
    if [ "$mode" = force ]; then
        expect_eq "$name: every report still searchable" "$(cat "$TMP/s.out")" "$full"
    else
        said=$(sed -n 's/.*(\([0-9]*\) files indexed in this run).*/\1/p' "$TMP/run.err")
        expect_eq "$name: holds exactly the files said committed" \
            "$(cat "$TMP/s.out")" "{\"passages\":${said:-?},\"reports\":${said:-?}}"
    fi
    "$INDEX" --db "$db" --status >"$TMP/st.out" 2>"$TMP/st.err"
    src=$?
    [ "$src" -le 1 ] && [ ! -s "$TMP/st.err" ] &&
        pass "$name: --status answers" ||
        fail "$name: --status answers" "exit $src: $(head -c 300 "$TMP/st.err")"
    expect_status "$name: rerun without the limit" 0 "$INDEX" --db "$db" --quiet "$C"
    db_state "$db" "$TMP/state.db"
    expect_same_state "$name: rerun gives the clean build" \
        "$TMP/state.db" "$TMP/state.ref"
}

# 1. A file size limit: SIGXFSZ would kill the process; the indexer
# ignores it, so writes past the limit fail with EFBIG. Limits in 512-byte
# blocks (dash), from the first commit to later ones (the largest file of
# this collection, written by two passage parts, stays under 4000).
for blocks in 200 600 1200 2000; do
    db="$TMP/fsize-$blocks"
    (ulimit -f "$blocks" && exec "$INDEX" --db "$db" --commit-every 50 "$C") \
        >"$TMP/run.out" 2>"$TMP/run.err"
    rc=$?
    check "ulimit -f $blocks" "$db" "File too large"
done

# 2. A disk that fills up (ENOSPC) after a byte budget: at the first
# commit, in a commit of the reports, in one of the passages, between.
if cc -shared -fPIC -o "$TMP/shim.so" "$JX_TOP/tests/e2e/T6-io-shim.c" -ldl \
    2>"$TMP/cc.err"; then
    # shim DB BYTES ARG...: runs the indexer on DB with a disk that is full
    # after BYTES bytes; its exit status in rc.
    shim() {
        db=$1 bytes=$2
        shift 2
        JX_SHIM_DIR="$db" JX_SHIM_FULL_AFTER="$bytes" LD_PRELOAD="$TMP/shim.so" \
            ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
            "$INDEX" --db "$db" "$@" >"$TMP/run.out" 2>"$TMP/run.err"
        rc=$?
    }
    for bytes in 20000 300000 1000000 2000000 3000000; do
        db="$TMP/full-$bytes"
        shim "$db" "$bytes" --commit-every 50 "$C"
        check "disk full after $bytes bytes" "$db" "No space left on device"
    done
    # --force over a complete database: every report stays searchable
    # (its old passages until the new ones are committed).
    for bytes in 200000 1000000; do
        db="$TMP/force-$bytes"
        "$INDEX" --db "$db" --quiet "$C"
        shim "$db" "$bytes" --force --commit-every 50 "$C"
        check "--force, disk full after $bytes bytes" "$db" \
            "No space left on device" force
    done
else
    echo "T650 no C compiler: the ENOSPC shim is not built, only ulimit -f is tested"
fi
