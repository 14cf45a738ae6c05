/*
 * party_purchases.c — the IT purchases a party declares (see
 * party_purchases.h).
 */
#include "core/stock/party_purchases.h"
#include "core/log/event.h"
#include "core/stock/party.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

long long party_euros_parse(const char *s)
{
    long long euros = 0, cents = 0;
    int digits = 0, dec = -1;
    if (!s) return -1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (dec >= 0) {
                if (dec >= 2) return -1;
                cents = cents * 10 + (*p - '0');
                dec++;
            } else {
                if (euros > 100000000000LL) return -1;   /* a billion euros is more than any body declares */
                euros = euros * 10 + (*p - '0');
                digits++;
            }
        } else if ((*p == ',' || *p == '.') && dec < 0 && digits) {
            dec = 0;
        } else if (*p == ' ' && dec < 0) {
            continue;
        } else if (*p == 0xC2 && p[1] == 0xA0 && dec < 0) {   /* a no-break space */
            p++;
        } else if (*p == 0xE2 && p[1] == 0x80 && p[2] == 0xAF && dec < 0) {   /* a narrow one */
            p += 2;
        } else {
            return -1;
        }
    }
    if (!digits || dec == 0) return -1;
    if (dec == 1) cents *= 10;
    return euros * 100 + cents;
}

int party_purchases_set(Ctx *c, const char *code, int year, long long cents, Err *e)
{
    Party p;
    int r = party_get(c, code, &p, e);
    if (r < 0) return -1;
    if (r == 0) return err_set(e, ERR_NOTFOUND, _("no party %s (boucle party list)"), code);
    if (strcmp(p.workshop, c->workshop) != 0)
        return err_set(e, ERR_INPUT, _("party %s belongs to workshop %s: only that workshop can change it"),
                       p.code, p.workshop);
    if (p.kind == PARTY_PERSON)
        return err_set(e, ERR_INPUT, _("party %s is a person: only a body declares its IT purchases"), p.code);
    if (year < 2000 || year > 9999) return err_set(e, ERR_USAGE, _("year: \"%d\" is not a year (YYYY)"), year);
    if (cents < 0) return err_set(e, ERR_USAGE, "%s", _("the total of the IT purchases is an amount in euros, 0 or more"));
    json_t *j = json_pack("{s:s, s:i, s:I}", "code", p.code, "year", year, "total_cents", (json_int_t)cents);
    return event_append(c, "party.purchases", NULL, j, NULL, e) < 0 ? -1 : 0;
}

int party_purchases_get(Ctx *c, const char *code, int year, long long *cents, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, "SELECT total_cents FROM party_purchases WHERE code = ?1 AND year = ?2", e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        *cents = sqlite3_column_int64(st, 0);
        found = 1;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return found;
}
