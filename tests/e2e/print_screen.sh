# print_screen.sh — the print screen whole, at 80x24, in French and in
# English: before any printer (F2 says none is configured), the printer form
# (its help names the same cups:QUEUE in both languages), after saving a
# printer (the « no printer » message is gone), and the label preview: the
# whole QR at 80x24, « too small » on a smaller terminal, never a cut QR.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1

"$B" init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
"$B" operator add Amina >/dev/null
LOT=$("$B" lot add --donor "CHU Grenoble Alpes" --ref BL-7 --expected 2)
A=$("$B" device add --lot "$LOT" --serial 5CG7301XYZ --category laptop --make HP --model "EliteBook 840 G5")
# ready, as the rules allow it: graded (its webcam failed, so the label says
# « d'occasion »), declared without storage
"$B" grade "$A" --cosmetic A --outcome reuse --all-pass --test battery=90 --test webcam=fail --no-storage >/dev/null
"$B" device state "$A" ready >/dev/null || echo "FAIL print_setup: the device could not be made ready"

# run LANGOPT: one pass of the print screen in a language, with its own
# configuration (no printer at first); the expected screens are read from
# the here-documents below, in order.
start() {
  export XDG_CONFIG_HOME="$T_DIR/config-$1"
  tui_start 80 24 -- env XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$B" --lang "$1" --operator Amina
}

# ---- French ----
start fr
tui_wait "Accueil" 5
tui_keys p
t_screen print_fr_no_printer <<'EOF'
 boucle · Imprimer des étiquettes   GRE1 Atelier de Grenoble  Opérateur : Amina
 Étiquette de 1 appareil prêt aujourd'hui
 Aucune imprimante n'est configurée : F3/i en ajoute une.

  █▀▀▀▀▀▀▀█▀▀████▀▀▀▀▀▀▀█
  █ █▀▀▀█ █▄█▀ ▄█ █▀▀▀█ █  GRE1-000001
  █ █   █ █▄▀ █▄█ █   █ █  portable · HP EliteBook 840 G5
  █ ▀▀▀▀▀ █▀▄ █▀█ ▀▀▀▀▀ █  Grade A
  █▀█▀▀█▀▀▀▄▄▄███▀██▀█▀▀█  d'occasion
  █▄▀▄▀ ▀▀▀ █▄█ ▄▀▄█ ▄▄▄█  Atelier de Grenoble
  █▀▀▀▄ ▄▀ █ ▄▀▄▄█▀▄▄▄  █
  █▀▀▀▀▀▀▀█ ▀▄██ ▀█▀▀ ▀▀█
  █ █▀▀▀█ █▄▄▀ ▄▄ ▄█ █ ▀█
  █ █   █ █ ▀ ▀█ █▀▄  ▄██
  █ ▀▀▀▀▀ █▀▀▀  █▄█▀██▀██
  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀

File d'impression (en attente ou interrompues)
  Rien en attente.




pImprimer rRéimprimer iImprimante tRelancer eRenvoyer ?Aide ÉchapRetour qQuitter
EOF
# printing without a printer says so at the bottom too
tui_keys F2
tui_wait "F3 en ajoute une." 3
tui_keys F3
t_screen print_fr_printer_form <<'EOF'
 boucle · Imprimante d'étiquettes   GRE1 Atelier de Grenoble  Opérateur : Amina

  Une imprimante d'étiquettes

                 Nom*

             Adresse*

  Modèle d'étiquette  < celui par défaut >

          Résolution  < celle du modèle >

  Adresse : tcp://HÔTE:9100 pour une imprimante d'étiquettes en réseau (ZPL),
  cups:FILE_D_ATTENTE pour une imprimante CUPS (PDF), cups-raw:FILE_D_ATTENTE
  pour envoyer du ZPL par CUPS. Gauche/Droite choisissent le modèle et la
  résolution. Entrée enregistre.







EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_type "zebra"; tui_keys Down; tui_type "tcp://127.0.0.1:9"; tui_keys Enter
t_screen print_fr_printer_saved <<'EOF'
 boucle · Imprimer des étiquettes   GRE1 Atelier de Grenoble  Opérateur : Amina
 Étiquette de 1 appareil prêt aujourd'hui
 Imprimante : ◀ zebra ▶   Réimprimer les étiquettes déjà imprimées : non

  █▀▀▀▀▀▀▀█▀▀████▀▀▀▀▀▀▀█
  █ █▀▀▀█ █▄█▀ ▄█ █▀▀▀█ █  GRE1-000001
  █ █   █ █▄▀ █▄█ █   █ █  portable · HP EliteBook 840 G5
  █ ▀▀▀▀▀ █▀▄ █▀█ ▀▀▀▀▀ █  Grade A
  █▀█▀▀█▀▀▀▄▄▄███▀██▀█▀▀█  d'occasion
  █▄▀▄▀ ▀▀▀ █▄█ ▄▀▄█ ▄▄▄█  Atelier de Grenoble
  █▀▀▀▄ ▄▀ █ ▄▀▄▄█▀▄▄▄  █
  █▀▀▀▀▀▀▀█ ▀▄██ ▀█▀▀ ▀▀█
  █ █▀▀▀█ █▄▄▀ ▄▄ ▄█ █ ▀█
  █ █   █ █ ▀ ▀█ █▀▄  ▄██
  █ ▀▀▀▀▀ █▀▀▀  █▄█▀██▀██
  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀

File d'impression (en attente ou interrompues)
  Rien en attente.



 Imprimante zebra enregistrée.
pImprimer rRéimprimer iImprimante tRelancer eRenvoyer ?Aide ÉchapRetour qQuitter
EOF
# a smaller terminal: the label is not cut, a line says why it is missing
tui_resize 80 20
t_screen print_fr_too_small <<'EOF'
 boucle · Imprimer des étiquettes   GRE1 Atelier de Grenoble  Opérateur : Amina
 Étiquette de 1 appareil prêt aujourd'hui
 Imprimante : ◀ zebra ▶   Réimprimer les étiquettes déjà imprimées : non

  La fenêtre est trop petite pour montrer l'étiquette entière : agrandissez le
  terminal pour la voir.

File d'impression (en attente ou interrompues)
  Rien en attente.









 Imprimante zebra enregistrée.
pImprimer rRéimprimer iImprimante tRelancer eRenvoyer ?Aide ÉchapRetour qQuitter
EOF
tui_stop

# ---- English ----
start en
tui_wait "Home" 5
tui_keys p
t_screen print_en_no_printer <<'EOF'
 boucle · Print labels                GRE1 Atelier de Grenoble  Operator: Amina
 Labels of the 1 device made ready today
 No printer is configured: F3/i adds one.

  █▀▀▀▀▀▀▀█▀▀████▀▀▀▀▀▀▀█
  █ █▀▀▀█ █▄█▀ ▄█ █▀▀▀█ █  GRE1-000001
  █ █   █ █▄▀ █▄█ █   █ █  laptop · HP EliteBook 840 G5
  █ ▀▀▀▀▀ █▀▄ █▀█ ▀▀▀▀▀ █  Grade A
  █▀█▀▀█▀▀▀▄▄▄███▀██▀█▀▀█  used
  █▄▀▄▀ ▀▀▀ █▄█ ▄▀▄█ ▄▄▄█  Atelier de Grenoble
  █▀▀▀▄ ▄▀ █ ▄▀▄▄█▀▄▄▄  █
  █▀▀▀▀▀▀▀█ ▀▄██ ▀█▀▀ ▀▀█
  █ █▀▀▀█ █▄▄▀ ▄▄ ▄█ █ ▀█
  █ █   █ █ ▀ ▀█ █▀▄  ▄██
  █ ▀▀▀▀▀ █▀▀▀  █▄█▀██▀██
  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀

Print queue (waiting or interrupted)
  Nothing waiting.




pPrint rReprint iPrinter tRetry eResend cCancel ?Help /Search EscBack qQuit
EOF
tui_keys F2
tui_wait "F3 adds one." 3
tui_keys F3
t_screen print_en_printer_form <<'EOF'
 boucle · Label printer               GRE1 Atelier de Grenoble  Operator: Amina

  A label printer

        Name*

     Address*

    Template  < the default one >

  Resolution  < the template's >

  Address: tcp://HOST:9100 for a network label printer (ZPL), cups:QUEUE for a
  CUPS printer (PDF), cups-raw:QUEUE to send ZPL through CUPS. Left/Right
  choose the template and the resolution. Enter saves.








EnterSave F1/?Help /Search EscBack F10/qQuit
EOF
tui_type "zebra"; tui_keys Down; tui_type "tcp://127.0.0.1:9"; tui_keys Enter
t_screen print_en_printer_saved <<'EOF'
 boucle · Print labels                GRE1 Atelier de Grenoble  Operator: Amina
 Labels of the 1 device made ready today
 Printer: ◀ zebra ▶   Reprint labels already printed: no

  █▀▀▀▀▀▀▀█▀▀████▀▀▀▀▀▀▀█
  █ █▀▀▀█ █▄█▀ ▄█ █▀▀▀█ █  GRE1-000001
  █ █   █ █▄▀ █▄█ █   █ █  laptop · HP EliteBook 840 G5
  █ ▀▀▀▀▀ █▀▄ █▀█ ▀▀▀▀▀ █  Grade A
  █▀█▀▀█▀▀▀▄▄▄███▀██▀█▀▀█  used
  █▄▀▄▀ ▀▀▀ █▄█ ▄▀▄█ ▄▄▄█  Atelier de Grenoble
  █▀▀▀▄ ▄▀ █ ▄▀▄▄█▀▄▄▄  █
  █▀▀▀▀▀▀▀█ ▀▄██ ▀█▀▀ ▀▀█
  █ █▀▀▀█ █▄▄▀ ▄▄ ▄█ █ ▀█
  █ █   █ █ ▀ ▀█ █▀▄  ▄██
  █ ▀▀▀▀▀ █▀▀▀  █▄█▀██▀██
  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀

Print queue (waiting or interrupted)
  Nothing waiting.



 Printer zebra saved.
pPrint rReprint iPrinter tRetry eResend cCancel ?Help /Search EscBack qQuit
EOF
# the smallest terminal the whole label fits in (80x23), then one row less
tui_resize 80 23
t_screen print_en_fits <<'EOF'
 boucle · Print labels                GRE1 Atelier de Grenoble  Operator: Amina
 Labels of the 1 device made ready today
 Printer: ◀ zebra ▶   Reprint labels already printed: no

  █▀▀▀▀▀▀▀█▀▀████▀▀▀▀▀▀▀█
  █ █▀▀▀█ █▄█▀ ▄█ █▀▀▀█ █  GRE1-000001
  █ █   █ █▄▀ █▄█ █   █ █  laptop · HP EliteBook 840 G5
  █ ▀▀▀▀▀ █▀▄ █▀█ ▀▀▀▀▀ █  Grade A
  █▀█▀▀█▀▀▀▄▄▄███▀██▀█▀▀█  used
  █▄▀▄▀ ▀▀▀ █▄█ ▄▀▄█ ▄▄▄█  Atelier de Grenoble
  █▀▀▀▄ ▄▀ █ ▄▀▄▄█▀▄▄▄  █
  █▀▀▀▀▀▀▀█ ▀▄██ ▀█▀▀ ▀▀█
  █ █▀▀▀█ █▄▄▀ ▄▄ ▄█ █ ▀█
  █ █   █ █ ▀ ▀█ █▀▄  ▄██
  █ ▀▀▀▀▀ █▀▀▀  █▄█▀██▀██
  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀

Print queue (waiting or interrupted)
  Nothing waiting.


 Printer zebra saved.
pPrint rReprint iPrinter tRetry eResend cCancel ?Help /Search EscBack qQuit
EOF
tui_resize 80 22
t_screen print_en_too_small <<'EOF'
 boucle · Print labels                GRE1 Atelier de Grenoble  Operator: Amina
 Labels of the 1 device made ready today
 Printer: ◀ zebra ▶   Reprint labels already printed: no

  The window is too small to show the whole label: enlarge the terminal to see
  it.

Print queue (waiting or interrupted)
  Nothing waiting.











 Printer zebra saved.
pPrint rReprint iPrinter tRetry eResend cCancel ?Help /Search EscBack qQuit
EOF
tui_stop
t_end
