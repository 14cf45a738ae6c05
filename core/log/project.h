/*
 * project.h — projections: the tables derived from events.
 *
 * Each event kind's apply (side tables: lots, operators, media, wipes…) and
 * fold (a device's row) are rows of the table of kinds (core/log/kind.h).
 * A device's row is always recomputed from ALL its events in (hlc,
 * workshop) order, each judged against the rights its author had at that
 * point (doc/region.md), so it is the same in every database that holds the
 * same events, whatever the order they arrived in (sync). Daily tallies of every
 * kind are kept here too.
 */
#ifndef BOUCLE_PROJECT_H
#define BOUCLE_PROJECT_H
#include "core/log/event.h"
#include "core/vocab/vocab.h"
#include "core/log/refusal.h"

#define SERIAL_MAX 64
#define TAG_MAX 64
#define LOT_ID_MAX 24

/* The folded state of one device (= one row of the devices table). */
typedef struct DeviceState {
    char id[DEVICE_ID_MAX];
    char workshop[WORKSHOP_CODE_MAX + 1];
    char lot[LOT_ID_MAX];
    char serial[SERIAL_MAX * 4 + 1];
    char donor_tag[TAG_MAX * 4 + 1];
    CategoryId category;
    char make[256];
    char model[256];
    StateId state;
    char grade[4];       /* cosmetic A–D, "" when not graded */
    OutcomeId outcome;   /* OUT_NONE when not graded */
    Hlc received_hlc;
    Hlc updated_hlc;     /* hlc of the last event folded */
    Hlc ready_hlc;       /* first event after which it was ready, reserved or reused; 0 never */
    int events;          /* how many events were folded */
} DeviceState;

/* Prepares this connection for projecting (ctx_open calls it). */
int project_open(Ctx *c, Err *e);
/* Where this connection keeps SQLite's temporaries: files when files
 * (a replay of the whole log: sorts and statement journals as large as
 * the tables then spill to disk instead of growing memory), else memory
 * (what db_open sets). SQLite drops the temp database on the change, and
 * with it temp.relink, made again here: call it outside any transaction.
 * Returns 1 when switched; 0 when left in memory because the temp
 * database holds something else (a caller's temp table, which the change
 * would drop); -1 with e filled. Switch back only after a 1. */
int project_temp_files(Ctx *c, int files, Err *e);
/* Runs the kind's apply for ev, then recomputes ev->device if any. */
int project_event(Ctx *c, const Event *ev, Err *e);
/* Recomputes one device's row and side rows (gradings, media, wipe links,
 * offer, refused events) from its events, judged by the rules of ownership. */
int project_device(Ctx *c, const char *device, Err *e);
/* Recomputes the devices project_event() left waiting while
 * c->defer_devices was set (each once), and empties the list. */
int project_deferred(Ctx *c, Err *e);
/* Whether ev (not stored yet) is allowed by the rules of ownership, judged
 * on the stored projections as the fold would judge it: 0, or -1 with a
 * translated message (ERR_REFUSED) naming the device and the reason. */
int project_check(Ctx *c, const Event *ev, Err *e);
/* Lists ev as refused, with its reason. */
int project_refuse(Ctx *c, const Event *ev, RefusalId why, const char *detail, Err *e);
/* Replays every event into empty projection tables (event_rebuild). */
int project_replay_all(Ctx *c, Err *e);

#endif
