/*
 * lot.h — lots (one delivery from a donor organisation) and donors.
 * Lot ids are "<WORKSHOP>-L<NNNN>", allocated like asset ids. The donor is
 * a party (core/stock/party.h), given by its code or by its name
 * (case-insensitive); an unknown name creates a party of kind business
 * (event party.create) in the same transaction. Lots made before parties
 * existed (org.create events) keep their donor's name and no code.
 */
#ifndef BOUCLE_LOT_H
#define BOUCLE_LOT_H
#include "core/log/project.h"

typedef struct Lot {
    char id[LOT_ID_MAX];
    char workshop[WORKSHOP_CODE_MAX + 1];
    char donor[256];     /* the donor's name (a person's code: their name stays on this PC) */
    char donor_code[24]; /* the donor party's code (core/stock/party.h); "" for lots made before parties */
    char ref[256];
    int expected;        /* -1 when unknown */
    char date[11];       /* YYYY-MM-DD */
    int64_t received;    /* devices in the lot */
    Hlc created_hlc;
} Lot;

/* Creates a lot. date NULL = today; expected < 0 = unknown. */
int lot_add(Ctx *c, const char *donor, const char *ref, int expected,
            const char *date, char out_id[LOT_ID_MAX], Err *e);
/* lot_add, and when donor names no party yet, the party it makes is of
 * kind new_kind (a PartyKind: a public body's devices fall under the
 * solidarity price cap) rather than a business. */
int lot_add_as(Ctx *c, const char *donor, int new_kind, const char *ref, int expected,
               const char *date, char out_id[LOT_ID_MAX], Err *e);
/* 1 found, 0 not, -1 error. Accepts any case. */
int lot_get(Ctx *c, const char *id, Lot *out, Err *e);
/* Like lot_get without counting the lot's devices (intake calls it for
 * every scan). canonical gets the id as stored. 1/0/-1. */
int lot_exists(Ctx *c, const char *id, char canonical[LOT_ID_MAX], Err *e);
typedef int (*LotCb)(void *arg, const Lot *lot);
/* This workshop's lots newest first (another's lot is found by lot_get,
 * never offered for intake); stops when cb returns non-zero. */
int lot_list(Ctx *c, LotCb cb, void *arg, Err *e);
json_t *lot_to_json(const Lot *lot);

#endif
