# grade_all_pass.sh — grading a laptop "all passed" from the screen, as a
# technician does on the bench (boucle not running on the laptop itself, so
# its battery health is typed): g, a, the battery's health, Enter, the
# cosmetic grade, the outcome, Enter. The whole 80x24 screen is compared at
# each phase, in French and in English; the saved record is read back with
# `boucle device show ID --json`. Also: Esc asks before throwing answers
# away, Backspace removes « é » whole on the note line, F1 lists every key,
# the 4-key walk when boucle runs on the laptop itself (a fake sysfs whose
# firmware serial is the laptop's), and `grade --all-pass` on the command line.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
"$B" init --workshop GRE1 --name Atelier >/dev/null
"$B" operator add Camille >/dev/null 2>&1
"$B" lot add --donor "Mairie de Grenoble" >/dev/null
ID=$("$B" device add --lot GRE1-L0001 --serial PF1ABC --category laptop --make Lenovo --model T480)
ID2=$("$B" device add --lot GRE1-L0001 --serial PF2DEF --category laptop --make Lenovo --model T480)
ID3=$("$B" device add --lot GRE1-L0001 --serial 5CG7301XYZ --category laptop --make HP --model "EliteBook 840 G5")
# The bench PC: no battery, no firmware serial.
mkdir -p "$T_DIR/bench"
# The laptop itself: a battery at 84 % of its design, its serial in the firmware.
S="$T_DIR/self/class"
mkdir -p "$S/power_supply/BAT0" "$S/dmi/id"
echo 42000000 >"$S/power_supply/BAT0/energy_full"
echo 50000000 >"$S/power_supply/BAT0/energy_full_design"
echo "5CG7301XYZ" >"$S/dmi/id/product_serial"

# check NAME ID PYTHON-ASSERTS: the saved record of ID (d = its JSON, t = answers by test)
check() {
  "$B" device show "$2" --json >"$T_DIR/d.json"
  if python3 -c "
import json,sys; d=json.load(open(sys.argv[1])); g=d['grading']
t={x['id']:x['answer'] for x in (g['tests'] if g else [])}
$3
" "$T_DIR/d.json" 2>"$T_DIR/py.err"; then t_pass "$1"; else t_fail "$1" "$(tail -1 "$T_DIR/py.err") $(head -c 300 "$T_DIR/d.json")"; fi
}

# ---- 1. French, on the bench: the battery's health is typed
tui_start -- env BOUCLE_SYSFS="$T_DIR/bench" "$B" --operator Camille
tui_wait "GRE1" 5 || true
tui_scan "$ID"
tui_wait PF1ABC 5 || true
tui_keys g
t_screen grade_all_pass_fr_tests <<'EOF'
 boucle · Évaluation                          GRE1 Atelier  Opérateur : Camille
 GRE1-000001  Lenovo T480  (boucle-default 2026.1)
  1 Alimentation et démarrage                    ·
  2 Écran (sans pixel mort, rétroéclairage)      ·
  3 Clavier (toutes les touches)                 ·
  4 Pavé tactile et boutons                      ·
  5 Santé de la batterie (%)                     ·
  6 Chargeur                                     ·
  7 Ports USB                                    ·
  8 Webcam                                       ·
  9 Haut-parleurs, prise casque, micro           ·
 10 Wi-Fi                                        ·
 11 Aucun verrou BIOS / firmware                 ·





 p (ou o) réussi  f (ou n) échec  s passer  a tout le reste réussi
 État esthétique (A B C D) : ·
 Orientation (1 réemploi, 2 à reconditionner, 3 pièces, 4 recyclage) : ·
 Note (Entrée enregistre) :

pRéussi fÉchec sPasser aTout réussi ÉchapRetour F1/?Aide /Chercher F10/qQuitter
EOF
tui_keys a
t_screen grade_all_pass_fr_waits_on_battery <<'EOF'
 boucle · Évaluation                          GRE1 Atelier  Opérateur : Camille
 GRE1-000001  Lenovo T480  (boucle-default 2026.1)
  1 Alimentation et démarrage                    réussi
  2 Écran (sans pixel mort, rétroéclairage)      réussi
  3 Clavier (toutes les touches)                 réussi
  4 Pavé tactile et boutons                      réussi
  5 Santé de la batterie (%)                     ·
  6 Chargeur                                     D'origine, fonctionne
  7 Ports USB                                    réussi
  8 Webcam                                       réussi
  9 Haut-parleurs, prise casque, micro           réussi
 10 Wi-Fi                                        réussi
 11 Aucun verrou BIOS / firmware                 réussi





 Chiffres puis Entrée ; s pour passer.
 État esthétique (A B C D) : ·
 Orientation (1 réemploi, 2 à reconditionner, 3 pièces, 4 recyclage) : ·
 Note (Entrée enregistre) :
 Santé de la batterie (%) : tapez la valeur mesurée, puis Entrée.
pRéussi fÉchec sPasser aTout réussi ÉchapRetour F1/?Aide /Chercher F10/qQuitter
EOF
tui_keys 8; tui_keys 5; tui_keys Enter
t_screen grade_all_pass_fr_cosmetic <<'EOF'
 boucle · Évaluation                          GRE1 Atelier  Opérateur : Camille
 GRE1-000001  Lenovo T480  (boucle-default 2026.1)
  1 Alimentation et démarrage                    réussi
  2 Écran (sans pixel mort, rétroéclairage)      réussi
  3 Clavier (toutes les touches)                 réussi
  4 Pavé tactile et boutons                      réussi
  5 Santé de la batterie (%)                     85
  6 Chargeur                                     D'origine, fonctionne
  7 Ports USB                                    réussi
  8 Webcam                                       réussi
  9 Haut-parleurs, prise casque, micro           réussi
 10 Wi-Fi                                        réussi
 11 Aucun verrou BIOS / firmware                 réussi






 État esthétique (A B C D) : ·
 Orientation (1 réemploi, 2 à reconditionner, 3 pièces, 4 recyclage) : ·
 Note (Entrée enregistre) :

AParfait état BBon CCorrect DUsé ÉchapRetour F1/?Aide /Chercher F10/qQuitter
EOF
tui_keys A
t_screen grade_all_pass_fr_outcome <<'EOF'
 boucle · Évaluation                          GRE1 Atelier  Opérateur : Camille
 GRE1-000001  Lenovo T480  (boucle-default 2026.1)
  1 Alimentation et démarrage                    réussi
  2 Écran (sans pixel mort, rétroéclairage)      réussi
  3 Clavier (toutes les touches)                 réussi
  4 Pavé tactile et boutons                      réussi
  5 Santé de la batterie (%)                     85
  6 Chargeur                                     D'origine, fonctionne
  7 Ports USB                                    réussi
  8 Webcam                                       réussi
  9 Haut-parleurs, prise casque, micro           réussi
 10 Wi-Fi                                        réussi
 11 Aucun verrou BIOS / firmware                 réussi






 État esthétique (A B C D) : A
 Orientation (1 réemploi, 2 à reconditionner, 3 pièces, 4 recyclage) : ·
 Note (Entrée enregistre) :

1Réemploi 2Reconditionner 3Pièces 4Recycler ÉchapRetour ?Aide /Chercher qQuitter
EOF
tui_keys 1
t_screen grade_all_pass_fr_note <<'EOF'
 boucle · Évaluation                          GRE1 Atelier  Opérateur : Camille
 GRE1-000001  Lenovo T480  (boucle-default 2026.1)
  1 Alimentation et démarrage                    réussi
  2 Écran (sans pixel mort, rétroéclairage)      réussi
  3 Clavier (toutes les touches)                 réussi
  4 Pavé tactile et boutons                      réussi
  5 Santé de la batterie (%)                     85
  6 Chargeur                                     D'origine, fonctionne
  7 Ports USB                                    réussi
  8 Webcam                                       réussi
  9 Haut-parleurs, prise casque, micro           réussi
 10 Wi-Fi                                        réussi
 11 Aucun verrou BIOS / firmware                 réussi






 État esthétique (A B C D) : A
 Orientation (1 réemploi, 2 à reconditionner, 3 pièces, 4 recyclage) : réemploi
 Note (Entrée enregistre) :

EntréeEnregistrer ÉchapRetour F1/?Aide /Chercher F10/qQuitter
EOF
# « Rayé » then Backspace: the whole « é » goes (2 bytes), not half of it
tui_type "Rayé"; tui_keys BSpace
t_screen grade_all_pass_fr_backspace_whole_char <<'EOF'
 boucle · Évaluation                          GRE1 Atelier  Opérateur : Camille
 GRE1-000001  Lenovo T480  (boucle-default 2026.1)
  1 Alimentation et démarrage                    réussi
  2 Écran (sans pixel mort, rétroéclairage)      réussi
  3 Clavier (toutes les touches)                 réussi
  4 Pavé tactile et boutons                      réussi
  5 Santé de la batterie (%)                     85
  6 Chargeur                                     D'origine, fonctionne
  7 Ports USB                                    réussi
  8 Webcam                                       réussi
  9 Haut-parleurs, prise casque, micro           réussi
 10 Wi-Fi                                        réussi
 11 Aucun verrou BIOS / firmware                 réussi






 État esthétique (A B C D) : A
 Orientation (1 réemploi, 2 à reconditionner, 3 pièces, 4 recyclage) : réemploi
 Note (Entrée enregistre) : Ray

EntréeEnregistrer ÉchapRetour F1/?Aide /Chercher F10/qQuitter
EOF
tui_type "ée"
tui_keys Escape
t_screen grade_all_pass_fr_esc_asks <<'EOF'
 boucle · Évaluation                          GRE1 Atelier  Opérateur : Camille
 GRE1-000001  Lenovo T480  (boucle-default 2026.1)
  1 Alimentation et démarrage                    réussi
  2 Écran (sans pixel mort, rétroéclairage)      réussi
  3 Clavier (toutes les touches)                 réussi
  4 Pavé tactile et boutons                      réussi
  5 Santé de la batterie (%)                     85
  6 Charge┌──────────────────────────────────────────────────────────┐
  7 Ports │ Abandonner l'évaluation                                  │
  8 Webcam│                                                          │
  9 Haut-p│ Partir sans enregistrer ? Les réponses données seront    │
 10 Wi-Fi │ perdues.                                                 │
 11 Aucun │                                                          │
          │ [O]ui / [N]on   (Entrée = oui, Échap = non)              │
          └──────────────────────────────────────────────────────────┘




 État esthétique (A B C D) : A
 Orientation (1 réemploi, 2 à reconditionner, 3 pièces, 4 recyclage) : réemploi
 Note (Entrée enregistre) : Rayée
EOF
tui_keys n
t_expect grade_all_pass_fr_esc_no_keeps_answers "Note (Entrée enregistre) : Rayée"
tui_keys F1
t_screen grade_all_pass_fr_help_lists_every_key <<'EOF'
 boucle · Aide                                GRE1 Atelier  Opérateur : Camille
 Touches de l’écran « Évaluation »

  p, o             Le test est réussi
  f, n             Le test a échoué
  s                Test non fait (ne compte pas comme réussi)
  a, F3            Tout test sans réponse réussit ; une mesure attend sa valeur
  A                État esthétique A : parfait état, traces à peine visibles
  B, b             État esthétique B : bon, légères traces
  C, c             État esthétique C : correct, usure visible
  D, d             État esthétique D : usé, forte usure
  1                Orientation : réemploi en l'état (test à choix : option 1)
  2                Orientation : à reconditionner (test à choix : option 2)
  3                Orientation : pièces (test à choix : option 3)
  4                Orientation : recyclage (test à choix : option 4)
  Entrée, F2       Enregistrer (ligne de note) ; Entrée valide un pourcentage
  Haut             Test précédent ; retour à la question précédente
  Bas              Test suivant
  Échap            Retour à l'appareil ; demande avant de perdre des réponses
  F1, ?            Afficher les touches de cet écran
  /                Chercher un appareil
  F10, q           Quitter boucle

gGuides ÉchapFermer F1/?Aide /Chercher F10/qQuitter
EOF
tui_keys Escape
# Up on the note line goes back to the outcome (its keys in the bar), the note kept
tui_keys Up
tui_wait "1Réemploi 2Reconditionner" 3 && tui_wait "Note (Entrée enregistre) : Rayée" 1 &&
  t_pass grade_all_pass_fr_up_back_to_outcome || t_fail grade_all_pass_fr_up_back_to_outcome "$(tui_screen | tail -4)"
tui_keys 1
tui_keys Enter
t_expect grade_all_pass_fr_saved "GRE1-000001 évalué"
check grade_all_pass_fr_record "$ID" "
assert d['grade']=='A' and d['outcome']=='reuse', (d['grade'], d['outcome'])
assert t['battery']=='85' and t['charger']=='original', t
assert all(v=='pass' for k,v in t.items() if k not in ('battery','charger')), t
assert g['tests_passed']==11 and g['tests_total']==11, g
assert g['note']=='Rayée', repr(g['note'])
"
tui_stop

# ---- 2. English: the same phases; Esc then yes throws the answers away
tui_start -- env BOUCLE_SYSFS="$T_DIR/bench" "$B" --lang en --operator Camille
tui_wait "GRE1" 5 || true
tui_scan "$ID2"
tui_wait PF2DEF 5 || true
tui_keys g
t_screen grade_all_pass_en_tests <<'EOF'
 boucle · Grading                               GRE1 Atelier  Operator: Camille
 GRE1-000002  Lenovo T480  (boucle-default 2026.1)
  1 Power and boot                               ·
  2 Screen (no dead pixels, backlight)           ·
  3 Keyboard (every key)                         ·
  4 Touchpad and buttons                         ·
  5 Battery health (%)                           ·
  6 Charger                                      ·
  7 USB ports                                    ·
  8 Webcam                                       ·
  9 Speakers, headphone jack, microphone         ·
 10 Wi-Fi                                        ·
 11 No BIOS / firmware lock                      ·





 p pass  f fail  s skip  a all the rest pass
 Cosmetic grade (A B C D): ·
 Outcome (1 reuse, 2 refurbish, 3 parts, 4 recycle): ·
 Note (Enter saves):

pPass fFail sSkip aAll pass EscBack F1/?Help /Search F10/qQuit
EOF
tui_keys a
t_screen grade_all_pass_en_waits_on_battery <<'EOF'
 boucle · Grading                               GRE1 Atelier  Operator: Camille
 GRE1-000002  Lenovo T480  (boucle-default 2026.1)
  1 Power and boot                               pass
  2 Screen (no dead pixels, backlight)           pass
  3 Keyboard (every key)                         pass
  4 Touchpad and buttons                         pass
  5 Battery health (%)                           ·
  6 Charger                                      Original, works
  7 USB ports                                    pass
  8 Webcam                                       pass
  9 Speakers, headphone jack, microphone         pass
 10 Wi-Fi                                        pass
 11 No BIOS / firmware lock                      pass





 Digits then Enter; s skips.
 Cosmetic grade (A B C D): ·
 Outcome (1 reuse, 2 refurbish, 3 parts, 4 recycle): ·
 Note (Enter saves):
 Battery health (%): type the measured value, then Enter.
pPass fFail sSkip aAll pass EscBack F1/?Help /Search F10/qQuit
EOF
tui_keys 8; tui_keys 5; tui_keys Enter
t_screen grade_all_pass_en_cosmetic <<'EOF'
 boucle · Grading                               GRE1 Atelier  Operator: Camille
 GRE1-000002  Lenovo T480  (boucle-default 2026.1)
  1 Power and boot                               pass
  2 Screen (no dead pixels, backlight)           pass
  3 Keyboard (every key)                         pass
  4 Touchpad and buttons                         pass
  5 Battery health (%)                           85
  6 Charger                                      Original, works
  7 USB ports                                    pass
  8 Webcam                                       pass
  9 Speakers, headphone jack, microphone         pass
 10 Wi-Fi                                        pass
 11 No BIOS / firmware lock                      pass






 Cosmetic grade (A B C D): ·
 Outcome (1 reuse, 2 refurbish, 3 parts, 4 recycle): ·
 Note (Enter saves):

AExcellent BGood CFair DWorn EscBack F1/?Help /Search F10/qQuit
EOF
tui_keys A
t_screen grade_all_pass_en_outcome <<'EOF'
 boucle · Grading                               GRE1 Atelier  Operator: Camille
 GRE1-000002  Lenovo T480  (boucle-default 2026.1)
  1 Power and boot                               pass
  2 Screen (no dead pixels, backlight)           pass
  3 Keyboard (every key)                         pass
  4 Touchpad and buttons                         pass
  5 Battery health (%)                           85
  6 Charger                                      Original, works
  7 USB ports                                    pass
  8 Webcam                                       pass
  9 Speakers, headphone jack, microphone         pass
 10 Wi-Fi                                        pass
 11 No BIOS / firmware lock                      pass






 Cosmetic grade (A B C D): A
 Outcome (1 reuse, 2 refurbish, 3 parts, 4 recycle): ·
 Note (Enter saves):

1Reuse 2Refurbish 3Parts 4Recycle EscBack F1/?Help /Search F10/qQuit
EOF
tui_keys 1
t_screen grade_all_pass_en_note <<'EOF'
 boucle · Grading                               GRE1 Atelier  Operator: Camille
 GRE1-000002  Lenovo T480  (boucle-default 2026.1)
  1 Power and boot                               pass
  2 Screen (no dead pixels, backlight)           pass
  3 Keyboard (every key)                         pass
  4 Touchpad and buttons                         pass
  5 Battery health (%)                           85
  6 Charger                                      Original, works
  7 USB ports                                    pass
  8 Webcam                                       pass
  9 Speakers, headphone jack, microphone         pass
 10 Wi-Fi                                        pass
 11 No BIOS / firmware lock                      pass






 Cosmetic grade (A B C D): A
 Outcome (1 reuse, 2 refurbish, 3 parts, 4 recycle): reuse as is
 Note (Enter saves):

EnterSave EscBack F1/?Help /Search F10/qQuit
EOF
tui_keys F1
t_screen grade_all_pass_en_help_lists_every_key <<'EOF'
 boucle · Help                                  GRE1 Atelier  Operator: Camille
 Keys of the screen "Grading"

  p, o             The test passed
  f, n             The test failed
  s                The test was not done (does not count as passed)
  a, F3            Every unanswered test passes; a measure waits for its value
  A                Cosmetic grade A: excellent, barely visible marks
  B, b             Cosmetic grade B: good, light marks
  C, c             Cosmetic grade C: fair, visible wear
  D, d             Cosmetic grade D: worn, heavy wear
  1                Outcome: reuse as is (a choice test: its option 1)
  2                Outcome: refurbish, needs a part (a choice test: option 2)
  3                Outcome: parts (a choice test: option 3)
  4                Outcome: recycle (a choice test: option 4)
  Enter, F2        Save (on the note line); Enter also confirms a percentage
  Up               Previous test; back to the previous question
  Down             Next test
  Esc              Back to the device; asks first if answers would be lost
  F1, ?            Show the keys of this screen
  /                Search devices
  F10, q           Quit boucle

gGuides EscClose F1/?Help /Search F10/qQuit
EOF
tui_keys Escape
tui_keys Escape
t_expect grade_all_pass_en_esc_asks "Leave without saving? The answers given will be lost."
tui_keys Enter
t_expect grade_all_pass_en_esc_yes_leaves "Serial"
check grade_all_pass_en_nothing_saved "$ID2" "assert d['grading'] is None, d['grading']"
# Esc with nothing given leaves at once
tui_keys g
tui_wait "Power and boot" 3 || true
tui_keys Escape
t_expect grade_all_pass_en_esc_nothing_given_leaves "Serial"
tui_stop

# ---- 3. boucle running on the laptop itself: its battery is read, 4 keys
tui_start -- env BOUCLE_SYSFS="$T_DIR/self" "$B" --lang en --operator Camille
tui_wait "GRE1" 5 || true
tui_scan "$ID3"
tui_wait 5CG7301XYZ 5 || true
tui_keys g
tui_wait "Battery health" 3 || true
tui_keys a; tui_keys B; tui_keys 2; tui_keys Enter
t_expect grade_all_pass_self_saved "Graded GRE1-000003"
check grade_all_pass_self_battery_read "$ID3" "
assert t['battery']=='84' and t['charger']=='original', t
assert d['grade']=='B' and d['outcome']=='refurbish', (d['grade'], d['outcome'])
"
tui_stop

# ---- 4. the command line: the same rule, the test named by its label
"$B" lot add --donor "Mairie" >/dev/null
ID4=$("$B" device add --lot GRE1-L0002 --serial PF4GHI --category laptop)
BOUCLE_SYSFS="$T_DIR/bench" "$B" grade "$ID4" --cosmetic A --outcome reuse --all-pass 2>"$T_DIR/err"
rc=$?
[ "$rc" = 2 ] && grep -q "Santé de la batterie (%) : aucune mesure sur cette machine ; donnez la valeur mesurée avec --test battery=N." "$T_DIR/err" &&
  ! grep -q "Test battery" "$T_DIR/err" && t_pass grade_all_pass_cli_refuses_by_label || t_fail grade_all_pass_cli_refuses_by_label "rc=$rc $(cat "$T_DIR/err")"
BOUCLE_SYSFS="$T_DIR/bench" "$B" --lang en grade "$ID4" --cosmetic A --outcome reuse --all-pass --test battery=pass 2>"$T_DIR/err"
grep -q 'Battery health (%): "pass" is not a percentage from 0 to 100.' "$T_DIR/err" &&
  t_pass grade_all_pass_cli_bad_value_by_label || t_fail grade_all_pass_cli_bad_value_by_label "$(cat "$T_DIR/err")"
BOUCLE_SYSFS="$T_DIR/bench" "$B" grade "$ID4" --cosmetic A --outcome reuse --all-pass --test battery=70 >/dev/null 2>"$T_DIR/err" &&
  check grade_all_pass_cli_typed_value "$ID4" "assert t['battery']=='70' and t['charger']=='original' and t['power']=='pass', t" ||
  t_fail grade_all_pass_cli_typed_value "$(cat "$T_DIR/err")"
t_end
