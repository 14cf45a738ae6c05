# i18n.sh — every string the sources mark for translation has a French
# translation (English is the msgid), and the catalogue compiles cleanly.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
top=$BOUCLE_TOP
b=$BUILD
if [ ! -f "$b/boucle.pot" ] || [ ! -f "$b/boucle-fr.po" ]; then
  t_fail i18n_catalogues_built "missing $b/boucle.pot or $b/boucle-fr.po"; t_end; exit 1
fi
if msgcmp "$b/boucle-fr.po" "$b/boucle.pot" >"$T_DIR/cmp" 2>&1; then t_pass i18n_every_msgid_in_french_catalogue
else
  missing=$(grep -c 'used but not defined' "$T_DIR/cmp")
  names=$(grep 'used but not defined' "$T_DIR/cmp" | head -6 | while IFS=: read -r f l _; do sed -n "$((l - 1))p" "$f"; done | tr '\n' ' ')
  t_fail i18n_every_msgid_in_french_catalogue "$missing strings have no French translation, e.g. $names"
fi
untr=$(msgattrib --untranslated --no-obsolete "$b/boucle-fr.po" 2>/dev/null | grep -c '^msgid ' )
# the header counts once
[ "${untr:-0}" -le 1 ] && t_pass i18n_no_untranslated || t_fail i18n_no_untranslated "$((untr - 1)) untranslated: $(msgattrib --untranslated --no-obsolete "$b/boucle-fr.po" | grep '^msgid' | head -5 | tr '\n' ' ')"
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$b/boucle-fr.po" 2>/dev/null | grep -c '^msgid ')
[ "${fuzzy:-0}" -le 1 ] && t_pass i18n_no_fuzzy || t_fail i18n_no_fuzzy "$fuzzy fuzzy entries"
msgfmt --check -o /dev/null "$b/boucle-fr.po" 2>"$T_DIR/fmt" && t_pass i18n_formats_match || t_fail i18n_formats_match "$(head -3 "$T_DIR/fmt")"
# a msgid with <PRId64> is looked up by the C string ("%ld"): msgfmt writes
# that form only for an entry marked c-format, else the screen stays English
nosys=$(awk 'BEGIN { RS = ""; FS = "\n" } /msgid "[^\n]*<PRI/ && !/c-format/ { split($0, l, "\n"); for (i in l) if (l[i] ~ /^msgid /) print l[i] }' "$b/boucle-fr.po")
[ -z "$nosys" ] && t_pass i18n_pri_formats_are_c_format || t_fail i18n_pri_formats_are_c_format "not c-format: $(echo "$nosys" | head -3 | tr '\n' ' ')"
t_end
