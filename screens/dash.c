/*
 * dash.c — the dashboard (home, b): stock by state and category, grades,
 * flows in and out over a year (sparklines by week and by month, on one
 * scale), the biggest donors, the share of wipes that succeeded, the median
 * time from receipt to ready, what needs attention and the carbon avoided,
 * for this workshop or (r) the whole region. Fits 80x24.
 * State: the figures (core/stats/stats.h: stats_load(), which reads a
 * projection of a few hundred rows, so the screen opens at once on a
 * million devices) and the scope; reloaded on every enter and toggle.
 */
#include "screens/screens.h"
#include "core/log/hlc.h"
#include "core/stats/stats.h"
#include "tui/draw.h"
#include "tui/glyph.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/progress.h"
#include "util/utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_SCOPE = REQ_SCREEN };

typedef struct Dash {
    Stats s;
    int region;                 /* 1: the whole region */
    int have_prof;
    char source[256];           /* the carbon factors' source, current language */
    char err[1024];
} Dash;

/* Column headings of the categories, at most 6 cells each. */
static const struct { const char *key, *msgid; } CAT_SHORT[CAT__COUNT] = {
    { NC_("dashboard column", "laptop") }, { NC_("dashboard column", "desk.") },
    { NC_("dashboard column", "screen") }, { NC_("dashboard column", "phone") },
    { NC_("dashboard column", "tablet") }, { NC_("dashboard column", "print.") },
    { NC_("dashboard column", "netw.") },  { NC_("dashboard column", "other") },
};

static void dash_load(Dash *d)
{
    Err e = { 0 };
    d->err[0] = '\0';
    if (stats_load(app_ctx(), d->region, hlc_wall_ms(), &d->s, &e) < 0) {
        snprintf(d->err, sizeof d->err, "%s", e.msg);
        return;
    }
    Profile p;
    d->have_prof = stats_profile(&p, &e) == 0;
    stats_carbon(&d->s, d->have_prof ? &p : NULL);
    d->source[0] = '\0';
    if (d->have_prof) {
        snprintf(d->source, sizeof d->source, "%s", profile_carbon_source(&p));
        profile_free(&p);
    }
}

static void dash_enter(Screen *s) { dash_load(s->state); }
static void dash_leave(Screen *s) { free(s->state); }

static void heading(WINDOW *w, int y, int x, const char *t, int cols)
{
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, y, x, t, cols, 0);
    wattrset(w, A_NORMAL);
}

/* A number right-aligned in `width` cells (wider when it must be). */
static void num(WINDOW *w, int y, int x, int width, int64_t n)
{
    char b[32];
    snprintf(b, sizeof b, "%*lld", width, (long long)n);
    draw_text(w, y, x, b, (int)strlen(b), 0);
}

static void rjust(WINDOW *w, int y, int x, int width, const char *t)
{
    int c = utf8_width(t);
    draw_text(w, y, x + (c < width ? width - c : 0), t, width, 0);
}

#define COLW 7      /* a category's column */
#define LBLW 12     /* the state's label */

static void draw_stock(WINDOW *w, const Stats *st, int y)
{
    wattrset(w, term_attr(CLR_HEADER));
    draw_text(w, y, 0, "", getmaxx(w), 1);
    for (int ci = 0; ci < CAT__COUNT; ci++)
        rjust(w, y, 1 + LBLW + ci * COLW, COLW, i18n_ctx(CAT_SHORT[ci].key, CAT_SHORT[ci].msgid));
    rjust(w, y, 1 + LBLW + CAT__COUNT * COLW, 9, _("total"));
    wattrset(w, A_NORMAL);
    for (int s = 0; s < ST__COUNT; s++) {
        int64_t t = 0;
        draw_text(w, y + 1 + s, 1, state_label(s), LBLW, 0);
        for (int ci = 0; ci < CAT__COUNT; ci++) {
            t += st->stock[s][ci];
            if (!st->stock[s][ci]) wattrset(w, term_attr(CLR_DIM));
            num(w, y + 1 + s, 1 + LBLW + ci * COLW, COLW, st->stock[s][ci]);
            wattrset(w, A_NORMAL);
        }
        num(w, y + 1 + s, 1 + LBLW + CAT__COUNT * COLW, 9, t);
    }
}

static void dash_draw(Screen *s, WINDOW *w, int full)
{
    Dash *d = s->state;
    const Stats *st = &d->s;
    int cols = getmaxx(w), half = cols / 2;
    char buf[512], bar[512];
    (void)full;
    werase(w);
    if (d->err[0]) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_wrap(w, 1, 2, cols - 4, 4, d->err);
        wattrset(w, A_NORMAL);
        return;
    }
    /* 0: what is shown */
    if (d->region)
        snprintf(buf, sizeof buf, ngettext("The region: %lld workshop, %lld devices", "The region: %lld workshops, %lld devices",
                                           (unsigned long)st->workshops), (long long)st->workshops, (long long)st->total);
    else
        snprintf(buf, sizeof buf, ngettext("This workshop: %lld device", "This workshop: %lld devices", (unsigned long)st->total),
                 (long long)st->total);
    heading(w, 0, 1, buf, cols - 2);
    /* 1–8: stock by state and category */
    draw_stock(w, st, 1);
    /* 9: grades of the stock */
    snprintf(buf, sizeof buf, _("Grades in stock:  A %lld  B %lld  C %lld  D %lld  not graded %lld"),
             (long long)st->grades[COS_A], (long long)st->grades[COS_B], (long long)st->grades[COS_C],
             (long long)st->grades[COS_D], (long long)st->grades[COS__COUNT]);
    draw_text(w, 9, 1, buf, cols - 2, 0);
    /* 10–12: flows, weeks and months on one scale each */
    int64_t wmax = 0, mmax = 0;
    for (int i = 0; i < STATS_WEEKS; i++) {
        if (st->week_in[i] > wmax) wmax = st->week_in[i];
        if (st->week_out[i] > wmax) wmax = st->week_out[i];
    }
    for (int i = 0; i < STATS_MONTHS; i++) {
        if (st->month_in[i] > mmax) mmax = st->month_in[i];
        if (st->month_out[i] > mmax) mmax = st->month_out[i];
    }
    int xw = 14, xm = xw + STATS_WEEKS + 1;   /* 52 weeks and 12 months end at column 78 */
    heading(w, 10, 1, _("Flows"), LBLW - 1);
    wattrset(w, term_attr(CLR_DIM));
    snprintf(buf, sizeof buf, _("by week since %s"), st->week0);
    draw_text(w, 10, xw, buf, STATS_WEEKS, 0);
    draw_text(w, 10, xm, _("by month"), cols - xm, 0);
    wattrset(w, A_NORMAL);
    const char *lbl[2] = { _("in"), _("out") };
    const int64_t *wk[2] = { st->week_in, st->week_out }, *mo[2] = { st->month_in, st->month_out };
    const int64_t year[2] = { st->year_in, st->year_out };
    for (int k = 0; k < 2; k++) {   /* « in  123456 »: the year's total before its line */
        draw_text(w, 11 + k, 1, lbl[k], 6, 0);
        num(w, 11 + k, 7, 6, year[k]);
        wattrset(w, term_attr(k ? CLR_WARN : CLR_OK));
        draw_text(w, 11 + k, xw, glyph_spark_max(bar, sizeof bar, wk[k], STATS_WEEKS, wmax), STATS_WEEKS, 0);
        draw_text(w, 11 + k, xm, glyph_spark_max(bar, sizeof bar, mo[k], STATS_MONTHS, mmax), STATS_MONTHS, 0);
        wattrset(w, A_NORMAL);
    }
    /* 13–16: donors | needs attention */
    heading(w, 13, 1, _("Biggest donors"), half - 2);
    heading(w, 13, half + 1, _("Needs attention"), cols - half - 2);
    if (!st->ndonors) {
        wattrset(w, term_attr(CLR_DIM));
        draw_text(w, 14, 3, _("No device received yet."), half - 4, 0);
        wattrset(w, A_NORMAL);
    }
    for (int i = 0; i < st->ndonors && i < 3; i++) {
        draw_text_cut(w, 14 + i, 3, st->donors[i].name, half - 21, 0);
        num(w, 14 + i, half - 17, 6, st->donors[i].n);
        wattrset(w, term_attr(CLR_OK));
        draw_text(w, 14 + i, half - 10, glyph_bar(bar, sizeof bar, st->donors[i].n, st->donors[0].n, 8, 0), 8, 0);
        wattrset(w, A_NORMAL);
    }
    const struct { const char *what; int64_t n; } att[3] = {
        { _("reservations expiring"), st->reservations_expiring },
        { _("loans overdue"), st->loans_overdue },
        { _("waiting for a wipe > a week"), st->wipe_waiting },
    };
    for (int i = 0; i < 3; i++) {
        wattrset(w, term_attr(att[i].n ? CLR_WARN : CLR_DIM));
        num(w, 14 + i, half + 1, 6, att[i].n);
        draw_text(w, 14 + i, half + 8, att[i].what, cols - half - 9, 0);
        wattrset(w, A_NORMAL);
    }
    /* 17: wipes | receipt to ready */
    int pm = stats_wipe_permille(st);
    draw_text(w, 17, 1, _("Wipes succeeded"), 20, 0);
    if (pm < 0) {
        wattrset(w, term_attr(CLR_DIM));
        draw_text(w, 17, 22, _("none yet"), half - 23, 0);
    } else {
        wattrset(w, term_attr(CLR_OK));
        draw_text(w, 17, 22, glyph_bar(bar, sizeof bar, pm, 1000, 8, 1), 8, 0);
        wattrset(w, A_NORMAL);
        snprintf(buf, sizeof buf, "%3d %%", (pm + 5) / 10);
        draw_text(w, 17, 31, buf, half - 32, 0);
    }
    wattrset(w, A_NORMAL);
    if (st->ready_median_days < 0) snprintf(buf, sizeof buf, "%s", _("Receipt to ready: none yet"));
    else snprintf(buf, sizeof buf, ngettext("Receipt to ready: median %lld day", "Receipt to ready: median %lld days",
                                            (unsigned long)st->ready_median_days), (long long)st->ready_median_days);
    draw_text(w, 17, half + 1, buf, cols - half - 2, 0);
    /* 18–20: carbon, its source and method */
    int64_t reused = 0;
    for (int i = 0; i < CAT__COUNT; i++) reused += st->stock[ST_REUSED][i];
    char kg[32];
    progress_count(kg, sizeof kg, (int64_t)(st->carbon_kg + 0.5));   /* « 9 771 » */
    if (st->carbon_set)
        snprintf(buf, sizeof buf, ngettext("Carbon avoided: %s kg CO2e, %lld device reused",
                                           "Carbon avoided: %s kg CO2e, %lld devices reused", (unsigned long)reused),
                 kg, (long long)reused);
    else
        snprintf(buf, sizeof buf, "%s", _("Carbon avoided: the grading profile has no carbon factors."));
    heading(w, 18, 1, buf, cols - 2);
    wattrset(w, term_attr(CLR_DIM));
    if (d->source[0]) {
        snprintf(buf, sizeof buf, _("Source: %s"), d->source);
        draw_text_cut(w, 19, 3, buf, cols - 4, 0);
    }
    draw_text_cut(w, 20, 3, _("Method: a reused device avoids the footprint of a new one of its category."), cols - 4, 0);
    wattrset(w, A_NORMAL);
}

static int dash_run(Screen *s, int req)
{
    Dash *d = s->state;
    if (req != REQ_SCOPE) return TUI_UNHANDLED;
    d->region = !d->region;
    dash_load(d);
    return TUI_REDRAW;
}

const Action scr_dash_actions[] = {
    { REQ_SCOPE, { 'r', K_F(2) }, N_("Region"), N_("Show the whole region, or this workshop again"), dash_run },
    { 0 }
};

void scr_dash_open(void)
{
    static const Screen tmpl = {
        .name = "dash", .title = N_("Dashboard"), .actions = scr_dash_actions,
        .enter = dash_enter, .leave = dash_leave, .draw = dash_draw,
    };
    Dash *d = calloc(1, sizeof *d);
    if (!d) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    if (screen_push(&tmpl, d) < 0) free(d);
}
