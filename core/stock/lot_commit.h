/*
 * lot_commit.h — the taker's commitment to reuse a lot's devices, made
 * beforehand (décret 2023-266: a retired device counts as reused only if
 * the taker committed to reuse it beforehand and can justify it later).
 *
 * One event, lot.commit {lot, committed, date, share, taker}: committed 1
 * with the date of the commitment, the share of the devices it covers
 * (percent) and who committed (a text: the association or company that
 * takes the devices); committed 0 records that there is none. The newest
 * event of a lot holds its row in lot_commitments (core/log/apply_stock.c);
 * only the lot's workshop writes it (another's is refused, kept without
 * effect). The proof of reuse (core/report/proof.h) states it.
 */
#ifndef BOUCLE_LOT_COMMIT_H
#define BOUCLE_LOT_COMMIT_H
#include "core/log/project.h"

#define LOT_TAKER_MAX 100    /* characters */

typedef struct LotCommitment {
    int known;               /* a lot.commit was recorded */
    int committed;           /* 1: committed beforehand, 0: no commitment */
    char date[11];           /* YYYY-MM-DD, "" when none */
    int share;               /* percent 1..100, -1 when none */
    char taker[LOT_TAKER_MAX * 4 + 1];
} LotCommitment;

/* Records the commitment of lot (any case). committed 0: date, share and
 * taker must be NULL/"" and -1. committed 1: date YYYY-MM-DD, share
 * 1..100, taker not empty. Refused (nothing written) when the lot is
 * unknown or another workshop's. 0, or -1 with e. */
int lot_commit(Ctx *c, const char *lot, int committed, const char *date, int share,
               const char *taker, Err *e);
/* The lot's commitment: 0 (out->known says whether there is one) or -1. */
int lot_commitment_get(Ctx *c, const char *lot, LotCommitment *out, Err *e);
/* What follows "Commitment to reuse: " — "made on 2026-03-01, for 80 % of
 * the devices, by Emmaüs Connect", "none (the taker did not commit
 * beforehand)" as recorded, or "not stated" — in the current language. */
void lot_commitment_text(const LotCommitment *m, char *out, size_t size);

#endif
