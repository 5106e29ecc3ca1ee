#!/bin/sh
# install-deps.sh: installs the Debian packages jixiao needs, only those
# missing, and says nothing when everything is already there.
# Usage: tools/install-deps.sh GROUP...   (groups: build test bench)
set -eu

pkgs_build="gcc g++ make pkg-config libxapian-dev xapian-tools libxml2-dev libzip-dev libpoppler-glib-dev libzstd-dev libmimalloc-dev"
pkgs_test="clang libclang-rt-14-dev jq python3 pandoc pango1.0-tools fonts-wqy-microhei poppler-utils zip unzip qpdf antiword valgrind chromium libreoffice-writer-nogui"
pkgs_bench="liblucene++-dev libboost-dev sqlite3 libsqlite3-dev ripgrep time"

want=""
for group in "$@"; do
    eval "want=\"\$want \$pkgs_$group\""
done

missing=""
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
    exit 2
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
