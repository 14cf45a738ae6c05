/* support_curses.c — see support_curses.h. */
#include "tests/unit/support_curses.h"
#include <stdio.h>

static FILE *out, *in;
static SCREEN *scr;

int support_curses_start(void)
{
    out = fopen("/dev/null", "w");
    in = fopen("/dev/null", "r");
    scr = out && in ? newterm("vt100", out, in) : NULL;
    if (scr) return 0;
    if (out) fclose(out);
    if (in) fclose(in);
    out = in = NULL;
    return -1;
}

void support_curses_end(void)
{
    if (!scr) return;
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    scr = NULL;
    out = in = NULL;
}
