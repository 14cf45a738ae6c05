/*
 * commands.c — the table of subcommands. One row per subcommand; its code
 * is in cli/cmd_<name>.c. `boucle help` prints this table.
 */
#include "cli/cli.h"
#include "cli/commands.h"
#include "util/i18n.h"
#include <stddef.h>

const CliCommand cli_commands[] = {
    { "init",     N_("create this workshop's identity (--workshop CODE --name NAME)"), cmd_init, 0 },
    { "operator", N_("add or list the people who work here"),                           cmd_operator, 0 },
    { "lot",      N_("lots: one delivery from a donor (add, list, show, import, reconcile)"),             cmd_lot, 0 },
    { "device",   N_("devices: add, list, show, state"),                              cmd_device, 0 },
    { "party",    N_("donors and takers: associations, businesses, public bodies, people (add, list, show, edit, forget)"), cmd_party, 0 },
    { "transfer", N_("give a device to another workshop of the region (offer, accept, cancel, list)"), cmd_transfer, 0 },
    { "reserve",  N_("reserve ready devices for a party, until a date"),              cmd_reserve, 0 },
    { "allocate", N_("give ready devices to a party: donation, sale or loan"),       cmd_allocate, 0 },
    { "allocation", N_("move an allocation on: confirmed, delivered, cancelled"),    cmd_allocation, 0 },
    { "return",   N_("a lent device comes back"),                                    cmd_return, 0 },
    { "parts",    N_("a device harvested for parts"),                                cmd_parts, 0 },
    { "recycle",  N_("a device sent to recycling (channel, weight)"),                cmd_recycle, 0 },
    { "allocations", N_("the reservations and allocations, of one party or all"),    cmd_allocations, 0 },
    { "refused",  N_("the events from the hub that had no right to change a record"), cmd_refused, 0 },
    { "demo",     N_("fill the database with realistic demo data"),                    cmd_demo, 0 },
    { "rebuild",  N_("recompute every table from the event log"),                      cmd_rebuild, 0 },
    { "hub",      N_("set up the regional hub (init URL, add-workshop URL CODE)"),      cmd_hub, 1 },
    { "config",   N_("read or change a setting (get KEY, set KEY VALUE)"),             cmd_config, 0 },
    { "sync",     N_("send this workshop's events to the hub and fetch the others'"),  cmd_sync, 0 },
    { "grade",    N_("grade a device: checklist, cosmetic grade, outcome"),           cmd_grade, 0 },
    { "media",    N_("storage media of a device (add, list)"),                          cmd_media, 0 },
    { "wipe",     N_("wipe records: add by hand, import nwipe logs, assign"),           cmd_wipe, 0 },
    { "verify",   N_("check that no record was changed, removed or added behind boucle's back"), cmd_verify, 0 },
    { "key",      N_("the workshop's signing key (show, new when lost)"),               cmd_key, 0 },
    { "cert",     N_("certificate of sanitization of a device or a lot (PDF, JSON)"),  cmd_cert, 0 },
    { "report",   N_("documents for donors: the proof of reuse (proof), whether one is intact (verify), a public body's quotas (quota)"), cmd_report, 0 },
    { "probe",    N_("the disks of this machine; --add records them in a device"),  cmd_probe, 0 },
    { "label",    N_("write or print device labels (QR), manage the print queue"),     cmd_label, 0 },
    { "scan",     N_("read the codes in images and find their devices"),               cmd_scan, 0 },
    { "export",   N_("open data: the supply counted by week, workshop, category, grade and state (opendata)"), cmd_export, 0 },
    { "guide",    N_("the guides: how to grade, wipe categories, the law, labels, sync (list, show)"), cmd_guide, 0 },
    { "stats",    N_("the dashboard's figures: stock, flows, donors, wipes, carbon avoided (--region: every workshop)"), cmd_stats, 0 },
    { "goals",    N_("the workshop's weekly team goals, opt-in (show, --on, --off, targets)"), cmd_goals, 0 },
    { "carbon",   N_("the CO2e reuse avoided: of a lot, a donor, a workshop, the region"), cmd_carbon, 0 },
    { NULL, NULL, NULL, 0 },
};
