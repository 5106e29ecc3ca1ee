#!/bin/sh
# T690-shards.sh: a shard set (jixiao-index --shards 3) searched as one,
# locally and through three xapian-tcpsrv servers on 127.0.0.1, answers
# as one database of the same reports does: the query set's JSON pages
# (ranks, relevance, reports, passages, matches), --list-reports,
# --count-by, --count, filters and sorting. Ties between equal weights
# may come in another order (document ids differ: docs/shards.md), so
# pages are compared as their sequence of weights and their set of
# lines. A server killed: an error naming it (exit 2), --allow-partial
# (the others' results, a warning naming it, "partial": true); restarted:
# the same answers again. Incremental: a report edited, one added and
# one removed, all in one shard: the other shards' passages and reports
# are untouched, and the answers still equal one database's.
. "$(dirname "$0")/lib.sh"
PY=$(python3 -c 'import sys; print(sys.executable)')
C="$TMP/c"
ONE="$TMP/one"
SET="$TMP/set"
RSET="$TMP/remote.stub"
pids=""
stop_servers() {
    for p in $pids; do kill -KILL "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    pids=""
}
trap 'stop_servers; rm -rf "$TMP"' EXIT

mkdir -p "$C"
cp "$EXAMPLES"/*.txt "$C"/
awk -v dir="$C/gen" -v first=1 -v last=80 -v seed=690 \
    -f "$JX_TOP/tests/e2e/T6-gen-reports.awk"

expect_status "one database" 0 "$INDEX" --db "$ONE" --quiet "$C"
expect_status "a set of 3 shards" 0 "$INDEX" --db "$SET" --shards 3 --quiet "$C"
expect_eq "the stub lists the shards" "$(cat "$SET/XAPIANDB")" \
    "auto shard-0
auto shard-1
auto shard-2"

# keys DB: the keys of the reports DB holds, sorted.
keys() {
    "$SEARCH" --db "$1" --list-reports --json -n 100000 2>/dev/null |
        sed -n 's/^{"type":"report".*"key":"\([0-9a-f]*\)".*/\1/p' | sort
}
keys "$ONE" >"$TMP/keys.one"
: >"$TMP/keys.all"
for k in 0 1 2; do
    keys "$SET/shard-$k" >"$TMP/keys.$k"
    cat "$TMP/keys.$k" >>"$TMP/keys.all"
done
expect_eq "every report is in exactly one shard" \
    "$(sort "$TMP/keys.all" | cksum)" "$(cksum <"$TMP/keys.one")"
expect_eq "no shard is empty" \
    "$(for k in 0 1 2; do [ -s "$TMP/keys.$k" ] && echo y; done | wc -l)" 3

# canon: a JSON page as the sequence of its reports' weights (the
# ranking), and its lines without their rank, each with its place among
# its report's lines, sorted (equal weights may come in another order).
canon() {
    "$PY" -c '
import json, sys
rel, rest, rank, pos = [], [], None, 0
for line in sys.stdin:
    o = json.loads(line)
    r = o.pop("rank", None)
    if r is not None and r != rank:
        rank, pos = r, 0
        rel.append(o.get("relevance"))
    o["place"] = pos
    pos += 1
    rest.append(json.dumps(o, sort_keys=True, ensure_ascii=False))
print(rel)
print("\n".join(sorted(rest)))'
}

# answers DB OUT [QUERY...]: the answers to the query set (or to the
# queries given), in comparable form.
answers() {
    db=$1 out=$2
    shift 2
    [ $# -gt 0 ] || set -- 预算执行率 预算 满意度 2021 jxall jxm7 '绩效目标 OR 满意度' \
        '资金 -疫情' '"新冠肺炎防控物资"' 'year:2021 预算' 'score:90.. 绩效' \
        'grade:优 资金' 'type:项目支出 采购' 'section:问题 采购' 执行情况 \
        '(预算 OR 资金) dept:教育' 不存在的字符串
    : >"$out"
    for q in "$@"; do
        for opts in "-n 1000 -p 1000" "--list-reports -n 1000 --sort year" \
            "-n 1000 -p 2 --sort score --year 2020..2022"; do
            echo "== $q $opts" >>"$out"
            # shellcheck disable=SC2086
            "$SEARCH" --db "$db" --json --count-limit 0 $opts "$q" 2>&1 |
                canon >>"$out"
        done
        for by in year; do
            "$SEARCH" --db "$db" --count-by "$by" --json "$q" >>"$out" 2>&1
        done
        "$SEARCH" --db "$db" --count --json "$q" >>"$out" 2>&1
    done
    # one character: the same matches and counts (its weight is Xapian's
    # estimate of a union, made per shard: docs/shards.md)
    for q in 资 项; do
        "$SEARCH" --db "$db" --list-reports --json -n 1000 "$q" |
            sed 's/"rank":[0-9]*,"relevance":[0-9.]*,//' | sort >>"$out"
        "$SEARCH" --db "$db" --count-by year --json "$q" >>"$out" 2>&1
    done
    # a page with the default count limit, under it
    "$SEARCH" --db "$db" --json 预算执行率 | canon >>"$out"
    "$SEARCH" --db "$db" --list-reports --json -n 100000 | canon >>"$out"
}

# same NAME A B: the two answer files are the same.
same() {
    if cmp -s "$2" "$3"; then pass "$1"; else
        fail "$1" "$(diff "$2" "$3" | head -c 600)"; fi
}

answers "$ONE" "$TMP/a.one"
answers "$SET" "$TMP/a.set"
same "3 local shards answer as one database" "$TMP/a.set" "$TMP/a.one"
grep -q '"passages":[1-9]' "$TMP/a.one" && pass "the query set finds something" ||
    fail "the query set finds something" "no match at all: vacuous"

if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
    echo "SKIP: $TEST_NAME remote shards: xapian-tcpsrv not found (install xapian-tools)"
    exit 0
fi

# Three free ports of 127.0.0.1 (the kernel's choice, released).
ports=$("$PY" -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
set -- $ports
P0=$1 P1=$2 P2=$3

# serve K PORT: starts a server of shard K; its id goes into pid_K. In
# a session of its own: xapian-tcpsrv ends its whole process group when
# it is told to end (its connections' processes), which would be ours.
SETSID=$(command -v setsid)
serve() {
    $SETSID xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$2" --timeout 20000 \
        "$SET/shard-$1" >/dev/null 2>"$TMP/srv.$1.log" &
    eval "pid_$1=$!"
    pids="$pids $!"
}
# ready: waits (at most 10 s) until the servers answer.
ready() {
    i=0
    while [ $i -lt 100 ]; do
        "$SEARCH" --db "$RSET" --count jxall >/dev/null 2>&1 && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
serve 0 "$P0"; serve 1 "$P1"; serve 2 "$P2"
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' \
    "$P0" "$P1" "$P2" >"$RSET"
if ready; then pass "three servers answer"; else
    fail "three servers answer" "$(cat "$TMP"/srv.*.log | head -c 300)"; fi

answers "$RSET" "$TMP/a.remote"
same "3 remote shards answer as one database" "$TMP/a.remote" "$TMP/a.one"

# One server killed.
kill -KILL "$pid_1"
wait "$pid_1" 2>/dev/null
expect_status "a shard down: exit 2" 2 "$SEARCH" --db "$RSET" 预算执行率
expect_contains "the error names the shard" "$TMP/err" \
    "shard remote 127.0.0.1:$P1:"
expect_eq "one line" "$(wc -l <"$TMP/err")" 1
expect_status "--allow-partial answers" 0 \
    "$SEARCH" --db "$RSET" --allow-partial --json --count-limit 0 预算
expect_contains "a warning names the missing shard" "$TMP/err" \
    "warning: shard remote 127.0.0.1:$P1 did not answer"
expect_contains "the JSON says partial" "$TMP/out" '"partial":true'
n0=$("$SEARCH" --db "$SET/shard-0" --count 预算 | awk '{ print $1 }')
n2=$("$SEARCH" --db "$SET/shard-2" --count 预算 | awk '{ print $1 }')
expect_contains "the others' passages are all there" "$TMP/out" \
    "\"passages\":$((n0 + n2)),"
expect_status "--allow-partial --count" 0 \
    "$SEARCH" --db "$RSET" --allow-partial --count --json 预算
expect_eq "--count JSON says partial" "$(cat "$TMP/out")" \
    "{\"passages\":$((n0 + n2)),\"reports\":$(
        "$SEARCH" --db "$SET/shard-0" --count 预算 | awk '{ print $4 + 0 }' |
            { read a; b=$("$SEARCH" --db "$SET/shard-2" --count 预算 |
                awk '{ print $4 + 0 }'); echo $((a + b)); }),\"partial\":true}"
# A server that does not answer (stopped): the error after --timeout.
kill -STOP "$pid_0"
expect_status "a shard that does not answer: exit 2" 2 \
    "$SEARCH" --db "$RSET" --timeout 0.5 --count 预算
expect_contains "the error names it" "$TMP/err" "shard remote 127.0.0.1:$P0: NetworkTimeoutError"
kill -CONT "$pid_0"
expect_status "a bad --timeout is refused" 2 \
    "$SEARCH" --db "$RSET" --timeout soon --count 预算
expect_contains "saying why" "$TMP/err" "--timeout"

# Restarted.
serve 1 "$P1"
if ready; then pass "the server is back"; else fail "the server is back" "no answer"; fi
answers "$RSET" "$TMP/a.remote2" 预算执行率 jxall '资金 -疫情' 'grade:优 资金'
answers "$ONE" "$TMP/a.one2" 预算执行率 jxall '资金 -疫情' 'grade:优 资金' 
same "restarted: the same answers" "$TMP/a.remote2" "$TMP/a.one2"

# Incremental: edits that all land in one shard. shard_of FILE: the
# shard the file's bytes go to (indexed alone into a scratch set).
shard_of() {
    rm -rf "$TMP/probe" "$TMP/probe-db"
    mkdir "$TMP/probe"
    cp "$1" "$TMP/probe/x.txt"
    "$INDEX" --db "$TMP/probe-db" --shards 3 --quiet "$TMP/probe" || return
    for k in 0 1 2; do
        [ -n "$(keys "$TMP/probe-db/shard-$k")" ] && echo "$k"
    done
}
victim=$C/gen/g03/r00003.txt
s=$(shard_of "$victim")
# an edited report, and a new one, whose new bytes go to shard $s
pick() { # pick FROM TO: writes TO from FROM with a line that sends it to $s
    i=1
    while [ $i -le 40 ]; do
        { cat "$1"; echo "补充说明第${i}条。"; } >"$TMP/cand.txt"
        [ "$(shard_of "$TMP/cand.txt")" = "$s" ] && { cp "$TMP/cand.txt" "$2"; return 0; }
        i=$((i + 1))
    done
    return 1
}
edited=""
for f in "$C"/gen/g0[4-9]/*.txt; do
    [ "$(shard_of "$f")" = "$s" ] && { edited=$f; break; }
done
[ -n "$edited" ] && pick "$edited" "$TMP/edited.txt" &&
    pick "$C/gen/g05/r00005.txt" "$TMP/added.txt" ||
    fail "edits in one shard" "found none"
for k in 0 1 2; do
    (cd "$SET/shard-$k" && find passages-* reports -type f | sort |
        xargs cksum) >"$TMP/sum.$k"
done
rm "$victim"
cp "$TMP/edited.txt" "$edited"
cp "$TMP/added.txt" "$C/added.txt"
expect_status "the set, again" 0 "$INDEX" --db "$SET" --quiet "$C"
expect_status "the database, again" 0 "$INDEX" --db "$ONE" --quiet "$C"
for k in 0 1 2; do
    [ "$k" = "$s" ] && continue
    (cd "$SET/shard-$k" && find passages-* reports -type f | sort |
        xargs cksum) >"$TMP/sum2.$k"
    expect_eq "shard $k keeps its reports" "$(keys "$SET/shard-$k")" \
        "$(cat "$TMP/keys.$k")"
    expect_eq "shard $k's passages are not written" \
        "$(grep passages "$TMP/sum2.$k")" "$(grep passages "$TMP/sum.$k")"
done
expect_eq "shard $s changed" \
    "$(keys "$SET/shard-$s" | cmp -s - "$TMP/keys.$s" && echo same)" ""
edits="预算执行率 jxall 满意度 补充说明 jxm3 jxm5 grade:优"
# shellcheck disable=SC2086
answers "$ONE" "$TMP/b.one" $edits
# shellcheck disable=SC2086
answers "$SET" "$TMP/b.set" $edits
same "after the edits, local shards answer as one database" "$TMP/b.set" "$TMP/b.one"
# shellcheck disable=SC2086
answers "$RSET" "$TMP/b.remote" $edits
same "after the edits, remote shards answer as one database" "$TMP/b.remote" "$TMP/b.one"
expect_status "the removed report is gone" 1 "$SEARCH" --db "$RSET" --count jxm3
expect_status "the added report is found" 0 "$SEARCH" --db "$RSET" --count jxm5
expect_eq "with the copy it was made from" "$(cut -d' ' -f4 "$TMP/out")" 2
stop_servers
