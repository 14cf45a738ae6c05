/*
 * term.h — the terminal: setup and teardown, signals, size, colours.
 *
 * The only module that calls newterm()/endwin(). Once term_init() has
 * succeeded the terminal is restored on every way out: term_end() (normal
 * exit, idempotent), exit() (atexit), term_fatal() (restore, then print),
 * SIGTERM and SIGINT (the handlers only set a flag; the UI loop sees it via
 * term_signal() within TERM_POLL_MS, ends the UI and returns normally: the
 * terminal is never left in curses mode). SIGWINCH is left to ncurses, which
 * turns it into KEY_RESIZE.
 *
 * The caller calls setlocale(LC_ALL, "") before term_init() so that ncursesw
 * speaks UTF-8.
 *
 * Colours are named by meaning. The scheme table maps each to a colour pair
 * plus attributes; with no colour support, or NO_COLOR set (no-color.org),
 * the monochrome scheme uses only reverse/bold/underline, which TERM=vt100
 * and TERM=linux both render.
 */
#ifndef BOUCLE_TUI_TERM_H
#define BOUCLE_TUI_TERM_H
#include <curses.h>
#include "util/err.h"

/* The smallest screen the UI lays out in: the status bar, a message line, the
 * function bar and 13 body rows fit a lot list or a 6-field form; 60 columns
 * fit the intake form and a list's id/serial/model columns. Below that the UI
 * shows only an "enlarge the window" message. */
#define TERM_MIN_COLS 60
#define TERM_MIN_ROWS 16

/* The UI loop wakes at least this often to notice signals. */
#define TERM_POLL_MS 200

typedef enum {
    CLR_NORMAL = 0,   /* body text */
    CLR_TITLE,        /* screen titles, headings */
    CLR_STATUS,       /* top status bar */
    CLR_SELECTION,    /* the selected row / focused field */
    CLR_HEADER,       /* list column headers */
    CLR_FUNCBAR_KEY,  /* "F1" in the function bar */
    CLR_FUNCBAR_LABEL,/* "Help" in the function bar */
    CLR_FIELD,        /* an editable field */
    CLR_ERROR,        /* validation and error messages */
    CLR_OK,           /* success messages */
    CLR_WARN,         /* warnings */
    CLR_DIM,          /* secondary text */
    CLR_DIALOG,       /* dialog boxes */
    CLR_COUNT
} TermColor;

/* Sets up the terminal (stdin/stdout), keypad, colours and signal handlers.
 * Returns 0, or -1 with e filled (not a terminal, unknown TERM). */
int term_init(Err *e);
/* Restores the terminal. Safe to call twice, or before term_init(). */
void term_end(void);
/* Restores the terminal, prints the message on stderr and exits with 1. */
void term_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
/* The pending SIGINT/SIGTERM number, or 0. */
int term_signal(void);
/* Attributes to draw with for colour c (pair and attributes). */
attr_t term_attr(TermColor c);
/* Whether the monochrome scheme is in use. */
int term_mono(void);
/* Whether the screen is below TERM_MIN_COLS x TERM_MIN_ROWS. */
int term_too_small(void);
/* Paints the "enlarge the window" message alone, centred on stdscr. */
void term_draw_too_small(void);

#endif
