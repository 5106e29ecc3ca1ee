#!/bin/sh
# T140-api-boundary.sh: programs reach the engine through common/api/
# jixiao.h alone (docs/api.md), and the build refuses one that does not:
# with the flags programs are compiled with, jixiao.h compiles and every
# internal header of common/ fails to; tools/check-api-boundary.sh, which
# the link of each program waits for, refuses a program that reached an
# internal header by a path of its own, and passes the real programs.
. "$(dirname "$0")/lib.sh"

build=$(basename "$JX_BIN")
CC=${CC:-cc}
cd "$JX_TOP" || exit 2

flags=$(make --no-print-directory -s print-program-cflags BUILD="$build" 2>"$TMP/err")
expect_status "make print-program-cflags" 0 \
    make --no-print-directory -s print-program-cflags BUILD="$build"
case " $flags " in
*" -Icommon/api "*) pass "programs see common/api" ;;
*) fail "programs see common/api" "flags: $flags" ;;
esac
case "$flags" in
*-Icommon/text* | *-Icommon/search* | *-Icommon/store* | *-Icommon/index*)
    fail "programs see no other folder of common/" "flags: $flags" ;;
*) pass "programs see no other folder of common/" ;;
esac

# A program of the public API alone compiles, and its dependencies pass.
cat >"$TMP/ok.c" <<'C'
#include "jixiao.h"
int main(void) { return jx_status_string(JX_OK)[0] == 0; }
C
# shellcheck disable=SC2086 # flags are words
expect_status "a program of jixiao.h compiles" 0 \
    $CC $flags -c -o "$TMP/ok.o" "$TMP/ok.c"
expect_status "its dependencies pass the check" 0 \
    sh tools/check-api-boundary.sh "$TMP/ok.d"

# Every internal header fails to compile in a program.
for h in $(cd common && ls */*.h | grep -v '^api/'); do
    name=$(basename "$h")
    printf '#include "%s"\nint main(void) { return 0; }\n' "$name" >"$TMP/bad.c"
    # shellcheck disable=SC2086
    if $CC $flags -c -o "$TMP/bad.o" "$TMP/bad.c" 2>"$TMP/err"; then
        fail "internal $name refused" "it compiled with: $flags"
    elif grep -q "$name" "$TMP/err"; then
        pass "internal $name refused"
    else
        fail "internal $name refused" "another error: $(head -c 300 "$TMP/err")"
    fi
done

# One reached by a path (not the include path) compiles, and the check
# refuses it, naming the header.
printf '#include "%s/common/text/jx_buf.h"\nint main(void) { return 0; }\n' \
    "$JX_TOP" >"$TMP/rel.c"
# shellcheck disable=SC2086
expect_status "an internal header by its path compiles" 0 \
    $CC $flags -c -o "$TMP/rel.o" "$TMP/rel.c"
expect_status "the check refuses it" 1 \
    sh tools/check-api-boundary.sh "$TMP/ok.d" "$TMP/rel.d"
expect_contains "the check names it" "$TMP/err" "common/text/jx_buf.h"

# The real programs pass, and their link waits for the check.
deps=$(ls "$JX_BIN"/obj/indexer/*.d "$JX_BIN"/obj/search/*.d 2>/dev/null)
if [ -n "$deps" ]; then
    # shellcheck disable=SC2086
    expect_status "the programs pass the check" 0 \
        sh tools/check-api-boundary.sh $deps
fi
for p in jixiao-index jixiao-search; do
    make --no-print-directory -n -W tools/check-api-boundary.sh \
        BUILD="$build" "$build/$p" >"$TMP/plan" 2>&1
    expect_contains "$p is linked after the check" "$TMP/plan" \
        "tools/check-api-boundary.sh"
done
