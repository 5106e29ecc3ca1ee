#!/bin/sh
# T695-layers: the layering of common/ holds (tools/check-layers.sh): no
# file includes a header from a higher layer, and no modules include
# each other in a circle. The check is also shown to fail on purpose, on
# copies of common/ with an upward include and with a circle added.
. "$(dirname "$0")/lib.sh"
CHECK="$JX_TOP/tools/check-layers.sh"

expect_status "tree-holds" 0 sh "$CHECK" "$JX_TOP/common"

# copy NAME: a fresh copy of common/ in $TMP/NAME.
copy() {
    rm -rf "$TMP/$1"
    cp -R "$JX_TOP/common" "$TMP/$1"
}

# An upward include: the text layer reaching for the search layer.
copy up
printf '#include "jx_search.h"\n' >>"$TMP/up/text/jx_buf.c"
expect_status "upward-include-fails" 1 sh "$CHECK" "$TMP/up"
if grep -q 'text/jx_buf.c includes jx_search.h from the higher layer search' "$TMP/out"; then
    pass "upward-include-named"
else
    fail "upward-include-named" "$(cat "$TMP/out")"
fi

# A circle inside one layer: jx_buf.h includes jx_status.h, so jx_status.c
# including jx_buf.h closes a circle.
copy circle
printf '#include "jx_buf.h"\n' >>"$TMP/circle/text/jx_status.c"
expect_status "circle-fails" 1 sh "$CHECK" "$TMP/circle"
if grep -q 'circle:.*jx_buf' "$TMP/out" && grep -q 'circle:.*jx_status' "$TMP/out"; then
    pass "circle-named"
else
    fail "circle-named" "$(cat "$TMP/out")"
fi

# A folder that is no known layer is refused rather than left unchecked.
copy unknown
mkdir "$TMP/unknown/extra"
printf '#include "jx_search.h"\n' >"$TMP/unknown/extra/jx_extra.c"
expect_status "unknown-layer-fails" 1 sh "$CHECK" "$TMP/unknown"
