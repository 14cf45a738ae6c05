/* lot.c — lots and donors (see lot.h). */
#include "core/stock/lot.h"
#include "core/stock/device.h"
#include "core/stock/party.h"
#include "util/date.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* A donor named rather than coded: the earliest party of that name that is
 * not a person (a person is never found by name outside this PC). */
static const char SQL_PARTY_BY_NAME[] =
    "SELECT code, name FROM parties WHERE name = ?1 COLLATE NOCASE AND name <> '' AND kind <> 'person' "
    "ORDER BY created_hlc LIMIT 1";
static const char SQL_GET[] =
    "SELECT id, workshop, donor, ref, expected, date, created_hlc, "
    "(SELECT count(*) FROM devices d WHERE d.lot = lots.id), donor_code FROM lots WHERE id = ?1";
static const char SQL_LIST[] =
    "SELECT id, workshop, donor, ref, expected, date, created_hlc, "
    "(SELECT count(*) FROM devices d WHERE d.lot = lots.id), donor_code FROM lots WHERE workshop = ?1 ORDER BY created_hlc DESC";

static void row_to_lot(sqlite3_stmt *st, Lot *l)
{
    memset(l, 0, sizeof *l);
#define COL(i, f) snprintf(l->f, sizeof l->f, "%s", sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "")
    COL(0, id); COL(1, workshop); COL(2, donor); COL(3, ref); COL(5, date); COL(8, donor_code);
#undef COL
    l->expected = sqlite3_column_int(st, 4);
    l->created_hlc = (Hlc)sqlite3_column_int64(st, 6);
    l->received = sqlite3_column_int64(st, 7);
}

int lot_add(Ctx *c, const char *donor_in, const char *ref_in, int expected,
            const char *date, char out_id[LOT_ID_MAX], Err *e)
{
    return lot_add_as(c, donor_in, PARTY_BUSINESS, ref_in, expected, date, out_id, e);
}

int lot_add_as(Ctx *c, const char *donor_in, int new_kind, const char *ref_in, int expected,
               const char *date, char out_id[LOT_ID_MAX], Err *e)
{
    if (new_kind < 0 || new_kind >= PARTY__COUNT) new_kind = PARTY_BUSINESS;
    char donor[256], ref[256], today[32];
    if (text_field_clean(donor_in, donor, sizeof donor, 100, _("donor"), e) < 0) return -1;
    if (!donor[0]) return err_set(e, ERR_USAGE, _("donor: empty"));
    if (text_field_clean(ref_in, ref, sizeof ref, 100, _("reference"), e) < 0) return -1;
    if (expected > 1000000) return err_set(e, ERR_INPUT, _("expected count: at most 1000000"));
    if (!date || !*date) {
        hlc_iso(hlc_make(hlc_wall_ms(), 0), today);
        today[10] = '\0';
        date = today;
    } else if (!date_valid(date)) {
        return err_set(e, ERR_INPUT, _("date: \"%s\" is not a date (YYYY-MM-DD)"), date);
    }
    if (db_begin(c->db, e) < 0) return -1;
    /* The donor is a party: its code, or a name (an unknown name makes a
     * party of kind new_kind, which `party edit` can correct). */
    Party party;
    char code[PARTY_CODE_MAX] = "";
    int r = party_get(c, donor, &party, e);
    if (r < 0) goto fail;
    if (r == 1) {
        if (party.forgotten) {
            err_set(e, ERR_INPUT, _("donor %s: this person was forgotten"), party.code);
            goto fail;
        }
        snprintf(code, sizeof code, "%s", party.code);
        /* a person is named nowhere but on this PC: the lot says the code */
        snprintf(donor, sizeof donor, "%s", party.kind == PARTY_PERSON || !party.name[0] ? party.code : party.name);
    } else if (party_code_like(donor)) {
        err_set(e, ERR_NOTFOUND, _("donor %s: no party has this code (boucle party list)"), donor);
        goto fail;
    } else {
        sqlite3_stmt *st = db_stmt(c->db, SQL_PARTY_BY_NAME, e);
        if (!st) goto fail;
        sqlite3_bind_text(st, 1, donor, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {   /* the party's own spelling */
            snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 0));
            snprintf(donor, sizeof donor, "%s", (const char *)sqlite3_column_text(st, 1));
        }
        sqlite3_reset(st);
        if (!code[0]) {
            if (party_add(c, (PartyKind)new_kind, donor, NULL, code, e) < 0) goto fail;
            /* a person is named nowhere but on this PC: the lot says the code */
            if (new_kind == PARTY_PERSON) snprintf(donor, sizeof donor, "%s", code);
        }
    }
    char id[LOT_ID_MAX];
    snprintf(id, sizeof id, "%s-L%04lld", c->workshop, (long long)((db_meta_get_int(c->db, "seq.lot", 0) + 1) % 100000000LL));
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s}", "lot", id, "donor", donor, "donor_code", code, "ref", ref, "date", date);
    if (expected >= 0) json_object_set_new(p, "expected", json_integer(expected));
    if (event_append(c, "lot.create", NULL, p, NULL, e) < 0) goto fail;
    if (db_commit(c->db, e) < 0) return -1;
    snprintf(out_id, LOT_ID_MAX, "%s", id);
    return 0;
fail:
    db_rollback(c->db);
    return -1;
}

static const char SQL_EXISTS[] = "SELECT id FROM lots WHERE id = ?1";

int lot_exists(Ctx *c, const char *id, char canonical[LOT_ID_MAX], Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_EXISTS, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), r = 0;
    if (rc == SQLITE_ROW) {
        snprintf(canonical, LOT_ID_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
        r = 1;
    } else if (rc != SQLITE_DONE) {
        r = db_error_rc(c->db, rc, e);
    }
    sqlite3_reset(st);
    return r;
}

int lot_get(Ctx *c, const char *id, Lot *out, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_GET, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), r = 0;
    if (rc == SQLITE_ROW) {
        row_to_lot(st, out);
        r = 1;
    } else if (rc != SQLITE_DONE) {
        r = db_error_rc(c->db, rc, e);
    }
    sqlite3_reset(st);
    return r;
}

int lot_list(Ctx *c, LotCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(c->db), SQL_LIST, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Lot l;
        row_to_lot(st, &l);
        if (cb(arg, &l)) break;
    }
    sqlite3_finalize(st);
    return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? 0 : db_error_rc(c->db, rc, e);
}

json_t *lot_to_json(const Lot *l)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "id", l->id, "workshop", l->workshop,
                          "donor", l->donor, "ref", l->ref, "date", l->date, "received", (json_int_t)l->received);
    json_object_set_new(j, "expected", l->expected >= 0 ? json_integer(l->expected) : json_null());
    json_object_set_new(j, "donor_code", l->donor_code[0] ? json_string(l->donor_code) : json_null());
    return j;
}
