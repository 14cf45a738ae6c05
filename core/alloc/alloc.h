/*
 * alloc.h — what becomes of a device once it is ready: reserved for a
 * party, allocated to one (a donation, a sale at a price, a loan until a
 * date, and the loan's return), harvested for parts, sent to recycling.
 * The command line and the screens call these functions alike, so they
 * accept and refuse the same things with the same words.
 *
 * The flow of an allocation is eReuse's: interested → confirmed →
 * delivered (the device has left: « réemployé »), then returned for a loan
 * (the device is back « prêt »); cancelled at any step before delivery
 * (the device is « prêt » again). A reservation is an allocation of kind
 * « reservation » whose status stays interested until it is cancelled, an
 * allocation to its party takes it over (core/log/apply_alloc.c), or it is
 * superseded once expired.
 *
 * Expiry. A reservation holds a device until the end of its `until` day.
 * The projection cannot know the date it is read on (every replica must
 * fold the same rows whatever the day), so an expired reservation stays
 * « réservé » in the devices table; it is judged when read: the stock
 * screen and `boucle allocations` mark it expired, and reserving or
 * allocating the device for anyone is allowed again (the new event closes
 * the old reservation). `today` parameters are "YYYY-MM-DD" (NULL: today,
 * UTC), so that tests can move the calendar.
 *
 * Refusals (ERR_INPUT, nothing written, in the user's language): a device
 * not ready, reserved or allocated to another party, with a disk not
 * erased (or not graded for reuse: the rules of core/stock/state_rules.h),
 * another workshop's; an unknown party code, a forgotten person; a sale
 * above the solidarity price cap of the grading profile for a device its
 * public donor gave; a loan returned twice; a return of what is not a loan.
 * Several devices are allocated in one transaction: all, or none.
 */
#ifndef BOUCLE_ALLOC_H
#define BOUCLE_ALLOC_H
#include "core/log/project.h"
#include "core/stock/party.h"
#include "core/grading/profile.h"

#define ALLOC_DATE_MAX 11            /* "YYYY-MM-DD" */
#define ALLOC_CHANNEL_MAX 100        /* characters of a recycling channel */
/* A reservation made without a date holds the device this many days: long
 * enough for a partner to come and collect, short enough that a forgotten
 * one does not keep a machine off the shelf for months. */
#define ALLOC_RESERVE_DAYS 14
#define ALLOC_WEIGHT_MAX_G 1000000   /* 1 t: more is a typing mistake */

/* One row of the allocations table. */
typedef struct Allocation {
    char id[EVENT_ID_MAX];           /* the event that opened it */
    char device[DEVICE_ID_MAX];
    char workshop[WORKSHOP_CODE_MAX + 1];
    char party[PARTY_CODE_MAX];
    PartyKind party_kind;            /* PARTY__COUNT when the party is not known here */
    AllocKindId kind;
    AllocStatusId status;
    long long price_cents;           /* a sale's; -1 otherwise */
    char until[ALLOC_DATE_MAX];      /* reservation expiry or loan return date; "" none */
    char returned[ALLOC_DATE_MAX];   /* the day a loan came back */
    char created[ALLOC_DATE_MAX], updated[ALLOC_DATE_MAX];   /* days (UTC) */
    Hlc created_hlc, updated_hlc;
} Allocation;

/* What an allocation asks for. */
typedef struct AllocRequest {
    AllocKindId kind;                /* AK_RESERVATION reserves */
    const char *party;               /* a party code */
    AllocStatusId status;            /* interested, confirmed or delivered (not for a reservation) */
    long long price_cents;           /* a sale: required, >= 0; else -1 */
    const char *until;               /* a loan: its return date (required); a reservation: its expiry
                                      * (NULL: ALLOC_RESERVE_DAYS from today) */
    const Profile *profile;          /* the price caps; NULL: the default profile, loaded when needed */
} AllocRequest;

/* Reserves or allocates the devices named by keys (asset ids, serials,
 * donor tags) as r says, in one transaction: every device is checked, and
 * the first refusal ("GRE1-000004: …") writes nothing at all. */
int alloc_devices(Ctx *c, const char *const *keys, size_t n, const AllocRequest *r, const char *today, Err *e);
/* Moves the device's open allocation (or reservation) to status:
 * confirmed, delivered or cancelled, forward only. */
int alloc_advance(Ctx *c, const char *key, AllocStatusId status, const char *today, Err *e);
/* A loan delivered comes back: the device is ready again. */
int alloc_return(Ctx *c, const char *key, Err *e);
/* Harvested for parts (note optional): from received, in progress, ready
 * or a reservation that is cancelled by it. */
/* 0 when key could go to parts (ST_PARTS) or recycling (ST_RECYCLED) now,
 * else -1 with the refusal alloc_parts/alloc_recycle would give: a screen
 * asks only what can be done. */
int alloc_may_dispose(Ctx *c, const char *key, StateId to, Err *e);
int alloc_parts(Ctx *c, const char *key, const char *note, Err *e);
/* Sent to recycling through a channel (an eco-organism, a collector),
 * weight_g < 0 when not weighed. */
int alloc_recycle(Ctx *c, const char *key, const char *channel, long long weight_g, Err *e);

/* The device's newest allocation or reservation: 1 found, 0 none, -1. */
int alloc_current(Ctx *c, const char *device, Allocation *out, Err *e);
/* An open reservation whose day is past (today: NULL = now). */
int alloc_expired(const Allocation *a, const char *today);
/* 1 while it holds the device (interested or confirmed, not expired). */
int alloc_holds(const Allocation *a, const char *today);
/* Allocations newest first, of one party (NULL: all of this database);
 * cb returns non-zero to stop. */
typedef int (*AllocCb)(void *arg, const Allocation *a);
int alloc_list(Ctx *c, const char *party, AllocCb cb, void *arg, Err *e);
/* The allocation in words: "reserved for GRE1-P0003 until 2026-12-20
 * (expired)", "sale to GRE1-P0009, €150.00, delivered", "loan to …
 * until 2027-02-01, returned 2026-12-02". */
void alloc_describe(const Allocation *a, const char *today, char *out, size_t size);
json_t *alloc_to_json(const Allocation *a, const char *today);

/* A device's fate, for a proof of reuse (core/report): what became of it,
 * never a person's identity (party_kind and the code only). */
typedef enum { FATE_NONE, FATE_RESERVED, FATE_ALLOCATED, FATE_PARTS, FATE_RECYCLED } FateKind;
typedef struct Fate {
    FateKind fate;
    Allocation alloc;                /* FATE_RESERVED, FATE_ALLOCATED: the newest allocation */
    char disposed[ALLOC_DATE_MAX];   /* FATE_PARTS, FATE_RECYCLED: the day */
    char channel[ALLOC_CHANNEL_MAX * 4 + 1];
    long long weight_g;              /* -1 when not weighed */
} Fate;
int alloc_fate(Ctx *c, const char *device, Fate *out, Err *e);

/* "180", "179,50", "179.5 €" → cents; -1 with e when not a price. */
int alloc_price_parse(const char *text, long long *cents, Err *e);
/* "12", "12,5", "0.8 kg" → grams; -1 with e. */
int alloc_weight_parse(const char *text, long long *grams, Err *e);
/* Today, UTC, "YYYY-MM-DD". */
void alloc_today(char out[ALLOC_DATE_MAX]);

#endif
