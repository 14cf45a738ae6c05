/*
 * project.h — projections: the tables derived from events.
 *
 * Each event kind has a Projector (the table in project.c):
 * - apply: called once when an event is stored (local or imported), inside
 *   its transaction, for side tables (lots, operators, media, wipes, daily
 *   counts…). It must be idempotent and give the same result whatever order
 *   events arrive in.
 * - fold: folds the event into a device's state. A device's row is always
 *   recomputed from ALL its events in (hlc, workshop) order, so the state is
 *   the same in every database that holds the same events, whatever the
 *   order they arrived in (sync).
 * A kind without a projector is refused (an event of an unknown kind from a
 * newer boucle is kept out rather than half understood).
 */
#ifndef BOUCLE_PROJECT_H
#define BOUCLE_PROJECT_H
#include "core/log/event.h"

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
    char category[16];
    char make[256];
    char model[256];
    char state[16];      /* state_key() */
    char grade[4];       /* cosmetic A–D, "" when not graded */
    char outcome[16];    /* reuse/refurbish/parts/recycle, "" when not graded */
    Hlc received_hlc;
    Hlc updated_hlc;     /* hlc of the last event folded */
    int events;          /* how many events were folded */
} DeviceState;

typedef struct Projector {
    const char *kind;
    int (*apply)(Ctx *c, const Event *ev, Err *e);    /* may be NULL */
    void (*fold)(DeviceState *d, const Event *ev);    /* may be NULL */
    const char *label_one;    /* NP_(): what one such event is, to count it… */
    const char *label_many;   /* …and many ("device received", "devices received") */
} Projector;

const Projector *project_find(const char *kind);
/* "3 devices received": the translated label of a kind for a count n (the
 * kind itself when it has none). */
const char *project_kind_label(const char *kind, long long n);
/* The same in at most 17 columns, for a device's history: "wipe" for
 * "wipe recorded", "disk added" for "storage medium added". */
const char *project_kind_short(const char *kind);
/* Runs the projector's apply for ev, then recomputes ev->device if any. */
int project_event(Ctx *c, const Event *ev, Err *e);
/* Recomputes one device's row from its events. */
int project_device(Ctx *c, const char *device, Err *e);
/* Replays every event into empty projection tables (event_rebuild). */
int project_replay_all(Ctx *c, Err *e);

#endif
