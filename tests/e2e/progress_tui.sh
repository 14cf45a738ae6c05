#!/bin/sh
# progress_tui.sh — long operations show how far they are (issue 14, item 7):
#  - the Announce screen (lots, i) reading a donor's file: a bar, the bytes
#    read out of the file's size, then the time left once it means something;
#    Esc stops it: a preview says nothing was stored, an import of a folder
#    says how many files were stored whole (the file being read is rolled
#    back), and the database agrees;
#  - the same bar in ASCII under TERM=linux, in English;
#  - `boucle lot import` draws one progress line on stderr when stderr is a
#    terminal (script(1)), and nothing when it is a pipe.
# The reads are made slow and their clock exact by BOUCLE_TEST_PROGRESS_MS
# (util/progress.h: each progress report sleeps that long, and the time left
# is computed from those sleeps alone), so that every screen is the same on
# every run.
. "$(dirname "$0")/../lib/e2e.sh"
B() { "$BOUCLE" --operator Ana "$@"; }

B init --workshop GRE1 --name "Atelier test" >/dev/null 2>&1 || t_fail setup "boucle init failed"
B operator add Ana >/dev/null 2>&1 || t_fail setup "operator add failed"
L1=$(B lot add --donor "Mairie de Grenoble" 2>/dev/null)
# gen ROWS FIRST FILE: a GLPI CSV export of ROWS computers from serial FIRST,
# each row ~290 bytes (a long location), so that the reader's 64 KB chunks
# move the bar every 256 devices
gen() {
  awk -v rows="$1" -v first="$2" 'BEGIN {
    pad = sprintf("%250s", ""); gsub(/ /, "x", pad)
    printf "Nom;Numéro de série;Modèle;Lieu\r\n"
    for (i = first; i < first + rows; i++) printf "PC-%05d;SN%06d;Latitude 5490;Salle %s\r\n", i, i, pad
  }' >"$3"
}
mkdir -p "$T_DIR/don"
gen 2000 1 "$T_DIR/parc.csv"
gen 300 5001 "$T_DIR/don/a.csv"
cp "$T_DIR/parc.csv" "$T_DIR/don/b.csv"
cd "$T_DIR" || exit 1

# ---- the screen, in French -------------------------------------------------------
tui_start -- env BOUCLE_TEST_PROGRESS_MS=800 "$BOUCLE" --operator Ana
tui_wait " boucle · " 5 || { t_fail ui_starts "no status bar"; tui_screen | sed 's/^/    | /'; exit 1; }
tui_keys l
tui_wait "$L1" || t_fail lots_listed "$L1 not listed"
tui_keys i
tui_wait "Fichier ou dossier" || t_fail import_opens "no Announce screen"
tui_keys C-u
tmux -L "$T_SOCK" send-keys -l "parc.csv"; sleep 0.4
tui_keys Enter
# the first report: too early for the time left
t_screen reading_count_only 3 <<'SCREEN'
 boucle · Annonce                            GRE1 Atelier test  Opérateur : Ana
 Annonce du lot GRE1-L0001 · Mairie de Grenoble

 Fichier ou dossier* parc.csv

  Un fichier ou un dossier de l'inventaire du donateur : export CSV des
  ordinateurs de GLPI, tableur d'eReuse DeviceHub, XML d'agent FusionInventory
  ou OCS, JSON de l'agent GLPI, ou modèle CSV de boucle (doc/inventories.md).
  Entrée montre ce qui est compris ; rien n'est enregistré avant F2.











  Lecture de parc.csv                                          Échap : arrêter
  ████████▉░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 131 ko / 580 ko

EntréeAperçu F2/^WEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
# the second: 0.8 s per report, 1.6 s for 197 ko of 580 ko: 3.1 s left → 4 s
t_screen reading_time_left 3 <<'SCREEN'
 boucle · Annonce                            GRE1 Atelier test  Opérateur : Ana
 Annonce du lot GRE1-L0001 · Mairie de Grenoble

 Fichier ou dossier* parc.csv

  Un fichier ou un dossier de l'inventaire du donateur : export CSV des
  ordinateurs de GLPI, tableur d'eReuse DeviceHub, XML d'agent FusionInventory
  ou OCS, JSON de l'agent GLPI, ou modèle CSV de boucle (doc/inventories.md).
  Entrée montre ce qui est compris ; rien n'est enregistré avant F2.











  Lecture de parc.csv                                          Échap : arrêter
  █████████████▎░░░░░░░░░░░░░░░░░░░░░░░░░ 197 ko / 580 ko · reste 4 s

EntréeAperçu F2/^WEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Escape
t_screen preview_stopped 5 <<'SCREEN'
 boucle · Annonce                            GRE1 Atelier test  Opérateur : Ana
 Annonce du lot GRE1-L0001 · Mairie de Grenoble

 Fichier ou dossier* parc.csv

  Un fichier ou un dossier de l'inventaire du donateur : export CSV des
  ordinateurs de GLPI, tableur d'eReuse DeviceHub, XML d'agent FusionInventory
  ou OCS, JSON de l'agent GLPI, ou modèle CSV de boucle (doc/inventories.md).
  Entrée montre ce qui est compris ; rien n'est enregistré avant F2.

  Aperçu arrêté : rien n'a été enregistré.












EntréeAperçu F2/^WEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
n=$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM announced")
[ "$n" = 0 ] && t_pass preview_stopped_stores_nothing || t_fail preview_stopped_stores_nothing "$n announced"

# a folder: a.csv is stored whole, b.csv stopped half-way is rolled back
tui_keys C-u
tmux -L "$T_SOCK" send-keys -l "don"; sleep 0.4
tui_keys Enter
tui_wait "2 fichiers" 20 || t_fail folder_previewed "no preview of the folder"
tui_keys F2
tui_wait "Import de b.csv" 10 || t_fail folder_import_shown "no progress of b.csv"
tui_keys Escape
t_screen import_stopped_says_what_was_kept 5 <<'SCREEN'
 boucle · Annonce                            GRE1 Atelier test  Opérateur : Ana
 Annonce du lot GRE1-L0001 · Mairie de Grenoble

 Fichier ou dossier* don

  Un fichier ou un dossier de l'inventaire du donateur : export CSV des
  ordinateurs de GLPI, tableur d'eReuse DeviceHub, XML d'agent FusionInventory
  ou OCS, JSON de l'agent GLPI, ou modèle CSV de boucle (doc/inventories.md).
  Entrée montre ce qui est compris ; rien n'est enregistré avant F2.

  Import arrêté : 1 fichier a été enregistré en entier ; rien du fichier en
  cours de lecture n'a été gardé.











EntréeAperçu F2/^WEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
n=$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM announced WHERE lot = '$L1'")
[ "$n" = 300 ] && t_pass import_stopped_keeps_the_whole_files || t_fail import_stopped_keeps_the_whole_files "$n announced, 300 expected"
tui_stop

# ---- TERM=linux, in English: the ASCII bar ----------------------------------------
# TERM=linux for the program itself (as T_TERM=linux does)
tui_start -- env TERM=linux BOUCLE_TEST_PROGRESS_MS=800 "$BOUCLE" --operator Ana --lang en
tui_wait " boucle · " 5 || t_fail linux_starts "no status bar"
tui_keys l
tui_wait "$L1" || t_fail linux_lots "$L1 not listed"
tui_keys i
tui_wait "File or folder" || t_fail linux_import_opens "no Announce screen"
tui_keys C-u
tmux -L "$T_SOCK" send-keys -l "parc.csv"; sleep 0.4
tui_keys Enter
t_screen linux_reading_time_left 4 <<'SCREEN'
 boucle · Announce                             GRE1 Atelier test  Operator: Ana
 Announce lot GRE1-L0001 · Mairie de Grenoble

 File or folder* parc.csv

  A file or a folder of the donor's inventory: GLPI's CSV export of computers,
  eReuse DeviceHub's spreadsheet, FusionInventory or OCS agent XML, GLPI agent
  JSON, or boucle's CSV template (doc/inventories.md). Enter shows what is
  understood; nothing is stored before F2.











  Reading parc.csv                                                   Esc: stop
  ##############.......................... 197 kB / 580 kB - 4 s left

EnterPreview F2/^WStore F1/?Help /Search EscBack F10/qQuit
SCREEN
tui_keys Escape
tui_wait "Preview stopped" 5 || t_fail linux_stopped "no message"
tui_stop

# ---- nwipe logs: a folder, file by file; Esc stops between two files --------------------
FX=${BOUCLE_FIXTURES:-$(dirname "$0")/../../../shared/fixtures}
if [ -d "$FX/nwipe" ]; then
  mkdir -p "$T_DIR/journaux"
  cp "$FX"/nwipe/*.log "$T_DIR/journaux/"
  tui_start -- env BOUCLE_TEST_PROGRESS_MS=1500 "$BOUCLE" --operator Ana
  tui_wait " boucle · " 5 || t_fail wipe_ui_starts "no status bar"
  tui_keys w
  tui_wait "Journal ou dossier" || t_fail wipe_import_opens "no import screen"
  tui_keys C-u
  tmux -L "$T_SOCK" send-keys -l "journaux"; sleep 0.4
  tui_keys Enter
  # one log read of three in 3 s (the first report came at 1.5 s): 6 s for the two others
  t_screen wipe_logs_time_left 4 <<'SCREEN'
 boucle · Importer des journaux nwipe        GRE1 Atelier test  Opérateur : Ana
 Importer des journaux nwipe (disques rattachés aux appareils par numéro de
 série)
  Journal ou dossier* journaux

  Un journal ou un dossier de journaux ; ~/ est votre dossier personnel.
  Entrée importe.
 Appareil     N° de série          Statut   Méthode            Mention












  Import de journaux                                           Échap : arrêter
  █████████████▍░░░░░░░░░░░░░░░░░░░░░░░░░░ 1 / 3 · reste 6 s

EntréeImporter ^TCible ^NNon attribués ?Aide /Chercher ÉchapRetour qQuitter
SCREEN
  tui_keys Escape
  t_screen wipe_logs_stopped 6 <<'SCREEN'
 boucle · Importer des journaux nwipe        GRE1 Atelier test  Opérateur : Ana
 Importer des journaux nwipe (disques rattachés aux appareils par numéro de
 série)
  Journal ou dossier* journaux

  Un journal ou un dossier de journaux ; ~/ est votre dossier personnel.
  Entrée importe.
 Appareil     N° de série          Statut   Méthode            Mention
 non attribué \xe0E\xf4\x05\x7f    effacé   PRNG Stream        —
 non attribué \x80`\x91\xb0\x7f    ÉCHEC    Verify Zeros (0x0… —










 Import arrêté : 2 journaux importés en entier (les disques ci-dessous) ; les
 autres fichiers n'ont pas été lus.

EntréeImporter ^TCible ^NNon attribués ?Aide /Chercher ÉchapRetour qQuitter
SCREEN
  n=$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM wipes")
  [ "$n" = 2 ] && t_pass wipe_logs_stopped_keeps_two || t_fail wipe_logs_stopped_keeps_two "$n wipes, 2 expected"
  tui_stop
  # the command line: the files of the folder counted on a terminal, nothing in a pipe
  rm -f "$BOUCLE_DB" "$BOUCLE_DB-wal" "$BOUCLE_DB-shm"
  B init --workshop GRE1 --name "Atelier test" >/dev/null 2>&1 && B operator add Ana >/dev/null 2>&1
  BOUCLE_TEST_PROGRESS_MS=300 script -qec "stty cols 80; $BOUCLE --operator Ana --lang fr wipe import journaux" /dev/null >"$T_DIR/wtty.out" 2>&1
  if grep -q "$(printf '\r')journaux .* 2 / 3 " "$T_DIR/wtty.out" && grep -q "journaux nwipe : 3" "$T_DIR/wtty.out"; then
    t_pass cli_wipe_import_progress_on_a_terminal; else t_fail cli_wipe_import_progress_on_a_terminal "$(tr '\r' '\n' <"$T_DIR/wtty.out" | head)"; fi
  rm -f "$BOUCLE_DB" "$BOUCLE_DB-wal" "$BOUCLE_DB-shm"
  B init --workshop GRE1 --name "Atelier test" >/dev/null 2>&1 && B operator add Ana >/dev/null 2>&1
  BOUCLE_TEST_PROGRESS_MS=300 B --lang fr wipe import journaux >"$T_DIR/wpipe.out" 2>"$T_DIR/wpipe.err"
  [ ! -s "$T_DIR/wpipe.err" ] && ! grep -q "$(printf '\r')" "$T_DIR/wpipe.out" && t_pass cli_wipe_import_no_progress_in_a_pipe \
    || t_fail cli_wipe_import_no_progress_in_a_pipe "$(cat -A "$T_DIR/wpipe.err" | head -3)"
  L1=$(B lot add --donor "Mairie de Grenoble" 2>/dev/null)
else
  t_skip wipe_logs "no nwipe fixtures in $FX"
fi

# ---- the command line ---------------------------------------------------------------
L2=$(B lot add --donor "CHU" 2>/dev/null)
if command -v script >/dev/null 2>&1; then
  BOUCLE_TEST_PROGRESS_MS=300 COLUMNS=80 script -qec "stty cols 80; $BOUCLE --operator Ana --lang fr lot import $L2 parc.csv --dry-run" /dev/null >"$T_DIR/tty.out" 2>&1
  # the line rewritten in place, its time left, then cleared before the report
  if grep -q "$(printf '\r')parc.csv .* 328 ko / 580 ko · reste 1 s" "$T_DIR/tty.out" \
     && tr '\r' '\n' <"$T_DIR/tty.out" | grep -q "^Lot $L2 : aperçu, rien n'a été enregistré."; then
    t_pass cli_progress_on_a_terminal; else t_fail cli_progress_on_a_terminal "$(tr '\r' '\n' <"$T_DIR/tty.out" | head -20)"; fi
else
  t_skip cli_progress_on_a_terminal "no script(1)"
fi
BOUCLE_TEST_PROGRESS_MS=300 B --lang fr lot import "$L2" parc.csv --dry-run >"$T_DIR/pipe.out" 2>"$T_DIR/pipe.err"
if [ ! -s "$T_DIR/pipe.err" ] && ! grep -q "$(printf '\r')" "$T_DIR/pipe.out" \
   && [ "$(head -1 "$T_DIR/pipe.out")" = "Lot $L2 : aperçu, rien n'a été enregistré." ]; then
  t_pass cli_no_progress_in_a_pipe; else t_fail cli_no_progress_in_a_pipe "$(cat -A "$T_DIR/pipe.err" | head -5)"; fi
t_end
