/*
 * apply_goals.c — the projections of the team goals (issue 14,
 * core/goals/goals.h): the workshop.goals event into `goals`, and the
 * marks a device leaves when it first reaches « ready » or « reused »
 * (goal_marks, summed by week into goal_weeks by triggers).
 *
 * A workshop sets only its own goals: a workshop.goals event whose payload
 * names another workshop than its author is kept in the log without
 * effect and listed in `refused`. The newest event (by clock) holds the
 * settings, whatever order the events arrive in.
 *
 * The marks are written while a device is folded (project.c), for allowed
 * events only, so that they are cleared and written again with its other
 * side rows: the first event that brought the device to the state counts,
 * once per device and mark, for the workshop and the operator that made
 * it. The operator is kept here, on this PC, for that operator's own
 * figure only; it is in no export and no sync document (the events that
 * carry it already travel).
 */
#include "core/log/apply.h"
#include "core/log/week.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const char SQL_GOALS[] =
    "INSERT INTO goals(workshop, enabled, ready, co2_kg, individual, event_id, hlc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT(workshop) DO UPDATE SET enabled = excluded.enabled, ready = excluded.ready, "
    "co2_kg = excluded.co2_kg, individual = excluded.individual, event_id = excluded.event_id, "
    "hlc = excluded.hlc WHERE excluded.hlc > goals.hlc "
    "OR (excluded.hlc = goals.hlc AND excluded.event_id > goals.event_id)";

/* A whole number member of the payload in [0, max], or -1. */
static long long payload_count(const Event *ev, const char *key, long long max)
{
    json_t *v = ev->payload ? json_object_get(ev->payload, key) : NULL;
    if (!json_is_integer(v)) return -1;
    long long n = (long long)json_integer_value(v);
    return n >= 0 && n <= max ? n : -1;
}

static int payload_flag(const Event *ev, const char *key)
{
    json_t *v = ev->payload ? json_object_get(ev->payload, key) : NULL;
    return json_is_boolean(v) ? json_is_true(v) : -1;
}

int apply_workshop_goals(Ctx *c, const Event *ev, Err *e)
{
    const char *ws = apply_str(ev, "workshop");
    long long ready = payload_count(ev, "ready", GOALS_TARGET_MAX), co2 = payload_count(ev, "co2_kg", GOALS_TARGET_MAX);
    int on = payload_flag(ev, "enabled"), indiv = payload_flag(ev, "individual");
    if (!ws || ready < 0 || co2 < 0 || on < 0 || indiv < 0)
        return err_set(e, ERR_INPUT, _("event %s: team goals need a workshop, two targets and two switches"), ev->id);
    if (strcmp(ws, ev->workshop) != 0) return project_refuse(c, ev, REF_GOALS_NOT_OWNED, ws, e);
    sqlite3_stmt *st = db_stmt(c->db, SQL_GOALS, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ws, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, on);
    sqlite3_bind_int64(st, 3, ready);
    sqlite3_bind_int64(st, 4, co2);
    sqlite3_bind_int(st, 5, indiv);
    sqlite3_bind_text(st, 6, ev->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

void describe_workshop_goals(const Event *ev, char *out, size_t size)
{
    if (payload_flag(ev, "enabled") != 1) {
        snprintf(out, size, "%s", _("team goals off"));
        return;
    }
    snprintf(out, size, _("team goals on: %lld ready, %lld kg CO2e a week"),
             payload_count(ev, "ready", GOALS_TARGET_MAX), payload_count(ev, "co2_kg", GOALS_TARGET_MAX));
}

static const char SQL_MARK[] =
    "INSERT OR IGNORE INTO goal_marks(device, mark, workshop, operator, category, week, hlc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

int goals_fold_mark(Ctx *c, const DeviceState *d, StateId before, const Event *ev, Err *e)
{
    if (d->state == before || (d->state != ST_READY && d->state != ST_REUSED)) return 0;
    char week[WEEK_MAX];
    week_of_ms(hlc_ms(ev->hlc), week);
    sqlite3_stmt *st = db_stmt(c->db, SQL_MARK, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, d->state == ST_READY ? "ready" : "reused", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, ev->operator, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, category_key(d->category), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, week, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}
