/*
 * chain.h — tamper evidence for grading and wipe records.
 *
 * Every local event of a chained kind (device.grade, media.add, wipe.record,
 * wipe.assign) gets one row in the table `chain`, in the transaction that
 * stores it:
 *     hash_n = SHA-256(hash_{n-1} || id \0 hlc \0 workshop \0 operator \0
 *                      device \0 kind \0 payload)        (hash_0 = 32 zero bytes)
 *     sig_n  = Ed25519_sign(workshop secret key, hash_n)
 * over the event row exactly as stored. Changing any byte of a chained
 * event, removing or reordering a chain row, or adding a chained event
 * without its row is detected by chain_verify(), which names the first
 * altered record.
 *
 * The key pair is created by chain_key_ensure() (at `boucle init`, or at the
 * first signed record of an older database) and kept in the database's meta
 * table: the database file is already private (0600) and is the workshop's
 * identity, so copying it to a new PC carries the key with it. What makes a
 * rewrite of history visible to others is outside the file: the key
 * fingerprint and record hashes printed on every certificate a donor keeps.
 * A rebuild never re-signs a chained event (the chain is not a projection).
 */
#ifndef BOUCLE_CHAIN_H
#define BOUCLE_CHAIN_H
#include <stddef.h>
#include <stdint.h>
#include "core/log/event.h"

#define CHAIN_HEX 65            /* 32 bytes as hex + NUL */
#define CHAIN_FPR 40            /* "ab12 cd34 …": 16 bytes in groups of 2 */

/* 1 when events of this kind are chained. */
int chain_kind(const char *kind);
/* Creates the workshop's key pair when it has none. 0 or -1. */
int chain_key_ensure(Ctx *c, Err *e);
/* The public key's fingerprint: first 16 bytes of SHA-256(public key) as
 * 8 groups of 4 hex digits. 1 found, 0 no key yet, -1 error. */
int chain_fingerprint(Ctx *c, char out[CHAIN_FPR], Err *e);
/* Links and signs a stored local event (inside the caller's transaction).
 * Does nothing when it is already chained. 0 or -1. */
int chain_append(Ctx *c, const Event *ev, Err *e);
/* The record hash of a chained event: 1 found, 0 not chained, -1 error. */
int chain_event_hash(Ctx *c, const char *event_id, char out[CHAIN_HEX], Err *e);

typedef struct ChainReport {
    int64_t records;            /* chain rows checked */
    int ok;                     /* 1 when nothing is wrong */
    int64_t bad_n;              /* first bad row (0 when the problem is a missing row) */
    char bad_event[EVENT_ID_MAX];
    char bad_device[DEVICE_ID_MAX];
    char reason[256];           /* translated */
    char head[CHAIN_HEX];       /* hash of the last row */
} ChainReport;

/* Checks the chain and signatures of this database's workshop. Returns 0
 * when it could check (r->ok tells the verdict), -1 on a database error. */
int chain_verify(Ctx *c, ChainReport *r, Err *e);

/* Pure: one link of the chain (see above). */
void chain_link(const unsigned char prev[32], const char *const fields[7], unsigned char out[32]);

#endif
