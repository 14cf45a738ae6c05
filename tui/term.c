/*
 * term.c — see term.h. Module state: whether curses is active, the pending
 * signal, the chosen colour scheme.
 */
#include "tui/term.h"
#include "tui/draw.h"
#include "tui/glyph.h"
#include "util/i18n.h"
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static SCREEN *screen;                   /* the curses screen, NULL when off */
static volatile sig_atomic_t pending;    /* SIGINT/SIGTERM received */
static int mono;                         /* monochrome scheme in use */
static int atexit_done;

typedef struct ColorSpec {
    short fg, bg;   /* colour pair; -1 = terminal default */
    attr_t attr;    /* attributes added to the pair */
} ColorSpec;

/* The schemes: [0] colour, [1] monochrome. Monochrome uses only attributes
 * every terminal has (vt100: reverse, bold, underline). */
static const ColorSpec schemes[2][CLR_COUNT] = {
    {
        [CLR_NORMAL]        = { -1, -1, A_NORMAL },
        [CLR_TITLE]         = { COLOR_CYAN, -1, A_BOLD },
        [CLR_STATUS]        = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
        [CLR_SELECTION]     = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
        [CLR_HEADER]        = { COLOR_BLACK, COLOR_GREEN, A_NORMAL },
        [CLR_FUNCBAR_KEY]   = { -1, -1, A_NORMAL },
        [CLR_FUNCBAR_LABEL] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
        [CLR_FIELD]         = { COLOR_WHITE, COLOR_BLUE, A_NORMAL },
        [CLR_ERROR]         = { COLOR_RED, -1, A_BOLD },
        [CLR_OK]            = { COLOR_GREEN, -1, A_BOLD },
        [CLR_WARN]          = { COLOR_YELLOW, -1, A_BOLD },
        [CLR_DIM]           = { COLOR_BLUE, -1, A_BOLD },
        [CLR_DIALOG]        = { COLOR_BLACK, COLOR_WHITE, A_NORMAL },
    },
    {
        [CLR_NORMAL]        = { -1, -1, A_NORMAL },
        [CLR_TITLE]         = { -1, -1, A_BOLD },
        [CLR_STATUS]        = { -1, -1, A_REVERSE },
        [CLR_SELECTION]     = { -1, -1, A_REVERSE },
        [CLR_HEADER]        = { -1, -1, A_UNDERLINE | A_BOLD },
        [CLR_FUNCBAR_KEY]   = { -1, -1, A_BOLD },
        [CLR_FUNCBAR_LABEL] = { -1, -1, A_REVERSE },
        [CLR_FIELD]         = { -1, -1, A_UNDERLINE },
        [CLR_ERROR]         = { -1, -1, A_BOLD },
        [CLR_OK]            = { -1, -1, A_BOLD },
        [CLR_WARN]          = { -1, -1, A_BOLD },
        [CLR_DIM]           = { -1, -1, A_NORMAL },
        [CLR_DIALOG]        = { -1, -1, A_NORMAL },
    },
};

static void on_signal(int sig)
{
    pending = sig;
}

int term_signal(void)
{
    return pending;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a blocked read returns so the loop sees the flag. */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static void init_colors(void)
{
    const char *nc = getenv("NO_COLOR");
    mono = !has_colors() || (nc && *nc);
    if (mono) return;
    start_color();
    use_default_colors();
    for (int c = 1; c < CLR_COUNT; c++)
        init_pair((short)c, schemes[0][c].fg, schemes[0][c].bg);
}

int term_init(Err *e)
{
    if (screen) return 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return err_set(e, ERR_USAGE, "%s", _("The terminal interface needs a terminal."));
    /* Install ours before newterm(): ncurses then keeps its hands off. */
    install_signals();
    screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        const char *t = getenv("TERM");
        return err_set(e, ERR_IO, _("Unknown terminal type \"%s\"."), t ? t : "");
    }
    set_term(screen);
    if (!atexit_done) { atexit(term_end); atexit_done = 1; }
    /* Function keys as the common terminals send them, whatever TERM says:
     * xterm's F1-F4 (ESC O P..S), vt220/rxvt's (ESC [ 11~..15~) and the
     * Linux console's (ESC [ [ A..E). A PC reached over ssh from another
     * terminal, or a console under tmux, often has a TERM whose terminfo
     * knows only one of them; unknown sequences would arrive as Esc plus
     * letters. define_key() keeps what terminfo already binds. */
    static const char *const fkeys[][5] = {
        { "\033OP", "\033OQ", "\033OR", "\033OS", NULL },
        { "\033[11~", "\033[12~", "\033[13~", "\033[14~", "\033[15~" },
        { "\033[[A", "\033[[B", "\033[[C", "\033[[D", "\033[[E" },
    };
    for (size_t set = 0; set < sizeof fkeys / sizeof fkeys[0]; set++)
        for (int k = 0; k < 5; k++)
            if (fkeys[set][k] && key_defined(fkeys[set][k]) == 0) define_key(fkeys[set][k], KEY_F(k + 1));
    static const char *const fhigh[] = { "\033[17~", "\033[18~", "\033[19~", "\033[20~", "\033[21~", "\033[23~", "\033[24~" };
    for (int k = 0; k < 7; k++)
        if (key_defined(fhigh[k]) == 0) define_key(fhigh[k], KEY_F(k + 6));
    set_escdelay(25); /* Esc alone must feel instant; sequences come in a burst */
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    curs_set(0);
    init_colors();
    glyph_init();
    /* stdscr is the input window: it must not be "touched" afterwards, or
     * wget_wch() would repaint it over the UI's windows. */
    wnoutrefresh(stdscr);
    doupdate();
    return 0;
}

void term_end(void)
{
    if (!screen) return;
    curs_set(1);
    endwin();
    delscreen(screen);
    screen = NULL;
    fflush(stdout);
}

void term_fatal(const char *fmt, ...)
{
    va_list ap;
    term_end();
    fputs("boucle: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

attr_t term_attr(TermColor c)
{
    if (c < 0 || c >= CLR_COUNT) c = CLR_NORMAL;
    const ColorSpec *s = &schemes[mono][c];
    if (mono || c == CLR_NORMAL) return s->attr;
    return s->attr | COLOR_PAIR(c);
}

int term_mono(void)
{
    return mono;
}

int term_too_small(void)
{
    return COLS < TERM_MIN_COLS || LINES < TERM_MIN_ROWS;
}

void term_draw_too_small(void)
{
    char need[64];
    werase(stdscr);
    snprintf(need, sizeof need, "%d×%d", TERM_MIN_COLS, TERM_MIN_ROWS);
    const char *l1 = _("Window too small.");
    const char *l2 = _("Please enlarge it to at least:");
    int y = LINES / 2 - 1;
    if (y < 0) y = 0;
    wattron(stdscr, term_attr(CLR_WARN));
    draw_centered(stdscr, y, l1);
    wattroff(stdscr, term_attr(CLR_WARN));
    draw_centered(stdscr, y + 1, l2);
    draw_centered(stdscr, y + 2, need);
    wnoutrefresh(stdscr);
    doupdate();
}
