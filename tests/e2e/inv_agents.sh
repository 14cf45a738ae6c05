# inv_agents.sh — real agent inventories of the machine the suite runs on,
# read as a donor's files: FusionInventory (fusioninventory-inventory, and
# fusioninventory-agent --local DIR) and OCS (ocsinventory-agent --local=DIR),
# both offline and non-interactive, then core/inventory's reader through
# the unit test's BOUCLE_INV_FILE case (tests/unit/test_inv_agents.c
# env_file): the file must be read without an error, and give a device or
# say why not (a VM has no serial: "no serial number and no asset tag").
# An agent that is not installed, or cannot run here, is a SKIP saying so.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
helper="$BUILD/tests/test_inv_agents"
[ -x "$helper" ] || { t_fail inv_agents_helper "$helper is not built"; t_end; }

# read NAME FILE: the reader on FILE; PASS with what it read, or FAIL.
read_inv() {
  name=$1 file=$2
  if [ ! -s "$file" ]; then t_fail "$name" "the agent wrote no inventory"; return; fi
  out=$(BOUCLE_INV_FILE="$file" T_CASE=env_file "$helper" 2>&1)
  case "$out" in
    *"PASS env_file"*)
      what=$(printf '%s\n' "$out" | grep '^# ' | sed 's/^# //' | tr '\n' ';')
      t_pass "$name ($(wc -c <"$file") bytes: $what)" ;;
    *) t_fail "$name" "$(printf '%s' "$out" | tr '\n' ' ' | cut -c1-400)" ;;
  esac
}

# The agents read the machine; their environment is kept out of the file.
agent_env() { env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$T_DIR" LANG=C "$@"; }

if command -v fusioninventory-inventory >/dev/null 2>&1; then
  if agent_env timeout 300 fusioninventory-inventory --no-category=environment,process \
       >"$T_DIR/fi.xml" 2>"$T_DIR/fi.err"; then
    read_inv fusioninventory_inventory "$T_DIR/fi.xml"
  else
    t_skip fusioninventory_inventory "fusioninventory-inventory cannot run here: $(tail -1 "$T_DIR/fi.err")"
  fi
  mkdir -p "$T_DIR/fi-local"
  if agent_env timeout 300 fusioninventory-agent --local "$T_DIR/fi-local" --tasks=inventory \
       --no-category=environment,process >"$T_DIR/fil.err" 2>&1; then
    read_inv fusioninventory_agent_local "$(ls "$T_DIR"/fi-local/* 2>/dev/null | head -1)"
  else
    t_skip fusioninventory_agent_local "fusioninventory-agent --local cannot run here: $(tail -1 "$T_DIR/fil.err")"
  fi
else
  t_skip fusioninventory_inventory "fusioninventory-agent is not installed (make deps-test installs it)"
fi

if command -v ocsinventory-agent >/dev/null 2>&1; then
  mkdir -p "$T_DIR/ocs"
  if agent_env timeout 300 ocsinventory-agent --local="$T_DIR/ocs" --basevardir="$T_DIR/ocs-var" \
       --nosoftware >"$T_DIR/ocs.err" 2>&1; then
    read_inv ocsinventory_agent_local "$(ls "$T_DIR"/ocs/*.ocs 2>/dev/null | head -1)"
  else
    t_skip ocsinventory_agent_local "ocsinventory-agent cannot run here: $(tail -1 "$T_DIR/ocs.err")"
  fi
else
  t_skip ocsinventory_agent_local "ocsinventory-agent is not installed (make deps-test installs it)"
fi
t_end
