#!/bin/sh
# T680-compact-disk-full.sh: a disk that fills up during --compact (the
# passages are copied into a new passage database, which needs about
# as much space again) ends the run with exit 2 and one line, and leaves
# no half-written copy behind: the space is free again, so later runs on
# the same full disk go on working. A copy left by a compaction that was
# killed (or that the process could not clean up) is removed by the
# next run before it writes anything. The disk is a quota on the
# database folder (T68-quota-shim.c, an LD_PRELOAD library: what is
# deleted frees space, as on a real disk), so no root is needed.
. "$(dirname "$0")/lib.sh"

if ! cc -shared -fPIC -o "$TMP/quota.so" "$JX_TOP/tests/e2e/T68-quota-shim.c" \
    -ldl 2>"$TMP/cc.err"; then
    echo "T680 no C compiler: the quota shim is not built, nothing tested"
    exit 0
fi

DB="$TMP/db"
mkdir -p "$TMP/r"
cp "$EXAMPLES"/*.txt "$TMP/r/"
"$INDEX" --db "$DB" --quiet "$TMP/r"
# Three changed reports: their old passages wait for --compact.
for f in $(ls "$TMP/r" | head -3); do
    echo "此处新增独特短语丙丁戊。" >>"$TMP/r/$f"
done
"$INDEX" --db "$DB" --quiet "$TMP/r"
count() { "$SEARCH" --db "$DB" --count --json "$@" 2>&1; }
before=$(count 预算执行率)

# bytes FOLDER: what the files under FOLDER hold.
bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
# A disk with room for a quarter of the passages more: enough for a
# small change, not for a copy of the passages.
quota=$(($(bytes "$DB") + $(bytes "$DB/passages-1") / 4))
# full ARG...: jixiao-index on that disk; stderr in $TMP/run.err.
full() {
    JX_SHIM_DIR="$DB" JX_SHIM_QUOTA="$quota" LD_PRELOAD="$TMP/quota.so" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
        "$INDEX" --db "$DB" "$@" >"$TMP/run.out" 2>"$TMP/run.err"
    rc=$?
}
# parts: the passage databases in the folder.
parts() { ls "$DB" | grep '^passages-' | tr '\n' ' '; }

full --compact
expect_eq "--compact on a full disk: exit 2" "$rc" 2
expect_eq "--compact on a full disk: one line" "$(wc -l <"$TMP/run.err")" 1
expect_contains "--compact on a full disk: the cause" "$TMP/run.err" \
    "No space left on device"
expect_eq "no half-written copy left" "$(parts)" "passages-1 "
expect_eq "searches as before" "$(count 预算执行率)" "$before"

# The disk is still nearly full: a change still fits.
f=$(ls "$TMP/r" | tail -1)
echo "再加一句独特短语己庚辛。" >>"$TMP/r/$f"
full "$TMP/r"
expect_eq "a run after the failed --compact: exit 0" "$rc" 0
expect_eq "the change is found" "$(count 独特短语己庚辛)" \
    '{"passages":1,"reports":1}'

# What a killed compaction leaves (the copy is not listed in XAPIANDB)
# takes the space; the next run removes it before writing.
cp -r "$DB/passages-1" "$DB/passages-2"
f=$(ls "$TMP/r" | tail -2 | head -1)
echo "又加一句独特短语壬癸。" >>"$TMP/r/$f"
full "$TMP/r"
expect_eq "a run after a killed --compact: exit 0" "$rc" 0
expect_eq "the killed copy is removed" "$(parts)" "passages-1 "
expect_eq "that change is found" "$(count 独特短语壬癸)" \
    '{"passages":1,"reports":1}'

# With room, --compact does its work, and searches are unchanged.
masked=$(count 预算执行率)
expect_status "--compact with room" 0 "$INDEX" --db "$DB" --compact --quiet
expect_eq "after --compact: one new passage database" "$(parts)" "passages-2 "
expect_eq "after --compact: same counts" "$(count 预算执行率)" "$masked"
expect_status "after --compact: --status is sound" 0 "$INDEX" --db "$DB" --status
