/*
 * transfer.h — moving a device to another workshop of the region
 * (doc/region.md): one sorts, another refurbishes. The owner offers
 * (device.offer), the workshop offered to accepts (device.accept) and owns
 * the device from then on; either may cancel the open offer
 * (device.cancel: withdrawn by the owner, declined by the other). The rules
 * are those of core/log/project.c, checked up front by event_append.
 */
#ifndef BOUCLE_TRANSFER_H
#define BOUCLE_TRANSFER_H
#include "core/log/event.h"
#include "core/log/project.h"

typedef struct Offer {
    char device[DEVICE_ID_MAX];
    char event_id[EVENT_ID_MAX];
    Hlc hlc;
    char from[WORKSHOP_CODE_MAX + 1], to[WORKSHOP_CODE_MAX + 1];
    char note[256];
    char make[64], model[64];
    CategoryId category;
    char grade[4];
} Offer;

/* The owner offers the device (asset id, serial or tag) to workshop `to`
 * (a workshop known here), with an optional note. */
int transfer_offer(Ctx *c, const char *device_key, const char *to, const char *note, Err *e);
/* This workshop accepts the open offer of the device made to it. */
int transfer_accept(Ctx *c, const char *device_key, Err *e);
/* The owner withdraws, or the workshop offered to declines, the open offer. */
int transfer_cancel(Ctx *c, const char *device_key, const char *note, Err *e);

typedef int (*OfferCb)(void *arg, const Offer *o);
/* The open offers to this workshop (incoming) or from it (outgoing),
 * oldest first. */
int transfer_list(Ctx *c, int incoming, OfferCb cb, void *arg, Err *e);
/* The open offer of a device: 1 found, 0 none, -1 error. */
int transfer_get(Ctx *c, const char *device, Offer *out, Err *e);

#endif
