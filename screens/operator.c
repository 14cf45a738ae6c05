/*
 * operator.c — who is working: pick a name with Up/Down + Enter, or type a
 * new name + Enter to add it. Every event records the operator; the choice
 * is remembered (configuration key ui.operator) for the next start.
 * State: the names (a workshop has a handful: loaded whole, capped) and the
 * new-name field.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/stock/operator.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPS_MAX 64

typedef struct Ops {
    char names[OPS_MAX][OPERATOR_MAX + 1];
    int n, cur;
    FormField field;
    Form form;
} Ops;

static int add_name(void *arg, const char *name)
{
    Ops *o = arg;
    if (o->n == OPS_MAX) return 1;
    snprintf(o->names[o->n++], sizeof o->names[0], "%s", name);
    return 0;
}

static void ops_enter(Screen *s)
{
    Ops *o = s->state;
    Err e = { 0 };
    o->n = 0;
    if (operator_list(app_ctx(), add_name, o, &e) < 0) screen_flash(CLR_ERROR, "%s", e.msg);
    for (int i = 0; i < o->n; i++)
        if (strcmp(o->names[i], app_ctx()->operator) == 0) o->cur = i;
    if (o->cur >= o->n) o->cur = 0;
}

static void ops_draw(Screen *s, WINDOW *w, int full)
{
    Ops *o = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, 1, 2, _("Who is working?"), cols - 4, 0);
    wattrset(w, A_NORMAL);
    int shown = rows - 8, first = 0;
    if (shown < 1) shown = 1;
    if (o->cur >= shown) first = o->cur - shown + 1;
    if (o->n == 0) {
        wattrset(w, term_attr(CLR_DIM));
        draw_text(w, 3, 4, _("No operator yet: type your name below."), cols - 6, 0);
        wattrset(w, A_NORMAL);
    }
    for (int i = first; i < o->n && i - first < shown; i++) {
        wattrset(w, term_attr(i == o->cur && o->field.len == 0 ? CLR_SELECTION : CLR_NORMAL));
        draw_text(w, 3 + i - first, 4, o->names[i], 40, 1);
    }
    wattrset(w, A_NORMAL);
    form_draw(&o->form, w, rows - 4, 2);
}

static int ops_choose(Ops *o);

static int ops_handle(Screen *s, Key k)
{
    Ops *o = s->state;
    if (k == K_UP || k == K_DOWN) {
        if (k == K_UP && o->cur > 0) o->cur--;
        if (k == K_DOWN && o->cur + 1 < o->n) o->cur++;
        return TUI_REDRAW;
    }
    int r = form_handle(&o->form, k);
    if (r & FORM_SUBMIT) return ops_choose(o);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

enum { REQ_CHOOSE = REQ_SCREEN };

static int ops_run(Screen *s, int req)
{
    (void)req;
    return ops_choose(s->state);
}

static void ops_leave(Screen *s) { free(s->state); }

const Action scr_operator_actions[] = {
    { REQ_CHOOSE, { K_ENTER, K_F(2) }, N_("Choose"),
      N_("Work as the name typed (added when new), else as the selected one"), ops_run },
    { 0 }
};

/* Works as the name typed (added when new), else as the selected one. */
static int ops_choose(Ops *o)
{
    Err e = { 0 };
    char name[OPERATOR_MAX * 4 + 1];
    form_text(&o->form, 0, name, sizeof name);
    if (name[0]) {
        if (operator_add(app_ctx(), name, &e) < 0) { screen_flash(CLR_ERROR, "%s", e.msg); return TUI_REDRAW; }
    } else if (o->n > 0) {
        snprintf(name, sizeof name, "%s", o->names[o->cur]);
    } else {
        snprintf(o->field.msg, sizeof o->field.msg, "%s", _("Type a name."));
        return TUI_REDRAW;
    }
    if (app_set_operator(name, &e) < 0) { screen_flash(CLR_ERROR, "%s", e.msg); return TUI_REDRAW; }
    screen_pop();
    screen_flash(CLR_OK, _("Operator: %s"), name);
    return TUI_REDRAW;
}

void scr_operator_open(void)
{
    static const Screen tmpl = {
        .name = "operator", .title = N_("Operator"), .actions = scr_operator_actions,
        .enter = ops_enter, .leave = ops_leave, .draw = ops_draw, .handle = ops_handle,
    };
    Ops *o = calloc(1, sizeof *o);
    if (!o) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    o->field = (FormField){ .kind = FIELD_TEXT, .label = N_("New operator"), .width = 30 };
    form_init(&o->form, &o->field, 1, NULL);
    if (screen_push(&tmpl, o) < 0) free(o);
}
