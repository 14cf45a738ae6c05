# alloc_tui.sh — the stock screen as a coordinator uses it, whole screens
# at 80x24 in French: the ready devices, searched as you type; three
# laptops scanned one after the other into a selection; the allocation
# form for the three, a sale above the solidarity cap refused in the form
# with the rule named (nothing written), then at the cap, all three
# together; the reserved ones with whom they are for; the device screen's
# steps (the next one, a loan's return). The clock is fixed with faketime.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
command -v faketime >/dev/null || { t_skip alloc_tui "faketime is not installed"; exit 0; }
command -v sqlite3 >/dev/null || { t_skip alloc_tui "sqlite3 is not installed"; exit 0; }
NOW='2026-06-16 17:30:00'
at() { faketime "$NOW" "$@"; }
export BOUCLE_DB="$T_DIR/alloc.db" BOUCLE_OPERATOR=Amina

# the demo's parties (ALT-P0001 the CHU, a public body; ALT-P0009 a
# person) and a lot of the CHU with four laptops ready
at "$B" init --workshop ALT --name "Atelier de Grenoble" >/dev/null
at "$B" demo --devices 6 >/dev/null 2>&1
at "$B" operator add Amina >/dev/null 2>&1
LOT=$(at "$B" lot add --donor ALT-P0001 --ref BL-7)
ready() { # serial make model
  id=$(at "$B" device add --lot "$LOT" --serial "$1" --category laptop --make "$2" --model "$3")
  at "$B" device specs "$id" --ram 8G >/dev/null
  at "$B" media add "$id" --serial "D-$1" --type ssd --bytes 256G >/dev/null
  at "$B" wipe add "$id" --media "D-$1" --category purge --technique ata-secure-erase --tool hdparm --status success >/dev/null
  at "$B" grade "$id" --cosmetic A --outcome reuse --all-pass --test battery=90 >/dev/null
  at "$B" device state "$id" ready >/dev/null
}
for s in 5CG01 5CG02 5CG03 5CG04; do ready "$s" HP "EliteBook 840 G5"; done
ready DL005 Dell "Latitude 5490"
at "$B" reserve ALT-000010 --for ALT-P0008 --until 2026-06-30 >/dev/null
q() { sqlite3 "$BOUCLE_DB" "$1"; }

tui_start 80 24 -- faketime "$NOW" "$B"
tui_wait "Menu" || t_fail alloc_tui_start "no home screen"
tui_keys s
t_screen stock_ready <<'EOF'
 boucle · Stock                      ALT Atelier de Grenoble  Opérateur : Amina
 Chercher
  Prêts : 4   Catégorie : tous   Grade : tous
Identifiant Catégorie  Grade Mémoire Disque Marque, modèle, processeur
ALT-000011  portable   A     8 Go    256 Go Dell Latitude 5490
ALT-000009  portable   A     8 Go    256 Go HP EliteBook 840 G5
ALT-000008  portable   A     8 Go    256 Go HP EliteBook 840 G5
ALT-000007  portable   A     8 Go    256 Go HP EliteBook 840 G5












  F7/^B : sélectionner des appareils en les scannant, puis F6/^A les attribue
  ensemble.

EntréeOuvrir ^AAttribuer ^BSélection ^RRéservés ?Aide ÉchapRetour qQuitter
EOF
tui_type "elite"
t_screen stock_search <<'EOF'
 boucle · Stock                      ALT Atelier de Grenoble  Opérateur : Amina
 Chercher  elite
  Prêts : 4   Catégorie : tous   Grade : tous
Identifiant Catégorie  Grade Mémoire Disque Marque, modèle, processeur
ALT-000009  portable   A     8 Go    256 Go HP EliteBook 840 G5
ALT-000008  portable   A     8 Go    256 Go HP EliteBook 840 G5
ALT-000007  portable   A     8 Go    256 Go HP EliteBook 840 G5













  F7/^B : sélectionner des appareils en les scannant, puis F6/^A les attribue
  ensemble.

EntréeOuvrir ^AAttribuer ^BSélection ^RRéservés ?Aide ÉchapRetour qQuitter
EOF
# three scans in a row join the selection; a fourth of the same is said
tui_keys C-b
tui_scan ALT-000007
tui_scan 5CG02
tui_scan ALT-000009
tui_scan ALT-000007
t_screen stock_selection <<'EOF'
 boucle · Stock                      ALT Atelier de Grenoble  Opérateur : Amina
 Chercher  elite
  Prêts : 4   Catégorie : tous   Grade : tous
Identifiant Catégorie  Grade Mémoire Disque Marque, modèle, processeur
ALT-000009  portable   A     8 Go    256 Go HP EliteBook 840 G5
ALT-000008  portable   A     8 Go    256 Go HP EliteBook 840 G5
ALT-000007  portable   A     8 Go    256 Go HP EliteBook 840 G5













  Sélection (3) : ALT-000007 ALT-000008 ALT-000009

 ALT-000007 est déjà dans la sélection.
EntréeOuvrir ^AAttribuer ^BSélection ^RRéservés ?Aide ÉchapRetour qQuitter
EOF
tui_keys C-a
tui_type "ALT-P0009"
tui_keys Tab Right Tab
tui_type "250"
tui_keys Enter
t_screen alloc_refused <<'EOF'
 boucle · Attribuer                  ALT Atelier de Grenoble  Opérateur : Amina
  Réserver ou attribuer 3 appareils ensemble
  ALT-000007 ALT-000008 ALT-000009
             Partenaire* ALT-P0009

                     En  < vente >

               Prix (€)  250

  Jusqu'au (AAAA-MM-JJ)

                 Statut  < livrée >

  ALT-P0009 (personne)
  ALT-000007 : refusé, 250,00 € dépasse le plafond d'un appareil donné par un
  organisme public (CHU Grenoble Alpes) : prix solidaire (arrêté du 7 novembre
  2022) : portable 180,00 €.






EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
[ "$(q "SELECT count(*) FROM allocations WHERE party = 'ALT-P0009'")" = 0 ] && t_pass alloc_refused_wrote_nothing \
  || t_fail alloc_refused_wrote_nothing "$(q "SELECT * FROM allocations")"
tui_keys BSpace BSpace BSpace
tui_type "180"
tui_keys Enter
t_screen alloc_done <<'EOF'
 boucle · Stock                      ALT Atelier de Grenoble  Opérateur : Amina
 Chercher  elite
  Prêts : 1   Catégorie : tous   Grade : tous
Identifiant Catégorie  Grade Mémoire Disque Marque, modèle, processeur
 Aucun appareil ne correspond.















  F7/^B : sélectionner des appareils en les scannant, puis F6/^A les attribue
  ensemble.
 3 appareils attribués à ALT-P0009.
EntréeOuvrir ^AAttribuer ^BSélection ^RRéservés ?Aide ÉchapRetour qQuitter
EOF
[ "$(q "SELECT group_concat(device || ':' || kind || ':' || price_cents, ' ') FROM (SELECT * FROM allocations WHERE party = 'ALT-P0009' ORDER BY device)")" \
  = "ALT-000007:sale:18000 ALT-000008:sale:18000 ALT-000009:sale:18000" ] && t_pass alloc_three_together \
  || t_fail alloc_three_together "$(q "SELECT * FROM allocations")"
# the reserved ones: for whom, until when
tui_keys C-x C-r
t_screen stock_reserved <<'EOF'
 boucle · Stock                      ALT Atelier de Grenoble  Opérateur : Amina
 Chercher
  Réservés : 2   Catégorie : tous   Grade : tous
Identifiant Catégorie  Grade Mémoire Disque Marque, mod… Réservé pour
ALT-000010  portable   A     8 Go    256 Go HP EliteBoo… ALT-P0008 → 2026-06-30
ALT-000005  téléphone  A             64 Go  Samsung Gal…














  F7/^B : sélectionner des appareils en les scannant, puis F6/^A les attribue
  ensemble.

EntréeOuvrir ^AAttribuer ^BSélection ^RRéservés ?Aide ÉchapRetour qQuitter
EOF
# the device screen: its fate in the state, then a loan and its return
tui_keys Enter
t_screen device_reserved <<'EOF'
 boucle · Appareil                   ALT Atelier de Grenoble  Opérateur : Amina
 ALT-000010  HP EliteBook 840 G5
  N° de série  5CG04                    Étiquette donateur —
  État         réservé pour ALT-P0008   Catégorie          portable
               jusqu'au 2026-06-30
  Lot          ALT-L0002                Donateur           CHU Grenoble Alpes
  Grade        A                        Destination        réemploi en l'état
  Matériel     RAM 8 Go
  Carbone      éviterait 182,6 kg CO2e une fois réemployé (ADEME / Arcep 2022 …
  Mention      reconditionné
Historique (7 événements)
 2026-06-16 17:30  Amina       réservé            réservé pour ALT-P0008
                                                  jusqu'au 2026-06-30
 2026-06-16 17:30  Amina       changement d'état  prêt
 2026-06-16 17:30  Amina       évaluation         grade A, réemploi en l'état,
                                                  11 tests sur 11 réussis
 2026-06-16 17:30  Amina       effacement         disque D-5CG04 : réussi —
                                                  purge (effacement sécurisé,
                                                  sanitize, crypto), ATA Secure
                                                  Erase (hdparm)
 2026-06-16 17:30  Amina       disque ajouté      D-5CG04, SSD, 256 Go
 2026-06-16 17:30  Amina       caractéristiques   RAM 8 Go

pÉtiq. gGrade wEffac. cCert. enwipe mDisques tÉtat ?Aide ÉchapRetour qQuitter
EOF
tui_keys a
tui_type "ALT-P0008"
tui_keys Tab Right Right Tab Tab
tui_type "2026-09-01"
tui_keys Enter
tui_wait "prêt à ALT-P0008" || t_fail device_loan "no loan on screen"
tui_keys b
t_screen device_return_asked <<'EOF'
 boucle · Appareil                   ALT Atelier de Grenoble  Opérateur : Amina
 ALT-000010  HP EliteBook 840 G5
  N° de série  5CG04                    Étiquette donateur —
  État         réemployé — prêt à       Catégorie          portable
               ALT-P0008, jusqu'au
               2026-09-01, livrée
  Lot          ALT-L0002                Donateur           CHU Grenoble Alpes
  Grade   ┌──────────────────────────────────────────────────────────┐ l'état
  Matériel│ Confirmer                                                │
  Carbone │                                                          │, fabric…
  Mention │ ALT-000010 : prêt à ALT-P0008, jusqu'au 2026-09-01,      │
Historique│ livrée. Est-il revenu ?                                  │
 2026-06-1│                                                          │squ'au
          │ [O]ui / [N]on   (Entrée = oui, Échap = non)              │
 2026-06-1└──────────────────────────────────────────────────────────┘08
                                                  jusqu'au 2026-06-30
 2026-06-16 17:30  Amina       changement d'état  prêt
 2026-06-16 17:30  Amina       évaluation         grade A, réemploi en l'état,
                                                  11 tests sur 11 réussis
 2026-06-16 17:30  Amina       effacement         disque D-5CG04 : réussi —
                                                  purge (effacement sécurisé,
                                                  sanitize, crypto), ATA Secur…
EOF
tui_keys Enter
tui_wait "Enregistré." && [ "$(q "SELECT state FROM devices WHERE id = 'ALT-000010'")" = ready ] \
  && t_pass device_loan_returned || t_fail device_loan_returned "$(tui_screen)"
tui_keys b
t_expect device_return_twice_refused "Le prêt de ALT-000010 est déjà revenu, le 2026-06-16."
tui_stop
t_end
