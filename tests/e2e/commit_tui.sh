#!/bin/sh
# commit_tui.sh — the taker's commitment to reuse a lot, set from the lots
# screen (issue 13 part 4, screens/lot_commit.c) at 80x24 in French: k
# opens the form empty (today's date), a share of 150 is refused under its
# field with nothing written, a bad date likewise, then 80 % is recorded
# and the lots screen shows it on its last line; k again opens it
# prefilled, « Non » records that there is none; the help (F1) lists k,
# the function bar is the one proof.sh compares; a lot that turned out to
# be another workshop's opens no form.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
t_eq() { if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "want [$2] got [$3]"; fi; }
B() { "$BOUCLE" --operator Amina "$@"; }
events() { sqlite3 "$BOUCLE_DB" "select count(*) from events"; }
cd "$T_DIR" || exit 1
export XDG_CONFIG_HOME="$T_DIR/config"
B init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
"$BOUCLE" operator add Amina >/dev/null
L=$(B lot add --donor "CHU Grenoble Alpes" --ref BL-114 --date 2026-03-02)
today=$(TZ=UTC date +%Y-%m-%d)

tui_start 80 24 -- "$BOUCLE" --lang fr --operator Amina
tui_wait "Lots" >/dev/null
tui_keys l
tui_wait "Engagement de réemploi : non indiqué" >/dev/null
tui_keys k
t_screen commit_form_empty <<SCREEN
 boucle · Engagement de réemploi    GRE1 Atelier de Grenoble  Opérateur : Amina

  Engagement de réemploi, lot GRE1-L0001 (CHU Grenoble Alpes)
  Décret 2023-266 : un appareil ne compte comme réemployé que si son preneur
  s'est engagé au préalable à le réemployer.

     Engagé au préalable  < Oui >

                    Date* $today

  Part des appareils (%)*

                 Preneur*

  Entrée enregistre l'engagement ; l'écran des lots l'affiche ensuite sur sa
  dernière ligne.







EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN

# a share of 150: refused under the share field, nothing written
n=$(events)
tui_keys Tab Tab
tui_type 150
tui_keys Tab
tui_type "Emmaüs Connect"
tui_keys Enter
t_screen commit_bad_share <<SCREEN
 boucle · Engagement de réemploi    GRE1 Atelier de Grenoble  Opérateur : Amina

  Engagement de réemploi, lot GRE1-L0001 (CHU Grenoble Alpes)
  Décret 2023-266 : un appareil ne compte comme réemployé que si son preneur
  s'est engagé au préalable à le réemployer.

     Engagé au préalable  < Oui >

                    Date* $today

  Part des appareils (%)* 150
                          Saisissez un nombre de 1 à 100.
                 Preneur* Emmaüs Connect

  Entrée enregistre l'engagement ; l'écran des lots l'affiche ensuite sur sa
  dernière ligne.







EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
t_eq commit_bad_share_nothing_written "$n" "$(events)"

# a date that does not exist: refused under the date field (the refused
# Enter left the focus on the share)
tui_keys BTab C-u
tui_type 2026-02-30
tui_keys Tab C-u
tui_type 80
tui_keys Enter
got=$(tui_screen | sed -n 10p)
t_eq commit_bad_date "                          Une date comme 2025-03-31.|$n" "$got|$(events)"

# a real date (the focus is on the date): recorded, back on the lots
# screen, which shows it
tui_keys C-u
tui_type 2026-02-20
tui_keys Enter
t_screen commit_saved_lots <<SCREEN
 boucle · Lots                      GRE1 Atelier de Grenoble  Opérateur : Amina
Lot         Date       Appareils Donateur                       Référence
GRE1-L0001  2026-03-02 0         CHU Grenoble Alpes             BL-114

















 Carbone évité : 0,0 kg CO2e (0 réemployé) ; 0,0 kg de plus à venir
 Engagement de réemploi : pris le 2026-02-20, pour 80 % des appareils, par Emm…
 Lot GRE1-L0001 : engagement de réemploi enregistré.
EntréeRéception nNouveau iAnnonce rRapprocher ?Aide ÉchapRetour qQuitter
SCREEN
t_eq commit_one_event "$((n + 1))|{\"committed\":true,\"date\":\"2026-02-20\",\"share\":80,\"taker\":\"Emmaüs Connect\"}" \
  "$(events)|$("$BOUCLE" lot show "$L" --json | jq -c .commitment)"

# k again: the form holds it; « Non » records that there is none
tui_keys k
t_screen commit_form_prefilled <<SCREEN
 boucle · Engagement de réemploi    GRE1 Atelier de Grenoble  Opérateur : Amina

  Engagement de réemploi, lot GRE1-L0001 (CHU Grenoble Alpes)
  Décret 2023-266 : un appareil ne compte comme réemployé que si son preneur
  s'est engagé au préalable à le réemployer.

     Engagé au préalable  < Oui >

                    Date* 2026-02-20

  Part des appareils (%)* 80

                 Preneur* Emmaüs Connect

  Entrée enregistre l'engagement ; l'écran des lots l'affiche ensuite sur sa
  dernière ligne.







EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Right Enter
tui_wait "Engagement de réemploi : aucun" >/dev/null
t_eq commit_none '{"committed":false}' "$("$BOUCLE" lot show "$L" --json | jq -c .commitment)"

# the help lists k
tui_keys F1
tui_wait "Aide" >/dev/null
if tui_screen | grep -q "^  k  *Noter l'engagement de réemploi du preneur du lot choisi$"; then
  t_pass lots_help_lists_k
else t_fail lots_help_lists_k "$(tui_screen)"; fi
tui_keys Escape

# the lot turned out to be another workshop's (the list only shows ours:
# the row is changed under the open screen): k says so, no form
sqlite3 "$BOUCLE_DB" "update lots set workshop = 'LYO1' where id = '$L'"
n=$(events)
tui_keys k
sleep 0.3
scr=$(tui_screen)
if printf '%s\n' "$scr" | sed -n 1p | grep -q "boucle · Lots " &&
   printf '%s\n' "$scr" | grep -q "^ Le lot $L appartient à l'atelier LYO1 : seul son atelier enregistre$"; then
  t_pass commit_foreign_lot_refused
else t_fail commit_foreign_lot_refused "$scr"; fi
t_eq commit_foreign_nothing_written "$n" "$(events)"
tui_stop
t_end
