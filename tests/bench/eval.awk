# eval.awk: scores one system's answers against the brute-force truth.
# Usage: awk -F'\t' -v sys=NAME -f eval.awk QUERIES TRUTH LAT COUNT TOP10
# Only the queries the system ran (those in LAT) are scored. Prints one
# line per query class and one for "all":
#   sys class queries tp returned truth exact tp10 returned10
# where tp/returned/truth count (query, report) pairs of count-all mode,
# exact counts queries whose report set equals the truth, and tp10 and
# returned10 count the reports of top-10 mode that do or do not match.
FNR == 1 { fi++ }
fi == 1 { cls[$1] = $2; order[++nq] = $1; next }
fi == 2 { truth[$1, $2] = 1; ntruth[$1]++; next }
fi == 3 { ran[$1] = 1; next }
fi == 4 { if (!(($1, $2) in got)) { got[$1, $2] = 1; nret[$1]++; if (($1, $2) in truth) tp[$1]++ } next }
fi == 5 { if (!(($1, $2) in got10)) { got10[$1, $2] = 1; nret10[$1]++; if (($1, $2) in truth) tp10[$1]++ } next }
END {
    for (i = 1; i <= nq; i++) {
        q = order[i]
        if (!(q in ran)) continue
        c = cls[q]
        seen[c] = 1
        for (k = 0; k < 2; k++) {
            key = k ? "all" : c
            Q[key]++
            TP[key] += tp[q]; RET[key] += nret[q]; TR[key] += ntruth[q]
            if (tp[q] + 0 == ntruth[q] + 0 && nret[q] + 0 == ntruth[q] + 0) EX[key]++
            TP10[key] += tp10[q]; RET10[key] += nret10[q]
        }
    }
    n = split("c1 c2 c34 c58 w2 abs dig all", names, " ")
    for (i = 1; i <= n; i++) {
        key = names[i]
        if (!(key in Q)) continue
        printf "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", sys, key, Q[key], TP[key], RET[key], TR[key], EX[key], TP10[key], RET10[key]
    }
}
