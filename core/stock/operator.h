/*
 * operator.h — the people who act (every event records one).
 */
#ifndef BOUCLE_OPERATOR_H
#define BOUCLE_OPERATOR_H
#include "core/log/ctx.h"

int operator_add(Ctx *c, const char *name, Err *e);    /* event operator.add; ok if exists */
int operator_exists(Ctx *c, const char *name);          /* 1/0 */
/* The operator's name as it was added (names match as the operators
 * table compares them: "amina" finds "Amina"). 1 found, 0 not. */
int operator_find(Ctx *c, const char *name, char out[OPERATOR_MAX + 1]);
typedef int (*OperatorCb)(void *arg, const char *name);
int operator_list(Ctx *c, OperatorCb cb, void *arg, Err *e);

/* Makes name the person recorded on the events that follow (NULL or "":
 * nobody chosen yet). Fails when no such operator was added. */
int operator_choose(Ctx *c, const char *name, Err *e);

#endif
