#!/bin/sh
# T671-unreadable-folder.sh: a folder that cannot be read in a run keeps
# the reports indexed from it before (as an unreadable file does), is
# named on stderr, and makes the run exit 1. (Issue #13: `chmod 000 sub`
# printed Permission denied, then removed its reports.) Running as root,
# chmod 000 denies nothing: the run is made as the user nobody when
# setpriv can, and always under the I/O shim (T6-io-shim.c), which makes
# scandir fail with EACCES on one folder.
. "$(dirname "$0")/lib.sh"

chmod 755 "$TMP"
mkdir -p "$TMP/w/sub"
cp "$EXAMPLES"/2019-*.txt "$EXAMPLES"/2020-*.txt "$TMP/w/sub/"
cp "$EXAMPLES"/2021-lianxi-jiaoti-xiangmu.txt "$TMP/w/"
nsub=$(ls "$TMP/w/sub" | wc -l)
n=$((nsub + 1))
nreports() {
    "$SEARCH" --db "$1" --list-reports --json --limit 1000 --year 1900..2100 \
        2>/dev/null | grep -c '"type":"report"'
}

# check LABEL DB: the run just made (stderr in $TMP/err) kept everything.
check() {
    expect_eq "$1: reports kept" "$(nreports "$2")" "$n"
    expect_contains "$1: folder named" "$TMP/err" "$TMP/w/sub: Permission denied"
    expect_contains "$1: nothing removed" "$TMP/err" " 0 reports removed"
    expect_status "$1: searchable" 0 "$SEARCH" --db "$2" --year 2019 预算
}

if cc -shared -fPIC -o "$TMP/shim.so" "$JX_TOP/tests/e2e/T6-io-shim.c" -ldl \
    2>"$TMP/cc.err"; then
    expect_status "indexed" 0 "$INDEX" --db "$TMP/d1" "$TMP/w"
    expect_eq "indexed: reports" "$(nreports "$TMP/d1")" "$n"
    expect_status "shim: unreadable folder: exit 1" 1 env \
        JX_SHIM_EACCES="$TMP/w/sub" LD_PRELOAD="$TMP/shim.so" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
        "$INDEX" --db "$TMP/d1" "$TMP/w"
    check shim "$TMP/d1"
    # The folder itself given as PATH.
    expect_status "shim: unreadable PATH: exit 1" 1 env \
        JX_SHIM_EACCES="$TMP/w/sub" LD_PRELOAD="$TMP/shim.so" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
        "$INDEX" --db "$TMP/d1" "$TMP/w/sub"
    check "shim, as PATH" "$TMP/d1"
    # Readable again: up to date, nothing lost or read again.
    expect_status "readable again: exit 0" 0 "$INDEX" --db "$TMP/d1" "$TMP/w"
    expect_contains "readable again: up to date" "$TMP/err" \
        "nothing changed: $n files up to date"
    # Gone for good: its reports go.
    rm -r "$TMP/w/sub"
    expect_status "folder removed: exit 0" 0 "$INDEX" --db "$TMP/d1" "$TMP/w"
    expect_contains "folder removed: reports removed" "$TMP/err" \
        "$nsub reports removed"
    mkdir -p "$TMP/w/sub"
    cp "$EXAMPLES"/2019-*.txt "$EXAMPLES"/2020-*.txt "$TMP/w/sub/"
else
    fail "shim built" "$(head -c 300 "$TMP/cc.err")"
fi

# A real permission: as nobody when running as root, else as ourselves.
if [ "$(id -u)" = 0 ]; then
    as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
    as_user() { "$@"; }
fi
mkdir "$TMP/d2" && chmod 777 "$TMP/d2"
chmod -R a+rX "$TMP/w"
if as_user "$INDEX" --version >/dev/null 2>&1 &&
    as_user test -r "$TMP/w/sub" -a -w "$TMP/d2"; then
    expect_status "indexed as $(as_user id -un)" 0 as_user "$INDEX" --db "$TMP/d2" "$TMP/w"
    chmod 000 "$TMP/w/sub"
    expect_status "chmod 000: exit 1" 1 as_user "$INDEX" --db "$TMP/d2" "$TMP/w"
    chmod 755 "$TMP/w/sub"
    check "chmod 000" "$TMP/d2"
else
    echo "T671 no other user to run as: only the shim test of an unreadable folder ran"
fi
