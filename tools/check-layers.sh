#!/bin/sh
# check-layers.sh: checks the layering of the engine, common/. Each folder
# of common/ is a layer (common/*/README.md says what it holds); a file
# may include headers of its own layer and of the layers below it, never
# of one above. Modules (a .c or .cc file with the .h of the same name)
# may not include each other in a circle, inside a layer or across; a
# module's X_internal.h (what its own parts share) counts as the module.
# Prints one line per fault and "check-layers: ok" when there is none;
# exits 0 when the layering holds, 1 when it does not, 2 on bad usage.
# Usage: tools/check-layers.sh [COMMON_DIR]   (default: common/ beside it)
set -u
dir=${1:-$(dirname "$0")/../common}
[ -d "$dir" ] || { echo "check-layers: $dir: no such folder" >&2; exit 2; }

# The layers from the bottom up (the Makefile's COMMON_LAYERS, plus api,
# the public interface above them all when it is there). Files directly
# in common/ (the public header) are above every layer.
layers="text formats report store index search api"

# rank LAYER: the layer's place from the bottom, from 1; 0 when unknown.
rank() {
    r=1
    for l in $layers; do
        [ "$l" = "$1" ] && { echo $r; return; }
        r=$((r + 1))
    done
    echo 0
}

fault=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-layers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for sub in "$dir"/*/; do
    l=$(basename "$sub")
    if [ "$(rank "$l")" -eq 0 ]; then
        echo "check-layers: common/$l/: not a known layer (add it to tools/check-layers.sh)"
        fault=1
    fi
done

# Where each header lives: "name layer" lines ("top" for common/ itself).
: >"$tmp/where"
for f in "$dir"/*.h "$dir"/*/*.h; do
    [ -f "$f" ] || continue
    p=$(dirname "$f")
    if [ "$p" = "$dir" ] || [ "$p" = "${dir%/}" ]; then l=top; else l=$(basename "$p"); fi
    echo "$(basename "$f") $l" >>"$tmp/where"
done

: >"$tmp/edges"
for f in "$dir"/*.[ch] "$dir"/*.cc "$dir"/*/*.[ch] "$dir"/*/*.cc; do
    [ -f "$f" ] || continue
    p=$(dirname "$f")
    if [ "$p" = "$dir" ] || [ "$p" = "${dir%/}" ]; then l=top; else l=$(basename "$p"); fi
    base=$(basename "$f")
    mod=${base%.*}
    mod=${mod%_internal}
    if [ "$l" = top ]; then r=999; else r=$(rank "$l"); fi
    for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
        hl=$(awk -v h="$(basename "$h")" '$1 == h { print $2; exit }' "$tmp/where")
        [ -n "$hl" ] || continue # not a header of common/
        # jixiao.h, the public header, is the vocabulary of every layer
        # (its status, error and field types), as sqlite3.h is included by
        # sqliteInt.h; it includes no header of common/ (checked below).
        [ "$(basename "$h")" = jixiao.h ] && continue
        if [ "$hl" = top ]; then hr=999; else hr=$(rank "$hl"); fi
        if [ "$hr" -gt "$r" ]; then
            echo "check-layers: common/$l/$base includes $h from the higher layer $hl"
            fault=1
        fi
        hmod=$(basename "$h")
        hmod=${hmod%.h}
        hmod=${hmod%_internal}
        [ "$hmod" = "$mod" ] || echo "$hmod $mod" >>"$tmp/edges"
    done
done

# The public header stands alone: it includes nothing from common/.
for f in "$dir"/*/jixiao.h "$dir"/jixiao.h; do
    [ -f "$f" ] || continue
    for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
        echo "check-layers: $(basename "$f") includes $h: the public header must stand alone"
        fault=1
    done
done

# tsort fails on a circle and names the modules in it.
if ! tsort "$tmp/edges" >/dev/null 2>"$tmp/loop"; then
    echo "check-layers: modules include each other in a circle:" \
        $(sed -n 's/^tsort: //p' "$tmp/loop" | grep -v 'input contains a loop')
    fault=1
fi

if [ "$fault" -eq 0 ]; then
    echo "check-layers: ok"
fi
exit "$fault"
