#!/bin/sh
# run.sh: the benchmark behind `make bench`. Builds the benchmark's
# programs, generates synthetic corpora (tests/bench/gen_corpus.c), and
# measures jixiao and its peers back to back on each: indexing time and
# speed, peak memory, index size (and after compaction), query latency
# over a fixed query set in top-10 and count-all modes, and exactness of
# the set of matching reports against a brute-force scan. Writes
# build/bench/results.tsv, build/bench/results.md and prints the latter.
# docs/benchmark.md explains what is measured and how.
#
# Environment:
#   BENCH_SIZES    corpus sizes (default "20M 200M"; k/M/G suffixes)
#   BENCH_LARGE    one more, larger size (e.g. 2G), or use --large SIZE
#   BENCH_REPEAT   measurements per size and system (default 1)
#   BENCH_QUERIES  queries per class (default 20; 7 classes)
#   BENCH_SLOW_QUERIES  queries per class for the slow peers: ripgrep and
#                  SQLite (whose LIKE scans) (default 6)
#   BENCH_CLI_QUERIES  queries per class for jixiao-cli (default 5)
#   BENCH_SYSTEMS  systems to run (default: all of
#                  "jixiao jixiao-cli lucene-cjk sqlite-fts5 ripgrep xapian-ngram",
#                  run in that order: the slowest peer last)
#   BENCH_SEED     corpus and query seed (default 20240601)
#   BENCH_BUDGET   seconds the whole run may take (default 870; 0: no
#                  limit). A system whose estimated time at a size (its
#                  time at the size before, scaled by the text) would go
#                  past it is skipped, and the report says so.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
B=build/bench
mkdir -p "$B"

sizes=${BENCH_SIZES:-"20M 200M"}
large=${BENCH_LARGE:-}
while [ $# -gt 0 ]; do
    case $1 in
        --large) large=$2; shift 2 ;;
        --sizes) sizes=$2; shift 2 ;;
        *) echo "usage: tests/bench/run.sh [--sizes \"20M 200M\"] [--large SIZE]" >&2; exit 2 ;;
    esac
done
[ -n "$large" ] && sizes="$sizes $large"
repeat=${BENCH_REPEAT:-1}
per_class=${BENCH_QUERIES:-20}
slow_per_class=${BENCH_SLOW_QUERIES:-6}
cli_per_class=${BENCH_CLI_QUERIES:-5}
systems=${BENCH_SYSTEMS:-"jixiao jixiao-cli lucene-cjk sqlite-fts5 ripgrep xapian-ngram"}
budget=${BENCH_BUDGET:-870}
seed=${BENCH_SEED:-20240601}
started=$(date +%s)

say() { printf '[bench %4ss] %s\n' "$(( $(date +%s) - started ))" "$*" >&2; }

# ---------------------------------------------------------------- build

# Compiles one program when its source (or bench_util.h) is newer.
build() {
    out=$B/$1 src=$2
    shift 2
    if [ ! -x "$out" ] || [ "$src" -nt "$out" ] || [ tests/bench/bench_util.h -nt "$out" ]; then
        "$@" || { echo "bench: cannot build $out" >&2; exit 1; }
    fi
}
CWARN="-Wall -Wextra -Wno-unused-parameter"
build gen_corpus tests/bench/gen_corpus.c cc -std=c11 -O2 $CWARN -o $B/gen_corpus tests/bench/gen_corpus.c -lm
build brute tests/bench/brute.c cc -std=c11 -O2 $CWARN -o $B/brute tests/bench/brute.c
build runcmd tests/bench/runcmd.c cc -std=c11 -O2 $CWARN -o $B/runcmd tests/bench/runcmd.c
build sqlite_fts5 tests/bench/sqlite_fts5.c cc -std=c11 -O2 $CWARN -o $B/sqlite_fts5 tests/bench/sqlite_fts5.c -lsqlite3
# shellcheck disable=SC2046
build xapian_ngram tests/bench/xapian_ngram.cc c++ -std=c++11 -O2 $CWARN $(xapian-config --cxxflags) \
    -o $B/xapian_ngram tests/bench/xapian_ngram.cc $(xapian-config --libs)
# shellcheck disable=SC2046
build lucene_cjk tests/bench/lucene_cjk.cpp c++ -std=c++11 -O2 $CWARN \
    $(pkg-config --cflags liblucene++ liblucene++-contrib) -o $B/lucene_cjk tests/bench/lucene_cjk.cpp \
    $(pkg-config --libs liblucene++ liblucene++-contrib)

# jixiao: the programs (built by `make`), copied so that a rebuild by
# someone else during the run cannot mix two versions, and the
# in-process latency program, linked now against the same library.
have_jx_cli=0
if [ -x build/jixiao-index ] && [ -x build/jixiao-search ]; then
    cp build/jixiao-index build/jixiao-search "$B/" && have_jx_cli=1
fi
have_jx_lib=0
if [ $have_jx_cli = 1 ] && [ -f build/libjixiao.a ] && [ -f common/search/jx_search.h ]; then
    # shellcheck disable=SC2046
    if cc -std=c11 -O2 $CWARN -D_GNU_SOURCE $(for d in common/*/; do printf -- '-I%s ' "$d"; done) -o $B/jx_latency tests/bench/jx_latency.c build/libjixiao.a \
        $(xapian-config --libs) $(pkg-config --libs libxml-2.0 libzip poppler-glib libzstd 2>/dev/null) -lm -lstdc++; then
        have_jx_lib=1
    fi
fi
[ $have_jx_cli = 1 ] || say "build/jixiao-index or build/jixiao-search missing: jixiao is left out"

# ---------------------------------------------------------------- helpers

# Prints the size in bytes of a file or folder.
bytes_of() { du -sb "$1" | cut -f1; }

# Runs a command under /usr/bin/time -v, its output to $1.out; prints
# "seconds peak_kb cpu_seconds" (peak: of the largest process; CPU: user
# and system time of all of them).
timed() {
    tv=$1; shift
    /usr/bin/time -v -o "$tv.time" "$@" >"$tv.out" 2>"$tv.err" || {
        echo "bench: failed: $*" >&2; tail -5 "$tv.err" >&2; return 1; }
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
        /Maximum resident set size/ { kb = $2 }
        /User time|System time/ { cpu += $2 }
        END { printf "%.2f %d %.2f\n", s, kb, cpu }' "$tv.time"
}

# Prints "p50 p95 p99" in milliseconds of the times of one mode in a
# latency file (nearest rank), or "- - -" when there are none.
percentiles() {
    awk -F'\t' -v m="$2" '$2 == m { print $3 }' "$1" | sort -g | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "- - -"; exit }
            split("0.50 0.95 0.99", p, " ")
            for (i = 1; i <= 3; i++) { k = int(p[i] * NR); if (k < p[i] * NR) k++; if (k < 1) k = 1
                printf "%s%.2f", (i > 1 ? " " : ""), v[k] * 1000 }
            print ""
        }'
}

# Turns raw CLI output lines ("id<TAB>path" with the corpus folder in
# front, or JSON Lines with "path" keys) into "id<TAB>relative path".
relpaths() {
    corpus_name=$1
    sed -e 's/\\\//\//g' "$2" | awk -F'\t' -v c="$corpus_name/" '
        {
            line = $0; sub(/^[^\t]*\t/, "", line)
            if (line ~ /^ *[{\[]/) {
                while (match(line, /"path" *: *"[^"]*"/)) {
                    s = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
                    sub(/^"path" *: *"/, "", s); sub(/"$/, "", s); emit($1, s)
                }
            } else emit($1, line)
        }
        function emit(id, p,   i) {
            i = index(p, c); if (i) p = substr(p, i + length(c))
            sub(/^\.\//, "", p)
            if (p != "") print id "\t" p
        }'
}

results=$B/results.tsv
printf 'size\ttext_mb\trep\tsystem\tindex_s\tcpu_s\tmb_per_s\tpeak_mb\tindex_mb\tratio\tcompact_mb\tcompact_ratio\ttop10_p50\ttop10_p95\ttop10_p99\tcount_p50\tcount_p95\tcount_p99\tqueries\tprecision\trecall\texact\ttop10_precision\n' >"$results"
classes=$B/classes.tsv
: >"$B/skipped.tsv"
printf 'size\tsystem\tclass\tqueries\ttp\treturned\ttruth\texact\ttp10\treturned10\n' >"$classes"

# Scores one system's answers and appends its row to the results.
# Args: size text_mb rep system "index_s peak_kb cpu_s" index_bytes
# compact_bytes prefix
record() {
    size=$1 text_mb=$2 rep=$3 sys=$4 ib=$6 cb=$7 prefix=$8
    # shellcheck disable=SC2086
    set -- $5 - - -
    index_s=$1 peak_kb=$2 cpu_s=$3
    touch "$prefix.count" "$prefix.top10" "$prefix.lat"
    awk -F'\t' -v sys="$sys" -f tests/bench/eval.awk "$W/queries.tsv" "$W/truth.tsv" \
        "$prefix.lat" "$prefix.count" "$prefix.top10" >"$prefix.eval"
    if [ "$rep" = 1 ]; then awk -v s="$size" '{ print s "\t" $0 }' "$prefix.eval" >>"$classes"; fi
    set -- $(percentiles "$prefix.lat" top10) $(percentiles "$prefix.lat" count)
    awk -F'\t' -v OFS='\t' -v size="$size" -v tm="$text_mb" -v rep="$rep" -v sys="$sys" \
        -v is="$index_s" -v cpu="$cpu_s" -v pk="$peak_kb" -v ib="$ib" -v cb="$cb" \
        -v t50="$1" -v t95="$2" -v t99="$3" -v c50="$4" -v c95="$5" -v c99="$6" '
        function mb(b) { return b == "-" ? "-" : sprintf("%.1f", b / 1e6) }
        function ratio(b) { return b == "-" ? "-" : sprintf("%.2f", b / 1e6 / tm) }
        $2 == "all" {
            prec = $5 ? sprintf("%.4f", $4 / $5) : "1.0000"
            rec = $6 ? sprintf("%.4f", $4 / $6) : "1.0000"
            p10 = $9 ? sprintf("%.4f", $8 / $9) : "1.0000"
            print size, tm, rep, sys, is, cpu, (is == "-" || is == 0 ? "-" : sprintf("%.2f", tm / is)),
                  (pk == "-" ? "-" : sprintf("%.0f", pk / 1024)), mb(ib), ratio(ib), mb(cb), ratio(cb),
                  t50, t95, t99, c50, c95, c99, $3, prec, rec, $7 "/" $3, p10
        }' "$prefix.eval" >>"$results"
}

# ---------------------------------------------------------------- systems

# Each bench_SYSTEM function indexes the corpus $C (file list $W/files.lst)
# into $W/SYSTEM, runs the queries and records a row. $S is the size,
# $T the text in MB, $R the repetition.

# Two writers on shards at once, then xapian-compact merges them; the
# index time is both steps (the merged database is what is searched).
bench_xapian_ngram() {
    d=$W/xapian-ngram; rm -rf "$d" "$d".*
    # shellcheck disable=SC2046
    set -- $(timed "$W/xapian-ngram.index" $B/xapian_ngram index "$d" "$C" "$W/files.lst" 2)
    shards=$(( $(bytes_of "$d.0") + $(bytes_of "$d.1") ))
    # shellcheck disable=SC2046
    set -- "$@" $(timed "$W/xapian-ngram.compact" xapian-compact "$d.0" "$d.1" "$d")
    m=$(awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" -v e="$5" -v f="$6" \
        'BEGIN { printf "%.2f %d %.2f", a + d, (b > e ? b : e), c + f }')
    $B/xapian_ngram search "$d" "$C" "$W/files.lst" "$W/queries.tsv" "$W/xapian-ngram"
    record "$S" "$T" "$R" xapian-ngram "$m" "$shards" "$(bytes_of "$d")" "$W/xapian-ngram"
    rm -rf "$d.0" "$d.1"
}

bench_lucene_cjk() {
    d=$W/lucene-cjk; rm -rf "$d"
    m=$(timed "$W/lucene-cjk.index" $B/lucene_cjk index "$d" "$C" "$W/files.lst")
    $B/lucene_cjk search "$d" "$C" "$W/files.lst" "$W/queries.tsv" "$W/lucene-cjk"
    record "$S" "$T" "$R" lucene-cjk "$m" "$(bytes_of "$d")" - "$W/lucene-cjk"
}

bench_sqlite_fts5() {
    d=$W/sqlite-fts5.db; rm -f "$d"
    m=$(timed "$W/sqlite-fts5.index" $B/sqlite_fts5 index "$d" "$C" "$W/files.lst")
    size=$(bytes_of "$d")
    $B/sqlite_fts5 optimize "$d"
    # LIKE scans the whole table: as few queries as the other slow peers
    $B/sqlite_fts5 search "$d" "$C" "$W/files.lst" "$W/queries.tsv" "$W/sqlite-fts5" "$slow_per_class"
    record "$S" "$T" "$R" sqlite-fts5 "$m" "$size" "$(bytes_of "$d")" "$W/sqlite-fts5"
}

bench_ripgrep() {
    p=$W/ripgrep; rm -f "$p".*
    (cd "$C" && "$top/$B/runcmd" --queries "$top/$W/queries.tsv" --out "$top/$p.top10raw" --lat "$top/$p.lat" \
        --mode top10 --max-lines 10 --max-per-class "$slow_per_class" -- rg --no-ignore -l -m1 -e '{re}' . &&
     "$top/$B/runcmd" --queries "$top/$W/queries.tsv" --out "$top/$p.countraw" --lat "$top/$p.lat" \
        --mode count --max-per-class "$slow_per_class" -- rg --no-ignore -l -e '{re}' .)
    relpaths "$(basename "$C")" "$p.top10raw" >"$p.top10"
    relpaths "$(basename "$C")" "$p.countraw" >"$p.count"
    record "$S" "$T" "$R" ripgrep "-" - - "$p"
}

# jixiao is indexed once per repetition; jixiao (in-process, through
# jx_latency) and jixiao-cli (the program, per query) share the index.
jx_indexed=""
jixiao_index() {
    [ "$jx_indexed" = "$S.$R" ] && return 0
    d=$W/jixiao; rm -rf "$d" "$d.compact"
    jx_time=$(timed "$W/jixiao.index" $B/jixiao-index --quiet --db "$d" "$C")
    jx_size=$(bytes_of "$d")
    jx_csize=-
    if xapian-compact "$d" "$d.compact" >/dev/null 2>&1; then jx_csize=$(bytes_of "$d.compact"); fi
    rm -rf "$d.compact"
    jx_indexed="$S.$R"
}

bench_jixiao() {
    [ $have_jx_lib = 1 ] || { say "jx_latency not built: jixiao in-process left out"; return 0; }
    jixiao_index
    $B/jx_latency "$W/jixiao" "$W/queries.tsv" "$W/jixiao" "$(basename "$C")"
    record "$S" "$T" "$R" jixiao "$jx_time" "$jx_size" "$jx_csize" "$W/jixiao"
}

bench_jixiao_cli() {
    [ $have_jx_cli = 1 ] || return 0
    jixiao_index
    p=$W/jixiao-cli; rm -f "$p".*
    $B/runcmd --queries "$W/queries.tsv" --out "$p.top10raw" --lat "$p.lat" --mode top10 \
        --max-per-class "$cli_per_class" -- $B/jixiao-search --db "$W/jixiao" --limit 10 --json '{quoted}'
    $B/runcmd --queries "$W/queries.tsv" --out "$p.countraw" --lat "$p.lat" --mode count \
        --max-per-class "$cli_per_class" -- $B/jixiao-search --db "$W/jixiao" --list-reports --limit 100000 --json '{quoted}'
    relpaths "$(basename "$C")" "$p.top10raw" >"$p.top10"
    relpaths "$(basename "$C")" "$p.countraw" >"$p.count"
    record "$S" "$T" "$R" jixiao-cli "$jx_time" "$jx_size" "$jx_csize" "$p"
}

# ---------------------------------------------------------------- main

for S in $sizes; do
    C=$B/corpus-$S
    W=$B/work-$S
    mkdir -p "$W"
    stamp="gen $S seed $seed $(cksum <tests/bench/gen_corpus.c)"
    if [ ! -f "$C.stamp" ] || [ "$(cat "$C.stamp")" != "$stamp" ]; then
        say "generating corpus $S"
        rm -rf "$C" "$C.stamp"
        $B/gen_corpus --out "$C" --bytes "$S" --seed "$seed" --vocab "$B/vocab.txt" >"$W/gen.out"
        echo "$stamp" >"$C.stamp"
    fi
    (cd "$C" && find . -type f -name '*.txt' | sed 's|^\./||' | LC_ALL=C sort) >"$W/files.lst"
    text_bytes=$(cd "$C" && find . -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')
    T=$(awk -v b="$text_bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
    mb=$((text_bytes / 1000000 + 1))
    say "corpus $S: $(wc -l <"$W/files.lst") reports, $T MB; sampling queries and the truth"
    $B/brute --root "$C" --files "$W/files.lst" --seed "$seed" --per-class "$per_class" \
        --vocab "$B/vocab.txt" --sample "$W/queries.tsv" --truth "$W/truth.tsv"
    R=1
    while [ "$R" -le "$repeat" ]; do
        for sys in $systems; do
            # the time this system took at the size before, scaled
            key=$(echo "$sys" | tr -c 'a-z0-9\n' '_')
            est=$(eval "echo \${spent_$key:-}")
            [ -n "$est" ] && est=$((est * mb / $(eval "echo \$spentmb_$key")))
            now=$(( $(date +%s) - started ))
            if [ "$budget" -gt 0 ] && [ -n "$est" ] && [ $((now + est)) -gt "$budget" ]; then
                say "$S #$R: $sys skipped: about $est s more would pass the budget of $budget s"
                echo "$S	$sys	$est" >>"$B/skipped.tsv"
                continue
            fi
            say "$S #$R: $sys"
            t_sys=$(date +%s)
            case $sys in
                jixiao) bench_jixiao ;;
                jixiao-cli) bench_jixiao_cli ;;
                xapian-ngram) bench_xapian_ngram ;;
                lucene-cjk) bench_lucene_cjk ;;
                sqlite-fts5) bench_sqlite_fts5 ;;
                ripgrep) bench_ripgrep ;;
                *) echo "bench: unknown system $sys" >&2; exit 2 ;;
            esac
            eval "spent_$key=$(( $(date +%s) - t_sys + 1 )) spentmb_$key=$mb"
        done
        R=$((R + 1))
    done
    # the scan itself, for reference: count-all over the text in memory
    awk -F'\t' -v OFS='\t' '{ print $1, "count", $3, $2 }' "$W/truth.tsv.lat" >"$W/scan.lat"
    cp "$W/truth.tsv" "$W/scan.count"; : >"$W/scan.top10"
    record "$S" "$T" 1 "scan (RAM)" "-" - - "$W/scan"
done

sh tests/bench/report.sh "$results" "$classes" "$B/skipped.tsv" >"$B/results.md"
cat "$B/results.md"
say "done in $(( $(date +%s) - started )) s"
