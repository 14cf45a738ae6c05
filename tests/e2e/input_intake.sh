#!/bin/sh
# input_intake.sh — intake as a scanner feeds it, in tmux 80x24, French:
#  - a byte that is not UTF-8 (a scanner set to Latin-1 sends "é" as E9)
#    no longer swallows the rest of the input: the rest is typed, the
#    message line says a character was left out, and a scan that held such
#    a byte is not submitted by its Enter;
#  - one of our own labels scanned at intake creates nothing and offers to
#    open its device;
#  - a device beyond the count the lot announced is received, with a
#    warning under the lot's title.
. "$(dirname "$0")/../lib/e2e.sh"
B() { "$BOUCLE" --operator Ana "$@"; }
# raw bytes in one write, as a scanner sends them
tui_bytes() { tmux -L "$T_SOCK" send-keys -H "$@"; sleep 0.4; }

B init --workshop GRE1 --name "Atelier test" >/dev/null 2>&1 || t_fail setup "boucle init failed"
B operator add Ana >/dev/null 2>&1 || t_fail setup "operator add failed"
L1=$(B lot add --donor "Mairie" --expected 2 2>/dev/null)
B device add --lot "$L1" --serial "5CG7301XZB" --make HP --model "EliteBook 840" >/dev/null 2>&1 \
  || t_fail setup "device add failed"

tui_start -- "$BOUCLE" --operator Ana
tui_wait " boucle · " 5 || { t_fail ui_starts "no status bar"; tui_screen | sed 's/^/    | /'; exit 1; }
tui_keys l
tui_wait "$L1" || t_fail lots_listed "$L1 not listed"
tui_keys Enter
tui_wait "1 reçu sur 2" || t_fail intake_opens "no intake"

# Q, Latin-1 é, R S T: the four letters stay, the message says why é is not there.
tui_bytes 51 e9 52 53 54
t_screen bad_byte_keeps_the_rest <<'SCREEN'
 boucle · Réception                          GRE1 Atelier test  Opérateur : Ana
 Lot GRE1-L0001 · Mairie · 1 reçu sur 2

        N° de série* QRST

 Étiquette donateur

          Catégorie  < autre >

             Marque

             Modèle

  Scannez ou tapez un numéro de série, puis Entrée. Catégorie, marque et
  modèle sont repris pour l’appareil suivant.







 Un caractère illisible (octet E9) a été ignoré : vérifiez le champ.
EntréeCréer ^LAppareils ^RRapprocher ?Aide /Chercher ÉchapRetour qQuitter
SCREEN

# The same as a scan with its CR: typed, not submitted (still 1 received).
tui_keys BSpace BSpace BSpace BSpace
tui_bytes 51 e9 52 53 54 0d
sleep 0.3
if tui_screen | grep -q "1 reçu sur 2" && tui_screen | grep -q "N° de série\* QRST" \
   && tui_screen | grep -q "octet E9"; then t_pass bad_byte_scan_not_submitted; else
  t_fail bad_byte_scan_not_submitted "the scan was submitted or lost"; tui_screen | sed 's/^/    | /'; fi
tui_keys BSpace BSpace BSpace BSpace
# Proper UTF-8 "é" from the same scanner is a character like any other.
tui_bytes 53 4e c3 a9 31 32 0d
t_expect utf8_scan_creates_device "GRE1-000002  SNé12"

# Our own label: nothing is created, the device is offered.
tmux -L "$T_SOCK" send-keys -l "$(printf 'GRE1-000001\r')"; sleep 0.4
t_screen asset_id_at_intake_offers_device <<'SCREEN'
 boucle · Réception                          GRE1 Atelier test  Opérateur : Ana
 Lot GRE1-L0001 · Mairie · 2 reçus sur 2

        N° de série*

 Étiquette donateur

          ┌──────────────────────────────────────────────────────────┐
          │ Identifiant scanné                                       │
          │                                                          │
          │ GRE1-000001 est l'étiquette de l'appareil GRE1-000001,   │
          │ pas un numéro de série : rien n'a été créé. Ouvrir cet   │
          │ appareil ?                                               │
  Créé : G│                                                          │
          │ [O]ui / [N]on   (Entrée = oui, Échap = non)              │
          └──────────────────────────────────────────────────────────┘
SCREEN
tui_keys n
t_expect asset_id_no_stays_in_intake "2 reçus sur 2"
n=$(B device list --lot "$L1" 2>/dev/null | grep -c "GRE1-0")
[ "$n" = 2 ] && t_pass asset_id_created_nothing || t_fail asset_id_created_nothing "$n devices in the lot"
# a label printed with leading zeros cut, lower case: the same
tmux -L "$T_SOCK" send-keys -l "$(printf 'gre1-1\r')"; sleep 0.4
t_expect asset_id_variant_offers_device "Identifiant scanné"
tui_keys o
t_expect asset_id_yes_opens_device "GRE1-000001  HP EliteBook 840"
tui_keys Escape
t_expect back_to_intake "2 reçus sur 2"

# One more than announced: received, and said.
tmux -L "$T_SOCK" send-keys -l "$(printf 'EXTRA-0099\r')"; sleep 0.4
t_screen over_count_warns <<'SCREEN'
 boucle · Réception                          GRE1 Atelier test  Opérateur : Ana
 Lot GRE1-L0001 · Mairie · 3 reçus sur 2
 1 appareil de plus que ce que le lot annonçait : vérifiez la palette.
        N° de série*

 Étiquette donateur

          Catégorie  < autre >

             Marque

             Modèle

  Créé : GRE1-000003  EXTRA-0099
           GRE1-000002  SNé12







 Appareil GRE1-000003 créé : 3 reçus, le lot en annonçait 2.
EntréeCréer ^LAppareils ^RRapprocher ?Aide /Chercher ÉchapRetour qQuitter
SCREEN
tui_stop

# The command line refuses the label too (exit 1, a clear message).
out=$(B device add --lot "$L1" --serial GRE1-000001 2>&1); st=$?
[ "$st" = 1 ] && t_pass cli_asset_id_exit_1 || t_fail cli_asset_id_exit_1 "exit $st"
case $out in *"GRE1-000001 est l'identifiant de l'appareil GRE1-000001, pas un numéro de série"*) t_pass cli_asset_id_message ;;
  *) t_fail cli_asset_id_message "$out" ;; esac
out=$(B device add --lot "$L1" --serial GRE1-000777 --allow-duplicate 2>&1); st=$?
[ "$st" = 1 ] && t_pass cli_unknown_own_asset_id_refused || t_fail cli_unknown_own_asset_id_refused "exit $st: $out"
t_end
