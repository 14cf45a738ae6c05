/* workshop.c — see workshop.h. */
#include "core/stock/workshop.h"
#include "core/log/chain.h"
#include "core/stock/device.h"
#include "core/log/event.h"
#include "util/i18n.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int workshop_init(Ctx *c, const char *code, const char *name_in, Err *e)
{
    char name[256];
    if (!workshop_code_valid(code))
        return err_set(e, ERR_USAGE, _("workshop code \"%s\": 2 to 8 upper-case letters or digits, e.g. GRE1"), code ? code : "");
    if (text_field_clean(name_in, name, sizeof name, 100, _("workshop name"), e) < 0) return -1;
    if (!name[0]) return err_set(e, ERR_USAGE, _("workshop name: empty"));
    if (c->workshop[0]) {
        if (strcmp(c->workshop, code) == 0) return err_set(e, ERR_EXISTS, _("this database already belongs to workshop %s"), c->workshop);
        return err_set(e, ERR_EXISTS, _("this database already belongs to workshop %s; it cannot become %s"), c->workshop, code);
    }
    if (db_begin(c->db, e) < 0) return -1;
    snprintf(c->workshop, sizeof c->workshop, "%s", code);
    /* the signing key and the chain's origin first: the workshop's first
     * event is its first record (chain.h) */
    if (db_meta_set(c->db, "workshop.code", code, e) < 0 || db_meta_set(c->db, "workshop.name", name, e) < 0
        || chain_key_ensure(c, e) < 0
        || event_append(c, "workshop.init", NULL, json_pack("{s:s, s:s}", "code", code, "name", name), NULL, e) < 0
        || db_commit(c->db, e) < 0) {
        db_rollback(c->db);
        c->workshop[0] = '\0';
        return -1;
    }
    snprintf(c->workshop_name, sizeof c->workshop_name, "%s", name);
    return 0;
}

static const char SQL_LIST[] = "SELECT code, name FROM workshops ORDER BY code";

int workshop_list(Ctx *c, WorkshopCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_LIST, e);
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(arg, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1))) break;
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_error_rc(c->db, rc, e);
}
