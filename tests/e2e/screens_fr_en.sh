#!/bin/sh
# screens_fr_en.sh — what a person sees, whole screens at 80x24, in French
# and in English: the lots list and the new lot form, a device with its
# history, its disks, the sync screen and the hub settings without a hub,
# intake and the device list. The data is made with the command line under
# a fixed clock (faketime), so every date on screen is known.
#
# What these screens must get right, each checked below:
#  - the device screen wraps what matters instead of cutting it at the
#    80th column: a long donor, « à reconditionner (pièce nécessaire) »,
#    the claim with every reason it is not « reconditionné » (one per row),
#    each history line's summary under its own column;
#  - a flash message longer than a row takes two rows (a refusal and its
#    remedy are read whole);
#  - the disks screen gives every reason of the claim, not the first only;
#  - a list cell too long for its column ends with « … » (a cut donor's
#    name is not taken for the whole of it).
# Run once under TERM=linux too: T_TERM=linux.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
command -v faketime >/dev/null || { t_skip screens_fr_en "faketime is not installed"; exit 0; }
export HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config"
NOW="2026-03-02 10:00:00"
B() { faketime "$NOW" "$BOUCLE" --operator "Amélie" "$@"; }

B init --workshop GRE1 --name "Atelier de Saint-Égrève" >/dev/null || t_fail setup "init failed"
B operator add "Amélie" >/dev/null 2>&1
L1=$(B lot add --donor "Hôpital Édouard-Herriot de Lyon" --ref BL-2026-114 --expected 3)
B lot add --donor "Mairie de Fontaine" --expected 2 >/dev/null
A=$(B device add --lot "$L1" --serial 5CG7301XYZ --category laptop --make HP --model "EliteBook 840 G5" --tag "ÉTQ-0042")
B device add --lot "$L1" --serial PF2DEF --category desktop --make Dell --model "OptiPlex 7050" >/dev/null
B media add "$A" --serial WD-WX11A --type hdd --model "WDC WD5000LPLX" --bytes 500G >/dev/null
B media add "$A" --serial S3Z9NB0K --type ssd --model "Samsung 850 EVO" --bytes 250G >/dev/null
B wipe add "$A" --media S3Z9NB0K --category purge --technique ata-secure-erase --tool hdparm \
  --verification full --result passed --status success >/dev/null || t_fail setup "wipe add failed"
# graded with two tests failed: the battery's health and the charger
B grade "$A" --cosmetic B --outcome refurbish --all-pass --test battery=45 --test charger=missing >/dev/null \
  || t_fail setup "grade failed"
[ "$A" = GRE1-000001 ] || t_fail setup "device $A"

ui() { tui_start 80 24 -- faketime "$NOW" "$BOUCLE" --operator "Amélie" "$@"; }

# ---- French -----------------------------------------------------------
ui
tui_wait "Accueil" 5 || { t_fail ui_starts "no home screen"; tui_screen | sed 's/^/    | /'; exit 1; }
tui_keys l
t_screen lots_list_fr <<'SCREEN'
 boucle · Lots                 GRE1 Atelier de Saint-Égrève  Opérateur : Amélie
Lot         Date       Appareils Donateur                       Référence
GRE1-L0002  2026-03-02 0/2       Mairie de Fontaine
GRE1-L0001  2026-03-02 2/3       Hôpital Édouard-Herriot de Ly… BL-2026-114
















 Carbone évité : 0,0 kg CO2e (0 réemployé) ; 0,0 kg de plus à venir
 Engagement de réemploi : non renseigné

EntréeRéception nNouveau iAnnonce rRapprocher ?Aide ÉchapRetour qQuitter
SCREEN

tui_keys n
t_screen lot_new_form_fr <<'SCREEN'
 boucle · Nouveau lot          GRE1 Atelier de Saint-Égrève  Opérateur : Amélie

  Nouveau lot : une livraison d’un donateur

            Donateur*

                Date  2026-03-02

           Référence

  Appareils attendus

   Genre, si nouveau  < entreprise >

  Un donateur déjà connu garde son genre ; un nouveau prend celui choisi (les
  appareils d'un organisme public se vendent au plus au prix solidaire).

  Entrée crée le lot et ouvre sa réception.





EntréeCréer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Enter
t_screen lot_new_refuses_without_donor_fr <<'SCREEN'
 boucle · Nouveau lot          GRE1 Atelier de Saint-Égrève  Opérateur : Amélie

  Nouveau lot : une livraison d’un donateur

            Donateur*
                      Ce champ est obligatoire.
                Date  2026-03-02

           Référence

  Appareils attendus

   Genre, si nouveau  < entreprise >

  Un donateur déjà connu garde son genre ; un nouveau prend celui choisi (les
  appareils d'un organisme public se vendent au plus au prix solidaire).

  Entrée crée le lot et ouvre sa réception.





EntréeCréer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Escape Escape

tui_scan "$A"
t_screen device_wraps_what_matters_fr <<'SCREEN'
 boucle · Appareil             GRE1 Atelier de Saint-Égrève  Opérateur : Amélie
 GRE1-000001  HP EliteBook 840 G5
  N° de série  5CG7301XYZ               Étiquette donateur ÉTQ-0042
  État         en cours                 Catégorie          portable
  Lot          GRE1-L0001               Donateur           Hôpital
                                                           Édouard-Herriot de
                                                           Lyon
  Grade        B                        Destination        à reconditionner
                                                           (pièce nécessaire)
  Carbone      éviterait 182,6 kg CO2e une fois réemployé (ADEME / Arcep 2022 …
  Mention      d'occasion
               – tests non réussis (2) : Santé de la batterie (%), Chargeur
               – disque S/N WD-WX11A non effacé
Historique (5 événements)
 2026-03-02 10:00  Amélie      évaluation         grade B, à reconditionner
                                                  (pièce nécessaire), 9 tests
                                                  sur 11 réussis
 2026-03-02 10:00  Amélie      effacement         disque S3Z9NB0K : réussi —
                                                  purge (effacement sécurisé,
                                                  sanitize, crypto), ATA Secure
                                                  Erase (hdparm)
 2026-03-02 10:00  Amélie      disque ajouté      S3Z9NB0K, Samsung 850 EVO, S…

pÉtiq. gGrade wEffac. cCert. enwipe mDisques tÉtat ?Aide ÉchapRetour qQuitter
SCREEN

tui_keys m
t_screen media_every_reason_fr <<'SCREEN'
 boucle · Supports de stockage                         GRE1  Opérateur : Amélie
 Supports de stockage de GRE1-000001  HP EliteBook 840 G5
  Mention : d'occasion — tests non réussis (2) : Santé de la batterie (%),
  Chargeur — disque S/N WD-WX11A non effacé
 N° de série              Modèle                   Type  Capacité Effacement
 WD-WX11A                 WDC WD5000LPLX           HDD   500 Go   non effacé
 S3Z9NB0K                 Samsung 850 EVO          SSD   250 Go   effacé
















^NAjouter ^PDétecter ^WEffacement nSans disque ?Aide ÉchapRetour qQuitter
SCREEN
tui_keys Escape

# « prêt » refused: the reason and its remedy, two rows of flash message
tui_keys t Up Up Up Enter
t_screen long_flash_takes_two_rows_fr <<'SCREEN'
 boucle · Changement d'état    GRE1 Atelier de Saint-Égrève  Opérateur : Amélie
 Changer l'état de GRE1-000001  HP EliteBook 840 G5
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

 Le disque WD-WX11A n'est pas effacé : enregistrez un effacement réussi avant
 de passer l'appareil à « prêt ».
EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
# the next key clears it, and the row it covered comes back
tui_keys Down
t_screen flash_gone_row_back_fr <<'SCREEN'
 boucle · Changement d'état    GRE1 Atelier de Saint-Égrève  Opérateur : Amélie
 Changer l'état de GRE1-000001  HP EliteBook 840 G5
  Actuellement : en cours
Nouvel état
  reçu           Impossible depuis « en cours » ; possibles : prêt, pièces, r…
  prêt           Le disque WD-WX11A n'est pas effacé : enregistrez un effacem…
  réservé        Impossible depuis « en cours » ; possibles : prêt, pièces, r…
  réemployé      Impossible depuis « en cours » ; possibles : prêt, pièces, r…
  pièces
  recyclé

  Impossible depuis « en cours » ; possibles : prêt, pièces, recyclé.



  Note


  Haut et Bas choisissent l'état, la note est facultative ; Entrée enregistre,
  Échap revient.



EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Escape Escape

tui_keys y
t_screen sync_without_hub_fr <<'SCREEN'
 boucle · Synchro              GRE1 Atelier de Saint-Égrève  Opérateur : Amélie

  Synchronisation avec le hub régional

  Aucun hub n'est configuré.
  F2/h règle son adresse et l'identification de cet atelier.

















F2/hHub F5/sSynchro rRefusés F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys F2
t_screen hub_settings_fr <<'SCREEN'
 boucle · Réglages du hub      GRE1 Atelier de Saint-Égrève  Opérateur : Amélie

  Le hub régional avec lequel cet atelier se synchronise

  Adresse du hub*

     Utilisateur  GRE1

    Mot de passe

  Entrée enregistre les réglages et lance une synchronisation. Ils sont gardés
  dans votre fichier de configuration, lisible par vous seul. L'utilisateur
  est le compte de l'atelier sur le hub (son code par défaut).










EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_type "hub.example.org"
tui_keys Enter
t_screen hub_settings_refuse_address_fr <<'SCREEN'
 boucle · Réglages du hub      GRE1 Atelier de Saint-Égrève  Opérateur : Amélie

  Le hub régional avec lequel cet atelier se synchronise

  Adresse du hub* hub.example.org
                  Une adresse qui commence par https:// (ou http://).
     Utilisateur  GRE1

    Mot de passe

  Entrée enregistre les réglages et lance une synchronisation. Ils sont gardés
  dans votre fichier de configuration, lisible par vous seul. L'utilisateur
  est le compte de l'atelier sur le hub (son code par défaut).










EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_stop

# ---- English ----------------------------------------------------------
ui --lang en
tui_wait "Home" 5 || { t_fail ui_starts_en "no home screen"; tui_screen | sed 's/^/    | /'; exit 1; }
tui_keys l
t_screen lots_list_en <<'SCREEN'
 boucle · Lots                   GRE1 Atelier de Saint-Égrève  Operator: Amélie
Lot         Date       Devices   Donor                          Reference
GRE1-L0002  2026-03-02 0/2       Mairie de Fontaine
GRE1-L0001  2026-03-02 2/3       Hôpital Édouard-Herriot de Ly… BL-2026-114
















 Carbon avoided: 0.0 kg CO2e (0 devices reused); 0.0 kg more to come
 Commitment to reuse: not stated

EnterIntake nNew iAnnounce rReconcile dDevices pLabels ?Help EscBack qQuit
SCREEN
tui_keys n
t_screen lot_new_form_en <<'SCREEN'
 boucle · New lot                GRE1 Atelier de Saint-Égrève  Operator: Amélie

  New lot: one delivery from a donor

             Donor*

              Date  2026-03-02

         Reference

  Expected devices

      Kind, if new  < business >

  A donor already known keeps its kind; a new one takes the kind chosen (a
  public body's devices are sold at no more than the solidarity price).

  Enter creates the lot and opens its intake.





EnterCreate F1/?Help /Search EscBack F10/qQuit
SCREEN
tui_keys Escape

tui_keys Down Enter
t_screen intake_en <<'SCREEN'
 boucle · Intake                 GRE1 Atelier de Saint-Égrève  Operator: Amélie
 Lot GRE1-L0001 · Hôpital Édouard-Herriot de Lyon · 2 of 3 received

 Serial number*

     Donor tag

      Category  < other >

          Make

         Model

  Scan or type a serial number, then Enter. Category, make and model carry
  over to the next device.








EnterCreate F3/^LDevices F4/^RReconcile F1/?Help /Search EscBack F10/qQuit
SCREEN
tui_keys Escape Escape

tui_keys d
t_screen devices_list_en <<'SCREEN'
 boucle · Devices                GRE1 Atelier de Saint-Égrève  Operator: Amélie
 Search
  State: all   Category: all   Lot: all
Asset id     Serial           State       Category     Claim   Make and model
GRE1-000002  PF2DEF           received    desktop              Dell OptiPlex 70…
GRE1-000001  5CG7301XYZ       in progress laptop       used    HP EliteBook 840…

















EnterOpen ^TState ^KCategory ^XClear ^LLot ?Help /Search EscBack qQuit
SCREEN
tui_keys Escape

tui_scan "$A"
t_screen device_wraps_what_matters_en <<'SCREEN'
 boucle · Device                 GRE1 Atelier de Saint-Égrève  Operator: Amélie
 GRE1-000001  HP EliteBook 840 G5
  Serial       5CG7301XYZ               Donor tag    ÉTQ-0042
  State        in progress              Category     laptop
  Lot          GRE1-L0001               Donor        Hôpital Édouard-Herriot de
                                                     Lyon
  Grade        B                        Outcome      refurbish (needs a part)
  Carbon       would avoid 182.6 kg CO2e once reused (ADEME / Arcep 2022 (impa…
  Claim        used
               – tests not passed (2): Battery health (%), Charger
               – disk S/N WD-WX11A not erased
History (5 events)
 2026-03-02 10:00  Amélie      grading            grade B, refurbish (needs a
                                                  part), 9 of 11 tests passed
 2026-03-02 10:00  Amélie      wipe               disk S3Z9NB0K: success —
                                                  purge (secure erase,
                                                  sanitize, crypto erase), ATA
                                                  secure erase (hdparm)
 2026-03-02 10:00  Amélie      disk added         S3Z9NB0K, Samsung 850 EVO,
                                                  SSD, 250 GB
 2026-03-02 10:00  Amélie      disk added         WD-WX11A, WDC WD5000LPLX,
                                                  HDD, 500 GB

pLabel gGrade wWipes cCert. enwipe mDisks tState oTransfer ?Help EscBack qQuit
SCREEN
tui_keys m
t_screen media_every_reason_en <<'SCREEN'
 boucle · Storage media          GRE1 Atelier de Saint-Égrève  Operator: Amélie
 Storage media of GRE1-000001  HP EliteBook 840 G5
  Claim: used — tests not passed (2): Battery health (%), Charger — disk S/N
  WD-WX11A not erased
 Serial                   Model                    Type  Capacity Wipe
 WD-WX11A                 WDC WD5000LPLX           HDD   500 GB   not erased
 S3Z9NB0K                 Samsung 850 EVO          SSD   250 GB   erased
















F2/^NAdd disk F3/^PProbe F4/^WWipe nNo disk F1/?Help /Search EscBack F10/qQuit
SCREEN
tui_keys Escape
tui_keys t Up Up Up Enter
t_screen long_flash_takes_two_rows_en <<'SCREEN'
 boucle · Change of state        GRE1 Atelier de Saint-Égrève  Operator: Amélie
 Change the state of GRE1-000001  HP EliteBook 840 G5
  Now: in progress
New state
  received       Not from « in progress »; from there: ready, parts, recycled.
  ready          Disk WD-WX11A is not erased: record a successful wipe of it …
  reserved       Not from « in progress »; from there: ready, parts, recycled.
  reused         Not from « in progress »; from there: ready, parts, recycled.
  parts
  recycled

  Disk WD-WX11A is not erased: record a successful wipe of it before the
  device becomes « ready ».


  Note


  Up and Down choose the state, the note is optional; Enter saves, Esc goes
  back.

 Disk WD-WX11A is not erased: record a successful wipe of it before the device
 becomes « ready ».
EnterSave F1/?Help /Search EscBack F10/qQuit
SCREEN
tui_keys Escape Escape

tui_keys y
t_screen sync_without_hub_en <<'SCREEN'
 boucle · Sync                   GRE1 Atelier de Saint-Égrève  Operator: Amélie

  Sync with the regional hub

  No hub is configured.
  F2/h sets its address and this workshop's sign-in.

















F2/hHub F5/sSync now rRefused F1/?Help /Search EscBack F10/qQuit
SCREEN
tui_keys F2
t_screen hub_settings_en <<'SCREEN'
 boucle · Hub settings           GRE1 Atelier de Saint-Égrève  Operator: Amélie

  The regional hub this workshop syncs with

  Hub address*

         User  GRE1

     Password

  Enter saves the settings and syncs now. They are kept in your configuration
  file, readable by you only. The user is the workshop's account on the hub
  (its code by default).










EnterSave F1/?Help /Search EscBack F10/qQuit
SCREEN
tui_stop
t_end
