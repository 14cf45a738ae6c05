/* cmd_demo.c — boucle demo [--devices N] [--seed S]; boucle rebuild. */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/demo/demo.h"
#include "core/log/event.h"
#include "core/stock/workshop.h"
#include "util/i18n.h"
#include <stdio.h>

static const CliForm DEMO_FORMS[] = {
    { NULL, N_("boucle demo [--devices N] [--seed S]") },
    { NULL, NULL },
};
static const CliForm REBUILD_FORMS[] = {
    { NULL, N_("boucle rebuild") },
    { NULL, NULL },
};

int cmd_demo(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "devices", required_argument, NULL, 'n' }, { "seed", required_argument, NULL, 's' },
        { NULL, 0, NULL, 0 },
    };
    long n = 500, seed = 2026;
    int o;
    while ((o = cli_getopt(argc, argv, "n:s:", opts)) != -1) {
        switch (o) {
        case 'n': if ((n = cli_number("--devices", optarg, 10000000)) < 0) return cli_usage_of(DEMO_FORMS, NULL, NULL); break;
        case 's': if ((seed = cli_number("--seed", optarg, 2147483647)) < 0) return cli_usage_of(DEMO_FORMS, NULL, NULL); break;
        case CLI_HELP: return cli_help(DEMO_FORMS, NULL);
        default: return cli_usage_of(DEMO_FORMS, NULL, NULL);
        }
    }
    if (optind < argc) return cli_usage_of(DEMO_FORMS, NULL, _("unexpected argument: %s"), argv[optind]);
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 0, 0) < 0) return EXIT_ERR;
    int r = 0;
    /* A demo on a fresh database gets a demo workshop. */
    if (!ctx_has_workshop(&c)) r = workshop_init(&c, "DEMO", _("Demo workshop"), &e);
    if (r == 0) r = demo_fill(&c, (int)n, (unsigned)seed, &e);
    ctx_close(&c);
    if (r < 0) return cli_fail(&e);
    printf(ngettext("%ld demo device added to %s\n", "%ld demo devices added to %s\n", (unsigned long)n), n, cli->db_path);
    return EXIT_OK;
}

int cmd_rebuild(Cli *cli, int argc, char **argv)
{
    if (argc > 1 && cli_is_help(argv[1])) return cli_help(REBUILD_FORMS, NULL);
    if (argc > 1) return cli_usage_of(REBUILD_FORMS, NULL, _("unexpected argument: %s"), argv[1]);
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 0, 0) < 0) return EXIT_ERR;
    int r = event_rebuild(&c, &e);
    ctx_close(&c);
    if (r < 0) return cli_fail(&e);
    printf("%s\n", _("All tables were recomputed from the event log."));
    return EXIT_OK;
}
