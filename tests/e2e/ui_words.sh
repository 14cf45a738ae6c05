# ui_words.sh — no message the terminal UI can show tells the user to type
# a command: the strings of screens/ and of the core modules whose messages
# the UI shows as they are (background sync, sync state, the event log)
# name a screen, a key or a field instead. The check does catch one that
# does.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
top=$BOUCLE_TOP
CMDS='boucle (init|sync|config|hub|device|wipe|label|lot|media|grade|cert|scan|demo|verify|probe|specs|print)\b'
# Prints the msgids (and plurals) of files "$@" that name a command.
cli_words() {
  xgettext --from-code=UTF-8 --no-wrap -k_ -kN_ -kngettext:1,2 -kNP_:1,2 -kC_:1c,2 -kNC_:1c,2 -o - "$@" 2>/dev/null \
    | grep -E '^msgid' | grep -E "$CMDS"
}
files=$(cd "$top" && ls screens/*.c core/sync/syncbg.c core/sync/state.c core/sync/sync.c core/log/event.c)
if out=$(cd "$top" && cli_words $files); then t_fail ui_words_no_cli_command "$(echo "$out" | head -3 | tr '\n' ' ')"
else t_pass ui_words_no_cli_command; fi
printf 'const char *f(void) { return _("no hub: run boucle config set hub.url URL"); }\n' >"$T_DIR/probe.c"
if out=$(cli_words "$T_DIR/probe.c"); then t_pass ui_words_catches_one
else t_fail ui_words_catches_one "a message naming boucle config passed"; fi
t_end
