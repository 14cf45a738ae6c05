/*
 * device.h — devices: intake, lookup, state, search and keyset paging.
 *
 * A device's asset id is "<WORKSHOP>-<NNNNNN>" (6 digits, more when needed),
 * allocated from a per-workshop counter in the same write transaction as the
 * device.receive event: no gaps, no duplicates, also between processes.
 * The devices table is a projection (core/log/project.h); everything here that
 * changes a device does it by appending an event.
 */
#ifndef BOUCLE_DEVICE_H
#define BOUCLE_DEVICE_H
#include <jansson.h>
#include "core/log/project.h"
#include "util/text.h"

typedef enum {
    ST_RECEIVED, ST_IN_PROGRESS, ST_READY, ST_RESERVED,
    ST_REUSED, ST_PARTS, ST_RECYCLED, ST__COUNT
} StateId;

const char *state_key(int st);    /* "received", … (JSON values) */
const char *state_label(int st);  /* translated, "reçu", … */
int state_parse(const char *key); /* -1 when unknown */

#define CATEGORY_COUNT 8
const char *category_key(int i);  /* laptop desktop screen phone tablet printer network other */
const char *category_label(int i);
int category_parse(const char *key); /* accepts keys and labels in both languages; -1 */

typedef DeviceState Device;
#define DEVICE_COLUMNS "n, id, workshop, lot, serial, donor_tag, category, make, model, state, grade, outcome, received_hlc, updated_hlc"

typedef struct DeviceNew {
    const char *lot;        /* required: an existing lot id */
    const char *serial;     /* required */
    const char *donor_tag;  /* optional */
    const char *category;   /* optional, default "other" */
    const char *make;       /* optional */
    const char *model;      /* optional */
} DeviceNew;

/* Creates a device in a lot (event device.receive). out_id gets the new
 * asset id. Fails with ERR_EXISTS if the serial is known (dup_id, optional,
 * receives the device that has it) unless allow_duplicate, and with
 * ERR_INPUT if the serial is one of our labels (device_label_as_serial),
 * allow_duplicate or not. */
int device_add(Ctx *c, const DeviceNew *in, int allow_duplicate,
               char out_id[DEVICE_ID_MAX], char dup_id[DEVICE_ID_MAX], Err *e);
/* Whether text, read as a serial number, is one of our labels instead: the
 * asset id of a device known here (this workshop's or another's, from the
 * hub), or any asset id of this workshop (CODE-digits, any case, leading
 * zeros). Such a text is never a serial: device_add() refuses it (ERR_INPUT)
 * and intake offers to open the device. Returns 1 (id gets the device's
 * asset id, or "" when no device has it), 0 when it may be a serial, -1 on
 * error. */
int device_label_as_serial(Ctx *c, const char *text, char id[DEVICE_ID_MAX], Err *e);
/* Changes a device's state (event device.state) with an optional note. */
int device_set_state(Ctx *c, const char *id, const char *state, const char *note, Err *e);

/* Finds a device by asset id (any case, leading zeros tolerated), serial or
 * donor tag. 1 found (out filled), 0 not found, -1 error. */
int device_find(Ctx *c, const char *key, Device *out, Err *e);
int device_get(Ctx *c, const char *id, Device *out, Err *e); /* by exact asset id */

/* A page of the device list, newest first, keyset-paged on the row number n.
 * Filters are optional (NULL or ""): search matches word prefixes of asset
 * id, serial, donor tag, make and model ("dell lat"), and a text of 3
 * characters or more without blanks anywhere inside serial, donor tag or
 * the asset id's number ("XZB" finds 5CG7301XZB, "412" GRE1-000412; 1 or 2
 * characters: word prefixes only). */
typedef struct DeviceQuery {
    const char *search;
    const char *state;
    const char *category;
    const char *lot;
} DeviceQuery;
typedef struct DeviceRow {
    int64_t n;          /* keyset anchor */
    Device d;
} DeviceRow;
/* Rows strictly after `anchor` in the given direction: dir > 0 goes to
 * older rows (n < anchor; anchor INT64_MAX = from the top), dir < 0 goes to
 * newer rows (n > anchor, returned newest first too). Returns the count
 * (≤ limit) or -1. */
int device_page(Ctx *c, const DeviceQuery *q, int64_t anchor, int dir,
                int limit, DeviceRow *rows, Err *e);

/* The search index is written in batches: new devices (n above meta
 * 'fts.upto') wait until DEVICE_INDEX_BATCH of them are there, or until a
 * search (which flushes first). One batch of 256 costs about what 3 single-device index
 * writes cost. */
#define DEVICE_INDEX_BATCH 256
int device_index_flush(Ctx *c, Err *e);        /* index everything pending */
int device_index_maybe_flush(Ctx *c, Err *e);  /* only when a batch is full */
/* The whole index from the devices table, compact (FTS5 'rebuild' then
 * 'optimize'): what event_rebuild() ends with, in its transaction. */
int device_index_rebuild(Ctx *c, Err *e);

/* Stock by state (from a projection, constant time). */
int device_counts(Ctx *c, int64_t counts[ST__COUNT], Err *e);
/* Events of the given day ("YYYY-MM-DD", UTC; NULL = today) by kind. */
typedef int (*KindCountCb)(void *arg, const char *kind, int64_t n);
int device_day_activity(Ctx *c, const char *day, KindCountCb cb, void *arg, Err *e);

/* JSON of a device: id, serial, donor_tag, category, make, model, state,
 * lot, donor, workshop, grade, outcome, received, updated, and with
 * with_events the events array. */
json_t *device_to_json(Ctx *c, const Device *d, int with_events, Err *e);

#endif
