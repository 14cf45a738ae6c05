#!/bin/sh
# tui_terminal.sh — the terminal side of the UI: resize down to 40x12 (the
# "enlarge" message) and back, English with --lang en, monochrome under
# TERM=vt100 / TERM=linux / NO_COLOR, and SIGTERM / SIGINT restoring the
# terminal (tty modes, normal screen, exit status 0).
. "$(dirname "$0")/../lib/e2e.sh"

"$BOUCLE" init --workshop GRE1 --name "Atelier test" >/dev/null 2>&1 || t_fail setup "boucle init failed"
"$BOUCLE" operator add Ana >/dev/null 2>&1 || t_fail setup "operator add failed"
"$BOUCLE" --operator Ana lot add --donor "Mairie" --expected 3 >/dev/null 2>&1 || t_fail setup "lot add failed"

ui_up() { # NAME: the UI drew its status bar
  if tui_wait " boucle · " 5; then return 0; fi
  t_fail "$1" "no status bar"; tui_screen | sed 's/^/    | /'; return 1
}

# --- resize ---
tui_start -- "$BOUCLE" --operator Ana
ui_up ui_starts || exit 1
tui_resize 40 12
t_expect resize_small_shows_enlarge "Fenêtre trop petite"
if tui_screen | grep -q "boucle · "; then t_fail resize_small_only_message "the UI is still drawn"; else t_pass resize_small_only_message; fi
tui_keys F1   # ignored while too small
tui_resize 80 24
t_expect resize_back_restores "Stock par état"
tui_wait_gone "Fenêtre trop petite" 3 && t_pass resize_back_no_message || t_fail resize_back_no_message "message stayed"
if tui_alive; then t_pass resize_survives; else t_fail resize_survives "program ended"; fi
# a resize in the middle of a form keeps what was typed
tui_keys F2; tui_keys F2
tui_keys -l "Lycée"  # tui_type splits UTF-8 bytes (cut -c)
tui_resize 60 16
tui_resize 100 30
t_expect resize_keeps_form_text "Lycée"
tui_stop

# --- English ---
tui_start -- "$BOUCLE" --lang en --operator Ana
ui_up english_start
t_expect english_home "Stock by state"
t_expect english_funcbar "qQuit"
tui_keys '?'
t_expect english_help "Show the keys of this screen"
tui_keys Escape F2
t_expect english_lots "Mairie"
tui_keys Enter
t_expect english_intake "0 of 3 received"
tui_stop

# --- monochrome terminals ---
for term in vt100 linux; do
  T_TERM=$term tui_start -- "$BOUCLE" --operator Ana
  if ui_up "mono_$term"; then
    t_expect "mono_${term}_home" "Stock par état"
    # letters, not F2/F10: tmux sends xterm's function-key sequences, which
    # the linux and vt100 terminfo entries do not know (a real console
    # sends its own, which they do)
    tui_keys l
    t_expect "mono_${term}_lots" "Mairie"
    tui_keys q; sleep 0.4
    [ "$(tui_exit_status)" = 0 ] && t_pass "mono_${term}_quits" || t_fail "mono_${term}_quits" "status $(tui_exit_status)"
  fi
  tui_stop
done
NO_COLOR=1 T_TERM=xterm-256color tui_start -- env NO_COLOR=1 "$BOUCLE" --operator Ana
ui_up no_color && t_pass no_color_draws
tui_stop

# --- signals restore the terminal ---
# wrapper: records the program's pid, its exit status and the tty modes after
cat >"$T_DIR/wrap.sh" <<WRAP
sh -c 'echo \$\$ >"$T_DIR/pid"; exec "\$0" --operator Ana' "$BOUCLE"
echo \$? >"$T_DIR/st"
stty -a >"$T_DIR/stty"
tput cnorm >/dev/null 2>&1
WRAP
for sig in TERM INT; do
  rm -f "$T_DIR/st" "$T_DIR/stty" "$T_DIR/pid"
  tui_start -- sh "$T_DIR/wrap.sh"
  ui_up "sig${sig}_start" || { tui_stop; continue; }
  kill -s "$sig" "$(cat "$T_DIR/pid")"
  i=0; while [ ! -s "$T_DIR/stty" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
  if [ -s "$T_DIR/stty" ]; then t_pass "sig${sig}_exits"; else t_fail "sig${sig}_exits" "still running"; fi
  [ "$(cat "$T_DIR/st" 2>/dev/null)" = 0 ] && t_pass "sig${sig}_status_zero" || t_fail "sig${sig}_status_zero" "status $(cat "$T_DIR/st" 2>/dev/null)"
  if grep -q -- ' icanon' "$T_DIR/stty" && grep -q -- ' echo ' "$T_DIR/stty"; then
    t_pass "sig${sig}_tty_modes_restored"
  else t_fail "sig${sig}_tty_modes_restored" "$(tr '\n' ' ' <"$T_DIR/stty" 2>/dev/null | cut -c1-200)"; fi
  alt=$(tmux -L "$T_SOCK" display -p '#{alternate_on}')
  [ "$alt" = 0 ] && t_pass "sig${sig}_normal_screen" || t_fail "sig${sig}_normal_screen" "alternate screen still on"
  tui_stop
done
t_end
