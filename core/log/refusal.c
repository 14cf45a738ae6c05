/* refusal.c — see refusal.h. */
#include "core/log/refusal.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const struct {
    const char *key;
    const char *msg;   /* with one %s for the detail, when it has one */
    int has_detail;
} REASONS[REF__COUNT] = {
    [REF_NONE] = { "", "", 0 },
    [REF_NOT_OWNER] = { "not_owner", N_("the device belongs to workshop %s"), 1 },
    [REF_NOT_CREATOR] = { "not_creator", N_("only workshop %s creates this id"), 1 },
    [REF_NOT_RECEIVED] = { "not_received", N_("the device's receipt is not known here (yet)"), 0 },
    [REF_LOT_NOT_OWNED] = { "lot_not_owned", N_("lot %s belongs to another workshop"), 1 },
    [REF_NO_OFFER] = { "no_offer", N_("no open transfer offer matches"), 0 },
    [REF_OFFER_OTHER] = { "offer_other", N_("the offer was made to workshop %s"), 1 },
    [REF_OFFER_ACCEPTED] = { "offer_accepted", N_("the offer was already accepted"), 0 },
    [REF_OFFER_INVALID] = { "offer_invalid", N_("an offer to \"%s\", which is not another workshop"), 1 },
    [REF_PARTY_NOT_OWNED] = { "party_not_owned", N_("party %s belongs to another workshop"), 1 },
    [REF_GOALS_NOT_OWNED] = { "goals_not_owned", N_("only workshop %s sets its team goals"), 1 },
};

const char *refusal_key(RefusalId r)
{
    return r > REF_NONE && r < REF__COUNT ? REASONS[r].key : "";
}

RefusalId refusal_parse(const char *key)
{
    for (int i = 1; key && i < REF__COUNT; i++)
        if (!strcmp(REASONS[i].key, key)) return (RefusalId)i;
    return REF_NONE;
}

void refusal_describe(const char *key, const char *detail, char *out, size_t size)
{
    RefusalId r = refusal_parse(key);
    if (r == REF_NONE) {
        snprintf(out, size, "%s", key ? key : "");
        return;
    }
    if (REASONS[r].has_detail) snprintf(out, size, _(REASONS[r].msg), detail ? detail : "");
    else snprintf(out, size, "%s", _(REASONS[r].msg));
}

static const char SQL_ALL[] =
    "SELECT event_id, hlc, workshop, device, kind, reason, detail FROM refused ORDER BY hlc, event_id";
static const char SQL_DEVICE[] =
    "SELECT event_id, hlc, workshop, device, kind, reason, detail FROM refused WHERE device = ?1 ORDER BY hlc, event_id";

static void col(sqlite3_stmt *st, int i, char *out, size_t size)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    snprintf(out, size, "%s", v ? v : "");
}

int refused_list(Ctx *c, const char *device, RefusedCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, device ? SQL_DEVICE : SQL_ALL, e);
    if (!st) return -1;
    if (device) sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Refused r;
        memset(&r, 0, sizeof r);
        col(st, 0, r.event_id, sizeof r.event_id);
        r.hlc = (Hlc)sqlite3_column_int64(st, 1);
        col(st, 2, r.workshop, sizeof r.workshop);
        col(st, 3, r.device, sizeof r.device);
        col(st, 4, r.kind, sizeof r.kind);
        col(st, 5, r.reason, sizeof r.reason);
        col(st, 6, r.detail, sizeof r.detail);
        refusal_describe(r.reason, r.detail, r.why, sizeof r.why);
        if (cb(arg, &r)) break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_error_rc(c->db, rc, e);
}

int64_t refused_count(Ctx *c, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, "SELECT count(*) FROM refused", e);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? n : db_error_rc(c->db, rc, e);
}
