/*
 * state_change.h — changing a device's state as people do it, from the
 * command line (`boucle device state`) or the device screen: the rules of
 * core/stock/state_rules.h applied to the device's facts now (its state,
 * its latest grading, its disks and their wipes, a declaration without
 * storage). Both callers go through these two functions, so that they
 * accept and refuse the same changes with the same words.
 *
 * device_set_state() (core/stock/device.h) stays the bare append, for the
 * demo and benchmarks that write a history as generated.
 */
#ifndef BOUCLE_STATE_CHANGE_H
#define BOUCLE_STATE_CHANGE_H
#include "core/stock/device.h"
#include "core/stock/state_rules.h"

/* Every state the device could go to, each allowed now or refused with its
 * reason (state_options). Returns the count, or -1 with e. */
int device_state_options(Ctx *c, const Device *d, StateOption out[ST__COUNT], Err *e);
/* Changes the state of the device found by key (asset id, serial, tag) to
 * `state` (a key or a label), with an optional note, when the rules allow
 * it now; else ERR_INPUT with the reason and its remedy, and nothing is
 * written. */
int device_change_state(Ctx *c, const char *key, const char *state, const char *note, Err *e);

#endif
