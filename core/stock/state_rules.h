/*
 * state_rules.h — which change of state a device may take, and on what
 * conditions: the one rule the command line and the screens obey.
 *
 * The life of a device in a workshop:
 *
 *   received ──▶ in_progress ──▶ ready ──▶ reserved ──▶ reused
 *      │              │  ▲         │  ▲       │            │
 *      │              │  └─────────┘  └───────┘            │
 *      ▼              ▼           (back to testing,        │
 *   parts, recycled  parts, recycled  reservation cancelled)│
 *                                                          ▼
 *                                 in_progress (given back by its user)
 *
 *   received     → in_progress (on the bench), parts (dead on arrival,
 *                  kept for its parts), recycled (not worth opening).
 *   in_progress  → ready (tested and cleaned), parts, recycled. Not back
 *                  to received: received means nobody has looked at it yet,
 *                  and the history says otherwise.
 *   ready        → reserved (promised to someone), reused (handed over),
 *                  in_progress (back to testing: a fault found on the shelf).
 *   reserved     → ready (reservation cancelled), reused (handed over),
 *                  in_progress (a fault found while preparing it).
 *   reused       → in_progress (given back by its user, to be tested again).
 *   parts        → in_progress (repaired after all), recycled (what is left
 *                  of it goes to the recycler).
 *   recycled     → nothing: it has left the workshop for good.
 *
 * Conditions, for the states in which a device goes to a person (ready,
 * reserved, reused): it was graded, its grading did not send it to parts
 * or recycling, and no data of its donor can leave with it — every disk
 * recorded in it has a successful wipe, and when none is recorded while its
 * category normally holds one, it was declared without storage (the same
 * data rule as the « reconditionné » / « d'occasion » claim, core/grading/
 * claim.h; failed tests do not stop a device « d'occasion »).
 *
 * This module is pure (no database): the facts are gathered by
 * core/grading/state_change.c, so that the table and the conditions are
 * tested on their own. A refusal is a translated sentence that names what
 * is missing and what to do, in the user's words.
 */
#ifndef BOUCLE_STATE_RULES_H
#define BOUCLE_STATE_RULES_H
#include <stddef.h>
#include "core/vocab/vocab.h"

#define STATE_WHY_MAX 320

typedef struct StateMedium {
    const char *serial;       /* as shown to people */
    int erased;               /* has at least one successful wipe record */
} StateMedium;

/* What the conditions need to know of a device. */
typedef struct StateFacts {
    StateId state;            /* its state now */
    int graded;               /* a grading exists */
    OutcomeId outcome;        /* of the latest grading, OUT_NONE when none */
    const StateMedium *media; /* its disks */
    size_t nmedia;
    int storage_expected;     /* its category normally holds storage */
    int no_storage;           /* declared without storage */
} StateFacts;

/* One change offered for a device. */
typedef struct StateOption {
    StateId to;
    int allowed;              /* 1: may be done now */
    char why[STATE_WHY_MAX];  /* refused: why and the remedy (translated) */
} StateOption;

/* 1 when the table has from → to (conditions aside). */
int state_transition_allowed(StateId from, StateId to);
/* 1 when the device may go to `to` now; else 0 and why[] says why. */
int state_check(const StateFacts *f, StateId to, char *why, size_t size);
/* Every state but the current one, in the order of the list of states,
 * each allowed or refused with its reason. Returns the count (ST__COUNT - 1). */
int state_options(const StateFacts *f, StateOption out[ST__COUNT]);

#endif
