/*
 * sync.h — offline-first sync of the event log with the regional hub.
 *
 * Push: this workshop's events not yet on the hub go up with _bulk_docs in
 * batches, in local arrival order (seq). A re-push is harmless: events are
 * immutable with unique ids, and the hub answers "conflict" for one it has.
 * A document the hub refuses (validate_doc_update) is recorded with the
 * reason (sync_rejects), retried at most SYNC_REJECT_TRIES times over later
 * syncs, then left for a person to look at: it never blocks the rest.
 *
 * Pull: the hub's _changes feed from the stored opaque `since`, applied with
 * event_import (idempotent), and the new `since` stored in the SAME SQLite
 * transaction as the events it covers: a crash leaves either both or
 * neither. A document that cannot be imported (unknown kind, newer schema,
 * invalid, too large) is kept aside with its reason and retried at each sync
 * (a newer boucle may understand it); the local database never holds it.
 *
 * Hub loss: at the start of each sync, one request asks the hub for a few
 * of this workshop's own events (the newest it took, and older ones at
 * exponentially spaced seqs). Only this workshop can write them and only a
 * hub admin delete them, so no other workshop can fake or hide a loss. When
 * the newest is missing (a hub replaced by an empty one, or restored from
 * an older backup) everything after the newest one present is pushed again
 * and everything is pulled again from the start.
 *
 * Anchors: after a push that went through, the chain's newest signed head
 * goes to the hub (core/sync/anchor.h); a hub that refuses it makes the run
 * fail with the reason, after the pull. The pull skips the anchor, head and
 * key documents of every workshop (sync_doc_chain_type).
 *
 * State per hub (URL + database, never credentials) lives in sync_state.
 */
#ifndef BOUCLE_SYNC_H
#define BOUCLE_SYNC_H
#include <stdint.h>
#include "core/sync/couch.h"
#include "core/sync/hub.h"
#include "core/log/event.h"

#define SYNC_BATCH 500          /* docs per _bulk_docs / _changes page: CouchDB's replicator's */
#define SYNC_PULL_BATCH 500   /* changes per _changes page: 2 000 held 4 MB more for no gain in time */
#define SYNC_PULL_CACHE_KIB 512  /* SQLite's page cache during a pull (db_set_cache_kib) */
#define SYNC_INDEX_BATCH 256     /* devices indexed for search per transaction after a pull */
#define SYNC_REJECT_TRIES 3     /* pushes of a refused document before giving up */
#define SYNC_DOC_MAX HUB_DOC_MAX /* a pulled event larger than this is kept out */
/* A pulled document nested deeper than this is kept out: the hub refuses
 * a payload deeper than HUB_PAYLOAD_DEPTH_MAX from a workshop. */
#define SYNC_DOC_DEPTH_MAX (HUB_PAYLOAD_DEPTH_MAX + 1)
/* A clock further than this from the hub's is reported (HLC_MAX_DRIFT_MS). */
#define SYNC_PENDING_CAP 100000
#define SYNC_CLOCK_WARN_MS (24LL * 3600 * 1000)
/* Beyond this difference with the hub's Date header (1 s resolution, plus
 * the request's latency), this PC stamps its events with the hub's time
 * (meta clock.offset_ms, read by core/log/event.c). Below it, the hybrid logical
 * clock absorbs the difference by itself. */
#define SYNC_CLOCK_TRUST_MS (5LL * 60 * 1000)


typedef struct SyncConfig {
    char url[512];         /* hub.url: server URL, e.g. https://hub.example.org */
    char db[128];          /* hub.db, default "boucle" */
    char user[64];         /* hub.user, default the workshop code */
    char password[256];    /* $BOUCLE_HUB_PASSWORD, else hub.password */
    int insecure;          /* hub.insecure = yes: no TLS verification (tests) */
    char cainfo[512];      /* hub.cafile: CA bundle for a private hub */
} SyncConfig;

/* Loads the hub settings from the configuration file (NULL = default path)
 * and the environment. Fails with a message naming the missing key when the
 * hub URL is not set. The workshop code (c) gives the default user. */
int sync_config_load(const Ctx *c, const char *config_path, SyncConfig *cfg, Err *e);
/* Wipes the password from memory. */
void sync_config_clear(SyncConfig *cfg);

typedef enum { SYNC_PHASE_IDLE, SYNC_PHASE_CHECK, SYNC_PHASE_PUSH, SYNC_PHASE_PULL,
               SYNC_PHASE_DONE } SyncPhase;

typedef struct SyncProgress {
    SyncPhase phase;
    int64_t push_done, push_total;   /* own events sent / to send this run */
    int64_t pull_done;               /* changes applied this run */
    int64_t pull_pending;            /* from _changes "pending"; -1 unknown */
    int64_t rejected;
    double docs_per_s;               /* pushed + pulled per second, this run */
} SyncProgress;
typedef void (*SyncProgressCb)(void *arg, const SyncProgress *p);

typedef struct SyncOpts {
    int batch;                 /* push batch, 0 = SYNC_BATCH; pull pages 4× larger */
    volatile int *cancel;      /* stop as soon as possible when *cancel != 0 */
    SyncProgressCb progress;   /* called after each batch; may be NULL */
    void *progress_arg;
    int retries;               /* -1 = the client's default (5) */
    long backoff_ms;           /* 0 = default (250) */
    long timeout_ms;           /* 0 = default (60 000) */
    int skip_push, skip_pull;  /* one direction only (benchmarks, --push-only) */
} SyncOpts;

typedef struct SyncResult {
    int64_t pushed;        /* stored on the hub by this run */
    int64_t already;       /* the hub had them (re-push) */
    int64_t pulled;        /* new events stored here */
    int64_t known;         /* pulled events this database had */
    int64_t rejected;      /* refused by the hub this run */
    int64_t deferred;      /* pulled but kept out (unknown kind, newer, invalid) */
    int hub_reset;         /* the hub had lost data: pushed again */
    int64_t clock_skew_ms; /* this PC's clock minus the hub's (0 unknown) */
    int64_t anchored;      /* record of the chain's head anchored at the hub by this run, 0 none */
    CouchStats net;
    double seconds;
} SyncResult;

/* One full sync: check, push, pull. Returns 0 when it ran to the end (even
 * with rejections: see res), -1 with e when it stopped (hub down, wrong
 * password…); what was done before the error stays done. opts may be NULL. */
int sync_run(Ctx *c, const SyncConfig *cfg, const SyncOpts *opts, SyncResult *res, Err *e);
/* A translated warning about this PC's clock when res shows it is more
 * than SYNC_CLOCK_WARN_MS off the hub's; returns 0 (out untouched) else. */
int sync_clock_warning(const SyncResult *res, char *out, size_t size);

/* What the status bar and the sync screen show. */
typedef struct SyncStatus {
    int configured;            /* a hub has been synced with */
    int64_t pending;           /* own events not on the hub yet (at most SYNC_PENDING_CAP) */
    int pending_more;          /* 1: there are more than SYNC_PENDING_CAP */
    int64_t last_ok_ms;        /* wall clock of the last full sync, 0 never */
    int64_t last_try_ms;
    char last_error[512];      /* "" when the last sync went through */
    int64_t rejected;          /* refused documents still recorded */
    int64_t deferred;          /* pulled documents kept out */
} SyncStatus;
/* For the hub of cfg (or the most recently used one when cfg is NULL). */
int sync_status(Ctx *c, const SyncConfig *cfg, SyncStatus *out, Err *e);

/* Lists recorded rejections (push) and kept-out documents (pull). */
typedef int (*SyncRejectCb)(void *arg, const char *direction, const char *event_id,
                            const char *error, const char *reason, int attempts);
int sync_rejects(Ctx *c, SyncRejectCb cb, void *arg, Err *e);

/* The hub document of an event (new reference), and back. sync_doc_event
 * returns 1 ok, 0 not an event (design doc, other type: ignore), -1 invalid
 * or newer (e says why). ev->payload is a new reference. */
json_t *sync_event_doc(const Event *ev);
int sync_doc_event(json_t *doc, Event *ev, Err *e);
/* The fast path of a pulled document (the text of one JSON object, its
 * depth already bounded): an ordinary event read with the scanner alone,
 * no JSON tree, its payload's text kept as the hub gave it (*payload,
 * heap; stored so by event_import_text). 1 done; 0 anything unusual (a
 * design document, another type, a newer format, a string with escapes or
 * a payload jansson would refuse, a missing field), which sync_doc_event
 * then judges and explains. Never accepts what sync_doc_event refuses
 * (tests/fuzz/fuzz_doc.c checks it). */
int sync_doc_event_text(const char *doc, size_t len, Event *ev, char **payload);
/* Pure: 1 when the document (the text of one JSON object) is a chain
 * anchor, head or key (its "type" a plain "anchor", "head" or "key"): the
 * pull skips it (sync_doc_event returns 0 for it too). 0 otherwise. */
int sync_doc_chain_type(const char *doc, size_t len);

#endif
