# grade_tui.sh — grading a laptop in the terminal UI as a technician does:
# scan the device, g, walk the checklist with one key per answer, grade,
# outcome, Enter; the claim appears in the device detail.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/grade.db"
"$B" init --workshop GRE1 --name Atelier >/dev/null
"$B" operator add Camille >/dev/null 2>&1
"$B" lot add --donor "Mairie de Grenoble" >/dev/null
ID=$("$B" device add --lot GRE1-L0001 --serial PF1ABC --category laptop --make Lenovo --model T480)
"$B" media add "$ID" --serial WD-WX11A --type hdd >/dev/null
tui_start -- env BOUCLE_OPERATOR=Camille "$B" --lang en
tui_wait "GRE1" 5 || true
tui_scan "$ID"
t_expect grade_tui_detail_open "PF1ABC"
tui_keys g
t_expect grade_tui_screen_open "Power and boot"
# 16 keys: 9 pass/fail, battery 8 2 Enter, charger 1, cosmetic, outcome, save
for k in p p p p; do tui_keys "$k"; done
tui_keys 8; tui_keys 2; tui_keys Enter
tui_keys 1
for k in p f p p p; do tui_keys "$k"; done
t_expect grade_tui_reaches_cosmetic "Cosmetic grade"
tui_keys B; tui_keys 1; tui_keys Enter
t_expect grade_tui_claim_shown "Claim        used" 5
t_expect grade_tui_claim_reason_shown "             – tests not passed (1): Webcam" 5
"$B" device show "$ID" --json >"$T_DIR/d.json"
python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
t={x['id']:x['answer'] for x in d['grading']['tests']}
assert d['grade']=='B' and d['outcome']=='reuse', d
assert t['battery']=='82' and t['charger']=='original' and t['webcam']=='fail' and t['power']=='pass', t
assert d['claim']=='occasion'
" "$T_DIR/d.json" && t_pass grade_tui_event_written || t_fail grade_tui_event_written "$(head -c 300 "$T_DIR/d.json")"
tui_stop
t_end
