# tests/lib/e2e.sh — sourced by tests/e2e/*.sh. Helpers for end-to-end tests
# that drive boucle as a person does: the real binary ($BOUCLE) in a real
# terminal (tmux, 80x24 by default), keys in, screen text out.
#
#   t_pass NAME / t_fail NAME WHY / t_skip NAME WHY   (tests/run.sh protocol)
#   tui_start [COLS ROWS] -- CMD...   start CMD in a fresh tmux server
#   tui_keys KEY...                   tmux send-keys (Enter, Escape, F1, C-c…)
#   tui_type TEXT                     type like a person: one key every 80 ms
#   tui_scan TEXT                     type like a USB scanner: TEXT+Enter at once
#   tui_screen                        print the visible screen
#   tui_wait TEXT [SECONDS]           wait until TEXT is on screen (0) or not (1)
#   tui_wait_gone TEXT [SECONDS]      wait until TEXT is off screen
#   tui_resize COLS ROWS
#   tui_alive                         is the program still running?
#   tui_stop
#   t_screen NAME [SECONDS] <<'EOF'       the WHOLE screen must equal the text
#     ...                                 (trailing blanks and empty last lines
#   EOF                                   ignored); on a mismatch, a diff
set -u
: "${BOUCLE:?BOUCLE must name the binary under test}"
T_DIR=$(mktemp -d /tmp/boucle-e2e.XXXXXX)
T_SOCK="boucle-e2e-$$"
export BOUCLE_DB="$T_DIR/boucle.db"
# faketime without the wrapper's per-pid shared memory, which a killed
# wrapper leaves behind to fail a later one (tests/lib/bin/faketime); only
# where Debian's faketime is installed, so that tests still skip without it
if command -v faketime >/dev/null 2>&1; then
  PATH="$(cd "${BOUCLE_TOP:-$(dirname "$0")/../..}/tests/lib/bin" && pwd):$PATH"; export PATH
fi
t_failures=0

t_pass() { echo "PASS $1"; }
t_fail() { echo "FAIL $1: $2"; t_failures=$((t_failures + 1)); }
t_skip() { echo "SKIP $1: $2"; }

t_cleanup() {
  tmux -L "$T_SOCK" kill-server 2>/dev/null
  rm -rf "$T_DIR"
}
trap t_cleanup EXIT

tui_start() {
  cols=80 rows=24
  if [ "$1" != "--" ]; then cols=$1 rows=$2; shift 2; fi
  shift # --
  tmux -L "$T_SOCK" kill-server 2>/dev/null
  # tmux sets TERM in the pane itself (tmux-256color) whatever -e says: a
  # test that asks for another terminal (T_TERM=linux) gets it on the
  # command line.
  # The program's exit status is written to $T_DIR/exit when it ends.
  printf '%s\n' "$@" >"$T_DIR/cmd"
  tmux -L "$T_SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" \
    -e TERM="${T_TERM:-xterm-256color}" -e BOUCLE_DB="$BOUCLE_DB" \
    -e LANG="${LANG:-C.UTF-8}" -e TZ=UTC \
    "${T_TERM:+TERM=$T_TERM }$(t_quote "$@"); echo \$? > $T_DIR/exit; sleep 600"
  tmux -L "$T_SOCK" set-option -g status off >/dev/null
  tmux -L "$T_SOCK" resize-window -x "$cols" -y "$rows" 2>/dev/null
  sleep 0.2
}

t_quote() { for a in "$@"; do printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"; done; }

tui_keys() { tmux -L "$T_SOCK" send-keys "$@"; sleep 0.15; }
# One character (not byte) at a time: python3 splits UTF-8 correctly.
tui_type() {
  python3 -c 'import sys; [print(c) for c in sys.argv[1]]' "$1" | while IFS= read -r c; do
    tmux -L "$T_SOCK" send-keys -l "$c"; sleep 0.08
  done
  sleep 0.15
}
# Text and its CR in one write, as a scanner sends them.
tui_scan() { tmux -L "$T_SOCK" send-keys -l "$(printf '%s\r' "$1")"; sleep 0.25; }
tui_screen() { tmux -L "$T_SOCK" capture-pane -p -t 0; }
tui_wait() {
  want=$1; secs=${2:-5}; i=0
  while [ "$i" -lt $((secs * 10)) ]; do
    tui_screen | grep -qF -- "$want" && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
tui_wait_gone() {
  want=$1; secs=${2:-5}; i=0
  while [ "$i" -lt $((secs * 10)) ]; do
    tui_screen | grep -qF -- "$want" || return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
tui_resize() { tmux -L "$T_SOCK" resize-window -x "$1" -y "$2"; sleep 0.3; }
tui_alive() { [ ! -s "$T_DIR/exit" ]; }
tui_exit_status() { cat "$T_DIR/exit" 2>/dev/null; }
tui_stop() { tmux -L "$T_SOCK" kill-server 2>/dev/null; }

# t_expect NAME TEXT [SECONDS]: pass if TEXT shows up, else fail with the screen.
t_expect() {
  if tui_wait "$2" "${3:-5}"; then t_pass "$1"; else
    t_fail "$1" "\"$2\" not on screen"; tui_screen | sed 's/^/    | /'; fi
}
# t_screen NAME [SECONDS]: the whole visible screen must equal stdin (as
# tig's tests do): every row, trailing blanks ignored, trailing empty rows
# ignored. Waits up to SECONDS (default 5) for the screen to settle into it;
# on a mismatch prints a unified diff of expected against seen.
t_screen_norm() { sed -e 's/[[:space:]]*$//' | awk '{ l[NR] = $0 } END { n = NR; while (n > 0 && l[n] == "") n--; for (i = 1; i <= n; i++) print l[i] }'; }
t_screen() {
  name=$1; secs=${2:-5}
  t_screen_norm >"$T_DIR/expected"
  i=0
  while :; do
    tui_screen | t_screen_norm >"$T_DIR/seen"
    cmp -s "$T_DIR/expected" "$T_DIR/seen" && { t_pass "$name"; return 0; }
    [ "$i" -ge $((secs * 10)) ] && break
    sleep 0.1; i=$((i + 1))
  done
  t_fail "$name" "the screen differs from the expected one"
  diff -u "$T_DIR/expected" "$T_DIR/seen" | sed 's/^/    /'
  # T_SCREEN_SAVE=DIR keeps what was seen, for scripts/screen_update.py
  if [ -n "${T_SCREEN_SAVE:-}" ]; then
    mkdir -p "$T_SCREEN_SAVE"; cp "$T_DIR/expected" "$T_SCREEN_SAVE/$name.expected"; cp "$T_DIR/seen" "$T_SCREEN_SAVE/$name.seen"
  fi
  return 1
}
# t_end: exit status for tests/run.sh
t_end() { [ "$t_failures" -eq 0 ]; }
