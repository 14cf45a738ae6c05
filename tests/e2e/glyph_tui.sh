# glyph_tui.sh — what a console without Unicode glyphs shows: under
# TERM=linux (whose font has Latin-1, the euro sign and box drawing but not
# « … », « ✓ » or « ’ ») a cut text ends with « ~ » and the apostrophe is
# ASCII, every column where it was; in xterm the same screen keeps « … ».
# Whole screens.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
export BOUCLE_DB="$T_DIR/g.db"
$B init --workshop GRE1 --name "Atelier d’Échirolles" >/dev/null
$B operator add Amina >/dev/null
$B --operator Amina party add --kind association --name "Emmaüs Connect" --contact "Paul Girard, 04 76 12 34 56" >/dev/null
$B --operator Amina party add --kind public --name "Ville d’Échirolles — 15 € par poste" >/dev/null

for term in linux xterm-256color; do
    export T_TERM=$term
    tui_start 80 24 -- "$B" --operator Amina
    tui_wait "Menu" 5 >/dev/null
    tui_keys a
    tui_wait "partenaires" 5 >/dev/null
    if [ $term = linux ]; then
        t_screen glyph_linux_parties <<'SCREEN'
 boucle · Partenaires              GRE1 Atelier d'Échirolles  Opérateur : Amina
 Chercher
  2 partenaires   Type : tous
Code       Type             Nom                            Contact
GRE1-P0001 association      Emmaüs Connect                 Paul Girard, 04 76 1~
GRE1-P0002 organisme public Ville d'Échirolles - 15 € par~

















EntréeModifier ^NNouveau ^KType ^XEffacer ^FOublier ?Aide ÉchapRetour qQuitter
SCREEN
    else
        t_screen glyph_xterm_parties <<'SCREEN'
 boucle · Partenaires              GRE1 Atelier d’Échirolles  Opérateur : Amina
 Chercher
  2 partenaires   Type : tous
Code       Type             Nom                            Contact
GRE1-P0001 association      Emmaüs Connect                 Paul Girard, 04 76 1…
GRE1-P0002 organisme public Ville d’Échirolles — 15 € par…

















EntréeModifier ^NNouveau ^KType ^XEffacer ^FOublier ?Aide ÉchapRetour qQuitter
SCREEN
    fi
    tui_stop
done
t_end
