#!/bin/sh
# T110-install.sh: make install honours PREFIX and DESTDIR and installs
# both programs and both man pages, and the installed programs run.
. "$(dirname "$0")/lib.sh"

build=$(basename "$JX_BIN")
expect_status "make install" 0 make -C "$JX_TOP" --no-print-directory -s \
    install BUILD="$build" PREFIX=/opt/jx DESTDIR="$TMP/root"
for f in bin/jixiao-index bin/jixiao-search share/man/man1/jixiao-index.1 \
    share/man/man1/jixiao-search.1 bin/jixiao-serve share/man/man1/jixiao-serve.1; do
    [ -f "$TMP/root/opt/jx/$f" ] && pass "installed $f" ||
        fail "installed $f" "missing under $TMP/root/opt/jx"
done
expect_status "installed search runs" 0 "$TMP/root/opt/jx/bin/jixiao-search" --version
expect_contains "version printed" "$TMP/out" "jixiao-search"
if command -v man >/dev/null 2>&1; then
    man -l "$TMP/root/opt/jx/share/man/man1/jixiao-search.1" >"$TMP/man" 2>&1
    expect_contains "man page renders" "$TMP/man" "QUERY LANGUAGE"
fi
