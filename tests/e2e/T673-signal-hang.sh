#!/bin/sh
# T673-signal-hang.sh: a read that blocks cannot make the indexer
# unkillable. Under the I/O shim (T6-io-shim.c, JX_SHIM_HANG), reading
# one file blocks in a real read of a pipe no one writes to, as a stale
# network mount or /proc/kmsg does; SIGTERM then ends the run with exit
# 143 and SIGINT with 130, the files read before it committed. (Issue
# #13: `ln -s /proc/kmsg c/k.txt` hung for ten minutes; SIGTERM and
# SIGINT did nothing.) A FIFO and a device with a report extension are
# skipped by their type, named as PATH too. Nothing here can hang the
# suite: a run still going after a generous wait is killed with SIGKILL
# and the check fails.
. "$(dirname "$0")/lib.sh"

mkdir "$TMP/c"
cp "$EXAMPLES"/2019-wuxing-wenlvti-zhengti.txt "$TMP/c/a.txt"
cp "$EXAMPLES"/2020-lusong-nongye-xiangmu.txt "$TMP/c/k.txt"
cp "$EXAMPLES"/2021-lianxi-jiaoti-xiangmu.txt "$TMP/c/z.txt"

# wait_gone PID TENTHS: waits for PID to end, at most TENTHS/10 s; true
# when it ended.
wait_gone() {
    i=0
    while alive "$1" && [ "$i" -lt "$2" ]; do sleep 0.1; i=$((i + 1)); done
    ! alive "$1"
}

# hang_and_kill NAME SIGNAL WANT: indexes c with reads of k.txt hanging,
# sends SIGNAL once the read blocks, and checks the exit status.
hang_and_kill() {
    rm -rf "$TMP/db-$1" "$TMP/mark"
    JX_SHIM_HANG=/c/k.txt JX_SHIM_MARK="$TMP/mark" LD_PRELOAD="$TMP/shim.so" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
        "$INDEX" --db "$TMP/db-$1" "$TMP/c" >"$TMP/out" 2>"$TMP/err-$1" &
    pid=$!
    i=0
    while [ ! -e "$TMP/mark" ] && alive "$pid" && [ "$i" -lt 600 ]; do
        sleep 0.1; i=$((i + 1))
    done
    if [ ! -e "$TMP/mark" ]; then
        fail "$1: read blocked" "the shim never blocked"
        kill -KILL "$pid" 2>/dev/null; wait "$pid"
        return
    fi
    sleep 0.3 # in the read now
    kill "-$2" "$pid"
    if wait_gone "$pid" 300; then
        wait "$pid"; rc=$?
        expect_eq "$1: $2 ends the blocked run" "$rc" "$3"
        expect_contains "$1: says it was interrupted" "$TMP/err-$1" "interrupted"
        expect_status "$1: the file before it is committed" 0 \
            "$SEARCH" --db "$TMP/db-$1" --year 2019 预算
    else
        kill -KILL "$pid"; wait "$pid"
        fail "$1: $2 ends the blocked run" "still running 30 s after SIG$2: killed"
    fi
}

if cc -shared -fPIC -o "$TMP/shim.so" "$JX_TOP/tests/e2e/T6-io-shim.c" -ldl \
    2>"$TMP/cc.err"; then
    hang_and_kill term TERM 143
    hang_and_kill int INT 130
else
    fail "shim built" "$(head -c 300 "$TMP/cc.err")"
fi

# A FIFO no one writes to (held open by a sleeping process, so that an
# open for reading would not even wait for a writer) and a link to a
# character device: skipped by type, in a folder and named as PATH.
mkfifo "$TMP/c/f.txt"
sleep 120 <>"$TMP/c/f.txt" &
holder=$!
[ -c /dev/zero ] && ln -s /dev/zero "$TMP/c/dev.txt"
for arg in c c/f.txt; do
    "$INDEX" --db "$TMP/db-fifo" "$TMP/$arg" >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    if wait_gone "$pid" 600; then
        wait "$pid"; rc=$?
        expect_eq "fifo and device ($arg): run ends, exit 0" "$rc" 0
    else
        kill -KILL "$pid"; wait "$pid"
        fail "fifo and device ($arg): run ends" "still running after 60 s: killed"
    fi
done
expect_status "fifo and device: the files are indexed" 0 \
    "$SEARCH" --db "$TMP/db-fifo" --year 2021 预算
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null # its status (143) is not the test's
exit 0
