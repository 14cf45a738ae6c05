/*
 * goals.c — see goals.h. Every figure comes from goal_weeks, a row a week,
 * operator, mark and category (a few thousand rows after years), summed
 * over operators for the team; the operator's own is a range of its key
 * (workshop, week, operator): the cost does not grow with the stock.
 */
#include "core/goals/goals.h"
#include "core/log/event.h"
#include "core/log/hlc.h"
#include "core/settings/config.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_GET[] = "SELECT enabled, ready, co2_kg, individual FROM goals WHERE workshop = ?1";
static const char SQL_WEEKS[] =
    "SELECT week, mark, category, n FROM goal_weeks WHERE workshop = ?1 AND week <= ?2 ORDER BY week DESC";
static const char SQL_OWN[] =
    "SELECT mark, category, n FROM goal_weeks WHERE workshop = ?1 AND week = ?2 AND operator = ?3";

int goals_get(Ctx *c, GoalSettings *out, Err *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(c->db, SQL_GET, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->set = 1;
        out->enabled = sqlite3_column_int(st, 0);
        out->ready = sqlite3_column_int64(st, 1);
        out->co2_kg = sqlite3_column_int64(st, 2);
        out->individual = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

int goals_set(Ctx *c, const GoalSettings *g, Err *e)
{
    if (g->ready < 0 || g->ready > GOALS_TARGET_MAX || g->co2_kg < 0 || g->co2_kg > GOALS_TARGET_MAX)
        return err_set(e, ERR_INPUT, _("a weekly target is a whole number from 0 to %d"), GOALS_TARGET_MAX);
    if (g->enabled && !g->ready && !g->co2_kg)
        return err_set(e, ERR_INPUT, "%s",
                       _("give at least one weekly target: devices made ready or kg CO2e avoided"));
    json_t *p = json_pack("{s:s, s:b, s:I, s:I, s:b}", "workshop", c->workshop, "enabled", g->enabled != 0,
                          "ready", (json_int_t)g->ready, "co2_kg", (json_int_t)g->co2_kg,
                          "individual", g->individual != 0);
    if (!p) return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
    return event_append(c, "workshop.goals", NULL, p, NULL, e);
}

int goals_week_met(const GoalSettings *g, const GoalWeek *w)
{
    if (g->ready <= 0 && g->co2_kg <= 0) return 0;
    return (g->ready <= 0 || w->ready >= g->ready) && (g->co2_kg <= 0 || w->co2_g >= g->co2_kg * 1000);
}

int goals_streak(const GoalSettings *g, const GoalWeek *weeks, int n, const char *now)
{
    int streak = 0, i = 0;
    char want[WEEK_MAX];
    while (i < n && strcmp(weeks[i].week, now) > 0) i++;   /* ignore weeks after now (clock ahead) */
    if (i < n && !strcmp(weeks[i].week, now)) {
        if (goals_week_met(g, &weeks[i])) streak++;
        i++;
    }
    if (week_shift(now, -1, want) < 0) return streak;
    /* the weeks before, newest first: a missing week is a week with nothing */
    for (; i < n && !strcmp(weeks[i].week, want) && goals_week_met(g, &weeks[i]); i++) {
        streak++;
        if (week_shift(want, -1, want) < 0) break;
    }
    return streak;
}

long long goals_milestone(long long before, long long after, const long long *steps, int n)
{
    long long m = 0;
    for (int i = 0; i < n; i++)
        if (before < steps[i] && after >= steps[i]) m = steps[i];
    return m;
}

/* The g CO2e avoided per device of a category, 0 when unknown. */
static long long factor_g(const Profile *prof, const char *category)
{
    const ProfileCarbon *pc = prof ? profile_carbon(prof, category) : NULL;
    return pc && pc->set ? (long long)(pc->kg * 1000.0 + 0.5) : 0;
}

static const long long READY_STEPS[] = { 100, 500, 1000 };
static const long long CO2_STEPS_G[] = { 1000000, 10000000 };   /* 1 t, 10 t */

int goals_view(Ctx *c, int64_t now_ms, const Profile *prof, GoalsView *v, Err *e)
{
    memset(v, 0, sizeof *v);
    if (goals_get(c, &v->set, e) < 0) return -1;
    week_of_ms(now_ms, v->now.week);
    for (int i = 0; prof && i < CATEGORY_COUNT; i++)
        if (prof->carbon[i].set) v->carbon = 1;
    if (!v->set.enabled) return 0;
    sqlite3_stmt *st = db_stmt(c->db, SQL_WEEKS, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, v->now.week, -1, SQLITE_STATIC);
    GoalWeek *weeks = NULL;
    int n = 0, cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *week = (const char *)sqlite3_column_text(st, 0), *mark = (const char *)sqlite3_column_text(st, 1);
        const char *cat = (const char *)sqlite3_column_text(st, 2);
        long long k = sqlite3_column_int64(st, 3);
        if (!week || !mark || !cat) continue;
        if (!n || strcmp(weeks[n - 1].week, week) != 0) {
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                GoalWeek *w = realloc(weeks, (size_t)cap * sizeof *w);
                if (!w) {
                    free(weeks);
                    sqlite3_reset(st);
                    return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
                }
                weeks = w;
            }
            memset(&weeks[n], 0, sizeof weeks[n]);
            snprintf(weeks[n].week, WEEK_MAX, "%s", week);
            n++;
        }
        if (!strcmp(mark, "ready")) weeks[n - 1].ready += k;
        else if (!strcmp(mark, "reused")) weeks[n - 1].co2_g += k * factor_g(prof, cat);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(weeks);
        return db_error_rc(c->db, rc, e);
    }
    for (int i = 0; i < n; i++) {
        v->total_ready += weeks[i].ready;
        v->total_co2_g += weeks[i].co2_g;
    }
    if (n && !strcmp(weeks[0].week, v->now.week)) v->now = weeks[0];
    v->met = goals_week_met(&v->set, &v->now);
    v->streak = goals_streak(&v->set, weeks, n, v->now.week);
    free(weeks);
    v->milestone_ready = (int)goals_milestone(v->total_ready - v->now.ready, v->total_ready, READY_STEPS, 3);
    v->milestone_co2_t = (int)(goals_milestone(v->total_co2_g - v->now.co2_g, v->total_co2_g, CO2_STEPS_G, 2) / 1000000);
    if (!v->set.individual || !c->operator[0]) return 0;
    if (!(st = db_stmt(c->db, SQL_OWN, e))) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, v->now.week, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c->operator, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *mark = (const char *)sqlite3_column_text(st, 0), *cat = (const char *)sqlite3_column_text(st, 1);
        long long k = sqlite3_column_int64(st, 2);
        if (!mark || !cat) continue;
        if (!strcmp(mark, "ready")) v->own_ready += k;
        else v->own_co2_g += k * factor_g(prof, cat);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    v->own = 1;
    return 0;
}

int goals_profile_load(Profile *p)
{
    char conf[1024];
    memset(p, 0, sizeof *p);
    int have = config_get(NULL, "grading.profile", conf, sizeof conf, NULL) == 1;
    return profile_load_default(have ? conf : NULL, p, NULL) == 0;
}
