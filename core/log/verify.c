/*
 * verify.c — documents from verified records only (see verify.h).
 */
#include "core/log/verify.h"
#include "core/log/apply.h"
#include "core/log/dump.h"
#include "core/log/project.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rows a device's documents read, table by table. */
static const struct { const char *table, *sql; } ROWS[] = {
    { "devices", "SELECT * FROM devices WHERE id = ?1" },
    { "gradings", "SELECT * FROM gradings WHERE device = ?1" },
    { "media", "SELECT * FROM media WHERE device = ?1 ORDER BY serial_key" },
    { "wipes", "SELECT * FROM wipes WHERE device = ?1 OR (workshop, key) IN "
               "(SELECT workshop, key FROM wipe_links WHERE device = ?1) ORDER BY workshop, key" },
    { "wipe_links", "SELECT * FROM wipe_links WHERE device = ?1 ORDER BY event_id" },
    { "offers", "SELECT * FROM offers WHERE device = ?1" },
    { "refused", "SELECT * FROM refused WHERE device = ?1 ORDER BY event_id" },
    { "allocations", "SELECT * FROM allocations WHERE device = ?1 ORDER BY id" },
    { "disposals", "SELECT * FROM disposals WHERE device = ?1" },
    { "goal_marks", "SELECT * FROM goal_marks WHERE device = ?1 ORDER BY mark" },
};
#define N_ROWS (sizeof ROWS / sizeof ROWS[0])

typedef struct Buf {
    char *s;
    size_t len, cap;
} Buf;

static void put(Buf *b, const char *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (b->len + n + 1 > cap) cap *= 2;
        char *q = realloc(b->s, cap);
        if (!q) return;
        b->s = q;
        b->cap = cap;
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* One line per row: "col=value\tcol=value". */
static int snapshot(Ctx *c, const char *device, Buf out[N_ROWS], Err *e)
{
    for (size_t t = 0; t < N_ROWS; t++) {
        sqlite3_stmt *st;
        out[t].len = 0;
        put(&out[t], "", 0);
        if (sqlite3_prepare_v2(db_handle(c->db), ROWS[t].sql, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
        sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const char *name = sqlite3_column_name(st, i);
                const char *v = (const char *)sqlite3_column_text(st, i);
                if (i) put(&out[t], "\t", 1);
                put(&out[t], name, strlen(name));
                put(&out[t], "=", 1);
                if (v) put(&out[t], v, strlen(v));
                else put(&out[t], "NULL", 4);
            }
            put(&out[t], "\n", 1);
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    }
    return 0;
}

/* The first row that differs, put into words: the row's first two
 * columns (its key), then the column that differs with both values. */
static void first_diff(const char *a, const char *b, char *out, size_t size)
{
    const char *ea, *eb;
    size_t la = 0, lb = 0;
    while (*a || *b) {
        ea = strchr(a, '\n');
        eb = strchr(b, '\n');
        la = ea ? (size_t)(ea - a) : strlen(a);
        lb = eb ? (size_t)(eb - b) : strlen(b);
        if (la != lb || memcmp(a, b, la) != 0) break;
        a += la + (ea != NULL);
        b += lb + (eb != NULL);
    }
    char ra[2048], rb[2048];
    snprintf(ra, sizeof ra, "%.*s", (int)(la < sizeof ra ? la : sizeof ra - 1), a);
    snprintf(rb, sizeof rb, "%.*s", (int)(lb < sizeof rb ? lb : sizeof rb - 1), b);
    const char *row = ra[0] ? ra : rb;
    /* the row's key: its first two columns, each value cut after 10 bytes
     * (a status line has two lines for the whole message) */
    char key[200];
    size_t k = 0;
    const char *p = row;
    for (int col = 0; col < 2 && *p && k < sizeof key - 40; col++) {
        const char *end = strchr(p, '\t');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t shown = eq && (size_t)(eq - p) + 11 < len ? (size_t)(eq - p) + 11 : len;
        if (shown > sizeof key - k - 8) shown = sizeof key - k - 8;
        if (col) key[k++] = ' ';
        memcpy(key + k, p, shown);
        k += shown;
        if (shown < len) k += (size_t)snprintf(key + k, sizeof key - k, "…");
        if (!end) break;
        p = end + 1;
    }
    key[k] = '\0';
    if (!ra[0] || !rb[0]) {
        snprintf(out, size, !ra[0] ? _("row %s is missing (the events give it)") : _("row %s is not in the events"), key);
        return;
    }
    /* column by column */
    char *sa = ra, *sb = rb;
    while (sa && sb) {
        char *na = strchr(sa, '\t'), *nb = strchr(sb, '\t');
        if (na) *na = '\0';
        if (nb) *nb = '\0';
        if (strcmp(sa, sb) != 0) {
            char *eq = strchr(sa, '='), *eqb = strchr(sb, '=');
            if (eq && eqb) {
                *eq = '\0';
                snprintf(out, size, _("row %s, column %s: «%.60s» stored, «%.60s» from the events"), key, sa, eq + 1,
                         eqb + 1);
                return;
            }
            break;
        }
        sa = na ? na + 1 : NULL;
        sb = nb ? nb + 1 : NULL;
    }
    snprintf(out, size, _("row %s differs from the events"), key);
}

static int load_event(Ctx *c, const char *id, Event *ev, Err *e)
{
    static const char sql[] = "SELECT " EVENT_COLUMNS " FROM events WHERE id = ?1";
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) found = 1, event_from_row(st, ev);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return found;
}

/* The wipe records of the device (its rows, its links) rebuilt from their
 * wipe.record events, as apply_wipe_record makes them. */
static int rederive_wipes(Ctx *c, const char *device, Err *e)
{
    static const char sql_keys[] =
        "SELECT workshop, key, event_id FROM wipes WHERE device = ?1 OR (workshop, key) IN "
        "(SELECT workshop, key FROM wipe_links WHERE device = ?1) "
        "UNION SELECT workshop, key, event_id FROM wipe_links WHERE device = ?1";
    static const char sql_scan[] =
        "SELECT id FROM events WHERE kind = 'wipe.record' AND workshop = ?1 AND "
        "(coalesce(json_extract(payload, '$.key'), id) = ?2) ORDER BY hlc, id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(c->db), sql_keys, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
    typedef struct { char ws[16], key[256]; } Key;
    Key *keys = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *ws = (const char *)sqlite3_column_text(st, 0), *k = (const char *)sqlite3_column_text(st, 1);
        size_t i;
        for (i = 0; i < n; i++)
            if (!strcmp(keys[i].ws, ws ? ws : "") && !strcmp(keys[i].key, k ? k : "")) break;
        if (i < n) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            Key *p = realloc(keys, cap * sizeof *p);
            if (!p) { free(keys); sqlite3_finalize(st); return err_set(e, ERR_INTERNAL, "%s", _("out of memory")); }
            keys = p;
        }
        snprintf(keys[n].ws, sizeof keys[n].ws, "%s", ws ? ws : "");
        snprintf(keys[n].key, sizeof keys[n].key, "%s", k ? k : "");
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) { free(keys); return db_error_rc(c->db, rc, e); }
    int r = 0;
    for (size_t i = 0; r == 0 && i < n; i++) {
        char sql_del[] = "DELETE FROM wipes WHERE workshop = ?1 AND key = ?2";
        if (sqlite3_prepare_v2(db_handle(c->db), sql_del, -1, &st, NULL) != SQLITE_OK) { r = db_error(c->db, e); break; }
        sqlite3_bind_text(st, 1, keys[i].ws, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, keys[i].key, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) { r = db_error_rc(c->db, rc, e); break; }
        /* every record of that key, as a rebuild applies them */
        if (sqlite3_prepare_v2(db_handle(c->db), sql_scan, -1, &st, NULL) != SQLITE_OK) { r = db_error(c->db, e); break; }
        sqlite3_bind_text(st, 1, keys[i].ws, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, keys[i].key, -1, SQLITE_TRANSIENT);
        while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            Event ev;
            char id[EVENT_ID_MAX];
            snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(st, 0));
            int f = load_event(c, id, &ev, e);
            if (f < 0) r = -1;
            else if (f) {
                /* a record the projection refuses is left out, as in a rebuild */
                Err ignore = { 0 };
                if (apply_wipe_record(c, &ev, &ignore) < 0 && ignore.code != ERR_INPUT) r = err_set(e, ignore.code, "%s", ignore.msg);
                event_free(&ev);
            }
        }
        if (r == 0 && rc != SQLITE_DONE) r = db_error_rc(c->db, rc, e);
        sqlite3_finalize(st);
    }
    free(keys);
    return r;
}

/* A database that can only be read (a read-only file system, db.h) is
 * recomputed into TEMP tables of the same names and schema, which shadow
 * the stored ones (SQLite resolves a name in temp first): they hold the
 * device's rows, the same fold writes into them, and they are dropped. */
static int shadow_begin(Ctx *c, const char *device, Err *e)
{
    sqlite3 *h = db_handle(c->db);
    for (size_t t = 0; t < N_ROWS; t++) {
        sqlite3_stmt *st;
        char *sql = NULL;
        if (sqlite3_prepare_v2(h, "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?1", -1, &st,
                               NULL) != SQLITE_OK) return db_error(c->db, e);
        sqlite3_bind_text(st, 1, ROWS[t].table, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *def = (const char *)sqlite3_column_text(st, 0);
            if (def && !strncmp(def, "CREATE TABLE ", 13)) sql = sqlite3_mprintf("CREATE TEMP TABLE %s", def + 13);
        }
        sqlite3_finalize(st);
        if (!sql) return err_set(e, ERR_DB, "verify: no table %s", ROWS[t].table);
        int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
        sqlite3_free(sql);
        if (rc != SQLITE_OK) return db_error(c->db, e);
        /* the stored rows of the device, as its snapshot reads them */
        char *copy = sqlite3_mprintf("INSERT INTO temp.%s %s", ROWS[t].table, ROWS[t].sql);
        char *q = copy ? strstr(copy, " FROM ") : NULL;
        char *qualified = q ? sqlite3_mprintf("%.*s FROM main.%s", (int)(q - copy), copy, q + 6) : NULL;
        sqlite3_free(copy);
        if (!qualified || sqlite3_prepare_v2(h, qualified, -1, &st, NULL) != SQLITE_OK) {
            sqlite3_free(qualified);
            return db_error(c->db, e);
        }
        sqlite3_free(qualified);
        sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    }
    return 0;
}

static void shadow_end(Ctx *c)
{
    for (size_t t = 0; t < N_ROWS; t++) {
        char *sql = sqlite3_mprintf("DROP TABLE IF EXISTS temp.%s", ROWS[t].table);
        sqlite3_exec(db_handle(c->db), sql, NULL, NULL, NULL);
        sqlite3_free(sql);
    }
}

int verify_device(Ctx *c, const char *device, char *why, size_t size, Err *e)
{
    Buf before[N_ROWS], after[N_ROWS];
    memset(before, 0, sizeof before);
    memset(after, 0, sizeof after);
    if (size) why[0] = '\0';
    int ro = sqlite3_db_readonly(db_handle(c->db), "main") == 1;
    int r = snapshot(c, device, before, e);
    if (r == 0) r = ro ? shadow_begin(c, device, e) : db_begin(c->db, e);
    int began = r == 0;
    /* the fold first (device, gradings, media, links), then the wipe
     * records from their events, then the fold again for their device */
    if (r == 0) r = project_device(c, device, e);
    if (r == 0) r = rederive_wipes(c, device, e);
    if (r == 0) r = project_device(c, device, e);
    if (r == 0) r = snapshot(c, device, after, e);
    if (ro) shadow_end(c);
    else if (began) db_rollback(c->db);
    int ok = 1;
    for (size_t t = 0; r == 0 && ok && t < N_ROWS; t++) {
        const char *a = before[t].s ? before[t].s : "", *b = after[t].s ? after[t].s : "";
        if (strcmp(a, b) == 0) continue;
        char d[400];
        first_diff(a, b, d, sizeof d);
        snprintf(why, size, _("device %s, table %s: %s"), device, ROWS[t].table, d);
        ok = 0;
    }
    for (size_t t = 0; t < N_ROWS; t++) free(before[t].s), free(after[t].s);
    return r < 0 ? -1 : ok;
}

int verify_all(Ctx *c, ChainReport *r, int projections, Err *e)
{
    if (chain_verify(c, r, e) < 0) return -1;
    if (!r->ok || !projections) return 0;
    DumpDiff d;
    int n = dump_check(c, &d, 1, e);
    if (n < 0) return -1;
    if (n > 0) {
        r->ok = 0;
        r->bad_n = 0;
        snprintf(r->reason, sizeof r->reason, _("table %s, row %s%s%s: stored «%s», the events give «%s»"), d.table,
                 d.key, d.column[0] ? _(", column ") : "", d.column, d.stored[0] ? d.stored : "-",
                 d.rebuilt[0] ? d.rebuilt : "-");
    }
    return 0;
}

int verify_for_document(Ctx *c, const char *const *devices, size_t n, ChainReport *r, Err *e)
{
    if (chain_verify_since(c, r, e) < 0) return -1;
    if (!r->ok)
        return err_set(e, ERR_INPUT, _("the records could not be verified: %s%s%s"), r->reason,
                       r->bad_event[0] ? " — " : "", r->bad_event);
    for (size_t i = 0; i < n; i++) {
        char why[400];
        int v = verify_device(c, devices[i], why, sizeof why, e);
        if (v < 0) return -1;
        if (!v) {
            r->ok = 0;
            snprintf(r->reason, sizeof r->reason, "%s", why);
            return err_set(e, ERR_INPUT, _("the records could not be verified: %s (\"boucle rebuild\" recomputes "
                                           "the tables from the events; \"boucle verify\" checks them all)"), why);
        }
    }
    return 0;
}
