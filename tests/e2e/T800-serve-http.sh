#!/bin/sh
# T800-serve-http.sh: jixiao-serve over HTTP with curl: every endpoint
# answers as jixiao-search does (the same JSON Lines, CSV, totals and
# error messages), reports are served by key only, and hostile requests
# (long or malformed addresses, ../ in parameters, invalid UTF-8, script
# in a query, unknown report ids, other methods, a missing token) get
# the right status and nothing more; the database is followed as an
# indexer commits.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve-lib.sh"

if ! command -v curl >/dev/null; then
    fail setup "curl is needed (apt-get install curl)"
    exit 0
fi
DB="$TMP/db"
"$INDEX" --db "$DB" --quiet "$EXAMPLES" >/dev/null 2>&1 ||
    fail index "jixiao-index failed on docs/examples"

expect_status help 0 "$SERVE" --help
expect_contains help-examples "$TMP/out" "Examples:"
expect_status bad-option 2 "$SERVE" --no-such-option
expect_contains bad-option-says "$TMP/err" "jixiao-serve: unknown option '--no-such-option'"
expect_status bad-listen 2 "$SERVE" --db "$DB" --listen nowhere

start_serve s --db "$DB" || fail start "$(cat "$TMP/s.err")"

# --- the page ---------------------------------------------------------
get page /
expect_code page 200
expect_contains page-type "$TMP/page.head" "Content-Type: text/html; charset=utf-8"
expect_contains page-chinese "$TMP/page.body" "绩效自评报告检索"
expect_contains page-csp "$TMP/page.head" "Content-Security-Policy: default-src 'none'; script-src 'self'"
get app.js /app.js
expect_code app.js 200
expect_contains app.js-type "$TMP/app.js.head" "text/javascript"
get app.css /app.css
expect_code app.css 200

# --- the JSON API is jixiao-search --json, byte for byte ---------------
# cli NAME ARGS...: jixiao-search --db DB ARGS into $TMP/NAME.want
cli() {
    n=$1
    shift
    "$SEARCH" --db "$DB" "$@" >"$TMP/$n.want" 2>"$TMP/$n.wanterr"
}
get search /api/search -G --data-urlencode q=新冠肺炎疫情 -d limit=1 -d per-report=1
expect_code search 200
cli search --json -n 1 -p 1 新冠肺炎疫情
expect_same search-same-as-cli "$TMP/search.body" "$TMP/search.want"
expect_contains search-type "$TMP/search.head" "Content-Type: application/x-ndjson"

get filtered /api/search -G --data-urlencode 'q=资金 -疫情' --data-urlencode year=2020..2022 \
    --data-urlencode dept=卫生 -d min-score=90 -d sort=score -d offset=0 -d limit=5
cli filtered --json -n 5 --sort score --year 2020..2022 --dept 卫生 --min-score 90 '资金 -疫情'
expect_same filtered-same-as-cli "$TMP/filtered.body" "$TMP/filtered.want"

get ungrouped /api/search -G --data-urlencode q=预算 -d per-report=0 -d limit=7 -d offset=2
cli ungrouped --json -p 0 -n 7 --offset 2 预算
expect_same ungrouped-same-as-cli "$TMP/ungrouped.body" "$TMP/ungrouped.want"

get list /api/search -G -d list-reports=1 --data-urlencode grade=优 -d limit=100
cli list --json --list-reports -n 100 --grade 优
expect_same list-same-as-cli "$TMP/list.body" "$TMP/list.want"

get csv /api/search -G --data-urlencode q=疫情 -d list-reports=1 -d format=csv -d limit=100000
cli csv --list-reports --csv 疫情
expect_same csv-same-as-cli "$TMP/csv.body" "$TMP/csv.want"
expect_contains csv-download "$TMP/csv.head" "Content-Disposition: attachment"
expect_eq csv-bom "$(head -c 3 "$TMP/csv.body" | od -An -tx1 | tr -d ' ')" efbbbf

get count /api/count -G --data-urlencode q=疫情
cli count --count --json 疫情
expect_same count-same-as-cli "$TMP/count.body" "$TMP/count.want"
get count-all /api/count
cli count-all --count --json
expect_same count-all-same-as-cli "$TMP/count-all.body" "$TMP/count-all.want"
for by in year dept region grade type; do
    get "by-$by" /api/count -G --data-urlencode q=疫情 -d count-by=$by
    cli "by-$by" --json --count-by $by 疫情
    expect_same "count-by-$by-same-as-cli" "$TMP/by-$by.body" "$TMP/by-$by.want"
done

# --- errors carry the CLI's message ------------------------------------
# bad NAME WANT-CODE CLI-ARGS -- CURL-ARGS: the reply's message is the
# CLI's stderr line without "jixiao-search: ".
bad() {
    n=$1
    want=$2
    shift 2
    set -- "$@"
    cargs=""
    while [ "$1" != -- ]; do
        cargs="$cargs$1
"
        shift
    done
    shift
    get "$n" /api/search -G "$@"
    expect_code "$n" "$want"
    msg=$(printf '%s' "$cargs" | tr '\n' '\0' | xargs -0 "$SEARCH" --db "$DB" 2>&1 >/dev/null |
        sed 's/^jixiao-search: //' | head -n 1)
    got=$(jq -r .message "$TMP/$n.body" 2>/dev/null)
    expect_eq "$n-message" "$got" "$msg"
}
bad bad-query 400 '(疫情' -- --data-urlencode 'q=(疫情'
bad bad-year 400 --year abc 疫情 -- --data-urlencode q=疫情 -d year=abc
bad bad-grade 400 --grade 甲 疫情 -- --data-urlencode q=疫情 --data-urlencode grade=甲
bad bad-min-score 400 --min-score 200 疫情 -- --data-urlencode q=疫情 -d min-score=200
bad bad-sort 400 --sort size 疫情 -- --data-urlencode q=疫情 -d sort=size
bad bad-limit 400 --limit x 疫情 -- --data-urlencode q=疫情 -d limit=x
expect_contains bad-error-json "$TMP/bad-query.head" "application/json"

# --- reports by key ------------------------------------------------------
key=$(jq -r 'select(.type == "passage") | .report.key' "$TMP/search.body" | head -n 1)
path=$(jq -r 'select(.type == "passage") | .report.path' "$TMP/search.body" | head -n 1)
get report "/api/report?id=$key" -G --data-urlencode q=新冠肺炎疫情
expect_code report 200
expect_eq report-key "$(jq -r .key "$TMP/report.body")" "$key"
expect_eq report-matches "$(jq -c '[.passages[] | select(.matches != []) | .matches] | length' "$TMP/report.body")" 1
expect_eq report-evidence-line "$(jq -r '.fields[] | select(.name == "score") | .line > 0' "$TMP/report.body")" true
expect_eq report-whole-text "$(jq -r .whole_text "$TMP/report.body")" true
get original "/api/original?id=$key"
expect_code original 200
expect_same original-bytes "$TMP/original.body" "$path"
expect_contains original-attachment "$TMP/original.head" "Content-Disposition: attachment; filename=\"report.txt\""

get no-report /api/report?id=0123456789abcdef0123456789abcdef
expect_code no-report 404
get no-original /api/original?id=0123456789abcdef0123456789abcdef
expect_code no-original 404
get dotdot-id /api/original -G --data-urlencode id=../../../../etc/passwd
expect_code dotdot-id 400
expect_lacks dotdot-id-leaks "$TMP/dotdot-id.body" "root:"
get dotdot-path /../../../../etc/passwd --path-as-is
expect_code dotdot-path 404
expect_lacks dotdot-path-leaks "$TMP/dotdot-path.body" "root:"
get dotdot-encoded /%2e%2e/%2e%2e/etc/passwd --path-as-is
expect_code dotdot-encoded 404
get abs-id /api/original -G --data-urlencode "id=$path"
expect_code abs-id 400

# --- hostile requests ------------------------------------------------------
# (sent raw: too long for a command line)
{ printf 'GET /api/search?q=%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
    "$(head -c 200000 /dev/zero | tr '\0' a)"; sleep 1; } |
    curl -s --max-time 10 telnet://"${URL#http://}" >"$TMP/long-url.body" 2>/dev/null
code=$(head -n 1 "$TMP/long-url.body" | cut -d' ' -f2)
case $code in 414 | 431 | 400) pass long-url ;; *) fail long-url "HTTP $code" ;; esac
long5=$(head -c 5000 /dev/zero | tr '\0' 'b')
get long-param "/api/search?q=$long5"
expect_code long-param 400
get bad-utf8 "/api/search?q=%ff%fe%C3"
expect_code bad-utf8 400
expect_contains bad-utf8-says "$TMP/bad-utf8.body" "not UTF-8"
get nul "/api/search?q=a%00b"
expect_code nul 400
get bad-escape "/api/search?q=%zz%"
case $code in 200 | 400) pass bad-escape ;; *) fail bad-escape "HTTP $code" ;; esac
get script /api/search -G --data-urlencode 'q=<script>alert(1)</script>'
case $code in 200 | 400) pass script-status ;; *) fail script-status "HTTP $code" ;; esac
expect_contains script-not-html "$TMP/script.head" "X-Content-Type-Options: nosniff"
get page-script / -G --data-urlencode 'q=<script>alert(1)</script>'
expect_lacks page-reflects-nothing "$TMP/page-script.body" "alert(1)"
get nothing /no/such/page
expect_code nothing 404
get post /api/search -X POST -d q=疫情
expect_code post 405
get delete / -X DELETE
expect_code delete 405
get trace / -X TRACE
expect_code trace 405
# a request that is not HTTP at all: the server answers 400 or closes, and
# goes on serving
printf 'GARBAGE\r\n\r\n' | curl -s --max-time 5 telnet://"${URL#http://}" >/dev/null 2>&1
get after-garbage /api/count
expect_code after-garbage 200

stop_serve
expect_eq stops-on-term "$src" 0

# --- a missing database: the CLI's message, not a crash -------------------
start_serve m --db "$TMP/nodb" || fail start-missing "$(cat "$TMP/m.err")"
get missing /api/search -G --data-urlencode q=疫情
expect_code missing 503
"$SEARCH" --db "$TMP/nodb" --json 疫情 2>"$TMP/missing.wanterr"
expect_eq missing-message "$(jq -r .message "$TMP/missing.body")" \
    "$(sed 's/^jixiao-search: //' "$TMP/missing.wanterr")"
# the database appears: served without a restart
"$INDEX" --db "$TMP/nodb" --quiet "$EXAMPLES/2020-youxian-weijian-zhengti.txt" >/dev/null 2>&1
get appears /api/count
expect_code appears 200
expect_eq appears-count "$(jq -r .reports "$TMP/appears.body")" 1
# the indexer commits more: followed
"$INDEX" --db "$TMP/nodb" --quiet "$EXAMPLES" >/dev/null 2>&1
get follows /api/count
expect_eq follows-count "$(jq -c . "$TMP/follows.body")" "$("$SEARCH" --db "$TMP/nodb" --count --json | jq -c .)"
stop_serve

# --- a report whose file changed since it was indexed: not served ---------
mkdir "$TMP/docs"
cp "$EXAMPLES/2020-youxian-weijian-zhengti.txt" "$TMP/docs/r.txt"
"$INDEX" --db "$TMP/db2" --quiet "$TMP/docs" >/dev/null 2>&1
start_serve c --db "$TMP/db2"
k2=$("$SEARCH" --db "$TMP/db2" --json --list-reports | jq -r 'select(.key) | .key')
echo "一行新加的字。" >>"$TMP/docs/r.txt"
get changed "/api/original?id=$k2"
expect_code changed 404
get changed-view "/api/report?id=$k2"
expect_code changed-view 200
expect_eq changed-view-not-whole "$(jq -r .whole_text "$TMP/changed-view.body")" false
stop_serve

# --- the token -------------------------------------------------------------
start_serve t --db "$DB" --token s3cret-tok
get no-token /api/count
expect_code no-token 401
expect_contains no-token-asks "$TMP/no-token.head" "WWW-Authenticate: Basic"
get wrong-token /api/count -H "Authorization: Bearer wrong"
expect_code wrong-token 401
get bearer /api/count -H "Authorization: Bearer s3cret-tok"
expect_code bearer 200
get basic /api/count -u analyst:s3cret-tok
expect_code basic 200
get basic-wrong /api/count -u analyst:s3cret
expect_code basic-wrong 401
get page-needs-token /
expect_code page-needs-token 401
stop_serve
