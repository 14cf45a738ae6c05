/* cmd_init.c — boucle init --workshop CODE --name NAME; boucle operator. */
#include "cli/commands.h"
#include "core/log/chain.h"
#include "cli/getopt.h"
#include "core/settings/config.h"
#include "core/stock/operator.h"
#include "core/stock/workshop.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const CliForm INIT_FORMS[] = {
    { NULL, N_("boucle init --workshop CODE --name NAME") },
    { NULL, NULL },
};

int cmd_init(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "workshop", required_argument, NULL, 'w' },
        { "name", required_argument, NULL, 'n' },
        { NULL, 0, NULL, 0 },
    };
    const char *code = NULL, *name = NULL;
    int o;
    while ((o = cli_getopt(argc, argv, "w:n:", opts)) != -1) {
        switch (o) {
        case 'w': code = optarg; break;
        case 'n': name = optarg; break;
        case CLI_HELP: return cli_help(INIT_FORMS, NULL);
        default: return cli_usage_of(INIT_FORMS, NULL, NULL);
        }
    }
    if (optind < argc) return cli_usage_of(INIT_FORMS, NULL, _("unexpected argument: %s"), argv[optind]);
    if (!code || !name) return cli_usage_of(INIT_FORMS, NULL, _("init needs --workshop CODE and --name NAME"));
    Ctx c;
    if (cli_open(cli, &c, 0, 0) < 0) return EXIT_ERR;
    Err e = { 0 };
    /* the workshop comes before anyone who works in it: no operator yet */
    int r = workshop_init(&c, code, name, &e);
    char pk[CHAIN_HEX] = "", key[4096] = "";
    if (r == 0 && db_meta_get(c.db, "chain.public", pk, sizeof pk) == 1) chain_key_path(pk, key, sizeof key);
    ctx_close(&c);
    if (r < 0) return cli_fail(&e);
    printf(_("Workshop %s (%s) is ready: %s\n"), code, name, cli->db_path);
    /* the one file a copy of the database does not carry (doc/security.md) */
    if (key[0]) printf(_("Its signing key: %s (keep a copy of it apart from the database)\n"), key);
    return EXIT_OK;
}

static const CliForm OPERATOR_FORMS[] = {
    { "add", N_("boucle operator add NAME") },
    { "list", N_("boucle operator list") },
    { NULL, NULL },
};

static int print_operator(void *arg, const char *name)
{
    (void)arg;
    printf("%s\n", name);
    return 0;
}

/* operator add NAME. The first operator added on a computer where none is
 * configured becomes its operator (said on stdout): a first-time user's
 * next command then records who did it without more typing. */
static int operator_add_cmd(Cli *cli, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (cli_is_help(argv[i])) return cli_help(OPERATOR_FORMS, "add");
    if (argc < 2) return cli_usage_of(OPERATOR_FORMS, "add", "%s", _("operator add needs a NAME"));
    if (argc > 2) return cli_usage_of(OPERATOR_FORMS, "add", _("unexpected argument: %s"), argv[2]);
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    /* who adds: the acting operator when one is known; adding oneself
     * (--operator NAME operator add NAME) is how the first one starts */
    const char *given = cli->operator && *cli->operator ? cli->operator : getenv("BOUCLE_OPERATOR");
    int self = given && strcmp(given, argv[1]) == 0;
    int r = self ? 0 : cli_operator(cli, &c, NULL, 0);
    if (r == 0) r = operator_add(&c, argv[1], &e) < 0 ? -1 : 0;
    else r = -2;
    ctx_close(&c);
    if (r == -2) return EXIT_ERR;
    if (r < 0) return cli_fail(&e);
    char conf[OPERATOR_MAX * 4 + 1];
    if (config_get(NULL, "operator", conf, sizeof conf, NULL) == 0 && config_set(NULL, "operator", argv[1], NULL) == 0)
        printf(_("%s is now this computer's operator (boucle config set operator NAME changes it).\n"), argv[1]);
    return EXIT_OK;
}

int cmd_operator(Cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage_of(OPERATOR_FORMS, NULL, NULL);
    if (cli_is_help(argv[1])) return cli_help(OPERATOR_FORMS, NULL);
    if (strcmp(argv[1], "add") == 0) return operator_add_cmd(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "list") != 0) return cli_usage_of(OPERATOR_FORMS, NULL, _("unknown subcommand \"%s\""), argv[1]);
    if (argc > 2 && cli_is_help(argv[2])) return cli_help(OPERATOR_FORMS, "list");
    if (argc > 2) return cli_usage_of(OPERATOR_FORMS, "list", _("unexpected argument: %s"), argv[2]);
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int r = operator_list(&c, print_operator, NULL, &e);
    ctx_close(&c);
    return r < 0 ? cli_fail(&e) : EXIT_OK;
}
