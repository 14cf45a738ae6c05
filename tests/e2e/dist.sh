# dist.sh — `make dist`: boucle-VERSION.tar.gz from the files git tracks,
# the same bytes twice (sorted names, the last commit's date, owner 0, gzip
# -n), unpacking into boucle-VERSION/ only, no build products, and a tree
# that builds (make -n of everything, then one real compile and the French
# catalogue; the full build is the other passes' job). Plain pass only.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
top=$BOUCLE_TOP
case "$(basename "${BUILD:-build}")" in
  *san*|*i386*) t_skip dist "the source tarball is made and checked once, in the plain pass"; exit 0 ;;
esac
command -v git >/dev/null 2>&1 && git -C "$top" rev-parse --git-dir >/dev/null 2>&1 \
  || { t_skip dist "not a git checkout (make dist packs the files git tracks)"; exit 0; }
version=$(cat "$top/VERSION")
tgz=$top/build-dist/boucle-$version.tar.gz
make -s -C "$top" dist >"$T_DIR/dist1.log" 2>&1 && [ -s "$tgz" ] || { t_fail dist_build "$(cat "$T_DIR/dist1.log")"; t_end; exit 1; }
a=$(sha256sum <"$tgz" | cut -d' ' -f1)
rm -f "$tgz"; sleep 1   # another second: a date taken from the clock would show
make -s -C "$top" dist >"$T_DIR/dist2.log" 2>&1 || t_fail dist_build "$(cat "$T_DIR/dist2.log")"
b=$(sha256sum <"$tgz" | cut -d' ' -f1)
echo "    sha256 $a"
echo "    sha256 $b"
[ "$a" = "$b" ] && t_pass dist_reproducible || t_fail dist_reproducible "$a != $b"

tar -tzvf "$tgz" --numeric-owner >"$T_DIR/list"
tar -tzf "$tgz" | LC_ALL=C sort >"$T_DIR/names"
grep -v "^boucle-$version/" "$T_DIR/names" | head -3 >"$T_DIR/out"
[ -s "$T_DIR/out" ] && t_fail dist_one_folder "$(cat "$T_DIR/out")" || t_pass dist_one_folder
(cd "$top" && git ls-files) | LC_ALL=C sort | sed "s|^|boucle-$version/|" >"$T_DIR/tracked"
cmp -s "$T_DIR/names" "$T_DIR/tracked" && t_pass dist_git_tracked_only \
  || t_fail dist_git_tracked_only "$(diff "$T_DIR/tracked" "$T_DIR/names" | head -5)"
grep -E "^boucle-$version/(build[^/]*/|tests/hub/node_modules/)|\.(o|a|d|mo|deb)$|/boucle$" "$T_DIR/names" | head -3 >"$T_DIR/out"
[ -s "$T_DIR/out" ] && t_fail dist_no_build_products "$(cat "$T_DIR/out")" || t_pass dist_no_build_products
awk '$2 != "0/0" {print}' "$T_DIR/list" | head -3 >"$T_DIR/out"
[ -s "$T_DIR/out" ] && t_fail dist_owner_0 "$(cat "$T_DIR/out")" || t_pass dist_owner_0
tar -tzf "$tgz" | cmp -s - "$T_DIR/names" && t_pass dist_sorted || t_fail dist_sorted "names not in order"
when=$(date -u -d "@$(git -C "$top" log -1 --format=%ct)" '+%Y-%m-%d %H:%M')
awk '{print $4" "$5}' "$T_DIR/list" | sort -u >"$T_DIR/dates"
[ "$(cat "$T_DIR/dates")" = "$when" ] && t_pass dist_dates_last_commit || t_fail dist_dates_last_commit "$(head -3 "$T_DIR/dates"), commit $when"
gzip -lv "$tgz" >/dev/null && [ "$(od -An -tu1 -j4 -N4 "$tgz" | tr -s ' ')" = " 0 0 0 0" ] \
  && t_pass dist_gzip_no_time || t_fail dist_gzip_no_time "the gzip header holds a date"

# the unpacked tree builds
mkdir -p "$T_DIR/src" && tar -C "$T_DIR/src" -xzf "$tgz"
s=$T_DIR/src/boucle-$version
if make -s -n -C "$s" BUILD="$T_DIR/b" all >"$T_DIR/n.log" 2>&1 && grep -q 'main.c' "$T_DIR/n.log"; then
  t_pass dist_make_n
else t_fail dist_make_n "$(tail -5 "$T_DIR/n.log")"; fi
if make -s -C "$s" BUILD="$T_DIR/b" "$T_DIR/b/obj/cli/main.o" "$T_DIR/b/locale/fr/LC_MESSAGES/boucle.mo" >"$T_DIR/c.log" 2>&1 \
   && grep -qa "$version" "$T_DIR/b/obj/cli/main.o"; then
  t_pass dist_compiles
else t_fail dist_compiles "$(tail -5 "$T_DIR/c.log")"; fi
t_end
