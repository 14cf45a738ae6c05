/*
 * home_goals.c — see home_goals.h. Up to three rows in home's right
 * column, under today's activity:
 *
 *     Semaine : 23/40 prêts ██████░░░░
 *     Semaine : 120/500 kg CO2e ██░░░░░░
 *     Vous : 7 prêts · série : 3 sem.
 *
 * one row per target set; the third row celebrates a milestone passed
 * this week (★ 100 appareils prêts), else tells the streak, the goal met
 * and, when the workshop allows it, the current operator's own count —
 * only theirs, never anyone else's. Bars through tui/glyph.h (ASCII under
 * TERM=linux). The carbon factors come from the grading profile, read once
 * per process.
 */
#include "screens/home_goals.h"
#include "screens/screens.h"
#include "core/log/hlc.h"
#include "tui/draw.h"
#include "tui/glyph.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdio.h>
#include <string.h>

#define BAR_MAX 10   /* cells of a progress bar at most */

static Profile prof;
static int prof_state;   /* 0 not read, 1 read, -1 none */

void home_goals_load(HomeGoals *g)
{
    Err e = { 0 };
    if (!prof_state) prof_state = goals_profile_load(&prof) ? 1 : -1;
    g->ok = goals_view(app_ctx(), hlc_wall_ms(), prof_state > 0 ? &prof : NULL, &g->v, &e) == 0;
}

/* The third row's text ("" when it has nothing to say). */
static void extra_text(const GoalsView *v, char *out, size_t n)
{
    out[0] = '\0';
    if (v->milestone_ready)
        snprintf(out, n, _("%s %d devices made ready: well done!"), glyph(GL_STAR), v->milestone_ready);
    else if (v->milestone_co2_t)
        snprintf(out, n, _("%s %d t CO2e avoided: well done!"), glyph(GL_STAR), v->milestone_co2_t);
    else if (v->own && v->streak)
        snprintf(out, n, ngettext("You: %lld ready · streak: %d wk", "You: %lld ready · streak: %d wk",
                                  (unsigned long)v->own_ready), v->own_ready, v->streak);
    else if (v->own)
        snprintf(out, n, ngettext("You: %lld made ready this week", "You: %lld made ready this week",
                                  (unsigned long)v->own_ready), v->own_ready);
    else if (v->streak)
        snprintf(out, n, ngettext("Streak: %d week of goals met", "Streak: %d weeks of goals met",
                                  (unsigned long)v->streak), v->streak);
}

int home_goals_rows(const HomeGoals *g)
{
    if (!g->ok || !g->v.set.enabled) return 0;
    char extra[256];
    extra_text(&g->v, extra, sizeof extra);
    return (g->v.set.ready > 0) + (g->v.set.co2_kg > 0) + (extra[0] != '\0');
}

/* "text ██████░░░░ ✓": the text, then a bar in what is left (up to
 * BAR_MAX cells, none under 3), then a check once reached. */
static void bar_row(WINDOW *w, int y, int x, int cols, const char *text, long long value, long long max)
{
    char bar[3 * BAR_MAX + 1], line[512];
    int reached = value >= max, tw = utf8_width(text);
    int bw = cols - tw - 1 - (reached ? 2 : 0);
    if (bw > BAR_MAX) bw = BAR_MAX;
    if (bw >= 3) {
        glyph_bar(bar, sizeof bar, value, max, bw, 1);
        snprintf(line, sizeof line, "%s %s%s%s", text, bar, reached ? " " : "", reached ? glyph(GL_CHECK) : "");
    } else snprintf(line, sizeof line, "%s", text);
    wattrset(w, term_attr(reached ? CLR_OK : CLR_NORMAL));
    draw_text_cut(w, y, x, line, cols, 0);
    wattrset(w, A_NORMAL);
}

void home_goals_draw(const HomeGoals *g, WINDOW *w, int y, int x, int cols)
{
    if (!home_goals_rows(g)) return;
    const GoalsView *v = &g->v;
    char text[256];
    if (v->set.ready > 0) {
        snprintf(text, sizeof text, _("Week: %lld/%lld ready"), v->now.ready, v->set.ready);
        bar_row(w, y++, x, cols, text, v->now.ready, v->set.ready);
    }
    if (v->set.co2_kg > 0) {
        snprintf(text, sizeof text, _("Week: %lld/%lld kg CO2e"), (v->now.co2_g + 500) / 1000, v->set.co2_kg);
        bar_row(w, y++, x, cols, text, v->now.co2_g, v->set.co2_kg * 1000);
    }
    extra_text(v, text, sizeof text);
    if (!text[0]) return;
    wattrset(w, term_attr(v->milestone_ready || v->milestone_co2_t ? CLR_OK : CLR_NORMAL));
    draw_text_cut(w, y, x, text, cols, 0);
    wattrset(w, A_NORMAL);
}
