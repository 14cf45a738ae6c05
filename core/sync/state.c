/*
 * state.c — what sync keeps locally: its configuration, the documents
 * events become on the hub, the sync_state row per hub, the rejected
 * documents, and the status the screens show.
 */
#include "core/sync/sync.h"
#include "core/sync/jscan.h"
#include "core/sync/sync_run.h"
#include "core/settings/config.h"
#include "core/sync/hub.h"
#include "core/stock/workshop.h"
#include "util/i18n.h"
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- configuration -------------------------------------------------------- */

static int conf_get(const char *path, const char *key, char *out, size_t size, Err *e)
{
    int r = config_get(path, key, out, size, e);
    if (r == 0) out[0] = '\0';
    return r < 0 ? -1 : 0;
}

int sync_config_load(const Ctx *c, const char *config_path, SyncConfig *cfg, Err *e)
{
    memset(cfg, 0, sizeof *cfg);
    char flag[16];
    if (conf_get(config_path, "hub.url", cfg->url, sizeof cfg->url, e) < 0 ||
        conf_get(config_path, "hub.db", cfg->db, sizeof cfg->db, e) < 0 ||
        conf_get(config_path, "hub.user", cfg->user, sizeof cfg->user, e) < 0 ||
        conf_get(config_path, "hub.password", cfg->password, sizeof cfg->password, e) < 0 ||
        conf_get(config_path, "hub.cafile", cfg->cainfo, sizeof cfg->cainfo, e) < 0 ||
        conf_get(config_path, "hub.insecure", flag, sizeof flag, e) < 0) {
        sync_config_clear(cfg);
        return -1;
    }
    const char *pw = getenv("BOUCLE_HUB_PASSWORD");
    if (pw && *pw) snprintf(cfg->password, sizeof cfg->password, "%s", pw);
    if (!cfg->db[0]) snprintf(cfg->db, sizeof cfg->db, "%s", HUB_DB_DEFAULT);
    if (!cfg->user[0] && c) snprintf(cfg->user, sizeof cfg->user, "%s", c->workshop);
    cfg->insecure = strcmp(flag, "yes") == 0 || strcmp(flag, "true") == 0 || strcmp(flag, "1") == 0;
    if (!cfg->url[0])
        return err_set(e, ERR_INPUT, _("no hub is configured: set the hub's address (hub.url) first"));
    return 0;
}

void sync_config_clear(SyncConfig *cfg)
{
    explicit_bzero(cfg->password, sizeof cfg->password);
}

/* ---- documents -------------------------------------------------------------- */

json_t *sync_event_doc(const Event *ev)
{
    /* event_to_json's fields, with the id as the document's _id */
    json_t *d = event_to_json(ev);
    json_object_set(d, "_id", json_object_get(d, "id"));
    json_object_del(d, "id");
    json_object_set_new(d, "type", json_string("event"));
    json_object_set_new(d, "v", json_integer(HUB_DOC_VERSION));
    return d;
}

static int copy_field(json_t *doc, const char *key, char *out, size_t size, int nullable,
                      const char *id, Err *e)
{
    json_t *v = json_object_get(doc, key);
    if (nullable && (!v || json_is_null(v))) { out[0] = '\0'; return 0; }
    if (!json_is_string(v) || json_string_length(v) >= size)
        return err_set(e, ERR_INPUT, _("hub document %s: field \"%s\" is missing or invalid"), id, key);
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

int sync_doc_event(json_t *doc, Event *ev, Err *e)
{
    memset(ev, 0, sizeof *ev);
    const char *id = json_string_value(json_object_get(doc, "_id"));
    if (!id || strncmp(id, "_design/", 8) == 0) return 0;
    if (!json_is_string(json_object_get(doc, "type")) ||
        strcmp(json_string_value(json_object_get(doc, "type")), "event") != 0) return 0;
    json_t *v = json_object_get(doc, "v");
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return err_set(e, ERR_INPUT, _("hub document %s: no schema version"), id);
    if (json_integer_value(v) > HUB_DOC_VERSION)
        return err_set(e, ERR_INPUT, _("hub document %s was written by a newer boucle (format %" PRId64 "); it is kept until this one is updated"),
                       id, (int64_t)json_integer_value(v));
    char hex[17];
    if (copy_field(doc, "_id", ev->id, sizeof ev->id, 0, id, e) < 0 ||
        copy_field(doc, "hlc", hex, sizeof hex, 0, id, e) < 0 ||
        copy_field(doc, "workshop", ev->workshop, sizeof ev->workshop, 0, id, e) < 0 ||
        copy_field(doc, "operator", ev->operator, sizeof ev->operator, 0, id, e) < 0 ||
        copy_field(doc, "device", ev->device, sizeof ev->device, 1, id, e) < 0 ||
        copy_field(doc, "kind", ev->kind, sizeof ev->kind, 0, id, e) < 0)
        return -1;
    char *end;
    if (strlen(hex) != 16 || (ev->hlc = strtoull(hex, &end, 16), *end))
        return err_set(e, ERR_INPUT, _("hub document %s: field \"%s\" is missing or invalid"), id, "hlc");
    json_t *p = json_object_get(doc, "payload");
    if (!json_is_object(p))
        return err_set(e, ERR_INPUT, _("hub document %s: field \"%s\" is missing or invalid"), id, "payload");
    ev->payload = json_incref(p);
    return 1;
}

void sync_hub_key(const SyncConfig *cfg, char *out, size_t size)
{
    /* the URL without credentials: couch_new strips them the same way */
    Couch *tmp = couch_new(cfg->url, NULL, NULL, NULL);
    snprintf(out, size, "%s/%s", tmp ? couch_url_public(tmp) : cfg->url, cfg->db);
    couch_free(tmp);
}

/* ---- local state ------------------------------------------------------------ */


static const char SQL_STATE_GET[] =
    "SELECT push_seq, ack_seq, since FROM sync_state WHERE hub = ?1";
static const char SQL_STATE_NEW[] =
    "INSERT INTO sync_state(hub) VALUES (?1) ON CONFLICT(hub) DO NOTHING";
static const char SQL_REJECT[] =
    "INSERT INTO sync_rejects(hub, direction, event_id, error, reason, doc, attempts, first_ms, last_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7) "
    "ON CONFLICT(hub, direction, event_id) DO UPDATE SET error = excluded.error, "
    "reason = excluded.reason, attempts = attempts + 1, last_ms = excluded.last_ms";
static const char SQL_REJECT_DONE[] =
    "DELETE FROM sync_rejects WHERE hub = ?1 AND direction = ?2 AND event_id = ?3";
static const char SQL_PENDING[] =
    "SELECT count(*) FROM events WHERE seq > ?1 AND workshop = ?2";
/* The status bar asks often: it counts at most SYNC_PENDING_CAP rows (a
 * database never synced would otherwise be read whole, 2M rows in 0.4 s). */
static const char SQL_PENDING_CAPPED[] =
    "SELECT count(*) FROM (SELECT 1 FROM events WHERE seq > ?1 AND workshop = ?2 LIMIT ?3)";

int sync_state_load(Ctx *c, State *s, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_STATE_NEW, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, s->hub, -1, SQLITE_STATIC);
    if (db_step_done(c->db, st, e) < 0) return -1;
    if (!(st = db_stmt(c->db, SQL_STATE_GET, e))) return -1;
    sqlite3_bind_text(st, 1, s->hub, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        s->push_seq = sqlite3_column_int64(st, 0);
        s->ack_seq = sqlite3_column_int64(st, 1);
        const unsigned char *since = sqlite3_column_text(st, 2);
        if (sync_state_since(s, since ? (const char *)since : "0") < 0) rc = SQLITE_NOMEM;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : db_error_rc(c->db, rc, e);
}

int sync_state_since(State *s, const char *since)
{
    char *p = strdup(since);
    if (!p) return -1;
    free(s->since);
    s->since = p;
    return 0;
}

void sync_state_free(State *s)
{
    free(s->since);
    s->since = NULL;
}

int sync_state_exec(Ctx *c, const char *sql, const char *hub, int64_t a, int64_t b,
                      const char *text, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, hub, -1, SQLITE_STATIC);
    if (text) sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    else sqlite3_bind_int64(st, 2, a);
    sqlite3_bind_int64(st, 3, b);
    return db_step_done(c->db, st, e);
}

int sync_reject_record(Ctx *c, const char *hub, const char *dir, const char *id,
                         const char *error, const char *reason, const char *doc, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_REJECT, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, hub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, dir, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, error ? error : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, reason ? reason : "", -1, SQLITE_STATIC);
    if (doc) sqlite3_bind_text(st, 6, doc, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 6);
    sqlite3_bind_int64(st, 7, hlc_wall_ms());
    return db_step_done(c->db, st, e);
}

int sync_reject_clear(Ctx *c, const char *hub, const char *dir, const char *id, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_REJECT_DONE, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, hub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, dir, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
    return db_step_done(c->db, st, e);
}

static int64_t sync_count_pending_sql(Ctx *c, int64_t after, const char *sql)
{
    sqlite3_stmt *st = db_stmt(c->db, sql, NULL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    if (sql == SQL_PENDING_CAPPED) sqlite3_bind_int64(st, 3, SYNC_PENDING_CAP);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

int64_t sync_count_pending(Ctx *c, int64_t after)
{
    return sync_count_pending_sql(c, after, SQL_PENDING);
}

/* ---- status ------------------------------------------------------------------ */

static const char SQL_STATUS[] =
    "SELECT push_seq, last_ok_ms, last_try_ms, last_error FROM sync_state "
    "WHERE (?1 IS NULL OR hub = ?1) ORDER BY last_try_ms DESC LIMIT 1";
static const char SQL_COUNT_REJECTS[] =
    "SELECT coalesce(sum(direction = 'push'), 0), coalesce(sum(direction = 'pull'), 0) FROM sync_rejects";

int sync_status(Ctx *c, const SyncConfig *cfg, SyncStatus *out, Err *e)
{
    memset(out, 0, sizeof *out);
    char hub[700];
    if (cfg) sync_hub_key(cfg, hub, sizeof hub);
    sqlite3_stmt *st = db_stmt(c->db, SQL_STATUS, e);
    if (!st) return -1;
    if (cfg) sqlite3_bind_text(st, 1, hub, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 1);
    int64_t push_seq = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->configured = 1;
        push_seq = sqlite3_column_int64(st, 0);
        out->last_ok_ms = sqlite3_column_int64(st, 1);
        out->last_try_ms = sqlite3_column_int64(st, 2);
        const unsigned char *le = sqlite3_column_text(st, 3);
        snprintf(out->last_error, sizeof out->last_error, "%s", le ? (const char *)le : "");
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    out->pending = sync_count_pending_sql(c, push_seq, SQL_PENDING_CAPPED);
    out->pending_more = out->pending >= SYNC_PENDING_CAP;
    if (!(st = db_stmt(c->db, SQL_COUNT_REJECTS, e))) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->rejected = sqlite3_column_int64(st, 0);
        out->deferred = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return 0;
}

static const char SQL_LIST_REJECTS[] =
    "SELECT direction, event_id, error, reason, attempts FROM sync_rejects ORDER BY last_ms DESC";

int sync_rejects(Ctx *c, SyncRejectCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_LIST_REJECTS, e);
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (cb(arg, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
               (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
               sqlite3_column_int(st, 4)))
            break;
    }
    sqlite3_reset(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : db_error_rc(c->db, rc, e);
}

/* ---- the fast path of a pulled document ---------------------------------- */

/* A plain JSON string at sp (no escapes, printable ASCII) copied into out
 * (size bytes): 1, or 0 when it is anything else (the slow path judges). */
static int plain_string(const char *doc, JSpan sp, char *out, size_t size)
{
    if (sp.len < 2 || doc[sp.off] != '"' || sp.len - 2 >= size) return 0;
    for (size_t i = sp.off + 1; i < sp.off + sp.len - 1; i++)
        if (doc[i] == '\\' || (unsigned char)doc[i] < 0x20 || (unsigned char)doc[i] > 0x7e) return 0;
    memcpy(out, doc + sp.off + 1, sp.len - 2);
    out[sp.len - 2] = '\0';
    return 1;
}

/* Whether jansson would take text (valid JSON per the scanner) as it is:
 * strings in valid UTF-8 (no overlong form, no surrogate, nothing above
 * U+10FFFF) without a \u0000 or \uD800–\uDFFF escape (a pair is left to
 * jansson too), and numbers short enough never to overflow (jansson
 * refuses an integer beyond 64 bits and a real beyond a double). */
static int text_clean(const unsigned char *p, size_t n)
{
    int in_str = 0;
    size_t num = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = p[i];
        if (!in_str) {
            if (b == '"') { in_str = 1; num = 0; i++; continue; }
            if ((b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E') {
                if (++num > 15) return 0;
            } else {
                num = 0;
            }
            if (b >= 0x80) return 0;
            i++;
            continue;
        }
        if (b == '"') { in_str = 0; i++; continue; }
        if (b == '\\') {
            if (i + 1 >= n) return 0;
            if (p[i + 1] != 'u') { i += 2; continue; }
            if (i + 5 >= n) return 0;
            const unsigned char *h = p + i + 2;
            if (!memcmp(h, "0000", 4) || ((h[0] == 'd' || h[0] == 'D') && h[1] && strchr("89abcdefABCDEF", h[1])))
                return 0;
            i += 6;
            continue;
        }
        if (b < 0x80) { i++; continue; }
        size_t k = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 ? 1 : 0;
        if (!k || b > 0xf4 || i + k >= n) return 0;
        for (size_t j = 1; j <= k; j++)
            if ((p[i + j] & 0xc0) != 0x80) return 0;
        if (b == 0xe0 && p[i + 1] < 0xa0) return 0;                 /* overlong */
        if (b == 0xed && p[i + 1] >= 0xa0) return 0;                /* surrogate */
        if (b == 0xf0 && p[i + 1] < 0x90) return 0;                 /* overlong */
        if (b == 0xf4 && p[i + 1] >= 0x90) return 0;                /* above U+10FFFF */
        i += k + 1;
    }
    return 1;
}

/* See sync.h. One pass over the document's members with the scanner;
 * anything unusual is left to the slow path. */
int sync_doc_event_text(const char *doc, size_t len, Event *ev, char **payload)
{
    *payload = NULL;
    memset(ev, 0, sizeof *ev);
    if (!text_clean((const unsigned char *)doc, len)) return 0;
    size_t pos = 0;
    while (pos < len && (doc[pos] == ' ' || doc[pos] == '\n' || doc[pos] == '\r' || doc[pos] == '\t')) pos++;
    if (pos >= len || doc[pos] != '{') return 0;
    pos++;
    enum { F_ID, F_TYPE, F_V, F_HLC, F_WS, F_OP, F_DEV, F_KIND, F_PAYLOAD, F__N };
    static const char *const NAMES[F__N] = { "_id", "type", "v", "hlc", "workshop", "operator", "device", "kind", "payload" };
    JSpan f[F__N];
    int have[F__N] = { 0 };
    for (;;) {
        JSpan k, v;
        if (jscan_value(doc, len, &pos, &k, NULL) < 0 || doc[k.off] != '"') return 0;
        while (pos < len && doc[pos] != ':') {
            if (doc[pos] != ' ' && doc[pos] != '\n' && doc[pos] != '\r' && doc[pos] != '\t') return 0;
            pos++;
        }
        if (pos >= len) return 0;
        pos++;
        if (jscan_value(doc, len, &pos, &v, NULL) < 0) return 0;
        for (int i = 0; i < F__N; i++)
            if (k.len == strlen(NAMES[i]) + 2 && memcmp(doc + k.off + 1, NAMES[i], k.len - 2) == 0) {
                f[i] = v;
                have[i] = 1;
            }
        while (pos < len && (doc[pos] == ' ' || doc[pos] == '\n' || doc[pos] == '\r' || doc[pos] == '\t')) pos++;
        if (pos < len && doc[pos] == ',') { pos++; continue; }
        if (pos < len && doc[pos] == '}') break;
        return 0;
    }
    for (int i = 0; i < F__N; i++)
        if (!have[i]) return 0;
    memset(ev, 0, sizeof *ev);
    char type[8], hex[17];
    if (!plain_string(doc, f[F_TYPE], type, sizeof type) || strcmp(type, "event")) return 0;
    if (f[F_V].len != 1 || doc[f[F_V].off] < '1' || doc[f[F_V].off] - '0' > HUB_DOC_VERSION) return 0;
    if (!plain_string(doc, f[F_ID], ev->id, sizeof ev->id) || !strncmp(ev->id, "_design/", 8)) return 0;
    if (!plain_string(doc, f[F_HLC], hex, sizeof hex) || strlen(hex) != 16) return 0;
    char *end;
    ev->hlc = strtoull(hex, &end, 16);
    if (*end) return 0;
    if (!plain_string(doc, f[F_WS], ev->workshop, sizeof ev->workshop) ||
        !plain_string(doc, f[F_KIND], ev->kind, sizeof ev->kind)) return 0;
    /* an operator's name may be anything: decoded when not plain */
    if (!plain_string(doc, f[F_OP], ev->operator, sizeof ev->operator)) {
        size_t n;
        char *op = jscan_string(doc, f[F_OP], &n);
        int ok = op && n < sizeof ev->operator && !memchr(op, 0, n);
        if (ok) memcpy(ev->operator, op, n + 1);
        free(op);
        if (!ok) return 0;
    }
    if (f[F_DEV].len == 4 && !memcmp(doc + f[F_DEV].off, "null", 4)) ev->device[0] = '\0';
    else if (!plain_string(doc, f[F_DEV], ev->device, sizeof ev->device)) return 0;
    if (doc[f[F_PAYLOAD].off] != '{') return 0;
    char *t = malloc(f[F_PAYLOAD].len + 1);
    if (!t) return 0;
    memcpy(t, doc + f[F_PAYLOAD].off, f[F_PAYLOAD].len);
    t[f[F_PAYLOAD].len] = '\0';
    *payload = t;
    return 1;
}


int sync_doc_chain_type(const char *doc, size_t len)
{
    JSpan v;
    char type[8];
    if (jscan_member(doc, len, "type", &v) != 1 || !plain_string(doc, v, type, sizeof type)) return 0;
    return strcmp(type, "anchor") == 0 || strcmp(type, "head") == 0 || strcmp(type, "key") == 0;
}
