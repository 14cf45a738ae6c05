/*
 * refusal.h — why an event was refused (doc/region.md): kept in the log,
 * without effect, listed in the `refused` projection with one of these
 * reasons and a detail (the workshop or lot it names).
 */
#ifndef BOUCLE_REFUSAL_H
#define BOUCLE_REFUSAL_H
#include <stddef.h>
#include "core/log/event.h"

typedef enum RefusalId {
    REF_NONE = 0,
    REF_NOT_OWNER,       /* the device belongs to another workshop (detail: the owner) */
    REF_NOT_CREATOR,     /* only the workshop of an id's prefix creates it (detail: that workshop) */
    REF_NOT_RECEIVED,    /* the device's receipt is not known (yet) */
    REF_LOT_NOT_OWNED,   /* the lot belongs to another workshop (detail: the lot) */
    REF_NO_OFFER,        /* no open offer matches */
    REF_OFFER_OTHER,     /* the offer was made to another workshop (detail: that workshop) */
    REF_OFFER_ACCEPTED,  /* the offer was accepted already */
    REF_OFFER_INVALID,   /* an offer to no valid workshop, or to the owner itself (detail: the code) */
    REF_PARTY_NOT_OWNED, /* a party is changed only by the workshop that made it (detail: its code) */
    REF_GOALS_NOT_OWNED, /* a workshop sets only its own team goals (detail: the workshop named) */
    REF__COUNT
} RefusalId;

/* The stored key of a reason ("not_owner"). */
const char *refusal_key(RefusalId r);
/* The reason of a stored key, REF_NONE when unknown. */
RefusalId refusal_parse(const char *key);
/* The reason in words, translated, with its detail ("the device belongs to
 * workshop GRE1"). */
void refusal_describe(const char *key, const char *detail, char *out, size_t size);

/* One row of the list of refused events. */
typedef struct Refused {
    char event_id[EVENT_ID_MAX];
    Hlc hlc;
    char workshop[WORKSHOP_CODE_MAX + 1];
    char device[DEVICE_ID_MAX];
    char kind[EVENT_KIND_MAX];
    char reason[32];
    char detail[64];
    char why[256];      /* reason and detail in words, translated */
} Refused;

typedef int (*RefusedCb)(void *arg, const Refused *r);
/* The refused events in clock order (of one device when device is not
 * NULL); cb returns non-zero to stop. */
int refused_list(Ctx *c, const char *device, RefusedCb cb, void *arg, Err *e);
/* How many events are refused. */
int64_t refused_count(Ctx *c, Err *e);

#endif
