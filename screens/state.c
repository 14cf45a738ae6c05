/*
 * state.c — changing a device's state from the device screen (t): every
 * state it could go to, in the order of the list of states, those the rules
 * allow now selectable and the others dimmed with why (core/grading/
 * state_change.h, the same rules and words as `boucle device state`), and
 * an optional note. Up/Down choose, typed text goes to the note, Enter (or
 * F2) saves: the event is appended, the screen closes and the device screen
 * below reloads. A refused state may be chosen to read its whole reason;
 * saving it is refused with that reason and changes nothing.
 *
 * State: the device, its options (reloaded on enter), the cursor, the note.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "screens/state.h"
#include "core/grading/state_change.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPT_TOP 3      /* body row of the first state */
#define LABEL_W 14     /* columns of a state's name: « in progress », « réemployé » */

typedef struct StateScreen {
    Device d;
    StateOption opt[ST__COUNT];
    int n, cur;
    FormField note_f[1];
    Form form;
    char err[1024];    /* the device or its options could not be read */
} StateScreen;

static void state_enter(Screen *s)
{
    StateScreen *t = s->state;
    Err e = { 0 };
    t->err[0] = '\0';
    t->n = 0;
    int r = device_get(app_ctx(), t->d.id, &t->d, &e);
    if (r == 0) snprintf(t->err, sizeof t->err, _("Unknown device %s."), t->d.id);
    else if (r < 0 || (t->n = device_state_options(app_ctx(), &t->d, t->opt, &e)) < 0) {
        snprintf(t->err, sizeof t->err, "%s", e.msg);
        t->n = 0;
    }
    /* on the first change allowed: the one most often wanted is offered */
    t->cur = 0;
    for (int i = 0; i < t->n; i++)
        if (t->opt[i].allowed) { t->cur = i; break; }
}

static void state_leave(Screen *s) { free(s->state); }

static void state_draw(Screen *s, WINDOW *w, int full)
{
    StateScreen *t = s->state;
    int cols = getmaxx(w), rows = getmaxy(w);
    char buf[512];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Change the state of %s  %s %s"), t->d.id, t->d.make, t->d.model);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    if (t->err[0]) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_wrap(w, 2, 2, cols - 4, 3, t->err);
        wattrset(w, A_NORMAL);
        return;
    }
    snprintf(buf, sizeof buf, _("Now: %s"), state_label(t->d.state));
    draw_text(w, 1, 2, buf, cols - 4, 0);
    wattrset(w, term_attr(CLR_HEADER));
    draw_text(w, OPT_TOP - 1, 0, _("New state"), cols, 1);
    for (int i = 0; i < t->n; i++) {
        const StateOption *o = &t->opt[i];
        int y = OPT_TOP + i;
        wattrset(w, i == t->cur ? term_attr(CLR_SELECTION) : o->allowed ? A_NORMAL : term_attr(CLR_DIM));
        draw_text(w, y, 1, "", cols - 2, 1);
        draw_cell(w, y, 2, state_label(o->to), LABEL_W);
        /* a refused one says why, so that it reads without colour too */
        if (!o->allowed) draw_cell(w, y, 2 + LABEL_W + 1, o->why, cols - LABEL_W - 5);
    }
    int y = OPT_TOP + t->n + 1;
    if (t->n) {
        const StateOption *o = &t->opt[t->cur];
        if (o->allowed) {
            wattrset(w, term_attr(CLR_OK));
            snprintf(buf, sizeof buf, _("Enter changes the state to « %s »."), state_label(o->to));
            draw_wrap(w, y, 2, cols - 4, 3, buf);
        } else {
            wattrset(w, term_attr(CLR_WARN));
            draw_wrap(w, y, 2, cols - 4, 3, o->why);
        }
    }
    wattrset(w, A_NORMAL);
    form_draw(&t->form, w, y + 4, 2);
    wattrset(w, term_attr(CLR_DIM));
    if (y + 7 < rows)
        draw_wrap(w, y + 7, 2, cols - 4, 2, _("Up and Down choose the state, the note is optional; Enter saves, Esc goes back."));
    wattrset(w, A_NORMAL);
}

static int save(StateScreen *t)
{
    if (!t->n) return TUI_REDRAW;
    const StateOption *o = &t->opt[t->cur];
    if (!o->allowed) {
        screen_flash(CLR_WARN, "%s", o->why);
        return TUI_REDRAW;
    }
    char note[FORM_TEXT_MAX * 4 + 1], id[DEVICE_ID_MAX];
    Err e = { 0 };
    StateId to = o->to;
    form_text(&t->form, 0, note, sizeof note);
    if (device_change_state(app_ctx(), t->d.id, state_key(to), note, &e) < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        state_enter(&(Screen){ .state = t });   /* the facts may have changed meanwhile */
        return TUI_REDRAW;
    }
    snprintf(id, sizeof id, "%s", t->d.id);
    screen_pop();   /* frees t; the device screen reloads */
    screen_flash(CLR_OK, _("%s is now « %s »."), id, state_label(to));
    return TUI_REDRAW;
}

static int state_handle(Screen *s, Key k)
{
    StateScreen *t = s->state;
    int c = t->cur;
    if (k == K_DOWN) c++;
    else if (k == K_UP) c--;
    else if (k == K_HOME || k == K_PGUP) c = 0;
    else if (k == K_END || k == K_PGDN) c = t->n - 1;
    else {
        int r = form_handle(&t->form, k);
        if (r & FORM_SUBMIT) return save(t);
        return r ? TUI_REDRAW : TUI_UNHANDLED;
    }
    if (c > t->n - 1) c = t->n - 1;
    if (c < 0) c = 0;
    t->cur = c;
    return TUI_REDRAW;
}

enum { REQ_SAVE = REQ_SCREEN };

static int state_run(Screen *s, int req)
{
    (void)req;
    return save(s->state);
}

const Action scr_state_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Save"), N_("Change the state to the one chosen, with the note"), state_run },
    { 0 }
};

void scr_state_open(const char *device_id)
{
    static const Screen tmpl = {
        .name = "state", .title = N_("Change of state"), .actions = scr_state_actions,
        .enter = state_enter, .leave = state_leave, .draw = state_draw, .handle = state_handle,
    };
    StateScreen *t = calloc(1, sizeof *t);
    if (!t) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    snprintf(t->d.id, sizeof t->d.id, "%s", device_id);
    t->note_f[0] = (FormField){ .kind = FIELD_TEXT, .label = N_("Note"), .width = 50 };
    form_init(&t->form, t->note_f, 1, t);
    if (screen_push(&tmpl, t) < 0) free(t);
}
