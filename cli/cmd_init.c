/* cmd_init.c — boucle init --workshop CODE --name NAME; boucle operator. */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/stock/operator.h"
#include "core/stock/workshop.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

int cmd_init(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "workshop", required_argument, NULL, 'w' },
        { "name", required_argument, NULL, 'n' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *code = NULL, *name = NULL;
    int o;
    while ((o = cli_getopt(argc, argv, "w:n:h", opts)) != -1) {
        switch (o) {
        case 'w': code = optarg; break;
        case 'n': name = optarg; break;
        case 'h': printf("%s\n", _("Usage: boucle init --workshop CODE --name NAME")); return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc) return cli_usage(_("unexpected argument: %s"), argv[optind]);
    if (!code || !name) return cli_usage(_("init needs --workshop CODE and --name NAME"));
    Ctx c;
    if (cli_open(cli, &c, 0, 0) < 0) return EXIT_ERR;
    Err e = { 0 };
    int r = workshop_init(&c, code, name, &e);
    ctx_close(&c);
    if (r < 0) return cli_fail(&e);
    printf(_("Workshop %s (%s) is ready: %s\n"), code, name, cli->db_path);
    return EXIT_OK;
}

static int print_operator(void *arg, const char *name)
{
    (void)arg;
    printf("%s\n", name);
    return 0;
}

int cmd_operator(Cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        printf("%s\n", _("Usage: boucle operator add NAME | boucle operator list"));
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    Ctx c;
    Err e = { 0 };
    int r;
    if (strcmp(argv[1], "add") == 0) {
        if (argc != 3) return cli_usage(_("Usage: boucle operator add NAME"));
        if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
        r = operator_add(&c, argv[2], &e);
    } else if (strcmp(argv[1], "list") == 0) {
        if (argc != 2) return cli_usage(_("unexpected argument: %s"), argv[2]);
        if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
        r = operator_list(&c, print_operator, NULL, &e);
    } else {
        return cli_usage(_("unknown subcommand \"%s\""), argv[1]);
    }
    ctx_close(&c);
    return r < 0 ? cli_fail(&e) : EXIT_OK;
}
