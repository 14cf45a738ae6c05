/*
 * apply_party.c — projections and descriptions of a party's changes:
 * party.update and party.forget (party.create is in apply_stock.c, with
 * the other creations). See core/stock/party.h and doc/privacy.md.
 *
 * Only the workshop of a code's prefix changes its party: another's event
 * is kept without effect and listed in `refused`. Each apply is an upsert
 * that gives the same row whatever order the events arrive in: the newest
 * update (by clock) holds the kind and the name, the earliest event the
 * creation time, and a forgotten person stays forgotten.
 */
#include "core/log/apply.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const char SQL_UPDATE[] =
    "INSERT INTO parties(code, workshop, kind, name, created_hlc, updated_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?5) "
    "ON CONFLICT(code) DO UPDATE SET "
    "kind = CASE WHEN excluded.updated_hlc > parties.updated_hlc THEN excluded.kind ELSE parties.kind END, "
    "name = CASE WHEN excluded.updated_hlc > parties.updated_hlc THEN excluded.name ELSE parties.name END, "
    "updated_hlc = max(parties.updated_hlc, excluded.updated_hlc), "
    "created_hlc = min(parties.created_hlc, excluded.created_hlc)";
static const char SQL_FORGET[] =
    "INSERT INTO parties(code, workshop, kind, name, forgotten, created_hlc, updated_hlc) "
    "VALUES (?1, ?2, 'person', '', 1, ?3, 0) "   /* updated 0: the creation, when it comes, sets it */
    "ON CONFLICT(code) DO UPDATE SET forgotten = 1, name = '', "
    "created_hlc = min(parties.created_hlc, excluded.created_hlc)";
/* this PC's private store (never a projection): what `party forget` destroys */
static const char SQL_FORGET_KEY[] = "DELETE FROM party_keys WHERE code = ?1";
static const char SQL_FORGET_BOX[] = "DELETE FROM party_private WHERE code = ?1";

/* The code of a party event by its owner: the code, or NULL when the event
 * was refused (listed) or is malformed (-1 in *r). */
static const char *owned_code(Ctx *c, const Event *ev, int *r, Err *e)
{
    const char *code = apply_str(ev, "code");
    *r = 0;
    if (!code || !*code) {
        *r = err_set(e, ERR_INPUT, _("event %s: a party needs a code and a kind"), ev->id);
        return NULL;
    }
    char owner[WORKSHOP_CODE_MAX + 1];
    apply_id_prefix(code, owner);
    if (strcmp(owner, ev->workshop) != 0) {
        *r = project_refuse(c, ev, REF_PARTY_NOT_OWNED, code, e);
        return NULL;
    }
    return code;
}

int apply_party_update(Ctx *c, const Event *ev, Err *e)
{
    int r;
    const char *code = owned_code(c, ev, &r, e), *kind = apply_str(ev, "kind");
    if (!code) return r;
    if (!kind) return err_set(e, ERR_INPUT, _("event %s: a party needs a code and a kind"), ev->id);
    return apply_party_row(c, ev, SQL_UPDATE, code, kind, e);
}

int apply_party_row(Ctx *c, const Event *ev, const char *sql, const char *code, const char *kind, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
    /* a person's name never comes in an event; one that did is not stored */
    sqlite3_bind_text(st, 4, strcmp(kind, "person") == 0 ? "" : apply_str0(ev, "name"), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

int apply_party_forget(Ctx *c, const Event *ev, Err *e)
{
    int r;
    const char *code = owned_code(c, ev, &r, e);
    if (!code) return r;
    sqlite3_stmt *st = db_stmt(c->db, SQL_FORGET, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)ev->hlc);
    if (db_step_done(c->db, st, e) < 0) return -1;
    /* Also on a replay (rebuild) or when a restored backup pulls its own
     * forget back from the hub: the key goes whenever the event is met. */
    const char *const del[] = { SQL_FORGET_KEY, SQL_FORGET_BOX };
    for (size_t i = 0; i < 2; i++) {
        if (!(st = db_stmt(c->db, del[i], e))) return -1;
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        if (db_step_done(c->db, st, e) < 0) return -1;
    }
    return 0;
}

void describe_party(const Event *ev, char *out, size_t size)
{
    const char *name = apply_str0(ev, "name");
    if (*name && strcmp(apply_str0(ev, "kind"), "person") != 0)
        snprintf(out, size, "%s %s", apply_str0(ev, "code"), name);
    else
        snprintf(out, size, "%s", apply_str0(ev, "code"));
}

/* party.purchases {code, year, total_cents}: the IT purchases a party
 * declares for a calendar year, by its owner only; the newest by clock
 * holds, whatever order the events arrive in. */
static const char SQL_PURCHASES[] =
    "INSERT INTO party_purchases(code, year, total_cents, hlc) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(code, year) DO UPDATE SET "
    "total_cents = CASE WHEN excluded.hlc > party_purchases.hlc THEN excluded.total_cents ELSE party_purchases.total_cents END, "
    "hlc = max(party_purchases.hlc, excluded.hlc)";

int apply_party_purchases(Ctx *c, const Event *ev, Err *e)
{
    int r;
    const char *code = owned_code(c, ev, &r, e);
    if (!code) return r;
    json_t *y = json_object_get(ev->payload, "year"), *t = json_object_get(ev->payload, "total_cents");
    if (!json_is_integer(y) || !json_is_integer(t) || json_integer_value(y) < 2000 || json_integer_value(y) > 9999 ||
        json_integer_value(t) < 0)
        return err_set(e, ERR_INPUT, _("event %s: declared purchases need a year and a total"), ev->id);
    sqlite3_stmt *st = db_stmt(c->db, SQL_PURCHASES, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)json_integer_value(y));
    sqlite3_bind_int64(st, 3, (sqlite3_int64)json_integer_value(t));
    sqlite3_bind_int64(st, 4, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

void describe_party_purchases(const Event *ev, char *out, size_t size)
{
    json_t *y = json_object_get(ev->payload, "year"), *t = json_object_get(ev->payload, "total_cents");
    long long cents = json_is_integer(t) ? (long long)json_integer_value(t) : 0;
    /* TRANSLATORS: party code, year, euros */
    snprintf(out, size, _("%s, %lld: %lld €"), apply_str0(ev, "code"),
             json_is_integer(y) ? (long long)json_integer_value(y) : 0LL, cents / 100);
}
