#!/bin/sh
# Makes build-deb/boucle_VERSION-REV_ARCH.deb from a build made by `make deb`
# (PREFIX=/usr, TEST_HOOKS=0, Debian's hardening flags, in $1 = build-deb/obj).
#   deb.sh BUILD OUTDIR
# The package holds: /usr/bin/boucle (stripped), the French catalogue, the
# default grading profile and the guides (/usr/share/boucle), boucle(1) in
# English and French, and /usr/share/doc/boucle: copyright (DEP-5),
# changelog.gz (CHANGELOG.md), changelog.Debian.gz, README and the user docs.
# The label templates are compiled into the program (core/label/label.c):
# there are no template files to ship.
#
# Depends comes from dpkg-shlibdeps, run on two binaries built from the same
# objects: the shipped one, and $BUILD/boucle-linked, where libcurl, cairo
# and zbar are linked as usual (LAZY=0). The shipped binary (LAZY=1) only
# dlopen()s those three at first use (scripts/lazylib.sh), so it has no
# DT_NEEDED entry for them and dpkg-shlibdeps alone would leave them out.
set -eu
build=$1 out=$2
top=$(pwd)
version=$(cat VERSION)
rev=$(cat scripts/deb/revision)
arch=$(dpkg --print-architecture)
pkgver=$version-$rev
deb=$out/boucle_${pkgver}_$arch.deb
# dates from the last commit, so that two builds of one commit give the same
# package (when there is no git, the VERSION file's mtime)
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || stat -c %Y VERSION)}
export SOURCE_DATE_EPOCH

root=$out/root
rm -rf "$root" "$out/shlibs"
mkdir -p "$root/DEBIAN"
make -s --no-print-directory BUILD="$build" PREFIX=/usr TEST_HOOKS=0 DESTDIR="$top/$root" install >/dev/null
strip --remove-section=.comment --remove-section=.note "$root/usr/bin/boucle"

# man pages and docs compressed as Debian does (-9, no name or time inside)
gzip -9nf "$root/usr/share/man/man1/boucle.1" "$root/usr/share/man/fr/man1/boucle.1"
doc=$root/usr/share/doc/boucle
mkdir -p "$doc"
cp scripts/deb/copyright "$doc/copyright"
gzip -9nc CHANGELOG.md >"$doc/changelog.gz"
date=$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")
maint=$(sed -n 's/^Maintainer: //p' scripts/deb/control)
printf 'boucle (%s) bookworm; urgency=medium\n\n  * Built by make deb from the upstream tree (CHANGELOG.md has the\n    upstream changes).\n\n -- %s  %s\n' \
  "$pkgver" "$maint" "$date" | gzip -9n >"$doc/changelog.Debian.gz"
gzip -9nc README.md >"$doc/README.md.gz"
mkdir -p "$root/usr/share/lintian/overrides"
grep -v '^#' scripts/deb/lintian-overrides >"$root/usr/share/lintian/overrides/boucle"
for f in doc/*.md; do
  case "$f" in doc/HACKING.md) continue ;; esac  # for developers, in the source
  gzip -9nc "$f" >"$doc/$(basename "$f").gz"
done

# Depends: dpkg-shlibdeps on the shipped binary and on the LAZY=0 link of
# the same objects (see above). It wants a debian/control: a scratch one.
mkdir -p "$out/shlibs/debian"
printf 'Source: boucle\n\nPackage: boucle\nArchitecture: any\n' >"$out/shlibs/debian/control"
mkdir -p "$out/shlibs/debian/boucle/usr/bin" "$out/shlibs/debian/boucle/DEBIAN"
cp "$root/usr/bin/boucle" "$build/boucle-linked" "$out/shlibs/debian/boucle/usr/bin/"
(cd "$out/shlibs" && dpkg-shlibdeps -O debian/boucle/usr/bin/boucle debian/boucle/usr/bin/boucle-linked \
   2>shlibdeps.err) >"$out/shlibs/substvars" || {
  cat "$out/shlibs/shlibdeps.err" >&2; exit 1; }
depends=$(sed -n 's/^shlibs:Depends=//p' "$out/shlibs/substvars")
[ -n "$depends" ] || { echo "deb.sh: dpkg-shlibdeps found no dependency" >&2; exit 1; }

size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$pkgver/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" -e "s/@SIZE@/$size/" \
    scripts/deb/control >"$root/DEBIAN/control"
(cd "$root" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$root/DEBIAN/md5sums"

# modes and dates as a package wants them, whatever the umask and checkout
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f -exec chmod 0644 {} +
chmod 0755 "$root/usr/bin/boucle"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
rm -f "$out"/boucle_*.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
