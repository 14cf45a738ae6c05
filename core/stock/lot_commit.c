/* lot_commit.c — the taker's commitment to reuse a lot (see lot_commit.h). */
#include "core/stock/lot_commit.h"
#include "core/stock/lot.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>

int lot_commit(Ctx *c, const char *lot_in, int committed, const char *date, int share,
               const char *taker_in, Err *e)
{
    char taker[LOT_TAKER_MAX * 4 + 1] = "";
    if (committed) {
        if (!date || !date_valid(date))
            return err_set(e, ERR_INPUT, _("date: \"%s\" is not a date (YYYY-MM-DD)"), date ? date : "");
        if (share < 1 || share > 100)
            return err_set(e, ERR_INPUT, "%s", _("share: a percentage from 1 to 100"));
        if (text_field_clean(taker_in ? taker_in : "", taker, sizeof taker, LOT_TAKER_MAX, _("taker"), e) < 0)
            return -1;
        if (!taker[0]) return err_set(e, ERR_INPUT, "%s", _("taker: empty (who committed to reuse the devices)"));
    }
    Lot lot;
    int r = lot_get(c, lot_in, &lot, e);
    if (r < 0) return -1;
    if (!r) return err_set(e, ERR_NOTFOUND, _("no lot %s"), lot_in);
    if (strcmp(lot.workshop, c->workshop) != 0)
        return err_set(e, ERR_INPUT, _("lot %s belongs to workshop %s: only it records its commitment"),
                       lot.id, lot.workshop);
    json_t *p = json_pack("{s:s, s:i}", "lot", lot.id, "committed", committed ? 1 : 0);
    if (committed) {
        json_object_set_new(p, "date", json_string(date));
        json_object_set_new(p, "share", json_integer(share));
        json_object_set_new(p, "taker", json_string(taker));
    }
    return event_append(c, "lot.commit", NULL, p, NULL, e);
}

static const char SQL_GET[] = "SELECT committed, date, share, taker FROM lot_commitments WHERE lot = ?1";

int lot_commitment_get(Ctx *c, const char *lot, LotCommitment *out, Err *e)
{
    memset(out, 0, sizeof *out);
    out->share = -1;
    sqlite3_stmt *st = db_stmt(c->db, SQL_GET, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, lot, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->known = 1;
        out->committed = sqlite3_column_int(st, 0);
        snprintf(out->date, sizeof out->date, "%s", (const char *)sqlite3_column_text(st, 1));
        out->share = sqlite3_column_int(st, 2);
        snprintf(out->taker, sizeof out->taker, "%s", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

void lot_commitment_text(const LotCommitment *m, char *out, size_t size)
{
    if (!m->known) snprintf(out, size, "%s", _("not stated"));
    else if (!m->committed) snprintf(out, size, "%s", _("none (the taker did not commit beforehand)"));
    /* TRANSLATORS: after « Engagement de réemploi : » — « pris le 2026-03-01, pour 80 % des appareils, par Emmaüs Connect » */
    else snprintf(out, size, _("made on %s, for %d %% of the devices, by %s"), m->date, m->share, m->taker);
}
