/* cmd_lot_reconcile.c — boucle lot reconcile LOT. Stub: being written. */
#include "cli/commands.h"
#include "util/i18n.h"

int cmd_lot_reconcile(Cli *cli, const CliForm *forms, int argc, char **argv)
{
    (void)cli; (void)argc; (void)argv;
    return cli_usage_of(forms, "reconcile", "%s", "not written yet");
}
