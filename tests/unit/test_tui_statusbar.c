/*
 * test_tui_statusbar.c — the status bar on a headless curses screen: the
 * title on the left, and on the right what fits of the sync state, the
 * workshop and the operator, whole parts giving way (never "O Atelier" cut
 * out of "DEMO Atelier"), the operator kept.
 */
#include "tests/unit/t.h"
#include "tests/unit/support_curses.h"
#include "tui/statusbar.h"
#include <curses.h>
#include <locale.h>

static char line[256];

static const char *drawn(WINDOW *w, const char *title)
{
    statusbar_draw(w, title);
    mvwinnstr(w, 0, 0, line, getmaxx(w));
    int n = (int)strlen(line);
    while (n > 0 && line[n - 1] == ' ') line[--n] = '\0';
    return line;
}

TEST(parts_give_way_whole)
{
    if (support_curses_start() < 0) SKIP("no vt100 terminfo entry");
    WINDOW *w = newwin(1, 80, 0, 0);
    statusbar_set_workshop("DEMO Atelier de Grenoble");
    statusbar_set_operator("Amina");
    statusbar_set_sync("Sync 12 - 14:05");
    /* room for everything */
    CHECK_CONTAINS(drawn(w, "Home"), "Sync 12 - 14:05  DEMO Atelier de Grenoble  Operator: Amina");
    /* a longer title: the workshop's name goes first, its code stays */
    const char *s = drawn(w, "Print labels of the lot");
    CHECK_CONTAINS(s, "Sync 12 - 14:05  DEMO  Operator: Amina");
    /* whatever the title, the line ends with one of the whole forms, each
     * form at most as long as the one before, and the operator is there */
    static const char *const FORMS[] = {
        "Sync 12 - 14:05  DEMO Atelier de Grenoble  Operator: Amina",
        "Sync 12 - 14:05  DEMO  Operator: Amina",
        "Sync 12 - 14:05  Operator: Amina",
        "Operator: Amina",
    };
    int last = 0;
    for (int len = 1; len <= 52; len++) {   /* 52: the last title that leaves room for the operator, two spaces apart */
        char title[96];
        memset(title, 'x', (size_t)len);
        title[len] = '\0';
        s = drawn(w, title);
        int form = -1;
        for (int f = 0; f < 4 && form < 0; f++) {
            size_t n = strlen(s), m = strlen(FORMS[f]);
            /* the form, preceded by blanks or the title's end */
            if (n >= m && !strcmp(s + n - m, FORMS[f]) && (s[n - m - 1] == ' ' || s[n - m - 1] == 'x')) form = f;
        }
        CHECK_MSG(form >= 0, "title of %d: \"%s\"", len, s);
        CHECK_MSG(form >= last, "title of %d: form %d after form %d", len, form, last);
        last = form;
    }
    CHECK_INT(last, 3);
    /* a title longer still: it stays whole, the operator's name is what is
     * left of the right part */
    s = drawn(w, "A title far too long for any status bar of eighty columns, really");
    CHECK_MSG(!strncmp(s, " boucle · A title far too long for any status bar of eighty columns, really ",
                       strlen(" boucle · A title far too long for any status bar of eighty columns, really ")),
              "\"%s\"", s);
    CHECK_MSG(strlen(s) >= 2 && !strcmp(s + strlen(s) - 2, "na"), "\"%s\"", s);
    delwin(w);
    support_curses_end();
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");   /* as the application runs: "·" is one column */
    RUN(parts_give_way_whole);
    return t_done();
}
