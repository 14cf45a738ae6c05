#!/bin/sh
# announce.sh — a lot announced from the donor's GLPI export, then received
# one scan a device, as the sorting operator does it (issue 12):
#  - `boucle lot import`: a preview stores nothing, the import stores each
#    device once, the same file again changes nothing, a broken file is
#    refused with its line and leaves what was stored;
#  - the Announce screen (lots, i): a pasted path, the preview, F2 stores;
#  - intake: an announced serial brings make, model, RAM, CPU and disks and
#    says « annoncé ✓ »; the donor's tag scanned finds its serial; a device
#    nobody announced is received and marked « non annoncé ».
. "$(dirname "$0")/../lib/e2e.sh"
B() { "$BOUCLE" --operator Ana "$@"; }
DATA=$(cd "$(dirname "$0")/../unit/data/inventories" && pwd)

B init --workshop GRE1 --name "Atelier test" >/dev/null 2>&1 || t_fail setup "boucle init failed"
B operator add Ana >/dev/null 2>&1 || t_fail setup "operator add failed"
L1=$(B lot add --donor "Mairie de Grenoble" --ref BL-7 --expected 5 2>/dev/null)
L2=$(B lot add --donor "CHU" 2>/dev/null)
cp "$DATA/glpi-fr.csv" "$T_DIR/parc.csv"

# ---- the command line ---------------------------------------------------------
out=$(B lot import "$L2" "$T_DIR/parc.csv" --dry-run --json 2>&1)
n=$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM announced")
if [ "$n" = 0 ] && echo "$out" | jq -e '.dry_run == true and .devices == 4 and .added == 4 and .disks == 4 and .disks_skipped == 1
     and .format == "glpi-csv" and .notes_total == 2 and .categories.laptop == 2' >/dev/null; then
  t_pass cli_preview_stores_nothing; else t_fail cli_preview_stores_nothing "$n rows stored; $out"; fi
B lot import "$L2" "$T_DIR/parc.csv" >/dev/null 2>&1
again=$(B lot import "$L2" "$DATA/glpi-fr-cp1252.csv" --json 2>/dev/null)
if [ "$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM events WHERE kind = 'lot.announce'")" = 4 ] \
   && echo "$again" | jq -e '.added == 0 and .unchanged == 4' >/dev/null; then
  t_pass cli_same_file_in_another_encoding_changes_nothing; else
  t_fail cli_same_file_in_another_encoding_changes_nothing "$again"; fi
# a broken file: refused with its line, the announcement before it kept
printf 'Nom;Numéro de série;Modèle\r\nPC-9;"SN-BROKEN;Latitude\r\n' >"$T_DIR/broken.csv"
err=$(B --lang fr lot import "$L2" "$T_DIR/broken.csv" 2>&1 >/dev/null); rc=$?
if [ "$rc" = 1 ] && echo "$err" | grep -q "broken.csv, ligne 2" \
   && [ "$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM announced WHERE lot = '$L2'")" = 4 ]; then
  t_pass cli_broken_file_refused_with_its_line; else t_fail cli_broken_file_refused_with_its_line "rc=$rc: $err"; fi
# a folder of the donor's files with their README beside them: the README
# is skipped with a note, the inventories are read; a path that does not
# exist names itself and the reason
mkdir -p "$T_DIR/don"
cp "$DATA/devicehub.csv" "$T_DIR/don/"
printf '# Inventaire du don, voir le fichier joint, merci\n' >"$T_DIR/don/README.md"
out=$(B --lang fr lot import "$L2" "$T_DIR/don/" --dry-run 2>&1); rc=$?
if [ "$rc" = 0 ] && echo "$out" | grep -qx "  Fichiers ignorés           1" \
   && echo "$out" | grep -qx "  README.md : pas un inventaire : ignoré" && ! echo "$out" | grep -q "//"; then
  t_pass cli_folder_skips_its_readme; else t_fail cli_folder_skips_its_readme "rc=$rc: $out"; fi
rm "$T_DIR/don/devicehub.csv"
err=$(B --lang fr lot import "$L2" "$T_DIR/don" 2>&1); rc=$?
[ "$rc" = 1 ] && [ "$err" = "boucle: $T_DIR/don : aucun fichier du dossier n'est un inventaire que ce programme lit" ] \
  && t_pass cli_folder_without_inventory_refused || t_fail cli_folder_without_inventory_refused "rc=$rc: $err"
err=$(B --lang fr lot import "$L2" "$T_DIR/nulle-part.csv" 2>&1); rc=$?
[ "$rc" = 1 ] && [ "$err" = "boucle: impossible d'ouvrir $T_DIR/nulle-part.csv : Aucun fichier ou dossier de ce type" ] \
  && t_pass cli_missing_file_named || t_fail cli_missing_file_named "rc=$rc: $err"
# another workshop's lot cannot be announced into (it is not ours: no such lot here)
err=$(B lot import BBB1-L0001 "$T_DIR/parc.csv" 2>&1); rc=$?
[ "$rc" = 1 ] && t_pass cli_unknown_lot_refused || t_fail cli_unknown_lot_refused "rc=$rc: $err"
# the same serial scanned at the CLI's intake
id=$(B device add --lot "$L2" --serial 5cg7381j2k 2>"$T_DIR/said")
if [ "$(sqlite3 "$BOUCLE_DB" "SELECT serial || '|' || make || '|' || model FROM devices WHERE id = '$id'")" = "5CG7381J2K|Dell Inc.|Latitude 7490" ] \
   && grep -q "annoncé ✓" "$T_DIR/said" \
   && [ "$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM events WHERE device = '$id' AND kind IN ('device.specs', 'media.add')")" = 2 ]; then
  t_pass cli_intake_brings_the_record; else t_fail cli_intake_brings_the_record "$id: $(cat "$T_DIR/said")"; fi

# ---- the screens -------------------------------------------------------------------
cd "$T_DIR" || exit 1
tui_start -- "$BOUCLE" --operator Ana
tui_wait " boucle · " 5 || { t_fail ui_starts "no status bar"; tui_screen | sed 's/^/    | /'; exit 1; }
tui_keys l
tui_wait "$L1" || t_fail lots_listed "$L1 not listed"
tui_keys Down
tui_keys i
tui_wait "Fichier ou dossier" || t_fail import_opens "no Announce screen"
tui_keys C-u
tmux -L "$T_SOCK" send-keys -l "parc.csv"; sleep 0.4     # pasted: as fast as a scanner
tui_keys Enter
t_screen import_preview <<'SCREEN'
 boucle · Annonce                            GRE1 Atelier test  Opérateur : Ana
 Annonce du lot GRE1-L0001 · Mairie de Grenoble

 Fichier ou dossier* parc.csv

  export CSV de GLPI, 1 fichier
  4 appareils lus : 4 nouveaux, 0 mis à jour, 0 déjà annoncés
  Catégories : 2 portable, 2 PC fixe
  Avec mémoire ou processeur : 4 · avec batterie : 0
  Disques à effacer : 4 · pas des disques (lecteurs de cartes, ponts USB…) : 1
    5CG7381J2K       Dell Inc. Latitude 7490 · 8 Go · 1 disque
    CZC6259XYZ       HP EliteDesk 800 G2 SFF · 8 Go · 1 disque
    INV-0003         LENOVO ThinkPad T470 · 16 Go · 2 disques
    YLSE012345       Fujitsu ESPRIMO P757 · 8 Go
  6 lignes non retenues ou signalées :
    parc.csv, ligne 2 : 5CG7381J2K est aussi annoncé dans le lot GRE1-L0002
    parc.csv, ligne 3 : CZC6259XYZ est aussi annoncé dans le lot GRE1-L0002
    parc.csv, ligne 9 : « To be filled by O.E.M. » n'est pas un numéro de
    série : l'appareil est connu par son numéro d'inventaire
  Aperçu : rien n'est encore enregistré. F2/^W l'enregistre.



EntréeAperçu F2/^WEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
n=$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM announced WHERE lot = '$L1'")
[ "$n" = 0 ] && t_pass preview_stores_nothing || t_fail preview_stores_nothing "$n announced"
tui_keys F2
t_screen import_stored <<'SCREEN'
 boucle · Annonce                            GRE1 Atelier test  Opérateur : Ana
 Annonce du lot GRE1-L0001 · Mairie de Grenoble

 Fichier ou dossier* parc.csv

  export CSV de GLPI, 1 fichier
  4 appareils lus : 4 annoncés, 0 mis à jour, 0 déjà annoncés
  Catégories : 2 portable, 2 PC fixe
  Avec mémoire ou processeur : 4 · avec batterie : 0
  Disques à effacer : 4 · pas des disques (lecteurs de cartes, ponts USB…) : 1
    5CG7381J2K       Dell Inc. Latitude 7490 · 8 Go · 1 disque
    CZC6259XYZ       HP EliteDesk 800 G2 SFF · 8 Go · 1 disque
    INV-0003         LENOVO ThinkPad T470 · 16 Go · 2 disques
    YLSE012345       Fujitsu ESPRIMO P757 · 8 Go
  6 lignes non retenues ou signalées :
    parc.csv, ligne 2 : 5CG7381J2K est aussi annoncé dans le lot GRE1-L0002
    parc.csv, ligne 3 : CZC6259XYZ est aussi annoncé dans le lot GRE1-L0002
    parc.csv, ligne 9 : « To be filled by O.E.M. » n'est pas un numéro de
    série : l'appareil est connu par son numéro d'inventaire
  4 appareils annoncés dans le lot GRE1-L0001. À la réception, scanner un
  numéro de série ou d'inventaire apporte sa fiche.


EntréeAperçu F2/^WEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Escape
tui_keys Down
tui_keys Enter
tui_wait "sur 4 annoncés" || t_fail intake_says_announced "no count of announced devices"
tui_scan "cZc6259xyz"
t_screen intake_announced <<'SCREEN'
 boucle · Réception                          GRE1 Atelier test  Opérateur : Ana
 Lot GRE1-L0001 · Mairie de Grenoble · 1 reçu sur 4 annoncés
 Le bon de livraison en indiquait 5 · F4/^R : rapprochement
        N° de série*

 Étiquette donateur

          Catégorie  < autre >

             Marque

             Modèle

  Créé : GRE1-000002  CZC6259XYZ  annoncé ✓







 Appareil GRE1-000002 créé, comme annoncé : HP EliteDesk 800 G2 SFF, mémoire
 vive 8 Go, 1 disque.
EntréeCréer ^LAppareils ^RRapprocher ?Aide /Chercher ÉchapRetour qQuitter
SCREEN
# the donor's tag of a device its file announced without a serial
# (« To be filled by O.E.M. »): it goes to the tag field, the serial is asked
tui_scan "INV-0003"
t_screen intake_tag_without_serial <<'SCREEN'
 boucle · Réception                          GRE1 Atelier test  Opérateur : Ana
 Lot GRE1-L0001 · Mairie de Grenoble · 1 reçu sur 4 annoncés
 Le bon de livraison en indiquait 5 · F4/^R : rapprochement
        N° de série*

 Étiquette donateur  INV-0003

          Catégorie  < autre >

             Marque

             Modèle

  Créé : GRE1-000002  CZC6259XYZ  annoncé ✓







 INV-0003 : étiquette donateur d'un appareil annoncé sans numéro de série
 (LENOVO ThinkPad T470). Scannez maintenant son numéro de série.
EntréeCréer ^LAppareils ^RRapprocher ?Aide /Chercher ÉchapRetour qQuitter
SCREEN
tui_scan "PF0T470X"
tui_scan "NEW-0001"
t_screen intake_tag_and_unannounced <<'SCREEN'
 boucle · Réception                          GRE1 Atelier test  Opérateur : Ana
 Lot GRE1-L0001 · Mairie de Grenoble · 3 reçus sur 4 annoncés
 Le bon de livraison en indiquait 5 · F4/^R : rapprochement
        N° de série*

 Étiquette donateur

          Catégorie  < autre >

             Marque

             Modèle

  Créé : GRE1-000004  NEW-0001  non annoncé
           GRE1-000003  PF0T470X  annoncé ✓
           GRE1-000002  CZC6259XYZ  annoncé ✓






 Appareil GRE1-000004 créé : le donateur ne l'avait pas annoncé.
EntréeCréer ^LAppareils ^RRapprocher ?Aide /Chercher ÉchapRetour qQuitter
SCREEN
t_end
