/*
 * list.h — a list widget that pages with keyset queries.
 *
 * The widget never holds more than two screens of rows: it asks its data
 * source for "up to n rows after / before this key" (keyset pagination, an
 * index range scan in SQL), never for "rows 500000 to 500020", and never
 * counts the table. A table of a million rows costs what a table of fifty
 * does, in memory and per keystroke.
 *
 * Invariants: rows[0 .. n) are consecutive in the source's order, n <= cap
 * (the visible height), 0 <= cur < n when n > 0. rows[cap .. 2cap) is
 * scratch space for a page fetch.
 *
 * Moving the cursor inside the page marks two rows dirty; moving past the
 * edge of a full page by one row records a one-row scroll (`scrolled`) and
 * marks the new row and the old cursor row: list_draw() then scrolls the
 * page's rows in the window (wscrl, as nnn and tig do; the terminal moves
 * the text itself) and draws those two rows only. A page move or a reload
 * marks the whole page; list_draw(.., full = 0) repaints only what is
 * marked. The navigation functions never draw, so they are unit-tested
 * without a terminal.
 */
#ifndef BOUCLE_TUI_LIST_H
#define BOUCLE_TUI_LIST_H
#include <stdint.h>
#include <curses.h>
#include "tui/keys.h"
#include "tui/term.h"
#include "util/err.h"

#define LIST_MAX_COLS 8
#define LIST_CELL_MAX 96    /* bytes kept per cell: longer text is cut */
#define LIST_KEY_MAX  96    /* bytes of a string sort key */

/* A row's position in the source's order: the source compares (s, i) or
 * just one of them, as it sorts. */
typedef struct ListKey {
    int64_t i;
    char s[LIST_KEY_MAX];
} ListKey;

typedef struct ListRow {
    ListKey key;                                  /* sort key */
    char cells[LIST_MAX_COLS][LIST_CELL_MAX];     /* UTF-8 texts */
    TermColor color;                              /* row colour, CLR_NORMAL */
} ListRow;

typedef enum {
    LIST_FROM,    /* rows >= anchor, ascending (anchor NULL: from the first) */
    LIST_AFTER,   /* rows >  anchor, ascending (anchor NULL: from the first) */
    LIST_BEFORE   /* rows <  anchor, DEscending: nearest first
                     (anchor NULL: from the last) */
} ListDir;

/* The data source: fills up to n rows of out (zeroed by the caller) and
 * returns how many, or -1 with e filled. */
typedef int (*ListFetch)(void *ctx, const ListKey *anchor, ListDir dir, int n,
                         ListRow *out, Err *e);

typedef struct ListCol {
    const char *title;   /* N_() header */
    int width;           /* columns; 0 = the rest of the line */
} ListCol;

typedef struct List {
    const ListCol *cols;
    int ncols;
    ListFetch fetch;
    void *ctx;
    ListRow *rows;       /* 2 * cap rows: the page, then scratch */
    int cap;             /* rows per page */
    int n;               /* rows in the page */
    int cur;             /* cursor, index in the page */
    int dirty_all;       /* repaint the page */
    int dirty[2];        /* rows to repaint, -1 = none */
    int scrolled;        /* rows to scroll before repainting them: +1 the
                            page moved down the source (a row appeared at
                            the bottom), -1 up; 0 none */
    int focused;         /* draw the cursor row highlighted */
    char err[1024];      /* last fetch error, shown instead of rows */
    const char *empty;   /* translated "nothing here" text, or NULL */
} List;

/* Sets up l with `rows` rows per page; loads nothing yet. */
int list_init(List *l, const ListCol *cols, int ncols, ListFetch fetch,
              void *ctx, int rows);
void list_free(List *l);
/* Changes the page height, keeping the first row shown. */
int list_set_height(List *l, int rows);
/* Loads the first page. */
void list_home(List *l);
/* Loads the last page. */
void list_end(List *l);
/* Reloads the page from its first row (after data or a filter changed),
 * keeping the cursor on the same key when it is still there. */
void list_reload(List *l);
/* Moves by one row / one page; returns 1 if anything changed. */
int list_down(List *l);
int list_up(List *l);
int list_page_down(List *l);
int list_page_up(List *l);
/* Handles Up/Down/PgUp/PgDn/Home/End; returns TUI_* flags. */
int list_key(List *l, Key k);
/* The row under the cursor, or NULL. */
const ListRow *list_current(const List *l);

/* Draws the header on row y of w and the page below it, using h rows in
 * all (the page height follows h - 1). full = 0: only dirty rows. */
void list_draw(List *l, WINDOW *w, int y, int h, int full);

#endif
