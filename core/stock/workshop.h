/*
 * workshop.h — the identity of this database's workshop.
 * `boucle init --workshop CODE --name NAME` writes it once (event
 * workshop.init); CODE is 2–8 upper-case letters or digits and prefixes
 * every asset id and lot id made here.
 */
#ifndef BOUCLE_WORKSHOP_H
#define BOUCLE_WORKSHOP_H
#include "core/log/ctx.h"

int workshop_init(Ctx *c, const char *code, const char *name, Err *e);

#endif
