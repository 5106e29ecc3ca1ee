#!/bin/sh
# T682-db-messages.sh: the messages about a database name the real cause
# and the right database. A part without its iamglass is damaged, not
# "no database"; a database that cannot be written (a read-only file
# system, made by T68-quota-shim.c so that root sees it too; read-only
# permissions when not root) is not "locked by another process"; of
# several --db, the message names the one that is missing or damaged.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/r"
cp "$EXAMPLES"/*.txt "$TMP/r/"
A="$TMP/a"
"$INDEX" --db "$A" --quiet "$TMP/r"

# A missing iamglass.
B="$TMP/b"
cp -r "$A" "$B"
rm "$B/passages-1/iamglass"
"$SEARCH" --db "$B" 预算执行率 >"$TMP/o" 2>"$TMP/e"
expect_eq "no iamglass: search exit 2" "$?" 2
expect_contains "no iamglass: search says damaged" "$TMP/e" \
    "jixiao-search: $B: damaged: passages-1/iamglass is missing"
expect_lacks "no iamglass: search does not say no database" "$TMP/e" \
    "no database"
"$INDEX" --db "$B" "$TMP/r" >"$TMP/o" 2>"$TMP/e"
expect_eq "no iamglass: a run exit 2" "$?" 2
expect_contains "no iamglass: a run says damaged" "$TMP/e" \
    "jixiao-index: $B: damaged: passages-1/iamglass is missing"

# A database that cannot be written.
if cc -shared -fPIC -o "$TMP/shim.so" "$JX_TOP/tests/e2e/T68-quota-shim.c" \
    -ldl 2>"$TMP/cc.err"; then
    JX_SHIM_DIR="$A" JX_SHIM_READONLY=1 LD_PRELOAD="$TMP/shim.so" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
        "$INDEX" --db "$A" "$TMP/r" >"$TMP/o" 2>"$TMP/e"
    expect_eq "read-only file system: exit 2" "$?" 2
    expect_eq "read-only file system: one line" "$(wc -l <"$TMP/e")" 1
    expect_contains "read-only file system: says it cannot write" "$TMP/e" \
        "cannot write to this database"
    expect_contains "read-only file system: the cause" "$TMP/e" \
        "Read-only file system"
    expect_lacks "read-only file system: no lock held by another" "$TMP/e" \
        "another process"
else
    echo "T682 no C compiler: the read-only shim is not built"
fi
if [ "$(id -u)" != 0 ]; then
    chmod -R a-w "$A"
    "$INDEX" --db "$A" "$TMP/r" >"$TMP/o" 2>"$TMP/e"
    expect_eq "read-only folder: exit 2" "$?" 2
    expect_contains "read-only folder: the cause" "$TMP/e" "Permission denied"
    expect_lacks "read-only folder: no lock held by another" "$TMP/e" \
        "another process"
    chmod -R u+w "$A"
fi
expect_status "the database still answers" 0 "$SEARCH" --db "$A" 预算执行率

# Several databases: the one at fault is named.
"$SEARCH" --db "$A" --db "$TMP/missing" 预算执行率 >"$TMP/o" 2>"$TMP/e"
expect_eq "--db a --db missing: exit 2" "$?" 2
expect_eq "--db a --db missing: names missing" "$(cat "$TMP/e")" \
    "jixiao-search: no database at $TMP/missing: index reports first with jixiao-index"
"$SEARCH" --db "$TMP/missing" --db "$A" 预算执行率 >"$TMP/o" 2>"$TMP/e"
expect_contains "--db missing --db a: names missing" "$TMP/e" \
    "no database at $TMP/missing:"
"$SEARCH" --db "$A" --db "$B" 预算执行率 >"$TMP/o" 2>"$TMP/e"
expect_eq "--db a --db damaged: exit 2" "$?" 2
expect_contains "--db a --db damaged: names the damaged one" "$TMP/e" \
    "jixiao-search: $B: damaged: passages-1/iamglass is missing"
mkdir "$TMP/empty"
"$SEARCH" --db "$A" --db "$TMP/empty" 预算执行率 >"$TMP/o" 2>"$TMP/e"
expect_contains "--db a --db empty-folder: names it" "$TMP/e" \
    "no database at $TMP/empty:"
"$INDEX" --db "$TMP/c" --quiet "$EXAMPLES" >/dev/null 2>&1
"$SEARCH" --db "$A" --db "$TMP/c" 预算执行率 >"$TMP/o" 2>"$TMP/e"
expect_eq "--db a --db c (two sound databases): answers" "$?" 0
