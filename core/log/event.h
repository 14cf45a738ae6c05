/*
 * event.h — the append-only event log, source of truth of the workshop.
 *
 * Every change is an event: who (operator), where (workshop), when (hybrid
 * logical clock), what (kind + JSON payload), about which device (or none).
 * Events are never updated or deleted (triggers refuse it); a correction is
 * a new event. Projections (devices, lots, …) are derived from events in the
 * same transaction, and `boucle rebuild` derives them again from scratch.
 *
 * Event id: "<hlc as 16 hex digits>-<WORKSHOP>", unique across the region
 * without coordination (a workshop's HLC never repeats) and sorting in time
 * order. The local `seq` is the order of arrival in this database.
 */
#ifndef BOUCLE_EVENT_H
#define BOUCLE_EVENT_H
#include <jansson.h>
#include "core/log/ctx.h"
#include "core/log/hlc.h"

#define EVENT_ID_MAX 32
#define EVENT_KIND_MAX 32
#define DEVICE_ID_MAX 24

typedef struct Event {
    int64_t seq;                        /* local arrival order (0 if not stored) */
    char id[EVENT_ID_MAX];
    Hlc hlc;
    char workshop[WORKSHOP_CODE_MAX + 1];
    char operator[OPERATOR_MAX + 1];
    char device[DEVICE_ID_MAX];         /* asset id, "" when about no device */
    char kind[EVENT_KIND_MAX];          /* "device.receive", "lot.create", … */
    json_t *payload;                    /* a JSON object, owned by the Event */
} Event;

/* Appends a local event: stamps it (HLC, id, workshop, operator), stores it
 * and updates the projections, all in one transaction (nested in the
 * caller's if one is open). Steals the reference to payload. On success,
 * out (optional) receives a copy (free with event_free). */
int event_append(Ctx *c, const char *kind, const char *device, json_t *payload,
                 Event *out, Err *e);

/* Stores an event that came from elsewhere (sync) if its id is not known yet,
 * advances the local clock, and updates projections. Idempotent: returns 1
 * when stored, 0 when already known, -1 on error (invalid event: nothing
 * written). Validates kind, ids, workshop code and payload shape. */
int event_import(Ctx *c, const Event *ev, Err *e);
/* The same with the payload as stored text (compact, keys sorted, ASCII:
 * json_dumps JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII); ev->payload
 * may be NULL. A pull keeps its pages small this way: no tree per event
 * waits in memory, and none is built when the projection does not need it. */
int event_import_text(Ctx *c, const Event *ev, const char *text, Err *e);
/* A page of imports: between begin and flush (inside the caller's
 * transaction), each device's row and side rows wait, and flush folds each
 * device touched once. Costs one fold per device and page instead of one
 * per event. */
void event_defer_begin(Ctx *c);
int event_defer_flush(Ctx *c, Err *e);

/* Iterates a device's events in (hlc, workshop) order. cb returns non-zero
 * to stop. */
typedef int (*EventCb)(void *arg, const Event *ev);
int event_for_device(Ctx *c, const char *device, EventCb cb, void *arg, Err *e);
/* Iterates all events with seq > after_seq in seq order (sync, rebuild). */
int event_since(Ctx *c, int64_t after_seq, int limit, EventCb cb, void *arg, Err *e);

/* Fills ev from the current row of a statement selecting EVENT_COLUMNS. */
#define EVENT_COLUMNS "seq, id, hlc, workshop, operator, device, kind, payload"
int event_from_row(sqlite3_stmt *st, Event *ev);
void event_free(Event *ev);
/* The event as JSON {id, hlc, time, workshop, operator, device, kind, payload}. */
json_t *event_to_json(const Event *ev);

/* Drops and recomputes every projection from the events. */
int event_rebuild(Ctx *c, Err *e);
/* The same replay for a caller that rolls it back (dump_check): in the
 * caller's transaction, with no savepoint of its own, and without the
 * search index (devices_fts, devices_codes: not projections, left as they
 * were, so a commit would leave them stale). A savepoint around a replay
 * would keep the former content of every page it changes in a
 * sub-journal, in memory (temp_store = MEMORY), and SQLite walks that
 * journal at the end of each statement: memory in the size of the tables
 * and time in its square. The caller's transaction should therefore be
 * the outermost one. */
int event_rebuild_unsaved(Ctx *c, Err *e);

#endif
