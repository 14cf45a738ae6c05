/*
 * screen.h — the screen stack and the one UI loop.
 *
 * A screen is data: a Screen template (name, title, action table, callbacks)
 * copied onto the stack with its own state by screen_push(). The loop reads
 * one event at a time and dispatches it:
 *   a scan  -> the top screen's on_scan, else the application's scan handler;
 *   a key   -> the top screen's action table, then its handle(), then the
 *              global table (F1/? help, / search, Esc back, q/F10 quit).
 * Handlers return TUI_* flags and never draw. After each event the loop
 * repaints: the whole screen after a push, pop, resize or TUI_REDRAW, else
 * only what the top screen marked dirty (draw(..., full = 0)); one
 * wnoutrefresh per window and one doupdate per loop.
 *
 * Layout (rows): 0 status bar | 1 .. LINES-3 body | LINES-2 message line |
 * LINES-1 function bar. Below TERM_MIN_COLS x TERM_MIN_ROWS only the
 * "enlarge the window" message is shown; the stack is kept and comes back
 * when the window grows.
 */
#ifndef BOUCLE_TUI_SCREEN_H
#define BOUCLE_TUI_SCREEN_H
#include <curses.h>
#include "tui/action.h"
#include "tui/term.h"

typedef struct Screen Screen;
struct Screen {
    const char *name;          /* for debugging and tests */
    const char *title;         /* N_() title in the status bar */
    const Action *actions;     /* the screen's table, or NULL */
    int overlay;               /* drawn over the screen below (dialogs) */
    void (*enter)(Screen *s);  /* pushed, or uncovered by a pop: reload */
    void (*leave)(Screen *s);  /* popped: release state */
    void (*draw)(Screen *s, WINDOW *w, int full); /* paint into the body */
    int (*handle)(Screen *s, Key k);              /* keys not in the table */
    int (*on_scan)(Screen *s, const char *text);  /* a scanner burst */
    void *state;               /* the screen's own data */
};

/* Maximum stack depth. */
#define SCREEN_STACK_MAX 16

/* Pushes a copy of tmpl with the given state and calls its enter(). Returns
 * 0, or -1 when the stack is full (state is then left to the caller). */
int screen_push(const Screen *tmpl, void *state);
/* Pops the top screen (calls leave(), then the new top's enter()). Does
 * nothing on the last screen. */
void screen_pop(void);
/* The top screen, the one below it (or NULL), and the depth. */
Screen *screen_top(void);
Screen *screen_below(const Screen *s);
int screen_depth(void);
/* Pops everything (calls every leave()). */
void screen_clear(void);

/* The global action table (help, search, back, quit). */
const Action *screen_global_actions(void);
/* Global requests hidden from the bar and help (1 << REQ_*). */
unsigned screen_skip_mask(void);

/* The application's handlers: scans no screen takes, and "/" search. */
void screen_set_scan_handler(int (*fn)(const char *text, void *ctx), void *ctx);
void screen_set_search_handler(int (*fn)(void *ctx), void *ctx);
/* Called by the loop after every event and every TERM_POLL_MS without one
 * (e.g. to show background work); returns non-zero to repaint the whole
 * screen (status bar included). NULL removes it. */
void screen_set_idle_handler(int (*fn)(void *ctx), void *ctx);
/* The idle handler now set (NULL when none) and its ctx: a screen that
 * needs the hook for a while chains to it and puts it back when it leaves. */
typedef int (*ScreenIdleFn)(void *ctx);
ScreenIdleFn screen_idle_handler(void **ctx);

/* A one-line message under the body until the next key. */
void screen_flash(TermColor c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Called from a draw(): place the visible cursor at (y, x) of w. */
void screen_cursor(WINDOW *w, int y, int x);
/* Asks for a full repaint on the next loop. */
void screen_invalidate(void);

/* Dispatches one event as the loop does (exposed for headless tests).
 * Returns TUI_* flags. */
int screen_dispatch_key(Key k);
int screen_dispatch_scan(const char *text);

/* Runs the loop until quit or a signal. term_init() must have succeeded and
 * a screen must be pushed. Returns 0 on quit, or the signal number. */
int screen_run(void);

#endif
