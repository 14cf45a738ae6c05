# bench_smoke.sh — the benchmark programs (bench/gen.c, bench/search.c,
# bench/frame.c) work: on a tiny database each sub-benchmark runs to the end
# and prints sane figures (numbers, finite, above zero), and the SQL it
# writes for the sqlite3 peer runs. No timing is asserted: `make bench`
# measures, this only proves it can.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
BIN=${BUILD:?BUILD must name the build folder}/bench
N=2000
DB=$T_DIR/bench.db
export BENCH_REPS=3 BENCH_INTAKE=100 BENCH_INTAKE_SECS=60

# sane OUT NAME...: every RESULT NAME in OUT is a finite number above zero.
sane() {
  out=$1; shift
  for n in "$@"; do
    v=$(awk -v n="$n" '$1 == "RESULT" && $2 == n { print $3 }' "$out")
    if ! awk -v v="$v" 'BEGIN { exit !(v ~ /^[0-9.]+(e[-+]?[0-9]+)?$/ && v + 0 > 0) }'; then
      echo "$n = '$v'"
      return 1
    fi
  done
}

# check NAME OUT RESULT...: PASS when the program succeeded with sane figures.
check() {
  name=$1 out=$2 st=$3; shift 3
  if [ "$st" -ne 0 ]; then t_fail "$name" "exit status $st: $(tail -3 "$out" | tr '\n' ' ')"
  elif why=$(sane "$out" "$@"); then t_pass "$name"
  else t_fail "$name" "not a sane figure: $why"; fi
}

if [ ! -x "$BIN/gen" ] || [ ! -x "$BIN/search" ] || [ ! -x "$BIN/frame" ]; then
  t_fail bench_built "bench programs missing in $BIN"
  exit 1
fi

"$BIN/gen" "$DB" "$N" >"$T_DIR/gen.out" 2>&1
check bench_gen "$T_DIR/gen.out" $? gen.devices_per_s
n=$(sqlite3 "$DB" "SELECT sum(n) FROM tallies WHERE scope LIKE 'state/%'" 2>/dev/null)
[ "$n" = "$N" ] && t_pass bench_gen_count || t_fail bench_gen_count "$n devices, expected $N"
serials=$(sqlite3 "$DB" "SELECT count(DISTINCT serial_key) FROM devices" 2>/dev/null)
[ "$serials" = "$N" ] && t_pass bench_gen_serials_unique || t_fail bench_gen_serials_unique "$serials distinct serials"
left=$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'bench_gen_serial'" 2>/dev/null)
[ "$left" = 0 ] && t_pass bench_gen_schema_untouched || t_fail bench_gen_schema_untouched "helper index left behind"
"$BIN/gen" "$DB" "$N" >/dev/null 2>&1 && t_fail bench_gen_refuses_existing "wrote into an existing file" \
  || t_pass bench_gen_refuses_existing

"$BIN/search" keys "$DB" "$T_DIR/keys.sql" >"$T_DIR/keys.out" 2>&1
check bench_keys "$T_DIR/keys.out" $? keys.serial.median_ms keys.serial.p99_ms keys.asset.median_ms \
  keys.asset.p99_ms keys.model.median_ms keys.model.p99_ms keys.all.p99_ms keys.peak_rss_kib
# every keystroke found something: the typed texts exist in the data
grep -qE '^  (serial|asset|model) .* 0 rows' "$T_DIR/keys.out" \
  && t_fail bench_keys_find "a prefix found nothing: $(grep -E ' 0 rows' "$T_DIR/keys.out" | head -1)" \
  || t_pass bench_keys_find
runs=$(sqlite3 -batch "$DB" <"$T_DIR/keys.sql" 2>"$T_DIR/peer.err" | grep -c '^Run Time:')
[ "$runs" -gt 0 ] && [ ! -s "$T_DIR/peer.err" ] && t_pass bench_keys_peer_sql \
  || t_fail bench_keys_peer_sql "$runs timed statements; $(head -c 200 "$T_DIR/peer.err")"

"$BIN/search" page "$DB" "$T_DIR/page.sql" >"$T_DIR/page.out" 2>&1
check bench_page "$T_DIR/page.out" $? page.total_s page.rows_per_s page.median_ms page.peak_rss_kib
grep -q "^page: $N rows" "$T_DIR/page.out" && t_pass bench_page_all_rows \
  || t_fail bench_page_all_rows "$(grep '^page:' "$T_DIR/page.out")"

"$BIN/search" intake "$DB" "$T_DIR/intake.sql" >"$T_DIR/intake.out" 2>&1
check bench_intake "$T_DIR/intake.out" $? intake.devices intake.devices_per_s intake.median_ms intake.peak_rss_kib
"$BIN/frame" run sqlite3 -batch "$DB" <"$T_DIR/intake.sql" >"$T_DIR/run.out" 2>&1
check bench_intake_peer_sql "$T_DIR/run.out" $? run.wall_ms run.maxrss_kib
peer=$(sqlite3 "$DB" "SELECT count(*) FROM devices WHERE workshop = 'PEER'" 2>/dev/null)
[ "$peer" = "$BENCH_INTAKE" ] && t_pass bench_intake_peer_rows || t_fail bench_intake_peer_rows "$peer rows"

# First frame: only when this build has the terminal interface.
sock=boucle-bench-smoke-$$
tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 -e TERM=xterm-256color -e LANG=C.UTF-8 -e TZ=UTC \
  -e HOME="$T_DIR" -e XDG_CONFIG_HOME="$T_DIR/config" \
  "$BIN/frame exec $T_DIR/t0 $BOUCLE --db $DB --operator Bench; sleep 30"
"$BIN/frame" wait "$T_DIR/t0" "$sock" "Bench Grenoble" 5000 >"$T_DIR/frame.out" 2>&1
st=$?
screen=$(tmux -L "$sock" capture-pane -p 2>/dev/null)
tmux -L "$sock" kill-server 2>/dev/null
if [ "$st" -ne 0 ] && ! nm "$BOUCLE" 2>/dev/null | grep -q ' T app_run$'; then
  t_skip bench_first_frame "this build of boucle has no terminal interface yet"
else
  check bench_first_frame "$T_DIR/frame.out" "$st" frame.first_ms frame.poll_period_ms frame.vmhwm_kib
  [ "$st" -eq 0 ] || printf '%s\n' "$screen" | sed 's/^/    | /'
  # the same launch on a pty that frame reads itself (exact, no polling)
  env TERM=xterm-256color LANG=C.UTF-8 TZ=UTC HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/config" \
    "$BIN/frame" pty "Bench Grenoble" 5000 "$BOUCLE" --db "$DB" --operator Bench >"$T_DIR/pty.out" 2>&1
  check bench_first_frame_pty "$T_DIR/pty.out" $? frame.pty_first_ms frame.pty_vmhwm_kib frame.pty_vmhwm_1s_kib
  env TERM=xterm-256color "$BIN/frame" pty "never" 2000 /bin/false >"$T_DIR/pty-false.out" 2>&1 \
    && t_fail bench_first_frame_pty_ended "succeeded" || {
      grep -q "ended before writing" "$T_DIR/pty-false.out" && t_pass bench_first_frame_pty_ended \
        || t_fail bench_first_frame_pty_ended "$(cat "$T_DIR/pty-false.out")"; }
fi
# the chain's verification benchmark (bench/wipe.c, issue 11): a small
# chain verifies intact, and the bytes it hashes are those sha256sum reads
if [ -x "$BIN/wipe" ]; then
  HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/cfg" "$BIN/wipe" chain "$T_DIR/chain.db" 3000 "$T_DIR/chain.bytes" >"$T_DIR/chain.out" 2>&1
  check bench_chain_verify "$T_DIR/chain.out" $? chain_verify_records_per_s chain_verify_ms
  grep -q "verified 3001 records" "$T_DIR/chain.out" && [ "$(stat -c %s "$T_DIR/chain.bytes")" -gt 600000 ] \
    && t_pass bench_chain_bytes || t_fail bench_chain_bytes "$(head -3 "$T_DIR/chain.out")"
else
  t_fail bench_chain_verify "bench/wipe missing in $BIN"
fi
# the dashboard's open (bench/dash.c, issue 14) on the small database
if [ -x "$BIN/dash" ]; then
  "$BIN/dash" "$DB" 3 >"$T_DIR/dash.out" 2>&1
  check bench_dash_open "$T_DIR/dash.out" $? dash.open_workshop_median_ms dash.open_region_p99_ms dash.peak_rss_kib
  want=$(sqlite3 "$DB" "SELECT count(*) FROM devices WHERE workshop = 'GRE1'" 2>/dev/null || echo "[0-9]*")   # N and the intake's
  grep -q "figures: devices $want;" "$T_DIR/dash.out" && t_pass bench_dash_figures || t_fail bench_dash_figures "$(cat "$T_DIR/dash.out")"
else
  t_fail bench_dash_open "bench/dash missing in $BIN"
fi
t_end
