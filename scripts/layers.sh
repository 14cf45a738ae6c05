#!/bin/sh
# layers.sh — fails when a source file includes a header from a layer above
# its own (STYLE.md, doc/HACKING.md). Each folder lists what it may include
# besides itself; anything else is a violation, printed as file:line.
#
#   util/            nothing
#   db/              util
#   core/vocab/      util                       (the word lists)
#   core/settings/   util                       (configuration, language)
#   core/log/        util db core/vocab         (events, kinds, projections, chain)
#   core/stock/      … core/log                 (devices, lots, operators, workshop)
#   core/scan/       … core/stock               (what a scan names; codes in pictures)
#   core/wipe/       … core/stock               (media, wipes, nwipe, probe)
#   core/grading/    … core/wipe core/settings  (profiles, grading, the claim)
#   core/inventory/  … core/stock core/scan core/wipe core/grading core/cert (donors' inventories)
#   core/alloc/      … core/stock core/wipe core/grading core/settings (reservations, allocations, disposals)
#   core/report/     … core/stock core/wipe core/grading core/cert core/alloc core/settings (proof of reuse)
#   core/stats/      … core/stock core/wipe core/grading (the dashboard's figures)
#   core/goals/      … core/stock core/wipe core/grading (team goals, opt-in)
#   core/label/ core/cert/ core/sync/ core/demo/   any of core/ below them
#   core/guide/      util                       (the guides: text files, F1)
#   tui/             util                       (knows nothing of devices)
#   screens/         util db core tui
#   cli/             util db core tui screens
# A new subject of core/ gets its folder and its line here.
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}   # $1: another tree (the test checks a copy)
cd "$top" || exit 2
base_core="util db core/vocab core/settings core/log"
allowed() {
  case "$1" in
    util) echo "" ;;
    db) echo "util" ;;
    core/vocab|core/settings) echo "util" ;;
    core/log) echo "util db core/vocab" ;;
    core/stock) echo "$base_core" ;;
    core/scan|core/wipe) echo "$base_core core/stock" ;;
    core/grading) echo "$base_core core/stock core/wipe" ;;
    core/label|core/cert|core/sync) echo "$base_core core/stock core/scan core/wipe core/grading" ;;
    core/inventory) echo "$base_core core/stock core/scan core/wipe core/grading core/cert" ;;
    core/alloc) echo "$base_core core/stock core/wipe core/grading" ;;
    core/stats) echo "$base_core core/stock core/wipe core/grading" ;;
    core/report) echo "$base_core core/stock core/wipe core/grading core/cert core/alloc" ;;
    core/goals) echo "$base_core core/stock core/wipe core/grading" ;;
    core/demo) echo "$base_core core/stock core/scan core/wipe core/grading core/label core/cert core/sync core/inventory core/alloc core/report" ;;
    core/guide) echo "util" ;;
    tui) echo "util" ;;
    screens) echo "util db core tui" ;;
    cli) echo "util db core tui screens" ;;
    *) echo "?" ;;
  esac
}
# One awk over every file (a fork per include line took minutes).
find util db core tui screens cli -name '*.[ch]' | LC_ALL=C sort >"${TMPDIR:-/tmp}/layers-files.$$"
: >"${TMPDIR:-/tmp}/layers-allowed.$$"
for dir in $(sed 's,/[^/]*$,,' "${TMPDIR:-/tmp}/layers-files.$$" | LC_ALL=C sort -u); do
  printf '%s\t%s\n' "$dir" "$(allowed "$dir")" >>"${TMPDIR:-/tmp}/layers-allowed.$$"
done
awk -F'\t' -v allowed="${TMPDIR:-/tmp}/layers-allowed.$$" '
  BEGIN { while ((getline l < allowed) > 0) { split(l, a, "\t"); ok[a[1]] = a[2] } }
  function dirname(p) { if (p !~ /\//) return "."; sub(/\/[^\/]*$/, "", p); return p }
  FNR == 1 {
    dir = dirname(FILENAME)
    if (ok[dir] == "?") { print FILENAME ": folder " dir " has no line in scripts/layers.sh"; nextfile }
  }
  /^#include "/ {
    inc = $0; sub(/^#include "/, "", inc); sub(/".*/, "", inc)
    idir = dirname(inc)
    if (idir == dir) next
    n = split(ok[dir], al, " "); hit = 0
    for (i = 1; i <= n; i++) if (idir == al[i] || index(idir, al[i] "/") == 1) hit = 1
    if (!hit) print FILENAME ":" FNR ": includes " inc ", above its layer (" dir " may include: " (ok[dir] == "" ? "nothing" : ok[dir]) ")"
  }' $(cat "${TMPDIR:-/tmp}/layers-files.$$") >"${TMPDIR:-/tmp}/layers.$$"
rm -f "${TMPDIR:-/tmp}/layers-files.$$" "${TMPDIR:-/tmp}/layers-allowed.$$"
if [ -s "${TMPDIR:-/tmp}/layers.$$" ]; then
  cat "${TMPDIR:-/tmp}/layers.$$"; rm -f "${TMPDIR:-/tmp}/layers.$$"; exit 1
fi
rm -f "${TMPDIR:-/tmp}/layers.$$"
