#!/bin/sh
# T684-create-killed.sh: a run killed while it creates a database. The
# report database is made under a temporary name (reports.new-PID) and
# renamed into place once Xapian has written it, so a kill during its
# creation leaves no "reports" folder without its iamglass (which no
# later run could open). What such a kill leaves is a temporary folder
# of a dead process: the next run takes the folder as a database,
# removes it, and indexes; a live process's temporary is left alone.
. "$(dirname "$0")/lib.sh"

# A process id that is surely gone: a child that has exited.
sh -c 'exit 0' &
dead=$!
wait "$dead"

D="$TMP/d"
mkdir -p "$D/reports.new-$dead"
: >"$D/reports.new-$dead/flintlock"
printf 'half written' >"$D/reports.new-$dead/postlist.glass"
expect_status "a creation killed before its rename: the next run indexes" 0 \
    "$INDEX" --db "$D" --quiet "$EXAMPLES"
expect_eq "its temporary folder is removed" \
    "$(ls "$D" | grep -c '^reports\.new-')" 0
expect_status "the database answers" 0 "$SEARCH" --db "$D" 预算执行率
expect_status "and is sound" 0 "$INDEX" --db "$D" --check

# Another indexer creating the database now: its temporary stays.
sleep 30 &
live=$!
E="$TMP/e"
mkdir -p "$E/reports.new-$live"
expect_status "a live creation's temporary: the run still indexes" 0 \
    "$INDEX" --db "$E" --quiet "$EXAMPLES"
expect_eq "and leaves it alone" "$(ls "$E" | grep -c "^reports\.new-$live\$")" 1
kill "$live" 2>/dev/null
wait "$live" 2>/dev/null

# Kills at random moments of the first run: every next run succeeds,
# and no reports folder is ever left without its version file.
bad=0
i=0
while [ $i -lt 40 ]; do
    i=$((i + 1))
    rm -rf "$TMP/k"
    t=$(awk -v r=$i 'BEGIN { printf "%.3f", 0.001 + (r * 7 % 40) / 1000 }')
    timeout -s KILL "$t" "$INDEX" --db "$TMP/k" --quiet "$EXAMPLES" \
        >/dev/null 2>&1
    if [ -d "$TMP/k/reports" ] && [ ! -f "$TMP/k/reports/iamglass" ]; then
        bad=$((bad + 1))
        continue
    fi
    "$INDEX" --db "$TMP/k" --quiet "$EXAMPLES" >/dev/null 2>"$TMP/k.err" ||
        bad=$((bad + 1))
done
expect_eq "40 early kills: every later run indexes" "$bad" 0
