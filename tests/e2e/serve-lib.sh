# serve-lib.sh: helpers of the jixiao-serve tests (T8*.sh), sourced after
# lib.sh: start a server on a free port of 127.0.0.1, ask it with curl,
# stop it. Every server a test starts is stopped when the test ends.
SERVE="$JX_BIN/jixiao-serve"
SERVE_PIDS=""
trap 'for p in $SERVE_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT

# start_serve NAME ARGS...: starts jixiao-serve ARGS on a free port;
# sets URL (http://127.0.0.1:PORT) and SPID. Its stdout and stderr are
# $TMP/NAME.out and $TMP/NAME.err. Returns 1 when it did not start.
start_serve() {
    name=$1
    shift
    "$SERVE" --listen 127.0.0.1:0 "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
    SPID=$!
    SERVE_PIDS="$SERVE_PIDS $SPID"
    URL=""
    i=0
    while [ $i -lt 100 ] && [ -z "$URL" ]; do
        URL=$(sed -n 's|^jixiao-serve: serving \(http://[0-9.]*:[0-9]*\)/.*|\1|p' "$TMP/$name.out")
        [ -n "$URL" ] || sleep 0.1
        alive "$SPID" || break
        i=$((i + 1))
    done
    [ -n "$URL" ]
}

# stop_serve: stops the server SPID with SIGTERM; sets src to its exit
# status.
stop_serve() {
    kill "$SPID" 2>/dev/null
    wait "$SPID"
    src=$?
}

# get NAME PATH [CURL-ARGS...]: GETs URL/PATH into $TMP/NAME.body (headers
# in $TMP/NAME.head); sets code to the HTTP status.
get() {
    n=$1
    p=$2
    shift 2
    code=$(curl -s -g -o "$TMP/$n.body" -D "$TMP/$n.head" -w '%{http_code}' \
        --max-time 60 "$@" "$URL$p")
}

# expect_code NAME WANT: passes when the last get's status is WANT.
expect_code() {
    if [ "$code" = "$2" ]; then pass "$1"; else
        fail "$1" "HTTP $code, want $2: $(head -c 300 "$TMP/$1.body" 2>/dev/null)"; fi
}

# expect_same NAME GOT-FILE WANT-FILE: passes when the files are equal.
expect_same() {
    if cmp -s "$2" "$3"; then pass "$1"; else
        fail "$1" "$(diff "$2" "$3" | head -c 500)"; fi
}
