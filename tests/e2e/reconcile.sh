# reconcile.sh — a lot against its donor's inventory, as a person and a
# script see it: the reconciliation screen whole at 80x24 in French (the
# four counts, then missing, not announced, received), Enter on a missing
# row and on a received one, the PDF written from its form in English while
# the screen stays French; `boucle lot reconcile` as text, JSON, CSV and
# PDF, and its refusals (an unknown lot, another workshop's lot, no lot).
# The database is bench/reconcile's fixed one (`reconcile demo`): the
# announcements are lot.announce events, which only core/ writes.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
GEN=${BUILD:?BUILD must name the build folder}/bench/reconcile
cd "$T_DIR" || exit 1
if [ ! -x "$GEN" ]; then t_fail reconcile_setup "$GEN is missing"; exit 1; fi
"$GEN" demo "$BOUCLE_DB" || { t_fail reconcile_setup "reconcile demo failed"; exit 1; }

# ---- the command line ----
out=$("$B" --lang fr lot reconcile GRE1-L0001 2>&1); st=$?
if [ $st -eq 0 ] && printf '%s\n' "$out" | grep -q "^  Manquants            2$" \
   && printf '%s\n' "$out" | grep -q "^2 appareils annoncés n'ont pas été reçus.$" \
   && printf '%s\n' "$out" | grep -q "GRE1-000006  CN0H5T2K .*(annoncé dans le lot GRE1-L0002)$"; then
  t_pass cli_reconcile_text_fr
else t_fail cli_reconcile_text_fr "exit $st: $out"; fi

json=$("$B" lot reconcile GRE1-L0001 --json); st=$?
got=$(printf '%s' "$json" | jq -c '[.announced, .received, (.missing | map(.serial)), (.unannounced | map([.id, .other_lot]))]' 2>&1)
want='[6,4,["8CC9112QRT","JH4KA7560MC"],[["GRE1-000005",null],["GRE1-000006","GRE1-L0002"]]]'
[ $st -eq 0 ] && [ "$got" = "$want" ] && t_pass cli_reconcile_json || t_fail cli_reconcile_json "exit $st: $got"

"$B" --lang en lot reconcile GRE1-L0001 --csv "$T_DIR/r.csv" --pdf "$T_DIR/r.pdf" >/dev/null; st=$?
head=$(head -1 "$T_DIR/r.csv" | tr -d '\r')
if [ $st -eq 0 ] && [ "$head" = "$(printf '\357\273\277')Status;Serial number;Donor asset tag;Category;Make;Model;Asset id;Other lot" ] \
   && grep -q '^missing;8CC9112QRT;;desktop;HP;"ProDesk 400; ""G4""";;' "$T_DIR/r.csv"; then
  t_pass cli_reconcile_csv_en
else t_fail cli_reconcile_csv_en "exit $st: $(cat "$T_DIR/r.csv")"; fi
if ! command -v pdftotext >/dev/null; then t_skip cli_reconcile_pdf_en "pdftotext (poppler-utils) is not installed"
elif pdftotext "$T_DIR/r.pdf" - | grep -q "2 announced devices were not received."; then t_pass cli_reconcile_pdf_en
else t_fail cli_reconcile_pdf_en "$(pdftotext "$T_DIR/r.pdf" - 2>&1 | head -20)"; fi

out=$("$B" --lang fr lot reconcile LYO1-L0001 2>&1); st=$?
[ $st -eq 1 ] && [ "$out" = "boucle: Le lot LYO1-L0001 appartient à l'atelier LYO1 : seul cet atelier peut le rapprocher." ] \
  && t_pass cli_reconcile_other_workshop || t_fail cli_reconcile_other_workshop "exit $st: $out"
out=$("$B" --lang en lot reconcile GRE1-L0042 2>&1); st=$?
[ $st -eq 1 ] && [ "$out" = "boucle: No lot GRE1-L0042." ] && t_pass cli_reconcile_unknown || t_fail cli_reconcile_unknown "exit $st: $out"
out=$("$B" --lang en lot reconcile 2>&1); st=$?
[ $st -eq 2 ] && printf '%s' "$out" | grep -q "lot reconcile needs a lot" && t_pass cli_reconcile_no_lot \
  || t_fail cli_reconcile_no_lot "exit $st: $out"

# ---- the screen ----
mkdir -p "$T_DIR/docs"
tui_start 80 24 -- env XDG_CONFIG_HOME="$T_DIR/config" XDG_DOCUMENTS_DIR="$T_DIR/docs" "$B" --lang fr --operator Bench
tui_wait "Accueil" 5
tui_keys F2
tui_wait "GRE1-L0001" 3
tui_keys Down r
t_screen reconcile_screen_fr <<'SCREEN'
 boucle · Rapprochement             GRE1 Atelier de Grenoble  Opérateur : Bench
 GRE1-L0001 — CHU Grenoble Alpes, BL-2026-114
 Annoncés 6   Reçus 4   Manquants 2   Non annoncés 2
 2 appareils annoncés n'ont pas été reçus.
 2 appareils ont été reçus sans avoir été annoncés.

Statut        N° de série  Étiquette Identifiant Autre lot  Marque et modèle
manquant      8CC9112QRT                                    HP ProDesk 400; "G4"
manquant      JH4KA7560MC                                   Lenovo ThinkCentre …
non annoncé   7XQ2M13                GRE1-000005            Dell Latitude 7490
non annoncé   CN0H5T2K               GRE1-000006 GRE1-L0002 Dell Latitude 5490
reçu          5CG7301XYZ   INV-0040  GRE1-000001            HP EliteBook 840 G5
reçu          PF0ABC12               GRE1-000002            Lenovo ThinkPad T480
reçu                       INV-0042  GRE1-000003            Dell OptiPlex 7050
reçu          C02XK1ZZJGH5           GRE1-000004 GRE1-L0002 Apple MacBook Pro 1…








EntréeOuvrir F5/pPDF F6/vCSV F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN

tui_keys Enter
t_expect reconcile_missing_has_no_device "Annoncé mais pas reçu : il n'y a pas d'appareil à ouvrir."
tui_keys Down Down Down Down Down Down Enter
t_expect reconcile_enter_opens_the_device "N° de série  CZC4401ABC"
tui_keys Escape
tui_wait "Annoncés 6" 3

# the PDF from its form, in English, the screen staying French
tui_keys p
tui_wait "Fichier PDF" 3
tui_keys Down Right Enter
t_expect reconcile_pdf_written "Écrit : $T_DIR/docs/rapprochement-GRE1-L0001.pdf"
if ! command -v pdftotext >/dev/null; then t_skip reconcile_pdf_english "pdftotext (poppler-utils) is not installed"
elif pdftotext "$T_DIR/docs/rapprochement-GRE1-L0001.pdf" - 2>/dev/null | grep -q "^Reconciliation of lot GRE1-L0001$"; then
  t_pass reconcile_pdf_english
else t_fail reconcile_pdf_english "no English title in the PDF"; fi
tui_keys Escape v
tui_wait "Fichier CSV" 3
tui_keys Enter
t_expect reconcile_csv_written "Écrit : $T_DIR/docs/rapprochement-GRE1-L0001.csv"
head -1 "$T_DIR/docs/rapprochement-GRE1-L0001.csv" 2>/dev/null | grep -q "Statut;N° de série" \
  && t_pass reconcile_csv_french || t_fail reconcile_csv_french "no French header"
tui_stop
t_end
