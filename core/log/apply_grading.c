/*
 * apply_grading.c — projection and description of device.grade (kind.h):
 * the latest grading of a device (by clock, then event id) is kept in the
 * gradings table whatever order events arrive in; the device's row takes
 * its cosmetic grade and outcome, and a received device goes in progress.
 */
#include "core/log/apply.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_GRADING[] =
    "INSERT INTO gradings(device, event_id, hlc, profile, profile_version, cosmetic, outcome, "
    "tests_total, tests_passed, no_storage, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT(device) DO UPDATE SET event_id = excluded.event_id, hlc = excluded.hlc, "
    "profile = excluded.profile, profile_version = excluded.profile_version, cosmetic = excluded.cosmetic, "
    "outcome = excluded.outcome, tests_total = excluded.tests_total, tests_passed = excluded.tests_passed, "
    "no_storage = excluded.no_storage, payload = excluded.payload "
    "WHERE excluded.hlc > gradings.hlc OR (excluded.hlc = gradings.hlc AND excluded.event_id > gradings.event_id)";


int emit_device_grade(Ctx *c, const Event *ev, Err *e)
{
    if (!ev->device[0]) return err_set(e, ERR_INPUT, _("event %s: a grading needs a device"), ev->id);
    sqlite3_stmt *st = db_stmt(c->db, SQL_GRADING, e);
    if (!st) return -1;
    char *pl = json_dumps(ev->payload, JSON_COMPACT | JSON_SORT_KEYS);
    if (!pl) return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
    sqlite3_bind_text(st, 1, ev->device, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, ev->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)ev->hlc);
    sqlite3_bind_text(st, 4, apply_str0(ev, "profile"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, apply_str0(ev, "profile_version"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, apply_str0(ev, "cosmetic"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, apply_str0(ev, "outcome"), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 8, json_integer_value(json_object_get(ev->payload, "tests_total")));
    sqlite3_bind_int64(st, 9, json_integer_value(json_object_get(ev->payload, "tests_passed")));
    sqlite3_bind_int(st, 10, json_is_true(json_object_get(ev->payload, "no_storage")));
    sqlite3_bind_text(st, 11, pl, -1, SQLITE_TRANSIENT);
    int r = db_step_done(c->db, st, e);
    free(pl);
    return r;
}

void fold_device_grade(DeviceState *d, const Event *ev)
{
    const char *g = apply_str0(ev, "cosmetic");
    int o = vocab_find(&VOCAB_OUTCOME, apply_str(ev, "outcome"));
    if (vocab_parse(&VOCAB_COSMETIC, g) >= 0 && !g[1]) snprintf(d->grade, sizeof d->grade, "%s", g);
    if (o >= 0) d->outcome = (OutcomeId)o;
    if (d->state == ST_RECEIVED) d->state = ST_IN_PROGRESS;
}

void describe_device_grade(const Event *ev, char *out, size_t size)
{
    json_t *tot = json_object_get(ev->payload, "tests_total"), *pas = json_object_get(ev->payload, "tests_passed");
    int o = vocab_find(&VOCAB_OUTCOME, apply_str(ev, "outcome"));
    long long t = json_integer_value(tot), p = json_integer_value(pas);
    snprintf(out, size, ngettext("grade %s, %s, %lld of %lld test passed", "grade %s, %s, %lld of %lld tests passed",
                                 (unsigned long)p),
             apply_str0(ev, "cosmetic"), o >= 0 ? vocab_label(&VOCAB_OUTCOME, o) : apply_str0(ev, "outcome"), p, t);
    if (json_is_true(json_object_get(ev->payload, "no_storage"))) apply_item(out, size, "%s", _("no storage"));
    if (*apply_str0(ev, "note")) apply_cat(out, size, " — %s", apply_str0(ev, "note"));
}
