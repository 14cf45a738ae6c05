/* region.c — the other workshops' ready stock (see region.h). */
#include "core/stock/region.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ready devices of the other workshops, in all, under which a search reads
 * their rows one by one (a few ms at most) rather than through the search
 * indexes, whose candidates may be mostly this workshop's own. */
#define REGION_SCAN_MAX 20000
#define REGION_WS_MAX 64        /* workshops of a region: a handful to tens */
#define REGION_WORDS_MAX 8

typedef struct Ws {
    char code[WORKSHOP_CODE_MAX + 1];
    int64_t ready;
} Ws;

/* The other workshops that own ready devices here: the tallies' state rows,
 * an index range of the primary key. */
static const char SQL_WS[] =
    "SELECT substr(scope, 7), n FROM tallies WHERE scope >= 'state/' AND scope < 'state0' AND key = 'ready' "
    "AND n > 0 AND scope <> 'state/' || ?1 ORDER BY scope";

static int others(Ctx *c, Ws *ws, int max, int64_t *total, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_WS, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_STATIC);
    int n = 0, rc;
    *total = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
        snprintf(ws[n].code, sizeof ws[n].code, "%s", (const char *)sqlite3_column_text(st, 0));
        ws[n].ready = sqlite3_column_int64(st, 1);
        *total += ws[n++].ready;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : db_error_rc(c->db, rc, e);
}

int64_t region_ready_count(Ctx *c, Err *e)
{
    Ws ws[REGION_WS_MAX];
    int64_t total;
    return others(c, ws, REGION_WS_MAX, &total, e) < 0 ? -1 : total;
}

/* What a search is checked with, row by row: every word a word prefix of
 * asset id, serial, donor tag, make or model, or (3 characters or more, no
 * blank) the text inside serial, donor tag or the asset id's number — the
 * device list's rules (device.h). */
typedef struct Match {
    char words[REGION_WORDS_MAX][128];
    int nwords;
    char code[256];         /* upper case; "" when the text does not qualify */
} Match;

static int match_parse(const char *text, Match *m)
{
    memset(m, 0, sizeof *m);
    const unsigned char *p = (const unsigned char *)text;
    while (*p && m->nwords < REGION_WORDS_MAX) {
        while (*p && !(isalnum(*p) || *p >= 0x80)) p++;
        const unsigned char *start = p;
        while (*p && (isalnum(*p) || *p >= 0x80)) p++;
        size_t len = (size_t)(p - start);
        if (!len) break;
        if (len >= sizeof m->words[0]) len = sizeof m->words[0] - 1;
        memcpy(m->words[m->nwords], start, len);
        m->words[m->nwords++][len] = '\0';
    }
    const char *t = text;
    while (*t == ' ' || *t == '\t') t++;
    size_t n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\t')) n--;
    if (n < sizeof m->code && !memchr(t, ' ', n) && !memchr(t, '\t', n) && utf8_count(t, n) >= 3) {
        for (size_t i = 0; i < n; i++) m->code[i] = (char)toupper((unsigned char)t[i]);
        m->code[n] = '\0';
    }
    return m->nwords || m->code[0];
}

/* One workshop's ready devices after the anchor (n, nearest first), checked
 * against m when not NULL. Fills n and id of rows; returns the count. */
static int ws_page(Ctx *c, const char *ws, const RegionQuery *q, const Match *m, int64_t anchor, int dir,
                   int limit, DeviceRow *rows, Err *e)
{
    char sql[2048];
    int len = snprintf(sql, sizeof sql, "SELECT d.n, d.id FROM devices d WHERE d.workshop = ?1 AND d.state = 'ready' "
                       "AND d.n %s ?2", dir >= 0 ? "<" : ">");
    if (q->category && *q->category) len += snprintf(sql + len, sizeof sql - len, " AND d.category = ?3");
    if (q->grade && *q->grade) len += snprintf(sql + len, sizeof sql - len, " AND d.grade = ?4");
    if (m) {
        len += snprintf(sql + len, sizeof sql - len, " AND (");
        if (m->nwords) {
            len += snprintf(sql + len, sizeof sql - len, "(1");
            for (int i = 0; i < m->nwords; i++)
                len += snprintf(sql + len, sizeof sql - len, " AND word_prefix(d.id || ' ' || d.serial || ' ' || "
                                "d.donor_tag || ' ' || d.make || ' ' || d.model, ?%d)", 10 + i);
            len += snprintf(sql + len, sizeof sql - len, ")%s", m->code[0] ? " OR " : "");
        }
        if (m->code[0])
            len += snprintf(sql + len, sizeof sql - len, "instr(upper(d.serial), ?6) OR instr(upper(d.donor_tag), ?6) "
                            "OR instr(substr(d.id, length(rtrim(d.id, '0123456789')) + 1), ?6)");
        len += snprintf(sql + len, sizeof sql - len, ")");
    }
    snprintf(sql + len, sizeof sql - len, " ORDER BY d.n %s LIMIT ?5", dir >= 0 ? "DESC" : "ASC");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    sqlite3_bind_text(st, 1, ws, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, anchor);
    if (q->category && *q->category) sqlite3_bind_text(st, 3, q->category, -1, SQLITE_STATIC);
    if (q->grade && *q->grade) sqlite3_bind_text(st, 4, q->grade, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, limit);
    if (m && m->code[0]) sqlite3_bind_text(st, 6, m->code, -1, SQLITE_STATIC);
    for (int i = 0; m && i < m->nwords; i++) sqlite3_bind_text(st, 10 + i, m->words[i], -1, SQLITE_STATIC);
    int n = 0, rc = SQLITE_DONE;
    while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows[n].n = sqlite3_column_int64(st, 0);
        snprintf(rows[n].d.id, sizeof rows[n].d.id, "%s", (const char *)sqlite3_column_text(st, 1));
        n++;
    }
    if (n == limit) rc = SQLITE_DONE;
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? n : db_error_rc(c->db, rc, e);
}

/* Is row a nearer than row b in the direction of the page? */
static int nearer(int64_t a, int64_t b, int dir) { return dir >= 0 ? a > b : a < b; }

int region_page(Ctx *c, const RegionQuery *q, int64_t anchor, int dir, int limit, DeviceRow *rows, Err *e)
{
    Ws ws[REGION_WS_MAX];
    int64_t total;
    int nws = others(c, ws, REGION_WS_MAX, &total, e);
    if (nws <= 0 || limit <= 0) return nws < 0 ? -1 : 0;
    int searching = q->search && *q->search;
    Match m;
    if (searching && !match_parse(q->search, &m)) return 0;
    if (searching && total > REGION_SCAN_MAX) {
        /* many candidates: the search indexes, filtered */
        DeviceQuery dq = { .search = q->search, .state = "ready", .category = q->category,
                           .grade = q->grade, .not_owner = c->workshop };
        return device_page(c, &dq, anchor, dir, limit, rows, e);
    }
    /* each workshop's page, nearest first, then the nearest `limit` of all */
    DeviceRow *all = malloc(sizeof *all * (size_t)limit * (size_t)nws);
    int *got = calloc((size_t)nws, sizeof *got), *at = calloc((size_t)nws, sizeof *at);
    int n = -1;
    if (!all || !got || !at) { err_set(e, ERR_INTERNAL, "%s", _("out of memory")); goto out; }
    for (int w = 0; w < nws; w++)
        if ((got[w] = ws_page(c, ws[w].code, q, searching ? &m : NULL, anchor, dir, limit,
                              all + (size_t)w * (size_t)limit, e)) < 0) goto out;
    for (n = 0; n < limit; n++) {
        int best = -1;
        for (int w = 0; w < nws; w++)
            if (at[w] < got[w] && (best < 0 || nearer(all[(size_t)w * (size_t)limit + (size_t)at[w]].n,
                                                      all[(size_t)best * (size_t)limit + (size_t)at[best]].n, dir)))
                best = w;
        if (best < 0) break;
        rows[n] = all[(size_t)best * (size_t)limit + (size_t)at[best]++];
    }
    if (dir < 0)    /* nearest first is oldest first: give them newest first */
        for (int i = 0; i < n / 2; i++) {
            DeviceRow t = rows[i];
            rows[i] = rows[n - 1 - i];
            rows[n - 1 - i] = t;
        }
    for (int i = 0; i < n; i++) {
        int r = device_get(c, rows[i].d.id, &rows[i].d, e);
        if (r <= 0) { if (r == 0) err_set(e, ERR_NOTFOUND, _("No device %s."), rows[i].d.id); n = -1; break; }
    }
out:
    free(all);
    free(got);
    free(at);
    return n;
}

static const char SQL_READY_SINCE[] =
    "SELECT max(hlc) FROM events WHERE device = ?1 AND kind = 'device.state' "
    "AND json_extract(payload, '$.state') = 'ready'";

int region_ready_since(Ctx *c, const Device *d, Hlc *since, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_READY_SINCE, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *since = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL ? (Hlc)sqlite3_column_int64(st, 0)
                                                                           : d->received_hlc;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}
