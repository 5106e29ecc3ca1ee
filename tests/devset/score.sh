#!/bin/sh
# Score the metadata extraction on the development set: run
# `jixiao-index --show-meta --json` over tests/devset/texts/*.txt and compare
# each field with the hand labels in labels.tsv (same columns and rules as
# ../shared/seeds/labels.tsv). Prints, per field and per source kind (web,
# pdf, word, from sources.tsv): right, rightly empty, missed (label given,
# nothing found), wrong (a different value, or a value where the label is
# empty), and the share right-or-rightly-empty. With -v, every miss and
# wrong value is listed. The texts are not committed: see README.md.
#
# Usage: sh tests/devset/score.sh [-v] [-f FIRST] [BIN_DIR]
#   -f FIRST: only the texts from FIRST on (-f 017: the second batch)
#   BIN_DIR: where jixiao-index is (default: build)
# Needs python3. Exit 0, or 2 when the texts or the program are missing.
verbose=0
first=
while :; do
    case $1 in
    -v) verbose=1; shift ;;
    -f) first=$2; shift 2 ;;
    *) break ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${1:-$top/build}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
if [ ! -x "$bin/jixiao-index" ]; then
    echo "score.sh: $bin/jixiao-index: not built (make)" >&2; exit 2
fi
if [ ! -d "$here/texts" ]; then
    echo "score.sh: $here/texts: missing; see tests/devset/README.md" >&2; exit 2
fi
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT
# One JSON line per labelled text that is present.
tail -n +2 "$here/labels.tsv" | cut -f1 | while read -r f; do
    if [ -f "$here/texts/$f" ]; then
        "$bin/jixiao-index" --show-meta --json "$here/texts/$f" || true
    fi
done > "$tmp"
python3 - "$here/labels.tsv" "$here/sources.tsv" "$tmp" "$verbose" "$first" <<'PY'
import json, os, sys
labels_path, sources_path, meta_path, verbose, first = sys.argv[1:6]
fields = [("department", "department"), ("region", "region"), ("year", "year"),
          ("score", "score"), ("grade", "grade"), ("report_type", "type")]
kind = {}
with open(sources_path, encoding="utf-8") as f:
    next(f)
    for line in f:
        c = line.rstrip("\n").split("\t")
        if len(c) >= 3:
            kind["%s.txt" % c[0]] = c[2]
found = {}
with open(meta_path, encoding="utf-8") as f:
    for line in f:
        m = json.loads(line)
        found[os.path.basename(m["path"])] = m
# counts[(group, field)] = [right, rightly_empty, missed, wrong]
counts = {}
texts = 0
with open(labels_path, encoding="utf-8") as f:
    head = next(f).rstrip("\n").split("\t")
    for line in f:
        c = line.rstrip("\n").split("\t")
        row = dict(zip(head, c + [""] * (len(head) - len(c))))
        name = row["file"]
        if name not in found or (first and name < first):
            continue
        texts += 1
        m = found[name]
        for label_col, json_key in fields:
            want = row[label_col]
            got = (m.get(json_key) or {}).get("value") or ""
            if want and got == want:
                r = 0
            elif not want and not got:
                r = 1
            elif want and not got:
                r = 2
            else:
                r = 3
            if r >= 2 and verbose == "1":
                print("%s %s: %s: want %r, got %r (line %s: %s)" % (
                    name, kind.get(name, "?"), label_col, want, got,
                    (m.get(json_key) or {}).get("line"),
                    ((m.get(json_key) or {}).get("evidence") or "")[:60]))
            for g in ("all", kind.get(name, "?")):
                counts.setdefault((g, label_col), [0, 0, 0, 0])[r] += 1
print("texts scored: %d" % texts)
print("%-6s %-12s %6s %6s %6s %6s %8s" % ("kind", "field", "right", "empty",
                                          "missed", "wrong", "ok%"))
for g in ["all"] + sorted({k for k, _ in counts} - {"all"}):
    for label_col, _ in fields:
        c = counts.get((g, label_col))
        if not c:
            continue
        n = sum(c)
        print("%-6s %-12s %6d %6d %6d %6d %7.1f%%" % (
            g, label_col, c[0], c[1], c[2], c[3], 100.0 * (c[0] + c[1]) / n))
PY
