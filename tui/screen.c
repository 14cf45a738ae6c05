/*
 * screen.c — see screen.h. Module state: the stack, the four windows of the
 * layout, the application's hooks, the flash message and what needs
 * repainting. Only screen_run() paints; everything else sets flags.
 */
#include "tui/screen.h"
#include "tui/draw.h"
#include "tui/help.h"
#include "tui/statusbar.h"
#include "util/i18n.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static Screen stack[SCREEN_STACK_MAX];
static int depth;

static WINDOW *win_status, *win_body, *win_msg, *win_bar;
static WINDOW *win_msg2;        /* the body's last row and the message row: a message of two rows */
static int need_full = 1;       /* repaint everything on the next loop */
static int msg_dirty;           /* the message line changed */
static int msg_rows = 1;        /* rows the shown message takes (1 or 2) */
static char msg[512];           /* flash message, "" when none */
static TermColor msg_color;
static WINDOW *cursor_win;      /* where draw() asked for the cursor */
static int cursor_y, cursor_x;

static int (*scan_fn)(const char *, void *);
static void *scan_ctx;
static int (*search_fn)(void *);
static void *search_ctx;

/* ---- the stack ---- */

int screen_push(const Screen *tmpl, void *state)
{
    if (depth == SCREEN_STACK_MAX) return -1;
    Screen *s = &stack[depth++];
    *s = *tmpl;
    s->state = state;
    need_full = 1;
    if (s->enter) s->enter(s);
    return 0;
}

void screen_pop(void)
{
    if (depth <= 1) return;
    Screen *s = &stack[--depth];
    if (s->leave) s->leave(s);
    memset(s, 0, sizeof *s);
    need_full = 1;
    Screen *t = &stack[depth - 1];
    if (t->enter) t->enter(t);
}

void screen_clear(void)
{
    while (depth > 0) {
        Screen *s = &stack[--depth];
        if (s->leave) s->leave(s);
        memset(s, 0, sizeof *s);
    }
    need_full = 1;
}

Screen *screen_top(void) { return depth ? &stack[depth - 1] : NULL; }
int screen_depth(void) { return depth; }

Screen *screen_below(const Screen *s)
{
    long i = s - stack;
    return (i > 0 && i < depth) ? &stack[i - 1] : NULL;
}

/* ---- global actions ---- */

static int g_help(Screen *s, int req)
{
    (void)req;
    help_open(s);
    return TUI_REDRAW;
}

static int g_search(Screen *s, int req)
{
    (void)s; (void)req;
    return search_fn ? (search_fn(search_ctx) | TUI_HANDLED) : TUI_UNHANDLED;
}

static int g_back(Screen *s, int req)
{
    (void)s; (void)req;
    if (depth <= 1) return TUI_HANDLED;
    screen_pop();
    return TUI_REDRAW;
}

static int g_quit(Screen *s, int req)
{
    (void)s; (void)req;
    return TUI_QUIT;
}

static const Action globals[] = {
    { REQ_HELP,   { K_F(1), '?' },     N_("Help"),   N_("Show the keys of this screen"), g_help },
    { REQ_SEARCH, { '/' },             N_("Search"), N_("Search devices"),               g_search },
    { REQ_BACK,   { K_ESC },           N_("Back"),   N_("Go back to the previous screen"), g_back },
    { REQ_QUIT,   { K_F(10), 'q' },    N_("Quit"),   N_("Quit boucle"),                  g_quit },
    { 0 }
};

const Action *screen_global_actions(void) { return globals; }

unsigned screen_skip_mask(void)
{
    unsigned m = 0;
    if (!search_fn) m |= 1u << REQ_SEARCH;
    if (depth <= 1) m |= 1u << REQ_BACK;
    return m;
}

void screen_set_scan_handler(int (*fn)(const char *, void *), void *ctx) { scan_fn = fn; scan_ctx = ctx; }
void screen_set_search_handler(int (*fn)(void *), void *ctx) { search_fn = fn; search_ctx = ctx; }

static int (*idle_fn)(void *);    /* the application's idle hook, or NULL */
static void *idle_ctx;
void screen_set_idle_handler(int (*fn)(void *), void *ctx) { idle_fn = fn; idle_ctx = ctx; }
ScreenIdleFn screen_idle_handler(void **ctx) { if (ctx) *ctx = idle_ctx; return idle_fn; }

void screen_flash(TermColor c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    msg_color = c;
    msg_dirty = 1;
}

void screen_cursor(WINDOW *w, int y, int x)
{
    cursor_win = w;
    cursor_y = y;
    cursor_x = x;
}

void screen_invalidate(void) { need_full = 1; }

/* ---- dispatch ---- */

static int run_action(Screen *s, const Action *a)
{
    return a && a->run ? a->run(s, a->req) : TUI_UNHANDLED;
}

int screen_dispatch_key(Key k)
{
    Screen *s = screen_top();
    if (!s) return TUI_QUIT;
    int r = run_action(s, action_find(s->actions, k));
    if (r == TUI_UNHANDLED && s->handle) r = s->handle(s, k);
    if (r == TUI_UNHANDLED && !s->overlay) r = run_action(s, action_find(globals, k));
    return r;
}

int screen_dispatch_scan(const char *text)
{
    Screen *s = screen_top();
    if (!s) return TUI_QUIT;
    if (s->on_scan) return s->on_scan(s, text);
    if (scan_fn && !s->overlay) return scan_fn(text, scan_ctx) | TUI_HANDLED;
    return TUI_HANDLED; /* nobody wants it: dropped rather than typed as keys */
}

/* ---- painting ---- */

static void make_windows(void)
{
    if (win_status) { delwin(win_status); delwin(win_body); delwin(win_msg); delwin(win_msg2); delwin(win_bar); }
    win_status = newwin(1, COLS, 0, 0);
    win_body = newwin(LINES - 3, COLS, 1, 0);
    win_msg2 = newwin(2, COLS, LINES - 3, 0);
    win_msg = newwin(1, COLS, LINES - 2, 0);
    win_bar = newwin(1, COLS, LINES - 1, 0);
    if (!win_status || !win_body || !win_msg || !win_msg2 || !win_bar)
        term_fatal("%s", _("Out of memory."));
}

static void free_windows(void)
{
    if (!win_status) return;
    delwin(win_status); delwin(win_body); delwin(win_msg); delwin(win_msg2); delwin(win_bar);
    win_status = win_body = win_msg = win_msg2 = win_bar = NULL;
}

static void draw_funcbar(void)
{
    FuncbarItem items[24];
    Screen *s = screen_top();
    int n = funcbar_build(s->actions, s->overlay ? NULL : globals,
                          screen_skip_mask(), items, 24);
    int cols = getmaxx(win_bar), x = 0;
    n = funcbar_layout(items, n, cols);
    werase(win_bar);
    for (int i = 0; i < n; i++) {
        int kw = utf8_width(items[i].shown), lw = utf8_width(items[i].label);
        if (x + kw + lw > cols) break;
        wattrset(win_bar, term_attr(CLR_FUNCBAR_KEY));
        x += draw_text(win_bar, 0, x, items[i].shown, kw, 0);
        wattrset(win_bar, term_attr(CLR_FUNCBAR_LABEL));
        x += draw_text(win_bar, 0, x, items[i].label, lw, 0);
        wattrset(win_bar, A_NORMAL);
        if (x < cols) x += draw_text(win_bar, 0, x, " ", 1, 0);
    }
    wattrset(win_bar, term_attr(CLR_FUNCBAR_LABEL));
    if (x < cols) draw_text(win_bar, 0, x, "", cols - x, 1);
    wattrset(win_bar, A_NORMAL);
    wnoutrefresh(win_bar);
}

/* The flash message: one row, or two when it does not fit in one (a
 * refusal and its remedy are read whole, never cut at the 80th column).
 * Two rows cover the body's last row until the message goes; then the
 * body's row is shown again. Called after the body is refreshed. */
static void draw_msg(void)
{
    int width = getmaxx(win_msg) - 2;
    int rows = draw_wrap(NULL, 0, 0, width, 2, msg) > 1 ? 2 : 1;
    if (rows < msg_rows) {   /* the body's last row comes back */
        touchwin(win_body);
        wnoutrefresh(win_body);
    }
    msg_rows = rows;
    WINDOW *mw = rows == 2 ? win_msg2 : win_msg;
    werase(mw);
    wattrset(mw, term_attr(msg_color));
    draw_wrap(mw, 0, 1, width, rows, msg);
    wattrset(mw, A_NORMAL);
    touchwin(mw);
    wnoutrefresh(mw);
    msg_dirty = 0;
}

static void paint(void)
{
    Screen *top = screen_top();
    cursor_win = NULL;
    if (need_full) {
        int first = depth - 1;
        while (first > 0 && stack[first].overlay) first--;
        /* stdscr first: a resize touches it, and wget_wch() would otherwise
         * repaint it (blank) over the other windows. */
        wnoutrefresh(stdscr);
        statusbar_draw(win_status, _(stack[first].title));
        wnoutrefresh(win_status);
        draw_funcbar();
        werase(win_body);
        for (int i = first; i < depth; i++)
            if (stack[i].draw) stack[i].draw(&stack[i], win_body, 1);
        need_full = 0;
        msg_dirty = 1;
    } else {
        if (top->draw) top->draw(top, win_body, 0);
    }
    wnoutrefresh(win_body);
    /* after the body: a message of two rows covers its last row */
    if (msg_dirty || msg_rows == 2) draw_msg();
    if (cursor_win) {
        curs_set(1);
        wmove(cursor_win, cursor_y, cursor_x);
        wnoutrefresh(cursor_win);
    } else {
        curs_set(0);
    }
    doupdate();
}

int screen_run(void)
{
    int small = term_too_small();
    if (!small) make_windows();
    need_full = 1;
    for (;;) {
        int sig = term_signal();
        if (sig) { screen_clear(); free_windows(); return sig; }
        if (small) term_draw_too_small();
        else paint();

        KeyEvent ev;
        int got = keys_read(&ev, TERM_POLL_MS);
        if (idle_fn && idle_fn(idle_ctx)) need_full = 1;
        if (!got) continue;
        if (ev.kind == KEV_KEY && ev.key == K_RESIZE) {
            small = term_too_small();
            if (!small) make_windows();
            need_full = 1;
            continue;
        }
        if (small) { /* only quitting makes sense until it grows */
            if (ev.kind == KEV_KEY && (ev.key == K_F(10) || ev.key == 'q')) break;
            continue;
        }
        if (ev.kind == KEV_KEY && K_IS_BADBYTE(ev.key)) {
            /* the keys around it were typed; this one is only said */
            screen_flash(CLR_WARN, _("An unreadable character (byte %02X) was left out: check the field."), (unsigned)(ev.key & 0xff));
            beep();
            continue;
        }
        if (msg[0]) { msg[0] = '\0'; msg_dirty = 1; }
        int r = ev.kind == KEV_SCAN ? screen_dispatch_scan(ev.text)
                                    : screen_dispatch_key(ev.key);
        if (r & TUI_QUIT) break;
        if (r & TUI_REDRAW) need_full = 1;
        if (r == TUI_UNHANDLED) beep();
    }
    screen_clear();
    free_windows();
    return 0;
}
