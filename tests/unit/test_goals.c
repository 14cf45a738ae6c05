/*
 * test_goals.c — team goals, opt-in (core/goals/goals.h, core/log/week.h,
 * core/log/apply_goals.c): local weeks on explicit dates (Paris, its
 * changes of time, a year's end), the streak and milestones as pure
 * functions, off by default, the settings' refusals, the week's figures
 * from events dated in past weeks (devices made ready, CO2e of the reused
 * with the default profile's ADEME factors), the operator's own figure
 * only when allowed, a rebuild that agrees, another workshop's goals event
 * refused and a malformed one kept out.
 */
#include "core/goals/goals.h"
#include "core/log/dump.h"
#include "core/log/event.h"
#include "core/log/hlc.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/operator.h"
#include "tests/unit/support.h"
#include "tests/unit/t.h"
#include <stdlib.h>
#include <time.h>

static const char *top(void) { const char *t = getenv("BOUCLE_TOP"); return t ? t : "."; }

static void paris(void)
{
    setenv("TZ", "Europe/Paris", 1);
    tzset();
}

/* ms of a local date and time "YYYY-MM-DD", hour h */
static int64_t local_ms(const char *date, int h, int min)
{
    struct tm tm = { 0 };
    sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = h;
    tm.tm_min = min;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm) * 1000;
}

/* 1. the Monday of a local week, whatever the day, hour, time change or year */
TEST(week_of_dates)
{
    char w[WEEK_MAX];
    paris();
    week_of_ms(local_ms("2026-11-30", 0, 0), w);   /* a Monday, midnight */
    CHECK_STR(w, "2026-11-30");
    week_of_ms(local_ms("2026-12-06", 23, 59), w);  /* its Sunday, late */
    CHECK_STR(w, "2026-11-30");
    week_of_ms(local_ms("2026-12-07", 0, 1), w);
    CHECK_STR(w, "2026-12-07");
    /* 2026-12-06 23:30 UTC is Monday 00:30 in Paris: the local week */
    week_of_ms(1796599800000LL, w);
    CHECK_STR(w, "2026-12-07");
    week_of_ms(local_ms("2026-01-01", 12, 0), w);   /* a Thursday: the week began in 2025 */
    CHECK_STR(w, "2025-12-29");
    week_of_ms(local_ms("2026-03-29", 23, 0), w);   /* the Sunday clocks go forward */
    CHECK_STR(w, "2026-03-23");
    week_of_ms(local_ms("2026-10-25", 2, 30), w);   /* the Sunday clocks go back */
    CHECK_STR(w, "2026-10-19");
    CHECK_INT(week_shift("2026-03-23", 1, w), 0);
    CHECK_STR(w, "2026-03-30");
    CHECK_INT(week_shift("2026-01-05", -2, w), 0);
    CHECK_STR(w, "2025-12-22");
    CHECK_INT(week_shift("2026-10-19", 1, w), 0);
    CHECK_STR(w, "2026-10-26");
    CHECK_INT(week_shift("2026-13-01", 1, w), -1);
    CHECK_STR(w, "");
    CHECK_INT(week_shift("2026-1-5", 1, w), -1);
    CHECK_INT(week_shift("2026-01-05x", 1, w), -1);
    CHECK_INT(week_shift("", 1, w), -1);
    CHECK_INT(week_shift(NULL, 1, w), -1);
}

/* 2. the streak: weeks met in a row before now, plus now once met; a week
 * without a row is a week with nothing; a week after now is ignored */
TEST(streak_and_milestones)
{
    GoalSettings g = { .enabled = 1, .ready = 10 };
    GoalWeek w[] = {
        { "2026-12-14", 50, 0 },   /* after now (a clock ahead) */
        { "2026-11-30", 4, 0 },    /* now, not met yet */
        { "2026-11-23", 10, 0 },
        { "2026-11-16", 12, 0 },
        { "2026-11-09", 9, 0 },    /* missed */
        { "2026-11-02", 30, 0 },
    };
    CHECK_INT(goals_streak(&g, w, 6, "2026-11-30"), 2);
    w[1].ready = 10;
    CHECK_INT(goals_streak(&g, w, 6, "2026-11-30"), 3);
    CHECK_INT(goals_streak(&g, w + 2, 4, "2026-11-30"), 2);   /* nothing yet this week */
    CHECK_INT(goals_streak(&g, w + 3, 3, "2026-11-30"), 0);   /* last week had nothing */
    CHECK_INT(goals_streak(&g, w, 0, "2026-11-30"), 0);
    /* both targets: each must be reached */
    GoalSettings both = { .enabled = 1, .ready = 10, .co2_kg = 100 };
    GoalWeek a = { "2026-11-30", 10, 99999 }, b = { "2026-11-30", 10, 100000 };
    CHECK_INT(goals_week_met(&both, &a), 0);
    CHECK_INT(goals_week_met(&both, &b), 1);
    GoalSettings none = { .enabled = 1 };
    CHECK_INT(goals_week_met(&none, &b), 0);
    /* milestones: the highest passed, once */
    static const long long steps[] = { 100, 500, 1000 };
    CHECK_INT(goals_milestone(90, 120, steps, 3), 100);
    CHECK_INT(goals_milestone(100, 120, steps, 3), 0);
    CHECK_INT(goals_milestone(99, 100, steps, 3), 100);
    CHECK_INT(goals_milestone(90, 1200, steps, 3), 1000);
    CHECK_INT(goals_milestone(0, 0, steps, 3), 0);
}

/* 3. off by default; the refusals write nothing; the newest settings hold */
TEST(settings_off_by_default)
{
    Ctx c;
    Err e = { 0 };
    GoalSettings g;
    CHECK(support_ctx(&c, "g3.db", "GRE1") == 0);
    CHECK_INT(goals_get(&c, &g, &e), 0);
    CHECK_INT(g.set, 0);
    CHECK_INT(g.enabled, 0);
    GoalsView v;
    CHECK_INT(goals_view(&c, hlc_wall_ms(), NULL, &v, &e), 0);
    CHECK_INT(v.set.enabled, 0);
    CHECK_INT(v.now.ready, 0);
    GoalSettings bad = { .enabled = 1 };
    CHECK_INT(goals_set(&c, &bad, &e), -1);
    CHECK_CONTAINS(e.msg, "at least one weekly target");
    bad.ready = GOALS_TARGET_MAX + 1LL;
    CHECK_INT(goals_set(&c, &bad, &e), -1);
    bad.ready = -1;
    CHECK_INT(goals_set(&c, &bad, &e), -1);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'workshop.goals'"), "0");
    GoalSettings on = { .enabled = 1, .ready = 40, .co2_kg = 500, .individual = 1 };
    CHECK_INT(goals_set(&c, &on, &e), 0);
    CHECK_INT(goals_get(&c, &g, &e), 0);
    CHECK_INT(g.set, 1);
    CHECK_INT(g.enabled, 1);
    CHECK_INT(g.ready, 40);
    CHECK_INT(g.co2_kg, 500);
    CHECK_INT(g.individual, 1);
    GoalSettings off = { .enabled = 0, .ready = 40 };   /* off needs no target */
    CHECK_INT(goals_set(&c, &off, &e), 0);
    CHECK_INT(goals_get(&c, &g, &e), 0);
    CHECK_INT(g.enabled, 0);
    CHECK_INT(g.individual, 0);
    CHECK_STR(support_query(&c, "SELECT operator FROM events WHERE kind = 'workshop.goals' LIMIT 1"), "Test");
    ctx_close(&c);
}

/* A device of category cat received, then in progress and ready at ms
 * (by the context's operator), and reused at reused_ms when > 0. */
static int device_at(Ctx *c, const char *lot, const char *serial, const char *cat, int64_t ms, int64_t reused_ms)
{
    Err e = { 0 };
    char id[DEVICE_ID_MAX];
    DeviceNew d = { .lot = lot, .serial = serial, .category = cat };
    c->clock_ms = ms - 1000;
    int r = device_add(c, &d, 0, id, NULL, &e);
    if (!r) r = device_set_state(c, id, "in_progress", NULL, &e);
    c->clock_ms = ms;
    if (!r) r = device_set_state(c, id, "ready", NULL, &e);
    if (!r && reused_ms > 0) {
        c->clock_ms = reused_ms;
        r = device_set_state(c, id, "reused", NULL, &e);
    }
    c->clock_ms = 0;
    if (r) printf("# device_at %s: %s\n", serial, e.msg);
    return r;
}

static int load_profile(Profile *p)
{
    char path[1024];
    Err e = { 0 };
    snprintf(path, sizeof path, "%s/data/profiles/default.ini", top());
    return profile_load(path, p, &e);
}

/* 4. the week's figures from dated events: made ready, CO2e of the reused
 * (ADEME factors), the streak over past weeks, the totals, a device made
 * ready twice counted once, the operator's own figure only when allowed */
TEST(week_figures)
{
    Ctx c;
    Err e = { 0 };
    Profile prof;
    char lot[LOT_ID_MAX], w0[WEEK_MAX], w1[WEEK_MAX], w2[WEEK_MAX], w3[WEEK_MAX], serial[32];
    paris();
    CHECK(support_ctx(&c, "g4.db", "GRE1") == 0);
    CHECK_INT(load_profile(&prof), 0);
    CHECK_INT(lot_add(&c, "CHU Grenoble", "", -1, NULL, lot, &e), 0);
    CHECK_INT(operator_add(&c, "Amina", &e), 0);
    int64_t now = hlc_wall_ms();
    week_of_ms(now, w0);
    week_shift(w0, -1, w1);
    week_shift(w0, -2, w2);
    week_shift(w0, -3, w3);
    int k = 0;
    /* three weeks ago: 1 ready (missed); two weeks ago and last week: 2 each (met) */
    snprintf(serial, sizeof serial, "S%d", k++);
    CHECK_INT(device_at(&c, lot, serial, "laptop", local_ms(w3, 36, 0), 0), 0);
    for (int i = 0; i < 2; i++) {
        snprintf(serial, sizeof serial, "S%d", k++);
        CHECK_INT(device_at(&c, lot, serial, "laptop", local_ms(w2, 36, 0), 0), 0);
        snprintf(serial, sizeof serial, "S%d", k++);
        CHECK_INT(device_at(&c, lot, serial, "desktop", local_ms(w1, 60, 0), 0), 0);
    }
    /* this week: one by Test, reused this week too; one by Amina */
    snprintf(serial, sizeof serial, "S%d", k++);
    CHECK_INT(device_at(&c, lot, serial, "laptop", now - 2000, now - 1000), 0);
    CHECK_INT(operator_choose(&c, "Amina", &e), 0);
    snprintf(serial, sizeof serial, "S%d", k++);
    CHECK_INT(device_at(&c, lot, serial, "phone", now - 1500, 0), 0);
    CHECK_INT(operator_choose(&c, "Test", &e), 0);
    GoalSettings g = { .enabled = 1, .ready = 2 };
    CHECK_INT(goals_set(&c, &g, &e), 0);
    GoalsView v;
    CHECK_INT(goals_view(&c, now, &prof, &v, &e), 0);
    CHECK_STR(v.now.week, w0);
    CHECK_INT(v.now.ready, 2);
    CHECK_INT(v.now.co2_g, 182600);              /* one laptop reused: 182.6 kg */
    CHECK_INT(v.met, 1);
    CHECK_INT(v.streak, 3);                      /* two weeks before, and this one */
    CHECK_INT(v.total_ready, 7);
    CHECK_INT(v.total_co2_g, 182600);
    CHECK_INT(v.milestone_ready, 0);
    CHECK_INT(v.own, 0);                         /* not allowed */
    CHECK_INT(v.carbon, 1);
    /* a device back in progress and ready again counts once, in its first week */
    char id[DEVICE_ID_MAX];
    snprintf(id, sizeof id, "%s", support_query(&c, "SELECT id FROM devices WHERE serial = 'S1'"));
    CHECK_INT(device_set_state(&c, id, "in_progress", NULL, &e), 0);
    CHECK_INT(device_set_state(&c, id, "ready", NULL, &e), 0);
    CHECK_INT(goals_view(&c, now, &prof, &v, &e), 0);
    CHECK_INT(v.now.ready, 2);
    CHECK_INT(v.total_ready, 7);
    /* allowed: each sees their own, and only their own */
    g.individual = 1;
    g.co2_kg = 100;
    CHECK_INT(goals_set(&c, &g, &e), 0);
    CHECK_INT(goals_view(&c, now, &prof, &v, &e), 0);
    CHECK_INT(v.own, 1);
    CHECK_INT(v.own_ready, 1);
    CHECK_INT(v.own_co2_g, 182600);
    CHECK_INT(v.met, 1);                         /* 182.6 kg >= 100 kg */
    CHECK_INT(v.streak, 1);                      /* last weeks avoided nothing: missed with a CO2e target */
    CHECK_INT(operator_choose(&c, "Amina", &e), 0);
    CHECK_INT(goals_view(&c, now, &prof, &v, &e), 0);
    CHECK_INT(v.own_ready, 1);
    CHECK_INT(v.own_co2_g, 0);
    c.operator[0] = '\0';                        /* nobody chosen: no individual figure */
    CHECK_INT(goals_view(&c, now, &prof, &v, &e), 0);
    CHECK_INT(v.own, 0);
    /* without a profile: no carbon */
    CHECK_INT(goals_view(&c, now, NULL, &v, &e), 0);
    CHECK_INT(v.now.co2_g, 0);
    CHECK_INT(v.carbon, 0);
    /* the rebuild gives the same tables */
    char *before = support_dump_projections(&c);
    CHECK_INT(event_rebuild(&c, &e), 0);
    char *after = support_dump_projections(&c);
    CHECK(before && after && strcmp(before, after) == 0);
    CHECK_CONTAINS(before, "goal_weeks");
    free(before);
    free(after);
    DumpDiff d[4];
    CHECK_INT(dump_check(&c, d, 4, &e), 0);
    profile_free(&prof);
    ctx_close(&c);
}

/* 5. the week the 100th device is made ready shows the milestone, once */
TEST(milestone_week)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], w0[WEEK_MAX], w1[WEEK_MAX], serial[32];
    CHECK(support_ctx(&c, "g5.db", "GRE1") == 0);
    CHECK_INT(lot_add(&c, "CHU Grenoble", "", -1, NULL, lot, &e), 0);
    int64_t now = hlc_wall_ms();
    week_of_ms(now, w0);
    week_shift(w0, -1, w1);
    for (int i = 0; i < 98; i++) {
        snprintf(serial, sizeof serial, "M%d", i);
        CHECK_INT(device_at(&c, lot, serial, "other", local_ms(w1, 36, 0), 0), 0);
    }
    GoalSettings g = { .enabled = 1, .ready = 3 };
    CHECK_INT(goals_set(&c, &g, &e), 0);
    GoalsView v;
    CHECK_INT(goals_view(&c, now, NULL, &v, &e), 0);
    CHECK_INT(v.milestone_ready, 0);
    for (int i = 98; i < 101; i++) {
        snprintf(serial, sizeof serial, "M%d", i);
        CHECK_INT(device_at(&c, lot, serial, "other", now - 1000, 0), 0);
    }
    CHECK_INT(goals_view(&c, now, NULL, &v, &e), 0);
    CHECK_INT(v.total_ready, 101);
    CHECK_INT(v.milestone_ready, 100);
    /* next week it is history */
    char next[WEEK_MAX];
    week_shift(w0, 1, next);
    CHECK_INT(goals_view(&c, local_ms(next, 12, 0), NULL, &v, &e), 0);
    CHECK_INT(v.milestone_ready, 0);
    CHECK_INT(v.streak, 2);                      /* last week and the one before; not yet this one */
    ctx_close(&c);
}

/* An event of workshop ws at ms, imported as a pull would. */
static int import(Ctx *c, const char *ws, long long ms, const char *kind, json_t *payload, Err *e)
{
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.hlc = hlc_make(ms, 0);
    snprintf(ev.workshop, sizeof ev.workshop, "%s", ws);
    char hex[17];
    hlc_format(ev.hlc, hex);
    snprintf(ev.id, sizeof ev.id, "%s-%s", hex, ws);
    snprintf(ev.kind, sizeof ev.kind, "%s", kind);
    ev.payload = payload;
    int r = event_import(c, &ev, e);
    json_decref(payload);
    return r;
}

static json_t *settings(const char *ws, int on, long long ready)
{
    return json_pack("{s:s, s:b, s:I, s:I, s:b}", "workshop", ws, "enabled", on, "ready", (json_int_t)ready,
                     "co2_kg", (json_int_t)0, "individual", 0);
}

/* 6. a workshop sets only its own goals: another's event naming us is kept
 * without effect and listed as refused; its own goals are its own; a
 * malformed event is kept out; events in any order give the newest */
TEST(owner_only)
{
    Ctx c;
    Err e = { 0 };
    GoalSettings g;
    CHECK(support_ctx(&c, "g6.db", "GRE1") == 0);
    long long t = hlc_wall_ms() - 100000;
    CHECK_INT(import(&c, "LYO1", t, "workshop.goals", settings("GRE1", 1, 999), &e), 1);
    CHECK_INT(goals_get(&c, &g, &e), 0);
    CHECK_INT(g.set, 0);
    CHECK_STR(support_query(&c, "SELECT reason || ' ' || detail FROM refused"), "goals_not_owned GRE1");
    CHECK_INT(import(&c, "LYO1", t + 1, "workshop.goals", settings("LYO1", 1, 7), &e), 1);
    CHECK_STR(support_query(&c, "SELECT workshop || ' ' || ready FROM goals"), "LYO1 7");
    CHECK_INT(goals_get(&c, &g, &e), 0);
    CHECK_INT(g.set, 0);
    /* malformed: refused, nothing stored */
    CHECK_INT(import(&c, "LYO1", t + 2, "workshop.goals", json_pack("{s:s, s:b}", "workshop", "LYO1", "enabled", 1), &e), -1);
    CHECK_CONTAINS(e.msg, "team goals need");
    CHECK_INT(import(&c, "LYO1", t + 3, "workshop.goals", settings("LYO1", 1, -5), &e), -1);
    CHECK_INT(import(&c, "LYO1", t + 4, "workshop.goals", settings("LYO1", 1, GOALS_TARGET_MAX + 1LL), &e), -1);
    /* an older event arriving later does not win */
    CHECK_INT(import(&c, "LYO1", t - 10, "workshop.goals", settings("LYO1", 0, 3), &e), 1);
    CHECK_STR(support_query(&c, "SELECT enabled || ' ' || ready FROM goals WHERE workshop = 'LYO1'"), "1 7");
    CHECK_INT(import(&c, "LYO1", t + 5, "workshop.goals", settings("LYO1", 1, 9), &e), 1);
    CHECK_STR(support_query(&c, "SELECT enabled || ' ' || ready FROM goals WHERE workshop = 'LYO1'"), "1 9");
    char *before = support_dump_projections(&c);
    CHECK_INT(event_rebuild(&c, &e), 0);
    char *after = support_dump_projections(&c);
    CHECK(before && after && strcmp(before, after) == 0);
    free(before);
    free(after);
    ctx_close(&c);
}

int main(void)
{
    RUN(week_of_dates);
    RUN(streak_and_milestones);
    RUN(settings_off_by_default);
    RUN(week_figures);
    RUN(milestone_week);
    RUN(owner_only);
    return t_done();
}
