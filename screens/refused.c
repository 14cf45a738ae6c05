/*
 * refused.c — « Événements refusés »: the events the region sent that were
 * kept in the log without effect (core/log/refusal.h): a grading by a
 * workshop that no longer owned the device, an intake into another
 * workshop's lot, an offer accepted twice… Newest first, one per entry:
 * when, whose, which device, what, and why in words (wrapped, never cut).
 * Reached from the sync screen, where they arrive. Read-only.
 * State: the newest REFUSED_ROWS rows (a ring), the first shown.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/log/kind.h"
#include "core/log/refusal.h"
#include "tui/draw.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REFUSED_ROWS 1000   /* the newest kept; refusals are rare */

typedef struct RefusedScr {
    Refused *rows;          /* a ring, in clock order */
    long long total;
    int n, top, shown;
    char err[1024];
} RefusedScr;

static int add_refused(void *arg, const Refused *r)
{
    RefusedScr *t = arg;
    t->rows[t->total % REFUSED_ROWS] = *r;
    t->total++;
    if (t->n < REFUSED_ROWS) t->n++;
    return 0;
}

/* The i-th shown: newest first. */
static const Refused *nth(const RefusedScr *t, int i) { return &t->rows[(t->total - 1 - i) % REFUSED_ROWS]; }

static void refused_enter(Screen *s)
{
    RefusedScr *t = s->state;
    Err e = { 0 };
    t->n = 0;
    t->total = 0;
    t->err[0] = '\0';
    if (refused_list(app_ctx(), NULL, add_refused, t, &e) < 0) snprintf(t->err, sizeof t->err, "%s", e.msg);
}

static void refused_leave(Screen *s)
{
    RefusedScr *t = s->state;
    free(t->rows);
    free(t);
}

static void refused_draw(Screen *s, WINDOW *w, int full)
{
    RefusedScr *t = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[1024], when[32];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, ngettext("%lld event kept without effect", "%lld events kept without effect",
                                       (unsigned long)t->total), t->total);
    draw_text(w, 0, 1, buf, cols - 2, 1);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 1, 1, cols - 2, 2, _("They stay in the log as they were sent, and change nothing here or anywhere "
                                      "in the region."));
    wattrset(w, A_NORMAL);
    int y = 3;
    if (t->err[0] || !t->n) {
        wattrset(w, term_attr(t->err[0] ? CLR_ERROR : CLR_DIM));
        draw_wrap(w, y, 2, cols - 4, rows - y, t->err[0] ? t->err : _("No event was refused."));
        wattrset(w, A_NORMAL);
        return;
    }
    t->shown = 0;
    for (int i = t->top; i < t->n && y < rows; i++, t->shown++) {
        const Refused *r = nth(t, i);
        hlc_iso(r->hlc, when);
        when[16] = '\0';
        if (when[10] == 'T') when[10] = ' ';
        char ws[WORKSHOP_CODE_MAX + 8], dev[DEVICE_ID_MAX + 8];
        utf8_pad(ws, sizeof ws, r->workshop, 6);
        utf8_pad(dev, sizeof dev, r->device[0] ? r->device : "—", 12);
        snprintf(buf, sizeof buf, "%s  %s %s %s", when, ws, dev, kind_short(r->kind));
        draw_text(w, y++, 1, buf, cols - 2, 0);
        if (y < rows) {
            wattrset(w, term_attr(CLR_WARN));
            y += draw_wrap(w, y, 5, cols - 6, rows - y, r->why);
            wattrset(w, A_NORMAL);
        }
    }
}

static int refused_handle(Screen *s, Key k)
{
    RefusedScr *t = s->state;
    int page = t->shown > 1 ? t->shown - 1 : 1;
    if (k == K_DOWN) t->top++;
    else if (k == K_UP) t->top--;
    else if (k == K_PGDN) t->top += page;
    else if (k == K_PGUP) t->top -= page;
    else if (k == K_HOME) t->top = 0;
    else if (k == K_END) t->top = t->n - 1;
    else return TUI_UNHANDLED;
    if (t->top > t->n - 1) t->top = t->n - 1;
    if (t->top < 0) t->top = 0;
    return TUI_REDRAW;
}

const Action scr_refused_actions[] = { { 0 } };

void scr_refused_open(void)
{
    static const Screen tmpl = {
        .name = "refused", .title = N_("Refused events"), .actions = scr_refused_actions,
        .enter = refused_enter, .leave = refused_leave, .draw = refused_draw, .handle = refused_handle,
    };
    RefusedScr *t = calloc(1, sizeof *t);
    if (t) t->rows = calloc(REFUSED_ROWS, sizeof *t->rows);
    if (!t || !t->rows) { free(t); screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    if (screen_push(&tmpl, t) < 0) refused_leave(&(Screen){ .state = t });
}
