#!/bin/sh
# install-deps.sh: installs the Debian packages jixiao needs, only those
# missing, saying what it does at each step (and nothing when everything
# is already there).
# Usage: tools/install-deps.sh GROUP...
#   build  compile, link and run the programs (make, make run)
#   test   what the tests use besides (make check): clang for the fuzz
#          targets, valgrind, xapian-check, converters that make test
#          documents (pandoc, pango-view and a CJK font, qpdf, zip,
#          soffice; soffice and chromium print the PDFs of T720), man (T130 renders the man pages), jq and python3;
#          for jixiao-serve (T8*): curl, chromium-driver and
#          python3-selenium (the browser test), apache2-utils (ab, the
#          load test)
#   bench  the peers of make bench
set -eu

# Linking needs Xapian, libxml2, libzip, poppler-glib, zstd (pkg-config
# names in the Makefile), mimalloc for jixiao-index and GNU libmicrohttpd
# for jixiao-serve; the -dev packages
# bring the shared libraries the programs run with.
pkgs_build="gcc g++ make pkg-config libxapian-dev libxml2-dev libzip-dev libpoppler-glib-dev libzstd-dev libmimalloc-dev libmicrohttpd-dev"
pkgs_test="clang libclang-rt-14-dev xapian-tools jq python3 pandoc pango1.0-tools fonts-wqy-microhei poppler-utils zip unzip qpdf antiword valgrind libreoffice-calc-nogui libreoffice-writer-nogui chromium man-db curl chromium-driver python3-selenium apache2-utils"
pkgs_bench="liblucene++-dev libboost-dev sqlite3 libsqlite3-dev ripgrep time"

want=""
for group in "$@"; do
    case $group in
    build | test | bench) eval "want=\"\$want \$pkgs_$group\"" ;;
    *)
        echo "install-deps: unknown group $group (build, test, bench)" >&2
        exit 2
        ;;
    esac
done

missing=""
n=0
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
        n=$((n + 1))
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
    exit 2
fi
export DEBIAN_FRONTEND=noninteractive
status=$(mktemp)
trap 'rm -f "$status"' EXIT

# run_apt CMD...: runs apt-get quietly (-q: no progress bars) and shows its
# lines of progress (each download, each package set up, errors and
# warnings) with an indent; fails as apt-get does.
run_apt() {
    { apt-get -q "$@" 2>&1; echo $? >"$status"; } |
        grep --line-buffered -E '^(Get:|Fetched|Setting up|E:|W:|Err:|Reading package lists|[0-9]+ upgraded)' |
        sed -u 's/^/    /'
    return "$(cat "$status")"
}

echo "install-deps: apt-get update…"
run_apt update
echo "install-deps: installing $n packages:$missing (with what they need)"
# shellcheck disable=SC2086
run_apt install -y --no-install-recommends $missing
echo "install-deps: done"
