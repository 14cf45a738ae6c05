/*
 * demo.h — realistic demo data so a newcomer sees a living app: several
 * donors and lots, devices in every state, operators. Deterministic for a
 * given seed. Goes through the same core calls as a person would.
 */
#ifndef BOUCLE_DEMO_H
#define BOUCLE_DEMO_H
#include "core/log/ctx.h"

int demo_fill(Ctx *c, int devices, unsigned seed, Err *e);

#endif
