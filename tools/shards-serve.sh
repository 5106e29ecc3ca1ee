#!/bin/sh
# shards-serve.sh: serves the shards of a shard set on this machine with
# stock xapian-tcpsrv (Debian's xapian-tools), one server per shard, for
# trying the remote backend out (docs/shards.md tells how to run them as
# services). Writes a stub listing the servers, to give jixiao-search
# as --db, and the servers' process ids beside it.
#
# Usage: tools/shards-serve.sh DB FIRST-PORT [STUB]
#          serves DB/shard-0 on FIRST-PORT, DB/shard-1 on FIRST-PORT+1,
#          ... on 127.0.0.1 (SHARDS_INTERFACE=ADDRESS for another), and
#          writes STUB (default DB.remote) and STUB.pids
#        tools/shards-serve.sh --stop STUB
#          stops the servers STUB.pids names
# SHARDS_TIMEOUT_MS: xapian-tcpsrv's --timeout (idle and active
# connections; default 60000).
set -u
prog=shards-serve.sh
if [ "${1:-}" = --stop ]; then
    [ $# -eq 2 ] || { echo "usage: $prog --stop STUB" >&2; exit 2; }
    [ -f "$2.pids" ] || { echo "$prog: $2.pids: no such file" >&2; exit 2; }
    while read -r pid; do
        kill "$pid" 2>/dev/null
    done <"$2.pids"
    rm -f "$2.pids"
    exit 0
fi
[ $# -ge 2 ] && [ $# -le 3 ] || {
    echo "usage: $prog DB FIRST-PORT [STUB] | $prog --stop STUB" >&2; exit 2; }
db=${1%/}
port=$2
stub=${3:-$db.remote}
iface=${SHARDS_INTERFACE:-127.0.0.1}
timeout=${SHARDS_TIMEOUT_MS:-60000}
command -v setsid >/dev/null 2>&1 || {
    echo "$prog: setsid not found (util-linux)" >&2; exit 2; }
command -v xapian-tcpsrv >/dev/null 2>&1 || {
    echo "$prog: xapian-tcpsrv not found: install xapian-tools" >&2; exit 2; }
case $port in *[!0-9]* | '') echo "$prog: $port: not a port" >&2; exit 2 ;; esac
[ -f "$db/XAPIANDB" ] || { echo "$prog: $db: not a shard set" >&2; exit 2; }
: >"$stub.tmp"
: >"$stub.pids"
k=0
for line in $(sed -n 's/^auto //p' "$db/XAPIANDB"); do
    shard=$db/$line
    [ -f "$shard/XAPIANDB" ] || {
        echo "$prog: $shard: not a jixiao database" >&2; exit 2; }
    p=$((port + k))
    # a session of its own: told to end, xapian-tcpsrv ends its whole
    # process group (its connections' processes), the caller's otherwise
    setsid xapian-tcpsrv --quiet --interface "$iface" --port "$p" \
        --timeout "$timeout" "$shard" >/dev/null 2>"$stub.$k.log" &
    echo $! >>"$stub.pids"
    echo "remote $iface:$p" >>"$stub.tmp"
    k=$((k + 1))
done
[ "$k" -gt 0 ] || { echo "$prog: $db/XAPIANDB lists no local shard" >&2; exit 2; }
mv "$stub.tmp" "$stub"
echo "$prog: $k servers on $iface:$port..$((port + k - 1)); search with: jixiao-search --db $stub QUERY" >&2
