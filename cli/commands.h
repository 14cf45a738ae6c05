/*
 * commands.h — the entry points of the subcommands (one per cli/cmd_*.c),
 * listed in cli/commands.c.
 */
#ifndef BOUCLE_COMMANDS_H
#define BOUCLE_COMMANDS_H
#include "cli/cli.h"

int cmd_init(Cli *cli, int argc, char **argv);
int cmd_operator(Cli *cli, int argc, char **argv);
int cmd_lot(Cli *cli, int argc, char **argv);
/* boucle lot import / reconcile (argv[0] is the subcommand; forms: lot's) */
int cmd_lot_import(Cli *cli, const CliForm *forms, int argc, char **argv);
int cmd_lot_reconcile(Cli *cli, const CliForm *forms, int argc, char **argv);
int cmd_party(Cli *cli, int argc, char **argv);
int cmd_transfer(Cli *cli, int argc, char **argv);
/* cmd_alloc.c: what becomes of a ready device */
int cmd_reserve(Cli *cli, int argc, char **argv);
int cmd_allocate(Cli *cli, int argc, char **argv);
int cmd_allocation(Cli *cli, int argc, char **argv);
int cmd_return(Cli *cli, int argc, char **argv);
int cmd_parts(Cli *cli, int argc, char **argv);
int cmd_recycle(Cli *cli, int argc, char **argv);
int cmd_allocations(Cli *cli, int argc, char **argv);
int cmd_refused(Cli *cli, int argc, char **argv);
int cmd_device(Cli *cli, int argc, char **argv);
int cmd_device_specs(Cli *cli, int argc, char **argv);   /* cmd_specs.c */
extern const CliForm device_forms[];                      /* cmd_device.c */
int cmd_demo(Cli *cli, int argc, char **argv);
int cmd_rebuild(Cli *cli, int argc, char **argv);
int cmd_hub(Cli *cli, int argc, char **argv);
int cmd_config(Cli *cli, int argc, char **argv);
int cmd_sync(Cli *cli, int argc, char **argv);

int cmd_grade(Cli *cli, int argc, char **argv);
int cmd_media(Cli *cli, int argc, char **argv);
int cmd_wipe(Cli *cli, int argc, char **argv);
int cmd_verify(Cli *cli, int argc, char **argv);
int cmd_key(Cli *cli, int argc, char **argv);
int cmd_cert(Cli *cli, int argc, char **argv);
int cmd_report(Cli *cli, int argc, char **argv);
int cmd_export(Cli *cli, int argc, char **argv);
int cmd_stats(Cli *cli, int argc, char **argv);
int cmd_carbon(Cli *cli, int argc, char **argv);
int cmd_probe(Cli *cli, int argc, char **argv);
int cmd_label(Cli *cli, int argc, char **argv);
int cmd_scan(Cli *cli, int argc, char **argv);
int cmd_guide(Cli *cli, int argc, char **argv);
int cmd_goals(Cli *cli, int argc, char **argv);
#endif
