/*
 * dialog.h — modal boxes drawn over the current screen.
 *
 * dialog_confirm() asks a yes/no question: the yes key is the translation
 * of "y" ("o" for oui in French), the no key the translation of "n"; Enter
 * answers yes, Esc answers no. dialog_message() shows a message that any of
 * Enter, Esc or Space closes. Both are overlay screens on the stack: the
 * answer callback runs after the dialog is popped, so it may push screens.
 * Scans while a dialog is open are ignored.
 */
#ifndef BOUCLE_TUI_DIALOG_H
#define BOUCLE_TUI_DIALOG_H
#include "tui/keys.h"
#include "tui/term.h"

typedef void (*DialogAnswer)(void *ctx, int yes);

/* Opens a question box (texts already translated). Returns 0 or -1. */
int dialog_confirm(const char *title, const char *text, DialogAnswer cb, void *ctx);
/* The same for what cannot be undone (forgetting a person…): only the yes
 * key answers yes; Enter does nothing, Esc answers no. */
int dialog_confirm_danger(const char *title, const char *text, DialogAnswer cb, void *ctx);
/* Opens a message box in colour c (CLR_ERROR, CLR_WARN, CLR_OK…). */
int dialog_message(TermColor c, const char *title, const char *text);

/* The answer key k gives in a question box: 1 yes, 0 no, -1 not an answer. */
int dialog_answer_key(Key k);

#endif
