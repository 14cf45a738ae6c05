# tests/lib/debroot.sh — sourced by tests/e2e/deb_install.sh: a clean Debian 12
# root to install the package into, without touching the host's /usr.
#
#   debroot_available     0 when one can be had (else says why)
#   debroot_cache         debootstrap --variant=minbase bookworm once a week, from the
#                         mirror the host's apt uses, and keep it as a tarball
#                         in $BOUCLE_DEBROOT_CACHE (default /var/tmp/boucle-debroot,
#                         outside the clone); its apt lists are fetched once too
#   debroot_fresh DIR     unpack a fresh copy into DIR (every run starts clean)
#   debroot_mount DIR     /proc, /dev, /dev/pts and resolv.conf for apt in DIR, and
#                         $DEBROOT_CACHE/archives as its apt archive cache (the
#                         packages boucle depends on are downloaded once)
#   debroot_umount DIR    undo it (call it from a trap: always)
DEBROOT_CACHE=${BOUCLE_DEBROOT_CACHE:-/var/tmp/boucle-debroot}
DEBROOT_TAR=$DEBROOT_CACHE/bookworm-minbase-$(dpkg --print-architecture 2>/dev/null || echo unknown).tar

# The mirror of the host's apt sources (deb.debian.org when none is named).
debroot_mirror() {
  m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
      grep -v '^ *#' | grep -oE 'https?://[^ ]*/debian/?( |$)' | head -1 | tr -d ' ')
  echo "${m:-http://deb.debian.org/debian}"
}

debroot_available() {
  if [ "$(id -u)" -ne 0 ]; then echo "not root: debootstrap and chroot need root"; return 1; fi
  if [ ! -f /etc/debian_version ]; then echo "not a Debian machine"; return 1; fi
  if [ -n "$(find "$DEBROOT_TAR" -mtime -7 2>/dev/null)" ]; then return 0; fi
  if ! command -v debootstrap >/dev/null 2>&1; then echo "debootstrap is not installed (make deps-test installs it)"; return 1; fi
  m=$(debroot_mirror)
  if ! curl -fsS -o /dev/null --max-time 20 "${m%/}/dists/bookworm/Release"; then
    echo "the Debian archive is not reachable from here (${m%/}/dists/bookworm/Release)"; return 1; fi
  return 0
}

debroot_cache() {
  # its apt lists age: after a week the archive may have dropped what they name
  [ -n "$(find "$DEBROOT_TAR" -mtime -7 2>/dev/null)" ] && return 0
  m=$(debroot_mirror)
  mkdir -p "$DEBROOT_CACHE"
  d=$(mktemp -d "$DEBROOT_CACHE/make.XXXXXX")
  echo "debootstrap --variant=minbase bookworm from $m (once; cached as $DEBROOT_TAR)"
  if ! debootstrap --variant=minbase bookworm "$d/root" "$m" >"$d/debootstrap.log" 2>&1; then
    echo "debootstrap failed:"; tail -20 "$d/debootstrap.log"; rm -rf "$d"; return 1
  fi
  sec=$(echo "$m" | sed 's|/debian/*$|/debian-security|')
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
    "${m%/}" "${m%/}" "$sec" >"$d/root/etc/apt/sources.list"
  debroot_mount "$d/root"
  chroot "$d/root" apt-get update -qq >"$d/update.log" 2>&1; rc=$?
  debroot_umount "$d/root"
  if [ $rc -ne 0 ]; then echo "apt-get update in the new root failed:"; tail "$d/update.log"; rm -rf "$d"; return 1; fi
  rm -f "$d/root/etc/resolv.conf"
  tar -C "$d/root" --numeric-owner -cf "$d/root.tar" . && mv "$d/root.tar" "$DEBROOT_TAR"
  rc=$?
  rm -rf "$d"
  return $rc
}

debroot_fresh() {
  mkdir -p "$1" && tar -C "$1" --numeric-owner -xpf "$DEBROOT_TAR" || return 1
  # a throwaway root: dpkg need not fsync every file (apt-get install is
  # twice as fast on a loaded machine)
  echo force-unsafe-io >"$1/etc/dpkg/dpkg.cfg.d/boucle-test-unsafe-io"
}

debroot_mount() {
  cp /etc/resolv.conf "$1/etc/resolv.conf" 2>/dev/null
  mount -t proc proc "$1/proc"
  mount --bind /dev "$1/dev"
  mount --bind /dev/pts "$1/dev/pts" 2>/dev/null
  mkdir -p "$DEBROOT_CACHE/archives/partial"
  mount --bind "$DEBROOT_CACHE/archives" "$1/var/cache/apt/archives"
  return 0
}

debroot_umount() {
  for m in var/cache/apt/archives dev/pts dev proc; do
    mountpoint -q "$1/$m" 2>/dev/null && umount -l "$1/$m"
  done
  return 0
}
