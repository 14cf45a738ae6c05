/* csv.c — GLPI, DeviceHub and boucle CSV files (see inventory.h). Stub: being written. */
#include "core/inventory/inventory.h"
#include "util/i18n.h"

int inv_parse_csv(FILE *f, const char *name, const InvSink *sink, InvFormat *fmt, Err *e)
{
    (void)f; (void)sink; (void)fmt;
    return err_set(e, ERR_INTERNAL, "%s: CSV inventories are not read yet", name);
}
