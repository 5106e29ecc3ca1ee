#!/bin/sh
# T660-parallel-parts.sh: indexing with several passage writers. A run
# with --jobs 3 (once it has written a batch) writes three passage parts
# and merges them at its end: the database lists one part again, and
# holds exactly what a one-writer build holds (every report with its
# paths, the counts of a set of queries, the counts by year and grade).
# A run killed while it writes parts leaves a database that answers,
# and the next run converges to the same state. --jobs refuses bad
# values in one line.
. "$(dirname "$0")/lib.sh"

C="$TMP/c"
awk -v dir="$C" -v first=1 -v last=3000 -v seed=660 \
    -f "$JX_TOP/tests/e2e/T6-gen-reports.awk"

expect_status "one writer" 0 "$INDEX" --db "$TMP/one" --quiet --jobs 1 \
    --commit-every 50 "$C"
db_state "$TMP/one" "$TMP/state.one"
expect_eq "one writer: one part" "$(grep -c passages "$TMP/one/XAPIANDB")" 1
expect_eq "one writer: every report" "$(cut -d' ' -f1 "$TMP/state.one" |
    sort -u | grep -c '^[0-9a-f]\{32\}$')" 3000

expect_status "three writers" 0 "$INDEX" --db "$TMP/three" --quiet --jobs 3 \
    --commit-every 50 "$C"
expect_eq "three writers: merged into one part" \
    "$(grep -c passages "$TMP/three/XAPIANDB")" 1
expect_eq "three writers: no part folder left" \
    "$(ls "$TMP/three" | grep -c '^passages-')" 1
db_state "$TMP/three" "$TMP/state.three"
expect_same_state "three writers: the same reports and counts as one" \
    "$TMP/state.three" "$TMP/state.one"

# While parts are being written the stub lists them all; a search then
# answers. Kill runs at several moments, then finish with a clean run.
mid=0
for delay in 0.1 0.2 0.3 0.45; do
    "$INDEX" --db "$TMP/killed" --quiet --jobs 2 --commit-every 40 --force \
        "$C" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null && mid=$((mid + 1))
    wait "$pid" 2>/dev/null
    "$SEARCH" --db "$TMP/killed" --count jxall >"$TMP/k.out" 2>"$TMP/k.err"
    rc=$?
    # killed before its first commit (a loaded machine is slow to start):
    # nothing was made, and "no database" is the right answer
    if [ ! -f "$TMP/killed/XAPIANDB" ] && [ "$rc" = 2 ] &&
        grep -q '^jixiao-search: no database at ' "$TMP/k.err"; then
        rc=0
        : >"$TMP/k.err"
    fi
    [ "$rc" -le 1 ] && [ ! -s "$TMP/k.err" ] &&
        pass "killed after $delay s: the database answers" ||
        fail "killed after $delay s: the database answers" \
            "exit $rc: $(head -c 300 "$TMP/k.err")"
done
[ "$mid" -ge 2 ] && pass "killed mid-run $mid times of 4" ||
    fail "killed mid-run twice or more" "only $mid times of 4"
expect_status "after the kills: a run to the end" 0 "$INDEX" --db "$TMP/killed" \
    --quiet --jobs 2 --commit-every 40 "$C"
db_state "$TMP/killed" "$TMP/state.killed"
expect_same_state "after the kills: the same reports and counts as one writer" \
    "$TMP/state.killed" "$TMP/state.one"

for bad in 0 9 -1 two ''; do
    expect_status "--jobs '$bad' refused" 2 "$INDEX" --db "$TMP/bad" --jobs "$bad" "$C"
    expect_eq "--jobs '$bad': one line naming the option" \
        "$(wc -l <"$TMP/err")/$(grep -c -- '--jobs' "$TMP/err")" "1/1"
done
