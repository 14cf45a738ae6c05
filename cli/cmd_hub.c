/*
 * cmd_hub.c — boucle hub init URL [--db NAME]; boucle hub add-workshop URL CODE.
 *
 * Hub admin credentials come from $BOUCLE_HUB_ADMIN ("user:password") or,
 * when it is unset and a terminal is there, a prompt (the password is not
 * echoed); never from the command line, where `ps` would show them. With
 * neither, requests go without credentials (a server still in "admin
 * party" needs none).
 */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/sync/hub.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The admin connection to url. NULL after printing the error. */
static Couch *admin_couch(const char *url)
{
    char user[128] = "", pass[256] = "";
    const char *env = getenv("BOUCLE_HUB_ADMIN");
    if (env && *env) {
        const char *colon = strchr(env, ':');
        if (!colon) {
            fprintf(stderr, "boucle: %s\n", _("BOUCLE_HUB_ADMIN must be user:password"));
            return NULL;
        }
        snprintf(user, sizeof user, "%.*s", (int)(colon - env), env);
        snprintf(pass, sizeof pass, "%s", colon + 1);
    } else if (isatty(STDIN_FILENO)) {
        if (cli_prompt(_("Hub admin user (empty: none): "), user, sizeof user, 0) < 0) user[0] = '\0';
        if (user[0] && cli_prompt(_("Hub admin password: "), pass, sizeof pass, 1) < 0) pass[0] = '\0';
    }
    Err e = {0};
    Couch *c = couch_new(url, user[0] ? user : NULL, pass, &e);
    explicit_bzero(pass, sizeof pass);
    if (!c) cli_fail(&e);
    return c;
}

static const CliForm FORMS[] = {
    { "init", N_("boucle hub init URL [--db NAME]") },
    { "add-workshop", N_("boucle hub add-workshop URL CODE") },
    { NULL, NULL },
};

static int hub_init_cmd(const Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "name", required_argument, NULL, 'd' },
        { NULL, 0, NULL, 0 },
    };
    (void)cli;
    const char *db = HUB_DB_DEFAULT;   /* --db here is the hub's (cli/main.c) */
    int o;
    while ((o = cli_getopt(argc, argv, "d:", opts)) != -1) {
        if (o == 'd') db = optarg;
        else if (o == CLI_HELP) return cli_help(FORMS, "init");
        else return cli_usage_of(FORMS, "init", NULL);
    }
    if (argc - optind > 1) return cli_usage_of(FORMS, "init", _("unexpected argument: %s"), argv[optind + 1]);
    if (argc - optind != 1) return cli_usage_of(FORMS, "init", "%s", _("hub init needs the hub's URL"));
    Couch *c = admin_couch(argv[optind]);
    if (!c) return EXIT_ERR;
    Err e = {0};
    HubInfo info;
    int r = hub_init(c, db, &info, &e);
    if (r == 0)
        printf(_("Hub %s/%s is ready (%s).\n"), couch_url_public(c), db, info.vendor);
    couch_free(c);
    return r < 0 ? cli_fail(&e) : EXIT_OK;
}

static int hub_add_workshop_cmd(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        if (cli_is_help(argv[i])) return cli_help(FORMS, "add-workshop");
    if (argc > 4) return cli_usage_of(FORMS, "add-workshop", _("unexpected argument: %s"), argv[4]);
    if (argc != 4) return cli_usage_of(FORMS, "add-workshop", "%s", _("hub add-workshop needs the hub's URL and a workshop CODE"));
    Couch *c = admin_couch(argv[2]);
    if (!c) return EXIT_ERR;
    char pw[64];
    const char *given = getenv("BOUCLE_HUB_PASSWORD");
    Err e = {0};
    int generated = !(given && *given);
    int r = 0;
    if (generated) r = hub_gen_password(pw, sizeof pw, 20, &e);
    else snprintf(pw, sizeof pw, "%s", given);
    int created = 0;
    if (r == 0) r = hub_add_workshop(c, argv[3], pw, &created, &e);
    if (r == 0) {
        printf(created ? _("Hub user %s created.\n") : _("Hub user %s existed: its password was reset.\n"), argv[3]);
        if (generated)
            /* Shown once, for the workshop's configuration; never stored here. */
            printf(_("Password (shown only now): %s\n"), pw);
    }
    explicit_bzero(pw, sizeof pw);
    couch_free(c);
    return r < 0 ? cli_fail(&e) : EXIT_OK;
}

int cmd_hub(Cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage_of(FORMS, NULL, NULL);
    if (cli_is_help(argv[1])) return cli_help(FORMS, NULL);
    if (strcmp(argv[1], "init") == 0) return hub_init_cmd(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "add-workshop") == 0) return hub_add_workshop_cmd(argc, argv);
    return cli_usage_of(FORMS, NULL, _("unknown subcommand \"%s\""), argv[1]);
}
