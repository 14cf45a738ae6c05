/* reconcile.c — announced, received, missing, not announced (see announce.h). Stub: being written. */
#include "core/inventory/announce.h"
#include "util/i18n.h"

int lot_reconcile(Ctx *c, const char *lot, Reconcile *out, ReconcileCb cb, void *arg, Err *e)
{
    (void)c; (void)out; (void)cb; (void)arg;
    return err_set(e, ERR_INTERNAL, "%s: reconciliation is not written yet", lot);
}
