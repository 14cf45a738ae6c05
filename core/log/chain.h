/*
 * chain.h — tamper evidence: every event of the workshop in one hash chain,
 * its heads signed, anchored at the hub (doc/security.md).
 *
 * Records. Every event this workshop writes (and every one of its own events
 * restored from the hub) gets one row in `chain`, in the transaction that
 * stores it, in the order it is stored:
 *     hash_0 = SHA-256("boucle chain 2" 0 workshop 0 first public key)
 *     hash_n = SHA-256(hash_{n-1} || record_n)
 * where record_n is the event row exactly as stored, each field as a 4-byte
 * little-endian length then its bytes (id, hlc as 8 bytes, workshop,
 * operator, device — length 0xffffffff when NULL —, kind, payload). Changing
 * any byte of an event, its workshop or its place, removing, inserting or
 * duplicating one changes every hash from there on.
 *
 * Heads. What is signed (Ed25519) is a head: (workshop, n, hash_n), at each
 * commit that added records (db_set_precommit), so nothing committed is
 * ever unsigned. The table `chain_heads` keeps the last head of every block
 * of CHAIN_BLOCK records and the newest one (the newest head of a block
 * replaces the previous head of that block). Why 1024: verifying is then
 * one signature per 1024 records — ~0.05 ms per 1024 records beside ~0.4 ms
 * of hashing them, under 5 % of the time, so `verify` runs at hash speed —
 * while an edit that someone re-hashed without the key is still placed
 * within 1024 records by the first head whose signature fails.
 *
 * The key. The secret key is a 0600 file of its own,
 * $XDG_CONFIG_HOME/boucle/keys/<public key in hex>.key, never in the
 * database (nor in a copy of it); the database holds the public keys only.
 * A lost key is replaced by chain_key_new(): a `workshop.key` event, itself
 * chained and signed by the new key, announces it; heads before it must be
 * signed by the old key, heads after by the new one.
 *
 * Anchors. Each sync pushes the newest head and the public key to the hub
 * (core/sync/anchor.c), where the design document keeps them immutable; the
 * heads the hub took are recorded in `chain_anchors`. A history rewritten
 * and re-signed — with the workshop's key or a new one — no longer matches
 * the anchored hashes, and `verify` says so.
 *
 * A rebuild never touches the chain (it is not a projection).
 */
#ifndef BOUCLE_CHAIN_H
#define BOUCLE_CHAIN_H
#include <stddef.h>
#include <stdint.h>
#include "core/log/event.h"

#define CHAIN_HEX 65            /* 32 bytes as hex + NUL */
#define CHAIN_FPR 40            /* "ab12 cd34 …": 16 bytes in groups of 2 */
#define CHAIN_BLOCK 1024        /* one head kept per block of records (above) */

/* Creates the workshop's key pair when it has none: the secret in its own
 * file, the public key and the chain's origin in meta. 0 or -1. */
int chain_key_ensure(Ctx *c, Err *e);
/* A new key pair replacing a lost or compromised one, announced by a
 * workshop.key event {key, replaces, reason}. 0 or -1. */
int chain_key_new(Ctx *c, const char *reason, Err *e);
/* A passphrase may protect the key file (`boucle key passphrase`): Argon2id
 * and secretbox (libsodium). The program gives the function that asks for
 * it (a prompt on the terminal); it is asked once per process, when the
 * first record is signed, and the key then serves every connection. */
typedef int (*ChainAsk)(const char *question, char *out, size_t size);
void chain_set_passphrase_asker(ChainAsk ask);
/* Reads the key now (asking for its passphrase when protected), outside
 * any transaction: the UI does it at start. 0 or -1. */
int chain_key_unlock(Ctx *c, Err *e);
/* 1 when the key file in force is protected by a passphrase. */
int chain_key_protected(Ctx *c);
/* Rewrites the key file protected by pass ("" : not protected). The key
 * must be readable (asked for when protected). 0 or -1. */
int chain_key_protect(Ctx *c, const char *pass, Err *e);
/* Wipes the secret key this Ctx keeps in memory (ctx_close does). */
void chain_key_forget(Ctx *c);
/* The path of the secret key file of public key pk (hex). 0 or -1. */
int chain_key_path(const char *pk_hex, char *out, size_t size);
/* The public key's fingerprint: first 16 bytes of SHA-256(public key) as
 * 8 groups of 4 hex digits. 1 found, 0 no key yet, -1 error. */
int chain_fingerprint(Ctx *c, char out[CHAIN_FPR], Err *e);
void chain_fingerprint_of(const unsigned char pk[32], char out[CHAIN_FPR]);
/* Signs m (len bytes) with the workshop's key in force (Ed25519,
 * detached), for a document the workshop issues (core/report/proof.h): sig
 * gets the signature, pk the public key that verifies it. The key is read
 * as for the chain (its passphrase asked when protected). 0 or -1. */
int chain_sign(Ctx *c, const unsigned char *m, size_t len, unsigned char sig[64], unsigned char pk[32], Err *e);
/* 1 when pk signed a head of this database's chain (a key of the
 * workshop, the one in force or an older one), 0 when not, -1 on error. */
int chain_key_known(Ctx *c, const unsigned char pk[32], Err *e);

/* Links a stored event of this workshop (inside the caller's transaction);
 * the head is signed when the transaction commits. Does nothing when the
 * event is another workshop's or already chained. 0 or -1. */
int chain_append(Ctx *c, const Event *ev, Err *e);
/* Installed by ctx_open as the database's precommit hook: signs the head
 * when records were added. */
int chain_precommit(void *ctx, Err *e);
/* Once after migration 10 (meta chain.upgrade): checks the chain of
 * issue 3 (kept as chain_v1, result in meta chain.v1), moves a secret key
 * found in meta to its file, and chains every event of the workshop. */
int chain_upgrade(Ctx *c, Err *e);
/* The record hash of a chained event: 1 found, 0 not chained, -1 error. */
int chain_event_hash(Ctx *c, const char *event_id, char out[CHAIN_HEX], Err *e);

typedef struct ChainHead {
    char workshop[16];
    int64_t n;                  /* records covered */
    unsigned char hash[32];
    unsigned char key[32];      /* the public key that signed */
    unsigned char sig[64];
    int64_t at_ms;
} ChainHead;
/* The newest signed head: 1, 0 none yet, -1 error. */
int chain_head_latest(Ctx *c, ChainHead *h, Err *e);
/* The stored hash of record n: 1, 0 no such record, -1 error. */
int chain_hash_at(Ctx *c, int64_t n, unsigned char out[32], Err *e);
/* 1 when h->sig is h->key's signature of (workshop, n, hash). */
int chain_head_valid(const ChainHead *h);
/* Pure: signs (workshop, n, hash) into h->sig with secret key sk (libsodium's
 * 64 bytes, whose second half is the public key, copied to h->key). */
void chain_head_sign(ChainHead *h, const unsigned char sk[64]);
/* The newest record a hub took (0: none) and the chain's length, as stored
 * (the sync screen shows them; verify checks them). 0 or -1. */
int chain_anchored(Ctx *c, int64_t *anchored, int64_t *records, Err *e);
/* Records that the hub identified by hub took head (n, hash). 0 or -1. */
int chain_anchor_record(Ctx *c, const char *hub, int64_t n, const unsigned char hash[32], Err *e);

typedef struct ChainReport {
    int64_t records;            /* records checked */
    int64_t heads;              /* signed heads checked */
    int64_t keys;               /* keys the chain was signed with */
    int64_t anchors;            /* anchored heads compared */
    int ok;                     /* 1 when nothing is wrong */
    int64_t bad_n;              /* first bad record (0 when it is not one record) */
    char bad_event[EVENT_ID_MAX];
    char bad_device[DEVICE_ID_MAX];
    char reason[256];           /* translated */
    char head[CHAIN_HEX];       /* hash of the last record */
    int64_t anchored_n;         /* newest anchored head that matches (0: none) */
    char anchored[CHAIN_HEX];
} ChainReport;

/* Checks the chain of this database's workshop: every record against its
 * event, every head's signature and key, the tip, the anchors recorded from
 * the hub. Returns 0 when it could check (r->ok tells the verdict), -1 on a
 * database error. */
int chain_verify(Ctx *c, ChainReport *r, Err *e);
/* The same, but the records this process already walked without finding
 * anything wrong are not walked again when the last of them is still there,
 * unchanged: a label or a certificate after another costs the records
 * added since. A change made meanwhile by another program to an older
 * record is found by the next full walk (`boucle verify`, the next start). */
int chain_verify_since(Ctx *c, ChainReport *r, Err *e);
/* Compares the chain with anchors given by the caller (from the hub): each
 * (n, hash) must be the chain's record n. Adds to r (r->ok becomes 0 at
 * the first mismatch). n_anchors pairs. 0, or -1 on a database error. */
int chain_check_anchors(Ctx *c, const int64_t *n, const unsigned char (*hash)[32], size_t n_anchors,
                        const char *where, ChainReport *r, Err *e);

/* Pure: one link of the chain (see above). f[1] is the hlc in decimal;
 * f[4] NULL when the event has no device. */
void chain_link(const unsigned char prev[32], const char *const f[7], unsigned char out[32]);
/* Pure: the origin hash_0 of a workshop's chain. */
void chain_genesis(const char *workshop, const unsigned char pk[32], unsigned char out[32]);

#endif
