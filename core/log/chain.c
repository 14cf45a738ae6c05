/*
 * chain.c — every event of the workshop in one hash chain, signed heads,
 * the key in its own file (see chain.h).
 *
 * Meta keys: "chain.genesis" = "<workshop> <first public key hex>" (the
 * origin hash_0 is made of them), "chain.public" = the public key in force
 * (hex). The secret key is never in the database: chain_key_path().
 */
#include "core/log/chain.h"
#include "core/log/hlc.h"
#include "util/i18n.h"
#include "util/path.h"
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- hashing ---- */

/* SHA-256 of the records by OpenSSL's libcrypto, which uses the CPU's SHA
 * instructions (4× libsodium's portable code here: README). Fetched once. */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
static void sha256_fetch(void) { sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL); }

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* One record: the 7 fields with their lengths (len < 0: NULL), hashed in
 * one call over one buffer. */
static void link_raw(EVP_MD_CTX *mctx, const unsigned char prev[32], const void *const f[7], const int64_t len[7],
                     int64_t hlc, unsigned char out[32])
{
    unsigned char stack[4096], *buf = stack;
    size_t n = 32 + 8;
    for (int i = 0; i < 7; i++) if (i != 1) n += 4 + (size_t)(len[i] > 0 ? len[i] : 0);
    if (n > sizeof stack && !(buf = malloc(n))) {
        memset(out, 0, 32);                    /* out of memory: no record matches */
        return;
    }
    size_t o = 0;
    memcpy(buf, prev, 32);
    o = 32;
    for (int i = 0; i < 7; i++) {
        if (i == 1) {
            put_le(buf + o, (uint64_t)hlc, 8);
            o += 8;
            continue;
        }
        put_le(buf + o, len[i] < 0 ? 0xffffffffu : (uint64_t)len[i], 4);
        o += 4;
        if (len[i] > 0) memcpy(buf + o, f[i], (size_t)len[i]), o += (size_t)len[i];
    }
    pthread_once(&sha256_once, sha256_fetch);
    unsigned int olen = 32;
    /* a walk hashes with one context (no allocation per record) */
    int ok = sha256_md && (mctx ? EVP_DigestInit_ex(mctx, sha256_md, NULL) == 1 && EVP_DigestUpdate(mctx, buf, o) == 1 &&
                                      EVP_DigestFinal_ex(mctx, out, &olen) == 1
                                : EVP_Digest(buf, o, out, &olen, sha256_md, NULL) == 1);
    if (!ok) memset(out, 0, 32);
    if (buf != stack) free(buf);
}

void chain_link(const unsigned char prev[32], const char *const f[7], unsigned char out[32])
{
    const void *p[7];
    int64_t len[7];
    for (int i = 0; i < 7; i++) {
        p[i] = f[i];
        len[i] = f[i] ? (int64_t)strlen(f[i]) : (i == 4 ? -1 : 0);
    }
    link_raw(NULL, prev, p, len, f[1] ? strtoll(f[1], NULL, 10) : 0, out);
}

void chain_genesis(const char *workshop, const unsigned char pk[32], unsigned char out[32])
{
    crypto_hash_sha256_state h;
    static const char tag[] = "boucle chain 2";
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const unsigned char *)tag, sizeof tag);   /* with its NUL */
    crypto_hash_sha256_update(&h, (const unsigned char *)workshop, strlen(workshop) + 1);
    crypto_hash_sha256_update(&h, pk, 32);
    crypto_hash_sha256_final(&h, out);
}

/* What a head's signature covers. */
static size_t head_message(const char *workshop, int64_t n, const unsigned char hash[32], unsigned char *m)
{
    static const char tag[] = "boucle head 2";
    size_t o = 0, wl = strlen(workshop);
    if (wl > 15) wl = 15;
    memcpy(m + o, tag, sizeof tag);
    o += sizeof tag;
    memcpy(m + o, workshop, wl);
    o += wl;
    m[o++] = 0;
    for (int i = 0; i < 8; i++) m[o++] = (unsigned char)((uint64_t)n >> (8 * i));
    memcpy(m + o, hash, 32);
    return o + 32;
}

int chain_head_valid(const ChainHead *h)
{
    unsigned char m[80];
    size_t len = head_message(h->workshop, h->n, h->hash, m);
    return crypto_sign_verify_detached(h->sig, m, len, h->key) == 0;
}

void chain_head_sign(ChainHead *h, const unsigned char sk[64])
{
    unsigned char m[80];
    size_t len = head_message(h->workshop, h->n, h->hash, m);
    memcpy(h->key, sk + 32, 32);
    crypto_sign_detached(h->sig, NULL, m, len, sk);
}

/* ---- keys ---- */

int chain_key_path(const char *pk_hex, char *out, size_t size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && *xdg) n = snprintf(out, size, "%s/boucle/keys/%s.key", xdg, pk_hex);
    else if (home && *home) n = snprintf(out, size, "%s/.config/boucle/keys/%s.key", home, pk_hex);
    else return -1;
    return n > 0 && (size_t)n < size ? 0 : -1;
}

static int meta_public(Ctx *c, unsigned char pk[32], char hex[CHAIN_HEX])
{
    char buf[200];
    if (db_meta_get(c->db, "chain.public", buf, sizeof buf) != 1 || strlen(buf) != 64 ||
        sodium_hex2bin(pk, 32, buf, 64, NULL, NULL, NULL) != 0) return 0;
    if (hex) memcpy(hex, buf, CHAIN_HEX);
    return 1;
}

/* The origin: workshop and first key. 1 found, 0 not. */
static int meta_genesis(Ctx *c, char *workshop, size_t wsize, unsigned char pk[32])
{
    char buf[200], *sp;
    if (db_meta_get(c->db, "chain.genesis", buf, sizeof buf) != 1 || !(sp = strchr(buf, ' ')) ||
        strlen(sp + 1) != 64 || sodium_hex2bin(pk, 32, sp + 1, 64, NULL, NULL, NULL) != 0) return 0;
    *sp = '\0';
    snprintf(workshop, wsize, "%s", buf);
    return 1;
}

/* A key file protected by a passphrase:
 *     boucle-key-protected 1
 *     <salt hex> <opslimit> <memlimit>      Argon2id (crypto_pwhash)
 *     <nonce hex> <secretbox of the 64-byte secret key, hex>
 * The interactive limits (64 MiB, a fraction of a second) suit the old PCs
 * the workshops run. */
#define KEY_PROTECTED "boucle-key-protected 1\n"

static int key_decrypt(const char *text, const char *pass, unsigned char sk[64])
{
    char salt_hex[80], nonce_hex[80], ct_hex[400];
    unsigned long long ops = 0;
    size_t mem = 0;
    unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES],
        ct[64 + crypto_secretbox_MACBYTES], k[crypto_secretbox_KEYBYTES];
    const char *p = text + strlen(KEY_PROTECTED);
    if (sscanf(p, "%79s %llu %zu %79s %399s", salt_hex, &ops, &mem, nonce_hex, ct_hex) != 5) return -1;
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
        mem < crypto_pwhash_MEMLIMIT_MIN || mem > crypto_pwhash_MEMLIMIT_SENSITIVE) return -1;
    if (sodium_hex2bin(salt, sizeof salt, salt_hex, strlen(salt_hex), NULL, NULL, NULL) != 0 ||
        sodium_hex2bin(nonce, sizeof nonce, nonce_hex, strlen(nonce_hex), NULL, NULL, NULL) != 0 ||
        sodium_hex2bin(ct, sizeof ct, ct_hex, strlen(ct_hex), NULL, NULL, NULL) != 0) return -1;
    if (crypto_pwhash(k, sizeof k, pass, strlen(pass), salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) return -1;
    int r = crypto_secretbox_open_easy(sk, ct, sizeof ct, nonce, k);
    sodium_memzero(k, sizeof k);
    return r == 0 ? 0 : -1;
}

/* The file's text for sk under pass (or the plain hex when pass is ""). */
static int key_text(const unsigned char sk[64], const char *pass, char *out, size_t size)
{
    if (!pass || !*pass) {
        sodium_bin2hex(out, size, sk, 64);
        strcat(out, "\n");
        return 0;
    }
    unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES],
        ct[64 + crypto_secretbox_MACBYTES], k[crypto_secretbox_KEYBYTES];
    char salt_hex[2 * sizeof salt + 1], nonce_hex[2 * sizeof nonce + 1], ct_hex[2 * sizeof ct + 1];
    unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    if (crypto_pwhash(k, sizeof k, pass, strlen(pass), salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) return -1;
    crypto_secretbox_easy(ct, sk, 64, nonce, k);
    sodium_memzero(k, sizeof k);
    sodium_bin2hex(salt_hex, sizeof salt_hex, salt, sizeof salt);
    sodium_bin2hex(nonce_hex, sizeof nonce_hex, nonce, sizeof nonce);
    sodium_bin2hex(ct_hex, sizeof ct_hex, ct, sizeof ct);
    snprintf(out, size, "%s%s %llu %zu\n%s %s\n", KEY_PROTECTED, salt_hex, ops, mem, nonce_hex, ct_hex);
    return 0;
}

/* Writes the secret key sk of public key pk_hex to its file, 0600, whole or
 * not at all (a temporary file renamed over); protected by pass when it is
 * not empty. */
static int key_write_pass(const char *pk_hex, const unsigned char sk[64], const char *pass, Err *e);
static int key_write(const char *pk_hex, const unsigned char sk[64], Err *e) { return key_write_pass(pk_hex, sk, "", e); }

static int key_write_pass(const char *pk_hex, const unsigned char sk[64], const char *pass, Err *e)
{
    char path[4096], tmp[4200], dir[4096];
    if (chain_key_path(pk_hex, path, sizeof path) < 0)
        return err_set(e, ERR_IO, "%s", _("no folder for the signing key: set HOME or XDG_CONFIG_HOME"));
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    if (path_mkdirs(dir, 0700) < 0)
        return err_set(e, ERR_IO, _("cannot create the folder %s: %s"), dir, strerror(errno));
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return err_set(e, ERR_IO, _("cannot write the signing key %s: %s"), path, strerror(errno));
    char text[600];
    if (key_text(sk, pass, text, sizeof text) < 0) {
        close(fd);
        unlink(tmp);
        return err_set(e, ERR_INTERNAL, "%s", _("The cryptography library could not protect the key."));
    }
    size_t len = strlen(text);
    ssize_t w = write(fd, text, len);
    sodium_memzero(text, sizeof text);
    int ok = w == (ssize_t)len && fsync(fd) == 0;
    int err = errno;
    close(fd);
    if (!ok || rename(tmp, path) < 0) {
        if (ok) err = errno;
        unlink(tmp);
        return err_set(e, ERR_IO, _("cannot write the signing key %s: %s"), path, strerror(err));
    }
    return 0;
}

/* The secret key of the key in force: 0, or -1 with a message saying where
 * it was looked for and what to do. */
static int key_load_file(Ctx *c, unsigned char pk[32], unsigned char sk[64], Err *e);

/* A key protected by a passphrase, once unlocked, serves every connection
 * of the process (the UI's, its sync thread's, a wipe run's): guarded
 * memory, wiped at exit by the system. The asker is the program's (the
 * command line's prompt); core/ never prompts by itself. */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned char *g_sk;                 /* sodium_malloc'd 64 bytes, or NULL */
static ChainAsk g_ask;

void chain_set_passphrase_asker(ChainAsk ask) { g_ask = ask; }

static int global_key(const unsigned char pk[32], unsigned char sk[64])
{
    pthread_mutex_lock(&g_mu);
    int ok = g_sk && memcmp(g_sk + 32, pk, 32) == 0;
    if (ok) memcpy(sk, g_sk, 64);
    pthread_mutex_unlock(&g_mu);
    return ok;
}

static void global_key_set(const unsigned char sk[64])
{
    pthread_mutex_lock(&g_mu);
    if (!g_sk && sodium_init() >= 0) g_sk = sodium_malloc(64);
    if (g_sk) memcpy(g_sk, sk, 64);
    pthread_mutex_unlock(&g_mu);
}

/* The secret key is read from its file once per open database and kept
 * in guarded memory (sodium_malloc: locked, wiped at ctx_close) while the
 * public key in force stays the same. */
static int key_load(Ctx *c, unsigned char pk[32], unsigned char sk[64], Err *e)
{
    if (!meta_public(c, pk, NULL))
        return err_set(e, ERR_DB, "%s", _("The workshop has no signing key in this database."));
    if (c->chain_sk && memcmp(c->chain_sk + 32, pk, 32) == 0) {
        memcpy(sk, c->chain_sk, 64);
        return 0;
    }
    if (!global_key(pk, sk) && key_load_file(c, pk, sk, e) < 0) return -1;
    if (!c->chain_sk && sodium_init() >= 0) c->chain_sk = sodium_malloc(64);
    if (c->chain_sk) memcpy(c->chain_sk, sk, 64);
    return 0;
}

static int key_load_file(Ctx *c, unsigned char pk[32], unsigned char sk[64], Err *e)
{
    char pk_hex[CHAIN_HEX], path[4096], buf[200];
    if (!meta_public(c, pk, pk_hex))
        return err_set(e, ERR_DB, "%s", _("The workshop has no signing key in this database."));
    if (chain_key_path(pk_hex, path, sizeof path) < 0)
        return err_set(e, ERR_IO, "%s", _("no folder for the signing key: set HOME or XDG_CONFIG_HOME"));
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return err_set(e, ERR_NOTFOUND,
                       _("The workshop's signing key is not on this computer: put its file back, or if it is "
                         "lost run \"boucle key new\" (announced in the chain and at the hub). Expected: %s"), path);
    char big[1024];
    ssize_t n = read(fd, big, sizeof big - 1);
    close(fd);
    if (n > 0 && !strncmp(big, KEY_PROTECTED, strlen(KEY_PROTECTED))) {
        big[n] = '\0';
        /* protected by a passphrase: asked once per process */
        char pass[256];
        int got = g_ask && g_ask(_("Passphrase of the workshop's signing key: "), pass, sizeof pass) == 0;
        int r = got ? key_decrypt(big, pass, sk) : -1;
        sodium_memzero(pass, sizeof pass);
        sodium_memzero(big, sizeof big);
        if (r < 0 || memcmp(sk + 32, pk, 32) != 0) {
            sodium_memzero(sk, 64);
            return err_set(e, ERR_INPUT, got ? _("Wrong passphrase for the signing key %s: nothing was saved.")
                                             : _("The signing key %s is protected by a passphrase: run boucle from a "
                                                 "terminal to type it."), path);
        }
        global_key_set(sk);
        return 0;
    }
    memcpy(buf, big, n > 0 ? (size_t)(n < (ssize_t)sizeof buf ? n : (ssize_t)sizeof buf - 1) : 0);
    sodium_memzero(big, sizeof big);
    int ok = n >= 128 && sodium_hex2bin(sk, 64, buf, 128, NULL, NULL, NULL) == 0 && memcmp(sk + 32, pk, 32) == 0;
    sodium_memzero(buf, sizeof buf);
    if (!ok) {
        sodium_memzero(sk, 64);
        return err_set(e, ERR_IO, _("The signing key file %s is damaged or belongs to another key."), path);
    }
    return 0;
}

static int crypto_ready(Err *e)
{
    if (sodium_init() < 0) return err_set(e, ERR_INTERNAL, "%s", _("The cryptography library could not start."));
    return 0;
}

/* A key found in meta (issue 3 kept it there) goes to its file and its
 * trace is wiped from the database's pages. Inside a transaction. */
static int key_move_out(Ctx *c, Err *e)
{
    char hex[200];
    unsigned char pk[32], sk[64];
    char pk_hex[CHAIN_HEX];
    if (db_meta_get(c->db, "chain.secret", hex, sizeof hex) != 1) return 0;
    int ok = meta_public(c, pk, pk_hex) && strlen(hex) == 128 &&
             sodium_hex2bin(sk, 64, hex, 128, NULL, NULL, NULL) == 0;
    sodium_memzero(hex, sizeof hex);
    if (ok && key_write(pk_hex, sk, e) < 0) { sodium_memzero(sk, 64); return -1; }
    sodium_memzero(sk, 64);
    db_exec(c->db, "PRAGMA secure_delete = ON", NULL);
    int r = db_exec(c->db, "DELETE FROM meta WHERE key = 'chain.secret'", e);
    db_exec(c->db, "PRAGMA secure_delete = OFF", NULL);
    return r;
}

int chain_key_ensure(Ctx *c, Err *e)
{
    unsigned char pk[32], sk[64], g[32];
    char hex[CHAIN_HEX], ws[16], gbuf[100];
    if (crypto_ready(e) < 0) return -1;
    if (db_begin(c->db, e) < 0) return -1;
    int r = key_move_out(c, e);
    if (r == 0 && !meta_public(c, pk, hex)) {
        crypto_sign_keypair(pk, sk);
        sodium_bin2hex(hex, sizeof hex, pk, 32);
        r = key_write(hex, sk, e);
        sodium_memzero(sk, sizeof sk);
        if (r == 0) r = db_meta_set(c->db, "chain.public", hex, e);
    }
    if (r == 0 && c->workshop[0] && !meta_genesis(c, ws, sizeof ws, g)) {
        snprintf(gbuf, sizeof gbuf, "%s %s", c->workshop, hex);
        r = db_meta_set(c->db, "chain.genesis", gbuf, e);
    }
    if (r < 0 || db_commit(c->db, e) < 0) { db_rollback(c->db); return -1; }
    return 0;
}

int chain_key_unlock(Ctx *c, Err *e)
{
    unsigned char pk[32], sk[64];
    if (crypto_ready(e) < 0) return -1;
    int r = key_load(c, pk, sk, e);
    sodium_memzero(sk, sizeof sk);
    return r;
}

int chain_key_protected(Ctx *c)
{
    unsigned char pk[32];
    char pk_hex[CHAIN_HEX], path[4096], head[64] = "";
    if (!meta_public(c, pk, pk_hex) || chain_key_path(pk_hex, path, sizeof path) < 0) return 0;
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    int r = fgets(head, sizeof head, f) && !strcmp(head, KEY_PROTECTED);
    fclose(f);
    return r;
}

int chain_key_protect(Ctx *c, const char *pass, Err *e)
{
    unsigned char pk[32], sk[64];
    char pk_hex[CHAIN_HEX];
    if (crypto_ready(e) < 0 || key_load(c, pk, sk, e) < 0) return -1;
    sodium_bin2hex(pk_hex, sizeof pk_hex, pk, 32);
    int r = key_write_pass(pk_hex, sk, pass ? pass : "", e);
    sodium_memzero(sk, sizeof sk);
    return r;
}

void chain_key_forget(Ctx *c)
{
    if (c->chain_sk) sodium_free(c->chain_sk);
    c->chain_sk = NULL;
}

void chain_fingerprint_of(const unsigned char pk[32], char out[CHAIN_FPR])
{
    unsigned char d[32];
    crypto_hash_sha256(d, pk, 32);
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        o += (size_t)snprintf(out + o, CHAIN_FPR - o, "%02x", d[i]);
        if (i % 2 == 1 && i < 15) out[o++] = ' ';
    }
    out[o] = '\0';
}

int chain_fingerprint(Ctx *c, char out[CHAIN_FPR], Err *e)
{
    unsigned char pk[32];
    (void)e;
    out[0] = '\0';
    if (!meta_public(c, pk, NULL)) return 0;
    chain_fingerprint_of(pk, out);
    return 1;
}

int chain_sign(Ctx *c, const unsigned char *m, size_t len, unsigned char sig[64], unsigned char pk[32], Err *e)
{
    unsigned char sk[64];
    if (crypto_ready(e) < 0 || key_load(c, pk, sk, e) < 0) return -1;
    crypto_sign_detached(sig, NULL, m, len, sk);
    sodium_memzero(sk, sizeof sk);
    return 0;
}

int chain_key_known(Ctx *c, const unsigned char pk[32], Err *e)
{
    unsigned char cur[32];
    if (meta_public(c, cur, NULL) && memcmp(cur, pk, 32) == 0) return 1;
    sqlite3_stmt *st = db_stmt(c->db, "SELECT 1 FROM chain_heads WHERE key = ?1 LIMIT 1", e);
    if (!st) return -1;
    sqlite3_bind_blob(st, 1, pk, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

/* ---- appending and signing ---- */

static const char SQL_TIP[] = "SELECT n, hash FROM chain ORDER BY n DESC LIMIT 1";
static const char SQL_ROW[] =
    "SELECT id, hlc, workshop, operator, device, kind, payload FROM events WHERE seq = ?1";
static const char SQL_ADD[] = "INSERT INTO chain(n, seq, event_id, hash) VALUES (?1, ?2, ?3, ?4)";

/* The tip: n (0 when empty) and its hash (hash_0 then). */
static int tip(Ctx *c, int64_t *n, unsigned char h[32], Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_TIP, e);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    *n = 0;
    if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 1) == 32) {
        *n = sqlite3_column_int64(st, 0);
        memcpy(h, sqlite3_column_blob(st, 1), 32);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    if (*n == 0) {
        char ws[16];
        unsigned char pk[32];
        if (!meta_genesis(c, ws, sizeof ws, pk))
            return err_set(e, ERR_DB, "%s", _("The workshop has no signing key in this database."));
        chain_genesis(ws, pk, h);
    }
    return 0;
}

/* Chains the stored event of local seq `seq`. */
static int append_seq(Ctx *c, int64_t seq, Err *e)
{
    int64_t n;
    unsigned char prev[32], h[32];
    if (tip(c, &n, prev, e) < 0) return -1;
    sqlite3_stmt *st = db_stmt(c->db, SQL_ROW, e);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, seq);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? err_set(e, ERR_INTERNAL, "chain: event %lld is not stored", (long long)seq)
                                 : db_error_rc(c->db, rc, e);
    }
    const void *f[7];
    int64_t len[7];
    for (int i = 0; i < 7; i++) {
        if (i == 1) { f[i] = NULL; len[i] = 0; continue; }    /* the hlc: hashed as an integer */
        int null = sqlite3_column_type(st, i) == SQLITE_NULL;
        f[i] = sqlite3_column_blob(st, i);
        len[i] = null ? -1 : sqlite3_column_bytes(st, i);
    }
    link_raw(NULL, prev, f, len, sqlite3_column_int64(st, 1), h);
    char id[EVENT_ID_MAX];
    snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    st = db_stmt(c->db, SQL_ADD, e);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, n + 1);
    sqlite3_bind_int64(st, 2, seq);
    sqlite3_bind_text(st, 3, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 4, h, 32, SQLITE_TRANSIENT);
    if (db_step_done(c->db, st, e) < 0) return -1;
    c->chain_dirty = 1;
    return 0;
}

int chain_append(Ctx *c, const Event *ev, Err *e)
{
    /* the event was just stored under a new seq: it cannot be chained yet
     * (a chain row left with that seq by an edit makes the insert fail) */
    if (!c->workshop[0] || strcmp(ev->workshop, c->workshop) != 0) return 0;
    return append_seq(c, ev->seq, e);
}

static const char SQL_LAST_HEAD[] = "SELECT n FROM chain_heads ORDER BY n DESC LIMIT 1";
static const char SQL_DEL_HEAD[] = "DELETE FROM chain_heads WHERE n = ?1";
static const char SQL_ADD_HEAD[] =
    "INSERT OR REPLACE INTO chain_heads(n, workshop, hash, key, sig, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static int sign_tip(Ctx *c, Err *e)
{
    ChainHead hd;
    unsigned char sk[64];
    memset(&hd, 0, sizeof hd);
    if (tip(c, &hd.n, hd.hash, e) < 0) return -1;
    if (hd.n == 0) return 0;
    if (key_load(c, hd.key, sk, e) < 0) return -1;
    snprintf(hd.workshop, sizeof hd.workshop, "%s", c->workshop);
    chain_head_sign(&hd, sk);
    sodium_memzero(sk, sizeof sk);
    sqlite3_stmt *st = db_stmt(c->db, SQL_LAST_HEAD, e);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    int64_t last = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    /* the newest head of a block replaces the previous one of that block */
    if (last > 0 && last < hd.n && (last - 1) / CHAIN_BLOCK == (hd.n - 1) / CHAIN_BLOCK) {
        if (!(st = db_stmt(c->db, SQL_DEL_HEAD, e))) return -1;
        sqlite3_bind_int64(st, 1, last);
        if (db_step_done(c->db, st, e) < 0) return -1;
    }
    if (!(st = db_stmt(c->db, SQL_ADD_HEAD, e))) return -1;
    sqlite3_bind_int64(st, 1, hd.n);
    sqlite3_bind_text(st, 2, hd.workshop, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 3, hd.hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 4, hd.key, 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 5, hd.sig, 64, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, hlc_wall_ms());
    return db_step_done(c->db, st, e);
}

int chain_precommit(void *ctx, Err *e)
{
    Ctx *c = ctx;
    if (!c->chain_dirty) return 0;
    if (sign_tip(c, e) < 0) return -1;
    c->chain_dirty = 0;
    return 0;
}

/* The record of an event: found by halving, since seq grows with n (an
 * index on seq would be one more page written at every commit). */
int chain_event_hash(Ctx *c, const char *event_id, char out[CHAIN_HEX], Err *e)
{
    static const char sql_seq[] = "SELECT seq FROM events WHERE id = ?1";
    static const char sql_at[] = "SELECT seq, hash FROM chain WHERE n = ?1";
    sqlite3_stmt *st = db_stmt(c->db, sql_seq, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, event_id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int64_t seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
    static const char sql_max[] = "SELECT coalesce(max(n), 0) FROM chain";
    if (!(st = db_stmt(c->db, sql_max, e))) return -1;
    rc = sqlite3_step(st);
    int64_t lo = 1, hi = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) return db_error_rc(c->db, rc, e);
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (!(st = db_stmt(c->db, sql_at, e))) return -1;
        sqlite3_bind_int64(st, 1, mid);
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
            sqlite3_reset(st);
            return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
        }
        int64_t s = sqlite3_column_int64(st, 0);
        if (s == seq && sqlite3_column_bytes(st, 1) == 32) {
            sodium_bin2hex(out, CHAIN_HEX, sqlite3_column_blob(st, 1), 32);
            sqlite3_reset(st);
            return 1;
        }
        sqlite3_reset(st);
        if (s < seq) lo = mid + 1;
        else hi = mid - 1;
    }
    return 0;
}

int chain_head_latest(Ctx *c, ChainHead *h, Err *e)
{
    static const char sql[] =
        "SELECT n, workshop, hash, key, sig, at_ms FROM chain_heads ORDER BY n DESC LIMIT 1";
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    memset(h, 0, sizeof *h);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 2) == 32 && sqlite3_column_bytes(st, 3) == 32 &&
        sqlite3_column_bytes(st, 4) == 64) {
        h->n = sqlite3_column_int64(st, 0);
        snprintf(h->workshop, sizeof h->workshop, "%s", (const char *)sqlite3_column_text(st, 1));
        memcpy(h->hash, sqlite3_column_blob(st, 2), 32);
        memcpy(h->key, sqlite3_column_blob(st, 3), 32);
        memcpy(h->sig, sqlite3_column_blob(st, 4), 64);
        h->at_ms = sqlite3_column_int64(st, 5);
        found = 1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return found;
}

int chain_hash_at(Ctx *c, int64_t n, unsigned char out[32], Err *e)
{
    static const char sql[] = "SELECT hash FROM chain WHERE n = ?1";
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, n);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32) {
        memcpy(out, sqlite3_column_blob(st, 0), 32);
        found = 1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return found;
}

int chain_anchored(Ctx *c, int64_t *anchored, int64_t *records, Err *e)
{
    static const char sql[] =
        "SELECT coalesce((SELECT max(n) FROM chain_anchors), 0), coalesce((SELECT max(n) FROM chain), 0)";
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    *anchored = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    *records = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : db_error_rc(c->db, rc, e);
}

int chain_anchor_record(Ctx *c, const char *hub, int64_t n, const unsigned char hash[32], Err *e)
{
    static const char sql[] = "INSERT OR IGNORE INTO chain_anchors(hub, n, hash, at_ms) VALUES (?1, ?2, ?3, ?4)";
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, hub, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, n);
    sqlite3_bind_blob(st, 3, hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, hlc_wall_ms());
    return db_step_done(c->db, st, e);
}

/* A new key: its file, meta chain.public, and the workshop.key event that
 * announces it (chained, so signed by the new key at commit). */
int chain_key_new(Ctx *c, const char *reason, Err *e)
{
    unsigned char old[32], pk[32], sk[64];
    char old_fpr[CHAIN_FPR] = "", hex[CHAIN_HEX];
    if (crypto_ready(e) < 0) return -1;
    if (!c->workshop[0])
        return err_set(e, ERR_INPUT, "%s", _("this database has no workshop yet: create it first (its code and name)"));
    if (meta_public(c, old, NULL)) chain_fingerprint_of(old, old_fpr);
    crypto_sign_keypair(pk, sk);
    sodium_bin2hex(hex, sizeof hex, pk, 32);
    if (db_begin(c->db, e) < 0) { sodium_memzero(sk, sizeof sk); return -1; }
    int r = key_write(hex, sk, e);
    sodium_memzero(sk, sizeof sk);
    if (r == 0) r = db_meta_set(c->db, "chain.public", hex, e);
    if (r == 0) {
        json_t *p = json_pack("{s:s, s:s, s:s}", "key", hex, "replaces", old_fpr, "reason", reason ? reason : "");
        r = event_append(c, "workshop.key", NULL, p, NULL, e);
    }
    if (r < 0 || db_commit(c->db, e) < 0) { db_rollback(c->db); return -1; }
    return 0;
}

/* ---- verification ---- */

static void bad(ChainReport *r, int64_t n, const char *ev, const char *dev, const char *why)
{
    if (!r->ok) return;                       /* the first problem is the one named */
    r->ok = 0;
    r->bad_n = n;
    snprintf(r->bad_event, sizeof r->bad_event, "%s", ev ? ev : "");
    snprintf(r->bad_device, sizeof r->bad_device, "%s", dev ? dev : "");
    snprintf(r->reason, sizeof r->reason, "%s", why);
}

typedef struct Heads {
    ChainHead *h;
    size_t n, cap;
} Heads;

static int heads_load(Ctx *c, Heads *hs, Err *e)
{
    static const char sql[] = "SELECT n, workshop, hash, key, sig, at_ms FROM chain_heads ORDER BY n";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (hs->n == hs->cap) {
            size_t cap = hs->cap ? hs->cap * 2 : 64;
            ChainHead *p = realloc(hs->h, cap * sizeof *p);
            if (!p) { sqlite3_finalize(st); return err_set(e, ERR_INTERNAL, _("out of memory")); }
            hs->h = p;
            hs->cap = cap;
        }
        ChainHead *h = &hs->h[hs->n++];
        memset(h, 0, sizeof *h);
        h->n = sqlite3_column_int64(st, 0);
        snprintf(h->workshop, sizeof h->workshop, "%s", (const char *)sqlite3_column_text(st, 1));
        /* a field of the wrong size stays zero: its signature fails */
        if (sqlite3_column_bytes(st, 2) == 32) memcpy(h->hash, sqlite3_column_blob(st, 2), 32);
        if (sqlite3_column_bytes(st, 3) == 32) memcpy(h->key, sqlite3_column_blob(st, 3), 32);
        if (sqlite3_column_bytes(st, 4) == 64) memcpy(h->sig, sqlite3_column_blob(st, 4), 64);
        h->at_ms = sqlite3_column_int64(st, 5);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

typedef struct Anchor {
    int64_t n;
    unsigned char hash[32];
    char where[128];
} Anchor;

static int anchors_load(Ctx *c, Anchor **out, size_t *count, Err *e)
{
    static const char sql[] = "SELECT n, hash, hub FROM chain_anchors ORDER BY n, hub";
    sqlite3_stmt *st;
    size_t cap = 0;
    *out = NULL;
    *count = 0;
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 64;
            Anchor *p = realloc(*out, cap * sizeof *p);
            if (!p) { sqlite3_finalize(st); return err_set(e, ERR_INTERNAL, _("out of memory")); }
            *out = p;
        }
        Anchor *a = &(*out)[(*count)++];
        memset(a, 0, sizeof *a);
        a->n = sqlite3_column_int64(st, 0);
        if (sqlite3_column_bytes(st, 1) == 32) memcpy(a->hash, sqlite3_column_blob(st, 1), 32);
        snprintf(a->where, sizeof a->where, "%s", (const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

/* The legacy verdict recorded by chain_upgrade: 0 none or intact, 1 not. */
static int legacy_broken(Ctx *c, ChainReport *r)
{
    char v[400];
    if (db_meta_get(c->db, "chain.v1", v, sizeof v) != 1 || strncmp(v, "altered ", 8) != 0) return 0;
    char why[300];
    snprintf(why, sizeof why, _("before the upgrade of the chain, the record chain of gradings and wipes was "
                                "already altered: %s"), v + 8);
    bad(r, 0, "", "", why);
    return 1;
}

/* The walk: chain rows in order beside the workshop's events in order. */
static const char SQL_WALK_CHAIN[] = "SELECT n, seq, event_id, hash FROM chain WHERE n > ?1 ORDER BY n";
static const char SQL_WALK_EVENTS[] =
    "SELECT seq, id, hlc, workshop, operator, device, kind, payload FROM events WHERE workshop = ?1 AND seq > ?2 "
    "ORDER BY seq";

/* Where a walk starts: the origin, or the end of a walk that found nothing
 * wrong (Ctx.chain_ok: the records before it are not walked again). */
typedef struct Start {
    int64_t n, seq;
    unsigned char hash[32], key[32];
} Start;

static int walk(Ctx *c, const char *ws, Start *st0, Heads *hs, Anchor *an, size_t n_an, ChainReport *r, Err *e)
{
    sqlite3 *h = db_handle(c->db);
    sqlite3_stmt *a = NULL, *b = NULL;
    if (sqlite3_prepare_v2(h, SQL_WALK_CHAIN, -1, &a, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, SQL_WALK_EVENTS, -1, &b, NULL) != SQLITE_OK) {
        sqlite3_finalize(a);
        return db_error(c->db, e);
    }
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    sqlite3_bind_int64(a, 1, st0->n);
    sqlite3_bind_text(b, 1, ws, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(b, 2, st0->seq);
    unsigned char prev[32], hash[32], key[32];
    memcpy(prev, st0->hash, 32);
    memcpy(key, st0->key, 32);
    int ra = sqlite3_step(a), rb = sqlite3_step(b), rc = 0;
    int64_t expect = st0->n + 1, last_n = st0->n, last_seq = st0->seq;
    size_t hi = 0, ai = 0;
    while (hi < hs->n && hs->h[hi].n <= st0->n) hi++;
    while (ai < n_an && an[ai].n <= st0->n) ai++;
    char why[256];
    while (r->ok && (ra == SQLITE_ROW || rb == SQLITE_ROW)) {
        int64_t sa = ra == SQLITE_ROW ? sqlite3_column_int64(a, 1) : INT64_MAX;
        int64_t sb = rb == SQLITE_ROW ? sqlite3_column_int64(b, 0) : INT64_MAX;
        if (ra == SQLITE_ROW) {
            int64_t n = sqlite3_column_int64(a, 0);
            if (n != expect) {
                snprintf(why, sizeof why, ngettext("%lld record before this one was removed from the chain",
                                                   "%lld records before this one were removed from the chain",
                                                   (unsigned long)(n - expect)), (long long)(n - expect));
                bad(r, n, (const char *)sqlite3_column_text(a, 2), "", why);
                break;
            }
        }
        if (sa < sb) {
            bad(r, expect, (const char *)sqlite3_column_text(a, 2), "",
                _("the event of this record is missing, or was given to another workshop"));
            break;
        }
        const char *evid = (const char *)sqlite3_column_text(b, 1);
        const char *dev = (const char *)sqlite3_column_text(b, 5);
        if (sb < sa) {
            bad(r, 0, evid, dev, _("this event is not in the chain: it was added behind boucle's back"));
            break;
        }
        const char *cid = (const char *)sqlite3_column_text(a, 2);
        if (!cid || strcmp(cid, evid) != 0) {
            bad(r, expect, cid, dev, _("the event at this place of the chain was replaced by another"));
            break;
        }
        const void *f[7];
        int64_t len[7];
        for (int i = 0; i < 7; i++) {
            if (i == 1) { f[i] = NULL; len[i] = 0; continue; }    /* the hlc: hashed as an integer */
            int null = sqlite3_column_type(b, i + 1) == SQLITE_NULL;
            f[i] = sqlite3_column_blob(b, i + 1);
            len[i] = null ? -1 : sqlite3_column_bytes(b, i + 1);
        }
        link_raw(mctx, prev, f, len, sqlite3_column_int64(b, 2), hash);
        if (sqlite3_column_bytes(a, 3) != 32 || memcmp(sqlite3_column_blob(a, 3), hash, 32) != 0) {
            bad(r, expect, evid, dev, _("the record was altered: its hash does not match its content"));
            break;
        }
        /* a key announced here signs the heads from here on */
        const char *kind = (const char *)sqlite3_column_text(b, 6);
        if (kind && !strcmp(kind, "workshop.key")) {
            json_t *p = json_loads((const char *)sqlite3_column_text(b, 7), 0, NULL);
            const char *k = json_string_value(json_object_get(p, "key"));
            if (!k || strlen(k) != 64 || sodium_hex2bin(key, 32, k, 64, NULL, NULL, NULL) != 0)
                bad(r, expect, evid, dev, _("the announcement of a new key is unreadable"));
            json_decref(p);
            r->keys++;
        }
        for (; r->ok && hi < hs->n && hs->h[hi].n <= expect; hi++) {
            ChainHead *hd = &hs->h[hi];
            if (hd->n < expect) continue;      /* reported before the walk */
            if (memcmp(hd->hash, hash, 32) != 0) {
                int64_t from = hi ? hs->h[hi - 1].n + 1 : 1;
                snprintf(why, sizeof why,
                         _("the head signed at record %lld no longer matches the chain: records %lld to %lld "
                           "were rewritten"), (long long)hd->n, (long long)from, (long long)hd->n);
                bad(r, hd->n, evid, dev, why);
            } else if (memcmp(hd->key, key, 32) != 0) {
                bad(r, hd->n, evid, dev, _("the head of this record is signed by a key the chain never announced"));
            }
            r->heads++;
        }
        for (; r->ok && ai < n_an && an[ai].n <= expect; ai++) {
            if (an[ai].n < expect) continue;
            if (memcmp(an[ai].hash, hash, 32) != 0) {
                snprintf(why, sizeof why,
                         _("the history was rewritten: the hub %s anchored another record %lld"), an[ai].where,
                         (long long)an[ai].n);
                bad(r, an[ai].n, evid, dev, why);
            } else {
                r->anchored_n = an[ai].n;
                sodium_bin2hex(r->anchored, sizeof r->anchored, hash, 32);
            }
            r->anchors++;
        }
        memcpy(prev, hash, 32);
        last_n = expect++;
        last_seq = sa;
        r->records++;
        ra = sqlite3_step(a);
        rb = sqlite3_step(b);
    }
    if (ra != SQLITE_ROW && ra != SQLITE_DONE) rc = db_error_rc(c->db, ra, e);
    else if (rb != SQLITE_ROW && rb != SQLITE_DONE) rc = db_error_rc(c->db, rb, e);
    sqlite3_finalize(a);
    sqlite3_finalize(b);
    EVP_MD_CTX_free(mctx);
    if (rc < 0 || !r->ok) return rc;
    sodium_bin2hex(r->head, sizeof r->head, prev, 32);
    r->records = last_n;
    /* the tip must be signed, and nothing signed or anchored may be missing */
    int64_t signed_n = hs->n ? hs->h[hs->n - 1].n : 0;
    if (signed_n > last_n) {
        snprintf(why, sizeof why,
                 ngettext("the last record was removed: a head was signed at record %lld, the chain stops at %lld",
                          "the last records were removed: a head was signed at record %lld, the chain stops at %lld",
                          (unsigned long)(signed_n - last_n)), (long long)signed_n, (long long)last_n);
        bad(r, last_n + 1, "", "", why);
    } else if (signed_n < last_n) {
        snprintf(why, sizeof why, _("records %lld to %lld are not covered by a signed head: added behind boucle's "
                                    "back, or their head was removed"), (long long)signed_n + 1, (long long)last_n);
        bad(r, signed_n + 1, "", "", why);
    }
    for (; r->ok && ai < n_an; ai++)
        if (an[ai].n > last_n) {
            snprintf(why, sizeof why, _("the history was cut: the hub %s anchored record %lld, the chain stops at %lld"),
                     an[ai].where, (long long)an[ai].n, (long long)last_n);
            bad(r, an[ai].n, "", "", why);
        }
    if (r->ok) {
        st0->n = last_n;
        st0->seq = last_seq;
        memcpy(st0->hash, prev, 32);
        memcpy(st0->key, key, 32);
    }
    return 0;
}

static int verify_from(Ctx *c, ChainReport *r, int incremental, Err *e)
{
    memset(r, 0, sizeof *r);
    r->ok = 1;
    if (crypto_ready(e) < 0) return -1;
    char ws[16];
    unsigned char first[32];
    if (db_meta_get_int(c->db, "chain.upgrade", 0)) {
        bad(r, 0, "", "", _("this database was made by an older boucle: open it once with boucle to upgrade its chain"));
        return 0;
    }
    if (legacy_broken(c, r)) return 0;
    if (!meta_genesis(c, ws, sizeof ws, first)) {
        /* no key yet: nothing may be chained nor written by the workshop */
        static const char sql[] =
            "SELECT (SELECT count(*) FROM chain) + (SELECT count(*) FROM chain_heads) + "
            "(SELECT count(*) FROM events WHERE workshop = ?1)";
        sqlite3_stmt *st = db_stmt(c->db, sql, e);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(st);
        int64_t k = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW) return db_error_rc(c->db, rc, e);
        if (k) bad(r, 0, "", "", _("the origin of the chain (workshop and first key) was removed"));
        return 0;
    }
    if (c->workshop[0] && strcmp(ws, c->workshop) != 0) {
        char why[256];
        snprintf(why, sizeof why, _("the workshop code of this database was changed from %s to %s"), ws, c->workshop);
        bad(r, 0, "", "", why);
        return 0;
    }
    /* from the origin, or from the end of this process's last good walk
     * when that record is still there, unchanged */
    Start st0 = { 0 };
    chain_genesis(ws, first, st0.hash);
    memcpy(st0.key, first, 32);
    if (incremental && c->chain_ok_n > 0) {
        unsigned char hnow[32];
        int f = chain_hash_at(c, c->chain_ok_n, hnow, e);
        if (f < 0) return -1;
        if (f && memcmp(hnow, c->chain_ok_hash, 32) == 0) {
            st0.n = c->chain_ok_n;
            st0.seq = c->chain_ok_seq;
            memcpy(st0.hash, c->chain_ok_hash, 32);
            memcpy(st0.key, c->chain_ok_key, 32);
        }
    }
    c->chain_ok_n = 0;
    Heads hs = { 0 };
    Anchor *an = NULL;
    size_t n_an = 0;
    int rc = heads_load(c, &hs, e);
    if (rc == 0) rc = anchors_load(c, &an, &n_an, e);
    if (rc == 0) {
        /* every head's signature (one is kept for each block of records
         * that a commit ended in: a commit of many records signs its tip) */
        for (size_t i = 0; r->ok && i < hs.n; i++) {
            ChainHead *h = &hs.h[i];
            if (h->n <= st0.n) continue;              /* checked by the walk that ended there */
            if (strcmp(h->workshop, ws) != 0 || !chain_head_valid(h)) {
                char why[256];
                snprintf(why, sizeof why, _("the signature of the head at record %lld is not valid"), (long long)h->n);
                bad(r, h->n, "", "", why);
            }
        }
        /* anchors within what an earlier walk checked: against the hashes
         * that walk found right */
        for (size_t i = 0; r->ok && rc == 0 && i < n_an && an[i].n <= st0.n; i++) {
            unsigned char hn[32];
            int f = chain_hash_at(c, an[i].n, hn, e);
            if (f < 0) rc = -1;
            else if (!f || memcmp(hn, an[i].hash, 32) != 0) {
                char why[256];
                snprintf(why, sizeof why, _("the history was rewritten: the hub %s anchored another record %lld"),
                         an[i].where, (long long)an[i].n);
                bad(r, an[i].n, "", "", why);
            } else {
                r->anchored_n = an[i].n;
                sodium_bin2hex(r->anchored, sizeof r->anchored, hn, 32);
                r->anchors++;
            }
        }
        if (r->ok && rc == 0) rc = walk(c, ws, &st0, &hs, an, n_an, r, e);
    }
    if (rc == 0 && r->ok) {
        r->heads = (int64_t)hs.n;
        c->chain_ok_n = st0.n;
        c->chain_ok_seq = st0.seq;
        memcpy(c->chain_ok_hash, st0.hash, 32);
        memcpy(c->chain_ok_key, st0.key, 32);
    }
    free(hs.h);
    free(an);
    return rc;
}

int chain_verify(Ctx *c, ChainReport *r, Err *e) { return verify_from(c, r, 0, e); }
int chain_verify_since(Ctx *c, ChainReport *r, Err *e) { return verify_from(c, r, 1, e); }

int chain_check_anchors(Ctx *c, const int64_t *n, const unsigned char (*hash)[32], size_t n_anchors,
                        const char *where, ChainReport *r, Err *e)
{
    char why[256];
    for (size_t i = 0; i < n_anchors; i++) {
        unsigned char h[32];
        int f = chain_hash_at(c, n[i], h, e);
        if (f < 0) return -1;
        r->anchors++;
        if (!f) {
            snprintf(why, sizeof why, _("the history was cut: the hub %s anchored record %lld, the chain stops at %lld"),
                     where, (long long)n[i], (long long)r->records);
            bad(r, n[i], "", "", why);
        } else if (memcmp(h, hash[i], 32) != 0) {
            snprintf(why, sizeof why, _("the history was rewritten: the hub %s anchored another record %lld"), where,
                     (long long)n[i]);
            bad(r, n[i], "", "", why);
        } else if (n[i] > r->anchored_n) {
            r->anchored_n = n[i];
            sodium_bin2hex(r->anchored, sizeof r->anchored, h, 32);
        }
    }
    return 0;
}

/* ---- the upgrade from issue 3's chain ---- */

/* Issue 3's check: hex hash over NUL-separated fields, a signature per
 * row, grading and wipe kinds only. "intact N HEAD" or "altered N WHY". */
static int legacy_check(Ctx *c, char *out, size_t size, Err *e)
{
    static const char sql[] =
        "SELECT c.n, c.hash, c.sig, e.id, e.hlc, e.workshop, e.operator, coalesce(e.device, ''), e.kind, e.payload "
        "FROM chain_v1 c LEFT JOIN events e ON e.id = c.event_id ORDER BY c.n";
    unsigned char pk[32], prev[32] = { 0 }, h[32], stored[32], sig[64];
    int have_key = meta_public(c, pk, NULL);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    int rc;
    int64_t count = 0, expect = 0;
    snprintf(out, size, "intact 0 -");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t n = sqlite3_column_int64(st, 0);
        const char *hx = (const char *)sqlite3_column_text(st, 1), *sg = (const char *)sqlite3_column_text(st, 2);
        const char *why = NULL;
        if (expect && n != expect + 1) why = "a record was removed";
        else if (sqlite3_column_type(st, 3) == SQLITE_NULL) why = "the event of a record is missing";
        else if (!have_key) why = "the public key is missing";
        if (!why) {
            char hlc[24];
            const char *f[7];
            for (int i = 0; i < 7; i++) f[i] = (const char *)sqlite3_column_text(st, 3 + i);
            snprintf(hlc, sizeof hlc, "%lld", (long long)sqlite3_column_int64(st, 4));
            f[1] = hlc;
            crypto_hash_sha256_state s;
            crypto_hash_sha256_init(&s);
            crypto_hash_sha256_update(&s, prev, 32);
            for (int i = 0; i < 7; i++) {
                const char *v = f[i] ? f[i] : "";
                crypto_hash_sha256_update(&s, (const unsigned char *)v, strlen(v));
                if (i < 6) crypto_hash_sha256_update(&s, (const unsigned char *)"", 1);
            }
            crypto_hash_sha256_final(&s, h);
            if (!hx || sodium_hex2bin(stored, 32, hx, strlen(hx), NULL, NULL, NULL) != 0 || memcmp(stored, h, 32))
                why = "a record's hash does not match its content";
            else if (!sg || sodium_hex2bin(sig, 64, sg, strlen(sg), NULL, NULL, NULL) != 0 ||
                     crypto_sign_verify_detached(sig, h, 32, pk) != 0)
                why = "a record's signature is not valid";
        }
        if (why) {
            snprintf(out, size, "altered record %lld (event %s): %s", (long long)n,
                     sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3) : "?", why);
            break;
        }
        memcpy(prev, h, 32);
        expect = n;
        count++;
        snprintf(out, size, "intact %lld %s", (long long)count, hx);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

int chain_upgrade(Ctx *c, Err *e)
{
    if (!db_meta_get_int(c->db, "chain.upgrade", 0)) return 0;
    if (crypto_ready(e) < 0) return -1;
    char verdict[400];
    if (db_begin(c->db, e) < 0) return -1;
    int r = legacy_check(c, verdict, sizeof verdict, e);
    if (r == 0 && strcmp(verdict, "intact 0 -") != 0) r = db_meta_set(c->db, "chain.v1", verdict, e);
    if (r == 0 && c->workshop[0]) {
        r = key_move_out(c, e);
        if (r == 0) r = chain_key_ensure(c, e);
        static const char sql[] = "SELECT seq FROM events WHERE workshop = ?1 ORDER BY seq";
        sqlite3_stmt *st = NULL;
        if (r == 0 && sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) r = db_error(c->db, e);
        if (st) {
            sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_TRANSIENT);
            int rc;
            while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) r = append_seq(c, sqlite3_column_int64(st, 0), e);
            if (r == 0 && rc != SQLITE_DONE) r = db_error_rc(c->db, rc, e);
            sqlite3_finalize(st);
        }
    }
    if (r == 0) r = db_exec(c->db, "DELETE FROM meta WHERE key = 'chain.upgrade'", e);
    if (r < 0 || db_commit(c->db, e) < 0) { db_rollback(c->db); return -1; }
    return 0;
}
