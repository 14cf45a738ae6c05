/*
 * dump.h — the projection tables in a canonical text form, and their
 * comparison with a rebuild from the event log.
 *
 * Two databases that hold the same events must hold the same projections
 * (whatever order the events arrived in); and a database's projections must
 * be what `boucle rebuild` makes of its events. dump_write() gives the first
 * a byte-comparable form, dump_check() tests the second.
 *
 * Every table of schema_projection() is covered, in that order, with the
 * columns PRAGMA table_info lists, so a new projection table or column is
 * dumped and checked with no change here. The dump leaves out the columns
 * that are local by nature (dump_column_is_local): they differ between
 * replicas that agree. dump_check() compares every column, local ones too:
 * a rebuild of the same database must give them back.
 */
#ifndef BOUCLE_DUMP_H
#define BOUCLE_DUMP_H
#include <stdio.h>
#include "core/log/ctx.h"

/* 1 when table.column is local to one database and left out of the dump:
 * devices.n, the local seq of the device's first event here (keyset
 * paging order; two replicas number their events in arrival order). */
int dump_column_is_local(const char *table, const char *column);

/* Writes every projection table to f: a line "[table] col col …" (the
 * columns dumped, tab-separated) then one line per row, values separated
 * by tabs, rows sorted by all the dumped columns (bytewise for text).
 * Values: NULL, integers in decimal, reals with %.17g, text in double
 * quotes with \\ \" \n \r \t and \xHH for other control bytes (UTF-8 kept),
 * blobs as x'hex'. Same events, same schema → same bytes. Returns 0 or -1
 * with e filled (a write error is ERR_IO). */
int dump_write(Ctx *c, FILE *f, Err *e);

typedef enum {
    DUMP_DIFF_VALUE,         /* the row is in both, one column differs */
    DUMP_DIFF_ONLY_STORED,   /* the stored row is missing from the rebuild */
    DUMP_DIFF_ONLY_REBUILT   /* the rebuild has a row that is not stored */
} DumpDiffKind;

/* One difference between the stored projections and a rebuild. Values and
 * rows are in the dump's text form, cut with "…" when longer. */
typedef struct DumpDiff {
    DumpDiffKind kind;
    char table[64];
    char key[256];       /* "id=\"GRE1-000001\"": the row's key columns */
    char column[64];     /* DUMP_DIFF_VALUE only */
    char stored[512];    /* the stored value (VALUE) or row (ONLY_STORED) */
    char rebuilt[512];   /* the rebuilt value (VALUE) or row (ONLY_REBUILT) */
} DumpDiff;

/* Replays every event (event_rebuild) inside a transaction that is rolled
 * back afterwards, and compares the rebuilt projection tables with the
 * stored ones, row by row (rows matched by key: the primary key, or the
 * first unique index when the primary key is a local column). Fills up to
 * max differences into out, in table order then key order. Returns the
 * number of differences (0: identical), or -1 with e filled. The database
 * is left as it was either way. Must not be called inside a transaction.
 * Memory does not grow with the tables (1 GB PCs): the stored side is read
 * through a second, read-only connection to the file (its last commit),
 * nothing is copied, and SQLite's temporaries go to files for the time of
 * the check (project_temp_files). */
int dump_check(Ctx *c, DumpDiff *out, int max, Err *e);

#endif
