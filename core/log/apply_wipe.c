/*
 * apply_wipe.c — projections and descriptions of media.add, media.none,
 * wipe.record and wipe.assign (kind.h). media.none (declared without
 * storage) has no projection: core/wipe/media.c reads it from the log. A
 * wipe record's device is the one of its latest allowed link (wipe_links),
 * whichever arrives first.
 */
#include "core/log/apply.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_MEDIA[] =
    "INSERT INTO media(device, serial, serial_key, model, type, bytes, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT(device, serial_key) DO UPDATE SET serial = excluded.serial, model = excluded.model, "
    "type = excluded.type, bytes = excluded.bytes, hlc = excluded.hlc WHERE excluded.hlc < media.hlc";

int emit_media_add(Ctx *c, const Event *ev, Err *e)
{
    json_t *s = json_object_get(ev->payload, "serial");
    if (!ev->device[0] || !json_is_string(s) || !*json_string_value(s))
        return err_set(e, ERR_INPUT, _("event %s: a disk needs a device and a serial"), ev->id);
    char key[SERIAL_MAX * 4 + 1];
    serial_key(json_string_value(s), key, sizeof key);
    sqlite3_stmt *st = db_stmt(c->db, SQL_MEDIA, e);
    if (!st) return -1;
    json_t *mo = json_object_get(ev->payload, "model"), *ty = json_object_get(ev->payload, "type");
    sqlite3_bind_text(st, 1, ev->device, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, json_string_value(s), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, json_is_string(mo) ? json_string_value(mo) : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, json_is_string(ty) ? json_string_value(ty) : "other", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, json_integer_value(json_object_get(ev->payload, "bytes")));
    sqlite3_bind_int64(st, 7, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

/* A wipe record is its author's (doc/region.md): two workshops importing
 * the same nwipe log each keep their own, under (workshop, key). Its device
 * is that of its latest allowed link (wipe_links), whichever arrives first;
 * of two records of one workshop under one key, the earliest is kept. */
static const char SQL_WIPE[] =
    "INSERT INTO wipes(workshop, key, event_id, hlc, device, serial, serial_key, status, payload) "
    "VALUES (?9, ?1, ?2, ?3, coalesce((SELECT l.device FROM wipe_links l WHERE l.workshop = ?9 AND l.key = ?1 "
    "ORDER BY l.hlc DESC, l.event_id DESC LIMIT 1), ''), ?5, ?6, ?7, ?8) "
    "ON CONFLICT(workshop, key) DO UPDATE SET event_id = excluded.event_id, hlc = excluded.hlc, "
    "serial = excluded.serial, serial_key = excluded.serial_key, status = excluded.status, payload = excluded.payload "
    "WHERE excluded.hlc < wipes.hlc OR (excluded.hlc = wipes.hlc AND excluded.event_id < wipes.event_id)";

/* The key a wipe event names: its payload's, or the record's own id. */
static const char *wipe_key_of(const Event *ev)
{
    json_t *k = json_object_get(ev->payload, "key");
    return json_is_string(k) ? json_string_value(k) : ev->id;
}

int apply_wipe_record(Ctx *c, const Event *ev, Err *e)
{
    json_t *s = json_object_get(ev->payload, "serial"), *st_ = json_object_get(ev->payload, "status");
    if (!json_is_string(s) || !json_is_string(st_) || vocab_find(&VOCAB_WIPE_STATUS, json_string_value(st_)) < 0)
        return err_set(e, ERR_INPUT, _("event %s: a wipe needs a serial and a status"), ev->id);
    char skey[SERIAL_MAX * 4 + 1];
    serial_key(json_string_value(s), skey, sizeof skey);
    char *pl = json_dumps(ev->payload, JSON_COMPACT | JSON_SORT_KEYS);
    sqlite3_stmt *st = db_stmt(c->db, SQL_WIPE, e);
    if (!st || !pl) { free(pl); return st ? err_set(e, ERR_INTERNAL, "%s", _("out of memory")) : -1; }
    sqlite3_bind_text(st, 1, wipe_key_of(ev), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, ev->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)ev->hlc);
    sqlite3_bind_text(st, 5, json_string_value(s), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, skey, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, json_string_value(st_), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, pl, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, ev->workshop, -1, SQLITE_TRANSIENT);
    int r = db_step_done(c->db, st, e);
    free(pl);
    return r;
}

/* A record imported for a device, or assigned to one: a link of the
 * author's record (workshop, key) to the device, written only when the
 * device's fold allowed it (its author owned the device then). The record's
 * device is recomputed from its links after the fold (project.c). */
static const char SQL_LINK[] =
    "INSERT INTO wipe_links(event_id, workshop, key, device, hlc) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(event_id) DO NOTHING";

int emit_wipe_link(Ctx *c, const Event *ev, Err *e)
{
    if (!ev->device[0]) return 0;
    if (!strcmp(ev->kind, "wipe.assign") && !json_is_string(json_object_get(ev->payload, "key")))
        return err_set(e, ERR_INPUT, _("event %s: an assignment needs a wipe and a device"), ev->id);
    sqlite3_stmt *st = db_stmt(c->db, SQL_LINK, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, ev->workshop, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, wipe_key_of(ev), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, ev->device, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

void describe_media_add(const Event *ev, char *out, size_t size)
{
    char sz[32] = "";
    json_t *b = json_object_get(ev->payload, "bytes");
    snprintf(out, size, "%s", apply_str0(ev, "serial"));
    if (*apply_str0(ev, "model")) apply_cat(out, size, ", %s", apply_str0(ev, "model"));
    apply_cat(out, size, ", %s", vocab_label_of(&VOCAB_MEDIA_TYPE, apply_str0(ev, "type")));
    if (json_is_integer(b) && json_integer_value(b) > 0) {
        units_bytes((int64_t)json_integer_value(b), sz, sizeof sz);
        apply_cat(out, size, ", %s", sz);
    }
}

void describe_wipe_record(const Event *ev, char *out, size_t size)
{
    snprintf(out, size, _("disk %s: %s — %s, %s"), apply_str0(ev, "serial"),
             vocab_label_of(&VOCAB_WIPE_STATUS, apply_str0(ev, "status")),
             vocab_label_of(&VOCAB_WIPE_CATEGORY, apply_str0(ev, "category")),
             vocab_label_of(&VOCAB_TECHNIQUE, apply_str0(ev, "technique")));
    if (*apply_str0(ev, "tool"))
        apply_cat(out, size, " (%s%s%s)", apply_str0(ev, "tool"), *apply_str0(ev, "tool_version") ? " " : "",
                  apply_str0(ev, "tool_version"));
}

void describe_wipe_assign(const Event *ev, char *out, size_t size)
{
    snprintf(out, size, _("wipe record %s"), apply_str0(ev, "key"));
    if (*apply_str0(ev, "reason")) apply_cat(out, size, " — %s", apply_str0(ev, "reason"));
}

void describe_media_none(const Event *ev, char *out, size_t size)
{
    snprintf(out, size, "%s", _("no storage medium inside"));
    if (*apply_str0(ev, "note")) apply_cat(out, size, " — %s", apply_str0(ev, "note"));
}
