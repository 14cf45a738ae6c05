/*
 * wipe.h — wipe records (event wipe.record) and their assignment to devices
 * (event wipe.assign): entered by hand for hdparm, nvme-cli, commercial
 * tools or physical destruction, or imported from nwipe logs.
 *
 * Invariants
 * - A wipe has a unique key: the nwipe drive key (core/wipe/nwipe.h) for an
 *   import, so importing the same log twice adds nothing; the event id for a
 *   record entered by hand.
 * - status is success, failed or aborted. Only success counts as erased;
 *   an nwipe drive counts as success only when nwipe_drive_erased().
 * - An imported drive goes to the device given (--device), else to the one
 *   device holding a medium with its serial, else it waits unassigned
 *   (device '') until wipe_assign() links it.
 * - One file is imported in one transaction: all its drives or none.
 */
#ifndef BOUCLE_WIPE_H
#define BOUCLE_WIPE_H
#include <jansson.h>
#include "core/stock/device.h"
#include "core/wipe/nwipe.h"
#include "util/progress.h"

typedef struct WipeNew {
    const char *media;          /* the medium's serial (must be in the device) */
    const char *category;       /* clear purge destroy */
    const char *technique;      /* a key of VOCAB_TECHNIQUE (core/vocab) */
    const char *pattern;        /* optional: "zeros", "PRNG stream"… */
    int passes;                 /* -1 unknown */
    const char *tool;           /* required */
    const char *tool_version;   /* optional */
    const char *verification;   /* none sample full (default none) */
    const char *verification_result; /* passed failed ("" when none) */
    const char *status;         /* success failed aborted */
    const char *started, *ended;/* optional ISO 8601 "YYYY-MM-DDTHH:MM[:SS]" */
    const char *note;
} WipeNew;


/* Records a wipe by hand on the device found by device_key. */
int wipe_add(Ctx *c, const char *device_key, const WipeNew *w, char out_key[EVENT_ID_MAX], Err *e);

/* What becomes of one drive of a log, told to WipeImport.on_drive before
 * its record is written (so the caller may read the device as it was). */
typedef struct WipeDriveResult {
    const NwipeDrive *drive;
    const char *serial;         /* as recorded (no-serial-<name> when none) */
    const char *device;         /* asset id it goes to; "" = unassigned */
    const char *status;         /* success failed aborted */
    int added;                  /* 1 new record, 0 already imported */
} WipeDriveResult;

typedef struct WipeImport {
    /* optional, set by the caller: called once per drive read */
    void (*on_drive)(void *arg, const WipeDriveResult *r);
    void *arg;
    int files;          /* nwipe logs read */
    int skipped_files;  /* files in a folder that are not nwipe logs */
    int drives;         /* drive records in them */
    int added;          /* new wipe records */
    int known;          /* already imported */
    int unassigned;     /* added without a device */
    int erased;         /* added and successful */
    /* optional, set by the caller: the files of a folder done out of how
     * many, before each file and at the end (util/progress.h) */
    ProgressFn progress;
    void *parg;
    int stop;           /* set by the caller (from progress): stop before the next file */
    int stopped;        /* 1: stopped so; the files before were imported whole */
} WipeImport;

/* One line on what an import did, in the user's language (for the command
 * line and the import screen alike). */
void wipe_import_summary(const WipeImport *r, char *out, size_t size);
/* Imports an nwipe log file or every file of a folder. device_key NULL =
 * match by serial. Counts are added to *res. */
int wipe_import_path(Ctx *c, const char *device_key, const char *path, WipeImport *res, Err *e);
/* Links an unassigned wipe to a device; adds the medium to it when
 * missing. A wipe already assigned to another device is moved only with a
 * reason (move_reason, NULL or "" = refuse, ERR_INPUT naming that device):
 * its disk there turns « not erased ». The reason and the device it came
 * from go into the wipe.assign payload. Already on this device: 0, nothing
 * written. */
int wipe_assign(Ctx *c, const char *wipe_key, const char *device_key, const char *move_reason, Err *e);

/* The wipes of a device (every workshop's record linked to it; "" = this
 * workshop's unassigned ones) as a JSON array. */
json_t *wipes_json(Ctx *c, const char *device_id, Err *e);

/* One unassigned wipe, as the screen that links them lists it. */
typedef struct WipeRow {
    int64_t hlc;           /* keyset anchor: (hlc, key) */
    char key[96];          /* wipes.key */
    char serial[128], model[128], status[16], started[32], tool[64];
} WipeRow;
/* This workshop's unassigned wipes (its own records), oldest first, a page at a time (keyset on
 * (hlc, key), an index range: never the whole table). dir > 0: rows after
 * the anchor ascending, anchor NULL = from the first; dir < 0: rows before
 * it, nearest first, anchor NULL = from the last. inclusive: the anchor's
 * own row counts as after it. Returns the count (<= n) or -1. */
int wipe_unassigned_page(Ctx *c, const WipeRow *anchor, int dir, int inclusive, int n, WipeRow *out, Err *e);
/* How many of this workshop's wipes are unassigned. */
int64_t wipe_unassigned_count(Ctx *c, Err *e);


#endif
