/* agent_xml.c — FusionInventory / OCS agent XML (see inventory.h). Stub: being written. */
#include "core/inventory/inventory.h"
#include "util/i18n.h"

int inv_parse_xml(FILE *f, const char *name, const InvSink *sink, Err *e)
{
    (void)f; (void)sink;
    return err_set(e, ERR_INTERNAL, "%s: agent XML is not read yet", name);
}
