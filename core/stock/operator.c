/* operator.c — see operator.h. */
#include "core/stock/operator.h"
#include "core/stock/device.h"
#include "core/log/event.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

/* This workshop's operators: the other workshops' come with their events
 * but sign nothing here. */
static const char SQL_EXISTS[] = "SELECT 1 FROM operators WHERE workshop = ?2 AND name = ?1";
static const char SQL_FIND[] = "SELECT name FROM operators WHERE workshop = ?2 AND name = ?1";
static const char SQL_LIST[] = "SELECT name FROM operators WHERE workshop = ?1 ORDER BY name COLLATE NOCASE";

int operator_exists(Ctx *c, const char *name)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_EXISTS, NULL);
    if (!st) return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int r = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return r;
}

int operator_find(Ctx *c, const char *name, char out[OPERATOR_MAX + 1])
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_FIND, NULL);
    if (!st) return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int r = sqlite3_step(st) == SQLITE_ROW;
    if (r) snprintf(out, OPERATOR_MAX + 1, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return r;
}

int operator_add(Ctx *c, const char *name_in, Err *e)
{
    char name[OPERATOR_MAX * 4 + 1];
    if (text_field_clean(name_in, name, sizeof name, OPERATOR_MAX, _("operator"), e) < 0) return -1;
    if (!name[0]) return err_set(e, ERR_INPUT, _("operator: empty"));
    if (strlen(name) > OPERATOR_MAX) return err_set(e, ERR_INPUT, _("operator: too long"));
    if (operator_exists(c, name)) return 0;
    return event_append(c, "operator.add", NULL, json_pack("{s:s}", "name", name), NULL, e);
}

int operator_list(Ctx *c, OperatorCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_LIST, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(arg, (const char *)sqlite3_column_text(st, 0))) break;
    sqlite3_reset(st);
    return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? 0 : db_error_rc(c->db, rc, e);
}

int operator_choose(Ctx *c, const char *name, Err *e)
{
    if (!name || !*name) {
        c->operator[0] = '\0';
        return 0;
    }
    if (!operator_exists(c, name)) return err_set(e, ERR_NOTFOUND, _("no operator named %s"), name);
    snprintf(c->operator, sizeof c->operator, "%s", name);
    return 0;
}
