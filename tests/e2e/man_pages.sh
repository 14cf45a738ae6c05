# man_pages.sh — boucle(1) in English and French: `make install` puts them
# (and the guides) under DESTDIR; groff renders both without a warning, as
# `man -l` does; every command `boucle --help` lists is in both pages (so
# they cannot drift from the program), and so is every environment variable
# the code reads.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
top=$BOUCLE_TOP
command -v groff >/dev/null || { t_skip man_pages "groff is not installed (groff-base)"; exit 0; }
build=$(cd "$(dirname "$BOUCLE")" && pwd)
dest="$T_DIR/dest"
if make -s -C "$top" BUILD="$build" DESTDIR="$dest" PREFIX=/usr install >"$T_DIR/install.log" 2>&1; then
  t_pass man_install
else
  t_fail man_install "make install failed"; sed 's/^/    /' "$T_DIR/install.log" | tail -20
fi
for p in man1/boucle.1 fr/man1/boucle.1; do
  f="$dest/usr/share/man/$p"
  [ -s "$f" ] || { t_fail "man_installed_$p" "missing $f"; continue; }
  w=$(groff -ww -z -man "$f" 2>&1)
  [ -z "$w" ] && t_pass "man_groff_clean $p" || t_fail "man_groff_clean $p" "$w"
  if command -v man >/dev/null; then
    w=$(MANWIDTH=80 man -l "$f" 2>&1 >/dev/null)
    [ -z "$w" ] && t_pass "man_l_clean $p" || t_fail "man_l_clean $p" "$w"
    MANWIDTH=80 man -l "$f" 2>/dev/null | grep -q "^SYNOPSIS" && t_pass "man_l_renders $p" || t_fail "man_l_renders $p" "no SYNOPSIS"
  fi
done
for lang in fr en; do
  n=$(ls "$dest/usr/share/boucle/guides/$lang/"*.txt 2>/dev/null | wc -l)
  [ "$n" -ge 5 ] && t_pass "guides_installed_$lang" || t_fail "guides_installed_$lang" "$n guide files"
done
# every command of `boucle --help`, as a .B line of the COMMANDS section
cmds=$("$BOUCLE" --lang en --help | awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1}')
[ -n "$cmds" ] || t_fail man_commands "boucle --help lists no command"
for page in doc/boucle.1 doc/fr/boucle.1; do
  sect=$(sed -n '/^\.SH \(COMMANDS\|COMMANDES\)/,/^\.SH/p' "$top/$page")
  missing=""
  for c in $cmds; do printf '%s\n' "$sect" | grep -qx "\.B $c" || missing="$missing $c"; done
  [ -z "$missing" ] && t_pass "man_every_command $page" || t_fail "man_every_command $page" "missing:$missing"
  missing=""
  for v in $(cd "$top" && grep -rhoE 'getenv\("[A-Z_]+"\)' util db core tui screens cli | sed 's/getenv("\(.*\)")/\1/' | sort -u); do
    case $v in TMPDIR) continue ;; esac
    grep -q "$v" "$top/$page" || missing="$missing $v"
  done
  [ -z "$missing" ] && t_pass "man_every_env $page" || t_fail "man_every_env $page" "missing:$missing"
done
t_end
