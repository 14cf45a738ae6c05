/*
 * chain.c — the signed hash chain of grading and wipe records (see chain.h).
 *
 * Keys live in meta: "chain.public" (32 bytes hex) and "chain.secret"
 * (libsodium's 64-byte Ed25519 secret key, hex). The record of an event is
 * read back from the events table, so what is hashed is exactly what is
 * stored, byte for byte.
 */
#include "core/log/chain.h"
#include "util/i18n.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const CHAINED[] = { "device.grade", "media.add", "wipe.record", "wipe.assign" };

int chain_kind(const char *kind)
{
    for (size_t i = 0; i < sizeof CHAINED / sizeof CHAINED[0]; i++)
        if (!strcmp(kind, CHAINED[i])) return 1;
    return 0;
}

void chain_link(const unsigned char prev[32], const char *const fields[7], unsigned char out[32])
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, prev, 32);
    for (int i = 0; i < 7; i++) {
        const char *f = fields[i] ? fields[i] : "";
        crypto_hash_sha256_update(&h, (const unsigned char *)f, strlen(f));
        if (i < 6) crypto_hash_sha256_update(&h, (const unsigned char *)"", 1);
    }
    crypto_hash_sha256_final(&h, out);
}

static int load_key(Ctx *c, unsigned char pk[32], unsigned char sk[64])
{
    char hex[200];
    if (db_meta_get(c->db, "chain.public", hex, sizeof hex) != 1 ||
        sodium_hex2bin(pk, 32, hex, strlen(hex), NULL, NULL, NULL) != 0) return 0;
    if (sk && (db_meta_get(c->db, "chain.secret", hex, sizeof hex) != 1 ||
               sodium_hex2bin(sk, 64, hex, strlen(hex), NULL, NULL, NULL) != 0)) return 0;
    return 1;
}

int chain_key_ensure(Ctx *c, Err *e)
{
    unsigned char pk[32], sk[64];
    char hex[129];
    if (sodium_init() < 0) return err_set(e, ERR_INTERNAL, "%s", _("The cryptography library could not start."));
    if (load_key(c, pk, sk)) return 0;
    crypto_sign_keypair(pk, sk);
    if (db_begin(c->db, e) < 0) return -1;
    sodium_bin2hex(hex, sizeof hex, pk, 32);
    int r = db_meta_set(c->db, "chain.public", hex, e);
    sodium_bin2hex(hex, sizeof hex, sk, 64);
    if (r == 0) r = db_meta_set(c->db, "chain.secret", hex, e);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(hex, sizeof hex);
    if (r < 0 || db_commit(c->db, e) < 0) { db_rollback(c->db); return -1; }
    return 0;
}

int chain_fingerprint(Ctx *c, char out[CHAIN_FPR], Err *e)
{
    unsigned char pk[32], d[32];
    (void)e;
    out[0] = '\0';
    if (!load_key(c, pk, NULL)) return 0;
    crypto_hash_sha256(d, pk, 32);
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        o += (size_t)snprintf(out + o, CHAIN_FPR - o, "%02x", d[i]);
        if (i % 2 == 1 && i < 15) out[o++] = ' ';
    }
    out[o] = '\0';
    return 1;
}

static const char SQL_EVENT[] =
    "SELECT id, hlc, workshop, operator, coalesce(device, ''), kind, payload FROM events WHERE id = ?1";
static const char SQL_HEAD[] = "SELECT hash FROM chain WHERE workshop = ?1 ORDER BY n DESC LIMIT 1";
static const char SQL_HAS[] = "SELECT hash FROM chain WHERE event_id = ?1";
static const char SQL_ADD[] = "INSERT INTO chain(workshop, event_id, hash, sig) VALUES (?1, ?2, ?3, ?4)";

/* The 7 fields of a row selected as in SQL_EVENT (col = first column). */
static void row_fields(sqlite3_stmt *st, int col, const char *f[7], char hlc[24])
{
    for (int i = 0; i < 7; i++) f[i] = (const char *)sqlite3_column_text(st, col + i);
    snprintf(hlc, 24, "%lld", (long long)sqlite3_column_int64(st, col + 1));
    f[1] = hlc;
}

int chain_event_hash(Ctx *c, const char *event_id, char out[CHAIN_HEX], Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_HAS, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, event_id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        snprintf(out, CHAIN_HEX, "%s", (const char *)sqlite3_column_text(st, 0));
        found = 1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return found;
}

int chain_append(Ctx *c, const Event *ev, Err *e)
{
    unsigned char pk[32], sk[64], prev[32] = { 0 }, h[32], sig[64];
    char hash_hex[CHAIN_HEX], sig_hex[129], hlc[24];
    int r = chain_event_hash(c, ev->id, hash_hex, e);
    if (r != 0) return r < 0 ? -1 : 0;                  /* already chained */
    if (chain_key_ensure(c, e) < 0) return -1;
    if (!load_key(c, pk, sk)) return err_set(e, ERR_DB, "%s", _("The workshop's signing key is unreadable."));
    sqlite3_stmt *st = db_stmt(c->db, SQL_HEAD, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->workshop, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *hx = (const char *)sqlite3_column_text(st, 0);
        sodium_hex2bin(prev, 32, hx, strlen(hx), NULL, NULL, NULL);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    st = db_stmt(c->db, SQL_EVENT, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->id, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? err_set(e, ERR_INTERNAL, "chain: event %s is not stored", ev->id)
                                 : db_error_rc(c->db, rc, e);
    }
    const char *f[7];
    row_fields(st, 0, f, hlc);
    chain_link(prev, f, h);
    sqlite3_reset(st);
    crypto_sign_detached(sig, NULL, h, sizeof h, sk);
    sodium_memzero(sk, sizeof sk);
    sodium_bin2hex(hash_hex, sizeof hash_hex, h, sizeof h);
    sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
    st = db_stmt(c->db, SQL_ADD, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->workshop, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, ev->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, hash_hex, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, sig_hex, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

static const char SQL_WALK[] =
    "SELECT c.n, c.event_id, c.hash, c.sig, e.id, e.hlc, e.workshop, e.operator, "
    "coalesce(e.device, ''), e.kind, e.payload "
    "FROM chain c LEFT JOIN events e ON e.id = c.event_id WHERE c.workshop = ?1 ORDER BY c.n";
static const char SQL_UNCHAINED[] =
    "SELECT e.id, coalesce(e.device, '') FROM events e WHERE e.workshop = ?1 "
    "AND e.kind IN ('device.grade', 'media.add', 'wipe.record', 'wipe.assign') "
    "AND NOT EXISTS (SELECT 1 FROM chain c WHERE c.event_id = e.id) ORDER BY e.seq LIMIT 1";

static void bad(ChainReport *r, int64_t n, const char *ev, const char *dev, const char *why)
{
    r->ok = 0;
    r->bad_n = n;
    snprintf(r->bad_event, sizeof r->bad_event, "%s", ev ? ev : "");
    snprintf(r->bad_device, sizeof r->bad_device, "%s", dev ? dev : "");
    snprintf(r->reason, sizeof r->reason, "%s", why);
}

int chain_verify(Ctx *c, ChainReport *r, Err *e)
{
    unsigned char pk[32], prev[32] = { 0 }, h[32], stored[32], sig[64];
    memset(r, 0, sizeof *r);
    r->ok = 1;
    if (sodium_init() < 0) return err_set(e, ERR_INTERNAL, "%s", _("The cryptography library could not start."));
    int have_key = load_key(c, pk, NULL);
    sqlite3_stmt *st;
    /* not the statement cache: a long walk must not hold a cached statement */
    if (sqlite3_prepare_v2(db_handle(c->db), SQL_WALK, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_TRANSIENT);
    int rc;
    int64_t expect_n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t n = sqlite3_column_int64(st, 0);
        const char *evid = (const char *)sqlite3_column_text(st, 1);
        const char *hash = (const char *)sqlite3_column_text(st, 2);
        const char *sg = (const char *)sqlite3_column_text(st, 3);
        const char *dev = (const char *)sqlite3_column_text(st, 8);
        r->records++;
        if (expect_n && n != expect_n + 1) {
            bad(r, n, evid, dev, _("a record before this one was removed from the chain"));
            break;
        }
        expect_n = n;
        if (sqlite3_column_type(st, 4) == SQLITE_NULL) {
            bad(r, n, evid, "", _("the event of this record is missing"));
            break;
        }
        if (!have_key) {
            bad(r, n, evid, dev, _("the workshop's public key is missing"));
            break;
        }
        const char *f[7];
        char hlc[24];
        row_fields(st, 4, f, hlc);
        chain_link(prev, f, h);
        if (!hash || sodium_hex2bin(stored, 32, hash, strlen(hash), NULL, NULL, NULL) != 0 ||
            memcmp(stored, h, 32) != 0) {
            bad(r, n, evid, dev, _("the record was altered: its hash does not match its content"));
            break;
        }
        if (!sg || sodium_hex2bin(sig, 64, sg, strlen(sg), NULL, NULL, NULL) != 0 ||
            crypto_sign_verify_detached(sig, h, 32, pk) != 0) {
            bad(r, n, evid, dev, _("the signature of the record is not valid"));
            break;
        }
        memcpy(prev, h, 32);
        snprintf(r->head, sizeof r->head, "%s", hash);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_finalize(st);
        return db_error_rc(c->db, rc, e);
    }
    sqlite3_finalize(st);
    if (!r->ok) return 0;
    st = db_stmt(c->db, SQL_UNCHAINED, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        bad(r, 0, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
            _("a grading or wipe record is not in the chain (added behind boucle's back)"));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return 0;
}
