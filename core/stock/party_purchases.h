/*
 * party_purchases.h — the IT purchases a party declares for a calendar
 * year, excluding tax: what a public buyer's AGEC share (art. 58, décrets
 * 2021-254 and 2024-134) is measured against (core/report/quota.h).
 *
 * One event, party.purchases {code, year, total_cents}, by the workshop
 * that made the party only (an event of another is kept without effect and
 * listed in `refused`, as every party event); the newest declaration of a
 * year holds. Projected into party_purchases.
 */
#ifndef BOUCLE_PARTY_PURCHASES_H
#define BOUCLE_PARTY_PURCHASES_H
#include "core/log/ctx.h"

/* Declares the total (cents, ≥ 0) of the party's IT purchases in year
 * (2000–9999). Refused (nothing written): an unknown party, another
 * workshop's, a person, a bad year or total. 0 or -1 with e. */
int party_purchases_set(Ctx *c, const char *code, int year, long long cents, Err *e);
/* 1 with *cents when declared, 0 when not, -1 with e. */
int party_purchases_get(Ctx *c, const char *code, int year, long long *cents, Err *e);
/* Parses an amount in euros as people type it ("120000", "120 000",
 * "1 234,50", "1234.5"): cents, or -1 when it is not one. */
long long party_euros_parse(const char *s);

#endif
