/*
 * anchor.c — the chain's heads anchored at the hub, and the chain checked
 * against them (see anchor.h).
 */
#include "core/sync/anchor.h"
#include "core/sync/sync_run.h"
#include "core/log/hlc.h"
#include "util/i18n.h"
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- documents ---- */

void anchor_doc_id(char *out, size_t size, const char *workshop, int64_t n)
{
    snprintf(out, size, "anchor:%s:%012" PRId64, workshop, n);
}

static void iso_ms(int64_t ms, char out[40])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 40, "%s.%03dZ", s, (int)(ms % 1000));
}

json_t *anchor_head_doc(const ChainHead *h, const char *type)
{
    char id[64], hash[65], key[65], sig[129], at[40];
    if (strcmp(type, "head") == 0) snprintf(id, sizeof id, "head:%s", h->workshop);
    else anchor_doc_id(id, sizeof id, h->workshop, h->n);
    sodium_bin2hex(hash, sizeof hash, h->hash, 32);
    sodium_bin2hex(key, sizeof key, h->key, 32);
    sodium_bin2hex(sig, sizeof sig, h->sig, 64);
    iso_ms(h->at_ms, at);
    return json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "_id", id, "type", type,
                     "workshop", h->workshop, "n", (json_int_t)h->n, "hash", hash, "key", key,
                     "sig", sig, "at", at);
}

/* Lower-case hex of exactly 2*len digits into out. 1 or 0. */
static int hex_field(json_t *doc, const char *name, unsigned char *out, size_t len)
{
    const char *s = json_string_value(json_object_get(doc, name));
    if (!s || strlen(s) != 2 * len) return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return 0;
    return sodium_hex2bin(out, len, s, 2 * len, NULL, NULL, NULL) == 0;
}

int anchor_head_from_doc(json_t *doc, ChainHead *h)
{
    memset(h, 0, sizeof *h);
    const char *ws = json_string_value(json_object_get(doc, "workshop"));
    json_t *n = json_object_get(doc, "n");
    if (!ws || strlen(ws) >= sizeof h->workshop || !json_is_integer(n) || json_integer_value(n) < 1) return 0;
    snprintf(h->workshop, sizeof h->workshop, "%s", ws);
    h->n = json_integer_value(n);
    return hex_field(doc, "hash", h->hash, 32) && hex_field(doc, "key", h->key, 32) &&
           hex_field(doc, "sig", h->sig, 64);
}

/* ---- pushing ---- */

static const char SQL_LAST_ANCHOR[] = "SELECT coalesce(max(n), 0) FROM chain_anchors WHERE hub = ?1";
static const char SQL_SEQ_OF[] = "SELECT seq FROM chain WHERE n = ?1";
/* The fingerprint a key replaced, from the event that announced it. */
static const char SQL_REPLACES[] =
    "SELECT json_extract(payload, '$.replaces') FROM events WHERE workshop = ?1 AND kind = 'workshop.key' "
    "AND json_extract(payload, '$.key') = ?2 ORDER BY seq DESC LIMIT 1";

static int64_t one_int(Ctx *c, const char *sql, const char *text, int64_t num, int *found, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    if (text) sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_int64(st, 1, num);
    int rc = sqlite3_step(st);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    *found = rc == SQLITE_ROW;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return v;
}

static void doc_path(const Run *r, const char *id, char *out, size_t size)
{
    char esc[256];
    couch_escape(id, esc, sizeof esc);
    snprintf(out, size, "%s/%s", r->dbpath, esc);
}

/* 1 when the fields named (NULL-terminated) are equal in a and b. */
static int same_fields(json_t *a, json_t *b, const char *const *names)
{
    for (; *names; names++)
        if (!json_equal(json_object_get(a, *names), json_object_get(b, *names))) return 0;
    return 1;
}

/* Puts a document meant to be immutable, the anchor of record n or (n 0)
 * the key: created, or already there with the same fields. 0, or -1 with
 * e (refused, another content, network). */
static int put_immutable(Run *r, json_t *doc, const char *const *fields, int64_t n, Err *e)
{
    const char *id = json_string_value(json_object_get(doc, "_id"));
    char path[512];
    doc_path(r, id, path, sizeof path);
    long status = 0;
    json_t *out = NULL;
    if (couch_request(r->hub, "PUT", path, doc, &status, &out, e) == 0) {
        json_decref(out);
        return 0;
    }
    json_decref(out);
    out = NULL;
    /* there already (a hub that validates before it looks, PouchDB Server,
     * answers 403 to a new "at"; CouchDB 409): the same, or another */
    if (status != 403 && status != 409) return -1;
    Err why = *e;
    long gs = 0;
    err_clear(e);
    if (couch_request(r->hub, "GET", path, NULL, &gs, &out, e) < 0) {
        json_decref(out);
        if (gs != 404) return -1;
        if (n) return err_set(e, ERR_IO, _("the hub refused the anchor of record %lld: %s"), (long long)n, why.msg);
        return err_set(e, ERR_IO, _("the hub refused the workshop's public key: %s"), why.msg);
    }
    int same = same_fields(doc, out, fields);
    json_decref(out);
    if (same) return 0;
    if (n)
        return err_set(e, ERR_IO, _("the hub holds another anchor at record %lld: this chain's history differs "
                                    "from the one anchored there (run boucle verify)"), (long long)n);
    return err_set(e, ERR_IO, _("the hub holds another document for this workshop's public key (%s)"), id);
}

/* head:<WS> moved to h: its _rev read, then PUT; a race (409) tried once
 * more. 0 or -1. */
static int put_head(Run *r, const ChainHead *h, Err *e)
{
    json_t *doc = anchor_head_doc(h, "head");
    char path[512];
    doc_path(r, json_string_value(json_object_get(doc, "_id")), path, sizeof path);
    int rc = -1;
    for (int attempt = 0; attempt < 2; attempt++) {
        long status = 0;
        json_t *cur = NULL;
        if (couch_request(r->hub, "GET", path, NULL, &status, &cur, e) == 0) {
            json_object_set(doc, "_rev", json_object_get(cur, "_rev"));
        } else if (status != 404) {
            json_decref(cur);
            break;
        }
        json_decref(cur);
        err_clear(e);
        json_t *out = NULL;
        rc = couch_request(r->hub, "PUT", path, doc, &status, &out, e);
        json_decref(out);
        if (rc == 0) break;
        if (status == 403) {
            char why[512];
            snprintf(why, sizeof why, "%s", e->msg);
            err_set(e, ERR_IO, _("the hub refused the head of record %lld: %s"), (long long)h->n, why);
            break;
        }
        if (status != 409) break;
    }
    json_decref(doc);
    return rc;
}

int anchor_push(Run *r, Err *e)
{
    Ctx *c = r->c;
    ChainHead h;
    int f = chain_head_latest(c, &h, e);
    if (f <= 0 || strcmp(h.workshop, c->workshop) != 0) return f < 0 ? -1 : 0;
    int found;
    int64_t last = one_int(c, SQL_LAST_ANCHOR, r->s.hub, 0, &found, e);
    if (last < 0) return -1;
    if (h.n <= last && !r->res->hub_reset) return 0;
    /* the events it covers first: a head signed after this push waits */
    int64_t seq = one_int(c, SQL_SEQ_OF, NULL, h.n, &found, e);
    if (seq < 0) return -1;
    if (!found || seq > r->s.push_seq) return 0;

    char pk[CHAIN_HEX], at[40], id[160], replaces[CHAIN_FPR + 8] = "";
    sodium_bin2hex(pk, sizeof pk, h.key, 32);
    sqlite3_stmt *st = db_stmt(c->db, SQL_REPLACES, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, pk, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(replaces, sizeof replaces, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    iso_ms(hlc_wall_ms(), at);
    snprintf(id, sizeof id, "key:%s:%s", c->workshop, pk);
    /* the key, once per hub (meta remembers which one it took) */
    char memo_key[760], memo[CHAIN_HEX] = "";
    snprintf(memo_key, sizeof memo_key, "anchor.key %s", r->s.hub);
    if (r->res->hub_reset || db_meta_get(c->db, memo_key, memo, sizeof memo) != 1 || strcmp(memo, pk) != 0) {
        json_t *kd = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "_id", id, "type", "key", "workshop", c->workshop,
                               "key", pk, "replaces", replaces, "at", at);
        static const char *const KEY_FIELDS[] = { "type", "workshop", "key", "replaces", NULL };
        int rc = put_immutable(r, kd, KEY_FIELDS, 0, e);
        json_decref(kd);
        if (rc < 0 || db_meta_set(c->db, memo_key, pk, e) < 0) return -1;
    }

    json_t *ad = anchor_head_doc(&h, "anchor");
    static const char *const ANCHOR_FIELDS[] = { "type", "workshop", "n", "hash", "key", "sig", NULL };
    int rc = put_immutable(r, ad, ANCHOR_FIELDS, h.n, e);
    json_decref(ad);
    if (rc < 0) return -1;
    if (put_head(r, &h, e) < 0) return -1;
    if (chain_anchor_record(c, r->s.hub, h.n, h.hash, e) < 0) return -1;
    r->res->anchored = h.n;
    return 0;
}

/* ---- verifying ---- */

typedef struct Keys {
    unsigned char (*k)[32];
    size_t n;
} Keys;

static int key_known(const Keys *ks, const unsigned char k[32])
{
    for (size_t i = 0; i < ks->n; i++)
        if (memcmp(ks->k[i], k, 32) == 0) return 1;
    return 0;
}

static void bad(ChainReport *r, int64_t n, const char *why)
{
    if (!r->ok) return;
    r->ok = 0;
    r->bad_n = n;
    r->bad_event[0] = r->bad_device[0] = '\0';
    snprintf(r->reason, sizeof r->reason, "%s", why);
}

/* Every document of _all_docs between startkey and endkey, with its doc,
 * page after page; cb(arg, doc) for each. 0 or -1 (e). */
typedef int (*DocCb)(void *arg, json_t *doc);
static int all_docs(Couch *hub, const char *dbpath, const char *from, const char *to, DocCb cb, void *arg, Err *e)
{
    char start[200];
    snprintf(start, sizeof start, "%s", from);
    int skip = 0;
    for (;;) {
        char ks[300], ke[300], js[200], je[200], path[1200];
        snprintf(js, sizeof js, "\"%s\"", start);
        snprintf(je, sizeof je, "\"%s\"", to);
        couch_escape(js, ks, sizeof ks);
        couch_escape(je, ke, sizeof ke);
        snprintf(path, sizeof path, "%s/_all_docs?include_docs=true&limit=%d&skip=%d&startkey=%s&endkey=%s", dbpath,
                 ANCHOR_PAGE, skip, ks, ke);
        json_t *out = NULL;
        if (couch_request(hub, "GET", path, NULL, NULL, &out, e) < 0) { json_decref(out); return -1; }
        json_t *rows = json_object_get(out, "rows"), *row;
        if (!json_is_array(rows)) {
            json_decref(out);
            return err_set(e, ERR_IO, _("the hub at %s answered invalid data: %s"), couch_url_public(hub), "_all_docs");
        }
        size_t i, n = json_array_size(rows);
        const char *lastid = NULL;
        json_array_foreach(rows, i, row) {
            json_t *doc = json_object_get(row, "doc");
            lastid = json_string_value(json_object_get(row, "id"));
            if (json_is_object(doc) && cb(arg, doc) < 0) { json_decref(out); return -1; }
        }
        if (n < ANCHOR_PAGE || !lastid || strlen(lastid) >= sizeof start) { json_decref(out); return 0; }
        snprintf(start, sizeof start, "%s", lastid);
        skip = 1;
        json_decref(out);
    }
}

typedef struct Collect {
    const char *ws;
    Keys keys;
    int64_t *ns;
    unsigned char (*hashes)[32];
    size_t n, cap;
    int64_t bad_sig;            /* first anchor whose signature fails, 0 none */
    int64_t bad_key;            /* first anchor signed by a key the hub lacks */
    ChainHead *heads;           /* the anchors read, for the key check */
    int oom;
} Collect;

static int on_key(void *arg, json_t *doc)
{
    Collect *k = arg;
    unsigned char pk[32];
    const char *ws = json_string_value(json_object_get(doc, "workshop"));
    if (!ws || strcmp(ws, k->ws) != 0 || !hex_field(doc, "key", pk, 32)) return 0;
    void *p = realloc(k->keys.k, (k->keys.n + 1) * sizeof *k->keys.k);
    if (!p) { k->oom = 1; return -1; }
    k->keys.k = p;
    memcpy(k->keys.k[k->keys.n++], pk, 32);
    return 0;
}

/* An anchor (or the head): its signature checked, kept for the comparison. */
static int on_anchor(void *arg, json_t *doc)
{
    Collect *k = arg;
    ChainHead h;
    json_t *n = json_object_get(doc, "n");
    int ok = anchor_head_from_doc(doc, &h) && strcmp(h.workshop, k->ws) == 0 && chain_head_valid(&h);
    if (!ok) {
        int64_t at = json_is_integer(n) ? json_integer_value(n) : 0;
        if (!k->bad_sig) k->bad_sig = at ? at : -1;
        return 0;
    }
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 64;
        int64_t *a = realloc(k->ns, cap * sizeof *a);
        if (a) k->ns = a;
        unsigned char (*b)[32] = realloc(k->hashes, cap * sizeof *b);
        if (b) k->hashes = b;
        ChainHead *c = realloc(k->heads, cap * sizeof *c);
        if (c) k->heads = c;
        if (!a || !b || !c) { k->oom = 1; return -1; }
        k->cap = cap;
    }
    k->ns[k->n] = h.n;
    memcpy(k->hashes[k->n], h.hash, 32);
    k->heads[k->n] = h;
    k->n++;
    return 0;
}

/* The record where key pk was announced (a workshop.key event of this
 * chain), 0 when none. */
static int64_t announced_at(Ctx *c, const unsigned char pk[32], Err *e)
{
    static const char sql[] =
        "SELECT c.n FROM events e JOIN chain c ON c.seq = e.seq WHERE e.workshop = ?1 AND e.kind = 'workshop.key' "
        "AND json_extract(e.payload, '$.key') = ?2 ORDER BY c.n DESC LIMIT 1";
    char hex[CHAIN_HEX];
    sodium_bin2hex(hex, sizeof hex, pk, 32);
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hex, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return n;
}

static void set_note(char *note, size_t size, const char *fmt, const char *arg)
{
    if (note && size) snprintf(note, size, fmt, arg);
}

int anchor_verify_hub(Ctx *c, const SyncConfig *cfg, ChainReport *r, char *note, size_t note_size, Err *e)
{
    if (note && note_size) note[0] = '\0';
    if (sodium_init() < 0) return err_set(e, ERR_INTERNAL, "%s", _("The cryptography library could not start."));
    char hubkey[700], esc[256], dbpath[300];
    sync_hub_key(cfg, hubkey, sizeof hubkey);
    Err he = {0};
    Couch *hub = couch_new(cfg->url, cfg->user, cfg->password, &he);
    if (!hub) {
        set_note(note, note_size, _("hub unreachable: %s"), he.msg);
        return 0;
    }
    if (cfg->insecure) couch_set_insecure(hub, 1);
    if (cfg->cainfo[0]) couch_set_cainfo(hub, cfg->cainfo);
    couch_set_retries(hub, 1, 250, 500);
    couch_escape(cfg->db, esc, sizeof esc);
    snprintf(dbpath, sizeof dbpath, "/%s", esc);

    Collect k;
    memset(&k, 0, sizeof k);
    k.ws = c->workshop;
    char from[64], to[64];
    snprintf(from, sizeof from, "key:%s:", c->workshop);
    snprintf(to, sizeof to, "key:%s:g", c->workshop);   /* after every hex digit */
    int rc = all_docs(hub, dbpath, from, to, on_key, &k, &he);
    if (rc == 0) {
        snprintf(from, sizeof from, "anchor:%s:", c->workshop);
        snprintf(to, sizeof to, "anchor:%s:a", c->workshop);   /* after every digit */
        rc = all_docs(hub, dbpath, from, to, on_anchor, &k, &he);
    }
    if (rc == 0) {
        /* the head: an anchor like the others (it is the newest) */
        char id[64], path[400], hesc[128];
        snprintf(id, sizeof id, "head:%s", c->workshop);
        couch_escape(id, hesc, sizeof hesc);
        snprintf(path, sizeof path, "%s/%s", dbpath, hesc);
        long status = 0;
        json_t *doc = NULL;
        if (couch_request(hub, "GET", path, NULL, &status, &doc, &he) == 0) rc = on_anchor(&k, doc);
        else if (status == 404) err_clear(&he);
        else rc = -1;
        json_decref(doc);
    }
    couch_free(hub);
    int out = 0;
    if (k.oom) {
        out = err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
    } else if (rc < 0) {
        set_note(note, note_size, _("hub unreachable: %s"), he.msg);
    } else {
        char why[256];
        if (k.bad_sig) {
            snprintf(why, sizeof why, _("the hub holds an anchor at record %lld whose signature is not valid"),
                     (long long)(k.bad_sig > 0 ? k.bad_sig : 0));
            bad(r, k.bad_sig > 0 ? k.bad_sig : 0, why);
        }
        for (size_t i = 0; r->ok && i < k.n; i++)
            if (!key_known(&k.keys, k.heads[i].key)) {
                snprintf(why, sizeof why, _("the hub holds an anchor at record %lld signed by a key it never "
                                            "received"), (long long)k.heads[i].n);
                bad(r, k.heads[i].n, why);
            }
        /* the key of the newest head: the hub must know it, unless the chain
         * announced it after the newest anchor (a new key, not synced yet) */
        ChainHead h;
        int f = r->ok && k.n ? chain_head_latest(c, &h, e) : 0;
        if (f < 0) out = -1;
        if (f == 1 && !key_known(&k.keys, h.key)) {
            int64_t newest = 0;
            for (size_t i = 0; i < k.n; i++)
                if (k.ns[i] > newest) newest = k.ns[i];
            int64_t at = announced_at(c, h.key, e);
            if (at < 0) out = -1;
            else if (at <= newest)
                bad(r, 0, _("the chain is signed by a key the hub never received: history re-signed with a new key?"));
            else
                set_note(note, note_size, "%s", _("the chain's new key is not at the hub yet: the next sync takes it there"));
        }
        /* every anchor against the chain (counted even after a problem) */
        if (out == 0 && chain_check_anchors(c, k.ns, (const unsigned char (*)[32])k.hashes, k.n, hubkey, r, e) < 0)
            out = -1;
    }
    free(k.keys.k);
    free(k.ns);
    free(k.hashes);
    free(k.heads);
    return out;
}

int anchor_verify(Ctx *c, ChainReport *r, char *note, size_t note_size, Err *e)
{
    SyncConfig cfg;
    Err ce = {0};
    if (note && note_size) note[0] = '\0';
    if (sync_config_load(c, NULL, &cfg, &ce) < 0) {
        sync_config_clear(&cfg);
        set_note(note, note_size, "%s", _("no hub configured: local anchors only"));
        return 0;
    }
    int rc = anchor_verify_hub(c, &cfg, r, note, note_size, e);
    sync_config_clear(&cfg);
    return rc;
}
