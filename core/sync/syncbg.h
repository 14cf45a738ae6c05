/*
 * syncbg.h — sync in the background, so that nobody waits for the network.
 *
 * One thread with its own database connection (SQLite in WAL mode lets the
 * screens read and write meanwhile) runs sync_run() when started, every
 * `interval` seconds, and at once when syncbg_now() asks. The screens read
 * a snapshot of its state (syncbg_get) under a lock; `gen` changes whenever
 * something in it did, so a screen repaints only then.
 *
 * The settings are re-read before every run (a `boucle config set` made
 * meanwhile is taken); without a hub URL the thread just waits.
 */
#ifndef BOUCLE_SYNCBG_H
#define BOUCLE_SYNCBG_H
#include "core/sync/sync.h"

#define SYNCBG_ERRORS 5          /* last errors kept for the sync screen */
#define SYNCBG_INTERVAL_S 300    /* between automatic syncs: 5 min, a few requests each */

typedef struct SyncBgState {
    int started;                 /* the thread runs */
    int configured;              /* a hub URL is set */
    int running;                 /* a sync is in progress */
    SyncProgress progress;       /* of the running (or last) sync */
    SyncStatus status;           /* pending, last success, last error */
    SyncResult last;             /* figures of the last finished sync */
    char errors[SYNCBG_ERRORS][256]; /* newest first */
    int nerrors;
    unsigned gen;                /* changes whenever the rest changed */
} SyncBgState;

/* Starts the thread on the database at db_path (opened again, never
 * created) with the configuration file config_path (NULL = default).
 * interval_s <= 0 = SYNCBG_INTERVAL_S. 0, or -1 with e. */
int syncbg_start(const char *db_path, const char *config_path, int interval_s, Err *e);
/* Asks for a sync now (no effect while one runs). */
void syncbg_now(void);
/* Copies the state. Works (started = 0) when the thread never started. */
void syncbg_get(SyncBgState *out);
/* Cancels a running sync (it stops within a fraction of a second: what it
 * committed stays) and joins the thread. */
void syncbg_stop(void);

#endif
