#!/bin/sh
# T630-concurrency.sh: readers and writers at the same time. While a long
# indexing run goes on, searches of every kind keep answering (exit 0 or
# 1, never 2, nothing on stderr), see what was indexed before it at every
# moment, and never see the new reports go backwards; a second indexer
# on the same database fails at once (exit 2) saying another process
# holds the lock, and leaves it unharmed; afterwards xapian-check finds
# no error and the database equals a clean build of the same folders.
# During a --force run over that database every search sees every
# report, all the time.
. "$(dirname "$0")/lib.sh"

C="$TMP/c"
DB="$TMP/db"
N=3500 # sized so that the run outlasts a few rounds of searches, even under ASan
bigpid=
trap '[ -n "$bigpid" ] && kill -9 "$bigpid" 2>/dev/null; rm -rf "$TMP"' EXIT


awk -v dir="$C" -v first=1 -v last=$N -v seed=630 \
    -f "$JX_TOP/tests/e2e/T6-gen-reports.awk"
expect_status "index the samples first" 0 "$INDEX" --db "$DB" --quiet "$EXAMPLES"
samples=$("$SEARCH" --db "$DB" --count --json 绩效目标完成情况)

"$INDEX" --db "$DB" "$C" >"$TMP/big.out" 2>"$TMP/big.err" &
bigpid=$!
# Wait until the run holds the database (its first commit, or 1 s).
i=0
while [ $i -lt 50 ] && ! "$SEARCH" --db "$DB" --count jxall >/dev/null 2>&1; do
    sleep 0.02
    i=$((i + 1))
done

# A second indexer on the same database: refused at once.
t0=$(now)
"$INDEX" --db "$DB" "$EXAMPLES" >"$TMP/second.out" 2>"$TMP/second.err"
rc=$?
t1=$(now)
alive "$bigpid" || fail "second indexer" "the first run ended too soon to test"
expect_eq "second indexer exits 2" "$rc" 2
expect_contains "second indexer: says another process holds it" \
    "$TMP/second.err" "another process"
expect_contains "second indexer: names the lock" "$TMP/second.err" "lock"
expect_eq "second indexer: one line" "$(wc -l <"$TMP/second.err")" 1
[ "$(calc "$t1 - $t0 < 2")" = 1 ] && pass "second indexer fails at once" ||
    fail "second indexer fails at once" "took $(calc "$t1 - $t0") s"
expect_status "second indexer with --force refused too" 2 \
    "$INDEX" --db "$DB" --force "$C"

# Searches while the run goes on.
searches=0
bad=0
last=0
while alive "$bigpid"; do
    for args in "--count --json 绩效目标完成情况" \
        "--list-reports --json --limit 100000 jxall" \
        "--count-by year jxall" "--json --per-report 0 疫情 OR 新冠" \
        "--sort score --limit 50 -- 资金 -疫情" "--count --json jxall"; do
        # shellcheck disable=SC2086
        "$SEARCH" --db "$DB" $args >"$TMP/s.out" 2>"$TMP/s.err"
        rc=$?
        searches=$((searches + 1))
        if [ "$rc" -gt 1 ] || [ -s "$TMP/s.err" ]; then
            bad=$((bad + 1))
            [ "$bad" -le 3 ] && fail "search during indexing: $args" \
                "exit $rc: $(head -c 300 "$TMP/s.err")"
        fi
    done
    # The samples indexed before are always all there.
    got=$("$SEARCH" --db "$DB" --count --json 绩效目标完成情况 2>&1)
    if [ "$got" != "$samples" ]; then
        bad=$((bad + 1))
        fail "samples visible during indexing" "got [$got], want [$samples]"
    fi
    # New reports appear a batch at a time and never go away.
    n=$(sed -n 's/.*"reports":\([0-9]*\).*/\1/p' "$TMP/s.out")
    n=${n:-0}
    if [ "$n" -lt "$last" ]; then
        bad=$((bad + 1))
        fail "reports never go backwards" "$n after $last"
    fi
    last=$n
done
wait "$bigpid"
rc=$?
bigpid=
echo "T630 $searches searches during the run"
expect_eq "indexing run exits 0" "$rc" 0
# Two rounds of the six searches at least, so that the checks above saw
# the run at work (the machine's speed sets how many more: 18 to 60 of
# them here, under ASan or not).
[ "$searches" -ge 12 ] && pass "12 searches or more during indexing ($searches)" ||
    fail "12 searches or more during indexing" "only $searches"
[ "$bad" -eq 0 ] && pass "every search during indexing answered"

# Nothing corrupted afterwards.
# (A database folder may be one Xapian database or several under a stub.)
if command -v xapian-check >/dev/null 2>&1; then
    for part in "$DB" "$DB"/*; do
        [ -f "$part/iamglass" ] || continue
        expect_status "xapian-check ${part#"$TMP"/}: no error" 0 xapian-check "$part"
        expect_contains "xapian-check ${part#"$TMP"/}: says so" "$TMP/out" "No errors found"
    done
fi
expect_eq "all reports there" "$("$SEARCH" --db "$DB" --count --json jxall)" \
    "{\"passages\":$N,\"reports\":$N}"
expect_status "clean build" 0 "$INDEX" --db "$TMP/ref" --quiet "$EXAMPLES" "$C"
for q in jxall 预算执行率 满意度 '疫情 OR 新冠' year:2021 grade:优; do
    expect_eq "same as a clean build: $q" \
        "$("$SEARCH" --db "$DB" --count --json "$q")" \
        "$("$SEARCH" --db "$TMP/ref" --count --json "$q")"
done
expect_status "next run changes nothing" 0 "$INDEX" --db "$DB" "$C"
expect_contains "next run says so" "$TMP/err" "nothing changed"

# --force over the existing database: each batch replaces the passages
# of reports that are searchable; searches must see all of them all the
# time (the old passages until the new ones are committed), never a
# report twice, and never fail.
full=$("$SEARCH" --db "$DB" --count --json jxall)
"$INDEX" --db "$DB" --force --quiet "$C" >"$TMP/big.out" 2>"$TMP/big.err" &
bigpid=$!
fsearches=0
fbad=0
while alive "$bigpid"; do
    for args in "--count --json jxall" "--count --json 绩效目标完成情况" \
        "--list-reports --json --limit 50 jxall"; do
        # shellcheck disable=SC2086
        "$SEARCH" --db "$DB" $args >"$TMP/s.out" 2>"$TMP/s.err"
        rc=$?
        fsearches=$((fsearches + 1))
        if [ "$rc" -gt 1 ] || [ -s "$TMP/s.err" ]; then
            fbad=$((fbad + 1))
            [ "$fbad" -le 3 ] && fail "search during --force: $args" \
                "exit $rc: $(head -c 300 "$TMP/s.err")"
        fi
        case $args in
        "--count --json jxall") want=$full ;;
        "--count --json 绩效目标完成情况") want=$samples ;;
        *) want=50 ;;
        esac
        case $args in
        --list*) got=$(grep -c '"type":"report"' "$TMP/s.out") ;;
        *) got=$(cat "$TMP/s.out") ;;
        esac
        if [ "$rc" -le 1 ] && [ "$got" != "$want" ]; then
            fbad=$((fbad + 1))
            [ "$fbad" -le 3 ] && fail "every report seen during --force: $args" \
                "got [$got], want [$want]"
        fi
    done
done
wait "$bigpid"
rc=$?
bigpid=
echo "T630 $fsearches searches during the --force run"
expect_eq "--force run exits 0" "$rc" 0
[ "$fsearches" -ge 15 ] && pass "15 searches or more during --force ($fsearches)" ||
    fail "15 searches or more during --force" "only $fsearches"
[ "$fbad" -eq 0 ] && pass "every search during --force saw every report"
expect_eq "after --force: all reports there" \
    "$("$SEARCH" --db "$DB" --count --json jxall)" "$full"

# Two indexers started together: one wins, the other is refused; the
# winner's work is complete.
rm -rf "$TMP/db2"
mkdir -p "$TMP/db2"
"$INDEX" --db "$TMP/db2" --quiet "$EXAMPLES" 2>"$TMP/r1.err" &
p1=$!
"$INDEX" --db "$TMP/db2" --quiet "$EXAMPLES" 2>"$TMP/r2.err" &
p2=$!
wait "$p1"
r1=$?
wait "$p2"
r2=$?
case "$r1 $r2" in
"0 0" | "0 2" | "2 0") pass "two indexers at once: $r1 and $r2" ;;
*) fail "two indexers at once" "exits $r1 and $r2: $(cat "$TMP/r1.err" "$TMP/r2.err" | head -c 300)" ;;
esac
expect_eq "two indexers at once: samples complete" \
    "$("$SEARCH" --db "$TMP/db2" --count --json 绩效目标完成情况)" "$samples"
