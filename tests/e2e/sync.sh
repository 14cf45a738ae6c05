# sync.sh — boucle hub / config / sync from the command line, against a real
# hub (PouchDB Server on loopback, then a 3-node CouchDB cluster): setup, a week offline (5 000+ events) in
# one sync with progress, kill -9 mid-sync through the fault proxy many times
# then a clean sync (nothing lost, nothing doubled), and clocks years off
# (faketime).
. "$BOUCLE_TOP/tests/lib/e2e.sh"
. "$BOUCLE_TOP/tests/lib/hub.sh"
. "$BOUCLE_TOP/tests/lib/couch.sh"
hub_each_kind "$0"   # once on PouchDB Server, once on a 3-node CouchDB cluster
B=$BOUCLE
if ! why=$(hub_available); then
  t_skip sync_cli "$why"; t_end; exit 0
fi
hub_start --admin || { t_fail hub_start "the hub did not start"; t_end; exit 1; }
PROXY_PID=
cleanup_all() { [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null; hub_stop; t_cleanup; }
trap cleanup_all EXIT
export XDG_CONFIG_HOME="$T_DIR/cfg-gre"
A="$T_DIR/gre.db" L="$T_DIR/lyo.db"

# --- setup -------------------------------------------------------------------
out=$($B hub init "$HUB_URL" 2>&1) && echo "$out" | grep -q "${HUB_VENDOR:-PouchDB}" \
  && t_pass hub_init || t_fail hub_init "$out"
case "$(ps -o args= -p $$ 2>/dev/null)" in *admin-test-pw*) t_fail admin_not_in_argv "password in argv";; esac
BOUCLE_HUB_PASSWORD=gre-password-1 $B hub add-workshop "$HUB_URL" GRE1 >"$T_DIR/gre-user" 2>&1 \
  && ! grep -q gre-password-1 "$T_DIR/gre-user" && t_pass hub_add_workshop_given_password \
  || t_fail hub_add_workshop_given_password "$(cat "$T_DIR/gre-user")"
$B hub add-workshop "$HUB_URL" LYO1 >"$T_DIR/lyo-user" 2>&1
LYO_PW=$(sed -n 's/.*: \([A-Za-z0-9]\{20\}\)$/\1/p' "$T_DIR/lyo-user")
[ ${#LYO_PW} -eq 20 ] && t_pass hub_add_workshop_generated_password \
  || t_fail hub_add_workshop_generated_password "$(cat "$T_DIR/lyo-user")"
BOUCLE_HUB_ADMIN=admin:wrong $B hub init "$HUB_URL" >"$T_DIR/o" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "mot de passe" "$T_DIR/o" && ! grep -q wrong "$T_DIR/o" \
  && t_pass hub_init_wrong_admin_clear_message || t_fail hub_init_wrong_admin_clear_message "rc=$rc $(cat "$T_DIR/o")"

# a cluster lets the new users in on each node a moment later
[ "$SYNC_HUB" = couchdb ] && sleep 2
$B --db "$A" init --workshop GRE1 --name Grenoble >/dev/null
$B config set hub.url "$HUB_URL" && printf "%s\n" gre-password-1 | $B config set hub.password
[ "$($B config get hub.url)" = "$HUB_URL" ] && t_pass config_get || t_fail config_get "$($B config get hub.url)"
pw_shown=$($B config get hub.password)
mode=$(stat -c %a "$XDG_CONFIG_HOME/boucle/boucle.conf")
case "$pw_shown" in *gre-password-1*) t_fail config_password_hidden "shown: $pw_shown" ;;
  *) [ "$mode" = 600 ] && t_pass config_password_hidden || t_fail config_password_hidden "mode $mode" ;; esac
$B config get hub.cafile >/dev/null 2>&1; [ $? -eq 1 ] && t_pass config_get_unset_exit_1 || t_fail config_get_unset_exit_1 "rc"
$B config frobnicate >/dev/null 2>&1; [ $? -eq 2 ] && t_pass config_bad_usage_exit_2 || t_fail config_bad_usage_exit_2 "rc"

# --- a week offline: 5 000+ events in one sync, progress shown ---------------
$B --db "$A" demo --devices 2300 >/dev/null 2>&1
n=$(sqlite3 "$A" "select count(*) from events")
[ "$n" -ge 5000 ] || t_fail offline_week_size "only $n events"
tui_start 100 10 -- env XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$B" --lang en --db "$A" sync
if tui_wait "sync: $n pushed" 120; then
  tui_screen | grep -q "push: $n/$n events" && tui_screen | grep -q "pull: [0-9]* changes" && t_pass offline_week_one_sync_with_progress \
    || { t_fail offline_week_one_sync_with_progress "no progress line"; tui_screen | sed 's/^/    | /'; }
else t_fail offline_week_one_sync_with_progress "no summary"; tui_screen | sed 's/^/    | /'; fi
i=0; while [ $i -lt 100 ] && [ -z "$(tui_exit_status)" ]; do sleep 0.1; i=$((i + 1)); done
[ "$(tui_exit_status)" = 0 ] && t_pass sync_exit_0 || t_fail sync_exit_0 "exit $(tui_exit_status)"
tui_stop
out=$($B --lang en --db "$A" sync 2>&1) && [ "$out" = "sync: 0 pushed, 0 pulled, 0 rejected" ] \
  && t_pass sync_again_nothing_to_do || t_fail sync_again_nothing_to_do "$out"

# --- Lyon: kill -9 mid-pull and mid-push through the fault proxy ------------
LCFG="$T_DIR/cfg-lyo"
lyo() { XDG_CONFIG_HOME="$LCFG" BOUCLE_HUB_PASSWORD="$LYO_PW" "$B" --db "$L" "$@"; }
PROXY_PORT=$(hub_free_port)
PLAN="$T_DIR/plan"
echo "seed=3 delay=0.5 delay_ms=40 drop_mid=0.05 s503=0.05 reset=0.05" >"$PLAN"
python3 "$BOUCLE_TOP/tests/lib/faultproxy.py" --port "$PROXY_PORT" --target "$HUB_PORT" \
  --plan "$PLAN" --lifetime 600 >"$T_DIR/proxy.log" 2>&1 &
PROXY_PID=$!
i=0; while [ $i -lt 50 ] && ! curl -s "http://127.0.0.1:$PROXY_PORT/" >/dev/null 2>&1; do sleep 0.1; i=$((i+1)); done
lyo init --workshop LYO1 --name Lyon >/dev/null
XDG_CONFIG_HOME="$LCFG" $B config set hub.url "http://127.0.0.1:$PROXY_PORT"
XDG_CONFIG_HOME="$LCFG" $B config set hub.user LYO1
lyo demo --devices 600 >/dev/null 2>&1
kills=0 survivors=0
for it in $(seq 1 20); do
  # boucle itself in the background (not the lyo function: $! would be a
  # subshell, and killing it would leave the sync running)
  XDG_CONFIG_HOME="$LCFG" BOUCLE_HUB_PASSWORD="$LYO_PW" "$B" --db "$L" sync --batch 100 >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(( (it * 37) % 9 + 1 ))"
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null
  # the process is gone: no sync runs on behind the next one
  kill -0 "$pid" 2>/dev/null && survivors=$((survivors + 1))
done
[ "$survivors" -eq 0 ] && t_pass kill9_kills_the_sync_itself || t_fail kill9_kills_the_sync_itself "$survivors syncs outlived kill -9"
echo "seed=1" >"$PLAN"
tries=0
until lyo sync >/dev/null 2>&1 || [ $tries -ge 5 ]; do tries=$((tries + 1)); done
$B --db "$A" sync >/dev/null 2>&1
nl=$(sqlite3 -cmd ".timeout 5000" "$L" "select count(*) from events")
na=$(sqlite3 -cmd ".timeout 5000" "$A" "select count(*) from events")
dl=$(sqlite3 -cmd ".timeout 5000" "$L" "select count(distinct id) from events")
nh=$(curl -s -u "admin:$HUB_ADMIN_PASSWORD" "$HUB_URL/boucle/_all_docs" | grep -o '"id":"[0-9a-f]\{16\}-' | wc -l)
own=$(sqlite3 -cmd ".timeout 5000" "$L" "select count(*) from events where workshop='LYO1'")
[ "$kills" -ge 10 ] || t_fail kill9_loop "only $kills of 20 syncs were killed mid-way"
if [ "$nl" = "$na" ] && [ "$nl" = "$dl" ] && [ "$nl" = "$nh" ] && [ "$own" -gt 1000 ]; then
  t_pass kill9_20_times_then_clean_sync_nothing_lost_or_doubled
else
  t_fail kill9_20_times_then_clean_sync_nothing_lost_or_doubled "lyon=$nl (distinct $dl) grenoble=$na hub=$nh own=$own kills=$kills"
fi
sa=$(sqlite3 "$A" "select id,workshop,lot,serial,category,state,grade,outcome,received_hlc,updated_hlc from devices order by id" | md5sum)
sl=$(sqlite3 "$L" "select id,workshop,lot,serial,category,state,grade,outcome,received_hlc,updated_hlc from devices order by id" | md5sum)
[ "$sa" = "$sl" ] && t_pass two_workshops_identical_projections || t_fail two_workshops_identical_projections "differ"

# --- clocks years off (faketime) ---------------------------------------------
if command -v faketime >/dev/null 2>&1; then
  # faketime is an LD_PRELOAD library: under ASan it must not insist on
  # coming first.
  ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"; export ASAN_OPTIONS
  # converge DB_FN DB DEV WANT: on a CouchDB cluster a change may reach the
  # other workshop one sync later (_changes reads one copy of each shard):
  # both sides sync again, at most 5 rounds, until both show WANT.
  converge() {
    k=0
    while [ $k -lt 5 ]; do
      [ "$(sqlite3 "$A" "select state from devices where id='$3'")" = "$4" ] \
        && [ "$(sqlite3 "$2" "select state from devices where id='$3'")" = "$4" ] && return 0
      sleep 0.3; $B --db "$A" sync >/dev/null 2>&1; $1 sync >/dev/null 2>&1; k=$((k + 1))
    done
  }
  F="$T_DIR/fast.db"
  BOUCLE_HUB_PASSWORD=fast-password-1 $B hub add-workshop "$HUB_URL" FST1 >/dev/null
  fst() { XDG_CONFIG_HOME="$T_DIR/cfg-fst" BOUCLE_HUB_PASSWORD=fast-password-1 faketime -f '+1095d' "$B" --lang en --db "$F" "$@"; }
  fst init --workshop FST1 --name Fast >/dev/null   # stamped 3 years ahead, locally
  fst operator add Amina >/dev/null
  XDG_CONFIG_HOME="$T_DIR/cfg-fst" $B config set hub.url "$HUB_URL"
  out=$(fst sync 2>&1); rc=$?   # its init is refused; the hub's time is learnt
  if [ $rc -eq 1 ] && echo "$out" | grep -q "days ahead of the hub's"; then
    t_pass clock_3_years_ahead_refused_and_reported; else
    t_fail clock_3_years_ahead_refused_and_reported "rc=$rc: $out"; fi
  # From now on it stamps with the hub's time: within a day of the real now.
  # (A workshop changes only its own devices, doc/region.md: the clocks
  # decide between its own changes, and between a transfer and the giver's
  # last changes.)
  flot=$(fst --operator Amina lot add --donor Test 2>/dev/null)
  dev=$(fst --operator Amina device add --lot "$flot" --serial FST-0001 --category laptop 2>/dev/null)
  fst --operator Amina device state "$dev" parts >/dev/null 2>&1
  fst sync >/dev/null 2>&1
  ms=$(sqlite3 "$F" "select hlc >> 16 from events where kind='device.state' order by seq desc limit 1")
  now=$(($(date +%s) * 1000))
  d=$(( ms > now ? ms - now : now - ms ))
  [ -n "$ms" ] && [ "$d" -lt 86400000 ] && t_pass clock_ahead_stamps_with_hub_time     || t_fail clock_ahead_stamps_with_hub_time "event stamped $d ms from now"
  # Its later change wins over it, on both sides, and Grenoble sees both.
  sleep 1.1
  fst --operator Amina device state "$dev" in_progress >/dev/null 2>&1   # parts → back on the bench
  fst sync >/dev/null 2>&1; $B --db "$A" sync >/dev/null 2>&1
  converge fst "$F" "$dev" in_progress
  s1=$(sqlite3 "$A" "select state from devices where id='$dev'")
  s2=$(sqlite3 "$F" "select state from devices where id='$dev'")
  [ "$s1" = in_progress ] && [ "$s2" = in_progress ] && t_pass clock_3_years_ahead_does_not_win     || t_fail clock_3_years_ahead_does_not_win "grenoble=$s1 fast=$s2"
  # A PC 3 years behind: once it has met the hub, its work is stamped with
  # the region's time, so its later change wins on every replica.
  S="$T_DIR/slow.db"
  BOUCLE_HUB_PASSWORD=slow-password-1 $B hub add-workshop "$HUB_URL" SLW1 >/dev/null
  slw() { XDG_CONFIG_HOME="$T_DIR/cfg-slw" BOUCLE_HUB_PASSWORD=slow-password-1 faketime -f '-1095d' "$B" --lang en --db "$S" "$@"; }
  slw init --workshop SLW1 --name Slow >/dev/null || echo "# slw init failed"
  slw operator add Amina >/dev/null
  XDG_CONFIG_HOME="$T_DIR/cfg-slw" $B config set hub.url "$HUB_URL"
  out=$(slw sync 2>&1)
  echo "$out" | grep -Eq "109[45] days behind the hub's" && t_pass clock_behind_reported \
    || t_fail clock_behind_reported "$out"
  slot=$(slw --operator Amina lot add --donor Test 2>/dev/null)
  dev2=$(slw --operator Amina device add --lot "$slot" --serial SLW-0001 --category laptop 2>/dev/null)
  slw --operator Amina device state "$dev2" parts >/dev/null 2>&1
  slw sync >/dev/null 2>&1
  sleep 1.1
  ipout=$(slw --operator Amina device state "$dev2" in_progress 2>&1)
  slw sync >/dev/null 2>&1; $B --db "$A" sync >/dev/null 2>&1
  converge slw "$S" "$dev2" in_progress
  s1=$(sqlite3 "$A" "select state from devices where id='$dev2'")
  s2=$(sqlite3 "$S" "select state from devices where id='$dev2'")
  [ "$s1" = in_progress ] && [ "$s2" = in_progress ] && t_pass clock_3_years_behind_does_not_win \
    || t_fail clock_3_years_behind_does_not_win "grenoble=$s1 slow=$s2 [$ipout] $(sqlite3 "$S" "select hlc, kind, json_extract(payload,'$.state') from events where device='$dev2'; select key, value from meta where key in ('hlc','clock.offset_ms')" | tr '\n' ' ')"
  sleep 1.1
  ptout=$(slw --operator Amina device state "$dev2" parts 2>&1)
  ptmeta=$(sqlite3 "$S" "select key, value from meta where key in ('hlc','clock.offset_ms')" | tr '\n' ' ')
  syout=$(slw sync 2>&1); $B --db "$A" sync >/dev/null 2>&1
  converge slw "$S" "$dev2" parts
  s1=$(sqlite3 "$A" "select state from devices where id='$dev2'")
  s2=$(sqlite3 "$S" "select state from devices where id='$dev2'")
  [ "$s1" = parts ] && [ "$s2" = parts ] && t_pass clock_behind_later_change_wins_after_sync \
    || t_fail clock_behind_later_change_wins_after_sync "grenoble=$s1 slow=$s2 [$ptout] before sync: $ptmeta sync: [$syout] $(sqlite3 "$S" "select hlc, kind, json_extract(payload,'$.state') from events where device='$dev2'; select key, value from meta where key in ('hlc','clock.offset_ms')" | tr '\n' ' ')"
else
  t_skip clock_skew "faketime is not installed (apt-get install faketime)"
fi
t_end
