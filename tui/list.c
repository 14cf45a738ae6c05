/*
 * list.c — see list.h.
 */
#include "tui/list.h"
#include "tui/action.h"
#include "tui/draw.h"
#include "util/i18n.h"
#include <stdlib.h>
#include <string.h>

static void mark(List *l, int a, int b)
{
    l->dirty[0] = a;
    l->dirty[1] = b;
}

int list_init(List *l, const ListCol *cols, int ncols, ListFetch fetch,
              void *ctx, int rows)
{
    memset(l, 0, sizeof *l);
    l->cols = cols;
    l->ncols = ncols > LIST_MAX_COLS ? LIST_MAX_COLS : ncols;
    l->fetch = fetch;
    l->ctx = ctx;
    l->focused = 1;
    l->dirty_all = 1;
    mark(l, -1, -1);
    return list_set_height(l, rows);
}

void list_free(List *l)
{
    free(l->rows);
    l->rows = NULL;
    l->cap = l->n = l->cur = 0;
}

/* Fetches into the scratch half; returns the count (0 on error). */
static int fetch(List *l, const ListKey *anchor, ListDir dir, int n)
{
    Err e;
    err_clear(&e);
    ListRow *out = l->rows + l->cap;
    memset(out, 0, sizeof *out * (size_t)n);
    int k = l->fetch(l->ctx, anchor, dir, n, out, &e);
    if (k < 0) {
        snprintf(l->err, sizeof l->err, "%s", e.msg);
        return 0;
    }
    l->err[0] = '\0';
    return k > n ? n : k;
}

int list_set_height(List *l, int rows)
{
    if (rows < 1) rows = 1;
    if (rows == l->cap && l->rows) return 0;
    ListKey top;
    int had = l->n > 0;
    if (had) top = l->rows[0].key;
    ListRow *r = realloc(l->rows, sizeof *r * (size_t)rows * 2);
    if (!r) return -1;
    l->rows = r;
    l->cap = rows;
    l->n = 0;
    l->dirty_all = 1;
    if (!had) return 0;
    int k = fetch(l, &top, LIST_FROM, l->cap);
    memmove(l->rows, l->rows + l->cap, sizeof *r * (size_t)k);
    l->n = k;
    if (l->cur >= l->n) l->cur = l->n ? l->n - 1 : 0;
    return 0;
}

void list_home(List *l)
{
    int k = fetch(l, NULL, LIST_FROM, l->cap);
    memmove(l->rows, l->rows + l->cap, sizeof *l->rows * (size_t)k);
    l->n = k;
    l->cur = 0;
    l->dirty_all = 1;
}

/* Moves k rows fetched backwards (nearest first) into the page, in order,
 * in front of the first `keep` rows of the page. */
static void prepend_reversed(List *l, int k, int keep)
{
    memmove(l->rows + k, l->rows, sizeof *l->rows * (size_t)keep);
    for (int i = 0; i < k; i++) l->rows[k - 1 - i] = l->rows[l->cap + i];
    l->n = k + keep;
}

void list_end(List *l)
{
    int k = fetch(l, NULL, LIST_BEFORE, l->cap);
    prepend_reversed(l, k, 0);
    l->cur = l->n ? l->n - 1 : 0;
    l->dirty_all = 1;
}

void list_reload(List *l)
{
    if (l->n == 0) { list_home(l); return; }
    ListKey top = l->rows[0].key, at = l->rows[l->cur].key;
    int cur = l->cur;
    int k = fetch(l, &top, LIST_FROM, l->cap);
    memmove(l->rows, l->rows + l->cap, sizeof *l->rows * (size_t)k);
    l->n = k;
    if (k < l->cap) { /* the page shrank: fill it from above */
        int m = fetch(l, k ? &l->rows[0].key : &top, LIST_BEFORE, l->cap - k);
        prepend_reversed(l, m, k);
        cur += m;
    }
    l->cur = cur < l->n ? cur : (l->n ? l->n - 1 : 0);
    for (int i = 0; i < l->n; i++)
        if (l->rows[i].key.i == at.i && strcmp(l->rows[i].key.s, at.s) == 0) { l->cur = i; break; }
    l->dirty_all = 1;
}

/* Records a one-row scroll; a second one before a draw repaints the page
 * (the rows marked dirty would no longer be the right ones). */
static void scroll_by(List *l, int d)
{
    if (l->scrolled || l->dirty[0] >= 0) l->dirty_all = 1;
    l->scrolled = d;
}

int list_down(List *l)
{
    if (l->n == 0) return 0;
    if (l->cur + 1 < l->n) {
        mark(l, l->cur, l->cur + 1);
        l->cur++;
        return 1;
    }
    if (fetch(l, &l->rows[l->n - 1].key, LIST_AFTER, 1) == 0) return 0;
    if (l->n == l->cap) { /* one row up: the old cursor row is now n - 2 */
        memmove(l->rows, l->rows + 1, sizeof *l->rows * (size_t)(l->n - 1));
        scroll_by(l, 1);
    } else l->n++;
    l->rows[l->n - 1] = l->rows[l->cap];
    l->cur = l->n - 1;
    mark(l, l->n - 2, l->n - 1);
    return 1;
}

int list_up(List *l)
{
    if (l->n == 0) return 0;
    if (l->cur > 0) {
        mark(l, l->cur, l->cur - 1);
        l->cur--;
        return 1;
    }
    if (fetch(l, &l->rows[0].key, LIST_BEFORE, 1) == 0) return 0;
    if (l->n == l->cap) { /* one row down: the old cursor row is now 1 */
        prepend_reversed(l, 1, l->n - 1);
        scroll_by(l, -1);
        mark(l, 0, 1);
    } else { /* a short page grows at the top: every row moves */
        prepend_reversed(l, 1, l->n);
        l->dirty_all = 1;
    }
    return 1;
}

int list_page_down(List *l)
{
    if (l->n == 0) return 0;
    int k = fetch(l, &l->rows[l->n - 1].key, LIST_AFTER, l->cap);
    if (k == 0) { /* last page already: go to its last row */
        if (l->cur == l->n - 1) return 0;
        mark(l, l->cur, l->n - 1);
        l->cur = l->n - 1;
        return 1;
    }
    int keep = l->cap - k;
    if (keep > l->n) keep = l->n;
    memmove(l->rows, l->rows + (l->n - keep), sizeof *l->rows * (size_t)keep);
    memmove(l->rows + keep, l->rows + l->cap, sizeof *l->rows * (size_t)k);
    l->n = keep + k;
    if (k < l->cap) l->cur = l->n - 1;
    if (l->cur >= l->n) l->cur = l->n - 1;
    l->dirty_all = 1;
    return 1;
}

int list_page_up(List *l)
{
    if (l->n == 0) return 0;
    int k = fetch(l, &l->rows[0].key, LIST_BEFORE, l->cap);
    if (k == 0) {
        if (l->cur == 0) return 0;
        mark(l, l->cur, 0);
        l->cur = 0;
        return 1;
    }
    int keep = l->cap - k;
    if (keep > l->n) keep = l->n;
    prepend_reversed(l, k, keep);
    if (k < l->cap) l->cur = 0;
    if (l->cur >= l->n) l->cur = l->n - 1;
    l->dirty_all = 1;
    return 1;
}

int list_key(List *l, Key k)
{
    int changed;
    switch (k) {
    case K_DOWN: changed = list_down(l); break;
    case K_UP: changed = list_up(l); break;
    case K_PGDN: changed = list_page_down(l); break;
    case K_PGUP: changed = list_page_up(l); break;
    case K_HOME: list_home(l); changed = 1; break;
    case K_END: list_end(l); changed = 1; break;
    default: return TUI_UNHANDLED;
    }
    (void)changed; /* at an end nothing moves, but the key was still ours */
    return TUI_HANDLED;
}

const ListRow *list_current(const List *l)
{
    return l->n > 0 ? &l->rows[l->cur] : NULL;
}

/* Draws the cells of one line (header or row) on row y of w. */
static void draw_cells(const List *l, WINDOW *w, int y, const char *const *cells)
{
    int cols = getmaxx(w), x = 0;
    for (int c = 0; c < l->ncols && x < cols; c++) {
        int cw = l->cols[c].width;
        if (cw <= 0 || x + cw > cols) cw = cols - x;
        draw_text_cut(w, y, x, cells[c], cw, 1);
        x += cw;
        if (x < cols && c + 1 < l->ncols) x += draw_text(w, y, x, " ", 1, 0);
    }
    if (x < cols) draw_text(w, y, x, "", cols - x, 1);
}

static void draw_row(const List *l, WINDOW *w, int y0, int i)
{
    const char *cells[LIST_MAX_COLS];
    for (int c = 0; c < l->ncols; c++) cells[c] = l->rows[i].cells[c];
    TermColor c = (i == l->cur && l->focused) ? CLR_SELECTION : l->rows[i].color;
    wattrset(w, term_attr(c));
    draw_cells(l, w, y0 + i, cells);
    wattrset(w, A_NORMAL);
}

/* Scrolls rows top..bot of w by d (wscrl in a scrolling region, then the
 * window is as before); returns 0, or -1 when curses cannot. */
static int scroll_rows(WINDOW *w, int top, int bot, int d)
{
    if (top >= bot || wsetscrreg(w, top, bot) == ERR) return -1;
    scrollok(w, TRUE);
    idlok(w, TRUE);      /* let curses scroll the terminal, not rewrite it */
    int r = wscrl(w, d);
    scrollok(w, FALSE);
    wsetscrreg(w, 0, getmaxy(w) - 1);
    return r == ERR ? -1 : 0;
}

void list_draw(List *l, WINDOW *w, int y, int h, int full)
{
    if (h < 2) return;
    if (h - 1 != l->cap) { list_set_height(l, h - 1); full = 1; }
    if (!full && !l->dirty_all && l->scrolled && scroll_rows(w, y + 1, y + l->cap, l->scrolled) < 0)
        l->dirty_all = 1;
    if (full || l->dirty_all) {
        const char *heads[LIST_MAX_COLS];
        for (int c = 0; c < l->ncols; c++) heads[c] = _(l->cols[c].title);
        wattrset(w, term_attr(CLR_HEADER));
        draw_cells(l, w, y, heads);
        wattrset(w, A_NORMAL);
        for (int i = 0; i < l->cap; i++) {
            if (i < l->n) draw_row(l, w, y + 1, i);
            else draw_clear_to_eol(w, y + 1 + i, 0);
        }
        if (l->err[0] || l->n == 0) {
            wattrset(w, term_attr(l->err[0] ? CLR_ERROR : CLR_DIM));
            draw_text(w, y + 1, 1, l->err[0] ? l->err : (l->empty ? l->empty : _("Nothing to show.")),
                      getmaxx(w) - 2, 0);
            wattrset(w, A_NORMAL);
        }
    } else {
        for (int d = 0; d < 2; d++)
            if (l->dirty[d] >= 0 && l->dirty[d] < l->n) draw_row(l, w, y + 1, l->dirty[d]);
    }
    l->dirty_all = 0;
    l->scrolled = 0;
    mark(l, -1, -1);
}
