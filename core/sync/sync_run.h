/*
 * sync_run.h — private to core/sync/: the local state row, one run, and the
 * functions push.c, pull.c, state.c and sync.c share.
 */
#ifndef BOUCLE_SYNC_RUN_H
#define BOUCLE_SYNC_RUN_H
#include <stdint.h>
#include <time.h>
#include "core/sync/couch.h"
#include "core/sync/sync.h"

typedef struct State {
    char hub[700];         /* url/db */
    int64_t push_seq, ack_seq;
    char *since;           /* heap ("0" once loaded): a sequence has no length limit */
} State;

typedef struct Run {
    Ctx *c;
    Couch *hub;
    State s;
    char dbpath[300];        /* "/<escaped db>" */
    const SyncOpts *o;
    int batch, pull_batch;
    int push_limit;          /* current push batch: halved while the hub answers 413 */
    int too_large;           /* the last _bulk_docs was refused as too large */
    SyncResult *res;
    int anchor;              /* the login is the workshop: its anchors go up (anchor.c) */
    SyncProgress prog;
    struct timespec t0;
} Run;

int sync_state_load(Ctx *c, State *s, Err *e);
/* Replaces s->since with a copy of since. 0, or -1 out of memory. */
int sync_state_since(State *s, const char *since);
void sync_state_free(State *s);
int sync_state_exec(Ctx *c, const char *sql, const char *hub, int64_t a, int64_t b,
                      const char *text, Err *e);
int sync_reject_record(Ctx *c, const char *hub, const char *dir, const char *id,
                         const char *error, const char *reason, const char *doc, Err *e);
int sync_reject_clear(Ctx *c, const char *hub, const char *dir, const char *id, Err *e);
int64_t sync_count_pending(Ctx *c, int64_t after);
int sync_push(Run *r, Err *e);
int sync_pull(Run *r, Err *e);
/* The chain's newest head to the hub, after the push (core/sync/anchor.c). */
int anchor_push(Run *r, Err *e);
void sync_report(Run *r);
int sync_cancelled(const Run *r, Err *e);
/* The hub's key in sync_state: its URL without credentials, then the db. */
void sync_hub_key(const SyncConfig *cfg, char *out, size_t size);

#endif
