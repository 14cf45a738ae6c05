/*
 * goals.c — the workshop's team goals, a form opened from home (g): on or
 * off, the weekly targets (devices made ready, kg CO2e avoided) and
 * whether each operator may see their own count. Enter records them
 * through goals_set() (core/goals/goals.h), as the command line does: one
 * synced event, so every PC of the workshop shows the same goals. Back on
 * home, the right column shows the week's progress when they are on.
 *
 * The form opens with the current settings, or, never set, « On » with a
 * suggested 20 devices a week (nothing is recorded until Enter). A bad
 * number is refused under its field; what core/ refuses (on without any
 * target) is flashed, nothing recorded.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/goals/goals.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>

enum { F_ON, F_READY, F_CO2, F_INDIV, F_N };

/* choice 0 is « on » / « allowed » */
static const char *const ON_OFF[] = { N_("On"), N_("Off"), NULL };
static const char *const INDIV[] = { N_("Team only"), N_("Each their own"), NULL };

/* A first suggestion when the workshop never set its goals. */
#define SUGGESTED_READY 20

typedef struct Goals {
    FormField fields[F_N];
    Form form;
} Goals;

static void goals_draw(Screen *s, WINDOW *w, int full)
{
    Goals *g = s->state;
    int cols = getmaxx(w);
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    draw_text_cut(w, 1, 2, _("Team goals of the week"), cols - 4, 0);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 2, 2, cols - 4, 2,
              _("Celebration, not surveillance: the home screen shows the team's week, its streak and milestones."));
    wattrset(w, A_NORMAL);
    form_draw(&g->form, w, 5, 2);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 5 + 2 * F_N, 2, cols - 4, 4,
              _("A target of 0 is no target. « Each their own »: every operator also sees their own count "
                "of the week, and nobody else's; never a ranking. Every computer of the workshop gets "
                "these settings at the next sync."));
    wattrset(w, A_NORMAL);
}

static int goals_save(Goals *g)
{
    GoalSettings set = {
        .enabled = g->fields[F_ON].choice == 0,
        .ready = form_number(&g->form, F_READY),
        .co2_kg = form_number(&g->form, F_CO2),
        .individual = g->fields[F_INDIV].choice == 1,
    };
    Err e = { 0 };
    if (goals_set(app_ctx(), &set, &e) < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        return TUI_REDRAW;
    }
    screen_pop();          /* frees g */
    screen_flash(CLR_OK, "%s", set.enabled ? _("Team goals recorded: the home screen shows the week.")
                                           : _("Team goals off: the home screen no longer shows them."));
    return TUI_REDRAW;
}

static int goals_handle(Screen *s, Key k)
{
    Goals *g = s->state;
    int r = form_handle(&g->form, k);
    if (r & FORM_SUBMIT) return goals_save(g);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

enum { REQ_SAVE = REQ_SCREEN };

static int goals_run(Screen *s, int req)
{
    Goals *g = s->state;
    (void)req;
    return form_submit(&g->form) & FORM_SUBMIT ? goals_save(g) : TUI_REDRAW;
}

static void goals_leave(Screen *s) { free(s->state); }

const Action scr_goals_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Record"), N_("Record the team goals and go back home"), goals_run },
    { 0 }
};

void scr_goals_open(void)
{
    static const Screen tmpl = {
        .name = "goals", .title = N_("Team goals"), .actions = scr_goals_actions,
        .leave = goals_leave, .draw = goals_draw, .handle = goals_handle,
    };
    GoalSettings cur;
    Err e = { 0 };
    if (goals_get(app_ctx(), &cur, &e) < 0) { screen_flash(CLR_ERROR, "%s", e.msg); return; }
    Goals *g = calloc(1, sizeof *g);
    if (!g) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    g->fields[F_ON] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Team goals"), .width = 14, .choices = ON_OFF };
    g->fields[F_READY] = (FormField){ .kind = FIELD_NUMBER, .label = N_("Devices made ready a week"), .width = 8,
                                      .min = 0, .max = GOALS_TARGET_MAX };
    g->fields[F_CO2] = (FormField){ .kind = FIELD_NUMBER, .label = N_("kg CO2e avoided a week"), .width = 8,
                                    .min = 0, .max = GOALS_TARGET_MAX };
    g->fields[F_INDIV] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Individual figures"), .width = 18,
                                      .choices = INDIV };
    form_init(&g->form, g->fields, F_N, g);
    char n[32];
    if (!cur.set) cur.ready = SUGGESTED_READY;
    g->fields[F_ON].choice = !cur.enabled;   /* as they are: off until someone switches them on */
    snprintf(n, sizeof n, "%lld", cur.ready);
    form_set_text(&g->form, F_READY, n);
    snprintf(n, sizeof n, "%lld", cur.co2_kg);
    form_set_text(&g->form, F_CO2, n);
    g->fields[F_INDIV].choice = cur.individual ? 1 : 0;
    if (screen_push(&tmpl, g) < 0) free(g);
}
