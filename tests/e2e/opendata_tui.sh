# opendata_tui.sh — « Exporter » on the region screen (F5/^O): the folder
# and the scope asked, Enter writes the open data and says what was written,
# a second Enter is refused (the files are there) with nothing changed, a
# folder that cannot be written is refused; whole screens at 80x24 in
# French, in colour and under TERM=linux, the clock fixed with faketime.
# GRE1's database holds LYO1's events, as after a pull (tests/e2e/region_tui.sh).
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
command -v sqlite3 >/dev/null || { t_skip opendata_tui "sqlite3 is not installed"; exit 0; }
NOW='2026-06-16 17:30:00'
FT_LIB=
for d in /usr/lib/x86_64-linux-gnu/faketime /usr/lib/aarch64-linux-gnu/faketime /usr/lib/faketime /usr/local/lib/faketime; do
  [ -f "$d/libfaketime.so.1" ] && { FT_LIB="$d/libfaketime.so.1"; break; }
done
[ -n "$FT_LIB" ] || { t_skip opendata_tui "libfaketime is not installed"; exit 0; }
at() { env LD_PRELOAD="$FT_LIB" FAKETIME="$NOW" DONT_FAKE_MONOTONIC=1 "$@"; }
tui_at() { tui_start 80 24 -- env LD_PRELOAD="$FT_LIB" FAKETIME="$NOW" DONT_FAKE_MONOTONIC=1 "$@"; }
GRE="$T_DIR/gre.db" LYO="$T_DIR/lyo.db"
export BOUCLE_DB="$LYO"
at "$B" init --workshop LYO1 --name "Atelier de Lyon" >/dev/null
at "$B" demo --devices 60 >/dev/null 2>&1
export BOUCLE_DB="$GRE"
at "$B" init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
at "$B" operator add Amina >/dev/null
at "$B" --operator Amina lot add --donor "Mairie de Grenoble" --expected 6 >/dev/null
for s in 5CG7301XZB 5CG7301XZC 5CG7301XZD 5CG7301XZE 5CG7301XZF 5CG7301XZG; do
  at "$B" --operator Amina device add --lot GRE1-L0001 --serial "$s" --category laptop --make HP --model "EliteBook 840 G5" >/dev/null
done
sqlite3 -cmd ".timeout 5000" "$GRE" "ATTACH '$LYO' AS src; INSERT INTO events(id, hlc, workshop, operator, device, kind, payload)
  SELECT id, hlc, workshop, operator, device, kind, payload FROM src.events
  WHERE id NOT IN (SELECT id FROM main.events) ORDER BY hlc, workshop;" && at "$B" rebuild >/dev/null

tui_at "$B" --operator Amina
tui_wait "Accueil" 5
tui_keys r
tui_wait "Région" 5
tui_keys C-o
t_screen opendata_form <<SCREEN
 boucle · Données ouvertes          GRE1 Atelier de Grenoble  Opérateur : Amina
 Données ouvertes de l'offre

    Dossier* $T_DIR/donnees-ouvertes

  Périmètre  < Toute la région >


  Entrée écrit quatre fichiers dans ce dossier : les appareils comptés par
  semaine, atelier, catégorie, grade et état avec le carbone évité (CSV), son
  schéma Table Schema et son dictionnaire en français et en anglais. Ni
  personne, ni numéro de série, ni donateur ; les effectifs sous 5 sont
  regroupés.










EntréeÉcrire F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
# the folder typed over the default (^U empties the field)
tui_keys C-u
tmux -L "$T_SOCK" send-keys -l "od"; sleep 0.2
tui_keys Enter
t_screen opendata_written <<'SCREEN'
 boucle · Données ouvertes          GRE1 Atelier de Grenoble  Opérateur : Amina
 Données ouvertes de l'offre

    Dossier* od

  Périmètre  < Toute la région >


  Entrée écrit quatre fichiers dans ce dossier : les appareils comptés par
  semaine, atelier, catégorie, grade et état avec le carbone évité (CSV), son
  schéma Table Schema et son dictionnaire en français et en anglais. Ni
  personne, ni numéro de série, ni donateur ; les effectifs sous 5 sont
  regroupés.

  Écrit dans od : supply.csv (les données), supply.schema.json (son schéma),
  dictionnaire.md et dictionary.md. Appareils publiés : 66 ; lignes : 10, dont
  regroupées : 9 (aucun effectif sous 5) ; carbone évité : 985,7 kg CO2e.






EntréeÉcrire F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
ls "$T_DIR/od" | tr '\n' ' ' | grep -qx "dictionary.md dictionnaire.md supply.csv supply.schema.json " \
  && t_pass opendata_screen_wrote_files || t_fail opendata_screen_wrote_files "$(ls "$T_DIR/od")"
grep -q ',LYO1,' "$T_DIR/od/supply.csv" && grep -q ',GRE1,' "$T_DIR/od/supply.csv" \
  && t_pass opendata_screen_whole_region || t_fail opendata_screen_whole_region "$(cat "$T_DIR/od/supply.csv")"
sum=$(cat "$T_DIR/od"/* | md5sum)
tui_keys Enter
t_screen opendata_refused_existing <<'SCREEN'
 boucle · Données ouvertes          GRE1 Atelier de Grenoble  Opérateur : Amina
 Données ouvertes de l'offre

    Dossier* od

  Périmètre  < Toute la région >


  Entrée écrit quatre fichiers dans ce dossier : les appareils comptés par
  semaine, atelier, catégorie, grade et état avec le carbone évité (CSV), son
  schéma Table Schema et son dictionnaire en français et en anglais. Ni
  personne, ni numéro de série, ni donateur ; les effectifs sous 5 sont
  regroupés.

  od/supply.csv existe déjà : rien n'a été écrit (choisissez un dossier vide,
  ou déplacez l'export précédent)







EntréeÉcrire F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
[ "$(cat "$T_DIR/od"/* | md5sum)" = "$sum" ] && t_pass opendata_screen_nothing_changed || t_fail opendata_screen_nothing_changed "the files changed"
# this workshop only, into a folder that cannot be created
: >"$T_DIR/afile"
tui_keys C-u
tmux -L "$T_SOCK" send-keys -l "afile/od"; sleep 0.2
tui_keys Tab Right Enter
t_screen opendata_refused_folder <<'SCREEN'
 boucle · Données ouvertes          GRE1 Atelier de Grenoble  Opérateur : Amina
 Données ouvertes de l'offre

    Dossier* afile/od

  Périmètre  < Cet atelier >


  Entrée écrit quatre fichiers dans ce dossier : les appareils comptés par
  semaine, atelier, catégorie, grade et état avec le carbone évité (CSV), son
  schéma Table Schema et son dictionnaire en français et en anglais. Ni
  personne, ni numéro de série, ni donateur ; les effectifs sous 5 sont
  regroupés.

  Impossible de créer le dossier afile/od : N'est pas un dossier








EntréeÉcrire F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Escape
tui_wait "Région" 5
t_screen opendata_region_bar <<'SCREEN'
 boucle · Région                    GRE1 Atelier de Grenoble  Opérateur : Amina
 Chercher
  Prêts dans les autres ateliers : 8   Catégorie : tous   Grade : tous
Atelier  Identifiant Catégorie  Grade Mémoire Disque Âge    Marque, modèle, pro…
LYO1     LYO1-000058 imprimante A                    0 j    Brother HL-L2350DW
LYO1     LYO1-000044 portable   C     16 Go   500 Go 3 j    Dell Latitude 5490
LYO1     LYO1-000037 portable   A     16 Go   256 Go 1 j    HP EliteBook 840 G5
LYO1     LYO1-000032 téléphone  C             64 Go  3 j    Samsung Galaxy A52
LYO1     LYO1-000030 téléphone  B             64 Go  3 j    Samsung Galaxy A52
LYO1     LYO1-000011 PC fixe    B     8 Go    500 Go 21 j   HP ProDesk 600 G3
LYO1     LYO1-000010 portable   C     16 Go   256 Go 19 j   HP EliteBook 840 G5
LYO1     LYO1-000008 portable   C     32 Go   256 Go 16 j   HP EliteBook 840 G5











EntréeOuvrir ^KCatégorie ^GGrade ^XEffacer ^OExporter ?Aide ÉchapRetour qQuitter
SCREEN
tui_stop

# under TERM=linux
T_TERM=linux tui_at "$B" --operator Amina
tui_wait "Accueil" 5
tui_keys r
tui_wait "Région" 5
tui_keys F5
t_screen opendata_form_linux <<SCREEN
 boucle · Données ouvertes          GRE1 Atelier de Grenoble  Opérateur : Amina
 Données ouvertes de l'offre

    Dossier* $T_DIR/donnees-ouvertes

  Périmètre  < Toute la région >


  Entrée écrit quatre fichiers dans ce dossier : les appareils comptés par
  semaine, atelier, catégorie, grade et état avec le carbone évité (CSV), son
  schéma Table Schema et son dictionnaire en français et en anglais. Ni
  personne, ni numéro de série, ni donateur ; les effectifs sous 5 sont
  regroupés.










EntréeÉcrire F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_stop

# in English
tui_at "$B" --lang en --operator Amina
tui_wait "Home" 5
tui_keys r
tui_wait "Region" 5
tui_keys C-o C-u
tmux -L "$T_SOCK" send-keys -l "od-en"; sleep 0.2
tui_keys Enter
t_screen opendata_written_en <<'SCREEN'
 boucle · Open data                   GRE1 Atelier de Grenoble  Operator: Amina
 Open data of the supply

  Folder* od-en

   Scope  < The whole region >


  Enter writes four files into this folder: the devices counted by week,
  workshop, category, grade and state with the carbon avoided (CSV), its Table
  Schema, and its dictionary in French and English. No person, serial or
  donor; counts below 5 are grouped.


  Written in od-en: supply.csv (the data), supply.schema.json (its Table
  Schema), dictionnaire.md and dictionary.md. Devices published: 66; rows: 10,
  of which grouped: 9 (no count below 5); carbon avoided: 985.7 kg CO2e.






EnterWrite F1/?Help /Search EscBack F10/qQuit
SCREEN
tui_stop
t_end
