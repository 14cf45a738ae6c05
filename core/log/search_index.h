/*
 * search_index.h — the devices' search index (FTS5 table devices_fts), a
 * projection of the devices table kept by the same code that folds events
 * (core/log/project.c) and rebuilt whole by `boucle rebuild`. Searching it
 * is core/stock/device.c's device_page().
 */
#ifndef BOUCLE_SEARCH_INDEX_H
#define BOUCLE_SEARCH_INDEX_H
#include "core/log/ctx.h"

/* The search index is written in batches: new devices (n above meta
 * 'fts.upto') wait until DEVICE_INDEX_BATCH of them are there, or until a
 * search (which flushes first). One batch of 256 costs about what 3 single-device index
 * writes cost. */
#define DEVICE_INDEX_BATCH 256
int device_index_flush(Ctx *c, Err *e);        /* index everything pending */
int device_index_maybe_flush(Ctx *c, Err *e);  /* only when a batch is full */
/* Indexes at most max_rows of the rows waiting, oldest first, in one
 * transaction: how many (0 when none waits), or -1. */
int device_index_flush_batch(Ctx *c, int64_t max_rows, Err *e);
/* The whole index from the devices table, compact (FTS5 'rebuild' then
 * 'optimize'): what event_rebuild() ends with, in its transaction. */
int device_index_rebuild(Ctx *c, Err *e);

#endif
