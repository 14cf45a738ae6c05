/*
 * dialog.c — see dialog.h. State: the copied texts, the callback, whether it
 * is a question.
 */
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <wctype.h>

typedef struct Dialog {
    char title[160];
    char text[1024];
    TermColor color;     /* colour of the title */
    int question;        /* yes/no box, else a message box */
    int danger;          /* what cannot be undone: Enter does not answer yes */
    DialogAnswer cb;
    void *ctx;
} Dialog;

/* The first character of a translated one-letter key. */
static Key letter(const char *s)
{
    wchar_t wc;
    return mbtowc(&wc, s, MB_CUR_MAX) > 0 ? (Key)wc : K_NONE;
}

int dialog_answer_key(Key k)
{
    /* TRANSLATORS: the key that answers "yes" in a question box. */
    Key y = letter(_("y"));
    /* TRANSLATORS: the key that answers "no" in a question box. */
    Key n = letter(_("n"));
    if (k == K_ENTER) return 1;
    if (k == K_ESC) return 0;
    if (!keys_printable(k)) return -1;
    Key lk = (Key)towlower((wint_t)k);
    if (lk == y) return 1;
    if (lk == n) return 0;
    return -1;
}

static void dialog_draw(Screen *s, WINDOW *w, int full)
{
    Dialog *d = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    (void)full;
    int bw = cols - 8 > 60 ? 60 : cols - 8;
    int th = draw_wrap(NULL, 0, 0, bw - 4, rows - 6, d->text);
    int bh = th + (d->question ? 6 : 5);
    int by = (rows - bh) / 2, bx = (cols - bw) / 2;
    if (by < 0) by = 0;
    wattrset(w, term_attr(CLR_DIALOG));
    for (int y = 0; y < bh; y++) draw_text(w, by + y, bx, "", bw, 1);
    mvwhline(w, by, bx + 1, ACS_HLINE, bw - 2);
    mvwhline(w, by + bh - 1, bx + 1, ACS_HLINE, bw - 2);
    mvwvline(w, by + 1, bx, ACS_VLINE, bh - 2);
    mvwvline(w, by + 1, bx + bw - 1, ACS_VLINE, bh - 2);
    mvwaddch(w, by, bx, ACS_ULCORNER);
    mvwaddch(w, by, bx + bw - 1, ACS_URCORNER);
    mvwaddch(w, by + bh - 1, bx, ACS_LLCORNER);
    mvwaddch(w, by + bh - 1, bx + bw - 1, ACS_LRCORNER);
    wattrset(w, term_attr(d->color) | A_BOLD);
    draw_text(w, by + 1, bx + 2, d->title, bw - 4, 0);
    wattrset(w, term_attr(CLR_DIALOG));
    draw_wrap(w, by + 3, bx + 2, bw - 4, th, d->text);
    const char *hint = !d->question ? _("Press Enter to close.")
                     : d->danger  ? _("[Y]es / [N]o   (Esc = no)") : _("[Y]es / [N]o   (Enter = yes, Esc = no)");
    draw_text(w, by + bh - 2, bx + 2, hint, bw - 4, 0);
    wattrset(w, A_NORMAL);
}

static int dialog_handle(Screen *s, Key k)
{
    Dialog *d = s->state;
    int yes;
    if (d->question) yes = d->danger && k == K_ENTER ? -1 : dialog_answer_key(k);
    else yes = (k == K_ENTER || k == K_ESC || k == ' ') ? 1 : -1;
    if (yes < 0) return TUI_HANDLED; /* a modal box swallows other keys */
    DialogAnswer cb = d->cb;
    void *ctx = d->ctx;
    screen_pop(); /* frees d */
    if (cb) cb(ctx, yes);
    return TUI_REDRAW;
}

static int dialog_scan(Screen *s, const char *text)
{
    (void)s; (void)text;
    return TUI_HANDLED;
}

static void dialog_leave(Screen *s)
{
    free(s->state);
}

static int open_box(const char *title, const char *text, TermColor c, int question,
                    DialogAnswer cb, void *ctx)
{
    Dialog *d = calloc(1, sizeof *d);
    if (!d) return -1;
    snprintf(d->title, sizeof d->title, "%s", title);
    snprintf(d->text, sizeof d->text, "%s", text);
    d->color = c;
    d->question = question;
    d->cb = cb;
    d->ctx = ctx;
    Screen tmpl = {
        .name = "dialog", .title = "", .overlay = 1,
        .draw = dialog_draw, .handle = dialog_handle, .on_scan = dialog_scan,
        .leave = dialog_leave,
    };
    if (screen_push(&tmpl, d) < 0) { free(d); return -1; }
    return 0;
}

int dialog_confirm(const char *title, const char *text, DialogAnswer cb, void *ctx)
{
    return open_box(title, text, CLR_DIALOG, 1, cb, ctx);
}

int dialog_confirm_danger(const char *title, const char *text, DialogAnswer cb, void *ctx)
{
    if (open_box(title, text, CLR_DIALOG, 1, cb, ctx) < 0) return -1;
    Dialog *d = screen_top()->state;
    d->danger = 1;
    return 0;
}

int dialog_message(TermColor c, const char *title, const char *text)
{
    return open_box(title, text, c, 0, NULL, NULL);
}
