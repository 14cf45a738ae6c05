/* cmd_lot_import.c — boucle lot import LOT FILE|FOLDER.... Stub: being written. */
#include "cli/commands.h"
#include "util/i18n.h"

int cmd_lot_import(Cli *cli, const CliForm *forms, int argc, char **argv)
{
    (void)cli; (void)argc; (void)argv;
    return cli_usage_of(forms, "import", "%s", "not written yet");
}
