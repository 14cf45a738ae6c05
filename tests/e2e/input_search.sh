#!/bin/sh
# input_search.sh — search as you type finds a serial, a donor tag or an
# asset id number by any 3 characters or more (what a technician reads off
# the end of a sticker), in tmux 80x24, French; make and model words still by
# their start; 1 or 2 characters by word starts only.
. "$(dirname "$0")/../lib/e2e.sh"
B() { "$BOUCLE" --operator Ana "$@"; }

B init --workshop GRE1 --name "Atelier test" >/dev/null 2>&1 || t_fail setup "boucle init failed"
B operator add Ana >/dev/null 2>&1 || t_fail setup "operator add failed"
L=$(B lot add --donor "Mairie" --expected 5 2>/dev/null)
add() { B device add --lot "$L" "$@" >/dev/null 2>&1 || t_fail setup "device add $*"; }
add --serial 5CG7301XZB --category laptop --make HP --model "EliteBook 840 G5"
add --serial PF0XZB12 --tag INV-004711 --category laptop --make Lenovo --model "ThinkPad T470"
add --serial CN0A1B2C --category screen --make Dell --model P2419H
add --serial XZ9000 --category desktop --make Dell --model "OptiPlex 7050"

tui_start -- "$BOUCLE" --operator Ana
tui_wait " boucle · " 5 || { t_fail ui_starts "no status bar"; tui_screen | sed 's/^/    | /'; exit 1; }
tui_keys /
tui_type "XZB"
t_screen end_of_serial_finds_it <<'SCREEN'
 boucle · Appareils                          GRE1 Atelier test  Opérateur : Ana
 Chercher  XZB
  État : tous   Catégorie : tous   Lot : tous
Identifiant  N° de série      État      Catégorie  Mention    Marque et modèle
GRE1-000002  PF0XZB12         reçu      portable              Lenovo ThinkPad T…
GRE1-000001  5CG7301XZB       reçu      portable              HP EliteBook 840 …

















EntréeOuvrir ^TÉtat ^KCatégorie ^XEffacer ^LLot ?Aide ÉchapRetour qQuitter
SCREEN

# Two characters: only what starts a word (XZ9000), not what has XZ inside.
tui_keys BSpace
t_screen two_characters_by_word_start <<'SCREEN'
 boucle · Appareils                          GRE1 Atelier test  Opérateur : Ana
 Chercher  XZ
  État : tous   Catégorie : tous   Lot : tous
Identifiant  N° de série      État      Catégorie  Mention    Marque et modèle
GRE1-000004  XZ9000           reçu      PC fixe               Dell OptiPlex 7050


















EntréeOuvrir ^TÉtat ^KCatégorie ^XEffacer ^LLot ?Aide ÉchapRetour qQuitter
SCREEN

# The middle of a donor tag; the end of an asset id's number.
tui_keys F4; tui_type "4711"
t_expect donor_tag_middle "GRE1-000002  PF0XZB12"
n=$(tui_screen | grep -c "^GRE1-")
[ "$n" = 1 ] && t_pass donor_tag_middle_only_it || t_fail donor_tag_middle_only_it "$n rows"
tui_keys F4; tui_type "003"
t_expect asset_number_end "GRE1-000003  CN0A1B2C"
n=$(tui_screen | grep -c "^GRE1-")
[ "$n" = 1 ] && t_pass asset_number_end_only_it || t_fail asset_number_end_only_it "$n rows"
# Make and model words: by their start, as before.
tui_keys F4; tui_type "dell opti"
t_expect make_model_prefix "GRE1-000004  XZ9000"
n=$(tui_screen | grep -c "^GRE1-")
[ "$n" = 1 ] && t_pass make_model_prefix_only_it || t_fail make_model_prefix_only_it "$n rows"
tui_keys F4; tui_type "plex"
sleep 0.3
n=$(tui_screen | grep -c "^GRE1-")
[ "$n" = 0 ] && t_pass model_middle_not_found || t_fail model_middle_not_found "$n rows"
# The filters' Ctrl keys, for the consoles that do not send F2–F5 (a letter
# would go to the search): ^X clears, ^T takes the next state, ^K the next
# category; none is typed into the field.
tui_keys C-x C-t C-k
sleep 0.3
row=$(tui_screen | sed -n 3p | sed 's/ *$//')
[ "$row" = "  État : reçu   Catégorie : portable   Lot : tous" ] && t_pass ctrl_keys_filter || t_fail ctrl_keys_filter "$row"
row=$(tui_screen | sed -n 2p | sed 's/ *$//')
[ "$row" = " Chercher" ] && t_pass ctrl_keys_not_typed || t_fail ctrl_keys_not_typed "$row"
n=$(tui_screen | grep -c "^GRE1-")
[ "$n" = 2 ] && t_pass ctrl_keys_filter_rows || t_fail ctrl_keys_filter_rows "$n rows"
tui_stop

# The command line's search is the same.
out=$(B device list --search 301XZ 2>&1)
case $out in *5CG7301XZB*) t_pass cli_search_infix ;; *) t_fail cli_search_infix "$out" ;; esac
t_end
