/*
 * support_curses.h — a headless curses screen for unit tests that draw
 * (vt100 on /dev/null): windows can be drawn and read back with
 * mvwinnstr, nothing reaches a terminal.
 */
#ifndef BOUCLE_TEST_SUPPORT_CURSES_H
#define BOUCLE_TEST_SUPPORT_CURSES_H
#include <curses.h>

/* Starts the screen; 0, or -1 when the machine has no vt100 entry. */
int support_curses_start(void);
void support_curses_end(void);

#endif
