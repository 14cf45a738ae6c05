/*
 * ctx.h — what every core/ call needs: the open database and who is acting.
 *
 * The screens and the command line both open one Ctx and pass it to core/.
 * `workshop` is empty until `boucle init` has run; `operator` is the person
 * recorded on every event (empty string when none was chosen).
 */
#ifndef BOUCLE_CTX_H
#define BOUCLE_CTX_H
#include "db/db.h"

#define WORKSHOP_CODE_MAX 8
#define OPERATOR_MAX 64

typedef struct Ctx {
    Db *db;
    char workshop[WORKSHOP_CODE_MAX + 1];  /* e.g. "GRE1"; "" before init */
    char workshop_name[128];
    char operator[OPERATOR_MAX + 1];       /* who acts; "" when unknown */
    int index_deferred;                    /* new devices wait for device_index_rebuild() */
    int64_t index_pending;                 /* new rows not in the search index yet (0: count them) */
    /* A pulled page (event_defer_begin/flush, core/log/event.h): each
     * device touched is folded once at the end of the page, not once per
     * event. The devices waiting, in arrival order (duplicates allowed). */
    int defer_devices;
    char (*deferred)[24];
    size_t n_deferred, cap_deferred;
    uint64_t deferred_hlc;                 /* the latest clock imported meanwhile: the clock moves at flush */
    struct DeferredTally *tallies;         /* the day's tallies counted meanwhile, written at flush */
    size_t n_tallies, cap_tallies;
    /* Demo only (core/demo): when > 0, event_append stamps events at this
     * wall time (ms, never later than now) instead of the clock, so that a
     * demo's past reads as past. The database's own clock is not moved
     * back: the events that follow are stamped now, as ever. */
    int64_t clock_ms;
    int chain_dirty;                       /* records added: the head is signed at commit (chain.h) */
    /* the end of the last walk of the chain that found nothing wrong, in
     * this process (chain_verify_since starts there) */
    int64_t chain_ok_n, chain_ok_seq;
    unsigned char chain_ok_hash[32], chain_ok_key[32];
    unsigned char *chain_sk;               /* the secret key once read (guarded memory), or NULL */
} Ctx;

/* Opens the database at path (see db_open flags) and loads the workshop
 * identity. Returns 0, or -1 with e filled. */
int ctx_open(Ctx *c, const char *path, int db_flags, Err *e);
void ctx_close(Ctx *c);
/* 1 when `boucle init` has been run on this database. */
int ctx_has_workshop(const Ctx *c);
/* Resolves the default database path: $BOUCLE_DB, else
 * $XDG_DATA_HOME/boucle/boucle.db (~/.local/share/...). Creates the folder. */
int ctx_default_db_path(char *out, size_t size, Err *e);

/* 1 when code is a valid workshop code: 2 to WORKSHOP_CODE_MAX upper-case
 * letters or digits ("GRE1"). */
int workshop_code_valid(const char *code);

#endif
