# deb_install.sh — the Debian package, as a workshop installs it: `make deb`
# (rebuilt when stale), what it holds, its Depends (the libraries loaded at
# first use too), lintian; then on a clean Debian 12 root made by debootstrap
# (tests/lib/debroot.sh: cached once under /var/tmp, a fresh copy each run,
# the host's /usr untouched): apt-get install ./boucle.deb, as a normal user
# boucle --version (the VERSION file), boucle demo, a sync against a 3-node
# Apache CouchDB cluster on loopback, French from the installed catalogue,
# the man pages; apt-get purge --autoremove, and a file list of the root
# before and after that differs by the user's data only.
# Runs in the plain pass only (the package is one build; the other passes
# say so in one SKIP). Needs root, debootstrap and Debian's archive:
# without them the root cases SKIP and say why.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
. "$BOUCLE_TOP/tests/lib/couch.sh"
. "$BOUCLE_TOP/tests/lib/debroot.sh"
top=$BOUCLE_TOP
case "$(basename "${BUILD:-build}")" in
  *san*|*i386*)
    t_skip deb_install "the package is built and installed once, in the plain pass (make deb has its own build)"
    exit 0 ;;
esac
command -v dpkg-deb >/dev/null 2>&1 || { t_skip deb_install "not a Debian machine (no dpkg-deb)"; exit 0; }
version=$(cat "$top/VERSION")
rev=$(cat "$top/scripts/deb/revision")
arch=$(dpkg --print-architecture)
deb=$top/build-deb/boucle_${version}-${rev}_$arch.deb

# --- the package ------------------------------------------------------------
start=$(date +%s)
if make -s -C "$top" deb >"$T_DIR/make-deb.log" 2>&1 && [ -s "$deb" ]; then
  t_pass "deb_build ($(( $(date +%s) - start )) s, $(stat -c %s "$deb") bytes)"
else
  t_fail deb_build "make deb failed or made no $deb"; tail -20 "$T_DIR/make-deb.log" | sed 's/^/    /'
  t_end; exit 1
fi
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$T_DIR/contents"
missing=""
for f in /usr/bin/boucle /usr/share/locale/fr/LC_MESSAGES/boucle.mo /usr/share/boucle/profiles/default.ini \
         /usr/share/boucle/guides/fr/10-grading.txt /usr/share/boucle/guides/en/10-grading.txt \
         /usr/share/man/man1/boucle.1.gz /usr/share/man/fr/man1/boucle.1.gz /usr/share/doc/boucle/copyright \
         /usr/share/doc/boucle/changelog.gz /usr/share/doc/boucle/changelog.Debian.gz; do
  grep -qx "$f" "$T_DIR/contents" || missing="$missing $f"
done
[ -z "$missing" ] && t_pass deb_contents || t_fail deb_contents "missing:$missing"
grep -q '^/usr/local' "$T_DIR/contents" && t_fail deb_no_usr_local "$(grep '^/usr/local' "$T_DIR/contents" | head -3)" \
  || t_pass deb_no_usr_local
dpkg-deb -c "$deb" | awk '$2 != "root/root" {print}' | grep . >"$T_DIR/owners" \
  && t_fail deb_root_owned "$(head -3 "$T_DIR/owners")" || t_pass deb_root_owned
dep=$(dpkg-deb -f "$deb" Depends)
echo "    Depends: $dep"
miss=""
# linked (ncurses, sqlite, …) and loaded at first use (curl, cairo, zbar, libxml2)
for p in libc6 libncursesw6 libsqlite3-0 libsodium23 libssl3 libcurl4 libcairo2 libzbar0 libxml2; do
  case ", $dep," in *", $p "*|*", $p,"*) ;; *) miss="$miss $p" ;; esac
done
[ -z "$miss" ] && t_pass deb_depends_from_shlibdeps || t_fail deb_depends_from_shlibdeps "Depends lacks$miss: $dep"
# the packaged program has no test hooks
if dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/bin/boucle | grep -qa BOUCLE_TEST_PROGRESS_MS; then
  t_fail deb_no_test_hooks "the shipped binary reads BOUCLE_TEST_PROGRESS_MS"
else t_pass deb_no_test_hooks; fi
# the changelogs and the man page header carry the version
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/share/man/man1/boucle.1.gz | gzip -dc | grep -q "^\.TH .*\"boucle $version\"" \
  && t_pass deb_man_version || t_fail deb_man_version "the man page's .TH does not say boucle $version"
grep -q "^## $version" "$top/CHANGELOG.md" && t_pass changelog_has_version || t_fail changelog_has_version "CHANGELOG.md has no ## $version"

if command -v lintian >/dev/null 2>&1; then
  cp "$deb" "$T_DIR/boucle.deb"; chmod 755 "$T_DIR"; chmod 644 "$T_DIR/boucle.deb"
  if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
    runuser -u nobody -- lintian -I -E --pedantic "$T_DIR/boucle.deb" >"$T_DIR/lintian" 2>&1
  else lintian -I -E --pedantic "$T_DIR/boucle.deb" >"$T_DIR/lintian" 2>&1; fi
  sed 's/^/    lintian: /' "$T_DIR/lintian"
  grep -qE '^[EW]: ' "$T_DIR/lintian" && t_fail deb_lintian "errors or warnings (above)" \
    || t_pass "deb_lintian ($(grep -c . "$T_DIR/lintian") lines, no error or warning)"
else
  t_skip deb_lintian "lintian is not installed (make deps-test installs it)"
fi

# --- a clean Debian 12 root -------------------------------------------------
if ! why=$(debroot_available); then t_skip deb_install_root "$why"; t_end; exit $?; fi
if ! why=$(couch_available); then t_skip deb_install_root "no test hub: $why"; t_end; exit $?; fi
start=$(date +%s)
if [ -n "$(find "$DEBROOT_TAR" -mtime -7 2>/dev/null)" ]; then cached=cached; else cached="debootstrap, now cached"; fi
if ! out=$(debroot_cache 2>&1); then t_fail deb_root_cache "$out"; t_end; exit 1; fi
R=$(mktemp -d "$DEBROOT_CACHE/run.XXXXXX")
cleanup_root() {
  couch_stop
  debroot_umount "$R/root"
  # never through a mount that failed to come off (it would be the host's /dev)
  rm -rf --one-file-system "$R"
  t_cleanup
}
trap cleanup_root EXIT
debroot_fresh "$R/root" || { t_fail deb_root_fresh "could not unpack $DEBROOT_TAR"; t_end; exit 1; }
debroot_mount "$R/root"
t_pass "deb_root_ready ($cached, $(( $(date +%s) - start )) s)"
ch() { chroot "$R/root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
# the workshop's user, before the "before" list: only boucle's traces count
ch useradd -m -s /bin/sh atelier
as_user() { chroot --userspec=atelier:atelier "$R/root" env -i HOME=/home/atelier PATH=/usr/bin:/bin \
              LANG=${U_LANG:-C.UTF-8} ${U_LANGUAGE:+LANGUAGE=$U_LANGUAGE} "$@"; }

# What the comparison ignores (apt and dpkg keep their state, logs and caches
# there; the root's /proc and /dev are mounts, not its files):
#   /proc /dev /tmp /var/lib/dpkg /var/lib/apt /var/cache /var/log
#   /etc/ld.so.cache (ldconfig's index of the libraries)
IGNORE='^/(proc|dev|tmp|var/lib/dpkg|var/lib/apt|var/cache|var/log)(/|$)|^/etc/ld\.so\.cache$'
root_list() { (cd "$R/root" && find . -xdev | sed 's|^\.||' | grep -Ev "$IGNORE" | LC_ALL=C sort); }
root_list >"$T_DIR/before"
cp "$deb" "$R/root/tmp/boucle.deb"
start=$(date +%s)
if ch apt-get install -y -q --no-install-recommends /tmp/boucle.deb >"$T_DIR/apt-install.log" 2>&1; then
  t_pass "deb_apt_install ($(grep -c '^Setting up' "$T_DIR/apt-install.log") packages set up, $(( $(date +%s) - start )) s)"
else
  t_fail deb_apt_install "apt-get install failed"; tail -20 "$T_DIR/apt-install.log" | sed 's/^/    /'; t_end; exit 1
fi
[ ! -e "$R/root/usr/local/bin/boucle" ] && [ -x "$R/root/usr/bin/boucle" ] && [ ! -e /usr/bin/boucle ] \
  && t_pass deb_installed_in_root_only || t_fail deb_installed_in_root_only "boucle is not where expected (or on the host)"

out=$(as_user boucle --version 2>&1)
[ "$out" = "boucle $version" ] && t_pass deb_version || t_fail deb_version "'$out', VERSION says $version"
start=$(date +%s)
out=$(as_user boucle --lang en demo 2>&1); rc=$?
db=$R/root/home/atelier/.local/share/boucle/boucle.db
[ $rc -eq 0 ] && [ -s "$db" ] && echo "$out" | grep -q "demo devices added" \
  && t_pass "deb_demo ($(( $(date +%s) - start )) s: $out)" || t_fail deb_demo "rc=$rc $out"
out=$(as_user boucle --lang en verify 2>&1) && t_pass deb_verify || t_fail deb_verify "$out"

# French from the installed catalogue: the msgid is English, so French here
# comes from /usr/share/locale/fr/LC_MESSAGES/boucle.mo. A minbase root has
# no fr_FR locale generated: LANG=fr_FR.UTF-8 as a user would set it, and
# LANGUAGE=fr as well.
for v in "fr_FR.UTF-8:" "C.UTF-8:fr"; do
  out=$(U_LANG=${v%%:*} U_LANGUAGE=${v#*:} as_user boucle --help 2>&1 | head -1)
  case "$out" in "Usage : boucle [--db CHEMIN]"*) t_pass "deb_french LANG=${v%%:*} LANGUAGE=${v#*:}" ;;
    *) t_fail "deb_french LANG=${v%%:*} LANGUAGE=${v#*:}" "$out" ;; esac
done
out=$(as_user boucle --lang en --help 2>&1 | head -1)
case "$out" in "Usage: boucle [--db PATH]"*) t_pass deb_english ;; *) t_fail deb_english "$out" ;; esac
# the man pages: man -w where man-db is there, else the files themselves
if [ -x "$R/root/usr/bin/man" ]; then
  out=$(as_user man -w boucle 2>&1) && t_pass "deb_man_w $out" || t_fail deb_man_w "$out"
else
  [ -s "$R/root/usr/share/man/man1/boucle.1.gz" ] && [ -s "$R/root/usr/share/man/fr/man1/boucle.1.gz" ] \
    && gzip -t "$R/root/usr/share/man/man1/boucle.1.gz" && t_pass "deb_man_files (no man-db in a minbase root)" \
    || t_fail deb_man_files "boucle.1.gz missing"
fi

# --- a sync against the test hub (CouchDB on the host's loopback; a chroot
# shares the network namespace) ---------------------------------------------
if couch_start >"$T_DIR/couch.log" 2>&1; then
  hub=$COUCH_URL
  out=$(as_user env BOUCLE_HUB_ADMIN="$BOUCLE_HUB_ADMIN" boucle --lang en hub init "$hub" 2>&1) \
    && t_pass deb_hub_init || t_fail deb_hub_init "$out"
  out=$(as_user env BOUCLE_HUB_ADMIN="$BOUCLE_HUB_ADMIN" BOUCLE_HUB_PASSWORD=demo-password-1 \
        boucle --lang en hub add-workshop "$hub" DEMO 2>&1) || t_fail deb_hub_add_workshop "$out"
  sleep 2   # a cluster lets a new user in on each node a moment later
  as_user boucle config set hub.url "$hub" && as_user boucle config set hub.user DEMO \
    && printf '%s\n' demo-password-1 | chroot --userspec=atelier:atelier "$R/root" env -i HOME=/home/atelier \
         PATH=/usr/bin:/bin LANG=C.UTF-8 boucle config set hub.password
  n=$(sqlite3 "$db" "select count(*) from events" 2>/dev/null)
  out=$(as_user boucle --lang en sync 2>&1); rc=$?
  case "$out" in *"sync: $n pushed, "*", 0 rejected"*) [ $rc -eq 0 ] && t_pass "deb_sync ($n events pushed)" \
      || t_fail deb_sync "rc=$rc $out" ;;
    *) t_fail deb_sync "rc=$rc, expected $n pushed: $out" ;; esac
  out=$(as_user boucle --lang en sync 2>&1)
  [ "$out" = "sync: 0 pushed, 0 pulled, 0 rejected" ] && t_pass deb_sync_again || t_fail deb_sync_again "$out"
  couch_stop
else
  t_fail deb_hub_start "$(tail -5 "$T_DIR/couch.log")"
fi

# --- removal: nothing left but the user's data --------------------------------
start=$(date +%s)
ch apt-get purge -y -q --autoremove boucle >"$T_DIR/apt-purge.log" 2>&1 \
  && t_pass "deb_purge ($(grep -c '^Removing\|^Purging' "$T_DIR/apt-purge.log") lines, $(( $(date +%s) - start )) s)" \
  || { t_fail deb_purge "apt-get purge failed"; tail -20 "$T_DIR/apt-purge.log" | sed 's/^/    /'; }
rm -f "$R/root/tmp/boucle.deb"
root_list >"$T_DIR/after"
# the user's data: boucle's database, key and configuration in their home
USER_DATA='^/home/atelier/\.(local|local/share|config)(/boucle(/.*)?)?$'
LC_ALL=C comm -3 "$T_DIR/before" "$T_DIR/after" | sed 's/^\t/+ /; t; s/^/- /' >"$T_DIR/diff"
left=$(grep -v "^+ " "$T_DIR/diff"; grep "^+ " "$T_DIR/diff" | sed 's/^+ //' | grep -Ev "$USER_DATA" | sed 's/^/+ /')
if [ -z "$left" ] && [ -s "$db" ]; then
  t_pass "deb_purge_leaves_user_data_only ($(grep -c . "$T_DIR/diff") paths, all under /home/atelier/.local/share/boucle and .config/boucle)"
else
  t_fail deb_purge_leaves_user_data_only "besides the user's data:"; printf '%s\n' "$left" | head -30 | sed 's/^/    /'
  [ -s "$db" ] || echo "    and the user's database is gone"
fi
t_end
