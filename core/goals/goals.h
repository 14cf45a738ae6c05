/*
 * goals.h — team goals, opt-in (issue 14): a workshop may switch on weekly
 * targets (devices made ready, kg CO2e avoided), and the home screen then
 * shows the week's progress, the streak and the milestones. Celebration,
 * not surveillance: the figures are the team's; an operator sees their own
 * count only when the workshop allows it, and never anyone else's, never a
 * ranking.
 *
 * The settings are a synced event (workshop.goals, core/log/apply_goals.c),
 * so that every PC of the workshop agrees and a rebuild replays them. Off
 * until a workshop switches them on: nothing changes on home before.
 *
 * The counts (core/log/apply_goals.c) are the first time each device
 * reached « ready » (made ready) and « reused » (its category's ADEME
 * factor, from the grading profile, is the carbon avoided), by this
 * workshop, in the local week (Monday to Sunday) of the event. A week's
 * goal is met when every target set (> 0) is reached; the streak is the
 * run of weeks met before this one, plus this one once met. A milestone
 * (100, 500, 1000 devices made ready; 1 t, 10 t CO2e avoided) is shown
 * during the week it is passed, once.
 */
#ifndef BOUCLE_GOALS_H
#define BOUCLE_GOALS_H
#include "core/log/ctx.h"
#include "core/log/week.h"
#include "core/grading/profile.h"
#include "util/err.h"
#include <stdint.h>

typedef struct GoalSettings {
    int enabled;                    /* the workshop opted in */
    long long ready;                /* devices made ready a week, 0 no target */
    long long co2_kg;               /* kg CO2e avoided a week, 0 no target */
    int individual;                 /* each operator may see their own count */
    int set;                        /* a workshop.goals event exists (else all 0) */
} GoalSettings;

/* One week's sums for the workshop. */
typedef struct GoalWeek {
    char week[WEEK_MAX];            /* its Monday */
    long long ready;                /* devices made ready */
    long long co2_g;                /* g CO2e avoided (reused × factor) */
} GoalWeek;

typedef struct GoalsView {
    GoalSettings set;
    GoalWeek now;                   /* this week */
    int met;                        /* this week's goal is met */
    int streak;                     /* weeks met in a row, up to this one */
    long long total_ready, total_co2_g;   /* since the start, up to this week */
    int milestone_ready;            /* 100, 500 or 1000 passed this week, else 0 */
    int milestone_co2_t;            /* 1 or 10 (tonnes) passed this week, else 0 */
    int own;                        /* the figures below are given (allowed, operator known) */
    long long own_ready, own_co2_g; /* this week, the current operator's own */
    int carbon;                     /* the profile gives carbon factors */
} GoalsView;

/* The settings of this workshop (all 0, set 0, when never set). 0 or -1. */
int goals_get(Ctx *c, GoalSettings *out, Err *e);
/* Records new settings (a workshop.goals event of this workshop). Refuses,
 * nothing recorded, a target out of [0, GOALS_TARGET_MAX] or goals
 * switched on without any target. 0 or -1. */
int goals_set(Ctx *c, const GoalSettings *g, Err *e);
/* The figures of the week holding now_ms for this workshop, and the
 * current operator's own when the workshop allows it. prof may be NULL
 * (no carbon then). Reads the goals' few rows per week: constant time in
 * the size of the stock. 0 or -1. */
int goals_view(Ctx *c, int64_t now_ms, const Profile *prof, GoalsView *v, Err *e);

/* Loads the grading profile this PC uses (boucle.conf grading.profile,
 * else the installed one), for its carbon factors: 1, or 0 when none could
 * be read (p is then empty; profile_free it either way). */
int goals_profile_load(Profile *p);

/* Whether a week met the targets (at least one target set). */
int goals_week_met(const GoalSettings *g, const GoalWeek *w);
/* The streak ending at week `now` (weeks newest first, at most one per
 * week, none after now): the weeks met in a row before now, plus now when
 * met. */
int goals_streak(const GoalSettings *g, const GoalWeek *weeks, int n, const char *now);
/* The milestone passed between before and after (the highest of
 * `steps`, n of them, ascending), 0 when none. */
long long goals_milestone(long long before, long long after, const long long *steps, int n);

#endif
