/*
 * erase.h — erasing a disk of this machine with nwipe for a device: the
 * whole use case, once, for the screen and the command line.
 *
 *   erase_check()  the target: a block device holding a medium, not
 *                  mounted nor swap, not under LVM, RAID or encryption,
 *                  not the disk boucle's database or the system lives on.
 *                  Callers show what it returns (model, serial, size) to
 *                  get the person's confirmation before wipe_erase().
 *   wipe_erase()   checks the target again, runs nwipe with the method,
 *                  verification and rounds asked (core/wipe/nwipe_run.h),
 *                  reports progress through a callback, then imports the
 *                  log into the device (core/wipe/wipe.h): the disk is
 *                  added to the device when missing and the wipe record is
 *                  assigned to it, success or not.
 *
 * The log goes to the folder of the setting wipe.log_dir (created when
 * missing), else beside the database. The program is $BOUCLE_NWIPE when
 * set (tests use a fake one), else nwipe from PATH.
 *
 * Invariants: nothing prints. Errors name what they concern (the block
 * device, the method, the verification, the rounds) and a remedy. A stopped
 * run (callback or *stop) is still imported: nwipe records the drive as
 * aborted, so the device shows it NOT erased. wipe_erase() blocks for the
 * whole run; a caller with a user interface runs it in a thread of its own
 * with a Ctx of its own (a Ctx is used by one thread at a time).
 */
#ifndef BOUCLE_ERASE_H
#define BOUCLE_ERASE_H
#include <stdatomic.h>
#include <stdint.h>
#include "core/stock/device.h"
#include "core/wipe/nwipe_run.h"
#include "core/wipe/wipe.h"

/* nwipe's methods boucle offers and their labels (N_() texts, for a form's
 * choices), same index, NULL-ended; ERASE_METHODS[0] is the default. */
extern const char *const ERASE_METHODS[], *const ERASE_METHOD_LABELS[];
/* --verify: last (the default), all, off; and their labels. */
extern const char *const ERASE_VERIFS[], *const ERASE_VERIF_LABELS[];
#define ERASE_ROUNDS_MAX 9   /* 1 is what NIST SP 800-88 asks of a clear */

/* Checks that path may be erased; fills bi (model, serial, size). Returns
 * 0, or -1 with e naming the block device and what to do. */
int erase_check(Ctx *c, const char *path, BlockInfo *bi, Err *e);

/* Checks the method, verification and rounds (NULL, "" and 0 = the
 * defaults). Returns 0, or -1 with e naming the field and the choices. */
int erase_check_options(const char *method, const char *verify, int rounds, Err *e);

/* Where the log of a run for device_id goes (see above). */
void erase_log_path(Ctx *c, const char *device_id, char *out, size_t n);
/* The configured nwipe log folder (wipe.log_dir, ~ expanded), "" when none.
 * Returns out. */
char *wipe_log_dir(char *out, size_t n);

typedef struct EraseRequest {
    const char *device;   /* asset id or serial of the device */
    const char *target;   /* the block device: /dev/sdb */
    const char *method;   /* one of ERASE_METHODS; NULL = zero */
    const char *verify;   /* one of ERASE_VERIFS; NULL = last */
    int rounds;           /* 1 to ERASE_ROUNDS_MAX; 0 = 1 */
    const char *logfile;  /* NULL = erase_log_path() */
    atomic_int *stop;     /* optional: set from another thread to stop */
} EraseRequest;

/* What a person watching a run wants to know. */
typedef struct EraseProgress {
    int round, rounds;    /* from nwipe's log; 0 unknown */
    int pass, passes;     /* pass of the round; 0 unknown */
    int verifying, blanking;
    int errors;           /* error and fatal lines of the log */
    char last[256];       /* latest notice, without timestamp */
    int64_t done, total;  /* bytes nwipe read and wrote, and what the whole
                             run reads and writes (0 unknown) */
    int percent;          /* 0-100, -1 unknown */
    int64_t rate;         /* bytes per second since the start, 0 unknown */
    long elapsed;         /* seconds since nwipe started */
    long eta;             /* seconds left, -1 unknown */
} EraseProgress;

/* Called with each new notice of the log, about once a second, and once
 * when nwipe has ended (percent 100 when it succeeded); return non-zero to
 * stop nwipe (the drive is then recorded as aborted). */
typedef int (*EraseProgressCb)(void *arg, const EraseProgress *p);

typedef struct EraseResult {
    BlockInfo disk;                 /* what was erased */
    char device[DEVICE_ID_MAX];     /* the device's asset id */
    char logfile[4096];             /* where nwipe's log is kept */
    int status;                     /* nwipe's exit status, -1 not run */
    int stopped;                    /* stopped on request */
    int erased;                     /* 1: the disk is recorded as erased */
    WipeImport import;              /* what the log's import did */
    EraseProgress last;             /* the progress at the end */
} EraseResult;

/* Runs the use case (see above). Returns 0 when nwipe ran and its log was
 * imported (res->erased says whether the disk is erased), or -1 with e
 * (nothing run, or the log could not be imported: res->logfile names it). */
int wipe_erase(Ctx *c, const EraseRequest *rq, EraseProgressCb cb, void *arg, EraseResult *res, Err *e);

/* The progress of a run from what is known: the pure part of the callback,
 * exposed for tests. sweeps = full-disk passes expected (writes, blanking,
 * verifications); io = bytes read + written so far. */
void erase_progress_update(EraseProgress *p, int64_t disk_bytes, int sweeps, int64_t io, long elapsed);
/* How many full-disk passes a run makes: rounds × passes of the method,
 * one blanking, and the verifications asked. */
int erase_sweeps(const char *method, const char *verify, int rounds, int passes_seen);

#endif
