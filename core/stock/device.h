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
#include "core/log/search_index.h"
#include "util/text.h"

typedef DeviceState Device;
#define DEVICE_COLUMNS "n, id, workshop, lot, serial, donor_tag, category, make, model, state, grade, outcome, received_hlc, updated_hlc"

typedef struct DeviceNew {
    const char *lot;        /* required: an existing lot id */
    const char *serial;     /* required */
    const char *donor_tag;  /* optional */
    const char *category;   /* optional, default "other" */
    const char *make;       /* optional */
    const char *model;      /* optional */
    const char *announce;   /* optional: the lot.announce event it was announced by */
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
/* Writes a change of state (event device.state) with an optional note,
 * checking no rule: for the demo and benchmarks. People change a state
 * through device_change_state() (core/grading/state_change.h), which
 * applies core/stock/state_rules.h. */
int device_set_state(Ctx *c, const char *id, const char *state, const char *note, Err *e);

/* If s looks like an asset id (CODE-digits, any case, any number of leading
 * zeros), writes the canonical form and returns 1. */
int asset_id_normalize(const char *s, char out[DEVICE_ID_MAX]);
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
    const char *owner;      /* only the devices this workshop owns… */
    const char *also;       /* …and this one device (an asset id) whoever owns it */
    const char *not_owner;  /* only the devices other workshops own */
    const char *grade;      /* a cosmetic grade */
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

/* Stock by state (from a projection, constant time). */
int device_counts(Ctx *c, int64_t counts[ST__COUNT], Err *e);
/* Events of the given day ("YYYY-MM-DD", UTC; NULL = today) by kind. */
typedef int (*KindCountCb)(void *arg, const char *kind, int64_t n);
int device_day_activity(Ctx *c, const char *day, KindCountCb cb, void *arg, Err *e);


#endif
