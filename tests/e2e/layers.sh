# layers.sh — no file includes a header from a layer above its own
# (scripts/layers.sh), and the check does catch one that does.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
top=$BOUCLE_TOP
if out=$(sh "$top/scripts/layers.sh" 2>&1); then t_pass layers_clean
else t_fail layers_clean "$(echo "$out" | head -5 | tr '\n' ' ')"; fi
# A copy of the tree with one upward include in core/log and one in tui
# must fail, naming both.
mkdir -p "$T_DIR/tree"
(cd "$top" && tar cf - util db core tui screens cli) | (cd "$T_DIR/tree" && tar xf -)
printf '#include "core/stock/device.h"\n' >"$T_DIR/tree/core/log/zz_probe.c"
printf '#include "core/log/event.h"\n' >"$T_DIR/tree/tui/zz_probe.h"
if out=$(sh "$top/scripts/layers.sh" "$T_DIR/tree" 2>&1); then t_fail layers_catches_upward "an upward include passed"
else
  case "$out" in
    *"core/log/zz_probe.c:1: includes core/stock/device.h"*"tui/zz_probe.h:1: includes core/log/event.h"*) t_pass layers_catches_upward ;;
    *) t_fail layers_catches_upward "unexpected report: $out" ;;
  esac
fi
t_end
