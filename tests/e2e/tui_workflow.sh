#!/bin/sh
# tui_workflow.sh — the terminal UI as a sorting operator uses it, in tmux
# 80x24: first run (workshop, operator), a lot, the intake of a pallet by
# scanning (one scan per device, category/make/model carried over), a known
# serial, a scan from another screen, search as you type, device detail,
# help generated from the keymap, quit. French (the default).
. "$(dirname "$0")/../lib/e2e.sh"
# A scanner sends its code and Enter in one stream. The shared tui_scan sends
# Enter with a second tmux command, which under load can come later than the
# 30 ms burst gap; here text and CR go in one write, as from a real scanner.
tui_scan() { tmux -L "$T_SOCK" send-keys -l "$(printf '%s\r' "$1")"; sleep 0.25; }

tui_start -- "$BOUCLE"
if ! tui_wait " boucle · " 5; then
  t_fail ui_starts "no status bar: the binary has no terminal UI?"; tui_screen | sed 's/^/    | /'; exit 1
fi
t_expect first_run_asks_workshop "Code de l’atelier"
tui_type "gre1"; tui_keys Tab; tui_type "Atelier de Grenoble"; tui_keys Enter
t_expect first_run_asks_operator "Qui travaille ?"
tui_keys -l "Élodie"; tui_keys Enter  # tui_type splits UTF-8 bytes (cut -c)
t_expect home_shows_stock "Stock par état"
if tui_screen | grep -q "Opérateur : Élodie"; then t_pass status_bar_operator; else
  t_fail status_bar_operator "operator not in the status bar"; tui_screen | sed 's/^/    | /'; fi
if tui_screen | grep -q "GRE1 Atelier de Grenoble"; then t_pass status_bar_workshop; else
  t_fail status_bar_workshop "workshop not in the status bar"; fi

# Help is generated from the home screen's table and the global one.
tui_keys F1
t_expect help_lists_screen_keys "Choisir qui travaille"
# the global keys close the list: on its second page when the first is full
tui_screen | grep -q "F10, q" || tui_keys NPage
if tui_screen | grep -q "F10, q"; then t_pass help_lists_global_keys; else
  t_fail help_lists_global_keys "no F10, q line"; tui_screen | sed 's/^/    | /'; fi
tui_keys Escape
t_expect help_closes "Stock par état"

# A lot, then its intake.
tui_keys F2
t_expect lots_empty "Aucun lot"
tui_keys F2
t_expect lot_form "Nouveau lot"
tui_type "CHU Grenoble"; tui_keys Tab Tab; tui_type "BL-2291"; tui_keys Tab; tui_type "5"
tui_keys Enter
t_expect lot_created_opens_intake "0 reçu sur 5"

# Category, make, model once (past the donor tag); then one scan per device.
tui_keys Tab Tab Right; tui_keys Tab; tui_type "Dell"; tui_keys Tab; tui_type "Latitude 5490"
tui_keys Tab
tui_scan "5CG7301XYZ"
t_expect scan_creates_device "GRE1-000001"
for sn in 5CG7302XYZ 5CG7303XYZ Q/5CG7304; do tui_scan "$sn"; done
t_expect pallet_scanned "4 reçus sur 5"
t_expect scan_with_slash_is_a_serial "GRE1-000004"
# Typed by hand, with Enter: the same path.
tui_type "HAND-01"; tui_keys Enter
t_expect typed_serial_creates_device "GRE1-000005"
# A known serial warns and offers to open the device.
tui_scan "5CG7302XYZ"
t_expect known_serial_warns "déjà connu"
tui_keys o
t_expect known_serial_opens_device "GRE1-000002"
if tui_screen | grep -q "GRE1-000002  Dell Latitude 5490"; then t_pass make_model_carried_over; else
  t_fail make_model_carried_over "model not on the second device"; tui_screen | sed 's/^/    | /'; fi
t_expect detail_has_history "appareil reçu"
if tui_screen | grep -q "device.receive"; then t_fail history_in_words "raw event kind on screen"; else t_pass history_in_words; fi
tui_keys Escape
t_expect back_to_intake "Réception"

# The device list: search as you type.
tui_keys F3
t_expect lot_devices_listed "5CG7303XYZ"
tui_keys Escape Escape Escape
t_expect back_home "Stock par état"
tui_keys /
t_expect search_opens_list "Marque et modèle"
tui_type "hand"
t_expect search_finds "HAND-01"
if tui_screen | grep -q "5CG7301XYZ"; then t_fail search_filters "other devices still listed"; else t_pass search_filters; fi
tui_keys Enter
t_expect list_opens_detail "Historique"
tui_keys Escape Escape

# A scan on the home screen opens the device it names.
tui_scan "gre1-3"
t_expect scan_anywhere_opens_device "5CG7303XYZ"
tui_keys Escape
tui_keys q
sleep 0.5
if tui_alive; then t_fail quit_with_q "still running"; else t_pass quit_with_q; fi
[ "$(tui_exit_status)" = 0 ] && t_pass exit_status_zero || t_fail exit_status_zero "status $(tui_exit_status)"
tui_stop
t_end
