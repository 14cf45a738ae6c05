#!/bin/sh
# screens_sync_hub.sh — the sync screen and the hub settings against the
# test hub (PouchDB Server on loopback, tests/lib/hub.sh), whole screens at
# 80x24 in French and English: a workshop whose password the hub refuses
# sees the events waiting, no success yet, and the hub's refusal in words,
# wrapped, never cut; the settings show the address and that a password is
# kept. What changes from run to run is masked before the comparison: the
# hub's port, the time of day of the error and a sync's duration.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
. "$BOUCLE_TOP/tests/lib/hub.sh"
. "$BOUCLE_TOP/tests/lib/couch.sh"
hub_each_kind "$0"   # once on PouchDB Server, once on a 3-node CouchDB cluster
if ! why=$(hub_available); then t_skip screens_sync_hub "$why"; t_end; exit 0; fi
hub_start --admin || { t_fail hub_start "the hub did not start"; t_end; exit 1; }
trap 'hub_stop; t_cleanup' EXIT
export HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config"
B=$BOUCLE
$B hub init "$HUB_URL" >/dev/null
BOUCLE_HUB_PASSWORD=gre-password-1 $B hub add-workshop "$HUB_URL" GRE1 >/dev/null
[ "$SYNC_HUB" = couchdb ] && sleep 2   # the cluster lets the user in a moment later
$B init --workshop GRE1 --name "Atelier de Saint-Égrève" >/dev/null
$B operator add "Amélie" >/dev/null
$B config set hub.url "$HUB_URL"
printf "%s\n" wrong-password | $B config set hub.password

# the screen as tmux shows it, what varies masked (same widths)
tui_screen() {
  tmux -L "$T_SOCK" capture-pane -p -t 0 | sed -e "s/127\.0\.0\.1:$HUB_PORT/127.0.0.1:NNNNN/g" \
    -e 's/ [0-9]*[.,][0-9] s$/ N.N s/' -e 's/^  [0-2][0-9]:[0-5][0-9] /  HH:MM /'
}

tui_start 80 24 -- env XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$B" --operator "Amélie"
tui_wait "Synchro 2 · --:-- !" 15 || t_fail sync_fails_fr "no error mark"
tui_keys y
t_screen sync_refused_fr 10 <<'SCREEN'
 boucle · Synchro                 Synchro 2 · --:-- !  GRE1  Opérateur : Amélie

  Synchronisation avec le hub régional

  Événements à envoyer : 2    dernière réussite : --:--
  Dernière synchro — envoyés : 0, reçus : 0, refusés : 0, N.N s


  Dernières erreurs
  HH:MM le hub http://127.0.0.1:NNNNN a refusé le nom d'utilisateur ou le mot
  de passe












F2/hHub F5/sSynchro rRefusés F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys F2
t_screen hub_settings_kept_password_fr <<'SCREEN'
 boucle · Réglages du hub         Synchro 2 · --:-- !  GRE1  Opérateur : Amélie

  Le hub régional avec lequel cet atelier se synchronise

  Adresse du hub* http://127.0.0.1:NNNNN

     Utilisateur  GRE1

    Mot de passe

  Un mot de passe est déjà enregistré : laissez le champ vide pour le garder.
  Entrée enregistre les réglages et lance une synchronisation. Ils sont gardés
  dans votre fichier de configuration, lisible par vous seul. L'utilisateur
  est le compte de l'atelier sur le hub (son code par défaut).









EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_stop

tui_start 80 24 -- env XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$B" --operator "Amélie" --lang en
tui_wait "Sync 2 · --:-- !" 15 || t_fail sync_fails_en "no error mark"
tui_keys y
t_screen sync_refused_en 10 <<'SCREEN'
 boucle · Sync                         Sync 2 · --:-- !  GRE1  Operator: Amélie

  Sync with the regional hub

  Events to send: 2    last success: --:--
  Last sync: 0 sent, 0 received, 0 refused, N.N s


  Last errors
  HH:MM the hub at http://127.0.0.1:NNNNN refused the user name or password













F2/hHub F5/sSync now rRefused F1/?Help /Search EscBack F10/qQuit
SCREEN
tui_keys F2
t_screen hub_settings_kept_password_en <<'SCREEN'
 boucle · Hub settings                 Sync 2 · --:-- !  GRE1  Operator: Amélie

  The regional hub this workshop syncs with

  Hub address* http://127.0.0.1:NNNNN

         User  GRE1

     Password

  A password is set: leave the field empty to keep it.
  Enter saves the settings and syncs now. They are kept in your configuration
  file, readable by you only. The user is the workshop's account on the hub
  (its code by default).









EnterSave F1/?Help /Search EscBack F10/qQuit
SCREEN
tui_stop
t_end
