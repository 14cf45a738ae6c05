#!/bin/sh
# tui_more.sh — the device screens beyond the first workflow, in tmux 80x24,
# French: the donor tag at intake (typed, kept for one device only, the scan
# still goes to the serial), the history in words and newest first, the lot
# filter picked from the lots and cleared with F4, and the device list
# scrolling one row at a time (what is on screen after wscrl scrolls must be
# what a full repaint shows).
. "$(dirname "$0")/../lib/e2e.sh"
tui_scan() { tmux -L "$T_SOCK" send-keys -l "$(printf '%s\r' "$1")"; sleep 0.25; }
B() { "$BOUCLE" --operator Ana "$@"; }

B init --workshop GRE1 --name "Atelier test" >/dev/null 2>&1 || t_fail setup "boucle init failed"
"$BOUCLE" operator add Ana >/dev/null 2>&1 || t_fail setup "operator add failed"
L1=$(B lot add --donor "Mairie" --expected 2 2>/dev/null)
L2=$(B lot add --donor "Lycée Mounier" 2>/dev/null)
# Lot 2: 30 devices, to scroll through; their serials say their number.
i=1
while [ $i -le 30 ]; do
  B device add --lot "$L2" --serial "$(printf 'SCR%02d' $i)" --make Dell --model "Optiplex" >/dev/null 2>&1 \
    || t_fail setup "device add $i failed"
  i=$((i + 1))
done

ui_up() { # NAME: the UI drew its status bar
  if tui_wait " boucle · " 5; then return 0; fi
  t_fail "$1" "no status bar"; tui_screen | sed 's/^/    | /'; return 1
}

# --- intake: the donor tag ----------------------------------------------------
tui_start -- "$BOUCLE" --operator Ana
ui_up ui_starts || exit 1
tui_keys l
t_expect lots_listed "$L1"
tui_keys Down Enter   # lots are newest first: L1 is the second row
t_expect intake_opens "Lot $L1"
t_expect intake_has_tag_field "Étiquette donateur"
tui_keys Tab; tui_type "INV-4711"
tui_scan "TAGGED-1"
t_expect tag_scan_creates_device "GRE1-000031"
# the scan went to the serial, the tag was cleared for the next device
if tui_screen | grep "Étiquette donateur" | grep -q "INV-4711"; then
  t_fail tag_not_carried_over "the tag is still in its field"; tui_screen | sed 's/^/    | /'
else t_pass tag_not_carried_over; fi
tui_scan "UNTAGGED-2"
t_expect second_device_created "GRE1-000032"
tui_keys Escape Escape
t_expect back_home "Stock par état"
tag=$(B device show GRE1-000031 --json 2>/dev/null | tr -d ' ' | grep -o '"donor_tag":"[^"]*"' | head -1)
[ "$tag" = '"donor_tag":"INV-4711"' ] && t_pass tag_stored || t_fail tag_stored "got: $tag"
serial=$(B device show GRE1-000031 --json 2>/dev/null | tr -d ' ' | grep -o '"serial":"[^"]*"' | head -1)
[ "$serial" = '"serial":"TAGGED-1"' ] && t_pass scan_went_to_serial || t_fail scan_went_to_serial "got: $serial"
tag2=$(B device show GRE1-000032 --json 2>/dev/null | tr -d ' ' | grep -o '"donor_tag":"[^"]*"' | head -1)
[ "$tag2" = '"donor_tag":""' ] && t_pass second_device_untagged || t_fail second_device_untagged "got: $tag2"

# --- history: words, newest first ---------------------------------------------
B device state GRE1-000031 in_progress >/dev/null 2>&1 || t_fail setup "state in_progress failed"
# ready asks for a grading (core/stock/state_rules.h); « autre » holds no disk
B grade GRE1-000031 --cosmetic A --outcome reuse --all-pass >/dev/null 2>&1 || t_fail setup "grade failed"
B device state GRE1-000031 ready >/dev/null 2>&1 || t_fail setup "state ready failed"
tui_scan "INV-4711"      # a scan of the donor tag opens the device
t_expect history_header "Historique (4 événements)"
# one row per event, its summary wrapped on the rows under it
hist=$(tui_screen | sed -n '/Historique/,$p' | grep '^ [0-9]\{4\}-')
first=$(printf '%s\n' "$hist" | sed -n 1p)
last=$(printf '%s\n' "$hist" | sed -n 4p)
case $first in *"changement d'état  prêt"*) t_pass history_newest_first ;;
  *) t_fail history_newest_first "first line: $first" ;; esac
case $last in *"appareil reçu      n° de série TAGGED-1,"*) t_pass history_receive_summary ;;
  *) t_fail history_receive_summary "last line: $last" ;; esac
case $first in *Ana*) t_pass history_operator ;; *) t_fail history_operator "first line: $first" ;; esac
if printf '%s\n' "$hist" | grep -q '[{}]\|device\.\|"state"'; then
  t_fail history_no_raw_json "$hist"; else t_pass history_no_raw_json; fi
# a label longer than the usual 12 columns is not cut ("Étiquette donateur")
tui_screen | grep -q "Étiquette donateur  *INV-4711" && t_pass detail_long_label_whole \
  || t_fail detail_long_label_whole "$(tui_screen | sed -n 2,4p)"
tui_keys Escape

# --- device list: the lot filter ------------------------------------------------
tui_keys d
t_expect list_opens "Marque et modèle"
t_expect list_unfiltered "Lot : tous"
tui_keys F5
t_expect lot_picker_opens "Choisir un lot"
tui_keys Down Enter      # L1, the second lot from the top
t_expect lot_filter_set "Lot : $L1"
if tui_screen | grep -q "SCR"; then t_fail lot_filter_filters "devices of another lot listed"; tui_screen | sed 's/^/    | /'
else t_pass lot_filter_filters; fi
t_expect lot_filter_lists_its_devices "TAGGED-1"
tui_keys F4
t_expect f4_clears_lot "Lot : tous"
t_expect f4_lists_all "SCR30"
tui_keys F5
tui_keys Escape
t_expect picker_esc_keeps_list "Lot : tous"

# --- device list: one-row scrolls ---------------------------------------------------
tui_keys F5 Enter        # L2, the newest lot: SCR30 .. SCR01, newest first
t_expect scroll_lot_set "Lot : $L2"
n=0
while [ $n -lt 24 ]; do tmux -L "$T_SOCK" send-keys Down; n=$((n + 1)); done
sleep 0.5
# The page must hold consecutive serials, the last one the cursor's (SCR06:
# 24 rows down from SCR30), the header above them, nothing left over.
rows=$(tui_screen | grep -o 'SCR[0-9][0-9]' | tr '\n' ' ')
want=""
k=$((30 - 24 + $(tui_screen | grep -c 'SCR[0-9][0-9]') - 1))
while [ $k -ge 6 ]; do want="${want}$(printf 'SCR%02d' $k) "; k=$((k - 1)); done
[ "$rows" = "$want" ] && t_pass scroll_down_rows_consecutive || {
  t_fail scroll_down_rows_consecutive "got [$rows] want [$want]"; tui_screen | sed 's/^/    | /'; }
tui_screen | grep -q "Identifiant  N° de série" && t_pass scroll_keeps_header || t_fail scroll_keeps_header "header gone"
n=0
while [ $n -lt 22 ]; do tmux -L "$T_SOCK" send-keys Up; n=$((n + 1)); done
sleep 0.5
rows_up=$(tui_screen | grep -o 'SCR[0-9][0-9]' | head -3 | tr '\n' ' ')
# cursor at SCR28: the page starts there after scrolling back past its top
[ "$rows_up" = "SCR28 SCR27 SCR26 " ] && t_pass scroll_up_rows_consecutive || {
  t_fail scroll_up_rows_consecutive "got [$rows_up]"; tui_screen | sed 's/^/    | /'; }
# what the scrolls left must be what a full repaint draws
before=$(tui_screen)
tui_resize 80 23; tui_resize 80 24
after=$(tui_screen)
[ "$before" = "$after" ] && t_pass scroll_equals_full_repaint || {
  t_fail scroll_equals_full_repaint "screens differ"; printf '%s\n' "$before" >"$T_DIR/before"
  printf '%s\n' "$after" >"$T_DIR/after"; diff "$T_DIR/before" "$T_DIR/after" | sed 's/^/    | /'; }
tui_keys Escape q
tui_stop
t_end
