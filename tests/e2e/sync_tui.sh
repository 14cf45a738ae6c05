# sync_tui.sh — sync never in the way: the UI opens at once, sync runs in the
# background, the status bar shows what is left to send, the time of the
# last success and an error mark; the sync screen shows the figures, the
# last errors and syncs on demand. Real hub (PouchDB Server on loopback).
. "$BOUCLE_TOP/tests/lib/e2e.sh"
. "$BOUCLE_TOP/tests/lib/hub.sh"
B=$BOUCLE
if ! why=$(hub_available); then t_skip sync_tui "$why"; t_end; exit 0; fi
hub_start --admin || { t_fail hub_start "PouchDB Server did not start"; t_end; exit 1; }
trap 'hub_stop; t_cleanup' EXIT
export XDG_CONFIG_HOME="$T_DIR/cfg"
# event documents on the hub (not the design, nor the chain's anchors, head and key)
hub_event_docs() {
  curl -s -u "admin:$HUB_ADMIN_PASSWORD" "$HUB_URL/boucle/_all_docs" | grep -o '"id":"[0-9a-f]\{16\}-' | wc -l
}
$B hub init "$HUB_URL" >/dev/null
BOUCLE_HUB_PASSWORD=gre-password-1 $B hub add-workshop "$HUB_URL" GRE1 >/dev/null
$B init --workshop GRE1 --name Grenoble >/dev/null
$B operator add Ana >/dev/null
$B demo --devices 300 >/dev/null 2>&1
n=$(sqlite3 "$BOUCLE_DB" "select count(*) from events")
$B config set ui.operator Ana
$B config set hub.url "$HUB_URL"
printf "%s\n" wrong-password | $B config set hub.password

# 1. wrong password: the UI is there, the status bar has the error mark
tui_start 80 24 -- env XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$B" --lang en
t_expect ui_opens_while_sync_fails "Stock by state" 5
t_expect status_bar_shows_pending "Sync $n · --:--" 10
t_expect status_bar_shows_error_mark "Sync $n · --:-- !" 10
tui_keys F7
t_expect sync_screen_opens "Sync with the regional hub" 5
t_expect sync_screen_last_error "refused the user name or password" 5
tui_stop

# 2. the right password, typed in the hub settings (F2 on the sync screen):
# the background sync then sends everything; the bar says 0
tui_start 80 24 -- env XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$B" --lang en
t_expect ui_opens "Stock by state" 5
tui_keys y
t_expect sync_screen_again "Sync with the regional hub" 5
tui_keys F2
t_expect hub_settings_open "The regional hub this workshop syncs with" 5
t_expect hub_settings_password_kept "A password is set: leave the field empty to keep it." 3
tui_screen | grep -q "Hub address.*$HUB_URL" && t_pass hub_settings_show_url || t_fail hub_settings_show_url "$(tui_screen | sed -n 3,8p)"
tui_keys C-u; tui_type "hub.example.org"; tui_keys Enter
t_expect hub_settings_bad_url_refused "An address starting with https:// (or http://)." 3
tui_keys C-u; tui_type "$HUB_URL"; tui_keys Down Down; tui_type "gre-password-1"
tui_screen | grep -q "gre-password-1" && t_fail hub_settings_password_hidden "shown in clear" \
  || t_pass hub_settings_password_hidden
tui_keys Enter
t_expect hub_settings_saved "Hub settings saved; syncing now." 5
cfg="$XDG_CONFIG_HOME/boucle/boucle.conf"
[ "$($B config get hub.url)" = "$HUB_URL" ] && grep -q "gre-password-1" "$cfg" && [ "$(stat -c %a "$cfg")" = 600 ] \
  && t_pass hub_settings_written_private || t_fail hub_settings_written_private "$(ls -l "$cfg")"
t_expect status_bar_nothing_left_to_send "Sync 0 · " 30
t_expect sync_screen_last_figures "Last sync: $n sent" 10
# the chain's head went with the events (doc/security.md)
t_expect sync_screen_chain_anchored "Chain anchored at the hub up to record $(sqlite3 "$BOUCLE_DB" "select max(n) from chain")" 10
# a change the rules allow at once (core/stock/state_rules.h): a received device to the recycler
$B device state "$(sqlite3 "$BOUCLE_DB" "select id from devices where state = 'received' limit 1")" recycled >/dev/null 2>&1
tui_keys s
t_expect sync_now_sends_the_new_event "Last sync: 1 sent" 15
hub_n=$(hub_event_docs)
[ "$hub_n" = $((n + 1)) ] && t_pass hub_has_every_event || t_fail hub_has_every_event "hub $hub_n, want $((n + 1))"
tui_keys F10
sleep 0.5
tui_alive && t_fail quits_while_syncing "still running" || t_pass quits_cleanly

# 3. a week of work (6 000+ events) waiting: the sync screen shows the
# progress while it goes, then the figures; quitting mid-sync is prompt
$B demo --devices 3000 >/dev/null 2>&1
m=$(sqlite3 "$BOUCLE_DB" "select count(*) from events")
tui_start 80 24 -- env XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$B" --lang en
tui_keys y
if tui_wait "Sending: " 10; then t_pass sync_screen_shows_progress; else
  t_fail sync_screen_shows_progress "no progress line"; tui_screen | sed 's/^/    | /'; fi
t_expect sync_screen_shows_rate "per second" 5
t_expect offline_week_all_sent "Events to send: 0" 60
sent=$(hub_event_docs)
[ "$sent" = "$m" ] && t_pass offline_week_on_hub || t_fail offline_week_on_hub "hub $sent, want $m"
tui_stop
t_end
