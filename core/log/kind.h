/*
 * kind.h — the event kinds: one row per kind is the only description of a
 * kind anywhere in boucle.
 *
 * A row says:
 * - name:     the kind as stored and synced ("device.receive");
 * - apply:    its projection into side tables (lots, media, wipes…), run once
 *             when an event is stored (local or imported) and again by
 *             `boucle rebuild`, inside the event's transaction; idempotent,
 *             and giving the same tables whatever order events arrive in;
 * - fold:     what it does to a device's row (state, grade…), folded over
 *             ALL the device's events in (hlc, workshop) order, each one
 *             first judged against its author's rights (project.c);
 * - emit:     its rows in the device's side tables, written during that
 *             fold for an allowed event only;
 * - chained:  1 for the kinds issue 3 chained (gradings and wipes); since
 *             issue 11 every event of the workshop is chained whatever its
 *             kind (core/log/chain.h), and the flag only tells which kinds
 *             the chain of an older database (chain_v1) covered;
 * - labels:   what one and many such events are, to count them (ngettext),
 *             and a short form that fits a history column (17 cells);
 * - describe: its payload put into words, for the device history, the CLI
 *             and the certificates (never raw JSON).
 *
 * The applies and folds sit here, in core/log/, below the modules that
 * append events (core/stock, core/grading, core/wipe…): those call
 * event_append(), which calls down to the projections, and nothing in
 * core/log/ calls up. A kind without a row is refused (an event of an
 * unknown kind from a newer boucle is kept out rather than half understood).
 *
 * To add a kind: its apply/fold/describe in an apply_*.c of this folder, and
 * one row in the table of kind.c.
 */
#ifndef BOUCLE_KIND_H
#define BOUCLE_KIND_H
#include <stddef.h>
#include "core/log/event.h"

struct DeviceState;

typedef struct EventKind {
    const char *name;
    int (*apply)(Ctx *c, const Event *ev, Err *e);             /* may be NULL */
    void (*fold)(struct DeviceState *d, const Event *ev);      /* may be NULL */
    /* its rows in the device's side tables (gradings, media, wipe links),
     * written while the device is folded, only when the event is allowed
     * (the device's side rows are cleared before each fold); may be NULL */
    int (*emit)(Ctx *c, const Event *ev, Err *e);
    int chained;
    const char *label_one, *label_many;     /* NP_(): "device received", "devices received" */
    const char *short_key, *short_msgid;    /* NC_("history", …): "disk added"; NULL when label_one fits */
    /* Writes the payload in words (translated, UTF-8, cut to size). */
    void (*describe)(const Event *ev, char *out, size_t size);
} EventKind;

/* The row of a kind, NULL when unknown. */
const EventKind *kind_find(const char *name);
/* The rows, in the table's order, for tests and listings. */
const EventKind *kind_all(size_t *n);
/* "3 devices received": the translated label of a kind for a count n (the
 * kind itself when unknown). */
const char *kind_label(const char *name, long long n);
/* The short label (at most 17 cells in every language), for a history. */
const char *kind_short(const char *name);
/* The payload of ev in words ("" when the kind has nothing to add). */
void kind_describe(const Event *ev, char *out, size_t size);

#endif
