/*
 * nwipe.h — reads the plain-text log of nwipe (and ShredOS, which runs it)
 * into one record per drive.
 *
 * A log is a sequence of lines "[YYYY/MM/DD HH:MM:SS] level: message" plus
 * untimestamped summary tables (Error Summary, Drive Status and, from 0.35,
 * Erasure Summary) closed by "[…] Total Throughput …, METHOD, 1R+B+VL".
 * One file may hold several runs (logs appended to one another): a run ends
 * at its Total Throughput line, and a new "Found /dev/X" after it, or for a
 * drive already seen, starts the next run.
 *
 * Invariants
 * - The parser never trusts the input: any byte sequence (binary, truncated,
 *   huge, without newlines) is read without crashing, in bounded memory per
 *   line (NWIPE_LINE_MAX; longer lines are cut).
 * - Text fields are valid UTF-8 without control characters: other bytes are
 *   escaped as \xNN (and a backslash as \\), so serials full of garbage bytes
 *   stay printable, comparable and stable.
 * - A drive whose Drive Status row is missing (truncated log) has status
 *   NWIPE_INCOMPLETE. Only NWIPE_ERASED with zero errors counts as erased
 *   (nwipe_drive_erased).
 * - Each drive gets a key: a hash of the run's bytes (from its first Found
 *   line to its Total Throughput line) and the drive's name, so importing the
 *   same run twice, alone or inside a longer file, gives the same key.
 */
#ifndef BOUCLE_NWIPE_H
#define BOUCLE_NWIPE_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "util/err.h"

/* Longest line kept; nwipe's lines are under 300 bytes. */
#define NWIPE_LINE_MAX 4096
#define NWIPE_TEXT_MAX 256     /* escaped text fields (serial, model) */
#define NWIPE_KEY_HEX 32       /* wipe key: 128 bits as hex */

typedef enum {
    NWIPE_INCOMPLETE = 0,      /* no Drive Status row: truncated or still running */
    NWIPE_ERASED,              /* " Erased " */
    NWIPE_FAILED,              /* "-FAILED-" */
    NWIPE_UABORTED,            /* "UABORTED": stopped by the user */
    NWIPE_INSANITY             /* "INSANITY": nwipe's own "this is a bug" */
} NwipeStatus;

typedef struct NwipeDrive {
    char key[NWIPE_KEY_HEX + 1];      /* stable id of this drive in this run */
    char device[64];                  /* "/dev/sda" */
    char bus[32];                     /* "ATA", "USB", "NVME", "VIRT"… */
    char model[NWIPE_TEXT_MAX];
    char serial[NWIPE_TEXT_MAX];      /* escaped (see above) */
    int serial_anonymised;            /* nwipe -q: "XXXXXXXX" */
    char size_text[32];               /* "500 GB" as nwipe prints it */
    int64_t bytes;                    /* from "sect/blk/dev", -1 unknown */
    NwipeStatus status;
    char method[64];                  /* "Fill With Zeros", "PRNG Stream"… */
    char prng[32];
    int rounds;                       /* -1 unknown */
    int blanking;                     /* 1 B, 0 NB, -1 unknown */
    char verify[4];                   /* "NV", "VL", "VA", "" unknown */
    int64_t pass_errors, verify_errors, fsync_errors;   /* -1 unknown */
    char start[20];                   /* "2026-11-22T10:25:38" (log's local time) */
    char end[20];                     /* "" unknown */
    char duration[12];                /* "HH:MM:SS" from the status table */
    char throughput[16];              /* "120 MB/s" */
    char version[32];                 /* "0.33", "" when no banner */
    int has_erasure_summary;          /* ≥ 0.35 */
    int64_t bytes_erased, bytes_total;/* Erasure Summary, -1 unknown */
    double percent_erased;            /* Erasure Summary, -1 unknown */
    int run;                          /* 0-based index of the run in the input */
} NwipeDrive;

typedef struct NwipeLog {
    NwipeDrive *drives;
    size_t n, cap;
    int runs;                         /* runs seen (with at least one drive) */
    int64_t lines;                    /* lines read */
} NwipeLog;

/* Parses a whole buffer (any bytes). Returns 0 (out->n may be 0: not an
 * nwipe log, or no drive in it), -1 only when memory runs out. */
int nwipe_parse(const char *buf, size_t len, NwipeLog *out, Err *e);
/* Parses a stream in fixed memory per line. Same returns; -1 also on a read
 * error. */
int nwipe_parse_stream(FILE *f, NwipeLog *out, Err *e);
/* Parses a file; -1 with a message naming the file when it cannot be read or
 * holds no nwipe drive record. */
int nwipe_parse_file(const char *path, NwipeLog *out, Err *e);
void nwipe_log_free(NwipeLog *l);

/* 1 when the drive counts as erased: status Erased and no error counted. */
int nwipe_drive_erased(const NwipeDrive *d);
/* "erased", "failed", "aborted", "insanity", "incomplete". */
const char *nwipe_status_key(NwipeStatus s);
/* Escapes len bytes into out (see the invariants); always NUL-terminates,
 * cutting on a character boundary. Returns the length written. */
size_t nwipe_escape(const char *in, size_t len, char *out, size_t size);

#endif
