#!/bin/sh
# cli_cells.sh — the command line's tables line up in terminal cells, not
# bytes: a serial, a donor or a disk model with accents (« é » is one cell,
# two bytes) pads its column as wide as an ASCII one, and a value longer
# than its column is never cut. The whole output is compared.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
command -v faketime >/dev/null || { t_skip cli_cells "faketime is not installed"; exit 0; }
export HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config"
B() { faketime "2026-03-02 10:00:00" "$BOUCLE" --operator Zoé "$@"; }
B init --workshop GRE1 --name Atelier >/dev/null
B operator add Zoé >/dev/null 2>&1
B lot add --donor "Hôpital Nord" --ref R-1 >/dev/null
B lot add --donor "Mairie" --ref R-2 >/dev/null
B device add --lot GRE1-L0001 --serial "SNéé12" >/dev/null
B device add --lot GRE1-L0001 --serial "SN0012" >/dev/null
B device add --lot GRE1-L0001 --serial "SÉRIE-TRÈS-LONGUE-0000042" >/dev/null
B media add GRE1-000001 --serial "ÀB-1" --model "Modèle é" --type hdd >/dev/null
B media add GRE1-000001 --serial "AB-12" --model "Model e" --type hdd >/dev/null

# out NAME CMD...: the output must equal stdin (trailing blanks ignored)
out() {
  name=$1; shift
  sed 's/[[:space:]]*$//' >"$T_DIR/want"
  "$@" 2>&1 | sed 's/[[:space:]]*$//' >"$T_DIR/got"
  if cmp -s "$T_DIR/want" "$T_DIR/got"; then t_pass "$name"; else
    t_fail "$name" "the output differs"; diff -u "$T_DIR/want" "$T_DIR/got" | sed 's/^/    /'; fi
}

out device_list_in_cells B device list <<'EOF2'
GRE1-000003   received     other     SÉRIE-TRÈS-LONGUE-0000042 GRE1-L0001
GRE1-000002   received     other     SN0012               GRE1-L0001
GRE1-000001   received     other     SNéé12               GRE1-L0001
EOF2
out lot_list_in_cells B lot list <<'EOF2'
GRE1-L0002     2026-03-02      0/?     Mairie                          R-2
GRE1-L0001     2026-03-02      3/?     Hôpital Nord                    R-1
EOF2
out media_list_in_cells B --lang en media list GRE1-000001 <<'EOF2'
ÀB-1                     hdd   Modèle é                 not erased
AB-12                    hdd   Model e                  not erased
EOF2
t_end
