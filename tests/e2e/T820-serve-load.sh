#!/bin/sh
# T820-serve-load.sh: jixiao-serve under load on loopback, short form: ab
# (apache2-utils) with 50 concurrent clients and a fixed number of
# requests for each query of a query set, three rounds, while an indexer
# adds reports and commits again and again. Every request must succeed
# (no failed or non-2xx answer), the server must live through it and
# stop cleanly, its memory must not grow from round to round, and the
# last answer must follow the indexer's last commit. The p50 and p99
# latency of each round are written to $JX_BIN/serve-load.txt (not
# asserted: timings depend on the machine).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve-lib.sh"

if ! command -v ab >/dev/null; then
    echo "SKIP: $TEST_NAME: needs ab (apache2-utils; tools/install-deps.sh test)"
    exit 0
fi
N=${JX_LOAD_REQUESTS:-100} # requests per query and round
mkdir -p "$TMP/docs"
cp "$EXAMPLES"/*.txt "$TMP/docs/"
DB="$TMP/db"
"$INDEX" --db "$DB" --quiet "$TMP/docs" >/dev/null 2>&1 || fail index "jixiao-index failed"
start_serve s --db "$DB" --threads 8 || fail start "$(cat "$TMP/s.err")"

# The query set: strings, AND, OR, NOT, a field, filters, counts, the
# listing, a report view (as the page asks them).
key=$("$SEARCH" --db "$DB" --json --list-reports -n 1 | jq -r 'select(.key) | .key')
enc() { jq -rn --arg s "$1" '$s | @uri'; }
QUERIES="/api/search?q=$(enc 预算执行率)
/api/search?q=$(enc '疫情 OR 新冠')&limit=10&offset=0
/api/search?q=$(enc '资金 -疫情')&year=2020..2022
/api/search?q=$(enc 'section:问题 整改')&per-report=0
/api/count?q=$(enc 满意度)&count-by=year
/api/count?count-by=dept&list-reports=1
/api/search?list-reports=1&grade=$(enc 优)&format=csv
/api/report?id=$key&q=$(enc 预算)"

# The indexer, meanwhile: a new report (a copy of a sample with a line
# of its own) each run, committed, until told to stop.
(
    i=0
    while [ ! -e "$TMP/stop" ]; do
        i=$((i + 1))
        { cat "$EXAMPLES/2021-lianxi-jiaoti-xiangmu.txt"; echo "补充说明第${i}次：负载测试新增。"; } \
            >"$TMP/docs/added-$i.txt"
        "$INDEX" --db "$DB" --quiet "$TMP/docs" >/dev/null 2>>"$TMP/indexer.err" || echo "run $i failed" >>"$TMP/indexer.err"
    done
    echo "$i" >"$TMP/runs"
) &
IPID=$!

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$SPID/status"; }
: >"$JX_BIN/serve-load.txt"
bad=0
for round in 1 2 3; do
    echo "$QUERIES" | while read -r q; do
        ab -q -n "$N" -c 50 -s 60 "$URL$q" >"$TMP/ab.out" 2>&1
        echo "ab $? $q" >>"$TMP/ab.status"
        # ab counts an answer of another length than the first as failed
        # ("Length"): the answers change as the indexer commits, so only
        # connection, receive and other failures count here
        failed=$(awk '/^   \(Connect: / { gsub(/[(),]/, ""); print $2 + $4 + $8 }' "$TMP/ab.out")
        failed=${failed:-0}
        non2xx=$(sed -n 's/^Non-2xx responses:[[:space:]]*\([0-9]*\).*/\1/p' "$TMP/ab.out")
        done_n=$(sed -n 's/^Complete requests:[[:space:]]*\([0-9]*\).*/\1/p' "$TMP/ab.out")
        p50=$(awk '$1 == "50%" { print $2 }' "$TMP/ab.out")
        p99=$(awk '$1 == "99%" { print $2 }' "$TMP/ab.out")
        printf 'round %s\tcomplete %s\tfailed %s\tnon2xx %s\tp50_ms %s\tp99_ms %s\t%s\n' \
            "$round" "${done_n:-?}" "${failed:-?}" "${non2xx:-0}" "${p50:-?}" "${p99:-?}" "$q" >>"$JX_BIN/serve-load.txt"
    done
    eval "rss$round=$(rss)"
done
touch "$TMP/stop"
wait "$IPID"

awk -F'\t' '$2 != "complete '"$N"'" || $3 != "failed 0" || $4 != "non2xx 0"' "$JX_BIN/serve-load.txt" >"$TMP/bad"
if [ -s "$TMP/bad" ] || grep -qv '^ab 0 ' "$TMP/ab.status"; then
    fail every-request-ok "$(head -c 600 "$TMP/bad") $(grep -v '^ab 0 ' "$TMP/ab.status" | head -n 3)"
else
    pass every-request-ok
fi
alive "$SPID" && pass server-alive || fail server-alive "jixiao-serve died: $(tail -n 5 "$TMP/s.err")"
runs=$(cat "$TMP/runs")
[ "$runs" -ge 2 ] && pass indexer-committed || fail indexer-committed "only $runs indexer runs"
[ ! -s "$TMP/indexer.err" ] && pass indexer-ok || fail indexer-ok "$(head -c 300 "$TMP/indexer.err")"
# memory flat: the third round ends within 16 MB of the first (the
# database handles and Xapian's caches are all there after round 1)
echo "rss_kb round1 $rss1 round2 $rss2 round3 $rss3" >>"$JX_BIN/serve-load.txt"
# (not under AddressSanitizer, whose quarantine holds freed memory on
# purpose; there LeakSanitizer checks at the clean stop that nothing
# leaked, and clean-stop fails if something did)
if ldd "$SERVE" 2>/dev/null | grep -q libasan; then
    echo "SKIP: $TEST_NAME memory-flat: RSS says nothing under AddressSanitizer (LeakSanitizer checks at the stop)"
elif [ "$rss3" -le $((rss1 + 16384)) ]; then
    pass memory-flat
else
    fail memory-flat "RSS $rss1 kB after round 1, $rss3 kB after round 3"
fi
# the answers follow the last commit
get last /api/count
expect_eq follows-last-commit "$(jq -c . "$TMP/last.body")" "$("$SEARCH" --db "$DB" --count --json | jq -c .)"
stop_serve
expect_eq clean-stop "$src" 0
sed 's/^/    /' "$JX_BIN/serve-load.txt"
