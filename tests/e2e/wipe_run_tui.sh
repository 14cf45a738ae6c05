# wipe_run_tui.sh — running nwipe from the device detail on a loop device:
# choose the disk, a wrong confirmation erases nothing, the right one starts
# nwipe in the background (the UI keeps running: the screen moves to the
# result by itself), the log is imported into the device; Esc stops a run
# and the disk is recorded as not erased. Needs root, losetup and nwipe.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/run.db"
# one configuration for the commands and the screen: the signing key made by
# init lives there (doc/security.md)
export HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config"
if ! command -v nwipe >/dev/null 2>&1; then t_skip wipe_run_tui "nwipe is not installed"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then t_skip wipe_run_tui "not root: cannot attach a loop device"; exit 0; fi
truncate -s 64M "$T_DIR/disk.img"
if ! L=$(losetup -f --show "$T_DIR/disk.img" 2>"$T_DIR/err"); then
  t_skip wipe_run_tui "this machine refuses loop devices: $(head -c 120 "$T_DIR/err")"; exit 0
fi
truncate -s 4G "$T_DIR/big.img"
L2=$(losetup -f --show "$T_DIR/big.img" 2>/dev/null) || L2=
trap 'tui_stop; losetup -d "$L" 2>/dev/null; [ -n "$L2" ] && losetup -d "$L2" 2>/dev/null; t_cleanup' EXIT
printf 'junk data that must go\n' | dd of="$L" conv=notrunc status=none
NAME=$(basename "$L")
"$B" init --workshop GRE1 --name Atelier >/dev/null
"$B" operator add Camille >/dev/null
"$B" lot add --donor Mairie >/dev/null
ID=$("$B" device add --lot GRE1-L0001 --serial DESK1 --category desktop --make HP --model 800G1)
"$B" grade "$ID" --cosmetic B --outcome reuse --all-pass >/dev/null

tui_start 100 30 -- env HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config" "$B" --lang en --operator Camille
tui_wait "GRE1" 5 || true
tui_scan "$ID"
t_expect wipe_run_tui_detail "DESK1"
tui_keys e
t_expect wipe_run_tui_open "Erase a disk of $ID with nwipe"
tui_keys C-u; tui_type "$L"; tui_keys Enter
t_expect wipe_run_tui_confirm_shows_disk "ALL DATA on $L will be destroyed"
t_expect wipe_run_tui_confirm_asks_name "type its name ($NAME)"
tui_type "nope"; tui_keys Enter
t_expect wipe_run_tui_wrong_confirmation "nothing was erased" 3
cmp -n 22 "$L" /dev/zero >/dev/null 2>&1 && t_fail wipe_run_tui_untouched "wiped anyway" || t_pass wipe_run_tui_untouched
# rounds: 0 is refused, 2 is what nwipe runs and the record says
tui_keys Up C-u; tui_type "0"; tui_keys Down C-u; tui_type "$NAME"; tui_keys Enter
t_expect wipe_run_tui_rounds_refused "Enter a number from 1 to 9" 3
tui_keys C-u; tui_type "2"; tui_keys Down C-u; tui_type "$NAME"; tui_keys Enter
t_expect wipe_run_tui_running "Erasing $L: zeros (1 pass), verification: last pass" 5
i=0; while [ $i -lt 200 ] && ! tui_screen | grep -qE "round [12] of 2|Erased"; do sleep 0.1; i=$((i + 1)); done
tui_screen | grep -qE "round [12] of 2" && t_pass wipe_run_tui_two_rounds || t_fail wipe_run_tui_two_rounds "$(tui_screen | head -8)"
# no key from here: the idle hook must notice the end and import the log
t_expect wipe_run_tui_done "Erased: the wipe is recorded on this device." 120
t_expect wipe_run_tui_claim "Claim: used → refurbished" 3
cmp -n 67108864 "$L" /dev/zero >/dev/null 2>&1 && t_pass wipe_run_tui_zeroed || t_fail wipe_run_tui_zeroed "not zero"
"$B" device show "$ID" --json >"$T_DIR/dev.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); w=d['wipes']; assert len(w)==1 and w[0]['status']=='success' and w[0]['tool']=='nwipe' and w[0]['passes']==2, w; assert d['claim']=='reconditionne'" "$T_DIR/dev.json" \
  && t_pass wipe_run_tui_imported || t_fail wipe_run_tui_imported "$(head -c 400 "$T_DIR/dev.json")"
tui_keys Escape
t_expect wipe_run_tui_back_to_detail "Claim        refurbished" 3

# Esc during a run asks, then stops nwipe: recorded as not erased.
if [ -z "$L2" ]; then t_skip wipe_run_tui_stop "no second loop device"; tui_stop; t_end; exit $?; fi
tui_keys e
tui_keys C-u; tui_type "$L2"; tui_keys Enter
tui_type "$(basename "$L2")"; tui_keys Enter
t_expect wipe_run_tui_running_big "Erasing $L2" 5
tui_keys q
if tui_alive && tui_screen | grep -q "Erasing $L2"; then t_pass wipe_run_tui_q_does_not_quit
else t_fail wipe_run_tui_q_does_not_quit "left the run"; fi
tui_keys Escape
t_expect wipe_run_tui_stop_asks "Stop erasing?" 3
tui_keys y
t_expect wipe_run_tui_stopped "NOT erased: nwipe was stopped; the wipe is recorded as aborted." 60
n=$("$B" device show "$ID" --json | python3 -c "import json,sys; print(sorted(w['status'] for w in json.load(sys.stdin)['wipes']))")
[ "$n" = "['aborted', 'success']" ] && t_pass wipe_run_tui_abort_recorded || t_fail wipe_run_tui_abort_recorded "$n"
tui_stop
t_end
