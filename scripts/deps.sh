#!/bin/sh
# Checks, and as root installs, what boucle needs on Debian.
#   deps.sh check          names the missing -dev packages and fails
#   deps.sh install        installs what building and running need
#   deps.sh install test   also what the tests need (tmux, zbar-tools, node…),
#                          and Apache CouchDB 3.5 when ../shared/couchdb is
#                          there: its deps, then `couchdb build` into
#                          $BOUCLE_COUCHDB_BUILD (default /var/tmp/couchdb),
#                          skipped when already built (CI caches that folder)
#   deps.sh pkgconfig      the pkg-config names of the libraries (Makefile)
#   deps.sh packages [test] every Debian package named here (one per line)
# This file is the only list of boucle's Debian packages: the Makefile,
# .ci/run and `make run`/`make check` all go through it, and the test
# e2e/deps checks that the README's table explains each one.
# Everything comes from Debian's archive, plus the npm packages of
# tests/hub/package-lock.json for the test hub (PouchDB Server).
set -eu
mode=${1:-check}
want_test=${2:-}

# pkg-config name -> Debian package (build and run)
LIBS="ncursesw:libncurses-dev sqlite3:libsqlite3-dev libqrencode:libqrencode-dev
zbar:libzbar-dev libcurl:libcurl4-openssl-dev libsodium:libsodium-dev libcrypto:libssl-dev
cairo:libcairo2-dev jansson:libjansson-dev libjpeg:libjpeg62-turbo-dev
libxml-2.0:libxml2-dev zlib:zlib1g-dev"
# command -> Debian package (tools)
TOOLS="cc:build-essential make:make pkg-config:pkg-config msgfmt:gettext"
TEST_TOOLS="tmux:tmux sqlite3:sqlite3 zbarimg:zbar-tools qrencode:qrencode
pdftotext:poppler-utils pdftoppm:poppler-utils rsvg-convert:librsvg2-bin
faketime:faketime nwipe:nwipe losetup:mount node:nodejs npm:npm lp:cups-client
python3:python3 hyperfine:hyperfine zint:zint cupsd:cups curl:curl clang:clang
fusioninventory-inventory:fusioninventory-agent ocsinventory-agent:ocsinventory-agent
groff:groff-base man:man-db
dpkg-shlibdeps:dpkg-dev lintian:lintian debootstrap:debootstrap"
# libFuzzer's runtime for `make fuzz` (tests/e2e/fuzz_bounded.sh): a file of
# clang's, no command; Debian 12 puts it apart from clang-14
FUZZ_RT=libclang-rt-14-dev

# i386 (`make check-i386`, part of `make check` on x86-64): the same
# libraries for Debian's i386 multiarch, with gcc -m32. zbar's -dev package
# cannot be installed for two architectures at once: its runtime library
# only (boucle loads zbar at first use, scripts/lazylib.sh; the headers are
# the same). qemu-user runs i386 programs where the kernel has no 32-bit
# emulation (ia32_emulation=off).
I386_PKGS="gcc-multilib libncurses-dev:i386 libsqlite3-dev:i386 libqrencode-dev:i386 libzbar0:i386
libcurl4-openssl-dev:i386 libsodium-dev:i386 libssl-dev:i386 libcairo2-dev:i386 libjansson-dev:i386
libjpeg62-turbo-dev:i386 libxml2-dev:i386 zlib1g-dev:i386 qemu-user"

if [ "$mode" = i386 ]; then
  # can this machine build and run an i386 program?
  t=$(mktemp -d /tmp/boucle-i386.XXXXXX)
  echo 'int main(void) { return 0; }' >"$t/t.c"
  need=""
  for p in $I386_PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
  done
  if [ -n "$need" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "boucle: the i386 build needs:$need (run as root, after dpkg --add-architecture i386)" >&2; rm -rf "$t"; exit 1
    fi
    echo "boucle: installing for i386:$need" >&2
    export DEBIAN_FRONTEND=noninteractive
    dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
    apt-get update -qq >&2
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $need >&2
  fi
  # prints how i386 programs run here: native, or qemu
  gcc -m32 "$t/t.c" -o "$t/t" >&2 || { rm -rf "$t"; exit 1; }
  if "$t/t" 2>/dev/null && [ ! -e /proc/sys/fs/binfmt_misc/qemu-i386 ]; then
    echo native
  else
    # the kernel does not run i386 programs itself: through qemu-i386
    [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
    if [ -w /proc/sys/fs/binfmt_misc/register ] && [ ! -e /proc/sys/fs/binfmt_misc/qemu-i386 ]; then
      printf '%s' ':qemu-i386:M::\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-i386:' \
        >/proc/sys/fs/binfmt_misc/register
    fi
    "$t/t" || { echo "boucle: this machine cannot run i386 programs (no ia32 emulation, no binfmt_misc for qemu-i386)" >&2; rm -rf "$t"; exit 1; }
    echo qemu
  fi
  rm -rf "$t"
  exit 0
fi

case "$mode" in
  pkgconfig)
    for pair in $LIBS; do printf '%s ' "${pair%%:*}"; done; echo; exit 0 ;;
  packages)
    list="$LIBS $TOOLS"; [ -n "$want_test" ] && list="$list $TEST_TOOLS locales:locales fuzz:$FUZZ_RT"
    for pair in $list; do echo "${pair#*:}"; done | sort -u; exit 0 ;;
esac

missing=""
for pair in $TOOLS; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
if command -v pkg-config >/dev/null 2>&1; then
  for pair in $LIBS; do
    pkg-config --exists "${pair%%:*}" 2>/dev/null || missing="$missing ${pair#*:}"
  done
else
  for pair in $LIBS; do missing="$missing ${pair#*:}"; done
fi
if [ -n "$want_test" ]; then
  for pair in $TEST_TOOLS; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
  done
  locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || missing="$missing locales"
  set -- /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a
  [ -e "$1" ] || missing="$missing $FUZZ_RT"
fi
missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')

if [ "$mode" = check ]; then
  if [ -n "${missing# }" ]; then
    echo "boucle: missing Debian packages: $missing" >&2
    echo "        install them with: sudo apt-get install $missing" >&2
    exit 1
  fi
  exit 0
fi

if [ -n "${missing# }" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "boucle: missing Debian packages: $missing" >&2
    echo "        run as root, or: sudo apt-get install $missing" >&2
    exit 1
  fi
  echo "boucle: installing $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi

if [ -n "$want_test" ] && [ -f tests/hub/package-lock.json ]; then
  if [ ! -x tests/hub/node_modules/.bin/pouchdb-server ] || [ ! -f tests/hub/node_modules/tableschema/package.json ]; then
    (cd tests/hub && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

# A real Apache CouchDB for the sync tests (tests/unit/support_hub.c,
# tests/lib/couch.sh): built once from ../shared/couchdb when it is there;
# without it those tests SKIP and say why.
couchdb=../shared/couchdb/couchdb
if [ -n "$want_test" ] && [ -f "$couchdb" ]; then
  build=${BOUCLE_COUCHDB_BUILD:-/var/tmp/couchdb}
  if [ ! -x "$build/rel/couchdb/bin/couchdb" ]; then
    if ! command -v erlc >/dev/null 2>&1; then
      if [ "$(id -u)" -eq 0 ]; then sh "$couchdb" deps
      else echo "boucle: Erlang is missing for CouchDB: run as root, or sh $couchdb deps" >&2; exit 1; fi
    fi
    echo "boucle: building Apache CouchDB into $build (a few minutes, once)"
    sh "$couchdb" build "$build"
  fi
fi
