# home_screen.sh — the home screen whole, at 80x24: on a fresh database in
# French and in English, and on `boucle demo`, whose events are dated when
# they would have happened (a lot's devices received on its date, the bench
# over the weeks after), so that « today » is a day's work, not the 500
# devices of the demo. The clock is fixed with faketime where a day matters.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
command -v faketime >/dev/null || { t_skip home_screen "faketime is not installed"; exit 0; }
command -v sqlite3 >/dev/null || { t_skip home_screen "sqlite3 is not installed"; exit 0; }
NOW='2026-06-16 17:30:00'      # a Tuesday, late in the afternoon
TODAY=2026-06-16
at() { faketime "$NOW" "$@"; }

# ---- a fresh database ----
at "$B" init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
at "$B" operator add Amina >/dev/null
tui_start 80 24 -- faketime "$NOW" "$B" --operator Amina
t_screen home_fr_fresh <<'EOF'
 boucle · Accueil                   GRE1 Atelier de Grenoble  Opérateur : Amina
  Stock par état                        Aujourd’hui
    reçu                   0                   1  opérateur ajouté
    en cours               0                   1  atelier créé
    prêt                   0
    réservé                0
    réemployé              0
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
tui_stop
tui_start 80 24 -- faketime "$NOW" "$B" --lang en --operator Amina
t_screen home_en_fresh <<'EOF'
 boucle · Home                        GRE1 Atelier de Grenoble  Operator: Amina
  Stock by state                        Today
    received               0                   1  operator added
    in progress            0                   1  workshop created
    ready                  0
    reserved               0
    reused                 0
    parts                  0
    recycled               0
  Menu
  l Lots and intake of a pallet         o Change operator
  d Devices: search and details         y Sync with the regional hub
  s Stock: reserve, give, lend          r Region: the other workshops
  b Dashboard: figures, carbon          t Transfers between workshops
  a Parties: donors and takers          w Import nwipe logs
  p Labels of today's ready devices     u Wipes with no device
  i Scan an image or the webcam         g Team goals (opt-in)






lLots dDevices oOperator pLabels iImage ySync sStock rRegion ?Help /Search qQuit
EOF
tui_stop

# ---- the demo ----
export BOUCLE_DB="$T_DIR/demo.db"
at "$B" demo >/dev/null
q() { sqlite3 -cmd ".timeout 10000" "$BOUCLE_DB" "$1"; }   # the TUI just closed may still checkpoint
DAY="date((e.hlc >> 16) / 1000, 'unixepoch')"
# today is a day of bench work: no pallet came in, a few devices moved on
got=$(q "SELECT count(*) FROM events e WHERE $DAY = '$TODAY' AND e.kind = 'device.receive'")
[ "$got" = 0 ] && t_pass demo_none_received_today || t_fail demo_none_received_today "$got received today"
got=$(q "SELECT count(DISTINCT e.device) FROM events e WHERE $DAY = '$TODAY'")
[ "$got" -gt 0 ] && [ "$got" -le 30 ] && t_pass demo_today_a_day_of_work \
  || t_fail demo_today_a_day_of_work "$got devices had events today"
# every device is received on its lot's date, and nothing happens after now
got=$(q "SELECT count(*) FROM events e JOIN devices d ON d.id = e.device JOIN lots l ON l.id = d.lot
         WHERE e.kind = 'device.receive' AND $DAY <> l.date")
[ "$got" = 0 ] && t_pass demo_received_on_lot_date || t_fail demo_received_on_lot_date "$got devices received off their lot's date"
got=$(q "SELECT count(*) FROM events e JOIN devices d ON d.id = e.device JOIN lots l ON l.id = d.lot
         WHERE $DAY < l.date OR $DAY > '$TODAY'")
[ "$got" = 0 ] && t_pass demo_events_within_lot_life || t_fail demo_events_within_lot_life "$got events before their lot or after today"
# the lots span months, one every few weeks
got=$(q "SELECT count(DISTINCT substr(date, 1, 7)) FROM lots")
[ "$got" -ge 6 ] && t_pass demo_lots_over_months || t_fail demo_lots_over_months "lots over $got months"
# what `device show` says of the first device: received on its lot's date
A=$(q "SELECT id FROM devices ORDER BY n LIMIT 1")
"$B" device show "$A" --json >show.json
python3 -c '
import json, sys
d = json.load(open("show.json"))
assert d["received"].startswith(sys.argv[1]), d["received"]
assert all(e["time"][:10] >= sys.argv[1] for e in d["events"])
' "$(q "SELECT date FROM lots ORDER BY id LIMIT 1")" \
  && t_pass demo_device_show_dates || t_fail demo_device_show_dates "$(head -c 300 show.json)"
# the home screen of the demo: today's work, in French
tui_start 80 24 -- faketime "$NOW" "$B" --operator Amina
t_screen home_fr_demo <<'EOF'
 boucle · Accueil              DEMO Atelier de démonstration  Opérateur : Amina
  Stock par état                        Aujourd’hui
    reçu                 125                   5  évaluations
    en cours              80                   9  changements d'état
    prêt                  87                   4  supports de stockage ajoutés
    réservé               45                   1  déclaré sans disque
    réemployé             74                   4  effacements enregistrés
    pièces                46                   1  atelier créé
    recyclé               43
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
tui_stop
# the demo's past does not hold the clock back: what is done now is stamped now
add_err=$("$B" device add --lot DEMO-L0001 --serial NOW0001 --category laptop 2>&1 >/dev/null)
got=$(q "SELECT kind FROM events ORDER BY hlc DESC LIMIT 1" 2>&1)
[ "$got" = device.receive ] && [ "$(q "SELECT $DAY FROM events e ORDER BY hlc DESC LIMIT 1")" = "$(date -u +%F)" ] \
  && t_pass demo_then_now || t_fail demo_then_now "the newest event is $got ($add_err)"
"$B" verify >/dev/null && t_pass demo_verify || t_fail demo_verify "boucle verify failed"
before=$(q "SELECT state, count(*) FROM devices GROUP BY state")
"$B" rebuild >/dev/null && [ "$(q "SELECT state, count(*) FROM devices GROUP BY state")" = "$before" ] \
  && t_pass demo_rebuild_same || t_fail demo_rebuild_same "the counts changed on rebuild"

t_end
