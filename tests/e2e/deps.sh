# deps.sh — scripts/deps.sh is the one list of Debian packages, and the
# README's table says why each one is there.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
top=$BOUCLE_TOP
table=$(sed -n '/^## Why each dependency/,/^`scripts\/deps.sh` is the one list/p' "$top/README.md")
missing=""
for p in $(sh "$top/scripts/deps.sh" packages test); do
  printf '%s\n' "$table" | grep -qF "\`$p\`" || missing="$missing $p"
done
[ -z "$missing" ] && t_pass deps_readme_explains_each || t_fail deps_readme_explains_each "no README line for:$missing"
# The Makefile takes its pkg-config names from the same list.
if grep -q 'sh scripts/deps.sh pkgconfig' "$top/Makefile" && ! grep -qE '^(DEB_LIBS|PKGS) *:= *[a-z]' "$top/Makefile"
then t_pass deps_makefile_from_list; else t_fail deps_makefile_from_list "the Makefile lists packages itself"; fi
# .ci/run installs only make by hand; the rest comes from deps.sh.
if grep -q 'apt-get install -y --no-install-recommends make$' "$top/.ci/run" && ! grep -q 'lib[a-z0-9]*-dev' "$top/.ci/run"
then t_pass deps_ci_from_list; else t_fail deps_ci_from_list ".ci/run lists packages itself"; fi
# A LAZY build (scripts/lazylib.sh) is not linked with the libraries it
# loads at first use: none of them is in its DT_NEEDED, so none is mapped
# at launch (test_inv_agents and test_fuzz_inv_xml, linked the same way,
# parse XML inventories through the stubs).
if [ -f "${BUILD:-}/obj/lazylib.o" ]; then
  needed=$(readelf -d "$BOUCLE" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
  bad=$(printf '%s\n' $needed | grep -E '^lib(curl|cairo|zbar|xml2|icu|stdc\+\+)' | tr '\n' ' ')
  [ -z "$bad" ] && t_pass deps_lazy_not_linked || t_fail deps_lazy_not_linked "linked: $bad"
else t_skip deps_lazy_not_linked "LAZY=0 build: the libraries are linked as usual"; fi
t_end
