/*
 * help.c — see help.h. State: the generated lines and the first one shown.
 */
#include "tui/help.h"
#include "tui/draw.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdlib.h>
#include <stdio.h>

#define HELP_MAX 64

typedef struct HelpState {
    HelpLine lines[HELP_MAX];
    int n;              /* lines in use */
    int top;            /* first line shown */
    char title[128];    /* title of the screen described */
} HelpState;

static void help_draw(Screen *s, WINDOW *w, int full)
{
    HelpState *h = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    char head[192];
    snprintf(head, sizeof head, _("Keys of the screen \"%s\""), h->title);
    draw_text(w, 0, 1, head, cols - 2, 0);
    wattrset(w, A_NORMAL);
    /* a help line longer than the window wraps under its own column
     * instead of being cut: every word of it is the user's to read */
    for (int y = 2, i = h->top; y < rows && i < h->n; i++) {
        wattrset(w, term_attr(CLR_FUNCBAR_KEY));
        draw_text(w, y, 2, h->lines[i].keys, 16, 1);
        wattrset(w, A_NORMAL);
        int used = draw_wrap(w, y, 19, cols - 20, rows - y, h->lines[i].text);
        y += used > 0 ? used : 1;
    }
}

static int help_close(Screen *s, int req)
{
    (void)s; (void)req;
    screen_pop();
    return TUI_REDRAW;
}

static int help_handle(Screen *s, Key k)
{
    HelpState *h = s->state;
    int page = LINES - 6;
    if (page < 1) page = 1;
    int old = h->top;
    if (k == K_DOWN || k == 'j') h->top++;
    else if (k == K_UP || k == 'k') h->top--;
    else if (k == K_PGDN || k == ' ') h->top += page;
    else if (k == K_PGUP) h->top -= page;
    else if (k == K_ENTER || k == 'q' || k == K_F(1) || k == '?') return help_close(s, REQ_BACK);
    else return TUI_UNHANDLED;
    if (h->top > h->n - 1) h->top = h->n - 1;
    if (h->top < 0) h->top = 0;
    return h->top != old ? TUI_REDRAW : TUI_HANDLED;
}

static void help_leave(Screen *s)
{
    free(s->state);
}

static int (*guides_fn)(Screen *covered);   /* help_set_guides() */

void help_set_guides(int (*fn)(Screen *covered)) { guides_fn = fn; }

enum { REQ_HELP_GUIDES = REQ_SCREEN };

static int help_guides(Screen *s, int req)
{
    (void)req;
    Screen *covered = screen_below(s);
    screen_pop();
    if (guides_fn) guides_fn(covered);
    return TUI_REDRAW;
}

static const Action help_actions[] = {
    { REQ_BACK, { K_ESC }, N_("Close"), N_("Close the help"), help_close },
    { 0 }
};

static const Action help_actions_guides[] = {
    { REQ_HELP_GUIDES, { 'g' }, N_("Guides"), N_("Guides: how to grade, wipe categories, the law, labels, sync"), help_guides },
    { REQ_BACK, { K_ESC }, N_("Close"), N_("Close the help"), help_close },
    { 0 }
};

void help_open(Screen *s)
{
    HelpState *h = calloc(1, sizeof *h);
    if (!h) return;
    snprintf(h->title, sizeof h->title, "%s", s && s->title ? _(s->title) : "");
    h->n = help_build(s ? s->actions : NULL, screen_global_actions(),
                      screen_skip_mask() & ~(1u << REQ_BACK), h->lines, HELP_MAX);
    if (guides_fn && h->n < HELP_MAX) {    /* the way on, listed last */
        snprintf(h->lines[h->n].keys, sizeof h->lines[h->n].keys, "g");
        h->lines[h->n++].text = _(help_actions_guides[0].help);
    }
    Screen tmpl = {
        .name = "help", .title = N_("Help"), .actions = guides_fn ? help_actions_guides : help_actions,
        .draw = help_draw, .handle = help_handle, .leave = help_leave,
    };
    if (screen_push(&tmpl, h) < 0) free(h);
}
