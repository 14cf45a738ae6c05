# region_tui.sh — one workshop's screens when its database holds the
# region's events (what a pull brings): its own counts, lots, devices and
# labels only; « Région » (r) for the other workshops' ready stock, searched
# as you type; a device of another workshop read-only; a transfer offered
# from a device, seen and accepted in « Transferts » (t) on the other side;
# an event that came too late refused, in the sync screen, its list and the
# device's history. At 80x24 in French, the clock fixed with faketime.
#
# Two databases, no hub: merge() copies the events one lacks into the other
# and recomputes its tables (`boucle rebuild`), which is what a pull does
# event by event (core/sync, tests/e2e/sync.sh for the real thing).
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
command -v faketime >/dev/null || { t_skip region_tui "faketime is not installed"; exit 0; }
command -v sqlite3 >/dev/null || { t_skip region_tui "sqlite3 is not installed"; exit 0; }
NOW='2026-06-16 17:30:00'
# libfaketime itself where it is found: the faketime wrapper fails now and
# then ("sem_open: File exists") when other suites run it at the same time.
# The clock stands still (no "@"): the minutes shown never depend on how
# fast the machine runs the test.
FT_LIB=
for d in /usr/lib/x86_64-linux-gnu/faketime /usr/lib/aarch64-linux-gnu/faketime /usr/lib/faketime /usr/local/lib/faketime; do
  [ -f "$d/libfaketime.so.1" ] && { FT_LIB="$d/libfaketime.so.1"; break; }
done
at_time() { t=$1; shift
  if [ -n "$FT_LIB" ]; then env LD_PRELOAD="$FT_LIB" FAKETIME="$t" DONT_FAKE_MONOTONIC=1 "$@"; else faketime -f "$t" "$@"; fi; }
at() { at_time "$NOW" "$@"; }
tui_at() { t=$1; shift
  if [ -n "$FT_LIB" ]; then tui_start 80 24 -- env LD_PRELOAD="$FT_LIB" FAKETIME="$t" DONT_FAKE_MONOTONIC=1 "$@"
  else tui_start 80 24 -- faketime -f "$t" "$@"; fi; }
GRE="$T_DIR/gre.db" LYO="$T_DIR/lyo.db"
merge() { # SRC DST
  sqlite3 -cmd ".timeout 5000" "$2" "ATTACH '$1' AS src; INSERT INTO events(id, hlc, workshop, operator, device, kind, payload)
                SELECT id, hlc, workshop, operator, device, kind, payload FROM src.events
                WHERE id NOT IN (SELECT id FROM main.events) ORDER BY hlc, workshop;" \
    && BOUCLE_DB="$2" at "$B" rebuild >/dev/null
}

# LYO1: the demo's stock; GRE1: a lot of three laptops, pulled LYO1's
export BOUCLE_DB="$LYO"
at "$B" init --workshop LYO1 --name "Atelier de Lyon" >/dev/null
at "$B" demo --devices 60 >/dev/null 2>&1
at "$B" operator add Lucas >/dev/null
# a drive LYO1 erased that matched none of its devices
FX="$BOUCLE_FIXTURES/nwipe/nwipe-zero-verify-last.log"
at "$B" --operator Lucas wipe import "$FX" >/dev/null
LKEY=$("$B" wipe unassigned --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["key"])')
export BOUCLE_DB="$GRE"
at "$B" init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
at "$B" operator add Amina >/dev/null
# one configuration for both databases: each names its operator
at "$B" --operator Amina lot add --donor "Mairie de Grenoble" --expected 3 >/dev/null
for s in 5CG7301XZB 5CG7301XZC 5CG7301XZD; do
  at "$B" --operator Amina device add --lot GRE1-L0001 --serial "$s" --category laptop --make HP --model "EliteBook 840 G5" >/dev/null
done
merge "$LYO" "$GRE"
q() { sqlite3 -cmd ".timeout 5000" "$GRE" "$1"; }
[ "$(q "SELECT count(*) FROM devices WHERE workshop = 'LYO1'")" -gt 0 ] && t_pass merged_lyo_into_gre \
  || t_fail merged_lyo_into_gre "no LYO1 device in GRE1's database"

# ---- the CLI: this workshop's lots and unassigned wipes ----
got=$("$B" lot list | grep -c "LYO1-L")
[ "$got" = 0 ] && t_pass cli_lot_list_own || t_fail cli_lot_list_own "$got LYO1 lots listed"
got=$("$B" lot list | grep -c "GRE1-L0001")
[ "$got" = 1 ] && t_pass cli_lot_list_has_own || t_fail cli_lot_list_has_own "GRE1-L0001 listed $got times"

got=$("$B" device list | grep -c "^LYO1-")
[ "$got" = 0 ] && t_pass cli_device_list_own || t_fail cli_device_list_own "$got LYO1 devices listed"
got=$("$B" device list --all | grep -c "^LYO1-")
[ "$got" -gt 0 ] && t_pass cli_device_list_all || t_fail cli_device_list_all "no LYO1 device with --all"

# ---- home: GRE1's counts only ----
tui_at "$NOW" "$B" --operator Amina
t_screen region_home_own_counts <<'EOF'
 boucle · Accueil                   GRE1 Atelier de Grenoble  Opérateur : Amina
  Stock par état                        Aujourd’hui
    reçu                   3                   3  appareils reçus
    en cours               0                   1  lot créé
    prêt                   0                   1  opérateur ajouté
    réservé                0                   1  partenaire ajouté
    réemployé              0                   1  atelier créé
    pièces                 0
    recyclé                0
  Menu
  l Lots et réception d’une palette     o Changer d’opérateur
  d Appareils : recherche et fiches     y Synchro avec le hub régional
  s Stock : réserver, donner, prêter    r Région : les autres ateliers
  b Tableau de bord, carbone évité      t Transferts entre ateliers
  a Partenaires et donateurs            w Importer des journaux nwipe
  p Étiquettes des prêts du jour        u Effacements sans appareil
  i Lire une image ou la webcam         g Objectifs d’équipe (au choix)






lLots dAppareils oOpérateur pÉtiquettes iImage ySynchro sStock ?Aide qQuitter
EOF
# the labels of the devices made ready today: none of LYO1's, though LYO1
# made some ready today
got=$(q "SELECT count(DISTINCT d.id) FROM events e JOIN devices d ON d.id = e.device WHERE d.workshop = 'LYO1'
         AND d.state = 'ready' AND e.kind = 'device.state' AND json_extract(e.payload, '$.state') = 'ready'
         AND date((e.hlc >> 16) / 1000, 'unixepoch') = '2026-06-16'")
[ "$got" -gt 0 ] && t_pass region_lyo_ready_today || t_fail region_lyo_ready_today "LYO1 made none ready today"
tui_keys p
t_screen region_labels_ready_today_own <<'EOF'
 boucle · Imprimer des étiquettes   GRE1 Atelier de Grenoble  Opérateur : Amina
 Étiquette de 0 appareil prêt aujourd'hui
 Aucune imprimante n'est configurée : F3/i en ajoute une.


File d'impression (en attente ou interrompues)
  Rien en attente.
















pImprimer rRéimprimer iImprimante tRelancer eRenvoyer ?Aide ÉchapRetour qQuitter
EOF
tui_keys Escape

# ---- the device list: GRE1's; a LYO1 serial typed finds that one ----
tui_keys d
t_screen region_devices_own <<'EOF'
 boucle · Appareils                 GRE1 Atelier de Grenoble  Opérateur : Amina
 Chercher
  État : tous   Catégorie : tous   Lot : tous
Identifiant  N° de série      État      Catégorie  Mention    Marque et modèle
GRE1-000003  5CG7301XZD       reçu      portable              HP EliteBook 840 …
GRE1-000002  5CG7301XZC       reçu      portable              HP EliteBook 840 …
GRE1-000001  5CG7301XZB       reçu      portable              HP EliteBook 840 …
















EntréeOuvrir ^TÉtat ^KCatégorie ^XEffacer ^LLot ?Aide ÉchapRetour qQuitter
EOF
LSER=$(q "SELECT serial FROM devices WHERE workshop = 'LYO1' AND state = 'ready' ORDER BY n DESC LIMIT 1")
LID=$(q "SELECT id FROM devices WHERE workshop = 'LYO1' AND state = 'ready' ORDER BY n DESC LIMIT 1")
tui_type "$LSER"
t_expect region_devices_names_other "$LID" 5
t_expect region_devices_names_owner "atelier LYO1 · " 5
tui_keys Escape Escape

# ---- « Région »: LYO1's ready stock, search as you type ----
tui_keys r
t_screen region_view <<'EOF'
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
EOF
tui_type "dell"
t_screen region_view_search <<'EOF'
 boucle · Région                    GRE1 Atelier de Grenoble  Opérateur : Amina
 Chercher  dell
  Prêts dans les autres ateliers : 8   Catégorie : tous   Grade : tous
Atelier  Identifiant Catégorie  Grade Mémoire Disque Âge    Marque, modèle, pro…
LYO1     LYO1-000044 portable   C     16 Go   500 Go 3 j    Dell Latitude 5490


















EntréeOuvrir ^KCatégorie ^GGrade ^XEffacer ^OExporter ?Aide ÉchapRetour qQuitter
EOF
# a device of LYO1 opens read-only; its owner's keys say whose it is
tui_keys Enter
tui_keys g
t_screen region_device_read_only <<'EOF'
 boucle · Appareil                  GRE1 Atelier de Grenoble  Opérateur : Amina
 LYO1-000044  Dell Latitude 5490
  Appartient à l’atelier LYO1 : lecture seule ici.
  N° de série  AN1590020                Étiquette donateur —
  État         prêt                     Catégorie          portable
  Lot          LYO1-L0002               Donateur           Lycée Champollion
  Grade        C                        Destination        réemploi en l'état
  Matériel     RAM 16 Go
  Carbone      éviterait 182,6 kg CO2e une fois réemployé (ADEME / Arcep 2022 …
  Mention      reconditionné
Historique (7 événements)
 2026-06-13 14:48  Bastien     changement d'état  prêt
 2026-06-13 14:33  Bastien     évaluation         grade C, réemploi en l'état,
                                                  11 tests sur 11 réussis
 2026-06-13 13:53  Bastien     effacement         disque S4EV61357132 : réussi
                                                  — effacement (réécriture,
                                                  réinitialisation), réécriture
                                                  (nwipe 0.34)
 2026-06-13 13:48  Bastien     disque ajouté      S4EV61357132, WDC WD5000LPLX,
                                                  HDD, 500 Go
 2026-06-13 13:38  Bastien     changement d'état  en cours
 2026-06-13 09:22  Bastien     caractéristiques   RAM 16 Go
 Cet appareil appartient à l’atelier LYO1 : lui seul peut le modifier.
F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_keys Escape Escape Escape

# ---- a transfer: GRE1 offers GRE1-000001 to LYO1 ----
tui_keys d
tui_keys End
tui_keys Enter
tui_keys o
t_screen region_offer_form <<'EOF'
 boucle · Transfert                 GRE1 Atelier de Grenoble  Opérateur : Amina

  Proposer GRE1-000001 à un autre atelier de la région

  À l’atelier  < LYO1 Atelier de Lyon >

         Note

  Gauche/Droite choisissent l’atelier. L’appareil reste à cet atelier tant que
  l’autre n’a pas accepté ; jusque-là chacun peut annuler (Transferts, depuis
  l’accueil).












EntréeProposer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_keys Tab
tui_type "pour le lycée"
tui_keys Enter
t_screen region_offered <<'EOF'
 boucle · Appareil                  GRE1 Atelier de Grenoble  Opérateur : Amina
 GRE1-000001  HP EliteBook 840 G5
  Proposé à l’atelier LYO1, qui ne l’a pas encore accepté (o retire la
  proposition).
  N° de série  5CG7301XZB               Étiquette donateur —
  État         reçu                     Catégorie          portable
  Lot          GRE1-L0001               Donateur           Mairie de Grenoble
  Grade        —                        Destination        —
  Carbone      éviterait 182,6 kg CO2e une fois réemployé (ADEME / Arcep 2022 …
  Mention      d'occasion
               – pas encore évalué
               – aucun support de stockage enregistré
Historique (2 événements)
 2026-06-16 17:30  Amina       proposé            proposé à l'atelier LYO1 —
                                                  pour le lycée
 2026-06-16 17:30  Amina       appareil reçu      n° de série 5CG7301XZB, lot
                                                  GRE1-L0001, portable, HP
                                                  EliteBook 840 G5



 GRE1-000001 proposé à l’atelier LYO1 : il sera le sien quand il l’aura
 accepté.
pÉtiq. gGrade wEffac. cCert. enwipe mDisques tÉtat ?Aide ÉchapRetour qQuitter
EOF
tui_keys Escape Escape
tui_keys t
t_screen region_transfers_outgoing <<'EOF'
 boucle · Transferts                GRE1 Atelier de Grenoble  Opérateur : Amina
 Proposés à cet atelier (0)
   Aucune proposition à accepter.

 Proposés par cet atelier (1), en attente de l’autre
  GRE1-000001  LYO1     portable HP EliteBook 840 G5 · pour le lycée

















EntréeAccepter xRefuser/retirer vAppareil ?Aide /Chercher ÉchapRetour qQuitter
EOF
tui_stop

# ---- LYO1 pulls, and accepts in « Transferts » ----
merge "$GRE" "$LYO"
export BOUCLE_DB="$LYO"
tui_at '2026-06-16 17:40:00' "$B" --operator Lucas
t_expect region_home_offer_waiting "Transferts : 1 proposition reçue" 5
tui_keys t
t_screen region_transfers_incoming <<'EOF'
 boucle · Transferts                    LYO1 Atelier de Lyon  Opérateur : Lucas
 Proposés à cet atelier (1)
  GRE1-000001  GRE1     portable HP EliteBook 840 G5 · pour le lycée

 Proposés par cet atelier (0), en attente de l’autre
   Aucune proposition en attente. Un appareil se propose depuis sa fiche (o).

















EntréeAccepter xRefuser/retirer vAppareil ?Aide /Chercher ÉchapRetour qQuitter
EOF
tui_keys Enter
t_screen region_transfers_accepted <<'EOF'
 boucle · Transferts                    LYO1 Atelier de Lyon  Opérateur : Lucas
 Proposés à cet atelier (0)
   Aucune proposition à accepter.

 Proposés par cet atelier (0), en attente de l’autre
   Aucune proposition en attente. Un appareil se propose depuis sa fiche (o).
















 GRE1-000001 accepté : l’appareil est maintenant à cet atelier.
EntréeAccepter xRefuser/retirer vAppareil ?Aide /Chercher ÉchapRetour qQuitter
EOF
tui_stop
got=$(sqlite3 -cmd ".timeout 5000" "$LYO" "SELECT workshop FROM devices WHERE id = 'GRE1-000001'")
[ "$got" = LYO1 ] && t_pass region_accept_owns || t_fail region_accept_owns "owner $got"

# ---- meanwhile GRE1, not synced yet, recorded the RAM of GRE1-000001:
# after the accept, refused when the events meet ----
export BOUCLE_DB="$GRE"
at_time '2026-06-16 17:45:00' "$B" --operator Amina device specs GRE1-000001 --ram 8G >/dev/null
merge "$LYO" "$GRE"
got=$(q "SELECT count(*) FROM refused WHERE device = 'GRE1-000001'")
[ "$got" = 1 ] && t_pass region_late_event_refused || t_fail region_late_event_refused "$got refused"
tui_at '2026-06-16 17:50:00' "$B" --operator Amina
tui_keys y
t_screen region_sync_refused_count <<'EOF'
 boucle · Synchro                   GRE1 Atelier de Grenoble  Opérateur : Amina

  Synchronisation avec le hub régional

  Aucun hub n'est configuré.
  F2/h règle son adresse et l'identification de cet atelier.

  1 événement a été refusé (gardé sans effet) : r l’affiche.















F2/hHub F5/sSynchro rRefusés F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_keys r
t_screen region_refused_list <<'EOF'
 boucle · Événements refusés        GRE1 Atelier de Grenoble  Opérateur : Amina
 1 événement gardé sans effet
 Ils restent dans le journal tels qu’ils ont été envoyés, et ne changent rien,
 ici ni ailleurs dans la région.
 2026-06-16 17:45  GRE1   GRE1-000001  caractéristiques
     l'appareil appartient à l'atelier LYO1

















F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_stop
# the device's history: the refused event marked, with its reason
tui_at '2026-06-16 17:50:00' "$B" --operator Amina
tui_keys d
tui_type GRE1-000001
tui_keys Enter
t_screen region_device_history_refused <<'EOF'
 boucle · Appareil                  GRE1 Atelier de Grenoble  Opérateur : Amina
 GRE1-000001  HP EliteBook 840 G5
  Appartient à l’atelier LYO1 : lecture seule ici.
  N° de série  5CG7301XZB               Étiquette donateur —
  État         reçu                     Catégorie          portable
  Lot          GRE1-L0001               Donateur           Mairie de Grenoble
  Grade        —                        Destination        —
  Matériel     RAM 8 Go
  Carbone      éviterait 182,6 kg CO2e une fois réemployé (ADEME / Arcep 2022 …
  Mention      d'occasion
               – pas encore évalué
               – aucun support de stockage enregistré
Historique (4 événements)
 2026-06-16 17:45  Amina       caractéristiques   REFUSÉ (l'appareil appartient
                                                  à l'atelier LYO1) — RAM 8 Go
 2026-06-16 17:40  Lucas       repris             repris par l'atelier LYO1
 2026-06-16 17:30  Amina       proposé            proposé à l'atelier LYO1 —
                                                  pour le lycée
 2026-06-16 17:30  Amina       appareil reçu      n° de série 5CG7301XZB, lot
                                                  GRE1-L0001, portable, HP
                                                  EliteBook 840 G5


F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_stop

# ---- wipes: LYO1's unassigned record is not GRE1's ----
export BOUCLE_DB="$GRE"
got=$("$B" wipe unassigned --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
[ "$got" = 0 ] && t_pass cli_wipe_unassigned_own || t_fail cli_wipe_unassigned_own "$got listed"
"$B" --operator Amina wipe assign "$LKEY" GRE1-000002 >"$T_DIR/out" 2>&1
[ $? = 1 ] && grep -q "$LKEY" "$T_DIR/out" && t_pass cli_wipe_assign_not_own || t_fail cli_wipe_assign_not_own "$(cat "$T_DIR/out")"
# the same nwipe log imported here is GRE1's own record, not « already known »
at_time '2026-06-16 17:55:00' "$B" --operator Amina wipe import --json "$FX" >"$T_DIR/out"
got=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["added"], d["known"])' "$T_DIR/out")
[ "$got" = "1 0" ] && t_pass cli_wipe_import_own_record || t_fail cli_wipe_import_own_record "added, known: $got"

# ---- TERM=linux: the regional view in monochrome ----
export T_TERM=linux
tui_at "$NOW" "$B" --operator Amina
tui_keys r
t_expect region_linux_view "Prêts dans les autres ateliers" 5
tui_keys Enter
t_expect region_linux_read_only "lecture seule ici" 5
tui_stop
unset T_TERM
t_end
