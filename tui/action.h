/*
 * action.h — keys map to requests; requests to handlers (as in tig).
 *
 * A screen declares a table of Actions: a request id, the keys that send it,
 * a short label for the function bar, a line of help, and the handler. The
 * global table (help, search, back, quit) is the fallback for every screen.
 * The function bar and the help screen are generated from these same tables
 * by the pure functions below, so they cannot drift from the bindings.
 *
 * Handlers return TUI_* flags and never draw: they change state (and may
 * push or pop screens); the UI loop decides what to repaint.
 */
#ifndef BOUCLE_TUI_ACTION_H
#define BOUCLE_TUI_ACTION_H
#include "tui/keys.h"
#include <stddef.h>

/* What a handler tells the loop. */
enum {
    TUI_UNHANDLED = 0,  /* not for me: try the next level */
    TUI_HANDLED = 1,    /* consumed; the screen repaints what it marked dirty */
    TUI_REDRAW = 2,     /* consumed; repaint the whole screen */
    TUI_QUIT = 4        /* leave the UI */
};

/* Global requests; screens number theirs from REQ_SCREEN. */
enum {
    REQ_NONE = 0,
    REQ_HELP,
    REQ_SEARCH,
    REQ_BACK,
    REQ_QUIT,
    REQ_SCREEN = 100
};

#define ACTION_KEYS 3

struct Screen;

typedef struct Action {
    int req;                  /* request id; 0 ends a table */
    Key keys[ACTION_KEYS];    /* keys that send it; K_NONE = unused slot */
    const char *label;        /* N_() function-bar label; NULL: not shown */
    const char *help;         /* N_() one line for the help screen */
    int (*run)(struct Screen *s, int req); /* handler; returns TUI_* flags */
} Action;

/* The action of table t bound to key k, or NULL. */
const Action *action_find(const Action *t, Key k);
/* The action of table t for request req, or NULL. */
const Action *action_by_req(const Action *t, int req);

/* The letter of an action whose first key is F1–F12: the label of its
 * first other key that is a letter or a Ctrl key ("l", "^L"; Tab, Enter and
 * Esc are not letters), into buf. Returns 1, or 0 (buf "") when it has
 * none. F5–F10 do not reach the program on some consoles: the letter does. */
int action_letter(const Action *a, char *buf, size_t n);

/* The name of the key that sends request req of table t, as the bar shows
 * it whole: "F3/i", "F2/^L", "Enter" (the first key; its letter after a
 * slash); "?" when the table has no such request. For hints that name a
 * key ("%s adds one"): they follow the table. Returns buf. */
const char *action_key_name(const Action *t, int req, char *buf, size_t n);

/* One function-bar entry. */
typedef struct FuncbarItem {
    char key[16];             /* key name, e.g. "F2" */
    char letter[8];           /* the action's letter when key is a function
                               * key ("l" for F2 Lots), else "": F5–F10 do not
                               * reach the program on some consoles */
    char shown[24];           /* what the bar shows: "F2/l", "l" or "Esc"
                               * (funcbar_layout) */
    const char *label;        /* translated label */
    int keep;                 /* what funcbar_fit drops last: 0 global search,
                               * 1 the screen's own actions, 2 help, back, quit */
} FuncbarItem;

/* Fills out[] with the bar of a screen whose table is `screen` (may be NULL)
 * over the global table: the screen's labelled actions first, then the
 * labelled global ones that the screen does not override (same request or
 * same first key). `skip_req` hides global requests (bitmask of 1 << REQ_*),
 * e.g. search when the application offers none. Returns the count. */
int funcbar_build(const Action *screen, const Action *global, unsigned skip_req,
                  FuncbarItem *out, int max);

/* Makes the bar fit in `cols` columns, widths[i] being item i's width with
 * its separating space: drops the items of lowest `keep` first, the last
 * of them first, so that Help (which lists everything), Back and Quit stay
 * on screen in every language. Compacts items[] and widths[]; returns the
 * new count. */
int funcbar_fit(FuncbarItem *items, int *widths, int n, int cols);

/* Lays the bar out in `cols` columns: every item as "F2/l" when all fit,
 * else every item by its letter alone ("l"; a key without a letter stays
 * "Esc"), then funcbar_fit drops what still does not fit. Fills shown[];
 * compacts items[]; returns the new count. Widths are in terminal cells
 * (key, label and one space). */
int funcbar_layout(FuncbarItem *items, int n, int cols);

/* One help-screen line. */
typedef struct HelpLine {
    char keys[48];            /* "F1, ?" */
    const char *text;         /* translated help */
} HelpLine;

/* Fills out[] with one line per action of `screen` then of `global` (those
 * not overridden, not in skip_req). Returns the count. */
int help_build(const Action *screen, const Action *global, unsigned skip_req,
               HelpLine *out, int max);

#endif
