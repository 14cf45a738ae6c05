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

/* The workshops known here (their workshop.init came with a pull), by
 * code, this one included; cb returns non-zero to stop. */
typedef int (*WorkshopCb)(void *arg, const char *code, const char *name);
int workshop_list(Ctx *c, WorkshopCb cb, void *arg, Err *e);

#endif
