/*
 * announce.h — a lot's announced devices: stored from the donor's files,
 * found again at intake, reconciled with what arrived.
 *
 * Each announced device is one `lot.announce` event (device: none) whose
 * payload is the InvDevice as read: {lot, serial?, tag?, make?, model?,
 * category?, chassis?, ram_mb?, cpu?, disks?: [{serial, model, type,
 * bytes}], battery?: {design_mwh, full_mwh}, src: {file, sha256, format,
 * where}}. Its projection is one row of `announced` (migration 11), keyed
 * by (lot, akey): akey is the serial's key (serial_key()), or "tag:" and
 * the tag's key when the file gave no serial. A later announcement of the
 * same key in the same lot replaces the row (the newest event wins, by
 * (hlc, workshop), as a rebuild would). Only the lot's workshop may
 * announce into it (a refusal otherwise, core/log/refusal.h).
 *
 * A device received for an announcement carries its event id in the
 * device.receive payload ("announce") and its specs and disks as events of
 * its own (device.specs with "source": "announce", media.add), written in
 * the same transaction as the device.
 */
#ifndef BOUCLE_ANNOUNCE_H
#define BOUCLE_ANNOUNCE_H
#include <jansson.h>
#include "core/inventory/inventory.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"

/* ---- import (announce.c) ------------------------------------------------ */

#define IMPORT_SAMPLES 8      /* devices kept for a preview */
#define IMPORT_NOTES 8        /* notes kept (all are counted) */

typedef struct ImportNote {
    char file[256];
    char where[INV_WHERE_MAX];
    char msg[256];
} ImportNote;

typedef struct ImportReport {
    int files;                  /* files read */
    int skipped;                /* files of a folder that are no inventory (noted) */
    InvFormat format;           /* of the files read (see mixed) */
    int mixed;                  /* 1: the files were of several formats */
    int64_t devices;            /* devices read */
    int64_t added;              /* new announcements */
    int64_t updated;            /* replaced an announcement of the same key in the lot */
    int64_t unchanged;          /* the same as already announced: nothing written */
    int64_t duplicates;         /* a key seen twice in what was read: the first is kept */
    int64_t other_lot;          /* also announced in another lot (kept, and noted) */
    int64_t with_specs;         /* devices with RAM or CPU */
    int64_t disks;              /* disks announced */
    int64_t disks_skipped;      /* card readers, USB bridges… (not disks to wipe) */
    int64_t battery;            /* devices with a battery capacity */
    int64_t by_category[16];    /* indexed by category_parse(), unknown → "other" */
    InvDevice sample[IMPORT_SAMPLES];
    int nsample;
    int64_t nnotes;             /* all notes */
    ImportNote notes[IMPORT_NOTES];
    int cancelled;              /* 1: stopped by the progress callback (files: those kept) */
} ImportReport;

/* Progress while importing: called every few hundred devices with the
 * bytes read of the current file and its size. May be NULL. Returns 0 to
 * go on; anything else stops the import: the file being read is rolled
 * back whole (its transaction), the files before it stay imported, and
 * announce_import() fails with r->cancelled set. */
typedef int (*ImportProgress)(void *arg, const char *file, int64_t done, int64_t total);

/* Reads each path (a file, or a folder: its regular files, sorted by name,
 * not recursively) into lot. dry_run: nothing is written (the preview).
 * Otherwise one transaction per file: a file is imported whole or not at
 * all; a file refused stops the import with e naming it, the files before
 * it stay imported (r->files tells how many). The lot must be this
 * workshop's. 0 / -1 with e. r is filled either way. */
int announce_import(Ctx *c, const char *lot, const char *const *paths, int npaths, int dry_run,
                    ImportProgress progress, void *parg, ImportReport *r, Err *e);

/* ---- intake (announce.c) ------------------------------------------------- */

typedef struct AnnounceHit {
    char lot[LOT_ID_MAX];       /* the lot that announced it */
    char event_id[EVENT_ID_MAX];
    int by_tag;                 /* 1: found by the donor tag, 0: by serial */
    InvDevice dev;              /* what was announced */
} AnnounceHit;

/* How many devices the lot's donor announced (-1 on error). */
int64_t announce_count(Ctx *c, const char *lot, Err *e);
/* The announcement a scanned text names: in `lot` first, then in any lot
 * (the newest). The text is tried as a serial, then as a donor tag.
 * 1 found, 0 none, -1 error. */
int announce_find(Ctx *c, const char *lot, const char *text, AnnounceHit *out, Err *e);
/* The announcement of a device received for one (its device.receive
 * "announce" id, else its serial or tag in its lot). 1 / 0 / -1. */
int announce_for_device(Ctx *c, const char *device_id, AnnounceHit *out, Err *e);
/* The InvDevice of a lot.announce payload. */
void announce_from_json(json_t *payload, InvDevice *out);
json_t *announce_to_json(const InvDevice *d);

typedef enum {
    INTAKE_UNANNOUNCED = 0,     /* nobody announced it: received anyway */
    INTAKE_ANNOUNCED,           /* announced in this lot: everything brought */
    INTAKE_OTHER_LOT,           /* announced in another lot (hit.lot): brought too */
} IntakeMatch;

/* Receives a scanned device into lot: like device_add(), and when the
 * serial (or the tag) was announced, with the announced make, model,
 * category (those of `in` when it sets them and the file did not), tag,
 * specs, battery and disks, all in one transaction. *match and hit
 * (optional) say what was found. Same errors as device_add(). */
int announce_receive(Ctx *c, const DeviceNew *in, int allow_duplicate, char out_id[DEVICE_ID_MAX],
                     char dup_id[DEVICE_ID_MAX], IntakeMatch *match, AnnounceHit *hit, Err *e);

/* ---- reconciliation (reconcile.c) ----------------------------------------- */

typedef struct ReconcileRow {
    char serial[SERIAL_MAX * 4 + 1];
    char tag[TAG_MAX * 4 + 1];
    char category[16];
    char make[256];
    char model[256];
    char device_id[DEVICE_ID_MAX];   /* received: the device; missing: "" */
    char other_lot[LOT_ID_MAX];      /* received in / announced in another lot, else "" */
} ReconcileRow;

typedef struct Reconcile {
    char lot[LOT_ID_MAX];
    int64_t announced, received, missing, unannounced;
} Reconcile;

typedef enum { REC_RECEIVED, REC_MISSING, REC_UNANNOUNCED } ReconcileKind;
/* Counts, and each row of each kind to cb (NULL: counts only) in the
 * order of the file for announced rows, of intake for unannounced ones;
 * cb returns non-zero to stop. */
typedef int (*ReconcileCb)(void *arg, ReconcileKind k, const ReconcileRow *row);
int lot_reconcile(Ctx *c, const char *lot, Reconcile *out, ReconcileCb cb, void *arg, Err *e);

#endif
