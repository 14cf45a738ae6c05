/*
 * project.h — projections: the tables derived from events.
 *
 * Each event kind's apply (side tables: lots, operators, media, wipes…) and
 * fold (a device's row) are rows of the table of kinds (core/log/kind.h).
 * A device's row is always recomputed from ALL its events in (hlc,
 * workshop) order, so it is the same in every database that holds the same
 * events, whatever the order they arrived in (sync). Daily tallies of every
 * kind are kept here too.
 */
#ifndef BOUCLE_PROJECT_H
#define BOUCLE_PROJECT_H
#include "core/log/event.h"
#include "core/vocab/vocab.h"

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
    int events;          /* how many events were folded */
} DeviceState;

/* Runs the kind's apply for ev, then recomputes ev->device if any. */
int project_event(Ctx *c, const Event *ev, Err *e);
/* Recomputes one device's row from its events. */
int project_device(Ctx *c, const char *device, Err *e);
/* Replays every event into empty projection tables (event_rebuild). */
int project_replay_all(Ctx *c, Err *e);

#endif
