/*
 * nwipe_run.h — running nwipe on one block device from boucle, without its
 * interface (--autonuke --nogui --nowait), logging to a file that is then
 * imported as any nwipe log (core/wipe/wipe.h).
 *
 * Invariants: the device path must be a block device; the caller has shown
 * the person its model and serial and got a confirmation (nwipe destroys
 * everything on it). Nothing here prints: progress comes as the log's lines
 * through a callback, polled while nwipe runs.
 */
#ifndef BOUCLE_NWIPE_RUN_H
#define BOUCLE_NWIPE_RUN_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "util/err.h"

typedef struct BlockInfo {
    char path[64];
    char model[128];
    char serial[128];
    int64_t bytes;
} BlockInfo;

/* Model, serial and size of a block device from sysfs. 0, or -1 when path
 * is not a block device. */
int blockdev_info(const char *path, BlockInfo *out, Err *e);

/* 1 when path (or one of its partitions) is mounted or used as swap, with
 * what (the mount point) filled: nwipe must not run on it. 0 otherwise. */
int blockdev_in_use(const char *path, char *what, size_t n);

/* What a person watching a run wants to know, updated line by line. */
typedef struct NwipeProgress {
    int round, rounds;    /* current round and total, 0 unknown */
    int pass, passes;     /* current pass of the round and total, 0 unknown */
    int verifying;        /* 1 during a verification pass */
    int blanking;         /* 1 during the final blanking pass */
    int errors;           /* error and fatal lines seen */
    char last[256];       /* latest notice/error message, without timestamp */
} NwipeProgress;

/* Reads one line of nwipe's log into p. Returns 1 when it is a notice,
 * error or fatal line (worth showing; p->last is then that message). */
int nwipe_progress_line(NwipeProgress *p, const char *line);

typedef struct NwipeRunOpts {
    const char *method;   /* nwipe's: zero, random, dodshort, … (default zero) */
    const char *verify;   /* off, last, all (default last) */
    int rounds;           /* default 1 */
    const char *logfile;  /* where nwipe logs (required) */
    const char *nwipe;    /* the program (default "nwipe" in PATH) */
    atomic_int *stop;     /* optional: set non-zero from another thread to
                             stop nwipe (SIGINT) even between log lines */
    /* optional: called about every 200 ms with the bytes nwipe has read and
     * written so far (/proc/PID/io rchar + wchar; 0 when unreadable), with
     * the callback's arg; return non-zero to stop nwipe */
    int (*tick)(void *arg, int64_t io);
} NwipeRunOpts;

/* Called with each new line of the log; return non-zero to ask nwipe to
 * stop (SIGINT: nwipe records the drive as UABORTED). */
typedef int (*NwipeLineCb)(void *arg, const char *line);

/* Runs nwipe and waits for it. Returns nwipe's exit status (0 = every drive
 * erased), or -1 with e when it could not start. */
int nwipe_run(const char *device, const NwipeRunOpts *o, NwipeLineCb cb, void *arg, Err *e);

#endif
