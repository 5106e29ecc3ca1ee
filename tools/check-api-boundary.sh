#!/bin/sh
# check-api-boundary.sh: refuses a program that reads a header of the
# engine other than its public one. Given the dependency files (.d,
# written by the compiler's -MMD) of the programs' objects, prints one
# line per header under common/ that is not common/api/jixiao.h and exits
# 1; exits 0 when there is none. The include path of programs
# (-Icommon/api) already makes an internal "jx_*.h" fail to compile;
# this also catches one reached by a relative path ("../common/...").
status=0
for d in "$@"; do
    [ -f "$d" ] || continue
    # every word of the file that names something under common/
    for h in $(tr ' \\:' '\n\n\n' <"$d" | grep 'common/' | sort -u); do
        case "$h" in
        common/api/jixiao.h | ./common/api/jixiao.h) ;;
        *)
            echo "api boundary: ${d%.d}.o: includes $h: programs include only common/api/jixiao.h (docs/api.md)" >&2
            status=1
            ;;
        esac
    done
done
exit $status
