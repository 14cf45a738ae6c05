# goals_tui.sh — team goals, opt-in (g from home), at 80x24 in French,
# whole screens, the clock fixed with faketime (Wednesday 2026-03-04, the
# week of Monday 2026-03-02): home unchanged while the workshop has not
# opted in; on, the week's progress and the streak (two devices made ready
# last week, the target 2 met both weeks); with individual figures
# allowed, each operator sees their own count and nobody else's; the week
# five desktops are reused (5 × 204.4 kg) the « 1 t » milestone, in colour
# and under TERM=linux; the form from home; `goals show --json` the same
# after a rebuild; the refusals of the command line.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
command -v faketime >/dev/null || { t_skip goals_tui "faketime is not installed"; exit 0; }
export BOUCLE_DB="$T_DIR/g.db" TZ=UTC
NOW="2026-03-04 10:00:00"
at() { when=$1; shift; faketime "$when" "$B" "$@"; }
at "2026-02-25 09:00:00" init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
at "2026-02-25 09:00:00" operator add Amina >/dev/null
at "2026-02-25 09:00:00" operator add Bastien >/dev/null
LOT=$(at "2026-02-25 09:00:00" --operator Amina lot add --donor "CHU Grenoble")
P=$(at "2026-02-25 09:00:00" --operator Amina party add --kind association --name "Emmaüs Connect")
n=0
# ready WHEN OPERATOR [reuse]: a desktop received, graded and made ready
# (and given, reused) by OPERATOR at WHEN
ready() {
  n=$((n + 1))
  id=$(at "$1" --operator "$2" device add --lot "$LOT" --serial "UC$n" --category desktop)
  at "$1" --operator "$2" media none "$id" >/dev/null &&
  at "$1" --operator "$2" device state "$id" in_progress >/dev/null &&
  at "$1" --operator "$2" grade "$id" --cosmetic A --outcome reuse --all-pass >/dev/null &&
  at "$1" --operator "$2" device state "$id" ready >/dev/null || t_fail goals_setup "device $n not made ready"
  if [ "${3:-}" = reuse ]; then
    at "$1" --operator "$2" allocate "$id" --to "$P" --as donation >/dev/null || t_fail goals_setup "device $n not given"
  fi
}
ready "2026-02-25 10:00:00" Amina
ready "2026-02-25 10:00:00" Bastien
ready "2026-03-04 09:00:00" Amina reuse
ready "2026-03-04 09:00:00" Amina
ready "2026-03-04 09:00:00" Bastien

# 1. not opted in: home as ever
tui_start 80 24 -- faketime "$NOW" "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null || t_fail goals_start "no home screen"
t_screen goals_off <<'SCREEN'
 boucle · Accueil                   GRE1 Atelier de Grenoble  Opérateur : Amina
  Stock par état                        Aujourd’hui
    reçu                   0                   1  attribution
    en cours               0                   3  évaluations
    prêt                   4                   3  appareils reçus
    réservé                0                   6  changements d'état
    réemployé              1                   3  déclarés sans disque
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
SCREEN
tui_stop

# 2. on, a target of 2 a week, team figures only
at "$NOW" --operator Amina goals --on --ready 2 >/dev/null || t_fail goals_cli_on "goals --on refused"
tui_start 80 24 -- faketime "$NOW" "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null
t_screen goals_on_team <<'SCREEN'
 boucle · Accueil                   GRE1 Atelier de Grenoble  Opérateur : Amina
  Stock par état                        Aujourd’hui
    reçu                   0                   1  attribution
    en cours               0                   3  évaluations
    prêt                   4                   3  appareils reçus
    réservé                0                   6  changements d'état
    réemployé              1                   3  déclarés sans disque
    pièces                 0              Semaine : 3/2 prêts ██████████ ✓
    recyclé                0              Série : 2 semaines réussies
  Menu
  l Lots et réception d’une palette     o Changer d’opérateur
  d Appareils : recherche et fiches     y Synchro avec le hub régional
  s Stock : réserver, donner, prêter    r Région : les autres ateliers
  b Tableau de bord, carbone évité      t Transferts entre ateliers
  a Partenaires et donateurs            w Importer des journaux nwipe
  p Étiquettes des prêts du jour        u Effacements sans appareil
  i Lire une image ou la webcam         g Objectifs d’équipe (au choix)






lLots dAppareils oOpérateur pÉtiquettes iImage ySynchro sStock ?Aide qQuitter
SCREEN
tui_stop

# 3. individual figures allowed: Amina's own, then Bastien's own
at "$NOW" --operator Amina goals --individual yes >/dev/null
tui_start 80 24 -- faketime "$NOW" "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null
t_screen goals_own_amina <<'SCREEN'
 boucle · Accueil                   GRE1 Atelier de Grenoble  Opérateur : Amina
  Stock par état                        Aujourd’hui
    reçu                   0                   1  attribution
    en cours               0                   3  évaluations
    prêt                   4                   3  appareils reçus
    réservé                0                   6  changements d'état
    réemployé              1                   3  déclarés sans disque
    pièces                 0              Semaine : 3/2 prêts ██████████ ✓
    recyclé                0              Vous : 2 prêts · série : 2 sem.
  Menu
  l Lots et réception d’une palette     o Changer d’opérateur
  d Appareils : recherche et fiches     y Synchro avec le hub régional
  s Stock : réserver, donner, prêter    r Région : les autres ateliers
  b Tableau de bord, carbone évité      t Transferts entre ateliers
  a Partenaires et donateurs            w Importer des journaux nwipe
  p Étiquettes des prêts du jour        u Effacements sans appareil
  i Lire une image ou la webcam         g Objectifs d’équipe (au choix)






lLots dAppareils oOpérateur pÉtiquettes iImage ySynchro sStock ?Aide qQuitter
SCREEN
tui_stop
tui_start 80 24 -- faketime "$NOW" "$B" --operator Bastien
tui_wait "Menu" 5 >/dev/null
t_screen goals_own_bastien <<'SCREEN'
 boucle · Accueil                 GRE1 Atelier de Grenoble  Opérateur : Bastien
  Stock par état                        Aujourd’hui
    reçu                   0                   1  attribution
    en cours               0                   3  évaluations
    prêt                   4                   3  appareils reçus
    réservé                0                   6  changements d'état
    réemployé              1                   3  déclarés sans disque
    pièces                 0              Semaine : 3/2 prêts ██████████ ✓
    recyclé                0              Vous : 1 prêt · série : 2 sem.
  Menu
  l Lots et réception d’une palette     o Changer d’opérateur
  d Appareils : recherche et fiches     y Synchro avec le hub régional
  s Stock : réserver, donner, prêter    r Région : les autres ateliers
  b Tableau de bord, carbone évité      t Transferts entre ateliers
  a Partenaires et donateurs            w Importer des journaux nwipe
  p Étiquettes des prêts du jour        u Effacements sans appareil
  i Lire une image ou la webcam         g Objectifs d’équipe (au choix)






lLots dAppareils oOpérateur pÉtiquettes iImage ySynchro sStock ?Aide qQuitter
SCREEN
tui_stop

# 4. a CO2e target of 2 t, half reached: four more desktops given, 5 ×
# 204.4 kg passes 1 t
at "$NOW" --operator Amina goals --co2 2000 >/dev/null
for i in 1 2 3 4; do ready "2026-03-04 09:30:00" Bastien reuse; done
tui_start 80 24 -- faketime "$NOW" "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null
t_screen goals_milestone <<'SCREEN'
 boucle · Accueil                   GRE1 Atelier de Grenoble  Opérateur : Amina
  Stock par état                        Aujourd’hui
    reçu                   0                   5  attributions
    en cours               0                   7  évaluations
    prêt                   4                   7  appareils reçus
    réservé                0                  14  changements d'état
    réemployé              5              Semaine : 7/2 prêts ██████████ ✓
    pièces                 0              Semaine : 1022/2000 kg CO2e ████▋░░░░
    recyclé                0              ★ 1 t CO2e évitées : bravo !
  Menu
  l Lots et réception d’une palette     o Changer d’opérateur
  d Appareils : recherche et fiches     y Synchro avec le hub régional
  s Stock : réserver, donner, prêter    r Région : les autres ateliers
  b Tableau de bord, carbone évité      t Transferts entre ateliers
  a Partenaires et donateurs            w Importer des journaux nwipe
  p Étiquettes des prêts du jour        u Effacements sans appareil
  i Lire une image ou la webcam         g Objectifs d’équipe (au choix)






lLots dAppareils oOpérateur pÉtiquettes iImage ySynchro sStock ?Aide qQuitter
SCREEN
tui_stop
# (tmux sets the pane's TERM whatever tui_start's -e says: env sets it here)
tui_start 80 24 -- env TERM=linux faketime "$NOW" "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null
t_screen goals_milestone_linux <<'SCREEN'
 boucle · Accueil                   GRE1 Atelier de Grenoble  Opérateur : Amina
  Stock par état                        Aujourd'hui
    reçu                   0                   5  attributions
    en cours               0                   7  évaluations
    prêt                   4                   7  appareils reçus
    réservé                0                  14  changements d'état
    réemployé              5              Semaine : 7/2 prêts ########## v
    pièces                 0              Semaine : 1022/2000 kg CO2e #####....
    recyclé                0              * 1 t CO2e évitées : bravo !
  Menu
  l Lots et réception d'une palette     o Changer d'opérateur
  d Appareils : recherche et fiches     y Synchro avec le hub régional
  s Stock : réserver, donner, prêter    r Région : les autres ateliers
  b Tableau de bord, carbone évité      t Transferts entre ateliers
  a Partenaires et donateurs            w Importer des journaux nwipe
  p Étiquettes des prêts du jour        u Effacements sans appareil
  i Lire une image ou la webcam         g Objectifs d'équipe (au choix)






lLots dAppareils oOpérateur pÉtiquettes iImage ySynchro sStock ?Aide qQuitter
SCREEN
tui_stop

# 5. the form from home (g), switched off there: home as it was
tui_start 80 24 -- faketime "$NOW" "$B" --operator Amina
tui_wait "Menu" 5 >/dev/null
tui_keys g
t_screen goals_form <<'SCREEN'
 boucle · Objectifs d’équipe        GRE1 Atelier de Grenoble  Opérateur : Amina

  Objectifs d’équipe de la semaine
  Pour fêter, pas pour surveiller : l’accueil montre la semaine de l’équipe,
  sa série et ses caps.

           Objectifs d’équipe  < Activés >

  Appareils prêts par semaine  2

   kg CO2e évités par semaine  2000

         Chiffres individuels  < Chacun le sien >

  Un objectif de 0 n’est pas un objectif. « Chacun le sien » : chaque
  opérateur voit aussi son propre compte de la semaine, jamais celui des
  autres ; jamais de classement. Chaque poste de l’atelier reçoit ces réglages
  à la prochaine synchronisation.





EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Right
tui_keys Enter
tui_wait "Menu" 5 >/dev/null
t_screen goals_form_off <<'SCREEN'
 boucle · Accueil                   GRE1 Atelier de Grenoble  Opérateur : Amina
  Stock par état                        Aujourd’hui
    reçu                   0                   5  attributions
    en cours               0                   7  évaluations
    prêt                   4                   7  appareils reçus
    réservé                0                  14  changements d'état
    réemployé              5                   7  déclarés sans disque
    pièces                 0                   4  objectifs d’équipe réglés
    recyclé                0
  Menu
  l Lots et réception d’une palette     o Changer d’opérateur
  d Appareils : recherche et fiches     y Synchro avec le hub régional
  s Stock : réserver, donner, prêter    r Région : les autres ateliers
  b Tableau de bord, carbone évité      t Transferts entre ateliers
  a Partenaires et donateurs            w Importer des journaux nwipe
  p Étiquettes des prêts du jour        u Effacements sans appareil
  i Lire une image ou la webcam         g Objectifs d’équipe (au choix)





 Objectifs d’équipe désactivés : l’accueil ne les montre plus.
lLots dAppareils oOpérateur pÉtiquettes iImage ySynchro sStock ?Aide qQuitter
SCREEN
tui_stop
[ "$(at "$NOW" goals show --json | sed -n 's/.*"enabled": \(.*\),/\1/p')" = false ] &&
  t_pass goals_form_recorded || t_fail goals_form_recorded "the form did not switch them off"

# 6. the command line: the figures (no streak with a CO2e target not met
# this week nor last), the same after a rebuild; refusals
at "$NOW" --operator Amina goals --on >/dev/null
before=$(at "$NOW" --operator Amina goals show --json)
at "$NOW" rebuild >/dev/null
after=$(at "$NOW" --operator Amina goals show --json)
[ "$before" = "$after" ] && t_pass goals_rebuild || t_fail goals_rebuild "$before / $after"
printf '%s\n' "$before" | grep -q '"ready": 7,' && printf '%s\n' "$before" | grep -q '"co2_g": 1022000,' &&
  printf '%s\n' "$before" | grep -q '"milestone_co2_t": 1,' && printf '%s\n' "$before" | grep -q '"streak": 0,' &&
  t_pass goals_json || t_fail goals_json "$before"
out=$(at "$NOW" --operator Amina goals --ready 2000000 2>&1); rc=$?
[ $rc -eq 2 ] && t_pass goals_cli_range || t_fail goals_cli_range "rc $rc: $out"
out=$(at "$NOW" --operator Amina goals --on --ready 0 --co2 0 2>&1); rc=$?
case "$out" in *"au moins un objectif"*) [ $rc -eq 1 ] && t_pass goals_cli_no_target || t_fail goals_cli_no_target "rc $rc";;
  *) t_fail goals_cli_no_target "$out";; esac
out=$(at "$NOW" --operator Amina goals --individual maybe 2>&1); rc=$?
[ $rc -eq 2 ] && t_pass goals_cli_individual || t_fail goals_cli_individual "rc $rc: $out"
[ "$(at "$NOW" --operator Amina goals show --json)" = "$after" ] && t_pass goals_cli_refusals_keep ||
  t_fail goals_cli_refusals_keep "a refused change changed the goals"
t_end
