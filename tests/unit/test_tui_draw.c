/*
 * test_tui_draw.c — drawing text in terminal cells on a headless curses
 * screen: a text cut to its column ends with "…" (an accent is one cell,
 * so « Hôpital Édouard-Herriot » is measured as people see it), a text
 * that fits is drawn whole without one, and a wrapped text with more left
 * than its rows ends its last row with "…" instead of stopping silently.
 */
#include "tests/unit/t.h"
#include "tests/unit/support_curses.h"
#include "tui/draw.h"
#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <wchar.h>

static char line[512];

/* Row y of w as UTF-8, trailing blanks removed. */
static const char *row(WINDOW *w, int y)
{
    wchar_t wl[256];
    int n = mvwinnwstr(w, y, 0, wl, 255);
    if (n < 0) n = 0;
    wl[n] = L'\0';
    size_t b = wcstombs(line, wl, sizeof line - 1);
    if (b == (size_t)-1) b = 0;
    line[b] = '\0';
    while (b > 0 && line[b - 1] == ' ') line[--b] = '\0';
    return line;
}

TEST(cut_cells_end_with_ellipsis)
{
    if (support_curses_start() < 0) SKIP("no vt100 terminfo entry");
    WINDOW *w = newwin(4, 40, 0, 0);
    /* 31 cells, 34 bytes, in a column of 24 */
    CHECK_INT(draw_text_cut(w, 0, 0, "Hôpital Édouard-Herriot de Lyon", 24, 0), 24);
    CHECK_STR(row(w, 0), "Hôpital Édouard-Herriot…");
    /* exactly as wide as the column: whole, no ellipsis */
    CHECK_INT(draw_text_cut(w, 1, 0, "Hôpital Édouard-Herriot", 23, 1), 23);
    CHECK_STR(row(w, 1), "Hôpital Édouard-Herriot");
    /* a table cell is cut at the window's edge too */
    draw_cell(w, 2, 30, "d'occasion, disque non effacé", 20);
    CHECK_STR(row(w, 2), "                              d'occasi…");
    delwin(w);
    support_curses_end();
}

TEST(wrap_says_when_text_is_left)
{
    if (support_curses_start() < 0) SKIP("no vt100 terminfo entry");
    WINDOW *w = newwin(4, 40, 0, 0);
    const char *s = "tests non réussis (2) : Santé de la batterie (%), Chargeur";
    /* three rows needed, two given: the second ends with "…" */
    CHECK_INT(draw_wrap(NULL, 0, 0, 24, 9, s), 3);
    CHECK_INT(draw_wrap(w, 0, 0, 24, 2, s), 2);
    CHECK_STR(row(w, 0), "tests non réussis (2) :");
    CHECK_STR(row(w, 1), "Santé de la batterie (%…");
    werase(w);
    /* room enough: no ellipsis anywhere */
    CHECK_INT(draw_wrap(w, 0, 0, 24, 3, s), 3);
    CHECK_STR(row(w, 1), "Santé de la batterie");
    CHECK_STR(row(w, 2), "(%), Chargeur");
    werase(w);
    /* the last row fits but a next line is left */
    CHECK_INT(draw_wrap(w, 0, 0, 24, 1, "Erreur réseau\nle hub ne répond pas"), 1);
    CHECK_STR(row(w, 0), "Erreur réseau…");
    delwin(w);
    support_curses_end();
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");   /* as the application runs */
    RUN(cut_cells_end_with_ellipsis);
    RUN(wrap_says_when_text_is_left);
    return t_done();
}
