/* transfer.c — see transfer.h. */
#include "core/stock/transfer.h"
#include "core/stock/device.h"
#include "util/i18n.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>

static const char SQL_WORKSHOP_KNOWN[] = "SELECT 1 FROM workshops WHERE code = ?1";

#define OFFER_COLUMNS \
    "SELECT o.device, o.event_id, o.hlc, o.from_ws, o.to_ws, o.note, coalesce(d.make, ''), " \
    "coalesce(d.model, ''), coalesce(d.category, 'other'), coalesce(d.grade, '') " \
    "FROM offers o LEFT JOIN devices d ON d.id = o.device "
static const char SQL_GET[] = OFFER_COLUMNS "WHERE o.device = ?1";
static const char SQL_IN[] = OFFER_COLUMNS "WHERE o.to_ws = ?1 ORDER BY o.hlc";
static const char SQL_OUT[] = OFFER_COLUMNS "WHERE o.from_ws = ?1 ORDER BY o.hlc";

static void col(sqlite3_stmt *st, int i, char *out, size_t size)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    snprintf(out, size, "%s", v ? v : "");
}

static void offer_from_row(sqlite3_stmt *st, Offer *o)
{
    memset(o, 0, sizeof *o);
    col(st, 0, o->device, sizeof o->device);
    col(st, 1, o->event_id, sizeof o->event_id);
    o->hlc = (Hlc)sqlite3_column_int64(st, 2);
    col(st, 3, o->from, sizeof o->from);
    col(st, 4, o->to, sizeof o->to);
    col(st, 5, o->note, sizeof o->note);
    col(st, 6, o->make, sizeof o->make);
    col(st, 7, o->model, sizeof o->model);
    int cat = vocab_find(&VOCAB_CATEGORY, (const char *)sqlite3_column_text(st, 8));
    o->category = cat >= 0 ? (CategoryId)cat : CAT_OTHER;
    col(st, 9, o->grade, sizeof o->grade);
}

int transfer_get(Ctx *c, const char *device, Offer *out, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_GET, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) offer_from_row(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return 1;
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

int transfer_list(Ctx *c, int incoming, OfferCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, incoming ? SQL_IN : SQL_OUT, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Offer o;
        offer_from_row(st, &o);
        if (cb(arg, &o)) break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_error_rc(c->db, rc, e);
}

/* The device by any of its keys, its asset id in out. */
static int find(Ctx *c, const char *key, Device *d, Err *e)
{
    int f = device_find(c, key, d, e);
    if (f < 0) return -1;
    if (!f) return err_set(e, ERR_NOTFOUND, _("No device %s."), key);
    return 0;
}

int transfer_offer(Ctx *c, const char *device_key, const char *to, const char *note_in, Err *e)
{
    Device d;
    if (find(c, device_key, &d, e) < 0) return -1;
    char note[1024] = "";
    if (note_in && text_field_clean(note_in, note, sizeof note, 200, _("note"), e) < 0) return -1;
    if (!to || !workshop_code_valid(to))
        return err_set(e, ERR_INPUT, _("\"%s\" is not a workshop code (2 to 8 capital letters or digits)."), to ? to : "");
    if (!strcmp(to, c->workshop))
        return err_set(e, ERR_INPUT, _("Device %s is this workshop's already."), d.id);
    sqlite3_stmt *st = db_stmt(c->db, SQL_WORKSHOP_KNOWN, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, to, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    if (rc == SQLITE_DONE)
        return err_set(e, ERR_NOTFOUND, _("No workshop %s is known here: sync with the hub first, or check the code."), to);
    Offer o;
    int has = transfer_get(c, d.id, &o, e);
    if (has < 0) return -1;
    if (has && !strcmp(o.to, to)) return 0;   /* offered already: nothing to write */
    json_t *pl = json_pack("{s:s}", "to", to);
    if (note[0]) json_object_set_new(pl, "note", json_string(note));
    return event_append(c, "device.offer", d.id, pl, NULL, e);
}

int transfer_accept(Ctx *c, const char *device_key, Err *e)
{
    Device d;
    if (find(c, device_key, &d, e) < 0) return -1;
    Offer o;
    int has = transfer_get(c, d.id, &o, e);
    if (has < 0) return -1;
    if (!has || strcmp(o.to, c->workshop)) {
        if (!strcmp(d.workshop, c->workshop)) return 0;   /* accepted already: ours */
        return err_set(e, ERR_NOTFOUND, _("Device %s has no open offer to this workshop."), d.id);
    }
    return event_append(c, "device.accept", d.id, json_pack("{s:s}", "offer", o.event_id), NULL, e);
}

int transfer_cancel(Ctx *c, const char *device_key, const char *note_in, Err *e)
{
    Device d;
    if (find(c, device_key, &d, e) < 0) return -1;
    char note[1024] = "";
    if (note_in && text_field_clean(note_in, note, sizeof note, 200, _("note"), e) < 0) return -1;
    Offer o;
    int has = transfer_get(c, d.id, &o, e);
    if (has < 0) return -1;
    if (!has) return err_set(e, ERR_NOTFOUND, _("Device %s has no open offer."), d.id);
    json_t *pl = json_pack("{s:s}", "offer", o.event_id);
    if (note[0]) json_object_set_new(pl, "note", json_string(note));
    return event_append(c, "device.cancel", d.id, pl, NULL, e);
}
