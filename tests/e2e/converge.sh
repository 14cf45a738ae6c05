# converge.sh — many workshops syncing through one hub end with identical
# projections, equal to a rebuild of their events: fixed cases, then random
# rounds of offline work, attacks, clock skew and syncs killed through the
# fault proxy (tests/lib/converge.py says what a round does).
#   CONVERGE_SEED=N      replay a run (the seed is printed first)
#   CONVERGE_ROUNDS=N    how many random rounds (default 15, none started after
#                        CONVERGE_SECONDS, default 70: about a minute and a half)
#   CONVERGE_STRICT=1    the known divergences fail instead of XFAIL
#   CONVERGE_KEEP_GOING=1  soak: after a divergence, start again and go on
. "$BOUCLE_TOP/tests/lib/e2e.sh"
. "$BOUCLE_TOP/tests/lib/hub.sh"
if ! why=$(hub_available); then
  t_skip converge "$why"; exit 0
fi
if ! command -v faketime >/dev/null 2>&1; then
  t_skip converge "faketime is not installed (apt-get install faketime)"; exit 0
fi
if [ ! -d "$BOUCLE_FIXTURES/nwipe" ]; then
  t_skip converge "no nwipe fixtures in $BOUCLE_FIXTURES"; exit 0
fi
hub_start --admin || { t_fail hub_start "PouchDB Server did not start"; exit 1; }
trap 'hub_stop; t_cleanup' EXIT
T_DIR="$T_DIR" HUB_URL="$HUB_URL" HUB_PORT="$HUB_PORT" python3 "$BOUCLE_TOP/tests/lib/converge.py"
