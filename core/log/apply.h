/*
 * apply.h — private to core/log/: the projections and descriptions of each
 * event kind (apply_stock.c, apply_grading.c, apply_wipe.c), gathered into
 * one table by kind.c, and the small helpers they share.
 */
#ifndef BOUCLE_APPLY_H
#define BOUCLE_APPLY_H
#include <stddef.h>
#include "core/log/project.h"
#include "db/db.h"

/* The workshop code before the first '-' of an id ("" when none): who
 * created a device or a lot. */
void apply_id_prefix(const char *id, char out[WORKSHOP_CODE_MAX + 1]);
/* A string member of the payload, NULL when absent or not a string. */
const char *apply_str(const Event *ev, const char *key);
/* The same, "" when absent. */
const char *apply_str0(const Event *ev, const char *key);
/* Appends printf-style text to out (size bytes, o used), never overflowing. */
void apply_cat(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Appends one item of a list: ", " first unless out is empty. */
void apply_item(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

int apply_workshop_init(Ctx *c, const Event *ev, Err *e);
int apply_operator_add(Ctx *c, const Event *ev, Err *e);
int apply_org_create(Ctx *c, const Event *ev, Err *e);
int apply_lot_create(Ctx *c, const Event *ev, Err *e);
int apply_party_create(Ctx *c, const Event *ev, Err *e);
int apply_party_update(Ctx *c, const Event *ev, Err *e);   /* apply_party.c */
int apply_party_forget(Ctx *c, const Event *ev, Err *e);
/* Runs sql (?1 code, ?2 the event's workshop, ?3 kind, ?4 name, "" for a
 * person, ?5 the event's clock): the upsert of a party's row. */
int apply_party_row(Ctx *c, const Event *ev, const char *sql, const char *code, const char *kind, Err *e);
void describe_party(const Event *ev, char *out, size_t size);   /* code and, but for a person, name */
int apply_party_purchases(Ctx *c, const Event *ev, Err *e);
void describe_party_purchases(const Event *ev, char *out, size_t size);
int apply_lot_announce(Ctx *c, const Event *ev, Err *e);
int apply_lot_commit(Ctx *c, const Event *ev, Err *e);
int apply_device_receive(Ctx *c, const Event *ev, Err *e);
void fold_device_receive(DeviceState *d, const Event *ev);
void fold_device_update(DeviceState *d, const Event *ev);
void fold_device_state(DeviceState *d, const Event *ev);
void describe_workshop_init(const Event *ev, char *out, size_t size);
void describe_workshop_key(const Event *ev, char *out, size_t size);
void describe_named(const Event *ev, char *out, size_t size);
void describe_lot_create(const Event *ev, char *out, size_t size);
void describe_lot_announce(const Event *ev, char *out, size_t size);
void describe_lot_commit(const Event *ev, char *out, size_t size);
void describe_device(const Event *ev, char *out, size_t size);   /* receive and update */
void describe_device_state(const Event *ev, char *out, size_t size);
void describe_device_specs(const Event *ev, char *out, size_t size);
void describe_device_discrepancy(const Event *ev, char *out, size_t size);
void describe_device_offer(const Event *ev, char *out, size_t size);
void describe_device_accept(const Event *ev, char *out, size_t size);
void describe_device_cancel(const Event *ev, char *out, size_t size);

int emit_device_grade(Ctx *c, const Event *ev, Err *e);
void fold_device_grade(DeviceState *d, const Event *ev);
void describe_device_grade(const Event *ev, char *out, size_t size);

int emit_media_add(Ctx *c, const Event *ev, Err *e);
int apply_wipe_record(Ctx *c, const Event *ev, Err *e);
int emit_wipe_link(Ctx *c, const Event *ev, Err *e);
void describe_media_add(const Event *ev, char *out, size_t size);
void describe_wipe_record(const Event *ev, char *out, size_t size);
void describe_wipe_assign(const Event *ev, char *out, size_t size);
void describe_media_none(const Event *ev, char *out, size_t size);

/* apply_alloc.c: reservations, allocations, parts, recycling */
void fold_alloc_reserve(DeviceState *d, const Event *ev);
void fold_alloc_allocate(DeviceState *d, const Event *ev);
void fold_alloc_status(DeviceState *d, const Event *ev);
void fold_alloc_return(DeviceState *d, const Event *ev);
void fold_device_parts(DeviceState *d, const Event *ev);
void fold_device_recycle(DeviceState *d, const Event *ev);
int emit_alloc_reserve(Ctx *c, const Event *ev, Err *e);
int emit_alloc_allocate(Ctx *c, const Event *ev, Err *e);
int emit_alloc_status(Ctx *c, const Event *ev, Err *e);
int emit_alloc_return(Ctx *c, const Event *ev, Err *e);
int emit_device_parts(Ctx *c, const Event *ev, Err *e);
int emit_device_recycle(Ctx *c, const Event *ev, Err *e);
void describe_alloc_reserve(const Event *ev, char *out, size_t size);
void describe_alloc_allocate(const Event *ev, char *out, size_t size);
void describe_alloc_status(const Event *ev, char *out, size_t size);
void describe_alloc_return(const Event *ev, char *out, size_t size);
void describe_device_parts(const Event *ev, char *out, size_t size);
void describe_device_recycle(const Event *ev, char *out, size_t size);

/* apply_goals.c: team goals (issue 14) */
int apply_workshop_goals(Ctx *c, const Event *ev, Err *e);
void describe_workshop_goals(const Event *ev, char *out, size_t size);
/* Called by the fold after each allowed event: the goal mark of a device
 * that ev brought from `before` to « ready » or « reused » (the first
 * time only). */
int goals_fold_mark(Ctx *c, const DeviceState *d, StateId before, const Event *ev, Err *e);

#endif
