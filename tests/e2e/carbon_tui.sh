# carbon_tui.sh — the carbon avoided and a public body's quotas on the
# screens, whole at 80x24 in French (issue 14, items 2 and 3): a device
# reused (its carbon, the source named) and one not yet (what it would
# avoid); the lots screen's carbon line; the party form of a public body
# (the carbon of what it gave, this year's décret ratio and AGEC share,
# the IT purchases declared), a total typed wrong refused in French then
# declared; the quotas screen (F5 on the parties screen) writing the PDF
# and the CSV; a business refused there; the party form under TERM=linux.
# The clock is fixed with faketime.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
command -v faketime >/dev/null || { t_skip carbon_tui "faketime is not installed"; exit 0; }
command -v sqlite3 >/dev/null || { t_skip carbon_tui "sqlite3 is not installed"; exit 0; }
NOW='2026-06-16 17:30:00'
at() { faketime "$NOW" "$@"; }
export BOUCLE_DB="$T_DIR/carbon.db" BOUCLE_OPERATOR=Amina
q() { sqlite3 -cmd ".timeout 5000" "$BOUCLE_DB" "$1"; }
at "$B" init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
at "$B" operator add Amina >/dev/null
CHU=$(at "$B" party add --kind public --name "CHU Grenoble Alpes")
BIZ=$(at "$B" party add --kind business --name "Schneider Electric")
LOT=$(at "$B" lot add --donor "$CHU" --ref BL-7)
for s in 5CG01 5CG02 5CG03; do at "$B" device add --lot "$LOT" --serial $s --category laptop --make HP --model "EliteBook 840 G5" >/dev/null; done
at "$B" device add --lot "$LOT" --serial DT01 --category desktop --make Dell --model "OptiPlex 7050" >/dev/null
for d in GRE1-000001 GRE1-000004; do
  t=""; [ $d = GRE1-000001 ] && t="--test battery=90"
  at "$B" grade $d --cosmetic A --outcome reuse --all-pass --no-storage $t >/dev/null
  at "$B" device state $d ready >/dev/null
  at "$B" device state $d reused --note "donné" >/dev/null
done

tui_start 80 24 -- faketime "$NOW" "$B"
tui_wait "Menu" >/dev/null || t_fail carbon_tui_start "no home screen"
tui_keys d
tui_wait "GRE1-000004" >/dev/null
tui_keys End Enter
tui_wait "Historique" >/dev/null
t_screen device_reused_carbon <<'SCREEN'
 boucle · Appareil                  GRE1 Atelier de Grenoble  Opérateur : Amina
 GRE1-000001  HP EliteBook 840 G5
  N° de série  5CG01                    Étiquette donateur —
  État         réemployé                Catégorie          portable
  Lot          GRE1-L0001               Donateur           CHU Grenoble Alpes
  Grade        A                        Destination        réemploi en l'état
  Carbone      182,6 kg CO2e évités (ADEME / Arcep 2022 (impactco2.fr), fabric…
  Mention      reconditionné
Historique (5 événements)
 2026-06-16 17:30  Amina       changement d'état  réemployé — donné
 2026-06-16 17:30  Amina       changement d'état  prêt
 2026-06-16 17:30  Amina       évaluation         grade A, réemploi en l'état,
                                                  11 tests sur 11 réussis, sans
                                                  stockage
 2026-06-16 17:30  Amina       sans disque        aucun support de stockage à
                                                  l'intérieur
 2026-06-16 17:30  Amina       appareil reçu      n° de série 5CG01, lot
                                                  GRE1-L0001, portable, HP
                                                  EliteBook 840 G5




pÉtiq. gGrade wEffac. cCert. enwipe mDisques tÉtat ?Aide ÉchapRetour qQuitter
SCREEN
tui_keys Escape
tui_keys Home Down Down Enter
tui_wait "Historique" >/dev/null
t_screen device_would_avoid <<'SCREEN'
 boucle · Appareil                  GRE1 Atelier de Grenoble  Opérateur : Amina
 GRE1-000002  HP EliteBook 840 G5
  N° de série  5CG02                    Étiquette donateur —
  État         reçu                     Catégorie          portable
  Lot          GRE1-L0001               Donateur           CHU Grenoble Alpes
  Grade        —                        Destination        —
  Carbone      éviterait 182,6 kg CO2e une fois réemployé (ADEME / Arcep 2022 …
  Mention      d'occasion
               – pas encore évalué
               – aucun support de stockage enregistré
Historique (1 événement)
 2026-06-16 17:30  Amina       appareil reçu      n° de série 5CG02, lot
                                                  GRE1-L0001, portable, HP
                                                  EliteBook 840 G5









pÉtiq. gGrade wEffac. cCert. enwipe mDisques tÉtat ?Aide ÉchapRetour qQuitter
SCREEN
tui_keys Escape Escape
tui_keys l
tui_wait "Engagement" >/dev/null
t_screen lots_carbon_line <<'SCREEN'
 boucle · Lots                      GRE1 Atelier de Grenoble  Opérateur : Amina
Lot         Date       Appareils Donateur                       Référence
GRE1-L0001  2026-06-16 4         CHU Grenoble Alpes             BL-7

















 Carbone évité : 387,0 kg CO2e (2 réemployés) ; 365,2 kg de plus à venir
 Engagement de réemploi : non renseigné

EntréeRéception nNouveau iAnnonce rRapprocher ?Aide ÉchapRetour qQuitter
SCREEN
tui_keys Escape
tui_keys a
tui_wait "CHU" >/dev/null
tui_keys Enter
tui_wait "Achats" >/dev/null
t_screen party_public_form <<'SCREEN'
 boucle · Partenaire                GRE1 Atelier de Grenoble  Opérateur : Amina

  Partenaire GRE1-P0001

           Type  < organisme public >

            Nom  CHU Grenoble Alpes

        Contact

          Année

  Achats HT (€)

  Le nom est partagé avec la région ; le contact reste sur cet ordinateur. Les
  achats informatiques d’une année (hors taxes ; l’année laissée vide est
  celle-ci) d’un organisme public donnent sa part AGEC d’achats issus du
  réemploi.
  Carbone évité par ses dons : 387,0 kg CO2e (2 appareils réemployés).
  Taux du décret 2023-266 en 2026 : 50,0 % (2 sur 4 appareils donnés orientés
  vers le réemploi) ; objectif 50 % : atteint. En 2026, cet organisme n’a
  acheté aucun appareil à cet atelier.

EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Down Down Down Down
tui_type "12 000 €"
tui_keys Enter
t_screen party_purchases_refused <<'SCREEN'
 boucle · Partenaire                GRE1 Atelier de Grenoble  Opérateur : Amina

  Partenaire GRE1-P0001

           Type  < organisme public >

            Nom  CHU Grenoble Alpes

        Contact

          Année

  Achats HT (€)  12 000 €

  Le nom est partagé avec la région ; le contact reste sur cet ordinateur. Les
  achats informatiques d’une année (hors taxes ; l’année laissée vide est
  celle-ci) d’un organisme public donnent sa part AGEC d’achats issus du
  réemploi.
  Carbone évité par ses dons : 387,0 kg CO2e (2 appareils réemployés).
  Taux du décret 2023-266 en 2026 : 50,0 % (2 sur 4 appareils donnés orientés
  vers le réemploi) ; objectif 50 % : atteint. En 2026, cet organisme n’a
  acheté aucun appareil à cet atelier.
 total : « 12 000 € » n’est pas un montant en euros (120000 ou 1234,50)
EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
[ "$(q "select count(*) from party_purchases")" = 0 ] && t_pass purchases_refused_nothing_written \
  || t_fail purchases_refused_nothing_written "a row was written"
tui_keys BSpace BSpace
tui_keys Enter
tui_wait "changé" >/dev/null
[ "$(q "select total_cents || '|' || year from party_purchases where code = '$CHU'")" = "1200000|2026" ] \
  && t_pass purchases_declared_from_form || t_fail purchases_declared_from_form "$(q "select * from party_purchases")"
tui_keys Enter
tui_wait "Achats" >/dev/null
t_screen party_public_form_declared <<'SCREEN'
 boucle · Partenaire                GRE1 Atelier de Grenoble  Opérateur : Amina

  Partenaire GRE1-P0001

           Type  < organisme public >

            Nom  CHU Grenoble Alpes

        Contact

          Année

  Achats HT (€)  12000

  Le nom est partagé avec la région ; le contact reste sur cet ordinateur. Les
  achats informatiques d’une année (hors taxes ; l’année laissée vide est
  celle-ci) d’un organisme public donnent sa part AGEC d’achats issus du
  réemploi.
  Carbone évité par ses dons : 387,0 kg CO2e (2 appareils réemployés).
  Taux du décret 2023-266 en 2026 : 50,0 % (2 sur 4 appareils donnés orientés
  vers le réemploi) ; objectif 50 % : atteint. En 2026 : achats informatiques
  déclarés 12000,00 €, aucun fait ici : part AGEC 0 %.

EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_keys Escape
tui_keys Down
tui_keys C-r
t_screen party_quota_business_refused <<'SCREEN'
 boucle · Partenaires               GRE1 Atelier de Grenoble  Opérateur : Amina
 Chercher
  2 partenaires   Type : tous
Code       Type             Nom                            Contact
GRE1-P0001 organisme public CHU Grenoble Alpes
GRE1-P0002 entreprise       Schneider Electric















 GRE1-P0002 n’est pas un organisme public : les quotas de réemploi sont ceux
 des organismes publics.
EntréeModifier ^NNouveau ^KType ^XEffacer ^FOublier ?Aide ÉchapRetour qQuitter
SCREEN
tui_keys Up
tui_keys C-r
tui_wait "Quotas de réemploi de" >/dev/null
tui_keys Down C-u
tui_type "quotas-chu.pdf"
tui_keys Enter
tui_wait "Écrit" >/dev/null
t_screen quota_written <<'SCREEN'
 boucle · Quotas de réemploi        GRE1 Atelier de Grenoble  Opérateur : Amina
 Quotas de réemploi de GRE1-P0001

        Année* 2026

  Fichier PDF* quotas-chu.pdf

       Langue  < Français >


  Entrée y écrit le relevé annuel en PDF, et le CSV à côté : en tant que
  donateur, le taux du décret 2023-266 face à son objectif ; en tant
  qu’acheteur, la part AGEC de ses achats informatiques issus du réemploi (le
  total déclaré, sur la fiche du partenaire).

  Écrit : quotas-chu.pdf et quotas-chu.csv. Taux du décret 2023-266 en 2026 :
  50,0 % (2 sur 4 appareils donnés orientés vers le réemploi) ; objectif 50 %
  : atteint. En 2026 : achats informatiques déclarés 12000,00 €, aucun fait
  ici : part AGEC 0 %.




EntréeÉcrire F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
[ -s quotas-chu.pdf ] && [ -s quotas-chu.csv ] && t_pass quota_files_written \
  || t_fail quota_files_written "$(ls)"
tui_stop

T_TERM=linux tui_start 80 24 -- faketime "$NOW" "$B"
tui_wait "Menu" >/dev/null
tui_keys a
tui_wait "CHU" >/dev/null
tui_keys Enter
tui_wait "Achats" >/dev/null
t_screen party_public_form_linux <<'SCREEN'
 boucle · Partenaire                GRE1 Atelier de Grenoble  Opérateur : Amina

  Partenaire GRE1-P0001

           Type  < organisme public >

            Nom  CHU Grenoble Alpes

        Contact

          Année

  Achats HT (€)  12000

  Le nom est partagé avec la région ; le contact reste sur cet ordinateur. Les
  achats informatiques d'une année (hors taxes ; l'année laissée vide est
  celle-ci) d'un organisme public donnent sa part AGEC d'achats issus du
  réemploi.
  Carbone évité par ses dons : 387,0 kg CO2e (2 appareils réemployés).
  Taux du décret 2023-266 en 2026 : 50,0 % (2 sur 4 appareils donnés orientés
  vers le réemploi) ; objectif 50 % : atteint. En 2026 : achats informatiques
  déclarés 12000,00 €, aucun fait ici : part AGEC 0 %.

EntréeEnregistrer F1/?Aide /Chercher ÉchapRetour F10/qQuitter
SCREEN
tui_stop
t_end
