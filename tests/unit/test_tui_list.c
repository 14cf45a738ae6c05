/*
 * test_tui_list.c — the keyset-paging list (tui/list.c) over a fake source
 * of one million rows, without a terminal: moves, pages, ends, reload, and
 * that no fetch ever asks for more than a page.
 */
#include "tests/unit/t.h"
#include "tests/unit/support_curses.h"
#include "tui/list.h"
#include "tui/action.h"
#include <string.h>

#define NROWS 1000000

typedef struct Fake {
    int64_t nrows;      /* rows are keys 1 .. nrows, with holes below */
    int64_t hole_lo, hole_hi; /* keys in [lo, hi] are deleted */
    int calls;          /* fetches so far */
    int max_n;          /* largest n asked */
    int fail;           /* next fetch fails */
} Fake;

static int present(const Fake *f, int64_t k)
{
    return k >= 1 && k <= f->nrows && !(k >= f->hole_lo && k <= f->hole_hi);
}

static int fake_fetch(void *ctx, const ListKey *anchor, ListDir dir, int n,
                      ListRow *out, Err *e)
{
    Fake *f = ctx;
    f->calls++;
    if (n > f->max_n) f->max_n = n;
    if (f->fail) { f->fail = 0; return err_set(e, ERR_DB, "database is locked"); }
    int got = 0;
    int64_t k;
    if (dir == LIST_BEFORE) {
        k = anchor ? anchor->i - 1 : f->nrows;
        for (; k >= 1 && got < n; k--)
            if (present(f, k)) { out[got].key.i = k; snprintf(out[got].cells[0], LIST_CELL_MAX, "row %lld", (long long)k); got++; }
    } else {
        k = anchor ? anchor->i + (dir == LIST_AFTER) : 1;
        for (; k <= f->nrows && got < n; k++)
            if (present(f, k)) { out[got].key.i = k; snprintf(out[got].cells[0], LIST_CELL_MAX, "row %lld", (long long)k); got++; }
    }
    return got;
}

static const ListCol cols[] = { { "Row", 0 } };

static int64_t at(const List *l, int i) { return l->rows[i].key.i; }

TEST(home_loads_one_page)
{
    Fake f = { .nrows = NROWS };
    List l;
    CHECK_INT(list_init(&l, cols, 1, fake_fetch, &f, 20), 0);
    list_home(&l);
    CHECK_INT(l.n, 20);
    CHECK_INT(at(&l, 0), 1);
    CHECK_INT(at(&l, 19), 20);
    CHECK_INT(list_current(&l)->key.i, 1);
    CHECK_STR(list_current(&l)->cells[0], "row 1");
    list_free(&l);
}

TEST(cursor_moves_inside_page_without_fetching)
{
    Fake f = { .nrows = NROWS };
    List l;
    list_init(&l, cols, 1, fake_fetch, &f, 20);
    list_home(&l);
    int calls = f.calls;
    l.dirty_all = 0;
    CHECK_INT(list_key(&l, K_DOWN), TUI_HANDLED);
    CHECK_INT(f.calls, calls);
    CHECK_INT(l.cur, 1);
    CHECK_INT(l.dirty_all, 0);         /* only two rows to repaint */
    CHECK_INT(l.dirty[0], 0);
    CHECK_INT(l.dirty[1], 1);
    list_up(&l);
    CHECK_INT(l.cur, 0);
    CHECK_INT(list_up(&l), 0);         /* top of the table: nothing moves */
    list_free(&l);
}

TEST(down_past_page_scrolls_by_one)
{
    Fake f = { .nrows = NROWS };
    List l;
    list_init(&l, cols, 1, fake_fetch, &f, 10);
    list_home(&l);
    for (int i = 0; i < 10; i++) list_down(&l);
    CHECK_INT(l.n, 10);
    CHECK_INT(at(&l, 0), 2);
    CHECK_INT(list_current(&l)->key.i, 11);
    list_up(&l);
    for (int i = 0; i < 9; i++) list_up(&l);
    CHECK_INT(at(&l, 0), 1);
    CHECK_INT(list_current(&l)->key.i, 1);
    list_free(&l);
}

TEST(page_down_and_up_keep_consecutive_rows)
{
    Fake f = { .nrows = NROWS };
    List l;
    list_init(&l, cols, 1, fake_fetch, &f, 20);
    list_home(&l);
    list_down(&l); list_down(&l);        /* cursor on screen row 2 */
    list_page_down(&l);
    CHECK_INT(at(&l, 0), 21);
    CHECK_INT(list_current(&l)->key.i, 23);
    for (int i = 1; i < l.n; i++) CHECK_INT(at(&l, i), at(&l, i - 1) + 1);
    list_page_up(&l);
    CHECK_INT(at(&l, 0), 1);
    CHECK_INT(list_current(&l)->key.i, 3);
    list_page_up(&l);                    /* first page: cursor to the top */
    CHECK_INT(l.cur, 0);
    list_free(&l);
}

TEST(end_and_page_down_at_end)
{
    Fake f = { .nrows = NROWS };
    List l;
    list_init(&l, cols, 1, fake_fetch, &f, 20);
    list_end(&l);
    CHECK_INT(l.n, 20);
    CHECK_INT(at(&l, 19), NROWS);
    CHECK_INT(at(&l, 0), NROWS - 19);
    CHECK_INT(list_current(&l)->key.i, NROWS);
    CHECK_INT(list_down(&l), 0);
    CHECK_INT(list_page_down(&l), 0);
    list_key(&l, K_HOME);
    CHECK_INT(list_current(&l)->key.i, 1);
    list_free(&l);
}

TEST(partial_last_page)
{
    Fake f = { .nrows = 25 };
    List l;
    list_init(&l, cols, 1, fake_fetch, &f, 20);
    list_home(&l);
    list_page_down(&l);                  /* 5 more rows: scroll by 5 */
    CHECK_INT(l.n, 20);
    CHECK_INT(at(&l, 0), 6);
    CHECK_INT(list_current(&l)->key.i, 25);
    list_free(&l);
}

TEST(paging_a_million_rows_at_constant_memory)
{
    Fake f = { .nrows = NROWS };
    List l;
    list_init(&l, cols, 1, fake_fetch, &f, 50);
    list_home(&l);
    int pages = 1;
    while (list_page_down(&l) && at(&l, l.n - 1) < NROWS) pages++;
    CHECK_INT(at(&l, l.n - 1), NROWS);
    CHECK_INT(pages, NROWS / 50 - 1);
    CHECK_INT(f.max_n, 50);               /* never more than a page at once */
    CHECK_INT(l.cap, 50);
    list_free(&l);
}

TEST(reload_keeps_cursor_key_and_refills_a_shrunk_page)
{
    Fake f = { .nrows = 100 };
    List l;
    list_init(&l, cols, 1, fake_fetch, &f, 10);
    list_end(&l);                         /* 91 .. 100, cursor on 100 */
    list_up(&l);                          /* cursor on 99 */
    f.hole_lo = 93; f.hole_hi = 96;       /* four rows deleted */
    list_reload(&l);
    CHECK_INT(l.n, 10);
    CHECK_INT(at(&l, 9), 100);
    CHECK_INT(at(&l, 0), 87);
    CHECK_INT(list_current(&l)->key.i, 99);
    list_free(&l);
}

TEST(fetch_error_is_kept_for_display)
{
    Fake f = { .nrows = 100, .fail = 1 };
    List l;
    list_init(&l, cols, 1, fake_fetch, &f, 10);
    list_home(&l);
    CHECK_INT(l.n, 0);
    CHECK_STR(l.err, "database is locked");
    CHECK(list_current(&l) == NULL);
    CHECK_INT(list_down(&l), 0);
    list_home(&l);
    CHECK_STR(l.err, "");
    CHECK_INT(l.n, 10);
    list_free(&l);
}

TEST(height_change_keeps_first_row)
{
    Fake f = { .nrows = NROWS };
    List l;
    list_init(&l, cols, 1, fake_fetch, &f, 10);
    list_home(&l);
    list_page_down(&l);
    CHECK_INT(at(&l, 0), 11);
    list_set_height(&l, 5);
    CHECK_INT(l.n, 5);
    CHECK_INT(at(&l, 0), 11);
    list_set_height(&l, 30);
    CHECK_INT(l.n, 30);
    CHECK_INT(at(&l, 29), 40);
    list_free(&l);
}

/* What a draw does to the marks, without a terminal. */
static void drawn(List *l)
{
    l->dirty_all = 0;
    l->scrolled = 0;
    l->dirty[0] = l->dirty[1] = -1;
}

TEST(one_row_past_the_page_scrolls_and_marks_two_rows)
{
    Fake f = { .nrows = NROWS };
    List l;
    list_init(&l, cols, 1, fake_fetch, &f, 10);
    list_home(&l);
    for (int i = 0; i < 9; i++) { drawn(&l); list_down(&l); }
    drawn(&l);
    CHECK_INT(list_down(&l), 1);
    CHECK_INT(l.scrolled, 1);
    CHECK_INT(l.dirty_all, 0);         /* not the page: the new row, the old cursor row */
    CHECK_INT(l.dirty[0], 8);
    CHECK_INT(l.dirty[1], 9);
    for (int i = 0; i < 9; i++) { drawn(&l); list_up(&l); }
    drawn(&l);
    CHECK_INT(list_up(&l), 1);
    CHECK_INT(at(&l, 0), 1);
    CHECK_INT(l.scrolled, -1);
    CHECK_INT(l.dirty_all, 0);
    CHECK_INT(l.dirty[0], 0);
    CHECK_INT(l.dirty[1], 1);
    /* two scrolls without a draw between them: the page is repainted */
    list_down(&l);
    for (int i = 0; i < 9; i++) list_down(&l);
    CHECK_INT(l.dirty_all, 1);
    list_free(&l);
}

/* Row y of w as text, trailing blanks cut. */
static const char *row_text(WINDOW *w, int y)
{
    static char buf[128];
    mvwinnstr(w, y, 0, buf, 40);
    for (int i = (int)strlen(buf); i > 0 && buf[i - 1] == ' '; i--) buf[i - 1] = '\0';
    return buf;
}

TEST(scrolled_draw_shows_the_same_as_a_full_draw)
{
    if (support_curses_start() < 0) SKIP("no vt100 terminfo entry");
    Fake f = { .nrows = NROWS };
    List l;
    WINDOW *w = newwin(8, 40, 0, 0);
    list_init(&l, cols, 1, fake_fetch, &f, 7);
    list_home(&l);
    list_draw(&l, w, 0, 8, 1);
    for (int i = 0; i < 12; i++) {          /* past the page, one row at a time */
        list_down(&l);
        list_draw(&l, w, 0, 8, 0);
    }
    for (int i = 0; i < 8; i++) {           /* and back past its top */
        list_up(&l);
        list_draw(&l, w, 0, 8, 0);
    }
    CHECK_STR(row_text(w, 0), "Row");
    for (int i = 0; i < 7; i++) {
        char want[32];
        snprintf(want, sizeof want, "row %lld", (long long)at(&l, i));
        CHECK_STR(row_text(w, 1 + i), want);
    }
    CHECK_INT(at(&l, 0), 5);                 /* cursor 1 -> 13 -> 5, at the top */
    CHECK_INT(getbegy(w), 0);
    CHECK(!is_scrollok(w));                  /* the window is left as it was */
    list_free(&l);
    delwin(w);
    support_curses_end();
}

int main(void)
{
    RUN(home_loads_one_page);
    RUN(cursor_moves_inside_page_without_fetching);
    RUN(down_past_page_scrolls_by_one);
    RUN(one_row_past_the_page_scrolls_and_marks_two_rows);
    RUN(scrolled_draw_shows_the_same_as_a_full_draw);
    RUN(page_down_and_up_keep_consecutive_rows);
    RUN(end_and_page_down_at_end);
    RUN(partial_last_page);
    RUN(paging_a_million_rows_at_constant_memory);
    RUN(reload_keeps_cursor_key_and_refills_a_shrunk_page);
    RUN(fetch_error_is_kept_for_display);
    RUN(height_change_keeps_first_row);
    return t_done();
}
