/*
 * verify.h — are the records a document is built from the verified events?
 *
 * A certificate, a label's wipe status or a claim is read from projection
 * tables (devices, gradings, media, wipes, wipe links). Those are not
 * signed: anyone with the database file can edit them. Before a document
 * is made, verify_device() recomputes a device's rows from its events —
 * the same fold and the same wipe projection a rebuild runs — inside a
 * savepoint that is rolled back, and compares them with the stored rows;
 * with chain_verify() (the events themselves), a document rests only on
 * verified records.
 *
 * verify_projections() does the same for the whole database (dump_check:
 * every event replayed, every projection table compared).
 */
#ifndef BOUCLE_VERIFY_H
#define BOUCLE_VERIFY_H
#include "core/log/chain.h"

/* Compares device's stored rows with what its events give. 1 identical,
 * 0 not (why: the table, the row and the column, translated), -1 error.
 * Must not be called inside a transaction that has to survive a failure. */
int verify_device(Ctx *c, const char *device, char *why, size_t size, Err *e);

/* The chain (chain_verify) then, when it is intact, every projection.
 * Fills r (r->ok, r->reason). 0 when it could check, -1 on an error. */
int verify_all(Ctx *c, ChainReport *r, int projections, Err *e);

/* For documents: the chain, then each of the devices. 0 when all is
 * verified; -1 with ERR_INPUT in e naming what failed (r->ok 0), or
 * another error. */
int verify_for_document(Ctx *c, const char *const *devices, size_t n, ChainReport *r, Err *e);

#endif
