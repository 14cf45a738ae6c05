/*
 * commands.c — the table of subcommands. One row per subcommand; its code
 * is in cli/cmd_<name>.c. `boucle help` prints this table.
 */
#include "cli/cli.h"
#include "cli/commands.h"
#include "util/i18n.h"
#include <stddef.h>

const CliCommand cli_commands[] = {
    { "init",     N_("create this workshop's identity (--workshop CODE --name NAME)"), cmd_init },
    { "operator", N_("add or list the people who work here"),                           cmd_operator },
    { "lot",      N_("lots: one delivery from a donor (add, list, show)"),             cmd_lot },
    { "device",   N_("devices: add, list, show, state"),                              cmd_device },
    { "demo",     N_("fill the database with realistic demo data"),                    cmd_demo },
    { "rebuild",  N_("recompute every table from the event log"),                      cmd_rebuild },
    { "hub",      N_("set up the regional hub (init URL, add-workshop URL CODE)"),      cmd_hub },
    { "config",   N_("read or change a setting (get KEY, set KEY VALUE)"),             cmd_config },
    { "sync",     N_("send this workshop's events to the hub and fetch the others'"),  cmd_sync },
    { NULL, NULL, NULL },
};
