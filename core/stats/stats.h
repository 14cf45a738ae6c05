/*
 * stats.h — the dashboard's figures (issue 14): stock by state and
 * category, grades, flows in and out by week and by month over a year, the
 * biggest donors, the share of wipes that succeeded, the median time from
 * receipt to ready, what needs attention, and the carbon avoided by reuse.
 * For this workshop, or the whole region (every workshop whose events this
 * database holds).
 *
 * Everything is read from the table `stats` (db/schema.c, migration 13),
 * which triggers keep up to date in the transaction of each event, and from
 * a partial index of the open allocations: a few hundred rows whatever the
 * stock, so the dashboard opens as fast on a million devices as on ten.
 * The screen (screens/dash.c) and `boucle stats` both call stats_load().
 */
#ifndef BOUCLE_STATS_H
#define BOUCLE_STATS_H
#include <jansson.h>
#include "core/log/ctx.h"
#include "core/vocab/vocab.h"
#include "core/grading/profile.h"
#include <stdint.h>

#define STATS_WEEKS 52          /* this week (from Monday, UTC) and the 51 before */
#define STATS_MONTHS 12         /* this month and the 11 before */
#define STATS_DONORS 5
#define STATS_WAIT_DAYS 7       /* a device waits for a wipe « too long » after a week */
#define STATS_EXPIRING_DAYS 2   /* a reservation expiring today, tomorrow or the day after (or past) */

typedef struct StatsDonor {
    char name[256];
    int64_t n;                  /* devices received from them */
} StatsDonor;

typedef struct Stats {
    int region;                 /* 1: every workshop; 0: this one */
    int64_t workshops;          /* workshops the figures cover */
    int64_t stock[ST__COUNT][CAT__COUNT];   /* devices by state and category */
    int64_t total;              /* every device */
    int64_t grades[COS__COUNT + 1];         /* devices in stock (received to reserved) by grade; [COS__COUNT]: not graded */
    int64_t week_in[STATS_WEEKS], week_out[STATS_WEEKS];   /* oldest first, the last is this week */
    int64_t month_in[STATS_MONTHS], month_out[STATS_MONTHS];
    char week0[11];             /* Monday of the first week, YYYY-MM-DD */
    char month0[8];             /* the first month, YYYY-MM */
    int64_t year_in, year_out;  /* over the 52 weeks */
    StatsDonor donors[STATS_DONORS];
    int ndonors;
    int64_t wipes[WS__COUNT];   /* wipe records by status */
    int64_t ready_n;            /* devices that were made ready */
    int64_t ready_median_days;  /* median whole days from receipt to ready; -1 when none */
    int64_t reservations_expiring, loans_overdue, wipe_waiting;
    double carbon_kg;           /* reused devices × the factor of their category (stats_carbon) */
    int carbon_set;             /* the profile has factors */
} Stats;

/* Fills s for this workshop (region 0) or the region (1), as of now_ms
 * (milliseconds since the epoch, UTC). 0, or -1 with e. */
int stats_load(Ctx *c, int region, int64_t now_ms, Stats *s, Err *e);
/* Loads the grading profile (its [carbon] factors): the one set in the
 * configuration (grading.profile), else the installed default. 0, or -1. */
int stats_profile(Profile *p, Err *e);
/* Sets carbon_kg from the reused devices and the profile's factors. */
void stats_carbon(Stats *s, const Profile *p);
/* Per mille of the wipe records that succeeded; -1 when there are none. */
int stats_wipe_permille(const Stats *s);
/* The figures as JSON (keys in English, stable), with the carbon method. */
json_t *stats_json(const Stats *s, const Profile *p);

#endif
