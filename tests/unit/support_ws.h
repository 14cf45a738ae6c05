/* support_ws.h — workshops for the tests that sync them (test_sync_hostile,
 * test_anchor): a database per workshop, devices received, a count. */
#ifndef BOUCLE_SUPPORT_WS_H
#define BOUCLE_SUPPORT_WS_H
#include <stdint.h>
#include "core/log/ctx.h"
#include "core/sync/sync.h"

/* The hub settings of workshop user (password "pw-<user>-0"). */
void test_ws_config(SyncConfig *cfg, const char *url, const char *db, const char *user);
/* A new database dir/ws<N>-<code>.db with workshop code. 0 or -1 (said). */
int test_ws_open(Ctx *c, const char *dir, const char *code);
/* A lot of n laptops received, serials unique across the run. 0 or -1. */
int test_ws_receive(Ctx *c, int n);
/* The integer sql gives, -1 when none. */
int64_t test_ws_int(Ctx *c, const char *sql);

#endif
