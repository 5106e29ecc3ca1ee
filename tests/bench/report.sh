#!/bin/sh
# report.sh: turns the benchmark's results.tsv and classes.tsv (written
# by tests/bench/run.sh) into Markdown: per corpus size, a table of every
# system (medians over repetitions, with the min-max range when there
# were several), jixiao's ratios to each peer, and recall per query class.
# Usage: tests/bench/report.sh RESULTS.TSV CLASSES.TSV [SKIPPED.TSV]
# SKIPPED.TSV lists "size<TAB>system<TAB>estimated seconds" for systems
# run.sh left out to stay within its time budget.
set -eu
results=$1
classes=$2
skipped=${3:-/dev/null}

echo "# jixiao benchmark results"
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)," \
    "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1);" \
    "$(. /etc/os-release && echo "$PRETTY_NAME"); $(date -u +%Y-%m-%d)."
echo
echo "Latencies in ms (p50 / p95 / p99); sizes in MB with the ratio to the"
echo "text in brackets; exact = queries whose set of matching reports is"
echo "exactly the brute-force one. jixiao is timed in-process (jx_latency),"
echo "jixiao-cli and ripgrep per process, the other peers in-process."
echo

awk -F'\t' '
function med(key, col,   n, i, j, t, a) {
    n = split(vals[key, col], a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    if (n == 0 || a[1] == "-") return "-"
    return n % 2 ? a[(n + 1) / 2] : sprintf("%.2f", (a[n / 2] + a[n / 2 + 1]) / 2)
}
function spread(key, col,   n, i, a, lo, hi) {
    n = split(vals[key, col], a, " ")
    if (n < 2 || a[1] == "-") return med(key, col)
    lo = hi = a[1]
    for (i = 2; i <= n; i++) { if (a[i] + 0 < lo + 0) lo = a[i]; if (a[i] + 0 > hi + 0) hi = a[i] }
    return med(key, col) " (" lo "–" hi ")"
}
function sz(key, mbcol, rcol) { return med(key, mbcol) == "-" ? "-" : med(key, mbcol) " (" med(key, rcol) "×)" }
function ratio(a, b, inv) {
    if (a == "-" || b == "-" || a + 0 == 0 || b + 0 == 0) return "-"
    return sprintf("%.2f", inv ? b / a : a / b)
}
FILENAME != results { skip[$1] = skip[$1] sprintf("%s%s (about %s s)", (skip[$1] == "" ? "" : ", "), $2, $3); next }
FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
    key = $1 SUBSEP $4
    if (!((key) in seen)) { seen[key] = 1; order[$1] = order[$1] SUBSEP $4; if (!($1 in tm)) { sizes[++ns] = $1; tm[$1] = $2 } }
    for (i = 5; i <= NF; i++) vals[key, i] = (vals[key, i] == "" ? "" : vals[key, i] " ") $i
    reps[key]++
}
END {
    for (s = 1; s <= ns; s++) {
        S = sizes[s]
        printf "## Corpus %s (%s MB of text)\n\n", S, tm[S]
        print "| system | index s | CPU s | MB/s | peak MB | index MB | compacted MB | top-10 ms | count-all ms | queries | precision | recall | exact | top-10 precision |"
        print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
        n = split(substr(order[S], 2), sys, SUBSEP)
        for (k = 1; k <= n; k++) {
            key = S SUBSEP sys[k]
            printf "| %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %s / %s / %s | %s | %s | %s | %s | %s |\n", sys[k],
                spread(key, col["index_s"]), med(key, col["cpu_s"]), med(key, col["mb_per_s"]), med(key, col["peak_mb"]),
                sz(key, col["index_mb"], col["ratio"]), sz(key, col["compact_mb"], col["compact_ratio"]),
                spread(key, col["top10_p50"]), med(key, col["top10_p95"]), med(key, col["top10_p99"]),
                spread(key, col["count_p50"]), med(key, col["count_p95"]), med(key, col["count_p99"]),
                med(key, col["queries"]), med(key, col["precision"]), med(key, col["recall"]),
                vals[key, col["exact"]] ~ / / ? substr(vals[key, col["exact"]], 1, index(vals[key, col["exact"]], " ") - 1) : vals[key, col["exact"]],
                med(key, col["top10_precision"])
        }
        print ""
        if (S in skip) printf "Not run, to stay within the time budget (BENCH_BUDGET): %s.\n\n", skip[S]
        ref = ((S SUBSEP "jixiao") in seen) ? "jixiao" : (((S SUBSEP "jixiao-cli") in seen) ? "jixiao-cli" : "")
        if (ref == "") { print "(jixiao not measured: no ratios.)\n"; continue }
        J = S SUBSEP ref
        printf "Ratios of %s to each peer (indexing speed: jixiao MB/s ÷ peer MB/s, higher is better; index size and latency: jixiao ÷ peer, lower is better; sizes compacted where both were):\n\n", ref
        print "| peer | indexing speed | peak memory | index size | top-10 p50 | count-all p50 |"
        print "|---|---|---|---|---|---|"
        for (k = 1; k <= n; k++) {
            if (sys[k] ~ /^jixiao/ || sys[k] ~ /scan/) continue
            P = S SUBSEP sys[k]
            js = med(J, col["compact_mb"]); ps = med(P, col["compact_mb"])
            if (js == "-" || ps == "-") { js = med(J, col["index_mb"]); ps = med(P, col["index_mb"]) }
            if (ps == "-") js = med(J, col["compact_mb"]) == "-" ? med(J, col["index_mb"]) : js
            printf "| %s | %s | %s | %s | %s | %s |\n", sys[k],
                ratio(med(J, col["mb_per_s"]), med(P, col["mb_per_s"])),
                ratio(med(J, col["peak_mb"]), med(P, col["peak_mb"])),
                ratio(js, ps), ratio(med(J, col["top10_p50"]), med(P, col["top10_p50"])),
                ratio(med(J, col["count_p50"]), med(P, col["count_p50"]))
        }
        print ""
    }
}' results="$results" "$skipped" "$results"

echo "## Recall per query class (count-all mode; precision where below 1)"
echo
echo "Classes: c1 one character, c2 two, c34 three or four, c58 five to"
echo "eight, w2 two words in one paragraph, abs absent strings, dig digits"
echo "written full-width or with a space before the Han characters."
echo
awk -F'\t' '
NR == 1 { next }
{
    k = $1 SUBSEP $2
    if (!(k in seen)) { seen[k] = 1; rows[++nr] = k }
    if (!($3 in cl)) { cl[$3] = 1; cls[++nc] = $3 }
    rec = $7 ? sprintf("%.3f", $5 / $7) : "–"
    if ($6 && $5 < $6) rec = rec sprintf(" (p %.3f)", $5 / $6)
    if (!$7 && $6) rec = sprintf("%d false", $6)
    cell[k, $3] = rec
}
END {
    printf "| size | system |"; for (c = 1; c <= nc; c++) printf " %s |", cls[c]; print ""
    printf "|---|---|"; for (c = 1; c <= nc; c++) printf "---|"; print ""
    for (r = 1; r <= nr; r++) {
        split(rows[r], p, SUBSEP)
        printf "| %s | %s |", p[1], p[2]
        for (c = 1; c <= nc; c++) printf " %s |", ((rows[r], cls[c]) in cell) ? cell[rows[r], cls[c]] : ""
        print ""
    }
}' "$classes"
