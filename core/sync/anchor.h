/*
 * anchor.h — the workshop's chain anchored at the hub (issue 11), where no
 * workshop can alter it afterwards.
 *
 * Documents (their rules are enforced by the hub's design document,
 * core/sync/hub.c; signatures are checked here, when they are read):
 *   anchor:<WS>:<n as 12 digits>  {type "anchor", workshop, n, hash, key, sig, at}
 *       a signed head (core/log/chain.h) the hub took: immutable, never
 *       deleted but by a hub admin.
 *   head:<WS>                     the same fields, type "head": the newest
 *       anchor, moving forward only (an older head, or another hash at the
 *       same record, is refused).
 *   key:<WS>:<public key hex>     {type "key", workshop, key, replaces, at}:
 *       each public key the workshop signed with, and the fingerprint of the
 *       one it replaces ("" for the first): immutable.
 * hash, key and sig are lower-case hex (64, 64, 128 digits); at is the ISO
 * time of the head's signature (of the upload for a key).
 *
 * When. At the end of a push that went through, when the newest signed head
 * is newer than the last one this hub took (chain_anchors) and its records'
 * events were all pushed: the key document if missing (once per hub and
 * key: meta "anchor.key <hub>"), the anchor, then the head document — 3
 * requests (PUT, GET, PUT), 4 with the key. Only a sync logged in as the
 * workshop anchors (the hub takes a workshop's anchors from it alone). The
 * head is recorded in chain_anchors only once the hub accepted the anchor. One anchor per sync that added records: a region of
 * 30 workshops syncing every 10 minutes, 8 hours a day, adds ~1 500 small
 * documents (~400 bytes) a day, far below its events.
 *
 * Verifying. anchor_verify() reads this workshop's anchors, head and keys
 * from the hub and compares them with the local chain: a history rewritten
 * (a hash that differs), cut (an anchor beyond the chain's end) or re-signed
 * with a key the hub never received shows, whichever key signed it and even
 * when the local chain_anchors table was wiped.
 */
#ifndef BOUCLE_ANCHOR_H
#define BOUCLE_ANCHOR_H
#include <stddef.h>
#include "core/log/chain.h"
#include "core/sync/sync.h"

#define ANCHOR_PAGE 500          /* anchors read per request */

/* "anchor:<ws>:<n as 12 digits>". */
void anchor_doc_id(char *out, size_t size, const char *workshop, int64_t n);
/* The hub document of a signed head: type "anchor" or "head" (new
 * reference; its _id set). */
json_t *anchor_head_doc(const ChainHead *h, const char *type);
/* A head read back from an anchor or head document: 1, or 0 when a field
 * is missing or malformed. The signature is not checked (chain_head_valid). */
int anchor_head_from_doc(json_t *doc, ChainHead *h);

/* Compares this workshop's chain with the anchors its hub holds (the hub
 * of the configuration, as `boucle sync` reads it). Adds to r (after
 * chain_verify): r->anchors, r->anchored_n, and r->ok = 0 with a reason on
 * an anchor whose signature is not valid, whose key the hub does not hold,
 * a history rewritten or cut since an anchor, or a chain signed by a key the
 * hub never received. note (may be NULL) says what could not be compared:
 * no hub configured, the hub unreachable; that is not a failure (returns
 * 0). -1 only on a local database error. */
int anchor_verify(Ctx *c, ChainReport *r, char *note, size_t note_size, Err *e);
/* The same with the hub given. */
int anchor_verify_hub(Ctx *c, const SyncConfig *cfg, ChainReport *r, char *note, size_t note_size, Err *e);

#endif
