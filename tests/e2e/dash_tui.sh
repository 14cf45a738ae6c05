# dash_tui.sh — the dashboard (home, b) whole at 80x24: on a fresh database,
# on `boucle demo` in French and in English, the region (r) and back, and
# under TERM=linux with ASCII bars and sparklines. The clock is fixed with
# faketime (the weeks and months are the year before it).
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
command -v faketime >/dev/null || { t_skip dash_tui "faketime is not installed"; exit 0; }
NOW='2026-06-16 17:30:00'
at() { faketime "$NOW" "$@"; }

# ---- a fresh database ----
export BOUCLE_DB="$T_DIR/fresh.db"
at "$B" init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
at "$B" operator add Amina >/dev/null
tui_start 80 24 -- faketime "$NOW" "$B" --operator Amina
tui_keys b
t_screen dash_fr_fresh <<'EOF'
 boucle · Tableau de bord           GRE1 Atelier de Grenoble  Opérateur : Amina
 Cet atelier : 0 appareil
              portab   fixe  écran   tél.  tabl.  impr. réseau  autre    total
 reçu              0      0      0      0      0      0      0      0        0
 en cours          0      0      0      0      0      0      0      0        0
 prêt              0      0      0      0      0      0      0      0        0
 réservé           0      0      0      0      0      0      0      0        0
 réemployé         0      0      0      0      0      0      0      0        0
 pièces            0      0      0      0      0      0      0      0        0
 recyclé           0      0      0      0      0      0      0      0        0
 Grades en stock :  A 0  B 0  C 0  D 0  sans grade 0
 Flux         par semaine depuis le 2025-06-23                     par mois
 entrés     0 ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁ ▁▁▁▁▁▁▁▁▁▁▁▁
 sortis     0 ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁ ▁▁▁▁▁▁▁▁▁▁▁▁
 Principaux donateurs                    À surveiller
   Aucun appareil reçu pour l’instant.        0 réservations qui expirent
                                              0 prêts en retard
                                              0 attendent l’effacement > 7 j
 Effacements réussis  aucun encore       Réception à prêt : aucun encore
 Carbone évité : 0 kg CO2e, 0 appareil réemployé
   Source : ADEME / Arcep 2022 (impactco2.fr), fabrication et distribution
   Méthode : un réemploi évite l’empreinte d’un appareil neuf de sa catégorie.

rRégion F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_stop

# ---- the demo ----
export BOUCLE_DB="$T_DIR/demo.db"
at "$B" demo >/dev/null
at "$B" operator add Amina >/dev/null 2>&1
tui_start 80 24 -- faketime "$NOW" "$B" --operator Amina
tui_keys b
t_screen dash_fr_demo <<'EOF'
 boucle · Tableau de bord      DEMO Atelier de démonstration  Opérateur : Amina
 Cet atelier : 500 appareils
              portab   fixe  écran   tél.  tabl.  impr. réseau  autre    total
 reçu             58     20     20     10      2     12      3      0      125
 en cours         29     13     18      4      3     12      1      0       80
 prêt             34     16     13      5      3     12      4      0       87
 réservé          18      9      6      3      0      6      3      0       45
 réemployé        35     11      8      5      3      8      4      0       74
 pièces           16     10      6      4      1      6      3      0       46
 recyclé          11     11      6      3      2      6      4      0       43
 Grades en stock :  A 33  B 68  C 31  D 0  sans grade 205
 Flux         par semaine depuis le 2025-06-23                     par mois
 entrés   500 ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▄▁▁▇▁▇▁▁█▁█▁▁▄▁▂▁▁▃▁▅▁▁▅▁▁▅▁▄▁▁▅▁▁▇▁▅▁ ▁▁▃▄█▇▂▄▅▃▇▃
 sortis   163 ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▁▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▁▂▂▂▂ ▁▁▂▂▃▃▂▂▂▂▂▂
 Principaux donateurs                    À surveiller
   Schneider Electric     129 ████████        0 réservations qui expirent
   CHU Grenoble Alpes     115 ███████▏        0 prêts en retard
   Université Grenobl…    114 ███████▏      132 attendent l’effacement > 7 j
 Effacements réussis  ████████ 100 %     Réception à prêt : médiane 9 jours
 Carbone évité : 9 771 kg CO2e, 74 appareils réemployés
   Source : ADEME / Arcep 2022 (impactco2.fr), fabrication et distribution
   Méthode : un réemploi évite l’empreinte d’un appareil neuf de sa catégorie.

rRégion F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_keys r
t_screen dash_fr_region <<'EOF'
 boucle · Tableau de bord      DEMO Atelier de démonstration  Opérateur : Amina
 La région : 1 atelier, 500 appareils
              portab   fixe  écran   tél.  tabl.  impr. réseau  autre    total
 reçu             58     20     20     10      2     12      3      0      125
 en cours         29     13     18      4      3     12      1      0       80
 prêt             34     16     13      5      3     12      4      0       87
 réservé          18      9      6      3      0      6      3      0       45
 réemployé        35     11      8      5      3      8      4      0       74
 pièces           16     10      6      4      1      6      3      0       46
 recyclé          11     11      6      3      2      6      4      0       43
 Grades en stock :  A 33  B 68  C 31  D 0  sans grade 205
 Flux         par semaine depuis le 2025-06-23                     par mois
 entrés   500 ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▄▁▁▇▁▇▁▁█▁█▁▁▄▁▂▁▁▃▁▅▁▁▅▁▁▅▁▄▁▁▅▁▁▇▁▅▁ ▁▁▃▄█▇▂▄▅▃▇▃
 sortis   163 ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▁▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▁▂▂▂▂ ▁▁▂▂▃▃▂▂▂▂▂▂
 Principaux donateurs                    À surveiller
   Schneider Electric     129 ████████        0 réservations qui expirent
   CHU Grenoble Alpes     115 ███████▏        0 prêts en retard
   Université Grenobl…    114 ███████▏      132 attendent l’effacement > 7 j
 Effacements réussis  ████████ 100 %     Réception à prêt : médiane 9 jours
 Carbone évité : 9 771 kg CO2e, 74 appareils réemployés
   Source : ADEME / Arcep 2022 (impactco2.fr), fabrication et distribution
   Méthode : un réemploi évite l’empreinte d’un appareil neuf de sa catégorie.

rRégion F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_keys r
t_expect dash_fr_back_to_workshop "Cet atelier : 500 appareils" 5
tui_keys Escape
t_expect dash_back_home "b Tableau de bord, carbone évité" 5
tui_stop
tui_start 80 24 -- faketime "$NOW" "$B" --lang en --operator Amina
tui_keys b
t_screen dash_en_demo <<'EOF'
 boucle · Dashboard              DEMO Atelier de démonstration  Operator: Amina
 This workshop: 500 devices
              laptop  desk. screen  phone tablet print.  netw.  other    total
 received         58     20     20     10      2     12      3      0      125
 in progress      29     13     18      4      3     12      1      0       80
 ready            34     16     13      5      3     12      4      0       87
 reserved         18      9      6      3      0      6      3      0       45
 reused           35     11      8      5      3      8      4      0       74
 parts            16     10      6      4      1      6      3      0       46
 recycled         11     11      6      3      2      6      4      0       43
 Grades in stock:  A 33  B 68  C 31  D 0  not graded 205
 Flows        by week since 2025-06-23                             by month
 in       500 ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▄▁▁▇▁▇▁▁█▁█▁▁▄▁▂▁▁▃▁▅▁▁▅▁▁▅▁▄▁▁▅▁▁▇▁▅▁ ▁▁▃▄█▇▂▄▅▃▇▃
 out      163 ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▁▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▁▂▂▂▂ ▁▁▂▂▃▃▂▂▂▂▂▂
 Biggest donors                          Needs attention
   Schneider Electric     129 ████████        0 reservations expiring
   CHU Grenoble Alpes     115 ███████▏        0 loans overdue
   Université Grenobl…    114 ███████▏      132 waiting for a wipe > a week
 Wipes succeeded      ████████ 100 %     Receipt to ready: median 9 days
 Carbon avoided: 9,771 kg CO2e, 74 devices reused
   Source: ADEME / Arcep 2022 (impactco2.fr), manufacturing and distribution
   Method: a reused device avoids the footprint of a new one of its category.

rRegion F1/?Help /Search EscBack F10/qQuit
EOF
tui_stop

# ---- TERM=linux (in the pane: tmux sets its own): ASCII bars and sparklines ----
tui_start 80 24 -- env TERM=linux faketime "$NOW" "$B" --operator Amina
tui_keys b
t_screen dash_fr_linux <<'EOF'
 boucle · Tableau de bord      DEMO Atelier de démonstration  Opérateur : Amina
 Cet atelier : 500 appareils
              portab   fixe  écran   tél.  tabl.  impr. réseau  autre    total
 reçu             58     20     20     10      2     12      3      0      125
 en cours         29     13     18      4      3     12      1      0       80
 prêt             34     16     13      5      3     12      4      0       87
 réservé          18      9      6      3      0      6      3      0       45
 réemployé        35     11      8      5      3      8      4      0       74
 pièces           16     10      6      4      1      6      3      0       46
 recyclé          11     11      6      3      2      6      4      0       43
 Grades en stock :  A 33  B 68  C 31  D 0  sans grade 205
 Flux         par semaine depuis le 2025-06-23                     par mois
 entrés   500               -  * *  # #  - .  : =  =  = -  =  * =    :-#*.-=:*:
 sortis   163               ................ ................ ....   ..::......
 Principaux donateurs                    À surveiller
   Schneider Electric     129 ########        0 réservations qui expirent
   CHU Grenoble Alpes     115 #######         0 prêts en retard
   Université Grenobl~    114 #######       132 attendent l'effacement > 7 j
 Effacements réussis  ######## 100 %     Réception à prêt : médiane 9 jours
 Carbone évité : 9 771 kg CO2e, 74 appareils réemployés
   Source : ADEME / Arcep 2022 (impactco2.fr), fabrication et distribution
   Méthode : un réemploi évite l'empreinte d'un appareil neuf de sa catégorie.

rRégion F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_stop
t_end
