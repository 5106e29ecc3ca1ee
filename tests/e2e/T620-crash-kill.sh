#!/bin/sh
# T620-crash-kill.sh: crash safety of jixiao-index. A generated
# collection of small reports is indexed while the test keeps changing it
# (files touched, edited, deleted, added, renamed, copied) and kills the
# indexer with SIGKILL at random moments, at least 20 times, normal and
# --force runs alike. After every kill the database must open and answer
# searches (exit 0 or 1), show no report twice, and, after a --force run
# (the folder unchanged), still show every report it showed before. At
# the end one uninterrupted run must give the same reports (paths) and
# the same counts for a set of queries as a database built from the
# final folder in one clean run. A kill exactly between the two commits
# of a --force batch (an LD_PRELOAD shim pauses the passage commit)
# leaves every report searchable, and the next run restores them without
# reading them again. SIGINT and SIGTERM must stop a run cleanly: exit
# 130/143, an "interrupted" line, the files done so far committed, the
# database usable.
#
# The indexer commits every 200 files by default, so the collection is
# sized to a few batches per run (calibrated on the build under test).
# The seed is printed; JX_CRASH_SEED=N reruns the same kill times and
# changes.
. "$(dirname "$0")/lib.sh"

C="$TMP/c"
DB="$TMP/db"
seed=${JX_CRASH_SEED:-$(date +%s)}
echo "T620 seed $seed"
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT

# rnd N: a pseudo-random number in [0, 1), the N-th of this seed.
rnd() { awk -v s="$seed" -v n="$1" 'BEGIN { srand(s * 1000 + n); print rand() }'; }

# gen_reports FIRST LAST SEED: writes the reports r<FIRST>..r<LAST>
# under $C/gNN/ (see T6-gen-reports.awk).
gen_reports() {
    awk -v dir="$C" -v first="$1" -v last="$2" -v seed="$3" \
        -f "$JX_TOP/tests/e2e/T6-gen-reports.awk"
}

# pick N K: K report files of $C chosen with the N-th random numbers.
pick() {
    find "$C" -name '*.txt' | sort |
        awk -v s="$seed" -v n="$1" -v k="$2" '{ f[NR] = $0 }
            END { srand(s * 1000 + n); for (i = 0; i < k && NR; i++) print f[1 + int(rand() * NR)] }' |
        sort -u
}

mkdir -p "$C"

# Calibrate: how many files a second this build indexes; size the
# collection so that a full run takes about 1 s (a few batches).
gen_reports 1 1000 "$seed"
t0=$(now)
"$INDEX" --db "$TMP/cal" --quiet "$C" 2>/dev/null
t1=$(now)
rate=$(calc "1000 / ($t1 - $t0 + 0.001)")
n=$(calc "int($rate * 1.0)")
[ "$n" -lt 1000 ] && n=1000
[ "$n" -gt 1500 ] && n=1500
[ "$n" -gt 1000 ] && gen_reports 1001 "$n" "$((seed + 1))"
tfull=$(calc "$n / $rate")
echo "T620 $n files, about $tfull s for a full run"
rm -rf "$TMP/cal"

# mutate ROUND: changes the collection a little, as a user might.
next=$((n + 1))
mutate() {
    r=$1
    for f in $(pick "$((r * 10 + 1))" 20); do touch -d "@$((1600000000 + r * 100))" "$f"; done
    for f in $(pick "$((r * 10 + 2))" 5); do echo "第${r}轮修改，标记 jxmod。" >>"$f"; done
    for f in $(pick "$((r * 10 + 3))" 3); do rm -f "$f"; done
    gen_reports "$next" "$((next + 4))" "$((seed + r * 7))"
    next=$((next + 5))
    for f in $(pick "$((r * 10 + 4))" 2); do
        [ -f "$f" ] && mv "$f" "$C/g$(printf %02d $((r % 16)))/moved-$r-$(basename "$f")"
    done
    for f in $(pick "$((r * 10 + 5))" 1); do cp -p "$f" "$C/g00/copy-$r.txt"; done
}

# keys DB: the keys of the reports a search shows, sorted.
keys() {
    "$SEARCH" --db "$1" --list-reports --json --limit 100000 jxall 2>/dev/null |
        sed -n 's/.*"key":"\([0-9a-f]*\)".*/\1/p' | sort
}


# run_kill DELAY ARG...: runs the indexer and SIGKILLs it after DELAY
# seconds unless it ended before; its exit status in rc.
run_kill() {
    end=$(calc "$(now) + $1")
    shift
    "$INDEX" "$@" >"$TMP/run.out" 2>"$TMP/run.err" &
    pid=$!
    while alive "$pid" && [ "$(calc "$(now) < $end")" = 1 ]; do
        sleep 0.02
    done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=$?
    pid=
}

kills=0
done_runs=0
bad=0
round=0
shown_twice=0
force_rounds=0
hidden=0
start=$(now)
while [ "$kills" -lt 20 ] && [ "$round" -lt 80 ]; do
    round=$((round + 1))
    # Every fourth run goes to its end (it must cope with what the kills
    # left, and it compacts away the superseded passages they leave);
    # of the others, half with --force (a full run: killed at any point
    # of it), half normal (a few changed files, pruning: killed early).
    # The folder changes before each run but the --force ones, after
    # which every report shown before must still be shown.
    mode=normal
    if [ $((round % 4)) = 0 ]; then
        mode=full
    elif [ "$(calc "$(rnd $((round * 10 + 6))) < 0.5")" = 1 ]; then
        mode=force
    fi
    [ "$round" -gt 1 ] && [ "$mode" != force ] && mutate "$round"
    [ "$mode" = force ] && keys "$DB" >"$TMP/keys.before"
    case $mode in
    full) run_kill 600 --db "$DB" --quiet "$C" ;;
    force)
        run_kill "$(calc "0.05 + $(rnd $((round * 10 + 7))) * $tfull")" \
            --db "$DB" --quiet --force "$C"
        ;;
    *)
        run_kill "$(calc "0.02 + $(rnd $((round * 10 + 7))) * 0.3")" \
            --db "$DB" --quiet "$C"
        ;;
    esac
    case $rc in
    137) kills=$((kills + 1)) ;;
    0) done_runs=$((done_runs + 1)) ;;
    *)
        bad=$((bad + 1))
        fail "run $round" "exit $rc: $(head -c 300 "$TMP/run.err")"
        ;;
    esac
    # The database must answer after every kill (0 or 1: maybe empty).
    for q in jxall 预算执行率; do
        "$SEARCH" --db "$DB" --count "$q" >"$TMP/s.out" 2>"$TMP/s.err"
        src=$?
        if [ "$src" -gt 1 ] || [ -s "$TMP/s.err" ]; then
            bad=$((bad + 1))
            fail "search after kill $round ($q)" \
                "exit $src: $(head -c 300 "$TMP/s.err")"
        fi
    done
    # No report shows twice (jxall is in one passage of each report).
    got=$("$SEARCH" --db "$DB" --count --json jxall 2>&1)
    np=$(echo "$got" | sed -n 's/.*"passages":\([0-9]*\).*/\1/p')
    nr=$(echo "$got" | sed -n 's/.*"reports":\([0-9]*\).*/\1/p')
    if [ -n "$np" ] && [ "$np" != "$nr" ]; then
        shown_twice=$((shown_twice + 1))
        fail "run $round ($mode): no report shown twice" "$got"
    fi
    # After a --force run (killed or not) every report shown before is
    # still shown: its old passages until the new ones are committed.
    if [ "$mode" = force ]; then
        force_rounds=$((force_rounds + 1))
        keys "$DB" >"$TMP/keys.after"
        missing=$(comm -23 "$TMP/keys.before" "$TMP/keys.after" | wc -l)
        if [ "$missing" -gt 0 ]; then
            hidden=$((hidden + 1))
            fail "run $round (--force, exit $rc): every report still shown" \
                "$missing of $(wc -l <"$TMP/keys.before") missing"
        fi
    fi
    # A safety net only: 20 kills take about a minute on an idle machine
    # and three under the sanitizers on a loaded one; the promise is the
    # number of kills survived, not how fast they come.
    [ "$(calc "$(now) - $start > 300")" = 1 ] && break
done
echo "T620 $round rounds: $kills killed, $done_runs completed, $(calc "$(now) - $start") s"
[ "$kills" -ge 20 ] && pass "killed 20 times or more ($kills)" ||
    fail "killed 20 times or more" "only $kills kills in $round rounds"
[ "$bad" -eq 0 ] && pass "every run exits 0 or is killed; searches answer after each kill"
[ "$shown_twice" -eq 0 ] && pass "no report shown twice after any run ($round)"
[ "$force_rounds" -gt 0 ] && [ "$hidden" -eq 0 ] &&
    pass "every report still shown after each --force run ($force_rounds)"

# One run to completion, then compare with a clean build of the folder.
expect_status "run after the kills completes" 0 "$INDEX" --db "$DB" --quiet "$C"
expect_status "clean reference run" 0 "$INDEX" --db "$TMP/ref" --quiet "$C"
db_state "$DB" "$TMP/state.db"
db_state "$TMP/ref" "$TMP/state.ref"
expect_same_state "same reports, paths and counts as a clean build" \
    "$TMP/state.db" "$TMP/state.ref"
nrep=$(find "$C" -name '*.txt' -exec cksum {} + | awk '{ print $1, $2 }' | sort -u | wc -l)
expect_eq "one report per distinct content" \
    "$("$SEARCH" --db "$DB" --count --json jxall)" \
    "$("$SEARCH" --db "$TMP/ref" --count --json jxall)"
got=$("$SEARCH" --db "$DB" --list-reports --json --limit 100000 jxall | grep -c '"type":"report"')
expect_eq "report count equals distinct files" "$got" "$nrep"
expect_status "next run changes nothing" 0 "$INDEX" --db "$DB" "$C"
expect_contains "next run says nothing changed" "$TMP/err" "nothing changed"

# A kill exactly between the two commits of a --force batch: the shim
# (T6-io-shim.c) makes the 10th sync of a passage file (in the third
# commit or so) sleep, so the reports of that batch are committed and its
# passages not yet. Readers see every report then, and after a SIGKILL
# at that moment; the next run gives the batch its old passages back
# (nothing to read again) and ends as a clean build.
if cc -shared -fPIC -o "$TMP/shim.so" "$JX_TOP/tests/e2e/T6-io-shim.c" -ldl \
    2>"$TMP/cc.err"; then
    all=$("$SEARCH" --db "$DB" --count --json jxall)
    keys "$DB" >"$TMP/keys.before"
    rm -f "$TMP/mark"
    JX_SHIM_PAUSE_AT=10 JX_SHIM_MARK="$TMP/mark" JX_SHIM_PAUSE_SECONDS=60 \
        LD_PRELOAD="$TMP/shim.so" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
        "$INDEX" --db "$DB" --quiet --force --commit-every 100 "$C" \
        >"$TMP/run.out" 2>"$TMP/run.err" &
    pid=$!
    i=0
    while [ ! -e "$TMP/mark" ] && [ $i -lt 1200 ] && alive "$pid"; do
        sleep 0.05
        i=$((i + 1))
    done
    if [ -e "$TMP/mark" ]; then
        pass "paused between the two commits of a --force batch"
        expect_eq "between the commits: every report searchable" \
            "$("$SEARCH" --db "$DB" --count --json jxall 2>&1)" "$all"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        pid=
        expect_eq "killed between the commits: every report searchable" \
            "$("$SEARCH" --db "$DB" --count --json jxall 2>&1)" "$all"
        keys "$DB" >"$TMP/keys.after"
        cmp -s "$TMP/keys.before" "$TMP/keys.after" &&
            pass "killed between the commits: the same reports shown" ||
            fail "killed between the commits: the same reports shown" \
                "$(diff "$TMP/keys.before" "$TMP/keys.after" | head -c 300)"
        expect_status "run after the kill between the commits" 0 \
            "$INDEX" --db "$DB" "$C"
        expect_contains "the batch got its passages back: nothing to read" \
            "$TMP/err" "nothing changed"
        db_state "$DB" "$TMP/state.db2"
        expect_same_state "after the kill between the commits: the clean build" \
            "$TMP/state.db2" "$TMP/state.ref"
    else
        fail "paused between the two commits of a --force batch" \
            "no pause: exit $(wait "$pid"; echo $?): $(head -c 300 "$TMP/run.err")"
        pid=
    fi
else
    echo "T620 no C compiler: the kill between the two commits is not tested"
fi

# SIGINT and SIGTERM: a clean stop, what was done is committed.
for sig in INT TERM; do
    want=130
    [ "$sig" = TERM ] && want=143
    rm -rf "$TMP/sdb"
    "$INDEX" --db "$TMP/sdb" "$C" >"$TMP/sig.out" 2>"$TMP/sig.err" &
    pid=$!
    sleep "$(calc "$tfull / 6")"
    t0=$(now)
    kill -s "$sig" "$pid"
    wait "$pid" 2>/dev/null
    rc=$?
    t1=$(now)
    pid=
    expect_eq "SIG$sig: exit $want" "$rc" "$want"
    expect_contains "SIG$sig: says interrupted" "$TMP/sig.err" "interrupted"
    expect_eq "SIG$sig: said once" "$(grep -c interrupted "$TMP/sig.err")" 1
    [ "$(calc "$t1 - $t0 < 3")" = 1 ] && pass "SIG$sig: stops within 3 s" ||
        fail "SIG$sig: stops within 3 s" "took $(calc "$t1 - $t0") s"
    # The message counts the files committed: the database holds them.
    said=$(sed -n 's/.*interrupted; \([0-9]*\) files.*/\1/p' "$TMP/sig.err")
    got=$("$SEARCH" --db "$TMP/sdb" --count --json jxall 2>&1)
    expect_eq "SIG$sig: files said committed are searchable" "$got" \
        "{\"passages\":$said,\"reports\":$said}"
    expect_status "SIG$sig: rerun completes" 0 "$INDEX" --db "$TMP/sdb" --quiet "$C"
    db_state "$TMP/sdb" "$TMP/state.sdb"
    expect_same_state "SIG$sig: rerun gives the clean build" \
        "$TMP/state.sdb" "$TMP/state.ref"
done
