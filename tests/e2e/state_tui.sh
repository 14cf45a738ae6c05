# state_tui.sh — changing a device's state from its screen (t) and declaring
# it without storage from its disks screen (m, then n), in French at 80x24
# as a technician does: a laptop whose disk is not erased sees « prêt »
# refused with the disk's serial and what to do, and sets it aside for
# parts with a note; a laptop without disk is declared « sans disque »
# after a confirmation, and then may become « prêt ». The screens are
# compared whole; the records are checked with the CLI.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config"
"$B" init --workshop GRE1 --name Atelier >/dev/null
"$B" operator add Camille >/dev/null 2>&1
"$B" lot add --donor "Mairie de Grenoble" >/dev/null
A=$("$B" device add --lot GRE1-L0001 --serial PF1ABC --category laptop --make Lenovo --model T480)
C=$("$B" device add --lot GRE1-L0001 --serial PF2DEF --category laptop --make Dell --model "Latitude 5490")
"$B" media add "$A" --serial WD-WX11A --type hdd >/dev/null
"$B" grade "$A" --cosmetic A --outcome reuse --all-pass --test battery=90 >/dev/null
"$B" grade "$C" --cosmetic B --outcome reuse --all-pass --test battery=90 >/dev/null
UI="env HOME=$T_DIR XDG_CONFIG_HOME=$T_DIR/.config"
state() { "$B" device show "$1" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['state'])"; }

tui_start 80 24 -- $UI "$B" --operator Camille
tui_wait "Accueil" 5 || true
tui_scan "$A"
t_expect state_device_bar "tÉtat"
tui_keys t
t_screen state_chooser_refuses_ready <<'SCREEN'
 boucle · Changement d'état                   GRE1 Atelier  Opérateur : Camille
 Changer l'état de GRE1-000001  Lenovo T480
  Actuellement : en cours
Nouvel état
  reçu           Impossible depuis « en cours » ; possibles : prêt, pièces, r…
  prêt           Le disque WD-WX11A n'est pas effacé : enregistrez un effacem…
  réservé        Impossible depuis « en cours » ; possibles : prêt, pièces, r…
  réemployé      Impossible depuis « en cours » ; possibles : prêt, pièces, r…
  pièces
  recyclé

  Entrée fait passer l'appareil à « pièces ».



  Note


  Haut et Bas choisissent l'état, la note est facultative ; Entrée enregistre,
  Échap revient.



EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Up Up Up
t_screen state_chooser_reason_whole <<'SCREEN'
 boucle · Changement d'état                   GRE1 Atelier  Opérateur : Camille
 Changer l'état de GRE1-000001  Lenovo T480
  Actuellement : en cours
Nouvel état
  reçu           Impossible depuis « en cours » ; possibles : prêt, pièces, r…
  prêt           Le disque WD-WX11A n'est pas effacé : enregistrez un effacem…
  réservé        Impossible depuis « en cours » ; possibles : prêt, pièces, r…
  réemployé      Impossible depuis « en cours » ; possibles : prêt, pièces, r…
  pièces
  recyclé

  Le disque WD-WX11A n'est pas effacé : enregistrez un effacement réussi avant
  de passer l'appareil à « prêt ».


  Note


  Haut et Bas choisissent l'état, la note est facultative ; Entrée enregistre,
  Échap revient.



EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Enter
t_expect state_refused_on_enter "Le disque WD-WX11A n'est pas effacé" 3
[ "$(state "$A")" = in_progress ] && t_pass state_refused_writes_nothing || t_fail state_refused_writes_nothing "$(state "$A")"
tui_keys Down Down Down
tui_type "écran fêlé"
tui_keys Enter
t_expect state_saved_message "GRE1-000001 est maintenant « pièces »." 3
t_expect state_device_refreshed "État         pièces" 3
tui_screen | grep -q "changement d'état  pièces — écran fêlé" && t_pass state_note_in_history \
  || { t_fail state_note_in_history "no note in the history"; tui_screen | sed 's/^/    | /'; }
[ "$(state "$A")" = parts ] && t_pass state_saved || t_fail state_saved "$(state "$A")"
tui_keys F1
t_expect state_in_help "Changer l'état de cet appareil" 3
tui_keys Escape Escape

# « sans disque », asked for by the claim of a laptop without disk
tui_scan "$C"
t_expect state_second_device "Latitude 5490"
tui_keys m
t_expect media_no_disk_bar "nSans disque"
tui_keys n
t_screen media_none_confirm <<'SCREEN'
 boucle · Supports de stockage                GRE1 Atelier  Opérateur : Camille
 Supports de stockage de GRE1-000002  Dell Latitude 5490
  Mention : d'occasion — aucun support de stockage enregistré

 N° de série              Modèle                   Type  Capacité Effacement
  Aucun disque enregistré. F2/^N en ajoute un à la main (ou scannez son numéro
  de série), F3/^P trouve ceux de cette machine, n le déclare sans disque.
          ┌──────────────────────────────────────────────────────────┐
          │ Déclarer sans disque                                     │
          │                                                          │
          │ Déclarer que GRE1-000002 ne contient ni disque, ni SSD,  │
          │ ni eMMC ? Sa mention et ses états n'attendront plus      │
          │ l'effacement d'un disque.                                │
          │                                                          │
          │ [O]ui / [N]on   (Entrée = oui, Échap = non)              │
          └──────────────────────────────────────────────────────────┘
SCREEN
tui_keys o
t_screen media_none_declared <<'SCREEN'
 boucle · Supports de stockage                GRE1 Atelier  Opérateur : Camille
 Supports de stockage de GRE1-000002  Dell Latitude 5490
  Mention : reconditionné

 N° de série              Modèle                   Type  Capacité Effacement
  Aucun disque : cet appareil est déclaré sans disque.














 GRE1-000002 déclaré sans disque ; mention : d'occasion → reconditionné.


^NAjouter ^PDétecter ^WEffacement nSans disque ?Aide ÉchapRetour qQuitter
SCREEN
tui_keys n
t_expect media_none_twice "Cet appareil est déjà déclaré sans disque." 3
tui_keys Escape t
t_expect state_ready_offered "Entrée fait passer l'appareil à « prêt »." 3
tui_keys Enter
t_expect state_ready_saved "GRE1-000002 est maintenant « prêt »." 3
[ "$(state "$C")" = ready ] && t_pass state_ready_after_declaration || t_fail state_ready_after_declaration "$(state "$C")"
"$B" device show "$C" | grep -q "aucun support de stockage à l'intérieur" && t_pass media_none_recorded \
  || t_fail media_none_recorded "$("$B" device show "$C")"
# the disks screen of a device with a disk: refused at once, the disk named
tui_keys Escape
tui_scan "$A"
tui_keys m n
t_expect media_none_refused_with_disk "L'appareil GRE1-000001 contient le disque WD-WX11A" 3
tui_screen | grep -q "Déclarer que" && t_fail media_none_refused_without_asking "the question was asked" \
  || t_pass media_none_refused_without_asking
if tui_screen | grep -Eq "boucle (device|media|grade|wipe)|--"; then t_fail no_cli_in_messages "a message names a command"; else t_pass no_cli_in_messages; fi
tui_keys F10
t_end
