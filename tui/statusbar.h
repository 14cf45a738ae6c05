/*
 * statusbar.h — the top line: the screen's title on the left; workshop,
 * operator and sync state on the right. The application sets the texts
 * (already translated where needed); the UI loop draws the bar.
 */
#ifndef BOUCLE_TUI_STATUSBAR_H
#define BOUCLE_TUI_STATUSBAR_H
#include <curses.h>

void statusbar_set_workshop(const char *text);
void statusbar_set_operator(const char *text);
void statusbar_set_sync(const char *text);
/* Draws the bar on row 0 of w with the given (translated) title. */
void statusbar_draw(WINDOW *w, const char *title);

#endif
